// CPython 3.14's "invalid syntax. Did you mean 'while'?" (traceback._find_keyword_typos) and
// what it rests on: SyntaxError._metadata, _suggestions._generate_suggestions,
// difflib.get_close_matches, codeop.compile_command. Expected values come from pyodide.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython, warmUpOracle } from '@tspy/test-support';
import { getCloseMatches } from '../src/cli/close_matches.js';
import { dedent } from '../src/cli/dedent.js';
import { generateSuggestions } from '../src/cli/suggestions.js';
import { compileCommand } from '../src/codeop.js';
import { PySyntaxError } from '../src/errors.js';
import { formatSyntaxError } from '../src/format_error.js';
import { KWLIST } from '../src/keyword_typos.js';
import { parse } from '../src/parser/parse.js';

const PROGRAMS: string[] = [
  // Misspelled statement keywords at module level.
  'whille x:\n    pass\n',
  'improt os\n',
  'imoprt os, sys\n',
  'form os import path\n',
  'from os improt path\n',
  'deff f():\n    pass\n',
  'dfe f(x):\n    return x\n',
  'clss C:\n    pass\n',
  'calss C(B):\n    pass\n',
  'fro x in range(3):\n    pass\n',
  'for x inn y:\n    pass\n',
  'for x ni y:\n    pass\n',
  'iff x:\n    pass\n',
  'If x:\n    pass\n',
  'WHILE x:\n    pass\n',
  'Def f():\n    pass\n',
  'if x:\n    pass\nelif y:\n    pass\nesle:\n    pass\n',
  'if x:\n    pass\nelse:\n    pass\n',
  'if x:\n    pass\nelf y:\n    pass\n',
  'if x:\n    pass\nelsif y:\n    pass\n',
  'tyr:\n    pass\nexcept E:\n    pass\n',
  'try:\n    pass\nexcpet E:\n    pass\n',
  'try:\n    pass\nexcept E:\n    pass\nfinaly:\n    pass\n',
  'wiht open(f) as g:\n    pass\n',
  'with open(f) ass g:\n    pass\n',
  'asert x == 1\n',
  'assret x, "m"\n',
  'raies ValueError\n',
  'rasie ValueError("x")\n',
  'x = lamda y: y\n',
  'f = lambd a, b: a + b\n',
  'glbal x\n',
  'x = 1 iff y else 2\n',
  'x = a nott in b\n',
  'x = yy if a esle b\n',
  'asyc def f():\n    pass\n',
  'async deff f():\n    pass\n',
  // Typos inside indented blocks and after earlier compound statements.
  'def f():\n    retrun 1\n',
  'def f():\n    retun x + 1\n',
  'def f():\n    x = 1\n    whille x:\n        pass\n',
  'def f():\n    if a:\n        pass\n    whille x:\n        pass\n',
  'def f():\n    if a:\n        pass\n    retrun 1\n',
  'if x:\n    pass\nwhille x:\n    pass\n',
  'import os\nif x:\n    pass\nwhille x:\n    pass\n',
  'class C:\n    def f(self):\n        pass\n    def g(self):\n        retrun 1\n',
  'class C:\n    if a:\n        pass\n    retrun 1\n',
  'for i in x:\n    if i:\n        brek\n    contineu\n',
  'def gen():\n    yeild x\n',
  'def gen():\n    yiled from x\n',
  'async def f():\n    awiat x\n',
  'async def f():\n    await x\n    asnyc with a:\n        pass\n',
  'def f():\n    for x in y:\n        pas\n        retrun x\n',
  'while True:\n    if x:\n        break\n    esle:\n        pass\n',
  // The fixed code must also compile: these get no suggestion.
  'retrun 1\n',
  'yeild x\n',
  'awiat x\n',
  'def f():\n    awiat x\n',
  'def f():\n    nonlocl x\n',
  'def f(x):\n    globl x\n',
  'x = 1\nif x:\n    pass\nretrun x\n',
  // Multi-line statements and "Perhaps you forgot a comma".
  'x = [1, 2,\n     3 fi y]\n',
  'print(a b)\n',
  'f(a, b c)\n',
  'x = (a\n     b)\n',
  'x = [a iff b]\n',
  'foo(1,\n    2 inn y,\n    3)\n',
  'x = {1: a forr a in b}\n',
  // Several typos, names that are keywords elsewhere, nothing to suggest.
  'whille x:\n    retrun 1\n',
  'improt os\nwhille x:\n    pass\n',
  'x = match case\n',
  'a b c\n',
  'x = = 1\n',
  '1 +\n',
  'print "hello"\n',
  'f(**)\n',
  'x y z w v u t s r q p o\n',
  'def f(:\n    pass\n',
  // Non-ASCII text and tabs before the typo.
  'é = 1\nwhille é:\n    pass\n',
  's = "café"; whille s:\n    pass\n',
  'if x:\n\twhille y:\n\t\tpass\n',
  'x = 1 \x0c\nwhille x:\n    pass\n',
];

