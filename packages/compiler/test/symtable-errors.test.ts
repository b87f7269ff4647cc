// Compile-time SyntaxErrors raised by the symbol table, against CPython 3.14's
// `compile(src, 'f', 'exec')` (pyodide): message, lineno, offset, end_lineno, end_offset,
// text. Each case is also checked to fail in `symtable.symtable()` with the same error,
// which proves that the error belongs to the symtable stage, not to codegen.
import { expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { parse } from '../src/parser/parse.js';
import { PySyntaxError } from '../src/errors.js';
import { buildSymtable } from '../src/compiler/symtable.js';
import { futureFromAST, PyCF_ALLOW_TOP_LEVEL_AWAIT } from '../src/compiler/future.js';
import { tspySymtable, type SymtableOutcome } from './support/symtable-dump.js';

const CASES: string[] = [
  // global / nonlocal
  'def f():\n    x = 1\n    global x',
  'def f():\n    print(x)\n    global x',
  'def f(x):\n    global x',
  'def f():\n    x: int\n    global x',
  'def f():\n    x = 1\n    def g():\n        y = 2\n        nonlocal y',
  'def f():\n    def g():\n        print(y)\n        nonlocal y\n    y = 1',
  'def f(x):\n    nonlocal x',
  'def f():\n    x: int\n    def g():\n        x: int\n        nonlocal x',
  'def f():\n    nonlocal x',
  'nonlocal x',
  'x = 1\nnonlocal x',
  'class C:\n    nonlocal x',
  'def f():\n    class C:\n        nonlocal y',
  'def f():\n    global x\n    nonlocal x\n    x = 1',
  'def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x',
  'def f[T]():\n    def g():\n        nonlocal T',
  'class C[T]:\n    def g(self):\n        nonlocal T',
  'x: int\nglobal x',
  'def f():\n    global x\n    x: int = 1',
  'def f():\n    x = 1\n    def g():\n        nonlocal x\n        x: int = 2',
  'def f():\n  global é\n  é = 1\n  global é',
  // parameters
  'def f(a, a): pass',
  'def f(a, *a): pass',
  'def f(a, **a): pass',
  'def f(a, *, a): pass',
  'def f(a, /, a): pass',
  'lambda a, a: 0',
  'lambda a, *, b, b=1: 0',
  'class C:\n    def f(self, __a, _C__a): pass',
  'def f[T, T](): pass',
  'class C[T, *T]: pass',
  'type A[P, **P] = int',
  'def f[__classdict__](): pass',
  'def f[__classdict__: int](): pass',
  // __debug__
  '__debug__ = 1',
  'del __debug__',
  'def f(__debug__): pass',
  'x.__debug__ = 1',
  'del x.__debug__',
  'f(__debug__=1)',
  'class C(__debug__=1): pass',
  'for __debug__ in x: pass',
  'import __debug__',
  'from m import x as __debug__',
  'match x:\n    case C(__debug__=1): pass',
  'def f(*, __debug__): pass',
  'lambda __debug__: 0',
  'with x as __debug__: pass',
  // import *
  'def f():\n    from m import *',
  'class C:\n    from m import *',
  // await / async
  'await x',
  'def f():\n    await x',
  'class C:\n    await x',
  'def f():\n    [await x for x in y]',
  'lambda: await x',
  '[x async for x in y]',
  'def f():\n    return [x async for x in y]',
  'def f():\n    return {x: 1 async for x in y}',
  'async with x: pass',
  'def f():\n    async with x: pass',
  'async for x in y: pass',
  'def f():\n    async for x in y: pass',
  'class C:\n    async for x in y: pass',
  // yield in comprehensions
  'def f():\n    [(yield x) for x in y]',
  'def f():\n    {(yield x) for x in y}',
  'def f():\n    {x: (yield x) for x in y}',
  'def f():\n    ((yield x) for x in y)',
  'def f():\n    [(yield from x) for x in y]',
  // named expressions in comprehensions
  '[(x := 1) for x in y]',
  '[(x := 1) for y in z for x in w]',
  '[[(x := 1) for y in z] for x in w]',
  '[i for i in (j := y)]',
  '[i for i in y for j in (k := i)]',
  '[i for i in [(j := 2) for k in y]]',
  'class C:\n    [(x := 1) for y in z]',
  'def f():\n    global x\n    [x for x in (x := y)]',
  '[(j := 0) for i in range(5) for j in range(5)]',
  '[i for i in range(5) if (j := 0) for j in range(5)]',
  'def f():\n    [(x := 0) for _ in y for x in z]',
  'class C[T]:\n    x: [(y := 1) for z in w]',
  'type A = [(x := 1) for y in z]',
  'def f[T: [(x := 1) for y in z]](): pass',
  'class C[T = [(x := 1) for y in z]]: pass',
  // annotation / type-parameter restrictions
  'x: (yield)',
  'def f(x: (yield)): pass',
  'def f() -> (yield from x): pass',
  'async def f(x: (await y)): pass',
  'x: (y := 1)',
  'class C:\n    x: (yield)',
  'def f():\n    x: (yield)',
  'type A = (yield)',
  'type A = (await x)',
  'type A = (x := 1)',
  'type A[T: (yield)] = int',
  'type A[T: (int, (yield))] = int',
  'type A[T = (yield)] = int',
  'type A[*Ts = (yield)] = int',
  'type A[**P = (yield)] = int',
  'def f[T: (x := 1)](): pass',
  'def f[T = (await x)](): pass',
  'class C[T: (yield)]: pass',
  'def f[T](x: (yield)): pass',
  'class C[T]((yield)): pass',
  'class C[T](metaclass=(yield)): pass',
  // __future__ placement
  'x = 1\nfrom __future__ import annotations',
  '"""doc"""\nimport os\nfrom __future__ import annotations',
  'from __future__ import annotations\nimport os\nfrom __future__ import division',
  'def f():\n    from __future__ import annotations',
  'from __future__ import annotations; from __future__ import division\nx = 1; from __future__ import annotations',
];

interface ErrorFields {
  msg: string;
  lineno: number | null;
  offset: number | null;
  end_lineno: number | null;
  end_offset: number | null;
  text: string | null;
}

/** CPython's compile() error and symtable.symtable() error for each case. */
async function cpythonErrors(cases: readonly string[]): Promise<{ compile: ErrorFields | string; symtable: ErrorFields | string }[]> {
  const payload = Buffer.from(JSON.stringify(cases), 'utf8').toString('base64');
  const out = await runPython(String.raw`
import json, base64, symtable
def fields(e):
    return {'msg': e.msg, 'lineno': e.lineno, 'offset': e.offset, 'end_lineno': e.end_lineno,
            'end_offset': e.end_offset, 'text': e.text}
def run(f):
    try:
        f()
        return 'no error'
    except SyntaxError as e:
        return fields(e)
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)[:200]
res = []
for src in json.loads(base64.b64decode('${payload}').decode('utf-8')):
    res.append({'compile': run(lambda: compile(src, 'f', 'exec')),
                'symtable': run(lambda: symtable.symtable(src, 'f', 'exec'))})
print(json.dumps(res))
`);
  return JSON.parse(out);
}

function tspyError(o: SymtableOutcome): ErrorFields | string {
  if (o.ok) return 'no error';
  const [kind, msg, lineno, offset, endLineno, endOffset, text] = o.error;
  if (kind !== 'SyntaxError') return `${kind}: ${msg}`;
  return { msg, lineno, offset, end_lineno: endLineno, end_offset: endOffset, text };
}

it('raises the symtable SyntaxErrors CPython raises', async () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  const expected = await cpythonErrors(CASES);
  const notSymtable: string[] = [];
  const misses: string[] = [];
  let equal = 0;
  for (let i = 0; i < CASES.length; i++) {
    const { compile, symtable } = expected[i]!;
    if (typeof compile === 'string' || JSON.stringify(compile) !== JSON.stringify(symtable)) {
      // Not a symtable-stage error in CPython: the corpus is wrong, report it.
      notSymtable.push(`#${i} ${JSON.stringify(CASES[i])}: compile ${JSON.stringify(compile)} symtable ${JSON.stringify(symtable)}`);
      continue;
    }
    const actual = tspyError(tspySymtable(CASES[i]!, 'f'));
    if (JSON.stringify(actual) === JSON.stringify(compile)) equal++;
    else misses.push(`#${i} ${JSON.stringify(CASES[i])}:\n    CPython ${JSON.stringify(compile)}\n    tspy    ${JSON.stringify(actual)}`);
  }
  console.log(`symtable errors: ${equal}/${CASES.length} equal to CPython`
    + (notSymtable.length ? `\nnot symtable-stage in CPython:\n${notSymtable.join('\n')}` : '')
    + (misses.length ? `\n${misses.join('\n')}` : ''));
  expect(notSymtable).toEqual([]);
  expect(misses).toEqual([]);
}, 60_000);

