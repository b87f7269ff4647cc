// A code unit's final instruction sequence in flat form: what the flowgraph lays out and
// the assembler reads. Eight int32 fields per instruction in one Int32Array (the layout of
// instruction_layout.ts, as the flowgraph's own storage), with jump targets and handlers
// resolved to instruction indices: no object per instruction or location between the two.
// CPython hands an _PyInstructionSequence; InstructionSequence has the same layout (plus
// labels), and the test hooks convert between the two.
import { InstructionSequence } from './instruction_sequence.js';
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

/** The flat form of `seq` (labels applied), in the shared buffer: how the test hooks
 *  reach the assembler, which rewrites its input. */
export function flatFromSequence(seq: InstructionSequence): FlatSequence {
  const n = seq.length;
  const d = flatBuffer(n);
  d.set(seq.d.subarray(0, n * F.STRIDE));
  return { d, n };
}

/** A sequence holding a copy of `flat` (for the test hooks). */
export function sequenceFromFlat(flat: FlatSequence): InstructionSequence {
  return new InstructionSequence(flat.d.slice(0, flat.n * F.STRIDE), flat.n);
}
