// `pow(x, y)` for doubles, bit for bit as CPython's float_pow gets it from the C library.
// The oracle (pyodide) links musl, whose pow is ARM optimized-routines' (Szabolcs Nagy,
// 2018; glibc >= 2.28 uses the same code): log(x) in extended precision from a 128-entry
// table, y*log(x) split in two doubles, exp from a 128-entry table. It is not correctly
// rounded (~0.52 ulp), so only a faithful port of its exact operation sequence reproduces
// its results. WebAssembly has no FMA, so this ports the !__FP_FAST_FMA and
// !TOINT_INTRINSICS paths. 64-bit integer manipulations of the C code are done on the
// two 32-bit halves of the double (hi: sign, exponent and top 20 mantissa bits).

import { EXP_TABLE_BITS, POW_LOG_TABLE_BITS } from '../generated/pow_tables.js';

const TABLE_BITS = 7;
const N = 1 << TABLE_BITS;

const bitsView = new DataView(new ArrayBuffer(8));

function bitsToDouble(bits: bigint): number {
  bitsView.setBigUint64(0, bits);
  return bitsView.getFloat64(0);
}

/** High 32 bits of a double's representation (as a signed int32). */
function hiWord(x: number): number {
  bitsView.setFloat64(0, x);
  return bitsView.getInt32(0);
}

/** Low 32 bits of a double's representation (as an unsigned int32). */
function loWord(x: number): number {
  bitsView.setFloat64(0, x);
  return bitsView.getUint32(4);
}

function fromWords(hi: number, lo: number): number {
  bitsView.setInt32(0, hi | 0);
  bitsView.setUint32(4, lo >>> 0);
  return bitsView.getFloat64(0);
}

/** A C99 hexadecimal floating constant such as '0x1.62e42fefa3800p-1' (exact). */
function hexFloat(text: string): number {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(text);
  if (m === null) throw new Error(`bad hex float ${text}`);
  const frac = m[3] ?? '';
  const mantissa = BigInt(`0x${m[2]}${frac}`);
  const value = Number(mantissa) * 2 ** (Number(m[4]) - 4 * frac.length);
  return m[1] === '-' ? -value : value;
}

// --- log part: musl src/math/pow_data.c (scalar constants as published there) ---

const LN2_HI = hexFloat('0x1.62e42fefa3800p-1');
const LN2_LO = hexFloat('0x1.ef35793c76730p-45');
// Coefficients scaled (exactly, by powers of 2) as pow_data.c scales them.
const A0 = -0.5;
const A1 = hexFloat('0x1.555555555556p-2') * -2;
const A2 = hexFloat('-0x1.0000000000006p-2') * -2;
const A3 = hexFloat('0x1.999999959554ep-3') * 4;
const A4 = hexFloat('-0x1.555555529a47ap-3') * 4;
const A5 = hexFloat('0x1.2495b9b4845e9p-3') * -8;
const A6 = hexFloat('-0x1.0002b8b263fc3p-3') * -8;
/** High word of OFF = 0x3fe6955500000000 (its low word is 0). */
const OFF_HI = 0x3fe69555;

const LOG_INVC = new Float64Array(N);
const LOG_C = new Float64Array(N);
const LOG_CTAIL = new Float64Array(N);
for (let i = 0; i < N; i++) {
  LOG_INVC[i] = bitsToDouble(POW_LOG_TABLE_BITS[3 * i]!);
  LOG_C[i] = bitsToDouble(POW_LOG_TABLE_BITS[3 * i + 1]!);
  LOG_CTAIL[i] = bitsToDouble(POW_LOG_TABLE_BITS[3 * i + 2]!);
}

// --- exp part: musl src/math/exp_data.c ---

const INV_LN2_N = hexFloat('0x1.71547652b82fep0') * N;
const NEG_LN2_HI_N = hexFloat('-0x1.62e42fefa0000p-8');
const NEG_LN2_LO_N = hexFloat('-0x1.cf79abc9e3b3ap-47');
const SHIFT = hexFloat('0x1.8p52');
const C2 = hexFloat('0x1.ffffffffffdbdp-2');
const C3 = hexFloat('0x1.555555555543cp-3');
const C4 = hexFloat('0x1.55555cf172b91p-5');
const C5 = hexFloat('0x1.1111167a4d017p-7');
const TWO_P1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;

/** T[k] of exp_data.c's tab, as doubles. */
const EXP_TAIL = new Float64Array(N);
/** The words of tab[2k+1] = bits(H[k]) - (k << 52)/N. */
const EXP_SCALE_HI = new Int32Array(N);
const EXP_SCALE_LO = new Uint32Array(N);
for (let k = 0; k < N; k++) {
  EXP_TAIL[k] = bitsToDouble(EXP_TABLE_BITS[2 * k]!);
  const sbits = EXP_TABLE_BITS[2 * k + 1]!;
  EXP_SCALE_HI[k] = Number(BigInt.asIntN(32, sbits >> 32n));
  EXP_SCALE_LO[k] = Number(sbits & 0xffffffffn);
}

