/** The writer thread's write loop: a write that takes less than asked is followed by the rest, in order. */
import { describe, expect, it } from 'vitest';
import { writeAll } from '../../../../electron/adapters/snapshot-writer.worker.js';

describe('writeAll', () => {
  it('writes the rest after each short write, every byte once and in order', () => {
    const bytes = new TextEncoder().encode('{"keyRows":[["k1","Key ✓"],["k2","Key 2"]]}');
    const written: number[] = [];
    let calls = 0;
    writeAll(7, bytes, (fd, data, offset) => {
      expect(fd).toBe(7);
      calls += 1;
      // At most three bytes a call, as a disk that is nearly full or a signal may leave it.
      const taken = data.subarray(offset, offset + 3);
      written.push(...taken);
      return taken.byteLength;
    });
    expect(new Uint8Array(written)).toEqual(bytes);
    expect(calls).toBe(Math.ceil(bytes.byteLength / 3));
  });

  it('stops at the first failed write, with its error', () => {
    const failure = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    let calls = 0;
    expect(() =>
      writeAll(7, new Uint8Array(10), () => {
        calls += 1;
        if (calls === 2) throw failure;
        return 4;
      }),
    ).toThrow(failure);
    expect(calls).toBe(2);
  });
});
