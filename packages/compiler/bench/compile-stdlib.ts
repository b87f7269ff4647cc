// How fast tspy compiles CPython's whole pure-Python stdlib (python_stdlib.zip, 559 files,
// ≈9.6 MB) to code objects, against native CPython 3.14's compile() and pyodide's compile()
// measured in the same run. Prints a table, writes bench-results/compile-stdlib.json.
// Modules tspy cannot compile yet are counted, and the same modules are left out of every
// runner's corpus so that the times stay comparable.
//
//   npx tsx --conditions=@tspy/source bench/compile-stdlib.ts [--passes N] [--pyodide-passes N] [--no-cpython] [--no-pyodide]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { closeOracle, decodePythonSource, oracleVersion, readStdlibSources, runPython, stdlibZipPath } from '../../test-support/src/index.js';
import { findNativePython, runNativeScript, type PythonTimings } from './python-runners.js';
import { CompileStdlibResult, type PassTimes } from './results-schema.js';
import { parseOptions, summarize } from './bench-options.js';

const RESULT_PATH = fileURLToPath(new URL('../bench-results/compile-stdlib.json', import.meta.url));
const PYODIDE_ZIP = '/lib/python314.zip'; // python_stdlib.zip as mounted inside pyodide


type CompileFn = (source: string | Uint8Array, filename: string, mode: 'exec' | 'eval' | 'single') => unknown;

interface SourceFile {
  name: string;
  text: string;
  bytes: number;
}

function progress(message: string): void {
  process.stderr.write(`[compile-stdlib] ${message}\n`);
}

function shortError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

async function loadTspyCompile(): Promise<CompileFn | string> {
  try {
    const module = (await import('../src/compiler/compile.js')) as unknown as { compile?: CompileFn };
    return typeof module.compile === 'function' ? module.compile : 'src/compiler/compile.ts does not export compile() yet';
  } catch (error) {
    return `src/compiler/compile.ts failed to load: ${shortError(error)}`;
  }
}

/** The warm-up pass: finds the modules tspy cannot compile (left out of every corpus). */
function warmUp(compile: CompileFn, files: readonly SourceFile[]): { module: string; error: string }[] {
  const excluded: { module: string; error: string }[] = [];
  for (const [i, file] of files.entries()) {
    try {
      compile(file.text, file.name, 'exec');
    } catch (error) {
      excluded.push({ module: file.name, error: shortError(error) });
    }
    if ((i + 1) % 100 === 0) progress(`tspy: warm-up ${i + 1}/${files.length}`);
  }
  return excluded;
}

function timeTspy(compile: CompileFn, files: readonly SourceFile[], passes: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    for (const file of files) compile(file.text, file.name, 'exec');
    times.push((performance.now() - started) / 1000);
    progress(`tspy: pass ${i + 1}/${passes}: ${times[i]!.toFixed(3)} s`);
  }
  return times;
}

/** A Python program timing compile() over the zip's .py files minus `excluded`. */
function compileTimingScript(zipPath: string, passes: number, excluded: readonly string[]): string {
  return `
import json, sys, time, warnings, zipfile
warnings.simplefilter('ignore')  # SyntaxWarnings would be printed once per pass
archive = zipfile.ZipFile(${JSON.stringify(zipPath)})
excluded = set(json.loads(${JSON.stringify(JSON.stringify(excluded))}))
names = sorted(n for n in archive.namelist() if n.endswith('.py') and n not in excluded)
sources = [(n, archive.read(n).decode('utf-8')) for n in names]
def compile_all():
    for name, source in sources:
        compile(source, name, 'exec', dont_inherit=True)
compile_all()
times = []
for i in range(${passes}):
    start = time.perf_counter()
    compile_all()
    times.append(time.perf_counter() - start)
    print(f'  compile pass {i + 1}/${passes}: {times[-1]:.3f} s', file=sys.stderr, flush=True)
print(json.dumps({'version': sys.version, 'executable': sys.executable, 'files': len(sources),
                  'bytes': sum(len(s.encode('utf-8')) for _, s in sources), 'times': {'compile': times}}))
`;
}

function checkCorpus(runner: string, timings: PythonTimings, files: number, bytes: number): void {
  if (timings.files !== files || timings.bytes !== bytes) {
    throw new Error(`${runner} saw ${timings.files} files / ${timings.bytes} bytes, tspy ${files} / ${bytes}`);
  }
}

function measureCpython(files: number, bytes: number, passes: number, excluded: readonly string[]): CompileStdlibResult['cpython'] {
  const python = findNativePython();
  if (!python) return { available: false, reason: 'no native CPython: neither ../shared/tools/python3.14 nor python3.x on PATH runs' };
  progress(`CPython: ${python.executable} (${python.origin})`);
  try {
    const timings = runNativeScript(python.executable, compileTimingScript(stdlibZipPath(), passes, excluded));
    checkCorpus('CPython', timings, files, bytes);
    return { available: true, executable: `${python.executable} (${python.origin})`, version: timings.version, compile: summarize(timings.times.compile!, bytes) };
  } catch (error) {
    return { available: false, reason: shortError(error) };
  }
}

