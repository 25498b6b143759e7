// kg-kgql-bench: whole KGQL queries, text to rows, through the public API (Database::Query) on
// the synthetic power-law corpus. A benchmark, not a test.
//
//   kg-kgql-bench [--nodes N] [--statements M] [--seed S] [--pairs P] [--dir DIR] [--keep]
//
// --keep leaves the store in DIR and reuses it on the next run with the same DIR.
//
// Measures, over P random connected pairs of nodes (the same pairs for every line):
//  - `MATCH p = SHORTEST ("e:A")-[*..6]-("e:B") RETURN length(p)`: parse, bind (two id
//    lookups in the store), plan, bidirectional BFS, rows;
//  - the same returning the path itself (`RETURN p`: every node and statement of the path is
//    read from the store to print it);
//  - `MATCH ("e:A")-[r]-(x) RETURN count(*)`: a one-hop neighbourhood count;
//  - the reference, in the same run: Database::FindNodes for both ends, the lookups any
//    name-based query must do before it can search.
// Reports p50 and p99 in microseconds, the p50 of each phase (QueryResult::timings), and the
// ratio of each query's p50 to the reference's.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "kg/database.h"
#include "tools/bench/synthetic.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Micros(Clock::time_point since) {
  return std::chrono::duration<double, std::micro>(Clock::now() - since).count();
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

[[noreturn]] void Die(const std::string& what, const kg::Status& s) {
  std::fprintf(stderr, "kg-kgql-bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(2);
}

struct Series {
  std::string name;
  std::vector<double> total, parse, plan, execute;
};

}  // namespace

int main(int argc, char** argv) {
  uint64_t nodes = 100000, statements = 500000, seed = 42, pairs = 1000;
  std::string dir = "/tmp/kg-kgql-bench-" + std::to_string(getpid());
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "kg-kgql-bench: %s needs a value\n", a.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--nodes") nodes = std::stoull(next());
    else if (a == "--statements") statements = std::stoull(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--pairs") pairs = std::stoull(next());
    else if (a == "--dir") dir = next();
    else if (a == "--keep") keep = true;
    else {
      std::fprintf(stderr, "usage: kg-kgql-bench [--nodes N] [--statements M] [--seed S] "
                           "[--pairs P] [--dir DIR] [--keep]\n");
      return 1;
    }
  }
  kg::bench::SyntheticOptions so;
  so.nodes = nodes;
  so.statements = statements;
  so.seed = seed;
  auto corpus = kg::bench::SyntheticCorpus::Generate(so);
  if (!corpus.ok()) Die("generate", corpus.status());
  // A store left by an earlier run with --keep and the same options is reused.
  const bool reuse = keep && fs::exists(dir + "/kg");
  if (!reuse) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  if (!reuse) {
    auto db = kg::Database::Open(dir + "/kg", kg::Options{});
    if (!db.ok()) Die("open", db.status());
    std::vector<kg::Statement> chunk;
    const Clock::time_point start = Clock::now();
    for (uint64_t b = 0; b < corpus->size(); b += 2000) {
      corpus->MaterializeRange(b, std::min<uint64_t>(corpus->size(), b + 2000), &chunk);
      kg::ImportReport report;
      const kg::Status s = (*db)->AddStatements(chunk, &report);
      if (!s.ok()) Die("import", s);
    }
    std::fprintf(stderr, "imported %llu statements in %.1f s\n",
                 static_cast<unsigned long long>(corpus->size()), Micros(start) / 1e6);
  }
  kg::Options ro;
  ro.read_only = true;
  auto db = kg::Database::Open(dir + "/kg", ro);
  if (!db.ok()) Die("reopen", db.status());

  // Connected pairs of random statement endpoints (untimed; warms the caches like a session).
  std::mt19937_64 rng(seed + 7);
  std::vector<std::pair<std::string, std::string>> chosen;
  const kg::QueryOptions options;
  for (uint64_t tries = 0; chosen.size() < pairs && tries < pairs * 20; ++tries) {
    const kg::Statement a = corpus->Materialize(rng() % corpus->size());
    const kg::Statement b = corpus->Materialize(rng() % corpus->size());
    const std::string q = "MATCH p = SHORTEST (\"" + a.subject.id + "\")-[*..6]-(\"" +
                          b.object.id + "\") RETURN length(p);";
    auto r = (*db)->Query(q, options);
    if (!r.ok()) Die(q, r.status());
    if (!r->rows.empty() && r->rows[0][0].as_int() > 0) {
      chosen.emplace_back(a.subject.id, b.object.id);
    }
  }
  std::vector<Series> series = {{"SHORTEST ... RETURN length(p)", {}, {}, {}, {}},
                                {"SHORTEST ... RETURN p", {}, {}, {}, {}},
                                {"one hop: RETURN count(*)", {}, {}, {}, {}}};
  std::vector<double> reference;
  double hops = 0;
  for (const auto& [a, b] : chosen) {
    const std::string queries[] = {
        "MATCH p = SHORTEST (\"" + a + "\")-[*..6]-(\"" + b + "\") RETURN length(p);",
        "MATCH p = SHORTEST (\"" + a + "\")-[*..6]-(\"" + b + "\") RETURN p;",
        "MATCH (\"" + a + "\")-[r]-(x) RETURN count(*);"};
    for (size_t i = 0; i < 3; ++i) {
      const Clock::time_point start = Clock::now();
      auto r = (*db)->Query(queries[i], options);
      const double us = Micros(start);
      if (!r.ok() || r->rows.empty()) Die(queries[i], r.ok() ? kg::Status::Internal("no rows") : r.status());
      if (i == 0) hops += static_cast<double>(r->rows[0][0].as_int());
      series[i].total.push_back(us);
      series[i].parse.push_back(static_cast<double>(r->timings.parse_us));
      series[i].plan.push_back(static_cast<double>(r->timings.plan_us));
      series[i].execute.push_back(static_cast<double>(r->timings.execute_us));
    }
    const Clock::time_point start = Clock::now();
    auto x = (*db)->FindNodes(a);
    auto y = (*db)->FindNodes(b);
    reference.push_back(Micros(start));
    if (!x.ok() || !y.ok()) Die("FindNodes", x.ok() ? y.status() : x.status());
  }
  const double ref50 = Quantile(reference, 0.5);
  std::printf("corpus: %llu nodes, %llu statements, seed %llu; %zu connected pairs, mean "
              "shortest path %.2f hops\n",
              static_cast<unsigned long long>(nodes), static_cast<unsigned long long>(statements),
              static_cast<unsigned long long>(seed), chosen.size(),
              chosen.empty() ? 0.0 : hops / static_cast<double>(chosen.size()));
  std::printf("| query | p50 us | p99 us | parse p50 | plan p50 | execute p50 | p50 / reference |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const Series& s : series) {
    std::printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |\n", s.name.c_str(),
                Quantile(s.total, 0.5), Quantile(s.total, 0.99), Quantile(s.parse, 0.5),
                Quantile(s.plan, 0.5), Quantile(s.execute, 0.5),
                ref50 > 0 ? Quantile(s.total, 0.5) / ref50 : 0.0);
  }
  std::printf("| reference: FindNodes for both ends | %.0f | %.0f | | | | 1.00 |\n", ref50,
              Quantile(reference, 0.99));
  db->reset();
  if (!keep) fs::remove_all(dir);
  return 0;
}
