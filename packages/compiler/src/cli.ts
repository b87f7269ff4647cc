#!/usr/bin/env node
// tspyc: the compiler's command line (`tspyc ast FILE`, `tspyc tokens FILE`).
import { readFileSync } from 'node:fs';
import { parseArgs, UsageError, USAGE, type CliOptions } from './cli/options.js';
import { PySyntaxError } from './errors.js';
import { formatSyntaxError } from './format_error.js';
import { decodeSource } from './tokenizer/encoding.js';
import { runTokenizeMain } from './tokenizer/tokenize_main.js';
import { parse } from './parser/parse.js';
import { dump } from './ast/dump.js';

function main(argv: readonly string[]): number {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${USAGE}tspyc: error: ${e.message}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const filename = options.infile ?? '<stdin>';
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(options.infile ?? 0);
  } catch (e) {
    process.stderr.write(`tspyc: can't open file '${filename}': ${describeOsError(e as NodeJS.ErrnoException)}\n`);
    return 2;
  }
  return options.command === 'tokens' ? runTokens(bytes, filename, options.exact) : runAst(bytes, filename, options);
}

function runTokens(bytes: Uint8Array, filename: string, exact: boolean): number {
  const result = runTokenizeMain(bytes, filename, exact);
  process.stdout.write(result.out);
  process.stderr.write(result.err);
  return result.status;
}

function runAst(bytes: Uint8Array, filename: string, options: Extract<CliOptions, { command: 'ast' }>): number {
  try {
    const source = decodeSource(bytes, filename);
    const featureVersion = options.featureVersion ? Number(options.featureVersion.split('.')[1]) : undefined;
    const tree = parse(source, filename, options.mode, { featureVersion, typeComments: options.typeComments });
    const text = dump(tree, { includeAttributes: options.includeAttributes, indent: options.indent, showEmpty: options.showEmpty });
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    process.stderr.write(formatSyntaxError(e));
    return 1;
  }
}

/** `[Errno 2] No such file or directory`, as Python words an OSError. */
function describeOsError(err: NodeJS.ErrnoException): string {
  const detail = /^[A-Z]+: ([^,]*)/u.exec(err.message)?.[1] ?? err.message;
  return `[Errno ${-(err.errno ?? 0)}] ${detail.charAt(0).toUpperCase()}${detail.slice(1)}`;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // A bug in tspy, not in the user's program: say so without a JavaScript stack trace.
  process.stderr.write(`tspyc: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
}
