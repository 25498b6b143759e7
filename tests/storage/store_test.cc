#include "storage/store.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "tests/util/store_check.h"
#include "tests/util/test_dir.h"

#include <filesystem>
#include <random>

#include "core/model/statement_key.h"
#include "storage/keys.h"

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kg::testing::MakeTestDir("kg-store") / "db";  // the store itself does not exist yet
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  std::unique_ptr<Store> Open(StoreOptions options = {}) {
    Result<std::unique_ptr<Store>> s = Store::Open(dir_.string(), options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  static Statement Make(const std::string& s, const std::string& p, const std::string& o,
                        const std::string& doc, uint64_t begin = 0,
                        std::vector<std::string> aliases = {}) {
    Statement st;
    st.subject = {s, "Name of " + s, "PERSON", NodeKind::kEntity, {}};
    for (const std::string& a : aliases) st.subject.aliases.push_back({a, 1});
    st.predicate = {p, p + "ed"};
    st.object = {o, "Name of " + o, "ORG", NodeKind::kEntity, {}};
    st.confidence = 0.5;
    Evidence ev;
    ev.doc = doc;
    ev.source = doc + ".example";
    ev.published = "2025-04-25";
    ev.sentence = s + " " + p + " " + o;
    ev.begin = begin;
    ev.end = begin + 10;
    ev.rule = "test";
    st.evidence.push_back(ev);
    return st;
  }

  // Every statement as "subject pred object support" lines, in id order.
  static std::vector<std::string> Dump(const Store& store) {
    std::vector<std::string> out;
    Status s = store.ScanStatements([&](const Statement& st) {
      std::string line = st.subject.id + " " + st.predicate.lemma + " " + st.object.id + " " +
                         std::to_string(st.support) + " [";
      for (const Evidence& e : st.evidence) line += e.doc + ":" + std::to_string(e.begin) + " ";
      out.push_back(line + "]");
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static void ExpectConsistent(const Store& store) { kg::testing::ExpectStoreConsistent(store); }

  fs::path dir_;
};

TEST_F(StoreTest, WritesAndMergesEvidenceAcrossDocuments) {
  auto store = Open();
  WriteRequest req;
  req.statements = {Make("e:1", "meet", "e:2", "d1"), Make("e:1", "meet", "e:2", "d2"),
                    Make("e:1", "meet", "e:2", "d2", 50), Make("e:2", "say", "e:3", "d1")};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(req, &out).ok());
  EXPECT_EQ(out.statements_new, 2u);
  EXPECT_EQ(out.evidence_new, 4u);
  EXPECT_EQ(out.documents_new, 2u);
  EXPECT_EQ(Dump(*store), (std::vector<std::string>{"e:1 meet e:2 2 [d1:0 d2:0 d2:50 ]",
                                                    "e:2 say e:3 1 [d1:0 ]"}));
  EXPECT_EQ(store->state().nodes, 3u);
  EXPECT_EQ(store->state().statements, 2u);
  EXPECT_EQ(store->state().evidence, 4u);
  EXPECT_EQ(out.graph.edges_set.size(), 2u);
  EXPECT_EQ(out.graph.vertices_set.size(), 3u);
  ExpectConsistent(*store);
}

TEST_F(StoreTest, MetaRecordsAreScannedByManyPrefixesThroughOneCall) {
  auto store = Open();
  WriteRequest req;
  req.meta = {{"r:key:b:2", "1"}, {"r:key:a:1", "1"}, {"r:key:ab:3", "1"}, {"r:key:c:4", "1"},
              {"r:key:b:5", "1"}};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(req, &out).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store
                  ->ScanMeta(std::vector<std::string>{"r:key:b:", "r:key:a:", "r:key:d:"},
                             [&](const std::string& k, const std::string&) { seen.push_back(k); })
                  .ok());
  // In key order, each prefix's records only ("r:key:ab:3" is not under "r:key:a:").
  EXPECT_EQ(seen, (std::vector<std::string>{"r:key:a:1", "r:key:b:2", "r:key:b:5"}));
}

// Prefixes as long as the meta family's filter prefix seek through its bloom filters, shorter
// ones in key order; both find exactly their records in table files (a reopen flushes) and in
// the memtable.
TEST_F(StoreTest, MetaScansByFilterPrefixesFindTheirRecordsInFilesAndMemtable) {
  auto bucket = [](int i) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016x", i * 7919);
    return std::string("r:key:") + hex + ":";
  };
  ASSERT_EQ(bucket(1).size(), kMetaFilterPrefixLength);
  {
    auto store = Open();
    WriteRequest req;
    for (int i = 0; i < 200; ++i) req.meta.emplace_back(bucket(i) + "e:n" + std::to_string(i), "1");
    req.meta.emplace_back("r:rules", "same: A = B\n");
    WriteOutcome out;
    ASSERT_TRUE(store->Write(req, &out).ok());
  }
  auto store = Open();
  WriteRequest late;
  late.meta.emplace_back(bucket(3) + "e:late", "1");
  WriteOutcome out;
  ASSERT_TRUE(store->Write(late, &out).ok());
  std::vector<std::string> seen;
  auto visit = [&](const std::string& k, const std::string&) { seen.push_back(k); };
  ASSERT_TRUE(store->ScanMeta({bucket(3), bucket(150), bucket(999), bucket(7)}, visit).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{bucket(3) + "e:late", bucket(3) + "e:n3",
                                            bucket(7) + "e:n7", bucket(150) + "e:n150"}));
  seen.clear();
  ASSERT_TRUE(store->ScanMeta("r:key:", visit).ok());
  EXPECT_EQ(seen.size(), 201u);
  seen.clear();
  ASSERT_TRUE(store->ScanMeta(std::vector<std::string>{"r:rul", bucket(9)}, visit).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{bucket(9) + "e:n9", "r:rules"}));
}

