// The document readers (kg::ReadDocuments, kg::ParsePlainText): plain text, JSON Lines,
// folders, and the refusals (binary, empty, too large, invalid UTF-8).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/model/statement_key.h"
#include "kg/text.h"
#include "tests/util/test_dir.h"

namespace kg {
namespace {

std::string DataDir() { return std::string(KG_SOURCE_DIR) + "/tests/data/text"; }

void Write(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

TEST(ReaderTest, PlainTextFileTakesTitleCleansAndHashesId) {
  Result<ReadResult> r = ReadDocuments(DataDir() + "/river_talks.txt");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->documents.size(), 1u);
  const Document& d = r->documents[0].document;
  EXPECT_EQ(d.title, "Talks on river water sharing resume after two-year pause");
  EXPECT_EQ(d.text.rfind("Negotiators from the two", 0), 0u) << d.text;
  EXPECT_EQ(d.text.find("Share on"), std::string::npos);
  EXPECT_EQ(d.id, core::DocumentIdForText(d.text));
  EXPECT_EQ(d.id.size(), 18u);
  EXPECT_EQ(d.path, DataDir() + "/river_talks.txt");
  EXPECT_FALSE(r->documents[0].clean.paragraphs.empty());
}

TEST(ReaderTest, DatelineMetadataReachesTheDocument) {
  Result<ReadResult> r = ReadDocuments(DataDir() + "/wire_article.txt");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->documents.size(), 1u);
  const Document& d = r->documents[0].document;
  EXPECT_EQ(d.published, "2025-03-04");
  EXPECT_EQ(d.source, "Coastline Wire");
  EXPECT_EQ(d.title, "");  // a navigation line is not a title; the cleaner drops it
}

TEST(ReaderTest, JsonLinesKeepsFieldsAndReportsBadLines) {
  Result<ReadResult> r = ReadDocuments(DataDir() + "/documents.jsonl");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->documents.size(), 2u);
  const Document& a = r->documents[0].document;
  EXPECT_EQ(a.id, "orchard-1");
  EXPECT_EQ(a.title, "Frost hits orchards");
  EXPECT_EQ(a.source, "valley-news.example");
  EXPECT_EQ(a.url, "https://valley-news.example/frost");
  EXPECT_EQ(a.published, "2025-04-02");
  EXPECT_EQ(a.text.find("Share on Facebook"), std::string::npos) << a.text;
  EXPECT_NE(a.text.find("emergency support"), std::string::npos);
  const Document& b = r->documents[1].document;
  EXPECT_EQ(b.id, core::DocumentIdForText(b.text));
  ASSERT_EQ(r->issues.size(), 3u);
  EXPECT_EQ(r->issues[0].line, 4u);
  EXPECT_NE(r->issues[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(r->issues[1].line, 5u);
  EXPECT_NE(r->issues[1].message.find("text"), std::string::npos);
  EXPECT_EQ(r->issues[2].line, 6u);
  EXPECT_TRUE(r->issues[2].skipped);
}

TEST(ReaderTest, RefusesBinaryEmptyAndHugeFiles) {
  const auto dir = testing::MakeTestDir("reader_refuse");
  Write(dir / "a_binary.txt", std::string("PK\x03\x04\0\0data", 10));
  Write(dir / "b_controls.txt", "ab\x01\x02\x03\x04\x05\x06 cd");
  Write(dir / "c_empty.txt", "  \n\n ");
  Write(dir / "d_big.txt", std::string(5000, 'x'));
  Write(dir / "e_good.txt", "A plain headline\nThe body says something useful about the town.\n");
  Write(dir / "notes.md", "ignored: not .txt or .jsonl");
  std::filesystem::create_directories(dir / ".hidden");
  Write(dir / ".hidden" / "x.txt", "hidden files are skipped");
  ReadOptions options;
  options.max_file_bytes = 4096;
  Result<ReadResult> r = ReadDocuments(dir.string(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->documents.size(), 1u);
  EXPECT_EQ(r->documents[0].document.title, "A plain headline");
  ASSERT_EQ(r->issues.size(), 4u);
  EXPECT_NE(r->issues[0].message.find("NUL byte at byte offset 4"), std::string::npos)
      << r->issues[0].message;
  EXPECT_NE(r->issues[1].message.find("control characters"), std::string::npos);
  EXPECT_NE(r->issues[2].message.find("empty"), std::string::npos);
  EXPECT_NE(r->issues[3].message.find("limit of 4096"), std::string::npos);
  for (const ReadIssue& i : r->issues) EXPECT_TRUE(i.skipped);
  EXPECT_EQ(ReadDocuments((dir / "nope").string()).status().code(), Status::Code::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(ReaderTest, InvalidUtf8IsRepairedOrRejectedWithItsOffset) {
  const std::string bytes = "Title line here\nThe caf\xE9 opened on Main Street today.\n";
  ReadOptions options;
  options.clean = false;
  std::vector<ReadIssue> issues;
  Result<ReadDocument> d = ParsePlainText(bytes, "x.txt", options, &issues);
  ASSERT_TRUE(d.ok());
  EXPECT_NE(d->document.text.find("caf\xEF\xBF\xBD opened"), std::string::npos);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].byte_offset, 23u);
  EXPECT_NE(issues[0].message.find("byte offset 23"), std::string::npos);
  options.invalid_utf8 = InvalidUtf8::kReject;
  Result<ReadDocument> rejected = ParsePlainText(bytes, "x.txt", options, nullptr);
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().message().find("byte offset 23"), std::string::npos);
}

TEST(ReaderTest, FolderOrderIsSortedAndDeterministic) {
  const auto dir = testing::MakeTestDir("reader_order");
  std::filesystem::create_directories(dir / "b");
  Write(dir / "b" / "one.txt", "Second folder item\nIt has a body sentence that is long enough.\n");
  Write(dir / "a.jsonl", "{\"id\": \"j1\", \"text\": \"First by path order.\"}\n");
  Write(dir / "c.txt", "Last one\nAnother body sentence for the last file here.\n");
  ReadOptions options;
  options.clean = false;
  Result<ReadResult> r = ReadDocuments(dir.string(), options);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->documents.size(), 3u);
  EXPECT_EQ(r->documents[0].document.id, "j1");
  EXPECT_EQ(r->documents[1].document.title, "Second folder item");
  EXPECT_EQ(r->documents[2].document.title, "Last one");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kg
