#include "core/nlp/perceptron.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace kg::core::nlp {
namespace {

// Four floats in one SSE register (GCC/Clang vector extension; plain loops at -O2 stay scalar).
typedef float Vec4 __attribute__((vector_size(16)));

inline uint64_t SlotOf(uint64_t key) { return (key ^ (key >> 31)) * 0x9E3779B97F4A7C15ULL; }

// IEEE 754 binary16 <-> binary32, round to nearest even; weights are far from the range limits.
uint16_t FloatToHalf(float f) {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const int32_t exp = static_cast<int32_t>((x >> 23) & 0xff) - 127 + 15;
  uint32_t mant = x & 0x7fffffu;
  if (((x >> 23) & 0xff) == 0xff) return static_cast<uint16_t>(sign | 0x7c00u | (mant ? 0x200u : 0));
  if (exp >= 31) return static_cast<uint16_t>(sign | 0x7c00u);
  if (exp <= 0) {
    if (exp < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000u;
    const uint32_t shift = static_cast<uint32_t>(14 - exp);
    uint32_t half = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1);
    const uint32_t mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (static_cast<uint32_t>(exp) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (half & 1))) ++half;  // may carry into the exponent
  return static_cast<uint16_t>(sign | half);
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ffu;
  if (exp == 0) {
    if (mant == 0) return std::bit_cast<float>(sign);
    int e = -1;
    do {
      ++e;
      mant <<= 1;
    } while ((mant & 0x400u) == 0);
    mant &= 0x3ffu;
    return std::bit_cast<float>(sign | (static_cast<uint32_t>(127 - 15 - e) << 23) | (mant << 13));
  }
  if (exp == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));
  return std::bit_cast<float>(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

}  // namespace

size_t WeightTable::MemoryBytes() const {
  return slots_.size() * sizeof(Slot) + classes_.size() * sizeof(uint16_t) +
         weights_.size() * sizeof(float);
}

size_t WeightTable::num_weights() const { return classes_.size(); }

void WeightTable::Score(const uint64_t* keys, size_t n, float* scores) const {
  if (slots_.empty()) return;
  // Probe positions first and prefetch them: the table is larger than the cache, and issuing
  // the loads together overlaps their latencies.
  constexpr size_t kBatch = 128;
  uint64_t pos[kBatch];
  for (size_t start = 0; start < n; start += kBatch) {
    const size_t m = std::min(kBatch, n - start);
    for (size_t i = 0; i < m; ++i) {
      pos[i] = SlotOf(keys[start + i]) & mask_;
      __builtin_prefetch(&slots_[pos[i]]);
    }
    for (size_t i = 0; i < m; ++i) {
      const uint64_t key = keys[start + i];
      uint64_t p = pos[i];
      while (true) {
        const Slot& s = slots_[p];
        if (s.key == key) {
          const float* w = weights_.data() + s.begin;
          if (s.count & kDense) {
            // Rows holding many classes are stored dense, padded to whole vectors.
            for (uint32_t j = 0; j < padded_classes_; j += 4) {
              Vec4 a, b;
              std::memcpy(&a, scores + j, sizeof a);
              std::memcpy(&b, w + j, sizeof b);
              a += b;
              std::memcpy(scores + j, &a, sizeof a);
            }
          } else {
            const uint16_t* c = classes_.data() + s.begin;
            for (uint32_t j = 0; j < s.count; ++j) scores[c[j]] += w[j];
          }
          break;
        }
        if (s.key == 0) break;
        p = (p + 1) & mask_;
      }
    }
  }
}

void WeightTable::BuildIndex(const std::vector<uint64_t>& keys,
                             const std::vector<uint32_t>& counts) {
  padded_classes_ = (num_classes_ + 3) / 4 * 4;
  num_features_ = keys.size();
  size_t cap = 16;
  while (cap < keys.size() * 2) cap <<= 1;
  mask_ = cap - 1;
  slots_.assign(cap, Slot{});
  // classes_/weights_ hold the sparse rows in key order; dense copies of the rows that hold at
  // least a third of the classes go to the end of weights_.
  const std::vector<float> sparse = weights_;
  uint32_t begin = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    uint64_t p = SlotOf(keys[i]) & mask_;
    while (slots_[p].key != 0) p = (p + 1) & mask_;
    if (counts[i] * 8 >= num_classes_) {
      const uint32_t dense_begin = static_cast<uint32_t>(weights_.size());
      weights_.resize(weights_.size() + padded_classes_, 0.0f);
      for (uint32_t j = 0; j < counts[i]; ++j) {
        weights_[dense_begin + classes_[begin + j]] = sparse[begin + j];
      }
      slots_[p] = Slot{keys[i], dense_begin, kDense | counts[i]};
    } else {
      slots_[p] = Slot{keys[i], begin, counts[i]};
    }
    begin += counts[i];
  }
}

