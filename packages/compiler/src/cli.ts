#!/usr/bin/env node
// tspyc: the compiler's command line (`tspyc ast FILE`, `tspyc tokens FILE`).
import { runCli } from './cli/main.js';

try {
  process.exitCode = runCli(process.argv.slice(2));
} catch (e) {
  // A bug in tspy, not in the user's program: say so without a JavaScript stack trace.
  process.stderr.write(`tspyc: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
}
