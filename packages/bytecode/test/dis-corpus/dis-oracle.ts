// The dis corpus and CPython's disassembly of it (pyodide), for test/dis.test.ts and for
// later tests of tspy's own compiler: compile each corpus file in CPython, keep the
// marshalled code object and the text of `dis.dis` under several options, then compare
// any tspy code object's `dis` text with it (`compareWithCPython`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPython } from '@tspy/test-support';
import { CodeObject, dis, disassemble, type DisOptions } from '../../src/index.js';

const corpusDir = dirname(fileURLToPath(import.meta.url));

/** The dis options the corpus is compared under, with their Python spelling. */
export const DIS_VARIANTS: readonly { name: string; python: Record<string, boolean>; options: DisOptions }[] = [
  { name: 'default', python: {}, options: {} },
  { name: 'show_caches', python: { show_caches: true }, options: { showCaches: true } },
  { name: 'adaptive', python: { adaptive: true }, options: { adaptive: true } },
  { name: 'adaptive+show_caches', python: { adaptive: true, show_caches: true }, options: { adaptive: true, showCaches: true } },
  { name: 'show_offsets', python: { show_offsets: true }, options: { showOffsets: true } },
  { name: 'show_positions', python: { show_positions: true }, options: { showPositions: true } },
  {
    name: 'all',
    python: { show_caches: true, adaptive: true, show_offsets: true, show_positions: true },
    options: { showCaches: true, adaptive: true, showOffsets: true, showPositions: true },
  },
];

export interface CorpusFile {
  name: string;
  source: string;
}

export interface CorpusCase extends CorpusFile {
  /** CPython's code object for the file, marshalled (base64). */
  marshalB64: string;
  /** `dis.dis(code, ...)` text per DIS_VARIANTS name. */
  texts: Record<string, string>;
  /** Each code object of the file in preorder: its qualname and `dis.disassemble(code, ...)` text per variant. */
  units: { qualname: string; texts: Record<string, string> }[];
  /** The opnames of every instruction in the file's code objects (nested ones included). */
  opnames: string[];
}

export function corpusFiles(): CorpusFile[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((name) => ({ name, source: readFileSync(join(corpusDir, name), 'utf8') }));
}

const ORACLE = (filesB64: string, variantNames: readonly string[], withUnits: boolean): string => String.raw`
import base64, dis, io, json, marshal, types
files = json.loads(base64.b64decode('${filesB64}').decode())
variants = json.loads('${JSON.stringify(DIS_VARIANTS.filter((v) => variantNames.includes(v.name)).map((v) => [v.name, v.python]))}')
with_units = ${withUnits ? 'True' : 'False'}
def codes(co):
    yield co
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            yield from codes(c)
out = []
for name, source in files:
    try:
        co = compile(source, name, 'exec')
    except SyntaxError as e:
        out.append(dict(name=name, error=f'{type(e).__name__}: {e}'))
        continue
    texts = {}
    for vname, kwargs in variants:
        buf = io.StringIO()
        dis.dis(co, file=buf, **kwargs)
        texts[vname] = buf.getvalue()
    units = []
    for c in (codes(co) if with_units else ()):
        utexts = {}
        for vname, kwargs in variants:
            buf = io.StringIO()
            dis.disassemble(c, file=buf, **kwargs)
            utexts[vname] = buf.getvalue()
        units.append(dict(qualname=c.co_qualname, texts=utexts))
    opnames = sorted({i.opname for c in codes(co) for i in dis.get_instructions(c)})
    out.append(dict(name=name, marshalB64=base64.b64encode(marshal.dumps(co)).decode(), texts=texts, units=units,
                    opnames=opnames))
print(json.dumps(out))
`;

/**
 * Compiles and disassembles the corpus in CPython (pyodide): the file's text under each of
 * `variants` (names of DIS_VARIANTS, default all) and, if `withUnits`, each code object's.
 */
