// kg::Database: ties the store of record (storage::Store) to the in-memory graph view
// (core::GraphView) and the formats (core/export).
#include "kg/database.h"

#include <sys/stat.h>
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <istream>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/export/graphml.h"
#include "core/export/statement_jsonl.h"
#include "core/graph/graph_view.h"
#include "core/model/statement_key.h"
#include "core/model/statement_pack.h"
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

// Reads lines from a stream; a line longer than kMaxLine is reported as a bad line.
constexpr size_t kMaxLine = 64ull << 20;
constexpr size_t kMaxErrors = 100;
// Files up to this size keep their parsed statements from the checking pass (packed, see
// core/model/statement_pack.h) whatever the free memory.
constexpr uint64_t kKeepParsedBytes = 64ull << 20;
// Files from this size are checked by two threads, each taking one half.
constexpr uint64_t kSplitCheckBytes = 1ull << 20;
// The parsing thread hands statements over in batches of this many lines, at most
// kBatchesAhead batches ahead of the writer.
constexpr size_t kBatchLines = 512;
constexpr size_t kBatchesAhead = 8;

// Bytes of memory the system can still give (MemAvailable in /proc/meminfo); 0 when unknown.
uint64_t AvailableMemory() {
  std::ifstream in("/proc/meminfo");
  std::string name;
  uint64_t kib = 0;
  std::string unit;
  while (in >> name >> kib >> unit) {
    if (name == "MemAvailable:") return kib << 10;
  }
  return 0;
}

// Parses one input line into *st; empty lines give no statement. *bad holds the error for a bad
// line. `first_line`: the line starts the input, where a byte order mark is allowed. `padded`:
// see core::ParseValidStatementJson. On false *st is unspecified.
bool ParseLine(std::string_view line, uint64_t line_no, bool first_line, bool padded, Statement* st,
               InputError* bad) {
  if (first_line && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // BOM
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > kMaxLine) {
    *bad = {line_no, "line longer than 64 MiB"};
    return false;
  }
  if (line.find_first_not_of(" \t") == std::string_view::npos) return false;
  if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
    *bad = {line_no, "binary data (NUL byte at column " + std::to_string(nul + 1) +
                         "); this is not JSON Lines text"};
    return false;
  }
  Status s = core::ParseValidStatementJson(line, padded, st);
  if (!s.ok()) {
    *bad = {line_no, s.message()};
    return false;
  }
  return true;
}

// Splits a stream into lines. A regular file is read in large blocks, and every line is followed
// in memory by core::kJsonLinePadding readable bytes, so the JSON parser reads it in place. Any
// other stream (a terminal, a pipe) is read a line at a time, so that a line is handed on as
// soon as it arrives rather than when a block is full.
// Thread-safety: one thread.
class LineReader {
 public:
  LineReader(std::istream& in, bool regular_file) : in_(in), blocks_(regular_file) {}

  // The next line, without its '\n', valid until the next call; false at the end of the input
  // or after a read error (the stream's state tells which).
  bool Next(std::string_view* line) {
    for (;;) {
      const char* at = buf_.data() + scanned_;
      const void* nl = std::memchr(at, '\n', end_ - scanned_);
      if (nl != nullptr) {
        const size_t pos = static_cast<const char*>(nl) - buf_.data();
        *line = std::string_view(buf_.data() + begin_, pos - begin_);
        begin_ = scanned_ = pos + 1;
        return true;
      }
      scanned_ = end_;
      if (done_) {
        if (begin_ == end_) return false;
        *line = std::string_view(buf_.data() + begin_, end_ - begin_);
        begin_ = scanned_ = end_;
        return true;
      }
      Fill();
    }
  }

 private:
  static constexpr size_t kBlock = 1 << 20;

