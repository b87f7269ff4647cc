// Python operators on compile-time constants, for the flowgraph's constant folding:
// CPython's size guards (const_folding_safe_*) and the dispatch of BINARY_OP and the
// unary operators. Each function returns the value CPython's operator would produce,
// or `null` where CPython's operator raises (TypeError, ZeroDivisionError,
// OverflowError, …): the folder then leaves the instruction alone, as flowgraph.c does
// after PyErr_Clear.
import { None, PyBytes, PyComplex, PyFloat, PyFrozenSet, PyTuple, PyWideStr, type MarshalValue, type PyConst } from '@tspy/bytecode';
import { asLong, intBinop, intResult, isInt, isZeroInt, numBits, numericBinop, toBig } from './flowgraph_const_numbers.js';
import { concat, evalIdentity, isSeq, isStr, repeat, same, seqLength, subscript } from './flowgraph_const_sequences.js';

export { evalIdentity };

/** CPython: Objects/object.c PyObject_IsTrue, for constants. */
export function constIsTrue(v: MarshalValue): boolean {
  switch (typeof v) {
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
  }
  if (v === None) return false;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof PyComplex) return v.real !== 0 || v.imag !== 0;
  if (v instanceof PyWideStr) return v.length > 0;
  if (v instanceof PyBytes) return v.data.length > 0;
  if (v instanceof PyTuple || v instanceof PyFrozenSet) return v.items.length > 0;
  return true;
}

// ---------------------------------------------------------------------------
// The operator table

/** CPython: Python/flowgraph.c const_folding_check_complexity */
function checkComplexity(obj: MarshalValue, limit: number): number {
  if (obj instanceof PyTuple) {
    limit -= obj.items.length;
    for (let i = 0; limit >= 0 && i < obj.items.length; i++) {
      limit = checkComplexity(obj.items[i]!, limit);
      if (limit < 0) return limit;
    }
  }
  return limit;
}

const MAX_INT_SIZE = 128; /* bits */
const MAX_COLLECTION_SIZE = 256; /* items */
const MAX_STR_SIZE = 4096; /* characters */
const MAX_TOTAL_ITEMS = 1024; /* including nested collections */

// CPython: Python/flowgraph.c const_folding_safe_multiply (`swapped`: v is the right operand)
function safeMultiply(v: MarshalValue, w: MarshalValue, swapped = false): PyConst | null {
  if (isInt(v) && isInt(w) && !isZeroInt(v) && !isZeroInt(w)) {
    if (numBits(v) + numBits(w) > MAX_INT_SIZE) return null;
  } else if (isInt(v) && w instanceof PyTuple) {
    const size = w.items.length;
    if (size) {
      const n = asLong(v);
      if (n === null || n < 0 || n > Math.trunc(MAX_COLLECTION_SIZE / size)) return null;
      if (n && checkComplexity(w, Math.trunc(MAX_TOTAL_ITEMS / n)) < 0) return null;
    }
  } else if (isInt(v) && (isStr(w) || w instanceof PyBytes)) {
    const size = seqLength(w);
    if (size) {
      const n = asLong(v);
      if (n === null || n < 0 || n > Math.trunc(MAX_STR_SIZE / size)) return null;
    }
  } else if (isInt(w) && isSeq(v)) {
    return safeMultiply(w, v, true);
  }
  if (isInt(v) && isSeq(w)) return repeated(w, v, swapped ? 1 : 2);
  if (isSeq(v) && isInt(w)) return repeated(v, w, swapped ? 2 : 1);
  return numericBinop(v, '*', w);
}

/** seq * n; n == 1 gives the sequence itself, as does an empty tuple. */
function repeated(seq: MarshalValue, count: number | bigint | boolean, side: 1 | 2): PyConst | null {
  const result = repeat(seq, count);
  if (result === seq) evalIdentity.operand = side;
  return result;
}

// CPython: Python/flowgraph.c const_folding_safe_power
function safePower(v: MarshalValue, w: MarshalValue): PyConst | null {
  if (isInt(v) && isInt(w) && !isZeroInt(v) && toBig(w) > 0n) {
    const vbits = numBits(v);
    const wb = toBig(w);
    if (wb > 0xffffffffffffffffn) return null;
    const wbits = Number(wb);
    if (vbits > Math.trunc(MAX_INT_SIZE / wbits)) return null;
  }
  return numericBinop(v, '**', w);
}

