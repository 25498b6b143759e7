#include "storage/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/model/corroboration.h"
#include "core/model/statement_key.h"
#include "core/util/text.h"
#include "storage/key_set.h"
#include "storage/keys.h"

namespace kg::storage {

namespace fs = std::filesystem;

struct Store::Rep {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;  // indexed by Cf; owned by db
  std::shared_ptr<rocksdb::Cache> cache;         // the block cache of every column family
  std::unordered_map<std::string, uint32_t> predicate_ids;
  std::unordered_map<std::string, uint16_t> type_ids;
  // Node records as last committed, by external id, so that writes naming a known node skip
  // two lookups and a decode. Batch::FindNode takes a record out (marking the entry invalid)
  // and only Batch::Publish, after a successful commit, puts records back; emptied when it
  // reaches kNodeCacheLimit entries.
  struct CachedNode {
    uint64_t id = 0;
    NodeRecord rec;
    bool valid = false;  // false while a batch holds the record (moved out), until Publish
  };
  static constexpr size_t kNodeCacheLimit = 1 << 19;
  std::unordered_map<std::string, CachedNode> node_cache;

  rocksdb::ColumnFamilyHandle* h(Cf c) const { return cf[c]; }

  ~Rep() {
    if (db) {
      for (auto* handle : cf) {
        if (handle != nullptr) db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
      }
      cf.clear();
      db->Close().PermitUncheckedError();
    }
  }
};

namespace {

// Asks the kernel for transparent huge pages over the whole 2 MiB pages inside [p, p + size)
// (a hint: ignored where THP is off).
void AdviseHugePages(const void* p, size_t size) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + size) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// The bytes of staged writes: appended in blocks that never move, so that a staged write's key
// and value stay where they are while more writes are staged (a bulk run writes the tables of
// finished families while it encodes the records of the others).
class StagingArena {
 public:
  // Makes the next block at least `bytes` long.
  void Reserve(uint64_t bytes) {
    if (static_cast<uint64_t>(end_ - at_) >= bytes) return;
    NewBlock(bytes);
  }

  // Copies `a` and then `b`; returns where `a` begins.
  const char* Append(std::string_view a, std::string_view b) {
    const size_t n = a.size() + b.size();
    if (static_cast<size_t>(end_ - at_) < n) {
      // Doubling, but past a large reservation by at most kMaxGrowth at a time.
      NewBlock(std::max<uint64_t>(n, std::min(2 * last_block_, kMaxGrowth)));
    }
    char* out = at_;
    std::memcpy(out, a.data(), a.size());
    std::memcpy(out + a.size(), b.data(), b.size());
    at_ += n;
    size_ += n;
    return out;
  }

  uint64_t size() const { return size_; }

  void Clear() {
    blocks_.clear();
    at_ = end_ = nullptr;
    size_ = last_block_ = 0;
  }

 private:
  static constexpr uint64_t kMinBlock = uint64_t{1} << 20;
  static constexpr uint64_t kMaxGrowth = uint64_t{64} << 20;

  void NewBlock(uint64_t bytes) {
    bytes = std::max(bytes, kMinBlock);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
    at_ = blocks_.back().get();
    end_ = at_ + bytes;
    last_block_ = bytes;
    // Huge pages: a fault per 2 MiB instead of per 4 KiB while the block fills, and fewer TLB
    // misses when the sorted writes are read in key order.
    AdviseHugePages(at_, bytes);
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* at_ = nullptr;
  char* end_ = nullptr;
  uint64_t size_ = 0;
  uint64_t last_block_ = 0;
};

// Where a bulk run writes its table files before they are ingested (moved into the store).
// Anything left there belongs to a run that never finished; a writable open empties it.
constexpr const char* kBulkFolder = "bulk.tmp";
// Meta record present when the qualifier references are indexed (Store::qualifier_refs_).
constexpr const char* kQualifierRefsKey = "qualifier-refs";

Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::OK();
  const std::string msg = context + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsIOError()) return Status::IOError(msg);
  if (s.IsInvalidArgument() || s.IsNotSupported()) return Status::Incompatible(msg);
  return Status::Internal(msg);
}

rocksdb::ColumnFamilyOptions CfOptions(Cf cf, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.format_version = 5;
  // Point lookups (dictionary, records, existence checks) benefit from bloom filters; the pure
  // scan indexes do not.
  if (cf == kCfDictionary || cf == kCfNodes || cf == kCfStatements || cf == kCfEvidence ||
      cf == kCfDocuments || cf == kCfDocIndex) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    // The same for the memtables: writes look up many keys that do not exist yet (new
    // statements, contributions), and a miss in a large skip list costs microseconds.
    o.memtable_whole_key_filtering = true;
    o.memtable_prefix_bloom_size_ratio = 0.02;
  }
  if (cf == kCfMeta) {
    // The entity resolver reads many buckets of key records per document, most of them absent
    // or in few files: a prefix bloom filter lets each seek skip the files and memtables
    // without the bucket (at 1M entities a seek otherwise reads a block in every level).
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    o.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(kMetaFilterPrefixLength));
    o.memtable_prefix_bloom_size_ratio = 0.02;
  }
  if (cf == kCfEvidence) {
    // A statement's evidence is read by its 8-byte statement prefix (GetStatement, provenance
    // queries): a prefix bloom filter lets that seek skip every file and memtable without the
    // statement, where the whole-key filter (kept for the writes' existence checks) cannot.
    o.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
  }
  if (cf == kCfVertices || cf == kCfEdges) {
    // Write-only during writes (read at open, and by Check): a vector memtable appends in O(1)
    // and sorts once at flush, where a skip list pays a cache miss per level on every
    // random-order insert. The cost is on reads: an iterator or Get on a mutable vector
    // memtable copies and sorts it, so Check probes these families through one iterator each
    // rather than Gets, and a store opened for writing starts with empty memtables (recovery
    // flushes). The permutation indexes were vector memtables too, but a merge scans them for
    // a node's statements while ingest goes on (Relink), and every such scan sorted the whole
    // memtable (0.7 ms of the slowest article's resolution at 1M entities, growing with the
    // memtable); large writes (imports) bypass memtables as table files anyway.
    o.memtable_factory.reset(new rocksdb::VectorRepFactory());
  }
  const bool graph = cf == kCfVertices || cf == kCfEdges;
  if (graph) {
    // Fixed-size summaries read in one sequential pass at open: large blocks, and no
    // compression to undo on the way (they compress poorly anyway).
    t.block_size = 64 << 10;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.compression = graph ? rocksdb::kNoCompression : rocksdb::kLZ4Compression;
  // The resolver reads a few dozen random blocks of key records per document (see kCfMeta
  // above), mostly not in the block cache: LZ4 unpacks them several times faster than ZSTD.
  o.bottommost_compression = graph           ? rocksdb::kNoCompression
                             : cf == kCfMeta ? rocksdb::kLZ4Compression
                                             : rocksdb::kZSTD;
  o.write_buffer_size = (cf == kCfEvidence || cf == kCfStatements) ? (64ull << 20) : (32ull << 20);
  o.level_compaction_dynamic_level_bytes = true;
  return o;
}

rocksdb::DBOptions DbOptions() {
  rocksdb::DBOptions o;
  o.max_background_jobs = 2;
  o.db_write_buffer_size = 256ull << 20;
  o.max_open_files = 512;
  o.keep_log_file_num = 3;
  o.atomic_flush = true;  // column families flush together: no CF ever runs ahead of another
  // Vector memtables (see CfOptions) take one writer at a time; the Database serialises
  // writers anyway.
  o.allow_concurrent_memtable_write = false;
  return o;
}

}  // namespace

Store::Store(std::string path, StoreOptions options)
    : path_(std::move(path)), options_(std::move(options)), rep_(std::make_unique<Rep>()) {}

Store::~Store() {
  if (retiring_.joinable()) retiring_.join();
}

void Store::Retire(std::unique_ptr<Batch> batch) {
  if (retiring_.joinable()) retiring_.join();
  retiring_ = std::thread([doomed = std::move(batch)]() mutable { doomed.reset(); });
}

namespace {

// Removes scratch folders of store creations whose process is gone (killed mid-creation).
void RemoveStaleCreations(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (exists && !fs::is_directory(path, ec)) {
    return Status::InvalidArgument("'" + path + "' is a file, not a kgraph store (a directory)");
  }
  const bool has_db = exists && fs::exists(fs::path(path) / "CURRENT", ec);
  if (exists && !has_db && !fs::is_empty(path, ec)) {
    return Status::Incompatible("'" + path +
                                "' is not a kgraph store: the folder holds other files");
  }
  if (!has_db && (options.read_only || !options.create_if_missing)) {
    return Status::NotFound("no kgraph store at '" + path + "'");
  }
  if (!has_db) {
    // A new store is built in a scratch folder beside its place and renamed into place once it
    // is complete, so a crash during creation never leaves a half-made store at `path`.
    fs::path target = fs::absolute(path, ec).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();
    const fs::path parent = target.parent_path();
    fs::create_directories(parent, ec);
    if (ec) return Status::IOError("cannot create store '" + path + "': " + ec.message());
    const std::string prefix = "." + target.filename().string() + ".creating-";
    RemoveStaleCreations(parent, prefix);
    const fs::path scratch = parent / (prefix + std::to_string(::getpid()));
    fs::remove_all(scratch, ec);
    {
      Result<std::unique_ptr<Store>> fresh = OpenRocks(scratch.string(), options, true);
      if (!fresh.ok()) {
        fs::remove_all(scratch, ec);
        return fresh.status().WithContext("cannot create store '" + path + "'");
      }
    }  // closed here
    fs::rename(scratch, target, ec);
    if (ec) {
      fs::remove_all(scratch, ec);
      // Another process may have created the store at the same moment: use theirs.
      if (!fs::exists(target / "CURRENT")) {
        return Status::IOError("cannot create store '" + path + "': " + ec.message());
      }
    }
  }
  return OpenRocks(path, options, false);
}

namespace {

// The error for a store that lacks column family `missing`: a kgraph store of another schema
// version (read from its meta family, named in the message), or not a kgraph store at all.
Status MissingFamily(const std::string& path, const std::vector<std::string>& existing,
                     const char* missing) {
  std::string version;
  if (std::find(existing.begin(), existing.end(), kCfNames[kCfMeta]) != existing.end()) {
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : existing)
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    if (rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, descriptors, &handles, &raw)
            .ok()) {
      std::unique_ptr<rocksdb::DB> db(raw);
      for (size_t i = 0; i < existing.size(); ++i) {
        std::string value;
        if (existing[i] == kCfNames[kCfMeta] &&
            db->Get(rocksdb::ReadOptions(), handles[i], "schema", &value).ok() &&
            value.size() == 4) {
          version = std::to_string(GetU32(value.data()));
        }
      }
      for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
      db->Close().PermitUncheckedError();
    }
  }
  if (!version.empty()) {
    return Status::Incompatible("store '" + path + "' has schema version " + version +
                                "; this build of kgraph reads only version " +
                                std::to_string(kSchemaVersion) +
                                " (export it with the kgraph "
                                "that wrote it and import the file)");
  }
  return Status::Incompatible("'" + path + "' is not a kgraph store of schema version " +
                              std::to_string(kSchemaVersion) + " (column family '" + missing +
                              "' is missing)");
}

}  // namespace

Result<std::unique_ptr<Store>> Store::OpenRocks(const std::string& path,
                                                const StoreOptions& options, bool create) {
  std::unique_ptr<Store> store(new Store(path, options));
  const bool has_db = !create;
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions db_options = DbOptions();
  db_options.create_if_missing = !has_db;
  db_options.create_missing_column_families = !has_db;

  std::vector<std::string> existing;
  if (has_db) {
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db_options, path, &existing);
    if (!s.ok()) return FromRocks(s, "cannot read store '" + path + "'");
    for (int i = 1; i < kCfCount; ++i) {
      if (std::find(existing.begin(), existing.end(), kCfNames[i]) == existing.end()) {
        return MissingFamily(path, existing, kCfNames[i]);
      }
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kCfCount; ++i) {
    descriptors.emplace_back(kCfNames[i], CfOptions(static_cast<Cf>(i), cache));
  }
  // A read-write open must name every column family in the store, ours and any others.
  for (const std::string& name : existing) {
    bool ours = false;
    for (int i = 0; i < kCfCount; ++i) ours = ours || name == kCfNames[i];
    if (!ours) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }

  Rep& rep = *store->rep_;
  rep.cache = cache;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    // A reader must not depend on files the writer may delete: open every table file now (the
    // open handles keep deleted files readable), and retry when a compaction in the writing
    // process removed a file between reading the MANIFEST and opening it.
    db_options.max_open_files = -1;
    for (int attempt = 0;; ++attempt) {
      s = rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &handles, &raw);
      if (s.ok() || attempt == 8 || s.ToString().find("No such file") == std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * (attempt + 1)));
    }
  } else {
    s = rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  }
  if (!s.ok()) {
    const std::string text = s.ToString();
    if (s.IsIOError() && (text.find("lock") != std::string::npos ||
                          text.find("Resource temporarily unavailable") != std::string::npos)) {
      return Status::Busy("store '" + path +
                          "' is already open for writing (by another process, or elsewhere in "
                          "this one); close it or open this one read-only");
    }
    return FromRocks(s, "cannot open store '" + path + "'");
  }
  rep.db.reset(raw);
  rep.cf = std::move(handles);
  if (!options.read_only) {
    // Table files of a bulk run that was interrupted before its ingestion: never part of the
    // store (the MANIFEST does not name them), so they go. We hold the write lock.
    std::error_code ec;
    fs::remove_all(fs::path(path) / kBulkFolder, ec);
  }

  // Schema version: write it into a new store, check it in an existing one.
  std::string value;
  s = rep.db->Get(rocksdb::ReadOptions(), rep.h(kCfMeta), "schema", &value);
  if (s.IsNotFound()) {
    if (has_db) {
      return Status::Incompatible("'" + path + "' is not a kgraph store (no schema version)");
    }
    std::string v;
    PutU32(&v, kSchemaVersion);
    rocksdb::WriteBatch batch;
    batch.Put(rep.h(kCfMeta), "schema", v);
    batch.Put(rep.h(kCfMeta), "state", EncodeState(store->state_));
    batch.Put(rep.h(kCfMeta), kQualifierRefsKey, "1");
    store->qualifier_refs_ = true;
    rocksdb::WriteOptions wo;
    wo.sync = true;
    KG_RETURN_IF_ERROR(FromRocks(rep.db->Write(wo, &batch), "cannot initialise store"));
  } else if (!s.ok()) {
    return FromRocks(s, "cannot read schema version");
  } else {
    const uint32_t version = value.size() == 4 ? GetU32(value.data()) : 0;
    if (version != kSchemaVersion) {
      return Status::Incompatible("store '" + path + "' has schema version " +
                                  std::to_string(version) +
                                  "; this build of kgraph reads only "
                                  "version " +
                                  std::to_string(kSchemaVersion));
    }
    s = rep.db->Get(rocksdb::ReadOptions(), rep.h(kCfMeta), "state", &value);
    if (!s.ok()) return FromRocks(s, "cannot read store state");
    KG_RETURN_IF_ERROR(DecodeState(value, &store->state_));
    s = rep.db->Get(rocksdb::ReadOptions(), rep.h(kCfMeta), kQualifierRefsKey, &value);
    if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "cannot read store state");
    store->qualifier_refs_ = s.ok();
  }

  // In-memory dictionaries of predicates and types (small: one entry per distinct lemma/type).
  std::unique_ptr<rocksdb::Iterator> it(
      rep.db->NewIterator(rocksdb::ReadOptions(), rep.h(kCfDictionary)));
  store->predicates_.assign(store->state_.next_predicate, "");
  store->predicate_counts_.assign(store->state_.next_predicate, 0);
  for (it->Seek("P"); it->Valid() && it->key()[0] == 'P'; it->Next()) {
    if (it->key().size() != 5) return Status::Corruption("bad predicate dictionary key");
    const uint32_t id = GetU32(it->key().data() + 1);
    if (id >= store->predicates_.size()) return Status::Corruption("predicate id out of range");
    std::string lemma;
    uint64_t count = 0;
    KG_RETURN_IF_ERROR(DecodePredicateInfo(std::string_view(it->value().data(), it->value().size()),
                                           &lemma, &count));
    store->predicates_[id] = lemma;
    store->predicate_counts_[id] = count;
    rep.predicate_ids[lemma] = id;
  }
  store->types_.assign(store->state_.next_type, "");
  for (it->Seek("T"); it->Valid() && it->key()[0] == 'T'; it->Next()) {
    if (it->key().size() != 3) return Status::Corruption("bad type dictionary key");
    const uint16_t id = GetU16(it->key().data() + 1);
    if (id >= store->types_.size()) return Status::Corruption("type id out of range");
    store->types_[id] = it->value().ToString();
    rep.type_ids[store->types_[id]] = id;
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "cannot read dictionary"));
  return store;
}

