/**
 * Every device of the site in one grid, with a summary of its keys. Main pages, sorts, filters and searches the
 * devices (`inventory.deviceRows`, shared/device-rows-query.ts): the renderer holds one page, however many devices the
 * site has (issue 12).
 */
import { useMemo, useState } from 'react';
import { Box, Chip, Link, Typography } from '@mui/material';
import {
  DataGrid,
  getGridBooleanOperators,
  getGridDateOperators,
  getGridNumericOperators,
  getGridSingleSelectOperators,
  getGridStringOperators,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridFilterItem,
} from '@mui/x-data-grid';
import {
  DEVICE_COLUMNS,
  DEVICE_SORT_FIELDS,
  HEALTH_TEXT,
  dateTimeText,
  deviceColumnFilter,
  deviceSoonestText,
  type DeviceColumnFilter,
  type DeviceRowsQuery,
} from '../../../shared/device-rows-query.js';
import { DATE_OPERATORS, NUMBER_OPERATORS, TEXT_OPERATORS } from '../../../shared/grid-rows-query.js';
import type { DeviceRow } from '../../../shared/inventory-stats.js';
import { useDeviceRows } from '../../api/inventory.js';
import { CellText, linkEllipsisSx } from '../../components/cell-text.js';
import { GridCount } from '../../components/grid-count.js';
import { useColumnVisibility } from '../../components/column-visibility.js';
import { ColumnsToolbar } from '../../components/columns-toolbar.js';
import { openRowOnEnter } from '../../components/grid-row-keyboard.js';
import { formatDateTime, relativeDays } from '../../components/format.js';
import { LoadingLine, RetryAlert } from '../../components/load-state.js';
import { columnFilterOf, gridQueryOf, useServerGrid, type ServerGridState } from '../../components/server-grid.js';
import { HealthChip, missingReason } from './health-chip.js';

export interface DevicesTableProps {
  /** The search box's text: a row matches when one of its shown texts holds it as a whole phrase (device-rows-query.ts). */
  readonly search: string;
  readonly onOpen: (deviceId: string) => void;
  /** jsdom has no layout, so tests render every row. */
  readonly disableVirtualization?: boolean;
}

const dateValue = (value: Date | null) => value;
const timeOfDate = (date: Date | null) => (date === null ? Number.NaN : date.getTime());

/** The operators main applies (shared/grid-rows-query.ts), of those the grid offers for each kind of column. */
const only = <T extends { value: string }>(operators: T[], names: readonly string[]) =>
  operators.filter((operator) => names.includes(operator.value));
const TEXT_FILTERS = only(getGridStringOperators(), TEXT_OPERATORS);
const NUMBER_FILTERS = only(getGridNumericOperators(), NUMBER_OPERATORS);
const DATE_FILTERS = only(getGridDateOperators(false), DATE_OPERATORS);
const DATE_TIME_FILTERS = only(getGridDateOperators(true), DATE_OPERATORS);
const SELECT_FILTERS = getGridSingleSelectOperators();
const BOOLEAN_FILTERS = getGridBooleanOperators();

/** The grid's column filter as main takes it; undefined where main does not filter by it. */
export function deviceFilterOf(item: GridFilterItem | undefined): DeviceColumnFilter | undefined {
  return columnFilterOf(item, DEVICE_COLUMNS, deviceColumnFilter);
}

/** What main is asked for: the grid's page, sort and column filter, and the page's search. */
export function deviceRowsQueryOf(
  grid: Pick<ServerGridState, 'pagination' | 'sortModel' | 'filterModel'>,
  search: string,
): DeviceRowsQuery {
  return gridQueryOf(grid, DEVICE_SORT_FIELDS, deviceFilterOf, search.trim());
}

/**
 * Hidden until the admin shows them (the Columns button; kept per table), so the others fit at 1440 px: the health
 * column already says when a device was last seen ("seen today", the time on hover).
 */
export const DEVICES_HIDDEN_COLUMNS: GridColumnVisibilityModel = Object.freeze({ lastSeen: false });

