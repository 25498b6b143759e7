#include "query/engine/binder.h"

#include <algorithm>
#include <map>

#include "query/parser/parser.h"

namespace kg::query {

namespace {

// Thrown inside the binder for a located error; caught by Bind.
struct BindError {
  Status::Code code;
  SourceLocation loc;
  std::string message;
};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Type TypeOfVar(const Variable& v) {
  switch (v.type) {
    case VarType::kNode:
      return Type::kNode;
    case VarType::kRel:
      return Type::kRel;
    case VarType::kRelList:
      return Type::kList;
    case VarType::kPath:
      return Type::kPath;
    case VarType::kValue:
      return v.element;
  }
  return Type::kAny;
}

const char* VarTypeName(VarType t) {
  switch (t) {
    case VarType::kNode:
      return "a node";
    case VarType::kRel:
      return "a relationship";
    case VarType::kRelList:
      return "a list of relationships";
    case VarType::kPath:
      return "a path";
    case VarType::kValue:
      return "a value";
  }
  return "?";
}

// Up to three of `names` close to `name`, for "did you mean".
std::string NearNames(const std::string& name, const std::vector<std::string>& names) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& n : names) {
    const size_t d = Database::Impl::EditDistance(name, n);
    if (d <= std::max<size_t>(2, name.size() / 3)) scored.emplace_back(d, n);
  }
  std::sort(scored.begin(), scored.end());
  std::string out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) {
    out += (i ? ", " : "") + scored[i].second;
  }
  return out;
}

class Binder {
 public:
  Binder(const Database::Impl& db, BoundStatement* out) : db_(db), out_(out) {
    const storage::StoreState& st = db.store->state();
    for (uint32_t p = 0; p < st.next_predicate; ++p) {
      std::string name = db.store->PredicateName(p);
      if (!name.empty()) predicates_.emplace(std::move(name), p);
    }
    for (uint16_t t = 0; t < st.next_type; ++t) {
      std::string name = db.store->TypeName(t);
      if (!name.empty()) types_.emplace(std::move(name), t);
    }
  }

  void Run() {
    QueryStatement& st = *out_->ast;
    MatchStatement& m = st.match;
    if (st.kind == StatementKind::kConflicts) {
      if (st.conflicts_for) BindNode(&*st.conflicts_for);
      out_->columns = {"about", "predicate", "kind", "a", "a_value", "a_evidence",
                       "b",     "b_value",   "b_evidence"};
      return;
    }
    for (PatternPart& part : m.patterns) BindPart(&part);
    if (m.where) {
      BindExpr(m.where.get(), /*aggregates_allowed=*/false);
    }
    if (st.kind == StatementKind::kProvenance) {
      if (m.patterns[0].rels.empty()) {
        throw BindError{Status::Code::kInvalidArgument, m.patterns[0].loc,
                        "PROVENANCE needs a relationship pattern, such as (\"A\")-[:meet]->(b)"};
      }
      out_->columns = {"subject", "predicate", "object", "doc",  "outlet",
                       "date",    "sentence",  "span",   "rule", "confidence"};
      return;
    }
    if (m.return_star) {
      for (size_t slot = 0; slot < out_->variables.size(); ++slot) {
        const Variable& v = out_->variables[slot];
        if (v.name.empty() || v.type == VarType::kValue) continue;
        ReturnItem item;
        item.expr = std::make_unique<Expr>();
        item.expr->kind = ExprKind::kVariable;
        item.expr->name = v.name;
        item.expr->text = v.name;
        item.expr->loc = m.return_loc;
        m.items.push_back(std::move(item));
      }
      if (m.items.empty()) {
        throw BindError{Status::Code::kInvalidArgument, m.return_loc,
                        "RETURN * needs at least one named variable in the pattern"};
      }
    }
    for (ReturnItem& item : m.items) {
      BindExpr(item.expr.get(), /*aggregates_allowed=*/true);
      if (ContainsAggregate(*item.expr)) out_->aggregating = true;
      out_->columns.push_back(item.alias.empty() ? item.expr->text : item.alias);
    }
    for (SortItem& s : m.order) {
      int column = -1;
      for (size_t i = 0; i < m.items.size() && column < 0; ++i) {
        if ((s.expr->kind == ExprKind::kVariable && s.expr->name == m.items[i].alias) ||
            s.expr->text == m.items[i].expr->text) {
          column = static_cast<int>(i);
        }
      }
      out_->order_columns.push_back(column);
      if (column >= 0) continue;
      if (out_->aggregating || m.distinct) {
        throw BindError{Status::Code::kInvalidArgument, s.expr->loc,
                        "with DISTINCT or aggregates, ORDER BY may only name RETURN columns; '" +
                            s.expr->text + "' is not one"};
      }
      BindExpr(s.expr.get(), /*aggregates_allowed=*/false);
    }
    if (m.export_graphml && m.export_graphml->empty()) {
      throw BindError{Status::Code::kInvalidArgument, m.export_loc, "EXPORT needs a file name"};
    }
  }

