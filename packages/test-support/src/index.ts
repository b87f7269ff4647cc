// @tspy/test-support: test-only helpers shared by the packages' differential tests.
export { readStdlibSources, readZip, stdlibZipPath, type ZipEntry } from './stdlibZip.js';
export { codingCookie, decodePythonSource } from './pythonSource.js';
export {
  accepts,
  astDumps,
  closeOracle,
  oracleVersion,
  runPython,
  syntaxErrors,
  warmUpOracle,
  type DumpResult,
  type ParseCase,
  type SyntaxErrorInfo,
} from './oracle.js';