// CPython: Python/flowgraph.c const_folding_safe_lshift
function safeLshift(v: MarshalValue, w: MarshalValue): PyConst | null {
  if (isInt(v) && isInt(w) && !isZeroInt(v) && !isZeroInt(w)) {
    const vbits = numBits(v);
    const wb = toBig(w);
    if (wb < 0n || wb > 0xffffffffffffffffn) return null;
    const wbits = Number(wb);
    if (wbits > MAX_INT_SIZE || vbits > MAX_INT_SIZE - wbits) return null;
  }
  return isInt(v) && isInt(w) ? intBinop(v, '<<', w) : null;
}

// CPython: Python/flowgraph.c const_folding_safe_mod
function safeMod(v: MarshalValue, w: MarshalValue): PyConst | null {
  if (isStr(v) || v instanceof PyBytes) return null;
  return numericBinop(v, '%', w);
}

function bitwise(v: MarshalValue, op: string, w: MarshalValue): PyConst | null {
  return isInt(v) && isInt(w) ? intBinop(v, op, w) : null;
}

/** BINARY_OP oparg values (CPython: Include/opcode.h NB_*). */
const NB_ADD = 0, NB_AND = 1, NB_FLOOR_DIVIDE = 2, NB_LSHIFT = 3, NB_MATRIX_MULTIPLY = 4, NB_MULTIPLY = 5;
const NB_REMAINDER = 6, NB_OR = 7, NB_POWER = 8, NB_RSHIFT = 9, NB_SUBTRACT = 10, NB_TRUE_DIVIDE = 11;
const NB_XOR = 12, NB_SUBSCR = 26;

// CPython: Python/flowgraph.c eval_const_binop
export function evalConstBinop(left: MarshalValue, op: number, right: MarshalValue): PyConst | null {
  evalIdentity.operand = 0;
  evalIdentity.item = -1;
  evalIdentity.fresh = false;
  switch (op) {
    case NB_ADD:
      return isSeq(left) || isSeq(right) ? concat(left, right) : numericBinop(left, '+', right);
    case NB_SUBTRACT:
      return numericBinop(left, '-', right);
    case NB_MULTIPLY:
      return safeMultiply(left, right);
    case NB_TRUE_DIVIDE:
      return numericBinop(left, '/', right);
    case NB_FLOOR_DIVIDE:
      return left instanceof PyComplex || right instanceof PyComplex ? null : numericBinop(left, '//', right);
    case NB_REMAINDER:
      return left instanceof PyComplex || right instanceof PyComplex ? null : safeMod(left, right);
    case NB_POWER:
      return safePower(left, right);
    case NB_LSHIFT:
      return safeLshift(left, right);
    case NB_RSHIFT:
      return bitwise(left, '>>', right);
    case NB_OR:
      return bitwise(left, '|', right);
    case NB_XOR:
      return bitwise(left, '^', right);
    case NB_AND:
      return bitwise(left, '&', right);
    case NB_SUBSCR:
      return subscript(left, right);
    case NB_MATRIX_MULTIPLY:
      return null; // no builtin constant implements matrix multiplication
  }
  return null;
}

export type UnaryKind = 'negative' | 'invert' | 'not' | 'positive';

// CPython: Python/flowgraph.c eval_const_unaryop
export function evalConstUnaryop(operand: MarshalValue, kind: UnaryKind): PyConst | null {
  evalIdentity.operand = 0;
  evalIdentity.item = -1;
  evalIdentity.fresh = false;
  if (kind === 'not') return !constIsTrue(operand);
  if (kind === 'invert') {
    // ~bool warns (DeprecationWarning); CPython leaves it unfolded.
    if (typeof operand === 'number' || typeof operand === 'bigint') return intResult(~toBig(operand));
    return null;
  }
  const negate = kind === 'negative';
  // +x of an exact int, float or complex is x itself (long_long, float_float, complex_pos).
  if (!negate && (typeof operand === 'number' || typeof operand === 'bigint')) return same(1, operand);
  if (isInt(operand)) return intResult(negate ? -toBig(operand) : toBig(operand));
  if (operand instanceof PyFloat) return negate ? new PyFloat(-operand.value) : same(1, operand);
  if (operand instanceof PyComplex) return negate ? new PyComplex(-operand.real, -operand.imag) : same(1, operand);
  return null;
}
