import { visionColors } from './vision-tokens.js';

export type ColorMode = 'light' | 'dark';

interface Tone {
  readonly main: string;
  /** Hover of a filled control (Flywheel's buttons darken to `*-medium` on hover). Computed by MUI when absent. */
  readonly dark?: string;
  readonly contrastText: string;
}

interface AlertTone {
  readonly text: string;
  /** May be translucent: it is laid over the paper. */
  readonly background: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'success';

/** Which Flywheel token plays which role in the app, per mode. The MUI theme (app-theme.ts) is built from this. */
export interface Scheme {
  readonly page: string;
  readonly paper: string;
  /** DataGrid column headers (Flywheel's card headers). */
  readonly header: string;
  readonly outline: string;
  readonly divider: string;
  readonly inputBorder: string;
  readonly text: { readonly primary: string; readonly secondary: string; readonly disabled: string };
  readonly primary: Tone;
  readonly secondary: Tone;
  readonly error: Tone;
  readonly warning: Tone;
  readonly success: Tone;
  readonly info: Tone;
  /** Link text: a palette path, so MUI resolves it and the contrast test reads the same value. */
  readonly link: 'primary.main' | 'primary.dark';
  readonly focusRing: string;
  readonly appBar: { readonly background: string; readonly text: string };
  readonly alert: Readonly<Record<Severity, AlertTone>>;
  /** MUI's state tints where its defaults would sink secondary text below AA; absent keeps MUI's. */
  readonly action?: {
    readonly selected: string;
    readonly selectedOpacity: number;
    readonly hover: string;
    readonly hoverOpacity: number;
  };
}

const light = visionColors.light;
const dark = visionColors.dark;

/**
 * Light: Flywheel's light tokens, except where a `*-base` colour is too pale to carry text on white (WCAG AA,
 * 4.5:1): secondary (#b080fc, 2.9:1), warning (#c47e09, 3.3:1) and success (#14ae5c, 2.9:1) take the family's
 * `*-dark` token instead (6.7, 5.4 and 6.5:1), both as text on paper and under white text.
 * The page is `page-light` (white), not `page-shaded`: primary and error text fall below 4.5:1 on the shade.
 * Info is Flywheel's neutral slate, so an info chip ("Used by this app") reads apart from a primary one.
 */
const lightScheme: Scheme = {
  page: light.page.light,
  paper: light.card.background,
  header: light.card.header,
  outline: light.separations.base,
  divider: light.separations.divider,
  inputBorder: light.separations.input,
  text: { primary: light.typography.base, secondary: light.typography.muted, disabled: light.typography.disabled },
  primary: { main: light.primary.base, dark: light.primary.medium, contrastText: light.typography.contrast },
  secondary: { main: light.secondary.dark, contrastText: light.typography.contrast },
  error: { main: light.red.base, dark: light.red.medium, contrastText: light.typography.contrast },
  warning: { main: light.orange.dark, contrastText: light.typography.contrast },
  success: { main: light.green.dark, contrastText: light.typography.contrast },
  info: { main: light.slate.medium, dark: light.slate.dark, contrastText: light.typography.contrast },
  // primary-base is 4.8:1 on white but 4.3:1 on a selected grid row's blue tint; primary-medium holds on both.
  link: 'primary.dark',
  focusRing: light.primary.base,
  appBar: { background: light.sidebar.base, text: light.typography.contrast },
  alert: {
    error: { text: light.red.medium, background: light.red.light },
    warning: { text: light.orange.dark, background: light.orange.light },
    info: { text: light.slate.dark, background: light.slate.light },
    success: { text: light.green.dark, background: light.green.light },
  },
};

/**
 * Dark: Flywheel's dark tokens as they are; every `*-base` passes on the dark page, under `typography-contrast`
 * (near-black) text. Hovers use `*-medium` (`*-dark` is too dim under dark text: red-dark 3.6:1, primary-dark 3.5:1).
 * The app bar keeps Flywheel's navy sidebar colour in both modes.
 */
const darkScheme: Scheme = {
  page: dark.page.light,
  paper: dark.card.background,
  header: dark.card.header,
  outline: dark.separations.base,
  divider: dark.separations.divider,
  inputBorder: dark.separations.input,
  text: { primary: dark.typography.base, secondary: dark.typography.muted, disabled: dark.typography.disabled },
  primary: { main: dark.primary.base, dark: dark.primary.medium, contrastText: dark.typography.contrast },
  secondary: { main: dark.secondary.base, dark: dark.secondary.medium, contrastText: dark.typography.contrast },
  error: { main: dark.red.base, dark: dark.red.medium, contrastText: dark.typography.contrast },
  warning: { main: dark.orange.base, dark: dark.orange.medium, contrastText: dark.typography.contrast },
  success: { main: dark.green.base, dark: dark.green.medium, contrastText: dark.typography.contrast },
  info: { main: dark.slate.base, dark: dark.slate.medium, contrastText: dark.typography.contrast },
  link: 'primary.main',
  focusRing: dark.primary.base,
  appBar: { background: dark.sidebar.base, text: dark.typography.base },
  alert: {
    error: { text: dark.red.base, background: dark.red.hover },
    warning: { text: dark.orange.base, background: dark.orange.hover },
    info: { text: dark.slate.base, background: dark.slate.hover },
    success: { text: dark.green.base, background: dark.green.hover },
  },
  // MUI's dark tints (16% white selected, 8% hover) lift the surface until muted text (#8894a4) falls to 3.9:1 and
  // links to 4.3:1 on a selected row; 10% and 5% keep both above 4.5:1 and the row still stands out.
  action: { selected: 'rgba(255, 255, 255, 0.1)', selectedOpacity: 0.1, hover: 'rgba(255, 255, 255, 0.05)', hoverOpacity: 0.05 },
};

export function schemeFor(mode: ColorMode): Scheme {
  return mode === 'dark' ? darkScheme : lightScheme;
}
