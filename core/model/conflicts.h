// When statements cannot all be true. Two families:
//  - figures: reported counts ("left nine dead", "killed at least 12 people") about one event
//    whose ranges cannot hold one value; news phrases one casualty figure many ways, so what is
//    counted (killed / wounded, people) and which event it belongs to (a named subject, or the
//    same place and days) are normalised before values are compared;
//  - times: one subject, relation and object dated to days that do not overlap.
// Kept apart from the query engine so that entity resolution can refine what counts as the
// same event. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/model.h"

namespace kg::core {

// The values a quantity allows, as the closed/open range [lo, hi]. = is a point; ~ is within
// 10%; < <= > >= are half-lines, except that a bound on a round number also implies the next
// step of its scale (granularity, Cummins, Sauerland & Solt 2012): "more than 70" is read as
// (70, 80], "at least 100" as [100, 150], "fewer than 50" as [40, 50), because a reporter who
// knew of 90 would have written "more than 90" or "nearly 100". A number is round when it is a
// multiple of 10; its step is the largest of 5, 10, 50, 100, 500, ... that divides it and is
// smaller than it. Bounds on other numbers ("at least 12") stay open.
struct ValueRange {
  double lo, hi;
  bool lo_open, hi_open;
};
ValueRange RangeOf(const Quantity& q);

// True when both quantities can describe one value: their ranges (RangeOf) meet. Two bounds the
// same way ("more than 60", "more than 70") always can: the step a round number implies is a
// hint to weigh against a count, not a count. Different non-empty units are never compared.
bool QuantitiesCompatible(const Quantity& a, const Quantity& b);

// True when the two times can both hold (their ranges overlap), or either is empty or unparsed.
bool TimesCompatible(const std::string& a, const std::string& b);

// Whether `a` and `b`, two statements with the same subject and predicate, disagree on time:
// neither carries a quantity (figures are compared as FigureClaims), both have the same object,
// negation and a time, the times do not overlap, and no document reports both (one article
// naming two dates speaks of two events; two articles naming different dates for one event
// disagree).
bool TimeConflict(const Statement& a, const Statement& b);

// ---- figures about events ---------------------------------------------------------------------

// What a figure counts, the same however the sentence put it.
struct Measure {
  std::string what;     // "killed" (kill, die, dead, death, fatality), "wounded" (wound, injure,
                        // hurt, injured); otherwise the predicate lemma
  std::string counted;  // "people" for people, persons, civilians, residents, others, "more",
                        // no noun at all; otherwise the counted noun's lemma ("child", "soldier")
  bool operator==(const Measure& o) const { return what == o.what && counted == o.counted; }
  bool casualty() const { return what == "killed" || what == "wounded"; }
};

// The casualty measure a statement reports, or nothing when it is not a casualty figure (no
// quantity, not a casualty relation, a non-human count, a percentage). Recognises the predicate
// families above whether the statement is active ("X killed 12 civilians"), agentless ("ten
// people were injured", kept against the event, see the extractor), "left N dead/wounded", or
// a nominal count ("the death toll rose to 14").
std::optional<Measure> CasualtyMeasure(const Statement& st);

// A key that is the same for the common romanisations of one place name (Kiev/Kyiv,
// Odessa/Odesa, Lvov/Lviv, Kharkov/Kharkiv): the folded name with doubled letters collapsed and
// the vowels and glides (a e i o u y j) after the first letter dropped, w read as v, kh as h.
// Used only together with a shared time window and measure, never to merge entities.
std::string PlaceKey(std::string_view name);

// One reported figure, ready to be compared with others.
struct FigureClaim {
  Measure measure;
  Quantity quantity;    // its unit cleared: the measure says what is counted
  std::string subject;  // the statement's subject id
  bool named = false;   // the subject names one event by itself: an EVENT with a proper name
                        // ("Dunmore blast"; "Russian attack" is not one)
  std::vector<std::string> places;       // PlaceKey of each place the claim is located at
  std::vector<std::string> place_names;  // the names as written, parallel to `places`
  int32_t first_day = 0;                 // the days it can be about (yyyymmdd), 0 when unknown
  int32_t last_day = 0;
  bool dated = false;  // the days come from the statement's own time, not the document date
  std::string doc;     // the document that reports it
};

// The claim one piece of evidence of a statement with a quantity makes (nothing without a
// quantity, when negated, or when the sentence gives the number as one end of a range, "20-30
// million", "20 to 30", "between 20 and 30", since a quantity holds one value): the measure
// (CasualtyMeasure, else the predicate lemma and the quantity's unit), the places (the location
// qualifier, then extract::LocativePlaces of the evidence sentence) and the days (the statement's
// time; else the document date and the two days before it, since news reports the toll of the last
// day or two).
std::optional<FigureClaim> ClaimOf(const Statement& st, const Evidence& evidence);

// True when two claims can be about one thing, which needs the same measure and days that can
// meet (either unknown, or the ranges overlap; a named event ignores undated ranges):
//  - casualty figures: the same named event, or else a place in common;
//  - other figures: the same subject, and a place in common when both name places.
bool SameEvent(const FigureClaim& a, const FigureClaim& b);

// Two sides of one event that disagree: indexes into the claims given to FigureConflicts.
struct FigureConflict {
  std::vector<size_t> a;  // claims whose values can all hold together
  std::vector<size_t> b;  // likewise, and at least one of them contradicts one of `a`
};

// The conflicts among `claims`: claims are joined into events (SameEvent, transitively); within
// an event their values are split into the fewest sides that each hold one common value
// (greedy interval stabbing by upper bound); two sides conflict when a claim of one and a claim
// of the other, from different documents, are not QuantitiesCompatible. An article never
// contradicts itself: two figures in one document are two counts (a part, another day).
// Sides list their claims in the order given; conflicts come by event, then side.
std::vector<FigureConflict> FigureConflicts(const std::vector<FigureClaim>& claims);

}  // namespace kg::core
