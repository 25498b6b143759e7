// Database::IngestDocuments: segment → analyse → extract → store, one atomic write per document.
//
// Analysis is the slow part and needs no store, so with jobs > 1 worker threads prepare
// documents ahead (a bounded window) while this thread writes them in input order: the store
// ends up the same whatever the number of jobs.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/model/statement_key.h"
#include "core/resolve/coreference.h"
#include "core/resolve/gazetteer.h"
#include "core/resolve/document_entities.h"
#include "core/resolve/name_groups.h"
#include "core/util/text.h"
#include "query/database_impl.h"
#include "kg/database.h"
#include "kg/extract.h"
#include "kg/nlp.h"
#include "kg/text.h"
#include "query/database_impl.h"

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

// The document entity a "local:N" id (core/resolve/coreference.h) names, or null.
const core::resolve::DocumentEntity* LocalEntity(const std::string& id,
                                                 const core::resolve::DocumentEntities& entities) {
  if (id.rfind("local:", 0) != 0) return nullptr;
  const size_t index = std::strtoul(id.c_str() + 6, nullptr, 10);
  return index < entities.entities.size() ? &entities.entities[index] : nullptr;
}

// Fills what the extractor leaves to the store's caller: ids, kinds, a type where none was
// given, and the placeholder nodes of statements with a missing argument (docs/formats.md):
// an agentless passive's agent becomes an UNKNOWN "someone" and an intransitive clause's
// object a NONE "(no object)". Both are literals whose id comes from the rest of the
// statement, so the same statement from two documents merges, while different statements never
// share a placeholder (which would join unrelated nodes in the graph). A node of a document
// entity ("local:N") keeps that id for the writer thread's resolver and carries the aliases the
// document used, so "Mr Lavrov", "Lavrov" and "Sergei Lavrov" in one document are one node.
void CompleteStatement(Statement* st, const core::resolve::DocumentEntities& entities) {
  for (Node* n : {&st->subject, &st->object}) {
    if (n->name.empty()) continue;
    if (n->type.empty() || n->type == "UNKNOWN" || n->type == "NONE") n->type = "OTHER";
    n->kind = IsLiteralType(n->type) ? NodeKind::kLiteral : NodeKind::kEntity;
    if (const core::resolve::DocumentEntity* e = LocalEntity(n->id, entities)) {
      // The writer thread's resolver (Impl::StoreResolved) maps the "local:N" id to a store
      // node, an existing entity or a new one.
      n->aliases = e->aliases;
      continue;
    }
    n->id = NodeIdFor(*n);
    // "We", "I", "you" (a quotation's voice, left unresolved) are someone different in every
    // document: a node of the document's own, not one "We" joining every document.
    if (core::resolve::IsFirstOrSecondPersonName(n->name) && !st->evidence.empty()) {
      n->id += "@" + st->evidence.front().doc;
    }
  }
  // What identifies a node across documents, for placeholder ids: a document entity's "local:N"
  // means nothing outside its document, so it stands for its folded canonical name.
  const auto stable_id = [&](const Node& n) {
    const core::resolve::DocumentEntity* e = LocalEntity(n.id, entities);
    if (e == nullptr) return n.id;
    Node named;
    named.name = e->name;
    named.type = e->type;
    return NodeIdFor(named);
  };
  // A literal standing in for a missing argument, its id a hash of what identifies it.
  const auto placeholder = [](Node* n, std::string_view name, const char* type,
                              const std::string& key) {
    n->name = std::string(name);
    n->type = type;
    n->kind = NodeKind::kLiteral;
    n->id = "c:" + core::Hex64(core::Hash64(std::string(type) + '\t' + key));
  };
  if (st->object.name.empty()) {
    placeholder(&st->object, kNoObjectName, "NONE",
                stable_id(st->subject) + '\t' + st->predicate.lemma);
  }
  if (st->subject.name.empty()) {
    placeholder(&st->subject, kUnknownAgentName, "UNKNOWN",
                st->predicate.lemma + '\t' + stable_id(st->object));
  }
  for (std::optional<NodeRef>* ref : {&st->qualifiers.location, &st->qualifiers.attributed_to}) {
    if (!ref->has_value()) continue;
    if (const core::resolve::DocumentEntity* e = LocalEntity((*ref)->id, entities)) {
      (*ref)->name = e->name;  // the id stays "local:N" for the resolver
    } else if ((*ref)->name.empty() && (*ref)->id.empty()) {
      ref->reset();
    } else if ((*ref)->id.empty()) {
      Node n;
      n.name = (*ref)->name;
      n.type = "OTHER";
      (*ref)->id = NodeIdFor(n);
    }
  }
}

