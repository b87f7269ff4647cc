// Drives the assembler test: CPython (pyodide) builds code objects — from hand-written
// instruction lists through `_testinternalcapi.assemble_code_object`, or from source
// through `compile` — and decodes each one back into its final instruction sequence
// (jump targets as instruction indices, positions, exception handlers) plus metadata.
// tspy's makeCodeObject then assembles that sequence, and its code object must equal
// CPython's field by field.
import { marshalLoads, type CodeObject } from '@tspy/bytecode';
import { runPython } from '@tspy/test-support';
import { makeCodeObject } from '../../src/compiler/assemble.js';
import { NameTable, ConstTable, type CodeUnitMetadata } from '../../src/compiler/code_unit_metadata.js';
import { InstructionSequence } from '../../src/compiler/instruction_sequence.js';

/** A hand-written instruction: [opname, oparg (a label number for jumps and SETUP_*),
 *  lineno?, end_lineno?, col_offset?, end_col_offset?] (missing positions are -1), or a label. */
export type CaseInstruction = [string, number | null, ...number[]] | { label: number };

/** Metadata as test_compiler_assemble.py writes it; dict-valued fields are given as name lists. */
export interface CaseMetadata {
  name?: string;
  qualname?: string;
  filename?: string;
  consts?: (number | string | null)[];
  names?: string[];
  varnames?: string[];
  cellvars?: string[];
  freevars?: string[];
  fasthidden?: Record<string, boolean>;
  argcount?: number;
  posonlyargcount?: number;
  kwonlyargcount?: number;
  firstlineno?: number;
}

export interface AssembleCase {
  title: string;
  insts: CaseInstruction[];
  metadata?: CaseMetadata;
}

/** One final instruction as CPython's code object holds it (decoded by the Python side). */
type WireInstruction = [opcode: number, oparg: number, target: number, lineno: number, endLineno: number, col: number, endCol: number, handler: number, startDepth: number, lasti: number];

interface WireUnit {
  title: string;
  error?: string;
  /** marshal.dumps of CPython's code object, base64. */
  code?: string;
  instrs?: WireInstruction[];
  md?: {
    name: string; qualname: string; filename: string; names: string[]; varnames: string[];
    cellvars: string[]; freevars: string[]; fasthidden: Record<string, boolean>;
    argcount: number; posonlyargcount: number; kwonlyargcount: number; firstlineno: number;
    stacksize: number; nlocalsplus: number; flags: number;
  };
}

