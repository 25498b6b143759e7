// Runs the `kg` binary (KG_CLI_PATH) on the fixture tests/data/cli/small.jsonl and checks its
// output, error messages and exit codes (0 ok, 1 user error, 2 internal error).
//
// The fixture holds 10 statements from 3 documents (doc-a, doc-b, doc-c) over 11 nodes
// (8 entities, 3 literals) with 14 aliases; one statement (Tomas Reyes chairs the Harbour
// Council) has evidence in doc-b and doc-c, all the others in one document.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "tests/util/subprocess.h"
#include "tests/util/test_dir.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const char* const kXmllint = "/usr/bin/xmllint";

using kg::testing::ReadWholeFile;

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

using kg::testing::RunProgram;
using kg::testing::RunResult;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kg::testing::MakeTestDir("kg-cli-test");
    fixture_ = fs::path(KG_SOURCE_DIR) / "tests" / "data" / "cli" / "small.jsonl";
    ASSERT_TRUE(fs::exists(fixture_)) << fixture_;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  RunResult Kg(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null") {
    return RunProgram(KG_CLI_PATH, args, dir_, stdin_path);
  }

  // A store at dir_/name holding the fixture.
  std::string ImportedStore(const std::string& name = "store") {
    const std::string db = (dir_ / name).string();
    const RunResult r = Kg({"--db", db, "import", fixture_.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return db;
  }

  fs::path dir_;
  fs::path fixture_;
};

// --- usage ---------------------------------------------------------------------------------

TEST(CliHelpTest, HelpOnEveryCommandListsItsOptions) {
  const fs::path scratch = fs::temp_directory_path() / ("kg-cli-help-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
      {"import", {"--skip-bad-lines", "--chunk", "--run-mb"}},
      {"export", {"--format", "--output", "--center", "--depth"}},
      {"stats", {"--top", "--json"}},
      {"show", {"--limit"}},
      {"doc", {"--no-text"}},
      {"docs", {}},
      {"rm-doc", {}},
      {"check", {}},
  };
  for (const auto& [command, options] : commands) {
    SCOPED_TRACE(command);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{command, "--help"}, std::vector<std::string>{command, "-h"},
          std::vector<std::string>{"help", command}}) {
      const RunResult r = RunProgram(KG_CLI_PATH, args, scratch);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      EXPECT_THAT(r.out, HasSubstr("usage: kg [--db PATH] " + command));
      EXPECT_THAT(r.out, HasSubstr("--db PATH"));  // the global options too
      for (const std::string& option : options) EXPECT_THAT(r.out, HasSubstr(option));
      EXPECT_EQ(r.err, "");
    }
  }
  fs::remove_all(scratch);
}

TEST(CliHelpTest, TopLevelHelpListsEveryCommand) {
  const fs::path scratch = fs::temp_directory_path() / ("kg-cli-top-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  const RunResult help = RunProgram(KG_CLI_PATH, {"--help"}, scratch);
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command :
       {"import", "export", "stats", "show", "doc", "docs", "rm-doc", "check"}) {
    EXPECT_THAT(help.out, HasSubstr(std::string("  ") + command + " "));
  }
  EXPECT_THAT(help.out, HasSubstr("Exit codes"));

  // No command at all: the usage goes to stderr and the exit code says it was a mistake.
  const RunResult bare = RunProgram(KG_CLI_PATH, {}, scratch);
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_EQ(bare.out, "");
  EXPECT_THAT(bare.err, HasSubstr("usage: kg"));

  const RunResult version = RunProgram(KG_CLI_PATH, {"--version"}, scratch);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("kgraph "));
  fs::remove_all(scratch);
}

