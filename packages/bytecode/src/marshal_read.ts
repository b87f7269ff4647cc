// marshal.loads: a port of the reading half of CPython 3.14's Python/marshal.c
// (r_object and its helpers). Every value CPython loads, tspy loads; malformed data
// raises one of the errors of marshal_errors.ts with CPython's message. Reading never
// allocates ahead of the data: containers grow item by item and strings check the
// bytes left first, so a forged length costs nothing.
import { Ellipsis, None, PyBytes, PyComplex, PyFloat, PyFrozenSet, PyTuple, PyWideStr, pyInt, type PyConst } from './constants.js';
import { CodeObject, type MarshalValue } from './code_object.js';
import {
  FLAG_REF, MAX_MARSHAL_STACK_DEPTH as MAX_DEPTH_SETTING, PYLONG_MARSHAL_BASE, PYLONG_MARSHAL_SHIFT, SIZE32_MAX,
  TYPE_ASCII, TYPE_ASCII_INTERNED, TYPE_BINARY_COMPLEX, TYPE_BINARY_FLOAT, TYPE_CODE, TYPE_COMPLEX, TYPE_DICT,
  TYPE_ELLIPSIS, TYPE_FALSE, TYPE_FLOAT, TYPE_FROZENSET, TYPE_INT, TYPE_INT64, TYPE_INTERNED, TYPE_LIST, TYPE_LONG,
  TYPE_NONE, TYPE_NULL, TYPE_REF, TYPE_SET, TYPE_SHORT_ASCII, TYPE_SHORT_ASCII_INTERNED, TYPE_SLICE,
  TYPE_SMALL_TUPLE, TYPE_STOPITER, TYPE_STRING, TYPE_TRUE, TYPE_TUPLE, TYPE_UNICODE,
} from './marshal_codes.js';
import {
  MarshalEOFError,
  MarshalError,
  MarshalRecursionError,
  MarshalSystemError,
  MarshalTypeError,
  MarshalValueError,
} from './marshal_errors.js';
import { KeyIndex } from './marshal_hash.js';
import { decodeUtf8SurrogatePass, latin1, parsePyFloat } from './marshal_text.js';
import { MarshalDict, MarshalList, MarshalSet, StopIteration } from './marshal_values.js';
import { PySlice } from './slice.js';

/** A module-local copy: reading an imported binding costs a frame in some loaders. */
const MAX_DEPTH: number = MAX_DEPTH_SETTING;

export interface MarshalLoadOptions {
  /** `marshal.loads(data, allow_code=False)`: code objects raise ValueError. Default true. */
  allowCode?: boolean;
}

/** The slot of an object whose reference index is reserved but not yet filled (CPython puts Py_None there). */
const RESERVED: unique symbol = Symbol('reserved marshal reference');

// CPython: Python/marshal.c marshal_loads_impl → read_object
export function readMarshal(data: Uint8Array, options: MarshalLoadOptions = {}): MarshalValue {
  const reader = new MarshalReader(data, options.allowCode ?? true);
  try {
    return reader.readTopLevel();
  } catch (e) {
    if (e instanceof MarshalError) throw e;
    // A JS stack overflow is CPython's RecursionError (DESIGN.md §3).
    if (e instanceof RangeError) throw new MarshalRecursionError('maximum recursion depth exceeded');
    throw e;
  }
}

class MarshalReader {
  private pos = 0;
  private depth = 0;
  private readonly refs: (MarshalValue | typeof RESERVED)[] = [];
  /** The items arrays of the flagged tuples being read (a reference can reach them early). */
  private readonly incompleteTuples = new Set<object>();
  private readonly view: DataView;

