// The "clause" statement extractor: clauses of a UD tree → statements with qualifiers.
//
// One pass finds every clause head (a word with a subject, or one that inherits a subject:
// conjoined verbs, relative and participial clauses, controlled xcomps, adverbial clauses),
// follows its xcomp chain to the verb that carries the objects, and turns subjects × objects
// into statements (conjunctions split on both sides). Reported speech is found by walking up
// from a clause to a speech verb whose ccomp (or parataxis, for quotations) it is. Role
// statements come from appositions and from titles inside proper-noun names; noun events from
// nominalisations with a possessive or "by" agent and an "of" patient.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "core/extract/casualties.h"
#include "core/extract/qualifiers.h"
#include "core/extract/rules.h"
#include "core/util/text.h"
#include "kg/extract.h"

namespace kg {

namespace {

using core::extract::ComparatorOf;
using core::extract::IsTimeWord;
using core::extract::NormalizeTime;
using core::extract::ParseNumber;
namespace rules = core::extract;

constexpr std::string_view kVersion = "1";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The dependency tree of one sentence with child lists. Indices are 0-based.
class Tree {
 public:
  explicit Tree(const std::vector<AnalyzedToken>& tokens) : t_(tokens), kids_(tokens.size()) {
    for (size_t i = 0; i < t_.size(); ++i) {
      lower_.push_back(Lower(t_[i].form));
      // A lemma that is not valid UTF-8 (a suffix edit cut into a curly apostrophe, "’re" →
      // "\xE2be") would poison the predicate: the form serves instead.
      const bool usable =
          !t_[i].lemma.empty() && t_[i].lemma != "_" && core::ValidateUtf8(t_[i].lemma).ok();
      lemma_.push_back(Lower(usable ? t_[i].lemma : t_[i].form));
      if (t_[i].head > 0) kids_[t_[i].head - 1].push_back(static_cast<int>(i));
    }
  }

  int size() const { return static_cast<int>(t_.size()); }
  const AnalyzedToken& tok(int i) const { return t_[i]; }
  const std::string& lower(int i) const { return lower_[i]; }
  const std::string& lemma(int i) const { return lemma_[i]; }
  const std::string& upos(int i) const { return t_[i].upos; }
  int head(int i) const { return static_cast<int>(t_[i].head) - 1; }
  const std::string& rel(int i) const { return t_[i].deprel; }
  std::string_view base(int i) const {
    std::string_view r = t_[i].deprel;
    return r.substr(0, r.find(':'));
  }
  // True when i's relation is `r` exactly, or has base `r` when `r` has no subtype.
  bool Is(int i, std::string_view r) const {
    return rel(i) == r || (r.find(':') == std::string_view::npos && base(i) == r);
  }
  const std::vector<int>& kids(int i) const { return kids_[i]; }
  std::vector<int> Kids(int i, std::string_view r) const {
    std::vector<int> out;
    for (int k : kids_[i]) {
      if (Is(k, r)) out.push_back(k);
    }
    return out;
  }
  int Kid(int i, std::string_view r) const {
    for (int k : kids_[i]) {
      if (Is(k, r)) return k;
    }
    return -1;
  }
  // The preposition(s) of an oblique or nominal modifier: "in", "according to", "out of".
  std::string CaseOf(int i) const {
    std::string out;
    for (int k : kids_[i]) {
      if (!Is(k, "case") || k > i) continue;
      if (!out.empty()) out += ' ';
      out += lower(k);
      for (int f : Kids(k, "fixed")) out += " " + lower(f);
    }
    return out;
  }
  bool IsNominal(int i) const {
    return upos(i) == "NOUN" || upos(i) == "PROPN" || upos(i) == "PRON" || upos(i) == "NUM";
  }
  bool IsVerbal(int i) const { return upos(i) == "VERB" || Kid(i, "cop") >= 0; }

 private:
  const std::vector<AnalyzedToken>& t_;
  std::vector<std::vector<int>> kids_;
  std::vector<std::string> lower_;
  std::vector<std::string> lemma_;
};

// A word-index set rendered as text: tokens joined by a space unless their spans touch.
std::string Render(const Tree& tree, std::vector<int> idx) {
  std::sort(idx.begin(), idx.end());
  idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
  while (!idx.empty() && tree.upos(idx.front()) == "PUNCT") idx.erase(idx.begin());
  while (!idx.empty() && tree.upos(idx.back()) == "PUNCT") idx.pop_back();
  std::string out;
  for (size_t j = 0; j < idx.size(); ++j) {
    const AnalyzedToken& t = tree.tok(idx[j]);
    if (j > 0) {
      const AnalyzedToken& p = tree.tok(idx[j - 1]);
      const bool touching = idx[j] == idx[j - 1] + 1 && p.end == t.begin && t.end > t.begin;
      if (!touching) out += ' ';
    }
    out += t.form;
  }
  return out;
}

// Collects i's subtree, not descending into children whose relation `skip` rejects.
template <typename Skip>
void Collect(const Tree& tree, int i, const Skip& skip, std::vector<int>* out) {
  out->push_back(i);
  for (int k : tree.kids(i)) {
    if (!skip(k)) Collect(tree, k, skip, out);
  }
}

// The full phrase of an argument (what CaRB compares): the subtree without conjuncts,
// relative clauses, appositions and side remarks, which become statements of their own.
// `drop_case` leaves out the head's preposition when the relation phrase has taken it.
std::vector<int> FullPhrase(const Tree& tree, int h, bool drop_case = false) {
  std::vector<int> out;
  Collect(
      tree, h,
      [&](int k) {
        return (drop_case && tree.head(k) == h && tree.Is(k, "case") && k < h) ||
               tree.Is(k, "conj") || tree.Is(k, "cc") || tree.rel(k) == "acl:relcl" ||
               tree.Is(k, "appos") || tree.Is(k, "parataxis") || tree.Is(k, "list") ||
               (tree.Is(k, "punct") && (k == h + 1 || tree.lower(k) == ","));
      },
      &out);
  return out;
}

// A phrase's quantity: the number modifying its head (or the head itself when it is a
// number), with the comparator and unit the text gives.
std::optional<Quantity> QuantityOf(const Tree& tree, int h, const std::string& unit_noun) {
  int num = -1;
  if (tree.upos(h) == "NUM") {
    num = h;
  } else {
    for (int k : tree.Kids(h, "nummod")) num = k;
  }
  if (num < 0) return std::nullopt;
  std::vector<int> idx;
  Collect(
      tree, num,
      [&](int k) {
        return !(tree.Is(k, "compound") || tree.Is(k, "flat") || tree.Is(k, "conj") ||
                 tree.Is(k, "cc")) ||
               tree.upos(k) != "NUM";
      },
      &idx);
  std::sort(idx.begin(), idx.end());
  std::vector<std::string> words;
  for (int k : idx) words.push_back(tree.tok(k).form);
  std::string glued;
  std::optional<double> value = ParseNumber(words, &glued);
  if (!value) return std::nullopt;
  Quantity q;
  q.value = *value;
  std::vector<std::string> before;
  for (int k = std::max(0, idx.front() - 4); k < idx.front(); ++k) {
    before.push_back(tree.tok(k).form);
  }
  q.comparator = ComparatorOf(before);
  if (!glued.empty()) {
    q.unit = glued;
  } else if (idx.back() + 1 < tree.size() &&
             (tree.lower(idx.back() + 1) == "%" || tree.lower(idx.back() + 1) == "percent" ||
              tree.lower(idx.back() + 1) == "kg" || tree.lower(idx.back() + 1) == "km")) {
    q.unit = tree.lower(idx.back() + 1) == "percent" ? "%" : tree.lower(idx.back() + 1);
  } else if (num != h) {
    q.unit = tree.lemma(h);
  } else {
    q.unit = unit_noun;
  }
  return q;
}

struct Arg {
  int head = -1;  // -1: unknown (an agentless passive's agent)
  bool inherited = false;
  bool clause = false;  // head is the verb of a clausal subject ("to push Ukraine into Nato")
};

// Everything one clause contributes to its statements.
struct ClauseInfo {
  std::vector<int> chain;  // the clause head and its xcomp chain
  bool negated = false;
  std::string modality;
  std::string time;
  std::vector<int> time_phrases;  // obl heads used as time
  std::optional<NodeRef> location;
  int location_head = -1;
  std::optional<NodeRef> attributed_to;
  double penalty = 0;
};

class ClauseExtractor final : public StatementExtractor {
 public:
  explicit ClauseExtractor(const ExtractorOptions& options) : options_(options) {}

  const std::string& name() const override { return name_; }
  const std::string& version() const override { return version_; }

  Status Process(const std::vector<AnalyzedToken>& sentence, const SentenceContext& context,
                 std::vector<Extraction>* out) const override;

 private:
  ExtractorOptions options_;
  std::string name_ = "clause";
  std::string version_ = std::string(kVersion);
};

// The state of one Process call.
class Run {
 public:
  Run(const Tree& tree, const SentenceContext& context, const ExtractorOptions& options,
      std::vector<Extraction>* out)
      : tree_(tree), context_(context), options_(options), out_(out) {}

  void All() {
    for (int i = 0; i < tree_.size(); ++i) Clause(i);
    if (options_.roles) {
      for (int i = 0; i < tree_.size(); ++i) {
        if (tree_.Is(i, "appos")) Apposition(i);
        if (tree_.rel(i) == "nmod:poss") Possessive(i);
        if (tree_.rel(i) == "nmod") LocatedIn(i);
        // A proper noun that describes a name ("Chief Financial Officer" before "Dana
        // Whitlow") is that name's title, not a name to hang a title of its own on.
        if (tree_.upos(i) == "PROPN" && !tree_.Is(i, "compound") && !tree_.Is(i, "flat") &&
            tree_.rel(i) != "nmod:desc") {
          Title(i);
        }
      }
    }
    if (options_.noun_events) {
      for (int i = 0; i < tree_.size(); ++i) NounEvent(i);
    }
  }

 private:
  // ---- names -----------------------------------------------------------------------------

  // For a gerund `g` after a noun's "of" modifier ("the chance of the town building a
  // bridge"), hung on the noun or on the modifier, that modifier: the gerund's agent; -1
  // otherwise.
  int GerundAgent(int g) const {
    const int h = tree_.head(g);
    if (h < 0 || !tree_.Is(g, "acl") || tree_.tok(g).xpos != "VBG" || tree_.Kid(g, "mark") >= 0 ||
        tree_.Kid(g, "nsubj") >= 0) {
      return -1;
    }
    // A comma between them ("the symbol of the state, deriving its power from ...") leaves
    // the gerund to the noun.
    auto no_comma = [&](int from) {
      for (int q = from + 1; q < g; ++q) {
        if (tree_.tok(q).form == ",") return false;
      }
      return true;
    };
    if (tree_.Is(h, "nmod") && tree_.CaseOf(h) == "of" && tree_.head(h) >= 0 &&
        tree_.IsNominal(h)) {
      return no_comma(h) ? h : -1;
    }
    for (int k : tree_.Kids(h, "nmod")) {
      if (k > h && k < g && tree_.CaseOf(k) == "of" && tree_.IsNominal(k)) {
        return no_comma(k) ? k : -1;
      }
    }
    return -1;
  }

