/**
 * The notifications service over fakes: a temp folder for its per-site ledger files, a clock the test moves, a
 * recording notifier, a timer the test fires, an in-memory settings store, and sites and snapshots the test holds.
 * The ledger survives a restart and is on disk before anything is shown; an unreachable site is checked on its
 * snapshot and says so; checks are scheduled, rescheduled and never run twice at once for one site; a damaged
 * ledger is kept aside and reported; and a failing notifier never turns into an unhandled rejection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../../electron/ports.js';
import { NotificationsService, type Notifier, type Timer } from '../../../../electron/services/notifications.service.js';
import { AppFailure } from '../../../../electron/services/site-error.js';
import type { SiteProfile } from '../../../../electron/services/site-profiles.js';
import type { MainEvent } from '../../../../shared/events.js';
import { DEFAULT_CHECK_HOURS, SUMMARY_ABOVE, type KeyNotification } from '../../../../shared/expiry-notifications.js';
import { UPCOMING_LISTED } from '../../../../shared/notifications-view.js';
import type { Inventory, KeyRecord } from '../../../../shared/inventory.js';
import { DAY_MS } from '../../../../shared/time.js';
import { MemoryStore } from '../../support.js';
import { WriteThroughSink } from '../../../support/fake-snapshot-writer.js';
import { testDevice } from '../../../support/records.js';

const START = new Date('2026-11-26T10:00:00.000Z');
const SITE_ID = 'demo-site';
const SELF = 'ada@example.org';
const HOUR_MS = 60 * 60 * 1000;

const profile: SiteProfile = {
  id: SITE_ID,
  name: 'Demo',
  origin: 'https://flywheel.example.org',
  release: '18.4.0',
  userId: SELF,
  userName: 'Ada Lovelace',
  isSiteAdmin: true,
  keyKind: 'enhanced',
  storage: 'keychain',
  notices: [],
  features: null,
  connectedAt: START.toISOString(),
};

const inDays = (days: number): string => new Date(START.getTime() + days * DAY_MS).toISOString();

function key(id: string, days: number | null, overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id,
    label: `Label ${id}`,
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'MR Scanner',
    ownerDisabled: false,
    created: inDays(-10),
    expiresAt: days === null ? null : inDays(days),
    lastUsed: null,
    isAppKey: false,
    ...overrides,
  };
}

function snapshotOf(keys: KeyRecord[]): Inventory {
  return {
    siteId: SITE_ID,
    siteName: 'Demo',
    origin: profile.origin,
    fetchedAt: START.toISOString(),
    devices: [testDevice({ id: 'dev-1', label: 'MR Scanner', notes: { location: 'Room 2', modality: '', contact: '' } })],
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

/** A notifier that records what it is asked, and can be told to fail. */
class RecordingNotifier implements Notifier {
  readonly shown: KeyNotification[] = [];
  readonly attention: number[] = [];
  failShow = false;
  failAttention = false;
  onShow: (notification: KeyNotification) => void = () => undefined;
  show(notification: KeyNotification): void {
    this.onShow(notification);
    if (this.failShow) throw new Error('the desktop refused the notification');
    this.shown.push(notification);
  }
  setAttention(count: number): void {
    this.attention.push(count);
    if (this.failAttention) throw new Error('no badge here');
  }
}

/** A timer the test fires by hand. */
class FakeTimer implements Timer {
  readonly scheduled: { ms: number; task: () => void; stopped: boolean }[] = [];
  every(ms: number, task: () => void): () => void {
    const entry = { ms, task, stopped: false };
    this.scheduled.push(entry);
    return () => {
      entry.stopped = true;
    };
  }
  active(): { ms: number; task: () => void }[] {
    return this.scheduled.filter((entry) => !entry.stopped);
  }
}

/** The temp folder of the test, removed afterwards; `dir` is the service's folder in it. */
let root: string;
let dir: string;
let now: Date;
let sites: SiteProfile[];
let snapshot: Inventory | null;
let settings: MemoryStore;
let notifier: RecordingNotifier;
let timer: FakeTimer;
let events: MainEvent[];
let refreshSite: ReturnType<typeof vi.fn<(siteId: string) => Promise<boolean>>>;
let upgradeDate: string | null;
let saver: WriteThroughSink;
const clock: Clock = { now: () => now };

