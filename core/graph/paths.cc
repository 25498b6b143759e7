#include "core/graph/paths.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>
#include <string>
#include <utility>

namespace kg::core {

Status SearchBudget::Check() const {
  if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
    return Status::Cancelled("path search cancelled");
  }
  if (expansions > max_expansions) {
    return Status::LimitExceeded("expansion budget of " + std::to_string(max_expansions) +
                                 " edges exceeded");
  }
  if (deadline.has_value() && std::chrono::steady_clock::now() >= *deadline) {
    return Status::LimitExceeded("time limit exceeded after " + std::to_string(expansions) +
                                 " edges examined");
  }
  return Status::OK();
}

namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr uint32_t kForwardBit = 0x80000000u;  // in Mark::dist: the step was walked forward
// Budget checks (clock, cancel flag) happen at most this many expansions apart.
constexpr uint64_t kCheckStride = 256;

// Counts expansions against a budget: exact for the expansion limit, and the clock and cancel
// flag are looked at every kCheckStride expansions.
class Ticker {
 public:
  explicit Ticker(SearchBudget* budget) : budget_(budget != nullptr ? budget : &unlimited_) {
    Restride();
  }
  ~Ticker() { budget_->expansions += pending_; }
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

  // One more edge examined; false when the search must stop (status() says why).
  bool Tick() {
    if (++pending_ < stride_) return true;
    return Flush();
  }
  const Status& status() const { return status_; }

 private:
  bool Flush() {
    budget_->expansions += pending_;
    pending_ = 0;
    status_ = budget_->Check();
    Restride();
    return status_.ok();
  }
  void Restride() {
    // Next check when the stride is used up or one edge past the limit, whichever comes first.
    const uint64_t used = budget_->expansions;
    const uint64_t left = used > budget_->max_expansions ? 0 : budget_->max_expansions - used;
    stride_ = left + 1 < kCheckStride ? left + 1 : kCheckStride;
  }

  SearchBudget unlimited_;
  SearchBudget* budget_;
  uint64_t pending_ = 0;
  uint64_t stride_ = kCheckStride;
  Status status_;
};

// A step from a vertex over one edge: the neighbour, the edge's index in the CSR's forward
// arrays, and whether the edge is one of the vertex's out-edges.
struct Step {
  uint32_t edge;  // statement id
  uint32_t next;
  uint32_t csr;
  bool out;
};

// Visited marks and queues, reused across searches. Each mark array carries a generation
// stamp, so a new search starts by bumping the generation instead of clearing O(V) memory; the
// arrays come from calloc, so untouched pages of a large graph cost nothing.
// Thread-safety: one search at a time.
class SearchMarks {
 public:
  // What one side of a search knows of a vertex.
  struct Mark {
    uint32_t gen;
    uint32_t dist;  // hops from the side's root, kForwardBit set when the step was forward
    uint32_t pred;  // the vertex it was reached from
    uint32_t csr;   // the CSR forward index of the edge it was reached by
  };

  explicit SearchMarks(uint32_t n) : n_(n) {}
  ~SearchMarks() {
    std::free(fwd_);
    std::free(bwd_);
    std::free(ban_);
    std::free(aux_);
  }
  SearchMarks(const SearchMarks&) = delete;
  SearchMarks& operator=(const SearchMarks&) = delete;

  // Starts a new search generation for fwd/bwd; returns it.
  uint32_t NewSearch() {
    Ensure(&fwd_);
    Ensure(&bwd_);
    if (search_gen_ == UINT32_MAX) {
      std::memset(fwd_, 0, sizeof(Mark) * n_);
      std::memset(bwd_, 0, sizeof(Mark) * n_);
      search_gen_ = 0;
    }
    return ++search_gen_;
  }
  uint32_t NewBan() { return NewStamp(&ban_, &ban_gen_); }
  uint32_t NewAux() { return NewStamp(&aux_, &aux_gen_); }

  Mark* fwd() { return fwd_; }
  Mark* bwd() { return bwd_; }
  uint32_t* ban() { return ban_; }
  uint32_t* aux() { return aux_; }
  uint32_t ban_gen() const { return ban_gen_; }

