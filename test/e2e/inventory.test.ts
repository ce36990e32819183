/**
 * The overview, the inventory and its export in a real browser, checked against what the demo key service
 * itself lists (read here directly over HTTP, and classified by this test's own reading of the rules).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type E2eSession } from './support/web-app.js';

interface WireKey {
  _id: string;
  label: string;
  expires_at: string | null;
}
interface Owner {
  _id: string;
  disabled?: boolean;
  api_keys?: WireKey[];
}

type Status = 'Active' | 'Expiring soon' | 'Expired' | 'Legacy' | 'Rejected: owner disabled';
const DAY = 24 * 60 * 60 * 1000;

let session: E2eSession;
let page: Page;
const expected = new Map<string, Status>();

/** The rules as the issue states them: a disabled owner rejects every key; no expiry means legacy; 7 days. */
function statusOf(key: WireKey, ownerDisabled: boolean, now: number): Status {
  if (ownerDisabled) return 'Rejected: owner disabled';
  if (key.expires_at === null || key.label === 'Legacy Key') return 'Legacy';
  const expires = Date.parse(key.expires_at);
  if (expires <= now) return 'Expired';
  return expires - now <= 7 * DAY ? 'Expiring soon' : 'Active';
}

async function siteLists(): Promise<void> {
  const service = session.app.keyService!;
  const secret = service.keys!.admin.split(':').pop()!;
  const get = async (path: string): Promise<Owner[]> =>
    (await (await fetch(`${service.baseUrl}/api${path}`, { headers: { Authorization: `Bearer ${secret}` } })).json()) as Owner[];
  const now = Date.now();
  for (const owner of [...(await get('/devices?join_keys=true')), ...(await get('/users?join_keys=true'))]) {
    for (const key of owner.api_keys ?? []) expected.set(key._id, statusOf(key, owner.disabled === true, now));
  }
}

function idsWith(status: Status): string[] {
  return [...expected]
    .filter(([, s]) => s === status)
    .map(([id]) => id)
    .sort();
}

function nav(name: string) {
  return page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name, exact: true });
}

beforeAll(async () => {
  session = await openApp({ demo: true });
  page = session.page;
  await siteLists();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
});
afterAll(async () => {
  await session?.close();
});

describe('overview and inventory on the demo site', () => {
  it('counts the keys in each status as the site has them', async () => {
    expect(expected.size).toBeGreaterThan(20);
    for (const status of ['Active', 'Expiring soon', 'Expired', 'Legacy', 'Rejected: owner disabled'] as const) {
      const count = idsWith(status).length;
      const name = `${status}: ${count === 1 ? '1 key' : `${count} keys`}. Show in the inventory`;
      await page.getByRole('button', { name }).waitFor({ timeout: 10_000 });
    }
  });

  it('shows exactly the keys expiring soon when the inventory is filtered to them, and exports those rows', async () => {
    const soon = idsWith('Expiring soon');
    expect(soon.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: new RegExp(`^Expiring soon: ${soon.length} key`) }).click();
    const grid = page.getByRole('grid', { name: 'Key inventory' });
    await grid.waitFor();
    await expect.poll(async () => grid.locator('[role="row"][data-id]').count()).toBe(soon.length);
    const shownIds = await grid
      .locator('[role="row"][data-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
    expect(shownIds.sort()).toEqual(soon);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    // The first line is the header: a spreadsheet or CSV reader takes the file as it is.
    const [first = '', ...rows] = csv.trimEnd().split('\r\n');
    expect(first).toBe(
      'owner_type,owner_id,owner,owner_disabled,device_type,key_id,label,kind,status,usage,created,expires_at,last_used',
    );
    expect(csv).not.toMatch(/^#/m);
    // The site, the time of the data and the filter are in the file name instead.
    const port = new URL(session.app.keyService!.baseUrl).port;
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^keywarden-keys_127\\.0\\.0\\.1-${port}_\\d{4}-\\d\\d-\\d\\dT\\d{4}Z_expiring-soon\\.csv$`),
    );
    const header = first.split(',');
    const exportedIds = rows.map((row) => row.split(',')[header.indexOf('key_id')]).sort();
    expect(exportedIds).toEqual(soon);
    expect(rows.every((row) => row.includes('Expiring soon'))).toBe(true);
  });

  it('warns before revoking the key the app itself is connected with', async () => {
    await nav('My keys').click();
    const appKeyRow = page.getByRole('row').filter({ hasText: 'Used by this app' });
    await appKeyRow.waitFor();
    await appKeyRow.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Keywarden is connected to this site with this key').waitFor();
    expect(await confirm.textContent()).toContain('The safe order');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    // Nothing was revoked: the app still works with its key.
    const state = await session.app.services.dispatch('inventory.refresh', undefined);
    expect(state.ok).toBe(true);
  });
});
