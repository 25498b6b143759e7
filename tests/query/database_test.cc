#include "kg/database.h"

#include <gtest/gtest.h>

#include "tests/util/test_dir.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace kg {
namespace {

namespace fs = std::filesystem;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = kg::testing::MakeTestDir("kg-db"); }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<Database> Open(const std::string& name, Options options = {}) {
    Result<std::unique_ptr<Database>> db = Database::Open((root_ / name).string(), options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  static std::string Export(Database& db) {
    std::ostringstream out;
    EXPECT_TRUE(db.ExportJsonl(out, {}).ok());
    return out.str();
  }

  static void ExpectConsistent(Database& db) {
    Result<CheckReport> r = db.Check();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->problems.empty()) << r->problems.front();
  }

  // A small hand-written corpus: two outlets, a claim, a conflict in figures.
  static std::string Corpus() {
    return R"({"subject":{"id":"e:1","name":"Mara Quell","type":"PERSON","aliases":["Quell","Ms Quell"]},"predicate":{"lemma":"meet","text":"met"},"object":{"id":"e:2","name":"Oren Vash","type":"PERSON","aliases":["Vash"]},"qualifiers":{"time":"2025-03-14","location":{"id":"e:5","name":"Tallinn"}},"confidence":0.9,"evidence":[{"doc":"a1","source":"north.example","published":"2025-03-15","sentence":"Quell met Vash in Tallinn on Friday.","begin":0,"end":36,"rule":"svo"}]}
{"subject":{"id":"e:1","name":"Mara Quell","type":"PERSON","aliases":["Mara Quell"]},"predicate":{"lemma":"meet","text":"held talks with"},"object":{"id":"e:2","name":"Oren Vash","type":"PERSON","aliases":["Mr Vash"]},"qualifiers":{"time":"2025-03-14","location":{"id":"e:5","name":"Tallinn"}},"confidence":0.8,"evidence":[{"doc":"b1","source":"south.example","published":"2025-03-14","sentence":"Mara Quell held talks with Mr Vash in Tallinn.","begin":120,"end":166,"rule":"svo"}]}
{"subject":{"id":"e:2","name":"Oren Vash","type":"PERSON","aliases":["Vash"]},"predicate":{"lemma":"say","text":"said"},"object":{"id":"c:1","name":"the port will reopen in May","type":"CLAIM","aliases":[]},"qualifiers":{"time":"2025-03-14"},"confidence":0.7,"evidence":[{"doc":"a1","source":"north.example","published":"2025-03-15","sentence":"Vash said the port will reopen in May.","begin":37,"end":75,"rule":"say/ccomp"}]}
{"subject":{"id":"e:7","name":"the port","type":"LOCATION","aliases":["port"]},"predicate":{"lemma":"reopen","text":"will reopen"},"object":{"id":"c:2","name":"2025-05","type":"DATE","aliases":[]},"qualifiers":{"modality":"will","attributed_to":{"id":"e:2","name":"Oren Vash"}},"confidence":0.6,"evidence":[{"doc":"a1","source":"north.example","published":"2025-03-15","sentence":"Vash said the port will reopen in May.","begin":37,"end":75,"rule":"say/inner"}]}
{"subject":{"id":"e:9","name":"storm","type":"EVENT","aliases":["the storm"]},"predicate":{"lemma":"kill","text":"killed"},"object":{"id":"c:3","name":"people","type":"QUANTITY","aliases":[]},"qualifiers":{"quantity":{"value":12,"comparator":">=","unit":"people"}},"confidence":0.8,"evidence":[{"doc":"b1","source":"south.example","published":"2025-03-14","sentence":"The storm killed at least 12 people.","begin":0,"end":36,"rule":"svo"}]}
{"subject":{"id":"e:9","name":"storm","type":"EVENT","aliases":["the storm"]},"predicate":{"lemma":"kill","text":"left dead"},"object":{"id":"c:3","name":"people","type":"QUANTITY","aliases":[]},"qualifiers":{"quantity":{"value":9,"comparator":"=","unit":"people"}},"confidence":0.8,"evidence":[{"doc":"a1","source":"north.example","published":"2025-03-15","sentence":"The storm left nine people dead.","begin":76,"end":108,"rule":"svo"}]}
)";
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const fs::path p = root_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  fs::path root_;
};

