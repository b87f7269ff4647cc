// SWAP elimination: a run of SWAPs becomes an optimal one, and SWAPs before
// STORE_FAST/POP_TOP are applied by reordering those instructions instead.
// CPython: Python/flowgraph.c swaptimize, apply_static_swaps.
import { Op } from './opcode_utils.js';
import type { BasicBlock, CfgInstr } from './flowgraph_cfg.js';

const VISITED = -1;

/**
 * Replaces a run of SWAPs and NOPs starting at `ix` with an optimal one of the same
 * effect; returns the index of the run's last instruction (or `ix`).
 * CPython: Python/flowgraph.c swaptimize
 */
export function swaptimize(block: BasicBlock, ix: number): number {
  const instrs = block.instrs;
  // Find the length of the run and the deepest stack position it touches.
  let depth = instrs[ix]!.oparg;
  let len = 0;
  let more = false;
  const limit = instrs.length - ix;
  while (++len < limit) {
    const opcode = instrs[ix + len]!.opcode;
    if (opcode === Op.SWAP) {
      depth = Math.max(depth, instrs[ix + len]!.oparg);
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
  for (let i = 0; i < len; i++) {
    const instr = instrs[ix + i]!;
    if (instr.opcode === Op.SWAP) {
      const oparg = instr.oparg;
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
      if (j) {
        const instr = instrs[ix + current--]!;
        instr.opcode = Op.SWAP;
        instr.oparg = j + 1;
      }
      if (stack[j] === VISITED) break; // completed the cycle
      const nextJ = stack[j]!;
      stack[j] = VISITED;
      j = nextJ;
    }
  }
  // NOP out any unused instructions.
  while (current >= 0) instrs[ix + current--]!.setOp(Op.NOP, 0);
  return ix + len - 1;
}

/** Opcodes that can be reordered: they can't jump, raise or run arbitrary code, and only
 *  touch the top of the stack (popping it). CPython: flowgraph.c SWAPPABLE */
function swappable(opcode: number): boolean {
  return opcode === Op.STORE_FAST || opcode === Op.STORE_FAST_MAYBE_NULL || opcode === Op.POP_TOP;
}

// CPython: Python/flowgraph.c STORES_TO
function storesTo(instr: CfgInstr): number {
  return instr.opcode === Op.STORE_FAST || instr.opcode === Op.STORE_FAST_MAYBE_NULL ? instr.oparg : -1;
}

// CPython: Python/flowgraph.c next_swappable_instruction
function nextSwappableInstruction(block: BasicBlock, i: number, lineno: number): number {
  const instrs = block.instrs;
  while (++i < instrs.length) {
    const instruction = instrs[i]!;
    if (lineno >= 0 && instruction.loc.lineno !== lineno) {
      // Optimizing across this instruction could change which names are bound
      // between line tracing events.
      return -1;
    }
    if (instruction.opcode === Op.NOP) continue;
    if (swappable(instruction.opcode)) return i;
    return -1;
  }
  return -1;
}

/**
 * Applies SWAPs statically by swapping instructions rather than stack items:
 * SWAP(2), POP_TOP, STORE_FAST(42) becomes NOP, STORE_FAST(42), POP_TOP.
 * CPython: Python/flowgraph.c apply_static_swaps
 */
export function applyStaticSwaps(block: BasicBlock, i: number): void {
  const instrs = block.instrs;
  // SWAPs are to our left, and potential swaperands are to our right.
  for (; i >= 0; i--) {
    const swap = instrs[i]!;
    if (swap.opcode !== Op.SWAP) {
      if (swap.opcode === Op.NOP || swappable(swap.opcode)) continue;
      return; // we can't reason about what this instruction does
    }
    const j = nextSwappableInstruction(block, i, -1);
    if (j < 0) return;
    let k = j;
    const lineno = instrs[j]!.loc.lineno;
    for (let count = swap.oparg - 1; count > 0; count--) {
      k = nextSwappableInstruction(block, k, lineno);
      if (k < 0) return;
    }
    // Unsafe if the two instructions store to the same local, or an instruction
    // between them stores to either's local.
    const storeJ = storesTo(instrs[j]!);
    const storeK = storesTo(instrs[k]!);
    if (storeJ >= 0 || storeK >= 0) {
      if (storeJ === storeK) return;
      for (let idx = j + 1; idx < k; idx++) {
        const storeIdx = storesTo(instrs[idx]!);
        if (storeIdx >= 0 && (storeIdx === storeJ || storeIdx === storeK)) return;
      }
    }
    swap.setOp(Op.NOP, 0);
    const temp = instrs[j]!;
    instrs[j] = instrs[k]!;
    instrs[k] = temp;
  }
}
