// Constant folding in the flowgraph: tuples, lists and sets of constants, unary and
// binary operators on constants, and the LOAD_CONST peepholes (3.14 moved the AST
// optimizer's folding here). CPython: Python/flowgraph.c.
import { frozensetOrder } from './set_order.js';
import { constantKey, Ellipsis, None, PyBytes, PyFrozenSet, PyTuple, PyWideStr, type MarshalValue, type PyConst } from '@tspy/bytecode';
import { Op, hasConst } from './opcode_utils.js';
import {
  type BasicBlock,
  type CfgBuilder,
  code,
  copyLocation,
  F,
  FlowgraphError,
  nopOut,
  setOp,
} from './flowgraph_cfg.js';
import { STACK_USE_GUIDELINE } from './opcode_utils.js';
import { constIsTrue, evalConstBinop, evalConstUnaryop, evalIdentity, type UnaryKind } from './flowgraph_const_eval.js';

/**
 * The compiler's constant cache (CPython: compile.c c_const_cache with
 * _PyCompile_ConstCacheMergeOne): equal constants (by `_PyCode_ConstantKey`) become one
 * object, so `add_const` finds an equal constant already in `consts` by identity. In
 * the compiler every constant of `consts` went through the cache, so equal means
 * identical. The `_PyCompile_OptimizeCfg` test hook (`foreignConsts`) starts from an
 * empty cache and constants from outside it: then identity is modelled with tokens —
 * for each key, the index in `consts` of the object the cache holds, or -1 when that
 * object is in no slot of `consts` (yet).
 */
export class ConstCache {
  private readonly tokens = new Map<string, number>();
  /** Containers this cache merged (their items are the cache's objects). */
  private readonly merged = new WeakSet<object>();

  constructor(readonly foreignConsts = false) {}

  /** CPython: Python/flowgraph.c add_const (with _PyCompile_ConstCacheMergeOne).
   *  `identity`: the index of the `consts` slot holding this very object, or -1;
   *  `itemIdentities`: the same for a new tuple's items. */
  addConst(
    newconst: MarshalValue,
    consts: MarshalValue[],
    identity: number,
    itemIdentities: number[] | null,
    fresh = false,
  ): number {
    const key = constantKey(newconst);
    if (!this.foreignConsts) {
      const indexByKey = this.indexByKey(consts, constKind(newconst));
      const found = indexByKey.get(key);
      if (found !== undefined) return found;
      const index = appendConst(consts, newconst);
      indexByKey.set(key, index);
      this.indexedLength = consts.length;
      return index;
    }
    let token = this.tokens.get(key);
    if (token === undefined) {
      token = identity;
      this.tokens.set(key, token);
      this.registerItems(newconst, itemIdentities);
    }
    if (token >= 0) return token;
    // The cache's object is in no slot yet: only a singleton can be found by identity.
    if (!fresh && isCPythonSingleton(newconst)) {
      for (let index = 0; index < consts.length; index++) {
        if (constantKey(consts[index]!) === key) {
          this.tokens.set(key, index);
          return index;
        }
      }
    }
    const index = appendConst(consts, newconst);
    this.tokens.set(key, index);
    return index;
  }

  private indexedConsts: MarshalValue[] | null = null;
  private indexedLength = 0;
  /** Per kind of constant (constKind), the first index of each key in `consts`; null
   *  until a constant of that kind is added. Keys of different kinds never collide, so
   *  only the constants of the added kind need keys (a module's docstrings and names
   *  are not keyed to fold a tuple). */
  private readonly indexedByKind: (Map<string, number> | null)[] = [null, null, null, null, null, null];

