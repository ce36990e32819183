/** The snapshot writer's piece buffers: a spare one is used again where it is big enough, and spares are capped. */
import { describe, expect, it } from 'vitest';
import { PieceBuffers } from '../../../../electron/adapters/worker-snapshot-writer.js';

describe('PieceBuffers', () => {
  it('answers a spare buffer that is big enough, else a new one of at least the size asked', () => {
    const buffers = new PieceBuffers(1024 * 1024);
    const first = buffers.take(100_000);
    expect(first.byteLength).toBeGreaterThanOrEqual(100_000);
    buffers.give(first);
    expect(buffers.spareBytes()).toBe(first.byteLength);
    expect(buffers.take(90_000)).toBe(first);
    expect(buffers.spareBytes()).toBe(0);
    buffers.give(first);
    const larger = buffers.take(200_000);
    expect(larger).not.toBe(first);
    expect(larger.byteLength).toBeGreaterThanOrEqual(200_000);
    expect(buffers.spareBytes()).toBe(first.byteLength);
  });

  it('keeps no more spare space than it was given, and lets the rest go', () => {
    const buffers = new PieceBuffers(300_000);
    const a = buffers.take(200_000);
    const b = buffers.take(200_000);
    buffers.give(a);
    buffers.give(b);
    expect(buffers.spareBytes()).toBe(a.byteLength);
    expect(buffers.take(1)).toBe(a);
    expect(buffers.take(1)).not.toBe(b);
  });
});
