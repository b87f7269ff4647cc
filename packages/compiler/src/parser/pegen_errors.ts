// Raising syntax errors with CPython's locations and texts, and choosing the error
// reported when the parser fails.
// CPython: Parser/pegen_errors.c

import { PySyntaxError, byteOffsetToCharOffset, type SyntaxErrorKind } from '../errors.js';
import { DEDENT, ENDMARKER, ERRORTOKEN, INDENT, type Token } from '../tokenizer/token.js';
import {
  CURRENT_POS, fillToken, RAISE_ERROR_KNOWN_LOCATION, RAISE_INDENTATION_ERROR, RAISE_SYNTAX_ERROR,
  RAISE_SYNTAX_ERROR_KNOWN_LOCATION, type Parser,
} from './pegen.js';

/** "'(' was never closed" at the innermost open bracket. CPython: pegen_errors.c raise_unclosed_parentheses_error */
export function raiseUnclosedParenthesesError(p: Parser): never {
  const tok = p.tok;
  const errorLineno = tok.parenLinenoStack[tok.level - 1]!;
  const errorCol = tok.parenColStack[tok.level - 1]!;
  return RAISE_ERROR_KNOWN_LOCATION(p, 'SyntaxError', errorLineno, errorCol, errorLineno, -1,
    `'${tok.parenStack[tok.level - 1]}' was never closed`);
}

/**
 * An ERRORTOKEN the tokenizer returned without throwing: the end of input inside
 * brackets. CPython: pegen_errors.c _Pypegen_tokenizer_error (the other cases are
 * thrown by the tokenizer itself).
 */
export function tokenizerError(p: Parser): never {
  p.error_indicator = true;
  // if (PyErr_Occurred()) return -1: the error the lexer set behind its ERRORTOKEN stands.
  const pending = pendingTokenizerError(p);
  if (pending !== undefined) throw pending;
  if (p.tok.done === 'eof') {
    if (p.tok.level) raiseUnclosedParenthesesError(p);
    RAISE_SYNTAX_ERROR(p, 'unexpected EOF while parsing');
  }
  return RAISE_ERROR_KNOWN_LOCATION(p, 'SyntaxError', p.tok.lineno, 0, p.tok.lineno, -1, 'unknown parsing error');
}

/** The SyntaxError a tokenizer returning an ERRORTOKEN has set (see Tokenizer.pendingError). */
function pendingTokenizerError(p: Parser): PySyntaxError | undefined {
  return (p.tok as { pendingError?: PySyntaxError }).pendingError;
}

/** CPython: pegen_errors.c _PyPegen_raise_error */
export function raiseError(p: Parser, kind: SyntaxErrorKind, useMark: boolean, msg: string): never {
  if (p.fill === 0) return raiseErrorKnownLocation(p, kind, 0, 0, 0, -1, msg);
  if (useMark && p.mark === p.fill) fillToken(p);
  const t = p.known_err_token ?? p.tokens[useMark ? p.mark : p.fill - 1]!;
  // Tokens without a position (INDENT/DEDENT, ERRORTOKEN) report the tokenizer's column.
  const colOffset = t.col_offset === -1 ? tokenizerColumn(p) : t.col_offset + 1;
  const endColOffset = t.end_col_offset === -1 ? -1 : t.end_col_offset + 1;
  return raiseErrorKnownLocation(p, kind, t.lineno, colOffset, t.end_lineno, endColOffset, msg);
}

/**
 * The text CPython attaches to the error: the tokenizer's current line (with its
 * newline) when the error is on it or after it, else the requested line.
 * CPython: pegen_errors.c _PyPegen_raise_error_known_location, get_error_line_from_tokenizer_buffers
 */
function errorLine(p: Parser, lineno: number): string {
  const tok = p.tok;
  // For string input CPython's tok->buf is always the current line's start (it stays
  // there at the end of the input), so line_start stands for it here.
  if (tok.lineStart !== undefined && tok.inp !== undefined) {
    if (tok.lineno <= lineno && tok.inp > tok.lineStart) return tok.source.slice(tok.lineStart, tok.inp);
    return lineFromSource(tok.source, lineno);
  }
  // A token source without buffer positions: the requested line, with its newline.
  const text = lineFromSource(tok.source, lineno);
  return text;
}

/** Line `lineno` (1-based) of `source`, without its newline. CPython: get_error_line_from_tokenizer_buffers */
function lineFromSource(source: string, lineno: number): string {
  let start = 0;
  for (let i = 1; i < lineno; i++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0 || nl + 1 > source.length) break;
    start = nl + 1;
  }
  let end = source.indexOf('\n', start);
  if (end < 0) end = source.length;
  return source.slice(start, end);
}

/** tok->cur - tok->line_start, or 0 at the very start. CPython: _PyPegen_raise_error */
function tokenizerColumn(p: Parser): number {
  const tok = p.tok;
  if (tok.cur !== undefined && tok.cur === tok.lineStart) return 0; // tok->cur == tok->buf
  return currentByteColumn(p);
}

/** The byte column of the tokenizer's position (tok->cur - tok->line_start). */
function currentByteColumn(p: Parser): number {
  const tok = p.tok;
  if (tok.cur !== undefined && tok.lineStart !== undefined && tok.byteColumn !== undefined) {
    return tok.byteColumn(tok.lineStart, tok.cur);
  }
  const t = p.tokens[p.fill - 1];
  return t === undefined ? 0 : t.end_col_offset;
}

