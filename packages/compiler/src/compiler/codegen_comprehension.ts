// Code generation for comprehensions and generator expressions. List, set and dict
// comprehensions are inlined into the enclosing code unit (PEP 709): the names they
// bind are saved on the stack with LOAD_FAST_AND_CLEAR and restored afterwards.
// Generator expressions (and comprehensions the symtable did not inline) get a code
// unit of their own that receives the outermost iterator as its only argument.
// 3.14 applies GET_ITER/GET_AITER to the outermost iterable in the enclosing unit (the
// 3.15 development branch moved it into the comprehension).
// CPython: Python/codegen.c codegen_comprehension and its helpers
import type * as ast from '../ast/nodes.js';
import { NodeKind } from '../ast/nodes.js';
import { None, type CodeObject } from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import { LOC, NO_LOCATION, type SourceLocation } from './source_location.js';
import { NO_LABEL } from './instruction_sequence.js';
import type { Compiler, InlinedComprehensionState } from './compile.js';
import {
  tweakInlinedComprehensionScopes, revertInlinedComprehensionScopes, pushFBlock, popFBlock,
  FBlockType, ScopeType, exitScope, optimizeAndAssemble,
} from './compile.js';
import {
  addop, addopI, addopJump, addopLoadConst, addopName, addopYield, addYieldFrom, newJumpTargetLabel, useLabel,
  codegenEnterScope, makeClosure, wrapInStopiterationHandler,
} from './codegen.js';
import { getSymbol, symbolToScope, BlockType, type SymtableEntry, Sym } from './symtable.js';
import { visitExpr, jumpIf } from './codegen_expr.js';

const COMP_GENEXP = 0;
const COMP_LISTCOMP = 1;
const COMP_SETCOMP = 2;
const COMP_DICTCOMP = 3;

// CPython: Python/codegen.c codegen_genexp
export function genexp(c: Compiler, e: ast.GeneratorExp): void {
  comprehension(c, e, COMP_GENEXP, '<genexpr>', e.generators, e.elt, undefined);
}

// CPython: Python/codegen.c codegen_listcomp
export function listcomp(c: Compiler, e: ast.ListComp): void {
  comprehension(c, e, COMP_LISTCOMP, '<listcomp>', e.generators, e.elt, undefined);
}

// CPython: Python/codegen.c codegen_setcomp
export function setcomp(c: Compiler, e: ast.SetComp): void {
  comprehension(c, e, COMP_SETCOMP, '<setcomp>', e.generators, e.elt, undefined);
}

// CPython: Python/codegen.c codegen_dictcomp
export function dictcomp(c: Compiler, e: ast.DictComp): void {
  comprehension(c, e, COMP_DICTCOMP, '<dictcomp>', e.generators, e.key, e.value);
}

