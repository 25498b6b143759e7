#include "core/graph/graph_view.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <utility>

namespace kg::core {

void GraphView::Reserve(uint64_t vertices, uint64_t edges) {
  vertices_.reserve(vertices);
  edges_.reserve(edges);
}

void GraphView::SetVertex(uint64_t id, const VertexProps& props) {
  if (id >= vertices_.size()) vertices_.resize(id + 1);
  VertexProps& v = vertices_[id];
  if (!v.alive) {
    ++live_vertices_;
    if (id >= snapshot_vertices_) stale_.store(true, std::memory_order_relaxed);
  }
  v = props;
  v.alive = true;
}

void GraphView::RemoveVertex(uint64_t id) {
  if (id >= vertices_.size() || !vertices_[id].alive) return;
  vertices_[id].alive = false;
  --live_vertices_;
}

void GraphView::SetEdge(uint64_t id, const EdgeProps& props) {
  if (id >= edges_.size()) edges_.resize(id + 1);
  EdgeProps& e = edges_[id];
  const bool structural = !e.alive || e.source != props.source || e.target != props.target;
  if (!e.alive) ++live_edges_;
  e = props;
  e.alive = true;
  // Endpoints may name vertices not announced yet (the store sends them in the same batch).
  const uint32_t needed = std::max(props.source, props.target) + 1;
  if (needed > vertices_.size()) vertices_.resize(needed);
  if (structural) stale_.store(true, std::memory_order_relaxed);
}

void GraphView::RemoveEdge(uint64_t id) {
  if (id >= edges_.size() || !edges_[id].alive) return;
  edges_[id].alive = false;
  --live_edges_;
  stale_.store(true, std::memory_order_relaxed);
}

void GraphView::PrepareLoad(uint64_t vertices, uint64_t edges) {
  vertices_.assign(vertices, VertexProps());
  edges_.assign(edges, EdgeProps());
  live_vertices_ = live_edges_ = 0;
  stale_.store(true);
}

void GraphView::FinishLoad() {
  live_vertices_ = 0;
  for (const VertexProps& v : vertices_) live_vertices_ += v.alive;
  live_edges_ = 0;
  uint32_t needed = static_cast<uint32_t>(vertices_.size());
  for (const EdgeProps& e : edges_) {
    if (!e.alive) continue;
    ++live_edges_;
    needed = std::max({needed, e.source + 1, e.target + 1});
  }
  if (needed > vertices_.size()) vertices_.resize(needed);
  stale_.store(true);
  Snapshot();
}

std::shared_ptr<const CsrGraph> GraphView::Snapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  if (snapshot_ && !stale_.load(std::memory_order_relaxed)) return snapshot_;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<CsrEdge> props;
  pairs.reserve(live_edges_);
  props.reserve(live_edges_);
  for (uint32_t i = 0; i < edges_.size(); ++i) {
    const EdgeProps& e = edges_[i];
    if (!e.alive) continue;
    pairs.emplace_back(e.source, e.target);
    props.push_back({i});
  }
  snapshot_ = std::make_shared<const CsrGraph>(boost::edges_are_unsorted_multi_pass, pairs.begin(),
                                               pairs.end(), props.begin(),
                                               static_cast<uint32_t>(vertices_.size()));
  snapshot_vertices_ = static_cast<uint32_t>(vertices_.size());
  stale_.store(false, std::memory_order_relaxed);
  return snapshot_;
}

void GraphView::Neighbourhood(uint32_t center, uint32_t depth, Direction direction,
                              std::vector<uint32_t>* vertices, std::vector<uint32_t>* edges) const {
  vertices->clear();
  edges->clear();
  if (vertex(center) == nullptr) return;
  const std::shared_ptr<const CsrGraph> g = Snapshot();
  std::unordered_map<uint32_t, uint32_t> dist;  // vertex → depth reached
  std::deque<uint32_t> queue;
  dist[center] = 0;
  queue.push_back(center);
  while (!queue.empty()) {
    const uint32_t v = queue.front();
    queue.pop_front();
    vertices->push_back(v);
    const uint32_t d = dist[v];
    if (d == depth) continue;
    auto visit = [&](uint32_t w) {
      if (dist.emplace(w, d + 1).second) queue.push_back(w);
    };
    if (direction != Direction::kIn) {
      for (auto e : boost::make_iterator_range(boost::out_edges(v, *g)))
        visit(boost::target(e, *g));
    }
    if (direction != Direction::kOut) {
      for (auto e : boost::make_iterator_range(boost::in_edges(v, *g))) visit(boost::source(e, *g));
    }
  }
  // The edges among the reached vertices (each once: taken from its source's out-edges).
  for (uint32_t v : *vertices) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, *g))) {
      if (dist.count(boost::target(e, *g))) edges->push_back((*g)[e].statement);
    }
  }
  std::sort(edges->begin(), edges->end());
}

uint64_t GraphView::MemoryBytes() const {
  uint64_t bytes =
      vertices_.capacity() * sizeof(VertexProps) + edges_.capacity() * sizeof(EdgeProps);
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  if (snapshot_) {
    const CsrGraph& g = *snapshot_;
    bytes += g.m_forward.m_rowstart.capacity() * sizeof(uint32_t) +
             g.m_forward.m_column.capacity() * sizeof(uint32_t) +
             g.m_forward.m_edge_properties.capacity() * sizeof(CsrEdge) +
             g.m_backward.m_rowstart.capacity() * sizeof(uint32_t) +
             g.m_backward.m_column.capacity() * sizeof(uint32_t) +
             g.m_backward.m_edge_properties.capacity() * sizeof(uint32_t);
  }
  return bytes;
}

}  // namespace kg::core
