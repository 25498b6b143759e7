#include "core/nlp/tagger.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <ostream>
#include <random>
#include <unordered_map>

#include "core/nlp/features.h"
#include "core/util/text.h"

namespace kg::core::nlp {
namespace {

constexpr size_t kMaxFeatures = 64;
constexpr uint32_t kNoTag = 0xFFFF;  // before the first word
constexpr uint32_t kMinAmbiguityCount = 3;
constexpr uint64_t kCasedKey = 0xC45ED;  // marks the as-written forms among the ambiguity keys
// A word goes into the tag dictionary when seen this often, with one tag this share of times.
constexpr uint32_t kKnownTagMinCount = 20;
constexpr double kKnownTagMinShare = 0.995;

// The features of word i given the tags already chosen for i-1 and i-2. amb[i + 2] is the
// ambiguity class of word i (the set of tags it had in training) and wn[i + 2] its WordNet
// classes, with the same padding as lex.
size_t Features(const std::vector<Lexeme>& lex, const std::vector<uint64_t>& amb,
                const std::vector<uint32_t>& wn, size_t i, uint32_t t1, uint32_t t2, uint64_t* f) {
  // lex holds two boundary lexemes on each side: word i is lex[i + 2].
  const Lexeme& w = lex[i + 2];
  const Lexeme& p1 = lex[i + 1];
  const Lexeme& p2 = lex[i];
  const Lexeme& n1 = lex[i + 3];
  const Lexeme& n2 = lex[i + 4];
  size_t k = 0;
  f[k++] = Feat(1, 0);
  f[k++] = Feat(2, w.norm);
  f[k++] = Feat(3, w.word);
  for (int s = 0; s < 4; ++s) f[k++] = Feat(4 + s, w.suffix[s]);
  for (int p = 0; p < 3; ++p) f[k++] = Feat(8 + p, w.prefix[p]);
  f[k++] = Feat(11, w.shape);
  f[k++] = Feat(12, w.flags, i == 0);
  f[k++] = Feat(13, t1);
  f[k++] = Feat(14, t1, t2);
  f[k++] = Feat(15, t1, w.norm);
  f[k++] = Feat(16, p1.norm);
  f[k++] = Feat(17, p1.suffix[2]);
  f[k++] = Feat(18, p2.norm);
  f[k++] = Feat(19, n1.norm);
  f[k++] = Feat(20, n1.suffix[2]);
  f[k++] = Feat(21, n2.norm);
  f[k++] = Feat(22, n1.shape);
  f[k++] = Feat(23, p1.shape);
  f[k++] = Feat(24, p1.norm, w.norm);
  f[k++] = Feat(25, w.norm, n1.norm);
  f[k++] = Feat(26, t1, n1.norm);
  f[k++] = Feat(27, p1.norm, n1.norm);
  f[k++] = Feat(28, n1.norm, n2.norm);
  f[k++] = Feat(29, t1, w.suffix[2]);
  f[k++] = Feat(30, w.shape, n1.shape);
  f[k++] = Feat(31, p1.shape, w.shape);
  f[k++] = Feat(32, n1.suffix[1]);
  f[k++] = Feat(33, n1.flags, w.flags);
  f[k++] = Feat(34, t2);
  f[k++] = Feat(35, w.suffix[0], w.flags);
  const uint64_t a = amb[i + 2], an1 = amb[i + 3], an2 = amb[i + 4], ap1 = amb[i + 1];
  f[k++] = Feat(36, a);
  f[k++] = Feat(37, an1);
  f[k++] = Feat(38, an2);
  f[k++] = Feat(39, a, an1);
  f[k++] = Feat(40, t1, a);
  f[k++] = Feat(41, ap1, a);
  f[k++] = Feat(42, a, w.suffix[2]);
  f[k++] = Feat(43, t1, a, an1);
  const uint64_t c = amb[i + 2 + amb.size() / 2];  // the class of the form as written
  f[k++] = Feat(44, c);
  f[k++] = Feat(45, c, w.flags, i == 0);
  f[k++] = Feat(46, t1, c);
  f[k++] = Feat(47, p1.norm, w.suffix[2]);
  f[k++] = Feat(48, w.prefix[0], w.suffix[2]);
  // What WordNet says the word and its neighbours can be: the signal for words the treebank
  // never showed (a capitalised word WordNet lacks is most likely a name).
  const uint64_t cw = wn[i + 2];
  const uint64_t caps = w.flags & (kCapitalised | kAllCaps);
  f[k++] = Feat(49, cw);
  f[k++] = Feat(50, cw, caps, i == 0);
  f[k++] = Feat(51, cw, w.suffix[1]);
  f[k++] = Feat(52, cw, wn[i + 3]);
  f[k++] = Feat(53, t1, cw);
  f[k++] = Feat(54, wn[i + 1], cw, a == 0xAA);
  f[k++] = Feat(55, cw, a == 0xAA, caps);
  return k;
}

std::vector<Lexeme> Lexemes(const std::vector<std::string_view>& forms) {
  std::vector<Lexeme> lex;
  lex.reserve(forms.size() + 4);
  lex.push_back(BoundaryLexeme(-2));
  lex.push_back(BoundaryLexeme(-1));
  for (std::string_view f : forms) lex.push_back(MakeLexeme(f));
  lex.push_back(BoundaryLexeme(1));
  lex.push_back(BoundaryLexeme(2));
  return lex;
}

uint32_t ArgMax(const float* scores, size_t n) {
  uint32_t best = 0;
  for (uint32_t c = 1; c < n; ++c) {
    if (scores[c] > scores[best]) best = c;
  }
  return best;
}

std::vector<std::string_view> Forms(const ConlluSentence& s) {
  std::vector<std::string_view> forms;
  forms.reserve(s.words.size());
  for (const ConlluWord& w : s.words) forms.push_back(w.form);
  return forms;
}

}  // namespace

std::vector<uint32_t> Tagger::WordClasses(const std::vector<std::string_view>& forms) const {
  std::vector<uint32_t> wn(forms.size() + 4, 0xFFFF);  // boundaries: a value Classes never has
  for (size_t i = 0; i < forms.size(); ++i) wn[i + 2] = wordnet_.Classes(forms[i]);
  return wn;
}

std::vector<uint64_t> Tagger::Ambiguity(const std::vector<Lexeme>& lex) const {
  // First half: classes of the normalised forms; second half: of the forms as written.
  std::vector<uint64_t> amb(2 * lex.size(), 0xB0);
  for (size_t i = 2; i + 2 < lex.size(); ++i) {
    auto it = ambiguity_.find(lex[i].norm);
    amb[i] = it == ambiguity_.end() ? 0xAA : it->second;
    it = ambiguity_.find(lex[i].word ^ kCasedKey);
    amb[lex.size() + i] = it == ambiguity_.end() ? 0xAA : it->second;
  }
  return amb;
}

void Tagger::Tag(const std::vector<std::string_view>& forms, std::vector<uint32_t>* tags) const {
  const std::vector<Lexeme> lex = Lexemes(forms);
  const std::vector<uint64_t> amb = Ambiguity(lex);
  const std::vector<uint32_t> wn = WordClasses(forms);
  tags->assign(forms.size(), 0);
  std::vector<float> scores(std::max<size_t>(table_.score_size(), upos_.size()));
  uint64_t f[kMaxFeatures];
  uint32_t t1 = kNoTag, t2 = kNoTag;
  for (size_t i = 0; i < forms.size(); ++i) {
    if (auto it = known_tags_.find(lex[i + 2].word); it != known_tags_.end()) {
      (*tags)[i] = it->second;
    } else {
      const size_t n = Features(lex, amb, wn, i, t1, t2, f);
      std::fill(scores.begin(), scores.end(), 0.0f);
      table_.Score(f, n, scores.data());
      (*tags)[i] = ArgMax(scores.data(), upos_.size());
    }
    t2 = t1;
    t1 = (*tags)[i];
  }
}

Result<Tagger> Tagger::Train(const std::vector<ConlluSentence>& train,
                             const std::vector<ConlluSentence>& dev,
                             const TaggerTrainOptions& options, std::ostream* progress,
                             double* best_dev_upos) {
  Tagger tagger;
  if (!options.wordnet_dir.empty()) {
    Result<WordnetLexicon> wordnet = WordnetLexicon::Load(options.wordnet_dir);
    if (!wordnet.ok()) return wordnet.status();
    tagger.wordnet_ = std::move(*wordnet);
  }
  std::map<std::string, uint32_t> ids;
  // Tag ids in order of first appearance: deterministic for a given training file.
  std::vector<std::vector<uint32_t>> gold(train.size());
  size_t words = 0;
  for (size_t s = 0; s < train.size(); ++s) {
    for (const ConlluWord& w : train[s].words) {
      const std::string key = w.upos + "\t" + w.xpos;
      auto [it, added] = ids.emplace(key, static_cast<uint32_t>(tagger.upos_.size()));
      if (added) {
        tagger.upos_.push_back(w.upos);
        tagger.xpos_.push_back(w.xpos);
      }
      gold[s].push_back(it->second);
      ++words;
    }
  }
  if (words == 0) return Status::InvalidArgument("the training data has no words");
  // Ambiguity classes of words seen often enough that test-time words are as likely to have
  // one as training words.
  {
    std::unordered_map<uint64_t, std::pair<uint32_t, std::vector<bool>>> seen;
    for (size_t s = 0; s < train.size(); ++s) {
      for (size_t i = 0; i < train[s].words.size(); ++i) {
        const std::string& form = train[s].words[i].form;
        for (uint64_t key : {Hash64(NormaliseForm(form)), Hash64(form) ^ kCasedKey}) {
          auto& [count, set] = seen[key];
          ++count;
          set.resize(ids.size() + 1, false);
          set[gold[s][i]] = true;
        }
      }
    }
    for (const auto& [norm, cs] : seen) {
      if (cs.first < kMinAmbiguityCount) continue;
      uint64_t h = 0xA3B1;
      for (size_t t = 0; t < cs.second.size(); ++t) {
        if (cs.second[t]) h = Mix64(h ^ (t + 1));
      }
      tagger.ambiguity_[norm] = h;
    }
  }
  {
    std::unordered_map<uint64_t, std::unordered_map<uint32_t, uint32_t>> counts;
    for (size_t s = 0; s < train.size(); ++s) {
      for (size_t i = 0; i < train[s].words.size(); ++i) {
        ++counts[Hash64(train[s].words[i].form)][gold[s][i]];
      }
    }
    for (const auto& [word, tags] : counts) {
      uint32_t total = 0, best = 0, best_tag = 0;
      for (const auto& [tag, n] : tags) {
        total += n;
        if (n > best || (n == best && tag < best_tag)) {
          best = n;
          best_tag = tag;
        }
      }
      if (total >= kKnownTagMinCount && best >= kKnownTagMinShare * total) {
        tagger.known_tags_[word] = best_tag;
      }
    }
  }
  const uint32_t num_tags = static_cast<uint32_t>(tagger.upos_.size());
  PerceptronTrainer trainer(num_tags);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  std::vector<float> scores(num_tags);
  uint64_t f[kMaxFeatures];
  double best = -1;
  Tagger best_tagger;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    size_t correct = 0;
    for (size_t s : order) {
      const std::vector<std::string_view> forms = Forms(train[s]);
      const std::vector<Lexeme> lex = Lexemes(forms);
      const std::vector<uint64_t> amb = tagger.Ambiguity(lex);
      const std::vector<uint32_t> wn = tagger.WordClasses(forms);
      uint32_t t1 = kNoTag, t2 = kNoTag;
      for (size_t i = 0; i < forms.size(); ++i) {
        // Dictionary words are trained on too (skipping them cost 0.1 dev UPOS): the
        // weights of their features also serve the words around them.
        const size_t n = Features(lex, amb, wn, i, t1, t2, f);
        std::fill(scores.begin(), scores.end(), 0.0f);
        trainer.Score(f, n, scores.data());
        const uint32_t guess = ArgMax(scores.data(), num_tags);
        trainer.Update(f, n, gold[s][i], guess);
        trainer.Tick();
        correct += guess == gold[s][i];
        t2 = t1;
        t1 = guess;
      }
    }
    Tagger candidate;
    candidate.upos_ = tagger.upos_;
    candidate.xpos_ = tagger.xpos_;
    candidate.ambiguity_ = tagger.ambiguity_;
    candidate.wordnet_ = tagger.wordnet_;
    candidate.known_tags_ = tagger.known_tags_;
    candidate.table_ = trainer.Average(options.prune);
    size_t dev_words = 0, dev_upos = 0, dev_xpos = 0;
    std::vector<uint32_t> tags;
    for (const ConlluSentence& s : dev) {
      candidate.Tag(Forms(s), &tags);
      for (size_t i = 0; i < tags.size(); ++i) {
        ++dev_words;
        dev_upos += candidate.upos_[tags[i]] == s.words[i].upos;
        dev_xpos += candidate.xpos_[tags[i]] == s.words[i].xpos;
      }
    }
    const double upos = dev_words ? 100.0 * dev_upos / dev_words : 0;
    const double xpos = dev_words ? 100.0 * dev_xpos / dev_words : 0;
    if (progress) {
      *progress << "tagger epoch " << epoch << ": train accuracy " << std::fixed
                << std::setprecision(2) << 100.0 * correct / words << ", dev UPOS " << upos
                << " XPOS " << xpos << ", " << candidate.table_.num_features() << " features"
                << std::endl;
    }
    if (dev.empty() || upos > best) {  // without dev data, the last epoch
      best = upos;
      best_tagger = std::move(candidate);
    }
  }
  if (best_dev_upos) *best_dev_upos = best;
  return best_tagger;
}

