// query::Executor: runs planned statements over the graph snapshot, reading names and evidence
// from the store: pattern matching by backtracking over the plan's steps, WHERE filters,
// RETURN projection with grouping (count, collect, ...), DISTINCT, ORDER BY, SKIP, LIMIT,
// PROVENANCE's evidence table, CONFLICTS, and EXPORT GRAPHML. Limits (rows, expansions, time,
// cancellation) end a statement with an error or, with partial_results, a marked partial result.
// Thread-safety: one statement at a time per QueryContext.
#pragma once

#include <string_view>

#include "kg/query.h"
#include "query/engine/context.h"
#include "query/engine/planner.h"

namespace kg::query {

// Runs a MATCH or PROVENANCE plan, filling columns, rows, partial and message of `result`.
// `text` is the statement's text (for runtime error locations).
Status ExecutePlan(const Plan& plan, std::string_view text, QueryContext* ctx,
                   QueryResult* result);

// Runs CONFLICTS (query/engine/conflicts.cc): figures about one event that cannot all hold and
// dates that cannot both hold (core/model/conflicts.h), one row per pair of disagreeing sides,
// with each side's statements, values and evidence.
Status ExecuteConflicts(const BoundStatement& bound, QueryContext* ctx, QueryResult* result);

}  // namespace kg::query