TEST_F(CliTest, UnknownCommandFails) {
  const RunResult r = Kg({"--db", (dir_ / "store").string(), "frobnicate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("unknown command 'frobnicate'"));
  EXPECT_THAT(r.err, HasSubstr("kg --help"));
  EXPECT_FALSE(fs::exists(dir_ / "store"));
}

TEST_F(CliTest, UnknownOptionFails) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "stats", "--bogus"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("unknown option --bogus for 'kg stats'"));

  // An option of another command is unknown here too.
  const RunResult other = Kg({"--db", db, "docs", "--limit", "3"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("unknown option --limit"));

  // A flag does not take a value.
  const RunResult flag = Kg({"--db", db, "stats", "--json=yes"});
  EXPECT_EQ(flag.exit_code, 1);
  EXPECT_THAT(flag.err, HasSubstr("--json takes no value"));
}

TEST_F(CliTest, MissingArgumentFails) {
  const std::string db = ImportedStore();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--db", db, "show"}, "'kg show' needs an entity name or id"},
      {{"--db", db, "doc"}, "'kg doc' needs a document id"},
      {{"--db", db, "rm-doc"}, "'kg rm-doc' needs a document id"},
      {{"--db", db, "import"}, "'kg import' needs a file"},
      {{"--db", db, "show", "Reyes", "Kowalczyk"}, "unexpected argument 'Kowalczyk'"},
      {{"--db", db, "export", "--format"}, "option --format needs a value"},
      {{"stats", "--db"}, "option --db needs a value"},
      {{"--db", db, "export", "--format", "csv"}, "--format must be jsonl or graphml"},
      {{"--db", db, "export", "--center", "Reyes"}, "--center and --depth go with --format"},
      {{"--db", db, "stats", "--top", "many"}, "--top expects a whole number"},
      {{"--db", db, "import", fixture_.string(), "--chunk", "0"}, "--chunk expects a whole"},
      {{"--db", db, "import", fixture_.string(), "--chunk", "-5"}, "--chunk expects a whole"},
      {{"--db", db, "import", fixture_.string(), "--run-mb", "lots"}, "--run-mb expects a whole"},
      {{"--db", db, "--read-only", "rm-doc", "doc-a"}, "drop --read-only"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const std::string& a : c.args) joined += a + " ";
    SCOPED_TRACE(joined);
    const RunResult r = Kg(c.args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr(c.message));
  }
  // None of them changed the store.
  const RunResult check = Kg({"--db", db, "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(check.out)["statements"], 10);
}

TEST_F(CliTest, DbAcceptedBeforeAndAfterCommand) {
  const std::string db = ImportedStore();
  const RunResult before = Kg({"--db", db, "stats"});
  const RunResult after = Kg({"stats", "--db", db});
  const RunResult equals = Kg({"stats", "--db=" + db});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(equals.exit_code, 0) << equals.err;
  EXPECT_EQ(before.out, after.out);
  EXPECT_EQ(before.out, equals.out);
  EXPECT_THAT(before.out, HasSubstr(db));

  // The same for a writing command: --db after the command imports into that store.
  const std::string other = (dir_ / "other").string();
  const RunResult import = Kg({"import", fixture_.string(), "--db", other});
  EXPECT_EQ(import.exit_code, 0) << import.err;
  EXPECT_TRUE(fs::exists(fs::path(other) / "CURRENT"));
  EXPECT_EQ(Kg({"export", "--db", other}).out, Kg({"--db", db, "export"}).out);
}

// --- stats, show, doc, docs --------------------------------------------------------------

TEST_F(CliTest, ImportPrintsWhatItDid) {
  const std::string db = (dir_ / "store").string();
  const RunResult first = Kg({"--db", db, "import", fixture_.string()});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("imported 10 lines"));
  EXPECT_THAT(first.out, HasSubstr("10 new statements, 0 merged, 0 already stored; 11 new "
                                   "evidence, 3 new documents"));
  const RunResult again = Kg({"--db", db, "import", fixture_.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 new statements, 0 merged, 10 already stored; 0 new "
                                   "evidence, 0 new documents"));
}

TEST_F(CliTest, StatsPrintsCounts) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "stats"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(schema version 2)"));
  EXPECT_THAT(r.out, HasSubstr("documents    3\n"));
  EXPECT_THAT(r.out, HasSubstr("nodes        11 (8 entities, 3 literals, 14 aliases)\n"));
  EXPECT_THAT(r.out, HasSubstr("statements   10\n"));
  EXPECT_THAT(r.out, HasSubstr("evidence     11\n"));
  // "approve" has two statements, every other predicate one; ties go by lemma.
  EXPECT_THAT(r.out, HasSubstr("top predicates:\n  approve                  2\n  chair"));

  const RunResult top = Kg({"--db", db, "stats", "--top", "1"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_THAT(top.out, HasSubstr("  approve                  2\n"));
  EXPECT_THAT(top.out, Not(HasSubstr("chair")));
}

TEST_F(CliTest, StatsJsonIsValidWithRightNumbers) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "stats", "--json", "--top", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(r.out)) << r.out;
  EXPECT_EQ(j["documents"], 3);
  EXPECT_EQ(j["nodes"], 11);
  EXPECT_EQ(j["entities"], 8);
  EXPECT_EQ(j["literals"], 3);
  EXPECT_EQ(j["statements"], 10);
  EXPECT_EQ(j["evidence"], 11);
  EXPECT_EQ(j["aliases"], 14);
  EXPECT_EQ(j["schema_version"], 2);
  ASSERT_TRUE(j["top_predicates"].is_array());
  ASSERT_EQ(j["top_predicates"].size(), 3u);
  EXPECT_EQ(j["top_predicates"][0]["lemma"], "approve");
  EXPECT_EQ(j["top_predicates"][0]["statements"], 2);
  EXPECT_EQ(j["top_predicates"][1]["lemma"], "chair");
  EXPECT_EQ(j["top_predicates"][1]["statements"], 1);
}

