// kg-nlp-bench: speed and memory of the NLP models (tag + lemmatize + parse) on one thread.
//
// Reports, for the words of a CoNLL-U file analysed sentence by sentence through the public
// API (kg/nlp.h): model load time, tokens per second for the tagger alone and for the whole
// analysis, the models' memory, and the process's resident memory. The machine is shared, so
// a reference is measured in the same run: one std::unordered_map lookup per token of the same
// text, and every figure is also given as a ratio to it.
//   kg-nlp-bench [--models DIR] [--conllu FILE] [--repeat N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/nlp/conllu.h"
#include "kg/nlp.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::string models = KG_DEFAULT_MODELS_DIR;
  std::string conllu = KG_DEFAULT_CONLLU;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--models") models = argv[i + 1];
    else if (a == "--conllu") conllu = argv[i + 1];
    else if (a == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "usage: kg-nlp-bench [--models DIR] [--conllu FILE] [--repeat N]\n");
      return 1;
    }
  }
  auto sentences = kg::core::nlp::ReadConlluFile(conllu);
  if (!sentences.ok()) {
    std::fprintf(stderr, "kg-nlp-bench: %s\n", sentences.status().ToString().c_str());
    return 1;
  }
  std::vector<std::vector<kg::AnalyzedToken>> input;
  size_t words = 0;
  for (const auto& s : *sentences) {
    std::vector<kg::AnalyzedToken> t(s.words.size());
    for (size_t i = 0; i < t.size(); ++i) t[i].form = s.words[i].form;
    words += t.size();
    input.push_back(std::move(t));
  }
  const long rss_before = MaxRssKb();
  auto t0 = Clock::now();
  auto analyzer = kg::Analyzer::Load(models);
  const double load = Seconds(t0);
  if (!analyzer.ok()) {
    std::fprintf(stderr, "kg-nlp-bench: %s\n", analyzer.status().ToString().c_str());
    return 1;
  }
  const long rss_after = MaxRssKb();
  auto tagger_only = kg::Analyzer::Load(models, kg::AnalyzerOptions{false, false});
  if (!tagger_only.ok()) return 1;

  // Reference: one hash lookup per token.
  std::unordered_map<std::string, int> vocab;
  for (const auto& s : input) {
    for (const auto& t : s) vocab.emplace(t.form, static_cast<int>(vocab.size()));
  }
  auto run = [&](auto&& fn) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
      const auto start = Clock::now();
      fn();
      best = std::min(best, Seconds(start));
    }
    return static_cast<double>(words) / best;
  };
  long sink = 0;
  const double ref = run([&] {
    for (const auto& s : input) {
      for (const auto& t : s) sink += vocab.find(t.form)->second;
    }
  });
  auto analyse = [&](const kg::Analyzer& a) {
    return run([&] {
      for (auto s : input) {
        if (!a.Analyze(&s).ok()) std::abort();
        sink += s[0].head;
      }
    });
  };
  const double tag = analyse(**tagger_only);
  const double full = analyse(**analyzer);
  std::printf("kg-nlp-bench: %s, %zu sentences, %zu words, best of %d runs, one thread\n",
              conllu.c_str(), input.size(), words, repeat);
  std::printf("%-44s %12.0f tokens/s\n", "reference: hash lookup per token", ref);
  std::printf("%-44s %12.0f tokens/s  (ratio to reference %.4f)\n", "tag", tag, tag / ref);
  std::printf("%-44s %12.0f tokens/s  (ratio to reference %.4f)\n",
              "tag + lemmatize + parse", full, full / ref);
  std::printf("%-44s %12.3f s\n", "load tagger + lemmatizer + parser", load);
  std::printf("%-44s %12.1f MB\n", "models in memory (Analyzer::MemoryBytes)",
              static_cast<double>((*analyzer)->MemoryBytes()) / 1e6);
  std::printf("%-44s %12.1f MB\n", "resident memory growth of the load",
              static_cast<double>(rss_after - rss_before) / 1024.0);
  return sink == 42 ? 3 : 0;
}