// A prefix scan stops at its limit: the first records of each prefix in key order, in the
// memtable and in table files alike.
TEST_F(StoreTest, MetaScansStopEachPrefixAtTheLimit) {
  {
    auto store = Open();
    WriteRequest req;
    for (int i = 0; i < 90; ++i) {
      req.meta.emplace_back("r:key:many:" + std::to_string(100 + i), "x");
    }
    req.meta.emplace_back("r:key:few:1", "y");
    WriteOutcome out;
    ASSERT_TRUE(store->Write(req, &out).ok());
  }
  auto store = Open();  // the records now in a table file
  WriteRequest late;
  late.meta.emplace_back("r:key:many:099", "z");
  WriteOutcome out;
  ASSERT_TRUE(store->Write(late, &out).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store
                  ->ScanMeta(
                      std::vector<std::string>{"r:key:many:", "r:key:few:"},
                      [&](const std::string& k, const std::string&) { seen.push_back(k); }, 3)
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"r:key:few:1", "r:key:many:099", "r:key:many:100",
                                            "r:key:many:101"}));
}

TEST_F(StoreTest, ReimportIsANoOp) {
  auto store = Open();
  WriteRequest req;
  req.statements = {Make("e:1", "meet", "e:2", "d1", 0, {"Ada"}), Make("e:2", "say", "e:3", "d1")};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(req, &out).ok());
  const auto before = Dump(*store);
  const StoreState state = store->state();
  ASSERT_TRUE(store->Write(req, &out).ok());
  EXPECT_EQ(out.statements_new, 0u);
  EXPECT_EQ(out.statements_unchanged, 2u);
  EXPECT_EQ(out.evidence_new, 0u);
  EXPECT_EQ(Dump(*store), before);
  EXPECT_EQ(store->state().evidence, state.evidence);
  EXPECT_EQ(store->state().aliases, state.aliases);
  Result<Node> n = store->GetNode(0);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->aliases.size(), 1u);
  EXPECT_EQ(n->aliases[0].count, 1u);  // one document used the alias, however often imported
  ExpectConsistent(*store);
}

