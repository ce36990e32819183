/** Dates as admins read them in tables: the day, and how far away it is. */
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
  if (days > 0) return days === 1 ? 'in 1 day' : `in ${days} days`;
  return days === -1 ? '1 day ago' : `${-days} days ago`;
}
