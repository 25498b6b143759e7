#include "core/model/statement_pack.h"

#include <cstdint>
#include <cstring>

#include "core/util/varint.h"

namespace kg::core {
namespace {

void PutString(const std::string& s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

void PutDouble(double d, std::string* out) {
  char bytes[sizeof d];
  std::memcpy(bytes, &d, sizeof d);
  out->append(bytes, sizeof d);
}

void PutNode(const Node& n, std::string* out) {
  PutString(n.id, out);
  PutString(n.name, out);
  PutString(n.type, out);
  out->push_back(static_cast<char>(n.kind));
  PutVarint(n.aliases.size(), out);
  for (const Alias& a : n.aliases) {
    PutString(a.text, out);
    PutVarint(a.count, out);
  }
}

void PutRef(const std::optional<NodeRef>& ref, std::string* out) {
  out->push_back(ref ? 1 : 0);
  if (!ref) return;
  PutString(ref->id, out);
  PutString(ref->name, out);
}

// Reads what the Put functions wrote; every read fails (and stays failed) past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::string_view rest() const { return in_; }

  uint64_t Varint() {
    uint64_t v = 0;
    if (GetVarint(&in_, &v)) return v;
    ok_ = false;
    return 0;
  }
  uint8_t Byte() {
    if (in_.empty()) {
      ok_ = false;
      return 0;
    }
    const auto b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return b;
  }
  void String(std::string* s) {
    const uint64_t n = Varint();
    if (n > in_.size()) {
      ok_ = false;
      s->clear();
      return;
    }
    s->assign(in_.data(), n);
    in_.remove_prefix(n);
  }
  double Double() {
    double d = 0;
    if (in_.size() < sizeof d) {
      ok_ = false;
      return 0;
    }
    std::memcpy(&d, in_.data(), sizeof d);
    in_.remove_prefix(sizeof d);
    return d;
  }
  void Node(kg::Node* n) {
    String(&n->id);
    String(&n->name);
    String(&n->type);
    n->kind = static_cast<NodeKind>(Byte());
    const uint64_t count = Varint();
    n->aliases.clear();
    for (uint64_t i = 0; i < count && ok_; ++i) {
      Alias& a = n->aliases.emplace_back();
      String(&a.text);
      a.count = static_cast<uint32_t>(Varint());
    }
  }
  void Ref(std::optional<NodeRef>* ref) {
    if (Byte() == 0) {
      ref->reset();
      return;
    }
    ref->emplace();
    String(&(*ref)->id);
    String(&(*ref)->name);
  }

 private:
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace

void PackStatement(const Statement& st, std::string* out) {
  PutString(st.id, out);
  PutNode(st.subject, out);
  PutString(st.predicate.lemma, out);
  PutString(st.predicate.text, out);
  PutNode(st.object, out);
  const Qualifiers& q = st.qualifiers;
  PutString(q.time, out);
  PutRef(q.location, out);
  out->push_back(q.quantity ? 1 : 0);
  if (q.quantity) {
    PutDouble(q.quantity->value, out);
    PutString(q.quantity->comparator, out);
    PutString(q.quantity->unit, out);
  }
  out->push_back(q.negated ? 1 : 0);
  PutString(q.modality, out);
  PutRef(q.attributed_to, out);
  PutDouble(st.confidence, out);
  PutVarint(st.support, out);
  PutVarint(st.outlets, out);
  PutVarint(st.evidence.size(), out);
  for (const Evidence& e : st.evidence) {
    PutString(e.doc, out);
    PutString(e.source, out);
    PutString(e.published, out);
    PutString(e.path, out);
    PutString(e.sentence, out);
    PutVarint(e.begin, out);
    PutVarint(e.end, out);
    PutString(e.rule, out);
    PutString(e.version, out);
    out->push_back(e.confidence ? 1 : 0);
    if (e.confidence) PutDouble(*e.confidence, out);
  }
}

bool UnpackStatement(std::string_view* in, Statement* st) {
  Reader r(*in);
  r.String(&st->id);
  r.Node(&st->subject);
  r.String(&st->predicate.lemma);
  r.String(&st->predicate.text);
  r.Node(&st->object);
  Qualifiers& q = st->qualifiers;
  r.String(&q.time);
  r.Ref(&q.location);
  if (r.Byte() != 0) {
    q.quantity.emplace();
    q.quantity->value = r.Double();
    r.String(&q.quantity->comparator);
    r.String(&q.quantity->unit);
  } else {
    q.quantity.reset();
  }
  q.negated = r.Byte() != 0;
  r.String(&q.modality);
  r.Ref(&q.attributed_to);
  st->confidence = r.Double();
  st->support = static_cast<uint32_t>(r.Varint());
  st->outlets = static_cast<uint32_t>(r.Varint());
  const uint64_t count = r.Varint();
  st->evidence.clear();
  for (uint64_t i = 0; i < count && r.ok(); ++i) {
    Evidence& e = st->evidence.emplace_back();
    r.String(&e.doc);
    r.String(&e.source);
    r.String(&e.published);
    r.String(&e.path);
    r.String(&e.sentence);
    e.begin = r.Varint();
    e.end = r.Varint();
    r.String(&e.rule);
    r.String(&e.version);
    if (r.Byte() != 0) e.confidence = r.Double();
  }
  if (!r.ok()) return false;
  *in = r.rest();
  return true;
}

}  // namespace kg::core
