#include "core/nlp/perceptron.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include <immintrin.h>

namespace kg::core::nlp {
namespace {

inline uint64_t SlotOf(uint64_t key) { return (key ^ (key >> 31)) * 0x9E3779B97F4A7C15ULL; }
// The slot's check value (see WeightTable::Slot): bits of the hash the slot index never uses.
inline uint32_t CheckOf(uint64_t key) { return static_cast<uint32_t>(SlotOf(key) >> 32) | 1u; }

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

// float16 → float32 for every bit pattern, for CPUs without F16C (256 KB, built on first use).
const float* HalfTable() {
  static const std::vector<float> table = [] {
    std::vector<float> t(65536);
    for (uint32_t h = 0; h < 65536; ++h) t[h] = HalfToFloat(static_cast<uint16_t>(h));
    return t;
  }();
  return table.data();
}

// Adds one row to scores. Dense rows hold `padded` halves (a multiple of 8); sparse rows hold
// `count` (class, half) pairs.
inline void AddRowPortable(const uint16_t* row, uint32_t count, bool dense, uint32_t padded,
                           const float* half, float* scores) {
  if (dense) {
    for (uint32_t j = 0; j < padded; ++j) scores[j] += half[row[j]];
  } else {
    for (uint32_t j = 0; j < count; ++j) scores[row[2 * j]] += half[row[2 * j + 1]];
  }
}

__attribute__((target("avx,f16c"), noinline)) void AddRowF16c(const uint16_t* row, uint32_t count,
                                                           bool dense, uint32_t padded,
                                                           float* scores) {
  if (dense) {
    for (uint32_t j = 0; j < padded; j += 8) {
      const __m256 w = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + j)));
      _mm256_storeu_ps(scores + j, _mm256_add_ps(_mm256_loadu_ps(scores + j), w));
    }
  } else {
    for (uint32_t j = 0; j < count; ++j) scores[row[2 * j]] += _cvtsh_ss(row[2 * j + 1]);
  }
}

// Looks the keys up in batches: probe positions are computed and prefetched first, because the
// table is larger than the cache and issuing the loads together overlaps their latencies.
template <typename SlotT, typename AddRow>
inline void ScoreWith(const uint64_t* keys, size_t n, uint64_t mask, const SlotT* slots,
                      const uint16_t* data, AddRow add_row) {
  constexpr size_t kBatch = 128;
  uint64_t pos[kBatch];
  const uint16_t* rows[kBatch];
  for (size_t start = 0; start < n; start += kBatch) {
    const size_t m = std::min(kBatch, n - start);
    for (size_t i = 0; i < m; ++i) {
      pos[i] = SlotOf(keys[start + i]);
      __builtin_prefetch(&slots[pos[i] & mask]);
    }
    // Second pass: find the rows and prefetch their first lines.
    for (size_t i = 0; i < m; ++i) {
      const uint32_t check = static_cast<uint32_t>(pos[i] >> 32) | 1u;
      uint64_t p = pos[i] & mask;
      rows[i] = nullptr;
      while (true) {
        const SlotT& s = slots[p];
        if (s.check == check) {
          rows[i] = data + s.begin;
          __builtin_prefetch(rows[i]);
          __builtin_prefetch(rows[i] + 32);
          break;
        }
        if (s.check == 0) break;
        p = (p + 1) & mask;
      }
    }
    for (size_t i = 0; i < m; ++i) {
      if (rows[i] != nullptr) add_row(rows[i] + 2, rows[i][0], rows[i][1] != 0);
    }
  }
}

bool HasF16c() {
  static const bool has = [] {
    __builtin_cpu_init();  // may run before main, from a static initialiser
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
  }();
  return has;
}

}  // namespace

size_t WeightTable::MemoryBytes() const {
  return slots_.size() * sizeof(Slot) + data_.size() * sizeof(uint16_t) +
         keys_.size() * sizeof(uint64_t);
}

void WeightTable::Score(const uint64_t* keys, size_t n, float* scores) const {
  if (slots_.empty()) return;
  const uint32_t padded = padded_classes_;
  if (HasF16c()) {
    ScoreWith(keys, n, mask_, slots_.data(), data_.data(),
              [&](const uint16_t* row, uint32_t count, bool dense) {
                AddRowF16c(row, count, dense, padded, scores);
              });
    return;
  }
  const float* half = HalfTable();
  ScoreWith(keys, n, mask_, slots_.data(), data_.data(),
            [&](const uint16_t* row, uint32_t count, bool dense) {
              AddRowPortable(row, count, dense, padded, half, scores);
            });
}

