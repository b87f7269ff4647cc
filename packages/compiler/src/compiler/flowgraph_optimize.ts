// The CFG optimizer: unreachable code, redundant NOPs and jumps, block inlining,
// jump threading and the per-block peephole table with its SWAP elimination.
// CPython: Python/flowgraph.c ("CFG optimizations" section).
import type { MarshalValue } from '@tspy/bytecode';
import { Op } from './opcode_utils.js';
import {
  type BasicBlock,
  blockId,
  type CfgBuilder,
  code,
  copyLocation,
  F,
  FlowgraphError,
  isJump,
  nextNonemptyBlock,
  NO_LOCATION_INSTR,
  setOp,
  targetOf,
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
  const d = code.d;
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
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      if (hasTarget(d[p + F.OPCODE]!)) {
        const target = targetOf(p)!;
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
function firstLinenoSkippingNops(d: Int32Array, next: BasicBlock): number {
  for (let p = next.off, end = next.end(); p < end; p += F.STRIDE) {
    if (d[p + F.OPCODE] === Op.NOP && d[p + F.LINENO]! < 0) continue; // will be removed
    return d[p + F.LINENO]!;
  }
  return d[NO_LOCATION_INSTR + F.LINENO]!;
}

/**
 * Removes the NOPs no line event needs, compacting the block in place (kept
 * instructions move down whole, as C's struct copy does).
 * CPython: Python/flowgraph.c basicblock_remove_redundant_nops
 */
export function basicblockRemoveRedundantNops(bb: BasicBlock): number {
  const d = code.d;
  const n = bb.used;
  const end = bb.end();
  let dest = bb.off;
  let prevLineno = -1;
  for (let src = bb.off; src < end; src += F.STRIDE) {
    const lineno = d[src + F.LINENO]!;
    if (d[src + F.OPCODE] === Op.NOP) {
      // Eliminate a NOP without a line number,
      if (lineno < 0) continue;
      // or if the previous instruction had the same line number,
      if (prevLineno === lineno) continue;
      // or if the next instruction has the same line number or none.
      const nextInstr = src + F.STRIDE;
      if (nextInstr < end) {
        const nextLineno = d[nextInstr + F.LINENO]!;
        if (nextLineno === lineno) continue;
        if (nextLineno < 0) {
          copyLocation(d, nextInstr, src);
          continue;
        }
      } else {
        // or if it is last in the block and the next block starts on the same line.
        const next = nextNonemptyBlock(bb.next);
        if (next !== null && lineno === firstLinenoSkippingNops(d, next)) continue;
      }
    }
    if (dest !== src) d.copyWithin(dest, src, src + F.STRIDE);
    dest += F.STRIDE;
    prevLineno = lineno;
  }
  const kept = (dest - bb.off) / F.STRIDE;
  bb.truncate(kept);
  return n - kept;
}

// CPython: Python/flowgraph.c remove_redundant_nops
export function removeRedundantNops(g: CfgBuilder): number {
  let changes = 0;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) changes += basicblockRemoveRedundantNops(b);
  return changes;
}

// CPython: Python/flowgraph.c remove_redundant_nops_and_pairs
export function removeRedundantNopsAndPairs(entryblock: BasicBlock): void {
  const d = code.d;
  let done = false;
  while (!done) {
    done = true;
    // Pointers, -1 for none; `instr` may be in the previous block (a fallthrough).
    let prevInstr = -1;
    let instr = -1;
    for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
      basicblockRemoveRedundantNops(b);
      if (b.label !== -1) {
        // This block is a jump target: forget instr.
        instr = -1;
      }
      for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
        prevInstr = instr;
        instr = p;
        const prevOpcode = prevInstr >= 0 ? d[prevInstr + F.OPCODE]! : 0;
        const prevOparg = prevInstr >= 0 ? d[prevInstr + F.OPARG]! : 0;
        let isRedundantPair = false;
        if (d[p + F.OPCODE] === Op.POP_TOP) {
          if (prevOpcode === Op.LOAD_CONST || prevOpcode === Op.LOAD_SMALL_INT) isRedundantPair = true;
          else if (prevOpcode === Op.COPY && prevOparg === 1) isRedundantPair = true;
        }
        if (isRedundantPair) {
          setOp(d, prevInstr, Op.NOP, 0);
          setOp(d, p, Op.NOP, 0);
          done = false;
        }
      }
      if ((instr >= 0 && isJump(instr)) || !b.hasFallthrough()) instr = -1;
    }
  }
}

