// Corroboration: documents and outlets counted, extraction confidence combined with backing.
#include "core/model/corroboration.h"

#include <gtest/gtest.h>

namespace kg {
namespace {

Evidence Piece(const std::string& doc, const std::string& outlet, std::optional<double> c,
               uint64_t begin = 0) {
  Evidence e;
  e.doc = doc;
  e.source = outlet;
  e.confidence = c;
  e.begin = begin;
  e.end = begin + 10;
  e.sentence = "A sentence of " + doc + ".";
  return e;
}

TEST(CorroborationTest, OnePieceKeepsItsConfidence) {
  const core::Corroboration c = core::Corroborate({Piece("d1", "north.example", 0.7)}, 0.9);
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.outlets, 1u);
  EXPECT_DOUBLE_EQ(c.confidence, 0.7);
}

TEST(CorroborationTest, TwoOutletsCombineByNoisyOr) {
  const core::Corroboration c = core::Corroborate(
      {Piece("d1", "north.example", 0.7), Piece("d2", "south.example", 0.6)}, 0.9);
  EXPECT_EQ(c.documents, 2u);
  EXPECT_EQ(c.outlets, 2u);
  EXPECT_NEAR(c.confidence, 1 - 0.3 * 0.4, 1e-12);
}

TEST(CorroborationTest, ASecondArticleOfOneOutletCountsLessThanASecondOutlet) {
  const core::Corroboration same = core::Corroborate(
      {Piece("d1", "north.example", 0.6), Piece("d2", "north.example", 0.6)}, 0.5);
  const core::Corroboration other = core::Corroborate(
      {Piece("d1", "north.example", 0.6), Piece("d2", "south.example", 0.6)}, 0.5);
  EXPECT_EQ(same.documents, 2u);
  EXPECT_EQ(same.outlets, 1u);
  EXPECT_EQ(other.outlets, 2u);
  EXPECT_NEAR(same.confidence, 1 - 0.4 * (1 - core::kSameOutletWeight * 0.6), 1e-12);
  EXPECT_GT(same.confidence, 0.6);  // still more than one article alone
  EXPECT_LT(same.confidence, other.confidence);
}

TEST(CorroborationTest, RepeatsWithinOneArticleAreOneSource) {
  const core::Corroboration c = core::Corroborate(
      {Piece("d1", "north.example", 0.5, 0), Piece("d1", "north.example", 0.8, 200)}, 0.9);
  EXPECT_EQ(c.documents, 1u);
  EXPECT_DOUBLE_EQ(c.confidence, 0.8);  // the best piece of the article, not a combination
}

TEST(CorroborationTest, PiecesWithoutConfidenceTakeTheFallback) {
  const core::Corroboration c = core::Corroborate(
      {Piece("d1", "north.example", std::nullopt), Piece("d2", "south.example", std::nullopt)},
      0.5);
  EXPECT_NEAR(c.confidence, 0.75, 1e-12);
}

TEST(CorroborationTest, DocumentsWithoutAnOutletAreTheirOwnOutlet) {
  const core::Corroboration c =
      core::Corroborate({Piece("d1", "", 0.5), Piece("d2", "", 0.5)}, 0.5);
  EXPECT_EQ(c.outlets, 2u);
  EXPECT_NEAR(c.confidence, 0.75, 1e-12);
}

TEST(CorroborationTest, NoEvidenceGivesTheFallback) {
  const core::Corroboration c = core::Corroborate({}, 0.4);
  EXPECT_EQ(c.documents, 0u);
  EXPECT_EQ(c.outlets, 0u);
  EXPECT_DOUBLE_EQ(c.confidence, 0.4);
}

TEST(CorroborationTest, MoreBackingNeverLowersConfidence) {
  // Adding pieces one by one, from known and new outlets, weak and strong.
  const std::vector<Evidence> all = {
      Piece("d1", "a.example", 0.6),  Piece("d2", "a.example", 0.2),
      Piece("d3", "b.example", 0.05), Piece("d3", "b.example", 0.9, 50),
      Piece("d4", "", 0.3),           Piece("d5", "c.example", 0.0),
      Piece("d6", "a.example", 1.0)};
  std::vector<Evidence> so_far;
  double last = 0;
  uint32_t last_docs = 0;
  for (const Evidence& e : all) {
    so_far.push_back(e);
    const core::Corroboration c = core::Corroborate(so_far, 0.5);
    EXPECT_GE(c.confidence, last) << "after " << e.doc;
    EXPECT_GE(c.documents, last_docs);
    EXPECT_LE(c.confidence, 1.0);
    last = c.confidence;
    last_docs = c.documents;
  }
  EXPECT_EQ(last_docs, 6u);
  EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(CorroborationTest, OutOfRangeConfidencesAreClamped) {
  const core::Corroboration c =
      core::Corroborate({Piece("d1", "a.example", 1.5), Piece("d2", "b.example", -0.5)}, 0.5);
  EXPECT_DOUBLE_EQ(c.confidence, 1.0);
}

}  // namespace
}  // namespace kg
