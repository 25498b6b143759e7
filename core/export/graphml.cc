#include "core/export/graphml.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <ios>
#include <streambuf>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <boost/property_map/property_map.hpp>
#include <nlohmann/json.hpp>

namespace kg::core {

namespace {

struct VertexProps {
  std::string kgid;
  std::string name;
  std::string type;
  std::string kind;
  std::string aliases;
};

struct EdgeProps {
  std::string kgid;
  std::string predicate;
  std::string text;
  uint32_t support = 0;
  uint32_t outlets = 0;
  double confidence = 0;
  std::string time;
  std::string sources;
  bool negated = false;
  std::string modality;
  std::string attributed_to;
};

// bidirectionalS rather than directedS: its edges() walks one global edge list in insertion
// order, so <edge>s come out in the caller's order (directedS groups them by source vertex).
// write_graphml still writes edgedefault="directed".
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// What the readable maps below hand to write_graphml: it prints values with operator<< on a
// default std::ostringstream, which gives 6 significant digits for doubles and 1/0 for bools.
// These wrappers print the shortest round-trip form and "true"/"false" (the GraphML spelling)
// while the maps keep value_type double/bool, so the <key> still says attr.type="double" or
// "boolean".
struct DoubleText {
  double value;
  friend std::ostream& operator<<(std::ostream& os, const DoubleText& d) {
    // XML Schema spellings, which Java-based readers also accept (to_chars writes "nan", "inf").
    if (std::isnan(d.value)) return os << "NaN";
    if (std::isinf(d.value)) return os << (d.value > 0 ? "INF" : "-INF");
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d.value);
    if (ec != std::errc()) return os << "NaN";  // cannot happen with 64 bytes
    return os.write(buf, end - buf);
  }
};

struct BoolText {
  bool value;
  friend std::ostream& operator<<(std::ostream& os, const BoolText& b) {
    return os << (b.value ? "true" : "false");
  }
};

// A read-only property map over one bundled member, returning `Reference` (one of the text
// wrappers above) while declaring `Value` as its value type.
template <typename Key, typename Bundle, typename Value, typename Reference>
class FormattedMemberMap {
 public:
  using key_type = Key;
  using value_type = Value;
  using reference = Reference;
  using category = boost::readable_property_map_tag;

  // `graph` is not owned and must outlive the map.
  FormattedMemberMap(const Graph* graph, Value Bundle::*member) : graph_(graph), member_(member) {}

  // Lower case because Boost finds it by argument-dependent lookup as get(map, key).
  friend Reference get(const FormattedMemberMap& map,  // NOLINT(readability-identifier-naming)
                       const Key& key) {
    return Reference{(*map.graph_)[key].*map.member_};
  }

 private:
  const Graph* graph_;
  Value Bundle::*member_;
};

// Passes everything through to `dest`, writing '\r' as "&#13;". write_graphml only writes '\n'
// itself, so every '\r' is inside text; a bare one would be read back as '\n' (XML end-of-line
// normalisation), the character reference is read back as '\r'.
class CarriageReturnEscaper : public std::streambuf {
 public:
  // `dest` is not owned and must outlive this object.
  explicit CarriageReturnEscaper(std::streambuf* dest) : dest_(dest) {}

  bool HasFailed() const { return failed_; }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    const char c = traits_type::to_char_type(ch);
    return xsputn(&c, 1) == 1 ? ch : traits_type::eof();
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    static constexpr std::string_view kCr = "&#13;";
    std::streamsize start = 0;
    for (std::streamsize i = 0; i <= n; ++i) {
      if (i < n && s[i] != '\r') continue;
      if (!Put(s + start, i - start)) return 0;
      if (i < n && !Put(kCr.data(), static_cast<std::streamsize>(kCr.size()))) return 0;
      start = i + 1;
    }
    return n;
  }

  int sync() override { return dest_->pubsync() == 0 && !failed_ ? 0 : -1; }

 private:
  bool Put(const char* s, std::streamsize n) {
    if (n > 0 && dest_->sputn(s, n) != n) failed_ = true;
    return !failed_;
  }

  std::streambuf* dest_;
  bool failed_ = false;
};

