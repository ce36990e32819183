import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { AppShell } from './shell/app-shell.js';
import { NavigationProvider, type PageId } from './navigation/navigation.js';
import { useAppTheme } from './theme/app-theme.js';

/** The whole app; the QueryClient comes from outside (main.tsx creates one, tests create their own). */
export function App({ queryClient, initialPage }: { queryClient: QueryClient; initialPage?: PageId }) {
  const theme = useAppTheme();
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <NavigationProvider initialPage={initialPage}>
          <AppShell />
        </NavigationProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
