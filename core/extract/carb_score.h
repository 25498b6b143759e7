// The pieces of the CaRB scorer (kg/carb.h) that tests look at on their own: the sentence key,
// Python-compatible whitespace splitting and the binary lenient tuple match.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::core {

// The scorer's sentence key: every U+0020 removed, -LRB- -RRB- -LSB- -RSB- -LCB- -RCB- turned
// into their brackets, then every ASCII punctuation character (Python's string.punctuation)
// removed. Non-ASCII characters are kept.
std::string CarbSentenceKey(std::string_view sentence);

// Python's str.split() on UTF-8 text: splits on runs of Unicode white space, no empty words.
std::vector<std::string_view> CarbSplitWords(std::string_view text);

// Python's str.strip() on UTF-8 text: Unicode white space removed from both ends.
std::string_view CarbStrip(std::string_view text);

// A relation and its arguments, as the matcher sees them.
struct CarbTuple {
  std::string relation;
  std::vector<std::string> arguments;
};

// [precision, recall] of the official default matcher (binary_linient_tuple_match) for the
// gold tuple `gold` and the prediction `predicted`: both binarised (arguments after the first
// joined by spaces), word-multiset overlap of relation and arguments, the "be" rule, and for
// gold relations containing said/told/added/adds/says the better of the straight and the
// argument-reversed match.
struct CarbMatch {
  double precision = 0;
  double recall = 0;
};
CarbMatch CarbMatchTuples(const CarbTuple& gold, const CarbTuple& predicted);

}  // namespace kg::core
