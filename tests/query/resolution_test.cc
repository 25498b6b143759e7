// Cross-document resolution through the Database: ingest joins romanisation variants and logs
// it, curation (merge, split, alias files, unmerge) rewrites the store exactly and reversibly,
// and all of it survives reopening the store. Articles and statements written for these tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "core/resolve/entity_index.h"
#include "kg/database.h"
#include "storage/store.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

const std::string kModels = std::string(KG_SOURCE_DIR) + "/models";

class ResolutionTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTestDir("kg-resolution"); }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  Database& Open() {
    db_.reset();
    auto db = Database::Open((dir_ / "store").string(), Options{});
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    return *db_;
  }

  std::string Export() {
    std::ostringstream out;
    EXPECT_TRUE(db_->ExportJsonl(out, {}).ok());
    return out.str();
  }

  void ExpectConsistent() {
    Result<CheckReport> check = db_->Check();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    for (const std::string& p : check->problems) ADD_FAILURE() << p;
  }

  // The id of the one node `name` finds.
  std::string NodeOf(const std::string& name) {
    Result<std::vector<Node>> nodes = db_->FindNodes(name);
    EXPECT_TRUE(nodes.ok() && !nodes->empty()) << name;
    return nodes.ok() && !nodes->empty() ? (*nodes)[0].id : "";
  }

  IngestReport Ingest(const std::string& id, const std::string& text) {
    Document d;
    d.id = id;
    d.source = id + ".example";
    d.published = "2025-04-02";
    d.text = text;
    IngestOptions o;
    o.models_dir = kModels;
    IngestReport report;
    EXPECT_TRUE(db_->IngestDocuments({d}, o, &report).ok());
    EXPECT_EQ(report.documents_failed, 0u);
    return report;
  }

  // The summaries in the entity-index key records of node `id` (docs/storage.md), one per
  // record; closes the store. A record without a current summary is a failure.
  std::vector<core::resolve::KnownEntity> SummariesOf(const std::string& id) {
    db_.reset();
    storage::StoreOptions options;
    options.read_only = true;
    auto store = storage::Store::Open((dir_ / "store").string(), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    std::vector<core::resolve::KnownEntity> summaries;
    if (!store.ok()) return summaries;
    Result<std::string> e = (*store)->GetMeta("r:epoch");
    const uint64_t epoch = e.ok() ? std::stoull(*e) : 0;
    EXPECT_TRUE((*store)
                    ->ScanMeta("r:key:",
                               [&](const std::string& k, const std::string& v) {
                                 if (!k.ends_with(":" + id)) return;
                                 summaries.emplace_back();
                                 EXPECT_TRUE(core::resolve::DecodeSummary(v, epoch,
                                                                          &summaries.back()))
                                     << k << " = " << v;
                               })
                    .ok());
    return summaries;
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
};

Statement Make(const std::string& s_id, const std::string& s_name, const std::string& lemma,
               const std::string& o_id, const std::string& o_name, const std::string& doc,
               uint64_t begin, const std::string& alias = "") {
  Statement st;
  st.subject = {s_id, s_name, "PERSON", NodeKind::kEntity, {{alias.empty() ? s_name : alias, 1}}};
  st.predicate = {lemma, lemma + "ed"};
  st.object = {o_id, o_name, "LOCATION", NodeKind::kEntity, {{o_name, 1}}};
  st.confidence = 0.8;
  Evidence ev;
  ev.doc = doc;
  ev.source = doc + ".example";
  ev.sentence = s_name + " " + lemma + " " + o_name + ".";
  ev.begin = begin;
  ev.end = begin + ev.sentence.size();
  ev.rule = "test";
  st.evidence.push_back(ev);
  return st;
}

// Two spellings of one man, each with its own statements, one statement shared.
std::vector<Statement> TwoSpellings() {
  return {Make("e:p1", "Arkadi Tabakov", "visit", "e:brno", "Brno", "d1", 0),
          Make("e:p1", "Arkadi Tabakov", "leave", "e:ostrava", "Ostrava", "d1", 40),
          Make("e:p2", "Arkadij Tabakow", "visit", "e:brno", "Brno", "d2", 0),
          Make("e:p2", "Arkadij Tabakow", "praise", "e:ostrava", "Ostrava", "d2", 50)};
}

TEST_F(ResolutionTest, MergeRewritesStatementsAndUnmergeRestoresExactly) {
  Database& db = Open();
  ImportReport imported;
  ASSERT_TRUE(db.AddStatements(TwoSpellings(), &imported).ok());
  const std::string before = Export();

  CurationReport r;
  ASSERT_TRUE(db.MergeNodes("e:p1", "Arkadij Tabakow", "same man", &r).ok());
  EXPECT_EQ(r.node, "e:p1");
  EXPECT_EQ(r.statements_moved, 2u);
  ExpectConsistent();
  Result<EntityCard> card = db.Describe("e:p1");
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->out_count, 3u);  // visit (support 2), leave, praise
  for (const StatementLine& line : card->out) {
    if (line.predicate == "visit") {
      EXPECT_EQ(line.support, 2u);
    }
  }
  EXPECT_EQ(NodeOf("Arkadij Tabakow"), "e:p1");  // the alias moved
  EXPECT_FALSE(db.FindNodes("e:p2").ok() && !db.FindNodes("e:p2")->empty());
  // The graph view follows: a path query reaches Ostrava from Brno through one node.
  auto q = db.Query("MATCH (p)-[:praise]->(x) RETURN p.name", {});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->rows.size(), 1u);

  Result<std::vector<MergeLogEntry>> log = db.ListMerges();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].kind, "merge");
  EXPECT_EQ((*log)[0].other, "e:p2");
  EXPECT_EQ((*log)[0].reason, "same man");

  // Persisted: reopen, undo, and the store is what it was.
  Open();
  ASSERT_TRUE(db_->Unmerge((*log)[0].id, &r).ok());
  ExpectConsistent();
  EXPECT_EQ(Export(), before);
  log = db_->ListMerges();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_TRUE((*log)[0].undone);
  EXPECT_EQ((*log)[1].kind, "unmerge");
  EXPECT_EQ((*log)[1].undoes, (*log)[0].id);
  EXPECT_FALSE(db_->Unmerge((*log)[0].id, &r).ok());  // once only
  EXPECT_FALSE(db_->Unmerge(99, &r).ok());
}

