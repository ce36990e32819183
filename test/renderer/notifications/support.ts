/**
 * Fixtures for the notification tests: main's Notifications overview, a fake of the `notifications.*` tasks on top
 * of the inventory fake, and a stand-in for the browser's Notification API that records what the page shows.
 */
import { onTestFinished, vi } from 'vitest';
import type { NotificationsOverview, UpcomingExpiry } from '../../../shared/notifications-view.js';
import { fail, ok } from '../../../shared/result.js';
import {
  daysFromNow,
  installInventoryFake,
  makeDevice,
  makeInventory,
  makeKey,
  type InventoryFakeOptions,
} from '../keys/support.js';

export const SITE_ID = 'flywheel-example-org';

export function makeUpcoming(overrides: Partial<UpcomingExpiry> = {}): UpcomingExpiry {
  const keyId = overrides.keyId ?? 'k-soon';
  return {
    siteId: SITE_ID,
    siteName: 'flywheel.example.org',
    keyId,
    label: 'Reaper key',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'MR scanner 3 Reaper',
    location: 'Room B12',
    legacy: false,
    isOwnKey: false,
    due: daysFromNow(5),
    stage: 7,
    snoozed: false,
    notifiedAt: null,
    target: { page: 'devices', deviceId: 'dev-1', keyId },
    ...overrides,
  };
}

/** An overview; each site's total of coming expiries is what `upcoming` lists of it, unless given. */
export function makeOverview(overrides: Partial<NotificationsOverview> = {}): NotificationsOverview {
  const upcoming = overrides.upcoming ?? [makeUpcoming()];
  const upcomingTotals: Record<string, number> = {};
  for (const entry of upcoming) upcomingTotals[entry.siteId] = (upcomingTotals[entry.siteId] ?? 0) + 1;
  return {
    siteId: SITE_ID,
    settings: { thresholds: [30, 14, 7, 1], includeOtherUsers: false },
    global: { checkEveryHours: 6, startAtLogin: false },
    lastCheck: { at: '2026-11-26T08:00:00.000Z', offline: false },
    attention: 1,
    upcoming,
    upcomingTotals,
    history: [],
    ...overrides,
  };
}

/** Two devices with keys, and the admin's own key: what the targets of the tests point at. */
export function targetInventory() {
  return makeInventory({
    devices: [
      makeDevice({ id: 'dev-1', label: 'MR scanner 3 Reaper' }),
      makeDevice({ id: 'dev-2', label: 'CT importer', notes: { location: 'Basement', modality: 'CT', contact: '' } }),
    ],
    users: [
      {
        id: 'grace@example.org',
        name: 'Grace Hopper',
        email: 'grace@example.org',
        disabled: false,
        isSiteAdmin: false,
        keysVisible: true,
        lastLogin: daysFromNow(-3),
      },
    ],
    keys: [
      makeKey({ id: 'k-far', label: 'Old upload key', ownerId: 'dev-1', expiresAt: daysFromNow(80) }),
      makeKey({ id: 'k-soon', label: 'Reaper key', ownerId: 'dev-1', expiresAt: daysFromNow(5) }),
      makeKey({ id: 'k-ct', label: 'Importer key', ownerId: 'dev-2', ownerLabel: 'CT importer', expiresAt: daysFromNow(3) }),
      makeKey({
        id: 'k-own',
        label: 'Laptop CLI',
        ownerType: 'user',
        ownerId: 'ada@example.org',
        ownerLabel: 'Ada Lovelace',
        expiresAt: daysFromNow(2),
      }),
      makeKey({
        id: 'k-grace',
        label: 'Grace notebook',
        ownerType: 'user',
        ownerId: 'grace@example.org',
        ownerLabel: 'Grace Hopper',
        expiresAt: daysFromNow(6),
      }),
    ],
  });
}

export interface NotificationsFakeOptions extends InventoryFakeOptions {
  readonly overview?: NotificationsOverview;
}

/** The inventory fake, plus `notifications.*` answering from an overview kept in memory (patched like main does). */
export function installNotificationsFake(options: NotificationsFakeOptions = {}) {
  const installed = installInventoryFake({ inventory: targetInventory(), ...options });
  const { fake } = installed;
  let overview = structuredClone(options.overview ?? makeOverview());
  const answer = () => ok(structuredClone(overview));
  fake.notifications.overview.mockImplementation(async () => answer());
  fake.notifications.updateSettings.mockImplementation(async ({ site, global }) => {
    overview = { ...overview, settings: { ...site, thresholds: [...site.thresholds].sort((a, b) => b - a) }, global };
    return answer();
  });
  fake.notifications.snooze.mockImplementation(async ({ keyId }) => {
    const entry = overview.upcoming.find((e) => e.keyId === keyId && e.siteId === overview.siteId);
    if (!entry || entry.stage === null) return fail('not-found', 'This key has no expiry notification to snooze now.');
    overview = {
      ...overview,
      attention: Math.max(0, overview.attention - 1),
      upcoming: overview.upcoming.map((e) => (e === entry ? { ...e, snoozed: true } : e)),
    };
    return answer();
  });
  fake.notifications.unsnooze.mockImplementation(async ({ keyId }) => {
    const entry = overview.upcoming.find((e) => e.keyId === keyId && e.siteId === overview.siteId);
    if (!entry?.snoozed) return fail('not-found', 'This key is not snoozed.');
    overview = {
      ...overview,
      attention: overview.attention + 1,
      upcoming: overview.upcoming.map((e) => (e === entry ? { ...e, snoozed: false } : e)),
    };
    return answer();
  });
  fake.notifications.checkNow.mockImplementation(async () => ok({ shown: 2 }));
  fake.notifications.calendar.mockImplementation(async () =>
    ok({ fileName: 'keywarden-key-expiries-2026-11-26.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR', rows: 4 }),
  );
  return { ...installed, overview: () => overview };
}

/** A stand-in for the browser's Notification API: records every notification the page shows. */
export class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static readonly instances: FakeNotification[] = [];
  static readonly requestPermission = vi.fn(async (): Promise<NotificationPermission> => FakeNotification.permission);

  onclick: ((this: FakeNotification, event: Event) => unknown) | null = null;
  readonly close = vi.fn();

  constructor(
    readonly title: string,
    readonly options?: NotificationOptions,
  ) {
    FakeNotification.instances.push(this);
  }

  /** What the admin's click does. */
  click(): void {
    this.onclick?.call(this, new Event('click'));
  }
}

/**
 * Installs FakeNotification as `window.Notification` with a permission; `answer` is what the admin says when the
 * page asks. Removed (with the remembered question) when the test ends.
 */
export function installFakeNotification(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  FakeNotification.permission = permission;
  FakeNotification.instances.length = 0;
  FakeNotification.requestPermission.mockReset();
  FakeNotification.requestPermission.mockImplementation(async () => {
    FakeNotification.permission = answer;
    return answer;
  });
  Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
  const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
  window.localStorage.clear();
  onTestFinished(() => {
    delete (window as { Notification?: unknown }).Notification;
    focus.mockRestore();
    window.localStorage.clear();
  });
  return { focus };
}
