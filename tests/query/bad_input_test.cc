// Bad input through the public API (kg::Database): malformed JSON Lines files and streams, and
// stores that cannot be opened (wrong schema version, not a store, unusable path, locked).
// After every failure the statements stored before must be intact: each test compares exports.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "tests/util/subprocess.h"
#include "tests/util/test_dir.h"

#include "kg/database.h"
#include "storage/keys.h"

namespace kg {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using ::testing::HasSubstr;
using ::testing::Not;

// A valid statement, distinct for every i: "Reporter (i % 4) reported finding number i".
Json GoodStatement(int i) {
  const int reporter = i % 4;
  const std::string sentence = "Reporter " + std::to_string(reporter) +
                               " said that finding number " + std::to_string(i) +
                               " was confirmed by the survey.";
  Json st = {
      {"id", "st:bad-input-" + std::to_string(i)},
      {"subject",
       {{"id", "e:" + std::to_string(reporter)},
        {"name", "Reporter " + std::to_string(reporter)},
        {"type", "PERSON"},
        {"aliases", {"Reporter " + std::to_string(reporter)}}}},
      {"predicate", {{"lemma", "report"}, {"text", "said"}}},
      {"object",
       {{"id", "c:" + std::to_string(i)},
        {"name", "finding number " + std::to_string(i) + " was confirmed"},
        {"type", "CLAIM"}}},
      {"qualifiers", {{"time", "2023-05-" + std::to_string(10 + i % 9)}, {"negated", false}}},
      {"confidence", 0.8},
      {"evidence",
       {{{"doc", "survey-" + std::to_string(i % 3)},
         {"source", "survey.example"},
         {"published", "2023-05-20"},
         {"path", "news/survey-" + std::to_string(i % 3) + ".txt"},
         {"sentence", sentence},
         {"begin", 100 * i},
         {"end", 100 * i + sentence.size()},
         {"rule", "svo/ccomp"}}}}};
  return st;
}

std::string GoodLine(int i) { return GoodStatement(i).dump(); }

using kg::testing::ReadWholeFile;

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// One malformed line, and what the error about it must say.
struct BadLine {
  std::string name;
  std::string line;
  std::string message;  // a part of the error message
};

std::string Without(Json st, const std::string& field) {
  st.erase(field);
  return st.dump();
}

std::vector<BadLine> BadLines() {
  std::vector<BadLine> cases;
  const std::string good = GoodLine(50);
  cases.push_back({"truncated", good.substr(0, good.size() / 2), "JSON syntax error at column"});
  cases.push_back({"invalid JSON", "{\"subject\": oops}", "JSON syntax error at column 13"});
  cases.push_back({"trailing garbage", good + " }", "JSON syntax error"});
  {
    Json st = GoodStatement(51);
    st["evidence"][0]["sentence"] = "The survey found @@BAD@@ results.";
    std::string line = st.dump();
    line.replace(line.find("@@BAD@@"), 7, "\xC3\x28");  // a lead byte without its continuation
    cases.push_back({"invalid UTF-8 in a string", line, "invalid UTF-8 at byte offset"});
  }
  {
    std::string line = GoodLine(52);
    line[line.find("Reporter")] = '\0';
    cases.push_back({"NUL byte", line, "binary data (NUL byte at column"});
  }
  cases.push_back(
      {"missing predicate", Without(GoodStatement(53), "predicate"), "predicate: missing"});
  cases.push_back({"missing subject", Without(GoodStatement(54), "subject"), "subject: missing"});
  cases.push_back(
      {"missing evidence", Without(GoodStatement(55), "evidence"), "evidence: missing"});
  {
    Json st = GoodStatement(56);
    st["evidence"] = Json::array();
    cases.push_back({"no evidence", st.dump(), "evidence: at least one is required"});
  }
  {
    Json st = GoodStatement(57);
    st["evidence"][0].erase("sentence");
    cases.push_back({"evidence without sentence", st.dump(), "evidence[0].sentence: missing"});
  }
  {
    Json st = GoodStatement(58);
    st["evidence"][0]["begin"] = "5700";
    cases.push_back({"begin as string", st.dump(),
                     "evidence[0].begin: expected a non-negative integer, got a string"});
  }
  {
    Json st = GoodStatement(59);
    st["evidence"][0]["begin"] = -5;
    cases.push_back({"negative begin", st.dump(),
                     "evidence[0].begin: expected a non-negative integer, got -5"});
  }
  {
    Json st = GoodStatement(60);
    st["evidence"][0]["end"] = -1;
    cases.push_back({"negative end", st.dump(), "evidence[0].end: expected a non-negative"});
  }
  {
    Json st = GoodStatement(61);
    st["evidence"][0]["begin"] = 9000;
    st["evidence"][0]["end"] = 10;
    cases.push_back({"begin after end", st.dump(), "evidence[0]: begin is after end"});
  }
  {
    Json st = GoodStatement(62);
    st["confidence"] = 1.5;
    cases.push_back({"confidence above 1", st.dump(), "confidence: must be a number in [0, 1]"});
  }
  {
    Json st = GoodStatement(63);
    st["confidence"] = "high";
    cases.push_back({"confidence as string", st.dump(), "confidence: expected a number"});
  }
  {
    Json st = GoodStatement(64);
    st["evidence"][0]["confidence"] = 2;
    cases.push_back({"evidence confidence above 1", st.dump(),
                     "evidence[0].confidence: must be a number in [0, 1]"});
  }
  {
    Json st = GoodStatement(65);
    st["qualifiers"]["time"] = "2024-13-45";
    cases.push_back({"impossible date", st.dump(), "qualifiers.time: '2024-13-45' is not"});
  }
  {
    Json st = GoodStatement(66);
    st["qualifiers"]["time"] = "last Tuesday";
    cases.push_back({"time in words", st.dump(), "qualifiers.time: 'last Tuesday' is not"});
  }
  {
    Json st = GoodStatement(67);
    st["qualifiers"]["time"] = "2025-04/2025-02";
    cases.push_back({"backwards interval", st.dump(), "qualifiers.time"});
  }
  {
    Json st = GoodStatement(68);
    st["qualifiers"]["negated"] = "no";
    cases.push_back({"negated as string", st.dump(), "qualifiers.negated: expected true or false"});
  }
  {
    Json st = GoodStatement(69);
    st["subject"]["type"] = "person";
    cases.push_back({"lower-case type", st.dump(), "subject.type: 'person' is not an upper-case"});
  }
  {
    Json st = GoodStatement(70);
    st["object"]["id"] = "";
    cases.push_back({"empty object id", st.dump(), "object.id: empty"});
  }
  {
    Json st = GoodStatement(71);
    st["subject"] = "Reporter 3";
    cases.push_back({"subject as string", st.dump(), "subject: expected an object, got a string"});
  }
  cases.push_back({"array instead of object", "[" + GoodLine(72) + "]",
                   "expected a JSON object (one statement per line), got an array"});
  cases.push_back({"number instead of object", "42", "expected a JSON object"});
  return cases;
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kg::testing::MakeTestDir("kg-bad-input");
    store_ = (dir_ / "store").string();
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Database> OpenStore(const std::string& path, Options options = {}) {
    Result<std::unique_ptr<Database>> db = Database::Open(path, options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  // Opens the store and imports statements 0..n-1 (the data that must survive every failure).
  void OpenWithData(int n = 3) {
    db_ = OpenStore(store_);
    ASSERT_NE(db_, nullptr);
    std::vector<std::string> lines;
    for (int i = 0; i < n; ++i) lines.push_back(GoodLine(i));
    std::istringstream in(JoinLines(lines));
    ImportReport report;
    ASSERT_TRUE(db_->ImportJsonl(in, {}, &report).ok());
    ASSERT_EQ(report.statements_new, static_cast<uint64_t>(n));
  }

  static std::string ExportOf(Database& db) {
    std::ostringstream out;
    Status s = db.ExportJsonl(out, {});
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out.str();
  }
  std::string Export() { return ExportOf(*db_); }

  fs::path Write(const std::string& name, const std::string& bytes) {
    const fs::path path = dir_ / name;
    WriteFile(path, bytes);
    return path;
  }

  fs::path dir_;
  std::string store_;
  std::unique_ptr<Database> db_;
};

// --- files: a bad line means nothing is written ------------------------------------------

TEST_F(BadInputTest, FileWithBadLineWritesNothingAndNamesTheLine) {
  OpenWithData();
  const std::string before = Export();
  for (const BadLine& bad : BadLines()) {
    SCOPED_TRACE(bad.name);
    // Line 6 is bad; line 5 is blank (blank lines count in the numbering but are no error).
    const fs::path file = Write("bad.jsonl", JoinLines({GoodLine(10), GoodLine(11), GoodLine(12),
                                                        GoodLine(13), "", bad.line, GoodLine(14)}));
    for (uint32_t chunk : {1u, 2000u}) {
      ImportOptions options;
      options.chunk_statements = chunk;
      ImportReport report;
      Status s = db_->ImportJsonlFile(file.string(), options, &report);
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
      EXPECT_THAT(s.message(), HasSubstr("line 6: "));
      EXPECT_THAT(s.message(), HasSubstr(bad.message));
      EXPECT_THAT(s.message(), HasSubstr(file.string()));
      EXPECT_THAT(s.message(), HasSubstr("nothing was imported"));
      ASSERT_EQ(report.errors.size(), 1u);
      EXPECT_EQ(report.errors[0].line, 6u);
      EXPECT_THAT(report.errors[0].message, HasSubstr(bad.message));
      EXPECT_EQ(report.statements_new, 0u);
      EXPECT_EQ(Export(), before);
    }
  }
}

TEST_F(BadInputTest, FileValidationListsEveryBadLine) {
  OpenWithData();
  const std::string before = Export();
  const fs::path file =
      Write("bad.jsonl", JoinLines({"[]", GoodLine(10), "{", GoodLine(11), "null", GoodLine(12)}));
  ImportReport report;
  Status s = db_->ImportJsonlFile(file.string(), {}, &report);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("line 1: "));
  EXPECT_THAT(s.message(), HasSubstr("(and 2 more bad lines)"));
  ASSERT_EQ(report.errors.size(), 3u);
  EXPECT_EQ(report.errors[0].line, 1u);
  EXPECT_EQ(report.errors[1].line, 3u);
  EXPECT_EQ(report.errors[2].line, 5u);
  EXPECT_EQ(Export(), before);
}

TEST_F(BadInputTest, BinaryFileIsRejected) {
  OpenWithData();
  const std::string before = Export();
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>((i * 37 + 11) % 256));
  bytes[0] = '\x7f';  // an ELF-like start: no JSON in sight
  bytes[1] = '\0';
  const fs::path file = Write("binary.bin", bytes);
  ImportReport report;
  Status s = db_->ImportJsonlFile(file.string(), {}, &report);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("line 1: binary data (NUL byte at column 2)"));
  ASSERT_FALSE(report.errors.empty());
  EXPECT_EQ(report.errors[0].line, 1u);
  EXPECT_EQ(Export(), before);

