// Crash test: kills `kg import` (KG_CLI_PATH) with SIGKILL at random moments and checks that the
// store it leaves is consistent, holds a prefix of whole chunks, and that importing again
// completes it to exactly what an uninterrupted import gives. It runs three times: every chunk
// its own atomic write (--run-mb 0), the bulk path with runs of 1 MiB (a few chunks each, written
// as table files and ingested), where a kill may land while tables are written or ingested, and
// the default (no --run-mb: one run into an empty store), where the prefix a kill leaves is the
// empty store or everything.
//
// Labelled `slow` (tests/CMakeLists.txt). It takes about a minute or two on two cores; the sleep
// times adapt to the measured duration of a full import, so the kills land mid-import on slow
// and fast machines alike. The random sleeps come from a seeded generator.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/util/test_dir.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kLines = 20000;     // statements in the generated input, all distinct
constexpr int kChunk = 500;       // --chunk: statements per atomic write
constexpr int kFreshRounds = 6;   // rounds of one kill on an empty store
constexpr int kResumeRounds = 2;  // rounds of kResumeKills kills on the same store
constexpr int kResumeKills = 3;
constexpr int kMinKillsMidImport = 3;
constexpr uint32_t kSeed = 20240611;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// --- the generated input -------------------------------------------------------------------

std::string Date(int n) {  // a valid ISO date, distinct for distinct n < 12 * 28 * 100
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1950 + n / 336, (n / 28) % 12 + 1, n % 28 + 1);
  return buf;
}

std::string EntityJson(int e) {
  // 0-599 people, 600-1499 organisations, 1500-1549 places. Every node has a fixed name and a
  // short alias; some lines add a third alias, so alias sets grow as documents come in.
  std::string name, type, alias;
  if (e < 600) {
    name = "Delegate " + std::to_string(e);
    type = "PERSON";
    alias = "D" + std::to_string(e);
  } else if (e < 1500) {
    name = "Agency " + std::to_string(e);
    type = "ORG";
    alias = "A" + std::to_string(e);
  } else {
    name = "Town " + std::to_string(e);
    type = "LOCATION";
    alias = "T" + std::to_string(e);
  }
  return "{\"id\":\"e:" + std::to_string(e) + "\",\"name\":\"" + name + "\",\"type\":\"" + type +
         "\",\"aliases\":[\"" + name + "\",\"" + alias + "\"]}";
}

std::string EntityJsonWithExtraAlias(int e, int variant) {
  std::string j = EntityJson(e);
  j.insert(j.size() - 3,
           "\",\"the " + std::to_string(e) + " of variant " + std::to_string(variant));
  return j;
}

std::string EvidenceJson(int doc, int line, const std::string& sentence) {
  const int begin = (line % 1000) * 10;
  return "{\"doc\":\"doc-" + std::to_string(doc) + "\",\"source\":\"outlet-" +
         std::to_string(doc % 7) + ".example\",\"published\":\"" + Date(doc % 3000) +
         "\",\"path\":\"news/doc-" + std::to_string(doc) + ".txt\",\"sentence\":\"" + sentence +
         "\",\"begin\":" + std::to_string(begin) +
         ",\"end\":" + std::to_string(begin + sentence.size()) + ",\"rule\":\"svo\"}";
}

