// Runs `kg extract` (KG_CLI_PATH) with the repository's models on sentences written for this
// test: the formats, errors with line numbers, and usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/util/subprocess.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using kg::testing::RunProgram;
using kg::testing::RunResult;

class ExtractCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    models_ = fs::path(KG_SOURCE_DIR) / "models";
    if (!fs::exists(models_ / "parser.kgm")) GTEST_SKIP() << "no models in " << models_;
    scratch_ = fs::temp_directory_path() / ("kg-extract-cli-" + std::to_string(getpid()));
    fs::create_directories(scratch_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(scratch_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = scratch_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  RunResult Extract(std::vector<std::string> args) {
    args.insert(args.begin(), {"extract", "--models", models_.string()});
    return RunProgram(KG_CLI_PATH, args, scratch_);
  }
  fs::path models_;
  fs::path scratch_;
};

TEST_F(ExtractCliTest, JsonLinesCarryStatementsAndEvidenceSpans) {
  const std::string file =
      Write("in.txt", "The bridge was destroyed by a drone .\n\nMarta Kowal signed the treaty .\n");
  const RunResult r = Extract({"--format", "jsonl", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  bool passive = false, svo = false;
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json j = nlohmann::json::parse(line);
    const std::string sentence = j["sentence"];
    EXPECT_EQ(j["end"].get<size_t>() - j["begin"].get<size_t>(), sentence.size());
    if (j["predicate"]["lemma"] == "destroy" && j["subject"]["name"] == "drone" &&
        j["object"]["name"] == "bridge") {
      passive = true;
      EXPECT_EQ(j["line"], 1);
      EXPECT_EQ(j["rule"], "passive");
    }
    if (j["predicate"]["lemma"] == "sign" && j["object"]["name"] == "treaty") {
      svo = true;
      EXPECT_EQ(j["line"], 3);  // the empty line still counts
    }
  }
  EXPECT_TRUE(passive) << r.out;
  EXPECT_TRUE(svo) << r.out;
}

TEST_F(ExtractCliTest, CarbFormatIsTabbedWithTheInputLine) {
  const std::string file = Write("in.txt", "The council ruled out agreeing to the plan .\n");
  const RunResult r = Extract({"--format=carb", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string f; std::getline(cells, f, '\t');) fields.push_back(f);
    ASSERT_GE(fields.size(), 4u) << line;
    EXPECT_EQ(fields[0], "The council ruled out agreeing to the plan .");
    EXPECT_GT(std::stod(fields[1]), 0.0);
  }
}

TEST_F(ExtractCliTest, InvalidUtf8LineIsReportedAndOthersStillRun) {
  const std::string file = Write("bad.txt", "Ships sail \xff\xfe home .\nKowal met Brandt .\n");
  const RunResult r = Extract({"--format", "carb", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("bad.txt:1"));
  EXPECT_THAT(r.out, HasSubstr("Kowal met Brandt ."));
}

TEST_F(ExtractCliTest, UsageErrors) {
  EXPECT_EQ(Extract({"--format", "xml"}).exit_code, 1);
  EXPECT_THAT(Extract({"--format", "xml"}).err, HasSubstr("carb, jsonl or conllu"));
  EXPECT_EQ(Extract({"--frobnicate"}).exit_code, 1);
  EXPECT_EQ(Extract({"--date", "April"}).exit_code, 1);
  EXPECT_EQ(Extract({"--extractor", "nonesuch"}).exit_code, 1);
  const RunResult missing = Extract({(scratch_ / "absent.txt").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("absent.txt"));
  const RunResult no_models =
      RunProgram(KG_CLI_PATH, {"extract", "--models", (scratch_ / "none").string()}, scratch_);
  EXPECT_EQ(no_models.exit_code, 1);
  EXPECT_THAT(no_models.err, HasSubstr("--models"));
  const RunResult help = RunProgram(KG_CLI_PATH, {"extract", "--help"}, scratch_);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--format"));
}

}  // namespace
