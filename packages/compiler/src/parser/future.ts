// The `from __future__ import ...` checks that `ast.parse` applies after parsing.
import { PyWideStr } from '@tspy/bytecode';
import * as ast from '../ast/nodes.js';
import { PySyntaxError } from '../errors.js';

/** Features 3.14 still accepts (all but these two are no-ops today). */
const KNOWN_FEATURES = new Set([
  'nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement',
  'print_function', 'unicode_literals', 'barry_as_FLUFL', 'generator_stop', 'annotations',
]);

/**
 * Checks the leading `from __future__` imports of a module (after an optional
 * docstring), as CPython does for every compile, `ast.parse` included.
 * CPython: Python/future.c future_parse
 */
export function checkFutureImports(mod: ast.mod, filename: string): void {
  if (!(mod instanceof ast.Module || mod instanceof ast.Interactive)) return;
  const body = mod.body;
  for (let i = hasDocstring(body) ? 1 : 0; i < body.length; i++) {
    const s = body[i];
    if (!(s instanceof ast.ImportFrom) || s.level !== 0 || s.module !== '__future__') return;
    checkFeatures(s, filename);
  }
}

// CPython: Python/future.c future_check_features
function checkFeatures(s: ast.ImportFrom, filename: string): void {
  for (const name of s.names) {
    if (KNOWN_FEATURES.has(name.name)) continue;
    const msg = name.name === 'braces' ? 'not a chance' : `future feature ${name.name} is not defined`;
    // PyErr_RangedSyntaxLocationObject: byte columns + 1, and no source text for a string source.
    throw new PySyntaxError('SyntaxError', msg, filename, name.lineno, name.col_offset + 1, undefined,
      name.end_lineno, name.end_col_offset + 1);
  }
}

// CPython: Python/ast.c _PyAST_GetDocString (the test only)
function hasDocstring(body: readonly ast.stmt[]): boolean {
  const first = body[0];
  if (!(first instanceof ast.Expr && first.value instanceof ast.Constant)) return false;
  const value = first.value.value;
  return typeof value === 'string' || value instanceof PyWideStr;
}