// Line i: a statement no other line has (its object or a key qualifier is unique to i), over
// 1550 shared entities and 1500 shared documents.
std::string StatementLine(int i) {
  static const char* const kLemmas[] = {"say",     "meet",     "visit",  "sign", "criticise",
                                        "support", "announce", "reject", "fund", "warn"};
  const int subject = i % 900;
  const char* lemma = kLemmas[(i / 3) % 10];
  std::string object, qualifiers = "{";
  std::string object_name;
  switch (i % 3) {
    case 0:  // a literal of its own
      object_name = "claim number " + std::to_string(i) + " about harbour fees";
      object = "{\"id\":\"c:" + std::to_string(i) + "\",\"name\":\"" + object_name +
               "\",\"type\":\"CLAIM\"}";
      qualifiers += "\"time\":null";
      break;
    case 1:  // a shared organisation, with a quantity unique to the line
      object = EntityJson(600 + (i * 7) % 900);
      object_name = "agency";
      qualifiers += "\"quantity\":{\"value\":" + std::to_string(i) +
                    ",\"comparator\":\">=\",\"unit\":\"tonnes\"}";
      break;
    default:  // a shared person, on a date unique to the line
      object =
          i % 7 == 0 ? EntityJsonWithExtraAlias((i * 13) % 600, i % 4) : EntityJson((i * 13) % 600);
      object_name = "delegate";
      qualifiers += "\"time\":\"" + Date(i / 3) + "\"";
      break;
  }
  if (i % 11 == 0) {
    qualifiers += ",\"location\":{\"id\":\"e:" + std::to_string(1500 + i % 50) +
                  "\",\"name\":\"Town " + std::to_string(1500 + i % 50) + "\"}";
  }
  if (i % 13 == 0) qualifiers += ",\"attributed_to\":\"e:" + std::to_string(subject) + "\"";
  qualifiers += ",\"negated\":" + std::string(i % 17 == 0 ? "true" : "false") + "}";

  const std::string sentence = "Line " + std::to_string(i) + ": subject " +
                               std::to_string(subject) + " did " + lemma + " to " + object_name +
                               ".";
  std::string evidence = EvidenceJson((i * 37) % 1500, i, sentence);
  if (i % 5 == 0) evidence += "," + EvidenceJson((i * 11 + 3) % 1500, i + 1, sentence);
  char confidence[16];
  std::snprintf(confidence, sizeof confidence, "%.2f", 0.5 + (i % 50) / 100.0);
  return "{\"id\":\"st:line-" + std::to_string(i) + "\",\"subject\":" +
         (i % 7 == 3 ? EntityJsonWithExtraAlias(subject, i % 3) : EntityJson(subject)) +
         ",\"predicate\":{\"lemma\":\"" + lemma + "\",\"text\":\"" + lemma +
         "d\"},\"object\":" + object + ",\"qualifiers\":" + qualifiers +
         ",\"confidence\":" + confidence + ",\"evidence\":[" + evidence + "]}";
}

// --- processes -----------------------------------------------------------------------------

