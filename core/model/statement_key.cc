#include "core/model/statement_key.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/util/text.h"

namespace kg::core {

namespace {

// Fields are joined with \x1f; \x1f and \\ inside a field are escaped, so keys are unambiguous.
void AppendField(std::string* key, std::string_view field) {
  // Most fields hold neither character: append them whole.
  size_t done = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\x1f' && field[i] != '\\') continue;
    key->append(field.data() + done, i - done);
    key->push_back('\\');
    done = i;  // the character itself goes with the next span
  }
  key->append(field.data() + done, field.size() - done);
  key->push_back('\x1f');
}

std::string FormatNumber(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

bool IsTypeName(const std::string& type) {
  if (type.empty() || type.size() > 40) return false;
  for (char c : type) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return type[0] >= 'A' && type[0] <= 'Z';
}

// The checks below name the field only when they fail: validation runs on every imported line.
// Each takes `utf8`: whether the text is known to be valid UTF-8 already.
Status CheckText(bool utf8, std::string_view text, std::string_view field,
                 std::string_view member = {}) {
  if (utf8) return Status::OK();
  Status s = ValidateUtf8(text);
  if (!s.ok()) return s.WithContext(std::string(field).append(member));
  return Status::OK();
}

// Identifiers (node ids, predicate lemmas) are keys people type: no control characters.
Status CheckIdentifier(bool utf8, std::string_view text, std::string_view field,
                       std::string_view member = {}) {
  KG_RETURN_IF_ERROR(CheckText(utf8, text, field, member));
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidArgument(std::string(field).append(member) +
                                     ": control character at byte offset " + std::to_string(i));
    }
  }
  return Status::OK();
}

Status CheckNode(bool utf8, const Node& node, std::string_view f) {
  const auto error = [f](std::string_view member, const std::string& what) {
    return Status::InvalidArgument(std::string(f).append(member) + ": " + what);
  };
  if (node.id.empty()) return error(".id", "empty");
  if (node.id.size() > 256) return error(".id", "longer than 256 bytes");
  KG_RETURN_IF_ERROR(CheckIdentifier(utf8, node.id, f, ".id"));
  if (node.name.empty()) return error(".name", "empty");
  KG_RETURN_IF_ERROR(CheckText(utf8, node.name, f, ".name"));
  if (!IsTypeName(node.type)) {
    return error(".type",
                 "'" + node.type + "' is not an upper-case type name such as PERSON");
  }
  for (const Alias& a : node.aliases) {
    if (a.text.empty()) return error(".aliases", "empty alias");
    KG_RETURN_IF_ERROR(CheckText(utf8, a.text, f, ".aliases"));
  }
  return Status::OK();
}

Status CheckRef(bool utf8, const std::optional<NodeRef>& ref, std::string_view field) {
  if (!ref) return Status::OK();
  if (ref->id.empty()) return Status::InvalidArgument(std::string(field) + ".id: empty");
  KG_RETURN_IF_ERROR(CheckText(utf8, ref->id, field));
  return CheckText(utf8, ref->name, field);
}

bool ParseInt(const std::string& s, size_t pos, size_t len, int* out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// One ISO date, year-month or year: first and last day it covers.
bool ParseOne(const std::string& s, DayRange* r) {
  int y, m = 0, d = 0;
  if (s.size() == 4 && ParseInt(s, 0, 4, &y)) {
    *r = {y * 10000 + 101, y * 10000 + 1231};
    return true;
  }
  if (s.size() == 7 && ParseInt(s, 0, 4, &y) && s[4] == '-' && ParseInt(s, 5, 2, &m) && m >= 1 &&
      m <= 12) {
    *r = {y * 10000 + m * 100 + 1, y * 10000 + m * 100 + DaysInMonth(y, m)};
    return true;
  }
  if (s.size() == 10 && ParseInt(s, 0, 4, &y) && s[4] == '-' && ParseInt(s, 5, 2, &m) &&
      s[7] == '-' && ParseInt(s, 8, 2, &d) && m >= 1 && m <= 12 && d >= 1 &&
      d <= DaysInMonth(y, m)) {
    *r = {y * 10000 + m * 100 + d, y * 10000 + m * 100 + d};
    return true;
  }
  return false;
}

}  // namespace

std::string StatementKey(const Statement& st) {
  std::string key;
  key.reserve(128);
  AppendField(&key, st.subject.id);
  AppendField(&key, st.predicate.lemma);
  AppendField(&key, st.object.id);
  const Qualifiers& q = st.qualifiers;
  AppendField(&key, q.time);
  AppendField(&key, q.location ? std::string_view(q.location->id) : std::string_view());
  if (q.quantity) {
    AppendField(&key, FormatNumber(q.quantity->value) + q.quantity->comparator + q.quantity->unit);
  } else {
    AppendField(&key, std::string_view());
  }
  AppendField(&key, q.negated ? "1" : "0");
  AppendField(&key, q.modality);
  AppendField(&key, q.attributed_to ? std::string_view(q.attributed_to->id) : std::string_view());
  return key;
}

std::string StatementId(const Statement& statement) {
  return "st:" + Hash128Hex(StatementKey(statement));
}

