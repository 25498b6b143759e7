#include "core/resolve/entity_index.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/resolve/name_match.h"
#include "core/util/text.h"
#include "core/util/varint.h"

namespace kg::core::resolve {

namespace {

constexpr double kJoinThreshold = 0.75;  // name score + context needed to join
constexpr double kAmbiguityMargin = 0.05;
constexpr size_t kBucketLimit = EntityIndex::kBucketLimit;
// People read for a surname alone: beyond this many namesakes a surname decides nothing.
constexpr size_t kSurnameBucketLimit = 64;
constexpr size_t kSketchLimit = 32;     // roles and co-occurring names kept per entity
constexpr size_t kNamesCompared = 6;    // names of a candidate compared with a mention

// ContextHash with a memory, for one document: the co-occurring names of its entities are its
// other entities' names, so a few dozen strings come back once per entity.
class ContextHashes {
 public:
  uint32_t operator()(const std::string& text) {
    auto [it, fresh] = memo_.try_emplace(text, 0);
    if (fresh) it->second = ContextHash(text);
    return it->second;
  }

 private:
  std::unordered_map<std::string, uint32_t> memo_;
};

// Appends the bare names of place names with a generic head ("vnukovo airport" → "vnukovo")
// to a place's (or an untyped entity's) folded names, so either form finds the other.
void AddPlaceCores(const std::string& type, std::vector<std::string>* folded) {
  if (type != "LOCATION" && type != "OTHER") return;
  const size_t n = folded->size();
  for (size_t i = 0; i < n; ++i) {
    std::string core = PlaceNameCore((*folded)[i]);
    if (!core.empty() && std::find(folded->begin(), folded->end(), core) == folded->end()) {
      folded->push_back(std::move(core));
    }
  }
}

std::string Fold(std::string_view name) {
  std::string out;
  for (const std::string& t : NameTokens(name)) out += (out.empty() ? "" : " ") + t;
  return out;
}

// Appends the folded form of `text` to `folded` unless it is empty or already there.
void AddFolded(std::string_view text, std::vector<std::string>* folded) {
  std::string f = Fold(text);
  if (!f.empty() && std::find(folded->begin(), folded->end(), f) == folded->end()) {
    folded->push_back(std::move(f));
  }
}

template <typename Token>
std::string FullKey(const std::vector<Token>& tokens) {
  std::string key;
  for (const Token& t : tokens) key += (key.empty() ? "" : " ") + TokenKey(t);
  return key;
}

// The blocking key of a person's first initial and surname: "Sergei Lavrov", "S. Lavrov" and
// "Sergey Lavrov" share it.
std::string InitialKey(const std::vector<std::string_view>& tokens) {
  std::string key = TokenKey(tokens.front().substr(0, 1));
  if (key.empty()) key = std::string(tokens.front().substr(0, 1));
  return key + " " + TokenKey(tokens.back());
}

uint64_t KeyHash(char tag, std::string_view text) {
  std::string s(1, tag);
  s.append(text);
  return Hash64(s);
}

bool IsSpecific(const std::string& type) { return !type.empty() && type != "OTHER"; }

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitOn(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  size_t i = 0;
  for (;;) {
    const size_t at = s.find(sep, i);
    out.push_back(Trim(s.substr(i, at == std::string_view::npos ? s.npos : at - i)));
    if (at == std::string_view::npos) break;
    i = at + sep.size();
  }
  return out;
}

// Folded names a distinct-rule term matches within: the name and its trailing token runs.
std::vector<std::string> Suffixes(const std::string& folded) {
  std::vector<std::string> out{folded};
  for (size_t i = folded.find(' '); i != std::string::npos; i = folded.find(' ', i + 1)) {
    out.push_back(folded.substr(i + 1));
  }
  return out;
}

}  // namespace

const char* HowName(EntityResolution::How how) {
  switch (how) {
    case EntityResolution::How::kNew:
      return "new";
    case EntityResolution::How::kExact:
      return "exact";
    case EntityResolution::How::kPinned:
      return "pinned";
    case EntityResolution::How::kVariant:
      return "variant";
    case EntityResolution::How::kSurname:
      return "surname";
    case EntityResolution::How::kRole:
      return "role";
  }
  return "?";
}

Result<AliasRules> ParseAliasRules(std::string_view text, std::string_view source) {
  AliasRules rules;
  size_t line_no = 0;
  size_t i = 0;
  while (i <= text.size()) {
    size_t end = text.find('\n', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(i, end - i);
    ++line_no;
    i = end + 1;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const std::string body = Trim(line);
    if (body.empty()) {
      if (end == text.size()) break;
      continue;
    }
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument(std::string(source) + ":" + std::to_string(line_no) + ": " +
                                     what);
    };
    KG_RETURN_IF_ERROR(ValidateUtf8(body).WithContext(std::string(source) + ":" +
                                                      std::to_string(line_no)));
    const size_t colon = body.find(':');
    const std::string kind = colon == std::string::npos ? "" : Trim(body.substr(0, colon));
    const std::string rest = colon == std::string::npos ? "" : body.substr(colon + 1);
    if (kind == "same") {
      std::vector<std::string> names = SplitOn(rest, "=");
      if (names.size() < 2) return error("'same:' needs two names or more: same: A = B");
      for (const std::string& n : names) {
        if (Fold(n).empty()) return error("empty name in 'same:'");
      }
      rules.same.push_back(std::move(names));
    } else if (kind == "distinct") {
      std::vector<std::string> names = SplitOn(rest, "!=");
      if (names.size() != 2) return error("'distinct:' needs exactly two names: distinct: A != B");
      for (const std::string& n : names) {
        if (Fold(n).empty()) return error("empty name in 'distinct:'");
      }
      if (Fold(names[0]) == Fold(names[1])) return error("a name cannot be distinct from itself");
      rules.distinct.emplace_back(names[0], names[1]);
    } else {
      return error("expected 'same: A = B' or 'distinct: A != B', found '" + body + "'");
    }
    if (end == text.size()) break;
  }
  return rules;
}

std::string FormatAliasRules(const AliasRules& rules) {
  std::string out;
  for (const auto& group : rules.same) {
    out += "same: ";
    for (size_t i = 0; i < group.size(); ++i) out += (i ? " = " : "") + group[i];
    out += '\n';
  }
  for (const auto& [a, b] : rules.distinct) out += "distinct: " + a + " != " + b + "\n";
  return out;
}

void MergeAliasRules(const AliasRules& b, AliasRules* a) {
  for (const auto& group : b.same) {
    if (std::find(a->same.begin(), a->same.end(), group) == a->same.end()) a->same.push_back(group);
  }
  for (const auto& pair : b.distinct) {
    if (std::find(a->distinct.begin(), a->distinct.end(), pair) == a->distinct.end()) {
      a->distinct.push_back(pair);
    }
  }
}

uint32_t ContextHash(std::string_view text) {
  return static_cast<uint32_t>(Hash64(FullKey(NameTokens(text))));
}

namespace {

constexpr char kSummaryTag = 'S';  // distinguishes a summary from an older record's "1"

void PutText(std::string_view text, std::string* out) {
  PutVarint(text.size(), out);
  out->append(text);
}

bool GetText(std::string_view* in, std::string* text) {
  uint64_t n = 0;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  text->assign(in->substr(0, n));
  in->remove_prefix(n);
  return true;
}

// A count of items each at least `min_bytes` long: bounded by what is left, so damage cannot
// ask for a huge allocation.
bool GetCount(std::string_view* in, size_t min_bytes, uint64_t* n) {
  return GetVarint(in, n) && *n <= in->size() / min_bytes;
}

}  // namespace

std::string EncodeSummary(const KnownEntity& entity, uint64_t epoch) {
  std::string out(1, kSummaryTag);
  PutVarint(epoch, &out);
  PutVarint(entity.documents, &out);
  PutText(entity.name, &out);
  PutText(entity.type, &out);
  PutVarint(entity.aliases.size(), &out);
  for (const std::string& a : entity.aliases) PutText(a, &out);
  for (const std::vector<uint32_t>* hashes : {&entity.roles, &entity.cooccurring}) {
    PutVarint(hashes->size(), &out);
    for (uint32_t h : *hashes) PutVarint(h, &out);
  }
  return out;
}

bool DecodeSummary(std::string_view value, uint64_t epoch, KnownEntity* entity) {
  if (value.empty() || value.front() != kSummaryTag) return false;
  value.remove_prefix(1);
  uint64_t stamp = 0, documents = 0, n = 0;
  if (!GetVarint(&value, &stamp) || stamp != epoch || !GetVarint(&value, &documents) ||
      documents > UINT32_MAX || !GetText(&value, &entity->name) ||
      !GetText(&value, &entity->type) || !GetCount(&value, 1, &n)) {
    return false;
  }
  entity->documents = static_cast<uint32_t>(documents);
  entity->aliases.resize(n);
  for (std::string& a : entity->aliases) {
    if (!GetText(&value, &a)) return false;
  }
  for (std::vector<uint32_t>* hashes : {&entity->roles, &entity->cooccurring}) {
    if (!GetCount(&value, 1, &n)) return false;
    hashes->resize(n);
    for (uint32_t& h : *hashes) {
      uint64_t v = 0;
      if (!GetVarint(&value, &v) || v > UINT32_MAX) return false;
      h = static_cast<uint32_t>(v);
    }
  }
  return value.empty();
}

std::string EntityIndex::NewNodeId(const std::string& name, const std::string& type,
                                   const std::function<bool(const std::string&)>& taken) {
  std::string key = NormalizeName(name);
  std::replace(key.begin(), key.end(), ' ', '_');
  const std::string base =
      key.empty() || key.size() > 120 ? "e:" + Hex64(Hash64(name)) : "e:" + key;
  if (!taken(base)) return base;
  std::string typed = base + "_";
  for (char c : type.empty() ? std::string("other") : type) {
    typed += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (!taken(typed)) return typed;
  for (int n = 2;; ++n) {
    const std::string id = typed + "_" + std::to_string(n);
    if (!taken(id)) return id;
  }
}

void EntityIndex::AddKey(uint64_t key, uint32_t slot) {
  std::vector<uint32_t>& v = by_key_[key];
  if (std::find(v.begin(), v.end(), slot) == v.end()) v.push_back(slot);
}

void EntityIndex::IndexSlot(uint32_t slot) {
  Slot& s = slots_[slot];
  ForEachKey(s.folded, s.entity.type, [&](uint64_t key) { AddKey(key, slot); });
}

void EntityIndex::ForEachKey(const std::vector<std::string>& folded, const std::string& type,
                             const std::function<void(uint64_t)>& visit) {
  for (const std::string& f : folded) {
    const std::vector<std::string_view> tokens = SplitFolded(f);
    if (tokens.empty()) continue;
    visit(KeyHash('n', f));
    visit(KeyHash('k', FullKey(tokens)));
    if (type == "PERSON") {
      visit(KeyHash('s', TokenKey(tokens.back())));
      if (tokens.size() > 1) visit(KeyHash('i', InitialKey(tokens)));
    }
  }
}

std::vector<std::string> EntityIndex::FoldedNames(const KnownEntity& entity) {
  std::vector<std::string> folded;
  AddFolded(entity.name, &folded);
  for (const std::string& a : entity.aliases) AddFolded(a, &folded);
  AddPlaceCores(entity.type, &folded);
  return folded;
}

std::vector<uint64_t> EntityIndex::BlockingKeys(const KnownEntity& entity) {
  std::vector<uint64_t> keys;
  ForEachKey(FoldedNames(entity), entity.type, [&keys](uint64_t key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  });
  return keys;
}

std::vector<uint64_t> EntityIndex::LookupKeys(const DocumentEntities& doc,
                                              const AliasRules& rules) {
  std::vector<uint64_t> keys;
  auto add = [&keys](uint64_t key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  };
  for (const std::vector<std::string>& group : rules.same) {
    for (const std::string& n : group) add(KeyHash('n', Fold(n)));
  }
  for (const DocumentEntity& e : doc.entities) {
    KnownEntity k;
    k.name = e.name;
    k.type = e.type;
    for (const Alias& a : e.aliases) k.aliases.push_back(a.text);
    const std::vector<std::string> folded = FoldedNames(k);
    // Resolve reads the keys an entity of this name and type is indexed under, and for a
    // person also the whole-name key of the surname (its short node).
    ForEachKey(folded, e.type, add);
    if (e.type != "PERSON") continue;
    for (const std::string& f : folded) {
      const std::vector<std::string_view> tokens = SplitFolded(f);
      if (!tokens.empty()) add(KeyHash('k', TokenKey(tokens.back())));
    }
  }
  return keys;
}

void EntityIndex::UnindexSlot(uint32_t slot) {
  Slot& s = slots_[slot];
  auto drop = [&](uint64_t key) {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    auto& v = it->second;
    v.erase(std::remove(v.begin(), v.end(), slot), v.end());
    if (v.empty()) by_key_.erase(it);
  };
  for (const std::string& f : s.folded) {
    const std::vector<std::string_view> tokens = SplitFolded(f);
    if (tokens.empty()) continue;
    drop(KeyHash('n', f));
    drop(KeyHash('k', FullKey(tokens)));
    drop(KeyHash('s', TokenKey(tokens.back())));
    if (tokens.size() > 1) drop(KeyHash('i', InitialKey(tokens)));
  }
}

void EntityIndex::Put(KnownEntity entity) {
  uint32_t slot;
  if (auto it = by_id_.find(entity.id); it != by_id_.end()) {
    slot = it->second;
    UnindexSlot(slot);
  } else if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.folded = FoldedNames(entity);
  by_id_[entity.id] = slot;
  s.entity = std::move(entity);
  s.live = true;
  IndexSlot(slot);
}

void EntityIndex::Remove(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  const uint32_t slot = it->second;
  UnindexSlot(slot);
  slots_[slot] = Slot();
  free_.push_back(slot);
  by_id_.erase(it);
}

const KnownEntity* EntityIndex::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &slots_[it->second].entity;
}

void EntityIndex::SetRules(AliasRules rules) {
  rules_ = std::move(rules);
  pin_group_.clear();
  forbid_.clear();
  for (size_t g = 0; g < rules_.same.size(); ++g) {
    for (const std::string& n : rules_.same[g]) pin_group_[Fold(n)] = static_cast<int>(g);
  }
  for (const auto& [a, b] : rules_.distinct) {
    forbid_[Fold(a)].push_back(Fold(b));
    forbid_[Fold(b)].push_back(Fold(a));
  }
}

int EntityIndex::PinGroup(const std::vector<std::string>& folded) const {
  if (pin_group_.empty()) return -1;
  for (const std::string& f : folded) {
    if (auto it = pin_group_.find(f); it != pin_group_.end()) return it->second;
  }
  return -1;
}

bool EntityIndex::Forbidden(const std::vector<std::string>& a,
                            const std::vector<std::string>& b) const {
  if (forbid_.empty()) return false;
  auto terms = [](const std::vector<std::string>& names) {
    std::set<std::string> out;
    for (const std::string& f : names) {
      for (std::string& s : Suffixes(f)) out.insert(std::move(s));
    }
    return out;
  };
  const std::set<std::string> a_terms = terms(a), b_terms = terms(b);
  // A rule x != y holds a mention matching x (and not y) apart from a node matching y: so
  // "Lavrov != Sergei Lavrov" keeps a bare "Lavrov" off the node "Sergei Lavrov" while the
  // full name still reaches it.
  for (const std::string& x : a_terms) {
    auto it = forbid_.find(x);
    if (it == forbid_.end()) continue;
    for (const std::string& y : it->second) {
      if (b_terms.count(y) && !a_terms.count(y)) return true;
    }
  }
  return false;
}

struct EntityIndex::Candidate {
  uint32_t slot = 0;
  bool ok = false;
  EntityResolution::How how = EntityResolution::How::kNew;
  double score = 0;
  std::string matched;  // the known folded name that matched
  std::string reason;
  bool upgrade = false;  // the mention's name is the fuller one
};

// A document entity prepared for scoring: its names split and its context hashed once.
struct EntityIndex::Mention {
  const DocumentEntity* entity = nullptr;
  const std::vector<std::string>* folded = nullptr;   // its folded names (not owned)
  std::vector<std::vector<std::string_view>> tokens;  // per folded name (views into `folded`)
  std::vector<uint32_t> roles, cooccurring;      // ContextHash of each
  bool proper = false;                           // LooksLikeProperName(entity->name)
};

void EntityIndex::ScoreCandidate(const Mention& mention, uint32_t slot, Candidate* out) const {
  const DocumentEntity& e = *mention.entity;
  const std::vector<std::vector<std::string_view>>& e_tokens = mention.tokens;
  const Slot& s = slots_[slot];
  const std::string& et = e.type;
  const std::string& ct = s.entity.type;
  // Which kinds of name evidence the two types allow.
  bool person = false, whole_name_only = false, exact_only = false;
  if (et == ct) {
    person = et == "PERSON";
  } else if (!IsSpecific(et) || !IsSpecific(ct)) {
    whole_name_only = true;
  } else if (et == "PERSON" || ct == "PERSON") {
    return;
  } else {
    exact_only = true;
  }
  NameMatch best;
  size_t best_known = 0;
  size_t best_mention = 0;
  // An exact name among all the candidate's names; else the first few compared in full.
  for (size_t m = 0; m < mention.folded->size() && best.kind != NameMatch::kExact; ++m) {
    for (size_t k = 0; k < s.folded.size(); ++k) {
      if ((*mention.folded)[m] != s.folded[k]) continue;
      best.kind = NameMatch::kExact;
      best.score = 1;
      best_known = k;
      best_mention = m;
      break;
    }
  }
  const size_t known = std::min(s.folded.size(), kNamesCompared);
  for (size_t k = 0; k < known && best.kind != NameMatch::kExact; ++k) {
    const std::vector<std::string_view> ktokens = SplitFolded(s.folded[k]);
    for (size_t m = 0; m < e_tokens.size(); ++m) {
      NameMatch nm = CompareNames(e_tokens[m], ktokens, person);
      if (nm.score > best.score) {
        best = nm;
        best_known = k;
        best_mention = m;
      }
      if (best.kind == NameMatch::kExact) break;
    }
  }
  if (best.kind == NameMatch::kNone) return;
  if (exact_only && best.kind != NameMatch::kExact) return;
  // Common nouns and acronyms match by their exact spelling only.
  if (best.kind != NameMatch::kExact &&
      (!mention.proper || !LooksLikeProperName(s.entity.name))) {
    return;
  }
  if (whole_name_only && best.kind != NameMatch::kExact && best.kind != NameMatch::kVariant) {
    return;
  }
  // Context: role phrases and co-occurring names the documents share.
  size_t roles = 0, cooc = 0;
  for (uint32_t h : mention.roles) {
    roles += std::count(s.entity.roles.begin(), s.entity.roles.end(), h) > 0;
  }
  for (uint32_t h : mention.cooccurring) {
    cooc += std::count(s.entity.cooccurring.begin(), s.entity.cooccurring.end(), h) > 0;
  }
  const double context = std::min(0.3, 0.15 * roles) + std::min(0.2, 0.05 * cooc);
  out->slot = slot;
  out->matched = s.folded[best_known];
  out->score = best.score + (best.kind == NameMatch::kExact ? 0 : context);
  out->ok = best.kind == NameMatch::kExact || out->score >= kJoinThreshold;
  switch (best.kind) {
    case NameMatch::kExact:
      out->how = EntityResolution::How::kExact;
      break;
    case NameMatch::kVariant:
      out->how = EntityResolution::How::kVariant;
      break;
    default:
      out->how = EntityResolution::How::kSurname;
  }
  std::string why;
  switch (best.kind) {
    case NameMatch::kExact:
      why = "exact name";
      break;
    case NameMatch::kVariant:
      why = "romanisation variant (" + best.detail + ")";
      break;
    case NameMatch::kInitial:
      why = "initial and surname";
      break;
    case NameMatch::kSurname:
      why = "surname alone";
      break;
    case NameMatch::kSurnameVariant:
      why = "surname alone, romanisation variant (" + best.detail + ")";
      break;
    case NameMatch::kNone:
      break;
  }
  if (roles > 0) why += "; " + std::to_string(roles) + " shared role(s)";
  if (cooc > 0) why += "; " + std::to_string(cooc) + " shared co-occurring name(s)";
  out->reason = why;
  // A surname or initial mention that is the longer name upgrades the node's display name.
  out->upgrade = (best.kind == NameMatch::kSurname || best.kind == NameMatch::kSurnameVariant ||
                  best.kind == NameMatch::kInitial) &&
                 e_tokens[0].size() > SplitFolded(s.folded[0]).size() && best_mention == 0;
}

bool EntityIndex::SurnameNodesOfOne(const DocumentEntity& e, std::vector<Candidate>* found,
                                    std::vector<std::string>* absorbed) const {
  // Only a person's full name can tell that a surname node and a full-name node are one.
  if (e.type != "PERSON" || NameTokens(e.name).size() < 2) return false;
  size_t full = found->size();
  std::vector<size_t> bare;
  for (size_t i = 0; i < found->size(); ++i) {
    const KnownEntity& k = slots_[(*found)[i].slot].entity;
    if (k.type != "PERSON") return false;
    const std::vector<std::string> tokens = NameTokens(k.name);
    if (tokens.size() >= 2) {
      if (full != found->size()) return false;  // two full names: truly ambiguous
      full = i;
    } else {
      bare.push_back(i);
    }
  }
  if (full == found->size() || bare.empty()) return false;
  const std::vector<std::string> full_tokens = NameTokens(slots_[(*found)[full].slot].entity.name);
  for (size_t i : bare) {
    const std::vector<std::string> t = NameTokens(slots_[(*found)[i].slot].entity.name);
    if (t.empty() || CompareTokens(t[0], full_tokens.back()).kind < TokenMatch::kVariant) {
      return false;
    }
  }
  for (size_t i : bare) absorbed->push_back(slots_[(*found)[i].slot].entity.id);
  std::swap((*found)[0], (*found)[full]);
  return true;
}

std::vector<EntityResolution> EntityIndex::Resolve(
    const DocumentEntities& doc,
    const std::function<bool(const std::string&)>& taken_elsewhere) const {
  std::vector<EntityResolution> out(doc.entities.size());
  ContextHashes hash;
  // New nodes made for this document: folded name (or pin group) → index into `out`.
  std::unordered_map<std::string, size_t> new_here;
  std::set<std::string> new_ids;
  auto taken = [&](const std::string& id) {
    return by_id_.count(id) > 0 || new_ids.count(id) > 0 ||
           (taken_elsewhere && taken_elsewhere(id));
  };

  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const DocumentEntity& e = doc.entities[i];
    EntityResolution& r = out[i];
    r.node_type = e.type;
    if (e.role_nominal) continue;  // below, once the document's names have their nodes
    std::vector<std::string> folded;
    AddFolded(e.name, &folded);
    for (const Alias& a : e.aliases) AddFolded(a.text, &folded);
    AddPlaceCores(e.type, &folded);
    Mention mention;
    mention.entity = &e;
    mention.folded = &folded;
    for (const std::string& f : folded) mention.tokens.push_back(SplitFolded(f));
    const std::vector<std::vector<std::string_view>>& tokens = mention.tokens;

    // 1. The user's pins: the node of any name of the group.
    const int group = PinGroup(folded);
    if (group >= 0) {
      const uint32_t none = UINT32_MAX;
      uint32_t pick = none;
      for (const std::string& n : rules_.same[group]) {
        auto it = by_key_.find(KeyHash('n', Fold(n)));
        if (it == by_key_.end()) continue;
        for (uint32_t slot : it->second) {
          const Slot& s = slots_[slot];
          if (std::find(s.folded.begin(), s.folded.end(), Fold(n)) == s.folded.end()) continue;
          if (pick == none || s.entity.documents > slots_[pick].entity.documents) pick = slot;
        }
      }
      if (pick != none) {
        const Slot& s = slots_[pick];
        r.node_id = s.entity.id;
        r.node_name = s.entity.name;
        r.node_type = IsSpecific(s.entity.type) ? s.entity.type : e.type;
        const bool same_name = std::find(s.folded.begin(), s.folded.end(), folded[0]) !=
                               s.folded.end();
        r.how = same_name ? EntityResolution::How::kExact : EntityResolution::How::kPinned;
        r.score = 1;
        r.matched_name = s.entity.name;
        r.reason = same_name ? "exact name" : "pinned by the alias file (same: " +
                                                  rules_.same[group].front() + " = …)";
        continue;
      }
      const std::string local = "pin:" + std::to_string(group);
      if (auto it = new_here.find(local); it != new_here.end()) {
        r = out[it->second];
        r.how = EntityResolution::How::kPinned;
        r.reason = "pinned by the alias file, with another name of this document";
        continue;
      }
      new_here[local] = i;
    }

    // 2. Candidates from the blocking keys, each confirmed by type, name and context. Nodes of
    // the exact name come first; only when none fits are the variant and surname keys read.
    for (const std::string& r : e.roles) mention.roles.push_back(hash(r));
    for (const std::string& c : e.cooccurring) mention.cooccurring.push_back(hash(c));
    mention.proper = LooksLikeProperName(e.name);
    std::vector<uint32_t> slots;
    auto gather = [&](uint64_t key, size_t limit = kBucketLimit) {
      auto it = by_key_.find(key);
      if (it == by_key_.end()) return;
      const size_t n = std::min(it->second.size(), limit);
      slots.insert(slots.end(), it->second.begin(), it->second.begin() + n);
    };
    std::vector<Candidate> found;
    auto score = [&] {
      std::sort(slots.begin(), slots.end());
      slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
      for (uint32_t slot : slots) {
        Candidate c;
        ScoreCandidate(mention, slot, &c);
        if (!c.ok) continue;
        if (Forbidden(folded, slots_[slot].folded)) continue;
        found.push_back(std::move(c));
      }
    };
    for (const std::string& f : folded) gather(KeyHash('n', f));
    score();
    const bool exact = std::any_of(found.begin(), found.end(), [](const Candidate& c) {
      return c.how == EntityResolution::How::kExact;
    });
    if (!exact && mention.proper) {
      slots.clear();
      found.clear();
      for (size_t f = 0; f < folded.size(); ++f) {
        gather(KeyHash('n', folded[f]));
        gather(KeyHash('k', FullKey(tokens[f])));
        if (e.type != "PERSON") continue;
        if (tokens[f].size() == 1) {
          // A surname alone: every person of that surname, as far as a name can tell.
          gather(KeyHash('s', TokenKey(tokens[f].back())), kSurnameBucketLimit);
        } else {
          // A full name: the short node of its surname, and its initial and surname.
          gather(KeyHash('k', TokenKey(tokens[f].back())));
          gather(KeyHash('i', InitialKey(tokens[f])));
        }
      }
      score();
    }
    // Best first: exact names, then score, same type, weight.
    auto rank = [&](const Candidate& a, const Candidate& b) {
      const bool ax = a.how == EntityResolution::How::kExact;
      const bool bx = b.how == EntityResolution::How::kExact;
      if (ax != bx) return ax;
      if (a.score != b.score) return a.score > b.score;
      const bool at = slots_[a.slot].entity.type == e.type;
      const bool bt = slots_[b.slot].entity.type == e.type;
      if (at != bt) return at;
      return slots_[a.slot].entity.documents > slots_[b.slot].entity.documents;
    };
    std::sort(found.begin(), found.end(), rank);
    bool ambiguous = false;
    std::vector<std::string> absorbed;
    if (found.size() > 1 && !SurnameNodesOfOne(e, &found, &absorbed) &&
        found[0].how != EntityResolution::How::kExact &&
        found[1].score >= found[0].score - kAmbiguityMargin) {
      ambiguous = true;
    }
    if (!found.empty() && !ambiguous) {
      const Candidate& c = found[0];
      const Slot& s = slots_[c.slot];
      r.node_id = s.entity.id;
      r.node_name = c.upgrade ? e.name : s.entity.name;
      r.node_type = IsSpecific(s.entity.type) ? s.entity.type : e.type;
      r.how = c.how;
      r.score = c.score;
      r.matched_name = s.entity.name;
      r.reason = c.reason;
      if (c.upgrade) r.reason += "; display name upgraded to '" + e.name + "'";
      r.absorbed = std::move(absorbed);
      continue;
    }

    // 3. A new node, shared with earlier entities of this document of the same name.
    const std::string local =
        group >= 0 ? "pin:" + std::to_string(group) : folded[0] + '\t' + e.type;
    if (auto it = new_here.find(local); it != new_here.end() && it->second != i) {
      r = out[it->second];
      continue;
    }
    // A place named with and without its generic head in one document ("the Crimean
    // peninsula" … "Crimea") is one new node: places and untyped names share these keys.
    const bool place = group < 0 && (e.type == "LOCATION" || e.type == "OTHER");
    if (place) {
      auto seen = std::find_if(folded.begin(), folded.end(), [&](const std::string& f) {
        auto it = new_here.find(f + "\tplace");
        return it != new_here.end() && it->second != i;
      });
      if (seen != folded.end()) {
        r = out[new_here[*seen + "\tplace"]];
        continue;
      }
      for (const std::string& f : folded) new_here.emplace(f + "\tplace", i);
    }
    new_here[local] = i;
    r.node_id = NewNodeId(e.name, e.type, taken);
    new_ids.insert(r.node_id);
    r.node_name = e.name;
    r.how = EntityResolution::How::kNew;
    r.score = 0;
    r.reason = ambiguous ? "new: " + std::to_string(found.size()) +
                               " known entities match equally well ('" +
                               slots_[found[0].slot].entity.name + "', '" +
                               slots_[found[1].slot].entity.name + "')"
                         : "new";
  }
  // Role nominals ("the US president"): the one person of this document whose node holds the
  // role, in the store or in this document; else the ROLE node of the phrase.
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const DocumentEntity& e = doc.entities[i];
    if (!e.role_nominal || e.roles.empty()) continue;
    EntityResolution& r = out[i];
    const uint32_t role = hash(e.roles.front());
    std::set<std::string> holders;
    const EntityResolution* holder = nullptr;
    for (size_t j = 0; j < doc.entities.size(); ++j) {
      const DocumentEntity& p = doc.entities[j];
      if (p.role_nominal || p.type != "PERSON") continue;
      bool holds = std::find(p.roles.begin(), p.roles.end(), e.roles.front()) != p.roles.end();
      if (auto it = by_id_.find(out[j].node_id); it != by_id_.end()) {
        const std::vector<uint32_t>& known = slots_[it->second].entity.roles;
        holds = holds || std::find(known.begin(), known.end(), role) != known.end();
      }
      if (holds && holders.insert(out[j].node_id).second) holder = &out[j];
    }
    if (holders.size() == 1) {
      r.node_id = holder->node_id;
      r.node_name = holder->node_name;
      r.node_type = "PERSON";
      r.how = EntityResolution::How::kRole;
      r.score = 1;
      r.matched_name = holder->node_name;
      r.reason = "the one person of the document who holds the role '" + e.roles.front() + "'";
      continue;
    }
    r.node_name = e.name;
    const std::string f = Fold(e.name);
    if (auto it = by_key_.find(KeyHash('n', f)); it != by_key_.end()) {
      for (uint32_t slot : it->second) {
        const Slot& s = slots_[slot];
        if (s.entity.type != e.type || s.folded.empty() || s.folded[0] != f) continue;
        r.node_id = s.entity.id;
        r.how = EntityResolution::How::kExact;
        r.reason = "exact name";
        break;
      }
    }
    if (r.node_id.empty()) {
      r.node_id = NewNodeId(e.name, e.type, taken);
      new_ids.insert(r.node_id);
      r.reason = holders.empty() ? "new: no person of the document holds the role"
                                 : "new: " + std::to_string(holders.size()) +
                                       " people of the document hold the role";
    }
  }
  return out;
}

