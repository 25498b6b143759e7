// Database::IngestDocuments and `kg ingest` over the bundled sample corpus (examples/corpus/):
// statements come out, every evidence span is its sentence in the stored text, re-ingest is a
// no-op, the number of jobs does not change the store, and bad input is reported per document.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <sstream>

#include "kg/database.h"
#include "kg/extract.h"
#include "kg/text.h"
#include "tests/util/subprocess.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(KG_SOURCE_DIR) + "/examples/corpus";
const std::string kModels = std::string(KG_SOURCE_DIR) + "/models";

std::vector<Document> ReadCorpus() {
  auto read = ReadDocuments(kCorpus);
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  std::vector<Document> docs;
  for (ReadDocument& rd : read->documents) docs.push_back(std::move(rd.document));
  return docs;
}

std::unique_ptr<Database> OpenStore(const fs::path& dir) {
  auto db = Database::Open((dir / "store").string(), Options{});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return std::move(*db);
}

IngestOptions Opts(uint32_t jobs = 1) {
  IngestOptions o;
  o.models_dir = kModels;
  o.jobs = jobs;
  return o;
}

std::string Export(Database& db) {
  std::ostringstream out;
  EXPECT_TRUE(db.ExportJsonl(out, {}).ok());
  return out.str();
}

// Code points [begin, end) of valid UTF-8 `text`.
std::string CodePointSlice(const std::string& text, uint64_t begin, uint64_t end) {
  std::vector<size_t> starts;  // byte offset of each code point, plus the end
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  if (end < begin || end >= starts.size()) return "<span out of range>";
  return text.substr(starts[begin], starts[end] - starts[begin]);
}

TEST(IngestTest, CorpusGivesStatementsWhoseSpansAreTheirSentences) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  const std::vector<Document> docs = ReadCorpus();
  ASSERT_EQ(docs.size(), 4u);
  IngestReport report;
  ASSERT_TRUE(db->IngestDocuments(docs, Opts(), &report).ok());
  EXPECT_EQ(report.documents_new, 4u);
  EXPECT_EQ(report.documents_failed, 0u);
  EXPECT_GE(report.sentences, 10u);
  EXPECT_GE(report.statements, 10u);
  ASSERT_EQ(report.documents.size(), 4u);
  for (const IngestedDocument& d : report.documents) {
    EXPECT_EQ(d.outcome, IngestedDocument::Outcome::kNew) << d.path << ": " << d.error;
    EXPECT_GT(d.statements, 0u) << d.path;
  }

  std::istringstream lines(Export(*db));
  std::string line;
  uint64_t evidence = 0;
  std::set<std::string> docs_with_evidence;
  while (std::getline(lines, line)) {
    const auto st = nlohmann::json::parse(line);
    EXPECT_FALSE(st["subject"]["name"].get<std::string>().empty());
    EXPECT_FALSE(st["object"]["name"].get<std::string>().empty());
    for (const auto& ev : st["evidence"]) {
      ++evidence;
      const std::string doc_id = ev["doc"].get<std::string>();
      docs_with_evidence.insert(doc_id);
      auto doc = db->GetDocument(doc_id);
      ASSERT_TRUE(doc.ok()) << doc_id;
      EXPECT_EQ(CodePointSlice(doc->text, ev["begin"].get<uint64_t>(), ev["end"].get<uint64_t>()),
                ev["sentence"].get<std::string>());
      EXPECT_FALSE(ev["rule"].get<std::string>().empty());
      EXPECT_GT(ev["confidence"].get<double>(), 0.0);
      EXPECT_EQ(ev["source"].get<std::string>(), doc->source);
    }
  }
  EXPECT_EQ(docs_with_evidence.size(), 4u);
  auto stats = db->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 4u);
  EXPECT_EQ(stats->evidence, evidence);
  EXPECT_TRUE(db->Check()->problems.empty());
  db.reset();
  fs::remove_all(dir);
}

TEST(IngestTest, ReingestIsANoOpAndJobsDoNotChangeTheStore) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  const std::vector<Document> docs = ReadCorpus();
  std::string first_export;
  {
    auto db = Database::Open((dir / "one").string(), Options{});
    ASSERT_TRUE(db.ok());
    IngestReport report;
    ASSERT_TRUE((*db)->IngestDocuments(docs, Opts(1), &report).ok());
    first_export = Export(**db);
    IngestReport again;
    ASSERT_TRUE((*db)->IngestDocuments(docs, Opts(1), &again).ok());
    EXPECT_EQ(again.documents_new, 0u);
    EXPECT_EQ(again.documents_unchanged, 4u);
    EXPECT_EQ(again.statements, 0u);
    EXPECT_EQ(Export(**db), first_export);
  }
  {
    auto db = Database::Open((dir / "three").string(), Options{});
    ASSERT_TRUE(db.ok());
    IngestReport report;
    ASSERT_TRUE((*db)->IngestDocuments(docs, Opts(3), &report).ok());
    EXPECT_EQ(report.documents_new, 4u);
    EXPECT_EQ(Export(**db), first_export);
  }
  fs::remove_all(dir);
}