std::string Store::PredicateName(uint32_t p) const {
  return p < predicates_.size() ? predicates_[p] : std::string();
}

std::vector<std::pair<std::string, uint64_t>> Store::PredicateCounts() const {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (size_t i = 0; i < predicates_.size(); ++i) {
    if (predicate_counts_[i] > 0) out.emplace_back(predicates_[i], predicate_counts_[i]);
  }
  return out;
}

std::string Store::TypeName(uint16_t t) const { return t < types_.size() ? types_[t] : ""; }

namespace {

// Reads `key`; *found tells whether it exists.
Status GetValue(const Store::Rep& rep, Cf cf, const std::string& key, std::string* value,
                bool* found) {
  rocksdb::Status s = rep.db->Get(rocksdb::ReadOptions(), rep.h(cf), key, value);
  *found = s.ok();
  if (s.ok() || s.IsNotFound()) return Status::OK();
  return FromRocks(s, std::string("read from ") + kCfNames[cf]);
}

}  // namespace

Result<uint64_t> Store::FindNode(const std::string& ext_id) const {
  std::string v;
  bool found;
  KG_RETURN_IF_ERROR(GetValue(*rep_, kCfDictionary, DictKey('n', ext_id), &v, &found));
  if (!found) return Status::NotFound("no node with id '" + ext_id + "'");
  if (v.size() != 8) return Status::Corruption("bad node dictionary entry");
  return GetU64(v.data());
}

Result<uint64_t> Store::FindStatement(const std::string& ext_id) const {
  std::string v;
  bool found;
  KG_RETURN_IF_ERROR(GetValue(*rep_, kCfDictionary, DictKey('s', ext_id), &v, &found));
  if (!found) return Status::NotFound("no statement with id '" + ext_id + "'");
  if (v.size() != 8) return Status::Corruption("bad statement dictionary entry");
  return GetU64(v.data());
}

namespace {

Status LoadNodeRecord(const Store::Rep& rep, uint64_t id, NodeRecord* rec, bool* found) {
  std::string v;
  KG_RETURN_IF_ERROR(GetValue(rep, kCfNodes, U64Key(id), &v, found));
  if (!*found) return Status::OK();
  return DecodeNode(v, rec);
}

Node ToNode(const NodeRecord& rec) {
  Node n;
  n.id = rec.ext_id;
  n.name = rec.name;
  n.type = rec.type;
  n.kind = rec.kind;
  for (const auto& [text, count] : rec.aliases) n.aliases.push_back({text, count});
  return n;
}

}  // namespace

Result<Node> Store::GetNode(uint64_t node) const {
  NodeRecord rec;
  bool found;
  KG_RETURN_IF_ERROR(LoadNodeRecord(*rep_, node, &rec, &found));
  if (!found) return Status::NotFound("no node #" + std::to_string(node));
  return ToNode(rec);
}

Result<std::vector<uint64_t>> Store::LookupAlias(const std::string& normalized) const {
  std::vector<uint64_t> out;
  if (normalized.empty()) return out;
  std::string prefix = normalized;
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->h(kCfAliases)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 8) return Status::Corruption("bad alias key");
    out.push_back(GetU64(it->key().data() + prefix.size()));
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "alias lookup"));
  return out;
}

Result<std::vector<std::pair<std::string, uint64_t>>> Store::ScanAliases(const std::string& prefix,
                                                                         size_t limit) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->h(kCfAliases)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < limit;
       it->Next()) {
    const rocksdb::Slice k = it->key();
    if (k.size() < 9) return Status::Corruption("bad alias key");
    out.emplace_back(std::string(k.data(), k.size() - 9), GetU64(k.data() + k.size() - 8));
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "alias scan"));
  return out;
}

namespace {

Status LoadDocRecord(const Store::Rep& rep, uint64_t id, DocumentRecord* rec, bool* found) {
  std::string v;
  KG_RETURN_IF_ERROR(GetValue(rep, kCfDocuments, U64Key(id), &v, found));
  if (!*found) return Status::OK();
  return DecodeDocument(v, rec);
}

Status FindDocId(const Store::Rep& rep, const std::string& ext, uint64_t* id, bool* found) {
  std::string v;
  KG_RETURN_IF_ERROR(GetValue(rep, kCfDictionary, DictKey('d', ext), &v, found));
  if (*found) {
    if (v.size() != 8) return Status::Corruption("bad document dictionary entry");
    *id = GetU64(v.data());
  }
  return Status::OK();
}

}  // namespace

Result<Document> Store::GetDocument(const std::string& doc_id) const {
  uint64_t id;
  bool found;
  KG_RETURN_IF_ERROR(FindDocId(*rep_, doc_id, &id, &found));
  if (!found) return Status::NotFound("no document with id '" + doc_id + "'");
  DocumentRecord rec;
  KG_RETURN_IF_ERROR(LoadDocRecord(*rep_, id, &rec, &found));
  if (!found) return Status::Corruption("document '" + doc_id + "' is in the dictionary only");
  return rec.document;
}

Result<std::vector<Document>> Store::ListDocuments() const {
  std::vector<Document> out;
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->h(kCfDocuments)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    DocumentRecord rec;
    KG_RETURN_IF_ERROR(
        DecodeDocument(std::string_view(it->value().data(), it->value().size()), &rec));
    rec.document.text.clear();
    out.push_back(std::move(rec.document));
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "document scan"));
  std::sort(out.begin(), out.end(),
            [](const Document& a, const Document& b) { return a.id < b.id; });
  return out;
}

namespace {

// Turns statement records into kg::Statement values, caching the nodes and documents it reads.
// Not thread-safe; one per scan.
class StatementReader {
 public:
  StatementReader(const Store& store, const Store::Rep& rep) : store_(store), rep_(rep) {}

  Status Node(uint64_t id, const NodeRecord** out) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) {
      if (nodes_.size() > 200000) nodes_.clear();
      NodeRecord rec;
      bool found;
      KG_RETURN_IF_ERROR(LoadNodeRecord(rep_, id, &rec, &found));
      if (!found) return Status::Corruption("statement names missing node #" + std::to_string(id));
      it = nodes_.emplace(id, std::move(rec)).first;
    }
    *out = &it->second;
    return Status::OK();
  }

  Status Doc(uint64_t id, const Document** out) {
    auto it = docs_.find(id);
    if (it == docs_.end()) {
      if (docs_.size() > 100000) docs_.clear();
      DocumentRecord rec;
      bool found;
      KG_RETURN_IF_ERROR(LoadDocRecord(rep_, id, &rec, &found));
      if (!found)
        return Status::Corruption("evidence names missing document #" + std::to_string(id));
      rec.document.text.clear();
      it = docs_.emplace(id, std::move(rec.document)).first;
    }
    *out = &it->second;
    return Status::OK();
  }

  Status Ref(uint64_t id_plus_one, std::optional<NodeRef>* out) {
    out->reset();
    if (id_plus_one == 0) return Status::OK();
    const NodeRecord* rec = nullptr;
    KG_RETURN_IF_ERROR(Node(id_plus_one - 1, &rec));
    *out = NodeRef{rec->ext_id, rec->name};
    return Status::OK();
  }

  // Fills everything but the evidence.
  Status Fill(const StatementRecord& r, Statement* st) {
    const NodeRecord* n = nullptr;
    KG_RETURN_IF_ERROR(Node(r.subject, &n));
    st->subject = ToNode(*n);
    KG_RETURN_IF_ERROR(Node(r.object, &n));
    st->object = ToNode(*n);
    st->id = r.ext_id;
    st->predicate.lemma = store_.PredicateName(r.predicate);
    st->predicate.text = r.predicate_text;
    Qualifiers& q = st->qualifiers;
    q = Qualifiers();
    q.time = r.qualifiers.time;
    KG_RETURN_IF_ERROR(Ref(r.qualifiers.location, &q.location));
    q.quantity = r.qualifiers.quantity;
    q.negated = r.qualifiers.negated;
    q.modality = r.qualifiers.modality;
    KG_RETURN_IF_ERROR(Ref(r.qualifiers.attributed_to, &q.attributed_to));
    st->confidence = r.confidence;
    st->support = r.Support();
    st->evidence.clear();
    return Status::OK();
  }

  Status AddEvidence(const EvidenceRecord& e, Statement* st) {
    const Document* d = nullptr;
    KG_RETURN_IF_ERROR(Doc(e.doc, &d));
    Evidence ev;
    ev.doc = d->id;
    ev.source = d->source;
    ev.published = d->published;
    ev.path = d->path;
    ev.sentence = e.sentence;
    ev.begin = e.begin;
    ev.end = e.end;
    ev.rule = e.rule;
    ev.version = e.version;
    ev.confidence = e.confidence;
    st->evidence.push_back(std::move(ev));
    return Status::OK();
  }

  // Once the evidence is in: puts it in a stable order, independent of hashes (document, span,
  // rule), and combines the stored extraction confidence with the corroboration it gives.
  static void Finish(Statement* st) {
    std::sort(st->evidence.begin(), st->evidence.end(), [](const Evidence& a, const Evidence& b) {
      return std::tie(a.doc, a.begin, a.end, a.rule) < std::tie(b.doc, b.begin, b.end, b.rule);
    });
    const core::Corroboration c = core::Corroborate(st->evidence, st->confidence);
    st->outlets = c.outlets;
    st->confidence = c.confidence;
  }

 private:
  const Store& store_;
  const Store::Rep& rep_;
  std::unordered_map<uint64_t, NodeRecord> nodes_;
  std::unordered_map<uint64_t, Document> docs_;
};

}  // namespace

namespace {

// One statement with its evidence, through `reader` (which keeps the node and document records
// it has read).
Status ReadStatement(const Store::Rep& rep, StatementReader& reader, uint64_t statement,
                     Statement* out) {
  std::string v;
  bool found;
  KG_RETURN_IF_ERROR(GetValue(rep, kCfStatements, U64Key(statement), &v, &found));
  if (!found) return Status::NotFound("no statement #" + std::to_string(statement));
  StatementRecord rec;
  KG_RETURN_IF_ERROR(DecodeStatement(v, &rec));
  Statement& st = *out;
  st = Statement();
  KG_RETURN_IF_ERROR(reader.Fill(rec, &st));
  const std::string prefix = U64Key(statement);
  rocksdb::ReadOptions ro;
  ro.prefix_same_as_start = true;  // the evidence family's prefix bloom filters skip the rest
  std::unique_ptr<rocksdb::Iterator> it(rep.db->NewIterator(ro, rep.h(kCfEvidence)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    EvidenceRecord e;
    KG_RETURN_IF_ERROR(
        DecodeEvidence(std::string_view(it->value().data(), it->value().size()), &e));
    KG_RETURN_IF_ERROR(reader.AddEvidence(e, &st));
  }
  KG_RETURN_IF_ERROR(FromRocks(it->status(), "evidence scan"));
  StatementReader::Finish(&st);
  return Status::OK();
}

}  // namespace

Result<Statement> Store::GetStatement(uint64_t statement) const {
  StatementReader reader(*this, *rep_);
  Statement st;
  KG_RETURN_IF_ERROR(ReadStatement(*rep_, reader, statement, &st));
  return st;
}

Status Store::GetStatements(const std::vector<uint64_t>& ids, std::vector<Statement>* out) const {
  out->clear();
  out->resize(ids.size());
  StatementReader reader(*this, *rep_);
  for (size_t i = 0; i < ids.size(); ++i) {
    KG_RETURN_IF_ERROR(ReadStatement(*rep_, reader, ids[i], &(*out)[i]));
  }
  return Status::OK();
}

Status Store::ScanStatements(const std::function<bool(const Statement&)>& visit) const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.total_order_seek = true;  // walks across statement prefixes (see CfOptions, evidence)
  // One consistent view for both iterators.
  const rocksdb::Snapshot* snapshot = rep_->db->GetSnapshot();
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> st_it(rep_->db->NewIterator(ro, rep_->h(kCfStatements)));
  std::unique_ptr<rocksdb::Iterator> ev_it(rep_->db->NewIterator(ro, rep_->h(kCfEvidence)));
  StatementReader reader(*this, *rep_);
  Status status;
  ev_it->SeekToFirst();
  for (st_it->SeekToFirst(); st_it->Valid() && status.ok(); st_it->Next()) {
    StatementRecord rec;
    status = DecodeStatement(std::string_view(st_it->value().data(), st_it->value().size()), &rec);
    if (!status.ok()) break;
    Statement st;
    status = reader.Fill(rec, &st);
    if (!status.ok()) break;
    // Evidence keys are ordered by statement id too: walk both in step.
    const rocksdb::Slice prefix = st_it->key();
    if (ev_it->Valid() && ev_it->key().compare(prefix) < 0) ev_it->Seek(prefix);
    for (; ev_it->Valid() && ev_it->key().starts_with(prefix); ev_it->Next()) {
      EvidenceRecord e;
      status = DecodeEvidence(std::string_view(ev_it->value().data(), ev_it->value().size()), &e);
      if (status.ok()) status = reader.AddEvidence(e, &st);
      if (!status.ok()) break;
    }
    if (!status.ok()) break;
    StatementReader::Finish(&st);
    if (!visit(st)) break;
  }
  if (status.ok()) status = FromRocks(st_it->status(), "statement scan");
  if (status.ok()) status = FromRocks(ev_it->status(), "evidence scan");
  st_it.reset();
  ev_it.reset();
  rep_->db->ReleaseSnapshot(snapshot);
  return status;
}

