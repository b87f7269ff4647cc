// readPyc / writePyc against CPython 3.14's importlib (pyodide).
import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { CodeObject, PyBytes, PyTuple, PYC_MAGIC_NUMBER, PycError, readPyc, writePyc, type PycHeader } from '../src/index.js';
import { MARSHAL_PRELUDE, b64, unb64 } from './marshal-oracle.js';

const SOURCE = 'import os\ndef f(a, *b, c=1, **d):\n    def g():\n        return a + c\n    return g\nx = [i * 2 for i in range(3)]\n';

const PYC_PRELUDE = `${MARSHAL_PRELUDE}
import importlib.util
from importlib import _bootstrap_external as be
SOURCE = ${JSON.stringify(SOURCE)}
code = compile(SOURCE, 'mod.py', 'exec')
`;

describe('.pyc files', () => {
  it('the magic number is importlib.util.MAGIC_NUMBER', async () => {
    const magic = await runPython(`${PYC_PRELUDE}\nprint(_b64(importlib.util.MAGIC_NUMBER))`);
    expect(b64(PYC_MAGIC_NUMBER)).toBe(magic.trim());
  });

  it('reads the three header forms CPython writes', async () => {
    const files = JSON.parse(
      await runPython(`${PYC_PRELUDE}
print(json.dumps([
    _b64(be._code_to_timestamp_pyc(code, 1700000000, len(SOURCE))),
    _b64(be._code_to_hash_pyc(code, b'12345678', checked=False)),
    _b64(be._code_to_hash_pyc(code, b'abcdefgh', checked=True)),
]))
`),
    ) as string[];
    const [timestamp, unchecked, checked] = files.map((f) => readPyc(unb64(f)));
    expect(timestamp).toMatchObject({ flags: 0, mtime: 1700000000, sourceSize: SOURCE.length });
    expect(unchecked).toMatchObject({ flags: 1, sourceHash: new TextEncoder().encode('12345678') });
    expect(checked).toMatchObject({ flags: 3, sourceHash: new TextEncoder().encode('abcdefgh') });
    for (const file of [timestamp, unchecked, checked]) {
      expect(file!.code).toBeInstanceOf(CodeObject);
      expect(file!.code.co_name).toBe('<module>');
    }
  });

  it('CPython validates and loads the .pyc files tspy writes', async () => {
    const code = readPyc(
      unb64((await runPython(`${PYC_PRELUDE}\nprint(_b64(be._code_to_timestamp_pyc(code, 0, 0)))`)).trim()),
    ).code;
    const headers: PycHeader[] = [
      { flags: 0, mtime: 1700000000, sourceSize: SOURCE.length },
      { flags: 1, sourceHash: new TextEncoder().encode('12345678') },
      { flags: 3, sourceHash: new TextEncoder().encode('abcdefgh') },
    ];
    const written = headers.map((h) => b64(writePyc(code, h)));
    const report = JSON.parse(
      await runPython(`${PYC_PRELUDE}
def fn(co): return next(c for c in co.co_consts if type(c) is types.CodeType)
files = [_unb64(s) for s in ${JSON.stringify(written)}]
out = []
for data, kind in zip(files, ('timestamp', 'unchecked', 'checked')):
    flags = be._classify_pyc(data, 'mod', {})
    if kind == 'timestamp':
        be._validate_timestamp_pyc(data, 1700000000, len(SOURCE), 'mod', {})
    else:
        be._validate_hash_pyc(data, b'12345678' if kind == 'unchecked' else b'abcdefgh', 'mod', {})
    loaded = marshal.loads(memoryview(data)[16:])
    out.append([flags, loaded == code, fn(loaded).co_varnames == fn(code).co_varnames == ('a', 'c', 'b', 'd', 'g')])
print(json.dumps(out))
`),
    ) as [number, boolean, boolean][];
    expect(report).toEqual([
      [0, true, true],
      [1, true, true],
      [3, true, true],
    ]);
  });

  it('rejects a wrong magic number, bad flags and short headers', () => {
    const empty = () => new PyBytes(new Uint8Array(0));
    const good = writePyc(
      new CodeObject({
        co_argcount: 0, co_posonlyargcount: 0, co_kwonlyargcount: 0, co_stacksize: 0, co_flags: 0,
        co_code: empty(), co_consts: [], co_names: new PyTuple([]), co_localsplusnames: new PyTuple([]),
        co_localspluskinds: empty(), co_filename: 'f', co_name: 'n', co_qualname: 'n', co_firstlineno: 1,
        co_linetable: empty(), co_exceptiontable: empty(),
      }),
      { flags: 0, mtime: 0, sourceSize: 0 },
    );
    expect(() => readPyc(good.slice(0, 10))).toThrow(PycError);
    const badMagic = good.slice();
    badMagic[0] = 0;
    expect(() => readPyc(badMagic)).toThrow(PycError);
    const badFlags = good.slice();
    badFlags[4] = 4;
    expect(() => readPyc(badFlags)).toThrow(PycError);
    expect(readPyc(good).code.co_filename).toBe('f');
  });
});
