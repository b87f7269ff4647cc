// codeop.compile_command: does this source compile, or is it merely incomplete?
// CPython: Lib/codeop.py

import { pyStrip } from './cli/dedent.js';
import { compileAst } from './compiler/compile.js';
import { PySyntaxError } from './errors.js';
import { parse, type ParseMode } from './parser/parse.js';

/**
 * `codeop.compile_command(source, filename, symbol, flags=PyCF_ONLY_AST)`: 'complete' for a
 * valid command, 'incomplete' when more input could complete it; throws PySyntaxError.
 * CPython: Lib/codeop.py _maybe_compile
 */
export function compileCommand(source: string, filename = '<input>', symbol: ParseMode = 'single'): 'complete' | 'incomplete' {
  const onlyBlankOrComments = source.split('\n').every((line) => {
    const stripped = pyStrip(line);
    return !(stripped && stripped[0] !== '#');
  });
  if (onlyBlankOrComments && symbol !== 'eval') source = 'pass';
  try {
    parse(source, filename, symbol, { allowIncompleteInput: true });
  } catch (e) {
    if (!isSyntaxError(e)) throw e;
    try {
      parse(source + '\n', filename, symbol, { allowIncompleteInput: true });
      return 'incomplete';
    } catch (e2) {
      if (!isSyntaxError(e2)) throw e2;
      if (e2.kind === '_IncompleteInputError') return 'incomplete';
    }
  }
  // codeop's last word is a full compile(source, filename, symbol): parser and compiler.
  compileAst(parse(source, filename, symbol), filename);
  return 'complete';
}

/** `except SyntaxError` (MemoryError, the parser's stack overflow, is not one). */
function isSyntaxError(e: unknown): e is PySyntaxError {
  return e instanceof PySyntaxError && e.kind !== 'MemoryError';
}