  // Streamed, the first line stops the import before anything is written.
  std::istringstream in(bytes);
  Status streamed = db_->ImportJsonl(in, {}, &report);
  ASSERT_FALSE(streamed.ok());
  EXPECT_THAT(streamed.message(), HasSubstr("line 1: binary data"));
  EXPECT_THAT(streamed.message(), HasSubstr("nothing was imported"));
  EXPECT_EQ(Export(), before);
}

TEST_F(BadInputTest, EmptyFileImportsNothing) {
  OpenWithData();
  const std::string before = Export();
  for (const std::string& text :
       {std::string(), std::string("\n\n  \n\t\n"), std::string("\r\n")}) {
    const fs::path file = Write("empty.jsonl", text);
    ImportReport report;
    Status s = db_->ImportJsonlFile(file.string(), {}, &report);
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(report.lines, 0u);
    EXPECT_EQ(report.statements_new, 0u);
    EXPECT_TRUE(report.errors.empty());
    std::istringstream in(text);
    Status streamed = db_->ImportJsonl(in, {}, &report);
    EXPECT_TRUE(streamed.ok()) << streamed.ToString();
    EXPECT_EQ(report.lines, 0u);
    EXPECT_EQ(Export(), before);
  }
}

TEST_F(BadInputTest, HugeLineImportsFine) {
  OpenWithData();
  const std::string before = Export();
  Json st = GoodStatement(100);
  std::string sentence;
  sentence.reserve(5 << 20);
  while (sentence.size() < (5u << 20)) sentence += "The survey went on and on about fees. ";
  st["evidence"][0]["sentence"] = sentence;
  st["evidence"][0]["end"] = st["evidence"][0]["begin"].get<uint64_t>() + sentence.size();
  const fs::path file = Write("huge.jsonl", JoinLines({GoodLine(99), st.dump(), GoodLine(101)}));
  ASSERT_GT(fs::file_size(file), 5u << 20);
  ImportReport report;
  Status s = db_->ImportJsonlFile(file.string(), {}, &report);
  ASSERT_TRUE(s.ok()) << s.ToString().substr(0, 500);
  EXPECT_EQ(report.lines, 3u);
  EXPECT_EQ(report.statements_new, 3u);
  const std::string after = Export();
  EXPECT_EQ(CountLines(after), 6u);
  EXPECT_THAT(after, HasSubstr(sentence));
  EXPECT_EQ(after.compare(0, before.size(), before), 0) << "the earlier statements changed";
}

