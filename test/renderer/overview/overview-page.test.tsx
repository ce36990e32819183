import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { CollisionWarning } from '../../../renderer/pages/overview/collision-warning.js';
import { ExpiryAttention } from '../../../renderer/pages/overview/expiry-attention.js';
import { OverviewPage } from '../../../renderer/pages/overview/overview-page.js';
import { StatusCounts } from '../../../renderer/pages/overview/status-counts.js';
import { fail, ok } from '../../../shared/result.js';
import { inDays, installInventory, makeInventory, makeKey } from './inventory-fixture.js';
import { CurrentPage } from './current-page.js';
import { navigateCalls } from './navigation-spy.js';
import { renderPage } from './render-page.js';

vi.mock('../../../renderer/navigation/navigation.js', async (importOriginal) =>
  (await import('./navigation-spy.js')).withNavigateSpy(await importOriginal()),
);

function sampleInventory() {
  const now = Date.now();
  const collision = inDays(20, now);
  const later = inDays(60, now);
  return makeInventory({
    keys: [
      makeKey({ expiresAt: later }),
      makeKey({ expiresAt: later }),
      makeKey({ expiresAt: collision }),
      makeKey({ expiresAt: collision }),
      makeKey({ expiresAt: collision }),
      makeKey({ expiresAt: inDays(2, now) }),
      makeKey({ expiresAt: inDays(5, now), lastUsed: null }),
      makeKey({ expiresAt: inDays(-1, now) }),
      makeKey({ kind: 'legacy', label: 'Legacy Key', expiresAt: null, lastUsed: inDays(-120, now) }),
      makeKey({ ownerDisabled: true, expiresAt: inDays(200, now) }),
    ],
  });
}

const day = (iso: string) => iso.slice(0, 10);

