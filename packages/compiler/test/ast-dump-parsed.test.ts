// dump() of trees that CPython's own parser made: pyodide parses real modules, ships
// each tree as JSON (constants encoded bit-exactly), tspy rebuilds it with the
// generated classes' positional constructors and must print what ast.dump prints.
import { describe, expect, it } from 'vitest';
import {
  Ellipsis,
  None,
  PyBytes,
  PyComplex,
  PyFloat,
  PyFrozenSet,
  PyTuple,
  pyInt,
  pyStr,
  type PyConst,
} from '@tspy/bytecode';
import { runPython } from '@tspy/test-support';
import { dump } from '../src/ast/dump.js';
import { NODE_CLASSES, type AST } from '../src/ast/nodes.js';

const SNIPPET = String.raw`
type Pair[T: int = bool, *Ts, **P] = tuple[T, T]
def f[T](a, /, b: int = 1, *args, c, d=2, **kw) -> T:
    """doc"""
    global g
    x = f"{a!r:>{b}} {c=}" "s", t"{d!s:{e}} t" t"u"
    y = -1j + 2.5e-8 + 0x10 + 10**40 + 1e400 + b'\x00\'"'
    match x:
        case None | True | [1, *rest] | {"k": v, **kw}: pass
        case Point(x=0, y=_) if y: ...
    async def g():
        async with a as (b, c): await d
        async for i in j: yield i
    try: pass
    except* E as e: raise X from e
    finally: del x[1:2:3], y.z
    return lambda q=..., *, r: (q, r)
x: int = {**d, 'a': 1}
print(*[i async for i in a if i], sep='\U0001F600\udcff')
`;

const ENCODE_TREES = String.raw`
import ast, json, struct, os
def enc_const(v):
    if v is None: return {'n': 1}
    if v is ...: return {'e': 1}
    if isinstance(v, bool): return {'t': v}
    if isinstance(v, int): return {'i': str(v)}
    if isinstance(v, float): return {'f': list(struct.pack('<d', v))}
    if isinstance(v, complex): return {'c': [list(struct.pack('<d', v.real)), list(struct.pack('<d', v.imag))]}
    if isinstance(v, bytes): return {'b': list(v)}
    if isinstance(v, str): return {'s': [ord(ch) for ch in v]}
    if isinstance(v, tuple): return {'T': [enc_const(x) for x in v]}
    if isinstance(v, frozenset): return {'F': [enc_const(x) for x in v]}
    raise TypeError(type(v))
CONST_FIELDS = {('Constant', 'value'), ('MatchSingleton', 'value'), ('Interpolation', 'str')}
def enc(node):
    if isinstance(node, list): return [enc(x) for x in node]
    if node is None: return None
    if not isinstance(node, ast.AST): return node
    name = type(node).__name__
    out = {'_': name}
    for f in node._fields + node._attributes:
        v = getattr(node, f, None)
        out[f] = enc_const(v) if (name, f) in CONST_FIELDS else enc(v)
    return out
OPTIONS = [dict(include_attributes=True), dict(indent=2), dict(annotate_fields=False, indent='\t', show_empty=True),
           dict(annotate_fields=False, include_attributes=True)]
result = []
for src in SOURCES:
    tree = ast.parse(src)
    result.append({'tree': enc(tree), 'dumps': [ast.dump(tree, **o) for o in OPTIONS]})
print(json.dumps(result))
`;

const OPTIONS = [
  { includeAttributes: true },
  { indent: 2 },
  { annotateFields: false, indent: '\t', showEmpty: true },
  { annotateFields: false, includeAttributes: true },
];

type Encoded = null | number | string | Encoded[] | { [key: string]: Encoded };

function doubleFromBytes(bytes: number[]): number {
  return new Float64Array(Uint8Array.from(bytes).buffer)[0]!;
}

function decodeConst(e: Record<string, Encoded>): PyConst {
  if ('n' in e) return None;
  if ('e' in e) return Ellipsis;
  if ('t' in e) return e['t'] as unknown as boolean;
  if ('i' in e) return pyInt(BigInt(e['i'] as string));
  if ('f' in e) return new PyFloat(doubleFromBytes(e['f'] as number[]));
  if ('c' in e) {
    const [re, im] = e['c'] as number[][];
    return new PyComplex(doubleFromBytes(re!), doubleFromBytes(im!));
  }
  if ('b' in e) return new PyBytes(Uint8Array.from(e['b'] as number[]));
  if ('s' in e) return pyStr(e['s'] as number[]);
  if ('T' in e) return new PyTuple((e['T'] as Record<string, Encoded>[]).map(decodeConst));
  if ('F' in e) return new PyFrozenSet((e['F'] as Record<string, Encoded>[]).map(decodeConst));
  throw new Error(`bad constant ${JSON.stringify(e)}`);
}

const CONST_FIELDS = new Set(['Constant.value', 'MatchSingleton.value', 'Interpolation.str']);

function decode(e: Encoded): unknown {
  if (e === null) return undefined;
  if (Array.isArray(e)) return e.map(decode);
  if (typeof e !== 'object') return e;
  const name = e['_'] as string;
  const cls = NODE_CLASSES[name]!;
  const args = [...cls._fields, ...cls._attributes].map((f) =>
    CONST_FIELDS.has(`${name}.${f}`) ? decodeConst(e[f] as Record<string, Encoded>) : decode(e[f]!),
  );
  return new (cls as unknown as new (...a: unknown[]) => AST)(...args);
}

describe('dump() of trees parsed by CPython', () => {
  it('matches ast.dump on stdlib modules and a syntax tour', async () => {
    const program =
      `SOURCES = [${JSON.stringify(SNIPPET)}]\n` +
      "import importlib.util\nfor _m in ['ast', 'dataclasses', 'string', 'json.decoder']:\n" +
      '    SOURCES.append(importlib.util.find_spec(_m).loader.get_source(_m))\n' +
      ENCODE_TREES;
    const cases = JSON.parse(await runPython(program)) as { tree: Encoded; dumps: string[] }[];
    expect(cases.length).toBe(5);
    for (const [i, c] of cases.entries()) {
      const tree = decode(c.tree) as AST;
      OPTIONS.forEach((o, j) => {
        const got = dump(tree, o);
        if (got !== c.dumps[j]) {
          let at = 0;
          while (got[at] === c.dumps[j]![at]) at++;
          expect(`case ${i} options ${j}: ${got.slice(Math.max(0, at - 200), at + 100)}`).toBe(
            `case ${i} options ${j}: ${c.dumps[j]!.slice(Math.max(0, at - 200), at + 100)}`,
          );
        }
      });
    }
  });
});