/**
 * Throws the error; columns are 1-based UTF-8 byte offsets (0 or -1 when unknown)
 * and are converted to code point offsets on the error line.
 * CPython: pegen_errors.c _PyPegen_raise_error_known_location
 */
export function raiseErrorKnownLocation(
  p: Parser, kind: SyntaxErrorKind, lineno: number, colOffset: number, endLineno: number,
  endColOffset: number, msg: string,
): never {
  p.error_indicator = true;
  if (endLineno === CURRENT_POS) endLineno = p.tok.lineno;
  if (endColOffset === CURRENT_POS) endColOffset = currentByteColumn(p);
  const text = errorLine(p, lineno);
  const colNumber = colOffset >= 0 ? byteOffsetToCharOffset(text, colOffset) : colOffset;
  const endColNumber = endColOffset > 0 ? byteOffsetToCharOffset(text, endColOffset) : endColOffset;
  throw new PySyntaxError(kind, msg, p.filename, lineno, colNumber, text, endLineno, endColNumber);
}

/** True for SyntaxError and its subclasses (PyErr_ExceptionMatches(PyExc_SyntaxError)). */
function isSyntaxErrorFamily(err: PySyntaxError): boolean {
  return err.kind !== 'MemoryError';
}

/**
 * Tokenizes the rest of the input: a tokenizer error found there (or a bracket left
 * open before the error line) replaces `current`, unless we are inside an f-string.
 * CPython: pegen_errors.c _PyPegen_tokenize_full_source_to_check_for_errors
 */
export function tokenizeFullSourceToCheckForErrors(p: Parser, current: PySyntaxError): PySyntaxError {
  const currentToken = p.known_err_token ?? p.tokens[p.fill - 1];
  const currentErrLine = currentToken === undefined ? 0 : currentToken.lineno;
  try {
    for (;;) {
      let t: Token;
      try {
        t = p.tok.next();
      } catch (e) {
        // Errors CPython's lexer signals by tok->done alone (no exception set) are an
        // ERRORTOKEN here: they do not replace the parser's error.
        if (!(e instanceof PySyntaxError) || !isErrorcodeOnly(p)) throw e;
        checkUnclosedBeforeError(p, currentErrLine);
        break;
      }
      if (t.type === ERRORTOKEN) {
        const pending = pendingTokenizerError(p);
        if (pending !== undefined) throw pending;
        checkUnclosedBeforeError(p, currentErrLine);
        break;
      }
      if (t.type === ENDMARKER) break;
    }
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    // Inside an f-string the error in the expression part wins.
    return p.tok.modeStackIndex <= 0 ? e : current;
  }
  return current;
}

/** A bracket still open before the error line is reported instead. */
function checkUnclosedBeforeError(p: Parser, currentErrLine: number): void {
  if (p.tok.level !== 0) {
    const errorLineno = p.tok.parenLinenoStack[p.tok.level - 1]!;
    if (currentErrLine > errorLineno) raiseUnclosedParenthesesError(p);
  }
}

// errcode.h values the C lexer returns as an ERRORTOKEN without setting an exception.
const E_TABSPACE = 18;
const E_TOODEEP = 20;
const E_DEDENT = 21;
const E_LINECONT = 25;

function isErrorcodeOnly(p: Parser): boolean {
  const code = p.tok.doneCode;
  return code === E_TABSPACE || code === E_TOODEEP || code === E_DEDENT || code === E_LINECONT;
}

/**
 * The error to report once both passes failed; `lastToken` is the last token of the
 * first pass, `err` what was thrown (if anything).
 * CPython: pegen_errors.c _Pypegen_set_syntax_error
 */
export function setSyntaxError(p: Parser, lastToken: Token | undefined, err: PySyntaxError | undefined): PySyntaxError {
  if (err !== undefined) {
    // Tokenizer errors take priority over errors the parser raised, when the tokenizer is fine.
    if (p.tok.done === 'ok' && isSyntaxErrorFamily(err)) return tokenizeFullSourceToCheckForErrors(p, err);
    return err;
  }
  if (p.fill === 0 || lastToken === undefined) {
    return caught(() => RAISE_SYNTAX_ERROR(p, 'error at start before reading any input'));
  }
  // The parser met the end of the input unexpectedly.
  if (lastToken.type === ERRORTOKEN && p.tok.done === 'eof') {
    if (p.tok.level) return caught(() => raiseUnclosedParenthesesError(p));
    return caught(() => RAISE_SYNTAX_ERROR(p, 'unexpected EOF while parsing'));
  }
  if (lastToken.type === INDENT || lastToken.type === DEDENT) {
    const msg = lastToken.type === INDENT ? 'unexpected indent' : 'unexpected unindent';
    return caught(() => RAISE_INDENTATION_ERROR(p, msg));
  }
  // The first pass's last token: the second pass may have read further.
  const generic = caught(() => RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p, lastToken, 'invalid syntax'));
  return tokenizeFullSourceToCheckForErrors(p, generic);
}

/** The PySyntaxError a RAISE_* call throws. */
function caught(raise: () => never): PySyntaxError {
  try {
    raise();
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
}
