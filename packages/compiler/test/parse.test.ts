// parse() against CPython 3.14 (pyodide): every statement and expression kind must give
// the same `ast.dump(..., include_attributes=True)`, and invalid programs the same
// SyntaxError fields (type, msg, lineno, offset, end_lineno, end_offset).
import { afterAll, describe, expect, it } from 'vitest';
import { astDumps, closeOracle, runPython, syntaxErrors, type ParseCase } from '@tspy/test-support';
import { dump } from '../src/ast/dump.js';
import { PySyntaxError } from '../src/errors.js';
import { parse, type ParseMode } from '../src/parser/parse.js';
import { cpythonOutcome, tspyOutcome } from './support/errorOutcome.js';

afterAll(async () => {
  await closeOracle();
});

const VALID: [string, ParseMode?][] = [
  // simple statements
  ['x = 1\n'], ['x = y = z = 2\n'], ['a, *b = c\n'], ['[a, b] = c\n'], ['x: int = 3\n'], ['x.y: int\n'],
  ['(x): int = 1\n'], ['x += 1\nx -= 1\nx *= 1\nx @= m\nx /= 2\nx //= 2\nx %= 2\nx **= 2\nx >>= 1\nx <<= 1\nx &= 1\nx ^= 1\nx |= 1\n'],
  ['del a, b[1], c.d\n'], ['pass\n'], ['return\n'], ['def f():\n    return 1, 2\n'], ['raise\n'], ['raise E from e\n'],
  ['global a, b\n'], ['def f():\n    nonlocal x\n'], ['assert x, "msg"\n'], ['import a.b.c as d, e\n'],
  ['from . import x\n'], ['from ..a.b import (c as d, e,)\n'], ['from a import *\n'], ['break\ncontinue\n'],
  ['type X[T: int = str, *Ts, **P] = list[T]\n'], ['x = 1; y = 2;\n'],
  // compound statements
  ['if a:\n    b\nelif c:\n    d\nelse:\n    e\n'], ['while x:\n    pass\nelse:\n    y\n'],
  ['for i, j in x:\n    pass\nelse:\n    z\n'], ['async def f():\n    async for x in y: pass\n    async with a as b, c: pass\n    await z\n'],
  ['with (a as b, c as d,):\n    pass\n'], ['with a, b as (c, d): pass\n'],
  ['try:\n    a\nexcept E as e:\n    b\nexcept (F, G):\n    c\nelse:\n    d\nfinally:\n    e\n'],
  ['try:\n    a\nexcept* E:\n    b\n'], ['try:\n    a\nexcept E, F:\n    b\n'],
  ['@dec\n@dec2(1)\ndef f[T](a, /, b: int = 1, *args: str, c, d=2, **kw) -> None:\n    "doc"\n'],
  ['@d\nclass C[T](B, metaclass=M):\n    x = 1\n'], ['def f(*, a): pass\n'], ['lambda a, /, b=1, *c, d, **e: 0\n'],
  ['match x:\n    case 1 | 2 | -3 | 1+2j:\n        pass\n    case [a, *rest] if a:\n        pass\n    case {"k": v, **kw}:\n        pass\n    case Point(x=0, y=_) as p:\n        pass\n    case (None | True | False):\n        pass\n    case a.b.c:\n        pass\n    case _:\n        pass\n'],
  // expressions
  ['a or b and not c\n'], ['a < b <= c != d is e is not f in g not in h\n'], ['-a + ~b * c ** -d // e % f @ g\n'],
  ['a | b ^ c & d << e >> f\n'], ['x if y else z\n'], ['(y := 10)\n'], ['f(a, *b, c=1, **d)\n'], ['f(x for x in y)\n'],
  ['a[1:2, ::3, ...]\n'], ['a.b.c[d](e)\n'], ['[1, 2, *x]\n'], ['(1,)\n'], ['()\n'], ['{1: 2, **d}\n'], ['{1, 2}\n'],
  ['[x for x in y if x for z in w]\n'], ['{x for x in y}\n'], ['{k: v async for k, v in y}\n'], ['(x for x in y)\n'],
  ['await x\n'], ['def g():\n    yield\n    yield x\n    yield from y\n    z = yield\n'],
  ['None, True, False, ...\n'], ['1, 1.5, 1e10, 0xff, 0o7, 0b1, 1_000, 2j, 10**30\n'],
  ["'a' 'b' r'c' b'd' u'e'\n"], ['f"{x!r:>{w}} {y=} {{z}}"\n'], ['t"{x} y"\n'], ['"""multi\nline"""\n'],
  ['x = (\n    1 +\n    2\n)\n'], ['if x:\n    # comment\n    pass  # trailing\n'], ['x = 1 \\\n    + 2\n'],
  ['café = "é" + naïve\n'], ['ﬁ = 1\n'],
  // other modes
  ['import x\nfrom __future__ import braces\n'], ['from .__future__ import braces\n'],
  ['x + 1', 'eval'], ['x = 1\n', 'single'], ['if x:\n    y\n\n', 'single'], ['(a, b) -> int', 'func_type'],
];