  // Moves the unread bytes to the front and reads more after them; sets done_ at the end.
  void Fill() {
    const size_t unread = end_ - begin_;
    if (begin_ > 0) std::memmove(buf_.data(), buf_.data() + begin_, unread);
    scanned_ -= begin_;
    begin_ = 0;
    end_ = unread;
    if (blocks_) {
      Reserve(kBlock);
      in_.read(buf_.data() + end_, kBlock);
      const auto n = static_cast<size_t>(in_.gcount());
      end_ += n;
      done_ = n < kBlock;
    } else if (std::getline(in_, line_)) {
      const bool newline = !in_.eof();
      Reserve(line_.size() + 1);
      std::memcpy(buf_.data() + end_, line_.data(), line_.size());
      end_ += line_.size();
      if (newline) buf_[end_++] = '\n';
      done_ = !newline;
    } else {
      done_ = true;
    }
  }

  // Makes room for `more` bytes after end_, and the padding after them.
  void Reserve(size_t more) {
    const size_t need = end_ + more + core::kJsonLinePadding;
    if (need > buf_.size()) buf_.resize(std::max(need, 2 * buf_.size()));
  }

  std::istream& in_;
  const bool blocks_;
  std::string buf_;  // bytes [begin_, end_) are read and not handed out yet
  size_t begin_ = 0, end_ = 0;
  size_t scanned_ = 0;  // [begin_, scanned_) holds no '\n'
  bool done_ = false;   // the stream has nothing more
  std::string line_;    // line at a time: the line read
};

std::string DescribeErrors(const std::vector<InputError>& errors) {
  std::string msg = "line " + std::to_string(errors[0].line) + ": " + errors[0].message;
  if (errors.size() > 1) msg += " (and " + std::to_string(errors.size() - 1) + " more bad lines)";
  return msg;
}

// Gathers imported statements into chunks, and chunks into bulk runs (ImportOptions::run_bytes),
// and commits them atomically. Every import path goes through it, so failures and cancellation
// read the same whatever the input. Holds the database's writer lock from construction to
// destruction; takes the reader/writer lock only for each step, so readers go on in between.
// A run not committed when the writer is destroyed (after an error) is discarded.
// Thread-safety: one thread.
class ChunkWriter {
 public:
  ChunkWriter(Database::Impl* impl, const ImportOptions& options, uint64_t total_bytes,
              ImportReport* report)
      : impl_(impl),
        options_(options),
        total_bytes_(total_bytes),
        report_(report),
        writer_lock_(impl->writer_mu) {
    chunk_.reserve(options.chunk_statements);
  }

  ~ChunkWriter() {
    if (run_) {
      std::unique_lock lock(impl_->mu);
      run_.reset();
    }
  }

  // The statements given to Add carry their ids (core::StatementId), as ParseAhead's do.
  void set_identified(bool identified) { identified_ = identified; }

  // Adds the statement read from input line `line`, moving it out of *statement; `bytes_done` is
  // the input consumed so far.
  Status Add(Statement* statement, uint64_t line, uint64_t bytes_done) {
    if (chunk_.empty()) first_line_ = line;
    last_line_ = line;
    bytes_done_ = bytes_done;
    chunk_.push_back(std::move(*statement));
    return chunk_.size() >= options_.chunk_statements ? WriteChunk() : Status::OK();
  }

  // Moves the statements of the chunks written since the last call to *spent (empty when none):
  // the store is done with them, and a parser can reuse their memory.
  void TakeSpent(std::vector<Statement>* spent) {
    spent->clear();
    spent->swap(spent_);
  }

  // Writes the statements gathered and commits the open run: at the end of the input. After
  // bulk runs, compacts the graph summaries so that the next open loads the graph view fast.
  Status Flush() {
    KG_RETURN_IF_ERROR(WriteChunk());
    KG_RETURN_IF_ERROR(CommitRun());
    if (OneRun() && options_.progress) options_.progress(total_bytes_, total_bytes_);
    return ingested_ ? impl_->store->CompactGraphSummaries() : Status::OK();
  }

  // Commits the whole chunks of the open run and drops the partial chunk: before an import
  // stops at a bad line.
  Status CommitWholeChunks() {
    chunk_.clear();
    return CommitRun();
  }

  // The last input line whose chunk is stored (0 = none).
  uint64_t stored_through() const { return stored_through_; }

  // Whether the store holds no document, node or statement. The writer lock makes that stay so
  // until this writer writes.
  bool StoreEmpty() const { return impl_->store->state().Empty(); }