/** Statements whose fixed keyword may be a compile-time error, in contexts that decide it. */
const CONTEXT_STATEMENTS = [
  'brek', 'contineu', 'retrun x', 'retrun', 'yeild x', 'yiled from x', 'awiat x', 'nonlocl x', 'globl x',
  'from m improt *', 'asyn with a:\n{i}    pass', 'asnyc for a in b:\n{i}    pass', 'x = [awiat y for y in z]',
  'x = [y asyn for y in z]', 'x = (awiat y for y in z)', 'f = lamda: (yeild)', 'x = 1\n{i}globl x', 'print(x)\n{i}nonlocl x',
];
const CONTEXTS: [string, string][] = [
  ['{s}\n', ''],
  ['def f(x):\n    {s}\n', '    '],
  ['async def f(x):\n    {s}\n', '    '],
  ['class C:\n    {s}\n', '    '],
  ['for a in b:\n    {s}\n', '    '],
  ['while a:\n    pass\nelse:\n    {s}\n', '    '],
  ['def f():\n    for a in b:\n        def g():\n            {s}\n', '            '],
  ['def f():\n    x = 1\n    def g():\n        {s}\n', '        '],
  ['async def f():\n    if a:\n        pass\n    {s}\n', '    '],
  ['for a in b:\n    try:\n        pass\n    except* E:\n        {s}\n', '        '],
  ['async def f():\n    yield 1\n    {s}\n', '    '],
];
const IN_CONTEXT = CONTEXTS.flatMap(([ctx, indent]) =>
  CONTEXT_STATEMENTS.map((stmt) => ctx.replace('{s}', stmt.replaceAll('{i}', indent))));

/** Valid programs whose keywords the fuzz test misspells. */
const TEMPLATES = [
  'import os\nfrom sys import path as p\n',
  'def f(a, b=1, *c, **d):\n    if a and not b:\n        return a\n    elif b is None:\n        pass\n    else:\n        raise ValueError(a)\n    return None\n',
  'class C(B):\n    def m(self):\n        for x in range(3):\n            if x in self.y:\n                break\n            continue\n        while True:\n            pass\n        return self\n',
  'try:\n    x = 1\nexcept E as e:\n    del x\nfinally:\n    pass\n',
  "with open(f) as g, h:\n    assert g, 'm'\n",
  'x = lambda y: y if y else None\n',
  'def gen():\n    yield 1\n    yield from g()\n',
  'async def f():\n    await x\n    async with a as b:\n        async for i in b:\n            pass\n',
  'def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        global y\n        x = 2\n    return inner\n',
  'x = [a for a in b if a is not None]\ny = {k: v for k, v in d.items()}\n',
  'for i in range(10):\n    if i % 2:\n        continue\n    print(i)\nelse:\n    print(1)\n',
  'foo(1,\n    2 if a else 3,\n    key=lambda v: v)\n',
  'x = 1\ny = 2\nif x is y:\n    print(x)\n',
];