/** Second result of logInline (C: the *tail out-parameter). */
let logTail = 0;

// CPython's float_pow -> libm pow. musl: src/math/pow.c log_inline (non-FMA path)
/**
 * log(x) as hi + logTail, from the representation of x in words (ixHi, ixLo); a subnormal
 * x arrives normalized with an exponent field that wrapped below zero.
 */
function logInline(ixHi: number, ixLo: number): number {
  // x = 2^k z, z in [OFF, 2*OFF) exact; the range is split in N subintervals.
  const tmpHi = (ixHi - OFF_HI) | 0;
  const i = (tmpHi >>> (52 - 32 - TABLE_BITS)) & (N - 1);
  const k = tmpHi >> 20; // arithmetic shift
  const izHi = (ixHi - (tmpHi & 0xfff00000)) | 0;
  const z = fromWords(izHi, ixLo);
  const kd = k;

  const invc = LOG_INVC[i]!;
  const logc = LOG_C[i]!;
  const logctail = LOG_CTAIL[i]!;

  // Split z such that rhi, rlo and rhi*rhi are exact and |rlo| <= |r|.
  const zhi = fromWords(ixLo >= 0x80000000 ? izHi + 1 : izHi, 0);
  const zlo = z - zhi;
  const rhi = zhi * invc - 1.0;
  const rlo = zlo * invc;
  const r = rhi + rlo;

  // k*Ln2 + log(c) + r.
  const t1 = kd * LN2_HI + logc;
  const t2 = t1 + r;
  const lo1 = kd * LN2_LO + logctail;
  const lo2 = t1 - t2 + r;

  const ar = A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const arhi = A0 * rhi;
  const arhi2 = rhi * arhi;
  const hi = t2 + arhi2;
  const lo3 = rlo * (ar + arhi);
  const lo4 = t2 - hi + arhi2;
  // p = log1p(r) - r - A[0]*r*r.
  const p = ar3 * (A1 + r * A2 + ar2 * (A3 + r * A4 + ar2 * (A5 + r * A6)));
  const lo = lo1 + lo2 + lo3 + lo4 + p;
  const y = hi + lo;
  logTail = hi - y + lo;
  return y;
}

// musl: src/math/pow.c specialcase
/**
 * scale * (1 + tmp) where the exponent of scale (words sHi, sLo) may have overflowed:
 * k >= 0 may overflow, k < 0 may underflow into the subnormal range.
 */
function expSpecialCase(tmp: number, sHi: number, sLo: number, k: number): number {
  if (k >= 0) {
    const scale = fromWords((sHi - (1009 << 20)) | 0, sLo);
    return TWO_P1009 * (scale + scale * tmp);
  }
  const scaledHi = (sHi + (1022 << 20)) | 0;
  const scale = fromWords(scaledHi, sLo);
  let y = scale + scale * tmp;
  if (Math.abs(y) < 1.0) {
    // Round y to the right precision before scaling it into the subnormal range,
    // avoiding double rounding.
    const one = y < 0.0 ? -1.0 : 1.0;
    let lo = scale - y + scale * tmp;
    const hi = one + y;
    lo = one - hi + y + lo;
    y = hi + lo - one;
    if (y === 0.0) y = scaledHi < 0 ? -0.0 : 0.0; // the sign of 0 from sbits
  }
  return TWO_M1022 * y;
}

const SIGN_BIAS = 0x800 << TABLE_BITS;
const TOP12_TINY = 0x3c9; // top12(0x1p-54)
const TOP12_512 = 0x408; // top12(512.0)
const TOP12_1024 = 0x409; // top12(1024.0)

