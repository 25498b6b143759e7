// Database::CompleteNames, CompletePredicates and GetSchema on tests/data/shell/graph.jsonl:
// 7 statements (meet 3, say 2, fund 1, visit 1) over PERSON 4 (Ines Alder, Bo Tran, Cai Moreau,
// Léa Brun), ORG 1, FACILITY 1, LOCATION 1 (Velmora, known from a location qualifier) and
// 2 CLAIM literals.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kg/database.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class CompletionTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    root_ = kg::testing::MakeTestDir("kg-complete");
    const std::string path = (root_ / "db").string();
    {
      auto db = Database::Open(path, {});
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      ImportReport report;
      const fs::path fixture = fs::path(KG_SOURCE_DIR) / "tests/data/shell/graph.jsonl";
      ASSERT_TRUE((*db)->ImportJsonlFile(fixture.string(), {}, &report).ok());
      ASSERT_EQ(report.statements_new, 7u);
    }
    Options options;
    options.read_only = true;
    options.load_graph = GetParam();  // GetSchema reads the graph view or the store
    auto db = Database::Open(path, options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(root_);
  }

  std::vector<std::string> Names(const std::string& prefix, size_t limit = 10) {
    Result<std::vector<std::string>> r = db_->CompleteNames(prefix, limit);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<std::string>{};
  }

  fs::path root_;
  std::unique_ptr<Database> db_;
};

TEST_P(CompletionTest, NamesStartWithThePrefixRegardlessOfCaseAndAccents) {
  EXPECT_THAT(Names("vel"), ElementsAre("Velmont Bridge", "Velmont", "Velmora"));
  EXPECT_THAT(Names("Ines"), ElementsAre("Ines Alder"));
  EXPECT_THAT(Names("ALD"), ElementsAre("Alder"));
  // Léa Brun is found typed with or without the accent, and both spellings are offered.
  EXPECT_THAT(Names("lea"), ElementsAre("Léa Brun", "Lea Brun"));
  EXPECT_THAT(Names("Léa"), ElementsAre("Léa Brun", "Lea Brun"));
  EXPECT_TRUE(Names("zz").empty());
}

TEST_P(CompletionTest, NamesRespectTheLimitAndATrailingSpace) {
  EXPECT_THAT(Names("vel", 1), ElementsAre("Velmont Bridge"));
  EXPECT_TRUE(Names("vel", 0).empty());
  EXPECT_THAT(Names("Velmont "), ElementsAre("Velmont Bridge"));
}

TEST_P(CompletionTest, PredicatesMostUsedFirst) {
  Result<std::vector<std::string>> all = db_->CompletePredicates("", 10);
  ASSERT_TRUE(all.ok());
  EXPECT_THAT(*all, ElementsAre("meet", "say", "fund", "visit"));
  Result<std::vector<std::string>> m = db_->CompletePredicates("M", 10);
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(*m, ElementsAre("meet"));
  Result<std::vector<std::string>> two = db_->CompletePredicates("", 2);
  ASSERT_TRUE(two.ok());
  EXPECT_THAT(*two, ElementsAre("meet", "say"));
}

TEST_P(CompletionTest, SchemaCountsTypesAndPredicates) {
  Result<Schema> schema = db_->GetSchema();
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  std::vector<std::string> types;
  for (const TypeCount& t : schema->entity_types) {
    types.push_back(t.type + "=" + std::to_string(t.count));
  }
  // Velmora appears only in a location qualifier, and is a node all the same.
  EXPECT_THAT(types, ElementsAre("PERSON=4", "FACILITY=1", "LOCATION=1", "ORG=1"));
  ASSERT_EQ(schema->literal_types.size(), 1u);
  EXPECT_EQ(schema->literal_types[0].type, "CLAIM");
  EXPECT_EQ(schema->literal_types[0].count, 2u);
  std::vector<std::string> predicates;
  for (const PredicateCount& p : schema->predicates) {
    predicates.push_back(p.lemma + "=" + std::to_string(p.statements));
  }
  EXPECT_THAT(predicates, ElementsAre("meet=3", "say=2", "fund=1", "visit=1"));
}

INSTANTIATE_TEST_SUITE_P(GraphLoadedOrNot, CompletionTest, ::testing::Bool());

}  // namespace
}  // namespace kg
