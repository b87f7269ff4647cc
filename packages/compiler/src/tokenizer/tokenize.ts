// The token stream as the `tokenize` module gives it.
// CPython: Python/Python-tokenize.c (tokenizeriter_next, _tokenizer_error),
// Lib/tokenize.py (_generate_tokens_from_c_tokenizer, TokenError).

import { PySyntaxError, utf8Length } from '../errors.js';
import { codePointCount } from './chars.js';
import { Tokenizer, type TokenizerWarning } from './lexer.js';
import { E_EOF } from './state.js';
import * as T from './token.js';
import { Token } from './token.js';

/** One `tokenize.TokenInfo`: positions are 1-based lines and code point columns. */
export interface TokenInfo {
  type: number;
  string: string;
  start: [number, number];
  end: [number, number];
  line: string;
}

/** `tokenize.TokenError`: what the C tokenizer's plain SyntaxErrors become. */
export class TokenError extends Error {
  constructor(
    readonly msg: string,
    readonly lineno: number | undefined,
    readonly offset: number | undefined,
  ) {
    super(msg);
    this.name = 'TokenError';
  }
}

/** `TokenInfo.exact_type`. */
export function exactType(info: { type: number; string: string }): number {
  if (info.type === T.OP) return T.EXACT_TOKEN_TYPES.get(info.string) ?? info.type;
  return info.type;
}

/**
 * Every token `tokenize.generate_tokens(io.StringIO(source).readline)` yields (no ENCODING).
 * Throws TokenError, or PySyntaxError for IndentationError/TabError, like the generator.
 */
export function generateTokens(source: string, filename = '<string>', warnings?: TokenizerWarning[]): TokenInfo[] {
  const tok = new Tokenizer(source, { filename, extraTokens: true });
  const out: TokenInfo[] = [];
  const iter = new TokenizerIter(tok);
  try {
    for (;;) {
      const info = iter.next();
      if (info === undefined) break;
      out.push(info);
    }
  } catch (e) {
    // Lib/tokenize.py: exact SyntaxErrors become TokenError; subclasses propagate.
    if (e instanceof PySyntaxError && e.kind === 'SyntaxError') {
      throw new TokenError(transformMessage(e.msg), e.lineno, e.offset);
    }
    throw e;
  } finally {
    if (warnings !== undefined) warnings.push(...tok.warnings);
  }
  return out;
}

/**
 * `generateTokens` as the lazy generator Python's is: the tokens before an error are
 * yielded before the error is thrown (the keyword-typo search stops early on them).
 */
export function* iterTokens(source: string, filename = '<string>'): Generator<TokenInfo, void, undefined> {
  const iter = new TokenizerIter(new Tokenizer(source, { filename, extraTokens: true }));
  for (;;) {
    let info: TokenInfo | undefined;
    try {
      info = iter.next();
    } catch (e) {
      if (e instanceof PySyntaxError && e.kind === 'SyntaxError') {
        throw new TokenError(transformMessage(e.msg), e.lineno, e.offset);
      }
      throw e;
    }
    if (info === undefined) return;
    yield info;
  }
}

// CPython: Lib/tokenize.py _transform_msg
function transformMessage(msg: string): string {
  if (msg.includes('unterminated triple-quoted string literal')) return 'EOF in multi-line string';
  return msg;
}

/** CPython: Python/Python-tokenize.c tokenizeriterobject */
class TokenizerIter {
  private finished = false;
  // The line cache and column bookkeeping of tokenizeriterobject.
  private lastLine = '';
  private lastLineBytes: Uint8Array | undefined = undefined;
  private lastLineno = 0;
  private byteColOffsetDiff = 0;

  constructor(private readonly tok: Tokenizer) {}

  /** UTF-8 length of source[from, to) (the C pointer difference). */
  private bytes(from: number, to: number): number {
    if (this.tok.ascii || to <= from) return to - from;
    return utf8Length(this.tok.source, from, to);
  }

  // CPython: Parser/pegen.c _PyPegen_byte_offset_to_character_offset_line. Bytes outside
  // the line (CPython reads neighbouring memory there) count as one character each.
  private charsInLine(from: number, to: number): number {
    if (this.tok.ascii || from >= to) return Math.max(0, to - from);
    this.lastLineBytes ??= new TextEncoder().encode(this.lastLine);
    const data = this.lastLineBytes;
    let n = 0;
    while (from < to) {
      const ch = from >= 0 && from < data.length ? data[from]! : 0;
      from += ch < 0x80 ? 1 : (ch & 0xe0) === 0xc0 ? 2 : (ch & 0xf0) === 0xe0 ? 3 : (ch & 0xf8) === 0xf0 ? 4 : 1;
      n++;
    }
    return n;
  }

  // CPython: Parser/pegen.c _PyPegen_byte_offset_to_character_offset_raw (from tok->line_start)
  private rawChars(lineStart: number, byteOffset: number): number {
    const tok = this.tok;
    const len = this.bytes(lineStart, tok.inp);
    if (byteOffset > len + 1) byteOffset = len + 1;
    const nul = byteOffset > len ? 1 : 0;
    if (tok.ascii) return byteOffset;
    let bytes = 0;
    let i = lineStart;
    while (i < tok.inp && bytes < byteOffset) {
      const cp = tok.source.codePointAt(i)!;
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp >= 0x10000 ? 2 : 1;
    }
    return codePointCount(tok.source, lineStart, i) + nul;
  }

