// The small word lists that type mentions and constrain coreference: organisation, place and
// event cue words, institutions named by their seat ("the Kremlin"), nouns that denote a person
// (which block a pronoun from reaching further back), gendered titles, and pronouns.
// Written for English news; edit here, not in the resolution code.
// Thread-safety: immutable tables, pure functions. Every argument is lower case.
#pragma once

#include <string_view>

namespace kg::core::resolve {

// The last word of an organisation's name: "Foreign Ministry", "Tass agency", "Labour Party".
bool IsOrgCueWord(std::string_view lower);

// Institutions news names by their seat or nickname, which are organisations and not places or
// people: "kremlin", "white house", "pentagon", "nato". `folded` is a core::NormalizeName form.
bool IsInstitution(std::string_view folded);

// The last word of a place's name: "Dnipropetrovsk region", "Vnukovo airport", "Red Square".
bool IsPlaceCueWord(std::string_view lower);

// The first word of a place's name: "St. Petersburg", "Fort Worth", "Mount Elbrus".
bool IsPlacePrefix(std::string_view lower);

// Lower-case particles inside personal names: "bin" in "Mohammed bin Salman", "von", "de".
bool IsNameParticle(std::string_view lower);

// The last word of an event's name: "Munich Security Conference", "Winter Olympics".
bool IsEventCueWord(std::string_view lower);

// Nouns that denote one person without naming them ("the man", "a soldier"). A he/she pronoun
// whose nearest candidate is one of these refers to that person, not to a named entity.
bool IsPersonNoun(std::string_view lower);

// Role nouns whose "of" organisation is a place: "mayor of Kiev", "governor of Kherson".
bool IsPlaceRole(std::string_view lower);

// The gender a title or gendered role noun gives its bearer: 'm' ("mr", "spokesman", "king"),
// 'f' ("mrs", "ms", "spokeswoman", "queen"), or 0.
char GenderOfTitle(std::string_view lower);

// The gender a common first name usually has ("Maria" → 'f', "Sergei" → 'm'), or 0 for a
// name this short list does not know or that is given to both. `lower` is folded.
char GenderOfFirstName(std::string_view lower);

// The gender a surname's ending gives in Slavic languages, where a woman's surname takes a
// feminine ending ("Zakharova"; "Tymoshenko" has none): 'f' for -ova, -eva, -skaya, 0
// otherwise (the masculine endings are no evidence: a woman may be written "Petrov").
char GenderOfSurname(std::string_view lower);

// Third-person pronouns that coreference resolves. `gender` is 'm', 'f' or 0 (they/them),
// `plural` is set for they/them/their. False for any other word (it, we, I, this ...).
bool IsResolvablePronoun(std::string_view lower, char* gender, bool* plural);

// Titles the extractor's role-noun list leaves out: abbreviated ranks and offices ("Gen.",
// "Gov.", "Rep.", "Sen.", "Lt."), and a few more offices ("officer", "executive").
bool IsExtraTitle(std::string_view lower);

// Modifiers that belong to a title rather than to a name: "Foreign" in "Foreign Minister",
// "Deputy", "Prime", "Special".
bool IsRoleModifier(std::string_view lower);

// Modifiers that say when a role was or will be held ("former", "acting", "outgoing"): a subset
// of the role modifiers that never starts an organisation's name.
bool IsTenureModifier(std::string_view lower);

// Lemmas of nouns a company's name qualifies ("Brantco shares", "Brantco stores", "users").
bool IsCompanyNoun(std::string_view lemma);

// Lemmas of nouns that say what kind of business the name after them is ("the retailer X",
// "Internet portal X").
bool IsBusinessNoun(std::string_view lemma);

// Lemmas of verbs whose subject "it" is usually a thing, not its speaker ("it showed", "it
// means", "it seems").
bool IsThingSubjectVerb(std::string_view lemma);

}  // namespace kg::core::resolve
