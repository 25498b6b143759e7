#include "query/engine/functions.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/util/text.h"

namespace kg::query {

namespace {

constexpr StaticType kStr{Type::kString};
constexpr StaticType kNum{Type::kNumber};
constexpr StaticType kBoolT{Type::kBool};
constexpr StaticType kAnyT{Type::kAny};

Status WrongKind(const char* function, const char* wanted) {
  return Status::InvalidArgument(std::string(function) + "() takes " + wanted);
}

Datum StringList(const std::vector<std::string>& items) {
  std::vector<Datum> out;
  out.reserve(items.size());
  for (const std::string& s : items) out.push_back(Datum::String(s));
  return Datum::List(std::move(out));
}

std::vector<std::string> SourcesOf(const Statement& st) {
  std::set<std::string> s;
  for (const Evidence& e : st.evidence) {
    if (!e.source.empty()) s.insert(e.source);
  }
  return {s.begin(), s.end()};
}

// The edges of a relationship, a list of relationships or a path.
bool EdgesOf(const Datum& d, std::vector<uint32_t>* edges) {
  switch (d.kind()) {
    case Datum::Kind::kEdge:
      edges->push_back(d.id());
      return true;
    case Datum::Kind::kPath:
      edges->insert(edges->end(), d.path().edges.begin(), d.path().edges.end());
      return true;
    case Datum::Kind::kList:
      for (const Datum& x : d.list()) {
        if (x.kind() != Datum::Kind::kEdge) return false;
        edges->push_back(x.id());
      }
      return true;
    default:
      return false;
  }
}

std::string QuantityText(const Quantity& q) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", q.value);
  std::string s = (q.comparator == "=" ? std::string() : q.comparator + " ") + buf;
  if (!q.unit.empty()) s += " " + q.unit;
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Status NodeRefDatum(const std::optional<NodeRef>& ref, QueryContext* ctx, Datum* out) {
  if (!ref) {
    *out = Datum();
    return Status::OK();
  }
  Result<uint32_t> id = ctx->FindNode(ref->id);
  if (!id.ok()) {
    // A qualifier naming a node the store no longer holds reads as its name.
    *out = ref->name.empty() ? Datum() : Datum::String(ref->name);
    return Status::OK();
  }
  *out = Datum::Vertex(*id);
  return Status::OK();
}

}  // namespace

const char* TypeName(Type t) {
  switch (t) {
    case Type::kAny:
      return "any value";
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kNode:
      return "a node";
    case Type::kRel:
      return "a relationship";
    case Type::kPath:
      return "a path";
    case Type::kList:
      return "a list";
    case Type::kEvidence:
      return "evidence";
  }
  return "?";
}

const std::vector<FunctionInfo>& Functions() {
  static const std::vector<FunctionInfo> kFunctions = {
      {"type", 1, 1, false, {Type::kRel, Type::kNode}, kStr,
       "the relation (predicate lemma) of a relationship, or the type of a node"},
      {"support", 1, 1, false, {Type::kRel}, kNum,
       "the number of distinct documents backing a relationship"},
      {"outlets", 1, 1, false, {Type::kRel}, kNum,
       "the number of distinct outlets backing a relationship"},
      {"confidence", 1, 1, false, {Type::kRel}, kNum,
       "the relationship's confidence (0..1): extraction combined with corroboration"},
      {"sources", 1, 1, false, {Type::kRel, Type::kPath, Type::kList}, {Type::kList, Type::kString},
       "the distinct outlets of the evidence of a relationship (or of every edge of a path)"},
      {"evidence", 1, 1, false, {Type::kRel, Type::kPath, Type::kList},
       {Type::kList, Type::kEvidence},
       "the evidence of a relationship (or of every edge of a path): doc, outlet, date, "
       "sentence, span, rule, confidence"},
      {"length", 1, 1, false, {Type::kPath, Type::kList, Type::kString}, kNum,
       "the number of relationships of a path (or items of a list, characters of a string)"},
      {"nodes", 1, 1, false, {Type::kPath}, {Type::kList, Type::kNode}, "the nodes of a path"},
      {"relationships", 1, 1, false, {Type::kPath, Type::kList}, {Type::kList, Type::kRel},
       "the relationships of a path"},
      {"startnode", 1, 1, false, {Type::kRel}, {Type::kNode}, "the subject of a relationship"},
      {"endnode", 1, 1, false, {Type::kRel}, {Type::kNode}, "the object of a relationship"},
      {"id", 1, 1, false, {Type::kNode, Type::kRel}, kStr,
       "the stable id of a node (\"e:12\") or relationship (\"st:...\")"},
      {"size", 1, 1, false, {Type::kList, Type::kString}, kNum,
       "the number of items of a list or characters of a string"},
      {"lower", 1, 1, false, {Type::kString}, kStr, "a string in lower case (ASCII letters)"},
      {"upper", 1, 1, false, {Type::kString}, kStr, "a string in upper case (ASCII letters)"},
      {"tostring", 1, 1, false, {}, kStr, "a value as text"},
      {"coalesce", 1, -1, false, {}, kAnyT, "the first argument that is not null"},
      {"count", 0, 1, true, {}, kNum,
       "aggregate: the number of rows (count(*)) or of non-null values (count(DISTINCT x))"},
      {"collect", 1, 1, true, {}, {Type::kList}, "aggregate: the non-null values as a list"},
      {"sum", 1, 1, true, {}, kNum, "aggregate: the sum of numbers"},
      {"avg", 1, 1, true, {}, kNum, "aggregate: the mean of numbers"},
      {"min", 1, 1, true, {}, kAnyT, "aggregate: the smallest value"},
      {"max", 1, 1, true, {}, kAnyT, "aggregate: the largest value"},
  };
  return kFunctions;
}

int FindFunction(const std::string& lower_name) {
  const auto& f = Functions();
  for (size_t i = 0; i < f.size(); ++i) {
    if (lower_name == f[i].name) return static_cast<int>(i);
  }
  return -1;
}

const std::vector<PropertyInfo>& Properties() {
  static const std::vector<PropertyInfo> kProperties = {
      {Type::kNode, "name", kStr},
      {Type::kNode, "text", kStr},
      {Type::kNode, "id", kStr},
      {Type::kNode, "type", kStr},
      {Type::kNode, "kind", kStr},
      {Type::kNode, "aliases", {Type::kList, Type::kString}},
      {Type::kRel, "type", kStr},
      {Type::kRel, "predicate", kStr},
      {Type::kRel, "text", kStr},
      {Type::kRel, "id", kStr},
      {Type::kRel, "support", kNum},
      {Type::kRel, "outlets", kNum},
      {Type::kRel, "confidence", kNum},
      {Type::kRel, "time", kStr},
      {Type::kRel, "negated", kBoolT},
      {Type::kRel, "modality", kStr},
      {Type::kRel, "attributed_to", {Type::kNode}},
      {Type::kRel, "location", {Type::kNode}},
      {Type::kRel, "quantity", kNum},
      {Type::kRel, "comparator", kStr},
      {Type::kRel, "unit", kStr},
      {Type::kRel, "subject", {Type::kNode}},
      {Type::kRel, "object", {Type::kNode}},
      {Type::kRel, "sources", {Type::kList, Type::kString}},
      {Type::kPath, "length", kNum},
      {Type::kEvidence, "doc", kStr},
      {Type::kEvidence, "outlet", kStr},
      {Type::kEvidence, "date", kStr},
      {Type::kEvidence, "sentence", kStr},
      {Type::kEvidence, "span", kStr},
      {Type::kEvidence, "begin", kNum},
      {Type::kEvidence, "end", kNum},
      {Type::kEvidence, "rule", kStr},
      {Type::kEvidence, "version", kStr},
      {Type::kEvidence, "confidence", kNum},
      {Type::kEvidence, "statement", kStr},
  };
  return kProperties;
}

const PropertyInfo* FindProperty(Type owner, const std::string& key) {
  for (const PropertyInfo& p : Properties()) {
    if (p.owner == owner && key == p.key) return &p;
  }
  return nullptr;
}

Status CallFunction(int function, const std::vector<Datum>& args, QueryContext* ctx,
                    Datum* out) {
  const std::string name = Functions()[function].name;
  *out = Datum();
  if (name == "coalesce") {
    for (const Datum& a : args) {
      if (!a.is_null()) {
        *out = a;
        break;
      }
    }
    return Status::OK();
  }
  const Datum& a = args[0];
  if (a.is_null()) return Status::OK();
  if (name == "type") {
    if (a.kind() == Datum::Kind::kEdge) {
      const core::EdgeProps* e = ctx->graph().edge(a.id());
      if (e != nullptr) *out = Datum::String(ctx->PredicateName(e->predicate));
      return Status::OK();
    }
    if (a.kind() == Datum::Kind::kVertex) {
      const core::VertexProps* v = ctx->graph().vertex(a.id());
      if (v != nullptr) *out = Datum::String(ctx->TypeName(v->type));
      return Status::OK();
    }
    return WrongKind("type", "a relationship or a node");
  }
  if (name == "support" || name == "confidence" || name == "outlets") {
    if (a.kind() != Datum::Kind::kEdge) return WrongKind(name.c_str(), "a relationship");
    const core::EdgeProps* e = ctx->graph().edge(a.id());
    if (e == nullptr) return Status::OK();
    if (name == "support") {
      *out = Datum::Int(e->support);
    } else if (name == "outlets") {
      Result<const Statement*> st = ctx->GetStatement(a.id());
      if (!st.ok()) return st.status();
      *out = Datum::Int((*st)->outlets);
    } else {
      // The store's double, not the view's float, so that results print as stored.
      Result<const Statement*> st = ctx->GetStatement(a.id());
      if (!st.ok()) return st.status();
      *out = Datum::Double((*st)->confidence);
    }
    return Status::OK();
  }
  if (name == "sources" || name == "evidence") {
    std::vector<uint32_t> edges;
    if (!EdgesOf(a, &edges)) return WrongKind(name.c_str(), "a relationship or a path");
    std::vector<std::string> sources;
    std::vector<Datum> items;
    for (uint32_t e : edges) {
      Result<const Statement*> st = ctx->GetStatement(e);
      if (!st.ok()) return st.status();
      if (name == "sources") {
        for (std::string& s : SourcesOf(**st)) sources.push_back(std::move(s));
      } else {
        for (const Evidence& ev : (*st)->evidence) {
          items.push_back(Datum::Wrap(Value::EvidenceItem(EvidenceValue{(*st)->id, ev})));
        }
      }
    }
    if (name == "sources") {
      std::sort(sources.begin(), sources.end());
      sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
      *out = StringList(sources);
    } else {
      *out = Datum::List(std::move(items));
    }
    return Status::OK();
  }
  if (name == "length" || name == "size") {
    switch (a.kind()) {
      case Datum::Kind::kPath:
        *out = Datum::Int(static_cast<int64_t>(a.path().length()));
        return Status::OK();
      case Datum::Kind::kList:
        *out = Datum::Int(static_cast<int64_t>(a.list().size()));
        return Status::OK();
      case Datum::Kind::kString:
        *out = Datum::Int(static_cast<int64_t>(core::CountCodePoints(a.as_string())));
        return Status::OK();
      default:
        return WrongKind(name.c_str(), "a path, a list or a string");
    }
  }
  if (name == "nodes") {
    if (a.kind() != Datum::Kind::kPath) return WrongKind("nodes", "a path");
    std::vector<Datum> items;
    for (uint32_t v : a.path().vertices) items.push_back(Datum::Vertex(v));
    *out = Datum::List(std::move(items));
    return Status::OK();
  }
  if (name == "relationships") {
    if (a.kind() == Datum::Kind::kList) {
      *out = a;
      return Status::OK();
    }
    if (a.kind() != Datum::Kind::kPath) return WrongKind("relationships", "a path");
    std::vector<Datum> items;
    const core::Path& p = a.path();
    for (size_t i = 0; i < p.edges.size(); ++i) {
      items.push_back(Datum::Edge(p.edges[i], i < p.forward.size() ? p.forward[i] : true));
    }
    *out = Datum::List(std::move(items));
    return Status::OK();
  }
  if (name == "startnode" || name == "endnode") {
    if (a.kind() != Datum::Kind::kEdge) return WrongKind(name.c_str(), "a relationship");
    const core::EdgeProps* e = ctx->graph().edge(a.id());
    if (e != nullptr) *out = Datum::Vertex(name == "startnode" ? e->source : e->target);
    return Status::OK();
  }
  if (name == "id") {
    if (a.kind() == Datum::Kind::kVertex) {
      Result<const Node*> n = ctx->GetNode(a.id());
      if (!n.ok()) return n.status();
      *out = Datum::String((*n)->id);
      return Status::OK();
    }
    if (a.kind() == Datum::Kind::kEdge) {
      Result<const Statement*> st = ctx->GetStatement(a.id());
      if (!st.ok()) return st.status();
      *out = Datum::String((*st)->id);
      return Status::OK();
    }
    return WrongKind("id", "a node or a relationship");
  }
  if (name == "lower" || name == "upper") {
    if (a.kind() != Datum::Kind::kString) return WrongKind(name.c_str(), "a string");
    *out = Datum::String(name == "lower" ? Lower(a.as_string()) : Upper(a.as_string()));
    return Status::OK();
  }
  if (name == "tostring") {
    Result<Value> v = ctx->ToValue(a);
    if (!v.ok()) return v.status();
    *out = Datum::String(v->ToText());
    return Status::OK();
  }
  return Status::Internal("function " + name + " is not a scalar function");
}

Status GetProperty(const Datum& base, const std::string& key, QueryContext* ctx, Datum* out) {
  *out = Datum();
  switch (base.kind()) {
    case Datum::Kind::kNull:
      return Status::OK();
    case Datum::Kind::kVertex: {
      if (key == "type") return CallFunction(FindFunction("type"), {base}, ctx, out);
      Result<const Node*> n = ctx->GetNode(base.id());
      if (!n.ok()) return n.status();
      const Node& node = **n;
      if (key == "name" || key == "text") {
        *out = Datum::String(node.name);
      } else if (key == "id") {
        *out = Datum::String(node.id);
      } else if (key == "kind") {
        *out = Datum::String(node.kind == NodeKind::kEntity ? "entity" : "literal");
      } else if (key == "aliases") {
        std::vector<std::string> aliases;
        for (const Alias& a : node.aliases) aliases.push_back(a.text);
        *out = StringList(aliases);
      } else {
        return Status::InvalidArgument("a node has no property '" + key + "'");
      }
      return Status::OK();
    }
    case Datum::Kind::kEdge: {
      const core::EdgeProps* e = ctx->graph().edge(base.id());
      if (e == nullptr) return Status::OK();
      if (key == "type" || key == "predicate") {
        *out = Datum::String(ctx->PredicateName(e->predicate));
        return Status::OK();
      }
      if (key == "support") {
        *out = Datum::Int(e->support);
        return Status::OK();
      }
      if (key == "negated") {
        *out = Datum::Bool((e->flags & 1) != 0);
        return Status::OK();
      }
      if (key == "subject" || key == "object") {
        *out = Datum::Vertex(key == "subject" ? e->source : e->target);
        return Status::OK();
      }
      Result<const Statement*> st = ctx->GetStatement(base.id());
      if (!st.ok()) return st.status();
      const Statement& s = **st;
      const Qualifiers& q = s.qualifiers;
      if (key == "text") {
        *out = Datum::String(s.predicate.text);
      } else if (key == "id") {
        *out = Datum::String(s.id);
      } else if (key == "confidence") {
        *out = Datum::Double(s.confidence);
      } else if (key == "outlets") {
        *out = Datum::Int(s.outlets);
      } else if (key == "time") {
        if (!q.time.empty()) *out = Datum::String(q.time);
      } else if (key == "modality") {
        if (!q.modality.empty()) *out = Datum::String(q.modality);
      } else if (key == "attributed_to") {
        return NodeRefDatum(q.attributed_to, ctx, out);
      } else if (key == "location") {
        return NodeRefDatum(q.location, ctx, out);
      } else if (key == "quantity") {
        if (q.quantity) *out = Datum::Double(q.quantity->value);
      } else if (key == "comparator") {
        if (q.quantity) *out = Datum::String(q.quantity->comparator);
      } else if (key == "unit") {
        if (q.quantity && !q.quantity->unit.empty()) *out = Datum::String(q.quantity->unit);
      } else if (key == "sources") {
        *out = StringList(SourcesOf(s));
      } else {
        return Status::InvalidArgument("a relationship has no property '" + key + "'");
      }
      return Status::OK();
    }
    case Datum::Kind::kPath:
      if (key == "length") {
        *out = Datum::Int(static_cast<int64_t>(base.path().length()));
        return Status::OK();
      }
      return Status::InvalidArgument("a path has no property '" + key + "'");
    case Datum::Kind::kValue:
      if (base.value().kind() == Value::Kind::kEvidence) {
        const EvidenceValue& ev = base.value().as_evidence();
        const Evidence& e = ev.evidence;
        if (key == "doc") {
          *out = Datum::String(e.doc);
        } else if (key == "outlet" || key == "source") {
          if (!e.source.empty()) *out = Datum::String(e.source);
        } else if (key == "date" || key == "published") {
          if (!e.published.empty()) *out = Datum::String(e.published);
        } else if (key == "sentence") {
          *out = Datum::String(e.sentence);
        } else if (key == "span") {
          *out = Datum::String(std::to_string(e.begin) + "-" + std::to_string(e.end));
        } else if (key == "begin") {
          *out = Datum::Int(static_cast<int64_t>(e.begin));
        } else if (key == "end") {
          *out = Datum::Int(static_cast<int64_t>(e.end));
        } else if (key == "rule") {
          *out = Datum::String(e.rule);
        } else if (key == "version") {
          if (!e.version.empty()) *out = Datum::String(e.version);
        } else if (key == "confidence") {
          if (e.confidence) *out = Datum::Double(*e.confidence);
        } else if (key == "statement") {
          *out = Datum::String(ev.statement_id);
        } else {
          return Status::InvalidArgument("evidence has no property '" + key + "'");
        }
        return Status::OK();
      }
      break;
    default:
      break;
  }
  return Status::InvalidArgument("property '" + key + "' of a value that has no properties");
}

// Used by CONFLICTS and PROVENANCE to print a quantity.
std::string FormatQuantity(const Quantity& q) { return QuantityText(q); }

}  // namespace kg::query
