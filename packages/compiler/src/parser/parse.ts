// parse(): source text to an AST module, with CPython's two passes and error selection.
// CPython: Parser/peg_api.c _PyParser_ASTFromString, Parser/pegen.c _PyPegen_run_parser,
// _PyPegen_run_parser_from_string

import * as ast from '../ast/nodes.js';
import { PySyntaxError } from '../errors.js';
import { eval_rule, file_rule, func_type_rule, interactive_rule, KEYWORDS, SOFT_KEYWORDS } from '../generated/parser.js';
import { decodeSource } from '../tokenizer/encoding.js';
import { Tokenizer } from '../tokenizer/lexer.js';
import { ENDMARKER, ERRORTOKEN } from '../tokenizer/token.js';
import {
  clearMemo, Parser, Py_eval_input, releaseParser, Py_file_input, Py_func_type_input, Py_single_input,
  PyPARSE_ALLOW_INCOMPLETE_INPUT, PyPARSE_TYPE_COMMENTS, RAISE_SYNTAX_ERROR,
} from './pegen.js';
import { raiseError, raiseUnclosedParenthesesError, setSyntaxError } from './pegen_errors.js';
import { checkFutureImports } from './future.js';
import type { ParserWarning, WarningSink } from './string_parser.js';

export type ParseMode = 'exec' | 'eval' | 'single' | 'func_type';

export interface ParseOptions {
  /** `ast.parse(feature_version=(3, N))`: the minor version N (default 14). */
  featureVersion?: number;
  /** `ast.parse(type_comments=True)`. */
  typeComments?: boolean;
  /**
   * PyCF_ALLOW_INCOMPLETE_INPUT (codeop, the REPL): input that ends too early raises
   * `_IncompleteInputError` "incomplete input" instead of a SyntaxError.
   */
  allowIncompleteInput?: boolean;
  /**
   * Receives the warnings the tokenizer and the parser issue (invalid escape sequences,
   * invalid literals, ...), in the order CPython issues them.
   */
  warnings?: ParseWarning[];
}

/** A compile-time warning; `category` is SyntaxWarning where absent. */
export interface ParseWarning {
  message: string;
  lineno: number;
  category?: 'SyntaxWarning' | 'DeprecationWarning';
}

type StartRule = (p: Parser) => ast.mod | undefined;

const START_RULES: Record<ParseMode, [number, StartRule]> = {
  exec: [Py_file_input, file_rule],
  eval: [Py_eval_input, eval_rule],
  single: [Py_single_input, interactive_rule],
  func_type: [Py_func_type_input, func_type_rule],
};

/** The current minor version of Python (PY_MINOR_VERSION). */
const PY_MINOR_VERSION = 14;

/**
 * Parses `source` like `ast.parse(source, filename, mode)`; throws only PySyntaxError.
 * Bytes are decoded first (BOM, PEP 263 coding cookie), as `ast.parse(bytes)` does.
 * CPython: Parser/pegen.c _PyPegen_run_parser_from_string
 */
export function parse(
  input: string | Uint8Array, filename = '<unknown>', mode: ParseMode = 'exec', options: ParseOptions = {},
): ast.mod {
  const source = typeof input === 'string' ? input : decodeSource(input, filename);
  // CPython: Python/pythonrun.c _Py_SourceAsString (a str source is checked before tokenizing)
  if (typeof input === 'string' && source.includes('\0')) {
    throw new PySyntaxError('SyntaxError', 'source code string cannot contain null bytes', filename,
      undefined, undefined, undefined, undefined, undefined);
  }
  const [startRule, rule] = START_RULES[mode];
  let flags = 0;
  if (options.typeComments) flags |= PyPARSE_TYPE_COMMENTS;
  if (options.allowIncompleteInput) flags |= PyPARSE_ALLOW_INCOMPLETE_INPUT;
  const tokenizer = new Tokenizer(source, {
    filename, typeComments: options.typeComments ?? false, execInput: startRule === Py_file_input,
  });
  const p = new Parser(tokenizer, startRule, flags, options.featureVersion ?? PY_MINOR_VERSION, filename);
  p.keywords = KEYWORDS;
  p.soft_keywords = SOFT_KEYWORDS;
  if (options.warnings) {
    // One array for both, so the warnings keep the order in which they were issued.
    tokenizer.warnings = options.warnings;
    (p as Parser & WarningSink).warnings = options.warnings as ParserWarning[];
  }
  let mod: ast.mod;
  try {
    mod = runParser(p, rule);
  } finally {
    releaseParser(p);
  }
  checkFutureImports(mod, filename);
  return mod;
}

