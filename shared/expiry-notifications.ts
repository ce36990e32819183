/**
 * Which expiry notifications to show, as a pure function of (keys, thresholds, ledger, snoozes, now).
 *
 * - Thresholds: 30, 14, 7 and 1 days before a key expires, and when it has expired (GitLab warns at 60/30/7;
 *   Flywheel only at sign-in, at 7 days). A key is at the most urgent threshold its expiry is within; it is
 *   notified once per key, expiry and threshold. A key first seen already past several thresholds is notified
 *   once, at the most urgent one, and the others count as covered.
 * - The ledger remembers (key, expiry, threshold). An extended expiry is a new (key, expiry) pair, so its
 *   thresholds start afresh; entries of keys gone from the site (rotated, revoked) are dropped.
 * - A snooze silences a key until its next threshold.
 * - Legacy keys have no expiry, but stop working at the 19.0 upgrade: with a planned upgrade day, the same
 *   thresholds count down to that day.
 * - No storm: above SUMMARY_ABOVE new notifications for one site in one check, one summary stands for them.
 */
import { z } from 'zod';
import { countText, groupedNumber } from './count-text.js';
import type { Inventory, KeyRecord } from './inventory.js';
import { finishSteps } from './steps.js';
import { DAY_MS } from './time.js';

export const DEFAULT_NOTIFY_DAYS = [30, 14, 7, 1] as const;
/** The stage of a key whose expiry has passed. */
export const EXPIRED = 0;
export const SUMMARY_ABOVE = 5;
export const DEFAULT_CHECK_HOURS = 6;
/** The badge counts keys expired or within this many days of expiry (Flywheel's sign-in rule). */
export const ATTENTION_DAYS = 7;

export const notifySettings = z.strictObject({
  /** Days before expiry to notify at (expiry itself is always notified). */
  thresholds: z.array(z.number().int().min(1).max(365)).min(1).max(8),
  /** Other users' keys too (the admin cannot renew them, but may warn the owner). */
  includeOtherUsers: z.boolean(),
});
export type NotifySettings = z.infer<typeof notifySettings>;

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = { thresholds: [...DEFAULT_NOTIFY_DAYS], includeOtherUsers: false };

const iso = z.string().max(64);