describe('Overview page', () => {
  afterEach(() => navigateCalls.mockClear());

  it('shows how many keys are in each status', async () => {
    installInventory({ inventory: sampleInventory() });
    renderPage(<OverviewPage />);
    expect(await screen.findByRole('group', { name: 'Active: 5 keys' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Expiring soon: 2 keys' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Expired: 1 key' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Legacy: 1 key' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Rejected: owner disabled: 1 key' })).toBeTruthy();
    expect(screen.getByText('Never used: 1 key')).toBeTruthy();
    expect(screen.getByText(/^Idle .*: 1 key$/)).toBeTruthy();
  });

  it('opens the inventory filtered to a status when a card is pressed', async () => {
    installInventory({ inventory: sampleInventory() });
    const onOpenInventory = vi.fn();
    const { user } = renderPage(<OverviewPage onOpenInventory={onOpenInventory} />);
    await user.click(await screen.findByRole('button', { name: /^Expiring soon: 2 keys/ }));
    expect(onOpenInventory).toHaveBeenCalledWith('expiring-soon');
  });

  it('leads from the Legacy card to the migration page, and still to the legacy keys in the inventory', async () => {
    installInventory({ inventory: sampleInventory() });
    const onOpenInventory = vi.fn();
    const { user } = renderPage(
      <>
        <OverviewPage onOpenInventory={onOpenInventory} />
        <CurrentPage />
      </>,
    );
    const card = (await screen.findByRole('button', { name: 'Legacy: 1 key. Show in the inventory' })).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    // one way to the migration page, on the Legacy card only
    const toMigration = within(card).getByRole('button', { name: 'Open the migration page' });
    expect(screen.getAllByRole('button', { name: 'Open the migration page' })).toEqual([toMigration]);
    await user.click(toMigration);
    expect(navigateCalls).toHaveBeenCalledTimes(1);
    expect(navigateCalls).toHaveBeenCalledWith('legacy');
    expect(screen.getByRole('status', { name: 'Current page' }).textContent).toBe('legacy {}');
    expect(onOpenInventory).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Legacy: 1 key. Show in the inventory' }));
    expect(onOpenInventory).toHaveBeenCalledWith('legacy');
  });

  it('offers the migration page by keyboard too, even when the cards do not open the inventory', async () => {
    installInventory({ inventory: sampleInventory() });
    const { user } = renderPage(<OverviewPage />);
    const toMigration = await screen.findByRole('button', { name: 'Open the migration page' });
    const card = screen.getByRole('group', { name: 'Legacy: 1 key' }).closest('.MuiCard-root') as HTMLElement;
    expect(within(card).getByRole('button')).toBe(toMigration);
    toMigration.focus();
    await user.keyboard('{Enter}');
    expect(navigateCalls).toHaveBeenCalledWith('legacy');
  });

  it('draws one bar per day with keys and marks the collision day', async () => {
    const inventory = sampleInventory();
    installInventory({ inventory });
    const { container } = renderPage(<OverviewPage />);
    // The bars open their day's keys: the chart is a group of buttons named by its summary.
    const chart = await screen.findByRole('group', { name: /^7 keys expire in the next 90 days, on 4 days/ });
    const bars = chart.querySelectorAll('rect[data-day]');
    expect(bars).toHaveLength(4);
    const collisionDay = day(inventory.keys[2]!.expiresAt!);
    const marked = [...bars].filter((bar) => bar.getAttribute('data-collision') === 'true');
    expect(marked.map((bar) => bar.getAttribute('data-day'))).toEqual([collisionDay]);
    expect(marked[0]?.querySelector('title')?.textContent).toBe(`${collisionDay}: 3 keys (many keys expire together)`);
    // the numbers are also in a table for screen readers
    const table = within(container).getByRole('table', { name: 'Keys expiring per day' });
    expect(within(table).getAllByRole('row')).toHaveLength(5);
    const list = screen.getByRole('list', { name: 'Days on which many keys expire' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([`3 keys expire on ${collisionDay}`]);
  });

  it('opens the inventory on exactly the keys of a collision day from the warning', async () => {
    const inventory = sampleInventory();
    installInventory({ inventory });
    const { user } = renderPage(
      <>
        <OverviewPage />
        <CurrentPage />
      </>,
    );
    const collisionDay = day(inventory.keys[2]!.expiresAt!);
    const list = await screen.findByRole('list', { name: 'Days on which many keys expire' });
    await user.click(within(list).getByRole('button', { name: `3 keys expire on ${collisionDay}: show them in the inventory` }));
    const ids = inventory.keys.slice(2, 5).map((key) => key.id);
    expect(navigateCalls).toHaveBeenCalledTimes(1);
    expect(navigateCalls).toHaveBeenCalledWith('inventory', { keyIds: ids, keysExpiringOn: collisionDay });
    expect(screen.getByRole('status', { name: 'Current page' }).textContent).toBe(
      `inventory ${JSON.stringify({ keyIds: ids, keysExpiringOn: collisionDay })}`,
    );
  });

  it("asks main for a day's keys when it is opened, and says so where main cannot answer", async () => {
    const inventory = sampleInventory();
    const fake = installInventory({ inventory });
    fake.inventory.keysExpiringOn.mockResolvedValueOnce(fail('internal', 'Keywarden could not read the inventory.'));
    const { user } = renderPage(<OverviewPage />);
    const collisionDay = day(inventory.keys[2]!.expiresAt!);
    const list = await screen.findByRole('list', { name: 'Days on which many keys expire' });
    const open = within(list).getByRole('button', { name: `3 keys expire on ${collisionDay}: show them in the inventory` });
    await user.click(open);
    expect(fake.inventory.keysExpiringOn).toHaveBeenCalledWith({ day: collisionDay });
    expect(await screen.findByText('Keywarden could not read the inventory.')).toBeTruthy();
    expect(navigateCalls).not.toHaveBeenCalled();
    // Asked again, it opens them.
    await user.click(open);
    await waitFor(() => expect(navigateCalls).toHaveBeenCalledTimes(1));
    expect(screen.queryByText('Keywarden could not read the inventory.')).toBeNull();
  });

  it('opens the keys of a day from its bar in the chart, by mouse and by keyboard (one tab stop, arrow keys)', async () => {
    const inventory = sampleInventory();
    installInventory({ inventory });
    const { user } = renderPage(<OverviewPage />);
    const chart = await screen.findByRole('group', { name: /^7 keys expire in the next 90 days/ });
    const bars = within(chart).getAllByRole('button');
    // Soonest first: in 2 days, in 5 days, the collision day (20 days), in 60 days.
    expect(bars.map((bar) => bar.getAttribute('data-day'))).toEqual(
      [5, 6, 2, 0].map((index) => day(inventory.keys[index]!.expiresAt!)),
    );
    expect(bars[2]!.getAttribute('aria-label')).toBe(
      `${day(inventory.keys[2]!.expiresAt!)}: 3 keys (many keys expire together). Show in the inventory`,
    );
    expect(bars.map((bar) => bar.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1']);

    await user.click(bars[3]!);
    expect(navigateCalls).toHaveBeenLastCalledWith('inventory', {
      keyIds: [inventory.keys[0]!.id, inventory.keys[1]!.id],
      keysExpiringOn: day(inventory.keys[0]!.expiresAt!),
    });

    bars[0]!.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toBe(bars[2]);
    expect(bars[2]!.getAttribute('tabindex')).toBe('0');
    await user.keyboard('{Enter}');
    expect(navigateCalls).toHaveBeenLastCalledWith('inventory', {
      keyIds: inventory.keys.slice(2, 5).map((key) => key.id),
      keysExpiringOn: day(inventory.keys[2]!.expiresAt!),
    });
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(bars[3]);
    await user.keyboard('{Home} ');
    expect(document.activeElement).toBe(bars[0]);
    expect(navigateCalls).toHaveBeenLastCalledWith('inventory', {
      keyIds: [inventory.keys[5]!.id],
      keysExpiringOn: day(inventory.keys[5]!.expiresAt!),
    });
    expect(navigateCalls).toHaveBeenCalledTimes(3);
  });

  it('says how old the data is, and shows the offline alert with the reason', async () => {
    const inventory = { ...sampleInventory(), fetchedAt: new Date(Date.now() - 5 * 60_000).toISOString() };
    const offline = { code: 'unreachable', message: 'The site did not answer.' };
    const fake = installInventory({ inventory, offline });
    // Data from before this window opened: the page tries the site once, which still does not answer.
    fake.inventory.refresh.mockResolvedValue(ok({ inventory, offline }));
    renderPage(<OverviewPage />);
    expect(await screen.findByText(/^Data from .* \(5 minutes ago\)/)).toBeTruthy();
    const alert = screen.getAllByRole('alert').find((element) => element.textContent?.includes('Offline'))!;
    expect(alert.textContent).toContain('Offline: read only');
    expect(alert.textContent).toContain('Showing the last good data from');
    expect(alert.textContent).toContain('The site did not answer.');
  });

  it('refreshes on Refresh, with a progress bar while it runs', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    let answer: (value: Awaited<ReturnType<typeof fake.inventory.refresh>>) => void = () => undefined;
    fake.inventory.refresh.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const { user } = renderPage(<OverviewPage />);
    await screen.findByRole('group', { name: 'Active: 5 keys' });
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('progressbar', { name: 'Refreshing the inventory' })).toBeTruthy();
    answer(ok({ inventory: makeInventory({ keys: [makeKey()] }), offline: null }));
    expect(await screen.findByRole('group', { name: 'Active: 1 key' })).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows how many devices and users are fetched once the site says how many there are', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    fake.inventory.progress.mockResolvedValue(ok({ running: true, loaded: 250, total: 1000 }));
    let answer: (value: Awaited<ReturnType<typeof fake.inventory.refresh>>) => void = () => undefined;
    fake.inventory.refresh.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const { user } = renderPage(<OverviewPage />);
    await screen.findByRole('group', { name: 'Active: 5 keys' });
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Fetched 250 of 1,000 devices and users')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Refreshing the inventory' }).getAttribute('aria-valuenow')).toBe('25');
    answer(ok({ inventory: sampleInventory(), offline: null }));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  });

  it('warns at the top about keys expired or expiring within the threshold, and opens them', async () => {
    installInventory({ inventory: sampleInventory() });
    const onOpenInventory = vi.fn();
    const { user } = renderPage(<OverviewPage onOpenInventory={onOpenInventory} />);
    const alert = await screen.findByText(/1 key expired and 2 keys expiring within 7 days/);
    expect(alert).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show expiring' }));
    expect(onOpenInventory).toHaveBeenCalledWith('expiring-soon');
  });

  it('does not warn when nothing has expired or expires soon', async () => {
    installInventory({ inventory: makeInventory({ keys: [makeKey()] }) });
    renderPage(<OverviewPage />);
    await screen.findByRole('group', { name: 'Active: 1 key' });
    expect(screen.queryByText('Keys need attention')).toBeNull();
  });

  it('fetches by itself when there is no data yet', async () => {
    const fake = installInventory({ inventory: null });
    fake.inventory.refresh.mockResolvedValueOnce(ok({ inventory: sampleInventory(), offline: null }));
    renderPage(<OverviewPage />);
    expect(await screen.findByRole('group', { name: 'Active: 5 keys' })).toBeTruthy();
    expect(fake.inventory.refresh).toHaveBeenCalledTimes(1);
  });

  it('says what this site does not let the app see', async () => {
    installInventory({ inventory: makeInventory({ coverage: { deviceKeys: false, users: true, userKeys: 'self' } }) });
    renderPage(<OverviewPage />);
    expect(await screen.findByText(/does not let an admin list other users' keys/)).toBeTruthy();
    expect(screen.getByText(/Device keys are not shown: listing them needs site admin rights/)).toBeTruthy();
    expect(screen.getByRole('img', { name: 'No key expires in the next 90 days.' })).toBeTruthy();
  });

  it('saves new thresholds', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    fake.preferences.update.mockImplementation(async (next) => ok(next));
    const { user } = renderPage(<OverviewPage />);
    await user.click(await screen.findByRole('button', { name: 'Thresholds' }));
    const field = screen.getByLabelText('Expiring soon within (days)');
    await user.clear(field);
    await user.type(field, '30');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.preferences.update).toHaveBeenCalledWith({ expiringWithinDays: 30, idleAfterDays: 90 }));
    // the collision keys (20 days away) are now expiring soon
    expect(await screen.findByRole('group', { name: 'Expiring soon: 5 keys' })).toBeTruthy();
  });
});

