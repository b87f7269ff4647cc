// Differential test of the constant folder's float pow against CPython's `x ** y` in
// pyodide (musl's pow): every result must be the very same double.
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { libmPow, positivePow } from '../src/compiler/flowgraph_const_pow.js';

/** Deterministic 32-bit generator (mulberry32), so a failure can be replayed. */
function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const rand32 = makeRandom(0x5eed2024);
const view = new DataView(new ArrayBuffer(8));

function uniform(): number {
  return (rand32() * 2 ** 21 + (rand32() >>> 11)) / 2 ** 53;
}

function randInt(lo: number, hi: number): number {
  return lo + Math.floor(uniform() * (hi - lo + 1));
}

/** A double with a random 52-bit mantissa and the given biased exponent field. */
function withExponent(biased: number, negative = false): number {
  view.setUint32(0, ((negative ? 0x800 : 0) | biased) * 0x100000 + (rand32() & 0xfffff));
  view.setUint32(4, rand32());
  return view.getFloat64(0);
}

/** Finite doubles of all magnitudes, subnormals included, positive. */
function anyPositive(): number {
  for (;;) {
    const x = withExponent(randInt(0, 0x7fe));
    if (x > 0) return x;
  }
}

type Pair = [number, number];

function randomPairs(): Pair[] {
  const pairs: Pair[] = [];
  const add = (count: number, make: () => Pair): void => {
    for (let i = 0; i < count; i++) pairs.push(make());
  };
  const sign = (): number => (rand32() & 1 ? -1 : 1);
  // Random doubles over the whole range, y of moderate size (most results finite).
  add(40_000, () => {
    const x = anyPositive();
    const lx = Math.abs(Math.log2(x)) || 1;
    return [x, sign() * uniform() * (1100 / lx)];
  });
  // Random doubles, y over wide exponent ranges (many overflows/underflows, tiny y).
  add(25_000, () => [anyPositive(), withExponent(randInt(0x3b0, 0x440), rand32() % 2 === 1)]);
  // Everyday magnitudes.
  add(50_000, () => [withExponent(randInt(1003, 1043)), sign() * uniform() * 40]);
  // Integers and half-integers, integer and half-integer exponents.
  add(30_000, () => [randInt(2, 5000) / (rand32() & 1 ? 1 : 2), randInt(-160, 160) / (rand32() & 1 ? 1 : 2)]);
  // Values near 1 with large exponents.
  add(25_000, () => {
    const x = 1 + sign() * randInt(1, 1 << 20) * 2 ** -randInt(20, 53);
    return [x, sign() * uniform() * 2 ** randInt(10, 62)];
  });
  // Results near the subnormal range and the overflow threshold.
  add(25_000, () => {
    const x = withExponent(randInt(1000, 1060));
    const target = rand32() & 1 ? -1074 + uniform() * 60 : 1022 + uniform() * 2.5;
    return [x, target / Math.log2(x)];
  });
  // Subnormal x.
  add(10_000, () => [withExponent(0), sign() * uniform() * 2 ** randInt(-70, 1)]);
  // Negative x with integer y (odd and even).
  add(10_000, () => [-withExponent(randInt(1000, 1050)), randInt(-40, 40)]);
  return pairs;
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 2 ** -1074, -(2 ** -1074),
  2 ** -1022, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 63, 2 ** -65, 1 - 2 ** -53, 1 + 2 ** -52, 0.1, 1e300];

function specialPairs(): Pair[] {
  const out: Pair[] = [];
  for (const x of SPECIALS) for (const y of SPECIALS) out.push([x, y]);
  return out;
}

const PAIRS = [...randomPairs(), ...specialPairs()];

/** Python's `x ** y` per pair: [bits of the result or NaN, outcome code]. */
const ORACLE = String.raw`
import array, base64, math
data = array.array('d'); data.frombytes(base64.b64decode(PAIRS))
values = array.array('d'); codes = bytearray()
for i in range(0, len(data), 2):
    code = 0
    try:
        v = data[i] ** data[i + 1]
        if isinstance(v, complex): v, code = math.nan, 3
    except OverflowError: v, code = math.nan, 1
    except ZeroDivisionError: v, code = math.nan, 2
    values.append(v); codes.append(code)
print(base64.b64encode(values.tobytes()).decode()); print(base64.b64encode(bytes(codes)).decode())
`;