const INVALID: [string, ParseMode?][] = [
  ['a b\n'], ['x = (1,\n'], ['f(a for a in b, c)\n'], ['1 = x\n'], ['del f()\n'], ['if x\n    pass\n'],
  ['  x = 1\n'], ['if x:\npass\n'], ["x = 'abc\n"], ['f(**x, *y)\n'], ['print "x"\n'], ['a = 1 +\n'], ['x = [1, 2\n'],
  ['def f(x=1, y): pass\n'], ['f(x=1, y)\n'], ['(a, b) += 1\n'], ['try:\n  pass\n'], ['x = {1: 2, 3}\n'],
  ['True = 1\n'], ['a.1\n'], ['x = $\n'], ['0777\n'], ['else: pass\n'], ['*a = 1\n'], ['l = [1, 2 3]\n'],
  ['x = 1\ny = 2\n', 'single'], ['x = 1', 'eval'], ['class C:\n    def f(self):\n        return\n      x\n'],
  ['if True:\n\tx = 1\n        y = 2\n'], ['x = (1 +\n\ny = 2\n'], ['f"{x!z}"\n'], ['é = 1 +\n'], ['import a as b.c\n'],
  ['-'.repeat(20000) + '1\n'], ['from __future__ import braces\n'], ['"doc"\nfrom __future__ import (annotations,\n  nope)\n'],
  ['from __future__ import é\n'],
];

function tspyDump(source: string, mode: ParseMode | undefined): string {
  try {
    return dump(parse(source, '<unknown>', mode ?? 'exec'), { includeAttributes: true });
  } catch (e) {
    if (e instanceof PySyntaxError) return `${e.kind}: ${e.msg}`;
    throw e;
  }
}


const cases = (list: [string, ParseMode?][]): ParseCase[] =>
  list.map(([source, mode]) => ({ source, filename: '<unknown>', mode: mode ?? 'exec' }));

