// @tspy/bytecode public API.
export * from './constants.js';
export { pyRepr, floatRepr, complexRepr, bytesRepr, strRepr, formatFloatShort } from './repr.js';
export { isPrintable, isUnassignedInUnicode16 } from './printable.js';
