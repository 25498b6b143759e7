// The shell's Tab completion (tools/kg/completion.cc) on tests/data/shell/graph.jsonl, without a
// terminal: which candidates each position in a statement gets.
#include "tools/kg/completion.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kg/database.h"
#include "tests/util/test_dir.h"

namespace kg::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ShellCompletionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(kg::testing::MakeTestDir("kg-shell-complete"));
    auto db = Database::Open((*root_ / "db").string(), {});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ImportReport report;
    const fs::path fixture = fs::path(KG_SOURCE_DIR) / "tests/data/shell/graph.jsonl";
    ASSERT_TRUE((*db)->ImportJsonlFile(fixture.string(), {}, &report).ok());
    db_ = std::move(db).value().release();
  }
  static void TearDownTestSuite() {
    delete db_;
    fs::remove_all(*root_);
    delete root_;
  }

  static Completion Run(const std::string& text) {
    const std::vector<std::string> types = {"PERSON", "PLACE", "ORG"};
    const std::vector<ShellCommandInfo> commands = {
        {":mode", {"table", "csv", "json", "jsonl"}, false},
        {":find", {}, true},
        {":help", {}, false}};
    return Complete(*db_, text, types, commands);
  }

  static fs::path* root_;
  static Database* db_;
};

fs::path* ShellCompletionTest::root_ = nullptr;
Database* ShellCompletionTest::db_ = nullptr;

TEST_F(ShellCompletionTest, KeywordsInTheCaseTyped) {
  Completion c = Run("MAT");
  EXPECT_EQ(c.start, 0u);
  EXPECT_THAT(c.candidates, ElementsAre("MATCH"));
  EXPECT_TRUE(c.append_space);
  c = Run("match (a) ret");
  EXPECT_EQ(c.start, 10u);
  EXPECT_THAT(c.candidates, ElementsAre("return"));
  // Functions are lower case whatever the user types.
  EXPECT_THAT(Run("RETURN supp").candidates, ElementsAre("support"));
  const std::vector<std::string> co = Run("RETURN co").candidates;
  EXPECT_THAT(co, ::testing::IsSupersetOf({"collect", "confidence", "count"}));
  EXPECT_THAT(co, ::testing::Each(::testing::StartsWith("co")));
}

TEST_F(ShellCompletionTest, QuotedEntityNames) {
  Completion c = Run("MATCH (\"Ine");
  EXPECT_EQ(c.start, 7u);  // the opening quote is replaced too
  EXPECT_THAT(c.candidates, ElementsAre("\"Ines Alder\""));
  EXPECT_FALSE(c.append_space);
  EXPECT_THAT(Run("MATCH (\"vel").candidates,
              ElementsAre("\"Velmont Bridge\"", "\"Velmont\"", "\"Velmora\""));
  EXPECT_EQ(CommonPrefix(Run("MATCH (\"vel").candidates), "\"Velmo");
  // A bare word that is no keyword completes to a quoted name.
  c = Run("MATCH (Alde");
  EXPECT_EQ(c.start, 7u);
  EXPECT_THAT(c.candidates, ElementsAre("\"Alder\""));
  // Names with non-ASCII letters, found without the accent.
  EXPECT_THAT(Run("MATCH (\"lea").candidates, Contains("\"Léa Brun\""));
}

TEST_F(ShellCompletionTest, RelationNamesAndTypesInPatterns) {
  Completion c = Run("MATCH (a)-[:me");
  EXPECT_EQ(c.start, 12u);
  EXPECT_THAT(c.candidates, ElementsAre("meet"));
  EXPECT_FALSE(c.append_space);
  EXPECT_THAT(Run("MATCH (a)-[r:meet|").candidates, ElementsAre("meet", "say", "fund", "visit"));
  EXPECT_THAT(Run("MATCH (a:P").candidates, ElementsAre("PERSON", "PLACE"));
  // After the pattern closes, words are keywords again.
  EXPECT_THAT(Run("MATCH (a:PERSON) WH").candidates, ElementsAre("WHERE"));
}

TEST_F(ShellCompletionTest, NothingInsideCommentsOrAfterClosedStrings) {
  EXPECT_THAT(Run("MATCH (a) -- ret").candidates, IsEmpty());
  EXPECT_THAT(Run("MATCH (\"x\") ").candidates, IsEmpty());
  // A string ends with its line (an escaped quote does not close it).
  Completion c = Run("MATCH (\"Ines \\\" x\n");
  EXPECT_THAT(c.candidates, IsEmpty());
}

TEST_F(ShellCompletionTest, ShellCommandsAndTheirArguments) {
  EXPECT_THAT(Run(":m").candidates, ElementsAre(":mode"));
  EXPECT_THAT(Run(":").candidates, ElementsAre(":mode", ":find", ":help"));
  Completion c = Run(":mode js");
  EXPECT_EQ(c.start, 6u);
  EXPECT_THAT(c.candidates, ElementsAre("json", "jsonl"));
  c = Run(":find Velmont");
  EXPECT_EQ(c.start, 6u);
  EXPECT_THAT(c.candidates, ElementsAre("Velmont Bridge", "Velmont"));
}

TEST(QuoteNameTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(QuoteName("Ines Alder"), "\"Ines Alder\"");
  EXPECT_EQ(QuoteName("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
  EXPECT_EQ(CommonPrefix({"Léa", "Lé"}), "Lé");
  EXPECT_EQ(CommonPrefix({"\xC3\xA9", "\xC3\xA8"}), "");  // é and è share a lead byte only
}

}  // namespace
}  // namespace kg::cli
