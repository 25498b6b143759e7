// `kg merge`, `kg split`, `kg aliases`, `kg merges` and `kg unmerge` through the binary
// (KG_CLI_PATH), on the fixture tests/data/cli/small.jsonl (see cli_test.cc): output, errors
// with their exit codes, and that every change survives the process and can be undone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/util/subprocess.h"
#include "tests/util/test_dir.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using kg::testing::RunProgram;
using kg::testing::RunResult;

class CurationCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kg::testing::MakeTestDir("kg-curation-cli");
    db_ = (dir_ / "store").string();
    const fs::path fixture = fs::path(KG_SOURCE_DIR) / "tests" / "data" / "cli" / "small.jsonl";
    const RunResult r = Kg({"import", fixture.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  RunResult Kg(std::vector<std::string> args, const std::string& stdin_path = "/dev/null") {
    args.insert(args.begin(), {"--db", db_});
    return RunProgram(KG_CLI_PATH, args, dir_, stdin_path);
  }

  std::string Export() {
    const RunResult r = Kg({"export"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  void ExpectConsistent() {
    const RunResult r = Kg({"check"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("consistent"));
  }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(CurationCliTest, MergeIsLoggedAndUnmergeRestoresTheExport) {
  const std::string before = Export();
  RunResult r = Kg({"merge", "Marta Kowalczyk", "Vanterpool", "--reason", "one person"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("moved 1 statements"));
  EXPECT_THAT(r.out, HasSubstr("result: e:1; merge log #1"));
  ExpectConsistent();
  r = Kg({"show", "Vanterpool"});
  EXPECT_THAT(r.out, HasSubstr("Marta Kowalczyk  (PERSON, e:1)"));
  EXPECT_THAT(r.out, HasSubstr("-[visit]-> Port Arvella"));

  r = Kg({"merges"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\tmerge\te:1\te:6\t"));
  EXPECT_THAT(r.out, HasSubstr("one person"));
  r = Kg({"merges", "--json"});
  const nlohmann::json entry = nlohmann::json::parse(r.out);
  EXPECT_EQ(entry["id"], 1);
  EXPECT_EQ(entry["kind"], "merge");
  EXPECT_EQ(entry["undone"], false);

  r = Kg({"unmerge", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectConsistent();
  EXPECT_EQ(Export(), before);
  r = Kg({"merges"});
  EXPECT_THAT(r.out, HasSubstr("merge (undone)"));
  EXPECT_THAT(r.out, HasSubstr("\tunmerge\t"));
  r = Kg({"unmerge", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("undone already"));
}

TEST_F(CurationCliTest, SplitByAliasAndBack) {
  const std::string before = Export();
  RunResult r = Kg({"split", "e:5", "the council"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("result: e:the_council"));
  ExpectConsistent();
  r = Kg({"aliases"});
  EXPECT_EQ(r.out, "distinct: the council != Harbour Council\n");
  r = Kg({"unmerge", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Export(), before);
  EXPECT_EQ(Kg({"aliases"}).out, "");
}

TEST_F(CurationCliTest, AliasFilePinsNowAndPersists) {
  const std::string bad = Write("bad.txt", "same: Port Arvella = Arvella\nsame Arvella\n");
  RunResult r = Kg({"aliases", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("bad.txt:2:"));
  const std::string good = Write("good.txt",
                                 "# the harbour's two names\n"
                                 "same: North Quay Terminal = Port Arvella\n"
                                 "distinct: Reyes != Kowalczyk\n");
  r = Kg({"aliases", good});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("merged e:"));
  ExpectConsistent();
  r = Kg({"show", "Port Arvella"});
  EXPECT_THAT(r.out, HasSubstr("North Quay Terminal"));
  r = Kg({"aliases"});
  EXPECT_EQ(r.out,
            "same: North Quay Terminal = Port Arvella\ndistinct: Reyes != Kowalczyk\n");
}

TEST_F(CurationCliTest, ErrorsAreUserErrors) {
  RunResult r = Kg({"merge", "e:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("needs two entities"));
  r = Kg({"merge", "e:1", "Nobody Anywhere"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no entity named 'Nobody Anywhere'"));
  r = Kg({"merge", "e:1", "c:1"});  // a literal
  EXPECT_EQ(r.exit_code, 1);
  r = Kg({"split", "e:1"});
  EXPECT_EQ(r.exit_code, 1);
  r = Kg({"unmerge", "abc"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("merge-log id"));
  r = Kg({"unmerge", "99"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no merge-log entry 99"));
  r = Kg({"aliases", (dir_ / "missing.txt").string()});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* command : {"merge", "split", "aliases", "merges", "unmerge"}) {
    r = Kg({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_THAT(r.out, HasSubstr(std::string("usage: kg [--db PATH] ") + command));
  }
}

}  // namespace
