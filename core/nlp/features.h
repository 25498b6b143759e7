// Feature hashing shared by the tagger and the parser: a template id and its values mixed into
// one 64-bit key, and the per-word lexical values (normalised form, shape, affixes) computed
// once per word so templates only combine numbers.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::core::nlp {

// splitmix64's finaliser: every input bit affects every output bit.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// A feature key; never 0 (0 marks an empty slot in the weight tables).
inline uint64_t Feat(uint64_t tmpl, uint64_t a) { return Mix64(Mix64(tmpl + 0x51ED) ^ a) | 1; }
inline uint64_t Feat(uint64_t tmpl, uint64_t a, uint64_t b) {
  return Mix64(Mix64(Mix64(tmpl + 0x51ED) ^ a) ^ b) | 1;
}
inline uint64_t Feat(uint64_t tmpl, uint64_t a, uint64_t b, uint64_t c) {
  return Mix64(Mix64(Mix64(Mix64(tmpl + 0x51ED) ^ a) ^ b) ^ c) | 1;
}

// Lexical values of one word, as hashes.
struct Lexeme {
  uint64_t word = 0;   // the form as written
  uint64_t norm = 0;   // lower case, digits as '0'
  uint64_t shape = 0;  // "Xxxx", "dd.dd", ...: character classes, runs cut at four
  uint64_t prefix[3] = {0, 0, 0};  // first 1..3 bytes of norm
  uint64_t suffix[4] = {0, 0, 0, 0};  // last 1..4 bytes of norm
  uint32_t flags = 0;  // kCapitalised | kAllCaps | kHasDigit | kHasHyphen | kHasPeriod
};
inline constexpr uint32_t kCapitalised = 1, kAllCaps = 2, kHasDigit = 4, kHasHyphen = 8,
                          kHasPeriod = 16;

// The normalised form: ASCII letters lower-cased, ASCII digits replaced by '0'.
std::string NormaliseForm(std::string_view form);
Lexeme MakeLexeme(std::string_view form);
// Stand-ins for positions before the first and after the last word.
Lexeme BoundaryLexeme(int which);

}  // namespace kg::core::nlp
