/**
 * Flywheel's design tokens, transcribed from the package `@flywheel-io/vision` 1.3.2 (MIT licence, Copyright
 * Flywheel), so the app looks like a companion of the Flywheel web app its admins already know. The package is an
 * Angular library (peers @angular/core and storybook), so it is not a dependency: only the values the theme uses are
 * copied here, each group naming the file it comes from. Fonts are not copied (see `visionTypography`).
 */

type ColorScheme = 'light' | 'dark';

/**
 * `scss/config/colors.scss`, mixin `define-colors($theme)`: the CSS custom properties of `.vision-light-theme` and
 * `.vision-dark-theme`, named as there without the leading `--` (e.g. `--primary-base` is `primary.base`). Of the
 * translucent tints only `*-hover` is kept (the dark alerts' surfaces); MUI derives its own state tints.
 */
export const visionColors = {
  light: {
    typography: { base: '#000000', muted: '#5d6877', light: '#9ea8b5', disabled: '#b3b3b3', contrast: '#ffffff' },
    page: { light: '#ffffff', shaded: '#f1f3f4' },
    card: { header: '#f9f9f9', background: '#ffffff' },
    separations: { base: '#e3e6ea', input: '#0000003f', divider: '#00000026', overlay: '#00000040' },
    primary: { base: '#1b68fa', medium: '#1653c8', dark: '#103e96', light: '#e8f0ff', hover: '#1b69fa19' },
    secondary: { base: '#b080fc', medium: '#8d66ca', dark: '#6a4d97', light: '#f7f2ff', hover: '#b081fc19' },
    red: { base: '#d73d3d', medium: '#a73030', dark: '#782222', light: '#fdecec', hover: '#f0434319' },
    slate: { base: '#748295', medium: '#5d6877', dark: '#464e59', light: '#f1f3f4', hover: '#74829519' },
    orange: { base: '#c47e09', medium: '#ac6f08', dark: '#935f07', light: '#fef5e7', hover: '#f59e0b19' },
    green: { base: '#14ae5c', medium: '#0c924b', dark: '#076d37', light: '#e9f9ef', hover: '#22c55e19' },
    sidebar: { base: '#0a1936' },
  },
  dark: {
    typography: { base: '#ffffff', muted: '#8894a4', light: '#687586', disabled: '#4e5665', contrast: '#030a19' },
    page: { light: '#030d21', shaded: '#000104' },
    card: { header: '#0a1a36', background: '#030e23' },
    separations: { base: '#1e3154', input: '#ffffff3f', divider: '#ffffff26', overlay: '#00000059' },
    primary: { base: '#76a4fc', medium: '#5b83ce', dark: '#4466a4', light: '#e8f0ff', hover: '#76a4fc19' },
    secondary: { base: '#d0b3fd', medium: '#b88dfc', dark: '#9e73e3', light: '#f7f2ff', hover: '#d0b3fd19' },
    red: { base: '#f15757', medium: '#ef4444', dark: '#bf3636', light: '#fdecec', hover: '#f58f8f19' },
    slate: { base: '#c7cdd5', medium: '#acb4bf', dark: '#748295', light: '#f1f3f4', hover: '#c7cdd519' },
    orange: { base: '#f9c56d', medium: '#f7b13c', dark: '#f59e0b', light: '#fef5e7', hover: '#f9c56d19' },
    green: { base: '#7adc9e', medium: '#4ed17e', dark: '#22c55e', light: '#e9f9ef', hover: '#7adc9e19' },
    sidebar: { base: '#0a1936' },
  },
} as const satisfies Record<ColorScheme, Record<string, Record<string, string>>>;

/**
 * `scss/config/typography.scss`: headings h1-h5 (weight 500) and paragraphs p1-p4 (weight 400), in px; h5 alone
 * sets a line height (130%). The package loads Inter from Google Fonts; the app makes no network requests and ships
 * no web fonts (CSP), so the theme names Inter first (used where the admin has it installed) and falls back to the
 * system font stack.
 */
export const visionTypography = {
  fontFamily: 'Inter',
  headingWeight: 500,
  paragraphWeight: 400,
  heading: { h1: 22, h2: 18, h3: 16, h4: 14, h5: 12 },
  h5LineHeight: 1.3,
  paragraph: { p1: 18, p2: 14, p3: 12, p4: 10 },
} as const;

/** `scss/config/shadows.scss`: the five `.vision-shadow-*` classes. */
export const visionShadows = {
  small: '0 1px 2px 0 rgba(0, 0, 0, 0.05)',
  medium: '0 2px 5px 0 rgba(0, 0, 0, 0.10)',
  large: '0 5px 15px 0 rgba(0, 0, 0, 0.10)',
  extraLarge: '0 8px 25px 0 rgba(0, 0, 0, 0.10)',
} as const;

/**
 * The component styles compiled into `fesm2020/flywheel-io-vision.mjs` (the package has no radius or spacing
 * file): buttons, cards and menus round by 8px, chips by 16px; buttons are 36px high, 14px weight 500 with no
 * uppercase; chips 12px weight 600; paddings and gaps step by 4px (4, 8, 12, 16, 24).
 */
export const visionComponents = {
  radius: { control: 8, chip: 16 },
  spacingUnit: 4,
  button: { height: 36, fontSize: 14, fontWeight: 500 },
  chip: { fontSize: 12, fontWeight: 600 },
} as const;
