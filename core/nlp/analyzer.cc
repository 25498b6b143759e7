// kg::Analyzer and the kg-train / kg-eval entry points of include/kg/nlp.h, over the tagger,
// lemmatizer and parser of this folder.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <ostream>

#include "core/nlp/conllu.h"
#include "core/nlp/lemmatizer.h"
#include "core/nlp/model_file.h"
#include "core/nlp/parser.h"
#include "core/nlp/tagger.h"
#include "core/util/text.h"
#include "kg/nlp.h"
#include "kg/text.h"

namespace kg {

using core::nlp::ConlluSentence;
using core::nlp::Lemmatizer;
using core::nlp::Parser;
using core::nlp::Tagger;

struct Analyzer::Impl {
  Tagger tagger;
  std::optional<Lemmatizer> lemmatizer;
  std::optional<Parser> parser;
  nlohmann::json metadata = nlohmann::json::object();
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

namespace {

// Reads a model file, decodes its payload with `decode` and records its metadata.
template <typename T, typename Decode>
Result<T> LoadComponent(const std::string& dir, const std::string& kind, uint32_t version,
                        Decode decode, nlohmann::json* metadata) {
  const std::string path = (std::filesystem::path(dir) / (kind + ".kgm")).string();
  Result<core::nlp::ModelFile> file = core::nlp::ReadModelFile(path, kind, version);
  if (!file.ok()) return file.status();
  Result<T> model = decode(file->payload);
  if (!model.ok()) return model.status().WithContext(path);
  try {
    (*metadata)[kind] = nlohmann::json::parse(file->metadata);
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(path + ": metadata is not JSON: " + e.what());
  }
  return model;
}

std::string NowIso() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

nlohmann::json BaseMetadata(const std::string& component, const NlpTrainOptions& o) {
  nlohmann::json m;
  m["component"] = component;
  m["train"] = std::filesystem::path(o.train_path).filename().string();
  if (!o.dev_path.empty()) m["dev"] = std::filesystem::path(o.dev_path).filename().string();
  m["seed"] = o.seed;
  m["command"] = o.command;
  m["created"] = NowIso();
  m["kgraph_version"] = "0.1.0";
  return m;
}

Status Write(const std::string& kind, uint32_t version, const nlohmann::json& metadata,
             std::string payload, const std::string& out, std::ostream* progress) {
  core::nlp::ModelFile file{kind, version, metadata.dump(), std::move(payload)};
  KG_RETURN_IF_ERROR(core::nlp::WriteModelFile(out, file));
  if (progress) {
    *progress << "wrote " << out << " (" << std::filesystem::file_size(out) << " bytes)"
              << std::endl;
  }
  return Status::OK();
}

Status Require(const NlpTrainOptions& o, bool need_dev) {
  if (o.train_path.empty()) return Status::InvalidArgument("--train FILE is required");
  if (need_dev && o.dev_path.empty()) return Status::InvalidArgument("--dev FILE is required");
  if (o.out_path.empty()) return Status::InvalidArgument("--out FILE is required");
  if (o.epochs < 0) return Status::InvalidArgument("--epochs must be positive");
  if (o.prune < 0 || o.prune >= 1) return Status::InvalidArgument("--prune must be in [0, 1)");
  return Status::OK();
}

std::vector<std::string_view> Forms(const ConlluSentence& s) {
  std::vector<std::string_view> forms;
  for (const auto& w : s.words) forms.push_back(w.form);
  return forms;
}

// Replaces the XPOS/UPOS columns with the tagger's.
void Retag(const Tagger& tagger, std::vector<ConlluSentence>* sentences) {
  std::vector<uint32_t> tags;
  for (ConlluSentence& s : *sentences) {
    tagger.Tag(Forms(s), &tags);
    for (size_t i = 0; i < tags.size(); ++i) {
      s.words[i].upos = tagger.Upos(tags[i]);
      s.words[i].xpos = tagger.Xpos(tags[i]);
    }
  }
}

}  // namespace

Result<std::unique_ptr<Analyzer>> Analyzer::Load(const std::string& model_dir,
                                                 const AnalyzerOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(model_dir, ec)) {
    return Status::NotFound("model directory " + model_dir + " does not exist");
  }
  auto impl = std::make_unique<Impl>();
  Result<Tagger> tagger = LoadComponent<Tagger>(model_dir, "tagger", Tagger::kVersion,
                                                Tagger::Deserialize, &impl->metadata);
  if (!tagger.ok()) return tagger.status();
  impl->tagger = std::move(*tagger);
  if (options.lemmatize) {
    Result<Lemmatizer> lem = LoadComponent<Lemmatizer>(
        model_dir, "lemmatizer", Lemmatizer::kVersion, Lemmatizer::Deserialize, &impl->metadata);
    if (!lem.ok()) return lem.status();
    impl->lemmatizer = std::move(*lem);
  }
  if (options.parse) {
    Result<Parser> parser = LoadComponent<Parser>(model_dir, "parser", Parser::kVersion,
                                                  Parser::Deserialize, &impl->metadata);
    if (!parser.ok()) return parser.status();
    impl->parser = std::move(*parser);
  }
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

Status Analyzer::Analyze(std::vector<AnalyzedToken>* sentence) const {
  std::vector<AnalyzedToken>& s = *sentence;
  if (s.empty()) return Status::InvalidArgument("cannot analyse an empty sentence");
  std::vector<std::string_view> forms(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].form.empty()) {
      return Status::InvalidArgument("word " + std::to_string(i + 1) + " has an empty form");
    }
    forms[i] = s[i].form;
  }
  std::vector<uint32_t> tags;
  impl_->tagger.Tag(forms, &tags);
  std::vector<std::string_view> xpos(s.size()), upos(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    s[i].upos = impl_->tagger.Upos(tags[i]);
    s[i].xpos = impl_->tagger.Xpos(tags[i]);
    upos[i] = impl_->tagger.Upos(tags[i]);
    xpos[i] = impl_->tagger.Xpos(tags[i]);
    if (impl_->lemmatizer) s[i].lemma = impl_->lemmatizer->Lemmatize(forms[i], upos[i], xpos[i]);
  }
  if (impl_->parser) {
    std::vector<int> heads;
    std::vector<uint32_t> labels;
    impl_->parser->Parse(forms, xpos, upos, &heads, &labels);
    for (size_t i = 0; i < s.size(); ++i) {
      s[i].head = static_cast<uint32_t>(heads[i]);
      s[i].deprel = impl_->parser->Label(labels[i]);
    }
    // A noun never takes a direct object: one that does was a verb the tagger misread
    // ("Border guards stopped 12 trucks" with "stopped" a noun); it is retagged as a verb and
    // lemmatised again.
    for (const AnalyzedToken& t : s) {
      if (t.head == 0 || t.deprel != "obj") continue;
      AnalyzedToken& h = s[t.head - 1];
      // A capitalised one is more likely part of a name ("told the CBS News Face the Nation show").
      if (h.upos != "NOUN" || h.xpos != "NN" || h.form.empty() ||
          !std::islower(static_cast<unsigned char>(h.form[0]))) {
        continue;
      }
      h.upos = "VERB";
      // After "to" or a modal it is the base form ("careful to program it"); else past tense.
      std::string before = t.head >= 2 ? s[t.head - 2].form : "";
      for (char& c : before) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      static const std::set<std::string> kBase = {"to",    "will",  "would", "can",   "could",
                                                  "may",   "might", "must",  "shall", "should"};
      h.xpos = kBase.count(before) ? "VB" : "VBD";
      if (impl_->lemmatizer) h.lemma = impl_->lemmatizer->Lemmatize(h.form, h.upos, h.xpos);
    }
  } else {
    for (AnalyzedToken& t : s) {
      t.head = 0;
      t.deprel.clear();
    }
  }
  return Status::OK();
}

