// Conflict rules (core/model/conflicts.h): value ranges with the granularity of round numbers,
// casualty measures, place keys, events and the sides of a disagreement. Every sentence and
// place here is made up for the test.
#include "core/model/conflicts.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/extract/casualties.h"

namespace kg {
namespace {

using core::FigureClaim;

Quantity Q(double v, const std::string& cmp = "=", const std::string& unit = "") {
  Quantity q;
  q.value = v;
  q.comparator = cmp;
  q.unit = unit;
  return q;
}

// A casualty statement as the extractor makes it, backed by one piece of evidence.
Statement Figure(const std::string& lemma, const std::string& object, Quantity q,
                 const std::string& doc, const std::string& sentence,
                 const std::string& published = "2025-06-12", const std::string& time = "",
                 const std::string& subject = "attack") {
  Statement st;
  st.subject.id = "e:" + subject;
  st.subject.name = subject;
  st.subject.type = "OTHER";
  st.predicate.lemma = lemma;
  st.object.id = "c:" + object;
  st.object.name = object;
  st.object.type = "QUANTITY";
  st.object.kind = NodeKind::kLiteral;
  st.qualifiers.quantity = q;
  st.qualifiers.time = time;
  Evidence ev;
  ev.doc = doc;
  ev.source = doc + ".example";
  ev.published = published;
  ev.sentence = sentence;
  st.evidence.push_back(ev);
  return st;
}

std::vector<FigureClaim> Claims(const std::vector<Statement>& sts) {
  std::vector<FigureClaim> out;
  for (const Statement& st : sts) {
    for (const Evidence& ev : st.evidence) {
      std::optional<FigureClaim> c = core::ClaimOf(st, ev);
      EXPECT_TRUE(c.has_value()) << st.object.name;
      if (c) out.push_back(*c);
    }
  }
  return out;
}

TEST(ConflictsTest, RoundNumbersBoundTheirComparators) {
  core::ValueRange r = core::RangeOf(Q(70, ">"));
  EXPECT_EQ(r.lo, 70);
  EXPECT_TRUE(r.lo_open);
  EXPECT_EQ(r.hi, 80);
  EXPECT_FALSE(r.hi_open);
  r = core::RangeOf(Q(100, ">="));
  EXPECT_EQ(r.hi, 150);
  r = core::RangeOf(Q(250, ">"));
  EXPECT_EQ(r.hi, 300);
  r = core::RangeOf(Q(10, ">="));
  EXPECT_EQ(r.hi, 15);
  r = core::RangeOf(Q(50, "<"));
  EXPECT_EQ(r.lo, 40);
  EXPECT_TRUE(r.hi_open);
  // Not round: the bound stays open.
  r = core::RangeOf(Q(12, ">="));
  EXPECT_TRUE(std::isinf(r.hi));
  r = core::RangeOf(Q(35, ">"));
  EXPECT_TRUE(std::isinf(r.hi));
  r = core::RangeOf(Q(12, "<"));
  EXPECT_TRUE(std::isinf(r.lo));
}

TEST(ConflictsTest, CompatibleAndIncompatibleQuantities) {
  EXPECT_TRUE(core::QuantitiesCompatible(Q(12, ">="), Q(12)));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(12, ">="), Q(40)));
  EXPECT_FALSE(core::QuantitiesCompatible(Q(9), Q(12, ">=")));
  EXPECT_FALSE(core::QuantitiesCompatible(Q(9), Q(12)));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(70, ">"), Q(75)));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(70, ">"), Q(80)));
  EXPECT_FALSE(core::QuantitiesCompatible(Q(70, ">"), Q(90)));
  EXPECT_FALSE(core::QuantitiesCompatible(Q(70, ">"), Q(70)));
  // Two bounds the same way never contradict: the step is a hint against a count, and a toll
  // reported as "more than 60" and later "more than 70" grew.
  EXPECT_TRUE(core::QuantitiesCompatible(Q(70, ">"), Q(60, ">")));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(20, "<"), Q(50, "<=")));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(100, "~"), Q(95)));
  EXPECT_FALSE(core::QuantitiesCompatible(Q(100, "~"), Q(80)));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(10, "<"), Q(9)));
  EXPECT_FALSE(core::QuantitiesCompatible(Q(10, "<"), Q(10)));
  EXPECT_TRUE(core::QuantitiesCompatible(Q(3, "=", "kg"), Q(9, "=", "km")));  // not comparable
}

