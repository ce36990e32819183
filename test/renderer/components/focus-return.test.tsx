/**
 * Focus returns to the control that opened a dialog once it closes (issue 10, "Keyboard and screen reader"), with
 * Escape and after its action; where that control is gone (a revoked key's row, a button that changed with the
 * state), to the control that takes its place.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { OverviewPage } from '../../../renderer/pages/overview/overview-page.js';
import { ok } from '../../../shared/result.js';
import { installInventoryFake, renderPage } from '../keys/support.js';
import { installInventory, makeInventory, makeKey } from '../overview/inventory-fixture.js';
import { installFakeKeyAdmin, makeSite } from '../fake-key-admin.js';
import { renderApp } from '../render-app.js';

async function openDevice() {
  const setup = installInventoryFake();
  const page = renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' });
  return { ...setup, ...page };
}

type User = Awaited<ReturnType<typeof openDevice>>['user'];

/** Opens a dialog from the keyboard: the control focused, then Enter. */
async function openWithKeyboard(user: User, opener: HTMLElement, dialogName: string | RegExp) {
  opener.focus();
  await user.keyboard('{Enter}');
  return screen.findByRole('dialog', { name: dialogName });
}

async function closed() {
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

/** The secret dialog closes only once the admin says the key is stored. */
async function closeSecret(user: User, secret: ReturnType<typeof within>) {
  await user.click(secret.getByRole('button', { name: 'Close', exact: true }));
  await user.click(secret.getByLabelText('I have stored the key'));
  await user.click(secret.getByRole('button', { name: 'Close and lose the secret' }));
}

const keysTable = () => within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' }));

describe('focus after a dialog', () => {
  it('returns to New key after Escape, and after the key is created and its secret dialog closed', async () => {
    const { user } = await openDevice();
    const opener = screen.getByRole('button', { name: 'New key' });
    await openWithKeyboard(user, opener, 'New key for MR scanner 3 Reaper');
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);

    const dialog = within(await openWithKeyboard(user, opener, 'New key for MR scanner 3 Reaper'));
    await user.type(dialog.getByLabelText(/^Label/), 'Spare{Enter}');
    const secret = within(await screen.findByRole('dialog', { name: /New key for/ }));
    await secret.findByText(/This is the only time the secret is shown/);
    await closeSecret(user, secret);
    await closed();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New key' }));
  });

  it("returns to a row's Rotate after Escape and after the rotation", async () => {
    const { user } = await openDevice();
    const rotate = () => keysTable().getAllByRole('button', { name: 'Rotate' })[0]!;
    const opener = rotate();
    await openWithKeyboard(user, opener, /^Rotate /);
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);

    const dialog = within(await openWithKeyboard(user, opener, /^Rotate /));
    await user.click(dialog.getByRole('button', { name: 'Rotate key' }));
    const secret = within(await screen.findByRole('dialog', { name: /^New secret for/ }));
    await closeSecret(user, secret);
    await closed();
    expect(document.activeElement).toBe(opener);
  });

  it("returns to a row's Revoke after Escape; after the revoke, whose row is gone, to New key", async () => {
    const { user } = await openDevice();
    const opener = keysTable().getAllByRole('button', { name: 'Revoke' })[0]!;
    await openWithKeyboard(user, opener, /^Revoke/);
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);

    const dialog = within(await openWithKeyboard(user, opener, /^Revoke/));
    const confirm = dialog.getByRole('button', { name: 'Revoke key' });
    await waitFor(() => expect(confirm).toHaveProperty('disabled', false));
    await user.click(confirm);
    await closed();
    await waitFor(() => expect(opener.isConnected).toBe(false));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New key' }));
  });

  it('returns to Edit notes after Escape and after saving', async () => {
    const { user } = await openDevice();
    const opener = screen.getByRole('button', { name: 'Edit notes' });
    await openWithKeyboard(user, opener, /^Notes for/);
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);
    const dialog = within(await openWithKeyboard(user, opener, /^Notes for/));
    await user.click(dialog.getByRole('button', { name: 'Save notes' }));
    await closed();
    expect(document.activeElement).toBe(opener);
  });

  it('goes from Disable device to Enable device, the button that takes its place', async () => {
    const { user } = await openDevice();
    const opener = screen.getByRole('button', { name: 'Disable device' });
    await openWithKeyboard(user, opener, /^Disable/);
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);
    const dialog = within(await openWithKeyboard(user, opener, /^Disable/));
    const confirm = dialog.getByRole('button', { name: 'Disable device' });
    await waitFor(() => expect(confirm).toHaveProperty('disabled', false));
    await user.click(confirm);
    await closed();
    const enable = await screen.findByRole('button', { name: 'Enable device' });
    await waitFor(() => expect(document.activeElement).toBe(enable));
  });

  it('returns to Register device after Escape, and after registering and choosing Later', async () => {
    installInventoryFake();
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    const opener = await screen.findByRole('button', { name: 'Register device' });
    await openWithKeyboard(user, opener, 'Register a device');
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);

    const dialog = within(await openWithKeyboard(user, opener, 'Register a device'));
    await user.type(dialog.getByLabelText(/^Label/), 'Bay 4 Reaper');
    await user.type(dialog.getByLabelText(/^Type/), 'reaper{Enter}');
    const registered = within(await screen.findByRole('dialog', { name: 'Device registered' }));
    await user.click(registered.getByRole('button', { name: 'Later' }));
    await closed();
    expect(document.activeElement).toBe(opener);
  });

  it('returns to Thresholds after Escape and after saving', async () => {
    const fake = installInventory({ inventory: makeInventory({ keys: [makeKey()] }) });
    fake.preferences.update.mockImplementation(async (next) => ok(next));
    const { user } = renderPage(<OverviewPage />, 'overview');
    const opener = await screen.findByRole('button', { name: 'Thresholds' });
    await openWithKeyboard(user, opener, 'Status thresholds');
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);
    const dialog = within(await openWithKeyboard(user, opener, 'Status thresholds'));
    await user.type(dialog.getByLabelText('Idle after (days unused)'), '0{Enter}');
    await closed();
    expect(document.activeElement).toBe(opener);
  });
});

