/** Expiry choices offered when a key is created: presets and the default (Flywheel's web UI pre-fills a month). */
import { DAY_MS } from './time.js';

export const EXPIRY_PRESET_DAYS = [7, 30, 90, 180, 365] as const;
export const DEFAULT_EXPIRY_DAYS = 30;
/** Flywheel sets no maximum; the app refuses more than five years as an obvious typing mistake. */
export const MAX_EXPIRY_DAYS = 5 * 365;

export function expiryAfterDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString();
}

/** Null when the expiry may be used, else the reason in words for the admin. */
export function expiryProblem(expiresAt: string, now: Date): string | null {
  const time = Date.parse(expiresAt);
  if (Number.isNaN(time)) return 'The expiry is not a date.';
  if (time <= now.getTime()) return 'The expiry must be in the future.';
  if (time - now.getTime() > MAX_EXPIRY_DAYS * DAY_MS) return 'The expiry is more than five years away.';
  return null;
}

/** The label of a rotated key: the old label with today's date, so the two keys are told apart. */
export function rotatedLabel(label: string, now: Date): string {
  const base = label.replace(/\s*\(rotated \d{4}-\d{2}-\d{2}\)$/, '').trim() || 'Key';
  return `${base} (rotated ${now.toISOString().slice(0, 10)})`.slice(0, 200);
}
