// The Database side of entity resolution: resolving ingested documents against the entity
// index, and curation (merge, split, alias rules, the merge log, unmerge). Mechanics in
// docs/resolution.md: every change is one storage::Store write (a Relink moves statements
// and evidence between nodes) carrying its merge-log entry, whose record is what UndoRelink
// needs to put things back.
//
// Resolver records live in the meta column family (storage::kResolverMetaPrefix):
//   r:ctx:<node id>   JSON {"r": role hashes, "c": co-occurrence hashes, "d": documents}
//   r:log:<16 hex>    JSON merge-log entry, with "record" (the relink outcome) for merges and
//                     splits and "rule" (the distinct rule a split added)
//   r:rules           the alias rules in force, in the alias-file format
//   r:key:<16 hex>:<node id>  the node is filed under that blocking key of the entity index
//                     (EntityIndex::BlockingKeys). The value is the node's summary
//                     (core::resolve::EncodeSummary: what Resolve reads of it), or "1": read
//                     the node itself (a record from before summaries, a node too large to
//                     summarise, or one a curation batch is changing). A node's records are
//                     its current keys, each with its current summary: every write that
//                     changes what the index knows of a node rewrites them and deletes the
//                     keys it lost in the same batch (curation: "1" in the batch, summaries
//                     right after). None is missing; a record of an older epoch reads as "1".
//   r:keys            "1" when every node has its key records; an import removes it first
//   r:epoch           the summary epoch (decimal): summaries of another epoch are not trusted.
//                     The scan that files every node after an import starts the next one; a
//                     document removal starts one (nodes may lose names or go)
#include <chrono>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "core/export/statement_jsonl.h"
#include "core/resolve/entity_index.h"
#include "core/util/text.h"
#include "query/database_impl.h"

namespace kg {

namespace {

using core::resolve::AliasRules;
using core::resolve::DocumentEntities;
using core::resolve::EntityIndex;
using core::resolve::EntityResolution;
using core::resolve::KnownEntity;
using nlohmann::json;

constexpr const char* kCtxPrefix = "r:ctx:";
constexpr const char* kLogPrefix = "r:log:";
constexpr const char* kRulesKey = "r:rules";
constexpr const char* kLocalPrefix = "local:";
constexpr const char* kKeyPrefix = "r:key:";
constexpr const char* kEpochKey = "r:epoch";
constexpr const char* kReadNode = "1";          // a key record's value that says: read the node
constexpr size_t kKeyRecordsPerWrite = 100000;  // key records per write of the upgrade scan
// Larger summaries are not stored (a key record says "1" instead): a node's records repeat
// its summary once per blocking key, and its keys grow with its names.
constexpr size_t kSummaryLimit = 2048;

using Meta = std::vector<std::pair<std::string, std::string>>;

std::string KeyRecordPrefix(uint64_t key) { return kKeyPrefix + core::Hex64(key) + ":"; }

// Key records saying "read the node" under every key of `k`: a curation batch writes them for
// the states before and after, so the records stay right if the summaries never follow.
void AddReadNodeRecords(const KnownEntity& k, Meta* meta) {
  for (uint64_t key : EntityIndex::BlockingKeys(k)) {
    meta->emplace_back(KeyRecordPrefix(key) + k.id, kReadNode);
  }
}

// The key records of `now`: its summary of `epoch` under each of its keys, and deletions of
// the keys of `before` (earlier states its records may have been written from) it lost.
void AddKeyRecords(const KnownEntity& now, const std::vector<const KnownEntity*>& before,
                   uint64_t epoch, Meta* meta) {
  std::string summary = core::resolve::EncodeSummary(now, epoch);
  if (summary.size() > kSummaryLimit) summary = kReadNode;
  const std::vector<uint64_t> keys = EntityIndex::BlockingKeys(now);
  for (uint64_t key : keys) meta->emplace_back(KeyRecordPrefix(key) + now.id, summary);
  std::set<uint64_t> lost;
  for (const KnownEntity* b : before) {
    if (b == nullptr) continue;
    for (uint64_t key : EntityIndex::BlockingKeys(*b)) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) lost.insert(key);
    }
  }
  for (uint64_t key : lost) meta->emplace_back(KeyRecordPrefix(key) + now.id, "");
}

// Deletes the key records of the states in `before` of a node that is gone.
void AddGoneRecords(const std::string& id, const std::vector<KnownEntity>& before, Meta* meta) {
  std::set<uint64_t> keys;
  for (const KnownEntity& b : before) {
    for (uint64_t key : EntityIndex::BlockingKeys(b)) keys.insert(key);
  }
  for (uint64_t key : keys) meta->emplace_back(KeyRecordPrefix(key) + id, "");
}

// CPU time of the calling thread.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string LogKey(uint64_t id) { return kLogPrefix + core::Hex64(id); }

std::string CtxValue(const KnownEntity& k) {
  return json{{"r", k.roles}, {"c", k.cooccurring}, {"d", k.documents}}.dump();
}

