import { describe, expect, it } from 'vitest';
import { accepts, astDumps, oracleVersion, runPython, syntaxErrors } from '../src/oracle.js';

describe('pyodide oracle', () => {
  it('is CPython 3.14', async () => {
    expect(await oracleVersion()).toMatch(/^3\.14\./);
  });

  it('dumps ASTs, with and without attributes', async () => {
    const [plain, withAttributes] = [
      await astDumps([{ source: 'x = 1', filename: '<s>' }], { includeAttributes: false }),
      await astDumps([{ source: 'x = 1', filename: '<s>' }], { includeAttributes: true }),
    ];
    expect(plain).toEqual([
      { ok: true, dump: "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))])" },
    ]);
    expect(withAttributes[0]).toMatchObject({ ok: true });
    expect((withAttributes[0] as { dump: string }).dump).toContain('end_col_offset=5');
  });

  it('honours the mode', async () => {
    const [result] = await astDumps([{ source: 'a + b', filename: '<s>', mode: 'eval' }], { includeAttributes: false });
    expect(result).toEqual({
      ok: true,
      dump: "Expression(body=BinOp(left=Name(id='a', ctx=Load()), op=Add(), right=Name(id='b', ctx=Load())))",
    });
  });

  it('reports SyntaxError fields as CPython sets them', async () => {
    const errors = await syntaxErrors([
      { source: 'x = (', filename: '<s>' },
      { source: 'x = 1', filename: '<s>' },
      { source: 'if x:\npass\n', filename: '<s>' },
      { source: 'if x:\n\tpass\n        pass\n', filename: '<s>' },
      { source: 'f(**a, *b)', filename: '<s>' },
    ]);
    expect(errors[0]).toEqual({
      type: 'SyntaxError', msg: "'(' was never closed",
      lineno: 1, offset: 5, end_lineno: 1, end_offset: 0, text: 'x = (\n',
    });
    expect(errors[1]).toBeNull();
    expect(errors[2]).toMatchObject({ type: 'IndentationError', msg: "expected an indented block after 'if' statement on line 1", lineno: 2 });
    expect(errors[3]).toMatchObject({ type: 'TabError', lineno: 3 });
    expect(errors[4]).toMatchObject({ type: 'SyntaxError', msg: 'iterable argument unpacking follows keyword argument unpacking' });
  });

  it('decodes bytes sources with PEP 263 and passes lone surrogates through to CPython', async () => {
    const latin1 = new Uint8Array(Buffer.from('# coding: latin-1\ns = "\xe9"\n', 'latin1'));
    const invalid = new Uint8Array(Buffer.from('s = "\xe9"\n', 'latin1'));
    const [cookie, bad, surrogate] = await astDumps(
      [
        { source: latin1, filename: '<b>' },
        { source: invalid, filename: '<b>' },
        { source: 's = "\ud800"', filename: '<s>' },
      ],
      { includeAttributes: false },
    );
    expect(cookie).toMatchObject({ ok: true });
    expect((cookie as { dump: string }).dump).toContain("Constant(value='é')");
    expect(bad).toMatchObject({ ok: false, error: { type: 'SyntaxError' } });
    expect((bad as { error: { msg: string } }).error.msg).toMatch(/utf-8/i);
    // CPython encodes a str source to UTF-8 first, which a lone surrogate cannot survive.
    expect(surrogate).toMatchObject({ ok: false, error: { type: 'UnicodeEncodeError' } });
  });

  it('answers large batches in order', async () => {
    const sources = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `x${i} = (` : `x${i} = ${i}`));
    const verdicts = await accepts(sources);
    expect(verdicts.length).toBe(5000);
    expect(verdicts.every((ok, i) => ok === (i % 3 !== 0))).toBe(true);
  });

  it('runs arbitrary Python and reports its exceptions', async () => {
    expect(await runPython('import sys\nprint(sys.version_info[:2])')).toBe('(3, 14)\n');
    await expect(runPython('raise KeyError("boom")')).rejects.toThrow(/KeyError: 'boom'/);
  });

  it('survives deep recursion in C code (big worker stack)', async () => {
    const [nested] = await astDumps([{ source: '(' .repeat(180) + ')'.repeat(180), filename: '<s>' }], { includeAttributes: false });
    expect(nested).toMatchObject({ ok: true });
    const out = await runPython('import sys\nsys.setrecursionlimit(20000)\nl = []\nfor _ in range(5000): l = [l]\nprint(len(repr(l)))');
    expect(out).toBe('10002\n');
  });
});
