// marshal.loads / marshal.dumps for the values code objects hold: a port of
// CPython 3.14's Python/marshal.c (r_object, w_object, w_complex_object).
import {
  Ellipsis,
  None,
  PyBytes,
  PyComplex,
  PyEllipsisType,
  PyFloat,
  PyFrozenSet,
  PyNoneType,
  PyTuple,
  PyWideStr,
  pyInt,
  pyStr,
  strCodePoints,
  type PyConst,
} from './constants.js';
import { CodeObject, type MarshalValue } from './code_object.js';
import { pyConstEquals } from './const_equality.js';
import {
  MarshalEOFError,
  MarshalSystemError,
  MarshalTypeError,
  MarshalUnicodeDecodeError,
  MarshalUnsupportedError,
  MarshalValueError,
} from './marshal_errors.js';
import { PySlice } from './slice.js';

export type { MarshalValue } from './code_object.js';

/** Py_MARSHAL_VERSION in CPython 3.14. */
export const MARSHAL_VERSION = 5;

// CPython: Python/marshal.c TYPE_* codes.
const TYPE_NULL = 0x30; // '0'
const TYPE_NONE = 0x4e; // 'N'
const TYPE_FALSE = 0x46; // 'F'
const TYPE_TRUE = 0x54; // 'T'
const TYPE_STOPITER = 0x53; // 'S'
const TYPE_ELLIPSIS = 0x2e; // '.'
const TYPE_INT = 0x69; // 'i'
const TYPE_INT64 = 0x49; // 'I' (read only: CPython no longer writes it)
const TYPE_FLOAT = 0x66; // 'f'
const TYPE_BINARY_FLOAT = 0x67; // 'g'
const TYPE_COMPLEX = 0x78; // 'x'
const TYPE_BINARY_COMPLEX = 0x79; // 'y'
const TYPE_LONG = 0x6c; // 'l'
const TYPE_STRING = 0x73; // 's'
const TYPE_INTERNED = 0x74; // 't'
const TYPE_REF = 0x72; // 'r'
const TYPE_TUPLE = 0x28; // '('
const TYPE_LIST = 0x5b; // '['
const TYPE_DICT = 0x7b; // '{'
const TYPE_CODE = 0x63; // 'c'
const TYPE_UNICODE = 0x75; // 'u'
const TYPE_SET = 0x3c; // '<'
const TYPE_FROZENSET = 0x3e; // '>'
const TYPE_SLICE = 0x3a; // ':'
const TYPE_ASCII = 0x61; // 'a'
const TYPE_ASCII_INTERNED = 0x41; // 'A'
const TYPE_SMALL_TUPLE = 0x29; // ')'
const TYPE_SHORT_ASCII = 0x7a; // 'z'
const TYPE_SHORT_ASCII_INTERNED = 0x5a; // 'Z'
const FLAG_REF = 0x80;

// CPython: Python/marshal.c MAX_MARSHAL_STACK_DEPTH (Linux's value; Windows has 1000, WASI and pyodide 1500)
const MAX_MARSHAL_STACK_DEPTH = 2000;
const SIZE32_MAX = 0x7fffffff;
const PYLONG_MARSHAL_SHIFT = 15;
const PYLONG_MARSHAL_BASE = 1 << PYLONG_MARSHAL_SHIFT;

/** The slot of a container whose reference index is reserved but not yet filled. */
const PENDING: unique symbol = Symbol('pending marshal reference');
/** The slot of a tuple still being read: CPython registers the tuple itself there. */
const PENDING_TUPLE: unique symbol = Symbol('tuple being read');

// ---------------------------------------------------------------- reading

/** `marshal.loads(data)`: the first object in `data` (trailing bytes are ignored, as CPython does). */
export function marshalLoads(data: Uint8Array): MarshalValue {
  return new MarshalReader(data).readTopLevel();
}