TEST_F(DatabaseTest, ImportExportRoundTripIsIdentical) {
  auto db = Open("a");
  ImportReport report;
  ASSERT_TRUE(db->ImportJsonlFile(WriteFile("c.jsonl", Corpus()), {}, &report).ok());
  EXPECT_EQ(report.lines, 6u);
  EXPECT_EQ(report.statements_new, 5u);
  EXPECT_EQ(report.statements_merged, 1u);
  const std::string first = Export(*db);
  auto db2 = Open("b");
  ASSERT_TRUE(db2->ImportJsonlFile(WriteFile("e.jsonl", first), {}, &report).ok());
  EXPECT_EQ(Export(*db2), first);
  // And a second round, through a stream.
  auto db3 = Open("c");
  std::istringstream in(first);
  ASSERT_TRUE(db3->ImportJsonl(in, {}, &report).ok());
  EXPECT_EQ(Export(*db3), first);
  ExpectConsistent(*db3);
}

TEST_F(DatabaseTest, SupportCountsDistinctDocuments) {
  auto db = Open("a");
  ImportReport report;
  ASSERT_TRUE(db->ImportJsonlFile(WriteFile("c.jsonl", Corpus()), {}, &report).ok());
  Result<EntityCard> card = db->Describe("quell");
  ASSERT_TRUE(card.ok()) << card.status().ToString();
  EXPECT_EQ(card->node.id, "e:1");
  ASSERT_EQ(card->out.size(), 1u);
  EXPECT_EQ(card->out[0].predicate, "meet");
  EXPECT_EQ(card->out[0].support, 2u);
  EXPECT_EQ(card->out[0].other.name, "Oren Vash");
  EXPECT_EQ(card->out[0].qualifiers.location->name, "Tallinn");
  // Two statements about the storm: different quantities stay apart.
  Result<EntityCard> storm = db->Describe("The Storm");
  ASSERT_TRUE(storm.ok());
  EXPECT_EQ(storm->out_count, 2u);
}

TEST_F(DatabaseTest, FindsNodesByAliasAndSuggestsNearNames) {
  auto db = Open("a");
  ImportReport report;
  ASSERT_TRUE(db->ImportJsonlFile(WriteFile("c.jsonl", Corpus()), {}, &report).ok());
  Result<std::vector<Node>> hits = db->FindNodes("MR. VASH");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).id, "e:2");
  hits = db->FindNodes("e:5");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->at(0).name, "Tallinn");
  Result<EntityCard> missing = db->Describe("Vesh");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("did you mean: vash"), std::string::npos)
      << missing.status().message();
}

TEST_F(DatabaseTest, GraphViewFollowsEveryWrite) {
  auto db = Open("a");
  ImportReport report;
  ASSERT_TRUE(db->ImportJsonlFile(WriteFile("c.jsonl", Corpus()), {}, &report).ok());
  Result<Stats> stats = db->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_TRUE(stats->graph_loaded);
  EXPECT_EQ(stats->graph_edges, stats->statements);
  EXPECT_EQ(stats->graph_vertices, stats->nodes);
  EXPECT_GT(stats->graph_bytes, 0u);
  ExpectConsistent(*db);
  RemoveReport removed;
  ASSERT_TRUE(db->RemoveDocument("a1", &removed).ok());
  EXPECT_EQ(removed.statements_removed, 3u);  // say, reopen, kill 9: only a1 backed them
  stats = db->GetStats();
  EXPECT_EQ(stats->graph_edges, 2u);
  EXPECT_EQ(stats->graph_edges, stats->statements);
  EXPECT_EQ(stats->graph_vertices, stats->nodes);
  ExpectConsistent(*db);
  // A reopened store loads the same graph.
  db.reset();
  db = Open("a");
  stats = db->GetStats();
  EXPECT_EQ(stats->graph_edges, 2u);
  ExpectConsistent(*db);
}

