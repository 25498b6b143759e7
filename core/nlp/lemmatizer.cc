#include "core/nlp/lemmatizer.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include "core/nlp/model_file.h"

namespace kg::core::nlp {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool AllLowerLetters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

bool AllUpperLetters(std::string_view s) {
  if (s.size() < 2) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// The key of title_case_: the tag and the form's length, 7 standing for 7 or more.
std::string TitleKey(std::string_view xpos, size_t length) {
  std::string key(xpos);
  key += '\t';
  key += static_cast<char>('0' + std::min<size_t>(length, 7));
  return key;
}

bool HasUpper(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// WordNet's exception file for an inflected Penn tag, "" when irregular forms do not apply.
std::string_view WordnetClass(std::string_view xpos) {
  if (xpos == "NNS" || xpos == "NNPS") return "noun";
  if (xpos == "VBD" || xpos == "VBN" || xpos == "VBG" || xpos == "VBZ") return "verb";
  if (xpos == "JJR" || xpos == "JJS") return "adj";
  if (xpos == "RBR" || xpos == "RBS") return "adv";
  return "";
}

template <typename Map>
void PutMap(ByteWriter* w, const Map& m) {
  // Sorted, so that the same model always serialises to the same bytes.
  std::map<std::string, typename Map::mapped_type> sorted(m.begin(), m.end());
  w->Put<uint64_t>(sorted.size());
  for (const auto& [k, v] : sorted) {
    w->PutString(k);
    if constexpr (std::is_same_v<typename Map::mapped_type, bool>) {
      w->Put<uint8_t>(v ? 1 : 0);
    } else {
      w->PutString(v);
    }
  }
}

template <typename Map>
bool GetMap(ByteReader* r, Map* m) {
  uint64_t n = 0;
  if (!r->Get(&n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string k;
    if (!r->GetString(&k)) return false;
    if constexpr (std::is_same_v<typename Map::mapped_type, bool>) {
      uint8_t v = 0;
      if (!r->Get(&v)) return false;
      (*m)[k] = v != 0;
    } else {
      std::string v;
      if (!r->GetString(&v)) return false;
      (*m)[k] = std::move(v);
    }
  }
  return true;
}

}  // namespace

std::string Lemmatizer::Encode(const Script& s) {
  return std::string(1, static_cast<char>('0' + s.strip)) + s.append;
}

std::string Lemmatizer::ApplyScript(std::string_view form, const std::string& script,
                                    bool keep_case) const {
  const size_t strip = static_cast<size_t>(script[0] - '0');
  std::string base = keep_case ? std::string(form) : Lower(form);
  if (strip > base.size()) return base;
  // Scripts count bytes: one learned on "'re" would cut "’re" inside its curly apostrophe and
  // leave invalid UTF-8. A script that does not end on a character boundary does not apply.
  const size_t cut = base.size() - strip;
  if (cut < base.size() && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) return base;
  base.resize(cut);
  return base + script.substr(1);
}

std::string Lemmatizer::Lemmatize(std::string_view form, std::string_view upos,
                                  std::string_view xpos) const {
  (void)upos;
  // Keys are built in a buffer on the stack: most words need one lookup and no allocation.
  constexpr size_t kMaxKey = 96;
  if (form.size() + xpos.size() + 8 > kMaxKey) {
    return FromRules(form, Lower(form), xpos,
                     HasUpper(form) && keep_case_.contains(xpos) && keep_case_.find(xpos)->second);
  }
  char key[kMaxKey];
  auto make_key = [&](std::string_view a, std::string_view b) {
    std::memcpy(key, a.data(), a.size());
    key[a.size()] = '\t';
    std::memcpy(key + a.size() + 1, b.data(), b.size());
    return std::string_view(key, a.size() + 1 + b.size());
  };
  if (auto it = lemmas_.find(make_key(form, xpos)); it != lemmas_.end()) return it->second;
  char lower_buf[kMaxKey];
  for (size_t i = 0; i < form.size(); ++i) {
    const char c = form[i];
    lower_buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view lower(lower_buf, form.size());
  const auto keep = keep_case_.find(xpos);
  const bool keep_case = keep != keep_case_.end() && keep->second && HasUpper(form);
  if (lower != form && !keep_case) {
    if (auto it = lemmas_.find(make_key(lower, xpos)); it != lemmas_.end()) return it->second;
  }
  return FromRules(form, lower, xpos, keep_case);
}

std::string Lemmatizer::FromRules(std::string_view form, std::string_view lower,
                                  std::string_view xpos, bool keep_case) const {
  std::string key;
  const std::string_view wn = WordnetClass(xpos);
  if (!wn.empty()) {
    key.assign(wn).append("\t").append(lower);
    if (auto it = exceptions_.find(key); it != exceptions_.end()) return it->second;
  }
  // A name in capitals takes a title-cased lemma, where training says so for its length.
  std::string titled;
  if (keep_case && !title_case_.empty() && AllUpperLetters(form)) {
    const auto title = title_case_.find(TitleKey(xpos, form.size()));
    if (title != title_case_.end() && title->second) {
      titled.assign(form.substr(0, 1)).append(lower.substr(1));
      form = titled;
    }
  }
  // A name written in lower case keeps its capital in the lemma, where training says so.
  bool capitalise = false;
  if (!capitalise_.empty() && AllLowerLetters(form)) {
    const auto cap = capitalise_.find(xpos);
    capitalise = cap != capitalise_.end() && cap->second;
  }
  // The longest suffix seen with this tag decides.
  for (size_t k = std::min(kMaxSuffix, lower.size());; --k) {
    key.assign(xpos).append("\t").append(lower.substr(lower.size() - k));
    if (auto it = suffixes_.find(key); it != suffixes_.end()) {
      std::string lemma = ApplyScript(form, it->second, keep_case);
      if (capitalise && !lemma.empty() && lemma[0] >= 'a' && lemma[0] <= 'z') {
        lemma[0] = static_cast<char>(lemma[0] - 'a' + 'A');
      }
      return lemma;
    }
    if (k == 0) break;
  }
  std::string lemma(keep_case ? form : lower);
  if (capitalise) lemma[0] = static_cast<char>(lemma[0] - 'a' + 'A');
  return lemma;
}

Result<Lemmatizer> Lemmatizer::Train(const std::vector<ConlluSentence>& train,
                                     const std::string& wordnet_dir, std::ostream* progress) {
  Lemmatizer lem;
  std::map<std::string, std::map<std::string, int>> form_lemmas;
  std::map<std::string, std::pair<int, int>> case_votes;  // xpos → (keeps case, lowers)
  // xpos → (lower-case forms whose lemma is capitalised, whose lemma is lower case)
  std::map<std::string, std::pair<int, int>> capital_votes;
  // xpos \t length → (all-capitals forms whose lemma is title-cased, whose lemma is the form)
  std::map<std::string, std::pair<int, int>> title_votes;
  std::set<std::tuple<std::string, std::string, std::string>> types;
  size_t words = 0;
  for (const ConlluSentence& s : train) {
    for (const ConlluWord& w : s.words) {
      if (w.lemma.empty() || w.lemma == "_" || w.xpos.empty()) continue;
      ++words;
      ++form_lemmas[w.form + "\t" + w.xpos][w.lemma];
      types.emplace(w.form, w.xpos, w.lemma);
    }
  }
  if (words == 0) return Status::InvalidArgument("the training data has no lemmas");
  for (const auto& [key, lemmas] : form_lemmas) {
    const auto best = std::max_element(lemmas.begin(), lemmas.end(), [](auto& a, auto& b) {
      return a.second < b.second;
    });
    lem.lemmas_[key] = best->first;
  }
  // Suffix statistics over word types (not tokens): unknown words behave like rare types.
  std::map<std::string, std::map<std::string, int>> suffix_scripts;
  for (const auto& [form, xpos, lemma] : types) {
    if (HasUpper(form)) {
      auto& v = case_votes[xpos];
      (HasUpper(lemma) ? v.first : v.second)++;
    }
    if (AllUpperLetters(form)) {
      auto& v = title_votes[TitleKey(xpos, form.size())];
      if (lemma.size() == form.size() && lemma[0] == form[0] && !HasUpper(lemma.substr(1))) {
        ++v.first;  // "KABUL" → "Kabul"
      } else if (lemma == form) {
        ++v.second;
      }
    }
    if (AllLowerLetters(form)) {
      auto& v = capital_votes[xpos];
      if (lemma[0] == form[0] - 'a' + 'A' && !HasUpper(lemma.substr(1))) {
        ++v.first;  // "americans" → "American"
      } else if (!HasUpper(lemma)) {
        ++v.second;
      }
    }
    const std::string lf = Lower(form), ll = Lower(lemma);
    size_t common = 0;
    while (common < lf.size() && common < ll.size() && lf[common] == ll[common]) ++common;
    if (lf.size() - common > 9) continue;  // suppletive (was → be): the dictionary's job
    const Script script{static_cast<uint8_t>(lf.size() - common), ll.substr(common)};
    const std::string code = Encode(script);
    for (size_t k = 0; k <= std::min(kMaxSuffix, lf.size()); ++k) {
      ++suffix_scripts[xpos + "\t" + lf.substr(lf.size() - k)][code];
    }
  }
  for (const auto& [key, scripts] : suffix_scripts) {
    const auto best = std::max_element(scripts.begin(), scripts.end(), [](auto& a, auto& b) {
      return a.second < b.second;
    });
    lem.suffixes_[key] = best->first;
  }
  for (const auto& [xpos, votes] : case_votes) lem.keep_case_[xpos] = votes.first > votes.second;
  for (const auto& [xpos, votes] : capital_votes) {
    if (votes.first > votes.second) lem.capitalise_[xpos] = true;
  }
  for (const auto& [key, votes] : title_votes) {
    if (votes.first > votes.second) lem.title_case_[key] = true;
  }
  if (!wordnet_dir.empty()) {
    for (const char* cls : {"noun", "verb", "adj", "adv"}) {
      const std::string path = wordnet_dir + "/" + cls + ".exc";
      std::ifstream in(path);
      if (!in) return Status::NotFound("WordNet exception list " + path + " cannot be read");
      std::string line;
      while (std::getline(in, line)) {
        const size_t sp = line.find(' ');
        if (sp == std::string::npos) continue;
        const std::string form = line.substr(0, sp);
        std::string base = line.substr(sp + 1);
        base = base.substr(0, base.find(' '));  // the first base form
        for (char& c : base) {
          if (c == '_') c = ' ';
        }
        lem.exceptions_.emplace(std::string(cls) + "\t" + form, base);
      }
    }
  }
  if (progress) {
    *progress << "lemmatizer: " << lem.lemmas_.size() << " (form, tag) entries, "
              << lem.suffixes_.size() << " suffix rules, " << lem.exceptions_.size()
              << " WordNet exceptions" << std::endl;
  }
  return lem;
}

size_t Lemmatizer::MemoryBytes() const {
  size_t bytes = 0;
  for (const auto* m : {&lemmas_, &exceptions_, &suffixes_}) {
    for (const auto& [k, v] : *m) bytes += k.capacity() + v.capacity() + 64;
  }
  return bytes;
}

std::string Lemmatizer::Serialize() const {
  ByteWriter w;
  PutMap(&w, lemmas_);
  PutMap(&w, exceptions_);
  PutMap(&w, suffixes_);
  PutMap(&w, keep_case_);
  PutMap(&w, capitalise_);
  PutMap(&w, title_case_);
  return w.Release();
}

Result<Lemmatizer> Lemmatizer::Deserialize(std::string_view payload) {
  ByteReader r(payload);
  Lemmatizer lem;
  if (!GetMap(&r, &lem.lemmas_) || !GetMap(&r, &lem.exceptions_) || !GetMap(&r, &lem.suffixes_) ||
      !GetMap(&r, &lem.keep_case_) || !GetMap(&r, &lem.capitalise_) ||
      !GetMap(&r, &lem.title_case_) || !r.AtEnd()) {
    return Status::Corruption("lemmatizer: model truncated or damaged");
  }
  for (const auto& [k, script] : lem.suffixes_) {
    if (script.empty() || script[0] < '0' || script[0] > '9') {
      return Status::Corruption("lemmatizer: bad edit script");
    }
  }
  return lem;
}

}  // namespace kg::core::nlp
