// try/except/finally, try/except*, and with/async with.
// CPython: Python/codegen.c codegen_try_finally, codegen_try_except, codegen_try_star_*, codegen_with*
import { Intrinsic2, None, SpecialMethod } from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import type * as ast from '../ast/nodes.js';
import { compilerError, FBlockType, popFBlock, pushFBlock, type Compiler } from './compile.js';
import {
  addop, addopI, addopJump, addopLoadConst, addYieldFrom, callExitWithNones, DEL, nameop, newJumpTargetLabel,
  popExceptAndReraise, STORE, useLabel, visitStmts,
} from './codegen.js';
import { visitExpr } from './codegen_expr.js';
import { NO_LABEL } from './instruction_sequence.js';
import { LOC, NO_LOCATION } from './source_location.js';

type AnyTry = ast.Try | ast.TryStar;

/*
 * try: <body> finally: <finalbody> is
 *        SETUP_FINALLY  L
 *        <body>
 *        POP_BLOCK
 *        <finalbody>
 *        JUMP E
 *    L:  <finalbody>      (with the exception pushed; re-raised after)
 *    E:
 */
// CPython: codegen.c codegen_try_finally, codegen_try_star_finally
function tryFinally(c: Compiler, s: AnyTry, star: boolean): void {
  let loc = LOC(s);
  const body = newJumpTargetLabel(c);
  const end = newJumpTargetLabel(c);
  const exit = newJumpTargetLabel(c);
  const cleanup = newJumpTargetLabel(c);
  // `try` block
  addopJump(c, loc, Op.SETUP_FINALLY, end);
  useLabel(c, body);
  pushFBlock(c, loc, FBlockType.FINALLY_TRY, body, end, s.finalbody);
  if (s.handlers.length > 0) {
    if (star) tryStarExcept(c, s as ast.TryStar);
    else tryExcept(c, s as ast.Try);
  } else {
    visitStmts(c, s.body);
  }
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  popFBlock(c, FBlockType.FINALLY_TRY, body);
  visitStmts(c, s.finalbody);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, exit);
  // `finally` block
  useLabel(c, end);
  loc = NO_LOCATION;
  addopJump(c, loc, Op.SETUP_CLEANUP, cleanup);
  addop(c, loc, Op.PUSH_EXC_INFO);
  pushFBlock(c, loc, FBlockType.FINALLY_END, end, NO_LABEL, null);
  visitStmts(c, s.finalbody);
  popFBlock(c, FBlockType.FINALLY_END, end);
  addopI(c, loc, Op.RERAISE, 0);
  useLabel(c, cleanup);
  popExceptAndReraise(c, loc);
  useLabel(c, exit);
}

/*
 * try: S except E1 as V1: S1 except E2 as V2: S2 ... is
 *        SETUP_FINALLY  L1
 *        <S>
 *        POP_BLOCK
 *        JUMP           L0
 *  L1:   <E1> CHECK_EXC_MATCH POP_JUMP_IF_FALSE L2   (only with E1)
 *        <assign to V1> (or POP_TOP)
 *        <S1>
 *        JUMP           L0
 *  L2:   ...
 *  Ln+1: RERAISE
 *  L0:   <next statement>
 */
// CPython: codegen.c codegen_try_except
function tryExcept(c: Compiler, s: ast.Try): void {
  const loc = LOC(s);
  const body = newJumpTargetLabel(c);
  let except = newJumpTargetLabel(c);
  const end = newJumpTargetLabel(c);
  const cleanup = newJumpTargetLabel(c);
  addopJump(c, loc, Op.SETUP_FINALLY, except);
  useLabel(c, body);
  pushFBlock(c, loc, FBlockType.TRY_EXCEPT, body, NO_LABEL, null);
  visitStmts(c, s.body);
  popFBlock(c, FBlockType.TRY_EXCEPT, body);
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  visitStmts(c, s.orelse);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
  const n = s.handlers.length;
  useLabel(c, except);
  addopJump(c, NO_LOCATION, Op.SETUP_CLEANUP, cleanup);
  addop(c, NO_LOCATION, Op.PUSH_EXC_INFO);
  // The runtime pushes a block here: account for it.
  pushFBlock(c, loc, FBlockType.EXCEPTION_HANDLER, NO_LABEL, NO_LABEL, null);
  for (let i = 0; i < n; i++) {
    const handler = s.handlers[i] as ast.ExceptHandler;
    const hloc = LOC(handler);
    if (handler.type === undefined && i < n - 1) compilerError(c, hloc, "default 'except:' must be last");
    except = newJumpTargetLabel(c);
    if (handler.type !== undefined) {
      visitExpr(c, handler.type);
      addop(c, hloc, Op.CHECK_EXC_MATCH);
      addopJump(c, hloc, Op.POP_JUMP_IF_FALSE, except);
    }
    if (handler.name !== undefined) {
      const cleanupEnd = newJumpTargetLabel(c);
      const cleanupBody = newJumpTargetLabel(c);
      nameop(c, hloc, handler.name, STORE);
      // try: <body> finally: name = None; del name  (in case the body has "del name")
      addopJump(c, hloc, Op.SETUP_CLEANUP, cleanupEnd);
      useLabel(c, cleanupBody);
      pushFBlock(c, hloc, FBlockType.HANDLER_CLEANUP, cleanupBody, NO_LABEL, handler.name);
      visitStmts(c, handler.body);
      popFBlock(c, FBlockType.HANDLER_CLEANUP, cleanupBody);
      // name = None; del name  (artificial)
      addop(c, NO_LOCATION, Op.POP_BLOCK);
      addop(c, NO_LOCATION, Op.POP_BLOCK);
      addop(c, NO_LOCATION, Op.POP_EXCEPT);
      addopLoadConst(c, NO_LOCATION, None);
      nameop(c, NO_LOCATION, handler.name, STORE);
      nameop(c, NO_LOCATION, handler.name, DEL);
      addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
      // except:
      useLabel(c, cleanupEnd);
      addopLoadConst(c, NO_LOCATION, None);
      nameop(c, NO_LOCATION, handler.name, STORE);
      nameop(c, NO_LOCATION, handler.name, DEL);
      addopI(c, NO_LOCATION, Op.RERAISE, 1);
    } else {
      const cleanupBody = newJumpTargetLabel(c);
      addop(c, hloc, Op.POP_TOP); // exc_value
      useLabel(c, cleanupBody);
      pushFBlock(c, hloc, FBlockType.HANDLER_CLEANUP, cleanupBody, NO_LABEL, null);
      visitStmts(c, handler.body);
      popFBlock(c, FBlockType.HANDLER_CLEANUP, cleanupBody);
      addop(c, NO_LOCATION, Op.POP_BLOCK);
      addop(c, NO_LOCATION, Op.POP_EXCEPT);
      addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
    }
    useLabel(c, except);
  }
  // artificial
  popFBlock(c, FBlockType.EXCEPTION_HANDLER, NO_LABEL);
  addopI(c, NO_LOCATION, Op.RERAISE, 0);
  useLabel(c, cleanup);
  popExceptAndReraise(c, NO_LOCATION);
  useLabel(c, end);
}

/*
 * try: S except* E1 as V1: S1 ...: the raised exception group is matched against each
 * E with CHECK_EG_MATCH; what each handler raises or re-raises is collected in a list,
 * and PREP_RERAISE_STAR combines it with the unhandled rest to re-raise.
 */
// CPython: codegen.c codegen_try_star_except
function tryStarExcept(c: Compiler, s: ast.TryStar): void {
  const loc = LOC(s);
  const body = newJumpTargetLabel(c);
  let except = newJumpTargetLabel(c);
  const orelse = newJumpTargetLabel(c);
  const end = newJumpTargetLabel(c);
  const cleanup = newJumpTargetLabel(c);
  const reraiseStar = newJumpTargetLabel(c);
  addopJump(c, loc, Op.SETUP_FINALLY, except);
  useLabel(c, body);
  pushFBlock(c, loc, FBlockType.TRY_EXCEPT, body, NO_LABEL, null);
  visitStmts(c, s.body);
  popFBlock(c, FBlockType.TRY_EXCEPT, body);
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, orelse);
  const n = s.handlers.length;
  useLabel(c, except);
  addopJump(c, NO_LOCATION, Op.SETUP_CLEANUP, cleanup);
  addop(c, NO_LOCATION, Op.PUSH_EXC_INFO);
  // The runtime pushes a block here: account for it.
  pushFBlock(c, loc, FBlockType.EXCEPTION_GROUP_HANDLER, NO_LABEL, NO_LABEL, 'except handler');
  for (let i = 0; i < n; i++) {
    const handler = s.handlers[i] as ast.ExceptHandler;
    const hloc = LOC(handler);
    except = newJumpTargetLabel(c);
    const exceptWithError = newJumpTargetLabel(c);
    const noMatch = newJumpTargetLabel(c);
    if (i === 0) {
      // [orig] BUILD_LIST: the list of exceptions raised/reraised in the except* blocks;
      // [orig, []] COPY 2: a copy of the original exception group.
      addopI(c, hloc, Op.BUILD_LIST, 0);
      addopI(c, hloc, Op.COPY, 2);
    }
    if (handler.type !== undefined) {
      visitExpr(c, handler.type);
      addop(c, hloc, Op.CHECK_EG_MATCH);
      addopI(c, hloc, Op.COPY, 1);
      addopJump(c, hloc, Op.POP_JUMP_IF_NONE, noMatch);
    }
    const cleanupEnd = newJumpTargetLabel(c);
    const cleanupBody = newJumpTargetLabel(c);
    if (handler.name !== undefined) nameop(c, hloc, handler.name, STORE);
    else addop(c, hloc, Op.POP_TOP); // match
    // try: <body> finally: name = None; del name
    addopJump(c, hloc, Op.SETUP_CLEANUP, cleanupEnd);
    useLabel(c, cleanupBody);
    pushFBlock(c, hloc, FBlockType.HANDLER_CLEANUP, cleanupBody, NO_LABEL, handler.name ?? null);
    visitStmts(c, handler.body);
    popFBlock(c, FBlockType.HANDLER_CLEANUP, cleanupBody);
    // name = None; del name  (artificial)
    addop(c, NO_LOCATION, Op.POP_BLOCK);
    if (handler.name !== undefined) {
      addopLoadConst(c, NO_LOCATION, None);
      nameop(c, NO_LOCATION, handler.name, STORE);
      nameop(c, NO_LOCATION, handler.name, DEL);
    }
    addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, except);
    // except:
    useLabel(c, cleanupEnd);
    if (handler.name !== undefined) {
      addopLoadConst(c, NO_LOCATION, None);
      nameop(c, NO_LOCATION, handler.name, STORE);
      nameop(c, NO_LOCATION, handler.name, DEL);
    }
    // add the raised exception to the result list
    addopI(c, NO_LOCATION, Op.LIST_APPEND, 3); // exc
    addop(c, NO_LOCATION, Op.POP_TOP); // lasti
    addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, exceptWithError);
    useLabel(c, except);
    addop(c, NO_LOCATION, Op.NOP); // holds a propagated location
    addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, exceptWithError);
    useLabel(c, noMatch);
    addop(c, hloc, Op.POP_TOP); // match (None)
    useLabel(c, exceptWithError);
    if (i === n - 1) {
      // Add exc to the list (if not None, it is the unhandled part of the group)
      addopI(c, NO_LOCATION, Op.LIST_APPEND, 1);
      addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, reraiseStar);
    }
  }
  // artificial
  popFBlock(c, FBlockType.EXCEPTION_GROUP_HANDLER, NO_LABEL);
  const reraise = newJumpTargetLabel(c);
  useLabel(c, reraiseStar);
  addopI(c, NO_LOCATION, Op.CALL_INTRINSIC_2, Intrinsic2.PREP_RERAISE_STAR);
  addopI(c, NO_LOCATION, Op.COPY, 1);
  addopJump(c, NO_LOCATION, Op.POP_JUMP_IF_NOT_NONE, reraise);
  // Nothing to reraise
  addop(c, NO_LOCATION, Op.POP_TOP);
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  addop(c, NO_LOCATION, Op.POP_EXCEPT);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, end);
  useLabel(c, reraise);
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  addopI(c, NO_LOCATION, Op.SWAP, 2);
  addop(c, NO_LOCATION, Op.POP_EXCEPT);
  addopI(c, NO_LOCATION, Op.RERAISE, 0);
  useLabel(c, cleanup);
  popExceptAndReraise(c, NO_LOCATION);
  useLabel(c, orelse);
  visitStmts(c, s.orelse);
  useLabel(c, end);
}