TEST_F(ResolutionTest, MergeErrorsNameTheProblem) {
  Database& db = Open();
  ImportReport imported;
  ASSERT_TRUE(db.AddStatements(TwoSpellings(), &imported).ok());
  CurationReport r;
  Status s = db.MergeNodes("e:p1", "e:p1", "", &r);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  s = db.MergeNodes("e:p1", "Nobody Anywhere", "", &r);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  const std::string before = Export();
  EXPECT_EQ(Export(), before);  // nothing written
}

TEST_F(ResolutionTest, SplitMovesWhatCameThroughAnAliasAndUnmergeRestores) {
  Database& db = Open();
  // One node got a second man's evidence through the alias "Tabakova" (document d3).
  std::vector<Statement> sts = TwoSpellings();
  sts.push_back(Make("e:p1", "Arkadi Tabakov", "visit", "e:ostrava", "Ostrava", "d3", 0,
                     "Tabakova"));
  ImportReport imported;
  ASSERT_TRUE(db.AddStatements(sts, &imported).ok());
  const std::string before = Export();
  CurationReport r;
  ASSERT_TRUE(db.SplitNode("e:p1", {"Tabakova"}, "a woman", &r).ok());
  ExpectConsistent();
  const std::string split_id = r.node;
  EXPECT_EQ(split_id, "e:tabakova");
  EXPECT_EQ(NodeOf("Tabakova"), split_id);
  Result<EntityCard> card = db.Describe(split_id);
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->out_count, 1u);
  card = db.Describe("e:p1");
  EXPECT_EQ(card->out_count, 2u);
  // The split left a rule so that later documents keep them apart.
  Result<std::string> rules = db.GetAliasRules();
  ASSERT_TRUE(rules.ok());
  EXPECT_NE(rules->find("distinct: Tabakova != Arkadi Tabakov"), std::string::npos) << *rules;
  EXPECT_EQ(db.SplitNode("e:p1", {"Nobody"}, "", &r).code(), Status::Code::kNotFound);

  Result<std::vector<MergeLogEntry>> log = db.ListMerges();
  ASSERT_TRUE(log.ok() && log->size() == 1u);
  ASSERT_TRUE(db.Unmerge((*log)[0].id, &r).ok());
  ExpectConsistent();
  EXPECT_EQ(Export(), before);
  EXPECT_EQ(*db.GetAliasRules(), "");
}

