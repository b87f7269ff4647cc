// Test support for action-helpers*.test.ts: CPython's (pyodide's) AST nodes as plain
// JSON, turned into tspy nodes to feed the helpers, and tspy nodes turned into the same
// JSON to compare a helper's result with what CPython built.

import { Ellipsis, None, PyBytes, PyComplex, PyFloat, PyWideStr, pyInt, pyStr, type PyConst } from '@tspy/bytecode';
import * as ast from '../src/ast/nodes.js';
import { NODE_CLASSES, nodeClass } from '../src/ast/nodes.js';
import { runPython } from '@tspy/test-support';

/** A node as JSON: `_t` is the class name, then fields and attributes by name. */
export type PyJson = null | number | string | boolean | PyJson[] | { [key: string]: PyJson };

// Python side: the same encoding, done on CPython's own tree. Constants are tagged so
// that ints, floats (exact bits), complex, bytes, None and Ellipsis stay distinct.
const PY_ENCODER = String.raw`
import ast, json, struct
def _bits(x):
    return struct.pack('>d', x).hex()
def _const(x):
    if x is None: return {'_c': 'None'}
    if x is ...: return {'_c': 'Ellipsis'}
    if isinstance(x, bool): return {'_c': 'bool', 'v': x}
    if isinstance(x, int): return {'_c': 'int', 'v': str(x)}
    if isinstance(x, float): return {'_c': 'float', 'v': _bits(x)}
    if isinstance(x, complex): return {'_c': 'complex', 're': _bits(x.real), 'im': _bits(x.imag)}
    if isinstance(x, str): return {'_c': 'str', 'v': x}
    if isinstance(x, bytes): return {'_c': 'bytes', 'v': list(x)}
    raise TypeError(type(x))
def _enc(x, const=False):
    if isinstance(x, ast.AST):
        t = type(x).__name__
        out = {'_t': t}
        for f in x._fields:
            out[f] = _enc(getattr(x, f, None), f == 'value' and t in ('Constant', 'MatchSingleton'))
        for a in x._attributes:
            out[a] = getattr(x, a, None)
        return out
    if isinstance(x, list):
        return [_enc(i) for i in x]
    if const:
        return _const(x)
    return x
`;

export interface TreeQuery {
  source: string;
  /** A Python expression over the parsed tree `t`, e.g. `t.body[0].targets[0]`. */
  path: string;
  mode?: 'exec' | 'eval';
  typeComments?: boolean;
}

/** The JSON of each queried sub-node of CPython's tree. */
export async function pyNodes(queries: readonly TreeQuery[]): Promise<PyJson[]> {
  const program =
    PY_ENCODER +
    `_out = []\n` +
    queries
      .map(
        (q) =>
          `t = ast.parse(${JSON.stringify(q.source)}, mode=${JSON.stringify(q.mode ?? 'exec')}, type_comments=${q.typeComments ? 'True' : 'False'})\n` +
          `_out.append(_enc(${q.path}))\n`,
      )
      .join('') +
    `print(json.dumps(_out))\n`;
  return JSON.parse(await runPython(program)) as PyJson[];
}

/** Runs Python that prints one JSON value; returns it. */
export async function pyJson(code: string): Promise<PyJson> {
  return JSON.parse(await runPython(code)) as PyJson;
}

function floatFromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 8; i++) view.setUint8(i, parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  return view.getFloat64(0);
}

function bitsOfFloat(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += view.getUint8(i).toString(16).padStart(2, '0');
  return hex;
}

function constFromJson(j: { [key: string]: PyJson }): PyConst {
  switch (j['_c']) {
    case 'None':
      return None;
    case 'Ellipsis':
      return Ellipsis;
    case 'bool':
      return j['v'] as boolean;
    case 'int':
      return pyInt(BigInt(j['v'] as string));
    case 'float':
      return new PyFloat(floatFromBits(j['v'] as string));
    case 'complex':
      return new PyComplex(floatFromBits(j['re'] as string), floatFromBits(j['im'] as string));
    case 'str':
      return pyStr(j['v'] as string);
    case 'bytes':
      return new PyBytes(Uint8Array.from(j['v'] as number[]));
    default:
      throw new Error(`unknown constant ${JSON.stringify(j)}`);
  }
}

function constToJson(v: PyConst): PyJson {
  if (v === None) return { _c: 'None' };
  if (v === Ellipsis) return { _c: 'Ellipsis' };
  if (typeof v === 'boolean') return { _c: 'bool', v };
  if (typeof v === 'number' || typeof v === 'bigint') return { _c: 'int', v: String(v) };
  if (typeof v === 'string') return { _c: 'str', v };
  if (v instanceof PyWideStr) return { _c: 'str', v: v.toString() };
  if (v instanceof PyFloat) return { _c: 'float', v: bitsOfFloat(v.value) };
  if (v instanceof PyComplex) return { _c: 'complex', re: bitsOfFloat(v.real), im: bitsOfFloat(v.imag) };
  if (v instanceof PyBytes) return { _c: 'bytes', v: Array.from(v.data) };
  throw new Error(`unexpected constant ${String(v)}`);
}

/** The tspy node (or array, or value) for CPython's JSON. */
export function fromPy(j: PyJson): any {
  if (j === null) return undefined;
  if (Array.isArray(j)) return j.map(fromPy);
  if (typeof j !== 'object') return j;
  const type = j['_t'] as string;
  const cls = NODE_CLASSES[type] as unknown as (new (...args: unknown[]) => ast.AST) & {
    _fields: readonly string[];
    _attributes: readonly string[];
    instance?: ast.AST;
  };
  if (cls === undefined) throw new Error(`no tspy class ${type}`);
  if (cls._fields.length === 0 && cls._attributes.length === 0 && cls.instance) return cls.instance;
  const isConst = type === 'Constant' || type === 'MatchSingleton';
  const args: unknown[] = cls._fields.map((f) =>
    isConst && f === 'value' ? constFromJson(j[f] as { [key: string]: PyJson }) : fromPy(j[f]!),
  );
  for (const a of cls._attributes) args.push(j[a]);
  return new cls(...args);
}

/** The JSON of a tspy node (or array, or value), in CPython's encoding. */
export function toPy(v: unknown): PyJson {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(toPy);
  if (!(v instanceof ast.AST)) return v as PyJson;
  const cls = nodeClass(v);
  const fields = v as unknown as Record<string, unknown>;
  const out: { [key: string]: PyJson } = { _t: cls._name };
  const isConst = cls._name === 'Constant' || cls._name === 'MatchSingleton';
  for (const f of cls._fields) out[f] = isConst && f === 'value' ? constToJson(fields[f] as PyConst) : toPy(fields[f]);
  for (const a of cls._attributes) out[a] = fields[a] as number;
  return out;
}

/** A deep copy of CPython's JSON with every `ctx` of the given class replaced by `Load`. */
export function withLoadContext(j: PyJson, from: 'Store' | 'Del'): PyJson {
  if (Array.isArray(j)) return j.map((x) => withLoadContext(x, from));
  if (j === null || typeof j !== 'object') return j;
  const out: { [key: string]: PyJson } = {};
  for (const [k, v] of Object.entries(j)) {
    out[k] = k === 'ctx' && (v as { _t: string })._t === from ? { _t: 'Load' } : withLoadContext(v, from);
  }
  return out;
}
