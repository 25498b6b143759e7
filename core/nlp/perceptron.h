// The averaged perceptron shared by the tagger and the parser: a trainer with sparse per-feature
// rows and lazy averaging, and the frozen, pruned WeightTable that models ship and decode with.
//
// Features are 64-bit hashes (see features.h): no vocabulary is stored, and a feature never
// seen in training finds no row (but for a 2^-31 chance per probe: see WeightTable::Slot).
// Rows are sparse (only classes that were ever updated),
// which keeps both training memory and scoring cost proportional to what was learned.
// Thread-safety: WeightTable is immutable after construction and safe to share; the trainer
// is single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/nlp/model_file.h"
#include "kg/status.h"

namespace kg::core::nlp {

// Frozen class weights per feature hash, float16 on disk and in memory: scoring is bound by
// memory traffic (a parse step reads ~80 rows from a table far larger than the cache), so half
// the bytes per row is worth the conversion, which F16C does in one instruction per 8 weights.
class WeightTable {
 public:
  WeightTable() = default;

  uint32_t num_classes() const { return num_classes_; }
  // The size of the score array Score() writes: num_classes() rounded up to whole vectors
  // (of 8 floats).
  uint32_t score_size() const { return padded_classes_; }
  size_t num_features() const { return keys_.size(); }
  // Non-zero weights.
  size_t num_weights() const { return num_weights_; }
  // Bytes held in memory.
  size_t MemoryBytes() const;

  // Adds the weights of every feature in keys[0, n) to scores[0, score_size()); the entries
  // past num_classes() are scratch. Unknown features are ignored.
  void Score(const uint64_t* keys, size_t n, float* scores) const;

  void Serialize(ByteWriter* w) const;
  // Errors: Corruption when the bytes do not describe a table.
  Status Deserialize(ByteReader* r);

  // Builds a table from (key, class, weight) triples grouped by key. Used by the trainer.
  struct Row {
    uint64_t key;
    std::vector<std::pair<uint16_t, float>> weights;
  };
  static WeightTable FromRows(uint32_t num_classes, const std::vector<Row>& rows);

 private:
  // One hash slot: 8 bytes, so a cache line holds 8 and the index stays small. `check` is the
  // high half of the key's slot hash with bit 0 set (0 marks an empty slot; the low half picks
  // the slot), so a feature missing from the table, or a second key on the same probe path,
  // matches with probability 2^-31 per probe: a stray row that rarely, a lost one never.
  struct Slot {
    uint32_t check = 0;
    uint32_t begin = 0;  // offset of the row's header in data_
  };
  // Builds slots_, data_ and keys_ from rows given as parallel arrays: row i holds counts[i]
  // entries of `classes` and `halves` (float16 bits), in order.
  void Build(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& counts,
             const std::vector<uint16_t>& classes, const std::vector<uint16_t>& halves);

  uint32_t num_classes_ = 0;
  uint32_t padded_classes_ = 0;
  size_t num_weights_ = 0;
  uint64_t mask_ = 0;
  std::vector<Slot> slots_;
  // Rows in one array, each contiguous after a two-entry header (count, dense flag): a dense
  // row is padded_classes_ float16 weights; a sparse row is `count` (class, float16 weight)
  // pairs interleaved, so reading one row is one memory stream.
  std::vector<uint16_t> data_;
  std::vector<uint64_t> keys_;  // the full key of each row, in data_ order (for Serialize)
};

// Trains an averaged perceptron over hashed features.
class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(uint32_t num_classes);

  uint32_t num_classes() const { return num_classes_; }
  // Adds the current (not averaged) weights of keys[0, n) to scores.
  void Score(const uint64_t* keys, size_t n, float* scores) const;
  // One perceptron step: +1 for `truth`, -1 for `guess` on every feature (no-op when equal).
  void Update(const uint64_t* keys, size_t n, uint32_t truth, uint32_t guess);
  // Advances the averaging clock by one example.
  void Tick() { ++time_; }

  // The averaged weights. Weights whose magnitude is below `prune` (relative to the largest
  // weight of the table) are dropped; prune = 0 keeps every non-zero weight.
  WeightTable Average(double prune) const;

 private:
  struct Entry {
    uint16_t cls;
    float weight;
    double total;  // sum of the weight over time up to `stamp`
    uint64_t stamp;
  };
  uint32_t FindOrAddRow(uint64_t key);
  int64_t FindRow(uint64_t key) const;
  void Grow();

  uint32_t num_classes_;
  uint64_t time_ = 1;
  std::vector<uint64_t> keys_;   // open addressing, 0 = empty
  std::vector<uint32_t> index_;  // row of each slot
  size_t used_ = 0;
  std::vector<std::vector<Entry>> rows_;
  std::vector<uint64_t> row_keys_;
};

}  // namespace kg::core::nlp
