import { useMemo } from 'react';
import { createTheme, useMediaQuery, type Theme } from '@mui/material';

/** Light or dark, following the OS. No web fonts: the app makes no network requests (CSP connect-src 'none'). */
export function buildTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: { mode },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    },
  });
}

export function useAppTheme(): Theme {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  return useMemo(() => buildTheme(prefersDark ? 'dark' : 'light'), [prefersDark]);
}
