// Statement boundaries and the keyword list, for the shell: kg::StatementComplete,
// kg::CompleteStatementsLength and kg::QueryKeywords (kg/query.h).
#include <string>
#include <string_view>
#include <vector>

#include "kg/query.h"

namespace kg {

size_t CompleteStatementsLength(std::string_view text) {
  // The lexical rules of grammar/KGQL.g4: strings in double quotes with backslash escapes,
  // names in backquotes, neither running past the end of a line; `--` comments to the end of
  // the line. A `;` inside any of them does not end a statement.
  size_t end = 0;
  char quote = 0;  // the open quote, 0 outside strings
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\n') {
        quote = 0;  // unterminated: the parser reports it
      } else if (c == '\\' && quote == '"' && i + 1 < text.size() && text[i + 1] != '\n') {
        ++i;  // the escaped character, whatever it is
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '`') {
      quote = c;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == ';') {
      end = i + 1;
    }
  }
  return end;
}

bool StatementComplete(std::string_view text) { return CompleteStatementsLength(text) > 0; }

const std::vector<std::string>& QueryKeywords() {
  // Upper case for keywords (they are case-insensitive), lower case for functions, as the
  // reference (docs/query-language.md) writes them.
  static const std::vector<std::string> kKeywords = {
      // clauses and modifiers
      "MATCH", "WHERE", "RETURN", "ORDER", "BY", "ASC", "DESC", "SKIP", "LIMIT", "DISTINCT",
      "ASCENDING", "DESCENDING", "AS", "SHORTEST", "ALL", "PROVENANCE", "CONFLICTS", "FOR",
      "EXPLAIN", "EXPORT", "GRAPHML",
      // operators, quantifiers and literals
      "AND", "OR", "NOT", "XOR", "IN", "IS", "NULL", "TRUE", "FALSE", "STARTS", "ENDS", "WITH",
      "CONTAINS", "ANY", "NONE", "SINGLE",
      // functions (query/engine/functions.cc)
      "type", "support", "outlets", "confidence", "sources", "evidence", "length", "nodes",
      "relationships", "startnode", "endnode", "id", "size", "lower", "upper", "tostring",
      "coalesce", "count", "collect", "sum", "avg", "min", "max"};
  return kKeywords;
}

}  // namespace kg
