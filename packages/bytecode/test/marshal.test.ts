// marshalLoads / marshalDumps against CPython 3.14's marshal (pyodide).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import {
  CodeObject,
  Ellipsis,
  MarshalError,
  None,
  PyBytes,
  PyComplex,
  PyFloat,
  PyFrozenSet,
  PySlice,
  PyTuple,
  marshalDumps,
  marshalLoads,
  pyInt,
  pyStr,
  type MarshalValue,
  type PyConst,
} from '../src/index.js';
import { MarshalDict, MarshalList, MarshalSet, StopIteration } from '../src/marshal_values.js';
import { MARSHAL_PRELUDE, b64, canon, codesInPreorder, stdlibSample, unb64, valueToPython } from './marshal-oracle.js';

const SEED = 314;

const doubleFromBytes = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
const arbDouble = fc.oneof(fc.double(), fc.uint8Array({ minLength: 8, maxLength: 8 }).map(doubleFromBytes));
const arbInt = fc.oneof(
  fc.integer().map((x) => pyInt(x)),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(pyInt),
  fc.bigInt({ min: -(2n ** 3000n), max: 2n ** 3000n }).map(pyInt),
);
const arbCodePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 0xff }),
  fc.integer({ min: 0, max: 0x10ffff }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
);
const arbStr = fc.oneof(
  fc.array(arbCodePoint, { maxLength: 12 }).map((cps) => pyStr(cps)),
  fc.array(fc.integer({ min: 0x20, max: 0x7e }), { minLength: 250, maxLength: 300 }).map((cps) => pyStr(cps)),
);
const arbLeaf: fc.Arbitrary<PyConst> = fc.oneof(
  arbInt,
  arbDouble.map((x) => new PyFloat(x)),
  fc.tuple(arbDouble, arbDouble).map(([re, im]) => new PyComplex(re, im)),
  arbStr,
  fc.uint8Array({ maxLength: 20 }).map((b) => new PyBytes(b)),
  fc.constantFrom<PyConst>(None, Ellipsis, true, false),
  fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { maxLength: 6 }).map((xs) => new PyFrozenSet(xs)),
  fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 6 }).map((xs) => new PyFrozenSet(xs)),
);
const arbKey = fc.oneof(fc.integer({ min: -300, max: 300 }).map(String), fc.string({ maxLength: 5 }));
const { tree } = fc.letrec<{ tree: MarshalValue }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    arbLeaf,
    fc.array(tie('tree'), { maxLength: 4 }).map((items) => new PyTuple(items as PyConst[])),
    fc.array(tie('tree'), { maxLength: 4 }).map((items) => new MarshalList(items)),
    fc.uniqueArray(arbKey, { maxLength: 4 }).chain((keys) =>
      fc.array(tie('tree'), { minLength: keys.length, maxLength: keys.length }).map((values) => new MarshalDict(keys, values)),
    ),
    fc.uniqueArray(arbKey, { maxLength: 5 }).map((items) => new MarshalSet(items)),
    fc.constant(StopIteration),
  ),
}));
const arbSliceValue = fc.oneof(fc.constant<PyConst>(None), fc.integer({ min: -5, max: 5 }), arbStr);
const arbValue: fc.Arbitrary<MarshalValue> = fc.oneof(
  { weight: 6, arbitrary: tree },
  { weight: 1, arbitrary: fc.tuple(arbSliceValue, arbSliceValue, arbSliceValue).map(([a, b, c]) => new PySlice(a, b, c)) },
);

