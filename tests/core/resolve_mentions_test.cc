// Mentions, types and within-document coreference (core/resolve): the place gazetteer, each
// sieve pass, pronoun agreement, syntax and recency, a pronoun that must stay unresolved, the
// traps (demonym vs country, Dmitri vs Dmitriev, metonymy) and the rewriting of statements.
// The documents are ours, with parses in tests/data/resolve/documents.conllu (the parser's
// output, its mistakes corrected by hand), so the tests check the rules and not the parser; the
// gazetteer is a small one in iso-codes' format (tests/data/resolve/iso/).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/nlp/conllu.h"
#include "core/resolve/coreference.h"
#include "core/resolve/cues.h"
#include "core/resolve/gazetteer.h"
#include "kg/extract.h"

namespace kg::core::resolve {
namespace {

const std::string kData = std::string(KG_SOURCE_DIR) + "/tests/data/resolve";

// ---- gazetteer ----------------------------------------------------------------------------

const Gazetteer& Places() {
  static const std::unique_ptr<Gazetteer> places = [] {
    auto loaded = Gazetteer::Load(kData + "/iso");
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return loaded.ok() ? std::move(*loaded) : std::make_unique<Gazetteer>();
  }();
  return *places;
}

TEST(GazetteerTest, CountriesAndSubdivisionsGoByTheNamesNewsUses) {
  const Gazetteer& g = Places();
  EXPECT_EQ(g.Lookup("Norway"), Gazetteer::Kind::kCountry);
  EXPECT_EQ(g.Lookup("the Kingdom of Norway"), Gazetteer::Kind::kCountry);
  EXPECT_EQ(g.Lookup("Bolivia"), Gazetteer::Kind::kCountry);  // "Bolivia, Plurinational ..."
  EXPECT_EQ(g.CountryName("Russian Federation"), "Russia");
  EXPECT_EQ(g.CountryName("Russia"), "Russia");
  EXPECT_EQ(g.CountryName("US"), "United States");
  EXPECT_EQ(g.CountryName("U.S."), "United States");
  EXPECT_EQ(g.CountryName("the United States of America"), "United States");
  EXPECT_EQ(g.CountryName("Oslo"), "");
  EXPECT_EQ(g.Lookup("Oslo"), Gazetteer::Kind::kSubdivision);
  EXPECT_EQ(g.Lookup("Kyiv"), Gazetteer::Kind::kSubdivision);
  // Regions named by an adjective give their city's name.
  EXPECT_EQ(g.Lookup("Kharkiv"), Gazetteer::Kind::kSubdivision);
  EXPECT_EQ(g.Lookup("Kherson"), Gazetteer::Kind::kSubdivision);
  EXPECT_EQ(g.Lookup("Belgorod"), Gazetteer::Kind::kSubdivision);
  // A region called by a common word is not taken as a place.
  EXPECT_EQ(g.Lookup("Central"), Gazetteer::Kind::kNone);
  EXPECT_EQ(g.Lookup("Lavrov"), Gazetteer::Kind::kNone);
}

TEST(GazetteerTest, ADemonymNamesItsCountryButIsNotIt) {
  const Gazetteer& g = Places();
  EXPECT_EQ(g.CountryOfDemonym("Ukrainian"), "ukraine");
  EXPECT_EQ(g.CountryOfDemonym("Ukrainians"), "ukraine");
  EXPECT_EQ(g.CountryOfDemonym("Russian"), "russia");
  EXPECT_EQ(g.CountryOfDemonym("Norwegian"), "norway");
  EXPECT_EQ(g.CountryOfDemonym("American"), "united states");
  EXPECT_EQ(g.CountryOfDemonym("Ukraine"), "");
  EXPECT_EQ(g.CountryOfDemonym("Lavrov"), "");
  EXPECT_EQ(g.Lookup("Ukrainian"), Gazetteer::Kind::kNone);
}

TEST(GazetteerTest, MissingFilesAreNotFoundAndNameThePackage) {
  auto loaded = Gazetteer::Load(kData + "/no-such-folder");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kNotFound);
  EXPECT_NE(loaded.status().ToString().find("iso-codes"), std::string::npos)
      << loaded.status().ToString();
  EXPECT_NE(loaded.status().ToString().find("iso_3166-1.json"), std::string::npos);
}

TEST(GazetteerTest, ADamagedFileIsCorruptionNamingIt) {
  auto loaded = Gazetteer::Load(kData + "/broken");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption);
  EXPECT_NE(loaded.status().ToString().find("broken/iso_3166-1.json"), std::string::npos)
      << loaded.status().ToString();
}

