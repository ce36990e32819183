import { useMemo, useState } from 'react';
import { Box, Chip, Link, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridColumnVisibilityModel, type GridFilterModel } from '@mui/x-data-grid';
import { CellText, linkEllipsisSx } from '../../components/cell-text.js';
import { useColumnVisibility } from '../../components/column-visibility.js';
import { ColumnsToolbar } from '../../components/columns-toolbar.js';
import { withPhraseSearch, withSearch } from '../../components/grid-search.js';
import { openRowOnEnter } from '../../components/grid-row-keyboard.js';
import { LEGACY_EXPIRY_TEXT, formatDateTime, formatSoonestExpiry, relativeDays } from '../../components/format.js';
import type { DeviceRow } from '../../../shared/inventory-stats.js';
import { HEALTH_TEXT, HealthChip, missingReason } from './health-chip.js';

export interface DevicesTableProps {
  readonly rows: readonly DeviceRow[];
  /** The search box's text: a row matches when one of its text columns holds it as a whole phrase (grid-search.ts). */
  readonly search: string;
  readonly onOpen: (deviceId: string) => void;
  /** jsdom has no layout, so tests render every row. */
  readonly disableVirtualization?: boolean;
}

const dateValue = (value: Date | null) => value;

/**
 * Hidden until the admin shows them (the Columns button; kept per table), so the others fit at 1440 px: the health
 * column already says when a device was last seen ("seen today", the time on hover).
 */
export const DEVICES_HIDDEN_COLUMNS: GridColumnVisibilityModel = Object.freeze({ lastSeen: false });

function columns(onOpen: (id: string) => void, now: Date): GridColDef<DeviceRow>[] {
  return withPhraseSearch<DeviceRow>([
    {
      field: 'label',
      headerName: 'Label',
      flex: 1.4,
      minWidth: 160,
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
    { field: 'type', headerName: 'Type', width: 95 },
    {
      field: 'health',
      headerName: 'Health',
      type: 'singleSelect',
      valueOptions: Object.entries(HEALTH_TEXT).map(([value, label]) => ({ value, label })),
      width: 215,
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
      valueGetter: dateValue,
      valueFormatter: (value: Date | null) => formatDateTime(value?.toISOString() ?? null),
    },
    {
      field: 'location',
      headerName: 'Location',
      flex: 1,
      minWidth: 110,
      renderCell: ({ row }) => <CellText text={row.location} />,
    },
    { field: 'modality', headerName: 'Modality', width: 95 },
    { field: 'keyCount', headerName: 'Keys', type: 'number', width: 65 },
    {
      field: 'soonestExpiry',
      headerName: 'Soonest expiry',
      type: 'date',
      width: 170,
      valueGetter: dateValue,
      // Only legacy keys (no expiry): they still stop, at the 19.0 upgrade.
      valueFormatter: (value: Date | null, row: DeviceRow) =>
        value ? formatSoonestExpiry(value, now) : row.hasLegacyKeys ? LEGACY_EXPIRY_TEXT : '—',
    },
    {
      field: 'hasLegacyKeys',
      headerName: 'Legacy keys',
      type: 'boolean',
      width: 105,
      renderCell: ({ value }) => (value ? <Chip size="small" color="secondary" label="Legacy" /> : null),
    },
    {
      field: 'disabled',
      headerName: 'Disabled',
      type: 'boolean',
      width: 100,
      renderCell: ({ value }) => (value ? <Chip size="small" label="Disabled" /> : null),
    },
  ]);
}

/** Every device of the site in one grid: sort, filter and search on each column; virtualised for thousands. */
export function DevicesTable({ rows, search, onOpen, disableVirtualization }: DevicesTableProps) {
  const now = useMemo(() => new Date(), []);
  const cols = useMemo(() => columns(onOpen, now), [onOpen, now]);
  // The column filters are the grid's; the quick-filter words come from the page's search box.
  const [columnFilters, setColumnFilters] = useState<GridFilterModel>({ items: [] });
  const filterModel = useMemo<GridFilterModel>(() => withSearch(columnFilters, search), [columnFilters, search]);
  const columnVisibility = useColumnVisibility('devices', DEVICES_HIDDEN_COLUMNS);
  const openOnEnter = useMemo(() => openRowOnEnter<DeviceRow>(({ id }) => onOpen(String(id))), [onOpen]);

  return (
    <Box sx={{ height: 'calc(100vh - 300px)', minHeight: 400, width: '100%' }}>
      <DataGrid
        aria-label="Devices"
        rows={rows}
        columns={cols}
        {...columnVisibility}
        showToolbar
        slots={{ toolbar: ColumnsToolbar }}
        filterModel={filterModel}
        onFilterModelChange={(model) => setColumnFilters({ ...model, quickFilterValues: [] })}
        onRowClick={({ id }) => onOpen(String(id))}
        onCellKeyDown={openOnEnter}
        initialState={{
          sorting: { sortModel: [{ field: 'label', sort: 'asc' }] },
          pagination: { paginationModel: { pageSize: 100 } },
          columns: { columnVisibilityModel: DEVICES_HIDDEN_COLUMNS },
        }}
        pageSizeOptions={[25, 50, 100]}
        disableRowSelectionOnClick
        disableVirtualization={disableVirtualization}
        density="compact"
        sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
      />
    </Box>
  );
}
