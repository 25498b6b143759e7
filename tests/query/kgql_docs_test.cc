// docs/query-language.md stays true: every ```kgql block in it runs against the fixture graph
// (tests/data/query/fixture/news.jsonl, whose names the examples use) without an error, and
// every ```kgql-error block fails with a located error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/query/kgql_fixture.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

struct Example {
  int line = 0;  // in the document
  std::string text;
  bool error = false;
};

std::vector<Example> Examples() {
  std::ifstream in(fs::path(KG_SOURCE_DIR) / "docs/query-language.md");
  std::vector<Example> out;
  std::string line;
  int n = 0;
  Example* open = nullptr;
  while (std::getline(in, line)) {
    ++n;
    if (open == nullptr && (line == "```kgql" || line == "```kgql-error")) {
      out.push_back({n + 1, "", line == "```kgql-error"});
      open = &out.back();
    } else if (open != nullptr && line == "```") {
      open = nullptr;
    } else if (open != nullptr) {
      open->text += line + "\n";
    }
  }
  return out;
}

TEST(KgqlDocs, EveryExampleRuns) {
  const std::vector<Example> examples = Examples();
  ASSERT_GE(examples.size(), 30u) << "docs/query-language.md lost its examples";
  const fs::path dir = fs::temp_directory_path() / ("kgql-docs-" + std::to_string(getpid()));
  std::unique_ptr<Database> db = testing::OpenFixtureDatabase(dir);
  ASSERT_NE(db, nullptr);
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);  // EXPORT examples write here
  for (const Example& ex : examples) {
    size_t results = 0;
    const Status s = db->QueryScript(ex.text, {}, [&](const QueryResult& r) {
      ++results;
      return true;
    });
    if (ex.error) {
      EXPECT_FALSE(s.ok()) << "docs line " << ex.line << " should fail:\n" << ex.text;
      EXPECT_GT(s.line(), 0u) << "docs line " << ex.line << ": " << s.ToString();
    } else {
      EXPECT_TRUE(s.ok()) << "docs line " << ex.line << ":\n" << ex.text << s.ToString();
      EXPECT_GT(results, 0u) << "docs line " << ex.line;
    }
  }
  fs::current_path(cwd);
  db.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg
