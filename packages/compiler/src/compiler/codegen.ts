// Code generation for statements, and the emit helpers every codegen file uses.
// CPython: Python/codegen.c (expressions: codegen_expr.ts; match: codegen_pattern.ts)
import {
  CodeFlag,
  CommonConstant,
  COMPARISON_MASKS,
  CompareKind,
  Intrinsic1,
  NB,
  None,
  PyTuple,
  ResumeKind,
  type MarshalValue,
  type PyWideStr,
} from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import * as ast from '../ast/nodes.js';
import {
  addConst, cleanDoc, compileMaybeMangle, compilerError, compilerWarn, enterConditionalBlock, enterScope,
  isInteractiveTopLevel, leaveConditionalBlock, nameopArg, nameopType, OpType, popFBlock, pushFBlock, resolveNameop, ScopeType,
  topFBlock, FBlockType, type Compiler, type FBlockInfo, type UnitArgCounts,
} from './compile.js';
import { codegenAnnassign, processDeferredAnnotations } from './codegen_annotations.js';
import {
  jumpIf, shouldApplyTwoElementSliceOptimization, sliceTwoParts, updateStartLocationToMatchAttr, visitExpr,
} from './codegen_expr.js';
import { codegenClass, codegenFunction, codegenTypeAlias } from './codegen_function.js';
import { match } from './codegen_pattern.js';
import { codegenAsyncWith, codegenTry, codegenTryStar, codegenWith } from './codegen_try.js';
import { NO_LABEL, type JumpTargetLabel } from './instruction_sequence.js';
import { LOC, NO_LOCATION, type SourceLocation } from './source_location.js';
import { BlockType, getScope, isFunctionLike, Sym } from './symtable.js';

export { makeClosure, defaultArguments, wrapInStopiterationHandler } from './codegen_function.js';

// ---------------------------------------------------------------------------
// Emit helpers (CPython: codegen.c ADDOP* macros)

/** ADDOP */
export function addop(c: Compiler, loc: SourceLocation, op: number): void {
  c.u!.instrSequence.addOp(op, 0, loc);
}

/** ADDOP_I */
export function addopI(c: Compiler, loc: SourceLocation, op: number, oparg: number): void {
  c.u!.instrSequence.addOp(op, oparg, loc);
}

/** ADDOP_JUMP */
export function addopJump(c: Compiler, loc: SourceLocation, op: number, label: JumpTargetLabel): void {
  c.u!.instrSequence.addOp(op, label, loc);
}

/** ADDOP_LOAD_CONST (and ADDOP_LOAD_CONST_NEW) */
export function addopLoadConst(c: Compiler, loc: SourceLocation, value: MarshalValue): void {
  addopI(c, loc, Op.LOAD_CONST, addConst(c, value));
}

export type NameKind = 'consts' | 'names' | 'varnames' | 'cellvars' | 'freevars';

/** ADDOP_N: `value` added to the unit's `kind` table, without mangling. */
export function addopN(c: Compiler, loc: SourceLocation, op: number, value: string, kind: NameKind): void {
  addopI(c, loc, op, tableAdd(c, kind, value));
}

function tableAdd(c: Compiler, kind: NameKind, value: string): number {
  const md = c.u!.metadata;
  switch (kind) {
    case 'consts': return md.consts.add(value);
    case 'names': return md.names.add(value);
    case 'varnames': return md.varnames.add(value);
    case 'cellvars': return md.cellvars.add(value);
    case 'freevars': return md.freevars.add(value) + md.cellvars.size;
  }
}

/** Pseudo opcodes of ADDOP_NAME that select a LOAD_ATTR / LOAD_SUPER_ATTR oparg form. */
export const LOAD_METHOD = -1;
export const LOAD_SUPER_METHOD = -2;
export const LOAD_ZERO_SUPER_ATTR = -3;
export const LOAD_ZERO_SUPER_METHOD = -4;

/** ADDOP_NAME: `name` mangled, added to the `kind` table.
 *  CPython: codegen.c codegen_addop_name */
export function addopName(c: Compiler, loc: SourceLocation, op: number, name: string, kind: NameKind): void {
  const mangled = compileMaybeMangle(c, name);
  let arg = tableAdd(c, kind, mangled);
  if (op === Op.LOAD_ATTR) {
    arg <<= 1;
  } else if (op === LOAD_METHOD) {
    op = Op.LOAD_ATTR;
    arg = (arg << 1) | 1;
  } else if (op === Op.LOAD_SUPER_ATTR) {
    arg = (arg << 2) | 2;
  } else if (op === LOAD_SUPER_METHOD) {
    op = Op.LOAD_SUPER_ATTR;
    arg = (arg << 2) | 3;
  } else if (op === LOAD_ZERO_SUPER_ATTR) {
    op = Op.LOAD_SUPER_ATTR;
    arg <<= 2;
  } else if (op === LOAD_ZERO_SUPER_METHOD) {
    op = Op.LOAD_SUPER_ATTR;
    arg = (arg << 2) | 1;
  }
  addopI(c, loc, op, arg);
}

// CPython: codegen.c addop_binary
export function addopBinary(c: Compiler, loc: SourceLocation, binop: ast.operator, inplace: boolean): void {
  let oparg: number;
  switch (binop._kind) {
    case ast.NodeKind.Add: oparg = inplace ? NB.INPLACE_ADD : NB.ADD; break;
    case ast.NodeKind.Sub: oparg = inplace ? NB.INPLACE_SUBTRACT : NB.SUBTRACT; break;
    case ast.NodeKind.Mult: oparg = inplace ? NB.INPLACE_MULTIPLY : NB.MULTIPLY; break;
    case ast.NodeKind.MatMult: oparg = inplace ? NB.INPLACE_MATRIX_MULTIPLY : NB.MATRIX_MULTIPLY; break;
    case ast.NodeKind.Div: oparg = inplace ? NB.INPLACE_TRUE_DIVIDE : NB.TRUE_DIVIDE; break;
    case ast.NodeKind.Mod: oparg = inplace ? NB.INPLACE_REMAINDER : NB.REMAINDER; break;
    case ast.NodeKind.Pow: oparg = inplace ? NB.INPLACE_POWER : NB.POWER; break;
    case ast.NodeKind.LShift: oparg = inplace ? NB.INPLACE_LSHIFT : NB.LSHIFT; break;
    case ast.NodeKind.RShift: oparg = inplace ? NB.INPLACE_RSHIFT : NB.RSHIFT; break;
    case ast.NodeKind.BitOr: oparg = inplace ? NB.INPLACE_OR : NB.OR; break;
    case ast.NodeKind.BitXor: oparg = inplace ? NB.INPLACE_XOR : NB.XOR; break;
    case ast.NodeKind.BitAnd: oparg = inplace ? NB.INPLACE_AND : NB.AND; break;
    case ast.NodeKind.FloorDiv: oparg = inplace ? NB.INPLACE_FLOOR_DIVIDE : NB.FLOOR_DIVIDE; break;
    default: throw new Error(`${inplace ? 'inplace' : 'binary'} op ${binop._kind} should not be possible`);
  }
  addopI(c, loc, Op.BINARY_OP, oparg);
}

// CPython: codegen.c codegen_addcompare
export function addopCompare(c: Compiler, loc: SourceLocation, op: ast.cmpop): void {
  let cmp: number;
  switch (op._kind) {
    case ast.NodeKind.Eq: cmp = CompareKind.EQ; break;
    case ast.NodeKind.NotEq: cmp = CompareKind.NE; break;
    case ast.NodeKind.Lt: cmp = CompareKind.LT; break;
    case ast.NodeKind.LtE: cmp = CompareKind.LE; break;
    case ast.NodeKind.Gt: cmp = CompareKind.GT; break;
    case ast.NodeKind.GtE: cmp = CompareKind.GE; break;
    case ast.NodeKind.Is: addopI(c, loc, Op.IS_OP, 0); return;
    case ast.NodeKind.IsNot: addopI(c, loc, Op.IS_OP, 1); return;
    case ast.NodeKind.In: addopI(c, loc, Op.CONTAINS_OP, 0); return;
    case ast.NodeKind.NotIn: addopI(c, loc, Op.CONTAINS_OP, 1); return;
    default: throw new Error('unreachable comparison');
  }
  // The comparison goes in the top three bits; the low four bits are the mask the
  // specialized forms use; bit 4 (convert to bool) is set later by the optimizer.
  addopI(c, loc, Op.COMPARE_OP, (cmp << 5) | COMPARISON_MASKS[cmp]!);
}

// CPython: codegen.c codegen_addop_yield
export function addopYield(c: Compiler, loc: SourceLocation): void {
  const ste = c.u!.ste;
  if (ste.generator && ste.coroutine) {
    addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.ASYNC_GEN_WRAP);
  }
  addopI(c, loc, Op.YIELD_VALUE, 0);
  addopI(c, loc, Op.RESUME, ResumeKind.AFTER_YIELD);
}

// CPython: codegen.c codegen_add_yield_from
export function addYieldFrom(c: Compiler, loc: SourceLocation, isAwait: boolean): void {
  const send = newJumpTargetLabel(c);
  const fail = newJumpTargetLabel(c);
  const exit = newJumpTargetLabel(c);
  useLabel(c, send);
  addopJump(c, loc, Op.SEND, exit);
  // Set up a virtual try/except to handle when StopIteration is raised during a
  // close or throw call (CLEANUP_THROW).
  addopJump(c, loc, Op.SETUP_FINALLY, fail);
  addopI(c, loc, Op.YIELD_VALUE, 1);
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  addopI(c, loc, Op.RESUME, isAwait ? ResumeKind.AFTER_AWAIT : ResumeKind.AFTER_YIELD_FROM);
  addopJump(c, loc, Op.JUMP_NO_INTERRUPT, send);
  useLabel(c, fail);
  addop(c, loc, Op.CLEANUP_THROW);
  useLabel(c, exit);
  addop(c, loc, Op.END_SEND);
}

// CPython: codegen.c codegen_pop_except_and_reraise
export function popExceptAndReraise(c: Compiler, loc: SourceLocation): void {
  // Stack contents
  // [exc_info, lasti, exc]            COPY        3
  // [exc_info, lasti, exc, exc_info]  POP_EXCEPT
  // [exc_info, lasti, exc]            RERAISE      1
  // (exception_unwind clears the stack)
  addopI(c, loc, Op.COPY, 3);
  addop(c, loc, Op.POP_EXCEPT);
  addopI(c, loc, Op.RERAISE, 1);
}

/** NEW_JUMP_TARGET_LABEL */
export function newJumpTargetLabel(c: Compiler): JumpTargetLabel {
  return c.u!.instrSequence.newLabel();
}

/** USE_LABEL */
export function useLabel(c: Compiler, label: JumpTargetLabel): void {
  c.u!.instrSequence.useLabel(label);
}

// ---------------------------------------------------------------------------
// Names

// CPython: codegen.c codegen_load_classdict_freevar
function loadClassdictFreevar(c: Compiler, loc: SourceLocation): void {
  addopN(c, loc, Op.LOAD_DEREF, '__classdict__', 'freevars');
}

// CPython: codegen.c codegen_nameop
export function nameop(c: Compiler, loc: SourceLocation, name: string, ctx: ast.expr_context): void {
  const mangled = compileMaybeMangle(c, name);
  const u = c.u!;
  const ste = u.ste;
  const scope = getScope(ste, mangled);
  const resolved = resolveNameop(c, mangled, scope);
  const optype = nameopType(resolved);
  const arg = nameopArg(resolved);
  const kind = ctx._kind;
  let op: number;
  switch (optype) {
    case OpType.DEREF:
      if (kind === ast.NodeKind.Load) {
        if (ste.type === BlockType.ClassBlock && u.inInlinedComp === 0) {
          op = Op.LOAD_FROM_DICT_OR_DEREF;
          addop(c, loc, Op.LOAD_LOCALS); // first load the locals
        } else if (ste.canSeeClassScope) {
          op = Op.LOAD_FROM_DICT_OR_DEREF;
          loadClassdictFreevar(c, loc); // first load the classdict
        } else {
          op = Op.LOAD_DEREF;
        }
      } else {
        op = kind === ast.NodeKind.Store ? Op.STORE_DEREF : Op.DELETE_DEREF;
      }
      break;
    case OpType.FAST:
      op = kind === ast.NodeKind.Load ? Op.LOAD_FAST : kind === ast.NodeKind.Store ? Op.STORE_FAST : Op.DELETE_FAST;
      addopN(c, loc, op, mangled, 'varnames');
      return;
    case OpType.GLOBAL:
      if (kind === ast.NodeKind.Load) {
        if (ste.canSeeClassScope && scope === Sym.GLOBAL_IMPLICIT) {
          op = Op.LOAD_FROM_DICT_OR_GLOBALS;
          loadClassdictFreevar(c, loc);
        } else {
          op = Op.LOAD_GLOBAL;
        }
      } else {
        op = kind === ast.NodeKind.Store ? Op.STORE_GLOBAL : Op.DELETE_GLOBAL;
      }
      break;
    default:
      if (kind === ast.NodeKind.Load) {
        op = ste.type === BlockType.ClassBlock && u.inInlinedComp !== 0 ? Op.LOAD_GLOBAL : Op.LOAD_NAME;
      } else {
        op = kind === ast.NodeKind.Store ? Op.STORE_NAME : Op.DELETE_NAME;
      }
      break;
  }
  addopI(c, loc, op, op === Op.LOAD_GLOBAL ? arg << 1 : arg);
}

export const LOAD: ast.expr_context = ast.Load.instance;
export const STORE: ast.expr_context = ast.Store.instance;
export const DEL: ast.expr_context = ast.Del.instance;

// ---------------------------------------------------------------------------
// Frame blocks

// CPython: codegen.c codegen_call_exit_with_nones
export function callExitWithNones(c: Compiler, loc: SourceLocation): void {
  addopLoadConst(c, loc, None);
  addopLoadConst(c, loc, None);
  addopLoadConst(c, loc, None);
  addopI(c, loc, Op.CALL, 3);
}

/** A location the unwinder can replace (CPython passes `location *ploc`). */
interface LocRef {
  loc: SourceLocation;
}

/**
 * Unwinds one frame block. With `preserveTos`, the value on top of the stack before
 * the unwinding stays on top, unless a return/break/continue in a `finally` body
 * replaces it. CPython: codegen.c codegen_unwind_fblock
 */
function unwindFBlock(c: Compiler, ploc: LocRef, info: FBlockInfo, preserveTos: boolean): void {
  switch (info.type) {
    case FBlockType.WHILE_LOOP:
    case FBlockType.EXCEPTION_HANDLER:
    case FBlockType.EXCEPTION_GROUP_HANDLER:
    case FBlockType.ASYNC_COMPREHENSION_GENERATOR:
    case FBlockType.STOP_ITERATION:
      return;
    case FBlockType.FOR_LOOP:
      // Pop the iterator
      if (preserveTos) addopI(c, ploc.loc, Op.SWAP, 2);
      addop(c, ploc.loc, Op.POP_TOP);
      return;
    case FBlockType.TRY_EXCEPT:
      addop(c, ploc.loc, Op.POP_BLOCK);
      return;
    case FBlockType.FINALLY_TRY:
      // This POP_BLOCK gets the line number of the unwinding statement.
      addop(c, ploc.loc, Op.POP_BLOCK);
      if (preserveTos) pushFBlock(c, ploc.loc, FBlockType.POP_VALUE, NO_LABEL, NO_LABEL, null);
      // Emit the finally block
      visitStmts(c, info.datum as ast.stmt[]);
      if (preserveTos) popFBlock(c, FBlockType.POP_VALUE, NO_LABEL);
      // The finally block should appear to execute after the statement causing the
      // unwinding, so make the unwinding instruction artificial.
      ploc.loc = NO_LOCATION;
      return;
    case FBlockType.FINALLY_END:
      if (preserveTos) addopI(c, ploc.loc, Op.SWAP, 2);
      addop(c, ploc.loc, Op.POP_TOP); // exc_value
      if (preserveTos) addopI(c, ploc.loc, Op.SWAP, 2);
      addop(c, ploc.loc, Op.POP_BLOCK);
      addop(c, ploc.loc, Op.POP_EXCEPT);
      return;
    case FBlockType.WITH:
    case FBlockType.ASYNC_WITH:
      ploc.loc = info.loc;
      addop(c, ploc.loc, Op.POP_BLOCK);
      if (preserveTos) {
        addopI(c, ploc.loc, Op.SWAP, 3);
        addopI(c, ploc.loc, Op.SWAP, 2);
      }
      callExitWithNones(c, ploc.loc);
      if (info.type === FBlockType.ASYNC_WITH) {
        addopI(c, ploc.loc, Op.GET_AWAITABLE, 2);
        addopLoadConst(c, ploc.loc, None);
        addYieldFrom(c, ploc.loc, true);
      }
      addop(c, ploc.loc, Op.POP_TOP);
      // The exit block should appear to execute after the statement causing the
      // unwinding, so make the unwinding instruction artificial.
      ploc.loc = NO_LOCATION;
      return;
    case FBlockType.HANDLER_CLEANUP: {
      const name = info.datum as string | null;
      if (name !== null) addop(c, ploc.loc, Op.POP_BLOCK);
      if (preserveTos) addopI(c, ploc.loc, Op.SWAP, 2);
      addop(c, ploc.loc, Op.POP_BLOCK);
      addop(c, ploc.loc, Op.POP_EXCEPT);
      if (name !== null) {
        addopLoadConst(c, ploc.loc, None);
        nameop(c, ploc.loc, name, STORE);
        nameop(c, ploc.loc, name, DEL);
      }
      return;
    }
    case FBlockType.POP_VALUE:
      if (preserveTos) addopI(c, ploc.loc, Op.SWAP, 2);
      addop(c, ploc.loc, Op.POP_TOP);
      return;
  }
}

/**
 * Unwinds the block stack; with `wantLoop`, stops at the innermost loop and returns it.
 * CPython: codegen.c codegen_unwind_fblock_stack
 */
function unwindFBlockStack(c: Compiler, ploc: LocRef, preserveTos: boolean, wantLoop: boolean): FBlockInfo | null {
  const top = topFBlock(c);
  if (top === null) return null;
  if (top.type === FBlockType.EXCEPTION_GROUP_HANDLER) {
    compilerError(c, ploc.loc, "'break', 'continue' and 'return' cannot appear in an except* block");
  }
  if (wantLoop && (top.type === FBlockType.WHILE_LOOP || top.type === FBlockType.FOR_LOOP)) return top;
  const copy = { ...top };
  popFBlock(c, top.type, top.block);
  unwindFBlock(c, ploc, copy, preserveTos);
  const loop = unwindFBlockStack(c, ploc, preserveTos, wantLoop);
  pushFBlock(c, copy.loc, copy.type, copy.block, copy.exit, copy.datum);
  return loop;
}

// ---------------------------------------------------------------------------
// Scopes and modules

// CPython: codegen.c codegen_enter_scope
export function codegenEnterScope(
  c: Compiler, name: string, scopeType: ScopeType, key: object, lineno: number,
  privateName: string | null, umd: UnitArgCounts | null,
): void {
  enterScope(c, name, scopeType, key, lineno, privateName, umd);
  const loc: SourceLocation = {
    lineno: scopeType === ScopeType.MODULE ? 0 : lineno, endLineno: lineno, colOffset: 0, endColOffset: 0,
  };
  addopI(c, loc, Op.RESUME, ResumeKind.AT_FUNC_START);
  if (scopeType === ScopeType.MODULE) addop(c, loc, Op.ANNOTATIONS_PLACEHOLDER);
}

// CPython: codegen.c _PyCodegen_EnterAnonymousScope
export function enterAnonymousScope(c: Compiler, mod: ast.mod): void {
  codegenEnterScope(c, '<module>', ScopeType.MODULE, mod, 1, null, null);
}

// CPython: codegen.c _PyCodegen_Expression
export function codegenExpression(c: Compiler, e: ast.expr): void {
  visitExpr(c, e);
}

// CPython: codegen.c _PyCodegen_Module
export function codegenModule(c: Compiler, loc: SourceLocation, stmts: ast.stmt[], isInteractive: boolean): void {
  if (c.u!.ste.hasConditionalAnnotations) {
    addopI(c, loc, Op.BUILD_SET, 0);
    addopN(c, loc, Op.STORE_NAME, '__conditional_annotations__', 'names');
  }
  codegenBody(c, loc, stmts, isInteractive);
}

/** A module's or class's statements, with its docstring and annotations.
 *  CPython: codegen.c codegen_body */
export function codegenBody(c: Compiler, loc: SourceLocation, stmts: ast.stmt[], isInteractive: boolean): void {
  // With `from __future__ import annotations`, every annotated class and module has
  // __annotations__; otherwise __annotate__ is created when needed.
  const ste = c.u!.ste;
  const futureAnnotations = (c.future.features & CodeFlag.FUTURE_ANNOTATIONS) !== 0;
  if (futureAnnotations && ste.annotationsUsed) addop(c, loc, Op.SETUP_ANNOTATIONS);
  if (stmts.length === 0) return;
  let firstInstr = 0;
  if (!isInteractive && ste.hasDocstring) { // a string literal at the REPL prompt is no docstring
    const st = stmts[0] as ast.Expr;
    const docstring = (st.value as ast.Constant).value as string | PyWideStr;
    firstInstr = 1;
    addopLoadConst(c, LOC(st.value), cleanDoc(docstring));
    nameop(c, NO_LOCATION, '__doc__', STORE);
  }
  for (let i = firstInstr; i < stmts.length; i++) visitStmt(c, stmts[i]!);
  // Without the future import, annotations are collected in a separate pass into an
  // __annotate__ function (PEP 649).
  if (!futureAnnotations) processDeferredAnnotations(c, loc);
}

// CPython: codegen.c _PyCodegen_AddReturnAtEnd
export function addReturnAtEnd(c: Compiler, addNone: boolean): void {
  // Every instruction stream that falls off the end returns None; this also keeps
  // every jump target in bounds.
  if (addNone) addopLoadConst(c, NO_LOCATION, None);
  addop(c, NO_LOCATION, Op.RETURN_VALUE);
}

// ---------------------------------------------------------------------------
// Statements

/** VISIT_SEQ(c, stmt, …) */
export function visitStmts(c: Compiler, stmts: readonly ast.stmt[]): void {
  for (let i = 0; i < stmts.length; i++) visitStmt(c, stmts[i]!);
}

function condBlock<T extends ast.stmt>(c: Compiler, fn: (c: Compiler, s: T) => void, s: T): void {
  enterConditionalBlock(c);
  fn(c, s);
  leaveConditionalBlock(c);
}

// CPython: codegen.c codegen_visit_stmt
export function visitStmt(c: Compiler, s: ast.stmt): void {
  switch (s._kind) {
    case ast.NodeKind.FunctionDef:
      return codegenFunction(c, s as ast.FunctionDef, false);
    case ast.NodeKind.ClassDef:
      return codegenClass(c, s as ast.ClassDef);
    case ast.NodeKind.TypeAlias:
      return codegenTypeAlias(c, s as ast.TypeAlias);
    case ast.NodeKind.Return:
      return codegenReturn(c, s as ast.Return);
    case ast.NodeKind.Delete:
      for (const target of (s as ast.Delete).targets) visitExpr(c, target);
      return;
    case ast.NodeKind.Assign: {
      const a = s as ast.Assign;
      const n = a.targets.length;
      visitExpr(c, a.value);
      const loc = n > 1 ? LOC(s) : NO_LOCATION;
      for (let i = 0; i < n; i++) {
        if (i < n - 1) addopI(c, loc, Op.COPY, 1);
        visitExpr(c, a.targets[i]!);
      }
      return;
    }
    case ast.NodeKind.AugAssign:
      return codegenAugassign(c, s as ast.AugAssign);
    case ast.NodeKind.AnnAssign:
      return codegenAnnassign(c, s as ast.AnnAssign);
    case ast.NodeKind.For:
      return condBlock(c, codegenFor, s as ast.For);
    case ast.NodeKind.While:
      return condBlock(c, codegenWhile, s as ast.While);
    case ast.NodeKind.If:
      return condBlock(c, codegenIf, s as ast.If);
    case ast.NodeKind.Match:
      return condBlock(c, match, s as ast.Match);
    case ast.NodeKind.Raise: {
      const r = s as ast.Raise;
      let n = 0;
      if (r.exc !== undefined) {
        visitExpr(c, r.exc);
        n++;
        if (r.cause !== undefined) {
          visitExpr(c, r.cause);
          n++;
        }
      }
      addopI(c, LOC(s), Op.RAISE_VARARGS, n);
      return;
    }
    case ast.NodeKind.Try:
      return condBlock(c, codegenTry, s as ast.Try);
    case ast.NodeKind.TryStar:
      return condBlock(c, codegenTryStar, s as ast.TryStar);
    case ast.NodeKind.Assert:
      return codegenAssert(c, s as ast.Assert);
    case ast.NodeKind.Import:
      return codegenImport(c, s as ast.Import);
    case ast.NodeKind.ImportFrom:
      return codegenFromImport(c, s as ast.ImportFrom);
    case ast.NodeKind.Global:
    case ast.NodeKind.Nonlocal:
      return;
    case ast.NodeKind.Expr:
      return codegenStmtExpr(c, LOC(s), (s as ast.Expr).value);
    case ast.NodeKind.Pass:
      addop(c, LOC(s), Op.NOP);
      return;
    case ast.NodeKind.Break:
      return codegenBreak(c, LOC(s));
    case ast.NodeKind.Continue:
      return codegenContinue(c, LOC(s));
    case ast.NodeKind.With:
      return condBlock(c, codegenWith, s as ast.With);
    case ast.NodeKind.AsyncFunctionDef:
      return codegenFunction(c, s as ast.AsyncFunctionDef, true);
    case ast.NodeKind.AsyncWith:
      return condBlock(c, codegenAsyncWith, s as ast.AsyncWith);
    case ast.NodeKind.AsyncFor:
      return condBlock(c, codegenAsyncFor, s as ast.AsyncFor);
    default:
      throw new Error(`visitStmt: unknown statement kind ${s._kind}`);
  }
}

// CPython: codegen.c codegen_if
function codegenIf(c: Compiler, s: ast.If): void {
  const end = newJumpTargetLabel(c);
  const hasElse = s.orelse.length > 0;
  const next = hasElse ? newJumpTargetLabel(c) : end;
  jumpIf(c, LOC(s), s.test, next, false);
  visitStmts(c, s.body);
  if (hasElse) {
    addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
    useLabel(c, next);
    visitStmts(c, s.orelse);
  }
  useLabel(c, end);
}

// CPython: codegen.c codegen_for
function codegenFor(c: Compiler, s: ast.For): void {
  let loc = LOC(s);
  const start = newJumpTargetLabel(c);
  const body = newJumpTargetLabel(c);
  const cleanup = newJumpTargetLabel(c);
  const end = newJumpTargetLabel(c);
  pushFBlock(c, loc, FBlockType.FOR_LOOP, start, end, null);
  visitExpr(c, s.iter);
  loc = LOC(s.iter);
  addop(c, loc, Op.GET_ITER);
  useLabel(c, start);
  addopJump(c, loc, Op.FOR_ITER, cleanup);
  // A NOP for the line tracing of multi-line for statements; removed if redundant.
  addop(c, LOC(s.target), Op.NOP);
  useLabel(c, body);
  visitExpr(c, s.target);
  visitStmts(c, s.body);
  addopJump(c, NO_LOCATION, Op.JUMP, start); // artificial
  useLabel(c, cleanup);
  // END_FOR first: instrumentation relies on it (a generator jumps to it, other
  // iterators to the instruction after it).
  addop(c, NO_LOCATION, Op.END_FOR);
  addop(c, NO_LOCATION, Op.POP_ITER);
  popFBlock(c, FBlockType.FOR_LOOP, start);
  visitStmts(c, s.orelse);
  useLabel(c, end);
}

// CPython: codegen.c codegen_async_for
function codegenAsyncFor(c: Compiler, s: ast.AsyncFor): void {
  let loc = LOC(s);
  const start = newJumpTargetLabel(c);
  const send = newJumpTargetLabel(c);
  const except = newJumpTargetLabel(c);
  const end = newJumpTargetLabel(c);
  visitExpr(c, s.iter);
  addop(c, LOC(s.iter), Op.GET_AITER);
  useLabel(c, start);
  pushFBlock(c, loc, FBlockType.FOR_LOOP, start, end, null);
  // SETUP_FINALLY guards the __anext__ call
  addopJump(c, loc, Op.SETUP_FINALLY, except);
  addop(c, loc, Op.GET_ANEXT);
  addopLoadConst(c, loc, None);
  useLabel(c, send);
  addYieldFrom(c, loc, true);
  addop(c, loc, Op.POP_BLOCK); // for SETUP_FINALLY
  addop(c, loc, Op.NOT_TAKEN);
  // Success block for __anext__
  visitExpr(c, s.target);
  visitStmts(c, s.body);
  addopJump(c, NO_LOCATION, Op.JUMP, start); // artificial
  popFBlock(c, FBlockType.FOR_LOOP, start);
  // Except block for __anext__: the iterator's line, as END_ASYNC_FOR follows the `for`.
  useLabel(c, except);
  loc = LOC(s.iter);
  addopJump(c, loc, Op.END_ASYNC_FOR, send);
  visitStmts(c, s.orelse);
  useLabel(c, end);
}

// CPython: codegen.c codegen_while
function codegenWhile(c: Compiler, s: ast.While): void {
  const loop = newJumpTargetLabel(c);
  const end = newJumpTargetLabel(c);
  const anchor = newJumpTargetLabel(c);
  useLabel(c, loop);
  pushFBlock(c, LOC(s), FBlockType.WHILE_LOOP, loop, end, null);
  jumpIf(c, LOC(s), s.test, anchor, false);
  visitStmts(c, s.body);
  addopJump(c, NO_LOCATION, Op.JUMP, loop);
  popFBlock(c, FBlockType.WHILE_LOOP, loop);
  useLabel(c, anchor);
  visitStmts(c, s.orelse);
  useLabel(c, end);
}

// CPython: codegen.c codegen_return
function codegenReturn(c: Compiler, s: ast.Return): void {
  let loc = LOC(s);
  const value = s.value;
  const preserveTos = value !== undefined && value._kind !== ast.NodeKind.Constant;
  const ste = c.u!.ste;
  if (!isFunctionLike(ste)) compilerError(c, loc, "'return' outside function");
  if (value !== undefined && ste.coroutine && ste.generator) {
    compilerError(c, loc, "'return' with value in async generator");
  }
  if (preserveTos) {
    visitExpr(c, value!);
  } else if (value !== undefined) {
    // An instruction with the line number of the return value
    loc = LOC(value);
    addop(c, loc, Op.NOP);
  }
  if (value === undefined || value.lineno !== s.lineno) {
    loc = LOC(s);
    addop(c, loc, Op.NOP);
  }
  const ploc: LocRef = { loc };
  unwindFBlockStack(c, ploc, preserveTos, false);
  loc = ploc.loc;
  if (value === undefined) addopLoadConst(c, loc, None);
  else if (!preserveTos) addopLoadConst(c, loc, (value as ast.Constant).value);
  addop(c, loc, Op.RETURN_VALUE);
}

// CPython: codegen.c codegen_break
function codegenBreak(c: Compiler, loc: SourceLocation): void {
  const originLoc = loc;
  addop(c, loc, Op.NOP); // an instruction with the line number
  const ploc: LocRef = { loc };
  const loop = unwindFBlockStack(c, ploc, false, true);
  if (loop === null) compilerError(c, originLoc, "'break' outside loop");
  unwindFBlock(c, ploc, loop, false);
  addopJump(c, ploc.loc, Op.JUMP, loop.exit);
}

// CPython: codegen.c codegen_continue
function codegenContinue(c: Compiler, loc: SourceLocation): void {
  const originLoc = loc;
  addop(c, loc, Op.NOP); // an instruction with the line number
  const ploc: LocRef = { loc };
  const loop = unwindFBlockStack(c, ploc, false, true);
  if (loop === null) compilerError(c, originLoc, "'continue' not properly in loop");
  addopJump(c, ploc.loc, Op.JUMP, loop.block);
}

// CPython: codegen.c codegen_import_as
function codegenImportAs(c: Compiler, loc: SourceLocation, name: string, asname: string): void {
  // IMPORT_NAME is already emitted; bind the result, with an IMPORT_FROM per dotted part.
  let dot = name.indexOf('.');
  if (dot !== -1) {
    // Consume the base module name to get the first attribute
    for (;;) {
      const pos = dot + 1;
      dot = name.indexOf('.', pos);
      const attr = name.slice(pos, dot !== -1 ? dot : name.length);
      addopN(c, loc, Op.IMPORT_FROM, attr, 'names');
      if (dot === -1) break;
      addopI(c, loc, Op.SWAP, 2);
      addop(c, loc, Op.POP_TOP);
    }
    nameop(c, loc, asname, STORE);
    addop(c, loc, Op.POP_TOP);
    return;
  }
  nameop(c, loc, asname, STORE);
}

// CPython: codegen.c codegen_import
function codegenImport(c: Compiler, s: ast.Import): void {
  const loc = LOC(s);
  for (const alias of s.names) {
    addopLoadConst(c, loc, 0);
    addopLoadConst(c, loc, None);
    addopName(c, loc, Op.IMPORT_NAME, alias.name, 'names');
    if (alias.asname !== undefined) {
      codegenImportAs(c, loc, alias.name, alias.asname);
    } else {
      const dot = alias.name.indexOf('.');
      nameop(c, loc, dot !== -1 ? alias.name.slice(0, dot) : alias.name, STORE);
    }
  }
}