TEST_F(DatabaseTest, NeighbourhoodExportKeepsToTheDepth) {
  auto db = Open("a");
  ImportReport report;
  ASSERT_TRUE(db->ImportJsonlFile(WriteFile("c.jsonl", Corpus()), {}, &report).ok());
  GraphmlOptions options;
  options.center = "Mara Quell";
  options.depth = 1;
  std::ostringstream one;
  ASSERT_TRUE(db->ExportGraphml(one, options).ok());
  auto count = [](const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(one.str(), "<node "), 2u);  // Quell and Vash
  EXPECT_EQ(count(one.str(), "<edge "), 1u);
  options.depth = 2;
  std::ostringstream two;
  ASSERT_TRUE(db->ExportGraphml(two, options).ok());
  EXPECT_EQ(count(two.str(), "<node "), 3u);  // and Vash's claim
  options.center = "nobody at all";
  std::ostringstream none;
  EXPECT_EQ(db->ExportGraphml(none, options).code(), Status::Code::kNotFound);
}

TEST_F(DatabaseTest, AddDocumentIsAtomicAndIdempotent) {
  auto db = Open("a");
  Document doc;
  doc.title = "Harbour news";
  doc.source = "north.example";
  doc.published = "2025-03-15";
  doc.text = "Quell met Vash.";
  Statement st;
  st.subject = {"e:1", "Mara Quell", "PERSON", NodeKind::kEntity, {{"Quell", 1}}};
  st.predicate = {"meet", "met"};
  st.object = {"e:2", "Oren Vash", "PERSON", NodeKind::kEntity, {{"Vash", 1}}};
  Evidence ev;
  ev.sentence = doc.text;
  ev.end = 15;
  ev.rule = "svo";
  st.evidence = {ev};
  bool added = false;
  ASSERT_TRUE(db->AddDocument(doc, {st}, &added).ok());
  EXPECT_TRUE(added);
  const std::string once = Export(*db);
  ASSERT_TRUE(db->AddDocument(doc, {st}, &added).ok());
  EXPECT_FALSE(added);
  EXPECT_EQ(Export(*db), once);
  Result<std::vector<Document>> docs = db->ListDocuments();
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ(docs->at(0).id.rfind("d:", 0), 0u);  // content-hash id
  Result<Document> got = db->GetDocument(docs->at(0).id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->text, doc.text);
  // A document whose statements are bad is not stored at all.
  Document other = doc;
  other.text = "Another text.";
  Statement bad = st;
  bad.predicate.lemma.clear();
  EXPECT_FALSE(db->AddDocument(other, {bad}, &added).ok());
  docs = db->ListDocuments();
  EXPECT_EQ(docs->size(), 1u);
}

TEST_F(DatabaseTest, StatsCountEverything) {
  auto db = Open("a");
  ImportReport report;
  ASSERT_TRUE(db->ImportJsonlFile(WriteFile("c.jsonl", Corpus()), {}, &report).ok());
  Result<Stats> s = db->GetStats(2);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->documents, 2u);
  EXPECT_EQ(s->statements, 5u);
  EXPECT_EQ(s->evidence, 6u);
  EXPECT_EQ(s->nodes, 8u);  // Quell, Vash, Tallinn (a qualifier), the port, storm, 3 literals
  ASSERT_EQ(s->top_predicates.size(), 2u);
  EXPECT_EQ(s->top_predicates[0].lemma, "kill");
  EXPECT_EQ(s->top_predicates[0].statements, 2u);
}

// A valid date, distinct for distinct i.
std::string Day(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2000 + i / 336, (i / 28) % 12 + 1, i % 28 + 1);
  return buf;
}

// Line i of a generated import: one of 60 ferry operators inspects one of 45 harbours on day i
// (so every line is a statement of its own), reported by one of 40 documents; `round` moves the
// evidence to other documents (the same statements, new evidence).
std::string FerryLine(int i, int round = 0) {
  const int op = i % 60, harbour = (i * 7) % 45, doc = (i / 3 + 11 * round) % 40;
  const std::string sentence =
      "Operator " + std::to_string(op) + " inspected harbour " + std::to_string(harbour) + ".";
  return "{\"subject\":{\"id\":\"e:op" + std::to_string(op) + "\",\"name\":\"Ferry operator " +
         std::to_string(op) + "\",\"type\":\"ORG\",\"aliases\":[\"Op" + std::to_string(op) +
         "\"]},\"predicate\":{\"lemma\":\"inspect\",\"text\":\"inspected\"},\"object\":{\"id\":" +
         "\"e:h" + std::to_string(harbour) + "\",\"name\":\"Harbour " + std::to_string(harbour) +
         "\",\"type\":\"LOCATION\",\"aliases\":[]},\"qualifiers\":{\"time\":\"" + Day(i) +
         "\"},\"confidence\":0.75," + "\"evidence\":[{\"doc\":\"ferry-" + std::to_string(doc) +
         "\",\"source\":\"coast" + std::to_string(doc % 3) +
         ".example\",\"published\":\"2024-12-01\",\"sentence\":\"" + sentence +
         "\",\"begin\":" + std::to_string(i * 50) +
         ",\"end\":" + std::to_string(i * 50 + sentence.size()) + ",\"rule\":\"svo\"}]}\n";
}