  // The minimised name of a nominal: determiners, clauses, conjuncts and titles dropped.
  std::vector<int> NameTokens(int h) const {
    std::vector<int> out;
    const bool proper = tree_.upos(h) == "PROPN";
    Collect(
        tree_, h,
        [&](int k) {
          if (tree_.Is(k, "compound") || tree_.Is(k, "flat") || tree_.Is(k, "fixed") ||
              tree_.Is(k, "goeswith")) {
            return false;
          }
          if (tree_.Is(k, "amod")) {
            static const std::set<std::string> kQuantifiers = {
                "more",       "many",    "some", "several", "few",     "other",
                "additional", "further", "much", "most",    "various", "numerous"};
            return (tree_.upos(k) == "VERB" && !proper) || kQuantifiers.count(tree_.lower(k));
          }
          if (!proper && tree_.head(k) == h &&
              (tree_.rel(k) == "nmod:poss" || (tree_.Is(k, "nmod") && tree_.CaseOf(k) == "of"))) {
            return false;
          }
          if (tree_.Is(k, "case") && tree_.head(k) != h) return false;  // "'s", "of"
          // The gerund of "the chance of the town building a bridge" and its object.
          if (GerundAgent(k) >= 0 && GerundAgent(k) != h) return false;
          if (tree_.Is(k, "obj") && GerundAgent(tree_.head(k)) >= 0 &&
              GerundAgent(tree_.head(k)) != h) {
            return false;
          }
          return true;
        },
        &out);
    // Honorifics and titles are not part of a name.
    std::sort(out.begin(), out.end());
    if (proper) {
      int last_title = -1;
      for (int k : out) {
        if (k < h && (rules::IsRoleNoun(tree_.lower(k)) || rules::IsHonorific(tree_.lower(k)))) {
          last_title = k;
        }
      }
      if (last_title >= 0) {
        std::vector<int> kept;
        for (int k : out) {
          if (k > last_title) kept.push_back(k);
        }
        out = kept;
      }
    }
    return out;
  }

  // The node a nominal names. Its `id` (which extracted nodes otherwise leave empty) carries
  // the 1-based head word until Emit moves it to Extraction::subject_head/object_head.
  Node MakeNode(int h) const {
    Node n;
    if (h < 0) {
      n.type = "UNKNOWN";
      return n;
    }
    // "his foreign policy adviser Yuri Ushakov": the person, not the role, is the node. So is
    // a person's name (a proper noun with a flat part) the parser put under the role noun
    // ("Sergei Lavrov, Russia's foreign minister" read as one phrase headed by "minister").
    if (tree_.upos(h) == "NOUN" && rules::IsRoleNoun(tree_.lemma(h))) {
      for (int k : tree_.kids(h)) {
        if (tree_.upos(k) != "PROPN") continue;
        if ((k > h && (tree_.Is(k, "appos") || tree_.Is(k, "flat") || tree_.Is(k, "compound"))) ||
            (k < h && tree_.Kid(k, "flat") >= 0 && !rules::IsRoleNoun(tree_.lower(k)))) {
          h = k;
          break;
        }
      }
    }
    std::vector<int> name = NameTokens(h);
    // "40 rockets": a counted common noun keeps its number, which is what tells one group of
    // things from another (the quantity qualifier has it too).
    if (tree_.upos(h) == "NOUN") {
      for (int k : tree_.Kids(h, "nummod")) {
        if (k < h)
          Collect(
              tree_, k, [&](int c) { return !(tree_.Is(c, "compound") || tree_.Is(c, "flat")); },
              &name);
      }
    }
    n.id = std::to_string(h + 1);
    n.name = Render(tree_, name);
    n.type = tree_.upos(h) == "NUM" ? "QUANTITY" : "OTHER";
    n.kind = IsLiteralType(n.type) ? NodeKind::kLiteral : NodeKind::kEntity;
    return n;
  }

  Node ClaimNode(const std::vector<int>& idx) const {
    Node n;
    n.name = Render(tree_, idx);
    n.type = "CLAIM";
    n.kind = NodeKind::kLiteral;
    return n;
  }

  // The phrase of an argument of the clause headed by `v`: FullPhrase without the clause itself
  // (a participle or misparsed verb under its own subject: "shares closed at 869 pence" read
  // as "shares [closed ...]"), and, for a predicate nominal that heads a copular clause of its
  // own ("X was a pioneer, who ..."), without that clause's subject, copula and markers.
  std::vector<int> ArgPhrase(int h, int v, bool drop_case = true) const {
    std::vector<int> phrase = FullPhrase(tree_, h, drop_case);
    std::vector<int> cut;
    if (v != h) {
      // The branch of h that leads down to v (v itself, or a verb v is conjoined with).
      int branch = v;
      while (branch >= 0 && tree_.head(branch) != h) branch = tree_.head(branch);
      if (branch >= 0 && (branch == v || tree_.IsVerbal(branch))) {
        Collect(
            tree_, branch, [](int) { return false; }, &cut);
      }
      if (tree_.Kid(h, "cop") >= 0) {
        for (int k : tree_.kids(h)) {
          if (tree_.Is(k, "nsubj") || tree_.Is(k, "cop") || tree_.Is(k, "aux") ||
              tree_.Is(k, "mark") || tree_.Is(k, "csubj")) {
            Collect(
                tree_, k, [](int) { return false; }, &cut);
          }
        }
      }
    }
    if (cut.empty()) return phrase;
    std::sort(cut.begin(), cut.end());
    std::vector<int> kept;
    for (int k : phrase) {
      if (!std::binary_search(cut.begin(), cut.end(), k)) kept.push_back(k);
    }
    return kept.empty() ? phrase : kept;
  }

  // The subject of v: of several (a misparse), the nearest one before v; -1 when none.
  int SubjectOf(int v) const {
    int before = -1, after = -1;
    for (int k : tree_.kids(v)) {
      if (!(tree_.Is(k, "nsubj") || tree_.Is(k, "csubj"))) continue;
      if (k < v) {
        before = k;
      } else if (after < 0) {
        after = k;
      }
    }
    return before >= 0 ? before : after;
  }

  // What a relative clause's noun stands for: the noun itself, or, when the noun is the
  // predicate of a copular clause ("his son was a pioneer who ..."), that clause's subject.
  int RelativeReferent(int h) const {
    if (tree_.upos(h) == "NOUN" && tree_.Kid(h, "cop") >= 0) {
      const int s = tree_.Kid(h, "nsubj");
      if (s >= 0 && tree_.IsNominal(s)) return s;
    }
    return h;
  }

  // ---- subjects ----------------------------------------------------------------------------

  // h and its conjuncts ("Trump and Putin").
  std::vector<int> WithConjuncts(int h) const {
    std::vector<int> out = {h};
    for (int c : tree_.Kids(h, "conj")) {
      if (tree_.IsNominal(c) == tree_.IsNominal(h)) out.push_back(c);
    }
    return out;
  }

  // The clause's own subjects, or the ones it inherits; `passive` is set when they are
  // patients. Empty when it has none.
  std::vector<Arg> Subjects(int v, bool* passive, double* penalty, int depth = 0) const {
    *passive = tree_.Kid(v, "nsubj:pass") >= 0 || tree_.Kid(v, "aux:pass") >= 0 ||
               tree_.Kid(v, "csubj:pass") >= 0;
    int s = SubjectOf(v);
    std::vector<Arg> out;
    const int h = tree_.head(v);
    if (s < 0 && tree_.Kid(v, "expl") >= 0) {
      // "It was an error to drag Norland into the pact": the extraposed infinitive is the subject.
      for (int k : tree_.kids(v)) {
        const int m = tree_.Kid(k, "mark");
        if (k > v &&
            (tree_.Is(k, "acl") || tree_.Is(k, "csubj") || tree_.Is(k, "xcomp") ||
             tree_.Is(k, "advcl")) &&
            m >= 0 && tree_.lower(m) == "to" && tree_.Kid(k, "nsubj") < 0) {
          return {{k, false, true}};
        }
      }
    }
    if (s < 0 && h >= 0 && tree_.Is(v, "ccomp")) {
      // "said Russia is ready" with "Russia" attached to "said": a second subject of the
      // matrix verb between it and this clause is this clause's.
      for (int k : tree_.kids(h)) {
        if (tree_.Is(k, "nsubj") && k > h && k < v && k != SubjectOf(h)) return {{k, false}};
      }
    }
    if (s >= 0) {
      if (rules::IsRelativePronoun(tree_.lower(s)) && tree_.rel(v) == "acl:relcl" && h >= 0) {
        s = RelativeReferent(h);
      } else if ((tree_.lower(s) == "which" || tree_.lower(s) == "who") && h >= 0) {
        // "..., which killed 12 civilians" hung on the main verb: the relative pronoun stands
        // for the main clause's last participant before it that is not a time.
        int antecedent = -1;
        for (int k : tree_.kids(h)) {
          if (k < v && k != s && tree_.IsNominal(k) && !LooksTemporal(k) &&
              (tree_.Is(k, "obj") || tree_.Is(k, "nsubj") || tree_.Is(k, "obl"))) {
            antecedent = std::max(antecedent, k);
          }
        }
        if (antecedent < 0) return out;
        s = antecedent;
        *penalty += 0.1;
      }
      if (tree_.Is(s, "csubj")) return out;  // clausal subjects make poor nodes
      for (int c : WithConjuncts(s)) out.push_back({c, false});
      if (out.size() > 1) *penalty += 0.03;
      return out;
    }
    if (h < 0 || depth > 8) return out;
    if (tree_.Is(v, "conj") && tree_.IsVerbal(h)) {
      bool head_passive = false;
      out = Subjects(h, &head_passive, penalty, depth + 1);
      if (head_passive && !*passive && tree_.Kid(h, "obl:agent") >= 0) return {};
      if (head_passive && !*passive) *passive = tree_.Kid(v, "obj") < 0 && head_passive;
      for (Arg& a : out) a.inherited = true;
      *penalty += 0.05;
      return out;
    }
    if (tree_.rel(v) == "acl:relcl") return {{RelativeReferent(h), true}};
    if (tree_.Is(v, "parataxis") && h < v && tree_.IsNominal(h) && tree_.head(h) < 0) {
      // "Steve Witkoff, Trump's envoy, is expected to ..." parsed with the name as the root:
      // the name is the subject of the clause that follows it.
      *penalty += 0.05;
      return {{h, true}};
    }
    if (tree_.Is(v, "acl")) {
      // "It was an error to drag ...": the clause is the subject of its noun, not its modifier.
      if (tree_.Kid(h, "expl") >= 0 && tree_.Kid(h, "nsubj") < 0) return out;
      // "drones launched by Russia": a past participle's noun is its patient.
      if (tree_.tok(v).xpos == "VBN") *passive = true;
      *penalty += 0.05;
      // "the chance of the town building a bridge": the gerund's agent is the "of" noun.
      const int agent = GerundAgent(v);
      if (agent >= 0) return {{agent, true}};
      const int mark = tree_.Kid(v, "mark");
      if (mark >= 0 && tree_.lower(mark) == "to" && tree_.upos(h) == "NOUN") {
        // "Specialized's attempt to adopt a structure": the possessor acts; an intention
        // noun without one ("the pressure to act") is a doubtful subject.
        const int owner = tree_.Kid(h, "nmod:poss");
        if (owner >= 0) return {{owner, true}};
        if (rules::IsIntentionNoun(tree_.lemma(h))) *penalty += 0.15;
      }
      return {{h, true}};
    }
    if (tree_.Is(v, "xcomp")) {
      const int o = tree_.Kid(h, "obj");
      if (o >= 0) return {{o, true}};
      bool unused = false;
      out = Subjects(h, &unused, penalty, depth + 1);
      for (Arg& a : out) a.inherited = true;
      return out;
    }
    const int mark = tree_.Kid(v, "mark");
    if (tree_.Is(v, "advcl") && tree_.IsVerbal(h) &&
        (mark < 0 || (tree_.lower(mark) == "to" && tree_.Kid(v, "aux:pass") < 0))) {
      // "..., killing three people": a participle shares the main clause's subject, and so
      // does a purpose infinitive ("they sold the land to pay the debt").
      bool unused = false;
      out = Subjects(h, &unused, penalty, depth + 1);
      for (Arg& a : out) a.inherited = true;
      *penalty += 0.10;
      return out;
    }
    return out;
  }

