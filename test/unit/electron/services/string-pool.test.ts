import { describe, expect, it } from 'vitest';
import { StringPool } from '../../../../electron/services/string-pool.js';

// Equal strings cannot be told apart in JavaScript, so what is tested is what the pool answers and holds; that the
// records share the pooled strings shows in a heap snapshot (README, the benchmark's memory).
describe('StringPool', () => {
  it('answers the text it is given and holds each distinct text once', () => {
    const pool = new StringPool();
    expect(['Primary', 'Upload', 'Primary', 'Primary'].map(pool.get)).toEqual(['Primary', 'Upload', 'Primary', 'Primary']);
    expect(pool.size).toBe(2);
  });

  it('stops adding at its limit and still answers every text', () => {
    const pool = new StringPool(2);
    expect(['a', 'b', 'c', 'a', 'd'].map(pool.get)).toEqual(['a', 'b', 'c', 'a', 'd']);
    expect(pool.size).toBe(2);
  });
});