// musl: src/math/pow.c exp_inline (!TOINT_INTRINSICS, !EXP_USE_TOINT_NARROW)
/** sign * exp(x + xtail), |xtail| < 2^-8/N; signBias is SIGN_BIAS (negative) or 0. */
function expInline(x: number, xtail: number, signBias: number): number {
  const xHi = hiWord(x);
  let abstop = (xHi >>> 20) & 0x7ff;
  if (((abstop - TOP12_TINY) >>> 0) >= TOP12_512 - TOP12_TINY) {
    if (abstop < TOP12_TINY) {
      // Tiny x: avoid spurious underflow (WANT_ROUNDING).
      const one = 1.0 + x;
      return signBias !== 0 ? -one : one;
    }
    if (abstop >= TOP12_1024) {
      if (xHi < 0) return signBias !== 0 ? -0.0 : 0.0; // __math_uflow
      return signBias !== 0 ? -Infinity : Infinity; // __math_oflow
    }
    abstop = 0; // large x is special-cased below
  }
  // exp(x) = 2^(k/N) * exp(r), with exp(r) in [2^(-1/2N), 2^(1/2N)].
  const z = INV_LN2_N * x;
  const kd = z + SHIFT - SHIFT; // round to an integer, as the C code's bit trick does
  const k = kd | 0;
  let r = x + kd * NEG_LN2_HI_N + kd * NEG_LN2_LO_N;
  r += xtail;
  // 2^(k/N) ~= scale * (1 + tail); top = (k + sign_bias) << 45 touches the high word only.
  const idx = k & (N - 1);
  const tail = EXP_TAIL[idx]!;
  const sHi = (EXP_SCALE_HI[idx]! + ((k + signBias) << (52 - 32 - TABLE_BITS))) | 0;
  const sLo = EXP_SCALE_LO[idx]!;
  const r2 = r * r;
  const tmp = tail + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  if (abstop === 0) return expSpecialCase(tmp, sHi, sLo, k);
  const scale = fromWords(sHi, sLo);
  return scale + scale * tmp;
}

// musl: src/math/pow.c checkint
/** 0 if y (finite, nonzero) is not an integer, 1 if it is odd, 2 if even. */
function checkInt(y: number): number {
  if (!Number.isInteger(y)) return 0;
  return Math.abs(y % 2) === 1 ? 1 : 2;
}

// musl: src/math/pow.c pow
/** C's pow(x, y) as musl computes it, for any doubles. */
export function libmPow(x: number, y: number): number {
  let signBias = 0;
  let ixHi = hiWord(x);
  let ixLo = loWord(x);
  let topx = (ixHi >>> 20) & 0xfff;
  const topy = (hiWord(y) >>> 20) & 0x7ff;
  if (((topx - 1) >>> 0) >= 0x7ff - 1 || ((topy - 0x3be) >>> 0) >= 0x43e - 0x3be) {
    // x < 2^-1022 (subnormal, zero, negative), inf or nan; or |y| < 2^-65,
    // |y| >= 2^63, inf or nan.
    if (y === 0 || !Number.isFinite(y)) {
      if (y === 0) return 1.0;
      if (x === 1) return 1.0;
      if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
      if (Math.abs(x) === 1) return 1.0;
      if (Math.abs(x) < 1 === y > 0) return 0.0; // |x|<1 && y==inf or |x|>1 && y==-inf
      return y * y;
    }
    if (x === 0 || !Number.isFinite(x)) {
      let x2 = x * x;
      if ((Object.is(x, -0) || x < 0) && checkInt(y) === 1) x2 = -x2;
      return y < 0 ? 1 / x2 : x2;
    }
    // Here x and y are nonzero finite.
    if (x < 0) {
      const yint = checkInt(y);
      if (yint === 0) return NaN; // __math_invalid
      if (yint === 1) signBias = SIGN_BIAS;
      ixHi &= 0x7fffffff;
      topx &= 0x7ff;
    }
    if (((topy - 0x3be) >>> 0) >= 0x43e - 0x3be) {
      // sign_bias == 0 here because y is not odd.
      const ax = Math.abs(x);
      if (ax === 1) return 1.0;
      if (topy < 0x3be) return ax > 1 ? 1.0 + y : 1.0 - y; // |y| < 2^-65 (WANT_ROUNDING)
      return ax > 1 === y > 0 ? Infinity : 0.0;
    }
    if (topx === 0) {
      // Normalize a subnormal x so that its exponent becomes negative.
      const scaled = Math.abs(x) * 2 ** 52;
      ixHi = ((hiWord(scaled) & 0x7fffffff) - (52 << 20)) | 0;
      ixLo = loWord(scaled);
    }
  }
  const hi = logInline(ixHi, ixLo);
  const lo = logTail;
  // Non-FMA product (y * (hi + lo)) as ehi + elo.
  const yhi = fromWords(hiWord(y), loWord(y) & 0xf8000000);
  const ylo = y - yhi;
  const lhi = fromWords(hiWord(hi), loWord(hi) & 0xf8000000);
  const llo = hi - lhi + lo;
  const ehi = yhi * lhi;
  const elo = ylo * lhi + y * llo; // |elo| < |ehi| * 2^-25
  return expInline(ehi, elo, signBias);
}

/** pow(x, y) for finite x > 0 and finite y, as the C library (musl) computes it. */
export function positivePow(x: number, y: number): number {
  return libmPow(x, y);
}
