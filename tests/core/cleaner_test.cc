// The boilerplate cleaner (kg::CleanText) on fixture pages we wrote that imitate news-site
// chrome: for each, no chrome line survives and no article paragraph is lost or altered.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kg/text.h"

namespace kg {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(KG_SOURCE_DIR) + "/tests/data/text/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string Explain(const CleanReport& report, const std::string& text) {
  std::string out;
  for (const CleanedParagraph& p : report.paragraphs) {
    out += (p.kept ? "KEEP " : "DROP ") + p.reason + ": " + text.substr(p.begin, p.end - p.begin) +
           "\n";
  }
  return out;
}

TEST(CleanerTest, WireArticleKeepsEveryParagraphAndDropsAllChrome) {
  const std::string page = Fixture("wire_article.txt");
  CleanResult r = CleanText(page);
  EXPECT_EQ(Lines(r.text), Lines(Fixture("wire_article.keep"))) << Explain(r.report, page);
  // Metadata lifted from the dateline, byline and date lines.
  EXPECT_EQ(r.report.published, "2025-03-04");
  EXPECT_EQ(r.report.source, "Coastline Wire");
  EXPECT_EQ(r.report.dateline, "HARBOURTON");
  EXPECT_EQ(r.report.byline, "Maren Lindqvist");
  // Paragraph separation survives: blank lines stay blank lines.
  EXPECT_NE(r.text.find(" bay.\n\nCouncil"), std::string::npos);
}

TEST(CleanerTest, SeedStylePageWithSidebarsAndForeignHeadlines) {
  const std::string page = Fixture("river_talks.txt");
  // The first line is the title (the reader takes it off); clean the body.
  const std::string body = page.substr(page.find('\n') + 1);
  CleanResult r = CleanText(body);
  EXPECT_EQ(Lines(r.text), Lines(Fixture("river_talks.keep"))) << Explain(r.report, body);
}

TEST(CleanerTest, ReportsWhyEachParagraphWentAndMapsOffsets) {
  const std::string page = Fixture("wire_article.txt");
  CleanResult r = CleanText(page);
  bool italian = false;
  bool spanish = false;
  bool navigation = false;
  for (const CleanedParagraph& p : r.report.paragraphs) {
    const std::string s = page.substr(p.begin, p.end - p.begin);
    if (s.rfind("Il sindaco", 0) == 0) italian = !p.kept && p.reason == "not English: it";
    if (s.rfind("Las autoridades", 0) == 0) spanish = !p.kept && p.reason == "not English: es";
    if (s.rfind("Home |", 0) == 0) navigation = !p.kept && p.reason == "navigation";
  }
  EXPECT_TRUE(italian) << Explain(r.report, page);
  EXPECT_TRUE(spanish);
  EXPECT_TRUE(navigation);
  // Every byte of kept text maps back to the same byte of the page.
  for (uint32_t i = 0; i < r.text.size(); ++i) {
    if (r.text[i] == '\n') continue;
    ASSERT_EQ(page[r.report.ToOriginal(i)], r.text[i]) << "cleaned offset " << i;
  }
  const size_t council = r.text.find("Council members");
  EXPECT_EQ(r.report.ToOriginal(static_cast<uint32_t>(council)), page.find("Council members"));
}

TEST(CleanerTest, ShortItemWithoutLongParagraphSurvives) {
  const std::string text =
      "Menu\n"
      "Police closed the coast road after a landslide on Friday morning.\n"
      "Drivers were told to use the inland route until further notice.\n"
      "Share\n";
  CleanResult r = CleanText(text);
  EXPECT_EQ(Lines(r.text),
            (std::vector<std::string>{
                "Police closed the coast road after a landslide on Friday morning.",
                "Drivers were told to use the inland route until further notice."}))
      << Explain(r.report, text);
}

TEST(CleanerTest, DatelineWithADateInParenthesesGivesTheDateNotAnOutlet) {
  const std::string text =
      "SALTMERE, Dunmoor (2 June 2024) - The harbour board approved the new ferry timetable on "
      "Monday after a long debate.\n";
  CleanResult r = CleanText(text);
  EXPECT_EQ(r.report.source, "");
  EXPECT_EQ(r.report.published, "2024-06-02");
  EXPECT_EQ(r.report.dateline, "SALTMERE");
  EXPECT_EQ(Lines(r.text), (std::vector<std::string>{
                               "The harbour board approved the new ferry timetable on Monday "
                               "after a long debate."}))
      << Explain(r.report, text);
  // An outlet in the parentheses is still the source.
  CleanResult wire = CleanText(
      "SALTMERE (Harbour Wire) - The harbour board approved the new ferry timetable on Monday "
      "after a long debate.\n");
  EXPECT_EQ(wire.report.source, "Harbour Wire");
  EXPECT_EQ(wire.report.published, "");
}

TEST(CleanerTest, TerseSentenceBetweenProseParagraphsIsKept) {
  const std::string text =
      "The harbour board met on Monday to discuss the winter timetable for the ferries, and "
      "its members agreed that the late crossing would stay in place until the spring.\n\n"
      "Storms grounded 37 ferries in overnight gales hitting Dunmoor, Dunmoor’s port authority "
      "said on Tuesday.\n\n"
      "Passengers who had booked on the cancelled crossings will be offered a refund or a seat "
      "on the next available boat, according to a statement from the company.\n";
  CleanResult r = CleanText(text);
  EXPECT_EQ(Lines(r.text).size(), 3u) << Explain(r.report, text);
}

TEST(CleanerTest, EmptyAndAllChromeInputs) {
  EXPECT_EQ(CleanText("").text, "");
  CleanResult r = CleanText("Home | News | Sport\nSubscribe\nCookie settings\n");
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(r.report.paragraphs.size(), 3u);
  // With non-English dropping off, a foreign paragraph is judged like any other.
  CleanOptions keep_foreign;
  keep_foreign.drop_non_english = false;
  const std::string es =
      "El gobierno regional anunció ayer que las obras de la nueva carretera empezarán en "
      "otoño, según fuentes del ministerio, y que el presupuesto total será de dos millones.";
  EXPECT_EQ(CleanText(es).text, "");
  EXPECT_EQ(CleanText(es, keep_foreign).report.paragraphs[0].reason.find("not English"),
            std::string::npos);
}

}  // namespace
}  // namespace kg
