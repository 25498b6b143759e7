#include "core/resolve/mentions.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "core/extract/qualifiers.h"
#include "core/extract/rules.h"
#include "core/resolve/cues.h"
#include "core/util/text.h"

namespace kg::core::resolve {

namespace {

namespace rules = core::extract;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The sentence as a tree with child lists; indices are 0-based, -1 is the root.
class Words {
 public:
  explicit Words(const std::vector<AnalyzedToken>& t) : t_(t), kids_(t.size()) {
    for (size_t i = 0; i < t.size(); ++i) {
      lower_.push_back(Lower(t[i].form));
      lemma_.push_back(t[i].lemma.empty() || t[i].lemma == "_" ? lower_.back() : Lower(t[i].lemma));
      // Titles and role nouns are nouns (or proper nouns, as in "President Putin").
      const bool nominal = t[i].upos == "NOUN" || t[i].upos == "PROPN";
      role_.push_back(nominal && rules::IsRoleNoun(lower_.back()));
      role_lemma_.push_back(role_.back() || (nominal && lemma_.back() != lower_.back() &&
                                             rules::IsRoleNoun(lemma_.back())));
      title_.push_back(role_.back() || (nominal && (rules::IsHonorific(lower_.back()) ||
                                                    IsExtraTitle(lower_.back()))));
      if (t[i].head > 0 && t[i].head <= t.size())
        kids_[t[i].head - 1].push_back(static_cast<int>(i));
    }
  }
  // The extractor's role nouns, by the word's form and by its form or lemma; titles (role
  // nouns, honorifics, abbreviated ranks). Looked up once per word.
  bool Role(int i) const { return role_[i]; }
  bool RoleLemma(int i) const { return role_lemma_[i]; }
  bool Title(int i) const { return title_[i]; }
  int size() const { return static_cast<int>(t_.size()); }
  const std::string& form(int i) const { return t_[i].form; }
  const std::string& lower(int i) const { return lower_[i]; }
  const std::string& lemma(int i) const { return lemma_[i]; }
  const std::string& upos(int i) const { return t_[i].upos; }
  const std::string& xpos(int i) const { return t_[i].xpos; }
  const std::string& rel(int i) const { return t_[i].deprel; }
  int head(int i) const {
    return t_[i].head > 0 && t_[i].head <= t_.size() ? static_cast<int>(t_[i].head) - 1 : -1;
  }
  std::string_view base(int i) const {
    std::string_view r = t_[i].deprel;
    return r.substr(0, r.find(':'));
  }
  const std::vector<int>& kids(int i) const { return kids_[i]; }
  std::string CaseOf(int i) const {
    std::string out;
    for (int k : kids_[i]) {
      if (base(k) == "case" && k < i) out += (out.empty() ? "" : " ") + lower(k);
    }
    return out;
  }
  // A proper noun, or a word the tagger calls one by its Penn tag ("Atlantic" as ADJ/NNP).
  bool Proper(int i) const {
    return t_[i].upos == "PROPN" || t_[i].xpos == "NNP" || t_[i].xpos == "NNPS";
  }
  bool Capitalised(int i) const {
    const unsigned char c = static_cast<unsigned char>(t_[i].form[0]);
    return std::isupper(c) || std::isdigit(c) || c >= 0x80;
  }

 private:
  const std::vector<AnalyzedToken>& t_;
  std::vector<std::vector<int>> kids_;
  std::vector<std::string> lower_, lemma_;
  std::vector<char> role_, role_lemma_, title_;
};

bool IsNamePartRelation(std::string_view base) {
  return base == "compound" || base == "flat" || base == "fixed" || base == "goeswith";
}

bool IsAcronym(std::string_view text) {
  int letters = 0;
  for (char c : text) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      ++letters;
    } else if (c != '.') {
      return false;
    }
  }
  return letters >= 2 && letters <= 6;
}

// A common noun closing a name ("Dnipropetrovsk region", "Tass agency"), with a proper noun
// before it in a compound: the whole phrase is the name.
// A country before a lower-case cue word describes rather than names ("US broadcaster",
// "Russian army"): that is no name.
bool IsCueNounHead(const Words& w, int i, const Gazetteer& places) {
  if (w.upos(i) != "NOUN") return false;
  if (!(IsPlaceCueWord(w.lower(i)) || IsOrgCueWord(w.lower(i)) || IsEventCueWord(w.lower(i)))) {
    return false;
  }
  bool proper = false, descriptive = true;
  for (int k : w.kids(i)) {
    if (k < i && IsNamePartRelation(w.base(k)) && w.Proper(k)) {
      proper = true;
      if (places.Lookup(w.form(k)) != Gazetteer::Kind::kCountry) descriptive = false;
    }
  }
  return proper && !(descriptive && !w.Capitalised(i));
}

class Finder {
 public:
  Finder(const std::vector<AnalyzedToken>& sentence, int index, const Gazetteer& places)
      : t_(sentence), w_(sentence), index_(index), places_(places), owner_(sentence.size(), -1) {}

  std::vector<Mention> Run() {
    for (int i = 0; i < w_.size(); ++i) {
      if (IsNameHead(i)) Name(i);
    }
    BracketedNames();
    for (int i = 0; i < w_.size(); ++i) Appositions(i);
    for (int i = 0; i < w_.size(); ++i) {
      if (owner_[i] < 0) Nominal(i);
    }
    std::stable_sort(out_.begin(), out_.end(),
                     [](const Mention& a, const Mention& b) { return a.head < b.head; });
    return std::move(out_);
  }

 private:
  bool IsNameHead(int i) const {
    if (IsCueNounHead(w_, i, places_)) return true;
    if (w_.upos(i) != "PROPN") return false;
    const int h = w_.head(i);
    if (h >= 0 && IsNamePartRelation(w_.base(i)) &&
        (w_.Proper(h) || IsCueNounHead(w_, h, places_))) {
      return false;
    }
    // A proper-noun adjective inside a name ("Russian Foreign Minister Lavrov") belongs to it,
    // and so does a title the parser hangs off the name ("Minister" in "Foreign Minister
    // Sergei Lavrov" as nmod:desc).
    if (h >= 0 && w_.Proper(h) && i < h && (w_.base(i) == "amod" || IsTitleRelation(i))) {
      return false;
    }
    // A nationality adjective ("Russian drones") is no mention.
    if (w_.base(i) == "amod" && w_.Capitalised(i) &&
        !places_.CountryOfDemonym(w_.lower(i)).empty()) {
      return false;
    }
    return true;
  }

  // A title or description before a name, attached to it: "Kremlin spokesman" and "Foreign
  // Minister" in "Kremlin spokesman Dmitry Peskov", "Foreign Minister Sergei Lavrov".
  bool IsTitleRelation(int k) const {
    return w_.rel(k) == "nmod:desc" || (w_.base(k) == "compound" && w_.Title(k));
  }

  // The words of the name headed by h: its compound/flat parts (and, before a proper-noun
  // head, the adjectives and descriptions of its title), as the contiguous run around h.
  std::vector<int> Span(int h) const {
    std::set<int> in = {h};
    std::vector<int> todo = {h};
    while (!todo.empty()) {
      const int x = todo.back();
      todo.pop_back();
      for (int k : w_.kids(x)) {
        const bool part = IsNamePartRelation(w_.base(k)) ||
                          (k < h && w_.Proper(h) && (w_.base(k) == "amod" || IsTitleRelation(k))) ||
                          (w_.base(k) == "punct" && (w_.lower(k) == "." || w_.lower(k) == "-"));
        if (part && in.insert(k).second) todo.push_back(k);
      }
    }
    // An editor's bracket inside a quotation may split the name ("[Prime Minister Ada] Lunde"):
    // it does not end the run, and is no word of the name.
    auto bracket = [&](int k) { return w_.form(k) == "[" || w_.form(k) == "]"; };
    for (int k = 1; k + 1 < w_.size(); ++k) {
      if (bracket(k) && in.count(k - 1) && in.count(k + 1)) in.insert(k);
    }
    int b = h, e = h;
    while (in.count(b - 1)) --b;
    while (in.count(e + 1)) ++e;
    // A nationality right before a title is the title's, wherever the parser hung it
    // ("Russian Foreign Minister Sergei Lavrov").
    if (b > 0 && b < h && (w_.Title(b) || IsRoleModifier(w_.lower(b))) && w_.Capitalised(b - 1) &&
        !places_.CountryOfDemonym(w_.lower(b - 1)).empty()) {
      --b;
    }
    std::vector<int> out;
    for (int k = b; k <= e; ++k) {
      if (!bracket(k)) out.push_back(k);
    }
    while (!out.empty() && w_.upos(out.back()) == "PUNCT") out.pop_back();
    return out;
  }