TEST(IngestTest, ABadDocumentIsReportedAndTheOthersStored) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  std::vector<Document> docs = ReadCorpus();
  Document bad;
  bad.id = "bad-utf8";
  bad.text = "The council met on Monday \xff\xfe and voted.";
  docs.insert(docs.begin() + 1, bad);
  for (uint32_t jobs : {1u, 2u}) {
    IngestReport report;
    ASSERT_TRUE(db->IngestDocuments(docs, Opts(jobs), &report).ok());
    ASSERT_EQ(report.documents.size(), 5u);
    EXPECT_EQ(report.documents_failed, 1u);
    EXPECT_EQ(report.documents[1].outcome, IngestedDocument::Outcome::kFailed);
    EXPECT_NE(report.documents[1].error.find("UTF-8"), std::string::npos)
        << report.documents[1].error;
    EXPECT_EQ(report.documents_new + report.documents_unchanged, 4u);
  }
  EXPECT_EQ(db->GetStats()->documents, 4u);
  EXPECT_FALSE(db->GetDocument("bad-utf8").ok());
  db.reset();
  fs::remove_all(dir);
}

TEST(IngestTest, AgentlessAndIntransitiveClausesAreStoredWithPlaceholders) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  std::vector<Document> docs(2);
  docs[0].id = "ferry-1";
  docs[0].published = "2025-04-23";  // a Wednesday
  docs[0].text =
      "The ferry service was suspended on Monday. The old bridge was closed after the storm. "
      "Talks between the two unions collapsed. The harbour has been closed since last March.";
  docs[1].id = "ferry-2";
  docs[1].text = "Talks between the two unions collapsed.";
  IngestReport report;
  ASSERT_TRUE(db->IngestDocuments(docs, Opts(), &report).ok());
  EXPECT_EQ(report.documents_new, 2u);
  EXPECT_EQ(report.statements_skipped, 0u);
  std::istringstream lines(Export(*db));
  std::string line;
  std::set<std::string> unknown_ids;
  std::map<std::string, nlohmann::json> by_object;
  int collapsed = 0;
  while (std::getline(lines, line)) {
    const auto st = nlohmann::json::parse(line);
    if (st["subject"]["type"] == "UNKNOWN") {
      EXPECT_EQ(st["subject"]["name"], std::string(kUnknownAgentName));
      unknown_ids.insert(st["subject"]["id"].get<std::string>());
      by_object[st["object"]["name"].get<std::string>()] = st;
    }
    if (st["object"]["type"] == "NONE") {
      EXPECT_EQ(st["object"]["name"], std::string(kNoObjectName));
      EXPECT_EQ(st["predicate"]["lemma"], "collapse");
      EXPECT_EQ(st["support"], 2) << "the same intransitive statement in two documents merges";
      ++collapsed;
    }
  }
  EXPECT_EQ(collapsed, 1);
  // "since last March" is a closed interval up to the document's date, which the store takes.
  ASSERT_EQ(by_object.count("harbour"), 1u);
  EXPECT_EQ(by_object["harbour"]["qualifiers"]["time"], "2025-03/2025-04-23");
  ASSERT_EQ(by_object.count("ferry service"), 1u);
  EXPECT_EQ(by_object["ferry service"]["predicate"]["lemma"], "suspend");
  EXPECT_EQ(by_object["ferry service"]["qualifiers"]["time"], "2025-04-21");
  ASSERT_EQ(by_object.count("old bridge"), 1u);
  // Three agentless passives do not share their unknown agent.
  EXPECT_EQ(unknown_ids.size(), 3u);
  EXPECT_TRUE(db->Check()->problems.empty());
  db.reset();
  fs::remove_all(dir);
}

TEST(IngestTest, DroppedExtractionsAreCountedByReason) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  std::vector<Document> docs(1);
  docs[0].id = "gate";
  // Nobody before "He" names who closed the gate.
  docs[0].text = "He closed the old gate of the harbour.";
  IngestReport report;
  ASSERT_TRUE(db->IngestDocuments(docs, Opts(), &report).ok());
  EXPECT_GE(report.statements_unresolved_pronoun, 1u);
  EXPECT_GE(report.statements_skipped,
            report.statements_unresolved_pronoun + report.statements_one_entity);
  db.reset();
  fs::remove_all(dir);
}

