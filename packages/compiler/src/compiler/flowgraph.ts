// The flowgraph stage: an instruction sequence becomes a control flow graph, is
// optimized, laid out, and turned back into an instruction sequence for the assembler.
// CPython: Python/flowgraph.c (entry points, preprocessing, layout); the passes live
// in the flowgraph_*.ts siblings.
import type { MarshalValue } from '@tspy/bytecode';
import { Op } from './opcode_utils.js';
import type { CodeUnitMetadata } from './code_unit_metadata.js';
import { InstructionSequence } from './instruction_sequence.js';
import { type FlatSequence, flatBuffer, sequenceFromFlat } from './flat_sequence.js';
import {
  type BasicBlock,
  blockId,
  CfgBuilder,
  code,
  copyLocation,
  type ExceptStack,
  F,
  FlowgraphError,
  getMaxLabel,
  makeCfgTraversalStack,
  NO_LOCATION_INSTR,
  setOp,
  targetOf,
} from './flowgraph_cfg.js';
import {
  hasJump,
  hasTarget,
  isTerminatorOpcode,
  isBlockPushOpcode,
  isConditionalJumpOpcode,
  RESUME_AT_FUNC_START,
  RESUME_OPARG_DEPTH1_MASK,
} from './opcode_utils.js';
import { ConstCache, optimizeLoadConst } from './flowgraph_const_folding.js';
import {
  checkCfg,
  inlineSmallOrNoLinenoBlocks,
  insertSuperinstructions,
  optimizeBasicBlock,
  removeRedundantNopsAndJumps,
  removeRedundantNopsAndPairs,
  removeUnreachable,
} from './flowgraph_optimize.js';
import { resolveLineNumbers } from './flowgraph_lines.js';
import { addChecksForLoadsOfUninitializedVariables } from './flowgraph_locals.js';
import { pushColdBlocksToEnd } from './flowgraph_cold.js';
import { calculateStackdepth } from './flowgraph_stackdepth.js';
import { optimizeLoadFast } from './flowgraph_load_fast.js';
import { prepareLocalsplus } from './flowgraph_localsplus.js';
import { removeUnusedConsts } from './flowgraph_const_folding.js';

export { CfgBuilder, FlowgraphError, ConstCache };
export type { BasicBlock };

// ---------------------------------------------------------------------------
// Preprocessing (jump targets and exceptions)

/** Maps each jump's label to its target block; with `markHandlers`, also marks the
 *  targets of block pushes as exception handlers (one walk instead of two). Returns
 *  whether the unit has a block push or POP_BLOCK (without them labelExceptionTargets
 *  has nothing to do: no instruction gets a handler and none is rewritten).
 *  CPython: Python/flowgraph.c translate_jump_labels_to_targets, mark_except_handlers */
function translateJumpLabelsToTargets(entryblock: BasicBlock, markHandlers: boolean): boolean {
  // Labels are sparse (instruction indices): a presized array stays in fast elements
  // where assigning far beyond the end would turn it into a dictionary.
  const label2block = new Array<BasicBlock | null>(getMaxLabel(entryblock) + 1).fill(null);
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    if (b.label >= 0) label2block[b.label] = b;
  }
  const d = code.d;
  let blockOps = false;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      const opcode = d[p + F.OPCODE]!;
      if (!hasTarget(opcode)) {
        if (opcode === Op.POP_BLOCK) blockOps = true;
        continue;
      }
      const oparg = d[p + F.OPARG]!;
      const target = oparg >= 0 && oparg < label2block.length ? label2block[oparg]! : null;
      if (target === null) throw new FlowgraphError('SystemError', 'jump to an unknown label');
      d[p + F.TARGET] = target.id;
      if (isBlockPushOpcode(opcode)) {
        blockOps = true;
        if (markHandlers) target.exceptHandler = true;
      }
    }
  }
  return blockOps;
}

// CPython: Python/flowgraph.c push_except_block
function pushExceptBlock(stack: ExceptStack, setup: number): BasicBlock {
  const target = targetOf(setup)!;
  const opcode = code.d[setup + F.OPCODE];
  if (opcode === Op.SETUP_WITH || opcode === Op.SETUP_CLEANUP) target.preserveLasti = true;
  stack.handlers[++stack.depth] = target;
  return target;
}

// CPython: Python/flowgraph.c pop_except_block
function popExceptBlock(stack: ExceptStack): BasicBlock | null {
  if (stack.depth <= 0) throw new FlowgraphError('SystemError', 'POP_BLOCK without a handler');
  return stack.handlers[--stack.depth]!;
}

function copyExceptStack(stack: ExceptStack): ExceptStack {
  return { handlers: stack.handlers.slice(0, stack.depth + 1), depth: stack.depth };
}

/** Marks `target` visited and schedules it with `stack`. */
function scheduleBlock(todo: BasicBlock[], target: BasicBlock, stack: ExceptStack | null): void {
  target.exceptstack = stack;
  todo.push(target);
  target.visited = true;
}

/**
 * Walks the CFG with a stack of active handlers, setting each instruction's handler,
 * turning POP_BLOCK into NOP, and marking RESUMEs after a yield at depth 1.
 * CPython: Python/flowgraph.c label_exception_targets
 */
function labelExceptionTargets(entryblock: BasicBlock): void {
  const d = code.d;
  const todo = makeCfgTraversalStack(entryblock);
  scheduleBlock(todo, entryblock, { handlers: [null], depth: 0 });
  while (todo.length > 0) {
    const b = todo.pop()!;
    let exceptStack: ExceptStack | null = b.exceptstack!;
    b.exceptstack = null;
    let handler = blockId(exceptStack.handlers[exceptStack.depth] ?? null);
    let lastYieldExceptDepth = -1;
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      const opcode = d[p + F.OPCODE]!;
      if (isBlockPushOpcode(opcode)) {
        const target = targetOf(p)!;
        if (!target.visited) scheduleBlock(todo, target, copyExceptStack(exceptStack!));
        handler = pushExceptBlock(exceptStack!, p).id;
      } else if (opcode === Op.POP_BLOCK) {
        handler = blockId(popExceptBlock(exceptStack!));
        setOp(d, p, Op.NOP, 0);
      } else if (hasJump(opcode)) {
        d[p + F.EXCEPT] = handler;
        const target = targetOf(p)!;
        if (!target.visited) {
          if (b.hasFallthrough()) {
            scheduleBlock(todo, target, copyExceptStack(exceptStack!));
          } else {
            scheduleBlock(todo, target, exceptStack);
            exceptStack = null;
          }
        }
      } else if (opcode === Op.YIELD_VALUE) {
        d[p + F.EXCEPT] = handler;
        lastYieldExceptDepth = exceptStack!.depth;
      } else if (opcode === Op.RESUME) {
        d[p + F.EXCEPT] = handler;
        if (d[p + F.OPARG] !== RESUME_AT_FUNC_START) {
          if (lastYieldExceptDepth === 1) d[p + F.OPARG] = d[p + F.OPARG]! | RESUME_OPARG_DEPTH1_MASK;
          lastYieldExceptDepth = -1;
        }
      } else {
        d[p + F.EXCEPT] = handler;
      }
    }
    if (b.hasFallthrough() && b.next !== null && !b.next.visited) scheduleBlock(todo, b.next, exceptStack);
  }
}

// ---------------------------------------------------------------------------
// Optimization driver

// CPython: Python/flowgraph.c optimize_cfg
function optimizeCfgPasses(g: CfgBuilder, consts: MarshalValue[], cache: ConstCache, firstlineno: number): void {
  checkCfg(g);
  inlineSmallOrNoLinenoBlocks(g.entryblock);
  removeUnreachable(g.entryblock);
  resolveLineNumbers(g, firstlineno);
  optimizeLoadConst(cache, g, consts);
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) optimizeBasicBlock(cache, b, consts);
  removeRedundantNopsAndPairs(g.entryblock);
  removeUnreachable(g.entryblock);
  removeRedundantNopsAndJumps(g);
}

