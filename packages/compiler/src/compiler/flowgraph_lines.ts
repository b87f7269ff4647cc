// Line numbers for instructions that codegen left without one (PEP 626: every exit
// must have a line). CPython: Python/flowgraph.c duplicate_exits_without_lineno,
// propagate_line_numbers, resolve_line_numbers.
import { NO_LOCATION } from './source_location.js';
import {
  type BasicBlock,
  type CfgBuilder,
  code,
  copyBasicblock,
  copyLocation,
  F,
  getMaxLabel,
  isJump,
  nextNonemptyBlock,
  NO_LOCATION_INSTR,
  targetOf,
} from './flowgraph_cfg.js';
import { hasEvalBreak } from './opcode_utils.js';

// CPython: Python/flowgraph.c basicblock_has_eval_break
function basicblockHasEvalBreak(b: BasicBlock): boolean {
  const d = code.d;
  for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) if (hasEvalBreak(d[p + F.OPCODE]!)) return true;
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
    if (last < 0 || !isJump(last)) continue;
    const target = nextNonemptyBlock(targetOf(last))!;
    if (target.predecessors > 1 && isExitOrEvalCheckWithoutLineno(target)) {
      const newTarget = copyBasicblock(g, target);
      // The copy only grew the new block: `last` still points into b, but code.d may
      // have been replaced, so it is read again.
      const d = code.d;
      copyLocation(d, newTarget.off, last);
      d[last + F.TARGET] = newTarget.id;
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
  const d = code.d;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.hasFallthrough() && b.next !== null && b.used > 0) {
      if (isExitOrEvalCheckWithoutLineno(b.next)) copyLocation(d, b.next.off, b.lastInstr());
    }
  }
}

/**
 * An instruction without a line takes its predecessor's in the block; a successor
 * block with one predecessor and no line on its first instruction inherits it.
 * CPython: Python/flowgraph.c propagate_line_numbers
 */
function propagateLineNumbers(entryblock: BasicBlock): void {
  const d = code.d;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    const last = b.lastInstr();
    if (last < 0) continue;
    // CPython's prev_location is a copy; here it is the instruction it was taken from,
    // whose location nothing overwrites below (only instructions without a line are).
    let prev = NO_LOCATION_INSTR;
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      if (d[p + F.LINENO] === NO_LOCATION.lineno) copyLocation(d, p, prev);
      else prev = p;
    }
    if (b.hasFallthrough() && b.next !== null && b.next.predecessors === 1) {
      const next = b.next;
      if (next.used > 0 && d[next.off + F.LINENO] === NO_LOCATION.lineno) copyLocation(d, next.off, prev);
    }
    if (isJump(last)) {
      const target = targetOf(last)!;
      if (target.predecessors === 1) {
        if (target.used > 0 && d[target.off + F.LINENO] === NO_LOCATION.lineno) copyLocation(d, target.off, prev);
      }
    }
  }
}

// CPython: Python/flowgraph.c resolve_line_numbers
export function resolveLineNumbers(g: CfgBuilder, _firstlineno: number): void {
  duplicateExitsWithoutLineno(g);
  propagateLineNumbers(g.entryblock);
}
