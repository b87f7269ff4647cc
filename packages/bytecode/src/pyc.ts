// .pyc files: a 16-byte header, then the marshalled module code object.
// CPython: Lib/importlib/_bootstrap_external.py _code_to_timestamp_pyc, _code_to_hash_pyc, _classify_pyc
import { CodeObject } from './code_object.js';
import { marshalDumps, marshalLoads } from './marshal.js';
import { MarshalValueError } from './marshal_errors.js';

/**
 * importlib.util.MAGIC_NUMBER of CPython 3.14: b'+\x0e\r\n' (3627 as a little-endian
 * 16-bit number, then b'\r\n'), read from pyodide 314.0.7 (CPython 3.14.2).
 */
export const PYC_MAGIC_NUMBER: Uint8Array = Uint8Array.of(0x2b, 0x0e, 0x0d, 0x0a);

/** Flags word bits (PEP 552). */
export const PYC_FLAG_HASH_BASED = 0x1;
export const PYC_FLAG_CHECK_SOURCE = 0x2;

/** The header of a timestamp-based (flags 0) or hash-based (flags bit 0) .pyc. */
export type PycHeader =
  | { flags: 0; mtime: number; sourceSize: number }
  | { flags: 1 | 3; sourceHash: Uint8Array };

export type PycFile = PycHeader & { code: CodeObject };

/** A .pyc that is not one CPython 3.14 would load (wrong magic, bad flags, not a code object…). */
export class PycError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PycError';
  }
}

// CPython: Lib/importlib/_bootstrap_external.py _classify_pyc, then marshal.loads(data[16:])
export function readPyc(bytes: Uint8Array): PycFile {
  if (bytes.length < 16) throw new PycError('reached EOF while reading pyc header');
  const magic = bytes.subarray(0, 4);
  if (!magic.every((b, i) => b === PYC_MAGIC_NUMBER[i])) throw new PycError(`bad magic number: ${Array.from(magic)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint32(4, true);
  if ((flags & ~0b11) !== 0) throw new PycError(`invalid flags ${flags}`);
  const code = marshalLoads(bytes.subarray(16));
  if (!(code instanceof CodeObject)) throw new MarshalValueError('Non-code object in .pyc');
  if (flags & PYC_FLAG_HASH_BASED) {
    return { flags: flags as 1 | 3, sourceHash: bytes.slice(8, 16), code };
  }
  if (flags !== 0) throw new PycError(`invalid flags ${flags}`);
  return { flags: 0, mtime: view.getUint32(8, true), sourceSize: view.getUint32(12, true), code };
}

// CPython: Lib/importlib/_bootstrap_external.py _code_to_timestamp_pyc / _code_to_hash_pyc
export function writePyc(code: CodeObject, header: PycHeader): Uint8Array {
  const body = marshalDumps(code);
  const out = new Uint8Array(16 + body.length);
  const view = new DataView(out.buffer);
  out.set(PYC_MAGIC_NUMBER, 0);
  view.setUint32(4, header.flags, true);
  if (header.flags === 0) {
    // _pack_uint32 keeps the low 32 bits of mtime and source size.
    view.setUint32(8, header.mtime >>> 0, true);
    view.setUint32(12, header.sourceSize >>> 0, true);
  } else {
    if (header.sourceHash.length !== 8) throw new RangeError('writePyc: sourceHash must be 8 bytes');
    out.set(header.sourceHash, 8);
  }
  out.set(body, 16);
  return out;
}