class MarshalReader {
  private pos = 0;
  private depth = 0;
  private readonly refs: (MarshalValue | typeof PENDING | typeof PENDING_TUPLE)[] = [];
  /**
   * The first value read that tspy cannot represent yet (list, dict, set, StopIteration…).
   * Reading goes on with None in its place, so that damaged data still raises CPython's
   * error; only data that CPython would load raises MarshalUnsupportedError, at the end.
   */
  private unsupported: string | null = null;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  // CPython: Python/marshal.c read_object
  readTopLevel(): MarshalValue {
    const v = this.readObject();
    if (v === null) throw new MarshalTypeError('NULL object in marshal data for object');
    if (this.unsupported !== null) throw new MarshalUnsupportedError(this.unsupported);
    return v;
  }

  /** A stand-in for a value tspy cannot represent (see `unsupported`). */
  private standIn(what: string): PyNoneType {
    this.unsupported ??= what;
    return None;
  }

  // CPython: Python/marshal.c r_string (the bounds check)
  private need(n: number): number {
    if (n > this.data.length - this.pos) throw new MarshalEOFError('marshal data too short');
    const at = this.pos;
    this.pos += n;
    return at;
  }

  // CPython: Python/marshal.c r_byte
  private readByteOrEOF(): number {
    if (this.pos >= this.data.length) throw new MarshalEOFError('EOF read where object expected');
    return this.data[this.pos++]!;
  }

  /** A one-byte length (short ascii, small tuple, text float). */
  private readLengthByte(): number {
    if (this.pos >= this.data.length) throw new MarshalEOFError('EOF read where not expected');
    return this.data[this.pos++]!;
  }

  // CPython: Python/marshal.c r_long (signed 32-bit little-endian)
  private readLong(): number {
    return this.view.getInt32(this.need(4), true);
  }

  // CPython: Python/marshal.c r_short (signed 16-bit little-endian)
  private readShort(): number {
    return this.view.getInt16(this.need(2), true);
  }

  private readBytes(n: number): Uint8Array {
    const at = this.need(n);
    return this.data.slice(at, at + n);
  }

  private readSize(what: string): number {
    const n = this.readLong();
    if (n < 0 || n > SIZE32_MAX) throw new MarshalValueError(`bad marshal data (${what} size out of range)`);
    return n;
  }

  /** r_object's NULL result (TYPE_NULL) is `null`. */
  // CPython: Python/marshal.c r_object
  private readObject(): MarshalValue | null {
    const code = this.readByteOrEOF();
    this.depth++;
    if (this.depth > MAX_MARSHAL_STACK_DEPTH) {
      this.depth--;
      throw new MarshalValueError('recursion limit exceeded');
    }
    try {
      return this.readTyped(code & ~FLAG_REF, (code & FLAG_REF) !== 0);
    } finally {
      this.depth--;
    }
  }

  private readNonNull(what = 'object'): MarshalValue {
    const v = this.readObject();
    if (v === null) throw new MarshalTypeError(`NULL object in marshal data for ${what}`);
    return v;
  }

  // CPython: Python/marshal.c r_ref
  private remember<T extends MarshalValue>(flag: boolean, v: T): T {
    if (flag) this.refs.push(v);
    return v;
  }

  // CPython: Python/marshal.c r_ref_reserve / r_ref_insert
  private reserve(flag: boolean, placeholder: typeof PENDING | typeof PENDING_TUPLE = PENDING): number {
    if (!flag) return -1;
    this.refs.push(placeholder);
    return this.refs.length - 1;
  }

  private fill<T extends MarshalValue>(slot: number, v: T): T {
    if (slot >= 0) this.refs[slot] = v;
    return v;
  }