// One document made ready for the store.
struct PreparedDocument {
  Status status;  // not OK: the document fails with this
  uint64_t sentences = 0;
  uint64_t sentences_failed = 0;
  uint64_t statements_skipped = 0;
  uint64_t statements_unresolved_pronoun = 0;
  uint64_t statements_one_entity = 0;
  std::vector<Statement> statements;
  core::resolve::DocumentEntities entities;  // statements name them by "local:N" ids
};

PreparedDocument Prepare(const Document& doc, const Analyzer& analyzer,
                         const StatementExtractor& extractor,
                         const core::resolve::Gazetteer& places) {
  PreparedDocument out;
  out.status = core::ValidateDocument(doc);
  if (!out.status.ok()) return out;
  auto sentences = analyzer.AnalyzeText(doc.text);
  if (!sentences.ok()) {
    out.status = sentences.status();
    return out;
  }
  const std::vector<uint32_t> cp = CodePointOffsets(doc.text);
  std::vector<std::vector<Extraction>> found(sentences->size());
  SentenceContext context;
  context.doc = doc.id;
  context.source = doc.source;
  context.published = doc.published;
  context.path = doc.path;
  for (size_t i = 0; i < sentences->size(); ++i) {
    const std::vector<AnalyzedToken>& tokens = (*sentences)[i];
    if (tokens.empty()) continue;
    ++out.sentences;
    const uint32_t b = tokens.front().begin;
    const uint32_t e = tokens.back().end;
    context.sentence = doc.text.substr(b, e - b);
    context.begin = cp[b];
    context.end = cp[e];
    if (!extractor.Process(tokens, context, &found[i]).ok()) {
      found[i].clear();
      ++out.sentences_failed;
    }
  }
  // Mentions, types and coreference within the document: nodes that are entity mentions get
  // "local:N" ids naming a document entity.
  core::resolve::DocumentEntities entities;
  out.status = core::resolve::ResolveDocumentMentions(places, *sentences, &found, &entities);
  if (!out.status.ok()) return out;
  for (std::vector<Extraction>& sentence : found) {
    for (Extraction& x : sentence) {
      Statement& st = x.statement;
      // A pronoun the document does not resolve names nobody; a statement whose two ends are
      // one entity ("the spokesman, Dmitry Peskov" read as an apposition) says nothing.
      if (core::resolve::IsResolvablePronounName(st.subject.name) ||
          core::resolve::IsResolvablePronounName(st.object.name) ||
          core::resolve::IsReferringWordName(st.subject.name) ||
          core::resolve::IsReferringWordName(st.object.name)) {
        ++out.statements_skipped;
        ++out.statements_unresolved_pronoun;
        continue;
      }
      CompleteStatement(&st, entities);
      if (st.subject.id == st.object.id || !core::ValidateStatement(st).ok()) {
        ++out.statements_skipped;
        if (st.subject.id == st.object.id) ++out.statements_one_entity;
        continue;
      }
      out.statements.push_back(std::move(st));
    }
  }
  out.entities = std::move(entities);
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
  std::shared_ptr<const Analyzer> analyzer;
  {
    std::lock_guard lock(impl_->analyzer_mu);
    if (impl_->analyzer == nullptr || impl_->analyzer_dir != options.models_dir) {
      auto loaded = Analyzer::Load(options.models_dir);
      if (!loaded.ok()) return loaded.status().WithContext("models " + options.models_dir);
      impl_->analyzer = std::move(*loaded);
      impl_->analyzer_dir = options.models_dir;
    }
    analyzer = impl_->analyzer;
  }
  std::unique_ptr<core::resolve::Gazetteer> places;
  if (options.gazetteer_dir.empty()) {
    places = std::make_unique<core::resolve::Gazetteer>();
  } else {
    auto loaded = core::resolve::Gazetteer::Load(options.gazetteer_dir);
    if (!loaded.ok()) return loaded.status();
    places = std::move(*loaded);
  }

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
          PreparedDocument p = Prepare(documents[i], *analyzer, **extractor, *places);
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
      p = Prepare(documents[i], *analyzer, **extractor, *places);
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
      s = impl_->StoreResolved(stored, p.entities, &p.statements, &added, report);
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
    report->statements_unresolved_pronoun += p.statements_unresolved_pronoun;
    report->statements_one_entity += p.statements_one_entity;
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
