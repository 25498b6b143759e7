// English analysis: part-of-speech tags, lemmas and labelled dependency trees (Universal
// Dependencies), from trained models in a directory, plus the training and evaluation entry
// points behind the kg-train and kg-eval tools.
//
//   auto analyzer = kg::Analyzer::Load("models");
//   std::vector<kg::AnalyzedToken> sentence = ...;   // form, begin, end from a tokenizer
//   kg::Status s = (*analyzer)->Analyze(&sentence);   // fills upos .. deprel
//
// A model directory holds tagger.kgm, lemmatizer.kgm and parser.kgm (see models/MANIFEST.md).
// Every model file carries a magic, a format version, a checksum and its metadata; a damaged,
// truncated or incompatible file is refused with a Status naming it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/status.h"

namespace kg {

// One word of a sentence and its analysis.
struct AnalyzedToken {
  std::string form;    // the word as written (set by the caller)
  uint32_t begin = 0;  // character span [begin, end) in the caller's text (passed through)
  uint32_t end = 0;
  std::string upos;    // universal tag: NOUN, VERB, ...
  std::string xpos;    // Penn Treebank tag: NN, VBD, ...
  std::string lemma;
  uint32_t head = 0;   // 1-based index of the head word in the sentence; 0 for the root
  std::string deprel;  // UD relation: nsubj, obj, obl:tmod, ...
};

struct AnalyzerOptions {
  bool lemmatize = true;  // Default: true (loads lemmatizer.kgm)
  bool parse = true;      // Default: true (loads parser.kgm); off leaves head 0 and deprel ""
};

// A loaded tagger, lemmatizer and parser.
// Thread-safety: immutable after Load; Analyze may be called from many threads at once.
class Analyzer {
 public:
  // Loads the models in `model_dir`. Errors: NotFound (missing directory or file), Corruption
  // (damaged or truncated file), Incompatible (a model version this build cannot read).
  static Result<std::unique_ptr<Analyzer>> Load(const std::string& model_dir,
                                                const AnalyzerOptions& options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Analyses one pre-tokenised sentence in place: reads form (begin/end pass through), sets
  // upos, xpos, lemma, head and deprel. The result is a tree with exactly one root.
  // Errors: InvalidArgument when the sentence is empty or a form is empty (naming the word).
  Status Analyze(std::vector<AnalyzedToken>* sentence) const;

  // Segments raw text into sentences and words (kg/text.h's Segment, default options) and
  // analyses each sentence. Word spans (begin, end) are byte offsets into `text`; a multiword
  // token's words ("ca" + "n't") are substrings of it. Errors: InvalidArgument for invalid
  // UTF-8 (with its byte offset), or Segment's.
  Result<std::vector<std::vector<AnalyzedToken>>> AnalyzeText(std::string_view text) const;

  // The metadata of each loaded model, a JSON object keyed by component.
  std::string Describe() const;
  // Bytes held by the loaded models.
  size_t MemoryBytes() const;

 private:
  struct Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What kg-train passes to the trainers.
struct NlpTrainOptions {
  std::string train_path;  // CoNLL-U training data (required)
  std::string dev_path;    // CoNLL-U development data: picks the best epoch (required for the
                           // tagger and parser)
  std::string out_path;    // the model file to write (required)
  int epochs = 0;          // Default: 0, the component's own (tagger 12, parser 15)
  uint64_t seed = 1;       // Default: 1; the same seed and data give the same model
  double prune = 0.0;      // Default: 0; drop weights below this fraction of the largest one
  // Parser only: the tagger model whose predicted tags the parser trains and selects on (as it
  // will see at run time). Default: "", gold tags.
  std::string tagger_path;
  // Parser only, with tagger_path: when K > 1, the training data is tagged by K taggers, each
  // trained on the other folds (jackknifing), so its tags are as noisy as at test time.
  // Default: 0 (tag it with the tagger at tagger_path).
  int jackknife = 0;
  // Lemmatizer: WordNet's exception lists; tagger: WordNet's index files and exception lists,
  // whose word classes become features (the parser's jackknife taggers read the folder named
  // in the tagger's metadata). Default: Debian's wordnet-base; "" = none.
  std::string wordnet_dir = "/usr/share/wordnet";
  std::string command;     // the command line, recorded in the model's metadata
};

// Train one component and write its model file. Progress lines (one per epoch with the dev
// score) go to `progress` when not null. Errors: the reader's (NotFound, InvalidArgument with a
// line), InvalidArgument for missing options, IOError writing the model.
Status TrainTagger(const NlpTrainOptions& options, std::ostream* progress);
Status TrainLemmatizer(const NlpTrainOptions& options, std::ostream* progress);
Status TrainParser(const NlpTrainOptions& options, std::ostream* progress);

// Scores on gold tokenization with CoNLL 2018 semantics: percentages over all words
// (punctuation included); LAS compares relations without their subtypes (obl:tmod = obl).
struct UdScores {
  size_t sentences = 0;
  size_t words = 0;
  double upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
  double seconds = 0;  // time spent in Analyze
  // Where the errors are, most frequent first (ties in name order): wrong lemmas per gold
  // XPOS, split by whether the predicted XPOS was right ("NNP tag right", "NNP tag wrong"),
  // and UPOS confusions as "gold>predicted" ("PROPN>NOUN").
  std::vector<std::pair<std::string, size_t>> lemma_errors;
  std::vector<std::pair<std::string, size_t>> upos_confusions;
};

// Analyses every sentence of a CoNLL-U file from its gold words and scores the result. When
// `predicted` is not null it receives the analysis as CoNLL-U.
// Errors: the reader's (NotFound, InvalidArgument with a line).
Result<UdScores> EvaluateUd(const Analyzer& analyzer, const std::string& conllu_path,
                            std::string* predicted = nullptr);

}  // namespace kg
