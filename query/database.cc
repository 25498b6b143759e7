// kg::Database: ties the store of record (storage::Store) to the in-memory graph view
// (core::GraphView) and the formats (core/export).
#include "kg/database.h"

#include <sys/stat.h>
#include <algorithm>
#include <fstream>
#include <istream>
#include <map>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "core/export/graphml.h"
#include "core/export/statement_jsonl.h"
#include "core/graph/graph_view.h"
#include "core/model/statement_key.h"
#include "core/util/text.h"
#include "query/database_impl.h"
#include "query/graphml_builder.h"
#include "storage/keys.h"
#include "storage/store.h"

namespace kg {

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

const std::string& Database::path() const { return impl_->path; }
bool Database::read_only() const { return impl_->store->read_only(); }

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, const Options& options) {
  if (path.empty()) return Status::InvalidArgument("store path is empty");
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  storage::StoreOptions so;
  so.read_only = options.read_only;
  so.create_if_missing = options.create_if_missing;
  so.block_cache_bytes = options.block_cache_bytes;
  Result<std::unique_ptr<storage::Store>> store = storage::Store::Open(path, so);
  if (!store.ok()) return store.status();
  impl->store = std::move(store).value();
  if (options.load_graph) KG_RETURN_IF_ERROR(impl->LoadGraph());
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

namespace {

// Reads lines from a stream; a line longer than kMaxLine is reported, not buffered whole.
constexpr size_t kMaxLine = 64ull << 20;
constexpr size_t kMaxErrors = 100;
// Files up to this size keep their parsed statements from the checking pass.
constexpr uint64_t kKeepParsedBytes = 64ull << 20;

// Parses one input line; empty lines give no statement. *bad holds the error for a bad line.
bool ParseLine(std::string& line, uint64_t line_no, Statement* st, InputError* bad) {
  if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // BOM
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find_first_not_of(" \t") == std::string::npos) return false;
  if (const size_t nul = line.find('\0'); nul != std::string::npos) {
    *bad = {line_no, "binary data (NUL byte at column " + std::to_string(nul + 1) +
                         "); this is not JSON Lines text"};
    return false;
  }
  Result<Statement> parsed = core::ParseStatementJson(line);
  if (!parsed.ok()) {
    *bad = {line_no, parsed.status().message()};
    return false;
  }
  Status valid = core::ValidateStatement(*parsed);
  if (!valid.ok()) {
    *bad = {line_no, valid.message()};
    return false;
  }
  *st = std::move(parsed).value();
  return true;
}

std::string DescribeErrors(const std::vector<InputError>& errors) {
  std::string msg = "line " + std::to_string(errors[0].line) + ": " + errors[0].message;
  if (errors.size() > 1) msg += " (and " + std::to_string(errors.size() - 1) + " more bad lines)";
  return msg;
}

// Gathers imported statements into chunks and commits each one atomically. Every import path
// goes through it, so failures and cancellation read the same whatever the input.
class ChunkWriter {
 public:
  using Commit = std::function<Status(std::vector<Statement>*)>;
  ChunkWriter(const ImportOptions& options, uint64_t total_bytes, Commit commit)
      : options_(options), total_bytes_(total_bytes), commit_(std::move(commit)) {
    chunk_.reserve(options.chunk_statements);
  }

  // Adds the statement read from input line `line`; `bytes_done` is the input consumed so far.
  Status Add(Statement statement, uint64_t line, uint64_t bytes_done) {
    if (chunk_.empty()) first_line_ = line;
    last_line_ = line;
    bytes_done_ = bytes_done;
    chunk_.push_back(std::move(statement));
    return chunk_.size() >= options_.chunk_statements ? Flush() : Status::OK();
  }

  Status Flush() {
    if (chunk_.empty()) return Status::OK();
    Status s = commit_(&chunk_);
    if (!s.ok()) {
      return s.WithContext("lines " + std::to_string(first_line_) + "-" +
                           std::to_string(last_line_) + " were not imported");
    }
    chunk_.clear();
    stored_through_ = last_line_;
    if (options_.progress && !options_.progress(bytes_done_, total_bytes_)) {
      return Status::Cancelled("import cancelled after line " + std::to_string(last_line_) +
                               "; everything before it is stored");
    }
    return Status::OK();
  }

  // The last input line whose chunk is stored (0 = none).
  uint64_t stored_through() const { return stored_through_; }

 private:
  const ImportOptions& options_;
  const uint64_t total_bytes_;
  const Commit commit_;
  std::vector<Statement> chunk_;
  uint64_t first_line_ = 0, last_line_ = 0, bytes_done_ = 0, stored_through_ = 0;
};

// Commits a chunk as one atomic write, counting what it did into `report`.
ChunkWriter::Commit CommitTo(Database::Impl* impl, ImportReport* report) {
  return [impl, report](std::vector<Statement>* chunk) {
    storage::WriteRequest req;
    req.statements = std::move(*chunk);
    impl->entities_stale = true;  // nodes the resolver has not seen
    return impl->Write(req, report, nullptr);
  };
}

// Streams statements from `in` through `writer`; see Database::ImportJsonl.
Status StreamImport(std::istream& in, const ImportOptions& options, ImportReport* report,
                    ChunkWriter* writer) {
  uint64_t bytes = 0, line_no = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    bytes += line.size() + 1;
    if (line.size() > kMaxLine) {
      InputError e{line_no, "line longer than 64 MiB"};
      report->errors.push_back(e);
      if (!options.skip_bad_lines) break;
      continue;
    }
    Statement st;
    InputError bad;
    if (ParseLine(line, line_no, &st, &bad)) {
      ++report->lines;
      KG_RETURN_IF_ERROR(writer->Add(std::move(st), line_no, bytes));
    } else if (bad.line != 0) {
      if (report->errors.size() < kMaxErrors) report->errors.push_back(bad);
      if (!options.skip_bad_lines) {
        const uint64_t kept = writer->stored_through();
        return Status::InvalidArgument(
            DescribeErrors(report->errors) + "; import stopped: " +
            (kept ? "lines 1-" + std::to_string(kept) + " are stored, nothing after them"
                  : std::string("nothing was imported")));
      }
    }
  }
  if (in.bad()) return Status::IOError("read error after line " + std::to_string(line_no));
  return writer->Flush();
}

}  // namespace

