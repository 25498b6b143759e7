#include "query/engine/executor.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "query/engine/functions.h"
#include "query/graphml_builder.h"
#include "query/parser/parser.h"

namespace kg::query {

namespace {

// Upper bounds of hop ranges written without one.
constexpr uint32_t kDefaultMaxHops = 5;
constexpr uint32_t kDefaultShortestMaxHops = 10;

using Row = std::vector<Datum>;

Datum FromValue(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return Datum();
    case Value::Kind::kBool:
      return Datum::Bool(v.as_bool());
    case Value::Kind::kInt:
      return Datum::Int(v.as_int());
    case Value::Kind::kDouble:
      return Datum::Double(v.as_double());
    case Value::Kind::kString:
      return Datum::String(v.as_string());
    default:
      return Datum::Wrap(v);
  }
}

int KindRank(Datum::Kind k) {
  switch (k) {
    case Datum::Kind::kInt:
    case Datum::Kind::kDouble:
      return 0;
    case Datum::Kind::kString:
      return 1;
    case Datum::Kind::kBool:
      return 2;
    case Datum::Kind::kVertex:
      return 3;
    case Datum::Kind::kEdge:
      return 4;
    case Datum::Kind::kPath:
      return 5;
    case Datum::Kind::kList:
      return 6;
    case Datum::Kind::kValue:
      return 7;
    case Datum::Kind::kNull:
      return 8;
  }
  return 9;
}

// A total order for ORDER BY, min and max: numbers, strings, booleans, nodes, relationships,
// paths, lists, other values, and null last.
int Compare(const Datum& a, const Datum& b) {
  const int ra = KindRank(a.kind()), rb = KindRank(b.kind());
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.kind()) {
    case Datum::Kind::kInt:
    case Datum::Kind::kDouble:
      if (a.kind() == Datum::Kind::kInt && b.kind() == Datum::Kind::kInt) {
        return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
      }
      return a.as_double() < b.as_double() ? -1 : a.as_double() > b.as_double();
    case Datum::Kind::kString:
      return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() != b.as_string();
    case Datum::Kind::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case Datum::Kind::kVertex:
    case Datum::Kind::kEdge:
      return a.id() < b.id() ? -1 : a.id() > b.id();
    case Datum::Kind::kPath: {
      const auto& x = a.path().edges;
      const auto& y = b.path().edges;
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      return x < y ? -1 : x > y;
    }
    case Datum::Kind::kList: {
      const auto& x = a.list();
      const auto& y = b.list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        const int c = Compare(x[i], y[i]);
        if (c != 0) return c;
      }
      return x.size() < y.size() ? -1 : x.size() > y.size();
    }
    case Datum::Kind::kValue: {
      const std::string x = a.value().ToText(), y = b.value().ToText();
      return x < y ? -1 : x > y;
    }
    case Datum::Kind::kNull:
      return 0;
  }
  return 0;
}

// A string that is equal for equal values: DISTINCT and grouping keys.
void AppendKey(const Datum& d, std::string* key) {
  key->push_back(static_cast<char>('a' + static_cast<int>(d.kind())));
  switch (d.kind()) {
    case Datum::Kind::kNull:
      break;
    case Datum::Kind::kBool:
    case Datum::Kind::kInt:
    case Datum::Kind::kVertex:
    case Datum::Kind::kEdge:
      *key += std::to_string(d.as_int());
      break;
    case Datum::Kind::kDouble: {
      const double x = d.as_double();
      if (x == std::floor(x) && std::abs(x) < 1e15) {
        key->back() = 'a' + static_cast<int>(Datum::Kind::kInt);
        *key += std::to_string(static_cast<int64_t>(x));
      } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", x);
        *key += buf;
      }
      break;
    }
    case Datum::Kind::kString:
      *key += std::to_string(d.as_string().size()) + ":" + d.as_string();
      break;
    case Datum::Kind::kPath:
      for (uint32_t v : d.path().vertices) *key += std::to_string(v) + ",";
      *key += "|";
      for (uint32_t e : d.path().edges) *key += std::to_string(e) + ",";
      break;
    case Datum::Kind::kList:
      *key += "[";
      for (const Datum& x : d.list()) AppendKey(x, key);
      *key += "]";
      break;
    case Datum::Kind::kValue: {
      const std::string t = d.value().ToText();
      *key += std::to_string(t.size()) + ":" + t;
      break;
    }
  }
  key->push_back(';');
}

core::Direction Flip(core::Direction d) {
  return d == core::Direction::kOut  ? core::Direction::kIn
         : d == core::Direction::kIn ? core::Direction::kOut
                                     : d;
}

// The path walked backwards: what a leftward search found, in the pattern's order.
core::Path Reversed(const core::Path& p) {
  core::Path r;
  r.vertices.assign(p.vertices.rbegin(), p.vertices.rend());
  r.edges.assign(p.edges.rbegin(), p.edges.rend());
  for (size_t i = p.forward.size(); i-- > 0;) r.forward.push_back(!p.forward[i]);
  return r;
}

Datum EdgeList(const core::Path& p) {
  std::vector<Datum> items;
  items.reserve(p.edges.size());
  for (size_t i = 0; i < p.edges.size(); ++i) items.push_back(Datum::Edge(p.edges[i], p.forward[i]));
  return Datum::List(std::move(items));
}

// Stops the matcher without an error (LIMIT reached, the sink is full).
struct StopMatching {};

