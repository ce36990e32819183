/**
 * Every key the admin can see, devices' and users', in one grid: a status filter above it, the search and sort of
 * each column, and exports of exactly the rows it has. The grid runs in server mode (issue 12): main holds the
 * inventory and answers one page for the status, search and sort, so a page costs the same at any site size.
 */
import { useMemo, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { DataGrid, useGridApiRef, type GridFilterModel, type GridPaginationModel, type GridSortModel } from '@mui/x-data-grid';
import type { KeyRow, StatusFilter } from '../../../shared/inventory-stats.js';
import {
  INVENTORY_SORT_FIELDS,
  MAX_PAGE_SIZE,
  type InventoryFilter,
  type InventoryRow,
  type InventorySort,
} from '../../../shared/inventory-query.js';
import type { KeyStatus } from '../../../shared/key-status.js';
import { useInventoryPage, useSiteSummary, type SiteSummary } from '../../api/inventory.js';
import { useNavigation } from '../../navigation/navigation.js';
import { chosenKeysFilter, chosenKeysText } from '../../navigation/chosen-keys.js';
import { phraseValues } from '../../components/grid-search.js';
import { CoverageNotes } from '../overview/coverage-notes.js';
import { DataStatus } from '../../components/data-status.js';
import { DataGate } from '../overview/inventory-gate.js';
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
  /** The UTC day on which `initialKeyIds` expire (an overview's expiry day); without it, a notification's keys. */
  readonly keysExpiringOn?: string;
  /** Renders every row and column at once: for tests (jsdom has no layout), never needed in the app. */
  readonly disableVirtualization?: boolean;
}

interface InventoryGridProps {
  readonly summary: NonNullable<SiteSummary['summary']>;
  readonly initialStatus?: KeyStatus;
  readonly initialKeyIds?: readonly string[];
  readonly keysExpiringOn?: string;
  readonly disableVirtualization?: boolean;
}

const time = (iso: string | null) => (iso === null ? null : new Date(iso));

/** A row of main's answer as the grid's columns read it (dates as Date for the date columns). */
function toGridRow(row: InventoryRow): KeyRow {
  const { expiresAt, created, lastUsed, ...rest } = row;
  return { ...rest, created: time(created), expires: time(expiresAt), lastUsed: time(lastUsed) };
}

const SORTABLE = new Set<string>(INVENTORY_SORT_FIELDS);

/** The grid's sort model as main's sort: the first sorted column main knows. */
function sortOf(model: GridSortModel): InventorySort | undefined {
  const item = model.find((entry) => SORTABLE.has(entry.field) && entry.sort);
  return item?.sort ? { field: item.field as InventorySort['field'], direction: item.sort } : undefined;
}

const FIRST_PAGE: GridPaginationModel = { page: 0, pageSize: MAX_PAGE_SIZE };

function InventoryGrid({ summary, initialStatus, initialKeyIds, keysExpiringOn, disableVirtualization }: InventoryGridProps) {
  const apiRef = useGridApiRef();
  const [keyIds, setKeyIds] = useState(() => (initialKeyIds ? [...initialKeyIds] : null));
  const [status, setStatus] = useState<StatusFilter>(initialStatus ?? 'all');
  const [search, setSearch] = useState('');
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const [pagination, setPagination] = useState<GridPaginationModel>(FIRST_PAGE);
  // A new initialStatus from the navigation replaces the admin's choice (React's "adjust state on prop change").
  const [seenInitial, setSeenInitial] = useState(initialStatus);
  if (seenInitial !== initialStatus) {
    setSeenInitial(initialStatus);
    setStatus(initialStatus ?? 'all');
    setPagination((current) => ({ ...current, page: 0 }));
  }

  const filter = useMemo<InventoryFilter>(
    () => ({
      ...(status !== 'all' ? { statuses: [status] } : {}),
      ...(search ? { search } : {}),
      ...(keyIds ? { keyIds } : {}),
    }),
    [status, search, keyIds],
  );
  const sort = useMemo(() => sortOf(sortModel), [sortModel]);
  const page = useInventoryPage({ ...filter, ...(sort ? { sort } : {}), page: pagination.page, pageSize: pagination.pageSize });
  // How many of a notification's keys the inventory still has, whatever the other filters.
  const chosen = useInventoryPage({ keyIds: keyIds ?? [], page: 0, pageSize: 1 }, keyIds !== null);
  const rows = useMemo(() => (page.data?.rows ?? []).map(toGridRow), [page.data]);

  // Bulk actions on the selected rows, across pages.
  const selection = useInventorySelection({ rows, filter, sort });
  // A legacy key's row leads to its entry on the migration page.
  const { navigate } = useNavigation();
  const columns = useMemo(() => inventoryColumns((keyId) => navigate('legacy', { keyId })), [navigate]);
  const columnVisibility = useInventoryColumnVisibility();
  // Any row opens its key's owner with the key highlighted.
  const rowOpen = useRowOpen();

  const firstPage = () => setPagination((current) => ({ ...current, page: 0 }));
  const onFilterModelChange = (model: GridFilterModel) => {
    const next = phraseValues((model.quickFilterValues ?? []).map(String).join(' ')).join(' ');
    if (next !== search) {
      setSearch(next);
      firstPage();
    }
  };
  const chosenCount = chosen.data?.total ?? keyIds?.length ?? 0;

  // The grid appears with its first page; later pages and filters keep the rows shown until main answers.
  if (!page.data) {
    return page.isError ? (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={() => void page.refetch()}>
            Try again
          </Button>
        }
      >
        {page.error.message}
      </Alert>
    ) : (
      <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <CircularProgress size={24} aria-hidden />
        <Typography>Loading the keys…</Typography>
      </Box>
    );
  }

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <StatusFilterSelect
          value={status}
          counts={summary.counts}
          total={summary.total}
          onChange={(next) => {
            setStatus(next);
            firstPage();
          }}
        />
        {keyIds && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip color="warning" label={chosenKeysText(chosenCount, keysExpiringOn)} />
            <Button
              size="small"
              onClick={() => {
                setKeyIds(null);
                firstPage();
              }}
            >
              Show all keys
            </Button>
          </Stack>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <ExportButtons
          selection={() => ({ ...filter, ...(sort ? { sort } : {}) })}
          filter={() => describeInventoryFilter(apiRef, status, keyIds ? chosenKeysFilter(keysExpiringOn) : undefined)}
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
          rowCount={page.data?.total ?? 0}
          paginationMode="server"
          sortingMode="server"
          filterMode="server"
          // Main filters by status, search and keys; the grid's column filters have no server side.
          disableColumnFilter
          paginationModel={pagination}
          onPaginationModelChange={setPagination}
          sortModel={sortModel}
          onSortModelChange={(model) => {
            setSortModel(model);
            firstPage();
          }}
          onFilterModelChange={onFilterModelChange}
          showToolbar
          slots={{ toolbar: InventoryToolbar }}
          disableRowSelectionOnClick
          disableVirtualization={disableVirtualization}
          density="compact"
          pageSizeOptions={[25, 50, MAX_PAGE_SIZE]}
          initialState={INVENTORY_GRID_INITIAL}
        />
      </Box>
    </Stack>
  );
}

export function InventoryPage({ initialStatus, initialKeyIds, keysExpiringOn, disableVirtualization }: InventoryPageProps) {
  const data = useSiteSummary();
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        Key inventory
      </Typography>
      <DataStatus view={data.view} refresh={data.refresh} />
      <DataGate query={data.query} refreshing={data.refresh.isPending} value={data.summary}>
        {(summary) => (
          <Stack spacing={2}>
            <CoverageNotes coverage={summary.coverage} />
            <InventoryGrid
              summary={summary}
              initialStatus={initialStatus}
              initialKeyIds={initialKeyIds}
              keysExpiringOn={keysExpiringOn}
              disableVirtualization={disableVirtualization}
            />
          </Stack>
        )}
      </DataGate>
    </Stack>
  );
}
