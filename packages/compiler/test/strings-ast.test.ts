// Strings, bytes, f-strings and t-strings through the whole parser, against CPython
// 3.14 (pyodide): `ast.dump(ast.parse(src), include_attributes=True)` must be identical
// (values, kinds, and every node position), errors must have CPython's message and
// location, and invalid-escape SyntaxWarnings CPython's text and line.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { astDumps, runPython, type DumpResult } from '@tspy/test-support';
import { dump } from '../src/ast/dump.js';
import { PySyntaxError } from '../src/errors.js';
import { file_rule, KEYWORDS, SOFT_KEYWORDS } from '../src/generated/parser.js';
import { runParser } from '../src/parser/parse.js';
import { Parser, Py_file_input } from '../src/parser/pegen.js';
import type { WarningSink } from '../src/parser/string_parser.js';
import { Tokenizer } from '../src/tokenizer/lexer.js';
import { PY_DESCRIBE } from './strings-harness.js';

/** Parses like parse(), keeping the parser so its warnings can be read. */
function parseKeepingParser(
  source: string, warningsAreErrors = false,
): { p: Parser & WarningSink; result: string | PySyntaxError | Error } {
  const tokenizer = new Tokenizer(source, { filename: '<unknown>', typeComments: false, execInput: true });
  const p = new Parser(tokenizer, Py_file_input, 0, 14, '<unknown>') as Parser & WarningSink;
  if (warningsAreErrors) p.warnings_are_errors = true;
  p.keywords = KEYWORDS;
  p.soft_keywords = SOFT_KEYWORDS;
  try {
    return { p, result: dump(runParser(p, file_rule), { includeAttributes: true }) };
  } catch (e) {
    if (e instanceof Error) return { p, result: e };
    throw e;
  }
}

function describeResult(r: string | Error): string {
  if (typeof r === 'string') return r;
  if (r instanceof PySyntaxError) return `${r.kind}: ${r.msg} @ ${r.lineno}:${r.offset}-${r.end_lineno}:${r.end_offset}`;
  return `${r.name}: ${r.message}`;
}

function describeOracle(r: DumpResult): string {
  if (r.ok) return r.dump;
  const e = r.error;
  if (e.type === 'SyntaxError' || e.type === 'IndentationError' || e.type === 'TabError') {
    return `${e.type}: ${e.msg} @ ${e.lineno}:${e.offset}-${e.end_lineno}:${e.end_offset}`;
  }
  return `${e.type}: ${e.msg}`;
}

async function compareAsts(sources: readonly string[]): Promise<string[]> {
  const expected = await astDumps(sources.map((source) => ({ source, filename: '<unknown>' })), { includeAttributes: true });
  return mismatchesAgainst(sources, expected.map(describeOracle), false);
}

function mismatchesAgainst(sources: readonly string[], expected: readonly string[], warningsAreErrors: boolean): string[] {
  const mismatches: string[] = [];
  sources.forEach((src, i) => {
    const want = expected[i]!;
    const got = describeResult(parseKeepingParser(src, warningsAreErrors).result);
    if (want !== got) mismatches.push(`${JSON.stringify(src)}\n  cpython ${want}\n  tspy    ${got}`);
  });
  return mismatches;
}

const PLAIN = [
  "'a'", "u'a'", "U'a'", "r'a\\d'", "b'a'", "rb'\\x'", "'a' 'b'", "u'a' 'b'", "'a' u'b'", "b'a' b'c'", "B'a' rb'\\d'",
  "'a' \\\n 'b'", "('a'\n 'b'\n 'c')", "x = ('é' 'b')", "'''a\nb'''", '"""\né\n"""', "'😀' 'x'", "'\\ud800' '\\udc00'",
  "x = '日本' \"語\"", "'a' b'b'", "b'a' 'b'", "b'a' f'b'", "f'a' b'b'", "b'é'", "'\\x1'", "x = 'a' '\\x1' 'b'",
  "x = ('\\x1')", "b'\\x1'", "'\\N{BULLET}' '\\N{bullet}'", "'\\N{NO SUCH}'", "'é\\x1'", "x = 1; 'a\\d'",
  "u''", "''", "'' ''", "u'' f''", "b'' b''",
];

