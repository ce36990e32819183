/**
 * Issue 10, "Say the right thing", on the Devices page: the enable dialog (with main's own text), rotating as
 * compromised, a missing device's health, a soonest expiry already past, and the local notes.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { confirmationText } from '../../../electron/services/confirmation-text.js';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import type { Inventory } from '../../../shared/inventory.js';
import { ok } from '../../../shared/result.js';
import {
  CONFIRMATION_ID,
  NOW,
  dayFromNow,
  daysFromNow,
  installInventoryFake,
  makeDevice,
  makeInventory,
  makeKey,
  renderPage,
} from '../keys/support.js';

type Setup = ReturnType<typeof installInventoryFake>;

/** Main's confirmations answered with main's own words for the fake's current inventory. */
function answerWithMainText({ fake, inventory }: Setup) {
  fake.confirmations.request.mockImplementation(async ({ action, targets }) =>
    ok({
      id: CONFIRMATION_ID,
      action,
      targets,
      ...confirmationText(action, targets, inventory(), new Date()),
      expiresAt: daysFromNow(1),
    }),
  );
}

async function openDevice(inventory: Inventory, options: Parameters<typeof installInventoryFake>[0] = {}) {
  const setup = installInventoryFake({ inventory, ...options });
  answerWithMainText(setup);
  const page = renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' });
  return { ...setup, ...page };
}

const keyRow = (label: string) =>
  within(
    within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' }))
      .getByText(label)
      .closest('tr') as HTMLElement,
  );