  // The same when the parser made two names of it: the name closed by "]" (after a "[") and
  // the proper noun right after the bracket are one name.
  void BracketedNames() {
    for (size_t a = 0; a < out_.size();) {
      const Mention& first = out_[a];
      const int close = first.tokens.empty() ? -1 : first.tokens.back() + 1;
      bool opened = false;
      for (int k = close - 2; close > 0 && k >= 0 && !opened; --k) opened = w_.form(k) == "[";
      auto second = out_.end();
      if (first.kind == MentionKind::kName && opened && close + 1 < w_.size() &&
          w_.form(close) == "]" && w_.upos(close + 1) == "PROPN") {
        second = std::find_if(out_.begin(), out_.end(), [&](const Mention& m) {
          return m.kind == MentionKind::kName && !m.tokens.empty() && m.tokens.front() == close + 1;
        });
      }
      if (second == out_.end()) {
        ++a;
        continue;
      }
      second->text = first.text + " " + second->text;
      second->words.insert(second->words.begin(), first.words.begin(), first.words.end());
      SetKey(&*second);
      second->roles.insert(second->roles.end(), first.roles.begin(), first.roles.end());
      second->votes.Add(first.votes);
      if (second->gender == 0) second->gender = first.gender;
      second->tokens.insert(second->tokens.begin(), first.tokens.begin(), first.tokens.end());
      out_.erase(out_.begin() + static_cast<long>(a));
      std::fill(owner_.begin(), owner_.end(), -1);
      for (size_t m = 0; m < out_.size(); ++m) {
        for (int k : out_[m].tokens) {
          if (owner_[k] < 0) owner_[k] = static_cast<int>(m);
        }
        if (out_[m].head >= 0 && out_[m].head < w_.size()) {
          owner_[out_[m].head] = static_cast<int>(m);
        }
      }
    }
  }

  int Add(Mention m) {
    for (int k : m.tokens) {
      if (owner_[k] < 0) owner_[k] = static_cast<int>(out_.size());
    }
    if (m.head >= 0 && m.head < w_.size()) owner_[m.head] = static_cast<int>(out_.size());
    out_.push_back(std::move(m));
    return static_cast<int>(out_.size()) - 1;
  }

  Mention Base(MentionKind kind, int h) const {
    Mention m;
    m.kind = kind;
    m.sentence = index_;
    m.head = h;
    m.relation = w_.rel(h);
    m.subject = w_.base(h) == "nsubj";
    m.governor = w_.head(h);
    m.speaker = m.subject && m.governor >= 0 && rules::IsSpeechVerb(w_.lemma(m.governor));
    m.quoted_speaker = false;
    if (m.speaker) {
      for (int k = 0; k < h; ++k) {
        const std::string& f = w_.form(k);
        if (f == "\"" || f == "”" || f == "’" || f == "''" || f == "“" || f == "``") {
          m.quoted_speaker = true;
        }
      }
    }
    // The subject of the clause the mention sits in: up from its head through noun phrases
    // and conjoined verbs, not across a clause boundary.
    for (int v = m.governor, guard = 0; v >= 0 && guard < 8; ++guard) {
      for (int k : w_.kids(v)) {
        if (w_.base(k) == "nsubj" && k != h) m.clause_subject = k;
      }
      const std::string_view r = w_.base(v);
      if (m.clause_subject >= 0 || r == "ccomp" || r == "advcl" || r == "acl" || r == "parataxis" ||
          r == "csubj" || r == "root") {
        break;
      }
      v = w_.head(v);
    }
    return m;
  }

  bool PersonShaped(const Mention& m) const {
    for (int k : m.tokens) {
      const std::string& f = w_.form(k);
      if (w_.upos(k) == "PUNCT") continue;
      const bool initial = f.size() == 2 && f[1] == '.';  // "J."
      if (initial) continue;
      if (!std::isupper(static_cast<unsigned char>(f[0])) || f.size() < 2) return false;
      for (size_t j = 1; j < f.size(); ++j) {
        const unsigned char c = static_cast<unsigned char>(f[j]);
        if (!(std::islower(c) || c == '-' || c == '\'' || c >= 0x80)) return false;
      }
      const std::string& lower = w_.lower(k);
      if (IsOrgCueWord(lower) || IsPlaceCueWord(lower) || IsEventCueWord(lower) ||
          places_.Lookup(f) != Gazetteer::Kind::kNone || !places_.CountryOfDemonym(f).empty()) {
        return false;
      }
    }
    return true;
  }

  // The folded key of a name from its words.
  static void SetKey(Mention* m) {
    m->key.clear();
    for (const std::string& w : m->words) {
      if (m->key.empty() && w == "the" && m->words.size() > 1) continue;
      m->key += (m->key.empty() ? "" : " ") + w;
    }
  }

