// Functions, classes and type aliases: closures, defaults, annotations, decorators,
// and the PEP 695 type-parameter scopes around generic definitions.
// CPython: Python/codegen.c codegen_function, codegen_class, codegen_typealias, …
import {
  CO_FAST_FREE,
  CodeFlag,
  type CodeObject,
  Intrinsic1,
  Intrinsic2,
  MakeFunctionFlag,
  None,
  PyTuple,
} from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import * as ast from '../ast/nodes.js';
import {
  addConst, cleanDoc, compileMaybeMangle, compilerError, exitScope, lookupArg, lookupCellvar,
  optimizeAndAssemble, popFBlock, pushFBlock, ScopeType, staticAttributesSorted, FBlockType, type Compiler,
} from './compile.js';
import {
  addop, addopI, addopLoadConst, addopN, codegenBody, codegenEnterScope, LOAD, nameop,
  newJumpTargetLabel, STORE, useLabel, visitStmt,
} from './codegen.js';
import { leaveAnnotationsScope, setupAnnotationsScope, visitAnnexpr } from './codegen_annotations.js';
import { callHelper, callHelperImpl } from './codegen_call.js';
import { visitExpr } from './codegen_expr.js';
import { NO_LABEL } from './instruction_sequence.js';
import { LOC, NO_LOCATION, type SourceLocation } from './source_location.js';
import { functionAnnotationBlockKey, typeParamsBlockKey, typeVarBoundKey, typeVarDefaultKey } from './symtable.js';

type FunctionDef = ast.FunctionDef | ast.AsyncFunctionDef;

// ---------------------------------------------------------------------------
// Closures and defaults

// CPython: codegen.c codegen_make_closure
export function makeClosure(c: Compiler, loc: SourceLocation, co: CodeObject, flags: number): void {
  const kinds = co.co_localspluskinds.data;
  const names = co.co_localsplusnames.items;
  let nfreevars = 0;
  for (let i = 0; i < kinds.length; i++) if ((kinds[i]! & CO_FAST_FREE) !== 0) nfreevars++;
  if (nfreevars > 0) {
    // The free variables are the last names of localsplus. LOAD_CLOSURE rather than
    // the LOAD_DEREF a name lookup would give.
    for (let i = kinds.length - nfreevars; i < kinds.length; i++) {
      addopI(c, loc, Op.LOAD_CLOSURE, lookupArg(c, co, names[i] as string));
    }
    flags |= MakeFunctionFlag.CLOSURE;
    addopI(c, loc, Op.BUILD_TUPLE, nfreevars);
  }
  addopLoadConst(c, loc, co);
  addop(c, loc, Op.MAKE_FUNCTION);
  if (flags & MakeFunctionFlag.CLOSURE) addopI(c, loc, Op.SET_FUNCTION_ATTRIBUTE, MakeFunctionFlag.CLOSURE);
  if (flags & MakeFunctionFlag.ANNOTATIONS) addopI(c, loc, Op.SET_FUNCTION_ATTRIBUTE, MakeFunctionFlag.ANNOTATIONS);
  if (flags & MakeFunctionFlag.ANNOTATE) addopI(c, loc, Op.SET_FUNCTION_ATTRIBUTE, MakeFunctionFlag.ANNOTATE);
  if (flags & MakeFunctionFlag.KWDEFAULTS) addopI(c, loc, Op.SET_FUNCTION_ATTRIBUTE, MakeFunctionFlag.KWDEFAULTS);
  if (flags & MakeFunctionFlag.DEFAULTS) addopI(c, loc, Op.SET_FUNCTION_ATTRIBUTE, MakeFunctionFlag.DEFAULTS);
}

// CPython: codegen.c codegen_decorators
function decorators(c: Compiler, decos: readonly ast.expr[]): void {
  for (const d of decos) visitExpr(c, d);
}

// CPython: codegen.c codegen_apply_decorators
function applyDecorators(c: Compiler, decos: readonly ast.expr[]): void {
  for (let i = decos.length - 1; i >= 0; i--) addopI(c, LOC(decos[i]!), Op.CALL, 0);
}

/** Pushes a dict of the keyword-only defaults; false when there are none.
 *  CPython: codegen.c codegen_kwonlydefaults */
function kwonlyDefaults(c: Compiler, loc: SourceLocation, kwonlyargs: ast.arg[], kwDefaults: (ast.expr | undefined)[]): boolean {
  let count = 0;
  for (let i = 0; i < kwonlyargs.length; i++) {
    const default_ = kwDefaults[i];
    if (default_ !== undefined && default_ !== null) {
      count++;
      addopLoadConst(c, loc, compileMaybeMangle(c, kwonlyargs[i]!.arg));
      visitExpr(c, default_);
    }
  }
  if (count === 0) return false;
  addopI(c, loc, Op.BUILD_MAP, count);
  return true;
}

// CPython: codegen.c codegen_default_arguments
export function defaultArguments(c: Compiler, loc: SourceLocation, args: ast.arguments_): number {
  let funcflags = 0;
  if (args.defaults.length > 0) {
    // CPython: codegen.c codegen_defaults
    for (const d of args.defaults) visitExpr(c, d);
    addopI(c, loc, Op.BUILD_TUPLE, args.defaults.length);
    funcflags |= MakeFunctionFlag.DEFAULTS;
  }
  if (kwonlyDefaults(c, loc, args.kwonlyargs, args.kw_defaults)) funcflags |= MakeFunctionFlag.KWDEFAULTS;
  return funcflags;
}

// CPython: codegen.c codegen_wrap_in_stopiteration_handler
export function wrapInStopiterationHandler(c: Compiler): void {
  const handler = newJumpTargetLabel(c);
  // SETUP_CLEANUP goes in at the start
  c.u!.instrSequence.insertInstruction(0, Op.SETUP_CLEANUP, handler, NO_LOCATION);
  addopLoadConst(c, NO_LOCATION, None);
  addop(c, NO_LOCATION, Op.RETURN_VALUE);
  useLabel(c, handler);
  addopI(c, NO_LOCATION, Op.CALL_INTRINSIC_1, Intrinsic1.STOPITERATION_ERROR);
  addopI(c, NO_LOCATION, Op.RERAISE, 1);
}

// ---------------------------------------------------------------------------
// Annotations of functions

interface Counter { n: number }

// CPython: codegen.c codegen_argannotation
function argAnnotation(c: Compiler, id: string, annotation: ast.expr | undefined, len: Counter, loc: SourceLocation): void {
  if (annotation === undefined || annotation === null) return;
  addopLoadConst(c, loc, compileMaybeMangle(c, id));
  if ((c.future.features & CodeFlag.FUTURE_ANNOTATIONS) !== 0) {
    visitAnnexpr(c, annotation);
  } else if (annotation instanceof ast.Starred) {
    // *args: *Ts (a TypeVarTuple): [annotation_value] = [*Ts].
    visitExpr(c, annotation.value);
    addopI(c, loc, Op.UNPACK_SEQUENCE, 1);
  } else {
    visitExpr(c, annotation);
  }
  len.n++;
}

// CPython: codegen.c codegen_annotations_in_scope
function annotationsInScope(c: Compiler, loc: SourceLocation, args: ast.arguments_, returns: ast.expr | undefined, len: Counter): void {
  for (const a of args.args) argAnnotation(c, a.arg, a.annotation, len, loc);
  for (const a of args.posonlyargs) argAnnotation(c, a.arg, a.annotation, len, loc);
  if (args.vararg !== undefined && args.vararg !== null) argAnnotation(c, args.vararg.arg, args.vararg.annotation, len, loc);
  for (const a of args.kwonlyargs) argAnnotation(c, a.arg, a.annotation, len, loc);
  if (args.kwarg !== undefined && args.kwarg !== null) argAnnotation(c, args.kwarg.arg, args.kwarg.annotation, len, loc);
  argAnnotation(c, 'return', returns, len, loc);
}

/** The `__annotate__` function of a def, if its annotations are used; returns the flags to add.
 *  CPython: codegen.c codegen_function_annotations */
function functionAnnotations(c: Compiler, loc: SourceLocation, s: FunctionDef): number {
  const key = functionAnnotationBlockKey(s);
  const ste = c.st.lookup(key);
  if (!ste.annotationsUsed) return 0;
  setupAnnotationsScope(c, loc, key, ste.name);
  const len: Counter = { n: 0 };
  annotationsInScope(c, loc, s.args, s.returns, len);
  addopI(c, loc, Op.BUILD_MAP, len.n);
  leaveAnnotationsScope(c, loc);
  return MakeFunctionFlag.ANNOTATE;
}

// ---------------------------------------------------------------------------
// Type parameters (PEP 695, PEP 696)

