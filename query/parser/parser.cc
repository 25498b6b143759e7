// The KGQL front end: ANTLR's lexer and parser (generated from grammar/KGQL.g4), an error
// listener that keeps the first syntax error with its location and what was expected, and the
// transformer from the parse tree to our AST. ANTLR's exceptions are caught here.
#include "query/parser/parser.h"

#include <antlr4-runtime.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "KGQLLexer.h"
#include "KGQLParser.h"
#include "core/util/text.h"

namespace kg::query {

namespace {

using kg_grammar::KGQLLexer;
using kg_grammar::KGQLParser;

// The line (1-based) of `text`, without its newline.
std::string_view LineOf(std::string_view text, uint32_t line) {
  size_t begin = 0;
  for (uint32_t l = 1; l < line; ++l) {
    const size_t nl = text.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
  }
  size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  std::string_view out = text.substr(begin, end - begin);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

Status MakeStatus(Status::Code code, std::string msg) {
  switch (code) {
    case Status::Code::kNotFound:
      return Status::NotFound(std::move(msg));
    case Status::Code::kLimitExceeded:
      return Status::LimitExceeded(std::move(msg));
    case Status::Code::kIOError:
      return Status::IOError(std::move(msg));
    case Status::Code::kInternal:
      return Status::Internal(std::move(msg));
    default:
      return Status::InvalidArgument(std::move(msg));
  }
}

// Thrown inside the transformer for a located problem (an integer too large, a bad escape);
// caught by ParseStatement, never outside this file.
struct TransformError {
  SourceLocation loc;
  std::string message;
};

// Binary operators in one statement, at most: chains nest to the left, and every later stage
// recurses through the tree, so this bounds the stack they use (with kMaxNesting below).
constexpr size_t kMaxOperators = 1000;

SourceLocation At(const antlr4::Token* t) {
  return {static_cast<uint32_t>(t->getLine()),
          static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
}
SourceLocation At(antlr4::ParserRuleContext* ctx) { return At(ctx->getStart()); }
SourceLocation At(antlr4::tree::TerminalNode* node) { return At(node->getSymbol()); }

// How a token type reads in "expected ..." lists.
std::string TokenName(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  if (type == antlr4::Token::EOF) return "end of input";
  switch (type) {
    case KGQLParser::ID:
      return "a name";
    case KGQLParser::QUOTED_ID:
      return "a `quoted name`";
    case KGQLParser::STRING:
      return "a string";
    case KGQLParser::INTEGER:
      return "an integer";
    case KGQLParser::FLOAT:
      return "a number";
    default:
      break;
  }
  std::string literal(vocab.getLiteralName(type));
  if (!literal.empty()) return literal;
  std::string name(vocab.getSymbolicName(type));
  if (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

// Keeps the first syntax error: where, what was found and what would have been accepted.
class FirstErrorListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& msg, std::exception_ptr) override {
    if (has_error) return;
    has_error = true;
    loc = {static_cast<uint32_t>(line), static_cast<uint32_t>(column + 1)};
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (offending == nullptr || parser == nullptr) {
      message = msg;
      return;
    }
    const size_t type = offending->getType();
    if (type == KGQLParser::UNTERMINATED_STRING) {
      message = "unterminated string (a string ends with \" on the same line)";
      return;
    }
    if (type == antlr4::Token::EOF) {
      message = "unexpected end of input";
    } else if (type == KGQLParser::UNEXPECTED_CHAR) {
      message = "unexpected character '" + offending->getText() + "'";
    } else {
      message = "unexpected '" + offending->getText() + "'";
    }
    std::set<std::string> names;
    try {
      const antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
      for (size_t t : expected.toList()) names.insert(TokenName(parser->getVocabulary(), t));
    } catch (...) {  // ANTLR cannot always compute the set after an error; say less then
    }
    if (!names.empty() && names.size() <= 12) {
      message += "; expected ";
      size_t i = 0;
      for (const std::string& n : names) {
        message += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + n;
        ++i;
      }
    }
  }

  bool has_error = false;
  SourceLocation loc;
  std::string message;
};

// The parse tree → AST transformer.
class Transformer {
 public:
  explicit Transformer(antlr4::CharStream* input) : input_(input) {}

  std::unique_ptr<QueryStatement> Build(KGQLParser::StatementContext* ctx) {
    auto st = std::make_unique<QueryStatement>();
    st->loc = At(ctx);
    FillStatement(ctx, st.get());
    return st;
  }

 private:
  void FillStatement(KGQLParser::StatementContext* ctx, QueryStatement* st) {
    if (auto* e = dynamic_cast<KGQLParser::ExplainStatementContext*>(ctx)) {
      if (st->explain) throw TransformError{At(e), "EXPLAIN EXPLAIN is not a statement"};
      st->explain = true;
      FillStatement(e->statement(), st);
    } else if (auto* m = dynamic_cast<KGQLParser::MatchStmtContext*>(ctx)) {
      st->kind = StatementKind::kMatch;
      FillMatch(m->matchStatement(), &st->match);
    } else if (auto* p = dynamic_cast<KGQLParser::ProvenanceStatementContext*>(ctx)) {
      st->kind = StatementKind::kProvenance;
      st->match.patterns.push_back(Part(p->patternPart()));
      if (p->whereClause()) st->match.where = Expression(p->whereClause()->expression());
      if (p->limitClause()) st->match.limit = Integer(p->limitClause()->INTEGER());
    } else if (auto* c = dynamic_cast<KGQLParser::ConflictsStatementContext*>(ctx)) {
      st->kind = StatementKind::kConflicts;
      if (c->nodePattern()) st->conflicts_for = Node(c->nodePattern());
      if (c->limitClause()) st->match.limit = Integer(c->limitClause()->INTEGER());
    }
  }

  void FillMatch(KGQLParser::MatchStatementContext* ctx, MatchStatement* m) {
    for (auto* part : ctx->patternPart()) m->patterns.push_back(Part(part));
    if (ctx->whereClause()) m->where = Expression(ctx->whereClause()->expression());
    auto* ret = ctx->returnClause();
    m->return_loc = At(ret);
    m->distinct = ret->DISTINCT() != nullptr;
    for (auto* item : ret->returnItem()) {
      if (item->STAR()) {
        m->return_star = true;
        continue;
      }
      ReturnItem ri;
      ri.expr = Expression(item->expression());
      if (item->identifier()) ri.alias = Identifier(item->identifier());
      m->items.push_back(std::move(ri));
    }
    if (auto* order = ret->orderClause()) {
      for (auto* s : order->sortItem()) {
        SortItem si;
        si.expr = Expression(s->expression());
        si.descending = s->DESC() != nullptr || s->DESCENDING() != nullptr;
        m->order.push_back(std::move(si));
      }
    }
    if (ret->skipClause()) m->skip = Integer(ret->skipClause()->INTEGER());
    if (ret->limitClause()) m->limit = Integer(ret->limitClause()->INTEGER());
    if (auto* ex = ctx->exportClause()) {
      m->export_graphml = String(ex->STRING());
      m->export_loc = At(ex->STRING());
    }
  }

  PatternPart Part(KGQLParser::PatternPartContext* ctx) {
    PatternPart part;
    part.loc = At(ctx);
    if (ctx->identifier()) part.path_variable = Identifier(ctx->identifier());
    if (auto* sel = ctx->pathSelector()) {
      if (dynamic_cast<KGQLParser::AllShortestContext*>(sel)) {
        part.selector = PathSelector::kAllShortest;
      } else if (auto* s = dynamic_cast<KGQLParser::ShortestContext*>(sel)) {
        part.selector = PathSelector::kShortest;
        if (s->INTEGER()) {
          const uint64_t k = Integer(s->INTEGER());
          if (k == 0 || k > 1000) {
            throw TransformError{At(s->INTEGER()), "SHORTEST k needs 1 <= k <= 1000"};
          }
          part.selector = PathSelector::kKShortest;
          part.k = static_cast<uint32_t>(k);
        }
      }
    }
    auto* chain = ctx->patternChain();
    for (auto* n : chain->nodePattern()) part.nodes.push_back(Node(n));
    for (auto* r : chain->relationshipPattern()) part.rels.push_back(Rel(r));
    return part;
  }

  NodePattern Node(KGQLParser::NodePatternContext* ctx) {
    NodePattern n;
    n.loc = At(ctx);
    if (ctx->identifier()) n.variable = Identifier(ctx->identifier());
    if (auto* labels = ctx->labelList()) {
      for (auto* id : labels->identifier()) n.labels.push_back(Identifier(id));
    }
    if (ctx->STRING()) {
      n.name = String(ctx->STRING());
      n.name_loc = At(ctx->STRING());
    }
    return n;
  }

  RelPattern Rel(KGQLParser::RelationshipPatternContext* ctx) {
    RelPattern r;
    r.loc = At(ctx);
    const bool left = ctx->LT() != nullptr, right = ctx->GT() != nullptr;
    r.direction = left == right ? core::Direction::kBoth
                  : right       ? core::Direction::kOut
                                : core::Direction::kIn;
    auto* detail = ctx->relationshipDetail();
    if (detail == nullptr) return r;
    if (detail->identifier()) r.variable = Identifier(detail->identifier());
    if (auto* types = detail->relTypeList()) {
      for (auto* t : types->relType()) {
        r.types.push_back(t->STRING() ? String(t->STRING()) : Identifier(t->identifier()));
        r.type_locs.push_back(At(t));
      }
    }
    if (auto* range = detail->hopRange()) {
      r.variable_length = true;
      const auto ints = range->INTEGER();
      const bool dots = range->DOTDOT() != nullptr;
      // *  *n  *n..  *..m  *n..m: the integers sit before or after the `..`.
      std::optional<uint64_t> lo, hi;
      for (auto* i : ints) {
        const bool before = !dots || i->getSymbol()->getTokenIndex() <
                                         range->DOTDOT()->getSymbol()->getTokenIndex();
        (before ? lo : hi) = Integer(i);
      }
      if (!dots) hi = lo;  // *n is exactly n hops
      if (lo && *lo > 100) throw TransformError{At(range), "a hop count is at most 100"};
      if (hi && *hi > 100) throw TransformError{At(range), "a hop count is at most 100"};
      r.min_hops = lo ? static_cast<uint32_t>(*lo) : 1;
      if (hi) r.max_hops = static_cast<uint32_t>(*hi);
      if (r.max_hops && *r.max_hops < r.min_hops) {
        throw TransformError{At(range), "the hop range's upper bound is below its lower bound"};
      }
    }
    return r;
  }

  std::unique_ptr<Expr> New(ExprKind kind, antlr4::ParserRuleContext* ctx) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->loc = At(ctx);
    e->text = Text(ctx);
    return e;
  }

  // A binary operation on `a` and `b`, written from the start of `from` to the end of `to` (its
  // text is that span). Long chains (a + b + c ...) nest to the left, so the count of
  // operators bounds the depth of the tree the later stages recurse through.
  std::unique_ptr<Expr> Binary(BinaryOp op, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b,
                               antlr4::ParserRuleContext* from, antlr4::ParserRuleContext* to) {
    if (++operators_ > kMaxOperators) {
      throw TransformError{At(to), "more than " + std::to_string(kMaxOperators) +
                                       " operators in one statement (for long alternatives, "
                                       "use IN [...])"};
    }
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kBinary;
    e->loc = At(from);
    e->text = Text(from, to);
    e->op = op;
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return e;
  }

  // The expression levels walk their children directly (operands at even positions): ANTLR's
  // generated accessors scan the children with dynamic_cast on every call, which cost more
  // than the rest of the transformation.
  template <typename Child, typename Next>
  std::unique_ptr<Expr> Chain(antlr4::ParserRuleContext* ctx, BinaryOp op, Next next) {
    const auto& c = ctx->children;
    std::unique_ptr<Expr> e = (this->*next)(static_cast<Child*>(c[0]));
    for (size_t i = 2; i < c.size(); i += 2) {
      e = Binary(op, std::move(e), (this->*next)(static_cast<Child*>(c[i])),
                 static_cast<Child*>(c[0]), static_cast<Child*>(c[i]));
    }
    return e;
  }

  std::unique_ptr<Expr> Expression(KGQLParser::ExpressionContext* ctx) {
    return Or(static_cast<KGQLParser::OrExpressionContext*>(ctx->children[0]));
  }
  std::unique_ptr<Expr> Or(KGQLParser::OrExpressionContext* ctx) {
    return Chain<KGQLParser::XorExpressionContext>(ctx, BinaryOp::kOr, &Transformer::Xor);
  }
  std::unique_ptr<Expr> Xor(KGQLParser::XorExpressionContext* ctx) {
    return Chain<KGQLParser::AndExpressionContext>(ctx, BinaryOp::kXor, &Transformer::And);
  }
  std::unique_ptr<Expr> And(KGQLParser::AndExpressionContext* ctx) {
    return Chain<KGQLParser::NotExpressionContext>(ctx, BinaryOp::kAnd, &Transformer::Not);
  }
  std::unique_ptr<Expr> Not(KGQLParser::NotExpressionContext* ctx) {
    if (ctx->children.size() == 2) {  // NOT notExpression
      auto e = New(ExprKind::kNot, ctx);
      e->args.push_back(Not(static_cast<KGQLParser::NotExpressionContext*>(ctx->children[1])));
      return e;
    }
    return Comparison(static_cast<KGQLParser::ComparisonContext*>(ctx->children[0]));
  }
  std::unique_ptr<Expr> Comparison(KGQLParser::ComparisonContext* ctx) {
    if (ctx->children.size() == 1) {
      return Additive(static_cast<KGQLParser::AdditiveContext*>(ctx->children[0]));
    }
    std::unique_ptr<Expr> a = Additive(ctx->additive(0));
    if (ctx->IS()) {
      auto e = New(ExprKind::kIsNull, ctx);
      e->negated = ctx->NOT() != nullptr;
      e->args.push_back(std::move(a));
      return e;
    }
    if (ctx->additive().size() < 2) return a;
    std::unique_ptr<Expr> b = Additive(ctx->additive(1));
    BinaryOp op = BinaryOp::kEq;
    if (ctx->IN()) {
      op = BinaryOp::kIn;
    } else if (ctx->STARTS()) {
      op = BinaryOp::kStartsWith;
    } else if (ctx->ENDS()) {
      op = BinaryOp::kEndsWith;
    } else if (ctx->CONTAINS()) {
      op = BinaryOp::kContains;
    } else if (auto* c = ctx->compOp()) {
      op = c->EQ()    ? BinaryOp::kEq
           : c->NEQ() ? BinaryOp::kNe
           : c->LT()  ? BinaryOp::kLt
           : c->LE()  ? BinaryOp::kLe
           : c->GT()  ? BinaryOp::kGt
                      : BinaryOp::kGe;
    }
    auto e = Binary(op, std::move(a), std::move(b), ctx, ctx);
    return e;
  }
  // additive and multiplicative rules list their children as operand (operator operand)*:
  // walk them in place (asking the context for its i-th operand scans all children each time,
  // which made long sums quadratic).
  std::unique_ptr<Expr> Additive(KGQLParser::AdditiveContext* ctx) {
    const auto& c = ctx->children;
    std::unique_ptr<Expr> e = Multiplicative(static_cast<KGQLParser::MultiplicativeContext*>(c[0]));
    for (size_t i = 1; i + 1 < c.size(); i += 2) {
      const size_t type = static_cast<antlr4::tree::TerminalNode*>(c[i])->getSymbol()->getType();
      const BinaryOp op = type == KGQLParser::PLUS ? BinaryOp::kAdd : BinaryOp::kSub;
      auto* operand = static_cast<KGQLParser::MultiplicativeContext*>(c[i + 1]);
      e = Binary(op, std::move(e), Multiplicative(operand),
                 static_cast<KGQLParser::MultiplicativeContext*>(c[0]), operand);
    }
    return e;
  }
  std::unique_ptr<Expr> Multiplicative(KGQLParser::MultiplicativeContext* ctx) {
    const auto& c = ctx->children;
    std::unique_ptr<Expr> e = Unary(static_cast<KGQLParser::UnaryContext*>(c[0]));
    for (size_t i = 1; i + 1 < c.size(); i += 2) {
      const size_t type = static_cast<antlr4::tree::TerminalNode*>(c[i])->getSymbol()->getType();
      const BinaryOp op = type == KGQLParser::STAR    ? BinaryOp::kMul
                          : type == KGQLParser::SLASH ? BinaryOp::kDiv
                                                      : BinaryOp::kMod;
      auto* operand = static_cast<KGQLParser::UnaryContext*>(c[i + 1]);
      e = Binary(op, std::move(e), Unary(operand), static_cast<KGQLParser::UnaryContext*>(c[0]),
                 operand);
    }
    return e;
  }
  std::unique_ptr<Expr> Unary(KGQLParser::UnaryContext* ctx) {
    if (ctx->children.size() == 2) {  // - unary
      auto e = New(ExprKind::kNegate, ctx);
      e->args.push_back(Unary(static_cast<KGQLParser::UnaryContext*>(ctx->children[1])));
      return e;
    }
    auto* post = static_cast<KGQLParser::PostfixContext*>(ctx->children[0]);
    std::unique_ptr<Expr> e = Atom(static_cast<KGQLParser::AtomContext*>(post->children[0]));
    if (post->children.size() == 1) return e;
    size_t index = 0;
    for (size_t i = 1; i < post->children.size(); ++i) {
      auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(post->children[i]);
      if (t == nullptr) continue;
      if (t->getSymbol()->getType() == KGQLParser::DOT) {
        auto* id = dynamic_cast<KGQLParser::IdentifierContext*>(post->children[i + 1]);
        auto p = New(ExprKind::kProperty, post);
        p->loc = At(id);
        p->text = e->text + "." + Text(id);
        p->name = Identifier(id);
        p->args.push_back(std::move(e));
        e = std::move(p);
      } else if (t->getSymbol()->getType() == KGQLParser::LBRACK) {
        auto x = New(ExprKind::kIndex, post);
        x->loc = At(t);
        std::unique_ptr<Expr> idx = Expression(post->expression(index++));
        x->text = e->text + "[" + idx->text + "]";
        x->args.push_back(std::move(e));
        x->args.push_back(std::move(idx));
        e = std::move(x);
      }
    }
    return e;
  }

  std::unique_ptr<Expr> Atom(KGQLParser::AtomContext* ctx) {
    if (auto* l = dynamic_cast<KGQLParser::LiteralAtomContext*>(ctx)) {
      auto e = New(ExprKind::kLiteral, ctx);
      auto* lit = l->literal();
      if (lit->INTEGER()) {
        e->literal = Value::Int(static_cast<int64_t>(Integer(lit->INTEGER())));
      } else if (lit->FLOAT()) {
        e->literal = Value::Double(std::strtod(lit->FLOAT()->getText().c_str(), nullptr));
      } else if (lit->STRING()) {
        e->literal = Value::String(String(lit->STRING()));
      } else if (lit->TRUE_() || lit->FALSE_()) {
        e->literal = Value::Bool(lit->TRUE_() != nullptr);
      }
      return e;
    }
    if (auto* q = dynamic_cast<KGQLParser::QuantifierAtomContext*>(ctx)) {
      auto e = New(ExprKind::kQuantifier, ctx);
      auto* qt = q->quantifier();
      e->quantifier = qt->ALL()    ? Quantifier::kAll
                      : qt->ANY()  ? Quantifier::kAny
                      : qt->NONE() ? Quantifier::kNone
                                   : Quantifier::kSingle;
      e->name = Identifier(q->identifier());
      e->args.push_back(Expression(q->expression(0)));
      e->args.push_back(Expression(q->expression(1)));
      return e;
    }
    if (auto* c = dynamic_cast<KGQLParser::CountStarAtomContext*>(ctx)) {
      auto e = New(ExprKind::kFunction, ctx);
      e->name = Lower(Identifier(c->identifier()));
      e->star = true;
      return e;
    }
    if (auto* f = dynamic_cast<KGQLParser::FunctionAtomContext*>(ctx)) {
      auto e = New(ExprKind::kFunction, ctx);
      e->name = Lower(Identifier(f->identifier()));
      e->distinct = f->DISTINCT() != nullptr;
      for (auto* a : f->expression()) e->args.push_back(Expression(a));
      return e;
    }
    if (auto* v = dynamic_cast<KGQLParser::VariableAtomContext*>(ctx)) {
      auto e = New(ExprKind::kVariable, ctx);
      e->name = Identifier(v->identifier());
      return e;
    }
    if (auto* p = dynamic_cast<KGQLParser::ParenAtomContext*>(ctx)) {
      auto e = Expression(p->expression());
      e->text = Text(ctx);
      return e;
    }
    auto* list = dynamic_cast<KGQLParser::ListAtomContext*>(ctx);
    auto e = New(ExprKind::kList, ctx);
    if (list != nullptr) {
      for (auto* a : list->expression()) e->args.push_back(Expression(a));
    }
    return e;
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  std::string Text(antlr4::ParserRuleContext* ctx) { return Text(ctx, ctx); }
  // The text from the start of `from` to the end of `to`.
  std::string Text(antlr4::ParserRuleContext* from, antlr4::ParserRuleContext* to) {
    const antlr4::Token* a = from->getStart();
    const antlr4::Token* b = to->getStop();
    if (a == nullptr || b == nullptr || b->getStopIndex() < a->getStartIndex()) return "";
    return input_->getText(antlr4::misc::Interval(a->getStartIndex(), b->getStopIndex()));
  }

  static std::string Identifier(KGQLParser::IdentifierContext* ctx) {
    if (ctx->QUOTED_ID()) {
      const std::string t = ctx->QUOTED_ID()->getText();
      return t.substr(1, t.size() - 2);
    }
    return ctx->getText();
  }

  static uint64_t Integer(antlr4::tree::TerminalNode* node) {
    const std::string t = node->getText();
    uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size() || v > uint64_t{INT64_MAX}) {
      throw TransformError{At(node), "integer " + t + " is too large"};
    }
    return v;
  }

  // The value of a string token: quotes removed, escapes decoded.
  static std::string String(antlr4::tree::TerminalNode* node) {
    const std::string t = node->getText();
    std::string out;
    out.reserve(t.size());
    for (size_t i = 1; i + 1 < t.size(); ++i) {
      if (t[i] != '\\') {
        out += t[i];
        continue;
      }
      const char c = t[++i];
      switch (c) {
        case '"': case '\\': case '/': case '\'':
          out += c;
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'u': {
          uint32_t cp = 0;
          size_t j = i + 1;
          for (; j < i + 5 && j + 1 < t.size() && std::isxdigit(static_cast<unsigned char>(t[j]));
               ++j) {
            cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(t[j]))
                                                     ? t[j] - '0'
                                                     : (std::tolower(t[j]) - 'a' + 10));
          }
          if (j != i + 5 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
            throw TransformError{At(node), "bad \\u escape in string (\\uXXXX, not a surrogate "
                                           "or NUL)"};
          }
          ::kg::core::AppendUtf8(cp, &out);
          i = j - 1;
          break;
        }
        default:
          throw TransformError{At(node), std::string("unknown escape \\") + c +
                                             " in string (known: \\\" \\\\ \\n \\t \\r \\uXXXX)"};
      }
    }
    return out;
  }