std::string Tagger::Serialize() const {
  ByteWriter w;
  w.Put<uint32_t>(static_cast<uint32_t>(upos_.size()));
  for (size_t i = 0; i < upos_.size(); ++i) {
    w.PutString(upos_[i]);
    w.PutString(xpos_[i]);
  }
  std::vector<std::pair<uint64_t, uint64_t>> amb(ambiguity_.begin(), ambiguity_.end());
  std::sort(amb.begin(), amb.end());
  std::vector<uint64_t> keys, values;
  for (const auto& [k, v] : amb) {
    keys.push_back(k);
    values.push_back(v);
  }
  w.PutArray(keys);
  w.PutArray(values);
  std::vector<std::pair<uint64_t, uint32_t>> known(known_tags_.begin(), known_tags_.end());
  std::sort(known.begin(), known.end());
  std::vector<uint64_t> known_words;
  std::vector<uint32_t> known_ids;
  for (const auto& [word, tag] : known) {
    known_words.push_back(word);
    known_ids.push_back(tag);
  }
  w.PutArray(known_words);
  w.PutArray(known_ids);
  wordnet_.Serialize(&w);
  table_.Serialize(&w);
  return w.Release();
}

Result<Tagger> Tagger::Deserialize(std::string_view payload) {
  ByteReader r(payload);
  Tagger t;
  uint32_t n = 0;
  if (!r.Get(&n) || n == 0 || n > 65535) return Status::Corruption("tagger: bad tag count");
  t.upos_.resize(n);
  t.xpos_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (!r.GetString(&t.upos_[i]) || !r.GetString(&t.xpos_[i])) {
      return Status::Corruption("tagger: tag list truncated");
    }
  }
  std::vector<uint64_t> keys, values;
  if (!r.GetArray(&keys) || !r.GetArray(&values) || keys.size() != values.size()) {
    return Status::Corruption("tagger: ambiguity classes truncated");
  }
  t.ambiguity_.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) t.ambiguity_.emplace(keys[i], values[i]);
  std::vector<uint64_t> known_words;
  std::vector<uint32_t> known_ids;
  if (!r.GetArray(&known_words) || !r.GetArray(&known_ids) ||
      known_words.size() != known_ids.size()) {
    return Status::Corruption("tagger: tag dictionary truncated");
  }
  t.known_tags_.reserve(known_words.size());
  for (size_t i = 0; i < known_words.size(); ++i) {
    if (known_ids[i] >= n) return Status::Corruption("tagger: tag dictionary names no tag");
    t.known_tags_.emplace(known_words[i], known_ids[i]);
  }
  KG_RETURN_IF_ERROR(t.wordnet_.Deserialize(&r));
  KG_RETURN_IF_ERROR(t.table_.Deserialize(&r));
  if (t.table_.num_classes() != n) return Status::Corruption("tagger: table has wrong classes");
  if (!r.AtEnd()) return Status::Corruption("tagger: trailing bytes");
  return t;
}

}  // namespace kg::core::nlp
