#include "tools/kg/shell.h"

#include <clocale>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tools/kg/completion.h"
#include "tools/kg/interrupt.h"
#include "tools/kg/line_editor.h"

namespace kg::cli {

namespace {

struct Session {
  Database& db;
  QuerySettings settings;
  std::ostream& out;
  std::ostream& err;
  bool interactive = false;
  bool quit = false;
  std::optional<std::vector<std::string>> types;  // node types for completion, read once
};

using CommandFn = Status (*)(Session& s, const std::string& arg);

// A shell command. `:help` and completion are generated from kShellCommands below.
struct ShellCommand {
  const char* name;
  const char* args;     // how the argument is written in :help ("" for none)
  const char* summary;  // one line for :help
  const char* choices;  // argument values to complete, space-separated ("" for none)
  bool takes_name;      // the argument is an entity name (completed from the store)
  CommandFn run;
};

Status Help(Session& s, const std::string& arg);
Status Mode(Session& s, const std::string& arg);
Status Timing(Session& s, const std::string& arg);
Status ShowStats(Session& s, const std::string& arg);
Status Find(Session& s, const std::string& arg);
Status ShowSchema(Session& s, const std::string& arg);
Status Quit(Session& s, const std::string& arg);

const ShellCommand kShellCommands[] = {
    {":help", "", "this list", "", false, Help},
    {":mode", "table|csv|json|jsonl", "how results are printed (no argument: the current mode)",
     "table csv json jsonl", false, Mode},
    {":timing", "[on|off]", "print parse, plan and execute times after each statement",
     "on off", false, Timing},
    {":stats", "", "counts of documents, nodes, statements and evidence", "", false, ShowStats},
    {":find", "NAME", "entities whose name or alias is NAME (case and accents ignored)", "",
     true, Find},
    {":schema", "", "entity types and relation names with their counts", "", false, ShowSchema},
    {":quit", "", "leave the shell (Ctrl-D does too)", "", false, Quit},
};

const char* FormatName(OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable:
      return "table";
    case OutputFormat::kCsv:
      return "csv";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kJsonLines:
      return "jsonl";
  }
  return "table";
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// True when `text` holds anything besides white space and `--` comments.
bool HasCode(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    return true;
  }
  return false;
}

std::string Micros(uint64_t us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", us / 1000.0);
  return buf;
}

void Print(Session& s, const QueryResult& r) {
  WriteQueryResult(r, s.settings.format, s.out);
  const bool table = s.settings.format == OutputFormat::kTable;
  if (r.partial && !table) {
    // The data formats carry no footer; say it where it does not mix with the data.
    s.err << "kg: partial result"
          << (r.partial_reason.empty() ? "" : ": " + r.partial_reason) << "\n";
  }
  if (!r.message.empty() && (s.settings.format == OutputFormat::kCsv ||
                             s.settings.format == OutputFormat::kJsonLines)) {
    s.err << r.message << (r.message.back() == '\n' ? "" : "\n");
  }
  if (s.settings.timing) {
    std::ostream& to = s.interactive ? s.out : s.err;
    to << "time: parse " << Micros(r.timings.parse_us) << ", plan " << Micros(r.timings.plan_us)
       << ", execute " << Micros(r.timings.execute_us) << "\n";
  }
  if (s.interactive && table) s.out << "\n";
  s.out.flush();
}

// Runs the statements of `text`, handing each result to `sink` (by default: printing it).
// The cancel flag is cleared at the prompt (and when a script starts), not here: a Ctrl-C
// typed after Enter, before the statement starts, still cancels it.
Status RunStatements(Session& s, const std::string& text,
                     const std::function<bool(const QueryResult&)>& sink = nullptr) {
  QueryOptions options = s.settings.options;
  options.cancel = &CancelFlag();
  return s.db.QueryScript(text, options, sink ? sink : [&](const QueryResult& r) {
    Print(s, r);
    return true;
  });
}

// The error of a script's statements `text`, which start at `line`:`column` of the script,
// located in the script: the engine locates errors (and quotes the line) within the text it
// is given. Runs the text again moved to its place with blank lines and spaces, its results
// dropped: the error ends the script, so this costs one more run of the last chunk, where
// moving every chunk would cost time in the size of the script for each statement.
Status LocateInScript(Session& s, const std::string& text, const Status& error, uint32_t line,
                      uint32_t column) {
  if (error.line() == 0 || (line == 1 && column == 1)) return error;
  std::string placed(line - 1, '\n');
  placed.append(column - 1, ' ');
  placed += text;
  const Status again = RunStatements(s, placed, [](const QueryResult&) { return true; });
  if (again.code() == error.code() && again.line() > 0) return again;
  // Not the same error (a limit met earlier, say): keep the first, with the location moved.
  return error.WithLocation(line + error.line() - 1,
                            error.line() == 1 ? column + error.column() - 1 : error.column());
}

Status RunCommand(Session& s, const std::string& line) {
  const std::string text = Trim(line);
  const size_t space = text.find_first_of(" \t");
  const std::string name = text.substr(0, space);
  const std::string arg = space == std::string::npos ? "" : Trim(text.substr(space));
  for (const ShellCommand& c : kShellCommands) {
    if (name == c.name) return c.run(s, arg);
  }
  return Status::InvalidArgument("unknown shell command '" + name + "' (:help lists them)");
}

Status NoArgument(const std::string& command, const std::string& arg) {
  if (arg.empty()) return Status::OK();
  return Status::InvalidArgument(command + " takes no argument");
}

Status Help(Session& s, const std::string& arg) {
  KG_RETURN_IF_ERROR(NoArgument(":help", arg));
  s.out << "KGQL statements end with ';' and may span several lines, e.g.\n"
           "  MATCH (a)-[r:meet]-(b) RETURN a, b, support(r) ORDER BY support(r) DESC;\n"
           "Tab completes keywords, relation names (after ':' in [ ]) and entity names (in\n"
           "double quotes). Ctrl-C cancels the running statement or clears the line.\n\n"
           "Shell commands:\n";
  size_t width = 0;
  for (const ShellCommand& c : kShellCommands) {
    width = std::max(width, std::strlen(c.name) + (*c.args ? 1 + std::strlen(c.args) : 0));
  }
  for (const ShellCommand& c : kShellCommands) {
    std::string head = std::string(c.name) + (*c.args ? " " : "") + c.args;
    s.out << "  " << head << std::string(width + 2 - head.size(), ' ') << c.summary << "\n";
  }
  s.out << "\nThe language: docs/query-language.md.\n";
  return Status::OK();
}

Status Mode(Session& s, const std::string& arg) {
  if (arg.empty()) {
    s.out << "mode " << FormatName(s.settings.format) << "\n";
    return Status::OK();
  }
  if (!ParseOutputFormat(arg, &s.settings.format)) {
    return Status::InvalidArgument("unknown mode '" + arg + "': use table, csv, json or jsonl");
  }
  if (s.interactive) s.out << "mode " << FormatName(s.settings.format) << "\n";
  return Status::OK();
}

Status Timing(Session& s, const std::string& arg) {
  if (arg.empty()) {
    s.settings.timing = !s.settings.timing;
  } else if (arg == "on" || arg == "off") {
    s.settings.timing = arg == "on";
  } else {
    return Status::InvalidArgument(":timing takes on or off, not '" + arg + "'");
  }
  if (s.interactive) s.out << "timing " << (s.settings.timing ? "on" : "off") << "\n";
  return Status::OK();
}

Value Count(uint64_t n) { return Value::Int(static_cast<int64_t>(n)); }

Status ShowStats(Session& s, const std::string& arg) {
  KG_RETURN_IF_ERROR(NoArgument(":stats", arg));
  Result<Stats> stats = s.db.GetStats(0);
  if (!stats.ok()) return stats.status();
  QueryResult r;
  r.columns = {"figure", "value"};
  auto add = [&](const char* name, Value v) { r.rows.push_back({Value::String(name), v}); };
  add("documents", Count(stats->documents));
  add("entities", Count(stats->entities));
  add("literals", Count(stats->literals));
  add("aliases", Count(stats->aliases));
  add("statements", Count(stats->statements));
  add("evidence", Count(stats->evidence));
  if (stats->graph_loaded) {
    add("graph vertices", Count(stats->graph_vertices));
    add("graph edges", Count(stats->graph_edges));
    add("graph bytes", Count(stats->graph_bytes));
  }
  Print(s, r);
  return Status::OK();
}

Status Find(Session& s, const std::string& arg) {
  if (arg.empty()) return Status::InvalidArgument(":find needs a name");
  Result<std::vector<Node>> nodes = s.db.FindNodes(arg);
  if (!nodes.ok()) return nodes.status();
  if (nodes->empty()) {
    // Describe names near matches in its NotFound.
    Result<EntityCard> card = s.db.Describe(arg, 1);
    return card.ok() ? Status::NotFound("no entity named '" + arg + "'") : card.status();
  }
  QueryResult r;
  r.columns = {"id", "name", "type", "aliases"};
  for (const Node& n : *nodes) {
    std::vector<Value> aliases;
    for (const Alias& a : n.aliases) aliases.push_back(Value::String(a.text));
    r.rows.push_back({Value::String(n.id), Value::String(n.name), Value::String(n.type),
                      Value::List(std::move(aliases))});
  }
  Print(s, r);
  return Status::OK();
}

Status ShowSchema(Session& s, const std::string& arg) {
  KG_RETURN_IF_ERROR(NoArgument(":schema", arg));
  Result<Schema> schema = s.db.GetSchema();
  if (!schema.ok()) return schema.status();
  QueryResult types;
  types.columns = {"type", "kind", "nodes"};
  for (const TypeCount& t : schema->entity_types) {
    types.rows.push_back({Value::String(t.type), Value::String("entity"), Count(t.count)});
  }
  for (const TypeCount& t : schema->literal_types) {
    types.rows.push_back({Value::String(t.type), Value::String("literal"), Count(t.count)});
  }
  Print(s, types);
  QueryResult relations;
  relations.columns = {"relation", "statements"};
  for (const PredicateCount& p : schema->predicates) {
    relations.rows.push_back({Value::String(p.lemma), Count(p.statements)});
  }
  Print(s, relations);
  return Status::OK();
}

Status Quit(Session& s, const std::string& arg) {
  KG_RETURN_IF_ERROR(NoArgument(":quit", arg));
  s.quit = true;
  return Status::OK();
}

std::vector<ShellCommandInfo> CommandInfos() {
  std::vector<ShellCommandInfo> infos;
  for (const ShellCommand& c : kShellCommands) {
    ShellCommandInfo info;
    info.name = c.name;
    std::istringstream choices(c.choices);
    for (std::string w; choices >> w;) info.choices.push_back(w);
    info.takes_name = c.takes_name;
    infos.push_back(std::move(info));
  }
  return infos;
}

const std::vector<std::string>& NodeTypes(Session& s) {
  if (!s.types) {
    s.types.emplace();
    Result<Schema> schema = s.db.GetSchema();
    if (schema.ok()) {
      for (const TypeCount& t : schema->entity_types) s.types->push_back(t.type);
      for (const TypeCount& t : schema->literal_types) s.types->push_back(t.type);
    }
  }
  return *s.types;
}

// Moves (line, column) past `text`: columns count code points, as Status locations do.
void Advance(std::string_view text, uint32_t* line, uint32_t* column) {
  for (char c : text) {
    if (c == '\n') {
      ++*line;
      *column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++*column;
    }
  }
}

int ExitCode(const Status& s) { return s.IsUserError() ? 1 : 2; }

// Libedit decodes and encodes UTF-8 through the C library's locale.
void UseUtf8Locale() {
  const char* set = std::setlocale(LC_CTYPE, "");
  if (set == nullptr || (std::strstr(set, "UTF-8") == nullptr &&
                         std::strstr(set, "utf8") == nullptr)) {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
}

}  // namespace

bool ParseOutputFormat(const std::string& name, OutputFormat* format) {
  for (OutputFormat f : {OutputFormat::kTable, OutputFormat::kCsv, OutputFormat::kJson,
                         OutputFormat::kJsonLines}) {
    if (name == FormatName(f)) {
      *format = f;
      return true;
    }
  }
  return false;
}

int RunScript(Database& db, QuerySettings settings, std::istream& in, const std::string& source,
              std::ostream& out, std::ostream& err) {
  InstallInterruptHandler();
  ResetInterrupts();
  Session s{db, settings, out, err, false, false, std::nullopt};
  std::string pending;
  uint32_t pending_line = 1, pending_column = 1;  // where `pending` starts in the input
  uint32_t line_no = 0;
  auto fail = [&](const Status& st, uint32_t line, uint32_t column) {
    out.flush();
    err << "kg: " << source << ":" << line << ":" << column << ": " << st.ToString() << "\n";
    return ExitCode(st);
  };
  auto fail_in_pending = [&](const std::string& text, const Status& st) {
    const Status located = LocateInScript(s, text, st, pending_line, pending_column);
    if (located.line() == 0) return fail(located, pending_line, pending_column);
    return fail(located, located.line(), located.column());
  };
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!pending.empty() && !HasCode(pending)) pending.clear();
    if (pending.empty()) {
      pending_line = line_no;
      pending_column = 1;
      const std::string trimmed = Trim(line);
      if (!trimmed.empty() && trimmed[0] == ':') {
        const Status st = RunCommand(s, trimmed);
        if (!st.ok()) return fail(st, line_no, static_cast<uint32_t>(line.find(':') + 1));
        if (s.quit) return 0;
        continue;
      }
    }
    pending += line;
    pending += '\n';
    const size_t n = CompleteStatementsLength(pending);
    if (n == 0) continue;
    const std::string text = pending.substr(0, n);
    const Status st = RunStatements(s, text);
    if (!st.ok()) return fail_in_pending(text, st);
    Advance(std::string_view(pending).substr(0, n), &pending_line, &pending_column);
    pending.erase(0, n);
  }
  if (CancelFlag().load()) {
    out.flush();
    err << "kg: interrupted\n";
    return 1;
  }
  if (in.bad()) return fail(Status::IOError("cannot read " + source), line_no, 1);
  if (HasCode(pending)) {
    // The last statement may leave out its ';'.
    const Status st = RunStatements(s, pending);
    if (!st.ok()) return fail_in_pending(pending, st);
  }
  out.flush();
  return 0;
}

