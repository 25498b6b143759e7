// The on-disk container of every NLP model (tagger, lemmatizer, parser) and the bounds-checked
// byte codec their payloads are written with.
//
// Layout (little-endian):
//   magic "KGNLPMDL" | u32 container version | u32 kind length, kind | u32 component version |
//   u32 metadata length, metadata (JSON text) | u64 payload length, payload |
//   u64 XXH3 checksum of every byte before it
// A file is refused with a clear Status when the magic, the container or component version,
// the kind, the lengths or the checksum do not match, so a truncated, corrupted or older file
// never reaches a decoder.
// Thread-safety: the functions are reentrant; ByteWriter/ByteReader are plain values.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "kg/status.h"

namespace kg::core::nlp {

inline constexpr char kModelMagic[8] = {'K', 'G', 'N', 'L', 'P', 'M', 'D', 'L'};
inline constexpr uint32_t kModelContainerVersion = 1;

// Appends fixed-width little-endian values and length-prefixed strings to a byte string.
class ByteWriter {
 public:
  template <typename T>
  void Put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const size_t at = out_.size();
    out_.resize(at + sizeof(T));
    std::memcpy(out_.data() + at, &value, sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  template <typename T>
  void PutArray(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(v.size());
    const size_t at = out_.size();
    out_.resize(at + v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(out_.data() + at, v.data(), v.size() * sizeof(T));
  }
  const std::string& bytes() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote. Every Get returns false (and reads nothing) when the input is
// too short or a length is implausible, so decoders turn damage into a Status, never a crash.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T* value) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (in_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(value, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetString(std::string* s) {
    uint32_t n = 0;
    if (!Get(&n) || in_.size() - pos_ < n) return false;
    s->assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <typename T>
  bool GetArray(std::vector<T>* v) {
    uint64_t n = 0;
    if (!Get(&n) || n > (in_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    if (n) std::memcpy(v->data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool AtEnd() const { return pos_ == in_.size(); }
  size_t position() const { return pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// A model as stored: what it is, its metadata and its component-specific payload.
struct ModelFile {
  std::string kind;            // "tagger", "lemmatizer", "parser"
  uint32_t component_version;  // the feature/format version of that component
  std::string metadata;        // JSON object: data, command, seed, scores, ...
  std::string payload;
};

// Writes `model` to `path` atomically (a temporary file renamed into place).
// Errors: IOError naming the path.
Status WriteModelFile(const std::string& path, const ModelFile& model);

// Reads and checks a model file. `kind` and `component_version` are what the caller can decode.
// Errors: NotFound/IOError (cannot read), Corruption (bad magic, truncated, checksum mismatch),
// Incompatible (container or component version this build cannot read), InvalidArgument (a
// model of another kind). Messages name the path.
Result<ModelFile> ReadModelFile(const std::string& path, std::string_view kind,
                                uint32_t component_version);

// Decodes a model file already in memory; `what` names it in errors.
Result<ModelFile> DecodeModelFile(std::string_view bytes, std::string_view kind,
                                  uint32_t component_version, const std::string& what);
// Encodes a model file to bytes (what WriteModelFile writes).
std::string EncodeModelFile(const ModelFile& model);

}  // namespace kg::core::nlp
