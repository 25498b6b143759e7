// kg-bench: import, graph load and graph memory of kgraph on a synthetic power-law corpus, each
// reported as a ratio against a reference measured in the same run (the machines it runs on are
// shared and noisy, so absolute figures alone say little). A benchmark, not a test.
//
//   kg-bench [--nodes N] [--statements M] [--seed S] [--chunk C] [--run-mb R] [--dir DIR]
//            [--add-statements] [--json] [--keep] [--no-raw]
//
// Phases, in order:
//  1. generate the corpus (tools/bench/synthetic.h) and write it as a JSON Lines file;
//  2. raw reference, first run (see RunRawReference for exactly what it writes);
//  3. kgraph import: Database::ImportJsonlFile on that file with the options `kg import` uses
//     (chunks of C statements; without --run-mb one run into the empty store when memory
//     allows, with it bulk runs of R MiB): exactly what the CLI runs, reading and
//     parsing included;
//  4. graph load: Open with load_graph=true minus Open with load_graph=false (best of two each),
//     and the resident memory the load adds (/proc/self/statm, after malloc_trim);
//  5. replay of kgraph's own key/values (informative, see RunReplayReference), the same
//     key/values written as table files (informative, see RunTableFloor), and the file read and
//     parsed by simdjson alone (informative, see RunParseFloor): with the table floor, the
//     ceiling of any import of this layout on this machine;
//  6. with --add-statements: Database::AddStatements, one call per chunk (informative: the
//     memtable path without reading or parsing);
//  7. raw reference, second run. The import ratio uses the mean of the two raw runs, so drift in
//     the machine's load during the run shows up in both numbers rather than in one.
// The raw reference times only its write calls (building its JSON lines from the corpus happens
// outside the clock); the kgraph import is timed from the file to the stored statements.
// The load average (/proc/loadavg) is reported at the start and the end: the figures of a
// loaded machine say little on their own.
#include <dlfcn.h>
#include <malloc.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/export/statement_jsonl.h"
#include "kg/database.h"
#include "tools/bench/synthetic.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  uint64_t nodes = 1000000;
  uint64_t statements = 5000000;
  uint64_t seed = 42;
  uint32_t chunk = 2000;
  uint64_t run_mb = kg::ImportOptions().run_bytes >> 20;
  bool run_mb_given = false;  // as kg import: --run-mb turns off the one run into an empty store
  std::string dir;  // Default: /tmp/kg-bench-<pid>
  bool add_statements = false;
  bool json = false;
  bool keep = false;  // keep the scratch folder
  bool raw = true;    // run the raw reference (off: for profiling kgraph alone)
};

// The targets of the issue; the load target is for 5M edges and scales linearly with M.
constexpr double kTargetImportRate = 250000;  // statements/s
constexpr double kTargetImportRatio = 0.5;    // kgraph / raw
constexpr double kTargetLoadSecondsPer5M = 2.0;
constexpr double kTargetBytesPerStatement = 150;

// CPU time of the calling thread: with the wall time, tells work from waiting (write stalls).
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// CPU time of the whole process (every thread, RocksDB's background work included): on a
// loaded machine a steadier measure of work than wall time.
double ProcessCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Resident set size of this process, in bytes, after returning free heap pages to the system:
// glibc's through malloc_trim, jemalloc's (the tools link it) by purging every arena, looked up
// at run time so that a build without jemalloc needs nothing. Without the purge, pages the
// import freed were returned during the graph load and its growth came out negative.
uint64_t ResidentBytes() {
  malloc_trim(0);
  using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);
  if (auto mallctl = reinterpret_cast<MallctlFn>(dlsym(RTLD_DEFAULT, "mallctl"))) {
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // 4096: MALLCTL_ARENAS_ALL
  }
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  }
  return bytes;
}

[[noreturn]] void Die(const std::string& what, const kg::Status& s) {
  std::fprintf(stderr, "kg-bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(2);
}

struct RawResult {
  double seconds = 0;
  double cpu_seconds = 0;  // of the process, during the timed writes
  uint64_t bytes = 0;  // key + value bytes put
  uint64_t pairs = 0;  // key/values put
  uint64_t disk_bytes = 0;
};

// The RocksDB options both references use: those storage::Store uses for its column families
// (see CfOptions and DbOptions in storage/store.cc), with `write_buffer` per column family.
rocksdb::Options ReferenceOptions(uint64_t write_buffer) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.max_background_jobs = 2;
  options.db_write_buffer_size = 256ull << 20;
  options.max_open_files = 512;
  options.keep_log_file_num = 3;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(64ull << 20);
  table.format_version = 5;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  options.write_buffer_size = write_buffer;
  options.level_compaction_dynamic_level_bytes = true;
  return options;
}