Status Store::ScanGraph(char tag, uint64_t first, uint64_t last,
                        const std::function<void(uint64_t, const VertexSummary&)>& vertex,
                        const std::function<void(uint64_t, const EdgeSummary&)>& edge) const {
  std::string lower(1, tag), upper(1, tag);
  PutU64(&lower, first);
  PutU64(&upper, last);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 8 << 20;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(ro, rep_->h(tag == 'v' ? kCfVertices : kCfEdges)));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    const std::string_view v(it->value().data(), it->value().size());
    if (k.size() != 9 || k[0] != tag) return Status::Corruption("bad graph key");
    const uint64_t id = GetU64(k.data() + 1);
    if (tag == 'v') {
      VertexSummary vs;
      KG_RETURN_IF_ERROR(DecodeVertex(v, &vs));
      vertex(id, vs);
    } else {
      EdgeSummary es;
      KG_RETURN_IF_ERROR(DecodeEdge(v, &es));
      edge(id, es);
    }
  }
  return FromRocks(it->status(), "graph scan");
}

Status Store::ScanGraphVertices(
    const std::function<void(uint64_t, const VertexSummary&)>& vertex) const {
  return ScanGraph('v', 0, UINT64_MAX, vertex, nullptr);
}

Status Store::ScanGraphEdges(uint64_t first, uint64_t last,
                             const std::function<void(uint64_t, const EdgeSummary&)>& edge) const {
  return ScanGraph('e', first, last, nullptr, edge);
}

Status Store::ScanNodeStatements(uint64_t node, bool as_subject,
                                 const std::function<bool(uint64_t)>& visit) const {
  // spo: s(8) p(4) o(8) st(8); osp: o(8) s(8) p(4) st(8). The statement id is the last 8 bytes.
  const std::string prefix = U64Key(node);
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->h(as_subject ? kCfSpo : kCfOsp)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != 28) return Status::Corruption("bad permutation index key");
    if (!visit(GetU64(it->key().data() + 20))) break;
  }
  return FromRocks(it->status(), "index scan");
}

// Stages one atomic write: caches the records it touches, then encodes the dirty ones into a
// single WriteBatch, or for a bulk run into table files. Nothing in the Store changes until
// Store::Commit or Store::Ingest succeeds.
// The XXH3 128-bit hash of `bytes`, as a key of the batch's tables.
static Key128 HashKey(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return {h.high64, h.low64};
}

// The records a batch holds of one kind (nodes, statements or documents), found by external id
// (through its XXH3 128-bit hash: no string is hashed twice or compared, and at 2^-128 per
// pair a collision is as unlikely as one of the statement identities, which are such hashes)
// and by internal id. Entries live in blocks of kBlock that are never reallocated: they never
// move (a batch holds pointers to them) and are never removed (a deleted record is marked), and
// iteration is in the order they came.
template <typename Entry>
class EntryTable {
 public:
  EntryTable() = default;
  EntryTable(const EntryTable&) = delete;
  EntryTable& operator=(const EntryTable&) = delete;
  ~EntryTable() {
    for (size_t i = 0; i < size_; ++i) at(i).~Entry();
    for (Entry* block : blocks_) ::operator delete(block, std::align_val_t(alignof(Entry)));
  }

  static Key128 ExtKey(std::string_view ext) { return HashKey(ext); }

  Entry* Find(const Key128& key) {
    const uint32_t i = by_ext_.find(key);
    return i == KeyMap::kNone ? nullptr : &at(i);
  }
  Entry* Find(std::string_view ext) { return Find(ExtKey(ext)); }
  void Prefetch(const Key128& key) const { by_ext_.prefetch(key); }
  Entry* FindId(uint64_t id) {
    const uint32_t i = by_id_.find(Key128{0, id});
    return i == KeyMap::kNone ? nullptr : &at(i);
  }

  // Adds `entry` under `key` (its external id's) and its internal id.
  Entry& Add(const Key128& key, Entry entry) {
    const uint32_t i = static_cast<uint32_t>(size_);
    if (i % kBlock == 0) {
      // Raw memory: an entry is constructed when added, so a batch of a few records does not
      // construct (and destroy) a whole block of them.
      blocks_.push_back(static_cast<Entry*>(
          ::operator new(sizeof(Entry) * kBlock, std::align_val_t(alignof(Entry)))));
    }
    Entry& slot = *new (&at(i)) Entry(std::move(entry));
    ++size_;
    by_ext_.set(key, i);
    by_id_.set(Key128{0, slot.id}, i);
    return slot;
  }
  Entry& Add(std::string_view ext, Entry entry) { return Add(ExtKey(ext), std::move(entry)); }

  void reserve(size_t n) {
    by_ext_.reserve(n);
    by_id_.reserve(n);
    blocks_.reserve(n / kBlock + 1);
  }

  // Calls f(entry) for every entry, in the order they were added.
  template <typename F>
  void ForEach(F&& f) {
    for (size_t i = 0; i < size_; ++i) f(at(i));
  }

 private:
  static constexpr size_t kBlock = 1024;
  Entry& at(size_t i) { return blocks_[i / kBlock][i % kBlock]; }

  std::vector<Entry*> blocks_;  // each of kBlock entries, constructed up to size_
  size_t size_ = 0;
  KeyMap by_ext_;
  KeyMap by_id_;
};

class Store::Batch {
 public:
  struct NodeEntry {
    uint64_t id = 0;
    NodeRecord rec;
    bool is_new = false, dirty = false, vertex_dirty = false, deleted = false;
  };
  struct StatementEntry {
    uint64_t id = 0;
    StatementRecord rec;
    bool is_new = false, dirty = false, deleted = false;
  };
  struct DocEntry {
    uint64_t id = 0;
    DocumentRecord rec;
    bool is_new = false, dirty = false, deleted = false;
  };

  // One staged write, its key and then its value in arena_; Finish sorts them. Flat, so the
  // sort moves 48-byte entries rather than two strings each.
  struct Op {
    uint64_t head;    // the key's first 8 bytes, big-endian, zero-padded (see SortOps)
    uint64_t head2;   // its next 8 bytes, the same way
    uint64_t head3;   // and the 8 after those (index keys of one hub tie on 16 bytes)
    const char* key;  // the key, followed by the value (in arena_)
    uint32_t key_size, value_size;
    uint32_t seq;  // staging order, for several writes of one key
    bool is_delete;
  };

  explicit Batch(Store* store) : store_(store), rep_(*store->rep_), state_(store->state_) {}

  StoreState& state() { return state_; }
  rocksdb::WriteBatch& wb() { return wb_; }

  // A batch over a store without documents, nodes or statements (a bulk run started on an
  // empty store, holding the only write): every record it could look up is one it staged
  // itself, so it never reads the store.
  void set_fresh(bool fresh) { fresh_ = fresh; }
  // Whether changes() gathers the set vertices and edges (see BulkOptions::graph_changes).
  void set_graph_changes(bool gather) { graph_changes_ = gather; }

  // Reserves room for about `bytes` of staged key/values (see BulkOptions::expected_bytes). The
  // divisors are what a statement of the synthetic benchmark corpus brings: about 550 bytes in
  // 11 writes, from a JSON line of about 700 bytes.
  void Reserve(uint64_t bytes) {
    arena_.Reserve(bytes);
    // Writes per statement: one in each of these families, two in the dictionary (statement,
    // node) and the document index (evidence, alias), fewer in the others.
    const uint64_t statements = bytes / 700;
    for (int c = 0; c < kCfCount; ++c) {
      const Cf cf = static_cast<Cf>(c);
      uint64_t n = statements / 4;
      if (cf == kCfStatements || cf == kCfEvidence || cf == kCfEdges || cf == kCfSpo ||
          cf == kCfPos || cf == kCfOsp) {
        n = statements;
      } else if (cf == kCfDictionary || cf == kCfDocIndex) {
        n = 2 * statements;
      }
      ops_[c].reserve(n);
    }
    // Huge pages, as for the arena's blocks.
    for (const std::vector<Op>& ops : ops_) {
      AdviseHugePages(ops.data(), ops.capacity() * sizeof(Op));
    }
    statements_.reserve(statements);
  }
  GraphChanges& changes() { return changes_; }

  Status FindNode(const std::string& ext, NodeEntry** out) {
    return FindNode(ext, EntryTable<NodeEntry>::ExtKey(ext), out);
  }
  // `key`: EntryTable's key of `ext`, computed earlier.
  Status FindNode(const std::string& ext, const Key128& key, NodeEntry** out) {
    *out = nodes_.Find(key);
    if (*out != nullptr) return Status::OK();
    NodeEntry e;
    if (auto it = rep_.node_cache.empty() ? rep_.node_cache.end() : rep_.node_cache.find(ext);
        it != rep_.node_cache.end() && it->second.valid) {
      // Moved, not copied: Publish puts the record back after the commit; if the batch fails
      // the entry stays invalid, which only costs a store read later.
      e.id = it->second.id;
      e.rec = std::move(it->second.rec);
      it->second.valid = false;
      *out = &nodes_.Add(key, std::move(e));
      return Status::OK();
    }
    if (fresh_) return Status::OK();
    std::string v;
    bool found;
    KG_RETURN_IF_ERROR(GetValue(rep_, kCfDictionary, DictKey('n', ext), &v, &found));
    if (!found) return Status::OK();
    if (v.size() != 8) return Status::Corruption("bad node dictionary entry");
    e.id = GetU64(v.data());
    KG_RETURN_IF_ERROR(LoadNodeRecord(rep_, e.id, &e.rec, &found));
    if (!found) return Status::Corruption("node '" + ext + "' is in the dictionary only");
    *out = &nodes_.Add(key, std::move(e));
    return Status::OK();
  }

  Status NodeById(uint64_t id, NodeEntry** out) {
    *out = nodes_.FindId(id);
    if (*out != nullptr) return Status::OK();
    NodeRecord rec;
    bool found;
    KG_RETURN_IF_ERROR(LoadNodeRecord(rep_, id, &rec, &found));
    if (!found) return Status::Corruption("missing node #" + std::to_string(id));
    const std::string ext = rec.ext_id;
    return FindNode(ext, out);
  }

  // The node with `node.id`, created when new. An existing node keeps its name; a vague type
  // (OTHER) is replaced by a specific one.
  Status ResolveNode(const Node& node, NodeEntry** out) {
    return ResolveNode(node, EntryTable<NodeEntry>::ExtKey(node.id), out);
  }
  // `key`: EntryTable's key of node.id, computed earlier.
  Status ResolveNode(const Node& node, const Key128& key, NodeEntry** out) {
    KG_RETURN_IF_ERROR(FindNode(node.id, key, out));
    if (*out != nullptr) {
      NodeEntry& e = **out;
      if (e.rec.type == "OTHER" && node.type != "OTHER") {
        e.rec.type = node.type;
        e.rec.kind = IsLiteralType(node.type) ? NodeKind::kLiteral : NodeKind::kEntity;
        e.dirty = e.vertex_dirty = true;
      }
      return Status::OK();
    }
    NodeEntry e;
    if (auto reuse = reuse_ids_.find(node.id); reuse != reuse_ids_.end()) {
      e.id = reuse->second;
    } else {
      e.id = state_.next_node++;
    }
    e.rec.ext_id = node.id;
    e.rec.name = node.name;
    e.rec.type = node.type;
    e.rec.kind = IsLiteralType(node.type) ? NodeKind::kLiteral : NodeKind::kEntity;
    e.is_new = e.dirty = e.vertex_dirty = true;
    ++state_.nodes;
    if (e.rec.kind == NodeKind::kEntity) ++state_.entities;
    Put(kCfDictionary, DictKey('n', node.id), U64Key(e.id));
    Put(kCfAliases, AliasKey(core::NormalizeName(node.name), e.id), "");
    *out = &nodes_.Add(key, std::move(e));
    return Status::OK();
  }

  // Qualifier references: the node when known, else a new one named after the reference.
  Status ResolveRef(const std::optional<NodeRef>& ref, const char* default_type, uint64_t* out) {
    *out = 0;
    if (!ref) return Status::OK();
    NodeEntry* e;
    KG_RETURN_IF_ERROR(FindNode(ref->id, &e));
    if (e == nullptr) {
      Node n;
      n.id = ref->id;
      n.name = ref->name.empty() ? ref->id : ref->name;
      n.type = default_type;
      KG_RETURN_IF_ERROR(ResolveNode(n, &e));
    }
    *out = e->id + 1;
    return Status::OK();
  }

  uint32_t ResolvePredicate(const std::string& lemma) {
    if (auto it = rep_.predicate_ids.find(lemma); it != rep_.predicate_ids.end()) return it->second;
    if (auto it = new_predicates_.find(lemma); it != new_predicates_.end()) return it->second;
    const uint32_t id = state_.next_predicate++;
    new_predicates_[lemma] = id;
    return id;
  }

  uint16_t ResolveType(const std::string& type) {
    if (auto it = rep_.type_ids.find(type); it != rep_.type_ids.end()) return it->second;
    if (auto it = new_types_.find(type); it != new_types_.end()) return it->second;
    const uint16_t id = state_.next_type++;
    new_types_[type] = id;
    Put(kCfDictionary, DictKeyU16('T', id), type);
    return id;
  }

  Status FindDoc(const std::string& ext, DocEntry** out) {
    *out = docs_.Find(ext);
    if (*out != nullptr) return Status::OK();
    if (fresh_) return Status::OK();
    uint64_t id;
    bool found;
    KG_RETURN_IF_ERROR(FindDocId(rep_, ext, &id, &found));
    if (!found) return Status::OK();
    DocEntry e;
    e.id = id;
    KG_RETURN_IF_ERROR(LoadDocRecord(rep_, id, &e.rec, &found));
    if (!found) return Status::Corruption("document '" + ext + "' is in the dictionary only");
    *out = &docs_.Add(ext, std::move(e));
    return Status::OK();
  }

