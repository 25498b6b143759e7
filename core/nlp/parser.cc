#include "core/nlp/parser.h"

#include <algorithm>
#include <iomanip>
#include <limits>
#include <map>
#include <ostream>
#include <random>

#include "core/nlp/features.h"
#include "core/util/text.h"

namespace kg::core::nlp {

// ---------------------------------------------------------------------------------------------
// Transition system

ArcEagerState::ArcEagerState(int n)
    : n_(n),
      head_(n + 1, -1),
      label_(n + 1, -1),
      l1_(n + 1, -1),
      l2_(n + 1, -1),
      r1_(n + 1, -1),
      r2_(n + 1, -1),
      lval_(n + 1, 0),
      rval_(n + 1, 0),
      lset_(n + 1, 0),
      rset_(n + 1, 0) {
  stack_.reserve(n + 1);
  stack_.push_back(0);
}

bool ArcEagerState::CanApply(Move move, uint32_t label, uint32_t root_label) const {
  if (b_ > n_) return false;
  const int s = stack_.empty() ? -1 : stack_.back();
  switch (move) {
    case kShift:
      return true;
    case kReduce:
      return s > 0 && head_[s] >= 0;
    case kLeft:
      return s > 0 && head_[s] < 0 && label != root_label;
    case kRight:
      if (s == 0) return label == root_label && !root_has_child_;
      return s > 0 && label != root_label;
  }
  return false;
}

void ArcEagerState::AddArc(int h, int d, uint32_t label) {
  head_[d] = h;
  label_[d] = static_cast<int>(label);
  const uint64_t bit = uint64_t{1} << (label & 63);
  if (d < h) {
    if (l1_[h] < 0 || d < l1_[h]) {
      l2_[h] = l1_[h];
      l1_[h] = d;
    } else if (l2_[h] < 0 || d < l2_[h]) {
      l2_[h] = d;
    }
    ++lval_[h];
    lset_[h] |= bit;
  } else {
    if (r1_[h] < 0 || d > r1_[h]) {
      r2_[h] = r1_[h];
      r1_[h] = d;
    } else if (r2_[h] < 0 || d > r2_[h]) {
      r2_[h] = d;
    }
    ++rval_[h];
    rset_[h] |= bit;
  }
  if (h == 0) root_has_child_ = true;
}

void ArcEagerState::Apply(Move move, uint32_t label) {
  switch (move) {
    case kShift:
      stack_.push_back(b_++);
      break;
    case kReduce:
      stack_.pop_back();
      break;
    case kLeft:
      AddArc(b_, stack_.back(), label);
      stack_.pop_back();
      break;
    case kRight:
      AddArc(stack_.back(), b_, label);
      stack_.push_back(b_++);
      break;
  }
}

int ArcEagerState::MoveCost(Move move, const std::vector<int>& gold) const {
  const int s = stack_.back();
  const int b = b_;
  int cost = 0;
  switch (move) {
    case kShift:
      // b's head or dependents waiting on the stack can no longer be reached.
      for (int k : stack_) {
        if (gold[b] == k && !(k == 0 && root_has_child_)) ++cost;
        if (k > 0 && head_[k] < 0 && gold[k] == b) ++cost;
      }
      break;
    case kRight: {
      const int h = gold[b];
      if (s == 0 && h != 0) {
        // The root takes one dependent: the true root, if still ahead, is lost.
        for (int k = b + 1; k <= n_; ++k) cost += gold[k] == 0;
      }
      if (h != s && !(h == 0 && root_has_child_)) {  // the root's arc may be lost already
        const bool in_stack = std::find(stack_.begin(), stack_.end(), h) != stack_.end();
        if (in_stack || h > b) ++cost;
      }
      for (int k : stack_) {
        if (k > 0 && head_[k] < 0 && gold[k] == b) ++cost;
      }
      break;
    }
    case kLeft:
      for (int k = b; k <= n_; ++k) cost += gold[k] == s;
      if (gold[s] != b && gold[s] > b) ++cost;
      break;
    case kReduce:
      for (int k = b; k <= n_; ++k) cost += gold[k] == s;
      break;
  }
  return cost;
}

int Projectivize(std::vector<int>* heads) {
  std::vector<int>& h = *heads;
  const int n = static_cast<int>(h.size()) - 1;
  auto dominates = [&](int a, int d) {
    for (int steps = 0; d > 0 && steps <= n; ++steps) {
      d = h[d];
      if (d == a) return true;
    }
    return false;
  };
  int lifted = 0;
  while (true) {
    int best = -1, best_len = std::numeric_limits<int>::max();
    for (int d = 1; d <= n; ++d) {
      const int head = h[d];
      if (head <= 0) continue;  // arcs from the root cover everything; never non-projective
      const int lo = std::min(head, d), hi = std::max(head, d);
      for (int k = lo + 1; k < hi; ++k) {
        if (!dominates(head, k)) {
          if (hi - lo < best_len) {
            best_len = hi - lo;
            best = d;
          }
          break;
        }
      }
    }
    if (best < 0 || lifted > 4 * n) return lifted;
    h[best] = h[h[best]];
    ++lifted;
  }
}

// ---------------------------------------------------------------------------------------------
// Features

namespace {

constexpr size_t kMaxFeatures = 96;
constexpr uint64_t kNone = 0x6e6f6e65;   // no such position
constexpr uint64_t kRootW = 0x726f6f74;  // the artificial root

}  // namespace

std::vector<Parser::Word> Parser::Words(const std::vector<std::string_view>& forms,
                                        const std::vector<std::string_view>& xpos,
                                        const std::vector<std::string_view>& upos) {
  std::vector<Word> words(forms.size() + 1);
  words[0] = Word{kRootW, kRootW, kRootW};
  for (size_t i = 0; i < forms.size(); ++i) {
    words[i + 1] = Word{Hash64(NormaliseForm(forms[i])), Hash64(xpos[i]) + 1, Hash64(upos[i]) + 2};
  }
  return words;
}

size_t Parser::Features(const ArcEagerState& st, const std::vector<Word>& words, uint64_t* f) {
  const int n = st.n_;
  const int s0 = st.stack_.back();
  const int s1 = st.stack_.size() >= 2 ? st.stack_[st.stack_.size() - 2] : -1;
  const int n0 = st.b_ <= n ? st.b_ : -1;
  const int n1 = st.b_ + 1 <= n ? st.b_ + 1 : -1;
  const int n2 = st.b_ + 2 <= n ? st.b_ + 2 : -1;
  auto hd = [&](int i) { return i > 0 ? st.head_[i] : -1; };
  const int s0h = hd(s0);
  const int s0h2 = s0h > 0 ? hd(s0h) : -1;
  const int s0l = st.l1_[s0], s0l2 = st.l2_[s0], s0r = st.r1_[s0], s0r2 = st.r2_[s0];
  const int n0l = n0 > 0 ? st.l1_[n0] : -1;
  const int n0l2 = n0 > 0 ? st.l2_[n0] : -1;
  auto W = [&](int i) { return i < 0 ? kNone : words[i].w; };
  auto P = [&](int i) { return i < 0 ? kNone : words[i].p; };
  auto U = [&](int i) { return i < 0 ? kNone : words[i].u; };
  auto L = [&](int i) -> uint64_t {
    return i < 0 ? 0xFFFF : (st.label_[i] < 0 ? 0xFFFE : static_cast<uint64_t>(st.label_[i]));
  };
  const uint64_t s0w = W(s0), s0p = P(s0), n0w = W(n0), n0p = P(n0), n1w = W(n1), n1p = P(n1),
                 n2w = W(n2), n2p = P(n2);
  const uint64_t dist = n0 > 0 ? std::min(n0 - s0, 15) : 0;
  const uint64_t s0vl = st.lval_[s0], s0vr = st.rval_[s0];
  const uint64_t n0vl = n0 > 0 ? st.lval_[n0] : 0;
  const uint64_t s0sl = st.lset_[s0], s0sr = st.rset_[s0];
  const uint64_t n0sl = n0 > 0 ? st.lset_[n0] : 0;
  size_t k = 0;
  // Single words.
  f[k++] = Feat(1, s0w, s0p);
  f[k++] = Feat(2, s0w);
  f[k++] = Feat(3, s0p);
  f[k++] = Feat(4, n0w, n0p);
  f[k++] = Feat(5, n0w);
  f[k++] = Feat(6, n0p);
  f[k++] = Feat(7, n1w, n1p);
  f[k++] = Feat(8, n1w);
  f[k++] = Feat(9, n1p);
  f[k++] = Feat(10, n2w, n2p);
  f[k++] = Feat(11, n2w);
  f[k++] = Feat(12, n2p);
  // Pairs.
  f[k++] = Feat(13, Feat(0, s0w, s0p), n0w, n0p);
  f[k++] = Feat(14, s0w, s0p, n0w);
  f[k++] = Feat(15, s0w, n0w, n0p);
  f[k++] = Feat(16, s0w, s0p, n0p);
  f[k++] = Feat(17, s0p, n0w, n0p);
  f[k++] = Feat(18, s0w, n0w);
  f[k++] = Feat(19, s0p, n0p);
  f[k++] = Feat(20, n0p, n1p);
  // Three tags.
  f[k++] = Feat(21, n0p, n1p, n2p);
  f[k++] = Feat(22, s0p, n0p, n1p);
  f[k++] = Feat(23, P(s0h), s0p, n0p);
  f[k++] = Feat(24, s0p, P(s0l), n0p);
  f[k++] = Feat(25, s0p, P(s0r), n0p);
  f[k++] = Feat(26, s0p, n0p, P(n0l));
  // Distance.
  f[k++] = Feat(27, s0w, dist);
  f[k++] = Feat(28, s0p, dist);
  f[k++] = Feat(29, n0w, dist);
  f[k++] = Feat(30, n0p, dist);
  f[k++] = Feat(31, s0w, n0w, dist);
  f[k++] = Feat(32, s0p, n0p, dist);
  // Valency.
  f[k++] = Feat(33, s0w, s0vr);
  f[k++] = Feat(34, s0p, s0vr);
  f[k++] = Feat(35, s0w, s0vl);
  f[k++] = Feat(36, s0p, s0vl);
  f[k++] = Feat(37, n0w, n0vl);
  f[k++] = Feat(38, n0p, n0vl);
  // Second order.
  f[k++] = Feat(39, W(s0h));
  f[k++] = Feat(40, P(s0h));
  f[k++] = Feat(41, L(s0));
  f[k++] = Feat(42, W(s0l));
  f[k++] = Feat(43, P(s0l));
  f[k++] = Feat(44, L(s0l));
  f[k++] = Feat(45, W(s0r));
  f[k++] = Feat(46, P(s0r));
  f[k++] = Feat(47, L(s0r));
  f[k++] = Feat(48, W(n0l));
  f[k++] = Feat(49, P(n0l));
  f[k++] = Feat(50, L(n0l));
  // Third order.
  f[k++] = Feat(51, W(s0h2));
  f[k++] = Feat(52, P(s0h2));
  f[k++] = Feat(53, L(s0h));
  f[k++] = Feat(54, W(s0l2));
  f[k++] = Feat(55, P(s0l2));
  f[k++] = Feat(56, L(s0l2));
  f[k++] = Feat(57, W(s0r2));
  f[k++] = Feat(58, P(s0r2));
  f[k++] = Feat(59, L(s0r2));
  f[k++] = Feat(60, W(n0l2));
  f[k++] = Feat(61, P(n0l2));
  f[k++] = Feat(62, L(n0l2));
  f[k++] = Feat(63, s0p, P(s0l), P(s0l2));
  f[k++] = Feat(64, s0p, P(s0r), P(s0r2));
  f[k++] = Feat(65, s0p, P(s0h), P(s0h2));
  f[k++] = Feat(66, n0p, P(n0l), P(n0l2));
  // Label sets.
  f[k++] = Feat(67, s0w, s0sr);
  f[k++] = Feat(68, s0p, s0sr);
  f[k++] = Feat(69, s0w, s0sl);
  f[k++] = Feat(70, s0p, s0sl);
  f[k++] = Feat(71, n0w, n0sl);
  f[k++] = Feat(72, n0p, n0sl);
  // The second stack word, universal tags and the root's state.
  f[k++] = Feat(73, W(s1));
  f[k++] = Feat(74, P(s1));
  f[k++] = Feat(75, P(s1), s0p, n0p);
  f[k++] = Feat(76, W(s1), s0w);
  f[k++] = Feat(77, U(s0), U(n0), U(n1));
  f[k++] = Feat(78, U(s1), U(s0), U(n0));
  f[k++] = Feat(79, st.root_has_child_, s0 == 0, n0p);
  f[k++] = Feat(80, s0p, L(s0), n0p);
  f[k++] = Feat(81, 0);
  return k;
}

// ---------------------------------------------------------------------------------------------
// Decoding

uint32_t Parser::Best(const ArcEagerState& st, const float* scores, bool* legal) const {
  const uint32_t num_actions = 2 + 2 * static_cast<uint32_t>(labels_.size());
  const int s = st.stack_.back();
  const bool open = st.b_ <= st.n_;
  legal[0] = open;
  legal[1] = open && s > 0 && st.head_[s] >= 0;
  const bool left = open && s > 0 && st.head_[s] < 0;
  for (uint32_t l = 0; l < labels_.size(); ++l) {
    legal[2 + 2 * l] = left && l != root_label_;
    legal[3 + 2 * l] = open && (s == 0 ? (l == root_label_ && !st.root_has_child_)
                                       : l != root_label_);
  }
  uint32_t best = std::numeric_limits<uint32_t>::max();
  for (uint32_t a = 0; a < num_actions; ++a) {
    if (legal[a] && (best == std::numeric_limits<uint32_t>::max() || scores[a] > scores[best])) {
      best = a;
    }
  }
  return best;
}

uint32_t Parser::BestLegal(const ArcEagerState& st, const float* scores) const {
  // Same legality and the same tie-breaking as Best(): the lowest action id wins a tie.
  const int s = st.stack_.back();
  const uint32_t num_labels = static_cast<uint32_t>(labels_.size());
  uint32_t best = 0;  // shift: legal in every non-terminal state
  if (s > 0 && st.head_[s] >= 0 && scores[1] > scores[best]) best = 1;
  const bool left = s > 0 && st.head_[s] < 0;
  if (s == 0) {
    if (!st.root_has_child_ && scores[3 + 2 * root_label_] > scores[best]) {
      best = 3 + 2 * root_label_;
    }
    return best;
  }
  for (uint32_t l = 0; l < num_labels; ++l) {
    if (l == root_label_) continue;
    const uint32_t a = 2 + 2 * l;
    if (left && scores[a] > scores[best]) best = a;
    if (scores[a + 1] > scores[best]) best = a + 1;
  }
  return best;
}

void Parser::Finish(const ArcEagerState& st, const std::vector<std::string_view>& upos,
                    std::vector<int>* heads, std::vector<uint32_t>* labels) const {
  const int n = st.n_;
  heads->assign(n, 0);
  labels->assign(n, root_label_);
  int root = st.r1_[0];
  for (int i = 1; i <= n; ++i) {
    if (st.head_[i] >= 0) {
      (*heads)[i - 1] = st.head_[i];
      (*labels)[i - 1] = static_cast<uint32_t>(st.label_[i]);
    }
  }
  // Words left without a head (the parser stops when the buffer is empty) hang from the one
  // root, which keeps the output a tree.
  for (int i = 1; i <= n; ++i) {
    if (st.head_[i] >= 0) continue;
    if (root < 0) {
      root = i;
      continue;
    }
    (*heads)[i - 1] = root;
    (*labels)[i - 1] = upos[i - 1] == "PUNCT" ? punct_label_ : parataxis_label_;
  }
}

void Parser::Parse(const std::vector<std::string_view>& forms,
                   const std::vector<std::string_view>& xpos,
                   const std::vector<std::string_view>& upos, std::vector<int>* heads,
                   std::vector<uint32_t>* labels) const {
  const std::vector<Word> words = Words(forms, xpos, upos);
  ArcEagerState st(static_cast<int>(forms.size()));
  const uint32_t num_actions = 2 + 2 * static_cast<uint32_t>(labels_.size());
  std::vector<float> scores(std::max<size_t>(table_.score_size(), num_actions));
  uint64_t f[kMaxFeatures];
  while (!st.Terminal()) {
    const size_t k = Features(st, words, f);
    std::fill(scores.begin(), scores.end(), 0.0f);
    table_.Score(f, k, scores.data());
    const uint32_t a = BestLegal(st, scores.data());
    st.Apply(ArcEagerState::MoveOf(a), a >= 2 ? ArcEagerState::LabelOf(a) : 0);
  }
  Finish(st, upos, heads, labels);
}

// ---------------------------------------------------------------------------------------------
// Training

namespace {

struct Views {
  std::vector<std::string_view> forms, xpos, upos;
};

Views ViewsOf(const ConlluSentence& s) {
  Views v;
  for (const ConlluWord& w : s.words) {
    v.forms.push_back(w.form);
    v.xpos.push_back(w.xpos);
    v.upos.push_back(w.upos);
  }
  return v;
}

std::string_view BaseLabel(std::string_view l) { return l.substr(0, l.find(':')); }

}  // namespace

Result<Parser> Parser::Train(const std::vector<ConlluSentence>& train,
                             const std::vector<ConlluSentence>& dev,
                             const ParserTrainOptions& options, std::ostream* progress,
                             double* best_dev_las) {
  Parser parser;
  std::map<std::string, uint32_t> label_ids;
  auto label_id = [&](const std::string& l) {
    auto [it, added] = label_ids.emplace(l, static_cast<uint32_t>(parser.labels_.size()));
    if (added) parser.labels_.push_back(l);
    return it->second;
  };
  label_id("root");
  label_id("punct");
  label_id("parataxis");
  parser.root_label_ = 0;
  parser.punct_label_ = 1;
  parser.parataxis_label_ = 2;
  struct Gold {
    size_t sentence;
    std::vector<int> heads;  // index 0 unused
    std::vector<uint32_t> labels;
  };
  std::vector<Gold> gold;
  int lifted = 0;
  for (size_t s = 0; s < train.size(); ++s) {
    Gold g{s, {-1}, {0}};
    bool ok = true;
    int roots = 0;
    for (const ConlluWord& w : train[s].words) {
      if (w.head < 0 || w.deprel.empty() || w.deprel == "_") ok = false;
      roots += w.head == 0;
      g.heads.push_back(w.head);
      g.labels.push_back(w.deprel == "root" || w.head == 0 ? 0 : label_id(w.deprel));
    }
    if (!ok || roots != 1) continue;
    lifted += Projectivize(&g.heads);
    gold.push_back(std::move(g));
  }
  if (gold.empty()) return Status::InvalidArgument("the training data has no annotated tree");
  if (parser.labels_.size() > 64) {
    return Status::InvalidArgument("more than 64 dependency relations in the training data");
  }
  if (progress) {
    *progress << "parser: " << gold.size() << " trees, " << parser.labels_.size()
              << " relations, " << lifted << " arcs lifted to make trees projective" << std::endl;
  }
  const uint32_t num_actions = 2 + 2 * static_cast<uint32_t>(parser.labels_.size());
  PerceptronTrainer trainer(num_actions);
  std::mt19937_64 rng(options.seed);
  std::vector<size_t> order(gold.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<float> scores(num_actions);
  std::vector<uint8_t> legal_storage(num_actions);
  bool* legal = reinterpret_cast<bool*>(legal_storage.data());
  uint64_t f[kMaxFeatures];
  double best = -1;
  Parser best_parser;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    const bool explore = epoch >= options.explore_from;
    size_t steps = 0, errors = 0;
    for (size_t gi : order) {
      const Gold& g = gold[gi];
      const Views v = ViewsOf(train[g.sentence]);
      const std::vector<Word> words = Words(v.forms, v.xpos, v.upos);
      ArcEagerState st(static_cast<int>(v.forms.size()));
      while (!st.Terminal()) {
        const size_t k = Features(st, words, f);
        std::fill(scores.begin(), scores.end(), 0.0f);
        trainer.Score(f, k, scores.data());
        const uint32_t pred = parser.Best(st, scores.data(), legal);
        int move_cost[4];
        for (int m = 0; m < 4; ++m) {
          move_cost[m] = st.MoveCost(static_cast<ArcEagerState::Move>(m), g.heads);
        }
        const int s = st.stack_.back();
        const int b = st.b_;
        auto cost = [&](uint32_t a) {
          const ArcEagerState::Move m = ArcEagerState::MoveOf(a);
          int c = move_cost[m];
          if (m == ArcEagerState::kLeft && g.heads[s] == b && ArcEagerState::LabelOf(a) != g.labels[s]) ++c;
          if (m == ArcEagerState::kRight && g.heads[b] == s && ArcEagerState::LabelOf(a) != g.labels[b]) ++c;
          return c;
        };
        uint32_t best_gold = std::numeric_limits<uint32_t>::max();
        int best_gold_cost = std::numeric_limits<int>::max();
        for (uint32_t a = 0; a < num_actions; ++a) {
          if (!legal[a]) continue;
          const int c = cost(a);
          if (c < best_gold_cost || (c == best_gold_cost && scores[a] > scores[best_gold])) {
            best_gold_cost = c;
            best_gold = a;
          }
        }
        ++steps;
        if (cost(pred) > best_gold_cost) {
          ++errors;
          trainer.Update(f, k, best_gold, pred);
        }
        const bool follow_pred =
            explore && static_cast<double>(rng() >> 11) * 0x1.0p-53 < options.explore_p;
        const uint32_t next = follow_pred ? pred : best_gold;
        st.Apply(ArcEagerState::MoveOf(next), next >= 2 ? ArcEagerState::LabelOf(next) : 0);
        trainer.Tick();
      }
    }
    Parser candidate;
    candidate.labels_ = parser.labels_;
    candidate.root_label_ = parser.root_label_;
    candidate.punct_label_ = parser.punct_label_;
    candidate.parataxis_label_ = parser.parataxis_label_;
    candidate.table_ = trainer.Average(options.prune);
    size_t words = 0, uas = 0, las = 0;
    std::vector<int> heads;
    std::vector<uint32_t> labels;
    for (const ConlluSentence& s : dev) {
      const Views v = ViewsOf(s);
      candidate.Parse(v.forms, v.xpos, v.upos, &heads, &labels);
      for (size_t i = 0; i < heads.size(); ++i) {
        ++words;
        if (heads[i] == s.words[i].head) {
          ++uas;
          las += BaseLabel(candidate.labels_[labels[i]]) == BaseLabel(s.words[i].deprel);
        }
      }
    }
    const double dev_uas = words ? 100.0 * uas / words : 0;
    const double dev_las = words ? 100.0 * las / words : 0;
    if (progress) {
      *progress << "parser epoch " << epoch << ": train errors " << std::fixed
                << std::setprecision(2) << 100.0 * errors / std::max<size_t>(steps, 1)
                << "% of steps, dev UAS " << dev_uas << " LAS " << dev_las << ", "
                << candidate.table_.num_features() << " features" << std::endl;
    }
    if (dev_las > best) {
      best = dev_las;
      best_parser = std::move(candidate);
    }
  }
  if (best_dev_las) *best_dev_las = best;
  return best_parser;
}

std::string Parser::Serialize() const {
  ByteWriter w;
  w.Put<uint32_t>(static_cast<uint32_t>(labels_.size()));
  for (const std::string& l : labels_) w.PutString(l);
  w.Put<uint32_t>(root_label_);
  w.Put<uint32_t>(punct_label_);
  w.Put<uint32_t>(parataxis_label_);
  table_.Serialize(&w);
  return w.Release();
}

Result<Parser> Parser::Deserialize(std::string_view payload) {
  ByteReader r(payload);
  Parser p;
  uint32_t n = 0;
  if (!r.Get(&n) || n == 0 || n > 64) return Status::Corruption("parser: bad relation count");
  p.labels_.resize(n);
  for (std::string& l : p.labels_) {
    if (!r.GetString(&l)) return Status::Corruption("parser: relation list truncated");
  }
  if (!r.Get(&p.root_label_) || !r.Get(&p.punct_label_) || !r.Get(&p.parataxis_label_) ||
      p.root_label_ >= n || p.punct_label_ >= n || p.parataxis_label_ >= n) {
    return Status::Corruption("parser: bad relation ids");
  }
  KG_RETURN_IF_ERROR(p.table_.Deserialize(&r));
  if (p.table_.num_classes() != 2 + 2 * n) return Status::Corruption("parser: wrong class count");
  if (!r.AtEnd()) return Status::Corruption("parser: trailing bytes");
  return p;
}

}  // namespace kg::core::nlp
