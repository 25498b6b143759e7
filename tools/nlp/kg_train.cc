// kg-train: trains one NLP component (tagger, lemmatizer or parser) from CoNLL-U files and
// writes its model file. Uses the public API (kg/nlp.h) only.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "kg/nlp.h"

namespace {

constexpr const char* kUsage =
    "usage: kg-train tagger|lemmatizer|parser --train FILE.conllu --dev FILE.conllu --out FILE\n"
    "                [--epochs N] [--seed S] [--prune F]\n"
    "                [--tagger MODEL [--jackknife K]]   (parser: train on predicted tags)\n"
    "                [--wordnet DIR]                    (tagger, lemmatizer: WordNet index\n"
    "                                                    and *.exc lists; default\n"
    "                                                    /usr/share/wordnet, '' = none)\n"
    "Deterministic for a seed; prints the dev score per epoch and keeps the best epoch.\n";

bool ParseNumber(const std::string& s, double* v) {
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 1 : 0;
  }
  const std::string component = args[0];
  if (component != "tagger" && component != "lemmatizer" && component != "parser") {
    std::cerr << "kg-train: unknown component '" << component << "'\n" << kUsage;
    return 1;
  }
  kg::NlpTrainOptions o;
  o.command = "kg-train";
  for (const std::string& a : args) o.command += " " + a;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "kg-train: " << a << " needs a value\n" << kUsage;
      return 1;
    }
    const std::string v = args[++i];
    double num = 0;
    if (a == "--train") {
      o.train_path = v;
    } else if (a == "--dev") {
      o.dev_path = v;
    } else if (a == "--out") {
      o.out_path = v;
    } else if (a == "--tagger") {
      o.tagger_path = v;
    } else if (a == "--wordnet") {
      o.wordnet_dir = v;
    } else if (a == "--epochs" || a == "--seed" || a == "--prune" || a == "--jackknife") {
      if (!ParseNumber(v, &num) || num < 0 || (a != "--prune" && num != static_cast<long>(num))) {
        std::cerr << "kg-train: " << a << " needs a non-negative number, got '" << v << "'\n";
        return 1;
      }
      if (a == "--epochs") {
        if (num < 1 || num > 1000) {
          std::cerr << "kg-train: --epochs must be between 1 and 1000\n";
          return 1;
        }
        o.epochs = static_cast<int>(num);
      } else if (a == "--seed") {
        o.seed = static_cast<uint64_t>(num);
      } else if (a == "--jackknife") {
        o.jackknife = static_cast<int>(num);
      } else {
        o.prune = num;
      }
    } else {
      std::cerr << "kg-train: unknown option '" << a << "'\n" << kUsage;
      return 1;
    }
  }
  kg::Status s;
  if (component == "tagger") s = kg::TrainTagger(o, &std::cerr);
  else if (component == "lemmatizer") s = kg::TrainLemmatizer(o, &std::cerr);
  else s = kg::TrainParser(o, &std::cerr);
  if (!s.ok()) {
    std::cerr << "kg-train: " << s.ToString() << "\n";
    return s.IsUserError() ? 1 : 2;
  }
  return 0;
}