  antlr4::CharStream* input_;  // not owned
  size_t operators_ = 0;       // binary operators made so far
};

// One thread's lexer and parser, reused from statement to statement: building them anew costs
// more than parsing a short query.
struct ParserSetup {
  antlr4::ANTLRInputStream input;
  KGQLLexer lexer{&input};
  antlr4::CommonTokenStream tokens{&lexer};
  KGQLParser parser{&tokens};
  FirstErrorListener listener;

  ParserSetup() {
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
  }
};

// The parser and the transformer recurse once per nesting level: refuse text nested deeper than
// any real query so that hostile input cannot exhaust the stack.
constexpr size_t kMaxQueryBytes = 1 << 20;
constexpr uint32_t kMaxNesting = 100;

Status CheckNesting(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("query text of " + std::to_string(text.size()) +
                                   " bytes is longer than the limit of 1 MiB");
  }
  uint32_t depth = 0, prefix_run = 0, line = 1, column = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    bool prefix = false;
    if (c == '"' || c == '`') {  // skip strings and quoted names (escapes included)
      for (++i; i < text.size() && text[i] != c && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    } else if (c == '(' || c == '[') {
      if (++depth > kMaxNesting) {
        return LocatedError(Status::Code::kInvalidArgument, text, {line, column},
                            "brackets nested more than 100 deep");
      }
    } else if (c == ')' || c == ']') {
      if (depth > 0) --depth;
    } else if (c == '-') {
      prefix = true;
    } else if ((c == 'n' || c == 'N') && i + 2 < text.size() &&
               (text[i + 1] == 'o' || text[i + 1] == 'O') &&
               (text[i + 2] == 't' || text[i + 2] == 'T') &&
               (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]))) &&
               (i + 3 == text.size() || !std::isalnum(static_cast<unsigned char>(text[i + 3])))) {
      prefix = true;
      i += 2;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == '\n') {
        ++line;
        column = 0;
      }
      ++column;
      continue;
    }
    if (prefix) {
      if (++prefix_run > kMaxNesting) {
        return LocatedError(Status::Code::kInvalidArgument, text, {line, column},
                            "more than 100 prefix operators (NOT, -) in a row");
      }
    } else {
      prefix_run = 0;
    }
    ++column;
  }
  return Status::OK();
}

}  // namespace

