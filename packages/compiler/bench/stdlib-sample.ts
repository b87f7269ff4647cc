// The corpus of the instruction-counting benchmarks: every N-th stdlib file, decoded, as a
// JSON list of {name, text} that count-instructions-workload.mjs reads.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePythonSource, readStdlibSources } from '../../test-support/src/index.js';

/** Writes every `every`-th stdlib file to `dir`/corpus.json; returns its path and file count. */
export function writeStdlibSample(every: number, dir: string): { path: string; count: number } {
  const files = readStdlibSources()
    .filter((_, i) => i % every === 0)
    .map((entry) => ({ name: entry.name, text: decodePythonSource(entry.bytes) }));
  const path = join(dir, 'corpus.json');
  writeFileSync(path, JSON.stringify(files));
  return { path, count: files.length };
}
