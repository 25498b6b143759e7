// core/resolve: transliteration-aware name matching and the cross-document entity index.
// Fixtures are names written for these tests, one per romanisation pattern and per trap.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/resolve/entity_index.h"
#include "core/resolve/name_match.h"

namespace kg::core::resolve {
namespace {

TokenMatch::Kind Compare(const char* a, const char* b) {
  return CompareTokens(NameTokens(a)[0], NameTokens(b)[0]).kind;
}

NameMatch::Kind Names(const char* a, const char* b, bool person) {
  return CompareNames(NameTokens(a), NameTokens(b), person).kind;
}

// One name per romanisation difference (German vs English renderings of Cyrillic, Ukrainian
// vs Russian forms, adjective endings, diacritics); invented names where possible so that no
// rule is tuned to a news name.
TEST(NameMatchTest, RomanisationVariantsMatch) {
  const char* pairs[][2] = {
      {"Tabakow", "Tabakov"},         // -ow / -ov (в as w)
      {"Gorjew", "Goryev"},           // -ew / -ev and j / y
      {"Wetrow", "Vetrov"},           // w / v at the start
      {"Schabanow", "Shabanov"},      // sch / sh (ш)
      {"Tschulkow", "Chulkov"},       // tsch / ch (ч)
      {"Schirinow", "Zhirinov"},      // sch / zh (ж)
      {"Borissow", "Borisov"},        // ss / s
      {"Susdalew", "Suzdalev"},       // s / z (з)
      {"Zwetkow", "Tsvetkov"},        // z / ts (ц)
      {"Jurenko", "Yurenko"},         // j / y (ю)
      {"Dmitrijenko", "Dmitrienko"},  // -ije- / -ie-
      {"Fjodorow", "Fyodorov"},       // jo / yo (ё)
      {"Tschernihiw", "Chernihiv"},   // a whole German rendering
      {"Mykolaiv", "Mykolayiv"},      // i / yi
      {"Pavlohrad", "Pavlograd"},     // Ukrainian h for g
      {"Ternopil", "Ternopol"},       // Ukrainian i for o in a closed syllable
      {"Kaniv", "Kanev"},             // -iv / -ev
      {"Stryiskyi", "Stryisky"},      // -yi / -y
      {"Bilskiy", "Bilskyy"},         // -iy / -yy
      {"Bilskyj", "Bilski"},          // -yj / -i
      {"Andrei", "Andrey"},           // ei / ey
      {"Andrej", "Andrii"},           // ej / ii
      {"Łomża", "Lomza"},             // diacritics
      {"Krüger", "Kruger"},           // umlaut
  };
  for (const auto& p : pairs) {
    const TokenMatch::Kind k = Compare(p[0], p[1]);
    EXPECT_TRUE(k == TokenMatch::kVariant || k == TokenMatch::kExact) << p[0] << " / " << p[1];
  }
}

TEST(NameMatchTest, KeysAgreeForVariants) {
  EXPECT_EQ(TokenKey("tabakow"), TokenKey("tabakov"));
  EXPECT_EQ(TokenKey("ternopil"), TokenKey("ternopol"));
  EXPECT_EQ(TokenKey("pavlohrad"), TokenKey("pavlograd"));
  EXPECT_EQ(CanonicalToken("schabanow"), CanonicalToken("shabanov"));
  EXPECT_NE(TokenKey("vladislav"), TokenKey("volodyslav"));  // a nucleus more
}

// Traps: names that look alike but are not one name.
TEST(NameMatchTest, LookalikesStayApart) {
  const char* pairs[][2] = {
      {"Lebedev", "Lebed"},          // one is a prefix of the other
      {"Orlov", "Orlik"},            // same start, different consonants
      {"Kalynivka", "Kalynivske"},   // close places
      {"Vladislav", "Volodyslav"},   // same consonants, a vowel more
      {"Poland", "Polish"},          // demonym is not the country
      {"Marino", "Marina"},          // a final vowel change is a different name
      {"Dorohova", "Dorohov"},       // feminine surname
      {"Li", "Le"},                  // too short to tell
      {"Lowe", "Love"},              // w / v in a short English name is no romanisation
  };
  for (const auto& p : pairs) {
    EXPECT_EQ(Compare(p[0], p[1]), TokenMatch::kNone) << p[0] << " / " << p[1];
  }
}

TEST(NameMatchTest, PeopleAlignFirstAndLastNames) {
  EXPECT_EQ(Names("Andrei Tabakov", "Andrej Tabakow", true), NameMatch::kVariant);
  EXPECT_EQ(Names("Tabakov", "Andrei Tabakov", true), NameMatch::kSurname);
  EXPECT_EQ(Names("Tabakow", "Andrei Tabakov", true), NameMatch::kSurnameVariant);
  EXPECT_EQ(Names("A. Tabakov", "Andrei Tabakov", true), NameMatch::kInitial);
  EXPECT_EQ(Names("Andrei Petrovich Tabakov", "Andrei Tabakov", true), NameMatch::kVariant);
  // A first-name variant alone never makes two people with different surnames one.
  EXPECT_EQ(Names("Andrei Tabakov", "Andrii Lysenko", true), NameMatch::kNone);
  // Same surname, different first names: two people.
  EXPECT_EQ(Names("Oleg Tabakov", "Andrei Tabakov", true), NameMatch::kNone);
  // "Dmitri" is a prefix of "Dmitriev": a first name is not a surname.
  EXPECT_EQ(Names("Dmitri Gorin", "Kirill Dmitriev", true), NameMatch::kNone);
  // Not people: every token must match, in order.
  EXPECT_EQ(Names("North Kalynivka", "Kalynivka", false), NameMatch::kNone);
  EXPECT_EQ(Names("Ternopil region", "Ternopol region", false), NameMatch::kVariant);
}

DocumentEntity Entity(const std::string& name, const std::string& type,
                      std::vector<std::string> roles = {},
                      std::vector<std::string> cooccurring = {}) {
  DocumentEntity e;
  e.name = name;
  e.type = type;
  e.aliases.push_back({name, 1});
  e.roles = std::move(roles);
  e.cooccurring = std::move(cooccurring);
  return e;
}

KnownEntity Known(const std::string& id, const std::string& name, const std::string& type) {
  KnownEntity k;
  k.id = id;
  k.name = name;
  k.type = type;
  k.aliases = {name};
  k.documents = 1;
  return k;
}

EntityResolution ResolveOne(const EntityIndex& index, const DocumentEntity& e) {
  DocumentEntities doc;
  doc.entities.push_back(e);
  return index.Resolve(doc)[0];
}

TEST(EntityIndexTest, VariantJoinsAndIsExplained) {
  EntityIndex index;
  index.Put(Known("e:andrei_tabakov", "Andrei Tabakov", "PERSON"));
  index.Put(Known("e:ternopil", "Ternopil", "LOCATION"));
  EntityResolution r = ResolveOne(index, Entity("Andrej Tabakow", "PERSON"));
  EXPECT_EQ(r.node_id, "e:andrei_tabakov");
  EXPECT_EQ(r.how, EntityResolution::How::kVariant);
  EXPECT_TRUE(r.automatic_merge());
  EXPECT_NE(r.reason.find("tabakow ~ tabakov"), std::string::npos) << r.reason;
  r = ResolveOne(index, Entity("Ternopol", "LOCATION"));
  EXPECT_EQ(r.node_id, "e:ternopil");
  r = ResolveOne(index, Entity("Ternopil", "OTHER"));  // untyped joins on the whole name
  EXPECT_EQ(r.node_id, "e:ternopil");
  EXPECT_EQ(r.how, EntityResolution::How::kExact);
  EXPECT_FALSE(r.automatic_merge());
}

TEST(EntityIndexTest, TypesBlockMerges) {
  EntityIndex index;
  index.Put(Known("e:tabakov", "Tabakov", "LOCATION"));
  EntityResolution r = ResolveOne(index, Entity("Tabakov", "PERSON"));
  EXPECT_EQ(r.how, EntityResolution::How::kNew);
  EXPECT_EQ(r.node_id, "e:tabakov_person");  // the plain id is taken by the place
  // OTHER never joins a person on a surname alone.
  index.Put(Known("e:andrei_tabakov", "Andrei Tabakov", "PERSON"));
  r = ResolveOne(index, Entity("Tabakov", "OTHER"));
  EXPECT_NE(r.node_id, "e:andrei_tabakov");
}

TEST(EntityIndexTest, SurnameNeedsContextAndUniqueness) {
  EntityIndex index;
  KnownEntity k = Known("e:andrei_tabakov", "Andrei Tabakov", "PERSON");
  k.roles.push_back(ContextHash("defence minister"));
  k.cooccurring.push_back(ContextHash("Ternopil"));
  index.Put(k);
  // No shared context: a surname alone is not enough.
  EXPECT_EQ(ResolveOne(index, Entity("Tabakov", "PERSON")).how, EntityResolution::How::kNew);
  // A shared role confirms it.
  EntityResolution r = ResolveOne(index, Entity("Tabakov", "PERSON", {"defence minister"}));
  EXPECT_EQ(r.node_id, "e:andrei_tabakov");
  EXPECT_EQ(r.how, EntityResolution::How::kSurname);
  // A co-occurring place, spelled differently, confirms it too.
  r = ResolveOne(index, Entity("Tabakov", "PERSON", {}, {"Ternopol"}));
  EXPECT_EQ(r.node_id, "e:andrei_tabakov");
  // Two people of that surname fit equally: no guess.
  KnownEntity other = Known("e:oleg_tabakov", "Oleg Tabakov", "PERSON");
  other.roles.push_back(ContextHash("defence minister"));
  index.Put(other);
  r = ResolveOne(index, Entity("Tabakov", "PERSON", {"defence minister"}));
  EXPECT_EQ(r.how, EntityResolution::How::kNew);
  EXPECT_NE(r.reason.find("equally"), std::string::npos) << r.reason;
}

TEST(EntityIndexTest, ShortNodeGetsTheFullNameAndKeepsItsId) {
  EntityIndex index;
  KnownEntity k = Known("e:tabakov", "Tabakov", "PERSON");
  k.roles.push_back(ContextHash("envoy"));
  index.Put(k);
  DocumentEntities doc;
  doc.entities.push_back(Entity("Andrei Tabakov", "PERSON", {"envoy"}));
  std::vector<EntityResolution> r = index.Resolve(doc);
  EXPECT_EQ(r[0].node_id, "e:tabakov");
  EXPECT_EQ(r[0].node_name, "Andrei Tabakov");
  index.Commit(doc, r);
  EXPECT_EQ(index.Find("e:tabakov")->name, "Andrei Tabakov");
  // The next document's full name is now an exact match.
  EXPECT_EQ(ResolveOne(index, Entity("Andrei Tabakov", "PERSON")).how,
            EntityResolution::How::kExact);
}

TEST(EntityIndexTest, AliasRulesPinAndForbid) {
  EntityIndex index;
  index.Put(Known("e:ostrava", "Ostrava", "LOCATION"));
  index.Put(Known("e:andrei_tabakov", "Andrei Tabakov", "PERSON"));
  auto rules = ParseAliasRules(
      "# pins and forbids\nsame: Ostrau = Ostrava\n\ndistinct: Tabakow != Andrei Tabakov  # no\n",
      "rules.txt");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  index.SetRules(*rules);
  EntityResolution r = ResolveOne(index, Entity("Ostrau", "LOCATION"));
  EXPECT_EQ(r.node_id, "e:ostrava");
  EXPECT_EQ(r.how, EntityResolution::How::kPinned);
  r = ResolveOne(index, Entity("Andrej Tabakow", "PERSON"));
  EXPECT_EQ(r.how, EntityResolution::How::kNew);
  // Round trip of the format, and errors with their line.
  auto again = ParseAliasRules(FormatAliasRules(*rules), "x");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->same, rules->same);
  EXPECT_EQ(again->distinct, rules->distinct);
  auto bad = ParseAliasRules("same: A = B\nmerge: A B\n", "f.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("f.txt:2:"), std::string::npos);
  EXPECT_FALSE(ParseAliasRules("same: Kiev\n", "f").ok());
  EXPECT_FALSE(ParseAliasRules("distinct: A != a\n", "f").ok());
}

TEST(EntityIndexTest, AnyAliasIsAnExactName) {
  EntityIndex index;
  KnownEntity k = Known("e:ostrava", "Ostrava", "LOCATION");
  for (const char* a : {"Ostrava city", "the city", "Moravian Ostrava", "Ostrava region",
                        "Ostrava-Jih", "Vitkovice", "Poruba", "Ostrau"}) {
    k.aliases.push_back(a);
  }
  index.Put(k);
  const EntityResolution r = ResolveOne(index, Entity("Ostrau", "LOCATION"));
  EXPECT_EQ(r.node_id, "e:ostrava");
  EXPECT_EQ(r.how, EntityResolution::How::kExact);
}

TEST(EntityIndexTest, DocumentEntitiesOfOneNameShareANewNode) {
  EntityIndex index;
  DocumentEntities doc;
  doc.entities.push_back(Entity("Ostrava", "LOCATION"));
  doc.entities.push_back(Entity("Ostrava", "LOCATION"));
  doc.entities.push_back(Entity("Ostrava", "PERSON"));
  std::vector<EntityResolution> r = index.Resolve(doc);
  EXPECT_EQ(r[0].node_id, "e:ostrava");
  EXPECT_EQ(r[1].node_id, "e:ostrava");
  // The same name with another type is another entity.
  EXPECT_EQ(r[2].node_id, "e:ostrava_person");
  index.Commit(doc, r);
  EXPECT_EQ(index.size(), 2u);
  index.Remove("e:ostrava");
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(ResolveOne(index, Entity("Ostrava", "LOCATION")).how, EntityResolution::How::kNew);
}

TEST(EntityIndexTest, AFullNameMatchingAPersonAndItsSurnameNodeJoinsThePersonAndAbsorbsIt) {
  EntityIndex index;
  KnownEntity full = Known("e:oksana_hrytsenkiy", "Oksana Hrytsenkiy", "PERSON");
  full.cooccurring = {ContextHash("Uzhhorod"), ContextHash("Lutsk"), ContextHash("Rivne"),
                      ContextHash("Dubno")};
  index.Put(full);
  KnownEntity bare = Known("e:hrytsenky", "Hrytsenky", "PERSON");
  bare.cooccurring = full.cooccurring;
  index.Put(bare);
  const std::vector<std::string> kPlaces = {"Uzhhorod", "Lutsk", "Rivne", "Dubno"};
  // Both fit a third spelling of the full name about equally: they are one person.
  EntityResolution r =
      ResolveOne(index, Entity("Oksana Hrytsenkyy", "PERSON", {}, kPlaces));
  EXPECT_EQ(r.node_id, "e:oksana_hrytsenkiy");
  EXPECT_EQ(r.absorbed, std::vector<std::string>{"e:hrytsenky"});
  // Two full names of different people stay a tie: nothing is joined or absorbed.
  KnownEntity other = Known("e:oksana_hrytsenkii", "Oksana Hrytsenkii", "PERSON");
  other.cooccurring = full.cooccurring;
  index.Put(other);
  r = ResolveOne(index, Entity("Oksana Hrytsenkyy", "PERSON", {}, kPlaces));
  EXPECT_EQ(r.how, EntityResolution::How::kNew);
  EXPECT_TRUE(r.absorbed.empty());
  // A surname alone never absorbs anything.
  r = ResolveOne(index, Entity("Hrytsenkyy", "PERSON", {}, kPlaces));
  EXPECT_TRUE(r.absorbed.empty());
}

// What a persistent index relies on: the entities filed under the keys LookupKeys names for a
// document are all Resolve needs, so an index holding only those resolves it as the whole does.
TEST(EntityIndexTest, TheEntitiesOfADocumentsLookupKeysResolveItAsTheWholeIndex) {
  std::vector<KnownEntity> known = {
      Known("e:andrei_tabakov", "Andrei Tabakov", "PERSON"),
      Known("e:tabakov", "Tabakov", "LOCATION"),
      Known("e:oksana_hrytsenkiy", "Oksana Hrytsenkiy", "PERSON"),
      Known("e:hrytsenky", "Hrytsenky", "PERSON"),
      Known("e:sheremetyevo_airport", "Sheremetyevo airport", "LOCATION"),
      Known("e:iberia", "Iberia", "OTHER"),
      Known("e:ternopil", "Ternopil", "LOCATION"),
      Known("e:ostrava", "Ostrava", "LOCATION"),
      Known("e:marta_kovalchuk", "Marta Kovalchuk", "PERSON"),
  };
  known[0].roles.push_back(ContextHash("defence minister"));
  known[2].cooccurring = {ContextHash("Lutsk"), ContextHash("Rivne"), ContextHash("Dubno")};
  known[3].cooccurring = known[2].cooccurring;
  AliasRules rules;
  rules.same.push_back({"Ostrava", "Ostrau"});
  EntityIndex whole;
  whole.SetRules(rules);
  for (const KnownEntity& k : known) whole.Put(k);

  const std::vector<std::vector<DocumentEntity>> docs = {
      {Entity("Andrej Tabakow", "PERSON"), Entity("Ternopol", "LOCATION")},
      {Entity("Tabakov", "PERSON", {"defence minister"}), Entity("Tabakov", "PERSON")},
      {Entity("Oksana Hrytsenkyy", "PERSON", {}, {"Lutsk", "Rivne", "Dubno"})},
      {Entity("Scheremetjewo", "OTHER"), Entity("Iberian peninsula", "LOCATION")},
      {Entity("Ostrau", "LOCATION"), Entity("M. Kovalchuk", "PERSON")},
      {Entity("Kovaltchouk", "PERSON"), Entity("Brno", "LOCATION")},
  };
  size_t smaller = 0;
  for (const std::vector<DocumentEntity>& entities : docs) {
    DocumentEntities doc;
    doc.entities = entities;
    const std::vector<uint64_t> wanted = EntityIndex::LookupKeys(doc, rules);
    EntityIndex part;
    part.SetRules(rules);
    for (const KnownEntity& k : known) {
      for (uint64_t key : EntityIndex::BlockingKeys(k)) {
        if (std::find(wanted.begin(), wanted.end(), key) == wanted.end()) continue;
        part.Put(k);
        break;
      }
    }
    if (part.size() < whole.size()) ++smaller;
    const std::vector<EntityResolution> a = whole.Resolve(doc);
    const std::vector<EntityResolution> b =
        part.Resolve(doc, [&whole](const std::string& id) { return whole.Find(id) != nullptr; });
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      SCOPED_TRACE(entities[i].name);
      EXPECT_EQ(a[i].node_id, b[i].node_id);
      EXPECT_EQ(a[i].how, b[i].how);
      EXPECT_EQ(a[i].node_name, b[i].node_name);
      EXPECT_EQ(a[i].absorbed, b[i].absorbed);
    }
  }
  EXPECT_EQ(smaller, docs.size());  // each document needs only part of the index
}

TEST(NameMatchTest, APlaceNameWithAGenericHeadHasACore) {
  EXPECT_EQ(PlaceNameCore("sheremetyevo airport"), "sheremetyevo");
  EXPECT_EQ(PlaceNameCore("iberian peninsula"), "iberia");
  EXPECT_EQ(PlaceNameCore("snake island"), "snake");
  EXPECT_EQ(PlaceNameCore("kharkiv region"), "");  // an administrative unit is not its city
  EXPECT_EQ(PlaceNameCore("airport"), "");
  EXPECT_EQ(PlaceNameCore("lviv"), "");
}

TEST(EntityIndexTest, APlaceJoinsItsNameWithAGenericHeadInEitherOrder) {
  EntityIndex index;
  index.Put(Known("e:sheremetyevo_airport", "Sheremetyevo airport", "LOCATION"));
  index.Put(Known("e:iberia", "Iberia", "OTHER"));
  // German w for v, without the head.
  EXPECT_EQ(ResolveOne(index, Entity("Scheremetjewo", "OTHER")).node_id,
            "e:sheremetyevo_airport");
  EXPECT_EQ(ResolveOne(index, Entity("Iberian peninsula", "LOCATION")).node_id, "e:iberia");
  // People are not places: a head word does nothing for them.
  EXPECT_EQ(ResolveOne(index, Entity("Iberian", "PERSON")).how, EntityResolution::How::kNew);
  // In one document, the place with and without its head is one new node.
  EntityIndex empty;
  DocumentEntities doc;
  doc.entities.push_back(Entity("Balearic islands", "LOCATION"));
  doc.entities.push_back(Entity("Kuril islands", "LOCATION"));
  doc.entities.push_back(Entity("Kuril", "OTHER"));
  std::vector<EntityResolution> r = empty.Resolve(doc);
  EXPECT_EQ(r[2].node_id, r[1].node_id);
  EXPECT_NE(r[0].node_id, r[1].node_id);
}

// A bare surname that differs from a known full name's surname only in spelling (a doubled
// letter) is as good as the surname itself: one shared co-occurring name confirms it.
TEST(EntityIndexTest, ASurnameSpelledDifferentlyJoinsWithContext) {
  EntityIndex index;
  KnownEntity k = Known("e:oleksa_bilskyy", "Oleksa Bilskyy", "PERSON");
  k.cooccurring.push_back(ContextHash("Ternopil"));
  index.Put(k);
  EntityResolution r = ResolveOne(index, Entity("Bilsky", "PERSON", {}, {"Ternopil"}));
  EXPECT_EQ(r.node_id, "e:oleksa_bilskyy") << r.reason;
  // A vowel change is more than spelling: one shared name is still not enough.
  r = ResolveOne(index, Entity("Bilskoy", "PERSON", {}, {"Ternopil"}));
  EXPECT_EQ(r.how, EntityResolution::How::kNew) << r.reason;
}



// A role nominal the document left unresolved ("the Chilean president") takes the one person
// of the document whose node holds that role, in the store or in this document; otherwise it
// is a ROLE node of its phrase, never a node named after the country.
TEST(EntityIndexTest, ARoleNominalTakesTheOnePersonHoldingTheRole) {
  EntityIndex index;
  KnownEntity rivas = Known("e:marta_rivas", "Marta Rivas", "PERSON");
  rivas.roles.push_back(ContextHash("president of chile"));
  index.Put(rivas);
  index.Put(Known("e:pablo_soto", "Pablo Soto", "PERSON"));
  DocumentEntity nominal;
  nominal.name = "president of chile";
  nominal.type = "ROLE";
  nominal.roles = {"president of chile"};
  nominal.role_nominal = true;
  DocumentEntities doc;
  doc.entities = {nominal, Entity("Marta Rivas", "PERSON"), Entity("Pablo Soto", "PERSON")};
  std::vector<EntityResolution> r = index.Resolve(doc);
  EXPECT_EQ(r[0].node_id, "e:marta_rivas") << r[0].reason;
  EXPECT_EQ(r[0].how, EntityResolution::How::kRole);
  // Not named in this document: the role stays a role.
  doc.entities = {nominal, Entity("Pablo Soto", "PERSON")};
  r = index.Resolve(doc);
  EXPECT_EQ(r[0].node_id, "e:president_of_chile") << r[0].reason;
  EXPECT_EQ(r[0].node_type, "ROLE");
  EXPECT_EQ(r[0].how, EntityResolution::How::kNew);
  // Two people of the document holding it: no guess.
  doc.entities = {nominal, Entity("Marta Rivas", "PERSON"),
                  Entity("Pablo Soto", "PERSON", {"president of chile"})};
  r = index.Resolve(doc);
  EXPECT_EQ(r[0].node_id, "e:president_of_chile") << r[0].reason;
  // The role phrase becomes no alias of the person it resolved to.
  doc.entities = {nominal, Entity("Marta Rivas", "PERSON")};
  r = index.Resolve(doc);
  index.Commit(doc, r);
  for (const std::string& a : index.Find("e:marta_rivas")->aliases) {
    EXPECT_NE(a, "president of chile");
  }
}

TEST(EntityIndexTest, ASummaryCarriesWhatResolveReadsAndOnlyItsEpochReadsIt) {
  KnownEntity k;
  k.id = "e:not_stored";
  k.name = "Zdenka Horakova";
  k.type = "PERSON";
  k.aliases = {"Zdenka Horakova", "Sdenka Horakowa", "Horakova"};
  k.roles = {ContextHash("mayor"), 0xffffffffu};
  k.cooccurring = {ContextHash("Pardubice"), 0u, 127u, 128u};
  k.documents = 300;
  const std::string value = EncodeSummary(k, 7);
  KnownEntity back;
  ASSERT_TRUE(DecodeSummary(value, 7, &back));
  EXPECT_EQ(back.id, "");
  EXPECT_EQ(back.name, k.name);
  EXPECT_EQ(back.type, k.type);
  EXPECT_EQ(back.aliases, k.aliases);
  EXPECT_EQ(back.roles, k.roles);
  EXPECT_EQ(back.cooccurring, k.cooccurring);
  EXPECT_EQ(back.documents, k.documents);
  // Another epoch's summary, an older record's "1", and every cut or lengthened value fail.
  EXPECT_FALSE(DecodeSummary(value, 8, &back));
  EXPECT_FALSE(DecodeSummary("1", 7, &back));
  EXPECT_FALSE(DecodeSummary("", 7, &back));
  for (size_t n = 0; n < value.size(); ++n) {
    EXPECT_FALSE(DecodeSummary(value.substr(0, n), 7, &back)) << n;
  }
  EXPECT_FALSE(DecodeSummary(value + "x", 7, &back));
}

}  // namespace
}  // namespace kg::core::resolve
