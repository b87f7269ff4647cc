// Source bytes → source text, as `compile(bytes, ...)` decodes them (PEP 263).
// CPython: Parser/tokenizer/helpers.c (_PyTokenizer_check_bom, get_coding_spec,
// _PyTokenizer_check_coding_spec, _PyTokenizer_ensure_utf8, valid_utf8),
// Parser/tokenizer/string_tokenizer.c decode_str, Parser/pegen_errors.c
// _PyPegen_raise_tokenizer_init_error.

import { PySyntaxError } from '../errors.js';

/**
 * CPython: Parser/tokenizer/helpers.c get_normal_name
 * (only the first 12 characters matter).
 */
export function normalEncodingName(name: string): string {
  const buf = name.slice(0, 12).toLowerCase().replace(/_/g, '-');
  if (buf === 'utf-8' || buf.startsWith('utf-8-')) return 'utf-8';
  if (/^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(buf)) return 'iso-8859-1';
  return name;
}

/**
 * The coding spec of one line, or undefined. The comment must be the only thing on the line.
 * CPython: Parser/tokenizer/helpers.c get_coding_spec
 */
export function codingSpec(line: string): string | undefined {
  const size = line.length;
  let i = 0;
  for (; i < size - 6; i++) {
    const ch = line[i];
    if (ch === '#') break;
    if (ch !== ' ' && ch !== '\t' && ch !== '\f') return undefined;
  }
  for (; i < size - 6; i++) {
    if (!line.startsWith('coding', i)) continue;
    let t = i + 6;
    if (line[t] !== ':' && line[t] !== '=') continue;
    do t++; while (line[t] === ' ' || line[t] === '\t');
    const begin = t;
    while (t < size && /[A-Za-z0-9\-_.]/.test(line[t]!)) t++;
    if (begin < t) return normalEncodingName(line.slice(begin, t));
  }
  return undefined;
}

/** True when a line holds only whitespace and/or a comment (coding cookies may follow it). */
function isBlankOrComment(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '#' || ch === '\n' || ch === '\r') return true;
    if (ch !== ' ' && ch !== '\t' && ch !== '\f') return false;
  }
  return true;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

// Python codec names (as normalized by codecs.lookup) that TextDecoder knows under
// another label, or that TextDecoder would decode differently (latin-1, ascii).
const CODEC_ALIASES: ReadonlyMap<string, string> = new Map([
  ['utf8', 'utf-8'], ['u8', 'utf-8'], ['utf', 'utf-8'], ['cp65001', 'utf-8'],
  ['latin1', 'latin-1'], ['latin', 'latin-1'], ['l1', 'latin-1'], ['iso88591', 'latin-1'],
  ['8859', 'latin-1'], ['cp819', 'latin-1'], ['isolatin1', 'latin-1'],
  ['ascii', 'ascii'], ['usascii', 'ascii'], ['646', 'ascii'],
  ['cp1252', 'windows-1252'], ['windows1252', 'windows-1252'],
  ['cp1251', 'windows-1251'], ['windows1251', 'windows-1251'],
  ['cp1250', 'windows-1250'], ['windows1250', 'windows-1250'],
  ['koi8r', 'koi8-r'], ['koi8u', 'koi8-u'], ['macroman', 'macintosh'],
  ['shiftjis', 'shift_jis'], ['sjis', 'shift_jis'], ['eucjp', 'euc-jp'], ['euckr', 'euc-kr'],
  ['gbk', 'gbk'], ['gb2312', 'gbk'], ['gb18030', 'gb18030'], ['big5', 'big5'],
]);

/**
 * A decoder for a Python codec name, or undefined when the codec is unknown.
 * `fatal` decoders throw on undecodable input; others replace it with U+FFFD.
 */
