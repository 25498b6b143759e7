// storage::Store: the kgraph store of record on RocksDB (layout in storage/keys.h).
//
// Every Write/RemoveDocument is one atomic RocksDB WriteBatch across all column families: after a
// crash a write is wholly present or absent. Large imports may instead gather many writes into a
// BulkRun, added to the store in one atomic step through table files (the bulk path; see
// docs/storage.md). Writes report what they changed in the graph so the caller can keep its
// in-memory view in step.
// Thread-safety: reads may run concurrently with each other; writes must be serialised by the
// caller and must not run concurrently with reads of the dictionaries (PredicateName, TypeName).
// kg::Database does both.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"
#include "storage/records.h"

namespace kg::storage {

struct StoreOptions {
  bool read_only = false;                    // Default: false
  bool create_if_missing = true;             // Default: true
  uint64_t block_cache_bytes = 64ull << 20;  // Default: 64 MiB
  bool sync = false;  // fsync each write (survives power loss, not only a crash). Default: false
  // Test hook: called after a batch is staged and before it is committed (for a bulk run: after
  // its table files are written, before they are ingested); a non-ok Status aborts the write as
  // if RocksDB had failed. Default: none.
  std::function<Status()> before_commit_for_testing;
};

// How a BulkRun reaches the store.
struct BulkOptions {
  // A run whose staged key/values are fewer bytes than this goes through one WriteBatch (the
  // write-ahead log and memtables) instead of table files: ingesting a handful of tiny files per
  // small import would only give compaction work. Default: 4 MiB.
  uint64_t min_table_bytes = 4ull << 20;
  // About how many key/value bytes the run will stage (0 = unknown): staging reserves room for
  // them at the start instead of growing (and copying) its buffers as it goes.
  uint64_t expected_bytes = 0;
  // Called while the run is committed through table files, after each family's table is
  // written: `done` of `total` staged writes are in tables (from the committing thread or a
  // helper thread, never two calls at once). Optional.
  std::function<void(uint64_t done, uint64_t total)> table_progress;
  // Whether Commit reports the graph changes (false: a caller without a graph view, which
  // would drop them; a 5M-statement import gathered 240 MB of them).
  bool graph_changes = true;
};

// What a write changed in the graph, for the in-memory view.
struct GraphChanges {
  std::vector<std::pair<uint64_t, VertexSummary>> vertices_set;
  std::vector<uint64_t> vertices_removed;
  std::vector<std::pair<uint64_t, EdgeSummary>> edges_set;
  std::vector<uint64_t> edges_removed;
};

// Keys of the meta column family that callers may write: those starting with this prefix
// (the entity resolver's records: context sketches, the merge log, the alias rules).
constexpr const char* kResolverMetaPrefix = "r:";
// The meta family's bloom filters also hold the first this many bytes of each key: a scan of
// ScanMeta(prefixes) whose prefixes are all at least this long skips, per prefix, the files
// without it (the resolver's key records are read by a 23-byte bucket prefix).
constexpr size_t kMetaFilterPrefixLength = 23;

struct WriteRequest {
  std::vector<Document> documents;  // full documents this write brings (may be empty)
  std::vector<Statement> statements;
  // New display names of existing nodes (external id → name), applied after the statements;
  // the new name enters the alias index. Unknown ids are an error.
  std::vector<std::pair<std::string, std::string>> node_names;
  // Records for the meta column family, written in the same batch. Keys must start with
  // kResolverMetaPrefix; an empty value deletes the key.
  std::vector<std::pair<std::string, std::string>> meta;
  // Every document and statement already passed core::ValidateDocument / ValidateStatement (an
  // import checks each line as it parses it), so the write does not check them again.
  // Default: false
  bool validated = false;
  // Every statement's id is already core::StatementId of it (an import computes them on its
  // parsing thread), so the write does not compute them again. Default: false (ids ignored).
  bool identified = false;
};

struct WriteOutcome {
  uint64_t statements_new = 0;
  uint64_t statements_merged = 0;     // existing statements that gained evidence
  uint64_t statements_unchanged = 0;  // already held with all of the given evidence
  uint64_t evidence_new = 0;
  uint64_t documents_new = 0;
  std::vector<bool> documents_added;  // per request document: false when already held
  GraphChanges graph;
};

struct RemoveOutcome {
  uint64_t evidence_removed = 0;
  uint64_t statements_removed = 0;
  uint64_t nodes_removed = 0;
  GraphChanges graph;
};

struct RelinkOutcome;

// Moves the statements and evidence of one node onto another (a merge, or a split into a new
// node), in one atomic batch. See Store::Relink.
struct RelinkRequest {
  std::string from;  // external id of the node whose statements move
  Node to;           // the node they move to: an existing id, or a new node (id, name, type)
  // Which evidence moves: with both lists empty, all of it (and `from` disappears); else only
  // the evidence of these documents (external ids), or of the documents that contributed one
  // of these aliases (compared folded) to `from`.
  std::vector<std::string> docs;
  std::vector<std::string> via_aliases;
  // Called with the outcome before the batch commits: meta records (as WriteRequest::meta) to
  // write with it, e.g. the log entry that makes the move reversible. Default: none.
  std::function<std::vector<std::pair<std::string, std::string>>(const RelinkOutcome&)> meta;
};

// One statement a relink moved: what it was (with only the evidence that moved) and where it
// went, so that UndoRelink can put it back exactly.
struct MovedStatement {
  Statement original;            // node aliases left out
  uint64_t internal_id = 0;      // its internal number, reused when it comes back
  std::string target_id;         // the statement id it became
  bool target_existed = false;   // the target statement was already there
  double target_confidence = 0;  // … with this confidence and predicate text
  std::string target_predicate_text;
  std::vector<bool> evidence_added;  // per original evidence: new on the target
};

// One alias contribution a relink moved (document, surface form).
struct MovedAlias {
  std::string doc;
  std::string alias;
  bool new_on_target = false;  // the target had no contribution of this alias from this doc
};

struct RelinkOutcome {
  Node from_before;            // the source node as it was (aliases with counts)
  uint64_t from_internal = 0;  // its internal number, reused when it comes back
  Node to_before;              // the target as it was (empty id when it was created)
  std::string to_id;           // the target's external id
  bool from_removed = false;
  bool to_created = false;
  std::vector<MovedStatement> statements;
  std::vector<MovedAlias> aliases;
  uint64_t evidence_moved = 0;
  GraphChanges graph;
};

// What UndoRelink changed.
struct UndoOutcome {
  uint64_t statements_restored = 0;
  uint64_t evidence_restored = 0;
  GraphChanges graph;
};
class BulkRun;

class Store {
 public:
  // Errors: Busy (locked by a writer), Incompatible (schema version / not a kgraph store),
  // NotFound (missing and !create_if_missing or read_only), IOError.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Validates everything, then writes it in one atomic batch; on any error nothing is written.
  // REQUIRES: out != nullptr
  Status Write(const WriteRequest& request, WriteOutcome* out);
  // Retracts a document's evidence in one atomic batch (see kg::Database::RemoveDocument).
  Status RemoveDocument(const std::string& doc_id, RemoveOutcome* out);
  // Starts a bulk run (see BulkRun). While it is open, Write and RemoveDocument return Busy:
  // the run holds copies of the records it touched and would overwrite their changes.
  // Errors: ReadOnly, Busy (a run is already open).
  Result<std::unique_ptr<BulkRun>> StartBulkRun(const BulkOptions& options);
  // Compacts the graph summaries into the lowest level. Each bulk run adds a table file of them
  // that overlaps the others (vertex and edge keys share the family), and the graph view's load
  // at open, one scan of this family, merges every such file until compaction has caught up;
  // an import calls this when it is done. Errors: ReadOnly, IOError.
  Status CompactGraphSummaries();

