// Unit tests of core/nlp: the CoNLL-U codec, the model file format, the weight table, the
// WordNet lexicon, the tagger's tag dictionary, the lemmatizer's capitalised names, and the
// arc-eager transitions, dynamic oracle and projectivisation on hand-made trees.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/nlp/conllu.h"
#include "core/nlp/lemmatizer.h"
#include "core/nlp/model_file.h"
#include "core/nlp/parser.h"
#include "core/nlp/perceptron.h"
#include "core/nlp/tagger.h"
#include "core/nlp/wordnet_lexicon.h"
#include "core/util/text.h"
#include "tests/util/test_dir.h"

namespace kg::core::nlp {
namespace {

// Our own sentence: "Otters can't resist shiny pebbles." with a multiword token and an empty
// node (which the reader skips).
constexpr const char* kSmall =
    "# sent_id = otters-1\n"
    "# text = Otters can't resist shiny pebbles.\n"
    "1\tOtters\totter\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t4:nsubj\t_\n"
    "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tca\tcan\tAUX\tMD\tVerbForm=Fin\t4\taux\t4:aux\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n"
    "4\tresist\tresist\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\t_\n"
    "4.1\tthem\tthey\tPRON\tPRP\t_\t_\t_\t4:obj\t_\n"
    "5\tshiny\tshiny\tADJ\tJJ\tDegree=Pos\t6\tamod\t6:amod\t_\n"
    "6\tpebbles\tpebble\tNOUN\tNNS\tNumber=Plur\t4\tobj\t4:obj\tSpaceAfter=No\n"
    "7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n"
    "\n";

TEST(ConlluTest, ReadsWordsMultiwordsAndCommentsAndSkipsEmptyNodes) {
  auto s = ParseConllu(kSmall, "small");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 1u);
  const ConlluSentence& x = (*s)[0];
  EXPECT_EQ(x.comments.size(), 2u);
  ASSERT_EQ(x.words.size(), 7u);
  EXPECT_EQ(x.words[5].form, "pebbles");
  EXPECT_EQ(x.words[5].head, 4);
  ASSERT_EQ(x.multiwords.size(), 1u);
  EXPECT_EQ(x.multiwords[0].form, "can't");
  EXPECT_TRUE(NoSpaceAfter(x.words[5].misc));
  EXPECT_FALSE(NoSpaceAfter(x.words[6].misc));
}

TEST(ConlluTest, FormatRoundTrips) {
  auto s = ParseConllu(kSmall, "small");
  ASSERT_TRUE(s.ok());
  const std::string text = FormatConllu(*s);
  auto again = ParseConllu(text, "again");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(FormatConllu(*again), text);
  // Everything but the empty node survives.
  EXPECT_EQ(text.find("4.1"), std::string::npos);
  EXPECT_NE(text.find("2-3\tcan't"), std::string::npos);
}

TEST(ConlluTest, BadInputNamesTheLine) {
  auto cols = ParseConllu("1\tOnly\tthree\n\n", "f.conllu");
  ASSERT_FALSE(cols.ok());
  EXPECT_EQ(cols.status().line(), 1u);
  EXPECT_NE(cols.status().message().find("f.conllu:1"), std::string::npos);
  auto ids = ParseConllu(
      "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n3\tB\tb\tNOUN\tNN\t_\t0\troot\t_\t_\n\n", "f");
  ASSERT_FALSE(ids.ok());
  EXPECT_EQ(ids.status().line(), 2u);
  auto head = ParseConllu("1\tA\ta\tDET\tDT\t_\t9\tdet\t_\t_\n\n", "f");
  EXPECT_FALSE(head.ok());
  auto utf8 = ParseConllu("# fine\n1\tA\xff\ta\tDET\tDT\t_\t0\troot\t_\t_\n\n", "f");
  ASSERT_FALSE(utf8.ok());
  EXPECT_EQ(utf8.status().line(), 2u);
  auto missing = ReadConlluFile("/nonexistent/x.conllu");
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

WeightTable SmallTable() {
  std::vector<WeightTable::Row> rows;
  rows.push_back({11, {{0, 1.5f}, {2, -0.25f}}});
  rows.push_back({13, {{1, 2.0f}}});
  std::vector<std::pair<uint16_t, float>> dense;
  for (uint16_t c = 0; c < 5; ++c) dense.emplace_back(c, 0.125f * c);
  rows.push_back({15, dense});
  return WeightTable::FromRows(5, rows);
}

TEST(WeightTableTest, ScoresSparseAndDenseRowsAndIgnoresUnknownFeatures) {
  const WeightTable t = SmallTable();
  std::vector<float> scores(t.score_size(), 0.0f);
  const uint64_t keys[] = {11, 13, 15, 99};
  t.Score(keys, 4, scores.data());
  EXPECT_FLOAT_EQ(scores[0], 1.5f);
  EXPECT_FLOAT_EQ(scores[1], 2.125f);
  EXPECT_FLOAT_EQ(scores[2], 0.0f);
  EXPECT_FLOAT_EQ(scores[4], 0.5f);
}

TEST(WeightTableTest, DenseRowWithWeightsBelowFloat16RoundTrips) {
  // A weight too small for float16 becomes 0 in memory; the file must then list the row with
  // one weight fewer rather than claim a count its entries do not fill.
  std::vector<WeightTable::Row> rows;
  std::vector<std::pair<uint16_t, float>> dense;
  for (uint16_t c = 0; c < 16; ++c) dense.emplace_back(c, c == 3 ? 1e-9f : 0.5f + c);
  rows.push_back({0x1234567890ABCDEFULL, dense});
  rows.push_back({0x1234567890ABCDF1ULL, {{7, -2.0f}}});
  const WeightTable t = WeightTable::FromRows(16, rows);
  ByteWriter w;
  t.Serialize(&w);
  const std::string bytes = w.Release();
  ByteReader r(bytes);
  WeightTable back;
  ASSERT_TRUE(back.Deserialize(&r).ok());
  EXPECT_EQ(back.num_features(), 2u);
  EXPECT_EQ(back.num_weights(), 16u);  // 15 dense weights and the sparse one
  std::vector<float> a(t.score_size()), b(back.score_size());
  const uint64_t keys[] = {0x1234567890ABCDEFULL, 0x1234567890ABCDF1ULL};
  t.Score(keys, 2, a.data());
  back.Score(keys, 2, b.data());
  EXPECT_EQ(a, b);
  EXPECT_FLOAT_EQ(b[0], 0.5f);
  EXPECT_FLOAT_EQ(b[3], 0.0f);
  EXPECT_FLOAT_EQ(b[7], 7.5f - 2.0f);
}

TEST(ModelFileTest, RoundTripsThroughDisk) {
  const std::filesystem::path dir = kg::testing::MakeTestDir("nlp_model_file");
  const WeightTable t = SmallTable();
  ByteWriter w;
  t.Serialize(&w);
  const ModelFile m{"tagger", 7, R"({"seed":1})", w.Release()};
  const std::string path = (dir / "m.kgm").string();
  ASSERT_TRUE(WriteModelFile(path, m).ok());
  auto back = ReadModelFile(path, "tagger", 7);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->metadata, m.metadata);
  EXPECT_EQ(back->payload, m.payload);
  ByteReader r(back->payload);
  WeightTable t2;
  ASSERT_TRUE(t2.Deserialize(&r).ok());
  std::vector<float> a(t.score_size()), b(t2.score_size());
  const uint64_t keys[] = {11, 13, 15};
  t.Score(keys, 3, a.data());
  t2.Score(keys, 3, b.data());
  EXPECT_EQ(a, b);
  std::filesystem::remove_all(dir);
}

TEST(ModelFileTest, RefusesCorruptedTruncatedWrongVersionAndWrongKind) {
  const std::string good = EncodeModelFile({"parser", 3, "{}", std::string(1000, 'x')});
  ASSERT_TRUE(DecodeModelFile(good, "parser", 3, "m").ok());
  std::string flipped = good;
  flipped[500] ^= 1;
  auto c = DecodeModelFile(flipped, "parser", 3, "m");
  EXPECT_EQ(c.status().code(), Status::Code::kCorruption);
  EXPECT_NE(c.status().message().find("checksum"), std::string::npos);
  for (size_t n : {size_t{0}, size_t{5}, size_t{20}, good.size() / 2, good.size() - 1}) {
    auto t = DecodeModelFile(good.substr(0, n), "parser", 3, "m");
    EXPECT_EQ(t.status().code(), Status::Code::kCorruption) << n;
  }
  auto v = DecodeModelFile(good, "parser", 4, "m");
  EXPECT_EQ(v.status().code(), Status::Code::kIncompatible);
  EXPECT_NE(v.status().message().find("version 3"), std::string::npos);
  std::string container = good;
  container[8] = 9;  // the container version
  EXPECT_EQ(DecodeModelFile(container, "parser", 3, "m").status().code(),
            Status::Code::kIncompatible);
  EXPECT_EQ(DecodeModelFile(good, "tagger", 3, "m").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(DecodeModelFile("plain text, not a model", "parser", 3, "m").status().code(),
            Status::Code::kCorruption);
}

TEST(ModelFileTest, DamagedPayloadIsRefusedByTheDecoder) {
  const WeightTable t = SmallTable();
  ByteWriter w;
  t.Serialize(&w);
  std::string bytes = w.Release();
  for (size_t n = 0; n < bytes.size(); n += 7) {
    ByteReader r(std::string_view(bytes).substr(0, n));
    WeightTable x;
    EXPECT_FALSE(x.Deserialize(&r).ok()) << n;
  }
}

// A WordNet folder of our own in WordNet 3.0's file formats: index lines are "lemma pos
// synsets pointers [symbols] senses tagged-senses offsets", exception lines "form base".
std::filesystem::path WriteWordnet() {
  const std::filesystem::path dir = kg::testing::MakeTestDir("kg-wordnet");
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  write("index.noun",
        "  1 a licence header line starts with two spaces\n"
        "otter n 1 1 @ 1 1 02444819\n"
        "ferry n 2 1 @ 2 2 03329663 03329802\n"
        "box n 3 1 @ 3 1 02883344 02883205 13766436\n"
        "walk n 4 1 @ 4 2 00283127 00283568 04550840 05005250\n"
        "life_jacket n 1 1 @ 1 0 03662243\n");
  write("index.verb",
        "ferry v 2 1 @ 2 0 01958615 01958868\n"
        "walk v 10 1 @ 10 9 01904930 01912893\n"
        "stop v 2 1 @ 2 2 01860795 01859586\n"
        "bake v 1 1 @ 1 1 01666131\n"
        "try v 1 1 @ 1 1 02530167\n");
  write("index.adj",
        "big a 1 1 & 1 1 01382086\n"
        "happy a 1 1 & 1 1 01148283\n");
  write("index.adv", "slowly r 1 0 1 1 00035568\n");
  write("noun.exc", "geese goose\n");
  write("verb.exc", "ran run\nrunning run\n");
  write("adj.exc", "better good well\n");
  return dir;
}

TEST(WordnetLexiconTest, FindsClassesLikeMorphy) {
  const std::filesystem::path dir = WriteWordnet();
  auto lex = WordnetLexicon::Load(dir.string());
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  using W = WordnetLexicon;
  auto has = [&](const char* w, uint32_t bit) { return (lex->Classes(w) & bit) != 0; };
  EXPECT_TRUE(has("otter", W::kNoun));
  EXPECT_TRUE(has("Otters", W::kNounPlural));  // case does not matter
  EXPECT_TRUE(has("ferries", W::kNounPlural));
  EXPECT_TRUE(has("ferries", W::kVerbS));
  EXPECT_TRUE(has("boxes", W::kNounPlural));
  EXPECT_TRUE(has("geese", W::kNounPlural));
  EXPECT_TRUE(has("stopped", W::kVerbEd));  // doubled consonant
  EXPECT_TRUE(has("baking", W::kVerbIng));  // final e restored
  EXPECT_TRUE(has("tried", W::kVerbEd));    // i for y
  EXPECT_TRUE(has("ran", W::kVerbEd));
  EXPECT_TRUE(has("running", W::kVerbIng));
  EXPECT_TRUE(has("bigger", W::kAdjGraded));
  EXPECT_TRUE(has("happiest", W::kAdjGraded));
  EXPECT_TRUE(has("better", W::kAdjGraded));
  EXPECT_TRUE(has("slowly", W::kAdv));
  EXPECT_FALSE(has("otter", W::kVerb));
  EXPECT_FALSE(has("otterly", W::kAdv));
  EXPECT_EQ(lex->Classes("Brena"), 0u);      // a name WordNet lacks
  EXPECT_EQ(lex->Classes("life_jacket"), 0u);  // multi-word entries are left out
  EXPECT_EQ(lex->Classes(""), 0u);
  // The commonest class by tagged senses: walk has 9 as a verb, 2 as a noun.
  EXPECT_EQ(lex->Classes("walk") >> W::kDominantShift, 2u);
  EXPECT_EQ(lex->Classes("ferry") >> W::kDominantShift, 1u);
  // Round trip, and damage refused.
  ByteWriter w;
  lex->Serialize(&w);
  WordnetLexicon back;
  ByteReader r(w.bytes());
  ASSERT_TRUE(back.Deserialize(&r).ok());
  for (const char* word : {"otters", "ferries", "walk", "stopped", "bigger", "Brena"}) {
    EXPECT_EQ(back.Classes(word), lex->Classes(word)) << word;
  }
  std::string bytes = w.Release();
  bytes[8] ^= 0x01;  // the first key becomes even: not a hash this lexicon writes
  ByteReader bad(bytes);
  WordnetLexicon broken;
  EXPECT_EQ(broken.Deserialize(&bad).code(), Status::Code::kCorruption);
  std::filesystem::remove(dir / "index.adv");
  EXPECT_EQ(WordnetLexicon::Load(dir.string()).status().code(), Status::Code::kNotFound);
  std::filesystem::remove_all(dir);
}

// Sentences of our own, in CoNLL-U, built from (form, upos, xpos, lemma) quadruples.
std::vector<ConlluSentence> MakeSentences(
    const std::vector<std::vector<std::array<const char*, 4>>>& sentences, int copies) {
  std::vector<ConlluSentence> out;
  for (int c = 0; c < copies; ++c) {
    for (const auto& words : sentences) {
      ConlluSentence s;
      for (const auto& [form, upos, xpos, lemma] : words) {
        ConlluWord w;
        w.form = form;
        w.upos = upos;
        w.xpos = xpos;
        w.lemma = lemma;
        w.head = 0;
        w.deprel = "root";
        s.words.push_back(w);
      }
      out.push_back(s);
    }
  }
  return out;
}

TEST(TaggerTest, FrequentUnambiguousWordsTakeTheirDictionaryTag) {
  // "the" (always DT) and "ferries" (always NNS) are frequent; "walk" has two tags.
  const auto train = MakeSentences({{{"the", "DET", "DT", "the"},
                                     {"ferries", "NOUN", "NNS", "ferry"},
                                     {"walk", "VERB", "VBP", "walk"}},
                                    {{"a", "DET", "DT", "a"},
                                     {"walk", "NOUN", "NN", "walk"},
                                     {"helps", "VERB", "VBZ", "help"}}},
                                   12);
  TaggerTrainOptions options;
  options.epochs = 3;
  auto tagger = Tagger::Train(train, {}, options, nullptr, nullptr);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  // Seen 12 times each: below the dictionary's threshold of 20 occurrences.
  EXPECT_EQ(tagger->num_known_tags(), 0u);
  auto more = Tagger::Train(MakeSentences({{{"the", "DET", "DT", "the"},
                                            {"ferries", "NOUN", "NNS", "ferry"},
                                            {"walk", "VERB", "VBP", "walk"}},
                                           {{"a", "DET", "DT", "a"},
                                            {"walk", "NOUN", "NN", "walk"},
                                            {"helps", "VERB", "VBZ", "help"}}},
                                          25),
                            {}, options, nullptr, nullptr);
  ASSERT_TRUE(more.ok());
  // the, ferries, a, helps: one tag each; walk has two and is scored.
  EXPECT_EQ(more->num_known_tags(), 4u);
  std::vector<uint32_t> tags;
  more->Tag({"the", "ferries", "walk"}, &tags);
  EXPECT_EQ(more->Xpos(tags[0]), "DT");
  EXPECT_EQ(more->Xpos(tags[1]), "NNS");
  EXPECT_EQ(more->Xpos(tags[2]), "VBP");
  auto back = Tagger::Deserialize(more->Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->num_known_tags(), 4u);
  std::vector<uint32_t> again;
  back->Tag({"the", "ferries", "walk"}, &again);
  EXPECT_EQ(again, tags);
  // Every truncation of the payload is refused.
  const std::string payload = more->Serialize();
  for (size_t n = 0; n < payload.size(); n += 97) {
    EXPECT_FALSE(Tagger::Deserialize(std::string_view(payload).substr(0, n)).ok()) << n;
  }
}

TEST(LemmatizerTest, LowerCaseNamesAreCapitalisedWhereTrainingSaysSo) {
  // In our treebank, lower-case plural names (NNPS) have capitalised lemmas, lower-case
  // common plurals (NNS) do not.
  const auto train = MakeSentences({{{"norlanders", "PROPN", "NNPS", "Norlander"},
                                     {"ostmarkers", "PROPN", "NNPS", "Ostmarker"},
                                     {"velts", "PROPN", "NNPS", "Velt"},
                                     {"otters", "NOUN", "NNS", "otter"},
                                     {"pebbles", "NOUN", "NNS", "pebble"}}},
                                   1);
  auto lem = Lemmatizer::Train(train, "", nullptr);
  ASSERT_TRUE(lem.ok()) << lem.status().ToString();
  EXPECT_EQ(lem->Lemmatize("brenans", "PROPN", "NNPS"), "Brenan");
  EXPECT_EQ(lem->Lemmatize("shingles", "NOUN", "NNS"), "shingle");
  EXPECT_EQ(lem->Lemmatize("Velts", "PROPN", "NNPS"), "Velt");
  auto back = Lemmatizer::Deserialize(lem->Serialize());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Lemmatize("brenans", "PROPN", "NNPS"), "Brenan");
}

TEST(LemmatizerTest, LongNamesInCapitalsAreTitleCasedShortOnesKept) {
  // Long all-capitals names have title-cased lemmas, three-letter ones (acronyms) keep theirs.
  const auto train = MakeSentences({{{"ARDEN", "PROPN", "NNP", "Arden"},
                                     {"OSTMARK", "PROPN", "NNP", "Ostmark"},
                                     {"NORLAND", "PROPN", "NNP", "Norland"},
                                     {"Velt", "PROPN", "NNP", "Velt"},
                                     {"NTV", "PROPN", "NNP", "NTV"},
                                     {"EBU", "PROPN", "NNP", "EBU"}}},
                                   1);
  auto lem = Lemmatizer::Train(train, "", nullptr);
  ASSERT_TRUE(lem.ok()) << lem.status().ToString();
  EXPECT_EQ(lem->Lemmatize("BRENA", "PROPN", "NNP"), "Brena");    // five letters, as ARDEN
  EXPECT_EQ(lem->Lemmatize("KASTELLO", "PROPN", "NNP"), "Kastello");  // seven or more
  EXPECT_EQ(lem->Lemmatize("OSB", "PROPN", "NNP"), "OSB");
  EXPECT_EQ(lem->Lemmatize("Brena", "PROPN", "NNP"), "Brena");
  auto back = Lemmatizer::Deserialize(lem->Serialize());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Lemmatize("BRENA", "PROPN", "NNP"), "Brena");
}