  // Whether the writer gathers everything into one run (an import into an empty store).
  bool OneRun() const { return options_.run_bytes == std::numeric_limits<uint64_t>::max(); }

  // The progress reported for `bytes` of input staged: all of it, except in one run, whose
  // table files (written at its end) are the last third of the work.
  uint64_t ProgressShare(uint64_t bytes) const { return OneRun() ? bytes / 3 * 2 : bytes; }

  // Drops the open run and the partial chunk: nothing of them is written.
  void Discard() {
    chunk_.clear();
    if (!run_) return;
    std::unique_lock lock(impl_->mu);
    run_.reset();
  }

 private:
  Status WriteChunk() {
    if (chunk_.empty()) return Status::OK();
    storage::WriteRequest request;
    request.statements = std::move(chunk_);
    request.validated = true;  // ParseLine checked every statement
    request.identified = identified_;
    chunk_.clear();
    chunk_.reserve(options_.chunk_statements);
    if (options_.run_bytes == 0) {
      Status s = impl_->WriteHoldingWriterLock(request, report_, nullptr);
      if (!s.ok()) {
        return s.WithContext("lines " + std::to_string(first_line_) + "-" +
                             std::to_string(last_line_) + " were not imported");
      }
      staged_through_ = stored_through_ = last_line_;
    } else {
      KG_RETURN_IF_ERROR(Stage(request));
    }
    if (spent_.empty()) spent_ = std::move(request.statements);
    if (options_.progress && !options_.progress(ProgressShare(bytes_done_), total_bytes_)) {
      KG_RETURN_IF_ERROR(CommitRun());
      return Status::Cancelled("import cancelled after line " + std::to_string(last_line_) +
                               "; everything before it is stored");
    }
    return Status::OK();
  }

  // Adds a chunk to the open run (opening one when there is none); commits the run when it is
  // full.
  Status Stage(const storage::WriteRequest& request) {
    std::unique_lock lock(impl_->mu);
    impl_->entities_stale = true;  // nodes the resolver has not seen
    if (!run_) {
      // The run's nodes come without entity-index key records: the store says so before.
      storage::WriteRequest mark;
      mark.meta.emplace_back(Database::Impl::kEntityKeysCompleteKey, "");
      storage::WriteOutcome marked;
      KG_RETURN_IF_ERROR(impl_->store->Write(mark, &marked));
      storage::BulkOptions bulk;
      bulk.min_table_bytes = std::min<uint64_t>(4ull << 20, options_.run_bytes / 4);
      bulk.expected_bytes = std::min(options_.run_bytes, total_bytes_);
      bulk.graph_changes = impl_->graph != nullptr;  // ApplyChanges drops them otherwise
      if (OneRun() && options_.progress) {
        // The tables of the one run take about a third of the import: the last third of the
        // progress (the callback's cancellation is not heard once the run is being written).
        bulk.table_progress = [this](uint64_t done, uint64_t total) {
          const uint64_t staged = ProgressShare(total_bytes_);
          options_.progress(staged + (total_bytes_ - staged) * done / std::max<uint64_t>(total, 1),
                            total_bytes_);
        };
      }
      Result<std::unique_ptr<storage::BulkRun>> run = impl_->store->StartBulkRun(bulk);
      if (!run.ok()) return run.status();
      run_ = std::move(run).value();
      run_first_line_ = first_line_;
      pending_ = ImportReport();
    }
    storage::WriteOutcome out;
    Status s = run_->Add(request, &out);
    if (!s.ok()) {
      run_.reset();
      return s.WithContext("lines " + std::to_string(run_first_line_) + "-" +
                           std::to_string(last_line_) + " were not imported");
    }
    Database::Impl::Count(out, &pending_);
    staged_through_ = last_line_;
    if (run_->staged_bytes() < options_.run_bytes) return Status::OK();
    lock.unlock();
    return CommitRun();
  }

