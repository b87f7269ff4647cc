// The control flow graph: instructions, basic blocks and the builder that cuts an
// instruction stream into blocks. CPython: Python/flowgraph.c (types, "Blocks" and
// "CFG construction and modification" sections).
//
// Instructions live in one Int32Array, `code.d`, as CPython's cfg_instr structs live in
// each block's b_instr array: eight int32 fields per instruction, a block's instructions
// contiguous. An instruction is addressed by its "pointer" p, the index of its first field
// (`code.d[p + OPCODE]`); block b's i-th instruction is at `b.off + i * STRIDE`. There is no
// object per instruction: the passes read and write fields, as CPython's C does, and the
// optimizer allocates nothing per instruction.
//
// One CFG is optimized at a time (the flowgraph is never reentrant): creating a CfgBuilder
// reclaims the memory of the previous one.
import { Op, hasJump } from './opcode_utils.js';
import type { SourceLocation } from './source_location.js';
import { NO_LABEL } from './instruction_sequence.js';
import { isNoFallthroughOpcode, isScopeExitOpcode, isTerminatorOpcode } from './opcode_utils.js';

export { NO_LABEL };

export { F } from './instruction_layout.js';
import { F } from './instruction_layout.js';

/** What freed instruction memory holds (an invalid opcode and oparg, to fail loudly). */
const FREED = -0x4000;

/** CPython: Python/flowgraph.c DEFAULT_BLOCK_SIZE */
const DEFAULT_BLOCK_SIZE = 16;

/**
 * The instruction memory and block table of the CFG being optimized.
 * `d` is replaced when it grows: a pass that adds instructions reads `code.d` again after.
 * Pointer 0 holds a NOP without location that nothing writes: NO_LOCATION_INSTR.
 */
export const code = {
  d: new Int32Array(F.STRIDE * 4096),
  /** The first unused int of `d`. */
  top: F.STRIDE,
  /** Blocks by id; id 0 is no block. */
  blocks: [null] as (BasicBlock | null)[],
};

/** A NOP with no location (CPython's NO_LOCATION as a source pointer, and an empty block's
 *  "first instruction" where CPython reads a NOP). */
export const NO_LOCATION_INSTR = 0;
code.d.fill(-1, F.LINENO, F.END_COL + 1);
code.d[F.OPCODE] = Op.NOP;

/** Reclaims every instruction and block: a new CFG starts. */
function resetCode(): void {
  code.top = F.STRIDE;
  code.blocks.length = 1;
}

/** `n` zeroed ints at the top of `code.d` (CPython: PyMem_Calloc); returns their pointer. */
function allocateSlots(n: number): number {
  const at = code.top;
  const end = at + n;
  if (end > code.d.length) {
    const grown = new Int32Array(Math.max(end, code.d.length * 2));
    grown.set(code.d.subarray(0, at));
    code.d = grown;
  } else {
    code.d.fill(0, at, end);
  }
  code.top = end;
  return at;
}

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

/** The handler stack at the start of a block (CPython: struct _PyCfgExceptStack). */
export interface ExceptStack {
  handlers: (BasicBlock | null)[];
  depth: number;
}

// CPython: Python/flowgraph.c basicblock
export class BasicBlock {
  /** This block's index in code.blocks (what TARGET and EXCEPT fields hold). */
  readonly id: number;
  /** All blocks, linked in reverse allocation order (b_list). */
  list: BasicBlock | null = null;
  /** The label of this block if it is a jump target, NO_LABEL otherwise. */
  label: number = NO_LABEL;
  exceptstack: ExceptStack | null = null;
  /** Pointer of b_instr[0] (meaningless while alloc is 0). */
  off = 0;
  /** b_iused: the number of instructions. */
  used = 0;
  /** b_ialloc: the number of instruction slots at `off`. Slots at and beyond `used` keep
   *  what they held (CPython just lowers b_iused): appending reuses their i_except. */
  alloc = 0;
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

  constructor(id: number) {
    this.id = id;
  }

  /** The pointer of instruction `i`. */
  instr(i: number): number {
    return this.off + i * F.STRIDE;
  }

  /** The pointer just past the last instruction. */
  end(): number {
    return this.off + this.used * F.STRIDE;
  }

  // CPython: Python/flowgraph.c basicblock_last_instr
  /** The last instruction's pointer, or -1 if the block is empty. */
  lastInstr(): number {
    return this.used > 0 ? this.off + (this.used - 1) * F.STRIDE : -1;
  }

