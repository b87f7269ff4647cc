// The adaptive code array of a code object that has never run: CPython quickens a code
// object when it creates it, writing the initial counters into the inline caches
// (`co._co_code_adaptive`, which `dis.dis(..., adaptive=True)` shows).
import { Op, cacheCount } from './opcodes.js';

/** CPython: pycore_backoff.h make_backoff_counter (value << 4 | backoff). */
function backoffCounter(value: number, backoff: number): number {
  return (value << 4) | backoff;
}

/** CPython: adaptive_counter_warmup() (ADAPTIVE_WARMUP_VALUE 1, ADAPTIVE_WARMUP_BACKOFF 1). */
const ADAPTIVE_WARMUP = backoffCounter(1, 1);
/** CPython: initial_jump_backoff_counter() (JUMP_BACKWARD_INITIAL_VALUE 4095, _BACKOFF 12). */
const JUMP_BACKWARD_INITIAL = backoffCounter(4095, 12);
/** Alternating 0, 1 bits: the branch history of a conditional jump that has not run. */
const BRANCH_HISTORY_INITIAL = 0x5555;

// CPython: Objects/codeobject.c _PyCode_Quicken (specialization enabled)
export function quickenedCode(coCode: Uint8Array): Uint8Array {
  const code = coCode.slice();
  const units = code.length >> 1;
  const setUnit = (i: number, value: number): void => {
    code[2 * i] = value & 0xff;
    code[2 * i + 1] = value >> 8;
  };
  // The last code unit cannot have a cache.
  for (let i = 0; i < units - 1; i++) {
    const opcode = code[2 * i]!;
    const caches = cacheCount(opcode);
    if (caches === 0) continue;
    switch (opcode) {
      case Op.JUMP_BACKWARD:
        setUnit(i + 1, JUMP_BACKWARD_INITIAL);
        break;
      case Op.POP_JUMP_IF_FALSE:
      case Op.POP_JUMP_IF_TRUE:
      case Op.POP_JUMP_IF_NONE:
      case Op.POP_JUMP_IF_NOT_NONE:
        setUnit(i + 1, BRANCH_HISTORY_INITIAL);
        break;
      default:
        setUnit(i + 1, ADAPTIVE_WARMUP);
    }
    i += caches;
  }
  return code;
}