std::string DocumentIdForText(std::string_view text) {
  return "d:" + Hash128Hex(text).substr(0, 16);
}

uint64_t EvidenceHash(const Evidence& ev) {
  std::string key;
  key.reserve(ev.doc.size() + ev.rule.size() + 48);
  AppendField(&key, ev.doc);
  char digits[24];
  for (uint64_t offset : {ev.begin, ev.end}) {
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, offset);
    AppendField(&key, std::string_view(digits, end - digits));
  }
  AppendField(&key, ev.rule);
  return Hash64(key);
}

Status ValidateTime(const std::string& time) {
  if (time.empty()) return Status::OK();
  if (ParseDayRange(time).empty()) {
    return Status::InvalidArgument("'" + time +
                                   "' is not an ISO 8601 date, year-month, year or interval");
  }
  return Status::OK();
}

DayRange ParseDayRange(const std::string& time) {
  DayRange a, b;
  const size_t slash = time.find('/');
  if (slash == std::string::npos) {
    if (ParseOne(time, &a)) return a;
    return {};
  }
  if (!ParseOne(time.substr(0, slash), &a) || !ParseOne(time.substr(slash + 1), &b)) return {};
  if (b.last < a.first) return {};
  return {a.first, b.last};
}

Status ValidateStatement(const Statement& st, bool utf8) {
  KG_RETURN_IF_ERROR(CheckNode(utf8, st.subject, "subject"));
  KG_RETURN_IF_ERROR(CheckNode(utf8, st.object, "object"));
  if (st.predicate.lemma.empty()) return Status::InvalidArgument("predicate.lemma: empty");
  KG_RETURN_IF_ERROR(CheckIdentifier(utf8, st.predicate.lemma, "predicate.lemma"));
  KG_RETURN_IF_ERROR(CheckText(utf8, st.predicate.text, "predicate.text"));
  const Qualifiers& q = st.qualifiers;
  if (Status s = ValidateTime(q.time); !s.ok()) return s.WithContext("qualifiers.time");
  KG_RETURN_IF_ERROR(CheckRef(utf8, q.location, "qualifiers.location"));
  KG_RETURN_IF_ERROR(CheckRef(utf8, q.attributed_to, "qualifiers.attributed_to"));
  if (q.quantity) {
    static const char* const kComparators[] = {"=", "<", "<=", ">", ">=", "~"};
    bool known = false;
    for (const char* c : kComparators) known = known || q.quantity->comparator == c;
    if (!known) {
      return Status::InvalidArgument("qualifiers.quantity.comparator: '" + q.quantity->comparator +
                                     "' is not one of = < <= > >= ~");
    }
    if (!std::isfinite(q.quantity->value)) {
      return Status::InvalidArgument("qualifiers.quantity.value: not a finite number");
    }
    KG_RETURN_IF_ERROR(CheckText(utf8, q.quantity->unit, "qualifiers.quantity.unit"));
  }
  KG_RETURN_IF_ERROR(CheckText(utf8, q.modality, "qualifiers.modality"));
  if (!std::isfinite(st.confidence) || st.confidence < 0 || st.confidence > 1) {
    return Status::InvalidArgument("confidence: must be a number in [0, 1]");
  }
  if (st.evidence.empty()) return Status::InvalidArgument("evidence: at least one is required");
  for (size_t i = 0; i < st.evidence.size(); ++i) {
    const Evidence& ev = st.evidence[i];
    const std::string f = "evidence[" + std::to_string(i) + "]";
    if (ev.doc.empty()) return Status::InvalidArgument(f + ".doc: empty");
    if (ev.begin > ev.end) return Status::InvalidArgument(f + ": begin is after end");
    KG_RETURN_IF_ERROR(CheckText(utf8, ev.doc, f, ".doc"));
    KG_RETURN_IF_ERROR(CheckText(utf8, ev.source, f, ".source"));
    KG_RETURN_IF_ERROR(CheckText(utf8, ev.path, f, ".path"));
    KG_RETURN_IF_ERROR(CheckText(utf8, ev.sentence, f, ".sentence"));
    KG_RETURN_IF_ERROR(CheckText(utf8, ev.rule, f, ".rule"));
    KG_RETURN_IF_ERROR(CheckText(utf8, ev.version, f, ".version"));
    if (Status s = ValidateTime(ev.published); !s.ok()) return s.WithContext(f + ".published");
    if (ev.confidence &&
        (!std::isfinite(*ev.confidence) || *ev.confidence < 0 || *ev.confidence > 1)) {
      return Status::InvalidArgument(f + ".confidence: must be a number in [0, 1]");
    }
  }
  return Status::OK();
}

Status ValidateDocument(const Document& doc) {
  if (doc.id.empty()) return Status::InvalidArgument("document id: empty");
  for (const std::string* f : {&doc.id, &doc.title, &doc.source, &doc.url, &doc.path, &doc.text}) {
    KG_RETURN_IF_ERROR(ValidateUtf8(*f).WithContext("document " + doc.id));
  }
  return ValidateTime(doc.published).WithContext("document " + doc.id + ": published");
}

}  // namespace kg::core
