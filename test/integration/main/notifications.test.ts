/**
 * Expiry notifications (issue 8) through the dispatcher against a real demo key service, with a recording notifier:
 * a check notifies exactly the keys in scope that are within a threshold or expired, once; a second check and a
 * restart on the same data folder notify nothing new; a revoked key leaves the ledger; the overview and the calendar
 * hold the keys in scope; invalid settings change nothing; and connecting a site checks it in the background.
 *
 * The demo seed changes over time (new legacy cases, new keys): nothing here counts its keys. What is expected is
 * computed from the site's own lists, read from the key service directly, with the rule's thresholds.
 */
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import type { Clock } from '../../../electron/ports.js';
import type { Notifier } from '../../../electron/services/notifications.service.js';
import {
  ATTENTION_DAYS,
  DEFAULT_NOTIFY_DAYS,
  stageOf,
  SUMMARY_ABOVE,
  type KeyNotification,
} from '../../../shared/expiry-notifications.js';
import type { InventoryExport } from '../../../shared/ipc-contract.js';
import { isLegacyKey } from '../../../shared/key-status.js';
import type { NotificationsOverview } from '../../../shared/notifications-view.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  adminKeyString,
  confirm,
  DAY_MS,
  failCode,
  ok,
  refresh,
  siteCall,
  siteDevices,
  siteUsers,
  startDemoSite,
  type SiteKey,
} from './support.js';

interface Recorder extends Notifier {
  readonly shown: KeyNotification[];
  readonly attention: number[];
}

function recorder(): Recorder {
  const shown: KeyNotification[] = [];
  const attention: number[] = [];
  return { shown, attention, show: (n) => void shown.push(n), setAttention: (count) => void attention.push(count) };
}

/** A key in scope (a device key, or the admin's own key, of an owner not disabled; not legacy), as the site lists it. */
interface ExpectedKey {
  readonly keyId: string;
  readonly ownerType: 'device' | 'user';
  readonly ownerId: string;
  readonly due: string;
}

/** The keys in scope (by default, or with other users' keys too), read from the key service itself. */
async function keysInScope(service: KeyService, includeOtherUsers = false): Promise<ExpectedKey[]> {
  const self = (await siteCall<{ _id: string }>(service, 'GET', '/users/self')).body._id;
  const keys: ExpectedKey[] = [];
  const add = (ownerType: 'device' | 'user', ownerId: string, list: SiteKey[] = []) => {
    for (const key of list) {
      if (isLegacyKey({ label: key.label, legacyFlag: null, expiresAt: key.expires_at }) || key.expires_at === null) continue;
      keys.push({ keyId: key._id, ownerType, ownerId, due: new Date(key.expires_at).toISOString() });
    }
  };
  for (const device of await siteDevices(service)) if (!device.disabled) add('device', device._id, device.api_keys);
  for (const user of await siteUsers(service)) {
    if ((user._id === self || includeOtherUsers) && !user.disabled) add('user', user._id, user.api_keys);
  }
  return keys;
}

/** The keys a check at `now` notifies: within one of the default thresholds, or expired. */
const dueKeys = (keys: ExpectedKey[], now: Date): ExpectedKey[] =>
  keys.filter((key) => stageOf(key.due, DEFAULT_NOTIFY_DAYS, now) !== null);

const ids = (keys: readonly { keyId: string }[]): string[] => keys.map((key) => key.keyId).sort();
const notifiedIds = (shown: readonly KeyNotification[]): string[] => shown.flatMap((n) => n.keyIds).sort();

