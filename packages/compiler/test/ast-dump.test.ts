// dump() against CPython 3.14's ast.dump (pyodide) over hand-built and random trees,
// for every combination of annotate_fields, include_attributes, indent and show_empty.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ellipsis, None, PyComplex, PyFloat, PyTuple, pyStr } from '@tspy/bytecode';
import { runPython } from '@tspy/test-support';
import { dump, type DumpOptions } from '../src/ast/dump.js';
import * as ast from '../src/ast/nodes.js';
import { PY_PRELUDE, astArbitraries, toPythonTree } from './ast-arbitrary.js';

interface OptionCase {
  ts: DumpOptions;
  py: string;
}

function optionCases(indents: readonly (number | string | undefined)[]): OptionCase[] {
  const out: OptionCase[] = [];
  for (const annotateFields of [true, false]) {
    for (const includeAttributes of [true, false]) {
      for (const indent of indents) {
        for (const showEmpty of [false, true]) {
          const pyIndent = indent === undefined ? 'None' : typeof indent === 'number' ? String(indent) : JSON.stringify(indent);
          out.push({
            ts: { annotateFields, includeAttributes, indent, showEmpty },
            py:
              `annotate_fields=${annotateFields ? 'True' : 'False'}, include_attributes=${includeAttributes ? 'True' : 'False'}, ` +
              `indent=${pyIndent}, show_empty=${showEmpty ? 'True' : 'False'}`,
          });
        }
      }
    }
  }
  return out;
}

const OPTIONS = optionCases([undefined, 2, '\t']);

/** pyodide's ast.dump of each tree (given as Python source) under each option case. */
async function pythonDumps(trees: readonly string[], options: readonly OptionCase[]): Promise<string[][]> {
  const program =
    'from ast import *\n' +
    PY_PRELUDE +
    `\n_trees = [\n${trees.join(',\n')}\n]\n` +
    `print(json.dumps([[${options.map((o) => `dump(_t, ${o.py})`).join(', ')}] for _t in _trees]))\n`;
  return JSON.parse(await runPython(program)) as string[][];
}

async function expectSameDumps(trees: readonly ast.AST[], options = OPTIONS): Promise<void> {
  const expected = await pythonDumps(trees.map(toPythonTree), options);
  expect(expected.length).toBe(trees.length);
  const mismatches: string[] = [];
  trees.forEach((tree, i) => {
    options.forEach((o, j) => {
      const got = dump(tree, o.ts);
      if (got !== expected[i]![j]) mismatches.push(`tree #${i} (${o.py}):\n tspy    ${got}\n cpython ${expected[i]![j]}`);
    });
  });
  expect(mismatches.slice(0, 5)).toEqual([]);
}

const load = ast.Load.instance;
const store = ast.Store.instance;
const name = (id: string, ctx: ast.expr_context = load) => new ast.Name(id, ctx, 1, 0, 1, id.length);
const constant = (value: ast.Constant['value'], kind?: string) => new ast.Constant(value, kind, 1, 0, 1, 5);