const HAND_PICKED: MarshalValue[] = [
  new MarshalList([]), new MarshalDict([], []), new MarshalSet([]), StopIteration,
  new MarshalDict([1, 'a', new PyTuple([1, 2]), None, new PyFrozenSet([1])], [new MarshalList([1]), 2, 3, 4, 5]),
  new MarshalSet([1, 'x', new PyTuple([]), new PyFloat(2.5), new PySlice(1, 2, 3)]),
  0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 32767, 32768, 2 ** 45, -(2 ** 45),
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2n ** 63n, -(2n ** 64n), 2n ** 10000n - 1n,
  true, false, None, Ellipsis, '', 'a', 'é', '€', 'x'.repeat(255), 'x'.repeat(256), pyStr([0xd800]),
  pyStr([0x1f600, 0xdfff, 0x41]), new PyFloat(-0), new PyFloat(NaN), new PyFloat(Infinity), new PyComplex(-0, -0),
  new PyTuple([]), new PyTuple(Array.from({ length: 300 }, (_, i) => i)), new PyFrozenSet([]),
  new PyBytes(new Uint8Array(0)), new PySlice(None, None, None), new PySlice(1, 2, None),
  new PySlice(new PyTuple([1, 'a']), -1, 3),
];

const generated = fc.sample(arbValue, { seed: SEED, numRuns: 400 });
const VALUES: MarshalValue[] = [...HAND_PICKED, ...generated];

describe('marshalLoads reads what CPython writes', () => {
  it(`${VALUES.length} values, each at versions 0-5`, async () => {
    const program = `${MARSHAL_PRELUDE}
vals = [
${VALUES.map(valueToPython).join(',\n')}
]
print(json.dumps([[_b64(marshal.dumps(v, version)), canon(v)] for v in vals for version in range(6)
                  if version == 5 or 'slice(' not in canon(v)]))
`;
    const expected = JSON.parse(await runPython(program)) as [string, string][];
    expect(expected.length).toBeGreaterThan(VALUES.length * 5);
    const mismatches: string[] = [];
    expected.forEach(([data, want], i) => {
      const got = canon(marshalLoads(unb64(data)));
      if (got !== want) mismatches.push(`#${i}: tspy ${got.slice(0, 200)} cpython ${want.slice(0, 200)}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('reads the old text float and complex forms and the version 2-4 forms', async () => {
    const program = `${MARSHAL_PRELUDE}
vals = [1.5, -0.0, 1e300, float('inf'), float('-inf'), 5e-324, complex(1.25, -3), 'abc', 'é' * 3, (1, ('x',)), 2**70]
out = []
for version in (0, 1, 2, 3, 4):
    for v in vals:
        out.append([_b64(marshal.dumps(v, version)), canon(v)])
print(json.dumps(out))
`;
    const cases = JSON.parse(await runPython(program)) as [string, string][];
    for (const [data, want] of cases) expect(canon(marshalLoads(unb64(data)))).toBe(want);
  });
});

const VERSIONS = [0, 1, 2, 3, 4, 5];
const hasSlice = (v: MarshalValue): boolean => canon(v).includes('slice(');

describe('CPython reads what marshalDumps writes', () => {
  it(`${VALUES.length} values, each at versions 0-5; below version 3 (no references) byte for byte`, async () => {
    const cases = VALUES.flatMap((v) =>
      VERSIONS.filter((version) => version === 5 || !hasSlice(v)).map((version) => ({ v, version })),
    );
    const program = `${MARSHAL_PRELUDE}
cases = [
${cases.map(({ v, version }) => `(_unb64('${b64(marshalDumps(v, version))}'), ${version}, ${valueToPython(v)})`).join(',\n')}
]
out = []
for b, version, v in cases:
    try:
        out.append([canon(marshal.loads(b)), canon(v), version >= 3 or b == marshal.dumps(v, version)])
    except Exception as e:
        out.append(['error ' + repr(e), canon(v), False])
print(json.dumps(out))
`;
    const results = JSON.parse(await runPython(program)) as [string, string, boolean][];
    expect(results.length).toBe(cases.length);
    const mismatches = results.flatMap(([got, want, sameBytes], i) =>
      got !== want || !sameBytes ? [`#${i} v${cases[i]!.version}: ${got.slice(0, 150)} | ${want.slice(0, 150)} | bytes ${sameBytes}`] : [],
    );
    expect(mismatches).toEqual([]);
  });

  it('takes any integer version as CPython does (below 0 acts as 0, above 5 as 5)', async () => {
    const values: MarshalValue[] = [new PyFloat(0.1), 'abc', new PyTuple([1, 'é', new MarshalList([2 ** 40])]), new PySlice(1, None, None)];
    const expected = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}
vals = [${values.map(valueToPython).join(', ')}]
print(json.dumps([_b64(marshal.dumps(v, -3)) if type(v) is not slice else '' for v in vals] +
                 [canon(marshal.loads(_unb64(b))) for b in ${JSON.stringify(values.map((v) => b64(marshalDumps(v, 9))))}]))
`),
    ) as string[];
    const got = [...values.map((v) => (v instanceof PySlice ? '' : b64(marshalDumps(v, -3)))), ...values.map((v) => canon(v))];
    expect(got).toEqual(expected);
    expect(() => marshalDumps(1.5 as MarshalValue)).toThrow('unmarshallable object');
  });

  it('rejects a slice below version 5, as CPython does', () => {
    expect(() => marshalDumps(new PySlice(1, 2, 3), 4)).toThrow(MarshalError);
  });

  it('writes the text floats of versions 0 and 1 as CPython does (%.17g, half-even)', async () => {
    const doubles = [
      0.1, -0.0, 0, 1e16, 1e17, 1.2345e17, 123456789012345678, 1e-4, 1e-5, 1234567890123456.25, 5e-324,
      1.7976931348623157e308, 100, NaN, -Infinity, 2 ** -1074 * 3, 0.30000000000000004, 1 / 3, 2 ** 60, -1e-300,
      ...fc.sample(arbDouble, { seed: SEED, numRuns: 300 }),
    ];
    const values = doubles.map((d) => new PyFloat(d));
    const expected = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}
vals = [${values.map(valueToPython).join(', ')}]
print(json.dumps([_b64(marshal.dumps(v, 0)) for v in vals] + [_b64(marshal.dumps(complex(v.real, -v.real), 1)) for v in vals]))
`),
    ) as string[];
    const got = [
      ...values.map((v) => b64(marshalDumps(v, 0))),
      ...values.map((v) => b64(marshalDumps(new PyComplex(v.value, -v.value), 1))),
    ];
    expect(got).toEqual(expected);
  });
});

