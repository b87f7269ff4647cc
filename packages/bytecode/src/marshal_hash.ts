// Python's hash and `==` over marshal values, as far as a dict or set being read by
// marshal needs them: equal values must hash alike (1, 1.0, True and 1+0j are one
// key), lists, dicts and sets are unhashable, and identity wins first (a NaN loaded
// twice through TYPE_REF is one key). The hash is tspy's own, not CPython's: only the
// grouping into equal keys is observable, never the numbers.
// CPython: Objects/dictobject.c insertdict, Objects/setobject.c set_add_entry.
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
import { CodeObject, type MarshalValue } from './code_object.js';
import { constantKey } from './constant_key.js';
import { pyConstEquals } from './const_equality.js';
import { MarshalRecursionError, MarshalTypeError } from './marshal_errors.js';
import { MarshalDict, MarshalList, MarshalSet, MarshalStopIteration } from './marshal_values.js';
import { PySlice } from './slice.js';

/** Deeper than marshal's own nesting limit: only a tuple that contains itself gets here. */
const MAX_HASH_DEPTH = 4000;

/** Thrown inside hashing; the caller turns it into CPython's message. */
class Unhashable {
  constructor(readonly typeName: string) {}
}

/** The Python type name of a marshal value, as CPython's messages print it. */
export function pyTypeName(v: MarshalValue): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
  }
  if (v instanceof PyWideStr) return 'str';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof MarshalList) return 'list';
  if (v instanceof MarshalDict) return 'dict';
  if (v instanceof MarshalSet) return 'set';
  if (v instanceof PyFrozenSet) return 'frozenset';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyComplex) return 'complex';
  if (v instanceof PyBytes) return 'bytes';
  if (v instanceof PySlice) return 'slice';
  if (v instanceof CodeObject) return 'code';
  if (v instanceof PyNoneType) return 'NoneType';
  if (v instanceof PyEllipsisType) return 'ellipsis';
  if (v instanceof MarshalStopIteration) return 'type';
  return 'object';
}

const mix = (h: number, x: number): number => Math.imul(h ^ x, 0x01000193) | 0;

function hashUnits(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

function hashArray(a: ArrayLike<number>): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < a.length; i++) h = mix(h, a[i]!);
  return h;
}

const floatBits = new Float64Array(1);
const floatWords = new Int32Array(floatBits.buffer);

/** A hash shared by equal numbers of every numeric type. */
function hashReal(x: number): number {
  if (Number.isNaN(x)) return 0x7ff8;
  if (Number.isInteger(x)) {
    return Number.isSafeInteger(x) ? x % 1000003 | 0 : Number(BigInt(x) % 1000003n) | 0;
  }
  floatBits[0] = x;
  return mix(floatWords[0]!, floatWords[1]!);
}

/** Hashes of complete tuples (by items array) and frozensets, which never change. */
const hashCache = new WeakMap<object, number>();

// CPython: Objects/object.c PyObject_Hash (with each type's tp_hash)
function hashOf(v: MarshalValue, depth: number, incomplete: ReadonlySet<object>): number {
  if (depth > MAX_HASH_DEPTH) throw new MarshalRecursionError('maximum recursion depth exceeded while hashing');
  switch (typeof v) {
    case 'number':
      return hashReal(v);
    case 'bigint':
      return Number(v % 1000003n) | 0;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return hashUnits(v);
  }
  if (v instanceof PyFloat) return hashReal(v.value);
  if (v instanceof PyComplex) return v.imag === 0 ? hashReal(v.real) : mix(hashReal(v.real), hashReal(v.imag));
  if (v instanceof PyWideStr) return hashArray(v.codePoints);
  if (v instanceof PyBytes) return mix(hashArray(v.data), 0x62);
  // Tuple and frozenset hashes are cached, as CPython 3.14 caches them (nesting stays linear).
  if (v instanceof PyTuple) {
    // A tuple still being read still has NULL items in CPython, whose hash then crashes.
    if (incomplete.has(v.items)) throw new MarshalRecursionError('hashing a tuple that is still being read');
    let h = hashCache.get(v.items);
    if (h !== undefined) return h;
    h = 0x345678;
    for (const item of v.items) h = mix(h, hashOf(item as MarshalValue, depth + 1, incomplete));
    hashCache.set(v.items, h);
    return h;
  }
  if (v instanceof PyFrozenSet) {
    let h = hashCache.get(v);
    if (h !== undefined) return h;
    h = 0x1f3;
    for (const item of v.items) h = (h + hashOf(item as MarshalValue, depth + 1, incomplete)) | 0;
    hashCache.set(v, h);
    return h;
  }
  // CPython: Objects/sliceobject.c slice_hash
  if (v instanceof PySlice) {
    return mix(mix(hashOf(v.start, depth + 1, incomplete), hashOf(v.stop, depth + 1, incomplete)), hashOf(v.step, depth + 1, incomplete));
  }
  // CPython: Objects/codeobject.c code_hash (name, then consts: only consts can be unhashable)
  if (v instanceof CodeObject) {
    const h = hashOf(v.co_name, depth + 1, incomplete);
    for (const c of v.co_consts) hashOf(c, depth + 1, incomplete);
    return h;
  }
  if (v instanceof MarshalList || v instanceof MarshalDict || v instanceof MarshalSet) throw new Unhashable(pyTypeName(v));
  return 0x4e; // None, Ellipsis, StopIteration: singletons
}

