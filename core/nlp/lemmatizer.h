// The lemmatizer: a dictionary of (form, XPOS) → lemma from the training treebank, WordNet's
// exception lists for irregular inflections (went → go, mice → mouse), and for everything else
// suffix edit scripts ("strip 3, append y": studies → study) chosen by the longest form suffix
// seen with the same XPOS in training. How names are cased is learned per tag from training
// word types: lower-case forms whose lemma is capitalised, all-capitals forms (by length) whose
// lemma is title-cased.
// Thread-safety: a loaded Lemmatizer is immutable; Lemmatize() may run on many threads at once.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/nlp/conllu.h"
#include "kg/status.h"

namespace kg::core::nlp {

class Lemmatizer {
 public:
  static constexpr uint32_t kVersion = 2;

  // The lemma of `form` with the given tags.
  std::string Lemmatize(std::string_view form, std::string_view upos, std::string_view xpos) const;

  // Learns from `train`; `wordnet_dir` holds noun.exc, verb.exc, adj.exc, adv.exc ("" = none).
  // Errors: InvalidArgument when train has no lemmas; NotFound/IOError for the WordNet files.
  static Result<Lemmatizer> Train(const std::vector<ConlluSentence>& train,
                                  const std::string& wordnet_dir, std::ostream* progress);

  std::string Serialize() const;
  // Errors: Corruption.
  static Result<Lemmatizer> Deserialize(std::string_view payload);
  size_t MemoryBytes() const;
  size_t num_exceptions() const { return exceptions_.size(); }

 private:
  static constexpr size_t kMaxSuffix = 7;
  // How to turn a lower-cased form into its lemma.
  struct Script {
    uint8_t strip = 0;
    std::string append;
  };
  static std::string Encode(const Script& s);
  std::string ApplyScript(std::string_view form, const std::string& script, bool keep_case) const;

  // Looked up by std::string_view, so that a lookup builds no string.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using Map = std::unordered_map<std::string, V, KeyHash, std::equal_to<>>;

  // The lemma of `form` (`lower` is its lower-cased copy) past the dictionaries.
  std::string FromRules(std::string_view form, std::string_view lower, std::string_view xpos,
                        bool keep_case) const;

  Map<std::string> lemmas_;      // form \t xpos → lemma
  Map<std::string> exceptions_;  // wordnet class \t form → base
  Map<std::string> suffixes_;    // xpos \t suffix → script
  Map<bool> keep_case_;          // xpos → lemma keeps the case
  // xpos → the lemma of an all-lower-case form is capitalised ("americans" as NNPS → "American")
  Map<bool> capitalise_;
  // xpos \t length (2..7, 7 = longer): the lemma of an all-capitals form is title-cased
  // ("TEHRAN" → "Tehran", while "FBI" stays)
  Map<bool> title_case_;
};

}  // namespace kg::core::nlp
