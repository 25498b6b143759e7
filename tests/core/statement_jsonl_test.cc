#include "core/export/statement_jsonl.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/model/statement_key.h"

namespace kg::core {
namespace {

using Json = nlohmann::json;
using namespace std::string_literals;

// A statement with every field set, written for these tests.
Statement FullStatement() {
  Statement st;
  st.id = "st:0123456789abcdef0123456789abcdef";
  st.subject = {"e:3",
                "Maria Okafor",
                "PERSON",
                NodeKind::kEntity,
                {{"Okafor", 4}, {"Dr Okafor", 2}, {"Maria Okafor", 7}}};
  st.predicate = {"announce", "announced"};
  st.object = {"c:9", "the harbour bridge would reopen in May", "CLAIM", NodeKind::kLiteral, {}};
  st.qualifiers.time = "2024-03-14";
  st.qualifiers.location = NodeRef{"e:5", "Lagos"};
  st.qualifiers.quantity = Quantity{12, ">=", "lanes"};
  st.qualifiers.negated = true;
  st.qualifiers.modality = "might";
  st.qualifiers.attributed_to = NodeRef{"e:3", "Maria Okafor"};
  st.confidence = 0.83;
  st.support = 2;
  st.outlets = 2;
  Evidence a;
  a.doc = "doc_a";
  a.source = "example.org";
  a.published = "2024-03-15";
  a.path = "news/doc_a.txt";
  a.sentence = "Okafor announced that the bridge might reopen in May.";
  a.begin = 120;
  a.end = 173;
  a.rule = "svo/ccomp";
  a.version = "0.3.1";
  a.confidence = 0.9;
  Evidence b;
  b.doc = "doc_b";
  b.sentence = "The bridge could reopen, Okafor said.";
  b.begin = 0;
  b.end = 37;
  b.rule = "quote/said";
  st.evidence = {a, b};
  return st;
}

// What FormatStatementJson(FullStatement()) must be, byte for byte.
constexpr char kFullLine[] =
    R"({"id":"st:0123456789abcdef0123456789abcdef",)"
    R"("subject":{"id":"e:3","name":"Maria Okafor","type":"PERSON",)"
    R"("aliases":["Dr Okafor","Maria Okafor","Okafor"]},)"
    R"("predicate":{"lemma":"announce","text":"announced"},)"
    R"("object":{"id":"c:9","name":"the harbour bridge would reopen in May","type":"CLAIM",)"
    R"("aliases":[]},)"
    R"("qualifiers":{"time":"2024-03-14","location":{"id":"e:5","name":"Lagos"},)"
    R"("quantity":{"value":12.0,"comparator":">=","unit":"lanes"},"negated":true,)"
    R"("modality":"might","attributed_to":{"id":"e:3","name":"Maria Okafor"}},)"
    R"("confidence":0.83,"support":2,"outlets":2,)"
    R"("evidence":[{"doc":"doc_a","source":"example.org","published":"2024-03-15",)"
    R"("path":"news/doc_a.txt","sentence":"Okafor announced that the bridge might reopen in May.",)"
    R"("begin":120,"end":173,"rule":"svo/ccomp","version":"0.3.1","confidence":0.9},)"
    R"({"doc":"doc_b","source":"","published":"","path":"",)"
    R"("sentence":"The bridge could reopen, Okafor said.","begin":0,"end":37,)"
    R"("rule":"quote/said","version":"","confidence":null}]})";

// A small valid input line as JSON, for tests that change one field of it.
Json MinimalJson() {
  return Json::parse(R"({
    "subject": {"id": "e:1", "name": "Port Authority", "type": "ORG"},
    "predicate": {"lemma": "close", "text": "closed"},
    "object": {"id": "e:2", "name": "Pier 4", "type": "FACILITY"},
    "evidence": [{"doc": "d1", "sentence": "The Port Authority closed Pier 4.",
                  "begin": 10, "end": 43}]
  })");
}

Result<Statement> ParseJson(const Json& j) { return ParseStatementJson(j.dump()); }

// Parses `line`, expecting an InvalidArgument whose message contains `needle`.
void ExpectError(const std::string& line, const std::string& needle) {
  Result<Statement> r = ParseStatementJson(line);
  ASSERT_FALSE(r.ok()) << "parsed without error: " << line;
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find(needle), std::string::npos)
      << "message: " << r.status().message() << "\nexpected it to contain: " << needle;
}

