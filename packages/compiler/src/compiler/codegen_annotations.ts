// Annotations (PEP 649/749): annotation scopes, annotated assignments, and the
// `__annotate__` functions of modules and classes built from the deferred annotations.
// CPython: Python/codegen.c codegen_setup_annotations_scope, codegen_annassign, …
import { CodeFlag, CodeObject, CommonConstant, COMPARISON_MASKS, CompareKind, PyTuple } from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import * as ast from '../ast/nodes.js';
import {
  addDeferredAnnotation, compileMangle, compileMaybeMangle, endAnnotationSetup, exitScope, optimizeAndAssemble,
  ScopeType, startAnnotationSetup, type Compiler,
} from './compile.js';
import {
  addop, addopI, addopJump, addopLoadConst, addopName, codegenEnterScope, makeClosure,
  newJumpTargetLabel, STORE, useLabel, nameop,
} from './codegen.js';
import { visitExpr } from './codegen_expr.js';
import { exprAsUnicode } from './codegen_unparse.js';
import { LOC, type SourceLocation } from './source_location.js';
import { annotationBlockKey, BlockType } from './symtable.js';

/** The `format` value above which `__annotate__` raises NotImplementedError
 *  (CPython: pycore_object.h _Py_ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS). */
const ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS = 2;

// CPython: codegen.c codegen_setup_annotations_scope
export function setupAnnotationsScope(c: Compiler, loc: SourceLocation, key: object, name: string): void {
  codegenEnterScope(c, name, ScopeType.ANNOTATIONS, key, loc.lineno, null,
    { argcount: 0, posonlyargcount: 1, kwonlyargcount: 0 });
  // if .format > VALUE_WITH_FAKE_GLOBALS: raise NotImplementedError
  addopI(c, loc, Op.LOAD_FAST, 0);
  addopLoadConst(c, loc, ANNOTATE_FORMAT_VALUE_WITH_FAKE_GLOBALS);
  addopI(c, loc, Op.COMPARE_OP, (CompareKind.GT << 5) | COMPARISON_MASKS[CompareKind.GT]!);
  const body = newJumpTargetLabel(c);
  addopJump(c, loc, Op.POP_JUMP_IF_FALSE, body);
  addopI(c, loc, Op.LOAD_COMMON_CONSTANT, CommonConstant.NOTIMPLEMENTEDERROR);
  addopI(c, loc, Op.RAISE_VARARGS, 1);
  useLabel(c, body);
}

// CPython: codegen.c codegen_leave_annotations_scope
export function leaveAnnotationsScope(c: Compiler, loc: SourceLocation): void {
  addop(c, loc, Op.RETURN_VALUE);
  const co = optimizeAndAssemble(c, true);
  // The parameter is `.format` in the symtable (so that a name `format` in the
  // annotations is not clobbered) but `format` in the signature.
  const names = co.co_localsplusnames.items.slice();
  names[0] = 'format';
  const renamed = new CodeObject({ ...co, co_localsplusnames: new PyTuple(names) });
  exitScope(c);
  makeClosure(c, loc, renamed, 0);
}

// CPython: codegen.c codegen_deferred_annotations_body
function deferredAnnotationsBody(
  c: Compiler, loc: SourceLocation, deferred: readonly ast.AnnAssign[], conditionalIndices: readonly number[],
  scopeType: ScopeType,
): void {
  addopI(c, loc, Op.BUILD_MAP, 0); // stack: <annos>
  for (let i = 0; i < deferred.length; i++) {
    const st = deferred[i]!;
    const stLoc = LOC(st);
    const mangled = compileMangle(c, (st.target as ast.Name).id);
    const index = conditionalIndices[i]!;
    const notSet = newJumpTargetLabel(c);
    if (index !== -1) {
      addopLoadConst(c, stLoc, index);
      if (scopeType === ScopeType.CLASS) {
        addopName(c, stLoc, Op.LOAD_DEREF, '__conditional_annotations__', 'freevars');
      } else {
        addopName(c, stLoc, Op.LOAD_GLOBAL, '__conditional_annotations__', 'names');
      }
      addopI(c, stLoc, Op.CONTAINS_OP, 0);
      addopJump(c, stLoc, Op.POP_JUMP_IF_FALSE, notSet);
    }
    visitExpr(c, st.annotation);
    addopI(c, stLoc, Op.COPY, 2);
    addopLoadConst(c, stLoc, mangled);
    // stack: <annos> <name> <annos> <value>
    addop(c, loc, Op.STORE_SUBSCR);
    // stack: <annos>
    useLabel(c, notSet);
  }
}

