// The 'unicode_escape' and bytes-literal escape decoders the string parser calls.
// CPython: Objects/unicodeobject.c _PyUnicode_DecodeUnicodeEscapeInternal2 and
// Objects/bytesobject.c _PyBytes_DecodeEscape2, restricted to the strict error
// handling the parser uses.
//
// Both read a "byte buffer" held in a JS string whose units are all < 0x80 (the
// string parser first rewrites non-ASCII characters as \UXXXXXXXX escapes, exactly
// as CPython does), so positions reported in errors are CPython's byte positions.

import { PyWideStr, pyStr } from '@tspy/bytecode';
import { lookupUnicodeName } from './unicode_names.js';

/**
 * CPython's UnicodeDecodeError as the 'unicodeescape' codec raises it (strict errors).
 * `start`/`end` are positions in the decoded buffer; `message` is `str(exc)`.
 */
export class PyUnicodeDecodeError extends Error {
  readonly encoding = 'unicodeescape';
  constructor(
    readonly object: string,
    readonly start: number,
    readonly end: number,
    readonly reason: string,
  ) {
    super(
      end === start + 1
        ? `'unicodeescape' codec can't decode byte 0x${object.charCodeAt(start).toString(16).padStart(2, '0')} in position ${start}: ${reason}`
        : `'unicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`,
    );
    this.name = 'UnicodeDecodeError';
  }
}

/** CPython's ValueError from bytes escape decoding; `message` is `str(exc)`. */
export class PyEscapeValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** A decoded value and where its first invalid escape is (-1: none). */
export class EscapeDecodeResult<T> {
  constructor(
    readonly value: T,
    /** Buffer index of the character after the backslash (the first octal digit for an octal escape > 0o377). */
    readonly firstInvalidEscape: number,
  ) {}
}

const MAX_UNICODE = 0x10ffff;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function isOctalDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

/** Collects decoded code points: a plain string while that is unambiguous, code points after a surrogate escape. */
class StrBuilder {
  text = '';
  codePoints: number[] | undefined = undefined;

  appendAscii(buf: string, from: number, to: number): void {
    if (this.codePoints === undefined) this.text += buf.slice(from, to);
    else for (let i = from; i < to; i++) this.codePoints.push(buf.charCodeAt(i));
  }

  append(cp: number): void {
    if (this.codePoints !== undefined) {
      this.codePoints.push(cp);
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate must stay one code point: a JS string would pair it with a neighbour.
      this.codePoints = Array.from(this.text, (ch) => ch.codePointAt(0)!);
      this.codePoints.push(cp);
    } else {
      this.text += String.fromCodePoint(cp);
    }
  }

  finish(): string | PyWideStr {
    return pyStr(this.codePoints ?? this.text);
  }
}

/**
 * Decodes `buf` (ASCII units only) with Python's unicode escapes.
 * Throws PyUnicodeDecodeError for a truncated or malformed escape.
 * CPython: Objects/unicodeobject.c _PyUnicode_DecodeUnicodeEscapeInternal2
 */
export function decodeUnicodeEscape(buf: string): EscapeDecodeResult<string | PyWideStr> {
  const out = new StrBuilder();
  const end = buf.length;
  let firstInvalid = -1;
  let s = 0;
  while (s < end) {
    const literalStart = s;
    while (s < end && buf.charCodeAt(s) !== 0x5c /* \ */) s++;
    if (s > literalStart) out.appendAscii(buf, literalStart, s);
    if (s >= end) break;

    const startinpos = s++;
    if (s >= end) throw new PyUnicodeDecodeError(buf, startinpos, s, '\\ at end of string');
    const c = buf.charCodeAt(s++);
    switch (c) {
      case 0x0a: continue; // backslash-newline: line continuation
      case 0x5c: out.append(0x5c); continue;
      case 0x27: out.append(0x27); continue;
      case 0x22: out.append(0x22); continue;
      case 0x62: out.append(0x08); continue; // \b
      case 0x66: out.append(0x0c); continue; // \f
      case 0x74: out.append(0x09); continue; // \t
      case 0x6e: out.append(0x0a); continue; // \n
      case 0x72: out.append(0x0d); continue; // \r
      case 0x76: out.append(0x0b); continue; // \v
      case 0x61: out.append(0x07); continue; // \a
      case 0x30: case 0x31: case 0x32: case 0x33:
      case 0x34: case 0x35: case 0x36: case 0x37: {
        let ch = c - 0x30;
        if (s < end && isOctalDigit(buf.charCodeAt(s))) {
          ch = (ch << 3) + buf.charCodeAt(s++) - 0x30;
          if (s < end && isOctalDigit(buf.charCodeAt(s))) ch = (ch << 3) + buf.charCodeAt(s++) - 0x30;
        }
        if (ch > 0o377 && firstInvalid < 0) firstInvalid = s - 3;
        out.append(ch);
        continue;
      }
      case 0x78: // \xXX
        s = hexEscape(buf, s, startinpos, 2, 'truncated \\xXX escape', out);
        continue;
      case 0x75: // \uXXXX
        s = hexEscape(buf, s, startinpos, 4, 'truncated \\uXXXX escape', out);
        continue;
      case 0x55: // \UXXXXXXXX
        s = hexEscape(buf, s, startinpos, 8, 'truncated \\UXXXXXXXX escape', out);
        continue;
      case 0x4e: // \N{name}
        s = namedEscape(buf, s, startinpos, out);
        continue;
      default:
        if (firstInvalid < 0) firstInvalid = s - 1;
        out.append(0x5c);
        out.append(c);
        continue;
    }
  }
  return new EscapeDecodeResult(out.finish(), firstInvalid);
}