async function gridRow(label: string) {
  const grid = await screen.findByRole('grid', { name: 'Devices' });
  const row = (await within(grid).findByText(label)).closest('[role="row"]');
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${label}`);
  return row;
}

describe('enabling a device', () => {
  it('lists only the keys that will work again, once, in plain counts; an expired key is named apart', async () => {
    const { user } = await openDevice(
      makeInventory({
        devices: [makeDevice({ disabled: true })],
        keys: [
          makeKey({ id: 'k1', label: 'Scanner key', ownerDisabled: true, expiresAt: daysFromNow(60) }),
          makeKey({ id: 'k2', label: 'Old upload key', ownerDisabled: true, expiresAt: daysFromNow(-10) }),
        ],
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Enable device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Enable device "MR scanner 3 Reaper"?' }));
    const lines = (await dialog.findAllByRole('listitem')).map((item) => item.textContent ?? '');
    expect(lines[0]).toBe('This key will work again:');
    expect(lines[1]).toMatch(/^"Scanner key" \(enhanced, expires /);
    expect(lines).toContain(`Already expired, so still rejected: "Old upload key", expired ${dayFromNow(-10)}.`);
    expect(lines.filter((line) => line.includes('Old upload key'))).toHaveLength(1);
    const said = screen.getByRole('dialog').textContent ?? '';
    expect(said.match(/will work again/g)).toHaveLength(1);
    expect(said).not.toContain('(s)');
    expect(said).not.toContain('all its keys');
  });
});

describe('rotating a key as compromised', () => {
  it('says the old key is revoked at once, and that the device keeps running on its other active key', async () => {
    const { fake, user } = await openDevice(
      makeInventory({
        keys: [makeKey({ id: 'k1', label: 'Scanner key' }), makeKey({ id: 'k2', label: 'Spare key' })],
      }),
    );
    await user.click(keyRow('Scanner key').getByRole('button', { name: 'Rotate' }));
    const rotate = within(await screen.findByRole('dialog', { name: 'Rotate Scanner key' }));
    expect(rotate.getByText(/The old key keeps working until you revoke it/)).toBeTruthy();
    await user.click(rotate.getByRole('checkbox', { name: /compromised/ }));
    expect(rotate.queryByText(/keeps working/)).toBeNull();
    expect(rotate.getByText(/The old key is revoked at once/)).toBeTruthy();
    await user.click(rotate.getByRole('button', { name: 'Continue' }));

    const confirm = await screen.findByRole('dialog', { name: 'Replace "Scanner key" as compromised and revoke it at once?' });
    await within(confirm).findAllByRole('listitem');
    const said = confirm.textContent ?? '';
    expect(said).toContain('this key is revoked at once');
    expect(said).toContain(
      'Device "MR scanner 3 Reaper" also has 1 other active key ("Spare key"): whatever uses it keeps working. Only what uses "Scanner key" stops, until it is given the new key.',
    );
    expect(said).not.toMatch(/stops working until it is given the new secret/);
    expect(fake.keys.rotate).not.toHaveBeenCalled();
  });

  it('a device with no other active key is said to stop sending data until it has the new key', async () => {
    const { user } = await openDevice(makeInventory({ keys: [makeKey({ id: 'k1', label: 'Scanner key' })] }));
    await user.click(keyRow('Scanner key').getByRole('button', { name: 'Rotate' }));
    const rotate = within(await screen.findByRole('dialog', { name: 'Rotate Scanner key' }));
    await user.click(rotate.getByRole('checkbox', { name: /compromised/ }));
    await user.click(rotate.getByRole('button', { name: 'Continue' }));
    const confirm = await screen.findByRole('dialog', { name: /as compromised/ });
    expect(
      await within(confirm).findByText(
        'Device "MR scanner 3 Reaper" has no other active key: it stops sending data to the site until it is given the new key.',
      ),
    ).toBeTruthy();
  });
});

describe('a missing device', () => {
  const missing = makeDevice({ health: 'missing', lastSeen: new Date(NOW - 2 * 60 * 60 * 1000).toISOString(), interval: 60 });

  it('says why in the grid, instead of "seen today" beside "Missing"', async () => {
    installInventoryFake({ inventory: makeInventory({ devices: [missing] }) });
    renderPage(<DevicesPage disableVirtualization />);
    const health = (await gridRow('MR scanner 3 Reaper')).querySelector('[data-field="health"]') as HTMLElement;
    expect(within(health).getByText('Missing')).toBeTruthy();
    expect(health.textContent).not.toContain('seen today');
    const reason = within(health).getByText('not seen for 2 h');
    expect(reason.getAttribute('title')).toMatch(/^Missing: not seen for 2 h, expected every 60 s\. Last seen /);
  });

  it('says why in the device details', async () => {
    await openDevice(makeInventory({ devices: [missing] }));
    expect(screen.getByText(/not seen for 2 h, expected every 60 s/)).toBeTruthy();
  });
});

describe('the soonest expiry', () => {
  it('says "Expired" when the day is past', async () => {
    installInventoryFake({
      inventory: makeInventory({
        keys: [makeKey({ id: 'k1', expiresAt: daysFromNow(-3) }), makeKey({ id: 'k2', expiresAt: daysFromNow(30) })],
      }),
    });
    renderPage(<DevicesPage disableVirtualization />);
    const cell = (await gridRow('MR scanner 3 Reaper')).querySelector('[data-field="soonestExpiry"]');
    expect(cell?.textContent).toBe(`Expired ${dayFromNow(-3)}`);
  });

  it('is the bare day while it is still ahead', async () => {
    installInventoryFake({ inventory: makeInventory({ keys: [makeKey({ expiresAt: daysFromNow(30) })] }) });
    renderPage(<DevicesPage disableVirtualization />);
    const cell = (await gridRow('MR scanner 3 Reaper')).querySelector('[data-field="soonestExpiry"]');
    expect(cell?.textContent).toBe(dayFromNow(30));
  });
});

describe('local notes', () => {
  it('say they are kept on this computer, not on Flywheel, and stay editable offline', async () => {
    const { fake, user } = await openDevice(makeInventory(), {
      offline: { code: 'unreachable', message: 'The site did not answer.' },
    });
    const notes = screen.getByRole('region', { name: 'Local notes' });
    expect(notes.textContent).toContain('kept by Keywarden on this computer, not on Flywheel');
    expect(within(notes).getByText('Room B12')).toBeTruthy();

    const edit = screen.getByRole('button', { name: 'Edit notes' });
    expect(edit).toHaveProperty('disabled', false);
    await user.click(edit);
    const dialog = within(await screen.findByRole('dialog', { name: 'Notes for MR scanner 3 Reaper' }));
    expect(dialog.getByText(/The notes below are kept by Keywarden on this computer, not on Flywheel/)).toBeTruthy();
    const location = dialog.getByLabelText('Location or room');
    await user.clear(location);
    await user.type(location, 'Room C4');
    await user.click(dialog.getByRole('button', { name: 'Save notes' }));
    await waitFor(() =>
      expect(fake.devices.updateNotes).toHaveBeenCalledWith({
        deviceId: 'dev-1',
        notes: { location: 'Room C4', modality: 'MR', contact: 'imaging-it@example.org' },
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('notices after a key action', () => {
  async function rotateScannerKey() {
    const setup = await openDevice(
      makeInventory({ keys: [makeKey({ id: 'k1', label: 'Scanner key' }), makeKey({ id: 'k2', label: 'Spare key' })] }),
    );
    const { user } = setup;
    await user.click(keyRow('Scanner key').getByRole('button', { name: 'Rotate' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Rotate Scanner key' })).getByRole('button', { name: 'Rotate key' }),
    );
    const secret = within(await screen.findByRole('dialog', { name: 'New secret for MR scanner 3 Reaper' }));
    await user.click(secret.getByRole('button', { name: 'Close' }));
    await user.click(secret.getByRole('checkbox', { name: 'I have stored the key' }));
    await user.click(secret.getByRole('button', { name: 'Close and lose the secret' }));
    expect((await screen.findByRole('status')).textContent).toContain('Scanner key still works.');
    return setup;
  }

  it('"still works" goes once the old key is gone', async () => {
    const { inventory: current, queryClient } = await rotateScannerKey();
    current()!.keys = current()!.keys.filter((key) => key.id !== 'k1');
    await queryClient.invalidateQueries();
    await waitFor(() => expect(screen.queryByText(/Scanner key still works/)).toBeNull());
  });

  it('a notice goes when the next action starts', async () => {
    const { user } = await rotateScannerKey();
    await user.click(keyRow('Spare key').getByRole('button', { name: 'Revoke' }));
    await screen.findByRole('dialog', { name: /Revoke/ });
    expect(screen.queryByText(/Scanner key still works/)).toBeNull();
  });
});
