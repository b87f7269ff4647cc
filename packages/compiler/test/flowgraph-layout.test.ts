// The flowgraph's whole back half against CPython 3.14: CPython's own codegen output
// (`_testinternalcapi.compiler_codegen`, pyodide) goes through tspy's
// cfgFromInstructionSequence → optimizeCodeUnit → optimizedCfgToInstructionSequence, and
// the result must match the code object `compile()` produces for the same unit:
// instructions (pseudo jumps resolved by direction as the assembler does), jump targets,
// locations, each instruction's exception handler (target, depth, lasti), the stack size
// (calculate_stackdepth) and the localsplus layout (prepare_localsplus: MAKE_CELL,
// COPY_FREE_VARS, RETURN_GENERATOR, cell offsets) and borrowed loads (optimize_load_fast).
// Constant opargs are not compared (the optimize_cfg test checks constants).
import { beforeAll, describe, expect, it } from 'vitest';
import { cfgFromInstructionSequence, optimizeCodeUnit, optimizedCfgToInstructionSequence } from '../src/compiler/flowgraph.js';
import { ConstTable, NameTable, type CodeUnitMetadata } from '../src/compiler/code_unit_metadata.js';
import { Op, hasArg, hasConst, hasTarget } from '../src/compiler/opcode_utils.js';
import { buildSequence, flowgraphLayoutOracle, type LayoutUnit, type Tuple6 } from './support/flowgraph-oracle.js';
import { CodeRegistry, decodeConst } from './support/flowgraph-consts.js';
import { FLOWGRAPH_CORPUS, stdlibSample } from './support/flowgraph-corpus.js';

type Row = [number, number, number, number, number, number, [number, number, number] | null];

function metadata(unit: LayoutUnit): CodeUnitMetadata {
  return {
    name: unit.name,
    qualname: unit.name,
    consts: new ConstTable(),
    names: new NameTable(),
    varnames: new NameTable(unit.varnames),
    cellvars: new NameTable(unit.cellvars),
    freevars: new NameTable(unit.freevars),
    fasthidden: new Map(),
    argcount: 0,
    posonlyargcount: 0,
    kwonlyargcount: 0,
    firstlineno: unit.firstlineno,
  };
}

/** The assembler's choice of real jump (CPython: assemble.c resolve_unconditional_jumps). */
function realJump(op: number, index: number, target: number): number {
  const forward = target > index;
  if (op === Op.JUMP) return forward ? Op.JUMP_FORWARD : Op.JUMP_BACKWARD;
  if (op === Op.JUMP_NO_INTERRUPT) return forward ? Op.JUMP_FORWARD : Op.JUMP_BACKWARD_NO_INTERRUPT;
  return op;
}

function runTspy(unit: LayoutUnit): { rows: Row[]; stacksize: number } {
  const codes = new CodeRegistry();
  const consts = unit.consts.map((c) => decodeConst(c, codes));
  const g = cfgFromInstructionSequence(buildSequence(unit.instrs));
  optimizeCodeUnit(g, consts, null, unit.varnames.length, unit.nparams, unit.firstlineno);
  const { stackdepth, seq } = optimizedCfgToInstructionSequence(g, metadata(unit), unit.flags);
  const rows = seq.instrs.map((i, k): Row => {
    let arg = hasArg(i.opcode) || hasTarget(i.opcode) ? i.oparg : 0;
    if (hasConst(i.opcode)) arg = -1;
    const h = i.exceptHandlerInfo;
    const handler: Row[6] = h.label >= 0 ? [h.label, h.startDepth - 1 - h.preserveLasti, h.preserveLasti] : null;
    const op = hasTarget(i.opcode) ? realJump(i.opcode, k, i.oparg) : i.opcode;
    // The assembler points END_ASYNC_FOR's oparg at the END_SEND after its SEND target
    // (CPython: assemble.c END_SEND_OFFSET): SEND, YIELD_VALUE, RESUME, JUMP_BACKWARD_NO_INTERRUPT.
    if (i.opcode === Op.END_ASYNC_FOR) arg += 4;
    return [op, arg, i.loc.lineno, i.loc.endLineno, i.loc.colOffset, i.loc.endColOffset, handler];
  });
  // The assembler gives NEXT_LOCATION (all -2) the following instruction's location
  // (CPython: assemble.c), back to front.
  for (let k = rows.length - 2; k >= 0; k--) {
    const r = rows[k]!;
    if (r[2] === -2 && r[3] === -2 && r[4] === -2 && r[5] === -2) {
      const next = rows[k + 1]!;
      r[2] = next[2];
      r[3] = next[3];
      r[4] = next[4];
      r[5] = next[5];
    }
  }
  return { rows, stacksize: stackdepth };
}

function compare(unit: LayoutUnit): string | null {
  let mine: { rows: Row[]; stacksize: number };
  try {
    mine = runTspy(unit);
  } catch (e) {
    return `tspy raised ${(e as Error).name}: ${(e as Error).message}`;
  }
  const expected = unit.final;
  const n = Math.max(expected.length, mine.rows.length);
  for (let k = 0; k < n; k++) {
    const a = JSON.stringify(expected[k] ?? null);
    const b = JSON.stringify(mine.rows[k] ?? null);
    if (a !== b) {
      const from = Math.max(0, k - 2);
      const show = (xs: Row[]) => xs.slice(from, k + 3).map((x) => JSON.stringify(x)).join(' ');
      return `instr ${k} differs (of ${expected.length}/${mine.rows.length}):\n  cpython ${show(expected)}\n  tspy    ${show(mine.rows)}`;
    }
  }
  if (mine.stacksize !== unit.stacksize) return `stack size ${mine.stacksize}, CPython ${unit.stacksize}`;
  return null;
}

function summarize(label: string, units: LayoutUnit[]): { equal: number; total: number; failures: string[] } {
  let equal = 0;
  let total = 0;
  let skipped = 0;
  const failures: string[] = [];
  for (const unit of units) {
    if (unit.skip !== undefined) {
      skipped++;
      continue;
    }
    total++;
    const failure = compare(unit);
    if (failure === null) equal++;
    else failures.push(`${unit.name}: ${failure}`);
  }
  console.log(`flowgraph layout ${label}: ${equal}/${total} units equal to compile() (${skipped} skipped)`);
  for (const f of failures.slice(0, 8)) console.log('  ' + f);
  return { equal, total, failures };
}

describe('flowgraph layout (optimizedCfgToInstructionSequence) vs compile()', () => {
  let corpusUnits: LayoutUnit[] = [];
  let stdlibUnits: LayoutUnit[] = [];

  beforeAll(async () => {
    corpusUnits = await flowgraphLayoutOracle(FLOWGRAPH_CORPUS);
    const { sample } = stdlibSample(7, 10);
    stdlibUnits = await flowgraphLayoutOracle(sample);
  }, 120_000);

  it('matches on the corpus of snippets', () => {
    const { equal, total, failures } = summarize('corpus', corpusUnits);
    expect(total).toBeGreaterThan(100);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(equal).toBe(total);
  });

  it('matches on a sample of stdlib modules', () => {
    const { equal, total, failures } = summarize('stdlib sample', stdlibUnits);
    expect(total).toBeGreaterThan(1000);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(equal).toBe(total);
  });
});
