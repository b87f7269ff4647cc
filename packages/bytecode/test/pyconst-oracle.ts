// Test helper: turn a constant into Python source that rebuilds exactly that value
// in pyodide, without going through any text that tspy itself formats.
import {
  PyBytes,
  PyComplex,
  PyEllipsisType,
  PyFloat,
  PyFrozenSet,
  PyNoneType,
  PyTuple,
  PySlice,
  PyWideStr,
  strCodePoints,
  type PyConst,
} from '../src/index.js';

/** Python definitions the expressions below rely on. */
export const PY_PRELUDE = String.raw`
import struct, json
def _f(b): return struct.unpack('<d', bytes(b))[0]
def _s(cps): return ''.join(map(chr, cps))
`;

function doubleBytes(x: number): string {
  const bytes = new Uint8Array(new Float64Array([x]).buffer);
  return `_f([${bytes.join(',')}])`;
}

export function toPython(v: PyConst): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return `(${v.toString()})`;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'string':
      return `_s([${strCodePoints(v).join(',')}])`;
  }
  if (v instanceof PyWideStr) return `_s([${v.codePoints.join(',')}])`;
  if (v instanceof PyFloat) return doubleBytes(v.value);
  if (v instanceof PyComplex) return `complex(${doubleBytes(v.real)}, ${doubleBytes(v.imag)})`;
  if (v instanceof PyBytes) return `bytes([${v.data.join(',')}])`;
  if (v instanceof PyNoneType) return 'None';
  if (v instanceof PyEllipsisType) return 'Ellipsis';
  if (v instanceof PyTuple) return `tuple([${v.items.map(toPython).join(', ')}])`;
  if (v instanceof PyFrozenSet) return `frozenset([${v.items.map(toPython).join(', ')}])`;
  if (v instanceof PySlice) return `slice(${toPython(v.start)}, ${toPython(v.stop)}, ${toPython(v.step)})`;
  throw new TypeError('toPython: not a constant');
}

/** A Python program printing the JSON list of `repr()` of each value. */
export function reprProgram(values: readonly PyConst[]): string {
  return `${PY_PRELUDE}\nprint(json.dumps([repr(v) for v in [\n${values.map(toPython).join(',\n')}\n]]))\n`;
}
