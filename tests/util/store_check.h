// Test helper: runs storage::Store::Check and fails the test on any problem it reports.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/store.h"

namespace kg::testing {

inline void ExpectStoreConsistent(const storage::Store& store) {
  uint64_t statements = 0, evidence = 0, index = 0;
  std::vector<std::string> problems;
  ASSERT_TRUE(store.Check(&statements, &evidence, &index, &problems).ok());
  EXPECT_TRUE(problems.empty()) << problems.front();
}

}  // namespace kg::testing