  DocEntry* NewDoc(const Document& doc) {
    DocEntry e;
    e.id = state_.next_doc++;
    e.rec.document = doc;
    if (e.rec.document.ingested_at.empty()) e.rec.document.ingested_at = now_;
    if (!doc.text.empty()) e.rec.text_hash = core::Hash128Hex(doc.text);
    e.is_new = e.dirty = true;
    ++state_.documents;
    Put(kCfDictionary, DictKey('d', doc.id), U64Key(e.id));
    return &docs_.Add(doc.id, std::move(e));
  }

  // A full document: new, a no-op when held with the same text, or the text of a document known
  // so far only from imported evidence.
  Status AddDocument(const Document& doc, bool* added) {
    DocEntry* e;
    KG_RETURN_IF_ERROR(FindDoc(doc.id, &e));
    *added = false;
    if (e == nullptr) {
      NewDoc(doc);
      *added = true;
      return Status::OK();
    }
    const std::string hash = doc.text.empty() ? "" : core::Hash128Hex(doc.text);
    if (e->rec.text_hash == hash) return Status::OK();
    if (!e->rec.text_hash.empty()) {
      return Status::InvalidArgument("document '" + doc.id +
                                     "' is already stored with a different text; remove it "
                                     "first (kg rm-doc) to replace it");
    }
    const uint64_t evidence = e->rec.evidence;
    e->rec.document = doc;
    e->rec.document.ingested_at = now_;
    e->rec.text_hash = hash;
    e->rec.evidence = evidence;
    e->dirty = true;
    *added = true;
    return Status::OK();
  }

  Status ResolveEvidenceDoc(const Evidence& ev, DocEntry** out) {
    KG_RETURN_IF_ERROR(FindDoc(ev.doc, out));
    if (*out != nullptr) return Status::OK();
    Document d;
    d.id = ev.doc;
    d.source = ev.source;
    d.published = ev.published;
    d.path = ev.path;
    *out = NewDoc(d);
    return Status::OK();
  }

  Status FindStatement(const std::string& ext, StatementEntry** out) {
    return FindStatement(ext, EntryTable<StatementEntry>::ExtKey(ext), out);
  }
  // `key`: EntryTable's key of `ext`, computed earlier.
  Status FindStatement(const std::string& ext, const Key128& key, StatementEntry** out) {
    *out = statements_.Find(key);
    if (*out != nullptr) return Status::OK();
    if (fresh_) return Status::OK();
    std::string v;
    bool found;
    KG_RETURN_IF_ERROR(GetValue(rep_, kCfDictionary, DictKey('s', ext), &v, &found));
    if (!found) return Status::OK();
    if (v.size() != 8) return Status::Corruption("bad statement dictionary entry");
    StatementEntry e;
    e.id = GetU64(v.data());
    KG_RETURN_IF_ERROR(GetValue(rep_, kCfStatements, U64Key(e.id), &v, &found));
    if (!found) return Status::Corruption("statement '" + ext + "' is in the dictionary only");
    KG_RETURN_IF_ERROR(DecodeStatement(v, &e.rec));
    *out = &statements_.Add(key, std::move(e));
    return Status::OK();
  }

  Status StatementById(uint64_t id, StatementEntry** out) {
    *out = statements_.FindId(id);
    if (*out != nullptr) return Status::OK();
    std::string v;
    bool found;
    KG_RETURN_IF_ERROR(GetValue(rep_, kCfStatements, U64Key(id), &v, &found));
    if (!found) return Status::Corruption("missing statement #" + std::to_string(id));
    StatementRecord rec;
    KG_RETURN_IF_ERROR(DecodeStatement(v, &rec));
    const std::string ext = rec.ext_id;
    return FindStatement(ext, out);
  }

  // Records that `doc` used `alias` for `node` (once per document).
  // The document index key of a contribution, built in a buffer the batch keeps (no
  // allocation per contribution), and its member of contributions_.
  Key128 ContributionKey(DocEntry* doc, NodeEntry* node, const std::string& alias) {
    scratch_key_.clear();
    AppendDocAliasKey(&scratch_key_, doc->id, node->id, alias);
    return SetKey(scratch_key_);
  }

  Status Contribute(DocEntry* doc, NodeEntry* node, const std::string& alias) {
    const Key128 set_key = ContributionKey(doc, node, alias);
    const std::string& key = scratch_key_;
    if (!contributions_.insert(set_key)) return Status::OK();  // from now on it is known
    if (!doc->is_new && !node->is_new && !removed_contributions_.erase(set_key)) {
      std::string v;
      bool found;
      KG_RETURN_IF_ERROR(GetValue(rep_, kCfDocIndex, key, &v, &found));
      if (found) return Status::OK();
    }
    Put(kCfDocIndex, key, "");
    uint32_t& count = node->rec.aliases[alias];
    if (count++ == 0) {
      ++state_.aliases;
      Put(kCfAliases, AliasKey(core::NormalizeName(alias), node->id), "");
    }
    node->dirty = true;
    return Status::OK();
  }

  // `identified`: st.id is core::StatementId(st) (see WriteRequest::identified).
  Status AddStatement(const Statement& st, bool identified, WriteOutcome* out) {
    // The lookups in the batch's tables are cache misses once they are large: their slots are
    // requested first and read after the identity hash is computed.
    const Key128 subject_key = EntryTable<NodeEntry>::ExtKey(st.subject.id);
    const Key128 object_key = EntryTable<NodeEntry>::ExtKey(st.object.id);
    nodes_.Prefetch(subject_key);
    nodes_.Prefetch(object_key);
    std::string computed;
    const std::string& ext = identified ? st.id : (computed = core::StatementId(st));
    const Key128 statement_key = EntryTable<StatementEntry>::ExtKey(ext);
    statements_.Prefetch(statement_key);
    NodeEntry *subject, *object;
    KG_RETURN_IF_ERROR(ResolveNode(st.subject, subject_key, &subject));
    KG_RETURN_IF_ERROR(ResolveNode(st.object, object_key, &object));
    uint64_t location, attributed_to;
    KG_RETURN_IF_ERROR(ResolveRef(st.qualifiers.location, "LOCATION", &location));
    KG_RETURN_IF_ERROR(ResolveRef(st.qualifiers.attributed_to, "OTHER", &attributed_to));
    StatementEntry* e;
    KG_RETURN_IF_ERROR(FindStatement(ext, statement_key, &e));
    const bool existed = e != nullptr;  // in the store, or from an earlier line of this batch
    if (e == nullptr) {
      StatementEntry fresh;
      if (auto reuse = reuse_ids_.find(ext); reuse != reuse_ids_.end()) {
        fresh.id = reuse->second;
      } else {
        fresh.id = state_.next_statement++;
      }
      StatementRecord& r = fresh.rec;
      r.ext_id = ext;
      r.subject = subject->id;
      r.predicate = ResolvePredicate(st.predicate.lemma);
      r.predicate_text = st.predicate.text;
      r.object = object->id;
      r.qualifiers.time = st.qualifiers.time;
      r.qualifiers.location = location;
      r.qualifiers.quantity = st.qualifiers.quantity;
      r.qualifiers.negated = st.qualifiers.negated;
      r.qualifiers.modality = st.qualifiers.modality;
      r.qualifiers.attributed_to = attributed_to;
      r.confidence = st.confidence;
      fresh.is_new = fresh.dirty = true;
      ++state_.statements;
      ++predicate_delta_[r.predicate];
      for (uint64_t ref : {location, attributed_to}) {
        if (ref == 0) continue;
        NodeEntry* n;
        KG_RETURN_IF_ERROR(NodeById(ref - 1, &n));
        ++n->rec.refs;
        n->dirty = true;
        Put(kCfDictionary, QualifierRefKey(ref - 1, fresh.id), "");
      }
      for (NodeEntry* n : {subject, object}) {  // at hand: no lookup
        ++n->rec.refs;
        n->dirty = true;
      }
      Put(kCfDictionary, DictKey('s', ext), U64Key(fresh.id));
      Put(kCfSpo, PackedSpoKey(r.subject, r.predicate, r.object, fresh.id), "");
      Put(kCfPos, PackedPosKey(r.predicate, r.object, r.subject, fresh.id), "");
      Put(kCfOsp, PackedOspKey(r.object, r.subject, r.predicate, fresh.id), "");
      e = &statements_.Add(statement_key, std::move(fresh));
      ++out->statements_new;
    } else {
      if (st.confidence > e->rec.confidence) {
        e->rec.confidence = st.confidence;
        e->dirty = true;
      }
      if (e->rec.predicate_text.empty() && !st.predicate.text.empty()) {
        e->rec.predicate_text = st.predicate.text;
        e->dirty = true;
      }
    }
    uint64_t added = 0;
    for (const Evidence& ev : st.evidence) {
      const uint64_t hash = core::EvidenceHash(ev);
      const PackedKey key = PackedEvidenceKey(e->id, hash);
      const Key128 set_key = SetKey(key);
      // The piece is known from now on: added below, or found stored.
      if (!evidence_.insert(set_key)) continue;
      if (!e->is_new && !removed_evidence_.contains(set_key)) {
        std::string v;
        bool found;
        KG_RETURN_IF_ERROR(GetValue(rep_, kCfEvidence, std::string(key.view()), &v, &found));
        if (found) continue;
      }
      DocEntry* doc;
      KG_RETURN_IF_ERROR(ResolveEvidenceDoc(ev, &doc));
      for (NodeEntry* n : {subject, object}) {  // read below, by Contribute
        const Node& given = n == subject ? st.subject : st.object;
        for (const Alias& a : given.aliases)
          contributions_.prefetch(ContributionKey(doc, n, a.text));
      }
      // A piece without a confidence of its own takes its statement's, so that corroboration
      // (core/model/corroboration.h) never depends on which line brought which piece.
      const std::optional<double> confidence =
          ev.confidence ? ev.confidence : std::optional<double>(st.confidence);
      EvidenceRecord rec{doc->id, ev.sentence, ev.begin, ev.end, ev.rule, ev.version, confidence};
      Put(kCfEvidence, key, EncodeEvidence(rec));
      Put(kCfDocIndex, PackedDocEvidenceKey(doc->id, e->id, hash), "");
      auto& docs = e->rec.docs;
      auto pos = std::lower_bound(docs.begin(), docs.end(), std::make_pair(doc->id, uint32_t{0}));
      if (pos != docs.end() && pos->first == doc->id) {
        ++pos->second;
      } else {
        docs.insert(pos, {doc->id, 1});
      }
      ++doc->rec.evidence;
      doc->dirty = true;
      e->dirty = true;
      ++state_.evidence;
      ++out->evidence_new;
      ++added;
      for (NodeEntry* n : {subject, object}) {
        const Node& given = n == subject ? st.subject : st.object;
        for (const Alias& a : given.aliases) KG_RETURN_IF_ERROR(Contribute(doc, n, a.text));
      }
    }
    if (existed) {
      if (added > 0) {
        ++out->statements_merged;
      } else {
        ++out->statements_unchanged;
      }
    }
    return Status::OK();
  }

