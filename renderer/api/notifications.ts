/**
 * Expiry notifications, for the Notifications page and the shell (issue 8). Main decides what to notify and keeps
 * the ledger; the renderer shows what main answers, changes the settings, snoozes a key, asks for a check now and
 * saves the calendar. In the web host main cannot reach the desktop, so the page shows main's notifications itself
 * with the browser's Notification API: the helpers at the end.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { NotifySettings } from '../../shared/expiry-notifications.js';
import type { GlobalNotifySettings, NotificationsOverview } from '../../shared/notifications-view.js';
import { useMainEvent } from './events.js';
import { callKeyAdmin } from './key-admin.js';

export const notificationsQueryKeys = {
  overview: ['notifications', 'overview'] as const,
  /** The number behind the navigation's badge: kept apart, so the shell does not reload the whole overview. */
  attention: ['notifications', 'attention'] as const,
};

/** What is coming up on every site, what was notified on the active one, and the settings. */
export function useNotificationsOverview() {
  return useQuery({
    queryKey: notificationsQueryKeys.overview,
    queryFn: () => callKeyAdmin((api) => api.notifications.overview()),
  });
}

/** Keys needing attention on every site (expired or within 7 days, not snoozed); kept current by main's events. */
export function useAttentionCount(enabled: boolean): number | null {
  const query = useQuery({
    queryKey: notificationsQueryKeys.attention,
    queryFn: async () => (await callKeyAdmin((api) => api.notifications.overview())).attention,
    enabled,
    staleTime: Infinity,
  });
  return enabled ? (query.data ?? null) : null;
}

/** Puts an answer of main (after new settings or a snooze) into the cache, so the page shows it at once. */
export function putOverview(queryClient: QueryClient, overview: NotificationsOverview): void {
  queryClient.setQueryData(notificationsQueryKeys.overview, overview);
  queryClient.setQueryData(notificationsQueryKeys.attention, overview.attention);
}

/**
 * Mounted once by the shell: what needs attention changed (a check ran, a snooze, new settings), or a site has a
 * new snapshot (the coming expiries are computed from the snapshots): the badge takes the new count, and the page
 * reloads the overview when it shows it.
 */
export function useNotificationEvents(): void {
  const queryClient = useQueryClient();
  useMainEvent((event) => {
    if (event.type === 'notifications-changed') {
      queryClient.setQueryData(notificationsQueryKeys.attention, event.attention);
      void queryClient.invalidateQueries({ queryKey: notificationsQueryKeys.overview });
    } else if (event.type === 'inventory-changed') {
      void queryClient.invalidateQueries({ queryKey: notificationsQueryKeys.overview });
    }
  });
}

export function updateNotificationSettings(site: NotifySettings, global: GlobalNotifySettings) {
  return callKeyAdmin((api) => api.notifications.updateSettings({ site, global }));
}

/** Silences one key of the active site until its next threshold. */
export function snoozeKey(keyId: string) {
  return callKeyAdmin((api) => api.notifications.snooze({ keyId }));
}

export function unsnoozeKey(keyId: string) {
  return callKeyAdmin((api) => api.notifications.unsnooze({ keyId }));
}

/** Checks every connected site now (main fetches each that answers); answers how many notifications were shown. */
export function checkNotificationsNow() {
  return callKeyAdmin((api) => api.notifications.checkNow());
}

/** The active site's key expiries as an iCalendar (.ics) file, to save as a download. */
export function notificationsCalendar() {
  return callKeyAdmin((api) => api.notifications.calendar());
}

// ---- The browser's Notification API (the web host) ----

/** Remembers that the page asked for permission, so it asks once only (a browser may block pages that keep asking). */
export const PERMISSION_ASKED_KEY = 'keywarden.notifications.permission-asked';

/** The browser's Notification API, or null where there is none. */
export function pageNotificationApi(): typeof Notification | null {
  return typeof window !== 'undefined' && typeof window.Notification === 'function' ? window.Notification : null;
}

/**
 * The desktop app shows notifications from main (Electron's Notification) and denies the page every permission
 * (security.md C4): the page's own notifications are for the web host only. Electron names itself in the user
 * agent, which is all the renderer can tell the two hosts apart by.
 */
export function isDesktopApp(): boolean {
  return typeof navigator !== 'undefined' && /\bElectron\//.test(navigator.userAgent);
}

export function permissionAsked(): boolean {
  try {
    return window.localStorage.getItem(PERMISSION_ASKED_KEY) !== null;
  } catch {
    return false;
  }
}

/** Asks the browser for permission to show notifications, and remembers that it asked. */
export async function askNotificationPermission(): Promise<NotificationPermission> {
  const api = pageNotificationApi();
  if (!api) return 'denied';
  try {
    window.localStorage.setItem(PERMISSION_ASKED_KEY, new Date().toISOString());
  } catch {
    // Storage may be off in this browser: the permission itself is what counts.
  }
  try {
    return await api.requestPermission();
  } catch {
    return api.permission;
  }
}
