import type {} from '@mui/x-data-grid/themeAugmentation';
import { useMemo } from 'react';
import { createTheme, useMediaQuery, type AlertProps, type Shadows, type Theme } from '@mui/material';
import type { TypographyVariantsOptions } from '@mui/material/styles';
import { schemeFor, type ColorMode, type Scheme, type Severity } from './scheme.js';
import { visionComponents, visionShadows, visionTypography } from './vision-tokens.js';
import { gridCellStyles } from './grid-cells.js';

/**
 * Inter first, as on Flywheel's site, where the admin has it installed; otherwise the system's own face. No web
 * fonts: the app makes no network requests (CSP connect-src 'none') and ships none.
 */
const FONT_STACK = `${visionTypography.fontFamily}, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;

const rem = (px: number) => `${px / 16}rem`;

/** The chips' text: MUI's Chip and the grids' light status badge (grid-cells.ts). */
const CHIP_TEXT = { fontSize: rem(visionComponents.chip.fontSize), fontWeight: visionComponents.chip.fontWeight };

/**
 * Flywheel's type scale on MUI's variants by role: page titles (h4) take Flywheel's h1, card titles (h5) its h2,
 * section titles (h6) its h3; body text is Flywheel's 14px paragraph (p2), captions its p3.
 */
function typography(): TypographyVariantsOptions {
  const { heading, paragraph, headingWeight, paragraphWeight } = visionTypography;
  const head = (px: number) => ({ fontSize: rem(px), fontWeight: headingWeight });
  const body = (px: number) => ({ fontSize: rem(px), fontWeight: paragraphWeight });
  return {
    fontFamily: FONT_STACK,
    fontSize: paragraph.p2,
    fontWeightMedium: headingWeight,
    h4: head(heading.h1),
    h5: head(heading.h2),
    h6: head(heading.h3),
    subtitle1: head(heading.h4),
    subtitle2: { ...head(heading.h5), lineHeight: visionTypography.h5LineHeight },
    body1: body(paragraph.p2),
    body2: body(paragraph.p2),
    caption: body(paragraph.p3),
    button: { fontSize: rem(visionComponents.button.fontSize), fontWeight: visionComponents.button.fontWeight },
  };
}

/** MUI's 25 elevations on Flywheel's four shadows: cards, raised controls, menus, dialogs. */
function shadows(): Shadows {
  const { small, medium, large, extraLarge } = visionShadows;
  const at = (elevation: number) =>
    elevation === 0 ? 'none' : elevation === 1 ? small : elevation <= 3 ? medium : elevation <= 11 ? large : extraLarge;
  return Array.from({ length: 25 }, (_, elevation) => at(elevation)) as Shadows;
}

/**
 * The keyboard focus ring (WCAG 2.4.7 and 2.4.13): 2px solid in a token colour with at least 3:1 against the page,
 * 2px outside the control. MUI draws it itself on ButtonBase (buttons, icon buttons, list items, menu items, tabs,
 * clickable chips), checkboxes, radios, switches and links once `theme.focusVisible` is set; the ripple stays.
 */
export function focusRing(scheme: Scheme, offset = 2) {
  return { outlineStyle: 'solid', outlineWidth: 2, outlineOffset: offset, outlineColor: scheme.focusRing } as const;
}

/** Standard alerts in Flywheel's tokens (MUI would mix its own from `palette.*.light`). */
function alertColors(scheme: Scheme, { color, severity }: AlertProps) {
  const tone = scheme.alert[(color ?? severity ?? 'success') as Severity];
  return { color: tone.text, backgroundColor: tone.background };
}

export function buildTheme(mode: ColorMode): Theme {
  const scheme = schemeFor(mode);
  const ring = focusRing(scheme);
  // Flywheel's dark surfaces are separated by borders, not by MUI's lighter overlays (which would also change the
  // paper colour the contrast test checks).
  const darkBorder = mode === 'dark' ? { border: `1px solid ${scheme.outline}` } : {};
  return createTheme({
    palette: {
      mode,
      primary: scheme.primary,
      secondary: scheme.secondary,
      error: scheme.error,
      warning: scheme.warning,
      success: scheme.success,
      info: scheme.info,
      text: scheme.text,
      background: { default: scheme.page, paper: scheme.paper },
      divider: scheme.divider,
      ...(scheme.action ? { action: scheme.action } : {}),
      // Without `bg` the grid mixes 5% white into the paper in dark mode: a surface no token names.
      DataGrid: { bg: scheme.paper, headerBg: scheme.header },
    },
    shape: { borderRadius: visionComponents.radius.control },
    spacing: 2 * visionComponents.spacingUnit,
    typography: typography(),
    shadows: shadows(),
    focusVisible: ring,
    components: {
      MuiCssBaseline: {
        // Elements MUI does not style (a native summary, a focusable div) get the same ring.
        styleOverrides: { ':focus-visible': ring },
      },
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: { root: { textTransform: 'none' } },
      },
      MuiTab: { styleOverrides: { root: { textTransform: 'none' } } },
      MuiToggleButton: { styleOverrides: { root: { textTransform: 'none' } } },
      MuiChip: {
        styleOverrides: {
          root: CHIP_TEXT,
        },
      },
      MuiAppBar: {
        defaultProps: { elevation: 0, enableColorOnDark: true },
        styleOverrides: {
          root: {
            '--AppBar-background': scheme.appBar.background,
            '--AppBar-color': scheme.appBar.text,
            backgroundColor: scheme.appBar.background,
            color: scheme.appBar.text,
          },
        },
      },
      MuiPaper: { styleOverrides: { root: { backgroundImage: 'none' } } },
      MuiDialog: { styleOverrides: { paper: darkBorder } },
      MuiPopover: { styleOverrides: { paper: darkBorder } },
      MuiDrawer: { styleOverrides: { paper: { borderColor: scheme.outline } } },
      MuiLink: { defaultProps: { color: scheme.link } },
      MuiAlert: { styleOverrides: { standard: ({ ownerState }) => alertColors(scheme, ownerState) } },
      MuiInputBase: {
        // A text field's focused border is MUI's own; the ring makes keyboard focus as plain as on a button.
        styleOverrides: { root: { '&:has(:focus-visible)': ring } },
      },
      MuiOutlinedInput: {
        styleOverrides: { notchedOutline: { borderColor: scheme.inputBorder } },
      },
      MuiDataGrid: {
        styleOverrides: {
          root: ({ theme }) => ({
            // The grid's own focus mark is a 1px half-transparent line; drawn inside the cell so no neighbour
            // covers it.
            '& .MuiDataGrid-cell:focus, & .MuiDataGrid-cell:focus-within, & .MuiDataGrid-columnHeader:focus, & .MuiDataGrid-columnHeader:focus-within':
              focusRing(scheme, -2),
            ...gridCellStyles(theme, CHIP_TEXT),
          }),
          columnHeaderTitle: { fontWeight: visionTypography.headingWeight },
        },
      },
    },
  });
}

export function useAppTheme(): Theme {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  return useMemo(() => buildTheme(prefersDark ? 'dark' : 'light'), [prefersDark]);
}