  Status CommitRun() {
    if (!run_) return Status::OK();
    std::unique_lock lock(impl_->mu);
    storage::GraphChanges changes;
    Status s = run_->Commit(&changes);
    ingested_ = ingested_ || run_->ingested();
    run_.reset();
    if (!s.ok()) {
      return s.WithContext("lines " + std::to_string(run_first_line_) + "-" +
                           std::to_string(staged_through_) + " were not imported");
    }
    impl_->ApplyChanges(changes);
    report_->statements_new += pending_.statements_new;
    report_->statements_merged += pending_.statements_merged;
    report_->statements_unchanged += pending_.statements_unchanged;
    report_->evidence_new += pending_.evidence_new;
    report_->documents_new += pending_.documents_new;
    stored_through_ = staged_through_;
    return Status::OK();
  }

  Database::Impl* const impl_;  // not owned
  const ImportOptions& options_;
  const uint64_t total_bytes_;
  ImportReport* const report_;  // not owned
  std::unique_lock<std::mutex> writer_lock_;
  std::vector<Statement> chunk_;
  bool identified_ = false;       // see set_identified
  std::vector<Statement> spent_;  // see TakeSpent
  std::unique_ptr<storage::BulkRun> run_;
  ImportReport pending_;  // counts of the open run, added to report_ when it is stored
  uint64_t first_line_ = 0, last_line_ = 0, bytes_done_ = 0;
  uint64_t run_first_line_ = 0, staged_through_ = 0, stored_through_ = 0;
  bool ingested_ = false;  // a run went through table files
};

// Reads and parses the lines of a stream on a thread of its own, handing the statements over in
// batches, at most kBatchesAhead batches ahead of the consumer (the writer). Without
// skip_bad_lines it stops at the first bad line: that batch ends with it, at once. When the
// consumer stops early (a write error, cancellation), the destructor waits for the parser's
// current read: on a stream that blocks (a terminal) that is the next line or the end.
// Thread-safety: Next is called from one thread; the stream belongs to the parser until the
// ParseAhead is destroyed.
class ParseAhead {
 public:
  struct Batch {
    // The statements, as many as `lines`; one more may follow, to be ignored.
    std::vector<Statement> statements;
    std::vector<uint64_t> lines;     // the input line of each statement
    std::vector<uint64_t> bytes;     // input consumed through each statement
    std::vector<InputError> errors;  // bad lines in this batch, in order
    Status read_error;               // the stream failed after these lines
    bool last = false;               // no batch follows
  };

  // `regular_file`: `in` reads a regular file (see LineReader).
  ParseAhead(std::istream& in, bool regular_file, bool skip_bad_lines)
      : in_(in),
        regular_file_(regular_file),
        skip_bad_lines_(skip_bad_lines),
        thread_([this] { Run(); }) {}

  ~ParseAhead() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  // The next batch, waiting for it; false after the last one.
  bool Next(Batch* out) {
    std::unique_lock lock(mu_);
    if (delivered_last_) return false;
    cv_.wait(lock, [&] { return !queue_.empty(); });
    *out = std::move(queue_.front());
    queue_.pop_front();
    delivered_last_ = out->last;
    cv_.notify_all();
    return true;
  }

  // Gives the parser statements to parse into, reusing their memory (their content is
  // overwritten). Keeps a few batches' worth; drops the rest.
  void Recycle(std::vector<Statement>* statements) {
    if (statements->empty()) return;
    std::lock_guard lock(mu_);
    if (recycled_.size() < kBatchesAhead) recycled_.push_back(std::move(*statements));
  }

