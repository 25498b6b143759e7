#include "core/export/graphml.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/util/text.h"

#ifndef KG_PYTHON
#define KG_PYTHON "/usr/bin/python3"
#endif

namespace kg::core {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::string_literals;

// A fresh directory for one test, removed when the test ends.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) /
            ("kg_graphml_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScopedTempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

int RunCommand(const std::string& command) {
  const int status = std::system(command.c_str());
  return status == -1 ? -1 : WEXITSTATUS(status);
}

std::string Quote(const fs::path& path) { return "'" + path.string() + "'"; }

// What a reader must find for one node or edge: the strings as XmlSafeText leaves them.
struct Fixture {
  std::vector<GraphmlNode> nodes;
  std::vector<GraphmlEdge> edges;
  Json expected;  // {"nodes": [...], "edges": [...]} with the values readers must see
};

std::string LongName() {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "<&é> ";
  return s;  // 120000 bytes
}

// Nodes and edges whose text tries every way to break an XML file.
Fixture HostileFixture() {
  Fixture f;
  auto node = [&f](const std::string& id, const std::string& name, const std::string& type,
                   NodeKind kind, const std::vector<std::string>& aliases,
                   const std::string& expected_name,
                   const std::vector<std::string>& expected_aliases) {
    f.nodes.push_back({id, name, type, kind, aliases});
    f.expected["nodes"].push_back({{"kgid", XmlSafeText(id)},
                                   {"name", expected_name},
                                   {"type", type},
                                   {"kind", kind == NodeKind::kLiteral ? "literal" : "entity"},
                                   {"aliases", expected_aliases}});
  };
  node("e:1", "<b>Tom & \"Jerry\" 'n' ]]> <![CDATA[x]]></b>", "PERSON", NodeKind::kEntity,
       {"T&J <x>", "Tom"}, "<b>Tom & \"Jerry\" 'n' ]]> <![CDATA[x]]></b>", {"T&J <x>", "Tom"});
  node("e:2&<\"'>", "ctrl \x01 esc \x1b nul \0 del \x7f end"s, "ORG", NodeKind::kEntity,
       {"a\x01"
        "b",
        "nonchar \xEF\xBF\xBE"},
       "ctrl \\u0001 esc \\u001B nul \\u0000 del \x7f end",
       {"a\x01"
        "b",
        "nonchar \xEF\xBF\xBE"});
  node("e:3", "bad \xff\xfe bytes \xC3 cut \xED\xA0\x80 surrogate", "ORG", NodeKind::kEntity,
       {"x\xff"},
       "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD cut "
       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate",
       {"x\xEF\xBF\xBD"});
  node("e:4", "U+FFFE:\xEF\xBF\xBE U+FFFF:\xEF\xBF\xBF", "LOCATION", NodeKind::kEntity, {},
       "U+FFFE:\\uFFFE U+FFFF:\\uFFFF", {});
  node("e:5", LongName(), "EVENT", NodeKind::kEntity, {LongName()}, LongName(), {LongName()});
  node("e:6", "   ", "PERSON", NodeKind::kEntity, {" "}, "   ", {" "});
  node("e:7", "  lead and trail \t", "PERSON", NodeKind::kEntity, {}, "  lead and trail \t", {});
  node("e:8", "line1\nline2\r\nline3\rend", "PERSON", NodeKind::kEntity, {},
       "line1\nline2\r\nline3\rend", {});
  node("c:9", "«Мир» 和平 😀 עברית e\u0301", "CLAIM", NodeKind::kLiteral, {},
       "«Мир» 和平 😀 עברית e\u0301", {});
  node("c:10", "", "QUOTE", NodeKind::kLiteral, {}, "", {});

  auto edge = [&f](const GraphmlEdge& e, const std::string& expected_attributed_to,
                   const std::vector<std::string>& expected_sources) {
    f.edges.push_back(e);
    f.expected["edges"].push_back({{"source", e.source},
                                   {"target", e.target},
                                   {"kgid", XmlSafeText(e.id)},
                                   {"predicate", XmlSafeText(e.predicate)},
                                   {"text", XmlSafeText(e.text)},
                                   {"support", e.support},
                                   {"confidence", e.confidence},
                                   {"time", e.time},
                                   {"sources", expected_sources},
                                   {"negated", e.negated},
                                   {"modality", e.modality},
                                   {"attributed_to", expected_attributed_to}});
  };
  edge({0,
        1,
        "st:1",
        "say",
        "said <loudly> & \"often\"",
        3,
        0.8333333333333334,
        "2024-05",
        {"a.com", "b&c.org"},
        true,
        "might",
        "Tom \x02"},
       "Tom \\u0002", {"a.com", "b&c.org"});
  edge({1, 0, "st:2", "deny", "", 0, 0.0, "", {}, false, "", ""}, "", {});
  edge({0, 1, "st:3", "say", "says", 100000, 1.0, "2024", {"x\x01y"}, false, "", "e:1"}, "e:1",
       {"x\x01y"});
  edge({2, 2, "st:4", "own", "]]>", 1, 1e-300, "2020/2021", {}, true, "would", ""}, "", {});
  edge({8, 4, "st:5&<>", "hold", "held", 7, 0.1 + 0.2, "", {"\xEF\xBF\xBF", "z"}, false, "", ""},
       "", {"\xEF\xBF\xBF", "z"});
  edge({9, 5, "st:6", "x", "x", 1, 0.5, "", {}, false, "", ""}, "", {});
  return f;
}

std::string WriteToString(const Fixture& f) {
  std::ostringstream out;
  const Status s = WriteGraphml(out, f.nodes, f.edges);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.str();
}

// attr.name + "/" + for → attr.type, from the <key> lines.
std::map<std::string, std::string> KeyTypes(const std::string& xml) {
  std::map<std::string, std::string> types;
  const std::regex key(R"re(<key id="[^"]+" for="(\w+)" attr.name="(\w+)" attr.type="(\w+)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), key); it != std::sregex_iterator();
       ++it) {
    types[(*it)[2].str() + "/" + (*it)[1].str()] = (*it)[3].str();
  }
  return types;
}

TEST(XmlSafeTextTest, KeepsWhatXmlCanCarry) {
  EXPECT_EQ(XmlSafeText(""), "");
  EXPECT_EQ(XmlSafeText("plain <&> \"'"), "plain <&> \"'");  // escaping is the writer's job
  EXPECT_EQ(XmlSafeText("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
  EXPECT_EQ(XmlSafeText("é 和 😀 \x7f \xEF\xBF\xBD"), "é 和 😀 \x7f \xEF\xBF\xBD");
}

TEST(XmlSafeTextTest, EscapesWhatXmlCannotCarry) {
  EXPECT_EQ(XmlSafeText(std::string("a\0b", 3)), "a\\u0000b");
  EXPECT_EQ(XmlSafeText("\x01\x08\x0b\x0c\x1b\x1f"), "\\u0001\\u0008\\u000B\\u000C\\u001B\\u001F");
  EXPECT_EQ(XmlSafeText("\xEF\xBF\xBE\xEF\xBF\xBF"), "\\uFFFE\\uFFFF");
}

TEST(XmlSafeTextTest, ReplacesEachInvalidByte) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(XmlSafeText("\xff"), r);
  EXPECT_EQ(XmlSafeText("a\xC3"), "a" + r);                   // truncated sequence
  EXPECT_EQ(XmlSafeText("\xC0\xAF"), r + r);                  // overlong
  EXPECT_EQ(XmlSafeText("\xED\xA0\x80"), r + r + r);          // surrogate
  EXPECT_EQ(XmlSafeText("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(XmlSafeText("\xE2\x82x"), r + r + "x");           // resynchronises on the next byte
  for (const char* s : {"\xff\xfe", "\xC3", "\xED\xA0\x80", "ok\x80"}) {
    EXPECT_TRUE(ValidateUtf8(XmlSafeText(s)).ok()) << s;
  }
}

TEST(GraphmlTest, WritesTypedKeys) {
  const std::string xml = WriteToString(HostileFixture());
  const std::map<std::string, std::string> expected = {
      {"kgid/node", "string"},       {"name/node", "string"},     {"type/node", "string"},
      {"kind/node", "string"},       {"aliases/node", "string"},  {"kgid/edge", "string"},
      {"predicate/edge", "string"},  {"text/edge", "string"},     {"support/edge", "int"},
      {"confidence/edge", "double"}, {"time/edge", "string"},     {"sources/edge", "string"},
      {"negated/edge", "boolean"},   {"modality/edge", "string"}, {"attributed_to/edge", "string"},
      {"outlets/edge", "int"},
  };
  EXPECT_EQ(KeyTypes(xml), expected);
  EXPECT_NE(xml.find("edgedefault=\"directed\""), std::string::npos);
}

TEST(GraphmlTest, WritesBooleansAndDoublesExactly) {
  const std::string xml = WriteToString(HostileFixture());
  std::string negated_key, confidence_key;
  const std::regex key(R"re(<key id="([^"]+)" for="edge" attr.name="(negated|confidence)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), key); it != std::sregex_iterator();
       ++it) {
    ((*it)[2] == "negated" ? negated_key : confidence_key) = (*it)[1].str();
  }
  ASSERT_FALSE(negated_key.empty());
  ASSERT_FALSE(confidence_key.empty());
  auto values = [&xml](const std::string& key_id) {
    std::vector<std::string> out;
    const std::regex data("<data key=\"" + key_id + "\">([^<]*)</data>");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), data); it != std::sregex_iterator();
         ++it) {
      out.push_back((*it)[1].str());
    }
    return out;
  };
  EXPECT_EQ(values(negated_key),
            (std::vector<std::string>{"true", "false", "false", "true", "false", "false"}));
  EXPECT_EQ(values(confidence_key),
            (std::vector<std::string>{"0.8333333333333334", "0", "1", "1e-300",
                                      "0.30000000000000004", "0.5"}));
}

TEST(GraphmlTest, NonFiniteDoublesUseXmlSchemaSpelling) {
  std::vector<GraphmlNode> nodes(1);
  std::vector<GraphmlEdge> edges(3);
  edges[0].confidence = std::numeric_limits<double>::quiet_NaN();
  edges[1].confidence = std::numeric_limits<double>::infinity();
  edges[2].confidence = -std::numeric_limits<double>::infinity();
  std::ostringstream out;
  ASSERT_TRUE(WriteGraphml(out, nodes, edges).ok());
  const std::string xml = out.str();
  EXPECT_NE(xml.find(">NaN</data>"), std::string::npos) << xml;
  EXPECT_NE(xml.find(">INF</data>"), std::string::npos) << xml;
  EXPECT_NE(xml.find(">-INF</data>"), std::string::npos) << xml;
}

TEST(GraphmlTest, EdgesKeepTheirOrder) {
  const std::string xml = WriteToString(HostileFixture());
  size_t last = 0;
  for (const char* id : {"st:1<", "st:2<", "st:3<", "st:4<", "st:5&amp;&lt;&gt;<", "st:6<"}) {
    const size_t pos = xml.find(std::string(">") + id);
    ASSERT_NE(pos, std::string::npos) << id;
    EXPECT_GT(pos, last) << id;
    last = pos;
  }
  EXPECT_NE(xml.find(R"(<edge id="e0" source="n0" target="n1">)"), std::string::npos);
  EXPECT_NE(xml.find(R"(<edge id="e3" source="n2" target="n2">)"), std::string::npos);
}

TEST(GraphmlTest, OutputIsPlainValidText) {
  const std::string xml = WriteToString(HostileFixture());
  EXPECT_TRUE(ValidateUtf8(xml).ok());
  for (size_t i = 0; i < xml.size(); ++i) {
    const auto c = static_cast<unsigned char>(xml[i]);
    ASSERT_TRUE(c >= 0x20 || c == '\n' || c == '\t') << "raw byte " << int{c} << " at " << i;
  }
  EXPECT_EQ(xml.find("\xEF\xBF\xBE"), std::string::npos);
  EXPECT_EQ(xml.find("\xEF\xBF\xBF"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_NE(xml.find("line2&#13;\nline3&#13;end"), std::string::npos);
  EXPECT_NE(xml.find("Tom &amp; &quot;Jerry&quot; &apos;n&apos; ]]&gt;"), std::string::npos);
}

TEST(GraphmlTest, XmllintAcceptsHostileText) {
  if (RunCommand("xmllint --version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "xmllint is not installed";
  ScopedTempDir dir;
  const fs::path file = dir.path() / "hostile.graphml";
  WriteFile(file, WriteToString(HostileFixture()));
  EXPECT_EQ(RunCommand("xmllint --noout " + Quote(file)), 0);
}

TEST(GraphmlTest, XmllintAcceptsEmptyGraph) {
  if (RunCommand("xmllint --version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "xmllint is not installed";
  ScopedTempDir dir;
  const fs::path file = dir.path() / "empty.graphml";
  std::ostringstream out;
  ASSERT_TRUE(WriteGraphml(out, {}, {}).ok());
  WriteFile(file, out.str());
  EXPECT_EQ(RunCommand("xmllint --noout " + Quote(file)), 0);
}

// Loads the file with networkx and igraph and compares every attribute, with its Python type,
// to the expectations. igraph has no integer attributes: "int" comes back as a whole float.
constexpr char kReaderCheck[] = R"PY(
import json, sys
import networkx as nx
import igraph

graph_path, expected_path = sys.argv[1], sys.argv[2]
with open(expected_path, encoding="utf-8") as f:
    expected = json.load(f)
errors = []

def check(where, name, got, want):
    if got != want:
        errors.append(f"{where} {name}: got {got!r:.200}, want {want!r:.200}")

NODE_STRINGS = ["kgid", "name", "type", "kind"]
EDGE_STRINGS = ["kgid", "predicate", "text", "time", "modality", "attributed_to"]

def check_numbers(where, data, want, int_type):
    s, c, n = data.get("support"), data.get("confidence"), data.get("negated")
    if type(s) is not int_type or (int_type is float and not s.is_integer()):
        errors.append(f"{where} support: type {type(s).__name__}")
    if type(c) is not float:
        errors.append(f"{where} confidence: type {type(c).__name__}")
    if type(n) is not bool:
        errors.append(f"{where} negated: type {type(n).__name__}")
    check(where, "support", s, want["support"])
    check(where, "confidence", c, want["confidence"])
    check(where, "negated", n, want["negated"])

# networkx leaves an attribute out when its <data> is empty.
G = nx.read_graphml(graph_path)
if not G.is_directed():
    errors.append("networkx: graph is not directed")
check("networkx", "nodes", G.number_of_nodes(), len(expected["nodes"]))
check("networkx", "edges", G.number_of_edges(), len(expected["edges"]))
for i, want in enumerate(expected["nodes"]):
    data = G.nodes[f"n{i}"]
    for k in NODE_STRINGS:
        v = data.get(k, "")
        if type(v) is not str:
            errors.append(f"networkx n{i} {k}: type {type(v).__name__}")
        check(f"networkx n{i}", k, v, want[k])
    check(f"networkx n{i}", "aliases", json.loads(data["aliases"]), want["aliases"])
nx_edges = {d["kgid"]: (u, v, d) for u, v, d in G.edges(data=True)}
for want in expected["edges"]:
    where = f"networkx edge {want['kgid']}"
    if want["kgid"] not in nx_edges:
        errors.append(f"{where}: missing")
        continue
    u, v, data = nx_edges[want["kgid"]]
    check(where, "source", u, f"n{want['source']}")
    check(where, "target", v, f"n{want['target']}")
    for k in EDGE_STRINGS:
        check(where, k, data.get(k, ""), want[k])
    check(where, "sources", json.loads(data["sources"]), want["sources"])
    check_numbers(where, data, want, int)

g = igraph.Graph.Read_GraphML(graph_path)
if not g.is_directed():
    errors.append("igraph: graph is not directed")
check("igraph", "nodes", g.vcount(), len(expected["nodes"]))
check("igraph", "edges", g.ecount(), len(expected["edges"]))
for i, want in enumerate(expected["nodes"]):
    vertex = g.vs[i]
    check(f"igraph v{i}", "id", vertex["id"], f"n{i}")
    for k in NODE_STRINGS:
        check(f"igraph v{i}", k, vertex[k], want[k])
    check(f"igraph v{i}", "aliases", json.loads(vertex["aliases"]), want["aliases"])
ig_edges = {e["kgid"]: e for e in g.es}
for want in expected["edges"]:
    where = f"igraph edge {want['kgid']}"
    if want["kgid"] not in ig_edges:
        errors.append(f"{where}: missing")
        continue
    e = ig_edges[want["kgid"]]
    check(where, "source", e.source, want["source"])
    check(where, "target", e.target, want["target"])
    for k in EDGE_STRINGS:
        check(where, k, e[k], want[k])
    check(where, "sources", json.loads(e["sources"]), want["sources"])
    check_numbers(where, e.attributes(), want, float)

for line in errors:
    print(line, file=sys.stderr)
sys.exit(1 if errors else 0)
)PY";

TEST(GraphmlTest, NetworkxAndIgraphReadEveryAttribute) {
  const std::string python = KG_PYTHON;
  if (RunCommand(python + " -c 'import networkx, igraph' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << python << " lacks networkx or igraph (python3-networkx, python3-igraph)";
  }
  ScopedTempDir dir;
  const Fixture f = HostileFixture();
  WriteFile(dir.path() / "hostile.graphml", WriteToString(f));
  WriteFile(dir.path() / "expected.json", f.expected.dump(1, ' ', /*ensure_ascii=*/true));
  WriteFile(dir.path() / "check.py", kReaderCheck);
  EXPECT_EQ(
      RunCommand(python + " " + Quote(dir.path() / "check.py") + " " +
                 Quote(dir.path() / "hostile.graphml") + " " + Quote(dir.path() / "expected.json")),
      0)
      << "see the reader's complaints above";
}

TEST(GraphmlTest, EdgeOutOfRangeIsInvalidArgument) {
  std::vector<GraphmlNode> nodes(2);
  std::vector<GraphmlEdge> edges(1);
  edges[0].target = 2;
  std::ostringstream out;
  const Status s = WriteGraphml(out, nodes, edges);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("out of range"), std::string::npos) << s.message();
  EXPECT_TRUE(out.str().empty());
}

// A stream buffer that refuses every byte, like a full disk.
class RefusingBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST(GraphmlTest, FailingStreamIsIOError) {
  RefusingBuffer buffer;
  std::ostream out(&buffer);
  const Fixture f = HostileFixture();
  EXPECT_EQ(WriteGraphml(out, f.nodes, f.edges).code(), Status::Code::kIOError);

  std::ostream throwing(&buffer);
  throwing.exceptions(std::ios::badbit | std::ios::failbit);
  EXPECT_EQ(WriteGraphml(throwing, f.nodes, f.edges).code(), Status::Code::kIOError);

  std::ostream no_buffer(nullptr);
  EXPECT_EQ(WriteGraphml(no_buffer, f.nodes, f.edges).code(), Status::Code::kIOError);
}

}  // namespace
}  // namespace kg::core
