// Casualty figures through the clause extractor: each sentence of
// tests/data/extract/casualties.conllu (ours, parsed by the shipped models) and the figures the
// casualty rule must read from it, or not.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "core/extract/casualties.h"
#include "core/extract/rules.h"
#include "kg/extract.h"
#include "tests/util/parsed_sentences.h"

namespace kg {
namespace {

std::vector<Extraction> Extract(const std::string& id) {
  static const std::map<std::string, testing::ParsedSentence> fixtures =
      testing::ReadParsedSentences(
          std::string(KG_SOURCE_DIR) + "/tests/data/extract/casualties.conllu", 0, "test.example");
  auto it = fixtures.find(id);
  EXPECT_NE(it, fixtures.end()) << "no fixture " << id;
  if (it == fixtures.end()) return {};
  auto extractor = MakeStatementExtractor("clause");
  EXPECT_TRUE(extractor.ok());
  std::vector<Extraction> out;
  EXPECT_TRUE((*extractor)->Process(it->second.tokens, it->second.context, &out).ok());
  return out;
}

// The casualty figures as "event -lemma-> counted [cmp value unit] @time in place" lines.
std::vector<std::string> Figures(const std::vector<Extraction>& found) {
  std::vector<std::string> out;
  for (const Extraction& e : found) {
    const Statement& s = e.statement;
    if (s.evidence.empty() || s.evidence[0].rule != core::extract::kRuleCasualty) continue;
    std::ostringstream o;
    o << s.subject.name << " -" << s.predicate.lemma << "-> " << s.object.name << " ["
      << s.qualifiers.quantity->comparator << " " << s.qualifiers.quantity->value << " "
      << s.qualifiers.quantity->unit << "]";
    if (!s.qualifiers.time.empty()) o << " @" << s.qualifiers.time;
    if (s.qualifiers.location) o << " in " << s.qualifiers.location->name;
    out.push_back(o.str());
  }
  return out;
}

TEST(CasualtiesTest, ActiveVerbs) {
  // The date is the strike's ("early on Tuesday" before the document date of a Thursday).
  EXPECT_EQ(Figures(Extract("active")),
            (std::vector<std::string>{
                "missile strike -kill-> civilians [= 14 civilian] @2025-06-10 in Dorvan",
                "missile strike -wound-> people [= 40 people] @2025-06-10 in Dorvan"}));
}

TEST(CasualtiesTest, CoordinatedModifiersStayInTheEvent) {
  EXPECT_EQ(Figures(Extract("coordinated")),
            std::vector<std::string>{
                "Vessian missile and drone attack -kill-> people [= 6 people] in Brel"});
}

TEST(CasualtiesTest, ReportedSpeechStaysAttributed) {
  const std::vector<Extraction> found = Extract("reported");
  ASSERT_EQ(Figures(found), std::vector<std::string>{"strike -kill-> people [= 5 people] in Brel"});
  for (const Extraction& e : found) {
    if (e.statement.evidence[0].rule != core::extract::kRuleCasualty) continue;
    ASSERT_TRUE(e.statement.qualifiers.attributed_to.has_value());
    EXPECT_EQ(e.statement.qualifiers.attributed_to->name, "governor");
  }
}

TEST(CasualtiesTest, LightVerbWithComparators) {
  const std::vector<Extraction> found = Extract("light_verb");
  EXPECT_EQ(Figures(found),
            (std::vector<std::string>{"overnight raid -kill-> people [= 6 people] in Selmark",
                                      "overnight raid -wound-> people [> 30 people] in Selmark"}));
  // "left" is the surface relation, the lemma names the measure, and the figure as written is
  // the Open IE argument.
  for (const Extraction& e : found) {
    if (e.statement.evidence[0].rule == core::extract::kRuleCasualty &&
        e.statement.predicate.lemma == "kill") {
      EXPECT_EQ(e.statement.predicate.text, "left dead");
      EXPECT_EQ(e.statement.object.type, "QUANTITY");
      EXPECT_EQ(e.arguments, (std::vector<std::string>{"overnight raid", "six dead"}));
    }
  }
}

TEST(CasualtiesTest, PassivesTakeTheEventThatFollowsOrPrecedes) {
  EXPECT_EQ(
      Figures(Extract("passive")),
      (std::vector<std::string>{"Vessan drones -kill-> people [= 5 people] in Ostrava",
                                "Vessan drones -wound-> residents [= 9 resident] in Ostrava"}));
  // "said on Monday" dates the saying, not the attack.
  EXPECT_EQ(Figures(Extract("passive_parenthetical")),
            (std::vector<std::string>{"rocket attack -kill-> people [= 4 people] in Brel",
                                      "rocket attack -wound-> people [= 7 people] in Brel"}));
}

TEST(CasualtiesTest, OtherCountPhrases) {
  EXPECT_EQ(Figures(Extract("deaths")),
            std::vector<std::string>{"flood -kill-> deaths [= 23 people] in Tarnow"});
  EXPECT_EQ(Figures(Extract("lost_lives")),
            std::vector<std::string>{"blast -kill-> people [= 12 people]"});
}

TEST(CasualtiesTest, NotCasualtyFigures) {
  EXPECT_TRUE(Figures(Extract("not_people")).empty());  // 120 drones
  EXPECT_TRUE(Figures(Extract("hyphen_age")).empty());  // a 45-year-old
  // No event or weapon named: left to the clause rules, which keep their own reading.
  const std::vector<Extraction> found = Extract("no_event");
  EXPECT_TRUE(Figures(found).empty());
}

TEST(CasualtiesTest, ReplacesTheClauseReadingOfTheSameNumber) {
  // The clause rules read "wounded 40 more" under the wrong verb; only the figure remains.
  for (const Extraction& e : Extract("active")) {
    if (!e.statement.qualifiers.quantity) continue;
    EXPECT_EQ(e.statement.evidence[0].rule, core::extract::kRuleCasualty)
        << e.statement.subject.name << " -" << e.statement.predicate.lemma << "-> "
        << e.statement.object.name;
  }
}

}  // namespace
}  // namespace kg
