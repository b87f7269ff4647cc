// Sums the vitest JSON reports that each package's `test` task wrote and prints one
// closing line, "N passed, M failed", so the whole suite has a single verdict.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const packagesDir = new URL('../packages/', import.meta.url).pathname;
for (const pkg of readdirSync(packagesDir)) {
  const file = join(packagesDir, pkg, 'test-results.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${pkg}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
if (passed + failed === 0) {
  console.error('test-summary: no test ran');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