/**
 * Optimizes a code unit's CFG in place; `consts` gains folded constants and loses
 * unused ones. CPython: Python/flowgraph.c _PyCfg_OptimizeCodeUnit
 */
export function optimizeCodeUnit(
  g: CfgBuilder,
  consts: MarshalValue[],
  constCache: ConstCache | null,
  nlocals: number,
  nparams: number,
  firstlineno: number,
): void {
  const cache = constCache ?? new ConstCache();
  // Preprocessing: map labels to targets and mark exception handlers.
  // Instructions start with no handler: a unit without try, with or async for (most
  // of them) is left as label_exception_targets would leave it.
  if (translateJumpLabelsToTargets(g.entryblock, true)) labelExceptionTargets(g.entryblock);
  // Optimization.
  optimizeCfgPasses(g, consts, cache, firstlineno);
  removeUnusedConsts(g.entryblock, consts);
  addChecksForLoadsOfUninitializedVariables(g.entryblock, nlocals, nparams);
  insertSuperinstructions(g);
  pushColdBlocksToEnd(g);
  resolveLineNumbers(g, firstlineno);
}

// ---------------------------------------------------------------------------
// Layout and conversion back to an instruction sequence

// CPython: Python/flowgraph.c convert_pseudo_conditional_jumps
function convertPseudoConditionalJumps(g: CfgBuilder): void {
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    for (let i = 0; i < b.used; i++) {
      const p = b.instr(i);
      const opcode = code.d[p + F.OPCODE];
      if (opcode === Op.JUMP_IF_FALSE || opcode === Op.JUMP_IF_TRUE) {
        code.d[p + F.OPCODE] = opcode === Op.JUMP_IF_FALSE ? Op.POP_JUMP_IF_FALSE : Op.POP_JUMP_IF_TRUE;
        const except = code.d[p + F.EXCEPT]!;
        b.insertInstruction(i, Op.COPY, 1, NO_LOCATION_INSTR, except);
        b.insertInstruction(i + 1, Op.TO_BOOL, 0, NO_LOCATION_INSTR, except);
        // Both take the jump's location (read now: inserting may have moved the block).
        const jump = b.instr(i + 2);
        copyLocation(code.d, b.instr(i), jump);
        copyLocation(code.d, b.instr(i + 1), jump);
        i += 2;
      }
    }
  }
}

// CPython: Python/flowgraph.c convert_pseudo_ops
function convertPseudoOps(g: CfgBuilder): void {
  const d = code.d;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      const opcode = d[p + F.OPCODE]!;
      if (isBlockPushOpcode(opcode)) setOp(d, p, Op.NOP, 0);
      else if (opcode === Op.LOAD_CLOSURE) d[p + F.OPCODE] = Op.LOAD_FAST;
      else if (opcode === Op.STORE_FAST_MAYBE_NULL) d[p + F.OPCODE] = Op.STORE_FAST;
    }
  }
  removeRedundantNopsAndJumps(g);
}

const REVERSED_CONDITIONAL: Record<number, number> = {
  [Op.POP_JUMP_IF_NOT_NONE]: Op.POP_JUMP_IF_NONE,
  [Op.POP_JUMP_IF_NONE]: Op.POP_JUMP_IF_NOT_NONE,
  [Op.POP_JUMP_IF_FALSE]: Op.POP_JUMP_IF_TRUE,
  [Op.POP_JUMP_IF_TRUE]: Op.POP_JUMP_IF_FALSE,
};

/**
 * A forward conditional jump gets a NOT_TAKEN after it; a backward one becomes the
 * reversed jump over a new block holding NOT_TAKEN and a backward JUMP.
 * CPython: Python/flowgraph.c normalize_jumps_in_block
 */
