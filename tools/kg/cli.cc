#include "tools/kg/cli.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "kg/database.h"
#include "tools/kg/extract_command.h"
#include "tools/kg/ingest_command.h"
#include "tools/kg/shell.h"

namespace kg::cli {

namespace {

constexpr const char* kVersion = "kgraph 0.1.0";

struct Command {
  const char* name;
  const char* args;
  const char* summary;
  const char* help;  // the options and what they do
};

const Command kCommands[] = {
    {"ingest", "PATH...", kIngestSummary, kIngestHelp},
    {"import", "FILE.jsonl|-", "import statements in the JSON Lines interchange format",
     "  --skip-bad-lines   import the good lines and report the bad ones (default: a bad line\n"
     "                     means nothing is imported from a file)\n"
     "  --chunk N          statements per chunk (default 2000)\n"
     "  --run-mb N         MiB of records per bulk run: a run of whole chunks is sorted into\n"
     "                     table files added to the store in one atomic step (default 64;\n"
     "                     0 = every chunk is its own atomic write). Without it, a file\n"
     "                     imported into an empty store is one run when memory allows\n"
     "                     (about 4x the file's size free): the fastest way, but a kill\n"
     "                     then leaves the store empty\n"
     "A killed import leaves a prefix of whole runs (of whole chunks) in the store.\n"
     "Reads standard input when FILE is '-'. Lines already in the store are a no-op.\n"},
    {"export", "", "export the statements (JSON Lines) or the graph (GraphML)",
     "  --format jsonl|graphml   default jsonl\n"
     "  --output FILE, -o FILE   default: standard output\n"
     "  --center ENTITY          GraphML of ENTITY's neighbourhood only\n"
     "  --depth N                neighbourhood depth with --center (default 1)\n"},
    {"stats", "", "counts of documents, nodes, statements, evidence; top predicates",
     "  --top N    how many predicates to list (default 10)\n"
     "  --json     print the figures as one JSON object\n"},
    {"show", "ENTITY", "an entity's card: type, aliases, statements in and out with support",
     "  --limit N  statements to list each way (default 20)\n"
     "ENTITY is a node id (e:12) or a name or alias, matched regardless of case and accents.\n"},
    {"doc", "ID", "a document's metadata and text", "  --no-text  metadata only\n"},
    {"docs", "", "list the documents", ""},
    {"rm-doc", "ID", "remove a document: retract its evidence (statements without evidence go)",
     ""},
    {"check", "", "check every record and index entry of the store", ""},
    {"query", "STATEMENTS|-f FILE", "run KGQL statements and print their results",
     "  -f FILE, --file FILE      read the statements from FILE ('-': standard input, as\n"
     "                            does STATEMENTS '-')\n"
     "  --format table|csv|json|jsonl   default table\n"
     "  --max-rows N              rows a statement may return (default 100000)\n"
     "  --timeout MS              time limit per statement in ms, 0 for none (default 30000)\n"
     "  --partial                 at a limit, print the rows found so far instead of failing\n"
     "Statements end with ';' (the last one may leave it out). Lines starting with ':' are\n"
     "shell commands (see 'kg shell --help'). Stops at the first error, reported as\n"
     "SOURCE:LINE:COLUMN; Ctrl-C cancels the running statement.\n"},
    {"shell", "", "the interactive query shell ('kg' alone in a terminal starts it too)",
     "  --format table|csv|json|jsonl   the starting output mode (default table)\n"
     "  --max-rows N, --timeout MS, --partial   limits, as for 'kg query'\n"
     "Line editing, Tab completion of keywords, relation names and \"entity names\", and a\n"
     "history file (~/.kg_history, or $KG_HISTORY; KG_HISTORY= keeps none). Statements end\n"
     "with ';' and may span lines. Ctrl-C cancels the running statement or clears the line;\n"
     ":help lists the shell commands (:mode, :timing, :stats, :find, :schema, :quit).\n"
     "When standard input is not a terminal, runs it as a script like 'kg query -f -'.\n"},
    {"merge", "INTO FROM", "merge entity FROM into INTO (statements, evidence and aliases move)",
     "  --reason TEXT   why, for the merge log (default: 'merged by the user')\n"
     "INTO and FROM are node ids (e:12) or names that match one entity. Logged; reversible\n"
     "with 'kg unmerge ID'.\n"},
    {"split", "NODE ALIAS...", "move what came through ALIAS(es) off NODE to a new entity",
     "  --reason TEXT   why, for the merge log (default: 'split by the user')\n"
     "The evidence of every document that used one of the aliases for NODE moves to a new\n"
     "entity named after the first alias, with those documents' aliases; a 'distinct' rule\n"
     "keeps later documents apart. Logged; reversible with 'kg unmerge ID'.\n"},
    {"aliases", "[FILE|-]", "load an alias file of pins and forbids (no FILE: print the rules)",
     "One rule a line, '#' starts a comment:\n"
     "  same: Kiev = Kyiv            these names are one entity (merged now and on ingest)\n"
     "  distinct: Lavrov != Lysak    never one entity (split now if held together)\n"
     "The rules are added to those in force and kept in the store.\n"},
    {"merges", "", "the merge log: automatic merges at ingest and user merges and splits",
     "  --json   one JSON object per entry\n"
     "Columns: id, time, kind (auto, merge, split, unmerge), node, other node, alias,\n"
     "document, reason; '(undone)' marks reversed entries.\n"},
    {"unmerge", "LOG_ID", "reverse one merge-log entry (see 'kg merges')",
     "A merge or split is undone exactly; an automatic merge is undone by moving that\n"
     "document's evidence to a node of its own (and a 'distinct' rule keeps it there).\n"},
    {"extract", "[FILE|-]", kExtractSummary, "Run 'kg extract --help'.\n"},
};

const char* kGlobalHelp =
    "Global options (before or after the command):\n"
    "  --db PATH      the store (default: $KG_DB, else ./kgraph.db)\n"
    "  --read-only    open the store without the write lock\n"
    "  --help, -h     help for kg or for the command\n"
    "  --version      print the version\n"
    "Exit codes: 0 ok, 1 user error, 2 internal error.\n";

void PrintUsage(std::ostream& out) {
  out << "usage: kg [--db PATH] COMMAND [ARGS]\n"
         "       kg [--db PATH]          in a terminal: the query shell (kg shell)\n\n"
         "kgraph: who said what, who did what, when, and according to whom.\n\nCommands:\n";
  for (const Command& c : kCommands) {
    out << "  " << std::left << std::setw(8) << c.name << "  " << c.summary << "\n";
  }
  out << "\n" << kGlobalHelp << "\nRun 'kg COMMAND --help' for a command's options.\n";
}

void PrintCommandHelp(const Command& c, std::ostream& out) {
  out << "usage: kg [--db PATH] " << c.name << (*c.args ? " " : "") << c.args << " [OPTIONS]\n\n"
      << c.summary << "\n";
  if (*c.help) out << "\nOptions:\n" << c.help;
  out << "\n" << kGlobalHelp;
}

// A usage error: exit 1 with a message that points to --help.
struct UsageError {
  std::string message;
};

// Shows a progress bar on stderr when it is a terminal; silent otherwise.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, const char* label, const char* unit)
      : err_(err), label_(label), unit_(unit), tty_(::isatty(2) == 1 && &err == &std::cerr) {}
  ~ProgressBar() { Finish(); }