// The raw reference: RocksDB storing the same information as fast as it can, with none of
// kgraph's work (validation, identity hashing, dictionary lookups, indexes, encoding).
//
// "The same bytes" is, per statement, its JSON Lines form (core::FormatStatementJson: both
// nodes with names, types and aliases, predicate, qualifiers, confidence, the evidence with its
// sentence) as one value under an 8-byte big-endian sequence key. That line is the statement's
// complete interchange representation, so it carries everything kgraph stores for it; kgraph
// writes it as ~11 smaller key/values across column families (records in CBOR plus indexes),
// which is exactly the overhead the ratio is meant to expose. Writing kgraph's own key/value
// pairs instead would need its internal encoders (not public API) and would hide the cost of
// its layout.
// Fairness: the same chunk size (one WriteBatch per chunk of statements, as the store writes one
// per AddStatements call), WAL on with sync=false, and the options storage::Store uses for its
// large column families (LZ4 with ZSTD at the bottom level, 64 MiB write buffer, 256 MiB total
// write buffer, 2 background jobs, bloom filters, 64 MiB block cache, dynamic level bytes).
RawResult RunRawReference(const kg::bench::SyntheticCorpus& corpus, const std::string& dir,
                          uint32_t chunk) {
  fs::remove_all(dir);
  rocksdb::Options options = ReferenceOptions(64ull << 20);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) Die("raw reference", kg::Status::IOError(s.ToString()));
  std::unique_ptr<rocksdb::DB> db(raw);

  RawResult result;
  rocksdb::WriteOptions wo;
  wo.sync = false;
  std::vector<kg::Statement> statements;
  std::vector<std::string> lines;
  for (uint64_t begin = 0; begin < corpus.size(); begin += chunk) {
    corpus.MaterializeRange(begin, begin + chunk, &statements);
    lines.clear();
    for (const kg::Statement& st : statements) lines.push_back(kg::core::FormatStatementJson(st));
    const Clock::time_point start = Clock::now();
    const double cpu_start = ProcessCpuSeconds();
    rocksdb::WriteBatch batch;
    char key[8];
    for (size_t i = 0; i < lines.size(); ++i) {
      const uint64_t seq = begin + i;
      for (int b = 0; b < 8; ++b) key[b] = static_cast<char>(seq >> (56 - 8 * b));
      batch.Put(rocksdb::Slice(key, 8), lines[i]);
      result.bytes += 8 + lines[i].size();
    }
    s = db->Write(wo, &batch);
    result.seconds += Seconds(start);
    result.cpu_seconds += ProcessCpuSeconds() - cpu_start;
    if (!s.ok()) Die("raw reference write", kg::Status::IOError(s.ToString()));
  }
  db->Close().PermitUncheckedError();
  db.reset();
  result.disk_bytes = DirectoryBytes(dir);
  fs::remove_all(dir);
  return result;
}

// A second, informative reference: the exact key/value pairs kgraph's store holds after the
// import, read back column family by column family and written into a fresh RocksDB with the
// same options, in as many WriteBatches as kgraph made (one per chunk). Only the writes are
// timed. kgraph / this = the share of the import time that is RocksDB doing kgraph's writes;
// the rest is kgraph's own work (validation, identity, lookups, encoding). Keys arrive sorted
// here, the easiest case for RocksDB, so the figure is a conservative bound for kgraph.
RawResult RunReplayReference(const std::string& kg_dir, const std::string& dir, uint64_t batches) {
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), kg_dir, &names);
  if (!s.ok()) Die("replay reference: list", kg::Status::IOError(s.ToString()));
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& n : names) descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> src_handles;
  rocksdb::DB* src_raw = nullptr;
  rocksdb::DBOptions src_options;
  s = rocksdb::DB::OpenForReadOnly(src_options, kg_dir, descriptors, &src_handles, &src_raw);
  if (!s.ok()) Die("replay reference: open", kg::Status::IOError(s.ToString()));
  std::unique_ptr<rocksdb::DB> src(src_raw);

  fs::remove_all(dir);
  // As the store's small column families (32 MiB write buffers), flushed together as it does.
  rocksdb::Options options = ReferenceOptions(32ull << 20);
  options.create_missing_column_families = true;
  options.atomic_flush = true;
  std::vector<rocksdb::ColumnFamilyHandle*> dst_handles;
  rocksdb::DB* dst_raw = nullptr;
  std::vector<rocksdb::ColumnFamilyDescriptor> dst_descriptors;
  for (const std::string& n : names)
    dst_descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions(options));
  s = rocksdb::DB::Open(rocksdb::DBOptions(options), dir, dst_descriptors, &dst_handles, &dst_raw);
  if (!s.ok()) Die("replay reference: create", kg::Status::IOError(s.ToString()));
  std::unique_ptr<rocksdb::DB> dst(dst_raw);

  // Count the pairs first, to cut them into `batches` equal WriteBatches.
  uint64_t pairs = 0;
  for (auto* h : src_handles) {
    std::unique_ptr<rocksdb::Iterator> it(src->NewIterator(rocksdb::ReadOptions(), h));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++pairs;
  }
  const uint64_t per_batch = std::max<uint64_t>(1, pairs / std::max<uint64_t>(1, batches));
  RawResult result;
  rocksdb::WriteOptions wo;
  wo.sync = false;
  rocksdb::WriteBatch batch;
  auto flush = [&]() {
    if (batch.Count() == 0) return;
    const Clock::time_point start = Clock::now();
    rocksdb::Status ws = dst->Write(wo, &batch);
    result.seconds += Seconds(start);
    if (!ws.ok()) Die("replay reference write", kg::Status::IOError(ws.ToString()));
    batch.Clear();
  };
  for (size_t i = 0; i < src_handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(src->NewIterator(rocksdb::ReadOptions(), src_handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      batch.Put(dst_handles[i], it->key(), it->value());
      result.bytes += it->key().size() + it->value().size();
      ++result.pairs;
      if (batch.Count() >= per_batch) flush();
    }
  }
  flush();
  for (auto* h : src_handles) src->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  for (auto* h : dst_handles) dst->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  dst->Close().PermitUncheckedError();
  dst.reset();
  result.disk_bytes = DirectoryBytes(dir);
  fs::remove_all(dir);
  return result;
}

