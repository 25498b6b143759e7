// The CaRB scorer (kg/carb.h), a reimplementation of the official carb.py default metric as
// ../shared/data/carb/SCORING.md states it. Where the official code has a quirk (the gold
// argument count drives the match, colliding sentence keys replace each other, 0-precision
// pairs can be picked greedily), it is kept on purpose: the point is to give the same numbers.
#include "core/extract/carb_score.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/export/statement_jsonl.h"
#include "core/util/text.h"
#include "kg/carb.h"

namespace kg {
namespace core {

namespace {

// Byte length of the Unicode white space character (Python's str.isspace) starting at byte
// `i` of `s`, or 0 when there is none. Continuation bytes never match, so scanning byte by
// byte is safe on UTF-8.
size_t SpaceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  const unsigned c = b(0);
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
  if (c == 0xC2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;  // U+0085, U+00A0
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;    // U+1680
  if (c == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8A || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF) &&
      b(2) >= 0x80) {
    return 3;  // U+2000..U+200A, U+2028, U+2029, U+202F
  }
  if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
  return 0;
}

bool IsAsciiPunctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// Size of the multiset intersection of `gold` and `predicted`, counted the way the official
// matcher does (each gold word consumes one equal predicted word). `predicted` is consumed.
int ConsumeOverlap(const std::vector<std::string_view>& gold,
                   std::vector<std::string_view>* predicted) {
  int matched = 0;
  for (std::string_view w : gold) {
    auto it = std::find(predicted->begin(), predicted->end(), w);
    if (it != predicted->end()) {
      ++matched;
      predicted->erase(it);
    }
  }
  return matched;
}

// Arguments after the first joined by single spaces into one (n-ary → binary).
std::vector<std::string> Binarise(const std::vector<std::string>& args) {
  if (args.size() < 2) return args;
  std::string rest = args[1];
  for (size_t i = 2; i < args.size(); ++i) rest += " " + args[i];
  return {args[0], std::move(rest)};
}

// The lenient match of binarised tuples (SCORING.md 2.2, step 1).
CarbMatch LenientMatch(const std::string& gold_relation, const std::vector<std::string>& gold_args,
                       const std::string& pred_relation,
                       const std::vector<std::string>& pred_args) {
  static const std::vector<std::string_view> kFormsOfBe = {"be",  "is",   "am",   "are",
                                                           "was", "were", "been", "being"};
  int pn = 0, pd = 0, rn = 0, rd = 0;
  const std::vector<std::string_view> gold_words = CarbSplitWords(gold_relation);
  std::vector<std::string_view> pred_words = CarbSplitWords(pred_relation);
  pd += static_cast<int>(pred_words.size());
  rd += static_cast<int>(gold_words.size());
  int matched = ConsumeOverlap(gold_words, &pred_words);
  auto be = std::find(pred_words.begin(), pred_words.end(), std::string_view("be"));
  if (be != pred_words.end()) {
    const bool gold_has_be = std::any_of(gold_words.begin(), gold_words.end(), [](auto w) {
      return std::find(kFormsOfBe.begin(), kFormsOfBe.end(), w) != kFormsOfBe.end();
    });
    if (gold_has_be) {
      ++matched;
      pred_words.erase(be);
    }
  }
  if (matched == 0) return {};
  pn += matched;
  rn += matched;
  for (size_t i = 0; i < gold_args.size(); ++i) {
    const std::vector<std::string_view> gold_arg = CarbSplitWords(gold_args[i]);
    rd += static_cast<int>(gold_arg.size());
    if (i >= pred_args.size()) {
      if (i < 2) return {};
      continue;
    }
    std::vector<std::string_view> pred_arg = CarbSplitWords(pred_args[i]);
    pd += static_cast<int>(pred_arg.size());
    const int k = ConsumeOverlap(gold_arg, &pred_arg);
    pn += k;
    rn += k;
  }
  CarbMatch m;
  m.precision = pd > 0 ? static_cast<double>(pn) / pd : 0.0;
  m.recall = rd > 0 ? static_cast<double>(rn) / rd : 0.0;
  return m;
}

}  // namespace

std::string CarbSentenceKey(std::string_view sentence) {
  static const std::pair<std::string_view, std::string_view> kEscapes[] = {
      {"-LRB-", "("}, {"-RRB-", ")"}, {"-LSB-", "["},
      {"-RSB-", "]"}, {"-LCB-", "{"}, {"-RCB-", "}"}};
  std::string text;
  text.reserve(sentence.size());
  for (char c : sentence) {
    if (c != ' ') text += c;
  }
  // One escape after the other over the whole text, as Python's chained str.replace does: the
  // order decides overlapping cases such as "-RRB-LRB-".
  for (const auto& [escape, bracket] : kEscapes) {
    if (text.find(escape) == std::string::npos) continue;
    std::string replaced;
    size_t p = 0;
    for (size_t q; (q = text.find(escape, p)) != std::string::npos; p = q + escape.size()) {
      replaced.append(text, p, q - p);
      replaced += bracket;
    }
    replaced.append(text, p);
    text = std::move(replaced);
  }
  std::string key;
  key.reserve(text.size());
  for (char c : text) {
    if (!IsAsciiPunctuation(c)) key += c;
  }
  return key;
}

std::vector<std::string_view> CarbSplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0, start = std::string_view::npos;
  while (i < text.size()) {
    const size_t space = SpaceLength(text, i);
    if (space > 0) {
      if (start != std::string_view::npos) words.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
      i += space;
    } else {
      if (start == std::string_view::npos) start = i;
      ++i;
    }
  }
  if (start != std::string_view::npos) words.push_back(text.substr(start));
  return words;
}

std::string_view CarbStrip(std::string_view text) {
  size_t i = 0, begin = std::string_view::npos, end = 0;
  while (i < text.size()) {
    const size_t space = SpaceLength(text, i);
    if (space > 0) {
      i += space;
    } else {
      if (begin == std::string_view::npos) begin = i;
      end = ++i;
    }
  }
  return begin == std::string_view::npos ? std::string_view() : text.substr(begin, end - begin);
}

CarbMatch CarbMatchTuples(const CarbTuple& gold, const CarbTuple& predicted) {
  const std::vector<std::string> gold_args = Binarise(gold.arguments);
  const std::vector<std::string> pred_args = Binarise(predicted.arguments);
  const CarbMatch straight = LenientMatch(gold.relation, gold_args, predicted.relation, pred_args);
  static const std::string_view kSaidVerbs[] = {"said", "told", "added", "adds", "says"};
  const bool said_type = std::any_of(std::begin(kSaidVerbs), std::end(kSaidVerbs), [&](auto v) {
    return gold.relation.find(v) != std::string::npos;
  });
  if (!said_type) return straight;
  std::vector<std::string> reversed = predicted.arguments;
  if (reversed.size() >= 2) {
    std::string rest = reversed[1];
    for (size_t i = 2; i < reversed.size(); ++i) rest += " " + reversed[i];
    reversed = {std::move(rest), predicted.arguments[0]};
  }
  const CarbMatch reverse = LenientMatch(gold.relation, gold_args, predicted.relation, reversed);
  // Python's max() of [precision, recall] lists: lexicographic.
  if (reverse.precision > straight.precision ||
      (reverse.precision == straight.precision && reverse.recall > straight.recall)) {
    return reverse;
  }
  return straight;
}

}  // namespace core

namespace {

using core::CarbSplitWords;
using core::CarbStrip;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t p = 0;
  while (true) {
    const size_t q = line.find('\t', p);
    if (q == std::string_view::npos) {
      fields.push_back(line.substr(p));
      return fields;
    }
    fields.push_back(line.substr(p, q - p));
    p = q + 1;
  }
}

Status LineError(const std::string& name, uint64_t line, const std::string& message) {
  return Status::InvalidArgument(name + ":" + std::to_string(line) + ": " + message)
      .WithLocation(static_cast<uint32_t>(std::min<uint64_t>(line, UINT32_MAX)), 0);
}

// Calls `fn(line_index, stripped_line)` for every line that is not blank, after checking the
// line for NUL bytes and invalid UTF-8. Lines end at "\n".
template <typename Fn>
Status ForEachLine(std::string_view text, const std::string& name, Fn fn) {
  uint64_t index = 0;
  size_t p = 0;
  while (p < text.size()) {
    size_t q = text.find('\n', p);
    if (q == std::string_view::npos) q = text.size();
    const std::string_view raw = text.substr(p, q - p);
    if (raw.find('\0') != std::string_view::npos) {
      return LineError(name, index + 1, "NUL byte (binary data?)");
    }
    if (Status s = core::ValidateUtf8(raw); !s.ok()) {
      return LineError(name, index + 1, s.message());
    }
    const std::string_view line = CarbStrip(raw);
    if (!line.empty()) KG_RETURN_IF_ERROR(fn(index, line));
    ++index;
    p = q + 1;
  }
  return Status::OK();
}

// Parses a confidence as Python's float() would (surrounding white space allowed), refusing
// NaN, which has no place in an ordering.
bool ParseConfidence(std::string_view field, double* out) {
  const std::string text(CarbStrip(field));
  if (text.empty()) return false;
  const char first = text[0];
  if (!(std::isdigit(static_cast<unsigned char>(first)) || first == '-' || first == '+' ||
        first == '.' || first == 'i' || first == 'I')) {
    return false;
  }
  if (text.find_first_of("xX") != std::string::npos) return false;  // no hex floats
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || std::isnan(v)) return false;
  *out = v;
  return true;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument(path + ": is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IOError(path + ": read error");
  return buffer.str();
}

// Python repr() of a float: shortest round-trip digits, fixed notation for exponents in
// [-4, 16), "1e-05" style otherwise, and ".0" on integral values.
std::string PythonFloat(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::isnan(v)) return "nan";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, end);
  const size_t e = sci.find('e');
  const int exponent = std::atoi(sci.c_str() + e + 1);
  std::string mantissa = sci.substr(0, e);
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
      out = digits + std::string(static_cast<size_t>(exponent) + 1 - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, static_cast<size_t>(exponent) + 1) + "." +
            digits.substr(static_cast<size_t>(exponent) + 1);
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  }
  return negative ? "-" + out : out;
}

// A sentence's items in the official scorer's dictionary order: grouped by raw sentence in
// first-appearance order, then re-keyed by CarbSentenceKey, where a later raw sentence with
// the same key replaces the earlier one's whole list (its position stays the earlier one's).
template <typename T>
std::vector<std::pair<std::string, std::vector<const T*>>> GroupByKey(const std::vector<T>& items) {
  std::vector<std::pair<std::string, std::vector<const T*>>> raw;
  std::unordered_map<std::string, size_t> raw_index;
  for (const T& item : items) {
    auto [it, inserted] = raw_index.emplace(item.sentence, raw.size());
    if (inserted) raw.push_back({item.sentence, {}});
    raw[it->second].second.push_back(&item);
  }
  std::vector<std::pair<std::string, std::vector<const T*>>> keyed;
  std::unordered_map<std::string, size_t> key_index;
  for (auto& [sentence, list] : raw) {
    std::string key = core::CarbSentenceKey(sentence);
    auto [it, inserted] = key_index.emplace(key, keyed.size());
    if (inserted) {
      keyed.push_back({std::move(key), std::move(list)});
    } else {
      keyed[it->second].second = std::move(list);
    }
  }
  return keyed;
}

std::string CleanField(std::string_view field) {
  std::string out(field);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace

Result<std::vector<CarbGoldTuple>> ParseCarbGold(std::string_view text, const std::string& name) {
  std::vector<CarbGoldTuple> tuples;
  Status s = ForEachLine(text, name, [&](uint64_t index, std::string_view line) -> Status {
    const std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() < 2) {
      return LineError(name, index + 1,
                       "a gold line needs at least sentence<TAB>relation, found no TAB");
    }
    CarbGoldTuple t;
    t.sentence = std::string(CarbStrip(fields[0]));  // gold groups by the stripped sentence
    t.relation = std::string(CarbStrip(fields[1]));
    for (size_t i = 2; i < fields.size(); ++i) {
      if (fields[i].find("C: ") != std::string_view::npos) continue;  // context, not scored
      t.arguments.emplace_back(CarbStrip(fields[i]));
    }
    t.line = index;
    tuples.push_back(std::move(t));
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (tuples.empty()) return Status::InvalidArgument(name + ": no gold tuples");
  return tuples;
}

Result<std::vector<CarbExtraction>> ParseCarbSystem(std::string_view text,
                                                    const std::string& name) {
  std::vector<CarbExtraction> extractions;
  Status s = ForEachLine(text, name, [&](uint64_t index, std::string_view line) -> Status {
    const std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() < 3) {
      return LineError(name, index + 1,
                       "expected sentence<TAB>confidence<TAB>relation[<TAB>arg...], found " +
                           std::to_string(fields.size()) + " field" +
                           (fields.size() == 1 ? "" : "s"));
    }
    CarbExtraction e;
    if (!ParseConfidence(fields[1], &e.confidence)) {
      std::string shown(fields[1].substr(0, 40));
      return LineError(name, index + 1, "field 2 (confidence) is not a number: \"" + shown + "\"");
    }
    e.sentence = std::string(fields[0]);
    e.relation = std::string(fields[2]);
    for (size_t i = 3; i < fields.size(); ++i) e.arguments.emplace_back(fields[i]);
    e.line = index;
    extractions.push_back(std::move(e));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return extractions;
}

Result<std::vector<CarbGoldTuple>> ReadCarbGold(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseCarbGold(*text, path);
}

Result<std::vector<CarbExtraction>> ReadCarbSystem(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseCarbSystem(*text, path);
}

CarbScore ScoreCarb(const std::vector<CarbGoldTuple>& gold,
                    const std::vector<CarbExtraction>& system, const CarbOptions& options) {
  CarbScore score;
  score.extractions = system.size();
  const auto gold_by_key = GroupByKey(gold);
  const auto pred_by_key = GroupByKey(system);
  std::unordered_map<std::string, const std::vector<const CarbExtraction*>*> predicted;
  std::vector<double> thresholds;
  for (const auto& [key, list] : pred_by_key) {
    predicted.emplace(key, &list);
    for (const CarbExtraction* e : list) thresholds.push_back(e->confidence);
  }
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  const size_t num_thresholds = thresholds.size();
  std::vector<double> p(num_thresholds, 0.0), pl(num_thresholds, 0.0), r(num_thresholds, 0.0),
      rl(num_thresholds, 0.0);

  score.gold_sentences = gold_by_key.size();
  static const std::vector<const CarbExtraction*> kNone;
  for (const auto& [key, gold_list] : gold_by_key) {
    score.gold_tuples += gold_list.size();
    auto found = predicted.find(key);
    const std::vector<const CarbExtraction*>& preds =
        found == predicted.end() ? kNone : *found->second;
    score.scored_extractions += preds.size();
    const size_t n = gold_list.size(), m = preds.size();
    std::vector<core::CarbMatch> scores(n * m);
    for (size_t i = 0; i < n; ++i) {
      const core::CarbTuple g{gold_list[i]->relation, gold_list[i]->arguments};
      for (size_t j = 0; j < m; ++j) {
        const core::CarbTuple e{preds[j]->relation, preds[j]->arguments};
        scores[i * m + j] = core::CarbMatchTuples(g, e);
        if (options.pair_scores) {
          score.pairs.push_back({gold_list[i]->line, preds[j]->line, scores[i * m + j].precision,
                                 scores[i * m + j].recall});
        }
      }
    }
    // The extractions above a threshold change only at this sentence's own confidences, so
    // each distinct one fills the thresholds from the previous one (exclusive) up to it.
    std::vector<double> confidences;
    for (const CarbExtraction* e : preds) confidences.push_back(e->confidence);
    std::sort(confidences.begin(), confidences.end());
    confidences.erase(std::unique(confidences.begin(), confidences.end()), confidences.end());
    size_t from = 0;
    std::vector<size_t> chosen;
    std::vector<char> row_used(n), col_used(m);
    for (double conf : confidences) {
      const size_t c = static_cast<size_t>(
          std::lower_bound(thresholds.begin(), thresholds.end(), conf) - thresholds.begin());
      chosen.clear();
      for (size_t j = 0; j < m; ++j) {
        if (preds[j]->confidence >= conf) chosen.push_back(j);
      }
      double recall_sum = 0;
      for (size_t i = 0; i < n; ++i) {
        double best = 0;
        for (size_t j : chosen) best = std::max(best, scores[i * m + j].recall);
        recall_sum += best;
      }
      // Greedy one-to-one precision: repeatedly the best remaining pair, ties to the lowest
      // gold row, then the earliest extraction.
      double precision_sum = 0;
      std::fill(row_used.begin(), row_used.end(), 0);
      std::fill(col_used.begin(), col_used.end(), 0);
      const size_t rounds = std::min(n, chosen.size());
      for (size_t t = 0; t < rounds; ++t) {
        double best = -1;
        size_t best_i = 0, best_j = 0;
        for (size_t i = 0; i < n; ++i) {
          if (row_used[i]) continue;
          for (size_t j : chosen) {
            if (col_used[j]) continue;
            if (scores[i * m + j].precision > best) {
              best = scores[i * m + j].precision;
              best_i = i;
              best_j = j;
            }
          }
        }
        row_used[best_i] = 1;
        col_used[best_j] = 1;
        precision_sum += best;
      }
      for (size_t k = from; k <= c; ++k) {
        p[k] += precision_sum;
        pl[k] += static_cast<double>(chosen.size());
        r[k] += recall_sum;
        rl[k] += static_cast<double>(n);
      }
      from = c + 1;
    }
    for (size_t k = from; k < num_thresholds; ++k) rl[k] += static_cast<double>(n);
  }

  score.curve.resize(num_thresholds);
  double best_f1 = std::numeric_limits<double>::quiet_NaN();
  for (size_t k = 0; k < num_thresholds; ++k) {
    CarbPoint& point = score.curve[k];
    point.confidence = thresholds[k];
    point.precision = pl[k] > 0 ? p[k] / pl[k] : 1.0;
    point.recall = rl[k] > 0 ? r[k] / rl[k] : 0.0;
    const double sum = point.precision + point.recall;
    if (sum == 0) continue;  // F1 undefined (NaN in the official scorer): never the optimum
    const double f1 = 2 * point.precision * point.recall / sum;
    if (std::isnan(best_f1) || f1 > best_f1) {
      best_f1 = f1;
      score.precision = point.precision;
      score.recall = point.recall;
      score.f1 = f1;
      score.threshold = point.confidence;
    }
  }
  // Trapezoids over the points in threshold order, closed with (recall 0, precision 1).
  double auc = 0;
  for (size_t k = 0; k < num_thresholds; ++k) {
    const double x0 = score.curve[k].recall, y0 = score.curve[k].precision;
    const double x1 = k + 1 < num_thresholds ? score.curve[k + 1].recall : 0.0;
    const double y1 = k + 1 < num_thresholds ? score.curve[k + 1].precision : 1.0;
    auc += (x0 - x1) * (y0 + y1) / 2;
  }
  score.auc = auc;
  return score;
}

Result<CarbScore> EvaluateCarb(const std::string& gold_path, const std::string& system_path,
                               const CarbOptions& options) {
  Result<std::vector<CarbGoldTuple>> gold = ReadCarbGold(gold_path);
  if (!gold.ok()) return gold.status();
  Result<std::vector<CarbExtraction>> system = ReadCarbSystem(system_path);
  if (!system.ok()) return system.status();
  return ScoreCarb(*gold, *system, options);
}

std::string FormatCarbCurve(const CarbScore& score) {
  std::vector<const CarbPoint*> rows;
  for (const CarbPoint& point : score.curve) rows.push_back(&point);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CarbPoint* a, const CarbPoint* b) { return a->recall < b->recall; });
  std::string out = "Precision\tRecall\tConfidence\n";
  for (const CarbPoint* point : rows) {
    out += PythonFloat(point->precision) + "\t" + PythonFloat(point->recall) + "\t" +
           PythonFloat(point->confidence) + "\n";
  }
  return out;
}

std::string FormatCarbExtraction(const CarbExtraction& extraction) {
  std::string line = CleanField(extraction.sentence) + "\t" + PythonFloat(extraction.confidence) +
                     "\t" + CleanField(extraction.relation);
  if (extraction.arguments.empty()) line += "\t";
  for (const std::string& arg : extraction.arguments) line += "\t" + CleanField(arg);
  return line + "\n";
}

std::vector<CarbExtraction> CarbExtractionsFromStatement(const Statement& statement) {
  std::vector<CarbExtraction> out;
  for (const Evidence& evidence : statement.evidence) {
    if (evidence.sentence.empty()) continue;
    CarbExtraction e;
    e.sentence = evidence.sentence;
    e.confidence = evidence.confidence.value_or(statement.confidence);
    e.relation =
        statement.predicate.text.empty() ? statement.predicate.lemma : statement.predicate.text;
    e.arguments = {statement.subject.name, statement.object.name};
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<CarbExtraction>> ReadStatementsAsCarb(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  std::vector<CarbExtraction> out;
  std::string_view all = *text;
  uint64_t line_number = 0;
  size_t p = 0;
  while (p < all.size()) {
    size_t q = all.find('\n', p);
    if (q == std::string_view::npos) q = all.size();
    std::string_view line = all.substr(p, q - p);
    ++line_number;
    p = q + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (CarbStrip(line).empty()) continue;
    Result<Statement> statement = core::ParseStatementJson(line);
    if (!statement.ok()) {
      return LineError(path, line_number, statement.status().message());
    }
    for (CarbExtraction& e : CarbExtractionsFromStatement(*statement)) {
      e.line = line_number - 1;
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace kg