  // ---- qualifiers --------------------------------------------------------------------------

  std::vector<std::string> Words(std::vector<int> idx) const {
    std::sort(idx.begin(), idx.end());
    std::vector<std::string> w;
    for (int k : idx) w.push_back(tree_.tok(k).form);
    return w;
  }

  // The ISO time of the phrase headed by `h` (an obl or tmod), or "".
  std::string TimeOf(int h, bool future) const {
    std::vector<int> idx;
    Collect(
        tree_, h, [&](int k) { return tree_.Is(k, "punct"); }, &idx);
    if (idx.size() > 7) return "";
    return NormalizeTime(Words(idx), context_.published, future);
  }

  bool LooksTemporal(int h) const {
    if (tree_.rel(h) == "obl:tmod" || tree_.rel(h) == "nmod:tmod") return true;
    if (IsTimeWord(tree_.tok(h).form)) return true;
    // "on 12 July 2006" may be headed by its day number: look at the whole short phrase.
    if (tree_.upos(h) != "NUM") return false;
    std::vector<int> idx;
    Collect(
        tree_, h, [&](int k) { return tree_.Is(k, "punct"); }, &idx);
    if (idx.size() > 6) return false;
    for (int k : idx) {
      if (k != h && IsTimeWord(tree_.tok(k).form)) return true;
    }
    return false;
  }

  // A speech verb that reports the clause it hangs off: "“...,” Lavrov said" (parataxis), or
  // "..., officials said" read as an adverbial clause; it has a subject of its own and neither
  // object nor complement clause.
  bool IsReportingTail(int k) const {
    const int h = tree_.head(k);
    if (h < 0 || !rules::IsSpeechVerb(tree_.lemma(k))) return false;
    if (tree_.Is(k, "parataxis")) return true;
    if (tree_.Is(k, "conj")) {
      // "“...,” Lysak said on Telegram" read as a conjunct: no "and", a subject of its own.
      return k > h && tree_.Kid(k, "cc") < 0 && tree_.Kid(k, "nsubj") >= 0 &&
             tree_.Kid(k, "obj") < 0 && tree_.Kid(k, "ccomp") < 0 && tree_.Kid(k, "xcomp") < 0;
    }
    // After a closing quotation mark, a speech verb with its own subject reports the quotation
    // however the parser attached it ("‘...,’ Lavrov said" read as a relative clause).
    const int subject = tree_.Kid(k, "nsubj");
    if (k > h && subject >= 0 && !rules::IsRelativePronoun(tree_.lower(subject))) {
      for (int q = k - 1; q > h && q >= k - 3; --q) {
        const std::string& w = tree_.tok(q).form;
        if (w == "\"" || w == "''" || w == "\xE2\x80\x9D" || w == "\xE2\x80\x99" || w == "'") {
          return true;
        }
      }
    }
    // A complement clause after it continues the quotation ("‘...,’ Lavrov said, “and ...”").
    const int comp = tree_.Kid(k, "ccomp");
    return k > h && tree_.Is(k, "advcl") && tree_.Kid(k, "mark") < 0 &&
           tree_.Kid(k, "nsubj") >= 0 && tree_.Kid(k, "obj") < 0 && (comp < 0 || comp > k) &&
           tree_.Kid(k, "xcomp") < 0;
  }

  // Who a clause's statements are attributed to: the subject of the speech verb whose ccomp
  // (or quotation, as parataxis) the clause is, or the "according to" source.
  std::optional<NodeRef> AttributionOf(int v) const {
    // A reporting verb's own statements are its speaker's, not attributed.
    if (IsReportingTail(v)) return std::nullopt;
    int cur = v;
    for (int guard = 0; guard < 12 && cur >= 0; ++guard) {
      for (int k : tree_.kids(cur)) {
        if (tree_.Is(k, "obl") && tree_.CaseOf(k) == "according to") {
          return NodeRef{"", MakeNode(k).name};
        }
        if (IsReportingTail(k)) {
          const int s = tree_.Kid(k, "nsubj");
          if (s >= 0) return NodeRef{"", MakeNode(s).name};
        }
      }
      const int h = tree_.head(cur);
      if (h < 0) break;
      if (tree_.Is(cur, "ccomp") && rules::IsSpeechVerb(tree_.lemma(h))) {
        const int s = SubjectOf(h);
        if (s >= 0) return NodeRef{"", MakeNode(s).name};
        return std::nullopt;
      }
      if (tree_.Is(cur, "conj") || tree_.Is(cur, "xcomp") || tree_.Is(cur, "ccomp") ||
          tree_.Is(cur, "advcl")) {
        cur = h;
        continue;
      }
      // "said in an interview that Russia is ready", the "that" clause read as a modifier of
      // the interview: a that-clause under a phrase of a speech verb is what the verb reports.
      const int mark = tree_.Kid(cur, "mark");
      if (tree_.Is(cur, "acl") && tree_.rel(cur) != "acl:relcl" && mark >= 0 &&
          tree_.lower(mark) == "that") {
        int up = h;
        for (int hops = 0; hops < 3 && up >= 0 && !tree_.IsVerbal(up); ++hops) {
          if (!(tree_.Is(up, "obl") || tree_.Is(up, "nmod"))) break;
          up = tree_.head(up);
        }
        if (up >= 0 && up != h && rules::IsSpeechVerb(tree_.lemma(up))) {
          const int s = SubjectOf(up);
          if (s >= 0) return NodeRef{"", MakeNode(s).name};
        }
      }
      break;
    }
    return std::nullopt;
  }

  ClauseInfo Qualify(const std::vector<int>& chain) const {
    ClauseInfo info;
    info.chain = chain;
    for (int c : chain) {
      for (int k : tree_.kids(c)) {
        const std::string& w = tree_.lower(k);
        if ((tree_.Is(k, "advmod") || tree_.Is(k, "neg")) &&
            (w == "not" || w == "n't" || w == "never" || w == "’t" || tree_.lemma(k) == "not")) {
          info.negated = true;
        }
        if (tree_.Is(k, "aux")) {
          std::string m = rules::ModalityOf(w);
          if (!m.empty() && info.modality.empty()) info.modality = m;
        }
      }
    }
    const bool future = info.modality == "will";
    for (int c : chain) {
      for (int k : tree_.kids(c)) {
        if (!(tree_.Is(k, "obl") || tree_.Is(k, "advmod") || tree_.rel(k) == "nmod:tmod")) {
          continue;
        }
        if (tree_.Is(k, "advmod") && !IsTimeWord(tree_.tok(k).form)) continue;
        if (!LooksTemporal(k)) continue;
        const std::string t = TimeOf(k, future);
        info.time_phrases.push_back(k);
        // Of several time phrases ("this year early Thursday") the most precise one wins.
        if (t.size() > info.time.size() && t.find('/') == std::string::npos) info.time = t;
        if (info.time.empty()) info.time = t;
      }
    }
    info.attributed_to = AttributionOf(chain.front());
    return info;
  }

  // ---- statements --------------------------------------------------------------------------

  double Confidence(std::string_view rule, double penalty, const Statement& st) const {
    double c = rules::RuleConfidence(rule) - penalty;
    if (tree_.size() > 25) c -= std::min(0.15, 0.005 * (tree_.size() - 25));
    if (st.object.name.size() > 60) c -= 0.05;
    if (st.subject.name.size() > 40) c -= 0.05;
    static const std::set<std::string> kPronouns = {"he", "she", "it",   "they", "we",
                                                    "i",  "you", "this", "that"};
    if (kPronouns.count(Lower(st.subject.name))) c -= 0.05;
    if (st.qualifiers.attributed_to) c -= 0.02;
    return std::clamp(c, 0.05, 0.99);
  }

