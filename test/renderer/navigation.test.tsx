/**
 * Pages have addresses (issue 10): each page and item is a hash address, every navigation a history entry, so the
 * back and forward buttons, a reload and a typed address land on the right page and item; an unknown or malformed
 * address opens the start page. And every key leads to its action: an inventory row opens the key's owner with
 * the key highlighted, by a click or by Enter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { App } from '../../renderer/app.js';
import { MAX_KEY_IDS_IN_ADDRESS, addressOf, parseAddress, type Place } from '../../renderer/navigation/address.js';
import { ownerPlaceOfKey } from '../../renderer/navigation/key-owner.js';
import { NavigationProvider, useNavigation, type PageId } from '../../renderer/navigation/navigation.js';
import { CurrentPage } from './overview/current-page.js';
import { installNotificationsFake } from './notifications/support.js';

/** Opens the window on an address, with a history entry of its own (a fresh state, as a new window has). */
function openAt(hash: string) {
  window.history.pushState(null, '', hash === '' ? window.location.pathname : hash);
}

function current(): string {
  return screen.getByRole('status', { name: 'Current page' }).textContent ?? '';
}

/** Buttons that navigate, to drive the provider from a test. */
function Go({ page, params }: Place) {
  const { navigate } = useNavigation();
  return (
    <button type="button" onClick={() => navigate(page, params)}>
      {`go ${addressOf(page, params)}`}
    </button>
  );
}

function renderNavigation(places: readonly Place[] = [], initialPage?: PageId) {
  const user = userEvent.setup();
  const view = render(
    <NavigationProvider initialPage={initialPage}>
      <CurrentPage />
      {places.map((place) => (
        <Go key={addressOf(place.page, place.params)} {...place} />
      ))}
    </NavigationProvider>,
  );
  return { ...view, user };
}

/** The browser's back or forward button: the history moves, then the page hears of it. */
async function traverse(delta: number) {
  const moved = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
  window.history.go(delta);
  await act(async () => {
    await moved;
  });
}

beforeEach(() => openAt(''));

describe('addresses', () => {
  const places: [Place, string][] = [
    [{ page: 'overview', params: {} }, '#/overview'],
    [{ page: 'inventory', params: {} }, '#/inventory'],
    [{ page: 'inventory', params: { status: 'expired' } }, '#/inventory?status=expired'],
    [{ page: 'inventory', params: { keyIds: ['k1', 'k 2', 'k,3'] } }, '#/inventory?keys=k1,k%202,k%2C3'],
    [
      { page: 'inventory', params: { keyIds: ['k1', 'k2'], keysExpiringOn: '2027-01-14' } },
      '#/inventory?keys=k1,k2&day=2027-01-14',
    ],
    [{ page: 'devices', params: {} }, '#/devices'],
    [{ page: 'devices', params: { deviceId: 'dev-1' } }, '#/devices/dev-1'],
    [{ page: 'devices', params: { deviceId: 'dev/1', keyId: 'k1' } }, '#/devices/dev%2F1?key=k1'],
    [{ page: 'users', params: { userId: 'grace@example.org', keyId: 'k-grace' } }, '#/users/grace%40example.org?key=k-grace'],
    [{ page: 'my-keys', params: { keyId: 'k-own' } }, '#/my-keys?key=k-own'],
    [{ page: 'legacy', params: { keyId: 'k-legacy' } }, '#/legacy?key=k-legacy'],
    [{ page: 'notifications', params: {} }, '#/notifications'],
    [{ page: 'audit', params: {} }, '#/audit'],
    [{ page: 'connect', params: {} }, '#/sites'],
  ];

  it.each(places)('%j is at %s, and that address leads back to it', (place, address) => {
    expect(addressOf(place.page, place.params)).toBe(address);
    expect(parseAddress(address)).toEqual(place);
  });

  it('keeps only the parameters a page reads', () => {
    expect(addressOf('overview', { status: 'expired', keyId: 'k1' })).toBe('#/overview');
    expect(addressOf('devices', { keyId: 'k1' })).toBe('#/devices');
    expect(addressOf('my-keys', { deviceId: 'dev-1', keyId: 'k1' })).toBe('#/my-keys?key=k1');
  });

  it('says only how many keys a long list has: the history entry holds the list', () => {
    const keyIds = Array.from({ length: 200 }, (_, i) => `key-${String(i).padStart(20, '0')}`);
    expect(keyIds.join(',').length).toBeGreaterThan(MAX_KEY_IDS_IN_ADDRESS);
    expect(addressOf('inventory', { status: 'active', keyIds })).toBe('#/inventory?status=active&held=200');
    expect(parseAddress('#/inventory?status=active&held=200')).toEqual({
      page: 'inventory',
      params: { status: 'active' },
      heldKeys: 200,
    });
  });

  it.each([
    '',
    '#',
    '#/',
    '#overview',
    '#/nowhere',
    '#/overview/extra',
    '#/overview?status=expired',
    '#/devices/dev-1/keys',
    '#/devices?key=k1',
    '#/devices/dev-1?key=',
    '#/devices/dev-1?key=a&key=b',
    '#/devices/%E0%A4%A',
    '#/legacy/k1',
    '#/inventory?status=lost',
    '#/inventory?keys=a,,b',
    '#/inventory?keys=a&held=1',
    '#/inventory?held=0',
    '#/inventory?held=many',
    '#/inventory?sort',
    '#/inventory?day=2027-01-14',
    '#/inventory?keys=a&day=2027-1-14',
    '#/inventory?keys=a&day=2027-13-01',
    '#/inventory?keys=a&day=tomorrow',
    `#/users/${'x'.repeat(400)}`,
  ])('%j is not an address of the app', (hash) => {
    expect(parseAddress(hash)).toBeNull();
  });
});

describe('the navigation and the window history', () => {
  it('opens where the address leads, and on the start page (with its address) where it leads nowhere', () => {
    openAt('#/devices/dev-1?key=k1');
    const first = renderNavigation();
    expect(current()).toBe('devices {"deviceId":"dev-1","keyId":"k1"}');
    first.unmount();

    openAt('#/devices/dev-1/nothing');
    renderNavigation();
    expect(current()).toBe('overview {}');
    expect(window.location.hash).toBe('#/overview');
  });

  it('gives the page it opens on an address, so that a reload comes back to it', () => {
    renderNavigation([], 'connect');
    expect(window.location.hash).toBe('#/sites');
  });

  it('adds a history entry per navigation; back and forward return to each place', async () => {
    const { user } = renderNavigation([
      { page: 'inventory', params: { status: 'expired' } },
      { page: 'devices', params: { deviceId: 'dev-2', keyId: 'k-ct' } },
    ]);
    const start = window.history.length;
    await user.click(screen.getByRole('button', { name: 'go #/inventory?status=expired' }));
    await user.click(screen.getByRole('button', { name: 'go #/devices/dev-2?key=k-ct' }));
    expect(window.history.length).toBe(start + 2);
    expect(window.location.hash).toBe('#/devices/dev-2?key=k-ct');
    expect(current()).toBe('devices {"deviceId":"dev-2","keyId":"k-ct"}');

    await traverse(-1);
    expect(current()).toBe('inventory {"status":"expired"}');
    await traverse(-1);
    expect(current()).toBe('overview {}');
    await traverse(2);
    expect(current()).toBe('devices {"deviceId":"dev-2","keyId":"k-ct"}');
  });

  it('opens the same place again without a second history entry', async () => {
    const { user } = renderNavigation([{ page: 'legacy', params: { keyId: 'k1' } }]);
    await user.click(screen.getByRole('button', { name: 'go #/legacy?key=k1' }));
    const length = window.history.length;
    await user.click(screen.getByRole('button', { name: 'go #/legacy?key=k1' }));
    expect(window.history.length).toBe(length);
    expect(current()).toBe('legacy {"keyId":"k1"}');
  });

  it('follows an address typed by hand, and ignores one of no page', async () => {
    renderNavigation();
    act(() => {
      window.location.hash = '#/audit';
    });
    await waitFor(() => expect(current()).toBe('audit {}'));
    act(() => {
      window.location.hash = '#/nowhere';
    });
    await waitFor(() => expect(current()).toBe('overview {}'));
    expect(window.location.hash).toBe('#/overview');
  });

  it('keeps a long list of keys in the history entry, across back, forward and a reload', async () => {
    const keyIds = Array.from({ length: 120 }, (_, i) => `key-${String(i).padStart(20, '0')}`);
    const { user, unmount } = renderNavigation([
      { page: 'inventory', params: { keyIds } },
      { page: 'audit', params: {} },
    ]);
    await user.click(screen.getByRole('button', { name: 'go #/inventory?held=120' }));
    expect(current()).toBe(`inventory ${JSON.stringify({ keyIds })}`);
    await user.click(screen.getByRole('button', { name: 'go #/audit' }));
    await traverse(-1);
    expect(current()).toBe(`inventory ${JSON.stringify({ keyIds })}`);

    // A reload: the app starts again on the same history entry.
    unmount();
    renderNavigation();
    expect(current()).toBe(`inventory ${JSON.stringify({ keyIds })}`);
  });

  it('opens the whole inventory when the list an address counts is not in its history entry', () => {
    openAt('#/inventory?status=expired&held=3');
    renderNavigation();
    expect(current()).toBe('inventory {"status":"expired"}');
    expect(window.location.hash).toBe('#/inventory?status=expired');
  });
});

