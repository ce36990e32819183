/**
 * Every legacy key of the site in one grid (a site may hold tens of thousands): owner, last use, who replaces it,
 * its phase and the next step. Main pages, filters, searches and sorts them (`migration.keys`): the renderer holds
 * one page. Rows come in main's order (blockers first, recently used first) until a column is sorted; the phase
 * and who replaces a key filter; the owner's name is a button so the keyboard opens a key as a click on the row does.
 */
import { useMemo, useState } from 'react';
import { Box, Chip, Link, Typography } from '@mui/material';
import {
  DataGrid,
  getGridSingleSelectOperators,
  type GridColDef,
  type GridFilterModel,
  type GridPaginationModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import {
  PHASE_TEXT,
  RESPONSIBLE_TEXT,
  legacyPhase,
  responsibleParty,
  type LegacyPhase,
  type ResponsibleParty,
} from '../../../shared/migration.js';
import {
  LEGACY_SORT_FIELDS,
  MAX_LEGACY_PAGE_SIZE,
  type LegacyKeysQuery,
  type LegacyRow,
  type LegacySortField,
} from '../../../shared/migration-page.js';
import { useLegacyKeys } from '../../api/migration.js';
import { formatDay, formatDateTime } from '../../components/format.js';
import { phraseValues } from '../../components/grid-search.js';
import { openRowOnEnter } from '../../components/grid-row-keyboard.js';
import { RetryAlert } from '../../components/load-state.js';
import { useServerGrid } from '../../components/server-grid.js';
import { isOwnKey, ownerKindText, quietText } from './entry-text.js';
import { PhaseChip } from './phase-chip.js';

export interface LegacyKeysGridProps {
  /** Names the grid for assistive technology. */
  readonly label: string;
  /** The snapshot the page shows (the rows' query key). */
  readonly fetchedAt: string | null;
  /** Deleted keys: when they went instead of the next step. */
  readonly deleted?: boolean;
  /** How many keys the list holds in all (the summary's count): the grid's height before the first page comes. */
  readonly count: number;
  readonly selectedId: string | null;
  readonly userId: string | null;
  /**
   * The page's search box: a row matches when its owner (name, id, e-mail, device type), key, label, phase, who
   * replaces it or its next step holds the text as a whole phrase.
   */
  readonly search?: string;
  /** Hides the next step column (the details panel beside the grid shows it). */
  readonly compact?: boolean;
  readonly onOpen: (keyId: string) => void;
  /** jsdom has no layout, so tests render every row. */
  readonly disableVirtualization?: boolean;
}

const asDate = (iso: string | null) => (iso === null ? null : new Date(iso));

function OwnerCell({ entry, userId, onOpen }: { entry: LegacyRow; userId: string | null; onOpen: (id: string) => void }) {
  return (
    <Box sx={{ py: 0.5, minWidth: 0 }}>
      <Link
        component="button"
        type="button"
        variant="body2"
        onClick={() => onOpen(entry.keyId)}
        sx={{ textAlign: 'left', fontWeight: 500, overflowWrap: 'anywhere' }}
      >
        {entry.owner.name}
      </Link>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ overflowWrap: 'anywhere' }}>
        {ownerKindText(entry)} · key {entry.keyId}
      </Typography>
      {(entry.owner.disabled || isOwnKey(entry, userId) || entry.isAppKey) && (
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.25 }}>
          {entry.owner.disabled && <Chip size="small" variant="outlined" label="Owner disabled" />}
          {isOwnKey(entry, userId) && <Chip size="small" variant="outlined" color="primary" label="Your key" />}
          {entry.isAppKey && <Chip size="small" color="info" label="Used by this app" />}
        </Box>
      )}
    </Box>
  );
}

/** The filters main applies: a phase or who replaces a key, one value or several. */
const SELECT_OPERATORS = getGridSingleSelectOperators().filter((operator) => ['is', 'isAnyOf'].includes(operator.value));

function columns(onOpen: (id: string) => void, userId: string | null, deleted: boolean): GridColDef<LegacyRow>[] {
  const owner: GridColDef<LegacyRow> = {
    field: 'owner',
    headerName: 'Owner',
    flex: 1.3,
    minWidth: 180,
    filterable: false,
    valueGetter: (_value, row) => row.owner.name,
    renderCell: ({ row }) => <OwnerCell entry={row} userId={userId} onOpen={onOpen} />,
  };
  const lastUsed: GridColDef<LegacyRow> = {
    field: 'lastUsed',
    headerName: 'Last used',
    type: 'dateTime',
    width: 130,
    filterable: false,
    valueGetter: (_value, row) => asDate(row.lastUsed),
    renderCell: ({ row }) => (
      <Box sx={{ py: 0.5 }} title={formatDateTime(row.lastUsed)}>
        <Typography variant="body2">{row.lastUsed ? formatDay(row.lastUsed) : 'Never'}</Typography>
        {row.lastUsed && (
          <Typography variant="caption" color="text.secondary">
            {quietText(row.quietForDays)}
          </Typography>
        )}
      </Box>
    ),
  };
  const responsible: GridColDef<LegacyRow> = {
    field: 'responsible',
    headerName: 'Replaced by',
    type: 'singleSelect',
    width: 130,
    filterOperators: SELECT_OPERATORS,
    valueOptions: responsibleParty.options.map((value) => ({ value, label: RESPONSIBLE_TEXT[value] })),
  };
  const phase: GridColDef<LegacyRow> = {
    field: 'phase',
    headerName: 'Phase',
    type: 'singleSelect',
    width: 180,
    filterOperators: SELECT_OPERATORS,
    valueOptions: legacyPhase.options.map((value) => ({ value, label: PHASE_TEXT[value] })),
    renderCell: ({ value }) => (
      <Box sx={{ py: 0.5 }}>
        <PhaseChip phase={value as LegacyPhase} />
      </Box>
    ),
  };
  if (deleted) {
    return [
      owner,
      lastUsed,
      responsible,
      {
        field: 'deletedAt',
        headerName: 'Gone from the site',
        type: 'dateTime',
        width: 190,
        filterable: false,
        valueGetter: (_value, row) => asDate(row.deletedAt),
        valueFormatter: (value: Date | null) => (value ? `by ${formatDateTime(value.toISOString())}` : '—'),
      },
    ];
  }
  return [
    owner,
    lastUsed,
    responsible,
    phase,
    {
      field: 'next',
      headerName: 'Next step',
      flex: 2,
      minWidth: 240,
      sortable: false,
      filterable: false,
      valueGetter: (_value, row) => row.next,
      renderCell: ({ value }) => (
        <Typography variant="body2" sx={{ py: 0.5, whiteSpace: 'normal' }}>
          {String(value)}
        </Typography>
      ),
    },
  ];
}