  std::vector<uint32_t> frontier_a, frontier_b, next;
  std::vector<Step> steps;
  std::vector<uint64_t> bits;  // CountWithin's visited set

 private:
  template <typename T>
  void Ensure(T** array) {
    if (*array != nullptr) return;
    *array = static_cast<T*>(std::calloc(n_ == 0 ? 1 : n_, sizeof(T)));
    if (*array == nullptr) throw std::bad_alloc();
  }
  uint32_t NewStamp(uint32_t** array, uint32_t* gen) {
    Ensure(array);
    if (*gen == UINT32_MAX) {
      std::memset(*array, 0, sizeof(uint32_t) * n_);
      *gen = 0;
    }
    return ++*gen;
  }

  uint32_t n_;
  Mark* fwd_ = nullptr;
  Mark* bwd_ = nullptr;
  uint32_t* ban_ = nullptr;
  uint32_t* aux_ = nullptr;
  uint32_t search_gen_ = 0;
  uint32_t ban_gen_ = 0;
  uint32_t aux_gen_ = 0;
};

}  // namespace

class PathFinder::Scratch : public SearchMarks {
 public:
  using SearchMarks::SearchMarks;
};

namespace {

// The snapshot's raw CSR arrays. Boost's out_edges/in_edges iterate exactly these; reading
// them directly lets a backward step resolve its statement id only when it is needed.
struct Csr {
  explicit Csr(const CsrGraph& g)
      : n(static_cast<uint32_t>(boost::num_vertices(g))),
        out_start(g.m_forward.m_rowstart.data()),
        out_target(g.m_forward.m_column.data()),
        out_edge(g.m_forward.m_edge_properties.data()),
        in_start(g.m_backward.m_rowstart.data()),
        in_source(g.m_backward.m_column.data()),
        in_csr(g.m_backward.m_edge_properties.data()) {}

  uint32_t Statement(uint32_t csr) const { return out_edge[csr].statement; }

  // Calls f(next, csr, out) for v's out-edges (when `out`) and in-edges (when `in`), stopping
  // when f returns false; returns false when stopped.
  template <typename F>
  bool ForEach(uint32_t v, bool out, bool in, F&& f) const {
    if (out) {
      for (uint32_t i = out_start[v], end = out_start[v + 1]; i < end; ++i) {
        if (!f(out_target[i], i, true)) return false;
      }
    }
    if (in) {
      for (uint32_t i = in_start[v], end = in_start[v + 1]; i < end; ++i) {
        if (!f(in_source[i], in_csr[i], false)) return false;
      }
    }
    return true;
  }
  uint64_t Degree(uint32_t v, bool out, bool in) const {
    return (out ? out_start[v + 1] - out_start[v] : 0) + (in ? in_start[v + 1] - in_start[v] : 0);
  }

  uint32_t n;
  const uint32_t* out_start;
  const uint32_t* out_target;
  const CsrEdge* out_edge;
  const uint32_t* in_start;
  const uint32_t* in_source;
  const uint32_t* in_csr;
};

// An EdgeFilter prepared for one search, plus the edges Yen's algorithm bans.
class EdgeTest {
 public:
  EdgeTest(const GraphView& view, const EdgeFilter& filter,
           const std::vector<uint32_t>* banned_edges = nullptr)
      : view_(view), filter_(filter), predicates_(filter.predicates), banned_(banned_edges) {
    std::sort(predicates_.begin(), predicates_.end());
    trivial_ = predicates_.empty() && filter.min_support == 0 && filter.time_from == 0 &&
               filter.time_to == 0 && filter.accept == nullptr &&
               (banned_ == nullptr || banned_->empty());
  }

  // Walks from a vertex: along its out-edges (forward) and/or its in-edges (backward).
  bool walk_out() const { return filter_.direction != Direction::kIn; }
  bool walk_in() const { return filter_.direction != Direction::kOut; }

  bool trivial() const { return trivial_; }

  // The edge at CSR forward index `csr`; its statement id is only read when a test needs it
  // (for a backward step that read is a random access).
  bool AcceptCsr(const Csr& csr, uint32_t index) const {
    return trivial_ || Accept(csr.Statement(index));
  }