  /** First index of each key of `kind` in `consts` (rebuilt when another list or a changed one comes). */
  private indexByKey(consts: MarshalValue[], kind: number): Map<string, number> {
    const maps = this.indexedByKind;
    if (this.indexedConsts !== consts || this.indexedLength !== consts.length) {
      maps.fill(null);
      this.indexedConsts = consts;
      this.indexedLength = consts.length;
    }
    let map = maps[kind]!;
    if (map === null) {
      map = new Map();
      for (let index = 0; index < consts.length; index++) {
        const value = consts[index]!;
        if (constKind(value) !== kind) continue;
        const key = constantKey(value);
        if (!map.has(key)) map.set(key, index);
      }
      maps[kind] = map;
    }
    return map;
  }

  /** The slot of `consts` that holds the object a merged tuple has at `item`, or -1. */
  itemIdentity(container: MarshalValue, item: number): number {
    if (!(container instanceof PyTuple) || !this.merged.has(container)) return -1;
    return this.tokens.get(constantKey(container.items[item]!)) ?? -1;
  }

  /** Merging a new tuple or frozenset merges its items (const_cache_insert, recursive). */
  private registerItems(value: MarshalValue, itemIdentities: number[] | null): void {
    if (!(value instanceof PyTuple || value instanceof PyFrozenSet)) return;
    this.merged.add(value);
    value.items.forEach((item, i) => {
      const key = constantKey(item);
      if (this.tokens.has(key)) return;
      this.tokens.set(key, itemIdentities?.[i] ?? -1);
      this.registerItems(item, null);
    });
  }
}

const KIND_INT = 0;
const KIND_STR = 1;
const KIND_BOOL = 2;
const KIND_TUPLE = 3;
const KIND_FROZENSET = 4;
const KIND_OTHER = 5;

/** A partition of constants such that equal constantKeys imply equal kinds (the keys'
 *  first characters differ between kinds). */
function constKind(value: MarshalValue): number {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return KIND_INT;
    case 'string':
      return KIND_STR;
    case 'boolean':
      return KIND_BOOL;
  }
  if (value instanceof PyTuple) return KIND_TUPLE;
  if (value instanceof PyFrozenSet) return KIND_FROZENSET;
  return KIND_OTHER;
}

function appendConst(consts: MarshalValue[], value: MarshalValue): number {
  if (consts.length >= 0x7fffffff - 1) throw new FlowgraphError('OverflowError', 'too many constants');
  consts.push(value);
  return consts.length - 1;
}

/** Values CPython keeps one object of (small ints, latin-1 chars, empty sequences, …). */
function isCPythonSingleton(v: MarshalValue): boolean {
  switch (typeof v) {
    case 'boolean':
      return true;
    case 'number':
      return v >= -5 && v <= 256;
    case 'bigint':
      return false;
    case 'string':
      return v.length === 0 || (v.length === 1 && v.charCodeAt(0) < 256);
  }
  if (v === None || v === Ellipsis) return true;
  if (v instanceof PyBytes) return v.data.length <= 1;
  if (v instanceof PyTuple) return v.items.length === 0;
  if (v instanceof PyWideStr) return false;
  return false;
}

// CPython: Python/flowgraph.c loads_const
export function loadsConst(opcode: number): boolean {
  return hasConst(opcode) || opcode === Op.LOAD_SMALL_INT;
}

// CPython: Python/flowgraph.c get_const_value
export function getConstValue(opcode: number, oparg: number, consts: MarshalValue[]): MarshalValue {
  if (opcode === Op.LOAD_SMALL_INT) return oparg;
  const constant = opcode === Op.LOAD_CONST ? consts[oparg] : undefined;
  if (constant === undefined) throw new FlowgraphError('SystemError', 'Internal error: failed to get value of a constant');
  return constant;
}

// CPython: Python/flowgraph.c add_const
export function addConst(newconst: MarshalValue, consts: MarshalValue[], cache: ConstCache): number {
  return cache.addConst(newconst, consts, -1, null);
}

/**
 * Walks back from `start` over NOPs collecting the pointers of `size` constant loads,
 * in stack order (the deepest first).
 * CPython: Python/flowgraph.c get_const_loading_instrs
 */
