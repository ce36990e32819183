/**
 * Issue 12 in a real browser: on the key service's scale site (25,000 keys) the inventory grid asks main for each
 * page. A status filter, a search, a sort and the next page show the same keys, in the same order, as this test
 * works out itself from the key service's own lists (read here directly over HTTP, classified by this test's own
 * reading of the rules, ordered as the grid orders: soonest expiry first, then by id; a sorted column first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { groupedNumber } from '../../shared/count-text.js';
import { openApp, type E2eSession } from './support/web-app.js';

interface WireKey {
  _id: string;
  label: string;
  expires_at: string | null;
  legacy?: boolean | null;
}
interface Owner {
  _id: string;
  label?: string | null;
  name?: string | null;
  email?: string | null;
  disabled?: boolean;
  api_keys?: WireKey[] | null;
}
interface SiteKey {
  readonly id: string;
  readonly label: string;
  readonly expires: number;
  readonly status: string;
}

const DAY = 24 * 60 * 60 * 1000;
/** Rows the grid has painted at the top of a page (it paints only what fits; 10 always fit). */
const TOP = 10;
const PAGE_SIZE = 100;

let session: E2eSession;
let page: Page;
let keys: SiteKey[] = [];

function statusOf(key: WireKey, ownerDisabled: boolean, now: number): string {
  if (ownerDisabled) return 'Rejected: owner disabled';
  if (key.expires_at === null || key.label === 'Legacy Key') return 'Legacy';
  const expires = Date.parse(key.expires_at);
  if (expires <= now) return 'Expired';
  return expires - now <= 7 * DAY ? 'Expiring soon' : 'Active';
}

/** Every owner of a list, page by page as the key service pages it (after_id). */
async function listAll(kind: 'devices' | 'users'): Promise<Owner[]> {
  const service = session.app.keyService!;
  const secret = service.keys!.admin.split(':').pop()!;
  const owners: Owner[] = [];
  let after: string | null = null;
  for (;;) {
    const query: string = `join_keys=true&limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`;
    const response = await fetch(`${service.baseUrl}/api/${kind}?${query}`, { headers: { Authorization: `Bearer ${secret}` } });
    const batch = (await response.json()) as Owner[];
    owners.push(...batch);
    if (batch.length < 1000) return owners;
    after = batch.at(-1)!._id;
  }
}

/** Soonest expiry first, keys without one last, then by id: the inventory's own order. */
const byExpiry = (a: SiteKey, b: SiteKey) => a.expires - b.expires || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const grid = (): Locator => page.getByRole('grid', { name: 'Key inventory' });
const topIds = (): Promise<string[]> =>
  grid()
    .locator('[role="row"][data-id]')
    .evaluateAll((rows, top) => rows.slice(0, top).map((row) => row.getAttribute('data-id') ?? ''), TOP);
const keyCount = (count: number) => page.getByRole('status').filter({ hasText: new RegExp(`^${groupedNumber(count)} keys?$`) });

async function shows(expected: readonly SiteKey[]): Promise<void> {
  await keyCount(expected.length).waitFor({ timeout: 20_000 });
  await expect.poll(topIds, { timeout: 20_000 }).toEqual(expected.slice(0, TOP).map((key) => key.id));
}

async function chooseStatus(option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: option }).click();
}

beforeAll(async () => {
  session = await openApp({ demo: { seed: 'scale' } });
  page = session.page;
  const now = Date.now();
  for (const [kind, disabledOwner] of [
    ['devices', (owner: Owner) => owner.disabled === true],
    ['users', (owner: Owner) => owner.disabled === true],
  ] as const) {
    for (const owner of await listAll(kind)) {
      for (const key of owner.api_keys ?? []) {
        keys.push({
          id: key._id,
          label: key.label,
          expires: key.expires_at === null ? Number.POSITIVE_INFINITY : Date.parse(key.expires_at),
          status: statusOf(key, disabledOwner(owner), now),
        });
      }
    }
  }
  keys = keys.sort(byExpiry);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Key inventory' }).click();
  await grid().waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await session?.close();
});

