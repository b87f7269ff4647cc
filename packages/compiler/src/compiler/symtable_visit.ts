// The symbol table's first pass: walk the AST, open a block per scope, record what each
// block does with each name. CPython: Python/symtable.c symtable_visit_* and helpers.
// This file has the blocks, the definitions, the statements and the parameters and
// annotations; symtable_visit_expr.ts has the expressions.
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import type { PySyntaxError } from '../errors.js';
import { CO_FUTURE_ANNOTATIONS, getDocString, PyCF_ALLOW_TOP_LEVEL_AWAIT } from './future.js';
import type { SourceLocation } from './source_location.js';
import {
  BlockType, derivedKey, getSymbol, maybeMangle, Sym, symtableError, SymtableEntry, type SymTable,
} from './symtable.js';
import {
  symtableRaiseIfNotCoroutine, visitExpr, visitMatchCase, visitTypeParam,
} from './symtable_visit_expr.js';

export type Located = { lineno: number; col_offset: number; end_lineno: number; end_col_offset: number };

// Locations: CPython copies LOCATION(node) into a _Py_SourceLocation for every call;
// tspy passes the node itself (anything Located) and reads it only to raise an error.

const LOC0: Located = { lineno: 0, end_lineno: 0, col_offset: 0, end_col_offset: 0 };

/** CPython: SRC_LOCATION_FROM_AST */
function sourceLocation(n: Located): SourceLocation {
  return { lineno: n.lineno, endLineno: n.end_lineno, colOffset: n.col_offset, endColOffset: n.end_col_offset };
}

/** The Located view of a block's location. */
function located(loc: SourceLocation): Located {
  return { lineno: loc.lineno, end_lineno: loc.endLineno, col_offset: loc.colOffset, end_col_offset: loc.endColOffset };
}

/** A SyntaxError at `n` (CPython: SET_ERROR_LOCATION). */
export function errorAt(st: SymTable, msg: string, n: Located): PySyntaxError {
  return symtableError(st, msg, sourceLocation(n));
}

const IMPORT_STAR_WARNING = 'import * only allowed at module level';

/** The first pass over the module. CPython: Python/symtable.c _PySymtable_Build (its first half) */
export function symtableVisitTop(st: SymTable, mod: ast.mod): void {
  symtableEnterBlock(st, 'top', BlockType.ModuleBlock, mod, LOC0);
  st.top = st.cur!;
  switch (mod._kind) {
    case NodeKind.Module: {
      const body = (mod as ast.Module).body;
      if (getDocString(body) !== undefined) st.cur!.hasDocstring = true;
      for (const s of body) visitStmt(st, s);
      break;
    }
    case NodeKind.Expression:
      visitExpr(st, (mod as ast.Expression).body);
      break;
    case NodeKind.Interactive:
      for (const s of (mod as ast.Interactive).body) visitStmt(st, s);
      break;
    default:
      throw new Error('RuntimeError: this compiler does not handle FunctionTypes');
  }
  symtableExitBlock(st);
}

// ---------------------------------------------------------------------------
// Blocks

/** CPython: Python/symtable.c symtable_exit_block */
export function symtableExitBlock(st: SymTable): void {
  st.cur = null;
  const stack = st.stack;
  if (stack.length) {
    stack.pop();
    if (stack.length) st.cur = stack[stack.length - 1]!;
  }
}

/**
 * Makes `ste` the current block; a new block also becomes a child of the current one
 * (a re-entered annotation block is a child once).
 * CPython: Python/symtable.c symtable_enter_existing_block
 */
function symtableEnterExistingBlock(st: SymTable, ste: SymtableEntry, addToChildren: boolean): void {
  st.stack.push(ste);
  const prev = st.cur;
  // bpo-37757: no assignment expressions anywhere in a comprehension's outermost iterable.
  if (prev !== null) ste.compIterExpr = prev.compIterExpr;
  // No need to inherit mangledNames in classes, where all names are mangled.
  if (prev !== null && prev.mangledNames !== null && ste.type !== BlockType.ClassBlock) {
    ste.mangledNames = prev.mangledNames;
  }
  st.cur = ste;
  // With `from __future__ import annotations`, annotation blocks become strings in
  // codegen: they are not children of anything.
  if ((st.future.features & CO_FUTURE_ANNOTATIONS) && ste.type === BlockType.AnnotationBlock) return;
  if (ste.type === BlockType.ModuleBlock) st.global = ste.symbols;
  if (prev !== null && addToChildren) prev.children.push(ste);
}

