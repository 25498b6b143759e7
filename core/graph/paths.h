// core::PathFinder: path searches over a GraphView snapshot (shortest, all shortest, k
// shortest, bounded expansion), filtered by relation, direction, support and time, within a
// budget. The query engine's path patterns run on it; nothing here touches the store.
//
// Vertex and edge ids are the store's dense internal ids (as in GraphView). Paths never repeat
// a vertex (simple paths), so results stay finite and meaningful for "how are A and B
// connected". Results are deterministic for a given graph: where several paths tie, they come
// in the order of their edge-id sequences (lexicographic), except Shortest(), which returns one
// of the shortest paths (always the same one for the same graph).
// Thread-safety: a PathFinder is used by one thread at a time; several PathFinders may share
// one GraphView and snapshot concurrently (both are only read).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/graph/graph_view.h"
#include "kg/status.h"

namespace kg::core {

// Which edges a search may walk.
struct EdgeFilter {
  // Allowed predicate ids (GraphView's EdgeProps::predicate); empty = any relation.
  std::vector<uint32_t> predicates;
  // kOut: walk edges from subject to object only; kIn: only against their direction; kBoth:
  // either way. Default: kBoth.
  Direction direction = Direction::kBoth;
  // Minimum support (distinct documents) of an edge. Default: 0 (any).
  uint32_t min_support = 0;
  // Only edges whose time qualifier overlaps [time_from, time_to] (yyyymmdd, inclusive). 0 =
  // open on that side. When either bound is set, edges without a time are not walked.
  int32_t time_from = 0;
  int32_t time_to = 0;
  // Further test on an edge id, or null. Not owned. Default: null.
  const std::function<bool(uint32_t edge)>* accept = nullptr;
};

// Limits for one search (or one query: a budget may be shared by several searches in turn).
struct SearchBudget {
  // Edges examined, at most. Default: no limit.
  uint64_t max_expansions = UINT64_MAX;
  // No deadline when unset.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Cancelled when it becomes true. Not owned; may be null.
  const std::atomic<bool>* cancel = nullptr;
  // Edges examined so far (updated by the searches).
  uint64_t expansions = 0;

  // OK, or LimitExceeded ("expansion budget of N edges exceeded" / "time limit of ... exceeded")
  // or Cancelled. Searches call it every few hundred expansions and stop on a non-ok status.
  Status Check() const;
};

// A path: vertices[0] -edges[0]- vertices[1] ... ; forward[i] is true when edges[i] was walked
// from its subject to its object.
struct Path {
  std::vector<uint32_t> vertices;
  std::vector<uint32_t> edges;
  std::vector<bool> forward;
  size_t length() const { return edges.size(); }
};

class PathFinder {
 public:
  // `view` and `snapshot` (view.Snapshot()) must outlive the PathFinder. Not owned.
  // Construction does no O(V) work: the per-vertex marks are allocated (zeroed lazily by the
  // OS) on first use and reused by every later search, so repeated queries on one snapshot
  // should reuse one PathFinder per thread rather than build a new one each time.
  PathFinder(const GraphView& view, std::shared_ptr<const CsrGraph> snapshot);
  ~PathFinder();
  PathFinder(const PathFinder&) = delete;
  PathFinder& operator=(const PathFinder&) = delete;

  // One shortest path from `source` to `target` with at most `max_hops` edges (bidirectional
  // BFS), or nullopt when there is none. source == target gives the empty path.
  // Errors: the budget's (LimitExceeded, Cancelled).
  Result<std::optional<Path>> Shortest(uint32_t source, uint32_t target, const EdgeFilter& filter,
                                       uint32_t max_hops, SearchBudget* budget);

  // Every shortest path (at most `limit`; more is LimitExceeded unless `truncated` is given, in
  // which case it is set and the first `limit` are returned), ordered by edge-id sequence.
  Status AllShortest(uint32_t source, uint32_t target, const EdgeFilter& filter,
                     uint32_t max_hops, size_t limit, SearchBudget* budget,
                     std::vector<Path>* out, bool* truncated = nullptr);

  // The k shortest simple paths (Yen's algorithm), by length, ties by edge-id sequence. Fewer
  // when fewer exist within `max_hops`.
  Status KShortest(uint32_t source, uint32_t target, size_t k, const EdgeFilter& filter,
                   uint32_t max_hops, SearchBudget* budget, std::vector<Path>* out);

  // Every simple path from `source` with min_hops..max_hops edges (bounded DFS), in DFS order
  // with edges taken in edge-id order; each is handed to `visit`, which returns false to stop.
  // When `target` is set, only paths ending there are handed over.
  Status Expand(uint32_t source, std::optional<uint32_t> target, const EdgeFilter& filter,
                uint32_t min_hops, uint32_t max_hops, SearchBudget* budget,
                const std::function<bool(const Path&)>& visit);

  // Number of distinct vertices within `hops` edges of `source` (excluding it).
  Result<uint64_t> CountWithin(uint32_t source, uint32_t hops, const EdgeFilter& filter,
                               SearchBudget* budget);

 private:
  class Scratch;  // per-finder visited marks and queues, reused across searches
  const GraphView& view_;
  std::shared_ptr<const CsrGraph> snapshot_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace kg::core
