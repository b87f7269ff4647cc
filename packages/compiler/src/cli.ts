#!/usr/bin/env node
// tspyc: the compiler's command line (`tspyc ast FILE`, `tspyc tokens FILE`).
// The work runs in a worker thread with a large stack: CPython's parser accepts nesting
// (199 brackets, thousands of unary operators) that cold JavaScript frames cannot fit in
// Node's default ~1 MB main-thread stack.
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { runCli } from './cli/main.js';

const STACK_MB = 64;

function runInThisThread(): number {
  try {
    return runCli(process.argv.slice(2));
  } catch (e) {
    // A bug in tspy, not in the user's program: say so without a JavaScript stack trace.
    process.stderr.write(`tspyc: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}

// Run from TypeScript source (development, tests), a worker would not get the TypeScript
// loader on Node 20; there the command runs in this thread with its default stack.
const fromSource = import.meta.url.endsWith('.ts');

if (fromSource) {
  process.exitCode = runInThisThread();
} else if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  worker.on('message', (status: number) => { process.exitCode = status; });
  worker.on('error', (e) => {
    process.stderr.write(`tspyc: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  });
} else {
  parentPort!.postMessage(runInThisThread());
}
