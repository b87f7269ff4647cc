// The CFG optimizer: unreachable code, redundant NOPs and jumps, block inlining,
// jump threading and the per-block peephole table with its SWAP elimination.
// CPython: Python/flowgraph.c ("CFG optimizations" section).
import type { MarshalValue } from '@tspy/bytecode';
import { Op } from './opcode_utils.js';
import { NO_LOCATION } from './source_location.js';
import {
  type BasicBlock,
  CfgInstr,
  type CfgBuilder,
  FlowgraphError,
  isJump,
  nextNonemptyBlock,
} from './flowgraph_cfg.js';
import { hasTarget, isTerminatorOpcode, isUnconditionalJumpOpcode } from './opcode_utils.js';
import {
  type ConstCache,
  foldConstBinop,
  foldConstUnaryop,
  foldConstantIntrinsicListToTuple,
  foldTupleOfConstants,
  optimizeListsAndSets,
} from './flowgraph_const_folding.js';
import { applyStaticSwaps, swaptimize } from './flowgraph_swaps.js';

const INTRINSIC_UNARY_POSITIVE = 5;
const INTRINSIC_LIST_TO_TUPLE = 6;

// CPython: Python/flowgraph.c remove_unreachable
export function removeUnreachable(entryblock: BasicBlock): void {
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    b.predecessors = 0;
    b.visited = false;
  }
  const stack: BasicBlock[] = [entryblock];
  entryblock.predecessors = 1;
  entryblock.visited = true;
  while (stack.length > 0) {
    const b = stack.pop()!;
    const next = b.next;
    if (next !== null && b.hasFallthrough()) {
      if (!next.visited) {
        stack.push(next);
        next.visited = true;
      }
      next.predecessors++;
    }
    for (const instr of b.instrs) {
      if (hasTarget(instr.opcode)) {
        const target = instr.target!;
        if (!target.visited) {
          stack.push(target);
          target.visited = true;
        }
        target.predecessors++;
      }
    }
  }
  // Delete unreachable instructions.
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.predecessors === 0) {
      b.truncate(0);
      b.exceptHandler = false;
    }
  }
}

/** The line of the first instruction of `next` that is not a location-less NOP. */
function firstLinenoSkippingNops(next: BasicBlock): number {
  for (const instr of next.instrs) {
    if (instr.opcode === Op.NOP && instr.loc.lineno < 0) continue; // will be removed
    return instr.loc.lineno;
  }
  return NO_LOCATION.lineno;
}

// CPython: Python/flowgraph.c basicblock_remove_redundant_nops
export function basicblockRemoveRedundantNops(bb: BasicBlock): number {
  const instrs = bb.instrs;
  const n = instrs.length;
  let dest = 0;
  let prevLineno = -1;
  for (let src = 0; src < n; src++) {
    const instr = instrs[src]!;
    const lineno = instr.loc.lineno;
    if (instr.opcode === Op.NOP) {
      // Eliminate a NOP without a line number,
      if (lineno < 0) continue;
      // or if the previous instruction had the same line number,
      if (prevLineno === lineno) continue;
      // or if the next instruction has the same line number or none.
      if (src < n - 1) {
        const nextInstr = instrs[src + 1]!;
        const nextLineno = nextInstr.loc.lineno;
        if (nextLineno === lineno) continue;
        if (nextLineno < 0) {
          nextInstr.loc = instr.loc;
          continue;
        }
      } else {
        // or if it is last in the block and the next block starts on the same line.
        const next = nextNonemptyBlock(bb.next);
        if (next !== null && lineno === firstLinenoSkippingNops(next)) continue;
      }
    }
    instrs[dest++] = instr;
    prevLineno = lineno;
  }
  bb.truncate(dest);
  return n - dest;
}

// CPython: Python/flowgraph.c remove_redundant_nops
export function removeRedundantNops(g: CfgBuilder): number {
  let changes = 0;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) changes += basicblockRemoveRedundantNops(b);
  return changes;
}

