// Command line: generate the TypeScript parser from a grammar file.
//   npx tsx scripts/pegen/main.ts grammar/python.gram src/generated/parser.ts
// CPython: Tools/peg_generator/pegen/__main__.py, build.py (build_c_parser_and_generator)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGrammar } from './grammar_parser.js';
import { generateParser, LEAN_UNMEMOIZED_RULES, PYTHON_OPERAND_SHORTCUTS } from './ts_generator.js';

/** Generates `outputPath` from `grammarPath`; the runtime import is made relative to the output. */
export function generateFile(grammarPath: string, outputPath: string, runtimeModule?: string): void {
  const grammar = parseGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  let runtime = runtimeModule;
  if (runtime === undefined) {
    runtime = relative(dirname(resolve(outputPath)), resolve(packageRoot, 'src/parser/pegen.js')).replace(/\\/g, '/');
    if (!runtime.startsWith('.')) runtime = `./${runtime}`;
  }
  const grammarName = relative(packageRoot, resolve(grammarPath)).replace(/\\/g, '/');
  // The memo entries of LEAN_UNMEMOIZED_RULES are (almost) never read back: dropping them
  // keeps memoization within CPython's (DESIGN.md: "memo tables only where CPython
  // memoizes") and saves 2.7M memo entries per parse of the stdlib.
  const code = generateParser(grammar, {
    grammarName, runtimeModule: runtime, unmemoized: LEAN_UNMEMOIZED_RULES, operandShortcuts: PYTHON_OPERAND_SHORTCUTS,
    shareHeads: true, // python.gram's actions have no side effects
  });
  mkdirSync(dirname(resolve(outputPath)), { recursive: true });
  writeFileSync(outputPath, code);
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const [grammarPath, outputPath] = process.argv.slice(2);
  if (grammarPath === undefined || outputPath === undefined) {
    console.error('usage: tsx scripts/pegen/main.ts <grammar.gram> <output.ts>');
    process.exit(2);
  }
  generateFile(grammarPath, outputPath);
}