TEST(GazetteerTest, WithoutFilesOnlyTheBuiltInCountryFormsAreKnown) {
  Gazetteer g;
  EXPECT_EQ(g.CountryName("UK"), "United Kingdom");
  EXPECT_EQ(g.CountryName("Russia"), "Russia");
  EXPECT_EQ(g.Lookup("Oslo"), Gazetteer::Kind::kNone);
}

TEST(GazetteerTest, DebiansIsoCodesLoad) {
  if (!std::filesystem::exists(std::string(kIsoCodesDir) + "/iso_3166-2.json")) {
    GTEST_SKIP() << "iso-codes is not installed (tools/install-deps.sh installs it)";
  }
  auto loaded = Gazetteer::Load(std::string(kIsoCodesDir));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Gazetteer& g = **loaded;
  EXPECT_GT(g.size(), 5000u);
  EXPECT_EQ(g.CountryName("Russian Federation"), "Russia");
  EXPECT_EQ(g.Lookup("Ukraine"), Gazetteer::Kind::kCountry);
  EXPECT_EQ(g.Lookup("Kyiv"), Gazetteer::Kind::kSubdivision);
  EXPECT_EQ(g.Lookup("Donetsk"), Gazetteer::Kind::kSubdivision);
  EXPECT_EQ(g.Lookup("Kharkiv"), Gazetteer::Kind::kSubdivision);
  EXPECT_EQ(g.CountryOfDemonym("Ukrainian"), "ukraine");
}

// ---- cue lists ----------------------------------------------------------------------------

TEST(CuesTest, GenderComesFromTitlesFirstNamesAndFeminineSurnames) {
  EXPECT_EQ(GenderOfTitle("mr"), 'm');
  EXPECT_EQ(GenderOfTitle("spokeswoman"), 'f');
  EXPECT_EQ(GenderOfTitle("minister"), 0);
  EXPECT_EQ(GenderOfFirstName("maria"), 'f');
  EXPECT_EQ(GenderOfFirstName("sergei"), 'm');
  EXPECT_EQ(GenderOfFirstName("lavrov"), 0);
  EXPECT_EQ(GenderOfSurname("zakharova"), 'f');
  EXPECT_EQ(GenderOfSurname("lavrov"), 0);  // a masculine ending says nothing
  EXPECT_EQ(GenderOfSurname("eva"), 0);     // too short to be an ending
  char gender = 0;
  bool plural = false;
  EXPECT_TRUE(IsResolvablePronoun("their", &gender, &plural));
  EXPECT_TRUE(plural);
  EXPECT_FALSE(IsResolvablePronoun("it", &gender, &plural));
  EXPECT_FALSE(IsResolvablePronoun("we", &gender, &plural));
}

TEST(CuesTest, InstitutionsAndCueWordsType) {
  EXPECT_TRUE(IsInstitution("kremlin"));
  EXPECT_TRUE(IsInstitution("white house"));
  EXPECT_FALSE(IsInstitution("moscow"));
  EXPECT_TRUE(IsOrgCueWord("ministry"));
  EXPECT_TRUE(IsPlaceCueWord("oblast"));
  EXPECT_TRUE(IsEventCueWord("summit"));
  EXPECT_FALSE(IsOrgCueWord("lavrov"));
}

// ---- documents ----------------------------------------------------------------------------

using Sentences = std::vector<std::vector<AnalyzedToken>>;

// The documents of documents.conllu by their "# newdoc id", each with its sentence texts.
struct Fixture {
  Sentences sentences;
  std::vector<std::string> texts;
};