describe('where a key leads', () => {
  it("is the device's page, My keys for the admin's own key, or the user's detail", () => {
    const self = 'ada@example.org';
    expect(ownerPlaceOfKey({ id: 'k1', ownerType: 'device', ownerId: 'dev-1' }, self)).toEqual({
      page: 'devices',
      params: { deviceId: 'dev-1', keyId: 'k1' },
    });
    expect(ownerPlaceOfKey({ id: 'k2', ownerType: 'user', ownerId: self }, self)).toEqual({
      page: 'my-keys',
      params: { keyId: 'k2' },
    });
    expect(ownerPlaceOfKey({ id: 'k3', ownerType: 'user', ownerId: 'grace@example.org' }, self)).toEqual({
      page: 'users',
      params: { userId: 'grace@example.org', keyId: 'k3' },
    });
  });
});

describe('the app at an address', () => {
  afterEach(() => openAt(''));

  function renderAppAt(hash: string) {
    openAt(hash);
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
    });
    const user = userEvent.setup();
    const view = render(<App queryClient={queryClient} />);
    return { ...view, user };
  }

  const inventoryRow = (label: string) =>
    within(screen.getByRole('grid', { name: 'Key inventory' }))
      .getByText(label)
      .closest('[role="row"]') as HTMLElement;

  const keyRow = (table: string, label: string) =>
    within(screen.getByRole('table', { name: table }))
      .getByText(label)
      .closest('tr') as HTMLElement;

  it("opens an inventory row's device with the key highlighted, and back returns to the inventory", async () => {
    installNotificationsFake();
    const { user } = renderAppAt('#/inventory');
    await screen.findByRole('grid', { name: 'Key inventory' });
    await user.click(within(inventoryRow('Importer key')).getByText('CT importer'));

    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
    expect(window.location.hash).toBe('#/devices/dev-2?key=k-ct');
    const row = keyRow('Keys of CT importer', 'Importer key');
    expect(within(row).getByText('From notifications')).toBeTruthy();
    expect(document.activeElement).toBe(within(row).getByRole('button', { name: 'Rotate' }));

    await traverse(-1);
    expect(await screen.findByRole('grid', { name: 'Key inventory' })).toBeTruthy();
    expect(window.location.hash).toBe('#/inventory');
    await traverse(1);
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
  });

  it("opens a row's owner with Enter: another user's detail, or My keys for the admin's own key", async () => {
    installNotificationsFake();
    const { user } = renderAppAt('#/inventory');
    await screen.findByRole('grid', { name: 'Key inventory' });
    const press = async (label: string) => {
      const cell = inventoryRow(label).querySelector('[data-field="label"]') as HTMLElement;
      // Pressed and released without a click, as the grid focuses a cell; then the keyboard.
      fireEvent.mouseDown(cell);
      fireEvent.mouseUp(cell);
      await waitFor(() => expect(document.activeElement).toBe(cell));
      await user.keyboard('{Enter}');
    };

    await press('Grace notebook');
    expect(await screen.findByRole('heading', { level: 2, name: 'Grace Hopper' })).toBeTruthy();
    expect(window.location.hash).toBe('#/users/grace%40example.org?key=k-grace');
    expect(keyRow('Keys of Grace Hopper', 'Grace notebook').className).toContain('Mui-selected');

    await traverse(-1);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await press('Laptop CLI');
    expect(await screen.findByRole('heading', { level: 1, name: 'My keys' })).toBeTruthy();
    expect(window.location.hash).toBe('#/my-keys?key=k-own');
  });

  it('opens a device from the grid at its own address; back returns to the grid with its search', async () => {
    installNotificationsFake();
    const { user } = renderAppAt('#/devices');
    await screen.findByRole('grid', { name: 'Devices' });
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'CT');
    await user.click(await within(screen.getByRole('grid', { name: 'Devices' })).findByText('Basement'));
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
    expect(window.location.hash).toBe('#/devices/dev-2');

    await traverse(-1);
    expect(await screen.findByRole('grid', { name: 'Devices' })).toBeTruthy();
    expect(window.location.hash).toBe('#/devices');
    expect((screen.getByRole('searchbox', { name: 'Search devices' }) as HTMLInputElement).value).toBe('CT');

    // The page's own Back button is a navigation too: the browser's back button returns to the device.
    await traverse(1);
    await user.click(await screen.findByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('grid', { name: 'Devices' })).toBeTruthy();
    await traverse(-1);
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
  });

  it('opens a user from the list at its own address, and back returns to the list', async () => {
    installNotificationsFake();
    const { user } = renderAppAt('#/users');
    const grid = await screen.findByRole('grid', { name: /users/i });
    await user.click(await within(grid).findByText('Grace Hopper'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Grace Hopper' })).toBeTruthy();
    expect(window.location.hash).toBe('#/users/grace%40example.org');
    await traverse(-1);
    expect(await screen.findByRole('grid', { name: /users/i })).toBeTruthy();
  });

  it('lands on the same device and highlighted key after a reload', async () => {
    installNotificationsFake();
    renderAppAt('#/devices/dev-1?key=k-soon');
    expect(await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' })).toBeTruthy();
    expect(within(keyRow('Keys of MR scanner 3 Reaper', 'Reaper key')).getByText('From notifications')).toBeTruthy();
    expect(within(keyRow('Keys of MR scanner 3 Reaper', 'Old upload key')).queryByText('From notifications')).toBeNull();
  });

  it('says so when the device of an address is gone, and takes the address back to the grid', async () => {
    installNotificationsFake();
    const { user } = renderAppAt('#/devices/dev-gone');
    const alert = await screen.findByText('The device you opened is no longer on the site.');
    const length = window.history.length;
    await user.click(within(alert.closest('[role="alert"]') as HTMLElement).getByRole('button', { name: 'Close' }));
    expect(window.location.hash).toBe('#/devices');
    expect(window.history.length).toBe(length);
    expect(screen.queryByText('The device you opened is no longer on the site.')).toBeNull();
  });
});