// --- streams: the chunks before a bad line stay ------------------------------------------

TEST_F(BadInputTest, StreamKeepsChunksBeforeBadLine) {
  OpenWithData();
  const std::string before = Export();
  int round = 0;  // fresh statements each round, so that what a round stores is new
  for (const BadLine& bad : BadLines()) {
    SCOPED_TRACE(bad.name);
    const int base = 1000 + 10 * round++;
    const std::string stored = Export();
    // Chunks of 2: lines 1-2 and 3-4 are written, line 5 waits in the next chunk when line 6
    // turns out bad.
    std::istringstream in(
        JoinLines({GoodLine(base), GoodLine(base + 1), GoodLine(base + 2), GoodLine(base + 3),
                   GoodLine(base + 4), bad.line, GoodLine(base + 5)}));
    ImportOptions options;
    options.chunk_statements = 2;
    ImportReport report;
    Status s = db_->ImportJsonl(in, options, &report);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
    EXPECT_THAT(s.message(), HasSubstr("line 6: "));
    EXPECT_THAT(s.message(), HasSubstr(bad.message));
    EXPECT_THAT(s.message(), HasSubstr("lines 1-4 are stored, nothing after them"));
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 6u);
    EXPECT_EQ(report.statements_new, 4u);
    const std::string after = Export();
    EXPECT_EQ(CountLines(after), CountLines(stored) + 4);
    EXPECT_EQ(after.compare(0, stored.size(), stored), 0) << "earlier statements changed";
    for (int i = base; i < base + 4; ++i) {
      EXPECT_THAT(after, HasSubstr("finding number " + std::to_string(i) + " was confirmed"));
    }
    EXPECT_THAT(after, Not(HasSubstr("finding number " + std::to_string(base + 4) + " was")));
    EXPECT_THAT(after, Not(HasSubstr("finding number " + std::to_string(base + 5) + " was")));
  }
  EXPECT_EQ(Export().compare(0, before.size(), before), 0);
}

