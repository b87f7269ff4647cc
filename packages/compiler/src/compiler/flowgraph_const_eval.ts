// Python arithmetic on compile-time constants, for the flowgraph's constant folding.
// Each function returns the value CPython's operator would produce, or `null` where
// CPython's operator raises (TypeError, ZeroDivisionError, OverflowError, …): the
// folder then leaves the instruction alone, as flowgraph.c does after PyErr_Clear.
// CPython: Objects/longobject.c, floatobject.c, complexobject.c, unicodeobject.c,
// bytesobject.c, tupleobject.c (the nb_* / sq_* / mp_subscript slots of the constant types).
import { None, PyBytes, PyComplex, PyFloat, PyFrozenSet, PySlice, PyTuple, PyWideStr, pyInt, pyStr, strCodePoints, type MarshalValue, type PyConst } from '@tspy/bytecode';

type Int = number | bigint;
type Str = string | PyWideStr;

export function isInt(v: MarshalValue): v is number | bigint | boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

function isStr(v: MarshalValue): v is Str {
  return typeof v === 'string' || v instanceof PyWideStr;
}

function toBig(v: number | bigint | boolean): bigint {
  return typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? (v ? 1 : 0) : v);
}

function intValue(v: number | bigint | boolean): Int {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function isZeroInt(v: number | bigint | boolean): boolean {
  return v === 0 || v === 0n || v === false;
}

/** CPython: Objects/longobject.c _PyLong_NumBits (of |v|). */
export function numBits(v: number | bigint | boolean): number {
  const b = toBig(v);
  const a = b < 0n ? -b : b;
  return a === 0n ? 0 : a.toString(2).length;
}

/** Length of a str (code points), bytes or tuple. */
function seqLength(v: Str | PyBytes | PyTuple): number {
  if (typeof v === 'string') return strCodePoints(v).length;
  if (v instanceof PyWideStr) return v.length;
  if (v instanceof PyBytes) return v.data.length;
  return v.items.length;
}

/** CPython: PyLong_AsLong; null on overflow of a C long (64-bit). */
function asLong(v: number | bigint | boolean): number | null {
  const b = toBig(v);
  if (b > 0x7fffffffffffffffn || b < -0x8000000000000000n) return null;
  return Number(b);
}

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
// Numbers

/** An int converted to a double, or null (CPython raises OverflowError). */
function intToDouble(v: number | bigint | boolean): number | null {
  if (typeof v !== 'bigint') return intValue(v) as number;
  const d = Number(v); // rounds half to even, as PyLong_AsDouble does
  return Number.isFinite(d) ? d : null;
}

/** A real operand as a double (int or float), or null. */
function realAsDouble(v: MarshalValue): number | null {
  if (v instanceof PyFloat) return v.value;
  if (isInt(v)) return intToDouble(v);
  return null;
}

function isReal(v: MarshalValue): boolean {
  return isInt(v) || v instanceof PyFloat;
}

function intResult(x: bigint): Int {
  return pyInt(x);
}

// CPython: Objects/longobject.c l_divmod (floor division and modulo of ints)
function intFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function intMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

// CPython: Objects/floatobject.c float_rem
function floatMod(vx: number, wx: number): number | null {
  if (wx === 0) return null;
  let mod = vx % wx;
  if (mod) {
    if (wx < 0 !== mod < 0) mod += wx;
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  return mod;
}

// CPython: Objects/floatobject.c float_floor_div (_float_div_mod)
function floatFloorDiv(vx: number, wx: number): number | null {
  if (wx === 0) return null;
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  }
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = vx / wx < 0 ? -0 : 0;
  }
  return floordiv;
}