  // Type evidence a name's own words give.
  void VoteOnWords(Mention* m) const {
    const std::string& folded = m->key;
    const std::string last = m->words.empty() ? "" : m->words.back();
    if (IsInstitution(folded)) {
      m->votes.org += 5;
      return;
    }
    if (m->words.size() == 1 && !places_.CountryOfDemonym(folded).empty()) {
      m->demonym = true;
      return;
    }
    const Gazetteer::Kind place = places_.Lookup(folded);
    if (place == Gazetteer::Kind::kCountry || place == Gazetteer::Kind::kRegion) {
      m->votes.location += 4;
    }
    if (place == Gazetteer::Kind::kSubdivision) m->votes.location += 3;
    if (m->words.size() >= 2 && IsPlacePrefix(m->words.front())) m->votes.location += 3;
    // The cue words type one-word names too: "the Ministry", "Republic", "Army".
    if (IsOrgCueWord(last)) m->votes.org += 4;
    if (IsPlaceCueWord(last)) m->votes.location += 4;
    // An event's cue may be followed by its number: "World War II", "Vatican Council II".
    for (const std::string& w : m->words) {
      if (IsEventCueWord(w) && m->words.size() >= 2) {
        m->votes.event += 4;
        break;
      }
    }
    if (m->words.size() == 1 && IsEventCueWord(last)) m->votes.event += 4;
    if (IsAcronym(m->text) && place == Gazetteer::Kind::kNone) m->votes.org += 2;
    // Two or three words shaped like a person's name ("Kenny Davies": each capitalised, then
    // lower case, letters only, none a place or cue word) with nothing else to go on are most
    // often a person; "Liverpool FC", "World War II", "Lycos Europe" are not so shaped.
    if (m->words.size() >= 2 && m->words.size() <= 4 &&
        m->votes.org + m->votes.location + m->votes.event == 0 && PersonShaped(*m)) {
      m->votes.person += 1;
    }
  }

  // Type evidence from where the name stands.
  void VoteOnContext(Mention* m) const {
    const int h = m->head;
    const std::string prep = w_.CaseOf(h);
    if ((w_.base(h) == "obl" || w_.base(h) == "nmod") &&
        (prep == "in" || prep == "near" || prep == "outside" || prep == "across" ||
         prep == "into" || prep == "throughout" || prep == "inside")) {
      m->votes.location += 2;
    }
    if (m->speaker) {
      if (SpeaksOfItselfAsIt(*m)) {
        m->votes.org += 2;
      } else {
        m->votes.person += 1;
      }
    }
    if (m->subject && HasOwnObject(*m)) m->votes.org += 2;
    // "Brantco shares rose": a name that qualifies a company's shares, stores or sales.
    if (w_.rel(h) == "compound" && w_.head(h) >= 0 && IsCompanyNoun(w_.lemma(w_.head(h)))) {
      m->votes.org += 2;
    }
    // "Internet portal Brantco", "the retailer Brantco": the word just before the name says
    // what kind of business it is (the parser attaches it in several ways, so its place is
    // what counts). Not in "the company Smith founded", where the name begins a relative
    // clause.
    const int before = m->tokens.empty() ? -1 : m->tokens.front() - 1;
    if (before >= 0 && w_.upos(before) == "NOUN" && IsBusinessNoun(w_.lemma(before)) &&
        !(w_.base(h) == "nsubj" && w_.head(h) >= 0 && w_.rel(w_.head(h)) == "acl:relcl")) {
      m->votes.org += 3;
    }
  }

  // "Brantco opened its first store": the subject owns its own object as "its", as an
  // organisation does (a person's would be "his" or "her").
  bool HasOwnObject(const Mention& m) const {
    if (m.governor < 0) return false;
    for (int o : w_.kids(m.governor)) {
      if (w_.base(o) != "obj") continue;
      for (int k : w_.kids(o)) {
        if (w_.rel(k) == "nmod:poss" && w_.lower(k) == "its") return true;
      }
    }
    return false;
  }

  // "Brantco said it earned $12 million": the speaker's reported clause has "it" as its
  // subject, as organisations speak of themselves (a person says "he" or "she"). Not when the
  // "it" is about something else, as it usually is with a predicate ("it was important", "it
  // is a mistake") or a verb that takes a thing as its subject ("it showed", "it means").
  bool SpeaksOfItselfAsIt(const Mention& m) const {
    for (int c : w_.kids(m.governor)) {
      if (w_.base(c) != "ccomp" || w_.upos(c) != "VERB") continue;
      if (IsThingSubjectVerb(w_.lemma(c))) continue;
      bool it_subject = false, predicate = false;
      for (int k : w_.kids(c)) {
        if (w_.base(k) == "nsubj" && w_.lower(k) == "it") it_subject = true;
        if (w_.base(k) == "cop" || w_.base(k) == "expl") predicate = true;
      }
      if (it_subject && !predicate) return true;
    }
    return false;
  }

  // A role made of title words (role nouns and their modifiers) and an organisation.
  RoleInfo MakeRole(const std::vector<int>& role_words, int org_begin, int org_end) const {
    RoleInfo r;
    for (int k : role_words) {
      r.words.push_back(w_.lower(k));
      if (w_.Role(k)) r.head = w_.lower(k);
    }
    if (org_begin >= 0) SetOrg(&r, org_begin, org_end);
    return r;
  }