  // Moves `request.from`'s statements (as subject, object, location or speaker), the selected
  // evidence and alias contributions onto `request.to`: each statement is rewritten with the
  // new node, which changes its id; when it meets an existing statement the evidence is
  // unioned. `from` disappears when nothing names it any more. `to` is created when new.
  // Errors: NotFound (no such node or document, or nothing to move), InvalidArgument (a
  // literal, or from == to), ReadOnly. Nothing is written on error.
  // REQUIRES: out != nullptr
  Status Relink(const RelinkRequest& request, RelinkOutcome* out);
  // Reverses a relink from its outcome: the evidence it added to targets is taken away again
  // (targets it created disappear), the source node comes back with its name and type, and its
  // statements and alias contributions are restored. Evidence since removed from the store
  // (a removed document) is not brought back. The source node and statements get their old
  // internal numbers back, so exports list them where they were. `meta` is written in the
  // same batch.
  Status UndoRelink(const RelinkOutcome& record,
                    const std::vector<std::pair<std::string, std::string>>& meta, UndoOutcome* out);

  // Calls `visit` for every entity node (with its aliases), in internal id order.
  Status ScanEntities(const std::function<void(const Node&)>& visit) const;
  // A meta record written through WriteRequest::meta; NotFound when absent.
  Result<std::string> GetMeta(const std::string& key) const;
  // Calls `visit` for every meta record whose key starts with `prefix`, in key order.
  Status ScanMeta(const std::string& prefix,
                  const std::function<void(const std::string&, const std::string&)>& visit) const;
  // The same for each of `prefixes` in turn (in key order), through one iterator: many short
  // scans cost one iterator's setup, not one each. At most the first `per_prefix` records of
  // each prefix: the rest of a large prefix is neither visited nor read from disk.
  Status ScanMeta(std::vector<std::string> prefixes,
                  const std::function<void(const std::string&, const std::string&)>& visit,
                  size_t per_prefix = SIZE_MAX) const;

