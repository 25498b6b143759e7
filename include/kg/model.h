// The kgraph data model: documents, nodes (entities and literals), statements and evidence.
//
// These are plain value types: what the API takes in and hands out. Identity rules:
//  - Document.id is stable: the caller's id, or "d:" + a content hash of the text.
//  - Node.id is stable for the life of the store ("e:12" for entities, "c:40" for literals);
//    ids given on import are kept.
//  - Statement.id is derived from its content key: subject id, predicate lemma, object id and
//    the key qualifiers (time, location, quantity, negated, modality, attributed_to). Two
//    statements with the same key are one statement with several pieces of evidence.
// Thread-safety: plain values, no internal synchronisation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kg {

// An article as stored. Evidence offsets are character (code point) offsets into `text`.
struct Document {
  std::string id;  // stable id; "d:" + content hash when the caller gives none
  std::string title;
  std::string source;  // outlet, e.g. "ft.com"
  std::string url;
  std::string published;    // ISO 8601 date (or year-month, year), "" when unknown
  std::string ingested_at;  // ISO 8601 UTC timestamp, set by the store
  std::string path;         // the file it was read from, "" when not from a file
  std::string text;         // the cleaned text; "" for documents known only from an import
};

// Whether a node names a thing in the world or carries a value.
enum class NodeKind : uint8_t {
  kEntity = 0,   // PERSON, ORG, LOCATION, EVENT, ... (resolvable, has aliases)
  kLiteral = 1,  // CLAIM, QUOTE, QUANTITY, DATE, ... (a value; never merged by name)
};

// One surface form of an entity and how many documents used it.
struct Alias {
  std::string text;
  uint32_t count = 0;
  bool operator==(const Alias& o) const { return text == o.text && count == o.count; }
};

struct Node {
  std::string id;    // "e:12"; must be non-empty
  std::string name;  // canonical name (or the literal's text)
  std::string type;  // upper-case type: PERSON, ORG, LOCATION, CLAIM, QUANTITY, ...
  NodeKind kind = NodeKind::kEntity;
  std::vector<Alias> aliases;  // every surface form seen, sorted by text
};

// A reference to a node from a qualifier (location, attributed_to).
struct NodeRef {
  std::string id;
  std::string name;  // may be empty when only the id is known
  bool operator==(const NodeRef& o) const { return id == o.id && name == o.name; }
};

// A number with the comparator the text used: "at least 12" is {12, ">="}.
struct Quantity {
  double value = 0;
  std::string comparator = "=";  // one of = < <= > >= ~
  std::string unit;              // "people", "kg", "%", or ""
  bool operator==(const Quantity& o) const {
    return value == o.value && comparator == o.comparator && unit == o.unit;
  }
};

struct Predicate {
  std::string lemma;  // "say"; the identity of the relation
  std::string text;   // surface text, "said"
};

// Typed factuality and context of a statement. All of them are part of the statement's key.
struct Qualifiers {
  std::string time;  // ISO 8601 date, year-month, year or interval; "" = none
  std::optional<NodeRef> location;
  std::optional<Quantity> quantity;
  bool negated = false;
  std::string modality;                  // "may", "might", "could", "would", "should", "will"; ""
  std::optional<NodeRef> attributed_to;  // the speaker when the statement is reported speech
};

// One place in one document that backs a statement.
struct Evidence {
  std::string doc;        // document id
  std::string source;     // outlet
  std::string published;  // document date, ISO 8601, "" when unknown
  std::string path;       // file the document came from, "" when not from a file
  std::string sentence;   // the sentence text
  uint64_t begin = 0;     // character (Unicode code point) offsets of the sentence in the
  uint64_t end = 0;       // document's text, half-open [begin, end), as Python slices them
  std::string rule;       // the component/rule that produced it, e.g. "svo/ccomp"
  std::string version;    // version of that component, "" when unknown
  std::optional<double> confidence;  // the extractor's confidence for this piece
};

struct Statement {
  std::string id;  // set by the store from the content key; ignored on input
  Node subject;
  Predicate predicate;
  Node object;
  Qualifiers qualifiers;
  // On input, the extractor's confidence in the statement (also taken by each piece of
  // evidence that carries none of its own). As read from the store, that combined with its
  // corroboration: a noisy-or over outlets of the evidence confidences
  // (core/model/corroboration.h), so more independent backing means higher confidence.
  double confidence = 1.0;
  uint32_t support = 0;  // distinct documents among the evidence; computed by the store
  uint32_t outlets = 0;  // distinct outlets among the evidence; computed by the store
  std::vector<Evidence> evidence;
};

// Node types whose nodes are literals rather than entities.
bool IsLiteralType(const std::string& type);

}  // namespace kg
