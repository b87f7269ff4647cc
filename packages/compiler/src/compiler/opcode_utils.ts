// Opcode classification macros the compiler's back end uses.
// CPython: Include/internal/pycore_opcode_utils.h (3.14) and the OPCODE_HAS_* /
// HAS_TARGET helpers from pycore_opcode_metadata.h.
// The flowgraph asks these for every instruction of every pass, so each is one load
// from a flat table of class bits indexed by opcode (built once, from the macros'
// definitions below).
import {
  hasJump as metadataHasJump,
  hasConst as metadataHasConst,
  hasEvalBreak as metadataHasEvalBreak,
  isPseudo,
  MAX_REAL_OPCODE,
} from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';

// The opcode tables the back end uses, re-exported from one place. `Op` is the compile-time
// copy of @tspy/bytecode's (scripts/gen-opcode-enum.ts): its numbers are written into the code.
export { Op };
export { opName, hasArg, numPopped, numPushed, deopt, MAX_REAL_OPCODE } from '@tspy/bytecode';

/** Opcodes are below this (CPython asserts opcode <= MAX_OPCODE = 511 for instructions). */
const OPCODE_LIMIT = 512;

/**
 * The class bits of OPCODE_CLASS. A const enum, so that the bundle holds the numbers:
 * a module-level constant is a variable that optimized code loads and checks at every use.
 */
const enum C {
  JUMP = 1,
  BLOCK_PUSH = 2,
  SCOPE_EXIT = 4,
  UNCONDITIONAL_JUMP = 8,
  CONDITIONAL_JUMP = 16,
  CONST = 32,
  EVAL_BREAK = 64,
  TARGET = JUMP | BLOCK_PUSH,
  TERMINATOR = JUMP | SCOPE_EXIT,
}

/** Class bits by opcode; out-of-range opcodes read `undefined`, which masks to 0. */
const OPCODE_CLASS: Uint8Array = buildOpcodeClasses();

function buildOpcodeClasses(): Uint8Array {
  const table = new Uint8Array(OPCODE_LIMIT);
  for (let op = 0; op < OPCODE_LIMIT; op++) {
    let bits = 0;
    if (metadataHasJump(op)) bits |= C.JUMP;
    if (op === Op.SETUP_FINALLY || op === Op.SETUP_WITH || op === Op.SETUP_CLEANUP) bits |= C.BLOCK_PUSH;
    if (op === Op.RETURN_VALUE || op === Op.RAISE_VARARGS || op === Op.RERAISE) bits |= C.SCOPE_EXIT;
    if (
      op === Op.JUMP ||
      op === Op.JUMP_NO_INTERRUPT ||
      op === Op.JUMP_FORWARD ||
      op === Op.JUMP_BACKWARD ||
      op === Op.JUMP_BACKWARD_NO_INTERRUPT
    ) {
      bits |= C.UNCONDITIONAL_JUMP;
    }
    if (
      op === Op.POP_JUMP_IF_FALSE ||
      op === Op.POP_JUMP_IF_TRUE ||
      op === Op.POP_JUMP_IF_NONE ||
      op === Op.POP_JUMP_IF_NOT_NONE
    ) {
      bits |= C.CONDITIONAL_JUMP;
    }
    if (metadataHasConst(op)) bits |= C.CONST;
    if (metadataHasEvalBreak(op)) bits |= C.EVAL_BREAK;
    table[op] = bits;
  }
  return table;
}

// CPython: pycore_opcode_metadata.h OPCODE_HAS_JUMP
export function hasJump(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.JUMP) !== 0;
}

// CPython: pycore_opcode_metadata.h OPCODE_HAS_CONST
export function hasConst(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.CONST) !== 0;
}

// CPython: pycore_opcode_metadata.h OPCODE_HAS_EVAL_BREAK
export function hasEvalBreak(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.EVAL_BREAK) !== 0;
}

// CPython: pycore_opcode_utils.h IS_WITHIN_OPCODE_RANGE
export function isWithinOpcodeRange(opcode: number): boolean {
  return (opcode >= 0 && opcode <= MAX_REAL_OPCODE) || isPseudo(opcode);
}

// CPython: pycore_opcode_utils.h IS_BLOCK_PUSH_OPCODE
export function isBlockPushOpcode(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.BLOCK_PUSH) !== 0;
}

// CPython: pycore_opcode_utils.h HAS_TARGET
export function hasTarget(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.TARGET) !== 0;
}

// CPython: pycore_opcode_utils.h IS_SCOPE_EXIT_OPCODE
export function isScopeExitOpcode(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.SCOPE_EXIT) !== 0;
}

// CPython: pycore_opcode_utils.h IS_TERMINATOR_OPCODE (opcodes that must end a basic block)
export function isTerminatorOpcode(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.TERMINATOR) !== 0;
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
  return (OPCODE_CLASS[opcode]! & C.UNCONDITIONAL_JUMP) !== 0;
}

/** IS_UNCONDITIONAL_JUMP_OPCODE || IS_SCOPE_EXIT_OPCODE: control never falls through
 *  (CPython: Python/flowgraph.c BB_NO_FALLTHROUGH's test on the last instruction). */
export function isNoFallthroughOpcode(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & (C.UNCONDITIONAL_JUMP | C.SCOPE_EXIT)) !== 0;
}

// CPython: pycore_opcode_utils.h IS_CONDITIONAL_JUMP_OPCODE
export function isConditionalJumpOpcode(opcode: number): boolean {
  return (OPCODE_CLASS[opcode]! & C.CONDITIONAL_JUMP) !== 0;
}

/** `RESUME` oparg bits (CPython: pycore_opcode_utils.h RESUME_*). */
export const RESUME_AT_FUNC_START = 0;
export const RESUME_OPARG_DEPTH1_MASK = 0x4;

/** CPython: pycore_compile.h _PY_STACK_USE_GUIDELINE */
export const STACK_USE_GUIDELINE = 30;

/** CPython: Include/cpython/code.h CO_MAXBLOCKS */
export const CO_MAXBLOCKS = 21;