const std::map<std::string, Fixture>& Documents() {
  static const std::map<std::string, Fixture> docs = [] {
    std::map<std::string, Fixture> m;
    auto read = nlp::ReadConlluFile(kData + "/documents.conllu");
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    if (!read.ok()) return m;
    std::string doc;
    for (const nlp::ConlluSentence& s : *read) {
      for (const std::string& c : s.comments) {
        if (c.rfind("# newdoc id = ", 0) == 0) doc = c.substr(14);
      }
      std::vector<AnalyzedToken> tokens;
      std::string text;
      for (const nlp::ConlluWord& w : s.words) {
        AnalyzedToken t;
        t.form = w.form;
        t.begin = static_cast<uint32_t>(text.size());
        text += w.form;
        t.end = static_cast<uint32_t>(text.size());
        if (!nlp::NoSpaceAfter(w.misc)) text += ' ';
        t.lemma = w.lemma;
        t.upos = w.upos;
        t.xpos = w.xpos;
        t.head = static_cast<uint32_t>(w.head);
        t.deprel = w.deprel;
        tokens.push_back(t);
      }
      m[doc].sentences.push_back(std::move(tokens));
      m[doc].texts.push_back(text);
    }
    return m;
  }();
  return docs;
}

// One document through the extractor and ResolveDocumentMentions.
struct Resolved {
  std::vector<std::vector<Extraction>> extractions;
  DocumentEntities entities;
  DocumentMentions mentions;

