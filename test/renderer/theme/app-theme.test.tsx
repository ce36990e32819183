import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { buildTheme, useAppTheme } from '../../../renderer/theme/app-theme.js';
import { visionColors, visionTypography } from '../../../renderer/theme/vision-tokens.js';
import { gridPalette } from './theme-pairs.js';

function tokenValues(mode: 'light' | 'dark'): Set<string> {
  return new Set(Object.values(visionColors[mode]).flatMap((group) => Object.values(group)));
}

describe('buildTheme', () => {
  it("takes Flywheel's primary #1b68fa in light, and the dark scheme's primary in dark", () => {
    expect(buildTheme('light').palette.primary.main).toBe('#1b68fa');
    expect(buildTheme('light').palette.mode).toBe('light');
    expect(buildTheme('dark').palette.primary.main).toBe(visionColors.dark.primary.base);
    expect(buildTheme('dark').palette.mode).toBe('dark');
  });

  it.each(['light', 'dark'] as const)('builds every %s palette colour it sets from that mode’s tokens', (mode) => {
    const { palette } = buildTheme(mode);
    const tokens = tokenValues(mode);
    const set = [
      ...(['primary', 'secondary', 'error', 'warning', 'success', 'info'] as const).flatMap((tone) => [
        palette[tone].main,
        palette[tone].contrastText,
      ]),
      palette.text.primary,
      palette.text.secondary,
      palette.text.disabled,
      palette.background.default,
      palette.background.paper,
      palette.divider,
      gridPalette(buildTheme(mode)).bg,
      gridPalette(buildTheme(mode)).headerBg,
    ];
    expect(set.filter((colour) => !colour || !tokens.has(colour))).toEqual([]);
  });

  it("uses Flywheel's type scale and radius, with Inter first and no web font", () => {
    const theme = buildTheme('light');
    expect(theme.typography.h4.fontSize).toBe(`${visionTypography.heading.h1 / 16}rem`);
    expect(theme.typography.body1.fontSize).toBe(`${visionTypography.paragraph.p2 / 16}rem`);
    expect(theme.typography.fontFamily).toMatch(/^Inter, system-ui/);
    expect(theme.typography.fontFamily).not.toMatch(/url\(|@import|googleapis/);
    expect(theme.shape.borderRadius).toBe(8);
    expect(theme.components?.MuiButton?.styleOverrides?.root).toMatchObject({ textTransform: 'none' });
  });
});

function ModeProbe() {
  return <span data-testid="mode">{useAppTheme().palette.mode}</span>;
}

describe('useAppTheme', () => {
  const original = window.matchMedia;
  afterEach(() => {
    window.matchMedia = original;
  });

  function preferDark(dark: boolean) {
    window.matchMedia = (query: string) =>
      ({
        matches: dark && query.includes('prefers-color-scheme: dark'),
        media: query,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        addListener: () => undefined,
        removeListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }

  it('follows the operating system into dark mode', async () => {
    preferDark(true);
    render(<ModeProbe />);
    await waitFor(() => expect(screen.getByTestId('mode').textContent).toBe('dark'));
  });

  it('stays light when the operating system does not ask for dark', async () => {
    preferDark(false);
    render(<ModeProbe />);
    // useMediaQuery settles in an effect; give it the same chance as above before reading.
    await waitFor(() => expect(screen.getByTestId('mode').textContent).toBe('light'));
  });
});
