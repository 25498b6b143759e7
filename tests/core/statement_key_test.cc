#include "core/model/statement_key.h"

#include <gtest/gtest.h>

#include <string>

#include "core/util/text.h"

namespace kg::core {
namespace {

Statement MakeStatement() {
  Statement st;
  st.subject = {"e:1", "Ada Brook", "PERSON", NodeKind::kEntity, {}};
  st.predicate = {"meet", "met"};
  st.object = {"e:2", "Ivo Stan", "PERSON", NodeKind::kEntity, {}};
  st.confidence = 0.5;
  Evidence ev;
  ev.doc = "d1";
  ev.sentence = "Brook met Stan.";
  ev.begin = 0;
  ev.end = 15;
  ev.rule = "svo";
  st.evidence.push_back(ev);
  return st;
}

TEST(StatementKeyTest, IdDependsOnKeyFieldsOnly) {
  Statement a = MakeStatement();
  Statement b = MakeStatement();
  b.predicate.text = "meets";   // surface text is not part of the key
  b.confidence = 0.9;           // nor confidence
  b.evidence[0].doc = "d2";     // nor evidence
  b.subject.name = "A. Brook";  // nodes are identified by id
  EXPECT_EQ(StatementId(a), StatementId(b));
  EXPECT_EQ(StatementId(a).rfind("st:", 0), 0u);
  EXPECT_EQ(StatementId(a).size(), 35u);
}

TEST(StatementKeyTest, KeyQualifiersMakeDistinctStatements) {
  const std::string base = StatementId(MakeStatement());
  std::vector<Statement> variants(7, MakeStatement());
  variants[0].qualifiers.time = "2025-04-25";
  variants[1].qualifiers.location = NodeRef{"e:9", "Moscow"};
  variants[2].qualifiers.quantity = Quantity{12, ">=", "people"};
  variants[3].qualifiers.negated = true;
  variants[4].qualifiers.modality = "might";
  variants[5].qualifiers.attributed_to = NodeRef{"e:3", "Lavrov"};
  variants[6].predicate.lemma = "receive";
  std::set<std::string> ids = {base};
  for (const Statement& v : variants) ids.insert(StatementId(v));
  EXPECT_EQ(ids.size(), 8u);
}

TEST(StatementKeyTest, SeparatorsInFieldsCannotCollide) {
  Statement a = MakeStatement(), b = MakeStatement();
  a.subject.id =
      "e:1\x1f"
      "meet";
  a.predicate.lemma = "x";
  b.subject.id = "e:1";
  b.predicate.lemma = "meet\x1fx";
  EXPECT_NE(StatementKey(a), StatementKey(b));
}

// The key's bytes are what stored statements are identified by: they must never change. Each
// field ends with \x1f; a \x1f or a backslash inside a field gets a backslash before it.
TEST(StatementKeyTest, KeyBytesArePinned) {
  Statement st = MakeStatement();
  st.subject.id = "e:a\x1f" "b\\c";
  st.predicate.lemma = "meet";
  st.object.id = "e:\\";
  st.qualifiers = Qualifiers();
  st.qualifiers.time = "2014";
  st.qualifiers.negated = true;
  EXPECT_EQ(StatementKey(st),
            std::string("e:a\\\x1f" "b\\\\c\x1f" "meet\x1f" "e:\\\\\x1f" "2014\x1f"
                        "\x1f" "\x1f" "1\x1f" "\x1f" "\x1f"));
  Evidence ev;
  ev.doc = "d:1";
  ev.begin = 12;
  ev.end = 345;
  ev.rule = "svo";
  EXPECT_EQ(EvidenceHash(ev), Hash64(std::string("d:1\x1f" "12\x1f" "345\x1f" "svo\x1f")));
}

TEST(StatementKeyTest, EvidenceHashIdentifiesDocSpanAndRule) {
  Evidence a = MakeStatement().evidence[0];
  Evidence b = a;
  b.sentence = "other text";  // the sentence is determined by doc and span
  EXPECT_EQ(EvidenceHash(a), EvidenceHash(b));
  b.rule = "copula";
  EXPECT_NE(EvidenceHash(a), EvidenceHash(b));
  b = a;
  b.end = 16;
  EXPECT_NE(EvidenceHash(a), EvidenceHash(b));
}

TEST(StatementKeyTest, ValidationNamesTheField) {
  Statement st = MakeStatement();
  EXPECT_TRUE(ValidateStatement(st).ok());
  auto message = [](Statement s) { return ValidateStatement(s).message(); };
  Statement bad = st;
  bad.subject.id.clear();
  EXPECT_NE(message(bad).find("subject.id"), std::string::npos);
  bad = st;
  bad.object.type = "person";
  EXPECT_NE(message(bad).find("object.type"), std::string::npos);
  bad = st;
  bad.evidence.clear();
  EXPECT_NE(message(bad).find("evidence"), std::string::npos);
  bad = st;
  bad.evidence[0].begin = 20;
  EXPECT_NE(message(bad).find("evidence[0]"), std::string::npos);
  bad = st;
  bad.confidence = 1.5;
  EXPECT_NE(message(bad).find("confidence"), std::string::npos);
  bad = st;
  bad.qualifiers.time = "last Friday";
  EXPECT_NE(message(bad).find("qualifiers.time"), std::string::npos);
  bad = st;
  bad.qualifiers.quantity = Quantity{1, "=>", ""};
  EXPECT_NE(message(bad).find("comparator"), std::string::npos);
  bad = st;
  bad.subject.name = "bad \xFF name";
  EXPECT_NE(message(bad).find("subject.name"), std::string::npos);
}

TEST(StatementKeyTest, ParsesDayRanges) {
  EXPECT_EQ(ParseDayRange("2014").first, 20140101);
  EXPECT_EQ(ParseDayRange("2014").last, 20141231);
  EXPECT_EQ(ParseDayRange("2024-02").last, 20240229);
  EXPECT_EQ(ParseDayRange("2025-02").last, 20250228);
  EXPECT_EQ(ParseDayRange("2025-04-25").first, 20250425);
  const DayRange r = ParseDayRange("2025-02/2025-04");
  EXPECT_EQ(r.first, 20250201);
  EXPECT_EQ(r.last, 20250430);
  EXPECT_TRUE(ParseDayRange("2025-13").empty());
  EXPECT_TRUE(ParseDayRange("2025-02-30").empty());
  EXPECT_TRUE(ParseDayRange("2025-04/2025-01").empty());
  EXPECT_TRUE(ParseDayRange("April").empty());
  EXPECT_TRUE(ValidateTime("").ok());
}

}  // namespace
}  // namespace kg::core
