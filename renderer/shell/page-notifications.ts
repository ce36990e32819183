/**
 * The web host's notifications (issue 8): main cannot reach the desktop from plain Node, so it sends each
 * notification to the page, which shows it with the browser's Notification API. The page asks for permission once,
 * at the first notification while the browser has not been asked (the Notifications page offers the same question
 * as a button); notifications that arrive while the question is open are shown once it is answered with yes.
 * Electron's renderer never receives these events (main shows its own), and where the API is missing nothing happens.
 */
import { useRef } from 'react';
import type { KeyNotification, NotificationTarget } from '../../shared/expiry-notifications.js';
import { useMainEvent } from '../api/events.js';
import { askNotificationPermission, pageNotificationApi, permissionAsked } from '../api/notifications.js';

export type OpenTarget = (siteId: string, target: NotificationTarget) => Promise<unknown>;

export function usePageNotifications(open: OpenTarget): void {
  // Set while the permission question is open: the notifications waiting for its answer.
  const waiting = useRef<KeyNotification[] | null>(null);
  const latestOpen = useRef(open);
  latestOpen.current = open;

  useMainEvent((event) => {
    if (event.type !== 'notification') return;
    const api = pageNotificationApi();
    if (!api) return;
    const show = (notification: KeyNotification) => {
      // The id as tag: a notification shown again (a second window) replaces the first instead of stacking.
      const shown = new api(notification.title, { body: notification.body, tag: notification.id });
      shown.onclick = () => {
        window.focus();
        shown.close();
        void latestOpen.current(notification.siteId, notification.target);
      };
    };
    if (waiting.current) {
      // The question is still open: shown in order once it is answered.
      waiting.current.push(event.notification);
    } else if (api.permission === 'granted') {
      show(event.notification);
    } else if (api.permission === 'default') {
      if (permissionAsked()) return;
      waiting.current = [event.notification];
      void askNotificationPermission().then((permission) => {
        const queued = waiting.current ?? [];
        waiting.current = null;
        if (permission === 'granted') queued.forEach(show);
      });
    }
  });
}

/** Main's `open` event: the admin clicked a notification main showed on the desktop. */
export function useOpenEvents(open: OpenTarget): void {
  useMainEvent((event) => {
    if (event.type === 'open') void open(event.siteId, event.target);
  });
}
