// Helpers called from the grammar's actions: the non-string part of CPython's
// Parser/action_helpers.c (plus the pure AST helpers of Parser/pegen.h).
// The grammar calls them as `h.fooBar(p, ...)` for C's `_PyPegen_foo_bar(p, ...)`.
//
// C returns NULL for "no sequence" in several places where the sequence then goes
// into an AST node; the AST module turns such a NULL into an empty list. Here a
// sequence is always a JS array, so those helpers return `[]` instead.
// Errors are thrown by the RAISE_* functions of pegen.ts (PySyntaxError).

import * as ast from '../ast/nodes.js';
import { PyComplex } from '@tspy/bytecode';
import { DOT, ELLIPSIS, type Token } from '../tokenizer/token.js';
import {
  dummyName,
  newTypeComment,
  PyPARSE_BARRY_AS_BDFL,
  RAISE_SYNTAX_ERROR,
  RAISE_SYNTAX_ERROR_KNOWN_LOCATION,
  type Parser,
} from './pegen.js';

export * from './action_arguments.js';
export * from './action_targets.js';
export * from './action_strings.js';
// CPython keeps these two in action_helpers.c; pegen.ts defines them (its NEW_TYPE_COMMENT
// and generated code use them), so there is one dummy Name.
export { dummyName, newTypeComment } from './pegen.js';

// ---------------------------------------------------------------------------
// Records the grammar passes between rules (C structs of Parser/pegen.h)
// ---------------------------------------------------------------------------

/** One `op operand` link of a comparison chain. CPython: Parser/pegen.h CmpopExprPair */
export class CmpopExprPair {
  constructor(
    readonly cmpop: ast.cmpop,
    readonly expr: ast.expr,
  ) {}
}

/** A dict display item; `key` is undefined for `**value`. CPython: Parser/pegen.h KeyValuePair */
export class KeyValuePair {
  constructor(
    readonly key: ast.expr | undefined,
    readonly value: ast.expr,
  ) {}
}

/** A mapping-pattern item or a class-pattern keyword. CPython: Parser/pegen.h KeyPatternPair */
export class KeyPatternPair {
  constructor(
    readonly key: ast.expr,
    readonly pattern: ast.pattern,
  ) {}
}

/** The operator of an augmented assignment. CPython: Parser/pegen.h AugOperator */
export class AugOperator {
  constructor(readonly kind: ast.operator) {}
}

/** A call argument that is either a keyword or a starred expression. CPython: Parser/pegen.h KeywordOrStarred */
export class KeywordOrStarred {
  constructor(
    readonly element: ast.keyword | ast.expr,
    readonly is_keyword: boolean,
  ) {}
}

// ---------------------------------------------------------------------------
// Sequences
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _PyPegen_singleton_seq
export function singletonSeq<T>(_p: Parser, a: T): T[] {
  return [a];
}

