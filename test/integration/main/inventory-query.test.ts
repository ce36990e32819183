/**
 * Issue 12: main answers the grids' questions. On the key service's scale site (25,000 keys), the pages main
 * answers for each status, put together, agree row for row with the full credential report (inventory.export) of
 * the same snapshot; the Overview's counts agree with it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { SCALE_TOTALS } from '../../../keyservice/seed/scale.js';
import { KEY_STATUSES, KEY_STATUS_TEXT, KEY_USAGE_TEXT, type KeyStatus } from '../../../shared/key-status.js';
import type { InventoryExport } from '../../../shared/ipc-contract.js';
import {
  MAX_PAGE_SIZE,
  type DeviceRowWire,
  type InventoryPage,
  type InventoryRow,
  type SummaryView,
  type UserRowWire,
} from '../../../shared/inventory-query.js';
import { MAX_USER_PAGE_SIZE, type UserRowsPage, type UserRowsQuery } from '../../../shared/user-rows-query.js';
import type { DeviceRowsPage, DeviceRowsQuery } from '../../../shared/device-rows-query.js';
import { MAX_GRID_PAGE_SIZE } from '../../../shared/grid-rows-query.js';
import type { ReportRow } from '../../../shared/credential-report.js';
import type { InventoryView } from '../../../shared/inventory.js';
import { MAX_BULK_KEYS } from '../../../shared/bulk-keys.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import { adminKeyString, ok, refresh } from './support.js';

/** Both clocks stand still, so the statuses of the report and of the answers are those of one instant. */
const NOW = new Date('2026-11-26T12:00:00.000Z');

let service: KeyService;
let harness: MainHarness;
let report: ReportRow[];

beforeAll(async () => {
  service = await startKeyService({ seed: 'scale', now: () => new Date(NOW) });
  harness = createMainHarness({ clock: { now: () => new Date(NOW) } });
  await ok(harness, 'sites.connect', { keyString: adminKeyString(service), name: 'Scale' });
  await harness.services.notifications.settled();
  await refresh(harness);
  const file = await ok<InventoryExport>(harness, 'inventory.export', { format: 'json' });
  report = (JSON.parse(file.content) as { keys: ReportRow[] }).keys;
}, 120_000);

afterAll(async () => {
  harness?.cleanup();
  await service?.close();
});

/** Every page of a query, put together. */
async function everyPage(filter: Record<string, unknown>): Promise<{ rows: InventoryRow[]; totals: Set<number> }> {
  const rows: InventoryRow[] = [];
  const totals = new Set<number>();
  for (let page = 0; ; page += 1) {
    const answer = await ok<InventoryPage>(harness, 'inventory.query', { ...filter, page, pageSize: MAX_PAGE_SIZE });
    totals.add(answer.total);
    rows.push(...answer.rows);
    if (answer.rows.length < MAX_PAGE_SIZE) break;
  }
  return { rows, totals };
}

/** A row of the report, as the grid's row says it. */
function asReportRow(row: InventoryRow): ReportRow {
  return {
    owner_type: row.ownerType,
    owner_id: row.ownerId,
    owner: row.ownerLabel,
    owner_disabled: row.ownerDisabled,
    device_type: row.deviceType,
    key_id: row.id,
    label: row.label,
    kind: row.kind,
    status: KEY_STATUS_TEXT[row.status],
    usage: KEY_USAGE_TEXT[row.usage],
    created: row.created,
    expires_at: row.expiresAt,
    last_used: row.lastUsed,
  };
}

const byId = (a: ReportRow, b: ReportRow) => (a.key_id < b.key_id ? -1 : a.key_id > b.key_id ? 1 : 0);
const sameInstant = (iso: string | null) => (iso === null ? null : new Date(Date.parse(iso)).toISOString());
const normalised = (row: ReportRow): ReportRow => ({
  ...row,
  created: sameInstant(row.created),
  expires_at: sameInstant(row.expires_at),
  last_used: sameInstant(row.last_used),
});

