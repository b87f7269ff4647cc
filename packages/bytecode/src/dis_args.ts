// How `dis` shows an instruction's argument: the resolved value's text (argrepr) and the
// jump labels. CPython: Lib/dis.py ArgResolver, _get_const_info, _get_name_info,
// _get_jump_target, and the tables of Lib/opcode.py it reads.
import { CodeObject, type MarshalValue } from './code_object.js';
import { PyWideStr } from './constants.js';
import { pyRepr } from './repr.js';
import { Op, deopt, hasArg, hasConst, hasName, hasJump, hasExc, hasLocal, hasFree, cacheCount } from './opcodes.js';

/** BINARY_OP argreprs by oparg (CPython: `_opcode.get_nb_ops()` symbols). */
const NB_SYMBOLS: readonly string[] = [
  '+', '&', '//', '<<', '@', '*', '%', '|', '**', '>>', '-', '/', '^',
  '+=', '&=', '//=', '<<=', '@=', '*=', '%=', '|=', '**=', '>>=', '-=', '/=', '^=', '[]',
];

/** CPython: `_opcode.get_intrinsic1_descs()`. */
const INTRINSIC_1_DESCS: readonly string[] = [
  'INTRINSIC_1_INVALID', 'INTRINSIC_PRINT', 'INTRINSIC_IMPORT_STAR', 'INTRINSIC_STOPITERATION_ERROR',
  'INTRINSIC_ASYNC_GEN_WRAP', 'INTRINSIC_UNARY_POSITIVE', 'INTRINSIC_LIST_TO_TUPLE', 'INTRINSIC_TYPEVAR',
  'INTRINSIC_PARAMSPEC', 'INTRINSIC_TYPEVARTUPLE', 'INTRINSIC_SUBSCRIPT_GENERIC', 'INTRINSIC_TYPEALIAS',
];

/** CPython: `_opcode.get_intrinsic2_descs()`. */
const INTRINSIC_2_DESCS: readonly string[] = [
  'INTRINSIC_2_INVALID', 'INTRINSIC_PREP_RERAISE_STAR', 'INTRINSIC_TYPEVAR_WITH_BOUND',
  'INTRINSIC_TYPEVAR_WITH_CONSTRAINTS', 'INTRINSIC_SET_FUNCTION_TYPE_PARAMS', 'INTRINSIC_SET_TYPEPARAM_DEFAULT',
];

/** LOAD_COMMON_CONSTANT argreprs: a type's `__name__`, else `repr()` (CPython: opcode._common_constants). */
const COMMON_CONSTANT_REPRS: readonly string[] = [
  'AssertionError', 'NotImplementedError', 'tuple', '<built-in function all>', '<built-in function any>',
];

/** CPython: `_opcode.get_special_method_names()`. */
const SPECIAL_METHOD_NAMES: readonly string[] = ['__enter__', '__exit__', '__aenter__', '__aexit__'];

/** CPython: opcode.cmp_op. */
const CMP_OP: readonly string[] = ['<', '<=', '==', '!=', '>', '>='];

/** CPython: dis.FUNCTION_ATTR_FLAGS. */
export const FUNCTION_ATTR_FLAGS: readonly string[] = ['defaults', 'kwdefaults', 'annotations', 'closure', 'annotate'];

const CONVERSION_REPRS: readonly string[] = ['', 'str', 'repr', 'ascii'];

/** An argument dis cannot show (an index out of range). */
export class DisArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DisArgumentError';
  }
}

const fakeAddresses = new WeakMap<CodeObject, number>();
let nextFakeAddress = 0x7f3a00001000;

/** A stable made-up address for a code object's repr (CPython prints the object's pointer). */
function addressOf(code: CodeObject): string {
  let address = fakeAddresses.get(code);
  if (address === undefined) {
    address = nextFakeAddress;
    nextFakeAddress += 0x1f0;
    fakeAddresses.set(code, address);
  }
  return `0x${address.toString(16)}`;
}

/** A Python str as text. */
export function strText(s: string | PyWideStr): string {
  return typeof s === 'string' ? s : s.toString();
}

// CPython: Objects/codeobject.c code_repr
export function codeRepr(code: CodeObject): string {
  const lineno = code.co_firstlineno !== 0 ? code.co_firstlineno : -1;
  return `<code object ${strText(code.co_name)} at ${addressOf(code)}, file "${strText(code.co_filename)}", line ${lineno}>`;
}

/** `repr()` of a co_consts item. */
export function constRepr(v: MarshalValue): string {
  return v instanceof CodeObject ? codeRepr(v) : pyRepr(v);
}

