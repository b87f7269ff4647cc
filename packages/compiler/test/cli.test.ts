// The tspyc command line against CPython's own: `python -m ast`, `python -m tokenize`,
// and the way `python3 FILE` prints a SyntaxError (stderr text and exit status 1).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython, warmUpOracle } from '@tspy/test-support';
import { tspycIn, type Run } from './support/cli-runner.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliSource = join(packageRoot, 'src', 'cli.ts');
const workDir = mkdtempSync(join(tmpdir(), 'tspyc-cli-'));
// The CLI runs from its TypeScript source; tsx is resolved here because the child's cwd is a temp dir.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const VALID = [
  'def greet(name: str) -> str:\n    return f"Hello, {name}!"\n',
  'import os, sys as s\nfrom . import (a, b)\nclass C[T](B, metaclass=M):\n    x: int = 1\n',
  'match p:\n    case [1, *rest] if rest: pass\n    case {"k": v, **kw}: pass\n    case Point(x=0) | None: pass\n',
  'async def f():\n    async with a as b, c:\n        await x\n    return [y async for y in z if y]\n',
  'try:\n    pass\nexcept* (E, F) as e:\n    raise\nfinally:\n    del a[1:2, ::3]\n',
  'x = t"{a!r:>{w}} {b=}"\ny = rb"\\d" b"\\x00"\nz = 0x_FF + 1_000.5e-3j\n',
  'lambda a, /, b=1, *c, d, e=2, **f: (yield)\n',
  '# coding: latin-1\ns = "caf\xe9"\n',
];

const INVALID = [
  'x = (1,\n  2\n',
  'if x:\n\tpass\n        pass\n',
  'f(a for a in b, c)\n',
  '   x = 1\n',
  'print "hello"\n',
  'def f(a, a=1, *, **k): pass\n',
  'x = f"{a!z}"\n',
  's = "abc\n',
  'class C:\npass\n',
  'a = 1 +\n',
  'x = 1\n  y = 2\n',
  'while True\n    pass\n',
  'x = "\\N{NO SUCH NAME}"\n',
  'é = 1 €\n',
  'import os\nif os:\n    pass\nwhille True:\n    pass\n',
  'def f(a):\n    retrun a b\n',
  'foo(a, b, c, d, e, f, g, h, i, j, k,\n    x iff y else z)\n',
];

/** Programs that parse but warn (invalid escapes, invalid literal suffixes). */
const WARNING = [
  'x = "\\d"\ny = 1 is 1\nz = "\\q" "\\777"\n',
  'b = b"\\d" rb"\\d"\nf = f"\\{x}" f"{y}\\w"\n',
  'x = 1if y else 2\nz = 0x1for a in b\n',
  '    # indented comment\nt = t"\\N"  \nu = "\\8"\n',
];

const AST_ARGS = [[], ['-a'], ['-i', '1', '--show-empty'], ['-m', 'exec', '-a', '-i', '0']];

/** Runs tspyc in-process (fast), reading files from the work directory. */
const tspyc = tspycIn(workDir);