Result<std::vector<std::vector<AnalyzedToken>>> Analyzer::AnalyzeText(
    std::string_view text) const {
  // Words become std::string forms that later layers treat as UTF-8: refuse bad bytes here,
  // naming their offset, rather than let them through.
  KG_RETURN_IF_ERROR(core::ValidateUtf8(text));
  Segmentation seg;
  KG_RETURN_IF_ERROR(Segment(text, &seg));
  std::vector<std::vector<AnalyzedToken>> out;
  out.reserve(seg.sentences.size());
  for (const Sentence& s : seg.sentences) {
    if (s.end_word <= s.first_word) continue;
    std::vector<AnalyzedToken> tokens(s.end_word - s.first_word);
    for (uint32_t w = s.first_word; w < s.end_word; ++w) {
      AnalyzedToken& t = tokens[w - s.first_word];
      t.begin = seg.words[w].begin;
      t.end = seg.words[w].end;
      t.form = std::string(text.substr(t.begin, t.end - t.begin));
    }
    KG_RETURN_IF_ERROR(Analyze(&tokens));
    out.push_back(std::move(tokens));
  }
  return out;
}

std::string Analyzer::Describe() const { return impl_->metadata.dump(2); }

size_t Analyzer::MemoryBytes() const {
  size_t bytes = impl_->tagger.MemoryBytes();
  if (impl_->lemmatizer) bytes += impl_->lemmatizer->MemoryBytes();
  if (impl_->parser) bytes += impl_->parser->MemoryBytes();
  return bytes;
}

Status TrainTagger(const NlpTrainOptions& o, std::ostream* progress) {
  KG_RETURN_IF_ERROR(Require(o, true));
  auto train = core::nlp::ReadConlluFile(o.train_path);
  if (!train.ok()) return train.status();
  auto dev = core::nlp::ReadConlluFile(o.dev_path);
  if (!dev.ok()) return dev.status();
  core::nlp::TaggerTrainOptions to;
  if (o.epochs > 0) to.epochs = o.epochs;
  to.seed = o.seed;
  to.prune = o.prune;
  to.wordnet_dir = o.wordnet_dir;
  double best = 0;
  Result<Tagger> tagger = Tagger::Train(*train, *dev, to, progress, &best);
  if (!tagger.ok()) return tagger.status();
  nlohmann::json m = BaseMetadata("tagger", o);
  m["epochs"] = to.epochs;
  m["wordnet"] = o.wordnet_dir;
  m["dev_upos"] = best;
  m["tags"] = tagger->num_tags();
  m["features"] = tagger->table().num_features();
  return Write("tagger", Tagger::kVersion, m, tagger->Serialize(), o.out_path, progress);
}

Status TrainLemmatizer(const NlpTrainOptions& o, std::ostream* progress) {
  KG_RETURN_IF_ERROR(Require(o, false));
  auto train = core::nlp::ReadConlluFile(o.train_path);
  if (!train.ok()) return train.status();
  Result<Lemmatizer> lem = Lemmatizer::Train(*train, o.wordnet_dir, progress);
  if (!lem.ok()) return lem.status();
  nlohmann::json m = BaseMetadata("lemmatizer", o);
  m["wordnet_exceptions"] = lem->num_exceptions();
  if (!o.dev_path.empty()) {
    auto dev = core::nlp::ReadConlluFile(o.dev_path);
    if (!dev.ok()) return dev.status();
    size_t words = 0, right = 0;
    for (const ConlluSentence& s : *dev) {
      for (const auto& w : s.words) {
        ++words;
        right += lem->Lemmatize(w.form, w.upos, w.xpos) == w.lemma;
      }
    }
    const double acc = words ? 100.0 * right / words : 0;
    m["dev_lemma_gold_tags"] = acc;
    if (progress) *progress << "lemmatizer: dev accuracy with gold tags " << acc << std::endl;
  }
  return Write("lemmatizer", Lemmatizer::kVersion, m, lem->Serialize(), o.out_path, progress);
}