TEST_F(ResolutionTest, AliasFilePinsAndForbidsAtOnceAndPersists) {
  Database& db = Open();
  ImportReport imported;
  std::vector<Statement> sts = TwoSpellings();
  sts.push_back(Make("e:p3", "Olga Lisak", "visit", "e:mahren", "Mähren", "d4", 0));
  sts.push_back(Make("e:p3", "Olga Lisak", "leave", "e:moravia", "Moravia", "d5", 0));
  ASSERT_TRUE(db.AddStatements(sts, &imported).ok());
  CurationReport r;
  Status bad = db.LoadAliasRules("same: Mähren = Moravia\nsame Brno\n", "rules.txt", &r);
  ASSERT_EQ(bad.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(bad.ToString().find("rules.txt:2:"), std::string::npos) << bad.ToString();
  EXPECT_EQ(*db.GetAliasRules(), "");  // nothing changed

  ASSERT_TRUE(db.LoadAliasRules("# places\nsame: Mähren = Moravia  # German\n"
                                "distinct: Tabakow != Tabakov\n",
                                "rules.txt", &r)
                  .ok());
  ExpectConsistent();
  EXPECT_EQ(NodeOf("Mahren"), NodeOf("Moravia"));
  ASSERT_EQ(r.notes.size(), 1u) << r.notes.size();  // the pin merged; no node held both names
  Open();
  EXPECT_EQ(*db_->GetAliasRules(),
            "same: Mähren = Moravia\ndistinct: Tabakow != Tabakov\n");
}

TEST_F(ResolutionTest, ForbidSplitsANodeHoldingBothNames) {
  Database& db = Open();
  std::vector<Statement> sts = TwoSpellings();
  sts.push_back(Make("e:p1", "Arkadi Tabakov", "visit", "e:mahren", "Mähren", "d3", 0,
                     "Olga Lisak"));
  ImportReport imported;
  ASSERT_TRUE(db.AddStatements(sts, &imported).ok());
  CurationReport r;
  ASSERT_TRUE(db.LoadAliasRules("distinct: Olga Lisak != Arkadi Tabakov\n", "f", &r).ok());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("split e:olga_lisak off e:p1"), std::string::npos) << r.notes[0];
  ExpectConsistent();
  EXPECT_EQ(NodeOf("Olga Lisak"), "e:olga_lisak");
  Result<EntityCard> card = db.Describe("e:olga_lisak");
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->out_count, 1u);
}

TEST_F(ResolutionTest, EntriesBuildingOnEachOtherUndoNewestFirst) {
  Database& db = Open();
  std::vector<Statement> sts = TwoSpellings();
  sts.push_back(Make("e:p3", "Olga Lisak", "visit", "e:mahren", "Mähren", "d4", 0));
  ImportReport imported;
  ASSERT_TRUE(db.AddStatements(sts, &imported).ok());
  const std::string before = Export();
  CurationReport first, second, undo;
  ASSERT_TRUE(db.MergeNodes("e:p1", "e:p2", "", &first).ok());
  ASSERT_TRUE(db.MergeNodes("e:p3", "e:p1", "", &second).ok());
  EXPECT_EQ(db.Unmerge(first.log_ids[0], &undo).code(), Status::Code::kInvalidArgument);
  ASSERT_TRUE(db.Unmerge(second.log_ids[0], &undo).ok());
  ASSERT_TRUE(db.Unmerge(first.log_ids[0], &undo).ok());
  ExpectConsistent();
  EXPECT_EQ(Export(), before);
}

TEST_F(ResolutionTest, IngestJoinsVariantsLogsThemAndFollowsRules) {
  Database& db = Open();
  Ingest("a1", "Arkadi Tabakov visited Ostrava on Monday. Tabakov praised the mayor of Ostrava.");
  Ingest("a2", "Arkadij Tabakow visited Ostrava again on Tuesday.");
  const std::string id = NodeOf("Arkadi Tabakov");
  EXPECT_EQ(NodeOf("Arkadij Tabakow"), id);
  Result<std::vector<MergeLogEntry>> log = db.ListMerges();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].kind, "auto");
  EXPECT_EQ((*log)[0].document, "a2");
  EXPECT_EQ((*log)[0].node, id);
  EXPECT_NE((*log)[0].reason.find("tabakow ~ tabakov"), std::string::npos) << (*log)[0].reason;
  ExpectConsistent();

  // Undo the automatic merge: the document's evidence goes to a node of its own, and a rule
  // keeps the next document with that spelling there too.
  CurationReport r;
  ASSERT_TRUE(db.Unmerge((*log)[0].id, &r).ok());
  ExpectConsistent();
  const std::string own = r.node;
  EXPECT_NE(own, id);
  Open();  // persisted across reopen
  Ingest("a3", "Arkadij Tabakow left Ostrava on Wednesday.");
  Result<EntityCard> card = db_->Describe(own);
  ASSERT_TRUE(card.ok()) << card.status().ToString();
  EXPECT_EQ(card->out_count, 2u);
  ExpectConsistent();

  // A pin loaded now is followed by the next document: two names no rule would join.
  CurationReport pinned;
  ASSERT_TRUE(db_->LoadAliasRules("same: Ostrava = Ostrau\n", "pins", &pinned).ok());
  Ingest("a4", "Arkadi Tabakov praised Ostrau.");
  EXPECT_EQ(NodeOf("Ostrau"), NodeOf("Ostrava"));
  ExpectConsistent();
}