const OK = 0;
const OVERFLOW = 1;
const ZERO_DIVISION = 2;
const COMPLEX = 3;

let expected: Float64Array;
let codes: Uint8Array;

beforeAll(async () => {
  const packed = new Float64Array(PAIRS.length * 2);
  PAIRS.forEach(([x, y], i) => {
    packed[2 * i] = x;
    packed[2 * i + 1] = y;
  });
  const b64 = Buffer.from(packed.buffer).toString('base64');
  const out = (await runPython(`PAIRS = '${b64}'\n${ORACLE}`)).trim().split('\n');
  const valueBytes = Buffer.from(out[0]!, 'base64');
  expected = new Float64Array(valueBytes.buffer.slice(valueBytes.byteOffset, valueBytes.byteOffset + valueBytes.length));
  codes = new Uint8Array(Buffer.from(out[1]!, 'base64'));
}, 60_000);

function sameDouble(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** A failure message for pair i. */
function describePair(i: number): string {
  const [x, y] = PAIRS[i]!;
  return `${x} ** ${y}: CPython code ${codes[i]} value ${expected[i]}, tspy ${libmPow(x, y)}`;
}

describe('float pow equals CPython (pyodide, musl pow)', () => {
  it('positivePow for finite x > 0 and finite y, as float_pow calls pow()', () => {
    let total = 0;
    let equal = 0;
    const seen = { overflow: 0, subnormal: 0, zero: 0 };
    const failures: string[] = [];
    for (let i = 0; i < PAIRS.length; i++) {
      const [x, y] = PAIRS[i]!;
      if (!(x > 0 && Number.isFinite(x) && Number.isFinite(y))) continue;
      total++;
      const got = positivePow(x, y);
      if (codes[i] === OVERFLOW) seen.overflow++;
      else if (expected[i] === 0) seen.zero++;
      else if (expected[i]! < 2 ** -1022) seen.subnormal++;
      const ok = codes[i] === OVERFLOW ? got === Infinity : codes[i] === OK && sameDouble(got, expected[i]!);
      if (ok) equal++;
      else if (failures.length < 10) failures.push(describePair(i));
    }
    console.log(
      `float pow, x > 0 finite: ${equal}/${total} identical to CPython (among them ` +
        `${seen.overflow} overflows, ${seen.subnormal} subnormal results, ${seen.zero} underflows to 0)`,
    );
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThan(200_000);
  });

  it('libmPow on negative x, zeros, infinities and NaNs agrees with float_pow', () => {
    let total = 0;
    let equal = 0;
    let complexCases = 0;
    const failures: string[] = [];
    for (let i = 0; i < PAIRS.length; i++) {
      const [x, y] = PAIRS[i]!;
      if (x > 0 && Number.isFinite(x) && Number.isFinite(y)) continue;
      const got = libmPow(x, y);
      if (x < 0 && Number.isFinite(x) && Number.isFinite(y) && !Number.isInteger(y)) {
        // float_pow hands these to complex pow, not to the C library's pow.
        complexCases++;
        if (!Number.isNaN(got)) failures.push(describePair(i));
        continue;
      }
      total++;
      let ok: boolean;
      if (codes[i] === OVERFLOW) ok = Math.abs(got) === Infinity;
      else if (codes[i] === ZERO_DIVISION) ok = x === 0 && y < 0 && Math.abs(got) === Infinity;
      else if (codes[i] === COMPLEX) ok = Number.isNaN(got);
      else ok = sameDouble(got, expected[i]!);
      if (ok) equal++;
      else if (failures.length < 10) failures.push(describePair(i));
    }
    console.log(
      `float pow, other operands: ${equal}/${total} identical to CPython ` +
        `(${complexCases} negative ** non-integer skipped: CPython computes them as complex)`,
    );
    expect(failures).toEqual([]);
  });
});
