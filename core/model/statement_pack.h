// A compact in-memory form of kg::Statement: every field in a fixed order, strings as a
// varint length and their bytes, numbers as varints or raw doubles. An import keeps the
// statements its checking pass parsed in this form (about the size of the JSON line, less than
// half of a kg::Statement with its strings), so a large file is parsed once, not twice.
// Not a storage or exchange format: read back only by the process that wrote it.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "kg/model.h"

namespace kg::core {

// Appends `st` to `out`.
void PackStatement(const Statement& st, std::string* out);
// Reads one statement from the front of `*in` (as PackStatement wrote it) into `st`, replacing
// its contents, and advances `*in` past it. False when `*in` is not a whole packed statement.
bool UnpackStatement(std::string_view* in, Statement* st);

}  // namespace kg::core
