// `kg shell` and `kg query` as a user meets them: the shell driven through a pseudo-terminal
// (completion, history, multi-line statements, Ctrl-C), scripts through standard input (no
// prompt, stop at the first error with its location, exit codes), and the output formats.
// The store is tests/data/shell/graph.jsonl (see tests/query/completion_test.cc for its content).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "tests/util/pty_session.h"
#include "tests/util/subprocess.h"
#include "tests/util/test_dir.h"

namespace {

namespace fs = std::filesystem;
using kg::testing::PtySession;
using kg::testing::ReadWholeFile;
using kg::testing::RunProgram;
using kg::testing::RunResult;
using ::testing::HasSubstr;
using ::testing::Not;

// The entries of a libedit history file ("_HiStOrY_V2_", then one strvis-encoded line each).
std::vector<std::string> HistoryEntries(const fs::path& path) {
  std::vector<std::string> entries;
  std::istringstream in(ReadWholeFile(path));
  std::string line;
  std::getline(in, line);  // the signature
  while (std::getline(in, line)) {
    std::string decoded;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 3 < line.size() && line[i + 1] >= '0' &&
          line[i + 1] <= '7') {
        decoded.push_back(static_cast<char>(std::stoi(line.substr(i + 1, 3), nullptr, 8)));
        i += 3;
      } else if (line[i] == '\\' && i + 1 < line.size()) {
        decoded.push_back(line[++i]);
      } else {
        decoded.push_back(line[i]);
      }
    }
    entries.push_back(decoded);
  }
  return entries;
}

class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kg::testing::MakeTestDir("kg-shell-test");
    db_ = (dir_ / "news.kg").string();
    history_ = dir_ / "history";
    const fs::path fixture = fs::path(KG_SOURCE_DIR) / "tests/data/shell/graph.jsonl";
    RunResult r = RunProgram(KG_CLI_PATH, {"--db", db_, "import", fixture.string()}, dir_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> Env() const {
    return {"KG_HISTORY=" + history_.string(), "TERM=xterm", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
            "HOME=" + dir_.string()};
  }

  std::unique_ptr<PtySession> StartShell(std::vector<std::string> args = {"shell"}) {
    args.insert(args.begin(), {"--db", db_});
    auto s = std::make_unique<PtySession>(KG_CLI_PATH, args, dir_.string(), Env());
    EXPECT_TRUE(s->started());
    return s;
  }

  RunResult RunScript(const std::string& script, std::vector<std::string> args = {"shell"}) {
    const fs::path in = dir_ / "script.kgql";
    std::ofstream(in, std::ios::binary) << script;
    args.insert(args.begin(), {"--db", db_});
    return RunProgram(KG_CLI_PATH, args, dir_, in.string());
  }

  fs::path dir_;
  std::string db_;
  fs::path history_;
};

