// Character classes and operator tables of the tokenizer.
// The tokenizer reads UTF-16 code units; every code unit >= 128 is treated the way
// CPython treats every byte >= 128 of its UTF-8 buffer (a potential identifier char).

import { isPrintable } from '@tspy/bytecode';
import * as T from './token.js';

export const EOF = -1;

// CPython: Parser/lexer/lexer.c is_potential_identifier_start
export function isPotentialIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

// CPython: Parser/lexer/lexer.c is_potential_identifier_char
export function isPotentialIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isXDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

export function toLower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Py_UNICODE_ISPRINTABLE for one code point (or EOF, which is not printable). */
export function isPrintableChar(c: number): boolean {
  if (c < 0) return false;
  return isPrintable(c);
}

const XID_START = /\p{XID_Start}/u;
const XID_CONTINUE = /\p{XID_Continue}/u;

// CPython 3.14 uses Unicode 16.0; V8 may know a newer version. These identifier
// characters are new in Unicode 17.0 (found by comparing str.isidentifier() of CPython
// 3.14 with the regexes above over every code point). Pairs of [first, last].
const NEW_AFTER_UNICODE_16 = new Uint32Array([
  0x88f, 0x88f, 0xc5c, 0xc5c, 0xcdc, 0xcdc, 0x1acf, 0x1add, 0x1ae0, 0x1aeb, 0xa7ce, 0xa7cf,
  0xa7d2, 0xa7d2, 0xa7d4, 0xa7d4, 0xa7f1, 0xa7f1, 0x10940, 0x10959, 0x10ec5, 0x10ec7, 0x10efa,
  0x10efb, 0x11b60, 0x11b67, 0x11db0, 0x11ddb, 0x11de0, 0x11de9, 0x16ea0, 0x16eb8, 0x16ebb,
  0x16ed3, 0x16ff2, 0x16ff6, 0x187f8, 0x187ff, 0x18d09, 0x18d1e, 0x18d80, 0x18df2, 0x1e6c0,
  0x1e6de, 0x1e6e0, 0x1e6f5, 0x1e6fe, 0x1e6ff, 0x2b73a, 0x2b73f, 0x2cea2, 0x2cead, 0x323b0,
  0x33479,
]);

function isNewAfterUnicode16(cp: number): boolean {
  const r = NEW_AFTER_UNICODE_16;
  for (let i = 0; i < r.length; i += 2) {
    if (cp < r[i]!) return false;
    if (cp <= r[i + 1]!) return true;
  }
  return false;
}

/**
 * Index (in code points) of the first character of `s` that breaks PEP 3131 identifier
 * rules, or the code point count when all are valid.
 * CPython: Objects/unicodeobject.c _PyUnicode_ScanIdentifier
 */
export function scanIdentifier(codePoints: readonly number[]): number {
  if (codePoints.length === 0) return 0;
  const first = codePoints[0]!;
  if (first !== 95 && !isXidStart(first)) return 0;
  for (let i = 1; i < codePoints.length; i++) {
    if (!isXidContinue(codePoints[i]!)) return i;
  }
  return codePoints.length;
}

function isXidStart(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
  return XID_START.test(String.fromCodePoint(cp)) && !isNewAfterUnicode16(cp);
}

function isXidContinue(cp: number): boolean {
  if (cp < 128) return isAlnum(cp) || cp === 95;
  return XID_CONTINUE.test(String.fromCodePoint(cp)) && !isNewAfterUnicode16(cp);
}

// CPython: Parser/token.c _PyToken_OneChar
export function oneChar(c: number): number {
  switch (c) {
    case 33: return T.EXCLAMATION; // !
    case 37: return T.PERCENT;
    case 38: return T.AMPER;
    case 40: return T.LPAR;
    case 41: return T.RPAR;
    case 42: return T.STAR;
    case 43: return T.PLUS;
    case 44: return T.COMMA;
    case 45: return T.MINUS;
    case 46: return T.DOT;
    case 47: return T.SLASH;
    case 58: return T.COLON;
    case 59: return T.SEMI;
    case 60: return T.LESS;
    case 61: return T.EQUAL;
    case 62: return T.GREATER;
    case 64: return T.AT;
    case 91: return T.LSQB;
    case 93: return T.RSQB;
    case 94: return T.CIRCUMFLEX;
    case 123: return T.LBRACE;
    case 124: return T.VBAR;
    case 125: return T.RBRACE;
    case 126: return T.TILDE;
  }
  return T.OP;
}

// CPython: Parser/token.c _PyToken_TwoChars
export function twoChars(c1: number, c2: number): number {
  switch (c1) {
    case 33: if (c2 === 61) return T.NOTEQUAL; break; // !=
    case 37: if (c2 === 61) return T.PERCENTEQUAL; break;
    case 38: if (c2 === 61) return T.AMPEREQUAL; break;
    case 42: if (c2 === 42) return T.DOUBLESTAR; if (c2 === 61) return T.STAREQUAL; break;
    case 43: if (c2 === 61) return T.PLUSEQUAL; break;
    case 45: if (c2 === 61) return T.MINEQUAL; if (c2 === 62) return T.RARROW; break;
    case 47: if (c2 === 47) return T.DOUBLESLASH; if (c2 === 61) return T.SLASHEQUAL; break;
    case 58: if (c2 === 61) return T.COLONEQUAL; break;
    case 60:
      if (c2 === 60) return T.LEFTSHIFT;
      if (c2 === 61) return T.LESSEQUAL;
      if (c2 === 62) return T.NOTEQUAL; // <>
      break;
    case 61: if (c2 === 61) return T.EQEQUAL; break;
    case 62: if (c2 === 61) return T.GREATEREQUAL; if (c2 === 62) return T.RIGHTSHIFT; break;
    case 64: if (c2 === 61) return T.ATEQUAL; break;
    case 94: if (c2 === 61) return T.CIRCUMFLEXEQUAL; break;
    case 124: if (c2 === 61) return T.VBAREQUAL; break;
  }
  return T.OP;
}

// CPython: Parser/token.c _PyToken_ThreeChars
export function threeChars(c1: number, c2: number, c3: number): number {
  if (c3 !== 61) {
    if (c1 === 46 && c2 === 46 && c3 === 46) return T.ELLIPSIS;
    return T.OP;
  }
  switch (c1) {
    case 42: if (c2 === 42) return T.DOUBLESTAREQUAL; break;
    case 47: if (c2 === 47) return T.DOUBLESLASHEQUAL; break;
    case 60: if (c2 === 60) return T.LEFTSHIFTEQUAL; break;
    case 62: if (c2 === 62) return T.RIGHTSHIFTEQUAL; break;
  }
  return T.OP;
}

/** Number of code points in `s.slice(from, to)`. */
export function codePointCount(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** True when every code unit of `s` is ASCII. */
export function isAscii(s: string): boolean {
  // A regex scan is much faster than a JS loop on long strings.
  return !/[^\x00-\x7f]/.test(s);
}