// A statement's id on input is ignored unless the request says the ids are computed; then the
// write takes them as they are (an import computes them on its parsing thread).
TEST_F(StoreTest, StatementIdsAreComputedUnlessTheRequestSaysTheyAre) {
  auto store = Open();
  WriteRequest req;
  req.statements = {Make("e:1", "meet", "e:2", "d1")};
  req.statements[0].id = "st:not-its-id";
  WriteOutcome out;
  ASSERT_TRUE(store->Write(req, &out).ok());
  std::vector<std::string> ids;
  auto scan_ids = [&] {
    ids.clear();
    ASSERT_TRUE(store
                    ->ScanStatements([&](const Statement& st) {
                      ids.push_back(st.id);
                      return true;
                    })
                    .ok());
  };
  scan_ids();
  const std::string computed = core::StatementId(req.statements[0]);
  EXPECT_EQ(ids, std::vector<std::string>{computed});

  // The same statement from another document, its id given: one statement, two documents.
  WriteRequest given;
  given.statements = {Make("e:1", "meet", "e:2", "d2")};
  given.statements[0].id = computed;
  given.identified = true;
  ASSERT_TRUE(store->Write(given, &out).ok());
  EXPECT_EQ(out.statements_merged, 1u);
  scan_ids();
  EXPECT_EQ(ids, std::vector<std::string>{computed});
  EXPECT_EQ(Dump(*store), std::vector<std::string>{"e:1 meet e:2 2 [d1:0 d2:0 ]"});
  ExpectConsistent(*store);
}

TEST_F(StoreTest, AnInvalidStatementMidBatchWritesNothing) {
  auto store = Open();
  WriteRequest good;
  good.statements = {Make("e:1", "meet", "e:2", "d1")};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(good, &out).ok());
  const auto before = Dump(*store);
  WriteRequest bad;
  bad.statements = {Make("e:4", "visit", "e:5", "d2"), Make("e:6", "visit", "e:7", "d2")};
  bad.statements[1].evidence[0].begin = 99;  // begin after end
  Status s = store->Write(bad, &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("statement 2"), std::string::npos) << s.message();
  EXPECT_EQ(Dump(*store), before);
  EXPECT_EQ(store->state().nodes, 2u);
  ExpectConsistent(*store);
}

TEST_F(StoreTest, AFailedCommitLeavesStoreAndDictionariesUnchanged) {
  bool fail = true;
  StoreOptions options;
  options.before_commit_for_testing = [&]() {
    return fail ? Status::IOError("injected failure") : Status::OK();
  };
  {
    auto store = Open(options);
    WriteRequest req;
    req.statements = {Make("e:1", "annex", "e:2", "d1")};
    WriteOutcome out;
    Status s = store->Write(req, &out);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(store->state().statements, 0u);
    EXPECT_EQ(store->state().next_predicate, 0u);
    EXPECT_EQ(store->PredicateName(0), "");
    EXPECT_TRUE(Dump(*store).empty());
    // The same write succeeds afterwards with the ids it would have had.
    fail = false;
    ASSERT_TRUE(store->Write(req, &out).ok());
    EXPECT_EQ(store->PredicateName(0), "annex");
    ExpectConsistent(*store);
  }
  auto reopened = Open();
  EXPECT_EQ(Dump(*reopened), (std::vector<std::string>{"e:1 annex e:2 1 [d1:0 ]"}));
  ExpectConsistent(*reopened);
}

TEST_F(StoreTest, RemovingADocumentRetractsOnlyItsEvidence) {
  auto store = Open();
  WriteRequest req;
  req.statements = {Make("e:1", "meet", "e:2", "d1", 0, {"Ada"}),
                    Make("e:1", "meet", "e:2", "d2", 0, {"Ms Brook"}),
                    Make("e:3", "say", "e:4", "d2")};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(req, &out).ok());
  RemoveOutcome removed;
  ASSERT_TRUE(store->RemoveDocument("d2", &removed).ok());
  EXPECT_EQ(removed.evidence_removed, 2u);
  EXPECT_EQ(removed.statements_removed, 1u);
  EXPECT_EQ(removed.nodes_removed, 2u);
  EXPECT_EQ(removed.graph.edges_removed, std::vector<uint64_t>{1});
  EXPECT_EQ(Dump(*store), (std::vector<std::string>{"e:1 meet e:2 1 [d1:0 ]"}));
  Result<Node> ada = store->GetNode(0);
  ASSERT_TRUE(ada.ok());
  ASSERT_EQ(ada->aliases.size(), 1u);  // "Ms Brook" came only from d2
  EXPECT_EQ(ada->aliases[0].text, "Ada");
  EXPECT_FALSE(store->FindNode("e:3").ok());
  EXPECT_FALSE(store->GetDocument("d2").ok());
  Result<std::vector<uint64_t>> hits = store->LookupAlias("ms brook");
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
  ExpectConsistent(*store);

  EXPECT_EQ(store->RemoveDocument("d2", &removed).code(), Status::Code::kNotFound);
  ASSERT_TRUE(store->RemoveDocument("d1", &removed).ok());
  EXPECT_TRUE(Dump(*store).empty());
  EXPECT_EQ(store->state().nodes, 0u);
  EXPECT_EQ(store->state().aliases, 0u);
  EXPECT_EQ(store->state().documents, 0u);
  ExpectConsistent(*store);
}