  void Emit(std::string_view rule, Node subject, std::string lemma, std::string text, Node object,
            const ClauseInfo* info, double penalty, std::string relation,
            std::vector<std::string> arguments, std::optional<Quantity> quantity = {},
            std::string time = "") {
    if (subject.name.empty() && subject.type != "UNKNOWN") return;
    // An unresolved relative pronoun ("which", "who") names nothing.
    if ((rules::IsRelativePronoun(Lower(subject.name)) && Lower(subject.name) != "that") ||
        (rules::IsRelativePronoun(Lower(object.name)) && Lower(object.name) != "that")) {
      return;
    }
    // Empty argument phrases (a predicate with nothing left of its complement) say nothing.
    arguments.erase(std::remove_if(arguments.begin() + (arguments.empty() ? 0 : 1), arguments.end(),
                                   [](const std::string& a) { return a.empty(); }),
                    arguments.end());
    Extraction e;
    Statement& st = e.statement;
    st.subject = std::move(subject);
    st.object = std::move(object);
    for (auto [node, head] :
         {std::pair{&st.subject, &e.subject_head}, std::pair{&st.object, &e.object_head}}) {
      std::from_chars(node->id.data(), node->id.data() + node->id.size(), *head);
      node->id.clear();
    }
    st.predicate = {std::move(lemma), std::move(text)};
    if (info != nullptr) {
      st.qualifiers.negated = info->negated;
      st.qualifiers.modality = info->modality;
      st.qualifiers.time = info->time;
      st.qualifiers.location = info->location;
      st.qualifiers.attributed_to = info->attributed_to;
    }
    if (!time.empty()) st.qualifiers.time = time;
    st.qualifiers.quantity = std::move(quantity);
    // A relation with only its subject says little (and cannot match a two-argument tuple).
    if (arguments.size() < 2) penalty += 0.7;
    st.confidence = Confidence(rule, penalty, st);
    if (st.confidence < options_.min_confidence) return;
    Evidence ev;
    ev.doc = context_.doc;
    ev.source = context_.source;
    ev.published = context_.published;
    ev.path = context_.path;
    ev.sentence = context_.sentence;
    ev.begin = context_.begin;
    ev.end = context_.end;
    ev.rule = std::string(rule);
    ev.version = std::string(kVersion);
    ev.confidence = st.confidence;
    st.evidence.push_back(std::move(ev));
    e.relation = std::move(relation);
    e.arguments = std::move(arguments);
    // The same statement from two routes (an xcomp reached twice) is kept once.
    for (const Extraction& o : *out_) {
      if (o.statement.subject.name == e.statement.subject.name &&
          o.statement.predicate.lemma == e.statement.predicate.lemma &&
          o.statement.object.name == e.statement.object.name) {
        return;
      }
    }
    out_->push_back(std::move(e));
  }

  // The verb's words that make up the surface relation: auxiliaries, negation, particles.
  void RelationWords(int v, std::vector<int>* idx) const {
    idx->push_back(v);
    for (int k : tree_.kids(v)) {
      const std::string& w = tree_.lower(k);
      if (tree_.Is(k, "aux") || tree_.Is(k, "cop") || tree_.rel(k) == "compound:prt" ||
          ((tree_.Is(k, "advmod") || tree_.Is(k, "neg")) &&
           (w == "not" || w == "n't" || w == "never")) ||
          (tree_.Is(k, "mark") && w == "to")) {
        idx->push_back(k);
      }
    }
    // An adverb inside the verb group ("has already met", "is best served") is part of the
    // relation phrase as written; it stays out of the lemma.
    int first = v;
    for (int k : *idx) first = std::min(first, k);
    for (int k : tree_.Kids(v, "advmod")) {
      if (k > first && k < v && tree_.upos(k) == "ADV" && tree_.kids(k).empty()) {
        idx->push_back(k);
      }
    }
  }

  std::string VerbLemma(int v) const {
    std::string l = tree_.lemma(v);
    for (int k : tree_.Kids(v, "compound:prt")) l += " " + tree_.lower(k);
    return l;
  }

  // Which clause heads are handled as part of another clause's chain.
  bool IsChainLink(int v) const {
    const int h = tree_.head(v);
    if (h < 0 || tree_.Kid(h, "obj") >= 0 || tree_.Kid(v, "nsubj") >= 0) return false;
    if (tree_.Is(v, "xcomp")) return true;
    // A gerund complement read as an adverbial or complement clause: "ruled out agreeing to",
    // "stopped paying" (right after its verb, no marker, no comma between).
    if (!(tree_.Is(v, "advcl") || tree_.Is(v, "ccomp")) || tree_.tok(v).xpos != "VBG" || v < h ||
        tree_.Kid(v, "mark") >= 0 || !tree_.IsVerbal(h) || rules::IsSpeechVerb(tree_.lemma(h))) {
      return false;
    }
    for (int k = h + 1; k < v; ++k) {
      if (tree_.upos(k) == "PUNCT" || (tree_.head(k) != h && tree_.head(k) != v)) return false;
    }
    return true;
  }

  // The node of a clause's subject: a clausal subject is a literal of its words without the
  // infinitive marker ("push Ukraine into Nato").
  Node SubjectNode(const Arg& s) const {
    if (!s.clause) return MakeNode(s.head);
    std::vector<int> idx;
    Collect(
        tree_, s.head, [&](int k) { return tree_.head(k) == s.head && tree_.Is(k, "mark"); }, &idx);
    return ClaimNode(idx);
  }

