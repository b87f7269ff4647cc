// SyntaxError parity: every program in tests/syntax-errors/ must make tspy's parse() throw
// exactly the error CPython 3.14's ast.parse raises (type, msg, lineno, offset, end_lineno,
// end_offset; the `text` line is compared and reported separately). The expected errors
// come from CPython (pyodide) at test time; the repo stores only the invalid programs.
//
// The pass rate is a ratchet: BASELINE only goes up, as the parser gets closer to CPython.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, PySyntaxError } from '../src/index.js';
import { decodeSource } from '../src/tokenizer/encoding.js';
import { closeOracle, syntaxErrors, type ParseCase, type SyntaxErrorInfo } from '@tspy/test-support';

/** Number of cases tspy must reproduce identically (raise it as the parser improves). */
const BASELINE = 878;
/** The corpus must not shrink below this many cases. */
const MIN_CASES = 350;
/** Misses printed on stdout (all of them go to the report file). */
const SHOWN_MISSES = 30;

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '..', '..', '..', 'tests', 'syntax-errors');
const REPORT_DIR = join(HERE, '.out');
const REPORT = join(REPORT_DIR, 'syntax-errors.txt');

type Mode = 'exec' | 'eval' | 'single';

interface Case {
  /** Path below tests/syntax-errors, with '/' separators: `<family>/<name>.py`. */
  name: string;
  family: string;
  mode: Mode;
  /** The text when the file is plain UTF-8 (no BOM, no coding cookie); else the raw bytes. */
  source: string | Uint8Array;
}

/** What either side reported, in one shape: the oracle's. */
type ErrorFields = SyntaxErrorInfo;

interface Outcome {
  kase: Case;
  expected: SyntaxErrorInfo | null;
  actual: ErrorFields | string;
  identical: boolean;
  textDiffers: boolean;
}

const MODE_LINE = /^# mode: (exec|eval|single)\b/;
const COOKIE_LINE = /^[ \t\f]*#.*?coding[:=]/;

function listCases(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listCases(path));
    else if (entry.name.endsWith('.py')) files.push(path);
  }
  return files.sort();
}

// Plain UTF-8 files go to both sides as text (no decoding question); files that exercise
// PEP 263 decoding (BOM, coding cookie, invalid UTF-8) go to both sides as bytes.
function sourceOf(bytes: Uint8Array): string | Uint8Array {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return bytes;
  }
  const firstLines = text.split('\n', 2);
  return firstLines.some((line) => COOKIE_LINE.test(line)) ? bytes : text;
}

function loadCase(path: string): Case {
  const bytes = new Uint8Array(readFileSync(path));
  const name = relative(CORPUS, path).split(sep).join('/');
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 40));
  const mode = (MODE_LINE.exec(head)?.[1] ?? 'exec') as Mode;
  return { name, family: name.split('/')[0]!, mode, source: sourceOf(bytes) };
}

function fromTspy(error: PySyntaxError): ErrorFields {
  return {
    type: error.kind,
    msg: error.msg,
    lineno: error.lineno ?? null,
    offset: error.offset ?? null,
    end_lineno: error.end_lineno ?? null,
    end_offset: error.end_offset ?? null,
    text: error.text ?? null,
  };
}

/**
 * Runs tspy like `ast.parse` (bytes are decoded first, as `ast.parse(bytes)` does);
 * a result that is not a PySyntaxError is described as a string (always a miss).
 */
function runTspy(kase: Case): ErrorFields | string {
  try {
    const text = typeof kase.source === 'string' ? kase.source : decodeSource(kase.source, kase.name);
    parse(text, kase.name, kase.mode);
    return 'accepted the program (no error)';
  } catch (error) {
    if (error instanceof PySyntaxError) return fromTspy(error);
    if (error instanceof Error) return `threw ${error.name}: ${error.message.split('\n')[0]}`;
    return `threw a non-Error: ${String(error)}`;
  }
}

const COMPARED_FIELDS = ['type', 'msg', 'lineno', 'offset', 'end_lineno', 'end_offset'] as const;

function isIdentical(expected: SyntaxErrorInfo, actual: ErrorFields): boolean {
  return COMPARED_FIELDS.every((field) => expected[field] === actual[field]);
}

