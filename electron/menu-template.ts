/**
 * The application menu (issue 11, "Desktop integration"): the platforms' standard roles, so that shortcuts, the
 * Edit menu's copy and paste and the Window menu behave as in the admin's other apps, and a Help menu with the
 * project's README and issue tracker, the logs folder and, when updates are on, a check for updates. A pure template
 * builder, testable without Electron; links go through the caller, which opens only allowlisted ones.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { PROJECT_URL } from './window-options.js';

export const README_URL = `${PROJECT_URL}#readme`;
export const ISSUES_URL = `${PROJECT_URL}/issues`;

export interface MenuActions {
  /** Opens an https link in the system browser (only allowlisted links: window-options.ts). */
  readonly openLink: (url: string) => void;
  /** Shows the log file in the system's file manager. */
  readonly revealLogs: () => void;
  /** Only when an update feed is configured. */
  readonly checkForUpdates?: () => void;
}

export interface MenuContext {
  readonly platform: NodeJS.Platform;
  /** A packaged build has no developer tools in its View menu (security.md: nothing that opens the renderer up). */
  readonly packaged: boolean;
  readonly actions: MenuActions;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function appMenuTemplate({ platform, packaged, actions }: MenuContext): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(packaged ? [] : [{ role: 'toggleDevTools' } as const]),
    separator,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    separator,
    { role: 'togglefullscreen' },
  ];
  const help: MenuItemConstructorOptions[] = [
    { id: 'readme', label: 'README', click: () => actions.openLink(README_URL) },
    { id: 'report-issue', label: 'Report an issue', click: () => actions.openLink(ISSUES_URL) },
    separator,
    { id: 'reveal-logs', label: 'Reveal logs', click: () => actions.revealLogs() },
    ...(actions.checkForUpdates
      ? [{ id: 'check-updates', label: 'Check for updates…', click: () => actions.checkForUpdates?.() }]
      : []),
    // macOS has About in the app menu; elsewhere it belongs at the end of Help.
    ...(mac ? [] : [separator, { role: 'about' } as const]),
  ];
  return [
    // macOS: the app menu (About, Services, Hide, Quit); elsewhere the File menu holds Quit.
    mac ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' },
    { id: 'view', label: 'View', submenu: view },
    { role: 'windowMenu' },
    { id: 'help', role: 'help', label: 'Help', submenu: help },
  ];
}
