// Character classes and operator tables of the tokenizer.
// The tokenizer reads UTF-16 code units; every code unit >= 128 is treated the way
// CPython treats every byte >= 128 of its UTF-8 buffer (a potential identifier char).

import { isPrintable, isUnassignedInUnicode16 } from '@tspy/bytecode';
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

// CPython 3.14 uses Unicode 16.0; identifier characters that a newer Unicode in V8 adds
// are excluded with the same table that str.isprintable() uses.

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
  return XID_START.test(String.fromCodePoint(cp)) && !isUnassignedInUnicode16(cp);
}

function isXidContinue(cp: number): boolean {
  if (cp < 128) return isAlnum(cp) || cp === 95;
  return XID_CONTINUE.test(String.fromCodePoint(cp)) && !isUnassignedInUnicode16(cp);
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
