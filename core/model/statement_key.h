// Identity of statements and evidence, and validation of what callers hand in.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kg/model.h"
#include "kg/status.h"

namespace kg::core {

// The canonical key of a statement: subject id, predicate lemma, object id and the key
// qualifiers, joined with separators that cannot occur in them unescaped.
std::string StatementKey(const Statement& statement);
// "st:" + 32 hex digits of the 128-bit hash of StatementKey.
std::string StatementId(const Statement& statement);
// Identity of one piece of evidence within its statement: document, span and rule.
uint64_t EvidenceHash(const Evidence& evidence);
// The id of a document the caller gave none: "d:" + 16 hex digits of the content hash of its
// (cleaned) text. Readers and the store both use this, so one text has one id everywhere.
std::string DocumentIdForText(std::string_view text);

// Checks what the store requires of a statement: non-empty node ids and names, a predicate
// lemma, at least one evidence with a document and begin <= end, types as upper-case words,
// valid UTF-8 everywhere, finite confidences in [0, 1], a known comparator and modality.
// The error message names the offending field ("subject.id: empty").
// `text_is_utf8`: every string is already known to be valid UTF-8 (it was parsed from JSON
// whose UTF-8 the parser checked), so those checks, the only costly ones, are skipped.
Status ValidateStatement(const Statement& statement, bool text_is_utf8 = false);
Status ValidateDocument(const Document& document);

// A time qualifier as an inclusive range of days, each as yyyymmdd ("2014" → 20140101..20141231,
// "2025-02/2025-04" → 20250201..20250430). Both 0 when the text is empty or not a date.
struct DayRange {
  int32_t first = 0;
  int32_t last = 0;
  bool empty() const { return first == 0; }
};
DayRange ParseDayRange(const std::string& time);
// OK when `time` is empty, an ISO 8601 date, year-month, year, or two of them joined by '/'.
Status ValidateTime(const std::string& time);

}  // namespace kg::core
