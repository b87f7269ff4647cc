// The symbol table's first pass over expressions: named expressions, comprehensions,
// type parameters, patterns, and the errors for expressions out of place.
// CPython: Python/symtable.c symtable_visit_expr and friends.
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import { BlockType, ComprehensionType, derivedKey, isFunctionLike, type SymTable, Sym } from './symtable.js';
import {
  allowsTopLevelAwait, checkKeywords, checkKwdPatterns, checkName, errorAt, isAsyncDef, symtableAddDef,
  symtableAddDefCtx, symtableAddDefHelper, symtableEnterBlock, symtableExitBlock, symtableImplicitArg,
  symtableLookupEntry, symtableRecordDirective, visitArguments, visitExprs, visitStmts, type Located,
} from './symtable_visit.js';

const NAMED_EXPR_COMP_IN_CLASS = 'assignment expression within a comprehension cannot be used in a class body';
const NAMED_EXPR_COMP_IN_TYPEVAR_BOUND = 'assignment expression within a comprehension cannot be used in a TypeVar bound';
const NAMED_EXPR_COMP_IN_TYPEALIAS = 'assignment expression within a comprehension cannot be used in a type alias';
const NAMED_EXPR_COMP_IN_TYPEPARAM =
  'assignment expression within a comprehension cannot be used within the definition of a generic';
const NAMED_EXPR_COMP_ITER_EXPR = 'assignment expression cannot be used in a comprehension iterable expression';

// ---------------------------------------------------------------------------
// Named expressions

/**
 * Binds a walrus target inside a comprehension in the nearest enclosing scope that can hold it.
 * CPython: Python/symtable.c symtable_extend_namedexpr_scope
 */
function symtableExtendNamedexprScope(st: SymTable, e: ast.Name): void {
  const targetName = e.id;
  const loc = e;
  for (let i = st.stack.length - 1; i >= 0; i--) {
    const ste = st.stack[i]!;
    // A comprehension: check for a conflict with its iteration variables, else skip it.
    if (ste.comprehension !== ComprehensionType.NoComprehension) {
      const inScope = symtableLookupEntry(st, ste, targetName);
      if ((inScope & Sym.DEF_COMP_ITER) && (inScope & Sym.DEF_LOCAL)) {
        throw errorAt(st, `assignment expression cannot rebind comprehension iteration variable '${targetName}'`, loc);
      }
      continue;
    }
    if (ste.type === BlockType.FunctionBlock) {
      const inScope = symtableLookupEntry(st, ste, targetName);
      symtableAddDef(st, targetName, inScope & Sym.DEF_GLOBAL ? Sym.DEF_GLOBAL : Sym.DEF_NONLOCAL, loc);
      symtableRecordDirective(st, targetName, loc);
      symtableAddDefHelper(st, targetName, Sym.DEF_LOCAL, ste, loc);
      return;
    }
    if (ste.type === BlockType.ModuleBlock) {
      symtableAddDef(st, targetName, Sym.DEF_GLOBAL, loc);
      symtableRecordDirective(st, targetName, loc);
      symtableAddDefHelper(st, targetName, Sym.DEF_GLOBAL, ste, loc);
      return;
    }
    switch (ste.type) {
      case BlockType.ClassBlock: throw errorAt(st, NAMED_EXPR_COMP_IN_CLASS, loc);
      case BlockType.TypeParametersBlock: throw errorAt(st, NAMED_EXPR_COMP_IN_TYPEPARAM, loc);
      case BlockType.TypeAliasBlock: throw errorAt(st, NAMED_EXPR_COMP_IN_TYPEALIAS, loc);
      case BlockType.TypeVariableBlock: throw errorAt(st, NAMED_EXPR_COMP_IN_TYPEVAR_BOUND, loc);
    }
  }
  // Unreachable in CPython: a function-like, module or class block is always found
  // (an AnnotationBlock cannot hold a named expression).
  throw new Error('SystemError: symtable_extend_namedexpr_scope found no scope');
}

/** CPython: Python/symtable.c symtable_handle_namedexpr */
function symtableHandleNamedexpr(st: SymTable, e: ast.NamedExpr): void {
  const cur = st.cur!;
  if (cur.compIterExpr > 0) throw errorAt(st, NAMED_EXPR_COMP_ITER_EXPR, e);
  if (cur.comprehension !== ComprehensionType.NoComprehension) {
    symtableExtendNamedexprScope(st, e.target as ast.Name);
  }
  visitExpr(st, e.value);
  visitExpr(st, e.target);
}

// ---------------------------------------------------------------------------
// Expressions

/** CPython: Python/symtable.c symtable_visit_expr */
export function visitExpr(st: SymTable, e: ast.expr): void {
  switch (e._kind) {
    case NodeKind.NamedExpr:
      symtableRaiseIfAnnotationBlock(st, 'named expression', e);
      symtableHandleNamedexpr(st, e as ast.NamedExpr);
      break;
    case NodeKind.BoolOp:
      visitExprs(st, (e as ast.BoolOp).values);
      break;
    case NodeKind.BinOp:
      visitBinOpChain(st, e as ast.BinOp);
      break;
    case NodeKind.UnaryOp:
      visitExpr(st, (e as ast.UnaryOp).operand);
      break;
    case NodeKind.Lambda: {
      const l = e as ast.Lambda;
      visitExprs(st, l.args.defaults);
      visitExprs(st, l.args.kw_defaults);
      symtableEnterBlock(st, 'lambda', BlockType.FunctionBlock, e, e);
      visitArguments(st, l.args);
      visitExpr(st, l.body);
      symtableExitBlock(st);
      break;
    }
    case NodeKind.IfExp:
      visitExpr(st, (e as ast.IfExp).test);
      visitExpr(st, (e as ast.IfExp).body);
      visitExpr(st, (e as ast.IfExp).orelse);
      break;
    case NodeKind.Dict:
      visitExprs(st, (e as ast.Dict).keys);
      visitExprs(st, (e as ast.Dict).values);
      break;
    case NodeKind.Set:
      visitExprs(st, (e as ast.Set).elts);
      break;
    case NodeKind.GeneratorExp:
      symtableHandleComprehension(st, e, 'genexpr', (e as ast.GeneratorExp).generators, (e as ast.GeneratorExp).elt, undefined);
      break;
    case NodeKind.ListComp:
      symtableHandleComprehension(st, e, 'listcomp', (e as ast.ListComp).generators, (e as ast.ListComp).elt, undefined);
      break;
    case NodeKind.SetComp:
      symtableHandleComprehension(st, e, 'setcomp', (e as ast.SetComp).generators, (e as ast.SetComp).elt, undefined);
      break;
    case NodeKind.DictComp: {
      const d = e as ast.DictComp;
      symtableHandleComprehension(st, e, 'dictcomp', d.generators, d.key, d.value);
      break;
    }
    case NodeKind.Yield: {
      symtableRaiseIfAnnotationBlock(st, 'yield expression', e);
      const value = (e as ast.Yield).value;
      if (value !== undefined) visitExpr(st, value);
      st.cur!.generator = true;
      if (st.cur!.comprehension !== ComprehensionType.NoComprehension) symtableRaiseIfComprehensionBlock(st, e);
      break;
    }
    case NodeKind.YieldFrom:
      symtableRaiseIfAnnotationBlock(st, 'yield expression', e);
      visitExpr(st, (e as ast.YieldFrom).value);
      st.cur!.generator = true;
      if (st.cur!.comprehension !== ComprehensionType.NoComprehension) symtableRaiseIfComprehensionBlock(st, e);
      break;
    case NodeKind.Await:
      symtableRaiseIfAnnotationBlock(st, 'await expression', e);
      if (!allowsTopLevelAwait(st)) {
        if (!isFunctionLike(st.cur!)) throw errorAt(st, "'await' outside function", e);
        if (!isAsyncDef(st) && st.cur!.comprehension === ComprehensionType.NoComprehension) {
          throw errorAt(st, "'await' outside async function", e);
        }
      }
      visitExpr(st, (e as ast.Await).value);
      st.cur!.coroutine = true;
      break;
    case NodeKind.Compare:
      visitExpr(st, (e as ast.Compare).left);
      visitExprs(st, (e as ast.Compare).comparators);
      break;
    case NodeKind.Call: {
      const c = e as ast.Call;
      visitExpr(st, c.func);
      visitExprs(st, c.args);
      checkKeywords(st, c.keywords);
      for (const k of c.keywords) visitExpr(st, k.value);
      break;
    }
    case NodeKind.FormattedValue: {
      const f = e as ast.FormattedValue;
      visitExpr(st, f.value);
      if (f.format_spec !== undefined) visitExpr(st, f.format_spec);
      break;
    }
    case NodeKind.Interpolation: {
      const f = e as ast.Interpolation;
      visitExpr(st, f.value);
      if (f.format_spec !== undefined) visitExpr(st, f.format_spec);
      break;
    }
    case NodeKind.JoinedStr:
      visitExprs(st, (e as ast.JoinedStr).values);
      break;
    case NodeKind.TemplateStr:
      visitExprs(st, (e as ast.TemplateStr).values);
      break;
    case NodeKind.Constant:
      break;
    case NodeKind.Attribute: {
      const a = e as ast.Attribute;
      checkName(st, a.attr, e, a.ctx._kind);
      visitExpr(st, a.value);
      break;
    }
    case NodeKind.Subscript:
      visitExpr(st, (e as ast.Subscript).value);
      visitExpr(st, (e as ast.Subscript).slice);
      break;
    case NodeKind.Starred:
      visitExpr(st, (e as ast.Starred).value);
      break;
    case NodeKind.Slice: {
      const sl = e as ast.Slice;
      if (sl.lower !== undefined) visitExpr(st, sl.lower);
      if (sl.upper !== undefined) visitExpr(st, sl.upper);
      if (sl.step !== undefined) visitExpr(st, sl.step);
      break;
    }
    case NodeKind.Name: {
      const n = e as ast.Name;
      const cur = st.cur!;
      if (!cur.inUnevaluatedAnnotation) {
        const ctx = n.ctx._kind;
        const loc = e;
        symtableAddDefCtx(st, n.id, ctx === NodeKind.Load ? Sym.USE : Sym.DEF_LOCAL, loc, ctx);
        // `super` counts as a use of __class__.
        if (ctx === NodeKind.Load && n.id === 'super' && isFunctionLike(cur)) {
          symtableAddDef(st, '__class__', Sym.USE, loc);
        }
      }
      break;
    }
    case NodeKind.List:
      visitExprs(st, (e as ast.List).elts);
      break;
    case NodeKind.Tuple:
      visitExprs(st, (e as ast.Tuple).elts);
      break;
  }
}

