// The PEG generator on toy grammars: each grammar is generated into a temporary
// module, imported, and run on token streams from a small test tokenizer.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PySyntaxError } from '../src/errors.js';
import { Parser, Py_file_input, type TokenSource } from '../src/parser/pegen.js';
import { EXACT_TOKEN_TYPES, ENDMARKER, NAME, NEWLINE, NUMBER, Token } from '../src/tokenizer/token.js';
import { parseGrammar } from '../scripts/pegen/grammar_parser.js';
import { generateParser, LEAN_UNMEMOIZED_RULES, PYTHON_OPERAND_SHORTCUTS } from '../scripts/pegen/ts_generator.js';

const RUNTIME = resolve(__dirname, '../src/parser/pegen.ts');
const outDir = mkdtempSync(join(tmpdir(), 'tspy-pegen-'));
let moduleCounter = 0;

type Generated = Record<string, unknown> & { KEYWORDS: ReadonlyMap<string, number>; SOFT_KEYWORDS: readonly string[] };

/** Whether the generated parsers skip alternatives by FIRST set (both settings are tested). */
let firstSets = true;

async function generate(grammarText: string, shareHeads = false): Promise<Generated> {
  const code = generateParser(parseGrammar(grammarText), { grammarName: 'toy.gram', runtimeModule: RUNTIME, firstSets, shareHeads });
  const file = join(outDir, `toy${moduleCounter++}.ts`);
  writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)) as Generated;
}

/** Names, numbers and operators on one line, then NEWLINE and ENDMARKER. */
class ToyTokenizer implements TokenSource {
  done: 'ok' | 'eof' | 'error' = 'ok';
  level = 0;
  parenStack: string[] = [];
  parenLinenoStack: number[] = [];
  parenColStack: number[] = [];
  modeStackIndex = 0;
  lineno = 1;
  private readonly tokens: Token[] = [];
  private index = 0;
  calls = 0;

  constructor(readonly source: string) {
    const re = /\s*(?:([A-Za-z_]\w*)|(\d+)|(\*\*|\/\/|==|!=|->|:=|[-+*/()[\]{}:,;.!?=<>|&^~@%]))/y;
    let m: RegExpExecArray | null;
    let pos = 0;
    while (pos < source.length && (m = re.exec(source)) !== null) {
      const text = m[1] ?? m[2] ?? m[3]!;
      const start = re.lastIndex - text.length;
      const type = m[1] !== undefined ? NAME : m[2] !== undefined ? NUMBER : (EXACT_TOKEN_TYPES.get(text) ?? 55);
      this.tokens.push(new Token(type, text, 1, start, 1, re.lastIndex, start, re.lastIndex, 0));
      pos = re.lastIndex;
    }
    const end = source.length;
    this.tokens.push(new Token(NEWLINE, '', 1, end, 1, end + 1, end, end, 0));
    this.tokens.push(new Token(ENDMARKER, '', 2, 0, 2, 0, end, end, 0));
  }

  next(): Token {
    this.calls++;
    const t = this.tokens[Math.min(this.index++, this.tokens.length - 1)]!;
    return new Token(t.type, t.string, t.lineno, t.col_offset, t.end_lineno, t.end_col_offset, t.start, t.end, t.level);
  }
}

function parserFor(mod: Generated, source: string, callInvalidRules = false): Parser {
  const p = new Parser(new ToyTokenizer(source), Py_file_input, 0, 14, '<toy>');
  p.keywords = mod.KEYWORDS;
  p.soft_keywords = mod.SOFT_KEYWORDS;
  p.call_invalid_rules = callInvalidRules;
  return p;
}

function run(mod: Generated, source: string, callInvalidRules = false): unknown {
  const start = mod.start_rule as (p: Parser) => unknown;
  return start(parserFor(mod, source, callInvalidRules));
}

const EXPR_GRAMMAR = `
start: e=expr NEWLINE $ { e }
expr: l=expr '+' r=term { ['+', l, r] } | l=expr '-' r=term { ['-', l, r] } | term
term: l=term '*' r=atom { ['*', l, r] } | atom
atom: n=NAME { n.id } | '(' e=expr ')' { e }
`;

describe('pegen: grammar parsing', () => {
  it('reads rules, types, memo flags, named items and actions', () => {
    const g = parseGrammar(`
@subheader '''
const x = 1;
'''
start[number] (memo): a=b? c+ { f({ a }, "}") }
    | &d !e ~ ','.f+ &&':' $
b[string[]]: x=(NAME | NUMBER) [y] z* { [x] }
`);
    expect([...g.rules.keys()]).toEqual(['start', 'b']);
    const start = g.rules.get('start')!;
    expect(start.type).toBe('number');
    expect(start.memo).toBe(true);
    expect(start.rhs.alts[0]!.action).toBe('f({ a }, "}")');
    expect(String(start.rhs)).toBe("b? c+ | &d !e ~ ','.f+ &&':' $");
    expect(g.rules.get('b')!.type).toBe('string[]');
    expect(String(g.rules.get('b')!.rhs)).toBe('(NAME | NUMBER) y? z*');
    expect(g.metas.get('subheader')).toBe('\nconst x = 1;\n');
  });
});

