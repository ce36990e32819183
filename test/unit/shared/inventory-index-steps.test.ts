/**
 * The grids' index built in steps (inventoryIndexBuild) and its default order in steps (baseOrderSteps): the same
 * index and order as made at once, with at most a step's keys between two pauses, so main can answer other
 * questions while the first build of a large site runs.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory, KeyRecord } from '../../../shared/inventory.js';
import {
  MAX_PAGE_SIZE,
  baseOrderSteps,
  buildInventoryIndex,
  inventoryIndexBuild,
  queryInventory,
  type InventoryIndex,
} from '../../../shared/inventory-query.js';
import type { StatusThresholds } from '../../../shared/key-status.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';
import { seededRandom } from '../../support/seeded-random.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const THRESHOLDS: StatusThresholds = { expiringWithinDays: 7, idleAfterDays: 90 };

/** `count` keys, ids out of order; `undated` of them without expiry, the others on a few days (many ties). */
function inventoryOf(count: number, undated: number): Inventory {
  const next = seededRandom(5);
  const keys: KeyRecord[] = Array.from({ length: count }, (_, i) => ({
    id: `k${Math.floor(next() * 1e9)
      .toString(36)
      .padStart(6, '0')}${i}`,
    label: `Label ${i % 37}`,
    kind: i % 9 === 0 ? 'legacy' : 'enhanced',
    ownerType: i % 2 === 0 ? 'device' : 'user',
    ownerId: i % 2 === 0 ? `d${i % 5}` : `u${i % 11}`,
    ownerLabel: i % 2 === 0 ? `Device ${i % 5}` : `User ${i % 11}`,
    ownerDisabled: false,
    created: new Date(NOW.getTime() - (1 + (i % 400)) * DAY_MS).toISOString(),
    expiresAt: i < undated ? null : new Date(NOW.getTime() + ((i % 30) - 5) * DAY_MS).toISOString(),
    lastUsed: i % 3 === 0 ? null : new Date(NOW.getTime() - (i % 120) * DAY_MS).toISOString(),
    isAppKey: false,
  }));
  return {
    siteId: 'site-1',
    siteName: 'Site',
    origin: 'https://site.example.org',
    fetchedAt: NOW.toISOString(),
    devices: Array.from({ length: 5 }, (_, d) => testDevice({ id: `d${d}`, type: d % 2 ? 'reaper' : 'connector' })),
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

/** Runs steps to the end, with how many keys were read between two pauses at most, and how many pauses. */
function run<T>(steps: Generator<void, T>, read: () => number): { value: T; most: number; pauses: number } {
  let most = 0;
  let before = read();
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    most = Math.max(most, read() - before);
    before = read();
    if (step.done) return { value: step.value, most, pauses };
    pauses += 1;
  }
}

/** `keys` with a count of the keys read from it by place. */
function counted(keys: KeyRecord[]): { keys: KeyRecord[]; read: () => number } {
  let reads = 0;
  const proxy = new Proxy(keys, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { keys: proxy, read: () => reads };
}

function sameIndex(a: InventoryIndex, b: InventoryIndex): void {
  expect(Array.from(a.rows.expires)).toEqual(Array.from(b.rows.expires));
  expect(Array.from(a.rows.owner)).toEqual(Array.from(b.rows.owner));
  expect(Array.from(a.rows.labelId)).toEqual(Array.from(b.rows.labelId));
  expect(Array.from(a.rows.legacy)).toEqual(Array.from(b.rows.legacy));
  expect(Array.from(a.classification.status)).toEqual(Array.from(b.classification.status));
  expect(a.owners).toEqual(b.owners);
  expect(a.labels).toEqual(b.labels);
  expect([a.firstDay, a.dayCount]).toEqual([b.firstDay, b.dayCount]);
}

describe('inventoryIndexBuild', () => {
  it('makes the index buildInventoryIndex makes, reading at most a step of keys between pauses', () => {
    const inventory = inventoryOf(2_500, 300);
    const { keys, read } = counted(inventory.keys);
    const stepped = run(inventoryIndexBuild({ ...inventory, keys }, NOW, THRESHOLDS, 400), read);
    expect(stepped.most).toBeLessThanOrEqual(400);
    // Six pauses among the rows (every 400 keys), one before the statuses.
    expect(stepped.pauses).toBe(7);
    sameIndex(stepped.value, buildInventoryIndex(inventory, NOW, THRESHOLDS));
  });

  it('a site under a step is built in one', () => {
    const inventory = inventoryOf(300, 10);
    expect(run(inventoryIndexBuild(inventory, NOW, THRESHOLDS, 400), () => 0).pauses).toBe(0);
  });
});

describe('baseOrderSteps', () => {
  it('orders by expiry, then id, keys without expiry last by id, in steps, and keeps the order in the index', () => {
    // 7,000 keys without expiry: one run of equal expiry, put in id order by sortInSteps.
    const inventory = inventoryOf(12_000, 7_000);
    const index = buildInventoryIndex(inventory, NOW, THRESHOLDS);
    const byExpiryThenId = inventory.keys
      .map((key, row) => ({ row, id: key.id, time: key.expiresAt ? Date.parse(key.expiresAt) : Number.POSITIVE_INFINITY }))
      .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((key) => key.row);
    const stepped = run(baseOrderSteps(index), () => 0);
    expect(Array.from(stepped.value)).toEqual(byExpiryThenId);
    expect(stepped.pauses).toBeGreaterThan(3);
    // Kept: the next question's order is that one, with no step.
    expect(run(baseOrderSteps(index), () => 0)).toEqual({ value: stepped.value, most: 0, pauses: 0 });
    const page = queryInventory(index, { page: 0, pageSize: MAX_PAGE_SIZE });
    expect(page.rows.map((row) => row.id)).toEqual(byExpiryThenId.slice(0, MAX_PAGE_SIZE).map((row) => inventory.keys[row]!.id));
  });
});