function normalizeJumpsInBlock(g: CfgBuilder, b: BasicBlock): void {
  const last = b.lastInstr();
  if (last < 0 || !isConditionalJumpOpcode(code.d[last + F.OPCODE]!)) return;
  const target = targetOf(last)!;
  if (!target.visited) {
    b.addop(Op.NOT_TAKEN, 0, last); // forward
    return;
  }
  const backwardsJump = g.newBlock();
  backwardsJump.addop(Op.NOT_TAKEN, 0, last);
  backwardsJump.addJump(Op.JUMP, target, last);
  backwardsJump.startdepth = target.startdepth;
  code.d[last + F.OPCODE] = REVERSED_CONDITIONAL[code.d[last + F.OPCODE]!]!;
  code.d[last + F.TARGET] = blockId(b.next);
  backwardsJump.cold = b.cold;
  backwardsJump.next = b.next;
  b.next = backwardsJump;
}

// CPython: Python/flowgraph.c normalize_jumps
function normalizeJumps(g: CfgBuilder): void {
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) b.visited = false;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    b.visited = true;
    normalizeJumpsInBlock(g, b);
  }
}

/** The largest opcode and (exclusive) oparg an instruction may have (CPython asserts them). */
const enum Limit {
  MAX_OPCODE = 511,
  OPARG_LIMIT = 1 << 30,
}

/**
 * Lays the blocks out in order, jump and handler targets resolved to instruction
 * indices. CPython labels each block, emits jumps to labels and then applies the label
 * map, which gives the same indices: a block's label is the index of the first
 * instruction at or after its start. The result is a view of a shared buffer, valid
 * until the next layout.
 * CPython: Python/flowgraph.c _PyCfg_ToInstructionSequence
 */
export function cfgToFlatSequence(g: CfgBuilder): FlatSequence {
  let n = 0;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    b.label = n;
    n += b.used;
  }
  const out = flatBuffer(n);
  const d = code.d;
  const blocks = code.blocks;
  // Runs of instructions share a handler: its fields are looked up once per run.
  let lastExcept = -1;
  let handlerLabel = -1;
  let handlerDepth = -2; // startdepth -1, no lasti: what an instruction without handler holds
  let q = 0;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE, q += F.STRIDE) {
      const opcode = d[p + F.OPCODE]!;
      const oparg = hasTarget(opcode) ? blocks[d[p + F.TARGET]!]!.label : d[p + F.OPARG]!;
      if (!(opcode >= 0 && opcode <= Limit.MAX_OPCODE) || !(oparg >= 0 && oparg < Limit.OPARG_LIMIT)) {
        throw new RangeError(`bad instruction: opcode ${opcode}, oparg ${oparg}`);
      }
      out[q + F.OPCODE] = opcode;
      out[q + F.OPARG] = oparg;
      out[q + F.LINENO] = d[p + F.LINENO]!;
      out[q + F.END_LINENO] = d[p + F.END_LINENO]!;
      out[q + F.COL] = d[p + F.COL]!;
      out[q + F.END_COL] = d[p + F.END_COL]!;
      const except = d[p + F.EXCEPT]!;
      if (except !== lastExcept) {
        lastExcept = except;
        const handler = blocks[except]!;
        handlerLabel = handler !== null ? handler.label : -1;
        handlerDepth = handler !== null ? (handler.startdepth << 1) | (handler.preserveLasti ? 1 : 0) : -2;
      }
      out[q + F.HANDLER] = handlerLabel;
      out[q + F.HANDLER_DEPTH] = handlerDepth;
    }
  }
  return { d: out, n };
}

/** cfgToFlatSequence as a sequence of its own (for the test hooks). */
export function cfgToInstructionSequence(g: CfgBuilder): InstructionSequence {
  return sequenceFromFlat(cfgToFlatSequence(g));
}

