// Gate 1: every module of CPython 3.14's pure-Python stdlib (python_stdlib.zip, 559 files)
// must parse to the same AST, positions included, as CPython's own ast.parse (pyodide).

import { expect, it } from 'vitest';
import { astDumps, decodePythonSource, readStdlibSources, type DumpResult } from '@tspy/test-support';
import { describeDumpDifference } from './support/dumpDiff.js';
import { writeReport } from './support/report.js';
import { loadTspyParser, type TspyParserApi } from './support/tspyParser.js';

/** Ratchet: the lead raises it as parity improves; at TOTAL the gate demands all files. */
const BASELINE = 559;
const TOTAL = 559;
/** Files per oracle request: pyodide works on the next group while tspy checks this one. */
const GROUP_SIZE = 20;
const MISSES_SHOWN = 20;

interface StdlibFile {
  name: string;
  source: string;
}

interface Miss {
  name: string;
  detail: string;
}

function groups<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Why tspy's dump of `file` differs from CPython's, or undefined when identical. */
function compareFile(api: TspyParserApi, file: StdlibFile, expected: DumpResult): string | undefined {
  if (!expected.ok) return `CPython failed to parse it: ${expected.error.type}: ${expected.error.msg}`;
  let actual: string;
  try {
    actual = api.dump(api.parse(file.source, file.name), { includeAttributes: true });
  } catch (error) {
    const kind = error instanceof api.PySyntaxError ? '' : ' (not a PySyntaxError)';
    return `tspy threw${kind}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  return actual === expected.dump ? undefined : describeDumpDifference(expected.dump, actual);
}

it('parses all of CPython\'s stdlib to identical ASTs', async () => {
  const files: StdlibFile[] = readStdlibSources().map((entry) => ({
    name: entry.name,
    source: decodePythonSource(entry.bytes),
  }));
  expect(files.length).toBe(TOTAL);
  const parser = await loadTspyParser();
  const batches = groups(files, GROUP_SIZE);
  const replies = batches.map((batch) =>
    astDumps(batch.map((f) => ({ source: f.source, filename: f.name })), { includeAttributes: true }),
  );
  for (const reply of replies) reply.catch(() => {}); // awaited in order below

  const misses: Miss[] = [];
  let identical = 0;
  let tspyMs = 0;
  for (let b = 0; b < batches.length; b++) {
    const expected = await replies[b]!;
    batches[b]!.forEach((file, i) => {
      const started = performance.now();
      const detail = parser.api ? compareFile(parser.api, file, expected[i]!) : `tspy parser unavailable: ${parser.missing}`;
      tspyMs += performance.now() - started;
      if (detail === undefined) identical++;
      else misses.push({ name: file.name, detail });
    });
  }

  const summary = `stdlib AST parity: ${identical}/${TOTAL} identical (tspy parse+dump ${(tspyMs / 1000).toFixed(2)} s)`;
  const report = [summary, '', ...misses.map((m) => `${m.name}: ${m.detail}`)].join('\n');
  const path = writeReport('stdlib-parity.txt', `${report}\n`);
  console.log([summary, ...misses.slice(0, MISSES_SHOWN).map((m) => `  ${m.name}: ${m.detail}`),
    misses.length > MISSES_SHOWN ? `  … ${misses.length - MISSES_SHOWN} more in ${path}` : ''].join('\n'));

  expect(identical).toBeGreaterThanOrEqual(BASELINE);
  if (BASELINE >= TOTAL) expect(identical).toBe(TOTAL);
});