// CPython: codegen.c codegen_try
export function codegenTry(c: Compiler, s: ast.Try): void {
  if (s.finalbody.length > 0) tryFinally(c, s, false);
  else tryExcept(c, s);
}

// CPython: codegen.c codegen_try_star
export function codegenTryStar(c: Compiler, s: ast.TryStar): void {
  if (s.finalbody.length > 0) tryFinally(c, s, true);
  else tryStarExcept(c, s);
}

// CPython: codegen.c codegen_with_except_finish
function withExceptFinish(c: Compiler, cleanup: number): void {
  const suppress = newJumpTargetLabel(c);
  addop(c, NO_LOCATION, Op.TO_BOOL);
  addopJump(c, NO_LOCATION, Op.POP_JUMP_IF_TRUE, suppress);
  addopI(c, NO_LOCATION, Op.RERAISE, 2);
  useLabel(c, suppress);
  addop(c, NO_LOCATION, Op.POP_TOP); // exc_value
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  addop(c, NO_LOCATION, Op.POP_EXCEPT);
  addop(c, NO_LOCATION, Op.POP_TOP);
  addop(c, NO_LOCATION, Op.POP_TOP);
  addop(c, NO_LOCATION, Op.POP_TOP);
  const exit = newJumpTargetLabel(c);
  addopJump(c, NO_LOCATION, Op.JUMP_NO_INTERRUPT, exit);
  useLabel(c, cleanup);
  popExceptAndReraise(c, NO_LOCATION);
  useLabel(c, exit);
}

/*
 * async with EXPR as VAR: BLOCK is roughly
 *     context = EXPR; exit = context.__aexit__; value = await context.__aenter__()
 *     try: VAR = value; BLOCK
 *     finally: if not (await exit(*exc_info or (None, None, None))): raise
 */
// CPython: codegen.c codegen_async_with_inner
function asyncWithInner(c: Compiler, s: ast.AsyncWith, pos: number): void {
  const item = s.items[pos]!;
  const block = newJumpTargetLabel(c);
  const final = newJumpTargetLabel(c);
  const exit = newJumpTargetLabel(c);
  const cleanup = newJumpTargetLabel(c);
  // Evaluate EXPR
  visitExpr(c, item.context_expr);
  const loc = LOC(item.context_expr);
  addopI(c, loc, Op.COPY, 1);
  addopI(c, loc, Op.LOAD_SPECIAL, SpecialMethod.AEXIT);
  addopI(c, loc, Op.SWAP, 2);
  addopI(c, loc, Op.SWAP, 3);
  addopI(c, loc, Op.LOAD_SPECIAL, SpecialMethod.AENTER);
  addopI(c, loc, Op.CALL, 0);
  addopI(c, loc, Op.GET_AWAITABLE, 1);
  addopLoadConst(c, loc, None);
  addYieldFrom(c, loc, true);
  addopJump(c, loc, Op.SETUP_WITH, final);
  // SETUP_WITH pushes a finally block.
  useLabel(c, block);
  pushFBlock(c, loc, FBlockType.ASYNC_WITH, block, final, s);
  if (item.optional_vars !== undefined) visitExpr(c, item.optional_vars);
  else addop(c, loc, Op.POP_TOP); // discard the result of __aenter__()
  pos++;
  if (pos === s.items.length) visitStmts(c, s.body);
  else asyncWithInner(c, s, pos);
  popFBlock(c, FBlockType.ASYNC_WITH, block);
  addop(c, loc, Op.POP_BLOCK);
  // End of body; the cleanup. On success: await __aexit__(None, None, None).
  callExitWithNones(c, loc);
  addopI(c, loc, Op.GET_AWAITABLE, 2);
  addopLoadConst(c, loc, None);
  addYieldFrom(c, loc, true);
  addop(c, loc, Op.POP_TOP);
  addopJump(c, loc, Op.JUMP, exit);
  // On an exception:
  useLabel(c, final);
  addopJump(c, loc, Op.SETUP_CLEANUP, cleanup);
  addop(c, loc, Op.PUSH_EXC_INFO);
  addop(c, loc, Op.WITH_EXCEPT_START);
  addopI(c, loc, Op.GET_AWAITABLE, 2);
  addopLoadConst(c, loc, None);
  addYieldFrom(c, loc, true);
  withExceptFinish(c, cleanup);
  useLabel(c, exit);
}

