// Python int, float and complex arithmetic on compile-time constants (for the
// flowgraph's constant folding): the result CPython's operator gives, or null where
// it raises. CPython: Objects/longobject.c, floatobject.c, complexobject.c.
import { PyComplex, PyFloat, pyInt, type MarshalValue, type PyConst } from '@tspy/bytecode';
import { positivePow } from './flowgraph_const_pow.js';

type Int = number | bigint;

export function isInt(v: MarshalValue): v is number | bigint | boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

export function toBig(v: number | bigint | boolean): bigint {
  return typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? (v ? 1 : 0) : v);
}

function intValue(v: number | bigint | boolean): Int {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

export function isZeroInt(v: number | bigint | boolean): boolean {
  return v === 0 || v === 0n || v === false;
}

/** CPython: Objects/longobject.c _PyLong_NumBits (of |v|). */
export function numBits(v: number | bigint | boolean): number {
  const b = toBig(v);
  const a = b < 0n ? -b : b;
  return a === 0n ? 0 : a.toString(2).length;
}

/** CPython: PyLong_AsLong; null on overflow of a C long (64-bit). */
export function asLong(v: number | bigint | boolean): number | null {
  const b = toBig(v);
  if (b > 0x7fffffffffffffffn || b < -0x8000000000000000n) return null;
  return Number(b);
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

export function intResult(x: bigint): Int {
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
    const q = vx / wx;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0; // copysign(0.0, vx / wx)
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
  let ix = positivePow(iv, iw);
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

/** A real divided by a complex (no imaginary part in the numerator, so signed zeros
 *  come out as CPython's). CPython: Objects/complexobject.c _Py_rc_quot */
function rcQuot(a: number, b: PyComplex): PyComplex | null {
  const absBreal = Math.abs(b.real);
  const absBimag = Math.abs(b.imag);
  if (absBreal >= absBimag) {
    if (absBreal === 0) return null; // ZeroDivisionError
    const ratio = b.imag / b.real;
    const denom = b.real + b.imag * ratio;
    return new PyComplex(a / denom, (-a * ratio) / denom);
  }
  if (absBimag >= absBreal) {
    const ratio = b.real / b.imag;
    const denom = b.real * ratio + b.imag;
    return new PyComplex((a * ratio) / denom, -a / denom);
  }
  return new PyComplex(NaN, NaN);
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
    // _Py_c_pow needs libm's exp/log/sin/cos/atan2/hypot to the last bit, which V8's
    // Math functions do not promise: leave such a power unfolded.
    return null;
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
      return lc ? cQuot(a, b) : rcQuot(a.real, b);
    case '**':
      return complexPow(a, b);
  }
  return null;
}

export function numericBinop(left: MarshalValue, op: string, right: MarshalValue): PyConst | null {
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

export function intBinop(left: number | bigint | boolean, op: string, right: number | bigint | boolean): PyConst | null {
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
