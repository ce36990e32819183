/**
 * Stand-ins for the few Electron objects the desktop adapters take as parameters (the Electron binary cannot run
 * here). Each records what was done to it and lets a test fire the events Electron would.
 */
import type { MenuItemConstructorOptions, NativeImage, NotificationConstructorOptions } from 'electron';

type Listener = (...args: unknown[]) => unknown;

export function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const listeners = new Map<string, Listener>();
  return {
    calls,
    listeners,
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
    hide: () => calls.push('hide'),
    on: (event: string, listener: Listener) => listeners.set(event, listener),
  };
}

export function fakeApp(lock = true) {
  const listeners = new Map<string, Listener>();
  const calls: string[] = [];
  return {
    calls,
    listeners,
    badge: null as number | null,
    loginItem: null as unknown,
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return this;
    },
    emit(event: string, ...args: unknown[]) {
      listeners.get(event)?.(...args);
    },
    requestSingleInstanceLock: () => {
      calls.push('requestSingleInstanceLock');
      return lock;
    },
    quit: () => calls.push('quit'),
    setBadgeCount(count?: number) {
      this.badge = count ?? null;
      return true;
    },
    setLoginItemSettings(settings: unknown) {
      this.loginItem = settings;
    },
  };
}

/** A Tray that keeps its tooltip, its last menu template and its listeners. */
export class FakeTray {
  static created: FakeTray[] = [];
  tooltip = '';
  template: MenuItemConstructorOptions[] = [];
  destroyed = false;
  readonly listeners = new Map<string, Listener>();
  constructor(readonly image: NativeImage) {
    FakeTray.created.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItemConstructorOptions[] } | null): void {
    this.template = menu?.template ?? [];
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
  item(id: string): MenuItemConstructorOptions {
    const found = this.template.find((entry) => entry.id === id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  }
  click(id: string): void {
    (this.item(id).click as () => void)();
  }
}

/** Menu.buildFromTemplate: the "menu" is the template itself, so a test can read and click its items. */
export const fakeMenu = { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) as never };

export const fakeIcon = { isEmpty: () => false } as unknown as NativeImage;

/** A Notification that records its options and whether it was shown, and lets the test fire its events. */
export class FakeNotification {
  static supported = true;
  static created: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  readonly listeners = new Map<string, Listener[]>();
  constructor(readonly options: NotificationConstructorOptions) {
    FakeNotification.created.push(this);
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {}
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener({});
  }
  static reset(): void {
    FakeNotification.supported = true;
    FakeNotification.created = [];
  }
}
