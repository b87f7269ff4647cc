// Borrowed loads: LOAD_FAST{_LOAD_FAST} become LOAD_FAST_BORROW{_LOAD_FAST_BORROW}
// where the frame's reference provably outlives the one on the stack.
// CPython: Python/flowgraph.c optimize_load_fast and its ref_stack helpers.
import { NUM_POPPED_FIXED, NUM_PUSHED_FIXED } from '@tspy/bytecode';
import { Op, numPopped, numPushed } from './opcode_utils.js';
import {
  type BasicBlock,
  type CfgBuilder,
  code,
  F,
  targetOf,
} from './flowgraph_cfg.js';
import { hasTarget, isBlockPushOpcode, isNoFallthroughOpcode } from './opcode_utils.js';

// The constants of this file are const enums: the bundle holds the numbers, where
// module-level constants are variables that optimized code loads and checks at every use.
const enum Ref {
  NOT_LOCAL = -1,
  DUMMY_INSTR = -1,
}

/** Flags per instruction (CPython: LoadFastInstrFlag). */
const enum Flag {
  /** The loaded reference is still on the stack when the local is killed. */
  SUPPORT_KILLED = 1,
  /** The loaded reference is stored into a local. */
  STORED_AS_LOCAL = 2,
  /** The loaded reference is still on the stack at the end of the basic block. */
  REF_UNCONSUMED = 4,
}

/**
 * A stack of abstract references: parallel arrays of the producing instruction's index
 * (or Ref.DUMMY_INSTR) and the local it refers to (or Ref.NOT_LOCAL).
 * CPython: Python/flowgraph.c ref_stack
 */
class RefStack {
  instr: Int32Array = new Int32Array(64);
  local: Int32Array = new Int32Array(64);
  size = 0;
  /** What the last pop() removed. */
  poppedInstr = 0;
  poppedLocal = 0;

  push(instr: number, local: number): void {
    if (this.size === this.instr.length) this.grow();
    this.instr[this.size] = instr;
    this.local[this.size] = local;
    this.size++;
  }

  private grow(): void {
    const instr = new Int32Array(this.instr.length * 2);
    instr.set(this.instr);
    this.instr = instr;
    const local = new Int32Array(this.local.length * 2);
    local.set(this.local);
    this.local = local;
  }

  /** Pops the top; the popped values are left in `poppedInstr` / `poppedLocal`. */
  pop(): void {
    this.size--;
    this.poppedInstr = this.instr[this.size]!;
    this.poppedLocal = this.local[this.size]!;
  }

  // CPython: ref_stack_swap_top
  swapTop(off: number): void {
    const idx = this.size - off;
    const top = this.size - 1;
    const ti = this.instr[idx]!;
    const tl = this.local[idx]!;
    this.instr[idx] = this.instr[top]!;
    this.local[idx] = this.local[top]!;
    this.instr[top] = ti;
    this.local[top] = tl;
  }
}

/** One stack and flag buffer, reused by every call (optimizeLoadFast does not nest). */
const sharedRefs = new RefStack();
let sharedFlags = new Uint8Array(256);

// CPython: Python/flowgraph.c kill_local
function killLocal(flags: Uint8Array, refs: RefStack, local: number): void {
  for (let i = 0; i < refs.size; i++) {
    if (refs.local[i] === local) {
      const k = refs.instr[i]!;
      flags[k] = flags[k]! | Flag.SUPPORT_KILLED;
    }
  }
}

// CPython: Python/flowgraph.c store_local (with the reference just popped)
function storeLocal(flags: Uint8Array, refs: RefStack, local: number): void {
  const rInstr = refs.poppedInstr;
  killLocal(flags, refs, local);
  if (rInstr !== Ref.DUMMY_INSTR) flags[rInstr] = flags[rInstr]! | Flag.STORED_AS_LOCAL;
}

// CPython: Python/flowgraph.c load_fast_push_block
function loadFastPushBlock(stack: BasicBlock[], target: BasicBlock): void {
  if (!target.visited) {
    target.visited = true;
    stack.push(target);
  }
}

