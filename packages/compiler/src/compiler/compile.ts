// The compiler's state: the stack of code units being generated, their scopes,
// fblocks and constants, and the driver from an AST to a code object.
// CPython: Python/compile.c
import { CodeFlag, CodeObject, constantKey, PyWideStr, pyStr, type MarshalValue } from '@tspy/bytecode';
import * as ast from '../ast/nodes.js';
import { PySyntaxError } from '../errors.js';
import { parse, type ParseWarning } from '../parser/parse.js';
import { astPreprocess } from './ast_preprocess.js';
import { assembleFlatSequence } from './assemble.js';
import { ConstTable, NameTable, type CodeUnitMetadata } from './code_unit_metadata.js';
import { addReturnAtEnd, codegenExpression, codegenModule, enterAnonymousScope } from './codegen.js';
import { cfgFromInstructionSequence, optimizeCodeUnit, optimizedCfgToFlatSequence } from './flowgraph.js';
import { futureFromAST, type FutureFeatures } from './future.js';
import { ConstCache } from './flowgraph_const_folding.js';
import { InstructionSequence, type JumpTargetLabel } from './instruction_sequence.js';
import type { SourceLocation } from './source_location.js';
import {
  BlockType, buildSymtable, compilationRecursionError, getScope, getSymbol, isFunctionLike, isStackOverflow,
  mangle, maybeMangle, Sym, type SymTable, type SymtableEntry,
} from './symtable.js';

// ---------------------------------------------------------------------------
// Flags and kinds

/** PyCF_* compiler flags (CPython: Include/cpython/compile.h). */
export const PyCF_SOURCE_IS_UTF8 = 0x0100;
export const PyCF_DONT_IMPLY_DEDENT = 0x0200;
export const PyCF_ONLY_AST = 0x0400;
export const PyCF_IGNORE_COOKIE = 0x0800;
export const PyCF_TYPE_COMMENTS = 0x1000;
export const PyCF_ALLOW_TOP_LEVEL_AWAIT = 0x2000;
export const PyCF_ALLOW_INCOMPLETE_INPUT = 0x4000;
export const PyCF_OPTIMIZED_AST = 0x8000 | PyCF_ONLY_AST;
/** The future flags a code object inherits from the compile flags (CPython: PyCF_MASK). */
export const PyCF_MASK =
  CodeFlag.FUTURE_DIVISION | CodeFlag.FUTURE_ABSOLUTE_IMPORT | CodeFlag.FUTURE_WITH_STATEMENT |
  CodeFlag.FUTURE_PRINT_FUNCTION | CodeFlag.FUTURE_UNICODE_LITERALS | CodeFlag.FUTURE_BARRY_AS_BDFL |
  CodeFlag.FUTURE_GENERATOR_STOP | CodeFlag.FUTURE_ANNOTATIONS;

/** Max static block nesting within a function (CPython: Include/cpython/code.h CO_MAXBLOCKS). */
export const CO_MAXBLOCKS = 21;

/** CPython: pycore_compile.h COMPILE_SCOPE_* */
export enum ScopeType {
  MODULE = 0, CLASS = 1, FUNCTION = 2, ASYNC_FUNCTION = 3, LAMBDA = 4, COMPREHENSION = 5, ANNOTATIONS = 6,
}

/** CPython: pycore_compile.h enum _PyCompile_FBlockType */
export enum FBlockType {
  WHILE_LOOP = 0, FOR_LOOP = 1, TRY_EXCEPT = 2, FINALLY_TRY = 3, FINALLY_END = 4, WITH = 5, ASYNC_WITH = 6,
  HANDLER_CLEANUP = 7, POP_VALUE = 8, EXCEPTION_HANDLER = 9, EXCEPTION_GROUP_HANDLER = 10,
  ASYNC_COMPREHENSION_GENERATOR = 11, STOP_ITERATION = 12,
}

/** CPython: pycore_compile.h _PyCompile_FBlockInfo */
export interface FBlockInfo {
  type: FBlockType;
  block: JumpTargetLabel;
  loc: SourceLocation;
  /** (optional) where to jump on a `break` / the handler to unwind to. */
  exit: JumpTargetLabel;
  /** (optional) extra information for the unwinder: the `finally` body or the handler name. */
  datum: FBlockDatum;
}
export type FBlockDatum = ast.stmt[] | string | ast.stmt | null;

/** How a name is loaded and stored (CPython: pycore_compile.h _PyCompile_optype). */
export enum OpType { FAST = 0, GLOBAL = 1, DEREF = 2, NAME = 3 }

/** Saved scope state around an inlined comprehension (CPython: _PyCompile_InlinedComprehensionState). */
export interface InlinedComprehensionState {
  pushedLocals: string[] | null;
  tempSymbols: Map<string, number> | null;
  fastHidden: Set<string> | null;
  cleanup: JumpTargetLabel;
}

// ---------------------------------------------------------------------------
// Units and the compiler

/** The code unit being generated: one function, class, module, lambda, comprehension or annotation scope.
 *  CPython: compile.c struct compiler_unit */
export class CompilerUnit {
  ste: SymtableEntry;
  scopeType: ScopeType;
  /** The class name used for name mangling (CPython: u_private). */
  privateName: string | null = null;
  /** Names assigned as `self.x` in the methods of a class (CPython: u_static_attributes). */
  staticAttributes: Set<string> | null = null;
  /** Annotated assignments whose annotations go into `__annotate__` (CPython: u_deferred_annotations). */
  deferredAnnotations: ast.AnnAssign[] | null = null;
  /** For each deferred annotation, its index in `__conditional_annotations__`, or -1. */
  conditionalAnnotationIndices: number[] | null = null;
  nextConditionalAnnotationIndex = 0;
  instrSequence: InstructionSequence = new InstructionSequence();
  /** The body's sequence while the module's `__annotate__` is generated aside (CPython: u_stashed_instr_sequence). */
  stashedInstrSequence: InstructionSequence | null = null;
  fblocks: FBlockInfo[] = [];
  /** The code object constants by first line (see mergeCodeConst); null until the first. */
  codeConsts: Map<number, CodeObject[]> | null = null;
  inInlinedComp = 0;
  /** > 0 inside an if/while/for/try/with/match (CPython: u_in_conditional_block). */
  inConditionalBlock = 0;
  metadata: CodeUnitMetadata;

  constructor(ste: SymtableEntry, scopeType: ScopeType, metadata: CodeUnitMetadata) {
    this.ste = ste;
    this.scopeType = scopeType;
    this.metadata = metadata;
  }
}

/** CPython: compile.c struct _PyCompiler */
export class Compiler {
  filename: string;
  st!: SymTable;
  future!: FutureFeatures;
  /** The merged compile flags (PyCF_* | CO_FUTURE_*) (CPython: c_flags.cf_flags). */
  flags: number;
  optimize: number;
  interactive = false;
  /** The current unit (CPython: u). */
  u: CompilerUnit | null = null;
  /** The enclosing units, outermost first (CPython: c_stack). */
  stack: CompilerUnit[] = [];
  /** Keep each unit's raw instruction sequence in its parent's `nested` (CPython: c_save_nested_seqs). */
  saveNestedSeqs = false;
  warnings: ParseWarning[] | undefined;
  /** > 0 while a `finally` body is compiled the second time (CPython: c_disable_warning). */
  disableWarning = 0;
  /** Merges equal constants across units (CPython: c_const_cache). */
  constCache = new ConstCache();

  constructor(filename: string, flags: number, optimize: number, warnings: ParseWarning[] | undefined) {
    this.filename = filename;
    this.flags = flags;
    this.optimize = optimize;
    this.warnings = warnings;
  }

  /** The current unit; codegen never runs outside one. */
  get unit(): CompilerUnit {
    return this.u!;
  }
}

// ---------------------------------------------------------------------------
// Setup

export interface CompileOptions {
  /** -1 (default: 0, like an interpreter without -O), 0, 1 or 2. */
  optimize?: number;
  /** PyCF_* and CO_FUTURE_* flags. */
  flags?: number;
  /** Receives SyntaxWarnings (parser and compiler), in CPython's order. */
  warnings?: ParseWarning[];
  /** `feature_version` minor version for the parser. */
  featureVersion?: number;
}

export type CompileMode = 'exec' | 'eval' | 'single' | 'func_type';

// CPython: compile.c compiler_setup / new_compiler
function newCompiler(mod: ast.mod, filename: string, options: CompileOptions): Compiler {
  const optimize = options.optimize === undefined || options.optimize === -1 ? 0 : options.optimize;
  const c = new Compiler(filename, options.flags ?? 0, optimize, options.warnings);
  c.future = futureFromAST(mod);
  const merged = c.future.features | c.flags;
  c.future.features = merged;
  c.flags = merged;
  astPreprocess(mod, filename, c.optimize, merged, false, c.warnings);
  c.st = buildSymtable(mod, filename, c.future);
  return c;
}

// ---------------------------------------------------------------------------
// Scopes

/** An insertion-ordered name table from a list (CPython: compile.c list2dict). */
function list2dict(names: readonly string[]): NameTable {
  return new NameTable(names);
}

/**
 * The names of `src` whose scope is `scopeType` or whose flags include `flag`, sorted
 * (CPython: compile.c dictbytype). CPython numbers free variables from the number of
 * cells; a NameTable numbers from 0 and the users of `freevars` add that offset.
 */
function dictbytype(src: Map<string, number>, scopeType: number, flag: number): NameTable {
  const sorted: string[] = [];
  src.forEach((sym, name) => {
    if (((sym >> Sym.SCOPE_OFFSET) & Sym.SCOPE_MASK) === scopeType || (sym & flag) !== 0) sorted.push(name);
  });
  if (sorted.length > 1) sorted.sort(compareCodePoints);
  return new NameTable(sorted);
}

/** Orders strings by code point, as PyList_Sort on str does. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Arguments counts of a unit (CPython: the umd argument of _PyCompile_EnterScope). */
export interface UnitArgCounts {
  argcount: number;
  posonlyargcount: number;
  kwonlyargcount: number;
}

// CPython: compile.c _PyCompile_EnterScope
export function enterScope(
  c: Compiler, name: string, scopeType: ScopeType, key: object, lineno: number,
  privateName: string | null, umd: UnitArgCounts | null,
): void {
  const ste = c.st.lookup(key);
  const cellvars = dictbytype(ste.symbols, Sym.CELL, Sym.DEF_COMP_CELL);
  if (ste.needsClassClosure) {
    // Cook up an implicit __class__ cell.
    cellvars.add('__class__');
  }
  if (ste.needsClassdict) {
    cellvars.add('__classdict__');
  }
  if (ste.hasConditionalAnnotations) {
    cellvars.add('__conditional_annotations__');
  }
  const metadata: CodeUnitMetadata = {
    name,
    qualname: null,
    consts: new ConstTable(),
    names: new NameTable(),
    varnames: list2dict(ste.varnames),
    cellvars,
    freevars: dictbytype(ste.symbols, Sym.FREE, Sym.DEF_FREE_CLASS),
    fasthidden: null,
    argcount: umd?.argcount ?? 0,
    posonlyargcount: umd?.posonlyargcount ?? 0,
    kwonlyargcount: umd?.kwonlyargcount ?? 0,
    firstlineno: lineno,
  };
  const u = new CompilerUnit(ste, scopeType, metadata);
  if (scopeType === ScopeType.CLASS) u.staticAttributes = new Set();
  const parent = c.u;
  if (parent !== null) {
    c.stack.push(parent);
    u.privateName = parent.privateName;
  }
  if (privateName !== null) u.privateName = privateName;
  c.u = u;
  if (scopeType !== ScopeType.MODULE) setQualname(c);
}

// CPython: compile.c _PyCompile_ExitScope
export function exitScope(c: Compiler): void {
  const u = c.u!;
  const nested = c.saveNestedSeqs ? u.instrSequence : null;
  // The unit is assembled (or abandoned): its instruction arrays go back to the pool.
  if (nested === null) {
    u.instrSequence.release();
    u.stashedInstrSequence?.release();
  }
  const parent = c.stack.pop();
  c.u = parent ?? null;
  if (parent !== undefined && nested !== null) parent.instrSequence.addNested(nested);
}

// CPython: compile.c compiler_set_qualname
function setQualname(c: Compiler): void {
  const u = c.u!;
  const stackSize = c.stack.length;
  let base: string | null = null;
  if (stackSize > 1) {
    let parent = c.stack[stackSize - 1]!;
    if (parent.scopeType === ScopeType.ANNOTATIONS) {
      // The parent is an annotation scope: look at the grandparent.
      if (stackSize === 2) {
        // Directly within the module: the qualname is the name.
        u.metadata.qualname = u.metadata.name;
        return;
      }
      parent = c.stack[stackSize - 2]!;
    }
    let forceGlobal = false;
    if (u.scopeType === ScopeType.FUNCTION || u.scopeType === ScopeType.ASYNC_FUNCTION ||
        u.scopeType === ScopeType.CLASS) {
      const mangled = mangle(parent.privateName, u.metadata.name);
      const scope = getScope(parent.ste, mangled);
      if (scope === Sym.GLOBAL_EXPLICIT) forceGlobal = true;
    }
    if (!forceGlobal) {
      if (parent.scopeType === ScopeType.FUNCTION || parent.scopeType === ScopeType.ASYNC_FUNCTION ||
          parent.scopeType === ScopeType.LAMBDA) {
        base = parent.metadata.qualname + '.<locals>';
      } else {
        base = parent.metadata.qualname;
      }
    }
  }
  u.metadata.qualname = base !== null ? base + '.' + u.metadata.name : u.metadata.name;
}

// ---------------------------------------------------------------------------
// Fblocks

// CPython: compile.c _PyCompile_PushFBlock
export function pushFBlock(
  c: Compiler, loc: SourceLocation, type: FBlockType, block: JumpTargetLabel, exit: JumpTargetLabel,
  datum: FBlockDatum,
): void {
  const u = c.u!;
  if (u.fblocks.length >= CO_MAXBLOCKS) compilerError(c, loc, 'too many statically nested blocks');
  u.fblocks.push({ type, block, loc, exit, datum });
  if (type === FBlockType.FINALLY_END) c.disableWarning++;
}

// CPython: compile.c _PyCompile_PopFBlock
export function popFBlock(c: Compiler, type: FBlockType, block: JumpTargetLabel): void {
  const top = c.u!.fblocks.pop();
  if (top === undefined || top.type !== type || top.block !== block) {
    throw new Error(`popFBlock: mismatched fblock (${FBlockType[type]})`);
  }
  if (type === FBlockType.FINALLY_END) c.disableWarning--;
}

// CPython: compile.c _PyCompile_TopFBlock
export function topFBlock(c: Compiler): FBlockInfo | null {
  const fblocks = c.u!.fblocks;
  return fblocks.length === 0 ? null : fblocks[fblocks.length - 1]!;
}