// "It" and "this" in two documents are not one entity of both: a statement still naming one
// after resolution is dropped; the "it" of what an organisation reports is the organisation.
TEST(IngestTest, AnItNoOneResolvesIsNoNodeAndASpeakersItIsTheSpeaker) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  std::vector<Document> docs(2);
  docs[0].id = "brantco";
  docs[0].text =
      "Brantco said it earned $12 million in the second quarter. It was a hard year for "
      "farmers in the valley. This worried the growers of Olmdal.";
  docs[1].id = "quay";
  docs[1].text = "The new quay opened in June. It cost the town of Verrin a fortune.";
  IngestReport report;
  ASSERT_TRUE(db->IngestDocuments(docs, Opts(), &report).ok());
  std::istringstream lines(Export(*db));
  std::string line;
  bool brantco_earned = false;
  while (std::getline(lines, line)) {
    const auto st = nlohmann::json::parse(line);
    for (const char* end : {"subject", "object"}) {
      const std::string name = st[end]["name"];
      EXPECT_NE(name, "It") << line;
      EXPECT_NE(name, "it") << line;
      EXPECT_NE(name, "This") << line;
    }
    if (st["subject"]["name"] == "Brantco" && st["predicate"]["lemma"] == "earn") {
      brantco_earned = true;
      EXPECT_EQ(st["qualifiers"]["attributed_to"]["name"], "Brantco");
    }
  }
  EXPECT_TRUE(brantco_earned);
  EXPECT_GE(report.statements_unresolved_pronoun, 2u);
  db.reset();
  fs::remove_all(dir);
}

// An unresolved "we" is someone different in every document: its own node in each.
TEST(IngestTest, AnUnresolvedWeIsANodeOfItsDocument) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  std::vector<Document> docs(2);
  docs[0].id = "quay";
  docs[0].text = "\"We will rebuild the old quay before winter,\" the mayor told reporters.";
  docs[1].id = "mill";
  docs[1].text = "\"We will rebuild the old mill next spring,\" the miller told the council.";
  IngestReport report;
  ASSERT_TRUE(db->IngestDocuments(docs, Opts(), &report).ok());
  std::istringstream lines(Export(*db));
  std::string line;
  std::map<std::string, std::string> we_by_doc;  // document -> the node of "We"
  while (std::getline(lines, line)) {
    const auto st = nlohmann::json::parse(line);
    if (st["subject"]["name"] == "We") {
      we_by_doc[st["evidence"][0]["doc"].get<std::string>()] = st["subject"]["id"];
    }
  }
  ASSERT_EQ(we_by_doc.size(), 2u) << Export(*db);
  EXPECT_NE(we_by_doc["quay"], we_by_doc["mill"]);
  db.reset();
  fs::remove_all(dir);
}

TEST(IngestTest, MissingModelsOrExtractorFailTheWholeCall) {
  const fs::path dir = testing::MakeTestDir("kg-ingest");
  auto db = OpenStore(dir);
  IngestReport report;
  IngestOptions o = Opts();
  o.models_dir = (dir / "no-models").string();
  EXPECT_EQ(db->IngestDocuments(ReadCorpus(), o, &report).code(), Status::Code::kNotFound);
  o = Opts();
  o.extractor = "no-such-extractor";
  EXPECT_EQ(db->IngestDocuments(ReadCorpus(), o, &report).code(), Status::Code::kNotFound);
  EXPECT_EQ(db->GetStats()->documents, 0u);
  db.reset();
  fs::remove_all(dir);
}

TEST(IngestCliTest, ABadFileAmongGoodOnesIsReportedAndTheGoodOnesStored) {
  const fs::path dir = testing::MakeTestDir("kg-ingest-cli");
  const fs::path input = dir / "input";
  fs::create_directories(input);
  fs::copy_file(fs::path(kCorpus) / "001_harbourpost.txt", input / "a.txt");
  fs::copy_file(fs::path(kCorpus) / "002_eastwire.txt", input / "c.txt");
  {
    std::ofstream bin(input / "b.txt", std::ios::binary);
    bin << std::string("\x7f" "ELF\0\0\0binary", 12);
  }
  const std::string db = (dir / "store").string();
  auto run = testing::RunProgram(KG_CLI_PATH, {"--db", db, "ingest", input.string(), "--models",
                                               kModels, "--jobs", "2"},
                                 dir);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("b.txt"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("documents: 2 new, 0 unchanged, 1 failed"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("statements: "), std::string::npos);

  // Again: the good ones are unchanged; standard input is one more article.
  fs::remove(input / "b.txt");
  auto again = testing::RunProgram(KG_CLI_PATH, {"--db", db, "ingest", input.string(), "-",
                                                 "--models", kModels},
                                   dir, (fs::path(kCorpus) / "003_dailyledger.txt").string());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("documents: 1 new, 2 unchanged, 0 failed"), std::string::npos)
      << again.out;
  auto stats = testing::RunProgram(KG_CLI_PATH, {"--db", db, "stats", "--json"}, dir);
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["documents"], 3);

  auto usage = testing::RunProgram(KG_CLI_PATH, {"--db", db, "ingest"}, dir);
  EXPECT_EQ(usage.exit_code, 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg
