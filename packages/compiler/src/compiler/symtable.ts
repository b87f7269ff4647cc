// The symbol table: which names each block binds, uses, and how each resolves.
// CPython: Python/symtable.c, Include/internal/pycore_symtable.h
//
// The first pass (symtable_visit.ts) walks the AST and records raw facts per block;
// the second pass (analyzeBlock and friends, below) decides each name's scope.
//
// BLOCK KEYS. CPython keys `st_blocks` by AST node pointers; tspy keys a Map by the same
// AST objects (identity). Where CPython derives a key by pointer arithmetic (`ptr + 1`),
// `derivedKey(obj)` returns one fixed companion object per `obj` instead.
//
//   block                                         key                                  helper
//   module (ModuleBlock, "top")                   the ast.mod node                     -
//   def / async def body (FunctionBlock)          the FunctionDef/AsyncFunctionDef     -
//   class body (ClassBlock)                       the ClassDef                         -
//   lambda (FunctionBlock "lambda")               the Lambda expr                      -
//   list/set/dict comp, genexpr (FunctionBlock)   the ListComp/SetComp/DictComp/GeneratorExp expr   -
//   generic's type params (TypeParametersBlock)   the node's `type_params` array       typeParamsBlockKey(node)
//   type alias value (TypeAliasBlock)             the TypeAlias stmt                   -
//   TypeVar bound/constraints (TypeVariableBlock) the TypeVar node                     typeVarBoundKey(tp)
//   TypeVar default (TypeVariableBlock)           derivedKey(TypeVar node)  (tp + 1)   typeVarDefaultKey(tp)
//   TypeVarTuple / ParamSpec default              the type_param node                  typeVarDefaultKey(tp)
//   function annotations __annotate__             the function's `args` (ast.arguments) functionAnnotationBlockKey(s)
//   module/class annotations __annotate__         derivedKey(owner's key) (ste_id + 1) annotationBlockKey(ste)
//                                                 (also reachable as ste.annotationBlock)
//
// An inlined comprehension (PEP 709, ste.compInlined) keeps its entry under its key, but
// its children are spliced into the parent's `children`. With `from __future__ import
// annotations`, annotation blocks are still registered under their keys (and set as
// ste.annotationBlock) but are nobody's child. Keys are identities: a pass that replaces
// a keyed node or a `type_params`/`args` object after buildSymtable loses its block.
//
// Typical use in codegen: `st.lookup(s)` for a def/class/lambda/comprehension,
// `st.lookup(typeParamsBlockKey(s))`, `st.lookup(functionAnnotationBlockKey(s))`,
// `st.lookupOptional(annotationBlockKey(ste))` for a module's/class's __annotate__,
// `st.lookup(typeVarBoundKey(tp))` / `st.lookup(typeVarDefaultKey(tp))`.
import * as ast from '../ast/nodes.js';
import { PySyntaxError } from '../errors.js';
import type { FutureFeatures } from './future.js';
import type { SourceLocation } from './source_location.js';
import { symtableVisitTop } from './symtable_visit.js';

export type { FutureFeatures } from './future.js';

// ---------------------------------------------------------------------------
// Flags (CPython: pycore_symtable.h)

/**
 * Symbol flags, the scope field within them and the scopes. A const enum: the bundle
 * holds the numbers, where module-level constants are variables that optimized code
 * loads and checks at every use.
 */
export const enum Sym {
  /** global stmt */
  DEF_GLOBAL = 1,
  /** assignment in code block */
  DEF_LOCAL = 2,
  /** formal parameter */
  DEF_PARAM = 2 << 1,
  /** nonlocal stmt */
  DEF_NONLOCAL = 2 << 2,
  /** name is used */
  USE = 2 << 3,
  /** free variable from class's method */
  DEF_FREE_CLASS = 2 << 5,
  /** assignment occurred via import */
  DEF_IMPORT = 2 << 6,
  /** this name is annotated */
  DEF_ANNOT = 2 << 7,
  /** this name is a comprehension iteration variable */
  DEF_COMP_ITER = 2 << 8,
  /** this name is a type parameter */
  DEF_TYPE_PARAM = 2 << 9,
  /** this name is a cell in an inlined comprehension */
  DEF_COMP_CELL = 2 << 10,
  DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT,
  /** The scope is stored in a symbol's flags at bits SCOPE_OFFSET.. */
  SCOPE_OFFSET = 12,
  SCOPE_MASK = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL,
  // The scopes (CPython: LOCAL … CELL).
  LOCAL = 1,
  GLOBAL_EXPLICIT = 2,
  GLOBAL_IMPLICIT = 3,
  FREE = 4,
  CELL = 5,
}

/** CPython: SYMBOL_TO_SCOPE */
export function symbolToScope(flags: number): number {
  return (flags >> Sym.SCOPE_OFFSET) & Sym.SCOPE_MASK;
}

/** CPython: _Py_block_ty (the values `_symtable.TYPE_*` expose). */
export const enum BlockType {
  FunctionBlock = 0,
  ClassBlock = 1,
  ModuleBlock = 2,
  AnnotationBlock = 3,
  TypeAliasBlock = 4,
  TypeParametersBlock = 5,
  TypeVariableBlock = 6,
}

/** CPython: _Py_comprehension_ty */
export const enum ComprehensionType {
  NoComprehension = 0,
  ListComprehension = 1,
  DictComprehension = 2,
  SetComprehension = 3,
  GeneratorExpression = 4,
}

/** A global/nonlocal directive: name, lineno, col_offset, end_lineno, end_col_offset. */
export type Directive = [name: string, lineno: number, colOffset: number, endLineno: number, endColOffset: number];

// ---------------------------------------------------------------------------
// Keys

const derivedKeys = new WeakMap<object, object>();

/** The stand-in for CPython's `(uintptr_t)ptr + 1`: one fixed object per `base`. */
export function derivedKey(base: object): object {
  let k = derivedKeys.get(base);
  if (k === undefined) {
    k = { derivedFrom: base };
    derivedKeys.set(base, k);
  }
  return k;
}

type Generic = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.TypeAlias;

/** Key of the TypeParametersBlock of a generic def/class/type alias (`(void *)s->v.X.type_params`). */
export function typeParamsBlockKey(node: Generic): object {
  return node.type_params;
}

/** Key of a function's `__annotate__` block (`(void *)s->v.FunctionDef.args`). */
export function functionAnnotationBlockKey(node: ast.FunctionDef | ast.AsyncFunctionDef): object {
  return node.args;
}

/** Key of a module's or class's `__annotate__` block (`ste_id + 1`). */
export function annotationBlockKey(ste: SymtableEntry): object {
  return derivedKey(ste.id);
}

/** Key of a TypeVar's bound/constraints block (`(void *)tp`). */
export function typeVarBoundKey(tp: ast.TypeVar): object {
  return tp;
}

/** Key of a type parameter's default block: `tp + 1` for a TypeVar, `tp` for TypeVarTuple/ParamSpec. */
export function typeVarDefaultKey(tp: ast.type_param): object {
  return tp instanceof ast.TypeVar ? derivedKey(tp) : tp;
}

// ---------------------------------------------------------------------------
// Entries and the table

/** CPython: PySTEntryObject (ste_* fields in camelCase). */
export class SymtableEntry {
  /** ste_id: the key of this block in `table.blocks`. */
  readonly id: object;
  /** ste_symbols: name -> flags (scope at SCOPE_OFFSET after analysis), insertion-ordered. */
  symbols = new Map<string, number>();
  readonly name: string;
  /** ste_function_name: for a function's annotation block, the function's name. */
  functionName: string | null = null;
  /** ste_varnames: the parameters, in order. */
  readonly varnames: string[] = [];
  children: SymtableEntry[] = [];
  /** ste_directives: where global/nonlocal statements (and walrus-implied ones) are. */
  directives: Directive[] | null = null;
  /** ste_mangled_names: when set, only these names are mangled (type-param blocks of generic classes). */
  mangledNames: Set<string> | null = null;
  readonly type: BlockType;
  /** ste_scope_info: what a TypeVariableBlock evaluates, for error messages ("a TypeVar bound", …). */
  scopeInfo: string | null = null;
  nested = false;
  generator = false;
  coroutine = false;
  annotationsUsed = false;
  comprehension: ComprehensionType = ComprehensionType.NoComprehension;
  varargs = false;
  varkeywords = false;
  returnsValue = false;
  needsClassClosure = false;
  needsClassdict = false;
  compInlined = false;
  compIterTarget = false;
  canSeeClassScope = false;
  hasDocstring = false;
  /** ste_method: a FunctionBlock defined directly in a class body. */
  method = false;
  hasConditionalAnnotations = false;
  inConditionalBlock = false;
  inUnevaluatedAnnotation = false;
  compIterExpr = 0;
  /** ste_loc */
  readonly loc: SourceLocation;
  /** ste_annotation_block */
  annotationBlock: SymtableEntry | null = null;
  readonly table: SymTable;

  // CPython: Python/symtable.c ste_new
  constructor(st: SymTable, name: string, block: BlockType, key: object, loc: SourceLocation) {
    this.table = st;
    this.id = key;
    this.name = name;
    this.type = block;
    this.loc = loc;
    const cur = st.cur;
    if (cur !== null && (cur.nested || isFunctionLike(cur))) this.nested = true;
    if (cur !== null && cur.type === BlockType.ClassBlock && block === BlockType.FunctionBlock) this.method = true;
    st.blocks.set(key, this);
  }

  get lineno(): number {
    return this.loc.lineno;
  }

  get colOffset(): number {
    return this.loc.colOffset;
  }
}

/** CPython: struct symtable */
export class SymTable {
  readonly filename: string;
  /** st_cur */
  cur: SymtableEntry | null = null;
  /** st_top: the module's entry. */
  top!: SymtableEntry;
  /** st_blocks: AST key -> entry. */
  readonly blocks = new Map<object, SymtableEntry>();
  /** st_stack */
  readonly stack: SymtableEntry[] = [];
  /** st_global: the module's symbols. */
  global!: Map<string, number>;
  /** st_private: the name of the class being visited, for mangling. */
  private: string | null = null;
  readonly future: FutureFeatures;

  constructor(filename: string, future: FutureFeatures) {
    this.filename = filename;
    this.future = future;
  }

  /** The entry for `key`; throws when absent. CPython: _PySymtable_Lookup */
  lookup(key: object): SymtableEntry {
    const ste = this.blocks.get(key);
    if (ste === undefined) throw new Error('KeyError: unknown symbol table entry');
    return ste;
  }

  /** The entry for `key`, or undefined. CPython: _PySymtable_LookupOptional */
  lookupOptional(key: object): SymtableEntry | undefined {
    return this.blocks.get(key);
  }
}

/**
 * Builds the symbol table of a module (both passes); throws PySyntaxError.
 * CPython: Python/symtable.c _PySymtable_Build
 */
export function buildSymtable(mod: ast.mod, filename: string, future: FutureFeatures): SymTable {
  const st = new SymTable(filename, future);
  try {
    symtableVisitTop(st, mod);
    symtableAnalyze(st);
  } catch (e) {
    throw isStackOverflow(e) ? compilationRecursionError(filename) : e;
  }
  return st;
}

/** A JavaScript stack overflow (V8's RangeError). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * What a stack overflow in a recursive compiler pass becomes: CPython's
 * `RecursionError: maximum recursion depth exceeded during compilation` (ENTER_RECURSIVE).
 */
export function compilationRecursionError(filename: string): PySyntaxError {
  return new PySyntaxError('RecursionError', 'maximum recursion depth exceeded during compilation', filename,
    undefined, undefined, undefined, undefined, undefined);
}

/** CPython: Python/symtable.c _PyST_GetSymbol */
export function getSymbol(ste: SymtableEntry, name: string): number {
  return ste.symbols.get(name) ?? 0;
}

/** CPython: Python/symtable.c _PyST_GetScope */
export function getScope(ste: SymtableEntry, name: string): number {
  return symbolToScope(ste.symbols.get(name) ?? 0);
}

/** CPython: Python/symtable.c _PyST_IsFunctionLike */
export function isFunctionLike(ste: SymtableEntry): boolean {
  const t = ste.type;
  return t === BlockType.FunctionBlock || t === BlockType.AnnotationBlock || t === BlockType.TypeVariableBlock
    || t === BlockType.TypeAliasBlock || t === BlockType.TypeParametersBlock;
}

/**
 * Mangles `name` unless `ste` restricts mangling to its type parameters.
 * CPython: Python/symtable.c _Py_MaybeMangle
 */
export function maybeMangle(privateName: string | null, ste: SymtableEntry, name: string): string {
  if (ste.mangledNames !== null && !ste.mangledNames.has(name)) return name;
  return mangle(privateName, name);
}

/**
 * Name mangling: `__private` in class `Name` becomes `_Name__private`.
 * CPython: Python/symtable.c _Py_Mangle
 */
export function mangle(privateName: string | null, name: string): string {
  if (privateName === null || name.charCodeAt(0) !== 0x5f || name.charCodeAt(1) !== 0x5f) return name;
  const n = name.length;
  // Don't mangle __id__ or names with dots.
  if ((name.charCodeAt(n - 1) === 0x5f && name.charCodeAt(n - 2) === 0x5f) || name.includes('.')) return name;
  let i = 0;
  while (privateName.charCodeAt(i) === 0x5f) i++;
  if (i === privateName.length) return name; // the class name is only underscores
  return '_' + privateName.slice(i) + name;
}

/** CPython: Python/symtable.c _Py_IsPrivateName (3.15's helper; handy for codegen) */
export function isPrivateName(name: string): boolean {
  const n = name.length;
  return n > 2 && name.charCodeAt(0) === 0x5f && name.charCodeAt(1) === 0x5f
    && !(name.charCodeAt(n - 1) === 0x5f && name.charCodeAt(n - 2) === 0x5f) && !name.includes('.');
}

// ---------------------------------------------------------------------------
// Errors

/** A SyntaxError at `loc` (CPython: SET_ERROR_LOCATION, PyErr_RangedSyntaxLocationObject). */
export function symtableError(st: SymTable, msg: string, loc: SourceLocation): PySyntaxError {
  return new PySyntaxError('SyntaxError', msg, st.filename, loc.lineno, loc.colOffset + 1, undefined,
    loc.endLineno, loc.endColOffset + 1);
}

/** The error, located at the directive that declared `name`. CPython: Python/symtable.c error_at_directive */
function errorAtDirective(ste: SymtableEntry, name: string, msg: string): PySyntaxError {
  for (const d of ste.directives ?? []) {
    if (d[0] === name) {
      return new PySyntaxError('SyntaxError', msg, ste.table.filename, d[1], d[2] + 1, undefined, d[3], d[4] + 1);
    }
  }
  return new PySyntaxError('SyntaxError', 'BUG: internal directive bookkeeping broken', ste.table.filename,
    undefined, undefined, undefined, undefined, undefined);
}

// ---------------------------------------------------------------------------
// The second pass: analysis (CPython: Python/symtable.c, "Analyze raw symbol information")

type NameSet = Set<string>;

/**
 * Decides the scope of one name from its flags. `bound` is null for the module block.
 * CPython: Python/symtable.c analyze_name
 */
function analyzeName(
  ste: SymtableEntry, scopes: Map<string, number>, name: string, flags: number,
  bound: NameSet | null, local: NameSet | null, free: NameSet, typeParams: NameSet,
  classEntry: SymtableEntry | null,
): void {
  if (flags & Sym.DEF_GLOBAL) {
    if (flags & Sym.DEF_NONLOCAL) throw errorAtDirective(ste, name, `name '${name}' is nonlocal and global`);
    scopes.set(name, Sym.GLOBAL_EXPLICIT);
    if (bound !== null) bound.delete(name);
    return;
  }
  if (flags & Sym.DEF_NONLOCAL) {
    if (bound === null) throw errorAtDirective(ste, name, 'nonlocal declaration not allowed at module level');
    if (!bound.has(name)) throw errorAtDirective(ste, name, `no binding for nonlocal '${name}' found`);
    if (typeParams.has(name)) throw errorAtDirective(ste, name, `nonlocal binding not allowed for type parameter '${name}'`);
    scopes.set(name, Sym.FREE);
    free.add(name);
    return;
  }
  if (flags & Sym.DEF_BOUND) {
    scopes.set(name, Sym.LOCAL);
    if (local !== null) local.add(name);
    if (flags & Sym.DEF_TYPE_PARAM) typeParams.add(name);
    else typeParams.delete(name);
    return;
  }
  // In a scope that can see the enclosing class, a name the class binds (or declares
  // global) resolves through the class namespace and the globals only.
  if (classEntry !== null) {
    const classFlags = getSymbol(classEntry, name);
    if (classFlags & Sym.DEF_GLOBAL) {
      scopes.set(name, Sym.GLOBAL_EXPLICIT);
      return;
    }
    if ((classFlags & Sym.DEF_BOUND) && !(classFlags & Sym.DEF_NONLOCAL)) {
      scopes.set(name, Sym.GLOBAL_IMPLICIT);
      return;
    }
  }
  // A binding in an enclosing function makes the name free rather than global.
  if (bound !== null && bound.has(name)) {
    scopes.set(name, Sym.FREE);
    free.add(name);
    return;
  }
  scopes.set(name, Sym.GLOBAL_IMPLICIT);
}

/** CPython: Python/symtable.c is_free_in_any_child */
function isFreeInAnyChild(entry: SymtableEntry, key: string): boolean {
  for (const child of entry.children) {
    if (getScope(child, key) === Sym.FREE) return true;
  }
  return false;
}

/**
 * Merges an inlined comprehension's symbols into the enclosing block (PEP 709).
 * CPython: Python/symtable.c inline_comprehension
 */
function inlineComprehension(
  ste: SymtableEntry, comp: SymtableEntry, scopes: Map<string, number>, compFree: NameSet, inlinedCells: NameSet,
): void {
  let removeDunderClass = false;
  for (const [k, compFlags] of comp.symbols) {
    if (compFlags & Sym.DEF_PARAM) continue; // the comprehension's ".0" parameter
    let scope = symbolToScope(compFlags);
    const onlyFlags = compFlags & ((1 << Sym.SCOPE_OFFSET) - 1);
    if (scope === Sym.CELL || (onlyFlags & Sym.DEF_COMP_CELL)) inlinedCells.add(k);
    const existing = ste.symbols.get(k);
    // __class__ is never allowed to be free through a class scope (see dropClassFree).
    if (scope === Sym.FREE && ste.type === BlockType.ClassBlock && k === '__class__') {
      scope = Sym.GLOBAL_IMPLICIT;
      compFree.delete(k);
      removeDunderClass = true;
    }
    if (existing === undefined) {
      // The name does not exist in the scope: copy it from the comprehension.
      ste.symbols.set(k, onlyFlags);
      scopes.set(k, scope);
    } else if ((existing & Sym.DEF_BOUND) && ste.type !== BlockType.ClassBlock) {
      // Free variables of the comprehension that are locals of the outer scope become
      // plain locals, unless they are free in the comprehension's children.
      if (!isFreeInAnyChild(comp, k)) compFree.delete(k);
    }
  }
  if (removeDunderClass) comp.symbols.delete('__class__');
}

/**
 * Turns the locals that children use freely into cells.
 * CPython: Python/symtable.c analyze_cells
 */
function analyzeCells(scopes: Map<string, number>, free: NameSet, inlinedCells: NameSet): void {
  for (const [name, scope] of scopes) {
    if (scope !== Sym.LOCAL) continue;
    if (!free.has(name) && !inlinedCells.has(name)) continue;
    scopes.set(name, Sym.CELL);
    free.delete(name);
  }
}

/** CPython: Python/symtable.c drop_class_free */
function dropClassFree(ste: SymtableEntry, free: NameSet): void {
  if (free.delete('__class__')) ste.needsClassClosure = true;
  if (free.delete('__classdict__')) ste.needsClassdict = true;
  if (free.delete('__conditional_annotations__')) ste.hasConditionalAnnotations = true;
}

/**
 * Records the analysis in the entry's symbols, and adds the free variables of children
 * that pass through this block.
 * CPython: Python/symtable.c update_symbols
 */
function updateSymbols(
  symbols: Map<string, number>, scopes: Map<string, number>, bound: NameSet | null, free: NameSet,
  inlinedCells: NameSet, classflag: boolean,
): void {
  // (Setting an existing key while iterating keeps the order and visits it once.)
  symbols.forEach((flags, name) => {
    if (inlinedCells.has(name)) flags |= Sym.DEF_COMP_CELL;
    const scope = scopes.get(name);
    if (scope === undefined) throw new Error(`KeyError: ${name}`);
    symbols.set(name, flags | (scope << Sym.SCOPE_OFFSET));
  });
  // Record not yet resolved free variables from children (if any).
  for (const name of free) {
    const v = symbols.get(name);
    if (v !== undefined) {
      // A free variable in a method of the class that has the same name as a local or
      // global in the class scope.
      if (classflag) symbols.set(name, v | Sym.DEF_FREE_CLASS);
      continue; // a cell, or already free here
    }
    if (bound !== null && !bound.has(name)) continue; // a global
    symbols.set(name, Sym.FREE << Sym.SCOPE_OFFSET); // propagate the free name up the lexical stack
  }
}

/**
 * Makes the final scope decisions for one block, then for its children.
 * CPython: Python/symtable.c analyze_block
 *
 * CPython also threads a `global` set (names declared global or bound at module level)
 * through the analysis, copied for every child. In 3.14 analyze_name only tests it to
 * choose GLOBAL_IMPLICIT, the scope it chooses anyway, so tspy leaves it out.
 */
function analyzeBlock(
  ste: SymtableEntry, bound: NameSet | null, free: NameSet, typeParams: NameSet,
  classEntry: SymtableEntry | null,
): void {
  const scopes = new Map<string, number>();
  const children = ste.children;
  // The free names of the children (a leaf block has none and shares the empty set).
  const newfree: NameSet = children.length !== 0 ? new Set() : NO_NAMES;
  const isClass = ste.type === BlockType.ClassBlock;
  const functionLike = isFunctionLike(ste);
  // The names bound for the children: a function's locals (collected straight into the
  // set, CPython's `local`) and the enclosing bindings. Class bindings aren't visible in
  // methods: a class passes on only the enclosing ones, copied before its globals drop out.
  let newbound: NameSet;
  if (functionLike) newbound = new Set();
  else newbound = bound !== null ? new Set(bound) : new Set();
  const local = functionLike ? newbound : null;
  ste.symbols.forEach((flags, name) => {
    analyzeName(ste, scopes, name, flags, bound, local, free, typeParams, classEntry);
  });
  if (functionLike) {
    if (bound !== null) addAll(newbound, bound);
  } else if (isClass) {
    newbound.add('__class__');
    newbound.add('__classdict__');
    newbound.add('__conditional_annotations__');
  }

  let inlinedCells: NameSet | null = null;
  for (let i = 0; i < children.length; i++) {
    const entry = children[i]!;
    let newClassEntry: SymtableEntry | null = null;
    if (entry.canSeeClassScope) {
      if (isClass) newClassEntry = ste;
      else if (classEntry !== null) newClassEntry = classEntry;
    }
    // All non-generator comprehensions are inlined, except those in annotation scopes nested in classes.
    const inlineComp = entry.comprehension !== ComprehensionType.NoComprehension && !entry.generator
      && !ste.canSeeClassScope;
    const childFree = analyzeChildBlock(entry, newbound, typeParams, newClassEntry);
    if (inlineComp) {
      if (inlinedCells === null) inlinedCells = new Set();
      inlineComprehension(ste, entry, scopes, childFree, inlinedCells);
      entry.compInlined = true;
    }
    addAll(newfree, childFree);
  }

  // Splice the children of inlined comprehensions into our children list.
  let anyInlined = false;
  for (let i = 0; i < children.length; i++) if (children[i]!.compInlined) { anyInlined = true; break; }
  if (anyInlined) {
    const spliced: SymtableEntry[] = [];
    for (const c of children) {
      if (c.compInlined) for (const gc of c.children) spliced.push(gc);
      else spliced.push(c);
    }
    ste.children = spliced;
  }

  const cells = inlinedCells ?? NO_NAMES;
  if (functionLike) analyzeCells(scopes, newfree, cells);
  else if (isClass) dropClassFree(ste, newfree);
  updateSymbols(ste.symbols, scopes, bound, newfree, cells, isClass || ste.canSeeClassScope);
  addAll(free, newfree);
}

/** An empty set that is never written to. */
const NO_NAMES: NameSet = new Set();

/**
 * Analyzes a child with copies of the sets it may change, so that its bindings don't
 * leak to siblings; returns the child's free set.
 * CPython: Python/symtable.c analyze_child_block
 *
 * CPython copies `bound`, `free` and `type_params` for every child. The child changes
 * `bound` only by removing the names it declares global, and `type_params` only through
 * names it binds while the set is non-empty or it has type parameters: otherwise the
 * parent's sets are shared. CPython's child `free` starts as a copy of the siblings'
 * free names, which the parent merges back anyway: starting empty gives the same union.
 */
function analyzeChildBlock(
  entry: SymtableEntry, bound: NameSet, typeParams: NameSet, classEntry: SymtableEntry | null,
): NameSet {
  const tempFree: NameSet = new Set();
  const childBound = entry.directives !== null ? new Set(bound) : bound;
  const childTypeParams = typeParams.size !== 0 || entry.type === BlockType.TypeParametersBlock
    ? new Set(typeParams) : typeParams;
  analyzeBlock(entry, childBound, tempFree, childTypeParams, classEntry);
  return tempFree;
}

/** CPython: Python/symtable.c symtable_analyze */
function symtableAnalyze(st: SymTable): void {
  analyzeBlock(st.top, null, new Set(), new Set(), null);
}

function addAll(to: NameSet, from: NameSet): void {
  for (const x of from) to.add(x);
}
