#include "core/resolve/gazetteer.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

#include "core/util/text.h"

namespace kg::core::resolve {

namespace {

// Names news uses for countries besides their ISO 3166-1 names, with the country's ISO code.
// Folded.
constexpr std::pair<std::string_view, std::string_view> kCountryShortForms[] = {
    {"russia", "RU"},
    {"america", "US"},
    {"us", "US"},
    {"usa", "US"},
    {"u s", "US"},
    {"u s a", "US"},
    {"uk", "GB"},
    {"u k", "GB"},
    {"britain", "GB"},
    {"great britain", "GB"},
    {"holland", "NL"},
    {"czech republic", "CZ"},
    {"ivory coast", "CI"},
    {"burma", "MM"},
    {"turkey", "TR"},
    {"vatican", "VA"},
    {"uae", "AE"},
    {"south korea", "KR"},
    {"north korea", "KP"},
    {"palestine", "PS"},
    {"laos", "LA"},
    {"congo", "CG"},
    {"east timor", "TL"},
    {"england", ""},
    {"scotland", ""},
    {"wales", ""},
    {"northern ireland", ""}};

// Continents and world regions (no ISO code has them). Folded.
constexpr std::string_view kWorldRegions[] = {"africa",
                                              "asia",
                                              "europe",
                                              "north america",
                                              "south america",
                                              "latin america",
                                              "central america",
                                              "americas",
                                              "antarctica",
                                              "oceania",
                                              "australasia",
                                              "middle east",
                                              "near east",
                                              "far east",
                                              "caribbean",
                                              "balkans",
                                              "scandinavia",
                                              "caucasus",
                                              "north africa",
                                              "east africa",
                                              "west africa",
                                              "southern africa",
                                              "sub saharan africa",
                                              "central asia",
                                              "south asia",
                                              "southeast asia",
                                              "east asia",
                                              "western europe",
                                              "eastern europe",
                                              "central europe",
                                              "baltics",
                                              "sahel",
                                              "horn of africa",
                                              "gulf",
                                              "persian gulf",
                                              "arctic",
                                              "pacific",
                                              "atlantic",
                                              "mediterranean",
                                              "black sea",
                                              "baltic sea",
                                              "red sea"};

// The name an entity for a country takes where news usage differs from ISO's name and common
// name ("Russian Federation" → "Russia").
constexpr std::pair<std::string_view, std::string_view> kCanonicalCountryNames[] = {
    {"RU", "Russia"},      {"US", "United States"}, {"GB", "United Kingdom"},
    {"TR", "Turkey"},      {"VA", "Vatican"},       {"PS", "Palestine"},
    {"KR", "South Korea"}, {"KP", "North Korea"},   {"CD", "Democratic Republic of the Congo"},
    {"CG", "Congo"},       {"LA", "Laos"}};

std::string CanonicalOf(std::string_view code) {
  for (const auto& [c, name] : kCanonicalCountryNames) {
    if (c == code) return std::string(name);
  }
  return "";
}

// Nationality words that the suffix rule below does not reach, with their country (folded).
constexpr std::pair<std::string_view, std::string_view> kIrregularDemonyms[] = {
    {"german", "germany"},       {"french", "france"},     {"british", "united kingdom"},
    {"polish", "poland"},        {"dutch", "netherlands"}, {"swiss", "switzerland"},
    {"greek", "greece"},         {"turkish", "turkey"},    {"danish", "denmark"},
    {"swedish", "sweden"},       {"finnish", "finland"},   {"spanish", "spain"},
    {"irish", "ireland"},        {"welsh", "wales"},       {"scottish", "scotland"},
    {"english", "england"},      {"norwegian", "norway"},  {"afghan", "afghanistan"},
    {"filipino", "philippines"}, {"thai", "thailand"},     {"belgian", "belgium"},
    {"portuguese", "portugal"},  {"lebanese", "lebanon"},  {"sudanese", "sudan"},
    {"vietnamese", "vietnam"},   {"kazakh", "kazakhstan"}, {"uzbek", "uzbekistan"},
    {"tajik", "tajikistan"},     {"kyrgyz", "kyrgyzstan"}, {"peruvian", "peru"}};

// Endings that turn a country's name into its demonym, tried longest first; what is left is
// completed by one of kStemEndings ("ukrain" + "e", "chin" + "a").
constexpr std::string_view kDemonymSuffixes[] = {"ian", "ese", "ish", "an", "n", "i", "ic"};
constexpr std::string_view kStemEndings[] = {"", "e", "a", "ia", "y", "o"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "northern ireland" → "Northern Ireland".
std::string TitleCase(std::string_view folded) {
  std::string out(folded);
  for (size_t i = 0; i < out.size(); ++i) {
    if (i == 0 || out[i - 1] == ' ') {
      out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
    }
  }
  return out;
}

// The forms of an ISO name news text uses: "Bolivia, Plurinational State of" → "Bolivia";
// "Holy See (Vatican City State)" → "Holy See"; "Adygeja, Respublika" → "Adygeja".
std::string BaseName(std::string_view name) {
  std::string out(name.substr(0, std::min(name.find(','), name.find(" ("))));
  return out;
}

// City forms of a region named by an adjective plus "oblast"/"kraj": "Kharkivska oblast" →
// "Kharkiv", "Kharkivsk"; "Belgorodskaja oblast'" → "Belgorod"; "Kurskaja oblast'" → "Kursk".
// Wrong guesses ("Kharkivsk") are harmless: they only ever type a name as a place.
std::vector<std::string> CityForms(std::string_view name) {
  std::vector<std::string> out;
  std::string base(name);
  base.erase(std::remove(base.begin(), base.end(), '\''), base.end());
  for (std::string_view tail : {" oblast", " kraj", " region", " oblys", " okrug"}) {
    if (!EndsWith(base, tail)) continue;
    std::string adj = base.substr(0, base.size() - tail.size());
    if (adj.find(' ') != std::string::npos) return out;
    for (std::string_view ending : {"aja", "aya", "a"}) {
      if (!EndsWith(adj, ending)) continue;
      std::string stem = adj.substr(0, adj.size() - ending.size());
      if (stem.size() >= 4) out.push_back(stem);
      if (EndsWith(stem, "sk") && stem.size() >= 6) out.push_back(stem.substr(0, stem.size() - 2));
      break;
    }
  }
  return out;
}

Result<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound("place gazetteer '" + path +
                            "' not found (Debian package iso-codes; tools/install-deps.sh "
                            "installs it)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption("place gazetteer '" + path + "': " + e.what());
  }
}

// Subdivisions named by a word that is far more often something else in news text ("North",
// "Central", "Coast" are regions of some country).
constexpr std::string_view kGenericWords[] = {
    "north",    "south",    "east",     "west",     "central", "centre", "center",
    "northern", "southern", "eastern",  "western",  "capital", "coast",  "upper",
    "lower",    "middle",   "national", "federal",  "islands", "lakes",  "river",
    "mountain", "plains",   "interior", "littoral", "border"};

// True when `s` is already what NormalizeName makes of it (lower-case ASCII letters and digits
// in single-space separated words), so looking it up needs no copy.
bool IsFolded(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' ? s[i - 1] == ' ' : !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Gazetteer::Add(std::string_view name, Kind kind, const std::string& canonical) {
  std::string key = NormalizeName(name);
  if (key.empty()) return;
  if (kind == Kind::kSubdivision && std::find(std::begin(kGenericWords), std::end(kGenericWords),
                                              key) != std::end(kGenericWords)) {
    return;
  }
  auto [it, added] = names_.emplace(std::move(key), Entry{kind, canonical});
  // A country outranks a region of the same name; a known canonical name is kept.
  if (!added && kind == Kind::kCountry) {
    it->second.kind = kind;
    if (it->second.canonical.empty()) it->second.canonical = canonical;
  }
}

Gazetteer::Gazetteer() {
  for (std::string_view region : kWorldRegions) Add(region, Kind::kRegion, "");
  for (const auto& [form, code] : kCountryShortForms) {
    std::string canonical = CanonicalOf(code);
    Add(form, Kind::kCountry, canonical.empty() && code.empty() ? TitleCase(form) : canonical);
  }
  BuildDemonyms();
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& dir) {
  auto gazetteer = std::make_unique<Gazetteer>();
  struct Part {
    const char* file;
    const char* key;
    Kind kind;
  };
  for (const Part& part : {Part{"iso_3166-1.json", "3166-1", Kind::kCountry},
                           Part{"iso_3166-2.json", "3166-2", Kind::kSubdivision}}) {
    const std::string path = dir + "/" + part.file;
    auto json = ReadJson(path);
    if (!json.ok()) return json.status();
    const auto list = json->find(part.key);
    if (list == json->end() || !list->is_array()) {
      return Status::Corruption("place gazetteer '" + path + "': no \"" + part.key + "\" list");
    }
    for (const nlohmann::json& entry : *list) {
      auto field = [&](const char* key) -> std::string {
        const auto v = entry.find(key);
        return v != entry.end() && v->is_string() ? v->get<std::string>() : "";
      };
      std::string canonical;
      if (part.kind == Kind::kCountry) {
        canonical = CanonicalOf(field("alpha_2"));
        if (canonical.empty()) canonical = field("common_name");
        if (canonical.empty()) canonical = BaseName(field("name"));
      }
      for (const char* key : {"name", "common_name", "official_name"}) {
        const std::string name = field(key);
        if (name.empty()) continue;
        gazetteer->Add(name, part.kind, canonical);
        gazetteer->Add(BaseName(name), part.kind, canonical);
        if (part.kind == Kind::kSubdivision) {
          for (const std::string& city : CityForms(BaseName(name))) {
            gazetteer->Add(city, part.kind, "");
          }
        }
      }
    }
  }
  gazetteer->BuildDemonyms();
  return gazetteer;
}

const Gazetteer::Entry* Gazetteer::Find(std::string_view name) const {
  std::string copy;
  std::string_view key = name;
  if (!IsFolded(key)) {
    copy = NormalizeName(name);
    key = copy;
  }
  if (key.substr(0, 4) == "the ") key.remove_prefix(4);
  const auto it = names_.find(key);
  return it == names_.end() ? nullptr : &it->second;
}

Gazetteer::Kind Gazetteer::Lookup(std::string_view name) const {
  const Entry* e = Find(name);
  return e == nullptr ? Kind::kNone : e->kind;
}

std::string Gazetteer::CountryName(std::string_view name) const {
  const Entry* e = Find(name);
  return e != nullptr && e->kind == Kind::kCountry ? e->canonical : "";
}

void Gazetteer::BuildDemonyms() {
  demonyms_.clear();
  for (const auto& [key, entry] : names_) {
    if (entry.kind != Kind::kCountry || key.find(' ') != std::string::npos) continue;
    const std::string country = NormalizeName(entry.canonical.empty() ? key : entry.canonical);
    for (std::string_view ending : kStemEndings) {
      if (!EndsWith(key, ending) || key.size() < ending.size() + 3) continue;
      const std::string stem = key.substr(0, key.size() - ending.size());
      for (std::string_view suffix : kDemonymSuffixes) {
        demonyms_.emplace(stem + std::string(suffix), country);
      }
    }
  }
  for (const auto& [demonym, country] : kIrregularDemonyms) {
    const std::string canonical = CountryName(country);
    demonyms_[std::string(demonym)] =
        canonical.empty() ? std::string(country) : NormalizeName(canonical);
  }
}

std::string Gazetteer::CountryOfDemonym(std::string_view word) const {
  std::string copy;
  std::string_view w = word;
  if (!IsFolded(w)) {
    copy = NormalizeName(word);
    w = copy;
  }
  if (w.empty() || w.find(' ') != std::string_view::npos || names_.find(w) != names_.end()) {
    return "";
  }
  auto it = demonyms_.find(w);
  if (it == demonyms_.end() && w.size() > 4 && w.back() == 's') {
    it = demonyms_.find(w.substr(0, w.size() - 1));  // "Ukrainians"
  }
  return it == demonyms_.end() ? "" : it->second;
}

}  // namespace kg::core::resolve