// CPython: Objects/floatobject.c float_pow (a complex result goes through complex_pow)
function floatPow(iv: number, iw: number): PyConst | null {
  if (iw === 0) return new PyFloat(1.0);
  if (Number.isNaN(iv)) return new PyFloat(iw === 0 ? 1.0 : iv);
  if (Number.isNaN(iw)) return new PyFloat(iv === 1.0 ? 1.0 : iw);
  if (!Number.isFinite(iw)) {
    const av = Math.abs(iv);
    if (av === 1.0) return new PyFloat(1.0);
    if ((iw > 0) === (av > 1.0)) return new PyFloat(Math.abs(iw));
    return new PyFloat(0.0);
  }
  const iwIsOdd = Number.isInteger(iw) && Math.abs(iw % 2) === 1;
  if (!Number.isFinite(iv)) {
    if (iw > 0) return new PyFloat(iwIsOdd ? iv : Math.abs(iv));
    return new PyFloat(iwIsOdd ? (iv < 0 ? -0 : 0) : 0);
  }
  if (iv === 0) {
    if (iw < 0) return null; // ZeroDivisionError
    return new PyFloat(iwIsOdd ? iv : 0.0);
  }
  let negateResult = false;
  if (iv < 0) {
    if (!Number.isInteger(iw)) return complexPow(new PyComplex(iv, 0), new PyComplex(iw, 0));
    iv = -iv;
    negateResult = iwIsOdd;
  }
  if (iv === 1.0) return new PyFloat(negateResult ? -1.0 : 1.0);
  let ix = Math.pow(iv, iw);
  if (!Number.isFinite(ix)) return null; // OverflowError
  if (negateResult) ix = -ix;
  return new PyFloat(ix);
}

/** int ** int. CPython: Objects/longobject.c long_pow (without modulus). */
function intPow(a: bigint, b: bigint): PyConst | null {
  if (b < 0n) {
    const x = intToDouble(a);
    const y = intToDouble(b);
    if (x === null || y === null) return null;
    return floatPow(x, y);
  }
  return intResult(a ** b);
}

// CPython: Objects/longobject.c long_true_divide (correctly rounded)
function intTrueDivide(a: bigint, b: bigint): number | null {
  if (b === 0n) return null;
  const limit = 2n ** 53n;
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (abs(a) <= limit && abs(b) <= limit) return Number(a) / Number(b);
  return correctlyRoundedDivide(a, b);
}

