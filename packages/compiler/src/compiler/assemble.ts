// The assembler: a code unit's final instruction sequence (after the flowgraph) becomes
// its code object — jump directions and offsets resolved, code units written with
// EXTENDED_ARG prefixes and inline CACHE entries, the location and exception tables
// encoded, and the localsplus names and kinds laid out.
// CPython: Python/assemble.c
import {
  CO_FAST_CELL,
  CO_FAST_FREE,
  CO_FAST_HIDDEN,
  CO_FAST_LOCAL,
  CodeFlag,
  CodeObject,
  PyBytes,
  PyTuple,
  cacheCount,
  isPseudo,
  pyStr,
  type MarshalValue,
  type PyWideStr,
} from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import { assembleExceptionTable } from './assemble_exception_table.js';
import { assembleLocationInfo } from './assemble_location_table.js';
import type { CodeUnitMetadata } from './code_unit_metadata.js';
import type { InstructionSequence } from './instruction_sequence.js';
import { type FlatSequence, flatFromSequence } from './flat_sequence.js';
import { F } from './instruction_layout.js';
import { hasJump } from './opcode_utils.js';

// Argument kind bits of co_localspluskinds (CPython 3.14: Include/internal/pycore_code.h).
export const CO_FAST_ARG_POS = 0x02;
export const CO_FAST_ARG_KW = 0x04;
export const CO_FAST_ARG_VAR = 0x08;

/** The offset (in code units) of the END_SEND from the SEND in the `async for` sequence.
 *  CPython: Python/assemble.c END_SEND_OFFSET */
const enum AsyncFor { END_SEND_OFFSET = 5 } // 3.14: SEND(+1 cache), YIELD_VALUE, RESUME, JUMP_BACKWARD_NO_INTERRUPT, then END_SEND

/** Why the assembler refused its input (a compiler bug, never the user's). */
export class AssemblerError extends Error {
  override readonly name = 'AssemblerError';
}

/** The code units of an instruction with `oparg` and `caches` CACHE entries: its
 *  EXTENDED_ARG prefixes, itself and its caches.
 *  CPython: Include/internal/pycore_compile.h _PyCompile_InstrSize (instr_size) */
function instrSize(oparg: number, caches: number): number {
  return (oparg > 0xffffff ? 4 : oparg > 0xffff ? 3 : oparg > 0xff ? 2 : 1) + caches;
}

// CPython: Python/assemble.c resolve_unconditional_jumps
function resolveUnconditionalJumps(flat: FlatSequence): void {
  const d = flat.d;
  for (let i = 0; i < flat.n; i++) {
    const p = i * F.STRIDE;
    const opcode = d[p + F.OPCODE]!;
    const isForward = d[p + F.OPARG]! > i;
    if (opcode === Op.JUMP) {
      d[p + F.OPCODE] = isForward ? Op.JUMP_FORWARD : Op.JUMP_BACKWARD;
    } else if (opcode === Op.JUMP_NO_INTERRUPT) {
      d[p + F.OPCODE] = isForward ? Op.JUMP_FORWARD : Op.JUMP_BACKWARD_NO_INTERRUPT;
    } else if (hasJump(opcode) && isPseudo(opcode)) {
      throw new AssemblerError(`pseudo jump ${opcode} reached the assembler`);
    }
  }
}

/** Per-instruction scratch, reused by every assembly (assembly is never reentrant); only
 *  the first `n` entries are meaningful: each instruction's size in code units, its
 *  offset in code units (CPython: i_offset), a jump's target index (i_target; -1 for an
 *  instruction that does not jump) and its number of CACHE entries. The opcode tables
 *  are read once per instruction, into these: the loops below run over local arrays. */
/** What the assembler needs of an opcode, in one byte per opcode: its CACHE count, and
 *  whether it jumps or is a pseudo instruction. The loops below read this table through a
 *  local variable and call nothing: a table at module level or a function from another
 *  module costs a load and a check of the binding at every use, which TurboFan does not
 *  hoist out of these loops. */
