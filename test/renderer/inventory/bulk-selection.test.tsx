/**
 * Issue 10, bulk actions in the key inventory: the grid's checkboxes select keys (the header box the page), "all that
 * match the filter" when the filter matches more keys than the page, other users' keys and the app's own key left out
 * with a note, a new search starting a new selection, and the limit main keeps.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InventoryPage } from '../../../renderer/pages/inventory/inventory-page.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import {
  CONFIRMATION_ID,
  daysFromNow,
  installInventoryFake,
  makeDevice,
  makeInventory,
  makeKey,
  renderPage,
} from '../keys/support.js';

const grid = () => screen.getByRole('grid', { name: 'Key inventory' });
const rowOf = (label: string) => within(screen.getByText(label).closest('[role="row"]') as HTMLElement);
const checkboxOf = (label: string) => rowOf(label).getByRole('checkbox');
const selectedCount = () => screen.getByText(/keys? selected$|^Select keys to revoke/).textContent;

function mixedInventory() {
  const keys: KeyRecord[] = [
    makeKey({ id: 'k-mr-1', label: 'MR nightly', ownerId: 'dev-mr', ownerLabel: 'MR scanner', expiresAt: daysFromNow(10) }),
    makeKey({ id: 'k-mr-2', label: 'MR upload', ownerId: 'dev-mr', ownerLabel: 'MR scanner', expiresAt: daysFromNow(11) }),
    makeKey({ id: 'k-ct-1', label: 'CT primary', ownerId: 'dev-ct', ownerLabel: 'CT reaper', expiresAt: daysFromNow(12) }),
    makeKey({
      id: 'k-own',
      label: 'Ada laptop',
      ownerType: 'user',
      ownerId: 'ada@example.org',
      ownerLabel: 'Ada Lovelace',
      expiresAt: daysFromNow(13),
    }),
    makeKey({
      id: 'k-app',
      label: 'Keywarden',
      ownerType: 'user',
      ownerId: 'ada@example.org',
      ownerLabel: 'Ada Lovelace',
      isAppKey: true,
      expiresAt: daysFromNow(14),
    }),
    makeKey({
      id: 'k-grace',
      label: 'Grace script',
      ownerType: 'user',
      ownerId: 'grace@example.org',
      ownerLabel: 'Grace Hopper',
      expiresAt: daysFromNow(15),
    }),
  ];
  return makeInventory({
    devices: [makeDevice({ id: 'dev-mr', label: 'MR scanner' }), makeDevice({ id: 'dev-ct', label: 'CT reaper' })],
    keys,
  });
}

async function openInventory(inventory = mixedInventory()) {
  const setup = installInventoryFake({ inventory });
  const page = renderPage(<InventoryPage disableVirtualization />, 'inventory');
  await screen.findByRole('grid', { name: 'Key inventory' });
  await waitFor(() => expect(within(grid()).getAllByRole('row').length).toBeGreaterThan(1));
  return { ...setup, ...page };
}

describe('bulk actions in the inventory', () => {
  it("selects only devices' keys and the admin's own, and says what cannot be selected", async () => {
    const { user } = await openInventory();
    expect(selectedCount()).toBe('Select keys to revoke or rotate them together.');
    expect((checkboxOf('Grace script') as HTMLInputElement).disabled).toBe(true);
    expect((checkboxOf('Keywarden') as HTMLInputElement).disabled).toBe(true);
    expect((checkboxOf('Ada laptop') as HTMLInputElement).disabled).toBe(false);
    expect(
      screen.getByText(
        'Not selectable: 1 key of another user (only their owners can revoke or rotate them); the key Keywarden is connected with (replace it on My keys).',
      ),
    ).toBeTruthy();
    // The header box selects all that match, leaving those out.
    await user.click(within(grid()).getByRole('checkbox', { name: 'Select all rows' }));
    expect(selectedCount()).toBe('4 keys selected');
    expect((checkboxOf('Grace script') as HTMLInputElement).checked).toBe(false);
  });

  it('revokes three selected keys with one confirmation, and lists a result per key', async () => {
    const { fake, user } = await openInventory();
    await user.click(checkboxOf('MR nightly'));
    await user.click(checkboxOf('MR upload'));
    await user.click(checkboxOf('CT primary'));
    expect(selectedCount()).toBe('3 keys selected');
    expect(fake.confirmations.request).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Revoke selected' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke 3 keys?' }));
    expect(fake.confirmations.request).toHaveBeenCalledExactlyOnceWith({
      action: 'revoke-key',
      targets: ['k-mr-1', 'k-mr-2', 'k-ct-1'],
    });
    await user.click(dialog.getByRole('button', { name: 'Revoke 3 keys' }));
    const results = within(await screen.findByRole('dialog', { name: 'Bulk revoke: result per key' }));
    expect(fake.keys.bulkRevoke).toHaveBeenCalledExactlyOnceWith({
      keys: [
        { owner: { type: 'device', id: 'dev-mr' }, keyId: 'k-mr-1' },
        { owner: { type: 'device', id: 'dev-mr' }, keyId: 'k-mr-2' },
        { owner: { type: 'device', id: 'dev-ct' }, keyId: 'k-ct-1' },
      ],
      confirmationId: CONFIRMATION_ID,
    });
    expect(results.getByRole('status').textContent).toBe('3 revoked.');
    expect(results.getAllByText('Revoked')).toHaveLength(3);
    await user.click(results.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText('MR nightly')).toBeNull());
    expect(screen.queryByText('CT primary')).toBeNull();
    expect(selectedCount()).toBe('Select keys to revoke or rotate them together.');
  });

  it("sends the admin's own key as owner self", async () => {
    const { fake, user } = await openInventory();
    await user.click(checkboxOf('Ada laptop'));
    await user.click(checkboxOf('CT primary'));
    await user.click(screen.getByRole('button', { name: 'Revoke selected' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Revoke 2 keys?' })).getByRole('button', { name: 'Revoke 2 keys' }),
    );
    await waitFor(() =>
      expect(fake.keys.bulkRevoke).toHaveBeenCalledWith({
        keys: [
          { owner: { type: 'self' }, keyId: 'k-own' },
          { owner: { type: 'device', id: 'dev-ct' }, keyId: 'k-ct-1' },
        ],
        confirmationId: CONFIRMATION_ID,
      }),
    );
  });

  it('narrows the selection to a search once the admin pauses on it, and holds the actions meanwhile', async () => {
    const { user } = await openInventory();
    await user.click(checkboxOf('MR nightly'));
    await user.click(checkboxOf('CT primary'));
    expect(selectedCount()).toBe('2 keys selected');
    // The grid shows each keystroke's answer ("M" finds no key); the selection waits for the typing to pause.
    await userEvent.setup({ delay: 20 }).type(screen.getByRole('searchbox', { name: 'Search keys' }), 'MR');
    expect((screen.getByRole('button', { name: 'Revoke selected' }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(selectedCount()).toBe('1 key selected'));
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Revoke selected' }) as HTMLButtonElement).disabled).toBe(false),
    );
    expect(rowOf('MR nightly').getByRole('checkbox')).toHaveProperty('checked', true);
  });

  it('offers all that match the filter beyond the page, keeps to the limit, and a search keeps only what it shows', async () => {
    const many = Array.from({ length: 520 }, (_, index) =>
      makeKey({
        id: `k-${index}`,
        // Ten of them stand out for a search.
        label: index >= 100 && index < 110 ? `Sync key ${index}` : `Bulk key ${String(index).padStart(3, '0')}`,
        ownerId: 'dev-mr',
        ownerLabel: 'MR scanner',
        expiresAt: daysFromNow(10 + index / 100),
      }),
    );
    const { user } = await openInventory(
      makeInventory({ devices: [makeDevice({ id: 'dev-mr', label: 'MR scanner' })], keys: many }),
    );
    // One key by hand: the bar offers every key the filter matches, beyond this page of 100, and counts again when
    // a search changes what matches.
    await user.click(checkboxOf('Bulk key 000'));
    expect(selectedCount()).toBe('1 key selected');
    expect(screen.getByRole('button', { name: 'Select all 520 keys that match the filter' })).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'Bulk');
    // The selection narrows once the typing pauses.
    expect(
      await screen.findByRole('button', { name: 'Select all 510 keys that match the filter' }, { timeout: 5000 }),
    ).toBeTruthy();
    expect(selectedCount()).toBe('1 key selected');
    await user.clear(screen.getByRole('searchbox', { name: 'Search keys' }));
    await user.click(await screen.findByRole('button', { name: 'Select all 520 keys that match the filter' }, { timeout: 5000 }));
    expect(selectedCount()).toBe('520 keys selected');
    expect(screen.getByText('All 520 keys that match the filter are selected.')).toBeTruthy();
    // Back to this page only, and on to all again.
    await user.click(screen.getByRole('button', { name: 'Select only the 100 on this page' }));
    expect(selectedCount()).toBe('100 keys selected');
    expect(screen.getByText('All 100 keys on this page are selected.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Select all 520 keys that match the filter' }));
    expect(selectedCount()).toBe('520 keys selected');
    // Main takes at most 500 at once: the actions wait for a narrower selection.
    expect(screen.getByText(/At most 500 keys can be revoked or rotated at once/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Revoke selected' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Rotate selected…' }) as HTMLButtonElement).disabled).toBe(true);

    // A search keeps only the selected keys it still shows, so an action never reaches keys no longer shown.
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'Sync');
    await waitFor(() => expect(within(grid()).getAllByRole('row')).toHaveLength(11), { timeout: 5000 });
    await waitFor(() => expect(selectedCount()).toBe('10 keys selected'));
    expect(screen.queryByText(/At most 500/)).toBeNull();
    // The grid's header box clears them, and selects all that match the filter again.
    await user.click(within(grid()).getByRole('checkbox', { name: 'Unselect all rows' }));
    expect(selectedCount()).toBe('Select keys to revoke or rotate them together.');
    await user.click(within(grid()).getByRole('checkbox', { name: 'Select all rows' }));
    expect(selectedCount()).toBe('10 keys selected');
    expect(screen.queryByRole('button', { name: /that match the filter/ })).toBeNull();
    expect((screen.getByRole('button', { name: 'Revoke selected' }) as HTMLButtonElement).disabled).toBe(false);
    // Five pages of rows in jsdom on a shared machine.
  }, 90_000);
});
