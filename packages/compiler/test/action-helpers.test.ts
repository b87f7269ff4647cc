// Unit tests of the grammar action helpers (src/parser/action_helpers.ts and its
// siblings) on nodes taken from CPython's own trees (pyodide): each helper gets the
// pieces the grammar would hand it, and its result must equal what CPython built.

import { beforeAll, describe, expect, it } from 'vitest';
import * as ast from '../src/ast/nodes.js';
import { PyComplex } from '@tspy/bytecode';
import { DOT, ELLIPSIS, Token, TYPE_COMMENT } from '../src/tokenizer/token.js';
import { fillToken, Parser, Py_file_input, PyPARSE_BARRY_AS_BDFL } from '../src/parser/pegen.js';
import { Tokenizer } from '../src/tokenizer/lexer.js';
import { PySyntaxError } from '../src/errors.js';
import * as h from '../src/parser/action_helpers.js';
import { syntaxErrors, warmUpOracle } from '@tspy/test-support';
import { fromPy, pyJson, pyNodes, toPy, withLoadContext, type PyJson } from './action-helpers-oracle.js';

// The pure helpers never read the parser.
const p = {} as Parser;

function tok(type: number, string: string, lineno = 1, col = 0): Token {
  return new Token(type, string, lineno, col, lineno, col + string.length, col, col + string.length, 0);
}

beforeAll(async () => {
  await warmUpOracle();
});

describe('setExprContext', () => {
  // Each target as CPython stores it; the helper must turn the Load tree the
  // expression rules build into exactly that.
  const stores = [
    'a, *b = c',
    '[a, (b, c)] = d',
    'x.y = 1',
    'x[0] = 1',
    'a.b[c].d = 1',
    '(a) = 1',
    '*a, = b',
    '[*a, [b, *c]] = d',
    '(x.y, z[1:2]) = e',
    '() = x',
    '[] = x',
  ];
  const dels = ['del a', 'del (a, b)', 'del [a, (b, c)]', 'del a.b', 'del a[0]', 'del (a), [b]'];

  it('matches CPython for Store targets', async () => {
    const want = await pyNodes(stores.map((source) => ({ source, path: 't.body[0].targets[0]' })));
    for (let i = 0; i < stores.length; i++) {
      const load = fromPy(withLoadContext(want[i]!, 'Store'));
      expect(toPy(h.setExprContext(p, load, ast.Store.instance)), stores[i]).toEqual(want[i]);
    }
  });

  it('matches CPython for Del targets', async () => {
    const want = await pyNodes(dels.map((source) => ({ source, path: 't.body[0].targets' })));
    for (let i = 0; i < dels.length; i++) {
      const targets = (want[i] as PyJson[]).map((t) => fromPy(withLoadContext(t, 'Del')));
      const got = targets.map((t: ast.expr) => h.setExprContext(p, t, ast.Del.instance));
      expect(toPy(got), dels[i]).toEqual(want[i]);
    }
  });

  it('returns other expressions unchanged', async () => {
    const [call, cst] = (await pyNodes([
      { source: 'f(x)', path: 't.body', mode: 'eval' },
      { source: '1', path: 't.body', mode: 'eval' },
    ])).map(fromPy);
    expect(h.setExprContext(p, call, ast.Store.instance)).toBe(call);
    expect(h.setExprContext(p, cst, ast.Del.instance)).toBe(cst);
  });
});

// ---------------------------------------------------------------------------
// getExprName / getInvalidTarget, against the messages and locations of CPython's
// "cannot assign to X" / "cannot delete X" errors.
// ---------------------------------------------------------------------------

const exprSnippets = [
  'f()', '1', '1.5', '"s"', 'b"s"', 'None', 'True', 'False', '...', 'a + b', '-a', 'a and b',
  'not a', 'lambda: 1', '(x for x in y)', '[x for x in y]', '{x for x in y}', '{x: y for x in y}',
  '{1: 2}', '{1}', 'f"{x}"', 't"{x}"', 'a < b', 'a if b else c', '(a := 1)', 'await x', '(yield)',
  '(yield from x)', '(a, f())', '[a, [b, 1]]', '(a, *f())', '[a, (b, c.d, e[0])]', 'a.b', 'a[0]',
  'a', '(a, b)', '[*a, b]', '(*a, b in c)',
];

