// @tspy/compiler public API.
export * from './tokenizer/token.js';
export { Tokenizer } from './tokenizer/lexer.js';
export { tokenize, generateTokens, TokenError } from './tokenizer/tokenize.js';
export { decodeSource } from './tokenizer/encoding.js';
export { PySyntaxError, type SyntaxErrorKind } from './errors.js';
export { formatSyntaxError } from './format_error.js';
export { parse, type ParseMode, type ParseOptions, type ParseWarning } from './parser/parse.js';
export { dump } from './ast/dump.js';
export * as ast from './ast/nodes.js';