const FSTRINGS = [
  "f'ab{1}cd{2:x{3}y}'", "f''", "f'{x}'", "f'{x!r}'", "f'{x!s:>10}'", "f'{x!a}'", "f'{x=}'", "f'{x = }'", "f'{x=!s}'",
  "f'{x=:>10}'", "f'{x=!r:^{w}}'", "f'{ x = }'", "f'{x:}'", "f'{x:{y}}'", "f'{x:{y}.{z}f}'", "f'{x:a{y}b{z}c}'",
  "f'{{}}'", "f'a{{b}}c'", "f'{{{x}}}'", "f'}}'", "f'{{'", "f'\\{x}'", "f'\\N{BULLET}{x}'", "f'{x}\\N{EM DASH}'",
  "f'\\x41{x}\\t'", "rf'\\d{x}\\n'", "fr'{x}\\N{BULLET}'", "Rf'{x:\\n}'", "f'{x:\\n}'", "f'{x:\\x41}'",
  "f'''a\n{x}\nb'''", "f'''\n{x\n}'''", "f'''{\nx}'''", "f'''{x:\n}'''", "f'''ab\ncd{1}'''", "f'''{x=\n}'''",
  "f'é{x}é'", "f'{x}😀{y}'", "f'日本{x:語}'", "f'{\"é\"}'", "x = f'é{1}ü{2:é}'", "f'{f\"{x}\"}'", "f'{f'{x}'}'",
  "f'{f\"{f'{x}'}\"}'", "f'{x:{f\"{y}\"}}'", "f'{[1,2]}'", "f'{ {1:2}[1] }'", "f'{lambda: 1}'", "f'{(lambda: 1)}'",
  "f'{x!r=}'", "f'{x!z}'", "f'{x!sa}'", "f'{x! s}'", "f'{x!}'", "f'{!x}'", "f'{}'", "f'{ }'", "f'{x'", "f'}'",
  "f'{x}' 'y'", "'y' f'{x}'", "u'a' f'b'", "f'a' u'b'", "f'a' 'b' f'c'", "f'{x}' f'{y}'", "'a' f'' 'b'",
  "f'a' f'{x}' 'b' 'c'", "f'\\\n{x}'", "f'''\\\n{x}'''", "f'{x:{{}}'", "f'{x:}}'", "f'{x:{{y}}}'",
  "f'\\d{1}'", "f'{1}\\q'", "f'''{1}\n\\q'''", "f'a\\x1{1}'", "f'ab\\x1{1}'", "f'{1:\\x1}'", "f'{x:\\d}'",
  "f'{x!r:{y!s:{z}}}'", "f'{x:=10}'", "f'{(x:=10)}'", "f'{x,y}'", "f'{*x,}'", "f'{yield}'", "f'{x #}'",
  "f'''{x # comment\n}'''", "f'{x\n}'", "f'{3.14:.2f}'", "f'{x:%H:%M}'", "f'{x!r:}'", "f'{x=:}'", "f'{x=!r:}'",
  "F'{x}'", "fR'{x}'", "f\"{x}\"", 'f"""{x}"""', "f'{x}{y}{z}'", "f'{a[\"b\"]}'", "f'{x:{y:{z}}}'",
  "x = f'{a=}' f'{b=}'", "f'{x=}' 'tail'", "f'{ x = !r:>{w}}'", "f'{x  =  }'", "f'{x=   !r}'", "f'{x\t=\t}'",
  "f'{é=}'", "f'{é = }'", "f'a{é=}b'", "f'''{\n  x\n  =\n}'''",
  "f'\\N{LEFT CURLY BRACKET}{x}\\N{RIGHT CURLY BRACKET}'", "f'{x!r:\\N{BULLET}}'", "f'{x:\\N{bullet}>10}'",
  "f'{'a' 'b'}'", "f\"{'\\n'.join(x)}\"", "f'{\"é\":{\"ü\"}}'", "f'''{x!r:{\n y}}'''", "f'{x:{y}{z}}'",
  "f'''a\r\nb{x}\r\nc'''", "'''a\r\nb'''", "'a\\\r\nb'", "f'a\\\r\n{x}'", "b'''\r\n'''", "x = '\\\r\n'",
  "f'{x:{y!r}}'", "f'{x:{y=}}'", "f'{x=!r:{y=}}'", "f'{\"\\N{BULLET}\"}'", "f'{{{{x}}}}'", "f'{x}}}'", "f'{{{x}'",
  "f'\\{{x}}'", "f'\\\\{x}'", "rf'\\{x}'", "f'{x}\\'", "f'\\x{x}'", "f'\\u00{x}'", "f'\\N{x}'", "f'\\N'",
  // The debug text ends at the first top-level '!', that of '!=' included (CPython 3.14.2).
  "f'{a != b=}'", "f'{a!=b=!r}'", "f'{x!=y = :>{w!=3}}'", "f'{a!=b=:{c}}'", "f'{λ == 5. != .5=:>10}'",
  "f'''{a # c\n!=b=}'''", "f'''{a!=\nb=\n}'''", "f'{x=:{y!=z=}}'", "f'{a[b!=c]=}'",
];

