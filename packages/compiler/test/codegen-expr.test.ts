// Differential test of expression codegen against CPython 3.14 (pyodide), for a corpus of
// expressions in module, function and async-function context plus statements that reach
// expression code: the unoptimized instruction sequences of every code unit (nested ones
// included) and SyntaxErrors from `_testinternalcapi.compiler_codegen`, the SyntaxWarnings
// codegen emits, and the final code objects of `compile()`. Prints N/M per comparison
// (set CODEGEN_VERBOSE=1 to list the differences).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpythonCodegen, diffOutcomes, tspyCodegen } from './support/codegen-oracle.js';
import { compareCodegenCases, reportCodegen, summarize, type CodegenCase, type CodegenComparison } from './support/codegen-harness.js';

/** Expressions: each is compiled as `x = EXPR` at module level and as `return EXPR` in a function. */
const EXPRESSIONS: string[] = [
  // constants and names
  '1', '-1', '1.5', '2j', "'s'", "b'b'", 'None', 'True', 'False', '...', '10**100', '(1, 2)', '()',
  'a', 'a.b', 'a.b.c', '__x', 'print',
  // boolean operators
  'a and b', 'a or b', 'a and b and c', 'a or b or c', 'a and (b or c)', '(a or b) and c', 'not a',
  'not (a and b)', 'not not a',
  // binary and unary operators
  'a + b', 'a - b', 'a * b', 'a @ b', 'a / b', 'a // b', 'a % b', 'a ** b', 'a << b', 'a >> b', 'a | b',
  'a ^ b', 'a & b', '-a', '+a', '~a', 'a + b * c - d', '(a + b) * (c - d)', '-a ** 2', "'%s' % a",
  "'%s %r' % (a, b)",
  // comparisons
  'a < b', 'a <= b', 'a == b', 'a != b', 'a > b', 'a >= b', 'a is b', 'a is not b', 'a in b', 'a not in b',
  'a < b < c', 'a < b <= c < d', 'a is None', 'a is not None', 'a == b == c', 'a in b in c',
  // conditional expressions
  'a if b else c', 'a if not b else c', 'a if b and c else d', 'a if b or c else d', 'a if b < c else d',
  'a if b < c < d else e', 'a if (b if c else d) else e', 'a if not (b or c) else d',
  'a if (x := b) else c',
  // lambdas
  'lambda: 0', 'lambda x: x', 'lambda x, y=1, *a, z, w=2, **k: x + y', 'lambda *, k: k',
  'lambda x, /, y: (x, y)', 'lambda: (yield)', 'lambda x=a: lambda y=x: y',
  // displays
  '[]', '[a]', '[a, b, c]', '[*a]', '[a, *b, c]', '[*a, *b]', '{a}', '{a, b}', '{*a, b}', '{}', '{a: b}',
  '{a: b, c: d}', '{**a}', '{a: b, **c}', '{**a, b: c, **d}', '{**a, **b}', '(a,)', '(a, b)', '(*a,)',
  '(a, *b, c)', '[1, 2, 3]', '(1, 2, 3)', '{1, 2, 3}', '{1: 2, 3: 4}',
  '[' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + ']',
  '(' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + ')',
  '{' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + '}',
  '{' + Array.from({ length: 40 }, (_, i) => `k${i}: a${i}`).join(', ') + '}',
  '{' + Array.from({ length: 20 }, (_, i) => `k${i}: a${i}`).join(', ') + ', **z}',
  // calls
  'f()', 'f(a)', 'f(a, b)', 'f(a, k=b)', 'f(k=a, j=b)', 'f(*a)', 'f(a, *b)', 'f(*a, *b)', 'f(**k)',
  'f(a, **k)', 'f(*a, **k)', 'f(k=1, **a, j=2)', 'f(**a, **b)', 'f(a, *b, c, k=1, **d)', 'f(a)(b)',
  'o.m()', 'o.m(a)', 'o.m(a, k=b)', 'o.m(*a)', 'o.m(**k)', 'o.a.m(b)', 'f(a).m(b)',
  'o.m(' + Array.from({ length: 30 }, (_, i) => `a${i}`).join(', ') + ')',
  'f(' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + ')',
  'f(' + Array.from({ length: 20 }, (_, i) => `k${i}=a${i}`).join(', ') + ')',
  'all(x for x in a)', 'any(x for x in a)', 'tuple(x for x in a)', 'list(x for x in a)', 'sum(x for x in a)',
  'all(x for x in a if x)',
  // attributes, subscripts, slices
  'a[b]', 'a[b][c]', 'a[1]', 'a[-1]', 'a[b:c]', 'a[:c]', 'a[b:]', 'a[:]', 'a[1:2]', 'a[1:2:3]', 'a[::2]',
  'a[b:c:d]', 'a[b, c]', 'a[b:c, d]', 'a[1:b]', 'a[b:1]', "a['k']", 'a.b[c].d', 'a[b:c][d]',
  // named expressions
  '(y := a)', '[y := a, y]', 'f(y := a)',
  // comprehensions and generator expressions
  '[x for x in a]', '[x for x in a if x]', '[x for x in a if x if not x]', '[x + y for x in a for y in b]',
  '[x for x in a for y in [x]]', '[(x, y) for x in a if x for y in b if y]', '{x for x in a}',
  '{x: y for x, y in a}', '(x for x in a)', '(x for x in a if x)', '(x for x in a for y in b)',
  '[[y for y in x] for x in a]', '[lambda: x for x in a]', '[x for x in (y for y in a)]',
  '[y for x in a if (y := x)]', '{k: v for k in a for v in b}', '[x for x in a for y in (x,)]',
  '[x for x, *y in a]', '[(a := x) for x in b]',
  // f-strings and t-strings
  "f''", "f'a'", "f'{a}'", "f'{a!r}'", "f'{a!s}'", "f'{a!a}'", "f'{a:>10}'", "f'{a:{b}}'", "f'{a!r:{b}.{c}}'",
  "f'x{a}y{b}z'", "f'{a=}'", "f'{a=!s:>3}'", "f'{{}}{a}'",
  "f'" + Array.from({ length: 20 }, (_, i) => `{a${i}}-`).join('') + "'",
  "t''", "t'a'", "t'{a}'", "t'{a!r}'", "t'{a:>3}'", "t'x{a}y{b}z'", "t'{a}{b}'", "t'{a=}'",
  "t'{a!r:{b}}'", "t'a' t'b'", "t'{a}' t'{b}'",
  // await and yield (function context only makes sense; module context gives errors)
  '(yield)', '(yield a)', '(yield from a)',
  // super
  'super().m', 'super().m(a)', 'super(A, self).m', 'super(A, self).m(a)', 'super().__class__',
  'super(*a).m', 'super(a).m',
  // warnings
  'a is 1', 'a is not "s"', '1 is a', 'a is ()', 'a is (1, 2)', 'a is (b,)', '1(2)', '"s"()', '[1]()',
  '(1, 2)()', '{}()', 'f"x"()', '(x for x in a)()', '1[2]', 'None[a]', '{1}[0]', '(lambda: 0)[0]',
  '"s"["k"]', '[1][1.5]', '(1, 2)["a"]', 'b"x"[()]', '[x for x in a][""]', 'a is ...', 'a is True',
];