/**
 * A left-nested chain `a + b + c + …` in CPython's order (left, then right, innermost
 * first) without recursing down the left spine, so that long chains do not exhaust the
 * JavaScript stack.
 */
function visitBinOpChain(st: SymTable, e: ast.BinOp): void {
  const spine: ast.BinOp[] = [];
  let node: ast.expr = e;
  while (node._kind === NodeKind.BinOp) {
    spine.push(node as ast.BinOp);
    node = (node as ast.BinOp).left;
  }
  visitExpr(st, node);
  for (let i = spine.length - 1; i >= 0; i--) visitExpr(st, spine[i]!.right);
}

// ---------------------------------------------------------------------------
// Type parameters

/** CPython: Python/symtable.c symtable_visit_type_param_bound_or_default */
function visitTypeParamBoundOrDefault(
  st: SymTable, e: ast.expr | undefined, name: string, tp: ast.type_param, key: object, scopeInfo: string | null,
): void {
  if (name === '__classdict__') {
    throw errorAt(st, `reserved name '${name}' cannot be used for type parameter`, tp);
  }
  if (e === undefined) return;
  const isInClass = st.cur!.canSeeClassScope;
  symtableEnterBlock(st, name, BlockType.TypeVariableBlock, key, e);
  st.cur!.canSeeClassScope = isInClass;
  if (isInClass) symtableAddDef(st, '__classdict__', Sym.USE, e);
  st.cur!.scopeInfo = scopeInfo;
  visitExpr(st, e);
  symtableExitBlock(st);
}

