// The tokenizer and sentence splitter behind kg::Segment (include/kg/text.h).
//
// Tokens follow the conventions of the UD English treebanks (EWT, GUM), checked against their
// training files: clitics are multiword tokens ("don't" = "do" + "n't", "Bush's" = "Bush" +
// "'s"); hyphens between words are tokens of their own except after a few prefixes ("e-mail",
// "non-profit") and inside phone numbers; a number and a unit are two tokens ("250kg" → "250"
// "kg", "20%" → "20" "%") while ordinals and decades stay whole ("20th", "1990s"); known
// abbreviations and initials keep their period ("Mr.", "U.S.", "J."); URLs and e-mail
// addresses are one token.
//
// One left-to-right pass over the bytes; no allocation per token beyond the output vectors.
#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "core/text/chars.h"
#include "core/text/lexicon.h"
#include "kg/text.h"

namespace kg {

namespace {

using core::text::AbbreviationKind;
using core::text::CharClass;
using core::text::Classify;
using core::text::CodePoint;
using core::text::DecodeAt;

constexpr char32_t kLeftSingle = 0x2018;
constexpr char32_t kRightSingle = 0x2019;
constexpr char32_t kLeftDouble = 0x201C;
constexpr char32_t kRightDouble = 0x201D;
constexpr char32_t kEllipsis = 0x2026;

bool IsApostrophe(char32_t c) { return c == '\'' || c == kRightSingle; }

// What the sentence splitter needs to know about a token beyond its span.
enum TokenFlag : uint8_t {
  kAbbrevNeverEnds = 1,  // "Mr.", "e.g.", "J."
  kAbbrevMayEnd = 2,     // "etc.", "Inc.", "U.S."
};

// Lower-cases ASCII `s` into `buf` (at most buf.size() bytes); returns false when too long.
template <size_t N>
bool LowerInto(std::string_view s, std::array<char, N>* buf, std::string_view* out) {
  if (s.size() > N) return false;
  for (size_t i = 0; i < s.size(); ++i) (*buf)[i] = core::text::AsciiLower(s[i]);
  *out = std::string_view(buf->data(), s.size());
  return true;
}

bool IsHyphenPrefix(std::string_view lower) {
  static constexpr std::array<std::string_view, 14> kPrefixes = {
      "e", "co", "non", "pre", "post", "ex", "multi", "mid", "anti", "re", "semi", "mini",
      "cross", "pro"};
  return std::find(kPrefixes.begin(), kPrefixes.end(), lower) != kPrefixes.end();
}

bool IsUnit(std::string_view s) {
  static constexpr std::array<std::string_view, 52> kUnits = {
      "km",  "kg",  "g",   "mg",  "cm",  "mm",  "m",   "ft",  "mi",  "mph", "kph", "kmh", "lb",
      "lbs", "oz",  "am",  "pm",  "AM",  "PM",  "k",   "K",   "M",   "MM",  "bn",  "B",   "GB",
      "MB",  "TB",  "KB",  "kb",  "GHz", "MHz", "Hz",  "kHz", "kW",  "MW",  "GW",  "kWh", "mAh",
      "x",   "yr",  "yrs", "hr",  "hrs", "min", "mins", "ml", "dB",  "yd",  "sq",  "tn",  "mln"};
  return std::find(kUnits.begin(), kUnits.end(), s) != kUnits.end();
}

// Contractions written without an apostrophe that UD splits: word → length of the first part.
size_t BareContractionSplit(std::string_view lower) {
  struct Entry {
    std::string_view word;
    size_t split;
  };
  static constexpr std::array<Entry, 12> kEntries = {{{"cannot", 3},
                                                      {"gonna", 3},
                                                      {"wanna", 3},
                                                      {"gotta", 3},
                                                      {"dont", 2},
                                                      {"didnt", 3},
                                                      {"doesnt", 4},
                                                      {"isnt", 2},
                                                      {"wasnt", 3},
                                                      {"couldnt", 5},
                                                      {"wouldnt", 5},
                                                      {"havent", 4}}};
  for (const Entry& e : kEntries) {
    if (e.word == lower) return e.split;
  }
  return 0;
}

class Segmenter {
 public:
  Segmenter(std::string_view text, const SegmentOptions& options, Segmentation* out)
      : t_(text), n_(text.size()), options_(options), out_(out) {}