  private readTyped(type: number, flag: boolean): MarshalValue | null {
    switch (type) {
      case TYPE_NULL:
        return null;
      case TYPE_NONE:
        return None;
      case TYPE_STOPITER:
        return this.standIn('StopIteration');
      case TYPE_ELLIPSIS:
        return Ellipsis;
      case TYPE_FALSE:
        return false;
      case TYPE_TRUE:
        return true;
      case TYPE_INT:
        return this.remember(flag, pyInt(this.readLong()));
      case TYPE_INT64:
        return this.remember(flag, pyInt(this.view.getBigInt64(this.need(8), true)));
      case TYPE_LONG:
        return this.remember(flag, this.readPyLong());
      case TYPE_FLOAT:
        return this.remember(flag, new PyFloat(this.readTextFloat()));
      case TYPE_BINARY_FLOAT:
        return this.remember(flag, new PyFloat(this.readBinaryFloat()));
      case TYPE_COMPLEX: {
        const real = this.readTextFloat();
        return this.remember(flag, new PyComplex(real, this.readTextFloat()));
      }
      case TYPE_BINARY_COMPLEX: {
        const real = this.readBinaryFloat();
        return this.remember(flag, new PyComplex(real, this.readBinaryFloat()));
      }
      case TYPE_STRING:
        return this.remember(flag, new PyBytes(this.readBytes(this.readSize('bytes object'))));
      case TYPE_UNICODE:
      case TYPE_INTERNED:
        return this.remember(flag, decodeUtf8SurrogatePass(this.readBytes(this.readSize('string'))));
      case TYPE_ASCII:
      case TYPE_ASCII_INTERNED:
        return this.remember(flag, latin1(this.readBytes(this.readSize('string'))));
      case TYPE_SHORT_ASCII:
      case TYPE_SHORT_ASCII_INTERNED:
        return this.remember(flag, latin1(this.readBytes(this.readLengthByte())));
      case TYPE_TUPLE:
        return this.readTuple(this.readSize('tuple'), flag);
      case TYPE_SMALL_TUPLE:
        return this.readTuple(this.readLengthByte(), flag);
      case TYPE_LIST:
        return this.skipList(flag);
      case TYPE_DICT:
        return this.skipDict(flag);
      case TYPE_SET:
        return this.skipSet(flag);
      case TYPE_FROZENSET:
        return this.readFrozenSet(flag);
      case TYPE_SLICE:
        return this.readSlice(flag);
      case TYPE_CODE:
        return this.readCode(flag);
      case TYPE_REF:
        return this.readRef();
      default:
        throw new MarshalValueError('bad marshal data (unknown type code)');
    }
  }

  // CPython: Python/marshal.c r_object TYPE_REF
  private readRef(): MarshalValue {
    const n = this.readLong();
    const v = n >= 0 && n < this.refs.length ? this.refs[n]! : PENDING;
    // A reserved slot (code object, frozenset, slice) still holds Py_None in CPython.
    if (v === PENDING) throw new MarshalValueError('bad marshal data (invalid reference)');
    // CPython registers a tuple before its items, so data where a tuple contains itself
    // loads as a cyclic tuple, which tspy's immutable tuples cannot be.
    if (v === PENDING_TUPLE) return this.standIn('a tuple that contains itself');
    return v;
  }

  // CPython: Python/marshal.c r_PyLong
  private readPyLong(): number | bigint {
    const n = this.readLong();
    if (n < -SIZE32_MAX || n > SIZE32_MAX) throw new MarshalValueError('bad marshal data (long size out of range)');
    const count = Math.abs(n);
    const digits: number[] = [];
    // Each readShort is bounded by the input, so a huge count stops at its end.
    for (let j = 0; j < count; j++) {
      const md = this.readShort();
      if (md < 0 || md > PYLONG_MARSHAL_BASE) {
        throw new MarshalValueError('bad marshal data (digit out of range in long)');
      }
      if (md === 0 && j === count - 1) throw new MarshalValueError('bad marshal data (unnormalized long data)');
      digits.push(md);
    }
    const value = combineDigits(digits, 0, digits.length);
    return pyInt(n < 0 ? -value : value);
  }

