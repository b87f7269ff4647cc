// str, bytes and tuple operations on compile-time constants (concatenation,
// repetition, indexing and slicing) for the flowgraph's constant folding, and the
// identity of results CPython returns unchanged.
// CPython: Objects/unicodeobject.c, bytesobject.c, tupleobject.c, sliceobject.c.
import { None, PyBytes, PySlice, PyTuple, PyWideStr, pyStr, strCodePoints, type MarshalValue, type PyConst } from '@tspy/bytecode';
import { asLong, isInt, toBig } from './flowgraph_const_numbers.js';

type Str = string | PyWideStr;

export function isStr(v: MarshalValue): v is Str {
  return typeof v === 'string' || v instanceof PyWideStr;
}

/** Length of a str (code points), bytes or tuple. */
export function seqLength(v: Str | PyBytes | PyTuple): number {
  if (typeof v === 'string') return strCodePoints(v).length;
  if (v instanceof PyWideStr) return v.length;
  if (v instanceof PyBytes) return v.data.length;
  return v.items.length;
}

// ---------------------------------------------------------------------------
// Object identity of results

/**
 * Where CPython returns one of the operands itself (`s * 1`, `s + ''`, `t[:]`, `+x`) or
 * an item of a tuple operand (`t[0]`), rather than a new object. Only the optimize_cfg
 * test hook can observe it (constants are then compared by identity, not by value):
 * `operand` is 1 (left/only operand) or 2 (right), `item` the tuple item's index; both
 * reset by every evaluation.
 */
export const evalIdentity = { operand: 0, item: -1, fresh: false };

export function same(operand: 1 | 2, value: PyConst): PyConst {
  evalIdentity.operand = operand;
  return value;
}

// ---------------------------------------------------------------------------
// Sequences

export function concat(left: MarshalValue, right: MarshalValue): PyConst | null {
  // An empty operand gives the other one back (PyUnicode_Concat, bytes_concat, tupleconcat).
  if (isSeq(left) && isSeq(right) && sameSeqKind(left, right)) {
    if (seqLength(right) === 0) return same(1, left as PyConst);
    if (seqLength(left) === 0) return same(2, right as PyConst);
  }
  if (isStr(left) && isStr(right)) {
    if (typeof left === 'string' && typeof right === 'string') return pyStr(left + right);
    const a = strCodePoints(left);
    const b = strCodePoints(right);
    const out = new Uint32Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return pyStr(out);
  }
  if (left instanceof PyBytes && right instanceof PyBytes) {
    evalIdentity.fresh = true; // bytes_concat allocates, even for one byte
    const out = new Uint8Array(left.data.length + right.data.length);
    out.set(left.data);
    out.set(right.data, left.data.length);
    return new PyBytes(out);
  }
  if (left instanceof PyTuple && right instanceof PyTuple) return new PyTuple([...left.items, ...right.items]);
  return null;
}

export function repeat(seq: MarshalValue, count: number | bigint | boolean): PyConst | null {
  const n0 = asLong(count);
  if (n0 === null) return null;
  const n = Math.max(0, n0);
  if (seqLength(seq as Str | PyBytes | PyTuple) === 0 || n === 0) return emptyLike(seq);
  if (n === 1) return seq as PyConst; // the sequence itself (identity set by safeMultiply)
  if (isStr(seq)) {
    if (typeof seq === 'string') return pyStr(seq.repeat(n));
    const cps = seq.codePoints;
    const out = new Uint32Array(cps.length * n);
    for (let i = 0; i < n; i++) out.set(cps, i * cps.length);
    return pyStr(out);
  }
  if (seq instanceof PyBytes) {
    const out = new Uint8Array(seq.data.length * n);
    for (let i = 0; i < n; i++) out.set(seq.data, i * seq.data.length);
    return new PyBytes(out);
  }
  if (seq instanceof PyTuple) {
    const items: PyConst[] = [];
    for (let i = 0; i < n; i++) items.push(...seq.items);
    return new PyTuple(items);
  }
  return null;
}

function sameSeqKind(a: MarshalValue, b: MarshalValue): boolean {
  return (isStr(a) && isStr(b)) || (a instanceof PyBytes && b instanceof PyBytes) || (a instanceof PyTuple && b instanceof PyTuple);
}