/** Abstractly runs instruction `i` of its block (at pointer `p`) on `refs`. */
function simulateInstruction(d: Int32Array, p: number, i: number, flags: Uint8Array, refs: RefStack, stack: BasicBlock[]): void {
  const opcode = d[p + F.OPCODE]!;
  const oparg = d[p + F.OPARG]!;
  switch (opcode) {
    // Opcodes that load and store locals
    case Op.LOAD_FAST:
      refs.push(i, oparg);
      return;
    case Op.LOAD_FAST_AND_CLEAR:
      killLocal(flags, refs, oparg);
      refs.push(i, oparg);
      return;
    case Op.LOAD_FAST_LOAD_FAST:
      refs.push(i, oparg >> 4);
      refs.push(i, oparg & 15);
      return;
    case Op.DELETE_FAST:
      killLocal(flags, refs, oparg);
      return;
    case Op.STORE_FAST:
      refs.pop();
      storeLocal(flags, refs, oparg);
      return;
    case Op.STORE_FAST_LOAD_FAST:
      refs.pop();
      storeLocal(flags, refs, oparg >> 4);
      refs.push(i, oparg & 15);
      return;
    case Op.STORE_FAST_STORE_FAST:
      refs.pop();
      storeLocal(flags, refs, oparg >> 4);
      refs.pop();
      storeLocal(flags, refs, oparg & 15);
      return;
    // Opcodes that shuffle values on the stack
    case Op.COPY: {
      const idx = refs.size - oparg;
      refs.push(refs.instr[idx]!, refs.local[idx]!);
      return;
    }
    case Op.SWAP:
      refs.swapTop(oparg);
      return;
    // Opcodes that consume no inputs (FORMAT_SIMPLE and GET_YIELD_FROM_ITER may pass
    // their input through)
    case Op.FORMAT_SIMPLE:
    case Op.GET_ANEXT:
    case Op.GET_YIELD_FROM_ITER:
    case Op.GET_LEN:
    case Op.IMPORT_FROM:
    case Op.MATCH_KEYS:
    case Op.MATCH_MAPPING:
    case Op.MATCH_SEQUENCE:
    case Op.WITH_EXCEPT_START: {
      const netPushed = numPushed(opcode, oparg) - numPopped(opcode, oparg);
      // CPython pushes the loop counter as the "instruction" here (a quirk kept as is).
      for (let k = 0; k < netPushed; k++) refs.push(k, Ref.NOT_LOCAL);
      return;
    }
    // Opcodes that consume some inputs and push no new values
    case Op.DICT_MERGE:
    case Op.DICT_UPDATE:
    case Op.LIST_APPEND:
    case Op.LIST_EXTEND:
    case Op.MAP_ADD:
    case Op.RERAISE:
    case Op.SET_ADD:
    case Op.SET_UPDATE: {
      const netPopped = numPopped(opcode, oparg) - numPushed(opcode, oparg);
      for (let k = 0; k < netPopped; k++) refs.pop();
      return;
    }
    // Opcodes that consume some inputs and push new values
    case Op.CHECK_EXC_MATCH:
      refs.pop();
      refs.push(i, Ref.NOT_LOCAL);
      return;
    case Op.FOR_ITER:
      loadFastPushBlock(stack, targetOf(p)!);
      refs.push(i, Ref.NOT_LOCAL);
      return;
    case Op.LOAD_SPECIAL: {
      // Pushes the method and self (the owner) back.
      refs.pop();
      const selfInstr = refs.poppedInstr;
      const selfLocal = refs.poppedLocal;
      refs.push(i, Ref.NOT_LOCAL);
      refs.push(selfInstr, selfLocal);
      return;
    }
    case Op.LOAD_ATTR:
    case Op.LOAD_SUPER_ATTR: {
      refs.pop();
      const selfInstr = refs.poppedInstr;
      const selfLocal = refs.poppedLocal;
      if (opcode === Op.LOAD_SUPER_ATTR) {
        refs.pop();
        refs.pop();
      }
      refs.push(i, Ref.NOT_LOCAL);
      // A method call: conservatively assume that self is pushed back.
      if (oparg & 1) refs.push(selfInstr, selfLocal);
      return;
    }
    case Op.SEND:
      loadFastPushBlock(stack, targetOf(p)!);
      refs.pop();
      refs.push(i, Ref.NOT_LOCAL);
      return;
    // Opcodes that consume all of their inputs
    default: {
      const popped = numPopped(opcode, oparg);
      const pushed = numPushed(opcode, oparg);
      if (hasTarget(opcode)) loadFastPushBlock(stack, targetOf(p)!);
      if (!isBlockPushOpcode(opcode)) {
        // Block push opcodes only affect the stack when jumping to the target.
        for (let j = 0; j < popped; j++) refs.pop();
        for (let j = 0; j < pushed; j++) refs.push(i, Ref.NOT_LOCAL);
      }
    }
  }
}

// How the main loop treats each opcode: LF.SIMPLE opcodes pop and push fixed counts of
// references produced here (the `default` case of simulateInstruction without a jump
// target), LF.LOAD_FAST pushes its local, LF.OTHER goes through simulateInstruction.
const enum LF {
  OTHER = 0,
  SIMPLE = 1,
  LOAD_FAST = 2,
  TABLE_SIZE = 512,
}
/** Special cases of simulateInstruction (everything but its `default`). */
const SIMULATED_OPCODES: readonly number[] = [
  Op.LOAD_FAST, Op.LOAD_FAST_AND_CLEAR, Op.LOAD_FAST_LOAD_FAST, Op.DELETE_FAST, Op.STORE_FAST,
  Op.STORE_FAST_LOAD_FAST, Op.STORE_FAST_STORE_FAST, Op.COPY, Op.SWAP, Op.FORMAT_SIMPLE, Op.GET_ANEXT,
  Op.GET_YIELD_FROM_ITER, Op.GET_LEN, Op.IMPORT_FROM, Op.MATCH_KEYS, Op.MATCH_MAPPING, Op.MATCH_SEQUENCE,
  Op.WITH_EXCEPT_START, Op.DICT_MERGE, Op.DICT_UPDATE, Op.LIST_APPEND, Op.LIST_EXTEND, Op.MAP_ADD,
  Op.RERAISE, Op.SET_ADD, Op.SET_UPDATE, Op.CHECK_EXC_MATCH, Op.FOR_ITER, Op.LOAD_SPECIAL, Op.LOAD_ATTR,
  Op.LOAD_SUPER_ATTR, Op.SEND,
];
const LF_KIND = buildLoadFastKinds();

