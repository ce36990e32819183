/** The migration's tracked keys: an immutable map whose changes share the unchanged entries, ordered as a record. */
import { describe, expect, it } from 'vitest';
import type { TrackedLegacyKey } from '../../../shared/migration.js';
import { MAX_CHANGES_BESIDE, TrackedKeys } from '../../../shared/tracked-keys.js';

const entry = (label: string): TrackedLegacyKey => ({
  label,
  owner: { kind: 'device', id: 'd1', name: 'Scanner', disabled: false, email: null },
  deviceType: 'reaper',
  created: null,
  lastUsed: null,
  firstSeenAt: '2026-11-01T00:00:00.000Z',
  deletedAt: null,
});

const labels = (keys: TrackedKeys): [string, string][] => [...keys].map(([id, tracked]) => [id, tracked.label]);

describe('TrackedKeys', () => {
  it('reads a record in its order, and writes it back as that record', () => {
    const record = { k2: entry('two'), k1: entry('one') };
    const keys = TrackedKeys.of(record);
    expect(labels(keys)).toEqual([
      ['k2', 'two'],
      ['k1', 'one'],
    ]);
    expect(keys.size).toBe(2);
    expect(keys.get('k1')?.label).toBe('one');
    expect(keys.has('k3')).toBe(false);
    expect(JSON.stringify(keys)).toBe(JSON.stringify(record));
    expect([...keys.values()].map((tracked) => tracked.label)).toEqual(['two', 'one']);
  });

  it('assigns changes as a record would: a key keeps its place, a new one goes last; the old map is unchanged', () => {
    const before = TrackedKeys.from([
      ['a', entry('a')],
      ['b', entry('b')],
    ]);
    const after = before.with(
      new Map([
        ['c', entry('c')],
        ['a', entry('a2')],
      ]),
    );
    expect(labels(after)).toEqual([
      ['a', 'a2'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    expect(after.size).toBe(3);
    expect(labels(before)).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
    expect(before.size).toBe(2);
    // A key changed twice, and one added twice, count once.
    const again = after.with(
      new Map([
        ['c', entry('c2')],
        ['a', entry('a3')],
      ]),
    );
    expect(again.size).toBe(3);
    expect(labels(again)).toEqual([
      ['a', 'a3'],
      ['b', 'b'],
      ['c', 'c2'],
    ]);
    expect(before.with(new Map())).toBe(before);
  });

  it('tells the ids whose entries differ from a map of the same base, and nothing for maps of another', () => {
    const base = TrackedKeys.from([
      ['a', entry('a')],
      ['b', entry('b')],
      ['c', entry('c')],
    ]);
    const one = base.with(new Map([['a', entry('a2')]]));
    const two = one.with(new Map([['d', entry('d')]]));
    expect(base.changedSince(base)).toEqual(new Set());
    expect(one.changedSince(base)).toEqual(new Set(['a']));
    expect(two.changedSince(one)).toEqual(new Set(['d']));
    // Both ways: an entry changed in the older map only, or in each.
    expect(base.changedSince(two)).toEqual(new Set(['a', 'd']));
    const other = base.with(new Map([['b', entry('b2')]]));
    expect(other.changedSince(one)).toEqual(new Set(['a', 'b']));
    expect(TrackedKeys.from([...base]).changedSince(base)).toBeNull();
  });

  it('agrees with a record assigned the same changes, past the point where the changes are folded in', () => {
    // A seeded walk of changes, each a few keys new or changed, compared with a plain record after every step.
    let seed = 7;
    // mulberry32
    const next = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    let changes = 0;
    let keys = TrackedKeys.EMPTY;
    const record: Record<string, TrackedLegacyKey> = {};
    for (let step = 0; step < 3 * MAX_CHANGES_BESIDE; step += 1) {
      const updates = new Map<string, TrackedLegacyKey>();
      for (let n = next(4); n >= 0; n -= 1) {
        const id = `key-${next(400)}`;
        updates.set(id, entry(`${id} at ${step}`));
      }
      for (const [id, tracked] of updates) record[id] = tracked;
      changes += updates.size;
      keys = keys.with(updates);
      expect(JSON.stringify(keys), `step ${step}`).toBe(JSON.stringify(record));
      expect(keys.size).toBe(Object.keys(record).length);
    }
    // The changes were folded in more than once, and the map holds most of the keys.
    expect(changes).toBeGreaterThan(2 * MAX_CHANGES_BESIDE);
    expect(keys.size).toBeGreaterThan(300);
  });
});
