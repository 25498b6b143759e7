// Database::CompleteNames, CompletePredicates and GetSchema: what the shell completes and lists.
#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/util/text.h"
#include "query/database_impl.h"

namespace kg {

namespace {

// Completion looks at this many index entries per requested name at most: enough to rank the
// common names of a prefix, small enough to answer while the user waits for a Tab.
constexpr size_t kScanPerResult = 20;
constexpr size_t kMinScan = 200;

// Normalised prefix. A prefix that ends in a space or punctuation ("Lena ", "Mr.") keeps a
// trailing space, so it completes only longer names and not "Lenaia".
std::string NormalizePrefix(const std::string& prefix) {
  std::string norm = core::NormalizeName(prefix);
  if (!norm.empty() && !prefix.empty()) {
    const auto last = static_cast<unsigned char>(prefix.back());
    if (last < 0x80 && !std::isalnum(last)) norm += ' ';
  }
  return norm;
}

}  // namespace

Result<std::vector<std::string>> Database::CompleteNames(const std::string& prefix,
                                                         size_t limit) {
  std::vector<std::string> out;
  if (limit == 0) return out;
  std::shared_lock lock(impl_->mu);
  const std::string norm = NormalizePrefix(prefix);
  Result<std::vector<std::pair<std::string, uint64_t>>> hits =
      impl_->store->ScanAliases(norm, std::max(kMinScan, limit * kScanPerResult));
  if (!hits.ok()) return hits.status();
  // Surface form → how many documents used it (the best of the nodes that carry it).
  std::map<std::string, uint64_t> weight;
  std::map<uint64_t, Node> nodes;
  for (const auto& [alias, id] : *hits) {
    auto it = nodes.find(id);
    if (it == nodes.end()) {
      Result<Node> node = impl_->store->GetNode(id);
      if (!node.ok()) return node.status();
      it = nodes.emplace(id, std::move(node).value()).first;
    }
    const Node& node = it->second;
    uint64_t total = 0;
    for (const Alias& a : node.aliases) total += a.count;
    for (const Alias& a : node.aliases) {
      if (core::NormalizeName(a.text) != alias) continue;
      uint64_t& w = weight[a.text];
      w = std::max<uint64_t>(w, a.count);
    }
    // The canonical name ranks with everything the node is called: it is what to show first.
    if (core::NormalizeName(node.name) == alias) {
      uint64_t& w = weight[node.name];
      w = std::max(w, total + 1);
    }
  }
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (auto& [text, w] : weight) ranked.emplace_back(w, text);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i) {
    out.push_back(std::move(ranked[i].second));
  }
  return out;
}

Result<std::vector<std::string>> Database::CompletePredicates(const std::string& prefix,
                                                              size_t limit) {
  std::string lower = prefix;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::pair<std::string, uint64_t>> counts;
  {
    std::shared_lock lock(impl_->mu);  // the dictionary must not change while we read it
    counts = impl_->store->PredicateCounts();
  }
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (auto& [lemma, n] : counts) {
    if (lemma.compare(0, lower.size(), lower) == 0) ranked.emplace_back(n, lemma);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i) {
    out.push_back(std::move(ranked[i].second));
  }
  return out;
}

Result<Schema> Database::GetSchema() {
  std::shared_lock lock(impl_->mu);
  // Counts by the store's type id, entities and literals apart.
  std::map<std::pair<NodeKind, uint16_t>, uint64_t> counts;
  if (impl_->graph) {
    const core::GraphView& g = *impl_->graph;
    for (uint32_t v = 0; v < g.vertex_capacity(); ++v) {
      if (const core::VertexProps* p = g.vertex(v)) ++counts[{p->kind, p->type}];
    }
  } else {
    KG_RETURN_IF_ERROR(impl_->store->ScanGraphVertices(
        [&](uint64_t, const storage::VertexSummary& v) { ++counts[{v.kind, v.type}]; }));
  }
  Schema schema;
  for (const auto& [key, n] : counts) {
    TypeCount tc{impl_->store->TypeName(key.second), n};
    (key.first == NodeKind::kLiteral ? schema.literal_types : schema.entity_types).push_back(tc);
  }
  auto by_count = [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.type < b.type;
  };
  std::sort(schema.entity_types.begin(), schema.entity_types.end(), by_count);
  std::sort(schema.literal_types.begin(), schema.literal_types.end(), by_count);
  for (auto& [lemma, n] : impl_->store->PredicateCounts()) {
    schema.predicates.push_back({lemma, n});
  }
  std::sort(schema.predicates.begin(), schema.predicates.end(), [](const auto& a, const auto& b) {
    return a.statements != b.statements ? a.statements > b.statements : a.lemma < b.lemma;
  });
  return schema;
}

}  // namespace kg
