// @tspy/compiler public API.
export * from './tokenizer/token.js';
export { PySyntaxError, type SyntaxErrorKind } from './errors.js';
