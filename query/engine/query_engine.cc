// Database::Query and Database::QueryScript: parse → bind → plan → execute, timed, under the
// Database's shared lock.
#include <chrono>
#include <shared_mutex>

#include "kg/database.h"
#include "query/database_impl.h"
#include "query/engine/binder.h"
#include "query/engine/context.h"
#include "query/engine/executor.h"
#include "query/engine/planner.h"
#include "query/parser/parser.h"

namespace kg {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t Micros(Clock::time_point since) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - since).count());
}

// Runs one statement whose text is `text` (with earlier statements of a script blanked).
Result<QueryResult> RunStatement(Database::Impl& db, std::string_view text,
                                 const QueryOptions& options) {
  QueryResult result;
  Clock::time_point t0 = Clock::now();
  Result<std::unique_ptr<query::QueryStatement>> parsed = query::ParseStatement(text);
  if (!parsed.ok()) return parsed.status();
  result.timings.parse_us = Micros(t0);

  std::shared_lock lock(db.mu);
  if (!db.graph) {
    return Status::InvalidArgument(
        "queries need the graph view; open the database with load_graph = true");
  }
  t0 = Clock::now();
  Result<query::BoundStatement> bound = query::Bind(std::move(parsed).value(), db, text);
  if (!bound.ok()) return bound.status();
  const query::QueryStatement& ast = *bound->ast;
  query::Plan plan;
  if (ast.kind != query::StatementKind::kConflicts) {
    Result<query::Plan> made = query::MakePlan(*bound, *db.graph, text);
    if (!made.ok()) return made.status();
    plan = std::move(made).value();
  }
  result.timings.plan_us = Micros(t0);
  if (ast.explain) {
    if (ast.kind == query::StatementKind::kConflicts) {
      result.message =
          "CONFLICTS\n  1. group relationships by subject and relation, and pick the relations "
          "that may report casualties (graph view)\n"
          "  2. figures: one claim per piece of evidence of each candidate with a quantity, "
          "claims joined into events by measure, place or subject, and days (store)\n"
          "  3. within each event, split the values into sides that can hold together; "
          "report sides that disagree across documents\n"
          "  4. dates: compare the times of each group's statements without quantities\n";
    } else {
      result.message = query::ExplainPlan(
          plan, [&](uint32_t p) { return db.store->PredicateName(p); },
          [&](uint16_t t) { return db.store->TypeName(t); });
    }
    return result;
  }
  t0 = Clock::now();
  query::QueryContext ctx(db, options);
  Status s = ast.kind == query::StatementKind::kConflicts
                 ? query::ExecuteConflicts(*bound, &ctx, &result)
                 : query::ExecutePlan(plan, text, &ctx, &result);
  if (!s.ok()) return s;
  result.timings.execute_us = Micros(t0);
  return result;
}

}  // namespace

Result<QueryResult> Database::Query(const std::string& statement, const QueryOptions& options) {
  std::vector<query::ScriptStatement> pieces = query::SplitScript(statement);
  if (pieces.empty()) return Status::InvalidArgument("the query is empty");
  if (pieces.size() > 1) {
    return query::LocatedError(Status::Code::kInvalidArgument, statement, pieces[1].start,
                               "Query runs one statement; use QueryScript for several");
  }
  // One statement: parse the text as given, so locations are the caller's.
  return RunStatement(*impl_, statement, options);
}

Status Database::QueryScript(const std::string& text, const QueryOptions& options,
                             const std::function<bool(const QueryResult&)>& sink) {
  for (const query::ScriptStatement& piece : query::SplitScript(text)) {
    Result<QueryResult> r = RunStatement(*impl_, piece.text, options);
    if (!r.ok()) return r.status();
    if (!sink(*r)) break;
  }
  return Status::OK();
}

}  // namespace kg
