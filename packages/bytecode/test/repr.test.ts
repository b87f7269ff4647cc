// pyRepr against CPython 3.14's repr() (pyodide), value by value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import {
  Ellipsis,
  None,
  PyBytes,
  PyComplex,
  PyFloat,
  PyFrozenSet,
  PySlice,
  PyTuple,
  PyWideStr,
  isPrintable,
  pyInt,
  pyRepr,
  pyStr,
  type PyConst,
} from '../src/index.js';
import { reprProgram } from './pyconst-oracle.js';

async function expectSameRepr(values: readonly PyConst[]): Promise<void> {
  const expected = JSON.parse(await runPython(reprProgram(values))) as string[];
  const mismatches: string[] = [];
  values.forEach((v, i) => {
    const got = pyRepr(v);
    if (got !== expected[i]) mismatches.push(`#${i}: tspy ${JSON.stringify(got)} cpython ${JSON.stringify(expected[i])}`);
  });
  expect(mismatches).toEqual([]);
  expect(expected.length).toBe(values.length);
}

const f = (x: number) => new PyFloat(x);
const bytes = (...b: number[]) => new PyBytes(Uint8Array.from(b));
const SPECIAL_DOUBLES = [
  0, -0, 1, -1, 0.1, 0.5, 1.5, 2.5, 100, 1e15, 1e16, 1e17, 1.5e16, 123456789012345680, 9007199254740993,
  1e-4, 1e-5, 0.0001, 0.00011, 1.1e-5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e22, 1e21,
  1e100, 1e-100, 1 / 3, 2 / 3, 123.456, -123.456, 0.30000000000000004, Infinity, -Infinity, NaN, 12345678.9,
  999999999999999.9, 9999999999999998, 1e-7, 1.234e-7,
];

describe('pyRepr of hand-picked values', () => {
  it('ints, bools, singletons', async () => {
    await expectSameRepr([
      0, 1, -1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2n ** 53n, -(2n ** 53n), 10n ** 40n,
      -(10n ** 40n), true, false, None, Ellipsis,
    ]);
  });

  it('floats', async () => {
    await expectSameRepr(SPECIAL_DOUBLES.map(f));
  });

  it('complex numbers', async () => {
    const parts = [0, -0, 1, -1, 1.5, 1e16, 1e-5, 1e20, Infinity, -Infinity, NaN, 2.5e-300];
    const values: PyConst[] = [];
    for (const re of parts) for (const im of parts) values.push(new PyComplex(re, im));
    await expectSameRepr(values);
  });

  it('bytes', async () => {
    const all = Array.from({ length: 256 }, (_, i) => i);
    await expectSameRepr([
      bytes(),
      bytes(...all),
      bytes(0x27),
      bytes(0x22),
      bytes(0x27, 0x22),
      bytes(0x5c, 0x09, 0x0a, 0x0d, 0x0b, 0x0c),
      bytes(0x61, 0x27, 0x62),
    ]);
  });

  it('strings', async () => {
    await expectSameRepr([
      '',
      'abc',
      "it's",
      'say "hi"',
      `both ' and "`,
      'back\\slash',
      'tab\there\nnew\rcr\x0b\x0c\x00\x1f\x7f\x80\x9f\xa0\xad\xff',
      'é ü ñ 中文 日本語',
      '\u2028\u2029\u200b\u200e\ufeff\ufffe\uffff\u3000\u00a0\u0378\ue000',
      pyStr([0x1f600, 0x10ffff, 0xe0001, 0x1d11e, 0xf0000, 0x20000]),
      pyStr([0xd800]),
      pyStr([0xdfff, 0x61]),
      pyStr([0xd83d, 0xde00]),
      pyStr('a\u{1f600}b'),
      // Code points unassigned in Unicode 16.0 but assigned in 17.0.
      pyStr([0x88f, 0x1acf, 0x20c1, 0x10940, 0x1fa54, 0x323b0]),
    ]);
  });

  it('tuples and frozensets', async () => {
    await expectSameRepr([
      new PyTuple([]),
      new PyTuple([1]),
      new PyTuple([1, 2]),
      new PyTuple([new PyTuple([]), new PyTuple([None]), 'a', f(1.5), bytes(0x41)]),
      new PyTuple([new PyTuple([new PyTuple([1])])]),
      new PyFrozenSet([]),
      new PyFrozenSet([1]),
      new PyFrozenSet([1, 2, 3]),
      new PyFrozenSet(['x']),
      new PyTuple([new PyFrozenSet([0, 5, 7]), new PyFrozenSet([])]),
    ]);
  });
});

