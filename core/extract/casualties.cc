#include "core/extract/casualties.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "core/extract/qualifiers.h"
#include "core/extract/rules.h"

namespace kg::core::extract {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool OneOf(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool IsTitleWord(std::string_view w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

// "kill" or "wound" for a verb form or participle that reports casualties, "" otherwise.
std::string VerbMeasure(std::string_view lower) {
  if (OneOf(lower,
            {"killed", "kill", "kills", "killing", "died", "die", "dies", "dead", "slain"})) {
    return "kill";
  }
  if (OneOf(lower, {"wounded", "wound", "wounds", "wounding", "injured", "injure", "injures",
                    "injuring", "hurt", "hurting"})) {
    return "wound";
  }
  return "";
}

// Nouns that name the event or the weapon a casualty figure belongs to.
bool IsEventNoun(std::string_view lower_lemma) {
  return OneOf(
      lower_lemma,
      {"attack",    "strike",   "airstrike",  "raid",      "bombing",    "bombardment", "shelling",
       "explosion", "blast",    "bomb",       "missile",   "drone",      "rocket",      "shell",
       "shooting",  "gunfire",  "crash",      "collision", "earthquake", "quake",       "storm",
       "hurricane", "typhoon",  "cyclone",    "flood",     "flooding",   "landslide",   "avalanche",
       "fire",      "wildfire", "clash",      "fighting",  "violence",   "offensive",   "assault",
       "ambush",    "accident", "derailment", "stampede",  "tsunami",    "eruption",    "outbreak",
       "riot",      "unrest",   "massacre",   "barrage",   "incident",   "heatwave"});
}

// Words a comparator before a number is made of ("at least", "more than", "nearly", ...).
bool IsComparatorWord(std::string_view lower) {
  return OneOf(lower,
               {"at",     "least", "most",          "more",    "than",  "over",      "nearly",
                "almost", "about", "around",        "some",    "up",    "to",        "fewer",
                "less",   "under", "approximately", "roughly", "an",    "estimated", "no",
                "close",  "above", "upwards",       "of",      "below", "minimum"});
}

// Nouns after a number that measure something other than people.
bool IsNonPersonNoun(std::string_view lower) {
  return OneOf(
      lower,
      {"%",       "percent",  "year",     "years",     "hour",     "hours",   "day",     "days",
       "week",    "weeks",    "month",    "months",    "minute",   "minutes", "km",      "kg",
       "mile",    "miles",    "time",     "times",     "dollar",   "dollars", "euro",    "euros",
       "ton",     "tons",     "tonne",    "tonnes",    "drone",    "drones",  "missile", "missiles",
       "rocket",  "rockets",  "building", "buildings", "home",     "homes",   "house",   "houses",
       "vehicle", "vehicles", "tank",     "tanks",     "aircraft", "plane",   "planes",  "meter",
       "meters",  "metre",    "metres",   "point",     "points"});
}

struct Figure {
  size_t first = 0;   // first token of the figure (comparator included)
  size_t number = 0;  // first token of the number
  size_t end = 0;     // one past the figure's last token (counted noun, "more", "dead")
  size_t verb = 0;    // the casualty word
  Quantity quantity;
  std::string measure;       // "kill" or "wound"
  bool agent_after = false;  // passive or nominal: the event tends to follow ("in an attack")
  int noun = -1;             // the counted noun ("civilians"), -1 when elided ("90 more")
};

class Reader {
 public:
  Reader(const std::vector<AnalyzedToken>& t, const SentenceContext& c) : t_(t), c_(c) {
    for (const AnalyzedToken& x : t_) lower_.push_back(Lower(x.form));
  }

  void Run(const std::string& version, std::vector<Extraction>* found) {
    std::vector<Figure> figures;
    for (size_t i = 0; i < t_.size(); ++i) {
      if (!IsNumber(i)) continue;
      size_t j = i;
      while (j + 1 < t_.size() && IsNumber(j + 1)) ++j;
      std::optional<Figure> f = Read(i, j + 1);
      if (f) figures.push_back(*f);
      i = j;
    }
    if (figures.empty()) return;
    const std::vector<PlaceMention> places = LocativePlaces(c_.sentence);
    const std::string time = SentenceTime();
    std::vector<Extraction> made;
    for (const Figure& f : figures) {
      const int event = EventFor(f);
      if (event < 0) continue;
      Extraction x;
      Statement& st = x.statement;
      st.subject.name = EventPhrase(static_cast<size_t>(event));
      st.predicate.lemma = f.measure;
      st.predicate.text = Surface(f.verb, f.verb + 1);
      if (f.verb >= f.end - 1 && f.first > 0 &&
          OneOf(lower_[f.first - 1], {"left", "leaving", "leaves", "leave"})) {
        st.predicate.text = t_[f.first - 1].form + " " + t_[f.verb].form;  // "left dead"
      }
      // The object is what is counted, as the clause rules name it ("people" for "at least 12
      // people"); the figure itself is the quantity.
      st.object.name = f.noun < 0 ? "people" : t_[static_cast<size_t>(f.noun)].form;
      st.object.type = "QUANTITY";
      st.object.kind = NodeKind::kLiteral;
      st.qualifiers.quantity = f.quantity;
      st.qualifiers.time = time;
      if (const PlaceMention* p = Nearest(places, t_[f.number].begin - t_[0].begin)) {
        st.qualifiers.location = NodeRef{"", p->name};
      }
      st.confidence = RuleConfidence(kRuleCasualty);
      Evidence ev;
      ev.doc = c_.doc;
      ev.source = c_.source;
      ev.published = c_.published;
      ev.path = c_.path;
      ev.sentence = c_.sentence;
      ev.begin = c_.begin;
      ev.end = c_.end;
      ev.rule = std::string(kRuleCasualty);
      ev.version = version;
      ev.confidence = st.confidence;
      st.evidence.push_back(std::move(ev));
      x.relation = st.predicate.text;
      x.arguments = {st.subject.name, Surface(f.first, f.end)};
      made.push_back(std::move(x));
    }
    if (made.empty()) return;
    // The clause rules read the same numbers, often against the wrong subject or verb, but
    // they know the clause's factuality: who said it, negation, modality. The figure keeps
    // that and replaces their reading.
    for (Extraction& m : made) {
      Qualifiers& q = m.statement.qualifiers;
      for (const Extraction& e : *found) {
        const Qualifiers& c = e.statement.qualifiers;
        if (!c.quantity || c.quantity->value != q.quantity->value) continue;
        q.attributed_to = c.attributed_to;
        q.negated = c.negated;
        q.modality = c.modality;
        break;
      }
    }
    found->erase(std::remove_if(found->begin(), found->end(),
                                [&](const Extraction& e) {
                                  const auto& q = e.statement.qualifiers.quantity;
                                  if (!q) return false;
                                  for (const Extraction& m : made) {
                                    if (m.statement.qualifiers.quantity->value == q->value) {
                                      return true;
                                    }
                                  }
                                  return false;
                                }),
                 found->end());
    for (Extraction& x : made) found->push_back(std::move(x));
  }

 private:
  bool IsNumber(size_t i) const {
    // The tagger sometimes takes a capitalised number word for a name ("Twelve people ...").
    const bool word = !OneOf(lower_[i], {"a", "an", "dozen", "dozens", "hundreds", "thousands"}) &&
                      ParseNumber({t_[i].form}).has_value();
    if (t_[i].upos != "NUM" && !word) return false;
    // "76-year-old", "2-1", years
    if (i + 1 < t_.size() && t_[i + 1].form == "-") return false;
    if (i > 0 && t_[i - 1].form == "-") return false;
    return !IsTimeWord(t_[i].form);
  }

  // The figure whose number spans [a, b), or nothing when no casualty word goes with it.
  std::optional<Figure> Read(size_t a, size_t b) {
    std::vector<std::string> words;
    for (size_t k = a; k < b; ++k) words.push_back(t_[k].form);
    std::string glued;
    std::optional<double> value = ParseNumber(words, &glued);
    if (!value || !glued.empty() || *value < 0 ||
        *value != static_cast<double>(static_cast<long long>(*value))) {
      return std::nullopt;
    }
    Figure f;
    f.number = a;
    f.first = a;
    while (f.first > 0 && a - f.first < 4 && IsComparatorWord(lower_[f.first - 1])) --f.first;
    // "killed more than 70" keeps "more than"; "killed an estimated 40" its "an estimated".
    std::vector<std::string> before;
    for (size_t k = f.first; k < a; ++k) before.push_back(t_[k].form);
    f.quantity.value = *value;
    f.quantity.comparator = ComparatorOf(before);
    // Trim comparator words that did not make a comparator ("up to" does; a lone "to" not).
    if (f.quantity.comparator == "=") f.first = a;
    // The counted noun: after "more"/"other(s)" or an adjective, within three words.
    size_t e = b;
    std::string noun;
    for (size_t k = b; k < t_.size() && k < b + 3; ++k) {
      const std::string& w = lower_[k];
      if (w == "more" || w == "other" || w == "others") {
        e = k + 1;
        if (w == "others") noun = "other";
        continue;
      }
      if (t_[k].upos == "NOUN" && VerbMeasure(w).empty()) {
        noun = Lower(t_[k].lemma);
        f.noun = static_cast<int>(k);
        e = k + 1;
        break;
      }
      if (t_[k].upos == "ADJ" && VerbMeasure(w).empty() && IsTitleWord(t_[k].form)) continue;
      break;
    }
    if (IsNonPersonNoun(noun) || IsNonPersonNoun(e < t_.size() ? lower_[e] : "")) {
      return std::nullopt;
    }
    f.quantity.unit = noun == "other" || noun.empty() ? "people" : noun;
    f.end = e;
    // Active: the casualty verb just before ("killed 12", "injuring at least 10").
    if (f.first > 0) {
      const std::string m = VerbMeasure(lower_[f.first - 1]);
      if (!m.empty() && lower_[f.first - 1] != "dead") {
        f.measure = m;
        f.verb = f.first - 1;
        return f;
      }
    }
    // A count of deaths: "caused 14 deaths", "12 fatalities".
    if (noun == "death" || noun == "fatality") {
      f.quantity.unit = "people";
      f.measure = "kill";
      f.verb = e - 1;
      f.agent_after = true;
      return f;
    }
    // Nominal: "nine dead", "more than 70 wounded", "12 killed"; after "left" too.
    if (e < t_.size() && OneOf(lower_[e], {"dead", "wounded", "injured", "killed", "hurt"})) {
      f.measure = VerbMeasure(lower_[e]);
      f.verb = e;
      f.end = e + 1;
      f.agent_after = true;
      return f;
    }
    // Passive or intransitive: "three people (, including a child,) were killed", "two died".
    size_t k = e;
    if (k < t_.size() && t_[k].form == ",") {
      size_t close = k + 1;
      while (close < t_.size() && close < k + 9 && t_[close].form != ",") ++close;
      if (close < t_.size() && t_[close].form == ",") k = close + 1;
    }
    size_t aux = 0;
    while (
        k < t_.size() && aux < 4 &&
        OneOf(lower_[k], {"were",   "was",          "are",   "is",         "have",      "has",
                          "had",    "been",         "being", "reportedly", "also",      "later",
                          "all",    "subsequently", "who",   "that",       "confirmed", "reported",
                          "feared", "believed",     "now",   "officially"})) {
      ++k;
      ++aux;
    }
    if (k + 2 < t_.size() && OneOf(lower_[k], {"lost", "lose"}) && lower_[k + 1] == "their" &&
        lower_[k + 2] == "lives") {  // "ten people lost their lives"
      f.measure = "kill";
      f.verb = k;
      f.agent_after = true;
      return f;
    }
    if (k < t_.size()) {
      const std::string m = VerbMeasure(lower_[k]);
      const bool died = OneOf(lower_[k], {"died", "die", "dies"});
      const bool participle = OneOf(lower_[k], {"killed", "wounded", "injured", "hurt", "dead"});
      if (!m.empty() && ((aux > 0 && participle) || (aux == 0 && died) || (aux > 0 && died))) {
        f.measure = m;
        f.verb = k;
        f.agent_after = true;
        return f;
      }
    }
    return std::nullopt;
  }

  // The event noun for a figure: for a passive or nominal figure the first one after it that a
  // preposition introduces ("in a Russian attack"); otherwise the nearest before the figure,
  // then the nearest after. -1 when the sentence has none.
  int EventFor(const Figure& f) const {
    const size_t n = t_.size();
    if (f.agent_after) {
      for (size_t k = f.verb + 1; k < n && k < f.verb + 8; ++k) {
        if (!IsEvent(k)) continue;
        for (size_t p = f.verb + 1; p < k; ++p) {
          if (OneOf(lower_[p], {"in", "by", "during", "after", "from"})) {
            return static_cast<int>(k);
          }
        }
      }
    }
    for (size_t k = f.first; k-- > 0;) {
      if (IsEvent(k)) return static_cast<int>(k);
    }
    for (size_t k = f.end; k < n; ++k) {
      if (IsEvent(k)) return static_cast<int>(k);
    }
    return -1;
  }

  bool IsEvent(size_t k) const {
    return t_[k].upos == "NOUN" && IsEventNoun(Lower(t_[k].lemma)) &&
           // the head of its phrase, not a modifier ("drone attack": attack, not drone)
           !(k + 1 < t_.size() && t_[k + 1].upos == "NOUN" && IsEventNoun(Lower(t_[k + 1].lemma)));
  }

  // The event noun with the modifiers right before it: "overnight Russian raid", "air strike",
  // "Russian missile and drone attack" (coordinated modifiers).
  std::string EventPhrase(size_t head) const {
    auto modifier = [&](size_t k) {
      const AnalyzedToken& w = t_[k];
      return ((w.upos == "ADJ" && w.xpos != "JJS" && w.xpos != "JJR") || w.upos == "NOUN" ||
              w.upos == "PROPN") &&
             VerbMeasure(lower_[k]).empty();
    };
    size_t first = head;
    while (first > 0) {
      if (modifier(first - 1)) {
        --first;
      } else if (first >= 2 && first < head && OneOf(lower_[first - 1], {"and", "or"}) &&
                 modifier(first - 2)) {
        first -= 2;
      } else {
        break;
      }
    }
    return Surface(first, head + 1);
  }

  // The text of tokens [a, b) as the sentence writes it.
  std::string Surface(size_t a, size_t b) const {
    const size_t base = t_[0].begin;
    const size_t from = t_[a].begin - base, to = t_[b - 1].end - base;
    if (to <= c_.sentence.size() && from <= to) return c_.sentence.substr(from, to - from);
    std::string out;
    for (size_t k = a; k < b; ++k) out += (k > a ? " " : "") + t_[k].form;
    return out;
  }

  static const PlaceMention* Nearest(const std::vector<PlaceMention>& places, size_t offset) {
    const PlaceMention* best = nullptr;
    size_t best_d = 0;
    for (const PlaceMention& p : places) {
      const size_t d = p.offset > offset ? p.offset - offset : offset - p.offset;
      if (best == nullptr || d < best_d) {
        best = &p;
        best_d = d;
      }
    }
    return best;
  }

  bool UnderSpeech(size_t k) const {
    for (size_t cur = k, steps = 0; steps <= t_.size(); ++steps) {
      if (IsSpeechVerb(Lower(t_[cur].lemma)) && t_[cur].upos == "VERB") return true;
      if (t_[cur].head == 0) return false;
      cur = t_[cur].head - 1;
    }
    return false;
  }

  // The narrowest date the sentence gives outside reported speech ("early Thursday", not
  // "said on Friday"); "" when none or no document date to resolve it against.
  std::string SentenceTime() const {
    std::string best;
    int32_t best_width = 0;
    for (size_t k = 0; k < t_.size(); ++k) {
      if (!IsTimeWord(t_[k].form) || UnderSpeech(k)) continue;
      size_t a = k;
      while (a > 0 && k - a < 2 &&
             OneOf(lower_[a - 1], {"on", "early", "late", "last", "this", "overnight", "in"})) {
        --a;
      }
      size_t b = k + 1;
      while (b < t_.size() && (IsTimeWord(t_[b].form) || t_[b].upos == "NUM")) ++b;
      std::vector<std::string> words;
      for (size_t x = a; x < b; ++x) words.push_back(t_[x].form);
      const std::string time = NormalizeTime(words, c_.published);
      k = b - 1;
      if (time.empty()) continue;
      const std::optional<CivilDate> d = ParseIsoDate(time.substr(0, time.find('/')));
      if (!d) continue;
      const int32_t width = d->day != 0 ? 1 : d->month != 0 ? 31 : 366;
      if (best.empty() || width < best_width) {
        best = time;
        best_width = width;
      }
    }
    return best;
  }

  const std::vector<AnalyzedToken>& t_;
  const SentenceContext& c_;
  std::vector<std::string> lower_;
};

}  // namespace

bool IsNationalityAdjective(std::string_view word) {
  if (!IsTitleWord(word)) return false;
  const std::string l = Lower(word);
  for (std::string_view suffix : {"ian", "ean", "ese", "ish", "ic"}) {
    if (l.size() > suffix.size() + 2 &&
        l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

std::vector<PlaceMention> LocativePlaces(std::string_view text) {
  struct Word {
    std::string text;
    size_t offset;
  };
  std::vector<Word> w;
  std::string cur;
  size_t start = 0;
  auto flush = [&] {
    if (cur.empty()) return;
    for (std::string_view s : {"'s", "\xE2\x80\x99s"}) {
      if (cur.size() > s.size() && cur.compare(cur.size() - s.size(), s.size(), s) == 0) {
        cur.resize(cur.size() - s.size());
      }
    }
    w.push_back({cur, start});
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool sentence_dot =
        c == '.' && (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])));
    if (std::isspace(c)) {
      flush();
    } else if ((c < 0x80 && std::ispunct(c) && c != '-' && c != '\'' && c != '.') || sentence_dot) {
      flush();
      w.push_back({std::string(1, static_cast<char>(c)), i});
    } else {
      if (cur.empty()) start = i;
      cur += static_cast<char>(c);
    }
  }
  flush();
  std::vector<PlaceMention> out;
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    const std::string p = Lower(w[i].text);
    if (!OneOf(p, {"in", "on", "at", "near", "outside", "around", "across", "over", "into"})) {
      continue;
    }
    size_t j = i + 1;
    if (j < w.size() && OneOf(Lower(w[j].text), {"the", "a", "an"})) ++j;
    // "the (Ukrainian) city of X", "the southern region of X"
    for (size_t k = j; k < w.size() && k < j + 3; ++k) {
      if (OneOf(Lower(w[k].text), {"city", "town", "village", "region", "capital", "suburb",
                                   "province", "district", "oblast", "port"}) &&
          k + 1 < w.size() && Lower(w[k + 1].text) == "of") {
        j = k + 2;
        break;
      }
    }
    size_t k = j;
    std::string name;
    for (; k < w.size() && IsTitleWord(w[k].text); ++k) {
      if (!name.empty()) name += ' ';
      name += w[k].text;
    }
    if (name.empty()) continue;
    if (k == j + 1 && (IsNationalityAdjective(w[j].text) || IsTimeWord(w[j].text))) continue;
    if (IsTimeWord(w[k - 1].text)) continue;
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const PlaceMention& m) { return m.name == name; });
    if (!seen) out.push_back({name, w[j].offset});
    i = k - 1;
  }
  return out;
}

void AddCasualtyFigures(const std::vector<AnalyzedToken>& tokens, const SentenceContext& context,
                        const std::string& version, std::vector<Extraction>* found) {
  if (tokens.empty()) return;
  Reader(tokens, context).Run(version, found);
}

}  // namespace kg::core::extract
