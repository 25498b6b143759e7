// Scoring Open IE extractions against the CaRB benchmark (Bhardwaj, Aggarwal & Mausam, EMNLP
// 2019), reimplementing the official scorer's default metric: the binary lenient tuple match,
// the precision/recall curve over confidence thresholds, its area (AUC) and the best F1 on it.
//
//   auto score = kg::EvaluateCarb("gold/dev.tsv", "our_dev_tabbed.txt");
//   if (score.ok()) printf("F1 %.3f AUC %.3f\n", score->f1, score->auc);
//
// Formats (docs/evaluation.md):
//   gold    sentence<TAB>relation<TAB>arg1[<TAB>arg2 ...]            (args holding "C: " ignored)
//   system  sentence<TAB>confidence<TAB>relation<TAB>arg1[<TAB>arg2 ...]   ("tabbed" format)
// Sentences are matched after the scorer's normalisation (spaces and ASCII punctuation removed),
// so tokenisation differences in the sentence column do not matter.
// Thread-safety: pure functions over values; every call may run concurrently with any other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"

namespace kg {

// One gold tuple of a CaRB gold file.
struct CarbGoldTuple {
  std::string sentence;                // stripped
  std::string relation;                // stripped; may be empty (never matches)
  std::vector<std::string> arguments;  // stripped, "C: " context arguments removed
  uint64_t line = 0;                   // 0-based line in its file
};

// One extraction of a system output.
struct CarbExtraction {
  std::string sentence;
  double confidence = 1.0;  // any finite or infinite value; only order and equality matter
  std::string relation;
  std::vector<std::string> arguments;  // as written (not trimmed)
  uint64_t line = 0;                   // 0-based line in its file (0 for converted ones)
};

// Parse a whole gold / system file's contents. Blank lines are skipped; `name` prefixes error
// messages. Errors: InvalidArgument with the 1-based line (Status::line()) for invalid UTF-8,
// a NUL byte, too few fields, or (system) a confidence that is not a number; InvalidArgument
// for a gold text without any tuple. An empty system text is valid (no extractions).
Result<std::vector<CarbGoldTuple>> ParseCarbGold(std::string_view text,
                                                 const std::string& name = "gold");
Result<std::vector<CarbExtraction>> ParseCarbSystem(std::string_view text,
                                                    const std::string& name = "system");
// The same for files. Errors: the parsers', and NotFound / IOError when the file cannot be read.
Result<std::vector<CarbGoldTuple>> ReadCarbGold(const std::string& path);
Result<std::vector<CarbExtraction>> ReadCarbSystem(const std::string& path);

// One point of the precision/recall curve: the scores of the extractions whose confidence is
// at least `confidence`.
struct CarbPoint {
  double precision = 0;
  double recall = 0;
  double confidence = 0;
};

// The matcher's [precision, recall] for one (gold tuple, extraction) pair of the same sentence.
struct CarbPairScore {
  uint64_t gold_line = 0;  // CarbGoldTuple::line
  uint64_t pred_line = 0;  // CarbExtraction::line
  double precision = 0;
  double recall = 0;
};

struct CarbOptions {
  // Whether CarbScore::pairs is filled (one entry per scored pair). Default: false.
  bool pair_scores = false;
};

struct CarbScore {
  // The point of best F1 (the lowest threshold among equals); all 0 without extractions.
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double threshold = 0;  // the confidence threshold of that point
  double auc = 0;        // trapezoid area under the curve closed with (recall 0, precision 1)
  // Every distinct confidence, ascending, with its point. Recall never increases along it.
  std::vector<CarbPoint> curve;
  std::vector<CarbPairScore> pairs;  // when CarbOptions::pair_scores; sentence by sentence
  uint64_t gold_sentences = 0;       // distinct sentences with gold tuples
  uint64_t gold_tuples = 0;          // the recall denominator
  uint64_t extractions = 0;          // extractions read
  uint64_t scored_extractions = 0;   // of them, on a gold sentence (the others are ignored)
};

// Scores `system` against `gold` exactly as the official CaRB scorer (carb.py, default
// matcher) does, including its quirks (docs/evaluation.md lists them). Never fails.
CarbScore ScoreCarb(const std::vector<CarbGoldTuple>& gold,
                    const std::vector<CarbExtraction>& system, const CarbOptions& options = {});

// Reads both files and scores them. Errors: ReadCarbGold's and ReadCarbSystem's.
Result<CarbScore> EvaluateCarb(const std::string& gold_path, const std::string& system_path,
                               const CarbOptions& options = {});

// The curve as the official scorer's --out file writes it: a "Precision\tRecall\tConfidence"
// header, then one row per threshold, stably sorted by recall ascending, numbers in their
// shortest round-trip form.
std::string FormatCarbCurve(const CarbScore& score);

// One line of the tabbed system format (with its "\n"). Tabs, line breaks and other control
// characters inside fields become spaces, so a field can never split the line; an extraction
// without arguments gets an empty arg1 (it can then never match, as the official scorer).
std::string FormatCarbExtraction(const CarbExtraction& extraction);

// The CaRB extractions of a kgraph statement: one per piece of evidence that carries its
// sentence. relation = predicate.text (the lemma when the text is empty), arg1 = the subject's
// name, arg2 = the object's name; confidence = the evidence's, else the statement's.
std::vector<CarbExtraction> CarbExtractionsFromStatement(const Statement& statement);

// Converts a statement JSON Lines file (docs/formats.md) to extractions, in file order.
// Errors: NotFound / IOError for the file; InvalidArgument naming the 1-based line of a line
// that is not a valid statement.
Result<std::vector<CarbExtraction>> ReadStatementsAsCarb(const std::string& path);

}  // namespace kg
