// Code generation for expressions: the expression half of CPython's codegen.c.
// Calls live in codegen_call.ts, comprehensions in codegen_comprehension.ts,
// f-strings and t-strings in codegen_fstring.ts.
// CPython: Python/codegen.c (codegen_visit_expr and what it reaches)
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import {
  Intrinsic1,
  NB,
  None,
  Ellipsis,
  PyTuple,
  PySlice,
  PyFloat,
  PyComplex,
  PyBytes,
  PyFrozenSet,
  PyWideStr,
  type CodeObject,
  type PyConst,
} from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import { LOC, NO_LOCATION, type SourceLocation } from './source_location.js';
import { STACK_USE_GUIDELINE } from './opcode_utils.js';
import type { Compiler } from './compile.js';
import {
  compilerError, compilerWarn, maybeAddStaticAttributeToClass, getRefType, exitScope, optimizeAndAssemble,
  ScopeType,
} from './compile.js';
import {
  addop, addopI, addopJump, addopLoadConst, addopName, addopBinary, addopCompare, addopYield, addYieldFrom,
  newJumpTargetLabel, useLabel, nameop, codegenEnterScope, makeClosure, defaultArguments, LOAD_ZERO_SUPER_ATTR,
} from './codegen.js';
import { getScope, isFunctionLike, Sym } from './symtable.js';
import { call } from './codegen_call.js';
import { genexp, listcomp, setcomp, dictcomp } from './codegen_comprehension.js';
import { joinedStr, templateStr, formattedValue, interpolation } from './codegen_fstring.js';


const Load = NodeKind.Load;
const Store = NodeKind.Store;
const Del = NodeKind.Del;

// CPython: Python/codegen.c codegen_visit_expr
export function visitExpr(c: Compiler, e: ast.expr): void {
  // Each case takes LOC(e) itself: many kinds pass the node on and never need it here.
  switch (e._kind) {
    case NodeKind.NamedExpr: {
      const n = e as ast.NamedExpr;
      visitExpr(c, n.value);
      addopI(c, LOC(e), Op.COPY, 1);
      visitExpr(c, n.target);
      return;
    }
    case NodeKind.BoolOp:
      return boolop(c, e as ast.BoolOp);
    case NodeKind.BinOp: {
      const b = e as ast.BinOp;
      visitExpr(c, b.left);
      visitExpr(c, b.right);
      addopBinary(c, LOC(e), b.op, false);
      return;
    }
    case NodeKind.UnaryOp:
      return unaryOp(c, e as ast.UnaryOp, LOC(e));
    case NodeKind.Lambda:
      return lambda(c, e as ast.Lambda);
    case NodeKind.IfExp:
      return ifexp(c, e as ast.IfExp);
    case NodeKind.Dict:
      return dict(c, e as ast.Dict);
    case NodeKind.Set:
      return starunpackHelper(c, LOC(e), (e as ast.Set).elts, 0, Op.BUILD_SET, Op.SET_ADD, Op.SET_UPDATE, false);
    case NodeKind.GeneratorExp:
      return genexp(c, e as ast.GeneratorExp);
    case NodeKind.ListComp:
      return listcomp(c, e as ast.ListComp);
    case NodeKind.SetComp:
      return setcomp(c, e as ast.SetComp);
    case NodeKind.DictComp:
      return dictcomp(c, e as ast.DictComp);
    case NodeKind.Yield: {
      const loc = LOC(e);
      if (!isFunctionLike(c.unit.ste)) compilerError(c, loc, "'yield' outside function");
      const value = (e as ast.Yield).value;
      if (value !== undefined) visitExpr(c, value);
      else addopLoadConst(c, loc, None);
      addopYield(c, loc);
      return;
    }
    case NodeKind.YieldFrom: {
      const loc = LOC(e);
      if (!isFunctionLike(c.unit.ste)) compilerError(c, loc, "'yield from' outside function");
      if (c.unit.scopeType === ScopeType.ASYNC_FUNCTION) compilerError(c, loc, "'yield from' inside async function");
      visitExpr(c, (e as ast.YieldFrom).value);
      addop(c, loc, Op.GET_YIELD_FROM_ITER);
      addopLoadConst(c, loc, None);
      addYieldFrom(c, loc, false);
      return;
    }
    case NodeKind.Await: {
      visitExpr(c, (e as ast.Await).value);
      const loc = LOC(e);
      addopI(c, loc, Op.GET_AWAITABLE, 0);
      addopLoadConst(c, loc, None);
      addYieldFrom(c, loc, true);
      return;
    }
    case NodeKind.Compare:
      return compare(c, e as ast.Compare);
    case NodeKind.Call:
      return call(c, e as ast.Call);
    case NodeKind.Constant:
      addopLoadConst(c, LOC(e), (e as ast.Constant).value);
      return;
    case NodeKind.JoinedStr:
      return joinedStr(c, e as ast.JoinedStr);
    case NodeKind.TemplateStr:
      return templateStr(c, e as ast.TemplateStr);
    case NodeKind.FormattedValue:
      return formattedValue(c, e as ast.FormattedValue);
    case NodeKind.Interpolation:
      return interpolation(c, e as ast.Interpolation);
    case NodeKind.Attribute:
      return attribute(c, e as ast.Attribute, LOC(e));
    case NodeKind.Subscript:
      return subscript(c, e as ast.Subscript);
    case NodeKind.Starred: {
      const loc = LOC(e);
      if ((e as ast.Starred).ctx._kind === Store) {
        // In all legitimate cases the Starred node was already handled by list/tuple.
        compilerError(c, loc, 'starred assignment target must be in a list or tuple');
      }
      compilerError(c, loc, "can't use starred expression here");
      return;
    }
    case NodeKind.Slice:
      return slice(c, e as ast.Slice);
    case NodeKind.Name: {
      const n = e as ast.Name;
      return nameop(c, LOC(e), n.id, n.ctx);
    }
    case NodeKind.List:
      return list(c, e as ast.List);
    case NodeKind.Tuple:
      return tuple(c, e as ast.Tuple);
  }
}