void ExpectStable(const Statement& st) {
  const std::string line = FormatStatementJson(st);
  Result<Statement> parsed = ParseStatementJson(line);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << line;
  EXPECT_EQ(FormatStatementJson(*parsed), line);
}

TEST(StatementJsonlTest, FormatsInFixedFieldOrder) {
  EXPECT_EQ(FormatStatementJson(FullStatement()), kFullLine);
}

TEST(StatementJsonlTest, CanonicalLineRoundTripsByteIdentical) {
  Result<Statement> st = ParseStatementJson(kFullLine);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(FormatStatementJson(*st), kFullLine);
}

TEST(StatementJsonlTest, ParsesEveryField) {
  Result<Statement> r = ParseStatementJson(kFullLine);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Statement& st = *r;
  EXPECT_EQ(st.id, "st:0123456789abcdef0123456789abcdef");
  EXPECT_EQ(st.subject.id, "e:3");
  EXPECT_EQ(st.subject.name, "Maria Okafor");
  EXPECT_EQ(st.subject.type, "PERSON");
  EXPECT_EQ(st.subject.kind, NodeKind::kEntity);
  const std::vector<Alias> aliases = {{"Dr Okafor", 1}, {"Maria Okafor", 1}, {"Okafor", 1}};
  EXPECT_EQ(st.subject.aliases, aliases);
  EXPECT_EQ(st.predicate.lemma, "announce");
  EXPECT_EQ(st.predicate.text, "announced");
  EXPECT_EQ(st.object.kind, NodeKind::kLiteral);
  EXPECT_TRUE(st.object.aliases.empty());
  EXPECT_EQ(st.qualifiers.time, "2024-03-14");
  EXPECT_EQ(st.qualifiers.location, (NodeRef{"e:5", "Lagos"}));
  EXPECT_EQ(st.qualifiers.quantity, (Quantity{12, ">=", "lanes"}));
  EXPECT_TRUE(st.qualifiers.negated);
  EXPECT_EQ(st.qualifiers.modality, "might");
  EXPECT_EQ(st.qualifiers.attributed_to, (NodeRef{"e:3", "Maria Okafor"}));
  EXPECT_DOUBLE_EQ(st.confidence, 0.83);
  EXPECT_EQ(st.support, 2u);
  ASSERT_EQ(st.evidence.size(), 2u);
  EXPECT_EQ(st.evidence[0].doc, "doc_a");
  EXPECT_EQ(st.evidence[0].source, "example.org");
  EXPECT_EQ(st.evidence[0].published, "2024-03-15");
  EXPECT_EQ(st.evidence[0].path, "news/doc_a.txt");
  EXPECT_EQ(st.evidence[0].begin, 120u);
  EXPECT_EQ(st.evidence[0].end, 173u);
  EXPECT_EQ(st.evidence[0].rule, "svo/ccomp");
  EXPECT_EQ(st.evidence[0].version, "0.3.1");
  EXPECT_EQ(st.evidence[0].confidence, 0.9);
  EXPECT_EQ(st.evidence[1].source, "");
  EXPECT_FALSE(st.evidence[1].confidence.has_value());
}

