// Statement boundaries and the keyword list, for the shell: kg::StatementComplete,
// kg::CompleteStatementsLength and kg::QueryKeywords (kg/query.h).
#include <string>
#include <string_view>
#include <vector>

#include "kg/query.h"

namespace kg {

size_t CompleteStatementsLength(std::string_view text) {
  // The same lexical rules as grammar/KGQL.g4: strings in double quotes with backslash
  // escapes, `--` comments to the end of the line. A `;` inside either does not end anything.
  size_t end = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
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
      "AS", "SHORTEST", "ALL", "PROVENANCE", "CONFLICTS", "EXPLAIN", "EXPORT", "GRAPHML",
      // operators and literals
      "AND", "OR", "NOT", "XOR", "IN", "IS", "NULL", "TRUE", "FALSE", "STARTS", "ENDS", "WITH",
      "CONTAINS",
      // functions
      "count", "collect", "type", "support", "confidence", "sources", "evidence", "length",
      "nodes", "relationships", "any", "none", "min", "max", "sum", "avg"};
  return kKeywords;
}

}  // namespace kg
