/**
 * The query rules main answers the grids with (issue 12) agree with the way the renderer filtered, searched,
 * sorted and paged the whole inventory before: the same data goes through both and the rows must be the same, in
 * the same order, with the same totals.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceRecord, Inventory, KeyRecord, UserRecord } from '../../../shared/inventory.js';
import {
  countStatuses,
  expiriesByDay,
  phraseMatcher,
  statusOfKey,
  toKeyRows,
  usageOfKey,
  type KeyRow,
} from '../../../shared/inventory-stats.js';
import {
  INVENTORY_SORT_FIELDS,
  KEY_KIND_TEXT,
  LEGACY_EXPIRY_TEXT,
  MAX_PAGE_SIZE,
  OWNER_TYPE_TEXT,
  buildInventoryIndex,
  inventoryQuery,
  keysExpiringOn,
  matchingBulkKeys,
  queryInventory,
  reclassified,
  inventoryScope,
  scopedInventory,
  summaryOf,
  updatedInventoryIndex,
  userRowsOf,
  userRowsOfIndex,
  userRowsSteps,
  deviceRowsOf,
  deviceRowsOfIndex,
  type InventoryFilter,
  type InventoryIndex,
  type InventorySort,
} from '../../../shared/inventory-query.js';
import { KEY_STATUSES, KEY_STATUS_TEXT, KEY_USAGE_TEXT, type StatusThresholds } from '../../../shared/key-status.js';
import { bulkEligibility, MAX_BULK_KEYS } from '../../../shared/bulk-keys.js';
import { LEGACY_EXPIRY_TEXT as SHOWN_LEGACY_EXPIRY, formatDay } from '../../../renderer/components/format.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';
import { seededRandom } from '../../support/seeded-random.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const THRESHOLDS: StatusThresholds = { expiringWithinDays: 7, idleAfterDays: 90 };

/** Keys with many ties (shared labels, days, owners) and every status, in id order (the old grid's input order). */
function sampleInventory(count = 600, seed = 7): Inventory {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const devices: DeviceRecord[] = Array.from({ length: 25 }, (_, d) =>
    testDevice({
      id: `dev-${d}`,
      label: pick(['MRI Reaper (Bay 1)', 'MRI Reaper (Bay 10)', 'CT Reaper (Bay 2)', 'Importer', 'ärzte scanner', 'Zeta']),
      type: pick(['reaper', 'importer', 'connector']),
      disabled: d % 9 === 0,
    }),
  );
  const day = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * DAY_MS + Math.floor(next() * 3) * 3600_000);
  const keys: KeyRecord[] = Array.from({ length: count }, (_, k) => {
    const user = next() < 0.3;
    const device = pick(devices);
    const legacy = next() < 0.1;
    const expiry = next() < 0.08 ? null : day(Math.floor(next() * 60) - 15).toISOString();
    return {
      id: `k${String(k).padStart(4, '0')}`,
      label: pick(['Nightly upload', 'Legacy Key', 'Sync key', 'nightly', 'Upload', 'Bay 1 key', 'Zeta key', 'éclair']),
      kind: legacy ? 'legacy' : 'enhanced',
      ownerType: user ? 'user' : 'device',
      ownerId: user ? pick(['ada@example.org', 'grace@example.org']) : device.id,
      ownerLabel: user ? pick(['Ada Lovelace', 'Grace Hopper']) : device.label,
      ownerDisabled: user ? next() < 0.1 : device.disabled,
      created: next() < 0.1 ? null : day(-Math.floor(next() * 200)).toISOString(),
      expiresAt: legacy && next() < 0.7 ? null : expiry,
      lastUsed: next() < 0.2 ? null : day(-Math.floor(next() * 150)).toISOString(),
      isAppKey: k === 5,
    };
  });
  return {
    siteId: 'site',
    siteName: 'site',
    origin: 'https://site.example.org',
    fetchedAt: NOW.toISOString(),
    devices,
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

// The old way: the rows the renderer built, in expiry order, filtered by status, searched in each column's shown
// text and sorted by the grid's comparators (stable, descending by negation).
const shownDay = (value: Date | null) => (value ? formatDay(value.toISOString()) : '—');
function shownTexts(row: KeyRow): string[] {
  return [
    row.ownerLabel,
    OWNER_TYPE_TEXT[row.ownerType],
    ...(row.deviceType === null ? [] : [row.deviceType]),
    row.label,
    KEY_KIND_TEXT[row.kind],
    shownDay(row.created),
    row.expires ? shownDay(row.expires) : row.kind === 'legacy' ? SHOWN_LEGACY_EXPIRY : '—',
    shownDay(row.lastUsed),
    KEY_STATUS_TEXT[row.status],
    KEY_USAGE_TEXT[row.usage],
  ];
}
const collator = new Intl.Collator();
function gridCompare(a: unknown, b: unknown): number {
  if (a == null && b != null) return -1;
  if (b == null && a != null) return 1;
  if (a == null && b == null) return 0;
  if (typeof a === 'string') return collator.compare(a, String(b));
  if (a instanceof Date && b instanceof Date) return a > b ? 1 : a < b ? -1 : 0;
  return Number(a) - Number(b);
}
function oldWay(inventory: Inventory, filter: InventoryFilter, sort?: InventorySort, now = NOW): KeyRow[] {
  const time = (row: KeyRow) => row.expires?.getTime() ?? Number.POSITIVE_INFINITY;
  let rows = toKeyRows(inventory, now, THRESHOLDS).sort((a, b) => time(a) - time(b));
  if (filter.statuses?.length) rows = rows.filter((row) => filter.statuses!.includes(row.status));
  if (filter.keyIds) rows = rows.filter((row) => filter.keyIds!.includes(row.id));
  if (filter.owner) rows = rows.filter((row) => row.ownerType === filter.owner!.type && row.ownerId === filter.owner!.id);
  const matches = phraseMatcher(filter.search ?? '');
  if (matches) rows = rows.filter((row) => shownTexts(row).some(matches));
  if (sort) {
    const sign = sort.direction === 'asc' ? 1 : -1;
    rows = [...rows].sort((a, b) => sign * gridCompare(a[sort.field], b[sort.field]));
  }
  return rows;
}

/** Every page of a query, put back together. */
function allPages(index: InventoryIndex, filter: InventoryFilter, sort: InventorySort | undefined, pageSize: number) {
  const ids: string[] = [];
  let total = -1;
  for (let page = 0; page < 1000; page += 1) {
    const answer = queryInventory(index, { ...filter, sort, page, pageSize });
    total = answer.total;
    ids.push(...answer.rows.map((row) => row.id));
    if (answer.rows.length < pageSize) break;
  }
  return { ids, total };
}

describe('inventory queries agree with the grid of the whole inventory', () => {
  const inventory = sampleInventory();
  const index = buildInventoryIndex(inventory, NOW, THRESHOLDS);

  it('classifies every key as key-status.ts does', () => {
    for (const offset of [0, 3 * DAY_MS, 40 * DAY_MS]) {
      const now = new Date(NOW.getTime() + offset);
      for (const thresholds of [THRESHOLDS, { expiringWithinDays: 30, idleAfterDays: 10 }]) {
        const at = reclassified(index, now, thresholds);
        const rows = queryInventory(at, { page: 0, pageSize: MAX_PAGE_SIZE, keyIds: inventory.keys.map((k) => k.id) });
        expect(rows.total).toBe(inventory.keys.length);
        const answered = new Map<string, string>();
        for (let page = 0; page * MAX_PAGE_SIZE < inventory.keys.length; page += 1) {
          for (const row of queryInventory(at, { page, pageSize: MAX_PAGE_SIZE }).rows) {
            answered.set(row.id, `${row.status}/${row.usage}`);
          }
        }
        for (const key of inventory.keys) {
          expect(answered.get(key.id)).toBe(`${statusOfKey(key, now, thresholds)}/${usageOfKey(key, now, thresholds)}`);
        }
      }
    }
  });

  it('answers the same rows in the same order for each status, search and sort', () => {
    const filters: InventoryFilter[] = [
      {},
      ...KEY_STATUSES.map((status) => ({ statuses: [status] })),
      { statuses: ['expired', 'legacy'] },
      { search: 'Bay 1' },
      { search: '  reaper ' },
      { search: 'nightly upload' },
      { search: 'rejected' },
      { search: 'from 19.0' },
      { search: 'Legacy' },
      { search: 'connector' },
      { search: 'User' },
      { search: '—' },
      { search: formatDay(new Date(NOW.getTime() + 3 * DAY_MS).toISOString()) },
      { search: 'Reap' },
      { search: 'éclair', statuses: ['active'] },
      { owner: { type: 'device', id: 'dev-3' } },
      { owner: { type: 'user', id: 'ada@example.org' }, search: 'upload' },
      { keyIds: ['k0003', 'k0100', 'k0599', 'nope'] },
    ];
    const sorts: (InventorySort | undefined)[] = [
      undefined,
      ...INVENTORY_SORT_FIELDS.flatMap((field) => [
        { field, direction: 'asc' as const },
        { field, direction: 'desc' as const },
      ]),
    ];
    for (const filter of filters) {
      for (const sort of sorts) {
        const expected = oldWay(inventory, filter, sort).map((row) => row.id);
        const { ids, total } = allPages(index, filter, sort, 37);
        expect({ filter, sort, ids }).toEqual({ filter, sort, ids: expected });
        expect(total).toBe(expected.length);
      }
    }
    // Some 400 comparisons of the whole sample: room for a shared machine.
  }, 60_000);

  it('the search finds something in each of these cases (the comparison is not empty)', () => {
    for (const search of ['Bay 1', 'reaper', 'rejected', 'connector', '—']) {
      expect(queryInventory(index, { search, page: 0, pageSize: 1 }).total).toBeGreaterThan(0);
    }
    expect(queryInventory(index, { search: 'Reap', page: 0, pageSize: 1 }).total).toBe(0);
  });

  it('pages: full pages, a partial last page, nothing beyond it', () => {
    const total = inventory.keys.length;
    const order = oldWay(inventory, {}).map((row) => row.id);
    expect(queryInventory(index, { page: 0, pageSize: 100 }).rows.map((r) => r.id)).toEqual(order.slice(0, 100));
    const lastPage = Math.floor(total / 100);
    const last = queryInventory(index, { page: lastPage, pageSize: 100 });
    expect(last.rows.map((r) => r.id)).toEqual(order.slice(lastPage * 100));
    expect(last.rows.length).toBe(total % 100);
    expect(queryInventory(index, { page: lastPage + 1, pageSize: 100 })).toEqual({ rows: [], total });
    expect(queryInventory(index, { page: 3, pageSize: 1 }).rows.map((r) => r.id)).toEqual([order[3]]);
  });

  it('answers rows as the grid shows them', () => {
    const key = inventory.keys.find((k) => k.ownerType === 'device' && k.expiresAt && k.created && k.lastUsed)!;
    const [row] = queryInventory(index, { keyIds: [key.id], page: 0, pageSize: 1 }).rows;
    expect(row).toEqual({
      id: key.id,
      label: key.label,
      kind: key.kind,
      ownerType: 'device',
      ownerId: key.ownerId,
      ownerLabel: key.ownerLabel,
      ownerDisabled: key.ownerDisabled,
      deviceType: inventory.devices.find((d) => d.id === key.ownerId)!.type,
      created: key.created,
      expiresAt: key.expiresAt,
      lastUsed: key.lastUsed,
      status: statusOfKey(key, NOW, THRESHOLDS),
      usage: usageOfKey(key, NOW, THRESHOLDS),
      isAppKey: false,
    });
  });

  it('shows the same words for a legacy expiry as the renderer', () => {
    expect(LEGACY_EXPIRY_TEXT).toBe(SHOWN_LEGACY_EXPIRY);
  });

  it("summarises counts, usage and the chart's days as the Overview did", () => {
    const summary = summaryOf(index);
    expect(summary.counts).toEqual(countStatuses(inventory.keys, NOW, THRESHOLDS));
    expect(summary.total).toBe(inventory.keys.length);
    const byDay = expiriesByDay(inventory.keys, NOW);
    expect(summary.expiries).toEqual(byDay.map(({ day, count }) => ({ day, count })));
    const usages = inventory.keys.map((key) => usageOfKey(key, NOW, THRESHOLDS));
    expect(summary.neverUsed).toBe(usages.filter((u) => u === 'never-used').length);
    expect(summary.idle).toBe(usages.filter((u) => u === 'idle').length);
    expect(summary.expiries.length).toBeGreaterThan(5);
  });

  it("answers a chart day's keys as the rule groups them, in the snapshot's order", () => {
    const byDay = expiriesByDay(inventory.keys, NOW);
    for (const { day, keyIds } of byDay) expect(keysExpiringOn(index, day)).toEqual(keyIds);
    expect(keysExpiringOn(index, '2020-01-01')).toEqual([]);
    expect(keysExpiringOn(index, '2026-13-45')).toEqual([]);
  });

  it("counts and answers a chart day's keys at the window's edges: after now, up to the window's last instant", () => {
    const at = (id: string, ms: number | null): KeyRecord => ({
      ...inventory.keys[0]!,
      id,
      kind: 'enhanced',
      expiresAt: ms === null ? null : new Date(ms).toISOString(),
    });
    const end = NOW.getTime() + 90 * DAY_MS;
    const keys = [
      at('now', NOW.getTime()),
      at('just-after', NOW.getTime() + 1),
      at('last', end),
      at('beyond', end + 1),
      at('past', NOW.getTime() - DAY_MS),
      at('none', null),
      // The first instant of tomorrow (UTC) is tomorrow's.
      at('midnight', Date.parse('2026-12-02T00:00:00.000Z')),
    ];
    const edges = buildInventoryIndex({ ...inventory, keys }, NOW, THRESHOLDS);
    const today = NOW.toISOString().slice(0, 10);
    const lastDay = new Date(end).toISOString().slice(0, 10);
    expect(summaryOf(edges).expiries).toEqual([
      { day: today, count: 1 },
      { day: '2026-12-02', count: 1 },
      { day: lastDay, count: 1 },
    ]);
    expect(summaryOf(edges).expiries).toEqual(expiriesByDay(keys, NOW).map(({ day, count }) => ({ day, count })));
    expect(keysExpiringOn(edges, today)).toEqual(['just-after']);
    expect(keysExpiringOn(edges, '2026-12-02')).toEqual(['midnight']);
    expect(keysExpiringOn(edges, lastDay)).toEqual(['last']);
  });

  it('answers the keys a bulk action may take, in order, at most MAX_BULK_KEYS of them', () => {
    const self = 'ada@example.org';
    const filter: InventoryFilter = { statuses: ['active', 'expiring-soon'] };
    const expected = oldWay(inventory, filter).filter((row) => bulkEligibility(row, self) === 'eligible');
    const answer = matchingBulkKeys(index, filter, self);
    expect(answer.total).toBe(expected.length);
    expect(answer.keys.map((k) => k.id)).toEqual(expected.map((row) => row.id));
    expect(answer.keys.some((k) => k.ownerType === 'user' && k.ownerId !== self)).toBe(false);
    const left = oldWay(inventory, filter).map((row) => bulkEligibility(row, self));
    expect(answer.otherUsers).toBe(left.filter((e) => e === 'other-user').length);
    expect(answer.appKey).toBe(left.filter((e) => e === 'app-key').length);
    expect(answer.otherUsers).toBeGreaterThan(0);
    const many = buildInventoryIndex(sampleInventory(1500, 3), NOW, THRESHOLDS);
    const all = matchingBulkKeys(many, {}, self);
    expect(all.keys).toHaveLength(MAX_BULK_KEYS);
    expect(all.total).toBeGreaterThan(MAX_BULK_KEYS);
  });

  it('sorts by status and usage, both ways, as of the classification asked: no order kept from an earlier one', () => {
    const sorts: InventorySort[] = ['status', 'usage'].flatMap((field) =>
      (['asc', 'desc'] as const).map((direction) => ({ field, direction }) as InventorySort),
    );
    const ids = (at: InventoryIndex, sort: InventorySort) => allPages(at, {}, sort, MAX_PAGE_SIZE).ids;
    // Every order made (and kept) at NOW first.
    const at = buildInventoryIndex(inventory, NOW, THRESHOLDS);
    for (const sort of sorts) ids(at, sort);
    const other = { expiringWithinDays: 30, idleAfterDays: 10 };
    const later = new Date(NOW.getTime() + 40 * DAY_MS);
    for (const [now, thresholds] of [
      [NOW, other],
      [later, THRESHOLDS],
    ] as const) {
      const moved = reclassified(at, now, thresholds);
      const fresh = buildInventoryIndex(inventory, now, thresholds);
      for (const sort of sorts) expect(ids(moved, sort)).toEqual(ids(fresh, sort));
    }
  });

  it('classifies again only once some status or usage has changed, or the thresholds did', () => {
    expect(reclassified(index, new Date(NOW.getTime() + 1000), THRESHOLDS)).toBe(index);
    const { validUntil } = index.classification;
    expect(reclassified(index, new Date(validUntil - 1), THRESHOLDS)).toBe(index);
    const later = reclassified(index, new Date(validUntil), THRESHOLDS);
    expect(later).not.toBe(index);
    expect(reclassified(index, NOW, { expiringWithinDays: 8, idleAfterDays: 90 })).not.toBe(index);
    // The instant something changes: one key's status or usage differs right then.
    const before = queryInventory(index, { page: 0, pageSize: 100, keyIds: inventory.keys.map((k) => k.id) });
    const statuses = (answer: typeof before) => answer.rows.map((r) => `${r.status}/${r.usage}`);
    const after = queryInventory(later, { page: 0, pageSize: 100, keyIds: inventory.keys.map((k) => k.id) });
    expect(before.rows.map((r) => r.id)).toEqual(after.rows.map((r) => r.id));
    const changedAnywhere = inventory.keys.some(
      (key) =>
        `${statusOfKey(key, NOW, THRESHOLDS)}/${usageOfKey(key, NOW, THRESHOLDS)}` !==
        `${statusOfKey(key, new Date(validUntil), THRESHOLDS)}/${usageOfKey(key, new Date(validUntil), THRESHOLDS)}`,
    );
    expect(changedAnywhere).toBe(true);
    // And nothing changes before it: the index may answer from its classification until then.
    const justBefore = new Date(validUntil - 1);
    for (const key of inventory.keys) {
      expect(statusOfKey(key, justBefore, THRESHOLDS)).toBe(statusOfKey(key, NOW, THRESHOLDS));
      expect(usageOfKey(key, justBefore, THRESHOLDS)).toBe(usageOfKey(key, NOW, THRESHOLDS));
    }
    expect(statuses(before)).toHaveLength(100);
  });
});

/** Keys of owners, labels and dates chosen to sit side by side in the index's tables (in order of appearance). */
function neighbourInventory(): Inventory {
  const base = sampleInventory(0);
  const key = (k: number, ownerLabel: string, label: string, extra: Partial<KeyRecord> = {}): KeyRecord => ({
    id: `n${k}`,
    label,
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: `dev-n${k}`,
    ownerLabel,
    ownerDisabled: false,
    created: '2026-11-01T10:00:00.000Z',
    expiresAt: '2026-12-20T10:00:00.000Z',
    lastUsed: null,
    isAppKey: false,
    ...extra,
  });
  return {
    ...base,
    devices: [],
    keys: [
      key(1, 'Scanner Zeta', 'Nightly Bay'),
      key(2, 'key Alpha', '1 upload'),
      key(3, 'ÄRZTE Scanner', 'Sync'),
      key(4, 'Bay 10', 'Bay 1'),
      key(5, 'Importer', 'a\u0000b Bay'),
      // A stray far-off date: the day table spans thousands of years, and dates differ by more than 2^48 ms.
      key(6, 'Far', 'Old', { created: '-010000-01-01T00:00:00.000Z', lastUsed: '+010000-06-01T00:00:00.000Z' }),
      key(7, 'Far', 'Older', { created: '-010000-01-01T00:00:00.000Z', expiresAt: null }),
      key(8, 'Near', 'Same day', { created: '2026-11-01T10:00:00.000Z', expiresAt: '2026-12-20T10:00:00.000Z' }),
    ],
  };
}

describe('the search scans each table of texts at once, the sorts rank dates by digits', () => {
  const inventory = sampleInventory();
  const index = buildInventoryIndex(inventory, NOW, THRESHOLDS);

  it('agrees with the grid for every word and every pair of words the grid shows', () => {
    const phrases = new Set<string>();
    for (const row of toKeyRows(inventory, NOW, THRESHOLDS)) {
      for (const text of shownTexts(row)) {
        const words = text.split(/\s+/);
        words.forEach((word, k) => {
          phrases.add(word);
          if (k > 0) phrases.add(`${words[k - 1]} ${word}`);
          // A part of a word finds nothing: whole words only.
          if (word.length > 2) phrases.add(word.slice(0, -1));
        });
      }
    }
    expect(phrases.size).toBeGreaterThan(50);
    for (const search of phrases) {
      const expected = oldWay(inventory, { search }).map((row) => row.id);
      const { ids, total } = allPages(index, { search }, undefined, MAX_PAGE_SIZE);
      expect({ search, ids }).toEqual({ search, ids: expected });
      expect(total).toBe(expected.length);
    }
  }, 60_000);

  it('never finds a phrase across two owners, two labels or two days that sit side by side', () => {
    const near = neighbourInventory();
    const nearIndex = buildInventoryIndex(near, NOW, THRESHOLDS);
    const searches = [
      'Zeta key',
      'Bay 1',
      'Bay 1 upload',
      'Scanner Zeta',
      'ärzte',
      'ÄRZTE SCANNER',
      'b Bay',
      'a\u0000b',
      'Bay\u0000',
      '2026-11-01',
      '01 2026',
      'Far',
      '—',
    ];
    for (const search of searches) {
      const expected = oldWay(near, { search }).map((row) => row.id);
      const { ids, total } = allPages(nearIndex, { search }, undefined, MAX_PAGE_SIZE);
      expect({ search, ids }).toEqual({ search, ids: expected });
      expect(total).toBe(expected.length);
    }
    // The comparison is not empty, and the phrases across neighbours find nothing.
    expect(allPages(nearIndex, { search: 'Zeta key' }, undefined, 10).total).toBe(0);
    expect(allPages(nearIndex, { search: 'Bay 1 upload' }, undefined, 10).total).toBe(0);
    expect(allPages(nearIndex, { search: 'Bay 1' }, undefined, 10).ids).toEqual(['n4']);
    expect(allPages(nearIndex, { search: 'ärzte' }, undefined, 10).ids).toEqual(['n3']);
    expect(allPages(nearIndex, { search: 'a\u0000b' }, undefined, 10).ids).toEqual(['n5']);
  });

  it('orders keys of the same expiry by id whatever their place in the snapshot, and without expiry last', () => {
    const shuffled = { ...inventory, keys: [...inventory.keys].reverse() };
    const byExpiryThenId = [...inventory.keys]
      .map((key) => ({ id: key.id, time: key.expiresAt ? Date.parse(key.expiresAt) : Number.POSITIVE_INFINITY }))
      .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((key) => key.id);
    const ties = byExpiryThenId.length - new Set(inventory.keys.map((key) => key.expiresAt)).size;
    expect(ties).toBeGreaterThan(50);
    expect(allPages(buildInventoryIndex(shuffled, NOW, THRESHOLDS), {}, undefined, MAX_PAGE_SIZE).ids).toEqual(byExpiryThenId);
  });

  it('sorts dates far apart, equal dates and missing dates as the grid did', () => {
    const near = neighbourInventory();
    const nearIndex = buildInventoryIndex(near, NOW, THRESHOLDS);
    for (const field of ['created', 'expires', 'lastUsed'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = { field, direction };
        const expected = oldWay(near, {}, sort).map((row) => row.id);
        expect({ sort, ids: allPages(nearIndex, {}, sort, 3).ids }).toEqual({ sort, ids: expected });
      }
    }
  });

  it('answers the keys a bulk action may take for a search and a sort, in that order', () => {
    const self = 'ada@example.org';
    for (const filter of [{ search: 'upload' }, { search: 'Ada Lovelace' }, { search: 'nothing like it' }] as InventoryFilter[]) {
      for (const sort of [
        undefined,
        { field: 'label', direction: 'desc' } as const,
        { field: 'lastUsed', direction: 'asc' } as const,
      ]) {
        const rows = oldWay(inventory, filter, sort);
        const eligible = rows.filter((row) => bulkEligibility(row, self) === 'eligible');
        const answer = matchingBulkKeys(index, filter, self, sort);
        expect(answer.keys.map((k) => k.id)).toEqual(eligible.slice(0, MAX_BULK_KEYS).map((row) => row.id));
        expect(answer.total).toBe(eligible.length);
        expect(answer.otherUsers).toBe(rows.filter((row) => bulkEligibility(row, self) === 'other-user').length);
        expect(answer.appKey).toBe(rows.filter((row) => bulkEligibility(row, self) === 'app-key').length);
      }
    }
  });
});

describe('when statuses change', () => {
  it('a key expiring in 10 days turns "expiring soon" 3 days from now, and the index knows it', () => {
    const inventory = { ...sampleInventory(1), keys: [] as KeyRecord[] };
    const key: KeyRecord = {
      ...sampleInventory(1).keys[0]!,
      kind: 'enhanced',
      label: 'Upload',
      ownerDisabled: false,
      expiresAt: new Date(NOW.getTime() + 10 * DAY_MS).toISOString(),
      lastUsed: null,
    };
    const index = buildInventoryIndex({ ...inventory, keys: [key] }, NOW, THRESHOLDS);
    expect(index.classification.validUntil).toBe(NOW.getTime() + 3 * DAY_MS);
    const status = (at: InventoryIndex) => queryInventory(at, { page: 0, pageSize: 1 }).rows[0]!.status;
    expect(status(reclassified(index, new Date(NOW.getTime() + 3 * DAY_MS - 1), THRESHOLDS))).toBe('active');
    expect(status(reclassified(index, new Date(NOW.getTime() + 3 * DAY_MS), THRESHOLDS))).toBe('expiring-soon');
  });
});

describe('scoped views', () => {
  const inventory = sampleInventory(200);
  const ids = (keys: readonly KeyRecord[]) => keys.map((key) => key.id);

  it("give a page only the keys of its owners, in the snapshot's order", () => {
    const devices = scopedInventory(inventory, { keys: 'devices', devices: true, users: false }, null);
    expect(ids(devices.keys)).toEqual(ids(inventory.keys.filter((key) => key.ownerType === 'device')));
    expect(devices.devices).toEqual(inventory.devices);
    expect(devices.users).toEqual([]);
    const users = scopedInventory(inventory, { keys: 'users', devices: false, users: true }, null);
    expect(ids(users.keys)).toEqual(ids(inventory.keys.filter((key) => key.ownerType === 'user')));
    expect(users.devices).toEqual([]);
    const own = scopedInventory(inventory, { keys: 'self', devices: false, users: false }, 'ada@example.org');
    expect(own.keys.length).toBeGreaterThan(0);
    expect(ids(own.keys)).toEqual(ids(inventory.keys.filter((key) => key.ownerId === 'ada@example.org')));
    const one = scopedInventory(
      inventory,
      { keys: { ownerType: 'device', ownerId: 'dev-3' }, devices: false, users: false },
      null,
    );
    expect(ids(one.keys)).toEqual(ids(inventory.keys.filter((key) => key.ownerType === 'device' && key.ownerId === 'dev-3')));
    expect(scopedInventory(inventory, { keys: 'none', devices: false, users: false }, null).keys).toEqual([]);
    expect(inventoryScope.safeParse({ keys: 'legacy-owners', devices: false, users: false }).success).toBe(false);
  });

  it('give one device or one user by id, and nobody for an id not there', () => {
    const withUsers: Inventory = {
      ...inventory,
      users: [
        { id: 'ada@example.org', name: 'Ada', email: null, disabled: false, isSiteAdmin: true, keysVisible: true, lastLogin: null },
        { id: 'grace@example.org', name: 'Grace', email: null, disabled: false, isSiteAdmin: false, keysVisible: true, lastLogin: null },
      ],
    };
    const device = scopedInventory(
      withUsers,
      { keys: { ownerType: 'device', ownerId: 'dev-3' }, devices: { id: 'dev-3' }, users: false },
      null,
    );
    expect(device.devices.map((record) => record.id)).toEqual(['dev-3']);
    expect(device.users).toEqual([]);
    expect(new Set(device.keys.map((key) => key.ownerId))).toEqual(new Set(['dev-3']));
    const user = scopedInventory(withUsers, { keys: 'none', devices: false, users: { id: 'grace@example.org' } }, null);
    expect(user.users.map((record) => record.id)).toEqual(['grace@example.org']);
    expect(user.devices).toEqual([]);
    expect(scopedInventory(withUsers, { keys: 'none', devices: { id: 'gone' }, users: false }, null).devices).toEqual([]);
    expect(inventoryScope.safeParse({ keys: 'none', devices: { id: 'dev-3', all: true }, users: false }).success).toBe(false);
  });

  it('give nobody keys as "self" when the admin is not known', () => {
    expect(scopedInventory(inventory, { keys: 'self', devices: false, users: false }, null).keys).toEqual([]);
  });
});

describe("the Users grid's rows from the index", () => {
  const user = (id: string, fields: Partial<UserRecord> = {}): UserRecord => ({
    id,
    name: id.split('@')[0]!,
    email: id,
    disabled: false,
    isSiteAdmin: false,
    keysVisible: true,
    lastLogin: null,
    ...fields,
  });
  const sample = sampleInventory(300);
  // Keys of a user the list does not hold count for nobody; a user whose keys are not visible gets no figures.
  const keys: KeyRecord[] = [
    ...sample.keys,
    { ...sample.keys.find((key) => key.ownerType === 'user')!, id: 'ghost-key', ownerId: 'ghost@example.org' },
  ];
  const users = [
    user('ada@example.org'),
    user('grace@example.org', { keysVisible: false }),
    user('no-keys@example.org', { disabled: true, isSiteAdmin: true }),
  ];
  const inventory: Inventory = { ...sample, users, keys };

  it('are the rows userRowsOf makes of every key', () => {
    const rows = userRowsOfIndex(buildInventoryIndex(inventory, NOW, THRESHOLDS), users);
    expect(rows).toEqual(userRowsOf(inventory));
    const ada = rows[0]!;
    expect(ada.keyCount).toBeGreaterThan(10);
    expect(ada.legacyKeys).toBeGreaterThan(0);
    expect(ada.soonestExpiry).not.toBeNull();
    expect(ada.lastUse).not.toBeNull();
    expect(rows[1]).toMatchObject({ keyCount: null, soonestExpiry: null, legacyKeys: null, lastUse: null });
    expect(rows[2]).toMatchObject({ keyCount: 0, soonestExpiry: null, legacyKeys: 0, lastUse: null });
  });

  it('are made in steps, once for every question asked while they are being made', () => {
    const many = Array.from({ length: 12_000 }, (_, at) => user(`user-${at}@example.org`));
    const index = buildInventoryIndex({ ...inventory, users: many }, NOW, THRESHOLDS);
    const first = userRowsSteps(index, many);
    const second = userRowsSteps(index, many);
    let pauses = 0;
    let a = first.next();
    for (; !a.done; a = first.next()) pauses += 1;
    // After the owners' places, and then 5,000 users a step.
    expect(pauses).toBe(3);
    const b = second.next();
    expect(b).toEqual({ done: true, value: a.value });
    expect(b.value).toBe(a.value);
    expect(a.value).toEqual(userRowsOf({ users: many, keys }));
  });

  it('are made once per index and users, again for other users or after an update', () => {
    const index = buildInventoryIndex(inventory, NOW, THRESHOLDS);
    const rows = userRowsOfIndex(index, users);
    expect(userRowsOfIndex(index, users)).toBe(rows);
    const changedUsers = [user('ada@example.org', { disabled: true }), ...users.slice(1)];
    expect(userRowsOfIndex(index, changedUsers)).toEqual(userRowsOf({ users: changedUsers, keys }));
    // A patch: one of Ada's keys gone, one added that expired before any other and was used last.
    const gone = keys.findIndex((key) => key.ownerId === 'ada@example.org');
    const added: KeyRecord = {
      ...keys[gone]!,
      id: 'new-key',
      kind: 'legacy',
      expiresAt: new Date(NOW.getTime() - 100 * DAY_MS).toISOString(),
      lastUsed: NOW.toISOString(),
    };
    const patched: Inventory = { ...inventory, keys: [...keys.filter((_, k) => k !== gone), added] };
    const updated = updatedInventoryIndex(index, patched, NOW, THRESHOLDS);
    const after = userRowsOfIndex(updated, users);
    expect(after).toEqual(userRowsOf(patched));
    expect(after[0]).toMatchObject({ soonestExpiry: added.expiresAt, lastUse: added.lastUsed });
  });
});

describe("the Devices grid's rows from the index", () => {
  const sample = sampleInventory(300);
  // A device without keys, one whose only key is legacy, and a user's key on a device's id counting for no device.
  const devices: DeviceRecord[] = [
    ...sample.devices,
    testDevice({ id: 'dev-empty', label: 'Empty', lastSeen: '2026-05-01T08:00:00.000Z' }),
    testDevice({ id: 'dev-old', label: 'Old' }),
  ];
  const template = sample.keys.find((key) => key.ownerType === 'device')!;
  const keys: KeyRecord[] = [
    ...sample.keys,
    { ...template, id: 'old-key', ownerId: 'dev-old', kind: 'legacy', expiresAt: null, lastUsed: null },
    { ...template, id: 'user-key', ownerType: 'user', ownerId: 'dev-empty', ownerLabel: 'Not a device' },
  ];
  const inventory: Inventory = { ...sample, devices, keys };

  it('are the rows deviceRowsOf makes of every key', () => {
    const rows = deviceRowsOfIndex(buildInventoryIndex(inventory, NOW, THRESHOLDS), devices);
    expect(rows).toEqual(deviceRowsOf(inventory));
    expect(rows.map((row) => row.id)).toEqual(devices.map((device) => device.id));
    expect(rows.reduce((sum, row) => sum + row.keyCount, 0)).toBe(keys.filter((key) => key.ownerType === 'device').length);
    expect(rows.some((row) => row.keyCount > 0 && row.soonestExpiry !== null && !row.hasLegacyKeys)).toBe(true);
    expect(rows.at(-2)).toMatchObject({ keyCount: 0, soonestExpiry: null, hasLegacyKeys: false, lastSeen: '2026-05-01T08:00:00.000Z' });
    expect(rows.at(-1)).toMatchObject({ keyCount: 1, soonestExpiry: null, hasLegacyKeys: true });
  });

  it('are made once per index and devices, again for other devices or after an update', () => {
    const index = buildInventoryIndex(inventory, NOW, THRESHOLDS);
    const rows = deviceRowsOfIndex(index, devices);
    expect(deviceRowsOfIndex(index, devices)).toBe(rows);
    const renamed = devices.map((device) => (device.id === 'dev-old' ? { ...device, label: 'Old scanner' } : device));
    expect(deviceRowsOfIndex(index, renamed)).toEqual(deviceRowsOf({ devices: renamed, keys }));
    // A patch: the legacy key of dev-old replaced by a key that expires before any other.
    const added: KeyRecord = { ...template, id: 'new-key', ownerId: 'dev-old', expiresAt: new Date(NOW.getTime() - 100 * DAY_MS).toISOString() };
    const patched: Inventory = { ...inventory, keys: [...keys.filter((key) => key.id !== 'old-key'), added] };
    const after = deviceRowsOfIndex(updatedInventoryIndex(index, patched, NOW, THRESHOLDS), devices);
    expect(after).toEqual(deviceRowsOf(patched));
    expect(after.at(-1)).toMatchObject({ keyCount: 1, soonestExpiry: added.expiresAt, hasLegacyKeys: false });
  });
});

describe('the query schema', () => {
  it('takes a page of at most MAX_PAGE_SIZE rows and nothing it does not know', () => {
    expect(inventoryQuery.safeParse({ page: 0, pageSize: MAX_PAGE_SIZE }).success).toBe(true);
    expect(inventoryQuery.safeParse({ page: 0, pageSize: MAX_PAGE_SIZE + 1 }).success).toBe(false);
    expect(inventoryQuery.safeParse({ page: -1, pageSize: 10 }).success).toBe(false);
    expect(inventoryQuery.safeParse({ page: 0, pageSize: 10, everything: true }).success).toBe(false);
    expect(inventoryQuery.safeParse({ page: 0, pageSize: 10, sort: { field: 'secret', direction: 'asc' } }).success).toBe(false);
  });

  it('drops control characters from a search, so a phrase cannot reach across columns', () => {
    const parsed = inventoryQuery.parse({ page: 0, pageSize: 10, search: 'Bay\u00001' });
    expect(parsed.search).toBe('Bay 1');
  });
});
