// The location table (co_linetable): one entry per run of code units that share a
// source location, at most 8 units per entry, in the most compact of CPython's forms.
// CPython: Python/assemble.c (write_location_info_* and assemble_location_info);
// the format is InternalDocs/code_objects.md "Format of the locations table".
import { ByteWriter } from './assemble_byte_writer.js';
import type { Instruction } from './instruction_sequence.js';
import { isTerminatorOpcode } from './opcode_utils.js';
import type { SourceLocation } from './source_location.js';

// CPython: Include/cpython/code.h _PyCodeLocationInfoKind
const LOCATION_SHORT0 = 0;
const LOCATION_ONE_LINE0 = 10;
const LOCATION_NO_COLUMNS = 13;
const LOCATION_LONG = 14;
const LOCATION_NONE = 15;

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
    this.firstByte(LOCATION_SHORT0 + columnGroup, length);
    this.out.byte((columnLowBits << 4) | (endColumn - column));
  }

  // CPython: Python/assemble.c write_location_info_oneline_form
  oneLineForm(length: number, lineDelta: number, column: number, endColumn: number): void {
    this.firstByte(LOCATION_ONE_LINE0 + lineDelta, length);
    this.out.byte(column);
    this.out.byte(endColumn);
  }

  // CPython: Python/assemble.c write_location_info_long_form
  longForm(loc: SourceLocation, length: number): void {
    this.firstByte(LOCATION_LONG, length);
    this.out.signedVarint(loc.lineno - this.lineno);
    this.out.varint(loc.endLineno - loc.lineno);
    this.out.varint(loc.colOffset + 1);
    this.out.varint(loc.endColOffset + 1);
  }

  // CPython: Python/assemble.c write_location_info_none
  noneForm(length: number): void {
    this.firstByte(LOCATION_NONE, length);
  }

  // CPython: Python/assemble.c write_location_info_no_column
  noColumnForm(length: number, lineDelta: number): void {
    this.firstByte(LOCATION_NO_COLUMNS, length);
    this.out.signedVarint(lineDelta);
  }

  // CPython: Python/assemble.c write_location_info_entry
  entry(loc: SourceLocation, isize: number): void {
    if (loc.lineno < 0) {
      this.noneForm(isize);
      return;
    }
    const lineDelta = loc.lineno - this.lineno;
    const column = loc.colOffset;
    const endColumn = loc.endColOffset;
    if (column < 0 || endColumn < 0) {
      if (loc.endLineno === loc.lineno || loc.endLineno === -1) {
        this.noColumnForm(isize, lineDelta);
        this.lineno = loc.lineno;
        return;
      }
    } else if (loc.endLineno === loc.lineno) {
      if (lineDelta === 0 && column < 80 && endColumn - column < 16 && endColumn >= column) {
        this.shortForm(isize, column, endColumn);
        return;
      }
      if (lineDelta >= 0 && lineDelta < 3 && column < 128 && endColumn < 128) {
        this.oneLineForm(isize, lineDelta, column, endColumn);
        this.lineno = loc.lineno;
        return;
      }
    }
    this.longForm(loc, isize);
    this.lineno = loc.lineno;
  }

  // CPython: Python/assemble.c assemble_emit_location
  emit(loc: SourceLocation, isize: number): void {
    if (isize === 0) return;
    while (isize > 8) {
      this.entry(loc, 8);
      isize -= 8;
    }
    this.entry(loc, isize);
  }
}

/** Reused by every assembly (assembly is never reentrant). */
const sharedWriter = new LocationTableWriter();

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  // Consecutive instructions often share one location object.
  return a === b || a.lineno === b.lineno && a.endLineno === b.endLineno && a.colOffset === b.colOffset && a.endColOffset === b.endColOffset;
}

const NO_LOCATION: SourceLocation = Object.freeze({ lineno: -1, endLineno: -1, colOffset: -1, endColOffset: -1 });
/** CPython: pycore_compile.h NEXT_LOCATION (all -2): "take the next instruction's location". */
const NEXT_LOCATION_LINE = -2;

/** Replace NEXT_LOCATION by the following instruction's location, back to front
 *  (a terminator has no next instruction and gets no location). */
function resolveNextLocations(instrs: readonly Instruction[]): void {
  for (let i = instrs.length - 1; i >= 0; i--) {
    const instr = instrs[i]!;
    const loc = instr.loc;
    if (loc.lineno !== NEXT_LOCATION_LINE || loc.endLineno !== NEXT_LOCATION_LINE) continue;
    if (loc.colOffset !== NEXT_LOCATION_LINE || loc.endColOffset !== NEXT_LOCATION_LINE) continue;
    instr.loc = isTerminatorOpcode(instr.opcode) || i === instrs.length - 1 ? NO_LOCATION : instrs[i + 1]!.loc;
  }
}

/**
 * The location table of `instrs`, whose code-unit sizes are `sizes[i]` (instruction
 * size including EXTENDED_ARGs and caches): a view of a shared buffer, valid until the
 * next assembly.
 */
// CPython: Python/assemble.c assemble_location_info
export function assembleLocationInfo(instrs: readonly Instruction[], sizes: Int32Array, firstlineno: number): Uint8Array {
  resolveNextLocations(instrs);
  const writer = sharedWriter;
  writer.start(firstlineno);
  let loc = NO_LOCATION;
  let size = 0;
  for (let i = 0; i < instrs.length; i++) {
    const instrLoc = instrs[i]!.loc;
    if (!sameLocation(loc, instrLoc)) {
      writer.emit(loc, size);
      loc = instrLoc;
      size = 0;
    }
    size += sizes[i]!;
  }
  writer.emit(loc, size);
  return writer.out.written();
}
