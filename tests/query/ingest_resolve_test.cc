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

Document Text(const std::string& id, const std::string& text) {
  Document doc;
  doc.id = id;
  doc.source = "example.org";
  doc.published = "2026-03-02";
  doc.text = text;
  return doc;
}

// Across two articles of ours: a place with and without its generic head (in one article and
// across the two, in another spelling), a role nominal the second article leaves open that
// the first article's title settles, "I" in a quotation that runs on after its speaker, and a
// name an editor's bracket splits.
TEST(IngestResolveTest, PlacesRoleNominalsAndQuotedFirstPersonFindTheirEntity) {
  const fs::path dir = testing::MakeTestDir("kg-ingest-resolve-places");
  {
    auto db = Database::Open((dir / "store").string(), Options{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    IngestReport report;
    const Document first = Text(
        "first",
        "Norwegian Prime Minister Ada Lunde opened a terminal at Velkovo airport on Monday. Lunde "
        "said the new flights would bring visitors to the Tavrian peninsula. Tavria has few "
        "hotels.");
    const Document second = Text(
        "second",
        "Ada Lunde flew home to Oslo on Friday. The Norwegian prime minister thanked the pilots. "
        "Welkowo will open a second runway in May. “The season starts soon,” Lunde told "
        "reporters. “I expect many guests.” “And [Norwegian Mayor Ivar] Dahl agrees,” the "
        "governor said. Her spokesman refused to comment on the talks. “The hangar will be "
        "finished in spring,” Ms Lunde said.");
    ASSERT_TRUE((*db)->IngestDocuments({first}, Opts(kData + "/iso"), &report).ok());
    ASSERT_TRUE((*db)->IngestDocuments({second}, Opts(kData + "/iso"), &report).ok());
    auto airport = (*db)->Describe("Velkovo airport");
    auto wnukowo = (*db)->Describe("Welkowo");
    ASSERT_TRUE(airport.ok() && wnukowo.ok());
    EXPECT_EQ(airport->node.id, wnukowo->node.id);
    auto peninsula = (*db)->Describe("Tavrian peninsula");
    auto tavria = (*db)->Describe("Tavria");
    ASSERT_TRUE(peninsula.ok() && tavria.ok());
    EXPECT_EQ(peninsula->node.id, tavria->node.id);

    auto lunde = (*db)->Describe("Ada Lunde");
    ASSERT_TRUE(lunde.ok()) << lunde.status().ToString();
    std::set<std::string> done;
    for (const StatementLine& line : lunde->out) done.insert(line.predicate);
    EXPECT_TRUE(done.count("thank")) << "the prime minister of the second article is Lunde";
    EXPECT_TRUE(done.count("expect")) << "the quoted 'I' is Lunde";
    // A name an editor's bracket splits is one name.
    EXPECT_TRUE((*db)->Describe("Ivar Dahl").ok());
    EXPECT_FALSE((*db)->Describe("Ivar").ok());
    for (const Alias& a : lunde->node.aliases)
      EXPECT_EQ(a.text.find("minister"), std::string::npos);
    EXPECT_FALSE((*db)->Describe("Norwegian prime minister").ok());
    // A speaker named with an honorific is the person's node, not a dangling "e:ms_lunde".
    std::ostringstream exported;
    ASSERT_TRUE((*db)->ExportJsonl(exported, ExportOptions{}).ok());
    EXPECT_EQ(exported.str().find("ms_lunde"), std::string::npos);
    EXPECT_NE(exported.str().find(R"("attributed_to":{"id":"e:ada_lunde")"), std::string::npos);
    // The role of someone unnamed is no ROLE node of a pronoun.
    EXPECT_FALSE((*db)->Describe("spokesman of her").ok());
    EXPECT_FALSE((*db)->Describe("I").ok());
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
