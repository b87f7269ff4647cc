// Python's `==` between constants, as a set needs it to drop duplicates (1, 1.0, True
// and 1+0j are one element). CPython: Objects/setobject.c set_add_entry (identity, then
// PyObject_RichCompare); the numeric rules are Objects/floatobject.c float_richcompare
// and Objects/complexobject.c complex_richcompare.
import {
  PyBytes,
  PyComplex,
  PyFloat,
  PyFrozenSet,
  PyTuple,
  PyWideStr,
  type PyConst,
} from './constants.js';

/** A real number: an exact integer (bigint) or a double. */
type Real = bigint | number;

function realOf(v: PyConst): Real | null {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'bigint') return v;
  if (v instanceof PyFloat) return v.value;
  return null;
}

function realsEqual(a: Real, b: Real): boolean {
  if (typeof a === typeof b) return a === b;
  const x = typeof a === 'number' ? a : (b as number);
  const n = typeof a === 'bigint' ? a : (b as bigint);
  return Number.isInteger(x) && BigInt(x) === n;
}

function numbersEqual(a: PyConst, b: PyConst): boolean | null {
  const ra = realOf(a);
  const rb = realOf(b);
  const ca = a instanceof PyComplex;
  const cb = b instanceof PyComplex;
  if (ra !== null && rb !== null) return realsEqual(ra, rb);
  if (ca && cb) return a.real === b.real && a.imag === b.imag;
  if (ca && rb !== null) return a.imag === 0 && realsEqual(a.real, rb);
  if (cb && ra !== null) return b.imag === 0 && realsEqual(b.real, ra);
  return (ra !== null || ca) && (rb !== null || cb) ? false : null;
}

function sameCodePoints(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((cp, i) => cp === b[i]);
}

/** `a == b` in Python, with `is` first as containers compare their items. */
export function pyConstEquals(a: PyConst, b: PyConst): boolean {
  if (a === b) return true;
  const numeric = numbersEqual(a, b);
  if (numeric !== null) return numeric;
  if (a instanceof PyWideStr && b instanceof PyWideStr) return sameCodePoints(a.codePoints, b.codePoints);
  if (a instanceof PyBytes && b instanceof PyBytes) {
    return a.data.length === b.data.length && a.data.every((x, i) => x === b.data[i]);
  }
  if (a instanceof PyTuple && b instanceof PyTuple) {
    return a.items.length === b.items.length && a.items.every((x, i) => pyConstEquals(x, b.items[i]!));
  }
  if (a instanceof PyFrozenSet && b instanceof PyFrozenSet) {
    return a.items.length === b.items.length && a.items.every((x) => b.items.some((y) => pyConstEquals(x, y)));
  }
  return false;
}
