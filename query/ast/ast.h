// The KGQL abstract syntax tree: what the parser's transformer builds from ANTLR's parse tree
// and what the binder annotates (variable slots, resolved ids) for the planner and executor.
// Nothing here knows ANTLR. Thread-safety: plain values; a tree is used by one query at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/graph/graph_view.h"
#include "kg/query.h"

namespace kg::query {

// A position in the query text: 1-based line and column (code points).
struct SourceLocation {
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class ExprKind {
  kLiteral,     // literal
  kVariable,    // name
  kProperty,    // args[0].name
  kIndex,       // args[0][args[1]]
  kFunction,    // name(args...), name lower-case; count(*) has star = true
  kNot,         // NOT args[0]
  kNegate,      // -args[0]
  kBinary,      // args[0] op args[1]
  kIsNull,      // args[0] IS [NOT] NULL (negated for IS NOT NULL)
  kList,        // [args...]
  kQuantifier,  // quantifier(name IN args[0] WHERE args[1])
  kNameMatch,   // args[0] is one of node_ids (the binder makes it from `node = "name"`)
};

enum class BinaryOp {
  kOr, kXor, kAnd, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kStartsWith, kEndsWith, kContains,
  kAdd, kSub, kMul, kDiv, kMod,
};

enum class Quantifier { kAll, kAny, kNone, kSingle };

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  SourceLocation loc;
  std::string text;  // the expression as written (default column names, EXPLAIN)
  BinaryOp op = BinaryOp::kEq;
  Quantifier quantifier = Quantifier::kAll;
  bool negated = false;   // kIsNull: IS NOT NULL
  bool distinct = false;  // kFunction: count(DISTINCT x)
  bool star = false;      // kFunction: count(*)
  std::string name;       // variable, property key, function name, quantifier variable
  Value literal;          // kLiteral
  std::vector<std::unique_ptr<Expr>> args;

  // Filled in by the binder.
  int slot = -1;          // kVariable, kQuantifier: the row slot of the variable
  int function = -1;      // kFunction: index into the function table
  bool aggregate = false;  // kFunction: count, collect, ...
  std::shared_ptr<const std::vector<uint32_t>> node_ids;  // kNameMatch: sorted vertex ids
};

// (var:LABEL|LABEL "name")
struct NodePattern {
  SourceLocation loc;
  std::string variable;  // "" when anonymous
  std::vector<std::string> labels;
  std::optional<std::string> name;
  SourceLocation name_loc;

  // Filled in by the binder.
  int slot = -1;
  std::vector<uint16_t> type_ids;                         // empty = any type
  std::shared_ptr<const std::vector<uint32_t>> node_ids;  // from `name`; null = not named
};

// -[var:type|type *min..max]->
struct RelPattern {
  SourceLocation loc;
  std::string variable;
  std::vector<std::string> types;
  std::vector<SourceLocation> type_locs;
  // kOut: the left node is the subject; kIn: the right one is; kBoth: either.
  core::Direction direction = core::Direction::kBoth;
  bool variable_length = false;  // a hop range was given: binds a list of relationships
  uint32_t min_hops = 1;
  std::optional<uint32_t> max_hops;

  // Filled in by the binder.
  int slot = -1;
  std::vector<uint32_t> predicate_ids;  // empty = any relation
};

enum class PathSelector { kNone, kShortest, kAllShortest, kKShortest };

// [p =] [SHORTEST [k] | ALL SHORTEST] (n0)-[r0]-(n1)...
struct PatternPart {
  SourceLocation loc;
  std::string path_variable;
  PathSelector selector = PathSelector::kNone;
  uint32_t k = 1;
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;

  int path_slot = -1;  // binder
};

struct ReturnItem {
  std::unique_ptr<Expr> expr;
  std::string alias;  // "" when none; the column is then the expression's text
};

struct SortItem {
  std::unique_ptr<Expr> expr;
  bool descending = false;
};

struct MatchStatement {
  std::vector<PatternPart> patterns;
  std::unique_ptr<Expr> where;
  bool distinct = false;
  bool return_star = false;
  SourceLocation return_loc;
  std::vector<ReturnItem> items;
  std::vector<SortItem> order;
  std::optional<uint64_t> skip;
  std::optional<uint64_t> limit;
  std::optional<std::string> export_graphml;
  SourceLocation export_loc;
};

enum class StatementKind { kMatch, kProvenance, kConflicts };

struct QueryStatement {
  StatementKind kind = StatementKind::kMatch;
  SourceLocation loc;
  bool explain = false;
  // kMatch; kProvenance uses patterns[0], where and limit; kConflicts uses limit.
  MatchStatement match;
  std::optional<NodePattern> conflicts_for;  // CONFLICTS FOR (node)
};

}  // namespace kg::query
