/**
 * Where the window opens (issue 11): the size, position and maximised state it had on each display, kept in the
 * settings store, keyed by the display (its id and bounds, so a different monitor on the same port is another
 * display). Pure functions: the saved state and the current displays in, the bounds to use out. A window never opens
 * off screen: a display that is gone, a window partly outside the work area or a work area that shrank (a lower
 * resolution, a bigger taskbar) all bring it back, whole, onto a display that is there.
 */
import { z } from 'zod';

export const WINDOW_STATE_KEY = 'windowState';
/** Displays remembered; the oldest is forgotten first (a laptop meets many projectors). */
export const MAX_DISPLAYS = 8;

const rect = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Rect = z.infer<typeof rect>;

const placementOnDisplay = z.strictObject({ bounds: rect, maximized: z.boolean() });
export const windowState = z.strictObject({
  displays: z.record(z.string(), placementOnDisplay),
  /** The display the window was last on. */
  last: z.string(),
});
export type WindowState = z.infer<typeof windowState>;

export interface DisplayInfo {
  readonly id: number;
  readonly bounds: Rect;
  readonly workArea: Rect;
}

export interface Placement {
  /** null: no usable memory; the window opens at its default size, centred by the system. */
  readonly bounds: Rect | null;
  readonly maximized: boolean;
}

export function displayKey(display: Pick<DisplayInfo, 'id' | 'bounds'>): string {
  const { x, y, width, height } = display.bounds;
  return `${display.id}@${x},${y},${width}x${height}`;
}

/** The saved state, or null when there is none or it is not ours (a hand-edited or older settings file). */
export function parseWindowState(value: unknown): WindowState | null {
  const parsed = windowState.safeParse(value);
  return parsed.success && parsed.data.displays[parsed.data.last] ? parsed.data : null;
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

/** The rectangle moved (and shrunk if needed) so that all of it lies inside the area. */
export function fitInto(bounds: Rect, area: Rect): Rect {
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  return {
    x: Math.round(clamp(bounds.x, area.x, area.x + area.width - width)),
    y: Math.round(clamp(bounds.y, area.y, area.y + area.height - height)),
    width: Math.round(width),
    height: Math.round(height),
  };
}

function centreIn(size: Pick<Rect, 'width' | 'height'>, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width: Math.round(width),
    height: Math.round(height),
  };
}

/**
 * Where to open: on the display it was last on if that display is there; else on another remembered display that
 * is there (the primary first); else centred on the primary display at its last size.
 */
export function placeWindow(saved: WindowState | null, displays: readonly DisplayInfo[], primaryId: number): Placement {
  if (!saved || displays.length === 0) return { bounds: null, maximized: false };
  const primary = displays.find((display) => display.id === primaryId) ?? displays[0]!;
  const byKey = new Map(displays.map((display) => [displayKey(display), display]));
  const candidates = [saved.last, displayKey(primary), ...Object.keys(saved.displays)];
  for (const key of candidates) {
    const display = byKey.get(key);
    const remembered = saved.displays[key];
    if (display && remembered) return { bounds: fitInto(remembered.bounds, display.workArea), maximized: remembered.maximized };
  }
  const last = saved.displays[saved.last]!;
  return { bounds: centreIn(last.bounds, primary.workArea), maximized: last.maximized };
}

/** The state after the window was seen at `bounds` (its normal, unmaximised bounds) on `display`. */
export function rememberPlacement(
  previous: WindowState | null,
  display: Pick<DisplayInfo, 'id' | 'bounds'>,
  bounds: Rect,
  maximized: boolean,
): WindowState {
  const key = displayKey(display);
  const others = Object.entries(previous?.displays ?? {}).filter(([known]) => known !== key);
  const kept = others.slice(Math.max(0, others.length - (MAX_DISPLAYS - 1)));
  const rounded = {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(1, Math.round(bounds.width)),
    height: Math.max(1, Math.round(bounds.height)),
  };
  return { displays: Object.fromEntries([...kept, [key, { bounds: rounded, maximized }]]), last: key };
}