describe('references and cycles', () => {
  it('reads CPython\'s shared and self-containing values with their identities', async () => {
    const dumped = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}
x = [1.5]
l = []; l.append(l)
d = {}; d['self'] = d
t = (x, x, 'abc d', 'abc d')
print(json.dumps([_b64(marshal.dumps(v)) for v in (t, l, d)]))
`),
    ) as string[];
    const [t, l, d] = dumped.map((b) => marshalLoads(unb64(b)));
    expect(t).toBeInstanceOf(PyTuple);
    const items = (t as PyTuple).items as readonly MarshalValue[];
    expect(items[0]).toBe(items[1]);
    expect(items[0]).toBeInstanceOf(MarshalList);
    expect((l as MarshalList).items[0]).toBe(l);
    expect((d as MarshalDict).values[0]).toBe(d);
  });

  it('CPython loads tspy\'s self-containing list, dict and tuple with their cycles', async () => {
    const list = new MarshalList();
    list.items.push(list, list);
    const dict = new MarshalDict(['a'], []);
    dict.values.push(dict);
    const tupleItems: MarshalValue[] = [];
    const tuple = new PyTuple(tupleItems as PyConst[]);
    tupleItems.push(new MarshalList([tuple]));
    const report = await runPython(`${MARSHAL_PRELUDE}
l, d, t = (marshal.loads(_unb64(s)) for s in ${JSON.stringify([list, dict, tuple].map((v) => b64(marshalDumps(v))))})
print(l[0] is l and l[1] is l and d['a'] is d and t[0][0] is t)
`);
    expect(report.trim()).toBe('True');
    // Below version 3 there are no references: CPython recurses until its depth limit.
    expect(() => marshalDumps(list, 2)).toThrow('object too deeply nested to marshal');
  });

  const CODE_SOURCES = [
    'x = 1',
    'def f(a, b=300, *c):\n    return (a, "s p", 1.5, 1.5, b"", b"z", None, f"{a!r}")\n',
    'class C:\n    def m(self): return [1, 2][1:]\n',
  ];
  it('writes code objects compiled by CPython byte for byte (the reference rule of marshal_write.ts)', async () => {
    const dumped = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}
srcs = ${JSON.stringify(CODE_SOURCES)}
print(json.dumps([_b64(marshal.dumps(compile(s, 'm.py', 'exec'))) for s in srcs]))
`),
    ) as string[];
    for (const data of dumped) expect(b64(marshalDumps(marshalLoads(unb64(data))))).toBe(data);
  });
});

