import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { KEY_CANARY, SECRET_HANDLE, installInventoryFake, makeKey, renderPage } from './support.js';

async function createKey() {
  const setup = installInventoryFake();
  const page = renderPage(<DevicesPage disableVirtualization />);
  const { user } = page;
  await user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await user.click(await screen.findByRole('button', { name: 'New key' }));
  const form = within(await screen.findByRole('dialog', { name: 'New key for MR scanner 3 Reaper' }));
  await user.type(form.getByLabelText(/^Label/), 'Scanner key 2');
  await user.click(form.getByRole('button', { name: 'Create key' }));
  await screen.findByRole('button', { name: 'Show secret' });
  return { ...setup, ...page, dialog: within(screen.getByRole('dialog')) };
}

describe('Secret dialog', () => {
  it('masks the secret until revealed, and hides it again', async () => {
    const { user, dialog } = await createKey();
    expect(dialog.getByText(/Scanner key 2/)).toBeTruthy();
    expect(document.body.textContent).not.toContain(KEY_CANARY);
    expect(document.body.innerHTML).not.toContain(KEY_CANARY);
    await user.click(dialog.getByRole('button', { name: 'Show secret' }));
    expect(dialog.getByLabelText('Secret').textContent).toContain(KEY_CANARY);
    await user.click(dialog.getByRole('button', { name: 'Hide secret' }));
    expect(document.body.innerHTML).not.toContain(KEY_CANARY);
  });

  it('copies through main with the handle and says when the clipboard is cleared', async () => {
    const { fake, user, dialog } = await createKey();
    await user.click(dialog.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(fake.secrets.copy).toHaveBeenCalledWith({ handle: SECRET_HANDLE }));
    expect((await dialog.findByRole('status')).textContent).toBe('Copied; the clipboard is cleared in 30 s.');
  });

  it('asks before closing, then discards the secret and removes it from the DOM', async () => {
    const { fake, user, dialog } = await createKey();
    await user.click(dialog.getByRole('button', { name: 'Show secret' }));
    expect(document.body.textContent).toContain(KEY_CANARY);

    // Escape asks too; going back keeps the secret.
    await user.keyboard('{Escape}');
    expect(dialog.getByRole('button', { name: 'Close and lose the secret' })).toHaveProperty('disabled', true);
    await user.click(dialog.getByRole('button', { name: 'Back to the secret' }));
    expect(document.body.textContent).toContain(KEY_CANARY);

    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await user.click(dialog.getByRole('checkbox', { name: 'I have stored the key' }));
    expect(fake.secrets.discard).not.toHaveBeenCalled();
    await user.click(dialog.getByRole('button', { name: 'Close and lose the secret' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.secrets.discard).toHaveBeenCalledWith({ handle: SECRET_HANDLE });
    expect(document.body.innerHTML).not.toContain(KEY_CANARY);
    // The new key is listed after the reload, without its secret.
    expect(
      await within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' })).findByText('Scanner key 2'),
    ).toBeTruthy();
  });

  it('says the secret of an adopted key cannot be shown and offers a rotation', async () => {
    const { fake } = installInventoryFake();
    fake.keys.create.mockResolvedValueOnce({
      ok: true,
      value: { key: makeKey({ id: 'key-adopted', label: 'Scanner key 2' }), secret: null, secretHandle: null, adopted: true },
    });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
    await user.click(await screen.findByRole('button', { name: 'New key' }));
    const form = within(await screen.findByRole('dialog', { name: 'New key for MR scanner 3 Reaper' }));
    await user.type(form.getByLabelText(/^Label/), 'Scanner key 2');
    await user.click(form.getByRole('button', { name: 'Create key' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New key for MR scanner 3 Reaper' }));
    expect(await dialog.findByText(/its secret cannot be shown/)).toBeTruthy();
    expect(dialog.queryByRole('button', { name: 'Copy' })).toBeNull();
    await user.click(dialog.getByRole('button', { name: 'Rotate instead' }));
    expect(await screen.findByRole('dialog', { name: 'Rotate Scanner key 2' })).toBeTruthy();
  });
});
