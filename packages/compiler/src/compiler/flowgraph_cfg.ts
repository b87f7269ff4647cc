// The control flow graph: instructions, basic blocks and the builder that cuts an
// instruction stream into blocks. CPython: Python/flowgraph.c (types, "Blocks" and
// "CFG construction and modification" sections).
import { Op, hasJump } from './opcode_utils.js';
import { NO_LOCATION, type SourceLocation } from './source_location.js';
import { Instr as CfgInstr, NO_LABEL } from './instruction_sequence.js';

export { NO_LABEL };
import { isNoFallthroughOpcode, isScopeExitOpcode, isTerminatorOpcode } from './opcode_utils.js';


/** CPython: Python/flowgraph.c DEFAULT_BLOCK_SIZE */
const DEFAULT_BLOCK_SIZE = 16;

/** An error CPython's flowgraph raises as `SystemError` or `ValueError` (malformed input). */
export class FlowgraphError extends Error {
  constructor(
    readonly pyType: 'SystemError' | 'ValueError' | 'OverflowError',
    message: string,
  ) {
    super(message);
    this.name = pyType;
  }
}

// CPython: Python/flowgraph.c cfg_instr — the pipeline's one instruction class (see Instr).
export { CfgInstr };

/** The handler stack at the start of a block (CPython: struct _PyCfgExceptStack). */
export interface ExceptStack {
  handlers: (BasicBlock | null)[];
  depth: number;
}

// CPython: Python/flowgraph.c basicblock
export class BasicBlock {
  /** All blocks, linked in reverse allocation order (b_list). */
  list: BasicBlock | null = null;
  /** The label of this block if it is a jump target, NO_LABEL otherwise. */
  label: number = NO_LABEL;
  exceptstack: ExceptStack | null = null;
  /** The instructions; `instrs.length` is CPython's b_iused. */
  instrs: CfgInstr[] = [];
  /** The next block reached by normal control flow. */
  next: BasicBlock | null = null;
  /** b_unsafe_locals_mask, split in two 32-bit halves (locals 0–31, 32–63). */
  unsafeLo = 0;
  unsafeHi = 0;
  predecessors = 0;
  startdepth = 0;
  preserveLasti = false;
  visited = false;
  exceptHandler = false;
  cold = false;
  warm = false;

  // CPython: Python/flowgraph.c basicblock_last_instr
  lastInstr(): CfgInstr | null {
    const n = this.instrs.length;
    return n > 0 ? this.instrs[n - 1]! : null;
  }

  /** b_ialloc: the capacity of CPython's instruction array. */
  alloc = 0;
  /** The `i_except` left in CPython's array slots at and beyond `instrs.length` (see
   *  nextInstrSlot); null while no slot holds one. */
  ghost: (BasicBlock | null)[] | null = null;

  /**
   * Makes room for one more instruction and returns the `i_except` that CPython's
   * slot for it still holds. basicblock_addop does not set i_except, so an instruction
   * appended after label_exception_targets (NOT_TAKEN, a threaded jump) keeps whatever
   * handler the slot's previous occupant had — or none in fresh (zeroed) memory. The
   * exception table CPython emits depends on it, so the slots are modelled.
   * CPython: Python/flowgraph.c basicblock_next_instr (_PyCompile_EnsureArrayLargeEnough)
   */
  nextInstrSlot(): BasicBlock | null {
    const used = this.instrs.length;
    const idx = used + 1;
    const ghost = this.ghost;
    if (this.alloc === 0) {
      this.alloc = idx >= DEFAULT_BLOCK_SIZE ? idx + DEFAULT_BLOCK_SIZE : DEFAULT_BLOCK_SIZE;
    } else if (idx >= this.alloc) {
      let newAlloc = this.alloc * 2;
      if (idx >= newAlloc) newAlloc = idx + DEFAULT_BLOCK_SIZE;
      if (ghost !== null) {
        for (let p = this.alloc; p < newAlloc && p < ghost.length; p++) ghost[p] = null; // memset 0
      }
      this.alloc = newAlloc;
    }
    return ghost !== null && used < ghost.length ? ghost[used]! : null;
  }

