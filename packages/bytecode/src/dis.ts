// `dis.dis(code)` for CPython 3.14 code objects: the same text, line for line.
// CPython: Lib/dis.py dis, _disassemble_recursive, disassemble, Formatter,
// _get_lineno_width, _get_positions_width, print_instructions.
import { CodeObject } from './code_object.js';
import type { Position } from './code_tables.js';
import { codeRepr } from './dis_args.js';
import { disassembleCode, type DisInstruction, type LabelledExceptionEntry } from './dis_instructions.js';

export { disassembleCode, type DisInstruction, type CacheInfo, type LabelledExceptionEntry, type DisassembledCode } from './dis_instructions.js';
export { codeRepr, DisArgumentError } from './dis_args.js';
export { quickenedCode } from './dis_quicken.js';

export interface DisOptions {
  /** Show the inline CACHE entries (CPython: show_caches). */
  showCaches?: boolean;
  /** Show the adaptive code of a fresh (never run) code object (CPython: adaptive). */
  adaptive?: boolean;
  /** Show each instruction's byte offset (CPython: show_offsets). */
  showOffsets?: boolean;
  /** Show full source positions instead of line numbers (CPython: show_positions). */
  showPositions?: boolean;
  /** How deep to recurse into nested code objects; undefined = all (CPython: depth). */
  depth?: number;
}

const OPNAME_WIDTH = 20;
const OPARG_WIDTH = 5;
const NO_LINENO = '  --';

interface FormatterWidths {
  linenoWidth: number;
  offsetWidth: number;
  labelWidth: number;
  showCaches: boolean;
  showPositions: boolean;
}

const padStart = (s: string, width: number): string => s.padStart(width);
const padEnd = (s: string, width: number): string => s.padEnd(width);

// CPython: Lib/dis.py Formatter.print_instruction_line
function instructionLine(out: string[], f: FormatterWidths, instr: DisInstruction): void {
  if (f.linenoWidth > 0 && instr.startsLine && instr.offset > 0) out.push('');
  const fields: string[] = [];
  if (f.linenoWidth) {
    if (f.showPositions) {
      const ps = instr.positions;
      const text = ps.every((p) => p === null)
        ? NO_LINENO
        : `${ps[0] ?? '?'}:${ps[2] ?? '?'}-${ps[1] ?? '?'}:${ps[3] ?? '?'}`;
      fields.push(padEnd(text, f.linenoWidth));
    } else if (instr.startsLine) {
      fields.push(padStart(instr.lineNumber === null ? NO_LINENO : String(instr.lineNumber), f.linenoWidth));
    } else {
      fields.push(' '.repeat(f.linenoWidth));
    }
  }
  fields.push(instr.label !== null ? padStart(`L${instr.label}:`, f.labelWidth) : ' '.repeat(f.labelWidth));
  if (f.offsetWidth > 0) fields.push(`${padStart(String(instr.offset), f.offsetWidth)}  `);
  fields.push('   '); // the current-instruction marker column (lasti = -1: never marked)
  fields.push(padEnd(instr.opname, OPNAME_WIDTH));
  if (instr.arg !== null) {
    const excess = Math.max(0, instr.opname.length - OPNAME_WIDTH);
    fields.push(padStart(String(instr.arg), OPARG_WIDTH - excess));
    if (instr.argrepr) fields.push(`(${instr.argrepr})`);
  }
  out.push(fields.join(' ').trimEnd());
}

/** Python's `int.from_bytes(data, 'little')` for a cache field (sizes up to 4 units: exact in a double). */
function littleEndian(data: Uint8Array): number {
  let value = 0;
  for (let i = data.length - 1; i >= 0; i--) value = value * 256 + data[i]!;
  return value;
}