// CPython: Lib/dis.py _is_backward_jump
function isBackwardJump(op: number): boolean {
  return op === Op.JUMP_BACKWARD || op === Op.JUMP_BACKWARD_NO_INTERRUPT || op === Op.END_ASYNC_FOR;
}

/** Whether dis decodes an argument for the (deoptimized) opcode (CPython: `deop in opcode.hasarg`). */
export function disHasArg(deop: number): boolean {
  return hasArg(deop);
}

// CPython: Lib/dis.py _get_jump_target — the target offset of a jump, null for other instructions.
export function jumpTarget(op: number, arg: number, offset: number): number | null {
  const deop = deopt(op);
  if (!hasJump(deop)) return null;
  const signed = isBackwardJump(deop) ? -arg : arg;
  return offset + 2 + signed * 2 + 2 * cacheCount(deop);
}

function nameAt(code: CodeObject, index: number): string {
  const item = code.co_names.items[index];
  if (item === undefined) throw new DisArgumentError(`tuple index out of range (co_names[${index}])`);
  return strText(item as string | PyWideStr);
}

function localName(code: CodeObject, index: number): string {
  const item = code.co_localsplusnames.items[index];
  if (item === undefined) throw new DisArgumentError(`tuple index out of range (co_localsplusnames[${index}])`);
  return strText(item as string | PyWideStr);
}

function pick(table: readonly string[], index: number, what: string): string {
  const item = table[index];
  if (item === undefined) throw new DisArgumentError(`list index out of range (${what}[${index}])`);
  return item;
}

// CPython: Lib/dis.py ArgResolver.get_argval_argrepr (only the argrepr: the text dis prints)
export function argRepr(code: CodeObject, labels: Map<number, number>, op: number, arg: number, offset: number): string {
  const deop = deopt(op);
  if (hasConst(deop)) {
    const value = code.co_consts[arg];
    if (value === undefined) throw new DisArgumentError(`tuple index out of range (co_consts[${arg}])`);
    return constRepr(value);
  }
  if (hasName(deop)) {
    if (deop === Op.LOAD_GLOBAL) return nameAt(code, arg >> 1) + (arg & 1 ? ' + NULL' : '');
    if (deop === Op.LOAD_ATTR) return nameAt(code, arg >> 1) + (arg & 1 ? ' + NULL|self' : '');
    if (deop === Op.LOAD_SUPER_ATTR) return nameAt(code, arg >> 2) + (arg & 1 ? ' + NULL|self' : '');
    return nameAt(code, arg);
  }
  if (hasJump(deop) || hasExc(deop)) {
    const target = jumpTarget(op, arg, offset);
    const label = target === null ? undefined : labels.get(target);
    if (label === undefined) throw new DisArgumentError(`no label for the jump target of offset ${offset}`);
    return `${deop === Op.END_ASYNC_FOR ? 'from' : 'to'} L${label}`;
  }
  switch (deop) {
    case Op.LOAD_FAST_LOAD_FAST:
    case Op.LOAD_FAST_BORROW_LOAD_FAST_BORROW:
    case Op.STORE_FAST_LOAD_FAST:
    case Op.STORE_FAST_STORE_FAST:
      return `${localName(code, arg >> 4)}, ${localName(code, arg & 15)}`;
  }
  if (hasLocal(deop) || hasFree(deop)) return localName(code, arg);
  switch (deop) {
    case Op.COMPARE_OP: {
      const text = pick(CMP_OP, arg >> 5, 'cmp_op');
      return arg & 16 ? `bool(${text})` : text;
    }
    case Op.CONVERT_VALUE:
      return pick(CONVERSION_REPRS, arg, 'conversions');
    case Op.SET_FUNCTION_ATTRIBUTE:
      return FUNCTION_ATTR_FLAGS.filter((_, i) => arg & (1 << i)).join(', ');
    case Op.BINARY_OP:
      return pick(NB_SYMBOLS, arg, '_nb_ops');
    case Op.CALL_INTRINSIC_1:
      return pick(INTRINSIC_1_DESCS, arg, '_intrinsic_1_descs');
    case Op.CALL_INTRINSIC_2:
      return pick(INTRINSIC_2_DESCS, arg, '_intrinsic_2_descs');
    case Op.LOAD_COMMON_CONSTANT:
      return pick(COMMON_CONSTANT_REPRS, arg, '_common_constants');
    case Op.LOAD_SPECIAL:
      return pick(SPECIAL_METHOD_NAMES, arg, '_special_method_names');
    case Op.IS_OP:
      return arg ? 'is not' : 'is';
    case Op.CONTAINS_OP:
      return arg ? 'not in' : 'in';
  }
  return '';
}

