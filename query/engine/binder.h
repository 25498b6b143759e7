// query::Binder: checks a parsed statement against the store and annotates its AST: variables
// get row slots and types, quoted entity names resolve through the alias index, labels and
// relation names become the store's type and predicate ids, function calls and property keys
// are checked, and `node = "name"` comparisons become id-set tests.
// Thread-safety: one Binder per statement; the caller holds the Database's shared lock.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/status.h"
#include "query/ast/ast.h"
#include "query/database_impl.h"
#include "query/engine/functions.h"

namespace kg::query {

enum class VarType { kNode, kRel, kRelList, kPath, kValue };

struct Variable {
  std::string name;  // "" for the hidden slots of anonymous pattern elements
  VarType type = VarType::kValue;
  Type element = Type::kAny;  // kValue: what a quantifier's variable ranges over
};

// A statement ready for planning. Owns the AST.
struct BoundStatement {
  std::unique_ptr<QueryStatement> ast;
  std::vector<Variable> variables;  // by slot
  std::vector<std::string> columns;
  bool aggregating = false;  // some RETURN item holds an aggregate
  // ORDER BY items that name a RETURN column (by alias or same text): its index, else -1.
  std::vector<int> order_columns;
};

// Binds `statement`. `text` is the query text for error locations.
// Errors: InvalidArgument (unknown variable, function, property, label; wrong types; misplaced
// aggregates), NotFound (an entity or relation name that the store does not hold, with near
// names), each located in `text`.
Result<BoundStatement> Bind(std::unique_ptr<QueryStatement> statement, const Database::Impl& db,
                            std::string_view text);

}  // namespace kg::query