/**
 * The final layout of an optimized CFG: pseudo jumps and ops lowered, stack depth and
 * localsplus computed, jumps normalized, borrowed loads selected.
 * CPython: Python/flowgraph.c _PyCfg_OptimizedCfgToInstructionSequence
 */
export function optimizedCfgToInstructionSequence(
  g: CfgBuilder,
  umd: CodeUnitMetadata,
  codeFlags: number,
): { stackdepth: number; nlocalsplus: number; seq: InstructionSequence } {
  const { stackdepth, nlocalsplus, flat } = optimizedCfgToFlatSequence(g, umd, codeFlags);
  return { stackdepth, nlocalsplus, seq: sequenceFromFlat(flat) };
}

/** optimizedCfgToInstructionSequence with the sequence in flat form (the compiler's path). */
export function optimizedCfgToFlatSequence(
  g: CfgBuilder,
  umd: CodeUnitMetadata,
  codeFlags: number,
): { stackdepth: number; nlocalsplus: number; flat: FlatSequence } {
  convertPseudoConditionalJumps(g);
  // CPython 3.14 never produces co_stacksize 0 (a body of just `raise` or an endless
  // `pass` loop gets 1): its maximum counts each instruction's max_stack_effect.
  const stackdepth = Math.max(calculateStackdepth(g), 1);
  const nlocalsplus = prepareLocalsplus(umd, g, codeFlags);
  convertPseudoOps(g);
  // The order of the blocks is final from here on.
  normalizeJumps(g);
  // The bytecode can't change after inserting instructions that produce borrowed refs.
  optimizeLoadFast(g);
  return { stackdepth, nlocalsplus, flat: cfgToFlatSequence(g) };
}

// ---------------------------------------------------------------------------
// Construction from an instruction sequence

/**
 * Cuts `seq` into basic blocks.
 * CPython: Python/flowgraph.c _PyCfg_FromInstructionSequence
 */
export function cfgFromInstructionSequence(seq: InstructionSequence): CfgBuilder {
  seq.applyLabelMap();
  const g = new CfgBuilder();
  const d = seq.d;
  const n = seq.length;
  const isTarget = targetScratch(n + 1);
  let placeholder = false;
  for (let p = 0; p < n * F.STRIDE; p += F.STRIDE) {
    const opcode = d[p + F.OPCODE]!;
    if (hasTarget(opcode)) {
      const target = d[p + F.OPARG]!;
      if (target < 0 || target > n) throw new FlowgraphError('SystemError', 'jump target out of range');
      isTarget[target] = 1;
    }
    if (opcode === Op.ANNOTATIONS_PLACEHOLDER) placeholder = true;
  }
  if (!placeholder) {
    cutIntoBlocks(g, d, n, isTarget);
    return g;
  }
  // ANNOTATIONS_PLACEHOLDER is replaced by the annotations code (or dropped); the
  // instruction indices that serve as labels shift by `offset` after it.
  let offset = 0;
  for (let i = 0, p = 0; i < n; i++, p += F.STRIDE) {
    const opcode = d[p + F.OPCODE]!;
    if (opcode === Op.ANNOTATIONS_PLACEHOLDER) {
      const ann = seq.annotationsCode;
      if (ann !== null) {
        for (let q = 0; q < ann.length * F.STRIDE; q += F.STRIDE) addFlatInstruction(g, ann.d, q, ann.d[q + F.OPARG]!);
        offset += ann.length - 1;
      } else {
        offset -= 1;
      }
      continue;
    }
    if (isTarget[i]) g.useLabel(i + offset);
    addFlatInstruction(g, d, p, hasTarget(opcode) ? d[p + F.OPARG]! + offset : d[p + F.OPARG]!);
  }
  return g;
}

