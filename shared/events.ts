/**
 * The one event stream from main to the renderer (design.md: "One event stream from main"): the inventory
 * changed, a refresh moved on, a notification to show (web host) or one the admin clicked (desktop). Electron
 * sends each event with `webContents.send` on EVENT_CHANNEL; the web host as a server-sent event. The renderer
 * reaches it as `window.keyAdminEvents.subscribe(listener)`, which answers an unsubscribe function; every event
 * is parsed with the schema below on arrival, as every IPC answer is.
 */
import { z } from 'zod';
import { keyNotification, notificationTarget } from './expiry-notifications.js';
import { refreshProgress } from './inventory.js';
import { bulkAction } from './bulk-keys.js';

export const EVENT_CHANNEL = 'keywarden:event';

export const mainEvent = z.discriminatedUnion('type', [
  /** Main stored a new snapshot of a site (a refresh, or the patch after an action). */
  z.object({ type: z.literal('inventory-changed'), siteId: z.string() }),
  /** A refresh moved on: owners fetched so far, of how many. */
  z.object({ type: z.literal('refresh-progress'), siteId: z.string(), progress: refreshProgress }),
  /** A notification for the page to show itself (the web host, where main cannot reach the desktop). */
  z.object({ type: z.literal('notification'), notification: keyNotification }),
  /** The admin clicked a notification main showed: open its target. */
  z.object({ type: z.literal('open'), siteId: z.string(), target: notificationTarget }),
  /** What needs attention changed (a check ran, a snooze): pages showing it reload. */
  z.object({ type: z.literal('notifications-changed'), attention: z.number() }),
  /** A bulk action on a site's keys moved on: keys finished (done, failed or already gone) so far, of how many. */
  z.object({ type: z.literal('bulk-progress'), siteId: z.string(), action: bulkAction, done: z.number(), total: z.number() }),
]);
export type MainEvent = z.infer<typeof mainEvent>;

export type EventListener = (event: MainEvent) => void;

/** What the renderer sees as `window.keyAdminEvents`. */
export interface KeyAdminEvents {
  readonly subscribe: (listener: EventListener) => () => void;
}

/**
 * Builds `window.keyAdminEvents` from a host's raw subscription (ipcRenderer.on, EventSource): every event is
 * parsed, and anything else is dropped.
 */
export function buildKeyAdminEvents(subscribeRaw: (deliver: (raw: unknown) => void) => () => void): KeyAdminEvents {
  return Object.freeze({
    subscribe: (listener: EventListener) =>
      subscribeRaw((raw) => {
        const parsed = mainEvent.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      }),
  });
}

/** Main's side: services publish, hosts forward to their renderer. */
export interface EventSink {
  publish(event: MainEvent): void;
}
