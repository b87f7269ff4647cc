// The symbol table against CPython 3.14's (pyodide's `symtable` / `_symtable`): every
// block's type, name, lineno, nested flag, symbols with their flags (scope included),
// parameters and children in order — for a corpus of snippets and for the whole stdlib.
import { expect, it } from 'vitest';
import { decodePythonSource, readStdlibSources, runPython } from '@tspy/test-support';
import { parse } from '../src/parser/parse.js';
import { CO_FUTURE_ANNOTATIONS, CO_FUTURE_BARRY_AS_BDFL, futureFromAST } from '../src/compiler/future.js';
import * as ast from '../src/ast/nodes.js';
import { nodeClass } from '../src/ast/nodes.js';
import {
  annotationBlockKey, BlockType, buildSymtable, functionAnnotationBlockKey, typeParamsBlockKey, typeVarBoundKey,
  typeVarDefaultKey, type SymTable, type SymtableEntry,
} from '../src/compiler/symtable.js';
import {
  codeFactsOf, compareCodeFacts, cpythonCodeFacts, cpythonSymtables, describeTablePath, firstDifference, tspyBuild,
  tspyCodeFacts, tspySymtable, type SymtableOutcome,
} from './support/symtable-dump.js';

const SNIPPETS: string[] = [
  // module, functions, parameters
  'x = 1\nprint(x)',
  'def f(a, b=1, *args, c, d=2, **kw):\n    return a + b + c + d',
  'def f(a, /, b, *, c):\n    pass',
  'async def f():\n    await g()\n    async for x in y: pass\n    async with z as w: pass',
  'def gen():\n    yield 1\n    yield from g()',
  'lambda x, *y, z=1, **w: x + z',
  'f = lambda: (yield)',
  // closures, cells, free variables, global/nonlocal
  'def outer():\n    x = 1\n    def inner():\n        return x\n    return inner',
  'def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x = 2\n    return inner',
  'def f():\n    global g\n    g = 1\n    def h():\n        return g',
  'x = 0\ndef f():\n    global x\n    def g():\n        x = 1\n        def h():\n            return x\n',
  'def a():\n    def b():\n        def c():\n            return v\n    v = 1',
  'def f(x):\n    def g():\n        def h():\n            nonlocal x\n            x += 1\n        return h\n    return g',
  // classes, __class__, super, __classdict__, mangling
  'class C:\n    x = 1\n    def f(self):\n        return x',
  'class C:\n    def f(self):\n        super().f()\n    def g(self):\n        return __class__',
  'class C(Base, metaclass=M):\n    __private = 1\n    def __method(self, __arg):\n        self.__attr = __arg\n        return __private',
  'class _:\n    __x = 1\nclass __C__:\n    __y = 2\n    __z__ = 3',
  'def f():\n    x = 1\n    class C:\n        y = x\n        def g(self):\n            return x',
  'def f():\n    class C:\n        x = 1\n        def g(self):\n            return x\n    x = 2',
  'class C:\n    def f(self):\n        class D:\n            def g(self):\n                return __class__',
  'import a.b.c\nimport d.e as f\nfrom g import h, i as j\nfrom . import k',
  'from m import *',
  // comprehensions, PEP 709 inlining
  '[x for x in range(3)]',
  '{x: y for x, y in z if x}',
  '{x for x in y for y in x}',
  '(x for x in y)',
  'def f():\n    return [x for x in range(3)]',
  'def f():\n    y = 1\n    return [lambda: x + y for x in range(3)]',
  'def f():\n    return [[a for a in b] for b in c]',
  'class C:\n    xs = [x for x in range(3)]\n    ys = [y + z for y in xs for z in xs]',
  'class C:\n    def f(self):\n        return [super().x for _ in ()]',
  'class C:\n    x = [__class__ for _ in ()]',
  'def f():\n    [(y := x) for x in range(3)]\n    return y',
  '[(y := x) for x in range(3)]\nprint(y)',
  'def f():\n    global y\n    [(y := x) for x in range(3)]',
  'def f():\n    x = 1\n    return [x for x in range(3)], x',
  'async def f():\n    return [x async for x in aiter()]',
  'async def f():\n    return [await x for x in y]',
  'async def f():\n    return (x async for x in y)',
  'def f():\n    return [(lambda: i) for i in range(3)]',
  'def f(a):\n    return [a for _ in range(3)]',
  'def f():\n    a = [x for x in y]\n    b = [x for x in a]\n    x = 3',
  'def f():\n    return [[x for x in y] for y in z if (w := y)]',
  // annotations (PEP 649)
  'x: int = 1\ny: "str"\nz.a: int\nw[0]: int',
  'def f(a: int, *b: str, c: float = 1.0, **d: bytes) -> None:\n    pass',
  'class C:\n    x: int\n    y: list[int] = []\n    def f(self) -> "C": pass',
  'if cond:\n    x: int\nclass C:\n    if cond:\n        y: int\n    for i in r:\n        z: int',
  'try:\n    x: int\nexcept E:\n    pass\nwith m:\n    y: str',
  'def f():\n    x: int = 1\n    y: undefined_name\n    return x',
  'def f():\n    x: int\n    def g():\n        return x',
  'class C:\n    def f(self, x: T) -> U:\n        pass\n    a: A',
  'def f(x: (lambda: y)):\n    pass',
  'class C:\n    x: [y for y in z]',
  'x: [y for y in z]',
  'from __future__ import annotations\nx: int\ndef f(a: int) -> str: pass\nclass C:\n    y: C',
  'from __future__ import annotations\nif c:\n    x: int',
  'match x:\n    case 1:\n        y: int',
  'while c:\n    x: int\nelse:\n    y: int',
  // type parameters (PEP 695) and defaults (PEP 696)
  'def f[T](x: T) -> T:\n    return x',
  'def f[T: int, *Ts, **P](a=1, *, b=2): pass',
  'class C[T]:\n    x: T\n    def f(self) -> T: pass',
  'class C[T: (int, str), U = int](Base[T]):\n    pass',
  'type A = int\ntype B[T] = list[T]\ntype C[T: int = bool, *Ts = tuple, **P = [int]] = dict[T, P]',
  'class C:\n    type A = int\n    type B[T] = list[T]\n    def f[T](self, x: T): pass',
  'class C:\n    class D[T]:\n        pass\n    def g[U: C](self): pass',
  'class __C[__T]:\n    __x: __T\n    def __f[__U](self, __a: __U) -> __T: pass',
  'def outer():\n    x = 1\n    def f[T](a: T = x) -> T: return x\n    class C[U]:\n        y = x',
  'def f[T](): \n    def g(): return T',
  'class C[T]:\n    def f(self):\n        return T',
  'type X[T] = lambda: T',
  'class C:\n    T = int\n    type A = T\n    def f[U = T](self): pass',
  // patterns
  'match p:\n    case [a, *rest]: pass\n    case {"k": v, **kw}: pass\n    case Point(x=0, y=yy) | Other(yy): pass\n    case str() as s: pass\n    case _ if g: pass',
  // misc statements
  'try:\n    pass\nexcept E as e:\n    pass\nexcept* F as f:\n    pass\nfinally:\n    del e',
  'with a as (b, c), d as e[0]:\n    pass',
  'for i, j in x:\n    pass\nelse:\n    pass',
  'x += 1\ndel x\nassert x, y\nraise E from F',
  'def f():\n    x += 1\n    del y',
  '"""docstring"""\ndef f():\n    "doc"\nclass C:\n    "doc"',
  'print(f"{x!r:>{width}} {y=}")',
  'print(t"{x} {y:{z}}")',
  'def f():\n    return t"{a}" f"{b}"',
  'a[b:c:d] = e[::f]\n{**x, y: z}\n{*s}',
  'def f(*, __debug=1): pass',
  'def f():\n    def g():\n        super()\n    return g',
  'class C:\n    def f():\n        def g():\n            super()',
  'class C:\n    super = 1\n    def f(self):\n        return super',
  'def f():\n    import os.path\n    from x import y as z',
  'def f():\n    __class__ = 1\n    def g(): return __class__',
  'class C:\n    __class__ = 1\n    def f(self): return __class__',
  'class C:\n    global x\n    def f(self): return x\n    x = 1',
  'class C:\n    nonlocal_ = 1\n    def f(self):\n        global nonlocal_',
  'def f():\n    class C:\n        nonlocal x\n    x = 1',
  'def f():\n    x = 1\n    class C:\n        x = 2\n        y = [x for _ in ()]\n        def g(self): return x',
  'class C:\n    def f(self):\n        x = 1\n        class D:\n            def g(self): return x',
  'x = [y for y in range(3) if (z := y)]',
  'def f():\n    return {(k := 1): v for v in w}',
  '(lambda: [x for x in y])()',
  'def f(x):\n    return lambda: [x for _ in ()]',
  'def f():\n    yield [x for x in (yield)]',
  'def f():\n    g = (x for x in (yield))',
  'def f[T](x=[y for y in z]): pass',
  'class C[T]:\n    z = [T for _ in ()]',
  'class C:\n    def f[T](self): return [T for _ in ()]',
];

