// Shared by the codegen differential tests (expressions, patterns): SyntaxWarnings from
// CPython's codegen and tspy's, end-to-end code-object comparison, and the summary line.
import { runPython } from '@tspy/test-support';
import { compile, codegenOnly } from '../../src/compiler/compile.js';
import { parse, type ParseWarning } from '../../src/parser/parse.js';
import { compareWithCpython, errorMessage, formatMiss, type ParityResult, type TspyOutcome } from './code-parity.js';
import { cpythonCodegen, diffOutcomes, tspyCodegen } from './codegen-oracle.js';

// Three comparisons per source: the unoptimized instruction sequences of every code unit
// (the core helper's codegen oracle: `_testinternalcapi.compiler_codegen`), the
// SyntaxWarnings codegen emits (message and line), and the final code objects
// (`compile()` in both, compared field by field inside pyodide).

export type Warned = [message: string, lineno: number][] | { error: string };

const PY_WARNINGS = String.raw`
import json, base64, ast, warnings, _testinternalcapi
def _warned(src):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            _testinternalcapi.compiler_codegen(ast.parse(src, 'f'), 'f', 0, 0)
        except SyntaxError as e:
            return {'error': str(e.msg)}
    return [[str(x.message), x.lineno] for x in w if x.category is SyntaxWarning]
`;

export async function cpythonWarnings(sources: readonly string[]): Promise<Warned[]> {
  const payload = Buffer.from(JSON.stringify(sources), 'utf8').toString('base64');
  const code = `${PY_WARNINGS}
print(json.dumps([_warned(s) for s in json.loads(base64.b64decode('${payload}').decode('utf-8'))]))
`;
  return JSON.parse(await runPython(code)) as Warned[];
}

export function tspyWarnings(source: string): Warned {
  const warnings: ParseWarning[] = [];
  try {
    codegenOnly(parse(source, 'f', 'exec', { warnings }), 'f', { warnings });
  } catch (e) {
    return { error: errorMessage(e) };
  }
  return warnings.filter((w) => (w.category ?? 'SyntaxWarning') === 'SyntaxWarning').map((w) => [w.message, w.lineno]);
}

export function warningsDiff(expected: Warned, actual: Warned): string | null {
  if (!Array.isArray(expected)) return null; // an error: compared by the codegen comparison
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return a === e ? null : `warnings: tspy ${a} vs CPython ${e}`;
}

/** Compiles each source with tspy and compares the code objects with pyodide's compile(). */
export async function endToEnd(sources: readonly string[]): Promise<ParityResult[]> {
  return compareWithCpython(sources.map((source, i) => {
    const module = `case${i}.py`;
    let outcome: TspyOutcome;
    try {
      outcome = { code: compile(source, module, 'exec') };
    } catch (e) {
      outcome = { error: errorMessage(e) };
    }
    return { module, outcome, source: Buffer.from(source, 'utf8') };
  }));
}

export function summarize(label: string, names: readonly string[], diffs: readonly (string | null)[]): void {
  const misses = diffs.flatMap((d, i) => (d === null ? [] : [`  ${names[i]}\n    ${d}`]));
  console.log(`${label}: ${diffs.length - misses.length}/${diffs.length} cases equal to CPython`);
  if (misses.length && process.env.CODEGEN_VERBOSE) console.log(misses.join('\n'));
}


export interface CodegenCase {
  name: string;
  source: string;
}

/** The three comparisons per case; `e2eDiffs` is indexed like the non-`error:` cases and is
 *  undefined where CPython rejects the source (its error is compared by `codegenDiffs`). */
export interface CodegenComparison {
  codegenDiffs: (string | null)[];
  warningDiffs: (string | null)[];
  e2eDiffs: (string | null | undefined)[];
  /** Compiling cases CPython rejects (module-level `yield`, …): no code objects to compare. */
  e2eSkipped: number;
}

/** Compares each case's unoptimized instructions, SyntaxWarnings and final code objects with CPython's. */
export async function compareCodegenCases(cases: readonly CodegenCase[]): Promise<CodegenComparison> {
  const sources = cases.map((c) => c.source);
  const expected = await cpythonCodegen(sources, { filename: 'f' });
  const codegenDiffs = sources.map((s, i) => diffOutcomes(expected[i]!, tspyCodegen(s, { filename: 'f' })));
  const warned = await cpythonWarnings(sources);
  const warningDiffs = sources.map((s, i) => warningsDiff(warned[i]!, tspyWarnings(s)));
  const compiling = cases.map((c, i) => [c, i] as const).filter(([c]) => !c.name.startsWith('error:'));
  const valid = compiling.filter(([, i]) => expected[i]!.error === undefined);
  const results = await endToEnd(valid.map(([c]) => c.source));
  const byCase = new Map(valid.map(([, i], k) => [i, results[k]!] as const));
  const e2eDiffs = compiling.map(([, i]) => {
    const r = byCase.get(i);
    return r === undefined ? undefined : r.miss ? formatMiss(r.miss) : null;
  });
  return { codegenDiffs, warningDiffs, e2eDiffs, e2eSkipped: compiling.length - valid.length };
}

/** Prints the N/M line of each comparison and the skipped count. */
export function reportCodegen(label: string, cases: readonly CodegenCase[], r: CodegenComparison): void {
  const names = cases.map((c) => c.name);
  summarize(`${label} (instruction sequences)`, names, r.codegenDiffs);
  summarize(`${label} (SyntaxWarnings)`, names, r.warningDiffs);
  const compiled = names.filter((n) => !n.startsWith('error:'));
  const compared = r.e2eDiffs.flatMap((d, k) => (d === undefined ? [] : [[compiled[k]!, d] as const]));
  summarize(`${label} (final code objects)`, compared.map(([n]) => n), compared.map(([, d]) => d));
  console.log(`${label} (final code objects): ${r.e2eSkipped} more cases are errors in CPython, compared as errors above`);
}
