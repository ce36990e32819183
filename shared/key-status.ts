/**
 * Key status rules, as pure functions of values (design.md, convention 6).
 * - Legacy: Flywheel's web UI names them "Legacy Key"; they have no expiry (flywheel-api.md, Keys). A key is
 *   legacy when the site says so, when its label is "Legacy Key", or when it has no expiry.
 * - Expiring soon: the site's own sign-in rule warns about keys expiring within 7 days; configurable.
 * - Owner disabled: disabling a user or device does not revoke keys, but every use is rejected.
 * - Idle: unused for 90 days (configurable), as Okta and AWS credential reports flag them.
 */
import { DAY_MS } from './time.js';

export const LEGACY_KEY_LABEL = 'Legacy Key';
export const DEFAULT_EXPIRING_WITHIN_DAYS = 7;
export const DEFAULT_IDLE_AFTER_DAYS = 90;

export const KEY_STATUSES = ['active', 'expiring-soon', 'expired', 'legacy', 'owner-disabled'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const KEY_USAGES = ['never-used', 'idle', 'recent'] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

export interface StatusThresholds {
  readonly expiringWithinDays: number;
  readonly idleAfterDays: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  expiringWithinDays: DEFAULT_EXPIRING_WITHIN_DAYS,
  idleAfterDays: DEFAULT_IDLE_AFTER_DAYS,
};

export interface KeyFacts {
  readonly label: string;
  readonly legacyFlag?: boolean | null;
  /** ISO 8601, or null when the key has no expiry. */
  readonly expiresAt: string | null;
  readonly lastUsed: string | null;
  readonly ownerDisabled: boolean;
}

export function isLegacyKey(key: Pick<KeyFacts, 'label' | 'legacyFlag' | 'expiresAt'>): boolean {
  if (key.legacyFlag === true) return true;
  if (key.legacyFlag === false) return false;
  return key.label.trim() === LEGACY_KEY_LABEL || key.expiresAt === null;
}

/**
 * One status per key, most urgent first: a disabled owner rejects every key whatever its dates; a legacy key
 * stops at the 19.0 upgrade; then expiry.
 */
export function keyStatus(key: KeyFacts, now: Date, thresholds: StatusThresholds = DEFAULT_THRESHOLDS): KeyStatus {
  if (key.ownerDisabled) return 'owner-disabled';
  if (isLegacyKey(key)) return 'legacy';
  const expires = key.expiresAt === null ? Number.NaN : Date.parse(key.expiresAt);
  if (Number.isNaN(expires)) return 'legacy';
  if (expires <= now.getTime()) return 'expired';
  if (expires - now.getTime() <= thresholds.expiringWithinDays * DAY_MS) return 'expiring-soon';
  return 'active';
}

export function keyUsage(
  key: Pick<KeyFacts, 'lastUsed'>,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): KeyUsage {
  if (key.lastUsed === null) return 'never-used';
  const used = Date.parse(key.lastUsed);
  if (Number.isNaN(used)) return 'never-used';
  return now.getTime() - used >= thresholds.idleAfterDays * DAY_MS ? 'idle' : 'recent';
}

/** Words for a status, for tables, chips and exports. */
export const KEY_STATUS_TEXT: Readonly<Record<KeyStatus, string>> = {
  active: 'Active',
  'expiring-soon': 'Expiring soon',
  expired: 'Expired',
  legacy: 'Legacy',
  'owner-disabled': 'Rejected: owner disabled',
};

export const KEY_USAGE_TEXT: Readonly<Record<KeyUsage, string>> = {
  'never-used': 'Never used',
  idle: 'Idle',
  recent: 'Used recently',
};

/** The earliest expiry among keys (ISO), or null when none expires. */
export function soonestExpiry(keys: ReadonlyArray<{ readonly expiresAt: string | null }>): string | null {
  let soonest: string | null = null;
  for (const key of keys) {
    if (key.expiresAt !== null && (soonest === null || Date.parse(key.expiresAt) < Date.parse(soonest))) soonest = key.expiresAt;
  }
  return soonest;
}

/** The latest use among keys (ISO), or null when none was used. */
export function latestUse(keys: ReadonlyArray<{ readonly lastUsed: string | null }>): string | null {
  let latest: string | null = null;
  for (const key of keys) {
    if (key.lastUsed !== null && (latest === null || Date.parse(key.lastUsed) > Date.parse(latest))) latest = key.lastUsed;
  }
  return latest;
}
