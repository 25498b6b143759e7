// The data-driven KGQL tests: every tests/data/query/cases/*.kgql file is one test, registered
// at run time, so adding a case needs no C++. A case file holds
//
//   -- what the case checks (comment lines)
//   -- options: max_rows=N max_expansions=N timeout_ms=N partial_results unordered
//   -- fixture: FILE (optional: another graph of tests/data/query/fixture/)
//   <one KGQL statement, or several for a script>
//   ----
//   <expected>
//
// where <expected> is one of
//   columns and rows:  "a | b" (the columns), then one line per row (Value::ToText, " | ")
//                      ("unordered" compares the rows sorted), optionally a last line
//                      "partial: <text in the reason>";
//   an error:          "error: <Status code name> at LINE:COLUMN", then lines that must each
//                      occur in the message;
//   a message:         "message:", then lines that must each occur in QueryResult::message.
// "$TMP" in the statement is replaced by a scratch folder. Statements run against the fixture
// graph tests/data/query/fixture/news.jsonl unless the case names another.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/query/kgql_fixture.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string query;
  std::vector<std::string> expected;
  QueryOptions options;
  bool unordered = false;
  std::string fixture = "news.jsonl";
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool ParseCase(const fs::path& file, Case* c, std::string* error) {
  std::ifstream in(file);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::vector<std::string> lines = Lines(buf.str());
  size_t i = 0;
  bool in_query = true;
  for (; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l == "----") {
      in_query = false;
      ++i;
      break;
    }
    if (l.rfind("-- fixture: ", 0) == 0) {
      c->fixture = l.substr(12);
      continue;
    }
    if (l.rfind("-- options:", 0) == 0) {
      std::istringstream opts(l.substr(11));
      std::string o;
      while (opts >> o) {
        const size_t eq = o.find('=');
        const std::string key = o.substr(0, eq);
        const uint64_t value = eq == std::string::npos ? 0 : std::stoull(o.substr(eq + 1));
        if (key == "max_rows") c->options.max_rows = value;
        else if (key == "max_expansions") c->options.max_expansions = value;
        else if (key == "timeout_ms") c->options.timeout_ms = static_cast<uint32_t>(value);
        else if (key == "partial_results") c->options.partial_results = true;
        else if (key == "unordered") c->unordered = true;
        else {
          *error = "unknown option " + key;
          return false;
        }
      }
      continue;
    }
    c->query += l + "\n";
  }
  if (in_query) {
    *error = "no ---- line";
    return false;
  }
  c->expected.assign(lines.begin() + static_cast<long>(i), lines.end());
  if (c->expected.empty()) {
    *error = "nothing expected after ----";
    return false;
  }
  return true;
}

class KgqlCaseTest : public ::testing::Test {
 public:
  explicit KgqlCaseTest(fs::path file) : file_(std::move(file)) {}

  void TestBody() override {
    Case c;
    std::string error;
    ASSERT_TRUE(ParseCase(file_, &c, &error)) << file_ << ": " << error;
    const fs::path dir = fs::temp_directory_path() /
                         ("kgql-case-" + file_.stem().string() + "-" + std::to_string(getpid()));
    std::unique_ptr<Database> db = testing::OpenFixtureDatabase(dir, c.fixture);
    ASSERT_NE(db, nullptr);
    std::string query = c.query;
    for (size_t p; (p = query.find("$TMP")) != std::string::npos;) {
      query.replace(p, 4, dir.string());
    }
    std::vector<QueryResult> results;
    const Status s = db->QueryScript(query, c.options, [&](const QueryResult& r) {
      results.push_back(r);
      return true;
    });
    const std::string& head = c.expected[0];
    if (head.rfind("error: ", 0) == 0) {
      ASSERT_FALSE(s.ok()) << "expected an error, got rows:\n"
                           << (results.empty() ? "" : testing::ResultText(results.back()));
      const std::string got = std::string("error: ") + Status::CodeName(s.code()) + " at " +
                              std::to_string(s.line()) + ":" + std::to_string(s.column());
      EXPECT_EQ(got, head) << s.ToString();
      for (size_t i = 1; i < c.expected.size(); ++i) {
        EXPECT_NE(s.message().find(c.expected[i]), std::string::npos)
            << "message lacks: " << c.expected[i] << "\nmessage: " << s.message();
      }
    } else {
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_FALSE(results.empty());
      const QueryResult& r = results.back();
      if (head == "message:") {
        for (size_t i = 1; i < c.expected.size(); ++i) {
          EXPECT_NE(r.message.find(c.expected[i]), std::string::npos)
              << "message lacks: " << c.expected[i] << "\nmessage:\n" << r.message;
        }
      } else {
        std::vector<std::string> expected = c.expected;
        std::string partial;
        if (expected.back().rfind("partial: ", 0) == 0) {
          partial = expected.back().substr(9);
          expected.pop_back();
        }
        std::vector<std::string> got = Lines(testing::ResultText(r));
        if (c.unordered) {
          std::sort(expected.begin() + 1, expected.end());
          std::sort(got.begin() + 1, got.end());
        }
        std::string want_text, got_text;
        for (const auto& l : expected) want_text += l + "\n";
        for (const auto& l : got) got_text += l + "\n";
        EXPECT_EQ(got_text, want_text);
        EXPECT_EQ(r.partial, !partial.empty());
        if (!partial.empty()) {
          EXPECT_NE(r.partial_reason.find(partial), std::string::npos) << r.partial_reason;
        }
      }
    }
    db.reset();
    fs::remove_all(dir);
  }

 private:
  fs::path file_;
};

// Registers one test per case file before the tests run.
const size_t kRegistered = [] {
  const fs::path dir = fs::path(KG_SOURCE_DIR) / "tests/data/query/cases";
  std::vector<fs::path> files;
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".kgql") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    ::testing::RegisterTest("KgqlCase", f.stem().string().c_str(), nullptr, nullptr, __FILE__,
                            __LINE__, [f]() -> ::testing::Test* { return new KgqlCaseTest(f); });
  }
  return files.size();
}();

TEST(KgqlCases, EveryConstructHasCases) { EXPECT_GE(kRegistered, 30u); }

}  // namespace
}  // namespace kg