function service(): NotificationsService {
  return new NotificationsService({
    dir,
    clock,
    settings,
    notifier,
    publish: (event) => events.push(event),
    timer,
    sites: () => sites,
    activeSite: () => {
      const site = sites[0];
      if (!site) throw new AppFailure('not-found', 'No site.');
      return site;
    },
    snapshot: (siteId) => (siteId === SITE_ID ? snapshot : null),
    refreshSite,
    upgradeDate: () => upgradeDate,
    saver,
  });
}

const ledgerFile = (): string => path.join(dir, `${SITE_ID}.json`);
interface LedgerFile {
  ledger: { keyId: string; stage: number }[];
  snoozes: { keyId: string; stage: number }[];
  history: { keyIds: string[]; offline: boolean; body: string }[];
  lastCheck: { at: string; offline: boolean } | null;
}
const onDisk = (): LedgerFile => JSON.parse(fs.readFileSync(ledgerFile(), 'utf8')) as LedgerFile;
const shownKeyIds = (): string[] => notifier.shown.flatMap((n) => n.keyIds).sort();

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-notifications-'));
  dir = root;
  now = START;
  sites = [profile];
  snapshot = snapshotOf([key('soon', 3), key('expired', -2), key('later', 20), key('far', 200)]);
  settings = new MemoryStore();
  notifier = new RecordingNotifier();
  timer = new FakeTimer();
  events = [];
  refreshSite = vi.fn(() => Promise.resolve(true));
  upgradeDate = null;
  saver = new WriteThroughSink();
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the ledger', () => {
  it('survives a restart: a new service on the same folder repeats nothing', async () => {
    const first = service();
    expect((await first.check(SITE_ID, true)).flatMap((n) => n.keyIds).sort()).toEqual(['expired', 'later', 'soon']);
    expect(shownKeyIds()).toEqual(['expired', 'later', 'soon']);
    expect(onDisk().ledger.map((e) => [e.keyId, e.stage])).toEqual([
      ['soon', 7],
      ['expired', 0],
      ['later', 30],
    ]);

    notifier.shown.length = 0;
    const restarted = service();
    expect(await restarted.check(SITE_ID, true)).toEqual([]);
    expect(await restarted.checkAll()).toBe(0);
    expect(notifier.shown).toEqual([]);

    // The next threshold still comes, once.
    now = new Date(START.getTime() + 2.5 * DAY_MS);
    expect((await service().check(SITE_ID, false)).map((n) => n.title)).toEqual(['Key expires in 1 day']);
    expect(await service().check(SITE_ID, false)).toEqual([]);
  });

  it('is on disk before the notifier is called; a notifier that throws loses the notification, never repeats it', async () => {
    const seenOnDisk: string[][] = [];
    notifier.onShow = () => seenOnDisk.push(onDisk().ledger.map((e) => e.keyId));
    notifier.failShow = true;
    const first = service();
    // A failing desktop must not reject the check (it runs in the background).
    await expect(first.check(SITE_ID, true)).resolves.toHaveLength(3);
    expect(seenOnDisk).toHaveLength(3);
    for (const ids of seenOnDisk) expect(ids.sort()).toEqual(['expired', 'later', 'soon']);

    notifier.failShow = false;
    expect(await service().check(SITE_ID, true)).toEqual([]);
    expect(notifier.shown).toEqual([]);
  });

  it('one notification the desktop refuses does not keep the others from being shown', async () => {
    notifier.onShow = (n) => {
      notifier.failShow = n.keyIds[0] === 'soon';
    };
    await service().check(SITE_ID, false);
    expect(shownKeyIds()).toEqual(['expired', 'later']);
  });

  it('a check shows its notifications only once the ledger that records them is on disk', async () => {
    const written = deferred<boolean>();
    saver.saved = () => written.promise;
    const notifications = service();
    const running = notifications.check(SITE_ID, false);
    await vi.waitFor(() => expect(fs.existsSync(ledgerFile())).toBe(true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(notifier.shown).toEqual([]);
    written.resolve(true);
    expect(await running).toHaveLength(3);
    expect(shownKeyIds()).toEqual(['expired', 'later', 'soon']);
  });

  it('a ledger the saver could not write shows nothing and records nothing: the next check, written, shows them', async () => {
    saver.failing.add(ledgerFile());
    const notifications = service();
    await expect(notifications.check(SITE_ID, false)).resolves.toEqual([]);
    expect(notifier.shown).toEqual([]);
    expect(notifications.overview().history).toEqual([]);
    saver.failing.clear();
    await expect(notifications.check(SITE_ID, false)).resolves.toHaveLength(3);
    expect(shownKeyIds()).toEqual(['expired', 'later', 'soon']);
    expect(onDisk().ledger).toHaveLength(3);
    await expect(notifications.check(SITE_ID, false)).resolves.toEqual([]);
  });

  it('a site forgotten while its ledger is written shows nothing', async () => {
    const written = deferred<boolean>();
    saver.saved = () => written.promise;
    const notifications = service();
    const running = notifications.check(SITE_ID, false);
    await vi.waitFor(() => expect(fs.existsSync(ledgerFile())).toBe(true));
    sites = [];
    await notifications.forget(SITE_ID);
    written.resolve(true);
    expect(await running).toEqual([]);
    expect(notifier.shown).toEqual([]);
  });

  it("persisted() answers once the active site's ledger is written, and fails saying so where it is not", async () => {
    const notifications = service();
    notifications.snooze('soon');
    await expect(notifications.persisted()).resolves.toBeUndefined();
    saver.failing.add(ledgerFile());
    await expect(notifications.persisted()).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('could not save the notification settings'),
    });
  });

  it('a ledger that cannot be written: the check shows nothing and answers nothing, without rejecting', async () => {
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    dir = path.join(dir, 'not-a-folder');
    const notifications = service();
    await expect(notifications.check(SITE_ID, true)).resolves.toEqual([]);
    await expect(notifications.checkAll()).resolves.toBe(0);
    notifications.afterConnect(SITE_ID);
    await vi.waitFor(() => expect(notifier.attention).toHaveLength(2));
    expect(notifier.shown).toEqual([]);
  });

  it('keeps a damaged ledger file aside, reports it in problems, and starts afresh', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(ledgerFile(), '{"ledger": [tru');
    const notifications = service();
    expect(await notifications.check(SITE_ID, false)).toHaveLength(3);
    expect(notifications.problems).toHaveLength(1);
    expect(notifications.problems[0]).toMatch(/notification ledger .* damaged and kept as .*\.damaged-/);
    const aside = fs.readdirSync(dir).filter((name) => name.startsWith(`${SITE_ID}.json.damaged-`));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('{"ledger": [tru');
    expect(onDisk().ledger).toHaveLength(3);
  });

  it('a file of the wrong shape counts as damaged too', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(ledgerFile(), JSON.stringify({ ledger: 'nope' }));
    const notifications = service();
    await notifications.check(SITE_ID, false);
    expect(notifications.problems).toHaveLength(1);
  });

  it('a key gone from the site leaves the ledger at the next check', async () => {
    const notifications = service();
    await notifications.check(SITE_ID, false);
    snapshot = snapshotOf([key('expired', -2), key('later', 20), key('far', 200)]);
    await notifications.check(SITE_ID, false);
    expect(
      onDisk()
        .ledger.map((e) => e.keyId)
        .sort(),
    ).toEqual(['expired', 'later']);
  });

  it('forget removes the file', async () => {
    const notifications = service();
    await notifications.check(SITE_ID, false);
    expect(fs.existsSync(ledgerFile())).toBe(true);
    await notifications.forget(SITE_ID);
    expect(fs.existsSync(ledgerFile())).toBe(false);
    expect(saver.discarded).toEqual([ledgerFile()]);
  });

  it('a check still running when its site is forgotten writes no file back', async () => {
    const refreshing = deferred<boolean>();
    refreshSite.mockReturnValueOnce(refreshing.promise);
    const notifications = service();
    const running = notifications.check(SITE_ID, true);
    sites = [];
    await notifications.forget(SITE_ID);
    refreshing.resolve(true);
    expect(await running).toEqual([]);
    expect(fs.existsSync(ledgerFile())).toBe(false);
    expect(notifier.shown).toEqual([]);
  });

  it('a site forgotten while its check runs in steps writes no file back and shows nothing', async () => {
    snapshot = snapshotOf([...Array.from({ length: 30_000 }, (_, i) => key(`bulk-${i}`, 200)), key('soon', 3)]);
    const notifications = service();
    const running = notifications.check(SITE_ID, false);
    await new Promise<void>((resolve) => setImmediate(resolve));
    sites = [];
    await notifications.forget(SITE_ID);
    expect(await running).toEqual([]);
    expect(fs.existsSync(ledgerFile())).toBe(false);
    expect(notifier.shown).toEqual([]);
  });
});

