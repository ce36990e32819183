/**
 * The application menu (issue 11), built without Electron: the standard roles per platform, no developer tools in a
 * packaged build, Help's links to the project (allowed by the external-link allowlist) and "Reveal logs".
 */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate, ISSUES_URL, README_URL, type MenuActions } from '../../../electron/menu-template.js';
import { isAllowedExternalLink } from '../../../electron/window-options.js';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.map((item) => item.role ?? item.id ?? item.type ?? '?');
}

function submenu(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions[] {
  const found = items.find((item) => item.id === id);
  return found?.submenu as MenuItemConstructorOptions[];
}

function click(items: MenuItemConstructorOptions[], id: string): void {
  const item = items.find((entry) => entry.id === id);
  (item!.click as () => void)();
}

const actions = () => ({ openLink: vi.fn<(url: string) => void>(), revealLogs: vi.fn<() => void>() }) satisfies MenuActions;

describe('the application menu', () => {
  it('macOS: the app menu first, then edit, view, window, help', () => {
    expect(roles(appMenuTemplate({ platform: 'darwin', packaged: true, actions: actions() }))).toEqual([
      'appMenu',
      'editMenu',
      'view',
      'windowMenu',
      'help',
    ]);
  });

  it.each(['win32', 'linux'] as const)('%s: a File menu (with Quit) first, About at the end of Help', (platform) => {
    const template = appMenuTemplate({ platform, packaged: true, actions: actions() });
    expect(roles(template)).toEqual(['fileMenu', 'editMenu', 'view', 'windowMenu', 'help']);
    expect(roles(submenu(template, 'help')).at(-1)).toBe('about');
    expect(roles(submenu(appMenuTemplate({ platform: 'darwin', packaged: true, actions: actions() }), 'help'))).not.toContain(
      'about',
    );
  });

  it('has developer tools only in a development build', () => {
    const packaged = roles(submenu(appMenuTemplate({ platform: 'linux', packaged: true, actions: actions() }), 'view'));
    const dev = roles(submenu(appMenuTemplate({ platform: 'linux', packaged: false, actions: actions() }), 'view'));
    expect(packaged).not.toContain('toggleDevTools');
    expect(dev).toContain('toggleDevTools');
    expect(packaged).toEqual(dev.filter((role) => role !== 'toggleDevTools'));
  });

  it('Help opens the README and the issue tracker, both allowed links, and reveals the logs', () => {
    const given = actions();
    const help = submenu(appMenuTemplate({ platform: 'linux', packaged: true, actions: given }), 'help');
    expect(help.map((item) => item.label).filter(Boolean)).toEqual(['README', 'Report an issue', 'Reveal logs']);
    click(help, 'readme');
    click(help, 'report-issue');
    click(help, 'reveal-logs');
    expect(given.openLink.mock.calls).toEqual([[README_URL], [ISSUES_URL]]);
    expect(given.revealLogs).toHaveBeenCalledTimes(1);
    expect(isAllowedExternalLink(README_URL)).toBe(true);
    expect(isAllowedExternalLink(ISSUES_URL)).toBe(true);
  });

  it('offers a check for updates only when updates are on', () => {
    const checkForUpdates = vi.fn();
    const on = submenu(
      appMenuTemplate({ platform: 'linux', packaged: true, actions: { ...actions(), checkForUpdates } }),
      'help',
    );
    click(on, 'check-updates');
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
    const off = submenu(appMenuTemplate({ platform: 'linux', packaged: true, actions: actions() }), 'help');
    expect(off.some((item) => item.id === 'check-updates')).toBe(false);
  });
});
