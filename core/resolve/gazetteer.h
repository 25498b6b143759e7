// Place names for typing mentions: countries and their subdivisions from Debian's iso-codes
// (ISO 3166-1 and 3166-2, read at run time), plus the short forms news uses that ISO does not
// list ("Russia" for "Russian Federation", "UK"), continents and world regions, and the demonyms
// that name a country's people or things ("Ukrainian" is not Ukraine). Thread-safety: immutable
// after construction; every const method may be called from many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kg/status.h"

namespace kg::core::resolve {

// Where Debian's iso-codes package puts its JSON files.
inline constexpr std::string_view kIsoCodesDir = "/usr/share/iso-codes/json";

class Gazetteer {
 public:
  enum class Kind : uint8_t {
    kNone = 0,
    kCountry = 1,      // "Norway", "the United States"
    kSubdivision = 2,  // "Oslo", "Kharkiv" (ISO 3166-2)
    kRegion = 3,       // a continent or world region: "Europe", "the Middle East"
  };

  // Only the built-in short forms (no ISO files): places are then mostly typed from context.
  Gazetteer();

  // Reads iso_3166-1.json and iso_3166-2.json from `dir` (kIsoCodesDir on Debian). Besides each
  // entry's name, common_name and official_name it adds the forms news text uses: "Bolivia"
  // for "Bolivia, Plurinational State of", and for regions named by an adjective
  // ("Kharkivska oblast", "Belgorodskaja oblast'") the city form ("Kharkiv", "Belgorod").
  // Errors: NotFound naming the missing file and the package that provides it; Corruption
  // when a file is not the JSON iso-codes writes.
  static Result<std::unique_ptr<Gazetteer>> Load(const std::string& dir);

  // What a name is, looked up folded (core::NormalizeName): "the Russian Federation",
  // "Russia" → kCountry; "Kyiv", "Kharkiv" → kSubdivision; anything else kNone.
  Kind Lookup(std::string_view name) const;

  // The name a country goes by when `name` is one of its names: "US", "U.S.", "America",
  // "United States of America" → "United States"; "Russian Federation" → "Russia". "" when
  // `name` is no country.
  std::string CountryName(std::string_view name) const;

  // The folded name of the country a demonym or nationality adjective refers to
  // ("Ukrainian" → "ukraine", "Russians" → "russia", "American" → "united states"), "" when
  // `word` is not one.
  std::string CountryOfDemonym(std::string_view word) const;

  // Number of folded names known.
  size_t size() const { return names_.size(); }

 private:
  struct Entry {
    Kind kind = Kind::kNone;
    std::string canonical;  // countries: the name they go by
  };
  void Add(std::string_view name, Kind kind, const std::string& canonical);
  // Fills demonyms_ from the one-word countries known ("ukraine" → "ukrainian", "ukrainan",
  // ...: the endings that turn a country's name into its people's; unused forms do no harm).
  void BuildDemonyms();
  const Entry* Find(std::string_view name) const;
  // Hash and equality that take string_view keys too, so that lookups of names already folded
  // allocate nothing.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Names = std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>>;
  Names names_;
  // folded demonym → folded country
  std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>> demonyms_;
};

}  // namespace kg::core::resolve