/** Expressions that only make sense in a function or async function. */
const FUNCTION_ONLY: string[] = [
  'await a', 'await a + await b', '[await x for x in a]', '[x async for x in a]', '(x async for x in a)',
  '{x: y async for x, y in a}', '[x for x in await a]', '(await x for x in a)',
];

/** Whole modules: statements whose codegen reaches expression code in other ways. */
const MODULES: string[] = [
  'if a and b: pass', 'if a or b: pass', 'if not a: pass', 'if a < b < c: pass', 'if a if b else c: pass',
  'while a and not b: pass', 'assert a < b', 'assert a, b',
  'a, b = c', 'a, *b = c', '[a, b] = c', 'a, (b, c) = d', 'a.b = c', 'a[b] = c', 'a[b:c] = d', 'del a[b]',
  'del a[b:c]', 'del a.b', 'del a, b', 'a.b += 1', 'a[b] += 1', 'a[b:c] += 1',
  'class A:\n    def f(self):\n        self.x = 1\n        return super().f()',
  'class A:\n    def f(self, a):\n        return super().f(a, k=1)',
  'class A:\n    x = [y for y in range(3)]',
  'class A:\n    x = 1\n    y = [x for _ in range(3)]',
  'def f():\n    x = 1\n    return [lambda: x for x in range(3)]',
  'def f(a):\n    y = 0\n    return [y for y in a], y',
  'def f(a):\n    return [x for x in a if (z := x)], z',
  'async def f(a):\n    return [x async for x in a]',
  'async def f(a):\n    async for x in a:\n        yield await x',
  'async def f(a):\n    yield a',
  'def f():\n    yield from a',
  'def f(self):\n    return super().m',
  'import o\no.m(a)',
  'for x in [a for a in b]: pass',
  // conditions (codegen_jump_if)
  'if not a < b < c: pass', 'if a and not b or c: pass', 'if (a if b else c): pass', 'if not (a or b) and c: pass',
  'while a < b: pass', 'if a is 1: pass', 'assert not (a and b), c', 'if a < b < c < d:\n    x\nelse:\n    y',
  'x = a if not b < c < d else e', 'if [x for x in a if x]: pass',
  // assignment targets
  '*a, b = c', 'a, *b, c = d', '[a, *b] = c', '(a, b), c = d', 'a.b, c[d] = e', 'a[1:2] = b', 'a[b:c:d] = e',
  'del a[1:2]', 'del a[b:c:d]', 'x = y = z', 'a[:] = b',
  Array.from({ length: 300 }, (_, i) => `a${i}`).join(', ') + ', *z = b',
  // multi-line attributes and calls (update_start_location_to_match_attr)
  'x = (a\n     .b\n     .c)', 'x = (a\n     .m(b))', 'x = (a.\n     m\n     (b, k=c))', 'x = (super()\n     .m)',
  '(a\n .b) = 1', 'x = (a\n     .b)(c)',
  // classes, cells and super()
  'class A:\n    def f(self):\n        return super().m(1, 2)',
  'class A:\n    def f(self, *a, **k):\n        return super().__init__(*a, **k)',
  'class A:\n    def f(self):\n        super().x = 1',
  'class A:\n    def f(self):\n        return super().__class__',
  'class A:\n    def f():\n        return super().m',
  'class A:\n    def f(*args):\n        return super().m',
  'class A:\n    def f(self):\n        def g():\n            return super().m\n        return g',
  'class A:\n    def f(self):\n        return lambda: super().m',
  'super = 1\nclass A:\n    def f(self):\n        return super().m',
  'class A:\n    def f(self):\n        super = 1\n        return super().m',
  'class A:\n    def f(self):\n        self.__x = 1\n        self.y += 1\n        del self.z\n        return self.__x',
  'class A:\n    __x = 1\n    y = [__x for _ in range(3)]',
  'class A:\n    y = [z for z in range(3) if z]\n    z = {k: v for k, v in y}',
  'class A:\n    x = 1\n    def f(self):\n        return [x for x in range(3)]',
  'def f():\n    x = 1\n    return [x for _ in range(3)]',
  'def f():\n    x = 1\n    def g():\n        return x\n    return [x for x in range(3)]',
  'def f():\n    return [lambda: y for y in range(3) for z in [y]]',
  'def f(a):\n    return [[x, y] for x in a for y in [x, x]]',
  'def f(a):\n    return {x: [y for y in x] for x in a}',
  'def f():\n    x = 1\n    return lambda: lambda: x',
  'def f(x):\n    def g():\n        nonlocal x\n        return [x for _ in range(3)]\n    return g',
  'def f():\n    return (x async for x in a)',
  'async def f(a):\n    return [x for x in a async for y in x]',
  'async def f(a):\n    return [await y async for x in a for y in x]',
  'async def f(a):\n    return (await x for x in a)',
  'async def f(a):\n    return {x async for x in a if await x}',
  'def f():\n    yield\n    yield a\n    x = yield a\n    return (yield from a)',
  'def f():\n    return lambda: (yield a)',
  // larger displays and calls
  'x = {' + Array.from({ length: 17 }, (_, i) => `k${i}: a${i}`).join(', ') + ', **z, j: 1}',
  'x = {**z, ' + Array.from({ length: 40 }, (_, i) => `k${i}: a${i}`).join(', ') + '}',
  'f(' + Array.from({ length: 20 }, (_, i) => `k${i}=a${i}`).join(', ') + ', **z)',
  'f(*z, ' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + ')',
  'f(**z, ' + Array.from({ length: 5 }, (_, i) => `k${i}=a${i}`).join(', ') + ')',
  'o.m(' + Array.from({ length: 28 }, (_, i) => `a${i}`).join(', ') + ', k=1)',
  'x = [' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + ', *z]',
  'x = f"' + Array.from({ length: 40 }, (_, i) => `{a${i}}`).join('') + '"',
  'x = t"' + Array.from({ length: 40 }, (_, i) => `{a${i}}`).join(' ') + '"',
  'f(x for x in a)', 'f(x for x in a)(b)', 'all(x for x in a)(b)', 'print(*a, sep="")', 'f(a, *b, *c, **d, **e)',
  'x = f"{a!r:{b}{c}}" f"{d}"', 'x = t"{a}" "b" t"{c!s}"', 'x = f"{f"{a}"}"', 'x = f"{a:{b:{c}}}"',
  'x = a[1:2, 3]', 'x = a[:2]', 'x = a[None:2]', 'x = a[1:2][3:4]', 'x = a[b:c, d:e]', 'x = a[...]',
  'x = -(1)', 'x = not 1', 'x = ~1', 'x = (a := b) + (c := d)',
];

