import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InventoryPage } from '../../../renderer/pages/inventory/inventory-page.js';
import type { DeviceRecord } from '../../../shared/inventory.js';
import { ok } from '../../../shared/result.js';
import type { InventorySelection } from '../../../shared/inventory-query.js';
import type { FakeKeyAdmin } from '../fake-key-admin.js';
import { inDays, installInventory, makeInventory, makeKey } from '../overview/inventory-fixture.js';
import { CurrentPage } from '../overview/current-page.js';
import { navigateCalls } from '../overview/navigation-spy.js';
import { renderPage } from '../overview/render-page.js';
import { testDevice } from '../../support/records.js';

vi.mock('../../../renderer/navigation/navigation.js', async (importOriginal) =>
  (await import('../overview/navigation-spy.js')).withNavigateSpy(await importOriginal()),
);

function device(id: string, label: string, type: string): DeviceRecord {
  return testDevice({ id, label, type });
}

function sampleInventory() {
  return makeInventory({
    keys: [
      makeKey({ id: 'k-active', label: 'Nightly upload', ownerLabel: 'MR Scanner 1' }),
      makeKey({ id: 'k-soon-1', label: 'Reaper key', ownerLabel: 'CT Reaper', expiresAt: inDays(2) }),
      makeKey({
        id: 'k-soon-2',
        label: 'Ada laptop',
        ownerType: 'user',
        ownerId: 'ada@example.org',
        ownerLabel: 'Ada Lovelace',
        expiresAt: inDays(6),
      }),
      makeKey({ id: 'k-expired', label: 'Old importer', ownerLabel: 'Importer', expiresAt: inDays(-3) }),
      makeKey({ id: 'k-legacy', label: 'Legacy Key', kind: 'legacy', ownerLabel: 'PET Reaper', expiresAt: null }),
    ],
  });
}

/** The same keys, now with their owner devices listed: the grid gains their types. */
function inventoryWithDevices() {
  const inventory = sampleInventory();
  const owners = [
    ['dev-mr', 'MR Scanner 1', 'connector'],
    ['dev-ct', 'CT Reaper', 'reaper'],
    ['dev-imp', 'Importer', 'importer'],
    ['dev-pet', 'PET Reaper', 'reaper'],
  ] as const;
  const idOf = new Map(owners.map(([id, label]) => [label as string, id as string]));
  return {
    ...inventory,
    devices: owners.map(([id, label, type]) => device(id, label, type)),
    keys: inventory.keys.map((key) => (key.ownerType === 'device' ? { ...key, ownerId: idOf.get(key.ownerLabel)! } : key)),
  };
}

const grid = () => screen.getByRole('grid', { name: 'Key inventory' });
/** The keys main's rules (as the fake answers them) take for an export's selection. */
async function selectedBy(fake: FakeKeyAdmin, select: InventorySelection): Promise<string[]> {
  const answer = await fake.inventory.query({ ...select, page: 0, pageSize: 100 });
  return answer.ok ? answer.value.rows.map((row) => row.id) : [];
}
/** The text of one cell of the row showing a key's label. */
const cellOf = (label: string, field: string) =>
  (screen.getByText(label).closest('[role="row"]') as HTMLElement).querySelector(`[data-field="${field}"]`)?.textContent;
/** The labels of the rows the grid shows, in order. */
const shownLabels = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.querySelector('[data-field="label"]')?.textContent)
    .filter((text): text is string => Boolean(text) && text !== 'Label');

