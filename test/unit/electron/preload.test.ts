/**
 * The preload with Electron's contextBridge and ipcRenderer mocked: it exposes `keyAdmin` and `keyAdminEvents`
 * only; `keyAdminEvents.subscribe` listens on EVENT_CHANNEL, hands the listener only events that parse (never
 * the IPC event object), and its answer removes exactly the listener it added.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeyAdminEvents, MainEvent } from '../../../shared/events.js';

type Handler = (event: unknown, raw: unknown) => void;

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

const { contextBridge, ipcRenderer } = await import('electron');
const { EVENT_CHANNEL } = await import('../../../shared/events.js');

const exposed = new Map<string, unknown>();
beforeAll(async () => {
  await import('../../../electron/preload.js');
  for (const [name, value] of vi.mocked(contextBridge.exposeInMainWorld).mock.calls) exposed.set(name, value);
});

const events = (): KeyAdminEvents => exposed.get('keyAdminEvents') as KeyAdminEvents;
const on = vi.mocked(ipcRenderer.on);
const removeListener = vi.mocked(ipcRenderer.removeListener);

/** The handler the preload gave ipcRenderer.on for the n-th subscription. */
const handler = (n: number): Handler => on.mock.calls[n]![1] as unknown as Handler;

describe('the preload', () => {
  it('exposes keyAdmin and keyAdminEvents, nothing else', () => {
    expect([...exposed.keys()].sort()).toEqual(['keyAdmin', 'keyAdminEvents']);
    expect(Object.isFrozen(events())).toBe(true);
  });

  it('keyAdminEvents subscribes on EVENT_CHANNEL and hands over parsed events only', () => {
    on.mockClear();
    const listener = vi.fn();
    events().subscribe(listener);
    expect(on).toHaveBeenCalledTimes(1);
    expect(on.mock.calls[0]![0]).toBe(EVENT_CHANNEL);
    const open: MainEvent = { type: 'open', siteId: 'demo', target: { page: 'devices', deviceId: 'dev-1', keyId: 'key-1' } };
    const ipcEvent = { sender: { send: vi.fn() }, senderId: 0 };
    handler(0)(ipcEvent, open);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(open);
    // The renderer never gets the IPC event object (it carries the sender).
    expect(listener.mock.calls[0]).toHaveLength(1);
  });

  it('drops a malformed event', () => {
    on.mockClear();
    const listener = vi.fn();
    events().subscribe(listener);
    for (const raw of [
      undefined,
      'open',
      { type: 'open', siteId: 'demo' },
      { type: 'open', siteId: 'demo', target: { page: 'elsewhere', keyId: 'k' } },
      { type: 'unknown-kind' },
      { type: 'notifications-changed', attention: 'many' },
    ]) {
      handler(0)({}, raw);
    }
    expect(listener).not.toHaveBeenCalled();
    handler(0)({}, { type: 'notifications-changed', attention: 2 });
    expect(listener).toHaveBeenCalledWith({ type: 'notifications-changed', attention: 2 });
  });

  it('the returned function removes exactly the listener it added', () => {
    on.mockClear();
    removeListener.mockClear();
    const unsubscribeFirst = events().subscribe(vi.fn());
    events().subscribe(vi.fn());
    unsubscribeFirst();
    expect(removeListener).toHaveBeenCalledTimes(1);
    expect(removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, handler(0));
    expect(handler(0)).not.toBe(handler(1));
  });
});
