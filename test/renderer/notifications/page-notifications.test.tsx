/**
 * The web host's notifications: main sends each one to the page over the event stream, and the page shows it with
 * the browser's Notification API (asking for permission once); a click opens the key's owner with the key
 * highlighted, on the notification's site.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { KeyNotification } from '../../../shared/expiry-notifications.js';
import { PERMISSION_ASKED_KEY } from '../../../renderer/api/notifications.js';
import { installFakeEvents, makeSite } from '../fake-key-admin.js';
import { renderApp } from '../render-app.js';
import { FakeNotification, installFakeNotification, installNotificationsFake, SITE_ID } from './support.js';

function notification(overrides: Partial<KeyNotification> = {}): KeyNotification {
  return {
    id: `${SITE_ID}:k-ct:2026-12-01T00:00:00.000Z:7`,
    siteId: SITE_ID,
    title: 'Key expires in 7 days',
    body: '"Importer key" of CT importer (Basement) on flywheel.example.org expires on 2026-12-01. Rotate it before then.',
    target: { page: 'devices', deviceId: 'dev-2', keyId: 'k-ct' },
    keyIds: ['k-ct'],
    ...overrides,
  };
}

const keyRow = (table: string, label: string) =>
  within(screen.getByRole('table', { name: table }))
    .getByText(label)
    .closest('tr') as HTMLElement;

describe('Notifications in the web host page', () => {
  it('shows a notification with the browser API, and its click opens the device with the key highlighted', async () => {
    const events = installFakeEvents();
    const { focus } = installFakeNotification('granted');
    installNotificationsFake();
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });

    events.emit({ type: 'notification', notification: notification() });
    expect(FakeNotification.instances).toHaveLength(1);
    const shown = FakeNotification.instances[0]!;
    expect(shown.title).toBe('Key expires in 7 days');
    expect(shown.options).toEqual({ body: notification().body, tag: notification().id });
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();

    shown.click();
    expect(focus).toHaveBeenCalled();
    expect(shown.close).toHaveBeenCalled();
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
    const row = keyRow('Keys of CT importer', 'Importer key');
    expect(within(row).getByText('From notifications')).toBeTruthy();
    expect(document.activeElement).toBe(within(row).getByRole('button', { name: 'Rotate' }));
  });

  it('asks for permission once, at the first notification, and shows what waited for the answer', async () => {
    const events = installFakeEvents();
    installFakeNotification('default', 'granted');
    installNotificationsFake();
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });

    events.emit({ type: 'notification', notification: notification() });
    events.emit({ type: 'notification', notification: notification({ id: 'second', title: 'Key expired' }) });
    await waitFor(() => expect(FakeNotification.instances.map((n) => n.title)).toEqual(['Key expires in 7 days', 'Key expired']));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(window.localStorage.getItem(PERMISSION_ASKED_KEY)).not.toBeNull();
  });

  it('does not ask again once asked, even when the admin did not answer', async () => {
    const events = installFakeEvents();
    installFakeNotification('default', 'default');
    installNotificationsFake();
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });

    events.emit({ type: 'notification', notification: notification() });
    await waitFor(() => expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1));
    // Let the unanswered question settle, then another notification arrives.
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.emit({ type: 'notification', notification: notification({ id: 'later' }) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('shows nothing where notifications are blocked, or where the browser has no Notification API', async () => {
    const events = installFakeEvents();
    installFakeNotification('denied');
    installNotificationsFake();
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    events.emit({ type: 'notification', notification: notification() });
    expect(FakeNotification.instances).toHaveLength(0);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();

    delete (window as { Notification?: unknown }).Notification;
    events.emit({ type: 'notification', notification: notification() });
    expect(FakeNotification.instances).toHaveLength(0);
    expect(screen.getByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
  });

  it("switches to the notification's site before opening a user's key", async () => {
    const events = installFakeEvents();
    installFakeNotification('granted');
    const clinic = makeSite({ id: 'clinic', name: 'Clinic', origin: 'https://clinic.example.org' });
    const { fake } = installNotificationsFake({ state: { sites: [clinic, makeSite()], activeId: 'clinic' } });
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });

    events.emit({
      type: 'notification',
      notification: notification({
        title: 'Key expires in 7 days',
        target: { page: 'users', userId: 'grace@example.org', keyId: 'k-grace' },
        keyIds: ['k-grace'],
      }),
    });
    FakeNotification.instances[0]!.click();
    await waitFor(() => expect(fake.sites.activate).toHaveBeenCalledWith({ id: SITE_ID }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Grace Hopper' })).toBeTruthy();
    const row = keyRow('Keys of Grace Hopper', 'Grace notebook');
    expect(row.className).toContain('Mui-selected');
    expect(within(row).getByText('From notifications')).toBeTruthy();
  });

  it('opens the same target again after the admin left it', async () => {
    const events = installFakeEvents();
    installFakeNotification('granted');
    installNotificationsFake();
    const { user } = renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    events.emit({ type: 'notification', notification: notification() });
    FakeNotification.instances[0]!.click();
    await screen.findByRole('heading', { level: 1, name: 'CT importer' });
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Devices' })).toBeTruthy();
    FakeNotification.instances[0]!.click();
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
  });
});