describe('Inventory page', () => {
  beforeEach(() => {
    // jsdom has no object URLs and no downloads.
    URL.createObjectURL = vi.fn(() => 'blob:keywarden/export');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    navigateCalls.mockClear();
  });

  it('lists every key with owner, type, dates and status', async () => {
    installInventory({ inventory: sampleInventory() });
    renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(5));
    expect(screen.getByText('5 keys')).toBeTruthy();
    const row = screen.getByText('Ada laptop').closest('[role="row"]') as HTMLElement;
    expect(within(row).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(row).getByText('User')).toBeTruthy();
    // The key's type is a column the admin can show (columns.test.tsx); its status names a legacy key anyway.
    expect(within(row).getByText('Expiring soon')).toBeTruthy();
    expect(within(row).getByText(inDays(6).slice(0, 10))).toBeTruthy();
  });

  it('filtered to "expiring soon" shows exactly those keys', async () => {
    installInventory({ inventory: sampleInventory() });
    renderPage(<InventoryPage initialStatus="expiring-soon" disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels().sort()).toEqual(['Ada laptop', 'Reaper key']));
    expect(screen.getByRole('combobox', { name: 'Status' }).textContent).toBe('Expiring soon (2)');
    expect(screen.getByText('2 keys')).toBeTruthy();
  });

  it('filters by the status control', async () => {
    installInventory({ inventory: sampleInventory() });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Legacy (1)' }));
    await waitFor(() => expect(shownLabels()).toEqual(['Legacy Key']));
  });

  it('narrows the rows with the search field', async () => {
    installInventory({ inventory: sampleInventory() });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'reaper');
    await waitFor(() => expect(shownLabels().sort()).toEqual(['Legacy Key', 'Reaper key']));
    expect(screen.getByText('2 keys')).toBeTruthy();
  });

  it('exports the visible keys as CSV and downloads the report', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    fake.inventory.export.mockResolvedValue(ok({ fileName: 'keys.csv', mimeType: 'text/csv', content: 'id,label\n', rows: 2 }));
    const { user } = renderPage(<InventoryPage initialStatus="expiring-soon" disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fake.inventory.export).toHaveBeenCalledTimes(1));
    const input = fake.inventory.export.mock.calls[0]![0];
    expect(input.format).toBe('csv');
    // The renderer holds one page: main exports every key of the grid's filter (issue 12).
    expect(input).not.toHaveProperty('keyIds');
    expect(input.select).toEqual({ statuses: ['expiring-soon'] });
    expect((await selectedBy(fake, input.select!)).sort()).toEqual(['k-soon-1', 'k-soon-2']);
    await waitFor(() => expect(HTMLAnchorElement.prototype.click).toHaveBeenCalledTimes(1));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:keywarden/export'));
  });

  it('exports JSON of the searched rows, and shows a failed export', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'importer');
    await waitFor(() => expect(shownLabels()).toEqual(['Old importer']));
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() =>
      expect(fake.inventory.export).toHaveBeenCalledWith({
        format: 'json',
        select: { search: 'importer' },
        filter: { search: 'importer' },
      }),
    );
    expect(await selectedBy(fake, { search: 'importer' })).toEqual(['k-expired']);
    expect((await screen.findByRole('alert')).textContent).toContain('inventory.export is not faked');
  });

  it('reads "Rejected from 19.0" as a legacy key\'s expiry, and "—" where another key has none', async () => {
    const inventory = sampleInventory();
    installInventory({
      inventory: { ...inventory, keys: [...inventory.keys, makeKey({ id: 'k-odd', label: 'No date', expiresAt: null })] },
    });
    renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(6));
    expect(cellOf('Legacy Key', 'expires')).toBe('Rejected from 19.0');
    expect(cellOf('No date', 'expires')).toBe('—');
    expect(cellOf('Old importer', 'expires')).toBe(inDays(-3).slice(0, 10));
  });

  it("shows the owner device's type, and none for a user's key, once the admin shows the column", async () => {
    installInventory({ inventory: inventoryWithDevices() });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(5));
    expect(within(grid()).queryByRole('columnheader', { name: 'Device type' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Device type' }));
    await user.keyboard('{Escape}');
    expect(await within(grid()).findByRole('columnheader', { name: 'Device type' })).toBeTruthy();
    expect(cellOf('Nightly upload', 'deviceType')).toBe('connector');
    expect(cellOf('Reaper key', 'deviceType')).toBe('reaper');
    expect(cellOf('Old importer', 'deviceType')).toBe('importer');
    expect(cellOf('Legacy Key', 'deviceType')).toBe('reaper');
    expect(cellOf('Ada laptop', 'deviceType')).toBe('');
  });

  it('searches the device types too', async () => {
    installInventory({ inventory: inventoryWithDevices() });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), 'connector');
    await waitFor(() => expect(shownLabels()).toEqual(['Nightly upload']));
  });

  it("offers a legacy key's row, and only it, the way to its migration entry", async () => {
    installInventory({ inventory: sampleInventory() });
    const { user } = renderPage(
      <>
        <InventoryPage disableVirtualization />
        <CurrentPage />
      </>,
      'inventory',
    );
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(5));
    const actions = within(grid()).getAllByRole('button', { name: 'Open the migration entry of this key' });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.closest('[role="row"]')?.getAttribute('data-id')).toBe('k-legacy');
    await user.click(actions[0]!);
    expect(navigateCalls).toHaveBeenCalledTimes(1);
    expect(navigateCalls).toHaveBeenCalledWith('legacy', { keyId: 'k-legacy' });
    expect(screen.getByRole('status', { name: 'Current page' }).textContent).toBe('legacy {"keyId":"k-legacy"}');
  });

  it('reaches that way with the keyboard', async () => {
    installInventory({ inventory: sampleInventory() });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(5));
    // Focus the legacy row's status cell (pressed and released without a click: a click opens the key's owner),
    // then move right into the migration cell and press Enter.
    const row = screen.getByText('Legacy Key').closest('[role="row"]') as HTMLElement;
    const statusCell = row.querySelector('[data-field="status"]') as HTMLElement;
    fireEvent.mouseDown(statusCell);
    fireEvent.mouseUp(statusCell);
    await user.keyboard('{ArrowRight}');
    const action = within(row).getByRole('button', { name: 'Open the migration entry of this key' });
    await waitFor(() => expect(document.activeElement).toBe(action));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(navigateCalls).toHaveBeenCalledWith('legacy', { keyId: 'k-legacy' }));
    expect(navigateCalls).toHaveBeenCalledTimes(1);
  });
});
