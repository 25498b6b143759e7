// The committed models (models/) load, analyse through the public API, and keep their measured
// scores on UD English EWT dev (read from ../shared/data/ud at run time).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kg/nlp.h"

namespace {

const std::string kModels = std::string(KG_SOURCE_DIR) + "/models";
const std::string kEwtDev = std::string(KG_SHARED_DIR) + "/data/ud/en_ewt/en_ewt-ud-dev.conllu";

TEST(NlpModelsTest, AnalyseASentenceOfOurOwn) {
  auto analyzer = kg::Analyzer::Load(kModels);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  std::vector<kg::AnalyzedToken> s;
  uint32_t at = 0;
  for (const char* w : {"The", "ferry", "crews", "were", "striking", "again", "."}) {
    kg::AnalyzedToken t;
    t.form = w;
    t.begin = at;
    t.end = at + static_cast<uint32_t>(t.form.size());
    at = t.end + 1;
    s.push_back(t);
  }
  ASSERT_TRUE((*analyzer)->Analyze(&s).ok());
  EXPECT_EQ(s[2].upos, "NOUN");
  EXPECT_EQ(s[2].lemma, "crew");
  EXPECT_EQ(s[3].lemma, "be");
  EXPECT_EQ(s[4].xpos, "VBG");
  EXPECT_EQ(s[4].lemma, "strike");
  EXPECT_EQ(s[4].deprel, "root");
  EXPECT_EQ(s[4].head, 0u);
  EXPECT_EQ(s[2].head, 5u);
  EXPECT_EQ(s[2].deprel, "nsubj");
  EXPECT_EQ(s[6].deprel, "punct");
  EXPECT_EQ(s[1].begin, 4u);  // spans pass through
  int roots = 0;
  for (const auto& t : s) roots += t.head == 0;
  EXPECT_EQ(roots, 1);
}

TEST(NlpModelsTest, ANounWithADirectObjectIsRetaggedAsAVerb) {
  auto analyzer = kg::Analyzer::Load(kModels);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  auto sentences = (*analyzer)->AnalyzeText("Coast guard units shot down 12 drones.");
  ASSERT_TRUE(sentences.ok()) << sentences.status().ToString();
  ASSERT_EQ(sentences->size(), 1u);
  const std::vector<kg::AnalyzedToken>& s = (*sentences)[0];
  ASSERT_GE(s.size(), 7u);
  EXPECT_EQ(s[3].form, "shot");
  EXPECT_EQ(s[3].upos, "VERB");
  EXPECT_EQ(s[3].lemma, "shoot");
  EXPECT_EQ(s[6].deprel, "obj");
  EXPECT_EQ(s[6].head, 4u);
  // After "to" the verb is in its base form.
  auto base = (*analyzer)->AnalyzeText("The crews were careful to program it.");
  ASSERT_TRUE(base.ok()) << base.status().ToString();
  ASSERT_GE((*base)[0].size(), 7u);
  EXPECT_EQ((*base)[0][5].upos, "VERB");
  EXPECT_EQ((*base)[0][5].lemma, "program");
}

TEST(NlpModelsTest, RejectsEmptyInputAndMissingOrDamagedModels) {
  auto analyzer = kg::Analyzer::Load(kModels);
  ASSERT_TRUE(analyzer.ok());
  std::vector<kg::AnalyzedToken> empty;
  EXPECT_EQ((*analyzer)->Analyze(&empty).code(), kg::Status::Code::kInvalidArgument);
  std::vector<kg::AnalyzedToken> blank(2);
  blank[0].form = "ok";
  EXPECT_NE((*analyzer)->Analyze(&blank).message().find("word 2"), std::string::npos);
  EXPECT_EQ(kg::Analyzer::Load("/nonexistent/models").status().code(),
            kg::Status::Code::kNotFound);
  // A copy of the models with a truncated parser is refused, naming the file.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kg-nlp-damaged-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* f : {"tagger.kgm", "lemmatizer.kgm", "parser.kgm"}) {
    std::filesystem::copy_file(kModels + "/" + f, dir / f);
  }
  std::filesystem::resize_file(dir / "parser.kgm", std::filesystem::file_size(dir / "parser.kgm") / 2);
  auto damaged = kg::Analyzer::Load(dir.string());
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), kg::Status::Code::kCorruption);
  EXPECT_NE(damaged.status().message().find("parser.kgm"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(NlpModelsTest, KeepTheirScoresOnEwtDev) {
  if (!std::filesystem::exists(kEwtDev)) GTEST_SKIP() << kEwtDev << " not present";
  auto analyzer = kg::Analyzer::Load(kModels);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  EXPECT_LT((*analyzer)->MemoryBytes(), 300u << 20);
  auto s = kg::EvaluateUd(**analyzer, kEwtDev);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->words, 25147u);
  // The error lists account for every wrong lemma and UPOS, commonest first.
  for (const auto& [list, score] : {std::pair{&s->lemma_errors, s->lemma},
                                    std::pair{&s->upos_confusions, s->upos}}) {
    size_t wrong = 0;
    for (size_t i = 0; i < list->size(); ++i) {
      wrong += (*list)[i].second;
      if (i > 0) EXPECT_GE((*list)[i - 1].second, (*list)[i].second);
    }
    EXPECT_NEAR(100.0 * static_cast<double>(s->words - wrong) / static_cast<double>(s->words),
                score, 1e-9);
  }
  // Regression floors just under the shipped models' EWT dev scores (models/MANIFEST.md:
  // UPOS 95.34, lemma 97.04, UAS 85.68, LAS 82.70). On EWT test the same models meet the
  // issue's targets (UPOS 95.62 >= 95.5, lemma 97.15 >= 97, UAS 86.28 >= 86, LAS 83.59 >= 83).
  EXPECT_GE(s->upos, 95.2);
  EXPECT_GE(s->lemma, 96.9);
  EXPECT_GE(s->uas, 85.5);
  EXPECT_GE(s->las, 82.5);
}

}  // namespace

namespace {

TEST(NlpModelsTest, AnalysesRawTextWithByteSpans) {
  auto analyzer = kg::Analyzer::Load(kModels);
  ASSERT_TRUE(analyzer.ok());
  const std::string text = "The ferry crews can't wait. They went home early.";
  auto sentences = (*analyzer)->AnalyzeText(text);
  ASSERT_TRUE(sentences.ok()) << sentences.status().ToString();
  ASSERT_EQ(sentences->size(), 2u);
  const auto& first = (*sentences)[0];
  ASSERT_GE(first.size(), 6u);
  for (const auto& t : first) EXPECT_EQ(text.substr(t.begin, t.end - t.begin), t.form);
  EXPECT_EQ(first[3].form, "ca");
  EXPECT_EQ(first[4].form, "n't");
  EXPECT_EQ((*sentences)[1][1].lemma, "go");
  EXPECT_FALSE((*analyzer)->AnalyzeText("bad \xff byte").ok());
}

}  // namespace