Status LocatedError(Status::Code code, std::string_view text, SourceLocation loc,
                    const std::string& message) {
  std::string msg = "line " + std::to_string(loc.line) + ", column " +
                    std::to_string(loc.column) + ": " + message;
  const std::string_view line = LineOf(text, loc.line);
  if (!line.empty() && line.size() <= 400) {
    // The caret goes under the column-th code point; tabs are kept so it lines up.
    std::string caret;
    uint32_t cp = 1;
    for (size_t i = 0; i < line.size() && cp < loc.column; ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      if ((c & 0xC0) == 0x80) continue;
      caret += c == '\t' ? '\t' : ' ';
      ++cp;
    }
    msg += "\n  " + std::string(line) + "\n  " + caret + "^";
  }
  return MakeStatus(code, std::move(msg)).WithLocation(loc.line, loc.column);
}

Result<std::unique_ptr<QueryStatement>> ParseStatement(std::string_view text) {
  Status utf8 = core::ValidateUtf8(text);
  if (!utf8.ok()) return Status::InvalidArgument("query text: " + utf8.message());
  if (text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("query text holds a NUL byte; a query is text");
  }
  KG_RETURN_IF_ERROR(CheckNesting(text));
  static thread_local ParserSetup setup;
  ParserSetup& s = setup;
  try {
    s.input.load(std::string(text));
    s.lexer.setInputStream(&s.input);
    s.tokens.setTokenSource(&s.lexer);
    s.parser.setTokenStream(&s.tokens);
    // Fast path: SLL prediction, bail at the first error. Most queries parse here.
    s.parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    s.parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    s.parser.removeErrorListeners();
    KGQLParser::QueryContext* tree = nullptr;
    try {
      tree = s.parser.query();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    if (tree == nullptr) {
      // Full LL with error reporting: either the SLL failure was spurious or the text is wrong.
      s.tokens.seek(0);
      s.parser.reset();
      s.parser.setTokenStream(&s.tokens);
      s.parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      s.parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      s.listener = FirstErrorListener();
      s.parser.addErrorListener(&s.listener);
      tree = s.parser.query();
      s.parser.removeErrorListeners();
      if (s.listener.has_error) {
        return LocatedError(Status::Code::kInvalidArgument, text, s.listener.loc,
                            "syntax error: " + s.listener.message);
      }
    }
    Transformer transformer(&s.input);
    return transformer.Build(tree->statement());
  } catch (const TransformError& e) {
    return LocatedError(Status::Code::kInvalidArgument, text, e.loc, e.message);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("query could not be parsed: ") + e.what());
  }
}

