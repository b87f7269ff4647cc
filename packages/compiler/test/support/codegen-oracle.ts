// The codegen stage against CPython: pyodide's `_testinternalcapi.compiler_codegen`
// (the unoptimized instruction sequence of the top-level unit, jump opargs resolved to
// instruction indices, plus the raw sequences of the nested units in the order they
// were finished) next to tspy's `codegenOnly`, in one comparable shape.
//
// CPython 3.14.2's hook reports only the argument counts as metadata (no constants or
// names), so units are compared by their instructions: opcode, oparg (0 where CPython
// has none) and location. Equal opargs of LOAD_CONST/LOAD_NAME/… mean the constant and
// name tables were filled in the same order.
import { runPython } from '@tspy/test-support';
import * as ast from '../../src/ast/nodes.js';
import { parse } from '../../src/parser/parse.js';
import { codegenOnly } from '../../src/compiler/compile.js';
import type { InstructionSequence } from '../../src/compiler/instruction_sequence.js';
import { PySyntaxError } from '../../src/errors.js';

/** (opcode, oparg, lineno, end_lineno, col_offset, end_col_offset) */
export type Instr6 = [number, number, number, number, number, number];

export interface CodegenUnit {
  instrs: Instr6[];
  nested: CodegenUnit[];
}

export interface CodegenError {
  type: string;
  msg: string;
  lineno: number | null;
  offset: number | null;
  endLineno: number | null;
  endOffset: number | null;
}

export interface CodegenOutcome {
  unit?: CodegenUnit;
  meta?: { argcount: number; posonlyargcount: number; kwonlyargcount: number };
  error?: CodegenError;
}

export interface CodegenOracleOptions {
  filename?: string;
  /** compile mode: 0 exec, 1 eval, 2 single (CPython's compile_mode argument). */
  mode?: 0 | 1 | 2;
  optimize?: number;
}

const ORACLE_PY = String.raw`
import _testinternalcapi as T, ast, json, base64, warnings
def unit(seq):
    return {'instrs': [[i[0], i[1] if i[1] is not None else 0, i[2], i[3], i[4], i[5]] for i in seq.get_instructions()],
            'nested': [unit(n) for n in seq.get_nested()]}
def run(src, filename, mode, optimize):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            tree = ast.parse(src, filename, ['exec', 'eval', 'single'][mode])
            seq, meta = T.compiler_codegen(tree, filename, optimize, mode)
        return {'unit': unit(seq), 'meta': {k: meta[k] for k in ('argcount', 'posonlyargcount', 'kwonlyargcount')}}
    except BaseException as e:
        return {'error': {'type': type(e).__name__, 'msg': str(getattr(e, 'msg', e))[:300],
                          'lineno': getattr(e, 'lineno', None), 'offset': getattr(e, 'offset', None),
                          'endLineno': getattr(e, 'end_lineno', None), 'endOffset': getattr(e, 'end_offset', None)}}
cases = json.loads(base64.b64decode(__CASES__).decode('utf-8'))
print(json.dumps([run(s, f, m, o) for s, f, m, o in cases]))
`;

function toBase64(s: string): string {
  return Buffer.from(s, 'utf-8').toString('base64');
}

/** CPython's codegen outcome for each source, in one pyodide round trip. */
export async function cpythonCodegen(sources: readonly string[], options: CodegenOracleOptions = {}): Promise<CodegenOutcome[]> {
  const cases = sources.map((s) => [s, options.filename ?? '<test>', options.mode ?? 0, options.optimize ?? 0]);
  const code = ORACLE_PY.replace('__CASES__', JSON.stringify(toBase64(JSON.stringify(cases))));
  return JSON.parse(await runPython(code)) as CodegenOutcome[];
}

function unitOf(seq: InstructionSequence): CodegenUnit {
  const instrs: Instr6[] = seq.instrs.map((i) => [
    i.opcode, i.oparg, i.loc.lineno, i.loc.endLineno, i.loc.colOffset, i.loc.endColOffset,
  ]);
  return { instrs, nested: seq.nested.map(unitOf) };
}

