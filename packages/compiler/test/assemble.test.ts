// The assembler (src/compiler/assemble.ts) against CPython 3.14's: pyodide builds code
// objects (hand-written instruction lists through _testinternalcapi.assemble_code_object,
// and real modules through compile), each is decoded back into the final instruction
// sequence the flowgraph would hand over, and tspy's makeCodeObject must rebuild the
// same co_code (EXTENDED_ARG, caches, jump offsets), co_linetable, co_exceptiontable,
// localsplus names and kinds, and the rest.
import { readStdlibSources, runPython } from '@tspy/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { Op } from '@tspy/bytecode';
import { AssemblerError, makeCodeObject } from '../src/compiler/assemble.js';
import { ConstTable, NameTable, type CodeUnitMetadata } from '../src/compiler/code_unit_metadata.js';
import { InstructionSequence } from '../src/compiler/instruction_sequence.js';
import { cpythonUnits, differences, type AssembleCase, type CaseInstruction, type RoundTripUnit } from './support/assemble-roundtrip.js';

const L = (label: number): CaseInstruction => ({ label });

function repeat(count: number, make: (i: number) => CaseInstruction[]): CaseInstruction[] {
  const out: CaseInstruction[] = [];
  for (let i = 0; i < count; i++) out.push(...make(i));
  return out;
}

const constPop = (line: number, col = 0): CaseInstruction[] => [
  ['LOAD_CONST', 0, line, line, col, col + 1],
  ['POP_TOP', null, line, line, col, col + 1],
];

/** A forward conditional jump over `pairs` LOAD_CONST/POP_TOP pairs (2 code units each). */
function forwardJumpOver(pairs: number): AssembleCase {
  return {
    title: `forward jump over ${pairs} pairs`,
    metadata: { consts: [null, 1] },
    insts: [
      ['RESUME', 0, 1, 1, 0, 0],
      ['LOAD_CONST', 1, 1, 1, 0, 1],
      ['POP_JUMP_IF_FALSE', 1, 1, 1, 0, 1],
      ...repeat(pairs, () => constPop(2)),
      L(1),
      ['LOAD_CONST', 0, 3, 3, 0, 1],
      ['RETURN_VALUE', null, 3, 3, 0, 1],
    ],
  };
}

/** A loop whose body is `pairs` pairs: the backward jump needs EXTENDED_ARG past 255 units. */
function backwardJumpOver(pairs: number): AssembleCase {
  return {
    title: `backward jump over ${pairs} pairs`,
    metadata: { consts: [null, 1], names: ['x'] },
    insts: [
      ['RESUME', 0, 1, 1, 0, 0],
      L(1),
      ['LOAD_NAME', 0, 2, 2, 0, 1],
      ['POP_JUMP_IF_FALSE', 2, 2, 2, 0, 1],
      ...repeat(pairs, () => constPop(3)),
      ['JUMP', 1, 4, 4, 0, 5],
      L(2),
      ['LOAD_CONST', 0, 5, 5, 0, 1],
      ['RETURN_VALUE', null, 5, 5, 0, 1],
    ],
  };
}

const locationCases: AssembleCase[] = [
  {
    title: 'locations: short, one-line, long, no-column and none forms',
    metadata: { consts: [null, 1], firstlineno: 10 },
    insts: [
      ['RESUME', 0, 10, 10, 0, 0],
      ...constPop(10, 5), // short form, same line
      ['LOAD_CONST', 1, 10, 10, 79, 94], // short form limits (col < 80, width < 16)
      ['POP_TOP', null, 10, 10, 80, 81], // column 80: one-line form
      ['LOAD_CONST', 1, 11, 11, 3, 127], // one-line, delta 1
      ['POP_TOP', null, 13, 13, 0, 2], // one-line, delta 2
      ['LOAD_CONST', 1, 16, 16, 0, 2], // delta 3: long form
      ['POP_TOP', null, 16, 16, 127, 128], // end col 128: long form
      ['LOAD_CONST', 1, 16, 16, 10, 5], // end before start: one-line form
      ['POP_TOP', null, 12, 12, 1, 2], // negative delta: long form
      ['LOAD_CONST', 1, 12, 14, 1, 2], // multi-line
      ['POP_TOP', null, 2000, 2100, 300, 4000], // big numbers: multi-byte varints
      ['LOAD_CONST', 1, 7, 7, -1, -1], // no columns
      ['POP_TOP', null, 9, -1, -1, -1], // no columns, no end line
      ['LOAD_CONST', 1, 9, 11, -1, -1], // multi-line without columns: long form
      ['POP_TOP', null, -1, -1, -1, -1], // no location
      ['LOAD_CONST', 0, 1, 1, 0, 4],
      ['RETURN_VALUE', null, 1, 1, 0, 4],
    ],
  },
  {
    title: 'locations: one location over more than 8 code units',
    metadata: { consts: [null], names: ['a', 'b'] },
    insts: [
      ['RESUME', 0, 1, 1, 0, 0],
      ['LOAD_NAME', 0, 2, 2, 0, 30],
      ['LOAD_NAME', 1, 2, 2, 0, 30],
      ['BINARY_OP', 0, 2, 2, 0, 30], // 6 code units with its caches
      ['LOAD_GLOBAL', 0, 2, 2, 0, 30], // 5 code units
      ['POP_TOP', null, 2, 2, 0, 30],
      ['POP_TOP', null, 2, 2, 0, 30],
      ['LOAD_CONST', 0, 2, 2, 0, 30],
      ['RETURN_VALUE', null, 2, 2, 0, 30],
    ],
  },
];

