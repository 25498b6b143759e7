// storage::KeySet agrees with std::set under random inserts and erases (backward-shift deletion
// keeps every remaining key findable), including the zero key and keys sharing a home slot;
// storage::KeyMap agrees with std::map under random sets, through growth and reserve.
#include "storage/key_set.h"

#include <gtest/gtest.h>

#include <random>
#include <map>
#include <set>
#include <utility>

namespace kg::storage {
namespace {

TEST(KeySetTest, AgreesWithStdSetUnderInsertsAndErases) {
  std::mt19937_64 rng(7);
  KeySet set;
  std::set<std::pair<uint64_t, uint64_t>> reference;
  // Few distinct values per half, so collisions, re-inserts and erases of absent keys happen.
  auto draw = [&] { return Key128{rng() % 3, rng() % 5000}; };
  for (int i = 0; i < 200000; ++i) {
    const Key128 k = draw();
    const auto r = std::make_pair(k.hi, k.lo);
    switch (rng() % 3) {
      case 0:
      case 1:
        EXPECT_EQ(set.insert(k), reference.insert(r).second);
        break;
      default:
        EXPECT_EQ(set.erase(k), reference.erase(r) == 1);
        break;
    }
    if (i % 1000 == 0) {
      ASSERT_EQ(set.size(), reference.size());
      for (uint64_t hi = 0; hi < 3; ++hi) {
        for (uint64_t lo = 0; lo < 5000; lo += 7) {
          ASSERT_EQ(set.contains({hi, lo}), reference.count({hi, lo}) == 1) << hi << " " << lo;
        }
      }
    }
  }
  EXPECT_TRUE(set.insert({0, 0}) || set.contains({0, 0}));
  EXPECT_TRUE(set.erase({0, 0}));
  EXPECT_FALSE(set.contains({0, 0}));
}

TEST(KeyMapTest, AgreesWithStdMapUnderSets) {
  std::mt19937_64 rng(11);
  KeyMap map;
  std::map<std::pair<uint64_t, uint64_t>, uint32_t> reference;
  EXPECT_EQ(map.find({0, 0}), KeyMap::kNone);
  EXPECT_EQ(map.find({1, 2}), KeyMap::kNone);
  for (int i = 0; i < 100000; ++i) {
    const Key128 k{rng() % 3, rng() % 20000};  // the zero key included
    const uint32_t v = static_cast<uint32_t>(rng() % 1000);
    map.set(k, v);
    reference[{k.hi, k.lo}] = v;
    if (i == 50000) map.reserve(200000);  // a rehash with keys held
    if (i % 5000 == 0) {
      for (uint64_t hi = 0; hi < 3; ++hi) {
        for (uint64_t lo = 0; lo < 20000; lo += 13) {
          auto it = reference.find({hi, lo});
          ASSERT_EQ(map.find({hi, lo}), it == reference.end() ? KeyMap::kNone : it->second)
              << hi << " " << lo;
        }
      }
    }
  }
}

}  // namespace
}  // namespace kg::storage
