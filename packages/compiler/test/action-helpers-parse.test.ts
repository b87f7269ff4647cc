// The grammar action helpers seen through real parses: trees (positions included) and
// errors of snippets that go through each helper, compared with CPython's (pyodide's).

import { beforeAll, describe, expect, it } from 'vitest';
import { parse, PySyntaxError } from '../src/index.js';
import { file_rule, KEYWORDS, SOFT_KEYWORDS } from '../src/generated/parser.js';
import { clearMemo, Parser, Py_file_input } from '../src/parser/pegen.js';
import { Tokenizer } from '../src/tokenizer/lexer.js';
import { syntaxErrors, warmUpOracle, type SyntaxErrorInfo } from '@tspy/test-support';
import { pyJson, pyNodes, toPy } from './action-helpers-oracle.js';

beforeAll(async () => {
  await warmUpOracle();
});

/** tspy's tree of each source must equal CPython's, node for node and position for position. */
async function expectSameTrees(sources: readonly string[], typeComments = false): Promise<void> {
  const want = await pyNodes(sources.map((source) => ({ source, path: 't', typeComments })));
  for (let i = 0; i < sources.length; i++) {
    expect(toPy(parse(sources[i]!, '<unknown>', 'exec', { typeComments })), sources[i]).toEqual(want[i]);
  }
}

function tspyError(source: string): SyntaxErrorInfo | null {
  try {
    parse(source);
    return null;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    return { type: e.kind, msg: e.msg, lineno: e.lineno ?? null, offset: e.offset ?? null, end_lineno: e.end_lineno ?? null, end_offset: e.end_offset ?? null, text: e.text ?? null };
  }
}

/** tspy must raise CPython's error (message and location) for each source. */
async function expectSameErrors(sources: readonly string[]): Promise<void> {
  const want = await syntaxErrors(sources.map((source) => ({ source, filename: '<unknown>' })));
  for (let i = 0; i < sources.length; i++) {
    const w = want[i];
    expect(w, `CPython accepts ${JSON.stringify(sources[i])}`).not.toBeNull();
    const got = tspyError(sources[i]!);
    expect(got && [got.msg, got.lineno, got.offset, got.end_lineno, got.end_offset], sources[i])
      .toEqual([w!.msg, w!.lineno, w!.offset, w!.end_lineno, w!.end_offset]);
  }
}

// ---------------------------------------------------------------------------
// Parameters: every combination of the parts makeArguments assembles
// ---------------------------------------------------------------------------

function parameterLists(annotated: boolean): string[] {
  const ann = annotated ? ': int' : '';
  const slash = ['', `a${ann}, /`, `a, b${ann}=1, /`, 'a=1, /'];
  const plain = ['', `c${ann}`, 'c, d=2', `d${ann}=2`];
  const star = ['', `*e${ann}`, '*'];
  const kwonly = ['', 'f', `f${ann}=3, g`];
  const kw = ['', `**h${ann}`];
  const out: string[] = [];
  for (const s of slash) for (const n of plain) for (const st of star) for (const k of kwonly) for (const w of kw) {
    if (st === '' && k !== '') continue; // keyword-only parameters need a star
    if (st === '*' && k === '') continue; // a bare star needs keyword-only parameters
    out.push([s, n, st, k, w].filter((x) => x !== '').join(', '));
  }
  return out;
}

