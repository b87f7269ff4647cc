// The instructions of a code object as `dis` sees them: decoded opargs (EXTENDED_ARG
// folded in), line starts, positions, labels and inline cache contents.
// CPython: Lib/dis.py _unpack_opargs, findlabels, findlinestarts, _make_labels_map,
// _get_instructions_bytes, Instruction.
import type { CodeObject } from './code_object.js';
import type { Position } from './code_tables.js';
import { decodeExceptionTable, type ExceptionTableEntry } from './code_tables.js';
import { Op, opName, deopt, cacheCount, cacheFormat } from './opcodes.js';
import { argRepr, disHasArg, jumpTarget } from './dis_args.js';
import { quickenedCode } from './dis_quicken.js';

/** One inline cache field of an instruction: its name, size in code units and raw bytes. */
export interface CacheInfo {
  name: string;
  size: number;
  data: Uint8Array;
}

/** CPython: dis.Instruction (argval omitted: tspy shows what dis prints). */
export interface DisInstruction {
  opname: string;
  opcode: number;
  /** The oparg with EXTENDED_ARG folded in; null for instructions without an argument. */
  arg: number | null;
  argrepr: string;
  offset: number;
  startOffset: number;
  startsLine: boolean;
  lineNumber: number | null;
  label: number | null;
  positions: Position;
  cacheInfo: CacheInfo[] | null;
}

/** An exception table entry with the labels dis prints for it. */
export interface LabelledExceptionEntry extends ExceptionTableEntry {
  startLabel: number;
  endLabel: number;
  targetLabel: number;
}

interface RawInstruction { offset: number; startOffset: number; op: number; arg: number | null }

const INT_OVERFLOW = 2 ** 31;

// CPython: Lib/dis.py _unpack_opargs
export function unpackOpargs(code: Uint8Array): RawInstruction[] {
  const out: RawInstruction[] = [];
  let extendedArg = 0;
  let extendedArgsOffset = 0;
  let caches = 0;
  for (let i = 0; i + 1 < code.length; i += 2) {
    if (caches) {
      caches--;
      continue;
    }
    const op = code[i]!;
    const deop = deopt(op);
    caches = cacheCount(deop);
    let arg: number | null;
    if (disHasArg(deop)) {
      arg = code[i + 1]! | extendedArg;
      // The oparg is a C int: it wraps to a negative number when it overflows.
      extendedArg = deop === Op.EXTENDED_ARG ? arg * 256 : 0;
      if (extendedArg >= INT_OVERFLOW) extendedArg -= 2 * INT_OVERFLOW;
    } else {
      arg = null;
      extendedArg = 0;
    }
    if (deop === Op.EXTENDED_ARG) {
      extendedArgsOffset++;
      out.push({ offset: i, startOffset: i, op, arg });
    } else {
      out.push({ offset: i, startOffset: i - extendedArgsOffset * 2, op, arg });
      extendedArgsOffset = 0;
    }
  }
  return out;
}

// CPython: Lib/dis.py findlabels
function findLabels(raw: RawInstruction[]): number[] {
  const labels: number[] = [];
  for (const { offset, op, arg } of raw) {
    if (arg === null) continue;
    const target = jumpTarget(op, arg, offset);
    if (target !== null && !labels.includes(target)) labels.push(target);
  }
  return labels;
}

// CPython: Lib/dis.py findlinestarts — offset -> line where the line changes.
export function findLineStarts(code: CodeObject): Map<number, number | null> {
  const starts = new Map<number, number | null>();
  let last: number | null | undefined;
  for (const [start, , line] of code.co_lines()) {
    if (line !== last) {
      last = line;
      starts.set(start, line);
    }
  }
  return starts;
}

// CPython: Lib/dis.py _make_labels_map
function makeLabelsMap(raw: RawInstruction[], entries: readonly ExceptionTableEntry[]): Map<number, number> {
  const labels = new Set(findLabels(raw));
  for (const e of entries) {
    labels.add(e.start);
    labels.add(e.end);
    labels.add(e.target);
  }
  const map = new Map<number, number>();
  [...labels].sort((a, b) => a - b).forEach((offset, i) => map.set(offset, i + 1));
  return map;
}

/** Everything dis derives from a code object before printing it. */
export interface DisassembledCode {
  instructions: DisInstruction[];
  exceptionEntries: LabelledExceptionEntry[];
  labels: Map<number, number>;
  lineStarts: Map<number, number | null>;
}

// CPython: Lib/dis.py _get_code_array (no executors: the adaptive array of a fresh code object)
function codeArray(code: CodeObject, adaptive: boolean): Uint8Array {
  return adaptive ? quickenedCode(code.co_code.data) : code.co_code.data;
}

// CPython: Lib/dis.py disassemble + _get_instructions_bytes (lasti = -1, line_offset = 0)
export function disassembleCode(code: CodeObject, adaptive = false): DisassembledCode {
  const original = code.co_code.data;
  const array = codeArray(code, adaptive);
  const raw = unpackOpargs(original);
  const entries = decodeExceptionTable(code);
  const labels = makeLabelsMap(raw, entries);
  const lineStarts = findLineStarts(code);
  const positions = code.co_positions();
  const instructions: DisInstruction[] = [];
  let lineNumber: number | null = null;
  for (const { offset, startOffset, op: originalOp, arg } of raw) {
    const startsLine = lineStarts.has(offset);
    if (startsLine) lineNumber = lineStarts.get(offset)!;
    const deop = deopt(originalOp);
    const op = array[offset]!;
    const argrepr = arg === null ? '' : argRepr(code, labels, op, arg, offset);
    const caches = cacheCount(deop);
    let cacheInfo: CacheInfo[] | null = null;
    if (caches) {
      cacheInfo = [];
      let cacheOffset = offset;
      for (const [name, size] of Object.entries(cacheFormat[opName[deop]!] ?? {})) {
        cacheInfo.push({ name, size, data: array.slice(cacheOffset + 2, cacheOffset + 2 + 2 * size) });
        cacheOffset += size * 2;
      }
    }
    instructions.push({
      opname: opName[op]!, opcode: op, arg, argrepr, offset, startOffset, startsLine, lineNumber,
      label: labels.get(offset) ?? null, positions: positions[offset >> 1] ?? [null, null, null, null], cacheInfo,
    });
  }
  const exceptionEntries = entries.map((e) => ({
    ...e, startLabel: labels.get(e.start)!, endLabel: labels.get(e.end)!, targetLabel: labels.get(e.target)!,
  }));
  return { instructions, exceptionEntries, labels, lineStarts };
}
