// Database::IngestDocuments with mentions, types and within-document coreference: names,
// titles and pronouns of one article end up on one typed node, and the place gazetteer is
// required unless switched off. Uses the shipped models on an article of ours.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "kg/database.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(KG_SOURCE_DIR) + "/tests/data/resolve";

Document Article() {
  std::ifstream in(kData + "/article.txt");
  std::stringstream text;
  text << in.rdbuf();
  Document doc;
  doc.id = "resolve-article";
  doc.source = "example.org";
  doc.published = "2026-03-02";
  doc.text = text.str();
  return doc;
}

IngestOptions Opts(const std::string& gazetteer_dir) {
  IngestOptions o;
  o.models_dir = std::string(KG_SOURCE_DIR) + "/models";
  o.gazetteer_dir = gazetteer_dir;
  return o;
}

TEST(IngestResolveTest, NamesTitlesAndPronounsOfOneArticleAreOneTypedNode) {
  const fs::path dir = testing::MakeTestDir("kg-ingest-resolve");
  {
    auto db = Database::Open((dir / "store").string(), Options{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    IngestReport report;
    ASSERT_TRUE((*db)->IngestDocuments({Article()}, Opts(kData + "/iso"), &report).ok());
    ASSERT_EQ(report.documents_new, 1u) << report.documents[0].error;

    auto card = (*db)->Describe("Lavrov");
    ASSERT_TRUE(card.ok()) << card.status().ToString();
    EXPECT_EQ(card->node.name, "Sergei Lavrov");
    EXPECT_EQ(card->node.type, "PERSON");
    std::set<std::string> aliases;
    for (const Alias& a : card->node.aliases) aliases.insert(a.text);
    EXPECT_TRUE(aliases.count("Lavrov")) << card->node.aliases.size();
    EXPECT_TRUE(aliases.count("Sergei Lavrov"));
    std::set<std::string> done;
    for (const StatementLine& line : card->out) done.insert(line.predicate);
    EXPECT_TRUE(done.count("meet"));
    EXPECT_TRUE(done.count("say"));
    EXPECT_TRUE(done.count("visit")) << "the statement of 'He also visited' is Lavrov's";
    EXPECT_TRUE(card->also_matching.empty());
    EXPECT_FALSE((*db)->Describe("he").ok());

    auto ankara = (*db)->Describe("Ankara");
    ASSERT_TRUE(ankara.ok());
    EXPECT_EQ(ankara->node.type, "LOCATION");
    EXPECT_TRUE((*db)->Check()->problems.empty());
  }
  fs::remove_all(dir);
}

TEST(IngestResolveTest, AMissingGazetteerFailsTheCallUnlessSwitchedOff) {
  const fs::path dir = testing::MakeTestDir("kg-ingest-gazetteer");
  {
    auto db = Database::Open((dir / "store").string(), Options{});
    ASSERT_TRUE(db.ok());
    IngestReport report;
    Status s = (*db)->IngestDocuments({Article()}, Opts(kData + "/no-such-folder"), &report);
    EXPECT_EQ(s.code(), Status::Code::kNotFound);
    EXPECT_NE(s.ToString().find("iso-codes"), std::string::npos) << s.ToString();
    EXPECT_EQ((*db)->GetStats()->documents, 0u);

    IngestReport without;
    ASSERT_TRUE((*db)->IngestDocuments({Article()}, Opts(""), &without).ok());
    EXPECT_EQ(without.documents_new, 1u);
    auto card = (*db)->Describe("Lavrov");
    ASSERT_TRUE(card.ok());
    EXPECT_EQ(card->node.name, "Sergei Lavrov");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg
