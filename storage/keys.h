// Key layout of the RocksDB store. All integers are big-endian so that byte order is numeric
// order and prefix scans work.
//
// Column families (the access paths; see docs/storage.md):
//   meta        "schema" → u32 version; "state" → CBOR counters
//   dictionary  'n'+node id → u64 | 'd'+doc id → u64 | 's'+statement id → u64 |
//               'P'+u32 → CBOR {lemma, count} | 'T'+u16 → type (both loaded into memory at open)
//   documents   doc u64 → CBOR document
//   nodes       node u64 → CBOR node (name, type, kind, alias counts, reference count)
//   aliases     normalized name + '\0' + node u64 → ""
//   statements  st u64 → CBOR statement (ids of subject/predicate/object, qualifiers, per-doc
//               evidence counts)
//   evidence    st u64 + evidence hash u64 → CBOR evidence
//   vertices    'v'+node u64 → vertex summary   } what the in-memory graph view loads at open,
//   edges       'e'+st u64 → 37-byte edge summary } without decoding CBOR
//               (two families: edge keys only grow, so an import's tables of them never overlap)
//   spo, pos, osp  permutations of (subject u64, predicate u32, object u64) + st u64 → ""
//   doc_index   doc u64 + 's' + st u64 + evidence hash u64 → "" (the document's evidence)
//               doc u64 + 'a' + node u64 + alias → "" (aliases the document contributed)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::storage {

// 2: the graph summaries in two families (vertices, edges) instead of one (graph).
constexpr uint32_t kSchemaVersion = 2;

enum Cf : int {
  kCfDefault = 0,
  kCfMeta,
  kCfDictionary,
  kCfDocuments,
  kCfNodes,
  kCfAliases,
  kCfStatements,
  kCfEvidence,
  kCfVertices,
  kCfEdges,
  kCfSpo,
  kCfPos,
  kCfOsp,
  kCfDocIndex,
  kCfCount,
};

// Column family names, indexed by Cf.
extern const char* const kCfNames[kCfCount];

void PutU16(std::string* out, uint16_t v);
void PutU32(std::string* out, uint32_t v);
void PutU64(std::string* out, uint64_t v);
// REQUIRES: at least 2/4/8 bytes at p.
uint16_t GetU16(const char* p);
uint32_t GetU32(const char* p);
uint64_t GetU64(const char* p);

// A key of at most 32 bytes of fixed-width parts, built in place: what a write stages several
// times per statement (the permutation indexes, evidence and its document index entry), without
// a heap allocation each.
class PackedKey {
 public:
  PackedKey& U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_[size_++] = static_cast<char>(v >> (56 - 8 * i));
    return *this;
  }
  PackedKey& U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_[size_++] = static_cast<char>(v >> (24 - 8 * i));
    return *this;
  }
  PackedKey& Byte(char c) {
    bytes_[size_++] = c;
    return *this;
  }
  std::string_view view() const { return std::string_view(bytes_, size_); }
  operator std::string_view() const { return view(); }  // NOLINT: a key is its bytes

 private:
  char bytes_[32];
  size_t size_ = 0;
};

PackedKey PackedEvidenceKey(uint64_t statement, uint64_t evidence_hash);
PackedKey PackedSpoKey(uint64_t s, uint32_t p, uint64_t o, uint64_t st);
PackedKey PackedPosKey(uint32_t p, uint64_t o, uint64_t s, uint64_t st);
PackedKey PackedOspKey(uint64_t o, uint64_t s, uint32_t p, uint64_t st);
PackedKey PackedDocEvidenceKey(uint64_t doc, uint64_t statement, uint64_t evidence_hash);

std::string U64Key(uint64_t id);
std::string DictKey(char tag, std::string_view text);
std::string DictKeyU32(char tag, uint32_t v);
std::string DictKeyU16(char tag, uint16_t v);
// Dictionary entry 'q' + node + statement: the statement names the node as a qualifier
// (location or speaker), which the permutation indexes do not cover.
std::string QualifierRefKey(uint64_t node, uint64_t statement);
std::string AliasKey(std::string_view normalized, uint64_t node);
std::string EvidenceKey(uint64_t statement, uint64_t evidence_hash);
std::string GraphVertexKey(uint64_t node);
std::string GraphEdgeKey(uint64_t statement);
std::string SpoKey(uint64_t s, uint32_t p, uint64_t o, uint64_t st);
std::string PosKey(uint32_t p, uint64_t o, uint64_t s, uint64_t st);
std::string OspKey(uint64_t o, uint64_t s, uint32_t p, uint64_t st);
std::string DocEvidenceKey(uint64_t doc, uint64_t statement, uint64_t evidence_hash);
std::string DocEvidencePrefix(uint64_t doc);
std::string DocAliasKey(uint64_t doc, uint64_t node, std::string_view alias);
// DocAliasKey appended to `out` (a buffer kept across calls).
void AppendDocAliasKey(std::string* out, uint64_t doc, uint64_t node, std::string_view alias);
std::string DocAliasPrefix(uint64_t doc);

}  // namespace kg::storage
