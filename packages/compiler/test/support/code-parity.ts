// Code-object parity with CPython: tspy's code object for a module is marshalled, loaded
// by pyodide's `marshal.loads`, and compared field by field (recursively through nested
// code objects) with pyodide's own `compile(source, filename, 'exec')` of the same bytes.
// The sources are read on both sides from the same python_stdlib.zip (mounted in pyodide
// as /lib/python314.zip), so only tspy's marshalled code crosses over.
import { marshalDumps, type CodeObject } from '@tspy/bytecode';
import { runPython } from '@tspy/test-support';

/** What tspy produced for one module: a code object, or the message of what it threw. */
export type TspyOutcome = { code: CodeObject } | { error: string };

/** The first difference found in one module (or why it could not be compared). */
export interface ParityMiss {
  module: string;
  /** co_qualname of each code object from the module down to the differing one. */
  path: string[];
  /** The first differing field (`co_code`, `co_consts`, `localspluskinds`, …), or `error`. */
  field: string;
  detail: string;
}

export interface ParityResult {
  module: string;
  identical: boolean;
  miss?: ParityMiss;
}

/** The fields compared, in the order they are checked (the first difference is reported). */
export const COMPARED_FIELDS = [
  'co_name', 'co_qualname', 'co_filename', 'co_firstlineno', 'co_argcount', 'co_posonlyargcount',
  'co_kwonlyargcount', 'co_flags', 'co_names', 'localsplusnames', 'localspluskinds', 'co_consts',
  'co_code', 'co_linetable', 'co_exceptiontable', 'co_stacksize',
] as const;

/** Module path inside pyodide of python_stdlib.zip. */
export const PYODIDE_STDLIB_ZIP = '/lib/python314.zip';

// The comparer, run inside pyodide. Kinds come from _testinternalcapi.get_co_localskinds,
// whose dict is in localsplus order (names and kinds are compared as two sequences).
const PY_COMPARER = String.raw`
import base64, json, marshal, math, types, warnings, zipfile, dis, _testinternalcapi

FIELDS = ${JSON.stringify(COMPARED_FIELDS)}

def _localsplus(co):
    return list(_testinternalcapi.get_co_localskinds(co).items())

def _field(co, name):
    if name == 'localsplusnames':
        return tuple(k for k, _ in _localsplus(co))
    if name == 'localspluskinds':
        return tuple(v for _, v in _localsplus(co))
    return getattr(co, name)

def _const_eq(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if a != a or b != b:
            return a != a and b != b
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, complex):
        return _const_eq(a.real, b.real) and _const_eq(a.imag, b.imag)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_const_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, frozenset):
        items = list(b)
        return len(a) == len(b) and all(any(_const_eq(x, y) for y in items) for x in a)
    if isinstance(a, slice):
        return all(_const_eq(getattr(a, f), getattr(b, f)) for f in ('start', 'stop', 'step'))
    if isinstance(a, types.CodeType):
        return True  # compared field by field afterwards
    return a == b

def _short(value, limit=160):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + '...'

def _instr_at(code, offset):
    if offset + 1 >= len(code):
        return 'end of code'
    op, arg = code[offset], code[offset + 1]
    return f'{dis.opname[op]} {arg}'

def _entry_text(code, e):
    return f'{e.start}-{e.end} ({_instr_at(code, e.start)}) -> {e.target} [{e.depth}]{" lasti" if e.lasti else ""}'

def _detail(name, x, y, a, b):
    if name == 'co_code':
        n = min(len(x), len(y))
        at = next((i for i in range(n) if x[i] != y[i]), n) & ~1
        return (f'first difference at byte {at} of {len(x)} (tspy) / {len(y)} (cpython): '
                f'tspy {_instr_at(x, at)}, cpython {_instr_at(y, at)}')
    if name == 'co_exceptiontable':
        ours, theirs = dis._parse_exception_table(a), dis._parse_exception_table(b)
        for i in range(max(len(ours), len(theirs))):
            p = _entry_text(a.co_code, ours[i]) if i < len(ours) else 'none'
            q = _entry_text(b.co_code, theirs[i]) if i < len(theirs) else 'none'
            if p != q:
                return f'entry {i} of {len(ours)} (tspy) / {len(theirs)} (cpython): tspy {p}; cpython {q}'
    if name == 'co_linetable':
        ours, theirs = list(a.co_positions()), list(b.co_positions())
        for i in range(max(len(ours), len(theirs))):
            p = ours[i] if i < len(ours) else 'none'
            q = theirs[i] if i < len(theirs) else 'none'
            if p != q:
                return (f'positions differ at byte {2 * i} (cpython {_instr_at(b.co_code, 2 * i)}): '
                        f'tspy {p}, cpython {q}')
    if name in ('co_linetable', 'co_exceptiontable') and isinstance(x, bytes) and isinstance(y, bytes):
        n = min(len(x), len(y))
        at = next((i for i in range(n) if x[i] != y[i]), n)
        return (f'first difference at byte {at} of {len(x)} (tspy) / {len(y)} (cpython): '
                f'tspy {x[at:at + 8].hex()} cpython {y[at:at + 8].hex()}')
    if name == 'co_consts' and isinstance(x, tuple) and isinstance(y, tuple):
        for i, (p, q) in enumerate(zip(x, y)):
            if not _const_eq(p, q):
                return f'item {i}: tspy {type(p).__name__} {_short(p)} cpython {type(q).__name__} {_short(q)}'
        return f'{len(x)} constants (tspy) vs {len(y)} (cpython): tspy {_short(x)} cpython {_short(y)}'
    return f'tspy {_short(x)} cpython {_short(y)}'

def _compare_code(a, b, path):
    path = path + [str(b.co_qualname)]
    for name in FIELDS:
        x, y = _field(a, name), _field(b, name)
        if name == 'co_consts':
            same = len(x) == len(y) and all(_const_eq(p, q) for p, q in zip(x, y))
        else:
            same = type(x) is type(y) and x == y
        if not same:
            return {'path': path, 'field': name, 'detail': _detail(name, x, y, a, b)}
    for x, y in zip(a.co_consts, b.co_consts):
        if isinstance(y, types.CodeType):
            miss = _compare_code(x, y, path)
            if miss:
                return miss
    return None

def _compare_module(archive, item):
    name = item['module']
    if 'error' in item:
        return {'path': [], 'field': 'error', 'detail': 'tspy: ' + item['error']}
    try:
        ours = marshal.loads(base64.b64decode(item['b64']))
    except Exception as e:
        return {'path': [], 'field': 'error', 'detail': f'marshal.loads of tspy output: {type(e).__name__}: {str(e)[:200]}'}
    if not isinstance(ours, types.CodeType):
        return {'path': [], 'field': 'error', 'detail': f'tspy output is a {type(ours).__name__}'}
    source = archive.read(name) if 'source_b64' not in item else base64.b64decode(item['source_b64'])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            theirs = compile(source, item.get('filename', name), 'exec', dont_inherit=True)
    except Exception as e:
        return {'path': [], 'field': 'error', 'detail': f'cpython: {type(e).__name__}: {str(e)[:200]}'}
    return _compare_code(ours, theirs, [])

def _tspy_parity(payload, zip_path):
    archive = zipfile.ZipFile(zip_path)
    out = []
    for item in json.loads(payload):
        try:
            miss = _compare_module(archive, item)
        except Exception as e:
            miss = {'path': [], 'field': 'error', 'detail': f'comparer: {type(e).__name__}: {str(e)[:200]}'}
        out.append({'module': item['module'], 'miss': miss})
    return json.dumps(out)
`;

