// Runs tspyc in-process (fast) against files in a work directory, capturing its output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processIO, runCli } from '../../src/cli/main.js';

export interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

/** A `tspyc ARGS...` runner whose file paths are relative to `workDir`. */
export function tspycIn(workDir: string): (args: string[]) => Run {
  return (args) => {
    let stdout = '';
    let stderr = '';
    const status = runCli(args, {
      stdout: (t) => { stdout += t; },
      stderr: (t) => { stderr += t; },
      readFile: (path) => readFileSync(join(workDir, path ?? '-')),
      stat: (path) => processIO.stat(join(workDir, path)),
      writeFile: (path, data) => processIO.writeFile(join(workDir, path), data),
    });
    return { stdout, stderr, status };
  };
}
