// storage::KeySet: a set of 128-bit keys in one open-addressing table (linear probing,
// backward-shift deletion), for the membership tests a write makes per piece of evidence and
// per alias contribution: no allocation per key and no string hashing, where a
// std::unordered_set<std::string> allocated a node and a string for each.
// storage::KeyMap: the same table with a 32-bit value per key (a position in a container held
// elsewhere), without deletion: the index a batch keeps of its staged records by identity hash
// and by internal id.
// Thread-safety: plain values; one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kg::storage {

struct Key128 {
  uint64_t hi = 0, lo = 0;
  bool operator==(const Key128& o) const { return hi == o.hi && lo == o.lo; }
  // The zero key marks a free slot in the tables below (held outside them when used).
  bool IsZero() const { return hi == 0 && lo == 0; }
  // The tables' hash; the slot is its low bits.
  uint64_t Hash() const {
    const uint64_t h = (hi ^ (lo * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
  }
};

class KeySet {
 public:
  bool contains(const Key128& k) const {
    if (IsZero(k)) return has_zero_;
    if (slots_.empty()) return false;
    for (size_t i = Home(k);; i = (i + 1) & mask_) {
      if (IsZero(slots_[i])) return false;
      if (slots_[i] == k) return true;
    }
  }

  // Starts reading the slot where a probe for `k` begins (a lookup soon after finds it in cache).
  void prefetch(const Key128& k) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(k)]);
  }

  // True when `k` was not in the set.
  bool insert(const Key128& k) {
    if (IsZero(k)) {
      const bool added = !has_zero_;
      has_zero_ = true;
      return added;
    }
    if ((used_ + 1) * 4 > slots_.size() * 3) Grow();
    size_t i = Home(k);
    for (; !IsZero(slots_[i]); i = (i + 1) & mask_) {
      if (slots_[i] == k) return false;
    }
    slots_[i] = k;
    ++used_;
    return true;
  }

  // True when `k` was in the set.
  bool erase(const Key128& k) {
    if (IsZero(k)) {
      const bool had = has_zero_;
      has_zero_ = false;
      return had;
    }
    if (slots_.empty()) return false;
    size_t i = Home(k);
    for (; !(slots_[i] == k); i = (i + 1) & mask_) {
      if (IsZero(slots_[i])) return false;
    }
    // Backward shift: move later members of the probe run into the hole when their home
    // position allows it, so lookups never need tombstones.
    for (size_t j = (i + 1) & mask_; !IsZero(slots_[j]); j = (j + 1) & mask_) {
      const size_t home = Home(slots_[j]);
      if (((j - home) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Key128();
    --used_;
    return true;
  }

  size_t size() const { return used_ + (has_zero_ ? 1 : 0); }

 private:
  static bool IsZero(const Key128& k) { return k.IsZero(); }
  size_t Home(const Key128& k) const { return static_cast<size_t>(k.Hash()) & mask_; }
  void Grow() {
    std::vector<Key128> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Key128());
    mask_ = slots_.size() - 1;
    used_ = 0;
    for (const Key128& k : old) {
      if (!IsZero(k)) insert(k);
    }
  }

  std::vector<Key128> slots_;  // size a power of two; the zero key marks a free slot
  size_t mask_ = 0;
  size_t used_ = 0;        // non-zero keys held
  bool has_zero_ = false;  // the zero key, held outside the table
};

// Key128 → uint32. Keys are never removed.
class KeyMap {
 public:
  static constexpr uint32_t kNone = ~uint32_t{0};

  // The value of `k`, or kNone.
  uint32_t find(const Key128& k) const {
    if (IsZero(k)) return zero_value_;
    if (slots_.empty()) return kNone;
    for (size_t i = Home(k);; i = (i + 1) & mask_) {
      if (IsZero(slots_[i].key)) return kNone;
      if (slots_[i].key == k) return slots_[i].value;
    }
  }

  // Starts reading the slot where a probe for `k` begins.
  void prefetch(const Key128& k) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(k)]);
  }

  // Sets the value of `k` (added or replaced).
  void set(const Key128& k, uint32_t value) {
    if (IsZero(k)) {
      zero_value_ = value;
      return;
    }
    if ((used_ + 1) * 4 > slots_.size() * 3) Grow(slots_.empty() ? 64 : slots_.size() * 2);
    size_t i = Home(k);
    for (; !IsZero(slots_[i].key); i = (i + 1) & mask_) {
      if (slots_[i].key == k) {
        slots_[i].value = value;
        return;
      }
    }
    slots_[i] = Slot{k, value};
    ++used_;
  }

  // Room for `n` keys without growing.
  void reserve(size_t n) {
    size_t size = 64;
    while (size * 3 < n * 4 + 4) size *= 2;
    if (size > slots_.size()) Grow(size);
  }

 private:
  struct Slot {
    Key128 key;
    uint32_t value = 0;
  };
  static bool IsZero(const Key128& k) { return k.IsZero(); }
  size_t Home(const Key128& k) const { return static_cast<size_t>(k.Hash()) & mask_; }
  void Grow(size_t size) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(size, Slot());
    mask_ = slots_.size() - 1;
    used_ = 0;
    for (const Slot& s : old) {
      if (!IsZero(s.key)) set(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;  // size a power of two; the zero key marks a free slot
  size_t mask_ = 0;
  size_t used_ = 0;                // non-zero keys held
  uint32_t zero_value_ = kNone;    // the zero key's value, held outside the table
};

}  // namespace kg::storage
