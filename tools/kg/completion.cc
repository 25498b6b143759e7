#include "tools/kg/completion.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace kg::cli {

namespace {

// Candidates offered at most: a list longer than a screen helps nobody.
constexpr size_t kMaxCandidates = 60;

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && Lower(text.substr(0, prefix.size())) == Lower(prefix);
}

// A relation name as a pattern writes it: bare when it is one identifier, else in backquotes.
std::string RelationName(const std::string& lemma) {
  const bool bare = !lemma.empty() && !std::isdigit(static_cast<unsigned char>(lemma[0])) &&
                    std::all_of(lemma.begin(), lemma.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                    });
  return bare ? lemma : "`" + lemma + "`";
}

std::vector<std::string> Quoted(Database& db, const std::string& prefix) {
  std::vector<std::string> out;
  Result<std::vector<std::string>> names = db.CompleteNames(prefix, kMaxCandidates);
  if (!names.ok()) return out;
  for (const std::string& n : *names) out.push_back(QuoteName(n));
  return out;
}

Completion CompleteShellCommand(Database& db, std::string_view text, size_t colon,
                                const std::vector<ShellCommandInfo>& commands) {
  Completion c;
  const size_t space = text.find(' ', colon);
  if (space == std::string_view::npos) {
    c.start = colon;
    for (const ShellCommandInfo& cmd : commands) {
      if (cmd.name.compare(0, text.size() - colon, text.substr(colon)) == 0) {
        c.candidates.push_back(cmd.name);
      }
    }
    return c;
  }
  const std::string_view name = text.substr(colon, space - colon);
  size_t arg = space;
  while (arg < text.size() && text[arg] == ' ') ++arg;
  c.start = arg;
  const std::string_view prefix = text.substr(arg);
  for (const ShellCommandInfo& cmd : commands) {
    if (cmd.name != name) continue;
    for (const std::string& choice : cmd.choices) {
      if (StartsWithNoCase(choice, prefix)) c.candidates.push_back(choice);
    }
    if (cmd.takes_name && !prefix.empty()) {
      Result<std::vector<std::string>> names = db.CompleteNames(std::string(prefix), kMaxCandidates);
      if (names.ok()) c.candidates = *names;
      c.append_space = false;
    }
  }
  return c;
}

}  // namespace

std::string QuoteName(std::string_view name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out + "\"";
}

std::string CommonPrefix(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  size_t n = candidates[0].size();
  for (const std::string& c : candidates) {
    size_t i = 0;
    while (i < n && i < c.size() && c[i] == candidates[0][i]) ++i;
    n = i;
  }
  // Do not end inside a multi-byte character.
  while (n > 0 && n < candidates[0].size() &&
         (static_cast<unsigned char>(candidates[0][n]) & 0xC0) == 0x80) {
    --n;
  }
  return candidates[0].substr(0, n);
}

Completion Complete(Database& db, std::string_view text, const std::vector<std::string>& types,
                    const std::vector<ShellCommandInfo>& commands) {
  const size_t first = text.find_first_not_of(" \t");
  if (first != std::string_view::npos && text[first] == ':' &&
      text.find('\n') == std::string_view::npos) {
    return CompleteShellCommand(db, text, first, commands);
  }

  // The lexical state at the end of the text, by the rules of kg::CompleteStatementsLength.
  char quote = 0;  // the open quote character, 0 outside strings and quoted names
  bool in_comment = false;
  size_t string_start = 0;
  std::vector<char> brackets;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_comment) {
      in_comment = ch != '\n';
    } else if (quote != 0) {
      if (ch == '\n') {
        quote = 0;
      } else if (ch == '\\' && quote == '"' && i + 1 < text.size() && text[i + 1] != '\n') {
        ++i;
      } else if (ch == quote) {
        quote = 0;
      }
    } else if (ch == '"' || ch == '`') {
      quote = ch;
      string_start = i;
    } else if (ch == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      in_comment = true;
      ++i;
    } else if (ch == '(' || ch == '[' || ch == '{') {
      brackets.push_back(ch);
    } else if ((ch == ')' || ch == ']' || ch == '}') && !brackets.empty()) {
      brackets.pop_back();
    } else if (ch == ';') {
      brackets.clear();
    }
  }

  Completion c;
  if (in_comment || quote == '`') return c;
  if (quote == '"') {
    std::string prefix;
    for (size_t i = string_start + 1; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      prefix.push_back(text[i]);
    }
    c.start = string_start;
    c.candidates = Quoted(db, prefix);
    c.append_space = false;
    return c;
  }

  size_t start = text.size();
  while (start > 0 && IsWordByte(text[start - 1])) --start;
  c.start = start;
  const std::string word(text.substr(start));
  const char before = start > 0 ? text[start - 1] : '\0';
  const char open = brackets.empty() ? '\0' : brackets.back();
  if (open == '[' && (before == ':' || before == '|')) {
    Result<std::vector<std::string>> preds = db.CompletePredicates(word, kMaxCandidates);
    if (preds.ok()) {
      for (const std::string& p : *preds) c.candidates.push_back(RelationName(p));
    }
    c.append_space = false;  // what follows is ']', '|' or '*'
    return c;
  }
  if (open == '(' && before == ':') {
    for (const std::string& t : types) {
      if (StartsWithNoCase(t, word)) c.candidates.push_back(t);
    }
    c.append_space = false;  // what follows is ')' or '{'
    return c;
  }
  if (word.empty()) return c;
  // Keywords in the case the user types them in: "mat" → "match", "MAT" → "MATCH".
  const bool lower = std::none_of(word.begin(), word.end(),
                                  [](char ch) { return std::isupper(static_cast<unsigned char>(ch)); });
  std::set<std::string> seen;
  for (const std::string& k : QueryKeywords()) {
    if (!StartsWithNoCase(k, word)) continue;
    const std::string shown = lower ? Lower(k) : k;
    if (seen.insert(shown).second) c.candidates.push_back(shown);
  }
  if (c.candidates.empty()) {
    c.candidates = Quoted(db, word);
    c.append_space = false;
  }
  return c;
}

}  // namespace kg::cli