const TSTRINGS = [
  "t''", "t'a'", "t'{x}'", "t'{x!r}'", "t'{x:>10}'", "t'{x=}'", "t'{x = }'", "t'{x=!s:{y}}'", "t'a{x}b{y:z}c'",
  "t'{x}' t'{y}'", "t'a' t'b'", "t'a' 'b'", "'a' t'b'", "t'a' f'b'", "b'a' t'b'", "t'{x!z}'", "t'{ x }'",
  "t'{x:{y}}'", "t'{{}}'", "t'\\N{BULLET}{x}'", "rt'\\d{x}'", "tr'{x}\\n'", "T'{x}'", "t'''\n{x}\n'''",
  "t'{x  }'", "t'{x\t=}'", "t'{x=  }'", "t'é{x}é'", "t'{é}'", "t'{x:{y=}}'", "t'{x!r=}'", "t'\\d{1}'",
  "t'{1:\\x1}'", "t'ab\\x1{1}'", "t'{x # c\n}'", "t'''{x # c\n}'''", "t'{f\"{x}\"}'", "t'{t\"{x}\"}'",
  "t'{x=!r:>{w=}}'", "t'''{\n x \n}'''", "t'''{x\n=\n}'''", "t'{x\u3000}'", "t'{x:{y}{z}}'", "t'{{{x}}}'",
  "t'\\{x}'", "t'{x}\\N{BULLET}'", "t'a' t'' t'b{x}'", "t'''a\r\n{x}'''",
  // Interpolation.str ends at the first top-level '!', that of '!=' included (CPython 3.14.2);
  // comments are dropped with quotes (not backslashes) tracked.
  "t'{a != b}'", "t'{a != b!r}'", "t'{a!=b:x}'", "t'{x!=y :>{w!=3}}'", "t'{x!=y = :>{w!=3}}'", "t'{x!=y:{z}!r}'",
  "t'''{a!=b\n:3}'''", "t'''{a!=b\n!r}'''", "t'{(a!=b)!r:{c!=d}}'", "t'{x:{y!=z:{w}}}'",
  "t'''{'#' # x\n}'''", "t'''{'\\'#' # x\n}'''", "t'''{a # c\n!=b}'''",
  "rt\"\"\"{U\"\"\"\"\"\" <= é != b:{x}.{y}}\"\"\"",
];

/** Generated f-/t-strings: prefixes × quotes × bodies with fields, specs, escapes, non-ASCII. */
function generatedFtstrings(): string[] {
  const prefixes = ['f', 'F', 'rf', 'fR', 't', 'Rt', 'tr'];
  const quotes = ["'", '"', "'''", '"""'];
  const bodies = [
    '{x}', 'a{x}b', '{x!r}', '{x=}', '{x = !s:>{w}}', '{x:{y}}', 'é{x:é}ü', '{x}😀{y=}', '\\n{x}\\t',
    '{x:\\d}', '\\N{BULLET}{x}', '{{x}}', '{x:{y:{z}}}', '日本{x=!r}語', 'a\\\\{x}', '{"s" if x else \'t\'}',
    '{x:%Y-%m-%d}', '{x!a:^10}', '{ x }', '{x,}', '{x :>3}', '{x}{y}{z}', '{x=:.2f}', '\\x41{x}\\u00e9',
  ];
  const out: string[] = [];
  for (const prefix of prefixes) {
    for (const q of quotes) {
      for (const body of bodies) {
        const b = body;
        if (q.length === 1 && b.includes(q)) continue;
        out.push(`${prefix}${q}${b}${q}`);
        if (q.length === 3) out.push(`x = (${prefix}${q}\n ${b}\n{y}${q}\n  'é' ${prefix}${q}{z=}${q})`);
      }
    }
  }
  return out;
}

