/**
 * Expiry notifications (security.md F): main watches the expiries of the keys the admin looks after, on every
 * connected site, and tells the admin once per key and threshold through the Notifier port (Electron's
 * Notification on the desktop, the page's Notification API in the web host). What to show is decided by the pure
 * rule in shared/expiry-notifications.ts; this service keeps the ledger (one atomic file per site, no secret),
 * runs the checks (at start, after a connect, every few hours) and answers the Notifications page.
 *
 * The ledger goes to disk through the snapshot saver, off the main thread: at ten times the largest site it is a
 * few MB, and a synchronous write with fsync held main for 20-30 ms after each check (longer on a slow disk). What
 * needs it on disk waits for it: a check shows its notifications only once the ledger that records them is written,
 * and the admin's changes (settings, a snooze) are answered once written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MainEvent } from '../../shared/events.js';
import { calendarKeys, expiryCalendar } from '../../shared/calendar-ics.js';
import {
  attentionCount,
  checkExpiries,
  checkExpiriesSteps,
  DEFAULT_NOTIFY_SETTINGS,
  keyNotification,
  lastNotifiedIndex,
  ledgerEntry,
  notifySettings,
  snooze,
  snoozeIndex,
  stageOf,
  presentKeyIdsSteps,
  targetOf,
  watchedKeysSteps,
  type CheckInput,
  type KeyNotification,
  type NotifySettings,
  type WatchedKey,
  type WatchScope,
} from '../../shared/expiry-notifications.js';
import { finishSteps } from '../../shared/steps.js';
import type { Inventory } from '../../shared/inventory.js';
import { StepRun } from './step-run.js';
import {
  DEFAULT_GLOBAL_NOTIFY_SETTINGS,
  globalNotifySettings,
  notificationRecord,
  type GlobalNotifySettings,
  type NotificationsOverview,
  type UpcomingExpiry,
  UPCOMING_LISTED,
} from '../../shared/notifications-view.js';
import { DAY_MS } from '../../shared/time.js';
import type { Clock, KeyValueStore } from '../ports.js';
import { keepAside } from './atomic-file.js';
import { AppFailure } from './site-error.js';
import type { SiteProfile } from './site-profiles.js';
import type { SnapshotSink } from './snapshot-saver.js';

/** Shows a notification on the desktop; the host decides how (and what a click does). */
export interface Notifier {
  show(notification: KeyNotification): void;
  /** The number of keys needing attention, for the app's badge and tray (nothing where a host has neither). */
  setAttention(count: number): void;
  /** Desktop only: registers or removes the app as a login item, started minimised to the tray. */
  applyStartAtLogin?(enabled: boolean): void;
}

/** Runs a task every `ms` (setInterval in the hosts, a fake in tests); answers a stop function. */
export interface Timer {
  every(ms: number, task: () => void): () => void;
}

export const systemTimer: Timer = {
  every(ms, task) {
    const handle = setInterval(task, ms);
    handle.unref?.();
    return () => clearInterval(handle);
  },
};

export interface NotificationsDeps {
  readonly dir: string;
  readonly clock: Clock;
  readonly settings: KeyValueStore;
  readonly notifier: Notifier;
  readonly publish: (event: MainEvent) => void;
  readonly timer: Timer;
  readonly sites: () => readonly SiteProfile[];
  readonly activeSite: () => SiteProfile;
  readonly snapshot: (siteId: string) => Inventory | null;
  /** Fetches a site's inventory again; answers whether the site answered (false: checked on the last snapshot). */
  readonly refreshSite: (siteId: string) => Promise<boolean>;
  readonly upgradeDate: (siteId: string) => string | null;
  /** Takes each site's ledger to disk, off the main thread (snapshot-saver.ts). */
  readonly saver: SnapshotSink;
}

const HISTORY_LIMIT = 500;
const UPCOMING_DAYS = 90;
const GLOBAL_KEY = 'notifications';