  // Retracts every piece of evidence the document brought; see Database::RemoveDocument.
  Status RemoveDocument(const std::string& ext, RemoveOutcome* out) {
    DocEntry* doc;
    KG_RETURN_IF_ERROR(FindDoc(ext, &doc));
    if (doc == nullptr) return Status::NotFound("no document with id '" + ext + "'");
    std::vector<std::pair<uint64_t, uint64_t>> pieces;      // statement, evidence hash
    std::vector<std::pair<uint64_t, std::string>> aliases;  // node, alias
    {
      std::unique_ptr<rocksdb::Iterator> it(
          rep_.db->NewIterator(rocksdb::ReadOptions(), rep_.h(kCfDocIndex)));
      const std::string prefix = U64Key(doc->id);
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        const rocksdb::Slice k = it->key();
        if (k.size() == 25 && k[8] == 's') {
          pieces.emplace_back(GetU64(k.data() + 9), GetU64(k.data() + 17));
        } else if (k.size() >= 17 && k[8] == 'a') {
          aliases.emplace_back(GetU64(k.data() + 9), std::string(k.data() + 17, k.size() - 17));
        } else {
          return Status::Corruption("bad document index key");
        }
        Delete(kCfDocIndex, k.ToString());
      }
      KG_RETURN_IF_ERROR(FromRocks(it->status(), "document index scan"));
    }
    std::vector<StatementEntry*> touched;
    for (const auto& [st_id, ev_hash] : pieces) {
      StatementEntry* e;
      KG_RETURN_IF_ERROR(StatementById(st_id, &e));
      Delete(kCfEvidence, EvidenceKey(st_id, ev_hash));
      auto& docs = e->rec.docs;
      auto pos = std::lower_bound(docs.begin(), docs.end(), std::make_pair(doc->id, uint32_t{0}));
      if (pos != docs.end() && pos->first == doc->id && --pos->second == 0) docs.erase(pos);
      if (!e->dirty) touched.push_back(e);
      e->dirty = true;
      --state_.evidence;
      ++out->evidence_removed;
    }
    for (const auto& [node_id, alias] : aliases) {
      NodeEntry* n;
      KG_RETURN_IF_ERROR(NodeById(node_id, &n));
      auto it = n->rec.aliases.find(alias);
      if (it == n->rec.aliases.end()) continue;
      n->dirty = true;
      if (--it->second > 0) continue;
      n->rec.aliases.erase(it);
      --state_.aliases;
      DropAliasIndexIfUnused(n, core::NormalizeName(alias));
    }
    for (StatementEntry* e : touched) {
      if (!e->rec.docs.empty()) continue;
      KG_RETURN_IF_ERROR(DeleteStatement(e));
      ++out->statements_removed;
    }
    nodes_.ForEach([&](NodeEntry& n) {
      if (n.rec.refs == 0 && !n.deleted && !n.is_new) {
        DeleteNode(&n);
        ++out->nodes_removed;
      }
    });
    doc->deleted = true;
    Delete(kCfDocuments, U64Key(doc->id));
    Delete(kCfDictionary, DictKey('d', ext));
    --state_.documents;
    return Status::OK();
  }

  // Writes a resolver record into the meta column family (an empty value deletes it).
  Status PutMeta(const std::string& key, const std::string& value) {
    if (key.rfind(kResolverMetaPrefix, 0) != 0) {
      return Status::InvalidArgument("meta key '" + key + "' is outside the resolver's records");
    }
    if (value.empty()) {
      Delete(kCfMeta, key);
    } else {
      Put(kCfMeta, key, value);
    }
    return Status::OK();
  }

  // Gives an existing node a new display name; the new name enters the alias index.
  Status RenameNode(const std::string& ext, const std::string& name) {
    NodeEntry* n;
    KG_RETURN_IF_ERROR(FindNode(ext, &n));
    if (n == nullptr || n->deleted) return Status::NotFound("no node with id '" + ext + "'");
    if (name.empty()) return Status::InvalidArgument("empty name for node '" + ext + "'");
    if (n->rec.name == name) return Status::OK();
    const std::string old_norm = core::NormalizeName(n->rec.name);
    n->rec.name = name;
    n->dirty = true;
    Put(kCfAliases, AliasKey(core::NormalizeName(name), n->id), "");
    DropAliasIndexIfUnused(n, old_norm);
    return Status::OK();
  }

  // Moves statements, evidence and alias contributions from one node to another; see
  // Store::Relink.
  Status Relink(const RelinkRequest& req, RelinkOutcome* out) {
    NodeEntry* from;
    KG_RETURN_IF_ERROR(FindNode(req.from, &from));
    if (from == nullptr) return Status::NotFound("no node with id '" + req.from + "'");
    if (from->rec.kind != NodeKind::kEntity) {
      return Status::InvalidArgument("'" + req.from + "' is a literal; only entities merge");
    }
    if (req.to.id == req.from) return Status::InvalidArgument("a node cannot merge with itself");
    out->from_before = ToNode(from->rec);
    out->from_internal = from->id;
    NodeEntry* to;
    KG_RETURN_IF_ERROR(FindNode(req.to.id, &to));
    if (to == nullptr) {
      if (req.to.name.empty()) return Status::NotFound("no node with id '" + req.to.id + "'");
      Node n = req.to;
      if (n.type.empty()) n.type = from->rec.type;
      KG_RETURN_IF_ERROR(ResolveNode(n, &to));
      out->to_created = true;
    } else {
      if (to->rec.kind != NodeKind::kEntity) {
        return Status::InvalidArgument("'" + req.to.id + "' is a literal; only entities merge");
      }
      out->to_before = ToNode(to->rec);
    }
    const Node to_node = ToNode(to->rec);
    out->to_id = to_node.id;

    // The statements naming `from`: the permutation indexes give subject and object, the
    // qualifier references (location, speaker) theirs when the reference count says so.
    std::vector<uint64_t> ids;
    KG_RETURN_IF_ERROR(store_->ScanNodeStatements(from->id, true, [&](uint64_t id) {
      ids.push_back(id);
      return true;
    }));
    KG_RETURN_IF_ERROR(store_->ScanNodeStatements(from->id, false, [&](uint64_t id) {
      ids.push_back(id);
      return true;
    }));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() < from->rec.refs) {
      KG_RETURN_IF_ERROR(QualifierStatements(from->id, &ids));
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }

    // Which documents' evidence moves.
    const bool all = req.docs.empty() && req.via_aliases.empty();
    std::unordered_set<std::string> docs(req.docs.begin(), req.docs.end());
    std::vector<Statement> originals;
    KG_RETURN_IF_ERROR(store_->GetStatements(ids, &originals));
    std::set<std::string> seen_docs;
    for (const Statement& st : originals) {
      for (const Evidence& ev : st.evidence) seen_docs.insert(ev.doc);
    }
    for (const std::string& d : req.docs) {
      DocEntry* doc;
      KG_RETURN_IF_ERROR(FindDoc(d, &doc));
      if (doc == nullptr) return Status::NotFound("no document with id '" + d + "'");
    }
    if (!req.via_aliases.empty()) {
      std::set<std::string> wanted;
      for (const std::string& a : req.via_aliases) wanted.insert(core::NormalizeName(a));
      for (const std::string& d : seen_docs) {
        DocEntry* doc;
        KG_RETURN_IF_ERROR(FindDoc(d, &doc));
        if (doc == nullptr) continue;
        for (const auto& [text, count] : from->rec.aliases) {
          if (!wanted.count(core::NormalizeName(text))) continue;
          bool found;
          KG_RETURN_IF_ERROR(DocAliasExists(doc, from, text, &found));
          if (found) docs.insert(d);
        }
      }
      if (docs.empty()) {
        return Status::NotFound("no document used those aliases for '" + req.from + "'");
      }
    }

    for (Statement& st : originals) {
      Statement moved = st;
      moved.evidence.clear();
      for (const Evidence& ev : st.evidence) {
        if (all || docs.count(ev.doc)) moved.evidence.push_back(ev);
      }
      if (moved.evidence.empty()) continue;
      StatementEntry* e;
      KG_RETURN_IF_ERROR(FindStatement(st.id, &e));
      if (e == nullptr || e->deleted)
        return Status::Corruption("statement '" + st.id + "' vanished");
      for (const Evidence& ev : moved.evidence) {
        DocEntry* doc;
        KG_RETURN_IF_ERROR(FindDoc(ev.doc, &doc));
        if (doc == nullptr) return Status::Corruption("evidence of a missing document");
        RemovePiece(e, doc, core::EvidenceHash(ev));
      }
      if (e->rec.docs.empty()) KG_RETURN_IF_ERROR(DeleteStatement(e));

      Statement target = moved;
      for (Node* n : {&target.subject, &target.object}) {
        if (n->id == req.from) *n = to_node;
        n->aliases.clear();
      }
      for (std::optional<NodeRef>* ref :
           {&target.qualifiers.location, &target.qualifiers.attributed_to}) {
        if (ref->has_value() && (*ref)->id == req.from) **ref = NodeRef{to_node.id, to_node.name};
      }
      MovedStatement m;
      m.internal_id = e->id;
      m.target_id = core::StatementId(target);
      StatementEntry* t;
      KG_RETURN_IF_ERROR(FindStatement(m.target_id, &t));
      m.target_existed = t != nullptr && !t->deleted;
      if (m.target_existed) {
        m.target_confidence = t->rec.confidence;
        m.target_predicate_text = t->rec.predicate_text;
      }
      for (const Evidence& ev : target.evidence) {
        bool present = false;
        if (m.target_existed) {
          KG_RETURN_IF_ERROR(EvidenceExists(t->id, core::EvidenceHash(ev), &present));
        }
        m.evidence_added.push_back(!present);
      }
      WriteOutcome ignored;
      KG_RETURN_IF_ERROR(AddStatement(target, /*identified=*/false, &ignored));
      for (Node* n : {&moved.subject, &moved.object}) n->aliases.clear();
      out->evidence_moved += moved.evidence.size();
      m.original = std::move(moved);
      out->statements.push_back(std::move(m));
    }
    if (out->statements.empty()) {
      return Status::NotFound("nothing to move: no evidence of '" + req.from + "' was selected");
    }

    // Alias contributions of the moved documents go with them.
    std::vector<std::string> texts;
    for (const auto& [text, count] : from->rec.aliases) texts.push_back(text);
    for (const std::string& d : seen_docs) {
      if (!all && !docs.count(d)) continue;
      DocEntry* doc;
      KG_RETURN_IF_ERROR(FindDoc(d, &doc));
      if (doc == nullptr) continue;
      for (const std::string& text : texts) {
        bool found;
        KG_RETURN_IF_ERROR(DocAliasExists(doc, from, text, &found));
        if (!found) continue;
        MovedAlias a{d, text, false};
        bool on_target;
        KG_RETURN_IF_ERROR(DocAliasExists(doc, to, text, &on_target));
        a.new_on_target = !on_target;
        KG_RETURN_IF_ERROR(RemoveContribution(doc, from, text));
        KG_RETURN_IF_ERROR(Contribute(doc, to, text));
        out->aliases.push_back(std::move(a));
      }
    }
    if (from->rec.refs == 0) {
      DeleteNode(from);
      out->from_removed = true;
    }
    return Status::OK();
  }

  // Appends the statements naming `node` as a qualifier. Without their index (an older
  // store) by a scan of all statements, which indexes every qualifier reference in this batch
  // on the way (built_qualifier_refs()).
  Status QualifierStatements(uint64_t node, std::vector<uint64_t>* ids) {
    if (store_->qualifier_refs_ || built_qualifier_refs_) {
      const std::string prefix = QualifierRefKey(node, 0).substr(0, 9);
      std::unique_ptr<rocksdb::Iterator> it(
          rep_.db->NewIterator(rocksdb::ReadOptions(), rep_.h(kCfDictionary)));
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        if (it->key().size() != 17) return Status::Corruption("bad qualifier reference key");
        ids->push_back(GetU64(it->key().data() + 9));
      }
      return FromRocks(it->status(), "qualifier reference scan");
    }
    std::unique_ptr<rocksdb::Iterator> it(
        rep_.db->NewIterator(rocksdb::ReadOptions(), rep_.h(kCfStatements)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      StatementRecord r;
      KG_RETURN_IF_ERROR(
          DecodeStatement(std::string_view(it->value().data(), it->value().size()), &r));
      const uint64_t id = GetU64(it->key().data());
      for (uint64_t ref : {r.qualifiers.location, r.qualifiers.attributed_to}) {
        if (ref == 0) continue;
        Put(kCfDictionary, QualifierRefKey(ref - 1, id), "");
        if (ref == node + 1) ids->push_back(id);
      }
    }
    KG_RETURN_IF_ERROR(FromRocks(it->status(), "statement scan"));
    Put(kCfMeta, kQualifierRefsKey, "1");
    built_qualifier_refs_ = true;
    return Status::OK();
  }
  bool built_qualifier_refs() const { return built_qualifier_refs_; }

  // Reverses a relink; see Store::UndoRelink.
  Status UndoRelink(const RelinkOutcome& rec, UndoOutcome* out) {
    const std::string& from_id = rec.from_before.id;
    // 1. Take away from the targets what the relink added to them.
    for (const MovedStatement& m : rec.statements) {
      StatementEntry* t;
      KG_RETURN_IF_ERROR(FindStatement(m.target_id, &t));
      if (t == nullptr || t->deleted) continue;
      for (size_t i = 0; i < m.original.evidence.size(); ++i) {
        if (i < m.evidence_added.size() && !m.evidence_added[i]) continue;
        const Evidence& ev = m.original.evidence[i];
        const uint64_t hash = core::EvidenceHash(ev);
        bool present;
        KG_RETURN_IF_ERROR(EvidenceExists(t->id, hash, &present));
        if (!present) continue;
        DocEntry* doc;
        KG_RETURN_IF_ERROR(FindDoc(ev.doc, &doc));
        if (doc == nullptr) continue;
        RemovePiece(t, doc, hash);
      }
      if (t->rec.docs.empty()) {
        KG_RETURN_IF_ERROR(DeleteStatement(t));
      } else if (m.target_existed) {
        t->rec.confidence = m.target_confidence;
        t->rec.predicate_text = m.target_predicate_text;
        t->dirty = true;
      }
    }
    // 2. The source node, as it was, and its statements with the evidence still in the store,
    // under their old internal numbers where those are free (they are never handed out again).
    if (rec.from_removed && rec.from_internal < state_.next_node) {
      NodeRecord r;
      bool taken;
      KG_RETURN_IF_ERROR(LoadNodeRecord(rep_, rec.from_internal, &r, &taken));
      if (!taken) reuse_ids_[from_id] = rec.from_internal;
    }
    for (const MovedStatement& m : rec.statements) {
      if (m.internal_id >= state_.next_statement) continue;
      std::string v;
      bool taken;
      KG_RETURN_IF_ERROR(GetValue(rep_, kCfStatements, U64Key(m.internal_id), &v, &taken));
      if (!taken) reuse_ids_[m.original.id] = m.internal_id;
    }
    NodeEntry* from;
    Node from_node = rec.from_before;
    from_node.aliases.clear();
    KG_RETURN_IF_ERROR(ResolveNode(from_node, &from));
    if (from->rec.name != rec.from_before.name) {
      KG_RETURN_IF_ERROR(RenameNode(from_id, rec.from_before.name));
    }
    for (const MovedStatement& m : rec.statements) {
      Statement st = m.original;
      st.evidence.clear();
      for (const Evidence& ev : m.original.evidence) {
        DocEntry* doc;
        KG_RETURN_IF_ERROR(FindDoc(ev.doc, &doc));
        if (doc != nullptr && !doc->deleted) st.evidence.push_back(ev);
      }
      if (st.evidence.empty()) continue;
      WriteOutcome added;
      KG_RETURN_IF_ERROR(AddStatement(st, /*identified=*/false, &added));
      out->statements_restored += added.statements_new;
      out->evidence_restored += added.evidence_new;
    }
    // 3. Alias contributions go back to the source.
    NodeEntry* to;
    KG_RETURN_IF_ERROR(FindNode(rec.to_id, &to));
    for (const MovedAlias& a : rec.aliases) {
      DocEntry* doc;
      KG_RETURN_IF_ERROR(FindDoc(a.doc, &doc));
      if (doc == nullptr || doc->deleted) continue;
      if (a.new_on_target && to != nullptr && !to->deleted) {
        KG_RETURN_IF_ERROR(RemoveContribution(doc, to, a.alias));
      }
      KG_RETURN_IF_ERROR(Contribute(doc, from, a.alias));
    }
    // 4. A target nothing names any more (one the relink created) goes.
    if (to != nullptr && !to->deleted && to->rec.refs == 0 && !to->is_new) DeleteNode(to);
    if (to != nullptr && !to->deleted && !rec.to_before.id.empty() &&
        to->rec.name != rec.to_before.name) {
      KG_RETURN_IF_ERROR(RenameNode(to->rec.ext_id, rec.to_before.name));
    }
    return Status::OK();
  }

  // Whether statement `st` holds the piece of evidence with `hash` (in this batch or stored).
  Status EvidenceExists(uint64_t st, uint64_t hash, bool* found) {
    const std::string key = EvidenceKey(st, hash);
    if (removed_evidence_.contains(SetKey(key))) {
      *found = false;
      return Status::OK();
    }
    if (evidence_.contains(SetKey(key))) {
      *found = true;
      return Status::OK();
    }
    std::string v;
    return GetValue(rep_, kCfEvidence, key, &v, found);
  }

  // Takes one piece of evidence off a statement (which may be left without any: the caller
  // deletes it then).
  void RemovePiece(StatementEntry* e, DocEntry* doc, uint64_t hash) {
    std::string key = EvidenceKey(e->id, hash);
    Delete(kCfEvidence, key);
    Delete(kCfDocIndex, DocEvidenceKey(doc->id, e->id, hash));
    evidence_.erase(SetKey(key));
    removed_evidence_.insert(SetKey(key));
    auto& docs = e->rec.docs;
    auto pos = std::lower_bound(docs.begin(), docs.end(), std::make_pair(doc->id, uint32_t{0}));
    if (pos != docs.end() && pos->first == doc->id && --pos->second == 0) docs.erase(pos);
    e->dirty = true;
    if (doc->rec.evidence > 0) --doc->rec.evidence;
    doc->dirty = true;
    --state_.evidence;
  }

  // Whether `doc` contributed `alias` to `node` (in this batch or stored).
  Status DocAliasExists(DocEntry* doc, NodeEntry* node, const std::string& alias, bool* found) {
    const std::string key = DocAliasKey(doc->id, node->id, alias);
    if (removed_contributions_.contains(SetKey(key))) {
      *found = false;
      return Status::OK();
    }
    if (contributions_.contains(SetKey(key))) {
      *found = true;
      return Status::OK();
    }
    if (doc->is_new || node->is_new) {
      *found = false;
      return Status::OK();
    }
    std::string v;
    return GetValue(rep_, kCfDocIndex, key, &v, found);
  }

  // Undoes one Contribute: the document no longer uses `alias` for `node`.
  Status RemoveContribution(DocEntry* doc, NodeEntry* node, const std::string& alias) {
    bool found;
    KG_RETURN_IF_ERROR(DocAliasExists(doc, node, alias, &found));
    if (!found) return Status::OK();
    std::string key = DocAliasKey(doc->id, node->id, alias);
    Delete(kCfDocIndex, key);
    contributions_.erase(SetKey(key));
    removed_contributions_.insert(SetKey(key));
    auto it = node->rec.aliases.find(alias);
    if (it == node->rec.aliases.end()) return Status::OK();
    node->dirty = true;
    if (--it->second > 0) return Status::OK();
    node->rec.aliases.erase(it);
    --state_.aliases;
    DropAliasIndexIfUnused(node, core::NormalizeName(alias));
    return Status::OK();
  }

  // Encodes every dirty record and sorts the staged writes; after this the batch is complete
  // and goes to the store through FillWriteBatch.
  void Finish() {
    PlanRecords();
    EncodeRecords();
    SortOps();
  }

  uint64_t staged_bytes() const { return arena_.size(); }

  // The sorted writes as one WriteBatch (all of them, several writes of one key in order).
  void FillWriteBatch() {
    wb_ = rocksdb::WriteBatch(arena_.size() + 16 * op_count_ + 64);
    for (int c = 0; c < kCfCount; ++c) {
      for (const Op& op : ops_[c]) {
        const rocksdb::Slice key(op.key, op.key_size);
        if (op.is_delete) {
          wb_.Delete(rep_.h(static_cast<Cf>(c)), key);
        } else {
          wb_.Put(rep_.h(static_cast<Cf>(c)), key,
                  rocksdb::Slice(op.key + op.key_size, op.value_size));
        }
      }
    }
    ReleaseOps();
  }

  // Encodes every dirty record and writes the last write of every key, in key order, into one
  // table file per column family in `folder`, named after `*counter` (advanced); appends
  // (column family, file) to `files` in column family order. Each family's writes (staged
  // apart) are sorted and written on their own, two families at a time: they share nothing.
  // While this thread encodes the records, a second one already writes the families that
  // encoding does not touch (the indexes and the evidence: most of the writes).
  // On error the files made so far are in `files` too, for the caller to remove.
  Status WriteTables(const fs::path& folder, uint64_t* counter,
                     std::vector<std::pair<Cf, std::string>>* files,
                     const std::function<void(uint64_t, uint64_t)>& progress) {
    const uint64_t to_encode = PlanRecords();  // may stage writes: before reading op_count_
    const uint64_t total = op_count_ + to_encode;
    // The families without records first, each part largest first (better balance). Only the
    // record families can gain writes from encoding; every other family is complete.
    std::vector<int> order;
    for (int c = 0; c < kCfCount; ++c) {
      if (IsRecordFamily(c) || !ops_[c].empty()) order.push_back(c);
    }
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      if (IsRecordFamily(a) != IsRecordFamily(b)) return IsRecordFamily(b);
      return ops_[a].size() > ops_[b].size();
    });
    std::vector<std::string> names(kCfCount);
    std::vector<Status> results(kCfCount);
    std::atomic<size_t> next{0};
    std::atomic<bool> encoded{false};
    std::mutex mu;  // guards names, *counter, written and the progress calls
    uint64_t written = 0;
    auto work = [&] {
      for (size_t i = next++; i < order.size(); i = next++) {
        const int c = order[i];
        if (IsRecordFamily(c)) encoded.wait(false);
        if (ops_[c].empty()) continue;  // a record family encoding left empty
        std::string name;
        {
          std::lock_guard lock(mu);
          name = names[c] =
              (folder / (std::string(kCfNames[c]) + "-" + std::to_string((*counter)++) + ".sst"))
                  .string();
        }
        results[c] = WriteTable(static_cast<Cf>(c), name);
        if (progress) {
          std::lock_guard lock(mu);
          written += ops_[c].size();
          progress(written, total);
        }
      }
    };
    std::thread helper(work);
    EncodeRecords();
    encoded = true;
    encoded.notify_all();
    work();
    helper.join();
    Status status;
    if (op_count_ != total) {
      status = Status::Internal("bulk: encoding staged " + std::to_string(op_count_) +
                                " writes where " + std::to_string(total) + " were planned");
    }
    for (int c = 0; c < kCfCount; ++c) {
      if (names[c].empty()) continue;
      files->emplace_back(static_cast<Cf>(c), names[c]);
      if (status.ok() && !results[c].ok()) status = results[c];
    }
    ReleaseOps();
    return status;
  }

  // After a successful commit: make the new dictionary entries and counters the store's.
  void Publish() {
    store_->state_ = state_;
    // A run into an empty store (an import) may hold a million nodes, more than the cache
    // keeps: filling it would cost more than the reads it could save later.
    if (!fresh_) {
      nodes_.ForEach([&](NodeEntry& n) {
        if (n.deleted) {
          rep_.node_cache.erase(n.rec.ext_id);
          return;
        }
        if (rep_.node_cache.size() >= Rep::kNodeCacheLimit) rep_.node_cache.clear();
        Rep::CachedNode& cached = rep_.node_cache[n.rec.ext_id];
        cached.id = n.id;
        cached.rec = std::move(n.rec);  // the batch is done with it
        cached.valid = true;
      });
    }
    store_->predicates_.resize(state_.next_predicate);
    store_->predicate_counts_.resize(state_.next_predicate, 0);
    for (const auto& [lemma, id] : new_predicates_) {
      store_->predicates_[id] = lemma;
      rep_.predicate_ids[lemma] = id;
    }
    for (const auto& [p, delta] : predicate_delta_) store_->predicate_counts_[p] += delta;
    store_->types_.resize(state_.next_type);
    for (const auto& [type, id] : new_types_) {
      store_->types_[id] = type;
      rep_.type_ids[type] = id;
    }
  }

 private:
  // The member of a KeySet that stands for a staged key: an evidence key (statement and
  // evidence hash, 16 bytes) itself; a longer key its XXH3 128-bit hash, the width of the
  // statement identity hashes (core/model/statement_key.h).
  static Key128 SetKey(std::string_view key) {
    if (key.size() == 16) return {GetU64(key.data()), GetU64(key.data() + 8)};
    return HashKey(key);
  }

  void ReleaseOps() {
    for (std::vector<Op>& family : ops_) std::vector<Op>().swap(family);
    op_count_ = 0;
    arena_.Clear();
  }

  // Key order of two writes of one column family; several writes of one key in staging order.
  // Most comparisons end at the keys' first 24 bytes, held in the entry itself, without
  // touching the arena (many keys share their first eight or sixteen: a hub's index entries,
  // dictionary keys of one kind).
  static bool KeyLess(const Op& a, const Op& b) {
    if (a.head != b.head) return a.head < b.head;
    if (a.head2 != b.head2) return a.head2 < b.head2;
    if (a.head3 != b.head3) return a.head3 < b.head3;
    const int c = std::string_view(a.key, a.key_size).compare(std::string_view(b.key, b.key_size));
    return c != 0 ? c < 0 : a.seq < b.seq;
  }

  // A write's place in its family's order (see SortOrder): up to eight bytes of its key,
  // packed, and its index in the family.
  struct Rank {
    uint64_t key;
    uint32_t index;
  };

  // The order of a family's writes that KeyLess gives, as indices into `ops`, found without
  // moving the 48-byte writes: a byte that every key of the family has alike orders nothing,
  // so the first eight of the heads' 24 bytes that differ somewhere are packed into one
  // integer and sorted by a least-significant-digit radix sort (stable: writes that tie stay
  // in staging order); writes that tie on those bytes (a hub's index entries past the eighth
  // varying byte, long names, several writes of one key) are then ordered by KeyLess.
  static std::vector<Rank> SortOrder(const std::vector<Op>& ops) {
    const size_t n = ops.size();
    uint64_t differ[3] = {0, 0, 0};
    for (const Op& op : ops) {
      differ[0] |= op.head ^ ops[0].head;
      differ[1] |= op.head2 ^ ops[0].head2;
      differ[2] |= op.head3 ^ ops[0].head3;
    }
    // The varying bytes, most significant first: (head, shift).
    std::pair<int, int> bytes[8];
    int count = 0;
    for (int w = 0; w < 3 && count < 8; ++w) {
      for (int shift = 56; shift >= 0 && count < 8; shift -= 8) {
        if ((differ[w] >> shift) & 0xff) bytes[count++] = {w, shift};
      }
    }
    std::vector<Rank> ranks(n), spare(n);
    // Histograms of every byte of the packed keys in one pass.
    std::vector<std::array<uint32_t, 256>> counts(count, std::array<uint32_t, 256>{});
    for (size_t i = 0; i < n; ++i) {
      const uint64_t heads[3] = {ops[i].head, ops[i].head2, ops[i].head3};
      uint64_t key = 0;
      for (int b = 0; b < count; ++b) {
        key = (key << 8) | ((heads[bytes[b].first] >> bytes[b].second) & 0xff);
      }
      ranks[i] = {key, static_cast<uint32_t>(i)};
      for (int b = 0; b < count; ++b) ++counts[b][(key >> (8 * b)) & 0xff];
    }
    for (int b = 0; b < count; ++b) {
      const int shift = 8 * b;
      if (counts[b][(ranks[0].key >> shift) & 0xff] == n) continue;  // one value: no pass
      uint32_t offset[256];
      uint32_t sum = 0;
      for (int v = 0; v < 256; ++v) {
        offset[v] = sum;
        sum += counts[b][v];
      }
      for (const Rank& r : ranks) spare[offset[(r.key >> shift) & 0xff]++] = r;
      ranks.swap(spare);
    }
    for (size_t i = 0; i < n;) {
      size_t j = i + 1;
      while (j < n && ranks[j].key == ranks[i].key) ++j;
      if (j - i > 1) {
        std::sort(ranks.begin() + i, ranks.begin() + j, [&](const Rank& a, const Rank& b) {
          return KeyLess(ops[a.index], ops[b.index]);
        });
      }
      i = j;
    }
    return ranks;
  }

  static constexpr size_t kPrefetchAhead = 16;

  // A write as a table file takes it: its key (followed by its value, in arena_) and sizes.
  struct Slot {
    const char* key;
    uint32_t key_size;
    uint32_t value_size : 31;
    uint32_t is_delete : 1;
  };

  // Whether two writes are of the same key.
  static bool SameKey(const Op& a, const Op& b) {
    return a.head == b.head && a.head2 == b.head2 && a.head3 == b.head3 &&
           a.key_size == b.key_size && std::memcmp(a.key, b.key, a.key_size) == 0;
  }

  // The last write of each key of a family, in key order. Families of records (EncodeRecords
  // stages them in id order) come sorted; the others are ordered by SortOrder, and read
  // through it once here, so that the table writer then reads its writes in order.
  static std::vector<Slot> LastWrites(const std::vector<Op>& ops) {
    std::vector<Slot> slots;
    slots.reserve(ops.size());
    const auto add = [&](const Op& op, const Op* next) {
      if (next != nullptr && SameKey(op, *next)) return;  // a later write of the key wins
      slots.push_back({op.key, op.key_size, op.value_size, op.is_delete});
    };
    const size_t n = ops.size();
    if (std::is_sorted(ops.begin(), ops.end(), KeyLess)) {
      for (size_t i = 0; i < n; ++i) add(ops[i], i + 1 < n ? &ops[i + 1] : nullptr);
      return slots;
    }
    const std::vector<Rank> order = SortOrder(ops);
    for (size_t i = 0; i < n; ++i) {
      if (i + kPrefetchAhead < n) __builtin_prefetch(&ops[order[i + kPrefetchAhead].index]);
      add(ops[order[i].index], i + 1 < n ? &ops[order[i + 1].index] : nullptr);
    }
    return slots;
  }

  // Sorts the writes of column family `cf` and writes the last write of each key into a new
  // table file `file`. Touches only that family's writes, so families may be written at once.
  Status WriteTable(Cf cf, const std::string& file) {
    const std::vector<Slot> slots = LastWrites(ops_[cf]);
    rocksdb::Options options(DbOptions(), CfOptions(cf, rep_.cache));
    // The light compression of the upper levels: the file is written once, on the import's
    // critical path; compaction moves the data down and recompresses it later.
    options.bottommost_compression = options.compression;
    if (cf == kCfSpo || cf == kCfPos || cf == kCfOsp || cf == kCfDocIndex || cf == kCfAliases ||
        cf == kCfEvidence) {
      // Families read by prefix scans: blocks of 16 KiB instead of 4. RocksDB sets up a 16 KiB
      // LZ4 state for every block it compresses, and the index has an entry per block: about
      // 8% fewer instructions for writing the tables, and 8% less disk (LZ4 finds more to share
      // in a larger block). Point lookups (dictionary, records) keep small blocks.
      rocksdb::BlockBasedTableOptions table =
          *options.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
      table.block_size = 16 << 10;
      options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    }
    // The file is moved into the store right after: no need to drop its pages from the cache
    // as it is written (the default fadvise per megabyte).
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, rep_.h(cf),
                                  /*invalidate_page_cache=*/false);
    KG_RETURN_IF_ERROR(FromRocks(writer.Open(file), "bulk: create " + file));
    for (size_t i = 0; i < slots.size(); ++i) {
      // The key/values lie all over the arena: fetch a later one now, so that the table
      // builder does not wait for memory at every key.
      if (i + kPrefetchAhead < slots.size()) __builtin_prefetch(slots[i + kPrefetchAhead].key);
      const Slot& w = slots[i];
      const rocksdb::Slice key(w.key, w.key_size);
      rocksdb::Status ws = w.is_delete
                               ? writer.Delete(key)
                               : writer.Put(key, rocksdb::Slice(w.key + w.key_size, w.value_size));
      KG_RETURN_IF_ERROR(FromRocks(ws, "bulk: write " + file));
    }
    return FromRocks(writer.Finish(), "bulk: finish " + file);
  }

  // The dirty records in id order, with the vertex types resolved (which may stage dictionary
  // writes), so that EncodeRecords stages each family's records in key order and the number of
  // writes it will stage is known before it runs. Returns that number.
  uint64_t PlanRecords() {
    plan_statements_.clear();
    plan_nodes_.clear();
    plan_docs_.clear();
    statements_.ForEach([&](StatementEntry& e) {
      if (!e.deleted && e.dirty) plan_statements_.push_back(&e);
    });
    nodes_.ForEach([&](NodeEntry& n) {
      if (n.deleted || !n.dirty) return;
      plan_nodes_.push_back(&n);
      if (n.vertex_dirty) ResolveType(n.rec.type);
    });
    docs_.ForEach([&](DocEntry& d) {
      if (!d.deleted && d.dirty) plan_docs_.push_back(&d);
    });
    // Entries come in the order they were added, which for new records is id order.
    const auto sort_by_id = [](auto& plan) {
      const auto by_id = [](const auto* a, const auto* b) { return a->id < b->id; };
      if (!std::is_sorted(plan.begin(), plan.end(), by_id))
        std::sort(plan.begin(), plan.end(), by_id);
    };
    sort_by_id(plan_statements_);
    sort_by_id(plan_nodes_);
    sort_by_id(plan_docs_);
    uint64_t writes = 2 * plan_statements_.size() + plan_docs_.size() + 1;  // + the state
    for (const NodeEntry* n : plan_nodes_) writes += n->vertex_dirty ? 2 : 1;
    for (const auto& [p, delta] : predicate_delta_) writes += delta != 0 ? 1 : 0;
    return writes;
  }

  // Stages the records PlanRecords found. Writes only the families in kRecordFamilies.
  void EncodeRecords() {
    for (StatementEntry* e : plan_statements_) {
      Put(kCfStatements, U64Key(e->id), EncodeStatement(e->rec));
      const StatementRecord& r = e->rec;
      EdgeSummary s;
      s.subject = r.subject;
      s.object = r.object;
      s.predicate = r.predicate;
      s.support = r.Support();
      s.confidence = static_cast<float>(r.confidence);
      const core::DayRange days = core::ParseDayRange(r.qualifiers.time);
      s.time_first = days.first;
      s.time_last = days.last;
      s.flags = (r.qualifiers.negated ? kEdgeNegated : 0) |
                (r.qualifiers.attributed_to ? kEdgeAttributed : 0) |
                (r.qualifiers.modality.empty() ? 0 : kEdgeModal);
      Put(kCfEdges, GraphEdgeKey(e->id), EncodeEdge(s));
      if (graph_changes_) changes_.edges_set.emplace_back(e->id, s);
    }
    for (NodeEntry* n : plan_nodes_) {
      Put(kCfNodes, U64Key(n->id), EncodeNode(n->rec));
      if (n->vertex_dirty) {
        VertexSummary v{n->rec.kind, ResolveType(n->rec.type)};
        Put(kCfVertices, GraphVertexKey(n->id), EncodeVertex(v));
        if (graph_changes_) changes_.vertices_set.emplace_back(n->id, v);
      }
    }
    for (DocEntry* d : plan_docs_) Put(kCfDocuments, U64Key(d->id), EncodeDocument(d->rec));
    for (const auto& [p, delta] : predicate_delta_) {
      if (delta == 0) continue;
      Put(kCfDictionary, DictKeyU32('P', p),
          EncodePredicateInfo(PredicateLemma(p), PredicateCount(p)));
    }
    Put(kCfMeta, "state", EncodeState(state_));
  }

  // The families EncodeRecords writes; the others' tables may be written while it runs.
  static bool IsRecordFamily(int cf) {
    return cf == kCfStatements || cf == kCfEdges || cf == kCfNodes || cf == kCfVertices ||
           cf == kCfDocuments || cf == kCfDictionary || cf == kCfMeta;
  }

  // Orders the writes by (column family, key): memtable inserts of nearby keys reuse the skip
  // list search of the previous one, which random order never does (a bulk import got ~1.4x
  // faster). Several writes of one key keep their order (see KeyLess).
  void SortOps() {
    for (std::vector<Op>& family : ops_) {
      if (std::is_sorted(family.begin(), family.end(), KeyLess)) continue;
      std::vector<Op> sorted;
      sorted.reserve(family.size());
      for (const Rank& r : SortOrder(family)) sorted.push_back(family[r.index]);
      family.swap(sorted);
    }
  }

  std::string PredicateLemma(uint32_t p) const {
    for (const auto& [lemma, id] : new_predicates_) {
      if (id == p) return lemma;
    }
    return store_->PredicateName(p);
  }

  uint64_t PredicateCount(uint32_t p) const {
    const uint64_t base = p < store_->predicate_counts_.size() ? store_->predicate_counts_[p] : 0;
    auto it = predicate_delta_.find(p);
    return base + (it == predicate_delta_.end() ? 0 : it->second);
  }

  void DropAliasIndexIfUnused(NodeEntry* n, const std::string& norm) {
    if (core::NormalizeName(n->rec.name) == norm) return;
    for (const auto& [text, count] : n->rec.aliases) {
      if (core::NormalizeName(text) == norm) return;
    }
    Delete(kCfAliases, AliasKey(norm, n->id));
  }

  Status DeleteStatement(StatementEntry* e) {
    const StatementRecord& r = e->rec;
    e->deleted = true;
    Delete(kCfStatements, U64Key(e->id));
    Delete(kCfDictionary, DictKey('s', r.ext_id));
    Delete(kCfEdges, GraphEdgeKey(e->id));
    Delete(kCfSpo, SpoKey(r.subject, r.predicate, r.object, e->id));
    Delete(kCfPos, PosKey(r.predicate, r.object, r.subject, e->id));
    Delete(kCfOsp, OspKey(r.object, r.subject, r.predicate, e->id));
    --predicate_delta_[r.predicate];
    --state_.statements;
    changes_.edges_removed.push_back(e->id);
    for (uint64_t ref :
         {r.subject + 1, r.object + 1, r.qualifiers.location, r.qualifiers.attributed_to}) {
      if (ref == 0) continue;
      NodeEntry* n;
      KG_RETURN_IF_ERROR(NodeById(ref - 1, &n));
      if (n->rec.refs > 0) --n->rec.refs;
      n->dirty = true;
    }
    for (uint64_t ref : {r.qualifiers.location, r.qualifiers.attributed_to}) {
      if (ref != 0) Delete(kCfDictionary, QualifierRefKey(ref - 1, e->id));
    }
    return Status::OK();
  }

  void DeleteNode(NodeEntry* n) {
    n->deleted = true;
    Delete(kCfNodes, U64Key(n->id));
    Delete(kCfDictionary, DictKey('n', n->rec.ext_id));
    Delete(kCfVertices, GraphVertexKey(n->id));
    Delete(kCfAliases, AliasKey(core::NormalizeName(n->rec.name), n->id));
    for (const auto& [text, count] : n->rec.aliases) {
      Delete(kCfAliases, AliasKey(core::NormalizeName(text), n->id));
      --state_.aliases;
    }
    --state_.nodes;
    if (n->rec.kind == NodeKind::kEntity) --state_.entities;
    changes_.vertices_removed.push_back(n->id);
  }

  void Stage(Cf cf, bool is_delete, std::string_view key, std::string_view value) {
    // The key's first 24 bytes, zero-padded, as three big-endian integers.
    char head[24] = {};
    std::memcpy(head, key.data(), std::min<size_t>(24, key.size()));
    Op op{GetU64(head),
          GetU64(head + 8),
          GetU64(head + 16),
          arena_.Append(key, value),
          static_cast<uint32_t>(key.size()),
          static_cast<uint32_t>(value.size()),
          op_count_++,
          is_delete};
    ops_[cf].push_back(op);
  }
  void Put(Cf cf, std::string_view key, std::string_view value) { Stage(cf, false, key, value); }
  void Delete(Cf cf, std::string_view key) { Stage(cf, true, key, {}); }

  Store* store_;
  Rep& rep_;
  StoreState state_;
  std::vector<Op> ops_[kCfCount];  // the staged writes of each column family, in staging order
  uint32_t op_count_ = 0;          // staged writes (all families)
  StagingArena arena_;
  // What EncodeRecords writes, in id order (see PlanRecords).
  std::vector<StatementEntry*> plan_statements_;
  std::vector<NodeEntry*> plan_nodes_;
  std::vector<DocEntry*> plan_docs_;
  rocksdb::WriteBatch wb_;
  GraphChanges changes_;
  const std::string now_ = core::UtcNow();
  bool built_qualifier_refs_ = false;  // QualifierStatements indexed every reference
  EntryTable<NodeEntry> nodes_;
  EntryTable<StatementEntry> statements_;
  EntryTable<DocEntry> docs_;
  std::unordered_map<std::string, uint32_t> new_predicates_;
  std::unordered_map<std::string, uint16_t> new_types_;
  std::unordered_map<uint32_t, int64_t> predicate_delta_;
  // Keys of evidence (exact) and document index contributions (hashed) seen; see SetKey.
  KeySet evidence_;
  KeySet contributions_;
  KeySet removed_evidence_;                              // deleted in this batch
  std::unordered_map<std::string, uint64_t> reuse_ids_;  // ext id → internal id to restore
  KeySet removed_contributions_;                         // deleted in this batch
  bool fresh_ = false;                                   // see set_fresh
  std::string scratch_key_;                              // see Contribute
  bool graph_changes_ = true;                            // see set_graph_changes
};