class Executor {
 public:
  Executor(const Plan& plan, std::string_view text, QueryContext* ctx, QueryResult* result)
      : plan_(plan),
        bound_(*plan.bound),
        m_(plan.bound->ast->match),
        text_(text),
        ctx_(ctx),
        result_(result) {
    row_.resize(bound_.variables.size());
    // Which slots each step finds already bound (joins across pattern parts).
    std::set<int> bound;
    for (size_t i = 0; i < plan_.steps.size(); ++i) {
      const Step& s = plan_.steps[i];
      const PatternPart& part = m_.patterns[s.part];
      to_prebound_.push_back(bound.count(part.nodes[s.to].slot) > 0);
      rel_prebound_.push_back(s.rel >= 0 && bound.count(part.rels[s.rel].slot) > 0);
      bound.insert(part.nodes[s.to].slot);
      if (s.rel >= 0) bound.insert(part.rels[s.rel].slot);
      const bool last = i + 1 == plan_.steps.size() || plan_.steps[i + 1].part != s.part;
      last_of_part_.push_back(last);
      if (last && part.path_slot >= 0) bound.insert(part.path_slot);
    }
    for (const PatternPart& part : m_.patterns) {
      for (const RelPattern& r : part.rels) {
        if (!r.variable_length) single_rel_slots_.push_back(r.slot);
      }
    }
    provenance_ = bound_.ast->kind == StatementKind::kProvenance;
  }

  Status Run() {
    result_->columns = bound_.columns;
    Status s;
    try {
      s = Match(0);
    } catch (const StopMatching&) {
      s = Status::OK();
    }
    if (!s.ok()) {
      const bool limit = s.code() == Status::Code::kLimitExceeded ||
                         s.code() == Status::Code::kCancelled;
      if (!(limit && ctx_->options().partial_results)) return s;
      result_->partial = true;
      result_->partial_reason = s.message();
    }
    if (provenance_) return Status::OK();
    return Finish();
  }

 private:
  // ------------------------------------------------------------------ matching

  bool NodeAccepts(int part, int node, uint32_t v) const {
    const core::VertexProps* props = ctx_->graph().vertex(v);
    if (props == nullptr) return false;
    const NodePattern& n = m_.patterns[part].nodes[node];
    if (!n.type_ids.empty() &&
        std::find(n.type_ids.begin(), n.type_ids.end(), props->type) == n.type_ids.end()) {
      return false;
    }
    const auto& cands = plan_.candidates[part][node];
    return !cands || std::binary_search(cands->begin(), cands->end(), v);
  }

  bool EdgeAccepts(int part, int rel, uint32_t e) {
    const core::EdgeProps* props = ctx_->graph().edge(e);
    if (props == nullptr) return false;
    const RelPattern& r = m_.patterns[part].rels[rel];
    if (!r.predicate_ids.empty() &&
        std::find(r.predicate_ids.begin(), r.predicate_ids.end(), props->predicate) ==
            r.predicate_ids.end()) {
      return false;
    }
    return EdgeConditionsHold(part, rel, e);
  }

  bool EdgeConditionsHold(int part, int rel, uint32_t e) {
    for (const EdgeCondition& c : plan_.edge_conditions) {
      if (c.part != part || c.rel != rel) continue;
      row_[c.slot] = Datum::Edge(e);
      Datum d;
      if (!Eval(*c.condition, &d).ok() || d.kind() != Datum::Kind::kBool || !d.as_bool()) {
        return false;
      }
    }
    return true;
  }

  core::EdgeFilter FilterFor(const Step& s, std::function<bool(uint32_t)>* accept) {
    const RelPattern& r = m_.patterns[s.part].rels[s.rel];
    core::EdgeFilter f;
    f.predicates = r.predicate_ids;
    f.direction = s.leftward ? Flip(r.direction) : r.direction;
    bool conditions = false;
    for (const EdgeCondition& c : plan_.edge_conditions) {
      conditions |= c.part == s.part && c.rel == s.rel;
    }
    if (conditions) {
      const int part = s.part, rel = s.rel;
      *accept = [this, part, rel](uint32_t e) { return EdgeConditionsHold(part, rel, e); };
      f.accept = accept;
    }
    return f;
  }

  // Whether edge `e` is already used by another single relationship of this match.
  bool EdgeUsed(uint32_t e, int except_slot) const {
    for (int slot : single_rel_slots_) {
      if (slot != except_slot && row_[slot].kind() == Datum::Kind::kEdge && row_[slot].id() == e) {
        return true;
      }
    }
    return false;
  }

  Status Match(size_t index) {
    if (index == plan_.steps.size()) return Emit();
    const Step& s = plan_.steps[index];
    const PatternPart& part = m_.patterns[s.part];
    const int to_slot = part.nodes[s.to].slot;
    // Binds the step's end node (or checks it when bound before) and goes on.
    auto reach = [&](uint32_t v) -> Status {
      if (to_prebound_[index]) {
        if (row_[to_slot].kind() != Datum::Kind::kVertex || row_[to_slot].id() != v) {
          return Status::OK();
        }
        if (!NodeAccepts(s.part, s.to, v)) return Status::OK();
      } else {
        if (!NodeAccepts(s.part, s.to, v)) return Status::OK();
        row_[to_slot] = Datum::Vertex(v);
      }
      return Continue(index);
    };
    switch (s.kind) {
      case Step::Kind::kScan: {
        if (to_prebound_[index]) return reach(row_[to_slot].id());
        const auto& cands = plan_.candidates[s.part][s.from];
        if (cands) {
          for (uint32_t v : *cands) {
            KG_RETURN_IF_ERROR(ctx_->Tick());
            KG_RETURN_IF_ERROR(reach(v));
          }
          return Status::OK();
        }
        const uint32_t n = ctx_->graph().vertex_capacity();
        for (uint32_t v = 0; v < n; ++v) {
          KG_RETURN_IF_ERROR(ctx_->Tick());
          if (ctx_->graph().vertex(v) == nullptr) continue;
          KG_RETURN_IF_ERROR(reach(v));
        }
        return Status::OK();
      }
      case Step::Kind::kExpand:
        return Expand(index, s, reach);
      case Step::Kind::kVarExpand:
      case Step::Kind::kPathSearch:
        return SearchPaths(index, s, reach);
    }
    return Status::OK();
  }

