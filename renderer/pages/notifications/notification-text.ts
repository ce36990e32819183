/** The words of the Notifications page: how far away a key's due day is, and which threshold it has reached. */
import { countText } from '../../../shared/count-text.js';
import { EXPIRED } from '../../../shared/expiry-notifications.js';
import type { UpcomingExpiry } from '../../../shared/notifications-view.js';
import { DAY_MS } from '../../../shared/time.js';

/** "in 12 days", "in 1 day" (within the next 24 hours), or "expired" ("upgrade day passed" for a legacy key). */
export function dueText(entry: Pick<UpcomingExpiry, 'due' | 'legacy'>, now: Date): string {
  const left = Date.parse(entry.due) - now.getTime();
  if (Number.isNaN(left)) return '';
  if (left <= 0) return entry.legacy ? 'upgrade day passed' : 'expired';
  return `in ${countText(Math.ceil(left / DAY_MS), 'day')}`;
}

/** The threshold the key is within now, as main computed it with its site's thresholds. */
export function stageText(entry: Pick<UpcomingExpiry, 'stage' | 'legacy'>): string {
  if (entry.stage === null) return 'None yet';
  if (entry.stage === EXPIRED) return entry.legacy ? 'Upgrade day' : 'Expired';
  return `Within ${countText(entry.stage, 'day')}`;
}

export function keysText(count: number): string {
  return countText(count, 'key');
}