 private:
  int NewSlot(const std::string& name, VarType type, Type element = Type::kAny) {
    out_->variables.push_back({name, type, element});
    const int slot = static_cast<int>(out_->variables.size() - 1);
    if (!name.empty()) scope_.emplace_back(name, slot);
    return slot;
  }

  int Lookup(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return -1;
  }

  // A named pattern variable: a new slot, or the slot of the same variable in an earlier
  // pattern element (which must be of the same type).
  int PatternSlot(const std::string& name, VarType type, SourceLocation loc) {
    if (name.empty()) return NewSlot("", type);
    const int slot = Lookup(name);
    if (slot < 0) return NewSlot(name, type);
    const Variable& v = out_->variables[slot];
    if (v.type != type || type == VarType::kPath) {
      throw BindError{Status::Code::kInvalidArgument, loc,
                      "variable '" + name + "' is already " + VarTypeName(v.type) +
                          (type == VarType::kPath ? "" : std::string(", not ") +
                                                             VarTypeName(type))};
    }
    return slot;
  }

  void BindNode(NodePattern* n) {
    n->slot = PatternSlot(n->variable, VarType::kNode, n->loc);
    for (const std::string& label : n->labels) {
      auto it = types_.find(Upper(label));
      if (it == types_.end()) {
        std::vector<std::string> known;
        for (const auto& [name, id] : types_) known.push_back(name);
        std::string all;
        for (size_t i = 0; i < known.size() && i < 20; ++i) all += (i ? ", " : "") + known[i];
        throw BindError{Status::Code::kInvalidArgument, n->loc,
                        "no node type '" + label + "'" +
                            (all.empty() ? std::string("; the store has no nodes")
                                         : "; known types: " + all)};
      }
      n->type_ids.push_back(it->second);
    }
    if (n->name) n->node_ids = Resolve(*n->name, n->name_loc);
  }

  std::shared_ptr<const std::vector<uint32_t>> Resolve(const std::string& name,
                                                       SourceLocation loc) {
    std::vector<uint64_t> ids;
    Status s = db_.ResolveNodes(name, &ids);
    if (!s.ok()) throw BindError{s.code(), loc, s.message()};
    if (ids.empty()) {
      const Status nf = db_.NotFoundWithSuggestions(name);
      throw BindError{Status::Code::kNotFound, loc, nf.message()};
    }
    auto out = std::make_shared<std::vector<uint32_t>>();
    for (uint64_t id : ids) out->push_back(static_cast<uint32_t>(id));
    std::sort(out->begin(), out->end());
    return out;
  }

  void BindPart(PatternPart* part) {
    if (!part->path_variable.empty()) {
      part->path_slot = PatternSlot(part->path_variable, VarType::kPath, part->loc);
    }
    if (part->selector != PathSelector::kNone) {
      if (part->rels.size() != 1 || !part->rels[0].variable_length) {
        throw BindError{Status::Code::kInvalidArgument, part->loc,
                        "SHORTEST paths take one variable-length relationship between two "
                        "nodes, such as (\"A\")-[*..5]-(\"B\")"};
      }
      if (part->rels[0].min_hops > 1) {
        throw BindError{Status::Code::kInvalidArgument, part->rels[0].loc,
                        "SHORTEST paths take no lower bound above 1 (use *..n)"};
      }
    }
    // In pattern order, so that RETURN * lists the variables as they are written.
    for (size_t i = 0; i < part->nodes.size(); ++i) {
      BindNode(&part->nodes[i]);
      if (i < part->rels.size()) BindRel(&part->rels[i]);
    }
  }