Status Store::Commit(Batch* batch) {
  batch->Finish();
  if (options_.before_commit_for_testing) {
    KG_RETURN_IF_ERROR(options_.before_commit_for_testing());
  }
  batch->FillWriteBatch();
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  KG_RETURN_IF_ERROR(FromRocks(rep_->db->Write(wo, &batch->wb()), "write to store"));
  batch->Publish();
  return Status::OK();
}

namespace {

Status Validate(const WriteRequest& request) {
  for (const Document& d : request.documents) KG_RETURN_IF_ERROR(core::ValidateDocument(d));
  for (size_t i = 0; i < request.statements.size(); ++i) {
    Status s = core::ValidateStatement(request.statements[i]);
    if (!s.ok()) return s.WithContext("statement " + std::to_string(i + 1));
  }
  return Status::OK();
}

Status BusyWithBulkRun(const std::string& path) {
  return Status::Busy("store '" + path + "' has a bulk import in progress; write after it");
}

}  // namespace

Status Store::Stage(const WriteRequest& request, Batch* batch, WriteOutcome* out) {
  const uint64_t docs_before = batch->state().documents;
  for (const Document& d : request.documents) {
    bool added;
    KG_RETURN_IF_ERROR(batch->AddDocument(d, &added));
    out->documents_added.push_back(added);
  }
  for (const Statement& st : request.statements) {
    KG_RETURN_IF_ERROR(batch->AddStatement(st, request.identified, out));
  }
  for (const auto& [id, name] : request.node_names) {
    KG_RETURN_IF_ERROR(batch->RenameNode(id, name));
  }
  for (const auto& [key, value] : request.meta) KG_RETURN_IF_ERROR(batch->PutMeta(key, value));
  out->documents_new = batch->state().documents - docs_before;
  return Status::OK();
}

