import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from '@mui/material';
import { NavigationProvider, type PageId } from '../../../renderer/navigation/navigation.js';
import { buildTheme } from '../../../renderer/theme/app-theme.js';

/**
 * Renders one page alone, with the providers the shell gives it: its own QueryClient without retries, the theme,
 * and the navigation (pages that lead elsewhere, e.g. to the migration page, call it).
 */
export function renderPage(page: ReactElement, initialPage: PageId = 'overview') {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={buildTheme('light')}>
        <NavigationProvider initialPage={initialPage}>{page}</NavigationProvider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
  return { ...view, user, queryClient };
}