  void BindRel(RelPattern* rp) {
    RelPattern& r = *rp;
    r.slot = PatternSlot(r.variable, r.variable_length ? VarType::kRelList : VarType::kRel, r.loc);
    for (size_t i = 0; i < r.types.size(); ++i) {
      auto it = predicates_.find(r.types[i]);
      if (it == predicates_.end()) {
        std::vector<std::string> known;
        for (const auto& [name, id] : predicates_) known.push_back(name);
        const std::string near = NearNames(r.types[i], known);
        throw BindError{Status::Code::kNotFound, r.type_locs[i],
                        "no relation named '" + r.types[i] + "'" +
                            (near.empty() ? "" : "; did you mean: " + near)};
      }
      r.predicate_ids.push_back(it->second);
    }
  }

  static bool ContainsAggregate(const Expr& e) {
    if (e.aggregate) return true;
    for (const auto& a : e.args) {
      if (ContainsAggregate(*a)) return true;
    }
    return false;
  }

  [[noreturn]] void Fail(const Expr& e, const std::string& msg) {
    throw BindError{Status::Code::kInvalidArgument, e.loc, msg};
  }

  StaticType BindExpr(Expr* e, bool aggregates_allowed) {
    switch (e->kind) {
      case ExprKind::kLiteral:
        switch (e->literal.kind()) {
          case Value::Kind::kNull:
            return {Type::kNull};
          case Value::Kind::kBool:
            return {Type::kBool};
          case Value::Kind::kString:
            return {Type::kString};
          default:
            return {Type::kNumber};
        }
      case ExprKind::kVariable: {
        e->slot = Lookup(e->name);
        if (e->slot < 0) {
          std::vector<std::string> names;
          for (const auto& [n, s] : scope_) names.push_back(n);
          const std::string near = NearNames(e->name, names);
          Fail(*e, "unknown variable '" + e->name + "'" +
                       (near.empty() ? "" : "; did you mean: " + near));
        }
        const Variable& v = out_->variables[e->slot];
        if (v.type == VarType::kRelList) return {Type::kList, Type::kRel};
        return {TypeOfVar(v)};
      }
      case ExprKind::kProperty: {
        const StaticType base = BindExpr(e->args[0].get(), aggregates_allowed);
        if (base.type == Type::kAny || base.type == Type::kNull) return {};
        const PropertyInfo* p = FindProperty(base.type, e->name);
        if (p == nullptr) {
          std::string keys;
          for (const PropertyInfo& q : Properties()) {
            if (q.owner == base.type) keys += std::string(keys.empty() ? "" : ", ") + q.key;
          }
          Fail(*e, std::string(TypeName(base.type)) + " has no property '" + e->name + "'" +
                       (keys.empty() ? std::string() : "; it has: " + keys));
        }
        return p->type;
      }
      case ExprKind::kIndex: {
        const StaticType base = BindExpr(e->args[0].get(), aggregates_allowed);
        const StaticType idx = BindExpr(e->args[1].get(), aggregates_allowed);
        if (base.type != Type::kAny && base.type != Type::kList) {
          Fail(*e, std::string("only a list can be indexed, not ") + TypeName(base.type));
        }
        if (idx.type != Type::kAny && idx.type != Type::kNumber) {
          Fail(*e->args[1], "a list index is a number");
        }
        return {base.elem};
      }
      case ExprKind::kFunction:
        return BindFunction(e, aggregates_allowed);
      case ExprKind::kNot:
        BindExpr(e->args[0].get(), aggregates_allowed);
        return {Type::kBool};
      case ExprKind::kNegate: {
        const StaticType t = BindExpr(e->args[0].get(), aggregates_allowed);
        if (t.type != Type::kAny && t.type != Type::kNumber && t.type != Type::kNull) {
          Fail(*e, std::string("cannot negate ") + TypeName(t.type));
        }
        return {Type::kNumber};
      }
      case ExprKind::kIsNull:
        BindExpr(e->args[0].get(), aggregates_allowed);
        return {Type::kBool};
      case ExprKind::kList: {
        StaticType t{Type::kList, Type::kAny};
        for (size_t i = 0; i < e->args.size(); ++i) {
          const StaticType a = BindExpr(e->args[i].get(), aggregates_allowed);
          if (i == 0) t.elem = a.type;
          if (t.elem != a.type) t.elem = Type::kAny;
        }
        return t;
      }
      case ExprKind::kQuantifier: {
        const StaticType list = BindExpr(e->args[0].get(), aggregates_allowed);
        if (list.type != Type::kAny && list.type != Type::kList && list.type != Type::kNull) {
          Fail(*e->args[0], std::string("a quantifier ranges over a list, not ") +
                                TypeName(list.type));
        }
        VarType vt = VarType::kValue;
        if (list.elem == Type::kNode) vt = VarType::kNode;
        if (list.elem == Type::kRel) vt = VarType::kRel;
        e->slot = NewSlot(e->name, vt, list.elem);
        BindExpr(e->args[1].get(), false);
        scope_.pop_back();  // the variable is visible in the condition only
        return {Type::kBool};
      }
      case ExprKind::kBinary:
        return BindBinary(e, aggregates_allowed);
      case ExprKind::kNameMatch:
        return {Type::kBool};
    }
    return {};
  }