  bool Update(uint64_t done, uint64_t total) {
    if (!tty_) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && done != total) return true;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::ostringstream line;
    line << "\r" << label_ << " ";
    if (total > 0) {
      const double frac = std::min(1.0, static_cast<double>(done) / total);
      const int width = 30, filled = static_cast<int>(frac * width);
      line << "[" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
           << std::setw(3) << static_cast<int>(frac * 100) << "% ";
    }
    line << Human(done) << " " << unit_;
    if (secs > 0.5)
      line << " (" << Human(static_cast<uint64_t>(done / secs)) << " " << unit_ << "/s)";
    line << "   ";
    err_ << line.str() << std::flush;
    shown_ = true;
    return true;
  }

  void Finish() {
    if (shown_) err_ << "\n";
    shown_ = false;
  }

  static std::string Human(uint64_t n) {
    char buf[32];
    if (n >= 10'000'000) {
      std::snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
    } else if (n >= 10'000) {
      std::snprintf(buf, sizeof buf, "%.1fk", n / 1e3);
    } else {
      std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
    }
    return buf;
  }

 private:
  std::ostream& err_;
  const char* label_;
  const char* unit_;
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

// Parsed command line: the command, its positional arguments and its --options.
struct Invocation {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--format" → "jsonl"; flags → ""
  std::string db;
  bool read_only = false;
  bool help = false;
  bool version = false;
};

// Options that take a value, per command ("*" = every command).
bool TakesValue(const std::string& option) {
  static const char* const kValued[] = {
      "--db",    "--chunk",  "--format", "--output",    "-o",        "--center",
      "--depth", "--top",    "--limit",  "--max-rows",  "--timeout", "--file",
      "-f",      "--models", "--jobs",   "--extractor", "--run-mb",  "--reason"};
  for (const char* v : kValued) {
    if (option == v) return true;
  }
  return false;
}

Invocation Parse(const std::vector<std::string>& args) {
  Invocation inv;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::string value;
    bool has_value = false;
    if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
      value = a.substr(a.find('=') + 1);
      a = a.substr(0, a.find('='));
      has_value = true;
    }
    if (a == "--help" || a == "-h") {
      inv.help = true;
    } else if (a == "--version") {
      inv.version = true;
    } else if (a == "--read-only") {
      inv.read_only = true;
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      if (TakesValue(a)) {
        if (!has_value) {
          if (i + 1 >= args.size()) throw UsageError{"option " + a + " needs a value"};
          value = args[++i];
        }
        if (a == "--db") {
          if (value.empty()) throw UsageError{"--db needs a path"};
          inv.db = value;
        } else {
          inv.options[a == "-o" ? "--output" : a == "-f" ? "--file" : a] = value;
        }
      } else {
        if (has_value) throw UsageError{"option " + a + " takes no value"};
        inv.options[a] = "";
      }
    } else if (inv.command.empty()) {
      inv.command = a;
    } else {
      inv.positional.push_back(a);
    }
  }
  return inv;
}

