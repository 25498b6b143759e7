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
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  shell->Send("\x04");  // Ctrl-D on an empty line leaves
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
  shell->Send("\x04");
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

}  // namespace
