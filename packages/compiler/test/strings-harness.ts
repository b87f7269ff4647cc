// A parser with one STRING token already read, for calling the string actions
// directly (before the whole parser runs) and comparing them with CPython.

import { PyBytes, strCodePoints, type PyConst, type PyWideStr } from '@tspy/bytecode';
import { PySyntaxError, utf8Length } from '../src/errors.js';
import { Parser, Py_eval_input, type TokenSource } from '../src/parser/pegen.js';
import type { ParserWarning, WarningSink } from '../src/parser/string_parser.js';
import { STRING, Token } from '../src/tokenizer/token.js';

/** A STRING token spanning all of `source` (which starts at line 1, column 0). */
export function stringToken(source: string): Token {
  const lines = source.split('\n');
  const endLineno = lines.length;
  const endCol = utf8Length(lines[endLineno - 1]!);
  return new Token(STRING, source, 1, 0, endLineno, endCol, 0, source.length, 0);
}

/** A parser whose last read token is `token`, over `source`. */
export function parserWithToken(
  source: string, token: Token, opts: { warningsAreErrors?: boolean; featureVersion?: number } = {},
): Parser & WarningSink {
  const tok: TokenSource = {
    next: () => {
      throw new Error('the string harness reads no tokens');
    },
    done: 'ok',
    level: 0,
    parenStack: [],
    parenLinenoStack: [],
    parenColStack: [],
    modeStackIndex: 0,
    lineno: token.end_lineno,
    source,
  };
  const p = new Parser(tok, Py_eval_input, 0, opts.featureVersion ?? 14, '<unknown>') as Parser & WarningSink;
  p.tokens = [token];
  p.fill = 1;
  p.mark = 1;
  if (opts.warningsAreErrors) p.warnings_are_errors = true;
  return p;
}

/** A constant value in the JSON shape the Python side prints. */
export function describeConstant(v: PyConst, kind: string | undefined): unknown[] {
  if (v instanceof PyBytes) return ['bytes', Array.from(v.data), kind ?? null];
  return ['str', Array.from(strCodePoints(v as string | PyWideStr)), kind ?? null];
}

export function describeError(e: unknown): unknown[] {
  if (e instanceof PySyntaxError) return ['error', e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset];
  if (e instanceof Error) return ['error', e.name, e.message, null, null, null, null];
  throw e;
}

export function describeWarnings(ws: readonly ParserWarning[] | undefined): unknown[] {
  return (ws ?? []).map((w) => [w.category, w.message, w.lineno]);
}

/** Python helpers printing the same shapes (prepend to a snippet that uses them). */
export const PY_DESCRIBE = `
import ast, json, warnings
def describe_constant(v, kind):
    if isinstance(v, bytes): return ['bytes', list(v), kind]
    return ['str', [ord(c) for c in v], kind]
def describe_error(e):
    return ['error', type(e).__name__, getattr(e, 'msg', str(e)), getattr(e, 'lineno', None),
            getattr(e, 'offset', None), getattr(e, 'end_lineno', None), getattr(e, 'end_offset', None)]
def describe_warnings(ws):
    return [[w.category.__name__, str(w.message), w.lineno] for w in ws]
`;