/** CPython: Python/symtable.c symtable_visit_type_param */
export function visitTypeParam(st: SymTable, tp: ast.type_param): void {
  const name = (tp as ast.TypeVar | ast.TypeVarTuple | ast.ParamSpec).name;
  symtableAddDef(st, name, Sym.DEF_TYPE_PARAM | Sym.DEF_LOCAL, tp);
  switch (tp._kind) {
    case NodeKind.TypeVar: {
      const tv = tp as ast.TypeVar;
      const bound = tv.bound;
      const info = bound === undefined ? null : bound._kind === NodeKind.Tuple ? 'a TypeVar constraint' : 'a TypeVar bound';
      // The bound is keyed by tp and the default by tp + 1 (see the key table at the top of symtable.ts).
      visitTypeParamBoundOrDefault(st, bound, name, tp, tp, info);
      visitTypeParamBoundOrDefault(st, tv.default_value, name, tp, derivedKey(tp), 'a TypeVar default');
      break;
    }
    case NodeKind.TypeVarTuple:
      visitTypeParamBoundOrDefault(st, (tp as ast.TypeVarTuple).default_value, name, tp, tp, 'a TypeVarTuple default');
      break;
    case NodeKind.ParamSpec:
      visitTypeParamBoundOrDefault(st, (tp as ast.ParamSpec).default_value, name, tp, tp, 'a ParamSpec default');
      break;
  }
}

// ---------------------------------------------------------------------------
// Patterns

/** CPython: Python/symtable.c symtable_visit_pattern */
function visitPattern(st: SymTable, p: ast.pattern): void {
  switch (p._kind) {
    case NodeKind.MatchValue:
      visitExpr(st, (p as ast.MatchValue).value);
      break;
    case NodeKind.MatchSingleton:
      break;
    case NodeKind.MatchSequence:
      for (const q of (p as ast.MatchSequence).patterns) visitPattern(st, q);
      break;
    case NodeKind.MatchStar: {
      const name = (p as ast.MatchStar).name;
      if (name !== undefined) symtableAddDef(st, name, Sym.DEF_LOCAL, p);
      break;
    }
    case NodeKind.MatchMapping: {
      const m = p as ast.MatchMapping;
      visitExprs(st, m.keys);
      for (const q of m.patterns) visitPattern(st, q);
      if (m.rest !== undefined) symtableAddDef(st, m.rest, Sym.DEF_LOCAL, p);
      break;
    }
    case NodeKind.MatchClass: {
      const m = p as ast.MatchClass;
      visitExpr(st, m.cls);
      for (const q of m.patterns) visitPattern(st, q);
      checkKwdPatterns(st, m);
      for (const q of m.kwd_patterns) visitPattern(st, q);
      break;
    }
    case NodeKind.MatchAs: {
      const m = p as ast.MatchAs;
      if (m.pattern !== undefined) visitPattern(st, m.pattern);
      if (m.name !== undefined) symtableAddDef(st, m.name, Sym.DEF_LOCAL, p);
      break;
    }
    case NodeKind.MatchOr:
      for (const q of (p as ast.MatchOr).patterns) visitPattern(st, q);
      break;
  }
}

/** CPython: Python/symtable.c symtable_visit_match_case */
export function visitMatchCase(st: SymTable, m: ast.match_case): void {
  visitPattern(st, m.pattern);
  if (m.guard !== undefined) visitExpr(st, m.guard);
  visitStmts(st, m.body);
}

// ---------------------------------------------------------------------------
// Comprehensions

