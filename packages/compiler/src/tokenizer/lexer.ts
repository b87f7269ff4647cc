// The tokenizer: a port of CPython 3.14's lexer working on a JS string.
// CPython: Parser/lexer/lexer.c, Parser/lexer/state.c, Parser/tokenizer/string_tokenizer.c,
// Parser/tokenizer/readline_tokenizer.c (the `extraTokens` flavour used by `tokenize`).
//
// The C lexer reads UTF-8 bytes; this one reads UTF-16 code units, treating every unit
// >= 128 as CPython treats every byte >= 128. Columns in tokens and errors are computed
// in UTF-8 bytes from the line start, exactly as CPython's col_offset counters.

import { PySyntaxError, byteOffsetToCharOffset, utf8Length, type SyntaxErrorKind } from '../errors.js';
import {
  EOF, codePointCount, isAlnum, isAscii, isDigit, isPotentialIdentifierChar,
  isPotentialIdentifierStart, isPrintableChar, isXDigit, oneChar, scanIdentifier, threeChars,
  toLower, twoChars,
} from './chars.js';
import { translateNewlines } from './source_text.js';
import {
  ALTTABSIZE, E_DEDENT, E_EOF, E_EOFS, E_EOLS, E_ERROR, E_LINECONT, E_OK, E_TABSPACE, E_TOODEEP, FSTRING,
  MAXFSTRINGLEVEL, MAXINDENT, MAXLEVEL, MAX_EXPR_NESTING, TABSIZE, TOK_FSTRING_MODE,
  TOK_REGULAR_MODE, TSTRING, TokMode, insideFstringExpr, insideFstringExprAtTop,
} from './state.js';
import * as T from './token.js';
import { Token } from './token.js';

export interface TokenizerOptions {
  /** Used in error records; CPython's default for strings is '<string>'. */
  filename?: string;
  /** Yield what `tokenize` yields (COMMENT, NL, liberal literals), from a readline-style buffer. */
  extraTokens?: boolean;
  /** Add the final newline when missing (CPython's exec_input: true for 'exec' mode). */
  execInput?: boolean;
  /** Produce TYPE_COMMENT / TYPE_IGNORE tokens (ast.parse(type_comments=True)). */
  typeComments?: boolean;
}

/** A warning the C tokenizer would issue (SyntaxWarning); collected, never printed. */
export interface TokenizerWarning {
  message: string;
  lineno: number;
}

const TYPE_COMMENT_PREFIX = '# type: ';

const NO_TOKENS: Token[] = [];

/** The text of each exact operator type (T.EXACT_TOKEN_TYPES inverted). */
const OPERATOR_TEXT: readonly string[] = (() => {
  const texts: string[] = [];
  for (const [text, type] of T.EXACT_TOKEN_TYPES) texts[type] = text;
  return texts;
})();

/** `source.slice(start, end)`: an operator's text is shared (no string per token). */
function tokenText(source: string, type: number, start: number, end: number): string {
  // An exact operator type has one text, but for '<>' (NOTEQUAL under barry_as_FLUFL).
  if (type >= T.LPAR && type <= T.EXCLAMATION && type !== T.NOTEQUAL) return OPERATOR_TEXT[type]!;
  return source.slice(start, end);
}

/**
 * The UnicodeDecodeError CPython's `tokenize` raises for a token holding part of a UTF-8
 * sequence (a lone CR followed by a non-ASCII character).
 */
export class UndecodableTokenError extends Error {
  constructor(codePoint: number) {
    const lead = new TextEncoder().encode(String.fromCodePoint(codePoint))[0]!;
    super(`'utf-8' codec can't decode byte 0x${lead.toString(16)} in position 1: unexpected end of data`);
    this.name = 'UnicodeDecodeError';
  }
}

export class Tokenizer {
  /** The tokenizer's buffer: the source with newlines translated (parser) or as given (extraTokens). */
  readonly source: string;
  readonly filename: string;
  readonly extraTokens: boolean;
  readonly typeComments: boolean;
  /** CPython tok->done, coarse: E_OK/E_DONE → 'ok', E_EOF → 'eof', any error → 'error'. */
  done: 'ok' | 'eof' | 'error' = 'ok';
  /** CPython tok->done, exact errcode.h value. */
  doneCode = E_OK;
  /**
   * The SyntaxError behind an ERRORTOKEN returned rather than thrown: a string left open at
   * the end of the input (doneCode E_EOFS/E_EOLS), which the parser must see as a token so
   * that PyCF_ALLOW_INCOMPLETE_INPUT can report "incomplete input" at its position. The
   * parser rethrows it (CPython: the exception the lexer set stays set).
   */
  pendingError: PySyntaxError | undefined = undefined;
  level = 0;
  parenStack: string[] = [];
  parenLinenoStack: number[] = [];
  parenColStack: number[] = [];
  modeStackIndex = 0;
  lineno = 0;
  warnings: TokenizerWarning[] = [];
  /** Tokens to overwrite before allocating new ones (recycleTokens). */
  private recycled: Token[] = NO_TOKENS;
  private recycledCount = 0;
  private recycledNext = 0;

  // Buffer pointers (UTF-16 indices), as CPython's tok_state.
  cur = 0;
  inp = 0;
  lineStart = 0;
  buf = 0;
  start = -1;
  firstLineno = 0;
  multiLineStart = 0;

  /** Pending INDENT (> 0) / DEDENT (< 0) tokens; pegen sets it for 'single' input at ENDMARKER. */
  pendin = 0;
  /** Current indentation depth (CPython tok->indent). */
  indent = 0;
  /** True when the buffer is pure ASCII (then byte, code point and UTF-16 columns coincide). */
  readonly ascii: boolean;

  private readonly len: number;
  /** Index of the first NUL character, or -1 (a line holding one is an error). */
  private readonly firstNul: number;
  /** True when the last line had no newline and one was added (tokenize's implicit_newline). */
  private readonly appendedNewline: boolean;
  private startLineStart = 0;
  private atbol = true;
  private readonly indstack = new Int32Array(MAXINDENT);
  private readonly altindstack = new Int32Array(MAXINDENT);
  private commentNewline = false;
  private readonly modeStack: TokMode[] = [new TokMode()];
  private pendingMetadata: string | undefined = undefined;
  // Cache for byte columns of non-ASCII lines.
  private colCacheLine = -1;
  private colCachePos = 0;
  private colCacheBytes = 0;

