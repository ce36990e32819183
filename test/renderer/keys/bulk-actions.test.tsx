/**
 * Issue 10, bulk actions on a device's key list (and the admin's own keys): select keys, "Revoke selected" or
 * "Rotate selected…" (a range of days for the new expiries), one confirmation from main for exactly those ids,
 * progress from main's events while it runs, then a result per key.
 */
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from '@mui/material';
import { MainEventsProvider } from '../../../renderer/api/events.js';
import { NavigationProvider } from '../../../renderer/navigation/navigation.js';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { MyKeysPage } from '../../../renderer/pages/my-keys/my-keys-page.js';
import { buildTheme } from '../../../renderer/theme/app-theme.js';
import type { BulkRevokeResult } from '../../../shared/bulk-keys.js';
import { ok } from '../../../shared/result.js';
import { DAY_MS } from '../../../shared/time.js';
import { installFakeEvents } from '../fake-key-admin.js';
import {
  CONFIRMATION_ID,
  KEY_CANARY,
  SECRET_HANDLE,
  dayFromNow,
  installInventoryFake,
  makeDevice,
  makeInventory,
  makeKey,
  renderPage,
} from './support.js';

const reaper = makeDevice({ id: 'dev-1', label: 'MR scanner 3 Reaper' });
const keys = [
  makeKey({ id: 'k1', label: 'Scanner key' }),
  makeKey({ id: 'k2', label: 'Spare key' }),
  makeKey({ id: 'k3', label: 'Vendor key' }),
];
const owner = { type: 'device', id: 'dev-1' } as const;

/** The page with main's event stream, as the shell mounts it (progress comes from there). */
function renderWithEvents(page: ReactElement) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={buildTheme('light')}>
        <MainEventsProvider>
          <NavigationProvider initialPage="devices">{page}</NavigationProvider>
        </MainEventsProvider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
  return { ...view, user };
}

async function openDevice(withEvents = false) {
  const setup = installInventoryFake({ inventory: makeInventory({ devices: [reaper], keys }) });
  const events = withEvents ? installFakeEvents() : null;
  const page = withEvents
    ? renderWithEvents(<DevicesPage disableVirtualization />)
    : renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await screen.findByRole('table', { name: 'Keys of MR scanner 3 Reaper' });
  return { ...setup, ...page, events };
}

const table = () => within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' }));
const selectKey = (label: string) => table().getByRole('checkbox', { name: `Select ${label}` });
const bar = () => within(screen.getByRole('group', { name: 'Selected keys' }));