describe('inventory.query on the scale site', () => {
  it('the report holds the whole scale site', () => {
    expect(report.length).toBe(SCALE_TOTALS.keys);
  });

  it.each(KEY_STATUSES)('the pages of "%s" keys are exactly the report\'s, soonest expiry first', async (status: KeyStatus) => {
    const expected = report
      .filter((row) => row.status === KEY_STATUS_TEXT[status])
      .map(normalised)
      .sort(byId);
    const { rows, totals } = await everyPage({ statuses: [status] });
    expect([...totals]).toEqual([expected.length]);
    expect(rows.map(asReportRow).map(normalised).sort(byId)).toEqual(expected);
    const expiries = rows.map((row) => (row.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(row.expiresAt)));
    expect(expiries.every((time, k) => k === 0 || expiries[k - 1]! <= time)).toBe(true);
  });

  it('every status together is every key, each once', async () => {
    const { rows } = await everyPage({});
    expect(new Set(rows.map((row) => row.id)).size).toBe(report.length);
  });

  it('the summary counts what the report lists', async () => {
    const view = await ok<SummaryView>(harness, 'inventory.summary');
    expect(view.offline).toBeNull();
    for (const status of KEY_STATUSES) {
      expect(view.summary?.counts[status]).toBe(report.filter((row) => row.status === KEY_STATUS_TEXT[status]).length);
    }
    expect(view.summary?.total).toBe(report.length);
  });

  it("a chart day's keys are the report's keys expiring that day, as many as its bar counts", async () => {
    const view = await ok<SummaryView>(harness, 'inventory.summary');
    const days = view.summary?.expiries ?? [];
    expect(days.length).toBeGreaterThan(30);
    const end = NOW.getTime() + 90 * 86_400_000;
    const expiring = report.filter((row) => {
      const time = row.expires_at === null ? Number.NaN : Date.parse(row.expires_at);
      return time > NOW.getTime() && time <= end;
    });
    expect(days.reduce((sum, day) => sum + day.count, 0)).toBe(expiring.length);
    for (const { day, count } of days.slice(0, 10)) {
      const { keyIds } = await ok<{ keyIds: string[] }>(harness, 'inventory.keysExpiringOn', { day });
      expect(keyIds).toHaveLength(count);
      expect(new Set(keyIds)).toEqual(
        new Set(expiring.filter((row) => row.expires_at!.slice(0, 10) === day).map((row) => row.key_id)),
      );
    }
    // Not a day, or not one on the calendar: refused, not answered with no keys.
    for (const day of ['tomorrow', '2026-13-45', '2027-02-29']) {
      const refused = await harness.services.dispatch('inventory.keysExpiringOn', { day });
      expect(refused.ok ? null : refused.error.code, day).toBe('validation');
    }
  });

  it('offers at most MAX_BULK_KEYS keys for a bulk action, and says how many match', async () => {
    const answer = await ok<{ keys: unknown[]; total: number }>(harness, 'inventory.matchingKeys', {
      filter: { statuses: ['active'] },
    });
    const active = report.filter((row) => row.status === KEY_STATUS_TEXT.active && row.owner_type === 'device').length;
    expect(answer.keys).toHaveLength(MAX_BULK_KEYS);
    expect(answer.total).toBeGreaterThanOrEqual(active);
  });

  it('exports exactly the keys a selection matches', async () => {
    const file = await ok<InventoryExport>(harness, 'inventory.export', {
      format: 'json',
      select: { statuses: ['expired'], sort: { field: 'label', direction: 'desc' } },
    });
    const rows = (JSON.parse(file.content) as { keys: ReportRow[] }).keys;
    const expired = report.filter((row) => row.status === KEY_STATUS_TEXT.expired);
    expect(rows.map((row) => row.key_id).sort()).toEqual(expired.map((row) => row.key_id).sort());
    expect(rows.length).toBeGreaterThan(0);
  });

  it("gives a page only its part of the snapshot: the devices' keys, not the users'", async () => {
    const view = await ok<InventoryView>(harness, 'inventory.view', { keys: 'devices', devices: true, users: false });
    const deviceKeys = report.filter((row) => row.owner_type === 'device').map((row) => row.key_id);
    expect(view.inventory?.keys.map((key) => key.id).sort()).toEqual(deviceKeys.sort());
    expect(view.inventory?.users).toEqual([]);
    expect(view.inventory?.devices.length).toBe(SCALE_TOTALS.devices);
  });

  /** Every page of a grid's rows (inventory.userRows, inventory.deviceRows) for a sort, filter or search, in order. */
  async function allPages<R>(channel: string, query: object): Promise<{ rows: R[]; total: number; all: number; pages: number }> {
    const rows: R[] = [];
    let pages = 0;
    for (;;) {
      const answer = await ok<{ rows: R[]; total: number; users?: number; devices?: number }>(harness, channel, {
        ...query,
        page: pages,
        pageSize: MAX_GRID_PAGE_SIZE,
      });
      pages += 1;
      expect(answer.rows.length).toBeLessThanOrEqual(MAX_GRID_PAGE_SIZE);
      rows.push(...answer.rows);
      if (rows.length >= answer.total || answer.rows.length === 0) {
        return { rows, total: answer.total, all: answer.users ?? answer.devices ?? Number.NaN, pages };
      }
    }
  }

  /** Every page of the Devices grid for a sort, filter or search, in order. */
  const allDeviceRows = (query: Omit<DeviceRowsQuery, 'page' | 'pageSize'> = {}) => allPages<DeviceRowWire>('inventory.deviceRows', query);

  it("summarises every device's keys for the Devices page a page at a time, without sending them", async () => {
    const { rows, total, all, pages } = await allDeviceRows();
    expect(pages).toBeGreaterThan(1);
    expect(all).toBe(SCALE_TOTALS.devices);
    expect(total).toBe(all);
    expect(new Set(rows.map((row) => row.id)).size).toBe(all);
    const deviceKeys = report.filter((row) => row.owner_type === 'device');
    expect(rows.reduce((sum, row) => sum + row.keyCount, 0)).toBe(deviceKeys.length);
    const perDevice = new Map<string, ReportRow[]>();
    for (const row of deviceKeys) perDevice.set(row.owner_id, [...(perDevice.get(row.owner_id) ?? []), row]);
    for (const row of rows.slice(0, 50)) {
      const own = perDevice.get(row.id) ?? [];
      expect(row.keyCount).toBe(own.length);
      expect(row.hasLegacyKeys).toBe(own.some((key) => key.kind === 'legacy'));
    }
  });

  it("finds the devices with legacy keys, most keys first, as the site's own report counts them", async () => {
    const counts = new Map<string, number>();
    const legacyOwners = new Set<string>();
    for (const row of report) {
      if (row.owner_type !== 'device') continue;
      counts.set(row.owner_id, (counts.get(row.owner_id) ?? 0) + 1);
      if (row.kind === 'legacy') legacyOwners.add(row.owner_id);
    }
    const { rows, total } = await allDeviceRows({
      filter: { kind: 'boolean', field: 'hasLegacyKeys', operator: 'is', value: true },
      sort: { field: 'keyCount', direction: 'desc' },
    });
    expect(legacyOwners.size).toBeGreaterThan(0);
    expect(total).toBe(legacyOwners.size);
    expect(new Map(rows.map((row) => [row.id, row.keyCount]))).toEqual(new Map([...legacyOwners].map((id) => [id, counts.get(id)])));
    const keyCounts = rows.map((row) => row.keyCount);
    expect(keyCounts).toEqual([...keyCounts].sort((a, b) => b - a));
  });

  it('finds a device by its label, and the devices of one health', async () => {
    const { rows: everyDevice } = await allDeviceRows();
    const someone = everyDevice.at(-1)!;
    const found = await allDeviceRows({ search: someone.label });
    expect(found.rows.map((row) => row.id)).toContain(someone.id);
    const missing = await allDeviceRows({ filter: { kind: 'select', field: 'health', operator: 'is', value: 'missing' } });
    expect(missing.total).toBe(everyDevice.filter((row) => row.health === 'missing').length);
    expect(missing.rows.every((row) => row.health === 'missing')).toBe(true);
  });

  it('gives an opened device its record and its keys, and nothing else', async () => {
    const {
      rows: [first],
    } = await ok<DeviceRowsPage>(harness, 'inventory.deviceRows', { page: 0, pageSize: 1 });
    const view = await ok<InventoryView>(harness, 'inventory.view', {
      keys: { ownerType: 'device', ownerId: first!.id },
      devices: { id: first!.id },
      users: false,
    });
    expect(view.inventory?.devices.map((device) => device.id)).toEqual([first!.id]);
    expect(view.inventory?.keys.length).toBe(first!.keyCount);
    expect(view.inventory?.users).toEqual([]);
  });

  it('refuses a Devices page larger than MAX_GRID_PAGE_SIZE, and a health the site has not', async () => {
    const tooLarge = await harness.services.dispatch('inventory.deviceRows', { page: 0, pageSize: MAX_GRID_PAGE_SIZE + 1 });
    expect(tooLarge.ok).toBe(false);
    const unknown = await harness.services.dispatch('inventory.deviceRows', {
      page: 0,
      pageSize: 10,
      filter: { kind: 'select', field: 'health', operator: 'is', value: 'sleeping' },
    });
    expect(unknown.ok).toBe(false);
  });

  /** Every page of the Users grid for a sort, filter or search, in order. */
  async function allUserRows(query: Omit<UserRowsQuery, 'page' | 'pageSize'> = {}): Promise<UserRowsPage & { pages: number }> {
    const { rows, total, all, pages } = await allPages<UserRowWire>('inventory.userRows', query);
    return { rows, total, users: all, pages };
  }

  it("summarises every user's keys for the Users page a page at a time, without sending them", async () => {
    const { rows, total, users, pages } = await allUserRows();
    expect(pages).toBeGreaterThan(1);
    expect(total).toBe(users);
    expect(rows.length).toBe(users);
    expect(new Set(rows.map((row) => row.id)).size).toBe(users);
    const userKeys = report.filter((row) => row.owner_type === 'user');
    expect(rows.reduce((sum, row) => sum + (row.keyCount ?? 0), 0)).toBe(userKeys.length);
    const perUser = new Map<string, number>();
    for (const row of userKeys) perUser.set(row.owner_id, (perUser.get(row.owner_id) ?? 0) + 1);
    for (const row of rows.slice(0, 50)) expect(row.keyCount ?? 0).toBe(perUser.get(row.id) ?? 0);
  });

  it("finds the users with legacy keys, most first, as the site's own report counts them", async () => {
    const legacyOwners = new Map<string, number>();
    for (const row of report) {
      if (row.owner_type === 'user' && row.kind === 'legacy') legacyOwners.set(row.owner_id, (legacyOwners.get(row.owner_id) ?? 0) + 1);
    }
    const { rows, total } = await allUserRows({
      filter: { kind: 'number', field: 'legacyKeys', operator: '>', value: 0 },
      sort: { field: 'legacyKeys', direction: 'desc' },
    });
    expect(legacyOwners.size).toBeGreaterThan(0);
    expect(total).toBe(legacyOwners.size);
    expect(new Map(rows.map((row) => [row.id, row.legacyKeys]))).toEqual(legacyOwners);
    const counts = rows.map((row) => row.legacyKeys ?? 0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('finds a user by their e-mail address, and no one for a phrase nobody has', async () => {
    const [someone] = (await allUserRows({ filter: { kind: 'text', field: 'email', operator: 'isNotEmpty' } })).rows.slice(-1);
    const found = await allUserRows({ search: someone!.email! });
    expect(found.rows.map((row) => row.id)).toContain(someone!.id);
    expect(found.rows.every((row) => row.email?.toLowerCase().includes(someone!.email!.toLowerCase()))).toBe(true);
    expect((await allUserRows({ search: 'no such person anywhere' })).total).toBe(0);
  });

  it('refuses a Users page larger than MAX_USER_PAGE_SIZE, and a filter on a column main does not filter', async () => {
    const tooLarge = await harness.services.dispatch('inventory.userRows', { page: 0, pageSize: MAX_USER_PAGE_SIZE + 1 });
    expect(tooLarge.ok).toBe(false);
    const unknown = await harness.services.dispatch('inventory.userRows', {
      page: 0,
      pageSize: 10,
      filter: { kind: 'text', field: 'id', operator: 'contains', value: 'a' },
    });
    expect(unknown.ok).toBe(false);
  });

  it("answers other questions while a grid's rows are being made after a refresh", async () => {
    await ok<SummaryView>(harness, 'inventory.fetch');
    const answered: string[] = [];
    const asked = [
      ok<UserRowsPage>(harness, 'inventory.userRows', { page: 0, pageSize: 10, search: 'example' }).then(() => answered.push('users')),
      ok<DeviceRowsPage>(harness, 'inventory.deviceRows', { page: 0, pageSize: 10, sort: { field: 'type', direction: 'desc' } }).then(() =>
        answered.push('devices'),
      ),
      ok<SummaryView>(harness, 'inventory.summary').then(() => answered.push('summary')),
    ];
    await Promise.all(asked);
    // Asked last, answered first: the rows, their texts and their order are made a step per task.
    expect(answered[0]).toBe('summary');
    expect(answered).toHaveLength(3);
  });

  it('fetches again and answers the summary, not the inventory', async () => {
    const answer = await ok<SummaryView>(harness, 'inventory.fetch');
    expect(Object.keys(answer).sort()).toEqual(['offline', 'summary']);
    expect(answer.summary?.total).toBe(report.length);
    expect(answer.summary?.devices).toBe(SCALE_TOTALS.devices);
  });

  it('refuses a page larger than MAX_PAGE_SIZE', async () => {
    const result = await harness.services.dispatch('inventory.query', { page: 0, pageSize: MAX_PAGE_SIZE + 1 });
    expect(result.ok).toBe(false);
  });
});