/** Reads `count` hex digits at `s`; returns the position after them. */
function hexEscape(buf: string, s: number, startinpos: number, count: number, message: string, out: StrBuilder): number {
  let ch = 0;
  for (; count > 0; s++, count--) {
    if (s >= buf.length) throw new PyUnicodeDecodeError(buf, startinpos, s, message);
    const digit = hexValue(buf.charCodeAt(s));
    if (digit < 0) throw new PyUnicodeDecodeError(buf, startinpos, s, message);
    ch = ch * 16 + digit;
  }
  if (ch > MAX_UNICODE) throw new PyUnicodeDecodeError(buf, startinpos, s, 'illegal Unicode character');
  out.append(ch);
  return s;
}

/** Reads `{name}` at `s` (just after the N); returns the position after the brace. */
function namedEscape(buf: string, s: number, startinpos: number, out: StrBuilder): number {
  const end = buf.length;
  const malformed = 'malformed \\N character escape';
  if (s >= end) throw new PyUnicodeDecodeError(buf, startinpos, s, malformed);
  if (buf.charCodeAt(s) !== 0x7b /* { */) throw new PyUnicodeDecodeError(buf, startinpos, s, malformed);
  const nameStart = ++s;
  while (s < end && buf.charCodeAt(s) !== 0x7d /* } */) s++;
  if (s >= end) throw new PyUnicodeDecodeError(buf, startinpos, s, malformed);
  if (s === nameStart) throw new PyUnicodeDecodeError(buf, startinpos, s, malformed);
  const name = buf.slice(nameStart, s++);
  const cp = lookupUnicodeName(name);
  if (cp < 0) throw new PyUnicodeDecodeError(buf, startinpos, s, 'unknown Unicode character name');
  out.append(cp);
  return s;
}

/**
 * Decodes the body of a bytes literal (ASCII units only) with bytes escapes.
 * Throws PyEscapeValueError for a bad \x escape.
 * CPython: Objects/bytesobject.c _PyBytes_DecodeEscape2
 */
export function decodeBytesEscape(buf: string): EscapeDecodeResult<Uint8Array> {
  const end = buf.length;
  const out = new Uint8Array(end);
  let p = 0;
  let firstInvalid = -1;
  let s = 0;
  while (s < end) {
    if (buf.charCodeAt(s) !== 0x5c) {
      out[p++] = buf.charCodeAt(s++);
      continue;
    }
    s++;
    if (s === end) throw new PyEscapeValueError('Trailing \\ in string');
    const c = buf.charCodeAt(s++);
    switch (c) {
      case 0x0a: break;
      case 0x5c: out[p++] = 0x5c; break;
      case 0x27: out[p++] = 0x27; break;
      case 0x22: out[p++] = 0x22; break;
      case 0x62: out[p++] = 0x08; break;
      case 0x66: out[p++] = 0x0c; break;
      case 0x74: out[p++] = 0x09; break;
      case 0x6e: out[p++] = 0x0a; break;
      case 0x72: out[p++] = 0x0d; break;
      case 0x76: out[p++] = 0x0b; break;
      case 0x61: out[p++] = 0x07; break;
      case 0x30: case 0x31: case 0x32: case 0x33:
      case 0x34: case 0x35: case 0x36: case 0x37: {
        let v = c - 0x30;
        if (s < end && isOctalDigit(buf.charCodeAt(s))) {
          v = (v << 3) + buf.charCodeAt(s++) - 0x30;
          if (s < end && isOctalDigit(buf.charCodeAt(s))) v = (v << 3) + buf.charCodeAt(s++) - 0x30;
        }
        if (v > 0o377 && firstInvalid < 0) firstInvalid = s - 3;
        out[p++] = v & 0xff;
        break;
      }
      case 0x78: {
        const d1 = s + 1 < end ? hexValue(buf.charCodeAt(s)) : -1;
        const d2 = s + 1 < end ? hexValue(buf.charCodeAt(s + 1)) : -1;
        if (d1 < 0 || d2 < 0) throw new PyEscapeValueError(`invalid \\x escape at position ${s - 2}`);
        out[p++] = (d1 << 4) + d2;
        s += 2;
        break;
      }
      default:
        if (firstInvalid < 0) firstInvalid = s - 1;
        out[p++] = 0x5c;
        s--;
    }
  }
  return new EscapeDecodeResult(out.slice(0, p), firstInvalid);
}