describe('parameters (makeArguments, nameDefaultPair, slashWithDefault, starEtc, emptyArguments)', () => {
  it('def parameter lists match CPython', async () => {
    const lists = parameterLists(true);
    const accepted = await pyJson(
      `import ast, json\nok = []\nfor ps in ${JSON.stringify(lists)}:\n    try:\n        ast.parse(f'def f({ps}): pass'); ok.append(ps)\n    except SyntaxError: pass\nprint(json.dumps(ok))\n`,
    ) as string[];
    expect(accepted.length).toBeGreaterThan(100);
    await expectSameTrees(accepted.map((ps) => `def f(${ps}):\n    pass\n`));
    await expectSameTrees(accepted.map((ps) => `async def f(${ps}${ps && !ps.includes('**') ? ',' : ''}) -> int: pass\n`));
  });

  it('lambda parameter lists match CPython', async () => {
    const lists = parameterLists(false);
    const accepted = await pyJson(
      `import ast, json\nok = []\nfor ps in ${JSON.stringify(lists)}:\n    try:\n        ast.parse(f'lambda {ps}: 0'); ok.append(ps)\n    except SyntaxError: pass\nprint(json.dumps(ok))\n`,
    ) as string[];
    expect(accepted.length).toBeGreaterThan(100);
    await expectSameTrees(accepted.map((ps) => `x = lambda ${ps}: 0\n`));
  });

  it('type comments on parameters and type: ignore match CPython', async () => {
    await expectSameTrees([
      'def f(a,  # type: int\n      b=1,  # type: str\n      *c,  # type: float\n      d  # type: bytes\n      ):\n    pass\n',
      'def f(a, b):\n    # type: (int, str) -> None\n    pass\n',
      'import x  # type: ignore\ny = 1  # type: ignore[attr]\n',
    ], true);
  });
});

// ---------------------------------------------------------------------------
// Statements and expressions built by the helpers
// ---------------------------------------------------------------------------

