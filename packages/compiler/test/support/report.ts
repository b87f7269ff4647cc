// Writes a human-readable report under test/.out/ (a folder git ignores through its own .gitignore).

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT_DIR = fileURLToPath(new URL('../.out/', import.meta.url));

/** Writes `test/.out/<name>` and returns its path. */
export function writeReport(name: string, text: string): string {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}.gitignore`, '*\n');
  const path = `${OUT_DIR}${name}`;
  writeFileSync(path, text);
  return path;
}
