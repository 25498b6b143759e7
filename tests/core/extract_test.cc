// Rule tests for the clause extractor: each sentence is ours, with a hand-written gold parse in
// tests/data/extract/rules.conllu, so the tests check the rules and not the parser.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "core/extract/qualifiers.h"
#include "kg/extract.h"
#include "tests/util/parsed_sentences.h"

namespace kg {
namespace {

using Parsed = testing::ParsedSentence;

const std::map<std::string, Parsed>& Fixtures() {
  static const std::map<std::string, Parsed> fixtures = testing::ReadParsedSentences(
      std::string(KG_SOURCE_DIR) + "/tests/data/extract/rules.conllu", 100, "");
  return fixtures;
}

std::vector<Extraction> Extract(const std::string& id, const ExtractorOptions& options = {}) {
  auto it = Fixtures().find(id);
  EXPECT_NE(it, Fixtures().end()) << "no fixture " << id;
  if (it == Fixtures().end()) return {};
  auto extractor = MakeStatementExtractor("clause", options);
  EXPECT_TRUE(extractor.ok());
  std::vector<Extraction> out;
  Status s = (*extractor)->Process(it->second.tokens, it->second.context, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string Dump(const std::vector<Extraction>& found) {
  std::ostringstream o;
  for (const Extraction& e : found) {
    const Statement& s = e.statement;
    o << "  [" << s.subject.name << "] -" << s.predicate.lemma << "-> [" << s.object.name
      << "] rule=" << s.evidence[0].rule << " time=" << s.qualifiers.time << "\n";
  }
  return o.str();
}

const Statement* Find(const std::vector<Extraction>& found, const std::string& subject,
                      const std::string& lemma, const std::string& object) {
  for (const Extraction& e : found) {
    const Statement& s = e.statement;
    if (s.subject.name == subject && s.predicate.lemma == lemma && s.object.name == object) {
      return &s;
    }
  }
  return nullptr;
}

#define EXPECT_STATEMENT(found, st, subject, lemma, object)                           \
  const Statement* st = Find(found, subject, lemma, object);                          \
  ASSERT_NE(st, nullptr) << "missing " << subject << " -" << lemma << "-> " << object \
                         << "\nfound:\n"                                              \
                         << Dump(found)

// The Open IE view of statement `st` (one of `found`): its relation and second argument.
void ExpectOpenIe(const std::vector<Extraction>& found, const Statement* st,
                  const std::string& relation, const std::string& arg2) {
  for (const Extraction& e : found) {
    if (&e.statement != st) continue;
    EXPECT_EQ(e.relation, relation);
    ASSERT_EQ(e.arguments.size(), 2u);
    EXPECT_EQ(e.arguments[1], arg2);
    return;
  }
  ADD_FAILURE() << "statement not among the extractions";
}

// Statement `st` (one of `found`) is attributed to `speaker`.
void ExpectAttributedTo(const std::vector<Extraction>& found, const Statement* st,
                        const std::string& speaker) {
  ASSERT_TRUE(st->qualifiers.attributed_to.has_value()) << Dump(found);
  EXPECT_EQ(st->qualifiers.attributed_to->name, speaker);
}

TEST(ExtractTest, SubjectVerbObjectWithWeekdayAndEvidence) {
  auto found = Extract("svo_time");
  EXPECT_STATEMENT(found, st, "Marta Kowal", "sign", "treaty");
  EXPECT_EQ(st->qualifiers.time, "2026-03-12");  // the Thursday before Saturday 14 March
  EXPECT_EQ(st->predicate.text, "signed");
  ASSERT_EQ(st->evidence.size(), 1u);
  EXPECT_EQ(st->evidence[0].rule, "svo");
  EXPECT_EQ(st->evidence[0].doc, "doc-svo_time");
  EXPECT_EQ(st->evidence[0].begin, 100u);
  EXPECT_EQ(st->evidence[0].end, 100u + st->evidence[0].sentence.size());
  EXPECT_EQ(st->evidence[0].sentence, "Marta Kowal signed the treaty on Thursday.");
  EXPECT_GT(st->confidence, 0.5);
  EXPECT_FALSE(st->qualifiers.negated);
  EXPECT_EQ(st->qualifiers.modality, "");
  EXPECT_FALSE(st->qualifiers.attributed_to.has_value());
}

TEST(ExtractTest, ConjoinedSubjectsSplitIntoTwoStatements) {
  auto found = Extract("conj_subjects");
  // Speaking is done with someone: each conjoined subject with the other.
  EXPECT_STATEMENT(found, a, "Kowal", "speak", "Brandt");
  EXPECT_STATEMENT(found, b, "Brandt", "speak", "Kowal");
  EXPECT_EQ(a->evidence[0].rule, "sv/reciprocal");
}

TEST(ExtractTest, ConjoinedVerbsShareSubjectAndElidedNoun) {
  auto found = Extract("conj_verbs");
  EXPECT_STATEMENT(found, shot, "army", "shoot down", "41 drones");
  ASSERT_TRUE(shot->qualifiers.quantity.has_value());
  EXPECT_EQ(shot->qualifiers.quantity->value, 41);
  EXPECT_EQ(shot->qualifiers.quantity->unit, "drone");
  EXPECT_STATEMENT(found, redirected, "army", "redirect", "40 drones");
  ASSERT_TRUE(redirected->qualifiers.quantity.has_value());
  EXPECT_EQ(redirected->qualifiers.quantity->value, 40);
  EXPECT_EQ(redirected->qualifiers.quantity->unit, "drone");
  EXPECT_LT(redirected->confidence, shot->confidence);  // an inherited subject is less sure
}

TEST(ExtractTest, CopulaWithNounModifier) {
  auto found = Extract("copula");
  EXPECT_STATEMENT(found, st, "Ilse Brandt", "be mayor of", "Velden");
  EXPECT_EQ(st->evidence[0].rule, "copula");
  // CaRB surface: relation as written, arguments in order.
  for (const Extraction& e : found) {
    if (&e.statement == st) {
      EXPECT_EQ(e.relation, "is the mayor of");
      ASSERT_EQ(e.arguments.size(), 2u);
      EXPECT_EQ(e.arguments[0], "Ilse Brandt");
      EXPECT_EQ(e.arguments[1], "Velden");
    }
  }
}

TEST(ExtractTest, LightVerbAdjectiveWithXcomp) {
  auto found = Extract("light_verb");
  EXPECT_STATEMENT(found, st, "Velden", "be ready to reach", "deal");
  EXPECT_EQ(st->predicate.text, "is ready to reach");
}

TEST(ExtractTest, XcompChainCarriesPrepositionalObject) {
  auto found = Extract("xcomp_chain");
  EXPECT_STATEMENT(found, st, "council", "rule out agree to", "plan");
  EXPECT_EQ(st->predicate.text, "ruled out agreeing to");
}

TEST(ExtractTest, PassiveWithAgentIsNormalised) {
  auto found = Extract("passive_agent");
  EXPECT_STATEMENT(found, st, "drone", "destroy", "bridge");
  EXPECT_EQ(st->evidence[0].rule, "passive");
  for (const Extraction& e : found) {
    if (&e.statement == st) {
      EXPECT_EQ(e.relation, "was destroyed by");
      EXPECT_EQ(e.arguments[0], "The bridge");
      EXPECT_EQ(e.arguments[1], "a drone");
    }
  }
}

TEST(ExtractTest, PassiveWithoutAgentKeepsPatientAsObject) {
  auto found = Extract("passive_no_agent");
  EXPECT_STATEMENT(found, st, "", "kill", "Two soldiers");
  EXPECT_EQ(st->subject.type, "UNKNOWN");
  EXPECT_EQ(st->evidence[0].rule, "passive/no-agent");
  ASSERT_TRUE(st->qualifiers.quantity.has_value());
  EXPECT_EQ(st->qualifiers.quantity->value, 2);
  EXPECT_EQ(st->qualifiers.quantity->comparator, "=");
  ASSERT_TRUE(st->qualifiers.location.has_value());
  EXPECT_EQ(st->qualifiers.location->name, "Orlen");
}

TEST(ExtractTest, TitleInNameBecomesRoleStatement) {
  auto found = Extract("title");
  EXPECT_STATEMENT(found, role, "Tomas Reyes", "spokesman of", "Senate");
  EXPECT_EQ(role->evidence[0].rule, "title/role");
  EXPECT_STATEMENT(found, visit, "Tomas Reyes", "visit", "Orlen");  // title not in the name
}

// A title before a name may itself be a proper noun with a role word of its own ("Chief
// Financial Officer" before "Dana Whitlow"): the title is no name to hang another title on,
// so no statement has "Financial Officer" as its subject. The tree is the parser's own.
TEST(ExtractTest, ATitleIsNoNameOfItsOwn) {
  auto found = Extract("title_of_title");
  for (const Extraction& e : found) {
    EXPECT_EQ(e.statement.subject.name.find("Officer"), std::string::npos) << Dump(found);
  }
  EXPECT_STATEMENT(found, admit, "Dana Whitlow", "admit",
                   "she arranged a job for a senior Navy buyer");
}

// The parser read "yesterday" as the subject, with "Acme Co." its compound: the name is the
// speaker, the day the time of the saying (the tree is the parser's own).
TEST(ExtractTest, ARelativeDayReadAsTheSubjectIsTheTime) {
  auto found = Extract("day_as_subject");
  EXPECT_STATEMENT(found, say, "Acme Co.", "say", "it believes Whitlow acted alone");
  EXPECT_EQ(say->qualifiers.time, "2026-03-13");
  for (const Extraction& e : found) {
    EXPECT_EQ(e.statement.subject.name.find("yesterday"), std::string::npos) << Dump(found);
  }
}

TEST(ExtractTest, AppositionWithPossessiveBecomesRoleStatement) {
  auto found = Extract("apposition");
  EXPECT_STATEMENT(found, role, "Anna Lind", "foreign minister of", "Norland");
  EXPECT_EQ(role->evidence[0].rule, "apposition/role");
  EXPECT_STATEMENT(found, arrive, "Anna Lind", "arrive in", "Velden");
}

TEST(ExtractTest, RelativeClauseAttachesToHeadNoun) {
  auto found = Extract("relative");
  EXPECT_STATEMENT(found, met, "envoy", "meet", "Kowal");
  EXPECT_EQ(met->evidence[0].rule, "relative-clause");
  EXPECT_STATEMENT(found, left, "envoy", "leave", "Velden");
  EXPECT_EQ(left->qualifiers.time, "2026-03-13");
  EXPECT_EQ(Find(found, "who", "meet", "Kowal"), nullptr);
}

TEST(ExtractTest, ParticipleClauseWithAgent) {
  auto found = Extract("participle");
  EXPECT_STATEMENT(found, launched, "Norland", "launch", "Drones");
  EXPECT_STATEMENT(found, hit, "Drones", "hit", "depot");
}

TEST(ExtractTest, NounMediatedEventWithYear) {
  auto found = Extract("noun_event");
  EXPECT_STATEMENT(found, st, "Norland", "annex", "Ostmark");
  EXPECT_EQ(st->qualifiers.time, "2019");
  EXPECT_EQ(st->evidence[0].rule, "noun-event");
  ExtractorOptions off;
  off.noun_events = false;
  EXPECT_EQ(Find(Extract("noun_event", off), "Norland", "annex", "Ostmark"), nullptr);
}

TEST(ExtractTest, NegationIsAQualifier) {
  auto found = Extract("negation");
  EXPECT_STATEMENT(found, st, "Brandt", "sign", "deal");
  EXPECT_TRUE(st->qualifiers.negated);
  EXPECT_EQ(st->predicate.text, "did not sign");
}

TEST(ExtractTest, ModalityIsAQualifier) {
  auto found = Extract("modality");
  EXPECT_STATEMENT(found, st, "Norland", "send", "troops");
  EXPECT_EQ(st->qualifiers.modality, "could");
  EXPECT_FALSE(st->qualifiers.negated);
}

TEST(ExtractTest, ReportedSpeechIsAttributed) {
  auto found = Extract("reported_speech");
  EXPECT_STATEMENT(found, say, "Lind", "say", "Norland would reopen the border");
  EXPECT_EQ(say->object.type, "CLAIM");
  EXPECT_EQ(say->evidence[0].rule, "attribution/say");
  EXPECT_FALSE(say->qualifiers.attributed_to.has_value());
  EXPECT_STATEMENT(found, inner, "Norland", "reopen", "border");
  ASSERT_TRUE(inner->qualifiers.attributed_to.has_value());
  EXPECT_EQ(inner->qualifiers.attributed_to->name, "Lind");
  EXPECT_EQ(inner->qualifiers.modality, "would");
}

TEST(ExtractTest, QuotationIsAttributedToSpeaker) {
  auto found = Extract("quotation");
  EXPECT_STATEMENT(found, say, "Reyes", "say", "We will rebuild the port");
  EXPECT_EQ(say->evidence[0].rule, "attribution/quote");
  EXPECT_STATEMENT(found, inner, "We", "rebuild", "port");
  ASSERT_TRUE(inner->qualifiers.attributed_to.has_value());
  EXPECT_EQ(inner->qualifiers.attributed_to->name, "Reyes");
  EXPECT_EQ(inner->qualifiers.modality, "will");
}

TEST(ExtractTest, AccordingToIsAttribution) {
  auto found = Extract("according_to");
  EXPECT_STATEMENT(found, st, "convoy", "reach", "Orlen");
  ASSERT_TRUE(st->qualifiers.attributed_to.has_value());
  EXPECT_EQ(st->qualifiers.attributed_to->name, "Radio Velden");
}

TEST(ExtractTest, EarlyMonthResolvesToThatMonth) {
  auto found = Extract("time_early_month");
  EXPECT_STATEMENT(found, st, "talks", "resume", "");
  EXPECT_EQ(st->qualifiers.time, "2026-04");
}

TEST(ExtractTest, SinceLastMonthRunsToTheDocumentDate) {
  auto found = Extract("time_since_last");
  EXPECT_STATEMENT(found, st, "Norland", "hold", "port");
  EXPECT_EQ(st->qualifiers.time, "2026-02/2026-05-10");
}

TEST(ExtractTest, YesterdayAndLocation) {
  auto found = Extract("time_yesterday_location");
  EXPECT_STATEMENT(found, st, "Kowal", "meet", "Brandt");
  EXPECT_EQ(st->qualifiers.time, "2026-05-09");
  ASSERT_TRUE(st->qualifiers.location.has_value());
  EXPECT_EQ(st->qualifiers.location->name, "Velden");
}

TEST(ExtractTest, FullDateIsNotAnObject) {
  auto found = Extract("time_full_date");
  EXPECT_STATEMENT(found, st, "ceasefire", "begin", "");
  EXPECT_EQ(st->qualifiers.time, "2024-03-03");
}

TEST(ExtractTest, QuantityKeepsComparator) {
  auto found = Extract("quantity_at_least");
  // A casualty figure (core/extract/casualties.h): the counted noun is the object and the
  // number, with its comparator, the quantity, so figures from several reports line up.
  EXPECT_STATEMENT(found, st, "storm", "kill", "people");
  ASSERT_TRUE(st->qualifiers.quantity.has_value());
  EXPECT_EQ(st->qualifiers.quantity->value, 12);
  EXPECT_EQ(st->qualifiers.quantity->comparator, ">=");
  EXPECT_EQ(st->qualifiers.quantity->unit, "people");
}

TEST(ExtractTest, QuantityWithGluedUnit) {
  auto found = Extract("quantity_unit");
  EXPECT_STATEMENT(found, st, "drone", "carry", "250kg explosives");
  ASSERT_TRUE(st->qualifiers.quantity.has_value());
  EXPECT_EQ(st->qualifiers.quantity->value, 250);
  EXPECT_EQ(st->qualifiers.quantity->unit, "kg");
}

TEST(ExtractTest, FutureClauseResolvesWeekdayForward) {
  auto found = Extract("will_weekday");
  EXPECT_STATEMENT(found, st, "Brandt", "visit", "Orlen");
  EXPECT_EQ(st->qualifiers.modality, "will");
  EXPECT_EQ(st->qualifiers.time, "2026-03-17");  // the Tuesday after Saturday 14 March
}

TEST(ExtractTest, PlaceModifierOfANounIsLocatedIn) {
  auto found = Extract("located_in");
  EXPECT_STATEMENT(found, st, "museum", "be in", "Velden");
  EXPECT_EQ(st->evidence[0].rule, "noun/located-in");
  EXPECT_STATEMENT(found, clause, "museum", "reopen", "");
}

TEST(ExtractTest, PossessiveIsHave) {
  auto found = Extract("possessive");
  EXPECT_STATEMENT(found, st, "Norland", "have", "navy");
  EXPECT_EQ(st->evidence[0].rule, "possessive");
  EXPECT_STATEMENT(found, clause, "Norland's navy", "sail", "");
}

TEST(ExtractTest, GerundComplementChainsLikeAnXcomp) {
  auto found = Extract("gerund_chain");
  EXPECT_STATEMENT(found, st, "council", "rule out sell", "harbour");
  EXPECT_EQ(st->predicate.text, "ruled out selling");
}

TEST(ExtractTest, TrailingReportingVerbAttributesTheClause) {
  auto found = Extract("reporting_advcl");
  EXPECT_STATEMENT(found, said, "port officials", "say", "The ferry resumed its service");
  EXPECT_EQ(said->evidence[0].rule, "attribution/quote");
  EXPECT_FALSE(said->qualifiers.attributed_to.has_value());
  EXPECT_STATEMENT(found, st, "ferry", "resume", "its service");
  ASSERT_TRUE(st->qualifiers.attributed_to.has_value());
  EXPECT_EQ(st->qualifiers.attributed_to->name, "port officials");
}

TEST(ExtractTest, NationalityBeforeATitleNamesTheCountry) {
  auto found = Extract("title_demonym");
  EXPECT_STATEMENT(found, role, "Ada Vell", "foreign minister of", "Denmark");
  EXPECT_EQ(role->evidence[0].rule, "title/role");
  EXPECT_STATEMENT(found, met, "Ada Vell", "meet", "envoy");
}

TEST(ExtractTest, PossessiveBeforeATitleNamesTheOrganisationWhereverItHangs) {
  auto found = Extract("title_possessive_elsewhere");
  EXPECT_STATEMENT(found, role, "Ada Vell", "foreign minister of", "Norland");
}

TEST(ExtractTest, NameParsedUnderItsRoleNounIsTheNode) {
  auto found = Extract("name_under_role_noun");
  EXPECT_STATEMENT(found, st, "Ada Vell", "speak", "");
}

TEST(ExtractTest, AdjectiveComplementOfALinkingVerbIsItsArgument) {
  auto found = Extract("linking_complement");
  EXPECT_STATEMENT(found, st, "queues", "become", "longer");
  ExpectOpenIe(found, st, "became", "longer");
}

TEST(ExtractTest, ExtraposedInfinitiveIsTheSubjectOfAnExpletiveCopula) {
  auto found = Extract("expletive_copula");
  EXPECT_STATEMENT(found, st, "close the bridge", "be", "mistake");
  EXPECT_EQ(st->subject.type, "CLAIM");
  EXPECT_EQ(st->predicate.text, "was mistake");
  ExpectOpenIe(found, st, "was", "a mistake");
  for (const Extraction& e : found) {
    EXPECT_NE(e.statement.subject.name, "mistake") << "the infinitive is not the noun's modifier";
  }
}

TEST(ExtractTest, DescriptorBeforeANameIsARole) {
  auto found = Extract("descriptor_name");
  EXPECT_STATEMENT(found, role, "Saltmere Oars", "be", "Rowing club");
  EXPECT_EQ(role->object.type, "ROLE");
  EXPECT_STATEMENT(found, won, "Saltmere Oars", "win", "cup");
}

TEST(ExtractTest, ThatClauseUnderASpeechVerbsPhraseIsAttributed) {
  // The parser hung the reported clause on "interview"; it is still Kowal's claim.
  auto found = Extract("that_clause_under_phrase");
  for (const Extraction& e : found) {
    if (e.statement.subject.name != "Norland") continue;
    ASSERT_TRUE(e.statement.qualifiers.attributed_to.has_value()) << Dump(found);
    EXPECT_EQ(e.statement.qualifiers.attributed_to->name, "Kowal");
    return;
  }
  ADD_FAILURE() << "no statement about Norland:\n" << Dump(found);
}

TEST(ExtractTest, WhichHungOnTheMainVerbStandsForItsLastParticipant) {
  auto found = Extract("which_on_main_clause");
  EXPECT_STATEMENT(found, raises, "budget", "raise", "fees");
  EXPECT_STATEMENT(found, approved, "council", "approve", "budget");
  // "this year" and "on Thursday": the day is the more precise of the two.
  EXPECT_EQ(approved->qualifiers.time, "2026-05-07");
}

TEST(ExtractTest, RaisingPassiveKeepsItsSubjectAsTheAgent) {
  auto found = Extract("raising_passive");
  EXPECT_STATEMENT(found, st, "envoy", "be expect to meet", "mayor");
  EXPECT_EQ(st->evidence[0].rule, "svo");
  for (const Extraction& e : found) {
    EXPECT_NE(e.statement.subject.type, "UNKNOWN") << "not an agentless passive:\n" << Dump(found);
  }
}

TEST(ExtractTest, AscriptionWithAsIsTheSubjectsClaim) {
  auto found = Extract("ascription_as");
  EXPECT_STATEMENT(found, described, "Officials", "describe", "talks");
  EXPECT_STATEMENT(found, st, "talks", "be", "useful");
  EXPECT_EQ(st->evidence[0].rule, "attribution/as");
  ASSERT_TRUE(st->qualifiers.attributed_to.has_value());
  EXPECT_EQ(st->qualifiers.attributed_to->name, "Officials");
}

// The trees below are the parser's mistakes on sentences of this shape; the extractor mends them.

TEST(ExtractTest, PrepositionalSubjectGivesWayToTheNameInApposition) {
  auto found = Extract("repair_prepositional_subject");
  EXPECT_STATEMENT(found, st, "Berg", "criticize", "lack of funding");
  EXPECT_EQ(Find(found, "Monday", "criticize", "lack of funding"), nullptr) << Dump(found);
}

TEST(ExtractTest, NameAndRolePhraseAfterAQuotationGoToTheSpeechVerb) {
  auto found = Extract("repair_quote_tail_role");
  EXPECT_STATEMENT(found, role, "Anna Berg", "mayor of", "western Harlow district");
  EXPECT_STATEMENT(found, st, "storm", "flood", "valley");
  ExpectAttributedTo(found, st, "Anna Berg");
  for (const Extraction& e : found) {
    EXPECT_NE(e.statement.predicate.lemma, "flood for") << Dump(found);
  }
}

TEST(ExtractTest, ThatClauseReadAsRelativeClauseOfTheInterviewIsReported) {
  auto found = Extract("repair_that_clause_on_interview");
  EXPECT_STATEMENT(found, st, "harbour", "stay with", "city");
  ExpectAttributedTo(found, st, "Ross");
  EXPECT_EQ(Find(found, "harbour", "stay", "interview"), nullptr) << Dump(found);
}

TEST(ExtractTest, CoordinatedRolesInAnAppositionAreBothTheNames) {
  auto found = Extract("repair_coordinated_roles");
  EXPECT_STATEMENT(found, mayor, "Berg", "mayor of", "Harlow");
  EXPECT_STATEMENT(found, candidate, "Berg", "possible candidate of", "next elections");
  EXPECT_STATEMENT(found, opened, "Berg", "open", "fair");
}

TEST(ExtractTest, GerundAfterAnOfNounKeepsItsAgentAndStaysInTheObject) {
  auto found = Extract("gerund_after_of_noun");
  EXPECT_STATEMENT(found, st, "council", "rule out", "prospect of town joining league");
  EXPECT_STATEMENT(found, join, "town", "join", "league");
  // After a comma the gerund is the head noun's, as any participle.
  auto comma = Extract("gerund_after_comma");
  EXPECT_STATEMENT(comma, draw, "keeper of seal", "draw", "its power");
  EXPECT_EQ(Find(comma, "seal", "draw", "its power"), nullptr) << Dump(comma);
}

TEST(ExtractTest, CompoundsBeforeAVerbAreItsSubjectAndAParticleIsItsOwn) {
  auto found = Extract("repair_compound_subject_and_particle");
  EXPECT_STATEMENT(found, st, "Naval defence units", "shoot down", "12 drones");
  ExpectAttributedTo(found, st, "army");
  EXPECT_STATEMENT(found, stopped, "jamming", "stop", "30 drones");
}

TEST(ExtractTest, ParticipleAfterANounAndACommaModifiesThatNoun) {
  auto found = Extract("repair_participle_after_comma");
  EXPECT_STATEMENT(found, st, "Norland", "seize", "island");
  EXPECT_EQ(st->qualifiers.time, "1990");
  for (const Extraction& e : found) {
    if (e.statement.predicate.lemma.rfind("seize", 0) == 0) {
      EXPECT_EQ(e.statement.object.name, "island") << Dump(found);
    }
  }
}

TEST(ExtractTest, SpeechVerbReadAsAClausalSubjectReportsTheQuotation) {
  auto found = Extract("repair_speech_verb_as_clausal_subject");
  EXPECT_STATEMENT(found, st, "sell the harbour", "be", "error");
  ExpectAttributedTo(found, st, "Berg");
}

TEST(ExtractTest, SpeakingInAnInterviewWithAnOutletLinksSpeakerAndOutlet) {
  auto found = Extract("said_in_an_interview_with");
  EXPECT_STATEMENT(found, st, "Berg", "interview with", "Gazette");
  EXPECT_STATEMENT(found, said, "Berg", "say", "the port would close");
}

TEST(ExtractTest, BareNounComplementTakesItsModifierAsTheReportedVerb) {
  auto found = Extract("repair_noun_complement_with_its_verb_as_modifier");
  EXPECT_STATEMENT(found, st, "meeting", "focus on", "fishing quotas");
  ExpectAttributedTo(found, st, "minister");
  EXPECT_STATEMENT(found, told, "minister", "tell", "The meeting focused on fishing quotas");
}

TEST(ExtractTest, MinConfidenceDropsWeakStatements) {
  ExtractorOptions strict;
  strict.min_confidence = 0.99;
  EXPECT_TRUE(Extract("conj_verbs", strict).empty());
}

TEST(ExtractTest, MalformedTreesAreRefusedWithTheWord) {
  auto extractor = MakeStatementExtractor("clause");
  ASSERT_TRUE(extractor.ok());
  std::vector<AnalyzedToken> tokens(2);
  tokens[0].form = "Ships";
  tokens[0].head = 2;
  tokens[1].form = "sail";
  tokens[1].head = 7;
  std::vector<Extraction> out;
  Status s = (*extractor)->Process(tokens, {}, &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.ToString().find("'sail'"), std::string::npos) << s.ToString();
  tokens[1].head = 1;  // a cycle: 1 → 2 → 1
  s = (*extractor)->Process(tokens, {}, &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.ToString().find("cycle"), std::string::npos) << s.ToString();
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE((*extractor)->Process({}, {}, &out).ok());
}

TEST(ExtractTest, UnknownExtractorNameListsKnownOnes) {
  auto e = MakeStatementExtractor("neural");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kNotFound);
  EXPECT_NE(e.status().ToString().find("clause"), std::string::npos);
}

// ---- normalisers -------------------------------------------------------------------------

using core::extract::ComparatorOf;
using core::extract::NormalizeTime;
using core::extract::ParseNumber;

TEST(ExtractQualifiersTest, TimeExpressions) {
  const std::string doc = "2026-05-10";  // a Sunday
  EXPECT_EQ(NormalizeTime({"on", "Thursday"}, doc), "2026-05-07");
  EXPECT_EQ(NormalizeTime({"on", "Sunday"}, doc), "2026-05-10");
  EXPECT_EQ(NormalizeTime({"last", "Sunday"}, doc), "2026-05-03");
  EXPECT_EQ(NormalizeTime({"on", "Monday"}, doc, /*future=*/true), "2026-05-11");
  EXPECT_EQ(NormalizeTime({"in", "early", "April"}, doc), "2026-04");
  EXPECT_EQ(NormalizeTime({"in", "June"}, doc), "2025-06");  // June has not come yet
  EXPECT_EQ(NormalizeTime({"since", "last", "February"}, doc), "2026-02/2026-05-10");
  EXPECT_EQ(NormalizeTime({"since", "2014"}, ""), "");  // no date: no end to the interval
  EXPECT_EQ(NormalizeTime({"since", "May"}, doc), "2026-05/2026-05-10");
  EXPECT_EQ(NormalizeTime({"11", "April"}, doc), "2026-04-11");
  EXPECT_EQ(NormalizeTime({"April", "11", ",", "2019"}, doc), "2019-04-11");
  EXPECT_EQ(NormalizeTime({"in", "2014"}, ""), "2014");
  EXPECT_EQ(NormalizeTime({"yesterday"}, doc), "2026-05-09");
  EXPECT_EQ(NormalizeTime({"tomorrow"}, "2026-12-31"), "2027-01-01");
  EXPECT_EQ(NormalizeTime({"last", "year"}, doc), "2025");
  EXPECT_EQ(NormalizeTime({"last", "month"}, "2026-01-15"), "2025-12");
  EXPECT_EQ(NormalizeTime({"on", "Thursday"}, ""), "");  // no date to resolve against
  EXPECT_EQ(NormalizeTime({"in", "the", "garden"}, doc), "");
  EXPECT_EQ(NormalizeTime({"before", "2014"}, doc), "");
  // A part of the day narrows nothing a date can say.
  EXPECT_EQ(NormalizeTime({"on", "Thursday", "morning"}, doc), "2026-05-07");
  EXPECT_EQ(NormalizeTime({"this", "morning"}, doc), "2026-05-10");
  EXPECT_EQ(NormalizeTime({"last", "night"}, doc), "2026-05-09");
  EXPECT_EQ(NormalizeTime({"in", "the", "evening"}, doc), "");
}

TEST(ExtractQualifiersTest, NumbersInWordsAndDigits) {
  std::string unit;
  EXPECT_EQ(ParseNumber({"nine"}), 9);
  EXPECT_EQ(ParseNumber({"twenty-one"}), 21);
  EXPECT_EQ(ParseNumber({"two", "hundred"}), 200);
  EXPECT_EQ(ParseNumber({"3", "million"}), 3e6);
  EXPECT_EQ(ParseNumber({"1,200"}), 1200);
  EXPECT_EQ(ParseNumber({"4.5"}), 4.5);
  EXPECT_EQ(ParseNumber({"250kg"}, &unit), 250);
  EXPECT_EQ(unit, "kg");
  EXPECT_EQ(ParseNumber({"20%"}, &unit), 20);
  EXPECT_EQ(unit, "%");
  EXPECT_EQ(ParseNumber({"2bn"}, &unit), 2e9);
  EXPECT_EQ(unit, "");
  EXPECT_FALSE(ParseNumber({"several"}).has_value());
  EXPECT_FALSE(ParseNumber({}).has_value());
}

TEST(ExtractQualifiersTest, Comparators) {
  EXPECT_EQ(ComparatorOf({"killed", "at", "least"}), ">=");
  EXPECT_EQ(ComparatorOf({"more", "than"}), ">");
  EXPECT_EQ(ComparatorOf({"fewer", "than"}), "<");
  EXPECT_EQ(ComparatorOf({"up", "to"}), "<=");
  EXPECT_EQ(ComparatorOf({"nearly"}), "~");
  EXPECT_EQ(ComparatorOf({"killed"}), "=");
  EXPECT_EQ(ComparatorOf({"moreover"}), "=");
}

}  // namespace
}  // namespace kg
