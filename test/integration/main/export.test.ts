/**
 * The credential report (inventory.export): exactly the keys asked for, or all; the CSV starts with its header row;
 * the site, the time of the data and the filter in the file name and the JSON's metadata; JSON with booleans and
 * null; never a secret (security.md B3); cells a spreadsheet would run neutralised in CSV (E5).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { InventoryExport } from '../../../shared/ipc-contract.js';
import type { Inventory } from '../../../shared/inventory.js';
import { ADMIN_CANARY, KEY_CANARY } from '../../support/canary.js';
import type { MainHarness } from '../../support/main-harness.js';
import { connectAdmin, createDeviceKey, failCode, ok, refresh, startDemoSite } from './support.js';

interface JsonReport {
  report: string;
  site: string;
  siteName: string;
  dataFetchedAt: string;
  generatedAt: string;
  filter: { status: string | null; search: string | null; columns: string[]; keys: string | null } | null;
  rowCount: number;
  keys: Array<Record<string, string | boolean | null>>;
}

const HEADER = 'owner_type,owner_id,owner,owner_disabled,device_type,key_id,label,kind,status,usage,created,expires_at,last_used';

let service: KeyService;
let harness: MainHarness;
let inventory: Inventory;

beforeEach(async () => {
  service = await startDemoSite();
  harness = (await connectAdmin(service)).harness;
  await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, 'Exported key');
  inventory = (await refresh(harness)).inventory!;
});
afterEach(async () => {
  harness.cleanup();
  await service.close();
});

function exportAs(format: 'csv' | 'json', keyIds?: string[], filter?: Record<string, unknown>): Promise<InventoryExport> {
  return ok<InventoryExport>(harness, 'inventory.export', {
    format,
    ...(keyIds === undefined ? {} : { keyIds }),
    ...(filter === undefined ? {} : { filter }),
  });
}

/** The data rows of a CSV report: every line after the header, which is the first. */
function csvRows(content: string): string[] {
  const lines = content.split('\r\n').filter((line) => line !== '');
  expect(lines[0]).toBe(HEADER);
  return lines.slice(1);
}

/** The site's host and port, as the file name has it. */
const siteInName = () => new URL(service.baseUrl).host.replace(':', '-');
/** The time of the data, as the file name has it: 2026-11-26T1100Z. */
const timeInName = () =>
  `${inventory.fetchedAt.slice(0, 10)}T${inventory.fetchedAt.slice(11, 13)}${inventory.fetchedAt.slice(14, 16)}Z`;

/** The cells of one CSV row (RFC 4180 quoting; the report never breaks a cell over lines). */
function csvCells(row: string): string[] {
  return [...row.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell = '']) =>
    cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell,
  );
}