void ApplyCtx(const std::string& value, KnownEntity* k) {
  const json j = json::parse(value, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;  // a hint only: a bad record is ignored
  auto hashes = [&j](const char* key, std::vector<uint32_t>* out) {
    if (!j.contains(key) || !j[key].is_array()) return;
    for (const json& h : j[key]) {
      if (h.is_number_unsigned()) out->push_back(h.get<uint32_t>());
    }
  };
  hashes("r", &k->roles);
  hashes("c", &k->cooccurring);
  if (j.contains("d") && j["d"].is_number_unsigned()) k->documents = j["d"].get<uint32_t>();
}

json NodeToJson(const Node& n) {
  json aliases = json::array();
  for (const Alias& a : n.aliases) aliases.push_back(json::array({a.text, a.count}));
  return json{{"id", n.id}, {"name", n.name}, {"type", n.type}, {"aliases", aliases}};
}

Node NodeFromJson(const json& j) {
  Node n;
  n.id = j.at("id").get<std::string>();
  n.name = j.at("name").get<std::string>();
  n.type = j.at("type").get<std::string>();
  n.kind = IsLiteralType(n.type) ? NodeKind::kLiteral : NodeKind::kEntity;
  for (const json& a : j.at("aliases")) {
    n.aliases.push_back({a.at(0).get<std::string>(), a.at(1).get<uint32_t>()});
  }
  return n;
}

json RecordToJson(const storage::RelinkOutcome& o) {
  json statements = json::array();
  for (const storage::MovedStatement& m : o.statements) {
    statements.push_back({{"original", core::FormatStatementJson(m.original)},
                          {"internal", m.internal_id},
                          {"target", m.target_id},
                          {"existed", m.target_existed},
                          {"confidence", m.target_confidence},
                          {"predicate_text", m.target_predicate_text},
                          {"added", m.evidence_added}});
  }
  json aliases = json::array();
  for (const storage::MovedAlias& a : o.aliases) {
    aliases.push_back({{"doc", a.doc}, {"alias", a.alias}, {"new", a.new_on_target}});
  }
  return json{{"from", NodeToJson(o.from_before)},   {"from_internal", o.from_internal},
              {"to", NodeToJson(o.to_before)},
              {"to_id", o.to_id},                    {"from_removed", o.from_removed},
              {"to_created", o.to_created},          {"statements", statements},
              {"aliases", aliases},                  {"evidence_moved", o.evidence_moved}};
}

Status RecordFromJson(const json& j, storage::RelinkOutcome* o) {
  try {
    o->from_before = NodeFromJson(j.at("from"));
    o->from_internal = j.at("from_internal").get<uint64_t>();
    o->to_before = NodeFromJson(j.at("to"));
    o->to_id = j.at("to_id").get<std::string>();
    o->from_removed = j.at("from_removed").get<bool>();
    o->to_created = j.at("to_created").get<bool>();
    o->evidence_moved = j.at("evidence_moved").get<uint64_t>();
    for (const json& s : j.at("statements")) {
      storage::MovedStatement m;
      Result<Statement> st = core::ParseStatementJson(s.at("original").get<std::string>());
      if (!st.ok()) return st.status().WithContext("merge-log record");
      m.original = std::move(*st);
      m.internal_id = s.at("internal").get<uint64_t>();
      m.target_id = s.at("target").get<std::string>();
      m.target_existed = s.at("existed").get<bool>();
      m.target_confidence = s.at("confidence").get<double>();
      m.target_predicate_text = s.at("predicate_text").get<std::string>();
      m.evidence_added = s.at("added").get<std::vector<bool>>();
      o->statements.push_back(std::move(m));
    }
    for (const json& a : j.at("aliases")) {
      o->aliases.push_back({a.at("doc").get<std::string>(), a.at("alias").get<std::string>(),
                            a.at("new").get<bool>()});
    }
  } catch (const json::exception& e) {
    return Status::Corruption(std::string("merge-log record: ") + e.what());
  }
  return Status::OK();
}

json EntryToJson(const MergeLogEntry& e) {
  return json{{"id", e.id},       {"time", e.time},         {"kind", e.kind},
              {"node", e.node},   {"other", e.other},       {"alias", e.alias},
              {"doc", e.document}, {"reason", e.reason},    {"undone", e.undone},
              {"undoes", e.undoes}};
}

Status EntryFromJson(const std::string& value, MergeLogEntry* e, json* whole) {
  *whole = json::parse(value, nullptr, false);
  if (whole->is_discarded() || !whole->is_object()) {
    return Status::Corruption("undecodable merge-log entry");
  }
  try {
    const json& j = *whole;
    e->id = j.at("id").get<uint64_t>();
    e->time = j.at("time").get<std::string>();
    e->kind = j.at("kind").get<std::string>();
    e->node = j.at("node").get<std::string>();
    e->other = j.at("other").get<std::string>();
    e->alias = j.at("alias").get<std::string>();
    e->document = j.at("doc").get<std::string>();
    e->reason = j.at("reason").get<std::string>();
    e->undone = j.at("undone").get<bool>();
    e->undoes = j.at("undoes").get<uint64_t>();
  } catch (const json::exception& ex) {
    return Status::Corruption(std::string("merge-log entry: ") + ex.what());
  }
  return Status::OK();
}

KnownEntity FromNode(const Node& n) {
  KnownEntity k;
  k.id = n.id;
  k.name = n.name;
  k.type = n.type;
  for (const Alias& a : n.aliases) k.aliases.push_back(a.text);
  return k;
}

// Re-reads one node into the index (or drops it when it is gone), keeping its context sketch
// (the stored one when the index did not hold the node) unless `context` gives another.
Status Refresh(Database::Impl& impl, const std::string& id, const KnownEntity* context) {
  Result<uint64_t> internal = impl.store->FindNode(id);
  if (!internal.ok()) {
    if (internal.status().code() != Status::Code::kNotFound) return internal.status();
    impl.entities->Remove(id);
    return Status::OK();
  }
  Result<Node> n = impl.store->GetNode(*internal);
  if (!n.ok()) return n.status();
  KnownEntity k = FromNode(*n);
  const KnownEntity* old = context != nullptr ? context : impl.entities->Find(id);
  KnownEntity stored;
  if (old == nullptr && !impl.entities_complete) {
    // Not read into the index yet: its sketch is in the store.
    Result<std::string> ctx = impl.store->GetMeta(kCtxPrefix + id);
    if (!ctx.ok() && ctx.status().code() != Status::Code::kNotFound) return ctx.status();
    if (ctx.ok()) ApplyCtx(*ctx, &stored);
    old = &stored;
  }
  if (old != nullptr) {
    k.roles = old->roles;
    k.cooccurring = old->cooccurring;
    k.documents = old->documents;
  }
  impl.entities->Put(std::move(k));
  return Status::OK();
}

// Appends the index's state of node `id` (read into the index when it is not there) to
// `states`; nothing when the node does not exist.
Status AddState(Database::Impl& impl, const std::string& id, std::vector<KnownEntity>* states) {
  KG_RETURN_IF_ERROR(impl.LoadEntity(id));
  if (const KnownEntity* k = impl.entities->Find(id)) states->push_back(*k);
  return Status::OK();
}

// Node ids with the states their key records may have been written from.
using NodeStates = std::vector<std::pair<std::string, std::vector<KnownEntity>>>;

// After a curation batch (which wrote "read the node" records) and the Refresh of its nodes:
// each node's key records get its summary again, or are deleted when the node is gone.
Status WriteSummaries(Database::Impl& impl, const NodeStates& nodes) {
  storage::WriteRequest req;
  for (const auto& [id, before] : nodes) {
    const KnownEntity* now = impl.entities->Find(id);
    if (now == nullptr) {
      AddGoneRecords(id, before, &req.meta);
      continue;
    }
    std::vector<const KnownEntity*> earlier;
    for (const KnownEntity& b : before) earlier.push_back(&b);
    AddKeyRecords(*now, earlier, impl.summary_epoch, &req.meta);
  }
  return impl.Write(req, nullptr, nullptr);
}

// The entities (not literals) `id_or_name` finds, best first (Database::FindNodes).
Result<std::vector<Node>> EntitiesNamed(Database& db, const std::string& id_or_name) {
  Result<std::vector<Node>> nodes = db.FindNodes(id_or_name);
  if (!nodes.ok()) return nodes.status();
  std::vector<Node> out;
  for (Node& n : *nodes) {
    if (n.kind == NodeKind::kEntity) out.push_back(std::move(n));
  }
  return out;
}

// The one entity `id_or_name` names. Errors: NotFound (with suggestions), InvalidArgument when
// a name fits several entities.
Result<Node> OneEntity(Database& db, Database::Impl& impl, const std::string& id_or_name) {
  Result<std::vector<Node>> found = EntitiesNamed(db, id_or_name);
  if (!found.ok()) return found.status();
  const std::vector<Node>& nodes = *found;
  if (nodes.empty()) return impl.NotFoundWithSuggestions(id_or_name);
  if (nodes.size() > 1 && nodes[0].id != id_or_name) {
    std::string msg = "'" + id_or_name + "' names " + std::to_string(nodes.size()) +
                      " entities: ";
    for (size_t i = 0; i < nodes.size() && i < 10; ++i) {
      msg += (i ? ", " : "") + nodes[i].id + " (" + nodes[i].name + ", " + nodes[i].type + ")";
    }
    return Status::InvalidArgument(msg + "; name one by its id");
  }
  return nodes[0];
}

std::function<bool(const std::string&)> TakenIds(Database::Impl& impl) {
  return [&impl](const std::string& id) {
    return impl.store->FindNode(id).ok() || impl.entities->Find(id) != nullptr;
  };
}

// Runs one relink with its log entry (and `extra` meta records) in the same write, applies it
// to the graph view, and gives the entry its id.
Status RelinkLogged(Database::Impl& impl, storage::RelinkRequest request, MergeLogEntry entry,
                    const json& rule, std::vector<std::pair<std::string, std::string>> extra,
                    bool keep_record, storage::RelinkOutcome* out, CurationReport* report) {
  entry.id = impl.next_log_id;
  entry.time = core::UtcNow();
  std::vector<std::pair<std::string, std::string>> tail = std::move(extra);
  request.meta = [&](const storage::RelinkOutcome& o) {
    json j = EntryToJson(entry);
    if (keep_record) j["record"] = RecordToJson(o);
    if (!rule.is_null()) j["rule"] = rule;
    std::vector<std::pair<std::string, std::string>> meta = tail;
    meta.emplace_back(LogKey(entry.id), j.dump());
    return meta;
  };
  {
    std::unique_lock lock(impl.mu);
    KG_RETURN_IF_ERROR(impl.store->Relink(request, out));
    impl.ApplyChanges(out->graph);
  }
  ++impl.next_log_id;
  report->log_ids.push_back(entry.id);
  report->statements_moved += out->statements.size();
  report->evidence_moved += out->evidence_moved;
  report->aliases_moved += out->aliases.size();
  return Status::OK();
}

// `from` joins `into`. REQUIRES: resolve_mu held, the index loaded.
Status MergeLocked(Database::Impl& impl, const std::string& into, const std::string& from,
                   const std::string& reason, CurationReport* report) {
  if (into == from) return Status::InvalidArgument("'" + into + "' cannot merge with itself");
  NodeStates states{{into, {}}, {from, {}}};
  KG_RETURN_IF_ERROR(AddState(impl, into, &states[0].second));
  KG_RETURN_IF_ERROR(AddState(impl, from, &states[1].second));
  KnownEntity merged;
  if (const KnownEntity* a = impl.entities->Find(into)) merged = *a;
  if (const KnownEntity* b = impl.entities->Find(from)) {
    for (uint32_t h : b->roles) {
      if (std::find(merged.roles.begin(), merged.roles.end(), h) == merged.roles.end()) {
        merged.roles.push_back(h);
      }
    }
    for (uint32_t h : b->cooccurring) {
      if (std::find(merged.cooccurring.begin(), merged.cooccurring.end(), h) ==
          merged.cooccurring.end()) {
        merged.cooccurring.push_back(h);
      }
    }
    merged.documents += b->documents;
  }
  storage::RelinkRequest req;
  req.from = from;
  req.to.id = into;
  MergeLogEntry e;
  e.kind = "merge";
  e.node = into;
  e.other = from;
  e.reason = reason.empty() ? "merged by the user" : reason;
  std::vector<std::pair<std::string, std::string>> extra = {{kCtxPrefix + into, CtxValue(merged)},
                                                            {kCtxPrefix + from, ""}};
  // `into` answers to the names of both from now on.
  KnownEntity named = merged;
  named.id = into;
  if (const KnownEntity* b = impl.entities->Find(from)) {
    named.aliases.push_back(b->name);
    named.aliases.insert(named.aliases.end(), b->aliases.begin(), b->aliases.end());
  }
  states[0].second.push_back(named);
  for (const auto& [id, before] : states) {
    for (const KnownEntity& k : before) AddReadNodeRecords(k, &extra);
  }
  storage::RelinkOutcome out;
  KG_RETURN_IF_ERROR(
      RelinkLogged(impl, std::move(req), e, json(), std::move(extra), true, &out, report));
  KG_RETURN_IF_ERROR(Refresh(impl, into, &merged));
  KG_RETURN_IF_ERROR(Refresh(impl, from, nullptr));
  KG_RETURN_IF_ERROR(WriteSummaries(impl, states));
  report->node = into;
  return Status::OK();
}

// Moves the evidence of the documents using `aliases` for `node` to a new node. With
// `add_rule`, a distinct rule keeps them apart later. REQUIRES: resolve_mu held, index loaded.
Status SplitLocked(Database::Impl& impl, const Node& node, const std::vector<std::string>& aliases,
                   const std::string& reason, bool add_rule, CurationReport* report) {
  if (aliases.empty()) return Status::InvalidArgument("name at least one alias to split off");
  std::string name = aliases[0];
  for (const Alias& a : node.aliases) {
    if (core::NormalizeName(a.text) == core::NormalizeName(aliases[0])) name = a.text;
  }
  const std::string new_id = EntityIndex::NewNodeId(name, node.type, TakenIds(impl));
  AliasRules rules = impl.entities->rules();
  json rule;
  std::vector<std::pair<std::string, std::string>> extra;
  if (add_rule && core::NormalizeName(name) != core::NormalizeName(node.name)) {
    AliasRules one;
    one.distinct.emplace_back(name, node.name);
    core::resolve::MergeAliasRules(one, &rules);
    rule = json::array({name, node.name});
    extra.emplace_back(kRulesKey, core::resolve::FormatAliasRules(rules));
  }
  storage::RelinkRequest req;
  req.from = node.id;
  req.to.id = new_id;
  req.to.name = name;
  req.to.type = node.type;
  req.via_aliases = aliases;
  KnownEntity split_off;
  split_off.id = new_id;
  split_off.name = name;
  split_off.type = node.type;
  split_off.aliases = aliases;
  NodeStates states{{node.id, {FromNode(node)}}, {new_id, {split_off}}};
  KG_RETURN_IF_ERROR(AddState(impl, node.id, &states[0].second));
  for (const auto& [id, before] : states) {
    for (const KnownEntity& k : before) AddReadNodeRecords(k, &extra);
  }
  MergeLogEntry e;
  e.kind = "split";
  e.node = node.id;
  e.other = new_id;
  for (size_t i = 0; i < aliases.size(); ++i) e.alias += (i ? ", " : "") + aliases[i];
  e.reason = reason.empty() ? "split by the user" : reason;
  storage::RelinkOutcome out;
  KG_RETURN_IF_ERROR(
      RelinkLogged(impl, std::move(req), e, rule, std::move(extra), true, &out, report));
  impl.entities->SetRules(std::move(rules));
  KG_RETURN_IF_ERROR(Refresh(impl, node.id, nullptr));
  KG_RETURN_IF_ERROR(Refresh(impl, new_id, nullptr));
  KG_RETURN_IF_ERROR(WriteSummaries(impl, states));
  report->node = new_id;
  return Status::OK();
}

}  // namespace