/** Deterministic pseudo-random integers in [0, n) (a 31-bit LCG, high bits). */
function randomSource(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor(state / 65536) % n;
  };
}

/** Random but well-formed positions (end line not before the line), mixing every form. */
function randomLocationCase(seed: number): AssembleCase {
  const next = randomSource(seed);
  const position = (): number[] => {
    const kind = next(8);
    if (kind === 0) return [-1, -1, -1, -1];
    const line = 1 + next(kind === 1 ? 5000 : 40);
    const endLine = next(4) === 0 ? line + next(kind === 2 ? 300 : 3) : line;
    if (kind === 3) return [line, next(2) === 0 ? -1 : endLine, -1, -1];
    const col = next(kind === 4 ? 400 : 120);
    const endCol = next(5) === 0 ? next(200) : col + next(kind === 5 ? 40 : 16);
    return [line, endLine, col, endCol];
  };
  const insts: CaseInstruction[] = [['RESUME', 0, 1, 1, 0, 0]];
  for (let i = 0; i < 40; i++) {
    insts.push(['LOAD_CONST', 0, ...position()], ['POP_TOP', null, ...position()]);
  }
  insts.push(['LOAD_CONST', 0, ...position()], ['RETURN_VALUE', null, ...position()]);
  return { title: `locations: random positions, seed ${seed}`, metadata: { consts: [null], firstlineno: 1 + next(30) }, insts };
}

locationCases.push(...Array.from({ length: 30 }, (_, i) => randomLocationCase(i + 1)));

const handlerCases: AssembleCase[] = [
  {
    // "try: pass / except: pass" as test_compiler_assemble.py writes it (3.14 opcodes)
    title: 'exception table: try/except',
    metadata: { consts: [null] },
    insts: [
      ['RESUME', 0, 1, 1, 0, 0],
      ['SETUP_FINALLY', 3, 1, 1, 0, 1],
      ['NOP', null, 2, 2, 4, 8],
      ['POP_BLOCK', null, -1, -1, -1, -1],
      ['LOAD_CONST', 0, 2, 2, 4, 8],
      ['RETURN_VALUE', null, 2, 2, 4, 8],
      L(3),
      ['SETUP_CLEANUP', 8, 3, 3, 0, 6],
      ['PUSH_EXC_INFO', null, 3, 3, 0, 6],
      ['POP_TOP', null, 3, 3, 0, 6],
      ['POP_BLOCK', null, -1, -1, -1, -1],
      ['POP_EXCEPT', null, 4, 4, 4, 8],
      ['LOAD_CONST', 0, 4, 4, 4, 8],
      ['RETURN_VALUE', null, 4, 4, 4, 8],
      L(8),
      ['COPY', 3, -1, -1, -1, -1],
      ['POP_EXCEPT', null, -1, -1, -1, -1],
      ['RERAISE', 1, -1, -1, -1, -1],
    ],
  },
  {
    title: 'exception table: a protected range longer than 64 code units, handler far away',
    metadata: { consts: [null, 1] },
    insts: [
      ['RESUME', 0, 1, 1, 0, 0],
      ['SETUP_FINALLY', 3, 1, 1, 0, 1],
      ...repeat(200, (i) => constPop(2 + (i % 3))),
      ['POP_BLOCK', null, -1, -1, -1, -1],
      ['LOAD_CONST', 0, 9, 9, 0, 1],
      ['RETURN_VALUE', null, 9, 9, 0, 1],
      L(3),
      ['PUSH_EXC_INFO', null, 10, 10, 0, 6],
      ['POP_TOP', null, 10, 10, 0, 6],
      ['POP_EXCEPT', null, 10, 10, 0, 6],
      ['LOAD_CONST', 0, 10, 10, 0, 6],
      ['RETURN_VALUE', null, 10, 10, 0, 6],
    ],
  },
];