std::vector<KnownEntity> EntityIndex::Preview(
    const DocumentEntities& doc, const std::vector<EntityResolution>& resolutions) const {
  std::vector<KnownEntity> out;
  std::unordered_map<std::string, size_t> at;  // node id → index into out
  ContextHashes hash;
  for (size_t i = 0; i < doc.entities.size() && i < resolutions.size(); ++i) {
    const DocumentEntity& e = doc.entities[i];
    const EntityResolution& r = resolutions[i];
    auto [it, fresh] = at.emplace(r.node_id, out.size());
    if (fresh) {
      const KnownEntity* old = Find(r.node_id);
      out.push_back(old != nullptr ? *old : KnownEntity{});
      out.back().id = r.node_id;
    }
    KnownEntity& k = out[it->second];
    k.name = r.node_name.empty() ? e.name : r.node_name;
    if (!IsSpecific(k.type)) k.type = r.node_type.empty() ? e.type : r.node_type;
    auto add_alias = [&k](const std::string& text) {
      if (text.empty() || k.aliases.size() >= kSketchLimit) return;
      if (std::find(k.aliases.begin(), k.aliases.end(), text) == k.aliases.end()) {
        k.aliases.push_back(text);
      }
    };
    if (!e.role_nominal) add_alias(e.name);  // a role phrase is no name of the person
    for (const Alias& a : e.aliases) add_alias(a.text);
    auto add_hash = [](std::vector<uint32_t>* v, uint32_t h) {
      if (v->size() < kSketchLimit && std::find(v->begin(), v->end(), h) == v->end()) {
        v->push_back(h);
      }
    };
    for (const std::string& role : e.roles) add_hash(&k.roles, hash(role));
    for (const std::string& c : e.cooccurring) add_hash(&k.cooccurring, hash(c));
    if (fresh) ++k.documents;
  }
  return out;
}

void EntityIndex::Commit(const DocumentEntities& doc,
                         const std::vector<EntityResolution>& resolutions) {
  for (KnownEntity& k : Preview(doc, resolutions)) Put(std::move(k));
}

}  // namespace kg::core::resolve