/** The values a filter item asks for (one for "is", several for "is any of"); null when it asks for none. */
function filterValues(model: GridFilterModel, field: 'phase' | 'responsible'): string[] | undefined {
  const item = model.items.find((candidate) => candidate.field === field);
  if (!item || item.value === undefined || item.value === null || item.value === '') return undefined;
  const values = (Array.isArray(item.value) ? item.value : [item.value]).map(String);
  return values.length > 0 ? values : undefined;
}

const isSortField = (field: string): field is LegacySortField => (LEGACY_SORT_FIELDS as readonly string[]).includes(field);

/** What main is asked for: the grid's page, sort and filters, and the page's search. */
export function legacyKeysQueryOf(
  deleted: boolean,
  pagination: GridPaginationModel,
  sortModel: GridSortModel,
  filterModel: GridFilterModel,
  search: string,
): LegacyKeysQuery {
  const sorted = sortModel[0];
  const phrase = phraseValues(search)[0];
  const phases = filterValues(filterModel, 'phase') as LegacyPhase[] | undefined;
  const responsible = filterValues(filterModel, 'responsible') as ResponsibleParty[] | undefined;
  return {
    list: deleted ? 'deleted' : 'present',
    page: pagination.page,
    pageSize: Math.min(pagination.pageSize, MAX_LEGACY_PAGE_SIZE),
    ...(phrase ? { search: phrase } : {}),
    ...(phases ? { phases } : {}),
    ...(responsible ? { responsible } : {}),
    ...(sorted?.sort && isSortField(sorted.field) ? { sort: { field: sorted.field, direction: sorted.sort } } : {}),
  };
}

const NO_ROWS: LegacyRow[] = [];

export function LegacyKeysGrid(props: LegacyKeysGridProps) {
  const { label, fetchedAt, deleted = false, count, selectedId, userId, search = '', compact = false, onOpen } = props;
  const cols = useMemo(() => columns(onOpen, userId, deleted), [onOpen, userId, deleted]);
  const grid = useServerGrid();
  const { pagination, sortModel, filterModel } = grid;
  // A new search starts on the first page.
  const [searched, setSearched] = useState(search);
  if (searched !== search) {
    setSearched(search);
    grid.firstPage();
  }
  const query = useMemo(
    () => legacyKeysQueryOf(deleted, pagination, sortModel, filterModel, search),
    [deleted, pagination, sortModel, filterModel, search],
  );
  const page = useLegacyKeys(fetchedAt, query);
  const openOnEnter = useMemo(() => openRowOnEnter<LegacyRow>(({ id }) => onOpen(String(id))), [onOpen]);
  const rows = page.data?.rows ?? NO_ROWS;
  const total = page.data?.total ?? count;

  if (page.isError) return <RetryAlert message={page.error.message} onRetry={page.refetch} />;
  return (
    // The deleted keys' grid grows with its rows up to a point; the main grid fills the window beside the details.
    <Box sx={{ height: deleted ? Math.min(480, 130 + count * 64) : 'calc(100vh - 160px)', minHeight: deleted ? 0 : 420 }}>
      <DataGrid
        aria-label={label}
        rows={rows}
        columns={cols}
        getRowId={(row) => row.keyId}
        rowCount={total}
        loading={page.isFetching}
        {...grid.gridProps}
        // Owners, chips and next steps wrap instead of being cut off.
        getRowHeight={() => 'auto'}
        getRowClassName={({ id }) => (id === selectedId ? 'selected-entry' : '')}
        columnVisibilityModel={{ next: !compact }}
        onRowClick={({ id }) => onOpen(String(id))}
        // Enter on any cell of a row opens it, as a click on the row does.
        onCellKeyDown={openOnEnter}
        pageSizeOptions={[25, 50, 100]}
        disableRowSelectionOnClick
        disableVirtualization={props.disableVirtualization}
        density="compact"
        sx={{
          '& .MuiDataGrid-row': { cursor: 'pointer' },
          '& .MuiDataGrid-cell': { display: 'flex', alignItems: 'center' },
          '& .selected-entry': { bgcolor: 'action.selected' },
          '& .selected-entry:hover': { bgcolor: 'action.selected' },
        }}
      />
    </Box>
  );
}
