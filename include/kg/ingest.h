// Options and report of Database::IngestDocuments: text in, statements stored.
//
// The pipeline per document: segment the (already cleaned, kg/text.h ReadDocuments) text into
// sentences, analyse each (kg/nlp.h), extract statements (kg/extract.h), find the document's
// entity mentions, type them and resolve coreference within the document (so "Mr Lavrov",
// "Lavrov", "the foreign minister" and "he" are one node), give the nodes ids, and store the
// document with its statements in one atomic write (Database::AddDocument).
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kg {

// How far an ingest has come, handed to IngestOptions.progress after each stored document.
struct IngestProgress {
  uint64_t documents_done = 0;
  uint64_t documents_total = 0;
  uint64_t sentences = 0;  // sentences analysed so far
};

struct IngestOptions {
  // The directory holding tagger.kgm, lemmatizer.kgm and parser.kgm. Default: "models".
  std::string models_dir = "models";
  // The statement extractor, by name (kg::StatementExtractorNames()). Default: "clause".
  std::string extractor = "clause";
  // The folder of Debian iso-codes' JSON files (iso_3166-1.json, iso_3166-2.json): the country
  // and region names that type mentions as places. Missing files fail the ingest (NotFound).
  // "" = no gazetteer: places are typed from their context only.
  // Default: "/usr/share/iso-codes/json".
  std::string gazetteer_dir = "/usr/share/iso-codes/json";
  // Threads analysing documents; one writer still commits them in input order. 0 means 1.
  // Default: 1.
  uint32_t jobs = 1;
  // Called after each document is stored or has failed; returning false stops the ingest
  // before the next document (documents already stored stay). Default: none.
  std::function<bool(const IngestProgress&)> progress;
};

// What happened to one document.
struct IngestedDocument {
  enum class Outcome : uint8_t {
    kNew = 0,        // stored with its statements
    kUnchanged = 1,  // the store already held this document (same id and text): nothing written
    kFailed = 2,     // not stored; `error` says why
  };
  std::string id;
  std::string path;
  Outcome outcome = Outcome::kFailed;
  std::string error;        // with kFailed
  uint64_t sentences = 0;   // sentences analysed
  uint64_t statements = 0;  // statements stored (or that would have been, when unchanged)
};

struct IngestReport {
  uint64_t documents_new = 0;
  uint64_t documents_unchanged = 0;
  uint64_t documents_failed = 0;
  uint64_t sentences = 0;
  uint64_t statements = 0;  // statements handed to the store with new documents
  // Extractions left out before the store: all of them (an agentless passive or an
  // intransitive clause is stored with a placeholder node, kg/extract.h), and of them those
  // naming a pronoun the document does not resolve and those whose two ends are one entity;
  // the rest are ones the store would refuse (ValidateStatement).
  uint64_t statements_skipped = 0;
  uint64_t statements_unresolved_pronoun = 0;
  uint64_t statements_one_entity = 0;
  // Sentences the analyser or extractor refused (each adds nothing; the document still goes in).
  uint64_t sentences_failed = 0;
  // Wall time from the models being loaded to the last document stored (so rates are not
  // dominated by loading the models on small inputs).
  double seconds = 0;
  // Of that, the writer's time resolving entities across documents (loading the entity index
  // included) and how many document entities joined an existing node by a non-exact match
  // (each is in the merge log).
  double resolve_seconds = 0;
  uint64_t automatic_merges = 0;
  // The resolving time in CPU seconds of the writer's thread, and the stored entities it read
  // in full (node record and context) because their key records held no current summary.
  double resolve_cpu_seconds = 0;
  uint64_t resolve_nodes_read = 0;
  std::vector<IngestedDocument> documents;  // one per input document, in input order
};

}  // namespace kg
