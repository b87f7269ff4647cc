// A `slice` constant: CPython 3.14's compiler folds `a[1:2]` into a slice object in
// co_consts, and marshal version 5 carries it (TYPE_SLICE ':').
import type { PyConst } from './constants.js';

/** A Python `slice(start, stop, step)` whose three parts are constants. */
export class PySlice {
  constructor(
    readonly start: PyConst,
    readonly stop: PyConst,
    readonly step: PyConst,
  ) {}
}