uint64_t NumberOption(const Invocation& inv, const std::string& name, uint64_t fallback,
                      uint64_t min, uint64_t max) {
  auto it = inv.options.find(name);
  if (it == inv.options.end()) return fallback;
  const std::string& v = it->second;
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || v[0] == '-' || n < min || n > max) {
    throw UsageError{name + " expects a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", not '" + v + "'"};
  }
  return n;
}

void CheckOptions(const Invocation& inv, std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : inv.options) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || name == a;
    if (!ok) throw UsageError{"unknown option " + name + " for 'kg " + inv.command + "'"};
  }
}

void CheckPositional(const Invocation& inv, size_t n, const char* what) {
  if (inv.positional.size() < n) throw UsageError{"'kg " + inv.command + "' needs " + what};
  if (inv.positional.size() > n) {
    throw UsageError{"unexpected argument '" + inv.positional[n] + "' for 'kg " + inv.command +
                     "'"};
  }
}

int Fail(const Status& s, std::ostream& err) {
  err << "kg: " << s.ToString() << "\n";
  return s.IsUserError() ? 1 : 2;
}

// A JSON string literal (control characters escaped, UTF-8 passed through).
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string DescribeQualifiers(const Qualifiers& q) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (!q.time.empty()) add("@" + q.time);
  if (q.location) add("in " + (q.location->name.empty() ? q.location->id : q.location->name));
  if (q.quantity) {
    std::ostringstream n;
    n << q.quantity->comparator << q.quantity->value << (q.quantity->unit.empty() ? "" : " ")
      << q.quantity->unit;
    add(n.str());
  }
  if (q.negated) add("NOT");
  if (!q.modality.empty()) add("modality " + q.modality);
  if (q.attributed_to) {
    add("according to " +
        (q.attributed_to->name.empty() ? q.attributed_to->id : q.attributed_to->name));
  }
  return out.empty() ? "" : "  [" + out + "]";
}