  // The words of the organisation phrase headed by k: "foreign ministry", "Russia".
  std::vector<int> OrgPhrase(int k) const {
    std::vector<int> idx = {k};
    for (size_t j = 0; j < idx.size(); ++j) {
      for (int x : w_.kids(idx[j])) {
        if (IsNamePartRelation(w_.base(x)) || w_.base(x) == "amod") idx.push_back(x);
      }
    }
    std::sort(idx.begin(), idx.end());
    return idx;
  }

  void SetOrg(RoleInfo* r, int b, int e) const {
    std::vector<int> idx;
    for (int k = b; k <= e; ++k) {
      if (w_.upos(k) != "PUNCT" && w_.base(k) != "case" && w_.base(k) != "det") idx.push_back(k);
    }
    SetOrg(r, idx);
  }

  void SetOrg(RoleInfo* r, const std::vector<int>& idx) const {
    if (idx.empty()) return;
    const std::string text = RenderWords(t_, idx);
    // A country by any of its names or its demonym ("US", "American") is one organisation.
    std::string country = places_.CountryName(text);
    if (country.empty() && idx.size() == 1) {
      country = places_.CountryName(places_.CountryOfDemonym(text));
    }
    r->org = NormalizeName(country.empty() ? text : country);
    r->org_text = country.empty() ? text : country;
  }

  void Name(int h) {
    const std::vector<int> span = Span(h);
    if (span.empty()) return;
    // The name proper starts after the last title word ("Foreign Minister", "Mr") or
    // lower-case description ("US specialist Steve Witkoff") before its last word.
    int last_title = -1;
    bool all_titles = true;
    for (int k : span) {
      const std::string& lower = w_.lower(k);
      if (!w_.Title(k) && w_.upos(k) != "PUNCT") all_titles = false;
      if (k == span.back()) break;
      if (w_.Title(k) || (!w_.Capitalised(k) && !IsNameParticle(lower) && w_.upos(k) != "PUNCT" &&
                          w_.upos(k) != "NUM" && w_.base(k) != "case")) {
        last_title = k;
      }
    }
    if (all_titles) return;  // "the Russian President": a role nominal (Nominal)
    std::vector<int> name;
    for (int k : span) {
      if (k > last_title) name.push_back(k);
    }
    // Drop a leading nationality adjective that is not a title's ("Russian Lavrov" is rare,
    // "Ukrainian Volodymyr Zelensky" common).
    while (name.size() > 1 && w_.base(name.front()) == "amod" &&
           !places_.CountryOfDemonym(w_.lower(name.front())).empty()) {
      name.erase(name.begin());
    }
    // An organisation or country leading a person's name is its title's ("U.N. John
    // Danforth" after "Ambassador to the"; "Kremlin Dmitry Peskov").
    if (name.size() >= 3 && w_.Capitalised(name[1]) &&
        (IsInstitution(NormalizeName(w_.form(name[0]))) ||
         !places_.CountryName(w_.form(name[0])).empty())) {
      name.erase(name.begin());
    }
    while (!name.empty() && w_.upos(name.front()) == "PUNCT") name.erase(name.begin());
    // A word said twice in a row ends the name: two names run together where a page listed
    // headlines or captions ("... Augusto Pinochet Pinochet case: Timeline").
    for (size_t i = 1; i < name.size(); ++i) {
      if (w_.upos(name[i]) != "PUNCT" && w_.lower(name[i]) == w_.lower(name[i - 1])) {
        name.resize(i);
        break;
      }
    }
    if (name.empty()) return;
    // A name ending in a role noun is a title ("U.S. Ambassador"), not a name.
    if (w_.Role(name.back())) return;
    bool time_only = true, capital = false;
    for (int k : name) {
      // "May" as a proper noun is the month ("in May"): the extractor's time words leave it
      // out for the modal's sake.
      if (!rules::IsTimeWord(w_.form(k)) && !(w_.form(k) == "May" && w_.upos(k) == "PROPN")) {
        time_only = false;
      }
      if (w_.Capitalised(k)) capital = true;
    }
    if (time_only || !capital) return;

    Mention m = Base(MentionKind::kName, h);
    m.tokens = name;
    m.text = RenderWords(t_, name);
    // "the Tories", "Greens": a group, never a he or she.
    m.plural = w_.xpos(name.back()) == "NNPS" || w_.xpos(name.back()) == "NNS";
    for (int k : name) {
      if (w_.upos(k) == "PUNCT") continue;
      std::string f = NormalizeName(w_.form(k));
      if (!f.empty()) m.words.push_back(std::move(f));
    }
    if (m.words.empty()) return;
    SetKey(&m);
    // Gender from a known first name (which also says person) or a feminine surname ending;
    // a title may still say otherwise.
    if (m.words.size() >= 2) {
      m.gender = GenderOfFirstName(m.words.front());
      if (m.gender != 0) m.votes.person += 2;
    }
    if (m.gender == 0 && places_.Lookup(m.key) == Gazetteer::Kind::kNone) {
      m.gender = GenderOfSurname(m.words.back());
    }
    if (last_title >= 0) {
      Title(span, last_title, &m);
      // A description before the name says what it is: "the news agency Interfax".
      if (IsOrgCueWord(w_.lower(last_title))) m.votes.org += 3;
      if (IsPlaceCueWord(w_.lower(last_title))) m.votes.location += 3;
    }
    VoteOnWords(&m);
    VoteOnContext(&m);
    if (m.plural) m.votes.person = 0;  // "the Tories said": a group, not a person
    const int index = Add(std::move(m));
    // The title's words are no mentions of their own (no "spokesman" to take a pronoun).
    for (int k : span) {
      if (owner_[k] < 0) owner_[k] = index;
    }
  }

