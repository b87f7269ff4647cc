// The location table (co_linetable): one entry per run of code units that share a
// source location, at most 8 units per entry, in the most compact of CPython's forms.
// CPython: Python/assemble.c (write_location_info_* and assemble_location_info);
// the format is InternalDocs/code_objects.md "Format of the locations table".
import { ByteWriter } from './assemble_byte_writer.js';
import type { FlatSequence } from './flat_sequence.js';
import { F } from './instruction_layout.js';
import { isTerminatorOpcode } from './opcode_utils.js';

// CPython: Include/cpython/code.h _PyCodeLocationInfoKind (a const enum: the bundle holds
// the numbers, where module-level constants are variables loaded and checked at every use)
const enum Kind {
  SHORT0 = 0,
  ONE_LINE0 = 10,
  NO_COLUMNS = 13,
  LONG = 14,
  NONE = 15,
}

const DEFAULT_CNOTAB_SIZE = 32;

/** The location-table writer's state (CPython: struct assembler a_lineno + a_linetable). */
class LocationTableWriter {
  readonly out = new ByteWriter(DEFAULT_CNOTAB_SIZE);
  /** The line of the last entry that carried one. */
  lineno = 0;

  start(firstlineno: number): void {
    this.out.reset();
    this.lineno = firstlineno;
  }

  // CPython: Include/internal/pycore_code.h write_location_entry_start
  firstByte(code: number, length: number): void {
    this.out.byte(128 | (code << 3) | (length - 1));
  }

  // CPython: Python/assemble.c write_location_info_short_form
  shortForm(length: number, column: number, endColumn: number): void {
    const columnLowBits = column & 7;
    const columnGroup = column >> 3;
    this.firstByte(Kind.SHORT0 + columnGroup, length);
    this.out.byte((columnLowBits << 4) | (endColumn - column));
  }

  // CPython: Python/assemble.c write_location_info_oneline_form
  oneLineForm(length: number, lineDelta: number, column: number, endColumn: number): void {
    this.firstByte(Kind.ONE_LINE0 + lineDelta, length);
    this.out.byte(column);
    this.out.byte(endColumn);
  }

  // CPython: Python/assemble.c write_location_info_long_form
  longForm(d: Int32Array, loc: number, length: number): void {
    const lineno = d[loc + F.LINENO]!;
    this.firstByte(Kind.LONG, length);
    this.out.signedVarint(lineno - this.lineno);
    this.out.varint(d[loc + F.END_LINENO]! - lineno);
    this.out.varint(d[loc + F.COL]! + 1);
    this.out.varint(d[loc + F.END_COL]! + 1);
  }

  // CPython: Python/assemble.c write_location_info_none
  noneForm(length: number): void {
    this.firstByte(Kind.NONE, length);
  }

  // CPython: Python/assemble.c write_location_info_no_column
  noColumnForm(length: number, lineDelta: number): void {
    this.firstByte(Kind.NO_COLUMNS, length);
    this.out.signedVarint(lineDelta);
  }

  // CPython: Python/assemble.c write_location_info_entry
  /** An entry for the location of the instruction at `loc` in `d`. */
  entry(d: Int32Array, loc: number, isize: number): void {
    const lineno = d[loc + F.LINENO]!;
    if (lineno < 0) {
      this.noneForm(isize);
      return;
    }
    const endLineno = d[loc + F.END_LINENO]!;
    const lineDelta = lineno - this.lineno;
    const column = d[loc + F.COL]!;
    const endColumn = d[loc + F.END_COL]!;
    if (column < 0 || endColumn < 0) {
      if (endLineno === lineno || endLineno === -1) {
        this.noColumnForm(isize, lineDelta);
        this.lineno = lineno;
        return;
      }
    } else if (endLineno === lineno) {
      if (lineDelta === 0 && column < 80 && endColumn - column < 16 && endColumn >= column) {
        this.shortForm(isize, column, endColumn);
        return;
      }
      if (lineDelta >= 0 && lineDelta < 3 && column < 128 && endColumn < 128) {
        this.oneLineForm(isize, lineDelta, column, endColumn);
        this.lineno = lineno;
        return;
      }
    }
    this.longForm(d, loc, isize);
    this.lineno = lineno;
  }

  // CPython: Python/assemble.c assemble_emit_location
  emit(d: Int32Array, loc: number, isize: number): void {
    if (isize === 0) return;
    while (isize > 8) {
      this.entry(d, loc, 8);
      isize -= 8;
    }
    this.entry(d, loc, isize);
  }
}

/** Reused by every assembly (assembly is never reentrant). */
const sharedWriter = new LocationTableWriter();

/** Whether the instructions at `p` and `q` have the same location. */
function sameLocation(d: Int32Array, p: number, q: number): boolean {
  return d[p + F.LINENO] === d[q + F.LINENO] && d[p + F.END_LINENO] === d[q + F.END_LINENO]
    && d[p + F.COL] === d[q + F.COL] && d[p + F.END_COL] === d[q + F.END_COL];
}

/** CPython: pycore_compile.h NEXT_LOCATION (all -2): "take the next instruction's location". */
const enum NextLocation { LINE = -2 }

/** Replace NEXT_LOCATION by the following instruction's location, back to front
 *  (a terminator has no next instruction and gets no location: all -1). */
function resolveNextLocations(flat: FlatSequence): void {
  const { d, n } = flat;
  for (let i = n - 1; i >= 0; i--) {
    const p = i * F.STRIDE;
    if (d[p + F.LINENO] !== NextLocation.LINE || d[p + F.END_LINENO] !== NextLocation.LINE) continue;
    if (d[p + F.COL] !== NextLocation.LINE || d[p + F.END_COL] !== NextLocation.LINE) continue;
    if (isTerminatorOpcode(d[p + F.OPCODE]!) || i === n - 1) {
      d.fill(-1, p + F.LINENO, p + F.END_COL + 1);
    } else {
      d.copyWithin(p + F.LINENO, p + F.STRIDE + F.LINENO, p + F.STRIDE + F.END_COL + 1);
    }
  }
}

/**
 * The location table of `flat`, whose code-unit sizes are `sizes[i]` (instruction
 * size including EXTENDED_ARGs and caches): a view of a shared buffer, valid until the
 * next assembly.
 */
// CPython: Python/assemble.c assemble_location_info
export function assembleLocationInfo(flat: FlatSequence, sizes: Int32Array, firstlineno: number): Uint8Array {
  resolveNextLocations(flat);
  const { d, n } = flat;
  const writer = sharedWriter;
  writer.start(firstlineno);
  if (n === 0) return writer.out.written();
  // The instruction whose location the current run has (CPython keeps a copy of the
  // location, starting from NO_LOCATION: an empty run that emits nothing).
  let loc = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const p = i * F.STRIDE;
    if (!sameLocation(d, loc, p)) {
      writer.emit(d, loc, size);
      loc = p;
      size = 0;
    }
    size += sizes[i]!;
  }
  writer.emit(d, loc, size);
  return writer.out.written();
}
