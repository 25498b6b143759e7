// CONFLICTS: figures about one event that cannot all hold, and dates that cannot both hold, with
// both sides' evidence. The rules are core/model/conflicts.h; this gathers the candidates from
// the graph view and the store and shapes the rows.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/model/conflicts.h"
#include "query/engine/executor.h"
#include "query/engine/functions.h"

namespace kg::query {

namespace {

// Whether statements of this relation may report casualties, judged from its lemma alone so
// that the store is read only for candidates ("kill", "wound", "be kill in", "leave").
bool CasualtyRelation(const std::string& lemma) {
  size_t start = 0;
  while (start <= lemma.size()) {
    size_t end = lemma.find(' ', start);
    if (end == std::string::npos) end = lemma.size();
    const std::string w = lemma.substr(start, end - start);
    for (const char* c : {"kill", "die", "dead", "wound", "injure", "hurt", "leave"}) {
      if (w == c) return true;
    }
    start = end + 1;
  }
  return false;
}

// Where a claim came from.
struct Source {
  uint32_t edge;
  const kg::Statement* statement;
  size_t evidence;  // index into statement->evidence
};

// The display names behind the place keys two sides share, most used first: "Kyiv / Kiev".
std::string SharedPlaces(const std::vector<core::FigureClaim>& claims,
                         const std::vector<Source>& sources, const core::FigureConflict& c) {
  std::map<std::string, int> keys_a, keys_b;
  for (size_t i : c.a) {
    for (const std::string& k : claims[i].places) ++keys_a[k];
  }
  for (size_t i : c.b) {
    for (const std::string& k : claims[i].places) ++keys_b[k];
  }
  std::map<std::string, int> names;
  for (const std::vector<size_t>* side : {&c.a, &c.b}) {
    for (size_t i : *side) {
      for (size_t p = 0; p < claims[i].places.size(); ++p) {
        const std::string& k = claims[i].places[p];
        if (keys_a.count(k) && keys_b.count(k)) ++names[claims[i].place_names[p]];
      }
    }
  }
  std::vector<std::pair<int, std::string>> order;
  for (const auto& [name, n] : names) order.push_back({-n, name});
  std::sort(order.begin(), order.end());
  std::string out;
  for (const auto& [n, name] : order) out += (out.empty() ? "" : " / ") + name;
  if (out.empty()) out = sources[c.a.front()].statement->subject.name;
  return out;
}

}  // namespace

Status ExecuteConflicts(const BoundStatement& bound, QueryContext* ctx, QueryResult* result) {
  result->columns = bound.columns;
  const QueryStatement& ast = *bound.ast;
  const core::GraphView& g = ctx->graph();
  std::shared_ptr<const std::vector<uint32_t>> only;
  if (ast.conflicts_for) only = ast.conflicts_for->node_ids;
  auto wanted = [&](uint32_t vertex) {
    return !only || std::binary_search(only->begin(), only->end(), vertex);
  };
  // Candidates from the graph alone: edges with the same subject and relation (dates, and
  // figures about one subject), and every edge of a casualty relation (figures about one event,
  // whatever its subject).
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> groups;
  std::unordered_map<uint32_t, bool> casualty_relation;
  std::vector<uint32_t> figure_edges;
  const uint32_t edges = g.edge_capacity();
  Status limit;
  for (uint32_t e = 0; e < edges && limit.ok(); ++e) {
    limit = ctx->Tick();
    const core::EdgeProps* p = g.edge(e);
    if (p == nullptr) continue;
    auto [it, fresh] = casualty_relation.emplace(p->predicate, false);
    if (fresh) it->second = CasualtyRelation(ctx->PredicateName(p->predicate));
    if (it->second) figure_edges.push_back(e);
    if (wanted(p->source)) groups[{p->source, p->predicate}].push_back(e);
  }
  const uint64_t max_rows =
      std::min<uint64_t>(ctx->options().max_rows, ast.match.limit.value_or(UINT64_MAX));
  bool full = false;
  auto add_row = [&](std::vector<Value> row) {
    if (result->rows.size() >= max_rows) {
      full = true;
      if (!(ast.match.limit && result->rows.size() >= *ast.match.limit)) {
        limit = Status::LimitExceeded("CONFLICTS returns more than " + std::to_string(max_rows) +
                                      " rows (max_rows)");
      }
      return;
    }
    result->rows.push_back(std::move(row));
  };

  // Figures: one claim per piece of evidence of every statement with a quantity.
  std::vector<core::FigureClaim> claims;
  std::vector<Source> sources;
  std::set<uint32_t> seen;
  auto add_claims = [&](uint32_t e) -> Status {
    if (!seen.insert(e).second) return Status::OK();
    Result<const kg::Statement*> st = ctx->GetStatement(e);
    if (!st.ok()) return st.status();
    if (!(*st)->qualifiers.quantity) return Status::OK();
    for (size_t i = 0; i < (*st)->evidence.size(); ++i) {
      std::optional<core::FigureClaim> c = core::ClaimOf(**st, (*st)->evidence[i]);
      if (!c) continue;
      claims.push_back(std::move(*c));
      sources.push_back({e, *st, i});
    }
    return Status::OK();
  };
  for (uint32_t e : figure_edges) {
    if (!limit.ok()) break;
    limit = ctx->Tick();
    KG_RETURN_IF_ERROR(add_claims(e));
  }
  for (const auto& [key, members] : groups) {
    if (!limit.ok()) break;
    if (members.size() < 2) continue;
    for (uint32_t e : members) {
      limit = ctx->Tick();
      if (!limit.ok()) break;
      KG_RETURN_IF_ERROR(add_claims(e));
    }
  }
  if (limit.ok()) {
    for (const core::FigureConflict& c : core::FigureConflicts(claims)) {
      limit = ctx->Tick(c.a.size() + c.b.size());
      if (!limit.ok() || full) break;
      // CONFLICTS FOR (node): conflicts with a statement about that node on either side.
      bool about_node = !only;
      for (const std::vector<size_t>* side : {&c.a, &c.b}) {
        for (size_t i : *side) {
          const core::EdgeProps* p = g.edge(sources[i].edge);
          about_node = about_node || (p != nullptr && (wanted(p->source) || wanted(p->target)));
        }
      }
      if (!about_node) continue;
      const core::FigureClaim& first = claims[c.a.front()];
      std::vector<Value> row;
      // What the figures are about: a named event or a subject by its name, else the place.
      row.push_back(Value::String(first.named || !first.measure.casualty()
                                      ? sources[c.a.front()].statement->subject.name
                                      : SharedPlaces(claims, sources, c)));
      row.push_back(Value::String(first.measure.what));
      row.push_back(Value::String("quantity"));
      for (const std::vector<size_t>* side : {&c.a, &c.b}) {
        std::vector<Value> rels, evidence;
        std::vector<std::string> values;
        std::set<uint32_t> edges_done;
        for (size_t i : *side) {
          const Source& s = sources[i];
          if (edges_done.insert(s.edge).second) {
            Result<RelationshipValue> r = ctx->ToRelationshipValue(s.edge);
            if (!r.ok()) return r.status();
            rels.push_back(Value::Relationship(std::move(r).value()));
          }
          Quantity q = claims[i].quantity;
          q.unit = claims[i].measure.counted;
          const std::string text = FormatQuantity(q);
          if (std::find(values.begin(), values.end(), text) == values.end()) {
            values.push_back(text);
          }
          evidence.push_back(Value::EvidenceItem(
              EvidenceValue{s.statement->id, s.statement->evidence[s.evidence]}));
        }
        std::string joined;
        for (const std::string& v : values) joined += (joined.empty() ? "" : ", ") + v;
        row.push_back(Value::List(std::move(rels)));
        row.push_back(Value::String(joined));
        row.push_back(Value::List(std::move(evidence)));
      }
      add_row(std::move(row));
    }
  }

  // Dates: the same subject, relation and object on days that do not overlap.
  for (const auto& [key, members] : groups) {
    if (!limit.ok() || full) break;
    if (members.size() < 2) continue;
    std::vector<const kg::Statement*> sts;
    for (uint32_t e : members) {
      limit = ctx->Tick();
      if (!limit.ok()) break;
      Result<const kg::Statement*> st = ctx->GetStatement(e);
      if (!st.ok()) return st.status();
      sts.push_back(*st);
    }
    for (size_t i = 0; i < sts.size() && limit.ok() && !full; ++i) {
      for (size_t j = i + 1; j < sts.size() && limit.ok() && !full; ++j) {
        limit = ctx->Tick();
        if (!core::TimeConflict(*sts[i], *sts[j])) continue;
        std::vector<Value> row;
        row.push_back(Value::String(sts[i]->subject.name));
        row.push_back(Value::String(sts[i]->predicate.lemma));
        row.push_back(Value::String("time"));
        for (size_t k : {i, j}) {
          Result<RelationshipValue> r = ctx->ToRelationshipValue(members[k]);
          if (!r.ok()) return r.status();
          std::vector<Value> rels;
          rels.push_back(Value::Relationship(std::move(r).value()));
          row.push_back(Value::List(std::move(rels)));
          row.push_back(Value::String(sts[k]->qualifiers.time));
          std::vector<Value> evidence;
          for (const Evidence& ev : sts[k]->evidence) {
            evidence.push_back(Value::EvidenceItem(EvidenceValue{sts[k]->id, ev}));
          }
          row.push_back(Value::List(std::move(evidence)));
        }
        add_row(std::move(row));
      }
    }
  }
  if (!limit.ok()) {
    if (!ctx->options().partial_results) return limit;
    result->partial = true;
    result->partial_reason = limit.message();
  }
  return Status::OK();
}

}  // namespace kg::query