// The store accepts a predicate lemma holding any valid UTF-8, control characters included;
// --json must still print valid JSON (control characters escaped as \uXXXX or \t).
TEST_F(CliTest, StatsJsonEscapesEveryLemma) {
  const std::string line = ReadWholeFile(fixture_).substr(0, ReadWholeFile(fixture_).find('\n'));
  nlohmann::json st = nlohmann::json::parse(line);
  const std::string lemma = "say\t\"quoted\" back\\slash \x01 bell\x07 new\nline";
  st["predicate"]["lemma"] = lemma;
  const fs::path file = dir_ / "odd-lemma.jsonl";
  WriteFile(file, st.dump() + "\n");
  const std::string db = (dir_ / "store").string();
  const RunResult import = Kg({"--db", db, "import", file.string()});
  if (import.exit_code != 0) {  // refusing such a lemma on input would be fine too
    EXPECT_EQ(import.exit_code, 1);
    EXPECT_THAT(import.err, HasSubstr("predicate.lemma"));
    return;
  }
  const RunResult r = Kg({"--db", db, "stats", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(r.out)) << "not valid JSON: " << r.out;
  ASSERT_EQ(j["top_predicates"].size(), 1u);
  EXPECT_EQ(j["top_predicates"][0]["lemma"], lemma);
  EXPECT_EQ(j["statements"], 1);
}

TEST_F(CliTest, ShowFindsEntityByAliasIgnoringCase) {
  const std::string db = ImportedStore();
  const RunResult by_name = Kg({"--db", db, "show", "Marta Kowalczyk"});
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_THAT(by_name.out, HasSubstr("Marta Kowalczyk  (PERSON, e:1)\n"));
  EXPECT_THAT(by_name.out, HasSubstr("aliases: "));
  EXPECT_THAT(by_name.out, HasSubstr("Kowalczyk (2)"));
  EXPECT_THAT(by_name.out, HasSubstr("statements out (3):"));
  EXPECT_THAT(by_name.out, HasSubstr("-[lead]-> Lindqvist Shipping"));
  EXPECT_THAT(by_name.out, HasSubstr("[according to Marta Kowalczyk]"));
  EXPECT_THAT(by_name.out, HasSubstr("-[meet]-> Tomas Reyes"));
  EXPECT_THAT(by_name.out, HasSubstr("[in Port Arvella]"));
  EXPECT_THAT(by_name.out, HasSubstr("statements in (0):"));

  // An alias, any case, and the node id all give the same card.
  for (const char* name : {"kowalczyk", "KOWALCZYK", "marta KOWALCZYK", "e:1"}) {
    SCOPED_TRACE(name);
    const RunResult r = Kg({"--db", db, "show", name});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, by_name.out);
  }

  const RunResult reyes = Kg({"show", "reyes", "--db", db});
  ASSERT_EQ(reyes.exit_code, 0) << reyes.err;
  EXPECT_THAT(reyes.out, HasSubstr("Tomas Reyes  (PERSON, e:4)\n"));
  // The strongest statement first: chair has support 2.
  EXPECT_THAT(reyes.out,
              HasSubstr("statements out (2):\n  -[chair]-> Harbour Council  (support 2"));
  EXPECT_THAT(reyes.out, HasSubstr("statements in (1):\n  Marta Kowalczyk -[meet]-> Tomas Reyes"));

  const RunResult limited = Kg({"--db", db, "show", "Reyes", "--limit", "1"});
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_THAT(limited.out, HasSubstr("-[chair]->"));
  EXPECT_THAT(limited.out, Not(HasSubstr("-[criticise]->")));
  EXPECT_THAT(limited.out, HasSubstr("1 more"));
}

