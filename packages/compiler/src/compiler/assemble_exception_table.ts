// The exception table (co_exceptiontable): one entry per run of instructions that
// share a handler, each entry four varints (start, size, target, depth<<1|lasti).
// CPython: Python/assemble.c assemble_exception_table and helpers; the format is
// InternalDocs/exception_handling.md "Format of the exception table".
import { ByteWriter } from './assemble_byte_writer.js';
import type { FlatSequence } from './flat_sequence.js';
import { F } from './instruction_layout.js';

const DEFAULT_LNOTAB_SIZE = 16;
/** A const enum: the bundle holds the number (a module-level constant is a variable). */
const enum Item { CONTINUATION_BIT = 64 }

// CPython: Python/assemble.c assemble_emit_exception_table_item
function emitItem(out: ByteWriter, value: number, msb: number): void {
  if (value >= 1 << 24) {
    out.byte((value >> 24) | Item.CONTINUATION_BIT | msb);
    msb = 0;
  }
  if (value >= 1 << 18) {
    out.byte(((value >> 18) & 0x3f) | Item.CONTINUATION_BIT | msb);
    msb = 0;
  }
  if (value >= 1 << 12) {
    out.byte(((value >> 12) & 0x3f) | Item.CONTINUATION_BIT | msb);
    msb = 0;
  }
  if (value >= 1 << 6) {
    out.byte(((value >> 6) & 0x3f) | Item.CONTINUATION_BIT | msb);
    msb = 0;
  }
  out.byte((value & 0x3f) | msb);
}

// CPython: Python/assemble.c assemble_emit_exception_table_entry
/** `handlerDepth` is the instruction's h_startdepth << 1 | h_preserve_lasti. */
function emitEntry(out: ByteWriter, start: number, end: number, handlerOffset: number, handlerDepth: number): void {
  const size = end - start;
  const preserveLasti = handlerDepth & 1;
  let depth = (handlerDepth >> 1) - 1;
  if (preserveLasti > 0) depth -= 1;
  const depthLasti = (depth << 1) | preserveLasti;
  emitItem(out, start, 1 << 7);
  emitItem(out, size, 0);
  emitItem(out, handlerOffset, 0);
  emitItem(out, depthLasti, 0);
}

/** Reused by every assembly (assembly is never reentrant). */
const sharedOut = new ByteWriter(DEFAULT_LNOTAB_SIZE);

/**
 * The exception table of `flat` after jump resolution: `sizes[i]` is instruction i's
 * size in code units and `offsets[h]` the code-unit offset of a handler at index h.
 * CPython: Python/assemble.c assemble_exception_table
 */
export function assembleExceptionTable(flat: FlatSequence, sizes: Int32Array, offsets: Int32Array): Uint8Array {
  const { d, n } = flat;
  const out = sharedOut;
  out.reset();
  let ioffset = 0;
  // The handler info that is current (CPython copies the struct); label -1: none yet.
  let handlerDepth = 0;
  let handlerLabel = -1;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const label = d[i * F.STRIDE + F.HANDLER]!;
    if (label !== handlerLabel) {
      if (handlerLabel >= 0) emitEntry(out, start, ioffset, offsets[handlerLabel]!, handlerDepth);
      start = ioffset;
      handlerDepth = d[i * F.STRIDE + F.HANDLER_DEPTH]!;
      handlerLabel = label;
    }
    ioffset += sizes[i]!;
  }
  if (handlerLabel >= 0) emitEntry(out, start, ioffset, offsets[handlerLabel]!, handlerDepth);
  return out.written(); // a view of the shared buffer, valid until the next assembly
}
