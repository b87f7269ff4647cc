// Differential tests of the tokenizer against CPython 3.14 (pyodide):
// `python -m tokenize -e` output over a corpus, tokenizer SyntaxErrors as compile() reports
// them, and the token stream of every .py file of the stdlib.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { PySyntaxError } from '../src/errors.js';
import { decodeSource } from '../src/tokenizer/encoding.js';
import { scanIdentifier } from '../src/tokenizer/chars.js';
import { Tokenizer } from '../src/tokenizer/lexer.js';
import { runTokenizeMain } from '../src/tokenizer/tokenize_main.js';
import * as T from '../src/tokenizer/token.js';
import { readStdlibSources, stdlibZipPath } from '@tspy/test-support';
import { strRepr } from '@tspy/bytecode';

let py: PyodideInterface;

beforeAll(async () => {
  py = await loadPyodide();
  py.FS.mkdirTree('/tmp/tspy');
  py.runPython(`
import contextlib, hashlib, io, sys, tokenize, warnings, zipfile

def _tspy_tokenize_main(path, exact):
    out, err = io.StringIO(), io.StringIO()
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            tokenize._main((['-e'] if exact else []) + [path])
        except SystemExit as e:
            status = e.code or 0
        except Exception as e:
            # _main re-raises unexpected errors; CPython would print the traceback, of
            # which only the last line is compared.
            err.write(f'{type(e).__name__}: {e}\\n')
            status = 1
    return [out.getvalue(), err.getvalue(), status]

def _tspy_compile_error(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            compile(src, '<string>', 'exec')
    except SyntaxError as e:
        return [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text]
    return None

def _tspy_stdlib_digests(zip_path):
    result = {}
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            if not name.endswith('.py'):
                continue
            with open('/tmp/tspy_sweep.py', 'wb') as f:
                f.write(z.read(name))
            out, err, status = _tspy_tokenize_main('/tmp/tspy_sweep.py', True)
            result[name] = hashlib.md5((out + err + str(status)).encode()).hexdigest()
    return result

def _tspy_parser_view(src):
    # The parser's token stream derived from tokenize's: no COMMENT/NL, exact types,
    # UTF-8 byte columns; NEWLINE ends one past its start and starts at the comment
    # before it (its text is that comment, else ''); INDENT, DEDENT and ENDMARKER carry
    # no position; FSTRING_MIDDLE ends differ on '{{' escapes.
    import token as T
    lines = src.split('\\n')
    out = []
    prev = None
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        tokens = list(tokenize.generate_tokens(io.StringIO(src).readline))
    for t in tokens:
        # The C tokenizer makes '<>' a NOTEQUAL; token.EXACT_TOKEN_TYPES does not list it.
        typ = T.NOTEQUAL if t.string == '<>' else t.exact_type
        comment, prev = prev, t
        if typ in (T.COMMENT, T.NL, T.ENCODING):
            continue
        if typ in (T.INDENT, T.DEDENT, T.ENDMARKER):
            out.append(str(typ))
            continue
        s = t.string
        sc = len(lines[t.start[0] - 1][:t.start[1]].encode())
        ec = len(lines[t.end[0] - 1][:t.end[1]].encode())
        if typ == T.NEWLINE:
            ec = sc + 1
            s = ''
            if comment is not None and comment.type == T.COMMENT and comment.start[0] == t.start[0]:
                s = comment.string
                sc = len(lines[t.start[0] - 1][:comment.start[1]].encode())
        if typ in (T.FSTRING_MIDDLE, T.TSTRING_MIDDLE):
            ec = -2
        out.append(f"{typ} {s!r} {t.start[0]},{sc}-{t.end[0]},{ec}")
    return '\\n'.join(out)

def _tspy_parser_view_digests(zip_path):
    result = {}
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            if not name.endswith('.py'):
                continue
            b = z.read(name)
            enc, _ = tokenize.detect_encoding(io.BytesIO(b).readline)
            view = _tspy_parser_view(b.decode(enc))
            result[name] = hashlib.md5(view.encode()).hexdigest()
    return result
`);
});

