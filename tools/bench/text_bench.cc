// kg-text-bench: speed of kg::Segment (tokenize + split sentences) and kg::CleanText on the
// raw text of a CoNLL-U treebank, reported as tokens per second and as a ratio against a
// reference measured in the same run: a plain whitespace split of the same text (the floor any
// tokenizer pays to look at every byte). A benchmark, not a test.
//
//   kg-text-bench FILE.conllu [--rounds N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kg/text.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The reference: count whitespace-separated chunks.
size_t WhitespaceChunks(const std::string& text) {
  size_t chunks = 0;
  bool in_chunk = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_chunk) ++chunks;
    in_chunk = !space;
  }
  return chunks;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: kg-text-bench FILE.conllu [--rounds N]\n");
    return 1;
  }
  int rounds = 5;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  kg::Result<std::vector<kg::GoldDocument>> docs = kg::ReadConlluAsRawText(argv[1]);
  if (!docs.ok()) {
    std::fprintf(stderr, "%s\n", docs.status().ToString().c_str());
    return 1;
  }
  size_t bytes = 0;
  for (const auto& d : *docs) bytes += d.text.size();

  kg::Segmentation seg;
  size_t tokens = 0;
  size_t sentences = 0;
  double best_segment = 1e30;
  double best_reference = 1e30;
  double best_clean = 1e30;
  size_t sink = 0;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    tokens = sentences = 0;
    for (const auto& d : *docs) {
      if (!kg::Segment(d.text, &seg).ok()) return 2;
      tokens += seg.tokens.size();
      sentences += seg.sentences.size();
    }
    best_segment = std::min(best_segment, Seconds(t0));
    t0 = std::chrono::steady_clock::now();
    for (const auto& d : *docs) sink += WhitespaceChunks(d.text);
    best_reference = std::min(best_reference, Seconds(t0));
    t0 = std::chrono::steady_clock::now();
    for (const auto& d : *docs) sink += kg::CleanText(d.text).text.size();
    best_clean = std::min(best_clean, Seconds(t0));
  }
  std::printf("text: %zu documents, %zu bytes, %zu tokens, %zu sentences (best of %d rounds)\n",
              docs->size(), bytes, tokens, sentences, rounds);
  std::printf("segment:   %.3f s  %.2f M tokens/s  %.1f MB/s\n", best_segment,
              tokens / best_segment / 1e6, bytes / best_segment / 1e6);
  std::printf("clean:     %.3f s  %.1f MB/s\n", best_clean, bytes / best_clean / 1e6);
  std::printf("reference: %.3f s  (whitespace split)\n", best_reference);
  std::printf("segment / reference time: %.1fx\n", best_segment / best_reference);
  return sink == 0 ? 3 : 0;
}