const siteState = z.object({
  settings: notifySettings,
  ledger: z.array(ledgerEntry),
  snoozes: z.array(snooze),
  history: z.array(notificationRecord),
  lastCheck: z.object({ at: z.string(), offline: z.boolean() }).nullable(),
});
type SiteState = z.infer<typeof siteState>;

function emptyState(): SiteState {
  return {
    settings: { ...DEFAULT_NOTIFY_SETTINGS, thresholds: [...DEFAULT_NOTIFY_SETTINGS.thresholds] },
    ledger: [],
    snoozes: [],
    history: [],
    lastCheck: null,
  };
}

export class NotificationsService {
  private readonly states = new Map<string, SiteState>();
  private readonly running = new Map<string, Promise<KeyNotification[]>>();
  private readonly sweeps = new Set<Promise<number>>();
  /**
   * The keys in scope per snapshot: the overview, the badge and each check ask for them again while the snapshot
   * stays the same object. Keyed weakly by the snapshot, so a replaced snapshot takes its entry with it.
   */
  private readonly watchedMemo = new WeakMap<Inventory, { scope: string; keys: WatchedKey[] }>();
  private stopTimer: (() => void) | null = null;
  readonly problems: string[] = [];

  constructor(private readonly deps: NotificationsDeps) {}

  /** At start: check every site now, then every few hours. */
  async start(): Promise<void> {
    // The system's login item follows the saved setting (also re-registering the app's current path after an update).
    this.deps.notifier.applyStartAtLogin?.(this.globalSettings().startAtLogin);
    this.schedule();
    await this.checkAll();
  }

