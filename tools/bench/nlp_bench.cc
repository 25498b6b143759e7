// kg-nlp-bench: speed and memory of the NLP models (tag + lemmatize + parse) on one thread.
//
// Reports, for the words of a CoNLL-U file analysed sentence by sentence through the public
// API (kg/nlp.h): model load time, tokens per second for the tagger alone, for tag + lemmatize
// + parse on the gold words, and for the whole pipeline from raw text (the documents' text
// through Analyzer::AnalyzeText: tokenize, split, tag, lemmatize, parse); the models' memory
// and the process's resident memory. The machine is shared, so a reference is measured in the
// same run: one std::unordered_map lookup per token of the same text, and every figure is also
// given as a ratio to it. Each figure is given twice: per second of wall time, and per second
// of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which leaves out the time the thread
// waited for a core that other processes held; on a loaded machine the second is what one
// core delivers. Both are the best of --repeat runs.
//   kg-nlp-bench [--models DIR] [--conllu FILE] [--repeat N]
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/nlp/conllu.h"
#include "kg/nlp.h"
#include "kg/text.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Tokens per second of wall time and of thread CPU time, each the best of the runs.
struct Rate {
  double wall = 0;
  double cpu = 0;
};

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
  auto run_on = [&](size_t tokens, auto&& fn) {
    double best_wall = 1e300, best_cpu = 1e300;
    for (int r = 0; r < repeat; ++r) {
      const double cpu0 = ThreadCpuSeconds();
      const auto start = Clock::now();
      fn();
      best_wall = std::min(best_wall, Seconds(start));
      best_cpu = std::min(best_cpu, ThreadCpuSeconds() - cpu0);
    }
    return Rate{static_cast<double>(tokens) / best_wall,
                static_cast<double>(tokens) / std::max(best_cpu, 1e-9)};
  };
  auto run = [&](auto&& fn) { return run_on(words, fn); };
  long sink = 0;
  const Rate ref = run([&] {
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
  const Rate tag = analyse(**tagger_only);
  const Rate full = analyse(**analyzer);
  // The whole pipeline from raw text; tokens are the words the segmenter makes.
  auto docs = kg::ReadConlluAsRawText(conllu);
  if (!docs.ok()) {
    std::fprintf(stderr, "kg-nlp-bench: %s\n", docs.status().ToString().c_str());
    return 1;
  }
  size_t raw_words = 0;
  for (const auto& d : *docs) {
    auto out = (*analyzer)->AnalyzeText(d.text);
    if (!out.ok()) {
      std::fprintf(stderr, "kg-nlp-bench: %s\n", out.status().ToString().c_str());
      return 1;
    }
    for (const auto& s : *out) raw_words += s.size();
  }
  const Rate raw = run_on(raw_words, [&] {
    for (const auto& d : *docs) {
      auto out = (*analyzer)->AnalyzeText(d.text);
      if (!out.ok()) std::abort();
      sink += static_cast<long>(out->size());
    }
  });
  std::printf("kg-nlp-bench: %s, %zu sentences, %zu words, best of %d runs, one thread\n",
              conllu.c_str(), input.size(), words, repeat);
  std::printf("%-44s %12s %12s  %s\n", "tokens/s", "wall time", "CPU time",
              "ratio to reference (wall, CPU)");
  auto line = [&](const char* what, Rate r) {
    std::printf("%-44s %12.0f %12.0f  %.4f %.4f\n", what, r.wall, r.cpu, r.wall / ref.wall,
                r.cpu / ref.cpu);
  };
  line("reference: hash lookup per token", ref);
  line("tag", tag);
  line("tag + lemmatize + parse", full);
  line("raw text: tokenize + tag + lemmatize + parse", raw);
  std::printf("%-44s %12.3f s\n", "load tagger + lemmatizer + parser", load);
  std::printf("%-44s %12.1f MB\n", "models in memory (Analyzer::MemoryBytes)",
              static_cast<double>((*analyzer)->MemoryBytes()) / 1e6);
  std::printf("%-44s %12.1f MB\n", "resident memory growth of the load",
              static_cast<double>(rss_after - rss_before) / 1024.0);
  return sink == 42 ? 3 : 0;
}