export const ledgerEntry = z.object({
  keyId: z.string(),
  /** The expiry (or planned upgrade day, for a legacy key) the notification was about. */
  due: iso,
  /** Days before `due`, or 0 once passed. */
  stage: z.number().int().min(0),
  notifiedAt: iso,
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;

export const snooze = z.object({ keyId: z.string(), due: iso, stage: z.number().int().min(0) });
export type Snooze = z.infer<typeof snooze>;

/** Where clicking a notification leads: the key's owner with the key highlighted, or the inventory filtered. */
export const notificationTarget = z.discriminatedUnion('page', [
  z.object({ page: z.literal('devices'), deviceId: z.string(), keyId: z.string() }),
  z.object({ page: z.literal('my-keys'), keyId: z.string() }),
  z.object({ page: z.literal('users'), userId: z.string(), keyId: z.string() }),
  z.object({ page: z.literal('legacy'), keyId: z.string() }),
  z.object({ page: z.literal('inventory'), keyIds: z.array(z.string()) }),
]);
export type NotificationTarget = z.infer<typeof notificationTarget>;

export const keyNotification = z.object({
  /** Unique per (site, key, due, stage), or per summary. */
  id: z.string(),
  siteId: z.string(),
  title: z.string(),
  body: z.string(),
  target: notificationTarget,
  /** The keys it stands for (one, or many for a summary). */
  keyIds: z.array(z.string()),
});
export type KeyNotification = z.infer<typeof keyNotification>;

/** A key the admin is told about, with what the notification needs. */
export interface WatchedKey {
  readonly keyId: string;
  readonly label: string;
  readonly ownerType: 'device' | 'user';
  readonly ownerId: string;
  readonly ownerLabel: string;
  /** The device's location note, where the admin wrote one. */
  readonly location: string | null;
  readonly isOwnKey: boolean;
  readonly legacy: boolean;
  /** The expiry, or for a legacy key the planned upgrade day. */
  readonly due: string;
}

export interface WatchScope {
  readonly selfUserId: string;
  readonly includeOtherUsers: boolean;
  /** The planned 19.0 upgrade day (YYYY-MM-DD), or null. */
  readonly upgradeDate: string | null;
}

/**
 * The keys in scope: every device key and the admin's own keys, other users' keys when asked for; keys of
 * disabled owners are left out (nothing uses them). Legacy keys count only with a planned upgrade day.
 */
export function watchedKeys(inventory: Inventory, scope: WatchScope): WatchedKey[] {
  return finishSteps(watchedKeysSteps(inventory, scope));
}

/** How many keys a check's rules look at between two pauses. */
export const CHECK_KEYS_PER_STEP = 25_000;

/**
 * watchedKeys in steps, pausing every `perStep` keys of the site: at 10x the scale site the whole pass took
 * 75-90 ms of one task in every check.
 */
export function* watchedKeysSteps(
  inventory: Inventory,
  scope: WatchScope,
  perStep = CHECK_KEYS_PER_STEP,
): Generator<void, WatchedKey[]> {
  const locations = new Map(inventory.devices.map((device) => [device.id, device.notes.location.trim() || null]));
  const watched: WatchedKey[] = [];
  let looked = 0;
  for (const key of inventory.keys) {
    if (++looked % perStep === 0) yield;
    if (key.ownerDisabled) continue;
    const isOwnKey = key.ownerType === 'user' && key.ownerId === scope.selfUserId;
    if (key.ownerType === 'user' && !isOwnKey && !scope.includeOtherUsers) continue;
    const due = dueOf(key, scope.upgradeDate);
    if (due === null) continue;
    watched.push({
      keyId: key.id,
      label: key.label,
      ownerType: key.ownerType,
      ownerId: key.ownerId,
      ownerLabel: key.ownerLabel,
      location: key.ownerType === 'device' ? (locations.get(key.ownerId) ?? null) : null,
      isOwnKey,
      legacy: key.kind === 'legacy',
      due,
    });
  }
  return watched;
}

function dueOf(key: KeyRecord, upgradeDate: string | null): string | null {
  if (key.kind === 'legacy') return upgradeDate === null ? null : `${upgradeDate}T00:00:00.000Z`;
  if (key.expiresAt === null) return null;
  const expires = Date.parse(key.expiresAt);
  return Number.isNaN(expires) ? null : new Date(expires).toISOString();
}

/** The most urgent threshold a due time is within now: 0 once passed, else the smallest threshold in reach; null when none. */
export function stageOf(due: string, thresholds: readonly number[], now: Date): number | null {
  const left = Date.parse(due) - now.getTime();
  if (left <= 0) return EXPIRED;
  let stage: number | null = null;
  for (const days of thresholds) {
    if (left <= days * DAY_MS && (stage === null || days < stage)) stage = days;
  }
  return stage;
}

/** A (key, due time) pair as one map key: ledger entries and snoozes are looked up by it, not searched for. */
function pairKey(keyId: string, due: string): string {
  return `${keyId}\u0000${due}`;
}

/**
 * The most urgent stage notified per (key, due time): a key's current stage is covered when notified at it or at
 * a more urgent one. Built once per check, so the check stays linear in keys plus ledger entries.
 */
function mostUrgentNotified(ledger: readonly LedgerEntry[]): Map<string, number> {
  const urgent = new Map<string, number>();
  for (const entry of ledger) {
    const pair = pairKey(entry.keyId, entry.due);
    const known = urgent.get(pair);
    if (known === undefined || entry.stage < known) urgent.set(pair, entry.stage);
  }
  return urgent;
}

export function isSnoozed(snoozes: readonly Snooze[], key: Pick<WatchedKey, 'keyId' | 'due'>, stage: number): boolean {
  return snoozes.some((s) => s.keyId === key.keyId && s.due === key.due && s.stage === stage);
}

/** The snoozes indexed once, answering `isSnoozed` per key without a scan of every snooze. */
export function snoozeIndex(snoozes: readonly Snooze[]): (key: Pick<WatchedKey, 'keyId' | 'due'>, stage: number) => boolean {
  const stages = new Map<string, Set<number>>();
  for (const s of snoozes) {
    const pair = pairKey(s.keyId, s.due);
    const set = stages.get(pair);
    if (set) set.add(s.stage);
    else stages.set(pair, new Set([s.stage]));
  }
  return (key, stage) => stages.get(pairKey(key.keyId, key.due))?.has(stage) ?? false;
}

/** The latest notification time per (key, due time), for the Notifications page. */
export function lastNotifiedIndex(ledger: readonly LedgerEntry[]): (key: Pick<WatchedKey, 'keyId' | 'due'>) => string | null {
  const latest = new Map<string, string>();
  for (const entry of ledger) {
    const pair = pairKey(entry.keyId, entry.due);
    const known = latest.get(pair);
    if (known === undefined || entry.notifiedAt > known) latest.set(pair, entry.notifiedAt);
  }
  return (key) => latest.get(pairKey(key.keyId, key.due)) ?? null;
}

export interface CheckInput {
  readonly siteId: string;
  readonly siteName: string;
  readonly keys: readonly WatchedKey[];
  readonly thresholds: readonly number[];
  readonly ledger: readonly LedgerEntry[];
  readonly snoozes: readonly Snooze[];
  readonly now: Date;
  /** The site could not be reached: the check ran on its last snapshot. */
  readonly offline: boolean;
  /**
   * Keys of the site now (any of them, not only those in scope; at least those of the ledger, presentKeyIdsSteps):
   * ledger entries of other keys are dropped.
   */
  readonly presentKeyIds: ReadonlySet<string>;
}

export interface CheckOutcome {
  readonly notifications: KeyNotification[];
  /** The ledger to keep: old entries of keys still there with the same due time, plus the new ones. */
  readonly ledger: LedgerEntry[];
  /** Snoozes still meaningful (the key is still at that stage). */
  readonly snoozes: Snooze[];
}

function dayText(iso: string): string {
  return iso.slice(0, 10);
}

function ownerText(key: WatchedKey): string {
  if (key.isOwnKey) return 'your own account';
  return key.location ? `${key.ownerLabel} (${key.location})` : key.ownerLabel;
}

export function targetOf(key: Pick<WatchedKey, 'keyId' | 'ownerType' | 'ownerId' | 'isOwnKey' | 'legacy'>): NotificationTarget {
  if (key.legacy) return { page: 'legacy', keyId: key.keyId };
  if (key.ownerType === 'device') return { page: 'devices', deviceId: key.ownerId, keyId: key.keyId };
  if (key.isOwnKey) return { page: 'my-keys', keyId: key.keyId };
  return { page: 'users', userId: key.ownerId, keyId: key.keyId };
}

export function notificationOf(
  siteId: string,
  siteName: string,
  key: WatchedKey,
  stage: number,
  offline: boolean,
  now?: Date,
): KeyNotification {
  const when = dayText(key.due);
  // The title says how far off the date really is: a key first seen 2 days before expiry is at the 7-day
  // threshold, but "expires in 7 days" would be wrong.
  const days = now ? Math.max(1, Math.ceil((Date.parse(key.due) - now.getTime()) / DAY_MS)) : stage;
  const stale = offline ? ' (from the last data: the site did not answer)' : '';
  const title = key.legacy
    ? stage === EXPIRED
      ? 'Legacy key rejected from today'
      : `Legacy key: 19.0 upgrade in ${countText(days, 'day')}`
    : stage === EXPIRED
      ? 'Key expired'
      : `Key expires in ${countText(days, 'day')}`;
  const body = key.legacy
    ? `"${key.label}" of ${ownerText(key)} on ${siteName} is a legacy key; the planned 19.0 upgrade on ${when} rejects it${stale}. Replace it before then.`
    : stage === EXPIRED
      ? `"${key.label}" of ${ownerText(key)} on ${siteName} expired on ${when}${stale}. Rotate it to restore access.`
      : `"${key.label}" of ${ownerText(key)} on ${siteName} expires on ${when}${stale}. Rotate it before then.`;
  return {
    id: `${siteId}:${key.keyId}:${key.due}:${stage}`,
    siteId,
    title,
    body,
    target: targetOf(key),
    keyIds: [key.keyId],
  };
}

/** One check of one site: the notifications to show now, and the ledger and snoozes to keep. */
export function checkExpiries(input: CheckInput): CheckOutcome {
  return finishSteps(checkExpiriesSteps(input));
}

/**
 * Of `wanted` (the ledger's keys), those the site still has, pausing every `perStep` keys of the site: a set of
 * every key id of a site of 250,000 keys took 110-160 ms of one task.
 */
export function* presentKeyIdsSteps(
  keys: readonly KeyRecord[],
  wanted: ReadonlySet<string>,
  perStep = CHECK_KEYS_PER_STEP,
): Generator<void, Set<string>> {
  const present = new Set<string>();
  for (let i = 0; i < keys.length && present.size < wanted.size; i += 1) {
    const id = keys[i]!.id;
    if (wanted.has(id)) present.add(id);
    if ((i + 1) % perStep === 0) yield;
  }
  return present;
}

/** checkExpiries in steps, pausing every `perStep` watched keys (50-140 ms of one task for 40,000 at 10x). */
export function* checkExpiriesSteps(input: CheckInput, perStep = CHECK_KEYS_PER_STEP): Generator<void, CheckOutcome> {
  const { keys, thresholds, now } = input;
  const dueOfKey = new Map<string, string>();
  for (let k = 0; k < keys.length; k += 1) {
    dueOfKey.set(keys[k]!.keyId, keys[k]!.due);
    if ((k + 1) % perStep === 0) yield;
  }
  // Keys gone from the site (rotated, revoked) leave the ledger; an extended expiry leaves its old entries behind.
  const ledger = input.ledger.filter(
    (entry) => input.presentKeyIds.has(entry.keyId) && (dueOfKey.get(entry.keyId) ?? entry.due) === entry.due,
  );
  const due: { key: WatchedKey; stage: number }[] = [];
  const snoozes: Snooze[] = [];
  const snoozed = snoozeIndex(input.snoozes);
  const notified = mostUrgentNotified(ledger);
  let looked = 0;
  for (const key of keys) {
    if (++looked % perStep === 0) yield;
    const stage = stageOf(key.due, thresholds, now);
    if (stage === null) continue;
    if (snoozed(key, stage)) {
      snoozes.push({ keyId: key.keyId, due: key.due, stage });
      continue;
    }
    const covered = notified.get(pairKey(key.keyId, key.due));
    if (covered === undefined || covered > stage) due.push({ key, stage });
  }
  const notifiedAt = now.toISOString();
  for (const { key, stage } of due) ledger.push({ keyId: key.keyId, due: key.due, stage, notifiedAt });
  const notifications =
    due.length > SUMMARY_ABOVE
      ? [summaryOf(input, due)]
      : due.map(({ key, stage }) => notificationOf(input.siteId, input.siteName, key, stage, input.offline, now));
  return { notifications, ledger, snoozes };
}

function summaryOf(input: CheckInput, due: readonly { key: WatchedKey; stage: number }[]): KeyNotification {
  const expired = due.filter((d) => d.stage === EXPIRED).length;
  // The first of the keys still to expire (an expired key's date would read as an upcoming one).
  const expiring = due.filter((d) => d.stage !== EXPIRED);
  const soonest = expiring.reduce((min, d) => (d.key.due < min ? d.key.due : min), expiring[0]?.key.due ?? '');
  const parts = [
    expired > 0 ? `${groupedNumber(expired)} expired` : null,
    expiring.length > 0 ? `${groupedNumber(expiring.length)} expiring, the first on ${dayText(soonest)}` : null,
  ].filter(Boolean);
  const keyIds = due.map((d) => d.key.keyId);
  return {
    id: `${input.siteId}:summary:${input.now.toISOString()}`,
    siteId: input.siteId,
    title: `${countText(due.length, 'key')} need attention on ${input.siteName}`,
    body: `${parts.join('; ')}${input.offline ? ' (from the last data: the site did not answer)' : ''}. Open the inventory to rotate them.`,
    target: { page: 'inventory', keyIds },
    keyIds,
  };
}

/** Keys needing attention (for the badge): expired or within ATTENTION_DAYS, not snoozed. */
export function attentionCount(
  keys: readonly WatchedKey[],
  snoozes: readonly Snooze[],
  thresholds: readonly number[],
  now: Date,
): number {
  let count = 0;
  const snoozed = snoozeIndex(snoozes);
  for (const key of keys) {
    const left = Date.parse(key.due) - now.getTime();
    if (left > ATTENTION_DAYS * DAY_MS) continue;
    const stage = stageOf(key.due, thresholds, now);
    if (stage !== null && snoozed(key, stage)) continue;
    count += 1;
  }
  return count;
}
