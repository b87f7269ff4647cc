// tspy's dis against CPython 3.14's (pyodide) over the corpus in test/dis-corpus: each file
// is compiled by CPython, its code object marshalled over to tspy, and the two `dis.dis`
// texts compared under several options (addresses normalised). Also checks that the
// corpus makes the compiler emit every opcode it can.
import { beforeAll, describe, expect, it } from 'vitest';
import { readStdlibSources, runPython } from '@tspy/test-support';
import { CodeObject, marshalLoads } from '../src/index.js';
import { DIS_VARIANTS, compareUnitsWithCPython, compareWithCPython, cpythonCorpus, type CorpusCase, type CorpusFile } from './dis-corpus/dis-oracle.js';

/** Real opcodes only the interpreter (or the runtime) creates, never the compiler. */
const INTERPRETER_ONLY = new Set([
  'CACHE', // inline cache entries, not instructions
  'RESERVED', // the specializing counter's initial value; never executed
  'ENTER_EXECUTOR', // written over a JUMP_BACKWARD by tier 2
  'INTERPRETER_EXIT', // only in the interpreter's entry frame
  'EXIT_INIT_CHECK', // only in the __init__ cleanup shim's code
]);

let cases: CorpusCase[];

beforeAll(async () => {
  cases = await cpythonCorpus();
}, 60_000);

describe('dis over the corpus', () => {
  it('prints what CPython prints for every corpus file and option', () => {
    let identical = 0;
    let total = 0;
    const report: string[] = [];
    for (const c of cases) {
      const code = marshalLoads(Buffer.from(c.marshalB64, 'base64'));
      expect(code).toBeInstanceOf(CodeObject);
      const misses = compareWithCPython(code as CodeObject, c);
      total += DIS_VARIANTS.length;
      identical += DIS_VARIANTS.length - misses.length;
      for (const m of misses) report.push(`${c.name} [${m.variant}] ${m.difference}`);
    }
    console.log(`dis: ${identical}/${total} (file, option) texts identical to CPython's`);
    if (report.length) console.log(report.join('\n'));
    expect(report).toEqual([]);
  });

  it('disassembles each code object of the corpus as CPython does', () => {
    let identical = 0;
    let total = 0;
    const report: string[] = [];
    for (const c of cases) {
      const code = marshalLoads(Buffer.from(c.marshalB64, 'base64')) as CodeObject;
      for (const unit of compareUnitsWithCPython(code, c)) {
        total++;
        if (unit.misses.length === 0) identical++;
        else report.push(`${c.name} ${unit.qualname} [${unit.misses[0]!.variant}] ${unit.misses[0]!.difference}`);
      }
    }
    console.log(`dis: ${identical}/${total} code objects identical to CPython's under all ${DIS_VARIANTS.length} options`);
    if (report.length) console.log(report.join('\n'));
    expect(total).toBeGreaterThanOrEqual(200);
    expect(report).toEqual([]);
  });

  it('the corpus makes the compiler emit every opcode it can', async () => {
    const opmap = JSON.parse(await runPython('import json, opcode; print(json.dumps(opcode.opmap))')) as Record<string, number>;
    const emittable = Object.entries(opmap)
      .filter(([name, op]) => op < 256 && !name.startsWith('INSTRUMENTED_') && !INTERPRETER_ONLY.has(name))
      .map(([name]) => name);
    const seen = new Set(cases.flatMap((c) => c.opnames));
    const missing = emittable.filter((name) => !seen.has(name)).sort();
    console.log(`dis corpus: ${cases.length} files cover ${emittable.length - missing.length}/${emittable.length} emittable opcodes`
      + (missing.length ? `; not covered: ${missing.join(', ')}` : ''));
    expect(missing).toEqual([]);
  });
});

/** Every 40th stdlib module under 40 kB: real code, long functions, big line numbers. */
function stdlibSample(): CorpusFile[] {
  const decoder = new TextDecoder();
  return readStdlibSources()
    .filter((e) => !e.name.includes('test') && e.bytes.length < 40_000)
    .filter((_, i) => i % 40 === 7)
    .map((e) => ({ name: e.name, source: decoder.decode(e.bytes) }));
}

describe('dis over a stdlib sample', () => {
  it('prints what CPython prints (default, show_caches, show_positions)', async () => {
    const files = stdlibSample();
    expect(files.length).toBeGreaterThanOrEqual(10);
    const stdlibCases = await cpythonCorpus(files, { variants: ['default', 'show_caches', 'show_positions'], withUnits: false });
    let identical = 0;
    const report: string[] = [];
    for (const c of stdlibCases) {
      const misses = compareWithCPython(marshalLoads(Buffer.from(c.marshalB64, 'base64')) as CodeObject, c);
      if (misses.length === 0) identical++;
      for (const m of misses) report.push(`${c.name} [${m.variant}] ${m.difference}`);
    }
    console.log(`dis: ${identical}/${stdlibCases.length} stdlib modules identical to CPython's under 3 options`);
    if (report.length) console.log(report.join('\n'));
    expect(report).toEqual([]);
  }, 60_000);
});
