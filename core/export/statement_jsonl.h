// The statement JSON Lines interchange format (docs/formats.md): one statement per line.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kg/model.h"
#include "kg/status.h"

namespace kg::core {

// Parses one line (without its newline) into a Statement.
// Accepts what the format allows: qualifier references as an id string or {"id","name"},
// quantity as a number, a string ("at least 12") or {"value","comparator","unit"}, missing
// optional fields. Unknown fields are ignored. `support`, `outlets` and `id` are read but the
// store recomputes them.
// Errors: InvalidArgument naming the field (and the column for JSON syntax errors); the caller
// adds the line number. Invalid UTF-8 is an error, never repaired silently.
// Well-formed lines take a simdjson fast path; anything it is not sure of goes through
// ParseStatementJsonSlow, so the result (and every error) is the slow path's.
Result<Statement> ParseStatementJson(std::string_view line);
// Bytes that must be readable after a line for ParseValidStatementJson to read it in place.
inline constexpr size_t kJsonLinePadding = 64;

// Parses `line` into *statement and checks it: the same result and error as ParseStatementJson
// followed by ValidateStatement (core/model/statement_key.h), made for streams of lines: the
// strings and vectors *statement holds keep their memory, and text the JSON parser checked is
// not checked for UTF-8 again. `padded`: at least kJsonLinePadding readable bytes (any content)
// follow the line, so it is parsed in place, not copied. On error *statement is unspecified.
Status ParseValidStatementJson(std::string_view line, bool padded, Statement* statement);
// The same through nlohmann/json alone: the reference the fast path must agree with.
Result<Statement> ParseStatementJsonSlow(std::string_view line);

// Formats `statement` as one line (no newline) with a fixed field order, so that export →
// import → export gives identical bytes: id, subject, predicate, object, qualifiers,
// confidence, support, outlets, evidence. Aliases are written sorted by text; evidence in the
// order given.
std::string FormatStatementJson(const Statement& statement);

}  // namespace kg::core
