// The flowgraph stage: an instruction sequence becomes a control flow graph, is
// optimized, laid out, and turned back into an instruction sequence for the assembler.
// CPython: Python/flowgraph.c (entry points, preprocessing, layout); the passes live
// in the flowgraph_*.ts siblings.
import type { MarshalValue } from '@tspy/bytecode';
import { Op } from './opcode_utils.js';
import type { CodeUnitMetadata } from './code_unit_metadata.js';
import { type Instruction, InstructionSequence } from './instruction_sequence.js';
import {
  type BasicBlock,
  CfgBuilder,
  CfgInstr,
  type ExceptStack,
  FlowgraphError,
  getMaxLabel,
  isJump,
  makeCfgTraversalStack,
} from './flowgraph_cfg.js';
import {
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
  let blockOps = false;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    const instrs = b.instrs;
    for (let i = 0; i < instrs.length; i++) {
      const instr = instrs[i]!;
      const opcode = instr.opcode;
      if (!hasTarget(opcode)) {
        if (opcode === Op.POP_BLOCK) blockOps = true;
        continue;
      }
      const oparg = instr.oparg;
      const target = oparg >= 0 && oparg < label2block.length ? label2block[oparg]! : null;
      if (target === null) throw new FlowgraphError('SystemError', 'jump to an unknown label');
      instr.target = target;
      if (isBlockPushOpcode(opcode)) {
        blockOps = true;
        if (markHandlers) target.exceptHandler = true;
      }
    }
  }
  return blockOps;
}

