/** Main's event stream: services publish, each host forwards to its renderer (webContents.send, server-sent events). */
import type { EventListener, EventSink, MainEvent } from '../../shared/events.js';

/** Notifications held for a page that has not connected yet, at most this many (the newest are kept). */
const HELD_NOTIFICATIONS = 100;

export class EventHub implements EventSink {
  private readonly listeners = new Set<EventListener>();
  /**
   * Most events only matter to a page that is listening now, but a notification is recorded in the ledger as
   * shown when it is published: in the web host, the check at start runs before the browser has connected, so its
   * notifications wait here for the first listener instead of being lost for good.
   */
  private readonly held: MainEvent[] = [];

  publish(event: MainEvent): void {
    if (this.listeners.size === 0) {
      if (event.type === 'notification') {
        this.held.push(event);
        if (this.held.length > HELD_NOTIFICATIONS) this.held.shift();
      }
      return;
    }
    for (const listener of this.listeners) deliver(listener, event);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    for (const event of this.held.splice(0)) deliver(listener, event);
    return () => this.listeners.delete(listener);
  }
}

function deliver(listener: EventListener, event: MainEvent): void {
  try {
    listener(event);
  } catch {
    // One broken host connection must not stop the others or the service that published.
  }
}