const enum Asm {
  CACHES_MASK = 0x3f,
  JUMP = 0x40,
  PSEUDO = 0x80,
}
const ASM_INFO: Uint8Array = buildAssemblerInfo();

function buildAssemblerInfo(): Uint8Array {
  const table = new Uint8Array(512);
  for (let op = 0; op < table.length; op++) {
    const caches = cacheCount(op);
    if (caches > Asm.CACHES_MASK) throw new Error(`opcode ${op} has ${caches} caches`);
    table[op] = caches | (hasJump(op) ? Asm.JUMP : 0) | (isPseudo(op) ? Asm.PSEUDO : 0);
  }
  return table;
}

let sharedSizes = new Int32Array(256);
let sharedOffsets = new Int32Array(256);
let sharedTargets = new Int32Array(256);
let sharedCaches = new Int32Array(256);

/** Sets every instruction's offset and turns jump targets (instruction indices) into
 *  relative code-unit offsets, growing EXTENDED_ARG prefixes until they stop changing.
 *  Fills sharedSizes, sharedOffsets and sharedCaches. */
// CPython: Python/assemble.c resolve_jump_offsets
function resolveJumpOffsets(flat: FlatSequence): void {
  const { d, n } = flat;
  if (sharedSizes.length < n) {
    const capacity = Math.max(n, sharedSizes.length * 2);
    sharedSizes = new Int32Array(capacity);
    sharedOffsets = new Int32Array(capacity);
    sharedTargets = new Int32Array(capacity);
    sharedCaches = new Int32Array(capacity);
  }
  const sizes = sharedSizes;
  const offsets = sharedOffsets;
  const targets = sharedTargets;
  const caches = sharedCaches;
  const info = ASM_INFO;
  let hasJumps = false;
  for (let i = 0, p = 0; i < n; i++, p += F.STRIDE) {
    const opcode = d[p + F.OPCODE]!;
    const bits = opcode >= 0 && opcode < 512 ? info[opcode]! : Asm.PSEUDO;
    if (bits & Asm.PSEUDO) throw new AssemblerError(`pseudo instruction ${opcode} reached the assembler`);
    caches[i] = bits & Asm.CACHES_MASK;
    if (bits & Asm.JUMP) {
      targets[i] = d[p + F.OPARG]!;
      hasJumps = true;
    } else {
      targets[i] = -1;
    }
  }
  let extendedArgRecompile: boolean;
  do {
    let totsize = 0;
    for (let i = 0, p = 0; i < n; i++, p += F.STRIDE) {
      offsets[i] = totsize;
      const isize = instrSize(d[p + F.OPARG]!, caches[i]!);
      sizes[i] = isize;
      totsize += isize;
    }
    extendedArgRecompile = false;
    if (!hasJumps) break;
    let offset = 0;
    for (let i = 0, p = 0; i < n; i++, p += F.STRIDE) {
      const isize = sizes[i]!;
      // jump offsets are relative to the instruction after the jump (and its caches)
      offset += isize;
      const target = targets[i]!;
      if (target < 0) continue;
      const opcode = d[p + F.OPCODE]!;
      const targetOffset = offsets[target]!;
      let oparg: number;
      if (opcode === Op.END_ASYNC_FOR) {
        // sys.monitoring finds the matching END_SEND from it, but the target is the SEND
        oparg = offset - targetOffset - AsyncFor.END_SEND_OFFSET;
      } else if (targetOffset < offset) {
        if (opcode !== Op.JUMP_BACKWARD && opcode !== Op.JUMP_BACKWARD_NO_INTERRUPT) throw new AssemblerError(`forward-only jump ${opcode} goes backwards`);
        oparg = offset - targetOffset;
      } else {
        if (opcode === Op.JUMP_BACKWARD || opcode === Op.JUMP_BACKWARD_NO_INTERRUPT) throw new AssemblerError(`backward jump ${opcode} goes forwards`);
        oparg = targetOffset - offset;
      }
      d[p + F.OPARG] = oparg;
      if (instrSize(oparg, caches[i]!) !== isize) extendedArgRecompile = true;
    }
  } while (extendedArgRecompile);
}

