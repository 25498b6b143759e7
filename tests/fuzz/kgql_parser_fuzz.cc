// libFuzzer target for the KGQL front end: any bytes go through the script splitter and the
// parser, which must answer with a statement or a Status and never crash, hang or leak.
// Built with clang only, when KG_BUILD_FUZZ is on:
//   CXX=clang++ cmake -B build/fuzz -G Ninja -DKG_BUILD_FUZZ=ON && cmake --build build/fuzz
//     --target kgql_parser_fuzz && build/fuzz/tests/fuzz/kgql_parser_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <string>

#include "query/parser/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const kg::query::ScriptStatement& s : kg::query::SplitScript(text)) {
    kg::Result<std::unique_ptr<kg::query::QueryStatement>> r = kg::query::ParseStatement(s.text);
    if (!r.ok() && r.status().message().empty()) __builtin_trap();  // every error says why
  }
  kg::Result<std::unique_ptr<kg::query::QueryStatement>> whole = kg::query::ParseStatement(text);
  (void)whole;
  return 0;
}