// CPython: Python/flowgraph.c push_except_block
function pushExceptBlock(stack: ExceptStack, setup: CfgInstr): BasicBlock {
  const target = setup.target!;
  if (setup.opcode === Op.SETUP_WITH || setup.opcode === Op.SETUP_CLEANUP) target.preserveLasti = true;
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

/**
 * Walks the CFG with a stack of active handlers, setting each instruction's `except`
 * target, turning POP_BLOCK into NOP, and marking RESUMEs after a yield at depth 1.
 * CPython: Python/flowgraph.c label_exception_targets
 */
function labelExceptionTargets(entryblock: BasicBlock): void {
  const todo = makeCfgTraversalStack(entryblock);
  entryblock.visited = true;
  entryblock.exceptstack = { handlers: [null], depth: 0 };
  todo.push(entryblock);
  while (todo.length > 0) {
    const b = todo.pop()!;
    let exceptStack: ExceptStack | null = b.exceptstack!;
    b.exceptstack = null;
    let handler = exceptStack.handlers[exceptStack.depth] ?? null;
    let lastYieldExceptDepth = -1;
    for (const instr of b.instrs) {
      if (isBlockPushOpcode(instr.opcode)) {
        const target = instr.target!;
        if (!target.visited) {
          target.exceptstack = copyExceptStack(exceptStack!);
          todo.push(target);
          target.visited = true;
        }
        handler = pushExceptBlock(exceptStack!, instr);
      } else if (instr.opcode === Op.POP_BLOCK) {
        handler = popExceptBlock(exceptStack!);
        instr.setOp(Op.NOP, 0);
      } else if (isJump(instr)) {
        instr.except = handler;
        const target = instr.target!;
        if (!target.visited) {
          if (b.hasFallthrough()) {
            target.exceptstack = copyExceptStack(exceptStack!);
          } else {
            target.exceptstack = exceptStack;
            exceptStack = null;
          }
          todo.push(target);
          target.visited = true;
        }
      } else if (instr.opcode === Op.YIELD_VALUE) {
        instr.except = handler;
        lastYieldExceptDepth = exceptStack!.depth;
      } else if (instr.opcode === Op.RESUME) {
        instr.except = handler;
        if (instr.oparg !== RESUME_AT_FUNC_START) {
          if (lastYieldExceptDepth === 1) instr.oparg |= RESUME_OPARG_DEPTH1_MASK;
          lastYieldExceptDepth = -1;
        }
      } else {
        instr.except = handler;
      }
    }
    if (b.hasFallthrough() && b.next !== null && !b.next.visited) {
      b.next.exceptstack = exceptStack;
      todo.push(b.next);
      b.next.visited = true;
    }
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
    const instrs = b.instrs;
    for (let i = 0; i < instrs.length; i++) {
      const instr = instrs[i]!;
      if (instr.opcode === Op.JUMP_IF_FALSE || instr.opcode === Op.JUMP_IF_TRUE) {
        instr.opcode = instr.opcode === Op.JUMP_IF_FALSE ? Op.POP_JUMP_IF_FALSE : Op.POP_JUMP_IF_TRUE;
        const loc = instr.loc;
        b.insertInstruction(i++, new CfgInstr(Op.COPY, 1, loc, null, instr.except));
        b.insertInstruction(i++, new CfgInstr(Op.TO_BOOL, 0, loc, null, instr.except));
      }
    }
  }
}

// CPython: Python/flowgraph.c convert_pseudo_ops
function convertPseudoOps(g: CfgBuilder): void {
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    for (const instr of b.instrs) {
      if (isBlockPushOpcode(instr.opcode)) instr.setOp(Op.NOP, 0);
      else if (instr.opcode === Op.LOAD_CLOSURE) instr.opcode = Op.LOAD_FAST;
      else if (instr.opcode === Op.STORE_FAST_MAYBE_NULL) instr.opcode = Op.STORE_FAST;
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
  if (last === null || !isConditionalJumpOpcode(last.opcode)) return;
  const isForward = !last.target!.visited;
  if (isForward) {
    b.addop(Op.NOT_TAKEN, 0, last.loc);
    return;
  }
  const target = last.target!;
  const backwardsJump = g.newBlock();
  backwardsJump.addop(Op.NOT_TAKEN, 0, last.loc);
  backwardsJump.addJump(Op.JUMP, target, last.loc);
  backwardsJump.startdepth = target.startdepth;
  last.opcode = REVERSED_CONDITIONAL[last.opcode]!;
  last.target = b.next;
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
const MAX_OPCODE = 511;
const OPARG_LIMIT = 1 << 30;

/**
 * Lays the blocks out in order into `seq`, jump and handler targets resolved to
 * instruction indices. The CfgInstr objects themselves become the sequence's
 * instructions (no copy); CPython labels each block, emits jumps to labels and then
 * applies the label map, which gives the same indices: a block's label is the index
 * of the first instruction at or after its start.
 * CPython: Python/flowgraph.c _PyCfg_ToInstructionSequence
 */
export function cfgToInstructionSequence(g: CfgBuilder, seq: InstructionSequence): void {
  const first = seq.instrs.length;
  let start = first;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    b.label = start;
    start += b.instrs.length;
  }
  // Sized once: pushing one by one would copy the array each time it grows. A fresh
  // array is made at its size; growing one through its length setter is a runtime call.
  let out = seq.instrs;
  if (first === 0) seq.instrs = out = new Array<Instruction>(start);
  else out.length = start;
  let at = first;
  for (let b: BasicBlock | null = g.entryblock; b !== null; b = b.next) {
    const instrs = b.instrs;
    for (let i = 0; i < instrs.length; i++) {
      const instr = instrs[i]!;
      const opcode = instr.opcode;
      if (hasTarget(opcode)) instr.oparg = instr.target!.label;
      if (!(opcode >= 0 && opcode <= MAX_OPCODE) || !(instr.oparg >= 0 && instr.oparg < OPARG_LIMIT)) {
        throw new RangeError(`bad instruction: opcode ${opcode}, oparg ${instr.oparg}`);
      }
      const handler = instr.except;
      if (handler !== null) {
        instr.handlerLabel = handler.label;
        instr.handlerStartDepth = handler.startdepth;
        instr.handlerPreserveLasti = handler.preserveLasti ? 1 : 0;
      } else {
        instr.handlerLabel = -1;
        instr.handlerStartDepth = -1;
        instr.handlerPreserveLasti = 0;
      }
      out[at++] = instr;
    }
  }
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
  const seq = new InstructionSequence();
  cfgToInstructionSequence(g, seq);
  return { stackdepth, nlocalsplus, seq };
}

// ---------------------------------------------------------------------------
// Construction from an instruction sequence

/**
 * Cuts `seq` into basic blocks. With `adoptInstructions`, instructions that already are
 * CfgInstr objects move into the blocks instead of being copied (one allocation per
 * instruction less); `seq` must not be used afterwards.
 * CPython: Python/flowgraph.c _PyCfg_FromInstructionSequence
 */
export function cfgFromInstructionSequence(seq: InstructionSequence, adoptInstructions = false): CfgBuilder {
  const adopt = adoptInstructions;
  seq.applyLabelMap();
  const g = new CfgBuilder();
  const instrs = seq.instrs;
  const n = instrs.length;
  const isTarget = targetScratch(n + 1);
  let adoptAll = adopt;
  for (let i = 0; i < n; i++) {
    const instr = instrs[i]!;
    if (hasTarget(instr.opcode)) {
      if (instr.oparg < 0 || instr.oparg > n) throw new FlowgraphError('SystemError', 'jump target out of range');
      isTarget[instr.oparg] = 1;
    }
    if (!(instr instanceof CfgInstr) || instr.opcode === Op.ANNOTATIONS_PLACEHOLDER) adoptAll = false;
  }
  if (adoptAll) {
    cutIntoBlocks(g, instrs as CfgInstr[], isTarget);
    return g;
  }
  // ANNOTATIONS_PLACEHOLDER is replaced by the annotations code (or dropped); the
  // instruction indices that serve as labels shift by `offset` after it.
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const instr = instrs[i]!;
    if (instr.opcode === Op.ANNOTATIONS_PLACEHOLDER) {
      const ann = seq.annotationsCode;
      if (ann !== null) {
        for (const annInstr of ann.instrs) addInstruction(g, annInstr, annInstr.oparg, adopt);
        offset += ann.instrs.length - 1;
      } else {
        offset -= 1;
      }
      continue;
    }
    if (isTarget[i]) g.useLabel(i + offset);
    const oparg = hasTarget(instr.opcode) ? instr.oparg + offset : instr.oparg;
    addInstruction(g, instr, oparg, adopt);
  }
  return g;
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
 * What the loop of cfgFromInstructionSequence does when it adopts every instruction,
 * a block at a time: a block ends before a jump target and after a terminator
 * (CfgBuilder.maybeStartNewBlock), and takes its run of instructions as one slice.
 */
function cutIntoBlocks(g: CfgBuilder, instrs: CfgInstr[], isTarget: Uint8Array): void {
  let block = g.entryblock;
  let start = 0;
  if (instrs.length > 0 && isTarget[0] === 1) block.label = 0;
  for (let i = 1; i < instrs.length; i++) {
    if (isTarget[i] === 0 && !isTerminatorOpcode(instrs[i - 1]!.opcode)) continue;
    block.adoptRun(instrs.slice(start, i));
    block = g.useNextBlock(g.newBlock());
    if (isTarget[i] === 1) block.label = i;
    start = i;
  }
  if (instrs.length > 0) block.adoptRun(instrs.slice(start));
}

/** Appends `instr` with `oparg` to the CFG: the object itself when it may be adopted. */
function addInstruction(g: CfgBuilder, instr: Instruction, oparg: number, adopt: boolean): void {
  if (adopt && instr instanceof CfgInstr) {
    instr.oparg = oparg;
    g.addInstr(instr);
  } else {
    g.addop(instr.opcode, oparg, instr.loc);
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
  const out = new InstructionSequence();
  cfgToInstructionSequence(g, out);
  return out;
}
