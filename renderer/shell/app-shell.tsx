import { AppBar, Alert, Box, Toolbar, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import type { SitesState } from '../../shared/ipc-contract.js';
import { MainEventsProvider } from '../api/events.js';
import { useActivateSite, useSitesState } from '../api/key-admin.js';
import { pageInfo, useNavigation, type Navigation } from '../navigation/navigation.js';
import { AuditPage } from '../pages/audit/audit-page.js';
import { ConnectPage } from '../pages/connect/connect-page.js';
import { DevicesPage } from '../pages/devices/devices-page.js';
import { InventoryPage } from '../pages/inventory/inventory-page.js';
import { MigrationPage } from '../pages/migration/migration-page.js';
import { MyKeysPage } from '../pages/my-keys/my-keys-page.js';
import { NotificationsPage } from '../pages/notifications/notifications-page.js';
import { OverviewPage } from '../pages/overview/overview-page.js';
import { UsersPage } from '../pages/users/users-page.js';
import { NavDrawer } from './nav-drawer.js';
import { SiteSwitcher } from './site-switcher.js';
import { StateWarnings } from './state-warnings.js';
import { MainEventHandlers } from './main-event-handlers.js';
import { targetKey } from './target-key.js';
import { LoadingLine, RetryAlert } from '../components/load-state.js';

function PageContent({ navigation, state }: { navigation: Navigation; state: SitesState }) {
  const { page, params, navigate } = navigation;
  // Pages about a site's data wait for an active site: until then the admin connects one.
  if (pageInfo(page).needsSite && state.activeId === null) return <ConnectPage state={state} />;
  // Each site has its own data: remount the page when the active site changes.
  const key = state.activeId ?? 'none';
  switch (page) {
    case 'overview':
      return <OverviewPage key={key} onOpenInventory={(status) => navigate('inventory', { status })} />;
    case 'inventory':
      return (
        <InventoryPage
          key={targetKey(`${key}:${params.status ?? 'all'}`, params)}
          initialStatus={params.status}
          initialKeyIds={params.keyIds}
          keysExpiringOn={params.keysExpiringOn}
        />
      );
    case 'devices':
      // The open device is part of the address (a notification's target with its key highlighted, a row opened in
      // the grid), so back leads from a device to the grid; the page stays mounted and keeps the grid's search.
      return (
        <DevicesPage
          key={key}
          deviceId={params.deviceId}
          highlightKeyId={params.keyId}
          onOpenDevice={(deviceId, options) => navigate('devices', deviceId ? { deviceId } : {}, options)}
        />
      );
    case 'users':
      return (
        <UsersPage
          key={key}
          userId={params.userId}
          highlightKeyId={params.keyId}
          onOpenUser={(userId, options) => navigate('users', userId ? { userId } : {}, options)}
        />
      );
    case 'my-keys':
      return <MyKeysPage key={targetKey(key, params)} highlightKeyId={params.keyId} />;
    case 'legacy':
      // A new key to open on remounts the page, like a new status filter does the inventory.
      return <MigrationPage key={`${key}:${params.keyId ?? ''}`} initialKeyId={params.keyId} />;
    case 'notifications':
      return <NotificationsPage key={key} />;
    case 'audit':
      return <AuditPage key={key} />;
    case 'connect':
      return <ConnectPage state={state} />;
    default:
      // Areas not built yet cannot be navigated to (navigation.tsx); nothing else is rendered.
      return null;
  }
}

/**
 * AppBar with the product name and site switcher, the navigation drawer, local-state warnings and the page; main's
 * event stream is subscribed to once, here, for the whole app.
 */
export function AppShell() {
  return (
    <MainEventsProvider>
      <ShellLayout />
    </MainEventsProvider>
  );
}

function ShellLayout() {
  const sites = useSitesState();
  const activate = useActivateSite();
  const navigation = useNavigation();
  const { navigate } = navigation;

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
        <MainEventHandlers />
        {activate.error && (
          <Alert severity="error" sx={{ mb: 2 }} onClose={() => activate.reset()}>
            {activate.error.message}
          </Alert>
        )}
        {sites.isPending && <LoadingLine text="Loading your sites…" />}
        {sites.isError && <RetryAlert message={sites.error.message} onRetry={sites.refetch} />}
        {sites.data && <PageContent navigation={navigation} state={sites.data} />}
      </Box>
    </Box>
  );
}