 private:
  void Run() {
    uint64_t bytes = 0, line_no = 0;
    LineReader reader(in_, regular_file_);
    std::string_view line;
    std::vector<Statement> spare;  // statements to parse into, from Recycle
    Batch batch;
    // Room for a whole batch: growing would move every statement parsed so far.
    const auto reserve = [&batch] {
      batch.statements.reserve(kBatchLines);
      batch.lines.reserve(kBatchLines);
      batch.bytes.reserve(kBatchLines);
    };
    reserve();
    bool stopped = false;
    while (reader.Next(&line)) {
      ++line_no;
      bytes += line.size() + 1;
      InputError bad;
      // Parsed in place, into the batch: into the statement after the last one, which a line
      // that gives no statement leaves for the next.
      if (batch.statements.size() == batch.lines.size()) {
        if (spare.empty()) {
          batch.statements.emplace_back();
        } else {
          batch.statements.push_back(std::move(spare.back()));
          spare.pop_back();
        }
      }
      if (ParseLine(line, line_no, line_no == 1, /*padded=*/true, &batch.statements.back(), &bad)) {
        // Its identity hash, here rather than on the writing thread (WriteRequest::identified).
        Statement& st = batch.statements.back();
        st.id = core::StatementId(st);
        batch.lines.push_back(line_no);
        batch.bytes.push_back(bytes);
      }
      if (bad.line != 0) {
        batch.errors.push_back(std::move(bad));
        if (!skip_bad_lines_) {
          stopped = true;
          break;
        }
      }
      if (batch.lines.size() >= kBatchLines) {
        if (!Push(std::move(batch))) return;
        batch = Batch();
        reserve();
        if (spare.empty()) TakeRecycled(&spare);
      }
    }
    if (!stopped && in_.bad()) {
      batch.read_error = Status::IOError("read error after line " + std::to_string(line_no));
    }
    batch.last = true;
    Push(std::move(batch));
  }

  // Moves statements given to Recycle to *spare, if there are any.
  void TakeRecycled(std::vector<Statement>* spare) {
    std::lock_guard lock(mu_);
    if (recycled_.empty()) return;
    *spare = std::move(recycled_.back());
    recycled_.pop_back();
  }

  // Queues a batch, waiting for room; false when the consumer has gone.
  bool Push(Batch batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stop_ || queue_.size() < kBatchesAhead; });
    if (stop_) return false;
    queue_.push_back(std::move(batch));
    cv_.notify_all();
    return true;
  }

  std::istream& in_;
  const bool regular_file_;
  const bool skip_bad_lines_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;                       // guarded by mu_
  std::vector<std::vector<Statement>> recycled_;  // guarded by mu_: see Recycle
  bool stop_ = false;                             // guarded by mu_: the consumer has gone
  bool delivered_last_ = false;
  std::thread thread_;  // last: starts once everything above is constructed
};

// Adds the statements of *batch to `writer`, and gives those the writer is done with back to
// `parser`.
Status AddBatch(ParseAhead::Batch* batch, ParseAhead* parser, ChunkWriter* writer,
                ImportReport* report) {
  writer->set_identified(true);  // ParseAhead computes every statement's id
  for (size_t i = 0; i < batch->lines.size(); ++i) {
    ++report->lines;
    KG_RETURN_IF_ERROR(writer->Add(&batch->statements[i], batch->lines[i], batch->bytes[i]));
  }
  std::vector<Statement> spent;
  writer->TakeSpent(&spent);
  parser->Recycle(&spent);
  return Status::OK();
}

// Streams statements from `in` through `writer`, parsing ahead on a second thread; see
// Database::ImportJsonl. `regular_file`: see LineReader.
Status StreamImport(std::istream& in, bool regular_file, const ImportOptions& options,
                    ImportReport* report, ChunkWriter* writer) {
  ParseAhead parser(in, regular_file, options.skip_bad_lines);
  ParseAhead::Batch batch;
  while (parser.Next(&batch)) {
    KG_RETURN_IF_ERROR(AddBatch(&batch, &parser, writer, report));
    for (InputError& e : batch.errors) {
      if (report->errors.size() < kMaxErrors) report->errors.push_back(std::move(e));
    }
    if (!batch.errors.empty() && !options.skip_bad_lines) {
      KG_RETURN_IF_ERROR(writer->CommitWholeChunks());
      const uint64_t kept = writer->stored_through();
      return Status::InvalidArgument(
          DescribeErrors(report->errors) + "; import stopped: " +
          (kept ? "lines 1-" + std::to_string(kept) + " are stored, nothing after them"
                : std::string("nothing was imported")));
    }
    if (!batch.read_error.ok()) {
      KG_RETURN_IF_ERROR(writer->CommitWholeChunks());
      return batch.read_error;
    }
  }
  return writer->Flush();
}

