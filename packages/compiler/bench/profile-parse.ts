// Profiling driver: parses every stdlib .py file (python_stdlib.zip) several times and
// prints the best pass, after a tokenizer-only run (skip it with --no-tokenize):
//   node --conditions=@tspy/source --cpu-prof --import tsx bench/profile-parse.ts [passes] [--no-tokenize]
// For profiles with line numbers, bundle it first (tsx keeps names with `__name`, which
// also changes what V8 does), e.g.
//   npx esbuild bench/profile-parse.ts --bundle --platform=node --format=esm \
//     --conditions=@tspy/source --outfile=node_modules/.cache/profile-parse.mjs

import { decodePythonSource, readStdlibSources } from '../../test-support/src/index.js';
import { parse } from '../src/parser/parse.js';
import { Tokenizer } from '../src/tokenizer/lexer.js';
import { ENDMARKER, ERRORTOKEN } from '../src/tokenizer/token.js';

const passes = Number(process.argv[2] ?? 5);
const entries = readStdlibSources();
const files = entries.map((entry) => ({ name: entry.name, text: decodePythonSource(entry.bytes) }));
const bytes = entries.reduce((n, entry) => n + entry.bytes.length, 0);

function best(label: string, run: () => void): void {
  let min = Infinity;
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    run();
    min = Math.min(min, performance.now() - started);
  }
  console.log(`${label.padEnd(10)} best of ${passes}: ${(min / 1000).toFixed(3)} s  ${(bytes / 1e3 / min).toFixed(2)} MB/s`);
}

if (!process.argv.includes('--no-tokenize')) {
  best('tokenize', () => {
    for (const { name, text } of files) {
      const tokenizer = new Tokenizer(text, { filename: name, execInput: true });
      for (let t = tokenizer.next(); t.type !== ENDMARKER && t.type !== ERRORTOKEN; t = tokenizer.next());
    }
  });
}
best('parse', () => {
  for (const { name, text } of files) parse(text, name);
});
