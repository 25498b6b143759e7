// Database::Query and QueryScript as an embedding program sees them: cancellation, timings,
// one statement per Query, empty input, scripts stopping at the sink's request.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "tests/query/kgql_fixture.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

class KgqlApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kgql-api-" + std::to_string(getpid()));
    db_ = testing::OpenFixtureDatabase(dir_);
    ASSERT_NE(db_, nullptr);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(KgqlApiTest, CancelFlagCancels) {
  std::atomic<bool> cancel{true};
  QueryOptions options;
  options.cancel = &cancel;
  // The flag is checked every few hundred expansions: a whole-graph walk reaches a check.
  Result<QueryResult> r = db_->Query("MATCH (a)-[*1..6]-(b) RETURN count(*)", options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCancelled) << r.status().ToString();
  options.partial_results = true;
  r = db_->Query("MATCH (a)-[*1..6]-(b) RETURN count(*)", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->partial);
}

TEST_F(KgqlApiTest, TimingsAreFilledIn) {
  Result<QueryResult> r =
      db_->Query("MATCH p = SHORTEST (\"Quell\")-[*..5]-(\"Kessel\") RETURN p;", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0][0].kind(), Value::Kind::kPath);
  EXPECT_EQ(r->rows[0][0].as_path().relationships.size(), 2u);
  // Parsing alone takes tens of microseconds, so the sum is never 0.
  EXPECT_GT(r->timings.parse_us + r->timings.plan_us + r->timings.execute_us, 0u);
}

TEST_F(KgqlApiTest, QueryRunsOneStatement) {
  Result<QueryResult> r = db_->Query("MATCH (a) RETURN count(a); MATCH (b) RETURN b", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().line(), 1u);
  EXPECT_EQ(r.status().column(), 28u);
  r = db_->Query("  -- only a comment\n ", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty"), std::string::npos);
  r = db_->Query("MATCH (a) RETURN \xff", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UTF-8"), std::string::npos) << r.status().ToString();
}

TEST_F(KgqlApiTest, ScriptStopsWhenTheSinkSaysSo) {
  int seen = 0;
  const Status s = db_->QueryScript(
      "MATCH (a:PERSON) RETURN a; MATCH (a:ORG) RETURN a; MATCH (a) RETURN nonsense;", {},
      [&](const QueryResult&) { return ++seen < 2; });
  // The third statement never runs (its binding error would have been returned).
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(seen, 2);
}

TEST_F(KgqlApiTest, QueriesSeeWritesMadeBetweenThem) {
  Result<QueryResult> before = db_->Query("MATCH (a:PERSON) RETURN count(a)", {});
  ASSERT_TRUE(before.ok());
  Statement st;
  st.subject = {"e:90", "Nell Orr", "PERSON", NodeKind::kEntity, {}};
  st.predicate = {"meet", "met"};
  st.object = {"e:1", "Mara Quell", "PERSON", NodeKind::kEntity, {}};
  Evidence ev;
  ev.doc = "d9";
  ev.sentence = "Orr met Quell.";
  ev.end = 14;
  ev.rule = "svo";
  st.evidence.push_back(ev);
  ImportReport report;
  ASSERT_TRUE(db_->AddStatements({st}, &report).ok());
  Result<QueryResult> after = db_->Query("MATCH (a:PERSON) RETURN count(a)", {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->rows[0][0].as_int(), before->rows[0][0].as_int() + 1);
  Result<QueryResult> path =
      db_->Query("MATCH p = SHORTEST (\"Nell Orr\")-[*..4]-(\"Kessel Isle\") RETURN length(p)", {});
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  ASSERT_EQ(path->rows.size(), 1u);
  EXPECT_EQ(path->rows[0][0].as_int(), 3);
}

}  // namespace
}  // namespace kg