/** CPython: Python/symtable.c symtable_enter_block */
export function symtableEnterBlock(st: SymTable, name: string, block: BlockType, key: object, loc: Located): void {
  const ste = new SymtableEntry(st, name, block, key, sourceLocation(loc));
  symtableEnterExistingBlock(st, ste, true);
  if (block === BlockType.AnnotationBlock || block === BlockType.TypeVariableBlock || block === BlockType.TypeAliasBlock) {
    // The code reads this "parameter" of the function.
    symtableAddDef(st, '.format', Sym.DEF_PARAM, loc);
    symtableAddDef(st, '.format', Sym.USE, loc);
  }
}

/** CPython: Python/symtable.c symtable_lookup_entry */
export function symtableLookupEntry(st: SymTable, ste: SymtableEntry, name: string): number {
  return getSymbol(ste, maybeMangle(st.private, ste, name));
}

/** CPython: Python/symtable.c symtable_lookup */
function symtableLookup(st: SymTable, name: string): number {
  return symtableLookupEntry(st, st.cur!, name);
}

/** CPython: Python/symtable.c symtable_add_def_helper */
export function symtableAddDefHelper(st: SymTable, name: string, flag: number, ste: SymtableEntry, loc: Located): void {
  const mangled = maybeMangle(st.private, st.cur!, name);
  const dict = ste.symbols;
  const o = dict.get(mangled);
  let val: number;
  if (o !== undefined) {
    if ((flag & Sym.DEF_PARAM) && (o & Sym.DEF_PARAM)) {
      throw errorAt(st, `duplicate argument '${name}' in function definition`, loc);
    }
    if ((flag & Sym.DEF_TYPE_PARAM) && (o & Sym.DEF_TYPE_PARAM)) {
      throw errorAt(st, `duplicate type parameter '${name}'`, loc);
    }
    val = o | flag;
  } else {
    val = flag;
  }
  if (ste.compIterTarget) {
    // An iteration variable of a comprehension: check for a conflict with named
    // expressions, and mark it so later named expressions can check.
    if (val & (Sym.DEF_GLOBAL | Sym.DEF_NONLOCAL)) {
      throw errorAt(st, `comprehension inner loop cannot rebind assignment expression target '${name}'`, loc);
    }
    val |= Sym.DEF_COMP_ITER;
  }
  if (val !== o) dict.set(mangled, val); // a repeated use changes nothing: skip the second hash lookup
  if (flag & Sym.DEF_PARAM) {
    ste.varnames.push(mangled);
  } else if (flag & Sym.DEF_GLOBAL) {
    // XXX (CPython) need to update DEF_GLOBAL for other flags too
    const g = st.global;
    g.set(mangled, (g.get(mangled) ?? 0) | flag);
  }
}

/** CPython: Python/symtable.c check_name */
export function checkName(st: SymTable, name: string, loc: Located, ctx: number): void {
  if (name !== '__debug__') return;
  if (ctx === NodeKind.Store) throw errorAt(st, 'cannot assign to __debug__', loc);
  if (ctx === NodeKind.Del) throw errorAt(st, 'cannot delete __debug__', loc);
}

/** CPython: Python/symtable.c check_keywords */
export function checkKeywords(st: SymTable, keywords: readonly ast.keyword[]): void {
  for (const key of keywords) {
    if (key.arg !== undefined) checkName(st, key.arg, key, NodeKind.Store);
  }
}

/** CPython: Python/symtable.c check_kwd_patterns */
export function checkKwdPatterns(st: SymTable, p: ast.MatchClass): void {
  const attrs = p.kwd_attrs;
  for (let i = 0; i < attrs.length; i++) {
    checkName(st, attrs[i]!, p.kwd_patterns[i]!, NodeKind.Store);
  }
}

/** CPython: Python/symtable.c symtable_add_def_ctx */
export function symtableAddDefCtx(st: SymTable, name: string, flag: number, loc: Located, ctx: number): void {
  if (flag & (Sym.DEF_PARAM | Sym.DEF_LOCAL | Sym.DEF_IMPORT)) checkName(st, name, loc, ctx);
  const cur = st.cur!;
  if ((flag & Sym.DEF_TYPE_PARAM) && cur.mangledNames !== null) cur.mangledNames.add(name);
  symtableAddDefHelper(st, name, flag, cur, loc);
}

/** CPython: Python/symtable.c symtable_add_def */
export function symtableAddDef(st: SymTable, name: string, flag: number, loc: Located): void {
  symtableAddDefCtx(st, name, flag, loc, flag === Sym.USE ? NodeKind.Load : NodeKind.Store);
}

/** CPython: Python/symtable.c symtable_enter_type_param_block */
function symtableEnterTypeParamBlock(
  st: SymTable, name: string, key: object, hasDefaults: boolean, hasKwdefaults: boolean, kind: number,
  loc: Located,
): void {
  const currentType = st.cur!.type;
  symtableEnterBlock(st, name, BlockType.TypeParametersBlock, key, loc);
  if (currentType === BlockType.ClassBlock) {
    st.cur!.canSeeClassScope = true;
    symtableAddDef(st, '__classdict__', Sym.USE, loc);
  }
  if (kind === NodeKind.ClassDef) {
    // Set when the type params tuple is built, used when the bases are.
    symtableAddDef(st, '.type_params', Sym.DEF_LOCAL, loc);
    symtableAddDef(st, '.type_params', Sym.USE, loc);
    // The generic base.
    symtableAddDef(st, '.generic_base', Sym.DEF_LOCAL, loc);
    symtableAddDef(st, '.generic_base', Sym.USE, loc);
  }
  if (hasDefaults) symtableAddDef(st, '.defaults', Sym.DEF_PARAM, loc);
  if (hasKwdefaults) symtableAddDef(st, '.kwdefaults', Sym.DEF_PARAM, loc);
}

/** CPython: Python/symtable.c symtable_record_directive */
export function symtableRecordDirective(st: SymTable, name: string, loc: Located): void {
  const cur = st.cur!;
  if (cur.directives === null) cur.directives = [];
  const mangled = maybeMangle(st.private, cur, name);
  cur.directives.push([mangled, loc.lineno, loc.col_offset, loc.end_lineno, loc.end_col_offset]);
}

/** CPython: Python/symtable.c has_kwonlydefaults */
function hasKwonlydefaults(kwonlyargs: readonly ast.arg[], kwDefaults: readonly (ast.expr | undefined)[]): boolean {
  for (let i = 0; i < kwonlyargs.length; i++) if (kwDefaults[i] !== undefined) return true;
  return false;
}

/** CPython: Python/symtable.c check_import_from */
function checkImportFrom(st: SymTable, s: ast.ImportFrom): void {
  const fut = st.future.location;
  if (s.module === '__future__' && s.level === 0
    && (s.lineno > fut.lineno || (s.lineno === fut.endLineno && s.col_offset > fut.endColOffset))) {
    throw errorAt(st, 'from __future__ imports must occur at the beginning of the file', s);
  }
}

/** CPython: Python/symtable.c allows_top_level_await */
export function allowsTopLevelAwait(st: SymTable): boolean {
  return (st.future.features & PyCF_ALLOW_TOP_LEVEL_AWAIT) !== 0 && st.cur!.type === BlockType.ModuleBlock;
}

/** CPython: Python/symtable.c maybe_set_ste_coroutine_for_module */
function maybeSetSteCoroutineForModule(st: SymTable): void {
  if (allowsTopLevelAwait(st)) st.cur!.coroutine = true;
}

/** CPython: IS_ASYNC_DEF */
export function isAsyncDef(st: SymTable): boolean {
  return st.cur!.type === BlockType.FunctionBlock && st.cur!.coroutine;
}

// ---------------------------------------------------------------------------
// Statements

export function visitStmts(st: SymTable, body: readonly ast.stmt[]): void {
  for (let i = 0; i < body.length; i++) visitStmt(st, body[i]!);
}

export function visitExprs(st: SymTable, exprs: readonly (ast.expr | undefined)[]): void {
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    if (e !== undefined) visitExpr(st, e);
  }
}

/** A body run conditionally (ENTER_CONDITIONAL_BLOCK / LEAVE_CONDITIONAL_BLOCK). */
function visitConditional(st: SymTable, body: readonly ast.stmt[], orelse: readonly ast.stmt[]): void {
  const cur = st.cur!;
  const saved = cur.inConditionalBlock;
  cur.inConditionalBlock = true;
  visitStmts(st, body);
  visitStmts(st, orelse);
  cur.inConditionalBlock = saved;
}

/** CPython: Python/symtable.c symtable_visit_stmt */
function visitStmt(st: SymTable, s: ast.stmt): void {
  switch (s._kind) {
    case NodeKind.FunctionDef:
    case NodeKind.AsyncFunctionDef:
      visitFunctionDef(st, s as ast.FunctionDef | ast.AsyncFunctionDef);
      break;
    case NodeKind.ClassDef:
      visitClassDef(st, s as ast.ClassDef);
      break;
    case NodeKind.TypeAlias:
      visitTypeAlias(st, s as ast.TypeAlias);
      break;
    case NodeKind.Return: {
      const value = (s as ast.Return).value;
      if (value !== undefined) {
        visitExpr(st, value);
        st.cur!.returnsValue = true;
      }
      break;
    }
    case NodeKind.Delete:
      visitExprs(st, (s as ast.Delete).targets);
      break;
    case NodeKind.Assign:
      visitExprs(st, (s as ast.Assign).targets);
      visitExpr(st, (s as ast.Assign).value);
      break;
    case NodeKind.AnnAssign:
      visitAnnAssign(st, s as ast.AnnAssign);
      break;
    case NodeKind.AugAssign:
      visitExpr(st, (s as ast.AugAssign).target);
      visitExpr(st, (s as ast.AugAssign).value);
      break;
    case NodeKind.For: {
      const f = s as ast.For;
      visitExpr(st, f.target);
      visitExpr(st, f.iter);
      visitConditional(st, f.body, f.orelse);
      break;
    }
    case NodeKind.While: {
      const w = s as ast.While;
      visitExpr(st, w.test);
      visitConditional(st, w.body, w.orelse);
      break;
    }
    case NodeKind.If: {
      const i = s as ast.If;
      visitExpr(st, i.test);
      visitConditional(st, i.body, i.orelse);
      break;
    }
    case NodeKind.Match: {
      const m = s as ast.Match;
      visitExpr(st, m.subject);
      const cur = st.cur!;
      const saved = cur.inConditionalBlock;
      cur.inConditionalBlock = true;
      for (const c of m.cases) visitMatchCase(st, c);
      cur.inConditionalBlock = saved;
      break;
    }
    case NodeKind.Raise: {
      const r = s as ast.Raise;
      if (r.exc !== undefined) {
        visitExpr(st, r.exc);
        if (r.cause !== undefined) visitExpr(st, r.cause);
      }
      break;
    }
    case NodeKind.Try:
    case NodeKind.TryStar: {
      const t = s as ast.Try | ast.TryStar;
      const cur = st.cur!;
      const saved = cur.inConditionalBlock;
      cur.inConditionalBlock = true;
      visitStmts(st, t.body);
      for (const h of t.handlers) visitExcepthandler(st, h as ast.ExceptHandler);
      visitStmts(st, t.orelse);
      visitStmts(st, t.finalbody);
      cur.inConditionalBlock = saved;
      break;
    }
    case NodeKind.Assert: {
      const a = s as ast.Assert;
      visitExpr(st, a.test);
      if (a.msg !== undefined) visitExpr(st, a.msg);
      break;
    }
    case NodeKind.Import:
      for (const a of (s as ast.Import).names) visitAlias(st, a);
      break;
    case NodeKind.ImportFrom:
      for (const a of (s as ast.ImportFrom).names) visitAlias(st, a);
      checkImportFrom(st, s as ast.ImportFrom);
      break;
    case NodeKind.Global:
      visitGlobalOrNonlocal(st, s, (s as ast.Global).names, Sym.DEF_GLOBAL, 'global');
      break;
    case NodeKind.Nonlocal:
      visitGlobalOrNonlocal(st, s, (s as ast.Nonlocal).names, Sym.DEF_NONLOCAL, 'nonlocal');
      break;
    case NodeKind.Expr:
      visitExpr(st, (s as ast.Expr).value);
      break;
    case NodeKind.Pass:
    case NodeKind.Break:
    case NodeKind.Continue:
      break;
    case NodeKind.With: {
      const w = s as ast.With;
      const cur = st.cur!;
      const saved = cur.inConditionalBlock;
      cur.inConditionalBlock = true;
      for (const item of w.items) visitWithitem(st, item);
      visitStmts(st, w.body);
      cur.inConditionalBlock = saved;
      break;
    }
    case NodeKind.AsyncWith: {
      const w = s as ast.AsyncWith;
      maybeSetSteCoroutineForModule(st);
      symtableRaiseIfNotCoroutine(st, "'async with' outside async function", s);
      const cur = st.cur!;
      const saved = cur.inConditionalBlock;
      cur.inConditionalBlock = true;
      for (const item of w.items) visitWithitem(st, item);
      visitStmts(st, w.body);
      cur.inConditionalBlock = saved;
      break;
    }
    case NodeKind.AsyncFor: {
      const f = s as ast.AsyncFor;
      maybeSetSteCoroutineForModule(st);
      symtableRaiseIfNotCoroutine(st, "'async for' outside async function", s);
      visitExpr(st, f.target);
      visitExpr(st, f.iter);
      visitConditional(st, f.body, f.orelse);
      break;
    }
  }
}

/** CPython: Python/symtable.c symtable_visit_stmt, case FunctionDef_kind / AsyncFunctionDef_kind */
function visitFunctionDef(st: SymTable, s: ast.FunctionDef | ast.AsyncFunctionDef): void {
  const loc = s;
  const args = s.args;
  symtableAddDef(st, s.name, Sym.DEF_LOCAL, loc);
  visitExprs(st, args.defaults);
  visitExprs(st, args.kw_defaults);
  visitExprs(st, s.decorator_list);
  const generic = s.type_params.length > 0;
  if (generic) {
    // CPython tests `args->defaults != NULL`, which holds for every def.
    symtableEnterTypeParamBlock(st, s.name, s.type_params, true,
      hasKwonlydefaults(args.kwonlyargs, args.kw_defaults), s._kind, loc);
    for (const tp of s.type_params) visitTypeParam(st, tp);
  }
  const newSte = new SymtableEntry(st, s.name, BlockType.FunctionBlock, s, sourceLocation(s));
  if (getDocString(s.body) !== undefined) newSte.hasDocstring = true;
  symtableVisitAnnotations(st, s, args, s.returns, newSte);
  symtableEnterExistingBlock(st, newSte, true);
  if (s._kind === NodeKind.AsyncFunctionDef) st.cur!.coroutine = true;
  visitArguments(st, args);
  visitStmts(st, s.body);
  symtableExitBlock(st);
  if (generic) symtableExitBlock(st);
}

/** CPython: Python/symtable.c symtable_visit_stmt, case ClassDef_kind */
function visitClassDef(st: SymTable, s: ast.ClassDef): void {
  const loc = s;
  symtableAddDef(st, s.name, Sym.DEF_LOCAL, loc);
  visitExprs(st, s.decorator_list);
  const tmp = st.private;
  const generic = s.type_params.length > 0;
  if (generic) {
    symtableEnterTypeParamBlock(st, s.name, s.type_params, false, false, s._kind, loc);
    st.private = s.name;
    st.cur!.mangledNames = new Set();
    for (const tp of s.type_params) visitTypeParam(st, tp);
  }
  visitExprs(st, s.bases);
  checkKeywords(st, s.keywords);
  for (const k of s.keywords) visitExpr(st, k.value);
  symtableEnterBlock(st, s.name, BlockType.ClassBlock, s, loc);
  st.private = s.name;
  if (generic) {
    symtableAddDef(st, '__type_params__', Sym.DEF_LOCAL, loc);
    symtableAddDef(st, '.type_params', Sym.USE, loc);
  }
  if (getDocString(s.body) !== undefined) st.cur!.hasDocstring = true;
  visitStmts(st, s.body);
  symtableExitBlock(st);
  if (generic) symtableExitBlock(st);
  st.private = tmp;
}

