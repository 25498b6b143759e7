// Statement extraction: one analysed sentence (a Universal Dependencies tree, kg/nlp.h) in,
// statements with typed qualifiers and evidence out.
//
//   auto extractor = kg::MakeStatementExtractor("clause");
//   kg::SentenceContext context;                 // document id, date, sentence text and span
//   std::vector<kg::Extraction> found;
//   kg::Status s = (*extractor)->Process(tokens, context, &found);
//
// The "clause" extractor splits a sentence into clauses (ClausIE's clause types, Stanford
// OpenIE's clause splitting), normalises passives, splits conjunctions, turns appositions,
// titles and possessives into role statements, nominalised events into verbal ones, and keeps
// factuality as qualifiers (negation, modality, attribution of reported speech, as MinIE and
// OLLIE do). Each statement names the rule that made it and carries a confidence.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/model.h"
#include "kg/nlp.h"
#include "kg/status.h"

namespace kg {

// Where a sentence comes from: what the evidence of its statements records, and the date that
// relative time expressions ("on Thursday", "last February") are resolved against.
struct SentenceContext {
  std::string doc;        // document id. Default: ""
  std::string source;     // outlet. Default: ""
  std::string published;  // ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY). Default: "" (relative
                          // expressions then give no time)
  std::string path;       // file the document came from. Default: ""
  std::string sentence;   // the sentence text, as Evidence.sentence. Default: ""
  uint64_t begin = 0;     // code point offsets of the sentence in the document ([begin, end))
  uint64_t end = 0;
};

// One statement found in a sentence, with the surface form an Open IE scorer (CaRB) compares:
// the relation phrase and the arguments in the order the sentence gives them.
struct Extraction {
  // subject/object carry name and type (node ids are left empty: the store assigns them).
  // A clause without an object ("Trump and Putin have phoned") has object.name == "".
  // An agentless passive has subject.type == "UNKNOWN" (the agent is not known).
  Statement statement;
  std::string relation;                // "was killed by", "is the mayor of"
  std::vector<std::string> arguments;  // arg1 (the surface subject), arg2, more complements
  // 1-based index in the sentence of the word heading the subject's and the object's phrase
  // (what entity resolution maps back to a mention); 0 when the node has no word of its own
  // (an unknown agent, a claim, a role or a node assembled from several words).
  uint32_t subject_head = 0;
  uint32_t object_head = 0;
};

// The names the store gives the placeholder nodes of statements with a missing argument
// (Database::IngestDocuments, docs/formats.md): the agent of an agentless passive ("the convoy
// was shelled": someone –shell→ convoy), a literal of type UNKNOWN, and the object of an
// intransitive clause ("the talks collapsed": talks –collapse→ (no object)), a literal of type
// NONE. Each placeholder belongs to one statement and is never merged with another's.
inline constexpr std::string_view kUnknownAgentName = "someone";
inline constexpr std::string_view kNoObjectName = "(no object)";

struct ExtractorOptions {
  // Appositions, titles and possessives as role statements. Default: true
  bool roles = true;
  // Nominalised events ("Russia's annexation of Crimea") as verbal statements. Default: true
  bool noun_events = true;
  // Statements below this confidence are dropped. Default: 0 (keep all)
  double min_confidence = 0.0;
};

// A pipeline component that turns analysed sentences into statements. Components are created
// by name, so one can be replaced or switched off by name.
// Thread-safety: Process is const and may be called from many threads at once.
class StatementExtractor {
 public:
  virtual ~StatementExtractor() = default;
  // The name it was created under ("clause").
  virtual const std::string& name() const = 0;
  // Its version, recorded in every piece of evidence.
  virtual const std::string& version() const = 0;
  // Appends the statements of one sentence to `*out`. `sentence` must be an analysed tree
  // (head and deprel set, as Analyzer::Analyze leaves it); token begin/end are offsets into
  // `context.sentence`'s text or the caller's, used only to rebuild surface text.
  // Errors: InvalidArgument when the tree is malformed (a head out of range, a cycle), naming
  // the word; the sentence then adds nothing.
  virtual Status Process(const std::vector<AnalyzedToken>& sentence,
                         const SentenceContext& context, std::vector<Extraction>* out) const = 0;
};

// Creates the extractor registered under `name`. Errors: NotFound for an unknown name (the
// message lists the known ones).
Result<std::unique_ptr<StatementExtractor>> MakeStatementExtractor(
    const std::string& name, const ExtractorOptions& options = {});

// The names MakeStatementExtractor knows.
std::vector<std::string> StatementExtractorNames();

}  // namespace kg