function getConstLoadingInstrs(bb: BasicBlock, start: number, size: number): number[] | null {
  const d = code.d;
  // Check first, so that the common non-constant case allocates nothing.
  let found = 0;
  let pos = start;
  for (; pos >= 0 && found < size; pos--) {
    const opcode = d[bb.instr(pos) + F.OPCODE]!;
    if (opcode === Op.NOP) continue;
    if (!loadsConst(opcode)) return null;
    found++;
  }
  if (found < size) return null;
  const instrs = new Array<number>(size);
  for (; start > pos; start--) {
    const p = bb.instr(start);
    if (d[p + F.OPCODE] !== Op.NOP) instrs[--size] = p;
  }
  return instrs;
}

// CPython: Python/flowgraph.c nop_out
function nopOutAll(d: Int32Array, instrs: number[]): void {
  for (const p of instrs) nopOut(d, p);
}

// CPython: Python/flowgraph.c maybe_instr_make_load_smallint
export function maybeInstrMakeLoadSmallint(instr: number, newconst: MarshalValue): boolean {
  // PyLong_CheckExact (not bool) and _PY_IS_SMALL_INT: 0 <= val < 256.
  if (typeof newconst === 'number' && newconst >= 0 && newconst < 256) {
    setOp(code.d, instr, Op.LOAD_SMALL_INT, newconst);
    return true;
  }
  return false;
}

// CPython: Python/flowgraph.c instr_make_load_const
function instrMakeLoadConst(
  instr: number,
  newconst: MarshalValue,
  consts: MarshalValue[],
  cache: ConstCache,
  identity = -1,
  itemIdentities: number[] | null = null,
  fresh = false,
): void {
  if (maybeInstrMakeLoadSmallint(instr, newconst)) return;
  const oparg = cache.addConst(newconst, consts, identity, itemIdentities, fresh);
  setOp(code.d, instr, Op.LOAD_CONST, oparg);
}

/** The `consts` slot a constant-loading instruction reads (its object's identity), or -1. */
function slotOf(p: number): number {
  const d = code.d;
  return d[p + F.OPCODE] === Op.LOAD_CONST ? d[p + F.OPARG]! : -1;
}

/** Which `consts` slot holds the object an evaluation returned (see evalIdentity), or -1. */
function resultIdentity(operands: number[], values: MarshalValue[], cache: ConstCache): number {
  if (evalIdentity.operand > 0) return slotOf(operands[evalIdentity.operand - 1]!);
  if (evalIdentity.item >= 0) return cache.itemIdentity(values[0]!, evalIdentity.item);
  return -1;
}

/** The value instruction `p` loads. */
function constValueOf(d: Int32Array, p: number, consts: MarshalValue[]): MarshalValue {
  return getConstValue(d[p + F.OPCODE]!, d[p + F.OPARG]!, consts);
}

function constValues(d: Int32Array, instrs: number[], consts: MarshalValue[]): PyConst[] {
  return instrs.map((p) => constValueOf(d, p, consts) as PyConst);
}

// CPython: Python/flowgraph.c fold_tuple_of_constants
export function foldTupleOfConstants(bb: BasicBlock, i: number, consts: MarshalValue[], cache: ConstCache): void {
  const d = code.d;
  const instr = bb.instr(i);
  const seqSize = d[instr + F.OPARG]!;
  if (seqSize > STACK_USE_GUIDELINE) return;
  const constInstrs = getConstLoadingInstrs(bb, i - 1, seqSize);
  if (constInstrs === null) return;
  const constTuple = new PyTuple(constValues(d, constInstrs, consts));
  const itemSlots = constInstrs.map(slotOf);
  nopOutAll(d, constInstrs);
  instrMakeLoadConst(instr, constTuple, consts, cache, -1, itemSlots);
}

/**
 * BUILD_LIST 0, (LOAD_CONST c, LIST_APPEND 1)*, CALL_INTRINSIC_1 LIST_TO_TUPLE
 * becomes LOAD_CONST (c, …).
 * CPython: Python/flowgraph.c fold_constant_intrinsic_list_to_tuple
 */
export function foldConstantIntrinsicListToTuple(bb: BasicBlock, i: number, consts: MarshalValue[], cache: ConstCache): void {
  const d = code.d;
  const intrinsic = bb.instr(i);
  let constsFound = 0;
  let expectAppend = true;
  for (let pos = i - 1; pos >= 0; pos--) {
    const p = bb.instr(pos);
    const opcode = d[p + F.OPCODE]!;
    const oparg = d[p + F.OPARG]!;
    if (opcode === Op.NOP) continue;
    if (opcode === Op.BUILD_LIST && oparg === 0) {
      if (!expectAppend) return; // not a sequence start
      const items = new Array<PyConst>(constsFound);
      const itemSlots = new Array<number>(constsFound);
      for (let newpos = i - 1; newpos >= pos; newpos--) {
        const q = bb.instr(newpos);
        if (d[q + F.OPCODE] === Op.NOP) continue;
        if (loadsConst(d[q + F.OPCODE]!)) {
          items[--constsFound] = constValueOf(d, q, consts) as PyConst;
          itemSlots[constsFound] = slotOf(q);
        }
        nopOut(d, q);
      }
      instrMakeLoadConst(intrinsic, new PyTuple(items), consts, cache, -1, itemSlots);
      return;
    }
    if (expectAppend) {
      if (opcode !== Op.LIST_APPEND || oparg !== 1) return;
    } else {
      if (!loadsConst(opcode)) return;
      constsFound++;
    }
    expectAppend = !expectAppend;
  }
}

const MIN_CONST_SEQUENCE_SIZE = 3;

/** A frozenset constant, its items in CPython's iteration order (see set_order.ts). */
function makeFrozenSet(items: PyConst[]): PyFrozenSet {
  return new PyFrozenSet(frozensetOrder(items));
}

/**
 * Lists and sets of constants: `x in [1, 2]` / `for x in {1, 2}` load a constant tuple
 * or frozenset; other constant lists/sets of 3+ items become BUILD_LIST 0, LOAD_CONST
 * tuple, LIST_EXTEND 1 (BUILD_SET/SET_UPDATE). A non-constant list being iterated or
 * tested becomes a tuple.
 * CPython: Python/flowgraph.c optimize_lists_and_sets
 */
export function optimizeListsAndSets(bb: BasicBlock, i: number, nextop: number, consts: MarshalValue[], cache: ConstCache): void {
  const d = code.d;
  const instr = bb.instr(i);
  const opcode = d[instr + F.OPCODE]!;
  const containsOrIter = nextop === Op.GET_ITER || nextop === Op.CONTAINS_OP;
  const seqSize = d[instr + F.OPARG]!;
  if (seqSize > STACK_USE_GUIDELINE || (seqSize < MIN_CONST_SEQUENCE_SIZE && !containsOrIter)) return;
  const constInstrs = getConstLoadingInstrs(bb, i - 1, seqSize);
  if (constInstrs === null) {
    if (containsOrIter && opcode === Op.BUILD_LIST) {
      // Iterate over a tuple instead of a list.
      setOp(d, instr, Op.BUILD_TUPLE, seqSize);
    }
    return;
  }
  const items = constValues(d, constInstrs, consts);
  const isSet = opcode === Op.BUILD_SET;
  const constResult: MarshalValue = isSet ? makeFrozenSet(items) : new PyTuple(items);
  const index = cache.addConst(constResult, consts, -1, isSet ? null : constInstrs.map(slotOf));
  nopOutAll(d, constInstrs);
  if (containsOrIter) {
    setOp(d, instr, Op.LOAD_CONST, index);
  } else {
    const first = bb.instr(i - 2);
    copyLocation(d, first, instr);
    setOp(d, first, opcode, 0);
    setOp(d, bb.instr(i - 1), Op.LOAD_CONST, index);
    setOp(d, instr, opcode === Op.BUILD_LIST ? Op.LIST_EXTEND : Op.SET_UPDATE, 1);
  }
}

