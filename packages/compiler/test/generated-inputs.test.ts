// Gate 3: grammar-generated Python 3.14 inputs (mostly exec-mode programs, some for the
// eval, single and func_type modes), half of them mutated into near-misses, plus a few
// that press on nesting and recursion limits.
// For every case tspy must accept exactly what CPython's ast.parse (pyodide) accepts, give
// the identical AST (positions included) when both accept, throw nothing but PySyntaxError,
// and never take more than CASE_BUDGET_MS. TSPY_FUZZ_SEED and TSPY_FUZZ_CASES override the
// fixed seed and the case count; the seed is printed so that any run can be replayed.

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { judgeAll, minimize, type DisagreementKind, type FuzzCase, type ParseModeName, type Verdict } from './support/differential.js';
import { maybeMutated } from './support/mutations.js';
import { pythonEvalInput, pythonFuncTypeInput, pythonProgram, pythonSingleInput } from './support/pythonArbitraries.js';
import { writeReport } from './support/report.js';
import { stressProgram } from './support/stressArbitraries.js';
import { loadTspyParser } from './support/tspyParser.js';
import { Watchdog } from './support/watchdog.js';

const DEFAULT_SEED = 314_2026;
const DEFAULT_CASES = 3000;
/** A case (parse + dump) taking longer than this is a failure. */
const CASE_BUDGET_MS = 1000;
/** A case still running after this long is a hang: the watchdog reports it and kills the run. */
const HANG_MS = 30_000;
/** Percent of cases per kind: exec-mode programs, limit-pressing programs, and inputs for
 *  the other ast.parse modes. */
const MIX: [number, ParseModeName, () => fc.Arbitrary<string>][] = [
  [87, 'exec', () => maybeMutated(pythonProgram())],
  [3, 'exec', stressProgram],
  [5, 'eval', () => maybeMutated(pythonEvalInput())],
  [3, 'single', () => maybeMutated(pythonSingleInput())],
  [2, 'func_type', () => maybeMutated(pythonFuncTypeInput())],
];
const MINIMIZED_EXAMPLES = 3;
const MINIMIZE_SECONDS = 20;
const LISTED = 10;

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

interface Disagreement {
  index: number;
  input: FuzzCase;
  verdict: Verdict;
  minimized?: string;
}

function tally(verdicts: readonly Verdict[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of verdicts) counts[v.kind] = (counts[v.kind] ?? 0) + 1;
  return counts;
}

/** One disagreement of each kind first, so the minimized examples cover different bugs. */
function examplesToMinimize(disagreements: readonly Disagreement[]): Disagreement[] {
  const byKind = new Map<string, Disagreement>();
  for (const d of disagreements) if (d.verdict.kind !== 'slow' && !byKind.has(d.verdict.kind)) byKind.set(d.verdict.kind, d);
  const picked = [...byKind.values()];
  for (const d of disagreements) if (picked.length < MINIMIZED_EXAMPLES && !picked.includes(d) && d.verdict.kind !== 'slow') picked.push(d);
  return picked.slice(0, MINIMIZED_EXAMPLES);
}

function describe(d: Disagreement): string {
  const mode = d.input.mode === 'exec' ? '' : ` (mode ${d.input.mode})`;
  const lines = [`#${d.index} ${d.verdict.kind}${mode}: ${d.verdict.detail}`, `  source: ${JSON.stringify(d.input.source)}`];
  if (d.minimized !== undefined) lines.push(`  minimized: ${JSON.stringify(d.minimized)}`);
  return lines.join('\n');
}

function generateInputs(seed: number, count: number): FuzzCase[] {
  const mix = fc.oneof(
    ...MIX.map(([weight, mode, arbitrary]) => ({ weight, arbitrary: arbitrary().map((source): FuzzCase => ({ source, mode })) })),
  );
  return fc.sample(mix, { seed, numRuns: count });
}

function summarize(seed: number, verdicts: readonly Verdict[], disagreements: readonly Disagreement[], timing: string): string {
  const counts = tally(verdicts);
  const sameErrors = verdicts.filter((v) => v.sameError).length;
  return [
    `generated inputs (seed ${seed}): ${verdicts.length} cases, ${counts['both-accept'] ?? 0} both accept, ` +
      `${counts['both-reject'] ?? 0} both reject (${sameErrors} with the identical error), ${disagreements.length} disagreements (${timing})`,
    ...Object.entries(counts).filter(([kind]) => !kind.startsWith('both')).map(([kind, n]) => `  ${kind}: ${n}`),
  ].join('\n');
}

/** The cases both reject with different errors (type, message or location). */
function differentErrors(verdicts: readonly Verdict[]): string[] {
  return verdicts.flatMap((v, index) => (v.kind === 'both-reject' && !v.sameError ? [`#${index} ${v.detail}`] : []));
}

/** Prints the summary and the first disagreements; writes all of them to test/.out/. */
function report(summary: string, verdicts: readonly Verdict[], disagreements: readonly Disagreement[]): void {
  const ordered = [...disagreements.filter((d) => d.minimized !== undefined), ...disagreements.filter((d) => d.minimized === undefined)];
  const errorMismatches = differentErrors(verdicts);
  writeReport('generated-inputs.txt', [
    summary, '', ...ordered.map(describe), '',
    `both reject, different error (informational, ${errorMismatches.length}):`, ...errorMismatches, '',
  ].join('\n'));
  console.log([summary, ...ordered.slice(0, LISTED).map(describe)].join('\n'));
}

it('tspy accepts exactly what CPython accepts, with identical ASTs, on generated programs', async () => {
  const seed = envInteger('TSPY_FUZZ_SEED', DEFAULT_SEED);
  const count = envInteger('TSPY_FUZZ_CASES', DEFAULT_CASES);
  const parser = await loadTspyParser();
  if (!parser.api) throw new Error(`tspy parser unavailable: ${parser.missing}`);
  const api = parser.api;

  const started = performance.now();
  const inputs = generateInputs(seed, count);
  const generated = performance.now();
  const watchdog = new Watchdog(`generated-inputs (seed ${seed})`, HANG_MS);
  try {
    const verdicts = await judgeAll(api, inputs, CASE_BUDGET_MS, watchdog);
    const disagreements: Disagreement[] = verdicts.flatMap((verdict, index) =>
      verdict.kind === 'both-accept' || verdict.kind === 'both-reject' ? [] : [{ index, input: inputs[index]!, verdict }],
    );
    const judged = performance.now();
    const deadline = judged + MINIMIZE_SECONDS * 1000;
    for (const d of examplesToMinimize(disagreements)) {
      d.minimized = await minimize(api, d.input, d.verdict.kind as DisagreementKind, CASE_BUDGET_MS, deadline, watchdog);
    }
    const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    const timing = `generate ${seconds(started, generated)}, oracle + tspy ${seconds(generated, judged)}, minimize ${seconds(judged, performance.now())}`;
    report(summarize(seed, verdicts, disagreements, timing), verdicts, disagreements);

    expect(disagreements.map((d) => `#${d.index} ${d.verdict.kind}`)).toEqual([]);
    // On the default corpus every rejection already carries CPython's error: a ratchet.
    if (seed === DEFAULT_SEED && count === DEFAULT_CASES) expect(differentErrors(verdicts)).toEqual([]);
  } finally {
    await watchdog.stop();
  }
});