// CPython: Python/flowgraph.c remove_redundant_nops_and_pairs
export function removeRedundantNopsAndPairs(entryblock: BasicBlock): void {
  let done = false;
  while (!done) {
    done = true;
    let prevInstr: CfgInstr | null = null;
    let instr: CfgInstr | null = null;
    for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
      basicblockRemoveRedundantNops(b);
      if (b.label !== -1) {
        // This block is a jump target: forget instr.
        instr = null;
      }
      for (const cur of b.instrs) {
        prevInstr = instr;
        instr = cur;
        const prevOpcode = prevInstr !== null ? prevInstr.opcode : 0;
        const prevOparg = prevInstr !== null ? prevInstr.oparg : 0;
        let isRedundantPair = false;
        if (cur.opcode === Op.POP_TOP) {
          if (prevOpcode === Op.LOAD_CONST || prevOpcode === Op.LOAD_SMALL_INT) isRedundantPair = true;
          else if (prevOpcode === Op.COPY && prevOparg === 1) isRedundantPair = true;
        }
        if (isRedundantPair) {
          prevInstr!.setOp(Op.NOP, 0);
          cur.setOp(Op.NOP, 0);
          done = false;
        }
      }
      if ((instr !== null && isJump(instr)) || !b.hasFallthrough()) instr = null;
    }
  }
}

// CPython: Python/flowgraph.c remove_redundant_jumps
export function removeRedundantJumps(g: CfgBuilder): number {
  // A jump to the next non-empty block reached by normal flow is redundant.
  let changes = 0;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    if (last === null) continue;
    if (isUnconditionalJumpOpcode(last.opcode)) {
      const jumpTarget = nextNonemptyBlock(last.target);
      if (jumpTarget === null) throw new FlowgraphError('SystemError', 'jump with NULL target');
      const next = nextNonemptyBlock(b.next);
      if (jumpTarget === next) {
        changes++;
        last.setOp(Op.NOP, 0);
      }
    }
  }
  return changes;
}

// CPython: Python/flowgraph.c remove_redundant_nops_and_jumps
export function removeRedundantNopsAndJumps(g: CfgBuilder): void {
  let removedNops: number;
  let removedJumps: number;
  do {
    // Converges: the number of redundant jumps and NOPs only decreases.
    removedNops = removeRedundantNops(g);
    removedJumps = removeRedundantJumps(g);
  } while (removedNops + removedJumps > 0);
}

/** Maximum size of a basic block that the optimizer copies. */
const MAX_COPY_SIZE = 4;

/**
 * A block ending in an unconditional jump to a small exit block, or to a block
 * without line numbers and fallthrough, absorbs the target's instructions.
 * CPython: Python/flowgraph.c basicblock_inline_small_or_no_lineno_blocks
 */
function basicblockInlineSmallOrNoLinenoBlocks(bb: BasicBlock): boolean {
  let last = bb.lastInstr();
  if (last === null || !isUnconditionalJumpOpcode(last.opcode)) return false;
  const target = last.target!;
  const smallExitBlock = target.exitsScope() && target.instrs.length <= MAX_COPY_SIZE;
  const noLinenoNoFallthrough = target.hasNoLineno() && !target.hasFallthrough();
  if (smallExitBlock || noLinenoNoFallthrough) {
    const removedJumpOpcode = last.opcode;
    last.setOp(Op.NOP, 0);
    bb.appendInstructions(target);
    if (noLinenoNoFallthrough) {
      last = bb.lastInstr()!;
      if (isUnconditionalJumpOpcode(last.opcode) && removedJumpOpcode === Op.JUMP) {
        // Make sure we don't lose eval breaker checks.
        last.opcode = Op.JUMP;
      }
    }
    target.predecessors--;
    return true;
  }
  return false;
}

// CPython: Python/flowgraph.c inline_small_or_no_lineno_blocks
export function inlineSmallOrNoLinenoBlocks(entryblock: BasicBlock): void {
  let changes: boolean;
  do {
    changes = false;
    for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
      if (basicblockInlineSmallOrNoLinenoBlocks(b)) changes = true;
    }
  } while (changes); // every change removes a jump, ensuring convergence
}

/**
 * Replaces a jump to a jump by a jump to the final target (the old jump becomes a
 * NOP, kept if it carries a line). Returns 1 if it changed anything.
 * CPython: Python/flowgraph.c jump_thread
 */
function jumpThread(bb: BasicBlock, inst: CfgInstr, target: CfgInstr, opcode: number): number {
  // bpo-45773: if both jump to the same place nothing changes (and we would loop).
  if (inst.target !== target.target) {
    inst.setOp(Op.NOP, 0);
    bb.addJump(opcode, target.target!, target.loc);
    return 1;
  }
  return 0;
}

