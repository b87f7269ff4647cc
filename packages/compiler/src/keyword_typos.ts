// "invalid syntax. Did you mean 'while'?": CPython 3.14 looks for a misspelled keyword
// near a generic syntax error by trying each close keyword in its place.
// CPython: Lib/traceback.py TracebackException._find_keyword_typos

import { getCloseMatches } from './cli/close_matches.js';
import { dedent, pySplitlines } from './cli/dedent.js';
import { generateSuggestions } from './cli/suggestions.js';
import { compileCommand } from './codeop.js';
import { PySyntaxError } from './errors.js';
import { iterTokens } from './tokenizer/tokenize.js';
import { NAME } from './tokenizer/token.js';

/** keyword.kwlist, in its order (the order decides between equally close keywords). */
export const KWLIST: readonly string[] = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import',
  'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while',
  'with', 'yield',
];

/** Reads a source file as Python's `open(filename).read()` does; throws when it cannot. */
export type SourceFileReader = (filename: string) => string;

/** The largest statement (in characters, after dedent) worth searching. */
const MAX_ERROR_CODE_LENGTH = 1024;
/** How many non-keyword names are tried. */
const MAX_NAMES = 10;
const MAX_MATCHES = 3;

/**
 * The error with its message, text and position replaced by the first keyword typo found,
 * or the error itself. Throws whatever CPython would let escape (the caller swallows it).
 * CPython: Lib/traceback.py TracebackException._find_keyword_typos
 */
export function findKeywordTypos(err: PySyntaxError, readFile?: SourceFileReader): PySyntaxError {
  // Only a generic message may be improved.
  if (err.msg !== 'invalid syntax' && !err.msg.includes('Perhaps you forgot a comma')) return err;
  if (err.metadata === undefined) return err;
  let { lineno: line, source } = err.metadata;
  let endLine = err.lineno ?? 0;
  let lines: string[] | undefined;
  let fromFilename = false;
  if (source === undefined) {
    if (err.filename) {
      try {
        if (readFile === undefined) throw new Error('no file reader');
        lines = pySplitlines(readFile(err.filename));
        fromFilename = true;
      } catch {
        [line, endLine] = [0, 1];
      }
    }
    if (lines === undefined) {
      if (err.text === undefined) throw new TypeError("'NoneType' object has no attribute 'splitlines'");
      lines = pySplitlines(err.text);
    }
  } else {
    lines = pySplitlines(source);
  }
  const errorCode = dedent(lines.slice(line > 0 ? line - 1 : 0, endLine).join('\n'));
  // Do not continue if the source is too large (len() counts code points).
  if (codePointLength(errorCode) > MAX_ERROR_CODE_LENGTH) return err;
  const errorLines = pySplitlines(errorCode);
  let namesLeft = MAX_NAMES;
  for (const token of iterTokens(errorCode)) {
    if (token.type !== NAME) continue;
    // Only NAME tokens on the error's own line, when the code came from the file.
    const theEnd = line === 0 ? endLine : endLine + 1;
    if (fromFilename && token.start[0] + line !== theEnd) continue;
    const wrongName = token.string;
    if (KWLIST.includes(wrongName)) continue;
    if (--namesLeft < 0) break;
    for (const suggestion of candidateKeywords(wrongName)) {
      if (!suggestion || suggestion === wrongName) continue;
      const code = replaceToken(errorLines, token.start[0], token.start[1], token.end[1], suggestion);
      if (!compiles(code)) continue;
      const updated = new PySyntaxError(err.kind, `invalid syntax. Did you mean '${suggestion}'?`, err.filename,
        token.start[0], token.start[1] + 1, token.line, token.end[0], token.end[1] + 1);
      updated.metadata = err.metadata;
      return updated;
    }
  }
  return err;
}

/** `_suggestions._generate_suggestions` first, then difflib's close matches; three at most. */
function candidateKeywords(wrongName: string): string[] {
  const matches: string[] = [];
  const suggestion = generateSuggestions(KWLIST, wrongName);
  if (suggestion) matches.push(suggestion);
  matches.push(...getCloseMatches(wrongName, KWLIST, MAX_MATCHES, 0.5));
  return matches.slice(0, MAX_MATCHES);
}

/** The code with one line's code points [start, end) replaced (Python list slice assignment). */
function replaceToken(errorLines: readonly string[], row: number, start: number, end: number, text: string): string {
  const lines = errorLines.slice();
  const index = row - 1;
  const theLine = index < 0 ? lines[lines.length + index] : lines[index];
  if (theLine === undefined) throw new RangeError('list index out of range');
  const chars = Array.from(theLine);
  chars.splice(start, Math.max(0, end - start), ...Array.from(text));
  lines[index < 0 ? lines.length + index : index] = chars.join('');
  return lines.join('\n');
}

/** `codeop.compile_command(code, symbol="exec", flags=PyCF_ONLY_AST)` without a SyntaxError. */
function compiles(code: string): boolean {
  try {
    compileCommand(code, '<input>', 'exec');
    return true;
  } catch (e) {
    if (e instanceof PySyntaxError && e.kind !== 'MemoryError') return false;
    throw e;
  }
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}
