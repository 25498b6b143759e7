#include "core/graph/paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>

namespace kg::core {
namespace {

using Edges = std::vector<uint32_t>;

struct EdgeSpec {
  uint32_t source, target;
  uint32_t predicate = 1;
  uint32_t support = 1;
  int32_t time_first = 0;
  int32_t time_last = 0;
};

void Build(GraphView* g, uint32_t vertices, const std::vector<EdgeSpec>& edges) {
  for (uint32_t i = 0; i < vertices; ++i) g->SetVertex(i, VertexProps{0, NodeKind::kEntity, true});
  for (uint32_t i = 0; i < edges.size(); ++i) {
    EdgeProps e;
    e.source = edges[i].source;
    e.target = edges[i].target;
    e.predicate = edges[i].predicate;
    e.support = edges[i].support;
    e.time_first = edges[i].time_first;
    e.time_last = edges[i].time_last;
    e.alive = true;
    g->SetEdge(i, e);
  }
}

// The fixture graph (edge id: subject → object), worked through by hand in the tests:
//   e0 0→1   e1 0→2 (pred 2)   e2 1→3 (support 2)   e3 2→3 (pred 2)   e4 0→1 (parallel to e0)
//   e5 1→1 (self loop)   e6 0→5   e7 5→6   e8 6→3 (timed)   e9 3→0   and vertex 7 isolated.
// e0 has support 3; e6 is dated 2025-03-01..10, e7 2025-03-05, e8 2025-04-01.
class PathsTest : public ::testing::Test {
 protected:
  PathsTest() {
    Build(&view_, 8,
          {{0, 1, 1, 3},
           {0, 2, 2},
           {1, 3, 1, 2},
           {2, 3, 2},
           {0, 1},
           {1, 1},
           {0, 5, 1, 1, 20250301, 20250310},
           {5, 6, 1, 1, 20250305},
           {6, 3, 1, 1, 20250401},
           {3, 0}});
    finder_ = std::make_unique<PathFinder>(view_, view_.Snapshot());
  }

  static EdgeFilter Out() {
    EdgeFilter f;
    f.direction = Direction::kOut;
    return f;
  }

  std::vector<Edges> All(uint32_t s, uint32_t t, const EdgeFilter& f, uint32_t max_hops = 10) {
    std::vector<Path> paths;
    EXPECT_TRUE(finder_->AllShortest(s, t, f, max_hops, 100, nullptr, &paths).ok());
    std::vector<Edges> result;
    for (const Path& p : paths) result.push_back(p.edges);
    return result;
  }

  std::vector<Edges> K(uint32_t s, uint32_t t, size_t k, const EdgeFilter& f,
                       uint32_t max_hops = 10) {
    std::vector<Path> paths;
    EXPECT_TRUE(finder_->KShortest(s, t, k, f, max_hops, nullptr, &paths).ok());
    std::vector<Edges> result;
    for (const Path& p : paths) result.push_back(p.edges);
    return result;
  }

  std::optional<Path> Shortest(uint32_t s, uint32_t t, const EdgeFilter& f,
                               uint32_t max_hops = 10) {
    auto r = finder_->Shortest(s, t, f, max_hops, nullptr);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  }

  GraphView view_;
  std::unique_ptr<PathFinder> finder_;
};

TEST_F(PathsTest, ShortestFollowsTheDirection) {
  auto out = Shortest(0, 3, Out());
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->length(), 2u);
  EXPECT_EQ(out->vertices.front(), 0u);
  EXPECT_EQ(out->vertices.back(), 3u);
  EXPECT_EQ(out->forward, (std::vector<bool>{true, true}));

  EdgeFilter in;
  in.direction = Direction::kIn;
  auto back = Shortest(0, 3, in);  // against e9 (3→0)
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->edges, (Edges{9}));
  EXPECT_EQ(back->vertices, (std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(back->forward, (std::vector<bool>{false}));

  auto both = Shortest(0, 3, EdgeFilter{});
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->edges, (Edges{9}));

  // 3 reaches 5 only through 0 going forward (e9 then e6).
  auto fwd = Shortest(3, 5, Out());
  ASSERT_TRUE(fwd.has_value());
  EXPECT_EQ(fwd->edges, (Edges{9, 6}));
  EXPECT_EQ(fwd->vertices, (std::vector<uint32_t>{3, 0, 5}));
  // Walking against the edges, 6 reaches 0 over e7 and e6, both backwards.
  auto rev = Shortest(6, 0, in);
  ASSERT_TRUE(rev.has_value());
  EXPECT_EQ(rev->edges, (Edges{7, 6}));
  EXPECT_EQ(rev->forward, (std::vector<bool>{false, false}));
}

TEST_F(PathsTest, ShortestEdgeCases) {
  auto same = Shortest(2, 2, Out());
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->length(), 0u);
  EXPECT_EQ(same->vertices, (std::vector<uint32_t>{2}));