// CPython: codegen.c codegen_type_param_bound_or_default
function typeParamBoundOrDefault(c: Compiler, e: ast.expr, name: string, key: object, allowStarred: boolean): void {
  addopLoadConst(c, LOC(e), new PyTuple([1]));
  setupAnnotationsScope(c, LOC(e), key, name);
  if (allowStarred && e instanceof ast.Starred) {
    visitExpr(c, e.value);
    addopI(c, LOC(e), Op.UNPACK_SEQUENCE, 1);
  } else {
    visitExpr(c, e);
  }
  addop(c, LOC(e), Op.RETURN_VALUE);
  const co = optimizeAndAssemble(c, true);
  exitScope(c);
  makeClosure(c, LOC(e), co, MakeFunctionFlag.DEFAULTS);
}

// CPython: codegen.c codegen_type_params
function typeParams(c: Compiler, params: ast.type_param[]): void {
  let seenDefault = false;
  for (const tp of params) {
    const loc = LOC(tp);
    let name: string;
    let defaultValue: ast.expr | undefined;
    if (tp instanceof ast.TypeVar) {
      name = tp.name;
      addopLoadConst(c, loc, name);
      if (tp.bound !== undefined && tp.bound !== null) {
        typeParamBoundOrDefault(c, tp.bound, name, typeVarBoundKey(tp), false);
        addopI(c, loc, Op.CALL_INTRINSIC_2,
          tp.bound instanceof ast.Tuple ? Intrinsic2.TYPEVAR_WITH_CONSTRAINTS : Intrinsic2.TYPEVAR_WITH_BOUND);
      } else {
        addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.TYPEVAR);
      }
      defaultValue = tp.default_value;
    } else if (tp instanceof ast.TypeVarTuple) {
      name = tp.name;
      addopLoadConst(c, loc, name);
      addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.TYPEVARTUPLE);
      defaultValue = tp.default_value;
    } else {
      const ps = tp as ast.ParamSpec;
      name = ps.name;
      addopLoadConst(c, loc, name);
      addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.PARAMSPEC);
      defaultValue = ps.default_value;
    }
    if (defaultValue !== undefined && defaultValue !== null) {
      seenDefault = true;
      typeParamBoundOrDefault(c, defaultValue, name, typeVarDefaultKey(tp), tp instanceof ast.TypeVarTuple);
      addopI(c, loc, Op.CALL_INTRINSIC_2, Intrinsic2.SET_TYPEPARAM_DEFAULT);
    } else if (seenDefault) {
      compilerError(c, loc, `non-default type parameter '${name}' follows default type parameter`);
    }
    addopI(c, loc, Op.COPY, 1);
    nameop(c, loc, name, STORE);
  }
  addopI(c, LOC(params[0]!), Op.BUILD_TUPLE, params.length);
}

// ---------------------------------------------------------------------------
// Functions

// CPython: codegen.c codegen_function_body
function functionBody(c: Compiler, s: FunctionDef, isAsync: boolean, funcflags: number, firstlineno: number): void {
  const args = s.args;
  const body = s.body;
  codegenEnterScope(c, s.name, isAsync ? ScopeType.ASYNC_FUNCTION : ScopeType.FUNCTION, s, firstlineno, null, {
    argcount: args.args.length, posonlyargcount: args.posonlyargs.length, kwonlyargcount: args.kwonlyargs.length,
  });
  const ste = c.u!.ste;
  let firstInstr = 0;
  if (ste.hasDocstring) {
    firstInstr = 1;
    const doc = ((body[0] as ast.Expr).value as ast.Constant).value as string;
    addConst(c, cleanDoc(doc));
  }
  const start = newJumpTargetLabel(c);
  useLabel(c, start);
  const addStopIterationHandler = ste.coroutine || ste.generator;
  if (addStopIterationHandler) {
    // wrapInStopiterationHandler pushes a block: account for it.
    pushFBlock(c, NO_LOCATION, FBlockType.STOP_ITERATION, start, NO_LABEL, null);
  }
  for (let i = firstInstr; i < body.length; i++) visitStmt(c, body[i]!);
  if (addStopIterationHandler) {
    wrapInStopiterationHandler(c);
    popFBlock(c, FBlockType.STOP_ITERATION, start);
  }
  const co = optimizeAndAssemble(c, true);
  exitScope(c);
  makeClosure(c, LOC(s), co, funcflags);
}