/** What the recorded notifications must be for `expected` keys: one by one, or one summary above SUMMARY_ABOVE. */
function expectNotified(shown: readonly KeyNotification[], expected: ExpectedKey[], siteId: string): void {
  expect(notifiedIds(shown)).toEqual(ids(expected));
  if (expected.length > SUMMARY_ABOVE) {
    expect(shown).toHaveLength(1);
    expect(shown[0]?.siteId).toBe(siteId);
    expect(shown[0]?.target.page).toBe('inventory');
    expect(shown[0]?.target.page === 'inventory' && [...shown[0].target.keyIds].sort()).toEqual(ids(expected));
  } else {
    expect(shown).toHaveLength(expected.length);
    for (const notification of shown) {
      const key = expected.find((candidate) => candidate.keyId === notification.keyIds[0]);
      expect(notification.target).toEqual(
        key?.ownerType === 'device'
          ? { page: 'devices', deviceId: key.ownerId, keyId: key.keyId }
          : { page: 'my-keys', keyId: key?.keyId },
      );
    }
  }
}

interface LedgerFile {
  ledger: { keyId: string; due: string; stage: number }[];
  snoozes: { keyId: string }[];
  settings: { includeOtherUsers: boolean };
}

let service: KeyService;
let harness: MainHarness;
let notifier: Recorder;
let siteId: string;
/** The app's clock, frozen a moment after the site was seeded: what is due is computed at the same instant. */
let now: Date;
let clock: Clock;

const ledgerFile = (): string => path.join(harness.dataDir, 'notifications', `${siteId}.json`);
const onDisk = (): LedgerFile => JSON.parse(fs.readFileSync(ledgerFile(), 'utf8')) as LedgerFile;
const ledger = (): LedgerFile['ledger'] => onDisk().ledger;
const checkNow = (on: MainHarness = harness) => ok<{ shown: number }>(on, 'notifications.checkNow');

beforeEach(async () => {
  service = await startDemoSite();
  now = new Date();
  clock = { now: () => now };
  notifier = recorder();
  harness = createMainHarness({ clock, notifier: () => notifier });
});

afterEach(async () => {
  harness.cleanup();
  await service.close();
});

/** Connects without the handler's background check (the service directly), so the test decides when checks run. */
async function connectQuietly(): Promise<void> {
  siteId = (await harness.services.sites.connect({ keyString: adminKeyString(service), name: 'Demo' })).id;
  await refresh(harness);
}