WeightTable WeightTable::FromRows(uint32_t num_classes, const std::vector<Row>& rows) {
  WeightTable t;
  t.num_classes_ = num_classes;
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  for (const Row& row : rows) {
    if (row.weights.empty()) continue;
    keys.push_back(row.key);
    counts.push_back(static_cast<uint32_t>(row.weights.size()));
    for (const auto& [c, w] : row.weights) {
      t.classes_.push_back(c);
      t.weights_.push_back(HalfToFloat(FloatToHalf(w)));  // what a reload will see
    }
  }
  t.BuildIndex(keys, counts);
  return t;
}

void WeightTable::Serialize(ByteWriter* w) const {
  w->Put<uint32_t>(num_classes_);
  // Keys and counts in table order; entries follow in the same order.
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<uint16_t> classes;
  std::vector<uint16_t> halves;
  keys.reserve(num_features_);
  for (const Slot& s : slots_) {
    if (s.key == 0) continue;
    keys.push_back(s.key);
    if (s.count & kDense) {
      uint32_t n = 0;
      for (uint32_t j = 0; j < num_classes_; ++j) {
        if (weights_[s.begin + j] == 0.0f) continue;
        classes.push_back(static_cast<uint16_t>(j));
        halves.push_back(FloatToHalf(weights_[s.begin + j]));
        ++n;
      }
      counts.push_back(n);
      continue;
    }
    counts.push_back(s.count);
    for (uint32_t j = 0; j < s.count; ++j) {
      classes.push_back(classes_[s.begin + j]);
      halves.push_back(FloatToHalf(weights_[s.begin + j]));
    }
  }
  w->PutArray(keys);
  w->PutArray(counts);
  w->PutArray(classes);
  w->PutArray(halves);
}

Status WeightTable::Deserialize(ByteReader* r) {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<uint16_t> halves;
  if (!r->Get(&num_classes_) || !r->GetArray(&keys) || !r->GetArray(&counts) ||
      !r->GetArray(&classes_) || !r->GetArray(&halves)) {
    return Status::Corruption("weight table truncated");
  }
  if (keys.size() != counts.size() || classes_.size() != halves.size() || num_classes_ == 0 ||
      num_classes_ > 65535) {
    return Status::Corruption("weight table sizes disagree");
  }
  uint64_t total = 0;
  for (uint32_t c : counts) total += c;
  if (total != classes_.size()) return Status::Corruption("weight table counts disagree");
  for (uint16_t c : classes_) {
    if (c >= num_classes_) return Status::Corruption("weight table class out of range");
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == 0) return Status::Corruption("weight table has an empty key");
    if (counts[i] > num_classes_) return Status::Corruption("weight table row too long");
  }
  weights_.resize(halves.size());
  for (size_t i = 0; i < halves.size(); ++i) weights_[i] = HalfToFloat(halves[i]);
  BuildIndex(keys, counts);
  return Status::OK();
}