describe('inventory.export', () => {
  it('JSON with all keys: every key of the snapshot, the site and the time of the data', async () => {
    const file = await exportAs('json');
    expect(file.mimeType).toBe('application/json');
    expect(file.fileName).toMatch(/\.json$/);
    const report = JSON.parse(file.content) as JsonReport;
    expect(report.site).toBe(service.baseUrl);
    expect(report.siteName).toBe('Demo');
    expect(report.dataFetchedAt).toBe(inventory.fetchedAt);
    expect(report.filter).toBeNull();
    expect(report.rowCount).toBe(inventory.keys.length);
    expect(report.keys.map((k) => k.key_id).sort()).toEqual(inventory.keys.map((k) => k.id).sort());
    expect(file.rows).toBe(inventory.keys.length);
    expect(file.fileName).toBe(`keywarden-keys_${siteInName()}_${timeInName()}.json`);
  });

  it('JSON keeps the types: owner_disabled a boolean, missing dates and device types null, never "no" or ""', async () => {
    const report = JSON.parse((await exportAs('json')).content) as JsonReport;
    for (const row of report.keys) {
      expect(typeof row.owner_disabled).toBe('boolean');
      for (const field of ['device_type', 'created', 'expires_at', 'last_used']) {
        expect(row[field] === null || (typeof row[field] === 'string' && row[field] !== '')).toBe(true);
      }
    }
    const byId = new Map(report.keys.map((row) => [row.key_id, row]));
    for (const key of inventory.keys) {
      expect(byId.get(key.id)?.owner_disabled).toBe(key.ownerDisabled);
      expect(byId.get(key.id)?.last_used).toBe(key.lastUsed);
      expect(byId.get(key.id)?.expires_at).toBe(key.expiresAt);
    }
    expect(report.keys.some((row) => row.owner_disabled === true)).toBe(true);
    expect(report.keys.some((row) => row.last_used === null)).toBe(true);
    expect(report.keys.some((row) => row.expires_at === null)).toBe(true);
  });

  it('records the filter the renderer describes: in the file name of both formats and in the JSON metadata', async () => {
    const chosen = inventory.keys.slice(0, 2).map((k) => k.id);
    const filter = { status: 'expiring-soon', search: 'Bay 1', columns: ['Owner type is Device'] };
    const csv = await exportAs('csv', chosen, filter);
    expect(csv.fileName).toBe(`keywarden-keys_${siteInName()}_${timeInName()}_expiring-soon_search-bay-1_column-filters.csv`);
    expect(csv.content.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(csvRows(csv.content)).toHaveLength(2);
    const json = await exportAs('json', chosen, filter);
    expect(json.fileName).toBe(`keywarden-keys_${siteInName()}_${timeInName()}_expiring-soon_search-bay-1_column-filters.json`);
    expect((JSON.parse(json.content) as JsonReport).filter).toEqual({
      status: 'Expiring soon',
      search: 'Bay 1',
      columns: ['Owner type is Device'],
      keys: null,
    });
  });

  it("gives each device's key its device's type and users' keys none, in both formats", async () => {
    const typeOf = new Map(inventory.devices.map((device) => [device.id, device.type]));
    const expected = new Map(
      inventory.keys.map((key) => [key.id, key.ownerType === 'device' ? (typeOf.get(key.ownerId) ?? '') : '']),
    );
    expect(new Set([...expected.values()].filter(Boolean)).size).toBeGreaterThan(1);
    expect([...expected.values()]).toContain('');

    const report = JSON.parse((await exportAs('json')).content) as JsonReport;
    expect(new Map(report.keys.map((k) => [k.key_id, k.device_type ?? '']))).toEqual(expected);
    expect(report.keys.filter((k) => k.owner_type === 'user').every((k) => k.device_type === null)).toBe(true);

    const csv = (await exportAs('csv')).content;
    const header = HEADER.split(',');
    const cells = csvRows(csv).map(csvCells);
    expect(new Map(cells.map((row) => [row[header.indexOf('key_id')], row[header.indexOf('device_type')]]))).toEqual(expected);
  });

  it('JSON with chosen ids: exactly those keys; unknown ids are ignored', async () => {
    const chosen = inventory.keys.slice(0, 3).map((k) => k.id);
    const file = await exportAs('json', [...chosen, 'ffffffffffffffffffffffff']);
    const report = JSON.parse(file.content) as JsonReport;
    expect(report.keys.map((k) => k.key_id).sort()).toEqual([...chosen].sort());
    expect(file.rows).toBe(3);
    expect((JSON.parse((await exportAs('json', [])).content) as JsonReport).keys).toEqual([]);
  });

  it('CSV with chosen ids: the header row first, exactly those rows; the site and the data time in the file name', async () => {
    const chosen = inventory.keys.slice(2, 7).map((k) => k.id);
    const file = await exportAs('csv', chosen);
    expect(file.mimeType).toBe('text/csv');
    expect(file.content.split('\r\n')[0]).toBe(HEADER);
    expect(file.content).not.toMatch(/^#/m);
    expect(file.fileName).toBe(`keywarden-keys_${siteInName()}_${timeInName()}.csv`);
    const rows = csvRows(file.content);
    expect(rows).toHaveLength(5);
    for (const id of chosen) expect(rows.filter((row) => row.includes(`,${id},`))).toHaveLength(1);
  });

  it('CSV with all keys has one row per key', async () => {
    const file = await exportAs('csv');
    expect(csvRows(file.content)).toHaveLength(inventory.keys.length);
  });

  it('holds no secret in either format', async () => {
    for (const format of ['csv', 'json'] as const) {
      const file = await exportAs(format);
      expect(file.content).not.toContain(KEY_CANARY);
      expect(file.content).not.toContain(ADMIN_CANARY);
    }
  });

  it('a label starting with = is neutralised with a leading quote in CSV', async () => {
    const created = await createDeviceKey(harness, DEMO_DEVICE_IDS.importerNoKeys, '=HYPERLINK("x")');
    const file = await exportAs('csv', [created.key.id]);
    const [row] = csvRows(file.content);
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).not.toMatch(/(^|,)=/);
    expect(row).not.toMatch(/(^|,)"=/);
  });

  // A leading tab or carriage return cannot reach a label: the app and the site trim labels.
  it.each(['+1+1', '-2', '@SUM(A1)'])('a label starting with %j is neutralised too', async (label) => {
    const created = await createDeviceKey(harness, DEMO_DEVICE_IDS.importerNoKeys, `${label} key`);
    const [row] = csvRows((await exportAs('csv', [created.key.id])).content);
    const cells = row!.split(',');
    expect(cells).toContain(`'${label} key`);
    expect(cells).not.toContain(`${label} key`);
  });

  it('without a snapshot: not-found', async () => {
    // The fetch that follows a connect fails, so there is no snapshot yet.
    service.faults.failNext({ method: 'GET', path: /\/devices$/ }, 400);
    const fresh = (await connectAdmin(service)).harness;
    try {
      expect(await failCode(fresh, 'inventory.export', { format: 'csv' })).toBe('not-found');
    } finally {
      fresh.cleanup();
    }
  });
});
