// A code unit's final instruction sequence in flat form: what the flowgraph lays out and
// the assembler reads. Eight int32 fields per instruction in one Int32Array (the layout of
// instruction_layout.ts, as the flowgraph's own storage), with jump targets and handlers
// resolved to instruction indices: no object per instruction or location between the two.
// CPython hands an _PyInstructionSequence of structs; InstructionSequence is that form,
// for the test hooks, and converts to and from this one.
import { Instr, type Instruction } from './instruction_sequence.js';
import type { SourceLocation } from './source_location.js';
import { F } from './instruction_layout.js';

/** `n` instructions in `d` (which may be longer). */
export interface FlatSequence {
  d: Int32Array;
  n: number;
}

/** One buffer for the sequence being assembled (neither stage is reentrant). */
let shared = new Int32Array(F.STRIDE * 1024);

/** The shared buffer, with room for `n` instructions. */
export function flatBuffer(n: number): Int32Array {
  if (shared.length < n * F.STRIDE) shared = new Int32Array(Math.max(n * F.STRIDE, shared.length * 2));
  return shared;
}

/** The flat form of `instrs` (labels applied): how the test hooks reach the assembler. */
export function flatFromInstructions(instrs: readonly Instruction[]): FlatSequence {
  const d = flatBuffer(instrs.length);
  for (let i = 0; i < instrs.length; i++) {
    const instr = instrs[i]!;
    const p = i * F.STRIDE;
    d[p + F.OPCODE] = instr.opcode;
    d[p + F.OPARG] = instr.oparg;
    d[p + F.LINENO] = instr.loc.lineno;
    d[p + F.END_LINENO] = instr.loc.endLineno;
    d[p + F.COL] = instr.loc.colOffset;
    d[p + F.END_COL] = instr.loc.endColOffset;
    d[p + F.HANDLER] = instr.handlerLabel;
    d[p + F.HANDLER_DEPTH] = (instr.handlerStartDepth << 1) | instr.handlerPreserveLasti;
  }
  return { d, n: instrs.length };
}

/** Instruction objects for a flat sequence (for the test hooks). */
export function instructionsFromFlat(flat: FlatSequence): Instruction[] {
  const { d, n } = flat;
  const out = new Array<Instruction>(n);
  let loc: SourceLocation | null = null;
  for (let i = 0; i < n; i++) {
    const p = i * F.STRIDE;
    if (loc === null || !flatHasLocation(d, p, loc)) {
      loc = { lineno: d[p + F.LINENO]!, endLineno: d[p + F.END_LINENO]!, colOffset: d[p + F.COL]!, endColOffset: d[p + F.END_COL]! };
    }
    const instr = new Instr(d[p + F.OPCODE]!, d[p + F.OPARG]!, loc);
    const handler = d[p + F.HANDLER]!;
    if (handler >= 0) {
      instr.handlerLabel = handler;
      instr.handlerStartDepth = d[p + F.HANDLER_DEPTH]! >> 1;
      instr.handlerPreserveLasti = d[p + F.HANDLER_DEPTH]! & 1;
    }
    out[i] = instr;
  }
  return out;
}

function flatHasLocation(d: Int32Array, p: number, loc: SourceLocation): boolean {
  return d[p + F.LINENO] === loc.lineno && d[p + F.END_LINENO] === loc.endLineno
    && d[p + F.COL] === loc.colOffset && d[p + F.END_COL] === loc.endColOffset;
}