function unaryOp(c: Compiler, e: ast.UnaryOp, loc: SourceLocation): void {
  visitExpr(c, e.operand);
  switch (e.op._kind) {
    case NodeKind.UAdd:
      addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.UNARY_POSITIVE);
      return;
    case NodeKind.Not:
      addop(c, loc, Op.TO_BOOL);
      addop(c, loc, Op.UNARY_NOT);
      return;
    case NodeKind.Invert:
      addop(c, loc, Op.UNARY_INVERT);
      return;
    default:
      addop(c, loc, Op.UNARY_NEGATIVE);
  }
}

function attribute(c: Compiler, e: ast.Attribute, loc: SourceLocation): void {
  if (e.ctx._kind === Load && canOptimizeSuperCall(c, e)) {
    loadArgsForSuper(c, e.value as ast.Call);
    const opcode = (e.value as ast.Call).args.length ? Op.LOAD_SUPER_ATTR : LOAD_ZERO_SUPER_ATTR;
    addopName(c, loc, opcode, e.attr, 'names');
    loc = updateStartLocationToMatchAttr(c, loc, e);
    addop(c, loc, Op.NOP);
    return;
  }
  maybeAddStaticAttributeToClass(c, e);
  visitExpr(c, e.value);
  loc = updateStartLocationToMatchAttr(c, loc, e);
  switch (e.ctx._kind) {
    case Load:
      addopName(c, loc, Op.LOAD_ATTR, e.attr, 'names');
      break;
    case Store:
      addopName(c, loc, Op.STORE_ATTR, e.attr, 'names');
      break;
    case Del:
      addopName(c, loc, Op.DELETE_ATTR, e.attr, 'names');
      break;
  }
}

// CPython: Python/codegen.c codegen_boolop
function boolop(c: Compiler, e: ast.BoolOp): void {
  const loc = LOC(e);
  const jumpi = e.op._kind === NodeKind.And ? Op.JUMP_IF_FALSE : Op.JUMP_IF_TRUE;
  const end = newJumpTargetLabel(c);
  const s = e.values;
  const n = s.length - 1;
  for (let i = 0; i < n; i++) {
    visitExpr(c, s[i]!);
    addopJump(c, loc, jumpi, end);
    addop(c, loc, Op.POP_TOP);
  }
  visitExpr(c, s[n]!);
  useLabel(c, end);
}

// CPython: Python/codegen.c codegen_jump_if
export function jumpIf(c: Compiler, loc: SourceLocation, e: ast.expr, next: number, cond: boolean): void {
  switch (e._kind) {
    case NodeKind.UnaryOp: {
      const u = e as ast.UnaryOp;
      if (u.op._kind === NodeKind.Not) return jumpIf(c, loc, u.operand, next, !cond);
      break;
    }
    case NodeKind.BoolOp: {
      const b = e as ast.BoolOp;
      const s = b.values;
      const n = s.length - 1;
      const cond2 = b.op._kind === NodeKind.Or;
      let next2 = next;
      if (cond2 !== cond) next2 = newJumpTargetLabel(c);
      for (let i = 0; i < n; i++) jumpIf(c, loc, s[i]!, next2, cond2);
      jumpIf(c, loc, s[n]!, next, cond);
      if (next2 !== next) useLabel(c, next2);
      return;
    }
    case NodeKind.IfExp: {
      const x = e as ast.IfExp;
      const end = newJumpTargetLabel(c);
      const next2 = newJumpTargetLabel(c);
      jumpIf(c, loc, x.test, next2, false);
      jumpIf(c, loc, x.body, next, cond);
      addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
      useLabel(c, next2);
      jumpIf(c, loc, x.orelse, next, cond);
      useLabel(c, end);
      return;
    }
    case NodeKind.Compare: {
      const cmp = e as ast.Compare;
      const n = cmp.ops.length - 1;
      if (n > 0) {
        jumpIfChainedCompare(c, cmp, n, next, cond);
        return;
      }
      break;
    }
  }
  // general implementation
  visitExpr(c, e);
  const eLoc = LOC(e);
  addop(c, eLoc, Op.TO_BOOL);
  addopJump(c, eLoc, cond ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE, next);
}

/** The chained-compare branch of codegen_jump_if (`a < b < c` as a condition). */
function jumpIfChainedCompare(c: Compiler, e: ast.Compare, n: number, next: number, cond: boolean): void {
  checkCompare(c, e);
  const loc = LOC(e);
  const cleanup = newJumpTargetLabel(c);
  visitExpr(c, e.left);
  for (let i = 0; i < n; i++) {
    visitExpr(c, e.comparators[i]!);
    addopI(c, loc, Op.SWAP, 2);
    addopI(c, loc, Op.COPY, 2);
    addopCompare(c, loc, e.ops[i]!);
    addop(c, loc, Op.TO_BOOL);
    addopJump(c, loc, Op.POP_JUMP_IF_FALSE, cleanup);
  }
  visitExpr(c, e.comparators[n]!);
  addopCompare(c, loc, e.ops[n]!);
  addop(c, loc, Op.TO_BOOL);
  addopJump(c, loc, cond ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE, next);
  const end = newJumpTargetLabel(c);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
  useLabel(c, cleanup);
  addop(c, loc, Op.POP_TOP);
  if (!cond) addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, next);
  useLabel(c, end);
}

// CPython: Python/codegen.c codegen_ifexp
function ifexp(c: Compiler, e: ast.IfExp): void {
  const end = newJumpTargetLabel(c);
  const next = newJumpTargetLabel(c);
  jumpIf(c, LOC(e), e.test, next, false);
  visitExpr(c, e.body);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
  useLabel(c, next);
  visitExpr(c, e.orelse);
  useLabel(c, end);
}

// CPython: Python/codegen.c codegen_lambda
function lambda(c: Compiler, e: ast.Lambda): void {
  const args = e.args;
  const loc = LOC(e);
  const funcflags = defaultArguments(c, loc, args);
  const umd = { argcount: args.args.length, posonlyargcount: args.posonlyargs.length, kwonlyargcount: args.kwonlyargs.length };
  codegenEnterScope(c, '<lambda>', ScopeType.LAMBDA, e, e.lineno, null, umd);
  let co: CodeObject;
  try {
    visitExpr(c, e.body);
    if (c.unit.ste.generator) {
      co = optimizeAndAssemble(c, false);
    } else {
      addop(c, LOC(e.body), Op.RETURN_VALUE);
      co = optimizeAndAssemble(c, true);
    }
  } finally {
    exitScope(c);
  }
  makeClosure(c, loc, co, funcflags);
}

// ---- comparisons ----------------------------------------------------------

function isConstTuple(elts: ast.expr[]): boolean {
  for (const e of elts) if (e._kind !== NodeKind.Constant) return false;
  return true;
}

/** False if the expression is a constant other than a named singleton (CPython: codegen.c check_is_arg). */
function checkIsArg(e: ast.expr): boolean {
  if (e._kind === NodeKind.Tuple) return !isConstTuple((e as ast.Tuple).elts);
  if (e._kind !== NodeKind.Constant) return true;
  const value = (e as ast.Constant).value;
  return value === None || value === false || value === true || value === Ellipsis;
}

// CPython: Python/codegen.c codegen_check_compare
export function checkCompare(c: Compiler, e: ast.Compare): void {
  let left = checkIsArg(e.left);
  let leftExpr = e.left;
  for (let i = 0; i < e.ops.length; i++) {
    const op = e.ops[i]!._kind;
    const rightExpr = e.comparators[i]!;
    const right = checkIsArg(rightExpr);
    if (op === NodeKind.Is || op === NodeKind.IsNot) {
      if (!right || !left) {
        const literal = !left ? leftExpr : rightExpr;
        const typeName = inferTypeName(literal)!;
        const msg = op === NodeKind.Is
          ? `"is" with '${typeName}' literal. Did you mean "=="?`
          : `"is not" with '${typeName}' literal. Did you mean "!="?`;
        compilerWarn(c, LOC(e), msg);
        return;
      }
    }
    left = right;
    leftExpr = rightExpr;
  }
}

// CPython: Python/codegen.c codegen_compare
function compare(c: Compiler, e: ast.Compare): void {
  const loc = LOC(e);
  checkCompare(c, e);
  visitExpr(c, e.left);
  const n = e.ops.length - 1;
  if (n === 0) {
    visitExpr(c, e.comparators[0]!);
    addopCompare(c, loc, e.ops[0]!);
    return;
  }
  const cleanup = newJumpTargetLabel(c);
  for (let i = 0; i < n; i++) {
    visitExpr(c, e.comparators[i]!);
    addopI(c, loc, Op.SWAP, 2);
    addopI(c, loc, Op.COPY, 2);
    addopCompare(c, loc, e.ops[i]!);
    addopI(c, loc, Op.COPY, 1);
    addop(c, loc, Op.TO_BOOL);
    addopJump(c, loc, Op.POP_JUMP_IF_FALSE, cleanup);
    addop(c, loc, Op.POP_TOP);
  }
  visitExpr(c, e.comparators[n]!);
  addopCompare(c, loc, e.ops[n]!);
  const end = newJumpTargetLabel(c);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
  useLabel(c, cleanup);
  addopI(c, loc, Op.SWAP, 2);
  addop(c, loc, Op.POP_TOP);
  useLabel(c, end);
}

/** The `tp_name` of a constant's type. */
export function constTypeName(v: PyConst): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
  }
  if (v === None) return 'NoneType';
  if (v === Ellipsis) return 'ellipsis';
  if (v instanceof PyWideStr) return 'str';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyComplex) return 'complex';
  if (v instanceof PyBytes) return 'bytes';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyFrozenSet) return 'frozenset';
  if (v instanceof PySlice) return 'slice';
  return 'object';
}

/** The type name CPython's infer_type gives, or undefined for "unknown" (CPython: codegen.c infer_type). */
export function inferTypeName(e: ast.expr): string | undefined {
  switch (e._kind) {
    case NodeKind.Tuple:
      return 'tuple';
    case NodeKind.List:
    case NodeKind.ListComp:
      return 'list';
    case NodeKind.Dict:
    case NodeKind.DictComp:
      return 'dict';
    case NodeKind.Set:
    case NodeKind.SetComp:
      return 'set';
    case NodeKind.GeneratorExp:
      return 'generator';
    case NodeKind.Lambda:
      return 'function';
    case NodeKind.JoinedStr:
    case NodeKind.TemplateStr:
    case NodeKind.FormattedValue:
    case NodeKind.Interpolation:
      return 'str';
    case NodeKind.Constant:
      return constTypeName((e as ast.Constant).value);
    default:
      return undefined;
  }
}

// CPython: Python/codegen.c check_caller
export function checkCaller(c: Compiler, e: ast.expr): void {
  switch (e._kind) {
    case NodeKind.Constant:
    case NodeKind.Tuple:
    case NodeKind.List:
    case NodeKind.ListComp:
    case NodeKind.Dict:
    case NodeKind.DictComp:
    case NodeKind.Set:
    case NodeKind.SetComp:
    case NodeKind.GeneratorExp:
    case NodeKind.JoinedStr:
    case NodeKind.TemplateStr:
    case NodeKind.FormattedValue:
    case NodeKind.Interpolation:
      compilerWarn(c, LOC(e), `'${inferTypeName(e)!}' object is not callable; perhaps you missed a comma?`);
  }
}

function isIntLike(v: PyConst): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

// CPython: Python/codegen.c check_subscripter
function checkSubscripter(c: Compiler, e: ast.expr): void {
  switch (e._kind) {
    case NodeKind.Constant: {
      const v = (e as ast.Constant).value;
      if (!(v === None || v === Ellipsis || isIntLike(v) || v instanceof PyFloat || v instanceof PyComplex ||
        v instanceof PyFrozenSet)) {
        return;
      }
      break;
    }
    case NodeKind.Set:
    case NodeKind.SetComp:
    case NodeKind.GeneratorExp:
    case NodeKind.Lambda:
      break;
    default:
      return;
  }
  compilerWarn(c, LOC(e), `'${inferTypeName(e)!}' object is not subscriptable; perhaps you missed a comma?`);
}

// CPython: Python/codegen.c check_index
function checkIndex(c: Compiler, e: ast.expr, s: ast.expr): void {
  const indexType = inferTypeName(s);
  if (indexType === undefined || indexType === 'int' || indexType === 'bool' || indexType === 'slice') return;
  switch (e._kind) {
    case NodeKind.Constant: {
      const v = (e as ast.Constant).value;
      if (!(typeof v === 'string' || v instanceof PyWideStr || v instanceof PyBytes || v instanceof PyTuple)) return;
      break;
    }
    case NodeKind.Tuple:
    case NodeKind.List:
    case NodeKind.ListComp:
    case NodeKind.JoinedStr:
    case NodeKind.TemplateStr:
    case NodeKind.FormattedValue:
    case NodeKind.Interpolation:
      break;
    default:
      return;
  }
  compilerWarn(c, LOC(e),
    `${inferTypeName(e)!} indices must be integers or slices, not ${indexType}; perhaps you missed a comma?`);
}

// ---- displays --------------------------------------------------------------

