/**
 * Loading, load errors and the "nothing fetched yet" state of the inventory, so that a page's own content only
 * ever sees an inventory.
 */
import type { ReactNode } from 'react';
import { Alert, Box, Button, CircularProgress, Typography } from '@mui/material';
import type { Inventory, InventoryView } from '../../../shared/inventory.js';
import type { SiteInventory } from '../../api/inventory.js';

export interface InventoryGateProps {
  readonly data: SiteInventory;
  readonly children: (inventory: Inventory, view: InventoryView) => ReactNode;
}

export function InventoryGate({ data, children }: InventoryGateProps) {
  const { query, refresh, view } = data;
  if (query.isPending) {
    return (
      <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <CircularProgress size={24} aria-hidden />
        <Typography>Loading the inventory…</Typography>
      </Box>
    );
  }
  if (query.isError) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={() => void query.refetch()}>
            Try again
          </Button>
        }
      >
        {query.error.message}
      </Alert>
    );
  }
  if (!view?.inventory) {
    return (
      <Typography color="text.secondary">
        {refresh.isPending
          ? 'Fetching keys, devices and users from the site…'
          : 'Nothing to show yet: refresh to fetch the inventory.'}
      </Typography>
    );
  }
  return <>{children(view.inventory, view)}</>;
}