/** Sources that must raise the same SyntaxError (message and location) as CPython. */
const ERRORS: string[] = [
  'yield a', 'x = yield a', 'yield from a', 'async def f():\n    yield from a', 'a, *b, *c = d',
  'f(k=1, k=2)', 'f(a, k=1, *b, k=2)', 'class A(k=1, k=2): pass', 'o.m(k=1, k=1)',
  '*a = b', 'del *a', 'print(*a)[0] = 1', 'x = (*a)', 'f(**a, *b)',
  Array.from({ length: 300 }, (_, i) => `a${i}`).join(', ') + ', *z, w = b',
  'class A:\n    x = [(y := z) for z in range(3)]', 'def f():\n    x = [await y for y in a]',
  'await a', 'async def f():\n    yield from a', 'def f():\n    return [x async for x in a]',
];

function moduleSource(expr: string): string {
  return `x = ${expr}\n`;
}

function functionSource(expr: string): string {
  return `def f(a, b, *args, **kw):\n    return ${expr}\n`;
}

function asyncSource(expr: string): string {
  return `async def f(a, b):\n    return ${expr}\n`;
}

const CASES: CodegenCase[] = [
  ...EXPRESSIONS.map((e) => ({ name: `module: ${e}`, source: moduleSource(e) })),
  ...EXPRESSIONS.map((e) => ({ name: `function: ${e}`, source: functionSource(e) })),
  ...FUNCTION_ONLY.map((e) => ({ name: `async: ${e}`, source: asyncSource(e) })),
  ...MODULES.map((s) => ({ name: `stmt: ${s}`, source: `${s}\n` })),
  ...ERRORS.map((s) => ({ name: `error: ${s}`, source: `${s}\n` })),
].map((c) => ({ ...c, name: c.name.length > 90 ? `${c.name.slice(0, 87)}...` : c.name }));