  template <typename Reach>
  Status Expand(size_t index, const Step& s, Reach& reach) {
    const PatternPart& part = m_.patterns[s.part];
    const RelPattern& r = part.rels[s.rel];
    const uint32_t v = row_[part.nodes[s.from].slot].id();
    const core::CsrGraph& g = *ctx_->snapshot();
    if (v >= boost::num_vertices(g)) return Status::OK();
    const core::Direction d = s.leftward ? Flip(r.direction) : r.direction;
    auto visit = [&](uint32_t e, uint32_t other, bool walked_forward) -> Status {
      KG_RETURN_IF_ERROR(ctx_->Tick());
      if (!EdgeAccepts(s.part, s.rel, e)) return Status::OK();
      if (rel_prebound_[index]) {
        if (row_[r.slot].kind() != Datum::Kind::kEdge || row_[r.slot].id() != e) {
          return Status::OK();
        }
      } else if (EdgeUsed(e, r.slot)) {
        return Status::OK();
      }
      // `forward` is in the pattern's left-to-right order.
      Datum saved;
      if (rel_prebound_[index]) saved = row_[r.slot];
      row_[r.slot] = Datum::Edge(e, s.leftward ? !walked_forward : walked_forward);
      Status st = reach(other);
      row_[r.slot] = rel_prebound_[index] ? saved : Datum();
      return st;
    };
    if (d != core::Direction::kIn) {
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
        KG_RETURN_IF_ERROR(visit(g[e].statement, static_cast<uint32_t>(boost::target(e, g)), true));
      }
    }
    if (d != core::Direction::kOut) {
      for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
        const uint32_t src = static_cast<uint32_t>(boost::source(e, g));
        if (d == core::Direction::kBoth && src == v) continue;  // a loop was seen going out
        KG_RETURN_IF_ERROR(visit(g[e].statement, src, false));
      }
    }
    return Status::OK();
  }

  template <typename Reach>
  Status SearchPaths(size_t index, const Step& s, Reach& reach) {
    const PatternPart& part = m_.patterns[s.part];
    const RelPattern& r = part.rels[s.rel];
    const uint32_t v = row_[part.nodes[s.from].slot].id();
    std::function<bool(uint32_t)> accept;
    const core::EdgeFilter filter = FilterFor(s, &accept);
    auto bind = [&](const core::Path& found) -> Status {
      const core::Path p = s.leftward ? Reversed(found) : found;
      row_[r.slot] = EdgeList(p);
      Status st = reach(found.vertices.back());
      row_[r.slot] = Datum();
      return st;
    };
    // Where the walk must end, when known: a bound node or named candidates.
    std::vector<uint32_t> targets;
    const int to_slot = part.nodes[s.to].slot;
    if (to_prebound_[index]) {
      targets.push_back(row_[to_slot].id());
    } else if (plan_.candidates[s.part][s.to]) {
      targets = *plan_.candidates[s.part][s.to];
    }
    if (s.kind == Step::Kind::kVarExpand) {
      const uint32_t max_hops = r.max_hops.value_or(std::max(kDefaultMaxHops, r.min_hops));
      std::optional<uint32_t> target;
      if (targets.size() == 1) target = targets[0];
      Status inner;
      Status st = ctx_->finder().Expand(
          v, target, filter, r.min_hops, max_hops, ctx_->budget(), [&](const core::Path& p) {
            inner = bind(p);
            return inner.ok();
          });
      KG_RETURN_IF_ERROR(inner);
      return st;
    }
    const uint32_t max_hops = r.max_hops.value_or(kDefaultShortestMaxHops);
    for (uint32_t t : targets) {
      if (t == v && r.min_hops > 0) continue;
      std::vector<core::Path> paths;
      switch (part.selector) {
        case PathSelector::kShortest: {
          Result<std::optional<core::Path>> p =
              ctx_->finder().Shortest(v, t, filter, max_hops, ctx_->budget());
          if (!p.ok()) return p.status();
          if (p->has_value()) paths.push_back(std::move(**p));
          break;
        }
        case PathSelector::kAllShortest: {
          bool truncated = false;
          const size_t limit = static_cast<size_t>(
              std::min<uint64_t>(ctx_->options().max_rows, 1000000)) + 1;
          KG_RETURN_IF_ERROR(ctx_->finder().AllShortest(v, t, filter, max_hops, limit,
                                                        ctx_->budget(), &paths, &truncated));
          break;
        }
        case PathSelector::kKShortest:
          KG_RETURN_IF_ERROR(ctx_->finder().KShortest(v, t, part.k, filter, max_hops,
                                                      ctx_->budget(), &paths));
          break;
        case PathSelector::kNone:
          break;
      }
      for (const core::Path& p : paths) KG_RETURN_IF_ERROR(bind(p));
    }
    return Status::OK();
  }

  // After step `index` bound its variables: the part's path, the filters, the next step.
  Status Continue(size_t index) {
    const Step& s = plan_.steps[index];
    const PatternPart& part = m_.patterns[s.part];
    if (last_of_part_[index] && part.path_slot >= 0) row_[part.path_slot] = BuildPath(part);
    for (int f : s.filters) {
      Datum d;
      KG_RETURN_IF_ERROR(Eval(*plan_.conjuncts[f], &d));
      if (d.kind() != Datum::Kind::kBool || !d.as_bool()) return Status::OK();
    }
    return Match(index + 1);
  }

  Datum BuildPath(const PatternPart& part) {
    auto p = std::make_shared<core::Path>();
    uint32_t at = row_[part.nodes[0].slot].id();
    p->vertices.push_back(at);
    for (size_t i = 0; i < part.rels.size(); ++i) {
      const Datum& r = row_[part.rels[i].slot];
      std::vector<Datum> one;
      const std::vector<Datum>* edges = &one;
      if (r.kind() == Datum::Kind::kEdge) {
        one.push_back(r);
      } else if (r.kind() == Datum::Kind::kList) {
        edges = &r.list();
      }
      for (const Datum& e : *edges) {
        const core::EdgeProps* props = ctx_->graph().edge(e.id());
        if (props == nullptr) continue;
        at = e.forward() ? props->target : props->source;
        p->edges.push_back(e.id());
        p->forward.push_back(e.forward());
        p->vertices.push_back(at);
      }
    }
    return Datum::Path(std::move(p));
  }

  // ------------------------------------------------------------------ rows

  struct OutRow {
    std::vector<Datum> values;
    std::vector<Datum> keys;  // ORDER BY keys
  };

  Status Emit() {
    if (provenance_) return EmitEvidence();
    OutRow out;
    if (bound_.aggregating) return Accumulate();
    for (const ReturnItem& item : m_.items) {
      Datum d;
      KG_RETURN_IF_ERROR(Eval(*item.expr, &d));
      out.values.push_back(std::move(d));
    }
    for (size_t i = 0; i < m_.order.size(); ++i) {
      const int column = bound_.order_columns[i];
      if (column >= 0) {
        out.keys.push_back(out.values[column]);
      } else {
        Datum d;
        KG_RETURN_IF_ERROR(Eval(*m_.order[i].expr, &d));
        out.keys.push_back(std::move(d));
      }
    }
    if (m_.distinct) {
      std::string key;
      for (const Datum& d : out.values) AppendKey(d, &key);
      if (!seen_.insert(std::move(key)).second) return Status::OK();
    }
    rows_.push_back(std::move(out));
    return CheckRowCount();
  }

  Status CheckRowCount() {
    const uint64_t n = rows_.size();
    if (plan_.row_goal && n >= plan_.row_goal) throw StopMatching();
    const uint64_t max_rows = ctx_->options().max_rows;
    const bool sorting = !m_.order.empty() || bound_.aggregating;
    const uint64_t skip = m_.skip.value_or(0);
    if (!sorting && n > skip + max_rows) {
      rows_.pop_back();
      return Status::LimitExceeded("the query returns more than " + std::to_string(max_rows) +
                                   " rows (max_rows); add LIMIT or narrow the pattern");
    }
    if (sorting && n > std::max<uint64_t>(max_rows * 10, 100000)) {
      return Status::LimitExceeded("more than " + std::to_string(n - 1) +
                                   " rows to sort or group (10 x max_rows); narrow the pattern");
    }
    return Status::OK();
  }

  struct Group {
    Row first;  // the group's first row: what its non-aggregate expressions are computed on
    std::vector<int64_t> counts;
    std::vector<double> sums;
    std::vector<bool> all_ints;
    std::vector<Datum> extremes;  // min / max so far
    std::vector<std::vector<Datum>> collected;
    std::vector<std::unordered_set<std::string>> distinct;
  };

  void CollectAggregates(const Expr* e) {
    if (e->aggregate) {
      aggregates_.push_back(e);
      return;
    }
    for (const auto& a : e->args) CollectAggregates(a.get());
  }

  Group NewGroup() {
    Group g;
    g.first = row_;
    const size_t n = aggregates_.size();
    g.counts.assign(n, 0);
    g.sums.assign(n, 0);
    g.all_ints.assign(n, true);
    g.extremes.assign(n, Datum());
    g.collected.resize(n);
    g.distinct.resize(n);
    return g;
  }

  Status Accumulate() {
    if (aggregates_.empty()) {
      for (const ReturnItem& item : m_.items) CollectAggregates(item.expr.get());
    }
    std::string key;
    bool keyed = false;
    for (const ReturnItem& item : m_.items) {
      if (ContainsAggregate(*item.expr)) continue;
      keyed = true;
      Datum d;
      KG_RETURN_IF_ERROR(Eval(*item.expr, &d));
      AppendKey(d, &key);
    }
    // Without grouping keys every row goes to the one group: no hashing per row.
    auto [it, fresh] = keyed ? group_index_.emplace(key, groups_.size())
                             : std::make_pair(group_index_.begin(), groups_.empty());
    const size_t index = keyed ? it->second : 0;
    if (fresh) {
      groups_.push_back(NewGroup());
      if (groups_.size() > std::max<uint64_t>(ctx_->options().max_rows * 10, 100000)) {
        return Status::LimitExceeded("more than " + std::to_string(groups_.size() - 1) +
                                     " groups (10 x max_rows); narrow the pattern");
      }
    }
    Group& g = groups_[index];
    for (size_t i = 0; i < aggregates_.size(); ++i) {
      const Expr& a = *aggregates_[i];
      if (a.star) {
        ++g.counts[i];
        continue;
      }
      Datum d;
      KG_RETURN_IF_ERROR(Eval(*a.args[0], &d));
      if (d.is_null()) continue;
      if (a.distinct) {
        std::string k;
        AppendKey(d, &k);
        if (!g.distinct[i].insert(std::move(k)).second) continue;
      }
      ++g.counts[i];
      if (a.name == "collect") {
        g.collected[i].push_back(d);
      } else if (a.name == "sum" || a.name == "avg") {
        if (!d.is_number()) {
          return RuntimeError(a, a.name + "() adds numbers; got a value that is not one");
        }
        g.sums[i] += d.as_double();
        g.all_ints[i] = g.all_ints[i] && d.kind() == Datum::Kind::kInt;
      } else if (a.name == "min" || a.name == "max") {
        const int c = g.extremes[i].is_null() ? 0 : Compare(d, g.extremes[i]);
        if (g.extremes[i].is_null() || (a.name == "min" ? c < 0 : c > 0)) g.extremes[i] = d;
      }
    }
    return Status::OK();
  }

  static bool ContainsAggregate(const Expr& e) {
    if (e.aggregate) return true;
    for (const auto& a : e.args) {
      if (ContainsAggregate(*a)) return true;
    }
    return false;
  }

  Status FinishGroups() {
    if (aggregates_.empty()) {
      for (const ReturnItem& item : m_.items) CollectAggregates(item.expr.get());
    }
    bool keyed = false;
    for (const ReturnItem& item : m_.items) keyed |= !ContainsAggregate(*item.expr);
    if (groups_.empty() && !keyed) {
      std::fill(row_.begin(), row_.end(), Datum());
      groups_.push_back(NewGroup());
    }
    for (Group& g : groups_) {
      for (size_t i = 0; i < aggregates_.size(); ++i) {
        const Expr& a = *aggregates_[i];
        Datum v;
        if (a.name == "count") {
          v = Datum::Int(g.counts[i]);
        } else if (a.name == "collect") {
          v = Datum::List(std::move(g.collected[i]));
        } else if (a.name == "sum") {
          v = g.all_ints[i] ? Datum::Int(static_cast<int64_t>(g.sums[i])) : Datum::Double(g.sums[i]);
        } else if (a.name == "avg") {
          if (g.counts[i] > 0) v = Datum::Double(g.sums[i] / static_cast<double>(g.counts[i]));
        } else {
          v = g.extremes[i];
        }
        aggregate_values_[&a] = v;
      }
      row_ = g.first;
      OutRow out;
      for (const ReturnItem& item : m_.items) {
        Datum d;
        KG_RETURN_IF_ERROR(Eval(*item.expr, &d));
        out.values.push_back(std::move(d));
      }
      for (size_t i = 0; i < m_.order.size(); ++i) out.keys.push_back(out.values[bound_.order_columns[i]]);
      if (m_.distinct) {
        std::string key;
        for (const Datum& d : out.values) AppendKey(d, &key);
        if (!seen_.insert(std::move(key)).second) continue;
      }
      rows_.push_back(std::move(out));
    }
    aggregate_values_.clear();
    return Status::OK();
  }

  Status Finish() {
    if (bound_.aggregating) KG_RETURN_IF_ERROR(FinishGroups());
    if (!m_.order.empty()) {
      std::stable_sort(rows_.begin(), rows_.end(), [&](const OutRow& a, const OutRow& b) {
        for (size_t i = 0; i < m_.order.size(); ++i) {
          const int c = Compare(a.keys[i], b.keys[i]);
          if (c != 0) return m_.order[i].descending ? c > 0 : c < 0;
        }
        return false;
      });
    }
    const uint64_t skip = std::min<uint64_t>(m_.skip.value_or(0), rows_.size());
    uint64_t end = rows_.size();
    if (m_.limit) end = std::min<uint64_t>(end, skip + *m_.limit);
    const uint64_t max_rows = ctx_->options().max_rows;
    if (end - skip > max_rows) {
      if (!ctx_->options().partial_results) {
        return Status::LimitExceeded("the query returns " + std::to_string(end - skip) +
                                     " rows, more than max_rows (" + std::to_string(max_rows) +
                                     "); add LIMIT or narrow the pattern");
      }
      end = skip + max_rows;
      result_->partial = true;
      result_->partial_reason = "row limit of " + std::to_string(max_rows) + " (max_rows)";
    }
    std::vector<Datum> exported;
    for (uint64_t i = skip; i < end; ++i) {
      std::vector<Value> values;
      for (const Datum& d : rows_[i].values) {
        Result<Value> v = ctx_->ToValue(d);
        if (!v.ok()) return v.status();
        values.push_back(std::move(v).value());
        if (m_.export_graphml) exported.push_back(d);
      }
      result_->rows.push_back(std::move(values));
    }
    if (m_.export_graphml) return Export(exported);
    return Status::OK();
  }

  // ------------------------------------------------------------------ PROVENANCE

  Status EmitEvidence() {
    const PatternPart& part = m_.patterns[0];
    for (const RelPattern& r : part.rels) {
      const Datum& d = row_[r.slot];
      std::vector<uint32_t> edges;
      if (d.kind() == Datum::Kind::kEdge) edges.push_back(d.id());
      if (d.kind() == Datum::Kind::kList) {
        for (const Datum& e : d.list()) edges.push_back(e.id());
      }
      for (uint32_t e : edges) {
        if (!provenance_seen_.insert(e).second) continue;
        Result<const kg::Statement*> st = ctx_->GetStatement(e);
        if (!st.ok()) return st.status();
        const kg::Statement& s = **st;
        for (const Evidence& ev : s.evidence) {
          if (m_.limit && result_->rows.size() >= *m_.limit) throw StopMatching();
          if (result_->rows.size() >= ctx_->options().max_rows) {
            return Status::LimitExceeded("PROVENANCE returns more than " +
                                         std::to_string(ctx_->options().max_rows) +
                                         " rows (max_rows); add LIMIT");
          }
          auto opt = [](const std::string& s) { return s.empty() ? Value() : Value::String(s); };
          result_->rows.push_back(
              {Value::String(s.subject.name), Value::String(s.predicate.lemma),
               Value::String(s.object.name), Value::String(ev.doc), opt(ev.source),
               opt(ev.published), Value::String(ev.sentence),
               Value::String(std::to_string(ev.begin) + "-" + std::to_string(ev.end)),
               Value::String(ev.rule),
               ev.confidence ? Value::Double(*ev.confidence) : Value()});
        }
      }
    }
    return Status::OK();
  }

  // ------------------------------------------------------------------ EXPORT GRAPHML

  void Gather(const Datum& d, std::vector<uint32_t>* vertices, std::vector<uint32_t>* edges) {
    switch (d.kind()) {
      case Datum::Kind::kVertex:
        vertices->push_back(d.id());
        break;
      case Datum::Kind::kEdge:
        edges->push_back(d.id());
        break;
      case Datum::Kind::kPath:
        vertices->insert(vertices->end(), d.path().vertices.begin(), d.path().vertices.end());
        edges->insert(edges->end(), d.path().edges.begin(), d.path().edges.end());
        break;
      case Datum::Kind::kList:
        for (const Datum& x : d.list()) Gather(x, vertices, edges);
        break;
      default:
        break;
    }
  }

  Status Export(const std::vector<Datum>& data) {
    std::vector<uint32_t> vertices, edges;
    for (const Datum& d : data) Gather(d, &vertices, &edges);
    GraphmlBuilder builder;
    std::set<uint32_t> seen_vertices, seen_edges;
    for (uint32_t v : vertices) {
      if (!seen_vertices.insert(v).second) continue;
      Result<const Node*> n = ctx_->GetNode(v);
      if (!n.ok()) return n.status();
      builder.NodeIndex(**n);
    }
    for (uint32_t e : edges) {
      if (!seen_edges.insert(e).second) continue;
      Result<const kg::Statement*> st = ctx_->GetStatement(e);
      if (!st.ok()) return st.status();
      builder.Add(**st);
      const core::EdgeProps* p = ctx_->graph().edge(e);
      if (p != nullptr) {
        seen_vertices.insert(p->source);
        seen_vertices.insert(p->target);
      }
    }
    const std::string& file = *m_.export_graphml;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) {
      return LocatedError(Status::Code::kIOError, text_, m_.export_loc,
                          "cannot write '" + file + "'");
    }
    KG_RETURN_IF_ERROR(builder.Write(out));
    out.close();
    if (!out) return Status::IOError("write failed for '" + file + "'");
    result_->message = "wrote " + std::to_string(seen_vertices.size()) + " nodes and " +
                       std::to_string(seen_edges.size()) + " edges to " + file;
    return Status::OK();
  }

  // ------------------------------------------------------------------ expressions

  Status RuntimeError(const Expr& e, const std::string& message) {
    return LocatedError(Status::Code::kInvalidArgument, text_, e.loc, message);
  }

  // Three-valued equality: null when either side is null.
  Datum Equal(const Datum& a, const Datum& b) {
    if (a.is_null() || b.is_null()) return Datum();
    if (a.is_number() && b.is_number()) {
      if (a.kind() == Datum::Kind::kInt && b.kind() == Datum::Kind::kInt) {
        return Datum::Bool(a.as_int() == b.as_int());
      }
      return Datum::Bool(a.as_double() == b.as_double());
    }
    // A node equals a string that is its name.
    if (a.kind() == Datum::Kind::kVertex && b.kind() == Datum::Kind::kString) {
      Result<const Node*> n = ctx_->GetNode(a.id());
      return Datum::Bool(n.ok() && (*n)->name == b.as_string());
    }
    if (b.kind() == Datum::Kind::kVertex && a.kind() == Datum::Kind::kString) return Equal(b, a);
    if (a.kind() != b.kind()) return Datum::Bool(false);
    if (a.kind() == Datum::Kind::kList) {
      if (a.list().size() != b.list().size()) return Datum::Bool(false);
      bool unknown = false;
      for (size_t i = 0; i < a.list().size(); ++i) {
        const Datum e = Equal(a.list()[i], b.list()[i]);
        if (e.is_null()) {
          unknown = true;
        } else if (!e.as_bool()) {
          return Datum::Bool(false);
        }
      }
      return unknown ? Datum() : Datum::Bool(true);
    }
    return Datum::Bool(Compare(a, b) == 0);
  }

  Status Eval(const Expr& e, Datum* out) {
    switch (e.kind) {
      case ExprKind::kLiteral:
        *out = FromValue(e.literal);
        return Status::OK();
      case ExprKind::kVariable:
        *out = row_[e.slot];
        return Status::OK();
      case ExprKind::kProperty: {
        Datum base;
        KG_RETURN_IF_ERROR(Eval(*e.args[0], &base));
        Status s = GetProperty(base, e.name, ctx_, out);
        if (s.code() == Status::Code::kInvalidArgument) return RuntimeError(e, s.message());
        return s;
      }
      case ExprKind::kIndex: {
        Datum list, index;
        KG_RETURN_IF_ERROR(Eval(*e.args[0], &list));
        KG_RETURN_IF_ERROR(Eval(*e.args[1], &index));
        *out = Datum();
        if (list.is_null() || index.is_null()) return Status::OK();
        if (list.kind() != Datum::Kind::kList || index.kind() != Datum::Kind::kInt) {
          return RuntimeError(e, "only a list can be indexed, by an integer");
        }
        int64_t i = index.as_int();
        const int64_t n = static_cast<int64_t>(list.list().size());
        if (i < 0) i += n;
        if (i >= 0 && i < n) *out = list.list()[static_cast<size_t>(i)];
        return Status::OK();
      }
      case ExprKind::kFunction: {
        if (e.aggregate) {
          auto it = aggregate_values_.find(&e);
          *out = it == aggregate_values_.end() ? Datum() : it->second;
          return Status::OK();
        }
        std::vector<Datum> args(e.args.size());
        for (size_t i = 0; i < e.args.size(); ++i) KG_RETURN_IF_ERROR(Eval(*e.args[i], &args[i]));
        Status s = CallFunction(e.function, args, ctx_, out);
        if (s.code() == Status::Code::kInvalidArgument) return RuntimeError(e, s.message());
        return s;
      }
      case ExprKind::kNot: {
        Datum a;
        KG_RETURN_IF_ERROR(Eval(*e.args[0], &a));
        if (a.is_null()) {
          *out = Datum();
        } else if (a.kind() != Datum::Kind::kBool) {
          return RuntimeError(e, "NOT needs a boolean");
        } else {
          *out = Datum::Bool(!a.as_bool());
        }
        return Status::OK();
      }
      case ExprKind::kNegate: {
        Datum a;
        KG_RETURN_IF_ERROR(Eval(*e.args[0], &a));
        if (a.is_null()) {
          *out = Datum();
        } else if (a.kind() == Datum::Kind::kInt) {
          *out = Datum::Int(-a.as_int());
        } else if (a.kind() == Datum::Kind::kDouble) {
          *out = Datum::Double(-a.as_double());
        } else {
          return RuntimeError(e, "cannot negate a value that is not a number");
        }
        return Status::OK();
      }
      case ExprKind::kIsNull: {
        Datum a;
        KG_RETURN_IF_ERROR(Eval(*e.args[0], &a));
        *out = Datum::Bool(a.is_null() != e.negated);
        return Status::OK();
      }
      case ExprKind::kList: {
        std::vector<Datum> items(e.args.size());
        for (size_t i = 0; i < e.args.size(); ++i) KG_RETURN_IF_ERROR(Eval(*e.args[i], &items[i]));
        *out = Datum::List(std::move(items));
        return Status::OK();
      }
      case ExprKind::kQuantifier:
        return EvalQuantifier(e, out);
      case ExprKind::kNameMatch: {
        Datum a;
        KG_RETURN_IF_ERROR(Eval(*e.args[0], &a));
        if (a.is_null()) {
          *out = Datum();
        } else {
          *out = Datum::Bool(a.kind() == Datum::Kind::kVertex &&
                             std::binary_search(e.node_ids->begin(), e.node_ids->end(), a.id()));
        }
        return Status::OK();
      }
      case ExprKind::kBinary:
        return EvalBinary(e, out);
    }
    return Status::OK();
  }

  Status EvalQuantifier(const Expr& e, Datum* out) {
    Datum list;
    KG_RETURN_IF_ERROR(Eval(*e.args[0], &list));
    *out = Datum();
    if (list.is_null()) return Status::OK();
    if (list.kind() != Datum::Kind::kList) return RuntimeError(e, "a quantifier needs a list");
    const Datum saved = row_[e.slot];
    size_t trues = 0;
    bool unknown = false;
    for (const Datum& item : list.list()) {
      row_[e.slot] = item;
      Datum c;
      Status s = Eval(*e.args[1], &c);
      if (!s.ok()) {
        row_[e.slot] = saved;
        return s;
      }
      if (c.is_null()) {
        unknown = true;
      } else if (c.kind() == Datum::Kind::kBool && c.as_bool()) {
        ++trues;
        if (e.quantifier == Quantifier::kAny || e.quantifier == Quantifier::kNone) break;
      } else if (e.quantifier == Quantifier::kAll) {
        row_[e.slot] = saved;
        *out = Datum::Bool(false);
        return Status::OK();
      }
    }
    row_[e.slot] = saved;
    const size_t n = list.list().size();
    switch (e.quantifier) {
      case Quantifier::kAll:
        *out = unknown ? Datum() : Datum::Bool(trues == n);
        break;
      case Quantifier::kAny:
        *out = trues > 0 ? Datum::Bool(true) : unknown ? Datum() : Datum::Bool(false);
        break;
      case Quantifier::kNone:
        *out = trues > 0 ? Datum::Bool(false) : unknown ? Datum() : Datum::Bool(true);
        break;
      case Quantifier::kSingle:
        *out = unknown ? Datum() : Datum::Bool(trues == 1);
        break;
    }
    return Status::OK();
  }

  Status EvalBinary(const Expr& e, Datum* out) {
    Datum a;
    KG_RETURN_IF_ERROR(Eval(*e.args[0], &a));
    *out = Datum();
    // AND / OR short-circuit with three-valued logic.
    if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr || e.op == BinaryOp::kXor) {
      auto truth = [&](const Datum& d) -> Status {
        if (!d.is_null() && d.kind() != Datum::Kind::kBool) {
          return RuntimeError(e, "AND, OR and XOR need booleans");
        }
        return Status::OK();
      };
      KG_RETURN_IF_ERROR(truth(a));
      if (e.op == BinaryOp::kAnd && !a.is_null() && !a.as_bool()) {
        *out = Datum::Bool(false);
        return Status::OK();
      }
      if (e.op == BinaryOp::kOr && !a.is_null() && a.as_bool()) {
        *out = Datum::Bool(true);
        return Status::OK();
      }
      Datum b;
      KG_RETURN_IF_ERROR(Eval(*e.args[1], &b));
      KG_RETURN_IF_ERROR(truth(b));
      if (e.op == BinaryOp::kXor) {
        if (!a.is_null() && !b.is_null()) *out = Datum::Bool(a.as_bool() != b.as_bool());
        return Status::OK();
      }
      if (b.is_null()) return Status::OK();
      if (e.op == BinaryOp::kAnd && !b.as_bool()) *out = Datum::Bool(false);
      if (e.op == BinaryOp::kOr && b.as_bool()) *out = Datum::Bool(true);
      if (!a.is_null()) *out = Datum::Bool(b.as_bool());
      return Status::OK();
    }
    Datum b;
    KG_RETURN_IF_ERROR(Eval(*e.args[1], &b));
    switch (e.op) {
      case BinaryOp::kEq:
        *out = Equal(a, b);
        return Status::OK();
      case BinaryOp::kNe: {
        const Datum eq = Equal(a, b);
        if (!eq.is_null()) *out = Datum::Bool(!eq.as_bool());
        return Status::OK();
      }
      case BinaryOp::kLt:
      case BinaryOp::kLe:
      case BinaryOp::kGt:
      case BinaryOp::kGe: {
        if (a.is_null() || b.is_null()) return Status::OK();
        const bool comparable = (a.is_number() && b.is_number()) || a.kind() == b.kind();
        if (!comparable) return Status::OK();
        const int c = Compare(a, b);
        const bool r = e.op == BinaryOp::kLt   ? c < 0
                       : e.op == BinaryOp::kLe ? c <= 0
                       : e.op == BinaryOp::kGt ? c > 0
                                               : c >= 0;
        *out = Datum::Bool(r);
        return Status::OK();
      }
      case BinaryOp::kIn: {
        if (b.is_null()) return Status::OK();
        if (b.kind() != Datum::Kind::kList) return RuntimeError(e, "IN needs a list");
        if (a.is_null()) return Status::OK();
        bool unknown = false;
        for (const Datum& item : b.list()) {
          const Datum eq = Equal(a, item);
          if (eq.is_null()) {
            unknown = true;
          } else if (eq.as_bool()) {
            *out = Datum::Bool(true);
            return Status::OK();
          }
        }
        if (!unknown) *out = Datum::Bool(false);
        return Status::OK();
      }
      case BinaryOp::kStartsWith:
      case BinaryOp::kEndsWith:
      case BinaryOp::kContains: {
        if (a.is_null() || b.is_null()) return Status::OK();
        if (a.kind() != Datum::Kind::kString || b.kind() != Datum::Kind::kString) {
          return RuntimeError(e, "STARTS WITH, ENDS WITH and CONTAINS compare strings");
        }
        const std::string& x = a.as_string();
        const std::string& y = b.as_string();
        bool r = false;
        if (e.op == BinaryOp::kStartsWith) r = x.compare(0, y.size(), y) == 0;
        if (e.op == BinaryOp::kEndsWith) {
          r = x.size() >= y.size() && x.compare(x.size() - y.size(), y.size(), y) == 0;
        }
        if (e.op == BinaryOp::kContains) r = x.find(y) != std::string::npos;
        *out = Datum::Bool(r);
        return Status::OK();
      }
      default:
        break;
    }
    // Arithmetic; + also joins strings and lists.
    if (a.is_null() || b.is_null()) return Status::OK();
    if (e.op == BinaryOp::kAdd) {
      if (a.kind() == Datum::Kind::kString && b.kind() == Datum::Kind::kString) {
        *out = Datum::String(a.as_string() + b.as_string());
        return Status::OK();
      }
      if (a.kind() == Datum::Kind::kList || b.kind() == Datum::Kind::kList) {
        std::vector<Datum> items;
        for (const Datum* d : {&a, &b}) {
          if (d->kind() == Datum::Kind::kList) {
            items.insert(items.end(), d->list().begin(), d->list().end());
          } else {
            items.push_back(*d);
          }
        }
        *out = Datum::List(std::move(items));
        return Status::OK();
      }
    }
    if (!a.is_number() || !b.is_number()) return RuntimeError(e, "arithmetic needs numbers");
    if (a.kind() == Datum::Kind::kInt && b.kind() == Datum::Kind::kInt) {
      const int64_t x = a.as_int(), y = b.as_int();
      int64_t r = 0;
      switch (e.op) {
        case BinaryOp::kAdd:
          if (__builtin_add_overflow(x, y, &r)) return RuntimeError(e, "integer overflow");
          break;
        case BinaryOp::kSub:
          if (__builtin_sub_overflow(x, y, &r)) return RuntimeError(e, "integer overflow");
          break;
        case BinaryOp::kMul:
          if (__builtin_mul_overflow(x, y, &r)) return RuntimeError(e, "integer overflow");
          break;
        case BinaryOp::kDiv:
        case BinaryOp::kMod:
          if (y == 0) return RuntimeError(e, "division by zero");
          if (x == INT64_MIN && y == -1) return RuntimeError(e, "integer overflow");
          r = e.op == BinaryOp::kDiv ? x / y : x % y;
          break;
        default:
          break;
      }
      *out = Datum::Int(r);
      return Status::OK();
    }
    const double x = a.as_double(), y = b.as_double();
    double r = 0;
    switch (e.op) {
      case BinaryOp::kAdd:
        r = x + y;
        break;
      case BinaryOp::kSub:
        r = x - y;
        break;
      case BinaryOp::kMul:
        r = x * y;
        break;
      case BinaryOp::kDiv:
        if (y == 0) return RuntimeError(e, "division by zero");
        r = x / y;
        break;
      case BinaryOp::kMod:
        if (y == 0) return RuntimeError(e, "division by zero");
        r = std::fmod(x, y);
        break;
      default:
        break;
    }
    *out = Datum::Double(r);
    return Status::OK();
  }

  const Plan& plan_;
  const BoundStatement& bound_;
  const MatchStatement& m_;
  std::string_view text_;
  QueryContext* ctx_;
  QueryResult* result_;
  bool provenance_ = false;
  Row row_;
  std::vector<bool> to_prebound_, rel_prebound_, last_of_part_;
  std::vector<int> single_rel_slots_;
  std::vector<OutRow> rows_;
  std::unordered_set<std::string> seen_;
  std::vector<const Expr*> aggregates_;
  std::unordered_map<std::string, size_t> group_index_;
  std::vector<Group> groups_;
  std::unordered_map<const Expr*, Datum> aggregate_values_;
  std::unordered_set<uint32_t> provenance_seen_;
};

}  // namespace

Status ExecutePlan(const Plan& plan, std::string_view text, QueryContext* ctx,
                   QueryResult* result) {
  Executor executor(plan, text, ctx, result);
  return executor.Run();
}

}  // namespace kg::query