  bool Accept(uint32_t edge) const {
    if (trivial_) return true;
    const EdgeProps* e = view_.edge(edge);
    if (e == nullptr) return false;  // removed after the snapshot was taken
    if (!predicates_.empty() &&
        !std::binary_search(predicates_.begin(), predicates_.end(), e->predicate)) {
      return false;
    }
    if (e->support < filter_.min_support) return false;
    if (filter_.time_from != 0 || filter_.time_to != 0) {
      if (e->time_first == 0) return false;
      const int32_t last = e->time_last != 0 ? e->time_last : e->time_first;
      if (filter_.time_to != 0 && e->time_first > filter_.time_to) return false;
      if (filter_.time_from != 0 && last < filter_.time_from) return false;
    }
    if (banned_ != nullptr && std::binary_search(banned_->begin(), banned_->end(), edge)) {
      return false;
    }
    if (filter_.accept != nullptr && *filter_.accept && !(*filter_.accept)(edge)) return false;
    return true;
  }

 private:
  const GraphView& view_;
  const EdgeFilter& filter_;
  std::vector<uint32_t> predicates_;
  const std::vector<uint32_t>* banned_;
  bool trivial_ = true;
};

// The outcome of a bidirectional BFS: whether source and target meet, the distance, the
// depths both sides completed, and the edge on which they met.
struct Meeting {
  bool found = false;
  uint32_t length = 0;
  uint32_t fwd_depth = 0;  // layers 0..fwd_depth of the forward side are complete
  uint32_t meet_from = kNone;  // forward-side vertex of the meeting edge
  uint32_t meet_to = kNone;    // backward-side vertex
  uint32_t meet_csr = kNone;
  bool meet_forward = false;  // the meeting edge walked from subject to object
};

uint32_t Dist(uint32_t d) { return d & ~kForwardBit; }

}  // namespace

PathFinder::PathFinder(const GraphView& view, std::shared_ptr<const CsrGraph> snapshot)
    : view_(view),
      snapshot_(std::move(snapshot)),
      scratch_(std::make_unique<Scratch>(static_cast<uint32_t>(boost::num_vertices(*snapshot_)))) {
}

PathFinder::~PathFinder() = default;