const PY_DECODER = String.raw`
import base64, dis, json, marshal, opcode, types, warnings, _testinternalcapi

EXTENDED_ARG = opcode.opmap['EXTENDED_ARG']
CACHES = [dis._inline_cache_entries.get(opcode.opname[op], 0) for op in range(256)]
JUMPS = set(op for op in opcode.hasjump if op < 256)
BACKWARD = {opcode.opmap['JUMP_BACKWARD'], opcode.opmap['JUMP_BACKWARD_NO_INTERRUPT']}
END_ASYNC_FOR = opcode.opmap['END_ASYNC_FOR']
END_SEND_OFFSET = 6
# The flowgraph hands the assembler pseudo jumps; it picks the direction itself.
TO_PSEUDO = {opcode.opmap['JUMP_FORWARD']: opcode.opmap['JUMP'],
             opcode.opmap['JUMP_BACKWARD']: opcode.opmap['JUMP'],
             opcode.opmap['JUMP_BACKWARD_NO_INTERRUPT']: opcode.opmap['JUMP_NO_INTERRUPT']}
CO_FAST_LOCAL, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN = 0x20, 0x40, 0x80, 0x10

def _decode_instrs(co):
    code = co.co_code
    positions = list(co.co_positions())
    raw = []
    i, n = 0, len(code) // 2
    while i < n:
        start, arg = i, 0
        while code[2 * i] == EXTENDED_ARG:
            arg = (arg | code[2 * i + 1]) << 8
            i += 1
        op = code[2 * i]
        arg |= code[2 * i + 1]
        i += 1 + CACHES[op]
        raw.append((op, arg, start, i))
    index_of = {start: k for k, (_, _, start, _) in enumerate(raw)}
    handlers = [(-1, -1, -1)] * len(raw)
    for e in dis._parse_exception_table(co):
        target = index_of[e.target // 2]
        k = index_of[e.start // 2]
        while k < len(raw) and raw[k][2] < e.end // 2:
            handlers[k] = (target, e.depth + 1 + int(e.lasti), int(e.lasti))
            k += 1
    out = []
    for k, (op, arg, start, end) in enumerate(raw):
        target = -1
        if op in JUMPS:
            if op in BACKWARD:
                target = index_of[end - arg]
            elif op == END_ASYNC_FOR:
                target = index_of[end - arg - END_SEND_OFFSET]
            else:
                target = index_of[end + arg]
            op = TO_PSEUDO.get(op, op)
        pos = [-1 if p is None else p for p in positions[start]]
        out.append([op, arg, target, *pos, *handlers[k]])
    return out

def _metadata(co, given=None):
    kinds = list(_testinternalcapi.get_co_localskinds(co).items())
    md = {
        'name': co.co_name, 'qualname': co.co_qualname, 'filename': co.co_filename,
        'names': list(co.co_names), 'varnames': list(co.co_varnames),
        'cellvars': [k for k, v in kinds if v & CO_FAST_CELL and v & CO_FAST_LOCAL] + [k for k, v in kinds if v == CO_FAST_CELL],
        'freevars': list(co.co_freevars),
        'fasthidden': {k: True for k, v in kinds if v & CO_FAST_HIDDEN},
        'argcount': co.co_argcount - co.co_posonlyargcount, 'posonlyargcount': co.co_posonlyargcount,
        'kwonlyargcount': co.co_kwonlyargcount, 'firstlineno': co.co_firstlineno,
    }
    if given is not None:
        md.update({k: v for k, v in given.items() if k != 'consts'})
    md.update({'stacksize': co.co_stacksize, 'nlocalsplus': len(kinds), 'flags': co.co_flags})
    return md

def _unit(title, co, given=None):
    return {'title': title, 'code': base64.b64encode(marshal.dumps(co)).decode(),
            'instrs': _decode_instrs(co), 'md': _metadata(co, given)}

def _walk(title, co, out):
    out.append(_unit(title + ' ' + co.co_qualname, co))
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            _walk(title, c, out)

class _Label:
    pass

def _assemble(case):
    md = dict(case.get('metadata') or {})
    full = {'name': md.get('name', 'name'), 'qualname': md.get('qualname', 'qualname'),
            'consts': {v: i for i, v in enumerate(md.get('consts', []))},
            'firstlineno': md.get('firstlineno', 1)}
    for key in ('names', 'varnames', 'cellvars'):
        full[key] = {n: i for i, n in enumerate(md.get(key, []))}
    ncells = len(full['cellvars'])
    full['freevars'] = {n: ncells + i for i, n in enumerate(md.get('freevars', []))}
    full['fasthidden'] = dict(md.get('fasthidden', {}))
    for key in ('argcount', 'posonlyargcount', 'kwonlyargcount'):
        full[key] = md.get(key, 0)
    seq = _testinternalcapi.new_instruction_sequence()
    for item in case['insts']:
        if isinstance(item, dict):
            seq.use_label(item['label'])
            continue
        op, arg, *loc = item
        loc = loc + [-1] * (4 - len(loc))
        seq.addop(opcode.opmap[op], arg or 0, *loc)
    co = _testinternalcapi.assemble_code_object(md.get('filename', 'myfile.py'), seq, full)
    given = {k: md[k] for k in ('names', 'varnames', 'cellvars', 'freevars', 'fasthidden') if k in md}
    return _unit(case['title'], co, given)

def _tspy_assemble_cases(payload):
    out = []
    request = json.loads(payload)
    for case in request['cases']:
        try:
            out.append(_assemble(case))
        except Exception as e:
            out.append({'title': case['title'], 'error': f'{type(e).__name__}: {str(e)[:300]}'})
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for name, source in request['sources']:
            units = []
            _walk(name, compile(base64.b64decode(source), name, 'exec', dont_inherit=True), units)
            out.extend(units)
    return json.dumps(out)
`;

/** One code object to reassemble: CPython's, and what tspy is given to rebuild it. */
export interface RoundTripUnit {
  title: string;
  expected: CodeObject;
  build: () => CodeObject;
}

