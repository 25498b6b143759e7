// kg::WriteQueryResult on hand-built results: the table's alignment (with wide and combining
// characters), row count, partial mark and message; CSV quoting; the JSON shapes of nodes,
// relationships, paths and evidence.
#include "query/result_writer.h"

#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kg/query.h"

namespace kg {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

NodeValue Person(const std::string& id, const std::string& name) {
  NodeValue n;
  n.id = id;
  n.name = name;
  n.type = "PERSON";
  return n;
}

RelationshipValue Rel(const std::string& id, const std::string& predicate, const NodeValue& s,
                      const NodeValue& o) {
  RelationshipValue r;
  r.statement_id = id;
  r.predicate = predicate;
  r.subject_id = s.id;
  r.subject_name = s.name;
  r.object_id = o.id;
  r.object_name = o.name;
  r.support = 2;
  r.confidence = 0.75;
  return r;
}

// Ines Alder met Bo Tran; Cai Moreau said something about Bo Tran: the path walks
// Ines Alder → Bo Tran forward, then Cai Moreau → Bo Tran backward.
PathValue TwoHopPath() {
  const NodeValue a = Person("e:1", "Ines Alder"), b = Person("e:2", "Bo Tran"),
                  c = Person("e:3", "Cai Moreau");
  PathValue p;
  p.nodes = {a, b, c};
  p.relationships = {Rel("st:1", "meet", a, b), Rel("st:2", "say", c, b)};
  p.forward = {true, false};
  return p;
}

std::string Write(const QueryResult& r, OutputFormat f) {
  std::ostringstream out;
  WriteQueryResult(r, f, out);
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(DisplayWidthTest, CountsTerminalColumns) {
  EXPECT_EQ(query::DisplayWidth("Kyiv"), 4u);
  EXPECT_EQ(query::DisplayWidth("Zürich"), 6u);          // precomposed ü
  EXPECT_EQ(query::DisplayWidth("Zu\xCC\x88rich"), 6u);  // u + combining diaeresis
  EXPECT_EQ(query::DisplayWidth("東京"), 4u);            // two wide characters
  EXPECT_EQ(query::DisplayWidth("서울"), 4u);
  EXPECT_EQ(query::DisplayWidth("Москва"), 6u);
  EXPECT_EQ(query::DisplayWidth("a\xFF" "b"), 3u);  // a stray byte counts one column
  EXPECT_EQ(query::DisplayWidth(""), 0u);
}

TEST(DisplayWidthTest, CellTextEscapesControlCharacters) {
  EXPECT_EQ(query::TableCellText("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r");
  EXPECT_EQ(query::TableCellText("bell\x07"), "bell\\u0007");
  EXPECT_EQ(query::TableCellText("bad\xC3("), "bad\xEF\xBF\xBD(");
  EXPECT_EQ(query::TruncateToWidth("abcdef", 4), "abc…");
  EXPECT_EQ(query::TruncateToWidth("東京大阪", 5), "東京…");
  EXPECT_EQ(query::TruncateToWidth("abc", 3), "abc");
}

TEST(ResultWriterTest, TableAlignsWideCharactersAndNumbers) {
  QueryResult r;
  r.columns = {"name", "support"};
  r.rows = {{Value::String("東京"), Value::Int(3)},
            {Value::String("Zu\xCC\x88rich"), Value::Int(12)},
            {Value(), Value::Double(0.5)}};
  const std::vector<std::string> lines = Lines(Write(r, OutputFormat::kTable));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], " name   | support");
  EXPECT_EQ(lines[1], "--------+---------");
  EXPECT_EQ(lines[2], " 東京   |       3");
  EXPECT_EQ(lines[3], " Zu\xCC\x88rich |      12");
  EXPECT_EQ(lines[4], "        |     0.5");  // null prints empty
  EXPECT_EQ(lines[5], "(3 rows)");
  // Every row is as wide as the header on screen.
  for (size_t i = 2; i < 5; ++i) {
    EXPECT_EQ(query::DisplayWidth(lines[i]), query::DisplayWidth(lines[0])) << lines[i];
  }
}

TEST(ResultWriterTest, TableMarksPartialResultsAndPrintsTheMessage) {
  QueryResult r;
  r.columns = {"x"};
  r.rows = {{Value::Int(1)}};
  r.partial = true;
  r.partial_reason = "row limit of 1 reached";
  r.message = "wrote 1 nodes and 0 edges to out.graphml";
  const std::string text = Write(r, OutputFormat::kTable);
  EXPECT_THAT(text, HasSubstr("(1 row; partial result: row limit of 1 reached)\n"));
  EXPECT_THAT(text, HasSubstr("wrote 1 nodes and 0 edges to out.graphml\n"));

  QueryResult plan;
  plan.message = "Scan\n  Expand";
  EXPECT_EQ(Write(plan, OutputFormat::kTable), "Scan\n  Expand\n");
}

TEST(ResultWriterTest, TableShowsPathsAsText) {
  QueryResult r;
  r.columns = {"p"};
  r.rows = {{Value::Path(TwoHopPath())}};
  EXPECT_THAT(Write(r, OutputFormat::kTable),
              HasSubstr(" Ines Alder -[meet]-> Bo Tran <-[say]- Cai Moreau\n"));
}

TEST(ResultWriterTest, TableCutsVeryLongCellsAndKeepsRowsOnOneLine) {
  QueryResult r;
  r.columns = {"sentence"};
  r.rows = {{Value::String(std::string(300, 'x'))}, {Value::String("two\nlines")}};
  const std::vector<std::string> lines = Lines(Write(r, OutputFormat::kTable));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(query::DisplayWidth(lines[2]), 101u);  // a space and 100 columns
  EXPECT_THAT(lines[2], HasSubstr("…"));
  EXPECT_THAT(lines[3], HasSubstr("two\\nlines"));
}

TEST(ResultWriterTest, CsvFollowsRfc4180) {
  QueryResult r;
  r.columns = {"name", "quote"};
  r.rows = {{Value::String("Alder, Ines"), Value::String("she said \"no\"")},
            {Value::String("plain"), Value::String("two\nlines")},
            {Value(), Value::Bool(true)}};
  EXPECT_EQ(Write(r, OutputFormat::kCsv),
            "name,quote\r\n"
            "\"Alder, Ines\",\"she said \"\"no\"\"\"\r\n"
            "plain,\"two\nlines\"\r\n"
            ",true\r\n");
}

TEST(ResultWriterTest, JsonIsOneDocumentWithTypedValues) {
  QueryResult r;
  r.columns = {"n", "r", "count", "score", "tags"};
  const NodeValue a = Person("e:1", "Ines Alder"), b = Person("e:2", "Bo Tran");
  RelationshipValue rel = Rel("st:9", "meet", a, b);
  rel.qualifiers.time = "2025-01-02";
  r.rows = {{Value::Node(a), Value::Relationship(rel), Value::Int(7), Value::Double(0.25),
             Value::List({Value::String("x"), Value()})}};
  r.partial = true;
  r.partial_reason = "time limit";
  const Json doc = Json::parse(Write(r, OutputFormat::kJson));
  EXPECT_EQ(doc["columns"].size(), 5u);
  EXPECT_EQ(doc["row_count"], 1);
  EXPECT_EQ(doc["partial"], true);
  EXPECT_EQ(doc["partial_reason"], "time limit");
  EXPECT_TRUE(doc["message"].is_null());
  const Json& row = doc["rows"][0];
  EXPECT_EQ(row["n"]["id"], "e:1");
  EXPECT_EQ(row["n"]["name"], "Ines Alder");
  EXPECT_EQ(row["n"]["type"], "PERSON");
  EXPECT_EQ(row["n"]["kind"], "entity");
  EXPECT_EQ(row["r"]["id"], "st:9");
  EXPECT_EQ(row["r"]["type"], "meet");
  EXPECT_EQ(row["r"]["subject"]["name"], "Ines Alder");
  EXPECT_EQ(row["r"]["object"]["id"], "e:2");
  EXPECT_EQ(row["r"]["qualifiers"]["time"], "2025-01-02");
  EXPECT_TRUE(row["r"]["qualifiers"]["location"].is_null());
  EXPECT_EQ(row["r"]["support"], 2);
  EXPECT_EQ(row["r"]["confidence"], 0.75);
  EXPECT_EQ(row["count"], 7);
  EXPECT_EQ(row["score"], 0.25);
  EXPECT_EQ(row["tags"], Json::parse(R"(["x", null])"));
}

TEST(ResultWriterTest, JsonPathsAndEvidence) {
  EvidenceValue ev;
  ev.statement_id = "st:1";
  ev.evidence.doc = "d7";
  ev.evidence.source = "river.example";
  ev.evidence.published = "2025-02-03";
  ev.evidence.sentence = "Alder met Tran at the ferry.";
  ev.evidence.begin = 10;
  ev.evidence.end = 38;
  ev.evidence.rule = "svo";
  ev.evidence.confidence = 0.5;
  const Json path = Json::parse(query::ValueToJson(Value::Path(TwoHopPath())));
  EXPECT_EQ(path["length"], 2);
  ASSERT_EQ(path["nodes"].size(), 3u);
  EXPECT_EQ(path["nodes"][2]["name"], "Cai Moreau");
  ASSERT_EQ(path["relationships"].size(), 2u);
  EXPECT_EQ(path["relationships"][0]["forward"], true);
  EXPECT_EQ(path["relationships"][1]["forward"], false);
  EXPECT_EQ(path["relationships"][1]["subject"]["name"], "Cai Moreau");

  const Json e = Json::parse(query::ValueToJson(Value::EvidenceItem(ev)));
  EXPECT_EQ(e["statement"], "st:1");
  EXPECT_EQ(e["doc"], "d7");
  EXPECT_EQ(e["source"], "river.example");
  EXPECT_EQ(e["sentence"], "Alder met Tran at the ferry.");
  EXPECT_EQ(e["begin"], 10);
  EXPECT_EQ(e["end"], 38);
  EXPECT_EQ(e["rule"], "svo");
  EXPECT_TRUE(e["version"].is_null());
  EXPECT_EQ(e["confidence"], 0.5);
}

TEST(ResultWriterTest, JsonReplacesWhatJsonCannotCarry) {
  const Json nan = Json::parse(query::ValueToJson(Value::Double(std::nan(""))));
  EXPECT_TRUE(nan.is_null());
  const Json bad = Json::parse(query::ValueToJson(Value::String("a\xFF")));
  EXPECT_EQ(bad, "a\xEF\xBF\xBD");
  const Json map = Json::parse(query::ValueToJson(
      Value::Map({{"b", Value::Int(1)}, {"a", Value::String("q\"\n")}})));
  EXPECT_EQ(map["a"], "q\"\n");
  EXPECT_EQ(map["b"], 1);
}

TEST(ResultWriterTest, JsonNumbersReadBackExactly) {
  for (double d : {0.1, 1.0 / 3, 1e300, -2.5e-300, 3.0, 0.0, 123456789012345678.0}) {
    const std::string text = query::ValueToJson(Value::Double(d));
    const Json j = Json::parse(text);
    EXPECT_TRUE(j.is_number_float()) << text;  // a float stays a float for JSON readers
    EXPECT_EQ(j.get<double>(), d) << text;
  }
  EXPECT_EQ(query::ValueToJson(Value::Double(0.1)), "0.1");
  EXPECT_EQ(query::ValueToJson(Value::Double(3)), "3.0");
  EXPECT_EQ(query::ValueToJson(Value::Int(-9007199254740993)), "-9007199254740993");
}

TEST(ResultWriterTest, JsonStringsSurviveHostileText) {
  const std::string hostile = "quote \" back \\ nl \n tab \t cr \r nul \x01 esc \x1b "
                              "del \x7f Zürich 東京 \xF0\x9F\x98\x80 </script>";
  NodeValue n;
  n.id = "e:1";
  n.name = hostile;
  const std::string text = query::ValueToJson(Value::Node(n));
  EXPECT_EQ(text.find('\n'), std::string::npos);  // one line, whatever the value holds
  const Json j = Json::parse(text);
  EXPECT_EQ(j["name"], hostile);
  EXPECT_TRUE(j["type"].is_null());
  EXPECT_EQ(j["kind"], "entity");
  // Keys and map entries are escaped the same way.
  const Json m = Json::parse(query::ValueToJson(Value::Map({{hostile, Value::Bool(false)}})));
  EXPECT_EQ(m[hostile], false);
}

TEST(ResultWriterTest, JsonLinesWritesOneObjectPerRowAndKeepsRepeatedColumns) {
  QueryResult r;
  r.columns = {"a", "a", "b"};
  r.rows = {{Value::Int(1), Value::Int(2), Value::String("x")},
            {Value::Int(3), Value::Int(4), Value()}};
  const std::vector<std::string> lines = Lines(Write(r, OutputFormat::kJsonLines));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], R"({"a":1,"a#2":2,"b":"x"})");
  EXPECT_EQ(lines[1], R"({"a":3,"a#2":4,"b":null})");
  QueryResult empty;
  empty.columns = {"a"};
  EXPECT_EQ(Write(empty, OutputFormat::kJsonLines), "");
  EXPECT_EQ(Write(empty, OutputFormat::kTable), " a\n---\n(0 rows)\n");
}

}  // namespace
}  // namespace kg
