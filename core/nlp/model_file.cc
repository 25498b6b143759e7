#include "core/nlp/model_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/text.h"

namespace kg::core::nlp {

std::string EncodeModelFile(const ModelFile& model) {
  ByteWriter w;
  for (char c : kModelMagic) w.Put<char>(c);
  w.Put<uint32_t>(kModelContainerVersion);
  w.PutString(model.kind);
  w.Put<uint32_t>(model.component_version);
  w.PutString(model.metadata);
  w.Put<uint64_t>(model.payload.size());
  std::string bytes = w.Release();
  bytes += model.payload;
  const uint64_t checksum = Hash64(bytes);
  bytes.append(reinterpret_cast<const char*>(&checksum), sizeof(checksum));
  return bytes;
}

Status WriteModelFile(const std::string& path, const ModelFile& model) {
  const std::string bytes = EncodeModelFile(model);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write model file " + tmp);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Status::IOError("cannot write model file " + tmp + " (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::OK();
}

Result<ModelFile> DecodeModelFile(std::string_view bytes, std::string_view kind,
                                  uint32_t component_version, const std::string& what) {
  const std::string expected = "a kgraph " + std::string(kind) + " model";
  if (bytes.size() < sizeof(kModelMagic) ||
      std::memcmp(bytes.data(), kModelMagic, sizeof(kModelMagic)) != 0) {
    return Status::Corruption(what + " is not " + expected + " (bad magic)");
  }
  if (bytes.size() < sizeof(kModelMagic) + 4 + sizeof(uint64_t)) {
    return Status::Corruption(what + " is truncated (" + std::to_string(bytes.size()) + " bytes)");
  }
  ByteReader r(bytes.substr(0, bytes.size() - sizeof(uint64_t)));
  char magic[8];
  for (char& c : magic) (void)r.Get(&c);
  uint32_t container = 0;
  (void)r.Get(&container);
  if (container != kModelContainerVersion) {
    return Status::Incompatible(what + ": model container version " + std::to_string(container) +
                                ", this build reads version " +
                                std::to_string(kModelContainerVersion) + "; retrain with kg-train");
  }
  ModelFile m;
  uint64_t payload_size = 0;
  if (!r.GetString(&m.kind) || !r.Get(&m.component_version) || !r.GetString(&m.metadata) ||
      !r.Get(&payload_size) || payload_size != bytes.size() - sizeof(uint64_t) - r.position()) {
    return Status::Corruption(what + " is truncated or damaged (header lengths do not match the " +
                              std::to_string(bytes.size()) + "-byte file)");
  }
  uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - sizeof(stored), sizeof(stored));
  if (stored != Hash64(bytes.substr(0, bytes.size() - sizeof(stored)))) {
    return Status::Corruption(what + ": checksum mismatch (the file is damaged)");
  }
  if (m.kind != kind) {
    return Status::InvalidArgument(what + " is a " + m.kind + " model, expected " + expected);
  }
  if (m.component_version != component_version) {
    return Status::Incompatible(what + ": " + m.kind + " model version " +
                                std::to_string(m.component_version) + ", this build reads version " +
                                std::to_string(component_version) + "; retrain with kg-train");
  }
  m.payload.assign(bytes.data() + r.position(), payload_size);
  return m;
}

Result<ModelFile> ReadModelFile(const std::string& path, std::string_view kind,
                                uint32_t component_version) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound("model file " + path + " does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open model file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read model file " + path);
  return DecodeModelFile(ss.str(), kind, component_version, path);
}

}  // namespace kg::core::nlp