  /**
   * Makes room for one more instruction and returns its pointer; `used` counts it.
   * The slot keeps what it held: its i_except stays (basicblock_addop does not set it,
   * so an instruction appended after label_exception_targets keeps the handler of the
   * slot's previous occupant), which the exception table CPython emits depends on.
   * CPython: Python/flowgraph.c basicblock_next_instr (_PyCompile_EnsureArrayLargeEnough)
   */
  nextInstr(): number {
    const idx = this.used + 1;
    if (this.alloc === 0) {
      const alloc = idx >= DEFAULT_BLOCK_SIZE ? idx + DEFAULT_BLOCK_SIZE : DEFAULT_BLOCK_SIZE;
      this.off = allocateSlots(alloc * F.STRIDE);
      this.alloc = alloc;
    } else if (idx >= this.alloc) {
      let alloc = this.alloc * 2;
      if (idx >= alloc) alloc = idx + DEFAULT_BLOCK_SIZE;
      this.grow(alloc);
    }
    return this.off + this.used++ * F.STRIDE;
  }

  /**
   * Takes `n` instructions at once into this empty block, as n basicblock_next_instr
   * calls would (b_ialloc: DEFAULT_BLOCK_SIZE doubled past n, fresh zeroed slots);
   * returns the pointer of instruction 0, for the caller to fill in.
   */
  takeSlots(n: number): number {
    if (this.alloc !== 0 || n === 0) throw new Error('takeSlots needs an empty, unallocated block');
    let alloc = DEFAULT_BLOCK_SIZE;
    while (alloc <= n) alloc *= 2;
    this.off = allocateSlots(alloc * F.STRIDE);
    this.alloc = alloc;
    this.used = n;
    return this.off;
  }

  /** PyMem_Realloc to `alloc` slots: the old slots are kept, the new ones zeroed. */
  private grow(alloc: number): void {
    const oldEnd = this.off + this.alloc * F.STRIDE;
    if (oldEnd === code.top) {
      allocateSlots((alloc - this.alloc) * F.STRIDE); // the block is last: it grows in place
    } else {
      const to = allocateSlots(alloc * F.STRIDE);
      code.d.copyWithin(to, this.off, oldEnd);
      // What CPython's realloc frees: a pointer into it must never be used again.
      code.d.fill(FREED, this.off, oldEnd);
      this.off = to;
    }
    this.alloc = alloc;
  }

  /** Shortens the block to `n` instructions (CPython lowers b_iused; the slots stay). */
  truncate(n: number): void {
    if (n < this.used) this.used = n;
  }

  // CPython: Python/flowgraph.c basicblock_addop
  /** Appends an instruction located like instruction `locFrom` (read before the block
   *  can move, as C passes the location by value); its i_except is the slot's. */
  addop(opcode: number, oparg: number, locFrom: number): number {
    let d = code.d;
    const lineno = d[locFrom + F.LINENO]!;
    const endLineno = d[locFrom + F.END_LINENO]!;
    const col = d[locFrom + F.COL]!;
    const endCol = d[locFrom + F.END_COL]!;
    const p = this.nextInstr();
    d = code.d;
    d[p + F.OPCODE] = opcode;
    d[p + F.OPARG] = oparg;
    d[p + F.TARGET] = 0;
    d[p + F.LINENO] = lineno;
    d[p + F.END_LINENO] = endLineno;
    d[p + F.COL] = col;
    d[p + F.END_COL] = endCol;
    return p;
  }

  /** basicblock_addop with a location object (codegen's instructions). */
  addopAt(opcode: number, oparg: number, loc: SourceLocation): number {
    const p = this.nextInstr();
    const d = code.d;
    d[p + F.OPCODE] = opcode;
    d[p + F.OPARG] = oparg;
    d[p + F.TARGET] = 0;
    d[p + F.LINENO] = loc.lineno;
    d[p + F.END_LINENO] = loc.endLineno;
    d[p + F.COL] = loc.colOffset;
    d[p + F.END_COL] = loc.endColOffset;
    return p;
  }

  // CPython: Python/flowgraph.c basicblock_add_jump
  addJump(opcode: number, target: BasicBlock, locFrom: number): void {
    const last = this.lastInstr();
    if (last >= 0 && hasJump(code.d[last + F.OPCODE]!)) throw new FlowgraphError('SystemError', 'jump after jump');
    const p = this.addop(opcode, target.label, locFrom);
    code.d[p + F.TARGET] = target.id;
  }

  // CPython: Python/flowgraph.c basicblock_append_instructions
  appendInstructions(from: BasicBlock): void {
    for (let i = 0; i < from.used; i++) {
      const p = this.nextInstr();
      const src = from.off + i * F.STRIDE; // read after nextInstr: it may have moved code.d
      code.d.copyWithin(p, src, src + F.STRIDE);
    }
  }