int CmdImport(Database& db, const Invocation& inv, std::istream& in, std::ostream& out,
              std::ostream& err) {
  ImportOptions options;
  options.skip_bad_lines = inv.options.count("--skip-bad-lines") > 0;
  options.chunk_statements =
      static_cast<uint32_t>(NumberOption(inv, "--chunk", options.chunk_statements, 1, 1000000));
  options.run_bytes = NumberOption(inv, "--run-mb", options.run_bytes >> 20, 0, 65536) << 20;
  if (inv.options.count("--run-mb")) options.one_run_into_empty_store = false;
  ProgressBar bar(err, "importing", "bytes");
  options.progress = [&](uint64_t done, uint64_t total) { return bar.Update(done, total); };
  ImportReport report;
  const std::string& file = inv.positional[0];
  const auto start = std::chrono::steady_clock::now();
  Status s = file == "-" ? db.ImportJsonl(in, options, &report)
                         : db.ImportJsonlFile(file, options, &report);
  bar.Finish();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const InputError& e : report.errors) {
    err << (file == "-" ? std::string("<stdin>") : file) << ":" << e.line << ": " << e.message
        << "\n";
  }
  if (!s.ok()) return Fail(s, err);
  out << "imported " << report.lines << " lines in " << std::fixed << std::setprecision(2) << secs
      << " s: " << report.statements_new << " new statements, " << report.statements_merged
      << " merged, " << report.statements_unchanged << " already stored; " << report.evidence_new
      << " new evidence, " << report.documents_new << " new documents";
  if (!report.errors.empty()) out << "; " << report.errors.size() << " bad lines skipped";
  out << "\n";
  return 0;
}