// Imported nodes are filed under their blocking keys once, at the next ingest; after that a
// reopened store resolves from its key records, and curation of nodes it has not read yet
// keeps their context and stays reversible.
TEST_F(ResolutionTest, AReopenedStoreResolvesFromItsKeyRecords) {
  Database& db = Open();
  ImportReport imported;
  ASSERT_TRUE(db.AddStatements({Make("e:p1", "Arkadi Tabakov", "visit", "e:brno", "Brno", "d1", 0)},
                               &imported)
                  .ok());
  Open();
  Ingest("c1", "Arkadij Tabakow visited Ostrava on Monday.");
  EXPECT_EQ(NodeOf("Arkadij Tabakow"), "e:p1");
  Open();
  Ingest("c2", "Arkady Tabakov toured Ostrava on Friday. Lidia Veselova visited Brno.");
  EXPECT_EQ(NodeOf("Arkady Tabakov"), "e:p1");
  const std::string veselova = NodeOf("Lidia Veselova");
  Open();
  Ingest("c3", "Lidija Weselowa visited Brno on Sunday.");
  EXPECT_EQ(NodeOf("Lidija Weselowa"), veselova);
  ExpectConsistent();
  const std::string before = Export();
  Open();
  CurationReport r;
  ASSERT_TRUE(db_->MergeNodes("e:p1", veselova, "test", &r).ok());
  Result<std::vector<MergeLogEntry>> log = db_->ListMerges();
  ASSERT_TRUE(log.ok());
  Open();
  ASSERT_TRUE(db_->Unmerge(log->back().id, &r).ok());
  EXPECT_EQ(Export(), before);
  ExpectConsistent();
}

TEST_F(ResolutionTest, AFullNameJoinsThePersonAndAbsorbsTheSurnameNodeReversibly) {
  Database& db = Open();
  Ingest("b1", "Oksana Hrytsenkiy opened a school in Lutsk on Monday.");
  Ingest("b2", "Governor Hrytsenky later toured Rivne, Dubno and Uzhhorod.");
  const std::string full = NodeOf("Oksana Hrytsenkiy");
  const std::string bare = NodeOf("Hrytsenky");
  ASSERT_NE(full, bare);  // a surname alone, with too little shared, stays apart
  Ingest("b3", "Governor Oksana Hrytsenkyy flew from Lutsk to Rivne, Dubno and Uzhhorod.");
  EXPECT_EQ(NodeOf("Oksana Hrytsenkyy"), full);
  EXPECT_EQ(NodeOf("Hrytsenky"), full);
  Result<std::vector<MergeLogEntry>> log = db.ListMerges();
  ASSERT_TRUE(log.ok());
  ASSERT_FALSE(log->empty());
  const MergeLogEntry& last = log->back();
  EXPECT_EQ(last.kind, "merge");
  EXPECT_EQ(last.node, full);
  EXPECT_EQ(last.other, bare);
  EXPECT_NE(last.reason.find("surname"), std::string::npos) << last.reason;
  ExpectConsistent();
  CurationReport r;
  ASSERT_TRUE(db.Unmerge(last.id, &r).ok());
  EXPECT_EQ(NodeOf("Hrytsenky"), bare);
  ExpectConsistent();
}