/** Sources compiled in 'eval' and 'single' mode (Expression and Interactive modules). */
const OTHER_MODES: [string, 'eval' | 'single'][] = [
  ['x + y', 'eval'],
  ['lambda a: a + b', 'eval'],
  ['[x for x in y if (z := x)]', 'eval'],
  ['(x for x in y)', 'eval'],
  ['await x', 'eval'],
  ['x = 1', 'single'],
  ['def f():\n    return x\n', 'single'],
  ['class C:\n    x: int\n', 'single'],
  ['x: int = 1', 'single'],
  ['if c:\n    x: int\n', 'single'],
  ['from m import *', 'single'],
];

function tag(i: number): string {
  return `snippet${i}.py`;
}

it('builds the same symbol tables as CPython for the snippet corpus', async () => {
  const cases = SNIPPETS.map((s, i) => [s, tag(i)] as [string, string]);
  const expected = await cpythonSymtables(cases);
  const misses: string[] = [];
  let equal = 0;
  for (let i = 0; i < cases.length; i++) {
    const actual = tspySymtable(cases[i]![0], cases[i]![1]);
    const diff = firstDifference(expected[i], actual);
    if (diff === undefined) equal++;
    else misses.push(`#${i} ${JSON.stringify(SNIPPETS[i]).slice(0, 80)}: ${describeTablePath(expected[i]!, diff)}`);
  }
  console.log(`symtable snippets: ${equal}/${cases.length} equal to CPython\n${misses.join('\n')}`);
  expect(misses).toEqual([]);
}, 60_000);