TEST(ConflictsTest, CasualtyMeasuresNormaliseWhatIsCounted) {
  auto measure = [](const std::string& lemma, const std::string& object, Quantity q) {
    return core::CasualtyMeasure(Figure(lemma, object, q, "d1", "x"));
  };
  std::optional<core::Measure> m = measure("kill", "14 civilians", Q(14, "=", "civilian"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->what, "killed");
  EXPECT_EQ(m->counted, "people");
  m = measure("leave", "six dead", Q(6, "=", ""));  // a light verb: the counted word decides
  ASSERT_TRUE(m);
  EXPECT_EQ(m->what, "killed");
  EXPECT_EQ(m->counted, "people");
  m = measure("injure", "ten others", Q(10, "=", "other"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->what, "wounded");
  EXPECT_EQ(m->counted, "people");
  m = measure("be hurt in", "residents", Q(4, "=", "resident"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->what, "wounded");
  m = measure("die", "children", Q(2, "=", "child"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->what, "killed");
  EXPECT_EQ(m->counted, "child");  // a part of the toll is not the toll
  EXPECT_FALSE(measure("launch", "drones", Q(120, "=", "drone")));
  EXPECT_FALSE(measure("kill", "percent", Q(20, "=", "%")));
  EXPECT_FALSE(measure("kill", "people", Q(2.5, "=", "people")));
  Statement negated = Figure("kill", "people", Q(3), "d1", "x");
  negated.qualifiers.negated = true;
  EXPECT_FALSE(core::CasualtyMeasure(negated));
}

TEST(ConflictsTest, PlaceKeysJoinRomanisationsButNotOtherPlaces) {
  EXPECT_EQ(core::PlaceKey("Kiev"), core::PlaceKey("Kyiv"));
  EXPECT_EQ(core::PlaceKey("Odessa"), core::PlaceKey("Odesa"));
  EXPECT_EQ(core::PlaceKey("Kharkov"), core::PlaceKey("Kharkiv"));
  EXPECT_EQ(core::PlaceKey("Lvov"), core::PlaceKey("Lviv"));
  EXPECT_EQ(core::PlaceKey("Lwów"), core::PlaceKey("Lviv"));
  EXPECT_NE(core::PlaceKey("Kharkiv"), core::PlaceKey("Kherson"));
  EXPECT_NE(core::PlaceKey("Pavlohrad"), core::PlaceKey("Pokrovsk"));
  EXPECT_NE(core::PlaceKey("Moscow"), core::PlaceKey("Minsk"));
}

TEST(ConflictsTest, LocativePlacesSkipTimesAndNationalities) {
  auto names = [](const std::string& text) {
    std::vector<std::string> out;
    for (const core::extract::PlaceMention& p : core::extract::LocativePlaces(text)) {
      out.push_back(p.name);
    }
    return out;
  };
  EXPECT_EQ(names("Four were hurt in a rocket attack on the coastal town of Brel, officials said "
                  "on Monday."),
            std::vector<std::string>{"Brel"});
  EXPECT_EQ(names("The raid on Selmark's old harbour came in Vessian attacks in March."),
            std::vector<std::string>{"Selmark"});
  EXPECT_EQ(names("In New Tarrow the count rose, as it did near Ostrava and outside Ostrava."),
            (std::vector<std::string>{"New Tarrow", "Ostrava"}));
  EXPECT_TRUE(names("Nothing happened on Tuesday in the capital.").empty());
  const std::vector<core::extract::PlaceMention> p =
      core::extract::LocativePlaces("Shelling in Dorvan.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].offset, 12u);
}

TEST(ConflictsTest, ClaimsTakeTheDocumentDateWhenTheyHaveNone) {
  const Statement st = Figure("kill", "5 people", Q(5, "=", "people"), "d1",
                              "A strike on Dorvan killed 5 people.", "2025-03-01");
  std::optional<FigureClaim> c = core::ClaimOf(st, st.evidence[0]);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first_day, 20250227);  // two days before, across the month's end
  EXPECT_EQ(c->last_day, 20250301);
  EXPECT_FALSE(c->dated);
  EXPECT_EQ(c->places, std::vector<std::string>{core::PlaceKey("Dorvan")});
  Statement dated = st;
  dated.qualifiers.time = "2025-02-20";
  c = core::ClaimOf(dated, dated.evidence[0]);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first_day, 20250220);
  EXPECT_TRUE(c->dated);
}

TEST(ConflictsTest, OneTollReportedThreeWaysAgainstAnotherIsOneConflict) {
  const std::vector<Statement> sts = {
      Figure("kill", "nine dead", Q(9, "=", "people"), "d1",
             "The night raid on Kiev left nine dead."),
      Figure("kill", "14 civilians", Q(14, "=", "civilian"), "d2",
             "A strike on Kyiv killed 14 civilians."),
      Figure("kill", "at least 14 dead", Q(14, ">=", "people"), "d3",
             "Missiles left at least 14 dead in Kyiv."),
      // Another measure of the same attack, and a figure from another city that day.
      Figure("wound", "30 more", Q(30, "=", "people"), "d2",
             "A strike on Kyiv killed 14 civilians and wounded 30 more."),
      Figure("kill", "two people", Q(2, "=", "people"), "d3",
             "Drones killed two people in Dorvan."),
  };
  const std::vector<FigureClaim> claims = Claims(sts);
  const std::vector<core::FigureConflict> found = core::FigureConflicts(claims);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].a, std::vector<size_t>{0});
  EXPECT_EQ(found[0].b, (std::vector<size_t>{1, 2}));
}

TEST(ConflictsTest, CompatibleFiguresAreNoConflict) {
  const std::vector<Statement> sts = {
      Figure("kill", "at least 12 people", Q(12, ">="), "d1",
             "An attack on Brel killed at "
             "least 12 people."),
      Figure("kill", "12 people", Q(12), "d2", "12 people were killed in Brel."),
      Figure("wound", "more than 70", Q(70, ">"), "d1", "More than 70 were hurt in Brel."),
      Figure("wound", "75 wounded", Q(75), "d2", "Shelling in Brel left 75 wounded."),
  };
  EXPECT_TRUE(core::FigureConflicts(Claims(sts)).empty());
}

TEST(ConflictsTest, RangesAreNotCompared) {
  Statement range =
      Figure("plant", "trees", Q(20e6, "=", "tree"), "d1",
             "The group has planted 20-30 million trees.", "2025-06-12", "", "Green Pact");
  EXPECT_FALSE(core::ClaimOf(range, range.evidence[0]));
  range.qualifiers.quantity = Q(200);
  range.evidence[0].sentence = "Between 200 and 300 were hurt.";
  EXPECT_FALSE(core::ClaimOf(range, range.evidence[0]));
  range.evidence[0].sentence = "Officials said 200 were hurt.";
  EXPECT_TRUE(core::ClaimOf(range, range.evidence[0]));
  range.evidence[0].sentence = "It rose from 120 to 300 in a week.";
  range.qualifiers.quantity = Q(120);
  EXPECT_FALSE(core::ClaimOf(range, range.evidence[0]));
  range.evidence[0].sentence = "It planted 20 million trees, then 1200 more.";
  range.qualifiers.quantity = Q(20e6);
  EXPECT_TRUE(core::ClaimOf(range, range.evidence[0]));
}

TEST(ConflictsTest, TwoAttacksInTwoCitiesAreNotLinked) {
  const std::vector<Statement> sts = {
      Figure("kill", "4 people", Q(4), "d1", "A drone attack on Dorvan killed 4 people."),
      Figure("kill", "11 people", Q(11), "d2", "A drone attack on Selmark killed 11 people."),
  };
  EXPECT_TRUE(core::FigureConflicts(Claims(sts)).empty());
}

TEST(ConflictsTest, TwoDatesInOneArticleAreTwoEvents) {
  // One article: two strikes on one city on different days, different tolls.
  const std::vector<Statement> one_article = {
      Figure("kill", "5 people", Q(5), "d1", "On Monday a strike on Brel killed 5 people.",
             "2025-06-12", "2025-06-09"),
      Figure("kill", "8 people", Q(8), "d1", "On Wednesday a strike on Brel killed 8 people.",
             "2025-06-12", "2025-06-11"),
  };
  EXPECT_TRUE(core::FigureConflicts(Claims(one_article)).empty());
  // Two articles dating their figures to different days: two events, not a disagreement.
  std::vector<Statement> two = one_article;
  two[1].evidence[0].doc = "d2";
  EXPECT_TRUE(core::FigureConflicts(Claims(two)).empty());
  // The same two figures for one day from two articles disagree.
  two[1].qualifiers.time = "2025-06-09";
  EXPECT_EQ(core::FigureConflicts(Claims(two)).size(), 1u);
  // Undated reports a week apart are about different days.
  std::vector<Statement> apart = {
      Figure("kill", "5 people", Q(5), "d1", "A strike on Brel killed 5 people.", "2025-06-01"),
      Figure("kill", "8 people", Q(8), "d2", "A strike on Brel killed 8 people.", "2025-06-09"),
  };
  EXPECT_TRUE(core::FigureConflicts(Claims(apart)).empty());
}

TEST(ConflictsTest, ANamedEventIsOneEventWithoutPlaces) {
  Statement a = Figure("kill", "7 people", Q(7), "d1", "The Harlow blast killed 7 people.",
                       "2025-04-21", "", "Harlow blast");
  Statement b = Figure("kill", "at least 10", Q(10, ">="), "d2",
                       "At least 10 died in the Harlow blast.", "2025-05-02", "", "Harlow blast");
  a.subject.type = b.subject.type = "EVENT";
  EXPECT_EQ(core::FigureConflicts(Claims({a, b})).size(), 1u);
  // A nationality adjective does not name one event, and the reports are eleven days apart.
  a.subject.id = b.subject.id = "e:vessian_blast";
  a.subject.name = b.subject.name = "Vessian blast";
  a.evidence[0].sentence = "The Vessian blast killed 7 people.";
  b.evidence[0].sentence = "At least 10 died in the Vessian blast.";
  EXPECT_TRUE(core::FigureConflicts(Claims({a, b})).empty());
}

TEST(ConflictsTest, OtherFiguresNeedTheSameSubject) {
  Statement a = Figure("launch", "drones", Q(120, "=", "drone"), "d1", "Vessa launched 120 drones.",
                       "2025-06-12", "", "Vessa");
  Statement b = Figure("launch", "drones", Q(40, "=", "drone"), "d2", "Vessa launched 40 drones.",
                       "2025-06-12", "", "Vessa");
  EXPECT_EQ(core::FigureConflicts(Claims({a, b})).size(), 1u);
  b.subject.id = "e:norland";
  EXPECT_TRUE(core::FigureConflicts(Claims({a, b})).empty());
  b.subject.id = a.subject.id;
  b.qualifiers.quantity->unit = "missile";  // another measure
  EXPECT_TRUE(core::FigureConflicts(Claims({a, b})).empty());
}

TEST(ConflictsTest, TimeConflictsNeedTwoArticles) {
  Statement a;
  a.subject.id = "e:1";
  a.predicate.lemma = "annex";
  a.object.id = "e:2";
  a.qualifiers.time = "2024-02";
  Evidence e1;
  e1.doc = "d1";
  a.evidence.push_back(e1);
  Statement b = a;
  b.qualifiers.time = "2023-06-01";
  b.evidence[0].doc = "d2";
  EXPECT_TRUE(core::TimeConflict(a, b));
  b.qualifiers.time = "2024";  // overlaps
  EXPECT_FALSE(core::TimeConflict(a, b));
  b.qualifiers.time = "2023-06-01";
  b.evidence[0].doc = "d1";  // one article, two dates: two events
  EXPECT_FALSE(core::TimeConflict(a, b));
  b.evidence[0].doc = "d2";
  b.object.id = "e:3";
  EXPECT_FALSE(core::TimeConflict(a, b));
}

}  // namespace
}  // namespace kg
