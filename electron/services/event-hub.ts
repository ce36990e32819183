/** Main's event stream: services publish, each host forwards to its renderer (webContents.send, server-sent events). */
import type { EventListener, EventSink, MainEvent } from '../../shared/events.js';

export class EventHub implements EventSink {
  private readonly listeners = new Set<EventListener>();

  publish(event: MainEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken host connection must not stop the others or the service that published.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