TEST_F(StoreTest, ReopenKeepsEverything) {
  std::vector<std::string> before;
  {
    auto store = Open();
    WriteRequest req;
    for (int i = 0; i < 50; ++i) {
      req.statements.push_back(Make("e:" + std::to_string(i % 7), i % 2 ? "meet" : "say",
                                    "e:" + std::to_string(i), "d" + std::to_string(i % 3)));
    }
    WriteOutcome out;
    ASSERT_TRUE(store->Write(req, &out).ok());
    before = Dump(*store);
  }
  auto store = Open();
  EXPECT_EQ(Dump(*store), before);
  EXPECT_EQ(store->state().statements, 50u);
  EXPECT_EQ(store->PredicateCounts().size(), 2u);
  ExpectConsistent(*store);
  // New ids continue after the old ones.
  WriteRequest more;
  more.statements = {Make("e:new", "meet", "e:1", "d9")};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(more, &out).ok());
  EXPECT_EQ(out.graph.edges_set.at(0).first, 50u);
  ExpectConsistent(*store);
}

TEST_F(StoreTest, ReadOnlyOpenWhileAWriterIsOpen) {
  auto writer = Open();
  WriteRequest req;
  req.statements = {Make("e:1", "meet", "e:2", "d1")};
  WriteOutcome out;
  ASSERT_TRUE(writer->Write(req, &out).ok());
  StoreOptions ro;
  ro.read_only = true;
  auto reader = Open(ro);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Dump(*reader).size(), 1u);
  EXPECT_EQ(reader->Write(req, &out).code(), Status::Code::kReadOnly);
  // The writer goes on writing while the reader is open.
  req.statements = {Make("e:3", "meet", "e:4", "d2")};
  ASSERT_TRUE(writer->Write(req, &out).ok());
  EXPECT_EQ(Dump(*writer).size(), 2u);
}

