// The CaRB scorer: the matcher and aggregation on small cases worked out by hand, the official
// figures on the shipped OpenIE-5 dev output (read from ../shared at run time), bad input, and
// the statement → tabbed converter.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/export/statement_jsonl.h"
#include "core/extract/carb_score.h"
#include "kg/carb.h"
#include "tests/util/subprocess.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

using core::CarbMatch;
using core::CarbMatchTuples;
using core::CarbTuple;

const std::string kCarbDir = std::string(KG_SHARED_DIR) + "/data/carb";

CarbMatch Match(CarbTuple gold, CarbTuple predicted) { return CarbMatchTuples(gold, predicted); }

#define EXPECT_MATCH(m, p, r)          \
  do {                                 \
    const CarbMatch m_ = (m);          \
    EXPECT_DOUBLE_EQ(m_.precision, p); \
    EXPECT_DOUBLE_EQ(m_.recall, r);    \
  } while (0)

TEST(CarbMatchTest, CountsWordOverlapOfRelationAndArguments) {
  // rel 2 of 2 predicted / 3 gold words; arg1 1/1; arg2 1 of 3 predicted, 1 of 1 gold.
  EXPECT_MATCH(Match({"was born in", {"Ann", "Leeds"}}, {"born in", {"Ann", "Leeds in 1990"}}),
               4.0 / 6, 4.0 / 5);
  // Words are compared exactly: case matters, punctuation tokens are words.
  EXPECT_MATCH(Match({"owns", {"Ann", "a boat"}}, {"owns", {"ann", "a boat ."}}), 3.0 / 5, 3.0 / 4);
  // A repeated gold word consumes one predicted word each time.
  EXPECT_MATCH(Match({"had had", {"Bo", "it"}}, {"had", {"Bo", "it"}}), 1.0, 3.0 / 4);
}

TEST(CarbMatchTest, RelationWithoutOverlapOrMissingArgumentIsNoMatch) {
  EXPECT_MATCH(Match({"sold", {"Ann", "a boat"}}, {"bought", {"Ann", "a boat"}}), 0, 0);
  EXPECT_MATCH(Match({"", {"Ann", "a boat"}}, {"sold", {"Ann", "a boat"}}), 0, 0);
  // The gold has two arguments, the prediction one.
  EXPECT_MATCH(Match({"sold", {"Ann", "a boat"}}, {"sold", {"Ann"}}), 0, 0);
  EXPECT_MATCH(Match({"sold", {"Ann", "a boat"}}, {"sold", {}}), 0, 0);
}

TEST(CarbMatchTest, BeMatchesAnyFormOfBe) {
  EXPECT_MATCH(Match({"is", {"Tom", "a cook"}}, {"be", {"Tom", "a cook"}}), 1, 1);
  EXPECT_MATCH(Match({"has been named", {"Tom", "chef"}}, {"be named", {"Tom", "chef"}}), 1,
               4.0 / 5);
  // Only "be" itself on the predicted side.
  EXPECT_MATCH(Match({"be", {"Tom", "a cook"}}, {"is", {"Tom", "a cook"}}), 0, 0);
}

TEST(CarbMatchTest, GoldArgumentCountDrivesTheArguments) {
  // One gold argument: the prediction's second is never counted, not even as predicted words.
  EXPECT_MATCH(Match({"smiled", {"Ann"}}, {"smiled", {"Ann", "at Bo all day"}}), 1, 1);
  // N-ary tuples are binarised: (Ann; met; "Bo in Rome") against (Ann; met; Bo).
  EXPECT_MATCH(Match({"met", {"Ann", "Bo", "in Rome"}}, {"met", {"Ann", "Bo"}}), 1, 3.0 / 5);
  EXPECT_MATCH(Match({"met", {"Ann", "Bo in Rome"}}, {"met", {"Ann", "Bo", "in", "Rome"}}), 1, 1);
}

TEST(CarbMatchTest, SaidTypeGoldRelationsAlsoTryReversedArguments) {
  // Straight: 1 of 5 both ways; reversed: everything matches, and the better one is returned.
  EXPECT_MATCH(Match({"said", {"Ann", "the plan failed"}}, {"said", {"the plan failed", "Ann"}}), 1,
               1);
  EXPECT_MATCH(Match({"has told", {"Ann", "the press"}}, {"told", {"the press", "Ann"}}), 1,
               4.0 / 5);
  // Without a said-type gold relation only the straight match counts.
  EXPECT_MATCH(Match({"wrote", {"Ann", "the plan"}}, {"wrote", {"the plan", "Ann"}}), 1.0 / 4,
               1.0 / 4);
}