describe('checks', () => {
  it('a site that does not answer is checked on its snapshot, and the history and notifications say so', async () => {
    refreshSite.mockRejectedValueOnce(new AppFailure('unreachable', 'The site did not answer.'));
    const notifications = service();
    expect(await notifications.check(SITE_ID, true)).toHaveLength(3);
    expect(notifier.shown.every((n) => n.body.includes('from the last data'))).toBe(true);
    const overview = notifications.overview();
    expect(overview.lastCheck).toEqual({ at: START.toISOString(), offline: true });
    expect(overview.history).toHaveLength(3);
    expect(overview.history.every((record) => record.offline)).toBe(true);

    // A refresh that answers "offline" (the snapshot kept) counts the same.
    snapshot = snapshotOf([key('new', 1)]);
    refreshSite.mockResolvedValueOnce(false);
    await notifications.check(SITE_ID, true);
    expect(notifications.overview().history[0]).toMatchObject({ keyIds: ['new'], offline: true });
  });

  it('a site that answers: the history says online', async () => {
    const notifications = service();
    await notifications.check(SITE_ID, true);
    expect(refreshSite).toHaveBeenCalledWith(SITE_ID);
    expect(notifications.overview().lastCheck).toEqual({ at: START.toISOString(), offline: false });
    expect(notifier.shown.some((n) => n.body.includes('from the last data'))).toBe(false);
  });

  it('does not fetch when not asked to', async () => {
    await service().check(SITE_ID, false);
    expect(refreshSite).not.toHaveBeenCalled();
  });

  it('two concurrent checks of one site run once', async () => {
    const refreshing = deferred<boolean>();
    refreshSite.mockReturnValueOnce(refreshing.promise);
    const notifications = service();
    const first = notifications.check(SITE_ID, true);
    const second = notifications.check(SITE_ID, true);
    refreshing.resolve(true);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(refreshSite).toHaveBeenCalledTimes(1);
    expect(notifier.shown).toHaveLength(3);
    // Once done, the next check runs again (and finds nothing new).
    expect(await notifications.check(SITE_ID, true)).toEqual([]);
    expect(refreshSite).toHaveBeenCalledTimes(2);
  });

  it('a site without a snapshot, or an unknown site, is skipped', async () => {
    snapshot = null;
    expect(await service().check(SITE_ID, true)).toEqual([]);
    expect(await service().check('other-site', true)).toEqual([]);
    expect(fs.existsSync(ledgerFile())).toBe(false);
  });

  it('many keys at once: one summary, all ledgered', async () => {
    snapshot = snapshotOf(Array.from({ length: SUMMARY_ABOVE + 1 }, (_, i) => key(`k${i}`, 2)));
    const shown = await service().check(SITE_ID, false);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.target).toEqual({ page: 'inventory', keyIds: shown[0]?.keyIds });
    expect(onDisk().ledger).toHaveLength(SUMMARY_ABOVE + 1);
    expect(onDisk().history).toHaveLength(1);
  });

  it('checkAll sets the attention count (expired or within 7 days) and publishes it', async () => {
    const notifications = service();
    expect(await notifications.checkAll()).toBe(3);
    expect(notifier.attention.at(-1)).toBe(2);
    expect(events.at(-1)).toEqual({ type: 'notifications-changed', attention: 2 });
    expect(notifications.overview().attention).toBe(2);
  });

  it('afterConnect checks in the background, and a failing notifier does not reject anywhere', async () => {
    notifier.failShow = true;
    const notifications = service();
    notifications.afterConnect(SITE_ID);
    await vi.waitFor(() => expect(notifier.attention).toEqual([2]));
    expect(refreshSite).toHaveBeenCalledWith(SITE_ID);
    expect(onDisk().ledger).toHaveLength(3);
  });
});