describe.each([true, false])('pegen: generated parsers (FIRST-set filter %s)', (withFirstSets) => {
  beforeAll(() => {
    firstSets = withFirstSets;
  });

  it('handles direct left recursion with left associativity', async () => {
    const mod = await generate(EXPR_GRAMMAR);
    expect(run(mod, 'a - b - c')).toEqual(['-', ['-', 'a', 'b'], 'c']);
    expect(run(mod, 'a + b * c * d - e')).toEqual(['-', ['+', 'a', ['*', ['*', 'b', 'c'], 'd']], 'e']);
    expect(run(mod, '(a - (b + c))')).toEqual(['-', 'a', ['+', 'b', 'c']]);
    expect(run(mod, 'a + ')).toBeUndefined();
  });

  it('handles indirect left recursion through a leader', async () => {
    const mod = await generate(`
start: x=name_or_attr NEWLINE $ { x }
attr: v=name_or_attr '.' n=NAME { [v, n.id] }
name_or_attr: attr | n=NAME { n.id }
`);
    expect(run(mod, 'a.b.c')).toEqual([['a', 'b'], 'c']);
    expect(run(mod, 'a')).toBe('a');
    expect(run(mod, 'a.')).toBeUndefined();
  });

  it('memoizes (memo) rules: the action runs once per position', async () => {
    const mod = await generate(`
@subheader '''
export const counter = { n: 0 };
'''
start: m NEWLINE $ { 'first' } | m ';' $ { 'second' } | m ',' NEWLINE $ { 'third' }
m (memo): n=NAME { (counter.n++, n) }
`);
    const counter = mod.counter as { n: number };
    expect(run(mod, 'a ,')).toBe('third');
    expect(counter.n).toBe(1);
    const unmemo = await generate(`
@subheader '''
export const counter = { n: 0 };
'''
start: m NEWLINE $ { 'first' } | m ';' $ { 'second' } | m ',' NEWLINE $ { 'third' }
m: n=NAME { (counter.n++, n) }
`);
    expect(run(unmemo, 'a ,')).toBe('third');
    expect((unmemo.counter as { n: number }).n).toBe(3);
  });

  it('with shareHeads, parses the head its alternatives share once, and keeps their results', async () => {
    const grammar = `
@subheader '''
export const counter = { n: 0 };
'''
start: m NEWLINE $ { 'first' } | m ';' NEWLINE $ { 'second' } | m ',' NEWLINE $ { 'third' } | NUMBER m NEWLINE $ { 'fourth' }
m: n=NAME { (counter.n++, n) }
`;
    const shared = await generate(grammar, true);
    expect(run(shared, 'a ,')).toBe('third');
    expect((shared.counter as { n: number }).n).toBe(1);
    expect(run(shared, 'a ;')).toBe('second');
    expect(run(shared, '1 a')).toBe('fourth');
    expect(run(shared, 'a .')).toBeUndefined();
  });

  it('evaluates positive and negative lookaheads without consuming', async () => {
    const mod = await generate(`
start: x=item NEWLINE $ { x }
item: &'(' '(' n=NAME ')' { 'paren ' + n.id } | !NAME NUMBER { 'number' } | n=NAME &NAME m=NAME { n.id + m.id } | n=NAME !'=' { 'name' }
`);
    expect(run(mod, '(a)')).toBe('paren a');
    expect(run(mod, '12')).toBe('number');
    expect(run(mod, 'a b')).toBe('ab');
    expect(run(mod, 'a')).toBe('name');
    expect(run(mod, 'a =')).toBeUndefined();
  });

  it('stops at a cut', async () => {
    const grammar = (cut: string) => `
start: x=item NEWLINE $ { x }
item: '(' ${cut} n=NAME ')' { 'paren' } | '(' n=NAME ']' { 'bracket' } | NAME { 'name' }
`;
    expect(run(await generate(grammar('~')), '( a ]')).toBeUndefined();
    expect(run(await generate(grammar('')), '( a ]')).toBe('bracket');
    expect(run(await generate(grammar('~')), '( a )')).toBe('paren');
  });

  it('gathers separated items, loops and optionals', async () => {
    const mod = await generate(`
start: a=','.NAME+ b=';'* c=NUMBER? NEWLINE $ { [a.map((n) => n.id), b.length, c === undefined] }
`);
    expect(run(mod, 'x, y, z ; ;')).toEqual([['x', 'y', 'z'], 2, true]);
    expect(run(mod, 'x')).toEqual([['x'], 0, true]);
    expect(run(mod, ', x')).toBeUndefined();
  });

  it('raises "expected \':\'" on a forced token, with its location', async () => {
    const mod = await generate(`
start: 'if' n=NAME &&':' m=NAME NEWLINE $ { [n.id, m.id] }
`);
    expect(run(mod, 'if a : b')).toEqual(['a', 'b']);
    let err: unknown;
    try {
      run(mod, 'if a b');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PySyntaxError);
    const e = err as PySyntaxError;
    expect([e.msg, e.lineno, e.offset, e.end_offset]).toEqual(["expected ':'", 1, 6, 7]);
  });

  it('types keywords and matches soft keywords by string', async () => {
    const mod = await generate(`
start: x=stmt NEWLINE $ { x }
stmt: 'if' n=NAME { 'if ' + n.id } | "match" n=NAME { 'match ' + n.id } | n=NAME { 'name ' + n.id }
`);
    expect(mod.KEYWORDS.get('if')).toBeGreaterThanOrEqual(500);
    expect(mod.SOFT_KEYWORDS).toEqual(['match']);
    expect(run(mod, 'if a')).toBe('if a');
    expect(run(mod, 'match a')).toBe('match a');
    expect(run(mod, 'match')).toBe('name match');
    expect(run(mod, 'if')).toBeUndefined();
  });

  it('runs invalid_ alternatives only in the second pass', async () => {
    const mod = await generate(`
start: x=item NEWLINE $ { x } | invalid_item
item: n=NAME { 'name' }
invalid_item: NUMBER { 'invalid' }
`);
    expect(run(mod, '1', false)).toBeUndefined();
    expect(run(mod, '1', true)).toBe('invalid');
  });

  it('stays linear on deep left recursion and long alternations', async () => {
    const mod = await generate(EXPR_GRAMMAR);
    const time = (n: number) => {
      const src = Array.from({ length: n }, (_, i) => `a${i}`).join(' + ');
      const t0 = performance.now();
      for (let k = 0; k < 3; k++) run(mod, src);
      return performance.now() - t0;
    };
    time(2000);
    const small = time(2000);
    const large = time(8000);
    expect(large / small).toBeLessThan(12);
  });

  it('raises MemoryError-like overflow past MAXSTACK nesting', async () => {
    const mod = await generate(EXPR_GRAMMAR);
    const src = '('.repeat(3000) + 'a' + ')'.repeat(3000);
    expect(() => run(mod, src)).toThrow(/Parser stack overflowed/);
  });
});