function describeError(e: SyntaxErrorInfo | ErrorFields | string | null): string {
  if (e === null) return 'accepted (no error)';
  if (typeof e === 'string') return e;
  return `${e.type}: ${JSON.stringify(e.msg)} @ ${e.lineno}:${e.offset}-${e.end_lineno}:${e.end_offset} text=${JSON.stringify(e.text)}`;
}

function describeMiss(o: Outcome): string {
  return `${o.kase.name}${o.kase.mode === 'exec' ? '' : ` [${o.kase.mode}]`}\n` +
    `  cpython: ${describeError(o.expected)}\n` +
    `  tspy:    ${describeError(o.actual)}`;
}

function familyTally(outcomes: readonly Outcome[]): string[] {
  const byFamily = new Map<string, { total: number; identical: number }>();
  for (const o of outcomes) {
    const entry = byFamily.get(o.kase.family) ?? { total: 0, identical: 0 };
    entry.total++;
    if (o.identical) entry.identical++;
    byFamily.set(o.kase.family, entry);
  }
  return [...byFamily.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([family, t]) => `  ${family.padEnd(40)} ${String(t.identical).padStart(3)}/${String(t.total).padEnd(3)}`);
}

function writeReport(outcomes: readonly Outcome[], summary: string): void {
  const misses = outcomes.filter((o) => !o.identical);
  const textOnly = outcomes.filter((o) => o.identical && o.textDiffers);
  const lines = [
    summary,
    '',
    'per family (identical/total):',
    ...familyTally(outcomes),
    '',
    `misses (${misses.length}):`,
    ...misses.map(describeMiss),
    '',
    `identical except for the 'text' field (${textOnly.length}):`,
    ...textOnly.map(describeMiss),
    '',
  ];
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(REPORT, lines.join('\n'));
}

describe('syntax errors: tspy parse() vs CPython 3.14 ast.parse', () => {
  const cases = listCases(CORPUS).map(loadCase);
  let expected: (SyntaxErrorInfo | null)[] = [];

  beforeAll(async () => {
    const queries: ParseCase[] = cases.map((c) => ({ source: c.source, filename: c.name, mode: c.mode }));
    expected = await syntaxErrors(queries);
  });

  afterAll(async () => {
    await closeOracle();
  });

  it(`has at least ${MIN_CASES} cases`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
  });

  it('every case is rejected by CPython with a SyntaxError', () => {
    const notRejected = cases
      .map((c, i) => ({ name: c.name, error: expected[i] }))
      .filter(({ error }) => !error || !['SyntaxError', 'IndentationError', 'TabError'].includes(error.type))
      .map(({ name, error }) => `${name}: ${describeError(error ?? null)}`);
    expect(notRejected).toEqual([]);
  });

  it('tspy raises the same errors (ratchet)', () => {
    const outcomes: Outcome[] = cases.map((kase, i) => {
      const want = expected[i] ?? null;
      const actual = runTspy(kase);
      const identical = want !== null && typeof actual !== 'string' && isIdentical(want, actual);
      const textDiffers = want !== null && typeof actual !== 'string' && want.text !== actual.text;
      return { kase, expected: want, actual, identical, textDiffers };
    });
    const identical = outcomes.filter((o) => o.identical).length;
    const textDiffers = outcomes.filter((o) => o.identical && o.textDiffers).length;
    const percent = ((100 * identical) / Math.max(1, cases.length)).toFixed(1);
    const summary = `syntax errors: ${identical}/${cases.length} identical (${percent}%); ` +
      `${textDiffers} of those differ only in 'text'`;
    writeReport(outcomes, summary);

    const misses = outcomes.filter((o) => !o.identical);
    console.log([
      summary,
      ...familyTally(outcomes),
      `first ${Math.min(SHOWN_MISSES, misses.length)} of ${misses.length} misses (all in ${relative(process.cwd(), REPORT)}):`,
      ...misses.slice(0, SHOWN_MISSES).map(describeMiss),
    ].join('\n'));

    expect(identical).toBeGreaterThanOrEqual(BASELINE);
  });
});