TEST(LemmatizerTest, ScriptsNeverCutACharacterInTwo) {
  // A script learned on "'re" (strip three bytes, append "be") meets "’re", whose apostrophe
  // takes three bytes: the lemma must stay valid UTF-8.
  const auto train = MakeSentences({{{"'re", "AUX", "VBP", "be"},
                                     {"they", "PRON", "PRP", "they"}}},
                                   1);
  auto lem = Lemmatizer::Train(train, "", nullptr);
  ASSERT_TRUE(lem.ok()) << lem.status().ToString();
  EXPECT_EQ(lem->Lemmatize("'re", "AUX", "VBP"), "be");
  const std::string curly = lem->Lemmatize("\u2019re", "AUX", "VBP");
  EXPECT_TRUE(kg::core::ValidateUtf8(curly).ok()) << curly;
}

// Heads of hand-made trees; index 0 unused.
// "She sold the old car yesterday ." (projective)
const std::vector<int> kProjective = {-1, 2, 0, 5, 5, 2, 2, 2};
// "A hearing is scheduled on the issue today ." with "on the issue" attached to "hearing"
// across "is scheduled" (the classic non-projective example of McDonald et al. 2005).
const std::vector<int> kNonProjective = {-1, 2, 4, 4, 0, 7, 7, 2, 4, 4};

