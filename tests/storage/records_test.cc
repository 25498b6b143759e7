// The hand-written record encoders must write exactly what nlohmann::json::to_cbor writes for
// the same object (stores written before them stay readable, and records stay byte-stable),
// and every record must decode back to itself.
#include "storage/records.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace kg::storage {
namespace {

using Json = nlohmann::json;

// What nlohmann writes for the object our bytes decode to: equal bytes mean the encoders follow
// its canonical form (sorted keys, shortest integer heads, compact floats).
std::string Canonical(const std::string& bytes) {
  const Json j = Json::from_cbor(bytes.begin(), bytes.end(), true, false);
  EXPECT_FALSE(j.is_discarded());
  std::string out;
  Json::to_cbor(j, out);
  return out;
}

class RecordGen {
 public:
  explicit RecordGen(uint32_t seed) : rng_(seed) {}

  uint64_t Int() {
    // Values around every width boundary of a CBOR head.
    static const uint64_t kEdges[] = {0,     1,     23,         24,         255,        256,
                                      65535, 65536, 4294967295, 4294967296, UINT64_MAX, 1234567};
    return rng_() % 3 == 0 ? rng_() : kEdges[rng_() % 12];
  }
  double Real() {
    static const double kValues[] = {0.0,   1.0,     0.5,    0.9,  0.123456789, -2.5,
                                     1e300, -1e-300, 3.0e38, 1e39, 0.75,        1.0 / 3};
    return kValues[rng_() % 12];
  }
  std::string Text() {
    static const char* kTexts[] = {"",
                                   "a",
                                   "Lena Marsh",
                                   "say",
                                   "quoted \"text\" with \\ and \n newline",
                                   "Wolkow \xC3\xA4\xC3\xB6",
                                   "twenty-three chars long",
                                   "twenty-four chars long!!"};
    std::string s = kTexts[rng_() % 8];
    if (rng_() % 4 == 0) s.append(rng_() % 2 ? 300 : 70000, 'x');  // 2- and 4-byte heads
    return s;
  }

  NodeRecord Node() {
    NodeRecord r;
    r.ext_id = Text();
    r.name = Text();
    r.type = Text();
    r.kind = rng_() % 2 ? NodeKind::kEntity : NodeKind::kLiteral;
    r.refs = Int();
    for (int i = rng_() % 30; i > 0; --i) r.aliases[Text() + std::to_string(i)] = rng_();
    return r;
  }
  StatementRecord Statement() {
    StatementRecord r;
    r.ext_id = Text();
    r.subject = Int();
    r.predicate = static_cast<uint32_t>(Int());
    r.predicate_text = Text();
    r.object = Int();
    QualifierRecord& q = r.qualifiers;
    if (rng_() % 2) q.time = Text() + "2025";
    if (rng_() % 2) q.location = Int() | 1;
    if (rng_() % 2) q.quantity = Quantity{Real(), rng_() % 2 ? ">=" : "=", Text()};
    q.negated = rng_() % 2;
    if (rng_() % 2) q.modality = "may";
    if (rng_() % 2) q.attributed_to = Int() | 1;
    r.confidence = Real();
    for (int i = rng_() % 40; i > 0; --i) r.docs.emplace_back(Int(), static_cast<uint32_t>(Int()));
    return r;
  }
  EvidenceRecord Evidence() {
    EvidenceRecord r;
    r.doc = Int();
    r.sentence = Text();
    r.begin = Int();
    r.end = Int();
    r.rule = Text();
    if (rng_() % 2) r.version = Text() + "1";
    if (rng_() % 2) r.confidence = Real();
    return r;
  }
  DocumentRecord Document() {
    DocumentRecord r;
    r.document.id = Text();
    r.document.title = Text();
    r.document.source = Text();
    r.document.url = Text();
    r.document.published = Text();
    r.document.ingested_at = Text();
    r.document.path = Text();
    r.document.text = Text();
    r.text_hash = Text();
    r.evidence = Int();
    return r;
  }

