import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { DAY_MS } from '../../../shared/time.js';
import { dayFromNow, installInventoryFake, renderPage } from './support.js';

async function openNewKey() {
  const setup = installInventoryFake();
  const page = renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await page.user.click(await screen.findByRole('button', { name: 'New key' }));
  const dialog = within(await screen.findByRole('dialog', { name: 'New key for MR scanner 3 Reaper' }));
  return { ...setup, ...page, dialog };
}

const expiryField = (dialog: ReturnType<typeof within>) => dialog.getByLabelText(/^Expires on/) as HTMLInputElement;

describe('New key', () => {
  it('defaults to an expiry in 30 days and creates the key for the device', async () => {
    const { fake, user, dialog } = await openNewKey();
    expect(expiryField(dialog).value).toBe(dayFromNow(30));
    expect(dialog.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
    await user.type(dialog.getByLabelText(/^Label/), 'Scanner key 2');
    await user.click(dialog.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(fake.keys.create).toHaveBeenCalledTimes(1));
    const input = fake.keys.create.mock.calls[0]![0];
    expect(input.owner).toEqual({ type: 'device', id: 'dev-1' });
    expect(input.label).toBe('Scanner key 2');
    const days = (Date.parse(input.expiresAt) - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('changes the expiry with the presets', async () => {
    const { fake, user, dialog } = await openNewKey();
    await user.click(dialog.getByRole('button', { name: '90 days' }));
    expect(expiryField(dialog).value).toBe(dayFromNow(90));
    await user.click(dialog.getByRole('button', { name: '7 days' }));
    expect(expiryField(dialog).value).toBe(dayFromNow(7));
    expect(dialog.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');
    await user.type(dialog.getByLabelText(/^Label/), 'Short key');
    await user.click(dialog.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(fake.keys.create).toHaveBeenCalledTimes(1));
    expect(fake.keys.create.mock.calls[0]![0].expiresAt.slice(0, 10)).toBe(dayFromNow(7));
  });

  it('refuses a past date and a missing label without calling main', async () => {
    const { fake, user, dialog } = await openNewKey();
    const field = expiryField(dialog);
    await user.clear(field);
    await user.type(field, dayFromNow(-3));
    await user.click(dialog.getByRole('button', { name: 'Create key' }));
    expect(dialog.getByText('The expiry must be in the future.')).toBeTruthy();
    expect(dialog.getByText(/^Enter a label/)).toBeTruthy();
    await user.type(dialog.getByLabelText(/^Label/), 'Key');
    await user.click(dialog.getByRole('button', { name: 'Create key' }));
    expect(fake.keys.create).not.toHaveBeenCalled();
  });

  it('shows an error from main in the dialog', async () => {
    const { fake, user, dialog } = await openNewKey();
    fake.keys.create.mockResolvedValueOnce({
      ok: false,
      error: { code: 'limit-reached', message: 'This device already has 5 keys.' },
    });
    await user.type(dialog.getByLabelText(/^Label/), 'Key');
    await user.click(dialog.getByRole('button', { name: 'Create key' }));
    expect((await dialog.findByRole('alert')).textContent).toContain('This device already has 5 keys.');
  });
});
