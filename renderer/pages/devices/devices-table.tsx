import { useMemo, useState } from 'react';
import { Box, Chip, Link, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridFilterModel } from '@mui/x-data-grid';
import { LEGACY_EXPIRY_TEXT, formatDay, formatDateTime, relativeDays } from '../../components/format.js';
import type { DeviceRow } from './device-rows.js';
import { HEALTH_TEXT, HealthChip } from './health-chip.js';

export interface DevicesTableProps {
  readonly rows: readonly DeviceRow[];
  /** Words typed in the search box; a row matches when every word is found in one of its text columns. */
  readonly search: string;
  readonly onOpen: (deviceId: string) => void;
  /** jsdom has no layout, so tests render every row. */
  readonly disableVirtualization?: boolean;
}

const dateValue = (value: Date | null) => value;

function columns(onOpen: (id: string) => void, now: Date): GridColDef<DeviceRow>[] {
  return [
    {
      field: 'label',
      headerName: 'Label',
      flex: 1.4,
      minWidth: 180,
      // A real button in the cell, so the keyboard can open the device too (row clicks are mouse only).
      renderCell: ({ row }) => (
        <Link component="button" type="button" onClick={() => onOpen(row.id)} sx={{ textAlign: 'left' }}>
          {row.label}
        </Link>
      ),
    },
    { field: 'type', headerName: 'Type', width: 110 },
    {
      field: 'health',
      headerName: 'Health',
      type: 'singleSelect',
      valueOptions: Object.entries(HEALTH_TEXT).map(([value, label]) => ({ value, label })),
      width: 190,
      renderCell: ({ row }) => (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, height: '100%' }}>
          <HealthChip health={row.health} />
          <Typography variant="caption" color="text.secondary" title={formatDateTime(row.lastSeen?.toISOString() ?? null)}>
            {row.lastSeen ? `seen ${relativeDays(row.lastSeen.toISOString(), now)}` : 'never seen'}
          </Typography>
        </Box>
      ),
    },
    {
      field: 'lastSeen',
      headerName: 'Last seen',
      type: 'dateTime',
      width: 170,
      valueGetter: dateValue,
      valueFormatter: (value: Date | null) => formatDateTime(value?.toISOString() ?? null),
    },
    { field: 'location', headerName: 'Location', flex: 1, minWidth: 120 },
    { field: 'modality', headerName: 'Modality', width: 110 },
    { field: 'keyCount', headerName: 'Keys', type: 'number', width: 80 },
    {
      field: 'soonestExpiry',
      headerName: 'Soonest expiry',
      type: 'date',
      width: 140,
      valueGetter: dateValue,
      // Only legacy keys (no expiry): they still stop, at the 19.0 upgrade.
      valueFormatter: (value: Date | null, row: DeviceRow) =>
        value ? formatDay(value.toISOString()) : row.hasLegacyKeys ? LEGACY_EXPIRY_TEXT : '—',
    },
    {
      field: 'hasLegacyKeys',
      headerName: 'Legacy keys',
      type: 'boolean',
      width: 120,
      renderCell: ({ value }) => (value ? <Chip size="small" color="secondary" label="Legacy" /> : null),
    },
    {
      field: 'disabled',
      headerName: 'Disabled',
      type: 'boolean',
      width: 110,
      renderCell: ({ value }) => (value ? <Chip size="small" label="Disabled" /> : null),
    },
  ];
}

/** Every device of the site in one grid: sort, filter and search on each column; virtualised for thousands. */
export function DevicesTable({ rows, search, onOpen, disableVirtualization }: DevicesTableProps) {
  const now = useMemo(() => new Date(), []);
  const cols = useMemo(() => columns(onOpen, now), [onOpen, now]);
  // The column filters are the grid's; the quick-filter words come from the page's search box.
  const [columnFilters, setColumnFilters] = useState<GridFilterModel>({ items: [] });
  const filterModel = useMemo<GridFilterModel>(
    () => ({ ...columnFilters, quickFilterValues: search.split(/\s+/).filter(Boolean) }),
    [columnFilters, search],
  );

  return (
    <Box sx={{ height: 'calc(100vh - 300px)', minHeight: 400, width: '100%' }}>
      <DataGrid
        aria-label="Devices"
        rows={rows}
        columns={cols}
        filterModel={filterModel}
        onFilterModelChange={(model) => setColumnFilters({ ...model, quickFilterValues: [] })}
        onRowClick={({ id }) => onOpen(String(id))}
        initialState={{
          sorting: { sortModel: [{ field: 'label', sort: 'asc' }] },
          pagination: { paginationModel: { pageSize: 100 } },
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
