// marshal.dumps: a port of the writing half of CPython 3.14's Python/marshal.c
// (w_object, w_complex_object, w_ref and their helpers), for every version 0–5.
//
// References (FLAG_REF / TYPE_REF, version >= 3). CPython flags an object when its
// reference count is above 1, which tspy cannot know; it flags what CPython's count
// would make shared in the value graph it is given:
//   - a value that occurs more than once in the graph: objects by identity; ints and
//     strs (primitives in tspy) by value — CPython's compiler merges equal constants
//     of a module into one object, and marshal's reader hands one object to every
//     TYPE_REF, so both agree with identity for compiled or loaded code;
//   - what CPython always shares: interned strs (w_ref's rule), the immortal small ints
//     -5..256, `()`, `b''`, a code object's co_code (kept in the code's cache), and the
//     items of a set or frozenset (held by the sorted pairs while they are written).
// The top-level value is not flagged: importlib's get_code passes the one reference it
// holds, as does `marshal.dumps(compile(...))` (`co = compile(...)` at module level
// would add one).
// Whatever the rule, the output loads as an equal value: a reference always follows
// the flagged object it names. For the .pyc of compiled stdlib modules the output is
// CPython's byte for byte, but where CPython's interning depends on what the process
// interned before (test/marshal-stdlib-pyc.test.ts: 550 of 559 in pyodide).
//
// Interned strs (the 'Z'/'A'/'t' forms) are those CPython interns: '' and one-char
// Latin-1 strs (static singletons), a code object's co_names, co_localsplusnames,
// co_filename, co_name and co_qualname, and the identifier-like strs in its co_consts,
// also inside tuples and frozensets (CPython: Objects/codeobject.c intern_strings,
// intern_constants, init_code).
import {
  PyBytes,
  PyComplex,
  PyEllipsisType,
  PyFloat,
  PyFrozenSet,
  PyNoneType,
  PyTuple,
  PyWideStr,
  strCodePoints,
} from './constants.js';
import { CodeObject, type MarshalValue } from './code_object.js';
import {
  FLAG_REF, MAX_MARSHAL_STACK_DEPTH as MAX_DEPTH_SETTING, PYLONG_MARSHAL_BASE, PYLONG_MARSHAL_SHIFT, TYPE_ASCII, TYPE_ASCII_INTERNED,
  TYPE_BINARY_COMPLEX, TYPE_BINARY_FLOAT, TYPE_CODE, TYPE_COMPLEX, TYPE_DICT, TYPE_ELLIPSIS, TYPE_FALSE, TYPE_FLOAT,
  TYPE_FROZENSET, TYPE_INT, TYPE_INTERNED, TYPE_LIST, TYPE_LONG, TYPE_NONE, TYPE_NULL, TYPE_REF, TYPE_SET,
  TYPE_SHORT_ASCII, TYPE_SHORT_ASCII_INTERNED, TYPE_SLICE, TYPE_SMALL_TUPLE, TYPE_STOPITER, TYPE_STRING, TYPE_TRUE,
  TYPE_TUPLE, TYPE_UNICODE,
} from './marshal_codes.js';
import { MarshalValueError } from './marshal_errors.js';
import { compareBytes, encodeUtf8SurrogatePass, formatFloatG17 } from './marshal_text.js';
import { MarshalDict, MarshalList, MarshalSet, MarshalStopIteration } from './marshal_values.js';
import { PySlice } from './slice.js';

/** A module-local copy: reading an imported binding costs a frame in some loaders. */
const MAX_DEPTH: number = MAX_DEPTH_SETTING;

export interface MarshalDumpOptions {
  /** `marshal.dumps(value, allow_code=False)`: code objects raise ValueError. Default true. */
  allowCode?: boolean;
}

/** Where a str is written, which decides whether CPython would have interned it. */
type StrContext = 0 | 1 | 2;
/** Not in a code object (or in a list, dict, set, slice, bytes field): only static singletons are interned. */
const PLAIN: StrContext = 0;
/** co_names, co_localsplusnames, co_filename, co_name, co_qualname: all interned. */
const INTERNED: StrContext = 1;
/** co_consts and the tuples and frozensets in it: identifier-like strs are interned. */
const CONSTS: StrContext = 2;

