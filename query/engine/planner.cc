#include "query/engine/planner.h"

#include <algorithm>
#include <functional>
#include <set>

#include "query/parser/parser.h"

namespace kg::query {

namespace {

void SplitConjuncts(const Expr* e, std::vector<const Expr*>* out) {
  if (e->kind == ExprKind::kBinary && e->op == BinaryOp::kAnd) {
    SplitConjuncts(e->args[0].get(), out);
    SplitConjuncts(e->args[1].get(), out);
  } else {
    out->push_back(e);
  }
}

// Slots an expression reads (a quantifier's own variable excluded).
void SlotsOf(const Expr* e, std::set<int>* slots, std::set<int>* own) {
  if (e->kind == ExprKind::kVariable && !own->count(e->slot)) slots->insert(e->slot);
  if (e->kind == ExprKind::kQuantifier) {
    SlotsOf(e->args[0].get(), slots, own);
    own->insert(e->slot);
    SlotsOf(e->args[1].get(), slots, own);
    own->erase(e->slot);
    return;
  }
  for (const auto& a : e->args) SlotsOf(a.get(), slots, own);
}

std::set<int> SlotsOf(const Expr* e) {
  std::set<int> slots, own;
  SlotsOf(e, &slots, &own);
  return slots;
}

std::shared_ptr<const std::vector<uint32_t>> Intersect(
    const std::shared_ptr<const std::vector<uint32_t>>& a,
    const std::shared_ptr<const std::vector<uint32_t>>& b) {
  if (!a) return b;
  if (!b) return a;
  auto out = std::make_shared<std::vector<uint32_t>>();
  std::set_intersection(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(*out));
  return out;
}

}  // namespace

Result<Plan> MakePlan(const BoundStatement& bound, const core::GraphView& graph,
                      std::string_view text) {
  Plan plan;
  plan.bound = &bound;
  const MatchStatement& m = bound.ast->match;
  if (m.where) SplitConjuncts(m.where.get(), &plan.conjuncts);
  std::vector<std::set<int>> conjunct_slots;
  for (const Expr* c : plan.conjuncts) conjunct_slots.push_back(SlotsOf(c));

  // `n = "name"` conjuncts narrow the candidates of node n.
  plan.candidates.resize(m.patterns.size());
  for (size_t p = 0; p < m.patterns.size(); ++p) {
    for (const NodePattern& n : m.patterns[p].nodes) plan.candidates[p].push_back(n.node_ids);
  }
  for (const Expr* c : plan.conjuncts) {
    if (c->kind != ExprKind::kNameMatch || c->args[0]->kind != ExprKind::kVariable) continue;
    for (size_t p = 0; p < m.patterns.size(); ++p) {
      for (size_t i = 0; i < m.patterns[p].nodes.size(); ++i) {
        if (m.patterns[p].nodes[i].slot == c->args[0]->slot) {
          plan.candidates[p][i] = Intersect(plan.candidates[p][i], c->node_ids);
        }
      }
    }
  }

  // all(x IN relationships(p) WHERE c) / all(x IN r WHERE c) with c on x alone: an edge filter.
  for (const Expr* c : plan.conjuncts) {
    if (c->kind != ExprKind::kQuantifier || c->quantifier != Quantifier::kAll) continue;
    const Expr* list = c->args[0].get();
    if (list->kind == ExprKind::kFunction && list->name == "relationships" &&
        list->args.size() == 1) {
      list = list->args[0].get();
    }
    if (list->kind != ExprKind::kVariable) continue;
    std::set<int> used = SlotsOf(c->args[1].get());
    used.erase(c->slot);
    if (!used.empty()) continue;
    for (size_t p = 0; p < m.patterns.size(); ++p) {
      const PatternPart& part = m.patterns[p];
      for (size_t r = 0; r < part.rels.size(); ++r) {
        if (part.path_slot == list->slot || part.rels[r].slot == list->slot) {
          plan.edge_conditions.push_back(
              {static_cast<int>(p), static_cast<int>(r), c->slot, c->args[1].get()});
        }
      }
    }
  }

  std::set<int> bound_slots;
  std::vector<bool> placed(plan.conjuncts.size(), false);
  auto place_filters = [&](Step* step) {
    for (size_t c = 0; c < plan.conjuncts.size(); ++c) {
      if (placed[c]) continue;
      if (std::includes(bound_slots.begin(), bound_slots.end(), conjunct_slots[c].begin(),
                        conjunct_slots[c].end())) {
        step->filters.push_back(static_cast<int>(c));
        placed[c] = true;
      }
    }
  };

  for (size_t p = 0; p < m.patterns.size(); ++p) {
    const PatternPart& part = m.patterns[p];
    // Anchor: the node with the fewest candidates.
    auto cost = [&](size_t i) -> double {
      const NodePattern& n = part.nodes[i];
      if (bound_slots.count(n.slot)) return 0.5;
      if (plan.candidates[p][i]) return static_cast<double>(plan.candidates[p][i]->size());
      if (!n.type_ids.empty()) return static_cast<double>(graph.vertex_count()) / 4 + 1;
      return static_cast<double>(graph.vertex_count()) + 2;
    };
    size_t anchor = 0;
    for (size_t i = 1; i < part.nodes.size(); ++i) {
      if (cost(i) < cost(anchor)) anchor = i;
    }
    if (part.selector != PathSelector::kNone) {
      auto known = [&](size_t i) {
        return bound_slots.count(part.nodes[i].slot) > 0 || plan.candidates[p][i] != nullptr;
      };
      if (!known(0) || !known(1)) {
        return LocatedError(Status::Code::kInvalidArgument, text, part.loc,
                            "a SHORTEST path needs both ends known: give each end a name, "
                            "(\"Name\"), or a variable bound by an earlier pattern");
      }
    }
    Step scan;
    scan.kind = Step::Kind::kScan;
    scan.part = static_cast<int>(p);
    scan.from = scan.to = static_cast<int>(anchor);
    bound_slots.insert(part.nodes[anchor].slot);
    auto finish = [&](Step step, bool last) {
      if (last && part.path_slot >= 0) bound_slots.insert(part.path_slot);
      place_filters(&step);
      plan.steps.push_back(std::move(step));
    };
    const size_t hops = part.rels.size();
    finish(scan, hops == 0);
    size_t done = 0;
    auto walk = [&](size_t rel, bool leftward) {
      const RelPattern& r = part.rels[rel];
      Step s;
      s.part = static_cast<int>(p);
      s.rel = static_cast<int>(rel);
      s.leftward = leftward;
      s.from = static_cast<int>(leftward ? rel + 1 : rel);
      s.to = static_cast<int>(leftward ? rel : rel + 1);
      s.kind = part.selector != PathSelector::kNone ? Step::Kind::kPathSearch
               : r.variable_length                  ? Step::Kind::kVarExpand
                                                    : Step::Kind::kExpand;
      bound_slots.insert(r.slot);
      bound_slots.insert(part.nodes[s.to].slot);
      finish(std::move(s), ++done == hops);
    };
    for (size_t i = anchor; i < hops; ++i) walk(i, false);
    for (size_t i = anchor; i-- > 0;) walk(i, true);
  }
  // Whatever is left (nothing, in a well-formed statement) is checked at the end.
  if (!plan.steps.empty()) place_filters(&plan.steps.back());

  if (bound.ast->kind == StatementKind::kMatch && !bound.aggregating && !m.distinct &&
      m.order.empty() && m.limit) {
    plan.row_goal = *m.limit + m.skip.value_or(0);
  }
  return plan;
}

namespace {

std::string NodeText(const NodePattern& n, const std::function<std::string(uint16_t)>& type) {
  std::string s = "(" + n.variable;
  for (size_t i = 0; i < n.type_ids.size(); ++i) s += (i ? "|" : ":") + type(n.type_ids[i]);
  if (n.name) s += std::string(s.size() > 1 ? " " : "") + "\"" + *n.name + "\"";
  return s + ")";
}

std::string RelText(const RelPattern& r, bool leftward,
                    const std::function<std::string(uint32_t)>& predicate) {
  std::string inner = r.variable;
  for (size_t i = 0; i < r.predicate_ids.size(); ++i) {
    inner += (i ? "|" : ":") + predicate(r.predicate_ids[i]);
  }
  if (r.variable_length) {
    inner += "*" + std::to_string(r.min_hops) + "..";
    if (r.max_hops) inner += std::to_string(*r.max_hops);
  }
  core::Direction d = r.direction;
  if (leftward && d != core::Direction::kBoth) {
    d = d == core::Direction::kOut ? core::Direction::kIn : core::Direction::kOut;
  }
  const std::string body = inner.empty() ? "-" : "-[" + inner + "]-";
  return d == core::Direction::kOut  ? body + ">"
         : d == core::Direction::kIn ? "<" + body
                                     : body;
}

}  // namespace

std::string ExplainPlan(const Plan& plan, const std::function<std::string(uint32_t)>& predicate,
                        const std::function<std::string(uint16_t)>& type) {
  const BoundStatement& b = *plan.bound;
  const MatchStatement& m = b.ast->match;
  std::string out;
  const char* head = b.ast->kind == StatementKind::kProvenance ? "PROVENANCE" : "MATCH";
  out += std::string(head) + "\n";
  int n = 0;
  for (const Step& s : plan.steps) {
    const PatternPart& part = m.patterns[s.part];
    out += "  " + std::to_string(++n) + ". ";
    if (s.kind == Step::Kind::kScan) {
      const NodePattern& node = part.nodes[s.from];
      out += "scan " + NodeText(node, type);
      const auto& cands = plan.candidates[s.part][s.from];
      if (cands) {
        out += ": " + std::to_string(cands->size()) + " node(s) by name";
      } else if (!node.type_ids.empty()) {
        out += ": nodes of the type";
      } else {
        out += ": every node (or the one bound before)";
      }
    } else {
      const RelPattern& r = part.rels[s.rel];
      const char* what = s.kind == Step::Kind::kExpand      ? "expand"
                         : s.kind == Step::Kind::kVarExpand ? "expand paths (bounded DFS)"
                                                            : nullptr;
      if (what == nullptr) {
        what = part.selector == PathSelector::kShortest      ? "shortest path (bidirectional BFS)"
               : part.selector == PathSelector::kAllShortest ? "all shortest paths (BFS layers)"
                                                             : "k shortest paths (Yen)";
      }
      out += std::string(what) + " " + NodeText(part.nodes[s.from], type) +
             RelText(r, s.leftward, predicate) + NodeText(part.nodes[s.to], type);
      if (part.selector == PathSelector::kKShortest) out += ", k = " + std::to_string(part.k);
      for (const EdgeCondition& c : plan.edge_conditions) {
        if (c.part == s.part && c.rel == s.rel) out += "\n     edge filter: " + c.condition->text;
      }
    }
    out += "\n";
    for (int f : s.filters) out += "     filter: " + plan.conjuncts[f]->text + "\n";
  }
  if (b.ast->kind == StatementKind::kProvenance) {
    out += "  evidence of each matched relationship\n";
  } else {
    out += "  return" + std::string(m.distinct ? " distinct" : "") + ": ";
    for (size_t i = 0; i < b.columns.size(); ++i) out += (i ? ", " : "") + b.columns[i];
    out += b.aggregating ? " (grouped)\n" : "\n";
    if (!m.order.empty()) {
      out += "  order by: ";
      for (size_t i = 0; i < m.order.size(); ++i) {
        out += (i ? ", " : "") + m.order[i].expr->text + (m.order[i].descending ? " DESC" : "");
      }
      out += "\n";
    }
  }
  if (m.skip) out += "  skip: " + std::to_string(*m.skip) + "\n";
  if (m.limit) out += "  limit: " + std::to_string(*m.limit) + "\n";
  if (plan.row_goal) {
    out += "  stops matching after " + std::to_string(plan.row_goal) + " row(s)\n";
  }
  if (m.export_graphml) out += "  export GraphML to \"" + *m.export_graphml + "\"\n";
  return out;
}

}  // namespace kg::query