/** g.addop of the instruction at `p` of a sequence's fields, with oparg `oparg`. */
function addFlatInstruction(g: CfgBuilder, d: Int32Array, p: number, oparg: number): void {
  g.addop(d[p + F.OPCODE]!, oparg, {
    lineno: d[p + F.LINENO]!, endLineno: d[p + F.END_LINENO]!, colOffset: d[p + F.COL]!, endColOffset: d[p + F.END_COL]!,
  });
}

/** One jump-target table, reused by every call: a typed array over 64 bytes is an
 *  off-heap allocation costing about a microsecond, once per code unit. */
let sharedIsTarget = new Uint8Array(1024);

/** `sharedIsTarget`, zeroed over its first `n` entries. */
function targetScratch(n: number): Uint8Array {
  if (sharedIsTarget.length < n) sharedIsTarget = new Uint8Array(Math.max(n, sharedIsTarget.length * 2));
  sharedIsTarget.fill(0, 0, n);
  return sharedIsTarget;
}

/**
 * What the general loop of cfgFromInstructionSequence does, a block at a time: a block
 * ends before a jump target and after a terminator (CfgBuilder.maybeStartNewBlock).
 * `src` holds `n` instructions in a sequence's layout.
 */
function cutIntoBlocks(g: CfgBuilder, src: Int32Array, n: number, isTarget: Uint8Array): void {
  let block = g.entryblock;
  let start = 0;
  if (n > 0 && isTarget[0] === 1) block.label = 0;
  for (let i = 1; i < n; i++) {
    if (isTarget[i] === 0 && !isTerminatorOpcode(src[(i - 1) * F.STRIDE + F.OPCODE]!)) continue;
    fillBlock(block, src, start, i);
    block = g.useNextBlock(g.newBlock());
    if (isTarget[i] === 1) block.label = i;
    start = i;
  }
  if (n > 0) fillBlock(block, src, start, n);
}

/** Appends instructions [from, to) of `src` to the empty `block`, as as many
 *  basicblock_addop calls would. */
function fillBlock(block: BasicBlock, src: Int32Array, from: number, to: number): void {
  let p = block.takeSlots(to - from);
  const d = code.d; // read after takeSlots, which may have grown it
  for (let q = from * F.STRIDE; q < to * F.STRIDE; q += F.STRIDE, p += F.STRIDE) {
    d[p + F.OPCODE] = src[q + F.OPCODE]!;
    d[p + F.OPARG] = src[q + F.OPARG]!;
    d[p + F.LINENO] = src[q + F.LINENO]!;
    d[p + F.END_LINENO] = src[q + F.END_LINENO]!;
    d[p + F.COL] = src[q + F.COL]!;
    d[p + F.END_COL] = src[q + F.END_COL]!;
    // TARGET and EXCEPT stay 0 (none), as in fresh slots.
  }
}

/**
 * Resolves jump and handler targets of a CFG that is not the compiler's own output
 * (the assembler's test hook builds one from a raw instruction list).
 * CPython: Python/flowgraph.c _PyCfg_JumpLabelsToTargets
 */
export function jumpLabelsToTargets(g: CfgBuilder): void {
  translateJumpLabelsToTargets(g.entryblock, false);
  labelExceptionTargets(g.entryblock);
}

// ---------------------------------------------------------------------------
// Test hook

/**
 * Builds a CFG from `seq`, optimizes it (as for a unit with no parameters, first
 * line 1), selects borrowed loads and returns the resulting sequence; `consts` is
 * mutated as CPython mutates its list. CPython: Python/flowgraph.c _PyCompile_OptimizeCfg
 */
export function optimizeCfg(seq: InstructionSequence, consts: MarshalValue[], nlocals: number): InstructionSequence {
  const cache = new ConstCache(true);
  const g = cfgFromInstructionSequence(seq);
  optimizeCodeUnit(g, consts, cache, nlocals, 0, 1);
  calculateStackdepth(g);
  optimizeLoadFast(g);
  return cfgToInstructionSequence(g);
}