it('builds the same symbol tables as CPython in eval and single mode', async () => {
  const expected = await cpythonSymtables(OTHER_MODES.map(([s, mode], i) => [s, `mode${i}.py`, mode]));
  const misses: string[] = [];
  OTHER_MODES.forEach(([src, mode], i) => {
    const diff = firstDifference(expected[i], tspySymtable(src, `mode${i}.py`, mode));
    if (diff !== undefined) misses.push(`${mode} ${JSON.stringify(src)}: ${describeTablePath(expected[i]!, diff)}`);
  });
  console.log(`symtable eval/single: ${OTHER_MODES.length - misses.length}/${OTHER_MODES.length} equal to CPython\n${misses.join('\n')}`);
  expect(misses).toEqual([]);
}, 60_000);

it('builds the same symbol tables as CPython for every stdlib module (tables and entry flags)', async () => {
  const files = readStdlibSources().map((e) => [decodePythonSource(e.bytes), e.name] as [string, string]);
  const BATCH = 40;
  const replies: Promise<[SymtableOutcome[], (string[] | string)[]]>[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    replies.push(Promise.all([cpythonSymtables(batch), cpythonCodeFacts(batch)]));
  }
  for (const r of replies) r.catch(() => {});
  const misses: string[] = [];
  const factMisses: string[] = [];
  let equal = 0;
  let factsEqual = 0;
  let extra = 0;
  let tspyMs = 0;
  for (let b = 0; b < replies.length; b++) {
    const [expected, expectedFacts] = await replies[b]!;
    for (let j = 0; j < expected.length; j++) {
      const [src, name] = files[b * BATCH + j]!;
      const t0 = performance.now();
      const { outcome, top } = tspyBuild(src, name);
      tspyMs += performance.now() - t0;
      const diff = firstDifference(expected[j], outcome);
      if (diff === undefined) equal++;
      else misses.push(`${name}: ${describeTablePath(expected[j]!, diff)}`);
      const exp = expectedFacts[j]!;
      const [factDiff, more] = typeof exp === 'string' || top === undefined
        ? [typeof exp === 'string' ? `CPython: ${exp}` : 'tspy built no table', 0]
        : compareCodeFacts(exp, codeFactsOf(top));
      extra += more;
      if (factDiff === undefined) factsEqual++;
      else factMisses.push(`${name}: ${factDiff}`);
    }
  }
  console.log(`symtable stdlib: ${equal}/${files.length} modules equal to CPython `
    + `(tspy parse+symtable ${(tspyMs / 1000).toFixed(2)} s)\n${misses.slice(0, 30).join('\n')}`);
  console.log(`symtable stdlib entry flags via code objects: ${factsEqual}/${files.length} modules equal `
    + `(${extra} tspy blocks without a CPython code object, e.g. under \`if 0:\`)\n${factMisses.slice(0, 30).join('\n')}`);
  expect(misses).toEqual([]);
  expect(factMisses).toEqual([]);
}, 120_000);

