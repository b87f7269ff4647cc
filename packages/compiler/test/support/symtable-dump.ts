// Dumps symbol tables the same way from CPython (pyodide's `_symtable` entries) and from
// tspy, so that the two can be compared as JSON. Also compares SyntaxErrors.
import { runPython } from '@tspy/test-support';
import { parse } from '../../src/parser/parse.js';
import { PySyntaxError } from '../../src/errors.js';
import { buildSymtable, type SymtableEntry } from '../../src/compiler/symtable.js';
import { futureFromAST } from '../../src/compiler/future.js';

/** [type, name, lineno, nested, symbols sorted by name as [name, flags], varnames, children] */
export type TableDump = [number, string, number, boolean, [string, number][], string[], TableDump[]];

/** The outcome of building a symbol table: a dump, or the SyntaxError's fields. */
export type SymtableOutcome =
  | { ok: true; table: TableDump }
  | { ok: false; error: [kind: string, msg: string, lineno: number | null, offset: number | null, endLineno: number | null, endOffset: number | null, text: string | null] };

/** Python code that defines `outcome(src, name, mode)` with the same shape as SymtableOutcome. */
const PY_DUMPER = String.raw`
import json, base64, symtable
def _dump(t):
    return [t.type, t.name, t.lineno, bool(t.nested), sorted([k, v] for k, v in t.symbols.items()),
            list(t.varnames), [_dump(c) for c in t.children]]
def outcome(src, name, mode):
    try:
        return {'ok': True, 'table': _dump(symtable.symtable(src, name, mode)._table)}
    except SyntaxError as e:
        return {'ok': False, 'error': [type(e).__name__, str(e.msg), e.lineno, e.offset, e.end_lineno, e.end_offset, e.text]}
    except Exception as e:
        return {'ok': False, 'error': [type(e).__name__, str(e)[:200], None, None, None, None, None]}
`;

function toBase64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/** A compile mode symtable.symtable() accepts. */
export type SymtableMode = 'exec' | 'eval' | 'single';

/** CPython's outcomes for `cases` ([source, filename, mode = 'exec']), in one pyodide round trip. */
export async function cpythonSymtables(cases: readonly ([string, string] | [string, string, SymtableMode])[]): Promise<SymtableOutcome[]> {
  const payload = toBase64(JSON.stringify(cases));
  const code = `${PY_DUMPER}
_cases = json.loads(base64.b64decode('${payload}').decode('utf-8'))
print(json.dumps([outcome(c[0], c[1], c[2] if len(c) > 2 else 'exec') for c in _cases]))
`;
  return JSON.parse(await runPython(code)) as SymtableOutcome[];
}

function dumpEntry(ste: SymtableEntry): TableDump {
  const symbols = [...ste.symbols].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [ste.type, ste.name, ste.lineno, ste.nested, symbols, [...ste.varnames], ste.children.map(dumpEntry)];
}

/** tspy's outcome for one source, and the table when it was built. */
export function tspyBuild(
  source: string, filename: string, mode: SymtableMode = 'exec',
): { outcome: SymtableOutcome; top: SymtableEntry | undefined } {
  try {
    const mod = parse(source, filename, mode);
    const st = buildSymtable(mod, filename, futureFromAST(mod));
    return { outcome: { ok: true, table: dumpEntry(st.top) }, top: st.top };
  } catch (e) {
    if (e instanceof PySyntaxError) {
      return { outcome: { ok: false, error: [e.kind, e.msg, e.lineno ?? null, e.offset ?? null, e.end_lineno ?? null, e.end_offset ?? null, e.text ?? null] }, top: undefined };
    }
    const err = e as Error;
    return { outcome: { ok: false, error: [`JS ${err.name}`, String(err.message).slice(0, 200), null, null, null, null, null] }, top: undefined };
  }
}

/** tspy's outcome for one source. */
export function tspySymtable(source: string, filename: string, mode: SymtableMode = 'exec'): SymtableOutcome {
  return tspyBuild(source, filename, mode).outcome;
}

/** A readable description of the first difference, or undefined when equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      if (i >= expected.length) return `${path}[${i}]: extra in tspy ${JSON.stringify(actual[i]).slice(0, 200)}`;
      if (i >= actual.length) return `${path}[${i}]: missing in tspy ${JSON.stringify(expected[i]).slice(0, 200)}`;
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) {
      const d = firstDifference((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (expected === actual) return undefined;
  return `${path}: CPython ${JSON.stringify(expected)?.slice(0, 200)} vs tspy ${JSON.stringify(actual)?.slice(0, 200)}`;
}

/** Names the table at a dump path like `.table[6][2][6][0]` for readable reports. */
export function describeTablePath(outcome: SymtableOutcome, diff: string): string {
  if (!outcome.ok) return diff;
  const m = /^\.table((?:\[6\]\[\d+\])*)/.exec(diff);
  if (!m) return diff;
  const names: string[] = [outcome.table[1]];
  let t: TableDump | undefined = outcome.table;
  for (const part of m[1]!.matchAll(/\[6\]\[(\d+)\]/g)) {
    t = t?.[6][Number(part[1])];
    if (t) names.push(`${t[1]}@${t[2]}`);
  }
  return `${names.join(' > ')}: ${diff}`;
}

// ---------------------------------------------------------------------------
// What the `symtable` module does not show (ste_generator, ste_coroutine,
// ste_has_docstring, ste_method, ste_needs_class_closure, …), checked through the code
// objects CPython compiles from them: co_flags of functions, the implicit cells of classes.

