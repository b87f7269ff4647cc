// Gate 2: every module of CPython 3.14's stdlib round-trips as a .pyc through tspy.
// pyodide compiles each .py of python_stdlib.zip and writes the .pyc CPython writes
// (timestamp-based, and hash-based checked and unchecked); tspy reads it with readPyc
// (marshalLoads) and writes it back with writePyc (marshalDumps); pyodide validates the
// header, loads the code object and compares it with the one it compiled: `==`, and
// field by field down every nested code object (code `==` skips some fields).
import { describe, expect, it } from 'vitest';
import { readStdlibSources, runPython } from '@tspy/test-support';
import { readPyc, writePyc, type PycHeader } from '../src/pyc.js';
import { b64, unb64 } from './marshal-oracle.js';

const BATCHES = 4;

/** The state kept in pyodide between calls: the code objects it compiled, by module. */
const GATE_STATE = `
import sys, types
_gate = sys.modules.get('_tspy_marshal_gate')
if _gate is None:
    _gate = sys.modules['_tspy_marshal_gate'] = types.ModuleType('_tspy_marshal_gate')
    _gate.codes = {}
`;

const PRODUCE = `${GATE_STATE}
import base64, json, zipfile
from importlib import _bootstrap_external as be
from importlib.util import source_hash
zf = zipfile.ZipFile('/lib/python314.zip')
def produce(i, name, src):
    # As importlib's get_code: the .pyc is written while one local holds the code object,
    # which decides marshal's FLAG_REF on it.
    code = compile(src, name, 'exec')
    if i % 8 == 3:
        return code, be._code_to_hash_pyc(code, source_hash(src), checked=True)
    if i % 8 == 7:
        return code, be._code_to_hash_pyc(code, source_hash(src), checked=False)
    return code, be._code_to_timestamp_pyc(code, 1700000000 + i, len(src))
out = []
for i, name, size in CASES:
    src = zf.read(name)
    assert len(src) == size, name
    _gate.codes[name], data = produce(i, name, src)
    out.append(base64.b64encode(data).decode())
print(json.dumps(out))
`;

const CHECK = `${GATE_STATE}
import base64, json, struct
import _testinternalcapi
from importlib import _bootstrap_external as be
CODE_FIELDS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals', 'co_stacksize', 'co_flags',
               'co_firstlineno', 'co_code', 'co_names', 'co_varnames', 'co_cellvars', 'co_freevars', 'co_filename',
               'co_name', 'co_qualname', 'co_linetable', 'co_exceptiontable')
def localsplus(co):
    # co_localsplusnames and co_localspluskinds, which Python does not expose directly
    names = []
    while True:
        try:
            names.append(co._varname_from_oparg(len(names)))
        except IndexError:
            break
    return names, list(_testinternalcapi.get_co_localskinds(co).items())
def same(a, b, path):
    """None when a and b are the same constant (type and value, -0.0 and NaN included), else where they differ."""
    if type(a) is not type(b):
        return f'{path}: {type(a).__name__} vs {type(b).__name__}'
    t = type(a)
    if t is types.CodeType:
        for f in CODE_FIELDS:
            if not (getattr(a, f) == getattr(b, f) and type(getattr(a, f)) is type(getattr(b, f))):
                return f'{path}.{f}'
        if localsplus(a) != localsplus(b):
            return f'{path}: co_localsplusnames/co_localspluskinds'
        return same(a.co_consts, b.co_consts, path + '.co_consts')
    if t is tuple:
        if len(a) != len(b):
            return f'{path}: length'
        for i, (x, y) in enumerate(zip(a, b)):
            r = same(x, y, f'{path}[{i}]')
            if r:
                return r
        return None
    if t is frozenset:
        if len(a) != len(b) or any(all(same(x, y, path) for y in b) for x in a):
            return f'{path}: frozenset'
        return None
    if t is slice:
        return same((a.start, a.stop, a.step), (b.start, b.stop, b.step), path)
    if t is float:
        return None if struct.pack('<d', a) == struct.pack('<d', b) else f'{path}: {a!r} vs {b!r}'
    if t is complex:
        return None if struct.pack('<dd', a.real, a.imag) == struct.pack('<dd', b.real, b.imag) else f'{path}: {a!r} vs {b!r}'
    return None if a == b else f'{path}: {a!r:.80} vs {b!r:.80}'
out = []
for (i, name, size), written, original in zip(CASES, WRITTEN, ORIGINAL):
    data = base64.b64decode(written)
    try:
        flags = be._classify_pyc(data, name, {})
        if flags & 1:
            be._validate_hash_pyc(data, base64.b64decode(original)[8:16], name, {})
        else:
            be._validate_timestamp_pyc(data, 1700000000 + i, size, name, {})
        loaded = marshal.loads(memoryview(data)[16:])
        code = _gate.codes.pop(name)
        diff = same(code, loaded, name) or (None if code == loaded else name + ': code == is False')
        out.append([diff, data == base64.b64decode(original)])
    except Exception as e:
        out.append([f'{name}: {type(e).__name__}: {str(e)[:200]}', False])
print(json.dumps(out))
`;

describe('gate 2: stdlib .pyc files round-trip through readPyc/writePyc', () => {
  it('every .py of python_stdlib.zip: CPython loads what tspy writes back as an equal code object', async () => {
    const modules = readStdlibSources()
      .filter((e) => e.name.endsWith('.py'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(modules.length).toBeGreaterThanOrEqual(550);
    const cases = modules.map((m, i): [number, string, number] => [i, m.name, m.bytes.length]);
    const failures: string[] = [];
    let equal = 0;
    let identical = 0;
    const batchSize = Math.ceil(cases.length / BATCHES);
    for (let start = 0; start < cases.length; start += batchSize) {
      const batch = cases.slice(start, start + batchSize);
      const pycs = JSON.parse(await runPython(`CASES = ${JSON.stringify(batch)}\n${PRODUCE}`)) as string[];
      const written = pycs.map((pyc, k) => {
        const [i, name, size] = batch[k]!;
        const file = readPyc(unb64(pyc));
        const header: PycHeader =
          file.flags === 0 ? { flags: 0, mtime: file.mtime, sourceSize: file.sourceSize } : { flags: file.flags, sourceHash: file.sourceHash };
        const expectedFlags = i % 8 === 3 ? 3 : i % 8 === 7 ? 1 : 0;
        if (file.flags !== expectedFlags) failures.push(`${name}: flags ${file.flags}, expected ${expectedFlags}`);
        if (file.flags === 0 && (file.mtime !== 1700000000 + i || file.sourceSize !== size)) {
          failures.push(`${name}: header ${file.mtime} ${file.sourceSize}`);
        }
        return b64(writePyc(file.code, header));
      });
      const report = JSON.parse(
        await runPython(
          `import marshal\nCASES = ${JSON.stringify(batch)}\nWRITTEN = ${JSON.stringify(written)}\nORIGINAL = ${JSON.stringify(pycs)}\n${CHECK}`,
        ),
      ) as [string | null, boolean][];
      for (const [diff, sameBytes] of report) {
        if (diff === null) equal++;
        else failures.push(diff);
        if (sameBytes) identical++;
      }
    }
    console.log(
      `gate 2: ${equal}/${cases.length} stdlib .pyc files round-trip to an equal code object; ` +
        `${identical}/${cases.length} byte-identical to CPython's .pyc`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(equal).toBe(cases.length);
  }, 120_000);
});