/** Writes one instruction (EXTENDED_ARGs, the instruction, its `caches` CACHE units) at
 *  code unit `at`; `ilen` is its size in code units. */
// CPython: Python/assemble.c write_instr (its switch falls through from 4 units down to 1)
function writeInstr(code: Uint8Array, at: number, opcode: number, oparg: number, ilen: number, caches: number): void {
  const units = ilen - caches;
  if (units < 1 || units > 4) throw new AssemblerError(`instruction ${opcode} has size ${ilen}`);
  let p = at * 2;
  for (let shift = (units - 1) * 8; shift > 0; shift -= 8) {
    code[p++] = Op.EXTENDED_ARG;
    code[p++] = (oparg >>> shift) & 0xff;
  }
  code[p++] = opcode;
  code[p++] = oparg & 0xff;
  while (caches-- > 0) {
    code[p++] = Op.CACHE;
    code[p++] = 0;
  }
}

/** The three byte tables of a code object, as views of shared buffers (valid until the
 *  next assembly): makecode copies them into the code object's own storage. */
interface AssembledTables {
  code: Uint8Array;
  linetable: Uint8Array;
  exceptionTable: Uint8Array;
}

/** The code being written, reused by every assembly (assembly is never reentrant). */
let sharedCode = new Uint8Array(1024);

// CPython: Python/assemble.c assemble_emit (with assemble_emit_instr)
function assembleEmit(flat: FlatSequence, sizes: Int32Array, firstlineno: number): AssembledTables {
  const { d, n } = flat;
  let total = 0;
  for (let i = 0; i < n; i++) total += sizes[i]!;
  if (sharedCode.length < total * 2) sharedCode = new Uint8Array(Math.max(total * 2, sharedCode.length * 2));
  const code = sharedCode;
  let offset = 0;
  const caches = sharedCaches;
  for (let i = 0; i < n; i++) {
    writeInstr(code, offset, d[i * F.STRIDE + F.OPCODE]!, d[i * F.STRIDE + F.OPARG]!, sizes[i]!, caches[i]!);
    offset += sizes[i]!;
  }
  const linetable = assembleLocationInfo(flat, sizes, firstlineno);
  const exceptionTable = assembleExceptionTable(flat, sizes, sharedOffsets);
  return { code: code.subarray(0, total * 2), linetable, exceptionTable };
}

/**
 * The storage of a code object's byte tables — code, location table, exception table
 * and localsplus kinds, in that order — handed out as views of one buffer: a typed array
 * with its own buffer costs far more to allocate (≈0.5 µs) than its bytes cost to copy.
 * Small code objects share a slab with the code objects assembled just before them (a
 * live view keeps its whole slab alive: at most SLAB_SIZE bytes); large ones get a
 * buffer of their own.
 */
class CodeStorage {
  private readonly buffer: Uint8Array;
  private used: number;

  constructor(size: number) {
    if (size > OWN_BUFFER_LIMIT) {
      this.buffer = new Uint8Array(size);
      this.used = 0;
      return;
    }
    if (slabUsed + size > slab.length) {
      slab = new Uint8Array(SLAB_SIZE);
      slabUsed = 0;
    }
    this.buffer = slab;
    this.used = slabUsed;
    slabUsed += size;
  }

  /** The next `n` bytes, as a view. */
  take(n: number): Uint8Array {
    const view = this.buffer.subarray(this.used, this.used + n);
    this.used += n;
    return view;
  }

  /** A view holding a copy of `bytes`. */
  copy(bytes: Uint8Array): Uint8Array {
    const view = this.take(bytes.length);
    view.set(bytes);
    return view;
  }
}

const SLAB_SIZE = 16384;
/** Code objects with more bytes than this get their own buffer. */
const OWN_BUFFER_LIMIT = 2048;
let slab = new Uint8Array(0);
let slabUsed = 0;