function handTrees(): ast.AST[] {
  const noArgs = new ast.arguments([], [], undefined, [], [], undefined, []);
  const someArgs = new ast.arguments(
    [new ast.arg('a', undefined, undefined, 1, 6, 1, 7)],
    [new ast.arg('b', name('int'), 'tc', 1, 9, 1, 15)],
    new ast.arg('args', undefined, undefined, 1, 18, 1, 22),
    [new ast.arg('k', undefined, undefined, 1, 24, 1, 25)],
    [undefined],
    undefined,
    [constant(1)],
  );
  return [
    new ast.Module([], []),
    new ast.Module([new ast.Assign([name('x', store)], constant(1), undefined, 1, 0, 1, 5)], []),
    new ast.Module([new ast.Expr(constant(None), 1, 0, 1, 4)], [new ast.TypeIgnore(3, '[x]')]),
    new ast.Expression(new ast.Dict([undefined, constant('k')], [name('d'), constant(new PyFloat(-0))], 1, 0, 1, 9)),
    new ast.Interactive([new ast.Pass(1, 0, 1, 4), new ast.Break(2, 0, 2, 5)]),
    new ast.FunctionDef('f', noArgs, [new ast.Pass(2, 4, 2, 8)], [], undefined, undefined, [], 1, 0, 2, 8),
    new ast.AsyncFunctionDef('g', someArgs, [new ast.Return(undefined, 2, 4, 2, 10)], [name('deco')], name('R'), undefined, [
      new ast.TypeVar('T', undefined, name('int'), 1, 6, 1, 13),
      new ast.ParamSpec('P', undefined, 1, 14, 1, 17),
    ], 1, 0, 2, 10),
    new ast.ImportFrom(undefined, [new ast.alias('x', undefined, 1, 14, 1, 15)], 2, 1, 0, 1, 15),
    new ast.ImportFrom('m', [new ast.alias('*', 'y', 1, 14, 1, 15)], undefined, 1, 0, 1, 15),
    new ast.Global(['a', 'b'], 1, 0, 1, 11),
    new ast.Expression(new ast.Compare(name('a'), [ast.Lt.instance, ast.IsNot.instance], [name('b'), constant(Ellipsis)], 1, 0, 1, 20)),
    new ast.Expression(new ast.BinOp(constant(new PyComplex(-0, -0)), ast.Add.instance, constant(new PyTuple([1, 'a'])), 1, 0, 1, 9)),
    new ast.Expression(
      new ast.JoinedStr(
        [constant('a'), new ast.FormattedValue(name('x'), 114, new ast.JoinedStr([constant('>10')], 1, 5, 1, 8), 1, 2, 1, 9)],
        1, 0, 1, 10,
      ),
    ),
    new ast.Expression(
      new ast.TemplateStr([new ast.Interpolation(name('x'), 'x', -1, undefined, 1, 2, 1, 3)], 1, 0, 1, 5),
    ),
    new ast.Match(name('s'), [
      new ast.match_case(new ast.MatchSingleton(None, 2, 9, 2, 13), undefined, [new ast.Pass(3, 8, 3, 12)]),
      new ast.match_case(
        new ast.MatchClass(name('C'), [], ['x'], [new ast.MatchAs(undefined, undefined, 4, 15, 4, 16)], 4, 9, 4, 17),
        name('g'),
        [new ast.Pass(5, 8, 5, 12)],
      ),
      new ast.match_case(new ast.MatchMapping([], [], 'rest', 6, 9, 6, 19), undefined, [new ast.Pass(7, 8, 7, 12)]),
    ], 1, 0, 7, 12),
    new ast.Expression(constant(pyStr('\u{1f600}\ud800'), 'u')),
    new ast.Expression(name('𝔘nicode')),
    new ast.Expression(
      new ast.ListComp(name('x'), [new ast.comprehension(name('x', store), name('y'), [], 1)], 1, 0, 1, 20),
    ),
    new ast.With([new ast.withitem(name('cm'), undefined)], [new ast.Continue(2, 4, 2, 12)], undefined, 1, 0, 2, 12),
  ];
}

describe('dump() of hand-built trees', () => {
  it('matches ast.dump for every option combination', async () => {
    await expectSameDumps(handTrees());
  });

  it('treats an integer indent as spaces, 0 and negative as empty', async () => {
    await expectSameDumps(handTrees(), optionCases([0, -1, 1, 4, '', '--']));
  });

  it('rejects a non-node', () => {
    expect(() => dump(42 as unknown as ast.AST)).toThrow(TypeError);
  });
});

describe('dump() of random trees', () => {
  it('matches ast.dump for every option combination', async () => {
    const arbitraries = astArbitraries(false, 3);
    const trees = [
      ...fc.sample(arbitraries['mod']!, { numRuns: 60, seed: 11 }),
      ...fc.sample(arbitraries['stmt']!, { numRuns: 60, seed: 12 }),
      ...fc.sample(arbitraries['expr']!, { numRuns: 60, seed: 13 }),
      ...fc.sample(arbitraries['pattern']!, { numRuns: 30, seed: 14 }),
      ...fc.sample(arbitraries['arguments']!, { numRuns: 20, seed: 15 }),
    ];
    await expectSameDumps(trees);
  });

  it('rebuilds the same tree when CPython evaluates tspy\'s dump', async () => {
    const arbitraries = astArbitraries(true, 3);
    const trees = [
      ...fc.sample(arbitraries['mod']!, { numRuns: 60, seed: 21 }),
      ...fc.sample(arbitraries['expr']!, { numRuns: 60, seed: 22 }),
    ];
    const full: DumpOptions = { annotateFields: true, includeAttributes: true };
    const sources = trees.map((t) => dump(t, full));
    const expected = await pythonDumps(sources, OPTIONS);
    const mismatches: string[] = [];
    trees.forEach((tree, i) => {
      OPTIONS.forEach((o, j) => {
        const got = dump(tree, o.ts);
        if (got !== expected[i]![j]) mismatches.push(`tree #${i} (${o.py}):\n tspy    ${got}\n cpython ${expected[i]![j]}`);
      });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
