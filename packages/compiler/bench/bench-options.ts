// What the whole-stdlib benchmarks share: their command line and the summary of passes.
import type { PassTimes } from './results-schema.js';

export interface Options {
  passes: number;
  pyodidePasses: number;
  cpython: boolean;
  pyodide: boolean;
}

/** `[--passes N] [--pyodide-passes N] [--no-cpython] [--no-pyodide]` */
export function parseOptions(argv: readonly string[]): Options {
  const options: Options = { passes: 5, pyodidePasses: 3, cpython: true, pyodide: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const count = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
      return n;
    };
    if (flag === '--passes') options.passes = count();
    else if (flag === '--pyodide-passes') options.pyodidePasses = count();
    else if (flag === '--no-cpython') options.cpython = false;
    else if (flag === '--no-pyodide') options.pyodide = false;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

/** Best, median and throughput of timed passes over a corpus of `bytes` bytes. */
export function summarize(passes: readonly number[], bytes: number): PassTimes {
  const sorted = [...passes].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { passes: [...passes], best: sorted[0]!, median, mbPerSecond: bytes / 1e6 / sorted[0]! };
}
