// Line numbers for instructions that codegen left without one (PEP 626: every exit
// must have a line). CPython: Python/flowgraph.c duplicate_exits_without_lineno,
// propagate_line_numbers, resolve_line_numbers.
import { NO_LOCATION, type SourceLocation } from './source_location.js';
import { type BasicBlock, type CfgBuilder, copyBasicblock, getMaxLabel, isJump, nextNonemptyBlock } from './flowgraph_cfg.js';
import { hasEvalBreak } from './opcode_utils.js';

// CPython: Python/flowgraph.c basicblock_has_eval_break
function basicblockHasEvalBreak(b: BasicBlock): boolean {
  for (const instr of b.instrs) if (hasEvalBreak(instr.opcode)) return true;
  return false;
}

// CPython: Python/flowgraph.c is_exit_or_eval_check_without_lineno
function isExitOrEvalCheckWithoutLineno(b: BasicBlock): boolean {
  // hasNoLineno first: it usually stops at the first instruction (all three are pure).
  return b.hasNoLineno() && (b.exitsScope() || basicblockHasEvalBreak(b));
}

/**
 * Exit blocks without a line number that several jumps reach are copied, one copy
 * per jump, so that each can take its line from its single predecessor.
 * CPython: Python/flowgraph.c duplicate_exits_without_lineno
 */
function duplicateExitsWithoutLineno(g: CfgBuilder): void {
  let nextLbl = -1; // getMaxLabel + 1, computed at the first copy
  const entryblock = g.entryblock;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    if (last === null || !isJump(last)) continue;
    const target = nextNonemptyBlock(last.target)!;
    if (target.predecessors > 1 && isExitOrEvalCheckWithoutLineno(target)) {
      const newTarget = copyBasicblock(g, target);
      newTarget.instrs[0]!.loc = last.loc;
      last.target = newTarget;
      target.predecessors--;
      newTarget.predecessors = 1;
      newTarget.next = target.next;
      if (nextLbl < 0) nextLbl = getMaxLabel(entryblock) + 1;
      newTarget.label = nextLbl++;
      target.next = newTarget;
    }
  }
  // Any remaining reachable exit blocks without line number can only be reached by
  // fall through, and thus have a single predecessor.
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.hasFallthrough() && b.next !== null && b.instrs.length > 0) {
      if (isExitOrEvalCheckWithoutLineno(b.next)) {
        b.next.instrs[0]!.loc = b.lastInstr()!.loc;
      }
    }
  }
}

/**
 * An instruction without a line takes its predecessor's in the block; a successor
 * block with one predecessor and no line on its first instruction inherits it.
 * CPython: Python/flowgraph.c propagate_line_numbers
 */
function propagateLineNumbers(entryblock: BasicBlock): void {
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    if (last === null) continue;
    let prevLocation: SourceLocation = NO_LOCATION;
    for (const instr of b.instrs) {
      if (instr.loc.lineno === NO_LOCATION.lineno) instr.loc = prevLocation;
      else prevLocation = instr.loc;
    }
    if (b.hasFallthrough() && b.next !== null && b.next.predecessors === 1) {
      const first = b.next.instrs[0];
      if (first !== undefined && first.loc.lineno === NO_LOCATION.lineno) first.loc = prevLocation;
    }
    if (isJump(last)) {
      const target = last.target!;
      if (target.predecessors === 1) {
        const first = target.instrs[0];
        if (first !== undefined && first.loc.lineno === NO_LOCATION.lineno) first.loc = prevLocation;
      }
    }
  }
}

// CPython: Python/flowgraph.c resolve_line_numbers
export function resolveLineNumbers(g: CfgBuilder, _firstlineno: number): void {
  duplicateExitsWithoutLineno(g);
  propagateLineNumbers(g.entryblock);
}
