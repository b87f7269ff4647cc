// SWAP elimination: a run of SWAPs becomes an optimal one, and SWAPs before
// STORE_FAST/POP_TOP are applied by reordering those instructions instead.
// CPython: Python/flowgraph.c swaptimize, apply_static_swaps.
import { Op } from './opcode_utils.js';
import {
  type BasicBlock,
  code,
  F,
  setOp,
} from './flowgraph_cfg.js';

const VISITED = -1;

/**
 * Replaces a run of SWAPs and NOPs starting at `ix` with an optimal one of the same
 * effect; returns the index of the run's last instruction (or `ix`).
 * CPython: Python/flowgraph.c swaptimize
 */
export function swaptimize(block: BasicBlock, ix: number): number {
  const d = code.d;
  // The run's instructions: instruction k of the run is at base + k * STRIDE.
  const base = block.instr(ix);
  // Find the length of the run and the deepest stack position it touches.
  let depth = d[base + F.OPARG]!;
  let len = 0;
  let more = false;
  const limit = block.used - ix;
  while (++len < limit) {
    const p = base + len * F.STRIDE;
    const opcode = d[p + F.OPCODE];
    if (opcode === Op.SWAP) {
      depth = Math.max(depth, d[p + F.OPARG]!);
      more = true;
    } else if (opcode !== Op.NOP) {
      break;
    }
  }
  // Already optimal if there is only one SWAP.
  if (!more) return ix;
  // Simulate the run on the stack {0, 1, …, depth-1}.
  const stack = new Array<number>(depth);
  for (let i = 0; i < depth; i++) stack[i] = i;
  for (let p = base, end = base + len * F.STRIDE; p < end; p += F.STRIDE) {
    if (d[p + F.OPCODE] === Op.SWAP) {
      const oparg = d[p + F.OPARG]!;
      const top = stack[0]!;
      stack[0] = stack[oparg - 1]!;
      stack[oparg - 1] = top;
    }
  }
  // Un-shuffle cycle by cycle, writing the SWAPs from the end of the run backwards
  // (https://cs.stackexchange.com/a/13938); the solution is optimal, so it fits.
  let current = len - 1;
  for (let i = 0; i < depth; i++) {
    if (stack[i] === VISITED || stack[i] === i) continue;
    let j = i;
    for (;;) {
      // Swapping the top item with itself is pointless.
      if (j) setOp(d, base + current-- * F.STRIDE, Op.SWAP, j + 1);
      if (stack[j] === VISITED) break; // completed the cycle
      const nextJ = stack[j]!;
      stack[j] = VISITED;
      j = nextJ;
    }
  }
  // NOP out any unused instructions.
  while (current >= 0) setOp(d, base + current-- * F.STRIDE, Op.NOP, 0);
  return ix + len - 1;
}

/** Opcodes that can be reordered: they can't jump, raise or run arbitrary code, and only
 *  touch the top of the stack (popping it). CPython: flowgraph.c SWAPPABLE */
function swappable(opcode: number): boolean {
  return opcode === Op.STORE_FAST || opcode === Op.STORE_FAST_MAYBE_NULL || opcode === Op.POP_TOP;
}

// CPython: Python/flowgraph.c STORES_TO
function storesTo(d: Int32Array, p: number): number {
  const opcode = d[p + F.OPCODE];
  return opcode === Op.STORE_FAST || opcode === Op.STORE_FAST_MAYBE_NULL ? d[p + F.OPARG]! : -1;
}

// CPython: Python/flowgraph.c next_swappable_instruction
function nextSwappableInstruction(block: BasicBlock, i: number, lineno: number): number {
  const d = code.d;
  while (++i < block.used) {
    const p = block.instr(i);
    if (lineno >= 0 && d[p + F.LINENO] !== lineno) {
      // Optimizing across this instruction could change which names are bound
      // between line tracing events.
      return -1;
    }
    const opcode = d[p + F.OPCODE]!;
    if (opcode === Op.NOP) continue;
    if (swappable(opcode)) return i;
    return -1;
  }
  return -1;
}

/** Exchanges instructions `p` and `q`, all their fields (C's struct swap). */
function swapInstructions(d: Int32Array, p: number, q: number): void {
  for (let f = 0; f < F.STRIDE; f++) {
    const temp = d[p + f]!;
    d[p + f] = d[q + f]!;
    d[q + f] = temp;
  }
}

/**
 * Applies SWAPs statically by swapping instructions rather than stack items:
 * SWAP(2), POP_TOP, STORE_FAST(42) becomes NOP, STORE_FAST(42), POP_TOP.
 * CPython: Python/flowgraph.c apply_static_swaps
 */
export function applyStaticSwaps(block: BasicBlock, i: number): void {
  const d = code.d;
  // SWAPs are to our left, and potential swaperands are to our right.
  for (; i >= 0; i--) {
    const swap = block.instr(i);
    const opcode = d[swap + F.OPCODE]!;
    if (opcode !== Op.SWAP) {
      if (opcode === Op.NOP || swappable(opcode)) continue;
      return; // we can't reason about what this instruction does
    }
    const j = nextSwappableInstruction(block, i, -1);
    if (j < 0) return;
    let k = j;
    const lineno = d[block.instr(j) + F.LINENO]!;
    for (let count = d[swap + F.OPARG]! - 1; count > 0; count--) {
      k = nextSwappableInstruction(block, k, lineno);
      if (k < 0) return;
    }
    // Unsafe if the two instructions store to the same local, or an instruction
    // between them stores to either's local.
    const storeJ = storesTo(d, block.instr(j));
    const storeK = storesTo(d, block.instr(k));
    if (storeJ >= 0 || storeK >= 0) {
      if (storeJ === storeK) return;
      for (let idx = j + 1; idx < k; idx++) {
        const storeIdx = storesTo(d, block.instr(idx));
        if (storeIdx >= 0 && (storeIdx === storeJ || storeIdx === storeK)) return;
      }
    }
    setOp(d, swap, Op.NOP, 0);
    swapInstructions(d, block.instr(j), block.instr(k));
  }
}
