// The CPython side of the flowgraph differential test: for each source, pyodide runs
// `_testinternalcapi.compiler_codegen` and, for the module unit and every nested unit,
// `_testinternalcapi.optimize_cfg` on the unoptimized instructions. CPython 3.14.2's
// codegen hook returns no constants list, so it is rebuilt from the AST (constants found
// by the location of the LOAD_CONST); the few it cannot place get None or a placeholder
// string 'c<n>' (the same list goes to tspy). Constants cross as JSON ({t: kind, v: …}).
import { runPython } from '@tspy/test-support';
import { InstructionSequence } from '../../src/compiler/instruction_sequence.js';
import { hasTarget } from '../../src/compiler/opcode_utils.js';

export type Tuple6 = [number, number, number, number, number, number];

/** An instruction sequence from the oracle's tuples: a jump's oparg is the index of its
 *  target instruction, which gets a label there. */
export function buildSequence(instrs: Tuple6[]): InstructionSequence {
  const seq = new InstructionSequence();
  const targets = new Set<number>();
  for (const [op, arg] of instrs) if (hasTarget(op)) targets.add(arg);
  instrs.forEach(([op, arg, lineno, endLineno, colOffset, endColOffset], k) => {
    if (targets.has(k)) seq.useLabel(k);
    seq.addOp(op, arg, { lineno, endLineno, colOffset, endColOffset });
  });
  return seq;
}

export type EncodedConst =
  | { t: 'none' }
  | { t: 'ellipsis' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'float'; v: string }
  | { t: 'complex'; re: string; im: string }
  | { t: 'str'; v: number[] }
  | { t: 'bytes'; v: string }
  | { t: 'tuple'; v: EncodedConst[] }
  | { t: 'frozenset'; v: EncodedConst[] }
  | { t: 'slice'; v: EncodedConst[] }
  | { t: 'code'; v: number };

export interface OracleUnit {
  name: string;
  skip?: string;
  /** Unoptimized (opcode, oparg, lineno, end_lineno, col, end_col); jump opargs are instruction indices. */
  instrs: Tuple6[];
  consts: EncodedConst[];
  nlocals: number;
  /** optimize_cfg's output, or `error` if it raised. */
  out?: Tuple6[];
  outConsts?: EncodedConst[];
  error?: string;
}

