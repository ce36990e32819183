/**
 * The Electron composition root, run with `electron` and the services mocked (the Electron binary cannot run
 * here): one instance only, the window, the tray and the notifier wired to the services, hub events forwarded to
 * the window, checks started after the window exists and stopped on quit, and what closing the window does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { HostPorts, MainServices } from '../../../electron/composition.js';
import type { EventHub } from '../../../electron/services/event-hub.js';
import type { Notifier } from '../../../electron/services/notifications.service.js';
import { EVENT_CHANNEL } from '../../../shared/events.js';
import type { KeyNotification } from '../../../shared/expiry-notifications.js';

type Listener = (...args: unknown[]) => unknown;

const h = vi.hoisted(() => {
  const log: string[] = [];
  const listeners = new Map<string, Listener[]>();
  const emit = (map: Map<string, Listener[]>, event: string, ...args: unknown[]) => {
    for (const listener of map.get(event) ?? []) listener(...args);
  };
  const add = (map: Map<string, Listener[]>, event: string, listener: Listener) =>
    map.set(event, [...(map.get(event) ?? []), listener]);
  const state = { lock: true, dir: '', badge: -1, loginItem: null as unknown };
  const app = {
    requestSingleInstanceLock: () => {
      log.push('lock');
      return state.lock;
    },
    quit: () => log.push('quit'),
    on: (event: string, listener: Listener) => add(listeners, event, listener),
    whenReady: () => {
      log.push('whenReady');
      return Promise.resolve();
    },
    setAppUserModelId: () => undefined,
    getPath: (name: string) => `${state.dir}/${name}`,
    isPackaged: true,
    setBadgeCount: (count: number) => {
      state.badge = count;
      return true;
    },
    setLoginItemSettings: (settings: unknown) => {
      state.loginItem = settings;
    },
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    getVersion: () => '0.1.0',
    getName: () => 'Keywarden',
    about: null as unknown,
    setAboutPanelOptions: (options: unknown) => {
      app.about = options;
    },
  };
  const protocol = {
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => log.push(`register ${schemes.map((s) => s.scheme).join()}`),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      log.push(`handle ${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
  };
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  };
  const screen = { getAllDisplays: () => [display], getPrimaryDisplay: () => display, getDisplayMatching: () => display };
  const settings = new Map<string, unknown>();
  class BrowserWindow {
    static created: BrowserWindow[] = [];
    readonly listeners = new Map<string, Listener[]>();
    readonly once = (event: string, listener: Listener) => add(this.listeners, event, listener);
    readonly on = (event: string, listener: Listener) => add(this.listeners, event, listener);
    readonly calls: string[] = [];
    bounds = { x: 0, y: 0, width: 1280, height: 820 };
    getNormalBounds = () => this.bounds;
    isMaximized = () => false;
    maximize = () => this.calls.push('maximize');
    readonly webContents = {
      send: (...args: unknown[]) => this.sent.push(args),
      isDestroyed: () => false,
      on: () => undefined,
      setWindowOpenHandler: () => undefined,
    };
    readonly sent: unknown[][] = [];
    minimized = false;
    loadedUrl = '';
    constructor(readonly options: { webPreferences: { preload: string }; x?: number; width?: number }) {
      BrowserWindow.created.push(this);
      log.push('window');
    }
    emit(event: string, ...args: unknown[]) {
      emit(this.listeners, event, ...args);
    }
    isDestroyed = () => false;
    isMinimized = () => this.minimized;
    restore = () => this.calls.push('restore');
    show = () => this.calls.push('show');
    hide = () => this.calls.push('hide');
    focus = () => this.calls.push('focus');
    loadURL = (url: string) => {
      this.loadedUrl = url;
      log.push('loadURL');
      return Promise.resolve();
    };
  }
  class Tray {
    static created: Tray[] = [];
    tooltip = '';
    template: MenuItemConstructorOptions[] = [];
    constructor() {
      Tray.created.push(this);
      log.push('tray');
    }
    setToolTip = (text: string) => {
      this.tooltip = text;
    };
    setContextMenu = (menu: { template: MenuItemConstructorOptions[] }) => {
      this.template = menu.template;
    };
    on = () => undefined;
    destroy = () => undefined;
    click(id: string) {
      (this.template.find((item) => item.id === id)?.click as () => void)();
    }
  }
  class Notification {
    static created: Notification[] = [];
    static isSupported = () => true;
    readonly listeners = new Map<string, Listener[]>();
    constructor(readonly options: { title: string; body: string }) {
      Notification.created.push(this);
    }
    on = (event: string, listener: Listener) => add(this.listeners, event, listener);
    show = () => undefined;
    close = () => undefined;
    emit(event: string) {
      emit(this.listeners, event, {});
    }
  }
  const dialog = {
    shown: [] as { parent: unknown; options: { buttons: string[]; message: string } }[],
    response: 1,
    showMessageBox(parent: unknown, options: { buttons: string[]; message: string }) {
      dialog.shown.push({ parent, options });
      return Promise.resolve({ response: dialog.response, checkboxChecked: false });
    },
  };
  const services = { current: null as null | Record<string, unknown>, ports: null as null | HostPorts };
  return {
    log,
    state,
    settings,
    services,
    appListeners: listeners,
    emitApp: (event: string, ...args: unknown[]) => emit(listeners, event, ...args),
    electron: {
      app,
      BrowserWindow,
      Tray,
      Notification,
      Menu: {
        buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
        application: null as null | { template: MenuItemConstructorOptions[] },
        setApplicationMenu: (menu: { template: MenuItemConstructorOptions[] }) => {
          h.electron.Menu.application = menu;
        },
      },
      protocol,
      screen,
      nativeImage: { createFromBuffer: () => ({}) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: () => undefined,
          setPermissionCheckHandler: () => undefined,
          webRequest: { onHeadersReceived: () => undefined },
        },
      },
      shell: {
        opened: [] as string[],
        revealed: [] as string[],
        openExternal: (url: string) => {
          h.electron.shell.opened.push(url);
          return Promise.resolve();
        },
        showItemInFolder: (file: string) => h.electron.shell.revealed.push(file),
      },
      dialog,
      ipcMain: { handle: () => undefined },
      clipboard: {},
    },
  };
});

vi.mock('electron', () => h.electron);
vi.mock('../../../electron/adapters/electron-store-settings.js', () => ({
  createElectronStoreSettings: () => ({
    problems: [],
    get: (key: string) => h.settings.get(key),
    set: (key: string, value: unknown) => h.settings.set(key, value),
    delete: (key: string) => h.settings.delete(key),
  }),
}));
vi.mock('../../../electron/adapters/electron-updater.js', () => ({
  createElectronUpdater: () => {
    throw new Error('electron-updater must not load without a feed');
  },
  loadAutoUpdater: () => {
    h.log.push('updater loaded');
    return Promise.reject(new Error('not here'));
  },
}));
vi.mock('../../../electron/adapters/safe-storage-cipher.js', () => ({ createSafeStorageCipher: () => null }));
vi.mock('../../../electron/composition.js', async () => {
  const { EventHub } = await import('../../../electron/services/event-hub.js');
  return {
    createMainServices: (ports: HostPorts) => {
      h.log.push('services');
      const events = new EventHub();
      const global = { checkEveryHours: 6, startAtLogin: false };
      const services = {
        events,
        notifier: ports.notifier!(events),
        global,
        dispatch: vi.fn(),
        startup: vi.fn(() => Promise.resolve()),
        sites: { connect: vi.fn() },
        secrets: { shutdown: vi.fn(() => Promise.resolve()) },
        inventory: { flush: vi.fn(() => Promise.resolve()) },
        notifications: {
          start: vi.fn(() => {
            h.log.push('notifications.start');
            return Promise.resolve();
          }),
          stop: vi.fn(() => h.log.push('notifications.stop')),
          checkAll: vi.fn(() => Promise.resolve(0)),
          globalSettings: () => global,
        },
      };
      h.services.current = services;
      h.services.ports = ports;
      return services as unknown as MainServices;
    },
  };
});

interface FakeServices {
  events: EventHub;
  notifier: Notifier;
  global: { startAtLogin: boolean };
  notifications: Record<'start' | 'stop' | 'checkAll', ReturnType<typeof vi.fn>>;
  secrets: { shutdown: ReturnType<typeof vi.fn> };
  inventory: { flush: ReturnType<typeof vi.fn> };
}
const services = (): FakeServices => h.services.current as unknown as FakeServices;
const { BrowserWindow, Tray, Notification } = h.electron;

const argv = process.argv;

async function launch(options: { lock?: boolean; args?: string[] } = {}): Promise<void> {
  h.state.lock = options.lock ?? true;
  process.argv = [...argv, ...(options.args ?? [])];
  vi.resetModules();
  await import('../../../electron/main.js');
  if (h.state.lock) await vi.waitFor(() => expect(h.log).toContain('loadURL'));
  else await new Promise((resolve) => setTimeout(resolve, 10));
}

const notification: KeyNotification = {
  id: 'n1',
  siteId: 'demo',
  title: 'A key expires in 7 days',
  body: 'Key "scanner-main" of MR Scanner expires on 3 Dec 2026.',
  target: { page: 'devices', deviceId: 'dev-1', keyId: 'key-1' },
  keyIds: ['key-1'],
};

beforeEach(() => {
  h.state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-main-'));
  h.log.length = 0;
  h.appListeners.clear();
  h.services.current = null;
  BrowserWindow.created = [];
  Tray.created = [];
  Notification.created = [];
  h.electron.dialog.shown.length = 0;
  h.settings.clear();
  h.electron.protocol.handlers.clear();
  h.electron.shell.opened.length = 0;
  h.electron.shell.revealed.length = 0;
  h.electron.Menu.application = null;
  delete process.env.KEYWARDEN_DEMO_KEY;
  delete process.env.KEYWARDEN_CA_FILE;
});
afterEach(() => {
  process.argv = argv;
  fs.rmSync(h.state.dir, { recursive: true, force: true });
});

describe('the Electron main process', () => {
  it('quits at once when another instance holds the lock, before anything starts', async () => {
    await launch({ lock: false });
    expect(h.log).toEqual(['lock', 'quit']);
    expect(h.services.current).toBeNull();
    expect(BrowserWindow.created).toEqual([]);
  });

  it('starts in order: lock, services, window, tray, then the checks, then the page', async () => {
    await launch();
    expect(h.log).toEqual([
      'lock',
      'register app',
      'whenReady',
      'handle app',
      'services',
      'window',
      'tray',
      'notifications.start',
      'loadURL',
    ]);
    const [window] = BrowserWindow.created;
    expect(window!.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(window!.loadedUrl).toBe('app://keywarden/index.html');
    // Shown once ready: an ordinary launch.
    window!.emit('ready-to-show');
    expect(window!.calls).toEqual(['show']);
  });

  it("forwards the hub's events to the window with webContents.send on EVENT_CHANNEL", async () => {
    await launch();
    services().events.publish({ type: 'inventory-changed', siteId: 'demo' });
    expect(BrowserWindow.created[0]!.sent).toEqual([[EVENT_CHANNEL, { type: 'inventory-changed', siteId: 'demo' }]]);
  });

  it('gives the services the Electron notifier: a click focuses the window and the renderer gets an open event', async () => {
    await launch();
    const window = BrowserWindow.created[0]!;
    window.minimized = true;
    services().notifier.show(notification);
    expect(Notification.created[0]!.options).toMatchObject({ title: notification.title, body: notification.body });
    Notification.created[0]!.emit('click');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    expect(window.sent).toEqual([[EVENT_CHANNEL, { type: 'open', siteId: 'demo', target: notification.target }]]);
  });

  it('shows the attention count as the badge and in the tray; the tray menu opens, checks and quits', async () => {
    await launch();
    services().notifier.setAttention(3);
    expect(h.state.badge).toBe(3);
    const [tray] = Tray.created;
    expect(tray!.tooltip).toBe('Keywarden: 3 keys need attention');
    tray!.click('check');
    expect(services().notifications.checkAll).toHaveBeenCalledTimes(1);
    tray!.click('open');
    expect(BrowserWindow.created[0]!.calls).toEqual(['show', 'focus']);
    tray!.click('quit');
    expect(h.log.at(-1)).toBe('quit');
  });

  it('start at login goes through the login-item adapter with --hidden', async () => {
    await launch();
    services().notifier.applyStartAtLogin?.(true);
    if (process.platform === 'linux') {
      const entry = fs.readFileSync(path.join(h.state.dir, 'appData', 'autostart', 'keywarden.desktop'), 'utf8');
      expect(entry).toMatch(/^Exec=".*" --hidden$/m);
    } else {
      expect(h.state.loginItem).toMatchObject({ openAtLogin: true, args: ['--hidden'] });
    }
  });

  it("gives the services a confirmer that asks with a native box on the app's window", async () => {
    await launch();
    const confirmer = h.services.ports?.confirmer;
    expect(confirmer).toBeDefined();
    const request = { title: 'Disable user "Grace"?', lines: [], confirmLabel: 'Disable user', destructive: true } as const;
    h.electron.dialog.response = 1;
    expect(await confirmer!.confirm(request)).toBe(false);
    h.electron.dialog.response = 0;
    expect(await confirmer!.confirm(request)).toBe(true);
    expect(h.electron.dialog.shown).toHaveLength(2);
    expect(h.electron.dialog.shown[0]!.parent).toBe(BrowserWindow.created[0]);
    expect(h.electron.dialog.shown[0]!.options).toMatchObject({ message: request.title, buttons: ['Disable user', 'Cancel'] });
  });

  it('a second launch brings the window to the front', async () => {
    await launch();
    h.emitApp('second-instance', {}, ['/opt/keywarden'], '/');
    expect(BrowserWindow.created[0]!.calls).toEqual(['show', 'focus']);
  });

  it('stops the checks on quit, clears the clipboard and saves the inventory', async () => {
    await launch();
    h.emitApp('before-quit', { preventDefault: vi.fn() });
    expect(services().notifications.stop).toHaveBeenCalled();
    expect(services().secrets.shutdown).toHaveBeenCalled();
    expect(services().inventory.flush).toHaveBeenCalled();
  });

  it('holds the quit until the snapshot writer has flushed, then quits once', async () => {
    await launch();
    let finishWrite: () => void = () => undefined;
    services().inventory.flush.mockImplementation(() => new Promise<void>((resolve) => (finishWrite = resolve)));
    const first = { preventDefault: vi.fn() };
    h.emitApp('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    await Promise.resolve();
    expect(h.log.filter((entry) => entry === 'quit')).toHaveLength(0);
    finishWrite();
    await vi.waitFor(() => expect(h.log.filter((entry) => entry === 'quit')).toHaveLength(1));
    const second = { preventDefault: vi.fn() };
    h.emitApp('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(services().inventory.flush).toHaveBeenCalledTimes(1);
  });

  it('closing the window quits unless start at login is on, then it hides to the tray', async () => {
    await launch();
    const window = BrowserWindow.created[0]!;
    const close = { preventDefault: vi.fn() };
    window.emit('close', close);
    expect(close.preventDefault).not.toHaveBeenCalled();
    h.emitApp('window-all-closed');
    expect(h.log.at(-1)).toBe('quit');

    services().global.startAtLogin = true;
    const hide = { preventDefault: vi.fn() };
    window.emit('close', hide);
    expect(hide.preventDefault).toHaveBeenCalled();
    expect(window.calls).toEqual(['hide']);
  });

  it('started at login (--hidden): the page loads but only the tray shows, and closing hides again', async () => {
    await launch({ args: ['--hidden'] });
    const window = BrowserWindow.created[0]!;
    window.emit('ready-to-show');
    expect(window.calls).toEqual([]);
    expect(window.loadedUrl).not.toBe('');
    expect(Tray.created).toHaveLength(1);
    const close = { preventDefault: vi.fn() };
    window.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
  });

  it('serves the renderer folder on app://keywarden with the CSP, and refuses the web host bridge', async () => {
    await launch();
    const handler = h.electron.protocol.handlers.get('app')!;
    const page = await handler(new Request('app://keywarden/nothing-here.html'));
    expect(page.status).toBe(404);
    const bridge = await handler(new Request('app://keywarden/web-bridge.js'));
    expect(bridge.status).toBe(404);
    expect(bridge.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  it('sets the application menu: Help opens the project pages through the allowlist and reveals the log file', async () => {
    await launch();
    const template = h.electron.Menu.application!.template;
    const help = template.find((item) => item.id === 'help')!.submenu as MenuItemConstructorOptions[];
    const click = (id: string) => (help.find((item) => item.id === id)!.click as () => void)();
    click('readme');
    click('report-issue');
    click('reveal-logs');
    expect(h.electron.shell.opened).toEqual([
      'https://github.com/keywarden/keywarden#readme',
      'https://github.com/keywarden/keywarden/issues',
    ]);
    expect(h.electron.shell.revealed).toEqual([path.join(h.state.dir, 'logs', 'main.log')]);
    // Updates are off by default: no menu item, and electron-updater is never loaded.
    expect(help.some((item) => item.id === 'check-updates')).toBe(false);
    expect(h.log).not.toContain('updater loaded');
  });

  it('gives the About panel the version and the licence list (or says it was not built)', async () => {
    await launch();
    expect(h.electron.app.about).toMatchObject({ applicationName: 'Keywarden', applicationVersion: '0.1.0' });
  });

  it("writes main's log through the rotating writer in the logs folder", async () => {
    await launch();
    const ports = h.services.ports!;
    ports.logger.info('test.line', { n: 1 });
    const text = fs.readFileSync(path.join(h.state.dir, 'logs', 'main.log'), 'utf8');
    expect(text).toContain('"event":"test.line"');
  });

  it('opens the window where it was, and saves its place when it closes', async () => {
    h.settings.set('windowState', {
      displays: { '1@0,0,1920x1080': { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: false } },
      last: '1@0,0,1920x1080',
    });
    await launch();
    const window = BrowserWindow.created[0]!;
    expect(window.options).toMatchObject({ x: 100, width: 1000 });
    window.bounds = { x: 300, y: 60, width: 1100, height: 750 };
    window.emit('close', { preventDefault: vi.fn() });
    expect(h.settings.get('windowState')).toMatchObject({
      displays: { '1@0,0,1920x1080': { bounds: { x: 300, y: 60, width: 1100, height: 750 }, maximized: false } },
    });
  });

  it('with an update feed in the settings, loads the updater at start (and logs that it could not here)', async () => {
    h.settings.set('updates', { feedUrl: 'https://updates.example.org/keywarden/' });
    await launch();
    await vi.waitFor(() => expect(h.log).toContain('updater loaded'));
    const help = h.electron.Menu.application!.template.find((item) => item.id === 'help')!
      .submenu as MenuItemConstructorOptions[];
    expect(help.some((item) => item.id === 'check-updates')).toBe(true);
  });
});
