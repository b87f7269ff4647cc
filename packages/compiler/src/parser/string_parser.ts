// Escape decoding of str and bytes literals for the parser.
// CPython: Parser/string_parser.c (3.14). f-strings and t-strings arrive as
// FSTRING_*/TSTRING_* tokens; action_strings.ts decodes their literal parts here.
//
// Token text is a JS string; CPython works on its UTF-8 bytes. Escape decoding
// first rewrites every non-ASCII character as a \UXXXXXXXX escape (as CPython's
// decode_unicode_with_escapes does), so the buffer is ASCII and the positions in
// error messages and warnings are CPython's byte positions in that buffer.

import { PyBytes, type PyWideStr, pyStr } from '@tspy/bytecode';
import { FSTRING_END, FSTRING_MIDDLE, TSTRING_END, TSTRING_MIDDLE, type Token } from '../tokenizer/token.js';
import { RAISE_ERROR_KNOWN_LOCATION, RAISE_SYNTAX_ERROR, RAISE_SYNTAX_ERROR_KNOWN_LOCATION, type Parser } from './pegen.js';
import { decodeBytesEscape, decodeUnicodeEscape, PyEscapeValueError, PyUnicodeDecodeError } from './unicode_escape.js';

/** A warning the parser records instead of calling Python's warnings machinery. */
export interface ParserWarning {
  category: 'SyntaxWarning' | 'DeprecationWarning';
  message: string;
  lineno: number;
  /** 0-based UTF-8 byte column CPython computes for the -Werror SyntaxError (col_offset - 1). */
  col_offset: number;
}

/**
 * Where the parser keeps warnings: CPython calls PyErr_WarnExplicitObject, which
 * raises when the warnings filter turns the warning into an error (-Werror); the
 * parser then raises a SyntaxError at the escape instead.
 */
export interface WarningSink {
  warnings?: ParserWarning[];
  warnings_are_errors?: boolean;
}

// CPython: Parser/string_parser.c warn_invalid_escape_sequence
export function warnInvalidEscapeSequence(p: Parser, buffer: string, firstInvalidEscape: number, t: Token): void {
  if (p.call_invalid_rules) {
    // The second pass must not report the warning again.
    return;
  }
  const c = buffer.charCodeAt(firstInvalidEscape);
  const isFstringPart =
    t.type === FSTRING_MIDDLE || t.type === FSTRING_END || t.type === TSTRING_MIDDLE || t.type === TSTRING_END;
  if (isFstringPart && (c === 0x7b /* { */ || c === 0x7d /* } */)) {
    // The tokenizer has already warned about "\{" and "\}" in f-strings.
    return;
  }
  const octal = c >= 0x34 && c <= 0x37; // '4'..'7': an octal escape above 0o377
  const escape = octal ? buffer.slice(firstInvalidEscape, firstInvalidEscape + 3) : buffer[firstInvalidEscape]!;
  const kind = octal ? 'invalid octal escape sequence' : 'invalid escape sequence';
  const category = p.feature_version >= 12 ? 'SyntaxWarning' : 'DeprecationWarning';

  // Where the escape is: CPython counts buffer bytes from the token's start (the
  // buffer's \U escapes and the token's prefix letters make this approximate, and
  // that approximation is what CPython reports).
  let lineno = t.lineno;
  let colOffset = t.col_offset;
  for (let i = 0; i < firstInvalidEscape; i++) {
    if (buffer.charCodeAt(i) === 0x0a) {
      lineno++;
      colOffset = 0;
    } else {
      colOffset++;
    }
  }
  if (lineno === t.lineno) colOffset += leadingQuoteCount(t.string);

  const sink = p as Parser & WarningSink;
  if (sink.warnings_are_errors === true) {
    // Later error selection looks at this token (CPython sets it for _PyPegen_raise_error).
    p.known_err_token = t;
    RAISE_ERROR_KNOWN_LOCATION(
      p, 'SyntaxError', lineno, colOffset - 1, lineno, colOffset + 1,
      `"\\${escape}" is an ${kind}. Did you mean "\\\\${escape}"? A raw string is also an option.`,
    );
  }
  (sink.warnings ??= []).push({
    category,
    message:
      `"\\${escape}" is an ${kind}. Such sequences will not work in the future. ` +
      `Did you mean "\\\\${escape}"? A raw string is also an option.`,
    lineno,
    col_offset: colOffset - 1,
  });
}

/** Number of quote characters (of the first quote's kind) the token text starts with. */
function leadingQuoteCount(text: string): number {
  let count = 0;
  let firstQuote = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 0x27 && ch !== 0x22) break;
    if (count === 0) firstQuote = ch;
    if (ch === firstQuote) count++;
  }
  return count;
}

