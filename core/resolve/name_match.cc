#include "core/resolve/name_match.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "core/util/text.h"

namespace kg::core::resolve {

namespace {

bool IsVowelUnit(char u) { return u >= 'a' && u <= 'z'; }

// The units of a folded token: consonant classes (upper case) and vowels (lower case), before
// repeated units collapse. Longer spellings are tried first ("schtsch" before "sch").
std::string Units(std::string_view t) {
  std::string out;
  out.reserve(t.size() + 2);
  auto at = [&t](size_t i) { return i < t.size() ? t[i] : '\0'; };
  auto starts = [&t](size_t i, std::string_view s) { return t.substr(i, s.size()) == s; };
  size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    const char next = at(i + 1);
    switch (c) {
      case 's':
        if (next == 'c' && at(i + 2) == 'h') {  // sch, schtsch
          out += 'S';
          i += starts(i, "schtsch") ? 7 : 3;
        } else if (next == 'h') {  // sh, shch
          out += 'S';
          i += starts(i, "shch") ? 4 : 2;
        } else {
          out += 'S';
          ++i;
        }
        continue;
      case 't':
        if (next == 's' && at(i + 2) == 'c' && at(i + 3) == 'h') {  // tsch
          out += 'C';
          i += 4;
        } else if (next == 'c' && at(i + 2) == 'h') {  // tch
          out += 'C';
          i += 3;
        } else if (next == 's' || next == 'z') {  // ts, tz
          out += 'S';
          i += 2;
        } else if (next == 'h') {  // th
          out += 'T';
          i += 2;
        } else {
          out += 'T';
          ++i;
        }
        continue;
      case 'z':
        out += 'S';
        i += next == 'h' ? 2 : 1;  // zh, z
        continue;
      case 'k':
        out += next == 'h' ? 'H' : 'K';  // kh, k
        i += next == 'h' ? 2 : 1;
        continue;
      case 'c':
        if (next == 'h') {
          out += 'C';
          i += 2;
        } else if (next == 'k') {
          out += 'K';
          i += 2;
        } else {
          out += (next == 'e' || next == 'i' || next == 'y') ? 'S' : 'K';
          ++i;
        }
        continue;
      case 'p':
        out += next == 'h' ? 'F' : 'P';  // ph, p
        i += next == 'h' ? 2 : 1;
        continue;
      case 'a': case 'e': case 'i': case 'o': case 'u':
        out += c;
        break;
      case 'y': case 'j':
        out += 'i';
        break;
      case 'w': case 'v':
        out += 'V';
        break;
      case 'h':
        out += 'H';
        break;
      case 'q':
        out += 'K';
        break;
      case 'x':
        out += "KS";
        break;
      default:
        if (c >= 'b' && c <= 'z') {
          out += static_cast<char>(c - 'a' + 'A');
        } else {
          out += c;  // digits and letters outside a-z (other scripts) stand for themselves
        }
    }
    ++i;
  }
  return out;
}

// A canonical token parsed back into segments: consonant runs and nuclei, in order.
struct Segment {
  bool nucleus = false;
  std::string text;
};

std::vector<Segment> Segments(const std::string& canonical) {
  std::vector<Segment> out;
  size_t i = 0;
  while (i < canonical.size()) {
    if (canonical[i] == '|') {
      const size_t end = canonical.find('|', i + 1);
      out.push_back({true, canonical.substr(i + 1, end - i - 1)});
      i = end + 1;
    } else {
      size_t end = canonical.find('|', i);
      if (end == std::string::npos) end = canonical.size();
      out.push_back({false, canonical.substr(i, end - i)});
      i = end;
    }
  }
  return out;
}

bool AllOf(const std::string& s, const char* letters) {
  return !s.empty() && s.find_first_not_of(letters) == std::string::npos;
}

// Cost of reading nucleus `a` as `b` (< 0: incompatible). `last_closed`: this is the token's
// last nucleus and a consonant follows it.
double NucleusCost(const std::string& a, const std::string& b, bool last_closed) {
  if (a == b) return 0;
  // Iotated and plain vowels: ja/ya/a, ju/yu/u, je/ye/e, jo/yo/o.
  auto plain = [](const std::string& s) {
    return s.size() > 1 && s[0] == 'i' ? s.substr(1) : s;
  };
  if (plain(a) == plain(b)) return 0.2;
  // The i family: ei, ey, ej, ie, ii, i (Sergei/Serhiy, Kiev/Kyiv, Andrei/Andrii). A plain e
  // against a plain i is not in it (Reid/Red, policy/police).
  auto i_family = [](const std::string& s) {
    return AllOf(s, "ie") && s.find('i') != std::string::npos;
  };
  if (i_family(a) && i_family(b)) return 0.3;
  // ё written yo/jo or e (Fyodor/Fedor).
  if ((a == "io" && b == "e") || (a == "e" && b == "io")) return 0.3;
  // Ukrainian i for Russian o/e in a final closed syllable: Kharkiv/Kharkov, Lviv/Lvov,
  // Ternopil/Ternopol.
  if (last_closed &&
      ((a == "i" && (b == "o" || b == "e")) || (b == "i" && (a == "o" || a == "e")))) {
    return 0.5;
  }
  return -1;
}

// Cost of reading consonant run `a` as `b` (< 0: incompatible). Ukrainian h stands for
// Russian g (Luhansk/Lugansk, Serhiy/Sergei); German ch for English kh (Charkiw/Kharkiv).
double ConsonantCost(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return -1;
  double cost = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    const char x = std::min(a[i], b[i]), y = std::max(a[i], b[i]);
    if ((x == 'G' && y == 'H') || (x == 'C' && y == 'H')) {
      cost += 0.3;
      continue;
    }
    return -1;
  }
  return cost;
}

}  // namespace