describe('a check against the demo site', () => {
  it('notifies each key in scope within a threshold or expired once; a second check and a restart notify nothing', async () => {
    await connectQuietly();
    const inScope = await keysInScope(service);
    const expected = dueKeys(inScope, now);
    expect(expected.length).toBeGreaterThan(0);

    const first = await checkNow();
    expect(first.shown).toBe(notifier.shown.length);
    expectNotified(notifier.shown, expected, siteId);
    expect(
      ledger()
        .map((entry) => [entry.keyId, entry.stage])
        .sort(),
    ).toEqual(expected.map((key) => [key.keyId, stageOf(key.due, DEFAULT_NOTIFY_DAYS, now)]).sort());
    const attention = inScope.filter((key) => Date.parse(key.due) - now.getTime() <= ATTENTION_DAYS * DAY_MS).length;
    expect(notifier.attention.at(-1)).toBe(attention);

    expect(await checkNow()).toEqual({ shown: 0 });
    expect(notifiedIds(notifier.shown)).toEqual(ids(expected));

    const restartedNotifier = recorder();
    const restarted = createMainHarness({ dataDir: harness.dataDir, clock, notifier: () => restartedNotifier });
    expect(await checkNow(restarted)).toEqual({ shown: 0 });
    expect(restartedNotifier.shown).toEqual([]);
    expect(restartedNotifier.attention.at(-1)).toBe(attention);
  });

  it("a check's refresh waits for the migration's observation of the new snapshot in tasks, not at once", async () => {
    await connectQuietly();
    const observed = vi.spyOn(harness.services.migration, 'observedInTasks');
    await checkNow();
    expect(observed.mock.calls).toEqual([[siteId]]);
    // It resolved before the check read the upgrade day: nothing was left under way.
    await expect(observed.mock.results[0]?.value).resolves.toBeUndefined();
  });

  it("other users' keys are notified only once the admin asks for them", async () => {
    await connectQuietly();
    await checkNow();
    const byDefault = ids(dueKeys(await keysInScope(service), now));
    expect(notifiedIds(notifier.shown)).toEqual(byDefault);

    const overview = await ok<NotificationsOverview>(harness, 'notifications.updateSettings', {
      site: { thresholds: [...DEFAULT_NOTIFY_DAYS], includeOtherUsers: true },
      global: { checkEveryHours: 6, startAtLogin: false },
    });
    expect(overview.settings.includeOtherUsers).toBe(true);
    expect(onDisk().settings.includeOtherUsers).toBe(true);
    const added = dueKeys(await keysInScope(service, true), now).filter((key) => !byDefault.includes(key.keyId));
    expect(added.length).toBeGreaterThan(0);
    const shownBefore = notifier.shown.length;
    await checkNow();
    const newlyShown = notifier.shown.slice(shownBefore);
    expect(notifiedIds(newlyShown)).toEqual(ids(added));
    if (added.length <= SUMMARY_ABOVE) {
      for (const n of newlyShown) expect(n.target).toMatchObject({ page: 'users', keyId: n.keyIds[0] });
    }
  });

  it('a key revoked on the site leaves the ledger at the next check, and nothing is notified for it', async () => {
    await connectQuietly();
    await checkNow();
    const target = dueKeys(await keysInScope(service), now).find((key) => key.ownerType === 'device');
    if (!target) throw new Error('the demo site has no device key within a threshold');
    expect(ledger().some((entry) => entry.keyId === target.keyId)).toBe(true);

    const confirmation = await confirm(harness, 'revoke-key', [target.keyId]);
    await ok(harness, 'keys.revoke', {
      owner: { type: 'device', id: target.ownerId },
      keyId: target.keyId,
      confirmationId: confirmation.id,
    });
    const shownBefore = notifier.shown.length;
    expect(await checkNow()).toEqual({ shown: 0 });
    expect(notifier.shown).toHaveLength(shownBefore);
    expect(ledger().some((entry) => entry.keyId === target.keyId)).toBe(false);
    expect(ids(ledger())).toEqual(ids(dueKeys(await keysInScope(service), now)));
  });

  it('notifications.overview lists the keys in scope due within the next 90 days, soonest first', async () => {
    await connectQuietly();
    await checkNow();
    const overview = await ok<NotificationsOverview>(harness, 'notifications.overview');
    const inScope = await keysInScope(service);
    const upcoming = inScope.filter((key) => Date.parse(key.due) - now.getTime() <= 90 * DAY_MS);
    expect(ids(overview.upcoming)).toEqual(ids(upcoming));
    const dues = overview.upcoming.map((entry) => entry.due);
    expect(dues).toEqual([...dues].sort());
    expect(overview.upcoming.every((entry) => entry.siteId === siteId)).toBe(true);
    const notified = new Set(ids(dueKeys(inScope, now)));
    for (const entry of overview.upcoming) {
      expect(entry.notifiedAt).toBe(notified.has(entry.keyId) ? now.toISOString() : null);
    }
    expect(overview.lastCheck).toEqual({ at: now.toISOString(), offline: false });
    expect(overview.settings).toEqual({ thresholds: [...DEFAULT_NOTIFY_DAYS], includeOtherUsers: false });
  });

  it('notifications.calendar answers an .ics with one event per key in scope with a future expiry', async () => {
    await connectQuietly();
    const calendar = await ok<InventoryExport>(harness, 'notifications.calendar');
    expect(calendar.mimeType).toBe('text/calendar');
    expect(calendar.fileName).toMatch(/\.ics$/);
    const future = (await keysInScope(service)).filter((key) => Date.parse(key.due) > now.getTime());
    const events = new ICAL.Component(ICAL.parse(calendar.content)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(future.length);
    expect(calendar.rows).toBe(future.length);
    expect(events.map((event) => new ICAL.Event(event).uid.split('-')[0]).sort()).toEqual(ids(future));
  });

  it('invalid settings and snoozes are refused (validation) and change nothing', async () => {
    await connectQuietly();
    await checkNow();
    const before = await ok<NotificationsOverview>(harness, 'notifications.overview');
    const fileBefore = fs.readFileSync(ledgerFile(), 'utf8');
    const shownBefore = notifier.shown.length;
    const site = { thresholds: [30, 14, 7, 1], includeOtherUsers: false };
    const global = { checkEveryHours: 6, startAtLogin: false };
    const invalid: [string, unknown][] = [
      ['notifications.updateSettings', { site: { ...site, thresholds: [0] }, global }],
      ['notifications.updateSettings', { site: { ...site, thresholds: [] }, global }],
      ['notifications.updateSettings', { site: { ...site, thresholds: [7.5] }, global }],
      ['notifications.updateSettings', { site, global: { ...global, checkEveryHours: 400 } }],
      ['notifications.updateSettings', { site, global: { ...global, checkEveryHours: 0 } }],
      ['notifications.updateSettings', { site: { ...site, extra: true }, global }],
      ['notifications.updateSettings', { site, global: { ...global, extra: true } }],
      ['notifications.updateSettings', { site, global, extra: true }],
      ['notifications.updateSettings', { site }],
      ['notifications.snooze', { keyId: before.upcoming[0]?.keyId, extra: true }],
      ['notifications.snooze', {}],
      ['notifications.checkNow', { now: true }],
    ];
    for (const [channel, payload] of invalid) {
      expect(await failCode(harness, channel, payload), `${channel} ${JSON.stringify(payload)}`).toBe('validation');
    }
    expect(await ok<NotificationsOverview>(harness, 'notifications.overview')).toEqual(before);
    expect(fs.readFileSync(ledgerFile(), 'utf8')).toBe(fileBefore);
    expect(notifier.shown).toHaveLength(shownBefore);
  });

  it('a snooze silences a key of the site until its next threshold; a key beyond every threshold is not-found', async () => {
    await connectQuietly();
    const inScope = await keysInScope(service);
    const beyond = inScope.find((key) => stageOf(key.due, DEFAULT_NOTIFY_DAYS, now) === null);
    if (beyond) expect(await failCode(harness, 'notifications.snooze', { keyId: beyond.keyId })).toBe('not-found');
    const target = dueKeys(inScope, now)[0];
    if (!target) throw new Error('the demo site has no key within a threshold');
    const overview = await ok<NotificationsOverview>(harness, 'notifications.snooze', { keyId: target.keyId });
    expect(overview.upcoming.find((entry) => entry.keyId === target.keyId)?.snoozed).toBe(true);
    // Answered once on disk (written off the main thread by the saver, not later).
    expect(onDisk().snoozes.map((snooze) => snooze.keyId)).toEqual([target.keyId]);
    await checkNow();
    expect(notifiedIds(notifier.shown)).toEqual(ids(dueKeys(inScope, now).filter((key) => key.keyId !== target.keyId)));

    // Taken back: answered once on disk, and the next check notifies the key.
    const undone = await ok<NotificationsOverview>(harness, 'notifications.unsnooze', { keyId: target.keyId });
    expect(undone.upcoming.find((entry) => entry.keyId === target.keyId)?.snoozed).toBe(false);
    expect(onDisk().snoozes).toEqual([]);
    expect(await failCode(harness, 'notifications.unsnooze', { keyId: target.keyId })).toBe('not-found');
    await checkNow();
    expect(notifiedIds(notifier.shown)).toEqual(ids(dueKeys(inScope, now)));
  });
});

describe('connecting a site', () => {
  it('checks it in the background: its notifications arrive without asking', async () => {
    const connected = await harness.services.dispatch('sites.connect', { keyString: adminKeyString(service), name: 'Demo' });
    if (!connected.ok) throw new Error(`connect failed: ${connected.error.code}`);
    siteId = (connected.value as { id: string }).id;
    const expected = dueKeys(await keysInScope(service), now);
    await vi.waitFor(() => expect(notifiedIds(notifier.shown)).toEqual(ids(expected)), { timeout: 15_000, interval: 20 });
    expectNotified(notifier.shown, expected, siteId);
    expect(ids(ledger())).toEqual(ids(expected));
    expect(await checkNow()).toEqual({ shown: 0 });
  });
});