TEST_F(BadInputTest, FileWithoutValidationStopsLikeStream) {
  OpenWithData();
  const std::string before = Export();
  const fs::path file =
      Write("bad.jsonl",
            JoinLines({GoodLine(10), GoodLine(11), GoodLine(12), "{\"id\": ", GoodLine(13)}));
  ImportOptions options;
  options.validate_first = false;
  options.chunk_statements = 2;
  ImportReport report;
  Status s = db_->ImportJsonlFile(file.string(), options, &report);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr(file.string()));
  EXPECT_THAT(s.message(), HasSubstr("line 4: JSON syntax error"));
  EXPECT_THAT(s.message(), HasSubstr("lines 1-2 are stored, nothing after them"));
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].line, 4u);
  const std::string after = Export();
  EXPECT_EQ(CountLines(after), CountLines(before) + 2);
  EXPECT_EQ(after.compare(0, before.size(), before), 0);
  EXPECT_THAT(after, Not(HasSubstr("finding number 12 was")));
}

TEST_F(BadInputTest, StreamWithBadFirstLineImportsNothing) {
  OpenWithData();
  const std::string before = Export();
  std::istringstream in(JoinLines({"{\"subject\":", GoodLine(10)}));
  ImportReport report;
  Status s = db_->ImportJsonl(in, {}, &report);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("line 1: JSON syntax error"));
  EXPECT_THAT(s.message(), HasSubstr("nothing was imported"));
  EXPECT_EQ(Export(), before);
}

// --- skip_bad_lines --------------------------------------------------------------------------