const localsplusCases: AssembleCase[] = [
  {
    title: 'localsplus: arguments of every kind, cells, free variables, hidden locals',
    metadata: {
      consts: [null],
      varnames: ['p', 'a', 'k', 'args', 'kwargs', 'x', 'y', 'h'],
      cellvars: ['a', 'c', 'x', 'd'],
      freevars: ['f1', 'f0'],
      fasthidden: { h: true, y: false },
      posonlyargcount: 1,
      argcount: 1,
      kwonlyargcount: 1,
    },
    insts: [
      ['RESUME', 0, 1, 1, 0, 0],
      ['LOAD_CONST', 0, 1, 1, 0, 1],
      ['RETURN_VALUE', null, 1, 1, 0, 1],
    ],
  },
  {
    title: 'the simple expression of test_compiler_assemble.py',
    metadata: { name: 'avg', qualname: 'stats.avg', filename: 'avg.py', consts: [2], argcount: 2, varnames: ['x', 'y'] },
    insts: [
      ['RESUME', 0],
      ['LOAD_FAST', 0, 1],
      ['LOAD_FAST', 1, 1],
      ['BINARY_OP', 0, 1],
      ['LOAD_CONST', 0, 1],
      ['BINARY_OP', 11, 1],
      ['RETURN_VALUE', null, 1],
    ],
  },
];

const jumpCases: AssembleCase[] = [
  ...[1, 100, 126, 127, 128, 129, 130, 300, 32_767, 32_768, 33_000].map(forwardJumpOver),
  ...[1, 100, 124, 125, 126, 127, 128, 129, 130, 300, 32_766, 32_767, 32_768].map(backwardJumpOver),
];

/** Modules whose every code object is reassembled (a mix of loops, try, with, async, match, classes). */
const MODULES = ['bisect.py', 'contextlib.py', 'asyncio/taskgroups.py', 'json/decoder.py', 'dataclasses.py', 'ast.py', 'typing.py', 'fractions.py', 'inspect.py'];

