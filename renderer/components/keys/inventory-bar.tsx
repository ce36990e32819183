import { Alert, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { InventoryView } from '../../../shared/inventory.js';
import type { KeyAdminError } from '../../api/key-admin.js';
import { formatDateTime } from '../format.js';

export interface InventoryBarProps {
  readonly view: InventoryView | null;
  readonly refreshing: boolean;
  readonly refreshError: KeyAdminError | null;
  readonly onRefresh: () => void;
}

/** How old the data is, why it may be stale (offline: read only), and a way to fetch it again from the site. */
export function InventoryBar({ view, refreshing, refreshError, onRefresh }: InventoryBarProps) {
  const fetchedAt = view?.inventory?.fetchedAt ?? null;
  return (
    <Stack spacing={1}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary">
          {fetchedAt ? `Data from ${formatDateTime(fetchedAt)}` : refreshing ? 'Fetching the inventory…' : 'No data yet'}
        </Typography>
        <Button
          size="small"
          onClick={onRefresh}
          disabled={refreshing}
          startIcon={refreshing ? <CircularProgress size={16} color="inherit" aria-hidden /> : <RefreshIcon aria-hidden />}
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </Button>
      </Box>
      {view?.offline && (
        <Alert severity="warning">
          {fetchedAt
            ? `Showing data from ${formatDateTime(fetchedAt)}: ${view.offline.message}`
            : `No data from the site yet: ${view.offline.message}`}{' '}
          Changes are not possible until the site answers again.
        </Alert>
      )}
      {refreshError && <Alert severity="error">{refreshError.message}</Alert>}
    </Stack>
  );
}