// CPython: Python/codegen.c codegen_comprehension
function comprehension(
  c: Compiler, e: ast.expr, type: number, name: string, generators: ast.comprehension[],
  elt: ast.expr, val: ast.expr | undefined,
): void {
  const entry = c.st.lookup(e);
  const isInlined = Boolean(entry.compInlined);
  const isAsyncComprehension = Boolean(entry.coroutine);
  let loc = LOC(e);
  const outermost = generators[0]!;
  const inlineState = newInlinedComprehensionState();
  if (isInlined) {
    visitExpr(c, outermost.iter);
    addop(c, LOC(outermost.iter), outermost.is_async ? Op.GET_AITER : Op.GET_ITER);
    pushInlinedComprehensionState(c, loc, entry, inlineState);
  } else {
    // Receive the outermost iterator as an implicit argument
    const umd = { argcount: 1, posonlyargcount: 0, kwonlyargcount: 0 };
    codegenEnterScope(c, name, ScopeType.COMPREHENSION, e, e.lineno, null, umd);
  }
  let co: CodeObject;
  try {
    if (type !== COMP_GENEXP) {
      const op = type === COMP_LISTCOMP ? Op.BUILD_LIST : type === COMP_SETCOMP ? Op.BUILD_SET : Op.BUILD_MAP;
      addopI(c, loc, op, 0);
      if (isInlined) addopI(c, loc, Op.SWAP, 2);
    }
    comprehensionGenerator(c, loc, generators, 0, 0, elt, val, type, isInlined);
    if (isInlined) {
      popInlinedComprehensionState(c, loc, inlineState);
      return;
    }
    if (type !== COMP_GENEXP) addop(c, LOC(e), Op.RETURN_VALUE);
    else wrapInStopiterationHandler(c);
    co = optimizeAndAssemble(c, true);
  } finally {
    if (!isInlined) exitScope(c);
  }
  loc = LOC(e);
  makeClosure(c, loc, co, 0);
  visitExpr(c, outermost.iter);
  addop(c, LOC(outermost.iter), outermost.is_async ? Op.GET_AITER : Op.GET_ITER);
  addopI(c, loc, Op.CALL, 0);
  if (isAsyncComprehension && type !== COMP_GENEXP) {
    addopI(c, loc, Op.GET_AWAITABLE, 0);
    addopLoadConst(c, loc, None);
    addYieldFrom(c, loc, true);
  }
}

function newInlinedComprehensionState(): InlinedComprehensionState {
  return { pushedLocals: null, tempSymbols: null, fastHidden: null, cleanup: NO_LABEL };
}

// CPython: Python/codegen.c codegen_comprehension_generator
function comprehensionGenerator(
  c: Compiler, loc: SourceLocation, generators: ast.comprehension[], genIndex: number, depth: number,
  elt: ast.expr, val: ast.expr | undefined, type: number, iterOnStack: boolean,
): void {
  if (generators[genIndex]!.is_async) {
    asyncComprehensionGenerator(c, loc, generators, genIndex, depth, elt, val, type, iterOnStack);
  } else {
    syncComprehensionGenerator(c, loc, generators, genIndex, depth, elt, val, type, iterOnStack);
  }
}

/** The element of a one-element list/tuple display `[x]` iterated over (the
 *  `for y in [f(x)]` idiom), or undefined. */
function singleElementIter(iter: ast.expr): ast.expr | undefined {
  let elts: ast.expr[] | undefined;
  if (iter._kind === NodeKind.List) elts = (iter as ast.List).elts;
  else if (iter._kind === NodeKind.Tuple) elts = (iter as ast.Tuple).elts;
  if (elts === undefined || elts.length !== 1) return undefined;
  return elts[0]!._kind !== NodeKind.Starred ? elts[0] : undefined;
}

// CPython: Python/codegen.c codegen_sync_comprehension_generator
function syncComprehensionGenerator(
  c: Compiler, loc: SourceLocation, generators: ast.comprehension[], genIndex: number, depth: number,
  elt: ast.expr, val: ast.expr | undefined, type: number, iterOnStack: boolean,
): void {
  let start = newJumpTargetLabel(c);
  const ifCleanup = newJumpTargetLabel(c);
  const anchor = newJumpTargetLabel(c);
  const gen = generators[genIndex]!;
  if (!iterOnStack) {
    if (genIndex === 0) {
      addopI(c, loc, Op.LOAD_FAST, 0);
    } else {
      // Sub-iter: calculate on the fly
      const single = singleElementIter(gen.iter);
      if (single !== undefined) {
        visitExpr(c, single);
        start = NO_LABEL;
      } else {
        visitExpr(c, gen.iter);
        addop(c, LOC(gen.iter), Op.GET_ITER);
      }
    }
  }
  if (start !== NO_LABEL) {
    depth++;
    useLabel(c, start);
    addopJump(c, LOC(gen.iter), Op.FOR_ITER, anchor);
  }
  visitExpr(c, gen.target);
  for (const cond of gen.ifs) jumpIf(c, loc, cond, ifCleanup, false);
  if (++genIndex < generators.length) {
    comprehensionGenerator(c, loc, generators, genIndex, depth, elt, val, type, false);
  }
  let eltLoc = LOC(elt);
  if (genIndex >= generators.length) eltLoc = comprehensionElement(c, elt, val, type, depth);
  useLabel(c, ifCleanup);
  if (start !== NO_LABEL) {
    addopJump(c, eltLoc, Op.JUMP, start);
    useLabel(c, anchor);
    // END_FOR comes first: iterating a generator jumps to it, others to the next instruction
    addop(c, NO_LOCATION, Op.END_FOR);
    addop(c, NO_LOCATION, Op.POP_ITER);
  }
}

