// The CPython 3.14 oracle: pyodide in a worker thread, loaded once per process and shared
// by every test file that runs in it. Calls are batched (one message per chunk of cases)
// so the cost of crossing threads is paid per batch, not per case.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The fields of a CPython SyntaxError (or of another exception ast.parse raised). */
export interface SyntaxErrorInfo {
  /** Python class name: SyntaxError, IndentationError, TabError, ValueError, RecursionError… */
  type: string;
  msg: string;
  lineno: number | null;
  offset: number | null;
  end_lineno: number | null;
  end_offset: number | null;
  text: string | null;
}

export interface ParseCase {
  /** A string is parsed as str; bytes are passed as bytes, so CPython applies PEP 263. */
  source: string | Uint8Array;
  filename: string;
  /** ast.parse mode: 'exec' (default), 'eval', 'single' or 'func_type'. */
  mode?: string;
}

export type DumpResult = { ok: true; dump: string } | { ok: false; error: SyntaxErrorInfo };

interface WorkerReply {
  id: number;
  ok: boolean;
  result?: string;
  error?: string;
}

/** Chunking bounds for one message: keeps each JSON payload and reply well below V8's string limit. */
const CHUNK_SOURCE_CHARS = 1_000_000;
const CHUNK_MAX_CASES = 2_000;
const GLOBAL_KEY = Symbol.for('@tspy/test-support oracle');

class Oracle {
  private readonly pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private terminated = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`pyodide oracle worker exited (code ${code})`)));
    worker.unref();
  }

  call(op: string, args: unknown[]): Promise<string> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  terminate(): Promise<number> {
    this.terminated = true;
    return this.worker.terminate();
  }

  private settle(reply: WorkerReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    // An idle oracle must not keep the process alive (plain scripts, test teardown).
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiter.resolve(reply.result ?? '');
    else waiter.reject(new Error(`pyodide oracle: ${reply.error}`));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    // A crashed oracle is forgotten so that the next query starts a fresh one.
    if (!this.terminated) delete (globalThis as Record<symbol, unknown>)[GLOBAL_KEY];
    this.terminated = true;
  }
}

function startOracle(): Promise<Oracle> {
  const require = createRequire(import.meta.url);
  const pyodideModule = require.resolve('pyodide/pyodide.mjs');
  const worker = new Worker(new URL('./oracleWorker.mjs', import.meta.url), {
    workerData: { pyodideModuleUrl: pathToFileURL(pyodideModule).href, indexURL: `${dirname(pyodideModule)}/` },
    resourceLimits: { stackSizeMb: 256 },
  });
  return new Promise<Oracle>((resolve, reject) => {
    const onReady = (message: { ready?: boolean }) => {
      if (!message.ready) return;
      worker.off('message', onReady);
      worker.off('error', onFailure);
      resolve(new Oracle(worker));
    };
    const onFailure = (error: Error) => {
      delete (globalThis as Record<symbol, unknown>)[GLOBAL_KEY];
      reject(error);
    };
    worker.on('message', onReady);
    worker.once('error', onFailure);
  });
}

/** The process-wide oracle (started on first use; ≈2 s). Kept on globalThis so that test
 *  files which re-evaluate this module in the same process still share one pyodide. */
function oracle(): Promise<Oracle> {
  const slot = globalThis as Record<symbol, Promise<Oracle> | undefined>;
  return (slot[GLOBAL_KEY] ??= startOracle());
}

/** Starts pyodide now (e.g. in beforeAll) instead of on the first query. */
export async function warmUpOracle(): Promise<void> {
  await oracle();
}

/** Stops the oracle's worker; a later query starts a new one. */
export async function closeOracle(): Promise<void> {
  const slot = globalThis as Record<symbol, Promise<Oracle> | undefined>;
  const current = slot[GLOBAL_KEY];
  delete slot[GLOBAL_KEY];
  if (current) await (await current).terminate();
}

function toWire(c: ParseCase): { s?: string; b?: string; f: string; m?: string } {
  const source = typeof c.source === 'string' ? { s: c.source } : { b: Buffer.from(c.source).toString('base64') };
  return { ...source, f: c.filename, ...(c.mode ? { m: c.mode } : {}) };
}

function chunk(cases: readonly ParseCase[]): ParseCase[][] {
  const chunks: ParseCase[][] = [];
  let current: ParseCase[] = [];
  let size = 0;
  for (const c of cases) {
    if (current.length > 0 && (size + c.source.length > CHUNK_SOURCE_CHARS || current.length >= CHUNK_MAX_CASES)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(c);
    size += c.source.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface WireResult {
  ok: boolean;
  dump?: string;
  error?: SyntaxErrorInfo;
}

async function parseBatch(cases: readonly ParseCase[], includeAttributes: boolean, wantDump: boolean): Promise<WireResult[]> {
  const py = await oracle();
  const replies = chunk(cases).map((part) =>
    py.call('ast', [JSON.stringify(part.map(toWire)), includeAttributes, wantDump]),
  );
  const results: WireResult[] = [];
  for (const reply of replies) results.push(...(JSON.parse(await reply) as WireResult[]));
  return results;
}

/** `ast.dump(ast.parse(source, filename, mode), include_attributes=…)` for each case, or the error. */
export async function astDumps(cases: readonly ParseCase[], opts: { includeAttributes: boolean }): Promise<DumpResult[]> {
  const results = await parseBatch(cases, opts.includeAttributes, true);
  return results.map((r) => (r.ok ? { ok: true, dump: r.dump! } : { ok: false, error: r.error! }));
}

/** The error `ast.parse` raises for each case, or null when it parses. */
export async function syntaxErrors(cases: readonly ParseCase[]): Promise<(SyntaxErrorInfo | null)[]> {
  const results = await parseBatch(cases, false, false);
  return results.map((r) => (r.ok ? null : r.error!));
}

/** Whether `ast.parse(source)` (mode 'exec') succeeds, for each source. */
export async function accepts(sources: readonly (string | Uint8Array)[]): Promise<boolean[]> {
  const results = await parseBatch(sources.map((source) => ({ source, filename: '<unknown>' })), false, false);
  return results.map((r) => r.ok);
}

/** Runs Python code in a fresh `__main__` namespace; returns what it printed to stdout.
 *  A Python exception rejects with its traceback. */
export async function runPython(code: string): Promise<string> {
  return (await oracle()).call('run', [code]);
}

/** `sys.version` of the oracle. */
export async function oracleVersion(): Promise<string> {
  return (await oracle()).call('version', []);
}
