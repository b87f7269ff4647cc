// The "locals plus" layout: generator prefix, MAKE_CELL / COPY_FREE_VARS, and cell and
// free variable opargs renumbered from cell/free indices to localsplus offsets (a cell
// that is also an argument shares the argument's slot).
// CPython: Python/flowgraph.c build_cellfixedoffsets, insert_prefix_instructions,
// fix_cell_offsets, prepare_localsplus.
import { CodeFlag } from '@tspy/bytecode';
import { Op } from './opcode_utils.js';
import type { CodeUnitMetadata } from './code_unit_metadata.js';
import {
  type BasicBlock,
  type CfgBuilder,
  code,
  F,
  NO_LOCATION_INSTR,
} from './flowgraph_cfg.js';

/** The offsets of a unit without cells or free variables (most units): no allocation. */
const NO_OFFSETS = new Int32Array(0);

// CPython: Python/flowgraph.c build_cellfixedoffsets
function buildCellfixedoffsets(umd: CodeUnitMetadata): Int32Array {
  const nlocals = umd.varnames.size;
  const ncellvars = umd.cellvars.size;
  const nfreevars = umd.freevars.size;
  const fixed = ncellvars + nfreevars === 0 ? NO_OFFSETS : new Int32Array(ncellvars + nfreevars);
  for (let i = 0; i < fixed.length; i++) fixed[i] = nlocals + i;
  const cellnames = umd.cellvars.names();
  for (let cellindex = 0; cellindex < cellnames.length; cellindex++) {
    const argoffset = umd.varnames.get(cellnames[cellindex]!);
    if (argoffset !== undefined) fixed[cellindex] = argoffset;
  }
  return fixed;
}

// CPython: Python/flowgraph.c IS_GENERATOR
function isGenerator(codeFlags: number): boolean {
  return (codeFlags & (CodeFlag.GENERATOR | CodeFlag.COROUTINE | CodeFlag.ASYNC_GENERATOR)) !== 0;
}

/**
 * Inserts `opcode` (no oparg, no handler) at `pos` of `b`, located on line `lineno`
 * without columns: CPython's LOCATION(lineno, lineno, -1, -1).
 */
function insertOnLine(b: BasicBlock, pos: number, opcode: number, lineno: number): void {
  b.insertInstruction(pos, opcode, 0, NO_LOCATION_INSTR, 0); // columns -1 from NO_LOCATION
  const d = code.d; // read after inserting: the block may have grown
  const p = b.instr(pos);
  d[p + F.LINENO] = lineno;
  d[p + F.END_LINENO] = lineno;
}

// CPython: Python/flowgraph.c insert_prefix_instructions
// The inserted cfg_instr structs are built with i_except = NULL (handler id 0).
function insertPrefixInstructions(
  umd: CodeUnitMetadata,
  entryblock: BasicBlock,
  fixed: Int32Array,
  nfreevars: number,
  codeFlags: number,
): void {
  if (isGenerator(codeFlags)) {
    // RETURN_GENERATOR + POP_TOP has a net stack effect of 0: RETURN_GENERATOR pushes
    // with _PyFrame_StackPush before switching stacks.
    insertOnLine(entryblock, 0, Op.RETURN_GENERATOR, umd.firstlineno);
    insertOnLine(entryblock, 1, Op.POP_TOP, umd.firstlineno);
  }
  // Set up cells for any variable that escapes, to be put in a closure.
  const ncellvars = umd.cellvars.size;
  if (ncellvars) {
    // Cells are created in localsplus order (argument cells come first).
    const nvars = ncellvars + umd.varnames.size;
    const sorted = new Int32Array(nvars);
    for (let i = 0; i < ncellvars; i++) sorted[fixed[i]!] = i + 1;
    for (let i = 0, ncellsused = 0; ncellsused < ncellvars; i++) {
      const oldindex = sorted[i]! - 1;
      if (oldindex === -1) continue;
      // The oparg is fixed up by fix_cell_offsets().
      entryblock.insertInstruction(ncellsused, Op.MAKE_CELL, oldindex, NO_LOCATION_INSTR, 0);
      ncellsused += 1;
    }
  }
  if (nfreevars) {
    entryblock.insertInstruction(0, Op.COPY_FREE_VARS, nfreevars, NO_LOCATION_INSTR, 0);
  }
}

// CPython: Python/flowgraph.c fix_cell_offsets
function fixCellOffsets(umd: CodeUnitMetadata, entryblock: BasicBlock, fixedmap: Int32Array): number {
  const nlocals = umd.varnames.size;
  const noffsets = umd.cellvars.size + umd.freevars.size;
  // First deal with duplicates (arg cells).
  let numdropped = 0;
  for (let i = 0; i < noffsets; i++) {
    if (fixedmap[i] === i + nlocals) fixedmap[i] = fixedmap[i]! - numdropped;
    else numdropped += 1; // a cell that is also an argument
  }
  // Then update offsets, either relative to locals or by cell2arg (no cell or free
  // variable: no instruction refers to one).
  if (noffsets === 0) return 0;
  const d = code.d;
  for (let b: BasicBlock | null = entryblock; b !== null; b = b.next) {
    for (let p = b.off, end = b.end(); p < end; p += F.STRIDE) {
      switch (d[p + F.OPCODE]) {
        case Op.MAKE_CELL:
        case Op.LOAD_CLOSURE:
        case Op.LOAD_DEREF:
        case Op.STORE_DEREF:
        case Op.DELETE_DEREF:
        case Op.LOAD_FROM_DICT_OR_DEREF:
          d[p + F.OPARG] = fixedmap[d[p + F.OPARG]!]!;
      }
    }
  }
  return numdropped;
}

/** Returns nlocalsplus. CPython: Python/flowgraph.c prepare_localsplus */
export function prepareLocalsplus(umd: CodeUnitMetadata, g: CfgBuilder, codeFlags: number): number {
  const nlocals = umd.varnames.size;
  const ncellvars = umd.cellvars.size;
  const nfreevars = umd.freevars.size;
  let nlocalsplus = nlocals + ncellvars + nfreevars;
  const cellfixedoffsets = buildCellfixedoffsets(umd);
  // This must be called before fix_cell_offsets().
  insertPrefixInstructions(umd, g.entryblock, cellfixedoffsets, nfreevars, codeFlags);
  const numdropped = fixCellOffsets(umd, g.entryblock, cellfixedoffsets);
  nlocalsplus -= numdropped;
  return nlocalsplus;
}