/** One keyword of a template misspelled (swap, drop, double, replace, insert a letter, or change case). */
const misspelledProgram = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.nat(), fc.integer({ min: 0, max: 5 }), fc.nat(), fc.constantFrom(...'aeioulnrst'))
  .map(([template, which, op, at, letter]) => {
    const spots = [...template.matchAll(/[A-Za-z_]+/g)].filter((m) => KWLIST.includes(m[0]));
    const spot = spots[which % spots.length]!;
    const w = spot[0];
    const i = at % w.length;
    const typo = [
      w.slice(0, i) + w.slice(i + 1, i + 2) + w[i] + w.slice(i + 2),
      w.slice(0, i) + w.slice(i + 1),
      w.slice(0, i) + w[i] + w.slice(i),
      w.slice(0, i) + letter + w.slice(i + 1),
      w.slice(0, i) + letter + w.slice(i),
      i % 2 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1),
    ][op]!;
    return template.slice(0, spot.index) + typo + template.slice(spot.index + w.length);
  });

interface OracleCase {
  formatted: string | null;
  metadata: [number, number, string | null] | null;
}

/** What `python3` prints for compile(src, 'typo.py', 'exec', PyCF_ONLY_AST) errors. */
async function cpythonCases(programs: readonly string[]): Promise<OracleCase[]> {
  const out = await runPython(`
import ast, json, traceback
out = []
for src in json.loads(${JSON.stringify(JSON.stringify(programs))}):
    try:
        compile(src, 'typo.py', 'exec', ast.PyCF_ONLY_AST)
        out.append({'formatted': None, 'metadata': None})
    except SyntaxError as e:
        md = getattr(e, '_metadata', None)
        out.append({'formatted': ''.join(traceback.format_exception_only(e)), 'metadata': list(md) if md else None})
print(json.dumps(out))
`);
  return JSON.parse(out) as OracleCase[];
}

