// `python3.14 -m tokenize [-e] FILE`, output for output.
// CPython: Lib/tokenize.py _main, tokenize, detect_encoding.

import { strRepr } from '@tspy/bytecode';
import { PySyntaxError } from '../errors.js';
import { lookupDecoder } from './encoding.js';
import { UndecodableTokenError, type TokenizerWarning } from './lexer.js';
import { TokenError, exactType, generateTokens, type TokenInfo } from './tokenize.js';
import { tokName } from './token.js';

export interface TokenizeMainResult {
  out: string;
  err: string;
  status: number;
}

/** A SyntaxError raised by Lib/tokenize.py itself (its str() is the message). */
class DetectError extends Error {}

const COOKIE_RE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_RE = /^[ \t\f]*(?:[#\r\n]|$)/;

// CPython: Lib/tokenize.py _get_normal_name
function getNormalName(orig: string): string {
  const enc = orig.slice(0, 12).toLowerCase().replace(/_/g, '-');
  if (enc === 'utf-8' || enc.startsWith('utf-8-')) return 'utf-8';
  if (['latin-1', 'iso-8859-1', 'iso-latin-1'].includes(enc) ||
      /^(latin-1-|iso-8859-1-|iso-latin-1-)/.test(enc)) return 'iso-8859-1';
  return orig;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** The lines `readline()` of a binary file returns. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const nl = bytes.indexOf(10, at);
    const end = nl < 0 ? bytes.length : nl + 1;
    lines.push(bytes.subarray(at, end));
    at = end;
  }
  return lines;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The encoding of a source file and the body to decode with it (BOM removed).
 * CPython: Lib/tokenize.py detect_encoding
 */
function detectEncoding(bytes: Uint8Array, filename: string): { encoding: string; body: Uint8Array } {
  const lines = splitLines(bytes);
  let bomFound = false;
  let defaultEncoding = 'utf-8';
  let body = bytes;
  let first = lines[0] ?? new Uint8Array(0);
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    bomFound = true;
    first = first.subarray(3);
    body = bytes.subarray(3);
    defaultEncoding = 'utf-8-sig';
  }
  if (first.length === 0) return { encoding: defaultEncoding, body };

  const check = (line: Uint8Array, encoding: string): void => {
    if (line.indexOf(0) >= 0) throw new DetectError('source code cannot contain null bytes');
    const decoder = lookupDecoder(encoding === 'utf-8-sig' ? 'utf-8' : encoding);
    try {
      decoder?.(line, true);
    } catch {
      throw new DetectError(`invalid or missing encoding declaration for ${strRepr(filename)}`);
    }
  };
  const findCookie = (line: Uint8Array): string | undefined => {
    const match = COOKIE_RE.exec(latin1(line));
    if (!match) return undefined;
    let encoding = getNormalName(match[1]!);
    if (lookupDecoder(encoding) === undefined) {
      throw new DetectError(`unknown encoding for ${strRepr(filename)}: ${encoding}`);
    }
    if (bomFound) {
      if (encoding !== 'utf-8') throw new DetectError(`encoding problem for ${strRepr(filename)}: utf-8`);
      encoding += '-sig';
    }
    return encoding;
  };

  let encoding = findCookie(first);
  if (encoding !== undefined) {
    check(first, encoding);
    return { encoding, body };
  }
  if (!BLANK_RE.test(latin1(first))) {
    check(first, defaultEncoding);
    return { encoding: defaultEncoding, body };
  }
  const second = lines[1];
  if (second === undefined) {
    check(first, defaultEncoding);
    return { encoding: defaultEncoding, body };
  }
  encoding = findCookie(second);
  if (encoding !== undefined) {
    check(concat(first, second), encoding);
    return { encoding, body };
  }
  check(concat(first, second), defaultEncoding);
  return { encoding: defaultEncoding, body };
}

/** Python's "%-Ns" left justification (code points). */
function leftJustify(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : s + ' '.repeat(width - len);
}

function formatToken(info: TokenInfo, exact: boolean): string {
  const type = exact ? exactType(info) : info.type;
  const range = `${info.start[0]},${info.start[1]}-${info.end[0]},${info.end[1]}:`;
  return `${leftJustify(range, 20)}${leftJustify(tokName[type]!, 15)}${leftJustify(strRepr(info.string), 15)}\n`;
}

/** What `python3.14 -m tokenize [-e] FILE` prints for a file holding `bytes`. */
export function runTokenizeMain(bytes: Uint8Array, filename: string, exact: boolean): TokenizeMainResult {
  const warnings: TokenizerWarning[] = [];
  const result = tokenizeMain(bytes, filename, exact, warnings);
  // The C tokenizer warns without a registry, so every warning is printed.
  let printed = '';
  for (const w of warnings) printed += `<string>:${w.lineno}: SyntaxWarning: ${w.message}\n`;
  return { out: result.out, err: printed + result.err, status: result.status };
}

function tokenizeMain(bytes: Uint8Array, filename: string, exact: boolean, warnings: TokenizerWarning[]): TokenizeMainResult {
  try {
    const { encoding, body } = detectEncoding(bytes, filename);
    const cEncoding = encoding === 'utf-8-sig' ? 'utf-8' : encoding;
    const decoder = lookupDecoder(cEncoding)!;
    const source = decoder(body, false);
    const infos = generateTokens(source, '<string>', warnings);
    const lines = [formatToken({ type: 68, string: cEncoding, start: [0, 0], end: [0, 0], line: '' }, exact)];
    for (const info of infos) lines.push(formatToken(info, exact));
    return { out: lines.join(''), err: '', status: 0 };
  } catch (e) {
    if (e instanceof PySyntaxError && e.kind !== 'SyntaxError') {
      return locatedError(filename, e.lineno, e.offset, e.msg);
    }
    if (e instanceof TokenError) return locatedError(filename, e.lineno, e.offset, e.msg);
    if (e instanceof DetectError) return { out: '', err: `${filename}: error: ${e.message}\n`, status: 1 };
    if (e instanceof PySyntaxError) return { out: '', err: `${filename}: error: ${e.msg}\n`, status: 1 };
    if (e instanceof UndecodableTokenError) {
      // CPython prints this line, then the traceback of the re-raised exception.
      return { out: '', err: `unexpected error: ${e.message}\n${e.name}: ${e.message}\n`, status: 1 };
    }
    throw e;
  }
}

function locatedError(filename: string, lineno: number | undefined, offset: number | undefined, msg: string): TokenizeMainResult {
  return { out: '', err: `${filename}:${lineno ?? 0}:${offset ?? 0}: error: ${msg}\n`, status: 1 };
}
