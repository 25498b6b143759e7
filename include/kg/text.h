// Reading, cleaning and segmenting English news text: the front of the text pipeline.
//
//   ReadDocuments   plain text files, JSON Lines documents, or folders of either → kg::Document
//   CleanText       drops page chrome (navigation, ads, banners, comment forms, sidebars,
//                   non-English paragraphs) and lifts dateline/byline/date lines into metadata
//   Segment         UD (English Web Treebank) style tokens, syntactic words and sentences, each
//                   a byte span of the text it was given
//   ScoreSegmentation / EvaluateSegmentation
//                   token and sentence-boundary F1 against a CoNLL-U file read as raw text,
//                   with CoNLL 2018 shared-task semantics
//
// Offsets here are byte offsets into UTF-8 text (what the tokenizer works in); Evidence wants
// code point offsets, which kg::CodePointOffsets converts to.
// Thread-safety: pure functions over values; every call may run concurrently with any other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"

namespace kg {

// ---------------------------------------------------------------------------------------------
// Segmentation: tokens, words, sentences.

// A surface token, as written: "don't", "U.S.", "250", "kg", "(".
struct Token {
  uint32_t begin = 0;  // byte offsets into the segmented text, half-open
  uint32_t end = 0;
  uint32_t first_word = 0;  // its syntactic words are words[first_word, first_word + word_count)
  uint32_t word_count = 1;  // > 1 for a UD multiword token: "don't" → "do" + "n't"
};

// A syntactic word (the unit a tagger and parser see). Every word is a substring of its token:
// "can't" → "ca" + "n't", "cannot" → "can" + "not", "Bush's" → "Bush" + "'s".
struct Word {
  uint32_t begin = 0;  // byte offsets, half-open
  uint32_t end = 0;
  uint32_t token = 0;  // index of the token it belongs to
};

// A sentence: a run of whole tokens.
struct Sentence {
  uint32_t begin = 0;  // byte offset of its first token's begin
  uint32_t end = 0;    // byte offset of its last token's end
  uint32_t first_token = 0;
  uint32_t end_token = 0;  // one past the last token
  uint32_t first_word = 0;
  uint32_t end_word = 0;  // one past the last word
};

struct Segmentation {
  std::vector<Token> tokens;
  std::vector<Word> words;
  std::vector<Sentence> sentences;
};

struct SegmentOptions {
  // Whether a single line break ends a sentence (headlines, bullet lines, captions) unless the
  // next line starts in lower case. A blank line always ends one. Default: true.
  bool line_break_ends_sentence = true;
  // Whether to split multiword tokens into syntactic words ("don't" → "do" + "n't"). When false
  // every token holds exactly one word. Default: true.
  bool split_multiword_tokens = true;
};

// Tokenizes `text` and splits it into sentences, replacing the contents of `*out` (its buffers
// are reused, so one Segmentation can serve a whole corpus). Never fails on content: invalid
// UTF-8 bytes are treated as letters, control characters as spaces.
// Errors: InvalidArgument when `text` is 4 GiB or longer (offsets are 32-bit).
Status Segment(std::string_view text, Segmentation* out, const SegmentOptions& options = {});

// For each byte offset 0..text.size() of valid UTF-8 `text`, the code point offset (what
// Evidence.begin/end hold). Offsets inside a multi-byte character map to that character.
std::vector<uint32_t> CodePointOffsets(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Scoring segmentation against a treebank (CoNLL 2018 shared-task semantics on raw text).

// A byte span [begin, end) of a text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span& o) const { return begin == o.begin && end == o.end; }
};

// One document of a CoNLL-U file as raw text with its gold segmentation. The text is rebuilt
// the way the shared task built its raw input: tokens joined by a space unless SpaceAfter=No,
// sentences of one paragraph joined by a space (none after SpaceAfter=No), paragraphs
// (`# newpar`) separated by a blank line, and a new document at each `# newdoc`.
struct GoldDocument {
  std::string id;  // the `# newdoc id`, or "doc<N>" when the file gives none
  std::string text;
  std::vector<Span> tokens;     // surface tokens (a multiword token is one span)
  std::vector<Span> sentences;  // first token's begin .. last token's end
};

// Reads a CoNLL-U file into raw-text documents.
// Errors: IOError when the file cannot be read; InvalidArgument naming the line of a malformed
// token line or of a `# text` that does not match the sentence's tokens.
Result<std::vector<GoldDocument>> ReadConlluAsRawText(const std::string& path);

// Matched / gold / predicted counts of one kind of span, and the F1 they give.
struct SpanScore {
  uint64_t gold = 0;
  uint64_t predicted = 0;
  uint64_t matched = 0;
  double precision() const { return predicted == 0 ? 0 : double(matched) / double(predicted); }
  double recall() const { return gold == 0 ? 0 : double(matched) / double(gold); }
  double f1() const {
    return gold + predicted == 0 ? 0 : 2.0 * double(matched) / double(gold + predicted);
  }
};

struct SegmentationScore {
  SpanScore tokens;
  SpanScore sentences;
  uint64_t documents = 0;
};

// Adds to `*score` the comparison of `predicted` (a Segmentation of gold.text) with the gold
// spans. As in the shared task, spans are compared over the text with white space removed, so
// a span that differs only by surrounding space still matches.
void ScoreSegmentation(const GoldDocument& gold, const Segmentation& predicted,
                       SegmentationScore* score);

// Reads `conllu_path`, segments each document's text with Segment(options) and scores it.
// Errors: as ReadConlluAsRawText.
Result<SegmentationScore> EvaluateSegmentation(const std::string& conllu_path,
                                               const SegmentOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Cleaning: keep the article, drop the page around it.

struct CleanOptions {
  // Paragraphs whose stopword profile is clearly another language (Italian, Spanish, German,
  // French, Portuguese, Dutch) are dropped. Default: true.
  bool drop_non_english = true;
  // Dateline ("MOSCOW (Reuters) -"), byline ("By Jane Doe") and date ("Published 12 March
  // 2025") lines are removed from the text and reported as metadata. Default: true.
  bool extract_metadata = true;
  // A paragraph shorter than this (bytes) is "short" and judged by its neighbours, as in
  // jusText. Default: 70.
  uint32_t length_low = 70;
  // A paragraph at least this long with enough stopwords is "good" on its own. Default: 200.
  uint32_t length_high = 200;
  // A paragraph that is whole sentences (capital start, final punctuation) and at least this
  // long with enough stopwords is also "good". Default: 100.
  uint32_t length_sentence = 100;
  // English stopword density at or above which a paragraph reads as prose. Default: 0.30.
  double stopwords_high = 0.30;
  // Below this density a long paragraph is boilerplate. Default: 0.22.
  double stopwords_low = 0.22;
};

// What the cleaner decided about one paragraph (a non-empty line of the input).
struct CleanedParagraph {
  uint32_t begin = 0;  // byte span in the original text (line without surrounding space)
  uint32_t end = 0;
  bool kept = false;
  uint32_t cleaned_begin = 0;  // where its kept part starts in the cleaned text (when kept)
  uint32_t removed_prefix = 0;  // bytes cut from its front (a dateline) before it was kept
  // Why: "prose", "short, between prose" (kept); "navigation", "link list", "headline list",
  // "advertisement", "banner", "comment form", "media player", "not English: it",
  // "byline", "dateline", "date line", "boilerplate", "short, beside boilerplate" (removed).
  std::string reason;
};

struct CleanReport {
  std::vector<CleanedParagraph> paragraphs;  // in text order, kept and removed
  std::string published;  // ISO 8601 date the text states ("" when none)
  std::string source;     // outlet named in a dateline or "Source:" line ("" when none)
  std::string byline;     // "Jane Doe" from "By Jane Doe" ("" when none)
  std::string dateline;   // place of the dateline, "MOSCOW" ("" when none)

  // The byte offset in the original text of byte `cleaned_offset` of the cleaned text.
  // REQUIRES: cleaned_offset <= the cleaned text's size.
  uint32_t ToOriginal(uint32_t cleaned_offset) const;
};

struct CleanResult {
  // The kept paragraphs, each exactly as in the original (minus any dateline prefix), joined
  // by "\n" where the original had a single line break and "\n\n" where it had a blank line.
  std::string text;
  CleanReport report;
};

// Cleans `text`. Never fails; an all-chrome input gives an empty text and a report saying why.
CleanResult CleanText(std::string_view text, const CleanOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Reading documents from files.

enum class InvalidUtf8 : uint8_t {
  kRepair = 0,  // each bad sequence becomes U+FFFD and is reported with its byte offset
  kReject = 1,  // the file (or JSON line) is refused, naming the byte offset
};

struct ReadOptions {
  // What to do with invalid UTF-8. Default: kRepair.
  InvalidUtf8 invalid_utf8 = InvalidUtf8::kRepair;
  // Files larger than this are refused (reported, not read). Default: 64 MiB.
  uint64_t max_file_bytes = 64ull << 20;
  // A file holding a NUL byte, or more than this share of control characters (other than tab,
  // line feed, carriage return, form feed), is refused as binary. Default: 0.02.
  double max_control_ratio = 0.02;
  // Whether documents are cleaned (CleanText) and take metadata from it; the document id is
  // then the hash of the cleaned text. Default: true.
  bool clean = true;
  CleanOptions clean_options;  // used when `clean`
};

// Something worth telling about the input: a repaired byte, a skipped file or line.
struct ReadIssue {
  std::string path;
  uint64_t line = 0;         // 1-based line of a JSON Lines file, 0 for whole-file issues
  uint64_t byte_offset = 0;  // into the file
  bool skipped = false;      // true when the file or line was not read at all
  std::string message;       // "invalid UTF-8 at byte offset 12 (repaired)", "binary file ..."
};

struct ReadDocument {
  Document document;  // id: the JSON "id" when given, else "d:" + content hash of the text
  CleanReport clean;  // empty when ReadOptions.clean is false
};

struct ReadResult {
  std::vector<ReadDocument> documents;
  std::vector<ReadIssue> issues;
};

// Reads `path`: a folder (every regular file below it whose name ends in .txt, .jsonl or
// .ndjson, in sorted path order; hidden files skipped), a JSON Lines file (.jsonl, .ndjson), or
// any other file as plain text. Plain text: one document; its first line is the title when it
// looks like one (short, no final period, followed by more text). JSON Lines: one document per
// line with "text" (required), "id", "title", "source", "url", "published" (strings; other keys
// are ignored). Problems with a file or line (binary, empty, too large, bad UTF-8 when
// rejecting, malformed JSON, no text) are reported in ReadResult.issues and that file or line
// is skipped; the rest is read.
// Errors: NotFound when `path` does not exist; IOError when it cannot be listed or opened.
Result<ReadResult> ReadDocuments(const std::string& path, const ReadOptions& options = {});

// Makes a document from the bytes of one plain text file (`path` is recorded, not opened).
// Issues (repaired bytes) are appended to `*issues` (may be null).
// Errors: InvalidArgument for binary or empty content, or invalid UTF-8 under kReject, each
// naming the byte offset.
Result<ReadDocument> ParsePlainText(std::string_view bytes, const std::string& path,
                                    const ReadOptions& options,
                                    std::vector<ReadIssue>* issues);

}  // namespace kg
