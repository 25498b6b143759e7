#include "core/resolve/coreference.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "core/extract/rules.h"
#include "core/resolve/cues.h"
#include "core/util/text.h"

namespace kg::core::resolve {

namespace {

// How many sentences back a pronoun may look for its antecedent (Lee et al. use three).
constexpr int kPronounWindow = 3;

std::string FoldedName(const std::string& text) {
  std::string f = NormalizeName(text);
  if (f.rfind("the ", 0) == 0) f.erase(0, 4);
  return f;
}

bool Before(const Mention& a, const Mention& b) {
  return a.sentence < b.sentence || (a.sentence == b.sentence && a.head < b.head);
}

// `shorter` names the same as `longer` with words dropped: the same last word (the surname),
// every word of it in `longer` in order, and, when it keeps more than one word, the same first
// word ("Donald Trump" in "Donald J. Trump"). Whole words only: "Dmitri" is not "Dmitriev".
bool IsShorterName(const std::vector<std::string>& shorter,
                   const std::vector<std::string>& longer) {
  if (shorter.empty() || shorter.size() >= longer.size()) return false;
  if (shorter.back() != longer.back()) return false;
  if (shorter.size() > 1 && shorter.front() != longer.front()) return false;
  size_t j = 0;
  for (const std::string& w : longer) {
    if (j < shorter.size() && shorter[j] == w) ++j;
  }
  return j == shorter.size();
}

// "NATO" for "North Atlantic Treaty Organization": the initials of the capitalised words.
bool IsAcronymOf(const Mention& acronym, const Mention& full) {
  if (acronym.words.size() != 1 || full.words.size() < 2) return false;
  std::string letters;
  for (char c : acronym.text) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c != '.') {
      return false;
    }
  }
  if (letters.size() < 2) return false;
  std::string initials;
  for (const std::string& w : full.words) {
    if (w == "of" || w == "the" || w == "and" || w == "for" || w == "de") continue;
    initials += w[0];
  }
  return initials == letters;
}

class Sieve {
 public:
  Sieve(const Gazetteer& places, const std::vector<std::vector<AnalyzedToken>>& sentences)
      : places_(places) {
    for (size_t s = 0; s < sentences.size(); ++s) {
      std::vector<Mention> found = FindMentions(sentences[s], static_cast<int>(s), places);
      for (Mention& m : found) out_.mentions.push_back(std::move(m));
    }
    const size_t n = out_.mentions.size();
    parent_.resize(n);
    std::iota(parent_.begin(), parent_.end(), 0);
    members_.resize(n);
    for (size_t i = 0; i < n; ++i) members_[i] = {static_cast<int>(i)};
    info_.resize(n);
    out_.pass.assign(n, "");
    pronoun_gender_.assign(n, 0);
    sentence_begin_.assign(sentences.size() + 1, static_cast<int>(n));
    for (int i = static_cast<int>(n) - 1; i >= 0; --i) sentence_begin_[M(i).sentence] = i;
    for (int s = static_cast<int>(sentences.size()) - 1; s >= 0; --s) {
      sentence_begin_[s] = std::min(sentence_begin_[s], sentence_begin_[s + 1]);
    }
  }

  DocumentMentions Run() {
    ExactNames();
    ShorterNames();
    Acronyms();
    RoleNominals();
    Pronouns();
    Entities();
    return std::move(out_);
  }

