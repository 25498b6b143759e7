#include "query/engine/context.h"

#include <algorithm>
#include <chrono>
#include <mutex>

namespace kg::query {

QueryContext::QueryContext(const Database::Impl& db, const QueryOptions& options)
    : db_(db), options_(options) {
  snapshot_ = db.graph->Snapshot();
  {
    std::lock_guard lock(db.finders_mu);
    for (auto it = db.finders.begin(); it != db.finders.end(); ++it) {
      if (it->first == snapshot_) {
        finder_ = std::move(it->second);
        db.finders.erase(it);
        break;
      }
    }
  }
  if (!finder_) finder_ = std::make_unique<core::PathFinder>(*db.graph, snapshot_);
  budget_.max_expansions = options.max_expansions;
  if (options.timeout_ms > 0) {
    budget_.deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeout_ms);
  }
  budget_.cancel = options.cancel;
}

QueryContext::~QueryContext() {
  std::lock_guard lock(db_.finders_mu);
  // Finders of older snapshots will not be asked for again.
  auto& pool = db_.finders;
  pool.erase(std::remove_if(pool.begin(), pool.end(),
                            [&](const auto& f) { return f.first != snapshot_; }),
             pool.end());
  if (pool.size() < 8) pool.emplace_back(snapshot_, std::move(finder_));
}

Result<const Node*> QueryContext::GetNode(uint32_t id) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) return static_cast<const Node*>(it->second.get());
  Result<Node> n = store().GetNode(id);
  if (!n.ok()) return n.status();
  auto owned = std::make_unique<Node>(std::move(n).value());
  const Node* p = owned.get();
  nodes_.emplace(id, std::move(owned));
  return p;
}

Result<const Statement*> QueryContext::GetStatement(uint32_t id) {
  auto it = statements_.find(id);
  if (it != statements_.end()) return static_cast<const Statement*>(it->second.get());
  Result<Statement> st = store().GetStatement(id);
  if (!st.ok()) return st.status();
  auto owned = std::make_unique<Statement>(std::move(st).value());
  const Statement* p = owned.get();
  statements_.emplace(id, std::move(owned));
  return p;
}

Result<uint32_t> QueryContext::FindNode(const std::string& ext_id) {
  Result<uint64_t> id = store().FindNode(ext_id);
  if (!id.ok()) return id.status();
  return static_cast<uint32_t>(*id);
}

Result<NodeValue> QueryContext::ToNodeValue(uint32_t vertex) {
  Result<const Node*> n = GetNode(vertex);
  if (!n.ok()) return n.status();
  NodeValue v;
  v.id = (*n)->id;
  v.name = (*n)->name;
  v.type = (*n)->type;
  v.kind = (*n)->kind;
  return v;
}

Result<RelationshipValue> QueryContext::ToRelationshipValue(uint32_t edge) {
  Result<const Statement*> st = GetStatement(edge);
  if (!st.ok()) return st.status();
  const Statement& s = **st;
  RelationshipValue r;
  r.statement_id = s.id;
  r.predicate = s.predicate.lemma;
  r.subject_id = s.subject.id;
  r.object_id = s.object.id;
  r.subject_name = s.subject.name;
  r.object_name = s.object.name;
  r.qualifiers = s.qualifiers;
  r.support = s.support;
  r.confidence = s.confidence;
  return r;
}

Result<Value> QueryContext::ToValue(const Datum& d) {
  switch (d.kind()) {
    case Datum::Kind::kNull:
      return Value();
    case Datum::Kind::kBool:
      return Value::Bool(d.as_bool());
    case Datum::Kind::kInt:
      return Value::Int(d.as_int());
    case Datum::Kind::kDouble:
      return Value::Double(d.as_double());
    case Datum::Kind::kString:
      return Value::String(d.as_string());
    case Datum::Kind::kVertex: {
      Result<NodeValue> n = ToNodeValue(d.id());
      if (!n.ok()) return n.status();
      return Value::Node(std::move(n).value());
    }
    case Datum::Kind::kEdge: {
      Result<RelationshipValue> r = ToRelationshipValue(d.id());
      if (!r.ok()) return r.status();
      return Value::Relationship(std::move(r).value());
    }
    case Datum::Kind::kPath: {
      const core::Path& p = d.path();
      PathValue pv;
      for (uint32_t v : p.vertices) {
        Result<NodeValue> n = ToNodeValue(v);
        if (!n.ok()) return n.status();
        pv.nodes.push_back(std::move(n).value());
      }
      for (uint32_t e : p.edges) {
        Result<RelationshipValue> r = ToRelationshipValue(e);
        if (!r.ok()) return r.status();
        pv.relationships.push_back(std::move(r).value());
      }
      pv.forward = p.forward;
      return Value::Path(std::move(pv));
    }
    case Datum::Kind::kList: {
      std::vector<Value> items;
      items.reserve(d.list().size());
      for (const Datum& x : d.list()) {
        Result<Value> v = ToValue(x);
        if (!v.ok()) return v.status();
        items.push_back(std::move(v).value());
      }
      return Value::List(std::move(items));
    }
    case Datum::Kind::kValue:
      return d.value();
  }
  return Value();
}

}  // namespace kg::query