// A third, informative reference: the floor of any import that stores kgraph's layout. The
// key/value pairs kgraph's store holds after the import, already sorted and in memory, written
// family by family with rocksdb::SstFileWriter (each family with the options kgraph's store
// has, read back from its OPTIONS file: table format, bloom filters, LZ4 as the import's tables)
// on two threads, families dealt to the less loaded thread by bytes, then added to a fresh
// store with one IngestExternalFiles call, as kgraph's one-run import does. Timed: the writing
// and the ingestion; not reading the pairs back. No parsing, hashing, lookups, encoding or
// sorting: what remains is RocksDB building the tables, which no import of this layout avoids.
RawResult RunTableFloor(const std::string& kg_dir, const std::string& dir) {
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  rocksdb::ConfigOptions config;
  rocksdb::Status s = rocksdb::LoadLatestOptions(config, kg_dir, &db_options, &descriptors);
  if (!s.ok()) Die("table floor: options", kg::Status::IOError(s.ToString()));
  std::vector<rocksdb::ColumnFamilyHandle*> src_handles;
  rocksdb::DB* src_raw = nullptr;
  s = rocksdb::DB::OpenForReadOnly(db_options, kg_dir, descriptors, &src_handles, &src_raw);
  if (!s.ok()) Die("table floor: open", kg::Status::IOError(s.ToString()));
  std::unique_ptr<rocksdb::DB> src(src_raw);
  struct Family {
    std::vector<std::pair<std::string, std::string>> pairs;
    uint64_t bytes = 0;
  };
  std::vector<Family> families(src_handles.size());
  RawResult result;
  for (size_t i = 0; i < src_handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(src->NewIterator(rocksdb::ReadOptions(), src_handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      families[i].pairs.emplace_back(it->key().ToString(), it->value().ToString());
      families[i].bytes += it->key().size() + it->value().size();
    }
    result.pairs += families[i].pairs.size();
    result.bytes += families[i].bytes;
  }
  for (auto* h : src_handles) src->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  src->Close().PermitUncheckedError();
  src.reset();

  fs::remove_all(dir);
  fs::create_directories(dir + "/tables");
  rocksdb::DBOptions dst_options = db_options;
  dst_options.create_if_missing = true;
  dst_options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyHandle*> dst_handles;
  rocksdb::DB* dst_raw = nullptr;
  s = rocksdb::DB::Open(dst_options, dir + "/db", descriptors, &dst_handles, &dst_raw);
  if (!s.ok()) Die("table floor: create", kg::Status::IOError(s.ToString()));
  std::unique_ptr<rocksdb::DB> dst(dst_raw);

  // Largest families first, each to the thread with fewer bytes so far.
  std::vector<size_t> order(families.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return families[a].bytes > families[b].bytes; });
  std::vector<size_t> lanes[2];
  uint64_t lane_bytes[2] = {0, 0};
  for (size_t f : order) {
    if (families[f].pairs.empty()) continue;
    const int lane = lane_bytes[0] <= lane_bytes[1] ? 0 : 1;
    lanes[lane].push_back(f);
    lane_bytes[lane] += families[f].bytes;
  }
  std::vector<std::string> files(families.size());
  std::vector<rocksdb::Status> statuses(families.size());
  const Clock::time_point start = Clock::now();
  const double cpu_start = ProcessCpuSeconds();
  auto write_lane = [&](int lane) {
    for (size_t f : lanes[lane]) {
      rocksdb::Options options(dst_options, descriptors[f].options);
      options.bottommost_compression = options.compression;  // as kgraph's import tables
      rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, dst_handles[f],
                                    /*invalidate_page_cache=*/false);
      files[f] = dir + "/tables/" + std::to_string(f) + ".sst";
      rocksdb::Status ws = writer.Open(files[f]);
      for (size_t i = 0; ws.ok() && i < families[f].pairs.size(); ++i) {
        ws = writer.Put(families[f].pairs[i].first, families[f].pairs[i].second);
      }
      if (ws.ok()) ws = writer.Finish();
      statuses[f] = ws;
    }
  };
  std::thread second(write_lane, 1);
  write_lane(0);
  second.join();
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (size_t f = 0; f < families.size(); ++f) {
    if (!statuses[f].ok()) Die("table floor: write", kg::Status::IOError(statuses[f].ToString()));
    if (families[f].pairs.empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = dst_handles[f];
    arg.external_files = {files[f]};
    arg.options.move_files = true;
    args.push_back(arg);
  }
  s = dst->IngestExternalFiles(args);
  if (!s.ok()) Die("table floor: ingest", kg::Status::IOError(s.ToString()));
  result.seconds = Seconds(start);
  result.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  for (auto* h : dst_handles) dst->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  dst->Close().PermitUncheckedError();
  dst.reset();
  result.disk_bytes = DirectoryBytes(dir + "/db");
  fs::remove_all(dir);
  return result;
}

