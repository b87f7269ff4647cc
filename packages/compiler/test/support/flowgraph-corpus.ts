// Python snippets that exercise each flowgraph optimization (a corpus for the
// flowgraph differential test; every module's nested units are optimized too).
import { readStdlibSources } from '@tspy/test-support';

const manyLocals = `def many(${Array.from({ length: 70 }, (_, i) => `a${i}`).join(', ')}):
    ${Array.from({ length: 70 }, (_, i) => `b${i} = a${i}`).join('\n    ')}
    if a0:
        del b65
    return b65 + b3 + c70

def many_unset(x):
    ${Array.from({ length: 70 }, (_, i) => `if x: v${i} = ${i}`).join('\n    ')}
    return v1 + v66
`;

const bigTuple = `t = (${Array.from({ length: 40 }, (_, i) => String(i)).join(', ')})
l = [${Array.from({ length: 40 }, (_, i) => String(i)).join(', ')}]
s = {${Array.from({ length: 40 }, (_, i) => String(i)).join(', ')}}
`;

export const FLOWGRAPH_CORPUS: [string, string][] = [
  ['unary', 'a = -1\nb = ~5\nc = not 1\nd = +2\ne = -(1j)\nf = -0.0\ng = ~True\nh = -"x"\ni = not None\nj = -(-3)\n'],
  ['binary-int', 'a = 1 + 2\nb = 7 // -2\nc = -7 % 3\nd = 2 ** 10\ne = 2 ** 128\nf = 1 << 200\ng = 1 << 5\nh = 5 >> 1\ni = 6 & 3 | 8 ^ 1\nj = 2 ** 62 * 4\nk = 10 ** -2\nl = 0 ** -1\nm = 5 >> -1\n'],
  ['binary-float', 'a = 1.5 // 0.5\nb = 3 % -2.0\nc = 1 / 3\nd = 1e308 * 10\ne = 2.0 ** 0.5\nf = 8 ** 0.5\ng = 1 / 0\nh = 1e300 * 1e300 * 0\ni = 2.0 ** 1024\nj = 7.5 % 2\nk = -7.5 // 2\n'],
  ['binary-complex', 'a = 2 + 1j\nb = (1 + 2j) / (3 + 4j)\nc = 1.0 / (1 + 1j)\nd = 1 - 1j\ne = 1j ** 2\nf = 1j * 1j\ng = (1+1j) ** 5\n'],
  ['binary-seq', 'a = "ab" * 3\nb = (1,) * 300\nc = b"a"[0]\nd = "abc"[1:2]\ne = "abc"[-1]\nf = "abc"[5]\ng = (1, 2) + (3,)\nh = "a" + "b"\ni = b"x" * 5000\nj = "%s" % 1\nk = (1, 2, 3)[1:]\nl = "x" * -1\nm = True * "ab"\nn = [1, 2][0]\n'],
  ['binary-bool', 'a = True & False\nb = True | 1\nc = True + True\nd = True ^ True\n'],
  ['big-int', 'a = 12345678901234567890 * 3\nb = 2 ** 100 - 1\nc = -(2 ** 63)\nd = 99999999999999999999 // 7\ne = 10 ** 30 / 7\n'],
  ['tuples', 'a = (1, 2, 3)\nb = (1, (2, 3), "x")\nc = ()\nd = (a, 1)\ne = ((1, 2), (1, 2))\n'],
  ['lists-sets', 'a = [1, 2, 3]\nb = {1, 2, 3}\nc = [1, 2]\nd = [x, 1, 2]\nif x in [1, 2, 3]: pass\nif x in {1, 2}: pass\nif x not in (1, 2): pass\nfor i in [1, 2, 3]: pass\nfor i in [x, y]: pass\nfor i in {1, 2}: pass\n'],
  ['big-tuple', bigTuple],
  ['starred', 'a = (*x, 1, 2)\nb = [*x, 1]\nc = (1, 2, *x)\nd = {*x, 1}\nfor i in (*x, 1): pass\n'],
  ['if-const', 'if True:\n    a = 1\nif 0:\n    b = 2\nelse:\n    b = 3\nwhile 1:\n    break\nif "":\n    pass\nif (1, 2):\n    c = 1\nx = 1 if None else 2\n'],
  ['is-none', 'if x is None: a = 1\nif x is not None: a = 2\nif not x is None: a = 3\nif None is x: a = 4\nif x is None or y is None: a = 5\nz = x is None\n'],
  ['bool-ops', 'if not x: pass\nif not not x: pass\nif x and y: pass\nif x or y: pass\nz = x and y or w\nif x == 1: pass\nif x in y: pass\nif x not in y: pass\nif not x in y: pass\nz = not (x < y)\n'],
  ['swaps', 'a, b = b, a\na, b, c = c, b, a\na, b = 1, 2\nx, = y,\n(a, b), c = (1, 2), 3\na, b, c, d = d, c, b, a\n'],
  ['swaps-fn', 'def f(a, b, c):\n    a, b = b, a\n    a, b, c = c, a, b\n    x = y = z = a\n    a, a = b, c\n    return a, b, c\n'],
  ['store-twice', 'def f():\n    x = x = 1\n    a = b = 2\n    return x, a, b\n'],
  ['loops', 'for i in range(10):\n    if i: continue\n    if i > 5: break\nelse:\n    pass\nwhile x:\n    x -= 1\n    if x == 3:\n        break\nelse:\n    y = 1\n'],
  ['loops-fn', 'def f(n):\n    total = 0\n    for i in range(n):\n        for j in range(i):\n            if j % 2:\n                continue\n            total += j\n    while n > 0:\n        n -= 1\n    return total\n'],
  ['try', 'try:\n    a = 1\nexcept ValueError as e:\n    b = e\nexcept (TypeError, KeyError):\n    pass\nelse:\n    c = 1\nfinally:\n    d = 1\n'],
  ['try-fn', 'def f(x):\n    try:\n        return g(x)\n    except Exception as e:\n        print(e)\n        raise\n    finally:\n        x = None\n\ndef h():\n    for i in y:\n        try:\n            continue\n        finally:\n            break\n'],
  ['try-star', 'try:\n    pass\nexcept* ValueError:\n    pass\nexcept* TypeError as e:\n    x = e\n'],
  ['with', 'with open(x) as f, open(y) as g:\n    data = f.read()\nwith a:\n    pass\n'],
  ['with-fn', 'def f(p):\n    with open(p) as fh:\n        return fh.read()\n\nasync def g(p):\n    async with p as q:\n        await q\n    async for i in p:\n        print(i)\n'],
  ['generators', 'def gen(n):\n    for i in range(n):\n        yield i\n    yield from range(3)\n    x = yield\n    return x\n\nasync def co():\n    await something()\n    return [x async for x in aiter()]\n'],
  ['closures', 'def outer(a, b):\n    c = 1\n    def inner():\n        nonlocal c\n        c += a\n        return c + b\n    return inner\n\ndef cellarg(x):\n    return lambda: x\n'],
  ['comprehensions', 'a = [x * 2 for x in y if x]\nb = {x: y for x, y in z}\nc = {x for x in y}\nd = (x for x in y)\ndef f(y):\n    return [x for x in y], [z for z in y if z]\n'],
  ['classes', 'class A(B, metaclass=M):\n    """doc"""\n    x: int = 1\n    def m(self):\n        return super().m()\n    @property\n    def p(self):\n        return __class__\n'],
  ['calls', 'def f():\n    print(len(x))\n    g(1, 2, *a, **k)\n    o.meth(1)\n    return h(a=1)\n'],
  ['del-uninit', 'def f(c):\n    if c:\n        x = 1\n    print(x)\n    del x\n    print(x)\n    y = 2\n    return y\n\ndef g():\n    for i in range(3):\n        pass\n    return i\n'],
  ['super-instr', 'def f(a, b):\n    x = a + b\n    y = x * a\n    a = b = x\n    return a, b, x, y\n'],
  ['lines', 'x = (1 +\n     2)\nif (a and\n    b):\n    pass\ndef f(x):\n    if x:\n        return 1\n    elif x > 2:\n        return 2\n    return (\n        3\n    )\n'],
  ['match', 'match x:\n    case [a, b, *rest]:\n        pass\n    case {"k": v, **kw}:\n        pass\n    case Point(x=0, y=yy) | Point(x=yy, y=0):\n        pass\n    case (1 | 2) as z:\n        pass\n    case str() if z:\n        pass\n    case _:\n        pass\n'],
  ['match-fn', 'def f(p):\n    match p:\n        case (a, b):\n            return a, b\n        case [a, b, c] if a:\n            return c\n        case {"x": x}:\n            return x\n    return None\n'],
  ['assert', 'assert x, "msg"\nassert x\ndef f(a):\n    assert a > 0\n    return a\n'],
  ['globals', 'def f():\n    global g\n    g = 1\n    return g + h\n'],
  ['fstrings', 'x = f"{a!r:>10} {b} {c:{d}}"\ny = t"{a}"\n'],
  ['annotations', 'def f(a: int) -> str:\n    z: list = []\n    return z\nclass C:\n    a: int\n    b: "str" = "x"\n'],
  ['lambda-default', 'f = lambda a, b=2, *c, d=3, **e: (a, b, c, d, e)\ndef g(a=(1, 2), b=-1, c=[1, 2, 3]): pass\n'],
  ['many-locals', manyLocals],
  ['return-in-loop', 'def f(x):\n    for i in x:\n        if i:\n            return i\n    while True:\n        if x:\n            return None\n'],
  ['ternary-chain', 'x = a if b else c if d else e\ny = 1 < a < 3\nz = a < b == c\n'],
  ['imports', 'import os, sys as s\nfrom a.b import c, d as e\nfrom . import f\nfrom m import *\n'],
  ['aug', 'x += 1\nx.a -= 2\nx[1] *= 3\ndef f(y):\n    y //= 2\n    y[0] **= 2\n    return y\n'],
  ['slices', 'a = x[1:2]\nb = x[::2]\nc = x[1:2:3]\nd = x[a:b]\nx[1:2] = y\ndel x[1:]\n'],
  ['type-params', 'def f[T](x: T) -> T: return x\nclass C[T, *Ts, **P]: pass\ntype A[T] = list[T]\n'],
  ['async-gen', 'async def f():\n    yield 1\n    async with a:\n        yield 2\n    try:\n        yield 3\n    finally:\n        await b\n'],
  ['nested-try', 'def f():\n    try:\n        try:\n            a()\n        except E:\n            b()\n        finally:\n            c()\n    except:\n        d()\n    else:\n        return 1\n'],
  ['while-else-break', 'def f(x):\n    while x:\n        x -= 1\n        if x == 5:\n            break\n    else:\n        return -1\n    return x\n'],
  ['docstring-consts', 'def f():\n    "doc"\n    return 1\n\ndef g():\n    return 1.5, "s", b"b", None, ...\n'],
  ['not-folded-sizes', 'a = "x" * 4097\nb = "xy" * 2048\nc = (1, 2) * 128\nd = (1, 2) * 129\ne = ((1,)*10,) * 100\nf = 2 ** 64\ng = 2 ** 65 * 2 ** 64\n'],
  ['try-in-loops', 'def f(xs):\n    for x in xs:\n        try:\n            if x:\n                return x\n            continue\n        except ValueError:\n            break\n        finally:\n            print(x)\n    else:\n        return None\n    while True:\n        try:\n            break\n        finally:\n            pass\n'],
  ['long-blocks', 'def f(a):\n    try:\n        ' + Array.from({ length: 30 }, (_, i) => `a.m${i}(${i})`).join('\n        ') + '\n        if a: a.x = 1\n    except E as e:\n        ' + Array.from({ length: 20 }, (_, i) => `e.n${i} = ${i}`).join('\n        ') + '\n'],
  ['many-locals-del', 'def f(c):\n    ' + Array.from({ length: 80 }, (_, i) => `v${i} = c`).join('\n    ') + '\n    for i in c:\n        del v70\n        v70 = i\n        if i: del v3\n    return v70, v3, v75\n'],
  ['nested-with-gen', 'def g(a, b):\n    with a as x, b as y:\n        try:\n            yield x\n        except GeneratorExit:\n            raise\n        yield from y\n    async def h():\n        async with a:\n            for i in b:\n                await i\n    return h\n'],
  ['conditional-expr-jumps', 'def f(a, b, c):\n    x = a if (b or c) else (b and c)\n    while a and not b:\n        a = a or c\n    return [y for y in a if y if not y] or None\n'],
  ['walrus-and-comp', 'def f(xs):\n    if (n := len(xs)) > 2:\n        return [n := x for x in xs]\n    return {k: (v := k) for k in xs}, n\n'],
  ['empty', ''],
  ['pass-only', 'pass\n'],
];