// One part of a file checked before an import: the lines starting in [begin, end).
struct FilePart {
  uint64_t begin = 0, end = 0;
  bool keep = false;  // keep the parsed statements (while no line is bad)
  uint64_t lines = 0;
  std::string kept;                  // the statements, packed one after another
  std::vector<uint64_t> kept_lines;  // line numbers within the part, 1-based
  std::vector<InputError> errors;    // line numbers within the part
  bool read_error = false;
};

void CheckPart(const std::string& path, FilePart* part) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(part->begin));
  uint64_t at = part->begin;
  std::string line;
  Statement st;  // reused: its strings keep their memory from line to line
  while (at < part->end && part->errors.size() < kMaxErrors && std::getline(in, line)) {
    at += line.size() + 1;
    const uint64_t line_no = ++part->lines;
    InputError bad;
    if (ParseLine(line, line_no, part->begin == 0 && line_no == 1, /*padded=*/false, &st, &bad)) {
      if (part->keep && part->errors.empty()) {
        core::PackStatement(st, &part->kept);
        part->kept_lines.push_back(line_no);
      }
    } else if (bad.line != 0) {
      part->errors.push_back(std::move(bad));
      std::string().swap(part->kept);
      std::vector<uint64_t>().swap(part->kept_lines);
    }
  }
  part->read_error = !in && !in.eof();
}

// Checks every line of the file at `path` (`total` bytes): large files in two halves on two
// threads. Returns the parts in file order.
std::vector<FilePart> CheckFile(const std::string& path, uint64_t total, bool keep) {
  std::vector<FilePart> parts(1);
  parts[0].end = total;
  if (total >= kSplitCheckBytes) {
    // The second half starts at the first line that starts after the middle.
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(total / 2));
    std::string rest;
    if (std::getline(in, rest)) {
      const uint64_t mid = total / 2 + rest.size() + 1;
      if (mid < total) {
        parts.resize(2);
        parts[0].end = mid;
        parts[1].begin = mid;
        parts[1].end = total;
      }
    }
  }
  for (FilePart& p : parts) p.keep = keep;
  std::thread second;
  if (parts.size() == 2) second = std::thread([&] { CheckPart(path, &parts[1]); });
  CheckPart(path, &parts[0]);
  if (second.joinable()) second.join();
  return parts;
}

}  // namespace

Status Database::ImportJsonl(std::istream& in, const ImportOptions& options, ImportReport* report) {
  *report = ImportReport();
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  ChunkWriter writer(impl_.get(), options, 0, report);
  return StreamImport(in, /*regular_file=*/false, options, report, &writer);
}