const NOP_INSTR = new CfgInstr(Op.NOP, 0, NO_LOCATION);

/** The first instruction of a jump's target block, a NOP if that block is empty. */
function firstInstrOfTarget(inst: CfgInstr): CfgInstr {
  const instrs = inst.target!.instrs;
  return instrs.length > 0 ? instrs[0]! : NOP_INSTR;
}

// CPython: Python/flowgraph.c optimize_basic_block
export function optimizeBasicBlock(cache: ConstCache, bb: BasicBlock, consts: MarshalValue[]): void {
  const instrs = bb.instrs;
  for (let i = 0; i < instrs.length; i++) {
    const inst = instrs[i]!;
    const opcode = inst.opcode;
    const oparg = inst.oparg;
    const next = i + 1 < instrs.length ? instrs[i + 1]! : null;
    const nextop = next !== null ? next.opcode : 0;
    switch (opcode) {
      // Fold tuples of constants; BUILD_TUPLE n + UNPACK_SEQUENCE n is nothing (n=1)
      // or a SWAP (n=2, 3).
      case Op.BUILD_TUPLE:
        if (nextop === Op.UNPACK_SEQUENCE && oparg === next!.oparg) {
          if (oparg === 1) {
            inst.setOp(Op.NOP, 0);
            next!.setOp(Op.NOP, 0);
            continue;
          }
          if (oparg === 2 || oparg === 3) {
            inst.setOp(Op.NOP, 0);
            next!.opcode = Op.SWAP;
            continue;
          }
        }
        foldTupleOfConstants(bb, i, consts, cache);
        break;
      case Op.BUILD_LIST:
      case Op.BUILD_SET:
        optimizeListsAndSets(bb, i, nextop, consts, cache);
        break;
      case Op.POP_JUMP_IF_NOT_NONE:
      case Op.POP_JUMP_IF_NONE:
      case Op.POP_JUMP_IF_FALSE:
      case Op.POP_JUMP_IF_TRUE: {
        const target = firstInstrOfTarget(inst);
        if (target.opcode === Op.JUMP) i -= jumpThread(bb, inst, target, inst.opcode);
        break;
      }
      case Op.JUMP_IF_FALSE:
      case Op.JUMP_IF_TRUE: {
        const same = opcode;
        const opposite = opcode === Op.JUMP_IF_FALSE ? Op.JUMP_IF_TRUE : Op.JUMP_IF_FALSE;
        const target = firstInstrOfTarget(inst);
        if (target.opcode === Op.JUMP || target.opcode === same) {
          i -= jumpThread(bb, inst, target, same);
          continue;
        }
        if (target.opcode === opposite) {
          // No need to check for loops here: a block's next cannot be itself.
          inst.target = inst.target!.next;
          i--;
          continue;
        }
        break;
      }
      case Op.JUMP:
      case Op.JUMP_NO_INTERRUPT: {
        const target = firstInstrOfTarget(inst);
        if (target.opcode === Op.JUMP) {
          i -= jumpThread(bb, inst, target, Op.JUMP);
          continue;
        }
        if (target.opcode === Op.JUMP_NO_INTERRUPT) {
          i -= jumpThread(bb, inst, target, opcode);
          continue;
        }
        break;
      }
      case Op.FOR_ITER:
        // Threading FOR_ITER to a JUMP is disabled: FOR_ITER only jumps forward.
        break;
      case Op.STORE_FAST:
        if (opcode === nextop && oparg === next!.oparg && inst.loc.lineno === next!.loc.lineno) {
          inst.opcode = Op.POP_TOP;
          inst.oparg = 0;
        }
        break;
      case Op.SWAP:
        if (oparg === 1) inst.setOp(Op.NOP, 0);
        break;
      case Op.LOAD_GLOBAL:
        if (nextop === Op.PUSH_NULL && (oparg & 1) === 0) {
          inst.setOp(Op.LOAD_GLOBAL, oparg | 1);
          next!.setOp(Op.NOP, 0);
        }
        break;
      case Op.COMPARE_OP:
        if (nextop === Op.TO_BOOL) {
          inst.setOp(Op.NOP, 0);
          next!.setOp(Op.COMPARE_OP, oparg | 16);
          continue;
        }
        break;
      case Op.CONTAINS_OP:
      case Op.IS_OP:
        if (nextop === Op.TO_BOOL) {
          inst.setOp(Op.NOP, 0);
          next!.setOp(opcode, oparg);
          continue;
        }
        if (nextop === Op.UNARY_NOT) {
          inst.setOp(Op.NOP, 0);
          next!.setOp(opcode, oparg ^ 1);
          continue;
        }
        break;
      case Op.TO_BOOL:
        if (nextop === Op.TO_BOOL) {
          inst.setOp(Op.NOP, 0);
          continue;
        }
        break;
      case Op.UNARY_NOT:
        if (nextop === Op.TO_BOOL) {
          inst.setOp(Op.NOP, 0);
          next!.setOp(Op.UNARY_NOT, 0);
          continue;
        }
        if (nextop === Op.UNARY_NOT) {
          inst.setOp(Op.NOP, 0);
          next!.setOp(Op.NOP, 0);
          continue;
        }
        foldConstUnaryop(bb, i, consts, cache);
        break;
      case Op.UNARY_INVERT:
      case Op.UNARY_NEGATIVE:
        foldConstUnaryop(bb, i, consts, cache);
        break;
      case Op.CALL_INTRINSIC_1:
        if (oparg === INTRINSIC_LIST_TO_TUPLE) {
          if (nextop === Op.GET_ITER) inst.setOp(Op.NOP, 0);
          else foldConstantIntrinsicListToTuple(bb, i, consts, cache);
        } else if (oparg === INTRINSIC_UNARY_POSITIVE) {
          foldConstUnaryop(bb, i, consts, cache);
        }
        break;
      case Op.BINARY_OP:
        foldConstBinop(bb, i, consts, cache);
        break;
    }
  }
  for (let i = 0; i < instrs.length; i++) {
    if (instrs[i]!.opcode === Op.SWAP) {
      i = swaptimize(bb, i);
      applyStaticSwaps(bb, i);
    }
  }
}

