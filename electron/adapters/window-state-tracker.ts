/**
 * Keeps the window's place (issue 11): reads it from the settings store before the window is made, and saves it
 * while the admin moves or resizes the window, a moment after the last change (a drag emits many events), and
 * at once when the window closes. Electron's window and screen come in as parameters; the rules are in
 * ../window-state.ts.
 */
import type { BrowserWindow, Screen } from 'electron';
import type { KeyValueStore, Timeout } from '../ports.js';
import { parseWindowState, placeWindow, rememberPlacement, WINDOW_STATE_KEY, type Placement } from '../window-state.js';

export const SAVE_DELAY_MS = 500;

export function loadPlacement(
  store: Pick<KeyValueStore, 'get'>,
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>,
): Placement {
  return placeWindow(parseWindowState(store.get(WINDOW_STATE_KEY)), screen.getAllDisplays(), screen.getPrimaryDisplay().id);
}

export interface WindowStateDeps {
  readonly window: Pick<BrowserWindow, 'on' | 'isDestroyed' | 'isMaximized' | 'getNormalBounds'>;
  readonly screen: Pick<Screen, 'getDisplayMatching'>;
  readonly store: Pick<KeyValueStore, 'get' | 'set'>;
  readonly timeout: Timeout;
}

export function trackWindowState(deps: WindowStateDeps): void {
  let cancel: (() => void) | null = null;
  const save = (): void => {
    cancel = null;
    if (deps.window.isDestroyed()) return;
    // The normal bounds: a maximised window comes back maximised, and un-maximising it restores the size it had.
    const bounds = deps.window.getNormalBounds();
    const display = deps.screen.getDisplayMatching(bounds);
    const previous = parseWindowState(deps.store.get(WINDOW_STATE_KEY));
    deps.store.set(WINDOW_STATE_KEY, rememberPlacement(previous, display, bounds, deps.window.isMaximized()));
  };
  const later = (): void => {
    cancel?.();
    cancel = deps.timeout.after(SAVE_DELAY_MS, save);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) deps.window.on(event as 'resize', later);
  deps.window.on('close', () => {
    cancel?.();
    save();
  });
}
