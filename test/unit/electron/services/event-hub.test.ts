import { describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../../electron/services/event-hub.js';
import type { MainEvent } from '../../../../shared/events.js';

const notification = (id: string): MainEvent => ({
  type: 'notification',
  notification: {
    id,
    siteId: 's',
    title: 'Key expires in 7 days',
    body: 'b',
    target: { page: 'my-keys', keyId: 'k' },
    keyIds: ['k'],
  },
});

describe('EventHub', () => {
  it('delivers to every listener, and a throwing one does not stop the others', () => {
    const hub = new EventHub();
    const broken = vi.fn(() => {
      throw new Error('gone');
    });
    const good = vi.fn();
    hub.subscribe(broken);
    hub.subscribe(good);
    hub.publish({ type: 'inventory-changed', siteId: 's' });
    expect(good).toHaveBeenCalledWith({ type: 'inventory-changed', siteId: 's' });
  });

  it('holds notifications published while no page listens, and gives them to the first listener only', () => {
    const hub = new EventHub();
    hub.publish(notification('one'));
    hub.publish({ type: 'inventory-changed', siteId: 's' });
    hub.publish(notification('two'));
    const first = vi.fn();
    hub.subscribe(first);
    expect(first.mock.calls.map(([event]) => (event as MainEvent).type)).toEqual(['notification', 'notification']);
    const second = vi.fn();
    hub.subscribe(second);
    expect(second).not.toHaveBeenCalled();
  });

  it('keeps at most the newest 100 held notifications', () => {
    const hub = new EventHub();
    for (let n = 0; n < 105; n += 1) hub.publish(notification(`n${n}`));
    const listener = vi.fn();
    hub.subscribe(listener);
    expect(listener).toHaveBeenCalledTimes(100);
    expect((listener.mock.calls[0]?.[0] as Extract<MainEvent, { type: 'notification' }>).notification.id).toBe('n5');
  });

  it('stops delivering once unsubscribed', () => {
    const hub = new EventHub();
    const listener = vi.fn();
    const unsubscribe = hub.subscribe(listener);
    unsubscribe();
    hub.publish({ type: 'inventory-changed', siteId: 's' });
    expect(listener).not.toHaveBeenCalled();
  });
});