Status Database::Impl::EnsureEntityIndex() {
  if (entities && !entities_stale.load()) return Status::OK();
  entities_stale = false;
  auto index = std::make_unique<EntityIndex>();
  Result<std::string> rules = store->GetMeta(kRulesKey);
  if (rules.ok()) {
    Result<AliasRules> parsed = core::resolve::ParseAliasRules(*rules, "stored alias rules");
    if (!parsed.ok()) return parsed.status();
    index->SetRules(std::move(*parsed));
  } else if (rules.status().code() != Status::Code::kNotFound) {
    return rules.status();
  }
  uint64_t last = 0;
  KG_RETURN_IF_ERROR(store->ScanMeta(kLogPrefix, [&](const std::string& k, const std::string&) {
    last = std::max<uint64_t>(last, std::strtoull(k.c_str() + std::strlen(kLogPrefix), nullptr,
                                                  16));
  }));
  next_log_id = last + 1;
  entity_keys_loaded.clear();
  Result<std::string> epoch = store->GetMeta(kEpochKey);
  if (!epoch.ok() && epoch.status().code() != Status::Code::kNotFound) return epoch.status();
  summary_epoch = epoch.ok() ? std::strtoull(epoch->c_str(), nullptr, 10) : 0;
  Result<std::string> complete = store->GetMeta(Database::Impl::kEntityKeysCompleteKey);
  if (complete.ok()) {
    // The key records are complete: entities are read as documents need them.
    entities_complete = false;
    entities = std::move(index);
    return Status::OK();
  }
  if (complete.status().code() != Status::Code::kNotFound) return complete.status();
  // A store from before the key records, or after an import: one scan files every entity, in
  // memory and in the store, with summaries of a new epoch (those written before may be stale).
  ++summary_epoch;
  std::unordered_map<std::string, std::string> context;
  KG_RETURN_IF_ERROR(store->ScanMeta(kCtxPrefix, [&](const std::string& k, const std::string& v) {
    context[k.substr(std::strlen(kCtxPrefix))] = v;
  }));
  storage::WriteRequest keys;
  Status written = Status::OK();
  KG_RETURN_IF_ERROR(store->ScanEntities([&](const Node& n) {
    if (n.type == "ROLE") return;
    KnownEntity k = FromNode(n);
    if (auto it = context.find(n.id); it != context.end()) ApplyCtx(it->second, &k);
    AddKeyRecords(k, {}, summary_epoch, &keys.meta);
    index->Put(std::move(k));
    if (keys.meta.size() >= kKeyRecordsPerWrite && written.ok()) {
      written = Write(keys, nullptr, nullptr);
      keys.meta.clear();
    }
  }));
  KG_RETURN_IF_ERROR(written);
  keys.meta.emplace_back(kEpochKey, std::to_string(summary_epoch));
  keys.meta.emplace_back(Database::Impl::kEntityKeysCompleteKey, "1");
  KG_RETURN_IF_ERROR(Write(keys, nullptr, nullptr));
  entities_complete = true;
  entities = std::move(index);
  return Status::OK();
}

