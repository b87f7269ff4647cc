// Gate 3: tspy's compiler + tspy's dis against CPython's compiler + CPython's dis, over the
// corpus of functions written for the project (packages/bytecode/test/dis-corpus). Each
// code object of each file is disassembled on both sides under every dis option set, and
// the texts must be identical (memory addresses normalised).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeObject } from '@tspy/bytecode';
import {
  DIS_VARIANTS,
  compareUnitsWithCPython,
  cpythonCorpus,
  type CorpusCase,
} from '../../bytecode/test/dis-corpus/dis-oracle.js';
import { compile } from '../src/compiler/compile.js';

let cases: CorpusCase[];

beforeAll(async () => {
  cases = await cpythonCorpus();
}, 120_000);

describe('dis of tspy-compiled code (gate 3)', () => {
  it('prints, for every function of the corpus, what CPython prints for its own compilation', () => {
    let identical = 0;
    let units = 0;
    const report: string[] = [];
    for (const c of cases) {
      let code: CodeObject;
      try {
        code = compile(c.source, c.name, 'exec');
      } catch (e) {
        units += c.units.length;
        report.push(`${c.name}: tspy cannot compile it: ${(e as Error).message}`);
        continue;
      }
      for (const unit of compareUnitsWithCPython(code, c)) {
        units++;
        if (unit.misses.length === 0) identical++;
        for (const m of unit.misses) report.push(`${c.name} ${unit.qualname} [${m.variant}] ${m.difference}`);
      }
    }
    console.log(
      `dis corpus: ${identical}/${units} code objects from ${cases.length} files identical under ${DIS_VARIANTS.length} dis option sets`,
    );
    if (report.length) console.log(report.slice(0, 40).join('\n'));
    expect(units).toBeGreaterThanOrEqual(200);
    expect(report).toEqual([]);
  });
});