  // Calls `vertex` for every vertex summary, in id order.
  Status ScanGraphVertices(const std::function<void(uint64_t, const VertexSummary&)>& vertex) const;
  // Calls `edge` for the edge summaries of statements first <= id < last, in id order. Ranges
  // may be scanned from several threads at once.
  Status ScanGraphEdges(uint64_t first, uint64_t last,
                        const std::function<void(uint64_t, const EdgeSummary&)>& edge) const;
  // Calls `visit` for every statement in id order until it returns false.
  Status ScanStatements(const std::function<bool(const Statement&)>& visit) const;
  // Statement ids with `node` as subject (spo) or object (osp), in index order.
  Status ScanNodeStatements(uint64_t node, bool as_subject,
                            const std::function<bool(uint64_t)>& visit) const;

  Result<Node> GetNode(uint64_t node) const;
  // Internal id of the node with external id `ext_id`; NotFound when none.
  Result<uint64_t> FindNode(const std::string& ext_id) const;
  // Nodes having `normalized` (see core::NormalizeName) as name or alias.
  Result<std::vector<uint64_t>> LookupAlias(const std::string& normalized) const;
  // Up to `limit` indexed names starting with `prefix`, with their nodes (for suggestions).
  Result<std::vector<std::pair<std::string, uint64_t>>> ScanAliases(const std::string& prefix,
                                                                    size_t limit) const;
  Result<Statement> GetStatement(uint64_t statement) const;
  // The statements of `ids`, in that order: as GetStatement each, but every node and document
  // record is read and decoded once for all of them.
  Status GetStatements(const std::vector<uint64_t>& ids, std::vector<Statement>* out) const;
  Result<uint64_t> FindStatement(const std::string& ext_id) const;
  Result<Document> GetDocument(const std::string& doc_id) const;
  Result<std::vector<Document>> ListDocuments() const;

  // Lemma of predicate id `p` ("" when unknown) and statement counts per predicate.
  std::string PredicateName(uint32_t p) const;
  std::vector<std::pair<std::string, uint64_t>> PredicateCounts() const;
  std::string TypeName(uint16_t t) const;
  const StoreState& state() const { return state_; }
  bool read_only() const { return options_.read_only; }
  const std::string& path() const { return path_; }

  // Cross-checks every record and index entry; problems are described in `problems`.
  Status Check(uint64_t* statements, uint64_t* evidence, uint64_t* index_entries,
               std::vector<std::string>* problems) const;

  class Batch;
  struct Rep;

