// Tests of the parity harness itself (judging, minimizing, mutations, generators), with
// fake parsers whose behaviour is known, so that the gates cannot pass by accident.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accepts, astDumps } from '@tspy/test-support';
import { FILENAME, judge, judgeAll, minimize, type FuzzCase } from './differential.js';
import { describeDumpDifference, firstDifference } from './dumpDiff.js';
import { applyMutation, maybeMutated, mutation, roughTokens } from './mutations.js';
import { pythonEvalInput, pythonFuncTypeInput, pythonProgram, pythonSingleInput } from './pythonArbitraries.js';
import type { TspyParserApi } from './tspyParser.js';

class FakeSyntaxError extends Error {
  constructor(readonly kind: string, readonly msg: string, readonly lineno?: number, readonly offset?: number,
    readonly end_lineno?: number, readonly end_offset?: number) {
    super(msg);
  }
}

/** A fake parser: accepts everything and dumps `dump`, unless `parse` is overridden. */
function fakeParser(overrides: Partial<TspyParserApi> & { dumpText?: string } = {}): TspyParserApi {
  return {
    PySyntaxError: FakeSyntaxError,
    parse: (source: string) => source,
    dump: () => overrides.dumpText ?? 'X',
    ...overrides,
  };
}

const exec = (source: string): FuzzCase => ({ source, mode: 'exec' });

describe('judge', () => {
  it('classifies agreement and every kind of disagreement', async () => {
    const [valid, invalid] = await astDumps([exec('x = 1'), exec('x = (')].map((c) => ({ ...c, filename: FILENAME })), { includeAttributes: true });
    const realDump = (valid as { dump: string }).dump;
    const error = (invalid as { error: { type: string; msg: string; lineno: number; offset: number; end_lineno: number; end_offset: number } }).error;
    const rejecting = fakeParser({
      parse: () => { throw new FakeSyntaxError(error.type, error.msg, error.lineno, error.offset, error.end_lineno, error.end_offset); },
    });
    expect(judge(fakeParser({ dumpText: realDump }), exec('x = 1'), valid!, 1000).kind).toBe('both-accept');
    expect(judge(fakeParser(), exec('x = 1'), valid!, 1000).kind).toBe('dump-mismatch');
    expect(judge(fakeParser(), exec('x = ('), invalid!, 1000).kind).toBe('tspy-accepts-invalid');
    expect(judge(rejecting, exec('x = 1'), valid!, 1000).kind).toBe('tspy-rejects-valid');
    expect(judge(rejecting, exec('x = ('), invalid!, 1000)).toMatchObject({ kind: 'both-reject', sameError: true });
    const crashing = fakeParser({ parse: () => { throw new TypeError('boom'); } });
    expect(judge(crashing, exec('x = 1'), valid!, 1000)).toMatchObject({ kind: 'crash' });
    // dump() does not recurse on the JavaScript stack, so even a stack overflow there is a failure.
    const deep = fakeParser({ dump: () => { throw new RangeError('Maximum call stack size exceeded'); } });
    expect(judge(deep, exec('x = 1'), valid!, 1000)).toMatchObject({ kind: 'crash' });
    const slow = fakeParser({ parse: (s: string) => { const end = performance.now() + 5; while (performance.now() < end); return s; } });
    expect(judge(slow, exec('x = 1'), valid!, 1)).toMatchObject({ kind: 'slow' });
  });

  it('passes the parse mode to both sides', async () => {
    const modes: string[] = [];
    const recording = fakeParser({ parse: (source: string, _f: string, mode?: string) => { modes.push(mode ?? '?'); return source; } });
    const verdicts = await judgeAll(recording, [{ source: 'a + b', mode: 'eval' }, { source: '(int) -> str', mode: 'func_type' }], 1000);
    expect(modes).toEqual(['eval', 'func_type']);
    expect(verdicts.map((v) => v.kind)).toEqual(['dump-mismatch', 'dump-mismatch']); // CPython parsed both
  });
});

describe('minimize', () => {
  it('shrinks a failing input to what triggers the failure', async () => {
    const crashesOnLambda = fakeParser({ parse: (s: string) => { if (s.includes('lambda')) throw new TypeError('boom'); return s; } });
    const source = 'x = [1, 2, 3]\nif y:\n    z = lambda q: q + 1\n    print(z)\n';
    const small = await minimize(crashesOnLambda, exec(source), 'crash', 1000, performance.now() + 10_000);
    expect(small).toBe('lambda');
  });
});

describe('dumpDiff', () => {
  it('finds and shows the first difference', () => {
    expect(firstDifference('abc', 'abc')).toBe(-1);
    expect(firstDifference('abcd', 'abXd')).toBe(2);
    expect(firstDifference('ab', 'abc')).toBe(2);
    expect(describeDumpDifference('Name(id=1)', 'Name(id=2)')).toContain('cpython: Name(id=⟦1)');
  });
});

describe('mutations', () => {
  it('rough tokens join back into the source', () => {
    fc.assert(fc.property(pythonProgram(), (source) => roughTokens(source).join('') === source), { numRuns: 50 });
  });

  it('never split a surrogate pair (a lone surrogate cannot reach CPython)', () => {
    const withAstral = pythonProgram().map((s) => `𝔘 = '😀'\n${s}`);
    fc.assert(
      fc.property(withAstral, fc.array(mutation, { minLength: 1, maxLength: 4 }), (source, ms) => {
        const mutated = ms.reduce(applyMutation, source);
        return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(mutated);
      }),
      { numRuns: 300 },
    );
  });
});

describe('generators', () => {
  it('produce mostly valid programs, and about half invalid once mutated', async () => {
    const programs = fc.sample(pythonProgram(), { seed: 1, numRuns: 300 });
    const mutated = fc.sample(maybeMutated(pythonProgram()), { seed: 2, numRuns: 300 });
    const validRate = (await accepts(programs)).filter(Boolean).length / programs.length;
    const mutatedRate = (await accepts(mutated)).filter(Boolean).length / mutated.length;
    expect(validRate).toBeGreaterThan(0.85);
    expect(mutatedRate).toBeGreaterThan(0.35);
    expect(mutatedRate).toBeLessThan(0.65);
  });

  it('produce inputs the other modes accept', async () => {
    const sample = (arbitrary: fc.Arbitrary<string>, mode: string) =>
      fc.sample(arbitrary, { seed: 3, numRuns: 100 }).map((source) => ({ source, filename: FILENAME, mode }));
    const cases = [...sample(pythonEvalInput(), 'eval'), ...sample(pythonSingleInput(), 'single'), ...sample(pythonFuncTypeInput(), 'func_type')];
    const results = await astDumps(cases, { includeAttributes: false });
    for (let m = 0; m < 3; m++) {
      const accepted = results.slice(m * 100, (m + 1) * 100).filter((r) => r.ok).length;
      expect(accepted).toBeGreaterThan(60);
    }
  });
});