Status Database::Impl::LoadEntity(const std::string& id) {
  if (entities_complete || entities->Find(id) != nullptr) return Status::OK();
  ++entities_read;
  return Refresh(*this, id, nullptr);
}

Status Database::Impl::RetireSummaries() {
  Result<std::string> epoch = store->GetMeta(kEpochKey);
  if (!epoch.ok() && epoch.status().code() != Status::Code::kNotFound) return epoch.status();
  const uint64_t next = (epoch.ok() ? std::strtoull(epoch->c_str(), nullptr, 10) : 0) + 1;
  storage::WriteRequest req;
  req.meta.emplace_back(kEpochKey, std::to_string(next));
  storage::WriteOutcome out;
  return store->Write(req, &out);
}

Status Database::Impl::LoadCandidates(const DocumentEntities& doc) {
  if (entities_complete) return Status::OK();
  Status s = ReadCandidates(doc);
  if (!s.ok()) entities_stale = true;  // keys marked read may lack their nodes: start again
  return s;
}

Status Database::Impl::ReadCandidates(const DocumentEntities& doc) {
  std::vector<std::string> prefixes;
  for (uint64_t key : EntityIndex::LookupKeys(doc, entities->rules())) {
    if (entity_keys_loaded.insert(key).second) prefixes.push_back(KeyRecordPrefix(key));
  }
  if (prefixes.empty()) return Status::OK();
  // A record is prefix (23 bytes) + node id; a bucket is read up to its first 64 nodes (the
  // store reads no further: a common surname's bucket holds thousands). A current summary
  // goes into the index as it is; the other nodes are read after the scan.
  const size_t prefix_size = prefixes[0].size();
  std::vector<std::string> ids;
  KnownEntity k;
  KG_RETURN_IF_ERROR(store->ScanMeta(
      std::move(prefixes),
      [&](const std::string& key, const std::string& v) {
        k.id = key.substr(prefix_size);
        if (entities->Find(k.id) != nullptr) return;
        if (core::resolve::DecodeSummary(v, summary_epoch, &k)) {
          entities->Put(std::move(k));
          k = KnownEntity();
        } else {
          ids.push_back(std::move(k.id));
        }
      },
      EntityIndex::kBucketLimit));
  for (const std::string& id : ids) KG_RETURN_IF_ERROR(LoadEntity(id));
  return Status::OK();
}