it('sets the entry flags codegen reads (generator, coroutine, docstring, method, class cells) like CPython', async () => {
  // The stdlib is checked the same way in the stdlib test above.
  const cases = SNIPPETS.map((s, i) => [s, tag(i)] as [string, string]);
  const expected = await cpythonCodeFacts(cases);
  const misses: string[] = [];
  let equal = 0;
  let compared = 0;
  let extra = 0;
  for (let j = 0; j < cases.length; j++) {
    const [src, name] = cases[j]!;
    const exp = expected[j]!;
    if (typeof exp === 'string') continue; // a codegen-stage SyntaxError: no code objects
    compared++;
    const act = tspyCodeFacts(src, name);
    const [diff, more] = typeof act === 'string' ? [act, 0] : compareCodeFacts(exp, act);
    extra += more;
    if (diff === undefined) equal++;
    else misses.push(`${name}: ${diff}`);
  }
  console.log(`symtable entry flags via code objects: ${equal}/${compared} snippets equal `
    + `(${cases.length - compared} skipped: CPython's compile() fails; ${extra} tspy blocks without a CPython `
    + `code object)\n${misses.join('\n')}`);
  expect(misses).toEqual([]);
}, 60_000);

const FUTURE_CASES: string[] = [
  'x = 1',
  'from __future__ import annotations',
  '"""doc"""\nfrom __future__ import annotations, barry_as_FLUFL',
  'from __future__ import generator_stop\nfrom __future__ import barry_as_FLUFL\nx = 1',
  'from __future__ import annotations as ann\nimport os',
  '"doc"\n"not a docstring"\nx = 1',
  'from __future__ import nested_scopes, division',
  'from __future__ import (annotations,\n    division)\nfrom __future__ import generators; x = 1',
];

it('computes the future features (ff_features) like CPython', async () => {
  const mask = CO_FUTURE_ANNOTATIONS | CO_FUTURE_BARRY_AS_BDFL;
  const payload = Buffer.from(JSON.stringify(FUTURE_CASES), 'utf8').toString('base64');
  const expected = JSON.parse(await runPython(`
import json, base64
print(json.dumps([compile(s, 'f', 'exec').co_flags & ${mask} for s in json.loads(base64.b64decode('${payload}').decode())]))
`)) as number[];
  const actual = FUTURE_CASES.map((s) => futureFromAST(parse(s, 'f')).features & mask);
  expect(actual).toEqual(expected);
}, 60_000);

