// When two statements about the same subject and relation cannot both be true: quantities whose
// ranges do not meet ("9 killed" vs "at least 12 killed"; "12" vs "at least 12" is fine) and
// times that do not overlap. Kept apart from the query engine so that entity resolution can
// refine what counts as compatible. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "kg/model.h"

namespace kg::core {

// The closed range of days [first, last] (yyyymmdd) an ISO 8601 time covers: "2025" is the
// whole year, "2025-03" the month, "2025-03-13" the day, "2025-03-01/2025-03-20" the interval.
// False when `time` is none of these.
bool TimeRange(const std::string& time, int32_t* first, int32_t* last);

// True when both quantities can describe one value: their ranges (= is a point, < <= > >= are
// half-lines, ~ is within 10%) meet. Different non-empty units are never compared (true).
bool QuantitiesCompatible(const Quantity& a, const Quantity& b);

// True when the two times can both hold (their ranges overlap), or either is empty or unparsed.
bool TimesCompatible(const std::string& a, const std::string& b);

enum class ConflictKind { kNone, kQuantity, kTime };

// Whether `a` and `b`, two statements with the same subject and predicate, disagree:
//  - kQuantity: both carry quantities (same unit) that are not compatible;
//  - kTime: neither carries a quantity, both have the same object and a time, the times do not
//    overlap, and no document reports both (one article naming two dates speaks of two
//    events, two articles naming different dates for one event disagree).
ConflictKind FindConflict(const Statement& a, const Statement& b);

}  // namespace kg::core
