// kg::Database: an open kgraph store, the one entry point of the public API.
//
// A Database owns a RocksDB store (the record) and an in-memory Boost graph view of it (for graph
// work), kept in step with every write. Typical use:
//
//   auto db = kg::Database::Open("news.kg", kg::Options{});
//   if (!db.ok()) { ... db.status().ToString() ... }
//   kg::ImportReport report;
//   kg::Status s = (*db)->ImportJsonlFile("statements.jsonl", {}, &report);
//
// Thread-safety: all methods may be called from several threads; writes are serialised and
// readers never see half a batch. Only one process may open a store for writing; others may
// open it read-only (they see the store as it was when they opened it).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "kg/ingest.h"
#include "kg/model.h"
#include "kg/query.h"
#include "kg/status.h"

namespace kg {

struct Options {
  // Open without the write lock; every write returns Status::ReadOnly. Default: false.
  bool read_only = false;
  // Create the store when `path` does not exist yet. Default: true.
  bool create_if_missing = true;
  // Build the in-memory graph view at open. Tools that only look up records can skip it.
  // Default: true.
  bool load_graph = true;
  // RocksDB block cache size in bytes. Default: 64 MiB.
  uint64_t block_cache_bytes = 64ull << 20;
};

// Called now and then during long operations: `done` units of `total` (total 0 = unknown).
// Returning false cancels the operation at the next safe point (already committed work stays).
using ProgressFn = std::function<bool(uint64_t done, uint64_t total)>;

struct ImportOptions {
  // Statements per chunk. A crash leaves a prefix of whole chunks. Default: 2000.
  uint32_t chunk_statements = 2000;
  // The bulk path: chunks are gathered into runs of about this many bytes of staged records and
  // index entries; each run is sorted into table files that are added to the store in one
  // atomic step, bypassing the write-ahead log and memtables (docs/storage.md). A crash leaves
  // a prefix of whole runs, each a whole number of chunks. A run smaller than 4 MiB (or than a
  // quarter of this size, when that is less) goes through one ordinary atomic write instead.
  // 0 = no runs: every chunk is its own atomic write. Default: 64 MiB.
  uint64_t run_bytes = 64ull << 20;
  // An import from a file into a store without documents, nodes or statements (with
  // validate_first, without skip_bad_lines, run_bytes not 0) is one run when memory allows
  // (about four times the file's size free): lines are checked and staged at once on two
  // threads, and every table file lands in the lowest level, so nothing is compacted. A bad
  // line or a crash then leaves the store empty (nothing was imported, as with validate_first).
  // Default: true. `kg import --run-mb N` turns it off (the user asked for runs of N MiB).
  bool one_run_into_empty_store = true;
  // Skip malformed lines (reporting them) instead of refusing the input. Default: false.
  bool skip_bad_lines = false;
  // When the input is a file, check every line before writing anything. Default: true.
  bool validate_first = true;
  // Units: bytes of the input, as a share of the work: bytes read, except in the one run into
  // an empty store, where reading is the first two thirds and writing its tables the rest.
  ProgressFn progress;
};

// One problem found in an input file.
struct InputError {
  uint64_t line = 0;  // 1-based
  std::string message;
};

struct ImportReport {
  uint64_t lines = 0;                 // non-empty lines read
  uint64_t statements_new = 0;        // statements the store did not have
  uint64_t statements_merged = 0;     // lines that added evidence to an existing statement
  uint64_t statements_unchanged = 0;  // lines the store already held in full
  uint64_t evidence_new = 0;
  uint64_t documents_new = 0;
  std::vector<InputError> errors;  // malformed lines (skipped, or the reason nothing was written)
  // The import was one bulk run into an empty store (ImportOptions::one_run_into_empty_store).
  bool one_run = false;
};

struct ExportOptions {
  ProgressFn progress;  // units: statements
};

struct GraphmlOptions {
  // Export only the neighbourhood of this entity (id or name), following edges either way.
  // Empty: the whole graph.
  std::string center;
  // Neighbourhood depth in edges, with `center`. Default: 1.
  uint32_t depth = 1;
  ProgressFn progress;  // units: statements
};

struct PredicateCount {
  std::string lemma;
  uint64_t statements = 0;
};

// How many entities have one type (`:schema` in the shell).
struct TypeCount {
  std::string type;  // "PERSON", ...; "" for entities without a type
  uint64_t count = 0;
};

// What the graph holds, by kind: entity types and predicates with their counts.
struct Schema {
  std::vector<TypeCount> entity_types;     // most entities first
  std::vector<TypeCount> literal_types;    // CLAIM, QUOTE, ...: most nodes first
  std::vector<PredicateCount> predicates;  // most statements first
};

struct Stats {
  uint64_t documents = 0;
  uint64_t nodes = 0;
  uint64_t entities = 0;
  uint64_t literals = 0;
  uint64_t statements = 0;
  uint64_t evidence = 0;
  uint64_t aliases = 0;
  std::vector<PredicateCount> top_predicates;  // most statements first
  uint32_t schema_version = 0;
  bool graph_loaded = false;
  uint64_t graph_vertices = 0;  // live vertices and edges in the in-memory view
  uint64_t graph_edges = 0;
  uint64_t graph_bytes = 0;  // memory held by the view (side tables and CSR snapshot)
};

// A statement seen from one node: the other end and the relation.
struct StatementLine {
  std::string statement_id;
  std::string predicate;  // lemma
  Node other;             // the node at the other end (aliases omitted)
  Qualifiers qualifiers;
  uint32_t support = 0;   // distinct documents
  uint32_t outlets = 0;   // distinct outlets
  double confidence = 0;  // combined with corroboration (Statement::confidence)
};

// What `kg show` prints: a node with its statements in both directions.
struct EntityCard {
  Node node;
  uint64_t out_count = 0;          // statements with this node as subject (all of them)
  uint64_t in_count = 0;           // statements with this node as object (all of them)
  std::vector<StatementLine> out;  // the strongest first (support, then confidence), up to limit
  std::vector<StatementLine> in;
  std::vector<Node> also_matching;  // other nodes the name given to Describe matched
};

struct RemoveReport {
  uint64_t evidence_removed = 0;
  uint64_t statements_removed = 0;  // statements left without evidence
  uint64_t nodes_removed = 0;       // nodes left without statements
};

// The result of a consistency check of the whole store.
struct CheckReport {
  uint64_t statements = 0;
  uint64_t evidence = 0;
  uint64_t index_entries = 0;
  std::vector<std::string> problems;  // empty when the store is consistent
};

// One entry of the merge log (`kg merges`): every automatic merge made while ingesting and
// every merge, split and unmerge a user asked for.
struct MergeLogEntry {
  uint64_t id = 0;
  std::string time;  // ISO 8601 UTC
  // "auto": a document's entity joined an existing node by something other than its exact
  // name (a romanisation variant, a surname, a pin); "merge", "split", "unmerge": user actions.
  std::string kind;
  std::string node;      // the node joined (auto, merge) or split (split, unmerge)
  std::string other;     // the node merged away (merge), or split off (split, unmerge)
  std::string alias;     // the document's name for the entity (auto), the aliases split (split)
  std::string document;  // the document (auto)
  std::string reason;
  bool undone = false;  // reversed by a later unmerge
  uint64_t undoes = 0;  // (unmerge) the entry it reversed
};

// What a curation command (merge, split, unmerge, alias rules) did.
struct CurationReport {
  std::vector<uint64_t> log_ids;  // merge-log entries written
  std::string node;               // the node holding the result (merge target, split-off node)
  uint64_t statements_moved = 0;
  uint64_t evidence_moved = 0;
  uint64_t aliases_moved = 0;
  std::vector<std::string> notes;  // what an alias file did at once, one line each
};

class Database {
 public:
  // Opens (or creates) the store at `path`.
  // Errors: Busy when another process writes to it; Incompatible when it was written by a schema
  // version this build cannot read or is not a kgraph store; IOError when the path is unusable.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, const Options& options);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Imports statements in the JSON Lines interchange format (docs/formats.md) from a file.
  // With validate_first, a malformed line means nothing is written and `report->errors` names
  // every bad line (up to 100). Writes go in atomic chunks (gathered into bulk runs, see
  // ImportOptions::run_bytes); what was stored before is never lost. Lines are parsed on a
  // second thread while the caller's thread writes. Other writes wait until the import is done.
  // REQUIRES: report != nullptr
  Status ImportJsonlFile(const std::string& path, const ImportOptions& options,
                         ImportReport* report);
  // The same from a stream read once (stdin): a malformed line stops the import (unless
  // skip_bad_lines) and the lines before its chunk stay imported; the error says so.
  Status ImportJsonl(std::istream& in, const ImportOptions& options, ImportReport* report);