TEST_F(CliTest, ShowUnknownNameSuggestsNearNames) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "show", "Marta Kowalczik"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("no entity named 'Marta Kowalczik'"));
  EXPECT_THAT(r.err, HasSubstr("did you mean"));
  EXPECT_THAT(r.err, HasSubstr("marta kowalczyk"));

  const RunResult unknown_id = Kg({"--db", db, "show", "e:404"});
  EXPECT_EQ(unknown_id.exit_code, 1);
  EXPECT_THAT(unknown_id.err, HasSubstr("e:404"));
}

TEST_F(CliTest, DocPrintsMetadata) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "doc", "doc-b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("id           doc-b\n"));
  EXPECT_THAT(r.out, HasSubstr("source       coastal-review.example\n"));
  EXPECT_THAT(r.out, HasSubstr("published    2024-02-15\n"));
  EXPECT_THAT(r.out, HasSubstr("path         news/doc-b.txt\n"));
  EXPECT_THAT(r.out, HasSubstr("ingested at  "));
  EXPECT_THAT(r.out, HasSubstr("(no text: known only from imported evidence)"));

  const RunResult no_text = Kg({"--db", db, "doc", "doc-b", "--no-text"});
  ASSERT_EQ(no_text.exit_code, 0) << no_text.err;
  EXPECT_THAT(no_text.out, HasSubstr("id           doc-b\n"));
  EXPECT_THAT(no_text.out, Not(HasSubstr("no text")));

  const RunResult missing = Kg({"--db", db, "doc", "doc-z"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("doc-z"));
}

TEST_F(CliTest, DocsListsDocumentsInIdOrder) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "docs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "doc-a\tharbour-gazette.example\t2024-03-02\t\n"
            "doc-b\tcoastal-review.example\t2024-02-15\t\n"
            "doc-c\tharbour-gazette.example\t2024-04-10\t\n");
}

// --- rm-doc and check ----------------------------------------------------------------------

