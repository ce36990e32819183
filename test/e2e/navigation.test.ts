/**
 * Pages have addresses and every key leads to its action (issue 10), in Chromium through the web host against the
 * demo key service: an inventory row opens the key's device with the key highlighted; the browser's back and
 * forward buttons and a reload land on the right page and item; the overview's collision warning and its chart's
 * bar open exactly the keys that expire that day, checked against the key service's own lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type E2eSession } from './support/web-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface WireKey {
  readonly _id: string;
  readonly label: string;
  readonly expires_at: string | null;
}
interface WireOwner {
  readonly _id: string;
  readonly label?: string;
  readonly disabled?: boolean;
  readonly api_keys?: WireKey[];
}

let session: E2eSession;
let page: Page;

/** The key service's own answer to an admin's call (its admin key, over plain HTTP). */
async function site<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const service = session.app.keyService!;
  const secret = service.keys!.admin.split(':').pop()!;
  const response = await fetch(`${service.baseUrl}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${secret}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function siteKeys(): Promise<(WireKey & { owner: WireOwner; ownerType: 'device' | 'user' })[]> {
  const devices = await site<WireOwner[]>('GET', '/devices?join_keys=true');
  const users = await site<WireOwner[]>('GET', '/users?join_keys=true');
  return [
    ...devices.flatMap((owner) => (owner.api_keys ?? []).map((key) => ({ ...key, owner, ownerType: 'device' as const }))),
    ...users.flatMap((owner) => (owner.api_keys ?? []).map((key) => ({ ...key, owner, ownerType: 'user' as const }))),
  ];
}

function hash(): Promise<string> {
  return page.evaluate(() => window.location.hash);
}

const inventoryGrid = () => page.getByRole('grid', { name: 'Key inventory' });

/** The ids of the rows the inventory grid shows (few enough here for the grid to render them all). */
async function shownKeyIds(): Promise<string[]> {
  const ids = await inventoryGrid()
    .locator('[role="row"][data-id]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
  return ids.sort();
}

beforeAll(async () => {
  session = await openApp({ demo: true });
  page = session.page;
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
});
afterAll(async () => {
  await session?.close();
});

describe('an inventory row, the back and forward buttons and a reload', () => {
  it('opens the device of a key with the key highlighted, at its own address', async () => {
    expect(await hash()).toBe('#/overview');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Key inventory' }).click();
    await inventoryGrid().waitFor();
    expect(await hash()).toBe('#/inventory');

    // The device key that expires first: the grid lists the soonest expiries first, so its row is drawn.
    const deviceKeys = (await siteKeys()).filter((key) => key.ownerType === 'device' && key.expires_at !== null);
    const key = deviceKeys.sort((a, b) => Date.parse(a.expires_at!) - Date.parse(b.expires_at!))[0]!;
    const device = key.owner.label!;
    await inventoryGrid().locator(`[role="row"][data-id="${key._id}"] [data-field="label"]`).click();

    await page.getByRole('heading', { level: 1, name: device }).waitFor();
    expect(await hash()).toBe(`#/devices/${encodeURIComponent(key.owner._id)}?key=${encodeURIComponent(key._id)}`);
    const highlighted = page.getByRole('table', { name: `Keys of ${device}` }).locator('tr.Mui-selected');
    expect(await highlighted.count()).toBe(1);
    expect(await highlighted.textContent()).toContain(key.label);

    await page.goBack();
    await inventoryGrid().waitFor();
    expect(await hash()).toBe('#/inventory');
    expect(await page.getByRole('heading', { level: 1, name: device }).count()).toBe(0);

    await page.goForward();
    await page.getByRole('heading', { level: 1, name: device }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: device }).waitFor();
    expect(await hash()).toBe(`#/devices/${encodeURIComponent(key.owner._id)}?key=${encodeURIComponent(key._id)}`);
    await page
      .getByRole('table', { name: `Keys of ${device}` })
      .locator('tr.Mui-selected')
      .filter({ hasText: key.label })
      .waitFor();

    // Back to the grid of devices with the page's own Back button, and the browser's back button returns.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('grid', { name: 'Devices' }).waitFor();
    expect(await hash()).toBe('#/devices');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: device }).waitFor();
  });

  it('opens a row with Enter', async () => {
    await page.goto(`${session.app.host.origin}/#/inventory`);
    await inventoryGrid().waitFor();
    const user = (await siteKeys()).find((key) => key.ownerType === 'user' && key.label === 'Network monitor')!;
    const cell = inventoryGrid().locator(`[role="row"][data-id="${user._id}"] [data-field="label"]`);
    // A press focuses the cell as the grid does, without a click (which opens the row itself).
    await cell.dispatchEvent('mousedown');
    await cell.dispatchEvent('mouseup');
    await page.keyboard.press('Enter');
    await page
      .getByRole('table', { name: /^Keys of / })
      .locator('tr.Mui-selected')
      .filter({ hasText: 'Network monitor' })
      .waitFor();
    expect(await hash()).toBe(`#/users/${encodeURIComponent(user.owner._id)}?key=${encodeURIComponent(user._id)}`);
  });

  it('opens the start page for an address of no page', async () => {
    await page.goto(`${session.app.host.origin}/#/nowhere/at-all`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await hash()).toBe('#/overview');
  });
});

