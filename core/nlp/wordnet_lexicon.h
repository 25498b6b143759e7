// What WordNet says a word can be: a noun, a verb (base, -s, -ed or -ing form), an adjective
// (base or graded) or an adverb, found the way WordNet's own morphy finds lemmas (its index
// files, exception lists and detachment rules). The tagger uses these classes as features for
// words it never saw in training: 147,000 WordNet lemmas reach far beyond the 20,000 word types
// of the treebank.
//
// Only hashes are kept: a 32-bit hash of each word and 16 bits of what WordNet says of it
// (~0.9 MB for WordNet 3.0's 150,000 single words), so a word WordNet lacks takes another's
// classes with a probability of about 2^-15 per lookup: harmless for a feature.
// Thread-safety: immutable after Load/Deserialize; Classes() may run on many threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/nlp/model_file.h"
#include "kg/status.h"

namespace kg::core::nlp {

class WordnetLexicon {
 public:
  // Bits of Classes().
  static constexpr uint32_t kNoun = 1, kNounPlural = 2, kVerb = 4, kVerbS = 8, kVerbEd = 16,
                            kVerbIng = 32, kAdj = 64, kAdjGraded = 128, kAdv = 256,
                            kDominantShift = 9;  // 2 more bits: the lemma's commonest class

  bool empty() const { return table_.empty(); }
  size_t num_entries() const { return keys_.size(); }
  size_t MemoryBytes() const { return table_.size() * 8 + keys_.size() * 6; }

  // The classes of `form` (any case; compared lower-cased) as a bit set of the constants
  // above; 0 when WordNet does not know the word or the lexicon is empty.
  uint32_t Classes(std::string_view form) const;

  // Reads index.{noun,verb,adj,adv} and {noun,verb,adj}.exc from `dir` (Debian's
  // wordnet-base installs them in /usr/share/wordnet).
  // Errors: NotFound when a file cannot be read, Corruption when none holds an entry.
  static Result<WordnetLexicon> Load(const std::string& dir);

  void Serialize(ByteWriter* w) const;
  // Errors: Corruption.
  Status Deserialize(ByteReader* r);

 private:
  // What is recorded of `word` (the bits of the What enum in the .cc file), 0 when nothing.
  uint32_t Lookup(std::string_view word) const;
  void BuildTable();

  std::vector<uint32_t> keys_;    // sorted word hashes (odd: 0 marks an empty slot)
  std::vector<uint16_t> values_;  // what is recorded of keys_[i]
  std::vector<uint64_t> table_;   // open addressing: key << 32 | value, 0 = empty
  uint32_t mask_ = 0;
};

}  // namespace kg::core::nlp