  EXPECT_FALSE(Shortest(0, 7, EdgeFilter{}).has_value());    // isolated
  EXPECT_FALSE(Shortest(0, 1000, EdgeFilter{}).has_value());  // no such vertex
  EXPECT_FALSE(Shortest(1000, 0, EdgeFilter{}).has_value());
  EXPECT_FALSE(Shortest(0, 3, Out(), 1).has_value());  // needs two hops
  EXPECT_TRUE(Shortest(0, 3, Out(), 2).has_value());
  EXPECT_FALSE(Shortest(3, 6, Out(), 2).has_value());  // 3→0→5→6 is three hops
  EXPECT_TRUE(Shortest(3, 6, Out(), 3).has_value());
}

TEST_F(PathsTest, AllShortestListsTiesByEdgeIds) {
  // Three shortest 0→3 paths: over e0 or the parallel e4 to 1, or over 2.
  EXPECT_EQ(All(0, 3, Out()), (std::vector<Edges>{{0, 2}, {1, 3}, {4, 2}}));
  EXPECT_EQ(All(0, 3, EdgeFilter{}), (std::vector<Edges>{{9}}));
  EXPECT_EQ(All(0, 3, Out(), 1), std::vector<Edges>{});
  EXPECT_EQ(All(0, 7, Out()), std::vector<Edges>{});
  EXPECT_EQ(All(4, 4, Out()), (std::vector<Edges>{{}}));

  std::vector<Path> paths;
  EXPECT_EQ(finder_->AllShortest(0, 3, Out(), 10, 2, nullptr, &paths).code(),
            Status::Code::kLimitExceeded);
  bool truncated = false;
  ASSERT_TRUE(finder_->AllShortest(0, 3, Out(), 10, 2, nullptr, &paths, &truncated).ok());
  EXPECT_TRUE(truncated);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[1].edges, (Edges{1, 3}));
  EXPECT_EQ(paths[1].vertices, (std::vector<uint32_t>{0, 2, 3}));
  ASSERT_TRUE(finder_->AllShortest(0, 3, Out(), 10, 3, nullptr, &paths, &truncated).ok());
  EXPECT_FALSE(truncated);
  EXPECT_EQ(paths.size(), 3u);
}

TEST_F(PathsTest, FiltersOnPredicateSupportTimeAndCallback) {
  EdgeFilter pred = Out();
  pred.predicates = {2};
  EXPECT_EQ(All(0, 3, pred), (std::vector<Edges>{{1, 3}}));
  pred.predicates = {1};  // e6..e8 are the only other way
  EXPECT_EQ(All(0, 3, pred), (std::vector<Edges>{{0, 2}, {4, 2}}));

  EdgeFilter support = Out();
  support.min_support = 2;
  EXPECT_EQ(All(0, 3, support), (std::vector<Edges>{{0, 2}}));
  support.min_support = 3;
  EXPECT_EQ(All(0, 3, support), std::vector<Edges>{});

  EdgeFilter time = Out();
  time.time_from = 20250301;
  time.time_to = 20250401;
  EXPECT_EQ(All(0, 3, time), (std::vector<Edges>{{6, 7, 8}}));
  time.time_from = 20250309;  // still overlaps e6's range, but not e7's day
  EXPECT_EQ(All(0, 3, time), std::vector<Edges>{});
  time.time_from = 0;
  time.time_to = 20250331;  // open start; e8 (April) is out
  EXPECT_EQ(All(0, 3, time), std::vector<Edges>{});
  time.time_to = 20250401;
  EXPECT_EQ(All(0, 3, time), (std::vector<Edges>{{6, 7, 8}}));

  const std::function<bool(uint32_t)> not_e2 = [](uint32_t e) { return e != 2; };
  EdgeFilter callback = Out();
  callback.accept = &not_e2;
  EXPECT_EQ(All(0, 3, callback), (std::vector<Edges>{{1, 3}}));
  auto one = Shortest(0, 3, callback);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->edges, (Edges{1, 3}));
}

