// A few thousand random and mutated queries through the KGQL front end (and a share of them
// through the whole engine): every one ends in a statement or a Status, never a crash; a
// located error points inside the text. Deterministic (fixed seed), so a failure reproduces.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "query/parser/parser.h"
#include "tests/query/kgql_fixture.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

// The statements of the case files: realistic seeds to mutate.
std::vector<std::string> Seeds() {
  std::vector<std::string> seeds;
  for (const auto& e : fs::directory_iterator(fs::path(KG_SOURCE_DIR) / "tests/data/query/cases")) {
    std::ifstream in(e.path());
    std::string line, query;
    while (std::getline(in, line) && line != "----") query += line + "\n";
    seeds.push_back(query);
  }
  std::sort(seeds.begin(), seeds.end());
  return seeds;
}

const char* const kFragments[] = {
    "MATCH", "(", ")", "-[", "]->", "<-[", "]-", "*", "..", "*1..3", ":", "|", "WHERE", "RETURN",
    "ORDER BY", "LIMIT", "SKIP", "DISTINCT", "AND", "OR", "NOT", "IN", "=", "<>", ">=", "\"",
    "\"Brandt\"", "\\", "\\u12", "'", "`", ";", "--", "\n", "SHORTEST", "ALL SHORTEST",
    "count(*)", "all(x IN", "evidence(", "p =", "EXPORT GRAPHML", "EXPLAIN", "PROVENANCE",
    "CONFLICTS", "1e999", "99999999999999999999", "\xC3", "\xFF", std::string("\0", 1).c_str(),
    "\xF0\x9F\x98\x80", "[", "]", ",", ".", "null", "true", "-", "+", "/", "%"};

std::string Mutate(std::string s, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> op(0, 5);
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < steps; ++i) {
    const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (op(rng)) {
      case 0:  // insert a fragment
        s.insert(pos, kFragments[rng() % (sizeof kFragments / sizeof kFragments[0])]);
        break;
      case 1:  // delete a range
        if (!s.empty()) s.erase(std::min(pos, s.size() - 1), 1 + rng() % 8);
        break;
      case 2:  // a random byte
        s.insert(pos, 1, static_cast<char>(rng() % 256));
        break;
      case 3:  // duplicate a slice
        if (!s.empty()) {
          const size_t a = rng() % s.size();
          s.insert(pos, s.substr(a, 1 + rng() % 20));
        }
        break;
      case 4:  // truncate
        s.resize(pos);
        break;
      default:  // swap two characters
        if (s.size() > 1) std::swap(s[rng() % s.size()], s[rng() % s.size()]);
        break;
    }
  }
  return s;
}

void ExpectWellFormed(const Status& s, const std::string& text) {
  EXPECT_FALSE(s.message().empty()) << text;
  if (s.line() == 0) return;
  size_t lines = 1;
  for (char c : text) lines += c == '\n';
  EXPECT_LE(s.line(), lines) << s.ToString() << "\n" << text;
}

TEST(KgqlParserRobustness, MutatedQueriesParseOrFailCleanly) {
  const std::vector<std::string> seeds = Seeds();
  ASSERT_FALSE(seeds.empty());
  std::mt19937_64 rng(20261121);
  size_t parsed = 0, rejected = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string text = Mutate(seeds[rng() % seeds.size()], rng);
    for (const query::ScriptStatement& piece : query::SplitScript(text)) {
      Result<std::unique_ptr<query::QueryStatement>> r = query::ParseStatement(piece.text);
      if (r.ok()) {
        ++parsed;
      } else {
        ++rejected;
        ExpectWellFormed(r.status(), piece.text);
      }
    }
  }
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(parsed, 100u);
  EXPECT_GT(rejected, 1000u);
}

TEST(KgqlParserRobustness, RandomBytesAndDeepNestingAreRejected) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000; ++i) {
    std::string text(rng() % 200, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    Result<std::unique_ptr<query::QueryStatement>> r = query::ParseStatement(text);
    if (!r.ok()) ExpectWellFormed(r.status(), text);
  }
  for (const std::string& deep :
       {"MATCH (a) RETURN " + std::string(100000, '('), "MATCH (a) RETURN " + std::string(100000, '-') + "1",
        "MATCH (a) WHERE " + [] {
          std::string s;
          for (int i = 0; i < 50000; ++i) s += "NOT ";
          return s;
        }() + "true RETURN a"}) {
    Result<std::unique_ptr<query::QueryStatement>> r = query::ParseStatement(deep);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("100"), std::string::npos) << r.status().ToString();
  }
  EXPECT_FALSE(query::ParseStatement(std::string(2 << 20, ' ')).ok());
}

TEST(KgqlParserRobustness, LongOperatorChainsAreBoundedNotQuadratic) {
  // 1,000 operators parse (each partial sum keeps its own text); one more is refused with its
  // location, and so is a chain of 100,000 (which once took seconds and gigabytes, then
  // overflowed the stack in the binder).
  auto chain = [](int n) {
    std::string s = "MATCH (a) RETURN 1";
    for (int i = 0; i < n; ++i) s += i % 2 ? "+1" : "*1";
    return s + " AS x";
  };
  Result<std::unique_ptr<query::QueryStatement>> ok = query::ParseStatement(chain(1000));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  for (int n : {1001, 100000}) {
    Result<std::unique_ptr<query::QueryStatement>> r = query::ParseStatement(chain(n));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("more than 1000 operators"), std::string::npos)
        << r.status().ToString();
    EXPECT_EQ(r.status().line(), 1u);
  }
}

TEST(KgqlParserRobustness, MutatedQueriesRunOrFailCleanly) {
  const fs::path dir = fs::temp_directory_path() / ("kgql-robust-" + std::to_string(getpid()));
  std::unique_ptr<Database> db = testing::OpenFixtureDatabase(dir);
  ASSERT_NE(db, nullptr);
  const std::vector<std::string> seeds = Seeds();
  std::mt19937_64 rng(42);
  QueryOptions options;
  options.max_expansions = 20000;
  options.max_rows = 1000;
  options.timeout_ms = 2000;
  // Mutated EXPORT clauses write their files in the scratch folder.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);
  size_t ok = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = Mutate(seeds[rng() % seeds.size()], rng);
    // No files are written by mutated EXPORT clauses.
    for (size_t p; (p = text.find("$TMP")) != std::string::npos;) text.replace(p, 4, dir.string());
    const Status s = db->QueryScript(text, options, [](const QueryResult&) { return true; });
    if (s.ok()) {
      ++ok;
    } else {
      ExpectWellFormed(s, text);
    }
  }
  fs::current_path(cwd);
  EXPECT_GT(ok, 10u);
  db.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg
