// Corroboration: how many independent sources back a statement, and how sure we can be of it
// once its extraction confidence is combined with that backing. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "kg/model.h"

namespace kg::core {

// How much a further article from an outlet already counted adds, relative to an article from a
// new outlet: newsrooms reuse their own copy, so a second article of one outlet is weaker
// evidence than a second outlet.
inline constexpr double kSameOutletWeight = 0.5;

struct Corroboration {
  uint32_t documents = 0;  // distinct documents among the evidence
  uint32_t outlets = 0;    // distinct outlets; a document without an outlet counts as its own
  double confidence = 0;   // the combined confidence, in [0, 1]
};

// Combines the evidence of one statement:
//  - a document's confidence is the highest confidence of its pieces of evidence (a piece
//    without one takes `fallback`, the statement's extraction confidence): an article that
//    repeats a fact is one source, not several;
//  - an outlet's confidence is a noisy-or over its documents, the strongest counted fully and
//    each further one with weight kSameOutletWeight: c = 1 - (1 - c1) * prod(1 - w * ck);
//  - the statement's confidence is a noisy-or over its outlets: 1 - prod(1 - c_outlet).
// So one piece of evidence keeps its extraction confidence, adding evidence never lowers the
// result, and a document from a new outlet raises it more than one from a known outlet. With no
// evidence at all the result is {0, 0, fallback}. Confidences are clamped to [0, 1] first; the
// result is rounded to 12 decimals, so that one source gives back exactly its own confidence.
Corroboration Corroborate(const std::vector<Evidence>& evidence, double fallback);

}  // namespace kg::core
