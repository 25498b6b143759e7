// query::Datum: a value while a query runs. Graph things stay ids (a vertex, an edge, a path of
// ids) until a row is output, so filters over many edges never read the store; everything the
// store has to supply (evidence, maps) is carried as a finished kg::Value.
// Thread-safety: immutable values; copies share their payloads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/graph/paths.h"
#include "kg/query.h"

namespace kg::query {

class Datum {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kVertex, kEdge, kPath, kList, kValue };

  Datum() = default;
  static Datum Bool(bool b) {
    Datum d(Kind::kBool);
    d.i_ = b;
    return d;
  }
  static Datum Int(int64_t i) {
    Datum d(Kind::kInt);
    d.i_ = i;
    return d;
  }
  static Datum Double(double x) {
    Datum d(Kind::kDouble);
    d.x_ = x;
    return d;
  }
  static Datum String(std::string s) {
    Datum d(Kind::kString);
    d.s_ = std::make_shared<const std::string>(std::move(s));
    return d;
  }
  static Datum Vertex(uint32_t id) {
    Datum d(Kind::kVertex);
    d.i_ = id;
    return d;
  }
  // An edge as a pattern walked it: `forward` when from its subject to its object.
  static Datum Edge(uint32_t id, bool forward = true) {
    Datum d(Kind::kEdge);
    d.i_ = id;
    d.forward_ = forward;
    return d;
  }
  static Datum Path(std::shared_ptr<const core::Path> p) {
    Datum d(Kind::kPath);
    d.path_ = std::move(p);
    return d;
  }
  static Datum List(std::vector<Datum> items) {
    Datum d(Kind::kList);
    d.list_ = std::make_shared<const std::vector<Datum>>(std::move(items));
    return d;
  }
  static Datum Wrap(Value v) {
    if (v.is_null()) return Datum();
    Datum d(Kind::kValue);
    d.value_ = std::make_shared<const Value>(std::move(v));
    return d;
  }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kDouble; }
  bool as_bool() const { return i_ != 0; }
  int64_t as_int() const { return i_; }
  double as_double() const { return kind_ == Kind::kInt ? static_cast<double>(i_) : x_; }
  const std::string& as_string() const { return *s_; }
  uint32_t id() const { return static_cast<uint32_t>(i_); }
  bool forward() const { return forward_; }
  const core::Path& path() const { return *path_; }
  const std::shared_ptr<const core::Path>& path_ptr() const { return path_; }
  const std::vector<Datum>& list() const { return *list_; }
  const Value& value() const { return *value_; }

 private:
  explicit Datum(Kind k) : kind_(k) {}
  Kind kind_ = Kind::kNull;
  bool forward_ = true;
  int64_t i_ = 0;
  double x_ = 0;
  std::shared_ptr<const std::string> s_;
  std::shared_ptr<const core::Path> path_;
  std::shared_ptr<const std::vector<Datum>> list_;
  std::shared_ptr<const Value> value_;
};

}  // namespace kg::query