describe('pegen: FIRST sets', () => {
  it('skip an alternative only when its first token cannot match', async () => {
    firstSets = true;
    const mod = await generate(`
start: x=item NEWLINE $ { x }
item: '(' n=NAME ')' { 'paren' } | n=NAME ','? { 'name' } | NUMBER { 'number' } | [','] '.' { 'dot' }
`);
    expect(run(mod, '(a)')).toBe('paren');
    expect(run(mod, 'a ,')).toBe('name');
    expect(run(mod, '1')).toBe('number');
    expect(run(mod, ', .')).toBe('dot');
    expect(run(mod, '.')).toBe('dot');
  });

  it('never skips past a cut or a forced token', async () => {
    firstSets = true;
    const mod = await generate(`
start: x=item NEWLINE $ { x }
item: ~ n=NAME { 'name' } | NUMBER { 'number' }
`);
    expect(run(mod, 'a')).toBe('name');
    expect(run(mod, '1')).toBeUndefined();
    const forced = await generate(`
start: x=item NEWLINE $ { x }
item: &&':' n=NAME { 'name' } | NUMBER { 'number' }
`);
    expect(() => run(forced, '1')).toThrow(/expected ':'/);
  });
});

describe('pegen: the committed parser', () => {
  it('is what the generator makes from grammar/python.gram (run `pnpm generate` after a grammar edit)', () => {
    const root = resolve(__dirname, '..');
    const grammar = parseGrammar(readFileSync(join(root, 'grammar/python.gram'), 'utf8'));
    const code = generateParser(grammar, {
      grammarName: 'grammar/python.gram', runtimeModule: '../parser/pegen.js', unmemoized: LEAN_UNMEMOIZED_RULES,
      operandShortcuts: PYTHON_OPERAND_SHORTCUTS, shareHeads: true,
    });
    expect(code === readFileSync(join(root, 'src/generated/parser.ts'), 'utf8')).toBe(true);
  });
});