TEST(CarbTextTest, SentenceKeyAndPythonWhitespace) {
  EXPECT_EQ(core::CarbSentenceKey("Hello , world -LRB- x -RRB- ."), "Helloworldx");
  EXPECT_EQ(core::CarbSentenceKey("Hello, world (x)."), "Helloworldx");
  // Chained replaces: -LRB- goes first, which eats the dash "-RRB-" needed.
  EXPECT_EQ(core::CarbSentenceKey("-RRB-LRB-"), "RRB");
  EXPECT_EQ(core::CarbSentenceKey("caf\xC3\xA9 \xE2\x80\x99n"), "caf\xC3\xA9\xE2\x80\x99n");
  const std::vector<std::string_view> words = core::CarbSplitWords(
      " a\xC2\xA0"
      "b \t c\xE2\x80\x83"
      "d\xE2\x80\x8B"
      "e ");
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0], "a");
  EXPECT_EQ(words[1], "b");
  EXPECT_EQ(words[2], "c");
  EXPECT_EQ(words[3],
            "d\xE2\x80\x8B"
            "e");  // U+200B is not white space for Python
  EXPECT_EQ(core::CarbStrip("\xE3\x80\x80 x y\r\n"), "x y");
  EXPECT_EQ(core::CarbStrip(" \t "), "");
}

CarbScore ScoreTexts(const std::string& gold, const std::string& system,
                     const CarbOptions& options = {}) {
  Result<std::vector<CarbGoldTuple>> g = ParseCarbGold(gold);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  Result<std::vector<CarbExtraction>> s = ParseCarbSystem(system);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!g.ok() || !s.ok()) return {};
  return ScoreCarb(*g, *s, options);
}

// Three sentences; the third has no gold. Worked out by hand:
//   e1 (0.9) vs G1: P 3/3, R 3/5     e2 (0.5) vs G1: P 3/5, R 3/5     both vs G2: 0
//   e3 (0.5) vs G3: 1, 1             e4 (0.7): no gold sentence, ignored but a threshold
// thresholds 0.5, 0.7, 0.9 (3 gold tuples):
//   ≥0.5: P (1 + 0 + 1)/3 (greedy: G1–e1, then G2–e2 at 0), R (0.6 + 0 + 1)/3
//   ≥0.7 and ≥0.9: P 1/1, R 0.6/3
constexpr char kGold[] =
    "Ann met Bo in Rome .\tmet\tAnn\tBo\tin Rome\n"
    "Ann met Bo in Rome .\tis in\tRome\tItaly\n"
    "Cy slept .\tslept\tCy\n";
constexpr char kSystem[] =
    "Ann met Bo in Rome .\t0.9\tmet\tAnn\tBo\n"
    "Ann met Bo in Rome .\t0.5\tmet\tBo\tAnn in Rome\n"
    "Dee ran .\t0.7\tran\tDee\n"
    "Cy slept .\t0.5\tslept\tCy\n";

TEST(CarbScoreTest, HandWorkedCurveBestF1AndAuc) {
  CarbOptions options;
  options.pair_scores = true;
  const CarbScore s = ScoreTexts(kGold, kSystem, options);
  EXPECT_EQ(s.gold_tuples, 3u);
  EXPECT_EQ(s.gold_sentences, 2u);
  EXPECT_EQ(s.extractions, 4u);
  EXPECT_EQ(s.scored_extractions, 3u);
  ASSERT_EQ(s.curve.size(), 3u);
  EXPECT_DOUBLE_EQ(s.curve[0].confidence, 0.5);
  EXPECT_DOUBLE_EQ(s.curve[0].precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.curve[0].recall, 1.6 / 3);
  EXPECT_DOUBLE_EQ(s.curve[1].confidence, 0.7);
  EXPECT_DOUBLE_EQ(s.curve[1].precision, 1.0);
  EXPECT_DOUBLE_EQ(s.curve[1].recall, 0.6 / 3);
  EXPECT_DOUBLE_EQ(s.curve[2].precision, 1.0);
  EXPECT_DOUBLE_EQ(s.curve[2].recall, 0.6 / 3);
  EXPECT_DOUBLE_EQ(s.precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall, 8.0 / 15);
  EXPECT_DOUBLE_EQ(s.f1, 16.0 / 27);
  EXPECT_DOUBLE_EQ(s.threshold, 0.5);
  // (8/15 − 1/5)·(2/3 + 1)/2 + 0 + (1/5 − 0)·(1 + 1)/2
  EXPECT_NEAR(s.auc, 43.0 / 90, 1e-12);
  // Pairs: sentence by sentence, gold row by gold row, with 0-based file lines.
  ASSERT_EQ(s.pairs.size(), 5u);
  EXPECT_EQ(s.pairs[1].gold_line, 0u);
  EXPECT_EQ(s.pairs[1].pred_line, 1u);
  EXPECT_DOUBLE_EQ(s.pairs[1].precision, 0.6);
  EXPECT_EQ(s.pairs[4].gold_line, 2u);
  EXPECT_EQ(s.pairs[4].pred_line, 3u);
  EXPECT_DOUBLE_EQ(s.pairs[4].recall, 1.0);
  // The --out file: sorted by recall, stable, Python float text.
  EXPECT_EQ(FormatCarbCurve(s),
            "Precision\tRecall\tConfidence\n"
            "1.0\t0.19999999999999998\t0.7\n"
            "1.0\t0.19999999999999998\t0.9\n"
            "0.6666666666666666\t0.5333333333333333\t0.5\n");
}

