// The key under which the compiler stores a constant in its tables, so that equal
// constants share one slot while `1`, `1.0`, `True`, `0.0` and `-0.0` stay apart.
// CPython: Objects/codeobject.c _PyCode_ConstantKey
import { Ellipsis, None, PyBytes, PyComplex, PyFloat, PyFrozenSet, PyTuple, PyWideStr } from './constants.js';
import { PySlice } from './slice.js';
import type { MarshalValue } from './code_object.js';

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/** A string that is equal for two constants exactly when CPython's keys are equal. */
export function constantKey(value: MarshalValue): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return `i${value}`;
    case 'string':
      return `s${value.length}:${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
  }
  if (value === None) return 'N';
  if (value === Ellipsis) return 'E';
  if (value instanceof PyFloat) return `f${floatKey(value.value) ?? identityKey(value)}`;
  if (value instanceof PyComplex) return complexKey(value);
  if (value instanceof PyBytes) return `y${value.data.length}:${Array.from(value.data).join(',')}`;
  if (value instanceof PyWideStr) return `w${value.length}:${Array.from(value.codePoints).join(',')}`;
  if (value instanceof PyTuple) return `(${value.items.map(constantKey).join('|')})`;
  if (value instanceof PyFrozenSet) return `{${value.items.map(constantKey).sort().join('|')}}`;
  if (value instanceof PySlice) return `[${constantKey(value.start)}|${constantKey(value.stop)}|${constantKey(value.step)}]`;
  return identityKey(value);
}

/** NaN keys by identity: a NaN equals no other NaN, as in CPython's dict lookup. */
function floatKey(d: number): string | undefined {
  if (Number.isNaN(d)) return undefined;
  return Object.is(d, -0) ? '-0' : String(d);
}

function complexKey(c: PyComplex): string {
  const re = floatKey(c.real);
  const im = floatKey(c.imag);
  if (re === undefined || im === undefined) return `c${identityKey(c)}`;
  return `c${re},${im}`;
}

/** Objects CPython keys by address (code objects, NaNs): a number per object. */
function identityKey(value: object): string {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return `@${id}`;
}
