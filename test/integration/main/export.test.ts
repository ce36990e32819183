/**
 * The credential report (inventory.export): exactly the keys asked for, or all; the site and the time of the
 * data; never a secret (security.md B3); cells a spreadsheet would run neutralised in CSV (E5).
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
  dataFetchedAt: string;
  generatedAt: string;
  keys: Array<Record<string, string>>;
}

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

function exportAs(format: 'csv' | 'json', keyIds?: string[]): Promise<InventoryExport> {
  return ok<InventoryExport>(harness, 'inventory.export', keyIds === undefined ? { format } : { format, keyIds });
}

/** The data rows of a CSV report: after the comment lines and the header. */
function csvRows(content: string): string[] {
  const lines = content.split('\r\n').filter((line) => line !== '');
  const header = lines.findIndex((line) => line.startsWith('owner_type,'));
  return lines.slice(header + 1);
}

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
    expect(report.dataFetchedAt).toBe(inventory.fetchedAt);
    expect(report.keys.map((k) => k.key_id).sort()).toEqual(inventory.keys.map((k) => k.id).sort());
    expect(file.rows).toBe(inventory.keys.length);
  });

  it("gives each device's key its device's type and users' keys none, in both formats", async () => {
    const typeOf = new Map(inventory.devices.map((device) => [device.id, device.type]));
    const expected = new Map(
      inventory.keys.map((key) => [key.id, key.ownerType === 'device' ? (typeOf.get(key.ownerId) ?? '') : '']),
    );
    expect(new Set([...expected.values()].filter(Boolean)).size).toBeGreaterThan(1);
    expect([...expected.values()]).toContain('');

    const report = JSON.parse((await exportAs('json')).content) as JsonReport;
    expect(new Map(report.keys.map((k) => [k.key_id, k.device_type]))).toEqual(expected);

    const csv = (await exportAs('csv')).content;
    const header = csv
      .split('\r\n')
      .find((line) => line.startsWith('owner_type,'))!
      .split(',');
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

  it('CSV with chosen ids: exactly those rows, the site and the data time in the header lines', async () => {
    const chosen = inventory.keys.slice(2, 7).map((k) => k.id);
    const file = await exportAs('csv', chosen);
    expect(file.mimeType).toBe('text/csv');
    expect(file.content).toContain(`# site: ${service.baseUrl}`);
    expect(file.content).toContain(`# data fetched at: ${inventory.fetchedAt}`);
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