describe('the timer', () => {
  it(`checks every ${DEFAULT_CHECK_HOURS} hours by default, and reschedules when the setting changes`, async () => {
    const notifications = service();
    await notifications.start();
    expect(notifier.shown).toHaveLength(3);
    expect(timer.active().map((entry) => entry.ms)).toEqual([DEFAULT_CHECK_HOURS * HOUR_MS]);

    snapshot = snapshotOf([...(snapshot?.keys ?? []), key('fresh', 1)]);
    timer.active()[0]!.task();
    await vi.waitFor(() => expect(notifier.shown.at(-1)?.keyIds).toEqual(['fresh']));
    expect(refreshSite).toHaveBeenCalledTimes(2);

    const site = notifications.overview().settings;
    notifications.updateSettings(site, { checkEveryHours: DEFAULT_CHECK_HOURS, startAtLogin: false });
    expect(timer.scheduled).toHaveLength(1);

    notifications.updateSettings(site, { checkEveryHours: 12, startAtLogin: false });
    expect(timer.scheduled.map((entry) => [entry.ms, entry.stopped])).toEqual([
      [DEFAULT_CHECK_HOURS * HOUR_MS, true],
      [12 * HOUR_MS, false],
    ]);
    expect(service().globalSettings().checkEveryHours).toBe(12);

    notifications.stop();
    expect(timer.active()).toEqual([]);
    // Stopped: a settings change schedules nothing.
    notifications.updateSettings(site, { checkEveryHours: 24, startAtLogin: false });
    expect(timer.active()).toEqual([]);
  });

  it('a saved interval is used at the next start', async () => {
    settings.set('notifications', { checkEveryHours: 24, startAtLogin: false });
    await service().start();
    expect(timer.active().map((entry) => entry.ms)).toEqual([24 * HOUR_MS]);
  });

  it('a badge that cannot be set rejects neither a timer tick nor the check after a connect', async () => {
    const notifications = service();
    await notifications.start();
    notifier.failAttention = true;
    timer.active()[0]!.task();
    await vi.waitFor(() => expect(notifier.attention).toHaveLength(2));
    notifications.afterConnect(SITE_ID);
    await vi.waitFor(() => expect(notifier.attention).toHaveLength(3));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('a timer tick with a failing notifier does not reject', async () => {
    const notifications = service();
    await notifications.start();
    notifier.failShow = true;
    snapshot = snapshotOf([key('fresh', 1)]);
    timer.active()[0]!.task();
    await vi.waitFor(() => expect(onDisk().ledger.map((e) => e.keyId)).toEqual(['fresh']));
  });
});

describe('settings, snoozes, overview and calendar', () => {
  it('updateSettings keeps the thresholds per site, without duplicates, most distant first', () => {
    const notifications = service();
    const overview = notifications.updateSettings(
      { thresholds: [7, 60, 7, 3], includeOtherUsers: true },
      { checkEveryHours: 6, startAtLogin: false },
    );
    expect(overview.settings).toEqual({ thresholds: [60, 7, 3], includeOtherUsers: true });
    expect(service().overview().settings).toEqual({ thresholds: [60, 7, 3], includeOtherUsers: true });
  });

  it('snoozes a key within a threshold until the next one; a key not within a threshold is not-found', async () => {
    const notifications = service();
    const failure = (() => {
      try {
        notifications.snooze('far');
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).code).toBe('not-found');
    expect(() => notifications.snooze('no-such-key')).toThrow(AppFailure);

    const overview = notifications.snooze('soon');
    expect(overview.upcoming.find((u) => u.keyId === 'soon')).toMatchObject({ stage: 7, snoozed: true });
    expect(overview.attention).toBe(1);
    expect(notifier.attention.at(-1)).toBe(1);
    await notifications.check(SITE_ID, false);
    expect(shownKeyIds()).toEqual(['expired', 'later']);

    now = new Date(START.getTime() + 2.5 * DAY_MS);
    expect((await notifications.check(SITE_ID, false)).map((n) => n.keyIds)).toEqual([['soon']]);
    expect(onDisk().snoozes).toEqual([]);
  });

  it("checks a large site a step per task, and a snooze made meanwhile is kept: that key is not notified", async () => {
    snapshot = snapshotOf([...Array.from({ length: 30_000 }, (_, i) => key(`bulk-${i}`, 200)), key('soon', 3)]);
    const notifications = service();
    let others = 0;
    const checking = notifications.check(SITE_ID, false);
    // Other tasks run while the check's steps do: the admin snoozes the key it is about to notify.
    await new Promise<void>((resolve) => setImmediate(resolve));
    others += 1;
    notifications.snooze('soon');
    let done = false;
    void checking.then(() => (done = true));
    while (!done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      others += 1;
    }
    expect(others).toBeGreaterThan(2);
    expect(await checking).toEqual([]);
    expect(notifier.shown).toEqual([]);
    expect(onDisk().snoozes.map((s) => s.keyId)).toEqual(['soon']);
  });

  it('unsnooze takes a snooze back: counted again, notified at the next check; a key not snoozed is not-found', async () => {
    const notifications = service();
    expect(() => notifications.unsnooze('soon')).toThrow(expect.objectContaining({ code: 'not-found' }));
    notifications.snooze('soon');
    notifications.snooze('expired');
    const overview = notifications.unsnooze('soon');
    expect(overview.upcoming.find((u) => u.keyId === 'soon')).toMatchObject({ stage: 7, snoozed: false });
    expect(overview.upcoming.find((u) => u.keyId === 'expired')).toMatchObject({ snoozed: true });
    expect(overview.attention).toBe(1);
    expect(notifier.attention.at(-1)).toBe(1);
    expect(onDisk().snoozes.map((s) => s.keyId)).toEqual(['expired']);
    await notifications.check(SITE_ID, false);
    expect(shownKeyIds()).toEqual(['later', 'soon']);
    expect(() => notifications.unsnooze('soon')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('overview lists the keys in scope due within 90 days, soonest first, with what was notified', async () => {
    snapshot = snapshotOf([
      key('soon', 3),
      key('expired', -2),
      key('ninety', 90),
      key('later', 91),
      key('other-user', 3, { ownerType: 'user', ownerId: 'grace@example.org', ownerLabel: 'Grace' }),
      key('own', 10, { ownerType: 'user', ownerId: SELF, ownerLabel: 'Ada' }),
    ]);
    const notifications = service();
    await notifications.check(SITE_ID, false);
    const { upcoming } = notifications.overview();
    expect(upcoming.map((u) => u.keyId)).toEqual(['expired', 'soon', 'own', 'ninety']);
    expect(upcoming[1]).toMatchObject({
      siteId: SITE_ID,
      siteName: 'Demo',
      label: 'Label soon',
      location: 'Room 2',
      stage: 7,
      snoozed: false,
      notifiedAt: START.toISOString(),
      target: { page: 'devices', deviceId: 'dev-1', keyId: 'soon' },
    });
    expect(upcoming[3]).toMatchObject({ stage: null, notifiedAt: null });
    expect(upcoming[2]).toMatchObject({ isOwnKey: true, target: { page: 'my-keys', keyId: 'own' } });
  });

  it("overview lists a site's soonest UPCOMING_LISTED keys, and says how many it has", () => {
    const count = UPCOMING_LISTED + 3;
    // Listed from the last due to the first, so that only a sort puts the soonest first.
    snapshot = snapshotOf(Array.from({ length: count }, (_, at) => key(`k${count - at}`, -30 + ((count - at) * 100) / count)));
    const { upcoming, upcomingTotals } = service().overview();
    expect(upcomingTotals).toEqual({ [SITE_ID]: count });
    expect(upcoming).toHaveLength(UPCOMING_LISTED);
    expect(upcoming.map((entry) => entry.keyId)).toEqual(Array.from({ length: UPCOMING_LISTED }, (_, at) => `k${at + 1}`));
  });

  it('calendar() holds the future expiries of the keys in scope only', () => {
    snapshot = snapshotOf([
      key('device', 20),
      key('far', 200),
      key('expired', -2),
      key('own', 10, { ownerType: 'user', ownerId: SELF, ownerLabel: 'Ada' }),
      key('other-user', 10, { ownerType: 'user', ownerId: 'grace@example.org', ownerLabel: 'Grace' }),
      key('disabled', 10, { ownerDisabled: true }),
      key('legacy', null, { kind: 'legacy', label: 'Legacy Key' }),
    ]);
    upgradeDate = '2026-12-20';
    const notifications = service();
    const calendar = notifications.calendar();
    expect(calendar.mimeType).toBe('text/calendar');
    expect(calendar.fileName).toBe('keywarden-key-expiries-2026-11-26.ics');
    expect(calendar.rows).toBe(3);
    expect(calendar.content.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    for (const label of ['Label device', 'Label far', 'Label own']) expect(calendar.content).toContain(label);
    for (const label of ['Label expired', 'Label other-user', 'Label disabled']) expect(calendar.content).not.toContain(label);

    notifications.updateSettings({ thresholds: [30, 14, 7, 1], includeOtherUsers: true }, notifications.globalSettings());
    expect(notifications.calendar().rows).toBe(4);
  });

  it('calendar() without a snapshot is not-found', () => {
    snapshot = null;
    expect(() => service().calendar()).toThrow(AppFailure);
  });
});

describe('the keys in scope, per snapshot', () => {
  /** The snapshot with its key list behind a getter that counts each time a rule asks for it. */
  function countingSnapshot(keys: KeyRecord[]): { snapshot: Inventory; reads: () => number } {
    let reads = 0;
    const base = snapshotOf(keys);
    const counted = { ...base } as Inventory;
    Object.defineProperty(counted, 'keys', {
      get: () => {
        reads += 1;
        return base.keys;
      },
    });
    return { snapshot: counted, reads: () => reads };
  }

  it('are worked out once per snapshot and scope: opening the page twice does not go over the keys again', () => {
    const first = countingSnapshot([key('k1', 3), key('old', 3, { kind: 'legacy', expiresAt: null })]);
    snapshot = first.snapshot;
    const notifications = service();
    const opened = notifications.overview();
    const reads = first.reads();
    expect(reads).toBeGreaterThan(0);
    expect(notifications.overview()).toEqual(opened);
    expect(first.reads()).toBe(reads);
    expect(opened.upcoming.map((entry) => entry.keyId)).toEqual(['k1']);

    // A planned upgrade day widens the scope (the legacy key counts down to it): worked out again, not served stale.
    upgradeDate = '2026-11-30';
    expect(notifications.overview().upcoming.map((entry) => entry.keyId)).toEqual(['k1', 'old']);
    expect(first.reads()).toBeGreaterThan(reads);

    // A new snapshot (a refresh, or the patch after an action) is a new object: its keys are read.
    const second = countingSnapshot([key('k2', 5)]);
    snapshot = second.snapshot;
    expect(notifications.overview().upcoming.map((entry) => entry.keyId)).toEqual(['k2']);
    expect(second.reads()).toBeGreaterThan(0);
  });
});
