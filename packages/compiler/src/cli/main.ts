// tspyc's commands, independent of the process so they can run in-process in tests.
import { readFileSync } from 'node:fs';
import { dump } from '../ast/dump.js';
import { PySyntaxError } from '../errors.js';
import { formatSyntaxError } from '../format_error.js';
import { parse, type ParseWarning } from '../parser/parse.js';
import { decodeSource } from '../tokenizer/encoding.js';
import { runTokenizeMain } from '../tokenizer/tokenize_main.js';
import { parseArgs, UsageError, USAGE, type CliOptions } from './options.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file, or standard input when `path` is undefined. */
  readFile(path: string | undefined): Uint8Array;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path ?? 0),
};

/** Runs `tspyc ARGS...` and returns its exit status (0 ok, 1 syntax error, 2 usage or I/O). */
export function runCli(argv: readonly string[], io: CliIO = processIO): number {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${USAGE}tspyc: error: ${e.message}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const filename = options.infile ?? '<stdin>';
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(options.infile);
  } catch (e) {
    io.stderr(`tspyc: can't open file '${filename}': ${describeOsError(e as NodeJS.ErrnoException)}\n`);
    return 2;
  }
  return options.command === 'tokens' ? runTokens(io, bytes, filename, options.exact) : runAst(io, bytes, filename, options);
}

function runTokens(io: CliIO, bytes: Uint8Array, filename: string, exact: boolean): number {
  const result = runTokenizeMain(bytes, filename, exact);
  io.stdout(result.out);
  io.stderr(result.err);
  return result.status;
}

function runAst(io: CliIO, bytes: Uint8Array, filename: string, options: Extract<CliOptions, { command: 'ast' }>): number {
  const warnings: ParseWarning[] = [];
  let source: string | undefined;
  try {
    source = decodeSource(bytes, filename);
    const featureVersion = options.featureVersion ? Number(options.featureVersion.split('.')[1]) : undefined;
    const tree = parse(source, filename, options.mode, { featureVersion, typeComments: options.typeComments, warnings });
    io.stderr(formatWarnings(warnings, filename, options.infile !== undefined ? source : undefined));
    io.stdout(`${dump(tree, { includeAttributes: options.includeAttributes, indent: options.indent, showEmpty: options.showEmpty })}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    io.stderr(formatWarnings(warnings, filename, options.infile !== undefined ? source : undefined));
    // `python3 FILE` parses through a FILE pointer, which leaves the error no source
    // (tok->str is NULL): traceback re-reads the file for its keyword-typo search.
    if (options.infile !== undefined && e.metadata) e.metadata = { ...e.metadata, source: undefined };
    io.stderr(formatSyntaxError(e, { readFile: (name) => utf8Decoder.decode(io.readFile(name)) }));
    return 1;
  }
}

/**
 * Compile-time warnings as Python's default warning filters show them: SyntaxWarnings
 * with the stripped source line (linecache reads it from the file; standard input has
 * none); DeprecationWarnings are ignored outside `__main__`.
 * CPython: Lib/warnings.py _formatwarnmsg_impl
 */
function formatWarnings(warnings: readonly ParseWarning[], filename: string, fileText: string | undefined): string {
  const lines = fileText?.split(/\r\n|\r|\n/u);
  let out = '';
  for (const w of warnings) {
    const category = w.category ?? 'SyntaxWarning';
    if (category !== 'SyntaxWarning') continue;
    out += `${filename}:${w.lineno}: ${category}: ${w.message}\n`;
    const line = lines?.[w.lineno - 1]?.trim();
    if (line) out += `  ${line}\n`;
  }
  return out;
}

/** Python's `open(filename).read()` in a UTF-8 locale: undecodable bytes are an error. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `[Errno 2] No such file or directory`, as Python words an OSError. */
function describeOsError(err: NodeJS.ErrnoException): string {
  const detail = /^[A-Z]+: ([^,]*)/u.exec(err.message)?.[1] ?? err.message;
  return `[Errno ${-(err.errno ?? 0)}] ${detail.charAt(0).toUpperCase()}${detail.slice(1)}`;
}
