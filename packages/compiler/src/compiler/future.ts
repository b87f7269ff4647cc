// The `from __future__ import ...` features a module turns on, as the compiler needs them.
// CPython: Python/future.c (_PyFuture_FromAST), Include/internal/pycore_symtable.h _PyFutureFeatures
//
// The feature names themselves are checked by the parser (src/parser/future.ts
// checkFutureImports, which raises "future feature x is not defined"); this file only
// computes the flags and the location of the last future statement.
import { PyWideStr } from '@tspy/bytecode';
import * as ast from '../ast/nodes.js';
import type { SourceLocation } from './source_location.js';

/** CO_FUTURE_BARRY_AS_BDFL (Include/cpython/code.h). */
export const CO_FUTURE_BARRY_AS_BDFL = 0x400000;
/** CO_FUTURE_ANNOTATIONS (Include/cpython/code.h). */
export const CO_FUTURE_ANNOTATIONS = 0x1000000;
/** PyCF_ALLOW_TOP_LEVEL_AWAIT (Include/cpython/compile.h): `await` allowed at module level. */
export const PyCF_ALLOW_TOP_LEVEL_AWAIT = 0x2000;
/** PyCF_ONLY_AST (Include/cpython/compile.h). */
export const PyCF_ONLY_AST = 0x0400;
/** PyCF_OPTIMIZED_AST (Include/cpython/compile.h): PyCF_ONLY_AST | 0x8000. */
export const PyCF_OPTIMIZED_AST = 0x8000 | PyCF_ONLY_AST;

/** CPython: pycore_symtable.h _PyFutureFeatures */
export interface FutureFeatures {
  /** ff_features: CO_FUTURE_* flags set by future statements (plus PyCF_* compile flags the caller ORs in). */
  features: number;
  /** ff_location: where the last future statement is; all -1 when there is none. */
  location: SourceLocation;
}

const NO_FUTURE_LOCATION: SourceLocation = Object.freeze({ lineno: -1, endLineno: -1, colOffset: -1, endColOffset: -1 });

/**
 * The future features of `mod`. `flags` are compile flags OR-ed into the features, as
 * `_Py_SymtableStringObjectFlags` and `compile()` do (`future.ff_features |= flags->cf_flags`
 * happens in the callers; passing them here is a convenience).
 * CPython: Python/future.c _PyFuture_FromAST
 */
export function futureFromAST(mod: ast.mod, flags = 0): FutureFeatures {
  const ff: FutureFeatures = { features: 0, location: NO_FUTURE_LOCATION };
  futureParse(ff, mod);
  ff.features |= flags;
  return ff;
}

// CPython: Python/future.c future_parse
function futureParse(ff: FutureFeatures, mod: ast.mod): void {
  if (!(mod instanceof ast.Module || mod instanceof ast.Interactive)) return;
  const body = mod.body;
  for (let i = getDocString(body) !== undefined ? 1 : 0; i < body.length; i++) {
    const s = body[i]!;
    // The only things that can precede a future statement are another future statement and a docstring.
    if (!(s instanceof ast.ImportFrom) || s.level !== 0 || s.module !== '__future__') return;
    futureCheckFeatures(ff, s);
    ff.location = { lineno: s.lineno, endLineno: s.end_lineno, colOffset: s.col_offset, endColOffset: s.end_col_offset };
  }
}

// CPython: Python/future.c future_check_features (the parser has already rejected unknown names)
function futureCheckFeatures(ff: FutureFeatures, s: ast.ImportFrom): void {
  for (const name of s.names) {
    if (name.name === 'barry_as_FLUFL') ff.features |= CO_FUTURE_BARRY_AS_BDFL;
    else if (name.name === 'annotations') ff.features |= CO_FUTURE_ANNOTATIONS;
  }
}

/**
 * The docstring of a body: its first statement when that is an expression statement of
 * a str constant. CPython: Python/ast.c _PyAST_GetDocString
 */
export function getDocString(body: readonly ast.stmt[]): string | PyWideStr | undefined {
  const first = body[0];
  if (first === undefined || !(first instanceof ast.Expr)) return undefined;
  const value = first.value;
  if (!(value instanceof ast.Constant)) return undefined;
  const v = value.value;
  return typeof v === 'string' || v instanceof PyWideStr ? v : undefined;
}