  // The title before a name: "Russian Foreign Minister", "Kremlin spokesman", "Mr".
  void Title(const std::vector<int>& span, int last_title, Mention* m) {
    std::vector<int> title;
    for (int k : span) {
      if (k <= last_title) title.push_back(k);
    }
    for (int k : title) {
      if (rules::IsHonorific(w_.lower(k)) || IsExtraTitle(w_.lower(k))) {
        m->votes.person += 4;
        if (char g = GenderOfTitle(w_.lower(k))) m->gender = g;
      }
    }
    // The role words: the run ending at the last role noun of role nouns and their modifiers.
    int role_end = -1;
    for (int k : title) {
      if (w_.Role(k)) role_end = k;
    }
    if (role_end < 0) return;
    int role_begin = role_end;
    while (role_begin - 1 >= title.front() &&
           (w_.Role(role_begin - 1) || IsRoleModifier(w_.lower(role_begin - 1)) ||
            (!w_.Capitalised(role_begin - 1) &&
             (w_.upos(role_begin - 1) == "ADJ" || w_.upos(role_begin - 1) == "NOUN")))) {
      --role_begin;
    }
    std::vector<int> role_words;
    for (int k = role_begin; k <= role_end; ++k) {
      if (!rules::IsHonorific(w_.lower(k))) role_words.push_back(k);
    }
    // The organisation: proper nouns before the role words ("Kremlin", "White House"). A word
    // that says when the role was held ("Former Acme Chief Financial Officer") is the role's,
    // wherever it stands: never the first word of the organisation's name.
    int org_begin = -1, org_end = -1;
    for (int k : title) {
      if (k >= role_begin) break;
      if (rules::IsHonorific(w_.lower(k)) || w_.upos(k) == "PUNCT") continue;
      if (org_begin < 0 && IsTenureModifier(w_.lower(k))) {
        role_words.insert(role_words.begin(), k);
        continue;
      }
      if (org_begin < 0) org_begin = k;
      org_end = k;
    }
    RoleInfo role = MakeRole(role_words, org_begin, org_end);
    if (char g = GenderOfTitle(role.head)) m->gender = g;
    m->votes.person += 4;
    if (org_begin >= 0 && places_.CountryOfDemonym(w_.lower(org_begin)).empty()) {
      OrgMention(org_begin, org_end, role.head);
    }
    m->roles.push_back(std::move(role));
  }

  // A name standing as a title's organisation ("Kremlin" in "Kremlin spokesman Peskov").
  void OrgMention(int b, int e, const std::string& role_head) {
    std::vector<int> idx;
    for (int k = b; k <= e; ++k) {
      if (w_.upos(k) != "PUNCT") idx.push_back(k);
    }
    if (idx.empty()) return;
    // Already a name of its own (the parser made it the head of its own phrase).
    if (const int known = Owner(idx.back(), MentionKind::kName); known >= 0) {
      if (IsPlaceRole(role_head)) out_[known].votes.location += 2;
      return;
    }
    Mention m = Base(MentionKind::kName, idx.back());
    m.subject = false;
    m.tokens = idx;
    m.text = RenderWords(t_, idx);
    for (int k : idx) {
      std::string f = NormalizeName(w_.form(k));
      if (!f.empty()) m.words.push_back(std::move(f));
    }
    if (m.words.empty()) return;
    SetKey(&m);
    VoteOnWords(&m);
    if (IsPlaceRole(role_head)) m.votes.location += 2;
    if (m.votes.location == 0 && m.votes.event == 0) m.votes.org += 2;
    Add(std::move(m));
  }

