// The reference runners of the parse benchmark: native CPython (../shared/tools/python3.14,
// else the newest python3.x on PATH) and pyodide, each timing itself in-process with
// time.perf_counter over the stdlib zip's .py files, decoded as UTF-8 like tspy's input.

import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the timing script prints: seconds per timed pass, per measured function. */
export interface PythonTimings {
  version: string;
  executable: string;
  files: number;
  bytes: number;
  times: Record<string, number[]>;
}

export interface NativePython {
  executable: string;
  /** How it was found, e.g. "../shared/tools/python3.14" or "PATH". */
  origin: string;
}

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** A Python program that times `ast.parse` (and optionally `compile`) over every .py file
 *  of the zip at `zipPath`: one warm-up pass, then `passes` timed passes each. */
export function timingScript(zipPath: string, passes: number, functions: readonly ('ast.parse' | 'compile')[]): string {
  return `
import ast, json, sys, time, warnings, zipfile
warnings.simplefilter('ignore')  # SyntaxWarnings would be printed once per pass
archive = zipfile.ZipFile(${JSON.stringify(zipPath)})
names = sorted(n for n in archive.namelist() if n.endswith('.py'))
sources = [(n, archive.read(n).decode('utf-8')) for n in names]
def parse_all():
    for name, source in sources:
        ast.parse(source, name)
def compile_all():
    for name, source in sources:
        compile(source, name, 'exec')
def timed(fn, label):
    fn()
    times = []
    for i in range(${passes}):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        print(f'  {label} pass {i + 1}/${passes}: {times[-1]:.3f} s', file=sys.stderr, flush=True)
    return times
selected = {'ast.parse': parse_all, 'compile': compile_all}
times = {label: timed(selected[label], label) for label in ${JSON.stringify(functions)}}
print(json.dumps({'version': sys.version, 'executable': sys.executable, 'files': len(sources),
                  'bytes': sum(len(s.encode('utf-8')) for _, s in sources), 'times': times}))
`;
}

function runs(executable: string): boolean {
  const probe = spawnSync(executable, ['-c', 'import sys; assert sys.version_info >= (3, 8)'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return probe.status === 0;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `python3.N` executables on PATH, newest first. */
function pythonsOnPath(): string[] {
  const found = new Map<number, string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !existsSync(dir)) continue;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const minor = /^python3\.(\d+)$/.exec(entry)?.[1];
      const path = join(dir, entry);
      if (minor !== undefined && !found.has(Number(minor)) && isExecutable(path)) found.set(Number(minor), path);
    }
  }
  return [...found.entries()].sort((a, b) => b[0] - a[0]).map(([, path]) => path);
}

/** The native CPython to compare with (DESIGN.md §1), or undefined when none runs. */
export function findNativePython(): NativePython | undefined {
  const shared = resolve(REPO_ROOT, '../shared/tools/python3.14');
  if (isExecutable(shared) && runs(shared)) return { executable: shared, origin: '../shared/tools/python3.14' };
  // pyenv shims exist for versions that are not installed: check that each one runs.
  for (const executable of pythonsOnPath()) if (runs(executable)) return { executable, origin: 'PATH' };
  return undefined;
}

/** Runs `script` with a native Python; stderr (progress) passes through. */
export function runNativeScript(executable: string, script: string): PythonTimings {
  const run = spawnSync(executable, ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${executable} exited with ${run.status ?? run.signal}`);
  return JSON.parse(run.stdout) as PythonTimings;
}

/** The corpus a pass server loaded, as its first output line reports it. */
export interface PassServerHeader {
  version: string;
  executable: string;
  files: number;
  bytes: number;
}

/**
 * A native Python that times one pass each time it is asked (`pass()`), so that its
 * passes can alternate with tspy's and both see the machine in the same state.
 */
export interface PassServer {
  header: PassServerHeader;
  /** Seconds of one timed pass. */
  pass(): Promise<number>;
  close(): void;
}

/**
 * Starts `executable` on `script`, which must print a header line (PassServerHeader as
 * JSON) once ready, then, for each line "pass" read from stdin, one line `{"seconds": t}`.
 */
export async function startPassServer(executable: string, script: string): Promise<PassServer> {
  const child = spawn(executable, ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.on('exit', (code, signal) => reject(new Error(`${executable} exited with ${code ?? signal}`))));
  exited.catch(() => undefined);
  const nextLine = async (): Promise<string> => {
    const line = await Promise.race([lines.next(), exited]);
    if (line.done) throw new Error(`${executable} closed its output`);
    return line.value;
  };
  const header = JSON.parse(await nextLine()) as PassServerHeader;
  return {
    header,
    async pass() {
      child.stdin.write('pass\n');
      return (JSON.parse(await nextLine()) as { seconds: number }).seconds;
    },
    close() {
      child.stdin.end();
    },
  };
}
