/** Every user with a summary of their keys; a user's name opens their details. */
import { useMemo } from 'react';
import { Box, Link } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import type { UserRow } from '../../../shared/inventory-stats.js';
import { LEGACY_EXPIRY_TEXT, formatDay } from '../../components/format.js';

/** Key fields are null where the site does not show this user's keys: say so instead of showing a blank or 0. */
const NOT_VISIBLE = 'not visible';

function keyField<T>(format: (value: T) => string) {
  return (value: T | null, row: UserRow) => (!row.keysVisible ? NOT_VISIBLE : value === null ? '—' : format(value));
}
const day = keyField((value: Date) => formatDay(value.toISOString()));
const count = keyField((value: number) => String(value));
/** Only legacy keys (no expiry): they still stop, at the 19.0 upgrade. */
const expiry = (value: Date | null, row: UserRow) =>
  value === null && row.keysVisible && (row.legacyKeys ?? 0) > 0 ? LEGACY_EXPIRY_TEXT : day(value, row);

function columns(onOpen: (id: string) => void): GridColDef<UserRow>[] {
  return [
    {
      field: 'name',
      headerName: 'Name',
      flex: 1,
      minWidth: 180,
      renderCell: ({ row }) => (
        <Link component="button" type="button" variant="body2" onClick={() => onOpen(row.id)}>
          {row.name}
        </Link>
      ),
    },
    { field: 'email', headerName: 'Email', flex: 1, minWidth: 180 },
    { field: 'disabled', headerName: 'Disabled', type: 'boolean', width: 100 },
    { field: 'isSiteAdmin', headerName: 'Site admin', type: 'boolean', width: 100 },
    { field: 'keyCount', headerName: 'Keys', type: 'number', width: 100, valueFormatter: count },
    { field: 'soonestExpiry', headerName: 'Soonest expiry', type: 'date', width: 130, valueFormatter: expiry },
    { field: 'legacyKeys', headerName: 'Legacy keys', type: 'number', width: 110, valueFormatter: count },
    { field: 'lastUse', headerName: 'Last use', type: 'date', width: 120, valueFormatter: day },
  ];
}

export interface UsersGridProps {
  readonly rows: readonly UserRow[];
  readonly onOpen: (id: string) => void;
  readonly disableVirtualization?: boolean;
}

export function UsersGrid({ rows, onOpen, disableVirtualization }: UsersGridProps) {
  // Stable columns: the grid recomputes its column state whenever this array changes.
  const userColumns = useMemo(() => columns(onOpen), [onOpen]);
  return (
    <Box sx={{ height: 560, width: '100%' }}>
      <DataGrid
        aria-label="Users"
        rows={rows}
        columns={userColumns}
        showToolbar
        disableRowSelectionOnClick
        disableVirtualization={disableVirtualization}
        density="compact"
        pageSizeOptions={[25, 50, 100]}
        initialState={{
          pagination: { paginationModel: { pageSize: 100 } },
          sorting: { sortModel: [{ field: 'name', sort: 'asc' }] },
        }}
        slotProps={{
          toolbar: { csvOptions: { disableToolbarButton: true }, printOptions: { disableToolbarButton: true } },
        }}
      />
    </Box>
  );
}
