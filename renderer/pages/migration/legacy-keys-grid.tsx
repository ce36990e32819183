/**
 * Every legacy key of the site in one grid (a site may hold thousands): owner, last use, who replaces it, its phase
 * and the next step. Rows are main's entries in main's order (blockers first, recently used first); the columns
 * sort and filter, and the owner's name is a button so the keyboard opens a key as a click on the row does.
 */
import { useMemo, useState } from 'react';
import { Box, Chip, Link, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridFilterModel } from '@mui/x-data-grid';
import {
  PHASE_TEXT,
  RESPONSIBLE_TEXT,
  legacyPhase,
  responsibleParty,
  type LegacyEntry,
  type LegacyPhase,
} from '../../../shared/migration.js';
import { phraseMatcher } from '../../../shared/inventory-stats.js';
import { formatDay, formatDateTime } from '../../components/format.js';
import { withPhraseSearch, withSearch } from '../../components/grid-search.js';
import { openRowOnEnter } from '../../components/grid-row-keyboard.js';
import { isOwnKey, ownerKindText, quietText } from './entry-text.js';
import { PhaseChip } from './phase-chip.js';

export interface LegacyKeysGridProps {
  /** Names the grid for assistive technology. */
  readonly label: string;
  readonly entries: readonly LegacyEntry[];
  /** Deleted keys: when they went instead of the next step. */
  readonly deleted?: boolean;
  readonly selectedId: string | null;
  readonly userId: string | null;
  /** The page's search box: a row matches when its owner, key or phase holds the text as a whole phrase. */
  readonly search?: string;
  /** Hides the next step column (the details panel beside the grid shows it). */
  readonly compact?: boolean;
  readonly onOpen: (keyId: string) => void;
  /** jsdom has no layout, so tests render every row. */
  readonly disableVirtualization?: boolean;
}

const asDate = (iso: string | null) => (iso === null ? null : new Date(iso));

/** The words a search can match in a row. */
function searchText(entry: LegacyEntry): string {
  return [
    entry.owner.name,
    entry.owner.id,
    entry.owner.email ?? '',
    entry.deviceType ?? '',
    entry.keyId,
    entry.label,
    PHASE_TEXT[entry.phase],
    RESPONSIBLE_TEXT[entry.responsible],
  ].join('\u0000'); // A separator no phrase can span: a phrase is found within one field.
}

function OwnerCell({ entry, userId, onOpen }: { entry: LegacyEntry; userId: string | null; onOpen: (id: string) => void }) {
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

function columns(onOpen: (id: string) => void, userId: string | null, deleted: boolean): GridColDef<LegacyEntry>[] {
  const owner: GridColDef<LegacyEntry> = {
    field: 'owner',
    headerName: 'Owner',
    flex: 1.3,
    minWidth: 180,
    valueGetter: (_value, row) => row.owner.name,
    getApplyQuickFilterFn: (phrase: string) => {
      const matches = phraseMatcher(phrase);
      return matches ? (_value, row) => matches(searchText(row)) : null;
    },
    renderCell: ({ row }) => <OwnerCell entry={row} userId={userId} onOpen={onOpen} />,
  };
  const lastUsed: GridColDef<LegacyEntry> = {
    field: 'lastUsed',
    headerName: 'Last used',
    type: 'dateTime',
    width: 130,
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
  const responsible: GridColDef<LegacyEntry> = {
    field: 'responsible',
    headerName: 'Replaced by',
    type: 'singleSelect',
    width: 130,
    valueOptions: responsibleParty.options.map((value) => ({ value, label: RESPONSIBLE_TEXT[value] })),
  };
  const phase: GridColDef<LegacyEntry> = {
    field: 'phase',
    headerName: 'Phase',
    type: 'singleSelect',
    width: 180,
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
      valueGetter: (_value, row) => row.next,
      renderCell: ({ value }) => (
        <Typography variant="body2" sx={{ py: 0.5, whiteSpace: 'normal' }}>
          {String(value)}
        </Typography>
      ),
    },
  ];
}

export function LegacyKeysGrid(props: LegacyKeysGridProps) {
  const { label, entries, deleted = false, selectedId, userId, search = '', compact = false, onOpen } = props;
  const cols = useMemo(() => withPhraseSearch(columns(onOpen, userId, deleted)), [onOpen, userId, deleted]);
  const [columnFilters, setColumnFilters] = useState<GridFilterModel>({ items: [] });
  const filterModel = useMemo<GridFilterModel>(() => withSearch(columnFilters, search), [columnFilters, search]);
  const rows = entries as LegacyEntry[];
  const openOnEnter = useMemo(() => openRowOnEnter<LegacyEntry>(({ id }) => onOpen(String(id))), [onOpen]);

  return (
    // The deleted keys' grid grows with its rows up to a point; the main grid fills the window beside the details.
    <Box
      sx={{ height: deleted ? Math.min(480, 130 + entries.length * 64) : 'calc(100vh - 160px)', minHeight: deleted ? 0 : 420 }}
    >
      <DataGrid
        aria-label={label}
        rows={rows}
        columns={cols}
        getRowId={(row) => row.keyId}
        // Owners, chips and next steps wrap instead of being cut off.
        getRowHeight={() => 'auto'}
        getRowClassName={({ id }) => (id === selectedId ? 'selected-entry' : '')}
        columnVisibilityModel={{ next: !compact }}
        filterModel={filterModel}
        onFilterModelChange={(model) => setColumnFilters({ ...model, quickFilterValues: [] })}
        onRowClick={({ id }) => onOpen(String(id))}
        // Enter on any cell of a row opens it, as a click on the row does.
        onCellKeyDown={openOnEnter}
        initialState={{ pagination: { paginationModel: { pageSize: 100 } } }}
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