function buildLoadFastKinds(): Uint8Array {
  const kinds = new Uint8Array(LF.TABLE_SIZE);
  for (let op = 0; op < LF.TABLE_SIZE && op < NUM_POPPED_FIXED.length; op++) {
    const fixed = NUM_POPPED_FIXED[op]! >= 0 && NUM_PUSHED_FIXED[op]! >= 0;
    if (fixed && !hasTarget(op) && !isBlockPushOpcode(op)) kinds[op] = LF.SIMPLE;
  }
  for (const op of SIMULATED_OPCODES) kinds[op] = LF.OTHER;
  kinds[Op.LOAD_FAST] = LF.LOAD_FAST;
  return kinds;
}

/** Runs a block's instructions on `refs`; the common kinds inline. Flags and references
 *  name an instruction by its index in the block (the pass adds no instructions). */
function simulateBlock(block: BasicBlock, flags: Uint8Array, refs: RefStack, stack: BasicBlock[]): void {
  const d = code.d;
  const n = block.used;
  for (let i = 0, p = block.off; i < n; i++, p += F.STRIDE) {
    const opcode = d[p + F.OPCODE]!;
    const kind = opcode < LF.TABLE_SIZE ? LF_KIND[opcode]! : LF.OTHER;
    if (kind === LF.LOAD_FAST) {
      refs.push(i, d[p + F.OPARG]!);
    } else if (kind === LF.SIMPLE) {
      // Pops and pushes are counts from the tables; the popped references are unused.
      refs.size -= NUM_POPPED_FIXED[opcode]!;
      for (let j = NUM_PUSHED_FIXED[opcode]!; j > 0; j--) refs.push(i, Ref.NOT_LOCAL);
    } else {
      simulateInstruction(d, p, i, flags, refs, stack);
    }
  }
}

/**
 * Abstract interpretation block by block: a LOAD_FAST whose reference is consumed
 * before its local is killed, and is never stored as a local, can borrow.
 * Requires calculate_stackdepth to have set each block's startdepth.
 * CPython: Python/flowgraph.c optimize_load_fast
 */
export function optimizeLoadFast(g: CfgBuilder): void {
  const entryblock = g.entryblock;
  let maxInstrs = 0;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    maxInstrs = Math.max(maxInstrs, b.used);
    b.visited = false;
  }
  if (sharedFlags.length < maxInstrs) sharedFlags = new Uint8Array(Math.max(maxInstrs, sharedFlags.length * 2));
  const flags = sharedFlags;
  const refs = sharedRefs;
  const stack: BasicBlock[] = [entryblock];
  entryblock.startdepth = 0;
  entryblock.visited = true;
  while (stack.length > 0) {
    const block = stack.pop()!;
    const n = block.used;
    flags.fill(0, 0, n);
    // Stack entries from other blocks are not tracked: push dummies.
    refs.size = 0;
    for (let i = 0; i < block.startdepth; i++) refs.push(Ref.DUMMY_INSTR, Ref.NOT_LOCAL);
    simulateBlock(block, flags, refs, stack);
    // Push the fallthrough block.
    const term = block.lastInstr();
    if (term >= 0 && block.next !== null && !isNoFallthroughOpcode(code.d[term + F.OPCODE]!)) {
      loadFastPushBlock(stack, block.next);
    }
    // Mark instructions whose values are on the stack at the end of the block.
    for (let i = 0; i < refs.size; i++) {
      const r = refs.instr[i]!;
      if (r !== -1) flags[r] = flags[r]! | Flag.REF_UNCONSUMED;
    }
    const d = code.d;
    for (let i = 0, p = block.off; i < n; i++, p += F.STRIDE) {
      if (flags[i]) continue;
      const opcode = d[p + F.OPCODE]!;
      if (opcode === Op.LOAD_FAST) d[p + F.OPCODE] = Op.LOAD_FAST_BORROW;
      else if (opcode === Op.LOAD_FAST_LOAD_FAST) d[p + F.OPCODE] = Op.LOAD_FAST_BORROW_LOAD_FAST_BORROW;
    }
  }
}
