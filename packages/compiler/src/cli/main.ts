// tspyc's commands, independent of the process so they can run in-process in tests.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dis, writePyc } from '@tspy/bytecode';
import { compile } from '../compiler/compile.js';
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
  /** Modification time (seconds) and size of a file, for a .pyc header. */
  stat(path: string): { mtime: number; size: number };
  /** Writes a file, creating its directory. */
  writeFile(path: string, data: Uint8Array): void;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path ?? 0),
  stat: (path) => {
    const st = statSync(path);
    return { mtime: Math.floor(st.mtimeMs / 1000), size: st.size };
  },
  writeFile: (path, data) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  },
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
  switch (options.command) {
    case 'tokens':
      return runTokens(io, bytes, filename, options.exact);
    case 'ast':
      return runAst(io, bytes, filename, options);
    case 'compile':
      return runCompile(io, bytes, options);
    case 'dis':
      return runDis(io, bytes, filename, options);
  }
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

/** `python3.14 -m py_compile FILE`, with `-o` choosing the output path. */
function runCompile(io: CliIO, bytes: Uint8Array, options: Extract<CliOptions, { command: 'compile' }>): number {
  const filename = options.infile;
  const code = compileForCli(io, bytes, filename, options.optimize);
  if (code === undefined) return 1;
  const { mtime, size } = io.stat(filename);
  const pyc = writePyc(code, { flags: 0, mtime, sourceSize: size });
  const output = options.output ?? cacheFromSource(filename, options.optimize);
  try {
    io.writeFile(output, pyc);
  } catch (e) {
    io.stderr(`tspyc: can't write '${output}': ${describeOsError(e as NodeJS.ErrnoException)}\n`);
    return 1;
  }
  return 0;
}

/** `python3.14 -m dis FILE`: disassembles `compile(source, FILE, 'exec')`. */
function runDis(io: CliIO, bytes: Uint8Array, filename: string, options: Extract<CliOptions, { command: 'dis' }>): number {
  const code = compileForCli(io, bytes, filename, 0);
  if (code === undefined) return 1;
  io.stdout(
    dis(code, {
      showCaches: options.showCaches,
      adaptive: options.adaptive,
      showOffsets: options.showOffsets,
      showPositions: options.showPositions,
    }),
  );
  return 0;
}

/** Compiles a file for `compile`/`dis`, printing a SyntaxError as Python does. */
function compileForCli(io: CliIO, bytes: Uint8Array, filename: string, optimize: number): ReturnType<typeof compile> | undefined {
  const warnings: ParseWarning[] = [];
  let source: string | undefined;
  try {
    source = decodeSource(bytes, filename);
    const code = compile(source, filename, 'exec', { optimize, warnings });
    io.stderr(formatWarnings(warnings, filename, source));
    return code;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    io.stderr(formatWarnings(warnings, filename, source));
    const error = e.text === undefined ? withProgramText(io, e) : e;
    io.stderr(formatSyntaxError(error, { readFile: (name) => utf8Decoder.decode(io.readFile(name)) }));
    return undefined;
  }
}

/**
 * A compiler-stage SyntaxError has no source line; CPython fills `text` by reading
 * line `lineno` of the file the error names, when that file exists.
 * CPython: Python/errors.c PyErr_ProgramTextObject
 */
function withProgramText(io: CliIO, e: PySyntaxError): PySyntaxError {
  if (e.lineno === undefined || e.lineno < 1) return e;
  let lines: string[];
  try {
    lines = new TextDecoder('utf-8').decode(io.readFile(e.filename)).split(/(?<=\n)/u);
  } catch {
    return e;
  }
  const text = lines[e.lineno - 1];
  if (text === undefined) return e;
  const copy = new PySyntaxError(e.kind, e.msg, e.filename, e.lineno, e.offset, text, e.end_lineno, e.end_offset);
  copy.metadata = e.metadata;
  return copy;
}

/** PEP 3147's cache path (CPython: Lib/importlib/_bootstrap_external.py cache_from_source). */
function cacheFromSource(path: string, optimize: number): string {
  const name = basename(path).replace(/\.[^.]*$/u, '');
  const tag = optimize > 0 ? `.opt-${optimize}` : '';
  return join(dirname(path), '__pycache__', `${name}.cpython-314${tag}.pyc`);
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
