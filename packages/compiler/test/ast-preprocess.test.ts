// astPreprocess against CPython 3.14's optimized ASTs (pyodide): `ast.parse(src,
// optimize=N)` dumps, positions included, versus tspy's parse + astPreprocess + dump;
// and the PEP 765 SyntaxWarnings that compile() emits during preprocessing.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { decodePythonSource, readStdlibSources, runPython } from '@tspy/test-support';
import { dump } from '../src/ast/dump.js';
import { parse } from '../src/parser/parse.js';
import type { ParseWarning } from '../src/parser/parse.js';
import { astPreprocess, type PreprocessWarning } from '../src/compiler/ast_preprocess.js';
import { futureFromAST } from '../src/compiler/future.js';
import { firstDifference } from './support/symtable-dump.js';

const SNIPPETS: string[] = [
  // __debug__
  '__debug__',
  'if __debug__:\n    x = 1\nassert __debug__, __debug__',
  'def f(a=__debug__, *, b=__debug__) -> __debug__:\n    return [__debug__ for _ in ()]',
  'x.__debug__\nf(__debug__)\n{__debug__: __debug__}\nlambda: __debug__',
  'from __future__ import annotations\ndef f(a: __debug__) -> __debug__: pass\nx: __debug__ = __debug__',
  'def f(a: __debug__) -> __debug__: pass\nx: __debug__ = __debug__',
  'class C[T: __debug__ = __debug__](__debug__, k=__debug__):\n    __debug__\ntype A[*Ts = __debug__] = __debug__',
  'f"{__debug__!r:{__debug__}}"\nt"{__debug__}"',
  'match __debug__:\n    case C(__debug__): pass',
  // %-format rewriting
  '"%s" % (a,)',
  '"%s %r %a" % (a, b, c)',
  '"x=%5s y=%-5s z=%.3s w=%7.2r" % (a, b, c, d)',
  '"%%s %s %%" % (a,)',
  '"%d" % (a,)',
  '"%s %s" % (a,)',
  '"%s" % (a, b)',
  '"%s" % a',
  '"%s" % (*a,)',
  '"%(k)s" % (a,)',
  '"%100s" % (a,)',
  '"%99s" % (a,)',
  '"%.99s" % (a,)',
  '"%.100s" % (a,)',
  '"%+s %#s %0s % s" % (a, b, c, d)',
  '"%" % ()',
  '"" % ()',
  '"abc" % ()',
  '"%s" % ()',
  '"%s%s" % ("a" % (), b)',
  'b"%s" % (a,)',
  '"é%s😀%r" % (a, b)',
  '"%s" % (a,) + "%s" % (b,)',
  '("%s" % (x,) for x in y)',
  '"%-3s|%3s|%03s|%.s" % (a, b, c, d)',
  '"%s" % ("%s" % (a,),)',
  '"%s" "%r" % (a, b)',
  'f"{a}%s" % (b,)',
  // docstrings
  '"""module doc"""\nx = 1',
  '"""doc"""\n"""second"""',
  'def f():\n    "doc"\n    "second"\n    return 1',
  'class C:\n    "doc"\n    x = 1',
  'def f():\n    "only doc"',
  'async def f():\n    "doc"\n    await x',
  '"%s" % (a,)\n"x"',
  'def f():\n    "%s" % (a,)',
  // patterns
  'match x:\n    case -1: pass\n    case -1.5: pass\n    case -1j: pass\n    case 1+2j: pass\n    case -1-2j: pass\n    case 1.5-0j: pass',
  'match x:\n    case {-1: a, 2+3j: b}: pass\n    case [-0, -0.0, 0-0j, -0.0+0j]: pass',
  'match x:\n    case -9007199254740993 | -123456789012345678901234567890: pass',
  'match x:\n    case 123456789012345678901234567890 + 1j: pass',
  'match x:\n    case C(-1, y=-2) | (-3 as z): pass',
  // control flow in finally (warnings too)
  'def f():\n    try:\n        pass\n    finally:\n        return 1',
  'for x in y:\n    try:\n        pass\n    finally:\n        break',
  'while x:\n    try:\n        pass\n    finally:\n        continue',
  'try:\n    pass\nfinally:\n    for x in y:\n        break\n    def g():\n        return 1',
  'def f():\n    try:\n        pass\n    finally:\n        for x in y:\n            return x',
  'def f():\n    try:\n        pass\n    except* E:\n        pass\n    finally:\n        while x:\n            try:\n                pass\n            finally:\n                break',
];

const OPTIMIZE_LEVELS = [1, 2];

