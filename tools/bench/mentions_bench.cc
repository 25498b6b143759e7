// kg-mentions-bench: what within-document entity resolution (mentions, types, coreference,
// core/resolve) costs per document, as a ratio against what the same run spends analysing the
// documents and extracting their statements (the rest of ingest's per-document work, the store
// write aside, so the ratio overstates resolution's share of a whole ingest). A benchmark, not a
// test.
//
//   kg-mentions-bench PATH... [--models DIR] [--gazetteer DIR] [--rounds N]
//
// PATH: article files or folders (*.txt, as `kg ingest` reads them). Each round analyses and
// extracts every document, then resolves it; the best round of each is reported.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/resolve/coreference.h"
#include "core/resolve/gazetteer.h"
#include "kg/extract.h"
#include "kg/nlp.h"
#include "kg/text.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Analysed {
  std::vector<std::vector<kg::AnalyzedToken>> sentences;
  std::vector<std::vector<kg::Extraction>> extractions;
};

}  // namespace

int main(int argc, char** argv) {
  std::string models = KG_DEFAULT_MODELS_DIR;
  std::string gazetteer_dir(kg::core::resolve::kIsoCodesDir);
  int rounds = 3;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--models") == 0 && has_value) {
      models = argv[++i];
    } else if (std::strcmp(argv[i], "--gazetteer") == 0 && has_value) {
      gazetteer_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--rounds") == 0 && has_value) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      paths.push_back(argv[i]);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr,
                 "usage: kg-mentions-bench PATH... [--models DIR] [--gazetteer DIR] "
                 "[--rounds N]\n");
    return 1;
  }
  std::vector<kg::Document> documents;
  for (const std::string& path : paths) {
    auto read = kg::ReadDocuments(path);
    if (!read.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), read.status().ToString().c_str());
      return 1;
    }
    for (kg::ReadDocument& d : read->documents) documents.push_back(std::move(d.document));
  }
  auto analyzer = kg::Analyzer::Load(models);
  auto extractor = kg::MakeStatementExtractor("clause");
  if (!analyzer.ok() || !extractor.ok()) {
    std::fprintf(stderr, "%s\n",
                 (!analyzer.ok() ? analyzer.status() : extractor.status()).ToString().c_str());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  auto places = kg::core::resolve::Gazetteer::Load(gazetteer_dir);
  const double load_seconds = Seconds(start);
  if (!places.ok()) {
    std::fprintf(stderr, "%s\n", places.status().ToString().c_str());
    return 1;
  }

  double best_pipeline = 1e30, best_resolve = 1e30;
  size_t sentences = 0, statements = 0, entities = 0, mentions = 0;
  for (int r = 0; r < rounds; ++r) {
    std::vector<Analysed> analysed(documents.size());
    start = std::chrono::steady_clock::now();
    for (size_t d = 0; d < documents.size(); ++d) {
      auto found = (*analyzer)->AnalyzeText(documents[d].text);
      if (!found.ok()) continue;
      analysed[d].sentences = std::move(*found);
      analysed[d].extractions.resize(analysed[d].sentences.size());
      kg::SentenceContext context;
      for (size_t s = 0; s < analysed[d].sentences.size(); ++s) {
        if (analysed[d].sentences[s].empty()) continue;
        if (!(*extractor)
                 ->Process(analysed[d].sentences[s], context, &analysed[d].extractions[s])
                 .ok()) {
          analysed[d].extractions[s].clear();
        }
      }
    }
    best_pipeline = std::min(best_pipeline, Seconds(start));

    sentences = statements = entities = mentions = 0;
    start = std::chrono::steady_clock::now();
    for (Analysed& a : analysed) {
      kg::core::resolve::DocumentEntities found;
      kg::Status s =
          kg::core::resolve::ResolveDocumentMentions(**places, a.sentences, &a.extractions, &found);
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
      entities += found.entities.size();
    }
    best_resolve = std::min(best_resolve, Seconds(start));
    for (const Analysed& a : analysed) {
      sentences += a.sentences.size();
      for (const auto& x : a.extractions) statements += x.size();
      mentions += kg::core::resolve::ClusterMentions(**places, a.sentences).mentions.size();
    }
  }
  std::printf("documents %zu, sentences %zu, statements %zu, mentions %zu, entities %zu\n",
              documents.size(), sentences, statements, mentions, entities);
  std::printf("gazetteer load: %.1f ms\n", load_seconds * 1e3);
  std::printf("analyse + extract (reference): %.3f s (%.0f us/document)\n", best_pipeline,
              best_pipeline * 1e6 / documents.size());
  std::printf("resolve within documents:      %.3f s (%.0f us/document)\n", best_resolve,
              best_resolve * 1e6 / documents.size());
  std::printf("ratio resolve / (analyse + extract): %.4f (target for all resolution <= 0.15)\n",
              best_resolve / best_pipeline);
  return 0;
}
