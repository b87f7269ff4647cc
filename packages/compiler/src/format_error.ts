// How CPython prints a SyntaxError that ends a program (`python3 bad.py`).
import type { PySyntaxError } from './errors.js';
import { findKeywordTypos, type SourceFileReader } from './keyword_typos.js';

export interface FormatSyntaxErrorOptions {
  /**
   * Reads the error's file when the error carries no source (CPython opens `filename`);
   * without it such errors get no keyword-typo suggestion.
   */
  readFile?: SourceFileReader;
}

const WHITESPACE = /^\s$/u;

/**
 * The lines CPython writes to stderr for an uncaught SyntaxError, without color.
 * CPython: Lib/traceback.py TracebackException._format_syntax_error
 */
export function formatSyntaxError(err: PySyntaxError, options: FormatSyntaxErrorOptions = {}): string {
  // Not SyntaxErrors: printed as any exception raised before the first frame runs.
  if (err.kind === 'MemoryError' || err.kind === 'RecursionError') return `${err.kind}: ${err.msg}\n`;
  const out: string[] = [];
  let filenameSuffix = '';
  if (err.lineno !== undefined) {
    out.push(`  File "${err.filename || '<string>'}", line ${err.lineno}\n`);
  } else if (err.filename !== undefined) {
    filenameSuffix = ` (${err.filename})`;
  }
  if (err.text !== undefined) {
    // The "Did you mean" search runs after the File line is written, as in CPython.
    err = withKeywordTypoFixed(err, options.readFile);
    if (err.text !== undefined) out.push(...formatSourceAndCarets(err, err.text));
  }
  out.push(`${err.kind}: ${err.msg || '<no detail available>'}${filenameSuffix}\n`);
  return out.join('');
}

/** `with suppress(Exception): self._find_keyword_typos()` */
function withKeywordTypoFixed(err: PySyntaxError, readFile: SourceFileReader | undefined): PySyntaxError {
  try {
    return findKeywordTypos(err, readFile);
  } catch {
    return err;
  }
}

function formatSourceAndCarets(err: PySyntaxError, text: string): string[] {
  // Python measures in code points; so do these arrays.
  const rtext = Array.from(text.replace(/\n+$/u, ''));
  const ltext = Array.from(rtext.join('').replace(/^[ \n\f]+/u, ''));
  const spaces = rtext.length - ltext.length;
  const line = `    ${ltext.join('')}\n`;
  if (err.offset === undefined) return [line];
  const textLength = Array.from(text).length;
  let offset = err.offset;
  let endOffset: number;
  if (err.lineno === err.end_lineno) {
    endOffset = err.end_offset !== undefined && err.end_offset !== 0 ? err.end_offset : offset;
  } else {
    endOffset = rtext.length + 1;
  }
  if (text && offset > textLength) offset = rtext.length + 1;
  if (text && endOffset > textLength) endOffset = rtext.length + 1;
  if (offset >= endOffset || endOffset < 0) endOffset = offset + 1;
  const colno = offset - 1 - spaces;
  const endColno = endOffset - 1 - spaces;
  if (colno < 0) return [line];
  // Non-space whitespace such as tabs is kept so the carets line up.
  const caretSpace = ltext.slice(0, colno).map((c) => (WHITESPACE.test(c) ? c : ' ')).join('');
  return [line, `    ${caretSpace}${'^'.repeat(Math.max(0, endColno - colno))}\n`];
}
