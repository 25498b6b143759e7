// core::PackStatement / UnpackStatement: every field of a statement comes back as it was, one
// statement after another, and a cut-off buffer is refused rather than misread.
#include "core/model/statement_pack.h"

#include <gtest/gtest.h>

#include <string>

namespace kg::core {
namespace {

Statement Full() {
  Statement st;
  st.id = "st:0123";
  st.subject = {"e:7",
                "Harbour Authority",
                "ORG",
                NodeKind::kEntity,
                {{"the authority", 3}, {"Harbour Authority", 1}}};
  st.predicate = {"close", "closed"};
  st.object = {"c:2", "the north pier", "CLAIM", NodeKind::kLiteral, {}};
  st.qualifiers.time = "2025-03-01/2025-03-09";
  st.qualifiers.location = NodeRef{"e:9", "Port Ellery"};
  st.qualifiers.quantity = Quantity{12.5, ">=", "metres"};
  st.qualifiers.negated = true;
  st.qualifiers.modality = "may";
  st.qualifiers.attributed_to = NodeRef{"e:11", ""};
  st.confidence = 0.625;
  st.support = 2;
  st.outlets = 1;
  Evidence a;
  a.doc = "doc-1";
  a.source = "coast.example";
  a.published = "2025-03-02";
  a.path = "/tmp/in.txt";
  a.sentence = "The authority closed the north pier for a week, caf\xC3\xA9 owners said.";
  a.begin = 300;
  a.end = 1ull << 40;
  a.rule = "svo/ccomp";
  a.version = "3";
  a.confidence = 0.9;
  st.evidence.push_back(a);
  Evidence b;
  b.doc = "doc-2";
  b.sentence = std::string("with a \0 byte", 13);
  st.evidence.push_back(b);
  return st;
}

void ExpectSame(const Statement& x, const Statement& y) {
  EXPECT_EQ(x.id, y.id);
  for (auto [n, m] :
       {std::make_pair(&x.subject, &y.subject), std::make_pair(&x.object, &y.object)}) {
    EXPECT_EQ(n->id, m->id);
    EXPECT_EQ(n->name, m->name);
    EXPECT_EQ(n->type, m->type);
    EXPECT_EQ(n->kind, m->kind);
    EXPECT_EQ(n->aliases, m->aliases);
  }
  EXPECT_EQ(x.predicate.lemma, y.predicate.lemma);
  EXPECT_EQ(x.predicate.text, y.predicate.text);
  EXPECT_EQ(x.qualifiers.time, y.qualifiers.time);
  EXPECT_EQ(x.qualifiers.location, y.qualifiers.location);
  EXPECT_EQ(x.qualifiers.quantity, y.qualifiers.quantity);
  EXPECT_EQ(x.qualifiers.negated, y.qualifiers.negated);
  EXPECT_EQ(x.qualifiers.modality, y.qualifiers.modality);
  EXPECT_EQ(x.qualifiers.attributed_to, y.qualifiers.attributed_to);
  EXPECT_EQ(x.confidence, y.confidence);
  EXPECT_EQ(x.support, y.support);
  EXPECT_EQ(x.outlets, y.outlets);
  ASSERT_EQ(x.evidence.size(), y.evidence.size());
  for (size_t i = 0; i < x.evidence.size(); ++i) {
    const Evidence &e = x.evidence[i], &f = y.evidence[i];
    EXPECT_EQ(e.doc, f.doc);
    EXPECT_EQ(e.source, f.source);
    EXPECT_EQ(e.published, f.published);
    EXPECT_EQ(e.path, f.path);
    EXPECT_EQ(e.sentence, f.sentence);
    EXPECT_EQ(e.begin, f.begin);
    EXPECT_EQ(e.end, f.end);
    EXPECT_EQ(e.rule, f.rule);
    EXPECT_EQ(e.version, f.version);
    EXPECT_EQ(e.confidence, f.confidence);
  }
}

TEST(StatementPackTest, RoundTripsEveryFieldOneAfterAnother) {
  const Statement full = Full();
  const Statement plain;  // defaults: no qualifiers, no evidence
  std::string packed;
  PackStatement(full, &packed);
  PackStatement(plain, &packed);
  std::string_view in = packed;
  Statement got = Full();  // unpacking replaces what was there
  ASSERT_TRUE(UnpackStatement(&in, &got));
  ExpectSame(got, full);
  ASSERT_TRUE(UnpackStatement(&in, &got));
  ExpectSame(got, plain);
  EXPECT_TRUE(in.empty());
}

TEST(StatementPackTest, ACutOffBufferIsRefused) {
  std::string packed;
  PackStatement(Full(), &packed);
  for (size_t cut = 0; cut < packed.size(); cut += 3) {
    std::string_view in(packed.data(), cut);
    Statement st;
    EXPECT_FALSE(UnpackStatement(&in, &st)) << cut;
    EXPECT_EQ(in.size(), cut);
  }
}

}  // namespace
}  // namespace kg::core
