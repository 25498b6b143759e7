// Reading CoNLL-U as raw text and scoring with CoNLL 2018 semantics, on a treebank we wrote.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kg/text.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

// Two documents; the first has two paragraphs, a multiword token and SpaceAfter=No.
constexpr char kTreebank[] =
    "# newdoc id = first\n"
    "# newpar\n"
    "# text = Pia didn't sing.\n"
    "1\tPia\tPia\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tsing\tsing\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# text = Bo did.\n"
    "1\tBo\tBo\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\tdid\tdo\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# newpar\n"
    "# text = New part\n"
    "1\tNew\tnew\tADJ\tJJ\t_\t2\tamod\t_\t_\n"
    "2\tpart\tpart\tNOUN\tNN\t_\t0\troot\t_\t_\n"
    "\n"
    "# newdoc id = second\n"
    "# text = Hi!\n"
    "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n"
    "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
    "\n";

TEST(ConlluScoreTest, RebuildsRawTextWithGoldSpans) {
  const std::filesystem::path dir = testing::MakeTestDir("conllu_score");
  const std::string path = (dir / "t.conllu").string();
  std::ofstream(path) << kTreebank;
  Result<std::vector<GoldDocument>> docs = ReadConlluAsRawText(path);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  const GoldDocument& d = (*docs)[0];
  EXPECT_EQ(d.id, "first");
  EXPECT_EQ(d.text, "Pia didn't sing. Bo did.\n\nNew part");
  ASSERT_EQ(d.tokens.size(), 9u);  // didn't is one token
  EXPECT_EQ(d.text.substr(d.tokens[1].begin, d.tokens[1].end - d.tokens[1].begin), "didn't");
  ASSERT_EQ(d.sentences.size(), 3u);
  EXPECT_EQ(d.sentences[1], (Span{17, 24}));
  EXPECT_EQ((*docs)[1].text, "Hi!");
  std::filesystem::remove_all(dir);

  // Our segmenter gets this one exactly right.
  SegmentationScore score;
  Segmentation seg;
  for (const GoldDocument& doc : *docs) {
    ASSERT_TRUE(Segment(doc.text, &seg).ok());
    ScoreSegmentation(doc, seg, &score);
  }
  EXPECT_EQ(score.tokens.gold, 11u);
  EXPECT_EQ(score.tokens.matched, 11u);
  EXPECT_EQ(score.sentences.f1(), 1.0);
}

TEST(ConlluScoreTest, CountsMismatchesAndIgnoresWhiteSpace) {
  GoldDocument gold;
  gold.text = "ab cd. ef";
  gold.tokens = {{0, 2}, {3, 5}, {5, 6}, {7, 9}};
  gold.sentences = {{0, 6}, {7, 9}};
  Segmentation pred;
  pred.tokens = {{0, 3, 0, 1}, {3, 6, 1, 1}, {7, 9, 2, 1}};  // "ab " matches "ab"; "cd." does not
  pred.sentences = {{0, 9, 0, 3, 0, 3}};
  SegmentationScore score;
  ScoreSegmentation(gold, pred, &score);
  EXPECT_EQ(score.tokens.gold, 4u);
  EXPECT_EQ(score.tokens.predicted, 3u);
  EXPECT_EQ(score.tokens.matched, 2u);
  EXPECT_NEAR(score.tokens.f1(), 4.0 / 7.0, 1e-12);
  EXPECT_EQ(score.sentences.matched, 0u);
}

TEST(ConlluScoreTest, MalformedLineIsNamed) {
  const std::filesystem::path dir = testing::MakeTestDir("conllu_bad");
  const std::string path = (dir / "bad.conllu").string();
  std::ofstream(path) << "# text = x\n1\tx\tx\n";
  Result<std::vector<GoldDocument>> docs = ReadConlluAsRawText(path);
  ASSERT_FALSE(docs.ok());
  EXPECT_NE(docs.status().message().find("line 2"), std::string::npos)
      << docs.status().message();
  EXPECT_EQ(ReadConlluAsRawText((dir / "missing.conllu").string()).status().code(),
            Status::Code::kIOError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kg