// CPython: Python/flowgraph.c fold_const_binop
export function foldConstBinop(bb: BasicBlock, i: number, consts: MarshalValue[], cache: ConstCache): void {
  const d = code.d;
  const binop = bb.instr(i);
  const operands = getConstLoadingInstrs(bb, i - 1, 2);
  if (operands === null) return;
  const lhs = constValueOf(d, operands[0]!, consts);
  const rhs = constValueOf(d, operands[1]!, consts);
  const newconst = evalConstBinop(lhs, d[binop + F.OPARG]!, rhs);
  if (newconst === null) return;
  const identity = resultIdentity(operands, [lhs, rhs], cache);
  nopOutAll(d, operands);
  instrMakeLoadConst(binop, newconst, consts, cache, identity, null, evalIdentity.fresh);
}

function unaryKind(opcode: number): UnaryKind {
  switch (opcode) {
    case Op.UNARY_NEGATIVE:
      return 'negative';
    case Op.UNARY_INVERT:
      return 'invert';
    case Op.UNARY_NOT:
      return 'not';
  }
  return 'positive'; // CALL_INTRINSIC_1 INTRINSIC_UNARY_POSITIVE
}

// CPython: Python/flowgraph.c fold_const_unaryop
export function foldConstUnaryop(bb: BasicBlock, i: number, consts: MarshalValue[], cache: ConstCache): void {
  const d = code.d;
  const unaryop = bb.instr(i);
  const operands = getConstLoadingInstrs(bb, i - 1, 1);
  if (operands === null) return;
  const operand = constValueOf(d, operands[0]!, consts);
  const newconst = evalConstUnaryop(operand, unaryKind(d[unaryop + F.OPCODE]!));
  if (newconst === null) return;
  const identity = resultIdentity(operands, [operand], cache);
  nopOutAll(d, operands);
  instrMakeLoadConst(unaryop, newconst, consts, cache, identity);
}

/**
 * LOAD_CONST peepholes: small ints become LOAD_SMALL_INT; a constant before a
 * conditional jump decides the jump; `None is` tests become POP_JUMP_IF_(NOT_)NONE;
 * a constant before TO_BOOL becomes its truth value.
 * CPython: Python/flowgraph.c basicblock_optimize_load_const
 */