bool IsProjective(const std::vector<int>& h) {
  const int n = static_cast<int>(h.size()) - 1;
  for (int d = 1; d <= n; ++d) {
    const int lo = std::min(h[d], d), hi = std::max(h[d], d);
    for (int k = lo + 1; k < hi; ++k) {
      int a = k;
      while (a > 0 && a != h[d]) a = h[a];
      if (a != h[d] && h[d] != 0) return false;
    }
  }
  return true;
}

// Follows a zero-cost action in every state (labels: 0 for the root, 1 otherwise).
std::vector<int> FollowOracle(const std::vector<int>& gold) {
  ArcEagerState st(static_cast<int>(gold.size()) - 1);
  while (!st.Terminal()) {
    bool moved = false;
    for (int m = 0; m < 4 && !moved; ++m) {
      const auto move = static_cast<ArcEagerState::Move>(m);
      const uint32_t label = (move == ArcEagerState::kRight && st.stack().back() == 0) ? 0 : 1;
      if (st.CanApply(move, label, 0) && st.MoveCost(move, gold) == 0) {
        st.Apply(move, label);
        moved = true;
      }
    }
    EXPECT_TRUE(moved) << "no zero-cost action";
    if (!moved) break;
  }
  std::vector<int> heads(gold.size(), -1);
  for (int i = 1; i < static_cast<int>(gold.size()); ++i) heads[i] = st.Head(i);
  return heads;
}

