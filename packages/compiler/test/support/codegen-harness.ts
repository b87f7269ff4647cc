// Shared by the codegen differential tests (expressions, patterns): SyntaxWarnings from
// CPython's codegen and tspy's, end-to-end code-object comparison, and the summary line.
import { runPython } from '@tspy/test-support';
import { compile, codegenOnly } from '../../src/compiler/compile.js';
import { parse, type ParseWarning } from '../../src/parser/parse.js';
import { compareWithCpython, errorMessage, type ParityResult, type TspyOutcome } from './code-parity.js';

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