// CPython: codegen.c codegen_function
export function codegenFunction(c: Compiler, s: FunctionDef, isAsync: boolean): void {
  const decos = s.decorator_list;
  decorators(c, decos);
  const firstlineno = decos.length > 0 ? decos[0]!.lineno : s.lineno;
  const loc = LOC(s);
  const params = s.type_params;
  const isGeneric = params.length > 0;
  let funcflags = defaultArguments(c, loc, s.args);
  let numTypeparamArgs = 0;
  if (isGeneric) {
    if (funcflags & MakeFunctionFlag.DEFAULTS) numTypeparamArgs += 1;
    if (funcflags & MakeFunctionFlag.KWDEFAULTS) numTypeparamArgs += 1;
    if (numTypeparamArgs === 2) addopI(c, loc, Op.SWAP, 2);
    codegenEnterScope(c, `<generic parameters of ${s.name}>`, ScopeType.ANNOTATIONS, typeParamsBlockKey(s),
      firstlineno, null, { argcount: numTypeparamArgs, posonlyargcount: 0, kwonlyargcount: 0 });
    typeParams(c, params);
    for (let i = 0; i < numTypeparamArgs; i++) addopI(c, loc, Op.LOAD_FAST, i);
  }
  funcflags |= functionAnnotations(c, loc, s);
  functionBody(c, s, isAsync, funcflags, firstlineno);
  if (isGeneric) {
    addopI(c, loc, Op.SWAP, 2);
    addopI(c, loc, Op.CALL_INTRINSIC_2, Intrinsic2.SET_FUNCTION_TYPE_PARAMS);
    const co = optimizeAndAssemble(c, false);
    exitScope(c);
    makeClosure(c, loc, co, 0);
    if (numTypeparamArgs > 0) {
      addopI(c, loc, Op.SWAP, numTypeparamArgs + 1);
      addopI(c, loc, Op.CALL, numTypeparamArgs - 1);
    } else {
      addop(c, loc, Op.PUSH_NULL);
      addopI(c, loc, Op.CALL, 0);
    }
  }
  applyDecorators(c, decos);
  nameop(c, loc, s.name, STORE);
}

// ---------------------------------------------------------------------------
// Classes

// CPython: codegen.c codegen_set_type_params_in_class
function setTypeParamsInClass(c: Compiler, loc: SourceLocation): void {
  nameop(c, loc, '.type_params', LOAD);
  nameop(c, loc, '__type_params__', STORE);
}

/**
 * The class body as a code object, then LOAD_BUILD_CLASS, the body function and
 * the name: `<name> = __build_class__(<func>, <name>, *<bases>, **<keywords>)`.
 * CPython: codegen.c codegen_class_body
 */
function classBody(c: Compiler, s: ast.ClassDef, firstlineno: number): void {
  // 1. compile the class body into a code object
  codegenEnterScope(c, s.name, ScopeType.CLASS, s, firstlineno, s.name, null);
  let loc: SourceLocation = { lineno: firstlineno, endLineno: firstlineno, colOffset: 0, endColOffset: 0 };
  // load (global) __name__ and store it as __module__
  nameop(c, loc, '__name__', LOAD);
  nameop(c, loc, '__module__', STORE);
  addopLoadConst(c, loc, c.u!.metadata.qualname!);
  nameop(c, loc, '__qualname__', STORE);
  addopLoadConst(c, loc, c.u!.metadata.firstlineno);
  nameop(c, loc, '__firstlineno__', STORE);
  if (s.type_params.length > 0) setTypeParamsInClass(c, loc);
  const ste = c.u!.ste;
  if (ste.needsClassdict) {
    addop(c, loc, Op.LOAD_LOCALS);
    // A STORE_DEREF in a class namespace, which nameop would not give.
    addopN(c, loc, Op.STORE_DEREF, '__classdict__', 'cellvars');
  }
  if (ste.hasConditionalAnnotations) {
    addopI(c, loc, Op.BUILD_SET, 0);
    addopN(c, loc, Op.STORE_DEREF, '__conditional_annotations__', 'cellvars');
  }
  // the body proper
  codegenBody(c, loc, s.body, false);
  addopLoadConst(c, NO_LOCATION, new PyTuple(staticAttributesSorted(c)));
  nameop(c, NO_LOCATION, '__static_attributes__', STORE);
  // The rest is artificial.
  if (ste.needsClassdict) {
    // __classdictcell__ into the class namespace
    addopI(c, NO_LOCATION, Op.LOAD_CLOSURE, lookupCellvar(c, '__classdict__'));
    nameop(c, NO_LOCATION, '__classdictcell__', STORE);
  }
  if (ste.needsClassClosure) {
    // __classcell__ into the class namespace, and returned
    addopI(c, NO_LOCATION, Op.LOAD_CLOSURE, lookupCellvar(c, '__class__'));
    addopI(c, NO_LOCATION, Op.COPY, 1);
    nameop(c, NO_LOCATION, '__classcell__', STORE);
  } else {
    // No method uses __class__: return None.
    addopLoadConst(c, NO_LOCATION, None);
  }
  addop(c, NO_LOCATION, Op.RETURN_VALUE);
  const co = optimizeAndAssemble(c, true);
  exitScope(c);
  // 2. load the 'build_class' function, attributed to the class line, not a decorator's
  loc = LOC(s);
  addop(c, loc, Op.LOAD_BUILD_CLASS);
  addop(c, loc, Op.PUSH_NULL);
  // 3. the function (or closure) made from the code object
  makeClosure(c, loc, co, 0);
  // 4. the class name
  addopLoadConst(c, loc, s.name);
}