/** UTF-8 bytes of a text snippet. */
function u(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Raw bytes: each char code (< 256) is one byte. */
function b(latin1: string): Uint8Array {
  return Uint8Array.from(latin1, (ch) => ch.charCodeAt(0));
}

const CORPUS: Uint8Array[] = [
  // layout, indentation, blank lines, comments
  u('def f(x):\n    return x + 1\n'),
  u('x = 1'),
  u('if x:\n    y\n# c\n\n  # d\nz\n'),
  u('if x:\n\tif y:\n\t\tz\n'),
  u('x = (1,\n  2)\n'),
  u('x = 1 + \\\n  2\n'),
  u(''),
  u('\n\n'),
  u('# only comment'),
  u('def f():\n    pass\n\n\n'),
  u('class A:\n    def f(self):\n        pass\n    # trailing\n'),
  u('x = [\n    1,  # one\n    2,\n]\n'),
  u('\fx = 1\n  \f  y = 2\n'),
  u('if x:\n    pass\n  # bad comment indent\n'),
  u('  x = 1\n'),
  u('x = 1\n\ty = 2\n'),
  u('if x:\n    a\n      # c\n    b\n'),
  u('x = (\n\n  # c\n)\n'),
  u('x = 1;\n'),
  u('\n\n\n    \n\t\nx\n'),
  u('if x:\n    pass\n\n# c\n\n'),
  u('if x:\n    pass\n    '),
  u('if x:\n    pass\n    # c'),
  u('def f():\n  \\\n  x\n'),
  u('print(1)\f\n\f\n'),
  u('x = 1\r\ny = 2\r\n'),
  u('x = 1\ry = 2\r'),
  u('x = 1\r\n# c\r\n\r\nif x:\r\n    y\r\n'),
  u('x = 1 \\\r\n+ 2\r\n'),
  // numbers
  u('a = 0x_1f + 0o17 + 0b1_0 + 1_000 + 1.5e-3 + 1j + .5 + 5. + 1E5J + 0.0\n'),
  u('1__0 0_ 0x_ 0o 0b 1e+ 1.e 1.5j 1_0.0_1e1_0j\n'),
  u('0_7 00 0000 0e0 0j 00.5 09.5 09e1 09j 0777 08\n'),
  u('1and 2 1or 3 1if 1else 2 0x1for 1in x 1is 2 1not in x\n'),
  u('x = 1if y else 2\n'),
  u('1_a\n'),
  u('1e\n1.0_\n0x\n0b2\n0o8\n'),
  // strings
  u('s = \'a\' "b" \'\'\'c\nd\'\'\' r\'\\d\' b\'x\' rb\'y\' BR\'z\' u\'w\'\n'),
  u('a = b\'\\x00\' br\'\\n\' Rb\'x\' bR\'y\' rB\'z\'\n'),
  u("u'x' U'y'\nur'x'\nrb''\nbu''\ntf''\n"),
  u('x = \'a\\\'b\' "a\\"b"\n'),
  u('x = \'\'\'a\'\'\' \'\'\'b\'\'\'"""c"""\n'),
  u("x = '''\n\n'''\n"),
  u("s = 'abc\\\ndef'\n"),
  u("x = '\\N{BULLET} {y}'\n"),
  u("x = '''unterminated\n"),
  u("x = 'abc\\'\n"),
  u("'abc\n"),
  u("'''abc\n\n"),
  // f-strings and t-strings
  u("f'{x}' F'{y!r:>{w}}' rf'{z}' t'{a}' tr'{b}'\n"),
  u("f'{x=}' f'{x = }' f'{x=!r:10}'\n"),
  u("f'{{}}' f'a{{b}}c' f'{x:{{}}>10}'\n"),
  u("f'''\n{x\n+ y}\nabc'''\n"),
  u("f'{f'{f'{x}'}'}'\n"),
  u("f'\\N{BULLET} {y}'\n"),
  u("f'{x!r}' f'{x!s}' f'{x!a}' f'{x=!r}'\n"),
  u("f'{x:>{w}.{p}f}'\n"),
  u("f'{x:%H:%M}'\n"),
  u('f\'{a["b"]}\' f"{a[\'b\']}"\n'),
  u("f'{lambda x: x}'\n"),
  u("f'{(lambda x: x)(1)}'\n"),
  u("f'{x:=10}' f'{(x:=10)}'\n"),
  u("f'{x!=y}' f'{x==y}' f'{x>=y}'\n"),
  u("f'''{\nx\n=\n}'''\n"),
  u("f'''{x:\n}'''\n"),
  u("f'''abc {x:\n>10} def'''\n"),
  u("rf'\\{x}' fr'\\N{x}' f'\\N{DASH}{x}'\n"),
  u("f'{x}' f'' f'''''' f\"\"\n"),
  u("t'{x=}' t'{x!r:>10}' T'' Rt'{a}' tR'{b}'\n"),
  u('f\'{f"{1}"}\' f\'{"a" if x else "b"}\'\n'),
  u("f'{x}{y}{z}'\n"),
  u("f'{{{x}}}'\n"),
  u("f'}}{{'\n"),
  u("f'{x:}' f'{x!r:}'\n"),
  u("f'{x:{y}}' f'{x:a{y}b{z}c}'\n"),
  u("f'{1:{2:{3}}}'\n"),
  u("f'{x:{{}}}'\n"),
  u("f'{x=:>10}'\n"),
  u("f'{ x = }'\n"),
  u("f'{x # comment\n}'\n"),
  u("f'''{x # comment\n}'''\n"),
  u("f'''{'#' = }'''\n"),
  u("f'\\''\n"),
  u("f'a\\\nb'\n"),
  u("f'{x:\\n}'\n"),
  u("f'\\{x}'\n"),
  u("x = f\"{'#'=}\" f'{x # c\n}'\n"),
  u("f'''{x # comment\n=}'''\n"),
  u("t'{x} {y!r} {z:>10}'\n"),
  u("print(f'{x!r}', f'{x!s:^10}')\n"),
  u("f'{x'\n"),
  u("f'}'\n"),
  u("f'{x:\n}'\n"),
  u("f'abc\n"),
  u("f'''abc\n"),
  u("f'{'\n"),
  u("f'{x!}'\n"),
  u("f'{}'\n"),
  u("f'{x:}}'\n"),
  u("f'{)}'\n"),
  u("f'{x)}'\n"),
  u("f'{\n"),
  u("f'''{x\n"),
  u("f'''{x\n'''\n"),
  // names, keywords, operators, non-ASCII
  u('match x:\n    case 1:\n        pass\ntype X = int\n'),
  u("é = '€'\nprint(é, '😀', x)\n"),
  u('x = €\n'),
  u('€ = 1\n'),
  u('a€b = 1\n'),
  u("x = 'éé' + f'{é}é{y}'\n"),
  u('# éé\nx = 1 # €\n'),
  u("s = '''é\néx'''; y\n"),
  u('$ ? `\n'),
  u('a <> b\n'),
  u('x = ...\ny = a.b.c\nz @= w ** 2 // 3 >> 4 << 5 != 6 -> 7 := 8\n'),
  u('a += 1; b -= 2; c *= 3; d /= 4; e //= 5; f %= 6; g **= 7; h >>= 8; i <<= 9; j &= 1; k |= 2; l ^= 3\n'),
  u('lambda: (yield)\nasync def f(): await x\n'),
  u('async def f():\n    async for x in y:\n        await z\n'),
  u('@dec\nclass A[T: int = str, *Ts, **P]: pass\n'),
  u('x: int = 3\ndel x; global y; nonlocal z\n'),
  u('\x01\n'),
  u('x = 5\x7f\n'),
  u('x = \u00a0\n'),
  // brackets, continuation, errors
  u(')\n'),
  u('(]\n'),
  u('(\n]\n'),
  u('x = [1, 2\n'),
  u('x = (1,\n# c'),
  u('x = (1,\n'),
  u('x = 1 \\ y\n'),
  u('x\\\n'),
  u('\\\nx\n'),
  u('  \\\nx\n'),
  u('x = \\ \n'),
  u('\\\n'),
  u('x = 1 \\\n'),
  u('if 1:\n  x\n    y\n'),
  u('if 1:\n    x\n  y\n'),
  u('if 1:\n\tx\n        y\n'),
  u('if x:\n        a\n\tb\n'),
  u('if x:\n\ta\n        b\n'),
  u('if 1:\n' + Array.from({ length: 100 }, (_, i) => ' '.repeat(i + 1) + 'if 1:\n').join('') + ' '.repeat(101) + 'x\n'),
  u('x = 1\n\x00\n'),
  u('x = 1\ny = 2\nz = 3\x00\n'),
  u('é{{\\\n\t1\\N{\r\n'), u("é)00bt'f'\n"), u("1éu'rf'\f01'\n"), u('x = (1 + \\\n  2) \\ y\n'),
  u('f"{x\\\n  \\ y}"\n'), u("x = 1\r\xe9 = 2\n"), u("(\r\xe9)\n"),
  // tokenize keeps an unclosed f-string's lines in its buffer: INDENT text and the
  // column bookkeeping of Python-tokenize.c then give odd (negative) columns.
  u("f'{)\n \t\n  x\n "),
  u("\n\npass\n\t\r\n\n    \n    \n  \t    \n  'pass'\n\t \n\t \r\nf'{        )    \r\npass\n\t if x:1\n\t"),
  // encodings
  b('#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\'\'\'doc\'\'\'\n'),
  b('# -*- coding: latin-1 -*-\nx = \'\xe9\'\n'),
  b('\xef\xbb\xbfx = 1\n'),
  b('\xef\xbb\xbf# coding: latin-1\nx=1\n'),
  b('\xef\xbb\xbf# coding: utf-8\nx=1\n'),
  b('# coding: xyz\n'),
  b('# coding: utf8\nx=\'\xc3\xa9\'\n'),
  b('\n# vim: fileencoding=cp1252\nx=\'\x80\'\n'),
  b('\xff\n'),
  b('x = \'\xff\'\n'),
  b('# coding: ascii\nx = \'\xe9\'\n'),
  b('x = 1\ny = 2\nz = \'\xff\'\n'),
];

// Every string prefix of one or two letters (and some of three), in both cases,
// with single and triple quotes: valid ones tokenize, the others raise CPython's errors.
const PREFIXES = ((): string[] => {
  const letters = ['b', 'r', 'u', 'f', 't'];
  const out = ['', ...letters, ...letters.map((l) => l.toUpperCase())];
  for (const a of letters) {
    for (const c of letters) {
      if (a === c) continue;
      out.push(a + c, a.toUpperCase() + c, a + c.toUpperCase());
    }
  }
  out.push('bru', 'rbf', 'frt', 'rft', 'rrb', 'bb', 'ff', 'tt', 'rr', 'uu');
  return out;
})();
for (const prefix of PREFIXES) {
  CORPUS.push(u(`x = ${prefix}'a{b}c\\n' + ${prefix}"""d{e!r:>{w}}\n{{f}}"""\n`));
}

const NUMBERS = [
  '0', '00', '0_0', '1', '1_2_3', '123_', '1__2', '0x0', '0XfF', '0x_f', '0x', '0xg', '0x1_', '0o0', '0O7_7',
  '0o', '0o8', '0o78', '0b0', '0B1_0', '0b', '0b2', '0b12', '0777', '0_7', '09', '0.', '.0', '0.0', '1.5',
  '1.5e10', '1.5E-10', '1e+5', '1e', '1e+', '1e_1', '1_e1', '1.e5', '1.j', '1j', '1J', '1.5j', '0j', '00j',
  '1_0.0_1', '1._5', '1.5_', '.5j', '5.e-3j', '1if', '1else', '1and', '1or', '1in', '1is', '1not', '1for',
  '0x1for', '0o1and', '0b1or', '1.5if', '1jif', '1x', '0x1x', '1_000_000.000_001e-1_0j', '1e1_000',
];
for (const n of NUMBERS) CORPUS.push(u(`x = ${n}\n`));

const F_STRINGS = [
  "f'{x!r:^{w}}'", "f'{x!z}'", "f'{x!}'", "f'{x=!r:}'", "f'{x:{y:{z}}}'", "f'{x:{y:{z:{w}}}}'",
  'f\'{"a"}\'', 'f\'{x["a"]!r}\'', "f'{{{{x}}}}'", "f'{x}}}'", "f'{{{x}'", "f'{ {x} }'", "f'{ {x: y} }'",
  "f'{[x for x in y]}'", "f'{x,}'", "f'{x,y}'", "f'{*x}'", "f'{yield x}'", "f'{x:=1}'", "f'{x:>{y!r}}'",
  "f'\\{x}'", "f'\\\\{x}'", "rf'\\{x}'", "f'\\N{LATIN SMALL LETTER A}'", "f'\\N'", "rf'\\N{x}'",
  "f'{x\\n}'", "f'{x}\\\n{y}'", "f'''{x}\n{y}\n'''", "f'''{\nx\n!r\n}'''", "f'''{x:\n\n}'''",
  "f'{x!r=}'", "f'{x=}{y=}'", "f'{x=#}'", "t'{x=}'", "t'{x!s}'", "t'{x:{y}}'", "t'{{}}'", "t'}'",
  "f'{x:}}'", "f'{x:{}}'", "f'{:x}'", "f'{!r}'", "f'{=}'", "f'{#}'", "f'{x#}'", "f'''{x#}'''",
  "f'{f'{f'{f'{x}'}'}'}'", "f\"{'''a'''}\"", "f'{'''a'''}'", "f'{x:\\{y\\}}'",
  "f'{x}' 'y' f'z'", "'a' f'{b}' 'c'", "f'{lambda: 1}'", "f'{(lambda: 1)()}'",
];
for (const f of F_STRINGS) CORPUS.push(u(`${f}\n`));

describe('python -m tokenize', () => {
  it('matches pyodide on the corpus (exact and plain types)', () => {
    const run = py.globals.get('_tspy_tokenize_main');
    const failures: string[] = [];
    const oracleCrashes: string[] = [];
    // CPython 3.14's tokenize can read past a buffer on some broken f-strings and then
    // fail with "SystemError: ... returned a result with an exception set", depending on
    // memory contents; such a run says nothing about the right output, so it is retried.
    const cpythonMain = (path: string, exact: boolean): [string, string, number] => {
      let result: [string, string, number] = ['', '', 0];
      for (let attempt = 0; attempt < 5; attempt++) {
        const proxy = run(path, exact);
        result = proxy.toJs() as [string, string, number];
        proxy.destroy();
        if (!/SystemError: .* returned a result with an exception set/u.test(result[1])) break;
      }
      return result;
    };
    CORPUS.forEach((bytes, i) => {
      const path = `/tmp/tspy/s${i}.py`;
      py.FS.writeFile(path, bytes);
      for (const exact of [true, false]) {
        const [out, err, status] = cpythonMain(path, exact);
        if (/SystemError: .* returned a result with an exception set/u.test(err)) {
          oracleCrashes.push(`#${i} exact=${exact}`);
          continue;
        }
        const ours = runTokenizeMain(bytes, path, exact);
        if (ours.out !== out || ours.err !== err || ours.status !== status) {
          failures.push(`#${i} exact=${exact} ${JSON.stringify(new TextDecoder().decode(bytes))}\n` +
            `expected: ${JSON.stringify({ out, err, status })}\nactual:   ${JSON.stringify(ours)}`);
        }
      }
    });
    run.destroy();
    if (oracleCrashes.length) {
      console.log(`tokenize corpus: ${oracleCrashes.length} case(s) skipped, CPython's tokenize crashed 5 times: ${oracleCrashes.join(', ')}`);
    }
    expect(oracleCrashes.length).toBeLessThanOrEqual(2);
    expect(failures.join('\n\n')).toBe('');
  });
});

describe('parser-mode token stream', () => {
  it('matches the stream CPython derives for the parser on the corpus', () => {
    const view = py.globals.get('_tspy_parser_view');
    const compileError = py.globals.get('_tspy_compile_error');
    const failures: string[] = [];
    // Cases with nothing to compare against: undecodable bytes, lone CRs (newlines for the
    // parser, not for tokenize), and sources CPython's tokenize itself rejects.
    const skipped = { undecodable: 0, loneCr: 0, tokenizeRejects: 0 };
    for (const bytes of CORPUS) {
      let src: string;
      try {
        src = decodeSource(bytes, '<string>');
      } catch {
        skipped.undecodable++;
        continue;
      }
      if (/\r(?!\n)/.test(src)) {
        skipped.loneCr++;
        continue;
      }
      let theirs: string | undefined;
      try {
        theirs = view(src) as string;
      } catch {
        skipped.tokenizeRejects++;
        continue;
      }
      let ours: string;
      try {
        ours = parserView(src);
      } catch (e) {
        if (!(e instanceof PySyntaxError)) throw e;
        // Stricter than tokenize (literals, identifiers, brackets): compile() must agree.
        const proxy = compileError(src);
        const expected = proxy?.toJs() as unknown[] | undefined;
        proxy?.destroy();
        // (unless the parser stopped at an earlier line, before reaching the bad token).
        const parserStoppedEarlier = typeof expected?.[2] === 'number' && expected[2] < (e.lineno ?? 0);
        if (expected?.[1] !== e.msg && !parserStoppedEarlier) {
          failures.push(`${JSON.stringify(src)}: ${e.msg} vs ${String(expected?.[1])}`);
        }
        continue;
      }
      if (ours !== theirs) failures.push(`${JSON.stringify(src)}\nexpected: ${theirs}\nactual:   ${ours}`);
    }
    view.destroy();
    compileError.destroy();
    console.log(`parser-mode stream: ${CORPUS.length} cases, skipped ${JSON.stringify(skipped)}`);
    expect(failures.join('\n\n')).toBe('');
  });
});

describe('seeded random snippets', () => {
  // Short random sequences of tokenizer-relevant pieces: every kind of quote and prefix,
  // braces, backslashes, indentation, CR/LF and non-ASCII text.
  const PIECES = [
    '\n', '\n ', '\n  ', '\n\t', '\n    ', '\n\t ', '\n \t', 'if x:', 'x', ' ', '\t', '\\\n', '#c', '(', ')',
    "'", '"', "f'{", "}'", "'''", '\f', '\r\n', '\r', 'é', '€', '😀', '\u00a0', 'pass', ':', '\\', '1', '0', '=',
    "f'", '{', '}', '{{', '}}', '!r', "t'", '\\N{', '0x', '0o', '1_', '.', 'e', 'j', "b'", "rb'", "u'", 'ft', '[', ']',
  ];
  function* snippets(count: number): Generator<string> {
    let seed = 20261126;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let i = 0; i < count; i++) {
      let text = '';
      for (let k = 1 + random(24); k > 0; k--) text += PIECES[random(PIECES.length)];
      yield text;
    }
  }

  it('tokenize and compile() errors agree with pyodide', () => {
    const run = py.globals.get('_tspy_tokenize_main');
    const compileError = py.globals.get('_tspy_compile_error');
    const failures: string[] = [];
    let comparedErrors = 0;
    for (const text of snippets(600)) {
      const bytes = u(text);
      py.FS.writeFile('/tmp/tspy/fuzz.py', bytes);
      const proxy = run('/tmp/tspy/fuzz.py', true);
      const [out, err, status] = proxy.toJs() as [string, string, number];
      proxy.destroy();
      // CPython 3.14's tokenize reads past an empty line buffer for DEDENTs at EOF and
      // sometimes fails with a SystemError; nothing to compare then.
      const ours = runTokenizeMain(bytes, '/tmp/tspy/fuzz.py', true);
      if (!err.includes('SystemError') && (ours.out !== out || ours.err !== err || ours.status !== status)) {
        failures.push(`${JSON.stringify(text)}\nexpected: ${JSON.stringify({ out, err, status })}\nactual:   ${JSON.stringify(ours)}`);
      }
      const eproxy = compileError(text);
      const expected = eproxy?.toJs() as unknown[] | undefined;
      eproxy?.destroy();
      let actual: unknown[] | undefined;
      try {
        tokenizeAll(text);
      } catch (e) {
        if (!(e instanceof PySyntaxError)) throw e;
        actual = [e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text];
      }
      // The parser may stop at an earlier error; when CPython reports ours, it must match.
      if (expected !== undefined && actual !== undefined && expected[1] === actual[1]) {
        comparedErrors++;
        if (JSON.stringify(expected) !== JSON.stringify(actual)) {
          failures.push(`${JSON.stringify(text)}\nexpected: ${JSON.stringify(expected)}\nactual:   ${JSON.stringify(actual)}`);
        }
      }
    }
    run.destroy();
    compileError.destroy();
    expect(failures.join('\n\n')).toBe('');
    expect(comparedErrors).toBeGreaterThan(200);
  });
});

