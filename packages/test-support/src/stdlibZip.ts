// A small, dependency-free ZIP reader for pyodide's python_stdlib.zip (CPython 3.14's Lib/).
// Only what that archive needs: no ZIP64, no encryption; stored and deflated entries.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const FLAG_UTF8_NAME = 0x800;

interface CentralRecord {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Absolute path of `python_stdlib.zip` inside the installed `pyodide` package. */
export function stdlibZipPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('pyodide/package.json')), 'python_stdlib.zip');
}

/** Every file entry (directories skipped) of a ZIP archive, in central-directory order. */
export function readZip(archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  return readCentralDirectory(archive, view)
    .filter((record) => !record.name.endsWith('/'))
    .map((record) => ({ name: record.name, bytes: extractEntry(archive, view, record) }));
}

let cachedSources: ZipEntry[] | undefined;

/** Every `.py` file of python_stdlib.zip (559 in pyodide 314.0.7), sorted by name. */
export function readStdlibSources(): ZipEntry[] {
  cachedSources ??= readZip(readFileSync(stdlibZipPath()))
    .filter((entry) => entry.name.endsWith('.py'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return cachedSources;
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let at = view.byteLength - EOCD_MIN_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw new Error('not a ZIP archive: no end-of-central-directory record');
}

function readCentralDirectory(archive: Uint8Array, view: DataView): CentralRecord[] {
  const eocd = findEndOfCentralDirectory(view);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  const records: CentralRecord[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new Error(`corrupt ZIP: bad central directory header #${i} at ${at}`);
    }
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const nameBytes = archive.subarray(at + 46, at + 46 + nameLength);
    records.push({
      name: new TextDecoder(flags & FLAG_UTF8_NAME ? 'utf-8' : 'latin1').decode(nameBytes),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return records;
}

function extractEntry(archive: Uint8Array, view: DataView, record: CentralRecord): Uint8Array {
  const at = record.localHeaderOffset;
  if (view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new Error(`corrupt ZIP: bad local header for ${record.name}`);
  }
  // The local header's own name/extra lengths may differ from the central directory's.
  const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = archive.subarray(dataStart, dataStart + record.compressedSize);
  let bytes: Uint8Array;
  if (record.method === METHOD_STORED) bytes = data.slice();
  else if (record.method === METHOD_DEFLATED) bytes = new Uint8Array(inflateRawSync(data));
  else throw new Error(`ZIP entry ${record.name}: unsupported compression method ${record.method}`);
  if (bytes.length !== record.size) {
    throw new Error(`ZIP entry ${record.name}: expected ${record.size} bytes, got ${bytes.length}`);
  }
  return bytes;
}
