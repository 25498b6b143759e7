// query::Planner: turns a bound MATCH (or PROVENANCE) into the steps the executor runs: per
// pattern part an anchor scan (the node with the fewest candidates: named, already bound,
// labelled, or all), then single-hop expansions, variable-length expansions (bounded DFS) or
// path searches (SHORTEST, ALL SHORTEST, SHORTEST k) outwards from it. WHERE is split into its
// AND-ed conjuncts, each checked as soon as its variables are bound; `n = "name"` conjuncts
// narrow the node's candidates and `all(x IN relationships(p) WHERE ...)` becomes an edge
// filter that the path searches apply while walking. EXPLAIN prints the plan.
// Thread-safety: a Plan is built and used by one statement.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kg/status.h"
#include "query/engine/binder.h"

namespace kg::query {

struct Step {
  enum class Kind { kScan, kExpand, kVarExpand, kPathSearch };
  Kind kind = Kind::kScan;
  int part = 0;
  int from = 0;  // node index in the part (the scanned node for kScan)
  int to = 0;    // node index reached
  int rel = -1;  // relationship index walked
  bool leftward = false;  // walking from nodes[rel + 1] to nodes[rel]
  std::vector<int> filters;  // conjuncts checked once this step has bound its variables
};

// A condition on single edges that a relationship's walk applies (from `all(x IN ... WHERE c)`).
struct EdgeCondition {
  int part = 0;
  int rel = 0;
  int slot = 0;  // the quantifier's variable
  const Expr* condition = nullptr;  // not owned (the AST's)
};

struct Plan {
  const BoundStatement* bound = nullptr;  // not owned
  std::vector<Step> steps;
  std::vector<const Expr*> conjuncts;  // not owned
  std::vector<EdgeCondition> edge_conditions;
  // Candidates of each pattern node narrowed by `n = "name"` conjuncts: [part][node], null when
  // the node is not named.
  std::vector<std::vector<std::shared_ptr<const std::vector<uint32_t>>>> candidates;
  // Rows the match needs to produce before it may stop (SKIP + LIMIT without ORDER BY,
  // DISTINCT or aggregates); 0 = all.
  uint64_t row_goal = 0;
};

// Plans `bound` over the graph `graph`.
// Errors: InvalidArgument (located in `text`) for a path search whose ends are not both known.
Result<Plan> MakePlan(const BoundStatement& bound, const core::GraphView& graph,
                      std::string_view text);

// The plan as indented lines, for EXPLAIN.
std::string ExplainPlan(const Plan& plan, const std::function<std::string(uint32_t)>& predicate,
                        const std::function<std::string(uint16_t)>& type);

}  // namespace kg::query
