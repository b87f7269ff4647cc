// Decoders for a code object's location table (co_lines, co_positions) and its
// exception table (as dis._parse_exception_table reads it), plus code.replace().
import { CodeObject, type CodeObjectFields } from './code_object.js';

/** One `co_lines()` item: byte offsets [start, end) and the line, or null for none. */
export type LineRange = [start: number, end: number, line: number | null];
/** One `co_positions()` item: lineno, end_lineno, col_offset, end_col_offset. */
export type Position = [line: number | null, endLine: number | null, col: number | null, endCol: number | null];

/** One entry of `dis._parse_exception_table(code)`; offsets are in bytes. */
export interface ExceptionTableEntry {
  start: number;
  end: number;
  target: number;
  depth: number;
  lasti: boolean;
}

// CPython: Include/cpython/code.h _PyCodeLocationInfoKind
const LOCATION_ONE_LINE0 = 10;
const LOCATION_NO_COLUMNS = 13;
const LOCATION_LONG = 14;
const LOCATION_NONE = 15;
const CODE_UNIT_BYTES = 2;

/** A cursor over a location table; reads past the end yield 0 (CPython never writes such tables). */
class LocationReader {
  pos = 0;
  constructor(readonly table: Uint8Array) {}

  atEnd(): boolean {
    return this.pos >= this.table.length;
  }

  byte(): number {
    return this.pos < this.table.length ? this.table[this.pos++]! : (this.pos++, 0);
  }

  // CPython: Objects/codeobject.c read_varint (little-endian 6-bit chunks, 0x40 = more)
  varint(): number {
    let read = this.byte();
    let val = read & 63;
    let shift = 0;
    while (read & 64) {
      read = this.byte();
      shift += 6;
      val = (val | ((read & 63) << shift)) >>> 0;
    }
    return val;
  }

  // CPython: Objects/codeobject.c read_signed_varint
  signedVarint(): number {
    const uval = this.varint();
    return uval & 1 ? -(uval >>> 1) : uval >>> 1;
  }
}

/** One decoded location entry: its byte range and full position (-1 = absent). */
interface LocationEntry {
  start: number;
  end: number;
  line: number;
  endLine: number;
  col: number;
  endCol: number;
}

// CPython: Objects/codeobject.c advance_with_locations
function decodeLocations(code: CodeObjectFields): LocationEntry[] {
  const reader = new LocationReader(code.co_linetable.data);
  const entries: LocationEntry[] = [];
  let computedLine = code.co_firstlineno;
  let end = 0;
  while (!reader.atEnd()) {
    const first = reader.byte();
    const kind = (first >> 3) & 15;
    const start = end;
    end = start + ((first & 7) + 1) * CODE_UNIT_BYTES;
    let line: number;
    let endLine: number;
    let col: number;
    let endCol: number;
    if (kind === LOCATION_NONE) {
      line = endLine = col = endCol = -1;
    } else if (kind === LOCATION_LONG) {
      computedLine += reader.signedVarint();
      line = computedLine;
      endLine = line + reader.varint();
      col = reader.varint() - 1;
      endCol = reader.varint() - 1;
    } else if (kind === LOCATION_NO_COLUMNS) {
      computedLine += reader.signedVarint();
      line = endLine = computedLine;
      col = endCol = -1;
    } else if (kind >= LOCATION_ONE_LINE0) {
      computedLine += kind - LOCATION_ONE_LINE0;
      line = endLine = computedLine;
      col = reader.byte();
      endCol = reader.byte();
    } else {
      const second = reader.byte();
      line = endLine = computedLine;
      col = (kind << 3) | (second >> 4);
      endCol = col + (second & 15);
    }
    entries.push({ start, end, line, endLine, col, endCol });
  }
  return entries;
}

// CPython: Objects/codeobject.c _source_offset_converter
const offsetOrNull = (v: number): number | null => (v === -1 ? null : v);

// CPython: Objects/codeobject.c lineiter_next (consecutive ranges on one line are merged)
export function coLines(code: CodeObjectFields): LineRange[] {
  const out: LineRange[] = [];
  let current: { start: number; end: number; line: number } | undefined;
  for (const e of decodeLocations(code)) {
    if (current !== undefined && current.line === e.line) {
      current.end = e.end;
      continue;
    }
    if (current !== undefined) out.push([current.start, current.end, offsetOrNull(current.line)]);
    current = { start: e.start, end: e.end, line: e.line };
  }
  if (current !== undefined) out.push([current.start, current.end, offsetOrNull(current.line)]);
  return out;
}