  /** Shortens the block to `n` instructions; the dropped slots keep their handlers.
   *  (CPython just lowers b_iused.) */
  truncate(n: number): void {
    const instrs = this.instrs;
    if (n >= instrs.length) return;
    if (this.ghost === null && !anyHandler(instrs, n)) {
      dropTail(instrs, n); // the dropped slots hold no handler, as the untouched ones
      return;
    }
    const ghost = this.ghost ?? (this.ghost = []);
    for (let p = ghost.length; p < n; p++) ghost.push(null);
    for (let p = n; p < instrs.length; p++) ghost[p] = instrs[p]!.except;
    dropTail(instrs, n);
  }

  /** Takes `run` as the instructions of this empty block, as `addInstr` one by one would. */
  adoptRun(run: CfgInstr[]): void {
    for (let i = 0; i < run.length; i++) {
      const instr = run[i]!;
      instr.except = null; // a fresh block's slots hold no handler (nextInstrSlot)
      instr.target = null;
    }
    this.instrs = run;
    // b_ialloc after as many basicblock_next_instr calls: DEFAULT_BLOCK_SIZE doubled past the count.
    let alloc = DEFAULT_BLOCK_SIZE;
    while (alloc <= run.length) alloc *= 2;
    this.alloc = alloc;
  }

  // CPython: Python/flowgraph.c basicblock_addop
  addop(opcode: number, oparg: number, loc: SourceLocation): void {
    const except = this.nextInstrSlot();
    this.instrs.push(new CfgInstr(opcode, oparg, loc, null, except));
  }

  /** basicblock_addop for an existing instruction object (adopted, not copied). */
  addInstr(instr: CfgInstr): void {
    instr.except = this.nextInstrSlot();
    instr.target = null;
    this.instrs.push(instr);
  }

  // CPython: Python/flowgraph.c basicblock_add_jump
  addJump(opcode: number, target: BasicBlock, loc: SourceLocation): void {
    const last = this.lastInstr();
    if (last !== null && isJump(last)) throw new FlowgraphError('SystemError', 'jump after jump');
    this.addop(opcode, target.label, loc);
    this.lastInstr()!.target = target;
  }

  // CPython: Python/flowgraph.c basicblock_append_instructions
  appendInstructions(from: BasicBlock): void {
    for (const instr of from.instrs) {
      this.nextInstrSlot();
      this.instrs.push(instr.clone());
    }
  }

  // CPython: Python/flowgraph.c basicblock_insert_instruction
  insertInstruction(pos: number, instr: CfgInstr): void {
    this.nextInstrSlot();
    this.instrs.splice(pos, 0, instr);
  }

  // CPython: Python/flowgraph.c basicblock_nofallthrough (BB_NO_FALLTHROUGH)
  noFallthrough(): boolean {
    const last = this.lastInstr();
    return last !== null && isNoFallthroughOpcode(last.opcode);
  }

  hasFallthrough(): boolean {
    return !this.noFallthrough();
  }

  // CPython: Python/flowgraph.c basicblock_exits_scope
  exitsScope(): boolean {
    const last = this.lastInstr();
    return last !== null && isScopeExitOpcode(last.opcode);
  }

  // CPython: Python/flowgraph.c basicblock_has_no_lineno
  hasNoLineno(): boolean {
    for (const instr of this.instrs) if (instr.loc.lineno >= 0) return false;
    return true;
  }
}

/** Shortens `instrs` to `n` elements. Popping is inlined by the optimizing compiler;
 *  the length setter is a runtime call, dearer than the few pops a block needs. */
function dropTail(instrs: CfgInstr[], n: number): void {
  while (instrs.length > n) instrs.pop();
}