  constructor(source: string, options: TokenizerOptions = {}) {
    this.filename = options.filename ?? '<string>';
    this.extraTokens = options.extraTokens ?? false;
    this.typeComments = options.typeComments ?? false;
    let text: string;
    let appended = false;
    if (this.extraTokens) {
      // readline_tokenizer.c keeps CR and LF as read and fakes a final '\n'.
      text = source;
      if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) {
        text += '\n';
        appended = true;
      }
    } else {
      text = translateNewlines(source, options.execInput ?? true);
    }
    this.source = text;
    this.len = text.length;
    this.ascii = isAscii(text);
    this.firstNul = text.indexOf('\0');
    this.appendedNewline = appended;
  }

  /** CPython tok->implicit_newline: the current line is the last one and its '\n' was added. */
  get implicitNewline(): boolean {
    return this.appendedNewline && this.inp === this.len;
  }

  /** UTF-8 byte offset of `pos` from `lineStart` (CPython's col_offset counters). */
  byteColumn(lineStart: number, pos: number): number {
    if (this.ascii) return pos - lineStart;
    if (lineStart === this.colCacheLine && pos >= this.colCachePos) {
      this.colCacheBytes += utf8Length(this.source, this.colCachePos, pos);
    } else {
      this.colCacheLine = lineStart;
      this.colCacheBytes = pos > lineStart ? utf8Length(this.source, lineStart, pos) : 0;
    }
    this.colCachePos = pos;
    return this.colCacheBytes;
  }

  // CPython: Parser/lexer/lexer.c _PyTokenizer_Get / tok_get
  next(): Token {
    // Nothing follows the ERRORTOKEN of a string left open at the end: its error stands.
    if (this.pendingError !== undefined) throw this.pendingError;
    this.pendingMetadata = undefined;
    const mode = this.modeStack[this.modeStackIndex]!;
    if (mode.kind === TOK_REGULAR_MODE) return this.getNormalMode(mode);
    return this.getFstringMode(mode);
  }

  // ---- reading characters -------------------------------------------------------------

  // CPython: Parser/lexer/lexer.c tok_nextc
  private nextc(): number {
    if (this.cur !== this.inp) return this.source.charCodeAt(this.cur++);
    return this.nextcSlow();
  }

  private nextcSlow(): number {
    for (;;) {
      if (this.cur !== this.inp) return this.source.charCodeAt(this.cur++);
      if (this.doneCode !== E_OK) return EOF;
      if (!this.underflow()) {
        this.cur = this.inp;
        return EOF;
      }
      this.lineStart = this.cur;
      if (this.firstNul >= 0 && this.firstNul < this.inp) {
        this.syntaxError('source code cannot contain null bytes');
      }
    }
  }

  // CPython: Parser/tokenizer/string_tokenizer.c tok_underflow_string,
  // Parser/tokenizer/readline_tokenizer.c tok_underflow_readline (buffer kept inside tokens)
  private underflow(): boolean {
    const at = this.inp;
    // The buffer keeps the lines of a token being read (and, for tokenize, of an f-string).
    if (this.extraTokens && this.start < 0 && this.modeStackIndex === 0) this.buf = at;
    if (at >= this.len) {
      this.doneCode = E_EOF;
      this.done = 'eof';
      return false;
    }
    if (!this.extraTokens && this.start < 0) this.buf = at;
    const nl = this.source.indexOf('\n', at);
    this.inp = nl < 0 ? this.len : nl + 1;
    this.lineno++;
    return true;
  }

  // CPython: Parser/lexer/lexer.c tok_backup
  private backup(c: number): void {
    if (c !== EOF) this.cur--;
  }

  // ---- tokens ---------------------------------------------------------------------------

  // CPython: Parser/lexer/state.c _PyLexer_token_setup
  private makeToken(type: number, pStart: number, pEnd: number): Token {
    const isStringLit = type === T.STRING || type === T.FSTRING_MIDDLE || type === T.TSTRING_MIDDLE;
    const lineno = isStringLit ? this.firstLineno : this.lineno;
    if (pStart < 0 || pEnd < 0) {
      return this.newToken(type, '', lineno, -1, this.lineno, -1, -1, -1, this.level, this.pendingMetadata);
    }
    const col = this.byteColumn(this.startLineStart, this.start);
    const endCol = this.byteColumn(this.lineStart, this.cur);
    const text = tokenText(this.source, type, pStart, pEnd);
    return this.newToken(type, text, lineno, col, this.lineno, endCol, pStart, pEnd, this.level, this.pendingMetadata);
  }

  // CPython: Parser/lexer/state.c _PyLexer_type_comment_token_setup
  private makeTypeCommentToken(type: number, col: number, endCol: number, pStart: number, pEnd: number): Token {
    const text = this.source.slice(pStart, pEnd);
    return this.newToken(type, text, this.lineno, col, this.lineno, endCol, pStart, pEnd, this.level, undefined);
  }

  /**
   * Lets the tokenizer overwrite `tokens[0..count)` instead of allocating tokens: the
   * parser hands over those of its previous parse, which nothing references any more.
   */
  recycleTokens(tokens: Token[], count: number): void {
    this.recycled = tokens;
    this.recycledCount = count;
  }

  /** How many of the tokens handed to recycleTokens were overwritten. */
  recycledTokens(): number {
    return this.recycledNext;
  }

  private newToken(
    type: number, text: string, lineno: number, col: number, endLineno: number, endCol: number,
    start: number, end: number, level: number, metadata: string | undefined,
  ): Token {
    if (this.recycledNext === this.recycledCount) {
      return new Token(type, text, lineno, col, endLineno, endCol, start, end, level, metadata);
    }
    const t = this.recycled[this.recycledNext++]!;
    t.type = type;
    t.string = text;
    t.lineno = lineno;
    t.col_offset = col;
    t.end_lineno = endLineno;
    t.end_col_offset = endCol;
    t.start = start;
    t.end = end;
    t.level = level;
    t.metadata = metadata;
    return t;
  }

  private setStart(pos: number): void {
    this.start = pos;
    this.startLineStart = this.lineStart;
  }

  /** ERRORTOKEN for a `done` code: E_EOF is returned, every other code is thrown. */
  private errorToken(): Token {
    if (this.doneCode === E_EOF) return this.makeToken(T.ERRORTOKEN, -1, -1);
    throw this.doneCodeError();
  }

  // ---- normal mode ----------------------------------------------------------------------

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode
  private getNormalMode(currentTok: TokMode): Token {
    let c = 0;
    let blankline = false;
    nextline: for (;;) {
      this.start = -1;
      blankline = false;
      if (this.atbol) {
        const r = this.indentation();
        if (r < 0) return this.errorToken();
        blankline = r === 1;
      }
      this.setStart(this.cur);
      if (this.pendin !== 0) {
        if (this.pendin < 0) {
          this.pendin++;
          return this.extraTokens ? this.makeToken(T.DEDENT, this.cur, this.cur) : this.makeToken(T.DEDENT, -1, -1);
        }
        this.pendin--;
        return this.extraTokens ? this.makeToken(T.INDENT, this.buf, this.cur) : this.makeToken(T.INDENT, -1, -1);
      }
      // Peek ahead at the next character
      c = this.nextc();
      this.backup(c);

      again: for (;;) {
        this.start = -1;
        do {
          c = this.nextc();
        } while (c === 32 || c === 9 || c === 12);
        this.setStart(this.cur - 1);

        if (c === 35 /* # */) {
          const t = this.comment(c, blankline);
          if (t !== undefined) return t;
          c = this.nextc();
        }

        if (c === EOF) {
          if (this.level) return this.makeToken(T.ERRORTOKEN, -1, -1);
          return this.makeToken(this.doneCode === E_EOF ? T.ENDMARKER : T.ERRORTOKEN, -1, -1);
        }

        if (isPotentialIdentifierStart(c)) return this.identifierOrPrefixedString(c);

        if (c === 13) c = this.nextc();

        if (c === 10) {
          this.atbol = true;
          if (blankline || this.level > 0) {
            if (this.extraTokens) {
              this.commentNewline = false;
              return this.makeToken(T.NL, this.start, this.cur);
            }
            continue nextline;
          }
          if (this.commentNewline && this.extraTokens) {
            this.commentNewline = false;
            return this.makeToken(T.NL, this.start, this.cur);
          }
          return this.makeToken(T.NEWLINE, this.start, this.cur - 1);
        }

        if (c === 46 /* . */) {
          c = this.nextc();
          if (isDigit(c)) return this.numberTail(c, true);
          if (c === 46) {
            c = this.nextc();
            if (c === 46) return this.makeToken(T.ELLIPSIS, this.start, this.cur);
            this.backup(c);
            this.backup(46);
          } else {
            this.backup(c);
          }
          return this.makeToken(T.DOT, this.start, this.cur);
        }

        if (isDigit(c)) return this.number(c);

        if (c === 39 || c === 34) return this.letterQuote(c);

        if (c === 92 /* \ */) {
          if (this.continuationLine() === -1) return this.errorToken();
          continue again;
        }
        return this.operator(c, currentTok);
      }
    }
  }

  /**
   * Measures the indentation at the beginning of a line and queues INDENT/DEDENT.
   * Returns 1 for a blank (or comment-only) line, 0 otherwise, -1 for an ERRORTOKEN.
   * CPython: Parser/lexer/lexer.c tok_get_normal_mode ("Get indentation level")
   */
  private indentation(): number {
    let col = 0;
    let altcol = 0;
    let contLineCol = 0;
    let c: number;
    this.atbol = false;
    for (;;) {
      c = this.nextc();
      if (c === 32) {
        col++;
        altcol++;
      } else if (c === 9) {
        col = (Math.trunc(col / TABSIZE) + 1) * TABSIZE;
        altcol = (Math.trunc(altcol / ALTTABSIZE) + 1) * ALTTABSIZE;
      } else if (c === 12) {
        col = altcol = 0;
      } else if (c === 92) {
        contLineCol = contLineCol ? contLineCol : col;
        if (this.continuationLine() === -1) return -1;
      } else {
        break;
      }
    }
    this.backup(c);
    const blankline = c === 35 || c === 10 || c === 13;
    if (!blankline && this.level === 0) {
      col = contLineCol ? contLineCol : col;
      altcol = contLineCol ? contLineCol : altcol;
      const ind = this.indstack;
      const alt = this.altindstack;
      if (col === ind[this.indent]) {
        if (altcol !== alt[this.indent]) return this.indentError();
      } else if (col > ind[this.indent]!) {
        if (this.indent + 1 >= MAXINDENT) {
          this.doneCode = E_TOODEEP;
          this.cur = this.inp;
          return -1;
        }
        if (altcol <= alt[this.indent]!) return this.indentError();
        this.pendin++;
        ind[++this.indent] = col;
        alt[this.indent] = altcol;
      } else {
        while (this.indent > 0 && col < ind[this.indent]!) {
          this.pendin--;
          this.indent--;
        }
        if (col !== ind[this.indent]) {
          this.doneCode = E_DEDENT;
          this.cur = this.inp;
          return -1;
        }
        if (altcol !== alt[this.indent]) return this.indentError();
      }
    }
    return blankline ? 1 : 0;
  }

  // CPython: Parser/tokenizer/helpers.c _PyTokenizer_indenterror
  private indentError(): number {
    this.doneCode = E_TABSPACE;
    this.cur = this.inp;
    return -1;
  }

  // CPython: Parser/lexer/lexer.c tok_continuation_line
  private continuationLine(): number {
    let c = this.nextc();
    if (c === 13) c = this.nextc();
    if (c !== 10) {
      this.doneCode = E_LINECONT;
      return -1;
    }
    c = this.nextc();
    if (c === EOF) {
      this.doneCode = E_EOF;
      this.done = 'eof';
      this.cur = this.inp;
      return -1;
    }
    this.backup(c);
    return c;
  }

  /**
   * Skips a comment; returns a COMMENT/TYPE_COMMENT/TYPE_IGNORE token when one is due,
   * else undefined with the terminating character pushed back.
   * CPython: Parser/lexer/lexer.c tok_get_normal_mode ("Skip comment")
   */
  private comment(c: number, blankline: boolean): Token | undefined {
    while (c !== EOF && c !== 10 && c !== 13) c = this.nextc();
    if (this.typeComments) {
      const t = this.typeComment(c, blankline);
      if (t !== undefined) return t;
    }
    this.backup(c);
    if (this.extraTokens) {
      this.commentNewline = blankline;
      return this.makeToken(T.COMMENT, this.start, this.cur);
    }
    return undefined;
  }

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode (type comments)
  private typeComment(c: number, blankline: boolean): Token | undefined {
    const s = this.source;
    let p = this.start;
    let col = this.byteColumn(this.startLineStart, this.start);
    let k = 0;
    while (k < TYPE_COMMENT_PREFIX.length && p < this.cur) {
      if (TYPE_COMMENT_PREFIX[k] === ' ') {
        while (s[p] === ' ' || s[p] === '\t') {
          p++;
          col++;
        }
      } else if (TYPE_COMMENT_PREFIX[k] === s[p]) {
        p++;
        col++;
      } else {
        break;
      }
      k++;
    }
    if (k < TYPE_COMMENT_PREFIX.length) return undefined;
    this.backup(c); // don't eat the newline or EOF
    const ignoreEnd = p + 6;
    const isTypeIgnore =
      this.cur >= ignoreEnd &&
      s.startsWith('ignore', p) &&
      !(this.cur > ignoreEnd && (s.charCodeAt(ignoreEnd) >= 128 || isAlnum(s.charCodeAt(ignoreEnd))));
    if (isTypeIgnore) {
      const endCol = () => this.byteColumn(this.lineStart, this.cur);
      if (blankline) {
        const pEnd = this.cur;
        this.nextc();
        this.atbol = true;
        return this.makeTypeCommentToken(T.TYPE_IGNORE, col + 6, endCol(), ignoreEnd, pEnd);
      }
      return this.makeTypeCommentToken(T.TYPE_IGNORE, col + 6, endCol(), ignoreEnd, this.cur);
    }
    return this.makeTypeCommentToken(T.TYPE_COMMENT, col, this.byteColumn(this.lineStart, this.cur), p, this.cur);
  }

  // ---- names and strings ----------------------------------------------------------------

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode ("Identifier")
  private identifierOrPrefixedString(c: number): Token {
    let sawB = false, sawR = false, sawU = false, sawF = false, sawT = false;
    for (;;) {
      if (!sawB && (c === 98 || c === 66)) sawB = true;
      else if (!sawU && (c === 117 || c === 85)) sawU = true;
      else if (!sawR && (c === 114 || c === 82)) sawR = true;
      else if (!sawF && (c === 102 || c === 70)) sawF = true;
      else if (!sawT && (c === 116 || c === 84)) sawT = true;
      else break;
      c = this.nextc();
      if (c === 34 || c === 39) {
        this.checkStringPrefixes(sawB, sawR, sawU, sawF, sawT);
        if (sawF || sawT) return this.fstringStart(c);
        return this.letterQuote(c);
      }
    }
    if (c !== EOF && this.scanName() && !this.extraTokens) this.verifyIdentifier();
    const col = this.byteColumn(this.startLineStart, this.start);
    const endCol = this.byteColumn(this.lineStart, this.cur);
    const text = this.source.slice(this.start, this.cur);
    return this.newToken(T.NAME, text, this.lineno, col, this.lineno, endCol, this.start, this.cur, this.level, this.pendingMetadata);
  }

  /**
   * Reads the rest of a name whose character `c` was just read (tok_nextc while
   * is_potential_identifier_char), in place in the buffered line: a name ends before
   * the line's newline. Returns whether it holds a non-ASCII character.
   */
  private scanName(): boolean {
    const s = this.source;
    const end = this.inp;
    let pos = this.cur - 1;
    let nonascii = false;
    for (; pos < end; pos++) {
      const ch = s.charCodeAt(pos);
      if (!isPotentialIdentifierChar(ch)) break;
      if (ch >= 128) nonascii = true;
    }
    this.cur = pos;
    if (pos < end) return nonascii;
    // The last line has no newline: the name may run into the end of the input.
    let c = this.nextc();
    while (isPotentialIdentifierChar(c)) {
      if (c >= 128) nonascii = true;
      c = this.nextc();
    }
    this.backup(c);
    return nonascii;
  }

  // CPython: Parser/lexer/lexer.c maybe_raise_syntax_error_for_string_prefixes
  private checkStringPrefixes(b: boolean, r: boolean, u: boolean, f: boolean, t: boolean): void {
    let pair: string | undefined;
    if (u && b) pair = "'u' and 'b'";
    else if (u && r) pair = "'u' and 'r'";
    else if (u && f) pair = "'u' and 'f'";
    else if (u && t) pair = "'u' and 't'";
    else if (b && f) pair = "'b' and 'f'";
    else if (b && t) pair = "'b' and 't'";
    else if (f && t) pair = "'f' and 't'";
    if (pair === undefined) return;
    const col = this.byteColumn(this.lineStart, this.start) + 1;
    const endCol = this.byteColumn(this.lineStart, this.cur);
    this.syntaxError(`${pair} prefixes are incompatible`, col, endCol);
  }

  // CPython: Parser/lexer/lexer.c verify_identifier
  private verifyIdentifier(): void {
    const text = this.source.slice(this.start, this.cur);
    const cps: number[] = [];
    for (const ch of text) cps.push(ch.codePointAt(0)!);
    const invalid = scanIdentifier(cps);
    if (invalid >= cps.length) return;
    const ch = cps[invalid]!;
    if (invalid + 1 < cps.length) {
      let units = 0;
      for (let i = 0; i <= invalid; i++) units += cps[i]! >= 0x10000 ? 2 : 1;
      this.cur = this.start + units;
    }
    const hex = ch.toString(16).toUpperCase().padStart(4, '0');
    if (isPrintableChar(ch)) this.syntaxError(`invalid character '${String.fromCodePoint(ch)}' (U+${hex})`);
    this.syntaxError(`invalid non-printable character U+${hex}`);
  }

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode ("letter_quote")
  private letterQuote(quote: number): Token {
    let quoteSize = 1;
    let endQuoteSize = 0;
    let hasEscapedQuote = false;
    this.firstLineno = this.lineno;
    this.multiLineStart = this.lineStart;
    let c = this.nextc();
    if (c === quote) {
      c = this.nextc();
      if (c === quote) quoteSize = 3;
      else endQuoteSize = 1; // empty string found
    }
    if (c !== quote) this.backup(c);
    while (endQuoteSize !== quoteSize) {
      c = this.nextc();
      if (c === EOF || (quoteSize === 1 && c === 10)) return this.unterminatedString(quote, quoteSize, hasEscapedQuote, c);
      if (c === quote) {
        endQuoteSize += 1;
      } else {
        endQuoteSize = 0;
        if (c === 92) {
          c = this.nextc(); // skip escaped char
          if (c === quote) hasEscapedQuote = true;
          if (c === 13) c = this.nextc();
        }
      }
    }
    return this.makeToken(T.STRING, this.start, this.cur);
  }

  // CPython: Parser/lexer/lexer.c _PyLexer_scan_string (unterminated string)
  private unterminatedString(quote: number, quoteSize: number, hasEscapedQuote: boolean, c: number): Token {
    // Report the error from the initial quote character.
    this.cur = this.start + 1;
    this.lineStart = this.multiLineStart;
    const detected = this.lineno;
    this.lineno = this.firstLineno;
    if (this.modeStackIndex > 0) {
      // A quote matching the enclosing f-string's means a '}' is missing.
      const mode = this.modeStack[this.modeStackIndex]!;
      if (mode.quote === quote && mode.quoteSize === quoteSize) {
        this.syntaxError(`${this.stringPrefix()}-string: expecting '}'`);
      }
    }
    let msg = `unterminated string literal (detected at line ${detected})`;
    if (quoteSize === 3) msg = `unterminated triple-quoted string literal (detected at line ${detected})`;
    else if (hasEscapedQuote) msg += '; perhaps you escaped the end quote?';
    return this.unterminatedAtEnd(this.makeSyntaxError(msg), c, quoteSize === 3 ? E_EOFS : E_EOLS);
  }

  /**
   * A string still open at the end of the input sets tok->done to E_EOFS (triple-quoted)
   * or E_EOLS over the error (one ended by a newline does not); the parser gets it as an
   * ERRORTOKEN (see pendingError). Every other case is thrown.
   */
  private unterminatedAtEnd(err: PySyntaxError, c: number, code: number): Token {
    if (c === 10) throw err;
    this.doneCode = code;
    if (this.extraTokens) throw err;
    this.pendingError = err;
    return this.makeToken(T.ERRORTOKEN, -1, -1);
  }

  /** TOK_GET_STRING_PREFIX: 't' inside a t-string, else 'f'. */
  private stringPrefix(): string {
    return this.modeStack[this.modeStackIndex]!.stringKind === TSTRING ? 't' : 'f';
  }

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode ("f_string_quote")
  private fstringStart(quote: number): Token {
    let quoteSize = 1;
    this.firstLineno = this.lineno;
    this.multiLineStart = this.lineStart;
    const afterQuote = this.nextc();
    if (afterQuote === quote) {
      const afterAfterQuote = this.nextc();
      if (afterAfterQuote === quote) {
        quoteSize = 3;
      } else {
        this.backup(afterAfterQuote);
        this.backup(afterQuote);
      }
    }
    if (afterQuote !== quote) this.backup(afterQuote);
    if (this.modeStackIndex + 1 >= MAXFSTRINGLEVEL) this.syntaxError('too many nested f-strings or t-strings');
    const index = ++this.modeStackIndex;
    let mode = this.modeStack[index];
    if (mode === undefined) {
      mode = new TokMode();
      this.modeStack[index] = mode;
    } else {
      mode.reset();
    }
    mode.kind = TOK_FSTRING_MODE;
    mode.quote = quote;
    mode.quoteSize = quoteSize;
    mode.start = this.start;
    mode.multiLineStart = this.lineStart;
    mode.firstLine = this.lineno;
    mode.lastExprStart = -1;
    const first = toLower(this.source.charCodeAt(this.start));
    const second = toLower(this.source.charCodeAt(this.start + 1));
    let kind = FSTRING;
    if (first === 116 /* t */) {
      mode.raw = second === 114;
      kind = TSTRING;
    } else if (first === 102 /* f */) {
      mode.raw = second === 114;
    } else {
      mode.raw = true;
      if (second === 116) kind = TSTRING;
    }
    mode.stringKind = kind;
    mode.curlyBracketDepth = 0;
    mode.curlyBracketExprStartDepth = -1;
    return this.makeToken(kind === TSTRING ? T.TSTRING_START : T.FSTRING_START, this.start, this.cur);
  }

  // ---- numbers --------------------------------------------------------------------------

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode ("Number")
  private number(c: number): Token {
    if (c !== 48 /* 0 */) {
      c = this.decimalTail();
      return this.numberTail(c, false);
    }
    c = this.nextc();
    if (c === 120 || c === 88) {
      // Hex
      c = this.nextc();
      do {
        if (c === 95) c = this.nextc();
        if (!isXDigit(c)) {
          this.backup(c);
          this.syntaxError('invalid hexadecimal literal');
        }
        do c = this.nextc(); while (isXDigit(c));
      } while (c === 95);
      this.verifyEndOfNumber(c, 'hexadecimal');
    } else if (c === 111 || c === 79) {
      // Octal
      c = this.nextc();
      do {
        if (c === 95) c = this.nextc();
        if (c < 48 || c >= 56) {
          if (isDigit(c)) this.syntaxError(`invalid digit '${String.fromCharCode(c)}' in octal literal`);
          this.backup(c);
          this.syntaxError('invalid octal literal');
        }
        do c = this.nextc(); while (c >= 48 && c < 56);
      } while (c === 95);
      if (isDigit(c)) this.syntaxError(`invalid digit '${String.fromCharCode(c)}' in octal literal`);
      this.verifyEndOfNumber(c, 'octal');
    } else if (c === 98 || c === 66) {
      // Binary
      c = this.nextc();
      do {
        if (c === 95) c = this.nextc();
        if (c !== 48 && c !== 49) {
          if (isDigit(c)) this.syntaxError(`invalid digit '${String.fromCharCode(c)}' in binary literal`);
          this.backup(c);
          this.syntaxError('invalid binary literal');
        }
        do c = this.nextc(); while (c === 48 || c === 49);
      } while (c === 95);
      if (isDigit(c)) this.syntaxError(`invalid digit '${String.fromCharCode(c)}' in binary literal`);
      this.verifyEndOfNumber(c, 'binary');
    } else {
      let nonzero = false;
      // maybe old-style octal; in any case, allow '0' as a literal
      for (;;) {
        if (c === 95) {
          c = this.nextc();
          if (!isDigit(c)) {
            this.backup(c);
            this.syntaxError('invalid decimal literal');
          }
        }
        if (c !== 48) break;
        c = this.nextc();
      }
      const zerosEnd = this.cur;
      if (isDigit(c)) {
        nonzero = true;
        c = this.decimalTail();
      }
      if (c === 46) return this.numberTail(this.nextc(), true);
      if (c === 101 || c === 69 || c === 106 || c === 74) return this.numberTail(c, false);
      if (nonzero && !this.extraTokens) {
        // Old-style octal: now disallowed.
        this.backup(c);
        this.syntaxError(
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          this.byteColumn(this.lineStart, this.start) + 1,
          this.byteColumn(this.lineStart, zerosEnd),
        );
      }
      this.verifyEndOfNumber(c, 'decimal');
    }
    this.backup(c);
    return this.makeToken(T.NUMBER, this.start, this.cur);
  }

  /** Fraction, exponent and imaginary parts; `atFraction` is C's `goto fraction`. */
  private numberTail(c: number, atFraction: boolean): Token {
    if (!atFraction && c === 46) {
      c = this.nextc();
      atFraction = true;
    }
    if (atFraction && isDigit(c)) c = this.decimalTail();
    if (c === 101 || c === 69) {
      const e = c;
      c = this.nextc();
      if (c === 43 || c === 45) {
        c = this.nextc();
        if (!isDigit(c)) {
          this.backup(c);
          this.syntaxError('invalid decimal literal');
        }
      } else if (!isDigit(c)) {
        this.backup(c);
        this.verifyEndOfNumber(e, 'decimal');
        this.backup(e);
        return this.makeToken(T.NUMBER, this.start, this.cur);
      }
      c = this.decimalTail();
    }
    if (c === 106 || c === 74) {
      c = this.nextc();
      this.verifyEndOfNumber(c, 'imaginary');
    } else {
      this.verifyEndOfNumber(c, 'decimal');
    }
    this.backup(c);
    return this.makeToken(T.NUMBER, this.start, this.cur);
  }

  // CPython: Parser/lexer/lexer.c tok_decimal_tail
  private decimalTail(): number {
    let c: number;
    for (;;) {
      do c = this.nextc(); while (isDigit(c));
      if (c !== 95) break;
      c = this.nextc();
      if (!isDigit(c)) {
        this.backup(c);
        this.syntaxError('invalid decimal literal');
      }
    }
    return c;
  }

  // CPython: Parser/lexer/lexer.c verify_end_of_number
  private verifyEndOfNumber(c: number, kind: string): void {
    if (this.extraTokens) return;
    let r = false;
    if (c === 97) r = this.lookahead('nd');
    else if (c === 101) r = this.lookahead('lse');
    else if (c === 102) r = this.lookahead('or');
    else if (c === 105) {
      const c2 = this.nextc();
      if (c2 === 102 || c2 === 110 || c2 === 115) r = true;
      this.backup(c2);
    } else if (c === 111) r = this.lookahead('r');
    else if (c === 110) r = this.lookahead('ot');
    if (r) {
      this.warnings.push({ message: `invalid ${kind} literal`, lineno: this.lineno });
    } else if (c < 128 && isPotentialIdentifierChar(c)) {
      this.backup(c);
      this.syntaxError(`invalid ${kind} literal`);
    }
  }

  // CPython: Parser/lexer/lexer.c lookahead
  private lookahead(test: string): boolean {
    let s = 0;
    let res = false;
    for (;;) {
      const c = this.nextc();
      if (s === test.length) {
        res = !isPotentialIdentifierChar(c);
      } else if (c === test.charCodeAt(s)) {
        s++;
        continue;
      }
      this.backup(c);
      while (s !== 0) this.backup(test.charCodeAt(--s));
      return res;
    }
  }

  // ---- operators ------------------------------------------------------------------------

  // CPython: Parser/lexer/lexer.c tok_get_normal_mode ("Punctuation character" onwards)
  private operator(c: number, currentTok: TokMode): Token {
    const insideFstring = this.modeStackIndex > 0;
    if ((c === 58 || c === 125 || c === 33 || c === 123) && insideFstring && insideFstringExpr(currentTok)) {
      // Runs before '{' increments curly_bracket_depth, hence the adjustment.
      const cursor = currentTok.curlyBracketDepth - (c !== 123 ? 1 : 0);
      const cursorInFormatWithDebug = cursor === 1 && (currentTok.inDebug || currentTok.inFormatSpec);
      if (cursor === 0 || cursorInFormatWithDebug) {
        this.updateFtstringExpr(c, currentTok);
        if (c !== 123) this.setFtstringExpr();
      }
      if (c === 58 && cursor === currentTok.curlyBracketExprStartDepth) {
        currentTok.kind = TOK_FSTRING_MODE;
        currentTok.inFormatSpec = true;
        return this.makeToken(oneChar(c), this.start, this.cur);
      }
    }

    const c2 = this.nextc();
    let type = twoChars(c, c2);
    if (type !== T.OP) {
      const c3 = this.nextc();
      const type3 = threeChars(c, c2, c3);
      if (type3 !== T.OP) type = type3;
      else this.backup(c3);
      return this.makeToken(type, this.start, this.cur);
    }
    this.backup(c2);

    if (c === 40 || c === 91 || c === 123) this.openBracket(c, currentTok);
    else if (c === 41 || c === 93 || c === 125) this.closeBracket(c, currentTok);

    if (c >= 128) {
      // Only after a lone '\r' (tokenize keeps those): CPython makes a token of '\r' and the
      // first byte of the character's UTF-8 sequence, which then fails to decode.
      throw new UndecodableTokenError(this.source.codePointAt(this.cur - 1)!);
    }
    if (!isPrintableChar(c)) {
      this.syntaxError(`invalid non-printable character U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    if (c === 61 && insideFstringExprAtTop(currentTok)) currentTok.inDebug = true;
    return this.makeToken(oneChar(c), this.start, this.cur);
  }

  private openBracket(c: number, currentTok: TokMode): void {
    if (this.level >= MAXLEVEL) this.syntaxError('too many nested parentheses');
    this.parenStack[this.level] = String.fromCharCode(c);
    this.parenLinenoStack[this.level] = this.lineno;
    this.parenColStack[this.level] = this.byteColumn(this.lineStart, this.start);
    this.level++;
    if (this.modeStackIndex > 0) currentTok.curlyBracketDepth++;
  }

  private closeBracket(c: number, currentTok: TokMode): void {
    const insideFstring = this.modeStackIndex > 0;
    const ch = String.fromCharCode(c);
    if (insideFstring && !currentTok.curlyBracketDepth && c === 125) {
      this.syntaxError(`${this.stringPrefix()}-string: single '}' is not allowed`);
    }
    if (!this.extraTokens && !this.level) this.syntaxError(`unmatched '${ch}'`);
    if (this.level > 0) {
      this.level--;
      const opening = this.parenStack[this.level]!;
      const matches = (opening === '(' && c === 41) || (opening === '[' && c === 93) || (opening === '{' && c === 125);
      if (!this.extraTokens && !matches) {
        // A closing bracket right after an f-string's '{' is reported as unmatched.
        if (insideFstring && opening === '{') {
          const previousBracket = currentTok.curlyBracketDepth - 1;
          if (previousBracket === currentTok.curlyBracketExprStartDepth) {
            this.syntaxError(`${this.stringPrefix()}-string: unmatched '${ch}'`);
          }
        }
        const openLine = this.parenLinenoStack[this.level]!;
        if (openLine !== this.lineno) {
          this.syntaxError(`closing parenthesis '${ch}' does not match opening parenthesis '${opening}' on line ${openLine}`);
        }
        this.syntaxError(`closing parenthesis '${ch}' does not match opening parenthesis '${opening}'`);
      }
    }
    if (insideFstring) {
      currentTok.curlyBracketDepth--;
      if (currentTok.curlyBracketDepth < 0) this.syntaxError(`${this.stringPrefix()}-string: unmatched '${ch}'`);
      if (c === 125 && currentTok.curlyBracketDepth === currentTok.curlyBracketExprStartDepth) {
        currentTok.curlyBracketExprStartDepth--;
        currentTok.kind = TOK_FSTRING_MODE;
        currentTok.inFormatSpec = false;
        currentTok.inDebug = false;
      }
    }
  }

  /**
   * Tracks where the replacement field's expression text starts and ends. The end is
   * fixed by the first '!' — even the one of a '!=' operator — or by any '}', and by ':'
   * only while it is unset (CPython 3.14.2, the oracle's version, cuts the text of
   * `{a != b:x}` at the '!').
   * CPython: Parser/lexer/lexer.c _PyLexer_update_ftstring_expr
   */
  private updateFtstringExpr(c: number, mode: TokMode): void {
    if (c === 123 /* { */) {
      mode.lastExprStart = this.cur;
      mode.lastExprEnd = -1;
    } else if (c !== 58 /* : */ || mode.lastExprEnd === -1) {
      mode.lastExprEnd = this.start;
    }
  }

  /**
   * Records the replacement field's expression text (for `=` debug and t-strings) as
   * the metadata of the token being made.
   * CPython: Parser/lexer/lexer.c _PyLexer_set_ftstring_expr
   */
  private setFtstringExpr(): void {
    const mode = this.modeStack[this.modeStackIndex]!;
    if (!(mode.inDebug || mode.stringKind === TSTRING) || this.pendingMetadata !== undefined) return;
    const start = mode.lastExprStart;
    const end = mode.lastExprEnd;
    if (start < 0 || end < start) return;
    const expr = this.source.slice(start, end);
    this.pendingMetadata = hasCommentOutsideStrings(expr) ? stripExpressionComments(expr) : expr;
  }

  // ---- f-string mode --------------------------------------------------------------------

  // CPython: Parser/lexer/lexer.c tok_get_fstring_mode
  private getFstringMode(currentTok: TokMode): Token {
    let endQuoteSize = 0;
    let unicodeEscape = false;
    this.setStart(this.cur);
    this.firstLineno = this.lineno;
    const middleType = currentTok.stringKind === TSTRING ? T.TSTRING_MIDDLE : T.FSTRING_MIDDLE;

    // A replacement field right away: nothing to tokenize here, the normal mode takes over.
    const startChar = this.nextc();
    if (startChar === 123) {
      const peek1 = this.nextc();
      this.backup(peek1);
      if (peek1 !== 123) {
        currentTok.lastExprStart = this.cur;
        currentTok.lastExprEnd = -1;
      }
      this.backup(startChar);
      if (peek1 !== 123) {
        this.enterReplacementField(currentTok);
        return this.getNormalMode(currentTok);
      }
    } else {
      this.backup(startChar);
    }

    // At the end of the string?
    let atEnd = true;
    for (let i = 0; i < currentTok.quoteSize; i++) {
      const q = this.nextc();
      if (q !== currentTok.quote) {
        this.backup(q);
        atEnd = false;
        break;
      }
    }
    if (atEnd) {
      currentTok.lastExprStart = -1;
      currentTok.lastExprEnd = -1;
      this.modeStackIndex--;
      return this.makeToken(currentTok.stringKind === TSTRING ? T.TSTRING_END : T.FSTRING_END, this.start, this.cur);
    }

    this.multiLineStart = this.lineStart;
    while (endQuoteSize !== currentTok.quoteSize) {
      const c = this.nextc();
      const inFormatSpec = currentTok.inFormatSpec && insideFstringExpr(currentTok);
      if (c === EOF || (currentTok.quoteSize === 1 && c === 10)) {
        if (inFormatSpec && c === 10) {
          if (currentTok.quoteSize === 1) {
            const p = this.stringPrefix();
            this.syntaxError(`${p}-string: newlines are not allowed in format specifiers for single quoted ${p}-strings`);
          }
          this.backup(c);
          currentTok.kind = TOK_REGULAR_MODE;
          currentTok.inFormatSpec = false;
          return this.makeToken(middleType, this.start, this.cur);
        }
        return this.unterminatedFstring(currentTok, c);
      }
      if (c === currentTok.quote) {
        endQuoteSize += 1;
        continue;
      }
      endQuoteSize = 0;
      if (c === 123) {
        const peek = this.nextc();
        if (peek !== 123 || inFormatSpec) {
          this.backup(peek);
          currentTok.lastExprStart = this.cur;
          currentTok.lastExprEnd = -1;
          this.backup(c);
          this.enterReplacementField(currentTok);
          currentTok.inFormatSpec = false;
          return this.makeToken(middleType, this.start, this.cur);
        }
        return this.makeToken(middleType, this.start, this.cur - 1);
      } else if (c === 125) {
        if (unicodeEscape) return this.makeToken(middleType, this.start, this.cur);
        const peek = this.nextc();
        // Format specs cannot use doubled braces, so '}}' there is not an escape.
        if (peek === 125 && !inFormatSpec && currentTok.curlyBracketDepth === 0) {
          return this.makeToken(middleType, this.start, this.cur - 1);
        }
        this.backup(peek);
        this.backup(c);
        currentTok.kind = TOK_REGULAR_MODE;
        currentTok.inFormatSpec = false;
        return this.makeToken(middleType, this.start, this.cur);
      } else if (c === 92) {
        let peek = this.nextc();
        if (peek === 13) peek = this.nextc();
        // A backslash right before a brace: the brace is handled by the next iteration.
        if (peek === 123 || peek === 125) {
          if (!currentTok.raw) {
            const ch = String.fromCharCode(peek);
            this.warnings.push({
              message: `"\\${ch}" is an invalid escape sequence. Such sequences will not work in the future. ` +
                `Did you mean "\\\\${ch}"? A raw string is also an option.`,
              lineno: this.lineno,
            });
          }
          this.backup(peek);
          continue;
        }
        if (!currentTok.raw && peek === 78 /* N */) {
          // Named unicode escapes (\N{BULLET})
          peek = this.nextc();
          if (peek === 123) unicodeEscape = true;
          else this.backup(peek);
        }
      }
    }
    // Back up the closing quotes: they make the FSTRING_END of the next call.
    for (let i = 0; i < currentTok.quoteSize; i++) this.backup(currentTok.quote);
    return this.makeToken(middleType, this.start, this.cur);
  }

  private enterReplacementField(currentTok: TokMode): void {
    currentTok.curlyBracketExprStartDepth++;
    if (currentTok.curlyBracketExprStartDepth >= MAX_EXPR_NESTING) {
      this.syntaxError(`${this.stringPrefix()}-string: expressions nested too deeply`);
    }
    currentTok.kind = TOK_REGULAR_MODE;
  }

  // CPython: Parser/lexer/lexer.c _PyLexer_get_fstring_mode (unterminated f-string)
  private unterminatedFstring(currentTok: TokMode, c: number): Token {
    // Report the error from the initial quote character.
    this.cur = currentTok.start + 1;
    this.lineStart = currentTok.multiLineStart;
    const detected = this.lineno;
    this.lineno = currentTok.firstLine;
    const p = this.stringPrefix();
    if (currentTok.quoteSize === 3) {
      const err = this.makeSyntaxError(`unterminated triple-quoted ${p}-string literal (detected at line ${detected})`);
      return this.unterminatedAtEnd(err, c, E_EOFS);
    }
    this.syntaxError(`unterminated ${p}-string literal (detected at line ${detected})`);
  }

  // ---- errors ---------------------------------------------------------------------------

  /**
   * Throws the SyntaxError CPython's tokenizer sets: the location is the current line up
   * to the cursor unless given (`col`, `endCol`: CPython passes byte-based values there).
   * CPython: Parser/tokenizer/helpers.c _syntaxerror_range
   */
  syntaxError(msg: string, col = -1, endCol = -1): never {
    throw this.makeSyntaxError(msg, col, endCol);
  }

  /** The SyntaxError syntaxError() throws, with tok->done set to E_ERROR. */
  private makeSyntaxError(msg: string, col = -1, endCol = -1): PySyntaxError {
    const s = this.source;
    if (col === -1) col = codePointCount(s, this.lineStart, this.cur);
    if (endCol === -1) endCol = col;
    const nl = s.indexOf('\n', this.lineStart);
    const text = s.slice(this.lineStart, nl < 0 ? s.length : nl);
    this.doneCode = E_ERROR;
    this.done = 'error';
    return new PySyntaxError('SyntaxError', msg, this.filename, this.lineno, col, text, this.lineno, endCol);
  }

  /**
   * The error for an E_TABSPACE/E_TOODEEP/E_DEDENT/E_LINECONT stop, as the parser reports it
   * (CPython: Parser/pegen_errors.c _Pypegen_tokenizer_error) or, with `extraTokens`, as
   * the `tokenize` module does (CPython: Python/Python-tokenize.c _tokenizer_error).
   */
  private doneCodeError(): PySyntaxError {
    const code = this.doneCode;
    this.done = 'error';
    let kind: SyntaxErrorKind = 'SyntaxError';
    let msg = 'unknown parsing error';
    if (code === E_TABSPACE) {
      kind = 'TabError';
      msg = 'inconsistent use of tabs and spaces in indentation';
    } else if (code === E_TOODEEP) {
      kind = 'IndentationError';
      msg = 'too many levels of indentation';
    } else if (code === E_DEDENT) {
      kind = 'IndentationError';
      msg = 'unindent does not match any outer indentation level';
    } else if (code === E_LINECONT) {
      msg = 'unexpected character after line continuation character';
    }
    if (this.extraTokens) {
      let errorLine = this.source.slice(this.buf, this.inp);
      if (errorLine.endsWith('\n')) errorLine = errorLine.slice(0, -1);
      const offset = byteOffsetToCharOffset(errorLine, utf8Length(this.source, this.buf, this.inp));
      return new PySyntaxError(kind, msg, this.filename, this.lineno, offset, errorLine, undefined, undefined);
    }
    const line = this.source.slice(this.lineStart, this.inp);
    if (code === E_DEDENT) {
      // RAISE_INDENTATION_ERROR on the ERRORTOKEN, which has no column: the cursor's.
      const col = this.cur === this.buf ? 0 : utf8Length(this.source, this.lineStart, this.cur);
      return new PySyntaxError(kind, msg, this.filename, this.lineno, byteOffsetToCharOffset(line, col), line, this.lineno, -1);
    }
    let col = 0;
    if (code === E_LINECONT) col = Math.max(0, utf8Length(this.source, this.buf, this.cur) - 1);
    // RAISE_ERROR_KNOWN_LOCATION(p, errtype, lineno, col, lineno, -1, msg)
    return new PySyntaxError(kind, msg, this.filename, this.lineno, byteOffsetToCharOffset(line, col + 1), line, this.lineno, 0);
  }
}

/**
 * The tag of a `# type: ignore` comment: as many UTF-8 bytes of the source, from the
 * token's start, as its columns span. On a line of its own the token's end column lies
 * past the newline the tokenizer consumed, so the tag ends with that newline.
 * CPython: Parser/pegen.c _PyPegen_fill_token (type_ignore_comments)
 */
export function typeIgnoreTag(source: string, token: Token): string {
  const bytes = token.end_col_offset - token.col_offset;
  let n = 0;
  let i = token.start;
  while (n < bytes && i < source.length) {
    const c = source.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return source.slice(token.start, i);
}

/**
 * Whether the expression has a `#` outside string literals (a backslash skips the next
 * character here, but not in stripExpressionComments).
 * CPython: Parser/lexer/lexer.c _PyLexer_set_ftstring_expr (hash_detected scan)
 */
function hasCommentOutsideStrings(expr: string): boolean {
  if (expr.indexOf('#') < 0) return false;
  let inString = false;
  let quoteChar = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr.charCodeAt(i);
    if (ch === 92 /* \\ */) {
      i++;
    } else if (ch === 34 || ch === 39) {
      if (!inString) {
        inString = true;
        quoteChar = ch;
      } else if (ch === quoteChar) {
        inString = false;
      }
    } else if (ch === 35 /* # */ && !inString) {
      return true;
    }
  }
  return false;
}

/**
 * Drops `#` comments (outside string literals) from a replacement field's expression,
 * keeping the newline that ends each.
 * CPython: Parser/lexer/lexer.c _PyLexer_set_ftstring_expr (hash_detected branch)
 */
function stripExpressionComments(expr: string): string {
  let out = '';
  let inString = false;
  let quoteChar = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (ch === '"' || ch === "'") {
      if (!inString) {
        inString = true;
        quoteChar = ch;
      } else if (ch === quoteChar) {
        inString = false;
      }
      out += ch;
    } else if (ch === '#' && !inString) {
      while (i < expr.length && expr[i] !== '\n') i++;
      if (i < expr.length) out += '\n';
    } else {
      out += ch;
    }
  }
  return out;
}
