import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { MyKeysPage } from '../../renderer/pages/my-keys/my-keys-page.js';
import { CONFIRMATION_ID, installInventoryFake, makeInventory, makeKey, renderPage } from './keys/support.js';

const own = (overrides: Parameters<typeof makeKey>[0]) =>
  makeKey({ ownerType: 'user', ownerId: 'ada@example.org', ownerLabel: 'Ada Lovelace', ...overrides });

const inventory = makeInventory({
  keys: [
    own({ id: 'app-key', label: 'Keywarden', isAppKey: true }),
    own({ id: 'cli-key', label: 'Laptop CLI' }),
    makeKey({ id: 'other', label: 'Someone else', ownerType: 'user', ownerId: 'grace@example.org' }),
    makeKey({ id: 'device-key', label: 'Device key' }),
  ],
});

const table = () => within(screen.getByRole('table', { name: 'Keys of Ada Lovelace' }));
const keyRow = (label: string) => within(table().getByText(label).closest('tr') as HTMLElement);

describe('My keys', () => {
  it("lists only the signed-in admin's keys and marks the one the app uses", async () => {
    installInventoryFake({ inventory });
    renderPage(<MyKeysPage />, 'connect');
    expect(await screen.findByRole('heading', { level: 1, name: 'My keys' })).toBeTruthy();
    await screen.findByRole('table', { name: 'Keys of Ada Lovelace' });
    expect(keyRow('Keywarden').getByText('Used by this app')).toBeTruthy();
    expect(keyRow('Laptop CLI').queryByText('Used by this app')).toBeNull();
    expect(table().queryByText('Someone else')).toBeNull();
    expect(table().queryByText('Device key')).toBeNull();
  });

  it('warns before revoking the app key and offers to create a new key first', async () => {
    const { fake } = installInventoryFake({ inventory });
    const { user } = renderPage(<MyKeysPage />, 'connect');
    await screen.findByRole('table', { name: 'Keys of Ada Lovelace' });
    await user.click(keyRow('Keywarden').getByRole('button', { name: 'Revoke' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke Keywarden?' }));
    expect(dialog.getByText(/Revoking it disconnects Keywarden/)).toBeTruthy();
    expect(dialog.getByText('Switch Keywarden to it on the Connect page.')).toBeTruthy();

    await user.click(dialog.getByRole('button', { name: 'Create a new key' }));
    const form = within(await screen.findByRole('dialog', { name: 'New key for Ada Lovelace' }));
    expect(fake.keys.revoke).not.toHaveBeenCalled();
    await user.type(form.getByLabelText(/^Label/), 'Keywarden 2');
    await user.click(form.getByRole('button', { name: 'Create key' }));
    await waitFor(() =>
      expect(fake.keys.create).toHaveBeenCalledWith(expect.objectContaining({ owner: { type: 'self' }, label: 'Keywarden 2' })),
    );
    const secret = within(await screen.findByRole('dialog', { name: 'New key for Ada Lovelace' }));
    await user.click(secret.getByRole('button', { name: 'Close' }));
    await user.click(secret.getByRole('checkbox', { name: 'I have stored the key' }));
    await user.click(secret.getByRole('button', { name: 'Close and lose the secret' }));
    expect(await screen.findByText(/Next: switch Keywarden to the new key Keywarden 2/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open the Connect page' })).toBeTruthy();
  });

  it('the next step of replacing the app key follows the site: switch, then revoke, then nothing', async () => {
    const { inventory: current } = installInventoryFake({ inventory: structuredClone(inventory) });
    const { user, queryClient } = renderPage(<MyKeysPage />, 'connect');
    await screen.findByRole('table', { name: 'Keys of Ada Lovelace' });
    await user.click(keyRow('Keywarden').getByRole('button', { name: 'Revoke' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Revoke Keywarden?' })).getByRole('button', { name: 'Create a new key' }),
    );
    const form = within(await screen.findByRole('dialog', { name: 'New key for Ada Lovelace' }));
    await user.type(form.getByLabelText(/^Label/), 'Keywarden 2');
    await user.click(form.getByRole('button', { name: 'Create key' }));
    const secret = within(await screen.findByRole('dialog', { name: 'New key for Ada Lovelace' }));
    await user.click(secret.getByRole('button', { name: 'Close' }));
    await user.click(secret.getByRole('checkbox', { name: 'I have stored the key' }));
    await user.click(secret.getByRole('button', { name: 'Close and lose the secret' }));
    expect(await screen.findByText(/Next: switch Keywarden to the new key Keywarden 2/)).toBeTruthy();

    // Keywarden was switched to the new key (on the Connect page): the banner moves on to the last step.
    for (const key of current()!.keys) if (key.ownerId === 'ada@example.org') key.isAppKey = key.label === 'Keywarden 2';
    await queryClient.invalidateQueries();
    expect(await screen.findByText('Keywarden now uses Keywarden 2. Last step: revoke Keywarden below.')).toBeTruthy();
    expect(screen.queryByText(/Next: switch Keywarden/)).toBeNull();

    // The old key is revoked: the replacement is over, and so is the banner.
    current()!.keys = current()!.keys.filter((key) => key.id !== 'app-key');
    await queryClient.invalidateQueries();
    await waitFor(() => expect(screen.queryByText(/Keywarden now uses/)).toBeNull());
    expect(screen.queryByText(/Next: switch Keywarden/)).toBeNull();
  });

  it('a new key made for something else does not ask to switch Keywarden to it', async () => {
    const { fake } = installInventoryFake({ inventory });
    const { user } = renderPage(<MyKeysPage />, 'connect');
    await screen.findByRole('table', { name: 'Keys of Ada Lovelace' });
    await user.click(screen.getByRole('button', { name: 'New key' }));
    const form = within(await screen.findByRole('dialog', { name: 'New key for Ada Lovelace' }));
    await user.type(form.getByLabelText(/^Label/), 'Laptop CLI 2');
    await user.click(form.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(fake.keys.create).toHaveBeenCalled());
    await screen.findByText(/This is the only time the secret is shown/);
    expect(screen.queryByText(/Next: switch Keywarden/)).toBeNull();
  });

  it('revokes another of the admin keys without the app-key warning', async () => {
    const { fake } = installInventoryFake({ inventory });
    const { user } = renderPage(<MyKeysPage />, 'connect');
    await screen.findByRole('table', { name: 'Keys of Ada Lovelace' });
    await user.click(keyRow('Laptop CLI').getByRole('button', { name: 'Revoke' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke Laptop CLI?' }));
    expect(dialog.queryByText(/Revoking it disconnects Keywarden/)).toBeNull();
    await user.click(dialog.getByRole('button', { name: 'Revoke key' }));
    await waitFor(() =>
      expect(fake.keys.revoke).toHaveBeenCalledWith({
        owner: { type: 'self' },
        keyId: 'cli-key',
        confirmationId: CONFIRMATION_ID,
      }),
    );
  });
});
