#include "core/util/text.h"

#include <xxhash.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace kg::core {

namespace {

// Decodes one code point at `i`; returns its length, or 0 when the sequence is invalid.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}


// Latin-1 Supplement and Latin Extended-A letters folded to ASCII (lower case).
const char* FoldLatin(char32_t cp) {
  static const char* const kLatin1[] = {
      // U+00C0 .. U+00FF
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
  static const char* const kExtA[] = {
      // U+0100 .. U+017F, pairs of upper/lower case
      "a", "a", "a",  "a",  "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
      "d", "d", "e",  "e",  "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
      "g", "g", "g",  "g",  "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
      "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
      "l", "l", "l",  "n",  "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
      "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
      "s", "s", "t",  "t",  "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
      "u", "u", "u",  "u",  "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"};
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) return kExtA[cp - 0x100];
  return nullptr;
}

bool IsApostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

}  // namespace

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Status ValidateUtf8(std::string_view text) {
  size_t i = 0;
  char32_t cp;
  while (i < text.size()) {
    // ASCII (most text) eight bytes at a time.
    uint64_t word;
    if (i + 8 <= text.size() &&
        (std::memcpy(&word, text.data() + i, 8), (word & 0x8080808080808080ull) == 0)) {
      i += 8;
      continue;
    }
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "invalid UTF-8 at byte offset %zu (byte 0x%02X)", i,
                    static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      return Status::InvalidArgument(buf);
    }
    i += len;
  }
  return Status::OK();
}

uint64_t CountCodePoints(std::string_view text) {
  uint64_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string NormalizeName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < name.size()) {
    char32_t cp;
    size_t len = DecodeUtf8(name, i, &cp);
    if (len == 0) {  // invalid byte: treat as a separator
      pending_space = !out.empty();
      ++i;
      continue;
    }
    i += len;
    // Possessive "'s" / "’s" at the end of a word is dropped.
    if (IsApostrophe(cp) && i < name.size() && (name[i] == 's' || name[i] == 'S') &&
        (i + 1 == name.size() || !std::isalnum(static_cast<unsigned char>(name[i + 1])))) {
      ++i;
      continue;
    }
    if (IsApostrophe(cp)) continue;  // O'Brien → obrien
    std::string piece;
    if (cp < 0x80) {
      if (std::isalnum(static_cast<int>(cp))) {
        piece.push_back(static_cast<char>(std::tolower(static_cast<int>(cp))));
      } else if (cp == '%' || cp == '$') {
        piece.push_back(static_cast<char>(cp));
      }
    } else if (const char* folded = FoldLatin(cp)) {
      piece = folded;
    } else if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0xA0 || (cp >= 0xA1 && cp <= 0xBF) ||
               cp == 0xD7 || cp == 0xF7 || (cp >= 0x3000 && cp <= 0x303F)) {
      // general punctuation, spaces, symbols: separators
    } else if (cp >= 0x0410 && cp <= 0x042F) {  // Cyrillic capitals → lower case
      AppendUtf8(cp + 0x20, &piece);
    } else if (cp >= 0x0391 && cp <= 0x03A9) {  // Greek capitals → lower case
      AppendUtf8(cp + 0x20, &piece);
    } else {
      AppendUtf8(cp, &piece);
    }
    if (piece.empty()) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out += piece;
  }
  return out;
}

uint64_t Hash64(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

namespace {

// Writes `value` as 16 lower-case hex digits at `out`.
void PutHex64(uint64_t value, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 0xF];
}

}  // namespace

std::string Hash128Hex(std::string_view data) {
  const XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
  std::string out(32, '0');
  PutHex64(h.high64, out.data());
  PutHex64(h.low64, out.data() + 16);
  return out;
}

std::string Hex64(uint64_t value) {
  std::string out(16, '0');
  PutHex64(value, out.data());
  return out;
}

std::string UtcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace kg::core