 private:
  const Mention& M(int i) const { return out_.mentions[i]; }
  int Find(int i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  // Links mention i's cluster to j's and records the pass on i.
  void Link(int i, int j, const char* pass) {
    const int a = Find(i), b = Find(j);
    if (a == b) return;
    const int root = std::min(a, b), gone = std::max(a, b);
    parent_[gone] = root;
    members_[root].insert(members_[root].end(), members_[gone].begin(), members_[gone].end());
    std::sort(members_[root].begin(), members_[root].end());
    members_[gone].clear();
    info_[root].reset();
    if (out_.pass[i].empty()) out_.pass[i] = pass;
  }
  // The mentions of the cluster whose root is `root`, in document order.
  const std::vector<int>& Members(int root) const { return members_[root]; }

  struct ClusterInfo {
    TypeVotes votes;
    char gender = 0;
    bool gender_conflict = false;
    bool has_name = false;
    bool demonym = false;
    std::vector<const std::vector<std::string>*> names;  // the words of each name mention
  };
  // What a cluster's mentions say together; cached until the cluster changes.
  const ClusterInfo& Info(int root) {
    if (!info_[root]) info_[root] = ComputeInfo(root);
    return *info_[root];
  }
  ClusterInfo ComputeInfo(int root) const {
    ClusterInfo c;
    for (int i : Members(root)) {
      const Mention& m = M(i);
      if (m.kind == MentionKind::kName) {
        c.has_name = true;
        c.votes.Add(m.votes);
        c.names.push_back(&m.words);
        if (m.demonym) c.demonym = true;
      }
      const char g = m.kind == MentionKind::kPronoun ? pronoun_gender_[i] : m.gender;
      if (m.kind == MentionKind::kPronoun && g != 0) c.votes.person += 2;
      if (g != 0) {
        if (c.gender != 0 && c.gender != g) c.gender_conflict = true;
        c.gender = g;
      }
    }
    return c;
  }

  std::vector<int> NameRoots() {
    std::vector<int> roots;
    for (int i = 0; i < static_cast<int>(parent_.size()); ++i) {
      if (M(i).kind == MentionKind::kName && Find(i) == i) roots.push_back(i);
    }
    return roots;
  }

  // Pass 1: the same name, folded ("the Kremlin" = "Kremlin"), or the same country ("US",
  // "the United States").
  void ExactNames() {
    std::map<std::string, int> first;
    for (int i = 0; i < static_cast<int>(out_.mentions.size()); ++i) {
      if (M(i).kind != MentionKind::kName) continue;
      const std::string country = places_.CountryName(M(i).key);
      auto [it, added] = first.emplace(country.empty() ? M(i).key : FoldedName(country), i);
      if (!added) Link(i, it->second, "exact");
    }
  }

  // Pass 2: a name with words dropped joins the one longer name it is part of.
  void ShorterNames() {
    std::vector<int> roots = NameRoots();
    auto longest = [&](int r) {
      size_t n = 0;
      for (int i : Members(r)) {
        if (M(i).kind == MentionKind::kName) n = std::max(n, M(i).words.size());
      }
      return n;
    };
    std::stable_sort(roots.begin(), roots.end(),
                     [&](int a, int b) { return longest(a) > longest(b); });
    for (int r : roots) {
      const int root = Find(r);
      const ClusterInfo mine = Info(root);
      if (mine.demonym) continue;
      const std::string my_type = mine.votes.Type();
      std::set<int> candidates;
      int via = -1;
      for (int other : roots) {
        if (other == root || Find(other) != other) continue;
        const ClusterInfo& theirs = Info(other);
        if (theirs.demonym) continue;
        bool fits = false;
        for (const auto* mine_words : mine.names) {
          for (const auto* their_words : theirs.names) {
            if (IsShorterName(*mine_words, *their_words)) fits = true;
          }
        }
        if (!fits) continue;
        // Dropping words keeps the identity of a person's name only ("the House" is not the
        // White House, "Pacific" not "Atlantic-Pacific"), and the two must say person more
        // than the bare shape of a two-word name does (a title, a known first name, a speech
        // verb): "Climate" is not "Global Climate".
        const std::string their_type = theirs.votes.Type();
        if (their_type != "PERSON" || (my_type != "PERSON" && my_type != "OTHER") ||
            mine.votes.person + theirs.votes.person < 2) {
          continue;
        }
        if (mine.gender != 0 && theirs.gender != 0 && mine.gender != theirs.gender) continue;
        candidates.insert(other);
        via = other;
      }
      if (candidates.size() == 1) Link(root, via, "name");
    }
  }

  // Pass 3: an acronym joins the one name whose initials it is.
  void Acronyms() {
    const int n = static_cast<int>(out_.mentions.size());
    for (int i = 0; i < n; ++i) {
      const std::string& text = M(i).text;
      if (M(i).kind != MentionKind::kName || M(i).words.size() != 1 || text.size() < 2 ||
          !std::isupper(static_cast<unsigned char>(text[0])) ||
          !std::isupper(static_cast<unsigned char>(text.back() == '.' ? text[text.size() - 2]
                                                                      : text.back()))) {
        continue;
      }
      std::set<int> candidates;
      int via = -1;
      for (int j = 0; j < n; ++j) {
        if (M(j).kind == MentionKind::kName && Find(j) != Find(i) && IsAcronymOf(M(i), M(j))) {
          candidates.insert(Find(j));
          via = j;
        }
      }
      if (candidates.size() == 1) Link(i, via, "acronym");
    }
  }

  // Does a role a name was given fit the role nominal `nominal` ("the foreign minister",
  // "Russia's foreign minister", "the Russian foreign minister")?
  bool RoleFits(const RoleInfo& given, const Mention& nominal) const {
    const RoleInfo& wanted = nominal.roles.front();
    if (given.head.empty() || given.head != wanted.head) return false;
    if (!wanted.org.empty() && wanted.org != given.org &&
        std::find(given.words.begin(), given.words.end(), wanted.org) == given.words.end()) {
      return false;
    }
    for (const std::string& mod : nominal.modifiers) {
      if (std::find(given.words.begin(), given.words.end(), mod) != given.words.end()) continue;
      if (!given.org.empty() &&
          (NormalizeName(mod) == given.org || places_.CountryOfDemonym(mod) == given.org)) {
        continue;
      }
      return false;
    }
    return true;
  }

  // Pass 4: a role nominal joins the one name this document gave that role before it.
  void RoleNominals() {
    for (int i = 0; i < static_cast<int>(out_.mentions.size()); ++i) {
      if (M(i).kind != MentionKind::kRole) continue;
      std::set<int> candidates;
      int via = -1;
      for (int j = 0; j < static_cast<int>(out_.mentions.size()); ++j) {
        if (M(j).kind != MentionKind::kName || !Before(M(j), M(i))) continue;
        for (const RoleInfo& r : M(j).roles) {
          if (RoleFits(r, M(i))) {
            candidates.insert(Find(j));
            via = j;
          }
        }
      }
      if (candidates.size() == 1) Link(i, via, "role");
    }
  }

  // Can pronoun p refer to the cluster of mention c?
  bool Agrees(int p, int c) {
    const Mention& pm = M(p);
    const ClusterInfo& info = Info(Find(c));
    if (!info.has_name || info.demonym) return false;
    // A plural name ("the Tories") is no he or she.
    for (int i : Members(Find(c))) {
      if (M(i).kind == MentionKind::kName && M(i).plural && !pm.plural) return false;
    }
    const std::string type = info.votes.Type();
    // The "it" of what a speaker reports is the speaker's, when the speaker is an organisation
    // ("Brantco said it earned ..."; see Mentions).
    if (pm.text == "it") {
      return type == "ORG" && M(c).speaker && M(c).sentence == pm.sentence;
    }
    // An organisation is a "they" only when it reports on itself in the same sentence ("the
    // ministry said they had not been told"); otherwise a "they" is nearly always people or
    // things ("the committee ruled they were valid votes").
    if (pm.plural) {
      return type == "ORG" && M(c).speaker && pm.subject && M(c).sentence == pm.sentence;
    }
    if (type != "PERSON" && type != "OTHER") return false;
    if (type == "OTHER" && info.votes.org + info.votes.location + info.votes.event > 0) {
      return false;
    }
    if (info.gender_conflict) return false;
    return pm.gender == 0 || info.gender == 0 || info.gender == pm.gender;
  }

  // The mentions a pronoun may refer to, most likely first: earlier in its own sentence
  // (subjects first, then left to right), then the sentences before, each subjects first.
  std::vector<int> PronounCandidates(int p) {
    const Mention& pm = M(p);
    std::vector<int> out;
    for (int back = 0; back <= kPronounWindow; ++back) {
      const int s = pm.sentence - back;
      if (s < 0) break;
      std::vector<int> here;
      for (int j = sentence_begin_[s]; j < sentence_begin_[s + 1]; ++j) {
        const Mention& c = M(j);
        if (j == p) continue;
        if (back == 0 && c.head >= pm.head) continue;
        // The speaker of a quotation ("“...,” he said") is not someone the quotation names.
        if (back == 0 && pm.quoted_speaker) continue;
        // An object pronoun is not its own clause's subject ("Putin praised him", "Witkoff
        // met Putin and spoke of him").
        if (back == 0 && pm.clause_subject >= 0 &&
            std::find(c.tokens.begin(), c.tokens.end(), pm.clause_subject) != c.tokens.end() &&
            (pm.relation == "obj" || pm.relation == "iobj" || pm.relation.rfind("obl", 0) == 0) &&
            pm.text.find("self") == std::string::npos) {
          continue;
        }
        here.push_back(j);
      }
      // In its own sentence the subject of the pronoun's own clause goes first ("Sears was
      // following the rules in his talks"), then the other subjects.
      auto rank = [&](int j) {
        const Mention& c = M(j);
        const bool own =
            back == 0 && pm.clause_subject >= 0 &&
            std::find(c.tokens.begin(), c.tokens.end(), pm.clause_subject) != c.tokens.end();
        return own ? 0 : c.subject ? 1 : 2;
      };
      std::stable_sort(here.begin(), here.end(), [&](int a, int b) { return rank(a) < rank(b); });
      out.insert(out.end(), here.begin(), here.end());
    }
    return out;
  }

  // Pass 5: pronouns.
  void Pronouns() {
    for (int p = 0; p < static_cast<int>(out_.mentions.size()); ++p) {
      const Mention& pm = M(p);
      if (pm.kind != MentionKind::kPronoun) continue;
      std::set<int> people;  // person clusters passed over: two of them make a "they"
      for (int c : PronounCandidates(p)) {
        if (pm.plural && M(c).kind == MentionKind::kName) {
          if (Info(Find(c)).votes.Type() == "PERSON") people.insert(Find(c));
          if (people.size() >= 2) break;
        }
        const Mention& cm = M(c);
        const bool linked = Find(c) != c || Members(c).size() > 1;
        if (cm.kind == MentionKind::kBlocker || (cm.kind == MentionKind::kRole && !linked)) {
          // An unnamed person or group nearer than any name takes the pronoun.
          const bool number_fits = cm.plural == pm.plural;
          const bool gender_fits = pm.gender == 0 || cm.gender == 0 || cm.gender == pm.gender;
          if (number_fits && gender_fits) break;
          continue;
        }
        if (cm.kind == MentionKind::kPronoun && !linked) continue;
        if (cm.kind == MentionKind::kPronoun && cm.plural != pm.plural) continue;
        if (!Agrees(p, c)) continue;
        pronoun_gender_[p] = pm.gender;
        info_[p].reset();
        Link(p, c, "pronoun");
        break;
      }
    }
  }

  void Entities() {
    const int n = static_cast<int>(out_.mentions.size());
    out_.entity.assign(n, -1);
    std::map<int, int> entity_of_root;
    for (int i = 0; i < n; ++i) {
      if (M(i).kind != MentionKind::kName) continue;
      const int root = Find(i);
      if (entity_of_root.count(root)) continue;
      const int index = static_cast<int>(out_.entities.entities.size());
      entity_of_root[root] = index;
      out_.entities.entities.push_back(MakeEntity(root));
    }
    for (int i = 0; i < n; ++i) {
      auto it = entity_of_root.find(Find(i));
      if (it != entity_of_root.end()) out_.entity[i] = it->second;
    }
    // Role nominals no name took: one entity per role phrase, left to the store to resolve.
    std::map<std::string, int> entity_of_role;
    for (int i = 0; i < n; ++i) {
      if (M(i).kind != MentionKind::kRole || out_.entity[i] >= 0 || M(i).roles.empty()) continue;
      // A role of someone unnamed ("his attorney", "our correspondent") stays as written.
      const RoleInfo& role = M(i).roles.front();
      static const std::set<std::string> kPossessives = {"his", "her",  "its",  "their",
                                                         "our", "my",   "your", "whose"};
      if (!role.org.empty() &&
          (kPossessives.count(role.org) || role.org_text.empty() ||
           !std::isupper(static_cast<unsigned char>(role.org_text[0])))) {
        continue;
      }
      const std::string phrase = role.Phrase();
      auto [it, added] = entity_of_role.emplace(phrase, out_.entities.entities.size());
      if (added) {
        DocumentEntity e;
        e.name = phrase;
        e.type = "ROLE";
        e.roles = {phrase};
        e.role_nominal = true;
        out_.entities.entities.push_back(std::move(e));
      }
      out_.entity[i] = it->second;
    }
    // Co-occurrence: entities sharing a sentence.
    std::map<int, std::set<int>> by_sentence;
    for (int i = 0; i < n; ++i) {
      if (out_.entity[i] >= 0) by_sentence[M(i).sentence].insert(out_.entity[i]);
    }
    std::vector<std::set<std::string>> seen(out_.entities.entities.size());
    for (const auto& [s, ids] : by_sentence) {
      for (int a : ids) {
        for (int b : ids) {
          if (a != b) seen[a].insert(out_.entities.entities[b].name);
        }
      }
    }
    for (size_t e = 0; e < seen.size(); ++e) {
      out_.entities.entities[e].cooccurring.assign(seen[e].begin(), seen[e].end());
    }
  }

  DocumentEntity MakeEntity(int root) {
    DocumentEntity e;
    const ClusterInfo& info = Info(root);
    std::map<std::string, uint32_t> aliases;
    const Mention* best = nullptr;
    std::map<std::string, int> uses;
    for (int i : Members(root)) {
      const Mention& m = M(i);
      if (m.kind != MentionKind::kName) continue;
      ++aliases[m.text];
      ++uses[m.text];
    }
    for (int i : Members(root)) {
      const Mention& m = M(i);
      if (m.kind != MentionKind::kName) continue;
      if (best == nullptr || m.words.size() > best->words.size() ||
          (m.words.size() == best->words.size() && uses[m.text] > uses[best->text])) {
        best = &m;
      }
      for (const RoleInfo& r : m.roles) {
        const std::string phrase = r.Phrase();
        if (std::find(e.roles.begin(), e.roles.end(), phrase) == e.roles.end()) {
          e.roles.push_back(phrase);
        }
      }
    }
    e.name = best->text;
    // A leading "the" is no part of a name ("the Kremlin" is Kremlin).
    if (e.name.size() > 4 && (e.name.rfind("the ", 0) == 0 || e.name.rfind("The ", 0) == 0)) {
      e.name.erase(0, 4);
    }
    e.type = info.demonym ? "OTHER" : info.votes.Type();
    // A country goes by one name whatever the document called it ("US" → "United States").
    if (e.type == "LOCATION") {
      const std::string country = places_.CountryName(e.name);
      if (!country.empty()) e.name = country;
    }
    for (const auto& [text, count] : aliases) e.aliases.push_back(Alias{text, count});
    return e;
  }

  const Gazetteer& places_;
  DocumentMentions out_;
  std::vector<int> parent_;                       // union-find over mentions
  std::vector<std::vector<int>> members_;         // per root: its mentions
  std::vector<std::optional<ClusterInfo>> info_;  // per root: cached ClusterInfo
  std::vector<int> sentence_begin_;               // per sentence: its first mention
  std::vector<char> pronoun_gender_;  // the gender a linked he/she pronoun gives its cluster
};

bool IsEntityNode(const Node& node) {
  return !node.name.empty() && !IsLiteralType(node.type) && node.type != "ROLE";
}

std::vector<std::string> SplitWords(const std::string& folded) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < folded.size()) {
    size_t e = folded.find(' ', b);
    if (e == std::string::npos) e = folded.size();
    out.push_back(folded.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

// The entity a capitalised node name is a name of elsewhere in the document, or the shorter
// name of exactly one person's ("Marsh" for Lena Marsh); -1 when none or ambiguous.
int EntityByName(const std::map<std::string, int>& name_entity, const DocumentEntities& entities,
                 const std::string& name) {
  if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) return -1;
  const std::string folded = FoldedName(name);
  const auto it = name_entity.find(folded);
  if (it != name_entity.end()) return it->second;
  const std::vector<std::string> words = SplitWords(folded);
  int found = -1;
  for (size_t e = 0; e < entities.entities.size(); ++e) {
    const DocumentEntity& entity = entities.entities[e];
    if (entity.type != "PERSON" ||
        !IsShorterName(words, SplitWords(FoldedName(entity.name)))) {
      continue;
    }
    if (found >= 0) return -1;
    found = static_cast<int>(e);
  }
  return found;
}

// "Mr Lavrov" → "Lavrov"; any other name as it is.
std::string WithoutHonorific(const std::string& name) {
  const size_t space = name.find(' ');
  if (space == std::string::npos) return name;
  std::string first = name.substr(0, space);
  if (!first.empty() && first.back() == '.') first.pop_back();
  for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string> kHonorifics = {"mr", "mrs", "ms", "miss", "dr", "sir", "prof"};
  return kHonorifics.count(first) ? name.substr(space + 1) : name;
}

// The rule role statements made here record (titles the extractor did not read as such).
constexpr std::string_view kRuleMentionRole = "mention/role";

Node EntityNode(const DocumentEntities& entities, int e) {
  Node n;
  n.name = entities.entities[e].name;
  n.type = entities.entities[e].type;
  n.kind = NodeKind::kEntity;
  n.id = "local:" + std::to_string(e);
  return n;
}

// The node of the organisation a role is of: the document's entity when it has one by that
// name, else a node of its own (a country as a place).
Node OrgNode(const Gazetteer& places, const DocumentEntities& entities, const RoleInfo& role) {
  for (size_t e = 0; e < entities.entities.size(); ++e) {
    const DocumentEntity& entity = entities.entities[e];
    bool same = FoldedName(entity.name) == role.org;
    for (const Alias& a : entity.aliases) same = same || FoldedName(a.text) == role.org;
    if (same) return EntityNode(entities, static_cast<int>(e));
  }
  Node n;
  n.name = role.org_text;
  // An organisation goes by a name; a role's lower-case complement is a field or a common noun
  // ("professor of marketing", "head of state").
  const unsigned char first = role.org_text.empty() ? 0 : role.org_text[0];
  const bool name = std::isupper(first) || std::isdigit(first) || first >= 0x80;
  n.type = !places.CountryName(role.org_text).empty() ? "LOCATION" : name ? "ORG" : "OTHER";
  n.kind = NodeKind::kEntity;
  return n;
}

// Role statements for the roles a sentence gives its names ("Kremlin spokesman Dmitry Peskov"
// → Peskov –spokesman of→ Kremlin) that the extractor did not already make. Their evidence is
// that of another statement of the sentence (a sentence without any gets none).
void AddRoleStatements(const Gazetteer& places, const DocumentMentions& found, size_t begin,
                       size_t end, std::vector<Extraction>* sentence) {
  std::vector<Extraction> added;
  for (size_t i = begin; i < end; ++i) {
    const Mention& m = found.mentions[i];
    if (m.kind != MentionKind::kName || found.entity[i] < 0) continue;
    const Node subject = EntityNode(found.entities, found.entity[i]);
    for (const RoleInfo& r : m.roles) {
      if (r.head.empty() || sentence->empty()) continue;
      std::string role;
      for (const std::string& w : r.words) role += (role.empty() ? "" : " ") + w;
      Node object;
      std::string lemma = "be";
      if (r.org.empty()) {
        object.name = role;
        object.type = "ROLE";
        object.kind = NodeKind::kLiteral;
      } else {
        object = OrgNode(places, found.entities, r);
        lemma = role + " of";
      }
      bool made = false;
      for (std::vector<Extraction>* list : {sentence, &added}) {
        for (Extraction& x : *list) {
          if (x.statement.subject.id != subject.id || x.statement.predicate.lemma != lemma ||
              FoldedName(x.statement.object.name) != FoldedName(object.name)) {
            continue;
          }
          made = true;
          // The extractor's organisation node, typed as the document knows it.
          if (x.statement.object.id.empty() && !r.org.empty()) x.statement.object = object;
        }
      }
      if (made) continue;
      Extraction x;
      Statement& st = x.statement;
      st.subject = subject;
      st.object = object;
      st.predicate = {lemma, r.org.empty() ? "is" : role + " of"};
      st.confidence = extract::RuleConfidence(extract::kRuleTitle);
      Evidence ev = sentence->front().statement.evidence.empty()
                        ? Evidence{}
                        : sentence->front().statement.evidence.front();
      ev.rule = std::string(kRuleMentionRole);
      ev.confidence = st.confidence;
      st.evidence.push_back(std::move(ev));
      x.relation = "is " + role + (r.org.empty() ? "" : " of");
      x.arguments = {subject.name, object.name};
      added.push_back(std::move(x));
    }
  }
  for (Extraction& x : added) sentence->push_back(std::move(x));
}

bool IsFirstPersonSingular(const std::string& name) {
  return name == "I" || name == "me" || name == "Me" || name == "myself";
}

bool HasQuotationMark(const std::vector<AnalyzedToken>& sentence) {
  for (const AnalyzedToken& t : sentence) {
    if (t.form == "\"" || t.form == "“" || t.form == "”" || t.form == "``" || t.form == "''") {
      return true;
    }
  }
  return false;
}

// Per sentence, the entity whose words a quotation in it are (-1 when none is known): the one
// person a speech verb of the sentence has as subject ("“...,” Mr Trump told reporters"), else,
// for a quotation that goes on into the next sentences without a speaker of its own, the
// speaker of the sentence before.
std::vector<int> QuotationSpeakers(const std::vector<std::vector<AnalyzedToken>>& sentences,
                                   const DocumentMentions& found) {
  std::vector<int> out(sentences.size(), -1);
  std::vector<std::set<int>> speakers(sentences.size());
  for (size_t i = 0; i < found.mentions.size(); ++i) {
    const Mention& m = found.mentions[i];
    const int e = found.entity[i];
    if (!m.speaker || e < 0 || found.entities.entities[e].type != "PERSON") continue;
    speakers[m.sentence].insert(e);
  }
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (!HasQuotationMark(sentences[s])) continue;
    if (speakers[s].size() == 1) {
      out[s] = *speakers[s].begin();
    } else if (speakers[s].empty() && s > 0) {
      out[s] = out[s - 1];
    }
  }
  return out;
}

}  // namespace

