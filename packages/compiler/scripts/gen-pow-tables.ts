// Generates src/generated/pow_tables.ts: the two 128-entry lookup tables of the
// ARM optimized-routines pow (musl src/math/pow.c, glibc sysdeps/ieee754/dbl-64/e_pow.c),
// which flowgraph_const_pow.ts ports. Run: npx tsx packages/compiler/scripts/gen-pow-tables.ts
// (`pnpm generate` runs it).
//
// Every entry is computed from its definition (as given in the comments of musl's
// pow_data.c and exp_data.c) in exact BigInt fixed-point arithmetic with PREC
// fractional bits, then rounded to a double once (to nearest, ties to even):
//
//   log table (POW_LOG_TABLE_BITS = 7): z in [OFF, 2*OFF), OFF = 0x1.69555p-1, is cut
//   into N = 128 subintervals of equal width in the bit pattern of z; for the ith one,
//   with centre `center` (the midpoint of its end points),
//     invc     = center < 1 ? round(N/center)/N : round(2N/center)/(2N)
//     logc     = round(2^43 * log(c)) / 2^43           (c = 1/invc)
//     logctail = (double)(log(c) - logc)
//   except that the two subintervals touching 1.0 use c = 1 (so log(x) near 1 suffers
//   no cancellation between logc and the polynomial).
//
//   exp table (EXP_TABLE_BITS = 7): for k in [0, N),
//     H[k] = (double) 2^(k/N),  T[k] = (double) ((2^(k/N) - H[k]) / H[k])
//     tab[2k] = bits(T[k]),  tab[2k+1] = bits(H[k]) - (k << 52)/N

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'generated', 'pow_tables.ts');

const N = 128;
const PREC = 256n; // fractional bits of the fixed-point intermediates
const ONE = 1n << PREC;
const OFF = 0x3fe6955500000000n;

const view = new DataView(new ArrayBuffer(8));

function bitsToDouble(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

function doubleToBits(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

/** The exact value of a finite double as a fraction num / 2^shift (shift >= 0). */
function doubleToFixed(x: number): bigint {
  const bits = doubleToBits(x);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = BigInt((exp === 0 ? 1 : exp) - 1075); // value = mant * 2^e
  const shifted = PREC + e;
  return sign * (shifted >= 0n ? mant << shifted : mant >> -shifted);
}

/** round(a / b) to the nearest integer, ties to even; b > 0. */
function roundDiv(a: bigint, b: bigint): bigint {
  let q = a / b;
  let r = a % b;
  if (r < 0n) {
    q -= 1n;
    r += b;
  }
  if (2n * r > b || (2n * r === b && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** The double nearest to the fixed-point value v / 2^PREC (normal range only). */
function fixedToDouble(v: bigint): number {
  if (v === 0n) return 0;
  const sign = v < 0n ? -1 : 1;
  const a = v < 0n ? -v : v;
  const excess = BigInt(a.toString(2).length - 53);
  const mant = excess > 0n ? roundDiv(a, 1n << excess) : a << -excess;
  // mant may have rounded up to 2^53: still exact as a double.
  return sign * Number(mant) * 2 ** Number(excess - PREC);
}

/** log(p/q) * 2^PREC, for positive integers p, q: 2 atanh((p-q)/(p+q)) as a series. */
function logRatio(p: bigint, q: bigint): bigint {
  const num = p - q;
  const den = p + q;
  // term_k = t^(2k+1) * 2^PREC with t = num/den, kept as an exact-ish fixed point.
  let power = (num * ONE) / den;
  const t2num = num * num;
  const t2den = den * den;
  let sum = 0n;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power = (power * t2num) / t2den;
  }
  return 2n * sum;
}

/** floor(2^(k/N) * 2^PREC): the integer N-th root of 2^(k + N*PREC). */
function exp2Fixed(k: number): bigint {
  const a = 1n << (BigInt(k) + BigInt(N) * PREC);
  const n = BigInt(N);
  let x = ONE * 2n; // an upper bound; Newton's iteration decreases monotonically
  for (;;) {
    const next = ((n - 1n) * x + a / x ** (n - 1n)) / n;
    if (next >= x) return x;
    x = next;
  }
}

interface LogEntry {
  invc: number;
  logc: number;
  logctail: number;
}

function logEntry(i: number): LogEntry {
  const lo = bitsToDouble(OFF + (BigInt(i) << 45n));
  const hi = bitsToDouble(OFF + (BigInt(i + 1) << 45n));
  const center = (lo + hi) / 2; // exact: both are doubles of nearby binades
  if (lo <= 1 && 1 <= hi) return { invc: 1, logc: 0, logctail: 0 };
  // invc = j / scale with j = round(scale / center); center = cn / 2^PREC exactly.
  const scale = BigInt(center < 1 ? N : 2 * N);
  const cn = doubleToFixed(center);
  const j = roundDiv(scale * ONE, cn);
  const logC = logRatio(scale, j); // log(c) = log(scale / j)
  const logcFixed = roundDiv(logC, 1n << (PREC - 43n)) << (PREC - 43n);
  return {
    invc: Number(j) / Number(scale),
    logc: fixedToDouble(logcFixed),
    logctail: fixedToDouble(logC - logcFixed),
  };
}

function expEntry(k: number): [bigint, bigint] {
  const exact = exp2Fixed(k);
  const h = fixedToDouble(exact);
  const hFixed = doubleToFixed(h);
  const t = fixedToDouble(((exact - hFixed) * ONE) / hFixed);
  const tBits = doubleToBits(t);
  const hBits = doubleToBits(h) - ((BigInt(k) << 52n) / BigInt(N));
  return [tBits, hBits];
}

function hex(x: number): string {
  return `0x${doubleToBits(x).toString(16).padStart(16, '0')}n`;
}

function render(): string {
  const log: string[] = [];
  for (let i = 0; i < N; i++) {
    const e = logEntry(i);
    log.push(`  ${hex(e.invc)}, ${hex(e.logc)}, ${hex(e.logctail)},`);
  }
  const exp: string[] = [];
  for (let k = 0; k < N; k++) {
    const [t, h] = expEntry(k);
    exp.push(`  0x${t.toString(16).padStart(16, '0')}n, 0x${h.toString(16).padStart(16, '0')}n,`);
  }
  return `// Generated by scripts/gen-pow-tables.ts: do not edit.
// Lookup tables of the ARM optimized-routines pow (musl src/math/pow_data.c, exp_data.c),
// computed from their definitions; see the script for the formulas.

/** Entries of the log table, 3 per subinterval: bits of invc, logc, logctail. */
export const POW_LOG_TABLE_BITS: readonly bigint[] = [
${log.join('\n')}
];

/** Entries of the exp table, 2 per k: bits of T[k] and of H[k] - (k << 52)/N. */
export const EXP_TABLE_BITS: readonly bigint[] = [
${exp.join('\n')}
];
`;
}

writeFileSync(OUT, render());
