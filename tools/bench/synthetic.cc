#include "tools/bench/synthetic.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string_view>

#include "core/export/statement_jsonl.h"

namespace kg::bench {

namespace {

// Plan flags.
constexpr uint8_t kPlanNegated = 1;
constexpr uint8_t kPlanModal = 2;
constexpr uint8_t kPlanLocation = 4;
constexpr uint8_t kPlanAttributed = 8;
constexpr uint8_t kPlanQuantity = 16;
constexpr uint8_t kPlanShortSubject = 32;  // the subject is mentioned by a short alias
constexpr uint8_t kPlanShortObject = 64;

struct PredicateForm {
  const char* lemma;
  const char* text;
};

// The most frequent first: their Zipf weights follow this order.
constexpr std::array<PredicateForm, 50> kPredicates = {{
    {"say", "said"},
    {"be", "is"},
    {"have", "has"},
    {"announce", "announced"},
    {"meet", "met"},
    {"visit", "visited"},
    {"lead", "leads"},
    {"own", "owns"},
    {"acquire", "acquired"},
    {"sign", "signed"},
    {"accuse", "accused"},
    {"support", "supports"},
    {"criticize", "criticized"},
    {"elect", "elected"},
    {"appoint", "appointed"},
    {"launch", "launched"},
    {"report", "reported"},
    {"win", "won"},
    {"lose", "lost"},
    {"attack", "attacked"},
    {"invest", "invested in"},
    {"join", "joined"},
    {"leave", "left"},
    {"found", "founded"},
    {"sue", "sued"},
    {"fund", "funded"},
    {"ban", "banned"},
    {"approve", "approved"},
    {"reject", "rejected"},
    {"warn", "warned"},
    {"hire", "hired"},
    {"fire", "fired"},
    {"arrest", "arrested"},
    {"release", "released"},
    {"build", "built"},
    {"close", "closed"},
    {"open", "opened"},
    {"sell", "sold"},
    {"buy", "bought"},
    {"host", "hosted"},
    {"endorse", "endorsed"},
    {"oppose", "opposed"},
    {"merge", "merged with"},
    {"partner", "partnered with"},
    {"promise", "promised"},
    {"deny", "denied"},
    {"confirm", "confirmed"},
    {"investigate", "investigated"},
    {"praise", "praised"},
    {"succeed", "succeeded"},
}};

constexpr std::array<std::string_view, 32> kSyllables = {
    "ka",  "lo",  "mer", "vin", "sa",   "tor", "el",  "bri", "an",  "dos", "ru",
    "pel", "ta",  "gon", "mi",  "shar", "ve",  "lin", "od",  "cas", "ne",  "ri",
    "bal", "thu", "zo",  "fen", "gra",  "is",  "hol", "dav", "e",   "qua"};
constexpr std::array<std::string_view, 6> kOrgSuffixes = {"Group",    "Holdings", "Bank",
                                                          "Ministry", "Party",    "Institute"};
constexpr std::array<std::string_view, 4> kEventSuffixes = {"Summit", "Festival", "Election",
                                                            "Talks"};
constexpr std::array<std::string_view, 5> kRules = {"svo", "svo/ccomp", "copula", "apposition",
                                                    "svo/prep"};
constexpr std::array<std::string_view, 4> kModalities = {"may", "could", "will", "would"};
constexpr std::array<std::string_view, 16> kFiller = {
    "on",    "Tuesday", "according", "to",    "officials", "in",     "a",     "statement",
    "after", "weeks",   "of",        "talks", "the",       "agency", "added", "late"};
constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// SplitMix64: the per-item hash every derived field uses.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t Hash(uint64_t seed, uint64_t salt, uint64_t x) { return Mix(Mix(seed ^ salt) ^ x); }

// A uniform double in [0, 1) from 53 random bits.
double Unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Samples ranks 0..n-1 with P(k) proportional to 1/(k+1)^s.
class Zipf {
 public:
  Zipf(uint64_t n, double s) : cdf_(n) {
    double sum = 0;
    for (uint64_t k = 0; k < n; ++k) {
      sum += std::pow(static_cast<double>(k + 1), -s);
      cdf_[k] = sum;
    }
  }
  uint64_t Sample(std::mt19937_64& rng) const {
    const double u = Unit(rng) * cdf_.back();
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
    return std::min<uint64_t>(it - cdf_.begin(), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

// An open-addressing set of packed (subject, predicate, object) keys.
class TripleSet {
 public:
  explicit TripleSet(uint64_t expected) {
    uint64_t size = 1024;
    while (size < expected * 2) size <<= 1;
    slots_.assign(size, kEmpty);
  }
  // False when the key was there already.
  bool Insert(uint64_t key) {
    const uint64_t mask = slots_.size() - 1;
    for (uint64_t i = Mix(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == kEmpty) {
        slots_[i] = key;
        return true;
      }
    }
  }

 private:
  static constexpr uint64_t kEmpty = ~0ull;
  std::vector<uint64_t> slots_;
};

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// A pronounceable word of 2-3 syllables chosen by `h`.
std::string Word(uint64_t h) {
  std::string w;
  const int syllables = 2 + static_cast<int>(h % 2);
  h /= 2;
  for (int i = 0; i < syllables; ++i) {
    w += kSyllables[h % kSyllables.size()];
    h /= kSyllables.size();
  }
  return Capitalized(w);
}

std::string FormatDate(uint32_t yyyymmdd) {
  char buf[16];
  const uint32_t y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
  if (m == 0) {
    std::snprintf(buf, sizeof buf, "%04u", y);
  } else if (d == 0) {
    std::snprintf(buf, sizeof buf, "%04u-%02u", y, m);
  } else {
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", y, m, d);
  }
  return buf;
}

}  // namespace

Result<SyntheticCorpus> SyntheticCorpus::Generate(const SyntheticOptions& options) {
  if (options.nodes < 2 || options.nodes >= (1ull << 28)) {
    return Status::InvalidArgument("nodes must be in [2, 2^28)");
  }
  if (options.statements < options.nodes || options.statements >= (1ull << 32)) {
    return Status::InvalidArgument("statements must be at least nodes and below 2^32");
  }
  SyntheticCorpus corpus(options);
  const uint64_t n = options.nodes, m = options.statements;
  std::mt19937_64 rng(options.seed);

  // A random ranking of the nodes, so that hubs are spread over the id space.
  std::vector<uint32_t> by_rank(n);
  for (uint64_t i = 0; i < n; ++i) by_rank[i] = static_cast<uint32_t>(i);
  for (uint64_t i = n - 1; i > 0; --i) std::swap(by_rank[i], by_rank[rng() % (i + 1)]);
  const Zipf node_zipf(n, options.zipf_exponent);
  const Zipf predicate_zipf(kPredicates.size(), options.zipf_exponent);

  TripleSet seen(m);
  std::vector<uint32_t> degree(n, 0);
  corpus.plans_.resize(m);
  for (uint64_t i = 0; i < m; ++i) {
    Plan& p = corpus.plans_[i];
    // The first n statements each cover one node as object, so that no node is left out.
    const bool cover = i < n;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 10000) {
        return Status::InvalidArgument("too few nodes for that many distinct statements");
      }
      p.subject = by_rank[node_zipf.Sample(rng)];
      p.object = cover ? static_cast<uint32_t>(i) : by_rank[node_zipf.Sample(rng)];
      p.predicate = static_cast<uint8_t>(predicate_zipf.Sample(rng));
      if (p.subject == p.object) continue;
      if (seen.Insert(p.subject | (uint64_t{p.object} << 28) | (uint64_t{p.predicate} << 56))) {
        break;
      }
    }
    ++degree[p.subject];
    ++degree[p.object];
  }
  corpus.max_degree_ = *std::max_element(degree.begin(), degree.end());
  for (uint64_t i = m - 1; i > 0; --i) {
    std::swap(corpus.plans_[i], corpus.plans_[rng() % (i + 1)]);
  }