function itemsEqual(a: readonly MarshalValue[], b: readonly MarshalValue[], depth: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i]!, b[i]!, depth + 1)) return false;
  return true;
}

// CPython: Objects/codeobject.c code_richcompare (consts compared by their constant keys)
function codesEqual(a: CodeObject, b: CodeObject, depth: number): boolean {
  const bytesEq = (x: PyBytes, y: PyBytes) => valuesEqual(x, y, depth + 1);
  return (
    valuesEqual(a.co_name, b.co_name, depth + 1) &&
    a.co_argcount === b.co_argcount &&
    a.co_posonlyargcount === b.co_posonlyargcount &&
    a.co_kwonlyargcount === b.co_kwonlyargcount &&
    a.co_flags === b.co_flags &&
    a.co_firstlineno === b.co_firstlineno &&
    bytesEq(a.co_code, b.co_code) &&
    constantKey(new PyTuple(a.co_consts as PyConst[])) === constantKey(new PyTuple(b.co_consts as PyConst[])) &&
    valuesEqual(a.co_names, b.co_names, depth + 1) &&
    valuesEqual(a.co_localsplusnames, b.co_localsplusnames, depth + 1) &&
    bytesEq(a.co_linetable, b.co_linetable) &&
    bytesEq(a.co_exceptiontable, b.co_exceptiontable)
  );
}

/** Python `a == b` between hashable marshal values (identity first, as containers compare). */
function valuesEqual(a: MarshalValue, b: MarshalValue, depth: number): boolean {
  if (a === b) return true;
  if (depth > MAX_HASH_DEPTH) throw new MarshalRecursionError('maximum recursion depth exceeded in comparison');
  if (a instanceof PyTuple) return b instanceof PyTuple && itemsEqual(a.items, b.items, depth);
  if (a instanceof PySlice) {
    return b instanceof PySlice && itemsEqual([a.start, a.stop, a.step], [b.start, b.stop, b.step], depth);
  }
  if (a instanceof PyFrozenSet) {
    if (!(b instanceof PyFrozenSet) || a.items.length !== b.items.length) return false;
    return a.items.every((x) => b.items.some((y) => valuesEqual(x, y, depth + 1)));
  }
  if (a instanceof CodeObject) return b instanceof CodeObject && codesEqual(a, b, depth);
  if (b instanceof PyTuple || b instanceof PySlice || b instanceof PyFrozenSet || b instanceof CodeObject) return false;
  if (a instanceof MarshalStopIteration || b instanceof MarshalStopIteration) return false;
  if (a instanceof MarshalList || a instanceof MarshalDict || a instanceof MarshalSet) return false;
  if (b instanceof MarshalList || b instanceof MarshalDict || b instanceof MarshalSet) return false;
  return pyConstEquals(a, b);
}

/**
 * The keys of one dict or set under construction: finds the slot of a key equal to a
 * new one. `role` names the container in CPython's TypeError for unhashable keys.
 */
export class KeyIndex {
  private readonly buckets = new Map<number, number[]>();

  /** `incomplete`: the items arrays of the tuples still being read. */
  constructor(
    private readonly role: 'a dict key' | 'a set element',
    private readonly incomplete: ReadonlySet<object>,
  ) {}

  /** The index of the key equal to `key` among `keys`, or -1 after recording `key` at `next`. */
  findOrAdd(keys: readonly MarshalValue[], key: MarshalValue, next: number): number {
    let h: number;
    try {
      h = hashOf(key, 0, this.incomplete);
    } catch (e) {
      if (e instanceof Unhashable) {
        throw new MarshalTypeError(`cannot use '${pyTypeName(key)}' as ${this.role} (unhashable type: '${e.typeName}')`);
      }
      throw e;
    }
    const bucket = this.buckets.get(h);
    if (bucket === undefined) {
      this.buckets.set(h, [next]);
      return -1;
    }
    for (const i of bucket) if (valuesEqual(keys[i]!, key, 0)) return i;
    bucket.push(next);
    return -1;
  }
}