// CPython: Lib/dis.py Formatter.print_instruction
function printInstruction(out: string[], f: FormatterWidths, instr: DisInstruction): void {
  instructionLine(out, f, instr);
  if (!f.showCaches || !instr.cacheInfo) return;
  let offset = instr.offset;
  for (const { name, size, data } of instr.cacheInfo) {
    for (let i = 0; i < size; i++) {
      offset += 2;
      const argrepr = i === 0 ? `${name}: ${littleEndian(data)}` : '';
      instructionLine(out, f, {
        opname: 'CACHE', opcode: 0, arg: 0, argrepr, offset, startOffset: offset, startsLine: false,
        lineNumber: null, label: null, positions: instr.positions, cacheInfo: null,
      });
    }
  }
}

// CPython: Lib/dis.py Formatter.print_exception_table
function printExceptionTable(out: string[], entries: readonly LabelledExceptionEntry[]): void {
  if (entries.length === 0) return;
  out.push('ExceptionTable:');
  for (const e of entries) {
    out.push(`  L${e.startLabel} to L${e.endLabel} -> L${e.targetLabel} [${e.depth}]${e.lasti ? ' lasti' : ''}`);
  }
}

// CPython: Lib/dis.py _get_lineno_width
function linenoWidth(lineStarts: Map<number, number | null>): number {
  const lines = [...lineStarts.values()];
  const numbered = lines.filter((l): l is number => l !== null && l !== 0);
  if (numbered.length === 0) return 0;
  let width = Math.max(3, String(Math.max(...numbered)).length);
  if (width < NO_LINENO.length && lines.includes(null)) width = NO_LINENO.length;
  return width;
}

// CPython: Lib/dis.py _get_positions_width
function positionsWidth(positions: readonly Position[]): number {
  let hasValue = false;
  let valuesWidth = 0;
  for (const ps of positions) {
    if (ps.some((p) => p !== null)) hasValue = true;
    const width = ps.reduce<number>((n, p) => n + (p === null ? 1 : String(p).length), 0);
    valuesWidth = Math.max(valuesWidth, width);
  }
  return hasValue ? 1 + Math.max(NO_LINENO.length, 3 + valuesWidth) : 0;
}

// CPython: Lib/dis.py disassemble
function disassembleInto(out: string[], code: CodeObject, opts: DisOptions): void {
  const d = disassembleCode(code, opts.adaptive ?? false);
  const widths: FormatterWidths = {
    linenoWidth: opts.showPositions ? positionsWidth(code.co_positions()) : linenoWidth(d.lineStarts),
    offsetWidth: opts.showOffsets ? String(Math.max(code.co_code.data.length - 2, 9999)).length : 0,
    labelWidth: 4 + String(d.labels.size).length,
    showCaches: opts.showCaches ?? false,
    showPositions: opts.showPositions ?? false,
  };
  for (const instr of d.instructions) printInstruction(out, widths, instr);
  printExceptionTable(out, d.exceptionEntries);
}

// CPython: Lib/dis.py _disassemble_recursive
function disassembleRecursive(out: string[], code: CodeObject, opts: DisOptions, depth: number | undefined): void {
  disassembleInto(out, code, opts);
  if (depth !== undefined && depth <= 0) return;
  const next = depth === undefined ? undefined : depth - 1;
  for (const c of code.co_consts) {
    if (!(c instanceof CodeObject)) continue;
    out.push('');
    out.push(`Disassembly of ${codeRepr(c)}:`);
    disassembleRecursive(out, c, opts, next);
  }
}

/** The text `dis.dis(code, ...)` prints for a code object, nested code objects included. */
export function dis(code: CodeObject, opts: DisOptions = {}): string {
  const out: string[] = [];
  disassembleRecursive(out, code, opts, opts.depth);
  return out.map((line) => line + '\n').join('');
}

/** The text `dis.disassemble(code, ...)` prints: this code object only. */
export function disassemble(code: CodeObject, opts: DisOptions = {}): string {
  const out: string[] = [];
  disassembleInto(out, code, opts);
  return out.map((line) => line + '\n').join('');
}

/** CPython: dis.get_instructions(code) (tspy: without argval). */
export function getInstructions(code: CodeObject, opts: { adaptive?: boolean } = {}): DisInstruction[] {
  return disassembleCode(code, opts.adaptive ?? false).instructions;
}