Status Database::ImportJsonl(std::istream& in, const ImportOptions& options, ImportReport* report) {
  *report = ImportReport();
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  ChunkWriter writer(options, 0, CommitTo(impl_.get(), report));
  return StreamImport(in, options, report, &writer);
}

Status Database::ImportJsonlFile(const std::string& path, const ImportOptions& options,
                                 ImportReport* report) {
  *report = ImportReport();
  if (read_only()) return Status::ReadOnly("store '" + this->path() + "' is open read-only");
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) return Status::NotFound("no such file: '" + path + "'");
  if (S_ISDIR(sb.st_mode)) return Status::InvalidArgument("'" + path + "' is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read '" + path + "'");
  const uint64_t total = static_cast<uint64_t>(sb.st_size);
  if (options.validate_first && !options.skip_bad_lines) {
    // Check every line first: a bad file writes nothing at all. A file small enough keeps its
    // parsed statements, so it is not parsed twice.
    const bool keep = total <= kKeepParsedBytes;
    std::vector<Statement> kept;
    std::vector<uint64_t> kept_lines;
    std::string line;
    uint64_t line_no = 0;
    std::vector<InputError> errors;
    while (std::getline(in, line) && errors.size() < kMaxErrors) {
      ++line_no;
      if (line.size() > kMaxLine) {
        errors.push_back({line_no, "line longer than 64 MiB"});
        continue;
      }
      Statement st;
      InputError bad;
      if (ParseLine(line, line_no, &st, &bad)) {
        if (keep && errors.empty()) {
          kept.push_back(std::move(st));
          kept_lines.push_back(line_no);
        }
      } else if (bad.line != 0) {
        errors.push_back(bad);
      }
    }
    if (in.bad()) return Status::IOError("read error in '" + path + "'");
    if (!errors.empty()) {
      report->errors = errors;
      return Status::InvalidArgument(path + ": " + DescribeErrors(errors) +
                                     "; nothing was imported");
    }
    if (keep) {
      // Progress is in bytes of the file, as when streaming: the share of lines done.
      report->lines = kept.size();
      ChunkWriter writer(options, total, CommitTo(impl_.get(), report));
      Status s;
      for (size_t i = 0; i < kept.size() && s.ok(); ++i) {
        s = writer.Add(std::move(kept[i]), kept_lines[i], total * (i + 1) / kept.size());
      }
      if (s.ok()) s = writer.Flush();
      return s.ok() ? s : s.WithContext(path);
    }
    in.clear();
    in.seekg(0);
  }
  ChunkWriter writer(options, total, CommitTo(impl_.get(), report));
  Status s = StreamImport(in, options, report, &writer);
  return s.ok() ? s : s.WithContext(path);
}

Status Database::AddStatements(const std::vector<Statement>& statements, ImportReport* report) {
  if (report != nullptr) *report = ImportReport();
  impl_->entities_stale = true;  // nodes the resolver has not seen
  storage::WriteRequest req;
  req.statements = statements;
  return impl_->Write(req, report, nullptr);
}

