/**
 * The worker adapter writes a snapshot that reads back equal, atomically: through a temporary file in the same
 * folder renamed over the target (no temporary file is left, the old content stays whole until the rename), with
 * mode 0600, and a write that cannot be done rejects and leaves the old file as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerSnapshotWriter } from '../../../electron/adapters/worker-snapshot-writer.js';
import { JsonArrayText, MarkedPiece } from '../../../electron/services/json-chunks.js';
import type { SnapshotWriter } from '../../../electron/ports.js';

let dir: string;
let writer: SnapshotWriter;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-writer-'));
  writer = createWorkerSnapshotWriter({ sliceItems: 7 });
});
afterEach(async () => {
  await writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = (keys: number) => ({
  siteId: 'site-1',
  fetchedAt: '2026-11-26T12:00:00.000Z',
  keys: Array.from({ length: keys }, (_, i) => ({ id: `k${i}`, label: `Key "${i}" ✓`, lastUsed: i % 3 ? null : '2026-11-01' })),
  users: [],
  coverage: { deviceKeys: true },
});

describe('the worker snapshot writer', () => {
  it('writes a file that reads back equal to the value, text for text, mode 0600, no temporary file left', async () => {
    const file = path.join(dir, 'snapshots', 'site-1.json');
    const value = snapshot(100);
    await writer.write(file, value);
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(value));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(value);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['site-1.json']);
  });

  it('replaces a file by renaming a temporary one over it: the old inode is never written into', async () => {
    const file = path.join(dir, 'site-1.json');
    await writer.write(file, snapshot(5));
    const before = fs.statSync(file).ino;
    const held = fs.openSync(file, 'r');
    try {
      await writer.write(file, snapshot(50));
      // The old file, still open, keeps its whole old content: the new one came in by rename.
      expect(fs.statSync(file).ino).not.toBe(before);
      expect(JSON.parse(fs.readFileSync(held, 'utf8'))).toEqual(snapshot(5));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(snapshot(50));
    } finally {
      fs.closeSync(held);
    }
  });

  it('several writes in a row each land, the last one wins', async () => {
    const file = path.join(dir, 'site-1.json');
    await Promise.all([1, 2, 3].map((n) => writer.write(file, snapshot(n))));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(snapshot(3));
  });

  it('a write that cannot be done rejects, and the file there stays as it was', async () => {
    const file = path.join(dir, 'site-1.json');
    await writer.write(file, snapshot(2));
    // A target that is a folder fails the rename, for root too (which folder permissions would not stop).
    const blocked = path.join(dir, 'blocked.json');
    fs.mkdirSync(blocked);
    await expect(writer.write(blocked, snapshot(3))).rejects.toThrow(/could not be written/);
    // No temporary file left, the folder and the other file as they were; the writer still works.
    expect(fs.readdirSync(dir).sort()).toEqual(['blocked.json', 'site-1.json']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(snapshot(2));
    await writer.write(file, snapshot(4));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(snapshot(4));
  });

  it("reads shared bytes where they are, copies a caller's other bytes, and after a failed write writes the list again", async () => {
    const items = Array.from({ length: 9 }, (_, i) => [`k${i}`, `Key ${i} ✓`]);
    const rows = (from: number, to: number) => JSON.stringify(items.slice(from, to)).slice(1, -1);
    const encoded = new TextEncoder().encode(rows(0, 4));
    const shared = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(rows(4, 9))));
    new TextEncoder().encodeInto(rows(4, 9), shared);
    const expected = JSON.stringify({ siteId: 's', keyRows: items });

    const file = path.join(dir, 'site-1.json');
    const text = new JsonArrayText([encoded, shared]);
    await writer.write(file, { siteId: 's', keyRows: text });
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    // Neither is moved away: both are here, whole, to be written again.
    expect(new TextDecoder().decode(encoded)).toBe(rows(0, 4));
    expect(new TextDecoder().decode(shared)).toBe(rows(4, 9));
    await writer.write(file, { siteId: 's', keyRows: text });
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);

    const blocked = path.join(dir, 'blocked.json');
    fs.mkdirSync(blocked);
    await expect(writer.write(blocked, { siteId: 's', keyRows: text })).rejects.toThrow(/could not be written/);
    await writer.write(file, { siteId: 's', keyRows: text });
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
  });

  it('writes text of any script, where a piece takes more bytes than characters', async () => {
    const file = path.join(dir, 'site-1.json');
    const value = {
      keys: Array.from({ length: 30 }, (_, i) => ({ id: `k${i}`, label: '鍵の名前'.repeat(20 + i), owner: 'Zoë 🔑' })),
    };
    await writer.write(file, value);
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(value));
  });

  it("keeps no snapshot's bytes once written: the buffers come back from the worker and are used again", async () => {
    const big = createWorkerSnapshotWriter({ sliceItems: 2000, keepBufferBytes: 4 * 1024 * 1024 });
    try {
      const file = path.join(dir, 'site-1.json');
      // About 2 MB of JSON a write; 40 writes would be 80 MB if each write's buffers stayed allocated.
      const value = {
        keys: Array.from({ length: 20_000 }, (_, i) => ({ id: `key-${i}`.padEnd(24, '0'), label: `Key ${i}`.repeat(5) })),
      };
      await big.write(file, value);
      const before = process.memoryUsage().arrayBuffers;
      for (let round = 0; round < 40; round += 1) await big.write(file, value);
      const grown = process.memoryUsage().arrayBuffers - before;
      expect(grown).toBeLessThan(4 * 1024 * 1024);
      expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(value));
    } finally {
      await big.close();
    }
  });

  describe('marked pieces', () => {
    const items = Array.from({ length: 12 }, (_, i) => [`k${i}`, `Key ${i} ✓`]);
    const rows = (from: number, to: number) => JSON.stringify(items.slice(from, to)).slice(1, -1);
    const bytesOf = (text: string) => new TextEncoder().encode(text);
    /** How many pieces were made again, by mark. */
    let remade: number[];
    beforeEach(() => {
      remade = [];
    });
    /** Rows from..to under `mark`: with their bytes (made this time) or without (to copy). */
    const piece = (mark: number, from: number, to: number, made: boolean) => {
      const bytes = bytesOf(rows(from, to));
      return new MarkedPiece(mark, bytes.byteLength, made ? bytes : null, () => {
        remade.push(mark);
        return rows(from, to);
      });
    };
    const documentOf = (...pieces: Array<MarkedPiece | Uint8Array>) => ({ siteId: 's', keyRows: new JsonArrayText(pieces) });
    const expected = (...ranges: Array<[number, number]>) =>
      JSON.stringify({ siteId: 's', keyRows: ranges.flatMap(([from, to]) => items.slice(from, to)) });
    const file = () => path.join(dir, 'site-1.json');
    /** The first snapshot: three marked pieces, made. */
    const writeFirst = () =>
      writer.write(file(), documentOf(piece(101, 0, 3, true), piece(102, 3, 7, true), piece(103, 7, 12, true)));

    it('copies a marked piece without bytes from the file it wrote last, in the order asked, without making it', async () => {
      await writeFirst();
      expect(fs.readFileSync(file(), 'utf8')).toBe(expected([0, 3], [3, 7], [7, 12]));
      // Pieces in another order, one new: the copies are the right bytes at their new places.
      await writer.write(file(), documentOf(piece(103, 7, 12, false), bytesOf(rows(0, 1)), piece(101, 0, 3, false)));
      expect(fs.readFileSync(file(), 'utf8')).toBe(expected([7, 12], [0, 1], [0, 3]));
      expect(remade).toEqual([]);
      // The places are those of the file written last: copied again from there.
      await writer.write(file(), documentOf(piece(101, 0, 3, false), piece(103, 7, 12, false)));
      expect(fs.readFileSync(file(), 'utf8')).toBe(expected([0, 3], [7, 12]));
      expect(remade).toEqual([]);
    });

    it('makes the pieces again where the last file does not have them: a write without them came between', async () => {
      await writeFirst();
      await writer.write(file(), documentOf(piece(101, 0, 3, false)));
      await writer.write(file(), { siteId: 's', keyRows: items });
      await writer.write(file(), documentOf(piece(101, 0, 3, false), piece(102, 3, 7, false)));
      expect(fs.readFileSync(file(), 'utf8')).toBe(expected([0, 3], [3, 7]));
      expect(remade).toEqual([101, 102]);
    });

    it('makes them again where the file there is not the one it wrote: replaced, rewritten in place, or gone', async () => {
      const changes: Record<string, (target: string) => void> = {
        'replaced by a file of the same size': (target) => {
          fs.writeFileSync(`${target}.other`, fs.readFileSync(target, 'utf8').replace('Key 0', 'Kex 0'));
          fs.renameSync(`${target}.other`, target);
        },
        'rewritten in place': (target) => {
          fs.writeFileSync(target, fs.readFileSync(target, 'utf8').replace('Key 0', 'Kex 0'));
          // Changed within the file system's clock tick, it would look the same: the test moves its time on.
          const later = new Date(fs.statSync(target).mtimeMs + 5_000);
          fs.utimesSync(target, later, later);
        },
        gone: (target) => fs.rmSync(target),
      };
      for (const [name, change] of Object.entries(changes)) {
        remade = [];
        await writeFirst();
        change(file());
        await writer.write(file(), documentOf(piece(101, 0, 3, false), piece(103, 7, 12, false)));
        expect(fs.readFileSync(file(), 'utf8'), name).toBe(expected([0, 3], [7, 12]));
        expect(remade, name).toEqual([101, 103]);
      }
    });

    it("makes them again for another target: a file's marks are its own", async () => {
      await writeFirst();
      const other = path.join(dir, 'site-2.json');
      await writer.write(other, documentOf(piece(102, 3, 7, false)));
      expect(fs.readFileSync(other, 'utf8')).toBe(expected([3, 7]));
      expect(remade).toEqual([102]);
      expect(fs.readdirSync(dir).sort()).toEqual(['site-1.json', 'site-2.json']);
    });
  });
});