TEST_F(ShellTest, TabCompletesKeywordsNamesRelationsAndTypes) {
  auto shell = StartShell();
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send("mat\t(\"Ine\t)-[:me\t]-(b:PER\t)\r");
  ASSERT_TRUE(shell->WaitFor("... ")) << shell->transcript();  // no ';' yet: continuation
  std::vector<std::string> history = HistoryEntries(history_);
  ASSERT_FALSE(history.empty()) << shell->transcript();
  EXPECT_EQ(history.back(), "match (\"Ines Alder\")-[:meet]-(b:PERSON)");
  // Several names share a prefix: the first Tab completes what they share, the second lists.
  shell->Send("\x03");  // Ctrl-C drops the unfinished statement
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send("MATCH (vel\t\t");
  ASSERT_TRUE(shell->WaitFor("\"Velmora\"")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();  // the line is drawn again
  shell->Send("\x03");
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send(":mo\t\r");
  ASSERT_TRUE(shell->WaitFor("mode table")) << shell->transcript();
  shell->Send(":quit\r");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellTest, CtrlCAtThePromptClearsTheStatementNotTheShell) {
  auto shell = StartShell();
  ASSERT_TRUE(shell->WaitFor("kg> "));
  shell->Send("MATCH (a)\r");
  ASSERT_TRUE(shell->WaitFor("... ")) << shell->transcript();
  shell->Send("RETURN a\x03");
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  // Had the statement survived, this line would have been taken as part of it.
  shell->Send(":timing\r");
  ASSERT_TRUE(shell->WaitFor("timing on")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send(":quit\r");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellTest, CtrlDTypedBeforeThePromptLeavesTheShell) {
  // Sent at once, while the shell is still opening the store and the terminal is in cooked
  // mode: the line discipline keeps it as an end-of-file mark that raw mode later delivers as a
  // NUL byte. The shell must still take it as Ctrl-D on an empty line, and leave.
  auto shell = StartShell();
  shell->Send("\x04");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellTest, CtrlDAtAnEmptyPromptLeavesTheShell) {
  auto shell = StartShell();
  ASSERT_TRUE(shell->WaitFor("kg> "));
  shell->Send(":timing\r");
  ASSERT_TRUE(shell->WaitFor("timing on")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send("\x04");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellTest, HistoryIsKeptAcrossSessions) {
  {
    auto shell = StartShell();
    ASSERT_TRUE(shell->WaitFor("kg> "));
    shell->Send(":find Tran\r");
    ASSERT_TRUE(shell->WaitFor("e:2")) << shell->transcript();
    shell->Send(":quit\r");
    ASSERT_EQ(shell->Wait(), 0) << shell->transcript();
  }
  EXPECT_THAT(HistoryEntries(history_), ::testing::ElementsAre(":find Tran", ":quit"));
  auto shell = StartShell();
  ASSERT_TRUE(shell->WaitFor("kg> "));
  shell->Send("\x10\x10\r");  // Ctrl-P twice: back to ":find Tran"
  ASSERT_TRUE(shell->WaitFor("Bo Tran")) << shell->transcript();
  shell->Send(":quit\r");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellTest, KgAloneInATerminalIsTheShell) {
  auto shell = StartShell({});
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send(":help\r");
  ASSERT_TRUE(shell->WaitFor(":schema")) << shell->transcript();
  EXPECT_THAT(shell->transcript(), HasSubstr(":mode table|csv|json|jsonl"));
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send(":quit\r");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellTest, ScriptsRunWithoutPromptsInTheChosenFormat) {
  RunResult r = RunScript(":mode csv\n:schema\n-- a comment line\n\n:find \"Velmont\"\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("kg> ")));
  EXPECT_THAT(r.out, HasSubstr("type,kind,nodes\r\nPERSON,entity,4\r\nFACILITY,entity,1\r\n"));
  EXPECT_THAT(r.out, HasSubstr("relation,statements\r\nmeet,3\r\nsay,2\r\n"));
  EXPECT_THAT(r.out, HasSubstr("e:7,Velmont Bridge,FACILITY,\"[Velmont, Velmont Bridge]\"\r\n"));
  EXPECT_EQ(r.err, "");
}

TEST_F(ShellTest, ScriptsStopAtTheFirstErrorWithItsLocation) {
  RunResult r = RunScript(":stats\n\n  :mode xml\n:stats\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "kg: <stdin>:3:3: Invalid argument: unknown mode 'xml': use table, csv, json "
                   "or jsonl\n");
  // The first :stats ran, the second did not.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '('), 1) << r.out;
  r = RunScript(":find Nobody At All\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("kg: <stdin>:1:1: Not found: no entity named 'Nobody At All'"));
}

TEST_F(ShellTest, QueryCommandChecksItsArguments) {
  RunResult r = RunScript("", {"query"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("'kg query' needs statements (or -f FILE)"));
  r = RunScript("", {"query", "--format", "xml", "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--format must be table, csv, json or jsonl, not 'xml'"));
  r = RunScript("", {"query", "--max-rows", "0", "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--max-rows expects a whole number"));
  r = RunScript("", {"query", "-f", "missing.kgql"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot read 'missing.kgql'"));
  r = RunScript("", {"query", "-f", "x", "y"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("unexpected argument 'y'"));
  r = RunScript("", {"query", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("--format table|csv|json|jsonl"));
  r = RunScript("", {"--help"});
  EXPECT_THAT(r.out, HasSubstr("  query "));
  EXPECT_THAT(r.out, HasSubstr("  shell "));
}

TEST_F(ShellTest, QueryRunsShellCommandsFromAFileInJson) {
  std::ofstream(dir_ / "q.kgql") << ":find Alder\n";
  RunResult r = RunScript("", {"query", "--format", "json", "-f", (dir_ / "q.kgql").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("rows":[{"id":"e:1","name":"Ines Alder","type":"PERSON",)"));
  r = RunScript(":find Alder\n:bad\n", {"query", "--format", "jsonl", "-"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr(R"({"id":"e:1","name":"Ines Alder")"));
  EXPECT_THAT(r.err, HasSubstr("kg: <stdin>:2:1: Invalid argument: unknown shell command ':bad'"));
}

TEST_F(ShellTest, MultiLineStatementsRunWhenTheyEnd) {
  auto shell = StartShell();
  ASSERT_TRUE(shell->WaitFor("kg> "));
  shell->Send("MATCH (a:PERSON) -- people only\r");
  ASSERT_TRUE(shell->WaitFor("... ")) << shell->transcript();
  shell->Send("RETURN count(a) AS people\r");
  ASSERT_TRUE(shell->WaitFor("... ")) << shell->transcript();
  shell->Send(";\r");
  ASSERT_TRUE(shell->WaitFor(" people\r\n--------\r\n      4\r\n(1 row)")) << shell->transcript();
  // Two statements on one line, the second left open and finished on the next.
  shell->Send(":timing on\r");
  ASSERT_TRUE(shell->WaitFor("timing on")) << shell->transcript();
  shell->Send("MATCH (a:ORG) RETURN a.name; MATCH (b:FACILITY)\r");
  ASSERT_TRUE(shell->WaitFor("Harrow Trust")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("time: parse ")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("... ")) << shell->transcript();
  shell->Send("RETURN b.name;\r");
  ASSERT_TRUE(shell->WaitFor("Velmont Bridge")) << shell->transcript();
  // An error is shown with its place, and the shell goes on.
  shell->Send("MATCH (a) RETURN a.nme;\r");
  ASSERT_TRUE(shell->WaitFor("no property 'nme'")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send(":quit\r");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

// A complete graph of 40 people: paths of up to 12 hops between any two are far too many to
// count before Ctrl-C (the expansion budget alone takes a minute to run out).
class ShellCancelTest : public ShellTest {
 protected:
  void SetUp() override {
    ShellTest::SetUp();
    std::ofstream out(dir_ / "dense.jsonl");
    for (int i = 0; i < 40; ++i) {
      for (int j = i + 1; j < 40; ++j) {
        out << R"({"subject":{"id":"e:)" << i << R"(","name":"Person )" << i
            << R"(","type":"PERSON"},"predicate":{"lemma":"know","text":"knows"},)"
            << R"("object":{"id":"e:)" << j << R"(","name":"Person )" << j
            << R"(","type":"PERSON"},"evidence":[{"doc":"d1","sentence":"They know each )"
            << R"(other.","begin":0,"end":21}]})" << "\n";
      }
    }
    out.close();
    db_ = (dir_ / "dense.kg").string();
    RunResult r = RunProgram(KG_CLI_PATH, {"--db", db_, "import", "dense.jsonl"}, dir_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(ShellCancelTest, CtrlCCancelsTheRunningStatementNotTheShell) {
  auto shell = StartShell({"shell", "--timeout", "0"});
  ASSERT_TRUE(shell->WaitFor("kg> "));
  shell->Send("MATCH p = (a)-[*1..12]-(b) RETURN count(p);\r");
  // Once the line is echoed with its newline, the shell has taken it and runs it.
  ASSERT_TRUE(shell->WaitFor("count(p);\r\n")) << shell->transcript();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  shell->Send("\x03");
  ASSERT_TRUE(shell->WaitFor("Cancelled")) << shell->transcript();
  ASSERT_TRUE(shell->WaitFor("kg> ")) << shell->transcript();
  shell->Send("MATCH (a) RETURN count(a);\r");
  ASSERT_TRUE(shell->WaitFor("     40\r\n(1 row)")) << shell->transcript();
  shell->Send(":quit\r");
  EXPECT_EQ(shell->Wait(), 0) << shell->transcript();
}

TEST_F(ShellCancelTest, CtrlCCancelsKgQueryWithExitCodeOne) {
  auto shell = StartShell({"query", "--timeout", "0", "MATCH p = (a)-[*1..12]-(b) RETURN count(p)"});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  shell->Send("\x03");
  ASSERT_TRUE(shell->WaitFor("Cancelled")) << shell->transcript();
  EXPECT_EQ(shell->Wait(), 1) << shell->transcript();
}

const char kMeetings[] =
    "MATCH (a:PERSON)-[r:meet]->(b) RETURN a.name, b.name, support(r) AS support\n"
    "ORDER BY support DESC, a.name;";

TEST_F(ShellTest, QueryPrintsEachFormat) {
  RunResult r = RunScript("", {"query", kMeetings});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            " a.name     | b.name     | support\n"
            "------------+------------+---------\n"
            " Ines Alder | Bo Tran    |       2\n"
            " Bo Tran    | Cai Moreau |       1\n"
            " Cai Moreau | Léa Brun   |       1\n"
            "(3 rows)\n");
  r = RunScript("", {"query", "--format", "csv", kMeetings});
  EXPECT_EQ(r.out,
            "a.name,b.name,support\r\nInes Alder,Bo Tran,2\r\nBo Tran,Cai Moreau,1\r\n"
            "Cai Moreau,Léa Brun,1\r\n");
  r = RunScript("", {"query", "--format", "jsonl", kMeetings});
  EXPECT_EQ(r.out,
            "{\"a.name\":\"Ines Alder\",\"b.name\":\"Bo Tran\",\"support\":2}\n"
            "{\"a.name\":\"Bo Tran\",\"b.name\":\"Cai Moreau\",\"support\":1}\n"
            "{\"a.name\":\"Cai Moreau\",\"b.name\":\"Léa Brun\",\"support\":1}\n");
  r = RunScript("", {"query", "--format", "json", kMeetings});
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["columns"], nlohmann::json::parse(R"(["a.name", "b.name", "support"])"));
  EXPECT_EQ(doc["row_count"], 3);
  EXPECT_EQ(doc["rows"][2]["b.name"], "Léa Brun");
}

TEST_F(ShellTest, PathsPrintWithTheirDirections) {
  RunResult r = RunScript(
      "MATCH p = SHORTEST (\"Léa Brun\")-[*..4]-(\"Ines Alder\") RETURN p, length(p) AS hops;",
      {"query", "-f", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(" Léa Brun <-[meet]- Cai Moreau <-[meet]- Bo Tran <-[meet]- "
                               "Ines Alder |    3\n"));
  r = RunScript("MATCH p = SHORTEST (\"Ines Alder\")-[*..4]-(\"Léa Brun\") RETURN p;",
                {"query", "--format", "json", "-"});
  const nlohmann::json path = nlohmann::json::parse(r.out)["rows"][0]["p"];
  EXPECT_EQ(path["length"], 3);
  EXPECT_EQ(path["nodes"][3]["name"], "Léa Brun");
  EXPECT_EQ(path["relationships"][0]["type"], "meet");
  EXPECT_EQ(path["relationships"][0]["forward"], true);
}

TEST_F(ShellTest, ScriptStatementErrorsNameTheScriptsLineAndColumn) {
  RunResult r = RunScript(
      "MATCH (a:ORG) RETURN a.name;\n\n-- the next one is misspelt\nMATCH (b)\n  RETURN b.nme;\n"
      "MATCH (c) RETURN c;\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::StartsWith("kg: <stdin>:5:12: Invalid argument: "));
  EXPECT_THAT(r.err, HasSubstr("no property 'nme'"));
  EXPECT_THAT(r.out, HasSubstr("Harrow Trust"));
  EXPECT_THAT(r.out, Not(HasSubstr("Velmora")));  // the statement after the error did not run
  // A statement after another on the same line.
  r = RunScript("MATCH (a:ORG) RETURN a.name; MATCH (\"Nowhere Town\") RETURN 1;\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::StartsWith("kg: <stdin>:1:37: Not found: "));
}

TEST_F(ShellTest, LimitsFailOrMarkAPartialResult) {
  RunResult r = RunScript("", {"query", "--max-rows", "2", "MATCH (a:PERSON) RETURN a.name"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("Limit exceeded"));
  r = RunScript("", {"query", "--max-rows", "2", "--partial", "MATCH (a:PERSON) RETURN a.name"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(2 rows; partial result: "));
  r = RunScript("", {"query", "--max-rows", "2", "--partial", "--format", "csv",
                     "MATCH (a:PERSON) RETURN a.name"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;  // header and 2 rows
  EXPECT_THAT(r.err, HasSubstr("kg: partial result: "));
}

}  // namespace
