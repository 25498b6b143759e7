// GraphML export through Boost's write_graphml, with typed <key>s that networkx and igraph
// read back with their types.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "kg/model.h"
#include "kg/status.h"

namespace kg::core {

struct GraphmlNode {
  std::string id;  // our node id ("e:12"), written as the string attribute "kgid"
  std::string name;
  std::string type;
  NodeKind kind = NodeKind::kEntity;
  std::vector<std::string> aliases;
};

struct GraphmlEdge {
  uint32_t source = 0;  // index into the node list
  uint32_t target = 0;
  std::string id;         // statement id
  std::string predicate;  // lemma
  std::string text;       // surface text
  uint32_t support = 0;   // distinct documents
  double confidence = 0;
  std::string time;                  // "" when none
  std::vector<std::string> sources;  // distinct outlets of the evidence, sorted
  bool negated = false;
  std::string modality;
  std::string attributed_to;  // speaker name (or id), "" when none
  uint32_t outlets = 0;       // distinct outlets of the evidence
};

// Writes a well-formed GraphML document (directed graph, one <node> per node, one <edge> per
// edge). Attribute keys and their GraphML types:
//   node: kgid string, name string, type string, kind string, aliases string (a JSON array)
//   edge: kgid string, predicate string, text string, support int, outlets int,
//         confidence double,
//         time string, sources string (a JSON array), negated boolean, modality string,
//         attributed_to string
// Booleans are written "true"/"false", doubles in their shortest round-trip form. Edges keep
// their order; node ids are "n<index>", edge ids "e<index>".
// Text is XML-escaped; characters XML 1.0 cannot carry (control characters other than tab,
// newline and carriage return, U+FFFE/U+FFFF) are written as the visible text "\uXXXX", and
// invalid UTF-8 bytes as U+FFFD, so the file is always well-formed. Carriage returns are
// written as "&#13;" so that readers get them back rather than a newline.
// Errors: InvalidArgument when an edge names a node index out of range; IOError when the
// stream fails.
Status WriteGraphml(std::ostream& out, const std::vector<GraphmlNode>& nodes,
                    const std::vector<GraphmlEdge>& edges);

// Makes `text` safe to place in XML 1.0 as described above (without escaping <, &, quotes).
std::string XmlSafeText(const std::string& text);

}  // namespace kg::core
