// kg-paths-bench: graph queries on the synthetic power-law corpus, against the tools users would
// otherwise reach for, all measured in one run on the same graph and the same query pairs. A
// benchmark, not a test.
//
//   kg-paths-bench [--nodes N] [--statements M] [--seed S] [--pairs P] [--sources C]
//                  [--sqlite-pairs Q] [--evidence-statements E] [--no-python] [--dir DIR]
//                  [--json]
//
// What it measures (the graph is undirected for every tool: paths follow edges either way):
//  1. shortest path between P random connected pairs (uniform random nodes; pairs without a
//     path are skipped, the same pairs for every tool):
//     - kgraph: core::PathFinder::Shortest on a core::GraphView of the corpus (bidirectional
//       BFS), with no edge filter and with a filter that needs each edge's properties;
//     - a plain BGL breadth_first_search from the source with early exit at the target, on a
//       CSR of the same edges (both directions), BGL's default colour map (set up per search);
//     - networkx shortest_path (bidirectional BFS), python-igraph get_shortest_paths, and SQLite
//       with a recursive CTE (depth <= 6; only the first Q pairs: each takes seconds), run by
//       tools/bench/paths_reference.py, timed inside Python per call;
//  2. 2-hop neighbourhood size (PathFinder::CountWithin) from C random nodes, against networkx
//     single_source_shortest_path_length(cutoff=2) and igraph neighborhood_size(order=2);
//  3. evidence of one edge through the public API: Database::GetStatement on random statement
//     ids of a store holding the first E statements of the corpus (reopened before timing, so
//     the first pass starts with an empty block cache; a second pass repeats the same ids).
// Every tool's answers (path lengths, counts) are checked against kgraph's; a mismatch is
// reported and makes the exit code 3.
#include <unistd.h>

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/graph/graph_view.h"
#include "core/graph/paths.h"
#include "kg/database.h"
#include "tools/bench/synthetic.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  uint64_t nodes = 100000;
  uint64_t statements = 500000;
  uint64_t seed = 42;
  uint64_t pairs = 1000;
  uint64_t sources = 200;
  uint64_t sqlite_pairs = 5;
  uint64_t evidence_statements = 500000;
  bool python = true;
  bool json = false;
  std::string dir;  // Default: /tmp/kg-paths-bench-<pid>
  std::string python_path = "/usr/bin/python3";
};

constexpr double kTargetSpeedup = 10;         // path search vs networkx, p50 and p99
constexpr double kTargetCountMicros = 20000;  // 2-hop count on 1M/5M
constexpr double kTargetEvidenceMicros = 100;