DocumentMentions ClusterMentions(const Gazetteer& places,
                                 const std::vector<std::vector<AnalyzedToken>>& sentences) {
  return Sieve(places, sentences).Run();
}

bool IsResolvablePronounName(const std::string& name) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  char gender = 0;
  bool plural = false;
  return IsResolvablePronoun(lower, &gender, &plural);
}

namespace {

bool IsOneOf(const std::set<std::string>& words, const std::string& name) {
  if (name.size() > 10) return false;
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return words.count(lower) > 0;
}

}  // namespace

bool IsReferringWordName(const std::string& name) {
  // Not the first and second persons: in a quotation they are its speaker's voice ("we will
  // make a deal"), which readers take as such.
  static const std::set<std::string> kWords = {
      "it",  "its",   "itself", "this",  "that",     "these",   "those",
      "what", "which", "who",   "whom",  "whose",    "whatever", "whoever"};
  return IsOneOf(kWords, name);
}

bool IsFirstOrSecondPersonName(const std::string& name) {
  static const std::set<std::string> kWords = {
      "i",    "me",        "my",  "mine", "myself", "we",       "us",        "our",
      "ours", "ourselves", "you", "your", "yours",  "yourself", "yourselves"};
  return IsOneOf(kWords, name);
}

Status ResolveDocumentMentions(const Gazetteer& places,
                               const std::vector<std::vector<AnalyzedToken>>& sentences,
                               std::vector<std::vector<Extraction>>* extractions,
                               DocumentEntities* out) {
  if (extractions->size() != sentences.size()) {
    return Status::InvalidArgument("statements for " + std::to_string(extractions->size()) +
                                   " sentences, but the document has " +
                                   std::to_string(sentences.size()));
  }
  for (size_t s = 0; s < sentences.size(); ++s) {
    for (const Extraction& x : (*extractions)[s]) {
      if (x.subject_head > sentences[s].size() || x.object_head > sentences[s].size()) {
        return Status::InvalidArgument("sentence " + std::to_string(s + 1) +
                                       ": a statement's head word is outside the sentence of " +
                                       std::to_string(sentences[s].size()) + " words");
      }
    }
  }
  DocumentMentions found = ClusterMentions(places, sentences);
  const std::vector<Mention>& mentions = found.mentions;
  // The document's names, folded, with their entity (-1 when two entities share one).
  std::map<std::string, int> name_entity;
  for (size_t i = 0; i < mentions.size(); ++i) {
    if (mentions[i].kind != MentionKind::kName || found.entity[i] < 0) continue;
    auto [it, added] = name_entity.emplace(mentions[i].key, found.entity[i]);
    if (!added && it->second != found.entity[i]) it->second = -1;
  }

  const std::vector<int> quoting = QuotationSpeakers(sentences, found);
  size_t next = 0;  // first mention of the current sentence
  for (size_t s = 0; s < sentences.size(); ++s) {
    size_t end = next;
    while (end < mentions.size() && mentions[end].sentence == static_cast<int>(s)) ++end;
    // Word → resolved mention; names first, so a role nominal's possessive stays its own name.
    std::vector<int> owner(sentences[s].size(), -1);
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = next; i < end; ++i) {
        const Mention& m = mentions[i];
        if ((m.kind == MentionKind::kName) != (pass == 0) || found.entity[i] < 0) continue;
        if (pass == 0) {
          for (int k : m.tokens) {
            if (owner[k] < 0) owner[k] = static_cast<int>(i);
          }
        }
        if (owner[m.head] < 0) owner[m.head] = static_cast<int>(i);
      }
    }
    auto by_name = [&](const std::string& name) -> int {
      const std::string folded = FoldedName(name);
      int hit = -1;
      for (size_t i = next; i < end; ++i) {
        if (found.entity[i] < 0) continue;
        const Mention& m = mentions[i];
        if (m.key != folded) continue;
        if (hit < 0 || (m.subject && !mentions[hit].subject)) hit = static_cast<int>(i);
      }
      return hit;
    };
    auto by_name_ending = [&](const std::string& folded) -> int {
      int hit = -1;
      for (size_t i = next; i < end; ++i) {
        const Mention& m = mentions[i];
        if (found.entity[i] < 0 || m.kind != MentionKind::kName || m.key.empty()) continue;
        if (folded.size() <= m.key.size() || !folded.ends_with(m.key) ||
            folded[folded.size() - m.key.size() - 1] != ' ') {
          continue;
        }
        // Not across a preposition: "director of CENDA", "members of the committee" are
        // someone else than the name they end with.
        const std::string before = " " + folded.substr(0, folded.size() - m.key.size());
        bool preposition = false;
        for (const char* p : {" of ", " for ", " at ", " from ", " in ", " with ", " by "}) {
          preposition = preposition || before.find(p) != std::string::npos;
        }
        if (preposition) continue;
        if (hit < 0 || m.key.size() > mentions[hit].key.size()) hit = static_cast<int>(i);
      }
      return hit;
    };
    auto rewrite = [&](Node* node, int e) {
      const DocumentEntity& entity = found.entities.entities[e];
      node->name = entity.name;
      node->type = entity.type;
      node->kind = NodeKind::kEntity;
      node->id = "local:" + std::to_string(e);
    };
    for (Extraction& x : (*extractions)[s]) {
      Statement& st = x.statement;
      for (auto [node, head] :
           {std::pair{&st.subject, x.subject_head}, std::pair{&st.object, x.object_head}}) {
        if (!IsEntityNode(*node)) continue;
        int m = head > 0 ? owner[head - 1] : -1;
        if (m < 0 && head == 0) m = by_name(node->name);
        if (m < 0 && quoting[s] >= 0 && IsFirstPersonSingular(node->name)) {
          rewrite(node, quoting[s]);  // "I" in a quotation: its speaker
        } else if (m >= 0) {
          rewrite(node, found.entity[m]);
        } else if (const int e = EntityByName(name_entity, found.entities, node->name); e >= 0) {
          rewrite(node, e);  // a name the tagger did not take for one here ("Marsh met")
        }
      }
      for (std::optional<NodeRef>* ref : {&st.qualifiers.location, &st.qualifiers.attributed_to}) {
        if (!ref->has_value() || (*ref)->name.empty()) continue;
        if (quoting[s] >= 0 && IsFirstPersonSingular((*ref)->name)) {
          (*ref)->name = found.entities.entities[quoting[s]].name;
          (*ref)->id = "local:" + std::to_string(quoting[s]);
          continue;
        }
        int m = by_name((*ref)->name);
        // A speaker named with the title before the name ("Sears Chairman Alan Lacy said"):
        // the longest name of the sentence the words end with.
        if (m < 0) m = by_name_ending(FoldedName((*ref)->name));
        // A speaker named with an honorific ("Mr Lavrov said") is the entity of the name.
        const int e = m >= 0 ? found.entity[m]
                             : EntityByName(name_entity, found.entities,
                                            WithoutHonorific((*ref)->name));
        if (e < 0) continue;
        (*ref)->name = found.entities.entities[e].name;
        (*ref)->id = "local:" + std::to_string(e);
      }
    }
    AddRoleStatements(places, found, next, end, &(*extractions)[s]);
    next = end;
  }
  *out = std::move(found.entities);
  return Status::OK();
}

}  // namespace kg::core::resolve