function columns(onOpen: (id: string) => void, now: Date): GridColDef<DeviceRow>[] {
  return [
    {
      field: 'label',
      headerName: 'Label',
      flex: 1.4,
      minWidth: 160,
      filterOperators: TEXT_FILTERS,
      // A real button in the cell, so the keyboard can open the device too (row clicks are mouse only). A long label
      // is cut short with "…", the whole label on hover.
      renderCell: ({ row }) => (
        <Link
          component="button"
          type="button"
          title={row.label}
          onClick={() => onOpen(row.id)}
          sx={{ ...linkEllipsisSx, textAlign: 'left' }}
        >
          {row.label}
        </Link>
      ),
    },
    { field: 'type', headerName: 'Type', width: 95, filterOperators: TEXT_FILTERS },
    {
      field: 'health',
      headerName: 'Health',
      type: 'singleSelect',
      valueOptions: Object.entries(HEALTH_TEXT).map(([value, label]) => ({ value, label })),
      width: 215,
      filterOperators: SELECT_FILTERS,
      renderCell: ({ row }) => {
        const lastSeen = row.lastSeen?.toISOString() ?? null;
        // "Missing" beside "seen today" would contradict itself: a missing device says how long it has been silent.
        const missing = missingReason({ health: row.health, lastSeen, interval: row.interval }, now);
        return (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, height: '100%' }}>
            <HealthChip health={row.health} />
            <Typography
              variant="caption"
              color="text.secondary"
              noWrap
              sx={{ minWidth: 0 }}
              title={missing ? `Missing: ${missing.why}. Last seen ${formatDateTime(lastSeen)}.` : formatDateTime(lastSeen)}
            >
              {missing ? missing.short : lastSeen ? `seen ${relativeDays(lastSeen, now)}` : 'never seen'}
            </Typography>
          </Box>
        );
      },
    },
    {
      field: 'lastSeen',
      headerName: 'Last seen',
      type: 'dateTime',
      width: 170,
      filterOperators: DATE_TIME_FILTERS,
      valueGetter: dateValue,
      valueFormatter: (value: Date | null) => dateTimeText(timeOfDate(value)),
    },
    {
      field: 'location',
      headerName: 'Location',
      flex: 1,
      minWidth: 110,
      filterOperators: TEXT_FILTERS,
      renderCell: ({ row }) => <CellText text={row.location} />,
    },
    { field: 'modality', headerName: 'Modality', width: 95, filterOperators: TEXT_FILTERS },
    { field: 'keyCount', headerName: 'Keys', type: 'number', width: 80, filterOperators: NUMBER_FILTERS },
    {
      field: 'soonestExpiry',
      headerName: 'Soonest expiry',
      type: 'date',
      width: 170,
      filterOperators: DATE_FILTERS,
      valueGetter: dateValue,
      // Only legacy keys (no expiry): they still stop, at the 19.0 upgrade.
      valueFormatter: (value: Date | null, row: DeviceRow) => deviceSoonestText(row, timeOfDate(value), now),
    },
    {
      field: 'hasLegacyKeys',
      headerName: 'Legacy keys',
      type: 'boolean',
      width: 105,
      filterOperators: BOOLEAN_FILTERS,
      renderCell: ({ value }) => (value ? <Chip size="small" color="secondary" label="Legacy" /> : null),
    },
    {
      field: 'disabled',
      headerName: 'Disabled',
      type: 'boolean',
      width: 100,
      filterOperators: BOOLEAN_FILTERS,
      renderCell: ({ value }) => (value ? <Chip size="small" label="Disabled" /> : null),
    },
  ];
}

const NO_ROWS: DeviceRow[] = [];

/** Every device of the site in one grid: sort, filter and search on each column, a page at a time from main. */
export function DevicesTable({ search, onOpen, disableVirtualization }: DevicesTableProps) {
  const now = useMemo(() => new Date(), []);
  const cols = useMemo(() => columns(onOpen, now), [onOpen, now]);
  const columnVisibility = useColumnVisibility('devices', DEVICES_HIDDEN_COLUMNS);
  const openOnEnter = useMemo(() => openRowOnEnter<DeviceRow>(({ id }) => onOpen(String(id))), [onOpen]);
  const grid = useServerGrid({ sortModel: [{ field: 'label', sort: 'asc' }] });
  // A new search starts on the first page.
  const [searched, setSearched] = useState(search);
  if (searched !== search) {
    setSearched(search);
    grid.firstPage();
  }
  const { pagination, sortModel, filterModel } = grid;
  const query = useMemo(
    () => deviceRowsQueryOf({ pagination, sortModel, filterModel }, search),
    [pagination, sortModel, filterModel, search],
  );
  const page = useDeviceRows(query);

  if (page.isError && !page.data) return <RetryAlert message={page.error.message} onRetry={page.refetch} />;
  if (!page.data) return <LoadingLine text="Loading the devices…" />;
  const { devices, total } = page.data;
  return (
    <>
      <GridCount noun="device" all={devices} total={total} query={query} />
      {page.isError && <RetryAlert message={page.error.message} onRetry={page.refetch} />}
      <Box sx={{ height: 'calc(100vh - 320px)', minHeight: 400, width: '100%' }}>
        <DataGrid
          aria-label="Devices"
          rows={page.data.rows ?? NO_ROWS}
          columns={cols}
          {...columnVisibility}
          rowCount={total}
          loading={page.isFetching}
          {...grid.gridProps}
          showToolbar
          slots={{ toolbar: ColumnsToolbar }}
          onRowClick={({ id }) => onOpen(String(id))}
          onCellKeyDown={openOnEnter}
          initialState={{ columns: { columnVisibilityModel: DEVICES_HIDDEN_COLUMNS } }}
          pageSizeOptions={[25, 50, 100]}
          disableRowSelectionOnClick
          disableVirtualization={disableVirtualization}
          density="compact"
          sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
        />
      </Box>
    </>
  );
}
