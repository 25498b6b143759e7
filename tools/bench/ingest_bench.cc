// kg-ingest-bench: end-to-end `kg ingest` speed (segment → analyse → extract → store) in
// sentences per second on one thread, next to the parser-only rate measured in the same run.
//
// The input is news-like text: the CaRB sentences grouped into articles of --group sentences,
// and the seed articles (read and cleaned as `kg ingest` reads them), the whole set repeated
// --repeat times under fresh document ids so every copy is stored. Three passes over the same
// documents, each timed by wall clock and by the CPU time of the process:
//   analyse          Analyzer::AnalyzeText per document (segment, tag, lemmatise, parse)
//   analyse+extract  the same, then the "clause" extractor on every sentence (no store)
//   ingest           Database::IngestDocuments into a new store, jobs 1 (what `kg ingest` does)
// The machine is shared: rates are given per second of process CPU time (what one core does;
// it includes RocksDB's background threads) and per wall second, and the ratios to the analyse
// pass, in CPU time, are the figures to compare across runs.
//   kg-ingest-bench [--models DIR] [--carb FILE] [--seeds DIR] [--group N] [--repeat N]
//                   [--db DIR] [--passes N]
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kg/database.h"
#include "kg/extract.h"
#include "kg/ingest.h"
#include "kg/nlp.h"
#include "kg/text.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Timing {
  double wall = 0;
  double cpu = 0;
};

double ProcessCpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename F>
Timing Time(F&& f) {
  const auto w0 = Clock::now();
  const double c0 = ProcessCpu();
  f();
  return {std::chrono::duration<double>(Clock::now() - w0).count(), ProcessCpu() - c0};
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "kg-ingest-bench: %s\n", what.c_str());
  return 1;
}