// The layout of docs/statement-jsonl.md: spaces, a location given as a bare id, aliases in
// no particular order, "quantity" before "negated", no evidence.version or confidence.
TEST(StatementJsonlTest, ParsesSpecStyleLine) {
  const std::string line =
      R"({"id": "st:77aa",)"
      R"( "subject":   {"id": "e:21", "name": "Tomas Lindqvist", "type": "PERSON",)"
      R"(               "aliases": ["Lindqvist", "Mr Lindqvist", "Tomas Lindqvist"]},)"
      R"( "predicate": {"lemma": "say", "text": "said"},)"
      R"( "object":    {"id": "c:88", "name": "the mill would hire 40 workers", "type": "CLAIM"},)"
      R"( "qualifiers": {"time": "2023-11-02", "location": "e:9", "negated": false,)"
      R"(                "modality": null, "attributed_to": null, "quantity": null},)"
      R"( "confidence": 0.7,)"
      R"( "support": 1,)"
      R"( "evidence": [{"doc": "n_0042", "source": "example.net", "published": "2023-11-03",)"
      R"(               "path": "news/n_0042.txt",)"
      R"(               "sentence": "Lindqvist said on Thursday that the mill would hire 40.",)"
      R"(               "begin": 310, "end": 365, "rule": "svo/ccomp"}]})";
  Result<Statement> r = ParseStatementJson(line);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->subject.aliases.size(), 3u);
  EXPECT_EQ(r->subject.aliases[0].text, "Lindqvist");
  EXPECT_EQ(r->object.type, "CLAIM");
  EXPECT_EQ(r->object.kind, NodeKind::kLiteral);
  EXPECT_EQ(r->qualifiers.location, (NodeRef{"e:9", ""}));
  EXPECT_FALSE(r->qualifiers.quantity.has_value());
  EXPECT_FALSE(r->qualifiers.attributed_to.has_value());
  EXPECT_EQ(r->qualifiers.modality, "");
  EXPECT_EQ(r->evidence[0].version, "");
  EXPECT_FALSE(r->evidence[0].confidence.has_value());
  ExpectStable(*r);
}

TEST(StatementJsonlTest, MissingOptionalFieldsGetDefaults) {
  Json j = MinimalJson();
  j["subject"].erase("type");
  j["predicate"].erase("text");
  Result<Statement> r = ParseJson(j);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "");
  EXPECT_EQ(r->subject.type, "OTHER");
  EXPECT_EQ(r->subject.kind, NodeKind::kEntity);
  EXPECT_EQ(r->object.type, "FACILITY");
  EXPECT_EQ(r->predicate.text, "");
  EXPECT_EQ(r->confidence, 1.0);
  EXPECT_EQ(r->support, 0u);
  EXPECT_EQ(r->qualifiers.time, "");
  EXPECT_FALSE(r->qualifiers.location.has_value());
  EXPECT_FALSE(r->qualifiers.quantity.has_value());
  EXPECT_FALSE(r->qualifiers.negated);
  EXPECT_EQ(r->evidence[0].rule, "");
  ExpectStable(*r);
}

TEST(StatementJsonlTest, LiteralNameMayBeGivenAsText) {
  Json j = MinimalJson();
  j["object"] = {{"id", "c:4"}, {"text", "a 3% rise"}, {"type", "QUANTITY"}};
  Result<Statement> r = ParseJson(j);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->object.name, "a 3% rise");
  EXPECT_EQ(r->object.kind, NodeKind::kLiteral);
}

TEST(StatementJsonlTest, AliasesAreSortedAndDeduplicated) {
  Json j = MinimalJson();
  j["subject"]["aliases"] = {"the Authority", "Port Authority", "PA", "the Authority"};
  Result<Statement> r = ParseJson(j);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<Alias> expected = {{"PA", 1}, {"Port Authority", 1}, {"the Authority", 1}};
  EXPECT_EQ(r->subject.aliases, expected);

  Statement st = FullStatement();
  st.subject.aliases = {{"b", 1}, {"a", 2}, {"b", 3}};
  const std::string line = FormatStatementJson(st);
  EXPECT_NE(line.find(R"("aliases":["a","b"])"), std::string::npos) << line;
  ExpectStable(st);
}

