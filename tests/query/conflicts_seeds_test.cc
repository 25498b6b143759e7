// CONFLICTS on the five seed articles (../shared/data/seeds/, read at run time; skipped when
// absent): after ingest it reports exactly the conflicts the gold file lists (the killed and
// the wounded of the strike on Kyiv, the wounded of the strike on Pavlohrad) and nothing else.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "kg/database.h"
#include "kg/text.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

const fs::path kSeeds = fs::path(KG_SHARED_DIR) / "data/seeds";

// The numbers of a side's values ("12 people, >= 12 people" → {12}).
std::set<int> Numbers(const std::string& values) {
  std::set<int> out;
  for (size_t i = 0; i < values.size();) {
    if (std::isdigit(static_cast<unsigned char>(values[i]))) {
      size_t j = i;
      while (j < values.size() && std::isdigit(static_cast<unsigned char>(values[j]))) ++j;
      out.insert(std::stoi(values.substr(i, j - i)));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

// The documents of a side's evidence, by the 3-digit prefix of their file names.
std::set<std::string> Docs(const Value& evidence, const std::map<std::string, std::string>& by_id) {
  std::set<std::string> out;
  for (const Value& e : evidence.as_list()) {
    auto it = by_id.find(e.as_evidence().evidence.doc);
    out.insert(it == by_id.end() ? e.as_evidence().evidence.doc : it->second);
  }
  return out;
}

TEST(ConflictsSeedsTest, FindsTheGoldConflictsAndNothingElse) {
  const fs::path gold = kSeeds / "gold/conflicts.jsonl";
  if (!fs::exists(gold)) GTEST_SKIP() << "no " << gold;
  std::vector<Document> docs;
  std::map<std::string, std::string> file_of;  // document id → "000"
  for (const auto& entry : fs::directory_iterator(kSeeds)) {
    if (entry.path().extension() != ".txt") continue;
    Result<ReadResult> read = ReadDocuments(entry.path().string());
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    for (ReadDocument& rd : read->documents) {
      file_of[rd.document.id] = entry.path().filename().string().substr(0, 3);
      docs.push_back(std::move(rd.document));
    }
  }
  ASSERT_EQ(docs.size(), 5u);
  const fs::path dir = testing::MakeTestDir("kg-conflicts-seeds");
  Result<std::unique_ptr<Database>> db = Database::Open((dir / "store").string(), Options{});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  IngestOptions options;
  options.models_dir = std::string(KG_SOURCE_DIR) + "/models";
  IngestReport report;
  ASSERT_TRUE((*db)->IngestDocuments(docs, options, &report).ok());
  Result<QueryResult> r = (*db)->Query("CONFLICTS;", QueryOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  // Each gold conflict: its two values and the documents behind each.
  struct Want {
    std::string id;
    std::map<int, std::set<std::string>> values;
  };
  std::vector<Want> wants;
  std::ifstream in(gold);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line);
    Want w;
    w.id = j.at("id").get<std::string>();
    for (const auto& [value, files] : j.at("values").items()) {
      w.values[std::stoi(value)] = files.get<std::set<std::string>>();
    }
    wants.push_back(std::move(w));
  }
  ASSERT_EQ(wants.size(), 3u);

  std::vector<bool> found(wants.size(), false);
  for (const std::vector<Value>& row : r->rows) {
    ASSERT_EQ(row.size(), 9u);
    EXPECT_EQ(row[2].ToText(), "quantity");
    const std::set<int> a = Numbers(row[4].as_string()), b = Numbers(row[7].as_string());
    ASSERT_EQ(a.size(), 1u) << row[4].ToText();
    ASSERT_EQ(b.size(), 1u) << row[7].ToText();
    const std::set<std::string> a_docs = Docs(row[5], file_of), b_docs = Docs(row[8], file_of);
    bool matched = false;
    for (size_t i = 0; i < wants.size(); ++i) {
      const auto& v = wants[i].values;
      if (v.size() != 2 || !v.count(*a.begin()) || !v.count(*b.begin())) continue;
      EXPECT_EQ(a_docs, v.at(*a.begin())) << wants[i].id;
      EXPECT_EQ(b_docs, v.at(*b.begin())) << wants[i].id;
      EXPECT_FALSE(found[i]) << wants[i].id << " reported twice";
      found[i] = matched = true;
    }
    EXPECT_TRUE(matched) << "not a gold conflict: " << row[0].ToText() << " " << row[1].ToText()
                         << " " << row[4].ToText() << " vs " << row[7].ToText();
  }
  for (size_t i = 0; i < wants.size(); ++i) EXPECT_TRUE(found[i]) << wants[i].id << " missing";
  db->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg
