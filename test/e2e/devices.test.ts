/**
 * The device registry in a real browser through the web host, against the demo key service: register a device,
 * give it a key, see the secret once, copy it, rotate, revoke, disable, enable, delete. Every secret the key
 * service creates holds KEYCANARY, so the test can prove where it is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { filesContaining, KEY_CANARY } from '../support/canary.js';
import { openApp, type E2eSession } from './support/web-app.js';

const DEVICE = 'E2E Scanner (Room 12)';

let session: E2eSession;
let page: Page;

function dialog(name: string | RegExp): Locator {
  return page.getByRole('dialog', { name });
}

function keysTable(): Locator {
  return page.getByRole('table', { name: `Keys of ${DEVICE}` });
}

async function domHasCanary(): Promise<boolean> {
  return (await page.content()).includes(KEY_CANARY);
}

/** The secret dialog: masked until shown, copied by main, closed only after the admin says the key is stored. */
async function seeSecretOnceThenClose(copy: boolean): Promise<void> {
  const secretDialog = page.getByRole('dialog').filter({ hasText: 'This is the only time the secret is shown' });
  await secretDialog.waitFor();
  expect(await domHasCanary()).toBe(false);
  await secretDialog.getByRole('button', { name: 'Show secret' }).click();
  expect(await secretDialog.getByLabel('Secret', { exact: true }).textContent()).toContain(KEY_CANARY);
  if (copy) {
    await secretDialog.getByRole('button', { name: 'Copy' }).click();
    await secretDialog.getByText('Copied; the clipboard is cleared in 30 s.').waitFor();
    expect(await session.app.clipboard.readText()).toContain(KEY_CANARY);
  }
  await secretDialog.getByRole('button', { name: 'Close', exact: true }).click();
  await secretDialog.getByLabel('I have stored the key').check();
  await secretDialog.getByRole('button', { name: 'Close and lose the secret' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  expect(await domHasCanary()).toBe(false);
}

beforeAll(async () => {
  session = await openApp({ demo: { createdSecretMarker: KEY_CANARY } });
  page = session.page;
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Devices' }).click();
  await page.getByRole('grid', { name: 'Devices' }).waitFor();
});
afterAll(async () => {
  await session?.close();
});

describe('a device from registration to deletion', () => {
  it('registers a device with its notes and gives it a first key, shown once and copied by main', async () => {
    await page.getByRole('button', { name: 'Register device' }).click();
    const register = dialog('Register a device');
    await register.getByLabel('Label').fill(DEVICE);
    await register.getByLabel('Type').fill('reaper');
    await register.getByLabel('Location or room').fill('Room 12');
    await register.getByRole('button', { name: 'Register', exact: true }).click();
    await dialog('Device registered').getByRole('button', { name: 'Create first key' }).click();
    const newKey = dialog(`New key for ${DEVICE}`);
    await newKey.getByLabel('Label').fill('Primary');
    await newKey.getByRole('button', { name: 'Create key' }).click();
    await seeSecretOnceThenClose(true);
    await keysTable().waitFor();
    expect(await keysTable().textContent()).toContain('Primary');
  });

  it('rotates the key: a new key with the date, the old one kept until revoked', async () => {
    await keysTable().getByRole('row').filter({ hasText: 'Primary' }).getByRole('button', { name: 'Rotate' }).click();
    await page
      .getByRole('dialog', { name: /^Rotate/ })
      .getByRole('button', { name: 'Rotate key' })
      .click();
    await seeSecretOnceThenClose(false);
    await expect.poll(async () => keysTable().getByRole('row').count()).toBe(3);
    expect(await keysTable().textContent()).toMatch(/Primary \(rotated \d{4}-\d{2}-\d{2}\)/);
  });

  it('revokes the old key after a confirmation naming the key and the device', async () => {
    const oldRow = keysTable().getByRole('row').filter({ hasText: 'Primary' }).filter({ hasNotText: 'rotated' });
    await oldRow.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: /Revoke key "Primary"/ });
    expect(await confirm.textContent()).toContain(DEVICE);
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(async () => keysTable().getByRole('row').count()).toBe(2);
  });

  it('disables the device after a confirmation saying what stops, then enables it after listing the key that comes back', async () => {
    await page.getByRole('button', { name: 'Disable device' }).click();
    const disable = page.getByRole('dialog', { name: /Disable device/ });
    await disable.getByRole('list', { name: 'What will happen' }).waitFor();
    const said = await disable.textContent();
    expect(said).toContain('Its only key is rejected by the site from then on:');
    expect(said).toContain('The device stops sending data to the site');
    await disable.getByRole('button', { name: 'Disable device' }).click();
    await disable.waitFor({ state: 'detached' });
    const enableButton = page.getByRole('button', { name: 'Enable device' });
    await enableButton.waitFor();
    await enableButton.click();
    const confirm = page.getByRole('dialog', { name: /Enable device/ });
    await confirm.getByRole('list', { name: 'What will happen' }).waitFor();
    const enableSaid = await confirm.textContent();
    expect(enableSaid).toContain('This key will work again:');
    expect(enableSaid).not.toContain('(s)');
    expect(enableSaid?.match(/will work again/g)).toHaveLength(1);
    await confirm.getByRole('button', { name: 'Enable device' }).click();
    await page.getByRole('button', { name: 'Disable device' }).waitFor();
  });

  it('deletes the device once its label is typed', async () => {
    await page.getByRole('button', { name: 'Delete device' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete device/ });
    const deleteButton = confirm.getByRole('button', { name: 'Delete device' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.getByLabel(`Type "${DEVICE}" to confirm`).fill(DEVICE);
    await deleteButton.click();
    await page.getByRole('grid', { name: 'Devices' }).waitFor();
    expect(await page.getByRole('grid', { name: 'Devices' }).textContent()).not.toContain(DEVICE);
  });

  it('kept no created secret in the page, any file the app wrote, or any log line', async () => {
    await session.app.services.inventory.flush();
    expect(await domHasCanary()).toBe(false);
    expect(filesContaining(session.dataDir, KEY_CANARY)).toEqual([]);
    expect(session.logLines.filter((line) => line.includes(KEY_CANARY))).toEqual([]);
    const audit = await session.app.services.dispatch('audit.list', {});
    expect(JSON.stringify(audit)).not.toContain(KEY_CANARY);
    expect(JSON.stringify(audit)).toContain('remove-device');
  });
});
