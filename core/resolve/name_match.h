// Transliteration-aware comparison of entity names across documents.
//
// Russian and Ukrainian names reach English news in several romanisations: German renders
// в as w, ш as sch, ч as tsch, ж as sch, з as s, ц as z, й and я/ю/е as j (Peskow, Uschakow,
// Selenskyj, Juri); English uses v, sh, ch, zh, z, ts, y/i (Peskov, Ushakov, Zelenskyy, Yuri);
// Ukrainian forms differ from Russian ones by i for o/e in closed syllables (Kyiv/Kiev,
// Kharkiv/Kharkov, Lviv/Lvov) and h for g (Luhansk/Lugansk); the adjective ending -ий is
// written -iy, -yy, -yi, -y or -i. A token is turned into a canonical form that removes these
// differences: consonants become classes (v/w → V; s, z, ss, sh, zh, sch, shch, ts, tz → S;
// ch, tch, tsch → C; h, kh → H; k, c, ck, q → K; g stays G; G and C may stand for H at a cost),
// y and j are the vowel i, repeated letters collapse, and each run of vowels becomes one
// nucleus. Two tokens are variants when their consonant classes line up one for one and each
// pair of nuclei is compatible (equal; the i family ie, ei, ii, i; iotated and plain vowels
// ja/a; ё as yo or e; the Ukrainian i for o/e in the last, closed syllable), at a total cost of
// at most 0.6, and both have four letters or more unless only the spelling differs. A nucleus
// is never inserted or dropped, so Vladimir (three nuclei) and Volodymyr (four) stay apart
// although their consonants agree.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::core::resolve {

// One token in canonical form: alternating consonant classes (upper case) and vowel nuclei
// (lower case, separated by '|' so that nucleus boundaries survive), e.g. "Peskow" → "P|e|SK|o|V".
std::string CanonicalToken(std::string_view folded_token);

// The blocking key of a token: its consonant classes with G, C and H merged and one '.' per
// nucleus ("Kyiv" → "K.V", "Kiev" → "K.V"). Variants always share it.
std::string TokenKey(std::string_view folded_token);

// How two tokens compare. kExact: the same folded spelling; kVariant: the same name in another
// romanisation (`cost` > 0 says how far: 0.1 for spelling-only differences such as w/v, more
// for vowel changes); kInitial: one is a single letter that starts the other; kNone otherwise.
struct TokenMatch {
  enum Kind { kNone = 0, kInitial, kVariant, kExact };
  Kind kind = kNone;
  double cost = 0;
};
TokenMatch CompareTokens(std::string_view a, std::string_view b);

// Whether a surface name may be matched by anything but its exact spelling: it starts with a
// capital (or a letter outside ASCII) and has no acronym (a word of two or more capitals:
// "NYSE" is not a romanisation of "nose").
bool LooksLikeProperName(std::string_view surface);

// The bare name inside a folded place name that carries a generic head naming the place
// itself: "vnukovo airport" → "vnukovo", "the crimean peninsula" → "crimea" (an adjective in
// -ean/-ian names the place in -ea/-ia), "wrangel island" → "wrangel"; "" when there is no such
// head. Heads of administrative units ("region", "oblast", "province") are not stripped: the
// Kharkiv region is not the city of Kharkiv.
std::string PlaceNameCore(std::string_view folded);

// The space-separated tokens of a folded name, as views into it.
std::vector<std::string_view> SplitFolded(std::string_view folded);

// A name split for matching: folded (core::NormalizeName) tokens, leading articles and
// possessive forms removed.
std::vector<std::string> NameTokens(std::string_view name);

// How well two names denote the same entity, judged on the names alone.
struct NameMatch {
  enum Kind {
    kNone = 0,
    kSurname,          // one name is a (person's) surname alone and matches the other's
    kSurnameVariant,   // the same, in another romanisation
    kInitial,          // "S. Lavrov" against "Sergei Lavrov"
    kVariant,          // every token matches, at least one as a romanisation variant
    kExact,            // the same folded name
  };
  Kind kind = kNone;
  double score = 0;     // 0..1: kExact 1, kVariant 0.9 - cost, kInitial 0.8, kSurname 0.7,
                        // kSurnameVariant 0.6
  std::string detail;   // the tokens that matched as variants: "peskow ~ peskov"
};

// Compares a mention's name with a known entity's name. With `person`, names align as first
// name(s) … surname: the surnames must match, first names must match too when both are given
// (a first-name variant alone never joins two people with different surnames), middle names
// are ignored, and a surname alone matches a full name (kSurname). Otherwise every token must
// match in order.
NameMatch CompareNames(const std::vector<std::string_view>& a,
                       const std::vector<std::string_view>& b, bool person);
NameMatch CompareNames(const std::vector<std::string>& a, const std::vector<std::string>& b,
                       bool person);

}  // namespace kg::core::resolve
