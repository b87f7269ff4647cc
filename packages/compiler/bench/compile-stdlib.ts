// How fast tspy compiles CPython's whole pure-Python stdlib (python_stdlib.zip, 559 files,
// ≈9.6 MB) to code objects, against native CPython 3.14's compile() and pyodide's compile()
// measured in the same run; tspy's and CPython's timed passes alternate, so that a machine
// whose speed drifts slows both alike. Prints a table, writes bench-results/compile-stdlib.json.
// Modules tspy cannot compile yet are counted, and the same modules are left out of every
// runner's corpus so that the times stay comparable.
//
//   npx tsx --conditions=@tspy/source bench/compile-stdlib.ts [--passes N] [--pyodide-passes N] [--no-cpython] [--no-pyodide]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { closeOracle, decodePythonSource, oracleVersion, readStdlibSources, runPython, stdlibZipPath } from '../../test-support/src/index.js';
import { findNativePython, startPassServer, type PassServer, type PythonTimings } from './python-runners.js';
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

function timeTspyPass(compile: CompileFn, files: readonly SourceFile[]): number {
  const started = performance.now();
  for (const file of files) compile(file.text, file.name, 'exec');
  return (performance.now() - started) / 1000;
}

/** The corpus a Python script compiles: the zip's .py files minus `excluded`, decoded. */
function corpusPrelude(zipPath: string, excluded: readonly string[]): string {
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
def pass_seconds():
    start = time.perf_counter()
    compile_all()
    return time.perf_counter() - start
header = {'version': sys.version, 'executable': sys.executable, 'files': len(sources),
          'bytes': sum(len(s.encode('utf-8')) for _, s in sources)}
compile_all()
`;
}

/** A Python program timing `passes` passes of compile() after a warm-up (pyodide runs it whole). */
function compileTimingScript(zipPath: string, passes: number, excluded: readonly string[]): string {
  return `${corpusPrelude(zipPath, excluded)}
times = [pass_seconds() for i in range(${passes})]
print(json.dumps({**header, 'times': {'compile': times}}))
`;
}

/** A Python program timing one pass per "pass" line on stdin (startPassServer). */
function compilePassServerScript(zipPath: string, excluded: readonly string[]): string {
  return `${corpusPrelude(zipPath, excluded)}
print(json.dumps(header), flush=True)
for line in sys.stdin:
    print(json.dumps({'seconds': pass_seconds()}), flush=True)
`;
}

function checkCorpus(runner: string, timings: { files: number; bytes: number }, files: number, bytes: number): void {
  if (timings.files !== files || timings.bytes !== bytes) {
    throw new Error(`${runner} saw ${timings.files} files / ${timings.bytes} bytes, tspy ${files} / ${bytes}`);
  }
}

/**
 * tspy's timed passes, each followed by one of native CPython's when it runs: passes
 * that alternate see the machine in the same state, so their ratios hold on a machine
 * whose speed drifts.
 */
async function measureTspyAndCpython(
  compile: CompileFn, files: readonly SourceFile[], passes: number, withCpython: boolean, excluded: readonly string[],
): Promise<{ tspy: number[]; cpython: CompileStdlibResult['cpython']; cpythonTimes: number[] }> {
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  let server: PassServer | undefined;
  let cpython: CompileStdlibResult['cpython'] = { available: false, reason: 'skipped (--no-cpython)' };
  const python = withCpython ? findNativePython() : undefined;
  if (withCpython && !python) cpython = { available: false, reason: 'no native CPython: neither ../shared/tools/python3.14 nor python3.x on PATH runs' };
  if (python) {
    progress(`CPython: ${python.executable} (${python.origin}), loading and warm-up`);
    try {
      server = await startPassServer(python.executable, compilePassServerScript(stdlibZipPath(), excluded));
      checkCorpus('CPython', server.header, files.length, bytes);
    } catch (error) {
      server?.close();
      server = undefined;
      cpython = { available: false, reason: shortError(error) };
    }
  }
  const tspy: number[] = [];
  const cpythonTimes: number[] = [];
  try {
    for (let i = 0; i < passes; i++) {
      tspy.push(timeTspyPass(compile, files));
      if (server) cpythonTimes.push(await server.pass());
      const other = server ? `, CPython ${cpythonTimes[i]!.toFixed(3)} s` : '';
      progress(`pass ${i + 1}/${passes}: tspy ${tspy[i]!.toFixed(3)} s${other}`);
    }
  } finally {
    server?.close();
  }
  if (server) {
    cpython = { available: true, executable: `${python!.executable} (${python!.origin})`, version: server.header.version, compile: summarize(cpythonTimes, bytes) };
  }
  return { tspy, cpython, cpythonTimes };
}

/** The median of tspy's time over the other runner's, pass by pass. */
function pairedMedianRatio(tspy: readonly number[], other: readonly number[]): number | null {
  if (other.length !== tspy.length || other.length === 0) return null;
  const ratios = tspy.map((t, i) => t / other[i]!).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  return ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
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
    ...(result.ratios.tspyOverCpythonCompilePairedMedian === null ? [] : [
      `tspy/CPython pass by pass (passes alternate): median ${result.ratios.tspyOverCpythonCompilePairedMedian.toFixed(2)}x`,
    ]),
  ].join('\n');
}

interface TspySide {
  tspy: CompileStdlibResult['tspy'];
  cpython: CompileStdlibResult['cpython'];
  /** tspy's time over CPython's, median over their alternating passes. */
  paired: number | null;
  /** The corpus every runner compiles: the stdlib minus the modules tspy cannot compile. */
  files: SourceFile[];
  excluded: { module: string; error: string }[];
}

/** tspy's warm-up (which finds the modules it cannot compile), then its passes alternating with CPython's. */
async function measureTspySide(options: ReturnType<typeof parseOptions>, all: SourceFile[]): Promise<TspySide> {
  const compile = await loadTspyCompile();
  if (typeof compile === 'string') {
    return { tspy: { available: false, reason: compile }, cpython: { available: false, reason: 'skipped: tspy did not load' }, paired: null, files: all, excluded: [] };
  }
  progress('tspy: warm-up pass');
  const excluded = warmUp(compile, all);
  const left = new Set(excluded.map((e) => e.module));
  const files = all.filter((file) => !left.has(file.name));
  if (excluded.length > 0) progress(`tspy: ${excluded.length} modules fail to compile and are left out of every corpus`);
  if (files.length === 0) {
    return { tspy: { available: false, reason: 'tspy compiled no module of the stdlib' }, cpython: { available: false, reason: 'skipped: no corpus' }, paired: null, files: all, excluded: [] };
  }
  const measured = await measureTspyAndCpython(compile, files, options.passes, options.cpython, excluded.map((e) => e.module));
  return {
    tspy: { available: true, compile: summarize(measured.tspy, files.reduce((n, f) => n + f.bytes, 0)) },
    cpython: measured.cpython,
    paired: pairedMedianRatio(measured.tspy, measured.cpythonTimes),
    files,
    excluded,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const entries = readStdlibSources();
  const all: SourceFile[] = entries.map((entry) => ({ name: entry.name, text: decodePythonSource(entry.bytes), bytes: entry.bytes.length }));
  const { tspy, cpython, paired, files, excluded } = await measureTspySide(options, all);
  const excludedNames = excluded.map((e) => e.module);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
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
      tspyOverCpythonCompilePairedMedian: paired,
      tspyOverPyodideCompile: ratio(tspyTimes, pyodide.available ? pyodide.compile : undefined),
    },
  });
  mkdirSync(fileURLToPath(new URL('../bench-results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULT_PATH, `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(result));
  progress(`wrote ${RESULT_PATH}`);
}

await main();
