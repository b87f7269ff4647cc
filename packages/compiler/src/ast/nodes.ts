// The AST node classes (CPython's `ast` module), generated from scripts/ast_spec.ts.
export * from '../generated/ast.js';
