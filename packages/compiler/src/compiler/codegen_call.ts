// Code generation for calls: method-call and builtin-call optimisations, keyword
// arguments, and the `*args`/`**kwargs` (CALL_FUNCTION_EX) path.
// CPython: Python/codegen.c codegen_call and its helpers
import * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import { Intrinsic1, CommonConstant, PyTuple } from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import { LOC, NO_LOCATION, type SourceLocation } from './source_location.js';
import type { Compiler } from './compile.js';
import { compilerError } from './compile.js';
import {
  addop, addopI, addopJump, addopLoadConst, addopName, addopCompare, newJumpTargetLabel, useLabel, nameop,
  LOAD_METHOD, LOAD_SUPER_METHOD, LOAD_ZERO_SUPER_METHOD,
} from './codegen.js';
import { getSymbol, Sym } from './symtable.js';
import {
  visitExpr, checkCaller, canOptimizeSuperCall, loadArgsForSuper, updateStartLocationToMatchAttr,
  starunpackHelperImpl,
} from './codegen_expr.js';
import { STACK_USE_GUIDELINE } from './opcode_utils.js';

// CPython: Python/codegen.c codegen_call
export function call(c: Compiler, e: ast.Call): void {
  validateKeywords(c, e.keywords);
  if (maybeOptimizeMethodCall(c, e)) return;
  const skipNormalCall = newJumpTargetLabel(c);
  checkCaller(c, e.func);
  visitExpr(c, e.func);
  maybeOptimizeFunctionCall(c, e, skipNormalCall);
  addop(c, LOC(e.func), Op.PUSH_NULL);
  callHelper(c, LOC(e), 0, e.args, e.keywords);
  useLabel(c, skipNormalCall);
}

// CPython: Python/codegen.c codegen_validate_keywords
function validateKeywords(c: Compiler, keywords: ast.keyword[]): void {
  const n = keywords.length;
  for (let i = 0; i < n; i++) {
    const key = keywords[i]!;
    if (key.arg === undefined) continue;
    for (let j = i + 1; j < n; j++) {
      const other = keywords[j]!;
      if (other.arg === key.arg) compilerError(c, LOC(other), `keyword argument repeated: ${key.arg}`);
    }
  }
}

/** Whether `e` names something the module imports (CPython: codegen.c is_import_originated). */
function isImportOriginated(c: Compiler, e: ast.expr): boolean {
  if (e._kind !== NodeKind.Name) return false;
  return (getSymbol(c.st.top, (e as ast.Name).id) & Sym.DEF_IMPORT) !== 0;
}

// CPython: Python/codegen.c maybe_optimize_method_call
function maybeOptimizeMethodCall(c: Compiler, e: ast.Call): boolean {
  const meth = e.func;
  const args = e.args;
  const kwds = e.keywords;
  if (meth._kind !== NodeKind.Attribute || (meth as ast.Attribute).ctx._kind !== NodeKind.Load) return false;
  const attr = meth as ast.Attribute;
  if (isImportOriginated(c, attr.value)) return false;
  const argsl = args.length;
  const kwdsl = kwds.length;
  if (argsl + kwdsl + (kwdsl !== 0 ? 1 : 0) >= STACK_USE_GUIDELINE) return false;
  for (const elt of args) if (elt._kind === NodeKind.Starred) return false;
  for (const kw of kwds) if (kw.arg === undefined) return false;

  let loc = LOC(meth);
  if (canOptimizeSuperCall(c, attr)) {
    const superCall = attr.value as ast.Call;
    loadArgsForSuper(c, superCall);
    const opcode = superCall.args.length ? LOAD_SUPER_METHOD : LOAD_ZERO_SUPER_METHOD;
    addopName(c, loc, opcode, attr.attr, 'names');
    loc = updateStartLocationToMatchAttr(c, loc, attr);
    addop(c, loc, Op.NOP);
  } else {
    visitExpr(c, attr.value);
    loc = updateStartLocationToMatchAttr(c, loc, attr);
    addopName(c, loc, LOAD_METHOD, attr.attr, 'names');
  }
  for (const arg of args) visitExpr(c, arg);
  if (kwdsl) {
    for (const kw of kwds) visitExpr(c, kw.value);
    callSimpleKwHelper(c, loc, kwds, kwdsl);
    loc = updateStartLocationToMatchAttr(c, LOC(e), attr);
    addopI(c, loc, Op.CALL_KW, argsl + kwdsl);
  } else {
    loc = updateStartLocationToMatchAttr(c, LOC(e), attr);
    addopI(c, loc, Op.CALL, argsl);
  }
  return true;
}

