// The maximum stack depth of a code unit, and each block's depth on entry.
// CPython: Python/flowgraph.c get_stack_effects, stackdepth_push, calculate_stackdepth.
import { NUM_POPPED_FIXED, NUM_PUSHED_FIXED, STACK_COUNT_DEPENDS_ON_OPARG } from '@tspy/bytecode';
import { Op, deopt, numPopped, numPushed, MAX_REAL_OPCODE } from './opcode_utils.js';
import {
  type BasicBlock,
  type CfgBuilder,
  code,
  F,
  FlowgraphError,
  targetOf,
} from './flowgraph_cfg.js';
import { hasTarget, isBlockPushOpcode, isNoFallthroughOpcode } from './opcode_utils.js';

/**
 * The net stack effect of an instruction when it jumps (`jump` true) or falls
 * through; null for an unknown or specialized opcode.
 * CPython: Python/flowgraph.c get_stack_effects
 */
export function getStackEffect(opcode: number, oparg: number, jump: boolean): number | null {
  if (opcode < 0) return null;
  // Specialized instructions are not supported.
  if (opcode <= MAX_REAL_OPCODE && deopt(opcode) !== opcode) return null;
  const popped = numPopped(opcode, oparg);
  const pushed = numPushed(opcode, oparg);
  if (popped < 0 || pushed < 0) return null;
  if (isBlockPushOpcode(opcode) && !jump) return 0;
  return pushed - popped;
}

// getStackEffect as flat tables by opcode for calculateStackdepth's loop: the effect,
// Effect.INVALID where it is null, Effect.DEPENDS_ON_OPARG where it needs the oparg.
// (A const enum: the bundle holds the numbers, where module-level constants are variables
// that optimized code loads and checks at every use.)
const enum Effect {
  TABLE_SIZE = 512,
  INVALID = -0x40000000,
  DEPENDS_ON_OPARG = 0x40000000,
}
const JUMP_EFFECT = buildEffectTable(true);
const FALLTHROUGH_EFFECT = buildEffectTable(false);

function buildEffectTable(jump: boolean): Int32Array {
  const table = new Int32Array(Effect.TABLE_SIZE);
  for (let op = 0; op < Effect.TABLE_SIZE; op++) {
    const popped = op < NUM_POPPED_FIXED.length ? NUM_POPPED_FIXED[op]! : -1;
    const pushed = op < NUM_PUSHED_FIXED.length ? NUM_PUSHED_FIXED[op]! : -1;
    if (popped === STACK_COUNT_DEPENDS_ON_OPARG || pushed === STACK_COUNT_DEPENDS_ON_OPARG) {
      table[op] = Effect.DEPENDS_ON_OPARG;
    } else {
      const effect = getStackEffect(op, 0, jump);
      table[op] = effect === null ? Effect.INVALID : effect;
    }
  }
  return table;
}

/** getStackEffect through the tables; throws where it is null. */
function stackEffectOf(table: Int32Array, opcode: number, oparg: number, jump: boolean): number {
  let effect = opcode >= 0 && opcode < Effect.TABLE_SIZE ? table[opcode]! : Effect.DEPENDS_ON_OPARG;
  if (effect === Effect.DEPENDS_ON_OPARG) {
    const e = getStackEffect(opcode, oparg, jump);
    effect = e === null ? Effect.INVALID : e;
  }
  if (effect === Effect.INVALID) throw invalidStackEffect(opcode, oparg);
  return effect;
}

// CPython: Python/flowgraph.c stackdepth_push
function stackdepthPush(stack: BasicBlock[], b: BasicBlock, depth: number): void {
  if (!(b.startdepth < 0 || b.startdepth === depth)) {
    throw new FlowgraphError('ValueError', 'Invalid CFG, inconsistent stackdepth');
  }
  if (b.startdepth < depth && b.startdepth < 100) {
    b.startdepth = depth;
    stack.push(b);
  }
}

function invalidStackEffect(opcode: number, oparg: number): FlowgraphError {
  return new FlowgraphError('SystemError', `Invalid stack effect for opcode=${opcode}, arg=${oparg}`);
}

/**
 * Finds the flow path that needs the largest stack, assuming that cycles in the
 * flow graph have no net effect on the stack depth; sets every block's startdepth.
 * CPython: Python/flowgraph.c calculate_stackdepth
 */
export function calculateStackdepth(g: CfgBuilder): number {
  const entryblock = g.entryblock;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    b.startdepth = -0x80000000; // INT_MIN
    b.visited = false;
  }
  const stack: BasicBlock[] = [];
  const d = code.d; // the pass adds no instructions
  let maxdepth = 0;
  stackdepthPush(stack, entryblock, 0);
  while (stack.length > 0) {
    const b = stack.pop()!;
    let depth = b.startdepth;
    let next = b.next;
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      const opcode = d[p + F.OPCODE]!;
      const oparg = d[p + F.OPARG]!;
      const newDepth = depth + stackEffectOf(FALLTHROUGH_EFFECT, opcode, oparg, false);
      if (newDepth < 0) throw new FlowgraphError('ValueError', 'Invalid CFG, stack underflow');
      if (depth > maxdepth) maxdepth = depth;
      if (hasTarget(opcode) && opcode !== Op.END_ASYNC_FOR) {
        const jumpEffect = stackEffectOf(JUMP_EFFECT, opcode, oparg, true);
        stackdepthPush(stack, targetOf(p)!, depth + jumpEffect);
      }
      depth = newDepth;
      if (isNoFallthroughOpcode(opcode)) {
        // The remaining code is dead.
        next = null;
        break;
      }
    }
    if (next !== null) stackdepthPush(stack, next, depth);
  }
  return maxdepth;
}