/** CPython: Parser/pegen.c reset_parser_state_for_error_pass */
function resetParserStateForErrorPass(p: Parser): void {
  p.last_stmt_location = { lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 };
  clearMemo(p);
  p.mark = 0;
  p.level = 0;
  p.call_invalid_rules = true;
}

/** Rule depth above which any JavaScript error is taken for an exhausted stack. */
const DEEP_RECURSION = 1000;

/** The error CPython raises past MAXSTACK nested rules. */
function stackOverflowError(p: Parser): PySyntaxError {
  return new PySyntaxError('MemoryError', 'Parser stack overflowed - Python source too complex to parse',
    p.filename, undefined, undefined, undefined, undefined, undefined);
}

/**
 * Runs the start rule. The JavaScript stack can run out before MAXSTACK levels; that
 * normally surfaces as a RangeError, but at the stack limit a module loader's import
 * getter may turn it into another error, so any error thrown from deep recursion counts.
 * Where CPython, with its deeper stack, would have gone on to a tokenizer error (such as
 * "too many nested parentheses"), that error is reported instead of the overflow.
 */
function runStartRule(p: Parser, rule: StartRule): ast.mod | PySyntaxError | undefined {
  try {
    return rule(p);
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    const overflow = e instanceof RangeError && /call stack/i.test(e.message);
    if (overflow || (e instanceof Error && p.level >= DEEP_RECURSION)) {
      return tokenizerErrorAhead(p) ?? stackOverflowError(p);
    }
    throw e;
  }
}

/** The tokenizer error in the rest of the input, if any. */
function tokenizerErrorAhead(p: Parser): PySyntaxError | undefined {
  if (p.tok.done !== 'ok') return undefined;
  try {
    for (;;) {
      const t = p.tok.next();
      if (t.type === ENDMARKER) return undefined;
      if (t.type === ERRORTOKEN) {
        if (p.tok.level) raiseUnclosedParenthesesError(p);
        return undefined;
      }
    }
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
}

/**
 * First pass without the invalid_* rules; when it fails without an error, a second
 * pass with them finds CPython's specialized message. CPython: Parser/pegen.c _PyPegen_run_parser
 */
export function runParser(p: Parser, rule: StartRule): ast.mod {
  const first = runStartRule(p, rule);
  if (first !== undefined && !(first instanceof PySyntaxError)) {
    if (p.start_rule === Py_single_input && badSingleStatement(p)) {
      RAISE_SYNTAX_ERROR(p, 'multiple statements found while compiling a single statement');
    }
    return first;
  }
  if (first instanceof PySyntaxError && first.kind === 'MemoryError') throw first;
  if ((p.flags & PyPARSE_ALLOW_INCOMPLETE_INPUT) !== 0 && isEndOfSource(p)) {
    raiseError(p, '_IncompleteInputError', false, 'incomplete input');
  }
  const lastToken = p.tokens[p.fill - 1];
  let err = first;
  if (err === undefined) {
    resetParserStateForErrorPass(p);
    const second = runStartRule(p, rule);
    if (second instanceof PySyntaxError) {
      if (second.kind === 'MemoryError') throw second;
      err = second;
    }
  }
  const error = setSyntaxError(p, lastToken, err);
  // CPython: Parser/pegen.c _PyPegen_set_syntax_error_metadata (every SyntaxError subclass)
  if (error.kind !== 'MemoryError') {
    const loc = p.last_stmt_location;
    error.metadata = { lineno: loc.lineno, col_offset: loc.col_offset, source: p.tok.source };
  }
  throw error;
}

// errcode.h: end of input, inside a triple-quoted string, inside a string.
const E_EOF = 11;
const E_EOFS = 23;
const E_EOLS = 24;

/** CPython: Parser/pegen.c _is_end_of_source */
function isEndOfSource(p: Parser): boolean {
  const code = p.tok.doneCode;
  if (code === undefined) return p.tok.done === 'eof';
  return code === E_EOF || code === E_EOFS || code === E_EOLS;
}

/**
 * Single input must hold one statement: only blanks and comments may follow it.
 * CPython: Parser/pegen.c bad_single_statement
 */
function badSingleStatement(p: Parser): boolean {
  const src = p.tok.source;
  const last = p.tokens[p.fill - 1];
  let i = p.tok.cur ?? (last === undefined ? 0 : last.end);
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) i++;
    else if (c === 0x23) {
      while (i < src.length && src.charCodeAt(i) !== 0x0a) i++;
    } else return true;
  }
  return false;
}