export function lookupDecoder(name: string): ((bytes: Uint8Array, fatal: boolean) => string) | undefined {
  const key = name.toLowerCase().replace(/[-_ ]/g, '');
  let label = CODEC_ALIASES.get(key);
  if (label === undefined) {
    const iso = /^iso8859(\d+)$/.exec(key);
    if (iso) label = `iso-8859-${iso[1]}`;
  }
  if (label === 'latin-1') return (bytes) => latin1(bytes);
  // Node's TextDecoder decodes windows-1252 as latin-1, so cp1252 is decoded here.
  if (label === 'windows-1252') return (bytes, fatal) => decodeCp1252(bytes, fatal, name);
  if (label === 'ascii') {
    return (bytes, fatal) => {
      const bad = bytes.findIndex((b) => b >= 0x80);
      if (bad >= 0 && fatal) {
        throw new DecodeError('ascii', bytes, bad, bad + 1, 'ordinal not in range(128)');
      }
      return latin1(bytes).replace(/[\x80-\xff]/g, '\ufffd');
    };
  }
  label ??= name;
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
  if (encoding === 'utf-8') return (bytes, fatal) => decodeUtf8(bytes, fatal);
  return (bytes, fatal) => {
    try {
      return new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new DecodeError(name, bytes, 0, 1, 'undecodable data');
    }
  };
}

// cp1252's 0x80-0x9F (0xFFFD: undefined, an error in strict mode).
const CP1252_HIGH = [0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178];

function decodeCp1252(bytes: Uint8Array, fatal: boolean, _codec: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    let cp = b;
    if (b >= 0x80 && b < 0xa0) {
      cp = CP1252_HIGH[b - 0x80]!;
      if (cp === 0xfffd && fatal) {
        throw new DecodeError('charmap', bytes, i, i + 1, 'character maps to <undefined>');
      }
    }
    out += String.fromCharCode(cp);
  }
  return out;
}

/** A UnicodeDecodeError, with CPython's str() text as message. */
export class DecodeError extends Error {
  constructor(codec: string, bytes: Uint8Array, readonly startPos: number, endPos: number, reason: string) {
    const what = endPos - startPos === 1
      ? `byte 0x${bytes[startPos]!.toString(16).padStart(2, '0')} in position ${startPos}`
      : `bytes in position ${startPos}-${endPos - 1}`;
    super(`'${codec}' codec can't decode ${what}: ${reason}`);
  }
}

/**
 * Length of the valid UTF-8 sequence at `i`, or 0.
 * CPython: Parser/tokenizer/helpers.c valid_utf8
 */
function validUtf8(b: Uint8Array, i: number): number {
  const s = b[i]!;
  let expected: number;
  if (s < 0x80) return 1;
  const s1 = b[i + 1] ?? 0;
  if (s < 0xe0) {
    if (s < 0xc2) return 0;
    expected = 1;
  } else if (s < 0xf0) {
    if (s === 0xe0 && s1 < 0xa0) return 0;
    if (s === 0xed && s1 >= 0xa0) return 0;
    expected = 2;
  } else if (s < 0xf5) {
    if (s1 < 0x90 ? s === 0xf0 : s === 0xf4) return 0;
    expected = 3;
  } else {
    return 0;
  }
  for (let k = expected; k > 0; k--) {
    const c = b[i + k] ?? 0;
    if (c < 0x80 || c >= 0xc0) return 0;
  }
  return expected + 1;
}

/** UTF-8 decoding with CPython's error text ('utf-8' codec can't decode ...). */
function decodeUtf8(bytes: Uint8Array, fatal: boolean): string {
  if (!fatal) return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    for (let i = 0; i < bytes.length; ) {
      const n = validUtf8(bytes, i);
      if (n > 0) {
        i += n;
        continue;
      }
      throw utf8Error(bytes, i);
    }
    throw new DecodeError('utf-8', bytes, 0, 1, 'invalid start byte');
  }
}

// CPython: Objects/stringlib/codecs.h utf8_decode (error classification)
function utf8Error(b: Uint8Array, i: number): DecodeError {
  const s = b[i]!;
  if (s < 0xc2 || s > 0xf4) return new DecodeError('utf-8', b, i, i + 1, 'invalid start byte');
  const need = s < 0xe0 ? 1 : s < 0xf0 ? 2 : 3;
  let k = 1;
  for (; k <= need; k++) {
    if (i + k >= b.length) return new DecodeError('utf-8', b, i, i + k, 'unexpected end of data');
    const c = b[i + k]!;
    let lo = 0x80;
    let hi = 0xbf;
    if (k === 1) {
      if (s === 0xe0) lo = 0xa0;
      else if (s === 0xed) hi = 0x9f;
      else if (s === 0xf0) lo = 0x90;
      else if (s === 0xf4) hi = 0x8f;
    }
    if (c < lo || c > hi) break;
  }
  return new DecodeError('utf-8', b, i, i + k, 'invalid continuation byte');
}

