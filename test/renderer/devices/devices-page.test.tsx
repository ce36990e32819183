import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { InventoryView } from '../../../shared/inventory.js';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import {
  dayFromNow,
  daysFromNow,
  installInventoryFake,
  makeDevice,
  makeInventory,
  makeKey,
  renderPage,
} from '../keys/support.js';

const devices = [
  makeDevice({ id: 'dev-1', label: 'MR scanner 3 Reaper', type: 'reaper', health: 'ok' }),
  makeDevice({
    id: 'dev-2',
    label: 'CT importer',
    type: 'importer',
    health: 'missing',
    notes: { location: 'Basement', modality: 'CT', contact: '' },
  }),
  makeDevice({
    id: 'dev-3',
    label: 'PET bridge',
    type: 'dicom-bridge',
    health: 'error',
    disabled: true,
    notes: { location: '', modality: 'PET', contact: '' },
  }),
];
const keys = [
  makeKey({ id: 'k1', ownerId: 'dev-1', expiresAt: daysFromNow(40) }),
  makeKey({ id: 'k2', ownerId: 'dev-1', expiresAt: daysFromNow(12) }),
  makeKey({ id: 'k3', ownerId: 'dev-2', label: 'Legacy Key', kind: 'legacy', expiresAt: null }),
];
const inventory = makeInventory({ devices, keys, fetchedAt: '2026-11-26T09:30:00.000Z' });

const rowOf = async (label: string) => {
  const grid = await screen.findByRole('grid', { name: 'Devices' });
  const cell = await within(grid).findByText(label);
  const row = cell.closest('[role="row"]');
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${label}`);
  return within(row);
};

describe('Devices page', () => {
  it('lists every device with its health, key count, soonest expiry, legacy flag and disabled state', async () => {
    installInventoryFake({ inventory });
    renderPage(<DevicesPage disableVirtualization />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Devices' })).toBeTruthy();
    expect(await screen.findByText(/^Data from 2026-11-26 09:30 UTC/)).toBeTruthy();

    const mr = await rowOf('MR scanner 3 Reaper');
    expect(mr.getByText('OK')).toBeTruthy();
    expect(mr.getByText('2')).toBeTruthy();
    expect(mr.getByText(dayFromNow(12))).toBeTruthy();
    expect(mr.queryByText('Legacy')).toBeNull();

    const ct = await rowOf('CT importer');
    expect(ct.getByText('Missing')).toBeTruthy();
    expect(ct.getByText('1')).toBeTruthy();
    expect(ct.getByText('Legacy')).toBeTruthy();
    expect(ct.getByText('Basement')).toBeTruthy();
    // its only key is legacy: no expiry, but it stops at the 19.0 upgrade
    expect(ct.getByText('Rejected from 19.0')).toBeTruthy();

    const pet = await rowOf('PET bridge');
    expect(pet.getByText('Error')).toBeTruthy();
    expect(pet.getByText('0')).toBeTruthy();
    expect(pet.getByText('Disabled')).toBeTruthy();
    expect(pet.getByText('dicom-bridge')).toBeTruthy();
    expect(pet.getByText('—')).toBeTruthy();
  });

  it('narrows the rows with the search box', async () => {
    installInventoryFake({ inventory });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    const grid = await screen.findByRole('grid', { name: 'Devices' });
    await within(grid).findByText('CT importer');
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'basement');
    await waitFor(() => expect(within(grid).queryByText('MR scanner 3 Reaper')).toBeNull());
    expect(within(grid).getByText('CT importer')).toBeTruthy();
    expect(within(grid).queryByText('PET bridge')).toBeNull();
  });

  it('fetches from the site on first visit when main has no inventory yet', async () => {
    const { fake } = installInventoryFake({ inventory: null });
    fake.inventory.refresh.mockResolvedValueOnce({ ok: true, value: { inventory, offline: null } });
    renderPage(<DevicesPage disableVirtualization />);
    await waitFor(() => expect(fake.inventory.refresh).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('CT importer')).toBeTruthy();
  });

  it('refreshes from the site with the Refresh button', async () => {
    // Data from this window: the page does not fetch by itself, only on the button.
    const { fake } = installInventoryFake({ inventory: { ...inventory, fetchedAt: new Date(Date.now() + 1000).toISOString() } });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await screen.findByText('CT importer');
    expect(fake.inventory.refresh).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(fake.inventory.refresh).toHaveBeenCalledTimes(1));
  });

  it('shows the age of offline data and disables every action on the site (local notes stay editable)', async () => {
    installInventoryFake({ inventory, offline: { code: 'unreachable', message: 'The site did not answer.' } });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('Offline: read only');
    expect(warning.textContent).toContain('Showing the last good data from 2026-11-26 09:30 UTC.');
    expect(warning.textContent).toContain('The site did not answer.');
    expect(screen.getByRole('button', { name: 'Register device' })).toHaveProperty('disabled', true);

    await user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' })).toBeTruthy();
    for (const name of ['New key', 'Rotate', 'Revoke', 'Disable device', 'Delete device']) {
      for (const button of screen.getAllByRole('button', { name })) expect(button).toHaveProperty('disabled', true);
    }
    expect(screen.getByRole('button', { name: 'Edit notes' })).toHaveProperty('disabled', false);
  });

  it("receives no key for the grid, and an opened device's own record and keys only (issue 12)", async () => {
    const { fake } = installInventoryFake({ inventory });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await rowOf('CT importer');
    const answers = () => fake.inventory.view.mock.results.map((result) => result.value as Promise<unknown>);
    const received = async () => (await Promise.all(answers())) as Array<{ ok: true; value: InventoryView }>;
    expect(fake.inventory.deviceRows).toHaveBeenCalled();
    for (const answer of await received()) expect(answer.value.inventory?.keys).toEqual([]);
    for (const answer of await received()) expect(answer.value.inventory?.devices).toEqual([]);

    fake.inventory.view.mockClear();
    await user.click(screen.getByRole('button', { name: 'MR scanner 3 Reaper' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' })).toBeTruthy();
    const opened = await received();
    expect(opened.length).toBeGreaterThan(0);
    for (const answer of opened) {
      expect(answer.value.inventory?.devices.map((device) => device.id)).toEqual(['dev-1']);
      expect(answer.value.inventory?.keys.map((key) => key.id).sort()).toEqual(['k1', 'k2']);
    }
  });

  it('says so when the device opened is no longer on the site, and shows the grid', async () => {
    installInventoryFake({ inventory });
    renderPage(<DevicesPage disableVirtualization deviceId="dev-gone" />);
    expect(await screen.findByText('The device you opened is no longer on the site.')).toBeTruthy();
    expect(await rowOf('CT importer')).toBeTruthy();
  });

  it('opens a device view on a row click and goes back to the list', async () => {
    installInventoryFake({ inventory });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await user.click(await screen.findByText('Basement'));
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
    const keysTable = within(screen.getByRole('table', { name: 'Keys of CT importer' }));
    expect(keysTable.getByText('Legacy Key')).toBeTruthy();
    // a legacy key's expiry is not "never": the 19.0 upgrade rejects it
    const header = keysTable.getAllByRole('columnheader').map((cell) => cell.textContent);
    const legacyCells = within(keysTable.getByText('Legacy Key').closest('tr') as HTMLElement).getAllByRole('cell');
    expect(legacyCells[header.indexOf('Expires')]?.textContent).toBe('Rejected from 19.0');
    expect(screen.getByText('Basement')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('grid', { name: 'Devices' })).toBeTruthy();
  });
});