TEST(CarbScoreTest, TiedConfidencesAndGreedyTieBreaking) {
  // Both predictions score 3/4 against G1; the greedy pass takes G1–p1 (first gold row, first
  // prediction), leaving G2–p2 at 2/4, although G1–p2 + G2–p1 would give 3/4 + 3/4.
  const CarbScore s = ScoreTexts(
      "Gus fed the cat and the dog .\tfed\tGus\tthe cat\n"
      "Gus fed the cat and the dog .\tfed\tGus\tthe dog\n",
      "Gus fed the cat and the dog .\t1\tfed\tGus\tthe pets\n"
      "Gus fed the cat and the dog .\t1\tfed\tGus\ta cat\n");
  ASSERT_EQ(s.curve.size(), 1u);
  EXPECT_DOUBLE_EQ(s.precision, 1.25 / 2);
  EXPECT_DOUBLE_EQ(s.recall, 1.5 / 2);
  // One threshold: AUC = recall · (precision + 1) / 2.
  EXPECT_DOUBLE_EQ(s.auc, 0.75 * (0.625 + 1) / 2);

  // A duplicate extraction at the same confidence serves recall once and costs precision.
  const CarbScore d =
      ScoreTexts("Eve saw Fay .\tsaw\tEve\tFay\n",
                 "Eve saw Fay .\t1\tsaw\tEve\tFay\nEve saw Fay .\t1\tsaw\tEve\tFay\n");
  EXPECT_DOUBLE_EQ(d.precision, 0.5);
  EXPECT_DOUBLE_EQ(d.recall, 1.0);
  EXPECT_DOUBLE_EQ(d.f1, 2.0 / 3);
  EXPECT_DOUBLE_EQ(d.auc, 0.75);
}

TEST(CarbScoreTest, EmptyOutputAndOutputOnlyForSentencesWithoutGold) {
  const CarbScore empty = ScoreTexts(kGold, "");
  EXPECT_TRUE(empty.curve.empty());
  EXPECT_EQ(empty.precision, 0);
  EXPECT_EQ(empty.recall, 0);
  EXPECT_EQ(empty.f1, 0);
  EXPECT_EQ(empty.auc, 0);
  EXPECT_EQ(empty.gold_tuples, 3u);

  // Nothing above any threshold on a gold sentence: precision 1 by convention, recall 0.
  const CarbScore none = ScoreTexts(kGold, "Dee ran .\t0.7\tran\tDee\n\n  \n");
  ASSERT_EQ(none.curve.size(), 1u);
  EXPECT_EQ(none.curve[0].precision, 1.0);
  EXPECT_EQ(none.curve[0].recall, 0.0);
  EXPECT_EQ(none.f1, 0.0);
  EXPECT_EQ(none.auc, 0.0);
  EXPECT_EQ(none.scored_extractions, 0u);
}

TEST(CarbScoreTest, SentenceKeysAsTheOfficialScorer) {
  // Gold lines whose sentences differ only by surrounding space are one sentence. System
  // sentences that differ in raw text but share a key: the later one's list replaces the
  // earlier one's, thresholds included.
  const CarbScore s = ScoreTexts("Cy slept .\tslept\tCy\nCy slept . \tslept\tCy\n",
                                 "Cy slept .\t0.8\tslept\tCy\n"
                                 "Cy slept.\t0.3\tslept\tZed\n");
  EXPECT_EQ(s.gold_tuples, 2u);
  EXPECT_EQ(s.gold_sentences, 1u);
  ASSERT_EQ(s.curve.size(), 1u);
  EXPECT_DOUBLE_EQ(s.curve[0].confidence, 0.3);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  // Context arguments ("C: ") are dropped from the gold; the rest is trimmed.
  Result<std::vector<CarbGoldTuple>> g =
      ParseCarbGold("Bo said Cy left .\tleft\t Cy \tC: Bo said\t\n");
  ASSERT_TRUE(g.ok());
  ASSERT_EQ((*g)[0].arguments.size(), 1u);
  EXPECT_EQ((*g)[0].arguments[0], "Cy");
}

