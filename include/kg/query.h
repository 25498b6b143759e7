// KGQL queries against a kg::Database: options, result values and result output.
//
// A query is text in KGQL (docs/query-language.md). Database::Query runs one statement and
// returns a QueryResult (columns and rows of Values); Database::QueryScript runs several.
// Errors are Status values: syntax and binding errors are InvalidArgument (or NotFound for an
// unknown entity, with near names suggested) and carry line() and column() into the text; the
// message holds the offending line with a caret under the position. Limits give
// LimitExceeded, or a result marked `partial` when QueryOptions::partial_results is set.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"

namespace kg {

struct QueryOptions {
  // Rows a query may return; more is LimitExceeded (or a partial result). Default: 100000.
  uint64_t max_rows = 100000;
  // Edges a query may expand while matching patterns and searching paths. Default: 50000000.
  uint64_t max_expansions = 50000000;
  // Wall-clock limit per statement in milliseconds, 0 = none. Default: 30000.
  uint32_t timeout_ms = 30000;
  // When a limit is reached, return the rows found so far marked `partial` instead of an
  // error. Default: false.
  bool partial_results = false;
  // Set to true (from another thread or a signal handler) to cancel the running statement,
  // which then returns Cancelled. Not owned; may be null. Default: null.
  const std::atomic<bool>* cancel = nullptr;
};

// A node as a query returns it.
struct NodeValue {
  std::string id;  // "e:12"
  std::string name;
  std::string type;  // "PERSON", ... ("" when unknown)
  NodeKind kind = NodeKind::kEntity;
};

// A statement (an edge) as a query returns it.
struct RelationshipValue {
  std::string statement_id;  // "st:..."
  std::string predicate;     // lemma
  std::string subject_id;    // the statement's own direction, whatever way a pattern walked it
  std::string object_id;
  std::string subject_name;
  std::string object_name;
  Qualifiers qualifiers;
  uint32_t support = 0;  // distinct documents
  double confidence = 0;
};

// A path: nodes[0] -rels[0]- nodes[1] ... ; forward[i] says whether rels[i] was walked from its
// subject to its object.
struct PathValue {
  std::vector<NodeValue> nodes;
  std::vector<RelationshipValue> relationships;
  std::vector<bool> forward;
};

// One piece of evidence as `evidence(r)` returns it: Evidence plus the statement it backs.
struct EvidenceValue {
  std::string statement_id;
  Evidence evidence;
};

// A value in a result row.
class Value {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kNode, kRelationship, kPath,
                    kEvidence, kList, kMap };

  Value() = default;  // null
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Double(double d);
  static Value String(std::string s);
  static Value Node(NodeValue n);
  static Value Relationship(RelationshipValue r);
  static Value Path(PathValue p);
  static Value EvidenceItem(EvidenceValue e);
  static Value List(std::vector<Value> items);
  // Keys keep their order.
  static Value Map(std::vector<std::pair<std::string, Value>> entries);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  // REQUIRES: the matching kind().
  bool as_bool() const;
  int64_t as_int() const;
  double as_double() const;
  const std::string& as_string() const;
  const NodeValue& as_node() const;
  const RelationshipValue& as_relationship() const;
  const PathValue& as_path() const;
  const EvidenceValue& as_evidence() const;
  const std::vector<Value>& as_list() const;
  const std::vector<std::pair<std::string, Value>>& as_map() const;

  // Human text as the table output prints it: a node as its name, a path as
  // `Witkoff -[meet]-> Putin <-[say]- Peskov`, a list as [a, b].
  std::string ToText() const;

 private:
  Kind kind_ = Kind::kNull;
  std::shared_ptr<const void> payload_;  // immutable, so copies are cheap
  int64_t i_ = 0;
  double d_ = 0;
  bool b_ = false;
};

// Time spent in each phase of a statement, in microseconds.
struct QueryTimings {
  uint64_t parse_us = 0;
  uint64_t plan_us = 0;  // binding and planning
  uint64_t execute_us = 0;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  // True when a limit stopped the query early (only with QueryOptions::partial_results);
  // partial_reason says which limit.
  bool partial = false;
  std::string partial_reason;
  // For statements that do not return rows, or return more than rows: the plan of EXPLAIN,
  // "wrote 12 nodes and 15 edges to witkoff.graphml" for EXPORT.
  std::string message;
  QueryTimings timings;
};

enum class OutputFormat { kTable, kCsv, kJson, kJsonLines };

// Writes `result` in `format`: an aligned table (with a row count and a partial-result mark),
// CSV (RFC 4180), one JSON document, or one JSON object per row. Nodes, relationships, paths
// and evidence become JSON objects in the JSON formats.
void WriteQueryResult(const QueryResult& result, OutputFormat format, std::ostream& out);

// True when `text` holds at least one whole statement: a `;` outside strings and comments.
// The shell uses it to decide when to stop reading lines.
bool StatementComplete(std::string_view text);
// Bytes of `text` up to and including its last `;` outside strings and comments (0 when
// there is none): the whole statements a shell can run, leaving the rest for more input.
size_t CompleteStatementsLength(std::string_view text);

// The language's keywords and function names, for completion.
const std::vector<std::string>& QueryKeywords();

}  // namespace kg
