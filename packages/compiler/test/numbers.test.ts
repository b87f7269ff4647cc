// parseNumber (CPython: Parser/pegen.c parsenumber) against CPython 3.14 (pyodide):
// generated numeric literal texts are evaluated by both and compared exactly
// (ints by their decimal text, floats and complex parts by their IEEE bits).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PyComplex, PyFloat, type PyConst } from '@tspy/bytecode';
import { runPython } from '@tspy/test-support';
import {
  IntMaxStrDigitsError,
  numberTokenErrorMessage,
  parseNumber,
} from '../src/parser/number_parser.js';

function doubleHex(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  let out = '';
  for (let i = 0; i < 8; i++) out += view.getUint8(i).toString(16).padStart(2, '0');
  return out;
}

/** The canonical text the Python side prints for a value (see ORACLE below). */
function describeValue(v: PyConst): string {
  if (typeof v === 'number' || typeof v === 'bigint') {
    // DESIGN §3: a bigint never holds a safe-range value, a number is always a safe integer.
    if (typeof v === 'bigint' && v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n) return `bad bigint ${v}`;
    if (typeof v === 'number' && !Number.isSafeInteger(v)) return `bad number ${v}`;
    return `int ${v}`;
  }
  if (v instanceof PyFloat) return `float ${doubleHex(v.value)}`;
  if (v instanceof PyComplex) return `complex ${doubleHex(v.real)} ${doubleHex(v.imag)}`;
  return `unexpected ${String(v)}`;
}

const ORACLE = `
import struct, sys, json
def d(x): return struct.pack('<d', x).hex()
def describe(v):
    if type(v) is int:
        sys.set_int_max_str_digits(0)
        try: return f'int {v}'
        finally: sys.set_int_max_str_digits(4300)
    if type(v) is float: return f'float {d(v)}'
    return f'complex {d(v.real)} {d(v.imag)}'
sys.set_int_max_str_digits(4300)
out = []
for text in json.loads(CASES):
    try:
        out.append(describe(eval(text)))
    except SyntaxError as e:
        out.append('SyntaxError ' + e.msg)
print(json.dumps(out))
`;

async function oracle(texts: readonly string[]): Promise<string[]> {
  const code = `CASES = ${JSON.stringify(JSON.stringify(texts))}\n${ORACLE}`;
  return JSON.parse(await runPython(code)) as string[];
}

function ours(text: string): string {
  try {
    return describeValue(parseNumber(text));
  } catch (e) {
    if (e instanceof IntMaxStrDigitsError) return `SyntaxError ${numberTokenErrorMessage(e)}`;
    throw e;
  }
}

// --- literal text generators (Python's numeric literal grammar) -----------------

const digit = fc.constantFrom(...'0123456789');
const nonzero = fc.constantFrom(...'123456789');
/** digit (["_"] digit)* */
function digitPart(d: fc.Arbitrary<string>, max = 25): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.boolean(), d), { minLength: 1, maxLength: max })
    .map((parts) => parts.map(([u, c], i) => (i > 0 && u ? '_' + c : c)).join(''));
}
const decInt = fc.oneof(
  fc.tuple(nonzero, fc.option(digitPart(digit, 40), { nil: '' }), fc.boolean()).map(([a, b, u]) => a + (b && u ? '_' : '') + b),
  fc.integer({ min: 1, max: 6 }).map((n) => '0'.repeat(n)),
);
const hexInt = fc
  .tuple(fc.constantFrom('0x', '0X'), digitPart(fc.constantFrom(...'0123456789abcdefABCDEF'), 30))
  .map(([p, d]) => p + (Math.random() < 0.3 ? '_' : '') + d);
const octInt = fc.tuple(fc.constantFrom('0o', '0O'), digitPart(fc.constantFrom(...'01234567'), 30)).map(([p, d]) => p + d);
const binInt = fc.tuple(fc.constantFrom('0b', '0B'), digitPart(fc.constantFrom('0', '1'), 80)).map(([p, d]) => p + d);
const exponent = fc
  .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digitPart(digit, 3))
  .map(([e, s, d]) => e + s + d);
const pointFloat = fc.oneof(
  fc.tuple(fc.option(digitPart(digit), { nil: '' }), digitPart(digit)).map(([a, b]) => `${a}.${b}`),
  digitPart(digit).map((a) => `${a}.`),
);
const floatLit = fc.oneof(
  pointFloat,
  fc.tuple(pointFloat, exponent).map(([a, b]) => a + b),
  fc.tuple(digitPart(digit), exponent).map(([a, b]) => a + b),
);
const imagLit = fc
  .tuple(fc.oneof(floatLit, digitPart(digit)), fc.constantFrom('j', 'J'))
  .map(([a, j]) => a + j);
const literal = fc.oneof(decInt, hexInt, octInt, binInt, floatLit, imagLit);

const FIXED = [
  '0', '00', '0_0', '1', '9007199254740991', '9007199254740992', '9007199254740993', '18446744073709551616',
  '0x1fffffffffffff', '0x20000000000000', '0xFFFF_FFFF_FFFF_FFFF_FFFF', '0o777', '0b1_0', '0O17', '0B1',
  '1_000.5e1_0', '.5', '5.', '1e500', '1E500j', '0e0', '1e-400', '2.2250738585072011e-308',
  '4.9406564584124654e-324', '2.4703282292062327e-324', '2.4703282292062328e-324', '1.7976931348623157e308',
  '1.7976931348623158e308', '1.7976931348623159e308', '0.1', '0.30000000000000004', '123456789012345678901234567890.0',
  '1j', '0j', '00j', '1.5J', '1_0j', '9' .repeat(300), '1' + '0'.repeat(4299), '1' + '0'.repeat(4300),
  '1_' .repeat(4300) + '1', '0'.repeat(5000), '0x' + 'f'.repeat(5000), '1'.repeat(5000) + 'j', '1'.repeat(5000) + '.5',
  '8'.repeat(15), '8'.repeat(16), '1' + '0'.repeat(15), '09.5', '00.5e3', '0_1.0',
];

describe('parseNumber vs CPython 3.14', () => {
  it('fixed literals (limits, rounding edges, prefixes, underscores)', async () => {
    const expected = await oracle(FIXED);
    expect(FIXED.map(ours)).toEqual(expected);
  });

  it('generated literals', async () => {
    const texts = fc.sample(literal, { numRuns: 1500, seed: 20261126 });
    const expected = await oracle(texts);
    const mismatches = texts.flatMap((t, i) => (ours(t) === expected[i] ? [] : [`${t}: ${ours(t)} != ${expected[i]}`]));
    expect(mismatches).toEqual([]);
  });
});