// CPython: Python/marshal.c _PyMarshal_WriteObjectToString
export function writeMarshal(value: MarshalValue, version: number, options: MarshalDumpOptions = {}): Uint8Array {
  try {
    return dumpWith(value, version, options.allowCode ?? true, PLAIN, false);
  } catch (e) {
    // Only nesting exhausts the JS stack here: CPython's depth limit, reached early.
    if (e instanceof RangeError) throw new MarshalValueError('object too deeply nested to marshal');
    throw e;
  }
}

/** `sharedTop`: the caller holds another reference to `value` (a set item being sorted). */
function dumpWith(value: MarshalValue, version: number, allowCode: boolean, ctx: StrContext, sharedTop: boolean): Uint8Array {
  const w = new MarshalWriter(version, allowCode);
  if (version >= 3) w.countOccurrences(value, ctx, 0);
  w.writeTopLevel(value, ctx, sharedTop);
  return w.finish();
}

/** A str's identity: its content, and whether it is interned (CPython has one object per interned content). */
function strKey(s: string | PyWideStr, interned: boolean): string {
  return (interned ? 'i' : 'n') + (typeof s === 'string' ? 's' + s : 'w' + s.codePoints.join(','));
}

/** Values w_object writes before consulting w_ref: never flagged. */
function isSingleton(v: MarshalValue): boolean {
  return (
    typeof v === 'boolean' || v instanceof PyNoneType || v instanceof PyEllipsisType || v instanceof MarshalStopIteration
  );
}

/** [A-Za-z0-9_]* — CPython: Objects/codeobject.c should_intern_string */
const IDENTIFIER_CHARS = /^[A-Za-z0-9_]*$/;

class MarshalWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private depth = 0;
  /** How often each value occurs in the graph (version >= 3 only). */
  private readonly occurrences = new Map<unknown, number>();
  /** Reference index of each flagged value written so far. */
  private readonly refIndex = new Map<unknown, number>();
  /** The co_qualname of the code object whose co_consts are being visited. */
  private qualname: string | PyWideStr | null = null;

  constructor(
    private readonly version: number,
    private readonly allowCode: boolean,
  ) {}

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /**
   * Whether CPython would have interned a str written here. A class body's co_consts
   * hold its qualname for `__qualname__`: the very object that is its co_qualname.
   */
  private isInterned(s: string | PyWideStr, ctx: StrContext): boolean {
    if (s.length === 0) return true;
    if (typeof s === 'string' && s.length === 1 && s.charCodeAt(0) < 256) return true;
    if (ctx === INTERNED) return true;
    if (ctx !== CONSTS) return false;
    if (typeof s === 'string' && IDENTIFIER_CHARS.test(s)) return true;
    return this.qualname !== null && strKey(s, true) === strKey(this.qualname, true);
  }

  /**
   * The identity marshal's reference table uses for a value (see the header). A tuple is
   * known by its items array, which is what a code object keeps of its co_consts tuple.
   */
  private refKey(v: MarshalValue, ctx: StrContext): unknown {
    if (typeof v === 'string' || v instanceof PyWideStr) return strKey(v, this.isInterned(v, ctx));
    if (v instanceof PyTuple) return v.items;
    return v;
  }

  /** The pre-pass: counts occurrences, descending into each value once. */
  countOccurrences(v: MarshalValue, ctx: StrContext, depth: number): void {
    if (isSingleton(v) || depth > MAX_DEPTH) return;
    const key = this.refKey(v, ctx);
    const seen = this.occurrences.get(key);
    this.occurrences.set(key, (seen ?? 0) + 1);
    if (seen !== undefined || typeof v !== 'object') return;
    const inner = depth + 1;
    if (v instanceof PyTuple || v instanceof PyFrozenSet) {
      for (const item of v.items) this.countOccurrences(item as MarshalValue, ctx, inner);
    } else if (v instanceof MarshalList || v instanceof MarshalSet) {
      for (const item of v.items) this.countOccurrences(item, PLAIN, inner);
    } else if (v instanceof MarshalDict) {
      for (let i = 0; i < v.keys.length; i++) {
        this.countOccurrences(v.keys[i]!, PLAIN, inner);
        this.countOccurrences(v.values[i]!, PLAIN, inner);
      }
    } else if (v instanceof PySlice) {
      for (const part of [v.start, v.stop, v.step]) this.countOccurrences(part, PLAIN, inner);
    } else if (v instanceof CodeObject) {
      this.countOccurrences(v.co_code, PLAIN, inner);
      const outer = this.qualname;
      this.qualname = v.co_qualname;
      this.countConsts(v.co_consts, inner);
      this.qualname = outer;
      for (const [field, fieldCtx] of codeFieldsAfterConsts(v)) this.countOccurrences(field, fieldCtx, inner);
    }
  }

  private countConsts(consts: readonly MarshalValue[], depth: number): void {
    const seen = this.occurrences.get(consts);
    this.occurrences.set(consts, (seen ?? 0) + 1);
    if (seen === undefined) for (const item of consts) this.countOccurrences(item, CONSTS, depth + 1);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  // CPython: Python/marshal.c w_long
  private long(x: number): void {
    this.ensure(4);
    this.view.setInt32(this.len, x, true);
    this.len += 4;
  }

  // CPython: Python/marshal.c w_short
  private short(x: number): void {
    this.ensure(2);
    this.view.setInt16(this.len, x, true);
    this.len += 2;
  }

  // CPython: Python/marshal.c w_float_bin
  private double(x: number): void {
    this.ensure(8);
    this.view.setFloat64(this.len, x, true);
    this.len += 8;
  }

  // CPython: Python/marshal.c w_string
  private bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  // CPython: Python/marshal.c w_pstring (W_SIZE: sizes are below 2**31 in JS anyway)
  private pstring(data: Uint8Array): void {
    this.long(data.length);
    this.bytes(data);
  }

  // CPython: Python/marshal.c w_float_str (a length byte, then '%.17g')
  private textFloat(x: number): void {
    const text = formatFloatG17(x);
    this.byte(text.length);
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i));
  }

  writeTopLevel(v: MarshalValue, ctx: StrContext, shared: boolean): void {
    this.writeObject(v, ctx, shared);
  }

  // CPython: Python/marshal.c w_object
  private writeObject(v: MarshalValue, ctx: StrContext, forceShared = false): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) throw new MarshalValueError('object too deeply nested to marshal');
    if (typeof v === 'boolean') this.byte(v ? TYPE_TRUE : TYPE_FALSE);
    else if (v instanceof PyNoneType) this.byte(TYPE_NONE);
    else if (v instanceof MarshalStopIteration) this.byte(TYPE_STOPITER);
    else if (v instanceof PyEllipsisType) this.byte(TYPE_ELLIPSIS);
    else {
      const flag = this.writeRef(v, ctx, forceShared);
      // Tuples are written here, not in a helper, to keep the JS frames per nesting level few.
      if (flag >= 0 && v instanceof PyTuple) {
        const items = v.items as readonly MarshalValue[];
        this.tupleHeader(items.length, flag);
        for (let i = 0; i < items.length; i++) this.writeObject(items[i]!, ctx);
      } else if (flag >= 0 && v instanceof MarshalList) {
        this.byte(TYPE_LIST | flag);
        this.long(v.items.length);
        for (let i = 0; i < v.items.length; i++) this.writeObject(v.items[i]!, PLAIN);
      } else if (flag >= 0) {
        this.writeComplexObject(v, flag, ctx);
      }
    }
    this.depth--;
  }

  /** Whether CPython's reference count for `v` would be above 1 (see the header). */
  private isShared(v: MarshalValue, key: unknown, ctx: StrContext): boolean {
    if ((this.occurrences.get(key) ?? 0) > 1) return true;
    switch (typeof v) {
      case 'number':
        return v >= -5 && v <= 256;
      case 'string':
        return this.isInterned(v, ctx);
    }
    if (v instanceof PyWideStr) return this.isInterned(v, ctx);
    if (v instanceof PyTuple) return v.items.length === 0;
    // b'' is immortal; so is each one-byte bytes, which a bytes constant is, but not a
    // code object's byte fields (built by resizing).
    if (v instanceof PyBytes) return v.data.length === 0 || (v.data.length === 1 && ctx === CONSTS);
    return false;
  }

  /**
   * Writes TYPE_REF and returns -1 for a value already written with FLAG_REF; otherwise
   * returns the flag to add to its type code.
   */
  // CPython: Python/marshal.c w_ref
  private writeRef(v: MarshalValue, ctx: StrContext, forceShared = false): number {
    if (this.version < 3) return 0;
    const key = this.refKey(v, ctx);
    const index = this.refIndex.get(key);
    if (index !== undefined) {
      this.byte(TYPE_REF);
      this.long(index);
      return -1;
    }
    if (!forceShared && !this.isShared(v, key, ctx)) return 0;
    this.refIndex.set(key, this.refIndex.size);
    return FLAG_REF;
  }

  // CPython: Python/marshal.c w_complex_object
  private writeComplexObject(v: MarshalValue, flag: number, ctx: StrContext): void {
    switch (typeof v) {
      case 'number':
      case 'bigint':
        return this.writeInt(v, flag);
      case 'string':
        return this.writeStr(v, flag, ctx);
    }
    if (v instanceof PyWideStr) return this.writeStr(v, flag, ctx);
    if (v instanceof PyFloat) {
      if (this.version > 1) {
        this.byte(TYPE_BINARY_FLOAT | flag);
        return this.double(v.value);
      }
      this.byte(TYPE_FLOAT | flag);
      return this.textFloat(v.value);
    }
    if (v instanceof PyComplex) return this.writeComplex(v, flag);
    if (v instanceof PyBytes) {
      this.byte(TYPE_STRING | flag);
      return this.pstring(v.data);
    }
    if (v instanceof MarshalDict) return this.writeDict(v, flag);
    if (v instanceof PyFrozenSet) return this.writeSet(TYPE_FROZENSET | flag, v.items as readonly MarshalValue[], ctx);
    if (v instanceof MarshalSet) return this.writeSet(TYPE_SET | flag, v.items, PLAIN);
    if (v instanceof CodeObject) return this.writeCode(v, flag);
    if (v instanceof PySlice) return this.writeSlice(v, flag);
    throw new MarshalValueError('unmarshallable object');
  }

  // CPython: Python/marshal.c w_complex_object (PyComplex_CheckExact branch)
  private writeComplex(v: PyComplex, flag: number): void {
    if (this.version > 1) {
      this.byte(TYPE_BINARY_COMPLEX | flag);
      this.double(v.real);
      return this.double(v.imag);
    }
    this.byte(TYPE_COMPLEX | flag);
    this.textFloat(v.real);
    this.textFloat(v.imag);
  }

  // CPython: Python/marshal.c w_complex_object (PyTuple_CheckExact branch)
  private tupleHeader(n: number, flag: number): void {
    if (this.version >= 4 && n < 256) {
      this.byte(TYPE_SMALL_TUPLE | flag);
      this.byte(n);
    } else {
      this.byte(TYPE_TUPLE | flag);
      this.long(n);
    }
  }

  // CPython: Python/marshal.c w_complex_object (PyDict_CheckExact branch: NULL-terminated)
  private writeDict(d: MarshalDict, flag: number): void {
    this.byte(TYPE_DICT | flag);
    for (let i = 0; i < d.keys.length; i++) {
      this.writeObject(d.keys[i]!, PLAIN);
      this.writeObject(d.values[i]!, PLAIN);
    }
    this.byte(TYPE_NULL);
  }

  // CPython: Python/marshal.c w_complex_object (PyAnySet_CheckExact branch): items in the
  // order of sorted(v, key=marshal.dumps), so that the output does not depend on hash order.
  private writeSet(typeByte: number, items: readonly MarshalValue[], ctx: StrContext): void {
    this.byte(typeByte);
    this.long(items.length);
    const keyed = items.map((item) => ({ item, dump: dumpWith(item, this.version, this.allowCode, ctx, true) }));
    keyed.sort((a, b) => compareBytes(a.dump, b.dump));
    // CPython's sorted pairs still hold every item while they are written: all are shared.
    for (const { item } of keyed) this.writeObject(item, ctx, true);
  }

  // CPython: Python/marshal.c w_complex_object (PySlice_Check branch)
  private writeSlice(s: PySlice, flag: number): void {
    if (this.version < 5) throw new MarshalValueError('unmarshallable object');
    this.byte(TYPE_SLICE | flag);
    this.writeObject(s.start, PLAIN);
    this.writeObject(s.stop, PLAIN);
    this.writeObject(s.step, PLAIN);
  }

  // CPython: Python/marshal.c w_complex_object (PyLong_CheckExact branch) and w_PyLong
  private writeInt(v: number | bigint, flag: number): void {
    // An int is always integral (DESIGN.md §3); a fractional number is no Python value.
    if (typeof v === 'number' && !Number.isInteger(v)) throw new MarshalValueError('unmarshallable object');
    if (typeof v === 'number' && v >= -(2 ** 31) && v < 2 ** 31) {
      this.byte(TYPE_INT | flag);
      return this.long(v);
    }
    const big = BigInt(v);
    const negative = big < 0n;
    let rest = negative ? -big : big;
    const digits: number[] = [];
    while (rest > 0n) {
      digits.push(Number(rest & BigInt(PYLONG_MARSHAL_BASE - 1)));
      rest >>= BigInt(PYLONG_MARSHAL_SHIFT);
    }
    this.byte(TYPE_LONG | flag);
    this.long(negative ? -digits.length : digits.length);
    for (const d of digits) this.short(d);
  }

  // CPython: Python/marshal.c w_complex_object (PyUnicode_CheckExact branch)
  private writeStr(s: string | PyWideStr, flag: number, ctx: StrContext): void {
    const interned = this.isInterned(s, ctx);
    if (this.version >= 4 && typeof s === 'string' && isAscii(s)) {
      if (s.length < 256) {
        this.byte((interned ? TYPE_SHORT_ASCII_INTERNED : TYPE_SHORT_ASCII) | flag);
        this.byte(s.length);
      } else {
        this.byte((interned ? TYPE_ASCII_INTERNED : TYPE_ASCII) | flag);
        this.long(s.length);
      }
      this.ensure(s.length);
      for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
      return;
    }
    this.byte((this.version >= 3 && interned ? TYPE_INTERNED : TYPE_UNICODE) | flag);
    this.pstring(encodeUtf8SurrogatePass(strCodePoints(s)));
  }

  // CPython: Python/marshal.c w_complex_object (PyCode_Check branch)
  private writeCode(co: CodeObject, flag: number): void {
    if (!this.allowCode) throw new MarshalValueError('marshalling code objects is disallowed');
    this.byte(TYPE_CODE | flag);
    this.long(co.co_argcount);
    this.long(co.co_posonlyargcount);
    this.long(co.co_kwonlyargcount);
    this.long(co.co_stacksize);
    this.long(co.co_flags);
    this.writeCoCode(co.co_code);
    const outer = this.qualname;
    this.qualname = co.co_qualname;
    this.writeConsts(co.co_consts);
    this.qualname = outer;
    this.writeObject(co.co_names, INTERNED);
    this.writeObject(co.co_localsplusnames, INTERNED);
    this.writeObject(co.co_localspluskinds, PLAIN);
    this.writeObject(co.co_filename, INTERNED);
    this.writeObject(co.co_name, INTERNED);
    this.writeObject(co.co_qualname, INTERNED);
    this.long(co.co_firstlineno);
    this.writeObject(co.co_linetable, PLAIN);
    this.writeObject(co.co_exceptiontable, PLAIN);
  }

  /** co_code: CPython writes the bytes _PyCode_GetCode caches on the code object, so always shared. */
  private writeCoCode(code: PyBytes): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) throw new MarshalValueError('object too deeply nested to marshal');
    const flag = this.writeRef(code, PLAIN, true);
    if (flag >= 0) {
      this.byte(TYPE_STRING | flag);
      this.pstring(code.data);
    }
    this.depth--;
  }

  /** co_consts: a tuple (tspy keeps its items array, whose identity stands for the tuple's). */
  private writeConsts(consts: readonly MarshalValue[]): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) throw new MarshalValueError('object too deeply nested to marshal');
    const flag = this.writeConstsRef(consts);
    if (flag >= 0) {
      this.tupleHeader(consts.length, flag);
      for (const item of consts) this.writeObject(item, CONSTS);
    }
    this.depth--;
  }

  private writeConstsRef(consts: readonly MarshalValue[]): number {
    if (this.version < 3) return 0;
    const index = this.refIndex.get(consts);
    if (index !== undefined) {
      this.byte(TYPE_REF);
      this.long(index);
      return -1;
    }
    if ((this.occurrences.get(consts) ?? 0) <= 1 && consts.length > 0) return 0;
    this.refIndex.set(consts, this.refIndex.size);
    return FLAG_REF;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** A code object's marshalled fields after co_consts, in marshal order, with their str contexts. */
function codeFieldsAfterConsts(co: CodeObject): [MarshalValue, StrContext][] {
  return [
    [co.co_names, INTERNED], [co.co_localsplusnames, INTERNED], [co.co_localspluskinds, PLAIN],
    [co.co_filename, INTERNED], [co.co_name, INTERNED], [co.co_qualname, INTERNED],
    [co.co_linetable, PLAIN], [co.co_exceptiontable, PLAIN],
  ];
}