/** Whether one of `instrs[from..]` has an exception handler. */
function anyHandler(instrs: readonly CfgInstr[], from: number): boolean {
  for (let i = from; i < instrs.length; i++) if (instrs[i]!.except !== null) return true;
  return false;
}

// CPython: Python/flowgraph.c is_jump
export function isJump(instr: CfgInstr): boolean {
  return hasJump(instr.opcode);
}

// CPython: Python/flowgraph.c struct _PyCfgBuilder
export class CfgBuilder {
  entryblock: BasicBlock;
  /** The most recently allocated block; every block is reachable through `list`. */
  blockList: BasicBlock | null = null;
  curblock: BasicBlock;
  currentLabel: number = NO_LABEL;

  // CPython: Python/flowgraph.c init_cfg_builder
  constructor() {
    const block = this.newBlock();
    this.entryblock = block;
    this.curblock = block;
  }

  // CPython: Python/flowgraph.c cfg_builder_new_block
  newBlock(): BasicBlock {
    const b = new BasicBlock();
    b.list = this.blockList;
    this.blockList = b;
    return b;
  }

  // CPython: Python/flowgraph.c cfg_builder_use_next_block
  useNextBlock(block: BasicBlock): BasicBlock {
    this.curblock.next = block;
    this.curblock = block;
    return block;
  }

  // CPython: Python/flowgraph.c cfg_builder_current_block_is_terminated
  currentBlockIsTerminated(): boolean {
    const last = this.curblock.lastInstr();
    if (last !== null && isTerminatorOpcode(last.opcode)) return true;
    if (this.currentLabel !== NO_LABEL) {
      if (last !== null || this.curblock.label !== NO_LABEL) return true;
      // The current block is empty: label it.
      this.curblock.label = this.currentLabel;
      this.currentLabel = NO_LABEL;
    }
    return false;
  }

  // CPython: Python/flowgraph.c cfg_builder_maybe_start_new_block
  maybeStartNewBlock(): void {
    if (this.currentBlockIsTerminated()) {
      const b = this.newBlock();
      b.label = this.currentLabel;
      this.currentLabel = NO_LABEL;
      this.useNextBlock(b);
    }
  }

  // CPython: Python/flowgraph.c _PyCfgBuilder_UseLabel
  useLabel(label: number): void {
    this.currentLabel = label;
    this.maybeStartNewBlock();
  }

  /** _PyCfgBuilder_Addop for an existing instruction object (adopted, not copied). */
  addInstr(instr: CfgInstr): void {
    this.maybeStartNewBlock();
    this.curblock.addInstr(instr);
  }

  // CPython: Python/flowgraph.c _PyCfgBuilder_Addop
  addop(opcode: number, oparg: number, loc: SourceLocation): void {
    this.maybeStartNewBlock();
    this.curblock.addop(opcode, oparg, loc);
  }
}

// CPython: Python/flowgraph.c next_nonempty_block
export function nextNonemptyBlock(b: BasicBlock | null): BasicBlock | null {
  while (b !== null && b.instrs.length === 0) b = b.next;
  return b;
}

// CPython: Python/flowgraph.c copy_basicblock
export function copyBasicblock(g: CfgBuilder, block: BasicBlock): BasicBlock {
  // A block with a fallthrough cannot be copied: a block has one fallthrough predecessor.
  const result = g.newBlock();
  result.appendInstructions(block);
  return result;
}

// CPython: Python/flowgraph.c get_max_label
export function getMaxLabel(entryblock: BasicBlock): number {
  let lbl = -1;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.label > lbl) lbl = b.label;
  }
  return lbl;
}

/** Clears `visited` on every block and returns an empty traversal stack.
 *  CPython: Python/flowgraph.c make_cfg_traversal_stack */
export function makeCfgTraversalStack(entryblock: BasicBlock): BasicBlock[] {
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) b.visited = false;
  return [];
}

/** A NOP with no location, what `nop_out` leaves behind. */
export function nopOut(instr: CfgInstr): void {
  instr.setOp(Op.NOP, 0);
  instr.loc = NO_LOCATION;
}
