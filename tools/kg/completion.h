// Tab completion for `kg shell`: what the word before the cursor can become. Separate from the
// line editor so that it can be tested without a terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kg/database.h"

namespace kg::cli {

// Replacements for text[start, cursor): each candidate replaces the word being typed.
struct Completion {
  size_t start = 0;
  std::vector<std::string> candidates;
  // Whether accepting a single candidate should add a space after it (not after a quoted name,
  // which the user usually follows with ')' or a comma).
  bool append_space = true;
};

// A shell command (":mode") and what its argument completes to.
struct ShellCommandInfo {
  std::string name;                  // ":mode"
  std::vector<std::string> choices;  // fixed argument values ("table", "csv"), or empty
  bool takes_name = false;           // the argument is an entity name (":find")
};

// Completes the end of `text` (everything typed so far, earlier lines of the statement
// included, up to the cursor):
//  - inside a double-quoted string: entity names and aliases, quoted and escaped;
//  - a word after ':' or '|' inside [ ]: relation names (predicates);
//  - a word after ':' inside ( ): entity types;
//  - a word at the start of the text beginning with ':': shell commands, then their arguments;
//  - any other word: keywords and function names, then entity names (quoted).
// Names and predicates come from `db` (not owned); types from `types`.
Completion Complete(Database& db, std::string_view text, const std::vector<std::string>& types,
                    const std::vector<ShellCommandInfo>& commands);

// How a name is written as a KGQL string literal: in double quotes, with `"` and `\` escaped.
std::string QuoteName(std::string_view name);

// The longest prefix all of `candidates` share, cut at a whole UTF-8 character.
std::string CommonPrefix(const std::vector<std::string>& candidates);

}  // namespace kg::cli
