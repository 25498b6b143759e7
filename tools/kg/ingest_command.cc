#include "tools/kg/ingest_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sstream>

#include "kg/text.h"

#ifndef KG_DEFAULT_MODELS_DIR
#define KG_DEFAULT_MODELS_DIR "models"
#endif

namespace kg::cli {

namespace {

// "documents 3/10, 1.2k sentences/s" on one terminal line, redrawn at most ten times a second.
class IngestProgressLine {
 public:
  explicit IngestProgressLine(std::ostream& err)
      : err_(err), tty_(::isatty(2) == 1 && &err == &std::cerr) {}
  ~IngestProgressLine() {
    if (shown_) err_ << "\n";
  }

  void Update(const IngestProgress& p) {
    if (!tty_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && p.documents_done != p.documents_total) {
      return;
    }
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double frac =
        p.documents_total == 0 ? 1.0 : static_cast<double>(p.documents_done) / p.documents_total;
    const int width = 30, filled = static_cast<int>(frac * width);
    char rate[64] = "";
    if (secs > 0.2) {
      std::snprintf(rate, sizeof rate, ", %.0f sentences/s", static_cast<double>(p.sentences) / secs);
    }
    err_ << "\ringest [" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
         << p.documents_done << "/" << p.documents_total << " documents, " << p.sentences
         << " sentences" << rate << "   " << std::flush;
    shown_ = true;
  }

 private:
  std::ostream& err_;
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

void ExplainClean(const ReadDocument& rd, std::ostream& out) {
  const Document& d = rd.document;
  const CleanReport& c = rd.clean;
  out << "clean " << (d.path.empty() ? d.id : d.path) << " (" << d.id << ")";
  if (!c.published.empty()) out << " published " << c.published;
  if (!c.source.empty()) out << ", source " << c.source;
  if (!c.byline.empty()) out << ", by " << c.byline;
  if (!c.dateline.empty()) out << ", dateline " << c.dateline;
  out << "\n";
  for (const CleanedParagraph& p : c.paragraphs) {
    out << "  " << (p.kept ? "kept   " : "removed") << " bytes " << p.begin << "-" << p.end
        << ": " << p.reason;
    if (p.kept && p.removed_prefix > 0) out << " (dateline of " << p.removed_prefix << " bytes cut)";
    out << "\n";
  }
}

}  // namespace

int RunIngest(Database& db, const IngestArgs& args, std::istream& in, std::ostream& out,
              std::ostream& err) {
  IngestOptions options;
  options.models_dir = args.models;
  if (options.models_dir.empty()) {
    const char* env = std::getenv("KG_MODELS");
    options.models_dir = env != nullptr && *env ? env : KG_DEFAULT_MODELS_DIR;
  }
  options.extractor = args.extractor;
  options.jobs = args.jobs;

  // Reading first: a file that cannot be read is reported and the others still go in.
  std::vector<Document> documents;
  uint64_t unreadable = 0;
  ReadOptions read_options;
  const auto take = [&](std::vector<ReadDocument>& docs, std::vector<ReadIssue>& issues) {
    for (const ReadIssue& issue : issues) {
      err << "kg: " << issue.path;
      if (issue.line > 0) err << ":" << issue.line;
      err << ": " << issue.message << "\n";
      if (issue.skipped) ++unreadable;
    }
    for (ReadDocument& rd : docs) {
      if (args.explain_clean) ExplainClean(rd, out);
      documents.push_back(std::move(rd.document));
    }
  };
  for (const std::string& path : args.paths) {
    if (path == "-") {
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      std::vector<ReadIssue> issues;
      auto doc = ParsePlainText(bytes, "", read_options, &issues);
      std::vector<ReadDocument> docs;
      if (doc.ok()) {
        docs.push_back(std::move(*doc));
      } else {
        issues.push_back({"<stdin>", 0, 0, true, doc.status().message()});
      }
      take(docs, issues);
      continue;
    }
    auto read = ReadDocuments(path, read_options);
    if (!read.ok()) {
      err << "kg: " << path << ": " << read.status().message() << "\n";
      ++unreadable;
      continue;
    }
    take(read->documents, read->issues);
  }

  IngestProgressLine bar(err);
  options.progress = [&bar](const IngestProgress& p) {
    bar.Update(p);
    return true;
  };
  IngestReport report;
  Status s = db.IngestDocuments(documents, options, &report);
  const double secs = report.seconds;
  if (!s.ok()) {
    err << "kg: " << s.ToString() << "\n";
    if (s.code() == Status::Code::kNotFound &&
        s.ToString().find("gazetteer") == std::string::npos) {
      err << "kg: (models from " << options.models_dir << "; give --models DIR or set KG_MODELS)\n";
    }
    return s.IsUserError() ? 1 : 2;
  }
  for (const IngestedDocument& d : report.documents) {
    if (d.outcome != IngestedDocument::Outcome::kFailed) continue;
    err << "kg: " << (d.path.empty() ? d.id : d.path) << ": " << d.error << "\n";
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f", secs > 0 ? report.sentences / secs : 0.0);
  out << "documents: " << report.documents_new << " new, " << report.documents_unchanged
      << " unchanged, " << report.documents_failed + unreadable << " failed\n"
      << "sentences: " << report.sentences << " (" << rate << "/s after loading the models";
  if (report.sentences_failed > 0) out << ", " << report.sentences_failed << " not analysed";
  out << ")\n"
      << "statements: " << report.statements << " stored";
  if (report.statements_skipped > 0) {
    // Dropped before the store, each for its reason.
    const uint64_t invalid = report.statements_skipped - report.statements_unresolved_pronoun -
                             report.statements_one_entity;
    out << "; " << report.statements_skipped << " extractions dropped (";
    const char* sep = "";
    for (auto [n, why] : {std::pair{report.statements_unresolved_pronoun,
                                    "naming a pronoun the document does not resolve"},
                          std::pair{report.statements_one_entity, "with both ends one entity"},
                          std::pair{invalid, "the store would refuse"}}) {
      if (n == 0) continue;
      out << sep << n << " " << why;
      sep = ", ";
    }
    out << ")";
  }
  out << "\n";
  if (report.automatic_merges > 0) {
    out << "entities: " << report.automatic_merges
        << " joined a known entity by a variant spelling, surname or pin ('kg merges' lists "
           "them)\n";
  }
  return report.documents_failed + unreadable == 0 ? 0 : 1;
}

}  // namespace kg::cli
