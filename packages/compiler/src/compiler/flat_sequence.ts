// A code unit's final instruction sequence in flat form: what the flowgraph lays out and
// the assembler reads. Eight int32 fields per instruction in one Int32Array, as the
// flowgraph's own storage (flowgraph_cfg.ts), with the jump targets and handlers resolved
// to instruction indices: no object per instruction or location between the two stages.
// CPython hands an _PyInstructionSequence of structs; InstructionSequence is that form,
// for the test hooks, and converts to and from this one.
import { Instr, type Instruction } from './instruction_sequence.js';
import type { SourceLocation } from './source_location.js';

/** The fields of an instruction of a flat sequence and their number (see flowgraph_cfg's F). */
export const enum S {
  OPCODE = 0,
  /** A jump's oparg is its target's instruction index. */
  OPARG = 1,
  LINENO = 2,
  END_LINENO = 3,
  COL = 4,
  END_COL = 5,
  /** The handler's instruction index, -1 for none (CPython: h_label). */
  HANDLER = 6,
  /** h_startdepth << 1 | h_preserve_lasti (meaningful with a handler). */
  HANDLER_DEPTH = 7,
  STRIDE = 8,
}

/** `n` instructions in `d` (which may be longer). */
export interface FlatSequence {
  d: Int32Array;
  n: number;
}

/** One buffer for the sequence being assembled (neither stage is reentrant). */
let shared = new Int32Array(S.STRIDE * 1024);

/** The shared buffer, with room for `n` instructions. */
export function flatBuffer(n: number): Int32Array {
  if (shared.length < n * S.STRIDE) shared = new Int32Array(Math.max(n * S.STRIDE, shared.length * 2));
  return shared;
}

/** The flat form of `instrs` (labels applied): how the test hooks reach the assembler. */
export function flatFromInstructions(instrs: readonly Instruction[]): FlatSequence {
  const d = flatBuffer(instrs.length);
  for (let i = 0; i < instrs.length; i++) {
    const instr = instrs[i]!;
    const p = i * S.STRIDE;
    d[p + S.OPCODE] = instr.opcode;
    d[p + S.OPARG] = instr.oparg;
    d[p + S.LINENO] = instr.loc.lineno;
    d[p + S.END_LINENO] = instr.loc.endLineno;
    d[p + S.COL] = instr.loc.colOffset;
    d[p + S.END_COL] = instr.loc.endColOffset;
    d[p + S.HANDLER] = instr.handlerLabel;
    d[p + S.HANDLER_DEPTH] = (instr.handlerStartDepth << 1) | instr.handlerPreserveLasti;
  }
  return { d, n: instrs.length };
}

/** Instruction objects for a flat sequence (for the test hooks). */
export function instructionsFromFlat(flat: FlatSequence): Instruction[] {
  const { d, n } = flat;
  const out = new Array<Instruction>(n);
  let loc: SourceLocation | null = null;
  for (let i = 0; i < n; i++) {
    const p = i * S.STRIDE;
    if (loc === null || !flatHasLocation(d, p, loc)) {
      loc = { lineno: d[p + S.LINENO]!, endLineno: d[p + S.END_LINENO]!, colOffset: d[p + S.COL]!, endColOffset: d[p + S.END_COL]! };
    }
    const instr = new Instr(d[p + S.OPCODE]!, d[p + S.OPARG]!, loc);
    const handler = d[p + S.HANDLER]!;
    if (handler >= 0) {
      instr.handlerLabel = handler;
      instr.handlerStartDepth = d[p + S.HANDLER_DEPTH]! >> 1;
      instr.handlerPreserveLasti = d[p + S.HANDLER_DEPTH]! & 1;
    }
    out[i] = instr;
  }
  return out;
}

function flatHasLocation(d: Int32Array, p: number, loc: SourceLocation): boolean {
  return d[p + S.LINENO] === loc.lineno && d[p + S.END_LINENO] === loc.endLineno
    && d[p + S.COL] === loc.colOffset && d[p + S.END_COL] === loc.endColOffset;
}
