// Cross-document entity resolution: an in-memory index of the store's entities and the rules
// that map each entity of a new document to one of them or to a new node.
//
// The index holds, per stored entity, its id, name, type, the folded names it is known by
// (name and aliases), and a small context sketch: hashes of the role phrases and of the
// co-occurring entity names documents attached to it. Candidates come from blocking keys
// (name_match.h TokenKey of the whole name and, for people, of the surname; exact folded names
// and aliases), so a lookup touches a few buckets whatever the index size. Each candidate is
// then confirmed: type compatibility first (PERSON never joins a place; OTHER joins a typed
// entity only on its whole name, exactly or as a romanisation variant; two different specific
// types only on the exact name), then the name (name_match.h CompareNames), then context: a
// shared role or co-occurring entity adds to the score, which is what lets a surname alone or
// a weaker variant join. The user's alias rules come first: a pinned name joins its pin group's
// node whatever the score, a forbidden pair never joins.
// Thread-safety: Resolve is const and may run concurrently with other const calls; Put,
// Remove, SetRules and Commit need exclusive access (the Database calls them on its writer).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/resolve/document_entities.h"
#include "kg/status.h"

namespace kg::core::resolve {

// The user's alias file: pinned groups of names that are one entity, and pairs that never are.
// Format (docs/resolution.md): one rule a line, '#' starts a comment,
//   same: Kiev = Kyiv = Kyjiw
//   distinct: Lavrov != Lysak
// Names are compared folded (core::NormalizeName); a distinct name also matches a longer name
// ending with it ("Lavrov" matches "Sergei Lavrov"). `distinct: X != Y` keeps a mention that
// matches X but not Y off every node that matches Y, and the reverse.
struct AliasRules {
  std::vector<std::vector<std::string>> same;
  std::vector<std::pair<std::string, std::string>> distinct;
  bool empty() const { return same.empty() && distinct.empty(); }
};

// Parses an alias file. Errors: InvalidArgument "SOURCE:LINE: what is wrong".
Result<AliasRules> ParseAliasRules(std::string_view text, std::string_view source);
// The rules in the file format, one per line (ParseAliasRules reads it back).
std::string FormatAliasRules(const AliasRules& rules);
// `b` appended to `a`, dropping exact repeats.
void MergeAliasRules(const AliasRules& b, AliasRules* a);

// A stored entity as the index knows it.
struct KnownEntity {
  std::string id;    // the store's node id, "e:…"
  std::string name;  // display name
  std::string type;  // PERSON, ORG, LOCATION, EVENT, OTHER, …
  std::vector<std::string> aliases;        // surface forms
  std::vector<uint32_t> roles;             // ContextHash of role phrases
  std::vector<uint32_t> cooccurring;       // ContextHash of co-occurring entity names
  uint32_t documents = 0;                  // documents that resolved to it (a weight)
};

// A stored summary of a known entity: everything Resolve reads of it but its id (name, type,
// aliases, context sketch, documents), in a compact binary form, stamped with `epoch` (the
// store's summary generation, docs/storage.md). Persistent key records carry it as their
// value so that a store's candidates can be scored without reading their nodes.
std::string EncodeSummary(const KnownEntity& entity, uint64_t epoch);
// Decodes a summary of `epoch` into `entity` (all but its id). False, leaving `entity` in an
// unspecified state, when `value` is no summary, a summary of another epoch, or damaged.
bool DecodeSummary(std::string_view value, uint64_t epoch, KnownEntity* entity);

// Hash of a role phrase or co-occurring name for the context sketches; variant spellings of a
// name hash alike (it hashes the TokenKey form).
uint32_t ContextHash(std::string_view text);

// What became of one DocumentEntity.
struct EntityResolution {
  enum class How : uint8_t {
    kNew = 0,      // a new node
    kExact,        // the node with this exact (folded) name or alias
    kPinned,       // the node of the name's pin group (alias file)
    kVariant,      // a romanisation variant of the whole name
    kSurname,      // a surname alone (or an initial) matched a full name, or the reverse
    kRole,     // a role nominal: the one person of the document holding that role
  };
  std::string node_id;
  std::string node_name;  // the node's display name from now on (a fuller name upgrades it)
  std::string node_type;
  How how = How::kNew;
  double score = 0;
  std::string matched_name;  // the known name that matched, "" for new nodes
  std::string reason;        // why, in words: "romanisation variant peskow ~ peskov; shared role"
  // Nodes known only by this person's surname that the mention's full name showed to be the
  // same person as `node_id` (a surname node and a full-name node both matched): the caller
  // merges them into `node_id`, logged like a user's merge and as reversible.
  std::vector<std::string> absorbed;
  // A mention joined an existing node by something other than its exact name: logged.
  bool automatic_merge() const { return how != How::kNew && how != How::kExact; }
};

const char* HowName(EntityResolution::How how);

class EntityIndex {
 public:
  EntityIndex() = default;
  EntityIndex(const EntityIndex&) = delete;
  EntityIndex& operator=(const EntityIndex&) = delete;

