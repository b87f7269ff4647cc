// LOAD_FAST_CHECK for loads of locals that may be unbound, found by propagating
// "possibly uninitialized" masks through the CFG.
// CPython: Python/flowgraph.c add_checks_for_loads_of_uninitialized_variables.
import { Op } from './opcode_utils.js';
import {
  type BasicBlock,
  code,
  exceptOf,
  F,
  isJump,
  targetOf,
} from './flowgraph_cfg.js';

/**
 * The 64-bit masks are kept as two 32-bit halves on the block (`unsafeLo` for locals
 * 0–31, `unsafeHi` for 32–63).
 * CPython: Python/flowgraph.c maybe_push
 */
function maybePush(b: BasicBlock, lo: number, hi: number, stack: BasicBlock[]): void {
  // Push b if the mask gives new information; each block is on the stack at most once.
  const bothLo = (b.unsafeLo | lo) >>> 0;
  const bothHi = (b.unsafeHi | hi) >>> 0;
  if (b.unsafeLo !== bothLo || b.unsafeHi !== bothHi) {
    b.unsafeLo = bothLo;
    b.unsafeHi = bothHi;
    if (!b.visited) {
      stack.push(b);
      b.visited = true;
    }
  }
}

// CPython: Python/flowgraph.c scan_block_for_locals
function scanBlockForLocals(b: BasicBlock, stack: BasicBlock[]): void {
  // Bit i is set if local i is potentially uninitialized.
  let lo = b.unsafeLo;
  let hi = b.unsafeHi;
  const d = code.d;
  for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
    const handler = exceptOf(p);
    if (handler !== null) maybePush(handler, lo, hi, stack);
    const arg = d[p + F.OPARG]!;
    if (arg >= 64) continue;
    const isHi = arg >= 32;
    const bit = (1 << (arg & 31)) >>> 0;
    const isSet = ((isHi ? hi : lo) & bit) !== 0;
    let set: boolean | null = null;
    switch (d[p + F.OPCODE]) {
      case Op.DELETE_FAST:
      case Op.LOAD_FAST_AND_CLEAR:
      case Op.STORE_FAST_MAYBE_NULL:
        set = true;
        break;
      case Op.STORE_FAST:
        set = false;
        break;
      case Op.LOAD_FAST_CHECK:
        // If this doesn't raise, then the local is defined.
        set = false;
        break;
      case Op.LOAD_FAST:
        if (isSet) d[p + F.OPCODE] = Op.LOAD_FAST_CHECK;
        set = false;
        break;
    }
    if (set === null) continue;
    if (isHi) hi = (set ? hi | bit : hi & ~bit) >>> 0;
    else lo = (set ? lo | bit : lo & ~bit) >>> 0;
  }
  if (b.next !== null && b.hasFallthrough()) maybePush(b.next, lo, hi, stack);
  const last = b.lastInstr();
  if (last >= 0 && isJump(last)) maybePush(targetOf(last)!, lo, hi, stack);
}

/**
 * Locals beyond the first 64 are analysed one block at a time (no propagation).
 * CPython: Python/flowgraph.c fast_scan_many_locals
 */
function fastScanManyLocals(entryblock: BasicBlock, nlocals: number): void {
  // states[i - 64] == blocknum if local i is known initialized in that block.
  const states = new Int32Array(nlocals - 64);
  let blocknum = 0;
  const d = code.d;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    blocknum++;
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      const arg = d[p + F.OPARG]!;
      if (arg < 64) continue;
      switch (d[p + F.OPCODE]) {
        case Op.DELETE_FAST:
        case Op.LOAD_FAST_AND_CLEAR:
        case Op.STORE_FAST_MAYBE_NULL:
          states[arg - 64] = blocknum - 1;
          break;
        case Op.STORE_FAST:
          states[arg - 64] = blocknum;
          break;
        case Op.LOAD_FAST:
          if (states[arg - 64] !== blocknum) d[p + F.OPCODE] = Op.LOAD_FAST_CHECK;
          states[arg - 64] = blocknum;
          break;
      }
    }
  }
}

// CPython: Python/flowgraph.c add_checks_for_loads_of_uninitialized_variables
export function addChecksForLoadsOfUninitializedVariables(entryblock: BasicBlock, nlocals: number, nparams: number): void {
  if (nlocals === 0) return;
  if (nlocals > 64) {
    // To avoid O(nlocals**2) compilation, locals beyond the first 64 are only
    // analyzed one basicblock at a time.
    fastScanManyLocals(entryblock, nlocals);
    nlocals = 64;
  }
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) b.visited = false;
  const stack: BasicBlock[] = [];
  // First origin of being uninitialized: the non-parameter locals in the entry block.
  let startLo = 0;
  let startHi = 0;
  for (let i = nparams; i < nlocals; i++) {
    if (i < 32) startLo = (startLo | (1 << i)) >>> 0;
    else startHi = (startHi | (1 << (i - 32))) >>> 0;
  }
  maybePush(entryblock, startLo, startHi, stack);
  // Second origin: DELETE_FAST and friends anywhere, so scan every block once.
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) scanBlockForLocals(b, stack);
  // Propagate the uncertainty from the origins.
  while (stack.length > 0) {
    const b = stack.pop()!;
    b.visited = false; // no longer on the stack
    scanBlockForLocals(b, stack);
  }
}
