// Casualty figures: the counts of killed and wounded that news reports in a handful of fixed
// shapes, read from the words of a sentence rather than its tree, because the parser often
// misattaches them ("wounded" tagged as an adjective, "more than 70 wounded" as an oblique):
//   active      "the strike killed 12 civilians and wounded 90 more", "killing at least 12"
//   light verb  "the raid left nine dead and more than 70 wounded"
//   passive     "three people were killed", "eight more were wounded", "ten civilians were
//               injured", "Three people, including a child, were killed", "two people died"
// Each figure becomes `event –kill|wound→ "figure"` (rule casualty/figure) with the quantity
// (value, comparator from "at least"/"more than"/..., the counted noun as unit), the place the
// sentence names nearest to it and the sentence's own date when it has one. The event is the
// nearest event or weapon noun phrase ("overnight Russian raid", "Russian drones"); a figure
// without one is left to the clause rules. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/extract.h"

namespace kg::core::extract {

// A place name a sentence gives after a locative preposition, and its byte offset.
struct PlaceMention {
  std::string name;
  size_t offset = 0;
};

// A capitalised word with the ending of a nationality adjective ("Russian", "Ukrainian",
// "European", "Chinese", "British", "Baltic"): not a place or event name on its own.
bool IsNationalityAdjective(std::string_view word);

// The capitalised names a text places something at: after "in", "on", "at", "near", "outside",
// "around", "across", "over", "into" (with "the", "a" and "the (Ukrainian) city|town|village|
// region|capital|suburb|province|district|oblast|port of" skipped). A
// possessive "'s" is dropped; weekdays, months and nationality adjectives ("in Russian
// attacks") are not places. In order of appearance, without repeated names.
std::vector<PlaceMention> LocativePlaces(std::string_view text);

// Appends the casualty figures of one analysed sentence to `*found` (the sentence's
// extractions so far) and removes the clause readings of the same numbers: an extraction of
// this sentence whose quantity has the value of a figure found here. A figure takes the
// attribution, negation and modality of the first such reading (the clause rules know who said
// it: "the governor said that the strike killed 5"). `version` is recorded in
// the evidence. Tokens must carry form, upos, xpos, lemma, head and deprel; their begin/end are
// offsets into the caller's text whose first token starts `context.sentence`.
void AddCasualtyFigures(const std::vector<AnalyzedToken>& tokens, const SentenceContext& context,
                        const std::string& version, std::vector<Extraction>* found);

}  // namespace kg::core::extract