/** Snippets whose compile() error is raised by the tokenizer. */
const TOKENIZER_ERRORS: string[] = [
  'if 1:\n    x\n  y\n',
  'if 1:\n\tx\n        y\n',
  'if x:\n        a\n\tb\n',
  'x = 1 \\ y\n',
  '1_a\n', '0777\n', '00 + 0777\n', 'é = 0777\n', '1e\n', '1e+\n', '1__0\n', '1.0_\n', '0_\n', '0o\n', '0x\n',
  '0o8\n', '0b2\n', '0o1_\n', '0b1_\n', '0x1_\n', '1_e5\n', '1.5_j\n', '0x1g\n', '0o7a\n', '0b1z\n', '1jx\n', '1.0e5x\n',
  "'abc\n", "'''abc\n\n", "x = 'abc\\'\n", '"abc\n', 'b"abc\n', "x = '''\nabc\n",
  'a€b = 1\n', '€ = 1\n', 'x = \u00a0\n', 'x = a\u200bb\n', '\x01\n', 'x = 5\x7f\n',
  "f'{x'\n", "f'''{x\n'''\n", "f'{x:\n}'\n", "f'}'\n", "f'{)}'\n", "f'{x)}'\n", "f'abc\n", "f'''abc\n",
  "t'{x'\n", "t'}'\n", "t'abc\n", "t'''abc\n",
  "ub''\n", "bf''\n", "ft''\n", "ur''\n", "uf''\n", "ut''\n", "bt''\n", "x = Bu'x'\n",
  '(]\n', '(\n]\n', ')\n', 'x = [1, 2)\n', '{1: 2]\n', 'x = (\n  1,\n  2]\n',
  'if 1:\n' + Array.from({ length: 100 }, (_, i) => ' '.repeat(i + 1) + 'if 1:\n').join('') + ' '.repeat(101) + 'x\n',
  "f'{f'{f'{f'{x}'}'}'}'\n",
  'x = ' + '('.repeat(201) + ')'.repeat(201) + '\n',
  'é + "\n', 'éé = 0o8\n',
  "f'{x:{y:{z:{w}}}}'\n", "t'{x:{y:{z:{w}}}}'\n",
  "f'" + '{f\''.repeat(160) + '}\''.repeat(160) + "'\n",
  'é = 1_a\n', "é = 'abc\n", "é; f'{x'\n", 'é = 1 \\ y\n', 'if 1:\n    x\n  é\n', 'if 1:\n    é\n\té\n',
  "x = 1\n\ny = '''\n\nabc\n", 'x = (1,\n     2]\n', "if 1:\n\t\tx = 'é\n", 'x = 1\n€€ = 2\n', 'x = a€\n',
  'x = 1 \\\n\n', "f'{x!r:\n}'\n", "f'{x:a\nb}'\n", "t'{x:\n}'\n", "f'a{x}b\n", "t'''a{x}b\n",
  "f'{'''x\n", "f'{\"x\n", 'x = "a" "b\n',
  'é{{\\\n\t1\\N{\n', '(\n"t\'f"{t\'\\\n\f{\\N{', "é)00bt'f'\n", "1éu'rf'\f01'\n",
  'x = (1 + \\\n  2) \\ y\n', 'if x:\n    y = 1 + \\\n        2 \\ 3\n',
];