/** The kind bits of the argument groups at the start of u_varnames: positional-only,
 *  positional-or-keyword, keyword-only, *args, **kwargs; the remaining locals get none. */
const ARG_GROUP_KINDS: readonly number[] = [
  CO_FAST_ARG_POS,
  CO_FAST_ARG_POS | CO_FAST_ARG_KW,
  CO_FAST_ARG_KW,
  CO_FAST_ARG_VAR | CO_FAST_ARG_POS,
  CO_FAST_ARG_VAR | CO_FAST_ARG_KW,
];

function argGroupSize(umd: CodeUnitMetadata, flags: number, group: number): number {
  switch (group) {
    case 0: return umd.posonlyargcount;
    case 1: return umd.argcount;
    case 2: return umd.kwonlyargcount;
    case 3: return flags & CodeFlag.VARARGS ? 1 : 0;
    default: return flags & CodeFlag.VARKEYWORDS ? 1 : 0;
  }
}

interface LocalsplusInfo {
  names: (string | PyWideStr)[];
  kinds: Uint8Array;
}

// CPython: Objects/codeobject.c _Py_set_localsplus_info
function setLocalsplusInfo(info: LocalsplusInfo, offset: number, name: string, kind: number): void {
  if (offset < 0 || offset >= info.kinds.length) throw new AssemblerError(`localsplus offset ${offset} out of range for ${name}`);
  info.names[offset] = pyName(name);
  info.kinds[offset] = kind;
}

/** The localsplus names and kinds: locals (arguments first), then cells that are not
 *  locals, then free variables. */
// CPython: Python/assemble.c compute_localsplus_info
function computeLocalsplusInfo(
  umd: CodeUnitMetadata, nlocalsplus: number, flags: number, kinds: Uint8Array,
): LocalsplusInfo {
  const info: LocalsplusInfo = { names: new Array<string | PyWideStr>(nlocalsplus).fill(''), kinds };
  const varnames = umd.varnames.names();
  // Argument variables fill the first part of u_varnames, group after group.
  let group = 0;
  let groupEnd = argGroupSize(umd, flags, 0);
  for (let pos = 0; pos < varnames.length; pos++) {
    while (group < ARG_GROUP_KINDS.length && pos >= groupEnd) {
      group++;
      groupEnd = group < ARG_GROUP_KINDS.length ? groupEnd + argGroupSize(umd, flags, group) : Number.MAX_SAFE_INTEGER;
    }
    const name = varnames[pos]!;
    let kind = CO_FAST_LOCAL | (group < ARG_GROUP_KINDS.length ? ARG_GROUP_KINDS[group]! : 0);
    // Any name ever hidden is a hidden local, even once codegen marked it visible again (false).
    if (umd.fasthidden !== null && umd.fasthidden.has(name)) kind |= CO_FAST_HIDDEN;
    if (umd.cellvars.size > 0 && umd.cellvars.has(name)) kind |= CO_FAST_CELL;
    setLocalsplusInfo(info, pos, name, kind); // a NameTable's names() are in index order
  }
  const nlocals = umd.varnames.size;
  // This counter mirrors the fix done in the flowgraph's fix_cell_offsets().
  let numdropped = 0;
  if (umd.cellvars.size > 0) {
    const cellnames = umd.cellvars.names();
    for (let index = 0; index < cellnames.length; index++) {
      const name = cellnames[index]!;
      if (umd.varnames.has(name)) {
        numdropped += 1; // a cell that is also a local keeps the local's slot
        continue;
      }
      setLocalsplusInfo(info, index + nlocals - numdropped, name, CO_FAST_CELL);
    }
  }
  // CPython numbers u_freevars after u_cellvars (dictbytype's offset); NameTable counts from 0.
  if (umd.freevars.size > 0) {
    const ncells = umd.cellvars.size;
    const freenames = umd.freevars.names();
    for (let index = 0; index < freenames.length; index++) {
      setLocalsplusInfo(info, ncells + index + nlocals - numdropped, freenames[index]!, CO_FAST_FREE);
    }
  }
  return info;
}