  void Clause(int v) {
    if (IsChainLink(v)) return;
    const bool verbal = tree_.upos(v) == "VERB" || tree_.Kid(v, "cop") >= 0 ||
                        (tree_.upos(v) == "AUX" && tree_.Kid(v, "nsubj") >= 0);
    if (!verbal) return;
    bool passive = false;
    double penalty = 0;
    std::vector<Arg> subjects = Subjects(v, &passive, &penalty);
    if (subjects.empty()) return;

    std::vector<int> chain = {v};
    for (int cur = v; chain.size() < 6;) {
      int x = -1;
      for (int k : tree_.kids(cur)) {
        if (IsChainLink(k) && (tree_.IsVerbal(k) || tree_.upos(k) == "ADJ")) x = k;
      }
      if (x < 0) break;
      chain.push_back(x);
      cur = x;
    }
    // "the skirts became longer", "prices grew weaker": an adjective that ends the chain with
    // nothing of its own completes the verb as its argument, not as part of the relation. A
    // linking verb's adverb ("became longer" read as advmod) does the same.
    int complement = -1;
    const auto bare = [&](int a) {
      for (int k : tree_.kids(a)) {
        if (tree_.Is(k, "obj") || tree_.Is(k, "obl") || tree_.Is(k, "nmod") ||
            tree_.Is(k, "xcomp") || tree_.Is(k, "ccomp") || tree_.Is(k, "cop") ||
            tree_.Is(k, "nsubj")) {
          return false;
        }
      }
      return true;
    };
    if (chain.size() > 1 && tree_.upos(chain.back()) == "ADJ" && bare(chain.back())) {
      complement = chain.back();
      chain.pop_back();
    } else if (tree_.Kid(chain.back(), "obj") < 0 && tree_.Kid(chain.back(), "cop") < 0) {
      // "was appointed Attorney-General", "named him captain": a nominal xcomp.
      for (int k : tree_.Kids(chain.back(), "xcomp")) {
        if (k > chain.back() && !tree_.IsVerbal(k) &&
            (tree_.upos(k) == "NOUN" || tree_.upos(k) == "PROPN" || tree_.upos(k) == "ADJ")) {
          complement = k;
          break;
        }
      }
      for (int k : tree_.Kids(chain.back(), "advmod")) {
        if (complement >= 0) break;
        if (k > chain.back() && bare(k) &&
            (tree_.upos(k) == "ADJ" ||
             (tree_.upos(k) == "ADV" && rules::IsLinkingVerb(tree_.lemma(chain.back())) &&
              !IsTimeWord(tree_.tok(k).form)))) {
          complement = k;
          break;
        }
      }
    }
    const int last = chain.back();
    // "Witkoff is expected to meet Putin": a passive verb raising its subject into an active
    // infinitive; the subject is that infinitive's agent and the lemma keeps "be".
    bool raised = false;
    if (passive && chain.size() > 1 && tree_.Kid(last, "aux:pass") < 0 &&
        tree_.Kid(v, "obl:agent") < 0) {
      passive = false;
      raised = true;
    }
    ClauseInfo info = Qualify(chain);
    if (tree_.rel(v) == "acl:relcl") penalty += 0.05;

    std::string_view rule = passive ? rules::kRulePassiveNoAgent : rules::kRuleSvo;
    if (tree_.rel(v) == "acl:relcl") rule = rules::kRuleRelative;
    if (tree_.Is(v, "acl") && tree_.rel(v) != "acl:relcl") rule = rules::kRuleParticiple;

    // Predicate lemma and surface words over the chain.
    std::string lemma = raised ? "be" : "";
    std::vector<int> rel_words;
    for (size_t j = 0; j < chain.size(); ++j) {
      const int c = chain[j];
      RelationWords(c, &rel_words);
      if (!lemma.empty()) lemma += ' ';
      if (j > 0 && tree_.Kid(c, "mark") >= 0 && tree_.lower(tree_.Kid(c, "mark")) == "to") {
        lemma += "to ";
      }
      if (tree_.Kid(c, "cop") >= 0) {
        lemma += "be";
        if (tree_.upos(c) == "ADJ" && (j + 1 < chain.size() || c != last)) {
          lemma += " " + tree_.lemma(c);
        }
      } else {
        lemma += VerbLemma(c);
      }
    }

    // Speech verbs with a complement clause: the claim, not an object.
    if (rules::IsSpeechVerb(tree_.lemma(last)) && !passive) {
      int comp = -1;
      for (int k : tree_.Kids(last, "ccomp")) {
        // A claim is a clause: a lone word read as a complement ("Russian Foreign Minister
        // ... said" with "Russian" misattached) is not one.
        if (!tree_.IsVerbal(k) && tree_.Kid(k, "nsubj") < 0) continue;
        if (comp < 0 || (comp < last && k > last)) comp = k;
      }
      std::string_view say_rule = rules::kRuleSay;
      std::vector<int> claim;
      if (comp >= 0) {
        Collect(
            tree_, comp,
            [&](int k) { return tree_.head(k) == comp && tree_.Is(k, "mark") && k < comp; },
            &claim);
      } else if (IsReportingTail(last)) {
        // "“...,” Lavrov said": the quotation is the clause this one hangs off.
        const int q = tree_.head(last);
        Collect(
            tree_, q, [&](int k) { return k == last; }, &claim);
        say_rule = rules::kRuleQuote;
      }
      // "said in an interview with the Gazette": the speaker was interviewed by the outlet.
      for (int k : tree_.Kids(last, "obl")) {
        if (tree_.lemma(k) != "interview") continue;
        for (int n : tree_.Kids(k, "nmod")) {
          const std::string prep = tree_.CaseOf(n);
          if (prep != "with" && prep != "to") continue;
          for (const Arg& s : subjects) {
            Emit(rules::kRuleSay, SubjectNode(s), "interview " + prep, "in an interview " + prep,
                 MakeNode(n), &info, penalty + 0.05, "gave an interview " + prep,
                 {Render(tree_, ArgPhrase(s.head, v)), Render(tree_, FullPhrase(tree_, n, true))});
          }
        }
      }
      if (!claim.empty()) {
        for (const Arg& s : subjects) {
          std::vector<int> rel_idx = rel_words;
          Emit(say_rule, SubjectNode(s), lemma, Render(tree_, rel_idx), ClaimNode(claim), &info,
               penalty, Render(tree_, rel_idx),
               {Render(tree_, ArgPhrase(s.head, v)), Render(tree_, claim)});
        }
        return;
      }
    }

    // Objects and prepositional complements of the last verb of the chain.
    std::vector<int> objects;
    for (int k : tree_.kids(last)) {
      if (tree_.Is(k, "obj") || tree_.Is(k, "iobj")) {
        int o = k;
        if (rules::IsRelativePronoun(tree_.lower(o)) && tree_.rel(v) == "acl:relcl") {
          o = tree_.head(v);
        }
        if (tree_.Is(k, "iobj") && tree_.Kid(last, "obj") >= 0) continue;  // "told him X"
        for (int c : WithConjuncts(o)) objects.push_back(c);
      }
    }
    if (objects.size() > 1) penalty += 0.03;
    int agent = -1;
    std::vector<std::pair<std::string, int>> preps;  // (preposition, head)
    std::vector<int> extra_phrases;
    for (int c : chain) {
      for (int k : tree_.kids(c)) {
        if (!(tree_.Is(k, "obl") || (c == last && tree_.Is(k, "nmod")))) continue;
        extra_phrases.push_back(k);
        if (std::find(info.time_phrases.begin(), info.time_phrases.end(), k) !=
            info.time_phrases.end()) {
          continue;
        }
        const std::string prep = tree_.CaseOf(k);
        if (prep == "according to") continue;
        if (passive && (tree_.rel(k) == "obl:agent" || prep == "by") && agent < 0) {
          agent = k;
          continue;
        }
        if (c != last && prep.empty()) continue;
        preps.push_back({prep, k});
      }
    }
    // Complement clauses of non-speech verbs ("decided that ...").
    int ccomp = tree_.Kid(last, "ccomp");

    // Copular clauses: "X is the mayor of Y", "X is ready".
    int cop_noun = -1;
    if (tree_.Kid(last, "cop") >= 0 && objects.empty()) {
      cop_noun = last;
      rule = rules::kRuleCopula;
    }

    // Location: a place phrase when the clause already has an object.
    const bool has_object = !objects.empty() || cop_noun >= 0 || (passive && agent < 0);
    if (has_object) {
      for (size_t j = 0; j < preps.size(); ++j) {
        const int k = preps[j].second;
        if (rules::IsLocationPreposition(preps[j].first) && tree_.upos(k) == "PROPN") {
          info.location = NodeRef{"", MakeNode(k).name};
          info.location_head = k;
          preps.erase(preps.begin() + static_cast<long>(j));
          break;
        }
      }
    }

    std::vector<std::string> tail_args;
    for (int k : extra_phrases) {
      if (k == agent) continue;
      tail_args.push_back(Render(tree_, FullPhrase(tree_, k)));
    }
    const std::string rel_text = Render(tree_, rel_words);

    for (const Arg& s : subjects) {
      const std::string subj_phrase = Render(tree_, ArgPhrase(s.head, v));
      const double p = penalty + (s.inherited ? 0.02 : 0);
      if (cop_noun >= 0) {
        // Subject -be [noun] prep-> nmod object, or subject -be-> predicate nominal.
        int nmod = -1;
        for (int k : tree_.kids(cop_noun)) {
          if ((tree_.Is(k, "nmod") || tree_.Is(k, "obl")) && !tree_.CaseOf(k).empty() &&
              k != info.location_head &&
              std::find(info.time_phrases.begin(), info.time_phrases.end(), k) ==
                  info.time_phrases.end()) {
            nmod = k;
            break;
          }
        }
        if (nmod >= 0 && tree_.CaseOf(nmod) != "according to") {
          std::vector<int> pred_idx;
          Collect(
              tree_, cop_noun,
              [&](int k) {
                return tree_.head(k) == cop_noun &&
                       !(tree_.Is(k, "amod") || tree_.Is(k, "compound") || tree_.Is(k, "cop") ||
                         tree_.Is(k, "det") || tree_.Is(k, "aux") || tree_.Is(k, "advmod"));
              },
              &pred_idx);
          const std::string prep = tree_.CaseOf(nmod);
          std::vector<int> no_det;
          for (int k : pred_idx) {
            if (!tree_.Is(k, "det") && !tree_.Is(k, "cop") && !tree_.Is(k, "aux")) {
              no_det.push_back(k);
            }
          }
          std::string core_lemma = (chain.size() == 1 ? std::string("be") : lemma) + " " +
                                   Render(tree_, no_det) + " " + prep;
          if (chain.size() == 1 && tree_.upos(cop_noun) == "ADJ") {
            core_lemma = "be " + tree_.lemma(cop_noun) + " " + prep;
          }
          std::vector<int> surface = rel_words;
          for (int k : pred_idx) surface.push_back(k);
          for (int k : tree_.kids(nmod)) {
            if (tree_.Is(k, "case")) surface.push_back(k);
          }
          for (int o : WithConjuncts(nmod)) {
            Emit(rule, SubjectNode(s), core_lemma, Render(tree_, surface), MakeNode(o), &info, p,
                 Render(tree_, surface), {subj_phrase, Render(tree_, FullPhrase(tree_, o, true))},
                 QuantityOf(tree_, o, ""));
          }
        } else {
          std::vector<int> pred = FullPhrase(tree_, cop_noun);
          // A predicate nominal is the argument ("was | his son | an early aviation pioneer");
          // an adjective stays in the relation when it has words of its own to go with it.
          std::vector<int> relation_words = rel_words;
          const bool nominal = tree_.IsNominal(cop_noun);
          const auto own = [&](int k) {
            return !(tree_.Is(k, "cop") || tree_.Is(k, "aux") || tree_.Is(k, "nsubj") ||
                     tree_.Is(k, "expl") || (tree_.Is(k, "advcl") && IsReportingTail(k)) ||
                     std::find(rel_words.begin(), rel_words.end(), k) != rel_words.end());
          };
          bool adjective_alone = !nominal;
          for (int k : pred) {
            if (k != cop_noun && own(k) && tree_.head(k) == cop_noun && !tree_.Is(k, "punct")) {
              adjective_alone = false;
            }
          }
          if (nominal || adjective_alone) {
            relation_words.erase(
                std::remove(relation_words.begin(), relation_words.end(), cop_noun),
                relation_words.end());
          }
          std::vector<int> tail_cut;  // reporting verbs hanging off the predicate
          for (int k : tree_.kids(cop_noun)) {
            if (tree_.Is(k, "advcl") && IsReportingTail(k)) {
              Collect(
                  tree_, k, [](int) { return false; }, &tail_cut);
            }
          }
          std::vector<int> obj_idx;
          for (int k : pred) {
            if ((own(k) || ((nominal || adjective_alone) && k == cop_noun)) &&
                std::find(tail_cut.begin(), tail_cut.end(), k) == tail_cut.end()) {
              obj_idx.push_back(k);
            }
          }
          const std::string cop_text = Render(tree_, relation_words);
          // Drop the subject's own subtree and time phrases from the object.
          std::vector<int> subj_sub;
          Collect(
              tree_, s.head, [](int) { return false; }, &subj_sub);
          std::vector<int> kept;
          for (int k : obj_idx) {
            if (std::find(subj_sub.begin(), subj_sub.end(), k) == subj_sub.end()) kept.push_back(k);
          }
          Node object = MakeNode(cop_noun);
          // The predicate's text keeps the predicate word ("was mistake"), as the sentence
          // says it; the Open IE relation is the copula alone.
          Emit(rule, SubjectNode(s), "be", rel_text, object, &info, p, cop_text,
               {subj_phrase, Render(tree_, kept)}, QuantityOf(tree_, cop_noun, ""));
        }
        continue;
      }
      if (passive) {
        const std::string_view prule =
            agent >= 0 ? rules::kRulePassive
                       : (rule == rules::kRuleSvo ? rules::kRulePassiveNoAgent : rule);
        if (agent >= 0) {
          std::vector<int> surface = rel_words;
          for (int k : tree_.Kids(agent, "case")) surface.push_back(k);
          for (int a : WithConjuncts(agent)) {
            std::vector<std::string> args = {subj_phrase,
                                             Render(tree_, FullPhrase(tree_, a, true))};
            args.insert(args.end(), tail_args.begin(), tail_args.end());
            Emit(prule, MakeNode(a), lemma, Render(tree_, surface), SubjectNode(s), &info, p,
                 Render(tree_, surface), args, QuantityOf(tree_, s.head, ""));
          }
        } else {
          // Open IE form: the first prepositional complement completes the relation ("was
          // sent to | X | Moscow"), as for an active clause without an object.
          std::string relation = rel_text;
          std::vector<std::string> args = {subj_phrase};
          int first = -1;
          for (const auto& [prep, k] : preps) {
            if (complement >= 0) break;
            if (!prep.empty() && tree_.Is(k, "obl") && k > v) {
              first = k;
              break;
            }
          }
          if (complement >= 0) {
            args.push_back(Render(tree_, FullPhrase(tree_, complement)));
            Emit(rules::kRuleSvoObl, SubjectNode(s), "be " + lemma, rel_text, MakeNode(complement),
                 &info, p + 0.05, rel_text, args);
          } else if (first >= 0) {
            std::vector<int> surface = rel_words;
            for (int c : tree_.Kids(first, "case")) surface.push_back(c);
            relation = Render(tree_, surface);
            args.push_back(Render(tree_, FullPhrase(tree_, first, true)));
          }
          for (int k : extra_phrases) {
            if (k != first && k != agent) args.push_back(Render(tree_, FullPhrase(tree_, k)));
          }
          if (args.size() == 1) {
            const int comp = ClausalComplement(last);
            if (comp >= 0) args.push_back(Render(tree_, FullPhrase(tree_, comp)));
          }
          Emit(prule, MakeNode(-1), lemma, rel_text, SubjectNode(s), &info, p, relation, args,
               QuantityOf(tree_, s.head, ""));
          // The patient and its prepositional complements: "X was sent to Moscow".
          for (const auto& [prep, k] : preps) {
            if (prep.empty()) continue;
            std::vector<int> surface = rel_words;
            for (int c : tree_.Kids(k, "case")) surface.push_back(c);
            Emit(rules::kRuleSvoObl, SubjectNode(s), "be " + lemma + " " + prep,
                 Render(tree_, surface), MakeNode(k), &info, p + 0.05, Render(tree_, surface),
                 {subj_phrase, Render(tree_, FullPhrase(tree_, k, true))});
          }
        }
        continue;
      }
      if (!objects.empty()) {
        for (int o : objects) {
          std::vector<std::string> args = {subj_phrase, Render(tree_, ArgPhrase(o, v))};
          args.insert(args.end(), tail_args.begin(), tail_args.end());
          Node object = MakeNode(o);
          const int elided = ElidedNoun(v, o);
          std::optional<Quantity> q = QuantityOf(tree_, o, elided >= 0 ? tree_.lemma(elided) : "");
          if (elided >= 0) object.name += " " + tree_.tok(elided).form;  // "40" → "40 drones"
          Emit(rule, SubjectNode(s), lemma, rel_text, object, &info, p, rel_text, args, q);
        }
        for (const auto& [prep, k] : preps) {
          // A fronted phrase ("After the meeting, ...") sets the scene; it is no complement.
          if (prep.empty() || tree_.Is(k, "nmod") || k < v) continue;
          std::vector<int> surface = rel_words;
          for (int c : tree_.Kids(k, "case")) surface.push_back(c);
          Emit(rules::kRuleSvoObl, SubjectNode(s), lemma + " " + prep, Render(tree_, surface),
               MakeNode(k), &info, p + 0.05, Render(tree_, surface),
               {subj_phrase, Render(tree_, FullPhrase(tree_, k, true))}, QuantityOf(tree_, k, ""));
          // "sources described the talks as constructive": the object is what the subject
          // says it is, a claim of the subject's.
          if (prep == "as" && rules::IsAscriptionVerb(tree_.lemma(last)) && !passive) {
            ClauseInfo said = info;
            said.attributed_to = NodeRef{"", MakeNode(s.head).name};
            said.negated = false;
            for (int o : objects) {
              Emit(rules::kRuleAscription, MakeNode(o), "be", "be " + tree_.lower(k), MakeNode(k),
                   &said, p + 0.05, "is",
                   {Render(tree_, ArgPhrase(o, v)), Render(tree_, FullPhrase(tree_, k, true))});
            }
          }
        }
        continue;
      }
      if (complement >= 0 && !passive) {
        std::vector<std::string> args = {subj_phrase, Render(tree_, FullPhrase(tree_, complement))};
        args.insert(args.end(), tail_args.begin(), tail_args.end());
        Emit(rule, SubjectNode(s), lemma, rel_text, MakeNode(complement), &info, p, rel_text, args);
        continue;
      }
      bool made = false;
      for (const auto& [prep, k] : preps) {
        // A fronted phrase ("In 1981, ...", "On this occasion he ...") stays an argument.
        if (tree_.Is(k, "nmod") || k < v) continue;
        std::vector<int> surface = rel_words;
        for (int c : tree_.Kids(k, "case")) surface.push_back(c);
        std::vector<std::string> args = {subj_phrase, Render(tree_, FullPhrase(tree_, k, true))};
        for (int x : extra_phrases) {
          if (x != k) args.push_back(Render(tree_, FullPhrase(tree_, x)));
        }
        Emit(made ? rules::kRuleSvoObl : rule, SubjectNode(s),
             prep.empty() ? lemma : lemma + " " + prep, Render(tree_, surface), MakeNode(k), &info,
             p + (made ? 0.05 : 0), Render(tree_, surface), args, QuantityOf(tree_, k, ""));
        made = true;
      }
      if (made) continue;
      if (ccomp >= 0) {
        std::vector<int> claim;
        Collect(
            tree_, ccomp, [&](int k) { return tree_.head(k) == ccomp && tree_.Is(k, "mark"); },
            &claim);
        Emit(rule, SubjectNode(s), lemma, rel_text, ClaimNode(claim), &info, p + 0.05, rel_text,
             {subj_phrase, Render(tree_, claim)});
        continue;
      }
      if (subjects.size() == 2 && !s.inherited && !passive &&
          rules::IsReciprocalVerb(tree_.lemma(last), tree_.lower(last))) {
        // "Trump and Putin have phoned": each did it with the other.
        const int other = subjects[0].head == s.head ? subjects[1].head : subjects[0].head;
        std::vector<std::string> args = {subj_phrase, Render(tree_, ArgPhrase(other, v))};
        args.insert(args.end(), tail_args.begin(), tail_args.end());
        Emit(rules::kRuleReciprocal, SubjectNode(s), lemma, rel_text, MakeNode(other), &info, p,
             rel_text + " with", args);
        continue;
      }
      std::vector<std::string> args = {subj_phrase};
      args.insert(args.end(), tail_args.begin(), tail_args.end());
      if (args.size() == 1) {
        // For an Open IE reading, a clause complement completes the verb ("depends | the
        // outcome | on what he does"); the statement itself keeps no object.
        const int comp = ClausalComplement(last);
        if (comp >= 0) args.push_back(Render(tree_, FullPhrase(tree_, comp)));
      }
      Emit(rule == rules::kRuleSvo ? rules::kRuleIntransitive : rule, SubjectNode(s), lemma,
           rel_text, Node{}, &info, p, rel_text, args);
    }
  }