TEST(CarbScoreTest, ReproducesTheOfficialScorerOnOpenIe5Dev) {
  CarbOptions options;
  options.pair_scores = true;
  Result<CarbScore> score = EvaluateCarb(
      kCarbDir + "/gold/dev.tsv", kCarbDir + "/system_outputs/openie5_dev_tabbed.txt", options);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  const CarbScore& s = *score;
  // SCORING.md: AUC 0.240210, P 0.525691, R 0.405924, F1 0.458109, 676 thresholds.
  EXPECT_NEAR(s.auc, 0.240210, 5e-7);
  EXPECT_NEAR(s.precision, 0.525691, 5e-7);
  EXPECT_NEAR(s.recall, 0.405924, 5e-7);
  EXPECT_NEAR(s.f1, 0.458109, 5e-7);
  EXPECT_EQ(s.curve.size(), 676u);
  EXPECT_EQ(s.gold_tuples, 2548u);

  // Every pair score equals the reference's.
  std::ifstream pairs(kCarbDir + "/reference/openie5_dev_pair_scores.tsv");
  ASSERT_TRUE(pairs) << "missing reference pair scores";
  std::map<std::pair<uint64_t, uint64_t>, std::pair<double, double>> expected;
  std::string line;
  std::getline(pairs, line);  // header
  while (std::getline(pairs, line)) {
    std::istringstream row(line);
    uint64_t g = 0, p = 0;
    double precision = 0, recall = 0;
    row >> g >> p >> precision >> recall;
    ASSERT_TRUE(row) << line;
    expected[{g, p}] = {precision, recall};
  }
  ASSERT_EQ(expected.size(), 7808u);
  ASSERT_EQ(s.pairs.size(), expected.size());
  size_t differing = 0;
  for (const CarbPairScore& pair : s.pairs) {
    auto it = expected.find({pair.gold_line, pair.pred_line});
    ASSERT_NE(it, expected.end()) << pair.gold_line << " " << pair.pred_line;
    if (std::abs(it->second.first - pair.precision) > 1e-12 ||
        std::abs(it->second.second - pair.recall) > 1e-12) {
      ++differing;
    }
  }
  EXPECT_EQ(differing, 0u);

  // The PR curve file, point by point: here the text is identical to the official output.
  std::ifstream curve(kCarbDir + "/reference/OpenIE-5-dev.pr.tsv");
  ASSERT_TRUE(curve) << "missing reference PR curve";
  std::stringstream reference;
  reference << curve.rdbuf();
  EXPECT_EQ(FormatCarbCurve(s), reference.str());
}

