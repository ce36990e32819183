/** The migration view's lookups: an immutable map whose changes share the unchanged entries. */
import { describe, expect, it } from 'vitest';
import { LayeredMap, MAX_LAYERED_CHANGES } from '../../../shared/layered-map.js';

describe('LayeredMap', () => {
  it('reads its changes over its base, a removal as absent; the map before is unchanged', () => {
    const before = new LayeredMap(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    const after = before.with(
      new Map<string, number | null>([
        ['a', null],
        ['c', 3],
        ['b', 4],
      ]),
    );
    expect([after.get('a'), after.get('b'), after.get('c'), after.has('a'), after.has('c')]).toEqual([
      undefined,
      4,
      3,
      false,
      true,
    ]);
    expect([before.get('a'), before.get('b'), before.has('c')]).toEqual([1, 2, false]);
    expect(after.with(new Map())).toBe(after);
  });

  it('agrees with a plain map given the same changes, past the point where the changes are folded in', () => {
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    let layered = new LayeredMap<number>(new Map());
    const plain = new Map<string, number>();
    for (let step = 0; step < 4 * MAX_LAYERED_CHANGES; step += 1) {
      const updates = new Map<string, number | null>();
      for (let n = next(3); n >= 0; n -= 1) updates.set(`k${next(600)}`, next(5) === 0 ? null : step);
      for (const [key, value] of updates) {
        if (value === null) plain.delete(key);
        else plain.set(key, value);
      }
      layered = layered.with(updates);
      for (let k = 0; k < 600; k += 1) {
        if (layered.get(`k${k}`) !== plain.get(`k${k}`))
          expect(layered.get(`k${k}`), `k${k} at ${step}`).toBe(plain.get(`k${k}`));
      }
    }
    expect(plain.size).toBeGreaterThan(300);
  });
});
