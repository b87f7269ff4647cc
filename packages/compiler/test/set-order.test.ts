// Frozenset constants iterate in CPython's order: the order of CPython's own
// `frozenset(items)` for the same items. Pyodide is a 32-bit build, whose hashes differ
// from 64-bit CPython's outside small ints, so it checks non-negative ints below 2**30
// and bools;
// floats, None, complex numbers, tuples and big ints are checked against native CPython
// 3.14 when it is on this machine (the test prints how many it skipped otherwise).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { None, PyComplex, PyFloat, PyFrozenSet, PyTuple, pyRepr, type PyConst } from '@tspy/bytecode';
import { runPython } from '@tspy/test-support';
import { frozensetOrder } from '../src/compiler/set_order.js';

const NATIVE = '/work/shared/tools/python3.14';

/** A small deterministic generator, so a failure reproduces. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function smallIntSets(count: number): PyConst[][] {
  const random = lcg(42);
  const sets: PyConst[][] = [];
  for (let n = 0; n < count; n++) {
    const size = 3 + Math.floor(random() * 60);
    const span = [16, 100, 1000, 2 ** 30][n % 4]!;
    const items: PyConst[] = [];
    for (let i = 0; i < size; i++) {
      // Non-negative: a 32-bit build probes from a 32-bit perturb, so negative hashes
      // colliding in the table take other paths there than in 64-bit CPython.
      const v = Math.floor(random() * span);
      items.push(i % 11 === 5 ? v === 0 || v === 1 ? v === 1 : v : v);
    }
    sets.push(items);
  }
  return sets;
}

function mixedSets(count: number): PyConst[][] {
  const random = lcg(7);
  const pick = (): PyConst => {
    const r = random();
    if (r < 0.2) return new PyFloat((random() - 0.5) * 10 ** Math.floor(random() * 12));
    if (r < 0.3) return new PyFloat(Math.floor(random() * 50));
    if (r < 0.4) return None;
    if (r < 0.5) return new PyComplex(Math.floor(random() * 5), Math.floor(random() * 5) - 2);
    if (r < 0.65) return new PyTuple([Math.floor(random() * 9), new PyFloat(random())]);
    if (r < 0.8) return 2n ** BigInt(53 + Math.floor(random() * 80)) + BigInt(Math.floor(random() * 1000));
    return Math.floor(random() * 2 ** 40) - 2 ** 39;
  };
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(random() * 30) }, pick));
}

const reprOf = (items: PyConst[]): string => pyRepr(new PyFrozenSet(frozensetOrder(items)));
/** A Python expression for the constant (`-2j` would be complex(-0.0, -2.0): spell complex numbers out). */
const literal = (c: PyConst): string =>
  c instanceof PyComplex ? `complex(${c.real}, ${c.imag})` : c instanceof PyTuple ? `(${c.items.map(literal).join(', ')},)` : pyRepr(c);
const sourceOf = (items: PyConst[]): string => `print(repr(frozenset([${items.map(literal).join(', ')}])))`;

describe('frozenset constant order', () => {
  it("is CPython's for sets of small ints and bools (pyodide)", async () => {
    const sets = smallIntSets(400);
    const theirs = (await runPython(sets.map(sourceOf).join('\n'))).trimEnd().split('\n');
    const mismatches = sets.map(reprOf).filter((ours, i) => ours !== theirs[i]);
    console.log(`frozenset order: ${sets.length - mismatches.length}/${sets.length} small-int sets identical to CPython's`);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it("is 64-bit CPython's for floats, None, complex, tuples and big ints (native CPython)", () => {
    const sets = mixedSets(300);
    if (!existsSync(NATIVE)) {
      console.log(`frozenset order: native CPython absent, ${sets.length} mixed sets skipped`);
      return;
    }
    const result = spawnSync(NATIVE, ['-c', sets.map(sourceOf).join('\n')], { encoding: 'utf8' });
    const theirs = result.stdout.trimEnd().split('\n');
    const mismatches = sets.map(reprOf).filter((ours, i) => ours !== theirs[i]);
    console.log(`frozenset order: ${sets.length - mismatches.length}/${sets.length} mixed sets identical to native CPython's`);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('keeps each equal value once, the first one (1, 1.0 and True are equal)', () => {
    expect(reprOf([1, new PyFloat(1), true, 2, new PyFloat(2.5)])).toBe(pyRepr(new PyFrozenSet([1, 2, new PyFloat(2.5)])));
  });
});
