// KGQL's functions and properties: the table the binder checks calls against, and their
// evaluation over Datums. Thread-safety: the table is immutable; evaluation uses the caller's
// QueryContext.
#pragma once

#include <string>
#include <vector>

#include "kg/status.h"
#include "query/engine/context.h"
#include "query/engine/datum.h"

namespace kg::query {

// What the binder knows of an expression's value before running it.
enum class Type : uint8_t { kAny, kNull, kBool, kNumber, kString, kNode, kRel, kPath, kList,
                            kEvidence };

struct StaticType {
  Type type = Type::kAny;
  Type elem = Type::kAny;  // for kList: the element type when known
};

const char* TypeName(Type t);

struct FunctionInfo {
  const char* name;
  int min_args;
  int max_args;  // -1 = any number
  bool aggregate;
  // Accepted types of the first argument (empty: any), and the result.
  std::vector<Type> first_arg;
  StaticType result;
  const char* summary;  // one line for docs and errors
};

// All functions, aggregates included, in documentation order.
const std::vector<FunctionInfo>& Functions();
// Index into Functions(), or -1.
int FindFunction(const std::string& lower_name);

// Properties of nodes, relationships, paths and evidence: the valid keys and their types.
struct PropertyInfo {
  Type owner;
  const char* key;
  StaticType type;
};
const std::vector<PropertyInfo>& Properties();
// The property's type, or nullptr when `owner` has no such key.
const PropertyInfo* FindProperty(Type owner, const std::string& key);

// Applies scalar function `function` (an index into Functions()) to `args`.
// Errors: the store's; InvalidArgument for a value of the wrong kind.
Status CallFunction(int function, const std::vector<Datum>& args, QueryContext* ctx, Datum* out);
// base.key; null when base is null. Errors: InvalidArgument for an unknown key or a value that
// has no properties.
Status GetProperty(const Datum& base, const std::string& key, QueryContext* ctx, Datum* out);

}  // namespace kg::query

namespace kg::query {
// "≥ 12 people" style text of a quantity: comparator (unless =), value, unit.
std::string FormatQuantity(const Quantity& q);
}  // namespace kg::query
