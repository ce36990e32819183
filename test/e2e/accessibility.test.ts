/**
 * axe-core on every page and on the main dialogs (issue 10, "Keyboard and screen reader"), in Chromium through the
 * web host against the demo key service, in the light and the dark colour scheme: no finding of impact "serious"
 * or "critical". A failure prints each finding's rule, impact, elements and axe's help text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_DEVICE_IDS } from '../../keyservice/seed/demo.js';
import { describeFindings, seriousViolations } from './support/axe.js';
import { openApp, type E2eSession } from './support/web-app.js';

const DEVICE_ID = DEMO_DEVICE_IDS.importerLegacy;

let session: E2eSession;
let page: Page;

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** Opens an address of the app and waits for its page's heading and for its data (no progress bar left). */
async function open(address: string, title: string | RegExp): Promise<void> {
  await page.goto(`${session.app.host.origin}/${address}`);
  await heading(title).waitFor();
  await settled();
}

async function settled(): Promise<void> {
  // No hover state left by the last click: axe measures the colours every admin sees.
  await page.mouse.move(0, 0);
  await page
    .getByRole('progressbar')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  // Transitions (a dialog fading in, a chip's colour) are measured by axe at their end state.
  await page.waitForTimeout(400);
}

async function expectNoSeriousFindings(where: string): Promise<void> {
  // Soft, so that one run lists the findings of the page and of each of its dialogs.
  expect.soft(describeFindings(where, await seriousViolations(page))).toBe('');
}

async function dialogChecked(opener: Locator, name: string | RegExp, where: string): Promise<void> {
  await opener.click();
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor();
  await settled();
  await expectNoSeriousFindings(where);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  session = await openApp({ demo: true });
  page = session.page;
  await heading('Overview').waitFor();
});
afterAll(async () => {
  await session?.close();
});

describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
  beforeAll(async () => {
    await page.emulateMedia({ colorScheme });
  });

  it('the Sites page', async () => {
    await open('#/sites', 'Sites');
    await expectNoSeriousFindings(`${colorScheme} Sites`);
  });

  it('the overview', async () => {
    await open('#/overview', 'Overview');
    await page
      .getByRole('button', { name: /show them in the inventory/ })
      .first()
      .waitFor();
    await expectNoSeriousFindings(`${colorScheme} Overview`);
  });

  it('the inventory', async () => {
    await open('#/inventory', 'Key inventory');
    await page.getByRole('grid', { name: 'Key inventory' }).locator('[role="row"][data-id]').first().waitFor();
    await expectNoSeriousFindings(`${colorScheme} Key inventory`);
  });

  it('the devices list and the register dialog', async () => {
    await open('#/devices', 'Devices');
    await page.getByRole('grid', { name: 'Devices' }).locator('[role="row"][data-id]').first().waitFor();
    await expectNoSeriousFindings(`${colorScheme} Devices`);
    await dialogChecked(
      page.getByRole('button', { name: 'Register device' }),
      'Register a device',
      `${colorScheme} Register a device`,
    );
  });

  it("a device's page with its new key and revoke dialogs", async () => {
    await open(`#/devices/${DEVICE_ID}`, /Importer/);
    const keys = page.getByRole('table', { name: /^Keys of / });
    await keys.waitFor();
    await expectNoSeriousFindings(`${colorScheme} Device page`);
    await dialogChecked(page.getByRole('button', { name: 'New key' }), /^New key for /, `${colorScheme} New key dialog`);
    const revoke = keys.getByRole('button', { name: 'Revoke' }).first();
    await dialogChecked(revoke, /^Revoke key/, `${colorScheme} Revoke dialog`);
  });

  it("the users list and a user's detail", async () => {
    await open('#/users', 'Users');
    const grid = page.getByRole('grid', { name: 'Users' });
    await grid.locator('[role="row"][data-id]').first().waitFor();
    await expectNoSeriousFindings(`${colorScheme} Users`);
    const first = grid.locator('[role="row"][data-id] [data-field="name"] button').first();
    const name = (await first.textContent()) ?? '';
    await first.click();
    await page.getByRole('heading', { level: 2, name }).waitFor();
    await settled();
    await expectNoSeriousFindings(`${colorScheme} User detail`);
  });

  it('my keys', async () => {
    await open('#/my-keys', 'My keys');
    await expectNoSeriousFindings(`${colorScheme} My keys`);
  });

  it("the legacy migration with a key's details open", async () => {
    await open('#/legacy', 'Legacy migration');
    const grid = page.getByRole('grid', { name: 'Legacy keys on the site' });
    await grid.locator('[role="row"][data-id] [data-field="owner"] button').first().click();
    await page.getByRole('button', { name: 'Close the details' }).waitFor();
    await settled();
    await expectNoSeriousFindings(`${colorScheme} Legacy migration`);
  });

  it('the notifications', async () => {
    await open('#/notifications', 'Notifications');
    await expectNoSeriousFindings(`${colorScheme} Notifications`);
  });

  it('the audit log', async () => {
    await open('#/audit', 'Audit log');
    await expectNoSeriousFindings(`${colorScheme} Audit log`);
  });
});
