// A span of source that an instruction is attributed to.
// CPython: Include/internal/pycore_symtable.h _Py_SourceLocation

export interface SourceLocation {
  readonly lineno: number;
  readonly endLineno: number;
  readonly colOffset: number;
  readonly endColOffset: number;
}

/** No location: the instruction takes its line from its neighbours (CPython NO_LOCATION). */
export const NO_LOCATION: SourceLocation = Object.freeze({ lineno: -1, endLineno: -1, colOffset: -1, endColOffset: -1 });

interface Located {
  readonly lineno: number;
  readonly end_lineno?: number | null;
  readonly col_offset: number;
  readonly end_col_offset?: number | null;
}

/** The location of an AST node (CPython: codegen.c LOC). */
export function LOC(node: Located): SourceLocation {
  return {
    lineno: node.lineno,
    endLineno: node.end_lineno ?? node.lineno,
    colOffset: node.col_offset,
    endColOffset: node.end_col_offset ?? node.col_offset,
  };
}

export function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return a.lineno === b.lineno && a.endLineno === b.endLineno && a.colOffset === b.colOffset && a.endColOffset === b.endColOffset;
}
