// Pieces of the query result writer (kg::WriteQueryResult in kg/query.h) that tests check on
// their own: terminal display width and the JSON form of result values. Not installed.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kg/query.h"

namespace kg::query {

// Columns `text` takes on a terminal: East Asian wide and fullwidth characters (and most
// emoji) take two, combining marks and zero-width characters none, everything else one. Bytes
// that are not valid UTF-8 count one column each (they print as one replacement character).
size_t DisplayWidth(std::string_view text);

// `text` made safe for one table cell: control characters become visible escapes (\n, \t,
// \r, \u001b, ...) so a cell never breaks a row, and invalid UTF-8 becomes U+FFFD.
std::string TableCellText(std::string_view text);

// At most `width` display columns of `text` (after TableCellText), ending in "…" when cut.
// REQUIRES: width >= 1
std::string TruncateToWidth(const std::string& text, size_t width);

// One value as compact JSON text: nodes, relationships, paths and evidence as objects, lists
// as arrays, maps as objects; NaN and infinities as null; invalid UTF-8 replaced by U+FFFD.
std::string ValueToJson(const Value& value);

}  // namespace kg::query
