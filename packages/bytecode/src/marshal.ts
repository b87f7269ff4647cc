// marshal.loads / marshal.dumps: CPython 3.14's Python/marshal.c, every type at every
// version (0–5). Reading is marshal_read.ts, writing marshal_write.ts, the type codes
// marshal_codes.ts, the text forms marshal_text.ts, the list/dict/set/StopIteration
// values marshal_values.ts.
import type { MarshalValue } from './code_object.js';
import { MARSHAL_VERSION } from './marshal_codes.js';
import { readMarshal, type MarshalLoadOptions } from './marshal_read.js';
import { writeMarshal, type MarshalDumpOptions } from './marshal_write.js';

export type { MarshalValue } from './code_object.js';
export type { MarshalLoadOptions } from './marshal_read.js';
export type { MarshalDumpOptions } from './marshal_write.js';
export { MARSHAL_VERSION } from './marshal_codes.js';

/**
 * `marshal.loads(data, allow_code=...)`: the first value in `data` (trailing bytes are
 * ignored, as in CPython). Malformed data raises a MarshalError subclass carrying
 * CPython's exception type and message.
 */
// CPython: Python/marshal.c marshal_loads_impl
export function marshalLoads(data: Uint8Array, options?: MarshalLoadOptions): MarshalValue {
  return readMarshal(data, options);
}

/**
 * `marshal.dumps(value, version, allow_code=...)`. Any integer version is accepted, as
 * CPython compares it with each format's threshold (below 0 acts as 0, above 5 as 5).
 */
// CPython: Python/marshal.c marshal_dumps_impl
export function marshalDumps(value: MarshalValue, version: number = MARSHAL_VERSION, options?: MarshalDumpOptions): Uint8Array {
  if (!Number.isInteger(version)) throw new RangeError(`marshalDumps: version must be an integer, not ${version}`);
  return writeMarshal(value, version, options);
}
