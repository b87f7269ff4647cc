// A growable sequence of instructions with jump-target labels: what codegen emits
// for one code unit, and what the flowgraph hands the assembler.
// CPython: Python/instruction_sequence.c, Include/internal/pycore_instruction_sequence.h
//
// The instructions are int32 fields in one Int32Array, in the layout of
// instruction_layout.ts (a flat sequence's): no object per instruction. A code unit's
// instructions live until the unit is assembled, while the units nested in it compile;
// as objects they were what the garbage collector copied most. The arrays come from a
// pool and go back to it when the unit is done (release()), so a compilation allocates
// them only while the pool warms up.
import { hasTarget } from './opcode_utils.js';
import type { SourceLocation } from './source_location.js';
import { F } from './instruction_layout.js';

/** Jump target labels are plain numbers (CPython: _PyJumpTargetLabel). */
export type JumpTargetLabel = number;
export const NO_LABEL: JumpTargetLabel = -1;

// CPython: pycore_instruction_sequence.h _PyExceptHandlerInfo
export interface ExceptHandlerInfo {
  /** The handler's label (before applyLabelMap) or instruction index (after); -1 = none. */
  label: number;
  startDepth: number;
  preserveLasti: number;
}

// CPython: pycore_instruction_sequence.h _PyInstruction
// CPython's i_except_handler_info struct (_PyExceptHandlerInfo) is flattened into the
// three `handler*` fields.
export interface Instruction {
  opcode: number;
  oparg: number;
  loc: SourceLocation;
  // CPython's i_target and i_offset (assembler scratch) live in the assembler's own arrays.
  /** h_label: the handler's label (before applyLabelMap) or instruction index (after); -1 = none. */
  handlerLabel: number;
  /** h_startdepth */
  handlerStartDepth: number;
  /** h_preserve_lasti (0 or 1) */
  handlerPreserveLasti: number;
  /** The three handler fields as CPython's struct (a view that reads and writes them). */
  readonly exceptHandlerInfo: ExceptHandlerInfo;
}

/** What HANDLER_DEPTH holds without a handler: h_startdepth -1, h_preserve_lasti 0. */
const NO_HANDLER_DEPTH = -2;

/**
 * Instruction `index` of a sequence, as an object that reads and writes its fields (for
 * tests and tools: the compiler reads the fields).
 */
class InstructionView implements Instruction {
  private readonly seq: InstructionSequence;
  private readonly p: number;

  constructor(seq: InstructionSequence, index: number) {
    this.seq = seq;
    this.p = index * F.STRIDE;
  }

  get opcode(): number { return this.seq.d[this.p + F.OPCODE]!; }
  set opcode(v: number) { this.seq.d[this.p + F.OPCODE] = v; }
  get oparg(): number { return this.seq.d[this.p + F.OPARG]!; }
  set oparg(v: number) { this.seq.d[this.p + F.OPARG] = v; }

  get loc(): SourceLocation {
    const d = this.seq.d;
    const p = this.p;
    return { lineno: d[p + F.LINENO]!, endLineno: d[p + F.END_LINENO]!, colOffset: d[p + F.COL]!, endColOffset: d[p + F.END_COL]! };
  }

  set loc(loc: SourceLocation) { writeLocation(this.seq.d, this.p, loc); }

  get handlerLabel(): number { return this.seq.d[this.p + F.HANDLER]!; }
  set handlerLabel(v: number) { this.seq.d[this.p + F.HANDLER] = v; }
  get handlerStartDepth(): number { return this.seq.d[this.p + F.HANDLER_DEPTH]! >> 1; }
  set handlerStartDepth(v: number) { this.setHandlerDepth(v, this.handlerPreserveLasti); }
  get handlerPreserveLasti(): number { return this.seq.d[this.p + F.HANDLER_DEPTH]! & 1; }
  set handlerPreserveLasti(v: number) { this.setHandlerDepth(this.handlerStartDepth, v); }

  private setHandlerDepth(startDepth: number, preserveLasti: number): void {
    this.seq.d[this.p + F.HANDLER_DEPTH] = (startDepth << 1) | (preserveLasti & 1);
  }

  get exceptHandlerInfo(): ExceptHandlerInfo {
    const instr = this as Instruction;
    return {
      get label() { return instr.handlerLabel; },
      set label(v: number) { instr.handlerLabel = v; },
      get startDepth() { return instr.handlerStartDepth; },
      set startDepth(v: number) { instr.handlerStartDepth = v; },
      get preserveLasti() { return instr.handlerPreserveLasti; },
      set preserveLasti(v: number) { instr.handlerPreserveLasti = v; },
    };
  }
}

function writeLocation(d: Int32Array, p: number, loc: SourceLocation): void {
  d[p + F.LINENO] = loc.lineno;
  d[p + F.END_LINENO] = loc.endLineno;
  d[p + F.COL] = loc.colOffset;
  d[p + F.END_COL] = loc.endColOffset;
}

/** A label map entry for a label that was never placed (CPython writes -111 "for debugging"). */
const UNPLACED_LABEL = -111;
const MAX_OPCODE = 511;
/** Instructions a fresh array holds. */
const INITIAL_CAPACITY = 64;

/** Arrays of released sequences (their contents are garbage: addOp writes every field). */
const pool: Int32Array[] = [];
const RELEASED = new Int32Array(0);