  // The first clause after verb v that completes it (an xcomp, ccomp or adverbial clause that
  // is neither part of v's chain nor a reporting verb), or -1.
  int ClausalComplement(int v) const {
    for (int k : tree_.kids(v)) {
      if (k > v && (tree_.Is(k, "xcomp") || tree_.Is(k, "ccomp") || tree_.Is(k, "advcl")) &&
          !IsChainLink(k) && !IsReportingTail(k)) {
        return k;
      }
    }
    return -1;
  }

  // For a bare-number object ("redirected 40"), the noun a conjoined verb's object gives
  // ("shot down 41 drones"), or -1.
  int ElidedNoun(int v, int o) const {
    if (tree_.upos(o) != "NUM") return -1;
    std::vector<int> verbs;
    if (tree_.Is(v, "conj") && tree_.head(v) >= 0) verbs.push_back(tree_.head(v));
    for (int c : tree_.Kids(v, "conj")) verbs.push_back(c);
    for (int u : verbs) {
      const int other = tree_.Kid(u, "obj");
      if (other >= 0 && tree_.upos(other) == "NOUN" && tree_.Kid(other, "nummod") >= 0) {
        return other;
      }
    }
    return -1;
  }

  // ---- roles -------------------------------------------------------------------------------

  // A role phrase headed by role noun r: its words ("foreign minister") and its organisation
  // (a possessive, an "of" modifier or a proper-noun compound), -1 when none.
  void RoleParts(int r, std::vector<int>* words, int* org) const {
    *org = -1;
    words->push_back(r);
    for (int k : tree_.kids(r)) {
      if (tree_.rel(k) == "nmod:poss") {
        *org = k;
      } else if (tree_.Is(k, "nmod") &&
                 (tree_.CaseOf(k) == "of" || tree_.CaseOf(k) == "for" || tree_.CaseOf(k) == "at" ||
                  // "a candidate in the elections" (an analyst in a country is not its analyst)
                  (tree_.CaseOf(k) == "in" && tree_.lemma(r) == "candidate"))) {
        if (*org < 0) *org = k;
      } else if ((tree_.Is(k, "amod") || tree_.Is(k, "compound")) && k < r) {
        if (tree_.upos(k) == "PROPN" && !rules::IsRoleNoun(tree_.lower(k))) {
          if (*org < 0) *org = k;
        } else {
          words->push_back(k);
        }
      }
    }
  }

  // `country` names the organisation when `org` is -1 (a nationality adjective's country).
  void EmitRole(std::string_view rule, int person, const std::vector<int>& role_words, int org,
                const std::string& surface_role, const std::string& country = "") {
    Node subject = MakeNode(person);
    if (subject.name.empty()) return;
    std::vector<int> w = role_words;
    std::sort(w.begin(), w.end());
    std::string role;
    for (int k : w) role += (role.empty() ? "" : " ") + tree_.lower(k);
    const std::string subj_phrase = Render(tree_, NameTokens(person));
    if (org >= 0 && tree_.upos(org) == "PRON") org = -1;  // "his adviser": whose is unknown here
    if (org >= 0 || !country.empty()) {
      Node object = org >= 0 ? MakeNode(org) : Node{};
      if (org < 0) object.name = country, object.type = "OTHER";
      Emit(rule, subject, role + " of", role + " of", object, nullptr, 0, "is " + role + " of",
           {subj_phrase, object.name});
    } else {
      Node object;
      object.name = role;
      object.type = "ROLE";
      // The predicate's text names the role, as "is mayor of" does for a role with a place.
      Emit(rule, subject, "be", "is " + role, object, nullptr, 0.05, "is",
           {subj_phrase, surface_role});
    }
  }

  void Apposition(int a) {
    const int h = tree_.head(a);
    if (h < 0) return;
    if (rules::IsRoleNoun(tree_.lemma(a)) && tree_.upos(h) == "PROPN") {
      std::vector<int> words;
      int org = -1;
      RoleParts(a, &words, &org);
      if (org < 0) {
        // "Serhiy Lysak, governor for the region": the parser may hang the role's "of/for"
        // phrase on the name.
        for (int k : tree_.Kids(h, "nmod")) {
          const std::string prep = tree_.CaseOf(k);
          if (k > a && (prep == "of" || prep == "for" || prep == "at")) {
            org = k;
            break;
          }
        }
      }
      EmitRole(rules::kRuleRole, h, words, org, Render(tree_, FullPhrase(tree_, a)));
      // "X, mayor of A and candidate in B": each coordinated role is X's.
      for (int c : tree_.Kids(a, "conj")) {
        if (!rules::IsRoleNoun(tree_.lemma(c))) continue;
        std::vector<int> more;
        int more_org = -1;
        RoleParts(c, &more, &more_org);
        EmitRole(rules::kRuleRole, h, more, more_org, Render(tree_, FullPhrase(tree_, c)));
      }
    } else if (rules::IsRoleNoun(tree_.lemma(h)) && tree_.upos(a) == "PROPN") {
      std::vector<int> words;
      int org = -1;
      RoleParts(h, &words, &org);
      EmitRole(rules::kRuleRole, a, words, org, Render(tree_, FullPhrase(tree_, h)));
    } else if (tree_.IsNominal(h) && tree_.IsNominal(a) && tree_.upos(h) != "NUM" &&
               tree_.upos(a) != "NUM") {  // "(7)" after a name is a note mark, not a name
      const std::string hs = Render(tree_, FullPhrase(tree_, h, true));
      const std::string as = Render(tree_, FullPhrase(tree_, a, true));
      Emit(rules::kRuleRole, MakeNode(h), "be", "is", MakeNode(a), nullptr, 0.15, "is", {hs, as});
    }
  }

