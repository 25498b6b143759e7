// The cleaner behind kg::CleanText (include/kg/text.h): jusText-style boilerplate removal for
// plain text. Every non-empty line is a paragraph. Each is first judged on its own (length,
// English stopword density, foreign function words, interface vocabulary, separators, capitals,
// punctuation) as good, near-good, short or bad; then short and near-good paragraphs take the
// class of their surroundings (Pomikálek's context rules), so a short quote between two article
// paragraphs stays and a short line among menus goes. No phrase from any real page is listed:
// the cues are word classes (function words, interface words) and shapes.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/chars.h"
#include "core/text/lexicon.h"
#include "kg/text.h"

namespace kg {

namespace {

using core::text::CharClass;
using core::text::Classify;
using core::text::DecodeAt;
using core::text::Language;

enum class Class : uint8_t { kGood, kNearGood, kShort, kBad };

struct Paragraph {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool blank_before = false;  // separated from the previous paragraph by a blank line
  uint32_t cut = 0;           // bytes of dateline removed from the front
  Class initial = Class::kBad;
  Class final_class = Class::kBad;
  std::string reason;  // for kBad judged on its own
};

struct Features {
  uint32_t length = 0;  // bytes
  uint32_t words = 0;
  uint32_t stopwords = 0;
  uint32_t interface_words = 0;
  uint32_t capitalised = 0;
  uint32_t foreign_by_language[static_cast<int>(Language::kCount)] = {};
  uint32_t accented_words = 0;  // words with letters typical of Romance/German spelling
  uint32_t letters = 0;
  uint32_t upper_letters = 0;
  uint32_t digits = 0;
  uint32_t separators = 0;  // "|", "•", "·", "»"
  bool ends_terminal = false;
  bool starts_sentence = false;  // upper-case letter, digit or opening quote
  bool has_degree = false;
  bool has_copyright = false;
  bool has_clock = false;  // 02:15 style durations or clock times
};

bool IsAccentedForeign(char32_t c) {
  switch (c) {
    case 0xE0: case 0xE8: case 0xEC: case 0xF2: case 0xF9:  // à è ì ò ù
    case 0xF1: case 0xBF: case 0xA1:                        // ñ ¿ ¡
    case 0xE4: case 0xF6: case 0xFC: case 0xDF:             // ä ö ü ß
    case 0xE3: case 0xF5: case 0xE7: case 0xEA: case 0xE2:  // ã õ ç ê â
      return true;
    default:
      return false;
  }
}

Features Measure(std::string_view p) {
  Features f;
  f.length = static_cast<uint32_t>(p.size());
  std::string word;
  bool word_accented = false;
  bool word_capitalised = false;
  auto finish_word = [&] {
    if (word.empty()) return;
    ++f.words;
    if (core::text::IsEnglishStopword(word)) ++f.stopwords;
    if (core::text::IsInterfaceWord(word)) ++f.interface_words;
    unsigned langs = core::text::ForeignStopwordLanguages(word);
    for (int l = 0; l < static_cast<int>(Language::kCount); ++l) {
      if (langs & (1u << l)) ++f.foreign_by_language[l];
    }
    if (word_accented) ++f.accented_words;
    if (word_capitalised) ++f.capitalised;
    word.clear();
    word_accented = false;
    word_capitalised = false;
  };
  size_t i = 0;
  while (i < p.size()) {
    core::text::CodePoint cp = DecodeAt(p, i);
    const char32_t c = cp.value;
    CharClass cls = Classify(c);
    if (cls == CharClass::kLetter) {
      ++f.letters;
      if (word.empty()) word_capitalised = core::text::IsUpperLetter(c);
      if (core::text::IsUpperLetter(c)) ++f.upper_letters;
      if (IsAccentedForeign(c)) word_accented = true;
      if (c < 0x80) {
        word.push_back(core::text::AsciiLower(static_cast<char>(c)));
      } else {
        word.append(p.substr(i, cp.length));  // lower-casing non-ASCII is not needed for lists
      }
    } else if ((c == '\'' || c == 0x2019) && !word.empty() && i + cp.length < p.size() &&
               Classify(DecodeAt(p, i + cp.length).value) == CharClass::kLetter) {
      word.push_back('\'');
    } else {
      finish_word();
      if (cls == CharClass::kDigit) ++f.digits;
      if (c == '|' || c == 0x2022 || c == 0xB7 || c == 0xBB) ++f.separators;
      if (c == 0xB0) f.has_degree = true;
      if (c == 0xA9) f.has_copyright = true;
      if (c == ':' && i > 0 && i + 2 < p.size() && core::text::IsAsciiDigit(p[i - 1]) &&
          core::text::IsAsciiDigit(p[i + 1]) && core::text::IsAsciiDigit(p[i + 2])) {
        f.has_clock = true;
      }
    }
    i += cp.length;
  }
  finish_word();
  // Final punctuation, looking through closing quotes and brackets.
  size_t e = p.size();
  while (e > 0) {
    const auto b = static_cast<unsigned char>(p[e - 1]);
    if (b == '"' || b == '\'' || b == ')' || b == ']') {
      --e;
    } else if (e >= 3 && b >= 0x80 && static_cast<unsigned char>(p[e - 3]) == 0xE2 &&
               static_cast<unsigned char>(p[e - 2]) == 0x80 && (b == 0x9D || b == 0x99)) {
      e -= 3;  // ” ’
    } else {
      break;
    }
  }
  if (e > 0) {
    const char last = p[e - 1];
    f.ends_terminal = last == '.' || last == '!' || last == '?' ||
                      (e >= 3 && p.substr(e - 3, 3) == "\xE2\x80\xA6");
  }
  if (!p.empty()) {
    char32_t first = DecodeAt(p, 0).value;
    f.starts_sentence = core::text::IsUpperLetter(first) || core::text::IsAsciiDigit(
                            static_cast<char>(first < 0x80 ? first : 0)) ||
                        first == '"' || first == 0x201C || first == 0x2018 || first == '\'';
  }
  return f;
}

// A complete sentence on its own: capital start, final punctuation, several words, prose-like.
bool IsSentenceLike(const Features& f) {
  return f.starts_sentence && f.ends_terminal && f.words >= 4 &&
         f.stopwords * 5 >= f.words;  // at least 20% function words
}

// The non-English language a paragraph is written in, or kEnglish.
Language ForeignLanguage(const Features& f) {
  int best = -1;
  uint32_t best_count = 0;
  for (int l = 1; l < static_cast<int>(Language::kCount); ++l) {
    if (f.foreign_by_language[l] > best_count) best = l, best_count = f.foreign_by_language[l];
  }
  if (best < 0) return Language::kEnglish;
  const uint32_t evidence = best_count * 2 + f.accented_words;
  // Two or more function words of one language outweighing the English ones, or a short line
  // with no English function word at all and a foreign one.
  if ((best_count >= 2 && evidence > f.stopwords * 2) ||
      (f.stopwords == 0 && best_count >= 1 && f.words >= 3)) {
    return static_cast<Language>(best);
  }
  return Language::kEnglish;
}

// Judges a paragraph on its own. Returns the class and, for kBad, why.
Class Judge(std::string_view p, const CleanOptions& options, std::string* reason) {
  const Features f = Measure(p);
  const bool sentence = IsSentenceLike(f);
  if (f.words == 0) {
    *reason = "no words";
    return Class::kBad;
  }
  if (options.drop_non_english) {
    Language lang = ForeignLanguage(f);
    if (lang != Language::kEnglish) {
      *reason = std::string("not English: ") + core::text::LanguageCode(lang);
      return Class::kBad;
    }
  }
  const double interface_density = double(f.interface_words) / f.words;
  if (f.separators >= 2 || (f.separators >= 1 && !sentence)) {
    *reason = "navigation";
    return Class::kBad;
  }
  if (f.has_copyright) {
    *reason = "credit or copyright";
    return Class::kBad;
  }
  if (f.has_degree && f.length < options.length_high && !sentence) {
    *reason = "weather banner";
    return Class::kBad;
  }
  if (f.letters >= 4 && f.upper_letters * 10 >= f.letters * 9 && !sentence) {
    *reason = "banner (all capitals)";
    return Class::kBad;
  }
  if (f.has_clock && !sentence && f.length < options.length_low) {
    *reason = "media player or time banner";
    return Class::kBad;
  }
  if (interface_density >= 0.5 || (!sentence && f.interface_words >= 1 &&
                                    interface_density >= 0.2 && f.length < options.length_high)) {
    *reason = "page furniture (interface words)";
    return Class::kBad;
  }
  if (sentence && interface_density >= 0.25 && f.length < options.length_high) {
    return Class::kShort;  // "Sign up for our newsletter." reads like a sentence: ask the context
  }
  const double density = double(f.stopwords) / f.words;
  if (f.length < options.length_low) {
    if (sentence) return Class::kNearGood;
    return Class::kShort;
  }
  if (!f.ends_terminal && f.capitalised * 10 >= f.words * 6 && f.length < 160) {
    *reason = "headline or link list";
    return Class::kBad;
  }
  if (density >= options.stopwords_high) {
    // News paragraphs are often one or two sentences, shorter than jusText's web paragraphs:
    // a whole prose sentence of moderate length is enough.
    const bool long_enough =
        f.length >= options.length_high || (sentence && f.length >= options.length_sentence);
    return long_enough ? Class::kGood : Class::kNearGood;
  }
  if (density >= options.stopwords_low) return Class::kNearGood;
  // A terse but whole sentence ("Norland fired 40 rockets at the port overnight, its navy
  // said on Monday.") is news text when prose surrounds it.
  if (f.starts_sentence && f.ends_terminal && f.words >= 8 &&
      density >= options.stopwords_low / 2) {
    return Class::kNearGood;
  }
  *reason = "boilerplate (few function words)";
  return Class::kBad;
}

// Nearest class on one side that is good or bad (or also near-good), skipping short ones;
// the document edge counts as bad.
Class Neighbour(const std::vector<Paragraph>& ps, size_t i, int step, bool ignore_near_good,
                bool use_final) {
  for (auto k = static_cast<long>(i) + step; k >= 0 && k < static_cast<long>(ps.size());
       k += step) {
    Class c = use_final ? ps[k].final_class : ps[k].initial;
    if (c == Class::kShort) continue;
    if (c == Class::kNearGood && ignore_near_good) continue;
    return c;
  }
  return Class::kBad;
}

constexpr uint32_t kEdge = 1u << 30;

// How many boilerplate paragraphs lie between paragraph i and the nearest kept-looking one
// (good or near-good) on one side; kEdge when the page ends first.
uint32_t BadGap(const std::vector<Paragraph>& ps, size_t i, int step) {
  uint32_t gap = 0;
  for (auto k = static_cast<long>(i) + step; k >= 0 && k < static_cast<long>(ps.size());
       k += step) {
    const Class c = ps[k].final_class;
    if (c == Class::kGood || c == Class::kNearGood) return gap;
    if (c == Class::kBad) ++gap;
  }
  return kEdge;
}

// "12 March 2025", "March 12, 2025", "2025-03-12" → ISO date; "" when none.
std::string FindDate(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  // Tokens of letters or digits.
  std::vector<std::string> toks;
  std::string cur;
  for (char ch : s) {
    if (core::text::IsAsciiDigit(ch) || core::text::IsAsciiLower(ch) ||
        core::text::IsAsciiUpper(ch) || ch == '-') {
      cur.push_back(core::text::AsciiLower(ch));
    } else if (!cur.empty()) {
      toks.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) toks.push_back(cur);
  auto month_of = [&](const std::string& t) -> int {
    if (t.size() < 3) return 0;
    for (size_t m = 0; m < kMonths.size(); ++m) {
      if (t.compare(0, 3, kMonths[m]) == 0) return static_cast<int>(m) + 1;
    }
    return 0;
  };
  auto number = [](const std::string& t, int lo, int hi) -> int {
    if (t.empty() || t.size() > 4) return 0;
    int v = 0;
    for (char ch : t) {
      if (!core::text::IsAsciiDigit(ch)) return 0;
      v = v * 10 + (ch - '0');
    }
    return v >= lo && v <= hi ? v : 0;
  };
  auto iso = [](int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
  };
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string& t = toks[i];
    if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
      int y = number(t.substr(0, 4), 1900, 2100);
      int m = number(t.substr(5, 2), 1, 12);
      int d = number(t.substr(8, 2), 1, 31);
      if (y && m && d) return iso(y, m, d);
    }
    if (int m = month_of(t); m != 0 && t.size() <= 9) {
      // Month day, year
      if (i + 2 < toks.size()) {
        int d = number(toks[i + 1], 1, 31);
        int y = number(toks[i + 2], 1900, 2100);
        if (d && y) return iso(y, m, d);
      }
      // day Month year
      if (i >= 1 && i + 1 < toks.size()) {
        int d = number(toks[i - 1], 1, 31);
        int y = number(toks[i + 1], 1900, 2100);
        if (d && y) return iso(y, m, d);
      }
    }
  }
  return "";
}

bool StartsWithWord(std::string_view s, std::string_view w) {
  if (s.size() <= w.size() || s.substr(0, w.size()) != w) return false;
  const char next = s[w.size()];
  return next == ' ' || next == ':' || next == '\t';
}

// Lines that carry metadata rather than text: "By Jane Doe", "Published 12 March 2025",
// "Source: Reuters". Fills the report and returns the reason, or "" when not such a line.
std::string MetadataLine(std::string_view p, CleanReport* report) {
  if (p.size() > 120) return "";
  const Features f = Measure(p);
  if ((StartsWithWord(p, "By") || StartsWithWord(p, "BY")) && !f.ends_terminal &&
      f.words <= 12 && f.capitalised * 2 >= f.words) {
    if (report->byline.empty()) {
      std::string_view name = p.substr(3);
      for (std::string_view sep : {" | ", " - ", ", ", " \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
        size_t cut = name.find(sep);
        if (cut != std::string_view::npos) name = name.substr(0, cut);
      }
      while (!name.empty() && (name.front() == ' ' || name.front() == ':')) name.remove_prefix(1);
      report->byline = std::string(name);
    }
    return "byline";
  }
  if (StartsWithWord(p, "Source") && f.words <= 6) {
    if (report->source.empty()) {
      std::string_view rest = p.substr(6);
      while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) rest.remove_prefix(1);
      report->source = std::string(rest);
    }
    return "source line";
  }
  std::string date = FindDate(p);
  if (!date.empty() && f.words <= 10 && !IsSentenceLike(f)) {
    if (report->published.empty()) report->published = date;
    return "date line";
  }
  return "";
}

// "MOSCOW (Reuters) - " or "KYIV, Ukraine — " at the front of a paragraph: the length of the
// prefix, and the place and outlet it names. 0 when there is none.
size_t Dateline(std::string_view p, std::string* place, std::string* outlet) {
  size_t i = 0;
  // An upper-case place name (letters, spaces, dots, hyphens), at least three capitals.
  int capitals = 0;
  while (i < p.size() && (core::text::IsAsciiUpper(p[i]) || p[i] == ' ' || p[i] == '.' ||
                          p[i] == '-' || p[i] == '\'')) {
    if (core::text::IsAsciiUpper(p[i])) ++capitals;
    if (p[i] == '-' && i + 1 < p.size() && p[i + 1] == ' ') break;
    ++i;
  }
  if (capitals < 3 || i > 40) return 0;
  size_t place_end = i;
  while (place_end > 0 && p[place_end - 1] == ' ') --place_end;
  if (place_end == 0 || !core::text::IsAsciiUpper(p[place_end - 1])) return 0;
  // An optional ", Region" of capitalised words.
  if (i < p.size() && p[i] == ',') {
    size_t k = i + 1;
    while (k < p.size() && p[k] == ' ') ++k;
    size_t region_start = k;
    while (k < p.size() && (core::text::IsAsciiUpper(p[k]) || core::text::IsAsciiLower(p[k]) ||
                            p[k] == ' ' || p[k] == '.')) {
      ++k;
    }
    if (k == region_start || k - region_start > 30) return 0;
    i = k;
  }
  while (i < p.size() && p[i] == ' ') ++i;
  std::string found_outlet;
  if (i < p.size() && p[i] == '(') {
    size_t close = p.find(')', i);
    if (close == std::string_view::npos || close - i > 40) return 0;
    found_outlet = std::string(p.substr(i + 1, close - i - 1));
    i = close + 1;
    while (i < p.size() && p[i] == ' ') ++i;
  }
  size_t dash = 0;
  if (i < p.size() && (p[i] == '-' || p[i] == ':')) {
    dash = 1;
    while (i + dash < p.size() && p[i + dash] == '-') ++dash;
  } else if (p.substr(i, 3) == "\xE2\x80\x94" || p.substr(i, 3) == "\xE2\x80\x93") {
    dash = 3;
  }
  if (dash == 0) return 0;
  i += dash;
  if (i >= p.size() || p[i] != ' ') return 0;
  while (i < p.size() && p[i] == ' ') ++i;
  if (i >= p.size()) return 0;
  *place = std::string(p.substr(0, place_end));
  *outlet = found_outlet;
  return i;
}

}  // namespace