function tokenizeAll(source: string): void {
  const tok = new Tokenizer(source, { filename: '<string>' });
  for (;;) {
    const t = tok.next();
    // A string left open at the end (E_EOFS/E_EOLS) is an ERRORTOKEN carrying its error.
    if (t.type === T.ERRORTOKEN && tok.pendingError !== undefined) throw tok.pendingError;
    if (t.type === T.ENDMARKER || t.type === T.ERRORTOKEN) return;
  }
}

describe('tokenizer errors as compile() reports them', () => {
  it('gives CPython message, kind and location', () => {
    const compileError = py.globals.get('_tspy_compile_error');
    const failures: string[] = [];
    for (const src of TOKENIZER_ERRORS) {
      const proxy = compileError(src);
      const expected = proxy?.toJs() ?? null;
      proxy?.destroy();
      let actual: unknown[] | null = null;
      try {
        tokenizeAll(src);
      } catch (e) {
        if (!(e instanceof PySyntaxError)) throw e;
        actual = [e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text];
      }
      const exp = expected === null ? null : (expected as unknown[]).map((v) => (v === undefined ? null : v));
      const act = actual === null ? null : actual.map((v) => (v === undefined ? null : v));
      if (JSON.stringify(exp) !== JSON.stringify(act)) {
        failures.push(`${JSON.stringify(src)}\nexpected: ${JSON.stringify(exp)}\nactual:   ${JSON.stringify(act)}`);
      }
    }
    compileError.destroy();
    expect(failures.join('\n\n')).toBe('');
  });

  it('returns an E_EOF ERRORTOKEN inside open brackets, with the bracket CPython reports', () => {
    for (const src of ['x = (1,\n', 'foo(a, [b,\n c\n', 'x = {\n']) {
      const tok = new Tokenizer(src);
      let t = tok.next();
      while (t.type !== T.ERRORTOKEN && t.type !== T.ENDMARKER) t = tok.next();
      expect(t.type).toBe(T.ERRORTOKEN);
      expect(tok.done).toBe('eof');
      const proxy = py.globals.get('_tspy_compile_error')(src);
      const [, msg, lineno, offset] = proxy.toJs() as [string, string, number, number];
      proxy.destroy();
      const top = tok.level - 1;
      expect(msg).toBe(`'${tok.parenStack[top]}' was never closed`);
      expect([tok.parenLinenoStack[top], tok.parenColStack[top]! + 1]).toEqual([lineno, offset]);
    }
  });

  it('returns an E_EOFS/E_EOLS ERRORTOKEN carrying compile()\'s error for a string open at the end', () => {
    const E_EOFS = 23;
    const E_EOLS = 24;
    const cases: [string, number][] = [
      ['x = """abc', E_EOFS], ["s = '''\n\n", E_EOFS], ['f"""{x}', E_EOFS], ['y = "abc\\\n', E_EOLS],
      ['if a:\n  t"""{x}\n', E_EOFS],
    ];
    for (const [src, code] of cases) {
      const tok = new Tokenizer(src);
      let t = tok.next();
      while (t.type !== T.ERRORTOKEN && t.type !== T.ENDMARKER) t = tok.next();
      expect([t.type, t.col_offset, tok.doneCode], src).toEqual([T.ERRORTOKEN, -1, code]);
      const e = tok.pendingError!;
      const proxy = py.globals.get('_tspy_compile_error')(src);
      const expected = (proxy.toJs() as unknown[]).map((v) => (v === undefined ? null : v));
      proxy.destroy();
      expect([e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text], src).toEqual(expected);
      expect(() => tok.next(), src).toThrow(e.msg);
    }
    // Ended by a newline, the string is an error thrown at once.
    expect(() => tokenizeAll('x = "abc\n')).toThrow('unterminated string literal');
  });
});

