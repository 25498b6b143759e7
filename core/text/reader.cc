// The document readers behind kg::ReadDocuments and kg::ParsePlainText (include/kg/text.h).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "core/model/statement_key.h"
#include "core/text/chars.h"
#include "kg/text.h"

namespace kg {

namespace {

namespace fs = std::filesystem;

bool IsJsonLinesPath(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

// Refuses binary content: a NUL byte, or too many control characters.
Status CheckNotBinary(std::string_view bytes, double max_control_ratio) {
  size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    return Status::InvalidArgument("binary file (NUL byte at byte offset " + std::to_string(nul) +
                                   ")");
  }
  size_t controls = 0;
  size_t first = std::string_view::npos;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
      ++controls;
      if (first == std::string_view::npos) first = i;
    }
  }
  if (controls > 0 && double(controls) > max_control_ratio * double(bytes.size())) {
    return Status::InvalidArgument("binary file (" + std::to_string(controls) +
                                   " control characters, the first at byte offset " +
                                   std::to_string(first) + ")");
  }
  return Status::OK();
}

// Validates UTF-8; under kRepair replaces each bad byte with U+FFFD (in `*repaired`, which is
// left empty when nothing needed repair) and reports it; under kReject fails on the first.
// `base` is added to reported offsets (the line's position in its file).
Status CheckUtf8(std::string_view bytes, InvalidUtf8 policy, uint64_t base, const std::string& path,
                 uint64_t line, std::string* repaired, std::vector<ReadIssue>* issues) {
  repaired->clear();
  size_t bad = 0;
  size_t first_bad = 0;
  size_t copied = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    core::text::CodePoint cp = core::text::DecodeAt(bytes, i);
    const bool invalid = cp.value == 0xFFFD && cp.length == 1;
    if (!invalid) {
      i += cp.length;
      continue;
    }
    if (policy == InvalidUtf8::kReject) {
      return Status::InvalidArgument("invalid UTF-8 at byte offset " + std::to_string(base + i));
    }
    if (bad++ == 0) first_bad = i;
    repaired->append(bytes.substr(copied, i - copied));
    repaired->append("\xEF\xBF\xBD");
    ++i;
    copied = i;
  }
  if (bad > 0) {
    repaired->append(bytes.substr(copied));
    if (issues != nullptr) {
      ReadIssue issue;
      issue.path = path;
      issue.line = line;
      issue.byte_offset = base + first_bad;
      issue.message = "invalid UTF-8 at byte offset " + std::to_string(base + first_bad) +
                      " (" + std::to_string(bad) + " byte" + (bad == 1 ? "" : "s") +
                      " replaced by U+FFFD)";
      issues->push_back(std::move(issue));
    }
  }
  return Status::OK();
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

// Fills id, text and metadata of `doc` from its raw text: cleans it when asked.
void Finish(std::string_view text, const ReadOptions& options, ReadDocument* out) {
  Document& doc = out->document;
  if (options.clean) {
    CleanResult cleaned = CleanText(text, options.clean_options);
    doc.text = std::move(cleaned.text);
    out->clean = std::move(cleaned.report);
    if (doc.published.empty()) doc.published = out->clean.published;
    if (doc.source.empty()) doc.source = out->clean.source;
  } else {
    doc.text = std::string(text);
  }
  if (doc.id.empty()) doc.id = core::DocumentIdForText(doc.text);
}

// The first line is a title when it is short, has no final period and more text follows.
size_t TitleEnd(std::string_view text, std::string* title) {
  size_t b = 0;
  while (b < text.size() && (text[b] == ' ' || text[b] == '\t' || text[b] == '\n' ||
                             text[b] == '\r')) {
    ++b;
  }
  size_t eol = text.find('\n', b);
  if (eol == std::string_view::npos) return 0;
  std::string_view line = text.substr(b, eol - b);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  if (line.empty() || line.size() > 200 || line.back() == '.' || line.back() == ',' ||
      line.back() == ';' || line.find(' ') == std::string_view::npos ||
      line.find('|') != std::string_view::npos || line.find("\xC2\xA9") != std::string_view::npos ||
      line.find("\xE2\x80\xA2") != std::string_view::npos ||
      IsBlank(text.substr(eol))) {
    return 0;
  }
  *title = std::string(line);
  return eol + 1;
}

