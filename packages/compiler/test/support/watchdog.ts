// A watchdog thread for synchronous code that might never return (a parser loop that does
// not advance). The test thread marks each case as it starts; if one case stays current
// for `hangMs`, the watchdog prints it, saves it to test/.out/ and kills the process, which
// vitest reports as a failed run. (A blocked event loop cannot run timers, so nothing on
// the test thread itself could notice the hang.)

import { MessageChannel, Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const REPORT_PATH = fileURLToPath(new URL('../.out/hang.txt', import.meta.url));

// Cells of the shared state: the current case (global index + 1, 0 when idle), a counter
// bumped at every case start, and the stop flag.
const CURRENT = 0;
const TICK = 1;
const STOP = 2;

// CommonJS, evaluated in the worker: it blocks in Atomics.wait between cases, and on a
// timeout drains the queued case registrations with receiveMessageOnPort.
const WATCHDOG_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { state, hangMs, reportPath, label, port } = workerData;
const cells = new Int32Array(state);
const sources = [];
for (;;) {
  const tick = Atomics.load(cells, ${TICK});
  const outcome = Atomics.wait(cells, ${TICK}, tick, hangMs);
  if (Atomics.load(cells, ${STOP}) === 1) break;
  const current = Atomics.load(cells, ${CURRENT});
  if (outcome !== 'timed-out' || current === 0) continue;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    m.message.sources.forEach((s, i) => { sources[m.message.base + i] = s; });
  }
  const source = sources[current - 1];
  const text = label + ': case #' + (current - 1) + ' still running after ' + hangMs + ' ms; source:\\n' + JSON.stringify(source) + '\\n';
  try { fs.mkdirSync(path.dirname(reportPath), { recursive: true }); fs.writeFileSync(reportPath, text); } catch {}
  fs.writeSync(2, '\\n[watchdog] ' + text);
  process.kill(process.pid, 'SIGKILL');
}
`;

export class Watchdog {
  private readonly cells = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;
  private registered = 0;

  constructor(label: string, hangMs: number) {
    const port = this.channel.port2;
    this.worker = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      workerData: { state: this.cells.buffer, hangMs, reportPath: REPORT_PATH, label, port },
      transferList: [port],
    });
    this.worker.unref();
  }

  /** Makes `sources` known to the watchdog; returns the global index of the first. */
  register(sources: readonly string[]): number {
    const base = this.registered;
    this.channel.port1.postMessage({ base, sources });
    this.registered += sources.length;
    return base;
  }

  /** Marks case `index` (a global index from register) as running. */
  enter(index: number): void {
    Atomics.store(this.cells, CURRENT, index + 1);
    Atomics.add(this.cells, TICK, 1);
    Atomics.notify(this.cells, TICK);
  }

  leave(): void {
    Atomics.store(this.cells, CURRENT, 0);
  }

  async stop(): Promise<void> {
    Atomics.store(this.cells, STOP, 1);
    Atomics.add(this.cells, TICK, 1);
    Atomics.notify(this.cells, TICK);
    this.channel.port1.close();
    await this.worker.terminate();
  }
}