 private:
  friend class BulkRun;
  Store(std::string path, StoreOptions options);
  // Opens the RocksDB database at `path`; with `create`, makes it (all column families and the
  // schema version) in what must be an empty or missing folder.
  static Result<std::unique_ptr<Store>> OpenRocks(const std::string& path,
                                                  const StoreOptions& options, bool create);
  // Validates `request` and stages it into `batch`; on error the batch must be dropped.
  Status Stage(const WriteRequest& request, Batch* batch, WriteOutcome* out);
  Status Commit(Batch* batch);
  // Commits `batch` through sorted table files ingested into every column family at once;
  // `table_progress` (optional) hears of each table written (BulkOptions::table_progress).
  Status Ingest(Batch* batch, const std::function<void(uint64_t, uint64_t)>& table_progress);
  // Frees a finished batch on a thread of its own (a run's maps take a while to free).
  void Retire(std::unique_ptr<Batch> batch);
  Status ScanGraph(char tag, uint64_t first, uint64_t last,
                   const std::function<void(uint64_t, const VertexSummary&)>& vertex,
                   const std::function<void(uint64_t, const EdgeSummary&)>& edge) const;

  std::string path_;
  StoreOptions options_;
  std::unique_ptr<Rep> rep_;  // RocksDB handles (rocksdb:: types stay in store.cc)
  StoreState state_;
  std::vector<std::string> predicates_;     // id → lemma
  std::vector<uint64_t> predicate_counts_;  // id → statements
  std::vector<std::string> types_;          // id → type name
  bool bulk_open_ = false;                  // a BulkRun is staging
  // Whether every statement naming a node as a qualifier has its QualifierRefKey entry (meta
  // "qualifier-refs": a store made since them, or one whose first relink needing them built
  // them); else a relink finds such statements by a scan of all statements.
  bool qualifier_refs_ = false;
  uint64_t table_files_ = 0;                // table files written by this process, for names
  std::thread retiring_;                    // frees the last finished bulk run (see Retire)
};

// A run of writes gathered in memory and added to the store in one atomic step: the bulk path
// for large imports. Each Add is validated and staged as Store::Write would, seeing what the
// run's earlier Adds staged, but nothing reaches the store before Commit. Commit encodes the
// records the run changed (once per run, however many Adds touched them), sorts every staged
// key/value by column family and key, writes one table file per column family (SstFileWriter)
// and ingests them all in one IngestExternalFiles call, whose single MANIFEST record makes the
// run wholly present or absent after a crash. Records that exist are read first and written
// whole, so evidence merges into a statement the store holds exactly as with Store::Write; the
// ingested values are newer than anything stored and replace the older ones.
// A failed Add or Commit discards the whole run: the store stays as it was before the run, and
// the run refuses further Adds. Destroying an uncommitted run discards it too.
// Thread-safety: one thread at a time; no other write on the store while the run is open.
class BulkRun {
 public:
  ~BulkRun();
  BulkRun(const BulkRun&) = delete;
  BulkRun& operator=(const BulkRun&) = delete;

  // Validates and stages one write. `out` receives its counts (graph changes come with Commit).
  // REQUIRES: out != nullptr; Commit not called yet.
  Status Add(const WriteRequest& request, WriteOutcome* out);
  // Key/value bytes staged so far (records the run changed are encoded only at Commit, so the
  // run ends up somewhat larger).
  uint64_t staged_bytes() const;
  // Number of successful Adds.
  uint64_t writes() const { return writes_; }
  // Whether Commit went through table files (rather than one WriteBatch).
  bool ingested() const { return ingested_; }
  // Whether the run started on a store without documents, nodes or statements (it then reads
  // nothing from the store while staging, and its table files overlap nothing stored).
  bool fresh() const { return fresh_; }
  // Adds the run to the store (see above) and ends it; `changes` receives what it changed in
  // the graph. An empty run writes nothing. REQUIRES: changes != nullptr
  Status Commit(GraphChanges* changes);

 private:
  friend class Store;
  BulkRun(Store* store, BulkOptions options);

  Store* store_;  // not owned; outlives the run
  BulkOptions options_;
  std::unique_ptr<Store::Batch> batch_;
  Status failed_;  // the error that ended the run, if any
  bool done_ = false;
  bool ingested_ = false;
  bool fresh_ = false;
  uint64_t writes_ = 0;
};

}  // namespace kg::storage
