// The values marshal carries that are not code constants: list, dict, set and the
// StopIteration class (CPython: Python/marshal.c TYPE_LIST, TYPE_DICT, TYPE_SET,
// TYPE_STOPITER). The runtime's own list/dict/set live in a later package, so
// marshal hands these small classes over; `@tspy/objects` converts them.
//
// They are mutable and may contain themselves (marshal registers a list, dict or set
// before reading its items, so data can refer back to it), as may a PyTuple read by
// marshalLoads. Containers read by marshalLoads (PyTuple, PyFrozenSet, PySlice and
// these) can hold any MarshalValue, whatever their static item type says.
import type { MarshalValue } from './code_object.js';

/** A Python `list`. */
export class MarshalList {
  constructor(readonly items: MarshalValue[] = []) {}
}

/**
 * A Python `dict`: its items in insertion order, keys distinct under Python `==`
 * (marshalLoads keeps the first of equal keys with the last value, as dict does).
 */
export class MarshalDict {
  constructor(
    readonly keys: MarshalValue[] = [],
    readonly values: MarshalValue[] = [],
  ) {}

  get size(): number {
    return this.keys.length;
  }
}

/** A Python `set` (mutable; `PyFrozenSet` is the frozen one). Items are distinct under `==`. */
export class MarshalSet {
  constructor(readonly items: MarshalValue[] = []) {}
}

/** The `StopIteration` exception class itself (marshal's TYPE_STOPITER 'S'). */
export class MarshalStopIteration {
  static readonly instance: MarshalStopIteration = new MarshalStopIteration();
  private constructor() {}
}

export const StopIteration: MarshalStopIteration = MarshalStopIteration.instance;