// A fourth, informative reference: the floor of reading the input. The JSON Lines file read in
// blocks of 1 MiB and every line parsed by simdjson's DOM parser, on one thread, as kgraph's
// import reads it; nothing taken out of the parsed lines. Timed: all of it. With the table floor
// this bounds any import of this layout from this file: reading and parsing the lines and
// writing the tables are work none can skip, and the rest (validation, identities, lookups,
// encoding, sorting) only adds to it.
RawResult RunParseFloor(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) Die("parse floor", kg::Status::IOError("cannot read " + file));
  RawResult result;
  simdjson::dom::parser parser;
  constexpr size_t kBlock = 1 << 20;
  // A block, the partial line carried over from the last one, and simdjson's padding.
  std::vector<char> buffer(2 * kBlock + simdjson::SIMDJSON_PADDING);
  size_t carried = 0;
  const Clock::time_point start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  for (;;) {
    in.read(buffer.data() + carried, static_cast<std::streamsize>(kBlock));
    const size_t got = static_cast<size_t>(in.gcount());
    const size_t end = carried + got;
    size_t begin = 0;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buffer.data() + begin, '\n', end - begin));
      if (nl == nullptr && got != 0) break;  // the rest comes with the next block
      const size_t line_end = nl == nullptr ? end : static_cast<size_t>(nl - buffer.data());
      if (line_end > begin) {
        // The bytes after the line (the next lines, or the buffer's padding) are readable.
        auto doc = parser.parse(reinterpret_cast<const uint8_t*>(buffer.data() + begin),
                                line_end - begin, /*realloc_if_needed=*/false);
        simdjson::dom::object object;
        if (doc.get_object().get(object) != simdjson::SUCCESS) {
          Die("parse floor", kg::Status::Corruption("line is not a JSON object"));
        }
        ++result.pairs;
        result.bytes += line_end - begin;
      }
      if (nl == nullptr) break;
      begin = line_end + 1;
    }
    if (got == 0) break;
    carried = end - begin;
    if (carried > kBlock) Die("parse floor", kg::Status::InvalidArgument("a line over 1 MiB"));
    std::memmove(buffer.data(), buffer.data() + begin, carried);
  }
  result.seconds = Seconds(start);
  result.cpu_seconds = ThreadCpuSeconds() - cpu_start;
  return result;
}

struct ImportResult {
  double seconds = 0;
  double cpu_seconds = 0;          // of the calling thread
  double process_cpu_seconds = 0;  // of the whole process (every thread)
  uint64_t statements_new = 0;
  uint64_t disk_bytes = 0;
  bool one_run = false;  // the import was one run into the empty store
};

// Database::AddStatements, one call per chunk (the memtable path, from statements in memory).
ImportResult RunAddStatements(const kg::bench::SyntheticCorpus& corpus, const std::string& dir,
                              uint32_t chunk) {
  fs::remove_all(dir);
  auto db = kg::Database::Open(dir, kg::Options{});
  if (!db.ok()) Die("open " + dir, db.status());
  ImportResult result;
  std::vector<kg::Statement> statements;
  for (uint64_t begin = 0; begin < corpus.size(); begin += chunk) {
    corpus.MaterializeRange(begin, begin + chunk, &statements);
    kg::ImportReport report;
    const Clock::time_point start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    const double process_start = ProcessCpuSeconds();
    const kg::Status s = (*db)->AddStatements(statements, &report);
    result.cpu_seconds += ThreadCpuSeconds() - cpu_start;
    result.process_cpu_seconds += ProcessCpuSeconds() - process_start;
    result.seconds += Seconds(start);
    if (!s.ok()) Die("AddStatements", s);
    result.statements_new += report.statements_new;
  }
  db->reset();
  result.disk_bytes = DirectoryBytes(dir);
  return result;
}

