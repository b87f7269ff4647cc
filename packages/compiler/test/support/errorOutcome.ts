// One comparable form for "what happened when this source was parsed", shared by the
// tests that compare tspy's parse() outcome with CPython's ast.parse outcome.
import type { SyntaxErrorInfo } from '@tspy/test-support';
import { PySyntaxError } from '../../src/errors.js';
import { parse, type ParseMode } from '../../src/parser/parse.js';

/** 'accepted', or the error's class, message and location (MemoryError carries none). */
export type ErrorOutcome = 'accepted' | string | unknown[];

/** CPython's outcome, as the oracle's syntaxErrors() reported it. */
export function cpythonOutcome(e: SyntaxErrorInfo | null | undefined): ErrorOutcome {
  if (e === null || e === undefined) return 'accepted';
  if (e.type === 'MemoryError') return ['MemoryError', e.msg];
  return [e.type, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset];
}

/** tspy's outcome for the same source; anything but a PySyntaxError is reported as such. */
export function tspyOutcome(source: string, mode: ParseMode = 'exec'): ErrorOutcome {
  try {
    parse(source, '<unknown>', mode);
    return 'accepted';
  } catch (e) {
    if (!(e instanceof PySyntaxError)) return `not a PySyntaxError: ${String(e)}`;
    if (e.kind === 'MemoryError') return ['MemoryError', e.msg];
    return [e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset];
  }
}
