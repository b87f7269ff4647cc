// Constants between the flowgraph oracle's JSON form and tspy's values.
import {
  Ellipsis,
  None,
  PyBytes,
  PyComplex,
  PyFloat,
  PyFrozenSet,
  PySlice,
  PyTuple,
  PyWideStr,
  floatRepr,
  pyInt,
  pyStr,
  strCodePoints,
  type MarshalValue,
  type PyConst,
} from '@tspy/bytecode';
import type { EncodedConst } from './flowgraph-oracle.js';

/** Stand-ins for code objects: one frozen object per oracle id. */
export class CodeRegistry {
  private readonly byId = new Map<number, object>();
  private readonly ids = new Map<object, number>();

  get(id: number): MarshalValue {
    let obj = this.byId.get(id);
    if (obj === undefined) {
      obj = Object.freeze({ codeStandIn: id });
      this.byId.set(id, obj);
      this.ids.set(obj, id);
    }
    return obj as unknown as MarshalValue;
  }

  idOf(obj: object): number | undefined {
    return this.ids.get(obj);
  }
}

function parseFloatRepr(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s);
}

export function decodeConst(e: EncodedConst, codes: CodeRegistry): MarshalValue {
  switch (e.t) {
    case 'none':
      return None;
    case 'ellipsis':
      return Ellipsis;
    case 'bool':
      return e.v;
    case 'int':
      return pyInt(BigInt(e.v));
    case 'float':
      return new PyFloat(parseFloatRepr(e.v));
    case 'complex':
      return new PyComplex(parseFloatRepr(e.re), parseFloatRepr(e.im));
    case 'str':
      return pyStr(e.v);
    case 'bytes':
      return new PyBytes(Uint8Array.from(Buffer.from(e.v, 'hex')));
    case 'tuple':
      return new PyTuple(e.v.map((x) => decodeConst(x, codes) as PyConst));
    case 'frozenset':
      return new PyFrozenSet(e.v.map((x) => decodeConst(x, codes) as PyConst));
    case 'slice': {
      const [a, b, c] = e.v.map((x) => decodeConst(x, codes) as PyConst);
      return new PySlice(a!, b!, c!);
    }
    case 'code':
      return codes.get(e.v);
  }
}

/** A canonical JSON form (frozenset items sorted) for comparing constants. */
export function canonicalConst(e: EncodedConst): unknown {
  if (e.t === 'frozenset') return { t: 'frozenset', v: e.v.map((x) => JSON.stringify(canonicalConst(x))).sort() };
  if (e.t === 'tuple' || e.t === 'slice') return { t: e.t, v: e.v.map(canonicalConst) };
  return e;
}

export function encodeConst(v: MarshalValue, codes: CodeRegistry): EncodedConst {
  switch (typeof v) {
    case 'boolean':
      return { t: 'bool', v };
    case 'number':
    case 'bigint':
      return { t: 'int', v: String(v) };
    case 'string':
      return { t: 'str', v: Array.from(strCodePoints(v)) };
  }
  if (v === None) return { t: 'none' };
  if (v === Ellipsis) return { t: 'ellipsis' };
  if (v instanceof PyFloat) return { t: 'float', v: floatRepr(v.value) };
  if (v instanceof PyComplex) return { t: 'complex', re: floatRepr(v.real), im: floatRepr(v.imag) };
  if (v instanceof PyWideStr) return { t: 'str', v: Array.from(v.codePoints) };
  if (v instanceof PyBytes) return { t: 'bytes', v: Buffer.from(v.data).toString('hex') };
  if (v instanceof PyTuple) return { t: 'tuple', v: v.items.map((x) => encodeConst(x, codes)) };
  if (v instanceof PyFrozenSet) return { t: 'frozenset', v: v.items.map((x) => encodeConst(x, codes)) };
  if (v instanceof PySlice) return { t: 'slice', v: [v.start, v.stop, v.step].map((x) => encodeConst(x, codes)) };
  const id = codes.idOf(v as object);
  return { t: 'code', v: id ?? -1 };
}
