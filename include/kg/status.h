// Status and Result<T>: how every kgraph call reports success or failure.
//
// A Status is cheap to copy when ok. Functions that return a value return Result<T>, which holds
// either the value or a non-ok Status. Both are [[nodiscard]]: ignoring an error is a bug.
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kg {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad user input: malformed JSON, unknown option, bad name
    kNotFound,         // the named document, entity or statement does not exist
    kCorruption,       // stored data fails a consistency check
    kIOError,          // the file system refused (permissions, missing path, disk full)
    kBusy,             // another process holds the store for writing
    kIncompatible,     // the store was written by a schema version this build cannot read
    kReadOnly,         // a write was attempted on a store opened read-only
    kCancelled,        // the caller cancelled (Ctrl-C)
    kLimitExceeded,    // a configured limit (rows, time, budget) was exceeded
    kInternal,         // a bug in kgraph; please report it
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {Code::kIOError, std::move(msg)}; }
  static Status Busy(std::string msg) { return {Code::kBusy, std::move(msg)}; }
  static Status Incompatible(std::string msg) { return {Code::kIncompatible, std::move(msg)}; }
  static Status ReadOnly(std::string msg) { return {Code::kReadOnly, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {Code::kCancelled, std::move(msg)}; }
  static Status LimitExceeded(std::string msg) { return {Code::kLimitExceeded, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Where in the user's text (a query, an input file) the problem is: 1-based line and column
  // (code points), 0 when the error has no location.
  uint32_t line() const { return line_; }
  uint32_t column() const { return column_; }
  // Returns a copy that carries a location. The message is not changed.
  Status WithLocation(uint32_t line, uint32_t column) const {
    Status s = *this;
    s.line_ = line;
    s.column_ = column;
    return s;
  }

  // True when the failure is the caller's (bad input, missing thing, locked or incompatible
  // store), false for internal errors and corruption. The CLI maps this to exit code 1 vs 2.
  bool IsUserError() const {
    return code_ != Code::kOk && code_ != Code::kInternal && code_ != Code::kCorruption;
  }

  // "Invalid argument: line 3: ..." style text for people.
  std::string ToString() const {
    if (ok()) return "OK";
    return std::string(CodeName(code_)) + ": " + message_;
  }

  // Returns a copy whose message is prefixed with `context` and ": ".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    Status s = *this;
    s.message_ = context + ": " + message_;
    return s;
  }

  static const char* CodeName(Code code) {
    switch (code) {
      case Code::kOk:
        return "OK";
      case Code::kInvalidArgument:
        return "Invalid argument";
      case Code::kNotFound:
        return "Not found";
      case Code::kCorruption:
        return "Corruption";
      case Code::kIOError:
        return "IO error";
      case Code::kBusy:
        return "Busy";
      case Code::kIncompatible:
        return "Incompatible store";
      case Code::kReadOnly:
        return "Read-only";
      case Code::kCancelled:
        return "Cancelled";
      case Code::kLimitExceeded:
        return "Limit exceeded";
      case Code::kInternal:
        return "Internal error";
    }
    return "Unknown";
  }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
  uint32_t line_ = 0;
  uint32_t column_ = 0;
};

// Either a T or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // REQUIRES: !status.ok()
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace kg

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define KG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::kg::Status kg_status_ = (expr);        \
    if (!kg_status_.ok()) return kg_status_; \
  } while (0)
