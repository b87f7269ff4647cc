// Assignment targets and the AST side of target/call error reporting: the
// expression-context rewrite and the "cannot assign to X" helpers of CPython's
// Parser/action_helpers.c. Re-exported by action_helpers.ts.

import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import { Ellipsis, None } from '@tspy/bytecode';
import { RAISE_SYNTAX_ERROR, RAISE_SYNTAX_ERROR_KNOWN_RANGE, type Parser } from './pegen.js';

// CPython: Parser/pegen.h TARGETS_TYPE
export const STAR_TARGETS = 0;
export const DEL_TARGETS = 1;
export const FOR_TARGETS = 2;
export type TargetsType = typeof STAR_TARGETS | typeof DEL_TARGETS | typeof FOR_TARGETS;

// ---------------------------------------------------------------------------
// Expression context
// ---------------------------------------------------------------------------

// CPython: Parser/action_helpers.c _set_seq_context
function setSeqContext(p: Parser, seq: readonly ast.expr[], ctx: ast.expr_context): ast.expr[] {
  const out = new Array<ast.expr>(seq.length);
  for (let i = 0; i < seq.length; i++) out[i] = setExprContext(p, seq[i]!, ctx);
  return out;
}

// CPython: Parser/action_helpers.c _set_name_context
function setNameContext(e: ast.Name, ctx: ast.expr_context): ast.Name {
  return new ast.Name(e.id, ctx, e.lineno, e.col_offset, e.end_lineno, e.end_col_offset);
}

// CPython: Parser/action_helpers.c _set_tuple_context
function setTupleContext(p: Parser, e: ast.Tuple, ctx: ast.expr_context): ast.Tuple {
  return new ast.Tuple(setSeqContext(p, e.elts, ctx), ctx, e.lineno, e.col_offset, e.end_lineno, e.end_col_offset);
}

// CPython: Parser/action_helpers.c _set_list_context
function setListContext(p: Parser, e: ast.List, ctx: ast.expr_context): ast.List {
  return new ast.List(setSeqContext(p, e.elts, ctx), ctx, e.lineno, e.col_offset, e.end_lineno, e.end_col_offset);
}

// CPython: Parser/action_helpers.c _set_subscript_context
function setSubscriptContext(e: ast.Subscript, ctx: ast.expr_context): ast.Subscript {
  return new ast.Subscript(e.value, e.slice, ctx, e.lineno, e.col_offset, e.end_lineno, e.end_col_offset);
}

// CPython: Parser/action_helpers.c _set_attribute_context
function setAttributeContext(e: ast.Attribute, ctx: ast.expr_context): ast.Attribute {
  return new ast.Attribute(e.value, e.attr, ctx, e.lineno, e.col_offset, e.end_lineno, e.end_col_offset);
}

// CPython: Parser/action_helpers.c _set_starred_context
function setStarredContext(p: Parser, e: ast.Starred, ctx: ast.expr_context): ast.Starred {
  return new ast.Starred(setExprContext(p, e.value, ctx), ctx, e.lineno, e.col_offset, e.end_lineno, e.end_col_offset);
}

/**
 * A copy of `expr` whose context (and that of the names, tuples, lists, subscripts,
 * attributes and starred items inside it that carry one) is `ctx`; any other
 * expression is returned as it is.
 * CPython: Parser/action_helpers.c _PyPegen_set_expr_context
 */
export function setExprContext(p: Parser, expr: ast.expr, ctx: ast.expr_context): ast.expr {
  switch (expr._kind) {
    case NodeKind.Name:
      return setNameContext(expr as ast.Name, ctx);
    case NodeKind.Tuple:
      return setTupleContext(p, expr as ast.Tuple, ctx);
    case NodeKind.List:
      return setListContext(p, expr as ast.List, ctx);
    case NodeKind.Subscript:
      return setSubscriptContext(expr as ast.Subscript, ctx);
    case NodeKind.Attribute:
      return setAttributeContext(expr as ast.Attribute, ctx);
    case NodeKind.Starred:
      return setStarredContext(p, expr as ast.Starred, ctx);
    default:
      return expr;
  }
}

// ---------------------------------------------------------------------------
// Error reporting helpers
// ---------------------------------------------------------------------------

/**
 * How an expression is called in messages like "cannot assign to %s".
 * CPython: Parser/action_helpers.c _PyPegen_get_expr_name
 */