function metadataOf(md: NonNullable<WireUnit['md']>): CodeUnitMetadata {
  return {
    name: md.name,
    qualname: md.qualname,
    consts: new ConstTable(),
    names: new NameTable(md.names),
    varnames: new NameTable(md.varnames),
    cellvars: new NameTable(md.cellvars),
    freevars: new NameTable(md.freevars),
    fasthidden: new Map(Object.entries(md.fasthidden)),
    argcount: md.argcount,
    posonlyargcount: md.posonlyargcount,
    kwonlyargcount: md.kwonlyargcount,
    firstlineno: md.firstlineno,
  };
}

/** The final sequence as the flowgraph hands it over: jump targets and handlers as labels
 *  (label k+1 marks instruction k), pseudo unconditional jumps. */
function sequenceOf(instrs: readonly WireInstruction[]): InstructionSequence {
  const targeted = new Set<number>();
  for (const w of instrs) {
    if (w[2] >= 0) targeted.add(w[2]);
    if (w[7] >= 0) targeted.add(w[7]);
  }
  const seq = new InstructionSequence();
  instrs.forEach((w, k) => {
    if (targeted.has(k)) seq.useLabel(k + 1);
    const [opcode, oparg, target, lineno, endLineno, colOffset, endColOffset, handler, startDepth, lasti] = w;
    seq.addOp(opcode, target >= 0 ? target + 1 : oparg, { lineno, endLineno, colOffset, endColOffset });
    const info = seq.instr(seq.length - 1).exceptHandlerInfo;
    info.label = handler >= 0 ? handler + 1 : -1;
    info.startDepth = startDepth;
    info.preserveLasti = lasti;
  });
  return seq;
}

/** Runs the cases and sources in pyodide; returns the units to rebuild with tspy. */
export async function cpythonUnits(cases: readonly AssembleCase[], sources: readonly [name: string, bytes: Uint8Array][]): Promise<{ units: RoundTripUnit[]; errors: string[] }> {
  const payload = JSON.stringify({ cases, sources: sources.map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]) });
  const reply = JSON.parse(await runPython(`${PY_DECODER}\nprint(_tspy_assemble_cases(${JSON.stringify(payload)}))\n`)) as WireUnit[];
  const units: RoundTripUnit[] = [];
  const errors: string[] = [];
  for (const wire of reply) {
    if (wire.error !== undefined) {
      errors.push(`${wire.title}: ${wire.error}`);
      continue;
    }
    const expected = marshalLoads(new Uint8Array(Buffer.from(wire.code!, 'base64'))) as CodeObject;
    const md = wire.md!;
    const instrs = wire.instrs!;
    units.push({
      title: wire.title,
      expected,
      build: () =>
        makeCodeObject(metadataOf(md), null, expected.co_consts.slice(), md.stacksize, sequenceOf(instrs), md.nlocalsplus, md.flags, md.filename),
    });
  }
  return { units, errors };
}

const BYTES_FIELDS = ['co_code', 'co_linetable', 'co_exceptiontable', 'co_localspluskinds'] as const;
const NUMBER_FIELDS = ['co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_stacksize', 'co_flags', 'co_firstlineno'] as const;
const STRING_FIELDS = ['co_name', 'co_qualname', 'co_filename'] as const;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The fields where `actual` differs from `expected` (co_consts, passed through, by length). */
export function differences(actual: CodeObject, expected: CodeObject): string[] {
  const out: string[] = [];
  for (const field of BYTES_FIELDS) {
    const a = hex(actual[field].data);
    const e = hex(expected[field].data);
    if (a !== e) out.push(`${field}: tspy ${a} cpython ${e}`);
  }
  for (const field of NUMBER_FIELDS) {
    if (actual[field] !== expected[field]) out.push(`${field}: tspy ${actual[field]} cpython ${expected[field]}`);
  }
  for (const field of STRING_FIELDS) {
    if (String(actual[field]) !== String(expected[field])) out.push(`${field}: tspy ${String(actual[field])} cpython ${String(expected[field])}`);
  }
  const names = (code: CodeObject, field: 'co_names' | 'co_localsplusnames') => code[field].items.map(String).join(',');
  for (const field of ['co_names', 'co_localsplusnames'] as const) {
    if (names(actual, field) !== names(expected, field)) out.push(`${field}: tspy ${names(actual, field)} cpython ${names(expected, field)}`);
  }
  if (actual.co_consts.length !== expected.co_consts.length) out.push('co_consts length');
  return out;
}