std::string FerryLines(int first, int last, int round = 0) {
  std::string text;
  for (int i = first; i < last; ++i) text += FerryLine(i, round);
  return text;
}

// The bulk path (runs of chunks through table files) and one atomic write per chunk give the
// same store: after a first import, after an overlapping one that merges evidence into held
// statements, and after importing everything again.
TEST_F(DatabaseTest, BulkRunsGiveTheStoreChunkWritesGive) {
  auto chunks = Open("chunks");
  auto bulk = Open("bulk");
  ImportOptions chunked;
  chunked.chunk_statements = 100;
  chunked.run_bytes = 0;
  ImportOptions runs;
  runs.chunk_statements = 100;
  runs.run_bytes = 64 << 10;  // several runs, each through table files (at least 16 KiB)
  runs.one_run_into_empty_store = false;  // the first file too (one run: the next test)
  const std::vector<std::string> files = {WriteFile("first.jsonl", FerryLines(0, 1500)),
                                          WriteFile("second.jsonl", FerryLines(1000, 2500, 1)),
                                          WriteFile("first.jsonl", FerryLines(0, 1500))};
  for (size_t f = 0; f < files.size(); ++f) {
    SCOPED_TRACE("file " + std::to_string(f));
    ImportReport a, b;
    ASSERT_TRUE(chunks->ImportJsonlFile(files[f], chunked, &a).ok());
    ASSERT_TRUE(bulk->ImportJsonlFile(files[f], runs, &b).ok());
    EXPECT_EQ(b.statements_new, a.statements_new);
    EXPECT_EQ(b.statements_merged, a.statements_merged);
    EXPECT_EQ(b.statements_unchanged, a.statements_unchanged);
    EXPECT_EQ(b.evidence_new, a.evidence_new);
    EXPECT_EQ(b.documents_new, a.documents_new);
    EXPECT_EQ(Export(*bulk), Export(*chunks));
    ExpectConsistent(*bulk);
    if (f == 1) {
      EXPECT_GT(b.statements_merged, 0u);
    }
    if (f == 2) {
      EXPECT_EQ(b.evidence_new, 0u);
    }
  }
  EXPECT_FALSE(fs::exists(root_ / "bulk" / "bulk.tmp"));
  // The graph view followed the runs.
  Result<Stats> sa = chunks->GetStats(), sb = bulk->GetStats();
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(sb->graph_edges, sa->graph_edges);
  EXPECT_EQ(sb->graph_vertices, sa->graph_vertices);
  // And a reopened bulk store holds the same.
  const std::string before = Export(*bulk);
  bulk.reset();
  bulk = Open("bulk");
  EXPECT_EQ(Export(*bulk), before);
}

