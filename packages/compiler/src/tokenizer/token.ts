// Token types and the Token record shared by the tokenizer and the parser.
// Numbers are CPython 3.14's (Lib/token.py, generated there from Grammar/Tokens).

export const ENDMARKER = 0;
export const NAME = 1;
export const NUMBER = 2;
export const STRING = 3;
export const NEWLINE = 4;
export const INDENT = 5;
export const DEDENT = 6;
export const LPAR = 7;
export const RPAR = 8;
export const LSQB = 9;
export const RSQB = 10;
export const COLON = 11;
export const COMMA = 12;
export const SEMI = 13;
export const PLUS = 14;
export const MINUS = 15;
export const STAR = 16;
export const SLASH = 17;
export const VBAR = 18;
export const AMPER = 19;
export const LESS = 20;
export const GREATER = 21;
export const EQUAL = 22;
export const DOT = 23;
export const PERCENT = 24;
export const LBRACE = 25;
export const RBRACE = 26;
export const EQEQUAL = 27;
export const NOTEQUAL = 28;
export const LESSEQUAL = 29;
export const GREATEREQUAL = 30;
export const TILDE = 31;
export const CIRCUMFLEX = 32;
export const LEFTSHIFT = 33;
export const RIGHTSHIFT = 34;
export const DOUBLESTAR = 35;
export const PLUSEQUAL = 36;
export const MINEQUAL = 37;
export const STAREQUAL = 38;
export const SLASHEQUAL = 39;
export const PERCENTEQUAL = 40;
export const AMPEREQUAL = 41;
export const VBAREQUAL = 42;
export const CIRCUMFLEXEQUAL = 43;
export const LEFTSHIFTEQUAL = 44;
export const RIGHTSHIFTEQUAL = 45;
export const DOUBLESTAREQUAL = 46;
export const DOUBLESLASH = 47;
export const DOUBLESLASHEQUAL = 48;
export const AT = 49;
export const ATEQUAL = 50;
export const RARROW = 51;
export const ELLIPSIS = 52;
export const COLONEQUAL = 53;
export const EXCLAMATION = 54;
export const OP = 55;
export const TYPE_IGNORE = 56;
export const TYPE_COMMENT = 57;
export const SOFT_KEYWORD = 58;
export const FSTRING_START = 59;
export const FSTRING_MIDDLE = 60;
export const FSTRING_END = 61;
export const TSTRING_START = 62;
export const TSTRING_MIDDLE = 63;
export const TSTRING_END = 64;
export const COMMENT = 65;
export const NL = 66;
export const ERRORTOKEN = 67;
export const ENCODING = 68;
export const N_TOKENS = 69;
export const NT_OFFSET = 256;

/** Token names indexed by type, as in `token.tok_name`. */
export const tokName: readonly string[] = [
  'ENDMARKER', 'NAME', 'NUMBER', 'STRING', 'NEWLINE', 'INDENT', 'DEDENT', 'LPAR', 'RPAR', 'LSQB',
  'RSQB', 'COLON', 'COMMA', 'SEMI', 'PLUS', 'MINUS', 'STAR', 'SLASH', 'VBAR', 'AMPER', 'LESS',
  'GREATER', 'EQUAL', 'DOT', 'PERCENT', 'LBRACE', 'RBRACE', 'EQEQUAL', 'NOTEQUAL', 'LESSEQUAL',
  'GREATEREQUAL', 'TILDE', 'CIRCUMFLEX', 'LEFTSHIFT', 'RIGHTSHIFT', 'DOUBLESTAR', 'PLUSEQUAL',
  'MINEQUAL', 'STAREQUAL', 'SLASHEQUAL', 'PERCENTEQUAL', 'AMPEREQUAL', 'VBAREQUAL',
  'CIRCUMFLEXEQUAL', 'LEFTSHIFTEQUAL', 'RIGHTSHIFTEQUAL', 'DOUBLESTAREQUAL', 'DOUBLESLASH',
  'DOUBLESLASHEQUAL', 'AT', 'ATEQUAL', 'RARROW', 'ELLIPSIS', 'COLONEQUAL', 'EXCLAMATION', 'OP',
  'TYPE_IGNORE', 'TYPE_COMMENT', 'SOFT_KEYWORD', 'FSTRING_START', 'FSTRING_MIDDLE', 'FSTRING_END',
  'TSTRING_START', 'TSTRING_MIDDLE', 'TSTRING_END', 'COMMENT', 'NL', 'ERRORTOKEN', 'ENCODING',
  'N_TOKENS',
];

/** Operator text to exact token type (`token.EXACT_TOKEN_TYPES`). */
export const EXACT_TOKEN_TYPES: ReadonlyMap<string, number> = new Map([
  ['!', EXCLAMATION], ['!=', NOTEQUAL], ['%', PERCENT], ['%=', PERCENTEQUAL], ['&', AMPER],
  ['&=', AMPEREQUAL], ['(', LPAR], [')', RPAR], ['*', STAR], ['**', DOUBLESTAR],
  ['**=', DOUBLESTAREQUAL], ['*=', STAREQUAL], ['+', PLUS], ['+=', PLUSEQUAL], [',', COMMA],
  ['-', MINUS], ['-=', MINEQUAL], ['->', RARROW], ['.', DOT], ['...', ELLIPSIS], ['/', SLASH],
  ['//', DOUBLESLASH], ['//=', DOUBLESLASHEQUAL], ['/=', SLASHEQUAL], [':', COLON],
  [':=', COLONEQUAL], [';', SEMI], ['<', LESS], ['<<', LEFTSHIFT], ['<<=', LEFTSHIFTEQUAL],
  ['<=', LESSEQUAL], ['=', EQUAL], ['==', EQEQUAL], ['>', GREATER], ['>=', GREATEREQUAL],
  ['>>', RIGHTSHIFT], ['>>=', RIGHTSHIFTEQUAL], ['@', AT], ['@=', ATEQUAL], ['[', LSQB],
  [']', RSQB], ['^', CIRCUMFLEX], ['^=', CIRCUMFLEXEQUAL], ['{', LBRACE], ['|', VBAR],
  ['|=', VBAREQUAL], ['}', RBRACE], ['~', TILDE],
]);

/**
 * One token. Positions follow CPython's AST convention: 1-based lines and 0-based
 * UTF-8 byte columns, under the same property names as AST node attributes, so a
 * token and a node are interchangeable wherever only a location is needed.
 * `start`/`end` are UTF-16 indices into the source string (-1, with columns -1, where
 * CPython's token has no text: INDENT/DEDENT/ENDMARKER/E_EOF ERRORTOKEN for the parser).
 * The parser reuses the Token objects of its previous parse (Tokenizer.recycleTokens):
 * its fields are written only where tokens are made.
 * CPython: Parser/pegen.h Token, Parser/lexer/state.h struct token.
 */
export class Token {
  constructor(
    /** Exact type: operators carry LPAR, PLUS, ...; the parser turns keyword NAMEs into keyword types. */
    public type: number,
    /** The token's text. */
    public string: string,
    public lineno: number,
    public col_offset: number,
    public end_lineno: number,
    public end_col_offset: number,
    public start: number,
    public end: number,
    /** Bracket nesting depth when the token was read (CPython: token.level). */
    public level: number,
    /** f-string `=` debug text and similar tokenizer metadata (CPython: token.metadata). */
    public metadata: string | undefined = undefined,
  ) {}
}
