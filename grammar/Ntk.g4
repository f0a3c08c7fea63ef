/*
 * The .ntk architecture language (see docs/language.md).
 *
 * Statements end at a newline, a ';' or the closing '}' of their block, so newlines are tokens. Inside
 * parentheses a newline is only whitespace: long argument lists and formulas may span lines.
 * The parser never repairs input; org.ntkc.lang.NtkParserFrontEnd turns every syntax error into a diagnostic
 * in plain words. Names such as activations and settings are plain identifiers here: the checker resolves
 * them, so that a misspelt name gets "did you mean" instead of a syntax error.
 */
grammar Ntk;

@lexer::members {
    private int parenDepth = 0;
}

file
    : (decl | sep)* EOF
    ;

decl
    : networkDecl
    | activationDecl
    ;

networkDecl
    : NETWORK name=ID LBRACE block RBRACE
    ;

activationDecl
    : ACTIVATION name=ID LPAREN param=ID RPAREN ASSIGN expr
    ;

block
    : sep* (statement (sep+ statement)* sep*)?
    ;

statement
    : INPUT (width=signedNumber | shape=DIMS)                         # inputStatement
    | name=ID ASSIGN value=settingValue                         # settingStatement
    | DENSE width=signedNumber argList? (ARROW activationRef)*        # denseStatement
    | RESIDUAL argList? LBRACE block RBRACE                           # residualStatement
    | LAYER_NORM                                                      # layerNormStatement
    | REPEAT count=signedNumber LBRACE block RBRACE                   # repeatStatement
    | activationRef                                             # activationStatement
    | CONV channels=signedNumber windowArgs (ARROW activationRef)*    # convStatement
    | AVG_POOL windowArgs                                             # avgPoolStatement
    | GLOBAL_AVG_POOL                                                 # globalAvgPoolStatement
    | FLATTEN                                                         # flattenStatement
    ;

// The window of a conv or avg_pool layer, then its options: (3 x 3, stride = 2, padding = valid).
windowArgs
    : LPAREN window=extent (COMMA layerOption)* RPAREN
    ;

extent
    : DIMS
    | NUMBER
    ;

layerOption
    : name=ID ASSIGN (signedNumber | dims=DIMS | word=ID)
    ;

settingValue
    : signedNumber
    | ID
    ;

activationRef
    : name=ID argList?
    ;

argList
    : LPAREN (arg (COMMA arg)*)? RPAREN
    ;

arg
    : (name=ID ASSIGN)? value=signedNumber
    ;

signedNumber
    : MINUS? number
    ;

number
    : NUMBER
    ;

expr
    : <assoc=right> left=expr op=CARET right=expr               # powerExpr
    | op=MINUS operand=expr                                     # negateExpr
    | left=expr op=(STAR | SLASH) right=expr                    # multiplyExpr
    | left=expr op=(PLUS | MINUS) right=expr                    # addExpr
    | NUMBER                                                    # numberExpr
    | fn=ID LPAREN expr (COMMA expr)* RPAREN                    # callExpr
    | ID                                                        # nameExpr
    | LPAREN expr RPAREN                                        # parenExpr
    ;

sep
    : NEWLINE
    | SEMI
    ;

NETWORK    : 'network';
ACTIVATION : 'activation';
RESIDUAL   : 'residual';
LAYER_NORM : 'layer_norm';
INPUT      : 'input';
DENSE      : 'dense';
REPEAT     : 'repeat';
CONV            : 'conv';
AVG_POOL        : 'avg_pool';
GLOBAL_AVG_POOL : 'global_avg_pool';
FLATTEN         : 'flatten';

LBRACE : '{';
RBRACE : '}';
LPAREN : '(' { parenDepth++; };
RPAREN : ')' { if (parenDepth > 0) parenDepth--; };
COMMA  : ',';
ASSIGN : '=';
ARROW  : '->';
SEMI   : ';';
PLUS   : '+';
MINUS  : '-';
STAR   : '*';
SLASH  : '/';
CARET  : '^';

// An image shape or window, '28 x 28 x 1' or '28x28x1', as one token: '28x28x1' would otherwise be a number
// followed by the name 'x28x1'.
DIMS
    : DIGIT+ ([ \t]* 'x' [ \t]* DIGIT+)+
    ;

NUMBER
    : DIGIT+ ('.' DIGIT*)? EXPONENT?
    | '.' DIGIT+ EXPONENT?
    ;

ID : [A-Za-z_] [A-Za-z0-9_]*;

NEWLINE : ('\r'? '\n' | '\r') { if (parenDepth > 0) skip(); };

LINE_COMMENT  : '//' ~[\r\n]* -> skip;
BLOCK_COMMENT : '/*' .*? '*/' -> skip;
UNTERMINATED_COMMENT : '/*' (~[*] | '*'+ ~[*/])* '*'* EOF -> channel(HIDDEN);
WS : [ \t\f]+ -> skip;

// Anything else is one bad character. Both go to the hidden channel: the front end reports them by name
// and the parser carries on as if they were not there, so that later errors are found too.
ERROR_CHAR : . -> channel(HIDDEN);

fragment DIGIT    : [0-9];
fragment EXPONENT : [eE] [+-]? DIGIT+;