/** `all(genexp)`, `any(genexp)`, `tuple(genexp)` inlined behind an identity check of
 *  the builtin. Returns whether the optimised path was emitted.
 *  CPython: Python/codegen.c maybe_optimize_function_call */
function maybeOptimizeFunctionCall(c: Compiler, e: ast.Call, end: number): boolean {
  const args = e.args;
  const func = e.func;
  if (!(func._kind === NodeKind.Name && args.length === 1 && e.keywords.length === 0 &&
    args[0]!._kind === NodeKind.GeneratorExp)) {
    return false;
  }
  const loc = LOC(func);
  const skipOptimization = newJumpTargetLabel(c);
  const name = (func as ast.Name).id;
  let constOparg = -1;
  let initialRes = false;
  let continueJumpOpcode = -1;
  if (name === 'all') {
    constOparg = CommonConstant.BUILTIN_ALL;
    initialRes = true;
    continueJumpOpcode = Op.POP_JUMP_IF_TRUE;
  } else if (name === 'any') {
    constOparg = CommonConstant.BUILTIN_ANY;
    initialRes = false;
    continueJumpOpcode = Op.POP_JUMP_IF_FALSE;
  } else if (name === 'tuple') {
    constOparg = CommonConstant.BUILTIN_TUPLE;
  }
  const isTuple = constOparg === CommonConstant.BUILTIN_TUPLE;
  let optimized = false;
  if (constOparg !== -1) {
    addopI(c, loc, Op.COPY, 1); // the function
    addopI(c, loc, Op.LOAD_COMMON_CONSTANT, constOparg);
    addopCompare(c, loc, ast.Is.instance);
    addopJump(c, loc, Op.POP_JUMP_IF_FALSE, skipOptimization);
    addop(c, loc, Op.POP_TOP);
    if (isTuple) addopI(c, loc, Op.BUILD_LIST, 0);
    visitExpr(c, args[0]!);
    const loop = newJumpTargetLabel(c);
    const cleanup = newJumpTargetLabel(c);
    useLabel(c, loop);
    addopJump(c, loc, Op.FOR_ITER, cleanup);
    if (isTuple) {
      addopI(c, loc, Op.LIST_APPEND, 2);
      addopJump(c, loc, Op.JUMP, loop);
    } else {
      addop(c, loc, Op.TO_BOOL);
      addopJump(c, loc, continueJumpOpcode, loop);
    }
    addop(c, NO_LOCATION, Op.POP_ITER);
    if (!isTuple) addopLoadConst(c, loc, !initialRes);
    addopJump(c, loc, Op.JUMP, end);

    useLabel(c, cleanup);
    addop(c, NO_LOCATION, Op.END_FOR);
    addop(c, NO_LOCATION, Op.POP_ITER);
    if (isTuple) addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.LIST_TO_TUPLE);
    else addopLoadConst(c, loc, initialRes);
    optimized = true;
    addopJump(c, loc, Op.JUMP, end);
  }
  useLabel(c, skipOptimization);
  return optimized;
}

// CPython: Python/codegen.c codegen_subkwargs
function subkwargs(c: Compiler, loc: SourceLocation, keywords: ast.keyword[], begin: number, end: number): void {
  const n = end - begin;
  const big = n * 2 > STACK_USE_GUIDELINE;
  if (big) addopI(c, NO_LOCATION, Op.BUILD_MAP, 0);
  for (let i = begin; i < end; i++) {
    const kw = keywords[i]!;
    addopLoadConst(c, loc, kw.arg!);
    visitExpr(c, kw.value);
    if (big) addopI(c, NO_LOCATION, Op.MAP_ADD, 1);
  }
  if (!big) addopI(c, loc, Op.BUILD_MAP, n);
}