/** Operands for the generated constant-folding module: every binary operator is applied
 *  to every pair (one assignment per line), and every unary operator to each. */
const FOLD_OPERANDS = [
  '0', '1', '2', '3', '7', '-3', '255', '256', '-1', '127', '128', '2**62', '-(2**63)', '12345678901234567890',
  'True', 'False', 'None', '...', '0.0', '-0.0', '1.5', '-2.5', '1e308', '1e-320', '3.0', '0.1',
  '1j', '(1+2j)', '(-0.0-1j)', "''", "'ab'", "'é'", "'\\U0001F600x'", "b''", "b'xy'", '()', '(1, 2)', '((1,),)',
  "'abc'[1:]", '(1, 2, 3)[::2]',
];
const FOLD_BINOPS = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '@'];

const COMPLEX_OPERANDS = new Set(['1j', '(1+2j)', '(-0.0-1j)']);
const NEGATIVE_OPERANDS = new Set(['-3', '-1', '-(2**63)', '-2.5', '-0.0', '(-0.0-1j)']);
const FRACTIONAL_OPERANDS = new Set(['1.5', '-2.5', '1e-320', '0.1']);

const SMALL_INTEGRAL_OPERANDS = new Set(['0', '1', '2', '3', '7', '-3', '-1', 'True', 'False', '0.0', '-0.0', '3.0']);
const HUGE_INT_OPERANDS = new Set(['2**62', '-(2**63)', '12345678901234567890']);
const SEQUENCE_OPERANDS = new Set(["''", "'ab'", "'é'", "'\\U0001F600x'", "b''", "b'xy'", '()', '(1, 2)', '((1,),)', "'abc'[1:]", '(1, 2, 3)[::2]']);