namespace {

// Bidirectional BFS from `source` to `target` over the edges `test` accepts, avoiding vertices
// stamped with `ban_gen` in `ban` (when ban_gen != 0). Each round expands one whole layer of
// the side whose frontier has fewer edges to examine, and stops at the first edge joining the
// two sides: layers completed so far are disjoint, so that edge closes a shortest path.
Status Bidirectional(const Csr& csr, SearchMarks* s, const EdgeTest& test,
                     uint32_t source, uint32_t target, uint32_t max_hops, uint32_t ban_gen,
                     Ticker* ticker, Meeting* meeting) {
  using Mark = SearchMarks::Mark;
  *meeting = Meeting();
  if (source >= csr.n || target >= csr.n) return Status::OK();
  const uint32_t gen = s->NewSearch();
  Mark* fwd = s->fwd();
  Mark* bwd = s->bwd();
  const uint32_t* ban = s->ban();
  fwd[source] = {gen, 0, kNone, kNone};
  bwd[target] = {gen, 0, kNone, kNone};
  if (source == target) {
    meeting->found = true;
    return Status::OK();
  }
  std::vector<uint32_t>& ff = s->frontier_a;
  std::vector<uint32_t>& fb = s->frontier_b;
  std::vector<uint32_t>& next = s->next;
  ff.assign(1, source);
  fb.assign(1, target);
  uint32_t depth_f = 0, depth_b = 0;
  // The forward side walks out-edges forward / in-edges backward; the backward side walks the
  // same steps in reverse, so it follows in-edges where the forward side follows out-edges.
  const bool f_out = test.walk_out(), f_in = test.walk_in();
  const bool b_out = f_in, b_in = f_out;
  while (!ff.empty() && !fb.empty()) {
    if (static_cast<uint64_t>(depth_f) + depth_b + 1 > max_hops) return Status::OK();
    uint64_t cost_f = 0, cost_b = 0;
    for (uint32_t v : ff) cost_f += csr.Degree(v, f_out, f_in);
    for (uint32_t v : fb) cost_b += csr.Degree(v, b_out, b_in);
    const bool forward_side = cost_f <= cost_b;
    Mark* mine = forward_side ? fwd : bwd;
    Mark* theirs = forward_side ? bwd : fwd;
    std::vector<uint32_t>& frontier = forward_side ? ff : fb;
    const uint32_t d = (forward_side ? depth_f : depth_b) + 1;
    next.clear();
    bool met = false;
    for (uint32_t v : frontier) {
      const bool completed = csr.ForEach(
          v, forward_side ? f_out : b_out, forward_side ? f_in : b_in,
          [&](uint32_t w, uint32_t i, bool out) {
            if (!ticker->Tick()) return false;
            Mark& m = mine[w];
            if (m.gen == gen) return true;
            if (ban_gen != 0 && ban[w] == ban_gen) return true;
            if (!test.AcceptCsr(csr, i)) return true;
            // The step as the path walks it: forward side v→w, backward side w→v.
            const bool step_forward = forward_side ? out : !out;
            if (theirs[w].gen == gen) {
              met = true;
              meeting->found = true;
              meeting->length = d + Dist(theirs[w].dist);
              meeting->meet_from = forward_side ? v : w;
              meeting->meet_to = forward_side ? w : v;
              meeting->meet_csr = i;
              meeting->meet_forward = step_forward;
              meeting->fwd_depth = depth_f;
              return false;
            }
            m = {gen, d | (step_forward ? kForwardBit : 0), v, i};
            next.push_back(w);
            return true;
          });
      if (!completed) break;
    }
    if (!ticker->status().ok()) return ticker->status();
    if (met) {
      if (meeting->length > max_hops) *meeting = Meeting();
      return Status::OK();
    }
    frontier.swap(next);
    (forward_side ? depth_f : depth_b) = d;
  }
  return Status::OK();
}

// Appends v's steps that `keep` accepts to *steps, sorted by statement id.
template <typename Keep>
void SortedSteps(const Csr& csr, uint32_t v, bool out, bool in, Keep&& keep,
                 std::vector<Step>* steps) {
  const size_t begin = steps->size();
  csr.ForEach(v, out, in, [&](uint32_t w, uint32_t i, bool is_out) {
    const Step step{csr.Statement(i), w, i, is_out};
    if (keep(step)) steps->push_back(step);
    return true;
  });
  std::sort(steps->begin() + static_cast<std::ptrdiff_t>(begin), steps->end(),
            [](const Step& a, const Step& b) { return a.edge < b.edge; });
}

// Enumerates, in edge-id order, the shortest paths a successful Bidirectional() found (its
// marks must still be current), appending at most `limit` + 1 to *out. Positions up to
// meeting.fwd_depth are checked against the forward side's distances and later ones against
// the backward side's, both of which are exact there.
Status EnumerateShortest(const Csr& csr, SearchMarks* s, const EdgeTest& test,
                         uint32_t source, uint32_t target, const Meeting& meeting, size_t limit,
                         uint32_t ban_gen, Ticker* ticker, std::vector<Path>* out) {
  using Mark = SearchMarks::Mark;
  const uint32_t length = meeting.length;
  if (length == 0) {
    Path p;
    p.vertices.push_back(source);
    out->push_back(std::move(p));
    return Status::OK();
  }
  const uint32_t gen = s->fwd()[source].gen;
  const Mark* fwd = s->fwd();
  const Mark* bwd = s->bwd();
  const uint32_t* ban = s->ban();
  const uint32_t dead_gen = s->NewAux();
  uint32_t* dead = s->aux();
  const uint32_t split = meeting.fwd_depth;
  const size_t want = limit + 1;

  // An explicit stack: frame i holds the vertex at position i and its candidate steps.
  struct Frame {
    uint32_t vertex;
    size_t begin, end, next;
    size_t found_before;
  };
  std::vector<Frame> stack;
  std::vector<Step>& steps = s->steps;
  steps.clear();
  Path path;
  path.vertices.push_back(source);
  auto push = [&](uint32_t v) {
    const uint32_t pos = static_cast<uint32_t>(stack.size());
    const size_t begin = steps.size();
    SortedSteps(
        csr, v, test.walk_out(), test.walk_in(),
        [&](const Step& st) {
          if (!ticker->Tick()) return false;
          const uint32_t w = st.next;
          if (ban_gen != 0 && ban[w] == ban_gen) return false;
          if (pos + 1 <= split) {
            if (fwd[w].gen != gen || Dist(fwd[w].dist) != pos + 1) return false;
            if (dead[w] == dead_gen) return false;
          } else {
            if (bwd[w].gen != gen || Dist(bwd[w].dist) != length - pos - 1) return false;
          }
          return test.Accept(st.edge);
        },
        &steps);
    stack.push_back({v, begin, steps.size(), begin, out->size()});
  };
  push(source);
  while (!stack.empty()) {
    if (!ticker->status().ok()) return ticker->status();
    Frame& f = stack.back();
    if (stack.size() - 1 == length || f.next == f.end) {
      if (stack.size() - 1 == length) {
        if (f.vertex == target) out->push_back(path);
        if (out->size() >= want) return Status::OK();
      } else if (out->size() == f.found_before) {
        dead[f.vertex] = dead_gen;  // no shortest path continues through it
      }
      steps.resize(f.begin);
      stack.pop_back();
      if (!path.edges.empty()) {
        path.vertices.pop_back();
        path.edges.pop_back();
        path.forward.pop_back();
      }
      continue;
    }
    const Step st = steps[f.next++];
    path.vertices.push_back(st.next);
    path.edges.push_back(st.edge);
    path.forward.push_back(st.out);
    push(st.next);
  }
  return ticker->status();
}

bool PathLess(const Path& a, const Path& b) {
  if (a.edges.size() != b.edges.size()) return a.edges.size() < b.edges.size();
  return a.edges < b.edges;
}

}  // namespace