  // Role nominals, pronouns and blockers.
  void Nominal(int i) {
    const std::string& lower = w_.lower(i);
    char gender = 0;
    bool plural = false;
    // "it" only as the subject of what a named speaker reports ("Brantco said it earned
    // ..."): the speaker's own "it" (see SpeaksOfItselfAsIt), which the sieve gives the
    // speaker when it is an organisation.
    const bool speakers_it = lower == "it" && w_.base(i) == "nsubj" && w_.head(i) >= 0 &&
                             w_.base(w_.head(i)) == "ccomp" && w_.head(w_.head(i)) >= 0 &&
                             rules::IsSpeechVerb(w_.lemma(w_.head(w_.head(i))));
    if (w_.upos(i) == "PRON" && (IsResolvablePronoun(lower, &gender, &plural) || speakers_it)) {
      Mention m = Base(MentionKind::kPronoun, i);
      m.tokens = {i};
      m.text = lower;
      m.key = lower;
      m.gender = gender;
      m.plural = plural;
      Add(std::move(m));
      return;
    }
    if (w_.Role(i) && (w_.xpos(i) == "NN" || w_.xpos(i) == "NNP") && RoleNominal(i)) {
      return;
    }
    if (w_.upos(i) != "NOUN") return;
    const bool singular = w_.xpos(i) == "NN";
    const bool argument =
        w_.base(i) == "nsubj" || w_.base(i) == "obj" || w_.base(i) == "iobj" || w_.base(i) == "obl";
    if ((singular && (IsPersonNoun(w_.lemma(i)) || w_.RoleLemma(i))) ||
        (!singular && argument && w_.xpos(i) == "NNS")) {
      Mention m = Base(MentionKind::kBlocker, i);
      m.tokens = {i};
      m.text = lower;
      m.key = lower;
      m.plural = !singular;
      if (lower == "man" || lower == "boy" || lower == "father" || lower == "son" ||
          lower == "husband" || lower == "brother") {
        m.gender = 'm';
      } else if (lower == "woman" || lower == "girl" || lower == "mother" || lower == "daughter" ||
                 lower == "wife" || lower == "sister") {
        m.gender = 'f';
      } else {
        m.gender = GenderOfTitle(lower);
      }
      Add(std::move(m));
    }
  }

  // "the foreign minister", "Russia's foreign minister", "the Kremlin spokesman": a definite
  // role with no name of its own. False when i is no such nominal.
  bool RoleNominal(int i) {
    bool definite = false;
    for (int k : w_.kids(i)) {
      if (w_.base(k) == "det" && w_.lower(k) == "the") definite = true;
      if (w_.rel(k) == "nmod:poss") definite = true;
      // A name of its own, a copula ("X is the spokesman") or an apposition: not a nominal.
      if (w_.base(k) == "cop" || w_.base(k) == "appos" ||
          (IsNamePartRelation(w_.base(k)) && k > i && w_.upos(k) == "PROPN")) {
        return false;
      }
    }
    if (!definite || w_.base(i) == "appos") return false;
    Mention m = Base(MentionKind::kRole, i);
    RoleInfo r;
    r.head = w_.lemma(i);
    for (int k : w_.kids(i)) {
      if (k > i) continue;
      if (w_.rel(k) == "nmod:poss") {
        SetOrg(&r, OrgPhrase(k));
        m.tokens.push_back(k);
      } else if (w_.base(k) == "amod" || w_.base(k) == "compound") {
        m.modifiers.push_back(w_.lower(k));
        m.tokens.push_back(k);
        if (r.org.empty() &&
            (w_.upos(k) == "PROPN" || !places_.CountryOfDemonym(w_.lower(k)).empty())) {
          SetOrg(&r, k, k);
        } else {
          r.words.push_back(w_.lower(k));
        }
      }
    }
    for (int k : w_.kids(i)) {
      if (k > i && w_.base(k) == "nmod" && w_.CaseOf(k) == "of" && r.org.empty()) {
        SetOrg(&r, OrgPhrase(k));
        m.modifiers.push_back(w_.lower(k));
      }
    }
    r.words.push_back(w_.lower(i));
    m.tokens.push_back(i);
    std::sort(m.tokens.begin(), m.tokens.end());
    m.text = RenderWords(t_, m.tokens);
    m.text = Lower(m.text);
    m.key = m.text;
    m.gender = GenderOfTitle(w_.lower(i));
    m.roles.push_back(std::move(r));
    Add(std::move(m));
    return true;
  }

