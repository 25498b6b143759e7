// kg-eval: scores the NLP models on a CoNLL-U file (gold tokenization, CoNLL 2018 semantics).
// Uses the public API (kg/nlp.h) only.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kg/nlp.h"
#include "kg/text.h"

namespace {

constexpr const char* kUsage =
    "usage: kg-eval ud FILE.conllu [--models DIR] [--output FILE.conllu]\n"
    "       kg-eval raw FILE.conllu\n"
    "  raw: reads the file's documents as plain text, tokenizes and splits them, and prints\n"
    "  token and sentence-boundary precision, recall and F1 (CoNLL 2018 semantics).\n"
    "  Analyses the gold words of every sentence and prints UPOS, XPOS, lemma, UAS and LAS\n"
    "  (percent of words, punctuation included; LAS ignores relation subtypes).\n"
    "  --models defaults to $KG_MODELS, else the models/ folder of the source tree.\n";

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
  if (args[0] != "ud") {
    std::cerr << "kg-eval: unknown mode '" << args[0] << "'\n" << kUsage;
    return 1;
  }
  std::string file, output;
  std::string models = std::getenv("KG_MODELS") ? std::getenv("KG_MODELS") : KG_DEFAULT_MODELS_DIR;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--models" || a == "--output") {
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
  return 0;
}
