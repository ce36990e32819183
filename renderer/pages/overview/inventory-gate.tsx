/**
 * Loading, load errors and the "nothing fetched yet" state of the inventory, so that a page's own content only
 * ever sees data: the whole inventory (InventoryGate) or main's summary of it (DataGate, issue 12).
 */
import type { ReactNode } from 'react';
import { Typography } from '@mui/material';
import type { Inventory, InventoryView } from '../../../shared/inventory.js';
import type { SiteInventory } from '../../api/inventory.js';
import { LoadingLine, RetryAlert } from '../../components/load-state.js';

export interface DataGateProps<T> {
  readonly query: {
    readonly isPending: boolean;
    readonly isError: boolean;
    readonly error: Error | null;
    readonly refetch: () => unknown;
  };
  /** A fetch from the site is running (says so while there is nothing to show yet). */
  readonly refreshing: boolean;
  /** What main answered; null when it has nothing yet. */
  readonly value: T | null;
  readonly children: (value: T) => ReactNode;
}

export function DataGate<T>({ query, refreshing, value, children }: DataGateProps<T>) {
  if (query.isPending) {
    return <LoadingLine text="Loading the inventory…" />;
  }
  if (query.isError) {
    return <RetryAlert message={query.error?.message} onRetry={query.refetch} />;
  }
  if (value === null) {
    return (
      <Typography color="text.secondary">
        {refreshing ? 'Fetching keys, devices and users from the site…' : 'Nothing to show yet: refresh to fetch the inventory.'}
      </Typography>
    );
  }
  return <>{children(value)}</>;
}

export interface InventoryGateProps {
  readonly data: SiteInventory;
  readonly children: (inventory: Inventory, view: InventoryView) => ReactNode;
}

export function InventoryGate({ data, children }: InventoryGateProps) {
  const { query, refresh, view } = data;
  return (
    <DataGate query={query} refreshing={refresh.isPending} value={view?.inventory ? view : null}>
      {(shown) => children(shown.inventory!, shown)}
    </DataGate>
  );
}