// A reopened store scores the candidates of a document from the summaries its key records
// carry: a surname bucket of several namesakes costs no read of their nodes, and what a node
// gained (a spelling) is in its summaries at once.
TEST_F(ResolutionTest, AReopenedStoreScoresCandidatesFromSummariesItKeepsCurrent) {
  Open();
  Ingest("s1", "Marta Kolarova opened a bakery in Olomouc. Pavel Kolarov sold bread in Zlin.");
  Ingest("s2", "Tomas Kolarov repaired the roof of the station in Opava.");
  Ingest("s3", "Marta Kolarowa opened a second bakery in Olomouc.");
  const std::string marta = NodeOf("Marta Kolarova");
  EXPECT_EQ(NodeOf("Marta Kolarowa"), marta);
  Result<std::vector<MergeLogEntry>> log = db_->ListMerges();
  ASSERT_TRUE(log.ok());
  const size_t merges = log->size();

  // Every key record of the node carries its summary, with the spelling it gained.
  const std::vector<core::resolve::KnownEntity> summaries = SummariesOf(marta);
  ASSERT_FALSE(summaries.empty());
  for (const core::resolve::KnownEntity& k : summaries) {
    EXPECT_EQ(k.name, "Marta Kolarova");
    EXPECT_NE(std::find(k.aliases.begin(), k.aliases.end(), "Marta Kolarowa"), k.aliases.end());
    EXPECT_FALSE(k.roles.empty() && k.cooccurring.empty());
    EXPECT_EQ(k.documents, 2u);
  }

  // The new spelling is now an exact name of the node (no automatic merge logged), and the
  // namesakes in the surname buckets were scored without reading their nodes.
  Open();
  IngestReport r = Ingest("s4", "Marta Kolarowa and Kolarov met in Olomouc on Friday.");
  EXPECT_EQ(r.resolve_nodes_read, 0u);
  EXPECT_EQ(NodeOf("Marta Kolarowa"), marta);
  log = db_->ListMerges();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), merges);
  ExpectConsistent();
}

// A merged-away node's key records go with it, so no later document joins a node that is gone;
// an unmerge brings them back.
TEST_F(ResolutionTest, AMergedAwayNodeIsNoCandidateAfterReopening) {
  Open();
  Ingest("m1", "Irena Svobodova visited Brno on Monday.");
  Ingest("m2", "Jarmila Novakova visited Plzen on Tuesday.");
  const std::string irena = NodeOf("Irena Svobodova");
  const std::string jarmila = NodeOf("Jarmila Novakova");
  CurationReport merged;
  ASSERT_TRUE(db_->MergeNodes(irena, jarmila, "test", &merged).ok());
  EXPECT_TRUE(SummariesOf(jarmila).empty());
  for (const core::resolve::KnownEntity& k : SummariesOf(irena)) {
    EXPECT_NE(std::find(k.aliases.begin(), k.aliases.end(), "Jarmila Novakova"), k.aliases.end());
  }
  Open();
  IngestReport r = Ingest("m3", "Jarmila Novakova returned to Plzen on Friday.");
  EXPECT_EQ(r.resolve_nodes_read, 0u);
  EXPECT_EQ(NodeOf("Jarmila Novakova"), irena);
  ExpectConsistent();

  Result<std::vector<MergeLogEntry>> log = db_->ListMerges();
  ASSERT_TRUE(log.ok());
  uint64_t merge_id = 0;
  for (const MergeLogEntry& e : *log) {
    if (e.kind == "merge") merge_id = e.id;
  }
  ASSERT_NE(merge_id, 0u);
  CurationReport undone;
  ASSERT_TRUE(db_->Unmerge(merge_id, &undone).ok());
  const std::vector<core::resolve::KnownEntity> back = SummariesOf(jarmila);
  EXPECT_FALSE(back.empty());
  for (const core::resolve::KnownEntity& k : back) EXPECT_EQ(k.name, "Jarmila Novakova");
  Open();
  ExpectConsistent();
}

// A document removal may take names from nodes or remove them without touching their key
// records: the summaries written before are not trusted after it, the nodes are read instead.
TEST_F(ResolutionTest, SummariesWrittenBeforeADocumentRemovalAreNotTrusted) {
  Open();
  Ingest("x1", "Bohdan Stepanek founded a choir in Liberec.");
  Ingest("x2", "Radka Stepankova painted a mural in Jihlava.");
  const std::string radka = NodeOf("Radka Stepankova");
  RemoveReport removed;
  ASSERT_TRUE(db_->RemoveDocument("x2", &removed).ok());
  ASSERT_GT(removed.nodes_removed, 0u);
  Open();
  IngestReport r = Ingest("x3", "Radka Stepankova met Bohdan Stepanek in Liberec.");
  EXPECT_GT(r.resolve_nodes_read, 0u);
  EXPECT_EQ(NodeOf("Radka Stepankova"), radka);  // the same id, a node made anew
  ExpectConsistent();
  Open();
  r = Ingest("x4", "Radka Stepankova met Bohdan Stepanek in Liberec again.");
  EXPECT_EQ(r.resolve_nodes_read, 0u);
  ExpectConsistent();
}

}  // namespace
}  // namespace kg