// CPython: Python/codegen.c starunpack_helper_impl
export function starunpackHelperImpl(
  c: Compiler, loc: SourceLocation, elts: ast.expr[], injectedArg: string | null, pushed: number,
  build: number, add: number, extend: number, tuple: boolean,
): void {
  let n = elts.length;
  const big = n + pushed + (injectedArg !== null ? 1 : 0) > STACK_USE_GUIDELINE;
  let seenStar = false;
  for (const elt of elts) {
    if (elt._kind === NodeKind.Starred) {
      seenStar = true;
      break;
    }
  }
  if (!seenStar && !big) {
    for (const elt of elts) visitExpr(c, elt);
    if (injectedArg !== null) {
      nameop(c, loc, injectedArg, ast.Load.instance);
      n++;
    }
    addopI(c, loc, tuple ? Op.BUILD_TUPLE : build, n + pushed);
    return;
  }
  let sequenceBuilt = false;
  if (big) {
    addopI(c, loc, build, pushed);
    sequenceBuilt = true;
  }
  for (let i = 0; i < n; i++) {
    const elt = elts[i]!;
    if (elt._kind === NodeKind.Starred) {
      if (!sequenceBuilt) {
        addopI(c, loc, build, i + pushed);
        sequenceBuilt = true;
      }
      visitExpr(c, (elt as ast.Starred).value);
      addopI(c, loc, extend, 1);
    } else {
      visitExpr(c, elt);
      if (sequenceBuilt) addopI(c, loc, add, 1);
    }
  }
  if (injectedArg !== null) {
    nameop(c, loc, injectedArg, ast.Load.instance);
    addopI(c, loc, add, 1);
  }
  if (tuple) addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.LIST_TO_TUPLE);
}

// CPython: Python/codegen.c starunpack_helper
export function starunpackHelper(
  c: Compiler, loc: SourceLocation, elts: ast.expr[], pushed: number,
  build: number, add: number, extend: number, tuple: boolean,
): void {
  starunpackHelperImpl(c, loc, elts, null, pushed, build, add, extend, tuple);
}

// CPython: Python/codegen.c unpack_helper
export function unpackHelper(c: Compiler, loc: SourceLocation, elts: ast.expr[]): void {
  const n = elts.length;
  let seenStar = false;
  for (let i = 0; i < n; i++) {
    const elt = elts[i]!;
    if (elt._kind === NodeKind.Starred && !seenStar) {
      if (i >= 1 << 8 || n - i - 1 >= 0x7fffffff >> 8) {
        compilerError(c, loc, 'too many expressions in star-unpacking assignment');
      }
      addopI(c, loc, Op.UNPACK_EX, i + ((n - i - 1) << 8));
      seenStar = true;
    } else if (elt._kind === NodeKind.Starred) {
      compilerError(c, loc, 'multiple starred expressions in assignment');
    }
  }
  if (!seenStar) addopI(c, loc, Op.UNPACK_SEQUENCE, n);
}

// CPython: Python/codegen.c assignment_helper
function assignmentHelper(c: Compiler, loc: SourceLocation, elts: ast.expr[]): void {
  unpackHelper(c, loc, elts);
  for (const elt of elts) visitExpr(c, elt._kind !== NodeKind.Starred ? elt : (elt as ast.Starred).value);
}

// CPython: Python/codegen.c codegen_list
function list(c: Compiler, e: ast.List): void {
  const loc = LOC(e);
  const ctx = e.ctx._kind;
  if (ctx === Store) return assignmentHelper(c, loc, e.elts);
  if (ctx === Load) return starunpackHelper(c, loc, e.elts, 0, Op.BUILD_LIST, Op.LIST_APPEND, Op.LIST_EXTEND, false);
  for (const elt of e.elts) visitExpr(c, elt);
}

// CPython: Python/codegen.c codegen_tuple
function tuple(c: Compiler, e: ast.Tuple): void {
  const loc = LOC(e);
  const ctx = e.ctx._kind;
  if (ctx === Store) return assignmentHelper(c, loc, e.elts);
  if (ctx === Load) return starunpackHelper(c, loc, e.elts, 0, Op.BUILD_LIST, Op.LIST_APPEND, Op.LIST_EXTEND, true);
  for (const elt of e.elts) visitExpr(c, elt);
}

