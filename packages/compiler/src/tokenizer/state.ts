// Tokenizer constants and the f-string/t-string mode record.
// CPython: Parser/lexer/state.h, Include/errcode.h

export const MAXINDENT = 100; // max indentation level
export const MAXLEVEL = 200; // max parentheses level
export const MAXFSTRINGLEVEL = 150; // max f-string nesting level
export const MAX_EXPR_NESTING = 3;
export const TABSIZE = 8;
export const ALTTABSIZE = 1;

// tok->done codes (Include/errcode.h).
export const E_OK = 10;
export const E_EOF = 11;
export const E_TOKEN = 13;
export const E_ERROR = 17;
export const E_TABSPACE = 18;
export const E_TOODEEP = 20;
export const E_DEDENT = 21;
export const E_DECODE = 22;
export const E_EOFS = 23;
export const E_EOLS = 24;
export const E_LINECONT = 25;

export const TOK_REGULAR_MODE = 0;
export const TOK_FSTRING_MODE = 1;

export const FSTRING = 0;
export const TSTRING = 1;

/** One entry of the tokenizer mode stack. CPython: Parser/lexer/state.h tokenizer_mode */
export class TokMode {
  kind = TOK_REGULAR_MODE;
  curlyBracketDepth = 0;
  curlyBracketExprStartDepth = 0;
  quote = 0;
  quoteSize = 0;
  raw = false;
  /** UTF-16 index of the f-string's first prefix character. */
  start = 0;
  /** Start of the line where the f-string begins. */
  multiLineStart = 0;
  firstLine = 0;
  /** Start of the current replacement field's expression (after its '{'), or -1. */
  lastExprStart = -1;
  /**
   * Where the expression text ends: fixed by the first '!' or any '}' at the field's top level
   * (a '!=' operator included), by ':' only while unset; -1 while unknown.
   * CPython: tokenizer_mode.last_expr_end (kept as an index, not a length from the end)
   */
  lastExprEnd = -1;
  inFormatSpec = false;
  inDebug = false;
  stringKind = FSTRING;

  reset(): void {
    this.kind = TOK_REGULAR_MODE;
    this.curlyBracketDepth = 0;
    this.curlyBracketExprStartDepth = 0;
    this.quote = 0;
    this.quoteSize = 0;
    this.raw = false;
    this.start = 0;
    this.multiLineStart = 0;
    this.firstLine = 0;
    this.lastExprStart = -1;
    this.lastExprEnd = -1;
    this.inFormatSpec = false;
    this.inDebug = false;
    this.stringKind = FSTRING;
  }
}

// CPython: Parser/lexer/state.h INSIDE_FSTRING_EXPR
export function insideFstringExpr(mode: TokMode): boolean {
  return mode.curlyBracketExprStartDepth >= 0;
}

// CPython: Parser/lexer/state.h INSIDE_FSTRING_EXPR_AT_TOP
export function insideFstringExprAtTop(mode: TokMode): boolean {
  return mode.curlyBracketDepth - mode.curlyBracketExprStartDepth === 1;
}