interface TargetCase {
  kind: 'del' | 'for' | 'assign';
  targetsType: h.TargetsType;
  prefix: string;
  source: (e: string) => string;
  /** What the for rule hands over is `E in x` parsed as one expression. */
  expression: (e: string) => string;
  verb: string;
}

const targetCases: TargetCase[] = [
  { kind: 'del', targetsType: h.DEL_TARGETS, prefix: 'del ', source: (e) => `del ${e}\n`, expression: (e) => e, verb: 'cannot delete' },
  { kind: 'for', targetsType: h.FOR_TARGETS, prefix: 'for ', source: (e) => `for ${e} in x: pass\n`, expression: (e) => `${e} in x`, verb: 'cannot assign to' },
  { kind: 'assign', targetsType: h.STAR_TARGETS, prefix: '', source: (e) => `${e} = 1\n`, expression: (e) => e, verb: 'cannot assign to' },
];

describe('getInvalidTarget and getExprName', () => {
  for (const tc of targetCases) {
    it(`give CPython's "${tc.verb} X" for ${tc.kind} targets`, async () => {
      const exprs = (await pyNodes(exprSnippets.map((e) => ({ source: tc.expression(e), path: 't.body', mode: 'eval' as const })))).map(fromPy);
      const errors = await syntaxErrors(exprSnippets.map((e) => ({ source: tc.source(e), filename: '<unknown>' })));
      let checked = 0;
      for (let i = 0; i < exprSnippets.length; i++) {
        const err = errors[i];
        const invalid = h.getInvalidTarget(exprs[i], tc.targetsType);
        const label = `${tc.kind} ${exprSnippets[i]}`;
        const match = err && new RegExp(`^${tc.verb} (.*?)( here\\. Maybe.*)?$`).exec(err.msg);
        if (invalid === undefined) {
          // Valid target (or, for `for`, not a target error): CPython must not report one.
          expect(match, label).toBeFalsy();
          continue;
        }
        expect(match, `${label}: ${err?.msg}`).toBeTruthy();
        expect(h.getExprName(invalid), label).toBe(match![1]);
        expect([invalid.lineno, invalid.col_offset + 1 + tc.prefix.length, invalid.end_lineno, invalid.end_col_offset + 1 + tc.prefix.length], label)
          .toEqual([err!.lineno, err!.offset, err!.end_lineno, err!.end_offset]);
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
    });
  }
});

// ---------------------------------------------------------------------------
// Parameters: the grammar's split of a parameter list, then makeArguments.
// ---------------------------------------------------------------------------

const paramLists = [
  'a', 'a, b', 'a, b=1', 'a=1, b=2', 'a, /', 'a, b, /', 'a, /, b', 'a=1, /', 'a=1, /, b=2', 'a, b=1, /, c=2',
  'a, b=1, /', '*args', '*, k', '*, k=1, j', '**kw', 'a, *args, k, **kw', 'a, /, b, *, c=1, **d',
  'a=1, *b, c, d=2, **e', 'a, /, *b', 'a, b=2, /, *, c', 'a: int, b: str = "", *c: int, **d: str',
];

/** makeArguments called the way `parameters`' alternatives call it for CPython's `args`. */
function makeArgumentsLikeTheGrammar(args: ast.arguments): ast.arguments {
  const posonly = args.posonlyargs;
  const plain = args.args;
  const nPos = posonly.length + plain.length;
  const firstDefault = nPos - args.defaults.length;
  const pair = (a: ast.arg, i: number) => h.nameDefaultPair(p, a, i >= firstDefault ? args.defaults[i - firstDefault] : undefined, undefined);
  const pairs = (list: ast.arg[], offset: number) => list.map((a, i) => pair(a, i + offset));
  const plainNames = plain.slice(0, Math.max(0, firstDefault - posonly.length));
  const withDefault = pairs(plain.slice(plainNames.length), posonly.length + plainNames.length);
  let starEtc: h.StarEtc | undefined;
  if (args.vararg || args.kwonlyargs.length > 0) {
    const kw = args.kwonlyargs.map((a, i) => h.nameDefaultPair(p, a, args.kw_defaults[i], undefined));
    starEtc = h.starEtc(p, args.vararg, kw, args.kwarg);
  } else if (args.kwarg) {
    starEtc = h.starEtc(p, undefined, undefined, args.kwarg);
  }
  if (posonly.length > 0 && firstDefault >= posonly.length) {
    return h.makeArguments(p, posonly, undefined, plainNames, withDefault, starEtc);
  }
  if (posonly.length > 0) {
    const swd = h.slashWithDefault(p, posonly.slice(0, firstDefault), pairs(posonly.slice(firstDefault), firstDefault));
    return h.makeArguments(p, undefined, swd, undefined, withDefault, starEtc);
  }
  if (plainNames.length > 0) return h.makeArguments(p, undefined, undefined, plainNames, withDefault, starEtc);
  if (withDefault.length > 0) return h.makeArguments(p, undefined, undefined, undefined, withDefault, starEtc);
  return h.makeArguments(p, undefined, undefined, undefined, undefined, starEtc);
}

describe('makeArguments', () => {
  it('builds CPython\'s arguments for every parameter shape', async () => {
    const want = await pyNodes(paramLists.map((ps) => ({ source: `def f(${ps}): pass`, path: 't.body[0].args' })));
    for (let i = 0; i < paramLists.length; i++) {
      expect(toPy(makeArgumentsLikeTheGrammar(fromPy(want[i]!))), paramLists[i]).toEqual(want[i]);
    }
  });

  it('builds CPython\'s empty arguments', async () => {
    const [def, lam] = await pyNodes([
      { source: 'def f(): pass', path: 't.body[0].args' },
      { source: 'lambda: 0', path: 't.body.args', mode: 'eval' },
    ]);
    expect(toPy(h.emptyArguments(p))).toEqual(def);
    expect(toPy(h.emptyArguments(p))).toEqual(lam);
  });

  it('attaches per-argument type comments', async () => {
    const source = 'def f(a,  # type: int\n      b=1,  # type: str\n      ):\n    pass\n';
    const [args] = await pyNodes([{ source, path: 't.body[0].args', typeComments: true }]);
    const want = fromPy(args!) as ast.arguments;
    const bare = (a: ast.arg) => new ast.arg(a.arg, a.annotation, undefined, a.lineno, a.col_offset, a.end_lineno, a.end_col_offset);
    const a = h.addTypeCommentToArg(p, bare(want.args[0]!), tok(TYPE_COMMENT, 'int'));
    const b = h.nameDefaultPair(p, bare(want.args[1]!), want.defaults[0], tok(TYPE_COMMENT, 'str'));
    expect(toPy(h.makeArguments(p, undefined, undefined, [a], [b], undefined))).toEqual(args);
    const plain = bare(want.args[0]!);
    expect(h.addTypeCommentToArg(p, plain, undefined)).toBe(plain);
  });
});

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

describe('calls', () => {
  it('collectCallSeqs puts the starred arguments among keywords after the positional ones', async () => {
    // f(a, *b, c=1, *d, **e): args gives [a, *b], kwargs gives [c=1, *d, **e].
    const [call] = await pyNodes([{ source: 'f(a, *b, c=1, *d, **e)', path: 't.body', mode: 'eval' }]);
    const c = fromPy(call!) as ast.Call;
    const kwargs = [
      h.keywordOrStarred(p, c.keywords[0]!, true),
      h.keywordOrStarred(p, c.args[2]!, false),
      h.keywordOrStarred(p, c.keywords[1]!, true),
    ];
    const got = h.collectCallSeqs(p, [c.args[0]!, c.args[1]!], kwargs, 1, 2, 1, 21);
    expect(toPy(got.args)).toEqual((call as { args: PyJson }).args);
    expect(toPy(got.keywords)).toEqual((call as { keywords: PyJson }).keywords);
    expect(got.func).toBe(h.dummyName(p));
    expect(toPy(h.seqExtractStarredExprs(p, kwargs))).toEqual(toPy([c.args[2]]));
    expect(toPy(h.seqDeleteStarredExprs(p, kwargs))).toEqual(toPy(c.keywords));
  });

  it('collectCallSeqs without keywords keeps the positional arguments', async () => {
    const [call] = await pyNodes([{ source: 'f(a, *b)', path: 't.body', mode: 'eval' }]);
    const c = fromPy(call!) as ast.Call;
    const got = h.collectCallSeqs(p, c.args, undefined, 1, 2, 1, 7);
    expect(toPy(got.args)).toEqual((call as { args: PyJson }).args);
    expect(got.keywords).toEqual([]);
  });

  it('the dummy name is CPython\'s', () => {
    const d = h.dummyName(p);
    expect(toPy(d)).toEqual({ _t: 'Name', id: '', ctx: { _t: 'Load' }, lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 });
  });

  it('getLastComprehensionItem is the last if, else the iterable', async () => {
    const [withIfs, plain] = (await pyNodes([
      { source: '[x for x in y if a if b]', path: 't.body.generators[0]', mode: 'eval' },
      { source: '[x for x in y]', path: 't.body.generators[0]', mode: 'eval' },
    ])).map(fromPy);
    expect((h.getLastComprehensionItem(withIfs) as ast.Name).id).toBe('b');
    expect((h.getLastComprehensionItem(plain) as ast.Name).id).toBe('y');
  });
});

// ---------------------------------------------------------------------------
// Comparisons, dicts, patterns
// ---------------------------------------------------------------------------

describe('pairs', () => {
  it('cmpopExprPair/getCmpops/getExprs rebuild a comparison chain', async () => {
    const [cmp] = await pyNodes([{ source: 'a < b == c not in d is not e', path: 't.body', mode: 'eval' }]);
    const c = fromPy(cmp!) as ast.Compare;
    const pairs = c.ops.map((op, i) => h.cmpopExprPair(p, op, c.comparators[i]!));
    const got = new ast.Compare(c.left, h.getCmpops(p, pairs), h.getExprs(p, pairs), c.lineno, c.col_offset, c.end_lineno, c.end_col_offset);
    expect(toPy(got)).toEqual(cmp);
  });

  it('keyValuePair/getKeys/getValues rebuild a dict display', async () => {
    const [dict, empty] = await pyNodes([
      { source: '{a: 1, **b, c: d}', path: 't.body', mode: 'eval' },
      { source: '{}', path: 't.body', mode: 'eval' },
    ]);
    const d = fromPy(dict!) as ast.Dict;
    const pairs = d.keys.map((k, i) => h.keyValuePair(p, k, d.values[i]!));
    const got = new ast.Dict(h.getKeys(p, pairs), h.getValues(p, pairs), d.lineno, d.col_offset, d.end_lineno, d.end_col_offset);
    expect(toPy(got)).toEqual(dict);
    const e = fromPy(empty!) as ast.Dict;
    expect(toPy(new ast.Dict(h.getKeys(p, undefined), h.getValues(p, undefined), e.lineno, e.col_offset, e.end_lineno, e.end_col_offset))).toEqual(empty);
  });

  it('keyPatternPair/getPatternKeys/getPatterns rebuild mapping and class patterns', async () => {
    const src = 'match x:\n case {1: a, "k": [b], **r}: pass\n case C(x, y=1, z=[q]): pass\n';
    const [mapping, cls] = await pyNodes([
      { source: src, path: 't.body[0].cases[0].pattern' },
      { source: src, path: 't.body[0].cases[1].pattern' },
    ]);
    const m = fromPy(mapping!) as ast.MatchMapping;
    const mp = m.keys.map((k, i) => h.keyPatternPair(p, k, m.patterns[i]!));
    const gotM = new ast.MatchMapping(h.getPatternKeys(p, mp), h.getPatterns(p, mp), m.rest, m.lineno, m.col_offset, m.end_lineno, m.end_col_offset);
    expect(toPy(gotM)).toEqual(mapping);
    const c = fromPy(cls!) as ast.MatchClass;
    const kp = c.kwd_attrs.map((name, i) => h.keyPatternPair(p, new ast.Name(name, ast.Load.instance, 3, 0, 3, 1), c.kwd_patterns[i]!));
    const gotC = new ast.MatchClass(c.cls, c.patterns, h.mapNamesToIds(p, h.getPatternKeys(p, kp)), h.getPatterns(p, kp), c.lineno, c.col_offset, c.end_lineno, c.end_col_offset);
    expect(toPy(gotC)).toEqual(cls);
  });
});

// ---------------------------------------------------------------------------
// Imports, statements, sequences
// ---------------------------------------------------------------------------

describe('imports', () => {
  it('joinNamesWithDot spans both names and joins their ids', async () => {
    const [alias] = await pyNodes([{ source: 'import a.bc.d', path: 't.body[0].names[0]' }]);
    const a = new ast.Name('a', ast.Load.instance, 1, 7, 1, 8);
    const bc = new ast.Name('bc', ast.Load.instance, 1, 9, 1, 11);
    const d = new ast.Name('d', ast.Load.instance, 1, 12, 1, 13);
    const joined = h.joinNamesWithDot(p, h.joinNamesWithDot(p, a, bc), d);
    expect(joined.id).toBe((alias as { name: string }).name);
    expect([joined.lineno, joined.col_offset, joined.end_lineno, joined.end_col_offset]).toEqual([1, 7, 1, 13]);
    expect(joined.ctx).toBe(ast.Load.instance);
  });

  it('seqCountDots counts the level CPython computes', async () => {
    const sources = ['from . import a', 'from .. import a', 'from ... import a', 'from .... import a', 'from .....x import a', 'from . . ...y import a'];
    // The dot tokens as CPython's tokenizer splits them ('...' is ELLIPSIS).
    const dots = (await pyJson(
      'import io, json, tokenize\n' +
        `srcs = ${JSON.stringify(sources)}\n` +
        'out = []\n' +
        'for s in srcs:\n' +
        '    toks = list(tokenize.generate_tokens(io.StringIO(s).readline))\n' +
        "    out.append([t.string for t in toks[1:] if t.string in ('.', '...')])\n" +
        'print(json.dumps(out))\n',
    )) as string[][];
    const levels = await pyNodes(sources.map((source) => ({ source, path: 't.body[0].level' })));
    for (let i = 0; i < sources.length; i++) {
      const tokens = dots[i]!.map((s) => tok(s === '...' ? ELLIPSIS : DOT, s));
      expect(h.seqCountDots(tokens), sources[i]).toBe(levels[i]);
    }
  });

  it('aliasForStar is CPython\'s `*` alias', async () => {
    const [alias] = await pyNodes([{ source: 'from a import *', path: 't.body[0].names[0]' }]);
    expect(toPy(h.aliasForStar(p, 1, 14, 1, 15))).toEqual(alias);
  });

  it('mapNamesToIds takes the ids', () => {
    const names = ['x', 'yy'].map((id) => new ast.Name(id, ast.Load.instance, 1, 0, 1, 1));
    expect(h.mapNamesToIds(p, names)).toEqual(['x', 'yy']);
  });
});

describe('statements', () => {
  it('functionDefDecorators and classDefDecorators keep the def\'s location', async () => {
    const src = '@a\n@b.c(1)\ndef f(x): pass\n@d\nasync def g(): pass\n@e\nclass C(B, k=1): pass\n';
    const want = await pyNodes([0, 1, 2].map((i) => ({ source: src, path: `t.body[${i}]` })));
    for (const w of want) {
      const raw = fromPy({ ...(w as { [k: string]: PyJson }), decorator_list: [] }) as ast.FunctionDef | ast.ClassDef;
      const decorators = fromPy((w as { decorator_list: PyJson }).decorator_list) as ast.expr[];
      const got = raw instanceof ast.ClassDef ? h.classDefDecorators(p, decorators, raw) : h.functionDefDecorators(p, decorators, raw);
      expect(toPy(got)).toEqual(w);
    }
  });

  it('the decorator helpers pass the dummy name of an invalid rule through', () => {
    expect(h.functionDefDecorators(p, [], h.dummyName(p) as unknown as ast.stmt)).toBe(h.dummyName(p));
    expect(h.classDefDecorators(p, [], h.dummyName(p) as unknown as ast.stmt)).toBe(h.dummyName(p));
  });

  it('augoperator wraps the operator', () => {
    expect(h.augoperator(p, ast.Add.instance).kind).toBe(ast.Add.instance);
  });

  it('checkLegacyStmt is true exactly where CPython says "Missing parentheses"', async () => {
    const names = ['print', 'exec', 'printf', 'foo', 'Print'];
    const errors = await syntaxErrors(names.map((n) => ({ source: `${n} x\n`, filename: '<unknown>' })));
    for (let i = 0; i < names.length; i++) {
      const name = new ast.Name(names[i]!, ast.Load.instance, 1, 0, 1, names[i]!.length);
      expect(h.checkLegacyStmt(p, name), names[i]).toBe(errors[i]!.msg.startsWith('Missing parentheses'));
    }
    expect(h.checkLegacyStmt(p, new ast.Constant('print', undefined, 1, 0, 1, 7))).toBe(false);
  });

  it('ensureReal/ensureImaginary accept the right constants', async () => {
    const [re, im] = (await pyNodes([
      { source: '1.5', path: 't.body', mode: 'eval' },
      { source: '2j', path: 't.body', mode: 'eval' },
    ])).map(fromPy);
    expect(h.ensureReal(p, re)).toBe(re);
    expect(h.ensureImaginary(p, im)).toBe(im);
  });
});

describe('sequences', () => {
  it('build new arrays like the asdl_seq helpers', () => {
    const s = [1, 2];
    expect(h.singletonSeq(p, 7)).toEqual([7]);
    expect(h.seqInsertInFront(p, 0, s)).toEqual([0, 1, 2]);
    expect(h.seqInsertInFront(p, 0, undefined)).toEqual([0]);
    expect(h.seqAppendToEnd(p, s, 3)).toEqual([1, 2, 3]);
    expect(h.seqAppendToEnd(p, undefined, 3)).toEqual([3]);
    expect(s).toEqual([1, 2]);
    expect(h.seqFlatten(p, [[1], [], [2, 3]])).toEqual([1, 2, 3]);
    expect(h.seqFirstItem(s)).toBe(1);
    expect(h.seqLastItem(s)).toBe(2);
    expect(h.firstItem(s)).toBe(1);
    expect(h.lastItem(s)).toBe(2);
    expect(h.joinSequences(p, s, [3])).toEqual([1, 2, 3]);
  });
});

// ---------------------------------------------------------------------------
// Helpers that read or set parser state
// ---------------------------------------------------------------------------

/** A parser over `source` with its first `n` tokens read. */
function parserAt(source: string, n: number): Parser {
  const real = new Parser(new Tokenizer(source, { filename: '<unknown>', execInput: true }), Py_file_input, 0, 14, '<unknown>');
  for (let i = 0; i < n; i++) fillToken(real);
  return real;
}

describe('parser state', () => {
  it('checkedFutureImport sets the barry flag only for a level-0 __future__ import of barry_as_FLUFL', async () => {
    const [imp] = await pyNodes([{ source: 'from __future__ import (annotations, barry_as_FLUFL)', path: 't.body[0]' }]);
    const want = fromPy(imp!) as ast.ImportFrom;
    const cases: [string, number, boolean][] = [['__future__', 0, true], ['__future__', 1, false], ['future', 0, false]];
    for (const [module, level, barry] of cases) {
      const q = parserAt('x\n', 0);
      const got = h.checkedFutureImport(q, module, want.names, level, want.lineno, want.col_offset, want.end_lineno, want.end_col_offset);
      expect((q.flags & PyPARSE_BARRY_AS_BDFL) !== 0, `${module} ${level}`).toBe(barry);
      expect((q.tok as { barryAsFlufl?: boolean }).barryAsFlufl === true, `tokenizer ${module} ${level}`).toBe(barry);
      if (module === '__future__' && level === 0) expect(toPy(got)).toEqual(imp);
    }
    const q = parserAt('x\n', 0);
    h.checkedFutureImport(q, '__future__', want.names.slice(0, 1), 0, 1, 0, 1, 1);
    expect(q.flags & PyPARSE_BARRY_AS_BDFL).toBe(0);
  });

  it('checkBarryAsFlufl accepts `<>` only in barry mode and rejects `!=` there with CPython\'s error', async () => {
    const noBarry = parserAt('1 != 2\n', 2);
    expect(h.checkBarryAsFlufl(noBarry, noBarry.tokens[1]!)).toBe(false);
    expect(h.checkBarryAsFlufl(noBarry, tok(28, '<>', 1, 2))).toBe(true);
    const barry = parserAt('1 != 2\n', 2);
    barry.flags |= PyPARSE_BARRY_AS_BDFL;
    expect(h.checkBarryAsFlufl(barry, tok(28, '<>', 1, 2))).toBe(false);
    const [want] = await syntaxErrors([{ source: 'from __future__ import barry_as_FLUFL\n1 != 2\n', filename: '<unknown>' }]);
    let thrown: unknown;
    try {
      h.checkBarryAsFlufl(barry, barry.tokens[1]!);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PySyntaxError);
    const e = thrown as PySyntaxError;
    // Same message and columns; CPython's line is 2 because of the import line.
    expect([e.msg, e.offset, e.end_offset]).toEqual([want!.msg, want!.offset, want!.end_offset]);
  });

  it('ensureReal/ensureImaginary raise CPython\'s errors at the number', async () => {
    const [re, im] = await syntaxErrors([
      { source: 'match x:\n case 1j+1j: pass\n', filename: '<unknown>' },
      { source: 'match x:\n case 1+1: pass\n', filename: '<unknown>' },
    ]);
    const q = parserAt('1j+1\n', 3);
    const call = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as PySyntaxError;
      }
      return undefined;
    };
    const imag = new ast.Constant(new PyComplex(0, 1), undefined, 1, 0, 1, 2);
    const one = new ast.Constant(1, undefined, 1, 3, 1, 4);
    const e1 = call(() => h.ensureReal(q, imag));
    const e2 = call(() => h.ensureImaginary(q, one));
    expect(e1).toBeInstanceOf(PySyntaxError);
    expect(e2).toBeInstanceOf(PySyntaxError);
    expect(e1!.msg).toBe(re!.msg);
    expect(e2!.msg).toBe(im!.msg);
    // The error spans the number: CPython's start at columns 6 (' case 1j+1j') and 8
    // (' case 1+1'), these at 0 and 3.
    expect([e1!.offset! - 1 - 0, e1!.end_offset! - 1 - 0]).toEqual([re!.offset! - 1 - 6, re!.end_offset! - 1 - 6]);
    expect([e2!.offset! - 1 - 3, e2!.end_offset! - 1 - 3]).toEqual([im!.offset! - 1 - 8, im!.end_offset! - 1 - 8]);
  });

  it('registerStmts keeps the latest statement start, only in the error pass', () => {
    const q = parserAt('x\n', 0);
    const s = (line: number, col: number) => new ast.Pass(line, col, line, col + 4);
    h.registerStmts(q, [s(3, 4)]);
    expect(q.last_stmt_location.lineno).toBe(0);
    q.call_invalid_rules = true;
    h.registerStmts(q, [s(1, 0), s(3, 4)]);
    expect([q.last_stmt_location.lineno, q.last_stmt_location.col_offset, q.last_stmt_location.end_col_offset]).toEqual([3, 4, 8]);
    h.registerStmts(q, [s(2, 0)]);
    expect(q.last_stmt_location.lineno).toBe(3);
    h.registerStmts(q, []);
    h.registerStmts(q, [s(3, 8)]);
    expect(q.last_stmt_location.col_offset).toBe(8);
  });

  it('makeModule turns the recorded type: ignore comments into TypeIgnore nodes', async () => {
    const [mod] = await pyNodes([{ source: 'x = 1  # type: ignore[a]\n', path: 't', typeComments: true }]);
    const q = parserAt('x\n', 0);
    q.type_ignore_comments.push({ lineno: 1, comment: '[a]' });
    const body = fromPy((mod as { body: PyJson }).body);
    expect(toPy(h.makeModule(q, body))).toEqual(mod);
    expect(toPy(h.makeModule(parserAt('x\n', 0), undefined))).toEqual({ _t: 'Module', body: [], type_ignores: [] });
  });
});