// CPython: codegen.c codegen_from_import
function codegenFromImport(c: Compiler, s: ast.ImportFrom): void {
  const loc = LOC(s);
  addopLoadConst(c, loc, s.level ?? 0);
  addopLoadConst(c, loc, new PyTuple(s.names.map((alias) => alias.name)));
  addopName(c, loc, Op.IMPORT_NAME, s.module ?? '', 'names');
  for (let i = 0; i < s.names.length; i++) {
    const alias = s.names[i]!;
    if (i === 0 && alias.name.startsWith('*')) {
      addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.IMPORT_STAR);
      addop(c, NO_LOCATION, Op.POP_TOP);
      return;
    }
    addopName(c, loc, Op.IMPORT_FROM, alias.name, 'names');
    nameop(c, loc, alias.asname ?? alias.name, STORE);
  }
  // remove the imported module
  addop(c, loc, Op.POP_TOP);
}

// CPython: codegen.c codegen_assert
function codegenAssert(c: Compiler, s: ast.Assert): void {
  // Always warn when the test is a non-empty tuple.
  const test = s.test;
  if ((test instanceof ast.Tuple && test.elts.length > 0) ||
      (test instanceof ast.Constant && test.value instanceof PyTuple && test.value.items.length > 0)) {
    compilerWarn(c, LOC(s), 'assertion is always true, perhaps remove parentheses?');
  }
  if (c.optimize) return;
  const end = newJumpTargetLabel(c);
  jumpIf(c, LOC(s), test, end, true);
  addopI(c, LOC(s), Op.LOAD_COMMON_CONSTANT, CommonConstant.ASSERTIONERROR);
  if (s.msg !== undefined) {
    visitExpr(c, s.msg);
    addopI(c, LOC(s), Op.CALL, 0);
  }
  addopI(c, LOC(test), Op.RAISE_VARARGS, 1);
  useLabel(c, end);
}

// CPython: codegen.c codegen_stmt_expr
function codegenStmtExpr(c: Compiler, loc: SourceLocation, value: ast.expr): void {
  if (isInteractiveTopLevel(c)) {
    visitExpr(c, value);
    addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.PRINT);
    addop(c, NO_LOCATION, Op.POP_TOP);
    return;
  }
  if (value._kind === ast.NodeKind.Constant) {
    addop(c, loc, Op.NOP); // a constant statement is ignored
    return;
  }
  visitExpr(c, value);
  addop(c, NO_LOCATION, Op.POP_TOP); // artificial
}

// CPython: codegen.c codegen_augassign
function codegenAugassign(c: Compiler, s: ast.AugAssign): void {
  const e = s.target;
  let loc = LOC(e);
  switch (e._kind) {
    case ast.NodeKind.Attribute: {
      const a = e as ast.Attribute;
      visitExpr(c, a.value);
      addopI(c, loc, Op.COPY, 1);
      loc = updateStartLocationToMatchAttr(c, loc, a);
      addopName(c, loc, Op.LOAD_ATTR, a.attr, 'names');
      break;
    }
    case ast.NodeKind.Subscript: {
      const sub = e as ast.Subscript;
      visitExpr(c, sub.value);
      if (shouldApplyTwoElementSliceOptimization(sub.slice)) {
        sliceTwoParts(c, sub.slice as ast.Slice);
        addopI(c, loc, Op.COPY, 3);
        addopI(c, loc, Op.COPY, 3);
        addopI(c, loc, Op.COPY, 3);
        addop(c, loc, Op.BINARY_SLICE);
      } else {
        visitExpr(c, sub.slice);
        addopI(c, loc, Op.COPY, 2);
        addopI(c, loc, Op.COPY, 2);
        addopI(c, loc, Op.BINARY_OP, NB.SUBSCR);
      }
      break;
    }
    case ast.NodeKind.Name:
      nameop(c, loc, (e as ast.Name).id, LOAD);
      break;
    default:
      throw new Error(`invalid node type (${e._kind}) for augmented assignment`);
  }
  loc = LOC(s);
  visitExpr(c, s.value);
  addopBinary(c, loc, s.op, true);
  loc = LOC(e);
  switch (e._kind) {
    case ast.NodeKind.Attribute: {
      const a = e as ast.Attribute;
      loc = updateStartLocationToMatchAttr(c, loc, a);
      addopI(c, loc, Op.SWAP, 2);
      addopName(c, loc, Op.STORE_ATTR, a.attr, 'names');
      break;
    }
    case ast.NodeKind.Subscript:
      if (shouldApplyTwoElementSliceOptimization((e as ast.Subscript).slice)) {
        addopI(c, loc, Op.SWAP, 4);
        addopI(c, loc, Op.SWAP, 3);
        addopI(c, loc, Op.SWAP, 2);
        addop(c, loc, Op.STORE_SLICE);
      } else {
        addopI(c, loc, Op.SWAP, 3);
        addopI(c, loc, Op.SWAP, 2);
        addop(c, loc, Op.STORE_SUBSCR);
      }
      break;
    default:
      nameop(c, loc, (e as ast.Name).id, STORE);
      break;
  }
}
