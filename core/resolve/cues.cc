#include "core/resolve/cues.h"

#include <iterator>
#include <unordered_set>

namespace kg::core::resolve {

namespace {

// A word list as a hash set, built once per list (thread-safe static initialisation at the
// call site): mention finding asks these lists about every word of every sentence.
class WordSet {
 public:
  template <size_t N>
  explicit WordSet(const std::string_view (&list)[N]) : words_(std::begin(list), std::end(list)) {}
  bool Has(std::string_view w) const { return words_.count(w) > 0; }

 private:
  std::unordered_set<std::string_view> words_;
};

}  // namespace

bool IsOrgCueWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "ministry",     "council",     "agency",      "party",          "army",        "government",
      "parliament",   "committee",   "commission",  "union",          "company",     "corporation",
      "corp",         "group",       "forces",      "navy",           "institute",   "university",
      "court",        "fund",        "service",     "administration", "office",      "organisation",
      "organization", "alliance",    "network",     "channel",        "television",  "tv",
      "radio",        "press",       "guard",       "police",         "department",  "bureau",
      "authority",    "assembly",    "senate",      "congress",       "cabinet",     "coalition",
      "movement",     "brigade",     "battalion",   "regiment",       "command",     "inc",
      "ltd",          "plc",         "airlines",    "foundation",     "association", "league",
      "nations",      "newspaper",   "magazine",    "times",          "post",        "herald",
      "gazette",      "tribune",     "journal",     "daily",          "news",        "broadcaster",
      "federation",   "secretariat", "directorate", "staff",          "club",        "force",
      "league",       "society",     "airways",     "holdings",       "systems"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsInstitution(std::string_view folded) {
  static constexpr std::string_view kNames[] = {"kremlin",
                                                "white house",
                                                "pentagon",
                                                "downing street",
                                                "elysee",
                                                "elysee palace",
                                                "nato",
                                                "eu",
                                                "european union",
                                                "un",
                                                "u n",
                                                "e u",
                                                "united nations",
                                                "duma",
                                                "state duma",
                                                "knesset",
                                                "bundestag",
                                                "congress",
                                                "senate",
                                                "vatican",
                                                "quai d orsay",
                                                "foggy bottom",
                                                "capitol hill",
                                                "whitehall",
                                                "bankova",
                                                "iaea",
                                                "imf",
                                                "opec",
                                                "osce",
                                                "who",
                                                "red cross"};
  static const WordSet kSet(kNames);
  return kSet.Has(folded);
}

bool IsPlaceCueWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "region",   "oblast",       "province",   "city",        "town",   "village", "district",
      "county",   "airport",      "port",       "river",       "sea",    "ocean",   "lake",
      "mountain", "mountains",    "island",     "islands",     "square", "street",  "avenue",
      "bridge",   "peninsula",    "bay",        "gulf",        "valley", "krai",    "territory",
      "strait",   "canal",        "coast",      "desert",      "plant",  "base",    "airfield",
      "raion",    "municipality", "prefecture", "governorate", "oblys",  "okrug",   "republic",
      "kingdom",  "emirate",      "emirates",   "strip",       "world",  "heights"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsPlacePrefix(std::string_view w) {
  static constexpr std::string_view kWords[] = {"st",   "st.",  "saint", "sankt", "fort", "mount",
                                                "cape", "lake", "san",   "santa", "sao",  "port"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsNameParticle(std::string_view w) {
  static constexpr std::string_view kWords[] = {"bin", "ibn",   "al",  "el",  "de", "da", "di",
                                                "del", "della", "dos", "du",  "la", "le", "van",
                                                "von", "der",   "den", "ter", "zu"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsEventCueWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "war",    "summit",       "conference", "election", "elections",  "olympics",  "games",
      "cup",    "championship", "forum",      "festival", "referendum", "offensive", "revolution",
      "crisis", "congress",     "expo",       "marathon", "talks",      "uprising",  "massacre"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsPersonNoun(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "man",         "woman",         "boy",     "girl",        "child",     "soldier",
      "father",      "mother",        "son",     "daughter",    "husband",   "wife",
      "brother",     "sister",        "officer", "pilot",       "driver",    "resident",
      "victim",      "lawyer",        "doctor",  "journalist",  "reporter",  "politician",
      "businessman", "businesswoman", "student", "teacher",     "priest",    "activist",
      "witness",     "suspect",       "citizen", "friend",      "colleague", "patient",
      "survivor",    "volunteer",     "farmer",  "worker",      "fighter",   "civilian",
      "person",      "candidate",     "veteran", "billionaire", "oligarch",  "voter"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsPlaceRole(std::string_view w) { return w == "mayor" || w == "governor"; }

char GenderOfTitle(std::string_view w) {
  static constexpr std::string_view kMale[] = {
      "mr",     "mr.",         "sir",         "herr", "spokesman", "chairman", "king",
      "prince", "congressman", "businessman", "lord", "monsieur",  "signor",   "senor"};
  static constexpr std::string_view kFemale[] = {
      "mrs",           "mrs.",          "ms",          "ms.",        "miss",    "madam",
      "dame",          "lady",          "spokeswoman", "chairwoman", "queen",   "princess",
      "congresswoman", "businesswoman", "madame",      "frau",       "signora", "senora"};
  static const WordSet kMaleSet(kMale), kFemaleSet(kFemale);
  if (kMaleSet.Has(w)) return 'm';
  if (kFemaleSet.Has(w)) return 'f';
  return 0;
}

char GenderOfFirstName(std::string_view w) {
  // Common given names in international news, by the gender they are nearly always given to.
  static constexpr std::string_view kMale[] = {
      "john",      "james",    "robert",    "michael",   "william",   "david",     "richard",
      "joseph",    "thomas",   "charles",   "george",    "donald",    "mark",      "paul",
      "steven",    "steve",    "andrew",    "kenneth",   "joshua",    "kevin",     "brian",
      "edward",    "ronald",   "timothy",   "jason",     "jeffrey",   "ryan",      "jacob",
      "gary",      "nicholas", "eric",      "stephen",   "jonathan",  "larry",     "justin",
      "scott",     "frank",    "benjamin",  "samuel",    "gregory",   "alexander", "patrick",
      "jack",      "dennis",   "jerry",     "tyler",     "aaron",     "henry",     "peter",
      "colin",     "tony",     "bill",      "joe",       "mike",      "tom",       "jim",
      "ian",       "alan",     "gordon",    "boris",     "vladimir",  "volodymyr", "sergei",
      "sergey",    "serhiy",   "dmitry",    "dmitri",    "dmytro",    "yuri",      "yury",
      "igor",      "ivan",     "oleg",      "oleksandr", "andriy",    "andrei",    "alexei",
      "mikhail",   "nikolai",  "pavel",     "viktor",    "vitali",    "vitaly",    "kirill",
      "mohammed",  "muhammad", "ahmed",     "ali",       "hassan",    "hussein",   "omar",
      "abdullah",  "ibrahim",  "mahmoud",   "yasser",    "benjamin",  "ariel",     "ehud",
      "emmanuel",  "francois", "jacques",   "nicolas",   "jean",      "pierre",    "hans",
      "klaus",     "wolfgang", "friedrich", "olaf",      "gerhard",   "helmut",    "silvio",
      "giuseppe",  "matteo",   "mario",     "jose",      "juan",      "carlos",    "luis",
      "pedro",     "antonio",  "manuel",    "xi",        "recep",     "narendra",  "shinzo",
      "junichiro", "rishi",    "keir",      "justin",    "joe",       "barack",    "hamid",
      "ricardo",   "eduardo",  "fernando",  "jorge",     "alejandro", "augusto",   "fidel"};
  static constexpr std::string_view kFemale[] = {
      "mary",       "patricia",  "jennifer",  "linda",    "elizabeth",   "barbara",   "susan",
      "jessica",    "sarah",     "karen",     "nancy",    "lisa",        "margaret",  "betty",
      "sandra",     "ashley",    "dorothy",   "kimberly", "emily",       "donna",     "michelle",
      "carol",      "amanda",    "melissa",   "deborah",  "stephanie",   "rebecca",   "laura",
      "sharon",     "cynthia",   "kathleen",  "amy",      "shirley",     "angela",    "helen",
      "anna",       "anne",      "ann",       "brenda",   "pamela",      "nicole",    "emma",
      "samantha",   "katherine", "christine", "debra",    "rachel",      "catherine", "carolyn",
      "janet",      "ruth",      "maria",     "heather",  "diane",       "virginia",  "julie",
      "joyce",      "victoria",  "olivia",    "kelly",    "christina",   "lauren",    "joan",
      "evelyn",     "judith",    "megan",     "cheryl",   "andrea",      "hannah",    "martha",
      "jacqueline", "frances",   "gloria",    "teresa",   "kathryn",     "sara",      "janice",
      "julia",      "marie",     "madeleine", "hillary",  "condoleezza", "theresa",   "angela",
      "ursula",     "kamala",    "nancy",     "golda",    "indira",      "benazir",   "yulia",
      "olga",       "irina",     "natalia",   "natalya",  "tatiana",     "tatyana",   "svetlana",
      "elena",      "yelena",    "ekaterina", "oksana",   "iryna",       "olena",     "valentina",
      "ludmila",    "lyudmila",  "marine",    "segolene", "christiane",  "annalena",  "giorgia",
      "ingrida",    "paula",     "wangari",   "aung",     "ellen",       "michele",   "jacinda",
      "liz",        "kate",      "jane",      "sophie",   "claire",      "alice",     "fatima",
      "aisha",      "leila",     "layla",     "mariam",   "hana",        "yuko",      "keiko",
      "jeanne",     "erin",      "nadia",     "sonia",    "lucia",       "carla",     "silvia"};
  static const WordSet kMaleSet(kMale), kFemaleSet(kFemale);
  if (kMaleSet.Has(w)) return 'm';
  if (kFemaleSet.Has(w)) return 'f';
  return 0;
}

char GenderOfSurname(std::string_view w) {
  for (std::string_view ending : {"ova", "eva", "yova", "skaya", "tskaya"}) {
    if (w.size() > ending.size() + 2 && w.substr(w.size() - ending.size()) == ending) return 'f';
  }
  return 0;
}

bool IsResolvablePronoun(std::string_view w, char* gender, bool* plural) {
  static constexpr std::string_view kMale[] = {"he", "him", "his", "himself"};
  static constexpr std::string_view kFemale[] = {"she", "her", "hers", "herself"};
  static constexpr std::string_view kPlural[] = {"they", "them", "their", "theirs", "themselves"};
  *gender = 0;
  *plural = false;
  static const WordSet kMaleSet(kMale), kFemaleSet(kFemale), kPluralSet(kPlural);
  if (kMaleSet.Has(w)) {
    *gender = 'm';
    return true;
  }
  if (kFemaleSet.Has(w)) {
    *gender = 'f';
    return true;
  }
  if (kPluralSet.Has(w)) {
    *plural = true;
    return true;
  }
  return false;
}

bool IsExtraTitle(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "gen",     "gen.",    "gov",       "gov.",     "rep",    "rep.",       "sen",
      "sen.",    "lt",      "lt.",       "col",      "col.",   "maj",        "maj.",
      "capt",    "capt.",   "sgt",       "sgt.",     "adm",    "adm.",       "cpl",
      "cpl.",    "pvt",     "pvt.",      "spc",      "spc.",   "pres",       "pres.",
      "prof",    "prof.",   "rev",       "rev.",     "insp",   "insp.",      "supt",
      "supt.",   "officer", "executive", "colonel",  "major",  "lieutenant", "sergeant",
      "admiral", "marshal", "pope",      "cardinal", "bishop", "archbishop", "sheikh",
      "emir",    "sultan",  "ayatollah", "rabbi",    "imam",   "pastor"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsTenureModifier(std::string_view w) {
  static constexpr std::string_view kWords[] = {"former",   "acting",   "interim",
                                                "outgoing", "incoming", "ex"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsCompanyNoun(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "share",   "shareholder", "stockholder", "stock",      "store",        "outlet",
      "employee", "earnings",   "profit",      "revenue",    "sale",         "customer",
      "subsidiary", "headquarters", "brand",   "product",    "branch",       "franchise",
      "user",    "subscriber",  "client"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsBusinessNoun(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "company",  "firm",      "retailer",  "giant",     "maker",        "manufacturer",
      "carrier",  "airline",   "bank",      "insurer",   "portal",       "chain",
      "operator", "provider",  "developer", "publisher", "conglomerate", "automaker",
      "carmaker", "supplier",  "distributor", "contractor", "broker",    "brewer",
      "broadcaster", "newspaper", "club",    "startup"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsThingSubjectVerb(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "mean", "show",   "prove",  "happen", "seem",   "appear", "look", "sound", "feel",
      "make", "take",   "remain", "become", "matter", "depend", "cost", "rain",  "snow"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

bool IsRoleModifier(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "foreign",      "prime",     "deputy",  "vice",    "defence",  "defense",     "interior",
      "finance",      "chief",     "senior",  "special", "first",    "acting",      "former",
      "economy",      "economic",  "justice", "health",  "security", "national",    "press",
      "presidential", "general",   "supreme", "top",     "military", "state",       "trade",
      "energy",       "education", "culture", "labour",  "labor",    "agriculture", "transport"};
  static const WordSet kSet(kWords);
  return kSet.Has(w);
}

}  // namespace kg::core::resolve
