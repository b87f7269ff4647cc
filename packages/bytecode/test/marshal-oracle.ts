// Test helper for the marshal tests: Python snippets that run in pyodide, and the
// canonical text both sides compare (repr, except that set items are sorted, because
// marshal writes them sorted while repr shows hash order; cycles print as <cycle>; code
// objects print their fields but co_code).
import { CodeObject, PyFrozenSet, PySlice, PyTuple, pyRepr, type MarshalValue, type PyConst } from '../src/index.js';
import { MarshalDict, MarshalList, MarshalSet, StopIteration } from '../src/marshal_values.js';
import { readStdlibSources } from '@tspy/test-support';
import { toPython } from './pyconst-oracle.js';

export const MARSHAL_PRELUDE = String.raw`
import base64, json, marshal, struct, types
import _testinternalcapi
def _f(b): return struct.unpack('<d', bytes(b))[0]
def _s(cps): return ''.join(map(chr, cps))
def _b64(b): return base64.b64encode(b).decode()
def _unb64(s): return base64.b64decode(s)
CODE_FIELDS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags',
               'co_firstlineno', 'co_name', 'co_qualname', 'co_filename', 'co_names', 'co_linetable',
               'co_exceptiontable', 'co_consts')
def localsplus(co):
    # co_localsplusnames and the kinds by name, which Python does not expose otherwise
    # (co_freevars is unsafe on damaged data: CPython counts and collects free names differently)
    names = []
    while True:
        try:
            names.append(co._varname_from_oparg(len(names)))
        except IndexError:
            return tuple(names), list(_testinternalcapi.get_co_localskinds(co).items())
def canon(x, path=()):
    t = type(x)
    if t in (tuple, list, dict, set, frozenset, slice, types.CodeType):
        if any(p is x for p in path):
            return '<cycle>'
        path = path + (x,)
    if t is tuple:
        return '(' + ', '.join(canon(i, path) for i in x) + (',)' if len(x) == 1 else ')')
    if t is list:
        return '[' + ', '.join(canon(i, path) for i in x) + ']'
    if t is dict:
        return '{' + ', '.join(canon(k, path) + ': ' + canon(v, path) for k, v in x.items()) + '}'
    if t is set or t is frozenset:
        return t.__name__ + '{' + ', '.join(sorted(canon(i, path) for i in x)) + '}'
    if t is slice:
        return 'slice(' + canon(x.start, path) + ', ' + canon(x.stop, path) + ', ' + canon(x.step, path) + ')'
    if t is types.CodeType:
        # co_code is left out: reading it deoptimizes, which crashes on garbage opcodes.
        names, kinds = localsplus(x)
        fields = [canon(getattr(x, f), path) for f in CODE_FIELDS]
        fields += [canon(names, path), '[' + ', '.join(canon(n, path) + ': ' + str(k) for n, k in kinds) + ']']
        return 'code(' + ', '.join(fields) + ')'
    if x is StopIteration:
        return 'StopIteration'
    return repr(x)
`;

const CODE_FIELDS = [
  'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags', 'co_firstlineno', 'co_name',
  'co_qualname', 'co_filename', 'co_names', 'co_linetable', 'co_exceptiontable', 'co_consts',
] as const;

/** The Python side's `localsplus` kinds: a dict from name to kind, built in localsplus order. */
function localsKinds(co: CodeObject, sub: (x: MarshalValue) => string): string {
  const kinds = new Map<string, number>();
  co.co_localsplusnames.items.forEach((name, i) => kinds.set(sub(name), co.co_localspluskinds.data[i]!));
  return '[' + [...kinds].map(([name, kind]) => `${name}: ${kind}`).join(', ') + ']';
}

/** The canonical text of MARSHAL_PRELUDE's `canon`, for a tspy value. */
export function canon(v: MarshalValue, path: readonly object[] = []): string {
  if (typeof v === 'object' && isContainer(v)) {
    if (path.includes(v)) return '<cycle>';
    path = [...path, v];
  }
  const sub = (x: MarshalValue): string => canon(x, path);
  if (v instanceof PyTuple) {
    const items = (v.items as readonly MarshalValue[]).map(sub);
    return '(' + items.join(', ') + (items.length === 1 ? ',)' : ')');
  }
  if (v instanceof MarshalList) return '[' + v.items.map(sub).join(', ') + ']';
  if (v instanceof MarshalDict) return '{' + v.keys.map((k, i) => `${sub(k)}: ${sub(v.values[i]!)}`).join(', ') + '}';
  if (v instanceof PyFrozenSet || v instanceof MarshalSet) {
    const items = (v.items as readonly MarshalValue[]).map(sub).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return (v instanceof PyFrozenSet ? 'frozenset' : 'set') + '{' + items.join(', ') + '}';
  }
  if (v instanceof PySlice) return `slice(${sub(v.start)}, ${sub(v.stop)}, ${sub(v.step)})`;
  if (v instanceof CodeObject) {
    const field = (f: (typeof CODE_FIELDS)[number]): string =>
      f === 'co_consts' ? sub(new PyTuple(v.co_consts as PyConst[])) : sub(v[f] as MarshalValue);
    const fields = [...CODE_FIELDS.map(field), sub(v.co_localsplusnames), localsKinds(v, sub)];
    return 'code(' + fields.join(', ') + ')';
  }
  if (v === StopIteration) return 'StopIteration';
  return pyRepr(v as PyConst);
}

function isContainer(v: object): boolean {
  return (
    v instanceof PyTuple || v instanceof MarshalList || v instanceof MarshalDict || v instanceof MarshalSet ||
    v instanceof PyFrozenSet || v instanceof PySlice || v instanceof CodeObject
  );
}

/** Python source that rebuilds `v` (any value but code objects; no cycles). */
export function valueToPython(v: MarshalValue): string {
  const all = (items: readonly MarshalValue[]): string => items.map(valueToPython).join(', ');
  if (v instanceof PySlice) return `slice(${valueToPython(v.start)}, ${valueToPython(v.stop)}, ${valueToPython(v.step)})`;
  if (v instanceof PyTuple) return `tuple([${all(v.items as readonly MarshalValue[])}])`;
  if (v instanceof PyFrozenSet) return `frozenset([${all(v.items as readonly MarshalValue[])}])`;
  if (v instanceof MarshalList) return `[${all(v.items)}]`;
  if (v instanceof MarshalSet) return `set([${all(v.items)}])`;
  if (v instanceof MarshalDict) return `dict([${v.keys.map((k, i) => `(${valueToPython(k)}, ${valueToPython(v.values[i]!)})`).join(', ')}])`;
  if (v === StopIteration) return 'StopIteration';
  if (v instanceof CodeObject) throw new TypeError('valueToPython: code object');
  return toPython(v as PyConst);
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
