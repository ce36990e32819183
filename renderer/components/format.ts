/** Dates as admins read them in tables: the day, and how far away it is. */
import { countText } from '../../shared/count-text.js';
import { DAY_MS } from '../../shared/time.js';

export function formatDay(iso: string | null): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '—' : new Date(time).toISOString().slice(0, 10);
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '—' : new Date(time).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** "in 3 days", "2 days ago", "today". */
export function relativeDays(iso: string | null, now: Date): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const days = Math.round((time - now.getTime()) / DAY_MS);
  if (days === 0) return 'today';
  if (days > 0) return `in ${countText(days, 'day')}`;
  return `${countText(-days, 'day')} ago`;
}

/**
 * A legacy key has no expiry, yet it is not "never": every site rejects legacy keys once it runs Flywheel 19.0.0
 * (design.md, "Enhanced vs legacy"). Shown wherever such a key's expiry would read "never" or "—".
 */
export const LEGACY_EXPIRY_TEXT = 'Rejected from 19.0';

/** A key's expiry day; a legacy key without one reads LEGACY_EXPIRY_TEXT, any other key without one `empty`. */
export function formatExpiry(
  key: { readonly kind: 'enhanced' | 'legacy'; readonly expiresAt: string | null },
  empty = '—',
): string {
  if (key.expiresAt) return formatDay(key.expiresAt);
  return key.kind === 'legacy' ? LEGACY_EXPIRY_TEXT : empty;
}

/** The soonest expiry of an owner's keys, as grids show it: a day already past says so ("Expired 2026-11-20"). */
export function formatSoonestExpiry(value: Date, now: Date): string {
  const day = formatDay(value.toISOString());
  return value.getTime() <= now.getTime() ? `Expired ${day}` : day;
}