/** a / b rounded to nearest double, ties to even; null on overflow. */
function correctlyRoundedDivide(a: bigint, b: bigint): number | null {
  const negative = (a < 0n) !== (b < 0n);
  let n = a < 0n ? -a : a;
  let d = b < 0n ? -b : b;
  if (n === 0n) return negative ? -0 : 0;
  // Scale so that the quotient has 55 significant bits (53 + guard + sticky).
  const shift = numBits(n) - numBits(d) - 55;
  if (shift > 0) d <<= BigInt(shift);
  else n <<= BigInt(-shift);
  let q = n / d;
  const rem = n % d;
  // q now has 55 or 56 bits; fold the remainder into a sticky bit.
  if (rem !== 0n) q |= 1n;
  let exp = shift;
  const qbits = numBits(q);
  // Round q to 53 bits (ties to even), considering denormals.
  let drop = qbits - 53;
  const resultExp = exp + qbits; // value ~ 2^(resultExp-1)
  if (resultExp > 1024) return null;
  const minExp = -1074; // exponent of the smallest denormal's unit
  if (exp + drop < minExp) drop = minExp - exp;
  if (drop > 0) {
    const dropB = BigInt(drop);
    const half = 1n << (dropB - 1n);
    const mask = (1n << dropB) - 1n;
    const low = q & mask;
    q >>= dropB;
    if (low > half || (low === half && (q & 1n) === 1n)) q += 1n;
    exp += drop;
  }
  const value = Number(q) * 2 ** exp;
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

// ---------------------------------------------------------------------------
// Complex numbers (3.14 mixed-mode rules: a real operand is not widened to complex)

function asComplex(v: MarshalValue): PyComplex | null {
  if (v instanceof PyComplex) return v;
  const d = realAsDouble(v);
  return d === null ? null : new PyComplex(d, 0);
}

// CPython: Objects/complexobject.c _Py_c_prod (finite case)
function cProd(a: PyComplex, b: PyComplex): PyComplex {
  return new PyComplex(a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real);
}

// CPython: Objects/complexobject.c _Py_c_quot
function cQuot(a: PyComplex, b: PyComplex): PyComplex | null {
  const absBreal = Math.abs(b.real);
  const absBimag = Math.abs(b.imag);
  if (absBreal >= absBimag) {
    if (absBreal === 0) return null; // ZeroDivisionError
    const ratio = b.imag / b.real;
    const denom = b.real + b.imag * ratio;
    return new PyComplex((a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom);
  }
  if (absBimag >= absBreal) {
    const ratio = b.real / b.imag;
    const denom = b.real * ratio + b.imag;
    return new PyComplex((a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom);
  }
  return new PyComplex(NaN, NaN);
}

// CPython: Objects/complexobject.c _Py_c_pow
function cPow(a: PyComplex, b: PyComplex): PyComplex | null {
  if (b.real === 0 && b.imag === 0) return new PyComplex(1, 0);
  if (a.real === 0 && a.imag === 0) {
    if (b.imag !== 0 || b.real < 0) return null;
    return new PyComplex(0, 0);
  }
  const vabs = Math.hypot(a.real, a.imag);
  let len = Math.pow(vabs, b.real);
  const at = Math.atan2(a.imag, a.real);
  let phase = at * b.real;
  if (b.imag !== 0) {
    len /= Math.exp(at * b.imag);
    phase += b.imag * Math.log(vabs);
  }
  return new PyComplex(len * Math.cos(phase), len * Math.sin(phase));
}

// CPython: Objects/complexobject.c c_powu
function cPowu(x: PyComplex, n: number): PyComplex {
  let r = new PyComplex(1, 0);
  let p = x;
  let mask = 1;
  while (mask > 0 && n >= mask) {
    if (n & mask) r = cProd(r, p);
    mask <<= 1;
    p = cProd(p, p);
  }
  return r;
}

// CPython: Objects/complexobject.c complex_pow
function complexPow(a: PyComplex, b: PyComplex): PyComplex | null {
  let p: PyComplex | null;
  if (b.imag === 0 && b.real === Math.floor(b.real) && Math.abs(b.real) <= 100) {
    const n = b.real;
    p = n > 0 ? cPowu(a, n) : cQuot(new PyComplex(1, 0), cPowu(a, -n));
  } else {
    p = cPow(a, b);
  }
  if (p === null || !Number.isFinite(p.real) || !Number.isFinite(p.imag)) {
    // CPython reports overflow (errno ERANGE) only when finite inputs overflow.
    if (p !== null && (Number.isNaN(p.real) || Number.isNaN(p.imag))) return p;
    return null;
  }
  return p;
}

function complexBinop(left: MarshalValue, op: string, right: MarshalValue): PyConst | null {
  const lc = left instanceof PyComplex;
  const rc = right instanceof PyComplex;
  const a = asComplex(left);
  const b = asComplex(right);
  if (a === null || b === null) return null;
  switch (op) {
    case '+':
      if (lc && rc) return new PyComplex(a.real + b.real, a.imag + b.imag);
      return lc ? new PyComplex(a.real + b.real, a.imag) : new PyComplex(a.real + b.real, b.imag);
    case '-':
      if (lc && rc) return new PyComplex(a.real - b.real, a.imag - b.imag);
      return lc ? new PyComplex(a.real - b.real, a.imag) : new PyComplex(a.real - b.real, -b.imag);
    case '*':
      if (lc && rc) return cProd(a, b);
      return lc ? new PyComplex(a.real * b.real, a.imag * b.real) : new PyComplex(a.real * b.real, a.real * b.imag);
    case '/':
      if (!rc) return b.real === 0 ? null : new PyComplex(a.real / b.real, a.imag / b.real);
      return cQuot(a, b);
    case '**':
      return complexPow(a, b);
  }
  return null;
}

function numericBinop(left: MarshalValue, op: string, right: MarshalValue): PyConst | null {
  if (left instanceof PyComplex || right instanceof PyComplex) {
    if (!(isReal(left) || left instanceof PyComplex) || !(isReal(right) || right instanceof PyComplex)) return null;
    return complexBinop(left, op, right);
  }
  if (isInt(left) && isInt(right)) return intBinop(left, op, right);
  const a = realAsDouble(left);
  const b = realAsDouble(right);
  if (a === null || b === null || !isReal(left) || !isReal(right)) return null;
  switch (op) {
    case '+':
      return new PyFloat(a + b);
    case '-':
      return new PyFloat(a - b);
    case '*':
      return new PyFloat(a * b);
    case '/':
      return b === 0 ? null : new PyFloat(a / b);
    case '//': {
      const r = floatFloorDiv(a, b);
      return r === null ? null : new PyFloat(r);
    }
    case '%': {
      const r = floatMod(a, b);
      return r === null ? null : new PyFloat(r);
    }
    case '**':
      return floatPow(a, b);
  }
  return null;
}

function intBinop(left: number | bigint | boolean, op: string, right: number | bigint | boolean): PyConst | null {
  if (typeof left === 'boolean' && typeof right === 'boolean') {
    if (op === '&') return left && right;
    if (op === '|') return left || right;
    if (op === '^') return left !== right;
  }
  const a = toBig(left);
  const b = toBig(right);
  switch (op) {
    case '+':
      return intResult(a + b);
    case '-':
      return intResult(a - b);
    case '*':
      return intResult(a * b);
    case '/': {
      const r = intTrueDivide(a, b);
      return r === null ? null : new PyFloat(r);
    }
    case '//':
      return b === 0n ? null : intResult(intFloorDiv(a, b));
    case '%':
      return b === 0n ? null : intResult(intMod(a, b));
    case '**':
      if (a === 0n && b < 0n) return null;
      return intPow(a, b);
    case '<<':
      if (b < 0n) return null;
      return intResult(a << b);
    case '>>':
      if (b < 0n) return null;
      return intResult(b > 100000n ? (a < 0n ? -1n : 0n) : a >> b);
    case '&':
      return intResult(a & b);
    case '|':
      return intResult(a | b);
    case '^':
      return intResult(a ^ b);
  }
  return null;
}

// ---------------------------------------------------------------------------
// Sequences

function concat(left: MarshalValue, right: MarshalValue): PyConst | null {
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
    const out = new Uint8Array(left.data.length + right.data.length);
    out.set(left.data);
    out.set(right.data, left.data.length);
    return new PyBytes(out);
  }
  if (left instanceof PyTuple && right instanceof PyTuple) return new PyTuple([...left.items, ...right.items]);
  return null;
}

function repeat(seq: MarshalValue, count: number | bigint | boolean): PyConst | null {
  const n0 = asLong(count);
  if (n0 === null) return null;
  const n = Math.max(0, n0);
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

function isSeq(v: MarshalValue): v is Str | PyBytes | PyTuple {
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
function subscript(container: MarshalValue, key: MarshalValue): PyConst | null {
  if (!isSeq(container)) return null;
  if (isStr(container)) {
    const cps = strCodePoints(container);
    const picked = pick(cps.length, key);
    if (picked === null) return null;
    if (typeof picked === 'number') return pyStr([cps[picked]!]);
    return pyStr(picked.map((i) => cps[i]!));
  }
  if (container instanceof PyBytes) {
    const data = container.data;
    const picked = pick(data.length, key);
    if (picked === null) return null;
    if (typeof picked === 'number') return data[picked]!;
    return new PyBytes(Uint8Array.from(picked.map((i) => data[i]!)));
  }
  const items = container.items;
  const picked = pick(items.length, key);
  if (picked === null) return null;
  if (typeof picked === 'number') return items[picked]!;
  return new PyTuple(picked.map((i) => items[i]!));
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

// CPython: Python/flowgraph.c const_folding_safe_multiply
function safeMultiply(v: MarshalValue, w: MarshalValue): PyConst | null {
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
    return safeMultiply(w, v);
  }
  if (isInt(v) && isSeq(w)) return repeat(w, v);
  if (isSeq(v) && isInt(w)) return repeat(v, w);
  return numericBinop(v, '*', w);
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
  if (kind === 'not') return !constIsTrue(operand);
  if (kind === 'invert') {
    // ~bool warns (DeprecationWarning); CPython leaves it unfolded.
    if (typeof operand === 'number' || typeof operand === 'bigint') return intResult(~toBig(operand));
    return null;
  }
  const negate = kind === 'negative';
  if (isInt(operand)) return intResult(negate ? -toBig(operand) : toBig(operand));
  if (operand instanceof PyFloat) return negate ? new PyFloat(-operand.value) : operand;
  if (operand instanceof PyComplex) return negate ? new PyComplex(-operand.real, -operand.imag) : operand;
  return null;
}
