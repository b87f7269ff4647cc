// The marshal format's type codes and limits. CPython: Python/marshal.c TYPE_*,
// FLAG_REF, MAX_MARSHAL_STACK_DEPTH; Include/marshal.h Py_MARSHAL_VERSION.

/** Py_MARSHAL_VERSION in CPython 3.14. */
export const MARSHAL_VERSION = 5;

export const TYPE_NULL = 0x30; // '0'
export const TYPE_NONE = 0x4e; // 'N'
export const TYPE_FALSE = 0x46; // 'F'
export const TYPE_TRUE = 0x54; // 'T'
export const TYPE_STOPITER = 0x53; // 'S'
export const TYPE_ELLIPSIS = 0x2e; // '.'
export const TYPE_INT = 0x69; // 'i'
export const TYPE_INT64 = 0x49; // 'I' (read only: CPython no longer writes it)
export const TYPE_FLOAT = 0x66; // 'f' (written by versions 0 and 1)
export const TYPE_BINARY_FLOAT = 0x67; // 'g'
export const TYPE_COMPLEX = 0x78; // 'x' (written by versions 0 and 1)
export const TYPE_BINARY_COMPLEX = 0x79; // 'y'
export const TYPE_LONG = 0x6c; // 'l'
export const TYPE_STRING = 0x73; // 's' (bytes)
export const TYPE_INTERNED = 0x74; // 't'
export const TYPE_REF = 0x72; // 'r'
export const TYPE_TUPLE = 0x28; // '('
export const TYPE_LIST = 0x5b; // '['
export const TYPE_DICT = 0x7b; // '{'
export const TYPE_CODE = 0x63; // 'c'
export const TYPE_UNICODE = 0x75; // 'u'
export const TYPE_UNKNOWN = 0x3f; // '?' (never valid input: "unknown type code")
export const TYPE_SET = 0x3c; // '<'
export const TYPE_FROZENSET = 0x3e; // '>'
export const TYPE_SLICE = 0x3a; // ':' (version 5)
export const TYPE_ASCII = 0x61; // 'a'
export const TYPE_ASCII_INTERNED = 0x41; // 'A'
export const TYPE_SMALL_TUPLE = 0x29; // ')'
export const TYPE_SHORT_ASCII = 0x7a; // 'z'
export const TYPE_SHORT_ASCII_INTERNED = 0x5a; // 'Z'
export const FLAG_REF = 0x80;

/**
 * MAX_MARSHAL_STACK_DEPTH: Linux's value, which tspy follows (Windows has 1000; WASI and
 * iOS 1500).
 */
export const MAX_MARSHAL_STACK_DEPTH = 2000;
export const SIZE32_MAX = 0x7fffffff;
export const PYLONG_MARSHAL_SHIFT = 15;
export const PYLONG_MARSHAL_BASE = 1 << PYLONG_MARSHAL_SHIFT;