async function measurePyodide(files: number, bytes: number, passes: number, excluded: readonly string[]): Promise<CompileStdlibResult['pyodide']> {
  try {
    progress('pyodide: loading');
    const version = await oracleVersion();
    progress(`pyodide: compile, warm-up + ${passes} passes (no per-pass progress)`);
    const timings = JSON.parse(await runPython(compileTimingScript(PYODIDE_ZIP, passes, excluded))) as PythonTimings;
    checkCorpus('pyodide', timings, files, bytes);
    return { available: true, version, compile: summarize(timings.times.compile!, bytes) };
  } catch (error) {
    return { available: false, reason: shortError(error) };
  } finally {
    await closeOracle();
  }
}

function ratio(tspy: PassTimes | undefined, other: PassTimes | undefined): number | null {
  return tspy && other ? tspy.best / other.best : null;
}

function table(result: CompileStdlibResult): string {
  const tspy = result.tspy.available ? result.tspy.compile : undefined;
  const cpythonVersion = result.cpython.available ? ` ${result.cpython.version.split(' ')[0]}` : '';
  const pyodideVersion = result.pyodide.available ? ` ${result.pyodide.version.split(' ')[0]}` : '';
  const rows: [string, PassTimes | undefined, string | undefined][] = [
    ['tspy compile()', tspy, result.tspy.available ? undefined : result.tspy.reason],
    [`CPython${cpythonVersion} compile()`, result.cpython.available ? result.cpython.compile : undefined, result.cpython.available ? undefined : result.cpython.reason],
    [`pyodide${pyodideVersion} compile()`, result.pyodide.available ? result.pyodide.compile : undefined, result.pyodide.available ? undefined : result.pyodide.reason],
  ];
  const header = `${'runner'.padEnd(30)}${'best s'.padStart(9)}${'median s'.padStart(10)}${'MB/s'.padStart(8)}${'tspy/runner'.padStart(13)}`;
  const lines = rows.map(([label, times, reason]) => {
    if (!times) return `${label.padEnd(30)}  unavailable${reason ? `: ${reason}` : ''}`;
    const r = times === tspy ? null : ratio(tspy, times);
    return `${label.padEnd(30)}${times.best.toFixed(3).padStart(9)}${times.median.toFixed(3).padStart(10)}${times.mbPerSecond.toFixed(2).padStart(8)}${(r === null ? '-' : `${r.toFixed(2)}x`).padStart(13)}`;
  });
  const { corpus, machine } = result;
  const excluded = corpus.excluded.length > 0 ? `; ${corpus.excluded.length} modules tspy cannot compile yet left out` : '';
  return [
    `compile-stdlib: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(2)} MB (${corpus.description})${excluded}; Node ${machine.node}, ${machine.cpus}× ${machine.cpuModel}`,
    header,
    ...lines,
    'tspy/runner = tspy best time ÷ runner best time (below 1: tspy is faster)',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const entries = readStdlibSources();
  let files: SourceFile[] = entries.map((entry) => ({ name: entry.name, text: decodePythonSource(entry.bytes), bytes: entry.bytes.length }));

  const compile = await loadTspyCompile();
  let tspy: CompileStdlibResult['tspy'];
  let excluded: { module: string; error: string }[] = [];
  if (typeof compile === 'string') {
    tspy = { available: false, reason: compile };
  } else {
    progress('tspy: warm-up pass');
    excluded = warmUp(compile, files);
    const left = new Set(excluded.map((e) => e.module));
    files = files.filter((file) => !left.has(file.name));
    if (excluded.length > 0) progress(`tspy: ${excluded.length} modules fail to compile and are left out of every corpus`);
    tspy = files.length > 0
      ? { available: true, compile: summarize(timeTspy(compile, files, options.passes), files.reduce((n, f) => n + f.bytes, 0)) }
      : { available: false, reason: 'tspy compiled no module of the stdlib' };
  }
  if (files.length === 0) files = entries.map((entry) => ({ name: entry.name, text: '', bytes: entry.bytes.length }));
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const excludedNames = excluded.length < entries.length ? excluded.map((e) => e.module) : [];

  const cpython = options.cpython
    ? measureCpython(files.length, bytes, options.passes, excludedNames)
    : { available: false as const, reason: 'skipped (--no-cpython)' };
  const pyodide = options.pyodide
    ? await measurePyodide(files.length, bytes, options.pyodidePasses, excludedNames)
    : { available: false as const, reason: 'skipped (--no-pyodide)' };

  const tspyTimes = tspy.available ? tspy.compile : undefined;
  const result = CompileStdlibResult.parse({
    benchmark: 'compile-stdlib',
    date: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    corpus: { description: 'every .py file of pyodide 314.0.7 python_stdlib.zip, UTF-8', files: files.length, bytes, excluded },
    tspy,
    cpython,
    pyodide,
    ratios: {
      tspyOverCpythonCompile: ratio(tspyTimes, cpython.available ? cpython.compile : undefined),
      tspyOverPyodideCompile: ratio(tspyTimes, pyodide.available ? pyodide.compile : undefined),
    },
  });
  mkdirSync(fileURLToPath(new URL('../bench-results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULT_PATH, `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(result));
  progress(`wrote ${RESULT_PATH}`);
}

await main();
