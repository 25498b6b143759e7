// kg-eval: scores the NLP models on a CoNLL-U file (gold tokenization, CoNLL 2018 semantics),
// segmentation on raw text, and Open IE output on CaRB. Uses the public API (include/kg) only.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kg/carb.h"
#include "kg/nlp.h"
#include "kg/text.h"

namespace {

constexpr const char* kUsage =
    "usage: kg-eval ud FILE.conllu [--models DIR] [--output FILE.conllu] [--errors N]\n"
    "       kg-eval raw FILE.conllu\n"
    "       kg-eval carb GOLD.tsv SYSTEM.txt [--pr-curve FILE] [--pairs FILE]\n"
    "       kg-eval carb-tabbed STATEMENTS.jsonl [--output FILE]\n"
    "  raw: reads the file's documents as plain text, tokenizes and splits them, and prints\n"
    "  token and sentence-boundary precision, recall and F1 (CoNLL 2018 semantics).\n"
    "  Analyses the gold words of every sentence and prints UPOS, XPOS, lemma, UAS and LAS\n"
    "  (percent of words, punctuation included; LAS ignores relation subtypes).\n"
    "  --models defaults to $KG_MODELS, else the models/ folder of the source tree.\n"
    "  --errors N also prints the N commonest lemma errors (by gold XPOS, and whether the\n"
    "  predicted XPOS was right) and UPOS confusions (gold>predicted).\n"
    "  carb: scores a tabbed Open IE output (sentence, confidence, relation, args) against CaRB\n"
    "  gold as the official scorer does (binary lenient match) and prints AUC and the best F1\n"
    "  point; --pr-curve writes the curve (Precision, Recall, Confidence), --pairs every\n"
    "  (gold line, system line, precision, recall) pair score, lines 0-based.\n"
    "  carb-tabbed: converts statement JSON Lines (one extraction per evidence sentence) to the\n"
    "  tabbed format, to standard output unless --output is given.\n"
    "  Formats and scoring rules: docs/evaluation.md.\n";

// Writes `text` to `path`; false (after saying why) when it cannot.
bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.flush();
  if (!out) {
    std::cerr << "kg-eval: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// `v` in the fewest digits that read back as the same double.
std::string Shortest(double v) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Numbers rounded half to even at 3 decimals, as the official scorer's console line (numpy).
double Round3(double v) { return std::nearbyint(v * 1000) / 1000; }

int RunCarb(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  std::string curve_path, pairs_path;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--pr-curve" || a == "--pairs") {
      if (i + 1 >= args.size()) {
        std::cerr << "kg-eval: " << a << " needs a file\n";
        return 1;
      }
      (a == "--pr-curve" ? curve_path : pairs_path) = args[++i];
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "kg-eval: unknown option '" << a << "'\n" << kUsage;
      return 1;
    } else {
      files.push_back(a);
    }
  }
  if (files.size() != 2) {
    std::cerr << "kg-eval: carb needs a gold file and a system output\n" << kUsage;
    return 1;
  }
  kg::CarbOptions options;
  options.pair_scores = !pairs_path.empty();
  auto score = kg::EvaluateCarb(files[0], files[1], options);
  if (!score.ok()) {
    std::cerr << "kg-eval: " << score.status().ToString() << "\n";
    return score.status().IsUserError() ? 1 : 2;
  }
  const kg::CarbScore& s = *score;
  if (!curve_path.empty() && !WriteFile(curve_path, kg::FormatCarbCurve(s))) return 1;
  if (!pairs_path.empty()) {
    std::string text = "gold_line\tpred_line\tprecision\trecall\n";
    for (const kg::CarbPairScore& p : s.pairs) {
      text += std::to_string(p.gold_line) + "\t" + std::to_string(p.pred_line) + "\t" +
              Shortest(p.precision) + "\t" + Shortest(p.recall) + "\n";
    }
    if (!WriteFile(pairs_path, text)) return 1;
  }
  std::printf("gold: %llu tuples in %llu sentences; system: %llu extractions, %llu on gold "
              "sentences; %zu thresholds\n",
              static_cast<unsigned long long>(s.gold_tuples),
              static_cast<unsigned long long>(s.gold_sentences),
              static_cast<unsigned long long>(s.extractions),
              static_cast<unsigned long long>(s.scored_extractions), s.curve.size());
  std::printf("AUC: %.3f\t Optimal (precision, recall, F1): [%.3f %.3f %.3f]\n", Round3(s.auc),
              Round3(s.precision), Round3(s.recall), Round3(s.f1));
  std::printf("unrounded: AUC %.6f  P %.6f  R %.6f  F1 %.6f  at confidence >= %s\n", s.auc,
              s.precision, s.recall, s.f1, Shortest(s.threshold).c_str());
  return 0;
}

