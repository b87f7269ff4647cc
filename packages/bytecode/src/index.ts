// @tspy/bytecode public API.
export * from './constants.js';
export { pyRepr, floatRepr, complexRepr, bytesRepr, strRepr, formatFloatShort } from './repr.js';
export { isPrintable, isUnassignedInUnicode16 } from './printable.js';
export { CodeObject, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN, CO_FAST_LOCAL, type CodeObjectFields, type MarshalValue } from './code_object.js';
export { PySlice } from './slice.js';
export { marshalDumps, marshalLoads, MARSHAL_VERSION, type MarshalLoadOptions, type MarshalDumpOptions } from './marshal.js';
export { MarshalList, MarshalDict, MarshalSet, MarshalStopIteration, StopIteration } from './marshal_values.js';
export * from './marshal_errors.js';
export { readPyc, writePyc, PycError, PYC_MAGIC_NUMBER, PYC_FLAG_CHECK_SOURCE, PYC_FLAG_HASH_BASED, type PycFile, type PycHeader } from './pyc.js';
export { pyConstEquals } from './const_equality.js';
export { constantKey } from './constant_key.js';
export * from './oparg.js';
export { coLines, coPositions, decodeExceptionTable, replaceCode, CodeReplaceError, type ExceptionTableEntry, type LineRange, type Position } from './code_tables.js';
export * from './opcodes.js';
export {
  dis, disassemble, getInstructions, disassembleCode, codeRepr, quickenedCode, DisArgumentError,
  type DisOptions, type DisInstruction, type CacheInfo, type LabelledExceptionEntry, type DisassembledCode,
} from './dis.js';
