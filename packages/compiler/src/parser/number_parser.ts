// Numeric literal conversion: the text of a NUMBER token to its constant value.
// CPython: Parser/pegen.c parsenumber / parsenumber_raw, with the conversions they
// call (PyOS_strtol/PyLong_FromString for ints, PyOS_string_to_double for floats).
//
// Values follow DESIGN.md §3: an int is a `number` when it is a safe integer and a
// `bigint` otherwise; a float is a `PyFloat`; an imaginary literal a `PyComplex`.
// The tokenizer has already checked the literal's syntax, so only valid text arrives.

import { PyComplex, PyFloat, type PyConst } from '@tspy/bytecode';

/** CPython's default `sys.get_int_max_str_digits()` (Include/internal/pycore_long.h). */
export const INT_MAX_STR_DIGITS = 4300;

/**
 * The ValueError CPython's PyLong_FromString raises for a decimal literal with more
 * than INT_MAX_STR_DIGITS digits. The parser turns it into a SyntaxError whose
 * message is `numberTokenErrorMessage(error)` at (t.lineno, -1, t.end_lineno, -1).
 */
export class IntMaxStrDigitsError extends Error {
  constructor(readonly digits: number) {
    super(
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: ` +
        `value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
    this.name = 'ValueError';
  }
}

/** The SyntaxError text CPython builds from that ValueError. CPython: Parser/pegen.c _PyPegen_number_token */
export function numberTokenErrorMessage(error: IntMaxStrDigitsError): string {
  return `${error.message} - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.`;
}

/**
 * The value of a numeric literal (the NUMBER token's text).
 * Throws IntMaxStrDigitsError for a decimal int literal over the digit limit.
 * CPython: Parser/pegen.c parsenumber
 */
export function parseNumber(text: string): PyConst {
  return parseNumberRaw(text.indexOf('_') < 0 ? text : text.replaceAll('_', ''));
}

// CPython: Parser/pegen.c parsenumber_raw
function parseNumberRaw(s: string): PyConst {
  const last = s.charCodeAt(s.length - 1);
  if (last === 0x6a /* j */ || last === 0x4a /* J */) {
    return new PyComplex(0, stringToDouble(s.slice(0, -1)));
  }
  if (isIntegerLiteral(s)) return parseInteger(s);
  return new PyFloat(stringToDouble(s));
}

/** Whether the (underscore-free) literal is an int: a prefixed literal or decimal digits only. */
function isIntegerLiteral(s: string): boolean {
  if (s.length > 1 && s.charCodeAt(0) === 0x30 /* 0 */) {
    const prefix = s.charCodeAt(1) | 0x20;
    if (prefix === 0x78 /* x */ || prefix === 0x6f /* o */ || prefix === 0x62 /* b */) return true;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Decimal digits that always fit a double exactly (15 < log10(2**53)). */
const SAFE_DECIMAL_DIGITS = 15;

// CPython: Objects/longobject.c PyLong_FromString (base 0), as parsenumber_raw uses it
function parseInteger(s: string): number | bigint {
  if (s.length > 1 && s.charCodeAt(0) === 0x30) {
    const prefix = s.charCodeAt(1) | 0x20;
    const radix = prefix === 0x78 ? 16 : prefix === 0x6f ? 8 : prefix === 0x62 ? 2 : 0;
    if (radix === 0) return 0; // "00…0"
    // Up to 52 bits parseInt is exact; beyond, BigInt reads the prefixed text itself.
    if ((s.length - 2) * Math.log2(radix) <= 52) return parseInt(s.slice(2), radix);
    return normalizeInt(BigInt(s.toLowerCase()));
  }
  if (s.length <= SAFE_DECIMAL_DIGITS) return Number(s);
  // The limit applies to decimal literals only: CPython's parsenumber_raw takes the
  // strtoul path for a leading '0' (prefixed or all zeros), which never reaches it.
  if (s.length > INT_MAX_STR_DIGITS) throw new IntMaxStrDigitsError(s.length);
  return normalizeInt(BigInt(s));
}

function normalizeInt(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * Correctly rounded decimal → double, like PyOS_string_to_double on a literal's text
 * (digits, optional '.', optional exponent; overflow gives inf). JavaScript's
 * Number() implements the same IEEE round-to-nearest-even conversion.
 * CPython: Python/pystrtod.c PyOS_string_to_double
 */
function stringToDouble(s: string): number {
  return Number(s);
}
