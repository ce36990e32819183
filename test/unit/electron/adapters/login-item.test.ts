/**
 * Start at login, minimised to the tray: the login item Windows and macOS register through Electron (with
 * `--hidden`), the XDG autostart entry on Linux (written to a temp folder here), and how a launch knows it should
 * show only the tray.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApp } from './electron-fakes.js';

vi.mock('electron', () => ({}));

const { applyStartAtLogin, AUTOSTART_FILE, autostartEntry, execArgument, HIDDEN_ARG, launchedHidden } =
  await import('../../../../electron/adapters/login-item.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-autostart-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function deps(platform: NodeJS.Platform, overrides: { packaged?: boolean; execPath?: string } = {}) {
  const app = fakeApp();
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  return {
    app,
    logger,
    deps: {
      app: app as never,
      platform,
      autostartDir: path.join(dir, 'autostart'),
      execPath: overrides.execPath ?? '/opt/Keywarden/keywarden',
      packaged: overrides.packaged ?? true,
      logger,
    },
  };
}

describe('applyStartAtLogin', () => {
  it('Windows: registers the login item with --hidden, and removes it when turned off', () => {
    const { app, deps: d } = deps('win32');
    applyStartAtLogin(d, true);
    expect(app.loginItem).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
    expect(HIDDEN_ARG).toBe('--hidden');
    applyStartAtLogin(d, false);
    expect(app.loginItem).toEqual({ openAtLogin: false, args: [HIDDEN_ARG] });
  });

  it('macOS: registers the login item through Electron too (the launch is recognised by wasOpenedAtLogin)', () => {
    const { app, deps: d } = deps('darwin');
    applyStartAtLogin(d, true);
    expect(app.loginItem).toMatchObject({ openAtLogin: true });
  });

  it('Linux: writes an XDG autostart entry that starts the app with --hidden, and deletes it when turned off', () => {
    const { app, deps: d } = deps('linux', { execPath: '/home/ada/Apps/Keywarden 0.1.0.AppImage' });
    applyStartAtLogin(d, true);
    const file = path.join(dir, 'autostart', AUTOSTART_FILE);
    const entry = fs.readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Keywarden\n');
    expect(entry).toContain('Exec="/home/ada/Apps/Keywarden 0.1.0.AppImage" --hidden\n');
    expect(app.loginItem).toBeNull();
    applyStartAtLogin(d, false);
    expect(fs.existsSync(file)).toBe(false);
    // Turning off what is already off is fine.
    expect(() => applyStartAtLogin(d, false)).not.toThrow();
  });

  it('a development run (not packaged) registers nothing, but can still remove the item', () => {
    const { app, deps: d } = deps('win32', { packaged: false });
    applyStartAtLogin(d, true);
    expect(app.loginItem).toBeNull();
    applyStartAtLogin(d, false);
    expect(app.loginItem).toEqual({ openAtLogin: false, args: [HIDDEN_ARG] });
  });

  it('never throws: a failure is logged and the app goes on', () => {
    const { app, logger, deps: d } = deps('win32');
    app.setLoginItemSettings = () => {
      throw new Error('registry denied');
    };
    expect(() => applyStartAtLogin(d, true)).not.toThrow();
    expect(logger.warn).toHaveBeenCalledWith('login-item.failed', { enabled: true });
  });
});

describe('the autostart entry', () => {
  it('quotes the Exec path as the Desktop Entry Specification asks', () => {
    expect(execArgument('/opt/Keywarden/keywarden')).toBe('"/opt/Keywarden/keywarden"');
    expect(execArgument('/opt/My Apps/key"warden')).toBe('"/opt/My Apps/key\\\\"warden"');
    expect(execArgument('/opt/$HOME/`x`')).toBe('"/opt/\\\\$HOME/\\\\`x\\\\`"');
    expect(execArgument('/opt/100%/k')).toBe('"/opt/100%%/k"');
    expect(execArgument('/opt/a\\b')).toBe('"/opt/a\\\\\\\\b"');
    expect(execArgument('/opt/a\nExec=evil')).toBe('"/opt/aExec=evil"');
  });

  it('holds one Exec line', () => {
    expect(autostartEntry('/opt/k').match(/^Exec=/gm)).toHaveLength(1);
  });
});

describe('launchedHidden', () => {
  const loginItem = (wasOpenedAtLogin: boolean) => ({ getLoginItemSettings: vi.fn(() => ({ wasOpenedAtLogin }) as never) });

  it('is true when started with --hidden (the login item on Windows and Linux)', () => {
    expect(launchedHidden(['/opt/keywarden', '--hidden'], loginItem(false), 'win32')).toBe(true);
    expect(launchedHidden(['/opt/keywarden', '--hidden'], loginItem(false), 'linux')).toBe(true);
  });

  it('is true on macOS when the system opened the app at login', () => {
    expect(launchedHidden(['/Applications/Keywarden.app'], loginItem(true), 'darwin')).toBe(true);
    expect(launchedHidden(['/Applications/Keywarden.app'], loginItem(false), 'darwin')).toBe(false);
  });

  it('is false for an ordinary launch, without asking Electron where it cannot answer', () => {
    const app = loginItem(true);
    expect(launchedHidden(['/opt/keywarden'], app, 'linux')).toBe(false);
    expect(launchedHidden(['C:\\Keywarden\\Keywarden.exe'], app, 'win32')).toBe(false);
    expect(app.getLoginItemSettings).not.toHaveBeenCalled();
  });
});
