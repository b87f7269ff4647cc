// `pow(x, y)` for doubles, rounded as C's libm (glibc's correctly rounded pow) rounds
// it: V8's Math.pow can be an ulp off, and a folded constant must equal CPython's.
// Computed as exp(y * log(x)) in double-double arithmetic (~106 bits), then rounded once.

/** A double-double value hi + lo, |lo| <= ulp(hi) / 2. */
interface DD {
  hi: number;
  lo: number;
}

function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return dd(s, b - (s - a));
}

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return dd(s, a - (s - bb) + (b - bb));
}

const SPLITTER = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return dd(p, ah * bh - p + ah * bl + al * bh + al * bl);
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = quickTwoSum(s.hi, s.lo + t.hi);
  return quickTwoSum(u.hi, u.lo + t.lo);
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function mulNum(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = add(a, mulNum(b, -q1));
  const q2 = r.hi / b.hi;
  r = add(r, mulNum(b, -q2));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

const LN2: DD = dd(0.6931471805599453, 2.3190468138462996e-17);

/** Reciprocals 1/(2k+1) for the atanh series, in double-double. */
const ODD_RECIPROCALS: DD[] = Array.from({ length: 28 }, (_, k) => div(dd(1), dd(2 * k + 1)));
/** Reciprocal factorials 1/n! for the exp series. */
const INV_FACTORIALS: DD[] = (() => {
  const out: DD[] = [dd(1)];
  for (let n = 1; n <= 14; n++) out.push(div(out[n - 1]!, dd(n)));
  return out;
})();

const view = new DataView(new ArrayBuffer(8));

/** x = m * 2^e with m in [sqrt(1/2), sqrt(2)), for finite x > 0. */
function frexpCentered(x: number): { m: number; e: number } {
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 54;
    e = -54;
  }
  view.setFloat64(0, x);
  const hiWord = view.getUint32(0);
  const biased = (hiWord >>> 20) & 0x7ff;
  e += biased - 1023;
  view.setUint32(0, (hiWord & 0x800fffff) | (1023 << 20));
  let m = view.getFloat64(0); // in [1, 2)
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  return { m, e };
}

/** log(x) in double-double, for finite x > 0 (atanh series on the reduced mantissa). */
function logDD(x: number): DD {
  const { m, e } = frexpCentered(x);
  const s = div(dd(m - 1), twoSum(m, 1));
  const s2 = mul(s, s);
  let sum = ODD_RECIPROCALS[ODD_RECIPROCALS.length - 1]!;
  for (let k = ODD_RECIPROCALS.length - 2; k >= 0; k--) sum = add(mul(sum, s2), ODD_RECIPROCALS[k]!);
  const logM = mulNum(mul(s, sum), 2);
  return add(logM, mulNum(LN2, e));
}

/** exp(t) for a double-double t, rounded to a double (may overflow to Infinity). */
function expDD(t: DD): number {
  if (t.hi > 710) return Infinity;
  if (t.hi < -746) return 0;
  const k = Math.round(t.hi / LN2.hi);
  let r = add(t, mulNum(LN2, -k));
  r = dd(r.hi / 1024, r.lo / 1024);
  let sum = INV_FACTORIALS[INV_FACTORIALS.length - 1]!;
  for (let n = INV_FACTORIALS.length - 2; n >= 0; n--) sum = add(mul(sum, r), INV_FACTORIALS[n]!);
  for (let i = 0; i < 10; i++) sum = mul(sum, sum);
  // Scale by 2^k in two steps so that neither factor overflows.
  const k1 = Math.trunc(k / 2);
  const k2 = k - k1;
  const value = sum.hi + sum.lo;
  if (k >= -1021) return value * 2 ** k1 * 2 ** k2;
  // Subnormal results: round once at the final scaling.
  return (sum.hi * 2 ** k1 + sum.lo * 2 ** k1) * 2 ** k2;
}

/** pow(x, y) for finite x > 0 and finite y, as glibc computes it. */
export function positivePow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (y === 1) return x;
  const log = logDD(x);
  const estimate = log.hi * y;
  if (estimate > 710) return Infinity; // overflow
  if (estimate < -746) return 0; // underflow (not an error for pow)
  return expDD(mulNum(log, y));
}
