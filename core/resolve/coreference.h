// Within-document coreference: the mentions of one analysed document (mentions.h) clustered by
// a sieve in the manner of Stanford's deterministic coreference (Lee et al. 2013), most precise
// pass first, typed, and the document's statements rewritten to the clusters.
//
// Passes, in order:
//   1. exact name          "Sergey Lavrov" ... "Sergey Lavrov"
//   2. shorter name        "Lavrov", "Mr Lavrov" → "Sergey Lavrov" (people only; whole words,
//                          the surname last; only when exactly one longer name fits, so
//                          "Trump" stays apart when Donald and Melania are both named, and
//                          "Dmitri" never reaches "Dmitriev")
//   3. acronym             "NATO" → "North Atlantic Treaty Organization"
//   4. role nominal        "the foreign minister" → the one name this document gave that role
//   5. pronoun             he/she/his/her/him, they/their/them: agreement (gender, number,
//                          person vs organisation), syntax (an object is not its own clause's
//                          subject), recency (this sentence, then up to three back, subjects
//                          first), stopped by an unnamed person or group in between
// Thread-safety: pure functions (the gazetteer is only read).
#pragma once

#include <string>
#include <vector>

#include "core/resolve/document_entities.h"
#include "core/resolve/gazetteer.h"
#include "core/resolve/mentions.h"
#include "kg/extract.h"
#include "kg/nlp.h"
#include "kg/status.h"

namespace kg::core::resolve {

// The mentions of a document and what the sieve made of them.
struct DocumentMentions {
  std::vector<Mention> mentions;  // in document order
  std::vector<int> entity;        // per mention: index into entities.entities, -1 unresolved
  std::vector<std::string> pass;  // per mention: the pass that linked it to an earlier
                                  // cluster member ("exact", "name", "acronym", "role",
                                  // "pronoun"), "" for a cluster's first mention
  DocumentEntities entities;      // clusters with at least one name, in order of first mention
};

// Finds, clusters and types the mentions of one document. `sentences` must be analysed trees.
DocumentMentions ClusterMentions(const Gazetteer& places,
                                 const std::vector<std::vector<AnalyzedToken>>& sentences);

// Finds the entity mentions of one analysed document, clusters them (the sieve above), types
// them, and rewrites every extraction's subject and object that is a mention (found by
// Extraction::subject_head/object_head, or by name when those are 0, or a capitalised node
// name that one entity of the document bears elsewhere) and the attributed_to and
// location references that name one: node.name = the cluster's name, node.type = its type,
// node.id = "local:" + index into out->entities. Literals (CLAIM, QUANTITY, ROLE ...) are
// untouched. The roles a sentence gives a name (titles, appositions, "X is the spokesman")
// become role statements ("Dmitry Peskov –spokesman of→ Kremlin", rule "mention/role", with the
// evidence of the sentence's first statement) where the extractor did not make them already.
// Pronoun subjects and objects that resolve get the entity; ones that do not stay as
// they are (the caller then drops or keeps them). Evidence is not changed, so it still points at
// the pronoun's sentence.
// `extractions` holds one list per sentence, in the order of `sentences`.
// Errors: InvalidArgument when the two lists differ in length or a head index is outside its
// sentence; nothing is rewritten then.
Status ResolveDocumentMentions(const Gazetteer& places,
                               const std::vector<std::vector<AnalyzedToken>>& sentences,
                               std::vector<std::vector<Extraction>>* extractions,
                               DocumentEntities* out);

// True for he/she/they and the other pronouns the sieve resolves ("he", "Their"); a statement
// whose subject or object is still one after resolution names nobody the store can know.
bool IsResolvablePronounName(const std::string& name);

// True for the other words of the third person that stand for something named elsewhere or
// nowhere: "it", "its", "this", "that", "those", "what", "which", "who"... As a node one of
// them would be one entity for every document ("It" was the largest hub of the news graph),
// so a statement that still names one after resolution is dropped like an unresolved "he".
bool IsReferringWordName(const std::string& name);

// True for "I", "we", "you" and their other forms: in a quotation its speaker's voice. One left
// unresolved is a node of its document (Database::IngestDocuments).
bool IsFirstOrSecondPersonName(const std::string& name);

}  // namespace kg::core::resolve