TEST(ArcEagerTest, TransitionsBuildArcsAndKeepTheStack) {
  ArcEagerState st(3);
  EXPECT_FALSE(st.CanApply(ArcEagerState::kLeft, 1, 0));    // the root never gets a head
  EXPECT_FALSE(st.CanApply(ArcEagerState::kReduce, 0, 0));  // nor leaves the stack
  EXPECT_FALSE(st.CanApply(ArcEagerState::kRight, 1, 0));   // only "root" from the root
  st.Apply(ArcEagerState::kShift, 0);                       // [0 1] | 2 3
  st.Apply(ArcEagerState::kLeft, 1);                        // 2 → 1
  EXPECT_EQ(st.Head(1), 2);
  st.Apply(ArcEagerState::kRight, 0);  // 0 → 2, [0 2] | 3
  EXPECT_EQ(st.Head(2), 0);
  EXPECT_FALSE(st.CanApply(ArcEagerState::kLeft, 1, 0));  // 2 has a head
  EXPECT_TRUE(st.CanApply(ArcEagerState::kReduce, 0, 0));
  st.Apply(ArcEagerState::kReduce, 0);  // [0] | 3
  EXPECT_FALSE(st.CanApply(ArcEagerState::kRight, 0, 0));  // the root already has its child
  st.Apply(ArcEagerState::kShift, 0);
  EXPECT_TRUE(st.Terminal());
  EXPECT_EQ(st.Head(3), -1);
}

