// Database::Impl: what a Database holds (the store, the graph view, the lock), shared by the
// files of query/ that implement the facade (database.cc, the query engine, ...). Not installed.
// Thread-safety: `mu` guards the graph view and serialises writers; the store is thread-safe.
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/graph/graph_view.h"
#include "core/graph/paths.h"
#include "core/resolve/entity_index.h"
#include "core/util/text.h"
#include "kg/database.h"
#include "kg/nlp.h"
#include "storage/store.h"

namespace kg {

class Database::Impl {
 public:
  std::string path;
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<core::GraphView> graph;  // null when not loaded
  mutable std::shared_mutex mu;            // writers exclusive, readers shared
  // Serialises writers; taken before `mu`. An import holds it from start to end (its bulk run
  // holds copies of records no other write may change meanwhile) and `mu` only per step, so
  // readers go on between steps.
  std::mutex writer_mu;
  // Path finders idle between queries, with the snapshot each searches: their scratch space
  // is sized to the graph, so building one per query would cost more than a short search.
  // Taken and given back by query::QueryContext; guarded by finders_mu.
  mutable std::mutex finders_mu;
  mutable std::vector<std::pair<std::shared_ptr<const core::CsrGraph>,
                                std::unique_ptr<core::PathFinder>>>
      finders;

  // The analyser IngestDocuments loaded last and the models directory it came from: loading
  // the models takes most of a second, so later calls with the same directory reuse it.
  // Guarded by analyzer_mu; the Analyzer itself is immutable and shared by the workers.
  std::mutex analyzer_mu;
  std::string analyzer_dir;
  std::shared_ptr<const Analyzer> analyzer;

  // Cross-document entity resolution (query/resolution.cc). The index of the store's entities
  // is loaded on first use and kept in step with ingest and curation; writes that bypass it
  // (imports, document removal) mark it stale and the next use reloads it. resolve_mu guards
  // it and serialises resolving writers; it is always taken before mu.
  std::mutex resolve_mu;
  std::unique_ptr<core::resolve::EntityIndex> entities;
  std::atomic<bool> entities_stale{false};
  uint64_t next_log_id = 1;
  // The meta record saying every stored node has its entity-index key records; a write that
  // adds nodes without them removes it in the same batch or before.
  static constexpr const char* kEntityKeysCompleteKey = "r:keys";
  // Whether `entities` holds every entity of the store (it was built by a scan); otherwise it
  // holds those filed under the blocking keys in `entity_keys_loaded`, read from the store's
  // persistent key records (docs/resolution.md, "The persistent index").
  bool entities_complete = false;
  std::unordered_set<uint64_t> entity_keys_loaded;
  // The summary epoch (the meta record r:epoch): key records carrying a summary of another
  // epoch are not trusted, the node is read instead.
  uint64_t summary_epoch = 0;
  // Stored entities read in full (node record and context sketch) by LoadEntity: the candidates
  // whose key records carried no current summary, and the nodes curation touched.
  uint64_t entities_read = 0;

  // REQUIRES: resolve_mu held.
  Status EnsureEntityIndex();
  // Reads into the index every stored entity Resolve(doc) may consider. REQUIRES: resolve_mu
  // held, EnsureEntityIndex called.
  Status LoadCandidates(const core::resolve::DocumentEntities& doc);
  Status ReadCandidates(const core::resolve::DocumentEntities& doc);  // LoadCandidates' work
  // Reads the stored entity `id` into the index when it is not there. REQUIRES: as above.
  Status LoadEntity(const std::string& id);
  // Makes every stored summary untrusted (the next epoch), before a write that may change or
  // remove nodes without rewriting their key records. REQUIRES: writer_mu and mu held.
  Status RetireSummaries();
  // Resolves a prepared document's entities against the index ("local:N" ids in `statements`
  // become store node ids), then stores the document, its statements, the merge-log entries of
  // automatic merges and the entities' context in one write. A document the store already
  // holds with the same text is left alone (`*added` false). Adds the resolving time (wall and
  // CPU), the stored entities read in full and the automatic merges to `*report`.
  Status StoreResolved(const Document& document, const core::resolve::DocumentEntities& found,
                       std::vector<Statement>* statements, bool* added, IngestReport* report);

  void ApplyChanges(const storage::GraphChanges& changes) {
    if (!graph) return;
    for (const auto& [id, v] : changes.vertices_set) {
      graph->SetVertex(id, core::VertexProps{v.type, v.kind, true});
    }
    for (const auto& [id, e] : changes.edges_set) graph->SetEdge(id, ToEdgeProps(e));
    for (uint64_t id : changes.edges_removed) graph->RemoveEdge(id);
    for (uint64_t id : changes.vertices_removed) graph->RemoveVertex(id);
  }

  static core::EdgeProps ToEdgeProps(const storage::EdgeSummary& e) {
    core::EdgeProps p;
    p.source = static_cast<uint32_t>(e.subject);
    p.target = static_cast<uint32_t>(e.object);
    p.predicate = e.predicate;
    p.support = e.support;
    p.confidence = e.confidence;
    p.time_first = e.time_first;
    p.time_last = e.time_last;
    p.flags = e.flags;
    p.alive = true;
    return p;
  }