  constructor(
    private readonly data: Uint8Array,
    private readonly allowCode: boolean,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  // CPython: Python/marshal.c read_object
  readTopLevel(): MarshalValue {
    const v = this.readObject();
    if (v === null) throw new MarshalTypeError('NULL object in marshal data for object');
    return v;
  }

  // CPython: Python/marshal.c r_string (the bounds check of the loads() fast path)
  private need(n: number): number {
    if (n > this.data.length - this.pos) throw new MarshalEOFError('marshal data too short');
    const at = this.pos;
    this.pos += n;
    return at;
  }

  // CPython: Python/marshal.c r_byte (a one-byte length: short ascii, small tuple, text float)
  private readByte(): number {
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

  /** A copy of the next n bytes (for a bytes object, which must not alias the input). */
  private readBytes(n: number): Uint8Array {
    const at = this.need(n);
    return this.data.slice(at, at + n);
  }

  /** A view of the next n bytes, for decoding. */
  private viewBytes(n: number): Uint8Array {
    const at = this.need(n);
    return this.data.subarray(at, at + n);
  }

  /** A 32-bit size that must be in 0..SIZE32_MAX ("bad marshal data (<what> size out of range)"). */
  private readSize(what: string): number {
    const n = this.readLong();
    if (n < 0 || n > SIZE32_MAX) throw new MarshalValueError(`bad marshal data (${what} size out of range)`);
    return n;
  }

  /** r_object's NULL result (TYPE_NULL, or a slice with a NULL part) is `null`. */
  // CPython: Python/marshal.c r_object
  private readObject(): MarshalValue | null {
    if (this.pos >= this.data.length) throw new MarshalEOFError('EOF read where object expected');
    const code = this.data[this.pos++]!;
    if (++this.depth > MAX_DEPTH) throw new MarshalValueError('recursion limit exceeded');
    const flag = (code & FLAG_REF) !== 0;
    let v: MarshalValue | null;
    // Containers are read here, not in helpers, to keep the JS frames per nesting level few.
    switch (code & ~FLAG_REF) {
      case TYPE_SMALL_TUPLE:
        v = this.readTuple(this.readByte(), flag);
        break;
      case TYPE_TUPLE:
        v = this.readTuple(this.readSize('tuple'), flag);
        break;
      case TYPE_LIST:
        v = this.readList(flag);
        break;
      default:
        v = this.readTyped(code & ~FLAG_REF, flag);
    }
    this.depth--;
    return v;
  }

  private readNonNull(what: string): MarshalValue {
    const v = this.readObject();
    if (v === null) throw new MarshalTypeError(`NULL object in marshal data for ${what}`);
    return v;
  }

  // CPython: Python/marshal.c r_ref (register an object as soon as it exists)
  private remember<T extends MarshalValue>(flag: boolean, v: T): T {
    if (flag) this.refs.push(v);
    return v;
  }

  // CPython: Python/marshal.c r_ref_reserve
  private reserve(flag: boolean): number {
    if (!flag) return -1;
    if (this.refs.length >= 0x7ffffffe) throw new MarshalValueError('bad marshal data (index list too large)');
    this.refs.push(RESERVED);
    return this.refs.length - 1;
  }

  // CPython: Python/marshal.c r_ref_insert
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
        return StopIteration;
      case TYPE_ELLIPSIS:
        return Ellipsis;
      case TYPE_FALSE:
        return false;
      case TYPE_TRUE:
        return true;
      case TYPE_INT:
        return this.remember(flag, pyInt(this.readLong()));
      // CPython: Python/marshal.c r_long64
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
      // Interning only changes object identity, which tspy's primitive strings do not have.
      case TYPE_UNICODE:
      case TYPE_INTERNED:
        return this.remember(flag, decodeUtf8SurrogatePass(this.viewBytes(this.readSize('string'))));
      case TYPE_ASCII:
      case TYPE_ASCII_INTERNED:
        return this.remember(flag, latin1(this.viewBytes(this.readSize('string'))));
      case TYPE_SHORT_ASCII:
      case TYPE_SHORT_ASCII_INTERNED:
        return this.remember(flag, latin1(this.viewBytes(this.readByte())));
      case TYPE_DICT:
        return this.readDict(flag);
      case TYPE_SET:
        return this.readSet(flag);
      case TYPE_FROZENSET:
        return this.readFrozenSet(flag);
      case TYPE_CODE:
        return this.readCode(flag);
      case TYPE_REF:
        return this.readRef();
      case TYPE_SLICE:
        return this.readSlice(flag);
      default:
        // TYPE_UNKNOWN '?' included: CPython writes it only before failing.
        throw new MarshalValueError('bad marshal data (unknown type code)');
    }
  }

  // CPython: Python/marshal.c r_object TYPE_REF
  private readRef(): MarshalValue {
    const n = this.readLong();
    const v = n >= 0 && n < this.refs.length ? this.refs[n]! : RESERVED;
    // A reserved slot (code object, frozenset, slice still being read) holds Py_None in CPython.
    if (v === RESERVED) throw new MarshalValueError('bad marshal data (invalid reference)');
    return v;
  }