// Starts `kg args...` with stdin from /dev/null and stdout/stderr into `log`. Returns its pid.
pid_t SpawnKg(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> storage = {KG_CLI_PATH};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, KG_CLI_PATH, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int Wait(pid_t pid) {  // the raw wait status
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// Runs `kg args...` to completion; returns its exit code (-1 when killed by a signal).
int RunKg(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = SpawnKg(args, log);
  if (pid < 0) return -1;
  const int status = Wait(pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// The statement ids of an export, in order: every line starts {"id":"st:...".
std::vector<std::string> StatementIds(const std::string& jsonl) {
  std::vector<std::string> ids;
  std::istringstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    const std::string prefix = "{\"id\":\"";
    if (line.compare(0, prefix.size(), prefix) != 0) {
      ids.push_back("<unexpected line: " + line.substr(0, 60) + ">");
      continue;
    }
    ids.push_back(line.substr(prefix.size(), line.find('"', prefix.size()) - prefix.size()));
  }
  return ids;
}

// The parameter: --run-mb of the imports.
class CrashTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = kg::testing::MakeTestDir("kg-crash-test");
    input_ = dir_ / "statements.jsonl";
    empty_input_ = dir_ / "empty.jsonl";
    std::ofstream(empty_input_, std::ios::binary).flush();
  }
  // KG_KEEP_CRASH_FILES=1 keeps the stores and logs of a failed run for a post-mortem.
  void TearDown() override {
    if (HasFailure() && std::getenv("KG_KEEP_CRASH_FILES") != nullptr) {
      std::cerr << "crash test: files kept in " << dir_ << "\n";
      return;
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void WriteInput(int lines) {
    std::ofstream out(input_, std::ios::binary | std::ios::trunc);
    for (int i = 0; i < lines; ++i) out << StatementLine(i) << '\n';
    ASSERT_TRUE(out.good());
  }

  int Kg(const std::vector<std::string>& args) { return RunKg(args, dir_ / "kg.log"); }
  std::string Log() { return ReadFile(dir_ / "kg.log"); }

  // Whether the imports run as `kg import` does by default (the parameter is -1): one run into
  // an empty store.
  bool OneRun() const { return GetParam() < 0; }

  std::vector<std::string> Import(const fs::path& db, const fs::path& input) {
    std::vector<std::string> args = {"--db",         db.string(), "import",
                                     input.string(), "--chunk",   std::to_string(kChunk)};
    if (!OneRun()) {
      args.push_back("--run-mb");
      args.push_back(std::to_string(GetParam()));
    }
    return args;
  }
  std::vector<std::string> Import(const fs::path& db) { return Import(db, input_); }

  // Replaces `db` by a new store without statements (importing an empty file creates it).
  void CreateEmptyStore(const fs::path& db) {
    fs::remove_all(db);
    ASSERT_EQ(Kg({"--db", db.string(), "import", empty_input_.string()}), 0) << Log();
  }

  // Exports `db` into a string; fails the test when export fails.
  std::string Export(const fs::path& db) {
    const fs::path out = dir_ / "export.jsonl";
    fs::remove(out);
    const int rc = Kg({"--db", db.string(), "export", "-o", out.string()});
    EXPECT_EQ(rc, 0) << Log();
    return ReadFile(out);
  }

  fs::path dir_;
  fs::path input_;
  fs::path empty_input_;
};

// Rounds of "start an import, SIGKILL it after a random delay, inspect the store". A fresh round
// kills one import into an empty store; a resume round kills several imports in a row into the
// same store, each resuming what the previous one left. Every round ends with an import run to
// completion. (Kills while the store itself is being created: see the next test.)
TEST_P(CrashTest, KilledImportLeavesConsistentPrefixAndResumes) {
  const auto test_start = Clock::now();
  WriteInput(kLines);
  const fs::path clean = dir_ / "clean";
  const fs::path victim = dir_ / "victim";

  // The reference: one uninterrupted import, timed.
  CreateEmptyStore(clean);
  const auto import_start = Clock::now();
  ASSERT_EQ(Kg(Import(clean)), 0) << Log();
  const double full_seconds = Seconds(Clock::now() - import_start);
  const std::string clean_export = Export(clean);
  const std::vector<std::string> clean_ids = StatementIds(clean_export);
  ASSERT_EQ(clean_ids.size(), static_cast<size_t>(kLines)) << "every line is its own statement";
  ASSERT_EQ(Kg({"--db", clean.string(), "check"}), 0) << Log();

  // How long `kg import` spends before its first write: it checks every line of a file first,
  // so a file whose last line is bad fails after the same work.
  const fs::path bad_input = dir_ / "bad-last-line.jsonl";
  fs::copy_file(input_, bad_input);
  std::ofstream(bad_input, std::ios::app) << "{\"this line\": \"is not a statement\"}\n";
  const fs::path scratch = dir_ / "scratch";
  CreateEmptyStore(scratch);
  const auto validate_start = Clock::now();
  ASSERT_EQ(Kg(Import(scratch, bad_input)), 1) << Log();
  // One run stages while it checks, and writes nothing before the end: kills anywhere.
  const double validate_seconds = OneRun() ? 0.0 : Seconds(Clock::now() - validate_start);
  ASSERT_LT(validate_seconds, full_seconds);
  std::cout << "full import " << full_seconds << " s, of which validation " << validate_seconds
            << " s\n";

  // Kill times, as a fraction of the writing phase [validate_seconds, full_seconds]: fresh
  // rounds anywhere in it (two of them during start-up and validation instead); resume rounds
  // later with each kill, so that each resumed import gets further than the previous one.
  std::mt19937 rng(kSeed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double writing = full_seconds - validate_seconds;
  // The share of the writing phase the kills cover: one run writes everything at its end, so
  // its kills cover all of it (some then land after completion).
  const double spread = OneRun() ? 1.0 : 0.75;

  int kills = 0, mid_import = 0, empty_after_kill = 0, complete_before_kill = 0, completions = 0;
  const int rounds = kFreshRounds + kResumeRounds;
  for (int round = 0; round < rounds; ++round) {
    const bool resume = round >= kFreshRounds;
    const int kills_this_round = resume ? kResumeKills : 1;
    CreateEmptyStore(victim);
    size_t previous_k = 0;
    for (int kill = 0; kill < kills_this_round; ++kill) {
      double delay;
      if (!resume && (round == 0 || round == 3)) {
        delay = 0.002 + unit(rng) * validate_seconds;
      } else if (!resume) {
        delay = validate_seconds + unit(rng) * spread * writing;
      } else {
        const double slot = spread / kResumeKills;
        delay = validate_seconds + (kill + unit(rng)) * slot * writing;
      }
      SCOPED_TRACE("round " + std::to_string(round) + (resume ? " (resume)" : " (fresh)") +
                   ", kill " + std::to_string(kill) + " after " + std::to_string(delay) + " s");

      const pid_t pid = SpawnKg(Import(victim), dir_ / "victim.log");
      ASSERT_GT(pid, 0);
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      ::kill(pid, SIGKILL);
      const int status = Wait(pid);
      ++kills;
      if (WIFEXITED(status)) {  // finished before the signal
        ASSERT_EQ(WEXITSTATUS(status), 0) << ReadFile(dir_ / "victim.log");
        ++complete_before_kill;
      } else {
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
      }

      // (a) The store is consistent: no statement without evidence, no dangling index entry,
      // counters that agree with the records.
      ASSERT_EQ(Kg({"--db", victim.string(), "check"}), 0) << Log();
      // (b) It holds the first k statements of the clean import, in order, and k is a whole
      // number of chunks (or all of them): the line order is the statement order.
      const std::vector<std::string> ids = StatementIds(Export(victim));
      const size_t k = ids.size();
      ASSERT_LE(k, clean_ids.size());
      ASSERT_TRUE(std::equal(ids.begin(), ids.end(), clean_ids.begin()))
          << "the store is not a prefix of the clean import (k = " << k << ")";
      EXPECT_TRUE(k % kChunk == 0 || k == clean_ids.size()) << "k = " << k;
      if (OneRun()) EXPECT_TRUE(k == 0 || k == clean_ids.size()) << "k = " << k;
      EXPECT_GE(k, previous_k) << "a resumed import lost statements";
      previous_k = k;
      if (k == 0) ++empty_after_kill;
      if (k > 0 && k < clean_ids.size()) ++mid_import;
      std::cout << "round " << round << (resume ? " resume" : " fresh") << " kill " << kill
                << " after " << delay << " s: " << k << " of " << clean_ids.size()
                << " statements stored\n";
    }
    // (c) Importing again to completion gives exactly the clean store.
    ASSERT_EQ(Kg(Import(victim)), 0) << Log();
    const std::string victim_export = Export(victim);
    ASSERT_EQ(victim_export.size(), clean_export.size());
    ASSERT_TRUE(victim_export == clean_export) << "export differs from the clean import's";
    if (round + 1 == rounds) {
      ASSERT_EQ(Kg({"--db", victim.string(), "check"}), 0) << Log();
    }
    ++completions;
  }

  const double total_seconds = Seconds(Clock::now() - test_start);
  std::cout << "crash test: " << kills << " kills (" << mid_import << " mid-import, "
            << empty_after_kill << " before the first chunk, " << complete_before_kill
            << " after completion), " << completions << " completed re-imports, " << total_seconds
            << " s\n";
  RecordProperty("kills", kills);
  RecordProperty("kills_mid_import", mid_import);
  if (OneRun()) {
    // Nothing is stored before the end: kills during the import leave the store empty.
    EXPECT_GE(empty_after_kill, kMinKillsMidImport)
        << "too few kills landed mid-import for the test to mean anything";
  } else {
    EXPECT_GE(mid_import, kMinKillsMidImport)
        << "too few kills landed mid-import for the test to mean anything";
  }
}

// `kg import` into a path where no store exists yet creates the store first (RocksDB creates
// its files and the column families one by one, then kgraph writes its schema version). A kill
// during that must not leave a folder that every later command refuses: the next import has to
// work (or the folder must not exist at all).
TEST_P(CrashTest, KillWhileCreatingStoreLeavesUsableStore) {
  WriteInput(2000);
  const fs::path victim = dir_ / "victim";
  int hit_creation = 0;
  for (int delay_ms : {2, 5, 10, 20, 40, 80, 120, 160, 200}) {
    SCOPED_TRACE("kill after " + std::to_string(delay_ms) + " ms");
    fs::remove_all(victim);
    const pid_t pid = SpawnKg(Import(victim), dir_ / "victim.log");
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    const int status = Wait(pid);
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0) << ReadFile(dir_ / "victim.log");
    }
    if (!fs::exists(victim)) continue;  // killed before it created anything: nothing to check
    ++hit_creation;
    const int rc = Kg(Import(victim));
    EXPECT_EQ(rc, 0) << "a store whose creation was interrupted cannot be imported into: " << Log();
    if (rc == 0) {
      EXPECT_EQ(Kg({"--db", victim.string(), "check"}), 0) << Log();
    }
  }
  std::cout << hit_creation << " kills left a store folder behind\n";
}

INSTANTIATE_TEST_SUITE_P(ChunkWritesAndBulkRuns, CrashTest, ::testing::Values(0, 1, -1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param < 0 ? std::string("OneRun")
                                                 : "RunMb" + std::to_string(info.param);
                         });

}  // namespace