 private:
  std::mt19937_64 rng_;
};

TEST(RecordsTest, NodesEncodeAsNlohmannAndRoundTrip) {
  RecordGen gen(1);
  for (int i = 0; i < 300; ++i) {
    const NodeRecord r = gen.Node();
    const std::string bytes = EncodeNode(r);
    ASSERT_EQ(bytes, Canonical(bytes)) << "record " << i;
    NodeRecord back;
    ASSERT_TRUE(DecodeNode(bytes, &back).ok());
    EXPECT_EQ(back.ext_id, r.ext_id);
    EXPECT_EQ(back.name, r.name);
    EXPECT_EQ(back.type, r.type);
    EXPECT_EQ(back.kind, r.kind);
    EXPECT_EQ(back.refs, r.refs);
    EXPECT_EQ(back.aliases, r.aliases);
  }
}

TEST(RecordsTest, StatementsEncodeAsNlohmannAndRoundTrip) {
  RecordGen gen(2);
  for (int i = 0; i < 300; ++i) {
    const StatementRecord r = gen.Statement();
    const std::string bytes = EncodeStatement(r);
    ASSERT_EQ(bytes, Canonical(bytes)) << "record " << i;
    StatementRecord back;
    ASSERT_TRUE(DecodeStatement(bytes, &back).ok());
    EXPECT_EQ(back.ext_id, r.ext_id);
    EXPECT_EQ(back.subject, r.subject);
    EXPECT_EQ(back.predicate, r.predicate);
    EXPECT_EQ(back.predicate_text, r.predicate_text);
    EXPECT_EQ(back.object, r.object);
    EXPECT_EQ(back.confidence, r.confidence);
    EXPECT_EQ(back.docs, r.docs);
    const QualifierRecord& q = r.qualifiers;
    const QualifierRecord& b = back.qualifiers;
    EXPECT_EQ(b.time, q.time);
    EXPECT_EQ(b.location, q.location);
    EXPECT_EQ(b.quantity, q.quantity);
    EXPECT_EQ(b.negated, q.negated);
    EXPECT_EQ(b.modality, q.modality);
    EXPECT_EQ(b.attributed_to, q.attributed_to);
  }
}

TEST(RecordsTest, EvidenceAndDocumentsEncodeAsNlohmannAndRoundTrip) {
  RecordGen gen(3);
  for (int i = 0; i < 300; ++i) {
    const EvidenceRecord e = gen.Evidence();
    const std::string eb = EncodeEvidence(e);
    ASSERT_EQ(eb, Canonical(eb)) << "evidence " << i;
    EvidenceRecord eback;
    ASSERT_TRUE(DecodeEvidence(eb, &eback).ok());
    EXPECT_EQ(eback.doc, e.doc);
    EXPECT_EQ(eback.sentence, e.sentence);
    EXPECT_EQ(eback.begin, e.begin);
    EXPECT_EQ(eback.end, e.end);
    EXPECT_EQ(eback.rule, e.rule);
    EXPECT_EQ(eback.version, e.version);
    EXPECT_EQ(eback.confidence, e.confidence);

    const DocumentRecord d = gen.Document();
    const std::string db = EncodeDocument(d);
    ASSERT_EQ(db, Canonical(db)) << "document " << i;
    DocumentRecord dback;
    ASSERT_TRUE(DecodeDocument(db, &dback).ok());
    EXPECT_EQ(dback.document.id, d.document.id);
    EXPECT_EQ(dback.document.text, d.document.text);
    EXPECT_EQ(dback.document.url, d.document.url);
    EXPECT_EQ(dback.text_hash, d.text_hash);
    EXPECT_EQ(dback.evidence, d.evidence);
  }
}

TEST(RecordsTest, NonFiniteConfidenceEncodesAsNlohmann) {
  for (double v :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    EvidenceRecord e;
    e.confidence = v;
    const std::string bytes = EncodeEvidence(e);
    EXPECT_EQ(bytes, Canonical(bytes));
  }
}

}  // namespace
}  // namespace kg::storage