int CmdExport(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  std::string format = "jsonl";
  if (auto it = inv.options.find("--format"); it != inv.options.end()) format = it->second;
  if (format != "jsonl" && format != "graphml") {
    throw UsageError{"--format must be jsonl or graphml, not '" + format + "'"};
  }
  if (format == "jsonl" && (inv.options.count("--center") || inv.options.count("--depth"))) {
    throw UsageError{"--center and --depth go with --format graphml"};
  }
  std::ofstream file;
  std::ostream* sink = &out;
  std::string target = "standard output";
  if (auto it = inv.options.find("--output"); it != inv.options.end() && it->second != "-") {
    target = it->second;
    file.open(target, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(Status::IOError("cannot write '" + target + "'"), err);
    sink = &file;
  }
  ProgressBar bar(err, "exporting", "statements");
  Status s;
  if (format == "jsonl") {
    ExportOptions options;
    options.progress = [&](uint64_t d, uint64_t t) { return bar.Update(d, t); };
    s = db.ExportJsonl(*sink, options);
  } else {
    GraphmlOptions options;
    if (auto it = inv.options.find("--center"); it != inv.options.end())
      options.center = it->second;
    options.depth = static_cast<uint32_t>(NumberOption(inv, "--depth", 1, 0, 1000));
    options.progress = [&](uint64_t d, uint64_t t) { return bar.Update(d, t); };
    s = db.ExportGraphml(*sink, options);
  }
  bar.Finish();
  if (file.is_open()) {
    file.close();
    if (s.ok() && !file) s = Status::IOError("cannot finish writing '" + target + "'");
  }
  return s.ok() ? 0 : Fail(s, err);
}

int CmdStats(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  Result<Stats> stats = db.GetStats(NumberOption(inv, "--top", 10, 0, 100000));
  if (!stats.ok()) return Fail(stats.status(), err);
  const Stats& s = *stats;
  if (inv.options.count("--json")) {
    out << "{\"documents\":" << s.documents << ",\"nodes\":" << s.nodes
        << ",\"entities\":" << s.entities << ",\"literals\":" << s.literals
        << ",\"statements\":" << s.statements << ",\"evidence\":" << s.evidence
        << ",\"aliases\":" << s.aliases << ",\"schema_version\":" << s.schema_version
        << ",\"top_predicates\":[";
    for (size_t i = 0; i < s.top_predicates.size(); ++i) {
      out << (i ? "," : "") << "{\"lemma\":" << Quote(s.top_predicates[i].lemma)
          << ",\"statements\":" << s.top_predicates[i].statements << "}";
    }
    out << "]}\n";
    return 0;
  }
  out << "store        " << db.path() << " (schema version " << s.schema_version << ")\n"
      << "documents    " << s.documents << "\n"
      << "nodes        " << s.nodes << " (" << s.entities << " entities, " << s.literals
      << " literals, " << s.aliases << " aliases)\n"
      << "statements   " << s.statements << "\n"
      << "evidence     " << s.evidence << "\n";
  if (!s.top_predicates.empty()) {
    out << "top predicates:\n";
    for (const PredicateCount& p : s.top_predicates) {
      out << "  " << std::left << std::setw(24) << p.lemma << " " << p.statements << "\n";
    }
  }
  return 0;
}

void PrintLines(const std::vector<StatementLine>& lines, uint64_t total, bool out_dir,
                const std::string& self, std::ostream& out) {
  out << (out_dir ? "statements out" : "statements in") << " (" << total << "):\n";
  for (const StatementLine& l : lines) {
    out << "  ";
    if (out_dir) {
      out << "-[" << l.predicate << "]-> " << l.other.name;
    } else {
      out << l.other.name << " -[" << l.predicate << "]-> " << self;
    }
    out << "  (support " << l.support << ", outlets " << l.outlets << ", confidence "
        << std::setprecision(2) << std::fixed << l.confidence << ")"
        << DescribeQualifiers(l.qualifiers) << "\n";
    out.unsetf(std::ios::fixed);
  }
  if (lines.size() < total) out << "  … " << (total - lines.size()) << " more\n";
}

int CmdShow(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  Result<EntityCard> card =
      db.Describe(inv.positional[0], NumberOption(inv, "--limit", 20, 1, 1000000));
  if (!card.ok()) return Fail(card.status(), err);
  const Node& n = card->node;
  out << n.name << "  (" << n.type << ", " << n.id << ")\n";
  if (!n.aliases.empty()) {
    std::vector<Alias> aliases = n.aliases;
    std::stable_sort(aliases.begin(), aliases.end(),
                     [](const Alias& a, const Alias& b) { return a.count > b.count; });
    out << "aliases: ";
    for (size_t i = 0; i < aliases.size(); ++i) {
      out << (i ? ", " : "") << aliases[i].text << " (" << aliases[i].count << ")";
    }
    out << "\n";
  }
  PrintLines(card->out, card->out_count, true, n.name, out);
  PrintLines(card->in, card->in_count, false, n.name, out);
  if (!card->also_matching.empty()) {
    out << "also matching '" << inv.positional[0] << "':";
    for (const Node& o : card->also_matching) out << " " << o.name << " (" << o.id << ")";
    out << "\n";
  }
  return 0;
}

int CmdDoc(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  Result<Document> doc = db.GetDocument(inv.positional[0]);
  if (!doc.ok()) return Fail(doc.status(), err);
  const Document& d = *doc;
  out << "id           " << d.id << "\n";
  if (!d.title.empty()) out << "title        " << d.title << "\n";
  if (!d.source.empty()) out << "source       " << d.source << "\n";
  if (!d.url.empty()) out << "url          " << d.url << "\n";
  if (!d.published.empty()) out << "published    " << d.published << "\n";
  if (!d.path.empty()) out << "path         " << d.path << "\n";
  out << "ingested at  " << d.ingested_at << "\n";
  if (!inv.options.count("--no-text")) {
    out << "\n"
        << (d.text.empty() ? "(no text: known only from imported evidence)" : d.text) << "\n";
  }
  return 0;
}

int CmdDocs(Database& db, std::ostream& out, std::ostream& err) {
  Result<std::vector<Document>> docs = db.ListDocuments();
  if (!docs.ok()) return Fail(docs.status(), err);
  for (const Document& d : *docs) {
    out << d.id << "\t" << d.source << "\t" << d.published << "\t" << d.title << "\n";
  }
  return 0;
}

int CmdRmDoc(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  RemoveReport report;
  Status s = db.RemoveDocument(inv.positional[0], &report);
  if (!s.ok()) return Fail(s, err);
  out << "removed document " << inv.positional[0] << ": " << report.evidence_removed
      << " evidence retracted, " << report.statements_removed << " statements and "
      << report.nodes_removed << " nodes left without support removed\n";
  return 0;
}

QuerySettings ReadQuerySettings(const Invocation& inv) {
  QuerySettings settings;
  if (auto it = inv.options.find("--format"); it != inv.options.end()) {
    if (!ParseOutputFormat(it->second, &settings.format)) {
      throw UsageError{"--format must be table, csv, json or jsonl, not '" + it->second + "'"};
    }
  }
  settings.options.max_rows =
      NumberOption(inv, "--max-rows", settings.options.max_rows, 1, UINT64_MAX);
  settings.options.timeout_ms = static_cast<uint32_t>(
      NumberOption(inv, "--timeout", settings.options.timeout_ms, 0, UINT32_MAX));
  settings.options.partial_results = inv.options.count("--partial") > 0;
  return settings;
}

int CmdQuery(Database& db, const Invocation& inv, std::istream& in, std::ostream& out,
             std::ostream& err) {
  const QuerySettings settings = ReadQuerySettings(inv);
  auto file = inv.options.find("--file");
  if (file == inv.options.end() && inv.positional[0] == "-") {
    return RunScript(db, settings, in, "<stdin>", out, err);
  }
  if (file == inv.options.end()) {
    std::istringstream text(inv.positional[0]);
    return RunScript(db, settings, text, "<statements>", out, err);
  }
  if (file->second == "-") return RunScript(db, settings, in, "<stdin>", out, err);
  std::ifstream script(file->second, std::ios::binary);
  if (!script) return Fail(Status::IOError("cannot read '" + file->second + "'"), err);
  return RunScript(db, settings, script, file->second, out, err);
}

int CmdShell(Database& db, const Invocation& inv, std::istream& in, std::ostream& out,
             std::ostream& err) {
  const QuerySettings settings = ReadQuerySettings(inv);
  if (&in != &std::cin || ::isatty(0) != 1) {
    return RunScript(db, settings, in, "<stdin>", out, err);
  }
  std::string history;
  if (const char* env = std::getenv("KG_HISTORY")) {
    history = env;  // empty: no history file
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home) {
    history = std::string(home) + "/.kg_history";
  }
  return RunInteractiveShell(db, settings, history, out, err);
}

int CmdCheck(Database& db, std::ostream& out, std::ostream& err) {
  Result<CheckReport> report = db.Check();
  if (!report.ok()) return Fail(report.status(), err);
  out << "checked " << report->statements << " statements, " << report->evidence << " evidence, "
      << report->index_entries << " index entries: ";
  if (report->problems.empty()) {
    out << "consistent\n";
    return 0;
  }
  out << report->problems.size() << " problems\n";
  for (const std::string& p : report->problems) out << "  " << p << "\n";
  return 2;
}

void PrintCuration(const CurationReport& r, std::ostream& out) {
  for (const std::string& note : r.notes) out << note << "\n";
  out << "moved " << r.statements_moved << " statements, " << r.evidence_moved
      << " pieces of evidence, " << r.aliases_moved << " alias uses";
  if (!r.node.empty()) out << "; result: " << r.node;
  if (!r.log_ids.empty()) {
    out << "; merge log";
    for (uint64_t id : r.log_ids) out << " #" << id;
  }
  out << "\n";
}

std::string Reason(const Invocation& inv) {
  auto it = inv.options.find("--reason");
  return it == inv.options.end() ? "" : it->second;
}

int CmdMerge(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  CurationReport r;
  Status s = db.MergeNodes(inv.positional[0], inv.positional[1], Reason(inv), &r);
  if (!s.ok()) return Fail(s, err);
  PrintCuration(r, out);
  return 0;
}

int CmdSplit(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  CurationReport r;
  Status s = db.SplitNode(inv.positional[0], {inv.positional.begin() + 1, inv.positional.end()},
                          Reason(inv), &r);
  if (!s.ok()) return Fail(s, err);
  PrintCuration(r, out);
  return 0;
}

int CmdAliases(Database& db, const Invocation& inv, std::istream& in, std::ostream& out,
               std::ostream& err) {
  if (inv.positional.empty()) {
    Result<std::string> rules = db.GetAliasRules();
    if (!rules.ok()) return Fail(rules.status(), err);
    out << *rules;
    return 0;
  }
  const std::string& file = inv.positional[0];
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::ifstream f(file, std::ios::binary);
    if (!f) {
      err << "kg: cannot read '" << file << "'\n";
      return 1;
    }
    text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  CurationReport r;
  Status s = db.LoadAliasRules(text, file == "-" ? "<stdin>" : file, &r);
  if (!s.ok()) return Fail(s, err);
  PrintCuration(r, out);
  return 0;
}

int CmdMerges(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  Result<std::vector<MergeLogEntry>> log = db.ListMerges();
  if (!log.ok()) return Fail(log.status(), err);
  const bool json = inv.options.count("--json") > 0;
  for (const MergeLogEntry& e : *log) {
    if (json) {
      out << "{\"id\":" << e.id << ",\"time\":" << Quote(e.time) << ",\"kind\":" << Quote(e.kind)
          << ",\"node\":" << Quote(e.node) << ",\"other\":" << Quote(e.other)
          << ",\"alias\":" << Quote(e.alias) << ",\"document\":" << Quote(e.document)
          << ",\"reason\":" << Quote(e.reason) << ",\"undone\":" << (e.undone ? "true" : "false")
          << ",\"undoes\":" << e.undoes << "}\n";
      continue;
    }
    out << e.id << "\t" << e.time << "\t" << e.kind << (e.undone ? " (undone)" : "") << "\t"
        << e.node << "\t" << e.other << "\t" << e.alias << "\t" << e.document << "\t" << e.reason
        << "\n";
  }
  return 0;
}

int CmdUnmerge(Database& db, const Invocation& inv, std::ostream& out, std::ostream& err) {
  const std::string& arg = inv.positional[0];
  char* end = nullptr;
  const unsigned long long id = std::strtoull(arg.c_str(), &end, 10);
  if (arg.empty() || *end != '\0' || id == 0) {
    throw UsageError{"'kg unmerge' needs a merge-log id (a number from 'kg merges')"};
  }
  CurationReport r;
  Status s = db.Unmerge(id, &r);
  if (!s.ok()) return Fail(s, err);
  PrintCuration(r, out);
  return 0;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& c : kCommands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace

int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
  try {
    if (!args.empty() && args[0] == "extract") {  // needs no store; parses its own options
      return RunExtract({args.begin() + 1, args.end()}, in, out, err);
    }
    Invocation inv = Parse(args);
    // `kg` alone in a terminal is the shell.
    if (inv.command.empty() && !inv.help && !inv.version && &in == &std::cin && ::isatty(0) == 1) {
      inv.command = "shell";
    }
    if (inv.version) {
      out << kVersion << "\n";
      return 0;
    }
    if (inv.command.empty() || inv.command == "help") {
      if (inv.command == "help" && !inv.positional.empty()) {
        if (const Command* c = FindCommand(inv.positional[0])) {
          PrintCommandHelp(*c, out);
          return 0;
        }
      }
      if (inv.command.empty() && !inv.help) {
        PrintUsage(err);
        return 1;
      }
      PrintUsage(out);
      return 0;
    }
    const Command* cmd = FindCommand(inv.command);
    if (cmd == nullptr) throw UsageError{"unknown command '" + inv.command + "'"};
    if (inv.help) {
      PrintCommandHelp(*cmd, out);
      return 0;
    }
    const std::string c = inv.command;
    if (c == "ingest") {
      CheckOptions(inv, {"--models", "--jobs", "--extractor", "--explain-clean"});
      if (inv.positional.empty()) throw UsageError{"'kg ingest' needs a file, folder or -"};
    } else if (c == "import") {
      CheckOptions(inv, {"--skip-bad-lines", "--chunk", "--run-mb"});
      CheckPositional(inv, 1, "a file (or - for standard input)");
    } else if (c == "export") {
      CheckOptions(inv, {"--format", "--output", "--center", "--depth"});
      CheckPositional(inv, 0, "");
    } else if (c == "stats") {
      CheckOptions(inv, {"--top", "--json"});
      CheckPositional(inv, 0, "");
    } else if (c == "show") {
      CheckOptions(inv, {"--limit"});
      CheckPositional(inv, 1, "an entity name or id");
    } else if (c == "doc") {
      CheckOptions(inv, {"--no-text"});
      CheckPositional(inv, 1, "a document id");
    } else if (c == "query") {
      CheckOptions(inv, {"--file", "--format", "--max-rows", "--timeout", "--partial"});
      if (inv.options.count("--file")) {
        CheckPositional(inv, 0, "");
      } else {
        CheckPositional(inv, 1, "statements (or -f FILE)");
      }
    } else if (c == "shell") {
      CheckOptions(inv, {"--format", "--max-rows", "--timeout", "--partial"});
      CheckPositional(inv, 0, "");
    } else if (c == "rm-doc") {
      CheckOptions(inv, {});
      CheckPositional(inv, 1, "a document id");
    } else if (c == "merge") {
      CheckOptions(inv, {"--reason"});
      CheckPositional(inv, 2, "two entities: INTO FROM");
    } else if (c == "split") {
      CheckOptions(inv, {"--reason"});
      if (inv.positional.size() < 2) throw UsageError{"'kg split' needs NODE and an ALIAS"};
    } else if (c == "aliases") {
      CheckOptions(inv, {});
      if (inv.positional.size() > 1) {
        throw UsageError{"unexpected argument '" + inv.positional[1] + "' for 'kg aliases'"};
      }
    } else if (c == "merges") {
      CheckOptions(inv, {"--json"});
      CheckPositional(inv, 0, "");
    } else if (c == "unmerge") {
      CheckOptions(inv, {});
      CheckPositional(inv, 1, "a merge-log id");
    } else {
      CheckOptions(inv, {});
      CheckPositional(inv, 0, "");
    }

    std::string path = inv.db;
    if (path.empty()) {
      const char* env = std::getenv("KG_DB");
      path = env != nullptr && *env ? env : "kgraph.db";
    }
    const bool writes = c == "import" || c == "ingest" || c == "rm-doc" || c == "merge" ||
                        c == "split" || c == "unmerge" ||
                        (c == "aliases" && !inv.positional.empty());
    Options options;
    // Readers open without the write lock so they work while another process writes.
    options.read_only = inv.read_only || !writes;
    options.create_if_missing = c == "import" || c == "ingest";
    options.load_graph = c == "show" || (c == "export" && inv.options.count("--center")) ||
                         c == "check" || c == "query" || c == "shell";
    if (writes && inv.read_only) throw UsageError{"'kg " + c + "' writes; drop --read-only"};
    Result<std::unique_ptr<Database>> db = Database::Open(path, options);
    if (!db.ok()) {
      if (db.status().code() == Status::Code::kNotFound) {
        err << "kg: " << db.status().ToString()
            << " (give --db PATH, set KG_DB, or create one with 'kg import')\n";
        return 1;
      }
      return Fail(db.status(), err);
    }
    Database& d = **db;
    if (c == "ingest") {
      IngestArgs ingest;
      ingest.paths = inv.positional;
      if (inv.options.count("--models")) ingest.models = inv.options.at("--models");
      if (inv.options.count("--extractor")) ingest.extractor = inv.options.at("--extractor");
      ingest.jobs = static_cast<uint32_t>(NumberOption(inv, "--jobs", 1, 1, 256));
      ingest.explain_clean = inv.options.count("--explain-clean") > 0;
      return RunIngest(d, ingest, in, out, err);
    }
    if (c == "import") return CmdImport(d, inv, in, out, err);
    if (c == "export") return CmdExport(d, inv, out, err);
    if (c == "stats") return CmdStats(d, inv, out, err);
    if (c == "show") return CmdShow(d, inv, out, err);
    if (c == "doc") return CmdDoc(d, inv, out, err);
    if (c == "docs") return CmdDocs(d, out, err);
    if (c == "rm-doc") return CmdRmDoc(d, inv, out, err);
    if (c == "check") return CmdCheck(d, out, err);
    if (c == "merge") return CmdMerge(d, inv, out, err);
    if (c == "split") return CmdSplit(d, inv, out, err);
    if (c == "aliases") return CmdAliases(d, inv, in, out, err);
    if (c == "merges") return CmdMerges(d, inv, out, err);
    if (c == "unmerge") return CmdUnmerge(d, inv, out, err);
    if (c == "query") return CmdQuery(d, inv, in, out, err);
    if (c == "shell") return CmdShell(d, inv, in, out, err);
    err << "kg: internal error: command '" << c << "' has no handler\n";
    return 2;
  } catch (const UsageError& e) {
    err << "kg: " << e.message << "\nRun 'kg --help' for usage.\n";
    return 1;
  } catch (const std::exception& e) {
    err << "kg: internal error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace kg::cli
