// A growable sequence of instructions with jump-target labels: what codegen emits
// for one code unit, and what the flowgraph hands the assembler.
// CPython: Python/instruction_sequence.c, Include/internal/pycore_instruction_sequence.h
import { hasTarget } from './opcode_utils.js';
import type { SourceLocation } from './source_location.js';

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
// three `handler*` fields: one object per instruction instead of two.
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
  /** The three handler fields as CPython's struct (a view that reads and writes them;
   *  allocated on each access: for tests and tools, not for the compiler's hot paths). */
  readonly exceptHandlerInfo: ExceptHandlerInfo;
}

/** A read-write view of an instruction's handler fields. */
class ExceptHandlerInfoView implements ExceptHandlerInfo {
  private readonly instr: Instruction;
  constructor(instr: Instruction) {
    this.instr = instr;
  }
  get label(): number { return this.instr.handlerLabel; }
  set label(v: number) { this.instr.handlerLabel = v; }
  get startDepth(): number { return this.instr.handlerStartDepth; }
  set startDepth(v: number) { this.instr.handlerStartDepth = v; }
  get preserveLasti(): number { return this.instr.handlerPreserveLasti; }
  set preserveLasti(v: number) { this.instr.handlerPreserveLasti = v; }
}

/**
 * An instruction of a sequence: what codegen emits and what the flowgraph hands the
 * assembler. (Inside the flowgraph, instructions are fields of an Int32Array: see
 * flowgraph_cfg.ts.)
 */
export class Instr implements Instruction {
  opcode: number;
  oparg: number;
  loc: SourceLocation;
  handlerLabel: number;
  handlerStartDepth: number;
  handlerPreserveLasti: number;

  constructor(opcode: number, oparg: number, loc: SourceLocation) {
    this.opcode = opcode;
    this.oparg = oparg;
    this.loc = loc;
    this.handlerLabel = -1;
    this.handlerStartDepth = -1;
    this.handlerPreserveLasti = 0;
  }

  /** The handler fields as CPython's struct (a view, allocated per access: for tests and tools). */
  get exceptHandlerInfo(): ExceptHandlerInfo {
    return new ExceptHandlerInfoView(this);
  }
}

/** A label map entry for a label that was never placed (CPython writes -111 "for debugging"). */
const UNPLACED_LABEL = -111;
const MAX_OPCODE = 511;

// CPython: pycore_instruction_sequence.h _PyInstructionSequence
export class InstructionSequence {
  instrs: Instruction[];
  /** label id -> instruction index; null before the first useLabel and once applied
   *  (then each jump's oparg is already an instruction index). */
  labelMap: number[] | null;
  /** Annotation code spliced in front of the module/class body by the flowgraph (3.14). */
  annotationsCode: InstructionSequence | null;
  /** Sequences of nested code units (only the `compiler_codegen` test hook fills it). */
  nested: InstructionSequence[];
  private nextFreeLabel: number;

  constructor() {
    this.instrs = [];
    this.labelMap = null;
    this.annotationsCode = null;
    this.nested = [];
    this.nextFreeLabel = 0;
  }

  /** CPython: s_used */
  get length(): number {
    return this.instrs.length;
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_NewLabel
  newLabel(): JumpTargetLabel {
    return ++this.nextFreeLabel;
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_UseLabel
  useLabel(label: JumpTargetLabel): void {
    const map = this.labelMap ?? (this.labelMap = []);
    while (map.length <= label) map.push(UNPLACED_LABEL);
    map[label] = this.instrs.length; // the label refers to the next instruction
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_Addop
  addOp(opcode: number, oparg: number, loc: SourceLocation): void {
    checkInstruction(opcode, oparg);
    this.instrs.push(new Instr(opcode, oparg, loc));
  }

  // CPython: Python/instruction_sequence.c _PyInstructionSequence_InsertInstruction
  insertInstruction(pos: number, opcode: number, oparg: number, loc: SourceLocation): void {
    checkInstruction(opcode, oparg);
    this.instrs.splice(pos, 0, new Instr(opcode, oparg, loc));
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
    const instrs = this.instrs;
    for (let i = 0; i < instrs.length; i++) {
      const instr = instrs[i]!;
      if (hasTarget(instr.opcode)) instr.oparg = labelIndex(map, instr.oparg);
      if (instr.handlerLabel >= 0) instr.handlerLabel = labelIndex(map, instr.handlerLabel);
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
