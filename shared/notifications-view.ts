/** What the Notifications page shows: what is coming up on every site, what was notified, and the settings. */
import { z } from 'zod';
import { DEFAULT_CHECK_HOURS, notificationTarget, notifySettings } from './expiry-notifications.js';

const iso = z.string().max(64);

export const globalNotifySettings = z.strictObject({
  checkEveryHours: z.number().int().min(1).max(168),
  /** Desktop only: start with the system, minimised to the tray. */
  startAtLogin: z.boolean(),
});
export type GlobalNotifySettings = z.infer<typeof globalNotifySettings>;
export const DEFAULT_GLOBAL_NOTIFY_SETTINGS: GlobalNotifySettings = { checkEveryHours: DEFAULT_CHECK_HOURS, startAtLogin: false };

export const upcomingExpiry = z.object({
  siteId: z.string(),
  siteName: z.string(),
  keyId: z.string(),
  label: z.string(),
  ownerType: z.enum(['device', 'user']),
  ownerId: z.string(),
  ownerLabel: z.string(),
  location: z.string().nullable(),
  /** A legacy key, due on the planned 19.0 upgrade day. */
  legacy: z.boolean(),
  isOwnKey: z.boolean(),
  /** The expiry, or the planned upgrade day for a legacy key. */
  due: iso,
  /** The threshold (days) the key is within now, 0 once passed; null while beyond every threshold. */
  stage: z.number().nullable(),
  snoozed: z.boolean(),
  /** When the app last notified about this key and due time, if it did. */
  notifiedAt: iso.nullable(),
  target: notificationTarget,
});
export type UpcomingExpiry = z.infer<typeof upcomingExpiry>;

export const notificationRecord = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  notifiedAt: iso,
  keyIds: z.array(z.string()),
  /** The check ran on the last snapshot: the site did not answer. */
  offline: z.boolean(),
});
export type NotificationRecord = z.infer<typeof notificationRecord>;

/**
 * At most this many of a site's coming expiries are listed, the soonest: a large site has thousands (17,000 at 10x the
 * scale site, 9 MB of JSON each time the page opened), and the key inventory lists and filters them all.
 */
export const UPCOMING_LISTED = 500;

export const notificationsOverview = z.object({
  /** The active site, whose settings and history these are. */
  siteId: z.string(),
  settings: notifySettings,
  global: globalNotifySettings,
  lastCheck: z.object({ at: iso, offline: z.boolean() }).nullable(),
  /** Keys needing attention on every site (expired or within 7 days, not snoozed): the app's badge. */
  attention: z.number(),
  /** The next 90 days' expiries of every connected site, soonest first: at most UPCOMING_LISTED of each site. */
  upcoming: z.array(upcomingExpiry),
  /** How many expiries each site has in the next 90 days, listed or not, by site id. */
  upcomingTotals: z.record(z.string(), z.number().int().nonnegative()),
  /** What was notified on the active site, newest first. */
  history: z.array(notificationRecord),
});
export type NotificationsOverview = z.infer<typeof notificationsOverview>;