const ORACLE_PY = String.raw`
import _testinternalcapi as T, ast, json, base64, opcode
TARGET_OPS = set(opcode.hasjump) | set(opcode.hasexc)
LOCAL_OPS = set(opcode.haslocal) | {opcode.opmap['STORE_FAST_MAYBE_NULL']}
CONST_OPS = set(opcode.hasconst)
_codes = {}
def enc(v):
    if v is None: return {'t': 'none'}
    if v is Ellipsis: return {'t': 'ellipsis'}
    if isinstance(v, bool): return {'t': 'bool', 'v': v}
    if isinstance(v, int): return {'t': 'int', 'v': str(v)}
    if isinstance(v, float): return {'t': 'float', 'v': repr(v)}
    if isinstance(v, complex): return {'t': 'complex', 're': repr(v.real), 'im': repr(v.imag)}
    if isinstance(v, str): return {'t': 'str', 'v': [ord(c) for c in v]}
    if isinstance(v, bytes): return {'t': 'bytes', 'v': v.hex()}
    if isinstance(v, tuple): return {'t': 'tuple', 'v': [enc(x) for x in v]}
    if isinstance(v, frozenset): return {'t': 'frozenset', 'v': [enc(x) for x in v]}
    if isinstance(v, slice): return {'t': 'slice', 'v': [enc(v.start), enc(v.stop), enc(v.step)]}
    return {'t': 'code', 'v': _codes.setdefault(id(v), len(_codes))}

def instr_list(seq):
    return [[i[0], i[1] if i[1] is not None else 0, i[2], i[3], i[4], i[5]] for i in seq.get_instructions()]

def rebuild(instrs):
    targets = {i[1] for i in instrs if i[0] in TARGET_OPS}
    s = T.new_instruction_sequence()
    for k, i in enumerate(instrs):
        if k in targets:
            s.use_label(k)
        s.addop(i[0], i[1], *i[2:])
    return s

_MISSING = object()

def const_map(tree):
    # AST constants by exact location: codegen loads them with that location.
    m = {}
    def add(node, value):
        key = (node.lineno, node.end_lineno, node.col_offset, node.end_col_offset)
        m.setdefault(key, []).append(value)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            add(node, node.value)
        elif isinstance(node, ast.Import):
            add(node, ('import', 0, None))
        elif isinstance(node, ast.ImportFrom):
            add(node, ('import', node.level, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Constant):
            add(node, ('special', 'ret', node.value.value))
        elif isinstance(node, ast.MatchSequence):
            star = any(isinstance(p, ast.MatchStar) for p in node.patterns)
            add(node, ('special', 'len', len(node.patterns) - star))
        elif isinstance(node, ast.MatchMapping):
            add(node, ('special', 'len', len(node.keys)))
            if all(isinstance(k, ast.Constant) for k in node.keys):
                add(node, ('special', 'keys', tuple(k.value for k in node.keys)))
        elif isinstance(node, ast.MatchClass) and node.kwd_attrs:
            add(node, ('special', 'kwd', tuple(node.kwd_attrs)))
        elif isinstance(node, ast.Slice):
            parts = (node.lower, node.upper, node.step)
            if all(x is None or isinstance(x, ast.Constant) for x in parts):
                add(node, slice(*[None if x is None else x.value for x in parts]))
    return m

def same_values(vs):
    first = vs[0]
    return all(type(v) is type(first) and repr(v) == repr(first) for v in vs)

def recover_consts(instrs, cmap):
    # The codegen hook of 3.14.2 does not return the constants: rebuild the list from
    # the AST (by location); what cannot be found becomes None (for a location-less
    # load, usually the implicit return) or a placeholder string.
    n = max([i[1] + 1 for i in instrs if i[0] in CONST_OPS] + [0])
    consts = [_MISSING] * n
    noloc = set()
    IMPORT_NAME = opcode.opmap['IMPORT_NAME']
    for j, i in enumerate(instrs):
        if i[0] not in CONST_OPS:
            continue
        if consts[i[1]] is not _MISSING:
            continue
        vs = cmap.get((i[2], i[3], i[4], i[5]))
        def tagged(v):
            return isinstance(v, tuple) and len(v) > 0 and v[0] in ('import', 'special')
        imports = [v for v in vs or () if tagged(v) and v[0] == 'import']
        special = {v[1]: v[2] for v in vs or () if tagged(v) and v[0] == 'special'}
        vs = [v for v in vs or () if not tagged(v)]
        nxt = instrs[j + 1][0] if j + 1 < len(instrs) else None
        prev = instrs[j - 1][0] if j > 0 else None
        if imports and nxt == IMPORT_NAME:
            consts[i[1]] = imports[0][2]
        elif imports and j + 2 < len(instrs) and instrs[j + 2][0] == IMPORT_NAME:
            consts[i[1]] = imports[0][1]
        elif 'len' in special and prev == opcode.opmap['GET_LEN']:
            consts[i[1]] = special['len']
        elif 'keys' in special and nxt == opcode.opmap['MATCH_KEYS']:
            consts[i[1]] = special['keys']
        elif 'kwd' in special and nxt == opcode.opmap['MATCH_CLASS']:
            consts[i[1]] = special['kwd']
        elif 'ret' in special and nxt == opcode.opmap['RETURN_VALUE'] and not vs:
            consts[i[1]] = special['ret']
        elif vs and same_values(vs):
            consts[i[1]] = vs[0]
        elif i[2] < 0:
            noloc.add(i[1])
    # Two integers codegen makes up: a class body's __firstlineno__ (the second
    # LOAD_CONST; STORE_NAME pair after RESUME, LOAD_NAME __name__, STORE_NAME) and the
    # 2 (VALUE_WITH_FAKE_GLOBALS) that __annotate__ compares its format with.
    STORE_NAME = opcode.opmap['STORE_NAME']
    COMPARE_OP = opcode.opmap['COMPARE_OP']
    LOAD_FAST = opcode.opmap['LOAD_FAST']
    LOAD_CONST = opcode.opmap['LOAD_CONST']
    if len(instrs) > 6 and [i[0] for i in instrs[3:7]] == [LOAD_CONST, STORE_NAME] * 2:
        k = instrs[5][1]
        if consts[k] is _MISSING:
            consts[k] = instrs[0][2]
    if len(instrs) > 3 and instrs[1][0] == LOAD_FAST and instrs[2][0] == LOAD_CONST and instrs[3][0] == COMPARE_OP:
        k = instrs[2][1]
        if consts[k] is _MISSING:
            consts[k] = 2
    return [c if c is not _MISSING else (None if k in noloc else 'c%d' % k) for k, c in enumerate(consts)]

def consts_conflict(instrs, consts, cmap):
    # True when a load's location names a different constant than its index holds
    # (the AST lookup was fooled by two constants at one location).
    for i in instrs:
        if i[0] not in CONST_OPS:
            continue
        vs = [v for v in cmap.get((i[2], i[3], i[4], i[5])) or ()
              if not (isinstance(v, tuple) and len(v) > 0 and v[0] in ('import', 'special'))]
        if vs and same_values(vs) and not same_values([vs[0], consts[i[1]]]):
            return True
    return False

def units(seq, consts, name, out, cmap, top):
    instrs = instr_list(seq)
    if consts is None:
        consts = recover_consts(instrs, cmap)
    nlocals = 0 if top else max([(i[1] + 1) for i in instrs if i[0] in LOCAL_OPS] + [0])
    out.append((name, instrs, list(consts), nlocals))
    for k, nested in enumerate(seq.get_nested()):
        units(nested, None, '%s/%d' % (name, k), out, cmap, False)

def has_module_annotations(tree):
    # compiler_codegen frees the module's annotations code twice (a use-after-free
    # that corrupts the heap), so such modules are skipped.
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.AnnAssign):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return False

def run(cases):
    results = []
    for name, src in cases:
        try:
            tree = ast.parse(src)
            if has_module_annotations(tree):
                results.append({'name': name, 'skip': 'module-level annotations'})
                continue
            seq, md = T.compiler_codegen(tree, name, 0, 0)
        except Exception as e:
            results.append({'name': name, 'skip': type(e).__name__})
            continue
        us = []
        units(seq, md.get('consts'), name, us, const_map(tree), True)
        for uname, instrs, consts, nlocals in us:
            r = {'name': uname, 'instrs': instrs, 'consts': [enc(c) for c in consts], 'nlocals': nlocals}
            try:
                c2 = list(consts)
                out = T.optimize_cfg(rebuild(instrs), c2, nlocals)
                r['out'] = instr_list(out)
                r['outConsts'] = [enc(c) for c in c2]
            except Exception as e:
                r['error'] = type(e).__name__ + ': ' + str(e)[:200]
            results.append(r)
    return results

def code_children(co):
    return [c for c in co.co_consts if type(c).__name__ == 'code']

def final_instrs(co):
    # Instructions of a final code object without EXTENDED_ARG/CACHE; jump args as
    # instruction indices; exception handlers per instruction.
    import dis
    ins = [i for i in dis.get_instructions(co) if i.opname != 'EXTENDED_ARG']
    index = {i.start_offset: k for k, i in enumerate(ins)}
    for k, i in enumerate(ins):
        index.setdefault(i.offset, k)
    handlers = [None] * len(ins)
    for e in dis._parse_exception_table(co):
        for k, i in enumerate(ins):
            if e.start <= i.offset < e.end:
                handlers[k] = [index[e.target], e.depth, 1 if e.lasti else 0]
    out = []
    for k, i in enumerate(ins):
        arg = i.arg if i.arg is not None else 0
        if i.opcode in CONST_OPS:
            arg = -1
        elif i.jump_target is not None:
            arg = index[i.jump_target]
        p = i.positions
        loc = [p.lineno if p.lineno is not None else -1, p.end_lineno if p.end_lineno is not None else -1,
               p.col_offset if p.col_offset is not None else -1, p.end_col_offset if p.end_col_offset is not None else -1]
        out.append([i.opcode, arg] + loc + [handlers[k]])
    return out

def layout_units(seq, co, name, out, cmap):
    instrs = instr_list(seq)
    consts = recover_consts(instrs, cmap)
    cells = list(co.co_cellvars)
    nonarg = [c for c in cells if c not in co.co_varnames]
    if nonarg == sorted(nonarg):
        cells = sorted(cells)
    flags = co.co_flags
    nparams = co.co_argcount + co.co_kwonlyargcount + (1 if flags & 4 else 0) + (1 if flags & 8 else 0)
    if consts_conflict(instrs, consts, cmap):
        out.append({'name': name, 'skip': 'constants not recoverable from the AST'})
    else:
      out.append({'name': name, 'instrs': instrs, 'consts': [enc(c) for c in consts],
                'varnames': list(co.co_varnames), 'cellvars': cells, 'freevars': list(co.co_freevars),
                'nparams': nparams, 'firstlineno': co.co_firstlineno, 'flags': flags,
                'stacksize': co.co_stacksize, 'final': final_instrs(co)})
    nested = seq.get_nested()
    kids = code_children(co)
    if len(nested) != len(kids):
        out.append({'name': name + '/*', 'skip': 'nested units do not pair with code objects'})
        return
    for k, (s, c) in enumerate(zip(nested, kids)):
        layout_units(s, c, '%s/%d' % (name, k), out, cmap)

def run_layout(cases):
    results = []
    for name, src in cases:
        try:
            tree = ast.parse(src)
            if has_module_annotations(tree):
                results.append({'name': name, 'skip': 'module-level annotations'})
                continue
            co = compile(src, name, 'exec', dont_inherit=True)
            seq, md = T.compiler_codegen(tree, name, 0, 0)
        except Exception as e:
            results.append({'name': name, 'skip': type(e).__name__})
            continue
        layout_units(seq, co, name, results, const_map(tree))
    return results
import sys
_cases = json.loads(base64.b64decode(_INPUT).decode('utf-8'))
print(json.dumps(globals()[_FN](_cases)))
`;