TEST_F(CliTest, RmDocRemovesStatementsSupportedOnlyByIt) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"--db", db, "rm-doc", "doc-c"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // doc-c backs 5 statements; one of them (chair) is also backed by doc-b and stays. Three
  // nodes were named only by the 4 statements that go: Ilse Vanterpool, Westbrook Dredging and
  // the quantity literal.
  EXPECT_EQ(r.out,
            "removed document doc-c: 5 evidence retracted, 4 statements and 3 nodes left without "
            "support removed\n");

  const RunResult check = Kg({"--db", db, "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_THAT(check.out, HasSubstr("checked 6 statements, 6 evidence"));
  EXPECT_THAT(check.out, HasSubstr("consistent"));

  const RunResult stats = Kg({"--db", db, "stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const nlohmann::json j = nlohmann::json::parse(stats.out);
  EXPECT_EQ(j["documents"], 2);
  EXPECT_EQ(j["nodes"], 8);
  EXPECT_EQ(j["statements"], 6);
  EXPECT_EQ(j["evidence"], 6);
  EXPECT_EQ(j["aliases"], 9);

  const RunResult gone = Kg({"--db", db, "show", "Ilse Vanterpool"});
  EXPECT_EQ(gone.exit_code, 1);
  const RunResult reyes = Kg({"--db", db, "show", "Tomas Reyes"});
  ASSERT_EQ(reyes.exit_code, 0) << reyes.err;
  EXPECT_THAT(reyes.out, HasSubstr("-[chair]-> Harbour Council  (support 1"));
  EXPECT_THAT(reyes.out, HasSubstr("statements in (0):"));

  // No exported statement names doc-c any more, and none lost its other evidence.
  const RunResult exported = Kg({"--db", db, "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::vector<std::string> lines = Lines(exported.out);
  EXPECT_EQ(lines.size(), 6u);
  for (const std::string& line : lines) {
    const nlohmann::json st = nlohmann::json::parse(line);
    ASSERT_FALSE(st["evidence"].empty()) << line;
    for (const auto& ev : st["evidence"]) EXPECT_NE(ev["doc"], "doc-c") << line;
  }
  const RunResult docs = Kg({"--db", db, "docs"});
  EXPECT_THAT(docs.out, Not(HasSubstr("doc-c")));

  // Importing the fixture again brings everything back.
  const RunResult again = Kg({"--db", db, "import", fixture_.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Kg({"--db", db, "check"}).exit_code, 0);
  EXPECT_EQ(Lines(Kg({"--db", db, "export"}).out).size(), 10u);
}

TEST_F(CliTest, RmDocOfMissingDocumentFails) {
  const std::string db = ImportedStore();
  const std::string before = Kg({"--db", db, "export"}).out;
  const RunResult r = Kg({"--db", db, "rm-doc", "doc-z"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("no document with id 'doc-z'"));
  EXPECT_EQ(Kg({"--db", db, "export"}).out, before);
}

TEST_F(CliTest, CheckReportsConsistentStore) {
  const std::string db = ImportedStore();
  const RunResult r = Kg({"check", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("checked 10 statements, 11 evidence, "));
  EXPECT_THAT(r.out, HasSubstr(": consistent\n"));
}

TEST_F(CliTest, MissingStoreFailsWithHint) {
  const std::string db = (dir_ / "no-such-store").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--db", db, "stats"},
        std::vector<std::string>{"--db", db, "export"},
        std::vector<std::string>{"--db", db, "show", "Reyes"},
        std::vector<std::string>{"--db", db, "docs"}, std::vector<std::string>{"--db", db, "check"},
        std::vector<std::string>{"--db", db, "rm-doc", "doc-a"}}) {
    SCOPED_TRACE(args[2]);
    const RunResult r = Kg(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr(db));
    EXPECT_THAT(r.err, HasSubstr("kg import"));  // the hint: how to create one
    EXPECT_FALSE(fs::exists(db)) << "reading must not create the store";
  }
}

TEST_F(CliTest, ImportOfBadFileFailsAndNamesTheLine) {
  const std::string db = ImportedStore();
  const std::string before = Kg({"--db", db, "export"}).out;
  const fs::path bad = dir_ / "bad.jsonl";
  const std::vector<std::string> good = Lines(ReadWholeFile(fixture_));
  WriteFile(bad, good[0] + "\n" + good[1] + "\n{\"subject\": \n" + good[2] + "\n");
  const RunResult r = Kg({"--db", db, "import", bad.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(bad.string() + ":3: "));
  EXPECT_THAT(r.err, HasSubstr("nothing was imported"));
  EXPECT_EQ(Kg({"--db", db, "export"}).out, before);

  // --skip-bad-lines imports the others and still names the bad one.
  const std::string fresh = (dir_ / "fresh").string();
  const RunResult skip = Kg({"--db", fresh, "import", "--skip-bad-lines", bad.string()});
  EXPECT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_THAT(skip.err, HasSubstr(bad.string() + ":3: "));
  EXPECT_THAT(skip.out, HasSubstr("3 new statements"));
  EXPECT_THAT(skip.out, HasSubstr("1 bad lines skipped"));
}

// --- import and export ---------------------------------------------------------------------

TEST_F(CliTest, ExportImportRoundTripIsByteIdentical) {
  const std::string db = ImportedStore("first");
  const RunResult first = Kg({"--db", db, "export"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(Lines(first.out).size(), 10u);
  const fs::path exported = dir_ / "first.jsonl";
  WriteFile(exported, first.out);

  const std::string second_db = (dir_ / "second").string();
  const RunResult import = Kg({"--db", second_db, "import", exported.string()});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  EXPECT_THAT(import.out, HasSubstr("10 new statements"));
  const RunResult second = Kg({"--db", second_db, "export"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);

  // Every exported line carries the store's id and the fields of the format.
  for (const std::string& line : Lines(first.out)) {
    const nlohmann::json st = nlohmann::json::parse(line);
    EXPECT_EQ(st["id"].get<std::string>().rfind("st:", 0), 0u) << line;
    for (const char* field :
         {"subject", "predicate", "object", "qualifiers", "confidence", "support", "evidence"}) {
      EXPECT_TRUE(st.contains(field)) << field << " in " << line;
    }
  }
}

TEST_F(CliTest, ImportReadsStandardInput) {
  const std::string from_file = ImportedStore("from-file");
  const std::string from_stdin = (dir_ / "from-stdin").string();
  const RunResult r = Kg({"--db", from_stdin, "import", "-"}, fixture_.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("imported 10 lines"));
  EXPECT_THAT(r.out, HasSubstr("10 new statements"));
  const RunResult a = Kg({"--db", from_file, "export"});
  const RunResult b = Kg({"--db", from_stdin, "export"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(a.out, b.out);

  // A bad line on stdin names "<stdin>" and its line; the chunks before it stay.
  const std::vector<std::string> good = Lines(ReadWholeFile(fixture_));
  const fs::path bad = dir_ / "bad.jsonl";
  WriteFile(bad, good[0] + "\n" + good[1] + "\nnot json\n");
  const std::string partial = (dir_ / "partial").string();
  const RunResult stopped = Kg({"--db", partial, "import", "-", "--chunk", "1"}, bad.string());
  EXPECT_EQ(stopped.exit_code, 1);
  EXPECT_THAT(stopped.err, HasSubstr("<stdin>:3: "));
  EXPECT_THAT(stopped.err, HasSubstr("lines 1-2 are stored"));
  EXPECT_EQ(Lines(Kg({"--db", partial, "export"}).out).size(), 2u);
}

TEST_F(CliTest, ExportToFileMatchesStandardOutput) {
  const std::string db = ImportedStore();
  const RunResult to_stdout = Kg({"--db", db, "export"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  const fs::path short_file = dir_ / "short.jsonl";
  const RunResult short_opt = Kg({"--db", db, "export", "-o", short_file.string()});
  ASSERT_EQ(short_opt.exit_code, 0) << short_opt.err;
  EXPECT_EQ(short_opt.out, "");
  EXPECT_EQ(ReadWholeFile(short_file), to_stdout.out);

  const fs::path long_file = dir_ / "long.jsonl";
  const RunResult long_opt = Kg({"export", "--output", long_file.string(), "--db", db});
  ASSERT_EQ(long_opt.exit_code, 0) << long_opt.err;
  EXPECT_EQ(ReadWholeFile(long_file), to_stdout.out);

  // A file that cannot be written is a user error naming it.
  const std::string unwritable = (dir_ / "no-such-folder" / "out.jsonl").string();
  const RunResult fails = Kg({"--db", db, "export", "-o", unwritable});
  EXPECT_EQ(fails.exit_code, 1);
  EXPECT_THAT(fails.err, HasSubstr(unwritable));
}

// Runs xmllint on `file` and returns the number of elements named `element` (-1 on error).
int CountXmlElements(const fs::path& file, const std::string& element, const fs::path& scratch) {
  const RunResult r = RunProgram(
      kXmllint, {"--xpath", "count(//*[local-name()='" + element + "'])", file.string()}, scratch);
  if (r.exit_code != 0) return -1;
  return std::atoi(r.out.c_str());
}

TEST_F(CliTest, GraphmlNeighbourhoodHoldsOnlyTheNeighbours) {
  if (!fs::exists(kXmllint)) GTEST_SKIP() << "xmllint is not installed";
  const std::string db = ImportedStore();
  const fs::path whole = dir_ / "whole.graphml";
  const RunResult all = Kg({"--db", db, "export", "--format", "graphml", "-o", whole.string()});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const RunResult lint_all = RunProgram(kXmllint, {"--noout", whole.string()}, dir_);
  EXPECT_EQ(lint_all.exit_code, 0) << lint_all.err;
  // Every node that is a subject or an object, every statement.
  EXPECT_EQ(CountXmlElements(whole, "node", dir_), 11);
  EXPECT_EQ(CountXmlElements(whole, "edge", dir_), 10);

  // Tomas Reyes at depth 1: himself, Lindqvist Shipping (criticise), the Harbour Council
  // (chair) and Marta Kowalczyk (meet); the edges among them add "Kowalczyk leads Lindqvist".
  const fs::path near = dir_ / "near.graphml";
  const RunResult r = Kg({"--db", db, "export", "--format", "graphml", "--center", "Tomas Reyes",
                          "--depth", "1", "-o", near.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const RunResult lint = RunProgram(kXmllint, {"--noout", near.string()}, dir_);
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  EXPECT_EQ(CountXmlElements(near, "node", dir_), 4);
  EXPECT_EQ(CountXmlElements(near, "edge", dir_), 4);
  const std::string xml = ReadWholeFile(near);
  for (const char* name :
       {"Tomas Reyes", "Lindqvist Shipping", "Harbour Council", "Marta Kowalczyk"}) {
    EXPECT_THAT(xml, HasSubstr(std::string(">") + name + "<"));
  }
  for (const char* name :
       {"Ilse Vanterpool", "Westbrook Dredging", "North Quay Terminal", "Port Arvella"}) {
    EXPECT_THAT(xml, Not(HasSubstr(name)));
  }

  // Depth 0 is the centre alone; an unknown centre is a user error with suggestions.
  const fs::path alone = dir_ / "alone.graphml";
  ASSERT_EQ(Kg({"--db", db, "export", "--format", "graphml", "--center", "reyes", "--depth", "0",
                "-o", alone.string()})
                .exit_code,
            0);
  EXPECT_EQ(CountXmlElements(alone, "node", dir_), 1);
  EXPECT_EQ(CountXmlElements(alone, "edge", dir_), 0);
  const RunResult unknown =
      Kg({"--db", db, "export", "--format", "graphml", "--center", "Tomas Reyez"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("did you mean"));
}

TEST_F(CliTest, ReadersWorkWhileStoreIsReadOnly) {
  const std::string db = ImportedStore();
  const RunResult stats = Kg({"--db", db, "--read-only", "stats", "--json"});
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  const RunResult import = Kg({"--db", db, "--read-only", "import", fixture_.string()});
  EXPECT_EQ(import.exit_code, 1);
  EXPECT_THAT(import.err, HasSubstr("drop --read-only"));
}

}  // namespace
