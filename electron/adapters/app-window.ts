/**
 * How the desktop app's one window comes back and goes away: brought to the front (a notification click, the
 * tray's "Open Keywarden", a second launch), and hidden to the tray instead of closed while the app lives in
 * the tray. Electron's objects come in as parameters so the rules are testable with fakes.
 */
import type { App, BrowserWindow } from 'electron';

export type RevealableWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** Restores a minimised window, shows a hidden one, and gives it the focus. */
export function revealWindow(window: RevealableWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return true;
}

/**
 * While `keepInTray()` answers true, closing the window hides it instead: the app keeps running in the tray and
 * keeps checking expiries; the page stays loaded, so a notification click reaches it at once. A real quit (the
 * tray's Quit, Cmd+Q, the app menu, Windows ending the session) closes it as usual.
 */
export function hideOnClose(window: Pick<BrowserWindow, 'on' | 'hide'>, app: Pick<App, 'on'>, keepInTray: () => boolean): void {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  // Windows does not emit before-quit when the session ends (shutdown, logout): never hold the window open then.
  window.on('session-end', () => {
    quitting = true;
  });
  window.on('close', (event) => {
    if (quitting || !keepInTray()) return;
    event.preventDefault();
    window.hide();
  });
}