  // Loads the graph view from the store's summaries: vertices and the first half of the edges
  // on this thread, the second half of the edges on another (the id ranges are disjoint).
  Status LoadGraph() {
    auto g = std::make_unique<core::GraphView>();
    const storage::StoreState& st = store->state();
    if (st.next_node >= UINT32_MAX || st.next_statement >= UINT32_MAX) {
      return Status::LimitExceeded("the graph view holds at most 2^32 - 1 nodes and statements");
    }
    g->PrepareLoad(st.next_node, st.next_statement);
    auto load_edges = [&](uint64_t first, uint64_t last) {
      return store->ScanGraphEdges(first, last, [&](uint64_t id, const storage::EdgeSummary& e) {
        if (id < st.next_statement) g->LoadEdge(id, ToEdgeProps(e));
      });
    };
    const uint64_t mid = st.next_statement / 2;
    Status second_half;
    std::thread helper;
    if (mid > 0) helper = std::thread([&] { second_half = load_edges(mid, st.next_statement); });
    Status first = store->ScanGraphVertices([&](uint64_t id, const storage::VertexSummary& v) {
      if (id < st.next_node) g->LoadVertex(id, core::VertexProps{v.type, v.kind, true});
    });
    if (first.ok()) first = load_edges(0, mid > 0 ? mid : st.next_statement);
    if (helper.joinable()) helper.join();
    KG_RETURN_IF_ERROR(first);
    KG_RETURN_IF_ERROR(second_half);
    g->FinishLoad();  // counts and builds the structure, so the first query does not pay
    graph = std::move(g);
    return Status::OK();
  }

  Status Write(const storage::WriteRequest& request, ImportReport* report,
               std::vector<bool>* documents_added) {
    std::lock_guard writer(writer_mu);
    return WriteHoldingWriterLock(request, report, documents_added);
  }

  static void Count(const storage::WriteOutcome& out, ImportReport* report) {
    report->statements_new += out.statements_new;
    report->statements_merged += out.statements_merged;
    report->statements_unchanged += out.statements_unchanged;
    report->evidence_new += out.evidence_new;
    report->documents_new += out.documents_new;
  }

  // Write, for a caller that holds writer_mu.
  Status WriteHoldingWriterLock(const storage::WriteRequest& request, ImportReport* report,
                                std::vector<bool>* documents_added) {
    std::unique_lock lock(mu);
    storage::WriteOutcome out;
    KG_RETURN_IF_ERROR(store->Write(request, &out));
    ApplyChanges(out.graph);
    if (report != nullptr) Count(out, report);
    if (documents_added != nullptr) *documents_added = std::move(out.documents_added);
    return Status::OK();
  }

  // Resolves an id ("e:12") or a name to internal node ids, best first.
  Status ResolveNodes(const std::string& id_or_name, std::vector<uint64_t>* out) const {
    out->clear();
    Result<uint64_t> by_id = store->FindNode(id_or_name);
    if (by_id.ok()) {
      out->push_back(*by_id);
      return Status::OK();
    }
    if (by_id.status().code() != Status::Code::kNotFound) return by_id.status();
    Result<std::vector<uint64_t>> ids = store->LookupAlias(core::NormalizeName(id_or_name));
    if (!ids.ok()) return ids.status();
    // Best first: the node mentioned by most statements.
    std::vector<std::pair<uint64_t, uint64_t>> ranked;
    for (uint64_t id : *ids) {
      Result<Node> n = store->GetNode(id);
      if (!n.ok()) return n.status();
      uint64_t weight = 0;
      for (const Alias& a : n->aliases) weight += a.count;
      ranked.emplace_back(weight, id);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& r : ranked) out->push_back(r.second);
    return Status::OK();
  }

  // "did you mean" names for a name that matched nothing.
  std::vector<std::string> Suggest(const std::string& name) const {
    const std::string norm = core::NormalizeName(name);
    std::vector<std::pair<size_t, std::string>> scored;
    std::set<std::string> seen;
    for (size_t len : {std::min<size_t>(norm.size(), 3), std::min<size_t>(norm.size(), 1)}) {
      Result<std::vector<std::pair<std::string, uint64_t>>> cands =
          store->ScanAliases(norm.substr(0, len), 2000);
      if (!cands.ok()) break;
      for (const auto& [alias, node] : *cands) {
        if (!seen.insert(alias).second) continue;
        scored.emplace_back(EditDistance(norm, alias), alias);
      }
      if (scored.size() >= 5) break;
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (const auto& [d, alias] : scored) {
      if (out.size() == 5 || d > std::max<size_t>(2, norm.size() / 2)) break;
      out.push_back(alias);
    }
    return out;
  }

  static size_t EditDistance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t diag = row[0];
      row[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        const size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
        diag = up;
      }
    }
    return row[b.size()];
  }

  Status NotFoundWithSuggestions(const std::string& name) const {
    std::string msg = "no entity named '" + name + "'";
    const std::vector<std::string> near = Suggest(name);
    if (!near.empty()) {
      msg += "; did you mean: ";
      for (size_t i = 0; i < near.size(); ++i) msg += (i ? ", " : "") + near[i];
    }
    return Status::NotFound(msg);
  }
};

}  // namespace kg
