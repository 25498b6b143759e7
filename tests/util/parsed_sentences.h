// Our own parsed sentences for extractor tests: a CoNLL-U file (tests/data/extract/) read into
// analysed tokens and the SentenceContext the extractor gets, keyed by `# sent_id`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/nlp/conllu.h"
#include "kg/extract.h"

namespace kg::testing {

struct ParsedSentence {
  std::vector<AnalyzedToken> tokens;
  SentenceContext context;
};

// Token offsets point into the sentence text rebuilt from the forms (SpaceAfter=No honoured);
// the context names document "doc-" + sent_id from `source`, takes `# published = ...`, and
// places the sentence at code points [begin, begin + length). A file that cannot be read fails
// the calling test and gives no sentences.
inline std::map<std::string, ParsedSentence> ReadParsedSentences(const std::string& path,
                                                                 uint64_t begin,
                                                                 const std::string& source) {
  std::map<std::string, ParsedSentence> out;
  auto sentences = core::nlp::ReadConlluFile(path);
  EXPECT_TRUE(sentences.ok()) << sentences.status().ToString();
  if (!sentences.ok()) return out;
  for (const core::nlp::ConlluSentence& s : *sentences) {
    ParsedSentence p;
    std::string id;
    for (const std::string& c : s.comments) {
      if (c.rfind("# sent_id = ", 0) == 0) id = c.substr(12);
      if (c.rfind("# published = ", 0) == 0) p.context.published = c.substr(14);
    }
    std::string text;
    for (const core::nlp::ConlluWord& w : s.words) {
      AnalyzedToken t;
      t.form = w.form;
      t.begin = static_cast<uint32_t>(text.size());
      text += w.form;
      t.end = static_cast<uint32_t>(text.size());
      if (!core::nlp::NoSpaceAfter(w.misc)) text += ' ';
      t.lemma = w.lemma;
      t.upos = w.upos;
      t.xpos = w.xpos;
      t.head = static_cast<uint32_t>(w.head);
      t.deprel = w.deprel;
      p.tokens.push_back(t);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    p.context.doc = "doc-" + id;
    p.context.source = source;
    p.context.sentence = text;
    p.context.begin = begin;
    p.context.end = begin + text.size();
    out[id] = std::move(p);
  }
  return out;
}

}  // namespace kg::testing