/** One unit for the layout test: CPython's codegen output, the names the flowgraph
 *  needs, and the final code object's instructions (jump args as instruction indices,
 *  constant args -1, each with its exception handler [target, depth, lasti] or null). */
export interface LayoutUnit {
  name: string;
  skip?: string;
  instrs: Tuple6[];
  consts: EncodedConst[];
  varnames: string[];
  cellvars: string[];
  freevars: string[];
  nparams: number;
  firstlineno: number;
  flags: number;
  stacksize: number;
  final: [number, number, number, number, number, number, [number, number, number] | null][];
}

/** Runs `optimize_cfg` for every unit of each `[name, source]` pair (batched). */
export function flowgraphOracle(cases: [string, string][], batchChars = 400_000): Promise<OracleUnit[]> {
  return runBatches<OracleUnit>('run', cases, batchChars);
}

/** Pairs every unit's codegen output with its code object from `compile()` (batched). */
export function flowgraphLayoutOracle(cases: [string, string][], batchChars = 200_000): Promise<LayoutUnit[]> {
  return runBatches<LayoutUnit>('run_layout', cases, batchChars);
}

async function runBatches<T>(fn: string, cases: [string, string][], batchChars: number): Promise<T[]> {
  const units: T[] = [];
  let batch: [string, string][] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const input = Buffer.from(JSON.stringify(batch), 'utf-8').toString('base64');
    const out = await runPython(`_INPUT = '${input}'\n_FN = '${fn}'\n` + ORACLE_PY);
    units.push(...(JSON.parse(out) as T[]));
    batch = [];
    size = 0;
  };
  for (const c of cases) {
    batch.push(c);
    size += c[1].length;
    if (size > batchChars) await flush();
  }
  await flush();
  return units;
}