function emptyLike(seq: MarshalValue): PyConst | null {
  if (isStr(seq)) return '';
  if (seq instanceof PyBytes) {
    if (seq.data.length === 0) return seq;
    evalIdentity.fresh = true; // bytes_repeat allocates a new empty bytes object
    return new PyBytes(new Uint8Array(0));
  }
  if (seq instanceof PyTuple) return seq.items.length === 0 ? seq : new PyTuple([]);
  return null;
}

export function isSeq(v: MarshalValue): v is Str | PyBytes | PyTuple {
  return isStr(v) || v instanceof PyBytes || v instanceof PyTuple;
}

/** A slice bound as a C Py_ssize_t (clamped like _PyEval_SliceIndex), or undefined for None. */
function sliceIndex(v: PyConst): number | undefined | null {
  if (v === None) return undefined;
  if (!isInt(v)) return null;
  const b = toBig(v);
  const max = 0x7fffffffffffffffn;
  if (b > max) return Number.MAX_SAFE_INTEGER;
  if (b < -max) return -Number.MAX_SAFE_INTEGER;
  return Number(b);
}

// CPython: Objects/sliceobject.c PySlice_Unpack + PySlice_AdjustIndices
function sliceIndices(s: PySlice, length: number): number[] | null {
  const stepRaw = sliceIndex(s.step);
  const startRaw = sliceIndex(s.start);
  const stopRaw = sliceIndex(s.stop);
  if (stepRaw === null || startRaw === null || stopRaw === null) return null;
  const step = stepRaw ?? 1;
  if (step === 0) return null; // ValueError
  const adjust = (v: number | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    if (v < 0) {
      v += length;
      return v < 0 ? lo : v;
    }
    return v >= length ? hi : v;
  };
  let start: number;
  let stop: number;
  if (step > 0) {
    start = adjust(startRaw, 0, 0, length);
    stop = adjust(stopRaw, length, 0, length);
  } else {
    start = adjust(startRaw, length - 1, -1, length - 1);
    stop = adjust(stopRaw, -1, -1, length - 1);
  }
  const indices: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) indices.push(i);
  else for (let i = start; i > stop; i += step) indices.push(i);
  return indices;
}

// CPython: PyObject_GetItem on str / bytes / tuple constants
export function subscript(container: MarshalValue, key: MarshalValue): PyConst | null {
  if (!isSeq(container)) return null;
  if (isStr(container)) {
    const cps = strCodePoints(container);
    const picked = pick(cps.length, key);
    if (picked === null) return null;
    if (typeof picked === 'number') return pyStr([cps[picked]!]);
    if (isWhole(picked, cps.length)) return same(1, container);
    return pyStr(picked.map((i) => cps[i]!));
  }
  if (container instanceof PyBytes) {
    const data = container.data;
    const picked = pick(data.length, key);
    if (picked === null) return null;
    if (typeof picked === 'number') return data[picked]!;
    if (isWhole(picked, data.length)) return same(1, container);
    return new PyBytes(Uint8Array.from(picked.map((i) => data[i]!)));
  }
  const items = container.items;
  const picked = pick(items.length, key);
  if (picked === null) return null;
  if (typeof picked === 'number') {
    evalIdentity.item = picked;
    return items[picked]!;
  }
  if (isWhole(picked, items.length)) return same(1, container);
  return new PyTuple(picked.map((i) => items[i]!));
}

/** A slice that takes every item in order: CPython returns the sequence itself. */
function isWhole(indices: number[], length: number): boolean {
  return indices.length === length && (length === 0 || (indices[0] === 0 && indices[length - 1] === length - 1));
}

/** An index (number) or the indices of a slice, or null for IndexError/TypeError. */
function pick(length: number, key: MarshalValue): number | number[] | null {
  if (key instanceof PySlice) return sliceIndices(key, length);
  if (!isInt(key)) return null;
  let i = toBig(key);
  if (i < 0n) i += BigInt(length);
  if (i < 0n || i >= BigInt(length)) return null;
  return Number(i);
}