  /** Resolves once no check is running (tests and hosts that must not race a background check). */
  async settled(): Promise<void> {
    while (this.running.size > 0 || this.sweeps.size > 0) {
      await Promise.allSettled([...this.running.values(), ...this.sweeps]);
    }
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /** Every connected site: fetch it again where it answers, else check its last snapshot and say so. */
  checkAll(): Promise<number> {
    const sweep = (async () => {
      let shown = 0;
      for (const site of this.deps.sites()) {
        shown += (await this.check(site.id, true)).length;
      }
      this.updateAttention();
      return shown;
    })();
    this.sweeps.add(sweep);
    void sweep.finally(() => this.sweeps.delete(sweep)).catch(() => undefined);
    return sweep;
  }

  /** Checks one site (fetching it first when asked); never throws: a failed check waits for the next one. */
  check(siteId: string, refresh: boolean): Promise<KeyNotification[]> {
    const running = this.running.get(siteId);
    if (running) return running;
    // Checks run in the background (timer, after a connect): a failure (a disk that refuses the ledger) must not
    // become an unhandled rejection, which ends the web host's process.
    const task = this.checkNow(siteId, refresh)
      .catch((): KeyNotification[] => [])
      .finally(() => this.running.delete(siteId));
    this.running.set(siteId, task);
    return task;
  }

  /** After a connect: fetch the site at once and check it, without holding up the connect answer. */
  afterConnect(siteId: string): void {
    void this.check(siteId, true)
      .then(() => this.updateAttention())
      .catch(() => undefined);
  }

  overview(): NotificationsOverview {
    const site = this.deps.activeSite();
    const state = this.stateOf(site.id);
    const now = this.deps.clock.now();
    const upcoming: UpcomingExpiry[] = [];
    let attention = 0;
    for (const profile of this.deps.sites()) {
      const snapshot = this.deps.snapshot(profile.id);
      if (!snapshot) continue;
      const siteState = this.stateOf(profile.id);
      const keys = this.watched(profile, snapshot, siteState.settings);
      attention += attentionCount(keys, siteState.snoozes, siteState.settings.thresholds, now);
      const snoozed = snoozeIndex(siteState.snoozes);
      const lastNotified = lastNotifiedIndex(siteState.ledger);
      for (const key of keys) {
        const left = Date.parse(key.due) - now.getTime();
        if (left > UPCOMING_DAYS * DAY_MS) continue;
        const stage = stageOf(key.due, siteState.settings.thresholds, now);
        upcoming.push({
          siteId: profile.id,
          siteName: profile.name,
          keyId: key.keyId,
          label: key.label,
          ownerType: key.ownerType,
          ownerId: key.ownerId,
          ownerLabel: key.ownerLabel,
          location: key.location,
          legacy: key.legacy,
          isOwnKey: key.isOwnKey,
          due: key.due,
          stage,
          snoozed: stage !== null && snoozed(key, stage),
          notifiedAt: lastNotified(key),
          target: targetOf(key),
        });
      }
    }
    upcoming.sort((a, b) => a.due.localeCompare(b.due) || a.siteName.localeCompare(b.siteName));
    // Each site's soonest UPCOMING_LISTED, and how many it has.
    const totals = new Map<string, number>();
    const listed = upcoming.filter((entry) => {
      const before = totals.get(entry.siteId) ?? 0;
      totals.set(entry.siteId, before + 1);
      return before < UPCOMING_LISTED;
    });
    return {
      siteId: site.id,
      settings: state.settings,
      global: this.globalSettings(),
      lastCheck: state.lastCheck,
      attention,
      upcoming: listed,
      upcomingTotals: Object.fromEntries(totals),
      history: state.history,
    };
  }

  updateSettings(settings: NotifySettings, global: GlobalNotifySettings): NotificationsOverview {
    const site = this.deps.activeSite();
    const thresholds = [...new Set(settings.thresholds)].sort((a, b) => b - a);
    this.save(site.id, { ...this.stateOf(site.id), settings: { ...settings, thresholds } });
    const before = this.globalSettings();
    this.deps.settings.set(GLOBAL_KEY, global);
    this.deps.notifier.applyStartAtLogin?.(global.startAtLogin);
    if (before.checkEveryHours !== global.checkEveryHours && this.stopTimer) this.schedule();
    this.updateAttention();
    return this.overview();
  }

  globalSettings(): GlobalNotifySettings {
    const parsed = globalNotifySettings.safeParse(this.deps.settings.get(GLOBAL_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_GLOBAL_NOTIFY_SETTINGS };
  }

  /** Silences a key of the active site until its next threshold. */
  snooze(keyId: string): NotificationsOverview {
    const site = this.deps.activeSite();
    const snapshot = this.deps.snapshot(site.id);
    const state = this.stateOf(site.id);
    const key = snapshot ? this.watched(site, snapshot, state.settings).find((k) => k.keyId === keyId) : undefined;
    const stage = key ? stageOf(key.due, state.settings.thresholds, this.deps.clock.now()) : null;
    if (!key || stage === null) {
      throw new AppFailure('not-found', 'This key has no expiry notification to snooze now (it is not within a threshold).');
    }
    const snoozes = [...state.snoozes.filter((s) => s.keyId !== keyId), { keyId, due: key.due, stage }];
    this.save(site.id, { ...state, snoozes });
    this.updateAttention();
    return this.overview();
  }

  /**
   * Takes a snooze of a key of the active site back. A snooze lasts until the key's next threshold, and an expired
   * key has none: without this, a snooze clicked by mistake would keep an expired key out of the badge until it is
   * rotated.
   */
  unsnooze(keyId: string): NotificationsOverview {
    const site = this.deps.activeSite();
    const state = this.stateOf(site.id);
    const snoozes = state.snoozes.filter((s) => s.keyId !== keyId);
    if (snoozes.length === state.snoozes.length) throw new AppFailure('not-found', 'This key is not snoozed.');
    this.save(site.id, { ...state, snoozes });
    this.updateAttention();
    return this.overview();
  }

  /** The active site's expiries of the keys in scope as an iCalendar file, one event per key, an alarm a week before. */
  calendar(): { fileName: string; mimeType: string; content: string; rows: number } {
    const site = this.deps.activeSite();
    const snapshot = this.deps.snapshot(site.id);
    if (!snapshot) throw new AppFailure('not-found', 'There is no inventory to export yet. Refresh first.');
    const now = this.deps.clock.now();
    const inScope = new Set(this.watched(site, snapshot, this.stateOf(site.id).settings).map((key) => key.keyId));
    const keys = calendarKeys(snapshot, now, (key) => inScope.has(key.id));
    const content = expiryCalendar({ siteName: site.name, origin: site.origin, keys, now });
    return {
      fileName: `keywarden-key-expiries-${now.toISOString().slice(0, 10)}.ics`,
      mimeType: 'text/calendar',
      content,
      rows: keys.length,
    };
  }

  /**
   * Resolves once the site's ledger, as the last change left it, is on disk; fails, saying so, where it could not
   * be written (it stays in memory and is tried again).
   */
  async persisted(siteId: string = this.deps.activeSite().id): Promise<void> {
    if (await this.deps.saver.saved(this.fileOf(siteId))) return;
    throw new AppFailure(
      'internal',
      'Keywarden could not save the notification settings and ledger to its data folder; it will try again. Check that the disk is not full.',
    );
  }

  /** Forgetting a site forgets its ledger too; no write under way brings the file back. */
  async forget(siteId: string): Promise<void> {
    this.states.delete(siteId);
    const file = this.fileOf(siteId);
    await this.deps.saver.discard(file);
    fs.rmSync(file, { force: true });
    this.updateAttention();
  }

  private async checkNow(siteId: string, refresh: boolean): Promise<KeyNotification[]> {
    const profile = this.deps.sites().find((site) => site.id === siteId);
    if (!profile) return [];
    let online = true;
    if (refresh) {
      try {
        online = await this.deps.refreshSite(siteId);
      } catch {
        online = false;
      }
    }
    // The site may have been forgotten while it was fetched: write no ledger back for it.
    if (!this.deps.sites().some((site) => site.id === siteId)) return [];
    const snapshot = this.deps.snapshot(siteId);
    if (!snapshot) return [];
    const now = this.deps.clock.now();
    const inputOf = (state: SiteState, keys: WatchedKey[], presentKeyIds: ReadonlySet<string>): CheckInput => ({
      siteId,
      siteName: profile.name,
      keys,
      thresholds: state.settings.thresholds,
      ledger: state.ledger,
      snoozes: state.snoozes,
      now,
      offline: !online,
      presentKeyIds,
    });
    const ledgerIds = (state: SiteState) => new Set(state.ledger.map((entry) => entry.keyId));
    // The rules pass over every key of the site (at 10x the scale site 0.25-0.4 s in all): a step per task here.
    let state = this.stateOf(siteId);
    const keys = await new StepRun(this.watchedSteps(profile, snapshot, state.settings)).inTasks();
    const present = await new StepRun(presentKeyIdsSteps(snapshot.keys, ledgerIds(state))).inTasks();
    let outcome = await new StepRun(checkExpiriesSteps(inputOf(state, keys, present))).inTasks();
    // Forgotten during those steps: no ledger is written back.
    if (!this.deps.sites().some((site) => site.id === siteId)) return [];
    if (this.stateOf(siteId) !== state) {
      // The admin changed something meanwhile (a snooze, the settings): checked again on that, at once, so that
      // the ledger written keeps the change.
      state = this.stateOf(siteId);
      const watched = this.watched(profile, snapshot, state.settings);
      outcome = checkExpiries(inputOf(state, watched, finishSteps(presentKeyIdsSteps(snapshot.keys, ledgerIds(state)))));
    }
    const history = [
      ...outcome.notifications.map((n) => ({
        id: n.id,
        title: n.title,
        body: n.body,
        notifiedAt: now.toISOString(),
        keyIds: n.keyIds,
        offline: !online,
      })),
      ...state.history,
    ].slice(0, HISTORY_LIMIT);
    // The ledger is written before anything is shown: a crash between the two loses a notification, never repeats one.
    const checked: SiteState = {
      ...state,
      ledger: outcome.ledger,
      snoozes: outcome.snoozes,
      history,
      lastCheck: { at: now.toISOString(), offline: !online },
    };
    this.save(siteId, checked);
    try {
      await this.persisted(siteId);
    } catch (error) {
      // Not written, so nothing is shown; nor is anything recorded as shown: the next check notifies these keys.
      // (Unless a change of the admin's came meanwhile: it keeps its state.)
      if (this.states.get(siteId) === checked) this.save(siteId, state);
      throw error;
    }
    // The site may have been forgotten while its ledger was written: show nothing of it.
    if (!this.deps.sites().some((site) => site.id === siteId)) return [];
    for (const notification of outcome.notifications) {
      try {
        this.deps.notifier.show(keyNotification.parse(notification));
      } catch {
        // Already in the ledger: one the desktop refused is lost (never repeated) and keeps none of the others back.
      }
    }
    return outcome.notifications;
  }

  /** The keys in scope of a snapshot (shared/expiry-notifications.ts), at once. */
  private watched(site: SiteProfile, snapshot: Inventory, settings: NotifySettings): WatchedKey[] {
    return finishSteps(this.watchedSteps(site, snapshot, settings));
  }

  /** The same in steps; kept per snapshot and scope, so the badge and the page after a check make them no more. */
  private *watchedSteps(site: SiteProfile, snapshot: Inventory, settings: NotifySettings): Generator<void, WatchedKey[]> {
    const scope: WatchScope = {
      selfUserId: site.userId,
      includeOtherUsers: settings.includeOtherUsers,
      upgradeDate: this.deps.upgradeDate(site.id),
    };
    const scopeKey = JSON.stringify(scope);
    const memo = this.watchedMemo.get(snapshot);
    if (memo?.scope === scopeKey) return memo.keys;
    const keys = yield* watchedKeysSteps(snapshot, scope);
    this.watchedMemo.set(snapshot, { scope: scopeKey, keys });
    return keys;
  }

  private updateAttention(): void {
    const now = this.deps.clock.now();
    let attention = 0;
    for (const profile of this.deps.sites()) {
      const snapshot = this.deps.snapshot(profile.id);
      if (!snapshot) continue;
      const state = this.stateOf(profile.id);
      attention += attentionCount(this.watched(profile, snapshot, state.settings), state.snoozes, state.settings.thresholds, now);
    }
    this.deps.notifier.setAttention(attention);
    this.deps.publish({ type: 'notifications-changed', attention });
  }

  private schedule(): void {
    this.stopTimer?.();
    this.stopTimer = this.deps.timer.every(this.globalSettings().checkEveryHours * 60 * 60 * 1000, () => {
      this.checkAll().catch(() => undefined);
    });
  }

  private stateOf(siteId: string): SiteState {
    const cached = this.states.get(siteId);
    if (cached) return cached;
    const state = this.read(siteId);
    this.states.set(siteId, state);
    return state;
  }

  private read(siteId: string): SiteState {
    const file = this.fileOf(siteId);
    if (!fs.existsSync(file)) return emptyState();
    try {
      const parsed = siteState.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Unreadable JSON: handled below like a wrong shape.
    }
    const aside = keepAside(file, this.deps.clock.now());
    this.problems.push(
      `The notification ledger of a site was damaged and kept as ${path.basename(aside)}; notifications already shown may be shown once more.`,
    );
    return emptyState();
  }

  /** Keeps the state and hands it to the saver; persisted() waits for the disk. */
  private save(siteId: string, state: SiteState): void {
    this.states.set(siteId, state);
    this.deps.saver.store(this.fileOf(siteId), state);
  }

  private fileOf(siteId: string): string {
    return path.join(this.deps.dir, `${siteId}.json`);
  }
}