  // Adds or replaces the entity with `entity.id`.
  void Put(KnownEntity entity);
  // Forgets an entity (removed from the store, or merged away). No-op when unknown.
  void Remove(const std::string& id);
  // The entity with `id`, or nullptr. The pointer is valid until the next non-const call.
  const KnownEntity* Find(const std::string& id) const;
  size_t size() const { return by_id_.size(); }

  void SetRules(AliasRules rules);
  const AliasRules& rules() const { return rules_; }

  // Maps every entity of one document to a node (existing or new), in order. New ids are
  // "e:" + the folded name with '_' for spaces, made unique against the index and each other.
  // `taken_elsewhere`, when given, names further ids a new node may not take (the store's,
  // when the index holds only part of it). Does not change the index.
  // REQUIRES: every entity has a non-empty name.
  std::vector<EntityResolution> Resolve(
      const DocumentEntities& doc,
      const std::function<bool(const std::string&)>& taken_elsewhere = nullptr) const;

  // The blocking keys `entity` is indexed under (what a persistent copy of the index stores).
  static std::vector<uint64_t> BlockingKeys(const KnownEntity& entity);
  // Every blocking key Resolve(doc) may read under `rules`: an index that holds every entity
  // filed under these keys resolves `doc` as the whole index would (a superset of the keys).
  static std::vector<uint64_t> LookupKeys(const DocumentEntities& doc, const AliasRules& rules);
  // Candidates read per blocking key.
  static constexpr size_t kBucketLimit = 64;

  // The entities the document's resolutions touch, as Commit will leave them (one per node).
  std::vector<KnownEntity> Preview(const DocumentEntities& doc,
                                   const std::vector<EntityResolution>& resolutions) const;
  // Records what a stored document brought: new nodes, names, aliases, roles, co-occurrence,
  // upgraded names. REQUIRES: `resolutions` came from Resolve(doc) on this index, unchanged
  // since.
  void Commit(const DocumentEntities& doc, const std::vector<EntityResolution>& resolutions);

  // The node id an entity named `name` gets when new and `taken` says which ids exist.
  static std::string NewNodeId(const std::string& name, const std::string& type,
                               const std::function<bool(const std::string&)>& taken);

 private:
  struct Slot {
    KnownEntity entity;
    std::vector<std::string> folded;  // folded name and aliases, unique
    bool live = false;
  };
  struct Candidate;
  // Whether the confirmed candidates of a full name `e` are one full-name person node and
  // nodes of that person's surname alone (however they score); then the full-name node goes
  // first in `found` and the surname nodes' ids are appended to `absorbed`.
  bool SurnameNodesOfOne(const DocumentEntity& e, std::vector<Candidate>* found,
                         std::vector<std::string>* absorbed) const;

  static std::vector<std::string> FoldedNames(const KnownEntity& entity);
  static void ForEachKey(const std::vector<std::string>& folded, const std::string& type,
                         const std::function<void(uint64_t)>& visit);
  void IndexSlot(uint32_t slot);
  void UnindexSlot(uint32_t slot);
  void AddKey(uint64_t key, uint32_t slot);
  struct Mention;
  void ScoreCandidate(const Mention& m, uint32_t slot, Candidate* out) const;
  bool Forbidden(const std::vector<std::string>& a, const std::vector<std::string>& b) const;
  int PinGroup(const std::vector<std::string>& folded) const;

  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  std::unordered_map<std::string, uint32_t> by_id_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_key_;  // blocking keys → slots
  AliasRules rules_;
  std::unordered_map<std::string, int> pin_group_;  // folded name → index into rules_.same
  std::unordered_map<std::string, std::vector<std::string>> forbid_;  // folded → folded others
};

}  // namespace kg::core::resolve