function pyStrTuple(names: readonly string[]): PyTuple {
  const items = new Array<string | PyWideStr>(names.length);
  for (let i = 0; i < names.length; i++) items[i] = pyName(names[i]!);
  return new PyTuple(items);
}

/** pyStr(filename), scanned once for all the code objects of a compilation (a wide str
 *  is an object: each code object gets its own, as before). */
function filenameStr(filename: string): string | PyWideStr {
  if (filename === lastNarrowFilename) return filename;
  const str = pyStr(filename);
  if (typeof str === 'string') lastNarrowFilename = str;
  return str;
}
let lastNarrowFilename: string | null = null;

/** pyStr for a name: a short string, scanned for surrogates directly (pyStr's regular
 *  expression pays off only on long text). */
function pyName(name: string): string | PyWideStr {
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return pyStr(name);
  }
  return name;
}

// CPython: Python/assemble.c makecode
function makecode(
  umd: CodeUnitMetadata,
  tables: AssembledTables,
  consts: readonly MarshalValue[],
  maxdepth: number,
  nlocalsplus: number,
  codeFlags: number,
  filename: string,
): CodeObject {
  const storage = new CodeStorage(
    tables.code.length + tables.linetable.length + tables.exceptionTable.length + nlocalsplus);
  const code = storage.copy(tables.code);
  const linetable = storage.copy(tables.linetable);
  const exceptionTable = storage.copy(tables.exceptionTable);
  const localsplus = computeLocalsplusInfo(umd, nlocalsplus, codeFlags, storage.take(nlocalsplus));
  return new CodeObject({
    co_argcount: umd.posonlyargcount + umd.argcount,
    co_posonlyargcount: umd.posonlyargcount,
    co_kwonlyargcount: umd.kwonlyargcount,
    co_stacksize: maxdepth,
    co_flags: codeFlags,
    co_code: new PyBytes(code),
    co_consts: consts.slice(),
    co_names: pyStrTuple(umd.names.names()),
    co_localsplusnames: new PyTuple(localsplus.names),
    co_localspluskinds: new PyBytes(localsplus.kinds),
    co_filename: filenameStr(filename),
    co_name: pyName(umd.name),
    co_qualname: pyName(umd.qualname ?? umd.name),
    co_firstlineno: umd.firstlineno,
    co_linetable: new PyBytes(linetable),
    co_exceptiontable: new PyBytes(exceptionTable),
  });
}

/**
 * The code object of one code unit from its final instruction sequence (labels possibly
 * unapplied). `constCache` is accepted for CPython's signature: tspy does not merge equal
 * constants' identities.
 */
// CPython: Python/assemble.c _PyAssemble_MakeCodeObject
export function makeCodeObject(
  umd: CodeUnitMetadata,
  constCache: unknown,
  consts: readonly MarshalValue[],
  stackdepth: number,
  instrs: InstructionSequence,
  nlocalsplus: number,
  codeFlags: number,
  filename: string,
): CodeObject {
  void constCache;
  instrs.applyLabelMap();
  return assembleFlatSequence(umd, consts, stackdepth, flatFromSequence(instrs), nlocalsplus, codeFlags, filename);
}

/** makeCodeObject for a sequence in flat form (which it rewrites in place). */
export function assembleFlatSequence(
  umd: CodeUnitMetadata,
  consts: readonly MarshalValue[],
  stackdepth: number,
  flat: FlatSequence,
  nlocalsplus: number,
  codeFlags: number,
  filename: string,
): CodeObject {
  resolveUnconditionalJumps(flat);
  resolveJumpOffsets(flat);
  const tables = assembleEmit(flat, sharedSizes, umd.firstlineno);
  return makecode(umd, tables, consts, stackdepth, nlocalsplus, codeFlags, filename);
}
