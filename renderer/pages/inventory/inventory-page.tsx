/**
 * Every key the admin can see, devices' and users', in one grid: a status filter above it, the search and sort of
 * each column, and exports of exactly the rows it has. The grid runs in server mode (issue 12): main holds the
 * inventory and answers one page for the status, search and sort, so a page costs the same at any site size.
 */
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import {
  DataGrid,
  GridOverlay,
  useGridApiRef,
  type GridApi,
  type GridFilterModel,
  type GridPaginationModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import type { KeyRow, StatusFilter } from '../../../shared/inventory-stats.js';
import {
  INVENTORY_SORT_FIELDS,
  MAX_PAGE_SIZE,
  type InventoryFilter,
  type InventoryQuery,
  type InventoryRow,
  type InventorySort,
} from '../../../shared/inventory-query.js';
import type { KeyStatus } from '../../../shared/key-status.js';
import { prefetchInventoryPage, useInventoryPage, useSiteSummary, type SiteSummary } from '../../api/inventory.js';
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
import { LoadingLine, RetryAlert } from '../../components/load-state.js';
import { GridRowCheckbox } from '../../components/grid-row-checkbox.js';

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
const NO_ROWS: readonly KeyRow[] = [];
const PAGE_SIZE_OPTIONS = [25, 50, MAX_PAGE_SIZE];
/**
 * The words over an empty grid (noKeysText), handed to its overlay by context rather than through a prop of the grid:
 * a grid prop that changes with every filter and search (localeText did) makes the grid redo much more than its
 * overlay, and doubled the time from a filter, search or sort to rows painted (npm run bench).
 */
const NoKeysContext = createContext('');

function NoKeysOverlay() {
  return <GridOverlay>{useContext(NoKeysContext)}</GridOverlay>;
}

const GRID_SLOTS = { toolbar: InventoryToolbar, noRowsOverlay: NoKeysOverlay, rowCheckbox: GridRowCheckbox };
/**
 * The grid's prop check asks for `rowCount` or `paginationMeta` in server mode, though its docs also let the count
 * come as initialState and through the API (useGridRowsThroughApi): an empty meta tells the grid nothing more.
 */
const NO_PAGINATION_META = {};

/** A page of rows as the grid takes them, and how many rows match in all. */
interface GridPage {
  readonly rows: readonly KeyRow[];
  readonly total: number;
}

/** What the admin asked the grid to show: status, search, chosen keys, sort and page. */
interface GridView {
  readonly status: StatusFilter;
  readonly search: string;
  readonly keyIds: readonly string[] | null;
  readonly sortModel: GridSortModel;
  readonly pagination: GridPaginationModel;
}

function filterOf(view: GridView): InventoryFilter {
  return {
    ...(view.status !== 'all' ? { statuses: [view.status] } : {}),
    ...(view.search ? { search: view.search } : {}),
    ...(view.keyIds ? { keyIds: [...view.keyIds] } : {}),
  };
}

function queryOf(view: GridView): InventoryQuery {
  const sort = sortOf(view.sortModel);
  return { ...filterOf(view), ...(sort ? { sort } : {}), page: view.pagination.page, pageSize: view.pagination.pageSize };
}

/** What the grid says when no key is shown, in the admin's terms rather than the grid's "No rows". */
export function noKeysText(filter: InventoryFilter): string {
  if (filter.search) return `No key matches "${filter.search}". Clear the search to see every key.`;
  if (filter.keyIds) return 'None of these keys is on the site any more.';
  if (filter.statuses) return 'No key has this status. Choose "All" to see every key.';
  return 'The site has no keys this account can see.';
}

/** A new filter, search or order starts at the first page (the same object when it is there already). */
const onFirstPage = (view: GridView): GridPaginationModel =>
  view.pagination.page === 0 ? view.pagination : { ...view.pagination, page: 0 };

/**
 * The grid's view, and a change of it that asks main for the new page at once, in the admin's event (before React
 * renders anything): main answers while the page renders the change.
 */
function useGridView(initial: () => GridView) {
  const queryClient = useQueryClient();
  const [view, setView] = useState(initial);
  // The latest view asked for, also between an event and its render (the next event builds on it).
  const latest = useRef(view);
  const change = useCallback(
    (next: (current: GridView) => GridView) => {
      const current = latest.current;
      const changed = next(current);
      if (changed === current) return;
      latest.current = changed;
      prefetchInventoryPage(queryClient, queryOf(changed));
      setView(changed);
    },
    [queryClient],
  );
  // A view set while rendering (a new status from the navigation) is the latest too.
  const adopt = (next: GridView) => {
    latest.current = next;
    setView(next);
  };
  return { view, change, adopt };
}

/**
 * The grid's rows and row count: the first page's as the grid's starting props, later pages' through its API
 * (setRows, setRowCount). A new `rows` prop would have the grid render every shown row twice: first with the old
 * rows (the grid renders all of itself again on any new prop), then with the new ones once its effect has read
 * them. Through the API, the new rows are rendered once. Null until main has answered the first page.
 */
function useGridRowsThroughApi(apiRef: RefObject<GridApi | null>, page: GridPage | null): GridPage | null {
  const [first, setFirst] = useState(page);
  // The grid appears with the first answer (React's "adjust state while rendering": no render with null first).
  if (first === null && page !== null) setFirst(page);
  useLayoutEffect(() => {
    if (!first || !page || page.rows === first.rows) return;
    apiRef.current?.setRows([...page.rows]);
    apiRef.current?.setRowCount(page.total);
  }, [apiRef, first, page]);
  return first ?? page;
}

function InventoryGrid({ summary, initialStatus, initialKeyIds, keysExpiringOn, disableVirtualization }: InventoryGridProps) {
  const apiRef = useGridApiRef();
  const { view, change, adopt } = useGridView(() => ({
    status: initialStatus ?? 'all',
    search: '',
    keyIds: initialKeyIds ? [...initialKeyIds] : null,
    sortModel: [],
    pagination: FIRST_PAGE,
  }));
  const { status, keyIds } = view;
  // A new initialStatus from the navigation replaces the admin's choice (React's "adjust state on prop change").
  const [seenInitial, setSeenInitial] = useState(initialStatus);
  if (seenInitial !== initialStatus) {
    setSeenInitial(initialStatus);
    adopt({ ...view, status: initialStatus ?? 'all', pagination: onFirstPage(view) });
  }

  const filter = useMemo(() => filterOf(view), [view]);
  const query = useMemo(() => queryOf(view), [view]);
  const sort = query.sort;
  const page = useInventoryPage(query);
  // How many of a notification's keys the inventory still has, whatever the other filters.
  const chosen = useInventoryPage({ keyIds: keyIds ? [...keyIds] : [], page: 0, pageSize: 1 }, keyIds !== null);
  const answer = page.data;
  const gridPage = useMemo<GridPage | null>(
    () => (answer ? { rows: answer.rows.map(toGridRow), total: answer.total } : null),
    [answer],
  );
  const rows = gridPage?.rows ?? NO_ROWS;
  const first = useGridRowsThroughApi(apiRef, gridPage);
  const initialState = useMemo(() => ({ ...INVENTORY_GRID_INITIAL, pagination: { rowCount: first?.total ?? 0 } }), [first]);
  // The question the shown rows answer: until main answers a new one, the grid shows the rows it has with their
  // order, and the bulk bar speaks of them.
  const shown = page.data?.query;
  const shownFilter = useMemo<InventoryFilter>(() => {
    if (!shown) return filter;
    const { sort: _sort, page: _page, pageSize: _pageSize, ...rest } = shown;
    return rest;
  }, [shown, filter]);

  // Said over an empty grid, of the question its (no) rows answer.
  const noKeys = noKeysText(shownFilter);

  // Bulk actions on the selected rows, across pages.
  const selection = useInventorySelection({ rows, filter: shownFilter });
  // A legacy key's row leads to its entry on the migration page.
  const { navigate } = useNavigation();
  const columns = useMemo(() => inventoryColumns((keyId) => navigate('legacy', { keyId })), [navigate]);
  const columnVisibility = useInventoryColumnVisibility();
  // Any row opens its key's owner with the key highlighted.
  const rowOpen = useRowOpen();

  // Every prop of the grid keeps its identity until its value changes: the grid then skips renders of its rows
  // that change nothing (a status or search only changes the rows once main answers).
  const onSortModelChange = useCallback(
    (model: GridSortModel) => change((current) => ({ ...current, sortModel: model, pagination: onFirstPage(current) })),
    [change],
  );
  const onPaginationModelChange = useCallback(
    (model: GridPaginationModel) =>
      change((current) =>
        // The grid reports its model again when the row count changes: the same page is no change.
        model.page === current.pagination.page && model.pageSize === current.pagination.pageSize
          ? current
          : { ...current, pagination: model },
      ),
    [change],
  );
  const onFilterModelChange = useCallback(
    (model: GridFilterModel) => {
      const next = phraseValues((model.quickFilterValues ?? []).map(String).join(' ')).join(' ');
      change((current) => (next === current.search ? current : { ...current, search: next, pagination: onFirstPage(current) }));
    },
    [change],
  );
  const chosenCount = chosen.data?.total ?? keyIds?.length ?? 0;
  const onStatusChange = useCallback(
    (next: StatusFilter) => change((current) => ({ ...current, status: next, pagination: onFirstPage(current) })),
    [change],
  );
  const exportSelection = useCallback(() => ({ ...filter, ...(sort ? { sort } : {}) }), [filter, sort]);
  const exportFilter = useCallback(
    () => describeInventoryFilter(apiRef, status, keyIds ? chosenKeysFilter(keysExpiringOn) : undefined),
    [apiRef, status, keyIds, keysExpiringOn],
  );

  // The grid appears with its first page; later pages and filters keep the rows shown until main answers.
  if (!page.data || !first) {
    return page.isError ? (
      <RetryAlert message={page.error.message} onRetry={page.refetch} />
    ) : (
      <LoadingLine text="Loading the keys…" />
    );
  }

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <StatusFilterSelect value={status} counts={summary.counts} total={summary.total} onChange={onStatusChange} />
        {keyIds && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip color="warning" label={chosenKeysText(chosenCount, keysExpiringOn)} />
            <Button
              size="small"
              onClick={() => change((current) => ({ ...current, keyIds: null, pagination: onFirstPage(current) }))}
            >
              Show all keys
            </Button>
          </Stack>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <ExportButtons selection={exportSelection} filter={exportFilter} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {ROW_OPEN_HINT}
      </Typography>
      <InventoryBulkBar selection={selection} filter={shownFilter} sort={shown ? shown.sort : sort} />
      <Box sx={{ height: 640, width: '100%' }}>
        <NoKeysContext.Provider value={noKeys}>
          <DataGrid
            {...selection.gridProps}
            {...rowOpen}
            sx={rowOpenSx}
            apiRef={apiRef}
            {...columnVisibility}
            aria-label="Key inventory"
            // The first page; the grid takes later ones through its API (useGridRowsThroughApi).
            rows={first.rows}
            columns={columns}
            paginationMode="server"
            paginationMeta={NO_PAGINATION_META}
            sortingMode="server"
            filterMode="server"
            // Main filters by status, search and keys; the grid's column filters have no server side.
            disableColumnFilter
            paginationModel={view.pagination}
            onPaginationModelChange={onPaginationModelChange}
            // The grid keeps its sort model (the arrow turns at the click, without a render of every row) and tells
            // it here, where main is asked for the rows in that order.
            onSortModelChange={onSortModelChange}
            onFilterModelChange={onFilterModelChange}
            showToolbar
            slots={GRID_SLOTS}
            disableRowSelectionOnClick
            disableVirtualization={disableVirtualization}
            density="compact"
            // Only the rows in view: the default buffer (150 px above and below) rendered five more rows at each
            // filter, search and sort, about a fifth of the time to rows painted (timed in Chromium); a page is 100
            // rows, and a scroll renders the rows it brings into view.
            rowBufferPx={0}
            pageSizeOptions={PAGE_SIZE_OPTIONS}
            initialState={initialState}
          />
        </NoKeysContext.Provider>
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