int RunCarbTabbed(const std::vector<std::string>& args) {
  std::string input, output;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--output" || a == "-o") {
      if (i + 1 >= args.size()) {
        std::cerr << "kg-eval: " << a << " needs a file\n";
        return 1;
      }
      output = args[++i];
    } else if ((!a.empty() && a[0] == '-') || !input.empty()) {
      std::cerr << "kg-eval: carb-tabbed takes one statement JSON Lines file\n" << kUsage;
      return 1;
    } else {
      input = a;
    }
  }
  if (input.empty()) {
    std::cerr << "kg-eval: carb-tabbed needs a statement JSON Lines file\n" << kUsage;
    return 1;
  }
  auto extractions = kg::ReadStatementsAsCarb(input);
  if (!extractions.ok()) {
    std::cerr << "kg-eval: " << extractions.status().ToString() << "\n";
    return extractions.status().IsUserError() ? 1 : 2;
  }
  std::string text;
  for (const kg::CarbExtraction& e : *extractions) text += kg::FormatCarbExtraction(e);
  if (output.empty()) {
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : 1;
  }
  return WriteFile(output, text) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "raw") {
    if (args.size() != 2 || args[1].empty() || args[1][0] == '-') {
      std::cerr << "kg-eval: raw needs exactly one CoNLL-U file\n" << kUsage;
      return 1;
    }
    auto score = kg::EvaluateSegmentation(args[1]);
    if (!score.ok()) {
      std::cerr << "kg-eval: " << score.status().ToString() << "\n";
      return score.status().IsUserError() ? 1 : 2;
    }
    std::printf("%s: %llu documents\n", args[1].c_str(),
                static_cast<unsigned long long>(score->documents));
    for (const auto& [name, s] : {std::pair{"tokens", score->tokens},
                                  std::pair{"sentences", score->sentences}}) {
      std::printf("%-10s P %6.2f  R %6.2f  F1 %6.2f\n", name, 100 * s.precision(),
                  100 * s.recall(), 100 * s.f1());
    }
    return 0;
  }
  if (args[0] == "carb") return RunCarb(args);
  if (args[0] == "carb-tabbed") return RunCarbTabbed(args);
  if (args[0] != "ud") {
    std::cerr << "kg-eval: unknown mode '" << args[0] << "'\n" << kUsage;
    return 1;
  }
  std::string file, output;
  size_t show_errors = 0;
  std::string models = std::getenv("KG_MODELS") ? std::getenv("KG_MODELS") : KG_DEFAULT_MODELS_DIR;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--errors") {
      if (i + 1 >= args.size() || args[i + 1].empty() ||
          args[i + 1].find_first_not_of("0123456789") != std::string::npos) {
        std::cerr << "kg-eval: --errors needs a count\n";
        return 1;
      }
      show_errors = std::stoul(args[++i]);
    } else if (a == "--models" || a == "--output") {
      if (i + 1 >= args.size()) {
        std::cerr << "kg-eval: " << a << " needs a value\n";
        return 1;
      }
      (a == "--models" ? models : output) = args[++i];
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "kg-eval: unknown option '" << a << "'\n" << kUsage;
      return 1;
    } else if (file.empty()) {
      file = a;
    } else {
      std::cerr << "kg-eval: one CoNLL-U file, please\n";
      return 1;
    }
  }
  if (file.empty()) {
    std::cerr << "kg-eval: ud needs a CoNLL-U file\n" << kUsage;
    return 1;
  }
  auto analyzer = kg::Analyzer::Load(models);
  if (!analyzer.ok()) {
    std::cerr << "kg-eval: " << analyzer.status().ToString() << "\n";
    return analyzer.status().IsUserError() ? 1 : 2;
  }
  std::string predicted;
  auto scores = kg::EvaluateUd(**analyzer, file, output.empty() ? nullptr : &predicted);
  if (!scores.ok()) {
    std::cerr << "kg-eval: " << scores.status().ToString() << "\n";
    return scores.status().IsUserError() ? 1 : 2;
  }
  if (!output.empty()) {
    std::ofstream out(output, std::ios::binary);
    out << predicted;
    if (!out) {
      std::cerr << "kg-eval: cannot write " << output << "\n";
      return 1;
    }
  }
  const kg::UdScores& s = *scores;
  std::printf("%s: %zu sentences, %zu words\n", file.c_str(), s.sentences, s.words);
  std::printf("UPOS   %6.2f\nXPOS   %6.2f\nLemma  %6.2f\nUAS    %6.2f\nLAS    %6.2f\n", s.upos,
              s.xpos, s.lemma, s.uas, s.las);
  std::printf("speed  %.0f words/s (tag + lemmatize + parse, one thread)\n",
              s.seconds > 0 ? static_cast<double>(s.words) / s.seconds : 0.0);
  for (const auto& [title, list] : {std::pair{"lemma errors", &s.lemma_errors},
                                    std::pair{"UPOS confusions", &s.upos_confusions}}) {
    if (show_errors == 0) break;
    std::printf("%s:", title);
    for (size_t i = 0; i < list->size() && i < show_errors; ++i) {
      std::printf(" %s %zu%s", (*list)[i].first.c_str(), (*list)[i].second,
                  i + 1 < std::min(list->size(), show_errors) ? "," : "");
    }
    std::printf("\n");
  }
  return 0;
}