  void Run() {
    out_->tokens.clear();
    out_->words.clear();
    out_->sentences.clear();
    flags_.clear();
    Tokenize();
    SplitSentences();
  }

 private:
  CodePoint At(size_t i) const { return i < n_ ? DecodeAt(t_, i) : CodePoint{0, 0}; }
  CharClass ClassAt(size_t i) const {
    if (i >= n_) return CharClass::kSpace;
    const auto b = static_cast<unsigned char>(t_[i]);
    if (b < 0x80) return Classify(b);
    return Classify(DecodeAt(t_, i).value);
  }
  bool IsAlnumAt(size_t i) const {
    CharClass c = ClassAt(i);
    return c == CharClass::kLetter || c == CharClass::kDigit;
  }
  bool IsWordCharAt(size_t i) const {
    return IsAlnumAt(i) || (i < n_ && t_[i] == '_');
  }
  bool IsDigitAt(size_t i) const { return i < n_ && core::text::IsAsciiDigit(t_[i]); }
  bool IsLetterAt(size_t i) const { return ClassAt(i) == CharClass::kLetter; }

  void EmitToken(size_t b, size_t e, uint8_t flags = 0) {
    Token tok;
    tok.begin = static_cast<uint32_t>(b);
    tok.end = static_cast<uint32_t>(e);
    tok.first_word = static_cast<uint32_t>(out_->words.size());
    tok.word_count = 1;
    out_->words.push_back({tok.begin, tok.end, static_cast<uint32_t>(out_->tokens.size())});
    out_->tokens.push_back(tok);
    flags_.push_back(flags);
  }

  // A token of two words split at byte `split`.
  void EmitMultiword(size_t b, size_t split, size_t e) {
    if (!options_.split_multiword_tokens) return EmitToken(b, e);
    Token tok;
    tok.begin = static_cast<uint32_t>(b);
    tok.end = static_cast<uint32_t>(e);
    tok.first_word = static_cast<uint32_t>(out_->words.size());
    tok.word_count = 2;
    const auto index = static_cast<uint32_t>(out_->tokens.size());
    out_->words.push_back({tok.begin, static_cast<uint32_t>(split), index});
    out_->words.push_back({static_cast<uint32_t>(split), tok.end, index});
    out_->tokens.push_back(tok);
    flags_.push_back(0);
  }

  void Tokenize() {
    size_t i = 0;
    while (i < n_) {
      const auto b = static_cast<unsigned char>(t_[i]);
      CodePoint cp = b < 0x80 ? CodePoint{b, 1} : DecodeAt(t_, i);
      CharClass cls = Classify(cp.value);
      if (cls == CharClass::kSpace) {
        i += cp.length;
        continue;
      }
      if (cls != CharClass::kPunct || ((b == '#' || b == '@') && IsAlnumAt(i + 1))) {
        size_t url_end = UrlEnd(i);
        if (url_end > i) {
          EmitToken(i, url_end);
          i = url_end;
        } else {
          i = ScanWord(i);
        }
        continue;
      }
      i = Punct(i, cp);
    }
  }

  bool StartsWithNoCase(size_t i, std::string_view prefix) const {
    if (n_ - i < prefix.size()) return false;
    for (size_t k = 0; k < prefix.size(); ++k) {
      if (core::text::AsciiLower(t_[i + k]) != prefix[k]) return false;
    }
    return true;
  }

