// Normalisers for the qualifiers the extractor attaches: time expressions to ISO 8601 against a
// document date, and numbers (words or digits, with their comparator and unit) to kg::Quantity.
// Thread-safety: pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kg/model.h"

namespace kg::core::extract {

// A calendar date; month or day 0 when the text does not give it.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
// REQUIRES: a valid month and day.
long DaysFromCivil(int y, int m, int d);
CivilDate CivilFromDays(long days);

// Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (a longer timestamp is cut to its date). Empty when
// the text is none of these.
std::optional<CivilDate> ParseIsoDate(const std::string& text);

// Normalises the words of a time phrase ("on", "Thursday"; "in", "early", "April"; "since",
// "last", "February"; "April", "11", ",", "2025"; "2014"; "yesterday") to ISO 8601: a date
// "2025-04-24", a month "2025-04", a year "2014", or an interval "2025-02/2025-04-25" for
// "since ...". `published` is the document date the relative ones are resolved against; when it
// is empty they give "". `future` prefers the next weekday/month over the last one (a clause
// with "will"). Returns "" when the words are not a time expression this understands.
std::string NormalizeTime(const std::vector<std::string>& words, const std::string& published,
                          bool future = false);

// True when `word` (any case) is a word that heads or marks a time expression: a weekday, a
// month, "yesterday", "year", a plausible year number, ...
bool IsTimeWord(const std::string& word);

// Parses a number written in digits ("1,200", "4.5", "250kg", "20%") or words ("nine",
// "twenty-one", "two hundred", "3 million"). Returns the value and moves any unit glued to the
// digits ("kg", "%") into `*glued_unit` when it is not null.
std::optional<double> ParseNumber(const std::vector<std::string>& words,
                                  std::string* glued_unit = nullptr);

// The comparator the words before a number give: "at least" → ">=", "more than"/"over" → ">",
// "at most"/"up to" → "<=", "less than"/"fewer than"/"under" → "<", "about"/"nearly"/... → "~",
// otherwise "=".
std::string ComparatorOf(const std::vector<std::string>& words_before);

}  // namespace kg::core::extract