TEST_F(BadInputTest, SkipBadLinesImportsGoodLinesAndListsBadOnes) {
  OpenWithData();
  const std::string before = Export();
  const std::vector<BadLine> bad = BadLines();
  std::vector<std::string> lines;
  std::vector<uint64_t> bad_line_numbers;
  int good = 0;
  for (size_t i = 0; i < bad.size(); ++i) {
    lines.push_back(GoodLine(2000 + good++));
    lines.push_back(bad[i].line);
    bad_line_numbers.push_back(lines.size());
  }
  lines.push_back(GoodLine(2000 + good++));
  const std::string text = JoinLines(lines);
  const fs::path file = Write("mixed.jsonl", text);

  for (bool from_file : {true, false}) {
    SCOPED_TRACE(from_file ? "file" : "stream");
    // Each variant into its own new store, so that both import every good line.
    const std::string path = (dir_ / (from_file ? "file-store" : "stream-store")).string();
    std::unique_ptr<Database> db = OpenStore(path);
    ASSERT_NE(db, nullptr);
    ImportOptions options;
    options.skip_bad_lines = true;
    options.chunk_statements = 3;
    ImportReport report;
    std::istringstream in(text);
    Status s = from_file ? db->ImportJsonlFile(file.string(), options, &report)
                         : db->ImportJsonl(in, options, &report);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(report.lines, static_cast<uint64_t>(good));
    EXPECT_EQ(report.statements_new, static_cast<uint64_t>(good));
    ASSERT_EQ(report.errors.size(), bad.size());
    for (size_t i = 0; i < bad.size(); ++i) {
      SCOPED_TRACE(bad[i].name);
      EXPECT_EQ(report.errors[i].line, bad_line_numbers[i]);
      EXPECT_THAT(report.errors[i].message, HasSubstr(bad[i].message));
    }
    EXPECT_EQ(CountLines(ExportOf(*db)), static_cast<size_t>(good));
    Result<CheckReport> check = db->Check();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->problems.empty());
  }
  EXPECT_EQ(Export(), before);
}

TEST_F(BadInputTest, MissingOrFolderInputFileIsAnError) {
  OpenWithData();
  const std::string before = Export();
  ImportReport report;
  const std::string missing = (dir_ / "no-such-file.jsonl").string();
  Status s = db_->ImportJsonlFile(missing, {}, &report);
  EXPECT_EQ(s.code(), Status::Code::kNotFound) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr(missing));
  Status folder = db_->ImportJsonlFile(dir_.string(), {}, &report);
  EXPECT_EQ(folder.code(), Status::Code::kInvalidArgument) << folder.ToString();
  EXPECT_THAT(folder.message(), HasSubstr("is a folder"));
  EXPECT_EQ(Export(), before);
}

TEST_F(BadInputTest, ReadOnlyStoreRefusesImport) {
  OpenWithData();
  const std::string before = Export();
  db_.reset();
  Options options;
  options.read_only = true;
  db_ = OpenStore(store_, options);
  ASSERT_NE(db_, nullptr);
  EXPECT_TRUE(db_->read_only());
  const fs::path file = Write("good.jsonl", JoinLines({GoodLine(10)}));
  ImportReport report;
  EXPECT_EQ(db_->ImportJsonlFile(file.string(), {}, &report).code(), Status::Code::kReadOnly);
  std::istringstream in(GoodLine(10));
  EXPECT_EQ(db_->ImportJsonl(in, {}, &report).code(), Status::Code::kReadOnly);
  RemoveReport removed;
  EXPECT_EQ(db_->RemoveDocument("survey-0", &removed).code(), Status::Code::kReadOnly);
  EXPECT_EQ(Export(), before);
}

// --- stores that cannot be opened ------------------------------------------------------------

// Rewrites the schema version of the (closed) store at `path` with RocksDB directly.
void SetSchemaVersion(const std::string& path, uint32_t version) {
  rocksdb::DBOptions options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names)
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, descriptors, &handles, &raw);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == storage::kCfNames[storage::kCfMeta]) meta = handles[i];
  }
  ASSERT_NE(meta, nullptr);
  std::string value;
  storage::PutU32(&value, version);
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  s = db->Put(write_options, meta, "schema", value);
  EXPECT_TRUE(s.ok()) << s.ToString();
  for (rocksdb::ColumnFamilyHandle* h : handles) EXPECT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  EXPECT_TRUE(db->Close().ok());
}