  // End of a URL starting at `i`, or `i` when there is none. Trailing punctuation that
  // belongs to the sentence (".", ",", a closing bracket without an opening one) stays out.
  size_t UrlEnd(size_t i) const {
    if (!(StartsWithNoCase(i, "http://") || StartsWithNoCase(i, "https://") ||
          StartsWithNoCase(i, "ftp://") || StartsWithNoCase(i, "www.") ||
          StartsWithNoCase(i, "mailto:"))) {
      return i;
    }
    size_t e = i;
    int parens = 0;
    while (e < n_) {
      CodePoint cp = DecodeAt(t_, e);
      if (Classify(cp.value) == CharClass::kSpace) break;
      if (cp.value == kLeftDouble || cp.value == kRightDouble || cp.value == '"' ||
          cp.value == '<' || cp.value == '>') {
        break;
      }
      if (cp.value == '(') ++parens;
      if (cp.value == ')') --parens;
      e += cp.length;
    }
    while (e > i) {
      char c = t_[e - 1];
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
          (c == ')' && parens < 0)) {
        if (c == ')') ++parens;
        --e;
        continue;
      }
      if (e - i >= 3 && static_cast<unsigned char>(t_[e - 1]) == 0x99 &&
          static_cast<unsigned char>(t_[e - 2]) == 0x80 &&
          static_cast<unsigned char>(t_[e - 3]) == 0xE2) {  // ’
        e -= 3;
        continue;
      }
      break;
    }
    return e;
  }

  // Scans a word starting at `i` and emits its token(s); returns where scanning resumes.
  size_t ScanWord(size_t i) {
    size_t j = i;
    if (t_[j] == '#' || t_[j] == '@') ++j;
    bool joined = false;  // whether a joiner (., -, ', ...) has been crossed
    while (true) {
      while (j < n_) {
        const auto b = static_cast<unsigned char>(t_[j]);
        if (b < 0x80) {
          if (!(core::text::IsAsciiDigit(static_cast<char>(b)) ||
                core::text::IsAsciiLower(static_cast<char>(b)) ||
                core::text::IsAsciiUpper(static_cast<char>(b)) || b == '_')) {
            break;
          }
          ++j;
        } else {
          CodePoint cp = DecodeAt(t_, j);
          CharClass c = Classify(cp.value);
          if (c != CharClass::kLetter && c != CharClass::kDigit) break;
          j += cp.length;
        }
      }
      if (j >= n_) break;
      const size_t joined_to = JoinAt(i, j, joined);
      if (joined_to == j) break;
      joined = true;
      j = joined_to;
    }
    size_t e = j;
    uint8_t flags = 0;
    // A period that belongs to the word: abbreviations and initials.
    if (e < n_ && t_[e] == '.' && !(e + 1 < n_ && t_[e + 1] == '.')) {
      flags = AbbreviationFlags(i, e);
      if (flags != 0) ++e;
    }
    // A possessive apostrophe after a plural ("the workers' union"), unless a single quote is
    // open, when it more likely closes that quote.
    if (flags == 0 && e < n_ && !open_single_ && e > i &&
        (t_[e - 1] == 's' || t_[e - 1] == 'S')) {
      CodePoint cp = At(e);
      if (IsApostrophe(cp.value) && !IsAlnumAt(e + cp.length)) {
        EmitMultiword(i, e, e + cp.length);
        return e + cp.length;
      }
    }
    EmitWord(i, e, flags);
    return e;
  }

