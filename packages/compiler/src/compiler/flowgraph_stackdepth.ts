// The maximum stack depth of a code unit, and each block's depth on entry.
// CPython: Python/flowgraph.c get_stack_effects, stackdepth_push, calculate_stackdepth.
import { Op, deopt, numPopped, numPushed, MAX_REAL_OPCODE } from './opcode_utils.js';
import { type BasicBlock, type CfgBuilder, FlowgraphError } from './flowgraph_cfg.js';
import { hasTarget, isBlockPushOpcode, isScopeExitOpcode, isUnconditionalJumpOpcode } from './opcode_utils.js';

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
  let maxdepth = 0;
  stackdepthPush(stack, entryblock, 0);
  while (stack.length > 0) {
    const b = stack.pop()!;
    let depth = b.startdepth;
    let next = b.next;
    for (const instr of b.instrs) {
      const effect = getStackEffect(instr.opcode, instr.oparg, false);
      if (effect === null) throw invalidStackEffect(instr.opcode, instr.oparg);
      const newDepth = depth + effect;
      if (newDepth < 0) throw new FlowgraphError('ValueError', 'Invalid CFG, stack underflow');
      maxdepth = Math.max(maxdepth, depth);
      if (hasTarget(instr.opcode) && instr.opcode !== Op.END_ASYNC_FOR) {
        const jumpEffect = getStackEffect(instr.opcode, instr.oparg, true);
        if (jumpEffect === null) throw invalidStackEffect(instr.opcode, instr.oparg);
        stackdepthPush(stack, instr.target!, depth + jumpEffect);
      }
      depth = newDepth;
      if (isUnconditionalJumpOpcode(instr.opcode) || isScopeExitOpcode(instr.opcode)) {
        // The remaining code is dead.
        next = null;
        break;
      }
    }
    if (next !== null) stackdepthPush(stack, next, depth);
  }
  return maxdepth;
}