Status ReadFileBytes(const fs::path& path, uint64_t max_bytes, std::string* out) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError("cannot read '" + path.string() + "': " + ec.message());
  if (size > max_bytes) {
    return Status::LimitExceeded("file of " + std::to_string(size) + " bytes is larger than " +
                                 "the limit of " + std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open '" + path.string() + "'");
  out->resize(size);
  in.read(out->data(), static_cast<std::streamsize>(size));
  out->resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return Status::IOError("error reading '" + path.string() + "'");
  return Status::OK();
}

void AddIssue(std::vector<ReadIssue>* issues, const std::string& path, uint64_t line,
              uint64_t offset, bool skipped, std::string message) {
  ReadIssue issue;
  issue.path = path;
  issue.line = line;
  issue.byte_offset = offset;
  issue.skipped = skipped;
  issue.message = std::move(message);
  issues->push_back(std::move(issue));
}

// One JSON Lines file: a document per line.
void ParseJsonLines(std::string_view bytes, const std::string& path, const ReadOptions& options,
                    ReadResult* result) {
  size_t pos = 0;
  uint64_t line_no = 0;
  std::string repaired;
  while (pos < bytes.size()) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    ++line_no;
    std::string_view line = bytes.substr(pos, eol - pos);
    const uint64_t offset = pos;
    pos = eol + 1;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (IsBlank(line)) continue;
    Status s = CheckUtf8(line, options.invalid_utf8, offset, path, line_no, &repaired,
                         &result->issues);
    if (!s.ok()) {
      AddIssue(&result->issues, path, line_no, offset, true, s.message());
      continue;
    }
    if (!repaired.empty()) line = repaired;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      AddIssue(&result->issues, path, line_no, offset, true,
               std::string("malformed JSON: ") + e.what());
      continue;
    }
    if (!j.is_object()) {
      AddIssue(&result->issues, path, line_no, offset, true, "not a JSON object");
      continue;
    }
    auto text_it = j.find("text");
    if (text_it == j.end() || !text_it->is_string() ||
        IsBlank(text_it->get_ref<const std::string&>())) {
      AddIssue(&result->issues, path, line_no, offset, true, "no \"text\" string");
      continue;
    }
    ReadDocument rd;
    Document& doc = rd.document;
    doc.path = path;
    struct Field {
      const char* key;
      std::string* dest;
    };
    for (const Field& f : {Field{"id", &doc.id}, Field{"title", &doc.title},
                           Field{"source", &doc.source}, Field{"url", &doc.url},
                           Field{"published", &doc.published}}) {
      auto it = j.find(f.key);
      if (it == j.end() || it->is_null()) continue;
      if (it->is_string()) {
        *f.dest = it->get<std::string>();
      } else if (it->is_number_integer() && std::string_view(f.key) == "id") {
        *f.dest = it->dump();
      } else {
        AddIssue(&result->issues, path, line_no, offset, false,
                 std::string("\"") + f.key + "\" is not a string; ignored");
      }
    }
    Finish(text_it->get_ref<const std::string&>(), options, &rd);
    result->documents.push_back(std::move(rd));
  }
}

void ReadOneFile(const fs::path& file, const ReadOptions& options, ReadResult* result) {
  const std::string path = file.string();
  std::string bytes;
  Status s = ReadFileBytes(file, options.max_file_bytes, &bytes);
  if (!s.ok()) {
    AddIssue(&result->issues, path, 0, 0, true, s.message());
    return;
  }
  if (IsBlank(bytes)) {
    AddIssue(&result->issues, path, 0, 0, true, "empty file");
    return;
  }
  s = CheckNotBinary(bytes, options.max_control_ratio);
  if (!s.ok()) {
    AddIssue(&result->issues, path, 0, 0, true, s.message());
    return;
  }
  if (IsJsonLinesPath(file)) {
    ParseJsonLines(bytes, path, options, result);
    return;
  }
  Result<ReadDocument> doc = ParsePlainText(bytes, path, options, &result->issues);
  if (!doc.ok()) {
    AddIssue(&result->issues, path, 0, 0, true, doc.status().message());
    return;
  }
  result->documents.push_back(std::move(*doc));
}

}  // namespace

Result<ReadDocument> ParsePlainText(std::string_view bytes, const std::string& path,
                                    const ReadOptions& options, std::vector<ReadIssue>* issues) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsBlank(bytes)) return Status::InvalidArgument("empty file");
  KG_RETURN_IF_ERROR(CheckNotBinary(bytes, options.max_control_ratio));
  std::string repaired;
  KG_RETURN_IF_ERROR(CheckUtf8(bytes, options.invalid_utf8, 0, path, 0, &repaired, issues));
  std::string_view text = repaired.empty() ? bytes : std::string_view(repaired);
  ReadDocument rd;
  rd.document.path = path;
  const size_t body = TitleEnd(text, &rd.document.title);
  Finish(text.substr(body), options, &rd);
  return rd;
}

Result<ReadResult> ReadDocuments(const std::string& path, const ReadOptions& options) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::NotFound("no such file or folder: '" + path + "'");
  ReadResult result;
  if (!fs::is_directory(st)) {
    ReadOneFile(path, options, &result);
    return result;
  }
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::IOError("cannot list '" + path + "': " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Status::IOError("cannot list '" + path + "': " + ec.message());
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const std::string ext = p.extension().string();
    if (ext == ".txt" || ext == ".jsonl" || ext == ".ndjson") files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) ReadOneFile(f, options, &result);
  return result;
}

}  // namespace kg