// Opening the store at `path`, read-write and read-only, is refused as Incompatible with a
// message naming the store, `found` (its version) and this build's version.
void ExpectRefusedNaming(const std::string& path, const std::string& found) {
  for (bool read_only : {false, true}) {
    SCOPED_TRACE(read_only ? "read-only" : "read-write");
    Options options;
    options.read_only = read_only;
    Result<std::unique_ptr<Database>> db = Database::Open(path, options);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().code(), Status::Code::kIncompatible) << db.status().ToString();
    EXPECT_THAT(db.status().message(), HasSubstr(found));
    EXPECT_THAT(db.status().message(),
                HasSubstr("reads only version " + std::to_string(storage::kSchemaVersion)));
    EXPECT_THAT(db.status().message(), HasSubstr(path));
  }
}

TEST_F(BadInputTest, WrongSchemaVersionIsIncompatible) {
  OpenWithData();
  const std::string before = Export();
  db_.reset();
  SetSchemaVersion(store_, 99);
  ExpectRefusedNaming(store_, "schema version 99");
  // Nothing was changed by the refused opens: with the version put back, the data is there.
  SetSchemaVersion(store_, storage::kSchemaVersion);
  db_ = OpenStore(store_);
  ASSERT_NE(db_, nullptr);
  EXPECT_EQ(Export(), before);
}

// A store of schema version 1 (the graph summaries in one family, `graph`), made with RocksDB
// directly: this build refuses it and names both versions; the store stays as it was.
TEST_F(BadInputTest, StoreOfTheOlderLayoutIsRefusedWithItsVersion) {
  const std::vector<std::string> names = {
      "default", "meta", "dictionary", "documents", "nodes", "aliases", "statements",
      "evidence", "graph", "spo", "pos", "osp", "doc_index"};
  {
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : names) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, store_, descriptors, &handles, &raw);
    ASSERT_TRUE(s.ok()) << s.ToString();
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string version;
    storage::PutU32(&version, 1);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[1], "schema", version).ok());
    for (rocksdb::ColumnFamilyHandle* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
    ASSERT_TRUE(db->Close().ok());
  }
  ExpectRefusedNaming(store_, "schema version 1;");
  std::vector<std::string> after;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), store_, &after).ok());
  std::sort(after.begin(), after.end());
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(after, sorted);
}

TEST_F(BadInputTest, FolderThatIsNotAStoreIsIncompatible) {
  const fs::path folder = dir_ / "photos";
  fs::create_directories(folder / "2023");
  WriteFile(folder / "notes.txt", "shopping: bread, milk\n");
  WriteFile(folder / "2023" / "beach.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF");
  for (bool read_only : {false, true}) {
    Options options;
    options.read_only = read_only;
    Result<std::unique_ptr<Database>> db = Database::Open(folder.string(), options);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().code(), Status::Code::kIncompatible) << db.status().ToString();
    EXPECT_THAT(db.status().message(), HasSubstr(folder.string()));
  }
  // The folder is left as it was.
  EXPECT_EQ(ReadWholeFile(folder / "notes.txt"), "shopping: bread, milk\n");
  size_t entries = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 3u);
}

TEST_F(BadInputTest, RegularFileIsNotAStore) {
  const fs::path file = dir_ / "statements.jsonl";
  WriteFile(file, GoodLine(1) + "\n");
  for (bool read_only : {false, true}) {
    Options options;
    options.read_only = read_only;
    Result<std::unique_ptr<Database>> db = Database::Open(file.string(), options);
    ASSERT_FALSE(db.ok());
    EXPECT_TRUE(db.status().IsUserError()) << db.status().ToString();
    EXPECT_THAT(db.status().message(), HasSubstr(file.string()));
  }
  EXPECT_EQ(ReadWholeFile(file), GoodLine(1) + "\n");
}

TEST_F(BadInputTest, UnwritablePathIsIOError) {
  // Even root cannot create folders under /proc or /sys.
  for (const std::string& path : {"/proc/kg-nope-" + std::to_string(getpid()) + "/store",
                                  "/sys/kg-nope-" + std::to_string(getpid())}) {
    SCOPED_TRACE(path);
    Result<std::unique_ptr<Database>> db = Database::Open(path, Options{});
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().code(), Status::Code::kIOError) << db.status().ToString();
    EXPECT_THAT(db.status().message(), HasSubstr(path));
    EXPECT_FALSE(fs::exists(path));
  }
}