Status Database::AddDocument(const Document& document, const std::vector<Statement>& statements,
                             bool* added) {
  impl_->entities_stale = true;  // nodes the resolver has not seen
  storage::WriteRequest req;
  req.documents.push_back(document);
  Document& doc = req.documents.back();
  if (doc.id.empty()) doc.id = core::DocumentIdForText(doc.text);
  req.statements = statements;
  for (Statement& st : req.statements) {
    for (Evidence& ev : st.evidence) {
      if (ev.doc.empty()) ev.doc = doc.id;
      if (ev.doc == doc.id) {
        if (ev.source.empty()) ev.source = doc.source;
        if (ev.published.empty()) ev.published = doc.published;
        if (ev.path.empty()) ev.path = doc.path;
      }
    }
  }
  std::vector<bool> docs_added;
  ImportReport report;
  KG_RETURN_IF_ERROR(impl_->Write(req, &report, &docs_added));
  if (added != nullptr) *added = !docs_added.empty() && docs_added[0];
  return Status::OK();
}

Status Database::ExportJsonl(std::ostream& out, const ExportOptions& options) {
  std::shared_lock lock(impl_->mu);
  const uint64_t total = impl_->store->state().statements;
  uint64_t done = 0;
  Status cancelled;
  KG_RETURN_IF_ERROR(impl_->store->ScanStatements([&](const Statement& st) {
    out << core::FormatStatementJson(st) << '\n';
    if (++done % 4096 == 0 && options.progress && !options.progress(done, total)) {
      cancelled =
          Status::Cancelled("export cancelled after " + std::to_string(done) + " statements");
      return false;
    }
    return static_cast<bool>(out);
  }));
  KG_RETURN_IF_ERROR(cancelled);
  out.flush();
  if (!out) return Status::IOError("write failed during export");
  if (options.progress) options.progress(done, total);
  return Status::OK();
}


Status Database::ExportGraphml(std::ostream& out, const GraphmlOptions& options) {
  std::shared_lock lock(impl_->mu);
  query::GraphmlBuilder builder;
  const uint64_t total = impl_->store->state().statements;
  uint64_t done = 0;
  if (options.center.empty()) {
    KG_RETURN_IF_ERROR(impl_->store->ScanStatements([&](const Statement& st) {
      builder.Add(st);
      if (++done % 4096 == 0 && options.progress) options.progress(done, total);
      return true;
    }));
  } else {
    if (!impl_->graph) {
      return Status::InvalidArgument("neighbourhood export needs the graph view (load_graph)");
    }
    std::vector<uint64_t> centers;
    KG_RETURN_IF_ERROR(impl_->ResolveNodes(options.center, &centers));
    if (centers.empty()) return impl_->NotFoundWithSuggestions(options.center);
    std::vector<uint32_t> vertices, edges;
    impl_->graph->Neighbourhood(static_cast<uint32_t>(centers[0]), options.depth,
                                core::Direction::kBoth, &vertices, &edges);
    for (uint32_t v : vertices) {  // isolated vertices within reach still appear
      Result<Node> n = impl_->store->GetNode(v);
      if (!n.ok()) return n.status();
      builder.NodeIndex(*n);
    }
    for (uint32_t e : edges) {
      Result<Statement> st = impl_->store->GetStatement(e);
      if (!st.ok()) return st.status();
      builder.Add(*st);
      if (++done % 4096 == 0 && options.progress) options.progress(done, edges.size());
    }
  }
  KG_RETURN_IF_ERROR(builder.Write(out));
  out.flush();
  if (!out) return Status::IOError("write failed during GraphML export");
  return Status::OK();
}

Result<Stats> Database::GetStats(size_t top_predicates) {
  std::shared_lock lock(impl_->mu);
  const storage::StoreState& s = impl_->store->state();
  Stats stats;
  stats.documents = s.documents;
  stats.nodes = s.nodes;
  stats.entities = s.entities;
  stats.literals = s.nodes - s.entities;
  stats.statements = s.statements;
  stats.evidence = s.evidence;
  stats.aliases = s.aliases;
  stats.schema_version = storage::kSchemaVersion;
  auto counts = impl_->store->PredicateCounts();
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (size_t i = 0; i < counts.size() && i < top_predicates; ++i) {
    stats.top_predicates.push_back({counts[i].first, counts[i].second});
  }
  if (impl_->graph) {
    stats.graph_loaded = true;
    stats.graph_vertices = impl_->graph->vertex_count();
    stats.graph_edges = impl_->graph->edge_count();
    stats.graph_bytes = impl_->graph->MemoryBytes();
  }
  return stats;
}

Result<std::vector<Node>> Database::FindNodes(const std::string& name) {
  std::shared_lock lock(impl_->mu);
  std::vector<uint64_t> ids;
  KG_RETURN_IF_ERROR(impl_->ResolveNodes(name, &ids));
  std::vector<Node> out;
  for (uint64_t id : ids) {
    Result<Node> n = impl_->store->GetNode(id);
    if (!n.ok()) return n.status();
    out.push_back(std::move(n).value());
  }
  return out;
}

