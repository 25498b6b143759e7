// The dependency parser: greedy arc-eager transitions (Nivre 2003) scored by an averaged
// perceptron over Zhang & Nivre (2011) feature templates (distance, valency, label sets,
// second- and third-order context), trained with Goldberg & Nivre's (2012) dynamic oracle on
// trees made projective by lifting (Nivre & Nilsson 2005, without label encoding).
// The artificial root sits at the bottom of the stack and takes exactly one dependent.
// Thread-safety: a loaded Parser is immutable; Parse() may run on many threads at once.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/nlp/conllu.h"
#include "core/nlp/perceptron.h"
#include "kg/status.h"

namespace kg::core::nlp {

struct ParserTrainOptions {
  int epochs = 15;          // Default: 15 passes over the training data
  uint64_t seed = 1;        // Default: 1 (sentence order and exploration)
  double prune = 0.0;       // Default: 0, keep every weight (relative magnitude cut)
  int explore_from = 2;     // Default: 2, the first epoch that follows the model's own errors
  double explore_p = 0.9;   // Default: 0.9, how often it does so from then on
};

// The arc-eager transition system over words 1..n with the root 0 at the bottom of the stack.
// Exposed for tests of transitions and of the oracle.
class ArcEagerState {
 public:
  enum Move : uint32_t { kShift = 0, kReduce = 1, kLeft = 2, kRight = 3 };
  static uint32_t Action(Move move, uint32_t label) {
    return move < kLeft ? move : 2 + 2 * label + (move == kRight);
  }
  static Move MoveOf(uint32_t action) {
    return action < 2 ? static_cast<Move>(action) : ((action - 2) % 2 ? kRight : kLeft);
  }
  static uint32_t LabelOf(uint32_t action) { return (action - 2) / 2; }

  explicit ArcEagerState(int n);
  bool Terminal() const { return b_ > n_; }
  bool CanApply(Move move, uint32_t label, uint32_t root_label) const;
  // REQUIRES: CanApply(move, label, root_label).
  void Apply(Move move, uint32_t label);
  // Cost of `move` under Goldberg & Nivre's dynamic oracle: how many arcs of the gold tree
  // (gold_head[i] for word i, index 0 unused) become unreachable. Exact for projective trees.
  int MoveCost(Move move, const std::vector<int>& gold_head) const;

  int n() const { return n_; }
  int buffer() const { return b_; }
  const std::vector<int>& stack() const { return stack_; }
  int Head(int i) const { return head_[i]; }
  int Label(int i) const { return label_[i]; }

 private:
  friend class Parser;
  void AddArc(int h, int d, uint32_t label);

  int n_;
  int b_ = 1;
  bool root_has_child_ = false;
  std::vector<int> stack_;
  std::vector<int> head_, label_;
  std::vector<int> l1_, l2_, r1_, r2_;  // left- and rightmost two dependents, -1 when none
  std::vector<uint8_t> lval_, rval_;
  std::vector<uint64_t> lset_, rset_;
};

// Lifts non-projective arcs (shortest first) to the head's head until the tree is projective.
// `heads[i]` is the head of word i (index 0 unused, 0 = root). Returns how many arcs moved.
int Projectivize(std::vector<int>* heads);

class Parser {
 public:
  static constexpr uint32_t kVersion = 1;

  // Parses one tagged sentence: (*heads)[i] is the head of forms[i] (0 = root, else 1-based)
  // and (*labels)[i] its relation id (see Label()).
  void Parse(const std::vector<std::string_view>& forms, const std::vector<std::string_view>& xpos,
             const std::vector<std::string_view>& upos, std::vector<int>* heads,
             std::vector<uint32_t>* labels) const;
  const std::string& Label(uint32_t id) const { return labels_[id]; }
  size_t MemoryBytes() const { return table_.MemoryBytes(); }
  const WeightTable& table() const { return table_; }

  // Trains on `train` (its XPOS/UPOS columns are the tags the parser sees: put predicted tags
  // there to match test conditions) and keeps the epoch with the best LAS on `dev`.
  // Errors: InvalidArgument when train has no annotated tree.
  static Result<Parser> Train(const std::vector<ConlluSentence>& train,
                              const std::vector<ConlluSentence>& dev,
                              const ParserTrainOptions& options, std::ostream* progress,
                              double* best_dev_las);

  std::string Serialize() const;
  // Errors: Corruption.
  static Result<Parser> Deserialize(std::string_view payload);

 private:
  struct Word {
    uint64_t w, p, u;  // normalised form, XPOS and UPOS hashes
  };
  static size_t Features(const ArcEagerState& st, const std::vector<Word>& words, uint64_t* f);
  static std::vector<Word> Words(const std::vector<std::string_view>& forms,
                                 const std::vector<std::string_view>& xpos,
                                 const std::vector<std::string_view>& upos);
  // Legal actions and the best-scoring one.
  uint32_t Best(const ArcEagerState& st, const float* scores, bool* legal) const;
  // The best-scoring legal action, as Best() picks it, without the legality table (decoding).
  uint32_t BestLegal(const ArcEagerState& st, const float* scores) const;
  void Finish(const ArcEagerState& st, const std::vector<std::string_view>& upos,
              std::vector<int>* heads, std::vector<uint32_t>* labels) const;

  std::vector<std::string> labels_;
  uint32_t root_label_ = 0;
  uint32_t punct_label_ = 0;
  uint32_t parataxis_label_ = 0;
  WeightTable table_;
};

}  // namespace kg::core::nlp
