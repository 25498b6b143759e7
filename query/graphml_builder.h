// query::GraphmlBuilder: gathers statements (and lone nodes) into GraphML nodes and edges
// and writes them with core::WriteGraphml. Shared by Database::ExportGraphml and KGQL's
// EXPORT GRAPHML. Thread-safety: one builder per export.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/export/graphml.h"
#include "kg/model.h"
#include "kg/status.h"

namespace kg::query {

class GraphmlBuilder {
 public:
  void Add(const kg::Statement& st) {
    core::GraphmlEdge e;
    e.source = NodeIndex(st.subject);
    e.target = NodeIndex(st.object);
    e.id = st.id;
    e.predicate = st.predicate.lemma;
    e.text = st.predicate.text;
    e.support = st.support;
    e.outlets = st.outlets;
    e.confidence = st.confidence;
    e.time = st.qualifiers.time;
    std::set<std::string> sources;
    for (const Evidence& ev : st.evidence) {
      if (!ev.source.empty()) sources.insert(ev.source);
    }
    e.sources.assign(sources.begin(), sources.end());
    e.negated = st.qualifiers.negated;
    e.modality = st.qualifiers.modality;
    if (st.qualifiers.attributed_to) {
      e.attributed_to = st.qualifiers.attributed_to->name.empty()
                            ? st.qualifiers.attributed_to->id
                            : st.qualifiers.attributed_to->name;
    }
    edges_.push_back(std::move(e));
  }
  uint32_t NodeIndex(const Node& n) {
    auto [it, fresh] = index_.emplace(n.id, static_cast<uint32_t>(nodes_.size()));
    if (fresh) {
      core::GraphmlNode g;
      g.id = n.id;
      g.name = n.name;
      g.type = n.type;
      g.kind = n.kind;
      for (const Alias& a : n.aliases) g.aliases.push_back(a.text);
      nodes_.push_back(std::move(g));
    }
    return it->second;
  }
  Status Write(std::ostream& out) { return core::WriteGraphml(out, nodes_, edges_); }

 private:
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<core::GraphmlNode> nodes_;
  std::vector<core::GraphmlEdge> edges_;
};


}  // namespace kg::query
