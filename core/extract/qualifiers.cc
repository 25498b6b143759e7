#include "core/extract/qualifiers.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace kg::core::extract {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 12> kMonthAbbrevs = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec"};
// Monday first, as ISO 8601 numbers weekdays.
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

int MonthOf(const std::string& lower) {
  std::string w = lower;
  if (!w.empty() && w.back() == '.') w.pop_back();
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (w == kMonths[i] || w == kMonthAbbrevs[i] || (i == 8 && w == "sep")) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

int WeekdayOf(const std::string& lower) {
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (lower == kWeekdays[i]) return static_cast<int>(i);
  }
  return -1;
}

std::string Format(const CivilDate& d) {
  char buf[32];
  if (d.month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", d.year);
  } else if (d.day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buf;
}

bool IsYear(const std::string& w) {
  if (w.size() != 4 || !AllDigits(w)) return false;
  const int y = std::atoi(w.c_str());
  return y >= 1800 && y <= 2199;
}

// "11", "11th", "1st" as a day of the month; 0 when not one.
int DayOf(const std::string& w) {
  std::string digits;
  for (char c : w) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    digits += c;
  }
  if (digits.empty() || digits.size() > 2) return 0;
  const std::string rest = w.substr(digits.size());
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return 0;
  const int d = std::atoi(digits.c_str());
  return d >= 1 && d <= 31 ? d : 0;
}

const std::array<std::pair<std::string_view, int>, 28> kNumberWords = {{
    {"zero", 0},      {"one", 1},        {"two", 2},       {"three", 3},     {"four", 4},
    {"five", 5},      {"six", 6},        {"seven", 7},     {"eight", 8},     {"nine", 9},
    {"ten", 10},      {"eleven", 11},    {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20},   {"thirty", 30},    {"forty", 40},    {"fifty", 50},    {"sixty", 60},
    {"seventy", 70},  {"eighty", 80},    {"ninety", 90},
}};

std::optional<double> SmallNumberWord(const std::string& lower) {
  for (const auto& [w, v] : kNumberWords) {
    if (lower == w) return v;
  }
  if (lower == "a" || lower == "an") return 1;
  if (lower == "dozen") return 12;
  const size_t dash = lower.find('-');
  if (dash != std::string::npos) {  // "twenty-one"
    auto tens = SmallNumberWord(lower.substr(0, dash));
    auto ones = SmallNumberWord(lower.substr(dash + 1));
    if (tens && ones && *tens >= 20 && *ones < 10) return *tens + *ones;
  }
  return std::nullopt;
}

double Multiplier(const std::string& lower) {
  if (lower == "hundred") return 1e2;
  if (lower == "thousand") return 1e3;
  if (lower == "million" || lower == "mln" || lower == "m") return 1e6;
  if (lower == "billion" || lower == "bn") return 1e9;
  if (lower == "trillion") return 1e12;
  return 0;
}

// "1,200" / "4.5" / "250kg" / "20%": the value and any letters or % after the digits.
std::optional<double> DigitsNumber(const std::string& w, std::string* unit) {
  std::string digits;
  size_t i = 0;
  for (; i < w.size(); ++i) {
    const char c = w[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      digits += c;
    } else if (c == ',' && !digits.empty()) {
      continue;
    } else {
      break;
    }
  }
  if (digits.empty() || !std::isdigit(static_cast<unsigned char>(digits[0]))) return std::nullopt;
  const std::string rest = w.substr(i);
  for (char c : rest) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '%') return std::nullopt;
  }
  if (unit != nullptr) *unit = rest;
  return std::strtod(digits.c_str(), nullptr);
}

}  // namespace

long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

std::optional<CivilDate> ParseIsoDate(const std::string& text) {
  CivilDate d;
  if (text.size() < 4 || !AllDigits(text.substr(0, 4))) return std::nullopt;
  d.year = std::atoi(text.substr(0, 4).c_str());
  if (text.size() >= 7 && text[4] == '-' && AllDigits(text.substr(5, 2))) {
    d.month = std::atoi(text.substr(5, 2).c_str());
    if (d.month < 1 || d.month > 12) return std::nullopt;
    if (text.size() >= 10 && text[7] == '-' && AllDigits(text.substr(8, 2))) {
      d.day = std::atoi(text.substr(8, 2).c_str());
      if (d.day < 1 || d.day > 31) return std::nullopt;
    }
  } else if (text.size() != 4) {
    return std::nullopt;
  }
  return d;
}

