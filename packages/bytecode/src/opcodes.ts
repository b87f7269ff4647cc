// The CPython 3.14 instruction set as the compiler, dis and the VM use it: opcode numbers,
// stack effects, caches, flags, families and pseudo instructions. The tables are generated
// from instructions/bytecodes.def by scripts/gen-opcodes.ts (src/generated/); this module is
// the API over them (CPython: Lib/opcode.py, Modules/_opcode.c, pycore_opcode_metadata.h,
// pycore_opcode_utils.h).
import { Op, HAVE_ARGUMENT, MIN_INSTRUMENTED_OPCODE, MAX_REAL_OPCODE, MIN_PSEUDO_OPCODE, MAX_PSEUDO_OPCODE, MIN_SPECIALIZED_OPCODE } from './generated/opcode_ids.js';
import {
  OPCODE_METADATA_SIZE, OPCODE_NAMES, OPCODE_FLAGS, OPCODE_VALID, OPCODE_CACHES, OPCODE_DEOPT, INSTR_FORMATS,
  SPECIALIZATIONS, PSEUDO_TARGETS, CACHE_FORMAT, numPoppedTable, numPushedTable,
  NUM_POPPED_FIXED, NUM_PUSHED_FIXED, STACK_COUNT_DEPENDS_ON_OPARG,
  HAS_ARG_FLAG, HAS_CONST_FLAG, HAS_NAME_FLAG, HAS_JUMP_FLAG, HAS_FREE_FLAG, HAS_LOCAL_FLAG,
  HAS_EVAL_BREAK_FLAG, HAS_DEOPT_FLAG, HAS_ERROR_FLAG, HAS_ESCAPES_FLAG, HAS_EXIT_FLAG, HAS_PURE_FLAG,
  HAS_ERROR_NO_POP_FLAG, HAS_NO_SAVE_IP_FLAG,
} from './generated/opcode_metadata.js';

export { Op, type OpcodeName } from './generated/opcode_ids.js';
/** Flat popped/pushed counts by opcode for hot loops: the count, STACK_COUNT_DEPENDS_ON_OPARG
 *  (then call numPopped/numPushed), or -1 for an invalid opcode. */
export { NUM_POPPED_FIXED, NUM_PUSHED_FIXED, STACK_COUNT_DEPENDS_ON_OPARG };
export {
  HAVE_ARGUMENT, MIN_INSTRUMENTED_OPCODE, MAX_REAL_OPCODE, MIN_PSEUDO_OPCODE, MAX_PSEUDO_OPCODE, MIN_SPECIALIZED_OPCODE,
  OPCODE_METADATA_SIZE,
  HAS_ARG_FLAG, HAS_CONST_FLAG, HAS_NAME_FLAG, HAS_JUMP_FLAG, HAS_FREE_FLAG, HAS_LOCAL_FLAG,
  HAS_EVAL_BREAK_FLAG, HAS_DEOPT_FLAG, HAS_ERROR_FLAG, HAS_ESCAPES_FLAG, HAS_EXIT_FLAG, HAS_PURE_FLAG,
  HAS_ERROR_NO_POP_FLAG, HAS_NO_SAVE_IP_FLAG,
};

/** Opcode -> name for every opcode up to the last pseudo op, `<n>` where none
 *  (CPython: dis._all_opname; `dis.opname` lacks the specialized names). */
export const opName: readonly string[] = OPCODE_NAMES;

/** Raised for an opcode or oparg that has no stack effect (CPython raises ValueError). */
export class InvalidOpcodeError extends RangeError {
  constructor(message = 'invalid opcode or oparg') {
    super(message);
    this.name = 'InvalidOpcodeError';
  }
}

/** `_PyOpcode_opcode_metadata[op].flags`, 0 for an opcode out of range. */
export function opcodeFlags(op: number): number {
  return op >= 0 && op < OPCODE_METADATA_SIZE ? OPCODE_FLAGS[op]! : 0;
}

/** CPython: IS_VALID_OPCODE / `_opcode.is_valid`. */
export function isValidOpcode(op: number): boolean {
  return op >= 0 && op < OPCODE_METADATA_SIZE && OPCODE_VALID[op] === 1;
}

/** Values the instruction pops (CPython: _PyOpcode_num_popped); -1 for an invalid opcode.
 *  A flat table answers for the opcodes whose count is a constant (most of them). */
export function numPopped(op: number, oparg: number): number {
  if (op >= 0 && op < OPCODE_METADATA_SIZE) {
    const n = NUM_POPPED_FIXED[op]!;
    if (n !== STACK_COUNT_DEPENDS_ON_OPARG) return n;
  }
  return numPoppedTable(op, oparg);
}

/** Values the instruction pushes (CPython: _PyOpcode_num_pushed); -1 for an invalid opcode. */
export function numPushed(op: number, oparg: number): number {
  if (op >= 0 && op < OPCODE_METADATA_SIZE) {
    const n = NUM_PUSHED_FIXED[op]!;
    if (n !== STACK_COUNT_DEPENDS_ON_OPARG) return n;
  }
  return numPushedTable(op, oparg);
}

// CPython: pycore_opcode_utils.h IS_BLOCK_PUSH_OPCODE
export function isBlockPush(op: number): boolean {
  return op === Op.SETUP_FINALLY || op === Op.SETUP_WITH || op === Op.SETUP_CLEANUP;
}

/**
 * The net stack effect, or null where CPython fails (specialized or unknown opcodes).
 * `jump`: true/undefined = the effect when jumping (for block pushes, into the handler),
 * false = when not jumping. CPython: Python/flowgraph.c get_stack_effects.
 */