[[noreturn]] void Die(const std::string& what, const kg::Status& s) {
  std::fprintf(stderr, "kg-paths-bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(2);
}

double Micros(Clock::time_point since) {
  return std::chrono::duration<double, std::micro>(Clock::now() - since).count();
}

// The q-quantile (nearest rank) of `v`.
double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t rank = static_cast<size_t>(q * static_cast<double>(v.size()) + 0.999999);
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

struct Timing {
  std::string tool;
  std::vector<double> micros;
  double p50() const { return Quantile(micros, 0.5); }
  double p99() const { return Quantile(micros, 0.99); }
};

using SymmetricCsr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                        boost::no_property, boost::no_property,
                                                        uint32_t, uint32_t>;

// Stops breadth_first_search when the target is discovered (BGL's early-exit idiom).
struct FoundTarget {};
class StopAtTarget : public boost::default_bfs_visitor {
 public:
  StopAtTarget(uint32_t target, std::vector<uint32_t>* parent)
      : target_(target), parent_(parent) {}
  template <typename Edge, typename Graph>
  void tree_edge(Edge e, const Graph& g) const {
    const uint32_t w = boost::target(e, g);
    (*parent_)[w] = boost::source(e, g);
    if (w == target_) throw FoundTarget();
  }

 private:
  uint32_t target_;
  std::vector<uint32_t>* parent_;
};

// Hops from source to target by a plain BGL BFS, or -1.
int BglShortest(const SymmetricCsr& g, uint32_t source, uint32_t target,
                std::vector<uint32_t>* parent) {
  try {
    boost::breadth_first_search(g, source, boost::visitor(StopAtTarget(target, parent)));
  } catch (const FoundTarget&) {
    int hops = 0;
    for (uint32_t v = target; v != source; v = (*parent)[v]) ++hops;
    return hops;
  }
  return -1;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Thousands(double v) {
  const std::string digits = std::to_string(static_cast<uint64_t>(v + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Duration(double micros) {
  if (micros >= 1e6) return Fixed(micros / 1e6, 2) + " s";
  if (micros >= 1e3) return Fixed(micros / 1e3, 2) + " ms";
  return Fixed(micros, 1) + " us";
}

bool ParseUint(const char* text, uint64_t* out) {
  char* end = nullptr;
  *out = std::strtoull(text, &end, 10);
  return end != text && *end == '\0';
}

void Usage() {
  std::fprintf(
      stderr,
      "usage: kg-paths-bench [--nodes N] [--statements M] [--seed S] [--pairs P] [--sources C]\n"
      "                      [--sqlite-pairs Q] [--evidence-statements E] [--no-python]\n"
      "                      [--python PATH] [--dir DIR] [--json]\n"
      "  --nodes N        nodes of the synthetic graph (default 100000)\n"
      "  --statements M   statements (edges) (default 500000)\n"
      "  --seed S         generator and pair seed (default 42)\n"
      "  --pairs P        connected pairs for shortest paths (default 1000)\n"
      "  --sources C      sources for 2-hop counts (default 200)\n"
      "  --sqlite-pairs Q pairs SQLite answers (seconds each; 0 = skip) (default 5)\n"
      "  --evidence-statements E  statements imported for the evidence lookup (0 = skip)\n"
      "                   (default 500000)\n"
      "  --no-python      skip networkx, igraph and SQLite\n"
      "  --python PATH    the interpreter with networkx and igraph (default /usr/bin/python3)\n"
      "  --dir DIR        scratch folder (default /tmp/kg-paths-bench-<pid>; removed)\n"
      "  --json           print the figures as one JSON object\n");
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        Usage();
        std::exit(1);
      }
      return argv[++i];
    };
    uint64_t v = 0;
    if (arg == "--nodes" && ParseUint(value(), &v)) {
      o.nodes = v;
    } else if (arg == "--statements" && ParseUint(value(), &v)) {
      o.statements = v;
    } else if (arg == "--seed" && ParseUint(value(), &v)) {
      o.seed = v;
    } else if (arg == "--pairs" && ParseUint(value(), &v) && v > 0) {
      o.pairs = v;
    } else if (arg == "--sources" && ParseUint(value(), &v)) {
      o.sources = v;
    } else if (arg == "--sqlite-pairs" && ParseUint(value(), &v)) {
      o.sqlite_pairs = v;
    } else if (arg == "--evidence-statements" && ParseUint(value(), &v)) {
      o.evidence_statements = v;
    } else if (arg == "--no-python") {
      o.python = false;
    } else if (arg == "--python") {
      o.python_path = value();
    } else if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--json") {
      o.json = true;
    } else {
      Usage();
      return 1;
    }
  }
  if (o.dir.empty()) o.dir = "/tmp/kg-paths-bench-" + std::to_string(getpid());
  fs::remove_all(o.dir);
  fs::create_directories(o.dir);
  auto progress = [&](const std::string& what) {
    if (!o.json) std::fprintf(stderr, "kg-paths-bench: %s\n", what.c_str());
  };

  progress("generating " + Thousands(o.statements) + " statements over " + Thousands(o.nodes) +
           " nodes");
  kg::bench::SyntheticOptions so;
  so.nodes = o.nodes;
  so.statements = o.statements;
  so.seed = o.seed;
  auto corpus = kg::bench::SyntheticCorpus::Generate(so);
  if (!corpus.ok()) Die("generate", corpus.status());
  const uint32_t n = static_cast<uint32_t>(corpus->nodes());
  const uint64_t m = corpus->size();

  // kgraph's graph view of the corpus: vertex = node index, edge id = statement index.
  progress("building the graph view and the reference CSR");
  kg::core::GraphView view;
  view.PrepareLoad(n, m);
  for (uint32_t v = 0; v < n; ++v) view.LoadVertex(v, kg::core::VertexProps{});
  for (uint64_t i = 0; i < m; ++i) {
    const kg::bench::EdgeEnds ends = corpus->Ends(i);
    kg::core::EdgeProps e;
    e.source = ends.subject;
    e.target = ends.object;
    e.support = 1;
    view.LoadEdge(i, e);
  }
  view.FinishLoad();
  std::vector<std::pair<uint32_t, uint32_t>> both;
  both.reserve(2 * m);
  for (uint64_t i = 0; i < m; ++i) {
    const kg::bench::EdgeEnds ends = corpus->Ends(i);
    both.emplace_back(ends.subject, ends.object);
    both.emplace_back(ends.object, ends.subject);
  }
  const SymmetricCsr sym(boost::edges_are_unsorted_multi_pass, both.begin(), both.end(), n);
  both.clear();
  both.shrink_to_fit();

  kg::core::PathFinder finder(view, view.Snapshot());
  const kg::core::EdgeFilter any;  // both directions, no conditions
  kg::core::EdgeFilter filtered_edges;  // the same edges, but every one is looked up and tested
  filtered_edges.min_support = 1;
  const kg::core::EdgeFilter& filtered = filtered_edges;
  const uint32_t kMaxHops = 1000;

  // Connected pairs (untimed; doubles as a warm-up of the finder).
  progress("choosing " + Thousands(o.pairs) + " connected pairs");
  std::mt19937_64 rng(o.seed);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<int> lengths;
  uint64_t attempts = 0;
  while (pairs.size() < o.pairs && attempts < 100 * o.pairs) {
    ++attempts;
    const uint32_t s = static_cast<uint32_t>(rng() % n), t = static_cast<uint32_t>(rng() % n);
    if (s == t) continue;
    auto r = finder.Shortest(s, t, any, kMaxHops, nullptr);
    if (!r.ok()) Die("Shortest", r.status());
    if (!r->has_value()) continue;
    pairs.emplace_back(s, t);
    lengths.push_back(static_cast<int>((*r)->length()));
  }
  std::vector<uint32_t> sources;
  for (uint64_t i = 0; i < o.sources; ++i) sources.push_back(static_cast<uint32_t>(rng() % n));

  uint64_t mismatches = 0;
  std::vector<std::string> problems;
  auto check = [&](const std::string& tool, size_t i, int64_t got, int64_t want) {
    if (got == want) return;
    ++mismatches;
    if (problems.size() < 10) {
      problems.push_back(tool + ": query " + std::to_string(i) + " gave " + std::to_string(got) +
                         ", kgraph " + std::to_string(want));
    }
  };

  progress("kgraph PathFinder::Shortest");
  std::vector<Timing> path_timings;
  for (const kg::core::EdgeFilter* filter : {&any, &filtered}) {
    Timing t{filter == &any ? "kgraph PathFinder::Shortest" : "kgraph, edge filter (min_support)",
             {}};
    for (size_t i = 0; i < pairs.size(); ++i) {
      const Clock::time_point start = Clock::now();
      auto r = finder.Shortest(pairs[i].first, pairs[i].second, *filter, kMaxHops, nullptr);
      t.micros.push_back(Micros(start));
      if (!r.ok()) Die("Shortest", r.status());
      check(t.tool, i, r->has_value() ? static_cast<int64_t>((*r)->length()) : -1, lengths[i]);
    }
    path_timings.push_back(std::move(t));
  }

  progress("BGL breadth_first_search with early exit");
  {
    Timing t{"BGL breadth_first_search, early exit", {}};
    std::vector<uint32_t> parent(n);
    for (size_t i = 0; i < pairs.size(); ++i) {
      const Clock::time_point start = Clock::now();
      const int hops = BglShortest(sym, pairs[i].first, pairs[i].second, &parent);
      t.micros.push_back(Micros(start));
      check(t.tool, i, hops, lengths[i]);
    }
    path_timings.push_back(std::move(t));
  }

  progress("kgraph PathFinder::CountWithin (2 hops)");
  Timing count_timing{"kgraph PathFinder::CountWithin", {}};
  std::vector<uint64_t> counts;
  for (uint32_t s : sources) {
    const Clock::time_point start = Clock::now();
    auto r = finder.CountWithin(s, 2, any, nullptr);
    count_timing.micros.push_back(Micros(start));
    if (!r.ok()) Die("CountWithin", r.status());
    counts.push_back(*r);
  }
  std::vector<Timing> count_timings{count_timing};

  nlohmann::json python_result;
  if (o.python) {
    progress("networkx, igraph and SQLite (tools/bench/paths_reference.py)");
    const std::string edges_file = o.dir + "/edges.bin";
    const std::string pairs_file = o.dir + "/pairs.txt";
    const std::string sources_file = o.dir + "/sources.txt";
    {
      std::ofstream edges(edges_file, std::ios::binary);
      for (uint64_t i = 0; i < m; ++i) {
        const kg::bench::EdgeEnds ends = corpus->Ends(i);
        const uint32_t pair[2] = {ends.subject, ends.object};  // the machine is little-endian
        edges.write(reinterpret_cast<const char*>(pair), sizeof pair);
      }
      std::ofstream p(pairs_file);
      for (const auto& [s, t] : pairs) p << s << ' ' << t << '\n';
      std::ofstream c(sources_file);
      for (uint32_t s : sources) c << s << '\n';
      if (!edges || !p || !c) Die("write " + o.dir, kg::Status::IOError("write failed"));
    }
    const std::string command = o.python_path + " " + KG_PATHS_REFERENCE_SCRIPT + " --nodes " +
                                std::to_string(n) + " --edges " + edges_file + " --pairs " +
                                pairs_file + " --sources " + sources_file + " --sqlite-pairs " +
                                std::to_string(o.sqlite_pairs);
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) Die("run " + command, kg::Status::IOError("popen failed"));
    std::string output;
    char buf[65536];
    size_t got = 0;
    while ((got = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, got);
    const int rc = pclose(pipe);
    if (rc != 0) Die("run " + command, kg::Status::Internal("exit status " + std::to_string(rc)));
    try {
      python_result = nlohmann::json::parse(output);
    } catch (const nlohmann::json::exception& e) {
      Die("read the Python output", kg::Status::Internal(e.what()));
    }
    const std::pair<const char*, const char*> path_tools[] = {
        {"networkx", "networkx shortest_path (bidirectional BFS)"},
        {"igraph", "python-igraph get_shortest_paths"},
        {"sqlite", "SQLite recursive CTE, depth <= 6"}};
    for (const auto& [key, name] : path_tools) {
      if (!python_result.contains(key)) continue;
      Timing t{name, python_result[key]["micros"].get<std::vector<double>>()};
      const auto got_lengths = python_result[key]["lengths"].get<std::vector<int64_t>>();
      for (size_t i = 0; i < got_lengths.size(); ++i) {
        // SQLite only looks 6 hops deep.
        const int64_t want = std::string(key) == "sqlite" && lengths[i] > 6 ? -1 : lengths[i];
        check(name, i, got_lengths[i], want);
      }
      path_timings.push_back(std::move(t));
    }
    const std::pair<const char*, const char*> count_tools[] = {
        {"networkx_count", "networkx single_source_shortest_path_length, cutoff 2"},
        {"igraph_count", "python-igraph neighborhood_size, order 2"}};
    for (const auto& [key, name] : count_tools) {
      if (!python_result.contains(key)) continue;
      Timing t{name, python_result[key]["micros"].get<std::vector<double>>()};
      const auto got_counts = python_result[key]["counts"].get<std::vector<int64_t>>();
      for (size_t i = 0; i < got_counts.size(); ++i) {
        check(name, i, got_counts[i], static_cast<int64_t>(counts[i]));
      }
      count_timings.push_back(std::move(t));
    }
  }

  // Evidence lookup through the public API.
  Timing evidence_timing{"kgraph Database::GetStatement, first pass", {}};
  Timing evidence_warm_timing{"kgraph Database::GetStatement, again (cached)", {}};
  double import_seconds = 0;
  const uint64_t stored = std::min(o.evidence_statements, m);
  if (stored > 0) {
    progress("importing " + Thousands(stored) + " statements for the evidence lookup");
    const std::string store = o.dir + "/kg";
    std::vector<std::string> ids;
    {
      auto db = kg::Database::Open(store, kg::Options{});
      if (!db.ok()) Die("open " + store, db.status());
      std::vector<kg::Statement> chunk;
      const Clock::time_point start = Clock::now();
      for (uint64_t begin = 0; begin < stored; begin += 2000) {
        corpus->MaterializeRange(begin, std::min(stored, begin + 2000), &chunk);
        kg::ImportReport report;
        const kg::Status s = (*db)->AddStatements(chunk, &report);
        if (!s.ok()) Die("AddStatements", s);
      }
      import_seconds = Micros(start) / 1e6;
      // Statement ids, found the way a user would: the statements of random subjects.
      std::mt19937_64 pick(o.seed + 1);
      for (int i = 0; i < 4000 && ids.size() < 20000; ++i) {
        auto card = (*db)->Describe(corpus->Materialize(pick() % stored).subject.id, 20);
        if (!card.ok()) Die("Describe", card.status());
        for (const kg::StatementLine& line : card->out) ids.push_back(line.statement_id);
      }
      std::shuffle(ids.begin(), ids.end(), pick);
      ids.resize(std::min<size_t>(ids.size(), 5000));
    }
    kg::Options reopen;
    reopen.load_graph = false;  // the lookup reads the store only
    auto db = kg::Database::Open(store, reopen);
    if (!db.ok()) Die("open " + store, db.status());
    // First pass: the block cache starts empty (the OS page cache may hold the files). Second
    // pass: the same ids again, with the blocks cached.
    for (Timing* t : {&evidence_timing, &evidence_warm_timing}) {
      for (size_t i = 0; i < ids.size(); ++i) {
        const Clock::time_point start = Clock::now();
        auto st = (*db)->GetStatement(ids[i]);
        t->micros.push_back(Micros(start));
        if (!st.ok()) Die("GetStatement " + ids[i], st.status());
        check("GetStatement evidence", i, st->evidence.empty() ? 0 : 1, 1);
      }
    }
  }
  fs::remove_all(o.dir);

  double length_sum = 0;
  for (int l : lengths) length_sum += l;
  double count_sum = 0;
  for (uint64_t c : counts) count_sum += static_cast<double>(c);
  const Timing* networkx = nullptr;
  for (const Timing& t : path_timings) {
    if (t.tool.rfind("networkx", 0) == 0) networkx = &t;
  }
  const Timing& kg_path = path_timings[0];
  const double speedup_p50 = networkx ? networkx->p50() / kg_path.p50() : 0;
  const double speedup_p99 = networkx ? networkx->p99() / kg_path.p99() : 0;

  if (o.json) {
    nlohmann::json j = {{"nodes", n},
                        {"statements", m},
                        {"max_degree", corpus->max_degree()},
                        {"seed", o.seed},
                        {"pairs", pairs.size()},
                        {"mean_path_length", pairs.empty() ? 0 : length_sum / pairs.size()},
                        {"mean_2hop_count", counts.empty() ? 0 : count_sum / counts.size()},
                        {"mismatches", mismatches},
                        {"evidence_store_statements", stored},
                        {"evidence_import_seconds", import_seconds}};
    auto add = [&](const char* key, const std::vector<Timing>& timings) {
      for (const Timing& t : timings) {
        j[key].push_back({{"tool", t.tool},
                          {"queries", t.micros.size()},
                          {"p50_us", t.p50()},
                          {"p99_us", t.p99()}});
      }
    };
    add("shortest_path", path_timings);
    add("two_hop_count", count_timings);
    add("evidence_lookup", {evidence_timing, evidence_warm_timing});
    j["speedup_vs_networkx"] = {{"p50", speedup_p50}, {"p99", speedup_p99}};
    std::cout << j.dump(2) << "\n";
    return mismatches == 0 ? 0 : 3;
  }

  std::printf(
      "kg-paths-bench: %s nodes, %s statements (max degree %s), seed %llu; undirected\n"
      "shortest path: %zu connected pairs (mean length %.2f); 2-hop count: %zu sources "
      "(mean %s vertices)\n\n",
      Thousands(n).c_str(), Thousands(m).c_str(), Thousands(corpus->max_degree()).c_str(),
      static_cast<unsigned long long>(o.seed), pairs.size(),
      pairs.empty() ? 0 : length_sum / pairs.size(), counts.size(),
      Thousands(counts.empty() ? 0 : count_sum / counts.size()).c_str());
  auto table = [&](const char* title, const std::vector<Timing>& timings, const Timing& base) {
    std::printf("%-56s %8s %11s %11s %9s %9s\n", title, "queries", "p50", "p99", "p50 x", "p99 x");
    for (const Timing& t : timings) {
      std::printf("  %-54s %8zu %11s %11s %9s %9s\n", t.tool.c_str(), t.micros.size(),
                  Duration(t.p50()).c_str(), Duration(t.p99()).c_str(),
                  Fixed(t.p50() / base.p50(), 1).c_str(), Fixed(t.p99() / base.p99(), 1).c_str());
    }
    std::printf("\n");
  };
  table("shortest path (x = time / kgraph's)", path_timings, kg_path);
  table("2-hop neighbourhood count", count_timings, count_timings[0]);
  if (!evidence_timing.micros.empty()) {
    std::printf("evidence lookup, store of %s statements (imported in %.1f s)\n",
                Thousands(stored).c_str(), import_seconds);
    for (const Timing* t : {&evidence_timing, &evidence_warm_timing}) {
      std::printf("  %-54s %8zu %11s %11s\n", t->tool.c_str(), t->micros.size(),
                  Duration(t->p50()).c_str(), Duration(t->p99()).c_str());
    }
    std::printf("\n");
  }
  auto verdict = [](bool ok) { return ok ? "PASS" : "FAIL"; };
  if (networkx != nullptr) {
    std::printf("target: path search >= %.0fx faster than networkx at p50 and p99: %.1fx / %.1fx %s\n",
                kTargetSpeedup, speedup_p50, speedup_p99,
                verdict(speedup_p50 >= kTargetSpeedup && speedup_p99 >= kTargetSpeedup));
  }
  std::printf("target: 2-hop count <= 20 ms (on 1M/5M): p50 %s, p99 %s %s\n",
              Duration(count_timings[0].p50()).c_str(), Duration(count_timings[0].p99()).c_str(),
              verdict(count_timings[0].p99() <= kTargetCountMicros));
  if (!evidence_timing.micros.empty()) {
    std::printf("target: evidence lookup p99 <= 100 us: %s first pass %s, cached %s %s\n",
                Duration(evidence_timing.p99()).c_str(),
                verdict(evidence_timing.p99() <= kTargetEvidenceMicros),
                Duration(evidence_warm_timing.p99()).c_str(),
                verdict(evidence_warm_timing.p99() <= kTargetEvidenceMicros));
  }
  if (mismatches > 0) {
    std::printf("\nMISMATCHES: %llu answers differ from kgraph's\n",
                static_cast<unsigned long long>(mismatches));
    for (const std::string& p : problems) std::printf("  %s\n", p.c_str());
  }
  return mismatches == 0 ? 0 : 3;
}
