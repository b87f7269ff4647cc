// Gate 4: marshalLoads on damaged data. Every input — each truncation point of real
// payloads, seeded random flips/overwrites/insertions/deletions, forged huge and negative
// sizes, deep nesting, invalid references, every type code, bad UTF-8 — must give a value
// or one of marshal_errors.ts's errors, quickly and without allocating for sizes the data
// does not hold. Then the outcomes are compared with CPython's marshal.loads (pyodide):
// the same exception type and message, or equal values.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { marshalLoads } from '../src/marshal.js';
import { MarshalError } from '../src/marshal_errors.js';
import { MARSHAL_PRELUDE, b64, canon, unb64 } from './marshal-oracle.js';

const SEED = 3140;

/** Real payloads: .pyc bodies of small stdlib modules, and constants at every version. */
const PAYLOADS_PY = `${MARSHAL_PRELUDE}
import zipfile
zf = zipfile.ZipFile('/lib/python314.zip')
def pyc_body(name):
    code = compile(zf.read(name), name, 'exec')
    return marshal.dumps(code)
shared = [1.5, 'shared']
selfref = []; selfref.append(selfref)
value = ('héllo wörld €', 'ab\\udc80c', '\\U0001f600x' * 3, 2**100, -2**200, 1.5, 3+4j, b'xyz', frozenset({1, 2, 'a', 'é'}),
         (None, ..., True, False, StopIteration), 'x' * 300, 'é' * 300, [1, [2, 3]], {'k': shared, 7: (shared, 'v')},
         {5, 'five'}, shared, -1e300, float('nan'))
payloads = [pyc_body('keyword.py'), pyc_body('colorsys.py'), pyc_body('bisect.py'), pyc_body('__future__.py')]
payloads += [marshal.dumps(value if version < 3 else value + (selfref,), version) for version in range(5)]
payloads += [marshal.dumps((slice(1, 'ü', None), value, selfref, slice(None, 2**40, shared)), 5)]
print(json.dumps([_b64(p) for p in payloads]))
`;

/** How an input is derived from a payload, so that pyodide rebuilds it without the bytes crossing over. */
type Recipe = { raw: string } | { p: number; cut: number } | { p: number; muts: [number, number, number][] };

const MUTATION_KINDS = 4; // flip a bit, overwrite a byte, insert a byte, delete a byte

// The same mutation in both languages (see APPLY_PY).
function applyMutations(payload: Uint8Array, muts: readonly [number, number, number][]): Uint8Array {
  const data = Array.from(payload);
  for (const [kind, at, byte] of muts) {
    if (kind === 2) {
      data.splice(at % (data.length + 1), 0, byte);
    } else if (data.length > 0) {
      const i = at % data.length;
      if (kind === 0) data[i] = data[i]! ^ (1 << (byte & 7));
      else if (kind === 1) data[i] = byte;
      else data.splice(i, 1);
    }
  }
  return Uint8Array.from(data);
}

const APPLY_PY = `
def apply(payload, muts):
    data = bytearray(payload)
    for kind, at, byte in muts:
        if kind == 2:
            data.insert(at % (len(data) + 1), byte)
        elif data:
            i = at % len(data)
            if kind == 0:
                data[i] ^= 1 << (byte & 7)
            elif kind == 1:
                data[i] = byte
            else:
                del data[i]
    return bytes(data)
def build(r):
    if 'raw' in r:
        return _unb64(r['raw'])
    if 'cut' in r:
        return PAYLOADS[r['p']][:r['cut']]
    return apply(PAYLOADS[r['p']], r['muts'])
`;

const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const raw = (bytes: number[]): Recipe => ({ raw: b64(Uint8Array.from(bytes)) });
const N = 0x4e;

/** Type codes followed by a 32-bit size: bytes, str forms, tuple, list, set, frozenset, long. */
const SIZED = [0x73, 0x75, 0x74, 0x61, 0x41, 0x28, 0x5b, 0x3c, 0x3e, 0x6c];

function forgedSizes(): Recipe[] {
  const sizes = [0x7fffffff, 0x7ffffff0, 0x10000000, 1_000_000, -1, -2, -0x80000000, 0x80000001];
  return SIZED.flatMap((code) => sizes.map((n) => raw([code, ...le32(n), ...Array(16).fill(N)])));
}