std::vector<ScriptStatement> SplitScript(std::string_view script) {
  std::vector<ScriptStatement> out;
  size_t begin = 0;               // where the current piece's text starts
  SourceLocation start;           // its first character that is not blank or comment
  uint32_t line = 1, column = 1;  // of script[i]
  bool content = false;           // the piece holds more than blanks and comments
  auto mark = [&] {
    if (!content) start = {line, column};
    content = true;
  };
  auto emit = [&](size_t end) {
    if (content) {
      std::string text(script.substr(0, end));
      for (size_t i = 0; i < begin; ++i) {
        if (text[i] != '\n') text[i] = ' ';
      }
      out.push_back({std::move(text), start});
    }
    content = false;
  };
  auto advance = [&](char c) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
  };
  for (size_t i = 0; i < script.size(); ++i) {
    const char c = script[i];
    if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i + 1 < script.size() && script[i + 1] != '\n') advance(script[i++]);
      advance(script[i]);
      continue;
    }
    if (c == '"' || c == '`') {
      mark();
      advance(c);
      for (++i; i < script.size() && script[i] != c && script[i] != '\n'; ++i) {
        if (c == '"' && script[i] == '\\' && i + 1 < script.size() && script[i + 1] != '\n') {
          advance(script[i++]);
        }
        advance(script[i]);
      }
      if (i < script.size()) advance(script[i]);
      continue;
    }
    if (c == ';') {
      emit(i + 1);
      begin = i + 1;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
      mark();
    }
    advance(c);
  }
  emit(script.size());
  return out;
}

}  // namespace kg::query
