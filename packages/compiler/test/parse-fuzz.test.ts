// Differential fuzzing of parse() against CPython 3.14 (pyodide): fragments of the stdlib
// with one or two tokens deleted, replaced or inserted must give exactly CPython's
// outcome (the same SyntaxError fields, or acceptance). This guards the generated
// parser's departures from pegen's C output (FIRST-set filtering, the early stop of
// left-recursion growth, shared variables) and the second-pass error selection.
import { afterAll, describe, expect, it } from 'vitest';
import { closeOracle, readStdlibSources, syntaxErrors, type ParseCase } from '@tspy/test-support';
import { parse, type ParseMode } from '../src/parser/parse.js';
import { cpythonOutcome, tspyOutcome } from './support/errorOutcome.js';

afterAll(async () => {
  await closeOracle();
});

const CASES = 1500;
const REPLACEMENTS = [
  '', '(', ')', ':', ',', '=', ' if ', ' else ', '[', ']', '*', 'lambda', 'not ', 'x y', '{', '}', '.', ':=',
  '**', '@', '1', ' for x in ', 'async ', 'await ', '...', 'def ', 'class ', 'import ', ' as ', 'yield ', "'", '"""',
  'f"{', '->', 'return ', ';', '\\', '\n', '  ',
];

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FuzzCase {
  source: string;
  mode: ParseMode;
}

function makeCases(count: number, seed: number): FuzzCase[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const decoder = new TextDecoder();
  const files = readStdlibSources().map((entry) => decoder.decode(entry.bytes));
  const cases: FuzzCase[] = [];
  while (cases.length < count) {
    const lines = pick(files).split('\n');
    if (lines.length < 4) continue;
    const start = Math.floor(rnd() * (lines.length - 2));
    let chunk = lines.slice(start, start + 1 + Math.floor(rnd() * 10)).join('\n') + '\n';
    const edits = 1 + Math.floor(rnd() * 2);
    for (let e = 0; e < edits; e++) {
      const tokens = [...chunk.matchAll(/[A-Za-z_]\w*|\d+|[^\s\w]/g)];
      if (tokens.length === 0) break;
      const t = pick(tokens);
      const at = t.index;
      const replacement = pick(REPLACEMENTS);
      const r = rnd();
      if (r < 0.4) chunk = chunk.slice(0, at) + chunk.slice(at + t[0].length);
      else if (r < 0.8) chunk = chunk.slice(0, at) + replacement + chunk.slice(at + t[0].length);
      else chunk = chunk.slice(0, at) + replacement + chunk.slice(at);
    }
    const mode: ParseMode = rnd() < 0.8 ? 'exec' : rnd() < 0.5 ? 'single' : 'eval';
    cases.push({ source: chunk, mode });
  }
  return cases;
}


describe('parse() on mutated stdlib fragments', () => {
  it(`matches CPython on ${CASES} mutated programs`, async () => {
    const cases = makeCases(CASES, 20261126);
    const oracleCases: ParseCase[] = cases.map(({ source, mode }) => ({ source, filename: '<unknown>', mode }));
    const expected = await syntaxErrors(oracleCases);
    const mismatches: string[] = [];
    cases.forEach(({ source, mode }, i) => {
      const e = expected[i];
      const want = cpythonOutcome(e);
      const got = tspyOutcome(source, mode);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`${mode} ${JSON.stringify(source)}\n  tspy:    ${JSON.stringify(got)}\n  cpython: ${JSON.stringify(want)}`);
      }
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