describe('the overview of a large site', () => {
  const counts = { active: 250000, 'expiring-soon': 1500, expired: 1, legacy: 12000, 'owner-disabled': 999 };

  it('groups the thousands of its counts, as the grids do', () => {
    render(<StatusCounts counts={counts} neverUsed={10000} idle={1000} idleAfterDays={90} />);
    expect(screen.getByRole('group', { name: 'Active: 250,000 keys' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Legacy: 12,000 keys' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Expired: 1 key' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Rejected: owner disabled: 999 keys' })).toBeTruthy();
    expect(within(screen.getByRole('group', { name: 'Legacy: 12,000 keys' })).getByText('12,000')).toBeTruthy();
    expect(screen.getByText('Never used: 10,000 keys')).toBeTruthy();
    expect(screen.getByText('Idle (unused for 90 days or more): 1,000 keys')).toBeTruthy();
  });

  it('groups them in the warnings too', () => {
    render(
      <>
        <ExpiryAttention counts={counts} withinDays={7} />
        <CollisionWarning collisions={[{ day: '2027-01-14', count: 4200 }]} />
      </>,
    );
    expect(screen.getByText(/^1 key expired and 1,500 keys expiring within 7 days\./)).toBeTruthy();
    expect(screen.getByText('4,200 keys expire on 2027-01-14')).toBeTruthy();
  });
});