// CPython: codegen.c codegen_class
export function codegenClass(c: Compiler, s: ast.ClassDef): void {
  const decos = s.decorator_list;
  decorators(c, decos);
  const firstlineno = decos.length > 0 ? decos[0]!.lineno : s.lineno;
  const loc = LOC(s);
  const params = s.type_params;
  const isGeneric = params.length > 0;
  if (isGeneric) {
    codegenEnterScope(c, `<generic parameters of ${s.name}>`, ScopeType.ANNOTATIONS, typeParamsBlockKey(s),
      firstlineno, s.name, null);
    typeParams(c, params);
    nameop(c, loc, '.type_params', STORE);
  }
  classBody(c, s, firstlineno);
  // the rest of the call
  if (isGeneric) {
    nameop(c, loc, '.type_params', LOAD);
    addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.SUBSCRIPT_GENERIC);
    nameop(c, loc, '.generic_base', STORE);
    callHelperImpl(c, loc, 2, s.bases, '.generic_base', s.keywords);
    const co = optimizeAndAssemble(c, false);
    exitScope(c);
    makeClosure(c, loc, co, 0);
    addop(c, loc, Op.PUSH_NULL);
    addopI(c, loc, Op.CALL, 0);
  } else {
    callHelper(c, loc, 2, s.bases, s.keywords);
  }
  // 6. apply decorators; 7. store into <name>
  applyDecorators(c, decos);
  nameop(c, loc, s.name, STORE);
}

// ---------------------------------------------------------------------------
// Type aliases

// CPython: codegen.c codegen_typealias_body
function typeAliasBody(c: Compiler, s: ast.TypeAlias): void {
  const loc = LOC(s);
  const name = (s.name as ast.Name).id;
  addopLoadConst(c, loc, new PyTuple([1]));
  setupAnnotationsScope(c, LOC(s), s, name);
  visitExpr(c, s.value);
  addop(c, loc, Op.RETURN_VALUE);
  const co = optimizeAndAssemble(c, false);
  exitScope(c);
  makeClosure(c, loc, co, MakeFunctionFlag.DEFAULTS);
  addopI(c, loc, Op.BUILD_TUPLE, 3);
  addopI(c, loc, Op.CALL_INTRINSIC_1, Intrinsic1.TYPEALIAS);
}

// CPython: codegen.c codegen_typealias
export function codegenTypeAlias(c: Compiler, s: ast.TypeAlias): void {
  const loc = LOC(s);
  const params = s.type_params;
  const isGeneric = params.length > 0;
  const name = (s.name as ast.Name).id;
  if (isGeneric) {
    codegenEnterScope(c, `<generic parameters of ${name}>`, ScopeType.ANNOTATIONS, typeParamsBlockKey(s),
      loc.lineno, null, null);
    addopLoadConst(c, loc, name);
    typeParams(c, params);
  } else {
    addopLoadConst(c, loc, name);
    addopLoadConst(c, loc, None);
  }
  typeAliasBody(c, s);
  if (isGeneric) {
    const co = optimizeAndAssemble(c, false);
    exitScope(c);
    makeClosure(c, loc, co, 0);
    addop(c, loc, Op.PUSH_NULL);
    addopI(c, loc, Op.CALL, 0);
  }
  nameop(c, loc, name, STORE);
}

