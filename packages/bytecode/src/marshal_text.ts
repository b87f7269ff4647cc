// The text forms inside marshal data: UTF-8 with surrogatepass for 'u'/'t' strings,
// Latin-1 for the ASCII forms, and the decimal float text of versions 0 and 1
// ('f'/'x'), both ways.
import { pyStr, type PyWideStr } from './constants.js';
import { MarshalUnicodeDecodeError, MarshalValueError } from './marshal_errors.js';

export function latin1(bytes: Uint8Array): string {
  let out = '';
  // Short strings (most identifiers) are cheaper one char at a time than through a spread.
  if (bytes.length <= 64) {
    for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
    return out;
  }
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/**
 * How the UTF-8 sequence at `i` fails, as CPython's decoder reports it: 0 unexpected end
 * of data, 1 invalid start byte, k = 2..4 invalid continuation byte after k-1 good bytes.
 */
// CPython: Objects/stringlib/codecs.h utf8_decode (its return codes)
function utf8Failure(b: Uint8Array, i: number): number {
  const ch = b[i]!;
  const left = b.length - i;
  const [b1, b2] = [b[i + 1], b[i + 2]];
  if (ch < 0xc2) return 1;
  if (ch < 0xe0) return left < 2 ? 0 : 2;
  if (ch < 0xf0) {
    const badSecond = !isContinuation(b1) || (ch === 0xe0 && b1! < 0xa0) || (ch === 0xed && b1! >= 0xa0);
    if (left < 2) return 0;
    if (badSecond) return 2;
    if (left < 3) return 0;
    return 3;
  }
  if (ch < 0xf5) {
    const badSecond = !isContinuation(b1) || (ch === 0xf0 && b1! < 0x90) || (ch === 0xf4 && b1! >= 0x90);
    if (left < 2) return 0;
    if (badSecond) return 2;
    if (left < 3) return 0;
    if (!isContinuation(b2)) return 3;
    if (left < 4) return 0;
    return 4;
  }
  return 1;
}

/** The length of a valid UTF-8 sequence at `i` (surrogates excluded), or 0. */
function utf8ValidLength(b: Uint8Array, i: number): number {
  const ch = b[i]!;
  const [b1, b2, b3] = [b[i + 1], b[i + 2], b[i + 3]];
  if (ch < 0x80) return 1;
  if (ch < 0xc2) return 0;
  if (ch < 0xe0) return isContinuation(b1) ? 2 : 0;
  if (ch < 0xf0) {
    if (!isContinuation(b1) || (ch === 0xe0 && b1! < 0xa0) || (ch === 0xed && b1! >= 0xa0)) return 0;
    return isContinuation(b2) ? 3 : 0;
  }
  if (ch < 0xf5) {
    if (!isContinuation(b1) || (ch === 0xf0 && b1! < 0x90) || (ch === 0xf4 && b1! >= 0x90)) return 0;
    return isContinuation(b2) && isContinuation(b3) ? 4 : 0;
  }
  return 0;
}

// CPython: Objects/unicodeobject.c unicode_decode_utf8 with errors="surrogatepass"
// (Python/codecs.c PyCodec_SurrogatePassErrors takes an encoded surrogate, ED A0..BF 80..BF)
export function decodeUtf8SurrogatePass(b: Uint8Array): string | PyWideStr {
  const cps = new Uint32Array(b.length);
  let n = 0;
  let i = 0;
  while (i < b.length) {
    const len = utf8ValidLength(b, i);
    const ch = b[i]!;
    if (len > 0) {
      let cp = len === 1 ? ch : ch & (0xff >> (len + 1));
      for (let k = 1; k < len; k++) cp = (cp << 6) | (b[i + k]! & 0x3f);
      cps[n++] = cp;
      i += len;
    } else if (ch === 0xed && i + 2 < b.length && b[i + 1]! >= 0xa0 && b[i + 1]! <= 0xbf && isContinuation(b[i + 2])) {
      cps[n++] = 0xd000 | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
      i += 3;
    } else {
      throw utf8Error(b, i, utf8Failure(b, i));
    }
  }
  return pyStr(cps.subarray(0, n));
}

// CPython: Objects/exceptions.c UnicodeDecodeError_str
function utf8Error(b: Uint8Array, start: number, failure: number): MarshalUnicodeDecodeError {
  const reason = failure === 0 ? 'unexpected end of data' : failure === 1 ? 'invalid start byte' : 'invalid continuation byte';
  const end = failure === 0 ? b.length : failure === 1 ? start + 1 : start + failure - 1;
  const where =
    end - start === 1
      ? `byte 0x${b[start]!.toString(16).padStart(2, '0')} in position ${start}`
      : `bytes in position ${start}-${end - 1}`;
  return new MarshalUnicodeDecodeError(`'utf-8' codec can't decode ${where}: ${reason}`);
}

const FLOAT_TEXT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

// CPython: Python/pystrtod.c PyOS_string_to_double (no whitespace, no underscores)
export function parsePyFloat(bytes: Uint8Array): number {
  const text = latin1(bytes);
  if (!FLOAT_TEXT.test(text)) {
    // CPython formats the C string with '%.200s' (UTF-8, errors replaced).
    const shown = new TextDecoder().decode(bytes.subarray(0, 200));
    throw new MarshalValueError(`could not convert string to float: '${shown}'`);
  }
  const lower = text.toLowerCase();
  const negative = lower.startsWith('-');
  const body = lower.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return negative ? -Infinity : Infinity;
  return Number(lower);
}


// CPython: Objects/bytesobject.c bytes_richcompare (memcmp, then the shorter first)
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

// CPython: Objects/unicodeobject.c _PyUnicode_AsUTF8String with errors="surrogatepass"
export function encodeUtf8SurrogatePass(cps: Uint32Array): Uint8Array {
  const out = new Uint8Array(cps.length * 4);
  let n = 0;
  for (const cp of cps) {
    if (cp < 0x80) {
      out[n++] = cp;
    } else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3f);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** The significant digits of a finite |x| > 0 rounded half-even to `precision`, and the decimal point position. */
// CPython: Python/dtoa.c _Py_dg_dtoa (mode 2), done exactly with bigints
function roundedDigits(x: number, precision: number): { digits: string; decpt: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  // x = mantissa * 2**exp2 = N * 10**exp10 exactly
  const [n, exp10] = exp2 >= 0 ? [mantissa << BigInt(exp2), 0] : [mantissa * 5n ** BigInt(-exp2), exp2];
  let all = n.toString();
  let decpt = all.length + exp10;
  if (all.length > precision) {
    const rest = all.slice(precision);
    let kept = BigInt(all.slice(0, precision));
    const half = rest[0]! > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)));
    const tie = rest[0] === '5' && !/[1-9]/.test(rest.slice(1));
    if (half || (tie && (kept & 1n) === 1n)) kept += 1n;
    all = kept.toString();
    if (all.length > precision) {
      all = all.slice(0, precision);
      decpt++;
    }
  }
  return { digits: all.replace(/0+$/, ''), decpt };
}

/** `'%.17g' % x` as marshal's versions 0 and 1 write floats. */
// CPython: Python/pystrtod.c PyOS_double_to_string(x, 'g', 17, 0, NULL) (format_float_short)
export function formatFloatG17(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (!Number.isFinite(x)) return sign + 'inf';
  if (x === 0) return sign + '0';
  const { digits, decpt } = roundedDigits(Math.abs(x), 17);
  if (decpt <= -4 || decpt > 17) {
    const exp = decpt - 1;
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expDigits = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${expDigits}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return sign + digits + '0'.repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}