  StaticType BindBinary(Expr* e, bool aggregates_allowed) {
    const StaticType a = BindExpr(e->args[0].get(), aggregates_allowed);
    const StaticType b = BindExpr(e->args[1].get(), aggregates_allowed);
    switch (e->op) {
      case BinaryOp::kEq:
      case BinaryOp::kNe: {
        // node = "name": the name resolves through the alias index (Kiev finds Kyiv).
        const bool left_node = a.type == Type::kNode && e->args[1]->kind == ExprKind::kLiteral &&
                               b.type == Type::kString;
        const bool right_node = b.type == Type::kNode && e->args[0]->kind == ExprKind::kLiteral &&
                                a.type == Type::kString;
        if (left_node || right_node) {
          const Expr& lit = *e->args[left_node ? 1 : 0];
          auto match = std::make_unique<Expr>();
          match->kind = ExprKind::kNameMatch;
          match->loc = e->loc;
          match->text = e->text;
          match->node_ids = Resolve(lit.literal.as_string(), lit.loc);
          match->args.push_back(std::move(e->args[left_node ? 0 : 1]));
          const bool negate = e->op == BinaryOp::kNe;
          e->args.clear();
          if (negate) {
            e->kind = ExprKind::kNot;
            e->args.push_back(std::move(match));
          } else {
            *e = std::move(*match);
          }
        }
        return {Type::kBool};
      }
      case BinaryOp::kLt:
      case BinaryOp::kLe:
      case BinaryOp::kGt:
      case BinaryOp::kGe:
        for (const auto& [t, arg] : {std::pair{a, e->args[0].get()}, {b, e->args[1].get()}}) {
          if (t.type == Type::kNode || t.type == Type::kRel || t.type == Type::kPath ||
              t.type == Type::kList || t.type == Type::kEvidence) {
            Fail(*arg, std::string("cannot order ") + TypeName(t.type) + " by < or >");
          }
        }
        return {Type::kBool};
      case BinaryOp::kIn:
        if (b.type != Type::kAny && b.type != Type::kList && b.type != Type::kNull) {
          Fail(*e->args[1], std::string("IN needs a list on its right, not ") +
                                TypeName(b.type));
        }
        return {Type::kBool};
      case BinaryOp::kStartsWith:
      case BinaryOp::kEndsWith:
      case BinaryOp::kContains:
        for (const auto& [t, arg] : {std::pair{a, e->args[0].get()}, {b, e->args[1].get()}}) {
          if (t.type != Type::kAny && t.type != Type::kString && t.type != Type::kNull) {
            Fail(*arg, std::string("STARTS WITH, ENDS WITH and CONTAINS compare strings, not ") +
                           TypeName(t.type));
          }
        }
        return {Type::kBool};
      case BinaryOp::kAnd:
      case BinaryOp::kOr:
      case BinaryOp::kXor:
        return {Type::kBool};
      case BinaryOp::kAdd:
        if (a.type == Type::kString || b.type == Type::kString) return {Type::kString};
        if (a.type == Type::kList || b.type == Type::kList) return {Type::kList};
        [[fallthrough]];
      default:
        for (const auto& [t, arg] : {std::pair{a, e->args[0].get()}, {b, e->args[1].get()}}) {
          if (t.type != Type::kAny && t.type != Type::kNumber && t.type != Type::kNull &&
              !(e->op == BinaryOp::kAdd && t.type == Type::kString)) {
            Fail(*arg, std::string("arithmetic needs numbers, not ") + TypeName(t.type));
          }
        }
        return {Type::kNumber};
    }
  }

