import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, type MainEvent } from '../../../../shared/events.js';

vi.mock('electron', () => ({}));

const { forwardEvents } = await import('../../../../electron/adapters/event-forwarder.js');
const { EventHub } = await import('../../../../electron/services/event-hub.js');

function window(state: { destroyed?: boolean; contentsDestroyed?: boolean } = {}) {
  return {
    isDestroyed: () => state.destroyed ?? false,
    webContents: { isDestroyed: () => state.contentsDestroyed ?? false, send: vi.fn() },
  };
}

const changed: MainEvent = { type: 'inventory-changed', siteId: 'demo' };
const open: MainEvent = { type: 'open', siteId: 'demo', target: { page: 'my-keys', keyId: 'key-9' } };

describe('forwardEvents', () => {
  it("sends every hub event to our window's webContents on EVENT_CHANNEL", () => {
    const hub = new EventHub();
    const ours = window();
    forwardEvents(hub, () => ours);
    hub.publish(changed);
    hub.publish(open);
    expect(ours.webContents.send.mock.calls).toEqual([
      [EVENT_CHANNEL, changed],
      [EVENT_CHANNEL, open],
    ]);
    expect(EVENT_CHANNEL).toBe('keywarden:event');
  });

  it('sends nothing while there is no window, or when it or its page is destroyed', () => {
    const hub = new EventHub();
    let current: ReturnType<typeof window> | null = null;
    forwardEvents(hub, () => current);
    expect(() => hub.publish(changed)).not.toThrow();
    for (const state of [{ destroyed: true }, { contentsDestroyed: true }]) {
      current = window(state);
      hub.publish(changed);
      expect(current.webContents.send).not.toHaveBeenCalled();
    }
  });

  it('follows the window the accessor answers (a new window gets the events, the old one no more)', () => {
    const hub = new EventHub();
    const first = window();
    const second = window();
    let current = first;
    forwardEvents(hub, () => current);
    hub.publish(changed);
    current = second;
    hub.publish(open);
    expect(first.webContents.send).toHaveBeenCalledTimes(1);
    expect(second.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, open);
  });

  it('the returned function unsubscribes', () => {
    const hub = new EventHub();
    const ours = window();
    const stop = forwardEvents(hub, () => ours);
    stop();
    hub.publish(changed);
    expect(ours.webContents.send).not.toHaveBeenCalled();
  });
});