/**
 * The escape buffer CPython decodes: non-ASCII characters become \UXXXXXXXX and a
 * backslash before one (or at the very end) becomes the escape \u005c.
 * CPython: Parser/string_parser.c decode_unicode_with_escapes (its first loop)
 */
export function unicodeEscapeBuffer(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) < 0x80) i++;
  const lastIsBackslash = s.charCodeAt(s.length - 1) === 0x5c;
  if (i === s.length && !lastIsBackslash) return s;
  let buf = '';
  let from = 0;
  for (i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
      if (next === -1 || next >= 0x80) {
        buf += s.slice(from, i) + '\\u005c';
        from = ++i;
        continue;
      }
      i += 2; // an ASCII escape pair stays as it is
      continue;
    }
    if (c < 0x80) {
      i++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    buf += s.slice(from, i) + '\\U' + cp.toString(16).padStart(8, '0');
    i += cp > 0xffff ? 2 : 1;
    from = i;
  }
  return buf + s.slice(from);
}

// CPython: Parser/string_parser.c decode_unicode_with_escapes
function decodeUnicodeWithEscapes(p: Parser, s: string, t: Token | undefined): string | PyWideStr {
  const buf = unicodeEscapeBuffer(s);
  const result = decodeUnicodeEscape(buf);
  if (result.firstInvalidEscape >= 0 && t !== undefined) {
    warnInvalidEscapeSequence(p, buf, result.firstInvalidEscape, t);
  }
  return result.value;
}

// CPython: Parser/string_parser.c decode_bytes_with_escapes
function decodeBytesWithEscapes(p: Parser, s: string, t: Token): PyBytes {
  const result = decodeBytesEscape(s);
  if (result.firstInvalidEscape >= 0) warnInvalidEscapeSequence(p, s, result.firstInvalidEscape, t);
  return new PyBytes(result.value);
}

/**
 * Decodes the body `s` of a str literal (raw: taken as is).
 * Throws PyUnicodeDecodeError for a bad escape (see raiseDecodeError).
 * CPython: Parser/string_parser.c _PyPegen_decode_string
 */
export function decodeString(p: Parser, raw: boolean, s: string, t: Token | undefined): string | PyWideStr {
  if (raw) return pyStr(s);
  return decodeUnicodeWithEscapes(p, s, t);
}

/**
 * The value of a STRING token (prefix, quotes and body).
 * Throws PyUnicodeDecodeError / PyEscapeValueError for a bad escape (see raiseDecodeError).
 * CPython: Parser/string_parser.c _PyPegen_parse_string
 */
export function parseString(p: Parser, t: Token): string | PyWideStr | PyBytes {
  const text = t.string;
  let i = 0;
  let bytesmode = false;
  let rawmode = false;
  for (;;) {
    const c = text.charCodeAt(i) | 0x20;
    if (c === 0x62 /* b */) bytesmode = true;
    else if (c === 0x72 /* r */) rawmode = true;
    else if (c !== 0x75 /* u */) break;
    i++;
  }
  const quote = text.charCodeAt(i);
  let start = i + 1;
  let end = text.length - 1; // the closing quote
  if (end - start >= 4 && text.charCodeAt(start) === quote && text.charCodeAt(start + 1) === quote) {
    start += 2;
    end -= 2;
  }
  const body = text.slice(start, end);

  // Avoid invoking escape decoding routines if possible.
  rawmode ||= body.indexOf('\\') < 0;
  if (bytesmode) {
    for (let k = 0; k < body.length; k++) {
      if (body.charCodeAt(k) >= 0x80) {
        RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p, t, 'bytes can only contain ASCII literal characters');
      }
    }
    if (rawmode) return new PyBytes(asciiBytes(body));
    return decodeBytesWithEscapes(p, body, t);
  }
  return decodeString(p, rawmode, body, t);
}

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Turns a codec error from string decoding into CPython's SyntaxError; rethrows
 * anything else (a PySyntaxError raised while decoding passes through unchanged).
 * CPython: Parser/pegen_errors.c _Pypegen_raise_decode_error
 */
export function raiseDecodeError(p: Parser, error: unknown): never {
  if (error instanceof PyUnicodeDecodeError) RAISE_SYNTAX_ERROR(p, `(unicode error) ${error.message}`);
  if (error instanceof PyEscapeValueError) RAISE_SYNTAX_ERROR(p, `(value error) ${error.message}`);
  throw error;
}
