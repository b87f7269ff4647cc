// The iteration order of a frozenset constant, as CPython's hash table gives it: the
// folded `x in {3, 1, 2}` shows `frozenset({1, 2, 3})` in dis and in marshal output.
// Only constants whose hash does not depend on the process (ints, bools, floats, None,
// complex numbers and tuples of them) have a reproducible order; a set holding a str or
// bytes (hashed with a per-process random key) keeps first-occurrence order, which is
// as good as any order CPython could produce.
// Hashes are 64-bit CPython's (DESIGN.md §1: tspy follows 64-bit builds).
import { None, PyComplex, PyFloat, PyTuple, type PyConst } from '@tspy/bytecode';

const MASK64 = (1n << 64n) - 1n;
const HASH_BITS = 61n;
const HASH_MODULUS = (1n << HASH_BITS) - 1n;
const HASH_INF = 314159n;
const HASH_IMAG = 1000003n;
/** CPython 3.12+: hash(None) is a constant. CPython: Objects/object.c none_hash */
const NONE_HASH = 0xfca86420n;
const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;

/** CPython: Objects/setobject.c PySet_MINSIZE, LINEAR_PROBES, PERTURB_SHIFT */
const SET_MINSIZE = 8;
const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5n;

/** The distinct items of `items` (Python `==`) in CPython's frozenset iteration order. */
export function frozensetOrder(items: readonly PyConst[]): PyConst[] {
  const hashes: bigint[] = [];
  for (const item of items) {
    const h = constHash(item);
    if (h === undefined) return firstOccurrence(items);
    hashes.push(h);
  }
  const table = new HashTable();
  for (let i = 0; i < items.length; i++) table.add(items[i]!, hashes[i]!);
  return table.keysInOrder();
}

function firstOccurrence(items: readonly PyConst[]): PyConst[] {
  const distinct: PyConst[] = [];
  for (const item of items) if (!distinct.some((d) => pyEquals(d, item))) distinct.push(item);
  return distinct;
}

// CPython: Objects/setobject.c (the table of a set: open addressing, linear probes, perturbation)
class HashTable {
  private keys: (PyConst | undefined)[] = new Array(SET_MINSIZE).fill(undefined);
  private hashes: bigint[] = new Array(SET_MINSIZE).fill(0n);
  private mask = SET_MINSIZE - 1;
  private used = 0;

  // CPython: Objects/setobject.c set_add_entry (no dummies: constants are never removed)
  add(key: PyConst, hash: bigint): void {
    const mask = BigInt(this.mask);
    let i = hash & MASK64 & mask;
    let perturb = hash & MASK64;
    for (;;) {
      let slot = Number(i);
      let probes = slot + LINEAR_PROBES <= this.mask ? LINEAR_PROBES : 0;
      do {
        const existing = this.keys[slot];
        if (existing === undefined) return this.fill(slot, key, hash);
        if (this.hashes[slot] === hash && pyEquals(existing, key)) return;
        slot++;
      } while (probes-- > 0);
      perturb >>= PERTURB_SHIFT;
      i = (i * 5n + 1n + perturb) & mask;
    }
  }

  private fill(slot: number, key: PyConst, hash: bigint): void {
    this.keys[slot] = key;
    this.hashes[slot] = hash;
    this.used++;
    if (this.used * 5 >= this.mask * 3) this.resize(this.used > 50000 ? this.used * 2 : this.used * 4);
  }

  // CPython: Objects/setobject.c set_table_resize
  private resize(minused: number): void {
    let size = SET_MINSIZE;
    while (size <= minused) size *= 2;
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    this.keys = new Array(size).fill(undefined);
    this.hashes = new Array(size).fill(0n);
    this.mask = size - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j];
      if (key !== undefined) this.insertClean(key, oldHashes[j]!);
    }
  }

  // CPython: Objects/setobject.c set_insert_clean
  private insertClean(key: PyConst, hash: bigint): void {
    const mask = BigInt(this.mask);
    let i = hash & MASK64 & mask;
    let perturb = hash & MASK64;
    for (;;) {
      let slot = Number(i);
      if (this.keys[slot] !== undefined && slot + LINEAR_PROBES <= this.mask) {
        for (let j = 0; j < LINEAR_PROBES && this.keys[slot] !== undefined; j++) slot++;
      }
      if (this.keys[slot] === undefined) {
        this.keys[slot] = key;
        this.hashes[slot] = hash;
        return;
      }
      perturb >>= PERTURB_SHIFT;
      i = (i * 5n + 1n + perturb) & mask;
    }
  }

  keysInOrder(): PyConst[] {
    return this.keys.filter((k): k is PyConst => k !== undefined);
  }
}