  // Whether the word scanned from `start` continues across the non-word character at `j`;
  // returns the position after the joined part, or `j` when the word ends there.
  size_t JoinAt(size_t start, size_t j, bool joined) const {
    const char c = t_[j];
    const bool prev_digit = j > start && core::text::IsAsciiDigit(t_[j - 1]);
    switch (c) {
      case '.':
        return IsAlnumAt(j + 1) ? j + 1 : j;
      case ',':
        if (prev_digit && IsDigitAt(j + 1) && IsDigitAt(j + 2) && IsDigitAt(j + 3) &&
            !IsDigitAt(j + 4)) {
          return j + 1;
        }
        return j;
      case ':':
        return prev_digit && IsDigitAt(j + 1) ? j + 1 : j;
      case '\'':
        return IsLetterAt(j + 1) && j > start ? j + 1 : j;
      case '&':
        return j > start && core::text::IsAsciiUpper(t_[j - 1]) && j + 1 < n_ &&
                       core::text::IsAsciiUpper(t_[j + 1])
                   ? j + 1
                   : j;
      case '@':
        return j > start && IsAlnumAt(j + 1) ? j + 1 : j;
      case '/':
        if (prev_digit && IsDigitAt(j + 1)) return j + 1;
        if (j == start + 1 && IsLetterAt(start) && IsLetterAt(j + 1) && !IsLetterAt(j + 2)) {
          return j + 1;  // "l/c"
        }
        return j;
      case '-': {
        if (!IsAlnumAt(j + 1)) return j;
        if (!joined) {
          std::array<char, 8> buf;
          std::string_view lower;
          if (LowerInto(t_.substr(start, j - start), &buf, &lower) && IsHyphenPrefix(lower) &&
              IsLetterAt(j + 1)) {
            return j + 1;
          }
        }
        // Phone-number style digit groups: 713-853-3989 stays one token, 3-4 does not.
        bool all_digits = j > start;
        for (size_t k = start; k < j && all_digits; ++k) all_digits = IsDigitAt(k);
        if (!all_digits || !IsDigitAt(j + 1)) return j;
        size_t k = j;
        int groups = 1;
        while (k < n_ && t_[k] == '-' && IsDigitAt(k + 1)) {
          ++k;
          while (IsDigitAt(k)) ++k;
          ++groups;
        }
        if (groups >= 3 && !IsLetterAt(k)) return k;
        return j;
      }
      default:
        break;
    }
    if (static_cast<unsigned char>(c) == 0xE2 && j + 2 < n_ &&
        static_cast<unsigned char>(t_[j + 1]) == 0x80 &&
        static_cast<unsigned char>(t_[j + 2]) == 0x99) {  // ’ inside a word: don’t, O’Neil
      return j > start && IsLetterAt(j + 3) ? j + 3 : j;
    }
    return j;
  }

  // Token flags when the word [b, e) followed by a period keeps it; 0 when the period is a
  // token of its own.
  uint8_t AbbreviationFlags(size_t b, size_t e) const {
    std::string_view w = t_.substr(b, e - b);
    switch (core::text::LookupAbbreviation(w)) {
      case AbbreviationKind::kNeverEnds:
        return kAbbrevNeverEnds;
      case AbbreviationKind::kMayEnd:
        return kAbbrevMayEnd;
      case AbbreviationKind::kBeforeDigit: {
        size_t k = e + 1;
        while (k < n_ && t_[k] == ' ') ++k;
        return IsDigitAt(k) ? kAbbrevNeverEnds : 0;
      }
      case AbbreviationKind::kNone:
        break;
    }
    // Initials: "J", "U.S", "e.g", "a.m", "Ph.D" (letter groups of at most two, joined by '.').
    if (w.size() == 1) return core::text::IsAsciiUpper(w[0]) ? kAbbrevNeverEnds : 0;
    CodePoint first = DecodeAt(w, 0);
    if (first.length == w.size()) {
      return core::text::IsUpperLetter(first.value) ? kAbbrevNeverEnds : 0;
    }
    size_t group = 0;
    int dots = 0;
    for (char ch : w) {
      if (ch == '.') {
        if (group == 0) return 0;
        group = 0;
        ++dots;
      } else if (core::text::IsAsciiLower(ch) || core::text::IsAsciiUpper(ch)) {
        if (++group > 2) return 0;
      } else {
        return 0;
      }
    }
    if (dots == 0 || group == 0) return 0;
    // "e.g." and "i.e." are followed by more of the sentence; "U.S." often ends one.
    if (w == "e.g" || w == "i.e" || w == "E.g" || w == "I.e" || w == "viz") return kAbbrevNeverEnds;
    return kAbbrevMayEnd;
  }

