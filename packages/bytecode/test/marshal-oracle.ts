// Test helper for the marshal tests: Python snippets that run in pyodide, and the
// canonical text both sides compare (repr, except that frozenset items are sorted,
// because marshal writes them sorted while repr shows hash order).
import { CodeObject, PyFrozenSet, PySlice, PyTuple, pyRepr, type MarshalValue } from '../src/index.js';
import { readStdlibSources } from '@tspy/test-support';
import { toPython } from './pyconst-oracle.js';

export const MARSHAL_PRELUDE = String.raw`
import base64, json, marshal, struct, types
def _f(b): return struct.unpack('<d', bytes(b))[0]
def _s(cps): return ''.join(map(chr, cps))
def _b64(b): return base64.b64encode(b).decode()
def _unb64(s): return base64.b64decode(s)
def canon(x):
    if type(x) is tuple:
        return '(' + ', '.join(map(canon, x)) + (',)' if len(x) == 1 else ')')
    if type(x) is frozenset:
        return 'frozenset{' + ', '.join(sorted(map(canon, x))) + '}'
    if type(x) is slice:
        return 'slice(' + canon(x.start) + ', ' + canon(x.stop) + ', ' + canon(x.step) + ')'
    if type(x) is types.CodeType:
        return '<code ' + x.co_qualname + '>'
    return repr(x)
`;

export function canon(v: MarshalValue): string {
  if (v instanceof PyTuple) {
    const items = v.items.map((x) => canon(x as MarshalValue));
    return '(' + items.join(', ') + (items.length === 1 ? ',)' : ')');
  }
  if (v instanceof PyFrozenSet) {
    const items = v.items.map(canon);
    items.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return 'frozenset{' + items.join(', ') + '}';
  }
  if (v instanceof PySlice) return `slice(${canon(v.start)}, ${canon(v.stop)}, ${canon(v.step)})`;
  if (v instanceof CodeObject) return `<code ${String(v.co_qualname)}>`;
  return pyRepr(v);
}

/** Python source that rebuilds `v` (constants and slices). */
export function valueToPython(v: MarshalValue): string {
  if (v instanceof PySlice) return `slice(${valueToPython(v.start)}, ${valueToPython(v.stop)}, ${valueToPython(v.step)})`;
  if (v instanceof PyTuple) return `tuple([${v.items.map((x) => valueToPython(x as MarshalValue)).join(', ')}])`;
  if (v instanceof CodeObject) throw new TypeError('valueToPython: code object');
  return toPython(v);
}

export const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/**
 * About 30 stdlib modules, spread over the sorted list of the archive's files; `offset`
 * (below the stride) picks a different sample of the same size.
 */
export function stdlibSample(offset = 0): { name: string; source: string }[] {
  const all = readStdlibSources()
    .filter((e) => e.name.endsWith('.py') && !e.name.includes('test'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const stride = Math.max(1, Math.floor(all.length / 30));
  const decoder = new TextDecoder();
  return all
    .filter((_, i) => i % stride === offset % stride)
    .slice(0, 30)
    .map((e) => ({ name: e.name, source: decoder.decode(e.bytes) }));
}

/** A code object and every code object nested in its constants, in pre-order. */
export function codesInPreorder(co: CodeObject, out: CodeObject[] = []): CodeObject[] {
  out.push(co);
  for (const c of co.co_consts) if (c instanceof CodeObject) codesInPreorder(c, out);
  return out;
}
