/**
 * Every user with a summary of their keys; a user's name opens their details. Main pages, sorts, filters and
 * searches the users (`inventory.userRows`, shared/user-rows-query.ts): the renderer holds one page, however many
 * users the site has (issue 12).
 */
import { useMemo } from 'react';
import { Box, Link, Typography } from '@mui/material';
import {
  DataGrid,
  getGridBooleanOperators,
  getGridDateOperators,
  getGridNumericOperators,
  getGridStringOperators,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridFilterItem,
  type GridFilterModel,
  type GridPaginationModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import type { UserRow } from '../../../shared/inventory-stats.js';
import {
  USER_COLUMNS,
  USER_DATE_OPERATORS,
  USER_NUMBER_OPERATORS,
  USER_SORT_FIELDS,
  USER_TEXT_OPERATORS,
  keyCountText,
  lastUseText,
  soonestExpiryText,
  userColumnFilter,
  type UserColumnFilter,
  type UserRowsQuery,
} from '../../../shared/user-rows-query.js';
import { useUserRows } from '../../api/inventory.js';
import { CellText, YesCell, linkEllipsisSx } from '../../components/cell-text.js';
import { GridCount } from '../../components/grid-count.js';
import { useColumnVisibility } from '../../components/column-visibility.js';
import { phraseText, phraseValues } from '../../components/grid-search.js';
import { openRowOnEnter } from '../../components/grid-row-keyboard.js';
import { RetryAlert } from '../../components/load-state.js';
import { columnFilterOf, gridQueryOf, useServerGrid } from '../../components/server-grid.js';

/** Every column shows at first (they fit at 1440 px); the admin may hide some (the Columns button; kept per table). */
const USERS_HIDDEN_COLUMNS: GridColumnVisibilityModel = Object.freeze({});

/** The operators main applies (shared/user-rows-query.ts), of those the grid offers for each kind of column. */
const only = <T extends { value: string }>(operators: T[], names: readonly string[]) =>
  operators.filter((operator) => names.includes(operator.value));
const TEXT_FILTERS = only(getGridStringOperators(), USER_TEXT_OPERATORS);
const NUMBER_FILTERS = only(getGridNumericOperators(), USER_NUMBER_OPERATORS);
const DATE_FILTERS = only(getGridDateOperators(false), USER_DATE_OPERATORS);
const BOOLEAN_FILTERS = getGridBooleanOperators();

function columns(onOpen: (id: string) => void, now: Date): GridColDef<UserRow>[] {
  return [
    {
      field: 'name',
      headerName: 'Name',
      flex: 1,
      minWidth: 160,
      filterOperators: TEXT_FILTERS,
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
      filterOperators: TEXT_FILTERS,
      renderCell: ({ row }) => <CellText text={row.email ?? ''} />,
    },
    // "Yes" only where it is yes.
    {
      field: 'disabled',
      headerName: 'Disabled',
      type: 'boolean',
      width: 95,
      filterOperators: BOOLEAN_FILTERS,
      renderCell: ({ value }) => <YesCell value={value} />,
    },
    {
      field: 'isSiteAdmin',
      headerName: 'Site admin',
      type: 'boolean',
      width: 100,
      filterOperators: BOOLEAN_FILTERS,
      renderCell: ({ value }) => <YesCell value={value} />,
    },
    // Key fields say "not visible" where the site does not show this user's keys, instead of a blank or 0.
    {
      field: 'keyCount',
      headerName: 'Keys',
      type: 'number',
      width: 80,
      filterOperators: NUMBER_FILTERS,
      valueFormatter: (value: number | null, row) => keyCountText(row, value),
    },
    // Wide enough for "Expired 2026-11-30" and "Rejected from 19.0".
    {
      field: 'soonestExpiry',
      headerName: 'Soonest expiry',
      type: 'date',
      width: 170,
      filterOperators: DATE_FILTERS,
      valueFormatter: (_value: Date | null, row) => soonestExpiryText(row, now),
    },
    {
      field: 'legacyKeys',
      headerName: 'Legacy keys',
      type: 'number',
      width: 110,
      filterOperators: NUMBER_FILTERS,
      valueFormatter: (value: number | null, row) => keyCountText(row, value),
    },
    {
      field: 'lastUse',
      headerName: 'Last use',
      type: 'date',
      width: 115,
      filterOperators: DATE_FILTERS,
      valueFormatter: (_value: Date | null, row) => lastUseText(row),
    },
  ];
}

/** The grid's column filter as main takes it; undefined where main does not filter by it. */
export function userFilterOf(item: GridFilterItem | undefined): UserColumnFilter | undefined {
  return columnFilterOf(item, USER_COLUMNS, userColumnFilter);
}

/** What main is asked for: the grid's page, sort, column filter and search. */
export function userRowsQueryOf(pagination: GridPaginationModel, sortModel: GridSortModel, filterModel: GridFilterModel): UserRowsQuery {
  return gridQueryOf({ pagination, sortModel, filterModel }, USER_SORT_FIELDS, userFilterOf);
}

const NO_ROWS: UserRow[] = [];

export interface UsersGridProps {
  readonly onOpen: (id: string) => void;
  readonly disableVirtualization?: boolean;
}

export function UsersGrid({ onOpen, disableVirtualization }: UsersGridProps) {
  // Stable columns: the grid recomputes its column state whenever this array changes.
  const userColumns = useMemo(() => columns(onOpen, new Date()), [onOpen]);
  const columnVisibility = useColumnVisibility('users', USERS_HIDDEN_COLUMNS);
  // Enter on any cell of a row opens the user, as the name's link does.
  const openOnEnter = useMemo(() => openRowOnEnter<UserRow>(({ id }) => onOpen(String(id))), [onOpen]);
  // The search also looks into hidden columns: hiding a column chooses what is shown, not what can be found.
  const grid = useServerGrid({
    sortModel: [{ field: 'name', sort: 'asc' }],
    filterModel: { items: [], quickFilterExcludeHiddenColumns: false },
  });
  const { pagination, sortModel, filterModel } = grid;
  const query = useMemo(() => userRowsQueryOf(pagination, sortModel, filterModel), [pagination, sortModel, filterModel]);
  const page = useUserRows(query);

  if (page.isError && !page.data) return <RetryAlert message={page.error.message} onRetry={page.refetch} />;
  if (!page.data) {
    return (
      <Typography role="status" color="text.secondary">
        Loading the users…
      </Typography>
    );
  }
  const { users, total } = page.data;
  return (
    <>
      <GridCount noun="user" all={users} total={total} query={query} />
      {page.isError && <RetryAlert message={page.error.message} onRetry={page.refetch} />}
      <Box sx={{ height: 560, width: '100%' }}>
        <DataGrid
          aria-label="Users"
          rows={page.data.rows ?? NO_ROWS}
          columns={userColumns}
          {...columnVisibility}
          rowCount={total}
          loading={page.isFetching}
          {...grid.gridProps}
          showToolbar
          onCellKeyDown={openOnEnter}
          disableRowSelectionOnClick
          disableVirtualization={disableVirtualization}
          density="compact"
          pageSizeOptions={[25, 50, 100]}
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
    </>
  );
}
