// The `kg` command-line interface. Uses only the public API (include/kg).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kg::cli {

// Runs `kg` with `args` (without the program name). Returns the exit code:
// 0 ok, 1 user error (bad usage, bad input, missing or locked store), 2 internal error.
int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace kg::cli
