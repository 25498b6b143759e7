// Reading a CoNLL-U treebank as raw text and scoring a segmentation of it, as the CoNLL 2018
// shared task did (conll18_ud_eval.py): tokens and sentences match when they cover the same
// characters of the text with white space removed.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/text/chars.h"
#include "kg/text.h"

namespace kg {

namespace {

struct PendingToken {
  std::string form;
  bool space_after = true;
};

// Splits a tab-separated line into its fields.
std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t p = 0;
  while (true) {
    size_t q = line.find('\t', p);
    if (q == std::string_view::npos) {
      cols.push_back(line.substr(p));
      return cols;
    }
    cols.push_back(line.substr(p, q - p));
    p = q + 1;
  }
}

bool HasNoSpaceAfter(std::string_view misc) {
  size_t p = 0;
  while (p <= misc.size()) {
    size_t q = misc.find('|', p);
    if (q == std::string_view::npos) q = misc.size();
    if (misc.substr(p, q - p) == "SpaceAfter=No") return true;
    p = q + 1;
  }
  return false;
}

bool ParseUint(std::string_view s, uint32_t* out) {
  if (s.empty() || s.size() > 9) return false;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  *out = v;
  return true;
}

// Builds documents sentence by sentence.
class RawTextBuilder {
 public:
  void NewDocument(std::string id) {
    FinishDocument();
    current_.id = std::move(id);
    in_document_ = true;
  }
  void NewParagraph() { paragraph_break_ = true; }

  void AddSentence(const std::vector<PendingToken>& tokens) {
    if (tokens.empty()) return;
    if (!in_document_) NewDocument("");
    std::string& text = current_.text;
    if (!text.empty()) {
      if (paragraph_break_) {
        text += "\n\n";
      } else if (last_space_after_) {
        text += ' ';
      }
    }
    paragraph_break_ = false;
    const auto first = static_cast<uint32_t>(text.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      Span span;
      span.begin = static_cast<uint32_t>(text.size());
      text += tokens[i].form;
      span.end = static_cast<uint32_t>(text.size());
      current_.tokens.push_back(span);
      if (i + 1 < tokens.size() && tokens[i].space_after) text += ' ';
    }
    current_.sentences.push_back({first, static_cast<uint32_t>(text.size())});
    last_space_after_ = tokens.back().space_after;
  }

  std::vector<GoldDocument> Finish() {
    FinishDocument();
    return std::move(documents_);
  }

 private:
  void FinishDocument() {
    if (in_document_ && !current_.text.empty()) {
      if (current_.id.empty()) current_.id = "doc" + std::to_string(documents_.size() + 1);
      documents_.push_back(std::move(current_));
    }
    current_ = GoldDocument();
    in_document_ = false;
    paragraph_break_ = false;
    last_space_after_ = true;
  }

  std::vector<GoldDocument> documents_;
  GoldDocument current_;
  bool in_document_ = false;
  bool paragraph_break_ = false;
  bool last_space_after_ = true;
};

// Number of non-space bytes before each byte offset of `text` (size + 1 entries).
std::vector<uint32_t> NonSpacePrefix(std::string_view text) {
  std::vector<uint32_t> prefix(text.size() + 1);
  uint32_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    core::text::CodePoint cp = core::text::DecodeAt(text, i);
    const bool space = core::text::Classify(cp.value) == core::text::CharClass::kSpace;
    for (uint32_t k = 0; k < cp.length; ++k) {
      prefix[i + k] = count;
      if (!space) ++count;
    }
    i += cp.length;
  }
  prefix[text.size()] = count;
  return prefix;
}