  // Documents, spans and qualifiers, in statement order.
  uint32_t doc = 0, left_in_doc = 0, offset = 0;
  for (uint64_t i = 0; i < m; ++i) {
    Plan& p = corpus.plans_[i];
    if (left_in_doc == 0) {
      if (i > 0) ++doc;
      left_in_doc = 1 + static_cast<uint32_t>(rng() % 39);
      offset = 0;
    }
    --left_in_doc;
    p.doc = doc;
    p.sentence_length = static_cast<uint8_t>(80 + rng() % 41);
    p.begin = offset;
    offset += p.sentence_length + 1;
    p.confidence = static_cast<uint8_t>(50 + rng() % 51);
    const uint64_t r = rng();
    if (r % 100 < 30) {
      const uint32_t year = 2015 + static_cast<uint32_t>((r >> 8) % 10);
      const uint32_t month = 1 + static_cast<uint32_t>((r >> 16) % 12);
      const uint32_t day = 1 + static_cast<uint32_t>((r >> 24) % 28);
      const uint64_t precision = (r >> 32) % 20;  // day 60%, month 25%, year 15%
      p.time = year * 10000 + (precision < 17 ? month * 100 : 0) + (precision < 12 ? day : 0);
    }
    const uint64_t q = rng() % 1000;
    if (q < 50) {
      p.flags |= kPlanLocation;
    } else if (q < 100) {
      p.flags |= kPlanAttributed;
    }
    if (p.flags & (kPlanLocation | kPlanAttributed)) {
      // A Zipf-chosen node of the right type: hubs are cited most.
      const std::string want = (p.flags & kPlanLocation) ? "LOCATION" : "PERSON";
      uint32_t node = by_rank[node_zipf.Sample(rng)];
      while (corpus.NodeType(node) != want) node = static_cast<uint32_t>((node + 1) % n);
      p.qualifier = node + 1;
    }
    const uint64_t f = rng();
    if (f % 100 < 3) p.flags |= kPlanNegated;
    if ((f >> 8) % 100 < 4) p.flags |= kPlanModal;
    if ((f >> 16) % 100 < 2) p.flags |= kPlanQuantity;
    if ((f >> 24) % 100 < 20) p.flags |= kPlanShortSubject;
    if ((f >> 32) % 100 < 20) p.flags |= kPlanShortObject;
  }
  corpus.documents_ = m == 0 ? 0 : doc + 1;
  return corpus;
}

std::string SyntheticCorpus::NodeType(uint32_t node) const {
  const uint64_t h = Hash(options_.seed, 1, node) % 100;
  if (h < 30) return "PERSON";
  if (h < 55) return "ORG";
  if (h < 72) return "LOCATION";
  if (h < 79) return "EVENT";
  if (h < 85) return "OTHER";
  if (h < 92) return "QUANTITY";
  if (h < 96) return "DATE";
  return "CLAIM";
}

std::string SyntheticCorpus::NodeName(uint32_t node) const {
  const uint64_t h = Hash(options_.seed, 2, node);
  const std::string type = NodeType(node);
  if (type == "PERSON") return Word(h) + " " + Word(h >> 20);
  if (type == "ORG")
    return Word(h) + " " + std::string(kOrgSuffixes[(h >> 20) % kOrgSuffixes.size()]);
  if (type == "LOCATION") return Word(h) + ((h >> 20) % 4 == 0 ? " City" : "");
  if (type == "EVENT") {
    return Word(h) + " " + std::string(kEventSuffixes[(h >> 20) % kEventSuffixes.size()]);
  }
  if (type == "OTHER") return Word(h);
  if (type == "QUANTITY") return std::to_string(node % 100000 + 1) + " people";
  if (type == "DATE") {
    return std::to_string(1 + h % 28) + " " + std::string(kMonths[(h >> 8) % 12]) + " " +
           std::to_string(1950 + node % 75);
  }
  return "the plan will cut costs by " + std::to_string(node % 1000) + " percent";
}

Node SyntheticCorpus::MakeNode(uint32_t node, bool short_alias) const {
  Node n;
  n.type = NodeType(node);
  n.kind = IsLiteralType(n.type) ? NodeKind::kLiteral : NodeKind::kEntity;
  n.id = (n.kind == NodeKind::kLiteral ? "c:" : "e:") + std::to_string(node + 1);
  n.name = NodeName(node);
  if (n.kind == NodeKind::kEntity) {
    // The surface form this mention used: the full name, or its last word.
    const size_t space = n.name.rfind(' ');
    std::string alias =
        short_alias && space != std::string::npos ? n.name.substr(space + 1) : n.name;
    n.aliases.push_back({std::move(alias), 1});
  }
  return n;
}

Statement SyntheticCorpus::Materialize(uint64_t index) const {
  const Plan& p = plans_[index];
  const uint64_t h = Hash(options_.seed, 3, index);
  Statement st;
  st.subject = MakeNode(p.subject, p.flags & kPlanShortSubject);
  st.object = MakeNode(p.object, p.flags & kPlanShortObject);
  st.predicate.lemma = kPredicates[p.predicate].lemma;
  st.predicate.text = kPredicates[p.predicate].text;
  Qualifiers& q = st.qualifiers;
  if (p.time != 0) q.time = FormatDate(p.time);
  if (p.qualifier != 0) {
    const uint32_t node = p.qualifier - 1;
    const NodeRef ref{(IsLiteralType(NodeType(node)) ? "c:" : "e:") + std::to_string(node + 1),
                      NodeName(node)};
    if (p.flags & kPlanLocation) {
      q.location = ref;
    } else {
      q.attributed_to = ref;
    }
  }
  if (p.flags & kPlanQuantity) q.quantity = Quantity{static_cast<double>(h % 5000), ">=", "people"};
  q.negated = p.flags & kPlanNegated;
  if (p.flags & kPlanModal) q.modality = kModalities[(h >> 16) % kModalities.size()];
  st.confidence = p.confidence / 100.0;

  Evidence ev;
  const uint64_t dh = Hash(options_.seed, 4, p.doc);
  char doc_id[24];
  std::snprintf(doc_id, sizeof doc_id, "d:%016llx", static_cast<unsigned long long>(dh));
  ev.doc = doc_id;
  ev.source = "outlet" + std::to_string(dh % 24) + ".example";
  ev.published = FormatDate(20150000 + static_cast<uint32_t>(dh >> 8) % 10 * 10000 +
                            (1 + static_cast<uint32_t>(dh >> 16) % 12) * 100 + 1 +
                            static_cast<uint32_t>(dh >> 24) % 28);
  std::string sentence = st.subject.name + " " + st.predicate.text + " " + st.object.name;
  for (uint64_t w = h; sentence.size() < p.sentence_length; w = Mix(w)) {
    sentence += " ";
    sentence += kFiller[w % kFiller.size()];
  }
  sentence.resize(p.sentence_length - 1);
  if (sentence.back() == ' ') sentence.back() = 's';
  sentence += '.';
  ev.sentence = std::move(sentence);
  ev.begin = p.begin;
  ev.end = p.begin + p.sentence_length;
  ev.rule = kRules[(h >> 24) % kRules.size()];
  ev.version = "0.1.0";
  st.evidence.push_back(std::move(ev));
  return st;
}

void SyntheticCorpus::MaterializeRange(uint64_t begin, uint64_t end,
                                       std::vector<Statement>* out) const {
  out->clear();
  end = std::min<uint64_t>(end, plans_.size());
  for (uint64_t i = begin; i < end; ++i) out->push_back(Materialize(i));
}

Status SyntheticCorpus::WriteJsonl(const std::string& path, uint64_t* bytes) const {
  *bytes = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("cannot write '" + path + "'");
  std::string line;
  for (uint64_t i = 0; i < plans_.size(); ++i) {
    line = core::FormatStatementJson(Materialize(i));
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    *bytes += line.size();
  }
  out.flush();
  if (!out) return Status::IOError("write failed on '" + path + "'");
  return Status::OK();
}

}  // namespace kg::bench
