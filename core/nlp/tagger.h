// The part-of-speech tagger: a greedy left-to-right averaged perceptron over joint UPOS+XPOS
// tags, with word, shape, affix and context features (features.h), WordNet's word classes
// (wordnet_lexicon.h) and a dictionary of frequent words that always had one tag.
// Thread-safety: a loaded Tagger is immutable; Tag() may run on many threads at once.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/nlp/conllu.h"
#include "core/nlp/features.h"
#include "core/nlp/perceptron.h"
#include "core/nlp/wordnet_lexicon.h"
#include "kg/status.h"

namespace kg::core::nlp {

struct TaggerTrainOptions {
  int epochs = 12;        // Default: 12 passes over the training data
  uint64_t seed = 1;      // Default: 1 (the order of sentences in each pass)
  double prune = 0.0;     // Default: 0, keep every weight (relative magnitude cut, see Average)
  // WordNet's index files and exception lists (see WordnetLexicon), whose word classes become
  // features. Default: "", none.
  std::string wordnet_dir;
};

class Tagger {
 public:
  static constexpr uint32_t kVersion = 3;

  // Tags one sentence: (*tags)[i] is the joint tag id of forms[i].
  void Tag(const std::vector<std::string_view>& forms, std::vector<uint32_t>* tags) const;
  const std::string& Upos(uint32_t tag) const { return upos_[tag]; }
  const std::string& Xpos(uint32_t tag) const { return xpos_[tag]; }
  size_t num_tags() const { return upos_.size(); }
  size_t MemoryBytes() const {
    return table_.MemoryBytes() + (ambiguity_.size() + known_tags_.size()) * 32 +
           wordnet_.MemoryBytes();
  }
  size_t num_known_tags() const { return known_tags_.size(); }
  const WeightTable& table() const { return table_; }

  // Trains on `train`, selects the epoch with the best UPOS accuracy on `dev`. Progress lines
  // go to `progress` when it is not null. Errors: InvalidArgument when train has no words.
  static Result<Tagger> Train(const std::vector<ConlluSentence>& train,
                              const std::vector<ConlluSentence>& dev,
                              const TaggerTrainOptions& options, std::ostream* progress,
                              double* best_dev_upos);

  std::string Serialize() const;
  // Errors: Corruption.
  static Result<Tagger> Deserialize(std::string_view payload);

 private:
  // Per word (normalised form hash): the ambiguity classes described in tagger.cc.
  std::vector<uint64_t> Ambiguity(const std::vector<Lexeme>& lex) const;
  // Per word: WordnetLexicon::Classes, padded like the lexemes.
  std::vector<uint32_t> WordClasses(const std::vector<std::string_view>& forms) const;

  std::vector<std::string> upos_, xpos_;
  std::unordered_map<uint64_t, uint64_t> ambiguity_;  // word → hash of the tags it had
  // Frequent words (as written) that had one tag nearly always in training: they take it
  // without being scored (a third of running words in EWT dev).
  std::unordered_map<uint64_t, uint32_t> known_tags_;  // word hash → joint tag id
  WordnetLexicon wordnet_;
  WeightTable table_;
};

}  // namespace kg::core::nlp