TEST(StatementJsonlTest, QualifierReferenceAsStringOrObject) {
  Json j = MinimalJson();
  j["qualifiers"] = {{"location", "e:7"}, {"attributed_to", {{"id", "e:8"}, {"name", "Ana Ruiz"}}}};
  Result<Statement> r = ParseJson(j);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->qualifiers.location, (NodeRef{"e:7", ""}));
  EXPECT_EQ(r->qualifiers.attributed_to, (NodeRef{"e:8", "Ana Ruiz"}));

  j["qualifiers"] = {{"location", {{"id", "e:7"}}}, {"attributed_to", ""}};
  r = ParseJson(j);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->qualifiers.location, (NodeRef{"e:7", ""}));
  EXPECT_FALSE(r->qualifiers.attributed_to.has_value());

  const std::string line = FormatStatementJson(*r);
  EXPECT_NE(line.find(R"("location":{"id":"e:7","name":""})"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("attributed_to":null)"), std::string::npos) << line;
}

TEST(StatementJsonlTest, QuantityForms) {
  struct Case {
    Json input;
    Quantity expected;
  };
  const std::vector<Case> cases = {
      {12, {12, "=", ""}},
      {2.5, {2.5, "=", ""}},
      {"12", {12, "=", ""}},
      {"  12  ", {12, "=", ""}},
      {"-3", {-3, "=", ""}},
      {"at least 12", {12, ">=", ""}},
      {"At least 12 people", {12, ">=", "people"}},
      {"no fewer than 5", {5, ">=", ""}},
      {"more than 70", {70, ">", ""}},
      {"over 1,200 homes", {1200, ">", "homes"}},
      {"above 3.5", {3.5, ">", ""}},
      {"at most 9", {9, "<=", ""}},
      {"no more than 9", {9, "<=", ""}},
      {"up to 30 km", {30, "<=", "km"}},
      {"fewer than 10", {10, "<", ""}},
      {"less than 0.5", {0.5, "<", ""}},
      {"under 18", {18, "<", ""}},
      {"below 4", {4, "<", ""}},
      {"nearly 40", {40, "~", ""}},
      {"about 40", {40, "~", ""}},
      {"around 40", {40, "~", ""}},
      {"almost 40", {40, "~", ""}},
      {"some 40 ships", {40, "~", "ships"}},
      {"approximately 40", {40, "~", ""}},
      {"roughly 40", {40, "~", ""}},
      {"~5", {5, "~", ""}},
      {">=3", {3, ">=", ""}},
      {"<= 3", {3, "<=", ""}},
      {"> 3", {3, ">", ""}},
      {"<3", {3, "<", ""}},
      {"\u2265 3", {3, ">=", ""}},
      {"250kg", {250, "=", "kg"}},
      {"20%", {20, "=", "%"}},
      {"1.5 million people", {1.5e6, "=", "people"}},
      {"$4 billion", {4e9, "=", "$"}},
      {"\u20ac30", {30, "=", "\u20ac"}},
      {"40 \u00b0C", {40, "=", "\u00b0C"}},
      {".5", {0.5, "=", ""}},
      {"1,234,567", {1234567, "=", ""}},
      {Json{{"value", 7}}, {7, "=", ""}},
      {Json{{"value", 7.25}, {"comparator", "~"}, {"unit", "m"}}, {7.25, "~", "m"}},
      {Json{{"value", 7}, {"comparator", nullptr}, {"unit", nullptr}}, {7, "=", ""}},
  };
  for (const Case& c : cases) {
    Json j = MinimalJson();
    j["qualifiers"] = {{"quantity", c.input}};
    Result<Statement> r = ParseJson(j);
    ASSERT_TRUE(r.ok()) << c.input.dump() << ": " << r.status().ToString();
    ASSERT_TRUE(r->qualifiers.quantity.has_value()) << c.input.dump();
    EXPECT_EQ(*r->qualifiers.quantity, c.expected)
        << c.input.dump() << " → " << r->qualifiers.quantity->value << " "
        << r->qualifiers.quantity->comparator << " '" << r->qualifiers.quantity->unit << "'";
    ExpectStable(*r);
  }
}

TEST(StatementJsonlTest, UnreadableQuantityIsAnError) {
  for (const char* text : {"", "lots", "many people", "12-15", "1,23", "12.5.3", "at least",
                           "twelve", "$5bn", "12 ,"}) {
    Json j = MinimalJson();
    j["qualifiers"] = {{"quantity", text}};
    SCOPED_TRACE(text);
    ExpectError(j.dump(), "qualifiers.quantity: cannot read a quantity");
  }
  Json j = MinimalJson();
  j["qualifiers"] = {{"quantity", {{"value", 3}, {"comparator", "=>"}}}};
  ExpectError(j.dump(), "qualifiers.quantity.comparator");
  j["qualifiers"] = {{"quantity", {{"unit", "kg"}}}};
  ExpectError(j.dump(), "qualifiers.quantity.value: missing");
  j["qualifiers"] = {{"quantity", {{"value", "3"}}}};
  ExpectError(j.dump(), "qualifiers.quantity.value: expected a number");
  j["qualifiers"] = {{"quantity", true}};
  ExpectError(j.dump(), "qualifiers.quantity: expected a number, a string or an object");
}

TEST(StatementJsonlTest, ErrorsNameTheField) {
  struct Case {
    const char* pointer;  // JSON pointer into MinimalJson()
    Json value;           // the replacement; discarded (null) means "remove the field"
    const char* message;
  };
  const Json remove_field = Json::value_t::discarded;
  const std::vector<Case> cases = {
      {"/subject", remove_field, "subject: missing"},
      {"/subject", nullptr, "subject: missing"},
      {"/subject", "e:1", "subject: expected an object, got a string"},
      {"/subject/id", remove_field, "subject.id: missing"},
      {"/subject/id", 12, "subject.id: expected a string, got 12"},
      {"/subject/name", remove_field, "subject.name: missing"},
      {"/subject/type", Json::array(), "subject.type: expected a string, got an array"},
      {"/subject/aliases", "x", "subject.aliases: expected an array"},
      {"/subject/aliases", {"a", 3}, "subject.aliases[1]: expected a string, got 3"},
      {"/object", remove_field, "object: missing"},
      {"/object/name", false, "object.name: expected a string, got false"},
      {"/predicate", remove_field, "predicate: missing"},
      {"/predicate/lemma", remove_field, "predicate.lemma: missing"},
      {"/predicate/text", 1, "predicate.text: expected a string"},
      {"/id", 5, "id: expected a string"},
      {"/confidence", "high", "confidence: expected a number, got a string"},
      {"/support", -1, "support: expected a non-negative integer, got -1"},
      {"/support", 1.5, "support: expected a non-negative integer"},
      {"/support", 5000000000ULL, "support: expected a non-negative integer"},
      {"/qualifiers", "none", "qualifiers: expected an object"},
      {"/qualifiers", {{"time", true}}, "qualifiers.time: expected a string"},
      {"/qualifiers", {{"negated", "no"}}, "qualifiers.negated: expected true or false"},
      {"/qualifiers", {{"modality", 3}}, "qualifiers.modality: expected a string"},
      {"/qualifiers", {{"location", 7}}, "qualifiers.location: expected an id string"},
      {"/qualifiers", {{"location", {{"name", "Oslo"}}}}, "qualifiers.location.id: missing"},
      {"/qualifiers",
       {{"attributed_to", {{"id", "e:1"}, {"name", 2}}}},
       "qualifiers.attributed_to.name: expected a string"},
      {"/evidence", remove_field, "evidence: missing"},
      {"/evidence", Json::object(), "evidence: expected an array, got an object"},
      {"/evidence", Json::array(), "evidence: at least one is required"},
      {"/evidence/0", "d1", "evidence[0]: expected an object"},
      {"/evidence/0/doc", remove_field, "evidence[0].doc: missing"},
      {"/evidence/0/sentence", remove_field, "evidence[0].sentence: missing"},
      {"/evidence/0/begin", remove_field, "evidence[0].begin: missing"},
      {"/evidence/0/begin", -3, "evidence[0].begin: expected a non-negative integer, got -3"},
      {"/evidence/0/begin", "10", "evidence[0].begin: expected a non-negative integer"},
      {"/evidence/0/end", 4.5, "evidence[0].end: expected a non-negative integer, got 4.5"},
      {"/evidence/0/end", nullptr, "evidence[0].end: missing"},
      {"/evidence/0/source", 1, "evidence[0].source: expected a string"},
      {"/evidence/0/published", 2024, "evidence[0].published: expected a string"},
      {"/evidence/0/path", Json::object(), "evidence[0].path: expected a string"},
      {"/evidence/0/rule", true, "evidence[0].rule: expected a string"},
      {"/evidence/0/version", 1, "evidence[0].version: expected a string"},
      {"/evidence/0/confidence", "0.5", "evidence[0].confidence: expected a number"},
  };
  for (const Case& c : cases) {
    Json j = MinimalJson();
    const Json::json_pointer ptr(c.pointer);
    if (c.value.is_discarded()) {
      j[ptr.parent_pointer()].erase(ptr.back());
    } else {
      j[ptr] = c.value;
    }
    SCOPED_TRACE(c.pointer);
    ExpectError(j.dump(), c.message);
  }
  // The second piece of evidence is named by its index.
  Json j = MinimalJson();
  j["evidence"].push_back({{"doc", "d2"}, {"sentence", "s"}, {"begin", 1}});
  ExpectError(j.dump(), "evidence[1].end: missing");
}

TEST(StatementJsonlTest, SyntaxErrorGivesTheColumn) {
  const std::string line = R"({"subject": {"id": "e:1", "name": "X"},, "predicate": {}})";
  Result<Statement> r = ParseStatementJson(line);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("JSON syntax error at column 40"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().find("json.exception"), std::string::npos) << r.status().message();

  ExpectError("", "JSON syntax error at column 1");
  ExpectError(R"({"subject": )", "JSON syntax error");
  ExpectError(R"({"a": "unterminated)", "JSON syntax error");
  ExpectError(R"({"a": 1} trailing)", "JSON syntax error");
  ExpectError(R"({"a": "\ud800"})", "JSON syntax error");  // lone surrogate escape
}

TEST(StatementJsonlTest, InvalidUtf8IsAnErrorWithTheByteOffset) {
  std::string line = MinimalJson().dump();
  const size_t pos = line.find("Pier 4");
  ASSERT_NE(pos, std::string::npos);
  line[pos + 1] = '\xff';
  ExpectError(line, "invalid UTF-8 at byte offset " + std::to_string(pos + 1));

  std::string overlong = MinimalJson().dump();
  overlong.replace(overlong.find("Pier"), 1, "\xC0\xAF");  // overlong '/'
  ExpectError(overlong, "invalid UTF-8 at byte offset");
  std::string surrogate = MinimalJson().dump();
  surrogate.replace(surrogate.find("Pier"), 1, "\xED\xA0\x80");  // UTF-8-encoded surrogate
  ExpectError(surrogate, "invalid UTF-8 at byte offset");
}

TEST(StatementJsonlTest, NonObjectLinesAreErrors) {
  ExpectError("[1,2]", "expected a JSON object (one statement per line), got an array");
  ExpectError("42", "expected a JSON object (one statement per line), got 42");
  ExpectError("\"text\"", "expected a JSON object");
  ExpectError("null", "expected a JSON object");
  ExpectError("true", "expected a JSON object");
}

TEST(StatementJsonlTest, UnknownFieldsAreIgnored) {
  Json j = MinimalJson();
  j["extractor"] = {{"name", "x"}, {"nested", {1, 2, 3}}};
  j["subject"]["wikidata"] = "Q1";
  j["evidence"][0]["tokens"] = {"The", "Port"};
  Result<Statement> r = ParseJson(j);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->subject.name, "Port Authority");
}

