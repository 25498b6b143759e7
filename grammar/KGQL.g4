// KGQL: the kgraph query language (docs/query-language.md).
//
// Keywords are case-insensitive, strings are double-quoted with backslash escapes, `--` starts a
// comment to the end of the line, and a statement ends with `;`. The query/parser/ transformer
// turns the parse tree into kgraph's own AST (query/ast/ast.h); nothing else sees these rules.
grammar KGQL;

// ---------------------------------------------------------------- statements

query : statement SEMI? EOF ;

statement
  : EXPLAIN statement                                    # explainStatement
  | matchStatement                                       # matchStmt
  | PROVENANCE patternPart whereClause? limitClause?     # provenanceStatement
  | CONFLICTS (FOR nodePattern)? limitClause?            # conflictsStatement
  ;

matchStatement
  : MATCH patternPart (COMMA patternPart)* whereClause? returnClause exportClause?
  ;

whereClause : WHERE expression ;

returnClause
  : RETURN DISTINCT? returnItem (COMMA returnItem)* orderClause? skipClause? limitClause?
  ;

returnItem
  : expression (AS identifier)?
  | STAR
  ;

orderClause : ORDER BY sortItem (COMMA sortItem)* ;
sortItem : expression (ASC | ASCENDING | DESC | DESCENDING)? ;
skipClause : SKIP_ INTEGER ;
limitClause : LIMIT INTEGER ;
exportClause : EXPORT GRAPHML STRING ;

// ---------------------------------------------------------------- patterns

patternPart : (identifier EQ)? pathSelector? patternChain ;

pathSelector
  : ALL SHORTEST            # allShortest
  | SHORTEST INTEGER?       # shortest
  ;

patternChain : nodePattern (relationshipPattern nodePattern)* ;

nodePattern : LPAREN identifier? (COLON labelList)? STRING? RPAREN ;

labelList : identifier (PIPE COLON? identifier)* ;

relationshipPattern
  : LT? DASH (LBRACK relationshipDetail RBRACK)? DASH GT?
  ;

relationshipDetail : identifier? (COLON relTypeList)? hopRange? ;

relTypeList : relType (PIPE COLON? relType)* ;
relType : identifier | STRING ;

hopRange : STAR INTEGER? (DOTDOT INTEGER?)? ;

// ---------------------------------------------------------------- expressions

expression : orExpression ;
orExpression : xorExpression (OR xorExpression)* ;
xorExpression : andExpression (XOR andExpression)* ;
andExpression : notExpression (AND notExpression)* ;
notExpression : NOT notExpression | comparison ;

comparison
  : additive (compOp additive)?
  | additive IN additive
  | additive IS NOT? NULL_
  | additive STARTS WITH additive
  | additive ENDS WITH additive
  | additive CONTAINS additive
  ;

compOp : EQ | NEQ | LT | LE | GT | GE ;

additive : multiplicative ((PLUS | DASH) multiplicative)* ;
multiplicative : unary ((STAR | SLASH | PERCENT) unary)* ;
unary : DASH unary | postfix ;
postfix : atom (DOT identifier | LBRACK expression RBRACK)* ;

atom
  : literal                                                           # literalAtom
  | quantifier LPAREN identifier IN expression WHERE expression RPAREN  # quantifierAtom
  | identifier LPAREN STAR RPAREN                                     # countStarAtom
  | identifier LPAREN (DISTINCT? expression (COMMA expression)*)? RPAREN  # functionAtom
  | identifier                                                        # variableAtom
  | LPAREN expression RPAREN                                          # parenAtom
  | LBRACK (expression (COMMA expression)*)? RBRACK                   # listAtom
  ;

quantifier : ALL | ANY | NONE | SINGLE ;

literal : INTEGER | FLOAT | STRING | TRUE_ | FALSE_ | NULL_ ;

// Keywords that may also name variables, functions and labels.
identifier
  : ID | QUOTED_ID
  | SHORTEST | GRAPHML | EXPORT | PROVENANCE | CONFLICTS | EXPLAIN | ASC | DESC | ASCENDING
  | DESCENDING | STARTS | ENDS | CONTAINS | ANY | NONE | SINGLE | FOR
  ;

// ---------------------------------------------------------------- lexer

MATCH : M A T C H ;
WHERE : W H E R E ;
RETURN : R E T U R N ;
DISTINCT : D I S T I N C T ;
AS : A S ;
ORDER : O R D E R ;
BY : B Y ;
ASC : A S C ;
ASCENDING : A S C E N D I N G ;
DESC : D E S C ;
DESCENDING : D E S C E N D I N G ;
SKIP_ : S K I P ;
LIMIT : L I M I T ;
EXPORT : E X P O R T ;
GRAPHML : G R A P H M L ;
EXPLAIN : E X P L A I N ;
PROVENANCE : P R O V E N A N C E ;
CONFLICTS : C O N F L I C T S ;
FOR : F O R ;
SHORTEST : S H O R T E S T ;
ALL : A L L ;
ANY : A N Y ;
NONE : N O N E ;
SINGLE : S I N G L E ;
AND : A N D ;
OR : O R ;
XOR : X O R ;
NOT : N O T ;
IN : I N ;
IS : I S ;
NULL_ : N U L L ;
TRUE_ : T R U E ;
FALSE_ : F A L S E ;
STARTS : S T A R T S ;
ENDS : E N D S ;
WITH : W I T H ;
CONTAINS : C O N T A I N S ;

SEMI : ';' ;
COMMA : ',' ;
COLON : ':' ;
DOTDOT : '..' ;
DOT : '.' ;
PIPE : '|' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
NEQ : '<>' | '!=' ;
LE : '<=' ;
GE : '>=' ;
EQ : '=' ;
LT : '<' ;
GT : '>' ;
DASH : '-' ;
PLUS : '+' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;

INTEGER : [0-9]+ ;
FLOAT : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)? ;
STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;
// A string without its closing quote, so the parser can say so at the right place.
UNTERMINATED_STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* ;
ID : [a-zA-Z_] [a-zA-Z_0-9]* ;
QUOTED_ID : '`' ~[`\r\n]+ '`' ;

COMMENT : '--' ~[\r\n]* -> skip ;
WS : [ \t\r\n\f]+ -> skip ;
// Anything else is one token the parser rejects with its location (the lexer never fails).
UNEXPECTED_CHAR : . ;

fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
