// kg::Value: the values of query result rows.
#include <cassert>
#include <cstdio>
#include <string>
#include <utility>

#include "kg/query.h"

namespace kg {

namespace {

template <typename T>
const T& Payload(const std::shared_ptr<const void>& p) {
  assert(p != nullptr);
  return *static_cast<const T*>(p.get());
}

std::string FormatDouble(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

std::string RelationshipLabel(const RelationshipValue& r) {
  std::string s = r.predicate;
  if (r.qualifiers.negated) s = "not " + s;
  return s;
}

}  // namespace

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.b_ = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.i_ = i;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.kind_ = Kind::kDouble;
  v.d_ = d;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.payload_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::Node(NodeValue n) {
  Value v;
  v.kind_ = Kind::kNode;
  v.payload_ = std::make_shared<const NodeValue>(std::move(n));
  return v;
}

Value Value::Relationship(RelationshipValue r) {
  Value v;
  v.kind_ = Kind::kRelationship;
  v.payload_ = std::make_shared<const RelationshipValue>(std::move(r));
  return v;
}

Value Value::Path(PathValue p) {
  Value v;
  v.kind_ = Kind::kPath;
  v.payload_ = std::make_shared<const PathValue>(std::move(p));
  return v;
}

Value Value::EvidenceItem(EvidenceValue e) {
  Value v;
  v.kind_ = Kind::kEvidence;
  v.payload_ = std::make_shared<const EvidenceValue>(std::move(e));
  return v;
}

Value Value::List(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kList;
  v.payload_ = std::make_shared<const std::vector<Value>>(std::move(items));
  return v;
}

Value Value::Map(std::vector<std::pair<std::string, Value>> entries) {
  Value v;
  v.kind_ = Kind::kMap;
  v.payload_ =
      std::make_shared<const std::vector<std::pair<std::string, Value>>>(std::move(entries));
  return v;
}

bool Value::as_bool() const {
  assert(kind_ == Kind::kBool);
  return b_;
}
int64_t Value::as_int() const {
  assert(kind_ == Kind::kInt);
  return i_;
}
double Value::as_double() const {
  assert(kind_ == Kind::kDouble);
  return d_;
}
const std::string& Value::as_string() const {
  assert(kind_ == Kind::kString);
  return Payload<std::string>(payload_);
}
const NodeValue& Value::as_node() const {
  assert(kind_ == Kind::kNode);
  return Payload<NodeValue>(payload_);
}
const RelationshipValue& Value::as_relationship() const {
  assert(kind_ == Kind::kRelationship);
  return Payload<RelationshipValue>(payload_);
}
const PathValue& Value::as_path() const {
  assert(kind_ == Kind::kPath);
  return Payload<PathValue>(payload_);
}
const EvidenceValue& Value::as_evidence() const {
  assert(kind_ == Kind::kEvidence);
  return Payload<EvidenceValue>(payload_);
}
const std::vector<Value>& Value::as_list() const {
  assert(kind_ == Kind::kList);
  return Payload<std::vector<Value>>(payload_);
}
const std::vector<std::pair<std::string, Value>>& Value::as_map() const {
  assert(kind_ == Kind::kMap);
  return Payload<std::vector<std::pair<std::string, Value>>>(payload_);
}

std::string Value::ToText() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return b_ ? "true" : "false";
    case Kind::kInt:
      return std::to_string(i_);
    case Kind::kDouble:
      return FormatDouble(d_);
    case Kind::kString:
      return as_string();
    case Kind::kNode:
      return as_node().name;
    case Kind::kRelationship: {
      const RelationshipValue& r = as_relationship();
      return r.subject_name + " -[" + RelationshipLabel(r) + "]-> " + r.object_name;
    }
    case Kind::kPath: {
      const PathValue& p = as_path();
      std::string s = p.nodes.empty() ? std::string() : p.nodes[0].name;
      for (size_t i = 0; i < p.relationships.size() && i + 1 < p.nodes.size(); ++i) {
        const bool fwd = i < p.forward.size() ? p.forward[i] : true;
        const std::string label = RelationshipLabel(p.relationships[i]);
        s += fwd ? " -[" + label + "]-> " : " <-[" + label + "]- ";
        s += p.nodes[i + 1].name;
      }
      return s;
    }
    case Kind::kEvidence: {
      const Evidence& e = as_evidence().evidence;
      std::string s = e.source.empty() ? e.doc : e.source;
      if (!e.published.empty()) s += " " + e.published;
      s += ": \"" + e.sentence + "\"";
      return s;
    }
    case Kind::kList: {
      std::string s = "[";
      const std::vector<Value>& items = as_list();
      for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i].ToText();
      return s + "]";
    }
    case Kind::kMap: {
      std::string s = "{";
      const auto& entries = as_map();
      for (size_t i = 0; i < entries.size(); ++i) {
        s += (i ? ", " : "") + entries[i].first + ": " + entries[i].second.ToText();
      }
      return s + "}";
    }
  }
  return "";
}

}  // namespace kg