  // "Kremlin spokesman Dmitri Peskov", "President Putin", "Russia's foreign minister Lavrov".
  void Title(int h) {
    int title = -1;
    for (int k : tree_.kids(h)) {
      if ((tree_.Is(k, "compound") || tree_.Is(k, "flat") || tree_.Is(k, "amod") ||
           tree_.rel(k) == "nmod:desc") &&
          k < h && rules::IsRoleNoun(tree_.lower(k))) {
        if (k > title) title = k;
      }
    }
    if (title < 0) {
      // A descriptor before a name ("rugby union team Ammanford RFC"): the name is one.
      for (int k : tree_.kids(h)) {
        if (tree_.rel(k) == "nmod:desc" && k < h && tree_.upos(k) == "NOUN" &&
            !NameTokens(h).empty()) {
          std::vector<int> phrase = FullPhrase(tree_, k, true);
          std::vector<int> words;
          for (int w : phrase) {
            if (!tree_.Is(w, "det")) words.push_back(w);
          }
          Node object;
          object.name = Render(tree_, words);
          object.type = "ROLE";
          Emit(rules::kRuleTitle, MakeNode(h), "be", "is " + object.name, object, nullptr, 0.05,
               "is", {Render(tree_, NameTokens(h)), Render(tree_, phrase)});
          return;
        }
      }
      return;
    }
    // Names after the title must remain ("President Putin" has "Putin").
    std::vector<int> words = {title};
    int org = -1;
    std::string country;  // from a nationality adjective: "Russian Foreign Minister X"
    for (int k : tree_.kids(h)) {
      if (k >= title || k > h) continue;
      if (tree_.upos(k) == "ADJ" && !rules::CountryOfDemonym(tree_.lower(k)).empty()) {
        country = rules::CountryOfDemonym(tree_.lower(k));
      } else if (tree_.rel(k) == "nmod:poss") {
        org = k;
      } else if (tree_.upos(k) == "PROPN" && !rules::IsRoleNoun(tree_.lower(k)) &&
                 !rules::IsHonorific(tree_.lower(k))) {
        // Capitalised role modifiers ("Foreign Minister") read as PROPN in news text.
        if (k + 1 == title ||
            (k + 2 == title && std::find(words.begin(), words.end(), k + 1) != words.end())) {
          static const std::set<std::string> kRoleModifiers = {
              "foreign", "prime", "deputy", "vice",    "defence", "defense", "interior",
              "finance", "chief", "senior", "special", "first",   "acting",  "former"};
          if (kRoleModifiers.count(tree_.lower(k))) {
            words.push_back(k);
            continue;
          }
        }
        if (org < 0 || k > org) org = k;
      } else if (tree_.upos(k) == "ADJ" || tree_.upos(k) == "NOUN") {
        words.push_back(k);
      }
    }
    for (int k : tree_.kids(title)) {
      if (tree_.rel(k) == "nmod:poss") {
        org = k;
      } else if (tree_.upos(k) == "ADJ" && !rules::CountryOfDemonym(tree_.lower(k)).empty()) {
        country = rules::CountryOfDemonym(tree_.lower(k));
      } else if (tree_.Is(k, "compound") && tree_.upos(k) == "PROPN" &&
                 !rules::IsRoleNoun(tree_.lower(k)) && org < 0) {
        org = k;  // "Kyiv mayor Vitali Klitschko"
      } else if (tree_.Is(k, "amod") || tree_.Is(k, "compound")) {
        words.push_back(k);
      }
    }
    // A nationality adjective just before the title that the parser attached elsewhere.
    const int first_word = *std::min_element(words.begin(), words.end());
    if (country.empty() && first_word > 0 && tree_.upos(first_word - 1) == "ADJ") {
      country = rules::CountryOfDemonym(tree_.lower(first_word - 1));
    }
    // "Russia's Foreign Minister Sergei Lavrov" with the possessive attached elsewhere.
    if (org < 0 && country.empty() && first_word >= 2 && tree_.upos(first_word - 2) == "PROPN" &&
        (tree_.lower(first_word - 1) == "'s" || tree_.lower(first_word - 1) == "\xE2\x80\x99s")) {
      org = first_word - 2;
    }
    // An organisation made of several proper nouns ("White House"): take them all as a node.
    std::vector<int> org_words;
    if (org >= 0 && tree_.rel(org) != "nmod:poss") {
      for (int k : tree_.kids(h)) {
        if (k < title && tree_.upos(k) == "PROPN" &&
            std::find(words.begin(), words.end(), k) == words.end()) {
          org_words.push_back(k);
        }
      }
    }
    if (NameTokens(h).empty()) return;
    if (!org_words.empty() && org_words.size() > 1) {
      Node subject = MakeNode(h);
      std::sort(words.begin(), words.end());
      std::string role;
      for (int k : words) role += (role.empty() ? "" : " ") + tree_.lower(k);
      Node object;
      object.name = Render(tree_, org_words);
      object.type = "OTHER";
      Emit(rules::kRuleTitle, subject, role + " of", role + " of", object, nullptr, 0,
           "is " + role + " of", {Render(tree_, NameTokens(h)), object.name});
      return;
    }
    EmitRole(rules::kRuleTitle, h, words, org, tree_.tok(title).form, org < 0 ? country : "");
  }

  // "Norland's navy" → Norland –have→ navy; role nouns and events have their own rules.
  void Possessive(int p) {
    const int h = tree_.head(p);
    if (h < 0 || tree_.upos(h) != "NOUN" || rules::IsRoleNoun(tree_.lemma(h))) return;
    if (!rules::VerbOfNoun(tree_.lemma(h), nullptr).empty()) return;
    std::vector<int> owned;
    Collect(
        tree_, h,
        [&](int k) {
          return k == p || tree_.Is(k, "det") || tree_.Is(k, "conj") || tree_.Is(k, "cc") ||
                 tree_.rel(k) == "acl:relcl" || tree_.Is(k, "appos") || tree_.Is(k, "punct") ||
                 (tree_.head(k) == h && tree_.Is(k, "case"));
        },
        &owned);
    std::vector<int> owner;
    Collect(
        tree_, p, [&](int k) { return tree_.head(k) == p && tree_.Is(k, "case"); }, &owner);
    Node object = MakeNode(h);
    std::vector<int> poss_subtree, name;
    Collect(
        tree_, p, [](int) { return false; }, &poss_subtree);
    for (int k : NameTokens(h)) {
      if (std::find(poss_subtree.begin(), poss_subtree.end(), k) == poss_subtree.end()) {
        name.push_back(k);
      }
    }
    object.name = Render(tree_, name);
    // A pronoun owner ("its board") names nobody until coreference resolves it.
    Emit(rules::kRulePossessive, MakeNode(p), "have", "'s", object, nullptr,
         tree_.upos(p) == "PRON" ? 0.15 : 0, "has", {Render(tree_, owner), Render(tree_, owned)});
  }

  // "the museum in Velden" → museum –be in→ Velden: a place modifier of a common noun.
  void LocatedIn(int m) {
    const int h = tree_.head(m);
    if (h < 0 || tree_.upos(h) != "NOUN" || tree_.upos(m) != "PROPN") return;
    const std::string prep = tree_.CaseOf(m);
    if (prep != "in" && prep != "at" && prep != "near" && prep != "outside") return;
    if (LooksTemporal(m) || rules::IsRoleNoun(tree_.lemma(h))) return;
    std::vector<int> thing;
    Collect(
        tree_, h,
        [&](int k) {
          return k == m || tree_.Is(k, "conj") || tree_.Is(k, "cc") ||
                 tree_.rel(k) == "acl:relcl" || tree_.Is(k, "appos") || tree_.Is(k, "punct") ||
                 (tree_.head(k) == h && tree_.Is(k, "case"));
        },
        &thing);
    ClauseInfo info;
    int clause = h;
    while (clause >= 0 && !tree_.IsVerbal(clause)) clause = tree_.head(clause);
    if (clause >= 0) info.attributed_to = AttributionOf(clause);
    const std::string relation = "is " + prep;
    Emit(rules::kRuleLocatedIn, MakeNode(h), "be " + prep, prep, MakeNode(m), &info, 0, relation,
         {Render(tree_, thing), Render(tree_, FullPhrase(tree_, m, true))});
  }

  // ---- noun events -------------------------------------------------------------------------

  void NounEvent(int n) {
    if (tree_.upos(n) != "NOUN") return;
    bool intransitive = false;
    const std::string verb = rules::VerbOfNoun(tree_.lemma(n), &intransitive);
    if (verb.empty()) return;
    int agent = -1, patient = -1, goal = -1;
    std::string goal_prep;
    std::string time;
    for (int k : tree_.kids(n)) {
      const std::string prep = tree_.CaseOf(k);
      if (tree_.rel(k) == "nmod:poss" && tree_.upos(k) != "PRON") {
        agent = k;
      } else if (tree_.Is(k, "nmod") && prep == "by") {
        agent = k;
      } else if (tree_.Is(k, "nmod") && prep == "of") {
        if (intransitive) {
          if (agent < 0) agent = k;
        } else {
          patient = k;
        }
      } else if (tree_.Is(k, "nmod") && (prep == "on" || prep == "against" || prep == "to" ||
                                         prep == "from" || prep == "into")) {
        if (goal < 0) goal = k, goal_prep = prep;
      } else if ((tree_.Is(k, "nummod") || tree_.Is(k, "compound") || tree_.Is(k, "amod") ||
                  tree_.Is(k, "nmod")) &&
                 (IsTimeWord(tree_.tok(k).form) || tree_.rel(k) == "nmod:tmod")) {
        if (time.empty()) time = TimeOf(k, false);
      }
    }
    if (agent < 0) return;
    Node object;
    std::string lemma = verb;
    int obj_head = patient;
    if (obj_head < 0 && goal >= 0) {
      obj_head = goal;
      if (!(verb == "attack" || verb == "invade" || verb == "visit")) lemma += " " + goal_prep;
    }
    if (obj_head < 0) return;  // an event without the participant it is about says little
    object = MakeNode(obj_head);
    ClauseInfo info;
    info.attributed_to = std::nullopt;
    // The clause the noun sits in decides whose claim the event is.
    int clause = tree_.head(n);
    while (clause >= 0 && !tree_.IsVerbal(clause)) clause = tree_.head(clause);
    if (clause >= 0) info.attributed_to = AttributionOf(clause);
    Emit(rules::kRuleNounEvent, MakeNode(agent), lemma, tree_.tok(n).form, object, &info, 0,
         tree_.tok(n).form,
         {Render(tree_, FullPhrase(tree_, agent)), Render(tree_, FullPhrase(tree_, obj_head))},
         std::nullopt, time);
  }