TEST_F(StoreTest, DocumentsAreIdempotentAndRefuseSilentReplacement) {
  auto store = Open();
  WriteRequest req;
  Document d;
  d.id = "doc-1";
  d.title = "A title";
  d.text = "Some text.";
  req.documents = {d};
  WriteOutcome out;
  ASSERT_TRUE(store->Write(req, &out).ok());
  EXPECT_EQ(out.documents_added, std::vector<bool>{true});
  ASSERT_TRUE(store->Write(req, &out).ok());
  EXPECT_EQ(out.documents_added, std::vector<bool>{false});
  req.documents[0].text = "Different text.";
  EXPECT_EQ(store->Write(req, &out).code(), Status::Code::kInvalidArgument);
  Result<Document> got = store->GetDocument("doc-1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->text, "Some text.");
  EXPECT_FALSE(got->ingested_at.empty());
}

TEST_F(StoreTest, RandomWritesAndRemovalsStayConsistent) {
  auto store = Open();
  std::mt19937 rng(7);
  for (int round = 0; round < 30; ++round) {
    WriteRequest req;
    for (int i = 0; i < 40; ++i) {
      req.statements.push_back(Make("e:" + std::to_string(rng() % 25), rng() % 2 ? "meet" : "call",
                                    "e:" + std::to_string(rng() % 25),
                                    "d" + std::to_string(rng() % 12), rng() % 3,
                                    {"alias" + std::to_string(rng() % 4)}));
    }
    WriteOutcome out;
    ASSERT_TRUE(store->Write(req, &out).ok());
    if (round % 3 == 2) {
      RemoveOutcome removed;
      Status s = store->RemoveDocument("d" + std::to_string(rng() % 12), &removed);
      ASSERT_TRUE(s.ok() || s.code() == Status::Code::kNotFound) << s.ToString();
    }
  }
  ExpectConsistent(*store);
}

// Makes the closed store at `path` look like one written before qualifier references were
// indexed: no index entries, no meta record saying they are complete.
void DropQualifierIndex(const std::string& path) {
  rocksdb::DBOptions options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, path, descriptors, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle *meta = nullptr, *dictionary = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == kCfNames[kCfMeta]) meta = handles[i];
    if (names[i] == kCfNames[kCfDictionary]) dictionary = handles[i];
  }
  ASSERT_TRUE(meta != nullptr && dictionary != nullptr);
  ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), meta, "qualifier-refs").ok());
  size_t dropped = 0;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), dictionary));
  for (it->Seek("q"); it->Valid() && it->key().starts_with("q"); it->Next(), ++dropped) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), dictionary, it->key()).ok());
  }
  EXPECT_GT(dropped, 0u);
  it.reset();
  for (rocksdb::ColumnFamilyHandle* h : handles) EXPECT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  EXPECT_TRUE(db->Close().ok());
}

// A relink finds the statements naming its node as a location or speaker: through their
// index, or in an older store without it by one scan that builds the index; writes and
// removals keep the index exact (the consistency check compares it with the records).
TEST_F(StoreTest, ARelinkFindsQualifierReferencesWithOrWithoutTheirIndex) {
  auto qualified = [](const std::string& s, const std::string& o, const std::string& place,
                      const std::string& speaker, const std::string& doc) {
    Statement st = Make(s, "meet", o, doc);
    if (!place.empty()) st.qualifiers.location = NodeRef{place, "Name of " + place};
    if (!speaker.empty()) st.qualifiers.attributed_to = NodeRef{speaker, "Name of " + speaker};
    return st;
  };
  auto references = [](const Store& store, const std::string& node) {
    size_t n = 0;
    EXPECT_TRUE(store
                    .ScanStatements([&](const Statement& st) {
                      for (const std::optional<NodeRef>* r :
                           {&st.qualifiers.location, &st.qualifiers.attributed_to}) {
                        if (r->has_value() && (*r)->id == node) ++n;
                      }
                      return true;
                    })
                    .ok());
    return n;
  };
  {
    auto store = Open();
    WriteRequest req;
    req.statements = {Make("e:q", "call", "e:r", "d1"), qualified("e:a", "e:b", "e:q", "", "d1"),
                      qualified("e:c", "e:d", "", "e:q", "d2"),
                      qualified("e:e", "e:f", "e:q", "e:q", "d3"),
                      qualified("e:g", "e:h", "e:r", "", "d3")};
    WriteOutcome out;
    ASSERT_TRUE(store->Write(req, &out).ok());
    RemoveOutcome removed;
    ASSERT_TRUE(store->RemoveDocument("d3", &removed).ok());
    EXPECT_EQ(references(*store, "e:q"), 2u);
    ExpectConsistent(*store);
  }
  DropQualifierIndex(dir_.string());
  for (const char* to : {"e:z", "e:y"}) {
    SCOPED_TRACE(to);
    auto store = Open();
    const std::string from = references(*store, "e:q") > 0 ? "e:q" : "e:z";
    RelinkRequest req;
    req.from = from;
    req.to = {to, std::string("Name of ") + to, "PERSON", NodeKind::kEntity, {}};
    RelinkOutcome out;
    ASSERT_TRUE(store->Relink(req, &out).ok());
    EXPECT_EQ(references(*store, from), 0u);
    EXPECT_EQ(references(*store, to), 2u);
    EXPECT_EQ(references(*store, "e:r"), 0u);
    ExpectConsistent(*store);
  }
}

}  // namespace
}  // namespace kg::storage