/** Random literals: any prefix, any quote, bodies from a hostile alphabet. */
function randomLiterals(count: number, seed: number): string[] {
  const piece = fc.constantFrom(
    'a', ' ', 'é', '😀', '日', '\\', '\\\\', '\\n', '\\x4', '\\x41', '\\u00e9', '\\U0001F600', '\\N{BULLET}',
    '\\N{bullet}', '\\N{NO}', '\\d', '\\777', '\\0', '{', '}', '{{', '}}', '{x}', '{x=}', '{x!r}', '{x:>{w}}',
    '{x:\\n}', '{x=!s:^9}', "'", '"', '\n', '\\\n', ':', '!', '=', '#',
  );
  const literal = fc
    .tuple(
      fc.constantFrom('', 'r', 'u', 'b', 'rb', 'f', 'rf', 'F', 't', 'tR', 'B'),
      fc.constantFrom("'", '"', "'''", '"""'),
      fc.array(piece, { maxLength: 8 }),
      fc.option(fc.constantFrom(" 'x'", " f'{y}'", " b'z'", " t'{z}'", " u'w'"), { nil: '' }),
    )
    .map(([prefix, q, body, tail]) => `${prefix}${q}${body.join('')}${q}${tail}`);
  return fc.sample(literal, { numRuns: count, seed });
}

describe('string literals in the full parser vs CPython 3.14', () => {
  it('random literals (values, positions and errors)', async () => {
    const sources = randomLiterals(1500, 701);
    expect((await compareAsts(sources)).slice(0, 12).join('\n')).toBe('');
  });

  it('generated f-strings and t-strings (single and multi-line, concatenated)', async () => {
    const sources = generatedFtstrings();
    expect(sources.length).toBeGreaterThan(300);
    expect((await compareAsts(sources)).slice(0, 10).join('\n')).toBe('');
  });

  it('-Werror: invalid escapes become SyntaxErrors at CPython\'s location', async () => {
    const sources = FSTRINGS.concat(TSTRINGS, PLAIN, generatedFtstrings()).filter((s) => s.includes('\\'));
    const expected = JSON.parse(
      await runPython(`${PY_DESCRIBE}
out = []
for src in json.loads(CASES):
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        try:
            out.append(ast.dump(ast.parse(src), include_attributes=True))
        except SyntaxError as e:
            out.append(f'{type(e).__name__}: {e.msg} @ {e.lineno}:{e.offset}-{e.end_lineno}:{e.end_offset}')
        except Exception as e:
            out.append(f'{type(e).__name__}: {e}')
print(json.dumps(out))
`.replace('CASES', JSON.stringify(JSON.stringify(sources)))),
    ) as string[];
    // The tokenizer's own "\\{" warning is not covered here (no warnings-as-errors mode there).
    const relevant = sources.filter((s, i) => !/\\[{}]/.test(s) || !expected[i]!.includes('escape sequence'));
    const want = relevant.map((s) => expected[sources.indexOf(s)]!);
    console.log(`-Werror: ${sources.length - relevant.length} of ${sources.length} cases skipped (tokenizer-level "\\{" warnings have no warnings-as-errors mode yet)`);
    expect(mismatchesAgainst(relevant, want, true).slice(0, 10).join('\n')).toBe('');
  });

  it('plain strings, bytes and implicit concatenation', async () => {
    expect((await compareAsts(PLAIN)).join('\n')).toBe('');
  });

  it('f-strings (fields, conversions, format specs, debug text, nesting, positions)', async () => {
    expect((await compareAsts(FSTRINGS)).join('\n')).toBe('');
  });

  it('t-strings', async () => {
    expect((await compareAsts(TSTRINGS)).join('\n')).toBe('');
  });

  it('invalid-escape SyntaxWarnings in f-strings and t-strings', async () => {
    const sources = FSTRINGS.concat(TSTRINGS, PLAIN).filter((s) => s.includes('\\'));
    const expected = JSON.parse(
      await runPython(`${PY_DESCRIBE}
out = []
for src in json.loads(CASES):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        try:
            ast.parse(src)
        except (SyntaxError, UnicodeDecodeError):
            pass
    out.append([w for w in describe_warnings(ws) if 'escape sequence' in w[1] and 'Such sequences' in w[1]])
print(json.dumps(out))
`.replace('CASES', JSON.stringify(JSON.stringify(sources)))),
    ) as unknown[][];
    const mismatches: string[] = [];
    sources.forEach((src, i) => {
      const { p } = parseKeepingParser(src);
      // The tokenizer reports "\\{" and "\\}" in f-strings; the string parser the rest.
      const fromTokenizer = (p.tok as Tokenizer).warnings
        .filter((w) => w.message.includes('escape sequence'))
        .map((w) => ['SyntaxWarning', w.message, w.lineno]);
      const got = fromTokenizer.concat((p.warnings ?? []).map((w) => [w.category, w.message, w.lineno]));
      if (JSON.stringify(got) !== JSON.stringify(expected[i])) {
        mismatches.push(`${JSON.stringify(src)}\n  cpython ${JSON.stringify(expected[i])}\n  tspy    ${JSON.stringify(got)}`);
      }
    });
    expect(mismatches.join('\n')).toBe('');
  });
});
