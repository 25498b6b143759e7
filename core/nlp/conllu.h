// CoNLL-U reading and writing (https://universaldependencies.org/format.html): the treebank
// format the NLP components train on and are evaluated with.
// Multiword token lines ("3-4") are kept, empty nodes ("5.1") are skipped, comments are kept.
// Thread-safety: pure functions over plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/status.h"

namespace kg::core::nlp {

// One syntactic word (a numbered line).
struct ConlluWord {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  std::string feats = "_";
  int head = -1;  // 0 = root, -1 = "_" (unannotated)
  std::string deprel;
  std::string deps = "_";
  std::string misc = "_";
};

// A multiword token ("3-4 won't"), spanning words first..last (1-based, inclusive).
struct ConlluMultiword {
  int first = 0;
  int last = 0;
  std::string form;
  std::string misc = "_";
};

struct ConlluSentence {
  std::vector<std::string> comments;  // whole lines, "# sent_id = ..."
  std::vector<ConlluWord> words;      // words[i] has id i + 1
  std::vector<ConlluMultiword> multiwords;
  uint32_t line = 0;  // 1-based line of the sentence's first line in its file
};

// Parses CoNLL-U text. Errors: InvalidArgument with the line (Status::line()) and a message
// naming `what` and the line: invalid UTF-8, wrong column count, non-consecutive ids, bad head.
Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, const std::string& what);

// Reads and parses a file. Errors: NotFound/IOError, or ParseConllu's.
Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path);

// Writes sentences in CoNLL-U (each followed by a blank line).
std::string FormatConllu(const std::vector<ConlluSentence>& sentences);

// True when MISC says no space follows the word or multiword token ("SpaceAfter=No").
bool NoSpaceAfter(std::string_view misc);

}  // namespace kg::core::nlp
