// kg::WriteQueryResult: query results as an aligned table, CSV, JSON or JSON Lines.
#include "query/result_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/util/text.h"

namespace kg {

namespace query {

namespace {

// A table cell wider than this is cut with "…": one long sentence should not push every other
// column off the screen. The CSV and JSON formats always carry the whole value.
constexpr size_t kMaxCellWidth = 100;

// Decodes the code point at `text[*i]` and advances *i; -1 (one byte consumed) when the bytes
// there are not valid UTF-8.
int32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto b0 = static_cast<unsigned char>(text[*i]);
  size_t len = 0;
  int32_t cp = 0;
  int32_t min = 0;
  if (b0 < 0x80) {
    ++*i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++*i;
    return -1;
  }
  if (*i + len > text.size()) {
    ++*i;
    return -1;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[*i + k]);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return -1;
  }
  *i += len;
  return cp;
}

struct Range {
  int32_t first, last;
};

bool InRanges(int32_t cp, const Range* ranges, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (cp >= ranges[k].first && cp <= ranges[k].last) return true;
  }
  return false;
}

// Combining marks and zero-width characters of the scripts news text uses (Latin, Greek,
// Cyrillic, Hebrew, Arabic, Indic, Thai) and the general-purpose blocks.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0902},
    {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian Wide and Fullwidth characters, and the emoji blocks terminals draw two wide.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F900, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

size_t CodePointWidth(int32_t cp) {
  if (cp < 0) return 1;
  if (cp < 0x300) return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? 0 : 1;
  if (InRanges(cp, kZeroWidth, std::size(kZeroWidth))) return 0;
  if (InRanges(cp, kWide, std::size(kWide))) return 2;
  return 1;
}

const char* KindName(NodeKind kind) { return kind == NodeKind::kLiteral ? "literal" : "entity"; }

// JSON is written directly rather than through nlohmann::json: building a DOM per row made the
// JSON formats five times slower than CSV.
void AppendString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const int32_t cp = NextCodePoint(text, &i);
    switch (cp) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (cp < 0) {
          *out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
        } else if (cp < 0x20) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
          *out += buf;
        } else {
          out->append(text, start, i - start);
        }
    }
  }
  out->push_back('"');
}

void AppendStringOrNull(const std::string& text, std::string* out) {
  if (text.empty()) {
    *out += "null";
  } else {
    AppendString(text, out);
  }
}

// The shortest text that reads back as the same double; NaN and infinities as null.
void AppendDouble(double d, std::string* out) {
  if (!std::isfinite(d)) {
    *out += "null";
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, ec == std::errc() ? end - buf : 0);
  *out += text;
  // JSON readers tell floats from integers by the point or exponent.
  if (text.find_first_of(".e") == std::string_view::npos) *out += ".0";
}

void AppendUnsigned(uint64_t n, std::string* out) { *out += std::to_string(n); }

// Writes `"key":`, preceded by a comma unless it is the first member.
void Key(const char* key, bool first, std::string* out) {
  if (!first) out->push_back(',');
  AppendString(key, out);
  out->push_back(':');
}

void AppendRef(const std::optional<NodeRef>& ref, std::string* out) {
  if (!ref) {
    *out += "null";
    return;
  }
  out->push_back('{');
  Key("id", true, out);
  AppendString(ref->id, out);
  Key("name", false, out);
  AppendString(ref->name, out);
  out->push_back('}');
}

void AppendNode(const NodeValue& n, std::string* out) {
  out->push_back('{');
  Key("id", true, out);
  AppendString(n.id, out);
  Key("name", false, out);
  AppendString(n.name, out);
  Key("type", false, out);
  AppendStringOrNull(n.type, out);
  Key("kind", false, out);
  AppendString(KindName(n.kind), out);
  out->push_back('}');
}

// The qualifiers in the shape of the JSON Lines interchange format (docs/formats.md).
void AppendQualifiers(const Qualifiers& q, std::string* out) {
  out->push_back('{');
  Key("time", true, out);
  AppendStringOrNull(q.time, out);
  Key("location", false, out);
  AppendRef(q.location, out);
  Key("quantity", false, out);
  if (q.quantity) {
    out->push_back('{');
    Key("value", true, out);
    AppendDouble(q.quantity->value, out);
    Key("comparator", false, out);
    AppendString(q.quantity->comparator, out);
    Key("unit", false, out);
    AppendString(q.quantity->unit, out);
    out->push_back('}');
  } else {
    *out += "null";
  }
  Key("negated", false, out);
  *out += q.negated ? "true" : "false";
  Key("modality", false, out);
  AppendStringOrNull(q.modality, out);
  Key("attributed_to", false, out);
  AppendRef(q.attributed_to, out);
  out->push_back('}');
}