/** co_flags bits that compute_code_flags derives from the symbol table entry. */
const FLAG_MASK = 0x10 | 0x20 | 0x80 | 0x200 | 0x4 | 0x8 | 0x4000000 | 0x8000000;
const CLASS_CELLS = ['__class__', '__classdict__', '__conditional_annotations__'];

/** Python code defining `code_facts(src, name)`: sorted "name@firstlineno:flags:cells" per function/class code object. */
const PY_CODE_FACTS = String.raw`
import types
def code_facts(src, name):
    try:
        top = compile(src, name, 'exec')
    except SyntaxError as e:
        return 'SyntaxError: ' + e.msg
    out = []
    def walk(co, is_top):
        # annotation, type-parameter, type-alias and TypeVar-bound code objects are not compared
        skip = (is_top or co.co_name == '__annotate__' or co.co_name.startswith('<generic parameters of')
                or co.co_varnames[:1] == ('.format',))
        if not skip:
            # the implicit cells of class bodies (not CO_OPTIMIZED)
            cells = '' if co.co_flags & 1 else ','.join(
                c for c in co.co_cellvars if c in ${JSON.stringify(CLASS_CELLS).replace(/"/g, "'")})
            out.append('%s@%d:%x:%s' % (co.co_name, co.co_firstlineno, co.co_flags & ${FLAG_MASK}, cells))
        for c in co.co_consts:
            if isinstance(c, types.CodeType):
                walk(c, False)
    walk(top, True)
    return sorted(out)
`;

/** CPython's code facts for each [source, filename]. */
export async function cpythonCodeFacts(cases: readonly [string, string][]): Promise<(string[] | string)[]> {
  const payload = toBase64(JSON.stringify(cases));
  return JSON.parse(await runPython(`${PY_CODE_FACTS}
import json, base64
_cases = json.loads(base64.b64decode('${payload}').decode('utf-8'))
print(json.dumps([code_facts(s, n) for s, n in _cases]))
`)) as (string[] | string)[];
}

const CODE_NAMES: Record<string, string> = { lambda: '<lambda>', genexpr: '<genexpr>', listcomp: '<listcomp>', setcomp: '<setcomp>', dictcomp: '<dictcomp>' };

/** The same facts from tspy's symbol table (as compute_code_flags would derive them). */
export function tspyCodeFacts(source: string, filename: string): string[] | string {
  const { outcome, top } = tspyBuild(source, filename);
  if (top === undefined) return outcome.ok ? 'no table' : `SyntaxError: ${outcome.error[1]}`;
  return codeFactsOf(top);
}

/** The code facts of a built table (see tspyCodeFacts). */
export function codeFactsOf(top: SymtableEntry): string[] {
  const out: string[] = [];
  const walk = (ste: SymtableEntry): void => {
    const t = ste.type;
    if ((t === 0 /* FunctionBlock */ || t === 1 /* ClassBlock */) && ste.name !== '__annotate__') out.push(entryFacts(ste));
    for (const c of ste.children) walk(c);
  };
  for (const c of top.children) walk(c);
  return out.sort();
}

function entryFacts(ste: SymtableEntry): string {
  const node = ste.id as { lineno: number; decorator_list?: { lineno: number }[] };
  const firstLine = node.decorator_list?.length ? node.decorator_list[0]!.lineno : ste.lineno;
  let flags = 0;
  let cells = '';
  if (ste.type === 0) {
    if (ste.nested) flags |= 0x10;
    if (ste.generator && !ste.coroutine) flags |= 0x20;
    if (ste.generator && ste.coroutine) flags |= 0x200;
    if (ste.varargs) flags |= 0x4;
    if (ste.varkeywords) flags |= 0x8;
    if (ste.hasDocstring) flags |= 0x4000000;
    if (ste.method) flags |= 0x8000000;
  } else {
    const names: string[] = [];
    if (ste.needsClassClosure) names.push('__class__');
    if (ste.needsClassdict) names.push('__classdict__');
    if (ste.hasConditionalAnnotations) names.push('__conditional_annotations__');
    // co_cellvars is sorted by name (compile.c dictbytype)
    cells = names.sort().join(',');
  }
  if (ste.coroutine && !ste.generator) flags |= 0x80;
  return `${Object.hasOwn(CODE_NAMES, ste.name) ? CODE_NAMES[ste.name] : ste.name}@${firstLine}:${flags.toString(16)}:${cells}`;
}

/**
 * Compares code facts by `name@line`: every block CPython compiled must be in tspy's table
 * with the same facts. tspy may have more (blocks in code that codegen drops, such as the
 * body of `if 0:`); returns [first difference or undefined, number of such extra facts].
 */
export function compareCodeFacts(expected: string[], actual: string[]): [string | undefined, number] {
  const key = (f: string): string => f.slice(0, f.indexOf(':'));
  const group = (fs: string[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const f of fs) {
      const k = key(f);
      let l = m.get(k);
      if (l === undefined) m.set(k, (l = []));
      l.push(f);
    }
    return m;
  };
  const e = group(expected);
  const a = group(actual);
  let extra = 0;
  for (const [k, fs] of a) if (!e.has(k)) extra += fs.length;
  for (const [k, fs] of e) {
    const got = a.get(k) ?? [];
    if (got.length < fs.length) return [`${k}: CPython ${JSON.stringify(fs)} vs tspy ${JSON.stringify(got)}`, extra];
    if (got.length > fs.length) {
      extra += got.length - fs.length;
      if (!fs.every((f) => got.includes(f))) return [`${k}: CPython ${JSON.stringify(fs)} vs tspy ${JSON.stringify(got)}`, extra];
      continue;
    }
    const d = firstDifference(fs, got);
    if (d !== undefined) return [`${k}: ${d}`, extra];
  }
  return [undefined, extra];
}
