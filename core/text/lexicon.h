// Word lists the text pipeline consults: abbreviations, English stopwords, stopwords of the
// other languages news pages mix in, and words of page furniture. All lists are our own.
// Thread-safety: immutable tables built on first use (thread-safe static initialisation).
#pragma once

#include <string_view>

namespace kg::core::text {

// How an abbreviation that takes a period ("Mr.", "etc.") behaves at a possible sentence end.
enum class AbbreviationKind : unsigned char {
  kNone = 0,     // not an abbreviation: the period is a token of its own
  kNeverEnds,    // "Mr.", "Jan.", "e.g.": the sentence goes on after it
  kMayEnd,       // "etc.", "Inc.", "Jr.": ends a sentence when a typical sentence start follows
  kBeforeDigit,  // "No.", "p.": an abbreviation only when a number follows ("No. 5")
};

// The kind of `word` (without its period; case-sensitive: "No" but not "no").
AbbreviationKind LookupAbbreviation(std::string_view word);

// English function words (lower case ASCII): articles, pronouns, prepositions, auxiliaries,
// conjunctions, frequent adverbs. Used for stopword density and for typical sentence starts.
bool IsEnglishStopword(std::string_view lower_word);

// Languages the cleaner recognises besides English, by their own function words.
enum class Language : unsigned char { kEnglish, kItalian, kSpanish, kGerman, kFrench, kPortuguese,
                                      kDutch, kCount };
// ISO 639-1 code: "en", "it", ...
const char* LanguageCode(Language language);
// A bit set (1 << Language) of the non-English languages for which `lower_word` is a function
// word that is not also an English word. 0 when none.
unsigned ForeignStopwordLanguages(std::string_view lower_word);

// Words of page furniture rather than of articles: "subscribe", "newsletter", "login", "cookie",
// "advertisement", "share", "comment", "video"... (lower case ASCII).
bool IsInterfaceWord(std::string_view lower_word);

}  // namespace kg::core::text