TEST(CarbReadTest, MalformedInputNamesTheLine) {
  auto expect_error = [](const Status& status, uint32_t line, const std::string& words) {
    EXPECT_EQ(status.code(), Status::Code::kInvalidArgument) << status.ToString();
    EXPECT_EQ(status.line(), line) << status.ToString();
    EXPECT_NE(status.message().find(words), std::string::npos) << status.ToString();
  };
  expect_error(ParseCarbGold("A b .\tsaw\tA\n\nno tab here\n", "g.tsv").status(), 3,
               "g.tsv:3: a gold line needs");
  expect_error(ParseCarbGold("\n \n").status(), 0, "no gold tuples");
  expect_error(ParseCarbSystem("A b .\t1\tsaw\tA\nA b .\t0.5\n", "s.txt").status(), 2,
               "s.txt:2: expected sentence<TAB>confidence");
  expect_error(ParseCarbSystem("A b .\thigh\tsaw\tA\n").status(), 1, "not a number: \"high\"");
  expect_error(ParseCarbSystem("A b .\tnan\tsaw\tA\n").status(), 1, "not a number");
  expect_error(ParseCarbSystem("A b .\t0x1p3\tsaw\tA\n").status(), 1, "not a number");
  expect_error(ParseCarbSystem("A b .\t1\tsaw\tA\nA \xFF\t1\tsaw\tA\n").status(), 2,
               "invalid UTF-8");
  expect_error(ParseCarbGold(std::string("A\tb\tc\nA\0b\tc\n", 10)).status(), 2, "NUL byte");
  // Python's float() accepts these.
  Result<std::vector<CarbExtraction>> ok =
      ParseCarbSystem("A\t -2.5e-1 \tsaw\tA\nA\tinf\tsaw\r\nA\t+3\tsaw\tB\t\tC\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].confidence, -0.25);
  EXPECT_TRUE((*ok)[1].arguments.empty());
  ASSERT_EQ((*ok)[2].arguments.size(), 3u);  // an empty middle field stays
  EXPECT_EQ((*ok)[2].arguments[1], "");

  EXPECT_EQ(ReadCarbGold("/nonexistent/carb/gold.tsv").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(EvaluateCarb(kCarbDir + "/gold/dev.tsv", "/nonexistent/out.txt").status().code(),
            Status::Code::kNotFound);
}

TEST(CarbConvertTest, StatementsBecomeTabbedLinesThatReadBack) {
  Statement st;
  st.subject.name = "Port\tAuthority";
  st.predicate = {"close", "has closed"};
  st.object.name = "the north\nterminal";
  st.confidence = 0.6;
  Evidence with_confidence;
  with_confidence.sentence = "The Port Authority has closed the north terminal .";
  with_confidence.confidence = 0.8125;
  Evidence without_confidence = with_confidence;
  without_confidence.confidence.reset();
  Evidence no_sentence;
  st.evidence = {with_confidence, without_confidence, no_sentence};
  const std::vector<CarbExtraction> ex = CarbExtractionsFromStatement(st);
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].confidence, 0.8125);
  EXPECT_EQ(ex[1].confidence, 0.6);
  const std::string line = FormatCarbExtraction(ex[0]);
  EXPECT_EQ(line,
            "The Port Authority has closed the north terminal .\t0.8125\thas closed\t"
            "Port Authority\tthe north terminal\n");
  CarbExtraction odd;
  odd.sentence = "S";
  odd.confidence = 1e-7;
  odd.relation = "r";
  EXPECT_EQ(FormatCarbExtraction(odd), "S\t1e-07\tr\t\n");

  const std::filesystem::path dir = testing::MakeTestDir("carb_convert");
  const std::string path = (dir / "st.jsonl").string();
  st.subject.id = "e:1";
  st.subject.type = "ORG";
  st.object.id = "e:2";
  st.object.type = "LOCATION";
  st.evidence = {with_confidence};
  st.evidence[0].doc = "d1";
  std::ofstream(path) << core::FormatStatementJson(st) << "\n\n";
  Result<std::vector<CarbExtraction>> read = ReadStatementsAsCarb(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), 1u);
  Result<std::vector<CarbExtraction>> back = ParseCarbSystem(FormatCarbExtraction((*read)[0]));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)[0].relation, "has closed");
  EXPECT_EQ((*back)[0].confidence, 0.8125);
  ASSERT_EQ((*back)[0].arguments.size(), 2u);

  std::ofstream(path) << core::FormatStatementJson(st) << "\n{\"subject\": 3}\n";
  const Status bad = ReadStatementsAsCarb(path).status();
  EXPECT_EQ(bad.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad.line(), 2u) << bad.ToString();
  std::filesystem::remove_all(dir);
}

TEST(CarbCliTest, KgEvalCarbPrintsTheScoresAndWritesTheFiles) {
  const std::filesystem::path dir = testing::MakeTestDir("carb_cli");
  std::ofstream(dir / "gold.tsv") << kGold;
  std::ofstream(dir / "system.txt") << kSystem;
  testing::RunResult r = testing::RunProgram(
      KG_EVAL_PATH, {"carb", "gold.tsv", "system.txt", "--pr-curve", "pr.tsv", "--pairs", "p.tsv"},
      dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // 16/27 = 0.5926, 43/90 = 0.4778
  EXPECT_NE(r.out.find("AUC: 0.478\t Optimal (precision, recall, F1): [0.667 0.533 0.593]"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(testing::ReadWholeFile(dir / "pr.tsv").substr(0, 28),
            "Precision\tRecall\tConfidence\n");
  EXPECT_NE(testing::ReadWholeFile(dir / "p.tsv").find("0\t1\t0.6\t0.6\n"), std::string::npos);

  std::ofstream(dir / "bad.txt") << kSystem << "Cy slept .\tsoon\tslept\tCy\n";
  r = testing::RunProgram(KG_EVAL_PATH, {"carb", "gold.tsv", "bad.txt"}, dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.txt:5: field 2 (confidence) is not a number"), std::string::npos)
      << r.err;
  r = testing::RunProgram(KG_EVAL_PATH, {"carb", "gold.tsv"}, dir);
  EXPECT_EQ(r.exit_code, 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kg