  // "Vitali Klitschko, mayor of Kiev", "the Kremlin spokesman, Dmitry Peskov", "Peskov is the
  // Kremlin spokesman": the role goes to the name; the role noun's word maps to the name too.
  void Appositions(int i) {
    const int h = w_.head(i);
    int name_word = -1, role_word = -1;
    if (w_.base(i) == "appos" && h >= 0) {
      if (w_.RoleLemma(i) && Owner(h, MentionKind::kName) >= 0) {
        name_word = h, role_word = i;
      } else if (w_.RoleLemma(h) && Owner(i, MentionKind::kName) >= 0) {
        name_word = i, role_word = h;
      }
    } else if (w_.RoleLemma(i) && w_.upos(i) == "NOUN") {
      bool cop = false;
      int subj = -1;
      for (int k : w_.kids(i)) {
        if (w_.base(k) == "cop") cop = true;
        if (w_.base(k) == "nsubj") subj = k;
      }
      if (cop && subj >= 0 && Owner(subj, MentionKind::kName) >= 0) name_word = subj, role_word = i;
    }
    // A role noun right before a name is that name's title ("..., Kremlin spokesman Dmitri
    // Peskov said"), whatever the parser hung it on.
    if (w_.Role(i) && i + 1 < w_.size() && owner_[i] < 0 && Owner(i + 1, MentionKind::kName) >= 0 &&
        w_.Capitalised(i + 1)) {
      name_word = i + 1, role_word = i;
    }
    if (name_word < 0) return;
    const int name = Owner(name_word, MentionKind::kName);
    std::vector<int> words;
    int org = -1;
    for (int k : w_.kids(role_word)) {
      if (w_.rel(k) == "nmod:poss") {
        org = k;
      } else if (w_.base(k) == "nmod" &&
                 (w_.CaseOf(k) == "of" || w_.CaseOf(k) == "for" || w_.CaseOf(k) == "at")) {
        if (org < 0) org = k;
      } else if ((w_.base(k) == "amod" || w_.base(k) == "compound") && k < role_word) {
        if ((w_.upos(k) == "PROPN" && !w_.Role(k)) ||
            !places_.CountryOfDemonym(w_.lower(k)).empty()) {
          if (org < 0) org = k;
        } else {
          words.push_back(k);
        }
      }
    }
    // "Serhiy Lysak, governor for the Dnipropetrovsk region": the parser often hangs the
    // role's "for"/"of" phrase on the name instead.
    for (int k : w_.kids(name_word)) {
      if (org < 0 && k > role_word && w_.base(k) == "nmod" &&
          (w_.CaseOf(k) == "of" || w_.CaseOf(k) == "for")) {
        org = k;
      }
    }
    words.push_back(role_word);
    std::sort(words.begin(), words.end());
    RoleInfo role;
    for (int k : words) role.words.push_back(w_.lower(k));
    role.head = w_.lemma(role_word);
    if (org >= 0 && owner_[org] == name) org = -1;  // a name is no organisation of its own
    if (org >= 0) {
      const int org_mention = Owner(org, MentionKind::kName);
      if (org_mention >= 0) {
        role.org = NormalizeName(out_[org_mention].text);
        role.org_text = out_[org_mention].text;
        if (IsPlaceRole(role.head)) out_[org_mention].votes.location += 2;
      } else {
        SetOrg(&role, OrgPhrase(org));
      }
    }
    Mention& m = out_[name];
    m.votes.person += 4;
    if (char g = GenderOfTitle(role.head)) m.gender = g;
    m.roles.push_back(std::move(role));
    // Statements whose argument is the role noun ("the spokesman, Dmitry Peskov, said") are
    // about the name.
    if (owner_[role_word] < 0) {
      owner_[role_word] = name;
      m.tokens.push_back(role_word);
    }
  }

  int Owner(int word, MentionKind kind) const {
    const int o = owner_[word];
    return o >= 0 && out_[o].kind == kind ? o : -1;
  }

  const std::vector<AnalyzedToken>& t_;
  Words w_;
  int index_;
  const Gazetteer& places_;
  std::vector<int> owner_;  // word → index in out_ of the mention covering it, -1
  std::vector<Mention> out_;
};

}  // namespace

std::string RoleInfo::Phrase() const {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  if (!org.empty()) out += " of " + org;
  return out;
}

std::string TypeVotes::Type() const {
  const int best = std::max({person, org, location, event});
  if (best <= 0) return "OTHER";
  if (person == best) return "PERSON";
  if (org == best) return "ORG";
  if (location == best) return "LOCATION";
  return "EVENT";
}

std::string RenderWords(const std::vector<AnalyzedToken>& sentence, std::vector<int> idx) {
  std::sort(idx.begin(), idx.end());
  idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
  std::string out;
  for (size_t j = 0; j < idx.size(); ++j) {
    const AnalyzedToken& t = sentence[idx[j]];
    if (j > 0) {
      const AnalyzedToken& p = sentence[idx[j - 1]];
      const bool touching = idx[j] == idx[j - 1] + 1 && p.end == t.begin && t.end > t.begin;
      if (!touching) out += ' ';
    }
    out += t.form;
  }
  return out;
}

std::vector<Mention> FindMentions(const std::vector<AnalyzedToken>& sentence, int sentence_index,
                                  const Gazetteer& places) {
  return Finder(sentence, sentence_index, places).Run();
}

}  // namespace kg::core::resolve
