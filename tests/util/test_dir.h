// Scratch folders for tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace kg::testing {

// A fresh, empty folder for the running test: `prefix`, the test's name and the process id, so
// tests running in parallel (ctest -j) never share one. The caller removes it.
inline std::filesystem::path MakeTestDir(const std::string& prefix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    (prefix + "-" + (info ? std::string(info->name()) : "none") +
                                     "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace kg::testing