// A relationship; `forward` (-1: leave out) says which way a path walked it.
void AppendRelationship(const RelationshipValue& r, int forward, std::string* out) {
  out->push_back('{');
  Key("id", true, out);
  AppendString(r.statement_id, out);
  Key("type", false, out);
  AppendString(r.predicate, out);
  Key("subject", false, out);
  out->push_back('{');
  Key("id", true, out);
  AppendString(r.subject_id, out);
  Key("name", false, out);
  AppendString(r.subject_name, out);
  out->push_back('}');
  Key("object", false, out);
  out->push_back('{');
  Key("id", true, out);
  AppendString(r.object_id, out);
  Key("name", false, out);
  AppendString(r.object_name, out);
  out->push_back('}');
  Key("qualifiers", false, out);
  AppendQualifiers(r.qualifiers, out);
  Key("support", false, out);
  AppendUnsigned(r.support, out);
  Key("confidence", false, out);
  AppendDouble(r.confidence, out);
  if (forward >= 0) {
    Key("forward", false, out);
    *out += forward ? "true" : "false";
  }
  out->push_back('}');
}

void AppendEvidence(const EvidenceValue& value, std::string* out) {
  const Evidence& e = value.evidence;
  out->push_back('{');
  Key("statement", true, out);
  AppendString(value.statement_id, out);
  Key("doc", false, out);
  AppendString(e.doc, out);
  Key("source", false, out);
  AppendStringOrNull(e.source, out);
  Key("published", false, out);
  AppendStringOrNull(e.published, out);
  Key("path", false, out);
  AppendStringOrNull(e.path, out);
  Key("sentence", false, out);
  AppendString(e.sentence, out);
  Key("begin", false, out);
  AppendUnsigned(e.begin, out);
  Key("end", false, out);
  AppendUnsigned(e.end, out);
  Key("rule", false, out);
  AppendStringOrNull(e.rule, out);
  Key("version", false, out);
  AppendStringOrNull(e.version, out);
  Key("confidence", false, out);
  if (e.confidence) {
    AppendDouble(*e.confidence, out);
  } else {
    *out += "null";
  }
  out->push_back('}');
}

void AppendValue(const Value& v, std::string* out) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      *out += "null";
      return;
    case Value::Kind::kBool:
      *out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
      *out += std::to_string(v.as_int());
      return;
    case Value::Kind::kDouble:
      AppendDouble(v.as_double(), out);
      return;
    case Value::Kind::kString:
      AppendString(v.as_string(), out);
      return;
    case Value::Kind::kNode:
      AppendNode(v.as_node(), out);
      return;
    case Value::Kind::kRelationship:
      AppendRelationship(v.as_relationship(), -1, out);
      return;
    case Value::Kind::kPath: {
      const PathValue& p = v.as_path();
      out->push_back('{');
      Key("length", true, out);
      AppendUnsigned(p.relationships.size(), out);
      Key("nodes", false, out);
      out->push_back('[');
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        if (i) out->push_back(',');
        AppendNode(p.nodes[i], out);
      }
      *out += "]";
      Key("relationships", false, out);
      out->push_back('[');
      for (size_t i = 0; i < p.relationships.size(); ++i) {
        if (i) out->push_back(',');
        AppendRelationship(p.relationships[i], i < p.forward.size() ? p.forward[i] : 1, out);
      }
      *out += "]}";
      return;
    }
    case Value::Kind::kEvidence:
      AppendEvidence(v.as_evidence(), out);
      return;
    case Value::Kind::kList: {
      out->push_back('[');
      const std::vector<Value>& items = v.as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out->push_back(',');
        AppendValue(items[i], out);
      }
      out->push_back(']');
      return;
    }
    case Value::Kind::kMap: {
      out->push_back('{');
      bool first = true;
      for (const auto& [key, item] : v.as_map()) {
        if (!first) out->push_back(',');
        first = false;
        AppendString(key, out);
        out->push_back(':');
        AppendValue(item, out);
      }
      out->push_back('}');
      return;
    }
  }
  *out += "null";
}