export function stackEffectOrNull(op: number, oparg: number, jump?: boolean): number | null {
  if (op < 0) return null;
  if (op <= MAX_REAL_OPCODE && OPCODE_DEOPT[op] !== op) return null; // specialized
  const popped = numPopped(op, oparg);
  const pushed = numPushed(op, oparg);
  if (popped < 0 || pushed < 0) return null;
  if (isBlockPush(op) && jump === false) return 0;
  return pushed - popped;
}

/** CPython: `_opcode.stack_effect(op, oparg, jump=None)`; throws InvalidOpcodeError where it raises ValueError. */
export function stackEffect(op: number, oparg: number, jump?: boolean): number {
  const effect = stackEffectOrNull(op, oparg, jump);
  if (effect === null) throw new InvalidOpcodeError();
  return effect;
}

/** Inline cache entries after the instruction (CPython: _PyOpcode_Caches). */
export function cacheCount(op: number): number {
  return op >= 0 && op < 256 ? OPCODE_CACHES[op]! : 0;
}

/** The generic instruction of a specialized one, the opcode itself otherwise (CPython: _PyOpcode_Deopt). */
export function deopt(op: number): number {
  return op >= 0 && op < 256 ? OPCODE_DEOPT[op]! : op;
}

// CPython: _opcode.has_arg ... has_local (OPCODE_HAS_* on valid opcodes)
export function hasArg(op: number): boolean { return (opcodeFlags(op) & HAS_ARG_FLAG) !== 0; }
export function hasConst(op: number): boolean { return (opcodeFlags(op) & HAS_CONST_FLAG) !== 0; }
export function hasName(op: number): boolean { return (opcodeFlags(op) & HAS_NAME_FLAG) !== 0; }
export function hasJump(op: number): boolean { return (opcodeFlags(op) & HAS_JUMP_FLAG) !== 0; }
export function hasFree(op: number): boolean { return (opcodeFlags(op) & HAS_FREE_FLAG) !== 0; }
export function hasLocal(op: number): boolean { return (opcodeFlags(op) & HAS_LOCAL_FLAG) !== 0; }
/** CPython: `_opcode.has_exc` — the block-push pseudo ops that set up a handler. */
export function hasExc(op: number): boolean { return isValidOpcode(op) && isBlockPush(op); }

// CPython: pycore_opcode_metadata.h OPCODE_HAS_* for the flags the compiler and VM consult.
export function hasEvalBreak(op: number): boolean { return (opcodeFlags(op) & HAS_EVAL_BREAK_FLAG) !== 0; }
export function hasDeopt(op: number): boolean { return (opcodeFlags(op) & HAS_DEOPT_FLAG) !== 0; }
export function hasError(op: number): boolean { return (opcodeFlags(op) & HAS_ERROR_FLAG) !== 0; }
export function hasErrorNoPop(op: number): boolean { return (opcodeFlags(op) & HAS_ERROR_NO_POP_FLAG) !== 0; }
export function hasEscapes(op: number): boolean { return (opcodeFlags(op) & HAS_ESCAPES_FLAG) !== 0; }
export function hasExit(op: number): boolean { return (opcodeFlags(op) & HAS_EXIT_FLAG) !== 0; }
export function hasPure(op: number): boolean { return (opcodeFlags(op) & HAS_PURE_FLAG) !== 0; }
export function hasNoSaveIp(op: number): boolean { return (opcodeFlags(op) & HAS_NO_SAVE_IP_FLAG) !== 0; }

/** CPython: IS_PSEUDO_INSTR. */
export function isPseudo(op: number): boolean {
  return op >= MIN_PSEUDO_OPCODE && op <= MAX_PSEUDO_OPCODE;
}

/** The real opcodes a pseudo opcode may become (CPython: _PyOpcode_PseudoTargets); [] for others. */
export function pseudoTargets(op: number): readonly number[] {
  return isPseudo(op) ? PSEUDO_TARGETS[op - MIN_PSEUDO_OPCODE]! : [];
}

/** Whether the opcode is a specialized instruction (a family member other than its head). */
export function isSpecialized(op: number): boolean {
  return op >= 0 && op <= MAX_REAL_OPCODE && OPCODE_DEOPT[op] !== op;
}

/** Whether the opcode is an instrumented instruction (CPython: op >= MIN_INSTRUMENTED_OPCODE). */
export function isInstrumented(op: number): boolean {
  return op >= MIN_INSTRUMENTED_OPCODE && op <= MAX_REAL_OPCODE;
}

/** `_PyOpcode_opcode_metadata[op].instr_format` (e.g. `INSTR_FMT_IBC00`), null for pseudo or unknown ops. */
export function instrFormat(op: number): string | null {
  return op >= 0 && op < OPCODE_METADATA_SIZE ? INSTR_FORMATS[op]! : null;
}

/** Family head -> specialized instruction names (CPython: _opcode_metadata._specializations). */
export const specializations: Readonly<Record<string, readonly string[]>> = SPECIALIZATIONS;

/** Per family, its named inline cache fields and their sizes in code units (CPython: dis._cache_format). */
export const cacheFormat: Readonly<Record<string, Readonly<Record<string, number>>>> = CACHE_FORMAT;

/** The opcode for a name (real, specialized, instrumented or pseudo), or undefined. */
export function opcodeOf(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(Op, name) ? (Op as Record<string, number>)[name] : undefined;
}