  // CPython: Python/marshal.c r_PyLong and _w_digits (the digit checks)
  private readPyLong(): number | bigint {
    const n = this.readLong();
    if (n < -SIZE32_MAX || n > SIZE32_MAX) throw new MarshalValueError('bad marshal data (long size out of range)');
    const count = Math.abs(n);
    const digits: number[] = [];
    // Each readShort is bounded by the input, so a forged count stops at its end.
    for (let j = 0; j < count; j++) {
      const md = this.readShort();
      if (md < 0 || md > PYLONG_MARSHAL_BASE) throw new MarshalValueError('bad marshal data (digit out of range in long)');
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

  // CPython: Python/marshal.c r_float_str (a length byte, then PyOS_string_to_double text up to a NUL)
  private readTextFloat(): number {
    const bytes = this.viewBytes(this.readByte());
    const nul = bytes.indexOf(0);
    return parsePyFloat(nul < 0 ? bytes : bytes.subarray(0, nul));
  }

  // CPython: Python/marshal.c r_object TYPE_TUPLE: the tuple is registered before its
  // items, so an item may refer to the tuple itself (its items array is filled in place).
  private readTuple(n: number, flag: boolean): PyTuple {
    const items: MarshalValue[] = [];
    const tuple = this.remember(flag, new PyTuple(items as PyConst[]));
    if (flag) this.incompleteTuples.add(items);
    for (let i = 0; i < n; i++) {
      const item = this.readObject();
      if (item === null) throw new MarshalTypeError('NULL object in marshal data for tuple');
      items.push(item);
    }
    if (flag) this.incompleteTuples.delete(items);
    return tuple;
  }

  // CPython: Python/marshal.c r_object TYPE_LIST
  private readList(flag: boolean): MarshalList {
    const n = this.readSize('list');
    const list = this.remember(flag, new MarshalList());
    for (let i = 0; i < n; i++) {
      const item = this.readObject();
      if (item === null) throw new MarshalTypeError('NULL object in marshal data for list');
      list.items.push(item);
    }
    return list;
  }

  // CPython: Python/marshal.c r_object TYPE_DICT: key/value pairs up to a NULL key or
  // value (a NULL value ends the dict without an error, as in CPython).
  private readDict(flag: boolean): MarshalDict {
    const dict = this.remember(flag, new MarshalDict());
    const index = new KeyIndex('a dict key', this.incompleteTuples);
    for (;;) {
      const key = this.readObject();
      if (key === null) break;
      const value = this.readObject();
      if (value === null) break;
      // CPython: Objects/dictobject.c insertdict keeps the first key and the last value.
      const at = index.findOrAdd(dict.keys, key, dict.keys.length);
      if (at >= 0) {
        dict.values[at] = value;
      } else {
        dict.keys.push(key);
        dict.values.push(value);
      }
    }
    return dict;
  }

  // CPython: Python/marshal.c r_object TYPE_SET (registered at once)
  private readSet(flag: boolean): MarshalSet {
    const n = this.readSize('set');
    const set = this.remember(flag, new MarshalSet());
    this.readSetItems(n, set.items);
    return set;
  }

  // CPython: Python/marshal.c r_object TYPE_FROZENSET (registered once complete, except
  // the empty one, which is registered at once)
  private readFrozenSet(flag: boolean): PyFrozenSet {
    const n = this.readSize('set');
    if (n === 0) return this.remember(flag, new PyFrozenSet([]));
    const slot = this.reserve(flag);
    const items: MarshalValue[] = [];
    this.readSetItems(n, items);
    return this.fill(slot, new PyFrozenSet(items as PyConst[]));
  }

  // CPython: Objects/setobject.c set_add_entry keeps the first of equal items.
  private readSetItems(n: number, items: MarshalValue[]): void {
    const index = new KeyIndex('a set element', this.incompleteTuples);
    for (let i = 0; i < n; i++) {
      const item = this.readNonNull('set');
      if (index.findOrAdd(items, item, items.length) < 0) items.push(item);
    }
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
    return this.fill(slot, new PySlice(start as PyConst, stop as PyConst, step as PyConst));
  }

  // CPython: Python/marshal.c r_object TYPE_CODE: every field is read, then checked.
  private readCode(flag: boolean): CodeObject {
    if (!this.allowCode) throw new MarshalValueError('unmarshalling code objects is disallowed');
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
    // CPython: Objects/codeobject.c _PyCode_Validate (argument types: PyErr_BadInternalCall)
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
      // CPython: Objects/codeobject.c init_code turns a stack size of 0 into 1.
      co_stacksize: stacksize === 0 ? 1 : stacksize,
      co_flags: flags, co_code: code, co_consts: consts.items as readonly MarshalValue[],
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
// intern_code_constants's checks that names and localsplusnames hold only strings
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
