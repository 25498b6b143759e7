// The extractor's rules in one place: the name and base confidence of every rule, and the word
// lists the rules consult (speech verbs, modals, titles and roles, honorifics, nominalisations,
// location prepositions). Written for English news; edit here, not in the clause code.
// Thread-safety: immutable tables, read-only functions.
#pragma once

#include <string>
#include <string_view>

namespace kg::core::extract {

// Rule names as recorded in Evidence.rule.
inline constexpr std::string_view kRuleSvo = "svo";                 // subject–verb–object
inline constexpr std::string_view kRuleSvoObl = "svo/obl";          // verb + preposition object
inline constexpr std::string_view kRuleIntransitive = "sv";         // no object
inline constexpr std::string_view kRuleReciprocal = "sv/reciprocal";  // A and B met → A met B
inline constexpr std::string_view kRuleCopula = "copula";           // X is (the mayor of) Y
inline constexpr std::string_view kRulePassive = "passive";         // agent from obl:agent
inline constexpr std::string_view kRulePassiveNoAgent = "passive/no-agent";
inline constexpr std::string_view kRuleRelative = "relative-clause";
inline constexpr std::string_view kRuleParticiple = "participial-clause";
inline constexpr std::string_view kRuleRole = "apposition/role";    // Peskov –spokesman of→ X
inline constexpr std::string_view kRuleTitle = "title/role";        // Kremlin spokesman Peskov
inline constexpr std::string_view kRulePossessive = "possessive";  // X's Y → X has Y
inline constexpr std::string_view kRuleLocatedIn = "noun/located-in";  // the museum in X
inline constexpr std::string_view kRuleNounEvent = "noun-event";    // Russia's annexation of X
inline constexpr std::string_view kRuleSay = "attribution/say";     // X said that ...
inline constexpr std::string_view kRuleQuote = "attribution/quote"; // "...," X said
inline constexpr std::string_view kRuleAccording = "attribution/according-to";
// killed 12 (casualties.h); its prior is set by hand, not calibrated on CaRB
inline constexpr std::string_view kRuleCasualty = "casualty/figure";
inline constexpr std::string_view kRuleAscription = "attribution/as";  // called X "a hero"

// The prior confidence of a statement made by `rule` (before sentence features adjust it).
double RuleConfidence(std::string_view rule);

// Verbs that report speech or thought: their clausal complement is a claim of their subject.
bool IsSpeechVerb(std::string_view lemma);

// Verbs whose conjoined subjects act on each other ("Trump and Putin met"). Takes the lemma
// and the lower-case form (a regular past form is also tried without its ending, so a wrong
// lemma of a known verb still counts).
bool IsReciprocalVerb(std::string_view lemma, std::string_view lower_form);

// Nouns of intention or ability whose infinitive names what someone else would do ("the
// decision to buy", "an attempt to adopt"): the noun is hardly the infinitive's subject.
bool IsIntentionNoun(std::string_view lemma);

// Verbs that ascribe a quality to their object with "as" ("described the talks as
// constructive", "regards him as a traitor"): the object is what the subject says it is.
bool IsAscriptionVerb(std::string_view lemma);

// Linking verbs whose adjective or adverb complement is their argument ("became longer").
bool IsLinkingVerb(std::string_view lemma);

// The modality a modal auxiliary expresses ("could" → "could", "'ll"/"wo" → "will"), or ""
// for any other word. Lower-case input.
std::string ModalityOf(std::string_view lower_form);

// Role nouns and titles that make a role statement ("spokesman", "minister", "president").
bool IsRoleNoun(std::string_view lower);

// The country a nationality adjective names ("russian" → "Russia", "american" → "United
// States"), or "" for any other word. Lower-case input.
std::string CountryOfDemonym(std::string_view lower);

// Courtesy titles dropped from names ("Mr", "Mrs", "Dr").
bool IsHonorific(std::string_view lower);

// The verb lemma a nominalisation stands for ("annexation" → "annex"), or "" when the noun is
// not one this table knows. `intransitive` says the noun's "of" argument is its agent
// ("the resignation of X" → X resign) rather than its patient.
std::string VerbOfNoun(std::string_view lower_lemma, bool* intransitive);

// Prepositions whose proper-noun object is a place ("in", "at", "near").
bool IsLocationPreposition(std::string_view lower);

// Relative pronouns that stand for the noun a relative clause attaches to.
bool IsRelativePronoun(std::string_view lower);

}  // namespace kg::core::extract