describe('trees built through the helpers', () => {
  it('decorated definitions (functionDefDecorators, classDefDecorators)', async () => {
    await expectSameTrees([
      '@a\ndef f(): pass\n',
      '@a.b(c)\n@d\nclass C(A, *b, metaclass=M, **k): pass\n',
      '@x\nasync def f[T](y: T) -> T: return y\n',
      '@ (yield)\n@a[0]\nclass C[T]:\n    @property\n    def p(self): pass\n',
    ]);
  });

  it('imports (joinNamesWithDot, seqCountDots, aliasForStar, checkedFutureImport)', async () => {
    await expectSameTrees([
      'import a.b.c as d, e\n',
      'from . import x\n',
      'from ...a import *\n',
      'from .....b.c import (d, e as f,)\n',
      'from . . ... .g import h\n',
      'from __future__ import annotations\n',
      'from a.b import *\n',
    ]);
  });

  it('augmented assignments (augoperator)', async () => {
    const ops = ['+=', '-=', '*=', '@=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '**=', '//='];
    await expectSameTrees(ops.map((op, i) => `${['x', 'a.b', 'c[0]', '(y)'][i % 4]} ${op} 1\n`));
  });

  it('comparisons (cmpopExprPair, getCmpops, getExprs)', async () => {
    await expectSameTrees([
      'a == b != c <= d < e >= f > g not in h in i is not j is k\n',
      'x = not a < b\n',
    ]);
  });

  it('calls (collectCallSeqs, keywordOrStarred, seqExtractStarredExprs, seqDeleteStarredExprs)', async () => {
    await expectSameTrees([
      'f(a, *b, c=1, *d, **e)\n',
      'f(**a, b=1)\n',
      'f(*a)\n',
      'f(a)(b)(*c, d=1)\n',
      'f(x for x in y)\n',
      'f(a, b=1, **c, d=2)\n',
      'f()\n',
      'f(*a, *b, c, d=1, *e, **f, g=2)\n',
    ]);
  });

  it('assignment and deletion targets (setExprContext)', async () => {
    await expectSameTrees([
      'a, *b = c\n',
      '[a, (b, *c)] = d = e\n',
      'for x, *y in z: pass\n',
      'with a as (b, c), d as [e]: pass\n',
      'x: int = 1\n(y): int\na.b: int\n',
      'if (y := 1): pass\n',
      '[x for x, (y, z) in w]\n',
      'type X = int\n',
      'del a, b.c, d[0], (e, [f]), (g)\n',
      'del [a, b],\n',
      'a.b[c].d = e[f].g = 1\n',
      'async def f():\n    async for (a, b) in c: pass\n    async with d as e.f: pass\n',
    ]);
  });

  it('dicts (keyValuePair, getKeys, getValues)', async () => {
    await expectSameTrees(['{a: 1, **b, c: d}\n', '{**a}\n', '{}\n', '{a: b for a, b in c}\n']);
  });

  it('match statements (keyPatternPair, getPatternKeys, getPatterns, mapNamesToIds, ensureReal, ensureImaginary)', async () => {
    await expectSameTrees([
      'match x:\n' +
        '    case {1: a, "k": [b, *c], **rest}: pass\n' +
        '    case C(1, y=2, z=[q]): pass\n' +
        '    case D(): pass\n' +
        '    case E(a, b): pass\n' +
        '    case F(k=v): pass\n' +
        '    case {}: pass\n' +
        '    case {None: n, True: t, a.b: c}: pass\n' +
        '    case 1 + 2j | -1 - 2j | 1.5 + 0j: pass\n' +
        '    case a.b.c: pass\n' +
        '    case [1, 2, *_]: pass\n' +
        '    case (a, b) if a: pass\n' +
        '    case x: pass\n',
    ]);
  });

  it('global and nonlocal (mapNamesToIds)', async () => {
    await expectSameTrees(['def f():\n    global a, b\n    def g():\n        nonlocal c, d\n']);
  });

  it('barry_as_FLUFL (checkedFutureImport, checkBarryAsFlufl)', async () => {
    await expectSameTrees(['from __future__ import barry_as_FLUFL\nx = 1 <> 2\n', 'x = 1 != 2\n']);
  });
});

// ---------------------------------------------------------------------------
// Errors raised by (or through) the helpers
// ---------------------------------------------------------------------------

describe('errors', () => {
  it('argumentsParsingError and nonparenGenexpInCall', async () => {
    await expectSameErrors([
      'f(a=1, b)\n',
      'f(**k, b)\n',
      'f(a=1, **k, b)\n',
      'f(a, b for b in c)\n',
      'f(a, b for b in c if d if e)\n',
      'f(a, b, c for c in d for e in g)\n',
    ]);
  });

  it('ensureReal and ensureImaginary', async () => {
    await expectSameErrors([
      'match x:\n case 1+1: pass\n',
      'match x:\n case 1j+1j: pass\n',
      'match x:\n case -1j - 2j: pass\n',
      'match x:\n case {1 + 1: y}: pass\n',
    ]);
  });

  it('checkBarryAsFlufl and checkLegacyStmt', async () => {
    await expectSameErrors([
      'from __future__ import barry_as_FLUFL\n1 != 2\n',
      'from __future__ import barry_as_FLUFL\nx = <> 1\n',
      // Not '1 <> 2': 3.14.8 says "invalid syntax.  Maybe you meant '!=' instead of '<>'?",
      // pyodide's 3.14.2 only "invalid syntax".
      'print "x"\n',
      'exec "x"\n',
      'print x, y\n',
    ]);
  });

  it('invalid targets (getInvalidTarget, getExprName)', async () => {
    await expectSameErrors([
      'del f()\n',
      'del a, (b, *c)\n',
      'for f() in x: pass\n',
      'for a, b() in x: pass\n',
      '(a, f()) = 1\n',
      '[a, b + 1] = 2\n',
      'with a as f(): pass\n',
      'with a as (b, 1): pass\n',
      '[x for f() in y]\n',
      '(a.b := 1)\n',
      'x + 1 += 1\n',
      '[a, b]: int\n',
      'import a as b.c\n',
      'from a import b as 1\n',
      'try:\n    pass\nexcept E as a.b:\n    pass\n',
      'match x:\n    case y as 1: pass\n',
      'f(None=1)\n',
      'assert a = 1\n',
      'f"{x}" = 1\n',
      'del t"{x}"\n',
    ]);
  });

  it('more inputs whose errors come from the helpers (or that parse) match CPython', async () => {
    const sources = [
      "del *a\n",
      "del (a, *b)\n",
      "a, *b + 1 = c\n",
      "with a as (b, f()): pass\n",
      "[x for 1 in y]\n",
      "[x for a, b() in y]\n",
      "f(a, b for b in c, d=1)\n",
      "f(a=1, *b, c)\n",
      "f(**a, *b)\n",
      "f(a for a in b, c)\n",
      "f(a, (b for b in c))\n",
      "class C(a=1, b): pass\n",
      "(a, b) += 1\n",
      "a.b += 1\n",
      "f() += 1\n",
      "[a] += 1\n",
      "(*a) = 1\n",
      "*a = 1\n",
      "del a, f(x)\n",
      "for (a, b), c() in x: pass\n",
      "for a in b in c: pass\n",
      "for a, *b() in c: pass\n",
      "with open(x) as f(), g as h: pass\n",
      "x = lambda: (yield)\n",
      "def f(a, b=1, c): pass\n",
      "def f(a=1, /, b): pass\n",
      "lambda a=1, b: 0\n",
      "def f(*, **k): pass\n",
      "def f(**k, a): pass\n",
      "def f(a, a): pass\n",
      "import a.b as c.d\n",
      "from .a import b as c.d\n",
      "match x:\n    case {**r, 1: a}: pass\n",
      "match x:\n    case C(a=1, b): pass\n",
      "match x:\n    case 1 + x: pass\n",
      "match x:\n    case -1j + 1: pass\n",
      "match x:\n    case a as b.c: pass\n",
      "match x:\n    case f() as y: pass\n",
      "print 1, 2\n",
      "exec \"code\"\n",
      "print -1\n",
      "print(1) x\n",
      "x = 1 if 2\n",
      "(a for a in b) = 1\n",
      "[i for i in range(3)] = 1\n",
      "{a: b} = 1\n",
      "a if b else c = 1\n",
      "f(x) = 1\n",
      "None = 1\n",
      "... = 1\n",
      "-x = 1\n",
      "x.y() = 1\n",
      "x[1]() = 1\n",
      "del x.y()\n",
      "del (x for x in y)\n",
      "del [f(), g()]\n",
      "del (a := 1)\n",
    ];
    const want = await syntaxErrors(sources.map((source) => ({ source, filename: '<unknown>' })));
    for (let i = 0; i < sources.length; i++) {
      const w = want[i];
      const got = tspyError(sources[i]!);
      expect(got && [got.msg, got.lineno, got.offset, got.end_lineno, got.end_offset], sources[i])
        .toEqual(w && [w.msg, w.lineno, w.offset, w.end_lineno, w.end_offset]);
    }
  });
});

// ---------------------------------------------------------------------------
// registerStmts: where the error pass saw the last statement start
// ---------------------------------------------------------------------------

/** The parser's last_stmt_location after both passes over a source that does not parse. */
function lastStmtLocation(source: string): [number, number] {
  const tokenizer = new Tokenizer(source, { filename: '<unknown>', execInput: true });
  const p = new Parser(tokenizer, Py_file_input, 0, 14, '<unknown>');
  p.keywords = KEYWORDS;
  p.soft_keywords = SOFT_KEYWORDS;
  const passes = [false, true];
  for (const second of passes) {
    if (second) {
      // As parse.ts's reset for the error pass.
      p.last_stmt_location = { lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 };
      clearMemo(p);
      p.mark = 0;
      p.level = 0;
      p.call_invalid_rules = true;
    }
    try {
      if (file_rule(p) !== undefined) throw new Error(`parsed: ${source}`);
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
    }
  }
  return [p.last_stmt_location.lineno, p.last_stmt_location.col_offset];
}

describe('registerStmts', () => {
  it('records the statement CPython reports in SyntaxError._metadata', async () => {
    const sources = [
      'x = 1\nif a:\n  pass\nfoo bar\n',
      'def f():\n  if x:\n    pass\n  whille y: pass\n',
      'foo bar\n',
      'class A:\n  pass\nclass B:\n  def f(self): pass\n  x y\n',
      'for a in b:\n    pass\nwhile c:\n    pass\nx = = 2\n',
    ];
    const want = await pyJson(
      `import ast, json\nout = []\nfor s in ${JSON.stringify(sources)}:\n    try:\n        ast.parse(s)\n        out.append(None)\n    except SyntaxError as e:\n        out.append(list(e._metadata[:2]))\nprint(json.dumps(out))\n`,
    ) as [number, number][];
    for (let i = 0; i < sources.length; i++) expect(lastStmtLocation(sources[i]!), sources[i]).toEqual(want[i]);
  });
});
