import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { installInventoryFake, renderPage } from '../keys/support.js';

describe('Register a device', () => {
  it('registers with label, a typed type and notes, then offers the first key', async () => {
    const { fake } = installInventoryFake();
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await user.click(await screen.findByRole('button', { name: 'Register device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Register a device' }));
    await user.type(dialog.getByLabelText(/^Label/), 'Angio bridge');
    await user.type(dialog.getByRole('combobox', { name: /^Type/ }), 'dicom-bridge');
    await user.type(dialog.getByLabelText('Location or room'), 'Room A1');
    await user.type(dialog.getByLabelText('Modality'), 'XA');
    await user.type(dialog.getByLabelText('Contact'), 'Grace');
    await user.click(dialog.getByRole('button', { name: 'Register' }));

    await waitFor(() =>
      expect(fake.devices.register).toHaveBeenCalledWith({
        label: 'Angio bridge',
        type: 'dicom-bridge',
        notes: { location: 'Room A1', modality: 'XA', contact: 'Grace' },
      }),
    );
    const offer = within(await screen.findByRole('dialog', { name: 'Device registered' }));
    await user.click(offer.getByRole('button', { name: 'Create first key' }));
    expect(await screen.findByRole('dialog', { name: 'New key for Angio bridge' })).toBeTruthy();
  });

  it('offers the known types', async () => {
    const { fake } = installInventoryFake();
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await user.click(await screen.findByRole('button', { name: 'Register device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Register a device' }));
    await user.type(dialog.getByLabelText(/^Label/), 'Reaper 2');
    await user.click(dialog.getByRole('combobox', { name: /^Type/ }));
    await user.click(await screen.findByRole('option', { name: 'importer' }));
    await user.click(dialog.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(fake.devices.register).toHaveBeenCalledWith(expect.objectContaining({ type: 'importer' })));
  });

  it('asks for a label and a type before calling main', async () => {
    const { fake } = installInventoryFake();
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await user.click(await screen.findByRole('button', { name: 'Register device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Register a device' }));
    await user.click(dialog.getByRole('button', { name: 'Register' }));
    expect(dialog.getByText('Enter a label.')).toBeTruthy();
    expect(dialog.getByText('Choose a type or type one.')).toBeTruthy();
    expect(fake.devices.register).not.toHaveBeenCalled();
  });
});