/** Runs the real `tspyc` process from its TypeScript source. */
function tspycProcess(args: string[]): Run {
  const r = spawnSync(process.execPath, ['--conditions=@tspy/source', '--import', tsxLoader, cliSource, ...args], {
    cwd: workDir,
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** Runs the same command line inside pyodide, in a directory holding the same files. */
async function cpython(kind: 'ast' | 'tokens' | 'script', files: Record<string, string>, args: string[]): Promise<Run> {
  const code = `
import ast, io, json, os, sys, tokenize, traceback, contextlib
os.makedirs('/tmp/tspyc-cli', exist_ok=True)
os.chdir('/tmp/tspyc-cli')
import base64
for name, data in json.loads(${JSON.stringify(JSON.stringify(files))}).items():
    with open(name, 'wb') as f:
        f.write(base64.b64decode(data))
args = json.loads(${JSON.stringify(JSON.stringify(args))})
out, err, status = io.StringIO(), io.StringIO(), 0
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        if ${JSON.stringify(kind)} == 'ast':
            ast.main(args)
        elif ${JSON.stringify(kind)} == 'tokens':
            tokenize._main(args)
        else:
            with open(args[0], 'rb') as f:
                compile(f.read(), args[0], 'exec', ast.PyCF_ONLY_AST)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except SyntaxError as e:
        if ${JSON.stringify(kind)} == 'script' and getattr(e, '_metadata', None):
            # python3 FILE parses from a FILE pointer: no source, traceback re-reads the file.
            e._metadata = (e._metadata[0], e._metadata[1], None)
        err.write(''.join(traceback.format_exception_only(e)))
        status = 1
print(json.dumps({'stdout': out.getvalue(), 'stderr': err.getvalue(), 'status': status}))
`;
  return JSON.parse(await runPython(code)) as Run;
}

/** A case's bytes: UTF-8, except the one that declares latin-1. */
function bytesOf(text: string): Buffer {
  return Buffer.from(text, text.includes('coding: latin-1') ? 'latin1' : 'utf8');
}

/** Writes a case for tspy and returns it base64-encoded for pyodide. */
function writeCase(name: string, text: string): string {
  const bytes = bytesOf(text);
  writeFileSync(join(workDir, name), bytes);
  return bytes.toString('base64');
}

beforeAll(async () => {
  await warmUpOracle();
});

describe('tspyc ast', () => {
  it('prints what `python -m ast` prints, for every option set', async () => {
    for (const [i, text] of VALID.entries()) {
      const name = `valid${i}.py`;
      const data = writeCase(name, text);
      for (const extra of AST_ARGS) {
        const ours = tspyc(['ast', ...extra, name]);
        const theirs = await cpython('ast', { [name]: data }, [...extra, name]);
        expect({ name, extra, ...ours }).toEqual({ name, extra, ...theirs });
      }
    }
  });

  it('prints SyntaxWarnings as `python -m ast` does', async () => {
    for (const [i, text] of WARNING.entries()) {
      const name = `warning${i}.py`;
      const data = writeCase(name, text);
      const ours = tspyc(['ast', name]);
      const theirs = await cpython('ast', { [name]: data }, [name]);
      expect({ name, ...ours }).toEqual({ name, ...theirs });
    }
  });

  it('prints a syntax error as `python3 FILE` does and exits 1', async () => {
    for (const [i, text] of INVALID.entries()) {
      const name = `invalid${i}.py`;
      const data = writeCase(name, text);
      const ours = tspyc(['ast', name]);
      const theirs = await cpython('script', { [name]: data }, [name]);
      expect({ name, stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({
        name,
        stdout: '',
        stderr: theirs.stderr,
        status: 1,
      });
    }
  });

  it('runs as a process: output, exit status 1 on a syntax error, no JavaScript stack trace', async () => {
    const good = 'print(1)\n';
    const bad = 'x = (1,\n';
    writeCase('proc-good.py', good);
    const theirsBad = await cpython('script', { 'proc-bad.py': writeCase('proc-bad.py', bad) }, ['proc-bad.py']);
    const ok = tspycProcess(['ast', 'proc-good.py']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(tspyc(['ast', 'proc-good.py']).stdout);
    const failed = tspycProcess(['ast', 'proc-bad.py']);
    expect({ status: failed.status, stderr: failed.stderr }).toEqual({ status: 1, stderr: theirsBad.stderr });
  });

  it('rejects a bad command line with status 2 and a missing file with status 2', () => {
    const usage = tspyc(['ast', '--mode', 'nonsense', 'x.py']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('tspyc: error: argument mode');
    const missing = tspyc(['ast', 'no-such-file.py']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("tspyc: can't open file 'no-such-file.py': [Errno 2] No such file or directory\n");
  });
});

describe('tspyc tokens', () => {
  it('prints what `python -m tokenize [-e]` prints', async () => {
    for (const [i, text] of [...VALID, ...INVALID.slice(0, 3)].entries()) {
      const name = `tokens${i}.py`;
      const data = writeCase(name, text);
      for (const extra of [[], ['-e']]) {
        const ours = tspyc(['tokens', ...extra, name]);
        const theirs = await cpython('tokens', { [name]: data }, [...extra, name]);
        expect({ name, extra, ...ours }).toEqual({ name, extra, ...theirs });
      }
    }
  });
});
