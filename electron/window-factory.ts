/**
 * The one window factory (security.md C1-C4): the hardened options, the page's CSP header, no navigation away
 * from the app, no new windows (allowed documentation links open in the system browser), no webviews, and no
 * permission for anything. Electron's pieces come in as parameters so the wiring is testable without Electron.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, Shell } from 'electron';
import { DESKTOP_CSP, isAllowedExternalLink, isAppUrl, mainWindowOptions } from './window-options.js';
import type { Rect } from './window-state.js';

export interface WindowFactoryDeps {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly shell: Pick<Shell, 'openExternal'>;
}

/** Session-wide rules, set once before any window exists. */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
}

export interface MainWindowOptions {
  /** Started at login, minimised to the tray: the page loads, but the window stays hidden until asked for. */
  readonly hidden?: boolean;
  /** Where the window was last (window-state.ts); the default size, centred, when null. */
  readonly bounds?: Rect | null;
  readonly maximized?: boolean;
}

export function createMainWindow(
  deps: WindowFactoryDeps,
  preloadPath: string,
  appIndexUrl: string,
  options: MainWindowOptions = {},
): BrowserWindow {
  const window = new deps.BrowserWindow({ ...mainWindowOptions(preloadPath), ...(options.bounds ?? {}) });
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, appIndexUrl)) return;
    event.preventDefault();
    // A mailto: link clicked in the page (the message to a key's owner) opens the mail program, never the window.
    if (url.startsWith('mailto:') && isAllowedExternalLink(url)) void deps.shell.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appIndexUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) void deps.shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (!options.hidden) {
    window.once('ready-to-show', () => {
      if (options.maximized) window.maximize();
      window.show();
    });
  } else if (options.maximized) {
    // maximize() would also show the window: one started in the tray is maximised when it is first shown.
    window.once('show', () => window.maximize());
  }
  return window;
}
