/**
 * After a key action main updates its query index from the one it had (updatedInventoryIndex) instead of building
 * it again: the updated index answers every question exactly as an index built anew on the patched snapshot, and
 * makes rows only for the keys the patch touched.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceRecord, Inventory, KeyRecord } from '../../../shared/inventory.js';
import {
  buildInventoryIndex,
  matchingBulkKeys,
  matchingIds,
  queryInventory,
  reclassified,
  summaryOf,
  updatedInventoryIndex,
  type InventoryIndex,
  type InventoryQuery,
} from '../../../shared/inventory-query.js';
import { KEY_STATUSES, type StatusThresholds } from '../../../shared/key-status.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';
import { seededRandom } from '../../support/seeded-random.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const LATER = new Date(NOW.getTime() + 60_000);
const THRESHOLDS: StatusThresholds = { expiringWithinDays: 7, idleAfterDays: 90 };

/** Keys with ties in every column (labels, days, owners) and every status. */
function sampleInventory(count = 400): Inventory {
  const next = seededRandom(11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const devices: DeviceRecord[] = Array.from({ length: 12 }, (_, d) =>
    testDevice({
      id: `dev-${d}`,
      label: pick(['MRI Reaper', 'CT Reaper', 'Importer', 'ärzte scanner']),
      type: pick(['reaper', 'importer', 'connector']),
      disabled: d % 5 === 0,
    }),
  );
  const day = (offset: number) => new Date(NOW.getTime() + offset * DAY_MS + Math.floor(next() * 3) * 3600_000);
  const keys: KeyRecord[] = Array.from({ length: count }, (_, k) => {
    const user = next() < 0.35;
    const device = pick(devices);
    const expiry = next() < 0.08 ? null : day(Math.floor(next() * 40) - 10).toISOString();
    return {
      id: `k${String(k).padStart(4, '0')}`,
      label: pick(['Nightly upload', 'Sync key', 'Upload', 'éclair']),
      kind: next() < 0.1 ? 'legacy' : 'enhanced',
      ownerType: user ? 'user' : 'device',
      ownerId: user ? pick(['ada@example.org', 'grace@example.org', 'alan@example.org']) : device.id,
      ownerLabel: user ? 'Someone' : device.label,
      ownerDisabled: user ? false : device.disabled,
      created: day(-Math.floor(next() * 200)).toISOString(),
      expiresAt: expiry,
      lastUsed: next() < 0.2 ? null : day(-Math.floor(next() * 150)).toISOString(),
      isAppKey: false,
    } as KeyRecord;
  });
  return {
    siteId: 'site-1',
    siteName: 'Site',
    origin: 'https://site.example.org',
    fetchedAt: NOW.toISOString(),
    coverage: { devices: true, users: true },
    devices,
    users: [],
    keys,
  } as unknown as Inventory;
}

const QUERIES: InventoryQuery[] = [
  { page: 0, pageSize: 100 },
  { page: 2, pageSize: 100 },
  { page: 1, pageSize: 37, sort: { field: 'expires', direction: 'desc' } },
  { page: 0, pageSize: 100, sort: { field: 'ownerLabel', direction: 'asc' } },
  { page: 0, pageSize: 100, sort: { field: 'status', direction: 'desc' } },
  { page: 0, pageSize: 100, search: 'upload' },
  { page: 0, pageSize: 100, owner: { type: 'user', id: 'ada@example.org' } },
  { page: 0, pageSize: 100, keyIds: ['k0003', 'k0100', 'new-key', 'k0399'] },
  ...KEY_STATUSES.map((status) => ({ page: 0, pageSize: 100, statuses: [status] })),
];

/** Every question's answer, from the index given. */
function answers(index: InventoryIndex) {
  return {
    pages: QUERIES.map((query) => queryInventory(index, query)),
    summary: summaryOf(index),
    bulk: matchingBulkKeys(index, { search: 'sync' }, 'ada@example.org'),
    ids: matchingIds(index, { statuses: ['active'], sort: { field: 'label', direction: 'asc' } }),
  };
}

/** The index of `before` after it answered every question once (so its sorted orders exist), and `after`'s update. */
function updated(before: Inventory, after: Inventory, now = LATER): InventoryIndex {
  const previous = buildInventoryIndex(before, NOW, THRESHOLDS);
  answers(previous);
  return updatedInventoryIndex(previous, after, now, THRESHOLDS);
}

const before = sampleInventory();
const revoked = { ...before, keys: before.keys.filter((key) => key.id !== 'k0100') };
const newKey: KeyRecord = {
  ...before.keys[3]!,
  id: 'new-key',
  label: 'Fresh upload',
  expiresAt: before.keys[50]!.expiresAt,
  lastUsed: null,
};
const added = { ...before, keys: [...before.keys, newKey] };
// Added last, with the soonest expiry of any key and an id before that key's: first on the default order's first page.
const soonest = before.keys
  .filter((key) => key.expiresAt !== null)
  .reduce((a, b) => (Date.parse(b.expiresAt!) < Date.parse(a.expiresAt!) ? b : a));
const addedFirst = { ...before, keys: [...before.keys, { ...newKey, id: 'a-new-key', expiresAt: soonest.expiresAt }] };
const disabledOwner = {
  ...before,
  keys: before.keys.map((key) => (key.ownerId === 'ada@example.org' ? { ...key, ownerDisabled: true } : key)),
};
const adaKeys = before.keys.filter((key) => key.ownerId === 'ada@example.org').length;

describe('the summary kept with an index', () => {
  it('is counted once per index and statuses, and again for an index reclassified later', () => {
    const index = buildInventoryIndex(before, NOW, THRESHOLDS);
    const first = summaryOf(index);
    expect(summaryOf(index)).toBe(first);
    // Far enough on for statuses to change: the reclassified index shares the lookup, not the counts.
    const muchLater = new Date(NOW.getTime() + 400 * DAY_MS);
    const later = reclassified(index, muchLater, THRESHOLDS);
    expect(later.lookup).toBe(index.lookup);
    expect(summaryOf(later)).toEqual(summaryOf(buildInventoryIndex(before, muchLater, THRESHOLDS)));
    expect(summaryOf(later).counts).not.toEqual(first.counts);
    // Another window is counted, not taken from the kept one.
    expect(summaryOf(index, 30)).toEqual(summaryOf(buildInventoryIndex(before, NOW, THRESHOLDS), 30));
    expect(summaryOf(index, 30)).not.toBe(first);
  });

  it('is not carried to an updated index, which counts its own as a full build does', () => {
    const previous = buildInventoryIndex(before, NOW, THRESHOLDS);
    summaryOf(previous);
    const index = updatedInventoryIndex(previous, revoked, NOW, THRESHOLDS);
    expect(index.lookup.summary).toBeUndefined();
    expect(summaryOf(index)).toEqual(summaryOf(buildInventoryIndex(revoked, NOW, THRESHOLDS)));
  });
});

describe('an index updated after a patch', () => {
  it.each([
    ['one key revoked', revoked],
    ['one key added', added],
    ['one key added that ties on expiry and goes first by id', addedFirst],
    ['an owner disabled', disabledOwner],
  ])('answers every question as a fresh build does: %s', (_, after) => {
    const fresh = buildInventoryIndex(after, LATER, THRESHOLDS);
    const update = updated(before, after);
    expect(answers(update)).toEqual(answers(fresh));
    // The comparison is not empty: each status and the search found rows.
    expect(answers(fresh).pages.every((page) => page.total > 0)).toBe(true);
  });

  it('makes a row only for each key the patch touched', () => {
    expect(updated(before, revoked).rowsBuilt).toBe(0);
    expect(updated(before, added).rowsBuilt).toBe(1);
    expect(adaKeys).toBeGreaterThan(10);
    expect(updated(before, disabledOwner).rowsBuilt).toBe(adaKeys);
    expect(buildInventoryIndex(added, LATER, THRESHOLDS).rowsBuilt).toBe(added.keys.length);
  });

  it('after several patches in a row, still answers as a fresh build does', () => {
    let index = buildInventoryIndex(before, NOW, THRESHOLDS);
    answers(index);
    for (const after of [revoked, { ...revoked, keys: [...revoked.keys, newKey] }]) {
      index = updatedInventoryIndex(index, after, LATER, THRESHOLDS);
      expect(answers(index)).toEqual(answers(buildInventoryIndex(after, LATER, THRESHOLDS)));
    }
  });

  it('classifies every key again once some status has changed since', () => {
    // Ten days on, keys have expired and turned idle; the kept rows' old statuses are no longer true.
    const much = new Date(NOW.getTime() + 10 * DAY_MS);
    expect(answers(updated(before, added, much))).toEqual(answers(buildInventoryIndex(added, much, THRESHOLDS)));
  });

  it("keeps the search's lookups that still hold, and a search answers as a fresh build's", () => {
    const previous = buildInventoryIndex(before, NOW, THRESHOLDS);
    answers(previous);
    const { haystacks, days } = previous.lookup;
    expect(haystacks?.owners && haystacks.labels && days).toBeTruthy();
    // A revoke makes no row: owners, labels and the days rows have are kept.
    const afterRevoke = updatedInventoryIndex(previous, revoked, LATER, THRESHOLDS);
    expect(afterRevoke.lookup.haystacks?.owners).toBe(haystacks?.owners);
    expect(afterRevoke.lookup.haystacks?.labels).toBe(haystacks?.labels);
    expect(afterRevoke.lookup.days).toBe(days);
    expect(afterRevoke.lookup.rowById).toBeUndefined();
    // A new key with a new label, last used on a day no other key has: its row is made, so the days are made
    // again; the labels' haystack too, when searched (one text more).
    const lone = { ...newKey, lastUsed: '2025-01-15T10:00:00.000Z' };
    const withLone = { ...before, keys: [...before.keys, lone] };
    const afterAdd = updatedInventoryIndex(previous, withLone, LATER, THRESHOLDS);
    expect(afterAdd.lookup.days).toBeUndefined();
    const fresh = buildInventoryIndex(withLone, LATER, THRESHOLDS);
    for (const search of ['fresh upload', 'upload', '2025-01-15']) {
      const query = { page: 0, pageSize: 100, search };
      expect(queryInventory(afterAdd, query)).toEqual(queryInventory(fresh, query));
      expect(queryInventory(afterAdd, query).total).toBeGreaterThan(0);
    }
    expect(afterAdd.lookup.haystacks?.labels).not.toBe(haystacks?.labels);

    // That key then used on another day no other key has: as many days as before, but not the same ones.
    queryInventory(afterAdd, { page: 0, pageSize: 100, search: '2025-01-15' });
    const moved = {
      ...withLone,
      keys: withLone.keys.map((key) => (key === lone ? { ...lone, lastUsed: '2025-02-20T10:00:00.000Z' } : key)),
    };
    const afterMove = updatedInventoryIndex(afterAdd, moved, LATER, THRESHOLDS);
    for (const search of ['2025-02-20', '2025-01-15']) {
      const query = { page: 0, pageSize: 100, search };
      expect(queryInventory(afterMove, query)).toEqual(queryInventory(buildInventoryIndex(moved, LATER, THRESHOLDS), query));
    }
    expect(queryInventory(afterMove, { page: 0, pageSize: 100, search: '2025-02-20' }).total).toBe(1);
  });

  it('builds anew from a refresh (new key objects) and when a device changed type', () => {
    const refreshed = { ...before, keys: before.keys.map((key) => ({ ...key })) };
    expect(updated(before, refreshed).rowsBuilt).toBe(refreshed.keys.length);
    const device = before.devices.find((d) => before.keys.some((key) => key.ownerId === d.id))!;
    const retyped = {
      ...added,
      devices: before.devices.map((d) => (d.id === device.id ? { ...d, type: `${d.type}-new` } : d)),
    };
    const update = updated(before, retyped);
    expect(update.rowsBuilt).toBe(retyped.keys.length);
    expect(answers(update)).toEqual(answers(buildInventoryIndex(retyped, LATER, THRESHOLDS)));
  });
});
