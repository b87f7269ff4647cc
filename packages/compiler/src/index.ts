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
export {
  compile,
  compileAst,
  codegenOnly,
  type CompileOptions,
  type CompileMode,
  type CodegenResult,
  PyCF_ONLY_AST,
  PyCF_TYPE_COMMENTS,
  PyCF_ALLOW_TOP_LEVEL_AWAIT,
  PyCF_ALLOW_INCOMPLETE_INPUT,
  PyCF_OPTIMIZED_AST,
  PyCF_DONT_IMPLY_DEDENT,
  PyCF_SOURCE_IS_UTF8,
  PyCF_IGNORE_COOKIE,
} from './compiler/compile.js';
export * as symtable from './compiler/symtable.js';
export { astPreprocess } from './compiler/ast_preprocess.js';
export { futureFromAST, type FutureFeatures } from './compiler/future.js';
export { InstructionSequence, type Instruction } from './compiler/instruction_sequence.js';
export {
  cfgFromInstructionSequence,
  optimizeCodeUnit,
  optimizedCfgToInstructionSequence,
  optimizeCfg,
  ConstCache,
  FlowgraphError,
} from './compiler/flowgraph.js';
export { makeCodeObject } from './compiler/assemble.js';