  // CPython: Python/marshal.c r_float_bin
  private readBinaryFloat(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  // CPython: Python/marshal.c r_float_str (a length byte, then PyOS_string_to_double text)
  private readTextFloat(): number {
    const bytes = this.readBytes(this.readLengthByte());
    const nul = bytes.indexOf(0);
    return parsePyFloat(nul < 0 ? bytes : bytes.subarray(0, nul));
  }

  private readTuple(n: number, flag: boolean): PyTuple {
    const slot = this.reserve(flag, PENDING_TUPLE);
    const items: MarshalValue[] = [];
    for (let i = 0; i < n; i++) {
      const item = this.readObject();
      if (item === null) throw new MarshalTypeError('NULL object in marshal data for tuple');
      items.push(item);
    }
    // Tuples of code objects occur only as co_consts; readCode unwraps those.
    return this.fill(slot, new PyTuple(items as PyConst[]));
  }

  // CPython: Python/marshal.c r_object TYPE_LIST. The items are read so that damaged data
  // raises CPython's error; valid data raises MarshalUnsupportedError.
  private skipList(flag: boolean): PyNoneType {
    const n = this.readSize('list');
    const standIn = this.remember(flag, this.standIn('list'));
    for (let i = 0; i < n; i++) {
      if (this.readObject() === null) throw new MarshalTypeError('NULL object in marshal data for list');
    }
    return standIn;
  }

  // CPython: Python/marshal.c r_object TYPE_DICT (key/value pairs up to a NULL)
  private skipDict(flag: boolean): PyNoneType {
    const standIn = this.remember(flag, this.standIn('dict'));
    while (this.readObject() !== null && this.readObject() !== null);
    return standIn;
  }

  // CPython: Python/marshal.c r_object TYPE_SET
  private skipSet(flag: boolean): PyNoneType {
    const n = this.readSize('set');
    const standIn = this.remember(flag, this.standIn('set'));
    for (let i = 0; i < n; i++) {
      if (this.readObject() === null) throw new MarshalTypeError('NULL object in marshal data for set');
    }
    return standIn;
  }

  private asConst(v: MarshalValue, where: string): PyConst {
    if (v instanceof CodeObject) return this.standIn(`code object as ${where}`);
    if (v instanceof PySlice) return this.standIn(`slice as ${where}`);
    return v;
  }

  private readFrozenSet(flag: boolean): PyFrozenSet {
    const n = this.readSize('set');
    const slot = this.reserve(flag);
    const items: PyConst[] = [];
    for (let i = 0; i < n; i++) {
      const item = this.readObject();
      if (item === null) throw new MarshalTypeError('NULL object in marshal data for set');
      const value = this.asConst(item, 'frozenset item');
      // CPython: Objects/setobject.c set_add_entry keeps the first of equal items.
      if (!items.some((seen) => pyConstEquals(seen, value))) items.push(value);
    }
    return this.fill(slot, new PyFrozenSet(items));
  }

  // CPython: Python/marshal.c r_object TYPE_SLICE (a NULL part makes the slice NULL, with no error set)
  private readSlice(flag: boolean): PySlice | null {
    const slot = this.reserve(flag);
    const start = this.readObject();
    if (start === null) return null;
    const stop = this.readObject();
    if (stop === null) return null;
    const step = this.readObject();
    if (step === null) return null;
    const slice = new PySlice(
      this.asConst(start, 'slice start'),
      this.asConst(stop, 'slice stop'),
      this.asConst(step, 'slice step'),
    );
    return this.fill(slot, slice);
  }

  // CPython: Python/marshal.c r_object TYPE_CODE: every field is read, then checked.
  private readCode(flag: boolean): CodeObject {
    const slot = this.reserve(flag);
    const argcount = this.readLong();
    const posonlyargcount = this.readLong();
    const kwonlyargcount = this.readLong();
    const stacksize = this.readLong();
    const flags = this.readLong();
    const code = this.readNonNull('code object');
    const consts = this.readNonNull('code object');
    const names = this.readNonNull('code object');
    const localsplusnames = this.readNonNull('code object');
    const localspluskinds = this.readNonNull('code object');
    const filename = this.readNonNull('code object');
    const name = this.readNonNull('code object');
    const qualname = this.readNonNull('code object');
    const firstlineno = this.readLong();
    const linetable = this.readNonNull('code object');
    const exceptiontable = this.readNonNull('code object');
    // CPython: Objects/codeobject.c _PyCode_Validate (argument types)
    if (
      argcount < posonlyargcount || posonlyargcount < 0 || kwonlyargcount < 0 || stacksize < 0 || flags < 0 ||
      !(code instanceof PyBytes) || !(consts instanceof PyTuple) || !(names instanceof PyTuple) ||
      !(localsplusnames instanceof PyTuple) || !(localspluskinds instanceof PyBytes) ||
      localsplusnames.items.length !== localspluskinds.data.length ||
      !isStr(name) || !isStr(qualname) || !isStr(filename) ||
      !(linetable instanceof PyBytes) || !(exceptiontable instanceof PyBytes)
    ) {
      throw new MarshalSystemError('bad argument to internal function');
    }
    const co = new CodeObject({
      co_argcount: argcount, co_posonlyargcount: posonlyargcount, co_kwonlyargcount: kwonlyargcount,
      co_stacksize: stacksize, co_flags: flags, co_code: code, co_consts: consts.items as readonly MarshalValue[],
      co_names: names, co_localsplusnames: localsplusnames, co_localspluskinds: localspluskinds,
      co_filename: filename, co_name: name, co_qualname: qualname, co_firstlineno: firstlineno,
      co_linetable: linetable, co_exceptiontable: exceptiontable,
    });
    validateCode(co);
    return this.fill(slot, co);
  }
}

function isStr(v: MarshalValue): v is string | PyWideStr {
  return typeof v === 'string' || v instanceof PyWideStr;
}

// CPython: Objects/codeobject.c _PyCode_Validate (the checks after the types), then
// intern_code_constants's check that names are strings
function validateCode(co: CodeObject): void {
  if (co.co_code.data.length % 2 !== 0) throw new MarshalValueError('code: co_code is malformed');
  const varargs = (co.co_flags & 0x04 ? 1 : 0) + (co.co_flags & 0x08 ? 1 : 0);
  if (co.co_nlocals - co.co_argcount - co.co_kwonlyargcount - varargs < 0) {
    throw new MarshalValueError('code: co_varnames is too small');
  }
  for (const names of [co.co_names.items, co.co_localsplusnames.items]) {
    for (const name of names) {
      if (!isStr(name)) throw new MarshalSystemError('non-string found in code slot');
    }
  }
}

/** The base-2**15 digits lo..hi (least significant first) as one bigint, by halves. */
function combineDigits(digits: readonly number[], lo: number, hi: number): bigint {
  if (hi - lo <= 3) {
    let v = 0;
    for (let i = hi - 1; i >= lo; i--) v = v * PYLONG_MARSHAL_BASE + digits[i]!;
    return BigInt(v);
  }
  const mid = (lo + hi) >> 1;
  const high = combineDigits(digits, mid, hi) << BigInt((mid - lo) * PYLONG_MARSHAL_SHIFT);
  return high | combineDigits(digits, lo, mid);
}


function latin1(bytes: Uint8Array): string {
  let out = '';
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
function decodeUtf8SurrogatePass(b: Uint8Array): string | PyWideStr {
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
function parsePyFloat(bytes: Uint8Array): number {
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

// ---------------------------------------------------------------- writing

/** `marshal.dumps(value, version)`. Versions 2–5 are supported. */
export function marshalDumps(value: MarshalValue, version = MARSHAL_VERSION): Uint8Array {
  if (!Number.isInteger(version) || version < 2 || version > MARSHAL_VERSION) {
    throw new RangeError(`marshalDumps: unsupported version ${version}`);
  }
  const w = new MarshalWriter(version);
  w.writeObject(value, false);
  return w.finish();
}

class MarshalWriter {
  private buf = new Uint8Array(256);
  private len = 0;
  private depth = 0;
  /** Strings written with FLAG_REF, by content: the only objects tspy shares. */
  private readonly stringRefs = new Map<string, number>();
  private refCount = 0;

  constructor(private readonly version: number) {}

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  // CPython: Python/marshal.c w_long
  private long(x: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setInt32(this.len, x, true);
    this.len += 4;
  }

  private short(x: number): void {
    this.ensure(2);
    new DataView(this.buf.buffer).setInt16(this.len, x, true);
    this.len += 2;
  }

  private double(x: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer).setFloat64(this.len, x, true);
    this.len += 8;
  }

  private bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  // CPython: Python/marshal.c w_object
  writeObject(v: MarshalValue, interned: boolean): void {
    this.depth++;
    if (this.depth > MAX_MARSHAL_STACK_DEPTH) throw new MarshalValueError('object too deeply nested to marshal');
    try {
      this.writeValue(v, interned);
    } finally {
      this.depth--;
    }
  }

  private writeValue(v: MarshalValue, interned: boolean): void {
    switch (typeof v) {
      case 'boolean':
        return this.byte(v ? TYPE_TRUE : TYPE_FALSE);
      case 'number':
      case 'bigint':
        return this.writeInt(v);
      case 'string':
        return this.writeStr(v, interned);
    }
    if (v instanceof PyNoneType) return this.byte(TYPE_NONE);
    if (v instanceof PyEllipsisType) return this.byte(TYPE_ELLIPSIS);
    if (v instanceof PyWideStr) return this.writeWideStr(v, interned);
    if (v instanceof PyFloat) {
      this.byte(TYPE_BINARY_FLOAT);
      return this.double(v.value);
    }
    if (v instanceof PyComplex) {
      this.byte(TYPE_BINARY_COMPLEX);
      this.double(v.real);
      return this.double(v.imag);
    }
    if (v instanceof PyBytes) {
      this.byte(TYPE_STRING);
      this.long(v.data.length);
      return this.bytes(v.data);
    }
    if (v instanceof PyTuple) return this.writeSequence(v.items, false);
    if (v instanceof PyFrozenSet) return this.writeFrozenSet(v);
    if (v instanceof PySlice) return this.writeSlice(v);
    if (v instanceof CodeObject) return this.writeCode(v);
    throw new MarshalValueError('unmarshallable object');
  }

  // CPython: Python/marshal.c w_complex_object (tuple)
  private writeSequence(items: readonly MarshalValue[], interned: boolean): void {
    if (this.version >= 4 && items.length < 256) {
      this.byte(TYPE_SMALL_TUPLE);
      this.byte(items.length);
    } else {
      this.byte(TYPE_TUPLE);
      this.long(items.length);
    }
    for (const item of items) this.writeObject(item, interned);
  }

  // CPython: Python/marshal.c w_complex_object (frozenset): items in the order of their
  // own marshal dumps, so that the output does not depend on hash order.
  private writeFrozenSet(set: PyFrozenSet): void {
    this.byte(TYPE_FROZENSET);
    this.long(set.items.length);
    const keyed = set.items.map((item) => ({ item, dump: marshalDumps(item, this.version) }));
    keyed.sort((a, b) => compareBytes(a.dump, b.dump));
    for (const { item } of keyed) this.writeObject(item, false);
  }

  private writeSlice(s: PySlice): void {
    if (this.version < 5) throw new MarshalValueError('unmarshallable object');
    this.byte(TYPE_SLICE);
    this.writeObject(s.start, false);
    this.writeObject(s.stop, false);
    this.writeObject(s.step, false);
  }

  // CPython: Python/marshal.c w_object (PyLong_Check branch) and w_PyLong
  private writeInt(v: number | bigint): void {
    const big = BigInt(v);
    if (big >= -(2n ** 31n) && big < 2n ** 31n) {
      this.byte(TYPE_INT);
      return this.long(Number(big));
    }
    const negative = big < 0n;
    let rest = negative ? -big : big;
    const digits: number[] = [];
    while (rest > 0n) {
      digits.push(Number(rest & BigInt(PYLONG_MARSHAL_BASE - 1)));
      rest >>= BigInt(PYLONG_MARSHAL_SHIFT);
    }
    this.byte(TYPE_LONG);
    this.long(negative ? -digits.length : digits.length);
    for (const d of digits) this.short(d);
  }

  // CPython: Python/marshal.c w_ref (only strings are shared; CPython loads any valid reference)
  private writeStrRef(key: string, flagless: number): boolean {
    if (this.version < 3) {
      this.byte(flagless);
      return false;
    }
    const index = this.stringRefs.get(key);
    if (index !== undefined) {
      this.byte(TYPE_REF);
      this.long(index);
      return true;
    }
    this.stringRefs.set(key, this.refCount++);
    this.byte(flagless | FLAG_REF);
    return false;
  }

  // CPython: Python/marshal.c w_complex_object (PyUnicode_CheckExact branch)
  private writeStr(s: string, interned: boolean): void {
    let ascii = true;
    for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
    if (ascii && this.version >= 4) {
      const short = s.length < 256;
      const type = short
        ? interned ? TYPE_SHORT_ASCII_INTERNED : TYPE_SHORT_ASCII
        : interned ? TYPE_ASCII_INTERNED : TYPE_ASCII;
      if (this.writeStrRef((interned ? 'i' : 'n') + s, type)) return;
      if (short) this.byte(s.length);
      else this.long(s.length);
      for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
      return;
    }
    this.writeUtf8(s, strCodePoints(s), interned);
  }

  private writeWideStr(s: PyWideStr, interned: boolean): void {
    this.writeUtf8(null, s.codePoints, interned);
  }

  private writeUtf8(key: string | null, cps: Uint32Array, interned: boolean): void {
    const type = interned && this.version >= 1 ? TYPE_INTERNED : TYPE_UNICODE;
    if (key !== null) {
      if (this.writeStrRef((interned ? 'i' : 'n') + key, type)) return;
    } else {
      this.byte(type);
    }
    const encoded = encodeUtf8SurrogatePass(cps);
    this.long(encoded.length);
    this.bytes(encoded);
  }

  // CPython: Python/marshal.c w_complex_object (PyCode_Check branch)
  private writeCode(co: CodeObject): void {
    this.byte(TYPE_CODE);
    this.long(co.co_argcount);
    this.long(co.co_posonlyargcount);
    this.long(co.co_kwonlyargcount);
    this.long(co.co_stacksize);
    this.long(co.co_flags);
    this.writeObject(co.co_code, false);
    this.writeSequence(co.co_consts, false);
    this.writeObject(co.co_names, true);
    this.writeObject(co.co_localsplusnames, true);
    this.writeObject(co.co_localspluskinds, false);
    this.writeObject(co.co_filename, false);
    this.writeObject(co.co_name, true);
    this.writeObject(co.co_qualname, true);
    this.long(co.co_firstlineno);
    this.writeObject(co.co_linetable, false);
    this.writeObject(co.co_exceptiontable, false);
  }
}

// CPython: Objects/bytesobject.c bytes_richcompare (memcmp, then the shorter first)
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

// CPython: Objects/unicodeobject.c _PyUnicode_AsUTF8String with errors="surrogatepass"
function encodeUtf8SurrogatePass(cps: Uint32Array): Uint8Array {
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
