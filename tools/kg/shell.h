// `kg shell` and `kg query`: KGQL statements and shell commands (":stats", ...) read from a
// terminal, a script or the command line, with results written in one of the output formats.
// Uses only the public API (include/kg).
#pragma once

#include <iosfwd>
#include <string>

#include "kg/database.h"

namespace kg::cli {

struct QuerySettings {
  // Default: an aligned table.
  OutputFormat format = OutputFormat::kTable;
  // Row, expansion and time limits; `cancel` is set by the shell itself. Default: the
  // QueryOptions defaults.
  QueryOptions options;
  // Print parse, plan and execute times after each statement. Default: false.
  bool timing = false;
};

// Parses "table", "csv", "json" or "jsonl". Returns false for anything else.
bool ParseOutputFormat(const std::string& name, OutputFormat* format);

// Runs the interactive shell on the terminal (standard input and output): line editing,
// history in `history_path` ("" for none), Tab completion, multi-line statements. Returns 0
// when the user leaves (":quit" or Ctrl-D); errors in statements are shown and the shell
// goes on.
int RunInteractiveShell(Database& db, QuerySettings settings, const std::string& history_path,
                        std::ostream& out, std::ostream& err);

// Runs the statements and shell commands of `in` in order, as they complete (so a pipe gets
// results as it feeds statements), without prompts. Stops at the first error, which is
// reported on `err` as `source:line:column: message`. Returns 0, 1 (a user error: bad
// statement, unknown entity, limit, Ctrl-C) or 2 (internal error).
int RunScript(Database& db, QuerySettings settings, std::istream& in, const std::string& source,
              std::ostream& out, std::ostream& err);

}  // namespace kg::cli
