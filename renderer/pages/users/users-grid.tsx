/** Every user with a summary of their keys; a user's name opens their details. */
import { useMemo } from 'react';
import { Box, Link } from '@mui/material';
import { DataGrid, type GridColDef, type GridColumnVisibilityModel } from '@mui/x-data-grid';
import type { UserRow } from '../../../shared/inventory-stats.js';
import { LEGACY_EXPIRY_TEXT, formatDay, formatSoonestExpiry } from '../../components/format.js';
import { CellText, YesCell, linkEllipsisSx } from '../../components/cell-text.js';
import { useColumnVisibility } from '../../components/column-visibility.js';
import { phraseText, phraseValues, withPhraseSearch } from '../../components/grid-search.js';
import { openRowOnEnter } from '../../components/grid-row-keyboard.js';

/** Every column shows at first (they fit at 1440 px); the admin may hide some (the Columns button; kept per table). */
const USERS_HIDDEN_COLUMNS: GridColumnVisibilityModel = Object.freeze({});

/** Key fields are null where the site does not show this user's keys: say so instead of showing a blank or 0. */
const NOT_VISIBLE = 'not visible';

function keyField<T>(format: (value: T) => string) {
  return (value: T | null, row: UserRow) => (!row.keysVisible ? NOT_VISIBLE : value === null ? '—' : format(value));
}
const day = keyField((value: Date) => formatDay(value.toISOString()));
const count = keyField((value: number) => String(value));
/** A day already past says "Expired"; only legacy keys (no expiry): they still stop, at the 19.0 upgrade. */
const expiryOf = (now: Date) => {
  const soonest = keyField((value: Date) => formatSoonestExpiry(value, now));
  return (value: Date | null, row: UserRow) =>
    value === null && row.keysVisible && (row.legacyKeys ?? 0) > 0 ? LEGACY_EXPIRY_TEXT : soonest(value, row);
};

function columns(onOpen: (id: string) => void, now: Date): GridColDef<UserRow>[] {
  return [
    {
      field: 'name',
      headerName: 'Name',
      flex: 1,
      minWidth: 160,
      // A long name is cut short with "…", the whole name on hover.
      renderCell: ({ row }) => (
        <Link
          component="button"
          type="button"
          variant="body2"
          title={row.name}
          onClick={() => onOpen(row.id)}
          sx={{ ...linkEllipsisSx, textAlign: 'left' }}
        >
          {row.name}
        </Link>
      ),
    },
    {
      field: 'email',
      headerName: 'Email',
      flex: 1,
      minWidth: 160,
      renderCell: ({ row }) => <CellText text={row.email ?? ''} />,
    },
    // "Yes" only where it is yes.
    {
      field: 'disabled',
      headerName: 'Disabled',
      type: 'boolean',
      width: 95,
      renderCell: ({ value }) => <YesCell value={value} />,
    },
    {
      field: 'isSiteAdmin',
      headerName: 'Site admin',
      type: 'boolean',
      width: 100,
      renderCell: ({ value }) => <YesCell value={value} />,
    },
    { field: 'keyCount', headerName: 'Keys', type: 'number', width: 80, valueFormatter: count },
    // Wide enough for "Expired 2026-11-30" and "Rejected from 19.0".
    { field: 'soonestExpiry', headerName: 'Soonest expiry', type: 'date', width: 170, valueFormatter: expiryOf(now) },
    { field: 'legacyKeys', headerName: 'Legacy keys', type: 'number', width: 110, valueFormatter: count },
    { field: 'lastUse', headerName: 'Last use', type: 'date', width: 115, valueFormatter: day },
  ];
}

export interface UsersGridProps {
  readonly rows: readonly UserRow[];
  readonly onOpen: (id: string) => void;
  readonly disableVirtualization?: boolean;
}

export function UsersGrid({ rows, onOpen, disableVirtualization }: UsersGridProps) {
  // Stable columns: the grid recomputes its column state whenever this array changes.
  const userColumns = useMemo(() => withPhraseSearch(columns(onOpen, new Date())), [onOpen]);
  const columnVisibility = useColumnVisibility('users', USERS_HIDDEN_COLUMNS);
  // Enter on any cell of a row opens the user, as the name's link does.
  const openOnEnter = useMemo(() => openRowOnEnter<UserRow>(({ id }) => onOpen(String(id))), [onOpen]);
  return (
    <Box sx={{ height: 560, width: '100%' }}>
      <DataGrid
        aria-label="Users"
        rows={rows}
        columns={userColumns}
        {...columnVisibility}
        showToolbar
        onCellKeyDown={openOnEnter}
        disableRowSelectionOnClick
        disableVirtualization={disableVirtualization}
        density="compact"
        pageSizeOptions={[25, 50, 100]}
        initialState={{
          pagination: { paginationModel: { pageSize: 100 } },
          sorting: { sortModel: [{ field: 'name', sort: 'asc' }] },
          // The search also looks into hidden columns.
          filter: { filterModel: { items: [], quickFilterExcludeHiddenColumns: false } },
        }}
        slotProps={{
          toolbar: {
            csvOptions: { disableToolbarButton: true },
            printOptions: { disableToolbarButton: true },
            // The typed text is one phrase of whole words (grid-search.ts).
            quickFilterProps: { quickFilterParser: phraseValues, quickFilterFormatter: phraseText },
          },
        }}
      />
    </Box>
  );
}