void WeightTable::Build(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& counts,
                        const std::vector<uint16_t>& classes,
                        const std::vector<uint16_t>& halves) {
  padded_classes_ = (num_classes_ + 7) / 8 * 8;
  num_weights_ = classes.size();
  keys_ = keys;
  size_t cap = 16;
  while (cap < keys.size() * 2) cap <<= 1;
  mask_ = cap - 1;
  slots_.assign(cap, Slot{});
  data_.clear();
  // Rows holding at least an eighth of the classes are stored dense: their scoring is then
  // branch-free vector work, and they cost at most twice their sparse size.
  size_t begin = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    uint64_t p = SlotOf(keys[i]) & mask_;
    while (slots_[p].check != 0) p = (p + 1) & mask_;
    const uint32_t at = static_cast<uint32_t>(data_.size());
    const bool dense = counts[i] * 8 >= num_classes_;
    data_.push_back(static_cast<uint16_t>(counts[i]));
    data_.push_back(dense ? 1 : 0);
    if (dense) {
      data_.resize(data_.size() + padded_classes_, 0);  // 0 is +0.0 in float16
      for (uint32_t j = 0; j < counts[i]; ++j) {
        data_[at + 2 + classes[begin + j]] = halves[begin + j];
      }
    } else {
      for (uint32_t j = 0; j < counts[i]; ++j) {
        data_.push_back(classes[begin + j]);
        data_.push_back(halves[begin + j]);
      }
    }
    slots_[p] = Slot{CheckOf(keys[i]), at};
    begin += counts[i];
  }
  data_.shrink_to_fit();
}

WeightTable WeightTable::FromRows(uint32_t num_classes, const std::vector<Row>& rows) {
  WeightTable t;
  t.num_classes_ = num_classes;
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<uint16_t> classes, halves;
  for (const Row& row : rows) {
    if (row.weights.empty()) continue;
    keys.push_back(row.key);
    counts.push_back(static_cast<uint32_t>(row.weights.size()));
    for (const auto& [c, w] : row.weights) {
      classes.push_back(c);
      halves.push_back(FloatToHalf(w));
    }
  }
  t.Build(keys, counts, classes, halves);
  return t;
}

void WeightTable::Serialize(ByteWriter* w) const {
  w->Put<uint32_t>(num_classes_);
  // Keys and counts in row order; entries follow in the same order.
  std::vector<uint32_t> counts;
  std::vector<uint16_t> classes;
  std::vector<uint16_t> halves;
  counts.reserve(keys_.size());
  size_t at = 0;
  for (size_t i = 0; i < keys_.size(); ++i) {
    const uint32_t count = data_[at];
    const bool dense = data_[at + 1] != 0;
    const uint16_t* row = data_.data() + at + 2;
    if (dense) {
      uint32_t n = 0;  // weights that rounded to 0 in float16 are not written
      for (uint32_t j = 0; j < num_classes_; ++j) {
        if ((row[j] & 0x7fffu) == 0) continue;  // ±0: a class the row does not hold
        classes.push_back(static_cast<uint16_t>(j));
        halves.push_back(row[j]);
        ++n;
      }
      counts.push_back(n);
      at += 2 + padded_classes_;
    } else {
      counts.push_back(count);
      for (uint32_t j = 0; j < count; ++j) {
        classes.push_back(row[2 * j]);
        halves.push_back(row[2 * j + 1]);
      }
      at += 2 + 2 * size_t{count};
    }
  }
  w->PutArray(keys_);
  w->PutArray(counts);
  w->PutArray(classes);
  w->PutArray(halves);
}

Status WeightTable::Deserialize(ByteReader* r) {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<uint16_t> classes, halves;
  if (!r->Get(&num_classes_) || !r->GetArray(&keys) || !r->GetArray(&counts) ||
      !r->GetArray(&classes) || !r->GetArray(&halves)) {
    return Status::Corruption("weight table truncated");
  }
  if (keys.size() != counts.size() || classes.size() != halves.size() || num_classes_ == 0 ||
      num_classes_ > 65535) {
    return Status::Corruption("weight table sizes disagree");
  }
  uint64_t total = 0;
  for (uint32_t c : counts) total += c;
  if (total != classes.size()) return Status::Corruption("weight table counts disagree");
  for (uint16_t c : classes) {
    if (c >= num_classes_) return Status::Corruption("weight table class out of range");
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == 0) return Status::Corruption("weight table has an empty key");
    if (counts[i] > num_classes_) return Status::Corruption("weight table row too long");
  }
  if (classes.size() >= (size_t{1} << 30) || keys.size() >= (size_t{1} << 30)) {
    return Status::Corruption("weight table too large");
  }
  Build(keys, counts, classes, halves);
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
