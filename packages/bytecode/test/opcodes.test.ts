// The generated instruction tables against CPython 3.14 (pyodide): opcode numbers, names,
// stack effects, has_* predicates, cache counts and formats, families and the deopt map.
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import {
  Op, opName, HAVE_ARGUMENT, MIN_INSTRUMENTED_OPCODE, MAX_REAL_OPCODE, stackEffectOrNull, stackEffect, numPopped,
  numPushed, cacheCount, deopt, hasArg, hasConst, hasName, hasJump, hasFree, hasLocal, hasExc, isValidOpcode,
  isPseudo, pseudoTargets, specializations, cacheFormat, InvalidOpcodeError, isSpecialized, isInstrumented,
} from '../src/opcodes.js';

const MAX_OP = 300;
const MAX_ORACLE_OPARG = 300;

interface Expected {
  opmap: Record<string, number>;
  specializedOpmap: Record<string, number>;
  haveArgument: number;
  minInstrumented: number;
  allOpname: string[];
  /** Per opcode, per oparg 0..MAX_ORACLE_OPARG: [jump=None, jump=True, jump=False], null for ValueError. */
  effects: (number | null)[][][];
  has: boolean[][];
  valid: boolean[];
  inlineCacheEntries: Record<string, number>;
  specializations: Record<string, string[]>;
  cacheFormat: [string, [string, number][]][];
}

const ORACLE = String.raw`
import json, opcode, _opcode, _opcode_metadata as m, dis
def eff(op, a, j):
    try:
        return _opcode.stack_effect(op, a, jump=j)
    except ValueError:
        return None
effects = [[[eff(op, a, None), eff(op, a, True), eff(op, a, False)] for a in range(${MAX_ORACLE_OPARG} + 1)] for op in range(${MAX_OP})]
has = [[_opcode.has_arg(op), _opcode.has_const(op), _opcode.has_name(op), _opcode.has_jump(op),
        _opcode.has_free(op), _opcode.has_local(op), _opcode.has_exc(op)] for op in range(${MAX_OP})]
print(json.dumps(dict(
    opmap=m.opmap, specializedOpmap=m._specialized_opmap, haveArgument=m.HAVE_ARGUMENT,
    minInstrumented=m.MIN_INSTRUMENTED_OPCODE, allOpname=dis._all_opname, effects=effects, has=has,
    valid=[_opcode.is_valid(op) for op in range(${MAX_OP})],
    inlineCacheEntries=opcode._inline_cache_entries, specializations=m._specializations,
    cacheFormat=[[k, list(v.items())] for k, v in dis._cache_format.items()])))
`;

let expected: Expected;

beforeAll(async () => {
  expected = JSON.parse(await runPython(ORACLE)) as Expected;
}, 60_000);

const opEntries = (): [string, number][] => Object.entries(Op) as [string, number][];

describe('opcode numbers and names', () => {
  it('Op is opmap + _specialized_opmap, both ways', () => {
    expect(Object.fromEntries(opEntries().sort((a, b) => a[1] - b[1]))).toEqual(
      Object.fromEntries(Object.entries({ ...expected.opmap, ...expected.specializedOpmap }).sort((a, b) => a[1] - b[1])),
    );
  });

  it('HAVE_ARGUMENT, MIN_INSTRUMENTED_OPCODE', () => {
    expect(HAVE_ARGUMENT).toBe(expected.haveArgument);
    expect(MIN_INSTRUMENTED_OPCODE).toBe(expected.minInstrumented);
    expect(MAX_REAL_OPCODE).toBe(254);
  });

  it('opName is dis._all_opname', () => {
    expect([...opName]).toEqual(expected.allOpname);
  });

  it('pseudo, specialized and instrumented ranges', () => {
    for (const [name, op] of opEntries()) {
      expect(isPseudo(op), name).toBe(op >= 256);
      expect(isSpecialized(op), name).toBe(name in expected.specializedOpmap);
      expect(isInstrumented(op), name).toBe(name.startsWith('INSTRUMENTED_') || (op >= MIN_INSTRUMENTED_OPCODE && op <= 254));
      if (isPseudo(op)) expect(pseudoTargets(op).length, name).toBeGreaterThan(0);
      else expect(pseudoTargets(op), name).toEqual([]);
    }
    expect(pseudoTargets(Op.JUMP)).toEqual([Op.JUMP_FORWARD, Op.JUMP_BACKWARD]);
    expect(pseudoTargets(Op.LOAD_CLOSURE)).toEqual([Op.LOAD_FAST]);
  });
});