function deepNesting(): { recipe: Recipe; depth: number }[] {
  const opens: [number[], number[]][] = [
    [[0x29, 1], []], // tuple
    [[0x5b, ...le32(1)], []], // list
    [[0x3c, ...le32(1)], []], // set
    [[0x3e, ...le32(1)], []], // frozenset
    [[0x7b, N], [0x30]], // dict: {None: …}
    [[0x3a], [N, N]], // slice(…, None, None)
  ];
  const depths = [10, 100, 1000, 1499, 1500, 1501, 1999, 2000, 2001, 2100, 5000, 100_000];
  return opens.flatMap(([open, close]) =>
    depths.map((d) => ({
      recipe: raw([...Array.from({ length: d }, () => open).flat(), 0x29, 0, ...Array.from({ length: d }, () => close).flat()]),
      depth: d + 1,
    })),
  );
}

function badReferences(): Recipe[] {
  const r = (n: number) => [0x72, ...le32(n)];
  return [
    r(0), r(1), r(-1), r(0x7fffffff),
    [0xa9, 1, ...r(0)], // a tuple containing itself: valid
    [0xdb, ...le32(2), ...r(0), 0x69, ...le32(1)], // a list containing itself: valid
    [0xbe, ...le32(1), ...r(0)], // a frozenset containing itself: invalid (reserved slot)
    [0xba, ...r(0), N, N], // a slice containing itself: invalid
    [0x29, 2, 0xe9, ...le32(5), ...r(0)], // a reference to a flagged int: valid
    [0x29, 2, 0x69, ...le32(5), ...r(0)], // to an unflagged one: invalid
    [0x29, 2, 0xfa, 1, 0x61, ...r(1)], // an index past the end
    [0xa9, 1, 0xbc, ...le32(1), ...r(0)], // a set holding the tuple being read (CPython crashes)
    [0xa9, 2, 0x5b, ...le32(0), 0xbe, ...le32(1), ...r(0)], // the same through a frozenset
  ].map(raw);
}

function everyTypeCode(): Recipe[] {
  return Array.from({ length: 256 }, (_, code) => raw([code, 1, 0, 0, 0, 0x41, N, N, N, N, N, N, N, N]));
}

function badUtf8(): Recipe[] {
  const arb = fc.tuple(
    fc.constantFrom(0x75, 0x74, 0xf5),
    fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc.array(fc.constantFrom(0x41, 0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xa0, 0xf0, 0xf4, 0x90, 0xf5, 0xff), { maxLength: 8 }),
    ),
  );
  return fc.sample(arb, { seed: SEED, numRuns: 400 }).map(([code, bytes]) => raw([code, ...le32(bytes.length), ...bytes]));
}

function mutated(payloadCount: number): Recipe[] {
  const arb = fc.record({
    p: fc.nat({ max: payloadCount - 1 }),
    muts: fc.array(
      fc.tuple(fc.nat({ max: MUTATION_KINDS - 1 }), fc.nat({ max: 1 << 20 }), fc.nat({ max: 255 })),
      { minLength: 1, maxLength: 4 },
    ),
  });
  return fc.sample(arb, { seed: SEED, numRuns: 4000 });
}

function build(recipe: Recipe, payloads: Uint8Array[]): Uint8Array {
  if ('raw' in recipe) return unb64(recipe.raw);
  if ('cut' in recipe) return payloads[recipe.p]!.subarray(0, recipe.cut);
  return applyMutations(payloads[recipe.p]!, recipe.muts);
}

type Outcome = { kind: 'ok'; canon: string } | { kind: 'error'; pyType: string; message: string } | { kind: 'js'; error: string };

/** The outcome of marshalLoads, and how long marshalLoads itself took (not the canonical text). */
function outcomeOf(data: Uint8Array): { outcome: Outcome; ms: number } {
  const start = performance.now();
  try {
    const value = marshalLoads(data);
    const ms = performance.now() - start;
    return { outcome: { kind: 'ok', canon: canon(value) }, ms };
  } catch (e) {
    const ms = performance.now() - start;
    if (e instanceof MarshalError) return { outcome: { kind: 'error', pyType: e.pyType, message: e.message }, ms };
    return { outcome: { kind: 'js', error: String(e) }, ms };
  }
}

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

