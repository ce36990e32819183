/**
 * The desktop's Notifier (issue 8, security.md F): expiry notifications with Electron's Notification, the number
 * of keys needing attention as the app's badge and in the tray, and the start-at-login setting applied to the
 * system. A click brings the window to the front and publishes an `open` event; the renderer opens the key.
 *
 * A notification carries only the title and body the shared rule wrote (key label, owner, date): never a
 * secret, and nothing else of the KeyNotification is handed to the system.
 */
import type { App, NativeImage, NotificationConstructorOptions } from 'electron';
import type { EventSink } from '../../shared/events.js';
import type { KeyNotification } from '../../shared/expiry-notifications.js';
import type { Notifier } from '../services/notifications.service.js';
import type { AppTray } from './tray.js';

/** What the notifier uses of Electron's Notification. */
interface ShownNotification {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

export interface ElectronNotifierDeps {
  readonly Notification: {
    new (options: NotificationConstructorOptions): ShownNotification;
    isSupported(): boolean;
  };
  readonly app: Pick<App, 'setBadgeCount'>;
  readonly events: EventSink;
  /** Restores, shows and focuses the app's window. */
  readonly focusApp: () => void;
  /** The tray, once it exists. */
  readonly tray: () => Pick<AppTray, 'setAttention'> | null;
  readonly icon?: NativeImage;
  /** Applies the start-at-login setting to the system (see login-item.ts). */
  readonly applyStartAtLogin?: (enabled: boolean) => void;
}

/**
 * Notifications still on screen or in the notification centre are kept referenced: on some platforms a
 * garbage-collected Notification loses its click handler. Released when closed, clicked or failed; beyond this
 * many the oldest are let go (a platform that never reports `close` must not grow the set for ever).
 */
export const MAX_KEPT_NOTIFICATIONS = 100;

export interface ElectronNotifier extends Notifier {
  /** How many notifications are referenced now (for tests and diagnostics). */
  readonly kept: () => number;
}

export function createElectronNotifier(deps: ElectronNotifierDeps): ElectronNotifier {
  const kept = new Set<ShownNotification>();
  const release = (shown: ShownNotification): void => {
    kept.delete(shown);
  };

  return {
    show(notification: KeyNotification): void {
      if (!deps.Notification.isSupported()) return;
      const options: NotificationConstructorOptions = { title: notification.title, body: notification.body };
      if (deps.icon) options.icon = deps.icon;
      const shown = new deps.Notification(options);
      const { siteId, target } = notification;
      shown.on('click', () => {
        release(shown);
        deps.focusApp();
        deps.events.publish({ type: 'open', siteId, target });
      });
      shown.on('close', () => release(shown));
      shown.on('failed', () => release(shown));
      kept.add(shown);
      for (const oldest of kept) {
        if (kept.size <= MAX_KEPT_NOTIFICATIONS) break;
        kept.delete(oldest);
      }
      shown.show();
    },

    setAttention(count: number): void {
      // Dock (macOS) and launcher (Linux) badge; Windows has no app badge, the tray's tooltip says it there.
      deps.app.setBadgeCount(count);
      deps.tray()?.setAttention(count);
    },

    applyStartAtLogin(enabled: boolean): void {
      deps.applyStartAtLogin?.(enabled);
    },

    kept: () => kept.size,
  };
}
