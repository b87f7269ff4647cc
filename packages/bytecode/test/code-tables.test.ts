// co_lines(), co_positions(), the decoded exception table and replace() against
// CPython 3.14 (pyodide), over the code objects of ~30 stdlib modules.
import { describe, expect, it } from 'vitest';
import { runPython } from '@tspy/test-support';
import { CodeObject, CodeReplaceError, PyBytes, decodeExceptionTable, marshalDumps, marshalLoads } from '../src/index.js';
import { MARSHAL_PRELUDE, b64, codesInPreorder, stdlibSample as sampleModules, unb64 } from './marshal-oracle.js';

/** A sample that differs from marshal.test.ts's. */
const stdlibSample = (): { name: string; source: string }[] => sampleModules(9);


const TABLES_CODE = String.raw`
import dis
def preorder(co, out):
    out.append(co)
    for c in co.co_consts:
        if type(c) is types.CodeType:
            preorder(c, out)
    return out
def tables(co):
    return [co.co_qualname, [list(x) for x in co.co_lines()], [list(x) for x in co.co_positions()],
            [[e.start, e.end, e.target, e.depth, e.lasti] for e in dis._parse_exception_table(co)]]
`;

type Tables = [string, unknown[], unknown[], unknown[]];

function tablesOf(co: CodeObject): Tables {
  const exceptions = decodeExceptionTable(co).map((e) => [e.start, e.end, e.target, e.depth, e.lasti]);
  return [String(co.co_qualname), co.co_lines(), co.co_positions(), exceptions];
}

describe('location and exception tables of stdlib code objects', () => {
  it('co_lines, co_positions and dis._parse_exception_table agree with CPython', async () => {
    const modules = stdlibSample();
    expect(modules.length).toBeGreaterThanOrEqual(25);
    const sourcesB64 = b64(new TextEncoder().encode(JSON.stringify(modules.map((m) => [m.name, m.source]))));
    const [dumped, expected] = JSON.parse(
      await runPython(`${MARSHAL_PRELUDE}${TABLES_CODE}
srcs = json.loads(_unb64('${sourcesB64}').decode())
codes = [compile(src, name, 'exec') for name, src in srcs]
print(json.dumps([[_b64(marshal.dumps(co)) for co in codes], [[tables(c) for c in preorder(co, [])] for co in codes]]))
`),
    ) as [string[], Tables[][]];
    let codeCount = 0;
    let exceptionEntries = 0;
    let noneLines = 0;
    dumped.forEach((d, i) => {
      const co = marshalLoads(unb64(d));
      expect(co).toBeInstanceOf(CodeObject);
      const got = codesInPreorder(co as CodeObject).map(tablesOf);
      const want = expected[i]!;
      expect(got.length).toBe(want.length);
      got.forEach((tables, j) => {
        expect(tables, `${modules[i]!.name}: ${tables[0]}`).toEqual(want[j]);
        exceptionEntries += tables[3].length;
        noneLines += (tables[1] as [number, number, number | null][]).filter((r) => r[2] === null).length;
      });
      codeCount += got.length;
    });
    expect(codeCount).toBeGreaterThan(500);
    expect(exceptionEntries).toBeGreaterThan(100);
    expect(noneLines).toBeGreaterThan(0);
  });

  it('hand-written tables exercising every location kind and truncated exception tables', async () => {
    // Snippets chosen for LONG (multi-line expressions), big line jumps, NO_COLUMNS and NONE entries.
    const sources = [
      'x = (1 +\n 2 +\n 3)\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\ny = 2\n' + 'z = ' + 'a' + '.b'.repeat(60) + '\n',
      'def f():\n    try:\n        pass\n    except* ValueError:\n        pass\n    finally:\n        return 1\n',
      'async def g():\n    async with a as b, c as d:\n        async for x in y:\n            await z\n',
      'class C:\n    def m(self):\n        return [x for x in range(3) if x]\n' + '\n'.repeat(300) + 'w = 1\n',
    ];
    const program = `${MARSHAL_PRELUDE}${TABLES_CODE}
srcs = ${JSON.stringify(sources)}
codes = [c for s in srcs for c in preorder(compile(s, '<s>', 'exec'), [])]
cut = [c.replace(co_exceptiontable=c.co_exceptiontable[:n]) for c in codes for n in range(len(c.co_exceptiontable))]
codes += cut
print(json.dumps([[_b64(marshal.dumps(c)) for c in codes], [tables(c) for c in codes]]))
`;
    const [dumped, expected] = JSON.parse(await runPython(program)) as [string[], Tables[]];
    const got = dumped.map((d) => tablesOf(marshalLoads(unb64(d)) as CodeObject));
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(20);
  });
});