describe('gate 4: damaged marshal data', () => {
  it('gives a value or a documented error, quickly, and the same outcome as CPython', async () => {
    const payloads = (JSON.parse(await runPython(PAYLOADS_PY)) as string[]).map(unb64);
    const recipes: Recipe[] = [];
    const platformDepth = new Set<number>(); // recipes whose nesting is between pyodide's and Linux's limits
    // every truncation point of the .pyc bodies of keyword, colorsys and bisect, and of the constants
    for (const p of [0, 1, 2, 4, 8, 9]) {
      for (let cut = 0; cut < payloads[p]!.length; cut++) recipes.push({ p, cut });
    }
    recipes.push(...mutated(payloads.length), ...forgedSizes(), ...badReferences(), ...everyTypeCode(), ...badUtf8());
    for (const { recipe, depth } of deepNesting()) {
      if (depth >= 1500 && depth <= 2001) platformDepth.add(recipes.length);
      recipes.push(recipe);
    }

    // 1. tspy alone: documented errors only, a time bound per case, no allocation for forged sizes.
    const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
    let slowest = 0;
    let slowestCase = -1;
    const outcomes = recipes.map((recipe, i) => {
      const { outcome, ms } = outcomeOf(build(recipe, payloads));
      if (ms > slowest) [slowest, slowestCase] = [ms, i];
      return outcome;
    });
    const arrayBuffersGrowth = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
    const jsErrors = outcomes.flatMap((o, i) => (o.kind === 'js' ? [`#${i}: ${o.error}`] : []));
    expect(jsErrors).toEqual([]);
    if (slowest >= 250) console.log(`slowest case #${slowestCase}: ${JSON.stringify(recipes[slowestCase]).slice(0, 300)}`);
    expect(slowest).toBeLessThan(250);
    expect(arrayBuffersGrowth).toBeLessThan(64 * 2 ** 20);
    // every strict prefix of a payload is damaged
    recipes.forEach((r, i) => {
      if ('cut' in r) expect(outcomes[i]!.kind).toBe('error');
    });

    // 2. the same inputs in CPython. Inputs on which CPython 3.14 crashes (tspy's RecursionError)
    //    are not sent; allocation failures of wasm32 and pyodide's lower nesting limit are counted.
    const compared: number[] = [];
    let crashSkips = 0;
    recipes.forEach((_, i) => {
      const o = outcomes[i]!;
      if (o.kind === 'error' && o.pyType === 'RecursionError') crashSkips++;
      else compared.push(i);
    });
    const program = `${MARSHAL_PRELUDE}${APPLY_PY}
import hashlib
PAYLOADS = [_unb64(p) for p in ${JSON.stringify(payloads.map(b64))}]
out = []
for r in json.loads(_unb64('${b64(new TextEncoder().encode(JSON.stringify(compared.map((i) => recipes[i]))))}')):
    try:
        v = marshal.loads(build(r))
        try:
            out.append(['ok', hashlib.sha1(canon(v).encode('utf-8', 'surrogatepass')).hexdigest()])
        except RecursionError:
            out.append(['ok', 'canon too deep'])
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
`;
    const cpython = JSON.parse(await runPython(program)) as [string, string][];
    expect(cpython.length).toBe(compared.length);
    let agree = 0;
    let allocationSkips = 0;
    let depthSkips = 0;
    const disagreements: string[] = [];
    compared.forEach((i, k) => {
      const [pyType, detail] = cpython[k]!;
      const o = outcomes[i]!;
      if (pyType === 'MemoryError' || pyType === 'OverflowError') return void allocationSkips++;
      if (platformDepth.has(i)) return void depthSkips++;
      let same: boolean;
      if (o.kind === 'ok') {
        same = pyType === 'ok' && (detail === 'canon too deep' || detail === sha1(o.canon));
      } else if (o.kind === 'error') {
        // CPython prefixes PyErr_BadInternalCall's message with its C source location.
        const sameMessage = detail === o.message || (pyType === 'SystemError' && detail.endsWith(': ' + o.message));
        same = pyType === o.pyType && sameMessage;
      } else {
        same = false;
      }
      if (same) agree++;
      else {
        const ours = o.kind === 'ok' ? 'ok' : o.kind === 'error' ? `${o.pyType}: ${o.message}` : o.error;
        disagreements.push(`#${i} ${JSON.stringify(recipes[i]).slice(0, 80)}: cpython ${pyType}: ${detail.slice(0, 100)} | tspy ${ours.slice(0, 100)}`);
      }
    });
    const total = compared.length - allocationSkips - depthSkips;
    console.log(
      `gate 4: ${recipes.length} damaged inputs, no JS exception, slowest ${slowest.toFixed(1)} ms (#${slowestCase}); ` +
        `agreement with CPython ${agree}/${total} (skipped: ${allocationSkips} MemoryError/OverflowError of wasm32, ` +
        `${depthSkips} nesting between pyodide's limit 1500 and Linux's 2000, ${crashSkips} inputs that crash CPython)`,
    );
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(agree).toBe(total);
  }, 120_000);
});
