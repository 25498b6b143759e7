#include "kg/model.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace kg {

bool IsLiteralType(const std::string& type) {
  static constexpr std::array<std::string_view, 11> kLiteralTypes = {
      "CLAIM", "QUOTE",   "QUANTITY", "DATE",    "TIME", "NUMBER",
      "MONEY", "PERCENT", "TEXT",     "LITERAL", "URL"};
  return std::find(kLiteralTypes.begin(), kLiteralTypes.end(), type) != kLiteralTypes.end();
}

}  // namespace kg
