#include "core/graph/graph_view.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kg::core {
namespace {

EdgeProps Edge(uint32_t s, uint32_t t, uint32_t support = 1) {
  EdgeProps e;
  e.source = s;
  e.target = t;
  e.support = support;
  e.alive = true;
  return e;
}

void AddVertices(GraphView* g, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) g->SetVertex(i, VertexProps{0, NodeKind::kEntity, true});
}

TEST(GraphViewTest, SnapshotHasLiveEdgesInBothDirections) {
  GraphView g;
  AddVertices(&g, 4);
  g.SetEdge(0, Edge(0, 1));
  g.SetEdge(1, Edge(1, 2));
  g.SetEdge(2, Edge(3, 1));
  auto csr = g.Snapshot();
  EXPECT_EQ(boost::num_vertices(*csr), 4u);
  EXPECT_EQ(boost::num_edges(*csr), 3u);
  EXPECT_EQ(boost::out_degree(1u, *csr), 1u);
  EXPECT_EQ(boost::in_degree(1u, *csr), 2u);
  std::vector<uint32_t> ids;
  for (auto e : boost::make_iterator_range(boost::in_edges(1u, *csr)))
    ids.push_back((*csr)[e].statement);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 2}));
}

TEST(GraphViewTest, WritesKeepTheViewInStep) {
  GraphView g;
  AddVertices(&g, 3);
  g.SetEdge(0, Edge(0, 1));
  auto before = g.Snapshot();
  g.SetEdge(5, Edge(1, 2));  // statement ids may have holes
  auto after = g.Snapshot();
  EXPECT_NE(before, after);                  // a structural write makes a new snapshot
  EXPECT_EQ(boost::num_edges(*before), 1u);  // an old snapshot stays valid and unchanged
  EXPECT_EQ(boost::num_edges(*after), 2u);
  EXPECT_EQ(g.edge_count(), 2u);
  EXPECT_EQ(g.edge(1), nullptr);

  g.SetEdge(0, Edge(0, 1, 7));  // a property-only update keeps the structure
  EXPECT_EQ(g.Snapshot(), after);
  EXPECT_EQ(g.edge(0)->support, 7u);

  g.RemoveEdge(0);
  EXPECT_EQ(g.edge(0), nullptr);
  EXPECT_EQ(g.edge_count(), 1u);
  EXPECT_EQ(boost::num_edges(*g.Snapshot()), 1u);
  g.RemoveEdge(0);  // idempotent
  EXPECT_EQ(g.edge_count(), 1u);
  g.RemoveVertex(0);
  EXPECT_EQ(g.vertex_count(), 2u);
  EXPECT_EQ(g.vertex(0), nullptr);
}

TEST(GraphViewTest, NeighbourhoodRespectsDepthAndDirection) {
  // 0 → 1 → 2 → 3, and 4 → 1
  GraphView g;
  AddVertices(&g, 6);
  g.SetEdge(0, Edge(0, 1));
  g.SetEdge(1, Edge(1, 2));
  g.SetEdge(2, Edge(2, 3));
  g.SetEdge(3, Edge(4, 1));
  std::vector<uint32_t> v, e;
  g.Neighbourhood(1, 1, Direction::kBoth, &v, &e);
  std::sort(v.begin(), v.end());
  EXPECT_EQ(v, (std::vector<uint32_t>{0, 1, 2, 4}));
  EXPECT_EQ(e, (std::vector<uint32_t>{0, 1, 3}));
  g.Neighbourhood(1, 2, Direction::kOut, &v, &e);
  EXPECT_EQ(v, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(e, (std::vector<uint32_t>{1, 2}));
  g.Neighbourhood(1, 0, Direction::kBoth, &v, &e);
  EXPECT_EQ(v, (std::vector<uint32_t>{1}));
  EXPECT_TRUE(e.empty());
  g.Neighbourhood(5, 3, Direction::kBoth, &v, &e);  // isolated vertex
  EXPECT_EQ(v, (std::vector<uint32_t>{5}));
  g.Neighbourhood(99, 3, Direction::kBoth, &v, &e);  // unknown vertex
  EXPECT_TRUE(v.empty());
}

TEST(GraphViewTest, ReportsMemory) {
  GraphView g;
  AddVertices(&g, 100);
  for (uint32_t i = 0; i < 1000; ++i) g.SetEdge(i, Edge(i % 100, (i * 7) % 100));
  g.Snapshot();
  const uint64_t bytes = g.MemoryBytes();
  EXPECT_GE(bytes, 1000 * (sizeof(EdgeProps) + 12));
  EXPECT_LE(bytes, 1000 * 120u);
}

}  // namespace
}  // namespace kg::core