describe('the expiry collision', () => {
  it('opens exactly the keys that expire that day, from the warning and from its bar in the chart', async () => {
    // Three device keys that expire on one day, 40 days from now, made on the site itself.
    const due = new Date(Date.now() + 40 * DAY_MS);
    due.setUTCHours(12, 0, 0, 0);
    const day = due.toISOString().slice(0, 10);
    const devices = await site<WireOwner[]>('GET', '/devices?join_keys=true');
    const roomy = devices.filter((device) => !device.disabled && (device.api_keys ?? []).length < 5).slice(0, 3);
    expect(roomy).toHaveLength(3);
    for (const [index, device] of roomy.entries()) {
      await site('POST', `/devices/${device._id}/key`, {
        label: `Collision ${index + 1}`,
        expires_at: new Date(due.getTime() + index * 60_000).toISOString(),
      });
    }
    const thatDay = (await siteKeys())
      .filter((key) => key.expires_at !== null && key.expires_at.slice(0, 10) === day)
      .map((key) => key._id)
      .sort();
    expect(thatDay.length).toBeGreaterThanOrEqual(3);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const warning = page.getByRole('list', { name: 'Days on which many keys expire' });
    const dayButton = warning.getByRole('button', {
      name: `${thatDay.length} keys expire on ${day}: show them in the inventory`,
    });
    await dayButton.waitFor();
    await dayButton.click();

    await inventoryGrid().waitFor();
    await expect.poll(shownKeyIds).toEqual(thatDay);
    // The address holds the day's keys and the day: #/inventory?keys=<id>,<id>,...&day=<day>
    const address = await hash();
    expect(address.startsWith('#/inventory?keys=')).toBe(true);
    const [keysText = '', dayText] = address.slice('#/inventory?keys='.length).split('&day=');
    expect(keysText.split(',').map(decodeURIComponent).sort()).toEqual(thatDay);
    expect(dayText).toBe(day);
    // It says where the keys came from: that day, not a notification.
    await page.getByText(`Showing the ${thatDay.length} keys that expire on ${day}`).waitFor();

    // A reload shows the same keys; back returns to the overview, whose chart bar for that day opens them too.
    await page.reload();
    await inventoryGrid().waitFor();
    await expect.poll(shownKeyIds).toEqual(thatDay);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.locator(`svg rect[data-day="${day}"]`).click();
    await inventoryGrid().waitFor();
    await expect.poll(shownKeyIds).toEqual(thatDay);
  });
});