function tspyDump(source: string, optimize: number, warnings?: ParseWarning[]): string {
  try {
    const mod = parse(source, 'f.py', 'exec');
    astPreprocess(mod, 'f.py', optimize, futureFromAST(mod).features, false, warnings);
    return dump(mod, { includeAttributes: true });
  } catch (e) {
    return `error: ${(e as Error).name}: ${(e as Error).message}`;
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

const PY_PRELUDE = String.raw`
import ast, json, base64, hashlib, warnings
def opt_dump(src, level):
    try:
        return ast.dump(ast.parse(src, 'f.py', optimize=level), include_attributes=True)
    except Exception as e:
        return 'error: ' + type(e).__name__
`;

it('preprocesses the snippet corpus like CPython (ast.parse optimize=1, 2)', async () => {
  const out = await runPython(`${PY_PRELUDE}
cases = json.loads(base64.b64decode('${b64(SNIPPETS)}').decode('utf-8'))
print(json.dumps([[opt_dump(s, level) for level in ${JSON.stringify(OPTIMIZE_LEVELS)}] for s in cases]))
`);
  const expected = JSON.parse(out) as string[][];
  const misses: string[] = [];
  let equal = 0;
  let total = 0;
  SNIPPETS.forEach((src, i) => {
    OPTIMIZE_LEVELS.forEach((level, j) => {
      total++;
      const actual = tspyDump(src, level);
      if (actual === expected[i]![j]) equal++;
      else misses.push(`#${i} -O${level} ${JSON.stringify(src).slice(0, 60)}\n    CPython ${expected[i]![j]}\n    tspy    ${actual}`);
    });
  });
  console.log(`ast preprocess snippets: ${equal}/${total} equal to CPython\n${misses.join('\n')}`);
  expect(misses).toEqual([]);
}, 60_000);

it('emits the PEP 765 SyntaxWarnings CPython emits while preprocessing', async () => {
  const out = await runPython(`${PY_PRELUDE}
def warns(src):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        try:
            compile(src, 'f.py', 'exec')
        except SyntaxError:
            pass
    first = None
    if ws:
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            try:
                compile(src, 'f.py', 'exec')
            except SyntaxError as e:
                first = [e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
    return [[str(w.message), w.lineno, w.category.__name__] for w in ws], first
cases = json.loads(base64.b64decode('${b64(SNIPPETS)}').decode('utf-8'))
print(json.dumps([warns(s) for s in cases]))
`);
  const expected = JSON.parse(out) as [[string, number, string][], (string | number)[] | null][];
  const misses: string[] = [];
  let withWarnings = 0;
  SNIPPETS.forEach((src, i) => {
    const ws: ParseWarning[] = [];
    tspyDump(src, 0, ws);
    const actual = ws.map((w) => [w.message, w.lineno, w.category ?? 'SyntaxWarning']);
    const first = ws.length ? (() => { const w = ws[0] as PreprocessWarning; return [w.message, w.lineno, w.offset, w.endLineno, w.endOffset]; })() : null;
    const [expWarnings, expFirst] = expected[i]!;
    if (expWarnings.length) withWarnings++;
    const diff = firstDifference([expWarnings, expFirst], [actual, first]);
    if (diff !== undefined) misses.push(`#${i} ${JSON.stringify(src).slice(0, 60)}: ${diff}`);
  });
  console.log(`ast preprocess warnings: ${SNIPPETS.length - misses.length}/${SNIPPETS.length} equal (${withWarnings} with warnings)\n${misses.join('\n')}`);
  expect(withWarnings).toBeGreaterThan(0);
  expect(misses).toEqual([]);
}, 60_000);

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

it('preprocesses every stdlib module like CPython (optimize=2)', async () => {
  const files = readStdlibSources().map((e) => [decodePythonSource(e.bytes), e.name] as [string, string]);
  const BATCH = 40;
  const replies: Promise<string[]>[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH).map((f) => f[0]);
    replies.push(runPython(`${PY_PRELUDE}
srcs = json.loads(base64.b64decode('${b64(batch)}').decode('utf-8'))
print(json.dumps([hashlib.sha256(opt_dump(s, 2).encode('utf-8', 'surrogatepass')).hexdigest() for s in srcs]))
`).then((o) => JSON.parse(o) as string[]));
  }
  for (const r of replies) r.catch(() => {});
  const misses: string[] = [];
  let equal = 0;
  for (let b = 0; b < replies.length; b++) {
    const hashes = await replies[b]!;
    for (let j = 0; j < hashes.length; j++) {
      const [src, name] = files[b * BATCH + j]!;
      if (sha256(tspyDump(src, 2)) === hashes[j]) equal++;
      else misses.push(name);
    }
  }
  // Show where the first few misses differ.
  const details: string[] = [];
  for (const name of misses.slice(0, 5)) {
    const src = files.find((f) => f[1] === name)![0];
    const exp = JSON.parse(await runPython(`${PY_PRELUDE}
print(json.dumps(opt_dump(json.loads(base64.b64decode('${b64(src)}').decode('utf-8')), 2)))
`)) as string;
    const act = tspyDump(src, 2);
    let k = 0;
    while (k < exp.length && exp[k] === act[k]) k++;
    details.push(`${name}: at ${k}: CPython …${exp.slice(Math.max(0, k - 80), k + 80)}… tspy …${act.slice(Math.max(0, k - 80), k + 80)}…`);
  }
  console.log(`ast preprocess stdlib (-OO): ${equal}/${files.length} modules equal to CPython\n${details.join('\n')}`);
  expect(misses).toEqual([]);
}, 120_000);