describe('the inventory grid on the scale site, answered by main', () => {
  it('opens on every key, soonest expiry first', async () => {
    expect(keys.length).toBeGreaterThanOrEqual(25_000);
    await shows(keys);
  });

  it('renders only the rows in view, and a scroll the rows it brings into view', async () => {
    // Rows out of view would cost the same at every filter, search and sort (npm run bench): none is rendered at
    // first. (Once the admin scrolls, the grid renders ahead in the scroll's direction.)
    const rendered = () =>
      grid()
        .locator('[role="row"][data-id]')
        .evaluateAll((rows) => {
          // The rows' viewport: the scroller below its sticky column headers.
          const scroller = rows[0]?.closest('.MuiDataGrid-virtualScroller')?.getBoundingClientRect();
          const headers = rows[0]?.closest('[role="grid"]')?.querySelector('.MuiDataGrid-columnHeaders')?.getBoundingClientRect();
          const view = scroller && headers ? { top: headers.bottom, bottom: scroller.bottom } : undefined;
          const boxes = rows.map((row) => row.getBoundingClientRect());
          const inView = boxes.filter((box) => view !== undefined && box.bottom > view.top && box.top < view.bottom);
          return {
            rendered: rows.length,
            inView: inView.length,
            covered:
              view !== undefined &&
              boxes.length > 0 &&
              Math.min(...boxes.map((b) => b.top)) <= view.top + 1 &&
              Math.max(...boxes.map((b) => b.bottom)) >= view.bottom - 1,
          };
        });
    const top = await rendered();
    expect(top.inView).toBeGreaterThanOrEqual(TOP);
    expect(top.rendered).toBeLessThanOrEqual(top.inView + 1);
    await grid()
      .locator('.MuiDataGrid-virtualScroller')
      .evaluate((scroller) => scroller.scrollBy(0, 36 * 40));
    await expect.poll(async () => (await rendered()).covered, { timeout: 20_000 }).toBe(true);
    await grid()
      .locator('.MuiDataGrid-virtualScroller')
      .evaluate((scroller) => scroller.scrollTo(0, 0));
  });

  it('filters to the expired keys and pages through them', async () => {
    const expired = keys.filter((key) => key.status === 'Expired');
    expect(expired.length).toBeGreaterThan(2 * PAGE_SIZE);
    await chooseStatus(/^Expired \(/);
    await shows(expired);
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await expect.poll(topIds, { timeout: 20_000 }).toEqual(expired.slice(PAGE_SIZE, PAGE_SIZE + TOP).map((key) => key.id));
    await chooseStatus(/^All \(/);
    await shows(keys);
  });

  it('searches a label as a whole phrase', async () => {
    const found = keys.filter((key) => key.label === 'Backup 7');
    expect(found.length).toBeGreaterThan(TOP);
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    await search.fill('Backup 7');
    await shows(found);
    await search.fill('');
    await shows(keys);
  });

  it('sorts by label, both ways, ties in the inventory order', async () => {
    const active = keys.filter((key) => key.status === 'Active');
    const collator = new Intl.Collator();
    const ascending = [...active].sort((a, b) => collator.compare(a.label, b.label) || byExpiry(a, b));
    // Descending: labels reversed, keys of one label still in the inventory order (a stable sort).
    const descending = [...active].sort((a, b) => collator.compare(b.label, a.label) || byExpiry(a, b));
    await chooseStatus(/^Active \(/);
    await shows(active);
    const header = grid().getByRole('columnheader', { name: 'Label' });
    await header.click();
    await shows(ascending);
    await header.click();
    await shows(descending);
  });
});

/** This test's own reading of a legacy key: the site's flag where it gives one, else its label or no expiry. */
const isLegacy = (key: WireKey): boolean =>
  typeof key.legacy === 'boolean' ? key.legacy : key.label === 'Legacy Key' || key.expires_at === null;

describe('the Users grid on the scale site, answered by main', () => {
  const usersGrid = (): Locator => page.getByRole('grid', { name: 'Users' });
  const topUserIds = (): Promise<string[]> =>
    usersGrid()
      .locator('[role="row"][data-id]')
      .evaluateAll((rows, top) => rows.slice(0, top).map((row) => row.getAttribute('data-id') ?? ''), TOP);

  it("sorts the users by their legacy keys, most first, ties in the site's order, and finds one by e-mail", async () => {
    const owners = await listAll('users');
    expect(owners.length).toBeGreaterThan(2 * PAGE_SIZE);
    const byLegacy = owners
      .map((owner, at) => ({ id: owner._id, legacy: (owner.api_keys ?? []).filter(isLegacy).length, at }))
      .sort((a, b) => b.legacy - a.legacy || a.at - b.at);
    expect(byLegacy[0]!.legacy).toBeGreaterThan(byLegacy[TOP]!.legacy - 1);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Users' }).click();
    await usersGrid().waitFor({ timeout: 60_000 });
    await page.getByText(`${groupedNumber(owners.length)} users`, { exact: true }).waitFor({ timeout: 20_000 });
    const header = usersGrid().getByRole('columnheader', { name: 'Legacy keys' });
    await header.click();
    await header.click();
    await expect.poll(topUserIds, { timeout: 20_000 }).toEqual(byLegacy.slice(0, TOP).map((user) => user.id));

    const someone = owners.filter((owner) => owner.email).at(-1)!;
    await usersGrid().locator('..').getByRole('button', { name: /search/i }).first().click();
    await page.getByRole('searchbox').last().fill(someone.email!);
    await expect.poll(topUserIds, { timeout: 20_000 }).toContain(someone._id);
    await page.getByRole('searchbox').last().fill('');
  });

  it("filters the disabled users through the grid's filter panel, as many as the site lists", async () => {
    const disabled = (await listAll('users')).filter((owner) => owner.disabled === true);
    expect(disabled.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('combobox', { name: 'Column' }).click();
    await page.getByRole('option', { name: 'Disabled' }).click();
    await page.getByRole('combobox', { name: 'Value' }).click();
    await page.getByRole('option', { name: 'true' }).click();
    await page
      .getByText(new RegExp(`users · ${groupedNumber(disabled.length)} match(es)? the filter$`))
      .waitFor({ timeout: 20_000 });
    const shown = await usersGrid().locator('[role="row"][data-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
    const ids = new Set(disabled.map((owner) => owner._id));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((id) => ids.has(id ?? ''))).toBe(true);
  });
});

describe('the Devices grid on the scale site, answered by main', () => {
  const devicesGrid = (): Locator => page.getByRole('grid', { name: 'Devices' });
  const topDeviceIds = (): Promise<string[]> =>
    devicesGrid()
      .locator('[role="row"][data-id]')
      .evaluateAll((rows, top) => rows.slice(0, top).map((row) => row.getAttribute('data-id') ?? ''), TOP);

  it("sorts the devices by their keys, most first, ties in the site's order, and finds one by the page's search", async () => {
    const owners = await listAll('devices');
    expect(owners.length).toBeGreaterThan(2 * PAGE_SIZE);
    const byKeys = owners
      .map((owner, at) => ({ id: owner._id, keys: (owner.api_keys ?? []).length, at }))
      .sort((a, b) => b.keys - a.keys || a.at - b.at);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Devices' }).click();
    await devicesGrid().waitFor({ timeout: 60_000 });
    await page.getByText(`${groupedNumber(owners.length)} devices`, { exact: true }).waitFor({ timeout: 20_000 });
    // The title, not the column's menu button beside it.
    const header = devicesGrid().getByRole('columnheader', { name: /^Keys/ }).getByText('Keys', { exact: true });
    await header.click();
    await header.click();
    await expect.poll(topDeviceIds, { timeout: 20_000 }).toEqual(byKeys.slice(0, TOP).map((device) => device.id));

    const someone = owners.at(-1)!;
    await page.getByRole('searchbox', { name: 'Search devices' }).fill(someone.label || someone.name || someone._id);
    await expect.poll(topDeviceIds, { timeout: 20_000 }).toContain(someone._id);
    await page.getByRole('searchbox', { name: 'Search devices' }).fill('');
  });

  it("filters the devices with legacy keys through the grid's filter panel, as many as the site lists", async () => {
    const withLegacy = (await listAll('devices')).filter((owner) => (owner.api_keys ?? []).some(isLegacy));
    expect(withLegacy.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('combobox', { name: 'Column' }).click();
    await page.getByRole('option', { name: 'Legacy keys' }).click();
    await page.getByRole('combobox', { name: 'Value' }).click();
    await page.getByRole('option', { name: 'true' }).click();
    await page
      .getByText(new RegExp(`devices · ${groupedNumber(withLegacy.length)} match(es)? the filter$`))
      .waitFor({ timeout: 20_000 });
    const shown = await devicesGrid().locator('[role="row"][data-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
    const ids = new Set(withLegacy.map((owner) => owner._id));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((id) => ids.has(id ?? ''))).toBe(true);
  });
});
