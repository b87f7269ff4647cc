// Gate 4: how fast tspy parses CPython's whole pure-Python stdlib (python_stdlib.zip, 559
// files, ≈9.6 MB), against native CPython 3.14 (ast.parse and compile) and pyodide's
// ast.parse measured in the same run. Prints a table, writes bench-results/parse-stdlib.json.
//
//   npx tsx bench/parse-stdlib.ts [--passes N] [--pyodide-passes N] [--no-cpython] [--no-pyodide]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { closeOracle, decodePythonSource, oracleVersion, readStdlibSources, runPython, stdlibZipPath } from '../../test-support/src/index.js';
import { loadTspyParser, type TspyParserApi } from '../test/support/tspyParser.js';
import { findNativePython, runNativeScript, timingScript, type PythonTimings } from './python-runners.js';
import { ParseStdlibResult, type PassTimes } from './results-schema.js';
import { parseOptions, summarize } from './bench-options.js';

const RESULT_PATH = fileURLToPath(new URL('../bench-results/parse-stdlib.json', import.meta.url));
const PYODIDE_ZIP = '/lib/python314.zip'; // python_stdlib.zip as mounted inside pyodide

interface SourceFile {
  name: string;
  text: string;
}

function progress(message: string): void {
  process.stderr.write(`[parse-stdlib] ${message}\n`);
}

function timeTspy(api: TspyParserApi, files: readonly SourceFile[], passes: number): number[] {
  const parseAll = () => {
    for (const file of files) api.parse(file.text, file.name);
  };
  progress('tspy: warm-up pass');
  parseAll();
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    parseAll();
    times.push((performance.now() - started) / 1000);
    progress(`tspy: pass ${i + 1}/${passes}: ${times[i]!.toFixed(3)} s`);
  }
  return times;
}

async function measureTspy(files: readonly SourceFile[], bytes: number, passes: number): Promise<ParseStdlibResult['tspy']> {
  let loaded;
  try {
    loaded = await loadTspyParser();
  } catch (error) {
    return { available: false, reason: `src/index.ts failed to load: ${String(error)}` };
  }
  if (!loaded.api) return { available: false, reason: loaded.missing };
  try {
    return { available: true, parse: summarize(timeTspy(loaded.api, files, passes), bytes) };
  } catch (error) {
    return { available: false, reason: `tspy failed on the stdlib: ${String(error)}` };
  }
}

function checkCorpus(runner: string, timings: PythonTimings, files: number, bytes: number): void {
  if (timings.files !== files || timings.bytes !== bytes) {
    throw new Error(`${runner} saw ${timings.files} files / ${timings.bytes} bytes, tspy ${files} / ${bytes}`);
  }
}

function measureCpython(zipPath: string, files: number, bytes: number, passes: number): ParseStdlibResult['cpython'] {
  const python = findNativePython();
  if (!python) return { available: false, reason: 'no native CPython: neither ../shared/tools/python3.14 nor python3.x on PATH runs' };
  progress(`CPython: ${python.executable} (${python.origin})`);
  try {
    const timings = runNativeScript(python.executable, timingScript(zipPath, passes, ['ast.parse', 'compile']));
    checkCorpus('CPython', timings, files, bytes);
    return {
      available: true,
      executable: `${python.executable} (${python.origin})`,
      version: timings.version,
      astParse: summarize(timings.times['ast.parse']!, bytes),
      compile: summarize(timings.times.compile!, bytes),
    };
  } catch (error) {
    return { available: false, reason: String(error) };
  }
}

async function measurePyodide(files: number, bytes: number, passes: number): Promise<ParseStdlibResult['pyodide']> {
  try {
    progress('pyodide: loading');
    const version = await oracleVersion();
    progress(`pyodide: ast.parse, warm-up + ${passes} passes (no per-pass progress)`);
    const timings = JSON.parse(await runPython(timingScript(PYODIDE_ZIP, passes, ['ast.parse']))) as PythonTimings;
    checkCorpus('pyodide', timings, files, bytes);
    return { available: true, version, astParse: summarize(timings.times['ast.parse']!, bytes) };
  } catch (error) {
    return { available: false, reason: String(error) };
  } finally {
    await closeOracle();
  }
}