// The CaRB sentences, `group` to an article (one paragraph per sentence).
std::vector<kg::Document> CarbArticles(const std::string& path, size_t group) {
  std::ifstream in(path);
  std::vector<kg::Document> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (n % group == 0) {
      out.emplace_back();
      out.back().published = "2025-04-25";
    }
    out.back().text += line + "\n\n";
    ++n;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string models = KG_DEFAULT_MODELS_DIR;
  std::string carb = KG_DEFAULT_CARB;
  std::string seeds = KG_DEFAULT_SEEDS;
  std::string db_dir;
  size_t group = 20;
  int repeat = 4;
  int passes = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--models") {
      models = argv[i + 1];
    } else if (a == "--carb") {
      carb = argv[i + 1];
    } else if (a == "--seeds") {
      seeds = argv[i + 1];
    } else if (a == "--db") {
      db_dir = argv[i + 1];
    } else if (a == "--group") {
      group = static_cast<size_t>(std::max(1, std::atoi(argv[i + 1])));
    } else if (a == "--repeat") {
      repeat = std::max(1, std::atoi(argv[i + 1]));
    } else if (a == "--passes") {
      passes = std::max(1, std::atoi(argv[i + 1]));
    } else {
      return Fail(
          "usage: kg-ingest-bench [--models DIR] [--carb FILE] [--seeds DIR] "
          "[--group N] [--repeat N] [--db DIR] [--passes N]");
    }
  }
  if ((argc - 1) % 2 != 0) return Fail("every option takes a value");

  std::vector<kg::Document> base = CarbArticles(carb, group);
  const size_t carb_docs = base.size();
  if (std::filesystem::exists(seeds)) {
    auto read = kg::ReadDocuments(seeds);
    if (!read.ok()) return Fail(read.status().ToString());
    for (kg::ReadDocument& rd : read->documents) base.push_back(std::move(rd.document));
  }
  if (base.empty()) return Fail("no input: neither " + carb + " nor " + seeds + " could be read");
  std::vector<kg::Document> docs;
  for (int r = 0; r < repeat; ++r) {
    for (size_t i = 0; i < base.size(); ++i) {
      kg::Document d = base[i];
      d.id = "bench-" + std::to_string(r) + "-" + std::to_string(i);
      docs.push_back(std::move(d));
    }
  }
  size_t bytes = 0;
  for (const kg::Document& d : docs) bytes += d.text.size();
  std::printf(
      "input: %zu documents (%zu CaRB articles of %zu sentences, %zu seed articles) x %d"
      " = %zu documents, %.1f kB\n",
      base.size(), carb_docs, group, base.size() - carb_docs, repeat, docs.size(), bytes / 1024.0);

  auto analyzer = kg::Analyzer::Load(models);
  if (!analyzer.ok()) return Fail(analyzer.status().ToString());
  auto extractor = kg::MakeStatementExtractor("clause");
  if (!extractor.ok()) return Fail(extractor.status().ToString());

  const std::filesystem::path root = db_dir.empty()
                                         ? std::filesystem::temp_directory_path() /
                                               ("kg-ingest-bench-" + std::to_string(::getpid()))
                                         : std::filesystem::path(db_dir);
  for (int pass = 0; pass < passes; ++pass) {
    // Parser only.
    size_t sentences = 0;
    size_t tokens = 0;
    Timing analyse = Time([&] {
      for (const kg::Document& d : docs) {
        auto s = (*analyzer)->AnalyzeText(d.text);
        if (!s.ok()) continue;
        sentences += s->size();
        for (const auto& t : *s) tokens += t.size();
      }
    });
    // Parser and extractor.
    size_t extractions = 0;
    Timing extract = Time([&] {
      std::vector<kg::Extraction> found;
      kg::SentenceContext context;
      for (const kg::Document& d : docs) {
        auto s = (*analyzer)->AnalyzeText(d.text);
        if (!s.ok()) continue;
        context.published = d.published;
        for (const auto& t : *s) {
          found.clear();
          context.sentence = d.text.substr(t.front().begin, t.back().end - t.front().begin);
          if ((*extractor)->Process(t, context, &found).ok()) extractions += found.size();
        }
      }
    });
    // End to end into a new store. The first call loads the models (not timed, as `kg ingest`
    // reports its rate after loading); the store is new, so every document is written.
    std::filesystem::remove_all(root);
    kg::IngestReport report;
    Timing ingest;
    {
      auto db = kg::Database::Open(root.string(), kg::Options{});
      if (!db.ok()) return Fail(db.status().ToString());
      kg::IngestOptions options;
      options.models_dir = models;
      kg::IngestReport warm;
      const std::vector<kg::Document> none;
      if (kg::Status s = (*db)->IngestDocuments(none, options, &warm); !s.ok()) {
        return Fail(s.ToString());
      }
      kg::Status status;
      ingest = Time([&] { status = (*db)->IngestDocuments(docs, options, &report); });
      if (!status.ok()) return Fail(status.ToString());
      if (report.documents_failed != 0) {
        return Fail(std::to_string(report.documents_failed) +
                    " documents failed, first: " + report.documents.front().error);
      }
    }
    std::filesystem::remove_all(root);

    // Rates per second of CPU time are what one core gives; on a loaded machine wall time
    // also counts the time other processes held the core. Ratios are of CPU time.
    const auto line = [&](const char* name, const Timing& t, size_t n) {
      std::printf(
          "%-16s %7.2f s wall %7.2f s cpu  %7.0f sentences/s per cpu-second "
          "(%7.0f per wall second)  x analyse %.2f\n",
          name, t.wall, t.cpu, n / t.cpu, n / t.wall, analyse.cpu / t.cpu);
    };
    std::printf(
        "pass %d: %zu sentences, %zu words (%.1f words/sentence); %zu extractions, "
        "%llu statements stored, %llu refused\n",
        pass + 1, sentences, tokens, static_cast<double>(tokens) / sentences, extractions,
        static_cast<unsigned long long>(report.statements),
        static_cast<unsigned long long>(report.statements_skipped));
    line("analyse", analyse, sentences);
    line("analyse+extract", extract, sentences);
    line("ingest", ingest, report.sentences);
  }
  return 0;
}
