import { countText } from '../../shared/count-text.js';

/** How old the data is, in words: "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function dataAge(iso: string, now: Date): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const minutes = Math.floor((now.getTime() - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${countText(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${countText(hours, 'hour')} ago`;
  const days = Math.floor(hours / 24);
  return `${countText(days, 'day')} ago`;
}