/** Sources compiled with PyCF_ALLOW_TOP_LEVEL_AWAIT (asyncio's REPL, IPython). */
const TOP_LEVEL_AWAIT_CASES: string[] = [
  'await x',
  '[x async for x in y]',
  'x = [await y for y in z]',
  '(x async for x in y)',
  'async for x in y: pass',
  'async with x: pass',
  'def f():\n    await x',
  'class C:\n    await x',
  'def f():\n    return [x async for x in y]',
  'lambda: await x',
  'class C:\n    async for x in y: pass',
  'class C:\n    async with x: pass',
  'class C:\n    [x async for x in y]',
];

it('follows PyCF_ALLOW_TOP_LEVEL_AWAIT like CPython', async () => {
  const payload = Buffer.from(JSON.stringify(TOP_LEVEL_AWAIT_CASES), 'utf8').toString('base64');
  const expected = JSON.parse(await runPython(String.raw`
import json, base64
res = []
for src in json.loads(base64.b64decode('${payload}').decode('utf-8')):
    try:
        compile(src, 'f', 'exec', flags=${PyCF_ALLOW_TOP_LEVEL_AWAIT})
        res.append('no error')
    except SyntaxError as e:
        res.append([e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset])
print(json.dumps(res))
`)) as (string | (string | number)[])[];
  const misses: string[] = [];
  TOP_LEVEL_AWAIT_CASES.forEach((src, i) => {
    let actual: string | (string | number | undefined)[] = 'no error';
    try {
      const mod = parse(src, 'f', 'exec');
      buildSymtable(mod, 'f', futureFromAST(mod, PyCF_ALLOW_TOP_LEVEL_AWAIT));
    } catch (e) {
      actual = e instanceof PySyntaxError ? [e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset] : String(e);
    }
    if (JSON.stringify(actual) !== JSON.stringify(expected[i])) {
      misses.push(`${JSON.stringify(src)}: CPython ${JSON.stringify(expected[i])} tspy ${JSON.stringify(actual)}`);
    }
  });
  console.log(`top-level await: ${TOP_LEVEL_AWAIT_CASES.length - misses.length}/${TOP_LEVEL_AWAIT_CASES.length} equal to CPython\n${misses.join('\n')}`);
  expect(misses).toEqual([]);
}, 60_000);