  // Adds statements (their evidence names their documents) in one atomic write.
  Status AddStatements(const std::vector<Statement>& statements, ImportReport* report);
  // Adds a document and everything it brings in one atomic write. A document whose id and
  // text the store already holds is a no-op (returns OK, `*added` false).
  Status AddDocument(const Document& document, const std::vector<Statement>& statements,
                     bool* added);

  // Runs the text pipeline over `documents` (their text already cleaned, as ReadDocuments
  // leaves it) and stores each with its statements in one atomic write, in input order. A
  // document the store already holds (same id and text) is left as it is. A document that
  // fails (invalid text, a write error) is reported in `report->documents` and the rest still
  // go in. Evidence spans are code point offsets into the stored text.
  // Errors: NotFound / Corruption / Incompatible when the models cannot be loaded, NotFound for
  // an unknown extractor, ReadOnly, Cancelled when `options.progress` returned false; nothing
  // about single documents. REQUIRES: report != nullptr
  Status IngestDocuments(const std::vector<Document>& documents, const IngestOptions& options,
                         IngestReport* report);

  // Writes every statement, one JSON object per line, in a stable order.
  Status ExportJsonl(std::ostream& out, const ExportOptions& options);
  // Writes the graph (or a neighbourhood) as GraphML with typed attributes.
  Status ExportGraphml(std::ostream& out, const GraphmlOptions& options);