function initError(filename: string, msg: string): PySyntaxError {
  return new PySyntaxError('SyntaxError', msg, filename, 0, -1, undefined, undefined, undefined);
}

/**
 * Decodes source bytes the way `compile(source_bytes, filename, 'exec')` does: a UTF-8 BOM,
 * else a coding cookie on line 1 or 2, else UTF-8. Errors are CPython's SyntaxErrors.
 */
export function decodeSource(bytes: Uint8Array, filename: string): string {
  if (bytes.indexOf(0) >= 0) {
    throw new PySyntaxError('SyntaxError', 'source code string cannot contain null bytes', filename,
      undefined, undefined, undefined, undefined, undefined);
  }
  let body = bytes;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) body = bytes.subarray(3);
  // Only the first two lines (within 4096 bytes) can hold a cookie: decode no more.
  const n1 = body.indexOf(10);
  const n2 = n1 >= 0 ? body.indexOf(10, n1 + 1) : -1;
  const head = latin1(body.subarray(0, Math.min(body.length, 4096, n2 >= 0 ? n2 + 1 : Infinity)));
  const nl1 = head.indexOf('\n');
  let spec: string | undefined;
  if (nl1 >= 0) {
    const first = head.slice(0, nl1);
    spec = codingSpec(first);
    if (spec === undefined && isBlankOrComment(first)) {
      const nl2 = head.indexOf('\n', nl1 + 1);
      if (nl2 >= 0) spec = codingSpec(head.slice(nl1 + 1, nl2 + 1));
    }
    if (spec !== undefined && bom && spec !== 'utf-8') {
      const line = decodeUtf8(body.subarray(0, nl1), false);
      throw new PySyntaxError('SyntaxError', `encoding problem: ${spec} with BOM`, filename, 1, 0, line, 1, nl1);
    }
  }
  // A BOM or a cookie normalized to 'utf-8' installs no decoder (CPython's tok->enc stays
  // NULL), so the bytes are checked exactly as undeclared UTF-8 is.
  // CPython: Parser/tokenizer/string_tokenizer.c decode_str, helpers.c _PyTokenizer_check_bom,
  // _PyTokenizer_check_coding_spec
  if (spec === undefined || spec === 'utf-8') return decodeDefaultUtf8(body, filename);
  return decodeDeclared(body, spec, filename);
}

function decodeDeclared(body: Uint8Array, spec: string, filename: string): string {
  const decoder = lookupDecoder(spec);
  if (decoder === undefined) throw initError(filename, `unknown encoding: ${spec}`);
  try {
    return decoder(body, true);
  } catch (e) {
    if (e instanceof DecodeError) throw initError(filename, e.message);
    throw e;
  }
}

// CPython: Parser/tokenizer/helpers.c _PyTokenizer_ensure_utf8
function decodeDefaultUtf8(body: Uint8Array, filename: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    let lineno = 1;
    let col = 0;
    let lineStart = 0;
    for (let i = 0; i < body.length; ) {
      const n = validUtf8(body, i);
      if (n === 0) {
        let lineEnd = body.indexOf(10, lineStart);
        if (lineEnd < 0) lineEnd = body.length;
        const text = new TextDecoder('utf-8').decode(body.subarray(lineStart, lineEnd));
        const hex = body[i]!.toString(16).padStart(2, '0');
        const msg = `Non-UTF-8 code starting with '\\x${hex}' on line ${lineno}, but no encoding declared; ` +
          'see https://peps.python.org/pep-0263/ for details';
        throw new PySyntaxError('SyntaxError', msg, filename, lineno, col + 1, text, lineno, col + 1);
      }
      col++;
      if (body[i] === 10) {
        lineno++;
        col = 0;
        lineStart = i + 1;
      }
      i += n;
    }
    throw initError(filename, 'invalid utf-8');
  }
}