describe('makeCodeObject against CPython 3.14 assemble', () => {
  let units: RoundTripUnit[] = [];
  let errors: string[] = [];

  beforeAll(async () => {
    const wanted = new Set(MODULES);
    const sources = readStdlibSources().filter((e) => wanted.has(e.name)).map((e): [string, Uint8Array] => [e.name, e.bytes]);
    expect(sources.length).toBe(MODULES.length);
    ({ units, errors } = await cpythonUnits([...jumpCases, ...locationCases, ...handlerCases, ...localsplusCases], sources));
  });

  it('CPython assembles every hand-written case', () => {
    expect(errors).toEqual([]);
  });

  function check(select: (u: RoundTripUnit) => boolean, minimum: number): void {
    const picked = units.filter(select);
    expect(picked.length).toBeGreaterThanOrEqual(minimum);
    const misses: string[] = [];
    for (const unit of picked) {
      let diffs: string[];
      try {
        diffs = differences(unit.build(), unit.expected);
      } catch (error) {
        diffs = [`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
      }
      if (diffs.length > 0) misses.push(`${unit.title}: ${diffs.map((d) => (d.length > 400 ? `${d.slice(0, 400)}...` : d)).join('; ')}`);
    }
    console.log(`${picked.length - misses.length}/${picked.length} code objects equal to CPython's`);
    expect(misses).toEqual([]);
  }

  it('long forward and backward jumps (EXTENDED_ARG around 255 and 65535 code units)', () => {
    check((u) => u.title.includes('jump over'), jumpCases.length);
  });

  it('location table forms', () => {
    check((u) => u.title.startsWith('locations'), locationCases.length);
  });

  it('exception tables', () => {
    check((u) => u.title.startsWith('exception table'), handlerCases.length);
  });

  it('localsplus names and kinds, metadata', () => {
    check((u) => u.title.startsWith('localsplus') || u.title.startsWith('the simple'), localsplusCases.length);
  });

  it('every code object of several stdlib modules', () => {
    check((u) => MODULES.some((m) => u.title.startsWith(`${m} `)), 200);
  });
});

describe('InstructionSequence labels against _testinternalcapi.new_instruction_sequence', () => {
  const OPCODES: Record<string, number> = {
    NOP: Op.NOP, POP_TOP: Op.POP_TOP, LOAD_CONST: Op.LOAD_CONST, POP_JUMP_IF_FALSE: Op.POP_JUMP_IF_FALSE,
    FOR_ITER: Op.FOR_ITER, JUMP: Op.JUMP, SETUP_FINALLY: Op.SETUP_FINALLY, SETUP_CLEANUP: Op.SETUP_CLEANUP,
  };
  const TARGETED = new Set(['POP_JUMP_IF_FALSE', 'FOR_ITER', 'JUMP', 'SETUP_FINALLY', 'SETUP_CLEANUP']);
  type Step = ['label'] | ['use', number] | ['op', string, number, number];

  /** A random program of new_label / use_label / addop steps (deterministic seed). */
  function program(seed: number): Step[] {
    let state = seed;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return Math.floor(state / 65536) % n;
    };
    const steps: Step[] = [];
    let labels = 0;
    const used = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const roll = next(10);
      if (roll < 2) steps.push(['label'], ['use', ++labels]);
      else if (roll < 3 && labels > 0) {
        const label = 1 + next(labels);
        if (!used.has(label)) steps.push(['use', label]), used.add(label);
      } else {
        const names = Object.keys(OPCODES);
        const name = names[next(names.length)]!;
        if (TARGETED.has(name)) {
          steps.push(['label']);
          labels++;
          steps.push(['op', name, labels, i]);
          if (next(2) === 0) steps.push(['use', labels]); // a label placed right after its jump
        } else steps.push(['op', name, name === 'LOAD_CONST' ? next(300) : 0, i]);
      }
    }
    // every label gets placed (CPython only maps placed labels meaningfully)
    for (let l = 1; l <= labels; l++) steps.push(['use', l]);
    return steps;
  }

  it('applies the label map like CPython', async () => {
    const programs = Array.from({ length: 40 }, (_, seed) => program(seed + 1));
    const reply = await runPython(`
import json, opcode, _testinternalcapi
out = []
for steps in json.loads(${JSON.stringify(JSON.stringify(programs))}):
    seq = _testinternalcapi.new_instruction_sequence()
    for step in steps:
        if step[0] == 'label':
            seq.new_label()
        elif step[0] == 'use':
            seq.use_label(step[1])
        else:
            seq.addop(opcode.opmap[step[1]], step[2], step[3], step[3], 0, 1)
    out.append([list(t) for t in seq.get_instructions()])
print(json.dumps(out))
`);
    const expected = JSON.parse(reply) as (number | null)[][][];
    programs.forEach((steps, k) => {
      const seq = new InstructionSequence();
      for (const step of steps) {
        if (step[0] === 'label') seq.newLabel();
        else if (step[0] === 'use') seq.useLabel(step[1]);
        else seq.addOp(OPCODES[step[1]]!, step[2], { lineno: step[3], endLineno: step[3], colOffset: 0, endColOffset: 1 });
      }
      seq.applyLabelMap();
      const actual = seq.instrs.map((ins, i) => [ins.opcode, expected[k]![i]?.[1] === null ? null : ins.oparg, ins.loc.lineno, ins.loc.endLineno, ins.loc.colOffset, ins.loc.endColOffset]);
      expect(actual, `program ${k}`).toEqual(expected[k]);
    });
  });
});

describe('makeCodeObject refuses what the flowgraph must have removed', () => {
  const metadata = (): CodeUnitMetadata => ({
    name: 'f', qualname: 'f', consts: new ConstTable(), names: new NameTable(), varnames: new NameTable(),
    cellvars: new NameTable(), freevars: new NameTable(), fasthidden: new Map(),
    argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, firstlineno: 1,
  });
  const loc = { lineno: 1, endLineno: 1, colOffset: 0, endColOffset: 1 };

  it('throws AssemblerError for a pseudo instruction', () => {
    const seq = new InstructionSequence();
    seq.addOp(Op.SETUP_FINALLY, 1, loc);
    seq.addOp(Op.RETURN_VALUE, 0, loc);
    expect(() => makeCodeObject(metadata(), null, [], 1, seq, 0, 0, 'f.py')).toThrow(AssemblerError);
  });

  it('throws AssemblerError for a conditional jump backwards', () => {
    const seq = new InstructionSequence();
    seq.addOp(Op.NOP, 0, loc);
    seq.addOp(Op.POP_JUMP_IF_TRUE, 0, loc);
    seq.addOp(Op.RETURN_VALUE, 0, loc);
    expect(() => makeCodeObject(metadata(), null, [], 1, seq, 0, 0, 'f.py')).toThrow(AssemblerError);
  });
});