const REPLACE_CODE = String.raw`
ATTRS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags', 'co_code', 'co_consts',
         'co_names', 'co_varnames', 'co_cellvars', 'co_freevars', 'co_nlocals', 'co_filename', 'co_name',
         'co_qualname', 'co_firstlineno', 'co_linetable', 'co_exceptiontable')
def diff(a, b):
    return [attr for attr in ATTRS if getattr(a, attr) != getattr(b, attr)]
`;

describe('CodeObject.replace', () => {
  it('marshalDumps(co.replace(…)) loads in CPython equal to code.replace(…)', async () => {
    const src = 'def f(a, b=1, *c, d, **e):\n    def g():\n        return a + d\n    return g\n';
    const original = marshalLoads(
      unb64(JSON.parse(await runPython(`${MARSHAL_PRELUDE}\nprint(json.dumps(_b64(marshal.dumps(compile(${JSON.stringify(src)}, 'm.py', 'exec')))))`)) as string),
    ) as CodeObject;
    const f = original.co_consts.find((c) => c instanceof CodeObject) as CodeObject;
    const cases: [string, CodeObject][] = [
      ["co_firstlineno=42", f.replace({ co_firstlineno: 42 })],
      ["co_name='h', co_qualname='X.h', co_filename='other.py'", f.replace({ co_name: 'h', co_qualname: 'X.h', co_filename: 'other.py' })],
      ['co_stacksize=99, co_flags=co.co_flags | 0x20', f.replace({ co_stacksize: 99, co_flags: f.co_flags | 0x20 })],
      ["co_linetable=b'', co_exceptiontable=b''", f.replace({ co_linetable: new PyBytes(new Uint8Array()), co_exceptiontable: new PyBytes(new Uint8Array()) })],
      ['co_consts=co.co_consts[:1]', f.replace({ co_consts: f.co_consts.slice(0, 1) })],
      ['', f.replace({})],
    ];
    const program = `${MARSHAL_PRELUDE}${REPLACE_CODE}
top = compile(${JSON.stringify(src)}, 'm.py', 'exec')
co = [c for c in top.co_consts if type(c) is types.CodeType][0]
out = []
${cases.map(([kwargs, mine]) => `out.append(diff(eval("co.replace(${kwargs})"), marshal.loads(_unb64('${b64(marshalDumps(mine))}'))))`).join('\n')}
print(json.dumps(out))
`;
    const diffs = JSON.parse(await runPython(program)) as string[][];
    expect(diffs).toEqual(cases.map(() => []));
    expect(f.replace({ co_firstlineno: 42 })).not.toBe(f);
    expect(f.co_firstlineno).not.toBe(42);
  });

  it('rejects unknown keywords with the error CPython raises', async () => {
    const expected = await runPython(`
try:
    (lambda: 0).__code__.replace(co_bogus=1)
except TypeError as e:
    print(str(e))
`);
    const code = marshalLoads(marshalDumps(marshalLoads(unb64(JSON.parse(await runPython(`${MARSHAL_PRELUDE}\nprint(json.dumps(_b64(marshal.dumps(compile('x', 's', 'eval')))))`)) as string)))) as CodeObject;
    expect(() => code.replace({ co_bogus: 1 } as never)).toThrow(CodeReplaceError);
    expect(() => code.replace({ co_varnames: [] } as never)).toThrow(CodeReplaceError);
    try {
      code.replace({ co_bogus: 1 } as never);
    } catch (e) {
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toBe(expected.trim());
    }
  });
});
