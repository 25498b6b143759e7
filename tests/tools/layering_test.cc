// The layering rules of docs/style.md, checked on every #include in the repository:
// a lower layer never includes a higher one, tools use only the public API, and ANTLR and
// RocksDB types stay in their folders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace {

namespace fs = std::filesystem;

// Which project folders each folder may include from.
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"include", {"kg"}},
    {"core", {"kg", "core"}},
    {"storage", {"kg", "core", "storage"}},
    {"query", {"kg", "core", "storage", "query"}},
    {"tools", {"kg", "tools"}},
    {"examples", {"kg"}},
};
const std::set<std::string> kProjectRoots = {"kg", "core", "storage", "query", "tools", "grammar"};

TEST(LayeringTest, NoFolderIncludesAHigherLayer) {
  const fs::path root = KG_SOURCE_DIR;
  const std::regex include_re(R"re(^\s*#\s*include\s*[<"]([^">]+)[">])re");
  std::vector<std::string> violations;
  size_t files = 0;
  for (const auto& [folder, allowed] : kAllowed) {
    if (!fs::exists(root / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc") continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      int line_no = 0;
      while (std::getline(in, line)) {
        ++line_no;
        std::smatch m;
        if (!std::regex_search(line, m, include_re)) continue;
        const std::string target = m[1];
        const std::string top = target.substr(0, target.find('/'));
        const std::string where =
            fs::relative(entry.path(), root).string() + ":" + std::to_string(line_no);
        // tools/bench measures the library from outside and may reach into core/ for its
        // generator; everything else in tools/ keeps to the public API.
        const bool bench = entry.path().string().find("/tools/bench/") != std::string::npos;
        if (kProjectRoots.count(top) && target.find('/') != std::string::npos &&
            !allowed.count(top) && !(bench && top == "core")) {
          violations.push_back(where + " includes " + target);
        }
        // rocksdb:: never leaves storage/ (the benchmark's raw reference is the exception).
        if (top == "rocksdb" && folder != "storage" &&
            entry.path().string().find("/tools/bench/") == std::string::npos) {
          violations.push_back(where + " includes " + target);
        }
        // ANTLR's runtime and the parser generated from grammar/KGQL.g4 stay in query/parser/.
        if (top == "antlr4-runtime" || target.rfind("antlr4", 0) == 0 ||
            target.rfind("KGQL", 0) == 0) {
          if (entry.path().string().find("/query/parser/") == std::string::npos) {
            violations.push_back(where + " includes ANTLR outside query/parser: " + target);
          }
        }
      }
    }
  }
  EXPECT_GT(files, 10u);
  for (const std::string& v : violations) ADD_FAILURE() << v;
}

TEST(LayeringTest, ToolsUseOnlyThePublicHeadersOfTheLibrary) {
  // tools/ may include kg/ (public) and its own headers; never core/, storage/ or query/.
  const fs::path root = KG_SOURCE_DIR;
  for (const auto& entry : fs::recursive_directory_iterator(root / "tools")) {
    if (entry.path().string().find("/tools/bench/") != std::string::npos) continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      for (const char* bad : {"\"core/", "\"storage/", "\"query/"}) {
        EXPECT_EQ(line.find(std::string("#include ") + bad), std::string::npos)
            << entry.path() << ": " << line;
      }
    }
  }
}

}  // namespace