TEST(StatementJsonlTest, UnicodeNamesRoundTrip) {
  Statement st = FullStatement();
  st.subject.name = "Олена Коваленко";
  st.subject.aliases = {{"Коваленко", 1}, {"Kovalenko", 1}, {"科瓦连科", 1}};
  st.object.name = "«мир» — 和平 🕊️ \"quoted\" back\\slash\ttab";
  st.qualifiers.location = NodeRef{"e:6", "Kyïv"};
  st.evidence[0].sentence = "Emoji 😀 and combining e\u0301 and RTL \u05e9\u05dc\u05d5\u05dd.";
  ExpectStable(st);

  const std::string line = FormatStatementJson(st);
  EXPECT_NE(line.find("\"name\":\"Олена Коваленко\""), std::string::npos) << line;
  // Aliases sort by bytes: Latin before Cyrillic before CJK.
  EXPECT_NE(line.find(R"("aliases":["Kovalenko","Коваленко","科瓦连科"])"), std::string::npos)
      << line;
  EXPECT_NE(line.find(R"(back\\slash\ttab)"), std::string::npos) << line;

  // \u escapes on input come back as UTF-8.
  const std::string escaped =
      R"({"subject": {"id": "e:1", "name": "\u0141\u00f3d\u017a \ud83d\ude00"},)"
      R"( "predicate": {"lemma": "x"}, "object": {"id": "e:2", "name": "y"},)"
      R"( "evidence": [{"doc": "d", "sentence": "s", "begin": 0, "end": 1}]})";
  Result<Statement> r = ParseStatementJson(escaped);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->subject.name, "Łódź 😀");
}