struct LoadResult {
  double open_seconds = 0;           // best Open with load_graph=false
  double open_load_seconds = 0;      // best Open with load_graph=true
  double csr_reference_seconds = 0;  // CSR build alone from an in-memory edge list
  uint64_t graph_bytes = 0;
  uint64_t graph_edges = 0;
  uint64_t graph_vertices = 0;
  int64_t rss_growth = 0;
  double bfs_seconds = 0;  // a BFS over a CSR graph of the corpus (reference for graph work)
  double load_seconds() const { return std::max(0.0, open_load_seconds - open_seconds); }
};

double TimedOpen(const std::string& dir, bool load_graph, std::unique_ptr<kg::Database>* keep) {
  kg::Options options;
  options.load_graph = load_graph;
  const Clock::time_point start = Clock::now();
  auto db = kg::Database::Open(dir, options);
  const double seconds = Seconds(start);
  if (!db.ok()) Die("open " + dir, db.status());
  if (keep != nullptr) *keep = std::move(db).value();
  return seconds;
}

using RefCsr =
    boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                       boost::no_property, boost::no_property, uint32_t, uint32_t>;

LoadResult RunGraphLoad(const kg::bench::SyntheticCorpus& corpus, const std::string& dir) {
  LoadResult r;
  TimedOpen(dir, false, nullptr);  // replays the WAL of the import; not what is measured
  r.open_seconds = TimedOpen(dir, false, nullptr);
  {
    const uint64_t before = ResidentBytes();
    std::unique_ptr<kg::Database> db;
    r.open_load_seconds = TimedOpen(dir, true, &db);
    r.rss_growth = static_cast<int64_t>(ResidentBytes()) - static_cast<int64_t>(before);
    auto stats = db->GetStats();
    if (!stats.ok()) Die("GetStats", stats.status());
    r.graph_bytes = stats->graph_bytes;
    r.graph_edges = stats->graph_edges;
    r.graph_vertices = stats->graph_vertices;
  }
  r.open_seconds = std::min(r.open_seconds, TimedOpen(dir, false, nullptr));
  r.open_load_seconds = std::min(r.open_load_seconds, TimedOpen(dir, true, nullptr));

  // Reference: the CSR build alone, from the corpus edges already in memory (a lower bound for
  // the load, which also reads and decodes the store), then a BFS from the biggest hub.
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(corpus.size());
  for (uint64_t i = 0; i < corpus.size(); ++i) {
    const kg::bench::EdgeEnds ends = corpus.Ends(i);
    pairs.emplace_back(ends.subject, ends.object);
  }
  Clock::time_point start = Clock::now();
  RefCsr g(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(),
           static_cast<uint32_t>(corpus.nodes()));
  r.csr_reference_seconds = Seconds(start);
  std::vector<boost::default_color_type> colors(corpus.nodes());
  start = Clock::now();
  boost::breadth_first_search(g, corpus.Ends(0).subject,
                              boost::color_map(boost::make_iterator_property_map(
                                  colors.begin(), boost::get(boost::vertex_index, g))));
  r.bfs_seconds = Seconds(start);
  return r;
}

// What `kg import FILE --chunk C [--run-mb R]` runs: Database::ImportJsonlFile with those
// options, into a new store (without --run-mb, one run when memory allows: the CLI's default). Timed from the call to its return (reading, checking, parsing,
// writing, ingesting); the store is closed outside the clock.
ImportResult RunImport(const std::string& file, const std::string& dir, uint32_t chunk,
                       uint64_t run_mb, bool run_mb_given) {
  fs::remove_all(dir);
  auto db = kg::Database::Open(dir, kg::Options{});
  if (!db.ok()) Die("open " + dir, db.status());
  kg::ImportOptions options;
  options.chunk_statements = chunk;
  options.run_bytes = run_mb << 20;
  options.one_run_into_empty_store = !run_mb_given;
  kg::ImportReport report;
  ImportResult r;
  const Clock::time_point start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  const double process_start = ProcessCpuSeconds();
  const kg::Status s = (*db)->ImportJsonlFile(file, options, &report);
  r.cpu_seconds = ThreadCpuSeconds() - cpu_start;
  r.process_cpu_seconds = ProcessCpuSeconds() - process_start;
  r.seconds = Seconds(start);
  if (!s.ok()) Die("ImportJsonlFile", s);
  r.statements_new = report.statements_new;
  r.one_run = report.one_run;
  db->reset();
  r.disk_bytes = DirectoryBytes(dir);
  return r;
}

// The 1-minute load average, from /proc/loadavg (-1 when unreadable).
double LoadAverage() {
  std::ifstream in("/proc/loadavg");
  double one = -1;
  in >> one;
  return in ? one : -1;
}

bool ParseUint(const char* text, uint64_t* out) {
  char* end = nullptr;
  *out = std::strtoull(text, &end, 10);
  return end != text && *end == '\0';
}

