#include "core/nlp/conllu.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/text.h"

namespace kg::core::nlp {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

bool ParseInt(std::string_view s, int* v) {
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size() && *v >= 0;
}

Status LineError(const std::string& what, uint32_t line, const std::string& msg) {
  return Status::InvalidArgument(what + ":" + std::to_string(line) + ": " + msg)
      .WithLocation(line, 1);
}

}  // namespace

bool NoSpaceAfter(std::string_view misc) {
  size_t start = 0;
  while (start <= misc.size()) {
    size_t bar = misc.find('|', start);
    if (bar == std::string_view::npos) bar = misc.size();
    if (misc.substr(start, bar - start) == "SpaceAfter=No") return true;
    start = bar + 1;
  }
  return false;
}

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, const std::string& what) {
  if (Status s = ValidateUtf8(text); !s.ok()) {
    // Name the line of the bad byte as well as its offset.
    uint32_t line = 1;
    const std::string& msg = s.message();
    const size_t at = msg.find("offset ");
    size_t offset = 0;
    if (at != std::string::npos) offset = std::strtoull(msg.c_str() + at + 7, nullptr, 10);
    for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
    return LineError(what, line, s.message());
  }
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  bool open = false;
  uint32_t line_no = 0;
  size_t pos = 0;
  auto finish = [&](uint32_t at) -> Status {
    if (!open) return Status::OK();
    if (cur.words.empty()) return LineError(what, at, "sentence without words");
    for (const ConlluMultiword& m : cur.multiwords) {
      if (m.last > static_cast<int>(cur.words.size())) {
        return LineError(what, at, "multiword token range past the sentence's last word");
      }
    }
    for (size_t i = 0; i < cur.words.size(); ++i) {
      if (cur.words[i].head > static_cast<int>(cur.words.size())) {
        return LineError(what, cur.line, "word " + std::to_string(i + 1) + " has head " +
                                             std::to_string(cur.words[i].head) +
                                             " past the end of its sentence");
      }
    }
    out.push_back(std::move(cur));
    cur = ConlluSentence{};
    open = false;
    return Status::OK();
  };
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      KG_RETURN_IF_ERROR(finish(line_no));
      continue;
    }
    if (!open) {
      open = true;
      cur.line = line_no;
    }
    if (line[0] == '#') {
      cur.comments.emplace_back(line);
      continue;
    }
    const std::vector<std::string_view> cols = SplitTabs(line);
    if (cols.size() != 10) {
      return LineError(what, line_no,
                       "expected 10 tab-separated columns, found " + std::to_string(cols.size()));
    }
    const std::string_view id = cols[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node (enhanced graphs only)
    if (const size_t dash = id.find('-'); dash != std::string_view::npos) {
      ConlluMultiword m;
      if (!ParseInt(id.substr(0, dash), &m.first) || !ParseInt(id.substr(dash + 1), &m.last) ||
          m.first != static_cast<int>(cur.words.size()) + 1 || m.last < m.first) {
        return LineError(what, line_no, "bad multiword token id '" + std::string(id) + "'");
      }
      m.form = cols[1];
      m.misc = cols[9];
      cur.multiwords.push_back(std::move(m));
      continue;
    }
    int n = 0;
    if (!ParseInt(id, &n) || n != static_cast<int>(cur.words.size()) + 1) {
      return LineError(what, line_no,
                       "word id '" + std::string(id) + "' where " +
                           std::to_string(cur.words.size() + 1) + " was expected");
    }
    ConlluWord w;
    w.form = cols[1];
    w.lemma = cols[2];
    w.upos = cols[3];
    w.xpos = cols[4];
    w.feats = cols[5];
    if (cols[6] != "_" && !ParseInt(cols[6], &w.head)) {
      return LineError(what, line_no, "bad head '" + std::string(cols[6]) + "'");
    }
    w.deprel = cols[7];
    w.deps = cols[8];
    w.misc = cols[9];
    if (w.form.empty()) return LineError(what, line_no, "empty form");
    cur.words.push_back(std::move(w));
  }
  KG_RETURN_IF_ERROR(finish(line_no + 1));
  return out;
}

Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound("CoNLL-U file " + path + " does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read " + path);
  return ParseConllu(ss.str(), path);
}

std::string FormatConllu(const std::vector<ConlluSentence>& sentences) {
  std::string out;
  auto field = [&](const std::string& s) { out += s.empty() ? "_" : s; };
  for (const ConlluSentence& s : sentences) {
    for (const std::string& c : s.comments) out += c + "\n";
    size_t m = 0;
    for (size_t i = 0; i < s.words.size(); ++i) {
      const int id = static_cast<int>(i) + 1;
      while (m < s.multiwords.size() && s.multiwords[m].first == id) {
        const ConlluMultiword& mw = s.multiwords[m++];
        out += std::to_string(mw.first) + "-" + std::to_string(mw.last) + "\t" + mw.form +
               "\t_\t_\t_\t_\t_\t_\t_\t" + (mw.misc.empty() ? "_" : mw.misc) + "\n";
      }
      const ConlluWord& w = s.words[i];
      out += std::to_string(id) + "\t";
      field(w.form);
      out += "\t";
      field(w.lemma);
      out += "\t";
      field(w.upos);
      out += "\t";
      field(w.xpos);
      out += "\t";
      field(w.feats);
      out += "\t" + (w.head < 0 ? std::string("_") : std::to_string(w.head)) + "\t";
      field(w.deprel);
      out += "\t";
      field(w.deps);
      out += "\t";
      field(w.misc);
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace kg::core::nlp
