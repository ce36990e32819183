import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { CONFIRMATION_ID, KEY_CANARY, installInventoryFake, makeInventory, makeKey, renderPage } from './support.js';

async function openDevice() {
  const setup = installInventoryFake({
    inventory: makeInventory({
      keys: [makeKey({ id: 'key-1', label: 'Scanner key' }), makeKey({ id: 'key-2', label: 'Spare key' })],
    }),
  });
  const page = renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' });
  return { ...setup, ...page };
}

const keysTable = () => within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' }));
const keyRow = (label: string) => within(keysTable().getByText(label).closest('tr') as HTMLElement);

async function closeSecretDialog(user: Awaited<ReturnType<typeof openDevice>>['user']) {
  const dialog = within(screen.getByRole('dialog'));
  await user.click(dialog.getByRole('button', { name: 'Close' }));
  await user.click(dialog.getByRole('checkbox', { name: 'I have stored the key' }));
  await user.click(dialog.getByRole('button', { name: 'Close and lose the secret' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

describe('Revoke', () => {
  it('asks main for a confirmation naming the key and the device, and passes its id', async () => {
    const { fake, user } = await openDevice();
    await user.click(keyRow('Scanner key').getByRole('button', { name: 'Revoke' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke Scanner key?' }));
    expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'revoke-key', targets: ['key-1'] });
    expect(dialog.getByText('Key Scanner key of MR scanner 3 Reaper stops working.')).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: 'Revoke key' }));
    await waitFor(() =>
      expect(fake.keys.revoke).toHaveBeenCalledWith({
        owner: { type: 'device', id: 'dev-1' },
        keyId: 'key-1',
        confirmationId: CONFIRMATION_ID,
      }),
    );
    expect((await screen.findByRole('status')).textContent).toContain('Scanner key is revoked.');
    await waitFor(() => expect(keysTable().queryByText('Scanner key')).toBeNull());
  });

  it('says when the key was already gone', async () => {
    const { fake, user } = await openDevice();
    fake.keys.revoke.mockResolvedValueOnce({ ok: true, value: { alreadyGone: true } });
    await user.click(keyRow('Spare key').getByRole('button', { name: 'Revoke' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke Spare key?' }));
    await user.click(dialog.getByRole('button', { name: 'Revoke key' }));
    expect((await screen.findByRole('status')).textContent).toContain('Spare key was already gone from the site.');
  });

  it('cancels without revoking', async () => {
    const { fake, user } = await openDevice();
    await user.click(keyRow('Spare key').getByRole('button', { name: 'Revoke' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke Spare key?' }));
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.keys.revoke).not.toHaveBeenCalled();
  });
});

describe('Rotate', () => {
  it('creates a new key, shows its secret once, and keeps the old key with a hint', async () => {
    const { fake, user } = await openDevice();
    await user.click(keyRow('Scanner key').getByRole('button', { name: 'Rotate' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Rotate Scanner key' }));
    await user.click(dialog.getByRole('button', { name: '90 days' }));
    await user.click(dialog.getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(fake.keys.rotate).toHaveBeenCalledTimes(1));
    const input = fake.keys.rotate.mock.calls[0]![0];
    expect(input).toMatchObject({ owner: { type: 'device', id: 'dev-1' }, keyId: 'key-1', compromised: false });
    expect(input.confirmationId).toBeUndefined();
    expect(fake.confirmations.request).not.toHaveBeenCalled();

    const secret = within(await screen.findByRole('dialog', { name: 'New secret for MR scanner 3 Reaper' }));
    await user.click(secret.getByRole('button', { name: 'Show secret' }));
    expect(secret.getByLabelText('Secret').textContent).toContain(KEY_CANARY);
    await closeSecretDialog(user);
    expect(document.body.innerHTML).not.toContain(KEY_CANARY);

    expect(await keysTable().findByText(/^Scanner key \(rotated \d{4}-\d{2}-\d{2}\)$/)).toBeTruthy();
    const old = keyRow('Scanner key');
    expect(old.getByText(/revoke the old key once its last use stops changing/)).toBeTruthy();
    expect(old.getByText('Used recently')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Scanner key still works.');
  });

  it('asks main for a rotate-compromised confirmation first, then revokes the old key at once', async () => {
    const { fake, user } = await openDevice();
    await user.click(keyRow('Scanner key').getByRole('button', { name: 'Rotate' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Rotate Scanner key' }));
    await user.click(dialog.getByRole('checkbox', { name: /compromised/ }));
    await user.click(dialog.getByRole('button', { name: 'Continue' }));

    const confirm = within(await screen.findByRole('dialog', { name: 'Replace Scanner key now?' }));
    expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'rotate-compromised', targets: ['key-1'] });
    expect(fake.keys.rotate).not.toHaveBeenCalled();
    expect(confirm.getByText('Key Scanner key is revoked at once.')).toBeTruthy();
    await user.click(confirm.getByRole('button', { name: 'Rotate and revoke now' }));

    await waitFor(() =>
      expect(fake.keys.rotate).toHaveBeenCalledWith(
        expect.objectContaining({ keyId: 'key-1', compromised: true, confirmationId: CONFIRMATION_ID }),
      ),
    );
    await screen.findByRole('dialog', { name: 'New secret for MR scanner 3 Reaper' });
    await closeSecretDialog(user);
    await waitFor(() => expect(keysTable().queryByText('Scanner key')).toBeNull());
    expect(screen.getByRole('status').textContent).toContain('Scanner key is revoked and replaced by the new key.');
  });
});
