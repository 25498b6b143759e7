// `kg ingest`: read text files, folders or JSON Lines documents and store their statements.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "kg/database.h"

namespace kg::cli {

// One line of help for the command table, and the options.
inline constexpr const char* kIngestSummary =
    "read articles (text files, folders, JSON Lines, - for stdin) and store their statements";
inline constexpr const char* kIngestHelp =
    "  --models DIR      the tagger/lemmatizer/parser models (default: $KG_MODELS, else the\n"
    "                    models/ directory this kg was built from)\n"
    "  --extractor NAME  the extraction component (default: clause)\n"
    "  --jobs N          threads analysing documents; one writer stores them in input order\n"
    "                    (default 1)\n"
    "  --explain-clean   list, per document, the page chrome the cleaner removed and why\n"
    "Folders are read recursively (*.txt, *.jsonl, *.ndjson). Standard input ('-') is one\n"
    "plain-text article. Each document is stored in one atomic write; a document the store\n"
    "already holds is left as it is. A file or document that cannot be read or stored is\n"
    "reported and the others still go in; the exit code is then 1.\n";

struct IngestArgs {
  std::vector<std::string> paths;  // files, folders, or "-"
  std::string models;              // "" = $KG_MODELS or the built-in models/ directory
  std::string extractor = "clause";
  uint32_t jobs = 1;
  bool explain_clean = false;
};

// Runs `kg ingest` on an open, writable store. Prints the summary on `out`, problems with
// single files and documents on `err`. Returns 0 ok, 1 when some input failed or a user error,
// 2 internal error.
int RunIngest(Database& db, const IngestArgs& args, std::istream& in, std::ostream& out,
              std::ostream& err);

}  // namespace kg::cli