namespace {

// Both forms of a token, computed together.
struct TokenForms {
  std::string canonical;
  std::string key;
};

TokenForms ComputeForms(std::string_view folded_token) {
  TokenForms f;
  const std::string units = Units(folded_token);
  bool in_nucleus = false;
  char last = '\0';
  for (char u : units) {
    if (u == last) continue;  // repeated letters and classes collapse: ss, ff, ii, SS
    last = u;
    const bool vowel = IsVowelUnit(u);
    if (vowel != in_nucleus) f.canonical += '|';
    if (vowel && !in_nucleus) f.key += '.';
    in_nucleus = vowel;
    f.canonical += u;
    if (!vowel) f.key += (u == 'G' || u == 'C') ? 'H' : u;
  }
  if (in_nucleus) f.canonical += '|';
  return f;
}

// Names recur (a document's entities against many candidates, the same names in every
// document): recent tokens' forms are remembered in a direct-mapped table per thread (a
// colliding token replaces the old one; nothing is ever cleared in bulk), so the functions
// stay pure and thread-safe and their cost flat.
const TokenForms& Forms(std::string_view folded_token) {
  struct Entry {
    std::string token;
    TokenForms forms;
    bool used = false;
  };
  constexpr size_t kSlots = 1u << 16;
  thread_local std::vector<Entry> table(kSlots);
  Entry& e = table[std::hash<std::string_view>()(folded_token) & (kSlots - 1)];
  if (!e.used || e.token != folded_token) {
    e.token.assign(folded_token);
    e.forms = ComputeForms(folded_token);
    e.used = true;
  }
  return e.forms;
}

}  // namespace

std::string CanonicalToken(std::string_view folded_token) {
  return Forms(folded_token).canonical;
}

std::string TokenKey(std::string_view folded_token) { return Forms(folded_token).key; }

TokenMatch CompareTokens(std::string_view a, std::string_view b) {
  TokenMatch m;
  if (a.empty() || b.empty()) return m;
  if (a == b) {
    m.kind = TokenMatch::kExact;
    return m;
  }
  if (a.size() == 1 || b.size() == 1) {
    const std::string_view initial = a.size() == 1 ? a : b;
    const std::string_view full = a.size() == 1 ? b : a;
    if (full.size() > 1 && Units(initial.substr(0, 1))[0] == Units(full.substr(0, 1))[0]) {
      m.kind = TokenMatch::kInitial;
    }
    return m;
  }
  // Copies: the second lookup may take the first one's slot.
  const TokenForms fa = Forms(a);
  const TokenForms fb = Forms(b);
  if (fa.key != fb.key) return m;  // variants always share the key: a cheap rejection
  const std::string& ca = fa.canonical;
  const std::string& cb = fb.canonical;
  const std::vector<Segment> sa = Segments(ca), sb = Segments(cb);
  if (sa.size() != sb.size()) return m;
  double cost = ca == cb ? 0.1 : 0;  // spelling-only difference (w/v, sch/sh, ss/s)
  // Anything more than spelling needs a word long enough to carry it ("Li"/"Le", "hit"/"get"),
  // and the German w for v one longer still: "Lowe" and "Love" are two English names, "Peskow"
  // and "Peskov" one Russian name ("Juri" and "Yuri" stay one).
  if (ca != cb && (a.size() < 4 || b.size() < 4)) return m;
  const bool w_for_v = (a.find('w') == std::string_view::npos) !=
                       (b.find('w') == std::string_view::npos);
  if (w_for_v && (a.size() < 5 || b.size() < 5)) return m;
  size_t last_nucleus = sa.size();
  for (size_t i = 0; i < sa.size(); ++i) {
    if (sa[i].nucleus) last_nucleus = i;
  }
  size_t consonants = 0;
  bool vowels_differ = false;
  for (size_t i = 0; i < sa.size(); ++i) {
    if (sa[i].nucleus != sb[i].nucleus) return m;
    double c;
    if (sa[i].nucleus) {
      c = NucleusCost(sa[i].text, sb[i].text, i == last_nucleus && i + 1 < sa.size());
      vowels_differ = vowels_differ || c > 0;
    } else {
      c = ConsonantCost(sa[i].text, sb[i].text);
      consonants += sa[i].text.size();
    }
    if (c < 0) return m;
    cost += c;
  }
  // A vowel change in a token of fewer than two consonants is too little to go on.
  if (vowels_differ && consonants < 2) return m;
  if (cost > 0.6) return m;
  m.kind = TokenMatch::kVariant;
  m.cost = std::max(cost, 0.1);
  return m;
}

