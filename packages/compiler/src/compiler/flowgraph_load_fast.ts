// Borrowed loads: LOAD_FAST{_LOAD_FAST} become LOAD_FAST_BORROW{_LOAD_FAST_BORROW}
// where the frame's reference provably outlives the one on the stack.
// CPython: Python/flowgraph.c optimize_load_fast and its ref_stack helpers.
import { Op, numPopped, numPushed } from './opcode_utils.js';
import { type BasicBlock, type CfgBuilder } from './flowgraph_cfg.js';
import { hasTarget, isBlockPushOpcode, isScopeExitOpcode, isUnconditionalJumpOpcode } from './opcode_utils.js';

const NOT_LOCAL = -1;
const DUMMY_INSTR = -1;

// Flags per instruction (CPython: LoadFastInstrFlag).
/** The loaded reference is still on the stack when the local is killed. */
const SUPPORT_KILLED = 1;
/** The loaded reference is stored into a local. */
const STORED_AS_LOCAL = 2;
/** The loaded reference is still on the stack at the end of the basic block. */
const REF_UNCONSUMED = 4;

/**
 * A stack of abstract references: parallel arrays of the producing instruction's index
 * (or DUMMY_INSTR) and the local it refers to (or NOT_LOCAL).
 * CPython: Python/flowgraph.c ref_stack
 */
class RefStack {
  instr: number[] = [];
  local: number[] = [];
  size = 0;

  push(instr: number, local: number): void {
    this.instr[this.size] = instr;
    this.local[this.size] = local;
    this.size++;
  }

  /** Pops the top; the popped values are left in `poppedInstr` / `poppedLocal`. */
  pop(): void {
    this.size--;
    this.poppedInstr = this.instr[this.size]!;
    this.poppedLocal = this.local[this.size]!;
  }

  poppedInstr = 0;
  poppedLocal = 0;

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

// CPython: Python/flowgraph.c kill_local
function killLocal(flags: Uint8Array, refs: RefStack, local: number): void {
  for (let i = 0; i < refs.size; i++) {
    if (refs.local[i] === local) {
      const k = refs.instr[i]!;
      flags[k] = flags[k]! | SUPPORT_KILLED;
    }
  }
}

// CPython: Python/flowgraph.c store_local (with the reference just popped)
function storeLocal(flags: Uint8Array, refs: RefStack, local: number): void {
  const rInstr = refs.poppedInstr;
  killLocal(flags, refs, local);
  if (rInstr !== DUMMY_INSTR) flags[rInstr] = flags[rInstr]! | STORED_AS_LOCAL;
}

// CPython: Python/flowgraph.c load_fast_push_block
function loadFastPushBlock(stack: BasicBlock[], target: BasicBlock): void {
  if (!target.visited) {
    target.visited = true;
    stack.push(target);
  }
}

/** Abstractly runs one instruction on `refs`. */
function simulateInstruction(block: BasicBlock, i: number, flags: Uint8Array, refs: RefStack, stack: BasicBlock[]): void {
  const instr = block.instrs[i]!;
  const opcode = instr.opcode;
  const oparg = instr.oparg;
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
      for (let k = 0; k < netPushed; k++) refs.push(k, NOT_LOCAL);
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
      refs.push(i, NOT_LOCAL);
      return;
    case Op.FOR_ITER:
      loadFastPushBlock(stack, instr.target!);
      refs.push(i, NOT_LOCAL);
      return;
    case Op.LOAD_SPECIAL: {
      // Pushes the method and self (the owner) back.
      refs.pop();
      const selfInstr = refs.poppedInstr;
      const selfLocal = refs.poppedLocal;
      refs.push(i, NOT_LOCAL);
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
      refs.push(i, NOT_LOCAL);
      // A method call: conservatively assume that self is pushed back.
      if (oparg & 1) refs.push(selfInstr, selfLocal);
      return;
    }
    case Op.SEND:
      loadFastPushBlock(stack, instr.target!);
      refs.pop();
      refs.push(i, NOT_LOCAL);
      return;
    // Opcodes that consume all of their inputs
    default: {
      const popped = numPopped(opcode, oparg);
      const pushed = numPushed(opcode, oparg);
      if (hasTarget(opcode)) loadFastPushBlock(stack, instr.target!);
      if (!isBlockPushOpcode(opcode)) {
        // Block push opcodes only affect the stack when jumping to the target.
        for (let j = 0; j < popped; j++) refs.pop();
        for (let j = 0; j < pushed; j++) refs.push(i, NOT_LOCAL);
      }
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
    maxInstrs = Math.max(maxInstrs, b.instrs.length);
    b.visited = false;
  }
  const flags = new Uint8Array(maxInstrs);
  const refs = new RefStack();
  const stack: BasicBlock[] = [entryblock];
  entryblock.startdepth = 0;
  entryblock.visited = true;
  while (stack.length > 0) {
    const block = stack.pop()!;
    const n = block.instrs.length;
    flags.fill(0, 0, n);
    // Stack entries from other blocks are not tracked: push dummies.
    refs.size = 0;
    for (let i = 0; i < block.startdepth; i++) refs.push(DUMMY_INSTR, NOT_LOCAL);
    for (let i = 0; i < n; i++) simulateInstruction(block, i, flags, refs, stack);
    // Push the fallthrough block.
    const term = block.lastInstr();
    if (term !== null && block.next !== null && !(isUnconditionalJumpOpcode(term.opcode) || isScopeExitOpcode(term.opcode))) {
      loadFastPushBlock(stack, block.next);
    }
    // Mark instructions whose values are on the stack at the end of the block.
    for (let i = 0; i < refs.size; i++) {
      const r = refs.instr[i]!;
      if (r !== -1) flags[r] = flags[r]! | REF_UNCONSUMED;
    }
    for (let i = 0; i < n; i++) {
      if (flags[i]) continue;
      const instr = block.instrs[i]!;
      if (instr.opcode === Op.LOAD_FAST) instr.opcode = Op.LOAD_FAST_BORROW;
      else if (instr.opcode === Op.LOAD_FAST_LOAD_FAST) instr.opcode = Op.LOAD_FAST_BORROW_LOAD_FAST_BORROW;
    }
  }
}
