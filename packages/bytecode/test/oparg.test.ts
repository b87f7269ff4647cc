// The oparg meanings of src/oparg.ts against CPython 3.14 (pyodide): the tables `_opcode`,
// `opcode`, `dis` and `__future__` expose, and, where none does, the opargs CPython's own
// compiler writes.
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import {
  NB, Intrinsic1, Intrinsic2, CommonConstant, SpecialMethod, MakeFunctionFlag, Conversion, ResumeKind,
  CompareKind, COMPARISON_MASKS, COMPARE_TO_BOOL_BIT, CodeFlag,
} from '../src/oparg.js';

interface Expected {
  nbOps: string[];
  intrinsic1: string[];
  intrinsic2: string[];
  commonConstants: string[];
  specialMethods: string[];
  functionAttrFlags: string[];
  compilerFlagNames: [number, string][];
  futureFlags: [string, number][];
  cmpOp: string[];
  compareOpargs: number[];
  compareBoolOpargs: number[];
  convertOpargs: number[];
  resumeOpargs: { yield: number[]; yieldFrom: number[]; await: number[]; start: number[] };
}

const ORACLE = String.raw`
import json, dis, opcode, _opcode, __future__
def opargs(src, name, opname):
    code = compile(src, '<t>', 'exec')
    out = []
    def walk(co):
        if co.co_name == name:
            out.extend(i.arg for i in dis.get_instructions(co) if i.opname == opname)
        for c in co.co_consts:
            if hasattr(c, 'co_code'):
                walk(c)
    walk(code)
    return out
cmp_ops = ['<', '<=', '==', '!=', '>', '>=']
print(json.dumps(dict(
    nbOps=[n for n, _ in _opcode.get_nb_ops()],
    intrinsic1=_opcode.get_intrinsic1_descs(),
    intrinsic2=_opcode.get_intrinsic2_descs(),
    commonConstants=[c.__name__ for c in opcode._common_constants],
    specialMethods=_opcode.get_special_method_names(),
    functionAttrFlags=list(dis.FUNCTION_ATTR_FLAGS),
    compilerFlagNames=sorted(dis.COMPILER_FLAG_NAMES.items()),
    futureFlags=sorted((k, v) for k, v in vars(__future__).items() if k.startswith('CO_FUTURE')),
    cmpOp=list(opcode.cmp_op),
    compareOpargs=[opargs(f'def f(a, b):\n    x = a {op} b', 'f', 'COMPARE_OP')[0] for op in cmp_ops],
    compareBoolOpargs=[opargs(f'def f(a, b):\n    if a {op} b: g()', 'f', 'COMPARE_OP')[0] for op in cmp_ops],
    convertOpargs=[opargs(f'def f(a):\n    return f"{{a!{c}}}"', 'f', 'CONVERT_VALUE')[0] for c in 'sra'],
    resumeOpargs=dict(
        start=opargs('def f():\n    pass', 'f', 'RESUME'),
        **{'yield': opargs('def f():\n    yield 1', 'f', 'RESUME'),
           'yieldFrom': opargs('def f():\n    yield from g()', 'f', 'RESUME'),
           'await': opargs('async def f():\n    await g()', 'f', 'RESUME')}),
)))
`;

let expected: Expected;

beforeAll(async () => {
  expected = JSON.parse(await runPython(ORACLE)) as Expected;
}, 60_000);

/** The names of a numeric TypeScript enum, in value order. */
function enumNames(e: Record<string, string | number>): string[] {
  return Object.entries(e).filter(([, v]) => typeof v === 'number').sort((a, b) => (a[1] as number) - (b[1] as number)).map(([k]) => k);
}

describe('oparg tables', () => {
  it('NB is _opcode.get_nb_ops()', () => {
    expect(enumNames(NB).map((n) => `NB_${n}`)).toEqual(expected.nbOps);
    expect(NB.SUBSCR).toBe(expected.nbOps.indexOf('NB_SUBSCR'));
  });

  it('Intrinsic1 / Intrinsic2 are _opcode.get_intrinsic1_descs() / get_intrinsic2_descs()', () => {
    const spell = (n: string, k: number): string => (n === 'INVALID' ? `INTRINSIC_${k}_INVALID` : `INTRINSIC_${n}`);
    expect(enumNames(Intrinsic1).map((n) => spell(n, 1))).toEqual(expected.intrinsic1);
    expect(enumNames(Intrinsic2).map((n) => spell(n, 2))).toEqual(expected.intrinsic2);
  });

  it('CommonConstant is opcode._common_constants', () => {
    const spelled = expected.commonConstants.map((n) => (n === n.toLowerCase() ? `BUILTIN_${n.toUpperCase()}` : n.toUpperCase()));
    expect(enumNames(CommonConstant)).toEqual(spelled);
  });

  it('SpecialMethod is _opcode.get_special_method_names()', () => {
    expect(enumNames(SpecialMethod).map((n) => `__${n.toLowerCase()}__`)).toEqual(expected.specialMethods);
  });

  it('MakeFunctionFlag is dis.FUNCTION_ATTR_FLAGS (bit i = name i)', () => {
    expected.functionAttrFlags.forEach((name, i) => {
      expect((MakeFunctionFlag as unknown as Record<string, number>)[name.toUpperCase()], name).toBe(1 << i);
    });
    expect(enumNames(MakeFunctionFlag).length).toBe(expected.functionAttrFlags.length);
  });

  it('CodeFlag is dis.COMPILER_FLAG_NAMES and __future__.CO_FUTURE_*', () => {
    const flags = CodeFlag as unknown as Record<string, number>;
    for (const [value, name] of expected.compilerFlagNames) expect(flags[name], name).toBe(value);
    for (const [name, value] of expected.futureFlags) expect(flags[name.slice(3)], name).toBe(value);
    expect(CodeFlag.NO_MONITORING_EVENTS).toBe(0x2000000); // not exposed by Python; CPython: code.h
  });
});

describe('opargs the compiler writes', () => {
  it('COMPARE_OP: (kind << 5) | COMPARISON_MASKS[kind], plus COMPARE_TO_BOOL_BIT in a condition', () => {
    expect(enumNames(CompareKind).length).toBe(expected.cmpOp.length);
    for (let kind = 0; kind < expected.cmpOp.length; kind++) {
      expect((kind << 5) | COMPARISON_MASKS[kind]!, expected.cmpOp[kind]).toBe(expected.compareOpargs[kind]);
      expect((kind << 5) | COMPARISON_MASKS[kind]! | COMPARE_TO_BOOL_BIT, expected.cmpOp[kind]).toBe(expected.compareBoolOpargs[kind]);
    }
  });

  it('CONVERT_VALUE: Conversion.STR/REPR/ASCII', () => {
    expect(expected.convertOpargs).toEqual([Conversion.STR, Conversion.REPR, Conversion.ASCII]);
  });

  it('RESUME: where the low bits say where', () => {
    const where = (ops: number[]): number[] => ops.map((o) => o & ResumeKind.OPARG_LOCATION_MASK);
    expect(where(expected.resumeOpargs.start)).toEqual([ResumeKind.AT_FUNC_START]);
    expect(where(expected.resumeOpargs.yield)).toContain(ResumeKind.AFTER_YIELD);
    expect(where(expected.resumeOpargs.yieldFrom)).toContain(ResumeKind.AFTER_YIELD_FROM);
    expect(where(expected.resumeOpargs.await)).toContain(ResumeKind.AFTER_AWAIT);
  });
});