bool LooksLikeProperName(std::string_view surface) {
  if (surface.empty()) return false;
  const unsigned char first = static_cast<unsigned char>(surface[0]);
  if (!((first >= 'A' && first <= 'Z') || first >= 0x80)) return false;
  size_t i = 0;
  while (i < surface.size()) {
    size_t end = surface.find(' ', i);
    if (end == std::string_view::npos) end = surface.size();
    size_t capitals = 0, letters = 0;
    for (size_t j = i; j < end; ++j) {
      const char c = surface[j];
      if (c >= 'A' && c <= 'Z') ++capitals;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ++letters;
    }
    if (letters >= 2 && capitals == letters) return false;
    i = end + 1;
  }
  return true;
}

std::vector<std::string_view> SplitFolded(std::string_view folded) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < folded.size()) {
    size_t end = folded.find(' ', i);
    if (end == std::string_view::npos) end = folded.size();
    if (end > i) out.push_back(folded.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

std::string PlaceNameCore(std::string_view folded) {
  static constexpr std::string_view kHeads[] = {"peninsula", "island", "islands", "isle",
                                                "airport", "airfield"};
  const std::vector<std::string_view> tokens = SplitFolded(folded);
  if (tokens.size() < 2) return "";
  if (std::find(std::begin(kHeads), std::end(kHeads), tokens.back()) == std::end(kHeads)) {
    return "";
  }
  std::string out;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i];
  }
  if (tokens.size() == 2 && out.size() > 5 &&
      (out.ends_with("ean") || out.ends_with("ian"))) {
    out.pop_back();  // crimean → crimea, syrian → syria
  }
  return out;
}

std::vector<std::string> NameTokens(std::string_view name) {
  const std::string folded = NormalizeName(name);
  std::vector<std::string> out;
  for (std::string_view t : SplitFolded(folded)) out.emplace_back(t);
  if (out.size() > 1 && out.front() == "the") out.erase(out.begin());
  return out;
}

NameMatch CompareNames(const std::vector<std::string>& a, const std::vector<std::string>& b,
                       bool person) {
  return CompareNames(std::vector<std::string_view>(a.begin(), a.end()),
                      std::vector<std::string_view>(b.begin(), b.end()), person);
}

NameMatch CompareNames(const std::vector<std::string_view>& a,
                       const std::vector<std::string_view>& b, bool person) {
  NameMatch m;
  if (a.empty() || b.empty()) return m;
  if (a == b) {
    m.kind = NameMatch::kExact;
    m.score = 1;
    return m;
  }
  auto note = [&m](std::string_view x, std::string_view y) {
    m.detail += (m.detail.empty() ? "" : ", ") + std::string(x) + " ~ " + std::string(y);
  };
  auto variant = [&m](double cost) {
    m.kind = NameMatch::kVariant;
    m.score = std::max(0.75, 0.9 - 0.25 * cost);
  };
  if (person) {
    const TokenMatch last = CompareTokens(a.back(), b.back());
    if (last.kind != TokenMatch::kExact && last.kind != TokenMatch::kVariant) return m;
    if (last.kind == TokenMatch::kVariant) note(a.back(), b.back());
    if (a.size() == 1 && b.size() == 1) {
      variant(last.cost);
      return m;
    }
    if (a.size() == 1 || b.size() == 1) {
      if (last.kind == TokenMatch::kExact) {
        m.kind = NameMatch::kSurname;
        m.score = 0.7;
      } else if (CanonicalToken(a.back()) == CanonicalToken(b.back())) {
        // Only the spelling differs (doubled letters, w/v): as good as the surname itself.
        m.kind = NameMatch::kSurnameVariant;
        m.score = 0.7;
      } else {
        m.kind = NameMatch::kSurnameVariant;
        m.score = 0.6;
      }
      return m;
    }
    const TokenMatch first = CompareTokens(a.front(), b.front());
    if (first.kind == TokenMatch::kNone) {
      m = NameMatch();
      return m;
    }
    if (first.kind == TokenMatch::kInitial) {
      m.kind = NameMatch::kInitial;
      m.score = 0.8 - 0.1 * last.cost;
      return m;
    }
    if (first.kind == TokenMatch::kVariant) note(a.front(), b.front());
    if (m.detail.empty()) {
      m.detail = "middle names differ";
      m.kind = NameMatch::kVariant;
      m.score = 0.95;
      return m;
    }
    variant(first.cost + last.cost);
    return m;
  }
  if (a.size() != b.size()) return m;
  double cost = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const TokenMatch t = CompareTokens(a[i], b[i]);
    if (t.kind == TokenMatch::kExact) continue;
    if (t.kind != TokenMatch::kVariant) {
      m = NameMatch();
      return m;
    }
    note(a[i], b[i]);
    cost += t.cost;
  }
  variant(cost);
  return m;
}

}  // namespace kg::core::resolve