export function getExprName(e: ast.expr): string {
  switch (e._kind) {
    case NodeKind.Attribute:
      return 'attribute';
    case NodeKind.Subscript:
      return 'subscript';
    case NodeKind.Starred:
      return 'starred';
    case NodeKind.Name:
      return 'name';
    case NodeKind.List:
      return 'list';
    case NodeKind.Tuple:
      return 'tuple';
    case NodeKind.Lambda:
      return 'lambda';
    case NodeKind.Call:
      return 'function call';
    case NodeKind.BoolOp:
    case NodeKind.BinOp:
    case NodeKind.UnaryOp:
      return 'expression';
    case NodeKind.GeneratorExp:
      return 'generator expression';
    case NodeKind.Yield:
    case NodeKind.YieldFrom:
      return 'yield expression';
    case NodeKind.Await:
      return 'await expression';
    case NodeKind.ListComp:
      return 'list comprehension';
    case NodeKind.SetComp:
      return 'set comprehension';
    case NodeKind.DictComp:
      return 'dict comprehension';
    case NodeKind.Dict:
      return 'dict literal';
    case NodeKind.Set:
      return 'set display';
    case NodeKind.JoinedStr:
    case NodeKind.FormattedValue:
      return 'f-string expression';
    case NodeKind.TemplateStr:
    case NodeKind.Interpolation:
      return 't-string expression';
    case NodeKind.Constant:
      return constantName((e as ast.Constant).value);
    case NodeKind.Compare:
      return 'comparison';
    case NodeKind.IfExp:
      return 'conditional expression';
    case NodeKind.NamedExpr:
      return 'named expression';
    default:
      // C sets SystemError: the grammar never asks for the name of a Slice.
      throw new Error(`SystemError: unexpected expression in assignment ${e._kind} (line ${e.lineno})`);
  }
}

// The Constant case of _PyPegen_get_expr_name.
function constantName(value: unknown): string {
  if (value === None) return 'None';
  if (value === false) return 'False';
  if (value === true) return 'True';
  if (value === Ellipsis) return 'ellipsis';
  return 'literal';
}

/**
 * The first part of `e` that cannot be a target of the given kind, or undefined.
 * Only List and Tuple are searched: other containers are invalid as a whole.
 * CPython: Parser/action_helpers.c _PyPegen_get_invalid_target
 */
export function getInvalidTarget(e: ast.expr | undefined, targets_type: TargetsType): ast.expr | undefined {
  if (e === undefined) return undefined;
  switch (e._kind) {
    case NodeKind.List:
    case NodeKind.Tuple:
      return firstInvalidTarget((e as ast.List | ast.Tuple).elts, targets_type);
    case NodeKind.Starred:
      if (targets_type === DEL_TARGETS) return e;
      return getInvalidTarget((e as ast.Starred).value, targets_type);
    case NodeKind.Compare:
      // The `a in b` of `for a in b` parses as a comparison: search its left side.
      if (targets_type === FOR_TARGETS) {
        const cmp = e as ast.Compare;
        if (cmp.ops[0]!._kind === NodeKind.In) return getInvalidTarget(cmp.left, targets_type);
        return undefined;
      }
      return e;
    case NodeKind.Name:
    case NodeKind.Subscript:
    case NodeKind.Attribute:
      return undefined;
    default:
      return e;
  }
}

// The VISIT_CONTAINER macro of _PyPegen_get_invalid_target.
function firstInvalidTarget(elts: readonly ast.expr[], targets_type: TargetsType): ast.expr | undefined {
  for (let i = 0; i < elts.length; i++) {
    const child = getInvalidTarget(elts[i], targets_type);
    if (child !== undefined) return child;
  }
  return undefined;
}

/** The expression whose end a "must be parenthesized" error points at. CPython: Parser/action_helpers.c _PyPegen_get_last_comprehension_item */
export function getLastComprehensionItem(comprehension: ast.comprehension): ast.expr {
  const ifs = comprehension.ifs;
  if (ifs === undefined || ifs.length === 0) return comprehension.iter;
  return ifs[ifs.length - 1]!;
}

/** `f(a=1, b)` / `f(**k, b)`. CPython: Parser/action_helpers.c _PyPegen_arguments_parsing_error */
export function argumentsParsingError(p: Parser, e: ast.Call): never {
  let kwargUnpacking = false;
  const keywords = e.keywords;
  for (let i = 0; i < keywords.length; i++) {
    if (keywords[i]!.arg === undefined) kwargUnpacking = true;
  }
  const msg = kwargUnpacking
    ? 'positional argument follows keyword argument unpacking'
    : 'positional argument follows keyword argument';
  return RAISE_SYNTAX_ERROR(p, msg);
}

/**
 * `f(a, x for x in y)`: a generator expression that is not the only argument.
 * `args` holds the arguments before the `for`; with one argument the input is a
 * valid call and nothing is raised.
 * CPython: Parser/action_helpers.c _PyPegen_nonparen_genexp_in_call
 */
export function nonparenGenexpInCall(
  p: Parser,
  args: ast.Call,
  comprehensions: readonly ast.comprehension[],
): undefined {
  const len = args.args.length;
  if (len <= 1) return undefined;
  const last = comprehensions[comprehensions.length - 1]!;
  return RAISE_SYNTAX_ERROR_KNOWN_RANGE(
    p,
    args.args[len - 1]!,
    getLastComprehensionItem(last),
    'Generator expression must be parenthesized',
  );
}
