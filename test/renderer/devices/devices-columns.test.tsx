/** Issue 10 on the devices grid: the columns that fit at first, the admin's choice kept, the search as a whole phrase. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { columnStorageKey } from '../../../renderer/components/column-visibility.js';
import { installInventoryFake, makeDevice, makeInventory, renderPage } from '../keys/support.js';

/** The grid's search waits for typing to pause, and a loaded machine may take a while to render. */
const SLOW = { timeout: 5000 };

const LONG = 'Ultrasound Importer of the Maternity Ward, building C, third floor east';
const inventory = makeInventory({
  devices: [
    makeDevice({ id: 'dev-1', label: 'MRI Reaper (Bay 1)' }),
    makeDevice({ id: 'dev-2', label: 'CT Reaper (Bay 2)', notes: { location: 'Room 1', modality: 'CT', contact: '' } }),
    makeDevice({ id: 'dev-10', label: 'PET Reaper (Bay 10)' }),
    makeDevice({ id: 'dev-long', label: LONG, type: 'importer' }),
  ],
  keys: [],
});

const grid = () => screen.getByRole('grid', { name: 'Devices' });
const shownIds = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.getAttribute('data-id'))
    .filter((id): id is string => Boolean(id))
    .sort();
const headers = () =>
  within(grid())
    .getAllByRole('columnheader')
    .map((header) => header.textContent ?? '');

async function openDevices() {
  installInventoryFake({ inventory });
  const rendered = renderPage(<DevicesPage disableVirtualization />);
  await screen.findByRole('grid', { name: 'Devices' });
  await waitFor(() => expect(shownIds()).toHaveLength(4), SLOW);
  return rendered;
}

describe('devices grid', () => {
  it('"Bay 1" finds Bay 1, neither Bay 2 (in room 1) nor Bay 10', async () => {
    const { user } = await openDevices();
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'Bay 1');
    await waitFor(() => expect(shownIds()).toEqual(['dev-1']), SLOW);
  });

  it('hides "Last seen" at first (Health says it), and keeps the columns the admin chose', async () => {
    const first = await openDevices();
    expect(headers()).not.toContain('Last seen');
    expect(headers()).toEqual(expect.arrayContaining(['Label', 'Type', 'Health', 'Keys', 'Soonest expiry', 'Disabled']));
    await first.user.click(screen.getByRole('button', { name: 'Columns' }));
    await first.user.click(await screen.findByRole('checkbox', { name: 'Last seen' }));
    await first.user.keyboard('{Escape}');
    await waitFor(() => expect(headers()).toContain('Last seen'), SLOW);
    expect(JSON.parse(window.localStorage.getItem(columnStorageKey('devices'))!)).toMatchObject({ lastSeen: true });
    first.unmount();

    await openDevices();
    expect(headers()).toContain('Last seen');
  });

  it('cuts a long label short, the whole label on hover', async () => {
    await openDevices();
    const button = within(grid()).getByRole('button', { name: LONG });
    expect(button.getAttribute('title')).toBe(LONG);
  });
});