describe('stack effects', () => {
  it('stackEffect(op, oparg, jump) is _opcode.stack_effect for every op < 300, oparg 0..300', () => {
    const misses: string[] = [];
    let checked = 0;
    for (let op = 0; op < MAX_OP; op++) {
      for (let oparg = 0; oparg <= MAX_ORACLE_OPARG; oparg++) {
        const want = expected.effects[op]![oparg]!;
        const got = [stackEffectOrNull(op, oparg), stackEffectOrNull(op, oparg, true), stackEffectOrNull(op, oparg, false)];
        checked += 3;
        if (want[0] !== got[0] || want[1] !== got[1] || want[2] !== got[2]) {
          if (misses.length < 20) misses.push(`${opName[op] ?? op}(${oparg}): CPython ${JSON.stringify(want)}, tspy ${JSON.stringify(got)}`);
        }
      }
    }
    console.log(`stack effects: ${checked} checked, ${misses.length === 0 ? 0 : '>=' + misses.length} differ`);
    expect(misses).toEqual([]);
  });

  it('stackEffect throws InvalidOpcodeError where CPython raises ValueError', () => {
    expect(() => stackEffect(Op.LOAD_ATTR_SLOT, 0)).toThrow(InvalidOpcodeError);
    expect(() => stackEffect(121, 0)).toThrow(InvalidOpcodeError);
    expect(() => stackEffect(-1, 0)).toThrow(InvalidOpcodeError);
    expect(stackEffect(Op.SETUP_FINALLY, 0, false)).toBe(0);
  });

  it('numPushed - numPopped is the stack effect, both non-negative, for every non-specialized opcode', () => {
    for (const [name, op] of opEntries()) {
      if (name in expected.specializedOpmap) continue;
      for (const oparg of [0, 1, 2, 3, 7, 256, 257]) {
        const popped = numPopped(op, oparg);
        const pushed = numPushed(op, oparg);
        expect(popped, name).toBeGreaterThanOrEqual(0);
        expect(pushed, name).toBeGreaterThanOrEqual(0);
        expect(pushed - popped, `${name}(${oparg})`).toBe(expected.effects[op]![oparg]![0]);
      }
    }
  });

  it('specialized instructions have a stack effect too (the VM needs it)', () => {
    for (const op of Object.values(expected.specializedOpmap)) {
      expect(numPopped(op, 1), opName[op]).toBeGreaterThanOrEqual(0);
      expect(numPushed(op, 1), opName[op]).toBeGreaterThanOrEqual(0);
    }
    expect(numPopped(999, 0)).toBe(-1);
  });
});

describe('predicates and tables', () => {
  it('has_arg/const/name/jump/free/local/exc and is_valid for every op < 300', () => {
    const misses: string[] = [];
    for (let op = 0; op < MAX_OP; op++) {
      const got = [hasArg(op), hasConst(op), hasName(op), hasJump(op), hasFree(op), hasLocal(op), hasExc(op)];
      if (JSON.stringify(got) !== JSON.stringify(expected.has[op])) {
        misses.push(`${opName[op] ?? op}: CPython ${JSON.stringify(expected.has[op])}, tspy ${JSON.stringify(got)}`);
      }
      if (isValidOpcode(op) !== expected.valid[op]) misses.push(`${op}: is_valid`);
    }
    expect(misses).toEqual([]);
  });

  it('cacheCount is opcode._inline_cache_entries (0 elsewhere) for every non-specialized opcode', () => {
    for (const [name, op] of Object.entries(expected.opmap)) {
      if (op >= 256) continue;
      expect(cacheCount(op), name).toBe(expected.inlineCacheEntries[name] ?? 0);
    }
  });

  it('deopt is dis\'s deoptmap over 0..255', () => {
    const base = new Map<string, string>();
    for (const [family, members] of Object.entries(expected.specializations)) for (const m of members) base.set(m, family);
    const all = { ...expected.opmap, ...expected.specializedOpmap };
    for (let op = 0; op < 256; op++) {
      const name = expected.allOpname[op]!;
      const want = base.has(name) ? all[base.get(name)!] : op;
      expect(deopt(op), name).toBe(want);
    }
  });

  it('specializations is _opcode_metadata._specializations (order included)', () => {
    expect(Object.entries(specializations)).toEqual(Object.entries(expected.specializations));
  });

  it('cacheFormat is dis._cache_format (order included)', () => {
    expect(Object.entries(cacheFormat).map(([k, v]) => [k, Object.entries(v)])).toEqual(expected.cacheFormat);
  });
});
