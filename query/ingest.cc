// Database::IngestDocuments: segment → analyse → extract → store, one atomic write per document.
//
// Analysis is the slow part and needs no store, so with jobs > 1 worker threads prepare
// documents ahead (a bounded window) while this thread writes them in input order: the store
// ends up the same whatever the number of jobs.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/model/statement_key.h"
#include "core/resolve/document_entities.h"
#include "core/resolve/name_groups.h"
#include "core/util/text.h"
#include "query/database_impl.h"
#include "kg/database.h"
#include "kg/extract.h"
#include "kg/nlp.h"
#include "kg/text.h"

namespace kg {

namespace {

// Provisional node ids: an entity by its folded name ("e:vladimir_putin"), a literal by its
// type and exact text (literals are values, never merged by a folded name). Entities get their
// store ids from the resolver on the writer thread (Impl::StoreResolved); what it leaves alone
// (ROLE nodes) keeps these.
std::string NodeIdFor(const Node& node) {
  if (IsLiteralType(node.type)) {
    return "c:" + core::Hex64(core::Hash64(node.type + '\t' + node.name));
  }
  std::string key = core::NormalizeName(node.name);
  std::replace(key.begin(), key.end(), ' ', '_');
  if (key.empty() || key.size() > 120) return "e:" + core::Hex64(core::Hash64(node.name));
  return "e:" + key;
}

// Fills what the extractor leaves to the store's caller: ids, kinds, a type where none was
// given. False when the statement cannot be stored as a triple (no subject or no object).
bool CompleteStatement(Statement* st) {
  for (Node* n : {&st->subject, &st->object}) {
    if (n->name.empty()) return false;
    if (n->type.empty() || n->type == "UNKNOWN") n->type = "OTHER";
    n->kind = IsLiteralType(n->type) ? NodeKind::kLiteral : NodeKind::kEntity;
    n->id = NodeIdFor(*n);
  }
  for (std::optional<NodeRef>* ref : {&st->qualifiers.location, &st->qualifiers.attributed_to}) {
    if (!ref->has_value()) continue;
    if ((*ref)->name.empty() && (*ref)->id.empty()) {
      ref->reset();
    } else if ((*ref)->id.empty()) {
      Node n;
      n.name = (*ref)->name;
      n.type = "OTHER";
      (*ref)->id = NodeIdFor(n);
    }
  }
  return true;
}

// One document made ready for the store.
struct PreparedDocument {
  Status status;  // not OK: the document fails with this
  uint64_t sentences = 0;
  uint64_t sentences_failed = 0;
  uint64_t statements_skipped = 0;
  std::vector<Statement> statements;
  core::resolve::DocumentEntities entities;  // statements name them by "local:N" ids
};

PreparedDocument Prepare(const Document& doc, const Analyzer& analyzer,
                         const StatementExtractor& extractor) {
  PreparedDocument out;
  out.status = core::ValidateDocument(doc);
  if (!out.status.ok()) return out;
  auto sentences = analyzer.AnalyzeText(doc.text);
  if (!sentences.ok()) {
    out.status = sentences.status();
    return out;
  }
  const std::vector<uint32_t> cp = CodePointOffsets(doc.text);
  std::vector<Extraction> found;
  SentenceContext context;
  context.doc = doc.id;
  context.source = doc.source;
  context.published = doc.published;
  context.path = doc.path;
  for (const std::vector<AnalyzedToken>& tokens : *sentences) {
    if (tokens.empty()) continue;
    ++out.sentences;
    const uint32_t b = tokens.front().begin;
    const uint32_t e = tokens.back().end;
    context.sentence = doc.text.substr(b, e - b);
    context.begin = cp[b];
    context.end = cp[e];
    found.clear();
    if (!extractor.Process(tokens, context, &found).ok()) {
      ++out.sentences_failed;
      continue;
    }
    for (Extraction& x : found) {
      Statement& st = x.statement;
      if (!CompleteStatement(&st) || !core::ValidateStatement(st).ok()) {
        ++out.statements_skipped;
        continue;
      }
      out.statements.push_back(std::move(st));
    }
  }
  // Within-document grouping of the entity mentions, unless coreference has made the
  // document's entities already.
  if (!core::resolve::HasDocumentEntityIds(out.statements)) {
    core::resolve::GroupMentionsByName(&out.statements, &out.entities);
  }
  return out;
}

}  // namespace

Status Database::IngestDocuments(const std::vector<Document>& documents,
                                 const IngestOptions& options, IngestReport* report) {
  if (read_only()) return Status::ReadOnly("store '" + path() + "' is open read-only");
  auto extractor = MakeStatementExtractor(options.extractor);
  if (!extractor.ok()) return extractor.status();
  auto analyzer = Analyzer::Load(options.models_dir);
  if (!analyzer.ok()) return analyzer.status().WithContext("models " + options.models_dir);

  const auto start = std::chrono::steady_clock::now();
  const size_t n = documents.size();
  const size_t jobs = std::max<size_t>(1, std::min<size_t>(options.jobs, n));
  std::vector<PreparedDocument> slots(n);
  std::vector<char> ready(n, 0);
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;     // next document a worker takes (under mu)
  size_t written = 0;  // documents the writer is done with (under mu)
  bool stop = false;
  const size_t window = 4 * jobs;  // documents prepared ahead of the writer, at most

  std::vector<std::thread> workers;
  if (jobs > 1) {
    for (size_t w = 0; w < jobs; ++w) {
      workers.emplace_back([&] {
        for (;;) {
          size_t i;
          {
            std::unique_lock lock(mu);
            cv.wait(lock, [&] { return stop || next >= n || next < written + window; });
            if (stop || next >= n) return;
            i = next++;
          }
          PreparedDocument p = Prepare(documents[i], **analyzer, **extractor);
          {
            std::lock_guard lock(mu);
            slots[i] = std::move(p);
            ready[i] = 1;
          }
          cv.notify_all();
        }
      });
    }
  }

  Status result;
  IngestProgress progress;
  progress.documents_total = n;
  for (size_t i = 0; i < n; ++i) {
    PreparedDocument p;
    if (jobs > 1) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return ready[i] != 0; });
      p = std::move(slots[i]);
    } else {
      p = Prepare(documents[i], **analyzer, **extractor);
    }
    const Document& doc = documents[i];
    IngestedDocument item;
    item.id = doc.id.empty() ? core::DocumentIdForText(doc.text) : doc.id;
    item.path = doc.path;
    item.sentences = p.sentences;
    Status s = p.status;
    if (s.ok()) {
      Document stored = doc;
      stored.id = item.id;
      for (Statement& st : p.statements) {
        for (Evidence& ev : st.evidence) ev.doc = item.id;
      }
      bool added = false;
      const size_t count = p.statements.size();
      s = impl_->StoreResolved(stored, p.entities, &p.statements, &added,
                               &report->resolve_seconds, &report->automatic_merges);
      if (s.ok()) {
        item.outcome =
            added ? IngestedDocument::Outcome::kNew : IngestedDocument::Outcome::kUnchanged;
        item.statements = count;
      }
    }
    if (!s.ok()) {
      item.outcome = IngestedDocument::Outcome::kFailed;
      item.error = s.ToString();
      ++report->documents_failed;
    } else if (item.outcome == IngestedDocument::Outcome::kNew) {
      ++report->documents_new;
      report->statements += item.statements;
    } else {
      ++report->documents_unchanged;
    }
    report->sentences += p.sentences;
    report->sentences_failed += p.sentences_failed;
    report->statements_skipped += p.statements_skipped;
    report->documents.push_back(std::move(item));
    progress.documents_done = i + 1;
    progress.sentences = report->sentences;
    bool go_on = !options.progress || options.progress(progress);
    {
      std::lock_guard lock(mu);
      written = i + 1;
      if (!go_on) stop = true;
    }
    cv.notify_all();
    if (!go_on) {
      result = Status::Cancelled("ingest cancelled after " + std::to_string(i + 1) + " of " +
                                 std::to_string(n) + " documents");
      break;
    }
  }
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  cv.notify_all();
  for (std::thread& t : workers) t.join();
  report->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace kg
