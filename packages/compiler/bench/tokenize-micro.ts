// Microbenchmark (benchmark.js): the tokenizer alone, as the parser drives it, against a
// full parse of the same sources — a few large stdlib modules. Writes
// bench-results/tokenize-micro.json.   npx tsx bench/tokenize-micro.ts

import Benchmark from 'benchmark';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodePythonSource, readStdlibSources } from '../../test-support/src/index.js';
import { parse } from '../src/parser/parse.js';
import { Tokenizer } from '../src/tokenizer/lexer.js';
import { ENDMARKER, ERRORTOKEN } from '../src/tokenizer/token.js';
import { TokenizeMicroResult } from './results-schema.js';

const FILES = ['ast.py', 'typing.py', 'argparse.py', 'inspect.py', 'dataclasses.py'];
const RESULT_DIR = new URL('../bench-results/', import.meta.url);

function tokenizeAll(sources: readonly { name: string; text: string }[]): number {
  let count = 0;
  for (const { name, text } of sources) {
    const tokenizer = new Tokenizer(text, { filename: name, execInput: true });
    for (let t = tokenizer.next(); t.type !== ENDMARKER && t.type !== ERRORTOKEN; t = tokenizer.next()) count++;
  }
  return count;
}

function main(): void {
  const entries = readStdlibSources().filter((entry) => FILES.includes(entry.name));
  if (entries.length !== FILES.length) throw new Error(`python_stdlib.zip lacks some of ${FILES.join(', ')}`);
  const sources = entries.map((entry) => ({ name: entry.name, text: decodePythonSource(entry.bytes) }));
  const bytes = entries.reduce((n, entry) => n + entry.bytes.length, 0);
  const cases: TokenizeMicroResult['cases'] = [];
  let sink = 0;
  new Benchmark.Suite('tokenizer')
    .add('tokenize (parser token stream)', () => { sink += tokenizeAll(sources); }, { minSamples: 10, maxTime: 5 })
    .add('parse (tokenize + PEG parser + AST)', () => { for (const s of sources) parse(s.text, s.name); }, { minSamples: 10, maxTime: 5 })
    .on('cycle', ({ target }) => {
      const mbPerSecond = (bytes / 1e6) * target.hz;
      cases.push({ name: target.name, opsPerSecond: target.hz, rme: target.stats.rme, samples: target.stats.sample.length, mbPerSecond });
      console.log(`${target.name.padEnd(40)} ${mbPerSecond.toFixed(2).padStart(7)} MB/s  ±${target.stats.rme.toFixed(1)}%  (${target.stats.sample.length} samples)`);
    })
    .run();
  if (sink < 0) console.log(sink); // keeps the token count observable
  const result = TokenizeMicroResult.parse({
    benchmark: 'tokenize-micro', date: new Date().toISOString(), node: process.version,
    corpus: { files: sources.map((s) => s.name), bytes }, cases,
  });
  mkdirSync(fileURLToPath(RESULT_DIR), { recursive: true });
  writeFileSync(fileURLToPath(new URL('tokenize-micro.json', RESULT_DIR)), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`corpus: ${sources.length} files, ${(bytes / 1e6).toFixed(2)} MB; Node ${process.version}`);
}

main();
