// Opcode classification macros the compiler's back end uses.
// CPython: Include/internal/pycore_opcode_utils.h (3.14) and the OPCODE_HAS_* /
// HAS_TARGET helpers from pycore_opcode_metadata.h.
import { Op, hasJump, isPseudo, MAX_REAL_OPCODE } from '@tspy/bytecode';

// The opcode tables the back end uses, re-exported from one place.
export { Op, opName, hasArg, hasConst, hasJump, hasEvalBreak, numPopped, numPushed, deopt, MAX_REAL_OPCODE } from '@tspy/bytecode';

// CPython: pycore_opcode_utils.h IS_WITHIN_OPCODE_RANGE
export function isWithinOpcodeRange(opcode: number): boolean {
  return (opcode >= 0 && opcode <= MAX_REAL_OPCODE) || isPseudo(opcode);
}

// CPython: pycore_opcode_utils.h IS_BLOCK_PUSH_OPCODE
export function isBlockPushOpcode(opcode: number): boolean {
  return opcode === Op.SETUP_FINALLY || opcode === Op.SETUP_WITH || opcode === Op.SETUP_CLEANUP;
}

// CPython: pycore_opcode_utils.h HAS_TARGET
export function hasTarget(opcode: number): boolean {
  return hasJump(opcode) || isBlockPushOpcode(opcode);
}

// CPython: pycore_opcode_utils.h IS_SCOPE_EXIT_OPCODE
export function isScopeExitOpcode(opcode: number): boolean {
  return opcode === Op.RETURN_VALUE || opcode === Op.RAISE_VARARGS || opcode === Op.RERAISE;
}

// CPython: pycore_opcode_utils.h IS_TERMINATOR_OPCODE (opcodes that must end a basic block)
export function isTerminatorOpcode(opcode: number): boolean {
  return hasJump(opcode) || isScopeExitOpcode(opcode);
}

// CPython: pycore_opcode_utils.h IS_ASSEMBLER_OPCODE (emitted only by the assembler)
export function isAssemblerOpcode(opcode: number): boolean {
  return opcode === Op.JUMP_FORWARD || opcode === Op.JUMP_BACKWARD || opcode === Op.JUMP_BACKWARD_NO_INTERRUPT;
}

// CPython: pycore_opcode_utils.h IS_BACKWARDS_JUMP_OPCODE
export function isBackwardsJumpOpcode(opcode: number): boolean {
  return opcode === Op.JUMP_BACKWARD || opcode === Op.JUMP_BACKWARD_NO_INTERRUPT;
}

// CPython: pycore_opcode_utils.h IS_UNCONDITIONAL_JUMP_OPCODE
export function isUnconditionalJumpOpcode(opcode: number): boolean {
  return (
    opcode === Op.JUMP ||
    opcode === Op.JUMP_NO_INTERRUPT ||
    opcode === Op.JUMP_FORWARD ||
    opcode === Op.JUMP_BACKWARD ||
    opcode === Op.JUMP_BACKWARD_NO_INTERRUPT
  );
}

// CPython: pycore_opcode_utils.h IS_CONDITIONAL_JUMP_OPCODE
export function isConditionalJumpOpcode(opcode: number): boolean {
  return (
    opcode === Op.POP_JUMP_IF_FALSE ||
    opcode === Op.POP_JUMP_IF_TRUE ||
    opcode === Op.POP_JUMP_IF_NONE ||
    opcode === Op.POP_JUMP_IF_NOT_NONE
  );
}

/** `RESUME` oparg bits (CPython: pycore_opcode_utils.h RESUME_*). */
export const RESUME_AT_FUNC_START = 0;
export const RESUME_OPARG_DEPTH1_MASK = 0x4;

/** CPython: pycore_compile.h _PY_STACK_USE_GUIDELINE */
export const STACK_USE_GUIDELINE = 30;

/** CPython: Include/cpython/code.h CO_MAXBLOCKS */
export const CO_MAXBLOCKS = 21;
