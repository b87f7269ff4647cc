// The meanings of opargs that the compiler writes and the VM reads, with CPython
// 3.14's values. Sources: Include/internal/pycore_opcode_utils.h, pycore_intrinsics.h,
// pycore_code.h, Include/cpython/code.h, Include/internal/pycore_ceval.h; the values
// are checked against CPython (`_opcode`, `dis`, `inspect`) by test/oparg.test.ts.

/** `BINARY_OP` opargs (CPython: Include/opcode.h NB_*, listed by `_opcode.get_nb_ops()`). */
export enum NB {
  ADD = 0, AND = 1, FLOOR_DIVIDE = 2, LSHIFT = 3, MATRIX_MULTIPLY = 4, MULTIPLY = 5,
  REMAINDER = 6, OR = 7, POWER = 8, RSHIFT = 9, SUBTRACT = 10, TRUE_DIVIDE = 11, XOR = 12,
  INPLACE_ADD = 13, INPLACE_AND = 14, INPLACE_FLOOR_DIVIDE = 15, INPLACE_LSHIFT = 16,
  INPLACE_MATRIX_MULTIPLY = 17, INPLACE_MULTIPLY = 18, INPLACE_REMAINDER = 19, INPLACE_OR = 20,
  INPLACE_POWER = 21, INPLACE_RSHIFT = 22, INPLACE_SUBTRACT = 23, INPLACE_TRUE_DIVIDE = 24,
  INPLACE_XOR = 25, SUBSCR = 26,
}

/** `CALL_INTRINSIC_1` opargs (CPython: pycore_intrinsics.h). */
export enum Intrinsic1 {
  INVALID = 0, PRINT = 1, IMPORT_STAR = 2, STOPITERATION_ERROR = 3, ASYNC_GEN_WRAP = 4,
  UNARY_POSITIVE = 5, LIST_TO_TUPLE = 6, TYPEVAR = 7, PARAMSPEC = 8, TYPEVARTUPLE = 9,
  SUBSCRIPT_GENERIC = 10, TYPEALIAS = 11,
}

/** `CALL_INTRINSIC_2` opargs (CPython: pycore_intrinsics.h). */
export enum Intrinsic2 {
  INVALID = 0, PREP_RERAISE_STAR = 1, TYPEVAR_WITH_BOUND = 2, TYPEVAR_WITH_CONSTRAINTS = 3,
  SET_FUNCTION_TYPE_PARAMS = 4, SET_TYPEPARAM_DEFAULT = 5,
}

/** `LOAD_COMMON_CONSTANT` opargs (CPython: pycore_opcode_utils.h CONSTANT_*). */
export enum CommonConstant {
  ASSERTIONERROR = 0, NOTIMPLEMENTEDERROR = 1, BUILTIN_TUPLE = 2, BUILTIN_ALL = 3, BUILTIN_ANY = 4,
}

/** `LOAD_SPECIAL` opargs (CPython: pycore_ceval.h SPECIAL_*). */
export enum SpecialMethod {
  ENTER = 0, EXIT = 1, AENTER = 2, AEXIT = 3,
}

/** `SET_FUNCTION_ATTRIBUTE` opargs (CPython: pycore_function.h MAKE_FUNCTION_*). */
export enum MakeFunctionFlag {
  DEFAULTS = 0x01, KWDEFAULTS = 0x02, ANNOTATIONS = 0x04, CLOSURE = 0x08, ANNOTATE = 0x10,
}

/** `CONVERT_VALUE` / f-string conversion opargs (CPython: pycore_opcode_utils.h FVC_*). */
export enum Conversion {
  NONE = 0, STR = 1, REPR = 2, ASCII = 3,
}

/** `RESUME` opargs (CPython: pycore_opcode_utils.h RESUME_*); the low bits say where. */
export enum ResumeKind {
  AT_FUNC_START = 0, AFTER_YIELD = 1, AFTER_YIELD_FROM = 2, AFTER_AWAIT = 3,
  OPARG_LOCATION_MASK = 0x3, OPARG_DEPTH1_MASK = 0x4,
}

/** `COMPARE_OP` comparison kinds (CPython: Include/object.h Py_LT…); the oparg is
 *  `(kind << 5) | compareMasks[kind]`, with bit 4 set when the result is converted to bool. */
export enum CompareKind {
  LT = 0, LE = 1, EQ = 2, NE = 3, GT = 4, GE = 5,
}

/** CPython: pycore_opcode_utils.h COMPARISON_* masks, indexed by `CompareKind`. */
export const COMPARISON_MASKS: readonly number[] = [2, 2 | 8, 8, 1 | 2 | 4, 4, 4 | 8];
export const COMPARE_TO_BOOL_BIT = 16;

/** Code object flags (CPython: Include/cpython/code.h CO_*). */
export enum CodeFlag {
  OPTIMIZED = 0x0001, NEWLOCALS = 0x0002, VARARGS = 0x0004, VARKEYWORDS = 0x0008,
  NESTED = 0x0010, GENERATOR = 0x0020, NOFREE = 0x0040, COROUTINE = 0x0080,
  ITERABLE_COROUTINE = 0x0100, ASYNC_GENERATOR = 0x0200,
  FUTURE_DIVISION = 0x20000, FUTURE_ABSOLUTE_IMPORT = 0x40000, FUTURE_WITH_STATEMENT = 0x80000,
  FUTURE_PRINT_FUNCTION = 0x100000, FUTURE_UNICODE_LITERALS = 0x200000,
  FUTURE_BARRY_AS_BDFL = 0x400000, FUTURE_GENERATOR_STOP = 0x800000, FUTURE_ANNOTATIONS = 0x1000000,
  NO_MONITORING_EVENTS = 0x2000000, HAS_DOCSTRING = 0x4000000, METHOD = 0x8000000,
}
