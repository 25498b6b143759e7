#include "storage/keys.h"

namespace kg::storage {

const char* const kCfNames[kCfCount] = {
    "default",  "meta",  "dictionary", "documents", "nodes", "aliases",  "statements",
    "evidence", "vertices", "edges",   "spo",       "pos",   "osp",      "doc_index"};

void PutU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

// One append of the big-endian bytes (byte-wise push_back showed up in import profiles).
void PutU32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (24 - 8 * i));
  out->append(b, 4);
}

void PutU64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (56 - 8 * i));
  out->append(b, 8);
}

uint16_t GetU16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}

uint32_t GetU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

uint64_t GetU64(const char* p) { return (uint64_t{GetU32(p)} << 32) | GetU32(p + 4); }

std::string U64Key(uint64_t id) {
  std::string k;
  PutU64(&k, id);
  return k;
}

std::string DictKey(char tag, std::string_view text) {
  std::string k(1, tag);
  k.append(text);
  return k;
}

std::string DictKeyU32(char tag, uint32_t v) {
  std::string k(1, tag);
  PutU32(&k, v);
  return k;
}

std::string DictKeyU16(char tag, uint16_t v) {
  std::string k(1, tag);
  PutU16(&k, v);
  return k;
}

std::string QualifierRefKey(uint64_t node, uint64_t statement) {
  std::string k(1, 'q');
  PutU64(&k, node);
  PutU64(&k, statement);
  return k;
}

std::string AliasKey(std::string_view normalized, uint64_t node) {
  std::string k(normalized);
  k.push_back('\0');
  PutU64(&k, node);
  return k;
}

PackedKey PackedEvidenceKey(uint64_t statement, uint64_t evidence_hash) {
  PackedKey k;
  k.U64(statement).U64(evidence_hash);
  return k;
}

std::string EvidenceKey(uint64_t statement, uint64_t evidence_hash) {
  return std::string(PackedEvidenceKey(statement, evidence_hash).view());
}

std::string GraphVertexKey(uint64_t node) {
  std::string k(1, 'v');
  PutU64(&k, node);
  return k;
}

std::string GraphEdgeKey(uint64_t statement) {
  std::string k(1, 'e');
  PutU64(&k, statement);
  return k;
}

PackedKey PackedSpoKey(uint64_t s, uint32_t p, uint64_t o, uint64_t st) {
  PackedKey k;
  k.U64(s).U32(p).U64(o).U64(st);
  return k;
}

PackedKey PackedPosKey(uint32_t p, uint64_t o, uint64_t s, uint64_t st) {
  PackedKey k;
  k.U32(p).U64(o).U64(s).U64(st);
  return k;
}

PackedKey PackedOspKey(uint64_t o, uint64_t s, uint32_t p, uint64_t st) {
  PackedKey k;
  k.U64(o).U64(s).U32(p).U64(st);
  return k;
}

std::string SpoKey(uint64_t s, uint32_t p, uint64_t o, uint64_t st) {
  return std::string(PackedSpoKey(s, p, o, st).view());
}

std::string PosKey(uint32_t p, uint64_t o, uint64_t s, uint64_t st) {
  return std::string(PackedPosKey(p, o, s, st).view());
}

std::string OspKey(uint64_t o, uint64_t s, uint32_t p, uint64_t st) {
  return std::string(PackedOspKey(o, s, p, st).view());
}

std::string DocEvidencePrefix(uint64_t doc) {
  std::string k;
  PutU64(&k, doc);
  k.push_back('s');
  return k;
}

PackedKey PackedDocEvidenceKey(uint64_t doc, uint64_t statement, uint64_t evidence_hash) {
  PackedKey k;
  k.U64(doc).Byte('s').U64(statement).U64(evidence_hash);
  return k;
}

std::string DocEvidenceKey(uint64_t doc, uint64_t statement, uint64_t evidence_hash) {
  return std::string(PackedDocEvidenceKey(doc, statement, evidence_hash).view());
}

std::string DocAliasPrefix(uint64_t doc) {
  std::string k;
  PutU64(&k, doc);
  k.push_back('a');
  return k;
}

void AppendDocAliasKey(std::string* out, uint64_t doc, uint64_t node, std::string_view alias) {
  out->append(PackedKey().U64(doc).Byte('a').U64(node).view());
  out->append(alias);
}

std::string DocAliasKey(uint64_t doc, uint64_t node, std::string_view alias) {
  std::string k;
  AppendDocAliasKey(&k, doc, node, alias);
  return k;
}

}  // namespace kg::storage
