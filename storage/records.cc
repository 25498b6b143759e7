#include "storage/records.h"

#include <cstring>
#include <nlohmann/json.hpp>

#include "storage/keys.h"

namespace kg::storage {

namespace {

using Json = nlohmann::json;

std::string ToCbor(const Json& j) {
  std::string out;
  Json::to_cbor(j, out);
  return out;
}

// Parses CBOR; Corruption (never an exception) when the bytes are not what we wrote.
Status FromCbor(std::string_view bytes, const char* what, Json* j) {
  *j = Json::from_cbor(bytes.begin(), bytes.end(), true, false);
  if (j->is_discarded() || !j->is_object()) {
    return Status::Corruption(std::string("undecodable ") + what + " record");
  }
  return Status::OK();
}

template <typename F>
Status Decode(std::string_view bytes, const char* what, F&& fill) {
  Json j;
  KG_RETURN_IF_ERROR(FromCbor(bytes, what, &j));
  try {
    fill(j);
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("bad ") + what + " record: " + e.what());
  }
  return Status::OK();
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? std::string() : it->get<std::string>();
}

template <typename T>
T Num(const Json& j, const char* key, T fallback = 0) {
  auto it = j.find(key);
  return it == j.end() ? fallback : it->get<T>();
}

}  // namespace

std::string EncodeNode(const NodeRecord& r) {
  Json j = {{"i", r.ext_id},
            {"n", r.name},
            {"t", r.type},
            {"k", static_cast<int>(r.kind)},
            {"r", r.refs}};
  Json aliases = Json::array();
  for (const auto& [text, count] : r.aliases) aliases.push_back(Json::array({text, count}));
  j["a"] = std::move(aliases);
  return ToCbor(j);
}

Status DecodeNode(std::string_view bytes, NodeRecord* r) {
  return Decode(bytes, "node", [&](const Json& j) {
    r->ext_id = Str(j, "i");
    r->name = Str(j, "n");
    r->type = Str(j, "t");
    r->kind = static_cast<NodeKind>(Num<int>(j, "k"));
    r->refs = Num<uint64_t>(j, "r");
    r->aliases.clear();
    for (const Json& a : j.at("a"))
      r->aliases[a.at(0).get<std::string>()] = a.at(1).get<uint32_t>();
  });
}

std::string EncodeStatement(const StatementRecord& r) {
  Json q = Json::object();
  const QualifierRecord& qr = r.qualifiers;
  if (!qr.time.empty()) q["t"] = qr.time;
  if (qr.location) q["l"] = qr.location;
  if (qr.quantity)
    q["q"] = Json::array({qr.quantity->value, qr.quantity->comparator, qr.quantity->unit});
  if (qr.negated) q["n"] = true;
  if (!qr.modality.empty()) q["m"] = qr.modality;
  if (qr.attributed_to) q["a"] = qr.attributed_to;
  Json docs = Json::array();
  for (const auto& [doc, n] : r.docs) docs.push_back(Json::array({doc, n}));
  Json j = {{"i", r.ext_id}, {"s", r.subject},    {"p", r.predicate},  {"pt", r.predicate_text},
            {"o", r.object}, {"q", std::move(q)}, {"c", r.confidence}, {"d", std::move(docs)}};
  return ToCbor(j);
}

Status DecodeStatement(std::string_view bytes, StatementRecord* r) {
  return Decode(bytes, "statement", [&](const Json& j) {
    r->ext_id = Str(j, "i");
    r->subject = j.at("s").get<uint64_t>();
    r->predicate = j.at("p").get<uint32_t>();
    r->predicate_text = Str(j, "pt");
    r->object = j.at("o").get<uint64_t>();
    r->confidence = j.at("c").get<double>();
    const Json& q = j.at("q");
    QualifierRecord& qr = r->qualifiers;
    qr = QualifierRecord();
    qr.time = Str(q, "t");
    qr.location = Num<uint64_t>(q, "l");
    if (auto it = q.find("q"); it != q.end()) {
      qr.quantity = Quantity{it->at(0).get<double>(), it->at(1).get<std::string>(),
                             it->at(2).get<std::string>()};
    }
    qr.negated = q.contains("n");
    qr.modality = Str(q, "m");
    qr.attributed_to = Num<uint64_t>(q, "a");
    r->docs.clear();
    for (const Json& d : j.at("d"))
      r->docs.emplace_back(d.at(0).get<uint64_t>(), d.at(1).get<uint32_t>());
  });
}

std::string EncodeEvidence(const EvidenceRecord& r) {
  Json j = {{"d", r.doc}, {"s", r.sentence}, {"b", r.begin}, {"e", r.end}, {"r", r.rule}};
  if (!r.version.empty()) j["v"] = r.version;
  if (r.confidence) j["c"] = *r.confidence;
  return ToCbor(j);
}