describe('bulk actions on a device key list', () => {
  it('revokes the selected keys with one confirmation for exactly their ids, then shows a result per key', async () => {
    const { fake, user } = await openDevice();
    expect(screen.queryByRole('group', { name: 'Selected keys' })).toBeNull();
    await user.click(selectKey('Scanner key'));
    await user.click(selectKey('Vendor key'));
    expect(bar().getByRole('status').textContent).toBe('2 keys selected');

    await user.click(bar().getByRole('button', { name: 'Revoke selected' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke 2 keys?' }));
    expect(fake.confirmations.request).toHaveBeenCalledExactlyOnceWith({ action: 'revoke-key', targets: ['k1', 'k3'] });
    expect(fake.keys.bulkRevoke).not.toHaveBeenCalled();
    await user.click(dialog.getByRole('button', { name: 'Revoke 2 keys' }));

    const results = within(await screen.findByRole('dialog', { name: 'Bulk revoke: result per key' }));
    expect(fake.keys.bulkRevoke).toHaveBeenCalledExactlyOnceWith({
      keys: [
        { owner, keyId: 'k1' },
        { owner, keyId: 'k3' },
      ],
      confirmationId: CONFIRMATION_ID,
    });
    expect(fake.keys.revoke).not.toHaveBeenCalled();
    expect(results.getByRole('status').textContent).toBe('2 revoked.');
    const items = within(results.getByRole('list', { name: 'Result per key' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^Scanner key — MR scanner 3 Reaper.*Revoked$/),
      expect.stringMatching(/^Vendor key — MR scanner 3 Reaper.*Revoked$/),
    ]);
    await user.click(results.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(table().queryByText('Scanner key')).toBeNull());
    expect(table().getByText('Spare key')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Selected keys' })).toBeNull();
  });

  it('says which key was already gone and which failed with the reason; the failed key stays selected', async () => {
    const { fake, user } = await openDevice();
    const answer: BulkRevokeResult[] = [
      { keyId: 'k1', ok: true, alreadyGone: false },
      { keyId: 'k2', ok: true, alreadyGone: true },
      { keyId: 'k3', ok: false, code: 'forbidden', message: 'The site does not allow this key to do that.' },
    ];
    fake.keys.bulkRevoke.mockResolvedValueOnce(ok({ results: answer }));
    await user.click(table().getByRole('checkbox', { name: 'Select all keys' }));
    expect(bar().getByRole('status').textContent).toBe('3 keys selected');
    await user.click(bar().getByRole('button', { name: 'Revoke selected' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke 3 keys?' }));
    await user.click(dialog.getByRole('button', { name: 'Revoke 3 keys' }));

    const results = within(await screen.findByRole('dialog', { name: 'Bulk revoke: result per key' }));
    expect(results.getByRole('status').textContent).toBe(
      '1 revoked, 1 already gone, 1 failed. The key that failed stays selected, to try again.',
    );
    const item = (label: string) => within(results.getByText(label).closest('li') as HTMLElement);
    expect(item('Scanner key').getByText('Revoked')).toBeTruthy();
    expect(item('Spare key').getByText('Already gone')).toBeTruthy();
    expect(item('Vendor key').getByText('Failed')).toBeTruthy();
    expect(item('Vendor key').getByText('The site does not allow this key to do that.')).toBeTruthy();
    await user.click(results.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bar().getByRole('status').textContent).toBe('1 key selected');
    expect((selectKey('Vendor key') as HTMLInputElement).checked).toBe(true);
  });

  it("shows main's progress while it works through the keys", async () => {
    const { fake, user, events } = await openDevice(true);
    let finish: () => void = () => undefined;
    fake.keys.bulkRevoke.mockImplementationOnce(
      ({ keys: chosen }) =>
        new Promise((resolve) => {
          finish = () => resolve(ok({ results: chosen.map(({ keyId }) => ({ keyId, ok: true as const, alreadyGone: false })) }));
        }),
    );
    await user.click(table().getByRole('checkbox', { name: 'Select all keys' }));
    await user.click(bar().getByRole('button', { name: 'Revoke selected' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke 3 keys?' }));
    await user.click(dialog.getByRole('button', { name: 'Revoke 3 keys' }));
    expect(await dialog.findByText('Revoking 3 keys…')).toBeTruthy();
    events!.emit({ type: 'bulk-progress', siteId: 'flywheel-example-org', action: 'revoke', done: 2, total: 3 });
    expect(await dialog.findByText('Revoking: 2 of 3 keys done')).toBeTruthy();
    expect(dialog.getByRole('progressbar', { name: 'Revoking: 2 of 3 keys done' }).getAttribute('aria-valuenow')).toBe('67');
    // Another action's progress is not this one's.
    events!.emit({ type: 'bulk-progress', siteId: 'flywheel-example-org', action: 'rotate', done: 3, total: 3 });
    expect(dialog.getByText('Revoking: 2 of 3 keys done')).toBeTruthy();
    finish();
    expect(await screen.findByRole('dialog', { name: 'Bulk revoke: result per key' })).toBeTruthy();
  });

  it('rotates the selected keys with new expiries spread over the chosen days; secrets are copied by main, never shown', async () => {
    const { fake, user } = await openDevice();
    await user.click(selectKey('Scanner key'));
    await user.click(selectKey('Spare key'));
    await user.click(bar().getByRole('button', { name: 'Rotate selected…' }));
    const range = within(await screen.findByRole('dialog', { name: 'Rotate 2 keys' }));
    expect(range.getByText(/The new secrets are not shown/)).toBeTruthy();
    // The default range, then a preset: the preview names each key's new day.
    expect(range.getByRole('status').textContent).toBe(`From ${dayFromNow(30)} to ${dayFromNow(90)}: one every 60 days.`);
    await user.click(range.getByRole('button', { name: '60–180 days' }));
    const preview = within(range.getByRole('list', { name: 'New expiries' }));
    expect(preview.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `Scanner key (MR scanner 3 Reaper): ${dayFromNow(60)}`,
      `Spare key (MR scanner 3 Reaper): ${dayFromNow(180)}`,
    ]);
    await user.click(range.getByRole('button', { name: 'Continue' }));

    const dialog = within(await screen.findByRole('dialog', { name: 'Rotate 2 keys?' }));
    expect(fake.confirmations.request).toHaveBeenCalledExactlyOnceWith({ action: 'bulk-rotate', targets: ['k1', 'k2'] });
    await user.click(dialog.getByRole('button', { name: 'Rotate 2 keys' }));

    const results = within(await screen.findByRole('dialog', { name: 'Bulk rotation: result per key' }));
    expect(fake.keys.bulkRotate).toHaveBeenCalledTimes(1);
    const sent = fake.keys.bulkRotate.mock.calls[0]![0];
    expect(sent.keys).toEqual([
      { owner, keyId: 'k1' },
      { owner, keyId: 'k2' },
    ]);
    expect(sent.confirmationId).toBe(CONFIRMATION_ID);
    expect(Math.abs(Date.parse(sent.expiresFrom) - (Date.now() + 60 * DAY_MS))).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(sent.expiresTo) - (Date.now() + 180 * DAY_MS))).toBeLessThan(60_000);
    expect(results.getByRole('status').textContent).toBe('2 rotated.');
    expect(results.getAllByText('Rotated')).toHaveLength(2);

    await user.click(results.getByRole('button', { name: 'Copy the new secret for Spare key' }));
    await waitFor(() => expect(fake.secrets.copy).toHaveBeenCalledWith({ handle: `${SECRET_HANDLE}_k2` }));
    expect(await results.findByText('Copied; the clipboard is cleared in 30 s.')).toBeTruthy();
    expect(document.body.textContent).not.toContain(KEY_CANARY);

    // Closing forgets the secrets: it asks first, then main discards every handle.
    await user.click(results.getByRole('button', { name: 'Close' }));
    expect(results.getByText(/forgets the new secrets when this list closes/)).toBeTruthy();
    expect(fake.secrets.discard).not.toHaveBeenCalled();
    await user.click(results.getByRole('button', { name: 'Close and forget the secrets' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.secrets.discard.mock.calls.map(([input]) => input.handle).sort()).toEqual([
      `${SECRET_HANDLE}_k1`,
      `${SECRET_HANDLE}_k2`,
    ]);
    // The old keys are kept, beside the new ones.
    await waitFor(() => expect(table().getAllByText(/\(rotated \d{4}-\d{2}-\d{2}\)/)).toHaveLength(2));
    expect(table().getByText('Scanner key')).toBeTruthy();
  });

  it('refuses a range whose first day comes after its last, without asking main', async () => {
    const { fake, user } = await openDevice();
    await user.click(selectKey('Scanner key'));
    await user.click(bar().getByRole('button', { name: 'Rotate selected…' }));
    const range = within(await screen.findByRole('dialog', { name: 'Rotate 1 key' }));
    const first = range.getByLabelText('First new key expires in (days)');
    await user.clear(first);
    await user.type(first, '120');
    expect(range.getByText('The first expiry must not come after the last.')).toBeTruthy();
    expect((range.getByRole('button', { name: 'Continue' }) as HTMLButtonElement).disabled).toBe(true);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog', { name: 'Rotate 1 key?' })).toBeNull();
    expect(fake.confirmations.request).not.toHaveBeenCalled();
  });
});

describe('bulk actions on My keys', () => {
  it('leaves the key Keywarden is connected with out of the selection, and says so', async () => {
    const own = (overrides: Parameters<typeof makeKey>[0]) =>
      makeKey({ ownerType: 'user', ownerId: 'ada@example.org', ownerLabel: 'Ada Lovelace', ...overrides });
    const { fake } = installInventoryFake({
      inventory: makeInventory({
        keys: [own({ id: 'app-key', label: 'Keywarden', isAppKey: true }), own({ id: 'cli', label: 'Laptop CLI' })],
      }),
    });
    const { user } = renderPage(<MyKeysPage />, 'connect');
    const mine = within(await screen.findByRole('table', { name: 'Keys of Ada Lovelace' }));
    const appBox = mine.getByRole('checkbox', { name: /^Keywarden cannot be selected: Keywarden is connected with this key/ });
    expect((appBox as HTMLInputElement).disabled).toBe(true);
    await user.click(mine.getByRole('checkbox', { name: 'Select all keys' }));
    const selected = within(screen.getByRole('group', { name: 'Selected keys' }));
    expect(selected.getByRole('status').textContent).toBe('1 key selected');
    expect(selected.getByText('The key Keywarden is connected with is left out.')).toBeTruthy();
    await user.click(selected.getByRole('button', { name: 'Revoke selected' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Revoke Laptop CLI?' })).getByRole('button', { name: 'Revoke 1 key' }),
    );
    await waitFor(() =>
      expect(fake.keys.bulkRevoke).toHaveBeenCalledWith({
        keys: [{ owner: { type: 'self' }, keyId: 'cli' }],
        confirmationId: CONFIRMATION_ID,
      }),
    );
  });
});