describe('focus when the control it was on goes', () => {
  it("lands on the device's heading after its first key is created from the Device registered dialog", async () => {
    installInventoryFake();
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    const opener = await screen.findByRole('button', { name: 'Register device' });
    const dialog = within(await openWithKeyboard(user, opener, 'Register a device'));
    await user.type(dialog.getByLabelText(/^Label/), 'Bay 4 Reaper');
    await user.type(dialog.getByLabelText(/^Type/), 'reaper{Enter}');
    const registered = within(await screen.findByRole('dialog', { name: 'Device registered' }));
    await user.click(registered.getByRole('button', { name: 'Create first key' }));
    const newKey = within(await screen.findByRole('dialog', { name: 'New key for Bay 4 Reaper' }));
    await user.type(newKey.getByLabelText(/^Label/), 'Primary{Enter}');
    const secret = within(await screen.findByRole('dialog', { name: 'New key for Bay 4 Reaper' }));
    await secret.findByText(/This is the only time the secret is shown/);
    await closeSecret(user, secret);
    await closed();
    const heading = await screen.findByRole('heading', { level: 1, name: 'Bay 4 Reaper' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('lands on New key after a bulk revoke, whose bar went with the revoked keys', async () => {
    const { user } = await openDevice();
    const first = keysTable().getAllByRole('checkbox', { name: /^Select (?!all)/ })[0]!;
    await user.click(first);
    const opener = screen.getByRole('button', { name: 'Revoke selected' });
    const dialog = within(await openWithKeyboard(user, opener, /^Revoke/));
    const confirm = dialog.getByRole('button', { name: 'Revoke 1 key' });
    await waitFor(() => expect(confirm).toHaveProperty('disabled', false));
    await user.click(confirm);
    const results = within(await screen.findByRole('dialog', { name: 'Bulk revoke: result per key' }));
    await waitFor(() => expect(opener.isConnected).toBe(false));
    await user.click(results.getByRole('button', { name: 'Close' }));
    await closed();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New key' })));
  });
});

describe('focus after forgetting a site', () => {
  it("returns to Forget after Cancel; after the site is forgotten, whose row is gone, to the page's heading", async () => {
    installFakeKeyAdmin({
      state: {
        sites: [
          makeSite({ id: 'core', name: 'Imaging core', origin: 'https://core.example.org' }),
          makeSite({ id: 'clinic', name: 'Clinic', origin: 'https://clinic.example.org' }),
        ],
        activeId: 'core',
      },
    });
    const { user } = renderApp();
    const list = within(await screen.findByRole('list', { name: 'Connected sites' }));
    const opener = list.getByRole('button', { name: 'Forget Clinic' });
    await openWithKeyboard(user, opener, 'Forget Clinic?');
    await user.keyboard('{Escape}');
    await closed();
    expect(document.activeElement).toBe(opener);

    const dialog = within(await openWithKeyboard(user, opener, 'Forget Clinic?'));
    await user.click(dialog.getByRole('button', { name: 'Forget site and key' }));
    await closed();
    await waitFor(() => expect(opener.isConnected).toBe(false));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Sites' })));
  });
});