/** CPython: Python/symtable.c symtable_visit_stmt, case TypeAlias_kind */
function visitTypeAlias(st: SymTable, s: ast.TypeAlias): void {
  visitExpr(st, s.name);
  const name = (s.name as ast.Name).id;
  const isInClass = st.cur!.type === BlockType.ClassBlock;
  const generic = s.type_params.length > 0;
  const loc = s;
  if (generic) {
    symtableEnterTypeParamBlock(st, name, s.type_params, false, false, s._kind, loc);
    for (const tp of s.type_params) visitTypeParam(st, tp);
  }
  symtableEnterBlock(st, name, BlockType.TypeAliasBlock, s, loc);
  st.cur!.canSeeClassScope = isInClass;
  if (isInClass) symtableAddDef(st, '__classdict__', Sym.USE, s.value);
  visitExpr(st, s.value);
  symtableExitBlock(st);
  if (generic) symtableExitBlock(st);
}

/** CPython: Python/symtable.c symtable_visit_stmt, case AnnAssign_kind */
function visitAnnAssign(st: SymTable, s: ast.AnnAssign): void {
  const cur = st.cur!;
  cur.annotationsUsed = true;
  const target = s.target;
  if (target._kind === NodeKind.Name) {
    const id = (target as ast.Name).id;
    const flags = symtableLookup(st, id);
    if ((flags & (Sym.DEF_GLOBAL | Sym.DEF_NONLOCAL)) && cur.symbols !== st.global && s.simple) {
      const msg = flags & Sym.DEF_GLOBAL ? `annotated name '${id}' can't be global` : `annotated name '${id}' can't be nonlocal`;
      throw errorAt(st, msg, s);
    }
    if (s.simple) symtableAddDef(st, id, Sym.DEF_ANNOT | Sym.DEF_LOCAL, target);
    else if (s.value !== undefined) symtableAddDef(st, id, Sym.DEF_LOCAL, target);
  } else {
    visitExpr(st, target);
  }
  symtableVisitAnnotation(st, s.annotation, derivedKey(cur.id));
  if (s.value !== undefined) visitExpr(st, s.value);
}

/** Global and Nonlocal statements. CPython: Python/symtable.c symtable_visit_stmt, case Global_kind / Nonlocal_kind */
function visitGlobalOrNonlocal(st: SymTable, s: ast.stmt, names: readonly string[], flag: number, what: string): void {
  const loc = s;
  for (const name of names) {
    const cur = symtableLookup(st, name);
    if (cur & (Sym.DEF_PARAM | Sym.DEF_LOCAL | Sym.USE | Sym.DEF_ANNOT)) {
      let msg: string;
      if (cur & Sym.DEF_PARAM) msg = `name '${name}' is parameter and ${what}`;
      else if (cur & Sym.USE) msg = `name '${name}' is used prior to ${what} declaration`;
      else if (cur & Sym.DEF_ANNOT) msg = `annotated name '${name}' can't be ${what}`;
      else msg = `name '${name}' is assigned to before ${what} declaration`;
      throw errorAt(st, msg, loc);
    }
    symtableAddDef(st, name, flag, loc);
    symtableRecordDirective(st, name, loc);
  }
}

// ---------------------------------------------------------------------------
// Arguments and annotations

/** CPython: Python/symtable.c symtable_implicit_arg */
export function symtableImplicitArg(st: SymTable, pos: number): void {
  symtableAddDef(st, '.' + pos, Sym.DEF_PARAM, located(st.cur!.loc));
}

/** CPython: Python/symtable.c symtable_visit_params */
function visitParams(st: SymTable, args: readonly ast.arg[]): void {
  for (const a of args) symtableAddDef(st, a.arg, Sym.DEF_PARAM, a);
}

/**
 * An annotation of a module or class body (AnnAssign), in the block's __annotate__ scope.
 * CPython: Python/symtable.c symtable_visit_annotation
 */
function symtableVisitAnnotation(st: SymTable, annotation: ast.expr, key: object): void {
  const cur = st.cur!;
  // Annotations in local scopes are not evaluated and don't affect the symbol table.
  const isUnevaluated = cur.type === BlockType.FunctionBlock;
  // Module-level annotations always count as conditional (a module may be executed only in part).
  if (((cur.type === BlockType.ClassBlock && cur.inConditionalBlock) || cur.type === BlockType.ModuleBlock)
    && !cur.hasConditionalAnnotations) {
    cur.hasConditionalAnnotations = true;
    symtableAddDef(st, '__conditional_annotations__', Sym.USE, annotation);
  }
  const parent = cur;
  if (parent.annotationBlock === null) {
    const currentType = parent.type;
    symtableEnterBlock(st, '__annotate__', BlockType.AnnotationBlock, key, annotation);
    parent.annotationBlock = st.cur!;
    const futureAnnotations = (st.future.features & CO_FUTURE_ANNOTATIONS) !== 0;
    if (currentType === BlockType.ClassBlock && !futureAnnotations) {
      st.cur!.canSeeClassScope = true;
      symtableAddDef(st, '__classdict__', Sym.USE, annotation);
    }
  } else {
    symtableEnterExistingBlock(st, parent.annotationBlock, false);
  }
  if (isUnevaluated) st.cur!.inUnevaluatedAnnotation = true;
  try {
    visitExpr(st, annotation);
  } finally {
    if (isUnevaluated) st.cur!.inUnevaluatedAnnotation = false;
  }
  symtableExitBlock(st);
}

