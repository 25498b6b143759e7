#include "core/text/lexicon.h"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace kg::core::text {

namespace {

using WordSet = std::unordered_set<std::string_view>;

const std::unordered_map<std::string_view, AbbreviationKind>& Abbreviations() {
  static const auto* const kMap = [] {
    auto* m = new std::unordered_map<std::string_view, AbbreviationKind>;
    // Titles and name parts: a name or number follows, so they never end a sentence.
    for (std::string_view w :
         {"Mr",   "Mrs",  "Ms",   "Dr",   "Prof", "Gen",  "Lt",   "Col",  "Sgt",   "Capt",
          "Cpl",  "Maj",  "Adm",  "Gov",  "Sen",  "Rep",  "Rev",  "Hon",  "Pres",  "Supt",
          "Cmdr", "Fr",   "St",   "Mt",   "Ft",   "Messrs", "Mmes", "Mme", "Mlle", "Sens",
          "Reps", "Govt", "Atty", "Gens", "Brig", "Lieut", "Cmdr", "Insp", "Det",  "Sgts",
          // months and weekdays as news abbreviates them before a day number
          "Jan",  "Feb",  "Apr",  "Jun",  "Jul",  "Aug",  "Sep",  "Sept", "Oct",  "Nov",
          "Dec",  "Tues", "Thur", "Thurs", "Wed", "Weds",
          // references and Latin
          "vs",   "Vs",   "v",    "cf",   "Cf",   "Fig",  "Figs", "Vol",  "Vols", "Eq",
          "approx", "Approx", "ca", "viz", "Ave", "Blvd", "Rd", "Hwy", "Mtn", "Pt",
          "Calif", "Colo", "Conn", "Fla", "Ariz", "Ark", "Mich", "Minn", "Tenn", "Okla",
          "Kan", "Kans", "Nev", "Neb", "Wis", "Wyo", "Ala", "Penn", "Md", "Mass", "Tex",
          "Ky", "Va", "Vt", "Ga", "Dept", "Univ", "Assn", "Gov't", "incl", "Incl", "esp",
          "Esp", "dept", "est", "Est", "Ph", "Sr"}) {
      (*m)[w] = AbbreviationKind::kNeverEnds;
    }
    // Often the last word of a sentence.
    for (std::string_view w : {"etc", "Inc", "Corp", "Co", "Ltd", "Jr", "Bros", "al", "Ltda",
                               "Plc", "plc", "Mfg", "Intl", "Cos", "Assoc"}) {
      (*m)[w] = AbbreviationKind::kMayEnd;
    }
    for (std::string_view w : {"No", "Nos", "no", "nos", "p", "pp", "Art", "art", "Sec", "sec",
                               "Ch", "ch", "Nr", "nr", "Op", "op"}) {
      (*m)[w] = AbbreviationKind::kBeforeDigit;
    }
    return m;
  }();
  return *kMap;
}

const WordSet& EnglishStopwords() {
  static const auto* const kSet = new WordSet{
      "a",       "about",   "above",  "across",  "after",   "again",   "against", "ago",
      "all",     "almost",  "along",  "already", "also",    "although", "always", "am",
      "among",   "an",      "and",    "another", "any",     "anyone",  "anything", "are",
      "around",  "as",      "at",     "away",    "back",    "be",      "became",  "because",
      "become",  "been",    "before", "being",   "below",   "between", "both",    "but",
      "by",      "can",     "cannot", "could",   "did",     "do",      "does",    "doing",
      "done",    "down",    "during", "each",    "either",  "else",    "enough",  "even",
      "ever",    "every",   "few",    "for",     "from",    "further", "had",     "has",
      "have",    "having",  "he",     "her",     "here",    "hers",    "herself", "him",
      "himself", "his",     "how",    "however", "i",       "if",      "in",      "into",
      "is",      "it",      "its",    "itself",  "just",    "last",    "least",   "less",
      "like",    "made",    "make",   "many",    "may",     "me",      "might",   "more",
      "most",    "much",    "must",   "my",      "myself",  "neither", "never",   "no",
      "nor",     "not",     "now",    "of",      "off",     "often",   "on",      "once",
      "one",     "only",    "onto",   "or",      "other",   "others",  "our",     "ours",
      "out",     "over",    "own",    "per",     "perhaps", "quite",   "rather",  "said",
      "same",    "say",     "says",   "several", "she",     "should",  "since",   "so",
      "some",    "something", "still", "such",   "than",    "that",    "the",     "their",
      "theirs",  "them",    "themselves", "then", "there",  "therefore", "these", "they",
      "this",    "those",   "though", "through", "thus",    "to",      "too",     "toward",
      "towards", "two",     "under",  "unless",  "until",   "up",      "upon",    "us",
      "very",    "via",     "was",    "we",      "well",    "were",    "what",    "whatever",
      "when",    "whenever", "where", "whereas", "wherever", "whether", "which",  "while",
      "who",     "whoever", "whole",  "whom",    "whose",   "why",     "will",    "with",
      "within",  "without", "would",  "yet",     "you",     "your",    "yours",   "yourself",
      "also",    "told",    "according", "amid", "despite", "next",   "three",   "first",
      "s",       "t",       "don",    "didn",    "doesn",   "isn",     "wasn",    "won",
      "ll",      "re",      "ve",     "d",       "m",       "new",     "get",     "got",
      "go",      "went",    "going",  "take",    "took",    "put",     "set",     "let"};
  return *kSet;
}

struct ForeignList {
  Language language;
  std::initializer_list<std::string_view> words;
};

const std::unordered_map<std::string_view, unsigned>& ForeignStopwords() {
  static const auto* const kMap = [] {
    auto* m = new std::unordered_map<std::string_view, unsigned>;
    // Function words of each language; words that are also English ("a", "in", "me", "con"
    // aside) are removed below so that an English paragraph never scores as foreign.
    const ForeignList lists[] = {
        {Language::kItalian,
         {"il",   "lo",    "la",    "gli",   "le",    "di",    "del",   "della", "dei",  "delle",
          "degli", "dello", "nel",  "nella", "nei",   "nelle", "al",    "alla",  "ai",   "alle",
          "dal",  "dalla", "dai",   "sul",   "sulla", "che",   "non",   "per",   "con",  "tra",
          "fra",  "una",   "uno",   "sono",  "anche", "come",  "più",   "ma",    "questo",
          "questa", "dopo", "ancora", "essere", "stato", "stata", "ha",   "hanno", "ore",  "fa",
          "ieri", "oggi",  "tutti", "perché", "quando", "loro", "suo",   "sua",   "già",  "ed",
          "ad",   "cui",   "nell", "dell",  "sull",  "all"}},
        {Language::kSpanish,
         {"el",    "los",   "las",   "del",   "una",   "unos",  "unas",  "que",  "por",  "para",
          "con",   "sin",   "sobre", "entre", "pero",  "más",   "muy",   "también", "como",
          "cuando", "donde", "hay",  "fue",   "ha",    "han",   "sus",   "su",   "se",   "lo",
          "al",    "este",  "esta",  "estos", "esas",  "ese",   "eso",   "ya",   "hoy",  "ayer",
          "según", "desde", "hasta", "tras",  "y",     "o",     "es",    "son",  "está", "están",
          "hace",  "fueron", "después", "nuevo", "nueva", "porque", "aunque"}},
        {Language::kGerman,
         {"der",  "die",   "das",   "den",   "dem",   "des",   "ein",   "eine",  "einen", "einem",
          "einer", "und",  "oder",  "aber",  "nicht", "mit",   "von",   "zu",    "zum",   "zur",
          "auf",  "für",   "ist",   "sind",  "war",   "wird",  "werden", "hat",  "haben", "auch",
          "noch", "nach",  "bei",   "aus",   "wie",   "sich",  "dass",  "nur",   "schon", "wenn",
          "über", "unter", "vor",   "seit",  "gegen", "ohne",  "heute", "mehr",  "sein",  "ihre",
          "im",   "vom",   "beim",  "ich",   "wir",   "sie",   "es"}},
        {Language::kFrench,
         {"le",   "la",    "les",   "des",   "du",    "un",    "une",   "et",    "est",   "sont",
          "dans", "pour",  "par",   "sur",   "avec",  "sans",  "mais",  "qui",   "que",   "ne",
          "pas",  "plus",  "ce",    "cette", "ces",   "il",    "elle",  "ils",   "elles", "nous",
          "vous", "leur",  "leurs", "son",   "sa",    "ses",   "au",    "aux",   "été",   "être",
          "avait", "après", "depuis", "entre", "selon", "aussi", "très", "où",   "dont",  "lors",
          "d'un", "d'une", "qu'il", "c'est", "l'on"}},
        {Language::kPortuguese,
         {"os",   "as",    "do",    "da",    "dos",   "das",   "um",    "uma",   "que",  "não",
          "para", "com",   "por",   "mais",  "mas",   "foi",   "são",   "está",  "pelo", "pela",
          "ao",   "aos",   "nos",   "nas",   "num",   "numa",  "seu",   "sua",   "também", "quando",
          "já",   "ainda", "depois", "entre", "sobre", "muito", "ele",  "ela",   "eles",  "isso"}},
        {Language::kDutch,
         {"de",   "het",   "een",   "en",    "van",   "op",    "te",    "dat",   "die",  "niet",
          "met",  "voor",  "zijn",  "er",    "maar",  "om",    "ook",   "als",   "bij",  "nog",
          "naar", "uit",   "wordt", "werd",  "heeft", "hebben", "worden", "deze", "dit", "tot"}},
    };
    for (const ForeignList& list : lists) {
      for (std::string_view w : list.words) {
        if (EnglishStopwords().count(w) != 0) continue;
        if (w == "a" || w == "in" || w == "me" || w == "do" || w == "as" || w == "die" ||
            w == "son" || w == "over" || w == "hat" || w == "war" || w == "op" || w == "den" ||
            w == "dem" || w == "tot" || w == "sin" || w == "sea" || w == "le" || w == "fa" ||
            w == "ore" || w == "es" || w == "o" || w == "y" || w == "al" || w == "la" ||
            w == "ha" || w == "lo" || w == "ad" || w == "ed" || w == "et" || w == "ne" ||
            w == "er" || w == "te" || w == "om" || w == "sa" || w == "ce" || w == "tra") {
          continue;  // also common in English news (names, Latin, "die", "war", "la")
        }
        (*m)[w] |= 1u << static_cast<unsigned>(list.language);
      }
    }
    return m;
  }();
  return *kMap;
}

const WordSet& InterfaceWords() {
  static const auto* const kSet = new WordSet{
      "advertisement", "advertising", "sponsored",  "promoted",   "subscribe",  "subscribers",
      "subscription",  "newsletter",  "newsletters", "login",     "logout",     "signup",
      "password",      "username",    "cookie",     "cookies",    "privacy",    "copyright",
      "reserved",      "share",       "shares",     "tweet",      "facebook",   "twitter",
      "instagram",     "whatsapp",    "linkedin",   "pinterest",  "youtube",    "telegram",
      "email",         "e-mail",      "comment",    "comments",   "reply",      "replies",
      "menu",          "homepage",    "home",       "search",     "video",      "videos",
      "play",          "playing",     "playback",   "replay",     "duration",   "watch",
      "gallery",       "photo",       "photos",     "podcast",    "podcasts",   "weather",
      "forecast",      "humidity",    "click",      "tap",        "download",   "app",
      "more",          "latest",      "trending",   "popular",    "related",    "recommended",
      "previous",      "next",        "back",       "top",        "follow",     "contact",
      "terms",         "policy",      "accessibility", "sitemap", "skip",       "content",
      "loading",       "required",    "fields",     "submit",     "post",       "cancel",
      "notify",        "log",         "sign",       "register",   "account",    "premium",
      "offer",         "deal",        "deals",      "sale",       "buy",        "shop",
      "free",          "trial",       "ad",         "ads",        "print",      "edition",
      "rss",           "feed",        "read",       "minutes",    "min",        "mins",
      "updated",       "ago",         "views",      "likes",      "followers",  "fullscreen",
      "mute",          "unmute",      "volume",     "autoplay",   "close",      "open",
      "cart",          "checkout",    "coupon",     "discount",   "unsubscribe", "inbox"};
  return *kSet;
}

}  // namespace

AbbreviationKind LookupAbbreviation(std::string_view word) {
  const auto& m = Abbreviations();
  auto it = m.find(word);
  return it == m.end() ? AbbreviationKind::kNone : it->second;
}

bool IsEnglishStopword(std::string_view lower_word) {
  return EnglishStopwords().count(lower_word) != 0;
}

const char* LanguageCode(Language language) {
  switch (language) {
    case Language::kEnglish:
      return "en";
    case Language::kItalian:
      return "it";
    case Language::kSpanish:
      return "es";
    case Language::kGerman:
      return "de";
    case Language::kFrench:
      return "fr";
    case Language::kPortuguese:
      return "pt";
    case Language::kDutch:
      return "nl";
    case Language::kCount:
      break;
  }
  return "??";
}

unsigned ForeignStopwordLanguages(std::string_view lower_word) {
  const auto& m = ForeignStopwords();
  auto it = m.find(lower_word);
  return it == m.end() ? 0 : it->second;
}

bool IsInterfaceWord(std::string_view lower_word) { return InterfaceWords().count(lower_word) != 0; }

}  // namespace kg::core::text
