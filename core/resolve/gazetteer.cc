#include "core/resolve/gazetteer.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

#include "core/util/text.h"

namespace kg::core::resolve {

namespace {

// Names news uses for countries whose ISO 3166-1 name is a formal one, and abbreviations
// written as words. Folded.
constexpr std::string_view kCountryShortForms[] = {
    "russia",  "america", "us",        "usa",     "u s",         "u s a",   "uk",
    "u k",     "britain", "great britain", "england", "scotland", "wales",  "northern ireland",
    "holland", "czech republic", "ivory coast", "burma", "turkey", "vatican", "uae",
    "south korea", "north korea", "palestine", "laos", "congo", "east timor"};

// Nationality words that the suffix rule below does not reach, with their country (folded).
constexpr std::pair<std::string_view, std::string_view> kIrregularDemonyms[] = {
    {"german", "germany"},   {"french", "france"},       {"british", "united kingdom"},
    {"polish", "poland"},    {"dutch", "netherlands"},   {"swiss", "switzerland"},
    {"greek", "greece"},     {"turkish", "turkey"},      {"danish", "denmark"},
    {"swedish", "sweden"},   {"finnish", "finland"},     {"spanish", "spain"},
    {"irish", "ireland"},    {"welsh", "wales"},         {"scottish", "scotland"},
    {"english", "england"},  {"norwegian", "norway"},    {"afghan", "afghanistan"},
    {"filipino", "philippines"}, {"thai", "thailand"},   {"belgian", "belgium"},
    {"portuguese", "portugal"}, {"lebanese", "lebanon"}, {"sudanese", "sudan"},
    {"vietnamese", "vietnam"}, {"kazakh", "kazakhstan"}, {"uzbek", "uzbekistan"},
    {"tajik", "tajikistan"}, {"kyrgyz", "kyrgyzstan"},   {"peruvian", "peru"}};

// Endings that turn a country's name into its demonym, tried longest first; what is left is
// completed by one of kStemEndings ("ukrain" + "e", "chin" + "a").
constexpr std::string_view kDemonymSuffixes[] = {"ian", "ese", "ish", "an", "n", "i", "ic"};
constexpr std::string_view kStemEndings[] = {"", "e", "a", "ia", "y", "o"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
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
    "north", "south", "east", "west", "central", "centre", "center", "northern", "southern",
    "eastern", "western", "capital", "coast", "upper", "lower", "middle", "national", "federal",
    "islands", "lakes", "river", "mountain", "plains", "interior", "littoral", "border"};

}  // namespace

void Gazetteer::Add(std::string_view name, Kind kind) {
  std::string key = NormalizeName(name);
  if (key.empty()) return;
  if (kind == Kind::kSubdivision &&
      std::find(std::begin(kGenericWords), std::end(kGenericWords), key) != std::end(kGenericWords)) {
    return;
  }
  auto [it, added] = names_.emplace(std::move(key), kind);
  if (!added && kind == Kind::kCountry) it->second = kind;  // a country outranks a region
}

Gazetteer::Gazetteer() {
  for (std::string_view name : kCountryShortForms) Add(name, Kind::kCountry);
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
      return Status::Corruption("place gazetteer '" + path + "': no \"" + part.key +
                                "\" list");
    }
    for (const nlohmann::json& entry : *list) {
      for (const char* field : {"name", "common_name", "official_name"}) {
        const auto v = entry.find(field);
        if (v == entry.end() || !v->is_string()) continue;
        const std::string name = v->get<std::string>();
        gazetteer->Add(name, part.kind);
        gazetteer->Add(BaseName(name), part.kind);
        if (part.kind == Kind::kSubdivision) {
          for (const std::string& city : CityForms(BaseName(name))) {
            gazetteer->Add(city, part.kind);
          }
        }
      }
    }
  }
  return gazetteer;
}

Gazetteer::Kind Gazetteer::Lookup(std::string_view name) const {
  std::string key = NormalizeName(name);
  if (key.rfind("the ", 0) == 0) key.erase(0, 4);
  const auto it = names_.find(key);
  return it == names_.end() ? Kind::kNone : it->second;
}

std::string Gazetteer::CountryOfDemonym(std::string_view word) const {
  std::string w = NormalizeName(word);
  if (w.empty() || w.find(' ') != std::string::npos) return "";
  for (const auto& [demonym, country] : kIrregularDemonyms) {
    if (w == demonym || w == std::string(demonym) + "s") return std::string(country);
  }
  if (Lookup(w) != Kind::kNone) return "";
  for (const std::string& form : {w, EndsWith(w, "s") ? w.substr(0, w.size() - 1) : w}) {
    for (std::string_view suffix : kDemonymSuffixes) {
      if (!EndsWith(form, suffix) || form.size() < suffix.size() + 3) continue;
      const std::string stem = form.substr(0, form.size() - suffix.size());
      for (std::string_view ending : kStemEndings) {
        const std::string country = stem + std::string(ending);
        const auto it = names_.find(country);
        if (it != names_.end() && it->second == Kind::kCountry) return country;
      }
    }
  }
  return "";
}

}  // namespace kg::core::resolve