Result<std::optional<Path>> PathFinder::Shortest(uint32_t source, uint32_t target,
                                                 const EdgeFilter& filter, uint32_t max_hops,
                                                 SearchBudget* budget) {
  if (source == target) {
    Path p;
    p.vertices.push_back(source);
    return std::optional<Path>(std::move(p));
  }
  const Csr csr(*snapshot_);
  const EdgeTest test(view_, filter);
  Ticker ticker(budget);
  Meeting m;
  KG_RETURN_IF_ERROR(
      Bidirectional(csr, scratch_.get(), test, source, target, max_hops, 0, &ticker, &m));
  if (!m.found) return std::optional<Path>();
  const SearchMarks::Mark* fwd = scratch_->fwd();
  const SearchMarks::Mark* bwd = scratch_->bwd();
  Path p;
  p.vertices.reserve(m.length + 1);
  // source … meet_from, from the forward side's predecessors (collected backwards).
  for (uint32_t v = m.meet_from; v != source; v = fwd[v].pred) {
    p.vertices.push_back(v);
    p.edges.push_back(csr.Statement(fwd[v].csr));
    p.forward.push_back((fwd[v].dist & kForwardBit) != 0);
  }
  p.vertices.push_back(source);
  std::reverse(p.vertices.begin(), p.vertices.end());
  std::reverse(p.edges.begin(), p.edges.end());
  p.forward = std::vector<bool>(p.forward.rbegin(), p.forward.rend());
  p.vertices.push_back(m.meet_to);
  p.edges.push_back(csr.Statement(m.meet_csr));
  p.forward.push_back(m.meet_forward);
  // meet_to … target, from the backward side's predecessors.
  for (uint32_t v = m.meet_to; v != target; v = bwd[v].pred) {
    p.edges.push_back(csr.Statement(bwd[v].csr));
    p.forward.push_back((bwd[v].dist & kForwardBit) != 0);
    p.vertices.push_back(bwd[v].pred);
  }
  return std::optional<Path>(std::move(p));
}

Status PathFinder::AllShortest(uint32_t source, uint32_t target, const EdgeFilter& filter,
                               uint32_t max_hops, size_t limit, SearchBudget* budget,
                               std::vector<Path>* out, bool* truncated) {
  out->clear();
  if (truncated != nullptr) *truncated = false;
  if (limit == 0) return Status::OK();
  const Csr csr(*snapshot_);
  const EdgeTest test(view_, filter);
  Ticker ticker(budget);
  if (source == target) {
    Path p;
    p.vertices.push_back(source);
    out->push_back(std::move(p));
    return Status::OK();
  }
  Meeting m;
  KG_RETURN_IF_ERROR(
      Bidirectional(csr, scratch_.get(), test, source, target, max_hops, 0, &ticker, &m));
  if (!m.found) return Status::OK();
  KG_RETURN_IF_ERROR(
      EnumerateShortest(csr, scratch_.get(), test, source, target, m, limit, 0, &ticker, out));
  if (out->size() > limit) {
    out->resize(limit);
    if (truncated == nullptr) {
      return Status::LimitExceeded("more than " + std::to_string(limit) + " shortest paths");
    }
    *truncated = true;
  }
  return Status::OK();
}