// An import into an empty store is one run, staged while a second thread parses: it gives the
// store (and the counts) of chunk-by-chunk writes, also when lines repeat statements and
// evidence; a store that holds something gets runs as before.
TEST_F(DatabaseTest, AnImportIntoAnEmptyStoreIsOneRunWithTheSameOutcome) {
  // Lines 0-1199, then 600-1799 with evidence from other documents (merges), then 0-299 again
  // (nothing new): one file.
  const std::string file =
      WriteFile("all.jsonl", FerryLines(0, 1200) + FerryLines(600, 1800, 1) + FerryLines(0, 300));
  auto chunks = Open("chunks");
  ImportOptions chunked;
  chunked.chunk_statements = 100;
  chunked.run_bytes = 0;
  ImportReport a, b;
  ASSERT_TRUE(chunks->ImportJsonlFile(file, chunked, &a).ok());
  auto one = Open("one");
  ImportOptions defaults;
  defaults.chunk_statements = 100;
  // Progress: reading is the first two thirds, then the end; never backwards.
  std::vector<uint64_t> progress;
  uint64_t total = 0;
  defaults.progress = [&](uint64_t done, uint64_t all) {
    progress.push_back(done);
    total = all;
    return true;
  };
  ASSERT_TRUE(one->ImportJsonlFile(file, defaults, &b).ok());
  ASSERT_GE(progress.size(), 3u);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_LE(progress[progress.size() - 2], total / 3 * 2);
  EXPECT_EQ(progress.back(), total);
  EXPECT_EQ(total, fs::file_size(file));
  defaults.progress = nullptr;
  EXPECT_TRUE(b.one_run);
  EXPECT_FALSE(a.one_run);  // run_bytes 0: every chunk its own write
  EXPECT_EQ(b.lines, a.lines);
  EXPECT_EQ(b.statements_new, a.statements_new);
  EXPECT_EQ(b.statements_merged, a.statements_merged);
  EXPECT_EQ(b.statements_unchanged, a.statements_unchanged);
  EXPECT_EQ(b.evidence_new, a.evidence_new);
  EXPECT_EQ(b.documents_new, a.documents_new);
  EXPECT_GT(a.statements_merged, 0u);
  EXPECT_GT(a.statements_unchanged, 0u);
  EXPECT_EQ(Export(*one), Export(*chunks));
  ExpectConsistent(*one);
  EXPECT_FALSE(fs::exists(root_ / "one" / "bulk.tmp"));
  Result<Stats> sa = chunks->GetStats(), sb = one->GetStats();
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(sb->graph_edges, sa->graph_edges);
  EXPECT_EQ(sb->graph_vertices, sa->graph_vertices);

  // Into the store that now holds statements: runs that merge with them, as before.
  const std::string later = WriteFile("later.jsonl", FerryLines(1500, 2500, 2));
  ASSERT_TRUE(chunks->ImportJsonlFile(later, chunked, &a).ok());
  ASSERT_TRUE(one->ImportJsonlFile(later, defaults, &b).ok());
  EXPECT_EQ(b.statements_new, a.statements_new);
  EXPECT_EQ(b.statements_merged, a.statements_merged);
  EXPECT_GT(b.statements_merged, 0u);
  EXPECT_FALSE(b.one_run);
  EXPECT_EQ(Export(*one), Export(*chunks));
  ExpectConsistent(*one);
  const std::string before = Export(*one);
  one.reset();
  one = Open("one");
  EXPECT_EQ(Export(*one), before);
}

// A bad line ends the one run of an import into an empty store: nothing is written, every bad
// line is named (also those after the first), and the store takes the good file afterwards.
TEST_F(DatabaseTest, ABadLineLeavesAnEmptyStoreEmptyAndIsNamedWithTheOthers) {
  auto db = Open("a");
  std::string text = FerryLines(0, 700) + "{\"subject\": nope}\n" + FerryLines(700, 900) +
                     "not json at all\n" + FerryLines(900, 1000);
  ImportOptions options;
  options.chunk_statements = 100;
  ImportReport report;
  Status s = db->ImportJsonlFile(WriteFile("bad.jsonl", text), options, &report);
  ASSERT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("line 701"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("nothing was imported"), std::string::npos) << s.ToString();
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_EQ(report.errors[0].line, 701u);
  EXPECT_EQ(report.errors[1].line, 902u);
  Result<Stats> stats = db->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->statements, 0u);
  EXPECT_EQ(stats->documents, 0u);
  EXPECT_EQ(stats->nodes, 0u);
  EXPECT_FALSE(fs::exists(root_ / "a" / "bulk.tmp"));
  ASSERT_TRUE(
      db->ImportJsonlFile(WriteFile("good.jsonl", FerryLines(0, 1000)), options, &report).ok());
  EXPECT_TRUE(report.one_run);  // the store is still empty
  EXPECT_EQ(report.statements_new, 1000u);
  ExpectConsistent(*db);
}