/** hash(value) as 64-bit CPython computes it, or undefined where it varies by process. */
export function constHash(value: PyConst): bigint | undefined {
  switch (typeof value) {
    case 'boolean':
      return value ? 1n : 0n;
    case 'number':
    case 'bigint':
      return intHash(BigInt(value));
    case 'string':
      return undefined;
  }
  if (value === None) return NONE_HASH;
  if (value instanceof PyFloat) return floatHash(value.value);
  if (value instanceof PyComplex) return complexHash(value);
  if (value instanceof PyTuple) return tupleHash(value.items);
  return undefined;
}

// CPython: Objects/longobject.c long_hash
function intHash(n: bigint): bigint {
  const magnitude = (n < 0n ? -n : n) % HASH_MODULUS;
  const h = n < 0n ? -magnitude : magnitude;
  return h === -1n ? -2n : h;
}

// CPython: Python/pyhash.c _Py_HashDouble (NaN hashes by identity: no reproducible order)
function floatHash(v: number): bigint | undefined {
  if (Number.isNaN(v)) return undefined;
  if (!Number.isFinite(v)) return v > 0 ? HASH_INF : -HASH_INF;
  if (Number.isInteger(v)) return intHash(BigInt(v));
  const sign = v < 0 ? -1n : 1n;
  // v = m * 2**e with m an odd integer: hash = m * 2**e mod (2**61 - 1), by Fermat.
  let e = 0;
  let m = Math.abs(v);
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  let exp = BigInt(e) % HASH_BITS;
  if (exp < 0n) exp += HASH_BITS;
  const x = (BigInt(m) % HASH_MODULUS) * powMod(2n, exp) % HASH_MODULUS;
  const h = x * sign;
  return h === -1n ? -2n : h;
}

/** 2**-k ≡ 2**(61-k) mod 2**61-1, so a negative exponent is reduced modulo 61 above. */
function powMod(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % HASH_MODULUS;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % HASH_MODULUS;
    b = (b * b) % HASH_MODULUS;
  }
  return result;
}

// CPython: Objects/complexobject.c complex_hash
function complexHash(c: PyComplex): bigint | undefined {
  const re = floatHash(c.real);
  const im = floatHash(c.imag);
  if (re === undefined || im === undefined) return undefined;
  const combined = BigInt.asIntN(64, re + HASH_IMAG * im);
  return combined === -1n ? -2n : combined;
}

// CPython: Objects/tupleobject.c tuple_hash (xxHash-based)
function tupleHash(items: readonly PyConst[]): bigint | undefined {
  let acc = XXPRIME_5;
  for (const item of items) {
    const lane = constHash(item);
    if (lane === undefined) return undefined;
    acc = (acc + (lane & MASK64) * XXPRIME_2) & MASK64;
    acc = ((acc << 31n) | (acc >> 33n)) & MASK64;
    acc = (acc * XXPRIME_1) & MASK64;
  }
  acc = (acc + (BigInt(items.length) ^ (XXPRIME_5 ^ 3527539n))) & MASK64;
  if (acc === MASK64) return 1546275796n;
  return BigInt.asIntN(64, acc);
}

/** Python `==` between constants of the kinds above (1 == 1.0 == True). */
function pyEquals(a: PyConst, b: PyConst): boolean {
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) return numbersEqual(x, y);
  if (a instanceof PyTuple && b instanceof PyTuple) {
    return a.items.length === b.items.length && a.items.every((item, i) => pyEquals(item, b.items[i]!));
  }
  if (a instanceof PyComplex && b instanceof PyComplex) return a.real === b.real && a.imag === b.imag;
  if (a instanceof PyComplex || b instanceof PyComplex) {
    const c = (a instanceof PyComplex ? a : b) as PyComplex;
    const other = numericValue(a instanceof PyComplex ? b : a);
    return other !== undefined && c.imag === 0 && numbersEqual(other, c.real);
  }
  return a === b;
}

function numericValue(v: PyConst): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

function numbersEqual(x: number | bigint, y: number | bigint): boolean {
  if (typeof x === typeof y) return x === y;
  // A bigint is outside the safe range; compare exactly when the float is integral.
  const f = (typeof x === 'number' ? x : y) as number;
  const i = (typeof x === 'bigint' ? x : y) as bigint;
  return Number.isInteger(f) && BigInt(f) === i;
}
