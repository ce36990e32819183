import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepAside, removeLeftoverTempFiles, writeFileAtomic } from '../../../../electron/services/atomic-file.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-atomic-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing folders (0700) and writes the file with mode 0600', () => {
    const target = path.join(dir, 'a', 'b', 'file.json');
    writeFileAtomic(target, '{"x":1}');
    expect(fs.readFileSync(target, 'utf8')).toBe('{"x":1}');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'a')).mode & 0o777).toBe(0o700);
  });

  it('replaces an existing file completely and fixes a loose mode', () => {
    const target = path.join(dir, 'file.json');
    fs.writeFileSync(target, 'x'.repeat(1000), { mode: 0o644 });
    fs.chmodSync(target, 0o644);
    writeFileAtomic(target, 'short');
    expect(fs.readFileSync(target, 'utf8')).toBe('short');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });

  it('writes Buffers and honours an explicit mode', () => {
    const target = path.join(dir, 'bin');
    writeFileAtomic(target, Buffer.from([0, 1, 2]), 0o640);
    expect([...fs.readFileSync(target)]).toEqual([0, 1, 2]);
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
  });

  it('leaves no temp files behind, also when the rename fails', () => {
    const target = path.join(dir, 'file.json');
    writeFileAtomic(target, '1');
    writeFileAtomic(target, '2');
    expect(fs.readdirSync(dir)).toEqual(['file.json']);
    const blocked = path.join(dir, 'is-a-dir');
    fs.mkdirSync(path.join(blocked, 'child'), { recursive: true });
    expect(() => writeFileAtomic(blocked, 'x')).toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['file.json', 'is-a-dir']);
  });
});

describe('keepAside', () => {
  it('moves the file to <name>.damaged-<timestamp> with its bytes and returns the new path', () => {
    const target = path.join(dir, 'settings.json');
    fs.writeFileSync(target, 'broken{');
    const aside = keepAside(target, new Date('2026-11-26T10:00:00.000Z'));
    expect(aside).toBe(`${target}.damaged-2026-11-26T10-00-00-000Z`);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readFileSync(aside, 'utf8')).toBe('broken{');
  });
});

describe('removeLeftoverTempFiles', () => {
  it("removes only writeFileAtomic's temp files (.<name>.<12 hex>.tmp) in the given folders", () => {
    const sub = path.join(dir, 'snapshots');
    fs.mkdirSync(path.join(sub, 'nested'), { recursive: true });
    const leftovers = [
      path.join(dir, '.journal.json.0123456789ab.tmp'),
      path.join(dir, '.settings.json.a1b2c3d4e5f6.tmp'),
      path.join(sub, '.site-1.json.ffffffffffff.tmp'),
    ];
    const kept = [
      path.join(dir, 'journal.json'),
      path.join(dir, 'settings.json'),
      path.join(sub, 'site-1.json'),
      path.join(dir, 'notes.tmp'),
      path.join(dir, '.journal.json.tmp'),
      path.join(dir, 'journal.json.0123456789ab.tmp'),
      path.join(dir, '.journal.json.0123456789a.tmp'),
      path.join(dir, '.journal.json.0123456789abc.tmp'),
      path.join(dir, '.journal.json.0123456789AB.tmp'),
      path.join(dir, '.journal.json.0123456789ab.tmp.bak'),
      path.join(dir, 'settings.json.tmp-1234567890'),
      path.join(sub, 'nested', '.deeper.json.0123456789ab.tmp'),
    ];
    for (const file of [...leftovers, ...kept]) fs.writeFileSync(file, 'x');
    // A folder with a matching name is not a file: left alone.
    fs.mkdirSync(path.join(dir, '.odd.json.0123456789ab.tmp'));
    expect(removeLeftoverTempFiles([dir, sub, path.join(dir, 'missing')])).toBe(3);
    for (const file of leftovers) expect(fs.existsSync(file), file).toBe(false);
    for (const file of kept) expect(fs.readFileSync(file, 'utf8'), file).toBe('x');
    expect(fs.statSync(path.join(dir, '.odd.json.0123456789ab.tmp')).isDirectory()).toBe(true);
  });

  it('matches the names writeFileAtomic really makes', () => {
    const target = path.join(dir, 'state.json');
    writeFileAtomic(target, 'good');
    // A crash between writing the temp file and renaming it leaves one like this.
    const spy = vi.spyOn(fs, 'openSync');
    let opened: string[];
    try {
      writeFileAtomic(target, 'good again');
      opened = spy.mock.calls.map(([file]) => path.basename(String(file)));
    } finally {
      spy.mockRestore();
    }
    const temp = opened.find((name) => name.endsWith('.tmp'));
    expect(temp).toBeDefined();
    fs.writeFileSync(path.join(dir, temp!), 'half');
    expect(removeLeftoverTempFiles([dir])).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
    expect(fs.readFileSync(target, 'utf8')).toBe('good again');
  });
});