// CPython: codegen.c codegen_process_deferred_annotations
export function processDeferredAnnotations(c: Compiler, loc: SourceLocation): void {
  const u = c.u!;
  const deferred = u.deferredAnnotations;
  if (deferred === null) return;
  const conditionalIndices = u.conditionalAnnotationIndices!;
  const scopeType = u.scopeType;
  const separateBlock = scopeType === ScopeType.MODULE;
  if (separateBlock) startAnnotationSetup(c);
  // ste.annotationBlock may be set without deferred annotations (only non-simple
  // targets), never the reverse.
  const ste = u.ste;
  setupAnnotationsScope(c, loc, annotationBlockKey(ste), ste.annotationBlock!.name);
  deferredAnnotationsBody(c, loc, deferred, conditionalIndices, scopeType);
  leaveAnnotationsScope(c, loc);
  nameop(c, loc, ste.type === BlockType.ClassBlock ? '__annotate_func__' : '__annotate__', STORE);
  if (separateBlock) endAnnotationSetup(c);
}

/** An annotation as a string constant (`from __future__ import annotations`).
 *  CPython: codegen.c codegen_visit_annexpr */
export function visitAnnexpr(c: Compiler, annotation: ast.expr): void {
  addopLoadConst(c, LOC(annotation), exprAsUnicode(annotation));
}

// CPython: codegen.c codegen_check_ann_expr
function checkAnnExpr(c: Compiler, e: ast.expr): void {
  visitExpr(c, e);
  addop(c, LOC(e), Op.POP_TOP);
}

// CPython: codegen.c codegen_check_annotation
function checkAnnotation(c: Compiler, s: ast.AnnAssign): void {
  // Annotations of complex targets produce nothing under the annotations future.
  if ((c.future.features & CodeFlag.FUTURE_ANNOTATIONS) !== 0) return;
  // Annotations are only evaluated in a module or class.
  const scopeType = c.u!.scopeType;
  if (scopeType === ScopeType.MODULE || scopeType === ScopeType.CLASS) checkAnnExpr(c, s.annotation);
}

// CPython: codegen.c codegen_check_ann_subscr
function checkAnnSubscr(c: Compiler, e: ast.expr): void {
  // Everything in a subscript must be defined at run time.
  if (e instanceof ast.Slice) {
    if (e.lower !== undefined) checkAnnExpr(c, e.lower);
    if (e.upper !== undefined) checkAnnExpr(c, e.upper);
    if (e.step !== undefined) checkAnnExpr(c, e.step);
  } else if (e instanceof ast.Tuple) {
    for (const elt of e.elts) checkAnnSubscr(c, elt); // extended slice
  } else {
    checkAnnExpr(c, e);
  }
}

// CPython: codegen.c codegen_annassign
export function codegenAnnassign(c: Compiler, s: ast.AnnAssign): void {
  const loc = LOC(s);
  const targ = s.target;
  const futureAnnotations = (c.future.features & CodeFlag.FUTURE_ANNOTATIONS) !== 0;
  // The assignment comes first.
  if (s.value !== undefined) {
    visitExpr(c, s.value);
    visitExpr(c, targ);
  }
  if (targ instanceof ast.Name) {
    // A simple name in a module or class: store the annotation.
    const scopeType = c.u!.scopeType;
    if (s.simple && (scopeType === ScopeType.MODULE || scopeType === ScopeType.CLASS)) {
      if (futureAnnotations) {
        visitAnnexpr(c, s.annotation);
        addopName(c, loc, Op.LOAD_NAME, '__annotations__', 'names');
        addopLoadConst(c, loc, compileMaybeMangle(c, targ.id));
        addop(c, loc, Op.STORE_SUBSCR);
      } else {
        const index = addDeferredAnnotation(c, s);
        if (index !== -1) {
          addopName(c, loc, scopeType === ScopeType.CLASS ? Op.LOAD_DEREF : Op.LOAD_NAME,
            '__conditional_annotations__', 'cellvars');
          addopLoadConst(c, loc, index);
          addopI(c, loc, Op.SET_ADD, 1);
          addop(c, loc, Op.POP_TOP);
        }
      }
    }
  } else if (targ instanceof ast.Attribute) {
    if (s.value === undefined) checkAnnExpr(c, targ.value);
  } else if (targ instanceof ast.Subscript) {
    if (s.value === undefined) {
      checkAnnExpr(c, targ.value);
      checkAnnSubscr(c, targ.slice);
    }
  } else {
    throw new Error(`invalid node type (${targ._kind}) for annotated assignment`);
  }
  // The annotation is evaluated last.
  if (futureAnnotations && !s.simple) checkAnnotation(c, s);
}