const LABEL = 'codegen-expr';

/** Cases that compile (the error cases have no code object to compare). */
const compiling = CASES.map((c, i) => [c, i] as const).filter(([c]) => !c.name.startsWith('error:'));
let result: CodegenComparison;

beforeAll(async () => {
  result = await compareCodegenCases(CASES);
}, 120_000);

afterAll(() => reportCodegen(LABEL, CASES, result));

describe(`${LABEL}: codegen matches CPython 3.14`, () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    expect(result.codegenDiffs[i]).toBeNull();
    expect(result.warningDiffs[i]).toBeNull();
  });
});

describe(`${LABEL}: compile() gives CPython's code objects`, () => {
  it.each(compiling.map(([c], k) => [c.name, k] as const))('%s', (_name, k) => {
    expect(result.e2eDiffs[k] ?? null).toBeNull();
  });
});

/** `eval` (1) and `single` (2) mode sources: codegen of a bare expression body and of
 *  the interactive top level. */
const MODE_CASES: [string, 1 | 2][] = [
  ['lambda: 0', 1], ['[x for x in a]', 1], ['(x for x in a)', 1], ['a if b < c < d else e', 1], ['f(*a, **k)', 1],
  ['{**a, b: c}', 1], ['f"{a!r}"', 1], ['super().m', 1], ['(yield)', 1], ['await a', 1], ['a is 1', 1],
  ['[x for x in a]', 2], ['x = [y for y in a]', 2], ['a and b', 2], ['f(a)', 2], ['1', 2],
];

describe(`${LABEL}: eval and single modes`, () => {
  const diffs: (string | null)[] = [];
  beforeAll(async () => {
    for (const mode of [1, 2] as const) {
      const cases = MODE_CASES.filter(([, m]) => m === mode).map(([s]) => s);
      const expected = await cpythonCodegen(cases, { filename: 'f', mode });
      diffs.push(...cases.map((s, i) => diffOutcomes(expected[i]!, tspyCodegen(s, { filename: 'f', mode }))));
    }
    summarize(`${LABEL} (eval/single modes)`, [1, 2].flatMap((m) => MODE_CASES.filter(([, k]) => k === m).map(([s]) => s)), diffs);
  }, 60_000);
  it.each([1, 2].flatMap((m) => MODE_CASES.filter(([, k]) => k === m)).map(([s, m], i) => [`${m === 1 ? 'eval' : 'single'}: ${s}`, i] as const))(
    '%s', (_name, i) => {
      expect(diffs[i]).toBeNull();
    });
});