describe('allow_code', () => {
  it('refuses code objects both ways with CPython\'s messages', async () => {
    const [data, loadError, dumpError] = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}
co = compile('x', 'f', 'eval')
b = marshal.dumps((1, co))
out = [_b64(b)]
for f in (lambda: marshal.loads(b, allow_code=False), lambda: marshal.dumps((1, co), allow_code=False)):
    try:
        f()
        out.append('ok')
    except Exception as e:
        out.append(type(e).__name__ + ': ' + str(e))
print(json.dumps(out))
`),
    ) as string[];
    const outcome = (f: () => unknown): string => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return e instanceof MarshalError ? `${e.pyType}: ${e.message}` : String(e);
      }
    };
    const value = marshalLoads(unb64(data!));
    expect(outcome(() => marshalLoads(unb64(data!), { allowCode: false }))).toBe(loadError);
    expect(outcome(() => marshalDumps(value, 5, { allowCode: false }))).toBe(dumpError);
    expect(outcome(() => marshalDumps(new MarshalList([1]), 5, { allowCode: false }))).toBe('ok');
  });
});

describe('errors on malformed input match CPython', () => {
  const BAD: number[][] = [
    [], [0x69, 1], [0x01], [0x72, 0, 0, 0, 0], [0x6c, 1, 0, 0, 0, 0, 0], [0x6c, 1, 0, 0, 0, 0xff, 0xff],
    [0x30], [0x29, 1, 0x30], [0x28, 0xff, 0xff, 0xff, 0xff], [0x73, 5, 0, 0, 0, 1], [0x7a], [0x7a, 3, 0x41],
    [0x75, 1, 0, 0, 0, 0xff], [0x75, 2, 0, 0, 0, 0xc3, 0x41], [0x75, 3, 0, 0, 0, 0xed, 0xa0, 0x80], [0x75, 3, 0, 0, 0, 0xed, 0xa0, 0x41],
    [0x75, 3, 0, 0, 0, 0xf0, 0x9f, 0x98], [0x75, 4, 0, 0, 0, 0xf0, 0x9f, 0x41, 0x41], [0x75, 2, 0, 0, 0, 0xe0, 0x80], [0x67, 0, 0], [0xe9, 1, 0, 0, 0, 0x72, 0, 0, 0, 0],
    [0x29], [0x66], [0x78], [0x5a], [0xa9, 2, 0x72, 0, 0, 0, 0, 0x3f], [0xa9, 2, 0x72, 0, 0, 0, 0, 0x30], [0x29, 2, 0xda, 1, 0x61, 0x72, 0, 0, 0, 0], [0x66, 3, 0x31, 0x2e, 0x35],
    [0x66, 3, 0x31, 0x2e, 0x78], [0x6c, 0xe8, 3, 0, 0, 1, 0], [0x3e, 1, 0, 0, 0, 0x30],
    // list/dict/set: NULL items, a NULL value ending a dict, unhashable keys and elements, nested references
    [0x5b, 1, 0, 0, 0, 0x30], [0x5b, 2, 0, 0, 0, 0x4e], [0x7b, 0x69, 1, 0, 0, 0, 0x30], [0x7b, 0x4e, 0x4e, 0x4e, 0x30],
    [0x7b, 0x5b, 0, 0, 0, 0, 0x4e, 0x30], [0x7b, 0x29, 1, 0x7b, 0x30, 0x4e, 0x30], [0x3c, 1, 0, 0, 0, 0x5b, 0, 0, 0, 0],
    [0x3e, 1, 0, 0, 0, 0x3a, 0x5b, 0, 0, 0, 0, 0x4e, 0x4e], [0xdb, 1, 0, 0, 0, 0x72, 0, 0, 0, 0], [0xbe, 1, 0, 0, 0, 0x72, 0, 0, 0, 0],
    [0x7b, 0x69, 1, 0, 0, 0, 0x4e, 0x67, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x54, 0x30], [0x53], [0x3f], [0x49, 1, 2, 3, 4, 5, 6, 7, 0x80],
    [0x28, 0, 0, 0, 0x80], [0x5b, 0, 0, 0, 0x80], [0x3c, 0xff, 0xff, 0xff, 0x7f],
    [0xba, 0x72, 0, 0, 0, 0, 0x4e, 0x4e], [0x6c, 0, 0, 0, 0], [0x6c, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00],
    [0x78, 3, 0x31, 0x2e, 0x35], [0x78, 3, 0x31, 0x2e, 0x35, 3, 0x6e, 0x61, 0x6e], [0x66, 4, 0x2d, 0x69, 0x6e, 0x66],
    [0x66, 5, 0x31, 0x65, 0x39, 0x39, 0x39], [0x66, 3, 0x20, 0x31, 0x20], [0x66, 4, 0x31, 0x5f, 0x30, 0x30], [0x66, 2, 0x31, 0x00],
    // frozenset(1, True, 1.0, 1+0j, 'a', 'a', 2**70 as 'l', 2.0**70, nan, nan): CPython keeps the first of equal items
    [0x3e, 10, 0, 0, 0, 0x69, 1, 0, 0, 0, 0x54, 0x67, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x79, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f,
      0, 0, 0, 0, 0, 0, 0, 0, 0x7a, 1, 0x61, 0x7a, 1, 0x61, 0x6c, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04,
      0x67, 0, 0, 0, 0, 0, 0, 0x50, 0x44, 0x67, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0x67, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f],
  ];
  it(`${BAD.length} hand-made inputs`, async () => {
    const program = `${MARSHAL_PRELUDE}
out = []
for data in ${JSON.stringify(BAD.map((b) => b64(Uint8Array.from(b))))}:
    try:
        out.append(['ok', canon(marshal.loads(_unb64(data)))])
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
`;
    const expected = JSON.parse(await runPython(program)) as [string, string][];
    const got = BAD.map((bytes): [string, string] => {
      try {
        return ['ok', canon(marshalLoads(Uint8Array.from(bytes)))];
      } catch (e) {
        if (!(e instanceof MarshalError)) return ['raw JS exception', String(e)];
        return [e.pyType, e.message];
      }
    });
    expect(got).toEqual(expected);
  });
});

describe('nesting limits match CPython', () => {
  // The limit is platform-dependent (MAX_MARSHAL_STACK_DEPTH: 2000 on Linux, which tspy
  // follows; 1500 in pyodide, like WASI), so the depths tested are on both sides of both.
  it('reading and writing tuples nested 1400 and 2100 deep', async () => {
    const depths = [1400, 2100];
    const nested = (n: number): Uint8Array => Uint8Array.from([...Array.from({ length: n }, () => [0x29, 1]).flat(), 0x4e]);
    const program = `${MARSHAL_PRELUDE}
out = []
for n in ${JSON.stringify(depths)}:
    try:
        marshal.loads(b')\\x01' * n + b'N')
        out.append('ok')
    except Exception as e:
        out.append(f'{type(e).__name__}: {e}')
    t = None
    for _ in range(n):
        t = (t,)
    try:
        marshal.dumps(t)
        out.append('ok')
    except Exception as e:
        out.append(f'{type(e).__name__}: {e}')
print(json.dumps(out))
`;
    const expected = JSON.parse(await runPython(program)) as string[];
    const outcome = (f: () => unknown): string => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return e instanceof MarshalError ? `${e.pyType}: ${e.message}` : `raw: ${String(e)}`;
      }
    };
    const got = depths.flatMap((n) => {
      let t: PyConst = None;
      for (let i = 0; i < n; i++) t = new PyTuple([t]);
      const value = t;
      return [outcome(() => marshalLoads(nested(n))), outcome(() => marshalDumps(value))];
    });
    expect(got).toEqual(expected);
  });
});

const namesOf = (t: PyTuple): string[] => t.items.map((x) => String(x));

const COMPARE_CODE = String.raw`
ATTRS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags', 'co_code',
         'co_names', 'co_varnames', 'co_cellvars', 'co_freevars', 'co_nlocals', 'co_filename', 'co_name',
         'co_qualname', 'co_firstlineno', 'co_linetable', 'co_exceptiontable')
def cmp(a, b, path):
    if type(a) is not type(b):
        return f'{path}: type {type(a).__name__} vs {type(b).__name__}'
    if type(a) is types.CodeType:
        for attr in ATTRS:
            if getattr(a, attr) != getattr(b, attr):
                return f'{path}.{attr}'
        if len(a.co_consts) != len(b.co_consts):
            return f'{path}.co_consts length'
        for i, (x, y) in enumerate(zip(a.co_consts, b.co_consts)):
            r = cmp(x, y, f'{path}.co_consts[{i}]')
            if r:
                return r
        return None if a == b else f'{path}: code objects differ'
    return None if canon(a) == canon(b) else f'{path}: {canon(a)} vs {canon(b)}'
def preorder(co, out):
    out.append([co.co_qualname, list(co.co_varnames), list(co.co_cellvars), list(co.co_freevars), co.co_nlocals])
    for c in co.co_consts:
        if type(c) is types.CodeType:
            preorder(c, out)
    return out
`;

describe('code objects of stdlib modules round-trip through tspy', () => {
  it('CPython dumps → marshalLoads → marshalDumps → CPython loads equals the original', async () => {
    const modules = stdlibSample();
    expect(modules.length).toBeGreaterThanOrEqual(25);
    const sourcesB64 = b64(new TextEncoder().encode(JSON.stringify(modules.map((m) => [m.name, m.source]))));
    const dumped = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}
srcs = json.loads(_unb64('${sourcesB64}').decode())
print(json.dumps([_b64(marshal.dumps(compile(src, name, 'exec'))) for name, src in srcs]))
`),
    ) as string[];
    const ours = dumped.map((d) => marshalLoads(unb64(d)));
    const derived = ours.map((co) => {
      expect(co).toBeInstanceOf(CodeObject);
      return codesInPreorder(co as CodeObject).map((c) => [
        String(c.co_qualname), namesOf(c.co_varnames), namesOf(c.co_cellvars), namesOf(c.co_freevars), c.co_nlocals,
      ]);
    });
    const back = ours.map((co) => b64(marshalDumps(co)));
    const report = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}${COMPARE_CODE}
srcs = json.loads(_unb64('${sourcesB64}').decode())
back = ${JSON.stringify(back)}
out = []
for (name, src), b in zip(srcs, back):
    co = compile(src, name, 'exec')
    try:
        diff = cmp(co, marshal.loads(_unb64(b)), name)
    except Exception as e:
        diff = name + ': ' + repr(e)
    out.append([diff, preorder(co, [])])
print(json.dumps(out))
`),
    ) as [string | null, unknown[]][];
    expect(report.map(([diff]) => diff).filter((d) => d !== null)).toEqual([]);
    report.forEach(([, want], i) => expect(derived[i]).toEqual(want));
    const codeCount = derived.reduce((n, d) => n + d.length, 0);
    expect(codeCount).toBeGreaterThan(500);
  });
});