/** Powers that go through _Py_c_pow (a complex result, or a complex base with an exponent
 *  that is not a small integer): tspy leaves them unfolded, since _Py_c_pow needs libm's
 *  transcendental functions bit for bit. */
function complexPower(a: string, b: string): boolean {
  return (
    COMPLEX_OPERANDS.has(b) ||
    (COMPLEX_OPERANDS.has(a) && !SMALL_INTEGRAL_OPERANDS.has(b)) ||
    (NEGATIVE_OPERANDS.has(a) && FRACTIONAL_OPERANDS.has(b))
  );
}

/** A sequence repeated by an int beyond 2**31: pyodide's 32-bit Py_ssize_t refuses it
 *  (OverflowError), while tspy follows 64-bit CPython. */
function repeatBeyond32Bits(a: string, op: string, b: string): boolean {
  return op === '*' && ((SEQUENCE_OPERANDS.has(a) && HUGE_INT_OPERANDS.has(b)) || (HUGE_INT_OPERANDS.has(a) && SEQUENCE_OPERANDS.has(b)));
}

function foldingModule(): string {
  const lines: string[] = [];
  for (const a of FOLD_OPERANDS) {
    for (const u of ['-', '+', '~', 'not ']) lines.push(`x = ${u}(${a})`);
    for (const op of FOLD_BINOPS) {
      for (const b of FOLD_OPERANDS) {
        if ((op === '**' && complexPower(a, b)) || repeatBeyond32Bits(a, op, b)) continue;
        lines.push(`x = (${a}) ${op} (${b})`);
      }
    }
    for (const b of ['0', '1', '-1', '5', 'True', '2**70', '1.0']) lines.push(`x = (${a})[${b}]`);
  }
  return lines.join('\n') + '\n';
}