Status TrainParser(const NlpTrainOptions& o, std::ostream* progress) {
  KG_RETURN_IF_ERROR(Require(o, true));
  auto train = core::nlp::ReadConlluFile(o.train_path);
  if (!train.ok()) return train.status();
  auto dev = core::nlp::ReadConlluFile(o.dev_path);
  if (!dev.ok()) return dev.status();
  std::string tags = "gold";
  if (!o.tagger_path.empty()) {
    auto file = core::nlp::ReadModelFile(o.tagger_path, "tagger", Tagger::kVersion);
    if (!file.ok()) return file.status();
    Result<Tagger> tagger = Tagger::Deserialize(file->payload);
    if (!tagger.ok()) return tagger.status().WithContext(o.tagger_path);
    Retag(*tagger, &*dev);
    if (o.jackknife > 1) {
      // Each fold is tagged by a tagger that never saw it.
      nlohmann::json meta = nlohmann::json::parse(file->metadata, nullptr, false);
      core::nlp::TaggerTrainOptions to;
      if (meta.is_object() && meta.contains("epochs")) to.epochs = meta["epochs"].get<int>();
      // The fold taggers use the WordNet classes the given tagger was trained with.
      if (meta.is_object() && meta.contains("wordnet") && meta["wordnet"].is_string()) {
        to.wordnet_dir = meta["wordnet"].get<std::string>();
      }
      to.seed = o.seed;
      const size_t k = static_cast<size_t>(o.jackknife);
      for (size_t fold = 0; fold < k; ++fold) {
        std::vector<ConlluSentence> rest, held;
        std::vector<size_t> held_ids;
        for (size_t i = 0; i < train->size(); ++i) {
          if (i % k == fold) {
            held.push_back((*train)[i]);
            held_ids.push_back(i);
          } else {
            rest.push_back((*train)[i]);
          }
        }
        Result<Tagger> t = Tagger::Train(rest, {}, to, nullptr, nullptr);
        if (!t.ok()) return t.status();
        Retag(*t, &held);
        for (size_t j = 0; j < held.size(); ++j) (*train)[held_ids[j]] = std::move(held[j]);
        if (progress) *progress << "jackknife: tagged fold " << fold + 1 << "/" << k << std::endl;
      }
      tags = "jackknifed (" + std::to_string(k) + " folds) " +
             std::filesystem::path(o.tagger_path).filename().string();
    } else {
      Retag(*tagger, &*train);
      tags = "predicted by " + std::filesystem::path(o.tagger_path).filename().string();
    }
  }
  core::nlp::ParserTrainOptions po;
  if (o.epochs > 0) po.epochs = o.epochs;
  po.seed = o.seed;
  po.prune = o.prune;
  double best = 0;
  Result<Parser> parser = Parser::Train(*train, *dev, po, progress, &best);
  if (!parser.ok()) return parser.status();
  nlohmann::json m = BaseMetadata("parser", o);
  m["epochs"] = po.epochs;
  m["tags"] = tags;
  m["dev_las"] = best;
  m["features"] = parser->table().num_features();
  return Write("parser", Parser::kVersion, m, parser->Serialize(), o.out_path, progress);
}

Result<UdScores> EvaluateUd(const Analyzer& analyzer, const std::string& conllu_path,
                            std::string* predicted) {
  auto gold = core::nlp::ReadConlluFile(conllu_path);
  if (!gold.ok()) return gold.status();
  UdScores sc;
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
  std::map<std::string, size_t> lemma_errors, upos_confusions;
  std::vector<AnalyzedToken> tokens;
  std::vector<ConlluSentence> out;
  double seconds = 0;
  for (const ConlluSentence& s : *gold) {
    tokens.assign(s.words.size(), AnalyzedToken{});
    for (size_t i = 0; i < s.words.size(); ++i) tokens[i].form = s.words[i].form;
    const auto t0 = std::chrono::steady_clock::now();
    KG_RETURN_IF_ERROR(analyzer.Analyze(&tokens));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++sc.sentences;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const auto& g = s.words[i];
      const AnalyzedToken& p = tokens[i];
      ++sc.words;
      upos += p.upos == g.upos;
      xpos += p.xpos == g.xpos;
      lemma += p.lemma == g.lemma;
      if (p.lemma != g.lemma) {
        ++lemma_errors[g.xpos + (p.xpos == g.xpos ? " tag right" : " tag wrong")];
      }
      if (p.upos != g.upos) ++upos_confusions[g.upos + ">" + p.upos];
      if (static_cast<int>(p.head) == g.head) {
        ++uas;
        const std::string_view pl(p.deprel), gl(g.deprel);
        las += pl.substr(0, pl.find(':')) == gl.substr(0, gl.find(':'));
      }
    }
    if (predicted) {
      ConlluSentence o = s;
      for (size_t i = 0; i < tokens.size(); ++i) {
        o.words[i].upos = tokens[i].upos;
        o.words[i].xpos = tokens[i].xpos;
        o.words[i].lemma = tokens[i].lemma;
        o.words[i].head = static_cast<int>(tokens[i].head);
        o.words[i].deprel = tokens[i].deprel;
        o.words[i].deps = "_";
      }
      out.push_back(std::move(o));
    }
  }
  const double n = sc.words ? static_cast<double>(sc.words) : 1.0;
  sc.upos = 100.0 * upos / n;
  sc.xpos = 100.0 * xpos / n;
  sc.lemma = 100.0 * lemma / n;
  sc.uas = 100.0 * uas / n;
  sc.las = 100.0 * las / n;
  sc.seconds = seconds;
  auto by_count = [](const std::map<std::string, size_t>& m) {
    std::vector<std::pair<std::string, size_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.second > b.second;
    });
    return v;
  };
  sc.lemma_errors = by_count(lemma_errors);
  sc.upos_confusions = by_count(upos_confusions);
  if (predicted) *predicted = core::nlp::FormatConllu(out);
  return sc;
}

}  // namespace kg
