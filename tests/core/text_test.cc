#include "core/util/text.h"

#include <gtest/gtest.h>

namespace kg::core {
namespace {

TEST(TextTest, AcceptsValidUtf8) {
  EXPECT_TRUE(ValidateUtf8("plain ascii").ok());
  EXPECT_TRUE(
      ValidateUtf8("Zelenskyj, Kyjiw, Selenskyj \xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80").ok());
  EXPECT_TRUE(ValidateUtf8("").ok());
}

TEST(TextTest, RejectsInvalidUtf8WithByteOffset) {
  Status s =
      ValidateUtf8(std::string("abc\xFF"
                               "def"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("byte offset 3"), std::string::npos) << s.message();
  EXPECT_FALSE(ValidateUtf8("\xC0\xAF").ok());          // overlong '/'
  EXPECT_FALSE(ValidateUtf8("\xED\xA0\x80").ok());      // surrogate
  EXPECT_FALSE(ValidateUtf8("\xF4\x90\x80\x80").ok());  // above U+10FFFF
  EXPECT_FALSE(ValidateUtf8("ok\xE2\x82").ok());        // truncated at the end
}

TEST(TextTest, CountsCodePoints) {
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("K\xC3\xBC"
                            "che"),
            5u);
  EXPECT_EQ(CountCodePoints("\xF0\x9F\x98\x80!"), 2u);
}

TEST(TextTest, NormalizesNames) {
  EXPECT_EQ(NormalizeName("  Mr. Putin "), "mr putin");
  EXPECT_EQ(NormalizeName("Zelenskiy's"), "zelenskiy");
  EXPECT_EQ(NormalizeName("Zelenskiy\xE2\x80\x99s office"), "zelenskiy office");
  EXPECT_EQ(NormalizeName("P\xC3\xA9skov"), "peskov");
  EXPECT_EQ(NormalizeName("Stra\xC3\x9F"
                          "e"),
            "strasse");
  EXPECT_EQ(NormalizeName("O'Brien"), "obrien");
  EXPECT_EQ(NormalizeName("KYIV"), NormalizeName("Kyiv"));
  EXPECT_EQ(NormalizeName("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"),  // Москва
            "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");                // москва
  EXPECT_EQ(NormalizeName("--"), "");
}

TEST(TextTest, HashesAreStable) {
  // Ids derived from these hashes are stored: they must never change between releases.
  EXPECT_EQ(Hash64(""), 0x2D06800538D394C2ull);
  EXPECT_EQ(Hash128Hex("kgraph").size(), 32u);
  EXPECT_EQ(Hash128Hex("kgraph"), Hash128Hex("kgraph"));
  EXPECT_NE(Hash128Hex("kgraph"), Hash128Hex("kgraph "));
  EXPECT_EQ(Hex64(255), "00000000000000ff");
}

}  // namespace
}  // namespace kg::core
