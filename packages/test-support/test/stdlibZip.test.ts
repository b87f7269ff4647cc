import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { codingCookie, decodePythonSource } from '../src/pythonSource.js';
import { readStdlibSources, readZip } from '../src/stdlibZip.js';

/** Builds a minimal ZIP archive (one local header + central record per entry). */
function makeZip(entries: { name: string; data: Uint8Array; deflate: boolean }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflate ? deflateRawSync(data) : Buffer.from(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, eocd]));
}

describe('readZip', () => {
  it('reads stored and deflated entries and skips directories', () => {
    const text = new TextEncoder().encode('print("héllo")\n'.repeat(50));
    const zip = makeZip([
      { name: 'pkg/', data: new Uint8Array(0), deflate: false },
      { name: 'pkg/a.py', data: text, deflate: true },
      { name: 'b.py', data: text, deflate: false },
    ]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['pkg/a.py', 'b.py']);
    expect(Buffer.from(entries[0]!.bytes).equals(Buffer.from(text))).toBe(true);
    expect(Buffer.from(entries[1]!.bytes).equals(Buffer.from(text))).toBe(true);
  });

  it('rejects what is not a ZIP archive', () => {
    expect(() => readZip(new Uint8Array(100))).toThrow(/not a ZIP archive/);
  });
});

describe('readStdlibSources', () => {
  const sources = readStdlibSources();

  it('finds every .py file of python_stdlib.zip, sorted by name', () => {
    expect(sources.length).toBe(559);
    const names = sources.map((s) => s.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('ast.py');
    expect(names).toContain('asyncio/base_events.py');
  });

  it('inflates sources intact', () => {
    const ast = sources.find((s) => s.name === 'ast.py')!;
    const text = decodePythonSource(ast.bytes);
    expect(text).toContain('def dump(');
    expect(text.endsWith('\n')).toBe(true);
    const total = sources.reduce((n, s) => n + s.bytes.length, 0);
    expect(total).toBeGreaterThan(9_000_000);
  });
});

describe('decodePythonSource', () => {
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

  it('honours a coding cookie on line 1 or 2', () => {
    expect(codingCookie(bytes('# -*- coding: latin-1 -*-\nx = 1\n'))).toBe('latin-1');
    expect(codingCookie(bytes('#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\n'))).toBe('cp1252');
    expect(codingCookie(bytes('x = 1\n# coding: latin-1\n'))).toBeUndefined();
    expect(decodePythonSource(bytes('# coding: latin-1\ns = "\xe9"\n'))).toBe('# coding: latin-1\ns = "é"\n');
  });

  it('defaults to UTF-8, strips a BOM and rejects invalid UTF-8', () => {
    expect(decodePythonSource(new Uint8Array(Buffer.from('\ufeffs = "é"\n', 'utf8')))).toBe('s = "é"\n');
    expect(() => decodePythonSource(bytes('s = "\xe9"\n'))).toThrow();
  });
});
