// Cold blocks (reached only through exception handlers) move to the end of the code.
// CPython: Python/flowgraph.c mark_warm, mark_cold, push_cold_blocks_to_end.
import { Op } from './opcode_utils.js';
import {
  type BasicBlock,
  type CfgBuilder,
  F,
  getMaxLabel,
  isJump,
  makeCfgTraversalStack,
  NO_LOCATION_INSTR,
  targetOf,
} from './flowgraph_cfg.js';
import { removeRedundantNopsAndJumps } from './flowgraph_optimize.js';

// CPython: Python/flowgraph.c mark_warm
function markWarm(entryblock: BasicBlock): void {
  const stack = makeCfgTraversalStack(entryblock);
  stack.push(entryblock);
  entryblock.visited = true;
  while (stack.length > 0) {
    const b = stack.pop()!;
    b.warm = true;
    const next = b.next;
    if (next !== null && b.hasFallthrough() && !next.visited) {
      stack.push(next);
      next.visited = true;
    }
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      if (isJump(p)) {
        const target = targetOf(p)!;
        if (!target.visited) {
          stack.push(target);
          target.visited = true;
        }
      }
    }
  }
}

// CPython: Python/flowgraph.c mark_cold
function markCold(entryblock: BasicBlock): void {
  markWarm(entryblock);
  const stack = makeCfgTraversalStack(entryblock);
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.exceptHandler) {
      stack.push(b);
      b.visited = true;
    }
  }
  while (stack.length > 0) {
    const b = stack.pop()!;
    b.cold = true;
    const next = b.next;
    if (next !== null && b.hasFallthrough() && !next.warm && !next.visited) {
      stack.push(next);
      next.visited = true;
    }
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      if (isJump(p)) {
        const target = targetOf(p)!;
        if (!target.warm && !target.visited) {
          stack.push(target);
          target.visited = true;
        }
      }
    }
  }
}

function hasExceptHandler(entryblock: BasicBlock): boolean {
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) if (b.exceptHandler) return true;
  return false;
}

// CPython: Python/flowgraph.c push_cold_blocks_to_end
export function pushColdBlocksToEnd(g: CfgBuilder): void {
  const entryblock = g.entryblock;
  if (entryblock.next === null) return; // a single block: nothing to reorder
  // Only exception handlers start cold streaks: without one nothing moves (the warm
  // marks are read nowhere else).
  if (!hasExceptHandler(entryblock)) return;
  markCold(entryblock);
  let nextLbl = getMaxLabel(entryblock) + 1;
  // A cold block falling through to a warm one gets an explicit jump instead.
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.cold && b.hasFallthrough() && b.next !== null && b.next.warm) {
      const explicitJump = g.newBlock();
      if (b.next.label === -1) b.next.label = nextLbl++;
      // CPython: basicblock_addop(..., NO_LOCATION), then sets the last instruction's i_target.
      explicitJump.addJump(Op.JUMP_NO_INTERRUPT, b.next, NO_LOCATION_INSTR);
      explicitJump.cold = true;
      explicitJump.next = b.next;
      explicitJump.predecessors = 1;
      b.next = explicitJump;
    }
  }
  let coldBlocks: BasicBlock | null = null;
  let coldBlocksTail: BasicBlock | null = null;
  let b: BasicBlock = entryblock;
  while (b.next !== null) {
    while (b.next !== null && !b.next.cold) b = b.next;
    if (b.next === null) break; // no more cold blocks
    // b.next begins a cold streak; find its end.
    let bEnd: BasicBlock = b.next;
    while (bEnd.next !== null && bEnd.next.cold) bEnd = bEnd.next;
    if (coldBlocks === null) coldBlocks = b.next;
    else coldBlocksTail!.next = b.next;
    coldBlocksTail = bEnd;
    b.next = bEnd.next;
    bEnd.next = null;
  }
  b.next = coldBlocks;
  if (coldBlocks !== null) removeRedundantNopsAndJumps(g);
}
