// The child process of count-instructions.ts, run under valgrind: compiles the corpus
// that the parent wrote (a JSON list of {name, text}) PASSES times with the built
// compiler at MODULE. Plain JavaScript, so that no TypeScript loader runs under valgrind.
//
//   node count-instructions-workload.mjs MODULE CORPUS_JSON PASSES
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [modulePath, corpusPath, passesText] = process.argv.slice(2);
const { compile } = await import(pathToFileURL(modulePath).href);
const files = JSON.parse(readFileSync(corpusPath, 'utf8'));
const passes = Number(passesText);
for (let pass = 0; pass < passes; pass++) {
  for (const file of files) compile(file.text, file.name, 'exec');
}