TEST(StatementJsonlTest, FormatParseFormatIsStable) {
  std::vector<Statement> statements;
  statements.push_back(FullStatement());
  Statement bare = FullStatement();
  bare.id = "";
  bare.qualifiers = Qualifiers();
  bare.support = 0;
  bare.confidence = 1.0;
  bare.subject.aliases.clear();
  statements.push_back(bare);
  Statement numbers = FullStatement();
  numbers.confidence = 0.1 + 0.2;  // 0.30000000000000004
  numbers.qualifiers.quantity = Quantity{-0.000123456789, "~", ""};
  numbers.evidence[0].confidence = 1.0 / 3.0;
  numbers.evidence[0].begin = 18446744073709551615ULL;
  numbers.evidence[0].end = 18446744073709551615ULL;
  numbers.support = 4294967295u;
  statements.push_back(numbers);
  Statement big = FullStatement();
  big.qualifiers.quantity = Quantity{1e300, ">", "USD"};
  big.confidence = 0;
  statements.push_back(big);
  Statement control = FullStatement();
  control.object.name = "nul\0byte and \x01\x1f and \x7f"s;
  statements.push_back(control);
  for (const Statement& st : statements) ExpectStable(st);
}

TEST(StatementJsonlTest, ParseKeepsNumbersExactly) {
  Statement st = FullStatement();
  st.confidence = 0.1 + 0.2;
  st.evidence[0].confidence = 1.0 / 3.0;
  Result<Statement> r = ParseStatementJson(FormatStatementJson(st));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->confidence, 0.1 + 0.2);
  EXPECT_EQ(r->evidence[0].confidence, 1.0 / 3.0);
}