// Column names as JSON object keys: a repeated name gets "#2", "#3", ... so no value is lost.
std::vector<std::string> UniqueKeys(const std::vector<std::string>& columns) {
  std::vector<std::string> keys;
  for (const std::string& c : columns) {
    std::string key = c;
    for (int n = 2; std::find(keys.begin(), keys.end(), key) != keys.end(); ++n) {
      key = c + "#" + std::to_string(n);
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

void AppendRowObject(const std::vector<std::string>& keys, const std::vector<Value>& row,
                     std::string* out) {
  out->push_back('{');
  for (size_t c = 0; c < keys.size(); ++c) {
    if (c) out->push_back(',');
    AppendString(keys[c], out);
    out->push_back(':');
    if (c < row.size()) {
      AppendValue(row[c], out);
    } else {
      *out += "null";
    }
  }
  out->push_back('}');
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

// The text of a value in the table and CSV formats: null is empty there.
std::string PlainText(const Value& v) { return v.is_null() ? std::string() : v.ToText(); }

bool RightAligned(const Value& v) {
  return v.kind() == Value::Kind::kInt || v.kind() == Value::Kind::kDouble;
}

void WriteTable(const QueryResult& result, std::ostream& out) {
  const size_t ncols = result.columns.size();
  if (ncols > 0) {
    std::vector<std::string> header(ncols);
    std::vector<size_t> width(ncols);
    for (size_t c = 0; c < ncols; ++c) {
      header[c] = TruncateToWidth(result.columns[c], kMaxCellWidth);
      width[c] = DisplayWidth(header[c]);
    }
    std::vector<std::vector<std::string>> cells(result.rows.size());
    for (size_t r = 0; r < result.rows.size(); ++r) {
      cells[r].resize(ncols);
      for (size_t c = 0; c < ncols && c < result.rows[r].size(); ++c) {
        cells[r][c] = TruncateToWidth(PlainText(result.rows[r][c]), kMaxCellWidth);
        width[c] = std::max(width[c], DisplayWidth(cells[r][c]));
      }
    }
    auto pad = [&](const std::string& text, size_t w, bool right) {
      const std::string fill(w - DisplayWidth(text), ' ');
      return right ? fill + text : text + fill;
    };
    std::string line;
    for (size_t c = 0; c < ncols; ++c) {
      line += (c ? " | " : " ") + pad(header[c], width[c], false);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
    line.clear();
    for (size_t c = 0; c < ncols; ++c) line += (c ? "+" : "") + std::string(width[c] + 2, '-');
    out << line << "\n";
    for (size_t r = 0; r < cells.size(); ++r) {
      line.clear();
      for (size_t c = 0; c < ncols; ++c) {
        const bool right = c < result.rows[r].size() && RightAligned(result.rows[r][c]);
        line += (c ? " | " : " ") + pad(cells[r][c], width[c], right);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
    out << "(" << result.rows.size() << (result.rows.size() == 1 ? " row" : " rows");
    if (result.partial) {
      out << "; partial result"
          << (result.partial_reason.empty() ? "" : ": " + TableCellText(result.partial_reason));
    }
    out << ")\n";
  } else if (result.partial) {
    out << "(partial result"
        << (result.partial_reason.empty() ? "" : ": " + TableCellText(result.partial_reason))
        << ")\n";
  }
  if (!result.message.empty()) {
    out << result.message;
    if (result.message.back() != '\n') out << "\n";
  }
}

void WriteCsv(const QueryResult& result, std::ostream& out) {
  if (result.columns.empty()) return;
  for (size_t c = 0; c < result.columns.size(); ++c) {
    out << (c ? "," : "") << CsvField(result.columns[c]);
  }
  out << "\r\n";
  for (const std::vector<Value>& row : result.rows) {
    for (size_t c = 0; c < result.columns.size(); ++c) {
      out << (c ? "," : "") << (c < row.size() ? CsvField(PlainText(row[c])) : std::string());
    }
    out << "\r\n";
  }
}

void WriteJson(const QueryResult& result, std::ostream& out) {
  const std::vector<std::string> keys = UniqueKeys(result.columns);
  std::string text = "{\"columns\":[";
  for (size_t c = 0; c < result.columns.size(); ++c) {
    if (c) text.push_back(',');
    AppendString(result.columns[c], &text);
  }
  text += "],\"rows\":[";
  for (size_t r = 0; r < result.rows.size(); ++r) {
    if (r) text.push_back(',');
    AppendRowObject(keys, result.rows[r], &text);
    if (text.size() > (1u << 16)) {  // write as it goes: a big result needs no second copy
      out << text;
      text.clear();
    }
  }
  text += "],\"row_count\":" + std::to_string(result.rows.size());
  text += result.partial ? ",\"partial\":true" : ",\"partial\":false";
  text += ",\"partial_reason\":";
  AppendStringOrNull(result.partial_reason, &text);
  text += ",\"message\":";
  AppendStringOrNull(result.message, &text);
  text += "}\n";
  out << text;
}

void WriteJsonLines(const QueryResult& result, std::ostream& out) {
  const std::vector<std::string> keys = UniqueKeys(result.columns);
  std::string line;
  for (const std::vector<Value>& row : result.rows) {
    line.clear();
    AppendRowObject(keys, row, &line);
    line.push_back('\n');
    out << line;
  }
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) width += CodePointWidth(NextCodePoint(text, &i));
  return width;
}

std::string TableCellText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      core::AppendUtf8(static_cast<char32_t>(cp), &out);
    }
  }
  return out;
}

std::string TruncateToWidth(const std::string& text, size_t width) {
  const std::string safe = TableCellText(text);
  if (DisplayWidth(safe) <= width) return safe;
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < safe.size();) {
    const size_t start = i;
    const size_t w = CodePointWidth(NextCodePoint(safe, &i));
    if (used + w > width - 1) break;  // room for the "…"
    out.append(safe, start, i - start);
    used += w;
  }
  return out + "…";
}

std::string ValueToJson(const Value& value) {
  std::string out;
  AppendValue(value, &out);
  return out;
}

}  // namespace query

void WriteQueryResult(const QueryResult& result, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kTable:
      query::WriteTable(result, out);
      break;
    case OutputFormat::kCsv:
      query::WriteCsv(result, out);
      break;
    case OutputFormat::kJson:
      query::WriteJson(result, out);
      break;
    case OutputFormat::kJsonLines:
      query::WriteJsonLines(result, out);
      break;
  }
}

}  // namespace kg