  // Emits the word [b, e): a number and its unit as two tokens, a contraction as a multiword
  // token, anything else as one token.
  void EmitWord(size_t b, size_t e, uint8_t flags) {
    std::string_view w = t_.substr(b, e - b);
    if (core::text::IsAsciiDigit(w[0])) {
      size_t k = 0;
      while (k < w.size() && (core::text::IsAsciiDigit(w[k]) || w[k] == '.' || w[k] == ',' ||
                              w[k] == ':')) {
        ++k;
      }
      if (k < w.size() && core::text::IsAsciiDigit(w[k - 1]) && IsUnit(w.substr(k))) {
        EmitToken(b, b + k);
        EmitToken(b + k, e);
        return;
      }
      return EmitToken(b, e, flags);
    }
    if (flags != 0 || w.size() < 2) return EmitToken(b, e, flags);
    // Clitics after the last apostrophe: 's 'll 're 've 'd 'm n't (straight or curly).
    size_t apos = std::string_view::npos;
    size_t apos_len = 0;
    for (size_t k = w.size(); k-- > 1;) {
      if (w[k] == '\'') {
        apos = k, apos_len = 1;
        break;
      }
      if (k >= 2 && static_cast<unsigned char>(w[k]) == 0x99 &&
          static_cast<unsigned char>(w[k - 1]) == 0x80 &&
          static_cast<unsigned char>(w[k - 2]) == 0xE2) {
        apos = k - 2, apos_len = 3;
        break;
      }
    }
    if (apos != std::string_view::npos && apos > 0) {
      std::array<char, 4> buf;
      std::string_view suffix;
      if (LowerInto(w.substr(apos + apos_len), &buf, &suffix)) {
        if (suffix == "t" && apos >= 2 && (w[apos - 1] == 'n' || w[apos - 1] == 'N')) {
          return EmitMultiword(b, b + apos - 1, e);
        }
        if (suffix == "s" || suffix == "ll" || suffix == "re" || suffix == "ve" || suffix == "d" ||
            suffix == "m") {
          return EmitMultiword(b, b + apos, e);
        }
      }
      return EmitToken(b, e, flags);
    }
    if (w.size() >= 4 && w.size() <= 8) {
      std::array<char, 8> buf;
      std::string_view lower;
      if (LowerInto(w, &buf, &lower)) {
        size_t split = BareContractionSplit(lower);
        if (split != 0) return EmitMultiword(b, b + split, e);
      }
    }
    EmitToken(b, e, flags);
  }

  // Emits the punctuation token at `i` (a run for "...", "--", "!!", "?!", "``", "''").
  size_t Punct(size_t i, CodePoint cp) {
    const char32_t c = cp.value;
    if (c == '.' || c == '-' || c == '`' || c == '*' || c == '=' || c == '_') {
      size_t e = i;
      while (e < n_ && t_[e] == static_cast<char>(c)) ++e;
      if (e - i >= 2 || c == '.' || c == '-') {
        EmitToken(i, e);
        return e;
      }
    }
    if (c == '!' || c == '?') {
      size_t e = i;
      while (e < n_ && (t_[e] == '!' || t_[e] == '?')) ++e;
      EmitToken(i, e);
      return e;
    }
    if (c == '\'' && i > 0 && ClassAt(i - 1) == CharClass::kSpace) {
      // Text tokenised the Penn Treebank way ("the book 's return"): a clitic standing alone
      // after a space is one token, as it would have been attached to its word.
      size_t e = i + 1;
      while (e < n_ && e - i <= 3 && core::text::IsAsciiLower(t_[e])) ++e;
      const std::string_view clitic = t_.substr(i + 1, e - i - 1);
      if (!IsLetterAt(e) && (clitic == "s" || clitic == "ll" || clitic == "re" ||
                             clitic == "ve" || clitic == "d" || clitic == "m")) {
        EmitToken(i, e);
        return e;
      }
    }
    if (c == '\'' || c == kLeftSingle || c == kRightSingle) {
      if (c == '\'' && i + 1 < n_ && t_[i + 1] == '\'') {
        EmitToken(i, i + 2);
        return i + 2;
      }
      // An opening quote follows a space, a line start or an opening bracket.
      const bool after_space =
          i == 0 || ClassAt(i - 1) == CharClass::kSpace || t_[i - 1] == '(' || t_[i - 1] == '[';
      if (c == kLeftSingle || (after_space && c != kRightSingle)) {
        open_single_ = true;
      } else {
        open_single_ = false;
      }
    }
    if (c == '"' || c == kLeftDouble || c == kRightDouble) open_single_ = false;
    EmitToken(i, i + cp.length);
    return i + cp.length;
  }

  // ---------------------------------------------------------------------------------------
  // Sentences.

