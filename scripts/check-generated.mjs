// Fails when regenerating changed a committed generated file (DESIGN.md §5):
// generated files are produced by the build, never edited by hand.
import { execFileSync } from 'node:child_process';

let status;
try {
  status = execFileSync('git', ['status', '--porcelain', '--', 'packages/*/src/generated/**'], { encoding: 'utf8' });
} catch {
  console.log('check-generated: not a git checkout; skipped');
  process.exit(0);
}
if (status.trim()) {
  console.error('check-generated: regenerating changed these files; run `pnpm generate` and commit them:');
  console.error(status);
  process.exit(1);
}
console.log('check-generated: generated files are up to date');
