#include "core/model/corroboration.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>

namespace kg::core {

Corroboration Corroborate(const std::vector<Evidence>& evidence, double fallback) {
  auto clamp = [](double c) { return std::clamp(c, 0.0, 1.0); };
  Corroboration out;
  if (evidence.empty()) {
    out.confidence = clamp(fallback);
    return out;
  }
  // outlet -> document -> the document's confidence
  std::map<std::string, std::map<std::string, double>> outlets;
  for (const Evidence& ev : evidence) {
    // A document without an outlet cannot be assumed to share one with any other document.
    const std::string outlet = ev.source.empty() ? "\x01" + ev.doc : ev.source;
    const double c = clamp(ev.confidence.value_or(fallback));
    auto [it, fresh] = outlets[outlet].emplace(ev.doc, c);
    if (!fresh) it->second = std::max(it->second, c);
  }
  double doubt = 1;  // the probability that every outlet is wrong
  std::map<std::string, int> documents;
  for (const auto& [outlet, docs] : outlets) {
    std::vector<double> cs;
    for (const auto& [doc, c] : docs) {
      cs.push_back(c);
      ++documents[doc];
    }
    std::sort(cs.begin(), cs.end(), std::greater<double>());
    double outlet_doubt = 1 - cs[0];
    for (size_t i = 1; i < cs.size(); ++i) outlet_doubt *= 1 - kSameOutletWeight * cs[i];
    doubt *= outlet_doubt;
  }
  out.documents = static_cast<uint32_t>(documents.size());
  out.outlets = static_cast<uint32_t>(outlets.size());
  // Rounded to 12 decimals (a monotone step): 1 - (1 - 0.1) is 0.1 again, not 0.09999...
  out.confidence = clamp(std::round((1 - doubt) * 1e12) / 1e12);
  return out;
}

}  // namespace kg::core
