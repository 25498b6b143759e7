// StatementComplete / CompleteStatementsLength: a `;` ends a statement only outside strings and
// `--` comments; and the keyword list the shell completes.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "kg/query.h"

namespace kg {
namespace {

TEST(StatementTextTest, SemicolonEndsAStatement) {
  EXPECT_TRUE(StatementComplete("MATCH (a) RETURN a;"));
  EXPECT_TRUE(StatementComplete("CONFLICTS ;  "));
  EXPECT_TRUE(StatementComplete("MATCH (a)\nRETURN a\n;\n"));
  EXPECT_FALSE(StatementComplete("MATCH (a)\nRETURN a"));
  EXPECT_FALSE(StatementComplete(""));
}

TEST(StatementTextTest, SemicolonsInStringsDoNotCount) {
  EXPECT_FALSE(StatementComplete(R"(MATCH ("a;b") RETURN 1)"));
  EXPECT_TRUE(StatementComplete(R"(MATCH ("a;b") RETURN 1;)"));
  // An escaped quote does not close the string.
  EXPECT_FALSE(StatementComplete(R"(MATCH ("say \";\" now) RETURN 1)"));
  EXPECT_TRUE(StatementComplete(R"(MATCH ("say \";\" now") RETURN 1;)"));
  // An escaped backslash does not escape the closing quote.
  EXPECT_TRUE(StatementComplete(R"(MATCH ("back\\") RETURN 1;)"));
  // A string ends with its line, as in the grammar (which reports it unterminated).
  EXPECT_FALSE(StatementComplete("MATCH (\"open;"));
  EXPECT_TRUE(StatementComplete("MATCH (\"open\n;"));
  EXPECT_TRUE(StatementComplete("MATCH (\"open\\\n;"));  // a backslash does not escape it
  // Names in backquotes hide a `;` too.
  EXPECT_FALSE(StatementComplete("MATCH (a)-[:`x;y`]->(b) RETURN a"));
  EXPECT_TRUE(StatementComplete("MATCH (a)-[:`x;y`]->(b) RETURN a;"));
}

TEST(StatementTextTest, SemicolonsInCommentsDoNotCount) {
  EXPECT_FALSE(StatementComplete("MATCH (a) -- the end;\nRETURN a"));
  EXPECT_TRUE(StatementComplete("MATCH (a) -- the end;\nRETURN a;"));
  EXPECT_FALSE(StatementComplete("-- only a comment;"));
  // A minus sign alone is not a comment.
  EXPECT_TRUE(StatementComplete("MATCH (a) WHERE support(a) > -1;"));
  // `--` inside a string is not a comment.
  EXPECT_TRUE(StatementComplete("MATCH (\"a--b\") RETURN 1;"));
}

TEST(StatementTextTest, LengthCoversWholeStatementsOnly) {
  const std::string text = "CONFLICTS; MATCH (a)\nRETURN a; MATCH (b";
  EXPECT_EQ(CompleteStatementsLength(text), text.find("; MATCH (b") + 1);
  EXPECT_EQ(CompleteStatementsLength("MATCH (b"), 0u);
  EXPECT_EQ(CompleteStatementsLength("x; -- trailing; comment"), 2u);
}

TEST(StatementTextTest, KeywordsHoldClausesAndFunctions) {
  const auto& words = QueryKeywords();
  for (const char* w : {"MATCH", "WHERE", "RETURN", "ORDER", "LIMIT", "SHORTEST", "PROVENANCE",
                        "CONFLICTS", "EXPLAIN", "EXPORT", "GRAPHML", "support", "evidence",
                        "relationships", "collect"}) {
    EXPECT_NE(std::find(words.begin(), words.end(), w), words.end()) << w;
  }
  // No duplicates: completion would list a word twice.
  std::vector<std::string> sorted = words;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

}  // namespace
}  // namespace kg
