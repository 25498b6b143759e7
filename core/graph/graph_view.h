// core::GraphView: the in-memory graph of a store, for graph work (paths, neighbourhoods).
//
// Vertices are nodes and edges are statements, both indexed by the store's dense internal ids,
// so properties live in side tables (vectors) indexed by vertex/edge id, not in the graph. The
// structure is a Boost compressed_sparse_row_graph (bidirectional, 32-bit indices): compact
// (about 20 bytes an edge) and fast to traverse. Writes update the side tables at once and mark
// the structure stale; the next Snapshot() rebuilds it (O(E)). A snapshot is immutable and
// shared, so a query keeps a consistent graph while writes go on.
// Thread-safety: the mutators and the side-table readers must not run concurrently (the
// Database serialises them); Snapshot() may be called from several readers at once.
#pragma once

#include <atomic>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "kg/model.h"

namespace kg::core {

// What the graph knows of a statement; the store holds the rest.
struct EdgeProps {
  uint32_t source = 0;
  uint32_t target = 0;
  uint32_t predicate = 0;  // the store's predicate id
  uint32_t support = 0;
  float confidence = 0;
  int32_t time_first = 0;  // yyyymmdd, 0 = no time qualifier
  int32_t time_last = 0;
  uint8_t flags = 0;  // negated 1, attributed 2, modal 4
  bool alive = false;
};

struct VertexProps {
  uint16_t type = 0;  // the store's type id
  NodeKind kind = NodeKind::kEntity;
  bool alive = false;
};

// The edge bundle of the CSR graph: which statement an edge is.
struct CsrEdge {
  uint32_t statement = 0;
};

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, CsrEdge,
                                       boost::no_property, uint32_t, uint32_t>;

// Which way to follow edges from a vertex.
enum class Direction { kOut, kIn, kBoth };

class GraphView {
 public:
  GraphView() = default;
  GraphView(const GraphView&) = delete;
  GraphView& operator=(const GraphView&) = delete;

  // Pre-sizes the side tables (for loading).
  void Reserve(uint64_t vertices, uint64_t edges);
  // REQUIRES: id < 2^32 - 1
  void SetVertex(uint64_t id, const VertexProps& props);
  void RemoveVertex(uint64_t id);
  // Adds or updates an edge; props.source/target must not change for an existing edge.
  void SetEdge(uint64_t id, const EdgeProps& props);
  void RemoveEdge(uint64_t id);

  // Bulk loading (at open): PrepareLoad sizes the tables, LoadVertex/LoadEdge fill them without
  // any bookkeeping (so distinct ids may be loaded from several threads at once), FinishLoad
  // counts what is live and builds the snapshot.
  // REQUIRES: the view is empty; ids < the sizes given to PrepareLoad.
  void PrepareLoad(uint64_t vertices, uint64_t edges);
  void LoadVertex(uint64_t id, const VertexProps& props) {
    vertices_[id] = props;
    vertices_[id].alive = true;
  }
  void LoadEdge(uint64_t id, const EdgeProps& props) {
    edges_[id] = props;
    edges_[id].alive = true;
  }
  void FinishLoad();

  const EdgeProps* edge(uint32_t id) const {
    return id < edges_.size() && edges_[id].alive ? &edges_[id] : nullptr;
  }
  const VertexProps* vertex(uint32_t id) const {
    return id < vertices_.size() && vertices_[id].alive ? &vertices_[id] : nullptr;
  }
  uint64_t vertex_count() const { return live_vertices_; }
  uint64_t edge_count() const { return live_edges_; }
  // Size of the id spaces (largest id + 1): what side tables and snapshots are indexed by.
  uint32_t vertex_capacity() const { return static_cast<uint32_t>(vertices_.size()); }
  uint32_t edge_capacity() const { return static_cast<uint32_t>(edges_.size()); }

  // The current structure, rebuilt if writes changed it. Dead edges are left out.
  std::shared_ptr<const CsrGraph> Snapshot() const;

  // Vertices within `depth` edges of `center` (following `direction`), in BFS order with
  // `center` first, and the live edges among them. Runs on the current snapshot.
  void Neighbourhood(uint32_t center, uint32_t depth, Direction direction,
                     std::vector<uint32_t>* vertices, std::vector<uint32_t>* edges) const;

  // Bytes held by the side tables and the current snapshot.
  uint64_t MemoryBytes() const;

 private:
  std::vector<VertexProps> vertices_;
  std::vector<EdgeProps> edges_;
  uint64_t live_vertices_ = 0;
  uint64_t live_edges_ = 0;
  mutable std::mutex snapshot_mu_;
  mutable std::shared_ptr<const CsrGraph> snapshot_;  // rebuilt by Snapshot() when stale_
  mutable std::atomic<bool> stale_{true};   // edges came or went since snapshot_ was built
  mutable uint32_t snapshot_vertices_ = 0;  // vertex count of snapshot_ (guarded by the mutex)
};

}  // namespace kg::core