function basicblockOptimizeLoadConst(cache: ConstCache, bb: BasicBlock, consts: MarshalValue[]): void {
  const d = code.d; // nothing here adds instructions
  let opcode = 0;
  let oparg = 0;
  const n = bb.used;
  for (let i = 0; i < n; i++) {
    const inst = bb.instr(i);
    if (d[inst + F.OPCODE] === Op.LOAD_CONST) {
      maybeInstrMakeLoadSmallint(inst, constValueOf(d, inst, consts));
    }
    const isCopyOfLoadConst = opcode === Op.LOAD_CONST && d[inst + F.OPCODE] === Op.COPY && d[inst + F.OPARG] === 1;
    if (!isCopyOfLoadConst) {
      opcode = d[inst + F.OPCODE]!;
      oparg = d[inst + F.OPARG]!;
    }
    if (opcode !== Op.LOAD_CONST && opcode !== Op.LOAD_SMALL_INT) continue;
    const next = inst + F.STRIDE;
    const nextop = i + 1 < n ? d[next + F.OPCODE]! : 0;
    switch (nextop) {
      case Op.POP_JUMP_IF_FALSE:
      case Op.POP_JUMP_IF_TRUE:
      case Op.JUMP_IF_FALSE:
      case Op.JUMP_IF_TRUE: {
        // Remove LOAD_CONST const; conditional jump.
        const isTrue = constIsTrue(getConstValue(opcode, oparg, consts));
        if (nextop === Op.POP_JUMP_IF_FALSE || nextop === Op.POP_JUMP_IF_TRUE) {
          // PyCompile_OpcodeStackEffect(nextop, 0) == -1: the jump pops the constant.
          setOp(d, inst, Op.NOP, 0);
        }
        const jumpIfTrue = nextop === Op.POP_JUMP_IF_TRUE || nextop === Op.JUMP_IF_TRUE;
        if (isTrue === jumpIfTrue) d[next + F.OPCODE] = Op.JUMP;
        else setOp(d, next, Op.NOP, 0);
        break;
      }
      case Op.IS_OP: {
        // LOAD_CONST None; IS_OP; [TO_BOOL]; POP_JUMP_IF_* → POP_JUMP_IF_(NOT_)NONE
        if (getConstValue(opcode, oparg, consts) !== None) break;
        if (n <= i + 2) break;
        const isInstr = next;
        let jumpInstr = bb.instr(i + 2);
        // Get rid of TO_BOOL regardless:
        if (d[jumpInstr + F.OPCODE] === Op.TO_BOOL) {
          setOp(d, jumpInstr, Op.NOP, 0);
          if (n <= i + 3) break;
          jumpInstr = bb.instr(i + 3);
        }
        let invert = d[isInstr + F.OPARG] !== 0;
        if (d[jumpInstr + F.OPCODE] === Op.POP_JUMP_IF_FALSE) invert = !invert;
        else if (d[jumpInstr + F.OPCODE] !== Op.POP_JUMP_IF_TRUE) break;
        setOp(d, inst, Op.NOP, 0);
        setOp(d, isInstr, Op.NOP, 0);
        d[jumpInstr + F.OPCODE] = invert ? Op.POP_JUMP_IF_NOT_NONE : Op.POP_JUMP_IF_NONE;
        break;
      }
      case Op.TO_BOOL: {
        const isTrue = constIsTrue(getConstValue(opcode, oparg, consts));
        const index = addConst(isTrue, consts, cache);
        setOp(d, inst, Op.NOP, 0);
        setOp(d, next, Op.LOAD_CONST, index);
        break;
      }
    }
  }
}

// CPython: Python/flowgraph.c optimize_load_const
export function optimizeLoadConst(cache: ConstCache, g: CfgBuilder, consts: MarshalValue[]): void {
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) basicblockOptimizeLoadConst(cache, b, consts);
}

/** Scratch tables of removeUnusedConsts, reused by every call (per-unit typed arrays
 *  over 64 bytes are off-heap allocations). */
let sharedUsed = new Uint8Array(256);
let sharedReverseIndexMap = new Int32Array(256);

/**
 * Drops constants no instruction loads (keeping index 0, which may be the docstring)
 * and renumbers LOAD_CONST opargs. CPython: Python/flowgraph.c remove_unused_consts
 */
export function removeUnusedConsts(entryblock: BasicBlock, consts: MarshalValue[]): void {
  const nconsts = consts.length;
  if (nconsts === 0) return;
  if (sharedUsed.length < nconsts) {
    sharedUsed = new Uint8Array(Math.max(nconsts, sharedUsed.length * 2));
    sharedReverseIndexMap = new Int32Array(sharedUsed.length);
  }
  const d = code.d;
  const used = sharedUsed;
  used.fill(0, 0, nconsts);
  used[0] = 1; // the first constant may be the docstring: keep it always
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      if (hasConst(d[p + F.OPCODE]!)) used[d[p + F.OPARG]!] = 1;
    }
  }
  const reverseIndexMap = sharedReverseIndexMap.fill(-1, 0, nconsts);
  let nUsedConsts = 0;
  for (let i = 0; i < nconsts; i++) {
    if (used[i]) {
      reverseIndexMap[i] = nUsedConsts;
      consts[nUsedConsts++] = consts[i]!;
    }
  }
  if (nUsedConsts === nconsts) return;
  consts.length = nUsedConsts;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      if (hasConst(d[p + F.OPCODE]!)) d[p + F.OPARG] = reverseIndexMap[d[p + F.OPARG]!]!;
    }
  }
}
