/**
 * The window-state adapter with a fake window, screen and timer: a burst of moves saves once, after the delay;
 * closing saves at once; the saved place is what opens next time.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Timeout } from '../../../../electron/ports.js';
import { displayKey, WINDOW_STATE_KEY, type DisplayInfo, type Rect } from '../../../../electron/window-state.js';

vi.mock('electron', () => ({}));
const { loadPlacement, SAVE_DELAY_MS, trackWindowState } = await import('../../../../electron/adapters/window-state-tracker.js');

type Listener = () => void;

const laptop: DisplayInfo = {
  id: 7,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
};

/** Tasks wait until the test runs them; cancelled ones never run. */
function fakeTimeout() {
  const pending: { ms: number; task: () => void; cancelled: boolean }[] = [];
  const timeout: Timeout = {
    after(ms, task) {
      const entry = { ms, task, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
  };
  const runDue = () => {
    for (const entry of pending.splice(0)) if (!entry.cancelled) entry.task();
  };
  return { timeout, pending, runDue };
}

function setup() {
  const listeners = new Map<string, Listener[]>();
  const state = { bounds: { x: 100, y: 100, width: 1000, height: 700 } as Rect, maximized: false, destroyed: false };
  const window = {
    on: (event: string, listener: Listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    isDestroyed: () => state.destroyed,
    isMaximized: () => state.maximized,
    getNormalBounds: () => state.bounds,
  };
  const data = new Map<string, unknown>();
  const store = { get: (key: string) => data.get(key), set: vi.fn((key: string, value: unknown) => data.set(key, value)) };
  const screen = {
    getDisplayMatching: () => laptop,
    getAllDisplays: () => [laptop],
    getPrimaryDisplay: () => laptop,
  };
  const timer = fakeTimeout();
  trackWindowState({ window: window as never, screen: screen as never, store, timeout: timer.timeout });
  const emit = (event: string) => listeners.get(event)?.forEach((listener) => listener());
  return { state, store, data, screen, timer, emit };
}

describe('trackWindowState', () => {
  it('saves a burst of moves and resizes once, after the delay', () => {
    const { state, store, timer, emit } = setup();
    emit('move');
    state.bounds = { x: 200, y: 150, width: 1000, height: 700 };
    emit('move');
    emit('resize');
    expect(store.set).not.toHaveBeenCalled();
    expect(timer.pending.map((entry) => entry.ms)).toEqual([SAVE_DELAY_MS, SAVE_DELAY_MS, SAVE_DELAY_MS]);
    timer.runDue();
    expect(store.set).toHaveBeenCalledTimes(1);
    expect(store.set.mock.calls[0]![1]).toEqual({
      displays: { [displayKey(laptop)]: { bounds: { x: 200, y: 150, width: 1000, height: 700 }, maximized: false } },
      last: displayKey(laptop),
    });
  });

  it('saves at once on close, with the maximised state, and nothing is left pending', () => {
    const { state, store, timer, emit } = setup();
    emit('maximize');
    state.maximized = true;
    emit('close');
    expect(store.set).toHaveBeenCalledTimes(1);
    timer.runDue();
    expect(store.set).toHaveBeenCalledTimes(1);
  });

  it('saves nothing for a destroyed window', () => {
    const { state, store, timer, emit } = setup();
    emit('resize');
    state.destroyed = true;
    timer.runDue();
    expect(store.set).not.toHaveBeenCalled();
  });

  it('what was saved is where the window opens next time', () => {
    const { state, store, screen, emit } = setup();
    state.bounds = { x: 300, y: 200, width: 1200, height: 800 };
    state.maximized = true;
    emit('close');
    expect(loadPlacement(store, screen as never)).toEqual({ bounds: state.bounds, maximized: true });
  });

  it('opens at the default place when the store holds nothing usable', () => {
    const { data, store, screen } = setup();
    data.set(WINDOW_STATE_KEY, { last: 'nowhere' });
    expect(loadPlacement(store, screen as never)).toEqual({ bounds: null, maximized: false });
  });
});