  /**
   * Inserts an instruction at `pos` (the later ones move up one slot, whole).
   * CPython: Python/flowgraph.c basicblock_insert_instruction
   */
  insertInstruction(pos: number, opcode: number, oparg: number, locFrom: number, except: number): void {
    const lineno = code.d[locFrom + F.LINENO]!;
    const endLineno = code.d[locFrom + F.END_LINENO]!;
    const col = code.d[locFrom + F.COL]!;
    const endCol = code.d[locFrom + F.END_COL]!;
    this.nextInstr();
    const d = code.d;
    const at = this.off + pos * F.STRIDE;
    d.copyWithin(at + F.STRIDE, at, this.end() - F.STRIDE);
    d[at + F.OPCODE] = opcode;
    d[at + F.OPARG] = oparg;
    d[at + F.LINENO] = lineno;
    d[at + F.END_LINENO] = endLineno;
    d[at + F.COL] = col;
    d[at + F.END_COL] = endCol;
    d[at + F.TARGET] = 0;
    d[at + F.EXCEPT] = except;
  }

  // CPython: Python/flowgraph.c basicblock_nofallthrough (BB_NO_FALLTHROUGH)
  noFallthrough(): boolean {
    const last = this.lastInstr();
    return last >= 0 && isNoFallthroughOpcode(code.d[last + F.OPCODE]!);
  }

  hasFallthrough(): boolean {
    return !this.noFallthrough();
  }

  // CPython: Python/flowgraph.c basicblock_exits_scope
  exitsScope(): boolean {
    const last = this.lastInstr();
    return last >= 0 && isScopeExitOpcode(code.d[last + F.OPCODE]!);
  }

  // CPython: Python/flowgraph.c basicblock_has_no_lineno
  hasNoLineno(): boolean {
    const d = code.d;
    for (let p = this.off, end = this.end(); p < end; p += F.STRIDE) if (d[p + F.LINENO]! >= 0) return false;
    return true;
  }
}

/** Copies the location of instruction `from` to instruction `to`. */
export function copyLocation(d: Int32Array, to: number, from: number): void {
  d[to + F.LINENO] = d[from + F.LINENO]!;
  d[to + F.END_LINENO] = d[from + F.END_LINENO]!;
  d[to + F.COL] = d[from + F.COL]!;
  d[to + F.END_COL] = d[from + F.END_COL]!;
}

/** INSTR_SET_OP1 / INSTR_SET_OP0. CPython: Python/flowgraph.c */
export function setOp(d: Int32Array, p: number, opcode: number, oparg: number): void {
  d[p + F.OPCODE] = opcode;
  d[p + F.OPARG] = oparg;
}

/** The block instruction `p` jumps to (null if none). */
export function targetOf(p: number): BasicBlock | null {
  return code.blocks[code.d[p + F.TARGET]!]!;
}

/** The handler block of instruction `p` (null if none). */
export function exceptOf(p: number): BasicBlock | null {
  return code.blocks[code.d[p + F.EXCEPT]!]!;
}

/** A block's id, 0 for null (what TARGET and EXCEPT hold). */
export function blockId(b: BasicBlock | null): number {
  return b === null ? 0 : b.id;
}

// CPython: Python/flowgraph.c is_jump
export function isJump(p: number): boolean {
  return hasJump(code.d[p + F.OPCODE]!);
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
    resetCode();
    const block = this.newBlock();
    this.entryblock = block;
    this.curblock = block;
  }

  // CPython: Python/flowgraph.c cfg_builder_new_block
  newBlock(): BasicBlock {
    const b = new BasicBlock(code.blocks.length);
    code.blocks.push(b);
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
    if (last >= 0 && isTerminatorOpcode(code.d[last + F.OPCODE]!)) return true;
    if (this.currentLabel !== NO_LABEL) {
      if (last >= 0 || this.curblock.label !== NO_LABEL) return true;
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

  // CPython: Python/flowgraph.c _PyCfgBuilder_Addop
  addop(opcode: number, oparg: number, loc: SourceLocation): void {
    this.maybeStartNewBlock();
    this.curblock.addopAt(opcode, oparg, loc);
  }
}

// CPython: Python/flowgraph.c next_nonempty_block
export function nextNonemptyBlock(b: BasicBlock | null): BasicBlock | null {
  while (b !== null && b.used === 0) b = b.next;
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
export function nopOut(d: Int32Array, p: number): void {
  setOp(d, p, Op.NOP, 0);
  copyLocation(d, p, NO_LOCATION_INSTR);
}
