/**
 * "Data from …", the offline alert and the Refresh button, the same on every page that shows the inventory.
 * Offline means the last refresh failed: the page shows the last good snapshot, read only, and says why.
 */
import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { groupedNumber } from '../../shared/count-text.js';
import type { Inventory, InventoryView } from '../../shared/inventory.js';
import { formatDateTime } from './format.js';
import { dataAge } from './data-age.js';
import { useRefreshProgress, type SiteInventory } from '../api/inventory.js';

export interface DataStatusProps {
  /** The inventory's view, or main's summary in the same shape (only the site's name and the data's age are read). */
  readonly view:
    | { readonly inventory: Pick<Inventory, 'fetchedAt' | 'siteName'> | null; readonly offline: InventoryView['offline'] }
    | undefined;
  readonly refresh: SiteInventory['refresh'];
}

/** Indeterminate until the site says how many devices and users there are, then how many are fetched. */
function RefreshBar({ running }: { running: boolean }) {
  const progress = useRefreshProgress(running).data;
  const total = running && progress?.running ? progress.total : null;
  const percent = total ? Math.min(100, Math.round(((progress?.loaded ?? 0) / total) * 100)) : null;
  return (
    // A fixed-height slot, so the page does not jump when the bar appears.
    <Box sx={{ minHeight: 4 }}>
      {running &&
        (percent === null ? (
          <LinearProgress aria-label="Refreshing the inventory" />
        ) : (
          <>
            <LinearProgress variant="determinate" value={percent} aria-label="Refreshing the inventory" />
            <Typography variant="caption" color="text.secondary">
              Fetched {groupedNumber(progress?.loaded ?? 0)} of {groupedNumber(total ?? 0)} devices and users
            </Typography>
          </>
        ))}
    </Box>
  );
}

export function DataStatus({ view, refresh }: DataStatusProps) {
  const inventory = view?.inventory ?? null;
  const offline = view?.offline ?? null;
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
          {inventory
            ? `Data from ${formatDateTime(inventory.fetchedAt)} (${dataAge(inventory.fetchedAt, new Date())}), ${inventory.siteName}`
            : 'No data fetched from this site yet.'}
        </Typography>
        <Button
          variant="outlined"
          size="small"
          startIcon={<RefreshIcon aria-hidden />}
          onClick={() => refresh.mutate()}
          disabled={refresh.isPending}
        >
          Refresh
        </Button>
      </Stack>
      <RefreshBar running={refresh.isPending} />
      {offline && (
        <Alert severity="warning">
          <AlertTitle>Offline: read only</AlertTitle>
          {inventory
            ? `Showing the last good data from ${formatDateTime(inventory.fetchedAt)}. `
            : 'There is no data from this site yet. '}
          {offline.message}
        </Alert>
      )}
      {refresh.error && (
        <Alert severity="error" onClose={() => refresh.reset()}>
          {refresh.error.message}
        </Alert>
      )}
    </Stack>
  );
}
