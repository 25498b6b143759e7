// The UD-style tokenizer and the sentence splitter (kg::Segment), on cases written for them,
// and the raw-text targets on the GUM test treebank (read from ../shared at run time).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "kg/text.h"

namespace kg {
namespace {

std::vector<std::string> Tokens(const std::string& text) {
  Segmentation seg;
  EXPECT_TRUE(Segment(text, &seg).ok());
  std::vector<std::string> out;
  for (const Token& t : seg.tokens) out.push_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

std::vector<std::string> Words(const std::string& text) {
  Segmentation seg;
  EXPECT_TRUE(Segment(text, &seg).ok());
  std::vector<std::string> out;
  for (const Word& w : seg.words) out.push_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

std::vector<std::string> Sentences(const std::string& text) {
  Segmentation seg;
  EXPECT_TRUE(Segment(text, &seg).ok());
  std::vector<std::string> out;
  for (const Sentence& s : seg.sentences) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

using V = std::vector<std::string>;

TEST(SegmenterTest, SplitsCliticsIntoWordsOfOneToken) {
  EXPECT_EQ(Tokens("They don't know it's Maria's car."),
            (V{"They", "don't", "know", "it's", "Maria's", "car", "."}));
  EXPECT_EQ(Words("They don't know it's Maria's car."),
            (V{"They", "do", "n't", "know", "it", "'s", "Maria", "'s", "car", "."}));
  EXPECT_EQ(Words("We can't, we won't, we'll see; I'm sure you're right and they've gone."),
            (V{"We", "ca", "n't", ",", "we", "wo", "n't", ",", "we", "'ll", "see", ";", "I",
               "'m", "sure", "you", "'re", "right", "and", "they", "'ve", "gone", "."}));
  // Curly apostrophes behave like straight ones.
  EXPECT_EQ(Words("She didn\xE2\x80\x99t say who\xE2\x80\x99" "d paid."),
            (V{"She", "did", "n\xE2\x80\x99t", "say", "who", "\xE2\x80\x99" "d", "paid", "."}));
  EXPECT_EQ(Words("You cannot stay, I'm gonna leave."),
            (V{"You", "can", "not", "stay", ",", "I", "'m", "gon", "na", "leave", "."}));
  // Names with an inner apostrophe stay whole; a plural possessive takes the apostrophe.
  EXPECT_EQ(Tokens("O'Neill met the farmers' union."),
            (V{"O'Neill", "met", "the", "farmers'", "union", "."}));
  EXPECT_EQ(Words("the farmers' union"), (V{"the", "farmers", "'", "union"}));
}

TEST(SegmenterTest, TokenStructureIsConsistent) {
  const std::string text = "I'd say it isn't \xE2\x80\x9C" "fine\xE2\x80\x9D.";
  Segmentation seg;
  ASSERT_TRUE(Segment(text, &seg).ok());
  uint32_t word = 0;
  for (uint32_t t = 0; t < seg.tokens.size(); ++t) {
    const Token& tok = seg.tokens[t];
    ASSERT_EQ(tok.first_word, word);
    EXPECT_EQ(seg.words[word].begin, tok.begin);
    for (uint32_t k = 0; k < tok.word_count; ++k) EXPECT_EQ(seg.words[word + k].token, t);
    word += tok.word_count;
    EXPECT_EQ(seg.words[word - 1].end, tok.end);
  }
  EXPECT_EQ(word, seg.words.size());
  SegmentOptions whole;
  whole.split_multiword_tokens = false;
  ASSERT_TRUE(Segment(text, &seg, whole).ok());
  EXPECT_EQ(seg.words.size(), seg.tokens.size());
}

TEST(SegmenterTest, QuotesDashesAndEllipses) {
  EXPECT_EQ(Tokens("\xE2\x80\x9CWe wait\xE2\x80\xA6\xE2\x80\x9D \xE2\x80\x94 she said -- \"no\"..."),
            (V{"\xE2\x80\x9C", "We", "wait", "\xE2\x80\xA6", "\xE2\x80\x9D", "\xE2\x80\x94", "she",
               "said", "--", "\"", "no", "\"", "..."}));
  EXPECT_EQ(Tokens("\xE2\x80\x98Quiet\xE2\x80\x99, he said."),
            (V{"\xE2\x80\x98", "Quiet", "\xE2\x80\x99", ",", "he", "said", "."}));
  EXPECT_EQ(Tokens("a 3-2 win in 1990\xE2\x80\x93" "95"),
            (V{"a", "3", "-", "2", "win", "in", "1990", "\xE2\x80\x93", "95"}));
}

TEST(SegmenterTest, NumbersUnitsAndTimes) {
  EXPECT_EQ(Tokens("It weighs 250kg, 20% more, $1,500.75 at 7:30pm on 3/4."),
            (V{"It", "weighs", "250", "kg", ",", "20", "%", "more", ",", "$", "1,500.75", "at",
               "7:30", "pm", "on", "3/4", "."}));
  EXPECT_EQ(Tokens("the 20th century and the 1990s, 4A"),
            (V{"the", "20th", "century", "and", "the", "1990s", ",", "4A"}));
  EXPECT_EQ(Tokens("call 555-123-4567 or 3,5"),
            (V{"call", "555-123-4567", "or", "3", ",", "5"}));
}

TEST(SegmenterTest, HyphensSplitExceptAfterPrefixes) {
  EXPECT_EQ(Tokens("a well-known non-profit sent an e-mail"),
            (V{"a", "well", "-", "known", "non-profit", "sent", "an", "e-mail"}));
}

TEST(SegmenterTest, AbbreviationsAndInitialsKeepTheirPeriod) {
  EXPECT_EQ(Tokens("Mr. and Mrs. Okafor, Dr. Lin, Gen. Ruiz and Lt. Ito met in St. Paul."),
            (V{"Mr.", "and", "Mrs.", "Okafor", ",", "Dr.", "Lin", ",", "Gen.", "Ruiz", "and",
               "Lt.", "Ito", "met", "in", "St.", "Paul", "."}));
  EXPECT_EQ(Tokens("the U.S. team, e.g. Jan. 5 or i.e. J. R. Smith"),
            (V{"the", "U.S.", "team", ",", "e.g.", "Jan.", "5", "or", "i.e.", "J.", "R.",
               "Smith"}));
  EXPECT_EQ(Tokens("Room No. 5. No."), (V{"Room", "No.", "5", ".", "No", "."}));
}

TEST(SegmenterTest, UrlsEmailsHashtags) {
  EXPECT_EQ(Tokens("See https://example.org/a_b?x=1&y=2. Mail ana.k@example.com (or #vote2025)."),
            (V{"See", "https://example.org/a_b?x=1&y=2", ".", "Mail", "ana.k@example.com", "(",
               "or", "#vote2025", ")", "."}));
  EXPECT_EQ(Tokens("(www.example.com)"), (V{"(", "www.example.com", ")"}));
}

TEST(SegmenterTest, OffsetsPointIntoTheText) {
  const std::string text = "  Caf\xC3\xA9 owners\xC2\xA0said no.\n";
  Segmentation seg;
  ASSERT_TRUE(Segment(text, &seg).ok());
  ASSERT_EQ(seg.tokens.size(), 5u);
  EXPECT_EQ(seg.tokens[0].begin, 2u);
  EXPECT_EQ(text.substr(seg.tokens[0].begin, seg.tokens[0].end - seg.tokens[0].begin),
            "Caf\xC3\xA9");
  std::vector<uint32_t> cp = CodePointOffsets(text);
  EXPECT_EQ(cp[seg.tokens[1].begin], 7u);  // "owners" starts at code point 7
  EXPECT_EQ(cp[text.size()], CodePointOffsets(text).back());
}

TEST(SegmenterTest, NeverFailsOnHostileBytes) {
  std::string junk = "ab\xFF\xFE cd\x01\x02 \xE2\x80 \xF0\x9F\x98\x80\xF0 . \"";
  Segmentation seg;
  ASSERT_TRUE(Segment(junk, &seg).ok());
  for (const Token& t : seg.tokens) {
    EXPECT_LT(t.begin, t.end);
    EXPECT_LE(t.end, junk.size());
  }
  ASSERT_TRUE(Segment("", &seg).ok());
  EXPECT_TRUE(seg.tokens.empty());
  EXPECT_TRUE(seg.sentences.empty());
}

TEST(SegmenterTest, SplitsSentencesAtFinalPunctuation) {
  EXPECT_EQ(Sentences("The vote passed. Critics were angry! Was it fair? Nobody knows."),
            (V{"The vote passed.", "Critics were angry!", "Was it fair?", "Nobody knows."}));
  // Quotes after the final period stay with the sentence.
  EXPECT_EQ(Sentences("He said: \"We will win.\" Then he left. \xE2\x80\x9CNo.\xE2\x80\x9D She nodded."),
            (V{"He said: \"We will win.\"", "Then he left.", "\xE2\x80\x9CNo.\xE2\x80\x9D",
               "She nodded."}));
  // A question inside a quote followed by lower case continues the sentence.
  EXPECT_EQ(Sentences("\"Why now?\" she asked. It rained."),
            (V{"\"Why now?\" she asked.", "It rained."}));
}

TEST(SegmenterTest, AbbreviationsInitialsAndNumbersDoNotEndSentences) {
  EXPECT_EQ(Sentences("Mr. Adeyemi met Gen. Park in St. Louis on Jan. 4. They talked."),
            (V{"Mr. Adeyemi met Gen. Park in St. Louis on Jan. 4.", "They talked."}));
  EXPECT_EQ(Sentences("It was written by J. K. Moreau, e.g. in No. 5 of the series."),
            (V{"It was written by J. K. Moreau, e.g. in No. 5 of the series."}));
  EXPECT_EQ(Sentences("Prices rose 2.5 percent. Wages did not."),
            (V{"Prices rose 2.5 percent.", "Wages did not."}));
  // "U.S." and "etc." end a sentence when a typical first word follows.
  EXPECT_EQ(Sentences("She moved to the U.S. The move was hard. He sold pens, ink etc. and paper."),
            (V{"She moved to the U.S.", "The move was hard.",
               "He sold pens, ink etc. and paper."}));
  EXPECT_EQ(Sentences("The U.S. Senate voted."), (V{"The U.S. Senate voted."}));
}

TEST(SegmenterTest, EllipsesHeadlinesAndBullets) {
  EXPECT_EQ(Sentences("We waited... and waited... Then the bus came."),
            (V{"We waited... and waited...", "Then the bus came."}));
  EXPECT_EQ(Sentences("Flood Warning Issued For Valley\nResidents were told to leave early.\n"
                      "- pack water\n- charge phones\n1. Leave now\n2. Call home"),
            (V{"Flood Warning Issued For Valley", "Residents were told to leave early.",
               "- pack water", "- charge phones", "1. Leave now", "2. Call home"}));
  // A line broken inside a sentence (next line in lower case) does not end it.
  EXPECT_EQ(Sentences("The council said that\nthe bridge will reopen.\n\nNew section"),
            (V{"The council said that\nthe bridge will reopen.", "New section"}));
  SegmentOptions wrap;
  wrap.line_break_ends_sentence = false;
  Segmentation seg;
  ASSERT_TRUE(Segment("A Headline\nBody text here.", &seg, wrap).ok());
  EXPECT_EQ(seg.sentences.size(), 1u);
}

TEST(SegmenterTest, FootnoteMarksStayWithTheirSentence) {
  EXPECT_EQ(Sentences("The river is long.[3] It floods often."),
            (V{"The river is long.[3]", "It floods often."}));
}

TEST(SegmenterTest, SentencesCoverEveryTokenInOrder) {
  const std::string text = "One. Two!\n\nThree?\n\"Four.\" (Five.) six";
  Segmentation seg;
  ASSERT_TRUE(Segment(text, &seg).ok());
  uint32_t next = 0;
  for (const Sentence& s : seg.sentences) {
    EXPECT_EQ(s.first_token, next);
    EXPECT_LT(s.first_token, s.end_token);
    EXPECT_EQ(s.begin, seg.tokens[s.first_token].begin);
    EXPECT_EQ(s.end, seg.tokens[s.end_token - 1].end);
    next = s.end_token;
  }
  EXPECT_EQ(next, seg.tokens.size());
}

std::string UdFile(const std::string& name) {
  return std::string(KG_SHARED_DIR) + "/data/ud/" + name;
}

// The raw-text targets, on GUM test: sentence-boundary F1 >= 0.93, token F1 >= 0.99.
TEST(SegmenterTest, MeetsRawTextTargetsOnGumTest) {
  const std::string path = UdFile("en_gum/en_gum-ud-test.conllu");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  Result<SegmentationScore> score = EvaluateSegmentation(path);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  EXPECT_GE(score->documents, 20u);
  EXPECT_GE(score->tokens.f1(), 0.99);
  EXPECT_GE(score->sentences.f1(), 0.93);
  EXPECT_GE(score->tokens.gold, 15000u);
}

// EWT (web text with little punctuation) has no target; this guards against regressions.
TEST(SegmenterTest, HoldsUpOnEwtDev) {
  const std::string path = UdFile("en_ewt/en_ewt-ud-dev.conllu");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  Result<SegmentationScore> score = EvaluateSegmentation(path);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  EXPECT_GE(score->tokens.f1(), 0.985);
  EXPECT_GE(score->sentences.f1(), 0.78);
}

}  // namespace
}  // namespace kg