// CPython: Parser/action_helpers.c _PyPegen_seq_insert_in_front
export function seqInsertInFront<T>(_p: Parser, a: T, seq: readonly T[] | undefined): T[] {
  if (seq === undefined) return [a];
  const out = new Array<T>(seq.length + 1);
  out[0] = a;
  for (let i = 0; i < seq.length; i++) out[i + 1] = seq[i]!;
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_seq_append_to_end
export function seqAppendToEnd<T>(_p: Parser, seq: readonly T[] | undefined, a: T): T[] {
  if (seq === undefined) return [a];
  const out = seq.slice();
  out.push(a);
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_seq_flatten
export function seqFlatten<T>(_p: Parser, seqs: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < seqs.length; i++) {
    const inner = seqs[i]!;
    for (let j = 0; j < inner.length; j++) out.push(inner[j]!);
  }
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_seq_last_item
export function seqLastItem<T>(seq: readonly T[]): T {
  return seq[seq.length - 1]!;
}

// CPython: Parser/action_helpers.c _PyPegen_seq_first_item
export function seqFirstItem<T>(seq: readonly T[]): T {
  return seq[0]!;
}

// CPython: Parser/pegen.h PyPegen_last_item
export function lastItem<T>(seq: readonly T[]): T {
  return seq[seq.length - 1]!;
}

// CPython: Parser/pegen.h PyPegen_first_item
export function firstItem<T>(seq: readonly T[]): T {
  return seq[0]!;
}

// CPython: Parser/action_helpers.c _PyPegen_join_sequences
export function joinSequences<T>(_p: Parser, a: readonly T[], b: readonly T[]): T[] {
  return a.concat(b);
}

// ---------------------------------------------------------------------------
// Names and imports
// ---------------------------------------------------------------------------

/** `a.b` of a dotted import name, as one Name spanning both. CPython: Parser/action_helpers.c _PyPegen_join_names_with_dot */
export function joinNamesWithDot(_p: Parser, first: ast.Name, second: ast.Name): ast.Name {
  return new ast.Name(
    `${first.id}.${second.id}`,
    ast.Load.instance,
    first.lineno,
    first.col_offset,
    second.end_lineno,
    second.end_col_offset,
  );
}

/** The relative-import level of the `.`/`...` tokens before a module name. CPython: Parser/action_helpers.c _PyPegen_seq_count_dots */
export function seqCountDots(seq: readonly Token[]): number {
  let dots = 0;
  for (let i = 0; i < seq.length; i++) {
    const type = seq[i]!.type;
    if (type === ELLIPSIS) dots += 3;
    else if (type === DOT) dots += 1;
    else throw new Error(`seqCountDots: unexpected token type ${type}`); // C: Py_UNREACHABLE
  }
  return dots;
}

// CPython: Parser/action_helpers.c _PyPegen_alias_for_star
export function aliasForStar(
  _p: Parser,
  lineno: number,
  col_offset: number,
  end_lineno: number,
  end_col_offset: number,
): ast.alias {
  return new ast.alias('*', undefined, lineno, col_offset, end_lineno, end_col_offset);
}

// CPython: Parser/action_helpers.c _PyPegen_map_names_to_ids
export function mapNamesToIds(_p: Parser, seq: readonly ast.expr[]): string[] {
  const out = new Array<string>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = (seq[i] as ast.Name).id;
  return out;
}

/**
 * `from module import names`; `from __future__ import barry_as_FLUFL` switches
 * the parser to accept `<>` instead of `!=` for the rest of the source, and the
 * tokenizer to read `<>` as one NOTEQUAL token (3.14.8: outside Barry mode it is
 * `<` then `>`; pyodide's 3.14.2 always made it one token).
 * CPython: Parser/action_helpers.c _PyPegen_checked_future_import
 */
export function checkedFutureImport(
  p: Parser,
  module: string,
  names: ast.alias[],
  level: number,
  lineno: number,
  col_offset: number,
  end_lineno: number,
  end_col_offset: number,
): ast.ImportFrom {
  if (level === 0 && module === '__future__') {
    for (let i = 0; i < names.length; i++) {
      if (names[i]!.name === 'barry_as_FLUFL') {
        p.flags |= PyPARSE_BARRY_AS_BDFL;
        // C: p->tok->barry_as_bdfl = 1 (TokenSource does not declare the field yet).
        (p.tok as { barryAsFlufl?: boolean }).barryAsFlufl = true;
      }
    }
  }
  return new ast.ImportFrom(module, names, level, lineno, col_offset, end_lineno, end_col_offset);
}

// ---------------------------------------------------------------------------
// Comparisons, dicts, patterns
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _PyPegen_cmpop_expr_pair
export function cmpopExprPair(_p: Parser, cmpop: ast.cmpop, expr: ast.expr): CmpopExprPair {
  return new CmpopExprPair(cmpop, expr);
}

// CPython: Parser/action_helpers.c _PyPegen_get_cmpops
export function getCmpops(_p: Parser, seq: readonly CmpopExprPair[]): ast.cmpop[] {
  const out = new Array<ast.cmpop>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = seq[i]!.cmpop;
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_get_exprs
export function getExprs(_p: Parser, seq: readonly CmpopExprPair[]): ast.expr[] {
  const out = new Array<ast.expr>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = seq[i]!.expr;
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_key_value_pair
export function keyValuePair(_p: Parser, key: ast.expr | undefined, value: ast.expr): KeyValuePair {
  return new KeyValuePair(key, value);
}

/** The keys of a dict display; an `undefined` key stands for a `**` item. CPython: Parser/action_helpers.c _PyPegen_get_keys */
export function getKeys(_p: Parser, seq: readonly KeyValuePair[] | undefined): (ast.expr | undefined)[] {
  if (seq === undefined) return [];
  const out = new Array<ast.expr | undefined>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = seq[i]!.key;
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_get_values
export function getValues(_p: Parser, seq: readonly KeyValuePair[] | undefined): ast.expr[] {
  if (seq === undefined) return [];
  const out = new Array<ast.expr>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = seq[i]!.value;
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_key_pattern_pair
export function keyPatternPair(_p: Parser, key: ast.expr, pattern: ast.pattern): KeyPatternPair {
  return new KeyPatternPair(key, pattern);
}

// CPython: Parser/action_helpers.c _PyPegen_get_pattern_keys
export function getPatternKeys(_p: Parser, seq: readonly KeyPatternPair[]): ast.expr[] {
  const out = new Array<ast.expr>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = seq[i]!.key;
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_get_patterns
export function getPatterns(_p: Parser, seq: readonly KeyPatternPair[]): ast.pattern[] {
  const out = new Array<ast.pattern>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = seq[i]!.pattern;
  return out;
}

// ---------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _PyPegen_augoperator
export function augoperator(_p: Parser, kind: ast.operator): AugOperator {
  return new AugOperator(kind);
}

/**
 * The decorated copy of a function definition. In the second (error) pass an
 * action-less invalid rule may hand over the dummy Name instead of a def; C reads
 * garbage from it and the result is discarded, so it is returned unchanged here.
 * CPython: Parser/action_helpers.c _PyPegen_function_def_decorators
 */
export function functionDefDecorators(_p: Parser, decorators: ast.expr[], def: ast.stmt): ast.stmt {
  if (def instanceof ast.FunctionDef) {
    return new ast.FunctionDef(
      def.name, def.args, def.body, decorators, def.returns, def.type_comment, def.type_params,
      def.lineno, def.col_offset, def.end_lineno, def.end_col_offset,
    );
  }
  if (def instanceof ast.AsyncFunctionDef) {
    return new ast.AsyncFunctionDef(
      def.name, def.args, def.body, decorators, def.returns, def.type_comment, def.type_params,
      def.lineno, def.col_offset, def.end_lineno, def.end_col_offset,
    );
  }
  return def;
}

// CPython: Parser/action_helpers.c _PyPegen_class_def_decorators
export function classDefDecorators(_p: Parser, decorators: ast.expr[], def: ast.stmt): ast.stmt {
  if (!(def instanceof ast.ClassDef)) return def; // the dummy Name, see functionDefDecorators
  return new ast.ClassDef(
    def.name, def.bases, def.keywords, def.body, decorators, def.type_params,
    def.lineno, def.col_offset, def.end_lineno, def.end_col_offset,
  );
}

/**
 * In the second pass, remembers where the last statement parsed so far starts
 * (SyntaxError._metadata, used by traceback's keyword-typo suggestions).
 * CPython: Parser/action_helpers.c _PyPegen_register_stmts
 */
export function registerStmts(p: Parser, stmts: ast.stmt[]): ast.stmt[] {
  if (!p.call_invalid_rules) return stmts;
  const len = stmts.length;
  if (len === 0) return stmts;
  const last = stmts[len - 1]!;
  // A def the error pass matched with invalid_def_raw is the dummy Name: C reads its
  // position past the end of that expr, which is 0 in CPython's builds, so nothing changes.
  if (last instanceof ast.Name) return stmts;
  const loc = p.last_stmt_location;
  if (loc.lineno > last.lineno) return stmts;
  loc.lineno = last.lineno;
  loc.col_offset = last.col_offset;
  loc.end_lineno = last.end_lineno;
  loc.end_col_offset = last.end_col_offset;
  return stmts;
}

/**
 * End of input in single (interactive) mode: the statement rule fails. C also sets
 * the caller's errcode to E_EOF, which only the interactive loop reads.
 * This is pegen.c's; it stays here only while the generated parser still calls
 * `h.interactiveExit` (the grammar now imports it from pegen.ts).
 * CPython: Parser/pegen.c _PyPegen_interactive_exit
 */
export function interactiveExit(_p: Parser): undefined {
  return undefined;
}

// CPython: Parser/action_helpers.c _PyPegen_make_module
export function makeModule(p: Parser, a: ast.stmt[] | undefined): ast.Module {
  const comments = p.type_ignore_comments;
  const typeIgnores = new Array<ast.type_ignore>(comments.length);
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i]!;
    typeIgnores[i] = new ast.TypeIgnore(c.lineno, newTypeComment(p, c.comment));
  }
  return new ast.Module(a ?? [], typeIgnores);
}

/**
 * Whether a `!=`/`<>` token is wrong for the current mode (C returns nonzero):
 * `<>` is only valid after `from __future__ import barry_as_FLUFL`, and then `!=`
 * is an error with its own message.
 * CPython: Parser/action_helpers.c _PyPegen_check_barry_as_flufl
 */
export function checkBarryAsFlufl(p: Parser, t: Token): boolean {
  const barry = (p.flags & PyPARSE_BARRY_AS_BDFL) !== 0;
  if (barry && t.string !== '<>') {
    RAISE_SYNTAX_ERROR(p, "with Barry as BDFL, use '<>' instead of '!='");
  }
  if (!barry) return t.string !== '!=';
  return false;
}

/** Whether `name` is `print` or `exec` (for the "Missing parentheses" error). CPython: Parser/action_helpers.c _PyPegen_check_legacy_stmt */
export function checkLegacyStmt(_p: Parser, name: ast.expr): boolean {
  if (!(name instanceof ast.Name)) return false;
  return name.id === 'print' || name.id === 'exec';
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _PyPegen_keyword_or_starred
export function keywordOrStarred(_p: Parser, element: ast.keyword | ast.expr, is_keyword: boolean): KeywordOrStarred {
  return new KeywordOrStarred(element, is_keyword);
}

// CPython: Parser/action_helpers.c _PyPegen_seq_extract_starred_exprs
export function seqExtractStarredExprs(_p: Parser, kwargs: readonly KeywordOrStarred[]): ast.expr[] {
  const out: ast.expr[] = [];
  for (let i = 0; i < kwargs.length; i++) {
    const k = kwargs[i]!;
    if (!k.is_keyword) out.push(k.element as ast.expr);
  }
  return out;
}

// CPython: Parser/action_helpers.c _PyPegen_seq_delete_starred_exprs
export function seqDeleteStarredExprs(_p: Parser, kwargs: readonly KeywordOrStarred[]): ast.keyword[] {
  const out: ast.keyword[] = [];
  for (let i = 0; i < kwargs.length; i++) {
    const k = kwargs[i]!;
    if (k.is_keyword) out.push(k.element as ast.keyword);
  }
  return out;
}

/**
 * The Call that carries a call's arguments (its `func` is the dummy name): the
 * positional arguments, then the starred ones found among the keywords.
 * CPython: Parser/action_helpers.c _PyPegen_collect_call_seqs
 */
export function collectCallSeqs(
  p: Parser,
  a: ast.expr[],
  b: readonly KeywordOrStarred[] | undefined,
  lineno: number,
  col_offset: number,
  end_lineno: number,
  end_col_offset: number,
): ast.Call {
  if (b === undefined) {
    return new ast.Call(dummyName(p), a, [], lineno, col_offset, end_lineno, end_col_offset);
  }
  const starreds = seqExtractStarredExprs(p, b);
  const keywords = seqDeleteStarredExprs(p, b);
  const args = a.concat(starreds);
  return new ast.Call(dummyName(p), args, keywords, lineno, col_offset, end_lineno, end_col_offset);
}

// ---------------------------------------------------------------------------
// Numbers in patterns
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _PyPegen_ensure_imaginary
export function ensureImaginary(p: Parser, exp: ast.expr): ast.expr {
  if (!(exp instanceof ast.Constant) || !(exp.value instanceof PyComplex)) {
    RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p, exp, 'imaginary number required in complex literal');
  }
  return exp;
}

// CPython: Parser/action_helpers.c _PyPegen_ensure_real
export function ensureReal(p: Parser, exp: ast.expr): ast.expr {
  if (!(exp instanceof ast.Constant) || exp.value instanceof PyComplex) {
    RAISE_SYNTAX_ERROR_KNOWN_LOCATION(p, exp, 'real number required in complex literal');
  }
  return exp;
}
