// Small text utilities shared by the whole core: UTF-8 validation, name normalisation, hashing.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kg/status.h"

namespace kg::core {

// OK when `text` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
// Otherwise InvalidArgument naming the byte offset of the first bad sequence.
Status ValidateUtf8(std::string_view text);

// Appends code point `cp` as UTF-8. REQUIRES: cp <= 0x10FFFF and not a surrogate.
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points in valid UTF-8 `text`.
uint64_t CountCodePoints(std::string_view text);

// Folds a name for lookup: lower case, Latin accents removed (é → e, ß → ss), curly quotes
// straightened, "'s" dropped, punctuation and runs of space collapsed to one space, trimmed.
// "Zelenskiy's" → "zelenskiy"; "Mr. Putin" → "mr putin". Non-Latin letters are kept as they are.
std::string NormalizeName(std::string_view name);

// 64-bit and 128-bit stable content hashes (xxHash XXH3). Stable across platforms and releases.
uint64_t Hash64(std::string_view data);
// 32 lower-case hex digits of the 128-bit hash.
std::string Hash128Hex(std::string_view data);

// `value` as 16 lower-case hex digits.
std::string Hex64(uint64_t value);

// The current time, UTC, as ISO 8601 to the second: "2026-11-21T15:52:38Z".
std::string UtcNow();

}  // namespace kg::core