TEST(StatementJsonlTest, VeryLongLineParses) {
  Statement st = FullStatement();
  st.evidence[0].sentence.assign(4 << 20, 'a');
  st.object.name = std::string(100000, 'z') + "é";
  ExpectStable(st);
}

TEST(StatementJsonlTest, DeeplyNestedJsonIsHandled) {
  // An unknown field nested 100000 deep must neither crash nor be mistaken for a statement.
  Json j = MinimalJson();
  std::string line = j.dump();
  line.pop_back();
  line += ",\"deep\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  Result<Statement> r = ParseStatementJson(line);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST(StatementJsonlTest, FormatNeverThrowsOnInvalidUtf8) {
  Statement st = FullStatement();
  st.subject.name = "bad \xff\xfe byte";
  std::string line;
  ASSERT_NO_THROW(line = FormatStatementJson(st));
  EXPECT_NE(line.find("bad \xEF\xBF\xBD"), std::string::npos) << line;
  EXPECT_TRUE(ParseStatementJson(line).ok());
}

// The simdjson fast path must give exactly what the nlohmann path gives, for every line: the
// same statement, or (when it steps aside) the same error. Checked on lines written for this
// test and on many mutations of them (dropped, doubled and replaced bytes, "-0", duplicate keys).
std::string Outcome(const Result<Statement>& r) {
  return r.ok() ? "ok " + FormatStatementJson(*r) : "error " + r.status().ToString();
}

