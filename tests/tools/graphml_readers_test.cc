// End to end: statements with hostile names go in through `kg import`, come out through
// `kg export --format graphml`, and the file is well-formed XML that networkx and python-igraph
// read with every attribute and its type intact.
#include <gtest/gtest.h>

#include "tests/util/test_dir.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

int RunCommand(const std::string& command) {
  const int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

class GraphmlReadersTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = kg::testing::MakeTestDir("kg-graphml"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(GraphmlReadersTest, HostileNamesSurviveIntoNetworkxAndIgraph) {
  const std::vector<std::string> names = {"A <b> & \"c\" 'd'", "ends with ]]> here",
                                          "tab\tand\x01"
                                          "control\x1b",
                                          "Zelens'kyi Київ", "x]]><!--y-->"};
  std::ofstream jsonl(dir_ / "in.jsonl");
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string n = JsonEscape(names[i]);
    jsonl << R"({"subject":{"id":"e:)" << i << R"(","name":")" << n
          << R"(","type":"PERSON","aliases":[")" << n
          << R"("]},"predicate":{"lemma":"meet & greet","text":"<met>"},)"
          << R"("object":{"id":"e:)" << (i + 1) % names.size() << R"(","name":")"
          << JsonEscape(names[(i + 1) % names.size()]) << R"(","type":"PERSON"},)"
          << R"("qualifiers":{"time":"2025-04-2)" << i << R"(","negated":)"
          << (i % 2 ? "true" : "false") << R"(},"confidence":0.)" << (i + 1)
          << R"(,"evidence":[{"doc":"d)" << i
          << R"(","source":"out<let>.example","sentence":"s","begin":0,"end":1,"rule":"r"}]})"
          << "\n";
  }
  jsonl.close();
  const std::string kg = KG_CLI_PATH;
  const std::string db = (dir_ / "db").string();
  ASSERT_EQ(
      RunCommand(kg + " --db " + db + " import " + (dir_ / "in.jsonl").string() + " > /dev/null"),
      0);
  const std::string graphml = (dir_ / "out.graphml").string();
  ASSERT_EQ(RunCommand(kg + " --db " + db + " export --format graphml -o " + graphml), 0);
  ASSERT_EQ(RunCommand("xmllint --noout " + graphml), 0) << "not well-formed XML";

  // Every node name must come back exactly, control characters as visible \uXXXX escapes.
  std::ofstream script(dir_ / "check.py");
  script << R"PY(
import sys, json
import networkx as nx
import igraph
path = sys.argv[1]
g = nx.read_graphml(path)
names = sorted(d["name"] for _, d in g.nodes(data=True))
expected = sorted(json.loads(sys.argv[2]))
assert names == expected, (names, expected)
for _, _, d in g.edges(data=True):
    assert isinstance(d["support"], int), type(d["support"])
    assert isinstance(d["confidence"], float), type(d["confidence"])
    assert isinstance(d["negated"], bool), type(d["negated"])
    assert d["predicate"] == "meet & greet"
    assert d["text"] == "<met>"
    assert json.loads(d["sources"]) == ["out<let>.example"]
    assert d["time"].startswith("2025-04-2")
assert sum(1 for *_, d in g.edges(data=True) if d["negated"]) == 2
ig = igraph.Graph.Read_GraphML(path)
assert sorted(ig.vs["name"]) == expected
assert all(isinstance(s, float) for s in ig.es["support"])  # igraph reads int keys as numbers
assert sorted(ig.es["confidence"]) == [0.1, 0.2, 0.3, 0.4, 0.5]
assert all(isinstance(x, bool) for x in ig.es["negated"])
print("ok")
)PY";
  script.close();
  std::string expected = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    std::string visible;
    for (unsigned char c : names[i]) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04X", c);
        visible += buf;
      } else {
        visible += static_cast<char>(c);
      }
    }
    expected += (i ? ",\"" : "\"") + JsonEscape(visible) + "\"";
  }
  expected += "]";
  std::ofstream(dir_ / "expected.json") << expected;
  const int rc = RunCommand(std::string(KG_PYTHON) + " -c 'import networkx, igraph' 2>/dev/null");
  if (rc != 0) GTEST_SKIP() << "python3-networkx or python3-igraph is not installed";
  EXPECT_EQ(RunCommand(std::string(KG_PYTHON) + " " + (dir_ / "check.py").string() + " " + graphml +
                       " \"$(cat " + (dir_ / "expected.json").string() + ")\""),
            0);
}

}  // namespace