Status DecodeEvidence(std::string_view bytes, EvidenceRecord* r) {
  return Decode(bytes, "evidence", [&](const Json& j) {
    r->doc = j.at("d").get<uint64_t>();
    r->sentence = Str(j, "s");
    r->begin = j.at("b").get<uint64_t>();
    r->end = j.at("e").get<uint64_t>();
    r->rule = Str(j, "r");
    r->version = Str(j, "v");
    r->confidence.reset();
    if (auto it = j.find("c"); it != j.end()) r->confidence = it->get<double>();
  });
}

std::string EncodeDocument(const DocumentRecord& r) {
  const Document& d = r.document;
  Json j = {{"i", d.id},         {"ti", d.title},       {"so", d.source}, {"u", d.url},
            {"pu", d.published}, {"in", d.ingested_at}, {"pa", d.path},   {"tx", d.text},
            {"h", r.text_hash},  {"ev", r.evidence}};
  return ToCbor(j);
}

Status DecodeDocument(std::string_view bytes, DocumentRecord* r) {
  return Decode(bytes, "document", [&](const Json& j) {
    Document& d = r->document;
    d.id = Str(j, "i");
    d.title = Str(j, "ti");
    d.source = Str(j, "so");
    d.url = Str(j, "u");
    d.published = Str(j, "pu");
    d.ingested_at = Str(j, "in");
    d.path = Str(j, "pa");
    d.text = Str(j, "tx");
    r->text_hash = Str(j, "h");
    r->evidence = Num<uint64_t>(j, "ev");
  });
}

std::string EncodeState(const StoreState& s) {
  Json j = {{"nn", s.next_node},
            {"ns", s.next_statement},
            {"nd", s.next_doc},
            {"np", s.next_predicate},
            {"nt", s.next_type},
            {"ne", s.next_entity_number},
            {"nl", s.next_literal_number},
            {"cd", s.documents},
            {"cn", s.nodes},
            {"ce", s.entities},
            {"cs", s.statements},
            {"cv", s.evidence},
            {"ca", s.aliases}};
  return ToCbor(j);
}

Status DecodeState(std::string_view bytes, StoreState* s) {
  return Decode(bytes, "state", [&](const Json& j) {
    s->next_node = Num<uint64_t>(j, "nn");
    s->next_statement = Num<uint64_t>(j, "ns");
    s->next_doc = Num<uint64_t>(j, "nd");
    s->next_predicate = Num<uint32_t>(j, "np");
    s->next_type = Num<uint16_t>(j, "nt");
    s->next_entity_number = Num<uint64_t>(j, "ne", 1);
    s->next_literal_number = Num<uint64_t>(j, "nl", 1);
    s->documents = Num<uint64_t>(j, "cd");
    s->nodes = Num<uint64_t>(j, "cn");
    s->entities = Num<uint64_t>(j, "ce");
    s->statements = Num<uint64_t>(j, "cs");
    s->evidence = Num<uint64_t>(j, "cv");
    s->aliases = Num<uint64_t>(j, "ca");
  });
}

std::string EncodePredicateInfo(const std::string& lemma, uint64_t count) {
  return ToCbor(Json{{"l", lemma}, {"c", count}});
}

Status DecodePredicateInfo(std::string_view bytes, std::string* lemma, uint64_t* count) {
  return Decode(bytes, "predicate", [&](const Json& j) {
    *lemma = Str(j, "l");
    *count = Num<uint64_t>(j, "c");
  });
}

std::string EncodeEdge(const EdgeSummary& e) {
  std::string out;
  out.reserve(kEdgeSummarySize);
  PutU64(&out, e.subject);
  PutU64(&out, e.object);
  PutU32(&out, e.predicate);
  PutU32(&out, e.support);
  uint32_t conf_bits;
  std::memcpy(&conf_bits, &e.confidence, 4);
  PutU32(&out, conf_bits);
  PutU32(&out, static_cast<uint32_t>(e.time_first));
  PutU32(&out, static_cast<uint32_t>(e.time_last));
  out.push_back(static_cast<char>(e.flags));
  return out;
}

Status DecodeEdge(std::string_view b, EdgeSummary* e) {
  if (b.size() != kEdgeSummarySize) return Status::Corruption("edge summary of wrong size");
  const char* p = b.data();
  e->subject = GetU64(p);
  e->object = GetU64(p + 8);
  e->predicate = GetU32(p + 16);
  e->support = GetU32(p + 20);
  const uint32_t conf_bits = GetU32(p + 24);
  std::memcpy(&e->confidence, &conf_bits, 4);
  e->time_first = static_cast<int32_t>(GetU32(p + 28));
  e->time_last = static_cast<int32_t>(GetU32(p + 32));
  e->flags = static_cast<uint8_t>(p[36]);
  return Status::OK();
}

std::string EncodeVertex(const VertexSummary& v) {
  std::string out(1, static_cast<char>(v.kind));
  PutU16(&out, v.type);
  return out;
}

Status DecodeVertex(std::string_view b, VertexSummary* v) {
  if (b.size() != 3) return Status::Corruption("vertex summary of wrong size");
  v->kind = static_cast<NodeKind>(b[0]);
  v->type = GetU16(b.data() + 1);
  return Status::OK();
}

}  // namespace kg::storage