  bool IsTerminal(const Token& tok) const {
    std::string_view s = t_.substr(tok.begin, tok.end - tok.begin);
    if (s == "." || s == "!" || s == "?") return true;
    char c = s[0];
    if (c == '.' || c == '!' || c == '?') {
      return std::all_of(s.begin(), s.end(), [](char x) { return x == '.' || x == '!' || x == '?'; });
    }
    return s == "\xE2\x80\xA6";  // …
  }

  bool IsEllipsis(const Token& tok) const {
    std::string_view s = t_.substr(tok.begin, tok.end - tok.begin);
    return s == "\xE2\x80\xA6" || (s.size() >= 2 && s[0] == '.' && s[1] == '.');
  }

  // A closing quote or bracket that stays with the sentence before it.
  bool IsCloser(uint32_t k) const {
    const Token& tok = out_->tokens[k];
    CodePoint cp = DecodeAt(t_, tok.begin);
    if (cp.length != tok.end - tok.begin) return s_eq(tok, "''");
    const char32_t c = cp.value;
    if (c == kRightDouble || c == kRightSingle || c == ')' || c == ']' || c == 0xBB) return true;
    if (c == '"' || c == '\'') {
      // A straight quote closes when it touches the token before it.
      return tok.begin == out_->tokens[k - 1].end;
    }
    return false;
  }
  bool s_eq(const Token& tok, std::string_view s) const {
    return t_.substr(tok.begin, tok.end - tok.begin) == s;
  }

  // Line breaks in the space between tokens k and k + 1 (2 means a blank line or more).
  int LineBreaksAfter(uint32_t k) const {
    const uint32_t from = out_->tokens[k].end;
    const uint32_t to = out_->tokens[k + 1].begin;
    int breaks = 0;
    for (uint32_t p = from; p < to; ++p) {
      if (t_[p] == '\n' || (t_[p] == '\r' && (p + 1 >= to || t_[p + 1] != '\n'))) {
        if (++breaks >= 2) return 2;
      }
    }
    return breaks;
  }

  bool StartsLower(const Token& tok) const {
    return core::text::IsLowerLetter(DecodeAt(t_, tok.begin).value);
  }
  bool StartsUpper(const Token& tok) const {
    return core::text::IsUpperLetter(DecodeAt(t_, tok.begin).value);
  }

  // Whether a sentence may start with `tok` after a sentence-final period.
  bool CanStartSentence(const Token& tok) const {
    CodePoint cp = DecodeAt(t_, tok.begin);
    if (core::text::IsLowerLetter(cp.value)) return false;
    switch (cp.value) {
      case ',':
      case ';':
      case ':':
      case ')':
      case ']':
      case '}':
      case '%':
      case '.':
      case '!':
      case '?':
        return false;
      default:
        return true;
    }
  }

  // After "etc." or "U.S.": a new sentence only when a typical first word follows.
  bool LooksLikeSentenceStart(const Token& tok) const {
    CodePoint cp = DecodeAt(t_, tok.begin);
    if (cp.value == '"' || cp.value == kLeftDouble || cp.value == kLeftSingle) return true;
    if (!StartsUpper(tok)) return false;
    std::array<char, 16> buf;
    std::string_view lower;
    const kg::Word& w = out_->words[tok.first_word];
    if (!LowerInto(t_.substr(w.begin, w.end - w.begin), &buf, &lower)) return false;
    return core::text::IsEnglishStopword(lower);
  }