Status Store::Write(const WriteRequest& request, WriteOutcome* out) {
  *out = WriteOutcome();
  if (options_.read_only) return Status::ReadOnly("store '" + path_ + "' is open read-only");
  if (bulk_open_) return BusyWithBulkRun(path_);
  if (!request.validated) KG_RETURN_IF_ERROR(Validate(request));
  Batch batch(this);
  KG_RETURN_IF_ERROR(Stage(request, &batch, out));
  KG_RETURN_IF_ERROR(Commit(&batch));
  out->graph = std::move(batch.changes());
  return Status::OK();
}

Status Store::Ingest(Batch* batch, const std::function<void(uint64_t, uint64_t)>& table_progress) {
  const fs::path folder = fs::path(path_) / kBulkFolder;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return Status::IOError("bulk: cannot create '" + folder.string() + "': " + ec.message());
  std::vector<std::pair<Cf, std::string>> files;
  Status s = batch->WriteTables(folder, &table_files_, &files, table_progress);
  if (s.ok() && options_.before_commit_for_testing) s = options_.before_commit_for_testing();
  if (s.ok()) {
    // One argument per column family, one MANIFEST record for all: the run is atomic.
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (const auto& [cf, file] : files) {
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = rep_->h(cf);
      arg.external_files.push_back(file);
      arg.options.move_files = true;          // link, not copy
      arg.options.allow_global_seqno = true;  // newer than everything stored: replaces it
      arg.options.allow_blocking_flush = true;
      arg.options.write_global_seqno = false;  // kept in the MANIFEST; the file stays as written
      args.push_back(std::move(arg));
    }
    s = FromRocks(rep_->db->IngestExternalFiles(args), "bulk: ingest into store");
  }
  // Moved into the store on success; on failure nothing of them is in the store.
  for (const auto& entry : files) fs::remove(entry.second, ec);
  fs::remove(folder, ec);  // only when empty
  KG_RETURN_IF_ERROR(s);
  batch->Publish();
  return Status::OK();
}

Status Store::CompactGraphSummaries() {
  if (options_.read_only) return Status::ReadOnly("store '" + path_ + "' is open read-only");
  rocksdb::CompactRangeOptions options;
  options.exclusive_manual_compaction = false;  // background compactions go on meanwhile
  // Vertex summaries: every run rewrites those of the nodes it touched (small; all of them).
  KG_RETURN_IF_ERROR(
      FromRocks(rep_->db->CompactRange(options, rep_->h(kCfVertices), nullptr, nullptr),
                "compact vertex summaries"));
  // Edge summaries: a run of new statements lands below everything else (their ids only grow)
  // and needs nothing; only the key range of files above the lowest level (statements that
  // gained evidence) is merged down.
  rocksdb::ColumnFamilyMetaData meta;
  rep_->db->GetColumnFamilyMetaData(rep_->h(kCfEdges), &meta);
  int last = -1;
  for (const rocksdb::LevelMetaData& level : meta.levels) {
    if (!level.files.empty()) last = level.level;
  }
  std::string lower, upper;
  for (const rocksdb::LevelMetaData& level : meta.levels) {
    if (level.level == last) continue;
    for (const rocksdb::SstFileMetaData& f : level.files) {
      if (lower.empty() || f.smallestkey < lower) lower = f.smallestkey;
      if (upper.empty() || f.largestkey > upper) upper = f.largestkey;
    }
  }
  if (lower.empty()) return Status::OK();
  const rocksdb::Slice begin(lower), end(upper);
  return FromRocks(rep_->db->CompactRange(options, rep_->h(kCfEdges), &begin, &end),
                   "compact edge summaries");
}

