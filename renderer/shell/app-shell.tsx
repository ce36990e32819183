import { AppBar, Alert, Box, Button, CircularProgress, Toolbar, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import type { SitesState } from '../../shared/ipc-contract.js';
import { useActivateSite, useSitesState } from '../api/key-admin.js';
import { useNavigation, type PageId } from '../navigation/navigation.js';
import { ConnectPage } from '../pages/connect/connect-page.js';
import { NavDrawer } from './nav-drawer.js';
import { SiteSwitcher } from './site-switcher.js';
import { StateWarnings } from './state-warnings.js';

function PageContent({ page, state }: { page: PageId; state: SitesState }) {
  switch (page) {
    case 'connect':
      return <ConnectPage state={state} />;
    default:
      // Only built areas can be navigated to (navigation.tsx); nothing else is rendered.
      return null;
  }
}

/** AppBar with the product name and site switcher, the navigation drawer, local-state warnings and the page. */
export function AppShell() {
  const sites = useSitesState();
  const activate = useActivateSite();
  const { page, navigate } = useNavigation();

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar>
          <KeyIcon sx={{ mr: 1 }} aria-hidden />
          <Typography variant="h6" component="div" sx={{ flexGrow: 1 }}>
            Keywarden
          </Typography>
          {sites.data && (
            <SiteSwitcher
              state={sites.data}
              disabled={activate.isPending}
              onActivate={(id) => activate.mutate(id)}
              onConnectAnother={() => navigate('connect')}
            />
          )}
        </Toolbar>
      </AppBar>
      <NavDrawer />
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        {sites.data && <StateWarnings warnings={sites.data.warnings} />}
        {activate.error && (
          <Alert severity="error" sx={{ mb: 2 }} onClose={() => activate.reset()}>
            {activate.error.message}
          </Alert>
        )}
        {sites.isPending && (
          <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <CircularProgress size={24} aria-hidden />
            <Typography>Loading your sites…</Typography>
          </Box>
        )}
        {sites.isError && (
          <Alert
            severity="error"
            action={
              <Button color="inherit" size="small" onClick={() => void sites.refetch()}>
                Try again
              </Button>
            }
          >
            {sites.error.message}
          </Alert>
        )}
        {sites.data && <PageContent page={page} state={sites.data} />}
      </Box>
    </Box>
  );
}
