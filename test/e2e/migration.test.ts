/**
 * The 19.0 migration in Chromium through the web host, against the demo key service: the page lists the site's
 * legacy keys with who replaces each; a guided device swap ticks steps 2 to 4 as the key service records the new
 * key's use, the days pass (one clock moved for the app and the key service together) and the legacy key is
 * deleted; and the HTML report opens and names every legacy key.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_DEVICE_IDS } from '../../keyservice/seed/demo.js';
import { authorizationHeader } from '../../shared/key-string.js';
import { RESPONSIBLE_TEXT, responsibleFor } from '../../shared/migration.js';
import { KEY_CANARY } from '../support/canary.js';
import { openApp, type E2eSession } from './support/web-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEVICE = 'Cardiology Importer';

let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
let session: E2eSession;
let page: Page;

interface SiteKey {
  _id: string;
  label: string;
  expires_at: string | null;
}
interface SiteOwner {
  _id: string;
  label?: string;
  type?: string;
  firstname?: string;
  lastname?: string;
  api_keys?: SiteKey[];
}
interface SiteLegacyKey {
  readonly id: string;
  readonly ownerName: string;
  readonly responsible: string;
}

function secretOf(keyString: string): string {
  return keyString.split(':').pop() ?? '';
}

async function siteGet<T>(path: string, secret: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${session.app.keyService!.baseUrl}/api${path}`, {
    headers: { authorization: authorizationHeader(secret) },
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The legacy keys as the key service itself lists them, with the party that replaces each. */
async function siteLegacyKeys(): Promise<SiteLegacyKey[]> {
  const admin = secretOf(session.app.keyService!.keys!.admin);
  const devices = (await siteGet<SiteOwner[]>('/devices?join_keys=true', admin)).body;
  const users = (await siteGet<SiteOwner[]>('/users?join_keys=true', admin)).body;
  const legacy = (key: SiteKey) => key.label === 'Legacy Key' && key.expires_at === null;
  return [
    ...devices.flatMap((d) =>
      (d.api_keys ?? []).filter(legacy).map((k) => ({
        id: k._id,
        ownerName: d.label ?? d._id,
        responsible: RESPONSIBLE_TEXT[responsibleFor('device', d.type ?? null)],
      })),
    ),
    ...users.flatMap((u) =>
      (u.api_keys ?? []).filter(legacy).map((k) => ({
        id: k._id,
        ownerName: `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim(),
        responsible: RESPONSIBLE_TEXT.owner,
      })),
    ),
  ];
}

function grid(): Locator {
  return page.getByRole('grid', { name: 'Legacy keys on the site' });
}

function panel(): Locator {
  return page.getByRole('region', { name: `Legacy key of ${DEVICE}` });
}

function stepState(number: number): Locator {
  return panel().getByRole('listitem', { name: new RegExp(`^Step ${number}: `) });
}

/** The guided swap's status line (its title), as the panel says where the swap stands. */
function swapStatus(text: string): Locator {
  return panel().getByRole('status').filter({ hasText: text }).getByText(text, { exact: true });
}

async function stepLabel(number: number): Promise<string | null> {
  return stepState(number).getAttribute('aria-label');
}

beforeAll(async () => {
  session = await openApp({ clock, demo: { now: () => clock.now(), createdSecretMarker: KEY_CANARY } });
  page = session.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Legacy migration' }).click();
  await page.getByRole('heading', { level: 1, name: 'Legacy migration' }).waitFor();
  await grid().waitFor();
});
afterAll(async () => {
  await session?.close();
});

describe('the 19.0 migration page', () => {
  it("lists the demo site's legacy keys, each with who replaces it", async () => {
    const expected = await siteLegacyKeys();
    expect(expected.length).toBeGreaterThan(5);
    await expect.poll(async () => (await grid().getByRole('row').count()) - 1).toBe(expected.length);
    for (const key of expected) {
      const row = grid().getByRole('row').filter({ hasText: key.ownerName });
      expect(await row.count(), key.ownerName).toBe(1);
      expect(await row.textContent(), key.ownerName).toContain(key.responsible);
    }
    expect(await page.getByText('Not ready', { exact: false }).first().isVisible()).toBe(true);
  });

  it('a guided device swap ticks steps 2 to 4 as the site records the new key, its use and the delete', async () => {
    await grid().getByRole('row').filter({ hasText: DEVICE }).getByRole('button', { name: DEVICE }).click();
    await panel().waitFor();
    expect(await stepLabel(1)).toBe('Step 1: Done');
    expect(await stepLabel(2)).toBe('Step 2: Pending');

    // Step 2: the replacement, created from the page; its secret is shown once and copied by main.
    await panel().getByRole('button', { name: 'Create the replacement key' }).click();
    const newKey = page.getByRole('dialog', { name: `New key for ${DEVICE}` });
    await newKey.getByRole('button', { name: 'Create key' }).click();
    const secretDialog = page.getByRole('dialog').filter({ hasText: 'This is the only time the secret is shown' });
    await secretDialog.getByRole('button', { name: 'Copy' }).click();
    await secretDialog.getByText(/Copied/).waitFor();
    const newSecret = secretOf(await session.app.clipboard.readText());
    await secretDialog.getByRole('button', { name: 'Close', exact: true }).click();
    await secretDialog.getByLabel('I have stored the key').check();
    await secretDialog.getByRole('button', { name: 'Close and lose the secret' }).click();
    await secretDialog.waitFor({ state: 'detached' });
    await expect.poll(() => stepLabel(2)).toBe('Step 2: Done');
    await swapStatus("Waiting for the new key's first use").waitFor();
    expect(await stepLabel(3)).toBe('Step 3: Pending');

    // Step 3: the device uses its new key (the key service records it), then two weeks pass with the legacy key quiet.
    expect((await siteGet(`/devices/self`, newSecret)).status).toBe(200);
    await panel().getByRole('button', { name: 'Check again' }).click();
    await swapStatus('Legacy key quiet for 0 of 14 days').waitFor();
    expect(await stepLabel(3)).toBe('Step 3: Pending');
    offset = 15 * DAY_MS;
    await panel().getByRole('button', { name: 'Check again' }).click();
    await swapStatus('Safe to delete').waitFor();
    expect(await stepLabel(3)).toBe('Step 3: Done');

    // Step 4: the delete, with main's confirmation; the legacy key is gone from the site.
    await panel().getByRole('button', { name: 'Delete the legacy key' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: DEVICE });
    await confirm.getByRole('button', { name: 'Delete the legacy key' }).click();
    await confirm.waitFor({ state: 'detached' });
    const admin = secretOf(session.app.keyService!.keys!.admin);
    const device = (await siteGet<SiteOwner>(`/devices/${DEMO_DEVICE_IDS.importerNoKeys}?join_keys=true`, admin)).body;
    expect((device.api_keys ?? []).filter((k) => k.label === 'Legacy Key')).toEqual([]);
    await page.getByRole('button', { name: /^Deleted \(\d+\)/ }).click();
    const deleted = page.getByRole('grid', { name: 'Deleted legacy keys' });
    await deleted.getByRole('row').filter({ hasText: DEVICE }).getByRole('button', { name: DEVICE }).click();
    await expect.poll(() => stepLabel(4)).toBe('Step 4: Done');
  });

  it('the HTML report opens and names every legacy key on the site', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Report HTML' }).click();
    const file = await (await download).path();
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toContain(KEY_CANARY);
    const report = await session.browser.newPage();
    try {
      await report.setContent(html);
      const text = (await report.textContent('body')) ?? '';
      for (const key of await siteLegacyKeys()) expect(text, key.ownerName).toContain(key.id);
      expect(await report.getByRole('heading', { level: 1 }).textContent()).toMatch(/readiness/i);
    } finally {
      await report.close();
    }
  });
});
