/**
 * The Notifications page: what is coming up on every site, what was notified, the settings (saved with exactly what
 * the admin chose), snoozing a key, checking now, the calendar export and the browser's permission.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { NotificationsPage } from '../../../renderer/pages/notifications/notifications-page.js';
import { fail } from '../../../shared/result.js';
import type { NotificationsOverview } from '../../../shared/notifications-view.js';
import { makeSite } from '../fake-key-admin.js';
import { daysFromNow, renderPage } from '../keys/support.js';
import { renderApp } from '../render-app.js';
import {
  FakeNotification,
  installFakeNotification,
  installNotificationsFake,
  makeOverview,
  makeUpcoming,
  SITE_ID,
} from './support.js';

const clinic = makeSite({ id: 'clinic', name: 'Clinic', origin: 'https://clinic.example.org' });

const overview = makeOverview({
  attention: 2,
  lastCheck: { at: '2026-11-26T08:00:00.000Z', offline: true },
  upcoming: [
    makeUpcoming({
      keyId: 'k-gone',
      label: 'Old scanner key',
      due: daysFromNow(-2),
      stage: 0,
      notifiedAt: '2026-11-25T08:00:00.000Z',
    }),
    makeUpcoming({
      keyId: 'k-ct',
      label: 'Importer key',
      ownerId: 'dev-2',
      ownerLabel: 'CT importer',
      location: 'Basement',
      due: daysFromNow(3),
      stage: 7,
      target: { page: 'devices', deviceId: 'dev-2', keyId: 'k-ct' },
    }),
    makeUpcoming({
      siteId: 'clinic',
      siteName: 'Clinic',
      keyId: 'c-1',
      label: 'Clinic bridge',
      ownerLabel: 'Clinic bridge device',
      location: null,
      due: daysFromNow(10),
      stage: 14,
    }),
    makeUpcoming({
      keyId: 'k-legacy',
      label: 'Legacy uploader',
      ownerType: 'user',
      ownerId: 'ada@example.org',
      ownerLabel: 'Ada Lovelace',
      isOwnKey: true,
      location: null,
      legacy: true,
      due: daysFromNow(20),
      stage: 30,
      snoozed: true,
      target: { page: 'legacy', keyId: 'k-legacy' },
    }),
    makeUpcoming({ keyId: 'k-far', label: 'Old upload key', due: daysFromNow(80), stage: null }),
  ],
  history: [
    {
      id: 'n-2',
      title: 'Key expired',
      body: '"Old scanner key" of MR scanner 3 Reaper on flywheel.example.org expired (from the last data: the site did not answer).',
      notifiedAt: '2026-11-26T08:00:00.000Z',
      keyIds: ['k-gone'],
      offline: true,
    },
    {
      id: 'n-1',
      title: 'Key expires in 7 days',
      body: '"Importer key" of CT importer (Basement) on flywheel.example.org expires soon.',
      notifiedAt: '2026-11-20T08:00:00.000Z',
      keyIds: ['k-ct'],
      offline: false,
    },
  ],
});

const sectionOf = (name: string) => within(screen.getByRole('region', { name }));
const rowOf = (label: string) => within(screen.getByText(label).closest('tr') as HTMLElement);

function renderNotifications(shown: NotificationsOverview = overview) {
  const installed = installNotificationsFake({ overview: shown, state: { sites: [makeSite(), clinic], activeId: SITE_ID } });
  const view = renderPage(<NotificationsPage />, 'notifications');
  return { ...installed, ...view };
}

describe('Notifications page', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:keywarden/calendar');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it("lists what is coming up on every site, soonest first, the active site's first", async () => {
    renderNotifications();
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' })).toBeTruthy();
    await screen.findByRole('region', { name: 'Coming up in the next 90 days' });
    const upcoming = sectionOf('Coming up in the next 90 days');
    const active = within(upcoming.getByRole('table', { name: 'flywheel.example.org' }));
    const labels = active
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelectorAll('td')[1]?.firstChild?.textContent);
    expect(labels).toEqual(['Old scanner key', 'Importer key', 'Legacy uploader', 'Old upload key']);
    const siteHeadings = upcoming.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(siteHeadings).toEqual(['flywheel.example.org', 'Clinic']);

    const expired = rowOf('Old scanner key');
    expect(expired.getByText('expired')).toBeTruthy();
    expect(expired.getByText('Expired')).toBeTruthy();
    expect(expired.getByText('Notified 2026-11-25 08:00 UTC')).toBeTruthy();

    const ct = rowOf('Importer key');
    expect(ct.getByText(daysFromNow(3).slice(0, 10))).toBeTruthy();
    expect(ct.getByText('in 3 days')).toBeTruthy();
    expect(ct.getByText('CT importer')).toBeTruthy();
    expect(ct.getByText('Device · Basement')).toBeTruthy();
    expect(ct.getByText('Within 7 days')).toBeTruthy();
    expect(ct.getByText('Not notified yet')).toBeTruthy();
    expect(ct.getByRole('button', { name: 'Snooze until next threshold: Importer key' })).toBeTruthy();

    const legacy = rowOf('Legacy uploader');
    expect(legacy.getByText('19.0 upgrade')).toBeTruthy();
    expect(legacy.getByText('You')).toBeTruthy();
    expect(legacy.getByText('Snoozed')).toBeTruthy();
    expect(legacy.queryByRole('button', { name: /^Snooze/ })).toBeNull();
    expect(legacy.getByRole('button', { name: 'Undo snooze: Legacy uploader' })).toBeTruthy();

    // Beyond every threshold: nothing to snooze yet.
    const far = rowOf('Old upload key');
    expect(far.getByText('None yet')).toBeTruthy();
    expect(far.queryByRole('button', { name: /^Snooze/ })).toBeNull();

    // Another site's key: opened (switching site), but snoozed only from its own site.
    const other = rowOf('Clinic bridge');
    expect(other.getByRole('button', { name: 'Open Clinic bridge' })).toBeTruthy();
    expect(other.queryByRole('button', { name: /^Snooze/ })).toBeNull();

    expect(screen.getByText(/Last check of flywheel.example.org: 2026-11-26 08:00 UTC, on the last data/)).toBeTruthy();
    expect(screen.getByText(/2 keys on your sites need attention/)).toBeTruthy();
  });

  it('shows 50 keys of a site, then every listed one, and says where the rest are when main did not list all', async () => {
    const listed = Array.from({ length: 60 }, (_, at) =>
      makeUpcoming({ keyId: `k${at}`, label: `Key ${String(at).padStart(2, '0')}`, due: daysFromNow(10 + at / 10) }),
    );
    const { user } = renderNotifications(makeOverview({ upcoming: listed, upcomingTotals: { [SITE_ID]: 900 } }));
    const upcoming = within(await screen.findByRole('region', { name: 'Coming up in the next 90 days' }));
    expect(upcoming.getByText(/^900 keys/)).toBeTruthy();
    const table = () => within(upcoming.getByRole('table', { name: 'flywheel.example.org' }));
    expect(table().getAllByRole('row')).toHaveLength(1 + 50);
    expect(upcoming.queryByText(/The key inventory lists every key/)).toBeNull();
    await user.click(upcoming.getByRole('button', { name: 'Show the first 60 keys of flywheel.example.org' }));
    expect(table().getAllByRole('row')).toHaveLength(1 + 60);
    // The button is gone: the keyboard goes on from the first key it showed.
    expect(document.activeElement).toBe(upcoming.getByRole('button', { name: 'Open Key 50' }));
    expect(
      upcoming.getByText('These are the soonest 60 of 900 keys. The key inventory lists every key: sort it by Expires.'),
    ).toBeTruthy();
  });

  it('shows every key of a site when main listed them all', async () => {
    const listed = Array.from({ length: 55 }, (_, at) => makeUpcoming({ keyId: `k${at}`, label: `Key ${at}`, due: daysFromNow(10) }));
    const { user } = renderNotifications(makeOverview({ upcoming: listed }));
    const upcoming = within(await screen.findByRole('region', { name: 'Coming up in the next 90 days' }));
    expect(upcoming.getByText(/^55 keys/)).toBeTruthy();
    await user.click(upcoming.getByRole('button', { name: 'Show all 55 keys of flywheel.example.org' }));
    expect(upcoming.queryByText(/The key inventory lists every key/)).toBeNull();
  });

  it('lists what was notified and when, and says when a check ran on the last data', async () => {
    renderNotifications();
    const history = within(await screen.findByRole('table', { name: 'Notifications shown' }));
    const rows = history.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('td')?.textContent)).toEqual(['2026-11-26 08:00 UTC', '2026-11-20 08:00 UTC']);
    expect(within(rows[0]!).getByText('Key expired')).toBeTruthy();
    expect(within(rows[0]!).getByText('from the last data')).toBeTruthy();
    expect(within(rows[1]!).getByText(/"Importer key" of CT importer/)).toBeTruthy();
    expect(within(rows[1]!).queryByText('from the last data')).toBeNull();
  });

  it('saves the settings with exactly what the admin chose', async () => {
    const { fake, user } = renderNotifications();
    const settings = await screen.findByRole('region', { name: 'Settings' });
    const form = within(settings);
    const save = form.getByRole('button', { name: 'Save settings' });
    expect(save.hasAttribute('disabled')).toBe(true);

    await user.click(form.getByRole('button', { name: 'Remove 14 days before' }));
    await user.type(form.getByRole('spinbutton', { name: 'Days before expiry' }), '400');
    await user.click(form.getByRole('button', { name: 'Add threshold' }));
    expect(form.getByText('A whole number of days from 1 to 365')).toBeTruthy();
    await user.clear(form.getByRole('spinbutton', { name: 'Days before expiry' }));
    await user.type(form.getByRole('spinbutton', { name: 'Days before expiry' }), '60{Enter}');
    expect(form.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '60 days before',
      '30 days before',
      '7 days before',
      '1 day before',
    ]);
    await user.click(form.getByRole('switch', { name: "Include other users' keys" }));
    const hours = form.getByRole('spinbutton', { name: 'Check every (hours)' });
    await user.clear(hours);
    await user.type(hours, '200');
    expect(save.hasAttribute('disabled')).toBe(true);
    await user.clear(hours);
    await user.type(hours, '12');
    await user.click(form.getByRole('switch', { name: 'Start at login, minimised to the tray' }));
    expect(form.getByText('Desktop app only: this browser version does not start by itself.')).toBeTruthy();

    await user.click(save);
    await waitFor(() =>
      expect(fake.notifications.updateSettings).toHaveBeenCalledWith({
        site: { thresholds: [60, 30, 7, 1], includeOtherUsers: true },
        global: { checkEveryHours: 12, startAtLogin: true },
      }),
    );
    expect(await form.findByText('Saved.')).toBeTruthy();
    expect(save.hasAttribute('disabled')).toBe(true);
  });

  it('snoozes a key until its next threshold', async () => {
    const { fake, user } = renderNotifications();
    await user.click(await screen.findByRole('button', { name: 'Snooze until next threshold: Importer key' }));
    await waitFor(() => expect(fake.notifications.snooze).toHaveBeenCalledWith({ keyId: 'k-ct' }));
    expect(await rowOf('Importer key').findByText('Snoozed')).toBeTruthy();
    const undo = rowOf('Importer key').getByRole('button', { name: 'Undo snooze: Importer key' });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    expect(rowOf('Importer key').queryByRole('button', { name: /^Snooze/ })).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Importer key is snoozed until its next threshold.');
  });

  it('takes a snooze back: the key shows unsnoozed, with its snooze button again', async () => {
    const { fake, user } = renderNotifications();
    await user.click(await screen.findByRole('button', { name: 'Undo snooze: Legacy uploader' }));
    await waitFor(() => expect(fake.notifications.unsnooze).toHaveBeenCalledWith({ keyId: 'k-legacy' }));
    const snooze = await rowOf('Legacy uploader').findByRole('button', {
      name: 'Snooze until next threshold: Legacy uploader',
    });
    // The keyboard stays on the row: the new button has the focus the old one took with it.
    await waitFor(() => expect(document.activeElement).toBe(snooze));
    expect(rowOf('Legacy uploader').queryByText('Snoozed')).toBeNull();
    expect(rowOf('Legacy uploader').queryByRole('button', { name: /^Undo snooze/ })).toBeNull();
    expect(screen.getByRole('status').textContent).toContain(
      'Legacy uploader is no longer snoozed: it is notified and counted again.',
    );
  });

  it("offers no undo for another site's snoozed key (main snoozes the active site's keys)", async () => {
    renderNotifications({
      ...overview,
      upcoming: overview.upcoming.map((entry) => (entry.keyId === 'c-1' ? { ...entry, snoozed: true } : entry)),
    });
    const other = await screen.findByText('Clinic bridge');
    expect(within(other.closest('tr') as HTMLElement).getByText('Snoozed')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Undo snooze/ }).map((button) => button.getAttribute('aria-label'))).toEqual([
      'Undo snooze: Legacy uploader',
    ]);
  });

  it('checks every site now and says how many notifications were shown', async () => {
    const { fake, user } = renderNotifications();
    await screen.findByRole('region', { name: 'Coming up in the next 90 days' });
    const loads = fake.notifications.overview.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    expect(await screen.findByText('Checked every site: 2 notifications shown.')).toBeTruthy();
    expect(fake.notifications.checkNow).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(fake.notifications.overview.mock.calls.length).toBeGreaterThan(loads));

    fake.notifications.checkNow.mockResolvedValueOnce(fail('internal', 'The check could not run.'));
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    expect(await screen.findByText('The check could not run.')).toBeTruthy();
  });

  it('exports the calendar as an .ics download', async () => {
    const { fake, user } = renderNotifications();
    await screen.findByRole('region', { name: 'Coming up in the next 90 days' });
    await user.click(screen.getByRole('button', { name: 'Export calendar (.ics)' }));
    await waitFor(() => expect(fake.notifications.calendar).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(HTMLAnchorElement.prototype.click).toHaveBeenCalledTimes(1));
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0]![0] as Blob;
    expect(blob.type).toBe('text/calendar');
    expect(await screen.findByText(/Saved keywarden-key-expiries-2026-11-26.ics: 4 key expiries/)).toBeTruthy();
  });

  it('asks the browser for permission with a button that shows the current permission', async () => {
    installFakeNotification('default', 'granted');
    const { user } = renderNotifications();
    await screen.findByRole('heading', { level: 1, name: 'Notifications' });
    expect(screen.getByText(/has not been allowed to show desktop notifications yet/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Allow desktop notifications' }));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(/Desktop notifications are allowed in this browser/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Allow desktop notifications' })).toBeNull();
  });
});

describe('Notifications page in the app', () => {
  it('is in the navigation, and "Open" leads to the key on its owner', async () => {
    installNotificationsFake({ overview });
    const { user } = renderApp('overview');
    const nav = within(screen.getByRole('navigation', { name: 'Main navigation' }));
    await user.click(await nav.findByRole('button', { name: /^Notifications/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' })).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Open Importer key' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
    const row = within(screen.getByRole('table', { name: 'Keys of CT importer' }))
      .getByText('Importer key')
      .closest('tr')!;
    expect(within(row).getByText('From notifications')).toBeTruthy();
  });
});