const codePoint = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0x80, max: 0xffff }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
);

const atom: fc.Arbitrary<PyConst> = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(pyInt),
  fc.integer().map(pyInt),
  fc.boolean(),
  fc.double().map(f),
  fc.tuple(fc.double(), fc.double()).map(([re, im]) => new PyComplex(re, im)),
  fc.uint8Array({ maxLength: 12 }).map((b) => new PyBytes(b)),
  fc.array(codePoint, { maxLength: 12 }).map(pyStr),
  fc.constantFrom<PyConst>(None, Ellipsis),
);

const constant: fc.Arbitrary<PyConst> = fc.letrec<{ value: PyConst }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new PyTuple(items)),
  ),
})).value;

describe('pyRepr of slices', () => {
  it('matches slice_repr', async () => {
    await expectSameRepr([
      new PySlice(1, 2, None), new PySlice(None, None, 3), new PySlice(-1n * 10n ** 30n, f(0.5), 'a'),
      new PySlice(new PyTuple([1, bytes(0)]), Ellipsis, true),
    ]);
  });
});

describe('pyRepr of generated values', () => {
  it('doubles', async () => {
    await expectSameRepr(fc.sample(fc.double(), { numRuns: 600, seed: 1 }).map(f));
    await expectSameRepr(fc.sample(fc.double({ noNaN: true }), { numRuns: 300, seed: 2 }).map((x) => f(x * 1e-3)));
  });

  it('strings', async () => {
    await expectSameRepr(fc.sample(fc.array(codePoint, { maxLength: 20 }), { numRuns: 400, seed: 3 }).map(pyStr));
  });

  it('nested constants', async () => {
    await expectSameRepr(fc.sample(constant, { numRuns: 400, seed: 4 }));
  });
});

describe('Py_UNICODE_ISPRINTABLE', () => {
  it('agrees with str.isprintable() on every code point', async () => {
    const program = String.raw`
ranges = []
start = None
for cp in range(0x110000):
    np = not chr(cp).isprintable()
    if np and start is None: start = cp
    if not np and start is not None:
        ranges.append(start); ranges.append(cp - 1); start = None
if start is not None: ranges += [start, 0x10ffff]
print(ranges)
`;
    const ranges = JSON.parse(await runPython(program)) as number[];
    const expected = new Uint8Array(0x110000).fill(1);
    for (let i = 0; i < ranges.length; i += 2) expected.fill(0, ranges[i]!, ranges[i + 1]! + 1);
    const wrong: string[] = [];
    for (let cp = 0; cp < 0x110000 && wrong.length < 20; cp++) {
      if (isPrintable(cp) !== (expected[cp] === 1)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('pyStr and pyInt', () => {
  it('keeps narrow strings primitive and wide ones boxed', () => {
    expect(pyStr([0x61, 0xffff])).toBe('a\uffff');
    expect(pyStr('abc')).toBe('abc');
    expect(pyStr([0x1f600])).toBeInstanceOf(PyWideStr);
    expect(pyStr('\u{1f600}')).toBeInstanceOf(PyWideStr);
    expect((pyStr('a\u{1f600}') as PyWideStr).length).toBe(2);
    expect(pyStr([0xd800])).toBeInstanceOf(PyWideStr);
  });

  it('normalises ints', () => {
    expect(pyInt(-0)).toBe(0);
    expect(Object.is(pyInt(-0), 0)).toBe(true);
    expect(pyInt(5n)).toBe(5);
    expect(pyInt(2n ** 53n)).toBe(2n ** 53n);
    expect(pyInt(2 ** 53)).toBe(2n ** 53n);
    expect(pyInt(-(2n ** 53n) + 1n)).toBe(-(2 ** 53) + 1);
    expect(() => pyInt(1.5)).toThrow(RangeError);
  });
});