  void SplitSentences() {
    const auto count = static_cast<uint32_t>(out_->tokens.size());
    uint32_t start = 0;
    for (uint32_t k = 0; k < count; ++k) {
      uint32_t last = k;  // the sentence would end after token `last`
      bool boundary = false;
      if (k + 1 == count) {
        boundary = true;
      } else {
        const Token& tok = out_->tokens[k];
        const bool terminal = IsTerminal(tok);
        const bool may_end = (flags_[k] & kAbbrevMayEnd) != 0;
        if (terminal || may_end) {
          while (last + 1 < count && LineBreaksAfter(last) == 0) {
            if (IsCloser(last + 1)) {
              ++last;
            } else if (uint32_t ref_end = CitationEnd(last + 1); ref_end != 0) {
              last = ref_end - 1;
            } else {
              break;
            }
          }
        }
        if (last + 1 == count) {
          boundary = true;
        } else {
          const int breaks = LineBreaksAfter(last);
          const Token& next = out_->tokens[last + 1];
          if (breaks >= 2) {
            boundary = true;
          } else if (breaks == 1 && options_.line_break_ends_sentence && !StartsLower(next)) {
            boundary = true;
          } else if (terminal) {
            // "2." or "iv." opening a numbered line is a list label, not a sentence.
            const bool list_label = k == start + 1 && s_eq(tok, ".") && IsListNumber(start);
            boundary = !list_label && CanStartSentence(next) &&
                       (!IsEllipsis(tok) || StartsUpper(next));
          } else if (may_end) {
            boundary = LooksLikeSentenceStart(next);
          }
        }
      }
      if (!boundary) continue;
      AddSentence(start, last + 1);
      start = last + 1;
      k = last;
    }
  }

  // A footnote mark right after a sentence's period ("[12]", "[3 - 5]"): one past its "]",
  // or 0 when token k does not start one.
  uint32_t CitationEnd(uint32_t k) const {
    const auto count = static_cast<uint32_t>(out_->tokens.size());
    if (!s_eq(out_->tokens[k], "[") || out_->tokens[k].begin != out_->tokens[k - 1].end) return 0;
    for (uint32_t m = k + 1; m < count && m < k + 8; ++m) {
      const Token& t = out_->tokens[m];
      if (s_eq(t, "]")) return m > k + 1 ? m + 1 : 0;
      const char c = t_[t.begin];
      if (!core::text::IsAsciiDigit(c) && c != ',' && c != '-' &&
          static_cast<unsigned char>(c) != 0xE2) {
        return 0;
      }
    }
    return 0;
  }

  // Whether token k is a number or roman numeral at the start of a line.
  bool IsListNumber(uint32_t k) const {
    const Token& t = out_->tokens[k];
    if (t.begin != 0) {
      uint32_t p = t.begin;
      while (p > 0 && (t_[p - 1] == ' ' || t_[p - 1] == '\t')) --p;
      if (p > 0 && t_[p - 1] != '\n' && t_[p - 1] != '\r') return false;
    }
    if (t.end - t.begin > 4) return false;
    for (uint32_t p = t.begin; p < t.end; ++p) {
      const char c = t_[p];
      if (!core::text::IsAsciiDigit(c) && c != 'i' && c != 'v' && c != 'x' && c != 'I' &&
          c != 'V' && c != 'X') {
        return false;
      }
    }
    return true;
  }

  void AddSentence(uint32_t first, uint32_t end) {
    Sentence s;
    s.first_token = first;
    s.end_token = end;
    s.begin = out_->tokens[first].begin;
    s.end = out_->tokens[end - 1].end;
    s.first_word = out_->tokens[first].first_word;
    s.end_word = out_->tokens[end - 1].first_word + out_->tokens[end - 1].word_count;
    out_->sentences.push_back(s);
  }

  std::string_view t_;
  size_t n_;
  const SegmentOptions& options_;
  Segmentation* out_;
  std::vector<uint8_t> flags_;  // TokenFlag bits per token
  bool open_single_ = false;    // an opening single quote has not been closed yet
};

}  // namespace

Status Segment(std::string_view text, Segmentation* out, const SegmentOptions& options) {
  if (text.size() >= (uint64_t{1} << 32)) {
    return Status::InvalidArgument("text of " + std::to_string(text.size()) +
                                   " bytes is too long to segment (limit 4 GiB)");
  }
  Segmenter(text, options, out).Run();
  return Status::OK();
}

std::vector<uint32_t> CodePointOffsets(std::string_view text) {
  std::vector<uint32_t> offsets(text.size() + 1);
  uint32_t cp = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    // Continuation bytes belong to the character their sequence started.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      offsets[i] = cp++;
    } else {
      offsets[i] = cp == 0 ? 0 : cp - 1;
    }
  }
  offsets[text.size()] = cp;
  return offsets;
}

}  // namespace kg