Status PathFinder::KShortest(uint32_t source, uint32_t target, size_t k, const EdgeFilter& filter,
                             uint32_t max_hops, SearchBudget* budget, std::vector<Path>* out) {
  out->clear();
  if (k == 0) return Status::OK();
  const Csr csr(*snapshot_);
  Ticker ticker(budget);
  if (source == target) {
    Path p;
    p.vertices.push_back(source);
    out->push_back(std::move(p));
    return Status::OK();
  }
  // Yen's algorithm. Every spur path is the first (in edge-id order) shortest path from the
  // spur vertex, so with the root fixed the candidates come in (length, edge-id sequence)
  // order, which makes the whole result follow that order.
  std::vector<Path> found;
  {
    const EdgeTest test(view_, filter);
    Meeting m;
    KG_RETURN_IF_ERROR(
        Bidirectional(csr, scratch_.get(), test, source, target, max_hops, 0, &ticker, &m));
    if (!m.found) return Status::OK();
    KG_RETURN_IF_ERROR(
        EnumerateShortest(csr, scratch_.get(), test, source, target, m, 0, 0, &ticker, &found));
    found.resize(1);
  }
  std::set<Path, decltype(&PathLess)> candidates(&PathLess);
  std::set<std::vector<uint32_t>> seen;  // edge sequences already in `found` or `candidates`
  seen.insert(found[0].edges);
  std::vector<uint32_t> banned_edges;
  std::vector<Path> spur;
  while (found.size() < k) {
    const Path last = found.back();
    for (size_t i = 0; i < last.length(); ++i) {
      const uint32_t spur_vertex = last.vertices[i];
      if (max_hops <= i) break;
      // Edges leaving the spur vertex on paths that share this root are banned, and so are
      // the root's vertices (the path must stay simple).
      banned_edges.clear();
      for (const Path& p : found) {
        if (p.length() > i && std::equal(p.edges.begin(), p.edges.begin() + i, last.edges.begin())) {
          banned_edges.push_back(p.edges[i]);
        }
      }
      std::sort(banned_edges.begin(), banned_edges.end());
      const uint32_t ban_gen = scratch_->NewBan();
      for (size_t j = 0; j < i; ++j) scratch_->ban()[last.vertices[j]] = ban_gen;
      const EdgeTest test(view_, filter, &banned_edges);
      Meeting m;
      KG_RETURN_IF_ERROR(Bidirectional(csr, scratch_.get(), test, spur_vertex, target,
                                       max_hops - static_cast<uint32_t>(i), ban_gen, &ticker,
                                       &m));
      if (!m.found) continue;
      spur.clear();
      KG_RETURN_IF_ERROR(EnumerateShortest(csr, scratch_.get(), test, spur_vertex, target, m, 0,
                                           ban_gen, &ticker, &spur));
      Path total;
      total.vertices.assign(last.vertices.begin(), last.vertices.begin() + i);
      total.edges.assign(last.edges.begin(), last.edges.begin() + i);
      total.forward.assign(last.forward.begin(), last.forward.begin() + i);
      total.vertices.insert(total.vertices.end(), spur[0].vertices.begin(),
                            spur[0].vertices.end());
      total.edges.insert(total.edges.end(), spur[0].edges.begin(), spur[0].edges.end());
      total.forward.insert(total.forward.end(), spur[0].forward.begin(), spur[0].forward.end());
      if (seen.insert(total.edges).second) candidates.insert(std::move(total));
    }
    if (candidates.empty()) break;
    found.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  *out = std::move(found);
  return Status::OK();
}

Status PathFinder::Expand(uint32_t source, std::optional<uint32_t> target,
                          const EdgeFilter& filter, uint32_t min_hops, uint32_t max_hops,
                          SearchBudget* budget, const std::function<bool(const Path&)>& visit) {
  const Csr csr(*snapshot_);
  const EdgeTest test(view_, filter);
  Ticker ticker(budget);
  Path path;
  path.vertices.push_back(source);
  if (min_hops == 0 && (!target.has_value() || *target == source)) {
    if (!visit(path)) return Status::OK();
  }
  if (source >= csr.n || max_hops == 0 || (target.has_value() && *target == source)) {
    return Status::OK();
  }
  const uint32_t on_path_gen = scratch_->NewAux();
  uint32_t* on_path = scratch_->aux();
  struct Frame {
    size_t begin, end, next;
  };
  std::vector<Frame> stack;
  std::vector<Step>& steps = scratch_->steps;
  steps.clear();
  auto push = [&](uint32_t v) {
    on_path[v] = on_path_gen;
    const size_t begin = steps.size();
    if (stack.size() < max_hops) {
      SortedSteps(
          csr, v, test.walk_out(), test.walk_in(),
          [&](const Step& st) {
            return ticker.Tick() && on_path[st.next] != on_path_gen && test.Accept(st.edge);
          },
          &steps);
    }
    stack.push_back({begin, steps.size(), begin});
  };
  push(source);
  while (!stack.empty()) {
    if (!ticker.status().ok()) return ticker.status();
    Frame& f = stack.back();
    if (f.next == f.end) {
      steps.resize(f.begin);
      stack.pop_back();
      on_path[path.vertices.back()] = 0;
      if (!path.edges.empty()) {
        path.vertices.pop_back();
        path.edges.pop_back();
        path.forward.pop_back();
      }
      continue;
    }
    const Step st = steps[f.next++];
    path.vertices.push_back(st.next);
    path.edges.push_back(st.edge);
    path.forward.push_back(st.out);
    const bool at_target = target.has_value() && st.next == *target;
    if (path.length() >= min_hops && (!target.has_value() || at_target)) {
      if (!visit(path)) return Status::OK();
    }
    if (at_target) {  // a simple path cannot leave the target and end there again
      path.vertices.pop_back();
      path.edges.pop_back();
      path.forward.pop_back();
      continue;
    }
    push(st.next);
  }
  return ticker.status();
}

Result<uint64_t> PathFinder::CountWithin(uint32_t source, uint32_t hops, const EdgeFilter& filter,
                                         SearchBudget* budget) {
  const Csr csr(*snapshot_);
  if (source >= csr.n) return uint64_t{0};
  const EdgeTest test(view_, filter);
  Ticker ticker(budget);
  // A bitset rather than stamped marks: a 2-hop count from a vertex next to a hub tests
  // millions of edges against scattered vertices, and V bits stay in cache where 32-bit stamps
  // do not. Clearing it costs V/8 bytes, small next to such a search.
  std::vector<uint64_t>& seen = scratch_->bits;
  seen.assign((static_cast<size_t>(csr.n) + 63) / 64, 0);
  auto mark = [&](uint32_t v) {
    uint64_t& word = seen[v >> 6];
    const uint64_t bit = uint64_t{1} << (v & 63);
    const bool fresh = (word & bit) == 0;
    word |= bit;
    return fresh;
  };
  std::vector<uint32_t>& frontier = scratch_->frontier_a;
  std::vector<uint32_t>& next = scratch_->next;
  frontier.assign(1, source);
  mark(source);
  uint64_t count = 0;
  for (uint32_t d = 0; d < hops && !frontier.empty(); ++d) {
    next.clear();
    const bool last_layer = d + 1 == hops;
    for (uint32_t v : frontier) {
      const bool completed =
          csr.ForEach(v, test.walk_out(), test.walk_in(), [&](uint32_t w, uint32_t i, bool) {
            if (!ticker.Tick()) return false;
            if ((seen[w >> 6] >> (w & 63) & 1) != 0 || !test.AcceptCsr(csr, i)) return true;
            mark(w);
            ++count;
            if (!last_layer) next.push_back(w);
            return true;
          });
      if (!completed) return ticker.status();
    }
    frontier.swap(next);
  }
  return count;
}

}  // namespace kg::core
