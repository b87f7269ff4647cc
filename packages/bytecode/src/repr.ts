// repr() of the constant kinds, exactly as CPython 3.14 prints them.
import {
  PyBytes,
  PyComplex,
  PyEllipsisType,
  PyFloat,
  PyFrozenSet,
  PyNoneType,
  PyTuple,
  PyWideStr,
  type PyConst,
} from './constants.js';
import { isPrintable } from './printable.js';
import { PySlice } from './slice.js';

export function pyRepr(v: PyConst): string {
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'True' : 'False';
    case 'string':
      return strRepr(v);
  }
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof PyWideStr) return strRepr(v);
  if (v instanceof PyNoneType) return 'None';
  if (v instanceof PyEllipsisType) return 'Ellipsis';
  if (v instanceof PyTuple) return tupleRepr(v);
  if (v instanceof PyComplex) return complexRepr(v);
  if (v instanceof PyBytes) return bytesRepr(v.data);
  if (v instanceof PyFrozenSet) return frozensetRepr(v);
  // CPython: Objects/sliceobject.c slice_repr
  if (v instanceof PySlice) return `slice(${pyRepr(v.start)}, ${pyRepr(v.stop)}, ${pyRepr(v.step)})`;
  throw new TypeError(`pyRepr: not a constant: ${String(v)}`);
}

// CPython: Objects/floatobject.c float_repr
export function floatRepr(x: number): string {
  return formatFloatShort(x, true, false);
}

/**
 * CPython: Python/pystrtod.c format_float_short, mode 'r' (shortest repr):
 * exponent notation when the decimal exponent is < -4 or >= 16.
 * `addDot0` is Py_DTSF_ADD_DOT_0, `alwaysSign` is Py_DTSF_SIGN.
 */
export function formatFloatShort(x: number, addDot0: boolean, alwaysSign: boolean): string {
  if (Number.isNaN(x)) return alwaysSign ? '+nan' : 'nan';
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? '-' : alwaysSign ? '+' : '';
  if (!Number.isFinite(x)) return sign + 'inf';
  // toExponential() with no argument yields the shortest round-trip digits.
  const expForm = Math.abs(x).toExponential();
  const ePos = expForm.indexOf('e');
  const digits = expForm.slice(0, ePos).replace('.', '');
  const exp = Number(expForm.slice(ePos + 1));
  if (exp < -4 || exp >= 16) {
    const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const expAbs = Math.abs(exp);
    return sign + mantissa + 'e' + (exp < 0 ? '-' : '+') + (expAbs < 10 ? '0' : '') + expAbs;
  }
  let body: string;
  if (exp < 0) {
    body = '0.' + '0'.repeat(-exp - 1) + digits;
  } else if (digits.length > exp + 1) {
    body = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  } else {
    body = digits + '0'.repeat(exp + 1 - digits.length) + (addDot0 ? '.0' : '');
  }
  return sign + body;
}

// CPython: Objects/complexobject.c complex_repr
export function complexRepr(c: PyComplex): string {
  if (c.real === 0 && !Object.is(c.real, -0)) {
    return formatFloatShort(c.imag, false, false) + 'j';
  }
  return '(' + formatFloatShort(c.real, false, false) + formatFloatShort(c.imag, false, true) + 'j)';
}

const HEX = '0123456789abcdef';

function hexEscape(prefix: string, value: number, width: number): string {
  let s = '';
  for (let shift = (width - 1) * 4; shift >= 0; shift -= 4) s += HEX[(value >>> shift) & 0xf];
  return prefix + s;
}

// CPython: Objects/bytesobject.c PyBytes_Repr (smartquotes)
export function bytesRepr(data: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x27) hasSingle = true;
    else if (data[i] === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = 'b' + String.fromCharCode(quote);
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === quote || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += hexEscape('\\x', c, 2);
    else out += String.fromCharCode(c);
  }
  return out + String.fromCharCode(quote);
}

// CPython: Objects/unicodeobject.c unicode_repr
export function strRepr(s: string | PyWideStr): string {
  if (typeof s === 'string') return reprCodeUnits(s);
  return reprCodePoints(s.codePoints);
}

function chooseQuote(hasSingle: boolean, hasDouble: boolean): number {
  return hasSingle && !hasDouble ? 0x22 : 0x27;
}

/** The escaped form of one code point inside a str repr using `quote`. */
function escapeCodePoint(ch: number, quote: number): string {
  if (ch === quote || ch === 0x5c) return '\\' + String.fromCharCode(ch);
  if (ch < 0x7f) {
    if (ch >= 0x20) return String.fromCharCode(ch);
    if (ch === 0x09) return '\\t';
    if (ch === 0x0a) return '\\n';
    if (ch === 0x0d) return '\\r';
    return hexEscape('\\x', ch, 2);
  }
  if (ch === 0x7f) return hexEscape('\\x', ch, 2);
  if (isPrintable(ch)) return String.fromCodePoint(ch);
  if (ch <= 0xff) return hexEscape('\\x', ch, 2);
  if (ch <= 0xffff) return hexEscape('\\u', ch, 4);
  return hexEscape('\\U', ch, 8);
}

/**
 * A primitive str: normally without surrogate units, so each UTF-16 unit is a code
 * point. A JS string that does hold surrogates (an identifier with a non-BMP
 * letter, say) is read as code points, a pair being one character.
 */
function reprCodeUnits(s: string): string {
  const hasSingle = s.indexOf("'") >= 0;
  const hasDouble = s.indexOf('"') >= 0;
  const quote = chooseQuote(hasSingle, hasDouble);
  let out = String.fromCharCode(quote);
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 0x20 && ch < 0x7f && ch !== quote && ch !== 0x5c) continue;
    if (ch >= 0xd800 && ch <= 0xdfff) return reprCodePoints(utf16CodePoints(s));
    const esc = escapeCodePoint(ch, quote);
    if (esc.length === 1) continue;
    out += s.slice(runStart, i) + esc;
    runStart = i + 1;
  }
  return out + s.slice(runStart) + String.fromCharCode(quote);
}

function utf16CodePoints(s: string): Uint32Array {
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0)!);
  return Uint32Array.from(cps);
}

function reprCodePoints(cps: Uint32Array): string {
  const quote = chooseQuote(cps.includes(0x27), cps.includes(0x22));
  let out = String.fromCharCode(quote);
  for (let i = 0; i < cps.length; i++) out += escapeCodePoint(cps[i]!, quote);
  return out + String.fromCharCode(quote);
}

// CPython: Objects/tupleobject.c tuple_repr
function tupleRepr(t: PyTuple): string {
  if (t.items.length === 1) return '(' + pyRepr(t.items[0]!) + ',)';
  return '(' + t.items.map(pyRepr).join(', ') + ')';
}

// CPython: Objects/setobject.c set_repr
function frozensetRepr(s: PyFrozenSet): string {
  if (s.items.length === 0) return 'frozenset()';
  return 'frozenset({' + s.items.map(pyRepr).join(', ') + '})';
}
