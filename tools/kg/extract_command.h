// `kg extract`: statements from sentences (one per line) without a store.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kg::cli {

// One line of help for the command table.
inline constexpr const char* kExtractSummary =
    "extract statements from sentences (one per line) without a store";

// Runs `kg extract` with `args` (the words after "extract"). Reads FILE, or standard input when
// none is given or it is '-'. Returns 0 ok, 1 user error (bad usage, unreadable file, a line
// that is not valid UTF-8: reported with its line number, the other lines still run), 2
// internal error.
int RunExtract(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err);

}  // namespace kg::cli
