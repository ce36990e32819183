import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow, hardenSession } from '../../../electron/window-factory.js';
import { DESKTOP_CSP } from '../../../electron/window-options.js';
import { APP_INDEX_URL } from '../../../electron/app-protocol.js';

type Listener = (...args: unknown[]) => unknown;

/** A stand-in for BrowserWindow that records options and listeners. */
function fakeWindowClass() {
  const created: {
    options: BrowserWindowConstructorOptions;
    listeners: Map<string, Listener>;
    windowListeners: Map<string, Listener>;
    shown: number;
    maximized: number;
    openHandler?: Listener;
  }[] = [];
  class FakeWindow {
    readonly webContents: Record<string, unknown>;
    private readonly record;
    constructor(options: BrowserWindowConstructorOptions) {
      const record = {
        options,
        listeners: new Map<string, Listener>(),
        windowListeners: new Map<string, Listener>(),
        shown: 0,
        maximized: 0,
        openHandler: undefined as Listener | undefined,
      };
      this.record = record;
      created.push(record);
      this.webContents = {
        on: (event: string, listener: Listener) => record.listeners.set(event, listener),
        setWindowOpenHandler: (handler: Listener) => {
          record.openHandler = handler;
        },
      };
    }
    once(event: string, listener: Listener): void {
      this.record.windowListeners.set(event, listener);
    }
    show(): void {
      this.record.shown += 1;
    }
    maximize(): void {
      this.record.maximized += 1;
    }
  }
  return { FakeWindow: FakeWindow as unknown as new (options: BrowserWindowConstructorOptions) => BrowserWindow, created };
}

const APP = APP_INDEX_URL;

describe('the window factory', () => {
  it('creates the window with the hardened preferences', () => {
    const { FakeWindow, created } = fakeWindowClass();
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal: vi.fn() } }, '/opt/preload.cjs', APP);
    expect(created[0]?.options.webPreferences).toMatchObject({
      preload: '/opt/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('shows the window once it is ready, unless started hidden (at login, minimised to the tray)', () => {
    const { FakeWindow, created } = fakeWindowClass();
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal: vi.fn() } }, '/p', APP);
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal: vi.fn() } }, '/p', APP, { hidden: true });
    const [visible, hidden] = created;
    expect(visible!.options.show).toBe(false);
    visible!.windowListeners.get('ready-to-show')!();
    expect(visible!.shown).toBe(1);
    expect(hidden!.options.show).toBe(false);
    expect(hidden!.windowListeners.has('ready-to-show')).toBe(false);
    expect(hidden!.shown).toBe(0);
  });

  it('opens where it was last, maximised when it was; one started in the tray is maximised when first shown', () => {
    const { FakeWindow, created } = fakeWindowClass();
    const bounds = { x: 40, y: 30, width: 1000, height: 700 };
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal: vi.fn() } }, '/p', APP, { bounds, maximized: true });
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal: vi.fn() } }, '/p', APP, {
      hidden: true,
      maximized: true,
    });
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal: vi.fn() } }, '/p', APP, { bounds: null });
    const [visible, tray, fresh] = created;
    expect(visible!.options).toMatchObject({ ...bounds, minWidth: 900, show: false });
    visible!.windowListeners.get('ready-to-show')!();
    expect([visible!.maximized, visible!.shown]).toEqual([1, 1]);
    expect(tray!.windowListeners.has('ready-to-show')).toBe(false);
    expect(tray!.maximized).toBe(0);
    tray!.windowListeners.get('show')!();
    expect(tray!.maximized).toBe(1);
    expect(fresh!.options).toMatchObject({ width: 1280, height: 820 });
    expect(fresh!.options.x).toBeUndefined();
    fresh!.windowListeners.get('ready-to-show')!();
    expect(fresh!.maximized).toBe(0);
  });

  it('refuses navigation away from the app and webviews; a mailto: link opens the mail program instead', () => {
    const { FakeWindow, created } = fakeWindowClass();
    const openExternal = vi.fn().mockResolvedValue(undefined);
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal } }, '/p', APP);
    const listeners = created[0]!.listeners;
    const away = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const stay = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(stay, APP);
    expect(stay.preventDefault).not.toHaveBeenCalled();
    // A reload of a page's address (a hash route) stays on the app.
    const reload = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(reload, `${APP}#/devices/dev-1?key=k1`);
    expect(reload.preventDefault).not.toHaveBeenCalled();
    // Another host or page of the app's scheme, or the renderer's files over file://, are not the app.
    for (const other of [
      'app://evil/index.html',
      'app://keywarden/other.html',
      'file:///opt/keywarden/dist/renderer/index.html',
    ]) {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, other);
      expect(event.preventDefault, other).toHaveBeenCalled();
      const redirect = { preventDefault: vi.fn() };
      listeners.get('will-redirect')!(redirect, other);
      expect(redirect.preventDefault, other).toHaveBeenCalled();
    }
    const mail = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(mail, 'mailto:grace@example.org?subject=Legacy%20key');
    expect(mail.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openExternal.mock.calls).toEqual([['mailto:grace@example.org?subject=Legacy%20key']]);
  });

  it('denies every new window and opens only allowed documentation links in the browser', () => {
    const { FakeWindow, created } = fakeWindowClass();
    const openExternal = vi.fn().mockResolvedValue(undefined);
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal } }, '/p', APP);
    const handler = created[0]!.openHandler!;
    expect(handler({ url: 'https://docs.flywheel.io/admin/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://docs.flywheel.io/admin/');
  });

  it('denies every permission and sends the CSP header', () => {
    let request: Listener | undefined;
    let check: Listener | undefined;
    let headers: Listener | undefined;
    hardenSession({
      setPermissionRequestHandler: (handler: Listener) => (request = handler),
      setPermissionCheckHandler: (handler: Listener) => (check = handler),
      webRequest: { onHeadersReceived: (handler: Listener) => (headers = handler) },
    } as never);
    const callback = vi.fn();
    request!({}, 'notifications', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check!()).toBe(false);
    const answer = vi.fn();
    headers!({ responseHeaders: { 'X-Other': ['1'] } }, answer);
    expect(answer).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
});
