/**
 * Issue 10, "Tables and exports that fit", in the inventory: the columns shown at first and the admin's choice kept
 * per table, owner names cut short with the whole name on hover, "Owner disabled" saying "Yes" only when it is yes,
 * the search as a whole phrase, and the export telling main how the rows were chosen.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { InventoryPage, noKeysText } from '../../../renderer/pages/inventory/inventory-page.js';
import { columnStorageKey } from '../../../renderer/components/column-visibility.js';
import { ok } from '../../../shared/result.js';
import { inDays, installInventory, makeInventory, makeKey } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

/** The grid's search waits for typing to pause, and a loaded machine may take a while to render. */
const SLOW = { timeout: 5000 };

const LONG_OWNER = 'Clinical Trials Importer of the Cardiology Research Building, second floor';

function inventory() {
  return makeInventory({
    keys: [
      makeKey({ id: 'k-bay-1', label: 'Bay one key', ownerLabel: 'MRI Reaper (Bay 1)' }),
      makeKey({ id: 'k-bay-2', label: 'Bay two key', ownerLabel: 'CT Reaper (Bay 2)', expiresAt: inDays(3) }),
      makeKey({ id: 'k-bay-10', label: 'Bay ten key', ownerLabel: 'PET Reaper (Bay 10)' }),
      makeKey({ id: 'k-long', label: 'Long owner key', ownerLabel: LONG_OWNER, expiresAt: inDays(5) }),
      makeKey({
        id: 'k-off',
        label: 'Disabled owner key',
        ownerType: 'user',
        ownerId: 'eve@example.org',
        ownerLabel: 'Eve Example',
        ownerDisabled: true,
      }),
    ],
  });
}

const grid = () => screen.getByRole('grid', { name: 'Key inventory' });
const headers = () =>
  within(grid())
    .getAllByRole('columnheader')
    .map((header) => header.textContent ?? '')
    .filter(Boolean);
const cell = (keyId: string, field: string) =>
  grid().querySelector(`[role="row"][data-id="${keyId}"] [data-field="${field}"]`) as HTMLElement | null;
const shownIds = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.getAttribute('data-id'))
    .filter((id): id is string => Boolean(id))
    .sort();

/** The inventory page on the keys above, once the grid shows `rows` rows. */
async function openInventory(props: Parameters<typeof InventoryPage>[0] = {}, rows = 5) {
  const fake = installInventory({ inventory: inventory() });
  const rendered = renderPage(<InventoryPage disableVirtualization {...props} />, 'inventory');
  await screen.findByRole('grid', { name: 'Key inventory' });
  await waitFor(() => expect(shownIds()).toHaveLength(rows), SLOW);
  return { fake, ...rendered };
}

describe('inventory columns', () => {
  it('shows the main columns at first; the key type, device type, created day and usage are a click away', async () => {
    await openInventory();
    expect(headers()).toEqual(
      expect.arrayContaining(['Owner', 'Owner type', 'Owner disabled', 'Label', 'Expires', 'Last used', 'Status', 'Migration']),
    );
    for (const hidden of ['Type', 'Device type', 'Created', 'Usage']) expect(headers()).not.toContain(hidden);
  });

  it('keeps the columns the admin chose for this table, and only for it', async () => {
    const first = await openInventory();
    await first.user.click(screen.getByRole('button', { name: 'Columns' }));
    await first.user.click(await screen.findByRole('checkbox', { name: 'Created' }));
    await first.user.click(screen.getByRole('checkbox', { name: 'Owner type' }));
    await first.user.keyboard('{Escape}');
    await waitFor(() => expect(headers()).toContain('Created'), SLOW);
    expect(headers()).not.toContain('Owner type');
    expect(JSON.parse(window.localStorage.getItem(columnStorageKey('inventory'))!)).toMatchObject({
      created: true,
      ownerType: false,
    });
    expect(window.localStorage.getItem(columnStorageKey('devices'))).toBeNull();
    first.unmount();

    await openInventory();
    expect(headers()).toContain('Created');
    expect(headers()).not.toContain('Owner type');
  });

  it('cuts a long owner name short and shows the whole name on hover', async () => {
    await openInventory();
    const owner = cell('k-long', 'ownerLabel')!;
    expect(owner.textContent).toBe(LONG_OWNER);
    expect(owner.querySelector(`[title="${LONG_OWNER}"]`)).not.toBeNull();
  });

  it('says "Yes" where the owner is disabled, and nothing where it is not', async () => {
    await openInventory();
    expect(cell('k-off', 'ownerDisabled')?.textContent).toBe('Yes');
    for (const id of ['k-bay-1', 'k-bay-2', 'k-bay-10', 'k-long']) expect(cell(id, 'ownerDisabled')?.textContent).toBe('');
    // No "no" marks either (the grid's default crosses).
    expect(cell('k-bay-1', 'ownerDisabled')?.querySelector('svg')).toBeNull();
  });
});

