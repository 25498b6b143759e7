// Character classes of the text pipeline, on UTF-8 bytes, tuned for speed on ASCII.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kg::core::text {

enum class CharClass : uint8_t { kSpace, kLetter, kDigit, kPunct };

struct CodePoint {
  char32_t value = 0;
  uint32_t length = 1;  // bytes; 1 for an invalid byte (decoded as U+FFFD, a letter)
};

// Decodes the code point at byte `i` (REQUIRES: i < s.size()). Never fails: an invalid or
// truncated sequence yields U+FFFD with length 1, so every byte is visited.
inline CodePoint DecodeAt(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  uint32_t len;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {0xFFFD, 1};
  }
  if (i + len > s.size()) return {0xFFFD, 1};
  for (uint32_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, len};
}

// The class of a code point. Non-ASCII code points are letters unless they are known spaces,
// punctuation or symbols (quotes, dashes, bullets, currency, arrows, emoji...).
inline CharClass Classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    if (c <= 0x20 || c == 0x7F) return CharClass::kSpace;
    return CharClass::kPunct;
  }
  if (c < 0xA0) return CharClass::kSpace;  // C1 controls (incl. U+0085 next line)
  if (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
      c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF) {
    return CharClass::kSpace;
  }
  if (c <= 0xBF) return (c == 0xAA || c == 0xB5 || c == 0xBA) ? CharClass::kLetter
                                                               : CharClass::kPunct;
  if (c == 0xD7 || c == 0xF7) return CharClass::kPunct;
  if ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
      (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2100 && c <= 0x214F) ||
      (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3001 && c <= 0x303F) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F) ||
      (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2E00 && c <= 0x2E7F) || c == 0xFFFC) {
    return CharClass::kPunct;
  }
  if (c >= 0x0300 && c <= 0x036F) return CharClass::kLetter;  // combining marks join words
  return CharClass::kLetter;
}

inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline char AsciiLower(char c) { return IsAsciiUpper(c) ? static_cast<char>(c + 32) : c; }

// Upper/lower case for the letters news text uses: ASCII, Latin-1, Latin Extended-A, Greek and
// Cyrillic. Other scripts count as neither.
inline bool IsUpperLetter(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) return (c & 1) == 0;
  if (c >= 0x391 && c <= 0x3AB) return true;
  if (c >= 0x400 && c <= 0x42F) return true;
  return false;
}
inline bool IsLowerLetter(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
  if (c >= 0x100 && c <= 0x17F) return (c & 1) == 1;
  if (c >= 0x3AC && c <= 0x3CE) return true;
  if (c >= 0x430 && c <= 0x45F) return true;
  return false;
}

}  // namespace kg::core::text