// Lines written for these tests and many mutations of them.
std::vector<std::string> MutatedLines() {
  std::vector<std::string> lines = {
      kFullLine,
      FormatStatementJson(FullStatement()),
      R"({"subject":{"id":"e:1","name":"Harbour Authority","type":"ORG"},"predicate":{"lemma":"close"},)"
      R"("object":{"id":"e:2","name":"north pier"},"qualifiers":{"time":2023,"quantity":"at least 40 boats",)"
      R"("location":"e:7","attributed_to":{"id":"e:1"}},"confidence":1,"support":3,)"
      R"("evidence":[{"doc":"d1","sentence":"The pier closed.","begin":0,"end":16,"confidence":null}]})",
      R"({"subject":{"id":"c:4","text":"a quoted claim","type":"CLAIM","aliases":["b","a","b"]},)"
      R"("predicate":{"lemma":"say","text":"said"},"object":{"id":"e:9","name":"Ferry \u00e9 Co"},)"
      R"("qualifiers":{"quantity":{"value":2.5e3,"comparator":"~","unit":"kg"},"negated":false,)"
      R"("modality":"could","time":null},"extra":[1,{"x":-0}],)"
      R"("evidence":[{"doc":"d2","sentence":"2-0 at half time","begin":5,"end":21,"rule":"r","version":"1"}]})",
      R"({"subject":{"id":"e:1","name":"A"},"predicate":{"lemma":"p"},"object":{"id":"e:2","name":"B"},)"
      R"("qualifiers":{"quantity":7},"evidence":[{"doc":"d","sentence":"s","begin":18446744073709551615,"end":1}]})",
  };
  const std::vector<std::string> bases = lines;
  std::mt19937 rng(7);
  const std::string inserts[] = {"-0",
                                 "-",
                                 "0",
                                 "\"",
                                 "{",
                                 "}",
                                 ",",
                                 ":",
                                 "1e999",
                                 "null",
                                 "\"begin\":3,",
                                 "\"id\":\"x\",",
                                 "\\u00",
                                 "\xC3",
                                 "\\ud800",
                                 "\\udc00\\ud800",
                                 "\xED\xA0\x80",
                                 "\xF4\x90\x80\x80",
                                 "\xC0\xAF",
                                 "\\u0001",
                                 "\\u0000",
                                 " "};
  for (const std::string& base : bases) {
    for (int i = 0; i < 1500; ++i) {
      std::string m = base;
      const size_t at = rng() % m.size();
      switch (rng() % 4) {
        case 0:
          m.erase(at, 1 + rng() % 3);
          break;
        case 1:
          m.insert(at, inserts[rng() % std::size(inserts)]);
          break;
        case 2:
          m[at] = "0-9\"{},:ae.+"[rng() % 12];
          break;
        default:
          m.insert(at, m.substr(at, rng() % 40));
          break;  // repeats a piece (keys too)
      }
      lines.push_back(std::move(m));
    }
  }
  return lines;
}

TEST(StatementJsonlTest, FastPathAgreesWithNlohmannOnEveryLine) {
  size_t ok = 0;
  for (const std::string& line : MutatedLines()) {
    const std::string slow = Outcome(ParseStatementJsonSlow(line));
    ASSERT_EQ(Outcome(ParseStatementJson(line)), slow) << line;
    ok += slow.rfind("ok ", 0) == 0;
  }
  EXPECT_GT(ok, 1000u);  // the mutations leave many valid lines, so both outcomes are covered
}

// ParseValidStatementJson parses into a Statement that still holds the previous line's fields
// (which it must all overwrite), in place when the line is padded, and skips the UTF-8 checks
// of ValidateStatement when simdjson read the line: none of that may change a result or an error.
TEST(StatementJsonlTest, ParseValidIntoAReusedStatementAgreesWithParseAndValidate) {
  std::vector<std::string> lines = MutatedLines();
  size_t ok = 0;
  Statement reused = FullStatement();
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    Result<Statement> slow = ParseStatementJsonSlow(line);
    if (slow.ok()) {
      if (Status valid = ValidateStatement(*slow); !valid.ok()) slow = valid;
    }
    const std::string expected = Outcome(slow);
    ok += expected.rfind("ok ", 0) == 0;
    // Padded: the line inside a larger buffer, followed by other bytes.
    std::string buffer = line + "\n" + std::string(kJsonLinePadding, '}');
    const bool padded = i % 2 == 0;
    Status s =
        ParseValidStatementJson(std::string_view(buffer).substr(0, line.size()), padded, &reused);
    ASSERT_EQ(s.ok() ? Outcome(reused) : "error " + s.ToString(), expected) << line;
    if (i % 7 == 0) reused = FullStatement();  // back to a statement with every field set
  }
  EXPECT_GT(ok, 1000u);
}

}  // namespace
}  // namespace kg::core
