/**
 * WCAG 2.2 contrast ratio (success criteria 1.4.3 and 1.4.11), as a pure function of two CSS colours, so the theme's
 * text and focus colours can be checked in a unit test instead of by eye.
 * https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio and #dfn-relative-luminance
 */

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0..1 */
  readonly a: number;
}

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i;

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)` or `rgba(r, g, b, a)`; null for anything else. */
export function parseColor(css: string): Rgba | null {
  const value = css.trim();
  const hex = HEX.exec(value)?.[1];
  if (hex) {
    const digits = hex.length <= 4 ? [...hex].map((d) => d + d) : (hex.match(/../g) ?? []);
    const [r, g, b, a] = digits.map((pair) => parseInt(pair, 16));
    return { r: r ?? 0, g: g ?? 0, b: b ?? 0, a: a === undefined ? 1 : a / 255 };
  }
  const rgb = RGB.exec(value);
  if (rgb) {
    const [, r, g, b, a] = rgb;
    return { r: Number(r), g: Number(g), b: Number(b), a: a === undefined ? 1 : Number(a) };
  }
  return null;
}

/** A translucent colour as seen over an opaque one (source-over), as a screen shows it. */
export function composite(top: Rgba, under: Rgba): Rgba {
  const mix = (t: number, u: number) => t * top.a + u * (1 - top.a);
  return { r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a: 1 };
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance({ r, g, b }: Rgba): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function parseOrThrow(css: string): Rgba {
  const parsed = parseColor(css);
  if (!parsed) throw new Error(`Not a colour this check reads: ${css}`);
  return parsed;
}

/**
 * Contrast of `foreground` drawn on `background`, from 1 to 21. A translucent background is first laid over
 * `backdrop` (the surface under it, white unless given), and a translucent foreground over the result.
 */
export function contrastRatio(foreground: string, background: string, backdrop = '#ffffff'): number {
  const bg = composite(parseOrThrow(background), parseOrThrow(backdrop));
  const fg = composite(parseOrThrow(foreground), bg);
  const [light, dark] = [relativeLuminance(fg), relativeLuminance(bg)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}