TEST_F(PathsTest, KShortestOrdersByLengthThenEdgeIds) {
  EXPECT_EQ(K(0, 3, 10, Out()), (std::vector<Edges>{{0, 2}, {1, 3}, {4, 2}, {6, 7, 8}}));
  EXPECT_EQ(K(0, 3, 2, Out()), (std::vector<Edges>{{0, 2}, {1, 3}}));
  EXPECT_EQ(K(0, 3, 10, Out(), 2), (std::vector<Edges>{{0, 2}, {1, 3}, {4, 2}}));
  EXPECT_EQ(K(0, 3, 10, EdgeFilter{}),
            (std::vector<Edges>{{9}, {0, 2}, {1, 3}, {4, 2}, {6, 7, 8}}));
  EXPECT_EQ(K(0, 3, 0, Out()), std::vector<Edges>{});
  EXPECT_EQ(K(0, 7, 3, Out()), std::vector<Edges>{});
  EXPECT_EQ(K(5, 5, 3, Out()), (std::vector<Edges>{{}}));

  std::vector<Path> paths;
  ASSERT_TRUE(finder_->KShortest(0, 3, 10, EdgeFilter{}, 10, nullptr, &paths).ok());
  ASSERT_EQ(paths.size(), 5u);
  EXPECT_EQ(paths[4].vertices, (std::vector<uint32_t>{0, 5, 6, 3}));
  EXPECT_EQ(paths[0].forward, (std::vector<bool>{false}));
}

TEST_F(PathsTest, ExpandWalksSimplePathsInEdgeIdOrder) {
  std::vector<Edges> seen;
  auto collect = [&](const Path& p) {
    seen.push_back(p.edges);
    return true;
  };
  ASSERT_TRUE(finder_->Expand(0, std::nullopt, Out(), 1, 2, nullptr, collect).ok());
  // The self loop e5 never appears; e2 continues both e0 and the parallel e4.
  EXPECT_EQ(seen, (std::vector<Edges>{{0}, {0, 2}, {1}, {1, 3}, {4}, {4, 2}, {6}, {6, 7}}));

  seen.clear();
  ASSERT_TRUE(finder_->Expand(0, 3u, Out(), 1, 3, nullptr, collect).ok());
  EXPECT_EQ(seen, (std::vector<Edges>{{0, 2}, {1, 3}, {4, 2}, {6, 7, 8}}));

  seen.clear();
  ASSERT_TRUE(finder_->Expand(0, std::nullopt, Out(), 0, 1, nullptr, collect).ok());
  EXPECT_EQ(seen, (std::vector<Edges>{{}, {0}, {1}, {4}, {6}}));

  seen.clear();  // the walk stops when the visitor says so
  ASSERT_TRUE(finder_->Expand(0, std::nullopt, Out(), 1, 3,
                              nullptr, [&](const Path& p) {
                                seen.push_back(p.edges);
                                return seen.size() < 3;
                              })
                  .ok());
  EXPECT_EQ(seen.size(), 3u);

  seen.clear();  // both directions, from 3 back to 0: e9 directly, or the other ways round
  std::vector<std::vector<bool>> forward;
  ASSERT_TRUE(finder_
                  ->Expand(3, 0u, EdgeFilter{}, 1, 3, nullptr,
                           [&](const Path& p) {
                             seen.push_back(p.edges);
                             forward.push_back(p.forward);
                             return true;
                           })
                  .ok());
  EXPECT_EQ(seen, (std::vector<Edges>{{2, 0}, {2, 4}, {3, 1}, {8, 7, 6}, {9}}));
  EXPECT_EQ(forward.back(), (std::vector<bool>{true}));
  EXPECT_EQ(forward.front(), (std::vector<bool>{false, false}));
}

TEST_F(PathsTest, CountWithinCountsDistinctVertices) {
  auto count = [&](uint32_t s, uint32_t hops, const EdgeFilter& f) {
    auto r = finder_->CountWithin(s, hops, f, nullptr);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : 0;
  };
  EXPECT_EQ(count(0, 1, Out()), 3u);  // 1 (twice), 2, 5
  EXPECT_EQ(count(0, 2, Out()), 5u);  // + 3, 6
  EXPECT_EQ(count(0, 1, EdgeFilter{}), 4u);  // + 3 over e9
  EXPECT_EQ(count(0, 0, EdgeFilter{}), 0u);
  EXPECT_EQ(count(7, 3, EdgeFilter{}), 0u);
  EXPECT_EQ(count(0, 9, EdgeFilter{}), 5u);  // all but 0 and the isolated 4 and 7
  EdgeFilter pred = Out();
  pred.predicates = {2};
  EXPECT_EQ(count(0, 5, pred), 2u);
}

