// The bulk path (storage::BulkRun): runs of writes added through ingested table files give the
// same store as ordinary writes, merge with what is stored, and are all or nothing, also when
// the process dies between writing the tables and ingesting them.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/table_properties.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "storage/keys.h"
#include "storage/store.h"
#include "tests/util/store_check.h"
#include "tests/util/test_dir.h"

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

// A statement between two people, with one piece of evidence in `doc` at `begin`.
Statement Make(int s, const std::string& p, int o, const std::string& doc, uint64_t begin = 0) {
  Statement st;
  st.subject = {"e:" + std::to_string(s),
                "Person " + std::to_string(s),
                "PERSON",
                NodeKind::kEntity,
                {{"P" + std::to_string(s), 1}}};
  st.predicate = {p, p + "s"};
  st.object = {
      "e:" + std::to_string(o), "Person " + std::to_string(o), "PERSON", NodeKind::kEntity, {}};
  st.confidence = 0.7;
  Evidence ev;
  ev.doc = doc;
  ev.source = "wire.example";
  ev.published = "2025-05-02";
  ev.sentence = "Person " + std::to_string(s) + " " + p + "s person " + std::to_string(o) + ".";
  ev.begin = begin;
  ev.end = begin + ev.sentence.size();
  ev.rule = "bulk-test";
  st.evidence.push_back(ev);
  return st;
}

// Statements first..last-1 over a small set of people and documents (ids repeat, so nodes and
// documents are shared between requests and runs).
WriteRequest Requests(int first, int last) {
  WriteRequest r;
  for (int i = first; i < last; ++i) {
    r.statements.push_back(Make(i % 17, i % 2 ? "meet" : "call", (i * 7 + 3) % 23,
                                "doc-" + std::to_string(i % 5), 10 * i));
  }
  return r;
}

class BulkTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = kg::testing::MakeTestDir("kg-bulk"); }
  void TearDown() override { fs::remove_all(root_); }

  static std::unique_ptr<Store> Open(const fs::path& dir, StoreOptions options = {}) {
    Result<std::unique_ptr<Store>> s = Store::Open(dir.string(), options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  // Every statement with its evidence, support and the node names and alias counts, in id order.
  static std::vector<std::string> Dump(const Store& store) {
    std::vector<std::string> out;
    Status s = store.ScanStatements([&](const Statement& st) {
      std::string line = st.id + " " + st.subject.id + " " + st.predicate.lemma + " " +
                         st.object.id + " support " + std::to_string(st.support) + " [";
      for (const Evidence& e : st.evidence) line += e.doc + ":" + std::to_string(e.begin) + " ";
      line += "] aliases";
      for (const Alias& a : st.subject.aliases)
        line += " " + a.text + "=" + std::to_string(a.count);
      out.push_back(line);
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static void ExpectConsistent(const Store& store) { kg::testing::ExpectStoreConsistent(store); }

  // Writes `request` in one bulk run; `min_table_bytes` 0 forces table files.
  static Status WriteRun(Store* store, const std::vector<WriteRequest>& requests,
                         uint64_t min_table_bytes = 0, WriteOutcome* total = nullptr) {
    BulkOptions options;
    options.min_table_bytes = min_table_bytes;
    Result<std::unique_ptr<BulkRun>> run = store->StartBulkRun(options);
    if (!run.ok()) return run.status();
    for (const WriteRequest& r : requests) {
      WriteOutcome out;
      KG_RETURN_IF_ERROR((*run)->Add(r, &out));
      if (total != nullptr) {
        total->statements_new += out.statements_new;
        total->statements_merged += out.statements_merged;
        total->statements_unchanged += out.statements_unchanged;
        total->evidence_new += out.evidence_new;
      }
    }
    GraphChanges changes;
    return (*run)->Commit(&changes);
  }

  // The same requests through Store::Write into a store of its own, as the reference.
  std::vector<std::string> Reference(const std::vector<WriteRequest>& requests) {
    auto store = Open(root_ / "reference");
    for (const WriteRequest& r : requests) {
      WriteOutcome out;
      EXPECT_TRUE(store->Write(r, &out).ok());
    }
    return Dump(*store);
  }

  fs::path root_;
};

TEST_F(BulkTest, RunGivesTheStoreOrdinaryWritesGive) {
  const std::vector<WriteRequest> requests = {Requests(0, 40), Requests(40, 90), Requests(90, 120)};
  auto store = Open(root_ / "db");
  WriteOutcome total;
  ASSERT_TRUE(WriteRun(store.get(), requests, 0, &total).ok());
  EXPECT_EQ(total.statements_new + total.statements_merged + total.statements_unchanged, 120u);
  const std::vector<std::string> expected = Reference(requests);
  EXPECT_EQ(Dump(*store), expected);
  ExpectConsistent(*store);
  // Through the write-ahead log (a small run) the same again.
  auto small = Open(root_ / "small");
  ASSERT_TRUE(WriteRun(small.get(), requests, 1ull << 40).ok());
  EXPECT_EQ(Dump(*small), expected);
  EXPECT_FALSE(fs::exists(root_ / "small" / "bulk.tmp"));
  // And it survives a reopen: the ingested files are part of the store; so does compacting
  // the graph summaries, which an import does at its end.
  ASSERT_TRUE(store->CompactGraphSummaries().ok());
  store.reset();
  store = Open(root_ / "db");
  EXPECT_EQ(Dump(*store), expected);
  uint64_t edges = 0;
  ASSERT_TRUE(
      store->ScanGraphEdges(0, UINT64_MAX, [&](uint64_t, const EdgeSummary&) { ++edges; }).ok());
  EXPECT_EQ(edges, expected.size());
  EXPECT_EQ(store->state().statements, expected.size());
  ExpectConsistent(*store);
}

// Opens the (closed) store at `dir` read-only and calls `visit` with each column family.
void ForEachFamily(const fs::path& dir,
                   const std::function<void(const std::string& name, rocksdb::DB* db,
                                            rocksdb::ColumnFamilyHandle* family)>& visit) {
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.string(), &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names)
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir.string(), descriptors, &handles, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return;
  std::unique_ptr<rocksdb::DB> db(raw);
  for (size_t i = 0; i < names.size(); ++i) visit(names[i], db.get(), handles[i]);
  for (auto* h : handles) EXPECT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
}

// The levels holding table files of column family `family` in the (closed) store at `dir`.
std::vector<int> LevelsWithFiles(const fs::path& dir, const char* family) {
  std::vector<int> levels;
  ForEachFamily(dir, [&](const std::string& name, rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    if (name != family) return;
    rocksdb::ColumnFamilyMetaData meta;
    db->GetColumnFamilyMetaData(h, &meta);
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      if (!level.files.empty()) levels.push_back(level.level);
    }
  });
  return levels;
}

TEST_F(BulkTest, EdgeSummariesOfNewStatementsGoStraightToTheLowestLevel) {
  // Runs of new statements only: their edge summaries never overlap (statement ids only
  // grow), so every run's table of them lands in the lowest level, where the graph view's
  // load reads them without merging anything.
  auto store = Open(root_ / "db");
  for (int run = 0; run < 3; ++run) {
    ASSERT_TRUE(WriteRun(store.get(), {Requests(run * 40, run * 40 + 40)}).ok());
  }
  store.reset();
  EXPECT_EQ(LevelsWithFiles(root_ / "db", kCfNames[kCfEdges]), std::vector<int>{6});

  // Evidence for stored statements rewrites their summaries (support changes): that table
  // overlaps the others, until the import's closing compaction merges its key range down.
  store = Open(root_ / "db");
  WriteRequest more_evidence = Requests(10, 50);
  for (Statement& st : more_evidence.statements) st.evidence[0].doc = "later";
  ASSERT_TRUE(WriteRun(store.get(), {more_evidence}).ok());
  store.reset();
  EXPECT_EQ(LevelsWithFiles(root_ / "db", kCfNames[kCfEdges]), (std::vector<int>{0, 6}));
  store = Open(root_ / "db");
  ASSERT_TRUE(store->CompactGraphSummaries().ok());
  std::vector<std::string> expected = Dump(*store);
  ExpectConsistent(*store);
  uint64_t support = 0;
  ASSERT_TRUE(store
                  ->ScanGraphEdges(0, UINT64_MAX,
                                   [&](uint64_t, const EdgeSummary& e) { support += e.support; })
                  .ok());
  EXPECT_EQ(support, 120u + 40u);
  store.reset();
  EXPECT_EQ(LevelsWithFiles(root_ / "db", kCfNames[kCfEdges]), std::vector<int>{6});
  EXPECT_EQ(LevelsWithFiles(root_ / "db", kCfNames[kCfVertices]), std::vector<int>{6});
  store = Open(root_ / "db");
  EXPECT_EQ(Dump(*store), expected);
}

// A run started on an empty store reads nothing from it (everything it could look up it staged
// itself) and its table files overlap nothing: every family lands in the lowest level, so an
// import into an empty store is never compacted. It gives the store ordinary writes give, also
// when its writes repeat statements, evidence, nodes and documents.
TEST_F(BulkTest, ARunOnAnEmptyStoreIsFreshAndLandsInTheLowestLevel) {
  const fs::path dir = root_ / "db";
  auto store = Open(dir);
  WriteRequest more_evidence = Requests(20, 70);
  for (Statement& st : more_evidence.statements) st.evidence[0].doc = "later";
  const std::vector<WriteRequest> requests = {Requests(0, 60), more_evidence, Requests(0, 90)};
  {
    Result<std::unique_ptr<BulkRun>> run = store->StartBulkRun({});
    ASSERT_TRUE(run.ok());
    EXPECT_TRUE((*run)->fresh());
  }  // discarded: nothing written
  EXPECT_EQ(store->state().statements, 0u);
  WriteOutcome total;
  ASSERT_TRUE(WriteRun(store.get(), requests, 0, &total).ok());
  EXPECT_EQ(total.statements_new, 90u);
  EXPECT_EQ(total.statements_merged, 50u);
  EXPECT_EQ(total.statements_unchanged, 60u);
  EXPECT_EQ(Dump(*store), Reference(requests));
  ExpectConsistent(*store);
  {
    Result<std::unique_ptr<BulkRun>> run = store->StartBulkRun({});
    ASSERT_TRUE(run.ok());
    EXPECT_FALSE((*run)->fresh());  // the store holds statements now
  }
  store.reset();
  for (Cf cf : {kCfDictionary, kCfDocuments, kCfNodes, kCfAliases, kCfStatements, kCfEvidence,
                kCfVertices, kCfEdges, kCfSpo, kCfPos, kCfOsp, kCfDocIndex}) {
    EXPECT_EQ(LevelsWithFiles(dir, kCfNames[cf]), std::vector<int>{6}) << kCfNames[cf];
  }
}

// A run's table files hold each family's keys in order also where many keys agree on their
// first bytes: names that differ only after a long common start (the alias index), a hub with
// hundreds of neighbours (its index entries), and writes repeated across a run's requests.
TEST_F(BulkTest, KeysAlikeInTheirFirstBytesAreWrittenInOrder) {
  WriteRequest r;
  for (int i = 0; i < 600; ++i) {
    Statement st = Make(0, i % 3 ? "hire" : "fire", 1 + (i * 37) % 400,
                        "memo-" + std::to_string(i % 9), 7 * i);
    // Many people whose names share their first 27 characters, in no particular order.
    st.object.name = "Deputy Assistant Secretary " + std::to_string((i * 37) % 400 * 7919 % 1000);
    st.object.aliases = {{st.object.name, 1}, {"Deputy Assistant Secretary", 1}};
    r.statements.push_back(st);
  }
  const std::vector<WriteRequest> requests = {r, Requests(0, 30), r};
  auto store = Open(root_ / "db");
  ASSERT_TRUE(WriteRun(store.get(), requests).ok());
  EXPECT_EQ(Dump(*store), Reference(requests));
  ExpectConsistent(*store);
  auto names = store->ScanAliases("deputy assistant secretary", 1000);
  ASSERT_TRUE(names.ok());
  auto reference = Open(root_ / "reference");
  auto expected = reference->ScanAliases("deputy assistant secretary", 1000);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(*names, *expected);
  EXPECT_GT(names->size(), 300u);
  EXPECT_TRUE(std::is_sorted(names->begin(), names->end()));
  Result<std::vector<uint64_t>> common = store->LookupAlias("deputy assistant secretary");
  ASSERT_TRUE(common.ok());
  EXPECT_EQ(common->size(), 400u);
}

// The families read by prefix scans get table blocks of 16 KiB from a run (cheaper to write:
// fewer blocks to compress and index); the records, read by key, keep blocks of 4 KiB.
TEST_F(BulkTest, ScannedFamiliesGetLargerBlocks) {
  const fs::path dir = root_ / "db";
  {
    auto store = Open(dir);
    ASSERT_TRUE(WriteRun(store.get(), {Requests(0, 900)}).ok());
  }
  // Bytes of keys and values per data block, by family.
  std::map<std::string, double> per_block;
  ForEachFamily(dir, [&](const std::string& name, rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    rocksdb::TablePropertiesCollection tables;
    ASSERT_TRUE(db->GetPropertiesOfAllTables(h, &tables).ok());
    uint64_t bytes = 0, blocks = 0;
    for (const auto& [file, props] : tables) {
      bytes += props->raw_key_size + props->raw_value_size;
      blocks += props->num_data_blocks;
    }
    if (blocks > 0) per_block[name] = static_cast<double>(bytes) / blocks;
  });
  EXPECT_GT(per_block[kCfNames[kCfSpo]], 8192);
  EXPECT_GT(per_block[kCfNames[kCfDocIndex]], 8192);
  EXPECT_LT(per_block[kCfNames[kCfStatements]], 6144);
}

// A run written through table files tells how far it got after each family's table.
TEST_F(BulkTest, TableProgressCountsEveryStagedWrite) {
  auto store = Open(root_ / "db");
  BulkOptions options;
  options.min_table_bytes = 0;
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  options.table_progress = [&](uint64_t done, uint64_t total) { calls.emplace_back(done, total); };
  Result<std::unique_ptr<BulkRun>> run = store->StartBulkRun(options);
  ASSERT_TRUE(run.ok());
  WriteOutcome out;
  ASSERT_TRUE((*run)->Add(Requests(0, 50), &out).ok());
  GraphChanges changes;
  ASSERT_TRUE((*run)->Commit(&changes).ok());
  ASSERT_GE(calls.size(), 10u);  // one per family with writes
  for (size_t i = 1; i < calls.size(); ++i) {
    EXPECT_GT(calls[i].first, calls[i - 1].first);
    EXPECT_EQ(calls[i].second, calls[0].second);
  }
  EXPECT_EQ(calls.back().first, calls.back().second);
}

TEST_F(BulkTest, RunMergesWithStoredStatementsAndReimportIsANoOp) {
  auto store = Open(root_ / "db");
  WriteOutcome out;
  ASSERT_TRUE(store->Write(Requests(0, 30), &out).ok());
  // Overlaps what is stored: statements 0-29 again (no-ops), the same statements with evidence
  // from other documents (merges), and new ones; then a second run on top of the first.
  WriteRequest again = Requests(0, 30);
  WriteRequest more_evidence = Requests(0, 30);
  for (Statement& st : more_evidence.statements) {
    st.evidence[0].doc = "later-" + st.evidence[0].doc;
    st.evidence[0].source = "later.example";
  }
  const std::vector<WriteRequest> first_run = {again, more_evidence, Requests(30, 60)};
  WriteOutcome total;
  ASSERT_TRUE(WriteRun(store.get(), first_run, 0, &total).ok());
  EXPECT_EQ(total.statements_unchanged, 30u);  // `again`
  EXPECT_EQ(total.statements_merged, 30u);     // `more_evidence`
  EXPECT_EQ(total.statements_new, 30u);        // 30-59
  EXPECT_EQ(total.evidence_new, 60u);
  WriteOutcome second;
  ASSERT_TRUE(WriteRun(store.get(), {Requests(50, 80), more_evidence}, 0, &second).ok());
  EXPECT_EQ(second.statements_new, 20u);        // 60-79
  EXPECT_EQ(second.statements_unchanged, 40u);  // 50-59 and `more_evidence`

  std::vector<WriteRequest> all = {Requests(0, 30)};
  all.insert(all.end(), first_run.begin(), first_run.end());
  all.push_back(Requests(50, 80));
  all.push_back(more_evidence);
  EXPECT_EQ(Dump(*store), Reference(all));
  ExpectConsistent(*store);

  // Everything again in one run: nothing changes.
  const std::vector<std::string> before = Dump(*store);
  const StoreState state = store->state();
  WriteOutcome repeat;
  ASSERT_TRUE(WriteRun(store.get(), all, 0, &repeat).ok());
  EXPECT_EQ(repeat.statements_new, 0u);
  EXPECT_EQ(repeat.evidence_new, 0u);
  EXPECT_EQ(Dump(*store), before);
  EXPECT_EQ(store->state().evidence, state.evidence);
  EXPECT_EQ(store->state().aliases, state.aliases);
  ExpectConsistent(*store);
}

TEST_F(BulkTest, AFailureBeforeIngestLeavesNothingOfTheRun) {
  bool fail = false;
  StoreOptions options;
  options.before_commit_for_testing = [&]() {
    return fail ? Status::IOError("injected failure") : Status::OK();
  };
  auto store = Open(root_ / "db", options);
  ASSERT_TRUE(WriteRun(store.get(), {Requests(0, 20)}).ok());
  const std::vector<std::string> before = Dump(*store);
  const StoreState state = store->state();

  fail = true;
  Status s = WriteRun(store.get(), {Requests(20, 60), Requests(0, 20)});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("injected failure"), std::string::npos) << s.ToString();
  EXPECT_EQ(Dump(*store), before);
  EXPECT_EQ(store->state().statements, state.statements);
  EXPECT_EQ(store->state().next_node, state.next_node);
  EXPECT_FALSE(fs::exists(root_ / "db" / "bulk.tmp")) << "table files of the failed run remain";
  ExpectConsistent(*store);

  // The store takes writes again, and what the failed run would have brought goes in whole.
  fail = false;
  ASSERT_TRUE(WriteRun(store.get(), {Requests(20, 60), Requests(0, 20)}).ok());
  EXPECT_EQ(Dump(*store), Reference({Requests(0, 20), Requests(20, 60)}));
  ExpectConsistent(*store);
}

TEST_F(BulkTest, AnInvalidRequestIsRefusedAndTheRunGoesOn) {
  auto store = Open(root_ / "db");
  Result<std::unique_ptr<BulkRun>> run = store->StartBulkRun(BulkOptions{0});
  ASSERT_TRUE(run.ok());
  WriteOutcome out;
  ASSERT_TRUE((*run)->Add(Requests(0, 10), &out).ok());
  WriteRequest bad = Requests(10, 12);
  bad.statements[1].evidence[0].end = 0;  // ends before it begins
  Status s = (*run)->Add(bad, &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("statement 2"), std::string::npos) << s.ToString();
  ASSERT_TRUE((*run)->Add(Requests(12, 20), &out).ok());
  GraphChanges changes;
  ASSERT_TRUE((*run)->Commit(&changes).ok());
  EXPECT_FALSE(changes.edges_set.empty());
  EXPECT_EQ(Dump(*store), Reference({Requests(0, 10), Requests(12, 20)}));
}

TEST_F(BulkTest, OtherWritesWaitForTheRun) {
  auto store = Open(root_ / "db");
  {
    Result<std::unique_ptr<BulkRun>> run = store->StartBulkRun(BulkOptions{});
    ASSERT_TRUE(run.ok());
    WriteOutcome out;
    EXPECT_EQ(store->Write(Requests(0, 5), &out).code(), Status::Code::kBusy);
    RemoveOutcome removed;
    EXPECT_EQ(store->RemoveDocument("doc-1", &removed).code(), Status::Code::kBusy);
    EXPECT_EQ(store->StartBulkRun(BulkOptions{}).status().code(), Status::Code::kBusy);
    ASSERT_TRUE((*run)->Add(Requests(0, 5), &out).ok());
  }  // dropped uncommitted: discarded
  EXPECT_TRUE(Dump(*store).empty());
  WriteOutcome out;
  ASSERT_TRUE(store->Write(Requests(0, 5), &out).ok());
  EXPECT_EQ(out.statements_new, 5u);
}

// The process dies (SIGKILL) after the third run's table files are written and before they are
// ingested: the store holds the first two runs exactly, and the next writable open clears the
// orphaned files. The dying part runs in a fresh process (death test, "threadsafe" style:
// re-executed, so no RocksDB thread of this process is missing in the child); the store's
// folder reaches it through the environment, set once by the parent.
TEST_F(BulkTest, KillBetweenTablesAndIngestLeavesWholeRuns) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  if (std::getenv("KG_BULK_TEST_STORE") != nullptr) {
    fs::remove_all(root_);  // the re-executed child: it works in the parent's folder
  } else {
    ::setenv("KG_BULK_TEST_STORE", (root_ / "db").c_str(), 1);
  }
  const fs::path db = std::getenv("KG_BULK_TEST_STORE");
  auto runs_then_kill = [](const fs::path& path) {
    StoreOptions options;
    int commits = 0;
    options.before_commit_for_testing = [&]() {
      if (++commits == 3) ::raise(SIGKILL);
      return Status::OK();
    };
    Result<std::unique_ptr<Store>> store = Store::Open(path.string(), options);
    if (!store.ok()) std::exit(3);
    for (int run = 0; run < 3; ++run) {
      if (!WriteRun(store->get(), {Requests(40 * run, 40 * run + 40)}).ok()) std::exit(4);
    }
    std::exit(0);
  };
  EXPECT_EXIT(runs_then_kill(db), ::testing::KilledBySignal(SIGKILL), "");
  ::unsetenv("KG_BULK_TEST_STORE");
  ASSERT_TRUE(fs::exists(db / "bulk.tmp")) << "the kill should leave the third run's tables";
  auto store = Open(db);
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(fs::exists(db / "bulk.tmp"));
  EXPECT_EQ(Dump(*store), Reference({Requests(0, 40), Requests(40, 80)}));
  ExpectConsistent(*store);
}

}  // namespace
}  // namespace kg::storage
