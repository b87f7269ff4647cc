// The layout of an instruction as eight int32 fields: how the flowgraph stores its
// instructions (flowgraph_cfg.ts) and how it hands the laid-out sequence to the assembler
// (flat_sequence.ts). The two share the first six fields; the last two hold block ids in
// the flowgraph and resolved handler information in a flat sequence.

/**
 * The fields of an instruction and their number. A const enum: the bundler writes the
 * numbers into each access (`d[p + 0]`), where module-level constants would be variables
 * the optimizing compiler loads and checks at every use.
 */
export const enum F {
  OPCODE = 0,
  /** In a flat sequence, a jump's oparg is its target's instruction index. */
  OPARG = 1,
  /** The location (CPython: i_loc): lineno, end_lineno, col_offset, end_col_offset. */
  LINENO = 2,
  END_LINENO = 3,
  COL = 4,
  END_COL = 5,
  /** In the flowgraph, i_target: the target block's id, 0 for none. */
  TARGET = 6,
  /** In the flowgraph, i_except: the handler block's id, 0 for none. */
  EXCEPT = 7,
  /** In a flat sequence, the handler's instruction index, -1 for none (h_label). */
  HANDLER = 6,
  /** In a flat sequence, h_startdepth << 1 | h_preserve_lasti (with a handler). */
  HANDLER_DEPTH = 7,
  /** Fields per instruction. */
  STRIDE = 8,
}
