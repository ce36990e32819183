/**
 * Main's event stream in the renderer: one subscription for the app, the inventory reloaded when main has a new
 * snapshot of the active site, refresh progress from events instead of polling, the badge from
 * `notifications-changed`, and main's `open` event leading to a notification's target.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { InventoryView } from '../../shared/inventory.js';
import { ok } from '../../shared/result.js';
import { installFakeEvents, makeSite } from './fake-key-admin.js';
import { makeInventory, makeKey } from './keys/support.js';
import { installNotificationsFake, makeOverview, SITE_ID } from './notifications/support.js';
import { renderApp } from './render-app.js';

const nav = () => within(screen.getByRole('navigation', { name: 'Main navigation' }));
const other = makeSite({ id: 'clinic', name: 'Clinic', origin: 'https://clinic.example.org' });

describe('Events from main', () => {
  it('subscribes once for the whole app, and unsubscribes when it closes', async () => {
    const events = installFakeEvents();
    installNotificationsFake();
    const { user, unmount } = renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    await user.click(nav().getByRole('button', { name: 'Devices' }));
    await user.click(nav().getByRole('button', { name: /^Notifications/ }));
    await screen.findByRole('heading', { level: 1, name: 'Notifications' });
    expect(events.subscribe).toHaveBeenCalledTimes(1);
    expect(events.subscribers()).toBe(1);
    unmount();
    expect(events.subscribers()).toBe(0);
  });

  it('reloads the inventory when main has a new snapshot of the active site, not of another', async () => {
    const events = installFakeEvents();
    const { fake } = installNotificationsFake({ state: { sites: [makeSite(), other], activeId: SITE_ID } });
    renderApp('overview');
    await screen.findByRole('button', { name: 'Expiring soon: 4 keys. Show in the inventory' });
    // The Overview asks main for its summary (issue 12), not for the whole inventory.
    const loads = fake.inventory.summary.mock.calls.length;

    const next: InventoryView = { inventory: makeInventory({ keys: [makeKey({ id: 'only' })] }), offline: null };
    fake.inventory.load.mockImplementation(async () => ok(structuredClone(next)));
    events.emit({ type: 'inventory-changed', siteId: 'clinic' });
    // Give a reload that should not happen the time to happen.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.inventory.summary).toHaveBeenCalledTimes(loads);

    events.emit({ type: 'inventory-changed', siteId: SITE_ID });
    expect(await screen.findByRole('button', { name: 'Expiring soon: 0 keys. Show in the inventory' })).toBeTruthy();
    expect(fake.inventory.summary).toHaveBeenCalledTimes(loads + 1);
  });

  it('shows refresh progress from events, without asking main on an interval', async () => {
    const events = installFakeEvents();
    const { fake } = installNotificationsFake();
    fake.inventory.progress.mockResolvedValue(ok({ running: true, loaded: 0, total: null }));
    let answer: (value: Awaited<ReturnType<typeof fake.inventory.refresh>>) => void = () => undefined;
    fake.inventory.refresh.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const { user } = renderApp('overview');
    await screen.findByRole('button', { name: 'Expiring soon: 4 keys. Show in the inventory' });

    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('progressbar', { name: 'Refreshing the inventory' })).toBeTruthy();
    events.emit({ type: 'refresh-progress', siteId: SITE_ID, progress: { running: true, loaded: 100, total: 400 } });
    expect(await screen.findByText('Fetched 100 of 400 devices and users')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Refreshing the inventory' }).getAttribute('aria-valuenow')).toBe('25');

    // Another site's refresh is not this page's.
    events.emit({ type: 'refresh-progress', siteId: 'clinic', progress: { running: true, loaded: 9, total: 10 } });
    events.emit({ type: 'refresh-progress', siteId: SITE_ID, progress: { running: true, loaded: 300, total: 400 } });
    expect(await screen.findByText('Fetched 300 of 400 devices and users')).toBeTruthy();

    // The old bar polled every 300 ms: a second is enough for three polls.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(fake.inventory.progress.mock.calls.length).toBeLessThanOrEqual(1);

    answer(ok({ inventory: targetInventoryAfterRefresh(), offline: null }));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  });

  it('shows the number of keys needing attention on the Notifications item, and follows main', async () => {
    const events = installFakeEvents();
    installNotificationsFake({ overview: makeOverview({ attention: 3 }) });
    renderApp('overview');
    const item = await nav().findByRole('button', { name: 'Notifications, 3 keys need attention' });
    expect(item.textContent).toContain('3');
    events.emit({ type: 'notifications-changed', attention: 1 });
    expect(await nav().findByRole('button', { name: 'Notifications, 1 key needs attention' })).toBeTruthy();
    events.emit({ type: 'notifications-changed', attention: 0 });
    expect(await nav().findByRole('button', { name: 'Notifications' })).toBeTruthy();
  });

  it("opens a notification's target when main says the admin clicked it", async () => {
    const events = installFakeEvents();
    installNotificationsFake();
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    events.emit({ type: 'open', siteId: SITE_ID, target: { page: 'devices', deviceId: 'dev-2', keyId: 'k-ct' } });
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
    const row = within(screen.getByRole('table', { name: 'Keys of CT importer' }))
      .getByText('Importer key')
      .closest('tr')!;
    expect(within(row).getByText('From notifications')).toBeTruthy();
    expect(row.className).toContain('Mui-selected');
    expect(document.activeElement).toBe(within(row).getByRole('button', { name: 'Rotate' }));
  });

  it('switches to the notification’s site first when another site is active', async () => {
    const events = installFakeEvents();
    const { fake } = installNotificationsFake({ state: { sites: [other, makeSite()], activeId: 'clinic' } });
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    events.emit({ type: 'open', siteId: SITE_ID, target: { page: 'my-keys', keyId: 'k-own' } });
    await waitFor(() => expect(fake.sites.activate).toHaveBeenCalledWith({ id: SITE_ID }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My keys' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Keys of Ada Lovelace' });
    const row = within(table).getByText('Laptop CLI').closest('tr')!;
    expect(within(row).getByText('From notifications')).toBeTruthy();
    expect(await screen.findByRole('button', { name: /^Switch site, active: flywheel.example.org/ })).toBeTruthy();
  });
});

function targetInventoryAfterRefresh() {
  return makeInventory({ keys: [makeKey({ id: 'after' })] });
}
