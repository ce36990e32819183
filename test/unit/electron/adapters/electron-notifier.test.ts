/**
 * The desktop notifier over fakes of Electron's Notification, app and Tray: what reaches the system (title and
 * body only, never a secret), the references kept until a notification is done, what a click does (the window to
 * the front, an `open` event with the target on the hub), and the attention count as badge and tray text.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mainEvent, type MainEvent } from '../../../../shared/events.js';
import type { KeyNotification } from '../../../../shared/expiry-notifications.js';
import { fakeApp, fakeIcon, fakeMenu, FakeNotification, FakeTray, fakeWindow } from './electron-fakes.js';

// The adapters take Electron's objects as parameters; an accidental value import of electron would get nothing here.
vi.mock('electron', () => ({}));

const { createElectronNotifier, MAX_KEPT_NOTIFICATIONS } = await import('../../../../electron/adapters/electron-notifier.js');
const { revealWindow } = await import('../../../../electron/adapters/app-window.js');
const { createAppTray } = await import('../../../../electron/adapters/tray.js');
const { EventHub } = await import('../../../../electron/services/event-hub.js');

const notification = (overrides: Partial<KeyNotification> = {}): KeyNotification => ({
  id: 'demo:key-1:2026-12-03:7',
  siteId: 'demo',
  title: 'A key expires in 7 days',
  body: 'Key "scanner-main" of MR Scanner (Room 2) expires on 3 Dec 2026.',
  target: { page: 'devices', deviceId: 'dev-1', keyId: 'key-1' },
  keyIds: ['key-1'],
  ...overrides,
});

function setup(options: { tray?: boolean; minimized?: boolean } = {}) {
  const app = fakeApp();
  const window = fakeWindow({ minimized: options.minimized ?? false });
  const hub = new EventHub();
  const events: MainEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const applyStartAtLogin = vi.fn();
  const tray =
    options.tray === false
      ? null
      : createAppTray({
          Tray: FakeTray as never,
          Menu: fakeMenu,
          icon: fakeIcon,
          platform: 'linux',
          actions: { open: vi.fn(), checkNow: vi.fn().mockResolvedValue(0), quit: vi.fn() },
        });
  const notifier = createElectronNotifier({
    Notification: FakeNotification,
    app: app as never,
    events: hub,
    focusApp: () => revealWindow(window as never),
    tray: () => tray,
    icon: fakeIcon,
    applyStartAtLogin,
  });
  return { app, window, events, notifier, applyStartAtLogin, fakeTray: FakeTray.created.at(-1) };
}

beforeEach(() => {
  FakeNotification.reset();
  FakeTray.created = [];
});

describe('the Electron notifier', () => {
  it('shows a notification with the title and body, and nothing else of the notification', () => {
    const { notifier } = setup();
    // A field that must never reach the system, even if something upstream put it there.
    notifier.show({ ...notification(), secret: 'KEYCANARY-0123456789' } as KeyNotification);
    const [shown] = FakeNotification.created;
    expect(shown?.shown).toBe(true);
    expect(shown?.options).toEqual({
      title: 'A key expires in 7 days',
      body: 'Key "scanner-main" of MR Scanner (Room 2) expires on 3 Dec 2026.',
      icon: fakeIcon,
    });
    expect(JSON.stringify(shown?.options)).not.toContain('CANARY');
  });

  it('shows nothing where the system has no notifications (the badge and tray still count)', () => {
    const { notifier, app } = setup();
    FakeNotification.supported = false;
    expect(() => notifier.show(notification())).not.toThrow();
    expect(FakeNotification.created).toEqual([]);
    notifier.setAttention(2);
    expect(app.badge).toBe(2);
  });

  it('keeps a reference to each notification until it is closed, clicked or failed', () => {
    const { notifier } = setup();
    for (const id of ['a', 'b', 'c']) notifier.show(notification({ id }));
    expect(notifier.kept()).toBe(3);
    const [first, second, third] = FakeNotification.created;
    first!.emit('close');
    expect(notifier.kept()).toBe(2);
    second!.emit('click');
    expect(notifier.kept()).toBe(1);
    third!.emit('failed');
    expect(notifier.kept()).toBe(0);
  });

  it('lets the oldest references go beyond a bound (a platform that never reports close)', () => {
    const { notifier } = setup();
    for (let i = 0; i < MAX_KEPT_NOTIFICATIONS + 5; i += 1) notifier.show(notification({ id: `n${i}` }));
    expect(notifier.kept()).toBe(MAX_KEPT_NOTIFICATIONS);
    // The newest is still held: its click still works.
    FakeNotification.created.at(-1)!.emit('click');
    expect(notifier.kept()).toBe(MAX_KEPT_NOTIFICATIONS - 1);
  });

  it('a click restores and focuses the window and publishes an open event with the target', () => {
    const { notifier, window, events } = setup({ minimized: true });
    notifier.show(notification());
    expect(window.calls).toEqual([]);
    FakeNotification.created[0]!.emit('click');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    const opens = events.filter((event) => event.type === 'open');
    expect(opens).toEqual([{ type: 'open', siteId: 'demo', target: { page: 'devices', deviceId: 'dev-1', keyId: 'key-1' } }]);
    // What the preload will accept.
    expect(mainEvent.safeParse(opens[0]).success).toBe(true);
  });

  it('a summary notification opens the inventory filtered to its keys', () => {
    const { notifier, events } = setup();
    const target: KeyNotification['target'] = { page: 'inventory', keyIds: ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'] };
    notifier.show(
      notification({ id: 'summary', title: '6 keys expire within 7 days', target, keyIds: ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'] }),
    );
    FakeNotification.created[0]!.emit('click');
    expect(events).toEqual([{ type: 'open', siteId: 'demo', target }]);
  });

  it('setAttention sets the app badge and the tray tooltip and menu line', () => {
    const { notifier, app, fakeTray } = setup();
    notifier.setAttention(3);
    expect(app.badge).toBe(3);
    expect(fakeTray?.tooltip).toBe('Keywarden: 3 keys need attention');
    expect(fakeTray?.item('attention')).toMatchObject({ label: '3 keys need attention', enabled: false });
    notifier.setAttention(0);
    expect(app.badge).toBe(0);
    expect(fakeTray?.tooltip).toBe('Keywarden');
    expect(fakeTray?.item('attention').label).toBe('No key needs attention');
  });

  it('setAttention before the tray exists sets the badge only', () => {
    const { notifier, app } = setup({ tray: false });
    expect(() => notifier.setAttention(1)).not.toThrow();
    expect(app.badge).toBe(1);
  });

  it('hands the start-at-login setting to the login-item adapter', () => {
    const { notifier, applyStartAtLogin } = setup();
    notifier.applyStartAtLogin?.(true);
    expect(applyStartAtLogin).toHaveBeenCalledWith(true);
  });
});