PerceptronTrainer::PerceptronTrainer(uint32_t num_classes) : num_classes_(num_classes) {
  keys_.assign(1 << 16, 0);
  index_.assign(1 << 16, 0);
}

int64_t PerceptronTrainer::FindRow(uint64_t key) const {
  const uint64_t mask = keys_.size() - 1;
  uint64_t p = SlotOf(key) & mask;
  while (true) {
    if (keys_[p] == key) return index_[p];
    if (keys_[p] == 0) return -1;
    p = (p + 1) & mask;
  }
}

void PerceptronTrainer::Grow() {
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint32_t> old_index = std::move(index_);
  keys_.assign(old_keys.size() * 2, 0);
  index_.assign(old_keys.size() * 2, 0);
  const uint64_t mask = keys_.size() - 1;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == 0) continue;
    uint64_t p = SlotOf(old_keys[i]) & mask;
    while (keys_[p] != 0) p = (p + 1) & mask;
    keys_[p] = old_keys[i];
    index_[p] = old_index[i];
  }
}

uint32_t PerceptronTrainer::FindOrAddRow(uint64_t key) {
  if ((used_ + 1) * 2 > keys_.size()) Grow();
  const uint64_t mask = keys_.size() - 1;
  uint64_t p = SlotOf(key) & mask;
  while (true) {
    if (keys_[p] == key) return index_[p];
    if (keys_[p] == 0) break;
    p = (p + 1) & mask;
  }
  keys_[p] = key;
  index_[p] = static_cast<uint32_t>(rows_.size());
  ++used_;
  rows_.emplace_back();
  row_keys_.push_back(key);
  return index_[p];
}

void PerceptronTrainer::Score(const uint64_t* keys, size_t n, float* scores) const {
  for (size_t i = 0; i < n; ++i) {
    const int64_t row = FindRow(keys[i]);
    if (row < 0) continue;
    for (const Entry& e : rows_[row]) scores[e.cls] += e.weight;
  }
}

void PerceptronTrainer::Update(const uint64_t* keys, size_t n, uint32_t truth, uint32_t guess) {
  if (truth == guess) return;
  for (size_t i = 0; i < n; ++i) {
    std::vector<Entry>& row = rows_[FindOrAddRow(keys[i])];
    for (const auto& [cls, delta] : {std::pair{truth, 1.0f}, std::pair{guess, -1.0f}}) {
      Entry* e = nullptr;
      for (Entry& x : row) {
        if (x.cls == cls) {
          e = &x;
          break;
        }
      }
      if (e == nullptr) {
        row.push_back(Entry{static_cast<uint16_t>(cls), 0.0f, 0.0, time_});
        e = &row.back();
      }
      e->total += static_cast<double>(time_ - e->stamp) * e->weight;
      e->stamp = time_;
      e->weight += delta;
    }
  }
}

WeightTable PerceptronTrainer::Average(double prune) const {
  std::vector<WeightTable::Row> rows;
  rows.reserve(rows_.size());
  double largest = 0;
  for (size_t r = 0; r < rows_.size(); ++r) {
    WeightTable::Row out{row_keys_[r], {}};
    for (const Entry& e : rows_[r]) {
      const double total = e.total + static_cast<double>(time_ - e.stamp) * e.weight;
      const float avg = static_cast<float>(total / static_cast<double>(time_));
      if (avg != 0.0f) out.weights.emplace_back(e.cls, avg);
      largest = std::max(largest, std::fabs(static_cast<double>(avg)));
    }
    rows.push_back(std::move(out));
  }
  if (prune > 0) {
    const double cut = prune * largest;
    for (WeightTable::Row& row : rows) {
      std::erase_if(row.weights, [&](const auto& cw) { return std::fabs(cw.second) < cut; });
    }
  }
  return WeightTable::FromRows(num_classes_, rows);
}

}  // namespace kg::core::nlp
