// Gate 1: tspy's compile() gives, for every module of CPython's stdlib (python_stdlib.zip,
// 559 files), the same code object as CPython 3.14 (pyodide's compile), field by field and
// recursively through nested code objects. Prints "N/559 modules identical" and, for each
// miss, the module, the qualname path of the differing code object and the first differing
// field. A module tspy fails to compile counts as a miss with its error.
//
// The comparer itself is checked first with a stand-in compile that returns pyodide's own
// code objects (it must find them identical), and with one field mutated (it must report it).
import { PyBytes, marshalLoads, type CodeObject, type MarshalValue } from '@tspy/bytecode';
import { readStdlibSources } from '@tspy/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareWithCpython,
  cpythonMarshalledModules,
  errorMessage,
  formatMiss,
  type ParityInput,
  type ParityResult,
  type TspyOutcome,
} from './support/code-parity.js';

type CompileFn = (source: string | Uint8Array, filename: string, mode: 'exec' | 'eval' | 'single') => CodeObject;

const SHARDS = 4;
const sources = readStdlibSources();

async function loadTspyCompile(): Promise<CompileFn | string> {
  try {
    const mod = (await import('../src/compiler/compile.js')) as unknown as { compile?: CompileFn };
    return typeof mod.compile === 'function' ? mod.compile : 'src/compiler/compile.ts does not export compile()';
  } catch (error) {
    return `src/compiler/compile.ts failed to load: ${errorMessage(error)}`;
  }
}

function compileWith(compile: CompileFn | string, name: string, bytes: Uint8Array): TspyOutcome {
  if (typeof compile === 'string') return { error: compile };
  try {
    return { code: compile(bytes, name, 'exec') };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

describe('the code-object comparer (stand-in: pyodide compiles, tspy only marshals)', () => {
  const modules = ['bisect.py', 'json/decoder.py', 'contextlib.py', 'dataclasses.py'];

  async function standIn(): Promise<Map<string, CodeObject>> {
    const marshalled = await cpythonMarshalledModules(modules);
    return new Map([...marshalled].map(([name, bytes]) => [name, marshalLoads(bytes) as CodeObject]));
  }

  it('finds CPython code objects identical to themselves after a tspy marshal round trip', async () => {
    const codes = await standIn();
    const results = await compareWithCpython(modules.map((module) => ({ module, outcome: { code: codes.get(module)! } })));
    expect(results.filter((r) => !r.identical).map((r) => formatMiss(r.miss!))).toEqual([]);
    expect(results.length).toBe(modules.length);
  });

  it('reports the first differing field and the path of a mutated nested code object', async () => {
    const codes = await standIn();
    const mutate = (code: CodeObject): CodeObject => {
      // the first function of the module gets one stack slot more
      const index = code.co_consts.findIndex((c) => isCode(c));
      const inner = code.co_consts[index] as CodeObject;
      const consts = code.co_consts.slice();
      consts[index] = inner.replace({ co_stacksize: inner.co_stacksize + 1 });
      return code.replace({ co_consts: consts });
    };
    const flipByte = (code: CodeObject): CodeObject => {
      const bytes = code.co_code.data.slice();
      bytes[2] = bytes[2]! ^ 1; // the second instruction's opcode
      return code.replace({ co_code: new PyBytes(bytes) });
    };
    const inputs: ParityInput[] = [
      { module: 'bisect.py', outcome: { code: mutate(codes.get('bisect.py')!) } },
      { module: 'json/decoder.py', outcome: { code: flipByte(codes.get('json/decoder.py')!) } },
      { module: 'contextlib.py', outcome: { error: 'SystemError: boom' } },
      { module: 'dataclasses.py', outcome: { code: codes.get('dataclasses.py')!.replace({ co_consts: codes.get('dataclasses.py')!.co_consts.slice(0, -1) }) } },
    ];
    const results = await compareWithCpython(inputs);
    const byModule = new Map(results.map((r) => [r.module, r]));
    const bisect = byModule.get('bisect.py')!;
    expect(bisect.identical).toBe(false);
    expect(bisect.miss!.field).toBe('co_stacksize');
    expect(bisect.miss!.path).toEqual(['<module>', 'insort_right']);
    const decoder = byModule.get('json/decoder.py')!.miss!;
    expect(decoder.field).toBe('co_code');
    expect(decoder.path).toEqual(['<module>']);
    expect(decoder.detail).toContain('byte 2');
    expect(byModule.get('contextlib.py')!.miss!).toMatchObject({ field: 'error', detail: 'tspy: SystemError: boom' });
    expect(byModule.get('dataclasses.py')!.miss!.field).toBe('co_consts');
  });
});

function isCode(value: MarshalValue): value is CodeObject {
  return typeof value === 'object' && value !== null && 'co_code' in value;
}

describe('stdlib code-object parity with CPython 3.14 (gate 1)', () => {
  const shards = Array.from({ length: SHARDS }, (_, shard) => sources.filter((_, i) => i % SHARDS === shard));
  const shardResults: Promise<ParityResult[]>[] = [];
  let compileSeconds = 0;

  // tspy compiles shard k+1 on this thread while pyodide (a worker) compares shard k.
  beforeAll(async () => {
    const compile = await loadTspyCompile();
    for (const part of shards) {
      const started = performance.now();
      const inputs: ParityInput[] = part.map((entry) => ({ module: entry.name, outcome: compileWith(compile, entry.name, entry.bytes) }));
      compileSeconds += (performance.now() - started) / 1000;
      const pending = compareWithCpython(inputs);
      pending.catch(() => {}); // awaited by its shard's test; never an unhandled rejection meanwhile
      shardResults.push(pending);
    }
    await Promise.allSettled(shardResults);
  });

  afterAll(async () => {
    const settled = await Promise.allSettled(shardResults);
    const results = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    if (results.length === 0) return;
    results.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
    const identical = results.filter((r) => r.identical).length;
    const lines = results.filter((r) => !r.identical).map((r) => `  ${formatMiss(r.miss!)}`);
    const byField = new Map<string, number>();
    for (const r of results) if (r.miss) byField.set(r.miss.field, (byField.get(r.miss.field) ?? 0) + 1);
    const fields = [...byField].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
    console.log(
      `stdlib code parity: ${identical}/${sources.length} modules identical` +
        ` (tspy compile + marshal ${compileSeconds.toFixed(2)} s)${fields ? `; first differing field: ${fields}` : ''}\n${lines.join('\n')}`,
    );
  });

  shards.forEach((part, shard) => {
    it(`shard ${shard + 1}/${SHARDS}: ${part.length} modules are identical`, async () => {
      const results = await shardResults[shard]!;
      expect(results.length).toBe(part.length);
      const misses = results.filter((r) => !r.identical).map((r) => formatMiss(r.miss!));
      expect(misses, `${part.length - misses.length}/${part.length} identical`).toEqual([]);
    });
  });
});
