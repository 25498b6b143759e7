#include "core/nlp/features.h"

#include "core/util/text.h"

namespace kg::core::nlp {

std::string NormaliseForm(std::string_view form) {
  std::string n(form);
  for (char& c : n) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    else if (c >= '0' && c <= '9') c = '0';
  }
  return n;
}

Lexeme MakeLexeme(std::string_view form) {
  Lexeme x;
  x.word = Hash64(form);
  const std::string norm = NormaliseForm(form);
  x.norm = Hash64(norm);
  std::string shape;
  char last = 0;
  int run = 0;
  bool any_lower = false, any_upper = false;
  for (unsigned char c : form) {
    char k;
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
      any_upper = true;
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
      any_lower = true;
    } else if (c >= '0' && c <= '9') {
      k = 'd';
      x.flags |= kHasDigit;
    } else if (c >= 0x80) {
      if ((c & 0xC0) == 0x80) continue;  // continuation byte
      k = 'u';
    } else {
      k = static_cast<char>(c);
      if (c == '-') x.flags |= kHasHyphen;
      if (c == '.') x.flags |= kHasPeriod;
    }
    run = (k == last) ? run + 1 : 1;
    last = k;
    if (run <= 4) shape += k;
  }
  x.shape = Hash64(shape) ^ 0x5ca1ab1e;
  if (!form.empty() && form[0] >= 'A' && form[0] <= 'Z') x.flags |= kCapitalised;
  if (any_upper && !any_lower) x.flags |= kAllCaps;
  for (size_t k = 1; k <= 3; ++k) {
    x.prefix[k - 1] = norm.size() >= k ? Hash64(std::string_view(norm).substr(0, k)) + k : k;
  }
  for (size_t k = 1; k <= 4; ++k) {
    x.suffix[k - 1] =
        norm.size() >= k ? Hash64(std::string_view(norm).substr(norm.size() - k)) + 7 * k : 7 * k;
  }
  return x;
}

Lexeme BoundaryLexeme(int which) {
  Lexeme x;
  const uint64_t v = Mix64(0xB0B0 + static_cast<uint64_t>(which));
  x.word = x.norm = x.shape = v;
  for (uint64_t& p : x.prefix) p = v;
  for (uint64_t& s : x.suffix) s = v;
  return x;
}

}  // namespace kg::core::nlp
