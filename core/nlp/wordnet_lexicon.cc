#include "core/nlp/wordnet_lexicon.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "core/nlp/features.h"
#include "core/util/text.h"

namespace kg::core::nlp {
namespace {

// What an entry records about a word.
enum What : uint32_t {
  kLemmaNoun = 0,  // + 0..3: a lemma of noun, verb, adj, adv
  kExcNoun = 4,    // an irregular plural (noun.exc)
  kExcVerbEd = 5,  // an irregular past or participle (verb.exc)
  kExcVerbIng = 6,
  kExcVerbS = 7,
  kExcAdj = 8,      // an irregular comparative or superlative (adj.exc)
  kDominant = 10,  // + 0..3: the part of speech with most tagged senses
};

uint32_t KeyOf(std::string_view word, uint32_t what) {
  return static_cast<uint32_t>(Mix64(Hash64(word) + (what + 1) * 0x9E3779B97F4A7C15ULL) >> 32) |
         1u;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// `stem` with its last letter dropped when that letter is doubled ("stopp" → "stop").
bool Undouble(std::string_view stem, std::string* out) {
  const size_t n = stem.size();
  if (n < 3 || stem[n - 1] != stem[n - 2]) return false;
  const char c = stem[n - 1];
  if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 's' || c == 'l') {
    return false;
  }
  out->assign(stem.substr(0, n - 1));
  return true;
}

}  // namespace

bool WordnetLexicon::Has(std::string_view word, uint32_t what) const {
  if (word.empty()) return false;
  const uint32_t key = KeyOf(word, what);
  for (uint32_t p = (key * 0x9E3779B1u) & mask_;; p = (p + 1) & mask_) {
    if (table_[p] == key) return true;
    if (table_[p] == 0) return false;
  }
}

uint32_t WordnetLexicon::Classes(std::string_view form) const {
  if (table_.empty() || form.empty() || form.size() > 40) return 0;
  char buf[40];
  for (size_t i = 0; i < form.size(); ++i) {
    const char c = form[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view w(buf, form.size());
  uint32_t bits = 0;
  if (Has(w, kLemmaNoun)) bits |= kNoun;
  if (Has(w, kLemmaNoun + 1)) bits |= kVerb;
  if (Has(w, kLemmaNoun + 2)) bits |= kAdj;
  if (Has(w, kLemmaNoun + 3)) bits |= kAdv;
  for (uint32_t d = 0; d < 4; ++d) {
    if (Has(w, kDominant + d)) bits |= (d + 1) << kDominantShift;
  }
  if (Has(w, kExcNoun)) bits |= kNounPlural;
  if (Has(w, kExcVerbEd)) bits |= kVerbEd;
  if (Has(w, kExcVerbIng)) bits |= kVerbIng;
  if (Has(w, kExcVerbS)) bits |= kVerbS;
  if (Has(w, kExcAdj)) bits |= kAdjGraded;
  // WordNet's detachment rules: strip a suffix, add an ending, look the base up.
  std::string base;
  auto base_is = [&](std::string_view suffix, std::string_view ending, uint32_t what) {
    if (!EndsWith(w, suffix)) return false;
    base.assign(w.substr(0, w.size() - suffix.size())).append(ending);
    return Has(base, what);
  };
  if (EndsWith(w, "s")) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNounRules = {
        {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"},
         {"ies", "y"}, {"men", "man"}}};
    for (const auto& [suffix, ending] : kNounRules) {
      if (base_is(suffix, ending, kLemmaNoun)) {
        bits |= kNounPlural;
        break;
      }
    }
    if (base_is("s", "", kLemmaNoun + 1) || base_is("ies", "y", kLemmaNoun + 1) ||
        base_is("es", "e", kLemmaNoun + 1) || base_is("es", "", kLemmaNoun + 1)) {
      bits |= kVerbS;
    }
  } else if (EndsWith(w, "men") && base_is("men", "man", kLemmaNoun)) {
    bits |= kNounPlural;
  }
  for (const auto& [suffix, flag] :
       {std::pair<std::string_view, uint32_t>{"ed", kVerbEd}, {"ing", kVerbIng}}) {
    if (!EndsWith(w, suffix)) continue;
    const std::string_view stem = w.substr(0, w.size() - suffix.size());
    std::string undoubled;
    if (Has(stem, kLemmaNoun + 1) || Has(std::string(stem) + "e", kLemmaNoun + 1) ||
        (Undouble(stem, &undoubled) && Has(undoubled, kLemmaNoun + 1)) ||
        (suffix == "ed" && EndsWith(stem, "i") &&
         Has(std::string(stem.substr(0, stem.size() - 1)) + "y", kLemmaNoun + 1))) {
      bits |= flag;
    }
  }
  for (std::string_view suffix : {"er", "est"}) {
    if (!EndsWith(w, suffix)) continue;
    const std::string_view stem = w.substr(0, w.size() - suffix.size());
    std::string undoubled;
    if (Has(stem, kLemmaNoun + 2) || Has(std::string(stem) + "e", kLemmaNoun + 2) ||
        (Undouble(stem, &undoubled) && Has(undoubled, kLemmaNoun + 2)) ||
        (EndsWith(stem, "i") &&
         Has(std::string(stem.substr(0, stem.size() - 1)) + "y", kLemmaNoun + 2))) {
      bits |= kAdjGraded;
    }
  }
  return bits;
}

Result<WordnetLexicon> WordnetLexicon::Load(const std::string& dir) {
  std::vector<uint32_t> keys;
  // lemma → tagged senses per part of speech, for the dominant class.
  std::map<std::string, std::array<uint32_t, 4>> tagged;
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
      if (lemma.find('_') != std::string::npos) continue;  // multi-word entries
      std::string symbol;
      for (uint32_t i = 0; i < pointers; ++i) fields >> symbol;
      uint32_t senses = 0, tagged_senses = 0;
      fields >> senses >> tagged_senses;
      keys.push_back(KeyOf(lemma, kLemmaNoun + pos));
      tagged[lemma][pos] = tagged_senses;
    }
  }
  for (const auto& [lemma, counts] : tagged) {
    const auto best = std::max_element(counts.begin(), counts.end());
    if (*best == 0 || std::count(counts.begin(), counts.end(), *best) > 1) continue;
    keys.push_back(KeyOf(lemma, kDominant + static_cast<uint32_t>(best - counts.begin())));
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
      keys.push_back(KeyOf(form, what));
    }
  }
  if (keys.empty()) return Status::Corruption("no WordNet entries in " + dir);
  WordnetLexicon lex;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  lex.entries_ = std::move(keys);
  lex.BuildTable();
  return lex;
}

void WordnetLexicon::BuildTable() {
  table_.clear();
  mask_ = 0;
  if (entries_.empty()) return;
  size_t cap = 16;
  while (cap < entries_.size() * 2) cap <<= 1;
  mask_ = static_cast<uint32_t>(cap - 1);
  table_.assign(cap, 0);
  for (uint32_t key : entries_) {
    uint32_t p = (key * 0x9E3779B1u) & mask_;
    while (table_[p] != 0 && table_[p] != key) p = (p + 1) & mask_;
    table_[p] = key;
  }
}

void WordnetLexicon::Serialize(ByteWriter* w) const { w->PutArray(entries_); }

Status WordnetLexicon::Deserialize(ByteReader* r) {
  if (!r->GetArray(&entries_)) return Status::Corruption("WordNet lexicon truncated");
  if (entries_.size() >= (size_t{1} << 28)) return Status::Corruption("WordNet lexicon too large");
  for (size_t i = 0; i < entries_.size(); ++i) {
    if ((entries_[i] & 1u) == 0 || (i > 0 && entries_[i] <= entries_[i - 1])) {
      return Status::Corruption("WordNet lexicon entries are not sorted hashes");
    }
  }
  BuildTable();
  return Status::OK();
}

}  // namespace kg::core::nlp
