#include "core/export/statement_jsonl.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "core/model/statement_key.h"
#include "core/util/text.h"

namespace kg::core {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// Error messages quote at most this many bytes of the offending input.
constexpr size_t kMaxQuotedBytes = 120;

// `text` cut to at most `max_bytes`, never in the middle of a UTF-8 sequence, with "…" when cut.
std::string Truncate(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "\u2026";
}

// How an unexpected JSON value is described: numbers and booleans by value, the rest by type.
std::string Describe(const Json& value) {
  if (value.is_number() || value.is_boolean()) return Truncate(value.dump(), kMaxQuotedBytes);
  if (value.is_null()) return "null";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return value.type_name();
}

Status Missing(const std::string& path) { return Status::InvalidArgument(path + ": missing"); }

Status Expected(const std::string& path, const char* what, const Json& got) {
  return Status::InvalidArgument(path + ": expected " + what + ", got " + Describe(got));
}

// The member `key` of `object`, or nullptr when it is absent or null.
const Json* Member(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// Reads an optional string member: absent or null leaves `out` as `fallback`.
Status ReadString(const Json& object, const char* key, const std::string& path, bool required,
                  std::string* out, const std::string& fallback = "") {
  const Json* value = Member(object, key);
  if (value == nullptr) {
    if (required) return Missing(path);
    *out = fallback;
    return Status::OK();
  }
  if (!value->is_string()) return Expected(path, "a string", *value);
  *out = value->get<std::string>();
  return Status::OK();
}

Status ReadUnsigned(const Json& value, const std::string& path, uint64_t max, uint64_t* out) {
  if (!value.is_number_unsigned() || value.get<uint64_t>() > max) {
    return Expected(path, "a non-negative integer", value);
  }
  *out = value.get<uint64_t>();
  return Status::OK();
}

Status ReadDouble(const Json& value, const std::string& path, double* out) {
  if (!value.is_number()) return Expected(path, "a number", value);
  *out = value.get<double>();
  return Status::OK();
}

Status ParseNode(const Json& object, const char* key, Node* node) {
  const std::string path = key;
  const Json* value = Member(object, key);
  if (value == nullptr) return Missing(path);
  if (!value->is_object()) return Expected(path, "an object", *value);
  KG_RETURN_IF_ERROR(ReadString(*value, "id", path + ".id", true, &node->id));
  // Literals are sometimes written with "text" instead of "name".
  const char* name_key =
      Member(*value, "name") == nullptr && Member(*value, "text") != nullptr ? "text" : "name";
  KG_RETURN_IF_ERROR(ReadString(*value, name_key, path + "." + name_key, true, &node->name));
  KG_RETURN_IF_ERROR(ReadString(*value, "type", path + ".type", false, &node->type, "OTHER"));
  node->kind = IsLiteralType(node->type) ? NodeKind::kLiteral : NodeKind::kEntity;
  node->aliases.clear();
  if (const Json* aliases = Member(*value, "aliases")) {
    if (!aliases->is_array()) return Expected(path + ".aliases", "an array", *aliases);
    for (size_t i = 0; i < aliases->size(); ++i) {
      const Json& alias = (*aliases)[i];
      if (!alias.is_string()) {
        return Expected(path + ".aliases[" + std::to_string(i) + "]", "a string", alias);
      }
      node->aliases.push_back({alias.get<std::string>(), 1});
    }
  }
  std::sort(node->aliases.begin(), node->aliases.end(),
            [](const Alias& a, const Alias& b) { return a.text < b.text; });
  node->aliases.erase(std::unique(node->aliases.begin(), node->aliases.end(),
                                  [](const Alias& a, const Alias& b) { return a.text == b.text; }),
                      node->aliases.end());
  return Status::OK();
}

// A qualifier reference: null, an id string, or {"id", "name"}.
Status ParseRef(const Json& qualifiers, const char* key, std::optional<NodeRef>* ref) {
  const std::string path = std::string("qualifiers.") + key;
  ref->reset();
  const Json* value = Member(qualifiers, key);
  if (value == nullptr) return Status::OK();
  NodeRef out;
  if (value->is_string()) {
    out.id = value->get<std::string>();
    if (out.id.empty()) return Status::OK();  // "" means none, as null does
  } else if (value->is_object()) {
    KG_RETURN_IF_ERROR(ReadString(*value, "id", path + ".id", true, &out.id));
    KG_RETURN_IF_ERROR(ReadString(*value, "name", path + ".name", false, &out.name));
  } else {
    return Expected(path, "an id string or an object with \"id\" and \"name\"", *value);
  }
  *ref = std::move(out);
  return Status::OK();
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// True when `s` starts with `prefix`, ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

struct ComparatorWord {
  std::string_view text;
  const char* comparator;
  bool needs_space;  // words need a space after them; symbols do not
};

// Longer phrases before their prefixes ("no more than" before "more than").
constexpr ComparatorWord kComparatorWords[] = {
    {"no fewer than", ">=", true},
    {"no less than", ">=", true},
    {"at least", ">=", true},
    {"no more than", "<=", true},
    {"at most", "<=", true},
    {"up to", "<=", true},
    {"more than", ">", true},
    {"greater than", ">", true},
    {"over", ">", true},
    {"above", ">", true},
    {"fewer than", "<", true},
    {"less than", "<", true},
    {"under", "<", true},
    {"below", "<", true},
    {"about", "~", true},
    {"around", "~", true},
    {"nearly", "~", true},
    {"almost", "~", true},
    {"some", "~", true},
    {"approximately", "~", true},
    {"roughly", "~", true},
    {"exactly", "=", true},
    {">=", ">=", false},
    {"<=", "<=", false},
    {"\u2265", ">=", false},
    {"\u2264", "<=", false},
    {">", ">", false},
    {"<", "<", false},
    {"~", "~", false},
    {"\u2248", "~", false},
    {"=", "=", false},
};

struct ScaleWord {
  std::string_view text;
  double factor;
};
constexpr ScaleWord kScaleWords[] = {
    {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}};

constexpr std::string_view kCurrencySymbols[] = {"$", "\u20ac", "\u00a3", "\u00a5"};

// Parses the number at the start of `s` ("1,200.5", "-3", ".5", "2e6"); thousands separators
// must come in groups of three. Returns false when `s` does not start with a number.
bool ConsumeNumber(std::string_view* s, double* value) {
  std::string digits;
  size_t i = 0;
  if (i < s->size() && ((*s)[i] == '-' || (*s)[i] == '+')) {
    if ((*s)[i] == '-') digits.push_back('-');
    ++i;
  }
  size_t int_digits = 0;
  size_t group = 0;  // digits since the last comma, when there was one
  bool saw_comma = false;
  for (; i < s->size(); ++i) {
    const char c = (*s)[i];
    if (IsDigit(c)) {
      digits.push_back(c);
      ++int_digits;
      ++group;
    } else if (c == ',' && int_digits > 0 && (!saw_comma || group == 3) && i + 1 < s->size() &&
               IsDigit((*s)[i + 1])) {
      if (!saw_comma && int_digits > 3) return false;
      saw_comma = true;
      group = 0;
    } else {
      break;
    }
  }
  if (saw_comma && group != 3) return false;
  size_t frac_digits = 0;
  if (i < s->size() && (*s)[i] == '.' && i + 1 < s->size() && IsDigit((*s)[i + 1])) {
    digits.push_back('.');
    for (++i; i < s->size() && IsDigit((*s)[i]); ++i, ++frac_digits) digits.push_back((*s)[i]);
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s->size() && ((*s)[i] == 'e' || (*s)[i] == 'E')) {
    size_t j = i + 1;
    std::string exponent = "e";
    if (j < s->size() && ((*s)[j] == '-' || (*s)[j] == '+')) exponent.push_back((*s)[j++]);
    if (j < s->size() && IsDigit((*s)[j])) {
      for (; j < s->size() && IsDigit((*s)[j]); ++j) exponent.push_back((*s)[j]);
      digits += exponent;
      i = j;
    }
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *value);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(*value)) {
    return false;
  }
  s->remove_prefix(i);
  return true;
}

// "at least 12 people", "~5", ">=3", "250kg", "20%", "$5 million", "nearly 40".
std::optional<Quantity> ParseQuantityText(std::string_view text) {
  std::string_view s = TrimSpace(text);
  Quantity q;
  for (const ComparatorWord& word : kComparatorWords) {
    if (!StartsWithNoCase(s, word.text)) continue;
    const std::string_view rest = s.substr(word.text.size());
    if (word.needs_space && (rest.empty() || !IsAsciiSpace(rest.front()))) continue;
    q.comparator = word.comparator;
    s = TrimSpace(rest);
    break;
  }
  std::string currency;
  for (std::string_view symbol : kCurrencySymbols) {
    if (s.substr(0, symbol.size()) == symbol) {
      currency = std::string(symbol);
      s = TrimSpace(s.substr(symbol.size()));
      break;
    }
  }
  if (!ConsumeNumber(&s, &q.value)) return std::nullopt;
  s = TrimSpace(s);
  for (const ScaleWord& scale : kScaleWords) {
    if (StartsWithNoCase(s, scale.text) &&
        (s.size() == scale.text.size() || IsAsciiSpace(s[scale.text.size()]))) {
      q.value *= scale.factor;
      s = TrimSpace(s.substr(scale.text.size()));
      break;
    }
  }
  // A unit starts with a letter (any non-ASCII character counts), '%' or '°'.
  if (!s.empty()) {
    const auto first = static_cast<unsigned char>(s.front());
    const bool letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
    if (first < 0x80 && !letter && first != '%') return std::nullopt;
  }
  if (!currency.empty() && !s.empty()) return std::nullopt;
  q.unit = currency.empty() ? std::string(s) : currency;
  return q;
}

Status ParseQuantity(const Json& qualifiers, std::optional<Quantity>* quantity) {
  const std::string path = "qualifiers.quantity";
  quantity->reset();
  const Json* value = Member(qualifiers, "quantity");
  if (value == nullptr) return Status::OK();
  if (value->is_number()) {
    Quantity q;
    q.value = value->get<double>();
    *quantity = q;
    return Status::OK();
  }
  if (value->is_string()) {
    const std::string text = value->get<std::string>();
    std::optional<Quantity> q = ParseQuantityText(text);
    if (!q) {
      return Status::InvalidArgument(path + ": cannot read a quantity from \"" +
                                     Truncate(text, kMaxQuotedBytes) +
                                     "\" (expected e.g. \"12\", \"at least 12 people\", \"20%\")");
    }
    *quantity = std::move(*q);
    return Status::OK();
  }
  if (!value->is_object()) return Expected(path, "a number, a string or an object", *value);
  Quantity q;
  const Json* number = Member(*value, "value");
  if (number == nullptr) return Missing(path + ".value");
  KG_RETURN_IF_ERROR(ReadDouble(*number, path + ".value", &q.value));
  KG_RETURN_IF_ERROR(
      ReadString(*value, "comparator", path + ".comparator", false, &q.comparator, "="));
  static constexpr std::string_view kComparators[] = {"=", "<", "<=", ">", ">=", "~"};
  if (std::find(std::begin(kComparators), std::end(kComparators), q.comparator) ==
      std::end(kComparators)) {
    return Status::InvalidArgument(path + ".comparator: \"" + Truncate(q.comparator, 20) +
                                   "\" is not one of = < <= > >= ~");
  }
  KG_RETURN_IF_ERROR(ReadString(*value, "unit", path + ".unit", false, &q.unit));
  *quantity = std::move(q);
  return Status::OK();
}

Status ParseQualifiers(const Json& statement, Qualifiers* q) {
  *q = Qualifiers();
  const Json* value = Member(statement, "qualifiers");
  if (value == nullptr) return Status::OK();
  if (!value->is_object()) return Expected("qualifiers", "an object", *value);
  if (const Json* time = Member(*value, "time")) {
    if (time->is_number_unsigned()) {  // a bare year: 2014
      q->time = std::to_string(time->get<uint64_t>());
    } else if (time->is_string()) {
      q->time = time->get<std::string>();
    } else {
      return Expected("qualifiers.time", "a string", *time);
    }
  }
  KG_RETURN_IF_ERROR(ParseRef(*value, "location", &q->location));
  KG_RETURN_IF_ERROR(ParseQuantity(*value, &q->quantity));
  if (const Json* negated = Member(*value, "negated")) {
    if (!negated->is_boolean()) return Expected("qualifiers.negated", "true or false", *negated);
    q->negated = negated->get<bool>();
  }
  KG_RETURN_IF_ERROR(ReadString(*value, "modality", "qualifiers.modality", false, &q->modality));
  KG_RETURN_IF_ERROR(ParseRef(*value, "attributed_to", &q->attributed_to));
  return Status::OK();
}

Status ParseEvidence(const Json& value, const std::string& path, Evidence* ev) {
  if (!value.is_object()) return Expected(path, "an object", value);
  KG_RETURN_IF_ERROR(ReadString(value, "doc", path + ".doc", true, &ev->doc));
  KG_RETURN_IF_ERROR(ReadString(value, "source", path + ".source", false, &ev->source));
  KG_RETURN_IF_ERROR(ReadString(value, "published", path + ".published", false, &ev->published));
  KG_RETURN_IF_ERROR(ReadString(value, "path", path + ".path", false, &ev->path));
  KG_RETURN_IF_ERROR(ReadString(value, "sentence", path + ".sentence", true, &ev->sentence));
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const Json* begin = Member(value, "begin");
  if (begin == nullptr) return Missing(path + ".begin");
  KG_RETURN_IF_ERROR(ReadUnsigned(*begin, path + ".begin", kMax, &ev->begin));
  const Json* end = Member(value, "end");
  if (end == nullptr) return Missing(path + ".end");
  KG_RETURN_IF_ERROR(ReadUnsigned(*end, path + ".end", kMax, &ev->end));
  KG_RETURN_IF_ERROR(ReadString(value, "rule", path + ".rule", false, &ev->rule));
  KG_RETURN_IF_ERROR(ReadString(value, "version", path + ".version", false, &ev->version));
  ev->confidence.reset();
  if (const Json* confidence = Member(value, "confidence")) {
    double c = 0;
    KG_RETURN_IF_ERROR(ReadDouble(*confidence, path + ".confidence", &c));
    ev->confidence = c;
  }
  return Status::OK();
}

Status ParseStatementObject(const Json& j, Statement* st) {
  if (!j.is_object()) {
    return Status::InvalidArgument("expected a JSON object (one statement per line), got " +
                                   Describe(j));
  }
  KG_RETURN_IF_ERROR(ReadString(j, "id", "id", false, &st->id));
  KG_RETURN_IF_ERROR(ParseNode(j, "subject", &st->subject));
  const Json* predicate = Member(j, "predicate");
  if (predicate == nullptr) return Missing("predicate");
  if (!predicate->is_object()) return Expected("predicate", "an object", *predicate);
  KG_RETURN_IF_ERROR(
      ReadString(*predicate, "lemma", "predicate.lemma", true, &st->predicate.lemma));
  KG_RETURN_IF_ERROR(ReadString(*predicate, "text", "predicate.text", false, &st->predicate.text));
  KG_RETURN_IF_ERROR(ParseNode(j, "object", &st->object));
  KG_RETURN_IF_ERROR(ParseQualifiers(j, &st->qualifiers));
  st->confidence = 1.0;
  if (const Json* confidence = Member(j, "confidence")) {
    KG_RETURN_IF_ERROR(ReadDouble(*confidence, "confidence", &st->confidence));
  }
  st->support = 0;
  if (const Json* support = Member(j, "support")) {
    uint64_t n = 0;
    KG_RETURN_IF_ERROR(ReadUnsigned(*support, "support", std::numeric_limits<uint32_t>::max(), &n));
    st->support = static_cast<uint32_t>(n);
  }
  st->outlets = 0;
  if (const Json* outlets = Member(j, "outlets")) {
    uint64_t n = 0;
    KG_RETURN_IF_ERROR(ReadUnsigned(*outlets, "outlets", std::numeric_limits<uint32_t>::max(), &n));
    st->outlets = static_cast<uint32_t>(n);
  }
  const Json* evidence = Member(j, "evidence");
  if (evidence == nullptr) return Missing("evidence");
  if (!evidence->is_array()) return Expected("evidence", "an array", *evidence);
  if (evidence->empty()) return Status::InvalidArgument("evidence: at least one is required");
  st->evidence.resize(evidence->size());
  for (size_t i = 0; i < evidence->size(); ++i) {
    KG_RETURN_IF_ERROR(
        ParseEvidence((*evidence)[i], "evidence[" + std::to_string(i) + "]", &st->evidence[i]));
  }
  return Status::OK();
}

// The fast path: simdjson reads well-formed lines about ten times faster than building a
// nlohmann tree. It accepts a line only when it is sure to give exactly what the nlohmann path
// gives; anything unusual (a syntax or type error, a duplicate key, "-0", an integer too large,
// a bad quantity) returns nullopt and the line goes through the nlohmann path, which writes the
// precise error message. So both paths agree on every line by construction, and tests compare
// them on the interchange fixtures.
namespace fast {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Keys are short: a loop compares them faster than a call to memcmp.
bool SameKey(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// The members of an object the format knows, by their index in the key list given to Read.
// `present` catches duplicates of those keys (nlohmann keeps the last one, simdjson finds the
// first). Lines written by FormatStatementJson list the keys in order, so the search for each
// starts after the last one found.
class Fields {
 public:
  // Collects the members named in `keys` (at most kMax); false on a duplicate.
  template <size_t N>
  bool Read(const object& o, const std::array<std::string_view, N>& keys) {
    static_assert(N <= kMax);
    present_.fill(false);
    size_t next = 0;
    for (auto field : o) {
      size_t i = next;
      for (size_t tried = 0; tried < N; ++tried, i = i + 1 == N ? 0 : i + 1) {
        if (!SameKey(field.key, keys[i])) continue;
        if (present_[i]) return false;
        present_[i] = true;
        found_[i] = field.value;
        next = i + 1 == N ? 0 : i + 1;
        break;
      }
    }
    return true;
  }
  // The member with key index `i`, or nullptr when absent or null.
  const element* Get(size_t i) const {
    return present_[i] && !found_[i].is_null() ? &found_[i] : nullptr;
  }

 private:
  static constexpr size_t kMax = 10;
  std::array<element, kMax> found_;
  std::array<bool, kMax> present_{};
};

// True when a number in `line` may be "-0" (after ':', ',' or '[' and optional spaces).
// nlohmann reads it as a signed integer, simdjson as 0 or -0.0; such lines take the slow path.
bool MayHoldNegativeZero(std::string_view line) {
  for (size_t at = line.find("-0"); at != std::string_view::npos; at = line.find("-0", at + 2)) {
    size_t i = at;
    while (i > 0 && IsAsciiSpace(line[i - 1])) --i;
    if (i > 0 && (line[i - 1] == ':' || line[i - 1] == ',' || line[i - 1] == '[')) return true;
  }
  return false;
}

bool String(const element* e, std::string* out, const char* fallback = "") {
  if (e == nullptr) {
    *out = fallback;
    return true;
  }
  std::string_view v;
  if (e->get_string().get(v) != simdjson::SUCCESS) return false;
  out->assign(v);
  return true;
}

bool Unsigned(const element* e, uint64_t max, uint64_t* out) {
  if (e == nullptr) return false;
  if (e->type() == element_type::UINT64) {
    *out = e->get_uint64().value_unsafe();
  } else if (e->type() == element_type::INT64 && e->get_int64().value_unsafe() >= 0) {
    *out = static_cast<uint64_t>(e->get_int64().value_unsafe());
  } else {
    return false;
  }
  return *out <= max;
}

bool Double(const element* e, double* out) {
  if (e == nullptr) return false;
  const element_type t = e->type();
  if (t != element_type::DOUBLE && t != element_type::INT64 && t != element_type::UINT64) {
    return false;
  }
  return e->get_double().get(*out) == simdjson::SUCCESS;
}

constexpr std::array<std::string_view, 5> kNodeKeys = {"id", "name", "text", "type", "aliases"};
enum NodeField { kNodeId, kNodeName, kNodeText, kNodeType, kNodeAliases };

bool NodeOf(const element* e, Node* node) {
  object o;
  if (e == nullptr || e->get_object().get(o) != simdjson::SUCCESS) return false;
  Fields f;
  if (!f.Read(o, kNodeKeys)) return false;
  if (f.Get(kNodeId) == nullptr || !String(f.Get(kNodeId), &node->id)) return false;
  const NodeField name_key =
      f.Get(kNodeName) == nullptr && f.Get(kNodeText) != nullptr ? kNodeText : kNodeName;
  if (f.Get(name_key) == nullptr || !String(f.Get(name_key), &node->name)) return false;
  if (!String(f.Get(kNodeType), &node->type, "OTHER")) return false;
  node->kind = IsLiteralType(node->type) ? NodeKind::kLiteral : NodeKind::kEntity;
  node->aliases.clear();
  if (const element* aliases = f.Get(kNodeAliases)) {
    simdjson::dom::array a;
    if (aliases->get_array().get(a) != simdjson::SUCCESS) return false;
    for (element alias : a) {
      std::string_view text;
      if (alias.get_string().get(text) != simdjson::SUCCESS) return false;
      node->aliases.push_back({std::string(text), 1});
    }
  }
  std::sort(node->aliases.begin(), node->aliases.end(),
            [](const Alias& a, const Alias& b) { return a.text < b.text; });
  node->aliases.erase(std::unique(node->aliases.begin(), node->aliases.end(),
                                  [](const Alias& a, const Alias& b) { return a.text == b.text; }),
                      node->aliases.end());
  return true;
}

bool RefOf(const element* e, std::optional<NodeRef>* ref) {
  ref->reset();
  if (e == nullptr) return true;
  NodeRef out;
  if (e->is_string()) {
    out.id.assign(e->get_string().value_unsafe());
    if (out.id.empty()) return true;
  } else {
    object o;
    if (e->get_object().get(o) != simdjson::SUCCESS) return false;
    Fields f;
    if (!f.Read(o, std::array<std::string_view, 2>{"id", "name"})) return false;
    if (f.Get(0) == nullptr || !String(f.Get(0), &out.id)) return false;
    if (!String(f.Get(1), &out.name)) return false;
  }
  *ref = std::move(out);
  return true;
}

bool QuantityOf(const element* e, std::optional<Quantity>* quantity) {
  quantity->reset();
  if (e == nullptr) return true;
  Quantity q;
  if (e->is_number()) {
    if (!Double(e, &q.value)) return false;
  } else if (e->is_string()) {
    std::optional<Quantity> parsed = ParseQuantityText(e->get_string().value_unsafe());
    if (!parsed) return false;
    q = std::move(*parsed);
  } else {
    object o;
    if (e->get_object().get(o) != simdjson::SUCCESS) return false;
    Fields f;
    if (!f.Read(o, std::array<std::string_view, 3>{"value", "comparator", "unit"})) return false;
    if (!Double(f.Get(0), &q.value)) return false;
    if (!String(f.Get(1), &q.comparator, "=")) return false;
    static constexpr std::string_view kComparators[] = {"=", "<", "<=", ">", ">=", "~"};
    if (std::find(std::begin(kComparators), std::end(kComparators), q.comparator) ==
        std::end(kComparators)) {
      return false;
    }
    if (!String(f.Get(2), &q.unit)) return false;
  }
  *quantity = std::move(q);
  return true;
}

constexpr std::array<std::string_view, 6> kQualifierKeys = {"time",    "location", "quantity",
                                                            "negated", "modality", "attributed_to"};
enum QualifierField { kTime, kLocation, kQuantity, kNegated, kModality, kAttributedTo };

bool QualifiersOf(const element* e, Qualifiers* q) {
  q->time.clear();
  q->negated = false;
  q->modality.clear();
  if (e == nullptr) {
    q->location.reset();
    q->quantity.reset();
    q->attributed_to.reset();
    return true;
  }
  object o;
  if (e->get_object().get(o) != simdjson::SUCCESS) return false;
  Fields f;
  if (!f.Read(o, kQualifierKeys)) return false;
  if (const element* time = f.Get(kTime)) {
    uint64_t year = 0;
    if (time->is_string()) {
      q->time.assign(time->get_string().value_unsafe());
    } else if (Unsigned(time, std::numeric_limits<uint64_t>::max(), &year)) {
      q->time = std::to_string(year);
    } else {
      return false;
    }
  }
  if (!RefOf(f.Get(kLocation), &q->location)) return false;
  if (!QuantityOf(f.Get(kQuantity), &q->quantity)) return false;
  if (const element* negated = f.Get(kNegated)) {
    if (!negated->is_bool()) return false;
    q->negated = negated->get_bool().value_unsafe();
  }
  if (!String(f.Get(kModality), &q->modality)) return false;
  return RefOf(f.Get(kAttributedTo), &q->attributed_to);
}

constexpr std::array<std::string_view, 10> kEvidenceKeys = {
    "doc",   "source", "published", "path",    "sentence",
    "begin", "end",    "rule",      "version", "confidence"};
enum EvidenceField {
  kDoc,
  kSource,
  kPublished,
  kPath,
  kSentence,
  kBegin,
  kEnd,
  kRule,
  kVersion,
  kEvidenceConfidence
};

bool EvidenceOf(const element& e, Evidence* ev) {
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return false;
  Fields f;
  if (!f.Read(o, kEvidenceKeys)) return false;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  if (f.Get(kDoc) == nullptr || !String(f.Get(kDoc), &ev->doc)) return false;
  if (!String(f.Get(kSource), &ev->source) || !String(f.Get(kPublished), &ev->published) ||
      !String(f.Get(kPath), &ev->path)) {
    return false;
  }
  if (f.Get(kSentence) == nullptr || !String(f.Get(kSentence), &ev->sentence)) return false;
  if (!Unsigned(f.Get(kBegin), kMax, &ev->begin) || !Unsigned(f.Get(kEnd), kMax, &ev->end)) {
    return false;
  }
  if (!String(f.Get(kRule), &ev->rule) || !String(f.Get(kVersion), &ev->version)) return false;
  ev->confidence.reset();
  if (const element* confidence = f.Get(kEvidenceConfidence)) {
    double c = 0;
    if (!Double(confidence, &c)) return false;
    ev->confidence = c;
  }
  return true;
}

constexpr std::array<std::string_view, 9> kStatementKeys = {"id",      "subject",    "predicate",
                                                            "object",  "qualifiers", "confidence",
                                                            "support", "outlets",    "evidence"};
enum StatementField {
  kId,
  kSubject,
  kPredicate,
  kObject,
  kQualifiers,
  kConfidence,
  kSupport,
  kOutlets,
  kEvidence
};

static_assert(kJsonLinePadding >= simdjson::SIMDJSON_PADDING);

// Parses `line` into *st, overwriting every field (so the memory *st holds is reused); false
// when the line must go through the slow path, leaving *st partly written. `padded`: see
// ParseValidStatementJson.
bool Parse(std::string_view line, bool padded, Statement* st) {
  if (MayHoldNegativeZero(line)) return false;
  thread_local simdjson::dom::parser parser;
  element root;
  if (parser.parse(line.data(), line.size(), !padded).get(root) != simdjson::SUCCESS) {
    return false;
  }
  object o;
  if (root.get_object().get(o) != simdjson::SUCCESS) return false;
  Fields f;
  if (!f.Read(o, kStatementKeys)) return false;
  if (!String(f.Get(kId), &st->id)) return false;
  if (!NodeOf(f.Get(kSubject), &st->subject)) return false;
  object predicate;
  if (f.Get(kPredicate) == nullptr ||
      f.Get(kPredicate)->get_object().get(predicate) != simdjson::SUCCESS) {
    return false;
  }
  Fields pf;
  if (!pf.Read(predicate, std::array<std::string_view, 2>{"lemma", "text"})) return false;
  if (pf.Get(0) == nullptr || !String(pf.Get(0), &st->predicate.lemma) ||
      !String(pf.Get(1), &st->predicate.text)) {
    return false;
  }
  if (!NodeOf(f.Get(kObject), &st->object)) return false;
  if (!QualifiersOf(f.Get(kQualifiers), &st->qualifiers)) return false;
  st->confidence = 1.0;
  if (f.Get(kConfidence) != nullptr && !Double(f.Get(kConfidence), &st->confidence)) return false;
  st->support = 0;
  if (const element* support = f.Get(kSupport)) {
    uint64_t n = 0;
    if (!Unsigned(support, std::numeric_limits<uint32_t>::max(), &n)) return false;
    st->support = static_cast<uint32_t>(n);
  }
  st->outlets = 0;
  if (const element* outlets = f.Get(kOutlets)) {
    uint64_t n = 0;
    if (!Unsigned(outlets, std::numeric_limits<uint32_t>::max(), &n)) return false;
    st->outlets = static_cast<uint32_t>(n);
  }
  simdjson::dom::array evidence;
  if (f.Get(kEvidence) == nullptr ||
      f.Get(kEvidence)->get_array().get(evidence) != simdjson::SUCCESS || evidence.size() == 0) {
    return false;
  }
  st->evidence.resize(evidence.size());
  size_t i = 0;
  for (element e : evidence) {
    if (!EvidenceOf(e, &st->evidence[i++])) return false;
  }
  return true;
}

}  // namespace fast

// nlohmann's what() without its "[json.exception.out_of_range.406] " prefix.
std::string WithoutExceptionName(const std::string& what) {
  if (what.empty() || what[0] != '[') return what;
  const size_t end = what.find("] ");
  return end == std::string::npos ? what : what.substr(end + 2);
}

// "JSON syntax error at column 57: syntax error while parsing object - unexpected '}'; ...".
// nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 57: ...";
// the line is always 1 here, so only the column (a byte count) is kept.
Status SyntaxError(const Json::parse_error& e) {
  std::string detail = e.what();
  const size_t at = detail.find("parse error");
  if (at != std::string::npos) {
    const size_t colon = detail.find(": ", at);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
  }
  return Status::InvalidArgument("JSON syntax error at column " + std::to_string(e.byte) + ": " +
                                 Truncate(detail, 2 * kMaxQuotedBytes));
}

OrderedJson NodeJson(const Node& node) {
  std::vector<std::string> aliases;
  aliases.reserve(node.aliases.size());
  for (const Alias& alias : node.aliases) aliases.push_back(alias.text);
  std::sort(aliases.begin(), aliases.end());
  aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
  OrderedJson j = OrderedJson::object();
  j["id"] = node.id;
  j["name"] = node.name;
  j["type"] = node.type;
  j["aliases"] = OrderedJson::array();
  for (std::string& alias : aliases) j["aliases"].push_back(std::move(alias));
  return j;
}

OrderedJson RefJson(const std::optional<NodeRef>& ref) {
  if (!ref) return nullptr;
  OrderedJson j = OrderedJson::object();
  j["id"] = ref->id;
  j["name"] = ref->name;
  return j;
}

OrderedJson EmptyAsNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

}  // namespace

Result<Statement> ParseStatementJson(std::string_view line) {
  Statement st;
  if (fast::Parse(line, /*padded=*/false, &st)) return st;
  return ParseStatementJsonSlow(line);
}

Status ParseValidStatementJson(std::string_view line, bool padded, Statement* statement) {
  // Text simdjson accepted is valid UTF-8, escapes included (it rejects lone surrogates).
  if (fast::Parse(line, padded, statement)) return ValidateStatement(*statement, true);
  Result<Statement> parsed = ParseStatementJsonSlow(line);
  if (!parsed.ok()) return parsed.status();
  *statement = std::move(parsed).value();
  return ValidateStatement(*statement);
}

Result<Statement> ParseStatementJsonSlow(std::string_view line) {
  // nlohmann would also reject bad UTF-8, but ValidateUtf8 says where in plainer words.
  KG_RETURN_IF_ERROR(ValidateUtf8(line));
  Json j;
  try {
    j = Json::parse(line.begin(), line.end());
  } catch (const Json::parse_error& e) {
    return SyntaxError(e);
  } catch (const Json::exception& e) {  // e.g. out_of_range: a number too large for a double
    return Status::InvalidArgument("JSON error: " + WithoutExceptionName(e.what()));
  }
  Statement st;
  try {
    KG_RETURN_IF_ERROR(ParseStatementObject(j, &st));
  } catch (const Json::exception& e) {  // not expected: every access is type-checked first
    return Status::Internal(std::string("reading statement JSON: ") + e.what());
  }
  return st;
}

std::string FormatStatementJson(const Statement& st) {
  OrderedJson j = OrderedJson::object();
  j["id"] = st.id;
  j["subject"] = NodeJson(st.subject);
  OrderedJson predicate = OrderedJson::object();
  predicate["lemma"] = st.predicate.lemma;
  predicate["text"] = st.predicate.text;
  j["predicate"] = std::move(predicate);
  j["object"] = NodeJson(st.object);

  const Qualifiers& q = st.qualifiers;
  OrderedJson qualifiers = OrderedJson::object();
  qualifiers["time"] = EmptyAsNull(q.time);
  qualifiers["location"] = RefJson(q.location);
  if (q.quantity) {
    OrderedJson quantity = OrderedJson::object();
    quantity["value"] = q.quantity->value;
    quantity["comparator"] = q.quantity->comparator;
    quantity["unit"] = q.quantity->unit;
    qualifiers["quantity"] = std::move(quantity);
  } else {
    qualifiers["quantity"] = nullptr;
  }
  qualifiers["negated"] = q.negated;
  qualifiers["modality"] = EmptyAsNull(q.modality);
  qualifiers["attributed_to"] = RefJson(q.attributed_to);
  j["qualifiers"] = std::move(qualifiers);

  j["confidence"] = st.confidence;
  j["support"] = st.support;
  j["outlets"] = st.outlets;
  OrderedJson evidence = OrderedJson::array();
  for (const Evidence& ev : st.evidence) {
    OrderedJson e = OrderedJson::object();
    e["doc"] = ev.doc;
    e["source"] = ev.source;
    e["published"] = ev.published;
    e["path"] = ev.path;
    e["sentence"] = ev.sentence;
    e["begin"] = ev.begin;
    e["end"] = ev.end;
    e["rule"] = ev.rule;
    e["version"] = ev.version;
    if (ev.confidence) {
      e["confidence"] = *ev.confidence;
    } else {
      e["confidence"] = nullptr;
    }
    evidence.push_back(std::move(e));
  }
  j["evidence"] = std::move(evidence);
  // Invalid UTF-8 (which validated statements never hold) is written as U+FFFD, never thrown.
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace kg::core
