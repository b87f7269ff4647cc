// Machine instructions per JavaScript function for one compile() pass over a sample of the
// stdlib: where count-instructions.ts gives the total, this says which functions execute it.
// callgrind (--dump-instr=yes) counts every instruction address; V8's perf map
// (--perf-basic-prof, code never moved: --no-compact-code-space) names the code at each
// address, TurboFan's as `*name`, baseline as `^name`, the interpreter's as `~name`.
// One pass = (count for 4 passes − count for 2 passes) / 2, as in count-instructions.ts.
// Instructions outside the map (V8's runtime in C++, the garbage collector, the optimizing
// compiler) are summed as one line. Needs valgrind on PATH; takes a few minutes.
//
//   npx tsx bench/count-functions.ts [--module dist/index.js] [--every N] [--top K]
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeStdlibSample } from './stdlib-sample.js';

const run = promisify(execFile);
const WORKLOAD = fileURLToPath(new URL('./count-instructions-workload.mjs', import.meta.url));
const DEFAULT_MODULE = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface Options {
  module: string;
  every: number;
  top: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { module: DEFAULT_MODULE, every: 8, top: 60 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--module') {
      options.module = resolve(value);
    } else if (flag === '--every' || flag === '--top') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
      if (flag === '--every') options.every = n;
      else options.top = n;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

/** Self instructions by address from a callgrind output file ("positions: instr line"):
 *  addresses are absolute (0x…) or relative to the previous line (+n, -n, *); the cost
 *  line after a `calls=` line is the call's inclusive cost and is skipped. */
function costByAddress(file: string): Map<number, number> {
  const costs = new Map<number, number>();
  let address = 0;
  let callCost = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const c = line.charCodeAt(0);
    if (line.startsWith('calls=')) {
      callCost = true;
      continue;
    }
    const isCost = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 42; // digit + - *
    if (!isCost) {
      callCost = false;
      continue;
    }
    const fields = line.split(' ');
    const position = fields[0]!;
    if (position.startsWith('0x')) address = parseInt(position, 16);
    else if (position[0] === '+') address += parsePositionNumber(position.slice(1));
    else if (position[0] === '-') address -= parsePositionNumber(position.slice(1));
    else if (position[0] !== '*') address = parsePositionNumber(position);
    if (callCost) {
      callCost = false;
      continue;
    }
    if (fields.length >= 3) costs.set(address, (costs.get(address) ?? 0) + Number(fields[2]));
  }
  return costs;
}

function parsePositionNumber(text: string): number {
  return text.startsWith('0x') ? parseInt(text, 16) : Number(text);
}

interface CodeRange {
  start: number;
  size: number;
  name: string;
}

/** A perf map (`start size name` in hex), sorted by start. */
function readPerfMap(file: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    if (first < 0 || second < 0) continue;
    ranges.push({ start: parseInt(line.slice(0, first), 16), size: parseInt(line.slice(first + 1, second), 16), name: line.slice(second + 1) });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

const OUTSIDE = '(outside the perf map: V8 runtime, GC, optimizing compiler)';

/** Instructions per function name. */
function costByFunction(costs: Map<number, number>, ranges: CodeRange[]): Map<string, number> {
  const starts = ranges.map((r) => r.start);
  const out = new Map<string, number>();
  for (const [address, cost] of costs) {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= address) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const range = found >= 0 ? ranges[found]! : undefined;
    const name = range !== undefined && address < range.start + range.size ? range.name : OUTSIDE;
    out.set(name, (out.get(name) ?? 0) + cost);
  }
  return out;
}

async function profile(module: string, corpus: string, passes: number, dir: string): Promise<Map<string, number>> {
  const out = join(dir, `callgrind.${passes}`);
  await run('valgrind', [
    '--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`, `--log-file=${out}.log`,
    process.execPath, '--predictable', '--predictable-gc-schedule', '--perf-basic-prof', '--no-compact-code-space',
    WORKLOAD, module, corpus, String(passes),
  ], { maxBuffer: 1 << 24, cwd: dir }); // V8 writes an isolate-*.log where it runs
  const pid = /==(\d+)==/.exec(readFileSync(`${out}.log`, 'utf8'))?.[1];
  if (pid === undefined) throw new Error(`no process id in ${out}.log`);
  const map = `/tmp/perf-${pid}.map`;
  try {
    return costByFunction(costByAddress(out), readPerfMap(map));
  } finally {
    rmSync(map, { force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'tspy-count-functions-'));
  try {
    const { path: corpus, count } = writeStdlibSample(options.every, dir);
    process.stderr.write(`[count-functions] ${options.module}: 2 and 4 passes under callgrind\n`);
    const [low, high] = await Promise.all([profile(options.module, corpus, 2, dir), profile(options.module, corpus, 4, dir)]);
    const perPass = new Map<string, number>();
    for (const name of new Set([...low.keys(), ...high.keys()])) perPass.set(name, ((high.get(name) ?? 0) - (low.get(name) ?? 0)) / 2);
    const total = [...perPass.values()].reduce((a, b) => a + b, 0);
    console.log(`count-functions: ${count} stdlib files (every ${options.every}th), Node ${process.version}; ${(total / 1e9).toFixed(4)} G instructions per pass`);
    const sorted = [...perPass].sort((a, b) => b[1] - a[1]).slice(0, options.top);
    for (const [name, count] of sorted) {
      console.log(`${(count / 1e6).toFixed(2).padStart(9)} M ${((100 * count) / total).toFixed(1).padStart(5)}%  ${name.replace(/^(JS|LazyCompile):/, '')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`count-functions: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