describe('parse() matches CPython ast.parse', () => {
  it('gives the same AST, positions included, for every statement and expression kind', async () => {
    const expected = await astDumps(cases(VALID), { includeAttributes: true });
    const mismatches: string[] = [];
    VALID.forEach(([source, mode], i) => {
      const exp = expected[i]!;
      const want = exp.ok ? exp.dump : `${exp.error.type}: ${exp.error.msg}`;
      const got = tspyDump(source, mode);
      if (got !== want) mismatches.push(`${JSON.stringify(source)}\n  tspy:    ${got}\n  cpython: ${want}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('raises the same SyntaxError fields for invalid programs', async () => {
    const expected = await syntaxErrors(cases(INVALID));
    const mismatches: string[] = [];
    INVALID.forEach(([source, mode], i) => {
      const e = expected[i];
      const want = cpythonOutcome(e);
      const got = tspyOutcome(source, mode);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`${JSON.stringify(source.slice(0, 60))}\n  tspy:    ${JSON.stringify(got)}\n  cpython: ${JSON.stringify(want)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });
});

describe('parse() with typeComments (ast.parse(type_comments=True))', () => {
  // A '# type: ignore' alone on its line gets a tag ending with the newline (pegen copies
  // end_col_offset - col_offset bytes and the token's end lies past the consumed newline).
  const SOURCES = [
    '# type: ignore\n', 'x = 1\n# type: ignore\n', 'x = 1  # type: ignore\n', 'x = 1  # type: ignore[foo]\n',
    '# type: ignore[x]\n', '# type: ignore  \n', '# type: ignore', '#type:ignore\n', '  # type: ignore\n',
    'def f():\n    # type: ignore\n    pass\n', '# type: ignore é\n', 'import a # type: ignore # xx\n',
    '# type:  ignore\r\n', 'if 1:\n  pass\n  # type: ignore\n', '\t# type: ignore\tq\n', '# type: ignore😀\n',
    '# type: ignore\n# type: ignore[a]  \nx=1 # type: ignore[b]\n', 'x=(1, # type: ignore\n2)\n',
  ];

  it('gives the type_ignores (line and tag) CPython gives', async () => {
    const script = `
import ast, json
out = []
for src in json.loads(${JSON.stringify(JSON.stringify(SOURCES))}):
    try:
        out.append([[t.lineno, t.tag] for t in ast.parse(src, type_comments=True).type_ignores])
    except SyntaxError as e:
        out.append([type(e).__name__, e.msg])
print(json.dumps(out))
`;
    const expected = JSON.parse(await runPython(script)) as unknown[];
    const actual = SOURCES.map((source) => {
      try {
        const mod = parse(source, "<unknown>", "exec", { typeComments: true }) as unknown as { type_ignores: { lineno: number; tag: unknown }[] };
        return mod.type_ignores.map((t) => [t.lineno, String(t.tag)]);
      } catch (e) {
        if (!(e instanceof PySyntaxError)) return `not a PySyntaxError: ${String(e)}`;
        return [e.kind, e.msg];
      }
    });
    expect(actual).toEqual(expected);
  });
});

describe('parse() with allowIncompleteInput (PyCF_ALLOW_INCOMPLETE_INPUT, as codeop uses it)', () => {
  const SOURCES = [
    'if x:', 'x = (1,', 'def f():\n  return', 'x = 1 +', 'a b', 'if x:\n  y\n', 'a b\n', 'x = [1,\n2 3', 'for x in y:\n',
    // Strings left open at the end of the input (the lexer's E_EOFS/E_EOLS); one ended by a
    // newline is a plain SyntaxError.
    'x = """abc', "x = '''abc\n", 'x = "abc', "x = 'abc\n", 'f"""abc', 'f"abc', 't"""a\n{x}', 'if x:\n  s = """',
    'x = (\n"""a', 'b"""', 'f"""{x:', 'x = 1 + """', '"""\n\n', 'x = "abc\\\n', 'x = "a\\', 'f"""{"""',
    'a b\nx = """abc',
  ];

  it.each(['single', 'exec'] as const)('raises _IncompleteInputError exactly where CPython does (%s)', async (mode) => {
    const script = `
import json
out = []
for src in json.loads(${JSON.stringify(JSON.stringify(SOURCES))}):
    try:
        compile(src, '<input>', '${mode}', 0x400 | 0x4000)
        out.append('ok')
    except SyntaxError as e:
        out.append([type(e).__name__, e.msg, e.lineno, e.offset])
print(json.dumps(out))
`;
    const expected = JSON.parse(await runPython(script)) as unknown[];
    const actual = SOURCES.map((source) => {
      try {
        parse(source, '<input>', mode, { allowIncompleteInput: true });
        return 'ok';
      } catch (e) {
        if (!(e instanceof PySyntaxError)) return `not a PySyntaxError: ${String(e)}`;
        return [e.kind, e.msg, e.lineno, e.offset];
      }
    });
    expect(actual).toEqual(expected);
  });
});

describe('parse() nesting limits', () => {
  const SOURCES = [
    'not '.repeat(4000) + 'x', '-'.repeat(4000) + '1', '~'.repeat(5000) + '1', 'lambda:'.repeat(2000) + '1',
    'lambda:'.repeat(3000) + '1', '-'.repeat(6000) + '1', '('.repeat(199) + ')'.repeat(199), '['.repeat(250) + ']'.repeat(250),
  ];

  it('accepts what CPython accepts and overflows (MemoryError) where CPython does', async () => {
    const script = `
import ast, json
out = []
for src in json.loads(${JSON.stringify(JSON.stringify(SOURCES))}):
    try:
        ast.parse(src)
        out.append('ok')
    except MemoryError as e:
        out.append(['MemoryError', str(e)])
    except SyntaxError as e:
        out.append([type(e).__name__, e.msg])
print(json.dumps(out))
`;
    const expected = JSON.parse(await runPython(script)) as unknown[];
    const actual = SOURCES.map((source) => {
      try {
        parse(source);
        return 'ok';
      } catch (e) {
        if (!(e instanceof PySyntaxError)) return `not a PySyntaxError: ${String(e)}`;
        return [e.kind, e.msg];
      }
    });
    expect(actual).toEqual(expected);
  });
});