  // CPython: Python/Python-tokenize.c tokenizeriter_next
  next(): TokenInfo | undefined {
    if (this.finished) return undefined;
    const tok = this.tok;
    const token = tok.next();
    let type = token.type;
    if (type === T.ERRORTOKEN) throw this.eofError();
    const src = tok.source;
    const isTrailing = type === T.ENDMARKER || (type === T.DEDENT && tok.doneCode === E_EOF);
    const isStringLit = type === T.STRING || type === T.FSTRING_MIDDLE || type === T.TSTRING_MIDDLE;
    const lineStart = isStringLit ? tok.multiLineStart : tok.lineStart;
    let line = '';
    let lineChanged = true;
    if (!isTrailing) {
      // _get_current_line: refetched only when the tokenizer's line number moved.
      if (tok.lineno !== this.lastLineno) {
        let size = tok.inp - lineStart;
        if (size >= 1 && tok.implicitNewline) size -= 1;
        this.lastLine = size > 0 ? src.slice(lineStart, lineStart + size) : '';
        this.lastLineBytes = undefined;
        this.byteColOffsetDiff = 0;
      } else {
        lineChanged = false;
      }
      line = this.lastLine;
    }
    let lineno = isStringLit ? tok.firstLineno : tok.lineno;
    let endLineno = tok.lineno;
    let col = -1;
    let endCol = -1;
    // _get_col_offsets
    let byteOffset = -1;
    if (token.start >= 0 && token.start >= lineStart) {
      byteOffset = this.bytes(lineStart, token.start);
      if (lineChanged) {
        col = this.charsInLine(0, byteOffset);
        this.byteColOffsetDiff = byteOffset - col;
      } else {
        col = byteOffset - this.byteColOffsetDiff;
      }
    }
    if (token.end >= 0 && token.end >= tok.lineStart) {
      const endByteOffset = this.bytes(tok.lineStart, token.end);
      if (lineno === endLineno) {
        const tokenColOffset = this.charsInLine(byteOffset, endByteOffset);
        endCol = col + tokenColOffset;
        this.byteColOffsetDiff += this.bytes(token.start, token.end) - tokenColOffset;
      } else {
        endCol = this.rawChars(tok.lineStart, endByteOffset);
        this.byteColOffsetDiff += endByteOffset - endCol;
      }
    }
    this.lastLineno = lineno;

    let str = token.string;
    if (isTrailing) {
      lineno = endLineno = lineno + 1;
      col = endCol = 0;
    }
    if (type > T.DEDENT && type < T.OP) {
      type = T.OP;
    } else if (type === T.NEWLINE) {
      if (!tok.implicitNewline) str = src.charCodeAt(tok.start) === 13 ? '\r\n' : '\n';
      endCol++;
    } else if (type === T.NL) {
      if (tok.implicitNewline) str = '';
    }
    if (type === T.ENDMARKER) this.finished = true;
    return { type, string: str, start: [lineno, col], end: [endLineno, endCol], line };
  }

  /** E_EOF inside brackets. CPython: Python/Python-tokenize.c _tokenizer_error (E_EOF) */
  private eofError(): PySyntaxError {
    const tok = this.tok;
    const offset = Math.max(0, utf8Length(tok.source, tok.buf, tok.inp));
    return new PySyntaxError('SyntaxError', 'unexpected EOF in multi-line statement', tok.filename,
      tok.lineno, offset, undefined, undefined, undefined);
  }
}

export interface TokenizeOptions {
  /** The `tokenize` module's stream (COMMENT, NL, OP types, character columns). */
  extraTokens?: boolean;
  filename?: string;
  /** With extraTokens: the ENCODING token to put first (as `tokenize.tokenize` does for bytes). */
  encoding?: string;
  /** Without extraTokens: add the final newline when missing (exec mode). */
  execInput?: boolean;
}

/**
 * The whole token stream of `source`. Without `extraTokens`: what the parser sees, up to
 * ENDMARKER (or the E_EOF ERRORTOKEN). With it: what `tokenize` yields, as Tokens whose
 * columns are code point offsets and whose `start`/`end` are -1.
 */
export function tokenize(source: string, options: TokenizeOptions = {}): Token[] {
  if (options.extraTokens) {
    const infos = generateTokens(source, options.filename);
    const out: Token[] = [];
    if (options.encoding !== undefined) out.push(new Token(T.ENCODING, options.encoding, 0, 0, 0, 0, -1, -1, 0));
    for (const t of infos) out.push(new Token(t.type, t.string, t.start[0], t.start[1], t.end[0], t.end[1], -1, -1, 0));
    return out;
  }
  const tok = new Tokenizer(source, { filename: options.filename, execInput: options.execInput });
  const out: Token[] = [];
  for (;;) {
    const t = tok.next();
    // A string left open at the end: the parser's ERRORTOKEN carries the error to raise.
    if (t.type === T.ERRORTOKEN && tok.pendingError !== undefined) throw tok.pendingError;
    out.push(t);
    if (t.type === T.ENDMARKER || t.type === T.ERRORTOKEN) return out;
  }
}