describe('replacement field metadata', () => {
  // The text CPython records on the token closing a replacement field: the `=` debug
  // text of f-strings (the AST's Constant before the FormattedValue) and the expression
  // text of t-strings (Interpolation.str).
  const FIELDS = [
    "f'{x=}'", "f'{ x = }'", "f'{x=!r}'", "f'{x=:>10}'", "f'{x = !s:^{w}}'", "f'''{x # c\n=}'''",
    "f'''{'#' = }'''", "f'{a[\"b\"]=}'", "f'{x==y=}'", "f'{(x:=1)=}'", "f'''{\nx\n=\n}'''", "f'{f\"{y}\"=}'",
    "f'''{x # c '\n=}'''", "f'{\"#\"=}'", "f'{ é = }'", "f'{x=}{y=}'",
    "t'{ x }'", "t'{x!r}'", "t'{x:>10}'", "t'''{x # c\n}'''", "t'{ é }'", "t'{x+y:{z}}'", "t'{a[\"#\"]}'",
  ];
  it('matches the AST CPython builds from it', () => {
    const failures: string[] = [];
    for (const src of FIELDS) {
      py.globals.set('_tspy_src', src);
      const [isDebugText, expected] = py.runPython(`
import ast
_v = ast.parse(_tspy_src).body[0].value.values[0]
[True, _v.value] if isinstance(_v, ast.Constant) else [False, _v.str]`).toJs() as [boolean, string];
      const tok = new Tokenizer(src);
      let metadata: string | undefined;
      for (let t = tok.next(); t.type !== T.ENDMARKER && metadata === undefined; t = tok.next()) metadata = t.metadata;
      // The parser strips trailing whitespace and '=' for Interpolation.str
      // (CPython: Parser/action_helpers.c _strip_interpolation_expr).
      if (!isDebugText) metadata = metadata?.replace(/[\s=]+$/u, '');
      if (metadata !== expected) failures.push(`${src}: ${JSON.stringify(metadata)} vs ${JSON.stringify(expected)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('type comments', () => {
  const SOURCES = [
    'def f(a,  # type: int\n      ):\n    # type: (...) -> None\n    x = 1  # type: ignore[xyz]\n    # type: ignore\n    y = []  # type:List[int]\n',
    'x = 1 # type: ignored\ny = 2 #type:\tignore\nz = 3 # type: ignore# comment\nfor a in b:  # type: int\n    pass\n',
    'with f() as g:  # type: é\n    pass\n# type: ignore[é]\n',
  ];
  it('yields the TYPE_COMMENT and TYPE_IGNORE tokens behind ast.parse(type_comments=True)', () => {
    for (const src of SOURCES) {
      py.globals.set('_tspy_src', src);
      const [comments, ignores] = py.runPython(`
import ast
_t = ast.parse(_tspy_src, type_comments=True)
[sorted(n.type_comment for n in ast.walk(_t) if getattr(n, 'type_comment', None)),
 [[i.lineno, i.tag] for i in _t.type_ignores]]`).toJs() as [string[], [number, string][]];
      const ourComments: string[] = [];
      const ourIgnores: [number, string][] = [];
      const tok = new Tokenizer(src, { typeComments: true });
      const utf8 = new TextEncoder();
      for (let t = tok.next(); t.type !== T.ENDMARKER; t = tok.next()) {
        if (t.type === T.TYPE_COMMENT) ourComments.push(t.string);
        if (t.type === T.TYPE_IGNORE) {
          // pegen's tag: end_col_offset - col_offset bytes from the token's start.
          const bytes = utf8.encode(tok.source.slice(t.start));
          const tag = new TextDecoder().decode(bytes.subarray(0, t.end_col_offset - t.col_offset));
          ourIgnores.push([tok.lineno, tag]);
        }
      }
      expect(ourComments.sort(), src).toEqual(comments);
      expect(ourIgnores, src).toEqual(ignores);
    }
  });
});

describe('PEP 3131 identifiers', () => {
  it('accepts exactly the characters str.isidentifier() accepts (Unicode 16)', () => {
    const proxy = py.runPython(`
_m = bytearray(0x110000)
for _cp in range(0x80, 0x110000):
    _ch = chr(_cp)
    _m[_cp] = _ch.isidentifier() | (('a' + _ch).isidentifier() << 1)
bytes(_m)`);
    const expected = proxy.toJs() as Uint8Array;
    proxy.destroy();
    const wrong: string[] = [];
    for (let cp = 0x80; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ours = (scanIdentifier([cp]) === 1 ? 1 : 0) | (scanIdentifier([0x61, cp]) === 2 ? 2 : 0);
      if (ours !== expected[cp] && wrong.length < 20) wrong.push(`U+${cp.toString(16)}: ${ours} vs ${expected[cp]}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('decodeSource', () => {
  it('decodes and rejects source bytes as compile() does', () => {
    const cases = [
      b('\xff\n'), b('x = 1\n\xff\n'), b('# coding: xyz\nx=1\n'), b('\xef\xbb\xbf# coding: latin-1\nx=1\n'),
      b('# -*- coding: latin-1 -*-\nx="\xe9"\n'), b('\n# coding: ascii\nx="\xe9"\n'), b('x = "\xc3"\n'),
      b('#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\nx="\x80"\n'), b('\xef\xbb\xbfx=1\n'),
      b('# coding: utf8\nx="\xff"\n'), b('# coding: utf8\nx="\xc3x"\n'), b('# coding: utf8\nx="\xe2\x82x"\n'),
      b('\xef\xbb\xbf# coding: utf-8\nx=1\n'), b('x="abc\xe9"\n'), b('x = 1\n\x00\n'), b('# coding: cp1252\nx="\x81"\n'),
    ];
    py.globals.set('_tspy_bytes', null);
    for (const bytes of cases) {
      py.globals.set('_tspy_bytes', py.toPy(bytes));
      const expected = py.runPython(`
try:
    compile(bytes(_tspy_bytes), 'f.py', 'exec')
    _r = ['OK', None]
except SyntaxError as e:
    _r = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text]
_r`).toJs() as unknown[];
      let actual: unknown[];
      try {
        decodeSource(bytes, 'f.py');
        actual = ['OK', null];
      } catch (e) {
        if (!(e instanceof PySyntaxError)) throw e;
        actual = [e.kind, e.msg, e.lineno ?? null, e.offset ?? null, e.end_lineno ?? null, e.end_offset ?? null, e.text ?? null];
      }
      expect(actual, JSON.stringify(new TextDecoder('latin1').decode(bytes))).toEqual(expected.map((v) => v ?? null));
    }
  });
});

describe('stdlib sweep', () => {
  it('tokenizes every .py file of python_stdlib.zip exactly as CPython', () => {
    const zipPath = '/tmp/tspy_stdlib.zip';
    py.FS.writeFile(zipPath, readFileSync(stdlibZipPath()));
    const proxy = py.globals.get('_tspy_stdlib_digests')(zipPath);
    const expected = proxy.toJs({ dict_converter: Object.fromEntries }) as Record<string, string>;
    proxy.destroy();
    const sources = readStdlibSources();
    let identical = 0;
    const different: string[] = [];
    for (const { name, bytes } of sources) {
      const r = runTokenizeMain(bytes, '/tmp/tspy_sweep.py', true);
      const digest = createHash('md5').update(r.out + r.err + String(r.status)).digest('hex');
      if (digest === expected[name]) identical++;
      else different.push(name);
    }
    console.log(`tokenizer stdlib sweep: ${identical}/${sources.length} files identical`);
    expect(different).toEqual([]);
    expect(identical).toBe(559);
  });

  it('gives the parser the token stream CPython gives it (types, text, byte positions)', () => {
    const zipPath = '/tmp/tspy_stdlib.zip';
    py.FS.writeFile(zipPath, readFileSync(stdlibZipPath()));
    const proxy = py.globals.get('_tspy_parser_view_digests')(zipPath);
    const expected = proxy.toJs({ dict_converter: Object.fromEntries }) as Record<string, string>;
    proxy.destroy();
    const different: string[] = [];
    for (const { name, bytes } of readStdlibSources()) {
      const digest = createHash('md5').update(parserView(decodeSource(bytes, name))).digest('hex');
      if (digest !== expected[name]) different.push(name);
    }
    if (different.length > 0) {
      const name = different[0]!;
      const bytes = readStdlibSources().find((f) => f.name === name)!.bytes;
      const src = decodeSource(bytes, name);
      const theirs = (py.globals.get('_tspy_parser_view')(src) as string).split('\n');
      const ours = parserView(src).split('\n');
      const at = ours.findIndex((line, i) => line !== theirs[i]);
      expect(ours.slice(at, at + 3), `${name} token #${at}`).toEqual(theirs.slice(at, at + 3));
    }
    expect(different).toEqual([]);
  });
});

/** Our parser-mode stream in the format of _tspy_parser_view. */
function parserView(source: string): string {
  const tok = new Tokenizer(source);
  const out: string[] = [];
  for (;;) {
    const t = tok.next();
    if (t.type === T.INDENT || t.type === T.DEDENT || t.type === T.ENDMARKER) {
      out.push(String(t.type));
    } else {
      const endCol = t.type === T.FSTRING_MIDDLE || t.type === T.TSTRING_MIDDLE ? -2 : t.end_col_offset;
      out.push(`${t.type} ${strRepr(t.string)} ${t.lineno},${t.col_offset}-${t.end_lineno},${endCol}`);
    }
    if (t.type === T.ENDMARKER) return out.join('\n');
  }
}