// CPython: pycore_instruction_sequence.h _PyInstructionSequence
export class InstructionSequence {
  /** The instructions' fields, F.STRIDE per instruction: opcode, oparg, location,
   *  HANDLER (h_label) and HANDLER_DEPTH (h_startdepth << 1 | h_preserve_lasti).
   *  Replaced when it grows. */
  d: Int32Array;
  /** CPython: s_used */
  length: number;
  /** label id -> instruction index; null before the first useLabel and once applied
   *  (then each jump's oparg is already an instruction index). */
  labelMap: number[] | null;
  /** Annotation code spliced in front of the module/class body by the flowgraph (3.14). */
  annotationsCode: InstructionSequence | null;
  /** Sequences of nested code units (only the `compiler_codegen` test hook fills it). */
  nested: InstructionSequence[];
  private nextFreeLabel: number;

  /** An empty sequence, or one holding the `length` instructions already in `d`. */
  constructor(d?: Int32Array, length = 0) {
    this.d = d ?? pool.pop() ?? new Int32Array(INITIAL_CAPACITY * F.STRIDE);
    this.length = length;
    this.labelMap = null;
    this.annotationsCode = null;
    this.nested = [];
    this.nextFreeLabel = 0;
  }

  /** The instructions as objects that read and write this sequence (for tests and tools;
   *  a new array of new objects at each access). */
  get instrs(): Instruction[] {
    const out = new Array<Instruction>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = new InstructionView(this, i);
    return out;
  }

  /** Instruction `index` as an object that reads and writes it (for tests and tools). */
  instr(index: number): Instruction {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`no instruction ${index} in a sequence of ${this.length}`);
    return new InstructionView(this, index);
  }

  /** Gives the arrays back to the pool: the sequence (and its annotation code) is done. */
  release(): void {
    if (this.d !== RELEASED) pool.push(this.d);
    this.d = RELEASED;
    this.length = 0;
    this.annotationsCode?.release();
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_NewLabel
  newLabel(): JumpTargetLabel {
    return ++this.nextFreeLabel;
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_UseLabel
  useLabel(label: JumpTargetLabel): void {
    const map = this.labelMap ?? (this.labelMap = []);
    while (map.length <= label) map.push(UNPLACED_LABEL);
    map[label] = this.length; // the label refers to the next instruction
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_Addop
  addOp(opcode: number, oparg: number, loc: SourceLocation): void {
    checkInstruction(opcode, oparg);
    const p = this.length * F.STRIDE;
    if (p + F.STRIDE > this.d.length) this.grow();
    const d = this.d;
    d[p + F.OPCODE] = opcode;
    d[p + F.OPARG] = oparg;
    d[p + F.LINENO] = loc.lineno;
    d[p + F.END_LINENO] = loc.endLineno;
    d[p + F.COL] = loc.colOffset;
    d[p + F.END_COL] = loc.endColOffset;
    d[p + F.HANDLER] = -1;
    d[p + F.HANDLER_DEPTH] = NO_HANDLER_DEPTH;
    this.length++;
  }

  private grow(): void {
    if (this.d === RELEASED) throw new Error('InstructionSequence used after release()');
    const grown = new Int32Array(this.d.length * 2);
    grown.set(this.d);
    this.d = grown;
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_InsertInstruction
  insertInstruction(pos: number, opcode: number, oparg: number, loc: SourceLocation): void {
    this.addOp(opcode, oparg, loc);
    const at = pos * F.STRIDE;
    const last = (this.length - 1) * F.STRIDE;
    const d = this.d;
    // Rotate the appended instruction to `pos`.
    const added = d.slice(last, last + F.STRIDE);
    d.copyWithin(at + F.STRIDE, at, last);
    d.set(added, at);
    const map = this.labelMap;
    if (map === null) return;
    for (let label = 0; label < map.length; label++) {
      if (map[label]! >= pos) map[label]!++;
    }
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_ApplyLabelMap
  applyLabelMap(): void {
    const map = this.labelMap;
    if (map === null) return; // already applied
    const d = this.d;
    for (let i = 0, p = 0; i < this.length; i++, p += F.STRIDE) {
      if (hasTarget(d[p + F.OPCODE]!)) d[p + F.OPARG] = labelIndex(map, d[p + F.OPARG]!);
      const handler = d[p + F.HANDLER]!;
      if (handler >= 0) d[p + F.HANDLER] = labelIndex(map, handler);
    }
    this.labelMap = null;
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_SetAnnotationsCode
  setAnnotationsCode(seq: InstructionSequence): void {
    this.annotationsCode = seq;
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_AddNested
  addNested(seq: InstructionSequence): void {
    this.nested.push(seq);
  }
}

/** CPython asserts these; a violation is a compiler bug, caught here before it corrupts code. */
function checkInstruction(opcode: number, oparg: number): void {
  if (!(opcode >= 0 && opcode <= MAX_OPCODE) || !(oparg >= 0 && oparg < 1 << 30)) {
    throw new RangeError(`bad instruction: opcode ${opcode}, oparg ${oparg}`);
  }
}

function labelIndex(map: number[], label: number): number {
  return label < map.length ? map[label]! : UNPLACED_LABEL;
}
