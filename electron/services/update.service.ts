/**
 * Updates (issue 11): off unless an update feed is configured, which is the default, since many hospitals control
 * what is installed on their workstations. With a feed, the app checks at start and every few hours, and asks the
 * admin twice: before downloading a new version, and again before installing it (which restarts the app). Nothing is
 * downloaded or installed without a yes; a version the admin declined is not asked about again in this session,
 * unless the admin checks by hand (Help > Check for updates). Every outcome is logged.
 *
 * The feed comes from the settings store (`updates: { feedUrl, checkEveryHours }` in settings.json), written by the
 * site's IT with the app closed, like any managed setting; https only, and no credentials in it (the URL is logged).
 */
import { z } from 'zod';
import type { KeyValueStore, Logger } from '../ports.js';
import type { Timer } from './notifications.service.js';

export const UPDATES_KEY = 'updates';
const HOUR_MS = 60 * 60 * 1000;

export const updateSettings = z.strictObject({
  feedUrl: z
    .url({ protocol: /^https$/ })
    .refine((url) => URL.canParse(url) && new URL(url).username === '' && new URL(url).password === '', {
      message: 'no credentials in the feed URL',
    }),
  checkEveryHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(6),
});
export type UpdateSettings = z.infer<typeof updateSettings>;

/** The configured feed, or null: no feed, or one that is not valid (then the app says so in its log). */
export function readUpdateSettings(store: Pick<KeyValueStore, 'get'>): UpdateSettings | null | 'invalid' {
  const raw = store.get(UPDATES_KEY);
  if (raw === undefined || raw === null) return null;
  const parsed = updateSettings.safeParse(raw);
  return parsed.success ? parsed.data : 'invalid';
}

/** electron-updater behind a port (adapters/electron-updater.ts). */
export interface Updater {
  /** Points the updater at the feed (generic provider); before the first check. */
  useFeed(url: string): void;
  /** The newer version the feed offers, or null when this one is current. Rejects when the feed cannot be read. */
  check(): Promise<string | null>;
  download(): Promise<void>;
  /** Quits the app and installs the downloaded version. */
  install(): void;
}

export type UpdateQuestion =
  | { readonly kind: 'download'; readonly version: string; readonly current: string }
  | { readonly kind: 'install'; readonly version: string; readonly current: string };

/** Asks the admin outside the renderer (a native dialog); true only for an explicit yes. */
export interface UpdateAsker {
  ask(question: UpdateQuestion): Promise<boolean>;
}

export type UpdateOutcome = 'off' | 'invalid-feed' | 'current' | 'declined' | 'failed' | 'downloaded' | 'installing' | 'busy';

export interface UpdateDeps {
  readonly settings: Pick<KeyValueStore, 'get'>;
  /** Loads the updater: only once a feed is configured, so an app without one never loads electron-updater. */
  readonly loadUpdater: () => Promise<Updater>;
  readonly asker: UpdateAsker;
  readonly timer: Timer;
  readonly logger: Logger;
  readonly currentVersion: string;
}

export class UpdateService {
  private stopTimer: (() => void) | null = null;
  private feed: UpdateSettings | null = null;
  private updater: Updater | null = null;
  private busy = false;
  private readonly declined = new Set<string>();

  constructor(private readonly deps: UpdateDeps) {}

  /** Whether a valid feed is configured. */
  enabled(): boolean {
    const settings = readUpdateSettings(this.deps.settings);
    return settings !== null && settings !== 'invalid';
  }

  /** At start: with a feed, check now and every `checkEveryHours`; without one, nothing at all. */
  async start(): Promise<UpdateOutcome> {
    const settings = readUpdateSettings(this.deps.settings);
    if (settings === null) {
      this.deps.logger.info('updates.off');
      return 'off';
    }
    if (settings === 'invalid') {
      this.deps.logger.warn('updates.invalid-feed');
      return 'invalid-feed';
    }
    try {
      this.updater = await this.deps.loadUpdater();
    } catch {
      this.deps.logger.warn('updates.unavailable');
      return 'failed';
    }
    this.feed = settings;
    this.updater.useFeed(settings.feedUrl);
    this.deps.logger.info('updates.on', { feed: settings.feedUrl, everyHours: settings.checkEveryHours });
    this.stopTimer = this.deps.timer.every(settings.checkEveryHours * HOUR_MS, () => void this.check());
    return this.check();
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /** One check; `manual` (the admin asked) asks again about a version declined earlier. Never throws. */
  async check(options: { manual?: boolean } = {}): Promise<UpdateOutcome> {
    if (!this.feed || !this.updater) return 'off';
    if (this.busy) return 'busy';
    this.busy = true;
    try {
      return await this.run(this.updater, options.manual === true);
    } finally {
      this.busy = false;
    }
  }

  private async run(updater: Updater, manual: boolean): Promise<UpdateOutcome> {
    const { asker, logger, currentVersion: current } = this.deps;
    let version: string | null;
    try {
      version = await updater.check();
    } catch {
      logger.warn('updates.check-failed');
      return 'failed';
    }
    if (version === null) {
      logger.info('updates.current', { version: current });
      return 'current';
    }
    if (this.declined.has(version) && !manual) return 'declined';
    if (!(await asker.ask({ kind: 'download', version, current }))) {
      this.declined.add(version);
      logger.info('updates.download-declined', { version });
      return 'declined';
    }
    try {
      await updater.download();
    } catch {
      logger.warn('updates.download-failed', { version });
      return 'failed';
    }
    logger.info('updates.downloaded', { version });
    if (!(await asker.ask({ kind: 'install', version, current }))) {
      // Not installed on quit either (autoInstallOnAppQuit is off): the next check asks again.
      this.declined.add(version);
      logger.info('updates.install-declined', { version });
      return 'downloaded';
    }
    logger.info('updates.installing', { version });
    updater.install();
    return 'installing';
  }
}
