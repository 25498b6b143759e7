// The KGQL front end: text → AST (query/ast/ast.h). ANTLR is used only behind this header.
// Thread-safety: all functions may be called from several threads at once (each thread keeps
// its own parser setup).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/status.h"
#include "query/ast/ast.h"

namespace kg::query {

// Parses one statement (a trailing `;` is allowed). `text` may hold blanks where earlier
// statements of a script were, so locations are those of the whole script.
// Errors: InvalidArgument with line and column (see LocatedError) naming the offending token and
// what was expected there; invalid UTF-8 and empty statements are InvalidArgument too.
Result<std::unique_ptr<QueryStatement>> ParseStatement(std::string_view text);

// One statement of a script: its text with everything before it blanked (newlines kept), so
// that locations within it are locations within the script.
struct ScriptStatement {
  std::string text;
  SourceLocation start;
};

// Splits `script` at each `;` outside strings, quoted names and comments. Pieces holding only
// blanks and comments are dropped; a last piece without `;` is kept.
std::vector<ScriptStatement> SplitScript(std::string_view script);

// A Status of `code` with `message`, located at `loc` in `text`: the message gets
// "line L, column C: " in front and the offending line with a caret under the column after it.
Status LocatedError(Status::Code code, std::string_view text, SourceLocation loc,
                    const std::string& message);

}  // namespace kg::query
