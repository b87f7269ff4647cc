// Compile-time SyntaxErrors and SyntaxWarnings of the symtable/codegen stages against
// CPython 3.14 (pyodide's compile()): message and location of each error, and the
// (category, message, line) list of the warnings.
import { runPython } from '@tspy/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/compiler/compile.js';
import { PySyntaxError } from '../src/errors.js';
import type { ParseWarning } from '../src/parser/parse.js';

const nested = (stmt: string, n: number): string =>
  Array.from({ length: n }, (_, i) => ' '.repeat(i) + stmt).join('\n') + '\n' + ' '.repeat(n) + 'pass';

const ERROR_CASES: string[] = [
  'break',
  'continue',
  'if x:\n  break',
  'def f():\n  break',
  'class A:\n  continue',
  'for x in y:\n  def f():\n    break',
  'while x:\n  class A:\n    continue',
  'for x in y:\n  pass\nelse:\n  continue',
  'while x:\n  pass\nelse:\n  break',
  'x = 1; break',
  "'é'; break",
  'return',
  'return 1',
  'class A:\n  return',
  'def f():\n  class A:\n    return 1',
  'async def f():\n  yield 1\n  return 2',
  'async def f():\n  yield from x',
  'yield',
  'yield from x',
  'x = yield',
  'try:\n  pass\nexcept* E:\n  break',
  'for x in y:\n  try:\n    pass\n  except* E:\n    continue',
  'def f():\n  try:\n    pass\n  except* E:\n    return',
  'def f():\n  try:\n    pass\n  except* E:\n    try:\n      pass\n    finally:\n      return',
  'try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass',
  'def f[T=int, U](): pass',
  'class A[T=int, *U]: pass',
  'type X[**P=int, Q] = 1',
  'a, *b, *c = d',
  '*a = b',
  'x = *a',
  'await x',
  'def f():\n  await x',
  'def f():\n  [x async for x in y]',
  'nonlocal x',
  'def f():\n  nonlocal x',
  'def f(x):\n  global x',
  'x = 1\nglobal x',
  nested('for x in y:', 21),
  nested('for x in y:', 22),
  nested('with x:', 22),
  nested('while x:', 22),
  nested('if x:', 30),
  'class A:\n  [(yield) for x in y]',
  'match x:\n  case a:\n    pass\n  case b:\n    pass',
  'match x:\n  case _:\n    pass\n  case 1:\n    pass',
  'match x:\n  case [a, a]:\n    pass',
  'x: int = (yield)',
  'def f():\n  x: (yield) = 1',
];

const WARNING_CASES: string[] = [
  'assert (x, y)',
  'assert (x, y), "m"',
  'assert ()',
  'assert (x,)',
  'def f():\n  assert (1, 2)',
  'x is 1',
  'if x is not "a": pass',
  'def f():\n  try:\n    pass\n  finally:\n    return 1',
  'for x in y:\n  try:\n    pass\n  finally:\n    break',
  'try:\n  pass\nfinally:\n  assert (a, b)',
  'try:\n  x\nexcept:\n  pass\nfinally:\n  x is 1',
  '(1)(2)',
  '[1][1.0]',
  'x = "%s" % (1,)',
  // parser, preprocessing and codegen warnings together, in CPython's order
  'assert (a, b)\nx = "\\d"',
  'def f():\n  try:\n    pass\n  finally:\n    return x is 1\ny = "\\q"',
  'class A:\n  def f(self):\n    assert (self, 1)\n    return 1 is 1',
];

const ORACLE_PY = String.raw`
import json, base64, warnings
def err(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            compile(src, '<test>', 'exec')
        return None
    except SyntaxError as e:
        return [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
def warns(src):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            compile(src, '<test>', 'exec')
        except SyntaxError as e:
            return [['error', e.msg, e.lineno]]
    return [[x.category.__name__, str(x.message), x.lineno] for x in w]
errs, ws = json.loads(base64.b64decode(__CASES__).decode('utf-8'))
print(json.dumps([[err(s) for s in errs], [warns(s) for s in ws]]))
`;

type ErrorInfo = [string, string, number | null, number | null, number | null, number | null] | null;
type WarningInfo = [string, string, number][];

function tspyError(source: string): ErrorInfo | string {
  try {
    compile(source, '<test>', 'exec');
    return null;
  } catch (e) {
    if (e instanceof PySyntaxError) {
      return [e.kind, e.msg, e.lineno ?? null, e.offset ?? null, e.end_lineno ?? null, e.end_offset ?? null];
    }
    return `JS error: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function tspyWarnings(source: string): WarningInfo | string {
  const warnings: ParseWarning[] = [];
  try {
    compile(source, '<test>', 'exec', { warnings });
  } catch (e) {
    if (e instanceof PySyntaxError) return [['error', e.msg, e.lineno ?? 0]];
    return `JS error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return warnings.map((w) => [w.category ?? 'SyntaxWarning', w.message, w.lineno]);
}

let expectedErrors: ErrorInfo[] = [];
let expectedWarnings: WarningInfo[] = [];

beforeAll(async () => {
  const payload = Buffer.from(JSON.stringify([ERROR_CASES, WARNING_CASES]), 'utf-8').toString('base64');
  const out = JSON.parse(await runPython(ORACLE_PY.replace('__CASES__', JSON.stringify(payload))));
  [expectedErrors, expectedWarnings] = out as [ErrorInfo[], WarningInfo[]];
}, 120_000);

describe('codegen-stage SyntaxErrors vs CPython', () => {
  it.each(ERROR_CASES.map((s, i) => [i, s] as const))('#%i %j', (i, source) => {
    expect(tspyError(source)).toEqual(expectedErrors[i]);
  });
});

describe('compile-time SyntaxWarnings vs CPython', () => {
  it.each(WARNING_CASES.map((s, i) => [i, s] as const))('#%i %j', (i, source) => {
    expect(tspyWarnings(source)).toEqual(expectedWarnings[i]);
  });
});