Result<std::unique_ptr<BulkRun>> Store::StartBulkRun(const BulkOptions& options) {
  if (options_.read_only) return Status::ReadOnly("store '" + path_ + "' is open read-only");
  if (bulk_open_) return BusyWithBulkRun(path_);
  bulk_open_ = true;
  return std::unique_ptr<BulkRun>(new BulkRun(this, options));
}

BulkRun::BulkRun(Store* store, BulkOptions options)
    : store_(store), options_(options), batch_(std::make_unique<Store::Batch>(store)) {
  fresh_ = store->state_.Empty();
  batch_->set_fresh(fresh_);
  batch_->set_graph_changes(options.graph_changes);
  if (options.expected_bytes > 0) batch_->Reserve(options.expected_bytes);
}

BulkRun::~BulkRun() {
  if (!done_) store_->bulk_open_ = false;
}

uint64_t BulkRun::staged_bytes() const { return batch_ ? batch_->staged_bytes() : 0; }

Status BulkRun::Add(const WriteRequest& request, WriteOutcome* out) {
  *out = WriteOutcome();
  if (done_) return Status::Internal("bulk run used after its commit");
  KG_RETURN_IF_ERROR(failed_);
  // An invalid request is refused before anything is staged: the run goes on.
  if (!request.validated) KG_RETURN_IF_ERROR(Validate(request));
  Status s = store_->Stage(request, batch_.get(), out);
  if (!s.ok()) {
    failed_ = s.WithContext("the bulk run was discarded");
    return s;
  }
  ++writes_;
  return Status::OK();
}

Status BulkRun::Commit(GraphChanges* changes) {
  *changes = GraphChanges();
  if (done_) return Status::Internal("bulk run committed twice");
  KG_RETURN_IF_ERROR(failed_);
  done_ = true;
  store_->bulk_open_ = false;
  Status s;
  if (writes_ > 0) {
    ingested_ = batch_->staged_bytes() >= options_.min_table_bytes;
    s = ingested_ ? store_->Ingest(batch_.get(), options_.table_progress)
                  : store_->Commit(batch_.get());
  }
  if (s.ok()) *changes = std::move(batch_->changes());
  store_->Retire(std::move(batch_));
  return s;
}

Status Store::RemoveDocument(const std::string& doc_id, RemoveOutcome* out) {
  *out = RemoveOutcome();
  if (options_.read_only) return Status::ReadOnly("store '" + path_ + "' is open read-only");
  if (bulk_open_) return BusyWithBulkRun(path_);
  Batch batch(this);
  KG_RETURN_IF_ERROR(batch.RemoveDocument(doc_id, out));
  KG_RETURN_IF_ERROR(Commit(&batch));
  out->graph = std::move(batch.changes());
  return Status::OK();
}

Status Store::Relink(const RelinkRequest& request, RelinkOutcome* out) {
  *out = RelinkOutcome();
  if (options_.read_only) return Status::ReadOnly("store '" + path_ + "' is open read-only");
  if (bulk_open_) return BusyWithBulkRun(path_);
  Batch batch(this);
  KG_RETURN_IF_ERROR(batch.Relink(request, out));
  if (request.meta) {
    for (const auto& [key, value] : request.meta(*out)) {
      KG_RETURN_IF_ERROR(batch.PutMeta(key, value));
    }
  }
  KG_RETURN_IF_ERROR(Commit(&batch));
  if (batch.built_qualifier_refs()) qualifier_refs_ = true;
  out->graph = std::move(batch.changes());
  return Status::OK();
}

Status Store::UndoRelink(const RelinkOutcome& record,
                         const std::vector<std::pair<std::string, std::string>>& meta,
                         UndoOutcome* out) {
  *out = UndoOutcome();
  if (options_.read_only) return Status::ReadOnly("store '" + path_ + "' is open read-only");
  if (bulk_open_) return BusyWithBulkRun(path_);
  Batch batch(this);
  KG_RETURN_IF_ERROR(batch.UndoRelink(record, out));
  for (const auto& [key, value] : meta) KG_RETURN_IF_ERROR(batch.PutMeta(key, value));
  KG_RETURN_IF_ERROR(Commit(&batch));
  out->graph = std::move(batch.changes());
  return Status::OK();
}

Status Store::ScanEntities(const std::function<void(const Node&)>& visit) const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(ro, rep_->h(kCfNodes)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    NodeRecord r;
    KG_RETURN_IF_ERROR(DecodeNode(std::string_view(it->value().data(), it->value().size()), &r));
    if (r.kind == NodeKind::kEntity) visit(ToNode(r));
  }
  return FromRocks(it->status(), "node scan");
}

Result<std::string> Store::GetMeta(const std::string& key) const {
  std::string v;
  bool found;
  KG_RETURN_IF_ERROR(GetValue(*rep_, kCfMeta, key, &v, &found));
  if (!found) return Status::NotFound("no meta record '" + key + "'");
  return v;
}

Status Store::ScanMeta(
    const std::string& prefix,
    const std::function<void(const std::string&, const std::string&)>& visit) const {
  return ScanMeta(std::vector<std::string>{prefix}, visit);
}

Status Store::ScanMeta(std::vector<std::string> prefixes,
                       const std::function<void(const std::string&, const std::string&)>& visit,
                       size_t per_prefix) const {
  std::sort(prefixes.begin(), prefixes.end());
  rocksdb::ReadOptions ro;
  // Seeks use the prefix filter (see CfOptions) only when every prefix is one it knows.
  ro.total_order_seek = std::any_of(prefixes.begin(), prefixes.end(), [](const std::string& p) {
    return p.size() < kMetaFilterPrefixLength;
  });
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(ro, rep_->h(kCfMeta)));
  for (const std::string& prefix : prefixes) {
    size_t n = 0;
    for (it->Seek(prefix); n < per_prefix && it->Valid() && it->key().starts_with(prefix);
         it->Next(), ++n) {
      visit(it->key().ToString(), it->value().ToString());
    }
    KG_RETURN_IF_ERROR(FromRocks(it->status(), "meta scan"));
  }
  return Status::OK();
}

Status Store::Check(uint64_t* statements, uint64_t* evidence, uint64_t* index_entries,
                    std::vector<std::string>* problems) const {
  *statements = *evidence = *index_entries = 0;
  rocksdb::ReadOptions ro;
  const rocksdb::Snapshot* snapshot = rep_->db->GetSnapshot();
  ro.snapshot = snapshot;
  ro.fill_cache = false;
  ro.total_order_seek = true;  // scans cross the evidence family's prefixes (see CfOptions)
  auto problem = [&](std::string p) {
    if (problems->size() < 1000) problems->push_back(std::move(p));
  };
  // The scan-only families are probed through one iterator each: a Get on the graph
  // summaries' vector memtables (see CfOptions) would copy and sort them every time, and the
  // indexes have no bloom filters for Gets.
  std::unique_ptr<rocksdb::Iterator> probes[kCfCount];
  auto probe = [&](Cf cf, const std::string& key) -> rocksdb::Iterator* {
    if (!probes[cf]) probes[cf].reset(rep_->db->NewIterator(ro, rep_->h(cf)));
    probes[cf]->Seek(key);
    return probes[cf]->Valid() && probes[cf]->key() == key ? probes[cf].get() : nullptr;
  };
  auto exists = [&](Cf cf, const std::string& key) {
    if (cf == kCfSpo || cf == kCfPos || cf == kCfOsp || cf == kCfVertices || cf == kCfEdges) {
      return probe(cf, key) != nullptr;
    }
    std::string v;
    return rep_->db->Get(ro, rep_->h(cf), key, &v).ok();
  };
  auto scan = [&](Cf cf,
                  const std::function<void(const rocksdb::Slice&, const rocksdb::Slice&)>& f) {
    std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(ro, rep_->h(cf)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) f(it->key(), it->value());
    if (!it->status().ok()) problem(std::string("scan of ") + kCfNames[cf] + " failed");
  };

  std::unordered_map<uint64_t, uint64_t> refs;  // node → statements naming it
  std::unordered_map<uint64_t, uint64_t> doc_evidence;
  uint64_t alias_count = 0, node_count = 0, entity_count = 0, doc_count = 0;
  std::vector<uint64_t> pred_counts(predicates_.size(), 0);

  scan(kCfStatements, [&](const rocksdb::Slice& k, const rocksdb::Slice& v) {
    ++*statements;
    const uint64_t id = GetU64(k.data());
    const std::string tag = "statement #" + std::to_string(id);
    StatementRecord r;
    if (!DecodeStatement(std::string_view(v.data(), v.size()), &r).ok()) {
      problem(tag + ": undecodable");
      return;
    }
    std::string dv;
    if (!rep_->db->Get(ro, rep_->h(kCfDictionary), DictKey('s', r.ext_id), &dv).ok() ||
        dv != U64Key(id)) {
      problem(tag + ": dictionary entry missing or wrong");
    }
    if (!exists(kCfSpo, SpoKey(r.subject, r.predicate, r.object, id)) ||
        !exists(kCfPos, PosKey(r.predicate, r.object, r.subject, id)) ||
        !exists(kCfOsp, OspKey(r.object, r.subject, r.predicate, id))) {
      problem(tag + ": permutation index entry missing");
    }
    if (r.predicate < pred_counts.size()) ++pred_counts[r.predicate];
    for (uint64_t ref :
         {r.subject + 1, r.object + 1, r.qualifiers.location, r.qualifiers.attributed_to}) {
      if (ref != 0) ++refs[ref - 1];
    }
    for (uint64_t ref : {r.qualifiers.location, r.qualifiers.attributed_to}) {
      if (ref != 0 && qualifier_refs_ && !exists(kCfDictionary, QualifierRefKey(ref - 1, id))) {
        problem(tag + ": qualifier reference index entry missing");
      }
    }
    if (rocksdb::Iterator* edge = probe(kCfEdges, GraphEdgeKey(id)); edge == nullptr) {
      problem(tag + ": graph edge summary missing");
    } else {
      EdgeSummary s;
      const std::string_view ev(edge->value().data(), edge->value().size());
      if (!DecodeEdge(ev, &s).ok() || s.support != r.Support() || s.subject != r.subject ||
          s.object != r.object) {
        problem(tag + ": graph edge summary disagrees with the record");
      }
    }
    // Evidence: exactly the pieces the record counts, each indexed under its document.
    std::map<uint64_t, uint32_t> per_doc;
    const std::string prefix = U64Key(id);
    std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(ro, rep_->h(kCfEvidence)));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      EvidenceRecord e;
      if (!DecodeEvidence(std::string_view(it->value().data(), it->value().size()), &e).ok()) {
        problem(tag + ": undecodable evidence");
        continue;
      }
      ++per_doc[e.doc];
      if (!exists(kCfDocIndex, DocEvidenceKey(e.doc, id, GetU64(it->key().data() + 8)))) {
        problem(tag + ": evidence not in the document index");
      }
    }
    if (per_doc.empty()) problem(tag + ": no evidence");
    std::vector<std::pair<uint64_t, uint32_t>> expect(per_doc.begin(), per_doc.end());
    if (expect != r.docs) problem(tag + ": per-document evidence counts disagree");
    for (const auto& [doc, n] : per_doc) doc_evidence[doc] += n;
  });

  scan(kCfEvidence, [&](const rocksdb::Slice& k, const rocksdb::Slice&) {
    ++*evidence;
    if (k.size() != 16 || !exists(kCfStatements, U64Key(GetU64(k.data())))) {
      problem("evidence without its statement");
    }
  });
  for (Cf cf : {kCfSpo, kCfPos, kCfOsp}) {
    scan(cf, [&](const rocksdb::Slice& k, const rocksdb::Slice&) {
      ++*index_entries;
      if (k.size() != 28 || !exists(kCfStatements, U64Key(GetU64(k.data() + 20)))) {
        problem(std::string("dangling ") + kCfNames[cf] + " entry");
      }
    });
  }
  scan(kCfDocIndex, [&](const rocksdb::Slice& k, const rocksdb::Slice&) {
    ++*index_entries;
    const uint64_t doc = GetU64(k.data());
    if (!exists(kCfDocuments, U64Key(doc))) problem("document index entry of a missing document");
    if (k.size() == 25 && k[8] == 's' &&
        !exists(kCfEvidence, EvidenceKey(GetU64(k.data() + 9), GetU64(k.data() + 17)))) {
      problem("document index entry of missing evidence");
    }
  });
  scan(kCfNodes, [&](const rocksdb::Slice& k, const rocksdb::Slice& v) {
    ++node_count;
    const uint64_t id = GetU64(k.data());
    NodeRecord r;
    if (!DecodeNode(std::string_view(v.data(), v.size()), &r).ok()) {
      problem("node #" + std::to_string(id) + ": undecodable");
      return;
    }
    if (r.kind == NodeKind::kEntity) ++entity_count;
    alias_count += r.aliases.size();
    if (refs[id] != r.refs) {
      problem("node '" + r.ext_id + "': reference count " + std::to_string(r.refs) + ", found " +
              std::to_string(refs[id]));
    }
    if (!exists(kCfVertices, GraphVertexKey(id)))
      problem("node '" + r.ext_id + "': no vertex summary");
    if (!exists(kCfAliases, AliasKey(core::NormalizeName(r.name), id))) {
      problem("node '" + r.ext_id + "': name not in the alias index");
    }
  });
  for (const auto& [node, n] : refs) {
    if (!exists(kCfNodes, U64Key(node)))
      problem("statement names missing node #" + std::to_string(node));
  }
  scan(kCfAliases, [&](const rocksdb::Slice& k, const rocksdb::Slice&) {
    ++*index_entries;
    if (k.size() < 9 || !exists(kCfNodes, U64Key(GetU64(k.data() + k.size() - 8)))) {
      problem("alias index entry of a missing node");
    }
  });
  scan(kCfDocuments, [&](const rocksdb::Slice& k, const rocksdb::Slice& v) {
    ++doc_count;
    DocumentRecord r;
    if (!DecodeDocument(std::string_view(v.data(), v.size()), &r).ok()) {
      problem("undecodable document");
      return;
    }
    if (r.evidence != doc_evidence[GetU64(k.data())]) {
      problem("document '" + r.document.id + "': evidence count disagrees");
    }
  });
  const StoreState& s = state_;
  if (s.statements != *statements || s.evidence != *evidence || s.nodes != node_count ||
      s.entities != entity_count || s.documents != doc_count || s.aliases != alias_count) {
    problem("store counters disagree with the records");
  }
  for (size_t p = 0; p < pred_counts.size(); ++p) {
    if (pred_counts[p] != predicate_counts_[p])
      problem("predicate count of '" + predicates_[p] + "' disagrees");
  }
  for (auto& p : probes) p.reset();
  rep_->db->ReleaseSnapshot(snapshot);
  return Status::OK();
}

}  // namespace kg::storage