namespace {

// What the one run of an import into an empty store needs in free memory, per byte of the file:
// the staged key/values, their sort entries and the records (measured: a 206 MB synthetic file
// of 300k statements peaked at 634 MB resident).
constexpr uint64_t kOneRunMemoryPerFileByte = 4;

// An import of a whole file into an empty store as one bulk run (ImportOptions::
// one_run_into_empty_store): a second thread parses and checks lines while this one stages
// them, so the file is read once and no separate checking pass is needed; the run is written at
// the end as table files that overlap nothing. At the first bad line the run is discarded
// (nothing was written) and *bad_line is set: the caller then checks the whole file to name
// every bad line. Sets *taken to false, touching nothing, when the store is not empty.
Status ImportIntoEmptyStore(Database::Impl* impl, std::istream& in, bool regular_file,
                            uint64_t total, const ImportOptions& options, ImportReport* report,
                            bool* taken, bool* bad_line) {
  *taken = *bad_line = false;
  ImportOptions one = options;
  one.run_bytes = std::numeric_limits<uint64_t>::max();
  ChunkWriter writer(impl, one, total, report);
  if (!writer.StoreEmpty()) return Status::OK();
  *taken = true;
  ParseAhead parser(in, regular_file, /*skip_bad_lines=*/false);
  ParseAhead::Batch batch;
  while (parser.Next(&batch)) {
    KG_RETURN_IF_ERROR(AddBatch(&batch, &parser, &writer, report));
    if (!batch.errors.empty()) {
      writer.Discard();
      *bad_line = true;
      return Status::OK();
    }
    if (!batch.read_error.ok()) {
      writer.Discard();
      return batch.read_error;
    }
  }
  return writer.Flush();
}

}  // namespace

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
  const bool regular_file = S_ISREG(sb.st_mode);
  if (options.validate_first && !options.skip_bad_lines && options.one_run_into_empty_store &&
      options.run_bytes > 0 && total * kOneRunMemoryPerFileByte <= AvailableMemory()) {
    bool taken, bad_line;
    Status s = ImportIntoEmptyStore(impl_.get(), in, regular_file, total, options, report, &taken,
                                    &bad_line);
    if (!s.ok()) return s.WithContext(path);
    if (taken && !bad_line) {
      report->one_run = true;
      return s;
    }
    // Not taken (the store holds something), or a bad line: nothing was written. The checking
    // pass below names every bad line.
    *report = ImportReport();
    in.clear();
    in.seekg(0);
  }
  if (options.validate_first && !options.skip_bad_lines) {
    // Check every line first: a bad file writes nothing at all. The checking pass keeps the
    // statements it parsed, packed (about the file's size), when memory allows, so the file is
    // parsed once; else it is parsed again while it is written, on the parsing thread.
    const bool keep = total <= std::max(kKeepParsedBytes, AvailableMemory() / 2);
    std::vector<FilePart> parts = CheckFile(path, total, keep);
    std::vector<InputError> errors;
    uint64_t lines_before = 0;
    for (const FilePart& part : parts) {
      if (part.read_error) return Status::IOError("read error in '" + path + "'");
      for (const InputError& e : part.errors) {
        if (errors.size() < kMaxErrors) errors.push_back({lines_before + e.line, e.message});
      }
      lines_before += part.lines;
    }
    if (!errors.empty()) {
      report->errors = errors;
      return Status::InvalidArgument(path + ": " + DescribeErrors(errors) +
                                     "; nothing was imported");
    }
    if (keep) {
      // Progress is in bytes of the file, as when streaming: the share of lines done.
      uint64_t count = 0;
      for (const FilePart& part : parts) count += part.kept_lines.size();
      report->lines = count;
      ChunkWriter writer(impl_.get(), options, total, report);
      Status s;
      uint64_t done = 0;
      lines_before = 0;
      for (FilePart& part : parts) {
        std::string_view packed = part.kept;
        for (size_t i = 0; i < part.kept_lines.size() && s.ok(); ++i) {
          ++done;
          Statement st;
          if (!core::UnpackStatement(&packed, &st)) {
            s = Status::Internal("import: the statements kept from the check are damaged");
            break;
          }
          s = writer.Add(&st, lines_before + part.kept_lines[i], total * done / count);
        }
        std::string().swap(part.kept);
        lines_before += part.lines;
      }
      if (s.ok()) s = writer.Flush();
      return s.ok() ? s : s.WithContext(path);
    }
  }
  ChunkWriter writer(impl_.get(), options, total, report);
  Status s = StreamImport(in, regular_file, options, report, &writer);
  return s.ok() ? s : s.WithContext(path);
}

Status Database::AddStatements(const std::vector<Statement>& statements, ImportReport* report) {
  if (report != nullptr) *report = ImportReport();
  impl_->entities_stale = true;  // nodes the resolver has not seen
  storage::WriteRequest req;
  req.statements = statements;
  req.meta.emplace_back(Database::Impl::kEntityKeysCompleteKey, "");  // nodes without key records
  return impl_->Write(req, report, nullptr);
}

Status Database::AddDocument(const Document& document, const std::vector<Statement>& statements,
                             bool* added) {
  impl_->entities_stale = true;  // nodes the resolver has not seen
  storage::WriteRequest req;
  req.documents.push_back(document);
  req.meta.emplace_back(Database::Impl::kEntityKeysCompleteKey, "");  // nodes without key records
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
  std::lock_guard writer(impl_->writer_mu);
  std::unique_lock lock(impl_->mu);
  impl_->entities_stale = true;  // nodes may have gone
  // Nodes may lose names or go without their key records changing: their summaries go first.
  KG_RETURN_IF_ERROR(impl_->RetireSummaries());
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
