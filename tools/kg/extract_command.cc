#include "tools/kg/extract_command.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "kg/extract.h"
#include "kg/nlp.h"
#include "kg/text.h"

#ifndef KG_DEFAULT_MODELS_DIR
#define KG_DEFAULT_MODELS_DIR "models"
#endif

namespace kg::cli {

namespace {

constexpr const char* kHelp =
    "Usage: kg extract [--format carb|jsonl] [--models DIR] [--date YYYY-MM-DD]\n"
    "                  [--extractor NAME] [FILE|-]\n"
    "Segments, analyses and extracts statements from each line of FILE (standard input when\n"
    "FILE is '-' or missing), one line = one sentence (or a few), and prints them:\n"
    "  --format carb    TAB-separated: sentence, confidence, relation, arg1, arg2, ... (the\n"
    "                   CaRB scorer's tabbed format; the sentence column is the input line;\n"
    "                   binary \"svo/obl\" views of an n-ary tuple are left out)\n"
    "  --format jsonl   one JSON object per statement (default)\n"
    "  --format conllu  the analysis the extractor sees (CoNLL-U), no statements\n"
    "  --models DIR     the tagger/lemmatizer/parser models (default: $KG_MODELS, else the\n"
    "                   models/ directory this kg was built from)\n"
    "  --date DATE      the document date relative times resolve against (default: none)\n"
    "  --extractor NAME the extraction component (default: clause)\n"
    "Empty lines are skipped. A line that cannot be analysed is reported with its number and\n"
    "the rest still run; the exit code is then 1.\n";

// One-line cell for the tabbed format: tabs and newlines would break the columns.
std::string Cell(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

nlohmann::json NodeJson(const Node& n) {
  return {{"name", n.name}, {"type", n.type}};
}

nlohmann::json StatementJson(const Extraction& e, size_t line) {
  const Statement& s = e.statement;
  nlohmann::json q = nlohmann::json::object();
  if (!s.qualifiers.time.empty()) q["time"] = s.qualifiers.time;
  if (s.qualifiers.location) q["location"] = {{"name", s.qualifiers.location->name}};
  if (s.qualifiers.quantity) {
    q["quantity"] = {{"value", s.qualifiers.quantity->value},
                     {"comparator", s.qualifiers.quantity->comparator},
                     {"unit", s.qualifiers.quantity->unit}};
  }
  if (s.qualifiers.negated) q["negated"] = true;
  if (!s.qualifiers.modality.empty()) q["modality"] = s.qualifiers.modality;
  if (s.qualifiers.attributed_to) {
    q["attributed_to"] = {{"name", s.qualifiers.attributed_to->name}};
  }
  const Evidence& ev = s.evidence.front();
  return {{"line", line},
          {"subject", NodeJson(s.subject)},
          {"predicate", {{"lemma", s.predicate.lemma}, {"text", s.predicate.text}}},
          {"object", NodeJson(s.object)},
          {"qualifiers", q},
          {"confidence", s.confidence},
          {"rule", ev.rule},
          {"sentence", ev.sentence},
          {"begin", ev.begin},
          {"end", ev.end},
          {"relation", e.relation},
          {"arguments", e.arguments}};
}

}  // namespace

int RunExtract(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err) {
  std::string format = "jsonl";
  std::string models;
  std::string date;
  std::string extractor_name = "clause";
  std::string file;
  bool have_file = false;
  const auto usage = [&err](const std::string& msg) {
    err << "kg: " << msg << "\nRun 'kg extract --help' for usage.\n";
    return 1;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::string value;
    bool inline_value = false;
    if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
      value = a.substr(a.find('=') + 1);
      a = a.substr(0, a.find('='));
      inline_value = true;
    }
    if (a == "--help" || a == "-h") {
      out << kHelp;
      return 0;
    }
    if (a == "--format" || a == "--models" || a == "--date" || a == "--extractor") {
      if (!inline_value) {
        if (i + 1 >= args.size()) return usage("option " + a + " needs a value");
        value = args[++i];
      }
      if (a == "--format") format = value;
      if (a == "--models") models = value;
      if (a == "--date") date = value;
      if (a == "--extractor") extractor_name = value;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option " + a + " for 'kg extract'");
    } else if (have_file) {
      return usage("unexpected argument '" + a + "' for 'kg extract'");
    } else {
      file = a;
      have_file = true;
    }
  }
  if (format != "carb" && format != "jsonl" && format != "conllu") {
    return usage("--format must be carb, jsonl or conllu, not '" + format + "'");
  }
  if (!date.empty() && !(date.size() == 10 && date[4] == '-' && date[7] == '-')) {
    return usage("--date expects YYYY-MM-DD, not '" + date + "'");
  }
  if (models.empty()) {
    const char* env = std::getenv("KG_MODELS");
    models = env != nullptr && *env ? env : KG_DEFAULT_MODELS_DIR;
  }
  auto extractor = MakeStatementExtractor(extractor_name);
  if (!extractor.ok()) return usage(extractor.status().message());
  std::ifstream file_stream;
  std::istream* input = &in;
  if (have_file && file != "-") {
    file_stream.open(file, std::ios::binary);
    if (!file_stream) {
      err << "kg: cannot read " << file << "\n";
      return 1;
    }
    input = &file_stream;
  }
  auto analyzer = Analyzer::Load(models);
  if (!analyzer.ok()) {
    err << "kg: loading models from " << models << ": " << analyzer.status().ToString()
        << " (give --models DIR or set KG_MODELS)\n";
    return analyzer.status().IsUserError() ? 1 : 2;
  }
  const std::string what = have_file && file != "-" ? file : "<stdin>";
  std::string line;
  size_t line_no = 0;
  size_t failures = 0;
  std::vector<Extraction> found;
  while (std::getline(*input, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto sentences = (*analyzer)->AnalyzeText(line);
    if (!sentences.ok()) {
      err << "kg: " << what << ":" << line_no << ": " << sentences.status().message() << "\n";
      ++failures;
      continue;
    }
    const std::vector<uint32_t> cp = CodePointOffsets(line);
    found.clear();
    for (const std::vector<AnalyzedToken>& tokens : *sentences) {
      if (tokens.empty()) continue;
      if (format == "conllu") {
        out << "# text = " << line.substr(tokens.front().begin,
                                          tokens.back().end - tokens.front().begin)
            << "\n";
        for (size_t i = 0; i < tokens.size(); ++i) {
          const AnalyzedToken& t = tokens[i];
          out << i + 1 << "\t" << t.form << "\t" << t.lemma << "\t" << t.upos << "\t" << t.xpos
              << "\t_\t" << t.head << "\t" << t.deprel << "\t_\t_\n";
        }
        out << "\n";
        continue;
      }
      SentenceContext context;
      context.doc = what + ":" + std::to_string(line_no);
      context.published = date;
      context.path = have_file ? file : "";
      const uint32_t b = tokens.front().begin;
      const uint32_t e = tokens.back().end;
      context.sentence = line.substr(b, e - b);
      context.begin = cp[b];
      context.end = cp[e];
      Status s = (*extractor)->Process(tokens, context, &found);
      if (!s.ok()) {
        err << "kg: " << what << ":" << line_no << ": " << s.message() << "\n";
        ++failures;
      }
    }
    for (const Extraction& e : found) {
      if (format == "jsonl") {
        out << StatementJson(e, line_no).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace)
            << "\n";
      } else {
        // A "svo/obl" statement is a binary view of an n-ary tuple the clause already gave.
        if (e.arguments.empty() || e.relation.empty() ||
            e.statement.evidence.front().rule == "svo/obl") {
          continue;
        }
        out << Cell(line) << "\t" << e.statement.confidence << "\t" << Cell(e.relation);
        for (const std::string& a : e.arguments) out << "\t" << Cell(a);
        out << "\n";
      }
    }
  }
  if (input->bad()) {
    err << "kg: error reading " << what << "\n";
    return 1;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace kg::cli