/** One module to compare: its name in the zip (also the filename given to compile), or a
 *  free-standing source (then `source` is sent along). */
export interface ParityInput {
  module: string;
  outcome: TspyOutcome;
  /** Sent along when the module is not a file of the stdlib zip. */
  source?: Uint8Array;
}

const BATCH_BASE64_CHARS = 4_000_000;

interface WireItem {
  module: string;
  b64?: string;
  error?: string;
  source_b64?: string;
}

function toWire(input: ParityInput): WireItem {
  const item: WireItem = { module: input.module };
  if (input.source) item.source_b64 = Buffer.from(input.source).toString('base64');
  if ('error' in input.outcome) {
    item.error = input.outcome.error;
    return item;
  }
  try {
    item.b64 = Buffer.from(marshalDumps(input.outcome.code)).toString('base64');
  } catch (error) {
    item.error = `marshalDumps: ${errorMessage(error)}`;
  }
  return item;
}

/** A short message for anything thrown (never a pyodide object's megabytes). */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

/** Compares each module's tspy outcome with pyodide's compile(), in a few batched calls. */
export async function compareWithCpython(inputs: readonly ParityInput[]): Promise<ParityResult[]> {
  const batches: WireItem[][] = [];
  let current: WireItem[] = [];
  let size = 0;
  for (const input of inputs) {
    const item = toWire(input);
    const itemSize = (item.b64?.length ?? 0) + (item.source_b64?.length ?? 0);
    if (current.length > 0 && size + itemSize > BATCH_BASE64_CHARS) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) batches.push(current);
  const results: ParityResult[] = [];
  for (const batch of batches) {
    const program = `${PY_COMPARER}\nprint(_tspy_parity(${JSON.stringify(JSON.stringify(batch))}, ${JSON.stringify(PYODIDE_STDLIB_ZIP)}))\n`;
    const reply = JSON.parse(await runPython(program)) as { module: string; miss: Omit<ParityMiss, 'module'> | null }[];
    for (const { module, miss } of reply) {
      results.push(miss ? { module, identical: false, miss: { module, ...miss } } : { module, identical: true });
    }
  }
  return results;
}

/** pyodide's own code objects for the named stdlib modules, marshalled (the comparer's
 *  self-test stand-in for tspy's compile: never what the gate measures). */
export async function cpythonMarshalledModules(modules: readonly string[]): Promise<Map<string, Uint8Array>> {
  const program = String.raw`
import base64, json, marshal, warnings, zipfile
archive = zipfile.ZipFile(${JSON.stringify(PYODIDE_STDLIB_ZIP)})
out = {}
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    for name in json.loads(${JSON.stringify(JSON.stringify(modules))}):
        out[name] = base64.b64encode(marshal.dumps(compile(archive.read(name), name, 'exec', dont_inherit=True))).decode()
print(json.dumps(out))
`;
  const reply = JSON.parse(await runPython(program)) as Record<string, string>;
  return new Map(Object.entries(reply).map(([name, b64]) => [name, new Uint8Array(Buffer.from(b64, 'base64'))]));
}

/** "module: path > field: detail" for a report line. */
export function formatMiss(miss: ParityMiss): string {
  const where = miss.path.length > 0 ? ` [${miss.path.join(' > ')}]` : '';
  return `${miss.module}${where} ${miss.field}: ${miss.detail}`;
}