Status Database::Impl::StoreResolved(const Document& document, const DocumentEntities& found,
                                     std::vector<Statement>* statements, bool* added,
                                     IngestReport* ingest) {
  *added = false;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuSeconds();
  const uint64_t read_before = entities_read;
  std::unique_lock resolve_lock(resolve_mu);
  KG_RETURN_IF_ERROR(EnsureEntityIndex());
  Result<Document> held = store->GetDocument(document.id);
  if (held.ok() && held->text == document.text) return Status::OK();

  KG_RETURN_IF_ERROR(LoadCandidates(found));
  const std::vector<EntityResolution> res =
      entities->Resolve(found, [this](const std::string& id) { return store->FindNode(id).ok(); });
  auto local = [&](const std::string& id) -> long {
    if (id.rfind(kLocalPrefix, 0) != 0) return -1;
    const unsigned long i = std::strtoul(id.c_str() + std::strlen(kLocalPrefix), nullptr, 10);
    return i < res.size() ? static_cast<long>(i) : -2;
  };
  for (Statement& st : *statements) {
    for (Node* n : {&st.subject, &st.object}) {
      const long i = local(n->id);
      if (i == -1) continue;
      if (i < 0) return Status::InvalidArgument("statement names unknown entity '" + n->id + "'");
      const EntityResolution& r = res[i];
      n->id = r.node_id;
      n->name = r.node_name;
      if (!r.node_type.empty() && r.node_type != "OTHER") n->type = r.node_type;
      n->kind = NodeKind::kEntity;
      n->aliases = found.entities[i].aliases;
    }
    for (std::optional<NodeRef>* ref : {&st.qualifiers.location, &st.qualifiers.attributed_to}) {
      if (!ref->has_value()) continue;
      const long i = local((*ref)->id);
      if (i == -1) continue;
      if (i < 0) return Status::InvalidArgument("statement names unknown entity '" + (*ref)->id +
                                                "'");
      **ref = NodeRef{res[i].node_id, res[i].node_name};
    }
    for (Evidence& ev : st.evidence) {
      if (ev.doc.empty()) ev.doc = document.id;
      if (ev.source.empty()) ev.source = document.source;
      if (ev.published.empty()) ev.published = document.published;
      if (ev.path.empty()) ev.path = document.path;
    }
  }
  storage::WriteRequest req;
  req.documents.push_back(document);
  req.statements = std::move(*statements);
  std::set<std::string> renamed;
  for (const EntityResolution& r : res) {
    if (r.how == EntityResolution::How::kNew || !renamed.insert(r.node_id).second) continue;
    const KnownEntity* k = entities->Find(r.node_id);
    if (k != nullptr && k->name != r.node_name) req.node_names.emplace_back(r.node_id, r.node_name);
  }
  // The touched nodes as the index keeps them once the write is in (EntityIndex::Commit
  // without computing them twice).
  std::vector<KnownEntity> touched = entities->Preview(found, res);
  for (const KnownEntity& k : touched) {
    req.meta.emplace_back(kCtxPrefix + k.id, CtxValue(k));
    AddKeyRecords(k, {entities->Find(k.id)}, summary_epoch, &req.meta);
  }
  uint64_t logged = 0;
  const std::string now = core::UtcNow();
  for (size_t i = 0; i < res.size(); ++i) {
    const EntityResolution& r = res[i];
    if (!r.automatic_merge()) continue;
    MergeLogEntry e;
    e.id = next_log_id + logged++;
    e.time = now;
    e.kind = "auto";
    e.node = r.node_id;
    e.alias = found.entities[i].name;
    e.document = document.id;
    e.reason = std::string(core::resolve::HowName(r.how)) + ": " + r.reason + "; joined '" +
               r.matched_name + "'";
    req.meta.emplace_back(LogKey(e.id), EntryToJson(e).dump());
  }
  ingest->resolve_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ingest->resolve_cpu_seconds += ThreadCpuSeconds() - cpu_start;
  std::vector<bool> docs_added;
  ImportReport report;
  KG_RETURN_IF_ERROR(Write(req, &report, &docs_added));
  *added = !docs_added.empty() && docs_added[0];
  const auto commit_start = std::chrono::steady_clock::now();
  const double commit_cpu_start = ThreadCpuSeconds();
  for (KnownEntity& k : touched) entities->Put(std::move(k));
  next_log_id += logged;
  ingest->automatic_merges += logged;
  // Surname nodes this document's full names showed to be the same person join that person's
  // node, each in its own logged, reversible merge (after the document's write: a crash in
  // between leaves the document stored and the surname node as it was).
  std::set<std::string> absorbed;
  for (size_t i = 0; i < res.size(); ++i) {
    for (const std::string& from : res[i].absorbed) {
      if (from == res[i].node_id || !absorbed.insert(from).second) continue;
      if (entities->Find(from) == nullptr) continue;
      CurationReport merged;
      KG_RETURN_IF_ERROR(MergeLocked(
          *this, res[i].node_id, from,
          "surname: '" + found.entities[i].name + "' in document " + document.id +
              " matched both this person and the node of the surname alone",
          &merged));
      ++ingest->automatic_merges;
    }
  }
  ingest->resolve_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count();
  ingest->resolve_cpu_seconds += ThreadCpuSeconds() - commit_cpu_start;
  ingest->resolve_nodes_read += entities_read - read_before;
  return Status::OK();
}