export async function cpythonCorpus(
  files: CorpusFile[] = corpusFiles(),
  { variants = DIS_VARIANTS.map((v) => v.name), withUnits = true }: { variants?: readonly string[]; withUnits?: boolean } = {},
): Promise<CorpusCase[]> {
  const filesB64 = Buffer.from(JSON.stringify(files.map((f) => [f.name, f.source]))).toString('base64');
  const results = JSON.parse(await runPython(ORACLE(filesB64, variants, withUnits))) as (Omit<CorpusCase, 'source'> & { error?: string })[];
  return results.map((r, i) => {
    if (r.error) throw new Error(`CPython cannot compile ${r.name}: ${r.error}`);
    return { ...r, source: files[i]!.source };
  });
}

/** Memory addresses differ between runs and implementations. */
export function normaliseAddresses(text: string): string {
  return text.replace(/0x[0-9a-f]+/g, '0x?');
}

/** Splits `a, b, c` at the commas outside quotes and brackets. */
function splitItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(text.slice(start).trim());
  return items;
}

/**
 * Sorts the items inside each `frozenset({...})` of a line. CPython shows a frozenset in
 * hash order, and str hashes are salted per process (PYTHONHASHSEED), so the order of a
 * frozenset of strings is not reproducible even by CPython itself.
 */
export function normaliseSetOrder(line: string): string {
  const marker = 'frozenset({';
  let out = '';
  let pos = 0;
  for (;;) {
    const start = line.indexOf(marker, pos);
    if (start < 0) return out + line.slice(pos);
    const inner = start + marker.length;
    const end = line.indexOf('})', inner);
    if (end < 0) return out + line.slice(pos);
    out += line.slice(pos, inner) + splitItems(line.slice(inner, end)).sort().join(', ');
    pos = end;
  }
}

const normalise = (text: string): string[] => normaliseAddresses(text).split('\n').map(normaliseSetOrder);

/** The first line where two dis texts differ, or null if they are equal (addresses and set order normalised). */
export function firstDifference(expected: string, actual: string): string | null {
  const a = normalise(expected);
  const b = normalise(actual);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  CPython: ${JSON.stringify(a[i])}\n  tspy:    ${JSON.stringify(b[i])}`;
  }
  return null;
}

/** Compares tspy's dis of `code` with CPython's text for the case, per variant; [] when all agree. */
export function compareWithCPython(code: CodeObject, c: CorpusCase): { variant: string; difference: string }[] {
  const misses: { variant: string; difference: string }[] = [];
  for (const v of DIS_VARIANTS) {
    if (!(v.name in c.texts)) continue;
    let actual: string;
    try {
      actual = dis(code, v.options);
    } catch (e) {
      misses.push({ variant: v.name, difference: `tspy threw ${(e as Error).message}` });
      continue;
    }
    const difference = firstDifference(c.texts[v.name]!, actual);
    if (difference !== null) misses.push({ variant: v.name, difference });
  }
  return misses;
}

/** A code object and the ones nested in its constants, in preorder (as the oracle lists them). */
export function codesInPreorder(code: CodeObject, out: CodeObject[] = []): CodeObject[] {
  out.push(code);
  for (const c of code.co_consts) if (c instanceof CodeObject) codesInPreorder(c, out);
  return out;
}

/**
 * Compares each code object of `code` (preorder) with CPython's unit of the same index:
 * `disassemble` per variant. Returns one entry per unit: its qualname and its misses.
 */
export function compareUnitsWithCPython(code: CodeObject, c: CorpusCase): { qualname: string; misses: { variant: string; difference: string }[] }[] {
  const codes = codesInPreorder(code);
  return c.units.map((unit, i) => {
    const mine = codes[i];
    if (!mine || String(mine.co_qualname) !== unit.qualname) {
      return { qualname: unit.qualname, misses: [{ variant: '*', difference: `no code object ${unit.qualname} at preorder index ${i}` }] };
    }
    const misses: { variant: string; difference: string }[] = [];
    for (const v of DIS_VARIANTS) {
      if (!(v.name in unit.texts)) continue;
      let actual: string;
      try {
        actual = disassemble(mine, v.options);
      } catch (e) {
        misses.push({ variant: v.name, difference: `tspy threw ${(e as Error).message}` });
        continue;
      }
      const difference = firstDifference(unit.texts[v.name]!, actual);
      if (difference !== null) misses.push({ variant: v.name, difference });
    }
    return { qualname: unit.qualname, misses };
  });
}
