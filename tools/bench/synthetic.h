// bench::SyntheticCorpus: a deterministic synthetic set of statements shaped like what the news
// ingest produces, for benchmarks.
//
// Shape (for a given seed, the same bytes on every machine: only std::mt19937_64 and our own
// integer arithmetic are used, never the implementation-defined std distributions):
//  - `nodes` nodes "e:N" (entities) and "c:N" (literals) with types PERSON, ORG, LOCATION,
//    EVENT, OTHER and a few literal types; every node is in at least one statement.
//  - node degrees follow a power law: besides one statement that covers each node, endpoints
//    are drawn from a Zipf distribution (exponent `zipf_exponent`) over a random ranking of the
//    nodes, so a few hubs carry a large share of the statements;
//  - `statements` statements with pairwise distinct (subject, predicate, object), ~50 predicate
//    lemmas with Zipf-skewed frequencies, a time qualifier on ~30% and a few location,
//    attribution, quantity, negation and modality qualifiers;
//  - one piece of evidence each: statements are grouped by document (1-39 consecutive
//    statements per document, ~statements/20 documents) as an ingest emits them, with an
//    80-120 byte sentence whose span follows the previous one in the document.
// The corpus keeps a compact plan (about 32 bytes a statement) and builds kg::Statement values
// on demand, so 5M statements fit in memory.
// Thread-safety: Generate builds it; afterwards the const methods may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"

namespace kg::bench {

// The corpus-local node indexes (0..nodes-1) a statement joins.
struct EdgeEnds {
  uint32_t subject = 0;
  uint32_t object = 0;
};

struct SyntheticOptions {
  uint64_t nodes = 1000000;       // REQUIRES: 2 <= nodes < 2^28. Default: 1M
  uint64_t statements = 5000000;  // REQUIRES: nodes <= statements. Default: 5M
  uint64_t seed = 42;             // Default: 42
  double zipf_exponent = 1.0;     // of the endpoint and predicate distributions. Default: 1.0
};

class SyntheticCorpus {
 public:
  // Builds the plan. Errors: InvalidArgument when the options break their REQUIRES, or when
  // the node count is too small to give `statements` distinct (subject, predicate, object).
  static Result<SyntheticCorpus> Generate(const SyntheticOptions& options);

  uint64_t size() const { return plans_.size(); }
  uint64_t documents() const { return documents_; }
  uint64_t nodes() const { return options_.nodes; }
  // Highest number of statements naming one node (subject or object), for the report.
  uint64_t max_degree() const { return max_degree_; }

  // REQUIRES: index < size()
  EdgeEnds Ends(uint64_t index) const { return {plans_[index].subject, plans_[index].object}; }
  // The statement at `index` (0 <= index < size()); the same value for the same seed.
  Statement Materialize(uint64_t index) const;
  // Replaces *out with the statements [begin, end).
  void MaterializeRange(uint64_t begin, uint64_t end, std::vector<Statement>* out) const;

  // Writes every statement as JSON Lines (core::FormatStatementJson), in corpus order.
  // *bytes receives the file size. Errors: IOError.
  Status WriteJsonl(const std::string& path, uint64_t* bytes) const;

 private:
  // One statement, compactly; everything else is derived from the indexes and the seed.
  struct Plan {
    uint32_t subject = 0;
    uint32_t object = 0;
    uint32_t doc = 0;
    uint32_t begin = 0;      // sentence offset in its document
    uint32_t time = 0;       // yyyymmdd, 0 = none
    uint32_t qualifier = 0;  // node + 1 of the location or attributed_to reference, 0 = none
    uint8_t predicate = 0;
    uint8_t flags = 0;  // kPlan* bits below
    uint8_t sentence_length = 0;
    uint8_t confidence = 0;  // percent
  };

  explicit SyntheticCorpus(const SyntheticOptions& options) : options_(options) {}

  Node MakeNode(uint32_t node, bool short_alias) const;
  std::string NodeName(uint32_t node) const;
  std::string NodeType(uint32_t node) const;

  SyntheticOptions options_;
  std::vector<Plan> plans_;
  uint64_t documents_ = 0;
  uint64_t max_degree_ = 0;
};

}  // namespace kg::bench
