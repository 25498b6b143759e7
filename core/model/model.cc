#include "kg/model.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace kg {

bool IsLiteralType(const std::string& type) {
  // UNKNOWN and NONE are the placeholders of a missing agent or object (kg/extract.h).
  static constexpr std::array<std::string_view, 13> kLiteralTypes = {
      "CLAIM", "QUOTE",   "QUANTITY", "DATE",    "TIME", "NUMBER",  "MONEY",
      "PERCENT", "TEXT",  "LITERAL",  "URL",     "UNKNOWN", "NONE"};
  return std::find(kLiteralTypes.begin(), kLiteralTypes.end(), type) != kLiteralTypes.end();
}

}  // namespace kg