/** The tuple of keyword names before CALL_KW (CPython: codegen.c codegen_call_simple_kw_helper). */
function callSimpleKwHelper(c: Compiler, loc: SourceLocation, keywords: ast.keyword[], nkwelts: number): void {
  const names: string[] = [];
  for (let i = 0; i < nkwelts; i++) names.push(keywords[i]!.arg!);
  addopLoadConst(c, loc, new PyTuple(names));
}

// CPython: Python/codegen.c codegen_call_helper_impl (shared by calls and class definitions)
export function callHelperImpl(
  c: Compiler, loc: SourceLocation, n: number, args: ast.expr[], injectedArg: string | null, keywords: ast.keyword[],
): void {
  validateKeywords(c, keywords);
  let nelts = args.length;
  const nkwelts = keywords.length;
  if (!needsExCall(args, keywords)) {
    // No * or ** args: the faster calling sequence
    for (const elt of args) visitExpr(c, elt);
    if (injectedArg !== null) {
      nameop(c, loc, injectedArg, ast.Load.instance);
      nelts++;
    }
    if (nkwelts) {
      for (const kw of keywords) visitExpr(c, kw.value);
      callSimpleKwHelper(c, loc, keywords, nkwelts);
      addopI(c, loc, Op.CALL_KW, n + nelts + nkwelts);
    } else {
      addopI(c, loc, Op.CALL, n + nelts);
    }
    return;
  }
  // ex_call: positional arguments
  if (n === 0 && nelts === 1 && args[0]!._kind === NodeKind.Starred) {
    visitExpr(c, (args[0] as ast.Starred).value);
  } else {
    starunpackHelperImpl(c, loc, args, injectedArg, n, Op.BUILD_LIST, Op.LIST_APPEND, Op.LIST_EXTEND, true);
  }
  if (nkwelts) exCallKeywords(c, loc, keywords);
  else addop(c, loc, Op.PUSH_NULL);
  addop(c, loc, Op.CALL_FUNCTION_EX);
}

function needsExCall(args: ast.expr[], keywords: ast.keyword[]): boolean {
  if (args.length + keywords.length * 2 > STACK_USE_GUIDELINE) return true;
  for (const elt of args) if (elt._kind === NodeKind.Starred) return true;
  for (const kw of keywords) if (kw.arg === undefined) return true;
  return false;
}

/** The keyword-argument dict of a CALL_FUNCTION_EX (the second half of codegen_call_helper_impl's ex_call). */
function exCallKeywords(c: Compiler, loc: SourceLocation, keywords: ast.keyword[]): void {
  const nkwelts = keywords.length;
  let haveDict = false;
  let nseen = 0; // keyword arguments on the stack following
  for (let i = 0; i < nkwelts; i++) {
    const kw = keywords[i]!;
    if (kw.arg === undefined) {
      // a keyword argument unpacking
      if (nseen) {
        subkwargs(c, loc, keywords, i - nseen, i);
        if (haveDict) addopI(c, loc, Op.DICT_MERGE, 1);
        haveDict = true;
        nseen = 0;
      }
      if (!haveDict) {
        addopI(c, loc, Op.BUILD_MAP, 0);
        haveDict = true;
      }
      visitExpr(c, kw.value);
      addopI(c, loc, Op.DICT_MERGE, 1);
    } else {
      nseen++;
    }
  }
  if (nseen) {
    // pack up any trailing keyword arguments
    subkwargs(c, loc, keywords, nkwelts - nseen, nkwelts);
    if (haveDict) addopI(c, loc, Op.DICT_MERGE, 1);
  }
}

// CPython: Python/codegen.c codegen_call_helper
export function callHelper(c: Compiler, loc: SourceLocation, n: number, args: ast.expr[], keywords: ast.keyword[]): void {
  callHelperImpl(c, loc, n, args, null, keywords);
}