// A graph with very many simple paths: every search must stop at its budget, not hang.
class BudgetTest : public ::testing::Test {
 protected:
  BudgetTest() {
    std::vector<EdgeSpec> edges;
    for (uint32_t a = 0; a < kClique; ++a) {
      for (uint32_t b = 0; b < kClique; ++b) {
        if (a != b) edges.push_back({a, b});
      }
    }
    // A long tail from the clique to the last vertex.
    for (uint32_t v = kClique - 1; v + 1 < kVertices; ++v) edges.push_back({v, v + 1});
    Build(&view_, kVertices, edges);
    finder_ = std::make_unique<PathFinder>(view_, view_.Snapshot());
  }
  static constexpr uint32_t kClique = 12;
  static constexpr uint32_t kVertices = 3000;
  GraphView view_;
  std::unique_ptr<PathFinder> finder_;
};

TEST_F(BudgetTest, ExpansionLimitStopsEverySearch) {
  SearchBudget budget;
  budget.max_expansions = 1000;
  auto r = finder_->Shortest(0, kVertices - 1, EdgeFilter{}, 100000, &budget);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kLimitExceeded);
  EXPECT_NE(r.status().message().find("1000"), std::string::npos);
  EXPECT_EQ(budget.expansions, 1001u);

  SearchBudget enough;
  enough.max_expansions = 100000;
  auto ok = finder_->Shortest(0, kVertices - 1, EdgeFilter{}, 100000, &enough);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->length(), kVertices - kClique + 1);
  EXPECT_GT(enough.expansions, 0u);

  SearchBudget small;
  small.max_expansions = 50000;
  uint64_t visited = 0;
  Status s = finder_->Expand(0, std::nullopt, EdgeFilter{}, 1, kClique, &small,
                             [&](const Path&) { return ++visited > 0; });
  EXPECT_EQ(s.code(), Status::Code::kLimitExceeded);
  EXPECT_GT(visited, 0u);

  small.expansions = 0;
  std::vector<Path> paths;
  EXPECT_EQ(finder_->KShortest(0, 5, 100000, EdgeFilter{}, kClique, &small, &paths).code(),
            Status::Code::kLimitExceeded);
  small.expansions = 0;
  small.max_expansions = 10;
  EXPECT_EQ(finder_->CountWithin(0, 3, EdgeFilter{}, &small).status().code(),
            Status::Code::kLimitExceeded);
  small.expansions = 0;
  EXPECT_EQ(finder_->AllShortest(0, kVertices - 1, EdgeFilter{}, 100000, 10, &small, &paths)
                .code(),
            Status::Code::kLimitExceeded);
}

TEST_F(BudgetTest, CancellationAndDeadlineStopTheSearch) {
  std::atomic<bool> cancel{true};
  SearchBudget budget;
  budget.cancel = &cancel;
  Status s = finder_->Expand(0, std::nullopt, EdgeFilter{}, 1, kClique, &budget,
                             [](const Path&) { return true; });
  EXPECT_EQ(s.code(), Status::Code::kCancelled);
  EXPECT_LT(budget.expansions, 1000u);  // noticed within a few hundred expansions

  // A visitor that cancels part way through, as Ctrl-C would.
  cancel = false;
  budget.expansions = 0;
  uint64_t visited = 0;
  s = finder_->Expand(0, std::nullopt, EdgeFilter{}, 1, kClique, &budget, [&](const Path&) {
    if (++visited == 5000) cancel = true;
    return true;
  });
  EXPECT_EQ(s.code(), Status::Code::kCancelled);
  EXPECT_GE(visited, 5000u);

  SearchBudget late;
  late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto r = finder_->Shortest(0, kVertices - 1, EdgeFilter{}, 100000, &late);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kLimitExceeded);
  EXPECT_NE(r.status().message().find("time limit"), std::string::npos);
  EXPECT_EQ(late.Check().code(), Status::Code::kLimitExceeded);
  EXPECT_TRUE(SearchBudget{}.Check().ok());
}