TEST(ArcEagerTest, ZeroCostPathRebuildsAProjectiveTree) {
  EXPECT_EQ(FollowOracle(kProjective), kProjective);
}

TEST(ArcEagerTest, ProjectivizeLiftsTheCrossingArcAndTheOracleRebuildsTheResult) {
  std::vector<int> h = kNonProjective;
  EXPECT_FALSE(IsProjective(h));
  EXPECT_EQ(Projectivize(&h), 1);
  EXPECT_TRUE(IsProjective(h));
  EXPECT_EQ(h[7], 4);  // "issue" lifted from "hearing" to its head "scheduled"
  EXPECT_EQ(FollowOracle(h), h);
  std::vector<int> p = kProjective;
  EXPECT_EQ(Projectivize(&p), 0);
  EXPECT_EQ(p, kProjective);
}

// Arc-decomposability: after any sequence of actions, the arcs the final tree gets wrong are
// exactly the sum of the costs of the actions taken (the oracle neither over- nor under-counts).
TEST(ArcEagerTest, CostsOfRandomActionsAddUpToTheFinalErrors) {
  std::mt19937_64 rng(7);
  for (const auto& gold : {kProjective, std::vector<int>{-1, 0, 1, 2, 3, 4},
                           std::vector<int>{-1, 3, 3, 0, 5, 3, 7, 5, 3}}) {
    for (int walk = 0; walk < 300; ++walk) {
      ArcEagerState st(static_cast<int>(gold.size()) - 1);
      int cost = 0;
      while (!st.Terminal()) {
        std::vector<std::pair<ArcEagerState::Move, uint32_t>> legal;
        for (int m = 0; m < 4; ++m) {
          const auto move = static_cast<ArcEagerState::Move>(m);
          const uint32_t label = (move == ArcEagerState::kRight && st.stack().back() == 0) ? 0 : 1;
          if (st.CanApply(move, label, 0)) legal.emplace_back(move, label);
        }
        ASSERT_FALSE(legal.empty());
        const auto [move, label] = legal[rng() % legal.size()];
        cost += st.MoveCost(move, gold);
        st.Apply(move, label);
      }
      int wrong = 0;
      for (int i = 1; i < static_cast<int>(gold.size()); ++i) wrong += st.Head(i) != gold[i];
      ASSERT_EQ(wrong, cost) << "walk " << walk;
    }
  }
}

}  // namespace
}  // namespace kg::core::nlp