// Spans in white-space-free coordinates, sorted; empty spans dropped.
std::vector<std::pair<uint32_t, uint32_t>> Normalize(const std::vector<Span>& spans,
                                                     const std::vector<uint32_t>& prefix) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(spans.size());
  for (const Span& s : spans) {
    if (s.end > prefix.size() - 1 || s.begin >= s.end) continue;
    std::pair<uint32_t, uint32_t> p{prefix[s.begin], prefix[s.end]};
    if (p.first < p.second) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void AddCounts(const std::vector<Span>& gold, const std::vector<Span>& predicted,
               const std::vector<uint32_t>& prefix, SpanScore* score) {
  auto g = Normalize(gold, prefix);
  auto p = Normalize(predicted, prefix);
  std::vector<std::pair<uint32_t, uint32_t>> common;
  std::set_intersection(g.begin(), g.end(), p.begin(), p.end(), std::back_inserter(common));
  score->gold += g.size();
  score->predicted += p.size();
  score->matched += common.size();
}

}  // namespace

Result<std::vector<GoldDocument>> ReadConlluAsRawText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open '" + path + "'");
  RawTextBuilder builder;
  std::vector<PendingToken> sentence;
  uint32_t skip_until = 0;  // words covered by the multiword token just read
  std::string line;
  uint64_t line_no = 0;
  auto error = [&](const std::string& what) {
    return Status::InvalidArgument(path + ": line " + std::to_string(line_no) + ": " + what)
        .WithLocation(static_cast<uint32_t>(line_no), 1);
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      builder.AddSentence(sentence);
      sentence.clear();
      skip_until = 0;
      continue;
    }
    if (line[0] == '#') {
      std::string_view c(line);
      if (c.rfind("# newdoc", 0) == 0) {
        std::string id;
        size_t eq = c.find("id =");
        if (eq != std::string_view::npos) {
          id = std::string(c.substr(eq + 4));
          id.erase(0, id.find_first_not_of(' '));
        }
        builder.NewDocument(id);
      } else if (c.rfind("# newpar", 0) == 0 &&
                 (c.size() == 8 || c[8] == ' ' || c[8] == '\t')) {
        builder.NewParagraph();
      }
      continue;
    }
    std::vector<std::string_view> cols = SplitTabs(line);
    if (cols.size() != 10) {
      return error("expected 10 tab-separated columns, found " + std::to_string(cols.size()));
    }
    std::string_view id = cols[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node
    size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      uint32_t first = 0;
      uint32_t last = 0;
      if (!ParseUint(id.substr(0, dash), &first) || !ParseUint(id.substr(dash + 1), &last) ||
          last < first) {
        return error("bad multiword token range '" + std::string(id) + "'");
      }
      skip_until = last;
      sentence.push_back({std::string(cols[1]), !HasNoSpaceAfter(cols[9])});
      continue;
    }
    uint32_t index = 0;
    if (!ParseUint(id, &index)) return error("bad word id '" + std::string(id) + "'");
    if (index <= skip_until) continue;
    if (cols[1].empty()) return error("empty FORM");
    sentence.push_back({std::string(cols[1]), !HasNoSpaceAfter(cols[9])});
  }
  if (in.bad()) return Status::IOError("error reading '" + path + "'");
  builder.AddSentence(sentence);
  return builder.Finish();
}

void ScoreSegmentation(const GoldDocument& gold, const Segmentation& predicted,
                       SegmentationScore* score) {
  const std::vector<uint32_t> prefix = NonSpacePrefix(gold.text);
  std::vector<Span> tokens;
  tokens.reserve(predicted.tokens.size());
  for (const Token& t : predicted.tokens) tokens.push_back({t.begin, t.end});
  std::vector<Span> sentences;
  sentences.reserve(predicted.sentences.size());
  for (const Sentence& s : predicted.sentences) sentences.push_back({s.begin, s.end});
  AddCounts(gold.tokens, tokens, prefix, &score->tokens);
  AddCounts(gold.sentences, sentences, prefix, &score->sentences);
  ++score->documents;
}

Result<SegmentationScore> EvaluateSegmentation(const std::string& conllu_path,
                                               const SegmentOptions& options) {
  Result<std::vector<GoldDocument>> docs = ReadConlluAsRawText(conllu_path);
  if (!docs.ok()) return docs.status();
  SegmentationScore score;
  Segmentation seg;
  for (const GoldDocument& doc : *docs) {
    KG_RETURN_IF_ERROR(Segment(doc.text, &seg, options));
    ScoreSegmentation(doc, seg, &score);
  }
  return score;
}

}  // namespace kg
