// `tspyc compile` and `tspyc dis` against CPython: the .pyc loads in CPython to the code
// object CPython compiles itself, and the disassembly is what `python -m dis` prints.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython, warmUpOracle } from '@tspy/test-support';
import { tspycIn, type Run } from './support/cli-runner.js';

const workDir = mkdtempSync(join(tmpdir(), 'tspyc-compile-'));

const PROGRAMS = [
  'print("hello")\n',
  'def f(a, b=2, *args, c, **kw):\n    """doc"""\n    return [x * a for x in args if x] or {c: kw}\n',
  'class C:\n    def m(self):\n        return super().m()\n\ntry:\n    import os\nexcept ImportError as e:\n    raise RuntimeError from e\nfinally:\n    pass\n',
  'async def g():\n    async with a as b:\n        async for x in b:\n            yield x\n',
  'match p:\n    case [1, *rest]:\n        pass\n    case {"k": v}:\n        pass\n    case _:\n        pass\n',
];

/** Runs tspyc in-process (fast), reading files from the work directory. */
const tspyc = tspycIn(workDir);

/** `python -m dis ARGS` in pyodide, over a file with the same name and text. */
async function cpythonDis(name: string, text: string, args: string[]): Promise<Run> {
  return JSON.parse(
    await runPython(`
import contextlib, dis, io, json, os, traceback
os.makedirs('/tmp/tspyc-dis', exist_ok=True)
os.chdir('/tmp/tspyc-dis')
with open(${JSON.stringify(name)}, 'w') as f:
    f.write(${JSON.stringify(text)})
out, err, status = io.StringIO(), io.StringIO(), 0
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        dis.main(${JSON.stringify([...args, name])})
    except SyntaxError as e:
        err.write(''.join(traceback.format_exception_only(e)))
        status = 1
print(json.dumps({'stdout': out.getvalue(), 'stderr': err.getvalue(), 'status': status}))
`),
  ) as Run;
}

/** Loads a .pyc in pyodide and compares its code object with CPython's own compile(). */
async function cpythonLoadsPyc(pyc: Uint8Array, name: string, text: string): Promise<{ equal: boolean; flags: number; detail: string }> {
  return JSON.parse(
    await runPython(`
import base64, json, marshal, importlib._bootstrap_external as ext
data = base64.b64decode(${JSON.stringify(Buffer.from(pyc).toString('base64'))})
flags = ext._classify_pyc(data, ${JSON.stringify(name)}, {})
ours = marshal.loads(memoryview(data)[16:])
theirs = compile(${JSON.stringify(text)}, ${JSON.stringify(name)}, 'exec')
def same(a, b):
    fields = ('co_code', 'co_names', 'co_varnames', 'co_cellvars', 'co_freevars', 'co_linetable',
              'co_exceptiontable', 'co_flags', 'co_stacksize', 'co_firstlineno', 'co_qualname', 'co_filename')
    if any(getattr(a, f) != getattr(b, f) for f in fields) or len(a.co_consts) != len(b.co_consts):
        return False
    return all(same(x, y) if hasattr(x, 'co_code') else (type(x) is type(y) and x == y)
               for x, y in zip(a.co_consts, b.co_consts))
print(json.dumps({'equal': ours == theirs and same(ours, theirs), 'flags': flags, 'detail': repr(ours)[:60]}))
`),
  ) as { equal: boolean; flags: number; detail: string };
}

beforeAll(async () => {
  await warmUpOracle();
});

describe('tspyc dis', () => {
  it('prints what `python -m dis` prints, for each option', async () => {
    for (const [i, text] of PROGRAMS.entries()) {
      const name = `dis${i}.py`;
      writeFileSync(join(workDir, name), text);
      for (const extra of [[], ['-C'], ['-O'], ['-P']]) {
        const ours = tspyc(['dis', ...extra, name]);
        const theirs = await cpythonDis(name, text, extra);
        const normalise = (s: string) => s.replace(/0x[0-9a-f]+/gu, '0x…');
        expect({ name, extra, ...ours, stdout: normalise(ours.stdout) }).toEqual({
          name,
          extra,
          ...theirs,
          stdout: normalise(theirs.stdout),
        });
      }
    }
  });

  it('prints a syntax error as Python does and exits 1', async () => {
    const text = 'def f():\n    return\nbreak\n';
    writeFileSync(join(workDir, 'bad.py'), text);
    const ours = tspyc(['dis', 'bad.py']);
    const theirs = await cpythonDis('bad.py', text, []);
    expect({ status: ours.status, stderr: ours.stderr }).toEqual({ status: 1, stderr: theirs.stderr });
  });
});

describe('tspyc compile', () => {
  it('writes a .pyc that CPython loads to the code object it compiles itself', async () => {
    for (const [i, text] of PROGRAMS.entries()) {
      const name = `mod${i}.py`;
      writeFileSync(join(workDir, name), text);
      expect(tspyc(['compile', name, '-o', `out${i}.pyc`])).toEqual({ stdout: '', stderr: '', status: 0 });
      const pyc = readFileSync(join(workDir, `out${i}.pyc`));
      const header = new DataView(pyc.buffer, pyc.byteOffset, 16);
      const st = statSync(join(workDir, name));
      expect([header.getUint32(8, true), header.getUint32(12, true)]).toEqual([Math.floor(st.mtimeMs / 1000), st.size]);
      expect(await cpythonLoadsPyc(pyc, name, text)).toMatchObject({ equal: true, flags: 0 });
    }
  });

  it('writes to __pycache__ by default, as py_compile does', () => {
    writeFileSync(join(workDir, 'cached.py'), 'x = 1\n');
    expect(tspyc(['compile', 'cached.py']).status).toBe(0);
    expect(existsSync(join(workDir, '__pycache__', 'cached.cpython-314.pyc'))).toBe(true);
  });

  it('reports a syntax error with status 1 and writes nothing', () => {
    writeFileSync(join(workDir, 'broken.py'), 'x = (1,\n');
    const r = tspyc(['compile', 'broken.py', '-o', 'broken.pyc']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SyntaxError: '(' was never closed");
    expect(existsSync(join(workDir, 'broken.pyc'))).toBe(false);
  });
});