describe('inventory search', () => {
  it('"Bay 1" finds the key of Bay 1, neither Bay 2 nor Bay 10', async () => {
    const { user } = await openInventory();
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'Bay 1');
    await waitFor(() => expect(shownIds()).toEqual(['k-bay-1']), SLOW);
    expect(screen.getByText('1 key')).toBeTruthy();
  });

  it('"Bay 10" finds only Bay 10, and a partial word finds nothing', async () => {
    const { user } = await openInventory();
    const search = screen.getByRole('searchbox', { name: 'Search keys' });
    await user.type(search, 'bay 10');
    await waitFor(() => expect(shownIds()).toEqual(['k-bay-10']), SLOW);
    await user.clear(search);
    await user.type(search, 'Reap');
    await waitFor(() => expect(shownIds()).toEqual([]), SLOW);
  });
});

describe('an empty inventory grid', () => {
  it('says in words that no key matches the search, not "No rows"', async () => {
    const { user } = await openInventory();
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'Reap');
    await waitFor(() => expect(screen.getByText('No key matches "Reap". Clear the search to see every key.')).toBeTruthy(), SLOW);
    expect(screen.queryByText('No rows')).toBeNull();
  });

  it('says why for each question: a status, chosen keys, or none at all', () => {
    expect(noKeysText({ statuses: ['expired'] })).toBe('No key has this status. Choose "All" to see every key.');
    expect(noKeysText({ keyIds: ['k-gone'] })).toBe('None of these keys is on the site any more.');
    expect(noKeysText({})).toBe('The site has no keys this account can see.');
  });
});

describe('inventory export', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:keywarden/export');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const answer = ok({ fileName: 'keys.csv', mimeType: 'text/csv', content: 'owner_type\r\n', rows: 1 });

  it('sends no filter when every key is shown', async () => {
    const { fake, user } = await openInventory();
    fake.inventory.export.mockResolvedValue(answer);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fake.inventory.export).toHaveBeenCalledTimes(1), SLOW);
    const input = fake.inventory.export.mock.calls[0]![0];
    expect(input.filter).toBeUndefined();
    expect(input).not.toHaveProperty('filter');
    // Main exports every key of the grid's (empty) filter: the renderer holds only one page (issue 12).
    expect(input).not.toHaveProperty('keyIds');
    expect(input.select).toEqual({});
  });

  it('sends the status and the search phrase that chose the rows', async () => {
    const { fake, user } = await openInventory({ initialStatus: 'expiring-soon' }, 2);
    fake.inventory.export.mockResolvedValue(answer);
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), '  Bay   2 ');
    await waitFor(() => expect(screen.getByText('1 key')).toBeTruthy(), SLOW);
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() =>
      expect(fake.inventory.export).toHaveBeenCalledWith({
        format: 'json',
        select: { statuses: ['expiring-soon'], search: 'Bay 2' },
        filter: { status: 'expiring-soon', search: 'Bay 2' },
      }),
    );
  });

  it("says when the rows are a notification's keys", async () => {
    const { fake, user } = await openInventory({ initialKeyIds: ['k-bay-1', 'k-off'] }, 2);
    fake.inventory.export.mockResolvedValue(answer);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fake.inventory.export).toHaveBeenCalledTimes(1), SLOW);
    const input = fake.inventory.export.mock.calls[0]![0];
    expect(input.select).toEqual({ keyIds: ['k-bay-1', 'k-off'] });
    expect(input.filter).toEqual({ keys: 'The keys of a notification' });
  });
});