bool IsTimeWord(const std::string& word) {
  const std::string w = Lower(word);
  if (MonthOf(w) != 0 && w != "may" && w != "mar") return true;
  if (WeekdayOf(w) >= 0 || IsYear(w)) return true;
  static constexpr std::array<std::string_view, 14> kWords = {
      "yesterday", "today",  "tomorrow", "tonight", "year",    "month",   "week",
      "weekend",   "decade", "morning",  "evening", "afternoon", "night", "day"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return ParseIsoDate(w).has_value() && w.size() == 10;
}

std::string NormalizeTime(const std::vector<std::string>& words, const std::string& published,
                          bool future) {
  std::vector<std::string> w;
  for (const std::string& x : words) {
    if (x == "," || x == "the" || x == "The" || x == "of") continue;
    w.push_back(Lower(x));
  }
  if (w.empty()) return "";
  bool since = false;
  bool last = false;
  bool next = false;
  bool this_ = false;
  bool part_of_day = false;
  std::vector<std::string> core;
  for (const std::string& x : w) {
    if (x == "morning" || x == "afternoon" || x == "evening" || x == "night") {
      part_of_day = true;  // "on Friday morning" is that Friday
    } else if (x == "since") {
      since = true;
    } else if (x == "last" || x == "past" || x == "previous") {
      last = true;
    } else if (x == "next" || x == "coming") {
      next = true;
    } else if (x == "this") {
      this_ = true;
    } else if (x == "on" || x == "in" || x == "at" || x == "during" || x == "by" ||
               x == "early" || x == "late" || x == "mid" || x == "mid-" || x == "until" ||
               x == "from" || x == "before" || x == "after") {
      // Prepositions and vague positions keep the unit they modify ("in early April" = April).
      if (x == "before" || x == "after" || x == "until") return "";
    } else {
      core.push_back(x);
    }
  }
  const std::optional<CivilDate> doc = ParseIsoDate(published);
  if (core.empty()) {
    // "this morning", "last night": the document's day or the one before.
    if (!part_of_day || !doc || doc->day == 0 || !(this_ || last)) return "";
    const long today = DaysFromCivil(doc->year, doc->month, doc->day);
    return Format(CivilFromDays(last ? today - 1 : today));
  }
  // "since X" runs from X to the document's date (the store takes closed intervals only);
  // without a date it has no end to give, and the phrase gives no time.
  const auto wrap = [since, &doc](const std::string& t) {
    if (!since || t.empty()) return t;
    if (!doc || doc->month == 0 || doc->day == 0) return std::string();
    const std::string end = Format(*doc);
    return end < t ? t : t + "/" + end;
  };

  // Absolute forms: ISO date, "April 11 2025", "11 April 2025", "April 2025", "2014".
  if (core.size() == 1 && core[0].size() == 10) {
    if (auto d = ParseIsoDate(core[0]); d && d->day != 0) return wrap(Format(*d));
  }
  int month = 0, day = 0, year = 0, weekday = -1;
  bool unknown = false;
  for (const std::string& x : core) {
    if (int m = MonthOf(x); m != 0 && month == 0) {
      month = m;
    } else if (int wd = WeekdayOf(x); wd >= 0) {
      weekday = wd;
    } else if (IsYear(x)) {
      year = std::atoi(x.c_str());
    } else if (int d = DayOf(x); d != 0 && day == 0) {
      day = d;
    } else if (x == "yesterday" || x == "today" || x == "tomorrow" || x == "tonight" ||
               x == "year" || x == "month" || x == "week") {
      continue;
    } else {
      unknown = true;
    }
  }
  if (unknown) return "";
  if (month != 0) {
    if (year == 0) {
      if (!doc) return "";
      year = doc->year;
      // A bare month names the nearest one in the direction the clause points.
      if (doc->month != 0) {
        if (!future && (month > doc->month || (last && month == doc->month))) --year;
        if (future && month < doc->month) ++year;
      }
    }
    return wrap(Format({year, month, day}));
  }
  if (year != 0) return core.size() == 1 ? wrap(Format({year, 0, 0})) : "";
  if (!doc || doc->month == 0) {
    // Only the year-relative forms work with a bare year.
    if (doc && core.size() == 1 && core[0] == "year") {
      if (last) return wrap(Format({doc->year - 1, 0, 0}));
      if (next) return wrap(Format({doc->year + 1, 0, 0}));
      if (this_) return wrap(Format({doc->year, 0, 0}));
    }
    return "";
  }
  if (core.size() != 1) return "";
  const std::string& x = core[0];
  const int doc_day = doc->day == 0 ? 1 : doc->day;
  const long today = DaysFromCivil(doc->year, doc->month, doc_day);
  if (weekday >= 0) {
    if (doc->day == 0) return "";
    // 1970-01-01 was a Thursday (ISO weekday index 3).
    const int today_wd = static_cast<int>(((today % 7) + 7 + 3) % 7);
    long target;
    if (future || next) {
      int ahead = (weekday - today_wd + 7) % 7;
      if (ahead == 0 && next) ahead = 7;
      target = today + ahead;
    } else {
      int back = (today_wd - weekday + 7) % 7;
      if (back == 0 && last) back = 7;
      target = today - back;
    }
    return wrap(Format(CivilFromDays(target)));
  }
  if (x == "yesterday" || x == "today" || x == "tomorrow" || x == "tonight") {
    if (doc->day == 0) return "";
    const long delta = x == "yesterday" ? -1 : x == "tomorrow" ? 1 : 0;
    return wrap(Format(CivilFromDays(today + delta)));
  }
  if (x == "year") {
    if (last) return wrap(Format({doc->year - 1, 0, 0}));
    if (next) return wrap(Format({doc->year + 1, 0, 0}));
    if (this_) return wrap(Format({doc->year, 0, 0}));
  }
  if (x == "month") {
    int y = doc->year, m = doc->month;
    if (last) --m;
    if (next) ++m;
    if (!last && !next && !this_) return "";
    if (m == 0) m = 12, --y;
    if (m == 13) m = 1, ++y;
    return wrap(Format({y, m, 0}));
  }
  return "";
}

std::optional<double> ParseNumber(const std::vector<std::string>& words, std::string* glued_unit) {
  if (glued_unit != nullptr) glued_unit->clear();
  double total = 0;
  double current = 0;
  bool any = false;
  for (const std::string& raw : words) {
    const std::string w = Lower(raw);
    if (w == "and" || w == "-") continue;
    std::string unit;
    if (auto d = DigitsNumber(w, &unit)) {
      current += *d;
      any = true;
      if (!unit.empty() && glued_unit != nullptr) {
        // "3m" / "2bn" are multipliers; "250kg", "20%" are units.
        if (double mult = Multiplier(unit); mult != 0) {
          current *= mult;
        } else {
          *glued_unit = unit;
        }
      }
    } else if (w == "dozen" && any && current != 0) {  // "two dozen" is 24, not 2 + 12
      current *= 12;
    } else if (auto s = SmallNumberWord(w)) {
      current += *s;
      any = true;
    } else if (double mult = Multiplier(w); mult != 0 && any) {
      if (mult == 100) {
        current *= mult;
      } else {
        total += (current == 0 ? 1 : current) * mult;
        current = 0;
      }
    } else if (w == "dozens" || w == "hundreds" || w == "thousands") {
      if (!any) current = w == "dozens" ? 24 : w == "hundreds" ? 200 : 2000;
      any = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  return total + current;
}

std::string ComparatorOf(const std::vector<std::string>& words_before) {
  std::string joined;
  for (const std::string& w : words_before) {
    if (!joined.empty()) joined += ' ';
    joined += Lower(w);
  }
  const auto ends = [&joined](std::string_view tail) {
    return joined.size() >= tail.size() &&
           joined.compare(joined.size() - tail.size(), tail.size(), tail) == 0 &&
           (joined.size() == tail.size() || joined[joined.size() - tail.size() - 1] == ' ');
  };
  if (ends("at least") || ends("no fewer than") || ends("no less than") || ends("minimum of")) {
    return ">=";
  }
  if (ends("at most") || ends("up to") || ends("no more than")) return "<=";
  if (ends("more than") || ends("over") || ends("above") || ends("greater than") ||
      ends("upwards of")) {
    return ">";
  }
  if (ends("less than") || ends("fewer than") || ends("under") || ends("below")) return "<";
  if (ends("about") || ends("around") || ends("nearly") || ends("almost") ||
      ends("approximately") || ends("roughly") || ends("some") ||
      ends("an estimated") || ends("estimated") || ends("close to")) {
    return "~";
  }
  return "=";
}

}  // namespace kg::core::extract