  Result<Stats> GetStats(size_t top_predicates = 10);
  // Entities whose name or alias matches `name` after normalisation (case, accents,
  // punctuation), best (most aliased) first. Exact node ids ("e:12") match too.
  Result<std::vector<Node>> FindNodes(const std::string& name);
  // The card of one node (by id or name). NotFound names near matches when there are some.
  Result<EntityCard> Describe(const std::string& id_or_name, size_t limit = 50);
  Result<Statement> GetStatement(const std::string& statement_id);
  Result<Document> GetDocument(const std::string& id);
  // All document ids (and metadata, without text), in id order.
  Result<std::vector<Document>> ListDocuments();
  // Retracts the document's evidence; statements left without evidence and nodes left without
  // statements disappear. NotFound when there is no such document.
  Status RemoveDocument(const std::string& id, RemoveReport* report);
  // Checks every record and index entry against the others.
  Result<CheckReport> Check();

  // Entity curation (docs/resolution.md, "Curation"). Nodes are named by id or by a name that
  // matches one entity; an ambiguous name is an InvalidArgument listing the candidates. Every
  // change is one atomic write with its merge-log entry, and can be reversed with Unmerge.
  //
  // `from` joins `into`: its statements are rewritten onto `into` (evidence unioned where they
  // meet), its aliases move, and it disappears. The graph view follows.
  Status MergeNodes(const std::string& into, const std::string& from, const std::string& reason,
                    CurationReport* report);
  // The evidence that reached `node` from documents using any of `aliases` for it moves to a
  // new node named after the first alias, with those documents' alias contributions; a
  // distinct rule (alias != node's name) keeps later documents from joining them again.
  // Errors: NotFound when no document used those aliases for the node.
  Status SplitNode(const std::string& node, const std::vector<std::string>& aliases,
                   const std::string& reason, CurationReport* report);
  // Adds the rules of an alias file (format in docs/resolution.md): pins merge the nodes that
  // hold their names now, forbids split a node holding both names (the second moves out);
  // both hold for every later ingest. The rules persist in the store.
  // Errors: InvalidArgument "SOURCE:LINE: …" for a malformed file (nothing changes).
  Status LoadAliasRules(const std::string& text, const std::string& source, CurationReport* report);
  // The alias rules in force, in the file format.
  Result<std::string> GetAliasRules();
  // The merge log, oldest first.
  Result<std::vector<MergeLogEntry>> ListMerges();
  // Reverses one log entry: a merge or split is undone exactly (what was moved goes back);
  // an automatic merge is undone by splitting that document's evidence off into a new node
  // (with a distinct rule, so that re-ingesting does not redo it).
  // Errors: NotFound (no such entry), InvalidArgument (already undone, or an unmerge).
  Status Unmerge(uint64_t log_id, CurationReport* report);

  // Runs one KGQL statement (a trailing `;` is optional). See kg/query.h for errors and limits.
  Result<QueryResult> Query(const std::string& statement, const QueryOptions& options);
  // Runs every statement of `text` in order, handing each result to `sink` (which may return
  // false to stop). Stops at the first error; its location is within the whole text.
  Status QueryScript(const std::string& text, const QueryOptions& options,
                     const std::function<bool(const QueryResult&)>& sink);
  // Entity names (and aliases) starting with `prefix` after normalisation, most used first,
  // and predicate lemmas starting with it: for completion. At most `limit` of each.
  Result<std::vector<std::string>> CompleteNames(const std::string& prefix, size_t limit);
  Result<std::vector<std::string>> CompletePredicates(const std::string& prefix, size_t limit);
  // Node counts per type (entities and literals apart) and statement counts per predicate.
  // Reads every node's summary: time linear in the number of nodes.
  Result<Schema> GetSchema();

  const std::string& path() const;
  bool read_only() const;

  class Impl;

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg
