/**
 * Every key the admin can see, devices' and users', in one grid: search, filter and sort by each column, a status
 * filter above the grid, and exports of exactly the rows shown.
 */
import { useMemo, useState } from 'react';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import { DataGrid, gridFilteredSortedRowIdsSelector, useGridApiRef } from '@mui/x-data-grid';
import type { Inventory } from '../../../shared/inventory.js';
import { countStatuses, filterByStatus, toKeyRows, type KeyRow, type StatusFilter } from '../../../shared/inventory-stats.js';
import type { KeyStatus, StatusThresholds } from '../../../shared/key-status.js';
import { useSiteInventory } from '../../api/inventory.js';
import { useNavigation } from '../../navigation/navigation.js';
import { useThresholds } from '../../api/preferences.js';
import { CoverageNotes } from '../overview/coverage-notes.js';
import { DataStatus } from '../../components/data-status.js';
import { InventoryGate } from '../overview/inventory-gate.js';
import { ExportButtons, describeInventoryFilter } from './export-buttons.js';
import { INVENTORY_GRID_INITIAL, inventoryColumns, useInventoryColumnVisibility } from './inventory-columns.js';
import { InventoryToolbar } from './inventory-toolbar.js';
import { ROW_OPEN_HINT, rowOpenSx, useRowOpen } from './row-open.js';
import { StatusFilterSelect } from './status-filter.js';
import { InventoryBulkBar, useInventorySelection } from './bulk-selection.js';

export interface InventoryPageProps {
  /** The status filter to open with (e.g. from an Overview card); a new value replaces the current filter. */
  readonly initialStatus?: KeyStatus;
  /** Shows exactly these keys (a summary notification's target) until the admin clears the filter. */
  readonly initialKeyIds?: readonly string[];
  /** Renders every row and column at once: for tests (jsdom has no layout), never needed in the app. */
  readonly disableVirtualization?: boolean;
}

interface InventoryGridProps {
  readonly inventory: Inventory;
  readonly thresholds: StatusThresholds;
  readonly initialStatus?: KeyStatus;
  readonly initialKeyIds?: readonly string[];
  readonly disableVirtualization?: boolean;
}

function InventoryGrid({ inventory, thresholds, initialStatus, initialKeyIds, disableVirtualization }: InventoryGridProps) {
  const apiRef = useGridApiRef();
  const [keyIds, setKeyIds] = useState(() => (initialKeyIds ? new Set(initialKeyIds) : null));
  const [status, setStatus] = useState<StatusFilter>(initialStatus ?? 'all');
  // A new initialStatus from the navigation replaces the admin's choice (React's "adjust state on prop change").
  const [seenInitial, setSeenInitial] = useState(initialStatus);
  if (seenInitial !== initialStatus) {
    setSeenInitial(initialStatus);
    setStatus(initialStatus ?? 'all');
  }

  // Computed once per inventory and thresholds: the grid then only reads plain fields. Rows come in expiry order
  // already, so the grid has nothing to sort until the admin asks: re-sorting 25,000 rows on every status change
  // was most of the filter's time.
  const allRows = useMemo(() => byExpiry(toKeyRows(inventory, new Date(), thresholds)), [inventory, thresholds]);
  const counts = useMemo(() => countStatuses(inventory.keys, new Date(), thresholds), [inventory, thresholds]);
  const keyRows = useMemo(() => (keyIds ? allRows.filter((row) => keyIds.has(row.id)) : allRows), [allRows, keyIds]);
  const rows = useMemo(() => filterByStatus(keyRows, status), [keyRows, status]);
  // Bulk actions on the selected rows.
  const selection = useInventorySelection({ rows, apiRef });
  // A legacy key's row leads to its entry on the migration page.
  const { navigate } = useNavigation();
  const columns = useMemo(() => inventoryColumns((keyId) => navigate('legacy', { keyId })), [navigate]);
  const columnVisibility = useInventoryColumnVisibility();
  // Any row opens its key's owner with the key highlighted.
  const rowOpen = useRowOpen();

  // The rows the grid shows after its own filters and search; the status-filtered rows before the grid is ready.
  const visibleIds = () => (apiRef.current ? gridFilteredSortedRowIdsSelector(apiRef).map(String) : rows.map((row) => row.id));

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <StatusFilterSelect value={status} counts={counts} total={allRows.length} onChange={setStatus} />
        {keyIds && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip color="warning" label={`Showing ${keyRows.length} key${keyRows.length === 1 ? '' : 's'} from a notification`} />
            <Button size="small" onClick={() => setKeyIds(null)}>
              Show all keys
            </Button>
          </Stack>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <ExportButtons
          visibleIds={visibleIds}
          filter={() => describeInventoryFilter(apiRef, status, keyIds ? 'The keys of a notification' : undefined)}
        />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {ROW_OPEN_HINT}
      </Typography>
      <InventoryBulkBar selection={selection} />
      <Box sx={{ height: 640, width: '100%' }}>
        <DataGrid
          {...selection.gridProps}
          {...rowOpen}
          sx={rowOpenSx}
          apiRef={apiRef}
          {...columnVisibility}
          aria-label="Key inventory"
          rows={rows}
          columns={columns}
          showToolbar
          slots={{ toolbar: InventoryToolbar }}
          disableRowSelectionOnClick
          disableVirtualization={disableVirtualization}
          density="compact"
          pageSizeOptions={[25, 50, 100]}
          initialState={{
            ...INVENTORY_GRID_INITIAL,
            pagination: { paginationModel: { pageSize: 100 } },
          }}
        />
      </Box>
    </Stack>
  );
}

/** Soonest expiry first, keys without expiry (legacy) last: the order an admin works through. */
function byExpiry(rows: KeyRow[]): KeyRow[] {
  const time = (row: KeyRow) => row.expires?.getTime() ?? Number.POSITIVE_INFINITY;
  return rows.sort((a, b) => time(a) - time(b));
}

export function InventoryPage({ initialStatus, initialKeyIds, disableVirtualization }: InventoryPageProps) {
  const data = useSiteInventory();
  const thresholds = useThresholds();
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        Key inventory
      </Typography>
      <DataStatus view={data.view} refresh={data.refresh} />
      <InventoryGate data={data}>
        {(inventory) => (
          <Stack spacing={2}>
            <CoverageNotes coverage={inventory.coverage} />
            <InventoryGrid
              inventory={inventory}
              thresholds={thresholds}
              initialStatus={initialStatus}
              initialKeyIds={initialKeyIds}
              disableVirtualization={disableVirtualization}
            />
          </Stack>
        )}
      </InventoryGate>
    </Stack>
  );
}
