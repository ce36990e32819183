import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from '@mui/material';
import { buildTheme } from '../../../renderer/theme.js';

/** Renders one page alone (the navigation wires pages in elsewhere), with its own QueryClient and no retries. */
export function renderPage(page: ReactElement) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={buildTheme('light')}>{page}</ThemeProvider>
    </QueryClientProvider>,
  );
  return { ...view, user, queryClient };
}