Result<EntityCard> Database::Describe(const std::string& id_or_name, size_t limit) {
  std::shared_lock lock(impl_->mu);
  storage::Store& store = *impl_->store;
  std::vector<uint64_t> ids;
  KG_RETURN_IF_ERROR(impl_->ResolveNodes(id_or_name, &ids));
  if (ids.empty()) return impl_->NotFoundWithSuggestions(id_or_name);
  EntityCard card;
  Result<Node> node = store.GetNode(ids[0]);
  if (!node.ok()) return node.status();
  card.node = std::move(node).value();
  for (size_t i = 1; i < ids.size(); ++i) {
    Result<Node> other = store.GetNode(ids[i]);
    if (!other.ok()) return other.status();
    card.also_matching.push_back(std::move(other).value());
  }
  for (bool as_subject : {true, false}) {
    std::vector<uint64_t> statement_ids;
    KG_RETURN_IF_ERROR(store.ScanNodeStatements(ids[0], as_subject, [&](uint64_t st) {
      statement_ids.push_back(st);
      return true;
    }));
    (as_subject ? card.out_count : card.in_count) = statement_ids.size();
    // Rank by support then confidence; the graph view knows both without reading records.
    if (impl_->graph) {
      const core::GraphView& g = *impl_->graph;
      auto key = [&](uint64_t st) {
        const core::EdgeProps* e = g.edge(static_cast<uint32_t>(st));
        return e ? std::make_pair(e->support, e->confidence) : std::make_pair(0u, 0.0f);
      };
      std::stable_sort(statement_ids.begin(), statement_ids.end(),
                       [&](uint64_t a, uint64_t b) { return key(a) > key(b); });
    }
    std::vector<StatementLine>& lines = as_subject ? card.out : card.in;
    for (uint64_t st_id : statement_ids) {
      if (impl_->graph && lines.size() >= limit) break;
      Result<Statement> st = store.GetStatement(st_id);
      if (!st.ok()) return st.status();
      StatementLine line;
      line.statement_id = st->id;
      line.predicate = st->predicate.lemma;
      line.other = as_subject ? st->object : st->subject;
      line.other.aliases.clear();
      line.qualifiers = st->qualifiers;
      line.support = st->support;
      line.outlets = st->outlets;
      line.confidence = st->confidence;
      lines.push_back(std::move(line));
    }
    std::stable_sort(
        lines.begin(), lines.end(), [](const StatementLine& a, const StatementLine& b) {
          return a.support != b.support ? a.support > b.support : a.confidence > b.confidence;
        });
    if (lines.size() > limit) lines.resize(limit);
  }
  return card;
}

Result<Statement> Database::GetStatement(const std::string& statement_id) {
  std::shared_lock lock(impl_->mu);
  Result<uint64_t> id = impl_->store->FindStatement(statement_id);
  if (!id.ok()) return id.status();
  return impl_->store->GetStatement(*id);
}

Result<Document> Database::GetDocument(const std::string& id) {
  std::shared_lock lock(impl_->mu);
  return impl_->store->GetDocument(id);
}

Result<std::vector<Document>> Database::ListDocuments() {
  std::shared_lock lock(impl_->mu);
  return impl_->store->ListDocuments();
}

Status Database::RemoveDocument(const std::string& id, RemoveReport* report) {
  std::unique_lock lock(impl_->mu);
  impl_->entities_stale = true;  // nodes may have gone
  storage::RemoveOutcome out;
  KG_RETURN_IF_ERROR(impl_->store->RemoveDocument(id, &out));
  impl_->ApplyChanges(out.graph);
  if (report != nullptr) {
    report->evidence_removed = out.evidence_removed;
    report->statements_removed = out.statements_removed;
    report->nodes_removed = out.nodes_removed;
  }
  return Status::OK();
}

Result<CheckReport> Database::Check() {
  std::shared_lock lock(impl_->mu);
  CheckReport report;
  KG_RETURN_IF_ERROR(impl_->store->Check(&report.statements, &report.evidence,
                                         &report.index_entries, &report.problems));
  if (impl_->graph) {
    const core::GraphView& g = *impl_->graph;
    if (g.edge_count() != impl_->store->state().statements ||
        g.vertex_count() != impl_->store->state().nodes) {
      report.problems.push_back("graph view: " + std::to_string(g.vertex_count()) +
                                " vertices and " + std::to_string(g.edge_count()) +
                                " edges, the store has " +
                                std::to_string(impl_->store->state().nodes) + " nodes and " +
                                std::to_string(impl_->store->state().statements) + " statements");
    }
  }
  return report;
}

}  // namespace kg
