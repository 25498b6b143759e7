#include "core/resolve/name_groups.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "core/resolve/name_match.h"
#include "core/util/text.h"

namespace kg::core::resolve {

namespace {

constexpr const char* kLocalPrefix = "local:";

// Pronouns and determiners the extractor may leave as a capitalised subject ("This", "They").
bool ClosedClass(const std::string& folded) {
  static const char* const kWords[] = {"this", "these", "those", "that", "it",    "its",
                                       "he",   "she",   "they",  "we",   "i",     "you",
                                       "his",  "her",   "their", "our",  "there", "here",
                                       "what", "which", "who",   "one",  "some",  "all"};
  for (const char* w : kWords) {
    if (folded == w) return true;
  }
  return false;
}

// Proper names only: common nouns ("the talks") keep their provisional ids.
bool Groupable(const Node& n) {
  if (n.kind != NodeKind::kEntity || IsLiteralType(n.type) || n.type == "ROLE") return false;
  const std::string folded = NormalizeName(n.name);
  return !folded.empty() && !ClosedClass(folded) && LooksLikeProperName(n.name);
}

void AddAlias(const std::string& text, uint32_t count, std::vector<Alias>* aliases) {
  for (Alias& a : *aliases) {
    if (a.text == text) {
      a.count += count;
      return;
    }
  }
  aliases->push_back({text, count});
}

}  // namespace

bool HasDocumentEntityIds(const std::vector<Statement>& statements) {
  for (const Statement& st : statements) {
    if (st.subject.id.rfind(kLocalPrefix, 0) == 0 || st.object.id.rfind(kLocalPrefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

void GroupMentionsByName(std::vector<Statement>* statements, DocumentEntities* out) {
  std::unordered_map<std::string, size_t> by_name;  // folded name → entity index
  // A node may come with the surface forms a document used for it (aliases): they join the
  // entity's; otherwise its name is the one spelling.
  auto entity_for = [&](const std::string& name, const std::string& type,
                        const std::vector<Alias>& spellings) -> size_t {
    const std::string key = NormalizeName(name);
    auto it = by_name.find(key);
    if (it == by_name.end()) {
      DocumentEntity e;
      e.name = name;
      e.type = type.empty() || type == "UNKNOWN" ? "OTHER" : type;
      out->entities.push_back(std::move(e));
      it = by_name.emplace(key, out->entities.size() - 1).first;
    }
    DocumentEntity& e = out->entities[it->second];
    if (e.type == "OTHER" && !type.empty() && type != "OTHER" && type != "UNKNOWN") e.type = type;
    if (spellings.empty()) {
      AddAlias(name, 1, &e.aliases);
    } else {
      // Every statement naming the entity carries the same list: keep it once.
      for (const Alias& a : spellings) {
        auto same = std::find_if(e.aliases.begin(), e.aliases.end(),
                                 [&a](const Alias& b) { return b.text == a.text; });
        if (same == e.aliases.end()) {
          e.aliases.push_back({a.text, std::max<uint32_t>(a.count, 1)});
        } else {
          same->count = std::max(same->count, a.count);
        }
      }
    }
    return it->second;
  };
  // Entities per sentence (by the evidence's span start), for co-occurrence.
  std::map<uint64_t, std::set<size_t>> per_sentence;
  std::vector<std::set<std::string>> roles(out->entities.size());
  auto add_role = [&](size_t entity, std::string role) {
    if (roles.size() <= entity) roles.resize(entity + 1);
    std::transform(role.begin(), role.end(), role.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!role.empty()) roles[entity].insert(std::move(role));
  };
  for (Statement& st : *statements) {
    const uint64_t sentence = st.evidence.empty() ? 0 : st.evidence.front().begin;
    long subject = -1;
    for (Node* n : {&st.subject, &st.object}) {
      if (!Groupable(*n)) continue;
      const size_t i = entity_for(n->name, n->type, n->aliases);
      if (n == &st.subject) subject = static_cast<long>(i);
      n->id = kLocalPrefix + std::to_string(i);
      per_sentence[sentence].insert(i);
    }
    for (std::optional<NodeRef>* ref : {&st.qualifiers.location, &st.qualifiers.attributed_to}) {
      if (!ref->has_value() || (*ref)->name.empty()) continue;
      Node as_node;
      as_node.name = (*ref)->name;
      as_node.type = "OTHER";
      if (!Groupable(as_node)) continue;
      const size_t i =
          entity_for((*ref)->name, ref == &st.qualifiers.location ? "LOCATION" : "", {});
      (*ref)->id = kLocalPrefix + std::to_string(i);
      per_sentence[sentence].insert(i);
    }
    if (subject < 0) continue;
    const std::string& lemma = st.predicate.lemma;
    if (lemma.size() > 3 && lemma.compare(lemma.size() - 3, 3, " of") == 0) {
      add_role(subject, lemma.substr(0, lemma.size() - 3));
    } else if (lemma == "be" && st.object.type == "ROLE") {
      add_role(subject, st.object.name);
    }
  }
  roles.resize(out->entities.size());
  for (size_t i = 0; i < out->entities.size(); ++i) {
    out->entities[i].roles.assign(roles[i].begin(), roles[i].end());
  }
  for (const auto& [sentence, members] : per_sentence) {
    for (size_t a : members) {
      std::vector<std::string>& co = out->entities[a].cooccurring;
      for (size_t b : members) {
        if (a == b) continue;
        const std::string& name = out->entities[b].name;
        if (std::find(co.begin(), co.end(), name) == co.end()) co.push_back(name);
      }
    }
  }
}

}  // namespace kg::core::resolve
