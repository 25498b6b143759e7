#include "core/model/conflicts.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "core/extract/casualties.h"
#include "core/extract/qualifiers.h"
#include "core/model/statement_key.h"
#include "core/util/text.h"

namespace kg::core {

namespace {

// The step of the scale a round number sits on (see RangeOf), 0 for a number that is not round.
double Step(double v) {
  if (v < 10 || v != std::floor(v) || std::fmod(v, 10) != 0 || v > 1e15) return 0;
  double best = 0;
  for (double p = 5; p < v; p *= 10) {  // 5, 50, 500, ... and 10, 100, 1000, ...
    if (std::fmod(v, p) == 0) best = std::max(best, p);
    if (2 * p < v && std::fmod(v, 2 * p) == 0) best = std::max(best, 2 * p);
  }
  return best;
}

// ASCII lower case of a word; other bytes unchanged.
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!cur.empty()) out.push_back(Lower(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(Lower(cur));
  return out;
}

bool OneOf(const std::string& w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// "killed" / "wounded" for a word of either family (lemmas and the participles news uses as
// nouns: "nine dead", "70 wounded"), "" otherwise.
std::string FamilyOf(const std::string& w) {
  if (OneOf(w, {"kill", "killed", "die", "died", "dead", "death", "deaths", "fatality",
                "fatalities", "slay", "slain"})) {
    return "killed";
  }
  if (OneOf(w, {"wound", "wounded", "injure", "injured", "injury", "injuries", "hurt"})) {
    return "wounded";
  }
  return "";
}

// Nouns that count people in general: a figure of "civilians" and one of "people" for the same
// attack count the same victims in news reports. "more"/"others"/"dead" come with elided nouns.
bool IsPeopleNoun(const std::string& w) {
  return OneOf(w, {"",          "people",     "person",      "persons",    "civilian",
                   "civilians", "resident",   "residents",   "other",      "others",
                   "more",      "inhabitant", "inhabitants", "individual", "individuals",
                   "victim",    "victims",    "casualty",    "casualties", "dead",
                   "wounded",   "injured",    "killed",      "one",        "ones",
                   "human",     "humans"});
}

// Units that never count casualties.
bool IsMeasureUnit(const std::string& w) {
  return OneOf(w, {"%",       "percent", "kg",    "km",   "m",     "mile",   "miles",   "hour",
                   "hours",   "day",     "days",  "year", "years", "minute", "minutes", "dollar",
                   "dollars", "euro",    "euros", "$",    "ton",   "tons",   "tonne",   "tonnes"});
}

// An EVENT whose name carries a proper name of its own ("Dunmore blast"), so that it names one
// event wherever it is mentioned; a nationality adjective does not ("Russian attack").
bool IsNamedEvent(const Node& n) {
  if (n.kind != NodeKind::kEntity || n.type != "EVENT") return false;
  size_t start = 0;
  while (start < n.name.size()) {
    size_t end = n.name.find(' ', start);
    if (end == std::string::npos) end = n.name.size();
    const std::string_view word(n.name.data() + start, end - start);
    if (!word.empty() && std::isupper(static_cast<unsigned char>(word[0])) &&
        !extract::IsNationalityAdjective(word)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

// A yyyymmdd value `days` days later (or earlier).
int32_t AddDays(int32_t ymd, long days) {
  const extract::CivilDate d = extract::CivilFromDays(
      extract::DaysFromCivil(ymd / 10000, ymd / 100 % 100, ymd % 100) + days);
  return d.year * 10000 + d.month * 100 + d.day;
}

// How many days before the document date a report of casualties without a date of its own can
// be about: news gives the toll of the last day or two.
constexpr int kReportLagDays = 2;

bool DaysMeet(const FigureClaim& a, const FigureClaim& b) {
  if (a.first_day == 0 || b.first_day == 0) return true;
  return a.first_day <= b.last_day && b.first_day <= a.last_day;
}

bool Before(const ValueRange& p, const ValueRange& q) {
  return p.hi < q.lo || (p.hi == q.lo && (p.hi_open || q.lo_open));
}

bool Meet(const ValueRange& x, const ValueRange& y) { return !Before(x, y) && !Before(y, x); }

ValueRange Intersect(const ValueRange& x, const ValueRange& y) {
  ValueRange r = x;
  if (y.lo > r.lo || (y.lo == r.lo && y.lo_open)) {
    r.lo = y.lo;
    r.lo_open = y.lo_open;
  }
  if (y.hi < r.hi || (y.hi == r.hi && y.hi_open)) {
    r.hi = y.hi;
    r.hi_open = y.hi_open;
  }
  return r;
}

bool NonEmpty(const ValueRange& r) {
  return r.lo < r.hi || (r.lo == r.hi && !r.lo_open && !r.hi_open);
}

// Union-find over claim indexes.
struct Components {
  std::vector<size_t> parent;
  explicit Components(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
};

// True when `sentence` gives `value` as one end of a range ("20-30 million", "20 to 30",
// "between 20 and 30"): a quantity holds one value, so such a figure is not compared.
bool GivenAsRange(double value, const std::string& sentence) {
  for (double scale : {1.0, 1e3, 1e6, 1e9}) {
    const double v = value / scale;
    if (v < 1 || v != std::floor(v) || v > 1e12) continue;
    const std::string n = std::to_string(static_cast<long long>(v));
    for (size_t at = sentence.find(n); at != std::string::npos; at = sentence.find(n, at + 1)) {
      const bool starts = at == 0 || !std::isdigit(static_cast<unsigned char>(sentence[at - 1]));
      const size_t end = at + n.size();
      if (!starts ||
          (end < sentence.size() && std::isdigit(static_cast<unsigned char>(sentence[end])))) {
        continue;
      }
      const std::string after = sentence.substr(end, 12);
      const std::string before = Lower(sentence.substr(at >= 8 ? at - 8 : 0, at >= 8 ? 8 : at));
      auto then_digit = [&](size_t skip) {
        return after.size() > skip && std::isdigit(static_cast<unsigned char>(after[skip]));
      };
      if ((after.rfind("-", 0) == 0 && then_digit(1)) ||
          (after.rfind("\xE2\x80\x93", 0) == 0 && then_digit(3)) ||  // en dash
          (after.rfind(" to ", 0) == 0 && then_digit(4)) || before == "between ") {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

ValueRange RangeOf(const Quantity& q) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double v = q.value;
  const double step = Step(v);
  const double above = step > 0 ? v + step : inf;
  const double below = step > 0 ? v - step : -inf;
  if (q.comparator == "<") return {below, v, false, true};
  if (q.comparator == "<=") return {below, v, false, false};
  if (q.comparator == ">") return {v, above, true, false};
  if (q.comparator == ">=") return {v, above, false, false};
  if (q.comparator == "~") {
    const double slack = std::abs(v) * 0.1;
    return {v - slack, v + slack, false, false};
  }
  return {v, v, false, false};
}

bool QuantitiesCompatible(const Quantity& a, const Quantity& b) {
  if (!a.unit.empty() && !b.unit.empty() && a.unit != b.unit) return true;
  auto lower = [](const Quantity& q) { return q.comparator == ">" || q.comparator == ">="; };
  auto upper = [](const Quantity& q) { return q.comparator == "<" || q.comparator == "<="; };
  if ((lower(a) && lower(b)) || (upper(a) && upper(b))) return true;
  return Meet(RangeOf(a), RangeOf(b));
}

bool TimesCompatible(const std::string& a, const std::string& b) {
  const DayRange x = ParseDayRange(a), y = ParseDayRange(b);
  if (x.empty() || y.empty()) return true;
  return x.first <= y.last && y.first <= x.last;
}

bool TimeConflict(const Statement& a, const Statement& b) {
  const Qualifiers& qa = a.qualifiers;
  const Qualifiers& qb = b.qualifiers;
  if (qa.negated != qb.negated || qa.quantity || qb.quantity || a.object.id != b.object.id) {
    return false;
  }
  if (qa.time.empty() || qb.time.empty() || TimesCompatible(qa.time, qb.time)) return false;
  std::set<std::string> docs;
  for (const Evidence& e : a.evidence) docs.insert(e.doc);
  for (const Evidence& e : b.evidence) {
    if (docs.count(e.doc)) return false;
  }
  return true;
}

std::optional<Measure> CasualtyMeasure(const Statement& st) {
  if (!st.qualifiers.quantity || st.qualifiers.negated) return std::nullopt;
  const Quantity& q = *st.qualifiers.quantity;
  if (q.value < 0 || q.value != std::floor(q.value)) return std::nullopt;
  const std::string unit = Lower(q.unit);
  if (IsMeasureUnit(unit)) return std::nullopt;
  // The relation decides first ("killed 12 civilians"); a light verb leaves it to the counted
  // words ("left nine dead", "the toll of the dead").
  Measure m;
  for (const std::string& w : Words(st.predicate.lemma)) {
    m.what = FamilyOf(w);
    if (!m.what.empty()) break;
  }
  std::vector<std::string> counted_words = Words(st.object.name);
  if (m.what.empty()) {
    for (const std::string& w : counted_words) {
      m.what = FamilyOf(w);
      if (!m.what.empty()) break;
    }
  }
  if (m.what.empty()) m.what = FamilyOf(unit);
  if (m.what.empty()) return std::nullopt;
  // What is counted: the quantity's noun, else the object's last word.
  std::string noun = unit;
  if (noun.empty() && !counted_words.empty()) noun = counted_words.back();
  if (IsPeopleNoun(noun) || FamilyOf(noun) != "" ||
      std::all_of(noun.begin(), noun.end(), [](unsigned char c) { return std::isdigit(c); })) {
    m.counted = "people";
  } else {
    m.counted = noun;
  }
  return m;
}

std::string PlaceKey(std::string_view name) {
  std::string folded = NormalizeName(name);
  std::string s;
  for (size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (c == ' ' || c == '-') continue;
    if (c == 'k' && i + 1 < folded.size() && folded[i + 1] == 'h') continue;  // kh → h
    s += c == 'w' ? 'v' : c;
  }
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!out.empty() && out.back() == c) continue;
    if (i > 0 && std::string_view("aeiouyj").find(c) != std::string_view::npos) continue;
    out += c;
  }
  return out;
}

std::optional<FigureClaim> ClaimOf(const Statement& st, const Evidence& evidence) {
  if (!st.qualifiers.quantity || st.qualifiers.negated) return std::nullopt;
  if (GivenAsRange(st.qualifiers.quantity->value, evidence.sentence)) return std::nullopt;
  FigureClaim c;
  if (std::optional<Measure> m = CasualtyMeasure(st)) {
    c.measure = *m;
  } else {
    c.measure = {st.predicate.lemma, st.qualifiers.quantity->unit};
  }
  c.quantity = *st.qualifiers.quantity;
  c.quantity.unit.clear();
  c.subject = st.subject.id;
  c.named = IsNamedEvent(st.subject);
  std::vector<std::string> names;
  if (st.qualifiers.location && !st.qualifiers.location->name.empty()) {
    names.push_back(st.qualifiers.location->name);
  }
  for (extract::PlaceMention& p : extract::LocativePlaces(evidence.sentence)) {
    names.push_back(std::move(p.name));
  }
  for (std::string& n : names) {
    std::string key = PlaceKey(n);
    if (!key.empty() && std::find(c.places.begin(), c.places.end(), key) == c.places.end()) {
      c.places.push_back(std::move(key));
      c.place_names.push_back(std::move(n));
    }
  }
  const DayRange own = ParseDayRange(st.qualifiers.time);
  const DayRange published = ParseDayRange(evidence.published);
  if (!own.empty()) {
    c.first_day = own.first;
    c.last_day = own.last;
    c.dated = true;
  } else if (!published.empty()) {
    c.first_day = AddDays(published.first, -kReportLagDays);
    c.last_day = published.last;
  }
  c.doc = evidence.doc;
  return c;
}

bool SameEvent(const FigureClaim& a, const FigureClaim& b) {
  if (!(a.measure == b.measure)) return false;
  bool shared = false;
  for (const std::string& p : a.places) {
    shared = shared || std::find(b.places.begin(), b.places.end(), p) != b.places.end();
  }
  const bool same_subject = !a.subject.empty() && a.subject == b.subject;
  if (same_subject && a.named) return !(a.dated && b.dated) || DaysMeet(a, b);
  if (!DaysMeet(a, b)) return false;
  if (a.measure.casualty()) return shared;
  return same_subject && (a.places.empty() || b.places.empty() || shared);
}

std::vector<FigureConflict> FigureConflicts(const std::vector<FigureClaim>& claims) {
  const size_t n = claims.size();
  Components events(n);
  // Only claims with a measure and a place or a subject in common can be one event: compare
  // within those buckets, in order of first day, and stop once the days are past meeting.
  std::map<std::string, std::vector<size_t>> buckets;
  for (size_t i = 0; i < n; ++i) {
    const std::string measure = claims[i].measure.what + '\x1f' + claims[i].measure.counted;
    for (const std::string& p : claims[i].places) buckets[measure + "\x1fp" + p].push_back(i);
    if (!claims[i].subject.empty()) {
      buckets[measure + "\x1fs" + claims[i].subject].push_back(i);
    }
  }
  for (auto& [key, bucket] : buckets) {
    std::sort(bucket.begin(), bucket.end(), [&](size_t x, size_t y) {
      return std::tie(claims[x].first_day, x) < std::tie(claims[y].first_day, y);
    });
    for (size_t a = 0; a < bucket.size(); ++a) {
      const FigureClaim& ca = claims[bucket[a]];
      for (size_t b = a + 1; b < bucket.size(); ++b) {
        const FigureClaim& cb = claims[bucket[b]];
        // Sorted by first day: once one starts after this one ends, so do the rest (a named
        // event, which may ignore days, and undated claims, first_day 0, are not cut off).
        if (ca.first_day != 0 && cb.first_day > ca.last_day && !ca.named) break;
        if (events.Find(bucket[a]) != events.Find(bucket[b]) && SameEvent(ca, cb)) {
          events.Join(bucket[a], bucket[b]);
        }
      }
    }
  }
  std::vector<std::vector<size_t>> members(n);
  for (size_t i = 0; i < n; ++i) members[events.Find(i)].push_back(i);
  std::vector<FigureConflict> out;
  for (const std::vector<size_t>& event : members) {
    if (event.size() < 2) continue;
    // Sides: in order of upper bound, each claim joins the first side whose common range it
    // meets, else opens a new one.
    std::vector<size_t> order = event;
    std::vector<ValueRange> range(n);
    for (size_t i : event) range[i] = RangeOf(claims[i].quantity);
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      return range[x].hi < range[y].hi || (range[x].hi == range[y].hi && range[x].lo < range[y].lo);
    });
    std::vector<std::vector<size_t>> sides;
    std::vector<ValueRange> common;
    for (size_t i : order) {
      bool placed = false;
      for (size_t s = 0; s < sides.size() && !placed; ++s) {
        const ValueRange r = Intersect(common[s], range[i]);
        if (NonEmpty(r)) {
          sides[s].push_back(i);
          common[s] = r;
          placed = true;
        }
      }
      if (!placed) {
        sides.push_back({i});
        common.push_back(range[i]);
      }
    }
    for (std::vector<size_t>& side : sides) std::sort(side.begin(), side.end());
    for (size_t s = 0; s < sides.size(); ++s) {
      for (size_t t = s + 1; t < sides.size(); ++t) {
        bool disagree = false;
        for (size_t i : sides[s]) {
          for (size_t j : sides[t]) {
            disagree = disagree || (claims[i].doc != claims[j].doc &&
                                    !QuantitiesCompatible(claims[i].quantity, claims[j].quantity));
          }
        }
        if (disagree) out.push_back({sides[s], sides[t]});
      }
    }
  }
  return out;
}

}  // namespace kg::core