uint32_t CleanReport::ToOriginal(uint32_t cleaned_offset) const {
  uint32_t result = 0;
  for (const CleanedParagraph& p : paragraphs) {
    if (!p.kept) continue;
    if (cleaned_offset < p.cleaned_begin) return result;  // inside a separator
    const uint32_t start = p.begin + p.removed_prefix;
    const uint32_t length = p.end - start;
    if (cleaned_offset <= p.cleaned_begin + length) return start + (cleaned_offset - p.cleaned_begin);
    result = p.end;
  }
  return result;
}

CleanResult CleanText(std::string_view text, const CleanOptions& options) {
  CleanResult result;
  CleanReport& report = result.report;
  // Paragraphs: non-empty lines, trimmed.
  std::vector<Paragraph> ps;
  size_t pos = 0;
  int newlines_since = 2;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    size_t b = pos;
    size_t e = eol;
    auto is_space = [&](size_t k) {
      core::text::CodePoint cp = DecodeAt(text, k);
      return Classify(cp.value) == CharClass::kSpace;
    };
    while (b < e && is_space(b)) b += DecodeAt(text, b).length;
    while (e > b) {
      size_t k = e - 1;
      while (k > b && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
      if (!is_space(k)) break;
      e = k;
    }
    if (b < e) {
      Paragraph p;
      p.begin = static_cast<uint32_t>(b);
      p.end = static_cast<uint32_t>(e);
      p.blank_before = newlines_since >= 2;
      ps.push_back(p);
      newlines_since = 0;
    }
    ++newlines_since;
    pos = eol + 1;
  }

  std::vector<std::string> reasons(ps.size());
  for (size_t i = 0; i < ps.size(); ++i) {
    Paragraph& p = ps[i];
    std::string_view s = text.substr(p.begin, p.end - p.begin);
    if (options.extract_metadata) {
      std::string why = MetadataLine(s, &report);
      if (!why.empty()) {
        p.initial = Class::kBad;
        p.reason = why;
        continue;
      }
      std::string place;
      std::string outlet;
      size_t cut = Dateline(s, &place, &outlet);
      if (cut != 0) {
        p.cut = static_cast<uint32_t>(cut);
        if (report.dateline.empty()) report.dateline = place;
        // "ARDEN (14 March 2025) -": the parentheses hold the date, not an outlet.
        const std::string date = FindDate(outlet);
        if (!date.empty()) {
          if (report.published.empty()) report.published = date;
        } else if (report.source.empty()) {
          report.source = outlet;
        }
        s.remove_prefix(cut);
      }
    }
    p.initial = Judge(s, options, &p.reason);
  }

  // Context: short paragraphs first (against the initial classes), then near-good ones.
  for (Paragraph& p : ps) p.final_class = p.initial;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].initial != Class::kShort) continue;
    const Class prev = Neighbour(ps, i, -1, true, false);
    const Class next = Neighbour(ps, i, +1, true, false);
    Class c;
    if (prev == Class::kGood && next == Class::kGood) {
      c = Class::kGood;
    } else if (prev == Class::kBad && next == Class::kBad) {
      c = Class::kBad;
    } else if ((prev == Class::kBad && Neighbour(ps, i, -1, false, false) == Class::kNearGood) ||
               (next == Class::kBad && Neighbour(ps, i, +1, false, false) == Class::kNearGood)) {
      c = Class::kGood;
    } else {
      c = Class::kBad;
    }
    ps[i].final_class = c;
    ps[i].reason = c == Class::kGood ? "short, between prose" : "short, beside boilerplate";
  }
  // With no good paragraph at all (a very short item), the longest near-good one anchors it.
  if (std::none_of(ps.begin(), ps.end(),
                   [](const Paragraph& p) { return p.final_class == Class::kGood; })) {
    size_t best = ps.size();
    for (size_t i = 0; i < ps.size(); ++i) {
      if (ps[i].final_class == Class::kNearGood &&
          (best == ps.size() || ps[i].end - ps[i].begin > ps[best].end - ps[best].begin)) {
        best = i;
      }
    }
    if (best < ps.size()) ps[best].final_class = Class::kGood;
  }
  // Near-good paragraphs stay unless boilerplate surrounds them: a run of near-good
  // paragraphs holds itself up, and at the edge of the page one boilerplate line (a share
  // button) between it and the article does not cut it off.
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].initial != Class::kNearGood || ps[i].final_class != Class::kNearGood) continue;
    const uint32_t prev = BadGap(ps, i, -1);
    const uint32_t next = BadGap(ps, i, +1);
    const bool keep = prev == 0 || next == 0 || (prev == kEdge && next <= 1) ||
                      (next == kEdge && prev <= 1);
    ps[i].final_class = keep ? Class::kGood : Class::kBad;
    ps[i].reason = keep ? "near prose, beside prose" : "near prose, between boilerplate";
  }

  // Output.
  for (Paragraph& p : ps) {
    CleanedParagraph out;
    out.begin = p.begin;
    out.end = p.end;
    out.kept = p.final_class == Class::kGood || p.final_class == Class::kNearGood;
    out.removed_prefix = out.kept ? p.cut : 0;
    out.reason = p.reason.empty() ? "prose" : p.reason;
    if (out.kept) {
      if (!result.text.empty()) result.text += p.blank_before ? "\n\n" : "\n";
      out.cleaned_begin = static_cast<uint32_t>(result.text.size());
      result.text.append(text.substr(p.begin + p.cut, p.end - p.begin - p.cut));
      if (p.cut != 0) out.reason += " (dateline removed)";
    }
    report.paragraphs.push_back(std::move(out));
  }
  return result;
}

}  // namespace kg
