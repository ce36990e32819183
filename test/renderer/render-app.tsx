import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { App } from '../../renderer/app.js';
import type { PageId } from '../../renderer/navigation/navigation.js';

/** Renders the whole app with its own QueryClient (no retries, so errors show at once), on the Sites page by default. */
export function renderApp(initialPage: PageId = 'connect') {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(<App queryClient={queryClient} initialPage={initialPage} />);
  return { ...view, user, queryClient };
}