// CPython: compile.c _PyCompile_InExceptionHandler
export function inExceptionHandler(c: Compiler): boolean {
  for (const block of c.u!.fblocks) {
    switch (block.type) {
      case FBlockType.TRY_EXCEPT: case FBlockType.FINALLY_TRY: case FBlockType.FINALLY_END:
      case FBlockType.EXCEPTION_HANDLER: case FBlockType.EXCEPTION_GROUP_HANDLER:
      case FBlockType.HANDLER_CLEANUP:
        return true;
      default:
        break;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Constants and names

// CPython: compile.c _PyCompile_AddConst
export function addConst(c: Compiler, value: MarshalValue): number {
  const u = c.u!;
  if (value instanceof CodeObject) value = mergeCodeConst(u, value);
  return u.metadata.consts.add(value);
}

/**
 * A code object is its own constant key in CPython, and code objects compare equal
 * field by field (code_richcompare): an equal code object already among the unit's
 * constants (a generator expression compiled twice, for instance) shares its slot.
 */
function mergeCodeConst(u: CompilerUnit, co: CodeObject): CodeObject {
  const byLine = u.codeConsts ??= new Map();
  const candidates = byLine.get(co.co_firstlineno);
  if (candidates === undefined) {
    byLine.set(co.co_firstlineno, [co]);
    return co;
  }
  for (const other of candidates) if (codeEquals(other, co)) return other;
  candidates.push(co);
  return co;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function constEquals(a: MarshalValue, b: MarshalValue): boolean {
  if (a instanceof CodeObject || b instanceof CodeObject) {
    return a instanceof CodeObject && b instanceof CodeObject && codeEquals(a, b);
  }
  return constantKey(a) === constantKey(b);
}

/** CPython: Objects/codeobject.c code_richcompare */
function codeEquals(a: CodeObject, b: CodeObject): boolean {
  if (a === b) return true;
  if (a.co_code.data.length !== b.co_code.data.length || a.co_firstlineno !== b.co_firstlineno) return false;
  if (constantKey(a.co_name) !== constantKey(b.co_name) || a.co_argcount !== b.co_argcount ||
      a.co_posonlyargcount !== b.co_posonlyargcount || a.co_kwonlyargcount !== b.co_kwonlyargcount ||
      a.co_flags !== b.co_flags || a.co_firstlineno !== b.co_firstlineno ||
      !bytesEqual(a.co_code.data, b.co_code.data) || a.co_consts.length !== b.co_consts.length) {
    return false;
  }
  for (let i = 0; i < a.co_consts.length; i++) if (!constEquals(a.co_consts[i]!, b.co_consts[i]!)) return false;
  return constantKey(a.co_names) === constantKey(b.co_names) &&
    constantKey(a.co_localsplusnames) === constantKey(b.co_localsplusnames) &&
    bytesEqual(a.co_linetable.data, b.co_linetable.data) && bytesEqual(a.co_exceptiontable.data, b.co_exceptiontable.data);
}

// CPython: compile.c _PyCompile_MaybeMangle
export function compileMaybeMangle(c: Compiler, name: string): string {
  return maybeMangle(c.u!.privateName, c.u!.ste, name);
}

// CPython: compile.c _PyCompile_Mangle
export function compileMangle(c: Compiler, name: string): string {
  return mangle(c.u!.privateName, name);
}

// CPython: compile.c _PyCompile_GetRefType
export function getRefType(c: Compiler, name: string): number {
  const u = c.u!;
  if (u.scopeType === ScopeType.CLASS &&
      (name === '__class__' || name === '__classdict__' || name === '__conditional_annotations__')) {
    return Sym.CELL;
  }
  const scope = getScope(u.ste, name);
  if (scope === 0) {
    throw new Error(`_PyST_GetScope(name=${JSON.stringify(name)}) failed: unknown scope in unit ${u.metadata.name}`);
  }
  return scope;
}

// CPython: compile.c _PyCompile_LookupCellvar
export function lookupCellvar(c: Compiler, name: string): number {
  const index = c.u!.metadata.cellvars.get(name);
  if (index === undefined) throw new Error(`lookupCellvar: no cell ${name}`);
  return index;
}

// CPython: compile.c _PyCompile_LookupArg
export function lookupArg(c: Compiler, co: CodeObject, name: string): number {
  // Special case: if a class contains a method with a free variable that has the
  // same name as a method, the name is both free and local in the class; the
  // closure must handle it as well as the ordinary name lookup.
  const reftype = getRefType(c, name);
  const md = c.u!.metadata;
  let arg = reftype === Sym.CELL ? md.cellvars.get(name) : md.freevars.get(name);
  if (arg !== undefined && reftype !== Sym.CELL) arg += md.cellvars.size;
  if (arg === undefined) {
    throw new Error(`compiler_lookup_arg(name=${JSON.stringify(name)}) with reftype=${reftype} failed in ${md.name}; code ${String(co.co_name)}`);
  }
  return arg;
}

/** A resolved name operation packed in one number (no object per name): `arg * 4 + optype`;
 *  unpack with nameopType / nameopArg. A FAST op's arg is -1 (the caller adds it to varnames). */
export function nameopType(packed: number): OpType {
  return packed & 3;
}

export function nameopArg(packed: number): number {
  return packed >> 2;
}

// CPython: compile.c _PyCompile_ResolveNameop
export function resolveNameop(c: Compiler, mangled: string, scope: number): number {
  const u = c.u!;
  const md = u.metadata;
  let table = md.names;
  let optype = OpType.NAME;
  switch (scope) {
    case Sym.FREE:
      table = md.freevars;
      optype = OpType.DEREF;
      break;
    case Sym.CELL:
      table = md.cellvars;
      optype = OpType.DEREF;
      break;
    case Sym.LOCAL:
      if (isFunctionLike(u.ste)) optype = OpType.FAST;
      else if (md.fasthidden?.get(mangled) === true) optype = OpType.FAST;
      break;
    case Sym.GLOBAL_IMPLICIT:
      if (isFunctionLike(u.ste)) optype = OpType.GLOBAL;
      break;
    case Sym.GLOBAL_EXPLICIT:
      optype = OpType.GLOBAL;
      break;
    default:
      break; // scope can be 0
  }
  if (optype === OpType.FAST) return -1 * 4 + OpType.FAST;
  let arg = table.add(mangled);
  // Free variables index localsplus after the cells (CPython's u_freevars values are offset).
  if (table === md.freevars) arg += md.cellvars.size;
  return arg * 4 + optype;
}

// CPython: compile.c _PyCompile_IsTopLevelAwait
export function isTopLevelAwait(c: Compiler): boolean {
  return (c.flags & PyCF_ALLOW_TOP_LEVEL_AWAIT) !== 0 && c.u!.ste.type === BlockType.ModuleBlock;
}

// CPython: compile.c _PyCompile_IsInteractiveTopLevel
export function isInteractiveTopLevel(c: Compiler): boolean {
  return c.interactive && c.stack.length === 0;
}

// CPython: compile.c _PyCompile_IsNestedScope
export function isNestedScope(c: Compiler): boolean {
  return c.stack.length > 0;
}

// CPython: compile.c _PyCompile_ScopeType
export function scopeType(c: Compiler): ScopeType {
  return c.u!.scopeType;
}

// CPython: compile.c _PyCompile_TweakInlinedComprehensionScopes
export function tweakInlinedComprehensionScopes(
  c: Compiler, _loc: SourceLocation, entry: SymtableEntry, state: InlinedComprehensionState,
): void {
  const u = c.u!;
  const inClassBlock = u.ste.type === BlockType.ClassBlock && u.inInlinedComp === 0;
  u.inInlinedComp++;
  for (const [k, symbol] of entry.symbols) {
    const scope = (symbol >> Sym.SCOPE_OFFSET) & Sym.SCOPE_MASK;
    const outsymbol = getSymbol(u.ste, k);
    const outsc = (outsymbol >> Sym.SCOPE_OFFSET) & Sym.SCOPE_MASK;
    // A name whose scope differs inside the comprehension takes the inner scope while
    // the comprehension is compiled; a free name inside is handled as outside, and a
    // name free outside and cell inside is treated as free throughout (*_DEREF either way).
    if ((scope !== outsc && scope !== Sym.FREE && !(scope === Sym.CELL && outsc === Sym.FREE)) || inClassBlock) {
      if (state.tempSymbols === null) state.tempSymbols = new Map();
      u.ste.symbols.set(k, symbol);
      state.tempSymbols.set(k, outsymbol);
    }
    // Names bound in the comprehension (DEF_LOCAL | DEF_NONLOCAL is a walrus to a nonlocal).
    if (((symbol & Sym.DEF_LOCAL) !== 0 && (symbol & Sym.DEF_NONLOCAL) === 0) || inClassBlock) {
      if (!isFunctionLike(u.ste)) {
        // Non-function scope: this name uses fast locals.
        const hidden = u.metadata.fasthidden ??= new Map();
        if (hidden.get(k) !== true) {
          hidden.set(k, true);
          if (state.fastHidden === null) state.fastHidden = new Set();
          state.fastHidden.add(k);
        }
      }
    }
  }
}

// CPython: compile.c _PyCompile_RevertInlinedComprehensionScopes
export function revertInlinedComprehensionScopes(
  c: Compiler, _loc: SourceLocation, state: InlinedComprehensionState,
): void {
  const u = c.u!;
  u.inInlinedComp--;
  if (state.tempSymbols !== null) {
    for (const [k, v] of state.tempSymbols) u.ste.symbols.set(k, v);
    state.tempSymbols = null;
  }
  if (state.fastHidden !== null) {
    // Set to false rather than deleted: the name was a fast local for a while and
    // gets CO_FAST_HIDDEN.
    for (const k of state.fastHidden) u.metadata.fasthidden!.set(k, false);
    state.fastHidden = null;
  }
}

// CPython: compile.c _PyCompile_MaybeAddStaticAttributeToClass
export function maybeAddStaticAttributeToClass(c: Compiler, e: ast.Attribute): void {
  const value = e.value;
  if (!(value instanceof ast.Name) || !(e.ctx instanceof ast.Store) || value.id !== 'self') return;
  for (let i = c.stack.length - 1; i >= 0; i--) {
    const u = c.stack[i]!;
    if (u.scopeType === ScopeType.CLASS) {
      u.staticAttributes!.add(e.attr);
      break;
    }
  }
}

/** `__static_attributes__`: the sorted names (CPython: compile.c _PyCompile_StaticAttributesAsTuple). */
export function staticAttributesSorted(c: Compiler): string[] {
  return [...c.u!.staticAttributes!].sort(compareCodePoints);
}

// ---------------------------------------------------------------------------
// Deferred annotations (CPython: compile.c _PyCompile_AddDeferredAnnotation, _PyCompile_DeferredAnnotations)

/** Records an annotated name for `__annotate__`; returns its index in
 *  `__conditional_annotations__`, or -1 when it is unconditional.
 *  CPython: compile.c _PyCompile_AddDeferredAnnotation */
export function addDeferredAnnotation(c: Compiler, s: ast.AnnAssign): number {
  const u = c.u!;
  if (u.deferredAnnotations === null) u.deferredAnnotations = [];
  if (u.conditionalAnnotationIndices === null) u.conditionalAnnotationIndices = [];
  u.deferredAnnotations.push(s);
  let index = -1;
  if (u.scopeType === ScopeType.MODULE || u.inConditionalBlock > 0) index = u.nextConditionalAnnotationIndex++;
  u.conditionalAnnotationIndices.push(index);
  return index;
}

// CPython: compile.c _PyCompile_StartAnnotationSetup
export function startAnnotationSetup(c: Compiler): void {
  const u = c.u!;
  u.stashedInstrSequence = u.instrSequence;
  u.instrSequence = new InstructionSequence();
}

// CPython: compile.c _PyCompile_EndAnnotationSetup
export function endAnnotationSetup(c: Compiler): void {
  const u = c.u!;
  const parent = u.stashedInstrSequence!;
  const annotations = u.instrSequence;
  u.stashedInstrSequence = null;
  u.instrSequence = parent;
  parent.setAnnotationsCode(annotations);
}

// CPython: compile.c _PyCompile_EnterConditionalBlock
export function enterConditionalBlock(c: Compiler): void {
  c.u!.inConditionalBlock++;
}

// CPython: compile.c _PyCompile_LeaveConditionalBlock
export function leaveConditionalBlock(c: Compiler): void {
  c.u!.inConditionalBlock--;
}

// ---------------------------------------------------------------------------
// Errors and warnings

/** Raises a SyntaxError at `loc` (CPython: compile.c _PyCompile_Error). */
export function compilerError(c: Compiler, loc: SourceLocation, msg: string): never {
  // CPython's columns here are the AST's (UTF-8 byte) columns + 1, and the source
  // text comes from reading `filename`, which a string source does not have.
  throw new PySyntaxError('SyntaxError', msg, c.filename, loc.lineno, loc.colOffset + 1, undefined,
    loc.endLineno, loc.endColOffset + 1);
}

/** Emits a SyntaxWarning at `loc` (CPython: compile.c _PyCompile_Warn). */
export function compilerWarn(c: Compiler, loc: SourceLocation, msg: string): void {
  if (c.disableWarning > 0) return;
  c.warnings?.push({ message: msg, lineno: loc.lineno, category: 'SyntaxWarning' });
}

/**
 * A docstring as `inspect.cleandoc()` cleans it, except that leading and trailing
 * blank lines stay (they keep line numbers right). CPython: compile.c _PyCompile_CleanDoc
 */
export function cleanDoc(doc: string | PyWideStr): string | PyWideStr {
  const text = expandTabs(typeof doc === 'string' ? doc : doc.toString());
  const n = text.length;
  // Only spaces indent, only \n ends a line (as in CPython); indexOf finds line ends fast.
  // First pass: the smallest indentation of the non-blank lines after the first.
  let margin = Infinity;
  const firstNewline = text.indexOf('\n');
  let lineStart = firstNewline < 0 ? n : firstNewline + 1;
  while (lineStart < n) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? n : newline;
    let p = lineStart;
    while (p < lineEnd && text.charCodeAt(p) === 32) p++;
    if (p < lineEnd) margin = Math.min(margin, p - lineStart);
    lineStart = lineEnd + 1;
  }
  if (margin === Infinity) margin = 0;
  // Second pass: the first line without its leading spaces, the others without the margin.
  let p = 0;
  while (p < n && text.charCodeAt(p) === 32) p++;
  let out: string;
  if (margin === 0) {
    if (p === 0) return typeof doc === 'string' ? text : pyStr(text); // already clean
    out = text.slice(p);
  } else {
    out = text.slice(p, firstNewline < 0 ? n : firstNewline + 1);
    lineStart = firstNewline < 0 ? n : firstNewline + 1;
    while (lineStart < n) {
      const newline = text.indexOf('\n', lineStart);
      const next = newline < 0 ? n : newline + 1;
      let q = lineStart;
      const limit = Math.min(lineStart + margin, next);
      while (q < limit && text.charCodeAt(q) === 32) q++;
      out += text.slice(q, next);
      lineStart = next;
    }
  }
  // Removing spaces from a str without surrogates leaves none: only a wide str needs pyStr.
  return typeof doc === 'string' ? out : pyStr(out);
}

/** str.expandtabs() with the default tab size 8. */
function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  let column = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Code flags and assembly

// CPython: compile.c compute_code_flags
function computeCodeFlags(c: Compiler): number {
  const ste = c.u!.ste;
  let flags = 0;
  if (isFunctionLike(ste)) {
    flags |= CodeFlag.NEWLOCALS | CodeFlag.OPTIMIZED;
    if (ste.nested) flags |= CodeFlag.NESTED;
    if (ste.generator && !ste.coroutine) flags |= CodeFlag.GENERATOR;
    if (ste.generator && ste.coroutine) flags |= CodeFlag.ASYNC_GENERATOR;
    if (ste.varargs) flags |= CodeFlag.VARARGS;
    if (ste.varkeywords) flags |= CodeFlag.VARKEYWORDS;
    if (ste.hasDocstring) flags |= CodeFlag.HAS_DOCSTRING;
    if (ste.method) flags |= CodeFlag.METHOD;
  }
  if (ste.coroutine && !ste.generator) flags |= CodeFlag.COROUTINE;
  // (Only) inherit the compiler flags in PyCF_MASK.
  flags |= c.flags & PyCF_MASK;
  return flags;
}

// CPython: compile.c optimize_and_assemble_code_unit
function optimizeAndAssembleCodeUnit(
  u: CompilerUnit, constCache: ConstCache, codeFlags: number, filename: string,
): CodeObject {
  const consts = u.metadata.consts.values.slice();
  const g = cfgFromInstructionSequence(u.instrSequence);
  const nlocals = u.metadata.varnames.size;
  const nparams = u.ste.varnames.length;
  optimizeCodeUnit(g, consts, constCache, nlocals, nparams, u.metadata.firstlineno);
  const { stackdepth, nlocalsplus, flat } = optimizedCfgToFlatSequence(g, u.metadata, codeFlags);
  return assembleFlatSequence(u.metadata, consts, stackdepth, flat, nlocalsplus, codeFlags, filename);
}

// CPython: compile.c _PyCompile_OptimizeAndAssemble
export function optimizeAndAssemble(c: Compiler, addNone: boolean): CodeObject {
  const codeFlags = computeCodeFlags(c);
  addReturnAtEnd(c, addNone);
  return optimizeAndAssembleCodeUnit(c.u!, c.constCache, codeFlags, c.filename);
}

// ---------------------------------------------------------------------------
// Driver

// CPython: compile.c compiler_codegen
function compilerCodegen(c: Compiler, mod: ast.mod): void {
  enterAnonymousScope(c, mod);
  if (mod instanceof ast.Module) {
    codegenModule(c, startLocation(mod.body), mod.body, false);
  } else if (mod instanceof ast.Interactive) {
    c.interactive = true;
    codegenModule(c, startLocation(mod.body), mod.body, true);
  } else if (mod instanceof ast.Expression) {
    codegenExpression(c, mod.body);
  } else {
    throw new Error('module kind should not be possible');
  }
}

// CPython: compile.c start_location
function startLocation(stmts: readonly ast.stmt[]): SourceLocation {
  // The first statement's location, so that SETUP_ANNOTATIONS shares the line of the
  // first real statement; an empty body gets its line in the assembler.
  const first = stmts[0];
  if (first !== undefined) {
    return { lineno: first.lineno, endLineno: first.end_lineno, colOffset: first.col_offset, endColOffset: first.end_col_offset };
  }
  return { lineno: 1, endLineno: 1, colOffset: 0, endColOffset: 0 };
}

// CPython: compile.c compiler_mod
function compilerMod(c: Compiler, mod: ast.mod): CodeObject {
  try {
    compilerCodegen(c, mod);
    return optimizeAndAssemble(c, !(mod instanceof ast.Expression));
  } catch (e) {
    if (isStackOverflow(e)) throw compilationRecursionError(c.filename);
    throw e;
  } finally {
    while (c.u !== null) exitScope(c);
  }
}

/** Compiles an AST (which preprocessing may change in place) to a code object.
 *  CPython: compile.c _PyAST_Compile */
export function compileAst(mod: ast.mod, filename: string, options: CompileOptions = {}): CodeObject {
  let c: Compiler;
  try {
    c = newCompiler(mod, filename, options);
  } catch (e) {
    if (isStackOverflow(e)) throw compilationRecursionError(filename);
    throw e;
  }
  return compilerMod(c, mod);
}

/** `compile(source, filename, mode)`: parses and compiles to a code object.
 *  CPython: Python/bltinmodule.c builtin_compile_impl → Python/pythonrun.c Py_CompileStringObject */
export function compile(
  source: string | Uint8Array, filename: string, mode: CompileMode, options: CompileOptions = {},
): CodeObject {
  if (mode === 'func_type') throw new Error("compile() mode 'func_type' requires flag PyCF_ONLY_AST");
  const flags = options.flags ?? 0;
  const mod = parse(source, filename, mode, {
    featureVersion: options.featureVersion,
    typeComments: (flags & PyCF_TYPE_COMMENTS) !== 0,
    allowIncompleteInput: (flags & PyCF_ALLOW_INCOMPLETE_INPUT) !== 0,
    warnings: options.warnings,
  });
  return compileAst(mod, filename, options);
}

/** The top-level unit's unoptimized instructions and metadata (CPython: compile.c _PyCompile_CodeGen,
 *  the `_testinternalcapi.compiler_codegen` test hook). Jump opargs are instruction indices. */
export interface CodegenResult {
  seq: InstructionSequence;
  metadata: CodeUnitMetadata;
}

// CPython: compile.c _PyCompile_CodeGen
export function codegenOnly(mod: ast.mod, filename: string, options: CompileOptions = {}): CodegenResult {
  try {
    const c = newCompiler(mod, filename, options);
    c.saveNestedSeqs = true;
    try {
      compilerCodegen(c, mod);
      const u = c.u!;
      addReturnAtEnd(c, !(mod instanceof ast.Expression));
      u.instrSequence.applyLabelMap();
      return { seq: u.instrSequence, metadata: u.metadata };
    } finally {
      while (c.u !== null) exitScope(c);
    }
  } catch (e) {
    if (isStackOverflow(e)) throw compilationRecursionError(filename);
    throw e;
  }
}
