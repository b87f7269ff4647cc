// How many machine instructions one compile() pass over a sample of the stdlib costs,
// counted by valgrind (cachegrind, no cache simulation) under `node --predictable
// --predictable-gc-schedule`. Wall-clock time on this project's shared 2-core VM drifts
// 20–30% from minute to minute; these counts repeat to within about 1% (the same build
// measured twice gave identical counts, another build 1.1% apart), so they can tell a
// few percent of the compiler's work from noise where timings cannot.
// The count is split by valgrind's function names: the garbage collector, V8's optimizing
// compiler (which --predictable runs on the main thread) and the rest, the mutator: tspy's
// code, V8's builtins and runtime. The mutator's share is the one to compare: the other two
// move with V8's heuristics (a collection more or less, a function optimized one pass
// later). It is a proxy that ignores cache misses: confirm a gain with compile-stdlib.ts.
// Each module is a built compiler entry (dist/index.js).
//
//   npx tsx bench/count-instructions.ts [--module PATH]... [--every N] [--no-cpython]
//
// Native CPython's compile() is counted over the same files the same way (its whole count:
// C has no optimizing compiler to set apart), which gives a ratio to the speed aim that the
// machine's drift does not move.
//
// One pass = (count for 4 passes − count for 2 passes) / 2: start-up, loading and the
// first optimizations cancel out. Needs valgrind on PATH.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeStdlibSample } from './stdlib-sample.js';
import { findNativePython } from './python-runners.js';

const run = promisify(execFile);
const WORKLOAD = fileURLToPath(new URL('./count-instructions-workload.mjs', import.meta.url));
const DEFAULT_MODULE = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const LOW_PASSES = 2;
const HIGH_PASSES = 4;

interface Options {
  modules: string[];
  every: number;
  cpython: boolean;
}

/** `[--module PATH]... [--every N] [--no-cpython]` (every N-th stdlib file; 8 by default). */
function parseOptions(argv: readonly string[]): Options {
  const options: Options = { modules: [], every: 8, cpython: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--no-cpython') {
      options.cpython = false;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--module') {
      options.modules.push(resolve(value));
    } else if (flag === '--every') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error('--every needs a positive integer');
      options.every = n;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  if (options.modules.length === 0) options.modules.push(DEFAULT_MODULE);
  return options;
}

/** Instruction counts by kind of code. */
interface Counts {
  mutator: number;
  gc: number;
  jit: number;
}

const GC_FUNCTION = /Scavenger|Heap::|heap::|MarkCompact|Marking|Sweeper|Evacuat|MinorMC|GCTracer|RememberedSet|SlotSet|MemoryAllocator|PagedSpace|NewSpace|BodyDescriptor|YoungGeneration/;
const JIT_FUNCTION = /v8::internal::compiler::|v8::internal::maglev|turboshaft|Pipeline|Zone/;

/** Sums the per-function counts of a cachegrind output file by kind of function. */
function countsByKind(outFile: string): Counts {
  const counts: Counts = { mutator: 0, gc: 0, jit: 0 };
  let kind: keyof Counts = 'mutator';
  for (const line of readFileSync(outFile, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) {
      const name = line.slice(3);
      kind = GC_FUNCTION.test(name) ? 'gc' : JIT_FUNCTION.test(name) ? 'jit' : 'mutator';
    } else if (line.length > 0 && line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57) {
      const fields = line.split(' ');
      if (fields.length >= 2) counts[kind] += Number(fields[1]);
    }
  }
  return counts;
}

async function countInstructions(module: string, corpus: string, passes: number, outFile: string): Promise<Counts> {
  await run('valgrind', [
    '--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${outFile}`,
    process.execPath, '--predictable', '--predictable-gc-schedule', WORKLOAD, module, corpus, String(passes),
  ], { maxBuffer: 1 << 24 });
  return countsByKind(outFile);
}

async function perPass(module: string, corpus: string, dir: string): Promise<Counts> {
  process.stderr.write(`[count-instructions] ${module}: ${LOW_PASSES} and ${HIGH_PASSES} passes under valgrind\n`);
  const [low, high] = await Promise.all([
    countInstructions(module, corpus, LOW_PASSES, join(dir, 'low.out')),
    countInstructions(module, corpus, HIGH_PASSES, join(dir, 'high.out')),
  ]);
  const per = (kind: keyof Counts) => (high[kind] - low[kind]) / (HIGH_PASSES - LOW_PASSES);
  return { mutator: per('mutator'), gc: per('gc'), jit: per('jit') };
}

const giga = (n: number) => `${(n / 1e9).toFixed(4)} G`;

/** compile() of the corpus, `passes` times, as a Python program. */
const CPYTHON_WORKLOAD = [
  'import json, sys',
  'files = json.load(open(sys.argv[1], encoding="utf-8"))',
  'for _ in range(int(sys.argv[2])):',
  '    for f in files: compile(f["text"], f["name"], "exec")',
].join('\n');

/** CPython's instructions for `passes` passes (the whole count of the traced processes:
 *  ../shared/tools/python3.14 is a script that execs the interpreter). */
async function countCpython(executable: string, script: string, corpus: string, passes: number): Promise<number> {
  const { stderr } = await run('valgrind', [
    '--trace-children=yes', '--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null',
    executable, script, corpus, String(passes),
  ], { maxBuffer: 1 << 26 });
  const counts = [...stderr.matchAll(/I\s+refs:\s+([\d,]+)/g)].map((m) => Number(m[1]!.replaceAll(',', '')));
  if (counts.length === 0) throw new Error(`no instruction count in valgrind's output for ${executable}:\n${stderr}`);
  return counts.reduce((a, b) => a + b, 0);
}

async function cpythonPerPass(corpus: string, dir: string): Promise<{ origin: string; perPass: number } | undefined> {
  const python = findNativePython();
  if (python === undefined) return undefined;
  process.stderr.write(`[count-instructions] CPython (${python.origin}): ${LOW_PASSES} and ${HIGH_PASSES} passes under valgrind\n`);
  const script = join(dir, 'workload.py');
  writeFileSync(script, CPYTHON_WORKLOAD);
  const [low, high] = await Promise.all([
    countCpython(python.executable, script, corpus, LOW_PASSES),
    countCpython(python.executable, script, corpus, HIGH_PASSES),
  ]);
  return { origin: python.origin, perPass: (high - low) / (HIGH_PASSES - LOW_PASSES) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'tspy-count-'));
  try {
    const { path: corpus, count } = writeStdlibSample(options.every, dir);
    const counts: Counts[] = [];
    for (const module of options.modules) counts.push(await perPass(module, corpus, dir));
    const cpython = options.cpython ? await cpythonPerPass(corpus, dir) : undefined;
    console.log(`count-instructions: ${count} stdlib files (every ${options.every}th), Node ${process.version}; instructions per pass`);
    options.modules.forEach((module, i) => {
      const c = counts[i]!;
      const ratio = i === 0 ? '' : `  mutator ${(c.mutator / counts[0]!.mutator).toFixed(4)}× the first`;
      console.log(`mutator ${giga(c.mutator)}  gc ${giga(c.gc)}  optimizing compiler ${giga(c.jit)}  ${module}${ratio}`);
    });
    if (cpython !== undefined) {
      const ratios = counts.map((c) => (c.mutator / cpython.perPass).toFixed(2)).join(', ');
      console.log(`CPython ${giga(cpython.perPass)} (${cpython.origin}); tspy's mutator ÷ CPython: ${ratios}`);
    } else if (options.cpython) {
      console.log('CPython: no native CPython found (../shared/tools/python3.14 or python3.x on PATH)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`count-instructions: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
