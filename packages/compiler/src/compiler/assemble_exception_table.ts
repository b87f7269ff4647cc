// The exception table (co_exceptiontable): one entry per run of instructions that
// share a handler, each entry four varints (start, size, target, depth<<1|lasti).
// CPython: Python/assemble.c assemble_exception_table and helpers; the format is
// InternalDocs/exception_handling.md "Format of the exception table".
import { ByteWriter } from './assemble_byte_writer.js';
import type { Instruction } from './instruction_sequence.js';

const DEFAULT_LNOTAB_SIZE = 16;
const CONTINUATION_BIT = 64;

// CPython: Python/assemble.c assemble_emit_exception_table_item
function emitItem(out: ByteWriter, value: number, msb: number): void {
  if (value >= 1 << 24) {
    out.byte((value >> 24) | CONTINUATION_BIT | msb);
    msb = 0;
  }
  if (value >= 1 << 18) {
    out.byte(((value >> 18) & 0x3f) | CONTINUATION_BIT | msb);
    msb = 0;
  }
  if (value >= 1 << 12) {
    out.byte(((value >> 12) & 0x3f) | CONTINUATION_BIT | msb);
    msb = 0;
  }
  if (value >= 1 << 6) {
    out.byte(((value >> 6) & 0x3f) | CONTINUATION_BIT | msb);
    msb = 0;
  }
  out.byte((value & 0x3f) | msb);
}

// CPython: Python/assemble.c assemble_emit_exception_table_entry
function emitEntry(out: ByteWriter, start: number, end: number, handlerOffset: number, handler: Instruction): void {
  const size = end - start;
  let depth = handler.handlerStartDepth - 1;
  if (handler.handlerPreserveLasti > 0) depth -= 1;
  const depthLasti = (depth << 1) | handler.handlerPreserveLasti;
  emitItem(out, start, 1 << 7);
  emitItem(out, size, 0);
  emitItem(out, handlerOffset, 0);
  emitItem(out, depthLasti, 0);
}

/**
 * The exception table of `instrs` after jump resolution: `sizes[i]` is instruction i's
 * size in code units and `offsets[h]` the code-unit offset of a handler at index h.
 */
/** Reused by every assembly (assembly is never reentrant). */
const sharedOut = new ByteWriter(DEFAULT_LNOTAB_SIZE);

// CPython: Python/assemble.c assemble_exception_table
export function assembleExceptionTable(instrs: readonly Instruction[], sizes: Int32Array, offsets: Int32Array): Uint8Array {
  const out = sharedOut;
  out.reset();
  let ioffset = 0;
  // The instruction whose handler info is current (CPython copies the struct); -1: none yet.
  let handlerAt = -1;
  let handlerLabel = -1;
  let start = -1;
  for (let i = 0; i < instrs.length; i++) {
    const label = instrs[i]!.handlerLabel;
    if (label !== handlerLabel) {
      if (handlerLabel >= 0) emitEntry(out, start, ioffset, offsets[handlerLabel]!, instrs[handlerAt]!);
      start = ioffset;
      handlerAt = i;
      handlerLabel = label;
    }
    ioffset += sizes[i]!;
  }
  if (handlerLabel >= 0) emitEntry(out, start, ioffset, offsets[handlerLabel]!, instrs[handlerAt]!);
  return out.written(); // a view of the shared buffer, valid until the next assembly
}
