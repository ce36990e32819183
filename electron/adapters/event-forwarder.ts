/**
 * Main's event stream to the desktop renderer (design.md, "One event stream from main"): every event the hub
 * publishes goes to our own window with `webContents.send` on EVENT_CHANNEL, where the preload parses it. Only
 * that window receives it; nothing is sent while there is none or it is being destroyed.
 */
import type { BrowserWindow } from 'electron';
import { EVENT_CHANNEL, type EventListener } from '../../shared/events.js';

export type EventWindow = Pick<BrowserWindow, 'isDestroyed'> & {
  readonly webContents: Pick<BrowserWindow['webContents'], 'isDestroyed' | 'send'>;
};

/** Subscribes to the hub; answers the unsubscribe function. */
export function forwardEvents(
  events: { subscribe(listener: EventListener): () => void },
  window: () => EventWindow | null,
): () => void {
  return events.subscribe((event) => {
    const target = window();
    if (!target || target.isDestroyed() || target.webContents.isDestroyed()) return;
    target.webContents.send(EVENT_CHANNEL, event);
  });
}