function ratio(tspy: PassTimes | undefined, other: PassTimes | undefined): number | null {
  return tspy && other ? tspy.best / other.best : null;
}

function table(result: ParseStdlibResult): string {
  const tspy = result.tspy.available ? result.tspy.parse : undefined;
  const rows: [string, PassTimes | undefined, string?][] = [
    ['tspy parse()', tspy, result.tspy.available ? undefined : result.tspy.reason],
  ];
  const cpythonVersion = result.cpython.available ? ` ${result.cpython.version.split(' ')[0]}` : '';
  rows.push([`CPython${cpythonVersion} ast.parse`, result.cpython.available ? result.cpython.astParse : undefined, result.cpython.available ? undefined : result.cpython.reason]);
  rows.push([`CPython${cpythonVersion} compile()`, result.cpython.available ? result.cpython.compile : undefined]);
  const pyodideVersion = result.pyodide.available ? ` ${result.pyodide.version.split(' ')[0]}` : '';
  rows.push([`pyodide${pyodideVersion} ast.parse`, result.pyodide.available ? result.pyodide.astParse : undefined, result.pyodide.available ? undefined : result.pyodide.reason]);
  const header = `${'runner'.padEnd(30)}${'best s'.padStart(9)}${'median s'.padStart(10)}${'MB/s'.padStart(8)}${'tspy/runner'.padStart(13)}`;
  const lines = rows.map(([label, times, reason]) => {
    if (!times) return `${label.padEnd(30)}  unavailable${reason ? `: ${reason}` : ''}`;
    const r = times === tspy ? null : ratio(tspy, times);
    return `${label.padEnd(30)}${times.best.toFixed(3).padStart(9)}${times.median.toFixed(3).padStart(10)}${times.mbPerSecond.toFixed(2).padStart(8)}${(r === null ? '-' : `${r.toFixed(2)}x`).padStart(13)}`;
  });
  const { corpus, machine } = result;
  return [
    `parse-stdlib: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(2)} MB (${corpus.description}); Node ${machine.node}, ${machine.cpus}× ${machine.cpuModel}`,
    header,
    ...lines,
    'tspy/runner = tspy best time ÷ runner best time (below 1: tspy is faster)',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const entries = readStdlibSources();
  const files = entries.map((entry) => ({ name: entry.name, text: decodePythonSource(entry.bytes) }));
  const bytes = entries.reduce((n, entry) => n + entry.bytes.length, 0);

  const tspy = await measureTspy(files, bytes, options.passes);
  const cpython = options.cpython
    ? measureCpython(stdlibZipPath(), files.length, bytes, options.passes)
    : { available: false as const, reason: 'skipped (--no-cpython)' };
  const pyodide = options.pyodide
    ? await measurePyodide(files.length, bytes, options.pyodidePasses)
    : { available: false as const, reason: 'skipped (--no-pyodide)' };

  const tspyTimes = tspy.available ? tspy.parse : undefined;
  const result = ParseStdlibResult.parse({
    benchmark: 'parse-stdlib',
    date: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    corpus: { description: 'every .py file of pyodide 314.0.7 python_stdlib.zip, UTF-8', files: files.length, bytes },
    tspy,
    cpython,
    pyodide,
    ratios: {
      tspyOverCpythonAstParse: ratio(tspyTimes, cpython.available ? cpython.astParse : undefined),
      tspyOverCpythonCompile: ratio(tspyTimes, cpython.available ? cpython.compile : undefined),
      tspyOverPyodideAstParse: ratio(tspyTimes, pyodide.available ? pyodide.astParse : undefined),
    },
  });
  mkdirSync(fileURLToPath(new URL('../bench-results/', import.meta.url)), { recursive: true });
  writeFileSync(RESULT_PATH, `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(result));
  progress(`wrote ${RESULT_PATH}`);
}

await main();