// CPython: codegen.c codegen_async_with
export function codegenAsyncWith(c: Compiler, s: ast.AsyncWith): void {
  asyncWithInner(c, s, 0);
}

/*
 * with EXPR as VAR: BLOCK (PEP 343) is
 *        <EXPR>, bound __exit__ kept below
 *        SETUP_WITH  E
 *        <store to VAR> or POP_TOP
 *        <BLOCK>
 *        __exit__(None, None, None); POP_TOP
 *        JUMP  EXIT
 *    E:  WITH_EXCEPT_START (calls __exit__ with the exception)
 *        POP_JUMP_IF_TRUE T; RERAISE
 *    T:  POP_TOP; POP_EXCEPT; POP_TOP ...
 *    EXIT:
 */
// CPython: codegen.c codegen_with_inner
function withInner(c: Compiler, s: ast.With, pos: number): void {
  const item = s.items[pos]!;
  const block = newJumpTargetLabel(c);
  const final = newJumpTargetLabel(c);
  const exit = newJumpTargetLabel(c);
  const cleanup = newJumpTargetLabel(c);
  // Evaluate EXPR; keep the bound __exit__
  visitExpr(c, item.context_expr);
  const loc = LOC(item.context_expr);
  addopI(c, loc, Op.COPY, 1);
  addopI(c, loc, Op.LOAD_SPECIAL, SpecialMethod.EXIT);
  addopI(c, loc, Op.SWAP, 2);
  addopI(c, loc, Op.SWAP, 3);
  addopI(c, loc, Op.LOAD_SPECIAL, SpecialMethod.ENTER);
  addopI(c, loc, Op.CALL, 0);
  addopJump(c, loc, Op.SETUP_WITH, final);
  // SETUP_WITH pushes a finally block.
  useLabel(c, block);
  pushFBlock(c, loc, FBlockType.WITH, block, final, s);
  if (item.optional_vars !== undefined) visitExpr(c, item.optional_vars);
  else addop(c, loc, Op.POP_TOP); // discard the result of __enter__()
  pos++;
  if (pos === s.items.length) visitStmts(c, s.body);
  else withInner(c, s, pos);
  addop(c, NO_LOCATION, Op.POP_BLOCK);
  popFBlock(c, FBlockType.WITH, block);
  // End of body; the cleanup. On success: __exit__(None, None, None).
  callExitWithNones(c, loc);
  addop(c, loc, Op.POP_TOP);
  addopJump(c, loc, Op.JUMP, exit);
  // On an exception:
  useLabel(c, final);
  addopJump(c, loc, Op.SETUP_CLEANUP, cleanup);
  addop(c, loc, Op.PUSH_EXC_INFO);
  addop(c, loc, Op.WITH_EXCEPT_START);
  withExceptFinish(c, cleanup);
  useLabel(c, exit);
}

// CPython: codegen.c codegen_with
export function codegenWith(c: Compiler, s: ast.With): void {
  withInner(c, s, 0);
}