int RunInteractiveShell(Database& db, QuerySettings settings, const std::string& history_path,
                        std::ostream& out, std::ostream& err) {
  UseUtf8Locale();
  Session s{db, settings, out, err, false, false, std::nullopt};
  s.interactive = true;
  const std::vector<ShellCommandInfo> infos = CommandInfos();
  std::string pending;
  LineEditor editor("kg", history_path, [&](const std::string& before) {
    Completion c = Complete(db, pending + before, NodeTypes(s), infos);
    // Offsets are into pending + line; a word that began on an earlier line is not editable.
    if (c.start < pending.size()) return Completion{};
    c.start -= pending.size();
    return c;
  });
  Result<Stats> stats = db.GetStats(0);
  out << "kg shell on " << db.path();
  if (stats.ok()) out << " (" << stats->statements << " statements)";
  out << ". Statements end with ';'. :help for help, :quit or Ctrl-D to leave.\n";
  for (;;) {
    out.flush();
    err.flush();
    bool interrupted = false;
    std::optional<std::string> line = editor.ReadLine(pending.empty() ? "kg> " : "... ",
                                                      &interrupted);
    if (interrupted) {
      pending.clear();
      continue;
    }
    if (!line) {
      out << "\n";
      break;
    }
    if (!HasCode(*line) && pending.empty()) continue;
    editor.AddHistory(*line);
    const std::string trimmed = Trim(*line);
    if (pending.empty() && trimmed[0] == ':') {
      const Status st = RunCommand(s, trimmed);
      if (!st.ok()) err << st.ToString() << "\n";
      if (s.quit) break;
      continue;
    }
    pending += *line;
    pending += '\n';
    const size_t n = CompleteStatementsLength(pending);
    if (n == 0) continue;
    const std::string text = pending.substr(0, n);
    pending.erase(0, n);
    if (!HasCode(pending)) pending.clear();
    const Status st = RunStatements(s, text);
    if (!st.ok()) {
      out.flush();
      err << st.ToString() << "\n";
    }
  }
  out.flush();
  return 0;
}

}  // namespace kg::cli
