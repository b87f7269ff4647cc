// The runtime classes of the constant kinds that code objects' `co_consts` and
// AST `Constant.value` hold (DESIGN.md §3). They sit at the bottom of the package
// graph; `@tspy/objects` attaches their Python types when the runtime starts.
//
// Representation summary:
//   int       number (safe integer, never -0) | bigint (only outside the safe range)
//   bool      true | false
//   str       string (no surrogate code unit in it) | PyWideStr (code points)
//   float     PyFloat            complex  PyComplex
//   bytes     PyBytes            tuple    PyTuple      frozenset  PyFrozenSet
//   None      None (PyNoneType)  Ellipsis Ellipsis (PyEllipsisType)
//   slice     PySlice (co_consts only: 3.14 folds constant slices, `a[1:2]`)

import type { PySlice } from './slice.js';

/** The class of the `None` singleton. */
export class PyNoneType {
  static readonly instance: PyNoneType = new PyNoneType();
  private constructor() {}
}

/** The class of the `Ellipsis` (`...`) singleton. */
export class PyEllipsisType {
  static readonly instance: PyEllipsisType = new PyEllipsisType();
  private constructor() {}
}

export const None: PyNoneType = PyNoneType.instance;
export const Ellipsis: PyEllipsisType = PyEllipsisType.instance;

/** A Python `float`: one boxed double. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python `complex`. */
export class PyComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

/** A Python `bytes` object (immutable by convention: never write into `data`). */
export class PyBytes {
  constructor(readonly data: Uint8Array) {}
}

/**
 * A Python `str` that cannot be a primitive JS string without ambiguity: it
 * contains a lone surrogate or a non-BMP character (either puts a surrogate code
 * unit into UTF-16). It holds its code points; `length` is the Python `len()`.
 * Build it with `pyStr`, which returns a plain `string` whenever the rule allows.
 */
export class PyWideStr {
  readonly length: number;
  constructor(readonly codePoints: Uint32Array) {
    this.length = codePoints.length;
  }

  /** The UTF-16 rendering (lossy only for a lone high surrogate followed by a lone low one). */
  toString(): string {
    let out = '';
    const cps = this.codePoints;
    for (let i = 0; i < cps.length; i += 4096) {
      out += String.fromCodePoint(...cps.subarray(i, i + 4096));
    }
    return out;
  }
}

/** A Python `tuple` of constants. */
export class PyTuple {
  constructor(readonly items: readonly PyConst[]) {}
}

/**
 * A Python `frozenset` of constants. `items` is the iteration order, which is
 * what `repr` shows; producers that must match CPython's output store CPython's
 * (hash-table) order.
 */
export class PyFrozenSet {
  constructor(readonly items: readonly PyConst[]) {}
}

export type PyConst =
  | number
  | bigint
  | boolean
  | string
  | PyWideStr
  | PyFloat
  | PyComplex
  | PyBytes
  | PyNoneType
  | PyEllipsisType
  | PyTuple
  | PyFrozenSet
  | PySlice;

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/**
 * Build a Python str. From code points: a plain string when every code point is a
 * BMP non-surrogate, else a PyWideStr. From a JS string: its UTF-16 units are read
 * as code points (a surrogate pair is one non-BMP character, a lone surrogate is
 * itself).
 */
export function pyStr(codePoints: readonly number[] | Uint32Array | string): string | PyWideStr {
  if (typeof codePoints === 'string') return pyStrFromUtf16(codePoints);
  let narrow = true;
  for (let i = 0; i < codePoints.length; i++) {
    const cp = codePoints[i]!;
    if (cp > 0xffff || isSurrogate(cp)) {
      narrow = false;
      break;
    }
  }
  if (!narrow) return new PyWideStr(Uint32Array.from(codePoints));
  let out = '';
  for (let i = 0; i < codePoints.length; i += 4096) {
    out += String.fromCharCode(...codePoints.slice(i, i + 4096));
  }
  return out;
}

// No `u` flag: the class must match every surrogate code unit, paired ones included.
const SURROGATE = /[\uD800-\uDFFF]/;

function pyStrFromUtf16(s: string): string | PyWideStr {
  // A regular expression scans a long string several times faster than a charCodeAt loop.
  if (!SURROGATE.test(s)) return s;
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0)!);
  return new PyWideStr(Uint32Array.from(cps));
}

/** The code points of a Python str value (a JS string is read as `pyStr` reads it). */
export function strCodePoints(s: string | PyWideStr): Uint32Array {
  if (typeof s !== 'string') return s.codePoints;
  const wide = pyStrFromUtf16(s);
  if (typeof wide !== 'string') return wide.codePoints;
  const cps = new Uint32Array(s.length);
  for (let i = 0; i < s.length; i++) cps[i] = s.charCodeAt(i);
  return cps;
}

/**
 * Normalise a Python int: a safe-range value becomes a `number` (never -0), any
 * other value a `bigint`. Throws RangeError for a non-integral number.
 */
export function pyInt(x: number | bigint): number | bigint {
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new RangeError(`pyInt: ${x} is not an integer`);
    if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
    return BigInt(x);
  }
  if (x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(x);
  return x;
}