// A file is read in blocks of 1 MiB and split into lines by the parsing thread; a stream that is
// not a file is read line by line. Both give the same lines: a byte order mark, CRLF endings,
// blank lines, a line longer than a block (crossing two block ends) and a last line without its
// newline, with bad lines named by the same numbers.
TEST_F(DatabaseTest, FilesReadInBlocksGiveTheLinesAStreamGives) {
  std::string long_line = FerryLine(5000);
  const std::string filler = " and then again the pilot boat circled the breakwater";
  std::string sentence;
  while (sentence.size() < (2u << 20) + 12345) sentence += filler;
  const size_t at = long_line.find("\"sentence\":\"") + 12;
  long_line.insert(at, sentence);
  const size_t end_at = long_line.find("\"end\":") + 6;
  const size_t end_digits = long_line.find(',', end_at) - end_at;
  const uint64_t old_end = std::stoull(long_line.substr(end_at, end_digits));
  long_line.replace(end_at, end_digits, std::to_string(old_end + sentence.size()));
  long_line.pop_back();  // its newline
  std::string crlf = FerryLines(100, 140);
  for (size_t i = crlf.find('\n'); i != std::string::npos; i = crlf.find('\n', i + 2)) {
    crlf.insert(i, "\r");
  }
  std::string last = FerryLine(6000);
  last.pop_back();  // no newline at the end of the file
  const std::string text = "\xEF\xBB\xBF" + FerryLines(0, 50) + "\n  \t\n" + long_line + "\n" +
                           crlf + "{\"subject\": 7}\n" + FerryLines(200, 260) + long_line + "\r\n" +
                           "[1,2]\r\n" + last;
  const std::string file = WriteFile("mixed.jsonl", text);

  ImportOptions skip;
  skip.skip_bad_lines = true;
  auto from_file = Open("file");
  ImportReport file_report;
  ASSERT_TRUE(from_file->ImportJsonlFile(file, skip, &file_report).ok());
  auto from_stream = Open("stream");
  ImportReport stream_report;
  std::istringstream in(text);
  ASSERT_TRUE(from_stream->ImportJsonl(in, skip, &stream_report).ok());

  EXPECT_EQ(file_report.lines, 50u + 1 + 40 + 60 + 1 + 1);
  EXPECT_EQ(stream_report.lines, file_report.lines);
  ASSERT_EQ(file_report.errors.size(), 2u);
  ASSERT_EQ(stream_report.errors.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(file_report.errors[i].line, stream_report.errors[i].line);
    EXPECT_EQ(file_report.errors[i].message, stream_report.errors[i].message);
  }
  EXPECT_EQ(file_report.errors[0].line, 50u + 2 + 1 + 40 + 1);
  EXPECT_EQ(file_report.errors[1].line, 50u + 2 + 1 + 40 + 1 + 60 + 1 + 1);
  const std::string exported = Export(*from_file);
  EXPECT_EQ(Export(*from_stream), exported);
  EXPECT_NE(exported.find(sentence), std::string::npos);

  // Without the bad lines, the one run of an import into an empty store reads the same file.
  std::string good = text;
  for (const std::string bad : {"{\"subject\": 7}\n", "[1,2]\r\n"}) {
    good.erase(good.find(bad), bad.size());
  }
  auto one_run = Open("one");
  ImportReport one_report;
  ASSERT_TRUE(one_run->ImportJsonlFile(WriteFile("good.jsonl", good), {}, &one_report).ok());
  EXPECT_TRUE(one_report.one_run);
  EXPECT_EQ(one_report.lines, file_report.lines);
  EXPECT_EQ(Export(*one_run), exported);
}

// Cancelling a bulk import stores the run gathered so far: whole chunks, and the store takes
// writes afterwards.
TEST_F(DatabaseTest, CancelledBulkImportKeepsWholeChunks) {
  auto db = Open("a");
  ImportOptions options;
  options.chunk_statements = 100;
  options.run_bytes = 64 << 20;  // one run for the whole file
  int calls = 0;
  options.progress = [&](uint64_t, uint64_t) { return ++calls < 3; };
  ImportReport report;
  Status s = db->ImportJsonlFile(WriteFile("f.jsonl", FerryLines(0, 1000)), options, &report);
  ASSERT_EQ(s.code(), Status::Code::kCancelled) << s.ToString();
  EXPECT_NE(s.message().find("after line 300"), std::string::npos) << s.ToString();
  EXPECT_EQ(report.statements_new, 300u);
  Result<Stats> stats = db->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->statements, 300u);
  ExpectConsistent(*db);
  options.progress = nullptr;
  ASSERT_TRUE(
      db->ImportJsonlFile(WriteFile("f.jsonl", FerryLines(0, 1000)), options, &report).ok());
  EXPECT_EQ(report.statements_new, 700u);
  EXPECT_EQ(report.statements_unchanged, 300u);
}

}  // namespace
}  // namespace kg