/** CPython: Python/symtable.c symtable_visit_argannotations */
function visitArgannotations(st: SymTable, args: readonly ast.arg[]): void {
  for (const a of args) {
    if (a.annotation !== undefined) {
      st.cur!.annotationsUsed = true;
      visitExpr(st, a.annotation);
    }
  }
}

/**
 * A function's parameter and return annotations, in its __annotate__ scope.
 * CPython: Python/symtable.c symtable_visit_annotations
 */
function symtableVisitAnnotations(
  st: SymTable, o: ast.stmt, a: ast.arguments, returns: ast.expr | undefined, functionSte: SymtableEntry,
): void {
  const isInClass = st.cur!.canSeeClassScope;
  const currentType = st.cur!.type;
  symtableEnterBlock(st, '__annotate__', BlockType.AnnotationBlock, a, o);
  st.cur!.functionName = functionSte.name;
  if (isInClass || currentType === BlockType.ClassBlock) {
    st.cur!.canSeeClassScope = true;
    symtableAddDef(st, '__classdict__', Sym.USE, o);
  }
  visitArgannotations(st, a.posonlyargs);
  visitArgannotations(st, a.args);
  if (a.vararg?.annotation !== undefined) {
    st.cur!.annotationsUsed = true;
    visitExpr(st, a.vararg.annotation);
  }
  if (a.kwarg?.annotation !== undefined) {
    st.cur!.annotationsUsed = true;
    visitExpr(st, a.kwarg.annotation);
  }
  visitArgannotations(st, a.kwonlyargs);
  if (returns !== undefined) {
    st.cur!.annotationsUsed = true;
    visitExpr(st, returns);
  }
  symtableExitBlock(st);
}

/** The parameters, in the function's own block. CPython: Python/symtable.c symtable_visit_arguments */
export function visitArguments(st: SymTable, a: ast.arguments): void {
  visitParams(st, a.posonlyargs);
  visitParams(st, a.args);
  visitParams(st, a.kwonlyargs);
  if (a.vararg !== undefined) {
    symtableAddDef(st, a.vararg.arg, Sym.DEF_PARAM, a.vararg);
    st.cur!.varargs = true;
  }
  if (a.kwarg !== undefined) {
    symtableAddDef(st, a.kwarg.arg, Sym.DEF_PARAM, a.kwarg);
    st.cur!.varkeywords = true;
  }
}

/** CPython: Python/symtable.c symtable_visit_excepthandler */
function visitExcepthandler(st: SymTable, eh: ast.ExceptHandler): void {
  if (eh.type !== undefined) visitExpr(st, eh.type);
  if (eh.name !== undefined) symtableAddDef(st, eh.name, Sym.DEF_LOCAL, eh);
  visitStmts(st, eh.body);
}

/** CPython: Python/symtable.c symtable_visit_withitem */
function visitWithitem(st: SymTable, item: ast.withitem): void {
  visitExpr(st, item.context_expr);
  if (item.optional_vars !== undefined) visitExpr(st, item.optional_vars);
}

/** The name an import binds (`a` for `import a.b`). CPython: Python/symtable.c symtable_visit_alias */
function visitAlias(st: SymTable, a: ast.alias): void {
  const name = a.asname ?? a.name;
  if (name === '*') {
    if (st.cur!.type !== BlockType.ModuleBlock) throw errorAt(st, IMPORT_STAR_WARNING, a);
    return;
  }
  const dot = name.indexOf('.');
  symtableAddDef(st, dot === -1 ? name : name.slice(0, dot), Sym.DEF_IMPORT, a);
}