/** CPython: Python/symtable.c symtable_visit_comprehension */
function visitComprehension(st: SymTable, lc: ast.comprehension): void {
  const cur = st.cur!;
  cur.compIterTarget = true;
  visitExpr(st, lc.target);
  cur.compIterTarget = false;
  cur.compIterExpr++;
  visitExpr(st, lc.iter);
  cur.compIterExpr--;
  visitExprs(st, lc.ifs);
  if (lc.is_async) cur.coroutine = true;
}

/** CPython: Python/symtable.c symtable_handle_comprehension */
function symtableHandleComprehension(
  st: SymTable, e: ast.expr, scopeName: string, generators: readonly ast.comprehension[],
  elt: ast.expr, value: ast.expr | undefined,
): void {
  const isGenerator = e._kind === NodeKind.GeneratorExp;
  const outermost = generators[0]!;
  // The outermost iterator is evaluated in the current scope.
  st.cur!.compIterExpr++;
  visitExpr(st, outermost.iter);
  st.cur!.compIterExpr--;
  // A comprehension scope for the rest.
  symtableEnterBlock(st, scopeName, BlockType.FunctionBlock, e, e);
  const comp = st.cur!;
  switch (e._kind) {
    case NodeKind.ListComp: comp.comprehension = ComprehensionType.ListComprehension; break;
    case NodeKind.SetComp: comp.comprehension = ComprehensionType.SetComprehension; break;
    case NodeKind.DictComp: comp.comprehension = ComprehensionType.DictComprehension; break;
    default: comp.comprehension = ComprehensionType.GeneratorExpression; break;
  }
  if (outermost.is_async) comp.coroutine = true;
  // The outermost iterator is received as an argument.
  symtableImplicitArg(st, 0);
  // The iteration variables, marked as such.
  comp.compIterTarget = true;
  visitExpr(st, outermost.target);
  comp.compIterTarget = false;
  visitExprs(st, outermost.ifs);
  for (let i = 1; i < generators.length; i++) visitComprehension(st, generators[i]!);
  if (value !== undefined) visitExpr(st, value);
  visitExpr(st, elt);
  comp.generator = isGenerator;
  const isAsync = comp.coroutine && !isGenerator;
  symtableExitBlock(st);
  if (isAsync && !isAsyncDef(st) && st.cur!.comprehension === ComprehensionType.NoComprehension
    && !allowsTopLevelAwait(st)) {
    throw errorAt(st, 'asynchronous comprehension outside of an asynchronous function', e);
  }
  if (isAsync) st.cur!.coroutine = true;
}

// ---------------------------------------------------------------------------
// Context errors

/** CPython: Python/symtable.c symtable_raise_if_annotation_block */
function symtableRaiseIfAnnotationBlock(st: SymTable, name: string, e: ast.expr): void {
  const cur = st.cur!;
  let msg: string;
  switch (cur.type) {
    case BlockType.AnnotationBlock: msg = `${name} cannot be used within an annotation`; break;
    case BlockType.TypeVariableBlock: msg = `${name} cannot be used within ${cur.scopeInfo}`; break;
    case BlockType.TypeAliasBlock: msg = `${name} cannot be used within a type alias`; break;
    case BlockType.TypeParametersBlock: msg = `${name} cannot be used within the definition of a generic`; break;
    default: return;
  }
  throw errorAt(st, msg, e);
}

/** CPython: Python/symtable.c symtable_raise_if_comprehension_block */
function symtableRaiseIfComprehensionBlock(st: SymTable, e: ast.expr): never {
  const type = st.cur!.comprehension;
  const msg = type === ComprehensionType.ListComprehension ? "'yield' inside list comprehension"
    : type === ComprehensionType.SetComprehension ? "'yield' inside set comprehension"
      : type === ComprehensionType.DictComprehension ? "'yield' inside dict comprehension"
        : "'yield' inside generator expression";
  throw errorAt(st, msg, e);
}

/** CPython: Python/symtable.c symtable_raise_if_not_coroutine */
export function symtableRaiseIfNotCoroutine(st: SymTable, msg: string, loc: Located): void {
  if (!st.cur!.coroutine) throw errorAt(st, msg, loc);
}