/** The comprehension-specific code after the last `for`; returns the element's location. */
function comprehensionElement(c: Compiler, elt: ast.expr, val: ast.expr | undefined, type: number, depth: number): SourceLocation {
  let eltLoc = LOC(elt);
  switch (type) {
    case COMP_GENEXP:
      visitExpr(c, elt);
      addopYield(c, eltLoc);
      addop(c, eltLoc, Op.POP_TOP);
      break;
    case COMP_LISTCOMP:
      visitExpr(c, elt);
      addopI(c, eltLoc, Op.LIST_APPEND, depth + 1);
      break;
    case COMP_SETCOMP:
      visitExpr(c, elt);
      addopI(c, eltLoc, Op.SET_ADD, depth + 1);
      break;
    default: {
      // With '{k: v}', k is evaluated before v
      const v = val!;
      visitExpr(c, elt);
      visitExpr(c, v);
      eltLoc = { lineno: elt.lineno, endLineno: v.end_lineno, colOffset: elt.col_offset, endColOffset: v.end_col_offset };
      addopI(c, eltLoc, Op.MAP_ADD, depth + 1);
    }
  }
  return eltLoc;
}

// CPython: Python/codegen.c codegen_async_comprehension_generator
function asyncComprehensionGenerator(
  c: Compiler, loc: SourceLocation, generators: ast.comprehension[], genIndex: number, depth: number,
  elt: ast.expr, val: ast.expr | undefined, type: number, iterOnStack: boolean,
): void {
  const start = newJumpTargetLabel(c);
  const send = newJumpTargetLabel(c);
  const except = newJumpTargetLabel(c);
  const ifCleanup = newJumpTargetLabel(c);
  const gen = generators[genIndex]!;
  if (!iterOnStack) {
    if (genIndex === 0) {
      addopI(c, loc, Op.LOAD_FAST, 0);
    } else {
      // sub-iter: calculate on the fly
      visitExpr(c, gen.iter);
      addop(c, LOC(gen.iter), Op.GET_AITER);
    }
  }
  useLabel(c, start);
  // the runtime pushes a block here, so account for it
  pushFBlock(c, loc, FBlockType.ASYNC_COMPREHENSION_GENERATOR, start, NO_LABEL, null);
  addopJump(c, loc, Op.SETUP_FINALLY, except);
  addop(c, loc, Op.GET_ANEXT);
  addopLoadConst(c, loc, None);
  useLabel(c, send);
  addYieldFrom(c, loc, true);
  addop(c, loc, Op.POP_BLOCK);
  visitExpr(c, gen.target);
  for (const cond of gen.ifs) jumpIf(c, loc, cond, ifCleanup, false);
  depth++;
  if (++genIndex < generators.length) {
    comprehensionGenerator(c, loc, generators, genIndex, depth, elt, val, type, false);
  }
  let eltLoc = LOC(elt);
  if (genIndex >= generators.length) eltLoc = comprehensionElement(c, elt, val, type, depth);
  useLabel(c, ifCleanup);
  addopJump(c, eltLoc, Op.JUMP, start);
  popFBlock(c, FBlockType.ASYNC_COMPREHENSION_GENERATOR, start);
  useLabel(c, except);
  addopJump(c, loc, Op.END_ASYNC_FOR, send);
}

