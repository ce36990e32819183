/**
 * Where the window opens (issue 11): per display, and always whole on a display that is there.
 */
import { describe, expect, it } from 'vitest';
import {
  displayKey,
  fitInto,
  MAX_DISPLAYS,
  parseWindowState,
  placeWindow,
  rememberPlacement,
  type DisplayInfo,
} from '../../../electron/window-state.js';

const laptop: DisplayInfo = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
};
const monitor: DisplayInfo = {
  id: 2,
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
};

describe('placeWindow', () => {
  it('without memory, lets the system centre the default size', () => {
    expect(placeWindow(null, [laptop], 1)).toEqual({ bounds: null, maximized: false });
  });

  it('opens where it was on the display it was last on, maximised if it was', () => {
    const onMonitor = { x: 2100, y: 100, width: 1400, height: 900 };
    const saved = rememberPlacement(
      rememberPlacement(null, laptop, { x: 10, y: 10, width: 1000, height: 700 }, false),
      monitor,
      onMonitor,
      true,
    );
    expect(placeWindow(saved, [laptop, monitor], 1)).toEqual({ bounds: onMonitor, maximized: true });
  });

  it('a display that is gone: the place it had on a display that is there', () => {
    const onLaptop = { x: 10, y: 10, width: 1000, height: 700 };
    const saved = rememberPlacement(
      rememberPlacement(null, laptop, onLaptop, false),
      monitor,
      { x: 2100, y: 100, width: 1400, height: 900 },
      true,
    );
    expect(placeWindow(saved, [laptop], 1)).toEqual({ bounds: onLaptop, maximized: false });
  });

  it('a display that is gone and no other remembered: centred on the primary display at its last size', () => {
    const saved = rememberPlacement(null, monitor, { x: 2100, y: 100, width: 1400, height: 900 }, false);
    expect(placeWindow(saved, [laptop], 1)).toEqual({ bounds: { x: 260, y: 70, width: 1400, height: 900 }, maximized: false });
  });

  it('the same display id with other bounds (another monitor on that port) is another display', () => {
    const saved = rememberPlacement(null, monitor, { x: 2100, y: 100, width: 1400, height: 900 }, false);
    const smaller = {
      ...monitor,
      bounds: { x: 1920, y: 0, width: 1280, height: 720 },
      workArea: { x: 1920, y: 0, width: 1280, height: 690 },
    };
    expect(displayKey(smaller)).not.toBe(displayKey(monitor));
    const placed = placeWindow(saved, [laptop, smaller], 1);
    expect(placed.bounds).toEqual({ x: 260, y: 70, width: 1400, height: 900 });
  });

  it('a window partly off screen comes back whole', () => {
    const saved = rememberPlacement(null, laptop, { x: 1500, y: 800, width: 1000, height: 700 }, false);
    expect(placeWindow(saved, [laptop], 1).bounds).toEqual({ x: 920, y: 340, width: 1000, height: 700 });
    const left = rememberPlacement(null, laptop, { x: -600, y: -50, width: 1000, height: 700 }, false);
    expect(placeWindow(left, [laptop], 1).bounds).toEqual({ x: 0, y: 0, width: 1000, height: 700 });
  });

  it('a work area that shrank (a taller taskbar) shrinks and moves the window into it', () => {
    const saved = rememberPlacement(null, laptop, { x: 0, y: 0, width: 1920, height: 1040 }, false);
    const taller = { ...laptop, workArea: { x: 0, y: 80, width: 1920, height: 960 } };
    expect(placeWindow(saved, [taller], 1).bounds).toEqual({ x: 0, y: 80, width: 1920, height: 960 });
    // A taskbar moved to the left edge: narrower.
    const narrower = { ...laptop, workArea: { x: 100, y: 0, width: 1820, height: 1040 } };
    expect(placeWindow(saved, [narrower], 1).bounds).toEqual({ x: 100, y: 0, width: 1820, height: 1040 });
  });
});

describe('fitInto', () => {
  it('leaves a window that is inside the area alone', () => {
    const area = { x: 0, y: 0, width: 100, height: 100 };
    expect(fitInto({ x: 0, y: 0, width: 100, height: 100 }, area)).toEqual({ x: 0, y: 0, width: 100, height: 100 });
    expect(fitInto({ x: 1, y: 0, width: 100, height: 100 }, area)).toEqual({ x: 0, y: 0, width: 100, height: 100 });
  });
});

describe('rememberPlacement and parseWindowState', () => {
  it('keeps one place per display and the last display', () => {
    let state = rememberPlacement(null, laptop, { x: 1, y: 2, width: 300, height: 200 }, false);
    state = rememberPlacement(state, monitor, { x: 2000, y: 2, width: 300, height: 200 }, true);
    state = rememberPlacement(state, laptop, { x: 5, y: 6, width: 300, height: 200 }, false);
    expect(Object.keys(state.displays)).toEqual([displayKey(monitor), displayKey(laptop)]);
    expect(state.last).toBe(displayKey(laptop));
    expect(state.displays[displayKey(laptop)]!.bounds.x).toBe(5);
  });

  it(`forgets the oldest display beyond ${MAX_DISPLAYS}`, () => {
    let state = null;
    for (let id = 1; id <= MAX_DISPLAYS + 2; id += 1) {
      state = rememberPlacement(state, { ...laptop, id }, { x: 0, y: 0, width: 300, height: 200 }, false);
    }
    expect(Object.keys(state!.displays)).toHaveLength(MAX_DISPLAYS);
    expect(Object.keys(state!.displays)[0]).toBe(displayKey({ ...laptop, id: 3 }));
  });

  it('ignores a stored value that is not ours', () => {
    expect(parseWindowState(undefined)).toBeNull();
    expect(parseWindowState({ displays: {}, last: 'x' })).toBeNull();
    expect(
      parseWindowState({ displays: { a: { bounds: { x: 0, y: 0, width: 0, height: 1 }, maximized: false } }, last: 'a' }),
    ).toBeNull();
    const good = rememberPlacement(null, laptop, { x: 1, y: 2, width: 300, height: 200 }, false);
    expect(parseWindowState(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });
});