// CPython: Python/codegen.c codegen_subdict
function subdict(c: Compiler, e: ast.Dict, begin: number, end: number): void {
  const n = end - begin;
  const big = n * 2 > STACK_USE_GUIDELINE;
  const loc = LOC(e);
  if (big) addopI(c, loc, Op.BUILD_MAP, 0);
  for (let i = begin; i < end; i++) {
    visitExpr(c, e.keys[i]!);
    visitExpr(c, e.values[i]!);
    if (big) addopI(c, loc, Op.MAP_ADD, 1);
  }
  if (!big) addopI(c, loc, Op.BUILD_MAP, n);
}

// CPython: Python/codegen.c codegen_dict
function dict(c: Compiler, e: ast.Dict): void {
  const loc = LOC(e);
  const n = e.values.length;
  let haveDict = false;
  let elements = 0;
  for (let i = 0; i < n; i++) {
    const isUnpacking = e.keys[i] === undefined || e.keys[i] === null;
    if (isUnpacking) {
      if (elements) {
        subdict(c, e, i - elements, i);
        if (haveDict) addopI(c, loc, Op.DICT_UPDATE, 1);
        haveDict = true;
        elements = 0;
      }
      if (!haveDict) {
        addopI(c, loc, Op.BUILD_MAP, 0);
        haveDict = true;
      }
      visitExpr(c, e.values[i]!);
      addopI(c, loc, Op.DICT_UPDATE, 1);
    } else if (elements * 2 > STACK_USE_GUIDELINE) {
      subdict(c, e, i - elements, i + 1);
      if (haveDict) addopI(c, loc, Op.DICT_UPDATE, 1);
      haveDict = true;
      elements = 0;
    } else {
      elements++;
    }
  }
  if (elements) {
    subdict(c, e, n - elements, n);
    if (haveDict) addopI(c, loc, Op.DICT_UPDATE, 1);
    haveDict = true;
  }
  if (!haveDict) addopI(c, loc, Op.BUILD_MAP, 0);
}

// ---- attributes, super(), subscripts, slices -------------------------------

// CPython: Python/codegen.c can_optimize_super_call
export function canOptimizeSuperCall(c: Compiler, attr: ast.Attribute): boolean {
  const e = attr.value;
  if (e._kind !== NodeKind.Call) return false;
  const callNode = e as ast.Call;
  const func = callNode.func;
  if (func._kind !== NodeKind.Name || (func as ast.Name).id !== 'super' || attr.attr === '__class__' ||
    callNode.keywords.length !== 0) {
    return false;
  }
  const numArgs = callNode.args.length;
  const superName = (func as ast.Name).id;
  // detect statically-visible shadowing of 'super'
  if (getScope(c.unit.ste, superName) !== Sym.GLOBAL_IMPLICIT) return false;
  if (getScope(c.st.top, superName) !== 0) return false;
  if (numArgs === 2) {
    for (const arg of callNode.args) if (arg._kind === NodeKind.Starred) return false;
    return true;
  }
  if (numArgs !== 0) return false;
  // zero-arg super(): the enclosing function needs an argument and the __class__ cell
  const md = c.unit.metadata;
  if (md.argcount === 0 && md.posonlyargcount === 0) return false;
  return getRefType(c, '__class__') === Sym.FREE;
}

// CPython: Python/codegen.c load_args_for_super
export function loadArgsForSuper(c: Compiler, e: ast.Call): void {
  const loc = LOC(e);
  nameop(c, LOC(e.func), (e.func as ast.Name).id, ast.Load.instance);
  if (e.args.length === 2) {
    visitExpr(c, e.args[0]!);
    visitExpr(c, e.args[1]!);
    return;
  }
  nameop(c, loc, '__class__', ast.Load.instance);
  const first = c.unit.metadata.varnames.names()[0];
  if (first === undefined) compilerError(c, loc, 'super(): no arguments'); // unreachable: argcount > 0
  nameop(c, loc, first!, ast.Load.instance);
}