  std::vector<const Statement*> Statements() const {
    std::vector<const Statement*> out;
    for (const auto& sentence : extractions) {
      for (const Extraction& x : sentence) out.push_back(&x.statement);
    }
    return out;
  }
  // The first statement with predicate `lemma`; fails the test when there is none.
  const Statement& With(const std::string& lemma) const {
    for (const Statement* st : Statements()) {
      if (st->predicate.lemma == lemma) return *st;
    }
    ADD_FAILURE() << "no statement '" << lemma << "'";
    static const Statement none;
    return none;
  }
  // Index of the entity called `name`, -1 when none.
  int Entity(const std::string& name) const {
    for (size_t i = 0; i < entities.entities.size(); ++i) {
      if (entities.entities[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  std::string Id(const std::string& name) const {
    const int e = Entity(name);
    return e < 0 ? "<no entity " + name + ">" : "local:" + std::to_string(e);
  }
  const DocumentEntity& Get(const std::string& name) const {
    const int e = Entity(name);
    EXPECT_GE(e, 0) << "no entity " << name;
    static const DocumentEntity none;
    return e < 0 ? none : entities.entities[e];
  }
  // The mention whose text is `text` (a pronoun's lower-case form) in sentence `s`.
  int Mention(int s, const std::string& text) const {
    for (size_t i = 0; i < mentions.mentions.size(); ++i) {
      const auto& m = mentions.mentions[i];
      if (m.sentence == s && m.text == text) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no mention '" << text << "' in sentence " << s;
    return 0;
  }
};

Resolved Resolve(const std::string& doc) {
  Resolved r;
  const auto it = Documents().find(doc);
  EXPECT_NE(it, Documents().end()) << doc;
  if (it == Documents().end()) return r;
  const Fixture& f = it->second;
  auto extractor = MakeStatementExtractor("clause");
  EXPECT_TRUE(extractor.ok());
  r.extractions.resize(f.sentences.size());
  for (size_t s = 0; s < f.sentences.size(); ++s) {
    SentenceContext context;
    context.doc = doc;
    context.sentence = f.texts[s];
    EXPECT_TRUE((*extractor)->Process(f.sentences[s], context, &r.extractions[s]).ok());
  }
  Status status = ResolveDocumentMentions(Places(), f.sentences, &r.extractions, &r.entities);
  EXPECT_TRUE(status.ok()) << status.ToString();
  r.mentions = ClusterMentions(Places(), f.sentences);
  return r;
}

// Passes 1 and 2: "Sergei Lavrov", "Mr Lavrov", "Lavrov" are one person; the title is no part
// of the name but a role.
TEST(CoreferenceTest, ANameWithTitleOrFirstNameDroppedIsTheSamePerson) {
  const Resolved r = Resolve("names");
  const DocumentEntity& lavrov = r.Get("Sergei Lavrov");
  EXPECT_EQ(lavrov.type, "PERSON");
  EXPECT_EQ(lavrov.aliases, (std::vector<Alias>{{"Lavrov", 2}, {"Sergei Lavrov", 1}}));
  EXPECT_NE(std::find(lavrov.roles.begin(), lavrov.roles.end(), "foreign minister of russia"),
            lavrov.roles.end());
  EXPECT_EQ(r.Entity("Mr Lavrov"), -1);
  EXPECT_EQ(r.Entity("Foreign Minister"), -1);
  for (const std::string lemma : {"fly to", "meet", "say"}) {
    EXPECT_EQ(r.With(lemma).subject.name, "Sergei Lavrov") << lemma;
    EXPECT_EQ(r.With(lemma).subject.id, r.Id("Sergei Lavrov")) << lemma;
    EXPECT_EQ(r.With(lemma).subject.type, "PERSON") << lemma;
  }
  EXPECT_EQ(r.With("fly to").object.name, "Ankara");
  EXPECT_EQ(r.With("fly to").object.type, "LOCATION");  // from the gazetteer
  // The title is a role statement; "Russian" names the country.
  const Statement& role = r.With("foreign minister of");
  EXPECT_EQ(role.subject.id, r.Id("Sergei Lavrov"));
  EXPECT_EQ(role.object.name, "Russia");
  EXPECT_EQ(role.object.type, "LOCATION");
  ASSERT_EQ(role.evidence.size(), 1u);
  EXPECT_EQ(role.evidence[0].sentence, Documents().at("names").texts[0]);
  EXPECT_EQ(r.mentions.pass[r.Mention(1, "Lavrov")], "name");
  EXPECT_EQ(r.mentions.pass[r.Mention(2, "Lavrov")], "exact");
}

// Pass 4: "the foreign minister" is the one name the document made foreign minister.
TEST(CoreferenceTest, ARoleNominalJoinsTheNameThatHeldTheRole) {
  const Resolved r = Resolve("names");
  EXPECT_EQ(r.With("visit").subject.name, "Sergei Lavrov");
  EXPECT_EQ(r.mentions.pass[r.Mention(3, "foreign minister")], "role");
}

// Pass 5: he and she find the person of their gender; the evidence stays on the pronoun's
// sentence.
TEST(CoreferenceTest, PronounsFindThePersonOfTheirGender) {
  const Resolved r = Resolve("pronouns");
  const Statement& he_said = r.With("say");
  EXPECT_EQ(he_said.subject.name, "Dmitry Peskov");
  EXPECT_EQ(he_said.subject.id, r.Id("Dmitry Peskov"));
  ASSERT_EQ(he_said.evidence.size(), 1u);
  EXPECT_EQ(he_said.evidence[0].sentence, Documents().at("pronouns").texts[1]);
  const Statement& she_added = r.With("add");
  EXPECT_EQ(she_added.subject.name, "Maria Zakharova");
  EXPECT_EQ(she_added.evidence[0].sentence, Documents().at("pronouns").texts[3]);
  // What the pronoun's sentence reports is attributed to the person too.
  const Statement& take = r.With("take");
  ASSERT_TRUE(take.qualifiers.attributed_to.has_value());
  EXPECT_EQ(take.qualifiers.attributed_to->id, r.Id("Dmitry Peskov"));
  EXPECT_EQ(r.Get("Dmitry Peskov").type, "PERSON");
  EXPECT_EQ(r.Get("Maria Zakharova").type, "PERSON");
  EXPECT_EQ(r.Get("Minsk").type, "LOCATION");  // "in Minsk"
}

// Titles and appositions become role statements, their organisation an entity of its own.
TEST(CoreferenceTest, TitlesAndAppositionsAreRoleStatements) {
  const Resolved r = Resolve("pronouns");
  const Statement& spokesman = r.With("spokesman of");
  EXPECT_EQ(spokesman.subject.name, "Dmitry Peskov");
  EXPECT_EQ(spokesman.object.name, "Kremlin");
  EXPECT_EQ(spokesman.object.type, "ORG");
  EXPECT_EQ(spokesman.object.id, r.Id("Kremlin"));
  EXPECT_EQ(r.With("spokeswoman of").subject.name, "Maria Zakharova");
  const DocumentEntity& peskov = r.Get("Dmitry Peskov");
  EXPECT_EQ(peskov.roles, std::vector<std::string>{"spokesman of kremlin"});
  // Minsk shares a sentence with "he".
  EXPECT_EQ(peskov.cooccurring, (std::vector<std::string>{"Kremlin", "Minsk"}));
  EXPECT_EQ(r.Get("Maria Zakharova").roles,
            std::vector<std::string>{"spokeswoman of foreign ministry"});
}

// "Former" before an organisation and a title ("Former Acme Chief Financial Officer Dana
// Whitlow") says when the role was held: it is the role's, not the first word of the
// organisation's name, so "Acme" later in the article is that organisation and not a person
// "Former Acme" (the parse is the parser's own, after a dateline). Being the organisation of a
// role types it ORG even when it is later a speaker.
TEST(CoreferenceTest, ATenureWordBeforeAnOrganisationIsTheRolesNotTheName) {
  const Resolved r = Resolve("tenure");
  EXPECT_EQ(r.Entity("Former Acme"), -1);
  // The organisation of a role outweighs "Acme said" (a speaker, usually a person).
  EXPECT_EQ(r.Get("Acme").type, "ORG");
  const DocumentEntity& whitlow = r.Get("Dana Whitlow");
  ASSERT_EQ(whitlow.roles.size(), 1u);
  EXPECT_NE(whitlow.roles[0].find("former"), std::string::npos) << whitlow.roles[0];
  EXPECT_NE(whitlow.roles[0].find("of acme"), std::string::npos) << whitlow.roles[0];
  EXPECT_EQ(r.With("say").subject.id, r.Id("Acme"));
}

// A speaker whose reported clause has "it" as its subject speaks of itself as an organisation
// does; not when the "it" is a predicate's ("it is unlikely") or a thing's ("it showed").
TEST(CoreferenceTest, ASpeakerThatCallsItselfItIsAnOrganisation) {
  const Resolved r = Resolve("itspeaker");
  EXPECT_EQ(r.Get("Brantco").type, "ORG");
  EXPECT_EQ(r.Get("Morsby").type, "PERSON");
  EXPECT_EQ(r.Get("Torvik").type, "PERSON");
}

// Where a name stands says it is a business: the subject owns its object as "its", the name
// qualifies shares, or a business noun stands just before it. Not a name that "its" follows
// in another role, nor the subject of a relative clause after "the company".
TEST(CoreferenceTest, ContextsOfABusinessMakeAnOrganisation) {
  const Resolved r = Resolve("orgcontext");
  EXPECT_EQ(r.Get("Brantco").type, "ORG");
  EXPECT_EQ(r.Get("Velmont").type, "ORG");
  EXPECT_EQ(r.Get("Quorix").type, "ORG");
  EXPECT_NE(r.Get("Helga Morsby").type, "ORG");
  EXPECT_NE(r.Get("Pell").type, "ORG");
}

// A word said twice in a row ends a name (two names run together in a list of headlines).
TEST(CoreferenceTest, AWordSaidTwiceInARowEndsTheName) {
  const Resolved r = Resolve("repeat");
  EXPECT_EQ(r.Entity("Tomas Vell Vell"), -1);
  EXPECT_GE(r.Entity("Tomas Vell"), 0);
  EXPECT_EQ(r.entities.entities.size(), 1u);
}

// A role's lower-case complement is a field, not an organisation ("professor of marketing").
TEST(CoreferenceTest, ARolesLowerCaseComplementIsNoOrganisation) {
  const Resolved r = Resolve("fieldrole");
  const Statement& role = r.With("professor of");
  EXPECT_EQ(role.object.name, "marketing");
  EXPECT_EQ(role.object.type, "OTHER");
}

// A speaker named with a title before the name is the entity of the name, in the attribution
// of what the speaker reported as in the subject of "say".
TEST(CoreferenceTest, ATitledSpeakerIsTheEntityOfTheName) {
  const Resolved r = Resolve("titledspeaker");
  const Statement& leave = r.With("leave");
  ASSERT_TRUE(leave.qualifiers.attributed_to.has_value());
  EXPECT_EQ(leave.qualifiers.attributed_to->name, "Tove Aune");
  EXPECT_EQ(leave.qualifiers.attributed_to->id, r.Id("Tove Aune"));
  EXPECT_EQ(r.With("say").subject.id, r.Id("Tove Aune"));
}

// Syntax: an object pronoun is not its own clause's subject.
TEST(CoreferenceTest, AnObjectPronounIsNotItsOwnClausesSubject) {
  const Resolved r = Resolve("syntax");
  const Statement& thanked = r.With("thank");
  EXPECT_EQ(thanked.subject.name, "Vladimir Putin");
  EXPECT_EQ(thanked.object.name, "Donald Trump");
  EXPECT_EQ(thanked.object.id, r.Id("Donald Trump"));
}

// Agreement: "she" after a man named as "spokesman" reaches nobody.
TEST(CoreferenceTest, APronounOfTheOtherGenderStaysUnresolved) {
  const Resolved r = Resolve("gender");
  EXPECT_EQ(r.mentions.entity[r.Mention(1, "she")], -1);
  const Statement& said = r.With("say");
  EXPECT_EQ(said.subject.name, "She");
  EXPECT_EQ(said.subject.id, "");
  EXPECT_TRUE(IsResolvablePronounName(said.subject.name));
}

// Recency: an unnamed woman between the mayor and "she" takes the pronoun.
TEST(CoreferenceTest, AnUnnamedPersonNearerThanAnyNameTakesThePronoun) {
  const Resolved r = Resolve("blocker");
  EXPECT_EQ(r.mentions.entity[r.Mention(1, "she")], -1);
  EXPECT_EQ(r.With("wait for").subject.name, "she");
  EXPECT_EQ(r.Get("Ivan Petrenko").roles, std::vector<std::string>{"mayor"});
  const Statement& mayor = r.With("be");
  EXPECT_EQ(mayor.subject.name, "Ivan Petrenko");
  EXPECT_EQ(mayor.object.name, "mayor");
  EXPECT_EQ(mayor.object.type, "ROLE");
  size_t roles = 0;
  for (const Statement* st : r.Statements()) roles += st->object.type == "ROLE";
  EXPECT_EQ(roles, 1u) << "one role statement, not one from the extractor and one from here";
}

// Traps: a demonym is not its country, and metonymy is not identity.
TEST(CoreferenceTest, DemonymsAndMetonymsStayApart) {
  const Resolved r = Resolve("traps");
  EXPECT_EQ(r.Get("Ukraine").type, "LOCATION");
  EXPECT_EQ(r.Entity("Ukrainian"), -1);
  EXPECT_EQ(r.Get("Kremlin").type, "ORG");
  EXPECT_EQ(r.Get("Vladimir Putin").type, "PERSON");
  EXPECT_EQ(r.Get("Moscow").type, "LOCATION");
  EXPECT_EQ(r.Get("Russia").type, "LOCATION");
  EXPECT_EQ(r.Get("Kherson").type, "LOCATION");
  EXPECT_EQ(r.Get("Kharkiv").type, "LOCATION");
  std::set<int> distinct;
  for (const std::string name :
       {"Ukraine", "Kremlin", "Vladimir Putin", "Moscow", "Russia", "Kherson", "Kharkiv"}) {
    distinct.insert(r.Entity(name));
  }
  EXPECT_EQ(distinct.size(), 7u);
  EXPECT_EQ(r.entities.entities.size(), 7u);
  const Statement& stay = r.With("stay in");
  EXPECT_EQ(stay.subject.id, r.Id("Vladimir Putin"));
  ASSERT_TRUE(stay.qualifiers.attributed_to.has_value());
  EXPECT_EQ(stay.qualifiers.attributed_to->id, r.Id("Kremlin"));
  // The officials are no entity: their statement keeps the extractor's node.
  EXPECT_EQ(r.With("say").subject.name, "Ukrainian officials");
  EXPECT_EQ(r.With("say").subject.id, "");
}

// Whole words only: "Dmitriev" is Kirill Dmitriev, never Dmitry Peskov.
TEST(CoreferenceTest, ASurnameMatchesWholeWordsOnly) {
  const Resolved r = Resolve("dmitriev");
  EXPECT_EQ(r.With("say").subject.name, "Kirill Dmitriev");
  EXPECT_EQ(r.Get("Kirill Dmitriev").aliases,
            (std::vector<Alias>{{"Dmitriev", 1}, {"Kirill Dmitriev", 1}}));
  EXPECT_EQ(r.Get("Dmitry Peskov").aliases, (std::vector<Alias>{{"Dmitry Peskov", 1}}));
}

// Pass 3: an acronym joins the name whose initials it is.
TEST(CoreferenceTest, AnAcronymJoinsItsLongForm) {
  const Resolved r = Resolve("acronym");
  const DocumentEntity& nato = r.Get("North Atlantic Treaty Organization");
  EXPECT_EQ(nato.type, "ORG");
  EXPECT_EQ(nato.aliases,
            (std::vector<Alias>{{"NATO", 1}, {"North Atlantic Treaty Organization", 1}}));
  EXPECT_EQ(r.Entity("North"), -1);
  EXPECT_EQ(r.With("promise").subject.name, "North Atlantic Treaty Organization");
  EXPECT_EQ(r.Get("Vilnius").type, "LOCATION");
  EXPECT_EQ(r.Get("Kyiv").type, "LOCATION");
}

// "they" takes an organisation that is the subject of its own sentence; in a later sentence,
// or past two people, it stays unresolved.
TEST(CoreferenceTest, TheyTakesAnOrganisationOnlyInItsOwnSentence) {
  const Resolved r = Resolve("plural");
  EXPECT_EQ(r.Get("Foreign Ministry").type, "ORG");
  EXPECT_EQ(r.mentions.entity[r.Mention(0, "they")], r.Entity("Foreign Ministry"));
  EXPECT_EQ(r.With("tell").object.name, "Foreign Ministry");
  EXPECT_EQ(r.mentions.entity[r.Mention(1, "they")], -1);
  EXPECT_EQ(r.mentions.entity[r.Mention(3, "they")], -1);
  EXPECT_EQ(r.Get("Donald Trump").type, "PERSON");
}

// A name the tagger took for a common noun ("Marsh" as NN) is still the entity the document
// gave that name elsewhere.
TEST(CoreferenceTest, ANameTaggedAsACommonNounStillFindsItsEntity) {
  const Resolved r = Resolve("untagged");
  EXPECT_EQ(r.With("meet").subject.name, "Lena Marsh");
  EXPECT_EQ(r.With("meet").subject.id, r.Id("Lena Marsh"));
  EXPECT_EQ(r.With("meet").object.name, "mayor");  // a role nominal no title named
}

TEST(CoreferenceTest, EveryEntityHasANameAndAnEntityType) {
  for (const auto& [doc, fixture] : Documents()) {
    const Resolved r = Resolve(doc);
    for (const DocumentEntity& e : r.entities.entities) {
      EXPECT_FALSE(e.name.empty()) << doc;
      if (e.role_nominal) {  // an unresolved "the mayor": its role phrase, no alias
        EXPECT_EQ(e.type, "ROLE") << doc << ": " << e.name;
        EXPECT_TRUE(e.aliases.empty()) << doc << ": " << e.name;
        EXPECT_EQ(e.roles, std::vector<std::string>{e.name}) << doc;
        continue;
      }
      EXPECT_FALSE(e.aliases.empty()) << doc << ": " << e.name;
      EXPECT_TRUE(e.type == "PERSON" || e.type == "ORG" || e.type == "LOCATION" ||
                  e.type == "EVENT" || e.type == "OTHER")
          << doc << ": " << e.name << " " << e.type;
    }
    // Literals are never rewritten.
    for (const Statement* st : r.Statements()) {
      for (const Node* n : {&st->subject, &st->object}) {
        if (IsLiteralType(n->type) || n->type == "ROLE") {
          if (n->type == "ROLE" && n->id.rfind("local:", 0) == 0) {  // a role nominal's entity
            EXPECT_TRUE(r.entities.entities[std::stoul(n->id.substr(6))].role_nominal) << n->name;
            continue;
          }
          EXPECT_EQ(n->id, "") << n->name;
        }
      }
    }
  }
}

TEST(CoreferenceTest, MismatchedInputIsRefusedAndNothingRewritten) {
  const Fixture& f = Documents().at("syntax");
  std::vector<std::vector<Extraction>> extractions(1);
  DocumentEntities entities;
  Status s = ResolveDocumentMentions(Places(), f.sentences, &extractions, &entities);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);

  extractions.assign(f.sentences.size(), {});
  Extraction x;
  x.statement.subject.name = "Putin";
  x.subject_head = 99;
  extractions[1].push_back(x);
  s = ResolveDocumentMentions(Places(), f.sentences, &extractions, &entities);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.ToString().find("sentence 2"), std::string::npos) << s.ToString();
  EXPECT_EQ(extractions[1][0].statement.subject.name, "Putin");
  EXPECT_EQ(extractions[1][0].statement.subject.id, "");
}

}  // namespace
}  // namespace kg::core::resolve