// CPython: Python/flowgraph.c remove_redundant_jumps
export function removeRedundantJumps(g: CfgBuilder): number {
  // A jump to the next non-empty block reached by normal flow is redundant.
  const d = code.d;
  let changes = 0;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    if (last < 0) continue;
    if (isUnconditionalJumpOpcode(d[last + F.OPCODE]!)) {
      const jumpTarget = nextNonemptyBlock(targetOf(last));
      if (jumpTarget === null) throw new FlowgraphError('SystemError', 'jump with NULL target');
      const next = nextNonemptyBlock(b.next);
      if (jumpTarget === next) {
        changes++;
        setOp(d, last, Op.NOP, 0);
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
  const last = bb.lastInstr();
  if (last < 0) return false;
  const removedJumpOpcode = code.d[last + F.OPCODE]!;
  if (!isUnconditionalJumpOpcode(removedJumpOpcode)) return false;
  const target = targetOf(last)!;
  const smallExitBlock = target.exitsScope() && target.used <= MAX_COPY_SIZE;
  const noLinenoNoFallthrough = target.hasNoLineno() && !target.hasFallthrough();
  if (smallExitBlock || noLinenoNoFallthrough) {
    setOp(code.d, last, Op.NOP, 0);
    bb.appendInstructions(target); // may move bb and replace code.d: `last` is stale
    if (noLinenoNoFallthrough) {
      const d = code.d;
      const newLast = bb.lastInstr();
      if (isUnconditionalJumpOpcode(d[newLast + F.OPCODE]!) && removedJumpOpcode === Op.JUMP) {
        // Make sure we don't lose eval breaker checks.
        d[newLast + F.OPCODE] = Op.JUMP;
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
 * Replaces the jump `inst` (bb's last instruction) to the jump `target` by a jump to
 * the final target (the old jump becomes a NOP, kept if it carries a line). Returns 1
 * if it changed anything. Appending the jump may move bb: the caller re-reads its
 * pointers (addJump reads the location from `target` before bb can move).
 * CPython: Python/flowgraph.c jump_thread
 */
function jumpThread(bb: BasicBlock, inst: number, target: number, opcode: number): number {
  const d = code.d;
  // bpo-45773: if both jump to the same place nothing changes (and we would loop).
  if (d[inst + F.TARGET] !== d[target + F.TARGET]) {
    setOp(d, inst, Op.NOP, 0);
    bb.addJump(opcode, targetOf(target)!, target);
    return 1;
  }
  return 0;
}

/** The first instruction of a jump's target block, a NOP if that block is empty. */
function firstInstrOfTarget(inst: number): number {
  const target = targetOf(inst)!;
  return target.used > 0 ? target.off : NO_LOCATION_INSTR;
}

// CPython: Python/flowgraph.c optimize_basic_block
export function optimizeBasicBlock(cache: ConstCache, bb: BasicBlock, consts: MarshalValue[]): void {
  for (let i = 0; i < bb.used; i++) {
    // Read afresh each time: jump threading and the folding helpers can add
    // instructions, which may move bb and replace code.d (C re-reads bb->b_instr[i]).
    const d = code.d;
    const inst = bb.instr(i);
    const opcode = d[inst + F.OPCODE]!;
    const oparg = d[inst + F.OPARG]!;
    const next = i + 1 < bb.used ? inst + F.STRIDE : -1;
    const nextop = next >= 0 ? d[next + F.OPCODE]! : 0;
    switch (opcode) {
      // Fold tuples of constants; BUILD_TUPLE n + UNPACK_SEQUENCE n is nothing (n=1)
      // or a SWAP (n=2, 3).
      case Op.BUILD_TUPLE:
        if (nextop === Op.UNPACK_SEQUENCE && oparg === d[next + F.OPARG]) {
          if (oparg === 1) {
            setOp(d, inst, Op.NOP, 0);
            setOp(d, next, Op.NOP, 0);
            continue;
          }
          if (oparg === 2 || oparg === 3) {
            setOp(d, inst, Op.NOP, 0);
            d[next + F.OPCODE] = Op.SWAP;
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
        if (d[target + F.OPCODE] === Op.JUMP) i -= jumpThread(bb, inst, target, opcode);
        break;
      }
      case Op.JUMP_IF_FALSE:
      case Op.JUMP_IF_TRUE: {
        const same = opcode;
        const opposite = opcode === Op.JUMP_IF_FALSE ? Op.JUMP_IF_TRUE : Op.JUMP_IF_FALSE;
        const target = firstInstrOfTarget(inst);
        const targetOpcode = d[target + F.OPCODE];
        if (targetOpcode === Op.JUMP || targetOpcode === same) {
          i -= jumpThread(bb, inst, target, same);
          continue;
        }
        if (targetOpcode === opposite) {
          // No need to check for loops here: a block's next cannot be itself.
          d[inst + F.TARGET] = blockId(targetOf(inst)!.next);
          i--;
          continue;
        }
        break;
      }
      case Op.JUMP:
      case Op.JUMP_NO_INTERRUPT: {
        const target = firstInstrOfTarget(inst);
        const targetOpcode = d[target + F.OPCODE];
        if (targetOpcode === Op.JUMP) {
          i -= jumpThread(bb, inst, target, Op.JUMP);
          continue;
        }
        if (targetOpcode === Op.JUMP_NO_INTERRUPT) {
          i -= jumpThread(bb, inst, target, opcode);
          continue;
        }
        break;
      }
      case Op.FOR_ITER:
        // Threading FOR_ITER to a JUMP is disabled: FOR_ITER only jumps forward.
        break;
      case Op.STORE_FAST:
        if (opcode === nextop && oparg === d[next + F.OPARG] && d[inst + F.LINENO] === d[next + F.LINENO]) {
          setOp(d, inst, Op.POP_TOP, 0);
        }
        break;
      case Op.SWAP:
        if (oparg === 1) setOp(d, inst, Op.NOP, 0);
        break;
      case Op.LOAD_GLOBAL:
        if (nextop === Op.PUSH_NULL && (oparg & 1) === 0) {
          setOp(d, inst, Op.LOAD_GLOBAL, oparg | 1);
          setOp(d, next, Op.NOP, 0);
        }
        break;
      case Op.COMPARE_OP:
        if (nextop === Op.TO_BOOL) {
          setOp(d, inst, Op.NOP, 0);
          setOp(d, next, Op.COMPARE_OP, oparg | 16);
          continue;
        }
        break;
      case Op.CONTAINS_OP:
      case Op.IS_OP:
        if (nextop === Op.TO_BOOL) {
          setOp(d, inst, Op.NOP, 0);
          setOp(d, next, opcode, oparg);
          continue;
        }
        if (nextop === Op.UNARY_NOT) {
          setOp(d, inst, Op.NOP, 0);
          setOp(d, next, opcode, oparg ^ 1);
          continue;
        }
        break;
      case Op.TO_BOOL:
        if (nextop === Op.TO_BOOL) {
          setOp(d, inst, Op.NOP, 0);
          continue;
        }
        break;
      case Op.UNARY_NOT:
        if (nextop === Op.TO_BOOL) {
          setOp(d, inst, Op.NOP, 0);
          setOp(d, next, Op.UNARY_NOT, 0);
          continue;
        }
        if (nextop === Op.UNARY_NOT) {
          setOp(d, inst, Op.NOP, 0);
          setOp(d, next, Op.NOP, 0);
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
          if (nextop === Op.GET_ITER) setOp(d, inst, Op.NOP, 0);
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
  // The SWAP passes add no instruction: code.d and bb stay put.
  const d = code.d;
  for (let i = 0; i < bb.used; i++) {
    if (d[bb.instr(i) + F.OPCODE] === Op.SWAP) {
      i = swaptimize(bb, i);
      applyStaticSwaps(bb, i);
    }
  }
}

/** Returns whether it made one (leaving a NOP). CPython: Python/flowgraph.c make_super_instruction */
function makeSuperInstruction(d: Int32Array, inst1: number, inst2: number, superOp: number): boolean {
  const line1 = d[inst1 + F.LINENO]!;
  const line2 = d[inst2 + F.LINENO]!;
  // Skip if the instructions are on different lines.
  if (line1 >= 0 && line2 >= 0 && line1 !== line2) return false;
  const oparg1 = d[inst1 + F.OPARG]!;
  const oparg2 = d[inst2 + F.OPARG]!;
  if (oparg1 >= 16 || oparg2 >= 16) return false;
  setOp(d, inst1, superOp, (oparg1 << 4) | oparg2);
  setOp(d, inst2, Op.NOP, 0);
  return true;
}

/**
 * CPython ends with remove_redundant_nops. It runs after remove_redundant_nops_and_jumps
 * reached its fixed point, and the passes in between change no NOP, location or jump,
 * so it only has work when a superinstruction left a NOP; otherwise it is skipped.
 * CPython: Python/flowgraph.c insert_superinstructions
 */
export function insertSuperinstructions(g: CfgBuilder): void {
  const d = code.d;
  let made = false;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    for (let p = b.off; p < last; p += F.STRIDE) {
      const opcode = d[p + F.OPCODE]!;
      const next = p + F.STRIDE;
      if (opcode === Op.LOAD_FAST) {
        if (d[next + F.OPCODE] === Op.LOAD_FAST && makeSuperInstruction(d, p, next, Op.LOAD_FAST_LOAD_FAST)) made = true;
      } else if (opcode === Op.STORE_FAST) {
        const nextop = d[next + F.OPCODE];
        if (nextop === Op.LOAD_FAST) {
          if (makeSuperInstruction(d, p, next, Op.STORE_FAST_LOAD_FAST)) made = true;
        } else if (nextop === Op.STORE_FAST) {
          if (makeSuperInstruction(d, p, next, Op.STORE_FAST_STORE_FAST)) made = true;
        }
      }
    }
  }
  if (made) removeRedundantNops(g);
}

// CPython: Python/flowgraph.c check_cfg
export function checkCfg(g: CfgBuilder): void {
  const d = code.d;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      // A jump or exit must be the last instruction in its block.
      if (isTerminatorOpcode(d[p + F.OPCODE]!) && p !== last) {
        throw new FlowgraphError('SystemError', 'malformed control flow graph.');
      }
    }
  }
}