// CPython: Python/codegen.c update_start_location_to_match_attr
export function updateStartLocationToMatchAttr(_c: Compiler, loc: SourceLocation, attr: ast.Attribute): SourceLocation {
  if (loc.lineno === attr.end_lineno) return loc;
  let colOffset: number;
  let endColOffset = loc.endColOffset;
  const len = pyLength(attr.attr);
  if (len <= attr.end_col_offset) {
    colOffset = attr.end_col_offset - len;
  } else {
    // GH-94694: a weird AST; drop the columns
    colOffset = -1;
    endColOffset = -1;
  }
  const lineno = attr.end_lineno;
  const endLineno = Math.max(lineno, loc.endLineno);
  if (lineno === endLineno) endColOffset = Math.max(colOffset, endColOffset);
  return { lineno, endLineno, colOffset, endColOffset };
}

/** Length in code points (PyUnicode_GET_LENGTH). */
function pyLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length) {
      const v = s.charCodeAt(i + 1);
      if (v >= 0xdc00 && v <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// CPython: Python/codegen.c is_constant_slice
function isConstantSlice(s: ast.expr): boolean {
  if (s._kind !== NodeKind.Slice) return false;
  const sl = s as ast.Slice;
  return (sl.lower === undefined || sl.lower._kind === NodeKind.Constant) &&
    (sl.upper === undefined || sl.upper._kind === NodeKind.Constant) &&
    (sl.step === undefined || sl.step._kind === NodeKind.Constant);
}

// CPython: Python/codegen.c should_apply_two_element_slice_optimization
export function shouldApplyTwoElementSliceOptimization(s: ast.expr): boolean {
  return !isConstantSlice(s) && s._kind === NodeKind.Slice && (s as ast.Slice).step === undefined;
}

// CPython: Python/codegen.c codegen_subscript
function subscript(c: Compiler, e: ast.Subscript): void {
  const loc = LOC(e);
  const ctx = e.ctx._kind;
  if (ctx === Load) {
    checkSubscripter(c, e.value);
    checkIndex(c, e.value, e.slice);
  }
  visitExpr(c, e.value);
  if (shouldApplyTwoElementSliceOptimization(e.slice) && ctx !== Del) {
    sliceTwoParts(c, e.slice as ast.Slice);
    addop(c, loc, ctx === Load ? Op.BINARY_SLICE : Op.STORE_SLICE);
    return;
  }
  visitExpr(c, e.slice);
  switch (ctx) {
    case Load:
      addopI(c, loc, Op.BINARY_OP, NB.SUBSCR);
      break;
    case Store:
      addop(c, loc, Op.STORE_SUBSCR);
      break;
    case Del:
      addop(c, loc, Op.DELETE_SUBSCR);
      break;
  }
}

// CPython: Python/codegen.c codegen_slice_two_parts
export function sliceTwoParts(c: Compiler, s: ast.Slice): void {
  if (s.lower !== undefined) visitExpr(c, s.lower);
  else addopLoadConst(c, LOC(s), None);
  if (s.upper !== undefined) visitExpr(c, s.upper);
  else addopLoadConst(c, LOC(s), None);
}

function constOf(e: ast.expr | undefined): PyConst {
  return e === undefined ? None : (e as ast.Constant).value;
}

// CPython: Python/codegen.c codegen_slice
function slice(c: Compiler, s: ast.Slice): void {
  if (isConstantSlice(s)) {
    addopLoadConst(c, LOC(s), new PySlice(constOf(s.lower), constOf(s.upper), constOf(s.step)));
    return;
  }
  sliceTwoParts(c, s);
  let n = 2;
  if (s.step !== undefined) {
    n++;
    visitExpr(c, s.step);
  }
  addopI(c, LOC(s), Op.BUILD_SLICE, n);
}