  const Tree& tree_;
  const SentenceContext& context_;
  const ExtractorOptions& options_;
  std::vector<Extraction>* out_;
};

// Mends parser mistakes that no UD tree has on purpose, so that the rules see the clause the
// text means (heads are 1-based, as in the tokens):
// - a subject with a preposition of its own ("On Monday, Berg opened ...", "Monday" as subject
//   and "Berg" its apposition) is an oblique; its apposition is the subject;
// - a verb whose nouns before it all hang on it as compounds ("Border guards stopped ...": a
//   noun read as the verb was retagged) has the nearest one as its subject;
// - a clause with a subject of its own read as a relative clause of the noun in a speech verb's
//   oblique, "that" as its object ("said in a letter to the board that prices will rise"), is
//   the speech verb's complement clause;
// - a relative day read as the subject with the name before it as its compound ("The Acme Co.
//   yesterday said ...") is a time oblique, the name the subject.
void RepairTree(std::vector<AnalyzedToken>* tokens) {
  std::vector<AnalyzedToken>& t = *tokens;
  const int n = static_cast<int>(t.size());
  auto kids = [&](int h, std::string_view rel) {
    std::vector<int> out;
    for (int k = 0; k < n; ++k) {
      const std::string_view r = t[k].deprel;
      if (static_cast<int>(t[k].head) == h + 1 && (r == rel || r.substr(0, r.find(':')) == rel)) {
        out.push_back(k);
      }
    }
    return out;
  };
  for (int w = 0; w < n; ++w) {
    const int h = static_cast<int>(t[w].head) - 1;
    if (h < 0 || t[w].deprel != "nsubj") continue;
    const std::string day = Lower(t[w].form);
    if (day != "yesterday" && day != "today" && day != "tomorrow" && day != "tonight") continue;
    const std::vector<int> compounds = kids(w, "compound");
    if (compounds.empty() || compounds.back() > w || t[compounds.back()].upos != "PROPN") continue;
    const int name = compounds.back();
    for (int k = 0; k < name; ++k) {  // the rest of the noun phrase goes with the name
      if (static_cast<int>(t[k].head) == w + 1) t[k].head = static_cast<uint32_t>(name + 1);
    }
    t[name].head = static_cast<uint32_t>(h + 1);
    t[name].deprel = "nsubj";
    t[w].deprel = "obl:tmod";
  }
  for (int w = 0; w < n; ++w) {
    const int h = static_cast<int>(t[w].head) - 1;
    if (h < 0) continue;
    if (t[w].deprel == "nsubj") {
      const std::vector<int> cases = kids(w, "case");
      const std::vector<int> appos = kids(w, "appos");
      if (!cases.empty() && cases[0] < w && appos.size() == 1 && appos[0] < h &&
          (t[appos[0]].upos == "PROPN" || t[appos[0]].upos == "PRON")) {
        t[w].deprel = "obl";
        t[appos[0]].head = static_cast<uint32_t>(h + 1);
        t[appos[0]].deprel = "nsubj";
      }
    }
  }
  for (int v = 0; v < n; ++v) {
    if (t[v].upos != "VERB" || (t[v].xpos != "VBD" && t[v].xpos != "VBZ" && t[v].xpos != "VBP") ||
        !kids(v, "nsubj").empty() || !kids(v, "csubj").empty()) {
      continue;
    }
    const std::vector<int> compounds = kids(v, "compound");
    if (compounds.empty() || compounds.back() > v || kids(v, "obj").empty()) continue;
    const int subject = compounds.back();
    t[subject].deprel = "nsubj";
    for (int k = 0; k < subject; ++k) {
      const std::string& r = t[k].deprel;
      if (static_cast<int>(t[k].head) == v + 1 &&
          (r == "compound" || r == "amod" || r == "det" || r == "nmod:poss")) {
        t[k].head = static_cast<uint32_t>(subject + 1);
      }
    }
  }
  auto head = [&](int i) { return static_cast<int>(t[i].head) - 1; };
  auto attach = [&](int i, int h, const char* rel) {
    t[i].head = static_cast<uint32_t>(h + 1);
    t[i].deprel = rel;
  };
  for (int x = 0; x < n; ++x) {
    if (t[x].upos != "PROPN") continue;
    const std::vector<int> appos = kids(x, "appos");
    if (appos.size() != 1 || appos[0] < x || !rules::IsRoleNoun(Lower(t[appos[0]].lemma))) {
      continue;
    }
    const int role = appos[0];
    // "“...,” Anna Berg, mayor for the Harlow district, said ...": the name and the role's
    // phrase hang on the quoted verb (the name even under the phrase), the speech verb after
    // them has no subject.
    const int quoted = head(x) >= 0 && head(x) > role ? head(head(x)) : head(x);
    int phrase = head(x) > role ? head(x) : -1;
    int speech = -1;
    for (int k = role + 1; k < n && quoted >= 0 && quoted < x; ++k) {
      if (phrase < 0 && head(k) == quoted && !kids(k, "case").empty() && t[k].upos != "VERB") {
        phrase = k;
      }
      if (head(k) == quoted && t[k].upos == "VERB") {
        if (rules::IsSpeechVerb(Lower(t[k].lemma)) && kids(k, "nsubj").empty()) speech = k;
        break;
      }
    }
    if (speech >= 0 && phrase >= 0 && phrase < speech && head(phrase) != role) {
      attach(phrase, role, "nmod");
      attach(x, speech, "nsubj");
      continue;
    }
    // "Anna Berg, mayor of Harlow and possible candidate in the elections, ...": the second
    // role read as the head of the name.
    const int second = head(x);
    if (second > role && t[second].upos == "NOUN" && t[x].deprel == "compound" &&
        rules::IsRoleNoun(Lower(t[second].lemma))) {
      int cc = role + 1;
      while (cc < second && t[cc].deprel != "cc") ++cc;
      if (cc == second) continue;
      t[x].head = t[second].head;
      t[x].deprel = t[second].deprel;
      attach(second, role, "conj");
      for (int k = 0; k < n; ++k) {
        if (head(k) == second && k < x) t[k].head = static_cast<uint32_t>(x + 1);
      }
    }
  }
  // "‘It was an error to sell it,’ Berg said" with "said" the clausal subject of "error": a
  // speech verb with a subject of its own after a closing quotation mark reports the quotation.
  for (int v = 1; v < n; ++v) {
    const int h = head(v);
    if (t[v].deprel != "csubj" || h < 0 || h > v || kids(v, "nsubj").empty() ||
        !rules::IsSpeechVerb(Lower(t[v].lemma))) {
      continue;
    }
    bool quoted = false;
    for (int q = h + 1; q < v; ++q) {
      const std::string& w = t[q].form;
      quoted = quoted || w == "\"" || w == "''" || w == "'" || w == "\xE2\x80\x9D" ||
               w == "\xE2\x80\x99";
    }
    if (quoted) t[v].deprel = "parataxis";
  }
  // "The talks focused on trade, Berg told reporters" with "talks" the speech verb's complement
  // and "focused" its modifier: a complement that is a bare noun has its verb in that modifier.
  for (int c = 0; c + 1 < n; ++c) {
    const int speech = head(c);
    if (t[c].deprel != "ccomp" || t[c].upos != "NOUN" || speech < 0 ||
        !rules::IsSpeechVerb(Lower(t[speech].lemma)) || !kids(c, "cop").empty()) {
      continue;
    }
    const int v = c + 1;
    if (head(v) != c || t[v].deprel != "acl" || t[v].upos != "VERB" ||
        (t[v].xpos != "VBN" && t[v].xpos != "VBD") || !kids(v, "mark").empty() ||
        !kids(v, "aux").empty() || !kids(v, "obl:agent").empty()) {
      continue;
    }
    attach(v, speech, "ccomp");
    attach(c, v, "nsubj");
    t[v].xpos = "VBD";
  }
  // "... control of the island, seized by Norland in 1990." with "seized" a conjunct of the
  // main verb: a bare past participle right after a noun and a comma modifies that noun.
  for (int v = 2; v < n; ++v) {
    if (t[v].xpos != "VBN" || t[v].deprel != "conj" || t[v - 1].form != "," ||
        !kids(v, "cc").empty() || !kids(v, "aux").empty() || !kids(v, "nsubj").empty()) {
      continue;
    }
    const std::string& noun = t[v - 2].upos;
    if (noun == "NOUN" || noun == "PROPN") attach(v, v - 2, "acl");
  }
  // A particle read as a modifier of the object after its verb ("shot down 41 drones" with
  // "down" on "41") is the verb's.
  for (int p = 1; p < n; ++p) {
    static const std::set<std::string> kParticles = {"down", "up", "off", "out", "back", "away"};
    const int v = p - 1;
    if (t[v].upos != "VERB" || head(p) == v || !kParticles.count(Lower(t[p].form))) continue;
    int up = head(p);
    while (up >= 0 && up != v && head(up) != v) up = head(up);
    if (up >= 0 && up != v && t[up].deprel == "obj") attach(p, v, "compound:prt");
  }
  for (int r = 0; r < n; ++r) {
    const int noun = static_cast<int>(t[r].head) - 1;
    if (t[r].deprel != "acl:relcl" || noun < 0 || t[noun].deprel != "obl") continue;
    const int speech = static_cast<int>(t[noun].head) - 1;
    if (speech < 0 || t[speech].upos != "VERB" || !rules::IsSpeechVerb(Lower(t[speech].lemma)) ||
        !kids(speech, "ccomp").empty()) {
      continue;
    }
    const std::vector<int> subjects = kids(r, "nsubj");
    int that = -1;
    for (int k : kids(r, "obj")) {
      if (Lower(t[k].form) == "that" && (subjects.empty() || k < subjects[0])) that = k;
    }
    if (that < 0 || subjects.empty() || rules::IsRelativePronoun(Lower(t[subjects[0]].form))) {
      continue;
    }
    t[r].head = static_cast<uint32_t>(speech + 1);
    t[r].deprel = "ccomp";
    t[that].deprel = "mark";
  }
}

Status ClauseExtractor::Process(const std::vector<AnalyzedToken>& sentence,
                                const SentenceContext& context,
                                std::vector<Extraction>* out) const {
  const size_t n = sentence.size();
  for (size_t i = 0; i < n; ++i) {
    if (sentence[i].head > n) {
      return Status::InvalidArgument("word " + std::to_string(i + 1) + " '" + sentence[i].form +
                                     "' has head " + std::to_string(sentence[i].head) +
                                     " outside the sentence of " + std::to_string(n) + " words");
    }
  }
  for (size_t i = 0; i < n; ++i) {
    // Walking up from every word must reach the root within n steps.
    size_t cur = i + 1;
    size_t steps = 0;
    while (cur != 0 && steps <= n) {
      cur = sentence[cur - 1].head;
      ++steps;
    }
    if (cur != 0) {
      return Status::InvalidArgument("word " + std::to_string(i + 1) + " '" + sentence[i].form +
                                     "' is on a cycle: the tree has no root above it");
    }
  }
  if (n == 0) return Status::OK();
  const size_t before = out->size();
  std::vector<AnalyzedToken> repaired = sentence;
  RepairTree(&repaired);
  Tree tree(repaired);
  std::vector<Extraction> found;
  Run run(tree, context, options_, &found);
  run.All();
  core::extract::AddCasualtyFigures(sentence, context, version_, &found);
  out->reserve(before + found.size());
  for (Extraction& e : found) out->push_back(std::move(e));
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<StatementExtractor>> MakeStatementExtractor(
    const std::string& name, const ExtractorOptions& options) {
  if (name == "clause") {
    return std::unique_ptr<StatementExtractor>(new ClauseExtractor(options));
  }
  std::string known;
  for (const std::string& k : StatementExtractorNames()) known += (known.empty() ? "" : ", ") + k;
  return Status::NotFound("no statement extractor named '" + name + "' (known: " + known + ")");
}

std::vector<std::string> StatementExtractorNames() { return {"clause"}; }

}  // namespace kg