Status Database::MergeNodes(const std::string& into, const std::string& from,
                            const std::string& reason, CurationReport* report) {
  *report = CurationReport();
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  std::unique_lock lock(impl_->resolve_mu);
  KG_RETURN_IF_ERROR(impl_->EnsureEntityIndex());
  Result<Node> a = OneEntity(*this, *impl_, into);
  if (!a.ok()) return a.status();
  Result<Node> b = OneEntity(*this, *impl_, from);
  if (!b.ok()) return b.status();
  return MergeLocked(*impl_, a->id, b->id, reason, report);
}

Status Database::SplitNode(const std::string& node, const std::vector<std::string>& aliases,
                           const std::string& reason, CurationReport* report) {
  *report = CurationReport();
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  std::unique_lock lock(impl_->resolve_mu);
  KG_RETURN_IF_ERROR(impl_->EnsureEntityIndex());
  Result<Node> n = OneEntity(*this, *impl_, node);
  if (!n.ok()) return n.status();
  return SplitLocked(*impl_, *n, aliases, reason, true, report);
}

Status Database::LoadAliasRules(const std::string& text, const std::string& source,
                                CurationReport* report) {
  *report = CurationReport();
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  Result<AliasRules> added = core::resolve::ParseAliasRules(text, source);
  if (!added.ok()) return added.status();
  std::unique_lock lock(impl_->resolve_mu);
  KG_RETURN_IF_ERROR(impl_->EnsureEntityIndex());
  AliasRules rules = impl_->entities->rules();
  core::resolve::MergeAliasRules(*added, &rules);
  storage::WriteRequest req;
  req.meta.emplace_back(kRulesKey, core::resolve::FormatAliasRules(rules));
  KG_RETURN_IF_ERROR(impl_->Write(req, nullptr, nullptr));
  impl_->entities->SetRules(rules);

  for (const std::vector<std::string>& group : added->same) {
    std::vector<std::pair<uint64_t, std::string>> weighted;  // alias uses, node id
    for (const std::string& name : group) {
      Result<std::vector<Node>> nodes = EntitiesNamed(*this, name);
      if (!nodes.ok()) return nodes.status();
      for (const Node& n : *nodes) {
        uint64_t uses = 0;
        for (const Alias& a : n.aliases) uses += a.count;
        if (std::none_of(weighted.begin(), weighted.end(),
                         [&n](const auto& w) { return w.second == n.id; })) {
          weighted.emplace_back(uses, n.id);
        }
      }
    }
    // The most used node keeps the others.
    std::stable_sort(weighted.begin(), weighted.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> ids;
    for (const auto& w : weighted) ids.push_back(w.second);
    std::string rule_text = "same: ";
    for (size_t i = 0; i < group.size(); ++i) rule_text += (i ? " = " : "") + group[i];
    for (size_t i = 1; i < ids.size(); ++i) {
      KG_RETURN_IF_ERROR(MergeLocked(*impl_, ids[0], ids[i], source + ": " + rule_text, report));
      report->notes.push_back("merged " + ids[i] + " into " + ids[0] + " (" + rule_text + ")");
    }
  }
  for (const auto& [x, y] : added->distinct) {
    Result<std::vector<Node>> with_x = EntitiesNamed(*this, x);
    if (!with_x.ok()) return with_x.status();
    for (const Node& n : *with_x) {
      // A node holding both names: the documents that used the second one move out (the first
      // when the node is called by the second).
      const bool named_y = core::NormalizeName(n.name) == core::NormalizeName(y);
      const std::string& out_name = named_y ? x : y;
      std::vector<std::string> split;
      for (const Alias& a : n.aliases) {
        if (core::NormalizeName(a.text) == core::NormalizeName(out_name)) split.push_back(a.text);
      }
      if (split.empty()) continue;
      const std::string rule_text = "distinct: " + x + " != " + y;
      CurationReport one;
      Status s = SplitLocked(*impl_, n, split, source + ": " + rule_text, false, &one);
      if (s.code() == Status::Code::kNotFound) continue;  // no document used it: nothing held
      KG_RETURN_IF_ERROR(s);
      report->log_ids.insert(report->log_ids.end(), one.log_ids.begin(), one.log_ids.end());
      report->statements_moved += one.statements_moved;
      report->evidence_moved += one.evidence_moved;
      report->aliases_moved += one.aliases_moved;
      report->notes.push_back("split " + one.node + " off " + n.id + " (" + rule_text + ")");
    }
  }
  return Status::OK();
}

Result<std::string> Database::GetAliasRules() {
  Result<std::string> rules = impl_->store->GetMeta(kRulesKey);
  if (!rules.ok() && rules.status().code() == Status::Code::kNotFound) return std::string();
  return rules;
}

Result<std::vector<MergeLogEntry>> Database::ListMerges() {
  std::vector<MergeLogEntry> out;
  Status bad;
  KG_RETURN_IF_ERROR(
      impl_->store->ScanMeta(kLogPrefix, [&](const std::string&, const std::string& v) {
        MergeLogEntry e;
        json whole;
        Status s = EntryFromJson(v, &e, &whole);
        if (!s.ok()) {
          if (bad.ok()) bad = s;
          return;
        }
        out.push_back(std::move(e));
      }));
  KG_RETURN_IF_ERROR(bad);
  return out;
}

Status Database::Unmerge(uint64_t log_id, CurationReport* report) {
  *report = CurationReport();
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  std::unique_lock lock(impl_->resolve_mu);
  KG_RETURN_IF_ERROR(impl_->EnsureEntityIndex());
  Result<std::string> value = impl_->store->GetMeta(LogKey(log_id));
  if (!value.ok()) {
    if (value.status().code() == Status::Code::kNotFound) {
      return Status::NotFound("no merge-log entry " + std::to_string(log_id) + " (kg merges)");
    }
    return value.status();
  }
  MergeLogEntry entry;
  json whole;
  KG_RETURN_IF_ERROR(EntryFromJson(*value, &entry, &whole));
  if (entry.undone) {
    return Status::InvalidArgument("merge-log entry " + std::to_string(log_id) +
                                   " was undone already");
  }
  if (entry.kind == "unmerge") {
    return Status::InvalidArgument("merge-log entry " + std::to_string(log_id) +
                                   " is an unmerge; merge the nodes again instead");
  }
  whole["undone"] = true;
  MergeLogEntry undo;
  undo.kind = "unmerge";
  undo.undoes = log_id;
  undo.node = entry.node;
  undo.other = entry.other;
  undo.alias = entry.alias;
  undo.document = entry.document;
  undo.reason = "undoes " + entry.kind + " #" + std::to_string(log_id);
  AliasRules rules = impl_->entities->rules();

  if (entry.kind == "auto") {
    // The document's evidence on the node moves to the node it would have had alone.
    Result<uint64_t> internal = impl_->store->FindNode(entry.node);
    if (!internal.ok()) return internal.status().WithContext("node " + entry.node);
    Result<Node> n = impl_->store->GetNode(*internal);
    if (!n.ok()) return n.status();
    const std::string new_id = EntityIndex::NewNodeId(entry.alias, n->type, TakenIds(*impl_));
    std::vector<std::pair<std::string, std::string>> extra{{LogKey(log_id), whole.dump()}};
    if (core::NormalizeName(entry.alias) != core::NormalizeName(n->name)) {
      AliasRules one;
      one.distinct.emplace_back(entry.alias, n->name);
      core::resolve::MergeAliasRules(one, &rules);
      extra.emplace_back(kRulesKey, core::resolve::FormatAliasRules(rules));
    }
    storage::RelinkRequest req;
    req.from = entry.node;
    req.to.id = new_id;
    req.to.name = entry.alias;
    req.to.type = n->type;
    req.docs.push_back(entry.document);
    KnownEntity split_off = FromNode(*n);
    split_off.id = new_id;
    split_off.name = entry.alias;
    NodeStates states{{entry.node, {FromNode(*n)}}, {new_id, {split_off}}};
    KG_RETURN_IF_ERROR(AddState(*impl_, entry.node, &states[0].second));
    for (const auto& [id, before] : states) {
      for (const KnownEntity& k : before) AddReadNodeRecords(k, &extra);
    }
    undo.other = new_id;
    storage::RelinkOutcome out;
    KG_RETURN_IF_ERROR(RelinkLogged(*impl_, std::move(req), undo, json(), std::move(extra), false,
                                    &out, report));
    impl_->entities->SetRules(std::move(rules));
    KG_RETURN_IF_ERROR(Refresh(*impl_, entry.node, nullptr));
    KG_RETURN_IF_ERROR(Refresh(*impl_, new_id, nullptr));
    KG_RETURN_IF_ERROR(WriteSummaries(*impl_, states));
    report->node = new_id;
    return Status::OK();
  }

  if (!whole.contains("record")) {
    return Status::Corruption("merge-log entry " + std::to_string(log_id) + " has no record");
  }
  storage::RelinkOutcome record;
  KG_RETURN_IF_ERROR(RecordFromJson(whole["record"], &record));
  // What the entry moved things to must still be there: later entries building on it (a
  // merge of the target into a third node) are undone first.
  Result<uint64_t> target = impl_->store->FindNode(record.to_id);
  if (!target.ok()) {
    if (target.status().code() != Status::Code::kNotFound) return target.status();
    return Status::InvalidArgument("merge-log entry " + std::to_string(log_id) + " moved things to " +
                                   record.to_id +
                                   ", which is gone since; undo the later entry that took it "
                                   "first (kg merges)");
  }
  std::vector<std::pair<std::string, std::string>> meta{{LogKey(log_id), whole.dump()}};
  // The source node comes back under its old names; the target loses what it gained.
  NodeStates states{{record.from_before.id, {FromNode(record.from_before)}}, {record.to_id, {}}};
  KG_RETURN_IF_ERROR(AddState(*impl_, record.from_before.id, &states[0].second));
  KG_RETURN_IF_ERROR(AddState(*impl_, record.to_id, &states[1].second));
  for (const auto& [id, before] : states) {
    for (const KnownEntity& k : before) AddReadNodeRecords(k, &meta);
  }
  if (whole.contains("rule") && whole["rule"].is_array() && whole["rule"].size() == 2) {
    const std::pair<std::string, std::string> rule{whole["rule"][0].get<std::string>(),
                                                   whole["rule"][1].get<std::string>()};
    rules.distinct.erase(std::remove(rules.distinct.begin(), rules.distinct.end(), rule),
                         rules.distinct.end());
    meta.emplace_back(kRulesKey, core::resolve::FormatAliasRules(rules));
  }
  undo.id = impl_->next_log_id;
  undo.time = core::UtcNow();
  meta.emplace_back(LogKey(undo.id), EntryToJson(undo).dump());
  storage::UndoOutcome out;
  {
    std::unique_lock write_lock(impl_->mu);
    KG_RETURN_IF_ERROR(impl_->store->UndoRelink(record, meta, &out));
    impl_->ApplyChanges(out.graph);
  }
  ++impl_->next_log_id;
  impl_->entities->SetRules(std::move(rules));
  KG_RETURN_IF_ERROR(Refresh(*impl_, record.from_before.id, nullptr));
  KG_RETURN_IF_ERROR(Refresh(*impl_, record.to_id, nullptr));
  KG_RETURN_IF_ERROR(WriteSummaries(*impl_, states));
  report->log_ids.push_back(undo.id);
  report->node = record.from_before.id;
  report->statements_moved = out.statements_restored;
  report->evidence_moved = out.evidence_restored;
  report->aliases_moved = record.aliases.size();
  return Status::OK();
}

}  // namespace kg
