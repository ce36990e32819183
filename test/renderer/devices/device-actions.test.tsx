import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { CONFIRMATION_ID, installInventoryFake, makeDevice, makeInventory, makeKey, renderPage } from '../keys/support.js';

const reaper = makeDevice({ id: 'dev-1', label: 'MR scanner 3 Reaper' });
const disabledReaper = makeDevice({ id: 'dev-1', label: 'MR scanner 3 Reaper', disabled: true });
const keys = [
  makeKey({ id: 'k1', label: 'Scanner key', ownerDisabled: true }),
  makeKey({ id: 'k2', label: 'Spare key', ownerDisabled: true }),
];

async function openDevice(label = 'MR scanner 3 Reaper', device = reaper) {
  const setup = installInventoryFake({ inventory: makeInventory({ devices: [device], keys }) });
  const page = renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: label }));
  await screen.findByRole('heading', { level: 1, name: label });
  return { ...setup, ...page };
}

describe('Device view', () => {
  it('shows the details and the keys with their status', async () => {
    await openDevice();
    expect(screen.getByText('4.2.0')).toBeTruthy();
    expect(screen.getByText('Room B12')).toBeTruthy();
    expect(screen.getByText('imaging-it@example.org')).toBeTruthy();
    const table = within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' }));
    expect(table.getByText('Scanner key')).toBeTruthy();
    expect(table.getAllByText('Rejected: owner disabled')).toHaveLength(2);
    expect(table.getAllByText('Used recently')).toHaveLength(2);
  });

  it("disables only after main's confirmation says what stops working, then reloads", async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Disable device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Disable MR scanner 3 Reaper?' }));
    expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'disable-device', targets: ['dev-1'] });
    expect(dialog.getByText('What stops working:')).toBeTruthy();
    const lines = dialog.getAllByRole('listitem').map((item) => item.textContent);
    expect(lines).toEqual(['2 keys are rejected from then on.', 'The device stops sending data.']);
    expect(fake.devices.setDisabled).not.toHaveBeenCalled();
    await user.click(dialog.getByRole('button', { name: 'Disable device' }));
    await waitFor(() =>
      expect(fake.devices.setDisabled).toHaveBeenCalledWith({
        deviceId: 'dev-1',
        disabled: true,
        confirmationId: CONFIRMATION_ID,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('button', { name: 'Enable device' })).toBeTruthy();
    expect(fake.inventory.load.mock.calls.length).toBeGreaterThan(1);
  });

  it('cancelling the disable dialog changes nothing', async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Disable device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Disable MR scanner 3 Reaper?' }));
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.devices.setDisabled).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Disable device' })).toBeTruthy();
  });

  it("shows main's refusal in the disable dialog (the admin said no in main's own dialog)", async () => {
    const { fake, user } = await openDevice();
    fake.devices.setDisabled.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'confirmation-required',
        message: "You did not confirm this in Keywarden's own dialog. Nothing was changed.",
      },
    });
    await user.click(screen.getByRole('button', { name: 'Disable device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Disable MR scanner 3 Reaper?' }));
    await user.click(dialog.getByRole('button', { name: 'Disable device' }));
    expect((await dialog.findByRole('alert')).textContent).toContain('You did not confirm');
    // Main spent that confirmation: the dialog asks for a fresh one, so the admin can try again.
    await waitFor(() => expect(fake.confirmations.request).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(dialog.getByRole('button', { name: 'Disable device' })).toHaveProperty('disabled', false));
    await user.click(dialog.getByRole('button', { name: 'Disable device' }));
    await waitFor(() => expect(fake.devices.setDisabled).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('enables only after listing the keys that will work again', async () => {
    const { fake, user } = await openDevice('MR scanner 3 Reaper', disabledReaper);
    await user.click(screen.getByRole('button', { name: 'Enable device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Enable MR scanner 3 Reaper?' }));
    expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'enable-device', targets: ['dev-1'] });
    // Main's lines say which keys come back; the dialog does not head them with the same words again.
    expect(dialog.queryByText('These keys will work again:')).toBeNull();
    expect(dialog.getByText('Scanner key will work again')).toBeTruthy();
    expect(dialog.getByText('Spare key will work again')).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: 'Enable device' }));
    await waitFor(() =>
      expect(fake.devices.setDisabled).toHaveBeenCalledWith({
        deviceId: 'dev-1',
        disabled: false,
        confirmationId: CONFIRMATION_ID,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('button', { name: 'Disable device' })).toBeTruthy();
  });

  it('deletes only after the admin types the label, then goes back to the list', async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Delete device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete MR scanner 3 Reaper?' }));
    const confirm = dialog.getByRole('button', { name: 'Delete device' });
    const field = await dialog.findByLabelText('Type "MR scanner 3 Reaper" to confirm');
    expect(confirm).toHaveProperty('disabled', true);
    await user.type(field, 'MR scanner 3');
    expect(confirm).toHaveProperty('disabled', true);
    await user.type(field, ' Reaper');
    expect(confirm).toHaveProperty('disabled', false);
    await user.click(confirm);
    // Main checks the typed label again, against the device's label on the site.
    await waitFor(() =>
      expect(fake.devices.remove).toHaveBeenCalledWith({
        deviceId: 'dev-1',
        confirmationId: CONFIRMATION_ID,
        typedLabel: 'MR scanner 3 Reaper',
      }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Devices' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('MR scanner 3 Reaper is deleted.');
  });

  it('sends main what the admin typed, not the label the page shows', async () => {
    const { fake, user } = await openDevice();
    // Main's confirmation names the label as main knows it; that is what the admin types, and what main checks.
    fake.confirmations.request.mockResolvedValueOnce({
      ok: true,
      value: {
        id: CONFIRMATION_ID,
        action: 'delete-device',
        targets: ['dev-1'],
        title: 'Delete MR scanner 3 Reaper?',
        lines: ['2 keys are removed.'],
        typeToConfirm: 'Reaper (renamed)',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Delete device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete MR scanner 3 Reaper?' }));
    await user.type(await dialog.findByLabelText('Type "Reaper (renamed)" to confirm'), 'Reaper (renamed)');
    await user.click(dialog.getByRole('button', { name: 'Delete device' }));
    await waitFor(() =>
      expect(fake.devices.remove).toHaveBeenCalledWith({
        deviceId: 'dev-1',
        confirmationId: CONFIRMATION_ID,
        typedLabel: 'Reaper (renamed)',
      }),
    );
  });

  it('shows an error from main in the dialog', async () => {
    const { fake, user } = await openDevice();
    fake.devices.remove.mockResolvedValueOnce({
      ok: false,
      error: { code: 'forbidden', message: 'You may not delete devices.' },
    });
    await user.click(screen.getByRole('button', { name: 'Delete device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete MR scanner 3 Reaper?' }));
    await user.type(await dialog.findByLabelText(/^Type/), 'MR scanner 3 Reaper');
    await user.click(dialog.getByRole('button', { name: 'Delete device' }));
    expect((await dialog.findByRole('alert')).textContent).toContain('You may not delete devices.');
  });

  it('edits the local notes', async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Edit notes' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Notes for MR scanner 3 Reaper' }));
    const location = dialog.getByLabelText('Location or room');
    await user.clear(location);
    await user.type(location, 'Room C3');
    await user.click(dialog.getByRole('button', { name: 'Save notes' }));
    await waitFor(() =>
      expect(fake.devices.updateNotes).toHaveBeenCalledWith({
        deviceId: 'dev-1',
        notes: { location: 'Room C3', modality: 'MR', contact: 'imaging-it@example.org' },
      }),
    );
    expect(await screen.findByText('Room C3')).toBeTruthy();
  });
});