it('reaches every block through the key helpers documented in symtable.ts', () => {
  const sources = [...SNIPPETS, ...OTHER_MODES.filter(([, m]) => m === 'single').map(([s]) => s)];
  let blocks = 0;
  for (const [i, src] of sources.entries()) {
    let mod: ast.mod;
    let st: SymTable;
    try {
      mod = parse(src, 'f');
      st = buildSymtable(mod, 'f', futureFromAST(mod));
    } catch {
      continue;
    }
    const reached = new Set<SymtableEntry>();
    const expectBlock = (key: object, type: number, name: string | undefined, what: string): SymtableEntry => {
      const ste = st.lookupOptional(key);
      if (ste === undefined) throw new Error(`#${i} ${JSON.stringify(src)}: no block for ${what}`);
      expect([ste.type, name === undefined ? ste.name : name], `#${i} ${what}`).toEqual([type, ste.name]);
      reached.add(ste);
      return ste;
    };
    expectBlock(mod, BlockType.ModuleBlock, 'top', 'the module');
    walkNodes(mod, (node) => {
      if (node instanceof ast.FunctionDef || node instanceof ast.AsyncFunctionDef) {
        if (node.type_params.length) expectBlock(typeParamsBlockKey(node), BlockType.TypeParametersBlock, node.name, 'type params');
        expectBlock(functionAnnotationBlockKey(node), BlockType.AnnotationBlock, '__annotate__', 'function annotations');
        const f = expectBlock(node, BlockType.FunctionBlock, node.name, 'def');
        checkOwnAnnotations(f);
      } else if (node instanceof ast.ClassDef) {
        if (node.type_params.length) expectBlock(typeParamsBlockKey(node), BlockType.TypeParametersBlock, node.name, 'type params');
        checkOwnAnnotations(expectBlock(node, BlockType.ClassBlock, node.name, 'class'));
      } else if (node instanceof ast.TypeAlias) {
        const name = (node.name as ast.Name).id;
        if (node.type_params.length) expectBlock(typeParamsBlockKey(node), BlockType.TypeParametersBlock, name, 'type params');
        expectBlock(node, BlockType.TypeAliasBlock, name, 'type alias');
      } else if (node instanceof ast.TypeVar || node instanceof ast.TypeVarTuple || node instanceof ast.ParamSpec) {
        if (node instanceof ast.TypeVar && node.bound) expectBlock(typeVarBoundKey(node), BlockType.TypeVariableBlock, node.name, 'bound');
        if (node.default_value) expectBlock(typeVarDefaultKey(node), BlockType.TypeVariableBlock, node.name, 'default');
      } else if (node instanceof ast.Lambda) {
        expectBlock(node, BlockType.FunctionBlock, 'lambda', 'lambda');
      } else if (node instanceof ast.ListComp || node instanceof ast.SetComp || node instanceof ast.DictComp
        || node instanceof ast.GeneratorExp) {
        expectBlock(node, BlockType.FunctionBlock, undefined, 'comprehension');
      }
    });
    checkOwnAnnotations(st.top);
    function checkOwnAnnotations(ste: SymtableEntry): void {
      const a = st.lookupOptional(annotationBlockKey(ste));
      expect(a, `#${i} annotation block of ${ste.name}`).toBe(ste.annotationBlock ?? undefined);
      if (a !== undefined) {
        expect(a.type).toBe(BlockType.AnnotationBlock);
        reached.add(a);
      }
    }
    // Every block is reached by a documented key (none left over).
    for (const ste of st.blocks.values()) {
      if (!reached.has(ste)) throw new Error(`#${i} ${JSON.stringify(src)}: block ${ste.name} (type ${ste.type}) has no documented key`);
    }
    blocks += st.blocks.size;
  }
  expect(blocks).toBeGreaterThan(300);
});

/** Visits every AST node under `node` (fields in order). */
function walkNodes(node: unknown, visit: (n: object) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walkNodes(x, visit);
    return;
  }
  if (node === null || typeof node !== 'object' || !(node instanceof ast.AST)) return;
  visit(node);
  for (const field of nodeClass(node)._fields) walkNodes((node as unknown as Record<string, unknown>)[field], visit);
}