void Usage() {
  std::fprintf(
      stderr,
      "usage: kg-bench [--nodes N] [--statements M] [--seed S] [--chunk C] [--run-mb R]\n"
      "                [--dir DIR] [--add-statements] [--json] [--keep] [--no-raw]\n"
      "  --nodes N         nodes in the synthetic graph (default 1000000)\n"
      "  --statements M    statements (default 5000000)\n"
      "  --seed S          generator seed (default 42)\n"
      "  --chunk C         statements per chunk (default 2000)\n"
      "  --run-mb R        MiB per bulk run, as kg import --run-mb (default 64; 0 = none)\n"
      "  --dir DIR         scratch folder (default /tmp/kg-bench-<pid>; emptied)\n"
      "  --add-statements  also time Database::AddStatements (memtable path, no parsing)\n"
      "  --json            print the figures as one JSON object\n"
      "  --keep            keep the scratch folder\n"
      "  --no-raw          skip the raw reference (for profiling; no import ratio)\n");
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Thousands(double v) {
  const std::string digits = std::to_string(static_cast<uint64_t>(v + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        Usage();
        std::exit(1);
      }
      return argv[++i];
    };
    uint64_t v = 0;
    if (arg == "--nodes" && ParseUint(value(), &v)) {
      o.nodes = v;
    } else if (arg == "--statements" && ParseUint(value(), &v)) {
      o.statements = v;
    } else if (arg == "--seed" && ParseUint(value(), &v)) {
      o.seed = v;
    } else if (arg == "--chunk" && ParseUint(value(), &v) && v > 0 && v <= 10000000) {
      o.chunk = static_cast<uint32_t>(v);
    } else if (arg == "--run-mb" && ParseUint(value(), &v) && v <= 65536) {
      o.run_mb = v;
      o.run_mb_given = true;
    } else if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--add-statements") {
      o.add_statements = true;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--keep") {
      o.keep = true;
    } else if (arg == "--no-raw") {
      o.raw = false;
    } else {
      Usage();
      return 1;
    }
  }
  if (o.dir.empty()) o.dir = "/tmp/kg-bench-" + std::to_string(getpid());
  fs::remove_all(o.dir);
  fs::create_directories(o.dir);
  auto progress = [&](const std::string& what) {
    if (!o.json) std::fprintf(stderr, "kg-bench: %s\n", what.c_str());
  };

  progress("generating " + Thousands(o.statements) + " statements over " + Thousands(o.nodes) +
           " nodes");
  Clock::time_point start = Clock::now();
  kg::bench::SyntheticOptions so;
  so.nodes = o.nodes;
  so.statements = o.statements;
  so.seed = o.seed;
  auto corpus = kg::bench::SyntheticCorpus::Generate(so);
  if (!corpus.ok()) Die("generate", corpus.status());
  const double generate_seconds = Seconds(start);
  const double load_start = LoadAverage();
  const std::string file = o.dir + "/statements.jsonl";
  uint64_t file_bytes = 0;
  if (kg::Status s = corpus->WriteJsonl(file, &file_bytes); !s.ok()) Die("write JSON Lines", s);

  progress("raw RocksDB reference (1 of 2)");
  const RawResult raw1 = o.raw ? RunRawReference(*corpus, o.dir + "/raw", o.chunk) : RawResult();
  progress("kgraph import (Database::ImportJsonlFile, as kg import)");
  const ImportResult kg = RunImport(file, o.dir + "/kg", o.chunk, o.run_mb, o.run_mb_given);
  progress("graph load");
  const LoadResult load = RunGraphLoad(*corpus, o.dir + "/kg");
  progress("replay of kgraph's own key/values");
  const uint64_t chunks = (corpus->size() + o.chunk - 1) / o.chunk;
  const RawResult replay = RunReplayReference(o.dir + "/kg", o.dir + "/replay", chunks);
  progress("kgraph's own key/values as table files (the floor of this layout)");
  const RawResult floor = RunTableFloor(o.dir + "/kg", o.dir + "/floor");
  progress("reading and parsing the JSON Lines (the floor of the input)");
  const RawResult parse_floor = RunParseFloor(file);
  fs::remove_all(o.dir + "/kg");
  ImportResult add;
  if (o.add_statements) {
    progress("kgraph AddStatements");
    add = RunAddStatements(*corpus, o.dir + "/kg-add", o.chunk);
    fs::remove_all(o.dir + "/kg-add");
  }
  progress("raw RocksDB reference (2 of 2)");
  const RawResult raw2 = o.raw ? RunRawReference(*corpus, o.dir + "/raw", o.chunk) : RawResult();
  const double load_end = LoadAverage();
  if (!o.keep) fs::remove_all(o.dir);

  const double m = static_cast<double>(corpus->size());
  const double raw_seconds = (raw1.seconds + raw2.seconds) / 2;
  const double raw_rate = m / raw_seconds;
  const double raw_mb_s = raw1.bytes / raw_seconds / 1e6;
  const double kg_rate = m / kg.seconds;
  const double ratio = kg_rate / raw_rate;
  const double raw_cpu_us = (raw1.cpu_seconds + raw2.cpu_seconds) / 2 / m * 1e6;
  const double kg_cpu_us = kg.process_cpu_seconds / m * 1e6;
  const double add_rate = o.add_statements ? m / add.seconds : 0;
  const double load_target = kTargetLoadSecondsPer5M * m / 5e6;
  const double graph_per_st = load.graph_bytes / m;
  const double rss_per_st = load.rss_growth / m;
  const double replay_pairs_per_st = replay.pairs / m;
  // The most any import of this layout from this file could reach here: the two floors' CPU
  // per statement, spread over every core with nothing else to do.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const double floors_cpu_us = (parse_floor.cpu_seconds + floor.cpu_seconds) / m * 1e6;
  const double ceiling_rate = cores / floors_cpu_us * 1e6;
  const bool complete = kg.statements_new == corpus->size() && load.graph_edges == corpus->size();

  if (o.json) {
    nlohmann::json j = {
        {"nodes", o.nodes},
        {"statements", corpus->size()},
        {"documents", corpus->documents()},
        {"max_degree", corpus->max_degree()},
        {"seed", o.seed},
        {"chunk", o.chunk},
        {"run_mb", o.run_mb},
        {"load_average", {load_start, load_end}},
        {"jsonl_bytes", file_bytes},
        {"generate_seconds", generate_seconds},
        {"raw_seconds", {raw1.seconds, raw2.seconds}},
        {"raw_cpu_seconds", {raw1.cpu_seconds, raw2.cpu_seconds}},
        {"raw_bytes", raw1.bytes},
        {"raw_disk_bytes", raw1.disk_bytes},
        {"raw_statements_per_second", raw_rate},
        {"raw_mb_per_second", raw_mb_s},
        {"kg_seconds", kg.seconds},
        {"kg_cpu_seconds", kg.cpu_seconds},
        {"kg_process_cpu_seconds", kg.process_cpu_seconds},
        {"kg_statements_per_second", kg_rate},
        {"kg_disk_bytes", kg.disk_bytes},
        {"kg_statements_new", kg.statements_new},
        {"kg_one_run", kg.one_run},
        {"kg_mb_per_second", file_bytes / kg.seconds / 1e6},
        {"import_ratio", ratio},
        {"replay_seconds", replay.seconds},
        {"replay_pairs", replay.pairs},
        {"replay_bytes", replay.bytes},
        {"replay_share", replay.seconds / kg.seconds},
        {"floor_seconds", floor.seconds},
        {"floor_cpu_seconds", floor.cpu_seconds},
        {"floor_statements_per_second", m / floor.seconds},
        {"parse_floor_seconds", parse_floor.seconds},
        {"parse_floor_cpu_seconds", parse_floor.cpu_seconds},
        {"cores", cores},
        {"ceiling_statements_per_second", ceiling_rate},
        {"open_seconds", load.open_seconds},
        {"open_load_graph_seconds", load.open_load_seconds},
        {"graph_load_seconds", load.load_seconds()},
        {"csr_reference_seconds", load.csr_reference_seconds},
        {"bfs_reference_seconds", load.bfs_seconds},
        {"graph_vertices", load.graph_vertices},
        {"graph_edges", load.graph_edges},
        {"graph_bytes", load.graph_bytes},
        {"graph_bytes_per_statement", graph_per_st},
        {"rss_growth_bytes", load.rss_growth},
        {"rss_growth_per_statement", rss_per_st},
        {"pass",
         {{"import_rate", kg_rate >= kTargetImportRate},
          {"import_ratio", ratio >= kTargetImportRatio},
          {"graph_load", load.load_seconds() <= load_target},
          {"graph_bytes", graph_per_st <= kTargetBytesPerStatement},
          {"rss", rss_per_st <= kTargetBytesPerStatement},
          {"complete", complete}}},
    };
    if (o.add_statements) {
      j["add_statements_seconds"] = add.seconds;
      j["add_statements_cpu_seconds"] = add.cpu_seconds;
      j["add_statements_process_cpu_seconds"] = add.process_cpu_seconds;
      j["add_statements_per_second"] = add_rate;
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }

  auto verdict = [](bool ok) { return ok ? "PASS" : "FAIL"; };
  std::printf(
      "kg-bench: %s statements, %s nodes (max degree %s), %s documents, seed %llu, "
      "chunk %u, %s; load average %.1f at the start, %.1f at the end\n",
      Thousands(m).c_str(), Thousands(o.nodes).c_str(), Thousands(corpus->max_degree()).c_str(),
      Thousands(corpus->documents()).c_str(), static_cast<unsigned long long>(o.seed), o.chunk,
      kg.one_run ? "one run into the empty store"
                 : ("bulk runs of " + std::to_string(o.run_mb) + " MiB").c_str(),
      load_start, load_end);
  std::printf(
      "generated in %.1f s; raw reference = one Put per statement of its JSON line "
      "(%.0f bytes on average), one WriteBatch per chunk, WAL on, sync off\n\n",
      generate_seconds, raw1.bytes / m);
  std::printf("%-44s %16s %14s %6s\n", "figure", "value", "target", "");
  auto row = [](const std::string& name, const std::string& value, const std::string& target,
                const char* verdict_text) {
    std::printf("%-44s %16s %14s %6s\n", name.c_str(), value.c_str(), target.c_str(), verdict_text);
  };
  row("raw RocksDB WriteBatch (statements/s)", Thousands(raw_rate), "", "");
  row("  runs 1 / 2 (s)", Fixed(raw1.seconds, 1) + " / " + Fixed(raw2.seconds, 1), "", "");
  row("  MB/s (key + value bytes)", Fixed(raw_mb_s, 1), "", "");
  row("  CPU of the process, us per statement", Fixed(raw_cpu_us, 1), "", "");
  row("kgraph import = kg import (statements/s)", Thousands(kg_rate), ">= 250,000",
      verdict(kg_rate >= kTargetImportRate));
  row("  time / CPU of the calling thread (s)",
      Fixed(kg.seconds, 1) + " / " + Fixed(kg.cpu_seconds, 1), "", "");
  row("  MB/s of JSON Lines", Fixed(file_bytes / kg.seconds / 1e6, 1), "", "");
  row("  CPU of the process, us per statement", Fixed(kg_cpu_us, 1), "", "");
  row("  CPU ratio raw / kgraph", Fixed(raw_cpu_us / kg_cpu_us, 3), "", "");
  row("import ratio kgraph / raw", Fixed(ratio, 3), ">= 0.5", verdict(ratio >= kTargetImportRatio));
  row("replay of kgraph's key/values (statements/s)", Thousands(m / replay.seconds), "", "");
  row("  key/values per statement, bytes",
      Fixed(replay_pairs_per_st, 1) + ", " + Fixed(replay.bytes / m, 0), "", "");
  row("  ratio kgraph / replay (RocksDB's share)", Fixed(replay.seconds / kg.seconds, 3), "", "");
  row("the same as table files, 2 threads (statements/s)", Thousands(m / floor.seconds), "", "");
  row("  CPU of the process, us per statement", Fixed(floor.cpu_seconds / m * 1e6, 1), "", "");
  row("  ratio floor / raw (best any import of this layout can do)",
      Fixed((m / floor.seconds) / raw_rate, 3), "", "");
  row("reading + parsing, 1 thread (lines/s)", Thousands(m / parse_floor.seconds), "", "");
  row("  CPU of the thread, us per line", Fixed(parse_floor.cpu_seconds / m * 1e6, 1), "", "");
  row("ceiling: " + std::to_string(cores) + " cores / the floors' CPU (st/s)",
      Thousands(ceiling_rate), "", "");
  row("  ratio kgraph / ceiling", Fixed(kg_rate / ceiling_rate, 3), "", "");
  if (o.add_statements) {
    row("kgraph AddStatements (statements/s)", Thousands(add_rate), "", "");
    row("  time / CPU of the writing thread (s)",
        Fixed(add.seconds, 1) + " / " + Fixed(add.cpu_seconds, 1), "", "");
    row("  CPU of the process, us per statement", Fixed(add.process_cpu_seconds / m * 1e6, 1), "",
        "");
    row("  ratio to raw", Fixed(add_rate / raw_rate, 3), "", "");
  }
  row("graph load (s)", Fixed(load.load_seconds(), 2), "<= " + Fixed(load_target, 2),
      verdict(load.load_seconds() <= load_target));
  row("  open without / with graph (s)",
      Fixed(load.open_seconds, 2) + " / " + Fixed(load.open_load_seconds, 2), "", "");
  row("  reference: CSR build from memory (s)", Fixed(load.csr_reference_seconds, 2), "", "");
  row("  ratio load / CSR reference", Fixed(load.load_seconds() / load.csr_reference_seconds, 1),
      "", "");
  row("graph view bytes / statement", Fixed(graph_per_st, 1), "<= 150",
      verdict(graph_per_st <= kTargetBytesPerStatement));
  row("RSS growth of the load / statement", Fixed(rss_per_st, 1), "<= 150",
      verdict(rss_per_st <= kTargetBytesPerStatement));
  row("reference: BFS over CSR of the corpus (s)", Fixed(load.bfs_seconds, 3), "", "");
  row("store on disk / raw on disk", Fixed(static_cast<double>(kg.disk_bytes) / raw1.disk_bytes, 2),
      "", "");
  if (!complete) {
    std::printf(
        "\nWARNING: kgraph stored %llu new statements and the graph holds %llu edges, "
        "expected %llu\n",
        static_cast<unsigned long long>(kg.statements_new),
        static_cast<unsigned long long>(load.graph_edges),
        static_cast<unsigned long long>(corpus->size()));
  }
  return complete ? 0 : 3;
}
