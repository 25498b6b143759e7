// query::QueryContext: what one running statement works with: the store and the graph view
// (read under the Database's shared lock), a graph snapshot, the search budget (expansions,
// deadline, cancel flag), and caches of the nodes and statements read so far.
// Thread-safety: used by the one thread running the statement.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/graph/graph_view.h"
#include "core/graph/paths.h"
#include "kg/query.h"
#include "query/database_impl.h"
#include "query/engine/datum.h"

namespace kg::query {

class QueryContext {
 public:
  // REQUIRES: db.graph is loaded; the caller holds db.mu shared for the context's lifetime.
  QueryContext(const Database::Impl& db, const QueryOptions& options);
  // Gives the path finder back to the Database for the next query.
  ~QueryContext();
  QueryContext(const QueryContext&) = delete;
  QueryContext& operator=(const QueryContext&) = delete;

  const Database::Impl& db() const { return db_; }
  const storage::Store& store() const { return *db_.store; }
  const core::GraphView& graph() const { return *db_.graph; }
  const std::shared_ptr<const core::CsrGraph>& snapshot() const { return snapshot_; }
  core::PathFinder& finder() { return *finder_; }
  core::SearchBudget* budget() { return &budget_; }
  const QueryOptions& options() const { return options_; }

  // Counts `n` expansions against the budget; checks the limits every few hundred.
  Status Tick(uint64_t n = 1) {
    budget_.expansions += n;
    if (budget_.expansions - last_check_ < 256) return Status::OK();
    last_check_ = budget_.expansions;
    return budget_.Check();
  }

  // The node / statement with internal id `id`, read once per query. The pointer stays valid
  // for the context's lifetime.
  Result<const Node*> GetNode(uint32_t id);
  Result<const Statement*> GetStatement(uint32_t id);
  // Internal id of a node given by its external id ("e:4"); NotFound when none.
  Result<uint32_t> FindNode(const std::string& ext_id);

  std::string PredicateName(uint32_t predicate) const { return store().PredicateName(predicate); }
  std::string TypeName(uint16_t type) const { return store().TypeName(type); }

  // The result value of `d`: vertices, edges and paths become NodeValue, RelationshipValue and
  // PathValue (read from the store), lists convert element by element.
  Result<Value> ToValue(const Datum& d);
  Result<NodeValue> ToNodeValue(uint32_t vertex);
  Result<RelationshipValue> ToRelationshipValue(uint32_t edge);

 private:
  const Database::Impl& db_;
  QueryOptions options_;
  std::shared_ptr<const core::CsrGraph> snapshot_;
  std::unique_ptr<core::PathFinder> finder_;
  core::SearchBudget budget_;
  uint64_t last_check_ = 0;
  std::unordered_map<uint32_t, std::unique_ptr<Node>> nodes_;
  std::unordered_map<uint32_t, std::unique_ptr<Statement>> statements_;
};

}  // namespace kg::query