// Plain BFS distances, the reference for the randomized comparisons.
std::vector<int> BfsDistances(uint32_t n, const std::vector<EdgeSpec>& edges, uint32_t source,
                              Direction dir) {
  std::vector<std::vector<uint32_t>> adj(n);
  for (const EdgeSpec& e : edges) {
    if (dir != Direction::kIn) adj[e.source].push_back(e.target);
    if (dir != Direction::kOut) adj[e.target].push_back(e.source);
  }
  std::vector<int> dist(n, -1);
  std::deque<uint32_t> queue{source};
  dist[source] = 0;
  while (!queue.empty()) {
    const uint32_t v = queue.front();
    queue.pop_front();
    for (uint32_t w : adj[v]) {
      if (dist[w] < 0) {
        dist[w] = dist[v] + 1;
        queue.push_back(w);
      }
    }
  }
  return dist;
}

bool Less(const Edges& a, const Edges& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

TEST(PathsRandomTest, AgreesWithPlainBfsAndExhaustiveEnumeration) {
  std::mt19937 rng(7);  // 32-bit results
  for (int round = 0; round < 60; ++round) {
    const uint32_t n = 5 + rng() % 40;
    const uint32_t m = n + rng() % (3 * n);
    std::vector<EdgeSpec> edges;
    for (uint32_t i = 0; i < m; ++i) {
      // Skewed endpoints (low ids more often) give hubs, parallel edges and loops.
      const uint32_t s = static_cast<uint32_t>(std::min(rng() % n, rng() % n));
      const uint32_t t = static_cast<uint32_t>(rng() % n);
      edges.push_back({s, t, static_cast<uint32_t>(1 + rng() % 3)});
    }
    GraphView view;
    Build(&view, n, edges);
    PathFinder finder(view, view.Snapshot());
    const Direction dir = static_cast<Direction>(round % 3);
    EdgeFilter filter;
    filter.direction = dir;
    for (int q = 0; q < 8; ++q) {
      const uint32_t s = rng() % n, t = rng() % n;
      const std::vector<int> dist = BfsDistances(n, edges, s, dir);
      auto r = finder.Shortest(s, t, filter, 1000, nullptr);
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(r->has_value(), dist[t] >= 0) << "round " << round << " " << s << "→" << t;
      if (!r->has_value()) continue;
      const Path& p = **r;
      ASSERT_EQ(p.length(), static_cast<size_t>(dist[t]));
      // The path is a real walk: each edge joins its neighbours the way `forward` says.
      ASSERT_EQ(p.vertices.front(), s);
      ASSERT_EQ(p.vertices.back(), t);
      for (size_t i = 0; i < p.length(); ++i) {
        const EdgeProps* e = view.edge(p.edges[i]);
        ASSERT_NE(e, nullptr);
        const uint32_t from = p.forward[i] ? e->source : e->target;
        const uint32_t to = p.forward[i] ? e->target : e->source;
        EXPECT_EQ(from, p.vertices[i]);
        EXPECT_EQ(to, p.vertices[i + 1]);
        if (dir != Direction::kBoth) {
          EXPECT_EQ(p.forward[i], dir == Direction::kOut);
        }
      }

      // Every simple path up to 4 hops, in (length, edge ids) order, is the reference for
      // AllShortest and KShortest.
      if (s == t) continue;
      const uint32_t max_hops = 4;
      std::vector<Edges> every;
      SearchBudget budget;
      budget.max_expansions = 2000000;
      ASSERT_TRUE(finder
                      .Expand(s, t, filter, 1, max_hops, &budget,
                              [&](const Path& path) {
                                every.push_back(path.edges);
                                return true;
                              })
                      .ok());
      std::sort(every.begin(), every.end(), Less);
      std::vector<Edges> shortest;
      for (const Edges& e : every) {
        if (e.size() == every.front().size()) shortest.push_back(e);
      }
      std::vector<Path> all;
      ASSERT_TRUE(finder.AllShortest(s, t, filter, max_hops, 100000, nullptr, &all).ok());
      std::vector<Edges> all_edges;
      for (const Path& path : all) all_edges.push_back(path.edges);
      EXPECT_EQ(all_edges, shortest) << "round " << round;

      const size_t k = 1 + rng() % 12;
      std::vector<Path> yen;
      ASSERT_TRUE(finder.KShortest(s, t, k, filter, max_hops, nullptr, &yen).ok());
      std::vector<Edges> yen_edges;
      for (const Path& path : yen) yen_edges.push_back(path.edges);
      std::vector<Edges> expected(every.begin(), every.begin() + std::min(k, every.size()));
      EXPECT_EQ(yen_edges, expected) << "round " << round << " k " << k;
    }
  }
}

}  // namespace
}  // namespace kg::core
