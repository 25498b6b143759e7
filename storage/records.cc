#include "storage/records.h"

#include <cmath>
#include <cstring>
#include <limits>
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

// Writes CBOR exactly as nlohmann::json::to_cbor does for the same object (keys in sorted order,
// the shortest integer heads, a double as a float when that loses nothing), without building a
// json value: records are written on every import, and the tree cost more than the bytes.
// Callers write map keys in sorted (std::map) order themselves; tests check the bytes against
// nlohmann's. Not thread-safe; appends to a caller's string.
class CborWriter {
 public:
  explicit CborWriter(std::string* out) : out_(out) {}

  void Uint(uint64_t v) { Head(0x00, v); }
  void Bool(bool v) { out_->push_back(static_cast<char>(v ? 0xF5 : 0xF4)); }
  void String(std::string_view s) {
    Head(0x60, s.size());
    out_->append(s);
  }
  void Key(std::string_view k) { String(k); }
  void Array(uint64_t n) { Head(0x80, n); }
  void Map(uint64_t n) { Head(0xA0, n); }
  void Double(double v) {
    if (std::isnan(v)) {
      out_->append("\xF9\x7E\x00", 3);
    } else if (std::isinf(v)) {
      out_->append(v > 0 ? "\xF9\x7C\x00" : "\xF9\xFC\x00", 3);
    } else if (v >= static_cast<double>(std::numeric_limits<float>::lowest()) &&
               v <= static_cast<double>(std::numeric_limits<float>::max()) &&
               static_cast<double>(static_cast<float>(v)) == v) {
      const float f = static_cast<float>(v);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      out_->push_back(static_cast<char>(0xFA));
      Big(bits, 4);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &v, 8);
      out_->push_back(static_cast<char>(0xFB));
      Big(bits, 8);
    }
  }

 private:
  void Head(uint8_t major, uint64_t v) {
    if (v <= 0x17) {
      out_->push_back(static_cast<char>(major | v));
    } else if (v <= 0xFF) {
      out_->push_back(static_cast<char>(major | 0x18));
      Big(v, 1);
    } else if (v <= 0xFFFF) {
      out_->push_back(static_cast<char>(major | 0x19));
      Big(v, 2);
    } else if (v <= 0xFFFFFFFF) {
      out_->push_back(static_cast<char>(major | 0x1A));
      Big(v, 4);
    } else {
      out_->push_back(static_cast<char>(major | 0x1B));
      Big(v, 8);
    }
  }
  void Big(uint64_t v, int bytes) {
    char buf[8];
    for (int i = 0; i < bytes; ++i) buf[i] = static_cast<char>(v >> (8 * (bytes - 1 - i)));
    out_->append(buf, bytes);
  }

  std::string* out_;
};

}  // namespace

std::string EncodeNode(const NodeRecord& r) {
  std::string out;
  out.reserve(32 + r.ext_id.size() + r.name.size() + r.type.size() + 16 * r.aliases.size());
  CborWriter w(&out);
  w.Map(6);
  w.Key("a");
  w.Array(r.aliases.size());
  for (const auto& [text, count] : r.aliases) {
    w.Array(2);
    w.String(text);
    w.Uint(count);
  }
  w.Key("i");
  w.String(r.ext_id);
  w.Key("k");
  w.Uint(static_cast<uint64_t>(r.kind));
  w.Key("n");
  w.String(r.name);
  w.Key("r");
  w.Uint(r.refs);
  w.Key("t");
  w.String(r.type);
  return out;
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
  const QualifierRecord& qr = r.qualifiers;
  std::string out;
  out.reserve(64 + r.ext_id.size() + r.predicate_text.size() + qr.time.size() + qr.modality.size() +
              12 * r.docs.size());
  CborWriter w(&out);
  w.Map(8);
  w.Key("c");
  w.Double(r.confidence);
  w.Key("d");
  w.Array(r.docs.size());
  for (const auto& [doc, n] : r.docs) {
    w.Array(2);
    w.Uint(doc);
    w.Uint(n);
  }
  w.Key("i");
  w.String(r.ext_id);
  w.Key("o");
  w.Uint(r.object);
  w.Key("p");
  w.Uint(r.predicate);
  w.Key("pt");
  w.String(r.predicate_text);
  w.Key("q");
  w.Map((qr.attributed_to ? 1 : 0) + (qr.location ? 1 : 0) + (qr.modality.empty() ? 0 : 1) +
        (qr.negated ? 1 : 0) + (qr.quantity ? 1 : 0) + (qr.time.empty() ? 0 : 1));
  if (qr.attributed_to) {
    w.Key("a");
    w.Uint(qr.attributed_to);
  }
  if (qr.location) {
    w.Key("l");
    w.Uint(qr.location);
  }
  if (!qr.modality.empty()) {
    w.Key("m");
    w.String(qr.modality);
  }
  if (qr.negated) {
    w.Key("n");
    w.Bool(true);
  }
  if (qr.quantity) {
    w.Key("q");
    w.Array(3);
    w.Double(qr.quantity->value);
    w.String(qr.quantity->comparator);
    w.String(qr.quantity->unit);
  }
  if (!qr.time.empty()) {
    w.Key("t");
    w.String(qr.time);
  }
  w.Key("s");
  w.Uint(r.subject);
  return out;
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
  std::string out;
  out.reserve(48 + r.sentence.size() + r.rule.size() + r.version.size());
  CborWriter w(&out);
  w.Map(5 + (r.version.empty() ? 0 : 1) + (r.confidence ? 1 : 0));
  w.Key("b");
  w.Uint(r.begin);
  if (r.confidence) {
    w.Key("c");
    w.Double(*r.confidence);
  }
  w.Key("d");
  w.Uint(r.doc);
  w.Key("e");
  w.Uint(r.end);
  w.Key("r");
  w.String(r.rule);
  w.Key("s");
  w.String(r.sentence);
  if (!r.version.empty()) {
    w.Key("v");
    w.String(r.version);
  }
  return out;
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
  std::string out;
  out.reserve(96 + d.id.size() + d.title.size() + d.source.size() + d.url.size() + d.path.size() +
              d.text.size());
  CborWriter w(&out);
  w.Map(10);
  w.Key("ev");
  w.Uint(r.evidence);
  w.Key("h");
  w.String(r.text_hash);
  w.Key("i");
  w.String(d.id);
  w.Key("in");
  w.String(d.ingested_at);
  w.Key("pa");
  w.String(d.path);
  w.Key("pu");
  w.String(d.published);
  w.Key("so");
  w.String(d.source);
  w.Key("ti");
  w.String(d.title);
  w.Key("tx");
  w.String(d.text);
  w.Key("u");
  w.String(d.url);
  return out;
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