function tspyError(src: string): PySyntaxError | undefined {
  try {
    parse(src, 'typo.py');
    return undefined;
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
}

/** Every program's formatted error (or acceptance) must be CPython's. */
async function expectSameFormatting(programs: readonly string[], minSuggestedShare = 1 / 5): Promise<void> {
  const expected = await cpythonCases(programs);
  const mismatches = programs.flatMap((src, i) => {
    const err = tspyError(src);
    const ours = err === undefined ? null : formatSyntaxError(err);
    return ours === expected[i]!.formatted ? [] : [{ src, ours, theirs: expected[i]!.formatted }];
  });
  expect(mismatches).toEqual([]);
  expect(expected.filter((e) => e.formatted?.includes('Did you mean')).length).toBeGreaterThanOrEqual(programs.length * minSuggestedShare);
}

/** The plain UTF-8, exec-mode programs of tests/syntax-errors (no BOM, cookie or mode line). */
function syntaxErrorCorpus(): string[] {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'tests', 'syntax-errors');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.py')).sort();
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return files.flatMap((f) => {
    let text: string;
    try {
      text = decoder.decode(readFileSync(join(root, f)));
    } catch {
      return [];
    }
    const head = text.split('\n').slice(0, 2).join('\n');
    if (text.startsWith('\ufeff') || /^[ \t\f]*#.*?coding[:=]/m.test(head) || text.startsWith('# mode:')) return [];
    return [text];
  });
}

beforeAll(async () => {
  await warmUpOracle();
}, 60_000);

describe('keyword typo suggestions', () => {
  it('keyword.kwlist matches', async () => {
    expect(KWLIST).toEqual(JSON.parse(await runPython('import keyword, json; print(json.dumps(keyword.kwlist))')));
  });

  it('formats each corpus error exactly as traceback.format_exception_only does', async () => {
    const expected = await cpythonCases(PROGRAMS);
    const mismatches: unknown[] = [];
    let suggested = 0;
    PROGRAMS.forEach((src, i) => {
      const err = tspyError(src);
      const ours = err === undefined ? null : formatSyntaxError(err);
      const theirs = expected[i]!.formatted;
      if (theirs?.includes('Did you mean')) suggested++;
      if (ours !== theirs) mismatches.push({ src, ours, theirs });
    });
    expect(mismatches).toEqual([]);
    // The corpus must exercise both outcomes.
    expect(suggested).toBeGreaterThan(30);
    expect(PROGRAMS.length - suggested).toBeGreaterThan(20);
  });

  it('agrees on misspelled keywords in the contexts that make the fix a compile error', async () => {
    await expectSameFormatting(IN_CONTEXT);
  });

  it('agrees on randomly misspelled keywords in valid programs', async () => {
    await expectSameFormatting(fc.sample(misspelledProgram, { numRuns: 400, seed: 2026 }));
  });

  it('agrees on every generic error of the tests/syntax-errors corpus', async () => {
    const programs = syntaxErrorCorpus();
    expect(programs.length).toBeGreaterThan(300);
    const expected = await cpythonCases(programs);
    const generic = programs.filter((_, i) => /: invalid syntax|Perhaps you forgot a comma/.test(expected[i]!.formatted ?? ''));
    expect(generic.length).toBeGreaterThan(50);
    await expectSameFormatting(generic, 0);
  });

  it('sets SyntaxError._metadata like _PyPegen_set_syntax_error_metadata', async () => {
    const expected = await cpythonCases(PROGRAMS);
    PROGRAMS.forEach((src, i) => {
      const md = tspyError(src)?.metadata;
      expect({ src, md: md ? [md.lineno, md.col_offset, md.source ?? null] : null }).toEqual({ src, md: expected[i]!.metadata });
    });
  });

  it('reads the file when the error carries no source, and keeps the error when it cannot', async () => {
    const src = 'x = 1\nif x:\n    pass\nimprot os\n';
    const err = tspyError(src)!;
    err.metadata = { ...err.metadata!, source: undefined };
    const withFile = formatSyntaxError(err, { readFile: () => src });
    const withoutFile = formatSyntaxError(err, { readFile: () => { throw new Error('ENOENT'); } });
    const out = await runPython(`
import json, traceback, os
src = ${JSON.stringify(src)}
with open('/tmp/k1_typo.py', 'w') as f: f.write(src)
res = []
for name in ['/tmp/k1_typo.py', '/tmp/k1_no_such_file.py']:
    try:
        compile(src, name, 'exec')
    except SyntaxError as e:
        e._metadata = (e._metadata[0], e._metadata[1], None)
        res.append(''.join(traceback.format_exception_only(e)).replace(name, 'typo.py'))
print(json.dumps(res))
`);
    expect([withFile, withoutFile]).toEqual(JSON.parse(out));
  });
});

describe('the algorithms behind the suggestions', () => {
  const word = fc.oneof(
    fc.constantFrom(...KWLIST),
    fc.stringMatching(/^[A-Za-z_][A-Za-z_0-9]{0,9}$/),
    fc.string({ unit: fc.constantFrom('a', 'e', 'i', 'n', 'r', 's', 't', 'l', 'E', 'A', 'é', 'ß', '字', '_'), maxLength: 12 }),
    fc.string({ maxLength: 45 }),
  );
  const samples = fc.sample(fc.tuple(word, fc.array(word, { maxLength: 8 })), { numRuns: 400, seed: 314 });

  it('_suggestions._generate_suggestions', async () => {
    const cases = samples.flatMap(([w, list]) => [[w, KWLIST], [w, list]] as [string, readonly string[]][]);
    const expected = JSON.parse(await runPython(`
import _suggestions, json
cases = json.loads(${JSON.stringify(JSON.stringify(cases))})
print(json.dumps([_suggestions._generate_suggestions(list(c), w) for w, c in cases]))
`)) as (string | null)[];
    expect(cases.map(([w, c]) => generateSuggestions(c, w) ?? null)).toEqual(expected);
  });

  it('difflib.get_close_matches', async () => {
    const cases = samples.flatMap(([w, list]) => [[w, KWLIST, 0.5], [w, list, 0.6], [w, list, 0.3]] as [string, readonly string[], number][]);
    cases.push(['a'.repeat(150) + 'b'.repeat(100), ['a'.repeat(120) + 'b'.repeat(90), 'ab'.repeat(100)], 0.1]);
    const expected = JSON.parse(await runPython(`
import difflib, json
cases = json.loads(${JSON.stringify(JSON.stringify(cases))})
print(json.dumps([difflib.get_close_matches(w, c, n=3, cutoff=k) for w, c, k in cases]))
`)) as string[][];
    expect(cases.map(([w, c, k]) => getCloseMatches(w, c, 3, k))).toEqual(expected);
  });

  it('textwrap.dedent', async () => {
    const texts = [
      '    a\n      b\n    c', '\ta\n\t\tb', '  a\n\tb', '   \n  x\n   y\n', 'x\n  y', '', '  \n  ', '  a\n  \x0cb\n  c',
      ...fc.sample(fc.string({ unit: fc.constantFrom(' ', '\t', '\n', 'a', 'b', '\x0c', '\u3000'), maxLength: 20 }), { numRuns: 100, seed: 7 }),
    ];
    const expected = JSON.parse(await runPython(`
import textwrap, json
print(json.dumps([textwrap.dedent(t) for t in json.loads(${JSON.stringify(JSON.stringify(texts))})]))
`)) as string[];
    expect(texts.map(dedent)).toEqual(expected);
  });

  it('codeop.compile_command(symbol="exec", flags=PyCF_ONLY_AST): works or raises', async () => {
    const codes = [
      'while x:\n    pass', 'while x:', 'if x:\n    pass\nelse:', 'x = (1,', 'return 1', 'def f():\n    return 1',
      'yield x', 'def f():\n    yield x', 'await x', 'def f():\n    await x', 'async def f():\n    await x',
      'async def f():\n    [await x for x in y]', 'def f():\n    [await x for x in y]', 'def f():\n    (await x for x in y)',
      'break', 'for x in y:\n    break', 'for x in y:\n    pass\nelse:\n    break', 'while 1:\n    def f():\n        continue',
      'nonlocal x', 'def f():\n    nonlocal x', 'def f():\n    x = 1\n    def g():\n        nonlocal x',
      'class C:\n    nonlocal x', 'def f(x):\n    global x', 'def f():\n    x = 1\n    global x', 'global x\nx = 1',
      'def f():\n    from os import *', 'from os import *', 'class C:\n    return 1', 'class C:\n    yield 1',
      'x = lambda: (yield)', 'x = lambda: await y', 'async def f():\n    yield from x', 'async def f():\n    yield 1\n    return 2',
      'def f():\n    async with a:\n        pass', 'async def f():\n    async for x in y:\n        pass', 'async for x in y:\n    pass',
      'try:\n    pass\nexcept* E:\n    break', 'for x in y:\n    try:\n        pass\n    except* E:\n        continue',
      '[(yield) for x in y]', 'def f():\n    [(yield) for x in y]', 'def f(x: (yield)): pass', '# only a comment', '', 'if x:\n',
      'x = [a for a in b if a', 'print(a b)', 'x =', 'def f():\n  return\n   x',
    ];
    const expected = JSON.parse(await runPython(`
import codeop, json
res = []
for code in json.loads(${JSON.stringify(JSON.stringify(codes))}):
    try:
        codeop.compile_command(code, symbol="exec", flags=codeop.PyCF_ONLY_AST)
        res.append(True)
    except SyntaxError:
        res.append(False)
print(json.dumps(res))
`)) as boolean[];
    const ours = codes.map((code) => {
      try {
        compileCommand(code, '<input>', 'exec');
        return true;
      } catch (e) {
        if (e instanceof PySyntaxError) return false;
        throw e;
      }
    });
    expect(codes.map((c, i) => [c, ours[i]])).toEqual(codes.map((c, i) => [c, expected[i]]));
  });
});
