// The fixture graph of the KGQL tests (tests/data/query/fixture/news.jsonl, a small fictional
// news graph written for them) imported into a scratch store, and results as text.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "kg/database.h"

namespace kg::testing {

// Imports the fixture (a file of tests/data/query/fixture/) into a fresh store under `dir` and
// opens it. Fails the test on error.
inline std::unique_ptr<Database> OpenFixtureDatabase(const std::filesystem::path& dir,
                                                     const std::string& fixture = "news.jsonl") {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Result<std::unique_ptr<Database>> db = Database::Open((dir / "store").string(), Options{});
  if (!db.ok()) {
    ADD_FAILURE() << db.status().ToString();
    return nullptr;
  }
  ImportReport report;
  const Status s = (*db)->ImportJsonlFile(
      std::string(KG_SOURCE_DIR) + "/tests/data/query/fixture/" + fixture, {}, &report);
  if (!s.ok()) {
    ADD_FAILURE() << s.ToString();
    return nullptr;
  }
  return std::move(db).value();
}

// "a | b" lines: the columns, then one line per row (values as Value::ToText()).
inline std::string ResultText(const QueryResult& r) {
  std::string out;
  for (size_t i = 0; i < r.columns.size(); ++i) out += (i ? " | " : "") + r.columns[i];
  out += "\n";
  for (const auto& row : r.rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + row[i].ToText();
    out += "\n";
  }
  return out;
}

}  // namespace kg::testing