// A JSON array of strings, each made XML-safe. nlohmann escapes control characters as \u00XX,
// and XmlSafeText turns U+FFFE/U+FFFF into \uFFFE text, which is the JSON escape for the same
// character, so a JSON parser gets the original strings back (invalid UTF-8 becomes U+FFFD).
std::string JsonArrayText(const std::vector<std::string>& items) {
  nlohmann::json array = nlohmann::json::array();
  for (const std::string& item : items) array.push_back(item);
  return XmlSafeText(array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AppendEscape(char32_t cp, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
  out->append(buf);
}

}  // namespace

std::string XmlSafeText(const std::string& text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      if (b0 < 0x20 && b0 != '\t' && b0 != '\n' && b0 != '\r') {
        AppendEscape(b0, &out);
      } else {
        out.push_back(static_cast<char>(b0));
      }
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = b0 & 0x07;
    }
    bool valid = len != 0 && i + len <= n;
    for (size_t k = 1; valid && k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      valid = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    valid = valid && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!valid) {  // one U+FFFD per bad byte; resynchronise on the next byte
      out.append(kReplacement);
      ++i;
      continue;
    }
    if (cp == 0xFFFE || cp == 0xFFFF) {
      AppendEscape(cp, &out);
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

Status WriteGraphml(std::ostream& out, const std::vector<GraphmlNode>& nodes,
                    const std::vector<GraphmlEdge>& edges) {
  if (!out || out.rdbuf() == nullptr) {
    return Status::IOError("writing GraphML: the output stream is not writable");
  }
  for (size_t i = 0; i < edges.size(); ++i) {
    const GraphmlEdge& e = edges[i];
    if (e.source >= nodes.size() || e.target >= nodes.size()) {
      return Status::InvalidArgument(
          "GraphML edge " + std::to_string(i) + ": node index " +
          std::to_string(e.source >= nodes.size() ? e.source : e.target) + " out of range (" +
          std::to_string(nodes.size()) + " nodes)");
    }
  }
  try {
    Graph g(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
      const GraphmlNode& n = nodes[i];
      VertexProps& v = g[static_cast<Vertex>(i)];
      v.kgid = XmlSafeText(n.id);
      v.name = XmlSafeText(n.name);
      v.type = XmlSafeText(n.type);
      v.kind = n.kind == NodeKind::kLiteral ? "literal" : "entity";
      v.aliases = JsonArrayText(n.aliases);
    }
    for (const GraphmlEdge& e : edges) {
      EdgeProps p;
      p.kgid = XmlSafeText(e.id);
      p.predicate = XmlSafeText(e.predicate);
      p.text = XmlSafeText(e.text);
      p.support = e.support;
      p.outlets = e.outlets;
      p.confidence = e.confidence;
      p.time = XmlSafeText(e.time);
      p.sources = JsonArrayText(e.sources);
      p.negated = e.negated;
      p.modality = XmlSafeText(e.modality);
      p.attributed_to = XmlSafeText(e.attributed_to);
      boost::add_edge(e.source, e.target, p, g);
    }

    // write_graphml numbers the <key>s key0, key1, ... in the order of the property names
    // (dynamic_properties is a multimap), not in the order they are registered here.
    boost::dynamic_properties dp;
    dp.property("kgid", boost::get(&VertexProps::kgid, g));
    dp.property("name", boost::get(&VertexProps::name, g));
    dp.property("type", boost::get(&VertexProps::type, g));
    dp.property("kind", boost::get(&VertexProps::kind, g));
    dp.property("aliases", boost::get(&VertexProps::aliases, g));
    dp.property("kgid", boost::get(&EdgeProps::kgid, g));
    dp.property("predicate", boost::get(&EdgeProps::predicate, g));
    dp.property("text", boost::get(&EdgeProps::text, g));
    dp.property("support", boost::get(&EdgeProps::support, g));
    dp.property("outlets", boost::get(&EdgeProps::outlets, g));
    dp.property("confidence", FormattedMemberMap<Edge, EdgeProps, double, DoubleText>(
                                  &g, &EdgeProps::confidence));
    dp.property("time", boost::get(&EdgeProps::time, g));
    dp.property("sources", boost::get(&EdgeProps::sources, g));
    dp.property("negated",
                FormattedMemberMap<Edge, EdgeProps, bool, BoolText>(&g, &EdgeProps::negated));
    dp.property("modality", boost::get(&EdgeProps::modality, g));
    dp.property("attributed_to", boost::get(&EdgeProps::attributed_to, g));

    CarriageReturnEscaper escaper(out.rdbuf());
    std::ostream filtered(&escaper);
    boost::write_graphml(filtered, g, dp, /*ordered_vertices=*/true);
    filtered.flush();
    if (!filtered || escaper.HasFailed() || !out.flush()) {
      return Status::IOError("writing GraphML: the output stream failed");
    }
  } catch (const std::ios_base::failure& e) {
    return Status::IOError(std::string("writing GraphML: ") + e.what());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("writing GraphML: ") + e.what());
  }
  return Status::OK();
}

}  // namespace kg::core