/** Returns whether it made one (leaving a NOP). CPython: Python/flowgraph.c make_super_instruction */
function makeSuperInstruction(inst1: CfgInstr, inst2: CfgInstr, superOp: number): boolean {
  const line1 = inst1.loc.lineno;
  const line2 = inst2.loc.lineno;
  // Skip if the instructions are on different lines.
  if (line1 >= 0 && line2 >= 0 && line1 !== line2) return false;
  if (inst1.oparg >= 16 || inst2.oparg >= 16) return false;
  inst1.setOp(superOp, (inst1.oparg << 4) | inst2.oparg);
  inst2.setOp(Op.NOP, 0);
  return true;
}

/**
 * CPython ends with remove_redundant_nops. It runs after remove_redundant_nops_and_jumps
 * reached its fixed point, and the passes in between change no NOP, location or jump,
 * so it only has work when a superinstruction left a NOP; otherwise it is skipped.
 * CPython: Python/flowgraph.c insert_superinstructions
 */
export function insertSuperinstructions(g: CfgBuilder): void {
  let made = false;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const instrs = b.instrs;
    const last = instrs.length - 1;
    for (let i = 0; i < last; i++) {
      const inst = instrs[i]!;
      const opcode = inst.opcode;
      if (opcode === Op.LOAD_FAST) {
        const next = instrs[i + 1]!;
        if (next.opcode === Op.LOAD_FAST && makeSuperInstruction(inst, next, Op.LOAD_FAST_LOAD_FAST)) made = true;
      } else if (opcode === Op.STORE_FAST) {
        const next = instrs[i + 1]!;
        if (next.opcode === Op.LOAD_FAST) {
          if (makeSuperInstruction(inst, next, Op.STORE_FAST_LOAD_FAST)) made = true;
        } else if (next.opcode === Op.STORE_FAST) {
          if (makeSuperInstruction(inst, next, Op.STORE_FAST_STORE_FAST)) made = true;
        }
      }
    }
  }
  if (made) removeRedundantNops(g);
}

// CPython: Python/flowgraph.c check_cfg
export function checkCfg(g: CfgBuilder): void {
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const instrs = b.instrs;
    for (let i = 0; i < instrs.length; i++) {
      const opcode = instrs[i]!.opcode;
      // A jump or exit must be the last instruction in its block.
      if (isTerminatorOpcode(opcode) && i !== instrs.length - 1) {
        throw new FlowgraphError('SystemError', 'malformed control flow graph.');
      }
    }
  }
}