// CPython: Python/codegen.c codegen_push_inlined_comprehension_locals
function pushInlinedComprehensionLocals(
  c: Compiler, loc: SourceLocation, comp: SymtableEntry, state: InlinedComprehensionState,
): void {
  const outer = c.unit.ste;
  const inClassBlock = outer.type === BlockType.ClassBlock && c.unit.inInlinedComp === 0;
  // isolate the names bound in the comprehension from the outer scope
  for (const [k, symbol] of comp.symbols) {
    const scope = symbolToScope(symbol);
    const outsc = symbolToScope(getSymbol(outer, k));
    if (((symbol & Sym.DEF_LOCAL) !== 0 && (symbol & Sym.DEF_NONLOCAL) === 0) || inClassBlock) {
      // Push the existing value (maybe NULL); for a cell this pushes the cell itself,
      // and the comprehension gets a new one until the original is restored.
      state.pushedLocals ??= [];
      addopName(c, loc, Op.LOAD_FAST_AND_CLEAR, k, 'varnames');
      if (scope === Sym.CELL) addopName(c, loc, Op.MAKE_CELL, k, outsc === Sym.FREE ? 'freevars' : 'cellvars');
      state.pushedLocals.push(k);
    }
  }
  if (state.pushedLocals !== null) {
    // The outermost iterable is on the stack: swap it back to the top. This rotates
    // the pushed locals, which pop_inlined_comprehension_state undoes.
    addopI(c, loc, Op.SWAP, state.pushedLocals.length + 1);
    // A cleanup handler restores the locals if the comprehension raises (a virtual
    // try/finally: return/break/continue cannot occur inside a comprehension).
    const cleanup = newJumpTargetLabel(c);
    state.cleanup = cleanup;
    addopJump(c, loc, Op.SETUP_FINALLY, cleanup);
  }
}

// CPython: Python/codegen.c push_inlined_comprehension_state
function pushInlinedComprehensionState(
  c: Compiler, loc: SourceLocation, comp: SymtableEntry, state: InlinedComprehensionState,
): void {
  tweakInlinedComprehensionScopes(c, loc, comp, state);
  pushInlinedComprehensionLocals(c, loc, comp, state);
}

// CPython: Python/codegen.c restore_inlined_comprehension_locals
function restoreInlinedComprehensionLocals(c: Compiler, loc: SourceLocation, state: InlinedComprehensionState): void {
  const pushed = state.pushedLocals!;
  const npops = pushed.length;
  // Keep the result (or exception) on top; this reverses the SWAP of the push.
  addopI(c, loc, Op.SWAP, npops + 1);
  for (let i = npops - 1; i >= 0; i--) addopName(c, loc, Op.STORE_FAST_MAYBE_NULL, pushed[i]!, 'varnames');
}

// CPython: Python/codegen.c codegen_pop_inlined_comprehension_locals
function popInlinedComprehensionLocals(c: Compiler, loc: SourceLocation, state: InlinedComprehensionState): void {
  if (state.pushedLocals === null) return;
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  const end = newJumpTargetLabel(c);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
  // cleanup after an exception inside the comprehension
  useLabel(c, state.cleanup);
  // discard the incomplete result (beneath the exception)
  addopI(c, NO_LOCATION, Op.SWAP, 2);
  addop(c, NO_LOCATION, Op.POP_TOP);
  restoreInlinedComprehensionLocals(c, loc, state);
  addopI(c, NO_LOCATION, Op.RERAISE, 0);
  useLabel(c, end);
  restoreInlinedComprehensionLocals(c, loc, state);
  state.pushedLocals = null;
}

// CPython: Python/codegen.c pop_inlined_comprehension_state
function popInlinedComprehensionState(c: Compiler, loc: SourceLocation, state: InlinedComprehensionState): void {
  popInlinedComprehensionLocals(c, loc, state);
  revertInlinedComprehensionScopes(c, loc, state);
}