/** tspy's codegen outcome for one source (the same shape as the oracle's). */
export function tspyCodegen(source: string, options: CodegenOracleOptions = {}): CodegenOutcome {
  const filename = options.filename ?? '<test>';
  const mode = (['exec', 'eval', 'single'] as const)[options.mode ?? 0];
  try {
    const mod = parse(source, filename, mode);
    const { seq, metadata } = codegenOnly(mod, filename, { optimize: options.optimize ?? 0 });
    return {
      unit: unitOf(seq),
      meta: { argcount: metadata.argcount, posonlyargcount: metadata.posonlyargcount, kwonlyargcount: metadata.kwonlyargcount },
    };
  } catch (e) {
    if (e instanceof PySyntaxError) {
      return {
        error: {
          type: e.kind, msg: e.msg, lineno: e.lineno ?? null, offset: e.offset ?? null,
          endLineno: e.end_lineno ?? null, endOffset: e.end_offset ?? null,
        },
      };
    }
    return { error: { type: 'JSError', msg: String(e instanceof Error ? e.stack ?? e.message : e).slice(0, 600), lineno: null, offset: null, endLineno: null, endOffset: null } };
  }
}

/**
 * Whether a module binds simple-name annotations in its own scope (`x: int` outside
 * any def/class, with no `from __future__ import annotations`). CPython 3.14's
 * `compiler_codegen` hook mishandles the `__annotate__` code such modules get:
 * the second one in a process crashes it (pyodide: a fatal wasm error; native: SIGSEGV).
 */
export function hasModuleAnnotations(source: string): boolean {
  let mod;
  try {
    mod = parse(source, '<test>', 'exec');
  } catch {
    return false;
  }
  if (!(mod instanceof ast.Module)) return false;
  const body = mod.body;
  for (const s of body) {
    if (s instanceof ast.ImportFrom && s.module === '__future__' && s.names.some((n) => n.name === 'annotations')) return false;
  }
  const visit = (stmts: readonly ast.stmt[]): boolean => stmts.some((s) => {
    if (s instanceof ast.AnnAssign) return s.simple === 1 && s.target instanceof ast.Name;
    if (s instanceof ast.FunctionDef || s instanceof ast.AsyncFunctionDef || s instanceof ast.ClassDef) return false;
    const blocks: ast.stmt[][] = [];
    for (const field of ['body', 'orelse', 'finalbody'] as const) {
      const v = (s as unknown as Record<string, unknown>)[field];
      if (Array.isArray(v)) blocks.push(v as ast.stmt[]);
    }
    if (s instanceof ast.Try || s instanceof ast.TryStar) for (const h of s.handlers) blocks.push((h as ast.ExceptHandler).body);
    if (s instanceof ast.Match) for (const c of s.cases) blocks.push(c.body);
    return blocks.some(visit);
  });
  return visit(body);
}

function fmt(i: Instr6 | undefined): string {
  return i === undefined ? '(none)' : `${i[0]}(${i[1]}) @${i[2]}:${i[4]}-${i[3]}:${i[5]}`;
}

/** The first difference between two units, or null when they are equal. */
export function diffUnits(expected: CodegenUnit, actual: CodegenUnit, path = 'top'): string | null {
  const n = Math.max(expected.instrs.length, actual.instrs.length);
  for (let k = 0; k < n; k++) {
    const e = expected.instrs[k];
    const a = actual.instrs[k];
    if (e === undefined || a === undefined || e.some((v, j) => v !== a[j])) {
      return `${path} instr ${k}: expected ${fmt(e)}, got ${fmt(a)}`;
    }
  }
  if (expected.nested.length !== actual.nested.length) {
    return `${path}: expected ${expected.nested.length} nested units, got ${actual.nested.length}`;
  }
  for (let k = 0; k < expected.nested.length; k++) {
    const d = diffUnits(expected.nested[k]!, actual.nested[k]!, `${path}/${k}`);
    if (d !== null) return d;
  }
  return null;
}

/** The first difference between two outcomes (errors compared by type, message and location). */
export function diffOutcomes(expected: CodegenOutcome, actual: CodegenOutcome): string | null {
  if (expected.error || actual.error) {
    const e = expected.error;
    const a = actual.error;
    if (!e || !a) return `expected ${e ? 'error ' + JSON.stringify(e) : 'success'}, got ${a ? 'error ' + JSON.stringify(a) : 'success'}`;
    const keys = ['type', 'msg', 'lineno', 'offset', 'endLineno', 'endOffset'] as const;
    for (const k of keys) if (e[k] !== a[k]) return `error ${k}: expected ${JSON.stringify(e[k])}, got ${JSON.stringify(a[k])}`;
    return null;
  }
  const d = diffUnits(expected.unit!, actual.unit!);
  if (d !== null) return d;
  const em = expected.meta!;
  const am = actual.meta!;
  if (em.argcount !== am.argcount || em.posonlyargcount !== am.posonlyargcount || em.kwonlyargcount !== am.kwonlyargcount) {
    return `metadata: expected ${JSON.stringify(em)}, got ${JSON.stringify(am)}`;
  }
  return null;
}