  StaticType BindFunction(Expr* e, bool aggregates_allowed) {
    e->function = FindFunction(e->name);
    if (e->function < 0) {
      std::vector<std::string> names;
      for (const FunctionInfo& f : Functions()) names.push_back(f.name);
      const std::string near = NearNames(e->name, names);
      Fail(*e, "unknown function '" + e->name + "'" +
                   (near.empty() ? "" : "; did you mean: " + near));
    }
    const FunctionInfo& f = Functions()[e->function];
    e->aggregate = f.aggregate;
    if (e->star && e->name != "count") Fail(*e, "only count takes *");
    if (f.aggregate && !aggregates_allowed) {
      Fail(*e, std::string("aggregate ") + f.name +
                   "() is allowed in RETURN only (not in WHERE, ORDER BY expressions or "
                   "inside another aggregate)");
    }
    if (e->distinct && !f.aggregate) Fail(*e, "DISTINCT is for aggregates only");
    const int n = static_cast<int>(e->args.size());
    if (!e->star && (n < f.min_args || (f.max_args >= 0 && n > f.max_args) ||
                     (e->name == "count" && n == 0))) {
      Fail(*e, std::string(f.name) + "() takes " +
                   (f.min_args == f.max_args ? std::to_string(f.min_args)
                    : f.max_args < 0         ? "at least " + std::to_string(f.min_args)
                                             : "1")
                   + " argument" + (f.max_args == 1 && f.min_args <= 1 ? "" : "s") + ": " +
                   f.summary);
    }
    std::vector<StaticType> args;
    for (auto& a : e->args) args.push_back(BindExpr(a.get(), !f.aggregate && aggregates_allowed));
    if (!args.empty() && !f.first_arg.empty()) {
      const Type t = args[0].type;
      if (t != Type::kAny && t != Type::kNull &&
          std::find(f.first_arg.begin(), f.first_arg.end(), t) == f.first_arg.end()) {
        std::string wanted;
        for (size_t i = 0; i < f.first_arg.size(); ++i) {
          wanted += std::string(i == 0 ? "" : i + 1 == f.first_arg.size() ? " or " : ", ") +
                    TypeName(f.first_arg[i]);
        }
        Fail(*e->args[0], std::string(f.name) + "() takes " + wanted + ", not " + TypeName(t));
      }
    }
    StaticType result = f.result;
    const std::string name = f.name;
    if (name == "collect" && !args.empty()) result.elem = args[0].type;
    if ((name == "min" || name == "max" || name == "coalesce") && !args.empty()) {
      result = args[0];
    }
    if (name == "relationships" && !args.empty() && args[0].type == Type::kList) {
      result = {Type::kList, Type::kRel};
    }
    return result;
  }

  const Database::Impl& db_;
  BoundStatement* out_;
  std::map<std::string, uint32_t> predicates_;
  std::map<std::string, uint16_t> types_;
  std::vector<std::pair<std::string, int>> scope_;
};

}  // namespace

Result<BoundStatement> Bind(std::unique_ptr<QueryStatement> statement, const Database::Impl& db,
                            std::string_view text) {
  BoundStatement out;
  out.ast = std::move(statement);
  try {
    Binder binder(db, &out);
    binder.Run();
  } catch (const BindError& e) {
    return LocatedError(e.code, text, e.loc, e.message);
  }
  return out;
}

}  // namespace kg::query
