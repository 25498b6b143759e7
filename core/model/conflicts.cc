#include "core/model/conflicts.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace kg::core {

namespace {

bool ParseDay(const std::string& s, bool end, int32_t* out) {
  int y = 0, m = 0, d = 0;
  auto digits = [&](size_t pos, size_t n, int* v) {
    if (pos + n > s.size()) return false;
    *v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *v = *v * 10 + (s[i] - '0');
    }
    return true;
  };
  if (!digits(0, 4, &y)) return false;
  if (s.size() == 4) {
    *out = y * 10000 + (end ? 1231 : 101);
    return true;
  }
  if (s.size() < 7 || s[4] != '-' || !digits(5, 2, &m) || m < 1 || m > 12) return false;
  if (s.size() == 7) {
    *out = y * 10000 + m * 100 + (end ? 31 : 1);
    return true;
  }
  if (s.size() < 10 || s[7] != '-' || !digits(8, 2, &d) || d < 1 || d > 31) return false;
  *out = y * 10000 + m * 100 + d;  // a time of day after the date does not narrow it here
  return true;
}

struct Range {
  double lo, hi;
  bool lo_open, hi_open;
};

Range RangeOf(const Quantity& q) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double v = q.value;
  if (q.comparator == "<") return {-inf, v, false, true};
  if (q.comparator == "<=") return {-inf, v, false, false};
  if (q.comparator == ">") return {v, inf, true, false};
  if (q.comparator == ">=") return {v, inf, false, false};
  if (q.comparator == "~") {
    const double slack = std::abs(v) * 0.1;
    return {v - slack, v + slack, false, false};
  }
  return {v, v, false, false};
}

}  // namespace

bool TimeRange(const std::string& time, int32_t* first, int32_t* last) {
  const size_t slash = time.find('/');
  if (slash != std::string::npos) {
    return ParseDay(time.substr(0, slash), false, first) &&
           ParseDay(time.substr(slash + 1), true, last) && *first <= *last;
  }
  return ParseDay(time, false, first) && ParseDay(time, true, last);
}

bool QuantitiesCompatible(const Quantity& a, const Quantity& b) {
  if (!a.unit.empty() && !b.unit.empty() && a.unit != b.unit) return true;
  const Range x = RangeOf(a), y = RangeOf(b);
  // Two ranges meet unless one ends before the other begins.
  auto before = [](const Range& p, const Range& q) {
    return p.hi < q.lo || (p.hi == q.lo && (p.hi_open || q.lo_open));
  };
  return !before(x, y) && !before(y, x);
}

bool TimesCompatible(const std::string& a, const std::string& b) {
  int32_t a0, a1, b0, b1;
  if (a.empty() || b.empty() || !TimeRange(a, &a0, &a1) || !TimeRange(b, &b0, &b1)) return true;
  return a0 <= b1 && b0 <= a1;
}

ConflictKind FindConflict(const Statement& a, const Statement& b) {
  const Qualifiers& qa = a.qualifiers;
  const Qualifiers& qb = b.qualifiers;
  if (qa.negated != qb.negated) return ConflictKind::kNone;
  if (qa.quantity && qb.quantity) {
    // Figures for different times describe different moments, not a disagreement.
    if (!TimesCompatible(qa.time, qb.time)) return ConflictKind::kNone;
    return QuantitiesCompatible(*qa.quantity, *qb.quantity) ? ConflictKind::kNone
                                                            : ConflictKind::kQuantity;
  }
  if (qa.quantity || qb.quantity || a.object.id != b.object.id) return ConflictKind::kNone;
  if (qa.time.empty() || qb.time.empty() || TimesCompatible(qa.time, qb.time)) {
    return ConflictKind::kNone;
  }
  std::set<std::string> docs;
  for (const Evidence& e : a.evidence) docs.insert(e.doc);
  for (const Evidence& e : b.evidence) {
    if (docs.count(e.doc)) return ConflictKind::kNone;
  }
  return ConflictKind::kTime;
}

}  // namespace kg::core
