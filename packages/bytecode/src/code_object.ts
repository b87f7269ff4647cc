// The runtime value of a CPython 3.14 code object: exactly the fields that marshal
// carries, in marshal's order (CPython: Python/marshal.c w_complex_object TYPE_CODE).
import { PyTuple, type PyBytes, type PyConst, type PyWideStr } from './constants.js';
import { coLines, coPositions, replaceCode, type LineRange, type Position } from './code_tables.js';
import type { MarshalDict, MarshalList, MarshalSet, MarshalStopIteration } from './marshal_values.js';

/** Anything marshal reads or writes: a constant, a code object, a slice, or a list, dict, set or StopIteration. */
export type MarshalValue = PyConst | CodeObject | MarshalList | MarshalDict | MarshalSet | MarshalStopIteration;

/** Kind bits of `co_localspluskinds` (CPython: Include/internal/pycore_code.h CO_FAST_*). */
export const CO_FAST_HIDDEN = 0x10;
export const CO_FAST_LOCAL = 0x20;
export const CO_FAST_CELL = 0x40;
export const CO_FAST_FREE = 0x80;

type PyStrValue = string | PyWideStr;

/** The fields of a code object, in marshal order. */
export interface CodeObjectFields {
  co_argcount: number;
  co_posonlyargcount: number;
  co_kwonlyargcount: number;
  co_stacksize: number;
  co_flags: number;
  co_code: PyBytes;
  co_consts: readonly MarshalValue[];
  co_names: PyTuple;
  co_localsplusnames: PyTuple;
  co_localspluskinds: PyBytes;
  co_filename: PyStrValue;
  co_name: PyStrValue;
  co_qualname: PyStrValue;
  co_firstlineno: number;
  co_linetable: PyBytes;
  co_exceptiontable: PyBytes;
}

export class CodeObject implements CodeObjectFields {
  readonly co_argcount: number;
  readonly co_posonlyargcount: number;
  readonly co_kwonlyargcount: number;
  readonly co_stacksize: number;
  readonly co_flags: number;
  readonly co_code: PyBytes;
  /** The tuple's items: constants, nested code objects and slices. */
  readonly co_consts: readonly MarshalValue[];
  readonly co_names: PyTuple;
  readonly co_localsplusnames: PyTuple;
  readonly co_localspluskinds: PyBytes;
  readonly co_filename: PyStrValue;
  readonly co_name: PyStrValue;
  readonly co_qualname: PyStrValue;
  readonly co_firstlineno: number;
  readonly co_linetable: PyBytes;
  readonly co_exceptiontable: PyBytes;

  constructor(f: CodeObjectFields) {
    this.co_argcount = f.co_argcount;
    this.co_posonlyargcount = f.co_posonlyargcount;
    this.co_kwonlyargcount = f.co_kwonlyargcount;
    this.co_stacksize = f.co_stacksize;
    this.co_flags = f.co_flags;
    this.co_code = f.co_code;
    this.co_consts = f.co_consts;
    this.co_names = f.co_names;
    this.co_localsplusnames = f.co_localsplusnames;
    this.co_localspluskinds = f.co_localspluskinds;
    this.co_filename = f.co_filename;
    this.co_name = f.co_name;
    this.co_qualname = f.co_qualname;
    this.co_firstlineno = f.co_firstlineno;
    this.co_linetable = f.co_linetable;
    this.co_exceptiontable = f.co_exceptiontable;
  }

  get co_varnames(): PyTuple {
    return this.localsplusNamesOfKind(CO_FAST_LOCAL);
  }

  get co_cellvars(): PyTuple {
    return this.localsplusNamesOfKind(CO_FAST_CELL);
  }

  get co_freevars(): PyTuple {
    return this.localsplusNamesOfKind(CO_FAST_FREE);
  }

  // CPython: Objects/codeobject.c get_localsplus_counts (nlocals)
  get co_nlocals(): number {
    return this.co_varnames.items.length;
  }

  // CPython: Objects/codeobject.c code_linesiterator
  co_lines(): LineRange[] {
    return coLines(this);
  }

  // CPython: Objects/codeobject.c code_positionsiterator
  co_positions(): Position[] {
    return coPositions(this);
  }

  // CPython: Objects/codeobject.c code_replace_impl
  replace(changes: Partial<CodeObjectFields>): CodeObject {
    return replaceCode(this, changes);
  }

  // CPython: Objects/codeobject.c get_localsplus_names
  private localsplusNamesOfKind(kind: number): PyTuple {
    const kinds = this.co_localspluskinds.data;
    const names = this.co_localsplusnames.items;
    const picked = names.filter((_, i) => ((kinds[i] ?? 0) & kind) !== 0);
    return new PyTuple(picked);
  }
}
