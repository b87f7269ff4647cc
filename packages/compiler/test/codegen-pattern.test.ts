// Differential test of `match` statement codegen against CPython 3.14 (pyodide): the
// unoptimized instruction sequences of every code unit and the pattern SyntaxErrors
// (message and location) from `_testinternalcapi.compiler_codegen`, the SyntaxWarnings,
// and the final code objects of `compile()`. Prints N/M per comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpythonCodegen } from './support/codegen-oracle.js';
import { compareCodegenCases, reportCodegen, type CodegenCase, type CodegenComparison } from './support/codegen-harness.js';

/** Match statements (compiled at module level and inside a function). */
const MATCHES: string[] = [
  'match x:\n    case 1: pass',
  'match x:\n    case 1: pass\n    case 2: pass',
  'match x:\n    case 1: a\n    case _: b',
  'match x:\n    case _: pass',
  'match x:\n    case _ if y: pass',
  'match x:\n    case 1 if y: a\n    case _ if z: b',
  'match x:\n    case y: pass',
  'match x:\n    case y if y: pass\n    case z: pass',
  'match x:\n    case -1: pass\n    case 1.5: pass\n    case 2j: pass\n    case -1+2j: pass',
  "match x:\n    case 's': pass\n    case b'b': pass\n    case 'a' 'b': pass",
  'match x:\n    case None: pass\n    case True: pass\n    case False: pass',
  'match x:\n    case a.b: pass\n    case a.b.c: pass',
  'match x:\n    case []: pass',
  'match x:\n    case [a]: pass',
  'match x:\n    case [a, b]: pass',
  'match x:\n    case (a, b, c): pass',
  'match x:\n    case [_]: pass',
  'match x:\n    case [_, _]: pass',
  'match x:\n    case [*_]: pass',
  'match x:\n    case [_, *_]: pass',
  'match x:\n    case [a, *_]: pass',
  'match x:\n    case [*_, a]: pass',
  'match x:\n    case [a, *_, b]: pass',
  'match x:\n    case [a, _, *_, b, _]: pass',
  'match x:\n    case [a, *rest]: pass',
  'match x:\n    case [*rest, a]: pass',
  'match x:\n    case [a, *rest, b]: pass',
  'match x:\n    case [1, [2, a], *_]: pass',
  'match x:\n    case [[a, b], [c, d]]: pass',
  'match x:\n    case {}: pass',
  'match x:\n    case {1: a}: pass',
  "match x:\n    case {'k': a, 'j': b}: pass",
  'match x:\n    case {**rest}: pass',
  "match x:\n    case {'k': a, **rest}: pass",
  'match x:\n    case {a.b: c}: pass',
  "match x:\n    case {'k': [a, b], 'j': {'l': c}}: pass",
  'match x:\n    case C(): pass',
  'match x:\n    case C(a): pass',
  'match x:\n    case C(a, b): pass',
  'match x:\n    case C(k=a): pass',
  'match x:\n    case C(a, k=b, j=c): pass',
  'match x:\n    case C(_, k=_): pass',
  'match x:\n    case m.C(1, [a, b], k=C(c)): pass',
  'match x:\n    case 1 | 2: pass',
  'match x:\n    case 1 | 2 | 3: pass',
  'match x:\n    case [a] | (a,): pass',
  'match x:\n    case [a, b] | [b, a]: pass',
  'match x:\n    case (a, b, c) | (c, b, a) | (b, c, a): pass',
  'match x:\n    case {1: a} | [a]: pass',
  'match x:\n    case [1 | 2, a] | [a, 3]: pass',
  'match x:\n    case [a, (1 | 2) as b]: pass',
  'match x:\n    case 1 as a: pass',
  'match x:\n    case [1, 2] as a: pass',
  'match x:\n    case (1 | 2) as a: pass',
  'match x:\n    case C(a) as b if a > b: pass',
  'match x:\n    case [a, *_] | [*_, a]: pass',
  'match x:\n    case [a, b, *c] if a:\n        pass\n    case {1: d, **e}:\n        pass\n    case C(f, g=h) as i:\n        pass\n    case _:\n        pass',
  'match x:\n    case str() | bytes(): pass\n    case int(v): pass',
  'match (a, b):\n    case (1, 2): pass',
  'match x:\n    case [' + Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ') + ']: pass',
  'match x:\n    case {' + Array.from({ length: 20 }, (_, i) => `${i}: a${i}`).join(', ') + '}: pass',
];

/** Pattern SyntaxErrors (message and location must be CPython's). */
const PATTERN_ERRORS: string[] = [
  'match x:\n    case a: pass\n    case 1: pass',
  'match x:\n    case _: pass\n    case 1: pass',
  'match x:\n    case [a, a]: pass',
  'match x:\n    case a | b: pass',
  'match x:\n    case _ | 1: pass',
  'match x:\n    case 1 | a: pass\n    case 2: pass',
  'match x:\n    case [a] | [b]: pass',
  'match x:\n    case [a, b] | [a]: pass',
  'match x:\n    case [a, b] | [a, c]: pass',
  'match x:\n    case {1: a, 1: b}: pass',
  'match x:\n    case {1: a, True: b}: pass',
  "match x:\n    case {'k': a, 'k': b}: pass",
  'match x:\n    case {0: a, 0.0: b}: pass',
  'match x:\n    case C(a=1, a=2): pass',
  'match x:\n    case [*a, *b]: pass',
  'match x:\n    case (a | [a]) | b: pass',
  'match x:\n    case {1: a, **a}: pass',
  'match x:\n    case C(a, k=a): pass',
  'match x:\n    case [(1 | 2) as a, a]: pass',
  'match x:\n    case [a, [b, a]]: pass',
];

function functionWrap(src: string): string {
  return 'def f(x):\n' + src.split('\n').map((l) => `    ${l}`).join('\n') + '\n';
}

const CASES: CodegenCase[] = [
  ...MATCHES.map((s) => ({ name: `module: ${s}`, source: `${s}\n` })),
  ...MATCHES.map((s) => ({ name: `function: ${s}`, source: functionWrap(s) })),
  ...PATTERN_ERRORS.map((s) => ({ name: `error: ${s}`, source: `${s}\n` })),
].map((c) => ({ ...c, name: c.name.replace(/\n\s*/g, ' / ').slice(0, 100) }));

const LABEL = 'codegen-pattern';

/** Cases that compile (the error cases have no code object to compare). */
const compiling = CASES.map((c, i) => [c, i] as const).filter(([c]) => !c.name.startsWith('error:'));
let result: CodegenComparison;

beforeAll(async () => {
  result = await compareCodegenCases(CASES);
}, 120_000);

afterAll(() => reportCodegen(LABEL, CASES, result));

describe(`${LABEL}: codegen matches CPython 3.14`, () => {
  it('every error case is an error in CPython', async () => {
    const outcomes = await cpythonCodegen(PATTERN_ERRORS.map((s) => `${s}\n`), { filename: 'f' });
    expect(PATTERN_ERRORS.filter((_, i) => outcomes[i]!.error === undefined)).toEqual([]);
  });
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