/** The generated folding module, split into chunks of a few hundred lines. */
export function foldingCorpus(): [string, string][] {
  const lines = foldingModule().split('\n');
  const chunks: [string, string][] = [];
  for (let i = 0; i < lines.length; i += 400) chunks.push([`folding-${i / 400}`, lines.slice(i, i + 400).join('\n') + '\n']);
  return chunks;
}

/** Largest module sent through the per-unit oracles (a bigger one would dominate the run). */
const MAX_SAMPLE_BYTES = 150_000;

/**
 * Every `step`-th stdlib module from `first` (FLOWGRAPH_STDLIB_STEP overrides the step; 1 =
 * all), as [name, source]; `tooLarge` counts the modules left out for size, for the report.
 */
export function stdlibSample(first: number, defaultStep: number): { sample: [string, string][]; tooLarge: number } {
  const sources = readStdlibSources();
  const step = Number(process.env.FLOWGRAPH_STDLIB_STEP ?? defaultStep);
  const sample: [string, string][] = [];
  let tooLarge = 0;
  for (let i = first % step; i < sources.length; i += step) {
    const entry = sources[i]!;
    if (entry.bytes.length > MAX_SAMPLE_BYTES) tooLarge++;
    else sample.push([entry.name, new TextDecoder().decode(entry.bytes)]);
  }
  if (tooLarge) console.log(`flowgraph stdlib sample: ${tooLarge} modules over ${MAX_SAMPLE_BYTES} bytes left out`);
  return { sample, tooLarge };
}
