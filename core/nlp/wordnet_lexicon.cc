#include "core/nlp/wordnet_lexicon.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "core/nlp/features.h"
#include "core/util/text.h"

namespace kg::core::nlp {
namespace {

// What is recorded of a word (bits of WordnetLexicon's values).
enum What : uint32_t {
  kLemmaNoun = 1,  // a lemma in index.noun
  kLemmaVerb = 2,
  kLemmaAdj = 4,
  kLemmaAdv = 8,
  kExcNoun = 16,    // an irregular plural (noun.exc)
  kExcVerbEd = 32,  // an irregular past or participle (verb.exc)
  kExcVerbIng = 64,
  kExcVerbS = 128,
  kExcAdj = 256,       // an irregular comparative or superlative (adj.exc)
  kDominantShift = 9,  // 3 bits: 1 + the part of speech with most tagged senses, 0 = none
};

uint32_t KeyOf(std::string_view word) {
  return static_cast<uint32_t>(Mix64(Hash64(word) ^ 0x3C6EF372FE94F82BULL) >> 32) | 1u;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool DoubledConsonant(std::string_view stem) {
  const size_t n = stem.size();
  if (n < 3 || stem[n - 1] != stem[n - 2]) return false;
  const char c = stem[n - 1];
  return c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u' && c != 's' && c != 'l';
}

}  // namespace

uint32_t WordnetLexicon::Lookup(std::string_view word) const {
  if (word.empty()) return 0;
  const uint32_t key = KeyOf(word);
  for (uint32_t p = (key * 0x9E3779B1u) & mask_;; p = (p + 1) & mask_) {
    const uint64_t slot = table_[p];
    if (slot == 0) return 0;
    if (static_cast<uint32_t>(slot >> 32) == key) return static_cast<uint32_t>(slot & 0xffff);
  }
}

uint32_t WordnetLexicon::Classes(std::string_view form) const {
  constexpr size_t kMaxWord = 40;
  if (table_.empty() || form.empty() || form.size() > kMaxWord) return 0;
  // The lower-cased form, with room for an ending that a detachment rule adds.
  char buf[kMaxWord + 4];
  for (size_t i = 0; i < form.size(); ++i) {
    const char c = form[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view w(buf, form.size());
  // What is recorded of w without `strip` final bytes and with `ending` added.
  auto base = [&](size_t strip, std::string_view ending) -> uint32_t {
    if (strip >= w.size()) return 0;
    char tmp[kMaxWord + 4];
    const size_t stem = w.size() - strip;
    std::memcpy(tmp, buf, stem);
    std::memcpy(tmp + stem, ending.data(), ending.size());
    return Lookup(std::string_view(tmp, stem + ending.size()));
  };
  const uint32_t self = Lookup(w);
  uint32_t bits = 0;
  if (self & kLemmaNoun) bits |= kNoun;
  if (self & kLemmaVerb) bits |= kVerb;
  if (self & kLemmaAdj) bits |= kAdj;
  if (self & kLemmaAdv) bits |= kAdv;
  if (self & kExcNoun) bits |= kNounPlural;
  if (self & kExcVerbEd) bits |= kVerbEd;
  if (self & kExcVerbIng) bits |= kVerbIng;
  if (self & kExcVerbS) bits |= kVerbS;
  if (self & kExcAdj) bits |= kAdjGraded;
  bits |= ((self >> kDominantShift) & 7) << WordnetLexicon::kDominantShift;
  // WordNet's detachment rules: strip a suffix, add an ending, look the base up.
  if (EndsWith(w, "s")) {
    if ((base(1, "") & kLemmaNoun) || (EndsWith(w, "ies") && (base(3, "y") & kLemmaNoun)) ||
        ((EndsWith(w, "ses") || EndsWith(w, "xes") || EndsWith(w, "zes") || EndsWith(w, "ches") ||
          EndsWith(w, "shes")) &&
         (base(2, "") & kLemmaNoun))) {
      bits |= kNounPlural;
    }
    if ((base(1, "") & kLemmaVerb) || (EndsWith(w, "ies") && (base(3, "y") & kLemmaVerb)) ||
        (EndsWith(w, "es") && (base(2, "") & kLemmaVerb))) {
      bits |= kVerbS;
    }
  } else if (EndsWith(w, "men") && (base(3, "man") & kLemmaNoun)) {
    bits |= kNounPlural;
  }
  // -ed / -ing for verbs, -er / -est for adjectives: the stem, the stem + e, the stem with a
  // doubled consonant undone (stopped, bigger), y for i (tried, happier).
  auto graded = [&](size_t strip, uint32_t lemma) {
    const std::string_view stem = w.substr(0, w.size() - strip);
    return (base(strip, "") & lemma) || (base(strip, "e") & lemma) ||
           (DoubledConsonant(stem) && (base(strip + 1, "") & lemma)) ||
           (EndsWith(stem, "i") && (base(strip + 1, "y") & lemma));
  };
  if (EndsWith(w, "ed") && graded(2, kLemmaVerb)) bits |= kVerbEd;
  if (EndsWith(w, "ing") && graded(3, kLemmaVerb)) bits |= kVerbIng;
  if ((EndsWith(w, "er") && graded(2, kLemmaAdj)) || (EndsWith(w, "est") && graded(3, kLemmaAdj))) {
    bits |= kAdjGraded;
  }
  return bits;
}

Result<WordnetLexicon> WordnetLexicon::Load(const std::string& dir) {
  std::map<std::string, uint32_t> words;  // sorted: the same files give the same model
  // lemma → tagged senses per part of speech, for the dominant class.
  std::unordered_map<std::string, std::array<uint32_t, 4>> tagged;
  const char* kPos[4] = {"noun", "verb", "adj", "adv"};
  for (uint32_t pos = 0; pos < 4; ++pos) {
    const std::string path = dir + "/index." + kPos[pos];
    std::ifstream in(path);
    if (!in) return Status::NotFound("WordNet index " + path + " cannot be read");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;  // the licence header
      std::istringstream fields(line);
      std::string lemma, p;
      uint32_t synsets = 0, pointers = 0;
      if (!(fields >> lemma >> p >> synsets >> pointers)) continue;
      if (lemma.find('_') != std::string::npos || lemma.size() > 40) continue;  // multi-word
      std::string symbol;
      for (uint32_t i = 0; i < pointers; ++i) fields >> symbol;
      uint32_t senses = 0, tagged_senses = 0;
      fields >> senses >> tagged_senses;
      words[lemma] |= kLemmaNoun << pos;
      auto [it, added] = tagged.try_emplace(lemma, std::array<uint32_t, 4>{0, 0, 0, 0});
      it->second[pos] = tagged_senses;
    }
  }
  for (const auto& [lemma, counts] : tagged) {
    const auto best = std::max_element(counts.begin(), counts.end());
    if (*best == 0 || std::count(counts.begin(), counts.end(), *best) > 1) continue;
    words[lemma] |= static_cast<uint32_t>(1 + (best - counts.begin())) << kDominantShift;
  }
  for (const char* cls : {"noun", "verb", "adj"}) {
    const std::string path = dir + "/" + cls + ".exc";
    std::ifstream in(path);
    if (!in) return Status::NotFound("WordNet exception list " + path + " cannot be read");
    std::string line;
    while (std::getline(in, line)) {
      const std::string form = line.substr(0, line.find(' '));
      if (form.empty() || form == line || form.find('_') != std::string::npos) continue;
      uint32_t what = kExcAdj;
      if (cls[0] == 'n') {
        what = kExcNoun;
      } else if (cls[0] == 'v') {
        what = EndsWith(form, "ing") ? kExcVerbIng : EndsWith(form, "s") ? kExcVerbS : kExcVerbEd;
      }
      words[form] |= what;
    }
  }
  if (words.empty()) return Status::Corruption("no WordNet entries in " + dir);
  // Two words with one hash (rare) share the union of their bits.
  std::map<uint32_t, uint32_t> by_key;
  for (const auto& [word, what] : words) by_key[KeyOf(word)] |= what;
  WordnetLexicon lex;
  for (const auto& [key, what] : by_key) {
    lex.keys_.push_back(key);
    lex.values_.push_back(static_cast<uint16_t>(what));
  }
  lex.BuildTable();
  return lex;
}

void WordnetLexicon::BuildTable() {
  table_.clear();
  mask_ = 0;
  if (keys_.empty()) return;
  size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  mask_ = static_cast<uint32_t>(cap - 1);
  table_.assign(cap, 0);
  for (size_t i = 0; i < keys_.size(); ++i) {
    uint32_t p = (keys_[i] * 0x9E3779B1u) & mask_;
    while (table_[p] != 0) p = (p + 1) & mask_;
    table_[p] = (uint64_t{keys_[i]} << 32) | values_[i];
  }
}

void WordnetLexicon::Serialize(ByteWriter* w) const {
  w->PutArray(keys_);
  w->PutArray(values_);
}

Status WordnetLexicon::Deserialize(ByteReader* r) {
  if (!r->GetArray(&keys_) || !r->GetArray(&values_)) {
    return Status::Corruption("WordNet lexicon truncated");
  }
  if (keys_.size() != values_.size()) return Status::Corruption("WordNet lexicon sizes disagree");
  if (keys_.size() >= (size_t{1} << 28)) return Status::Corruption("WordNet lexicon too large");
  for (size_t i = 0; i < keys_.size(); ++i) {
    if ((keys_[i] & 1u) == 0 || (i > 0 && keys_[i] <= keys_[i - 1])) {
      return Status::Corruption("WordNet lexicon keys are not sorted hashes");
    }
  }
  BuildTable();
  return Status::OK();
}

}  // namespace kg::core::nlp
