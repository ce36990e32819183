import { alpha, type Theme } from '@mui/material/styles';
import type { AlertProps } from '@mui/material';

/** A colour drawn on a surface, and the contrast WCAG asks of it. */
export interface Pair {
  readonly name: string;
  readonly foreground: string;
  readonly background: string;
  /** What a translucent background is laid over. */
  readonly backdrop: string;
  readonly minimum: number;
}

const TEXT = 4.5; // WCAG 1.4.3, body text
const NON_TEXT = 3; // WCAG 1.4.11 and 2.4.13, a focus indicator

const TONES = ['primary', 'secondary', 'error', 'warning', 'success', 'info'] as const;
const SEVERITIES = ['error', 'warning', 'info', 'success'] as const;

/** The grid's own colours (its theme augmentation types them on the CSS-variables palette only). */
export function gridPalette(theme: Theme): { bg?: string; headerBg?: string } {
  return (theme.palette as { DataGrid?: { bg?: string; headerBg?: string } }).DataGrid ?? {};
}

function resolvePath(theme: Theme, path: string): string {
  const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], theme.palette);
  if (typeof value !== 'string') throw new Error(`No palette colour at ${path}`);
  return value;
}

/** Reads a style object's colours as MUI would apply them (functions receive the owner state). */
function styleOf(override: unknown, props: object): Record<string, unknown> {
  const style = typeof override === 'function' ? (override as (p: object) => unknown)(props) : override;
  return (style ?? {}) as Record<string, unknown>;
}

/**
 * Every text and background pair the theme sets, read from the built theme (not from the tokens) so that what
 * MUI derives is checked too: body and secondary text on the page, paper, the grid, its headers, a selected or
 * hovered grid row and the `action.selected` / `action.hover` tints pages use for their own selected entries;
 * each colour's text on its filled form (contained buttons, filled chips) and on its hover; each colour as text on
 * the page and paper (text buttons, outlined chips, `color="error.main"`); links; the default chip; the app bar;
 * standard alerts; and the focus ring against every surface it is drawn on.
 */
export function themePairs(theme: Theme): Pair[] {
  const { palette } = theme;
  const paper = palette.background.paper;
  const page = palette.background.default;
  const grid = gridPalette(theme).bg ?? paper;
  const header = gridPalette(theme).headerBg ?? grid;
  const { selectedOpacity, hoverOpacity } = palette.action;
  const surfaces = [
    { name: 'page', background: page, backdrop: page },
    { name: 'paper', background: paper, backdrop: paper },
    { name: 'grid', background: grid, backdrop: paper },
    { name: 'grid header', background: header, backdrop: grid },
    { name: 'selected row', background: alpha(palette.primary.main, selectedOpacity), backdrop: grid },
    { name: 'hovered selected row', background: alpha(palette.primary.main, selectedOpacity + hoverOpacity), backdrop: grid },
    { name: 'action.selected', background: palette.action.selected, backdrop: grid },
    { name: 'action.hover', background: palette.action.hover, backdrop: grid },
  ];
  const pairs: Pair[] = [];
  const text = (name: string, foreground: string, background: string, backdrop = paper, minimum = TEXT) =>
    pairs.push({ name, foreground, background, backdrop, minimum });

  for (const surface of surfaces) {
    text(`text.primary on ${surface.name}`, palette.text.primary, surface.background, surface.backdrop);
    text(`text.secondary on ${surface.name}`, palette.text.secondary, surface.background, surface.backdrop);
  }
  for (const tone of TONES) {
    const color = palette[tone];
    text(`${tone}.contrastText on ${tone}.main`, color.contrastText, color.main);
    text(`${tone}.contrastText on ${tone}.dark (hover)`, color.contrastText, color.dark);
    text(`${tone}.main on page`, color.main, page, page);
    text(`${tone}.main on paper`, color.main, paper);
    text(`${tone}.dark on paper`, color.dark, paper);
  }
  const linkPath = theme.components?.MuiLink?.defaultProps?.color;
  const link = typeof linkPath === 'string' ? resolvePath(theme, linkPath) : palette.primary.main;
  for (const surface of surfaces) text(`link on ${surface.name}`, link, surface.background, surface.backdrop);
  text('default chip', palette.text.primary, palette.action.selected);

  const appBar = styleOf(theme.components?.MuiAppBar?.styleOverrides?.root, { theme });
  text('app bar text', String(appBar.color), String(appBar.backgroundColor));

  for (const severity of SEVERITIES) {
    const ownerState: AlertProps = { severity, variant: 'standard' };
    const alert = styleOf(theme.components?.MuiAlert?.styleOverrides?.standard, { ownerState, theme });
    text(`${severity} alert`, String(alert.color), String(alert.backgroundColor));
  }

  const ring = String(theme.focusVisible ? theme.focusVisible.outlineColor : 'none');
  for (const surface of surfaces) text(`focus ring on ${surface.name}`, ring, surface.background, surface.backdrop, NON_TEXT);
  return pairs;
}
