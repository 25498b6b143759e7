// The records stored in the column families and their compact encodings (CBOR via nlohmann,
// fixed-width binary for the graph summaries the view loads at open).
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"

namespace kg::storage {

struct NodeRecord {
  std::string ext_id;
  std::string name;
  std::string type;
  NodeKind kind = NodeKind::kEntity;
  std::map<std::string, uint32_t> aliases;  // surface form → documents that used it
  uint64_t refs = 0;  // statements that name this node (subject, object or qualifier)
};

struct QualifierRecord {
  std::string time;
  uint64_t location = 0;  // node id + 1; 0 = none
  std::optional<Quantity> quantity;
  bool negated = false;
  std::string modality;
  uint64_t attributed_to = 0;  // node id + 1; 0 = none
};

struct StatementRecord {
  std::string ext_id;
  uint64_t subject = 0;
  uint32_t predicate = 0;
  std::string predicate_text;
  uint64_t object = 0;
  QualifierRecord qualifiers;
  double confidence = 0;
  std::vector<std::pair<uint64_t, uint32_t>> docs;  // doc id → pieces of evidence, sorted
  uint32_t Support() const { return static_cast<uint32_t>(docs.size()); }
};

struct EvidenceRecord {
  uint64_t doc = 0;
  std::string sentence;
  uint64_t begin = 0;
  uint64_t end = 0;
  std::string rule;
  std::string version;
  std::optional<double> confidence;
};

struct DocumentRecord {
  Document document;      // everything but statistics
  std::string text_hash;  // content hash of document.text ("" when there is no text)
  uint64_t evidence = 0;  // pieces of evidence that point into this document
};

// Fixed-width edge summary: what the graph view needs of a statement.
struct EdgeSummary {
  uint64_t subject = 0;
  uint64_t object = 0;
  uint32_t predicate = 0;
  uint32_t support = 0;
  float confidence = 0;
  int32_t time_first = 0;  // yyyymmdd, 0 = no time
  int32_t time_last = 0;
  uint8_t flags = 0;  // kEdgeNegated | kEdgeAttributed | kEdgeModal
};
constexpr uint8_t kEdgeNegated = 1;
constexpr uint8_t kEdgeAttributed = 2;
constexpr uint8_t kEdgeModal = 4;

struct VertexSummary {
  NodeKind kind = NodeKind::kEntity;
  uint16_t type = 0;
};

// Counters kept in meta "state", rewritten with every batch.
struct StoreState {
  uint64_t next_node = 0;
  uint64_t next_statement = 0;
  uint64_t next_doc = 0;
  uint32_t next_predicate = 0;
  uint16_t next_type = 0;
  uint64_t next_entity_number = 1;   // for generated ids "e:N"
  uint64_t next_literal_number = 1;  // for generated ids "c:N"
  uint64_t documents = 0;
  uint64_t nodes = 0;
  uint64_t entities = 0;
  uint64_t statements = 0;
  uint64_t evidence = 0;
  uint64_t aliases = 0;

  // Whether the store holds no document, node, statement or evidence.
  bool Empty() const { return documents == 0 && nodes == 0 && statements == 0 && evidence == 0; }
};

std::string EncodeNode(const NodeRecord& r);
Status DecodeNode(std::string_view bytes, NodeRecord* r);
std::string EncodeStatement(const StatementRecord& r);
Status DecodeStatement(std::string_view bytes, StatementRecord* r);
std::string EncodeEvidence(const EvidenceRecord& r);
Status DecodeEvidence(std::string_view bytes, EvidenceRecord* r);
std::string EncodeDocument(const DocumentRecord& r);
Status DecodeDocument(std::string_view bytes, DocumentRecord* r);
std::string EncodeState(const StoreState& s);
Status DecodeState(std::string_view bytes, StoreState* s);
std::string EncodePredicateInfo(const std::string& lemma, uint64_t count);
Status DecodePredicateInfo(std::string_view bytes, std::string* lemma, uint64_t* count);

constexpr size_t kEdgeSummarySize = 37;
std::string EncodeEdge(const EdgeSummary& e);
// REQUIRES: bytes.size() == kEdgeSummarySize (else Corruption).
Status DecodeEdge(std::string_view bytes, EdgeSummary* e);
std::string EncodeVertex(const VertexSummary& v);
Status DecodeVertex(std::string_view bytes, VertexSummary* v);

}  // namespace kg::storage