// CPython: Objects/codeobject.c positionsiter_next (one item per code unit)
export function coPositions(code: CodeObjectFields): Position[] {
  const out: Position[] = [];
  for (const e of decodeLocations(code)) {
    const position: Position = [offsetOrNull(e.line), offsetOrNull(e.endLine), offsetOrNull(e.col), offsetOrNull(e.endCol)];
    for (let offset = e.start; offset < e.end; offset += CODE_UNIT_BYTES) out.push([...position]);
  }
  return out;
}

/** Thrown inside the exception-table parser when the bytes run out (dis's StopIteration). */
class TableExhausted {}

// CPython: Lib/dis.py _parse_varint (big-endian 6-bit chunks, 0x40 = more; 0x80 marks an entry start)
function parseExceptionVarint(table: Uint8Array, cursor: { pos: number }): number {
  const next = (): number => {
    if (cursor.pos >= table.length) throw new TableExhausted();
    return table[cursor.pos++]!;
  };
  let b = next();
  let val = b & 63;
  while (b & 64) {
    b = next();
    val = val * 64 + (b & 63);
  }
  return val;
}

// CPython: Lib/dis.py _parse_exception_table
export function decodeExceptionTable(code: CodeObjectFields): ExceptionTableEntry[] {
  const table = code.co_exceptiontable.data;
  const cursor = { pos: 0 };
  const entries: ExceptionTableEntry[] = [];
  try {
    for (;;) {
      const start = parseExceptionVarint(table, cursor) * 2;
      const length = parseExceptionVarint(table, cursor) * 2;
      const target = parseExceptionVarint(table, cursor) * 2;
      const depthAndLasti = parseExceptionVarint(table, cursor);
      entries.push({ start, end: start + length, target, depth: Math.floor(depthAndLasti / 2), lasti: depthAndLasti % 2 === 1 });
    }
  } catch (e) {
    if (e instanceof TableExhausted) return entries;
    throw e;
  }
}

/** CPython's TypeError from `code.replace()` given a keyword it does not take. */
export class CodeReplaceError extends TypeError {
  readonly pyType = 'TypeError';
  constructor(message: string) {
    super(message);
    this.name = 'CodeReplaceError';
  }
}

/** The fields `replaceCode` can change: the 16 marshal fields. */
const REPLACEABLE_FIELDS: ReadonlySet<string> = new Set<keyof CodeObjectFields>([
  'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags', 'co_code',
  'co_consts', 'co_names', 'co_localsplusnames', 'co_localspluskinds', 'co_filename', 'co_name',
  'co_qualname', 'co_firstlineno', 'co_linetable', 'co_exceptiontable',
]);

/** Keywords CPython's replace() takes that tspy derives rather than stores (not supported yet). */
const DERIVED_FIELDS: ReadonlySet<string> = new Set(['co_varnames', 'co_cellvars', 'co_freevars', 'co_nlocals']);

// CPython: Objects/codeobject.c code_replace_impl (for the fields marshal carries)
export function replaceCode(code: CodeObject, changes: Partial<CodeObjectFields>): CodeObject {
  for (const key of Object.keys(changes)) {
    if (DERIVED_FIELDS.has(key)) {
      throw new CodeReplaceError(`replace(): ${key} is derived from co_localsplusnames/co_localspluskinds; replace those instead`);
    }
    if (!REPLACEABLE_FIELDS.has(key)) {
      throw new CodeReplaceError(`replace() got an unexpected keyword argument '${key}'`);
    }
  }
  const fields: CodeObjectFields = {
    co_argcount: code.co_argcount,
    co_posonlyargcount: code.co_posonlyargcount,
    co_kwonlyargcount: code.co_kwonlyargcount,
    co_stacksize: code.co_stacksize,
    co_flags: code.co_flags,
    co_code: code.co_code,
    co_consts: code.co_consts,
    co_names: code.co_names,
    co_localsplusnames: code.co_localsplusnames,
    co_localspluskinds: code.co_localspluskinds,
    co_filename: code.co_filename,
    co_name: code.co_name,
    co_qualname: code.co_qualname,
    co_firstlineno: code.co_firstlineno,
    co_linetable: code.co_linetable,
    co_exceptiontable: code.co_exceptiontable,
  };
  return new CodeObject({ ...fields, ...changes });
}