TEST_F(BadInputTest, MissingStoreIsNotFoundWithoutCreate) {
  const std::string path = (dir_ / "absent").string();
  Options no_create;
  no_create.create_if_missing = false;
  Result<std::unique_ptr<Database>> db = Database::Open(path, no_create);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), Status::Code::kNotFound) << db.status().ToString();
  EXPECT_THAT(db.status().message(), HasSubstr(path));
  Options read_only;
  read_only.read_only = true;
  Result<std::unique_ptr<Database>> ro = Database::Open(path, read_only);
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.status().code(), Status::Code::kNotFound) << ro.status().ToString();
  EXPECT_FALSE(fs::exists(path));
  Result<std::unique_ptr<Database>> empty = Database::Open("", Options{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kInvalidArgument);
}

// --- locking ---------------------------------------------------------------------------------

using kg::testing::RunResult;

// Runs the `kg` binary with `args` (stdin /dev/null), capturing its output.
RunResult RunKg(const std::vector<std::string>& args, const fs::path& scratch) {
  return kg::testing::RunProgram(KG_CLI_PATH, args, scratch);
}

TEST_F(BadInputTest, StoreLockedByAnotherProcess) {
  OpenWithData();
  const std::string before = Export();
  const fs::path file = Write("more.jsonl", JoinLines({GoodLine(10), GoodLine(11)}));

  // This process holds the write lock; the CLI in a child process cannot write...
  const RunResult import = RunKg({"--db", store_, "import", file.string()}, dir_);
  EXPECT_EQ(import.exit_code, 1) << import.out << import.err;
  EXPECT_THAT(import.err, HasSubstr("another process"));
  EXPECT_THAT(import.err, HasSubstr(store_));
  const RunResult rm = RunKg({"--db", store_, "rm-doc", "survey-0"}, dir_);
  EXPECT_EQ(rm.exit_code, 1) << rm.out << rm.err;
  EXPECT_THAT(rm.err, HasSubstr("another process"));

  // ...but it can read (read-only opens take no lock).
  const RunResult stats = RunKg({"--db", store_, "stats", "--json"}, dir_);
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const nlohmann::json j = nlohmann::json::parse(stats.out);
  EXPECT_EQ(j["statements"], 3);
  EXPECT_EQ(j["documents"], 3);
  const RunResult exported = RunKg({"--db", store_, "export"}, dir_);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out, before);

  // The holder still writes, and after it closes the CLI can write too.
  std::istringstream in(GoodLine(20));
  ImportReport report;
  ASSERT_TRUE(db_->ImportJsonl(in, {}, &report).ok());
  const std::string with_20 = Export();
  db_.reset();
  const RunResult later = RunKg({"--db", store_, "import", file.string()}, dir_);
  EXPECT_EQ(later.exit_code, 0) << later.err;
  db_ = OpenStore(store_);
  ASSERT_NE(db_, nullptr);
  const std::string after = Export();
  EXPECT_EQ(CountLines(after), 6u);
  EXPECT_EQ(after.compare(0, with_20.size(), with_20), 0);
}

TEST_F(BadInputTest, SecondWriterInSameProcessIsBusy) {
  OpenWithData();
  const std::string before = Export();
  // RocksDB also refuses a second lock on the same store from within one process.
  Result<std::unique_ptr<Database>> second = Database::Open(store_, Options{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy) << second.status().ToString();
  EXPECT_THAT(second.status().message(), HasSubstr(store_));

  // A reader in the same process is fine and sees the data.
  Options read_only;
  read_only.read_only = true;
  std::unique_ptr<Database> reader = OpenStore(store_, read_only);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(ExportOf(*reader), before);
  reader.reset();

  // The first handle is unharmed by the refused open, and once it closes, a new one works.
  std::istringstream in(GoodLine(10));
  ImportReport report;
  ASSERT_TRUE(db_->ImportJsonl(in, {}, &report).ok());
  const std::string with_10 = Export();
  db_.reset();
  db_ = OpenStore(store_);
  ASSERT_NE(db_, nullptr);
  EXPECT_EQ(Export(), with_10);
}

}  // namespace
}  // namespace kg
