import { useMemo, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { DataGrid, type GridColDef, type GridColumnVisibilityModel, type GridFilterModel } from '@mui/x-data-grid';
import type { AuditEntry } from '../../../shared/ipc-contract.js';
import { exportAuditLog } from '../../api/audit.js';
import { useAuditLog } from '../../api/inventory.js';
import { CellText } from '../../components/cell-text.js';
import { useColumnVisibility } from '../../components/column-visibility.js';
import { ColumnsToolbar } from '../../components/columns-toolbar.js';
import { formatDateTime } from '../../components/format.js';
import { withPhraseSearch, withSearch } from '../../components/grid-search.js';
import { FileExportButtons } from '../inventory/export-buttons.js';

interface AuditRow extends AuditEntry {
  readonly id: number;
  readonly when: Date | null;
  /** The site's name where the entry has it (older entries only have the address). */
  readonly siteShown: string;
  readonly owner: string;
  readonly target: string;
}

const OUTCOME_COLOR: Readonly<Record<AuditEntry['outcome'], 'success' | 'error' | 'warning' | 'info'>> = {
  ok: 'success',
  failed: 'error',
  adopted: 'warning',
  reconciled: 'info',
};

/** Hidden until the admin shows them (the Columns button; kept per table): the others fit at 1440 px. */
const AUDIT_HIDDEN_COLUMNS: GridColumnVisibilityModel = Object.freeze({ keyId: false });

const COLUMNS: GridColDef<AuditRow>[] = withPhraseSearch<AuditRow>([
  {
    field: 'when',
    headerName: 'Time',
    type: 'dateTime',
    width: 180,
    valueFormatter: (value: Date | null) => formatDateTime(value?.toISOString() ?? null),
  },
  {
    field: 'siteShown',
    headerName: 'Site',
    width: 130,
    // The name the admin gave the site; its address on hover.
    renderCell: ({ row }) => (
      <CellText text={row.siteName ? `${row.siteName} (${row.site})` : row.site}>{row.siteShown}</CellText>
    ),
  },
  { field: 'actor', headerName: 'Actor', flex: 0.8, minWidth: 120, renderCell: ({ row }) => <CellText text={row.actor} /> },
  { field: 'action', headerName: 'Action', width: 150, renderCell: ({ row }) => <CellText text={row.action} /> },
  {
    field: 'owner',
    headerName: 'Owner',
    description: 'The device or user whose key or record it was',
    flex: 1,
    minWidth: 120,
    renderCell: ({ row }) => <CellText text={row.owner} />,
  },
  { field: 'target', headerName: 'Target', flex: 1, minWidth: 140, renderCell: ({ row }) => <CellText text={row.target} /> },
  { field: 'keyId', headerName: 'Key id', width: 200 },
  {
    field: 'outcome',
    headerName: 'Outcome',
    type: 'singleSelect',
    valueOptions: Object.keys(OUTCOME_COLOR),
    width: 100,
    renderCell: ({ row }) => <Chip size="small" label={row.outcome} color={OUTCOME_COLOR[row.outcome]} variant="outlined" />,
  },
  { field: 'detail', headerName: 'Detail', flex: 1.2, minWidth: 150, renderCell: ({ row }) => <CellText text={row.detail} /> },
]);

/**
 * What was acted on. A key's entry names it "owner / key": with the owner in its own column, the key is enough
 * ("key Primary (id)"). Anything else: its type, label and id.
 */
function targetText(entry: AuditEntry): string {
  const ownerPrefix = entry.ownerName ? `${entry.ownerName} / ` : null;
  if (ownerPrefix && entry.keyId && entry.targetLabel.startsWith(ownerPrefix)) {
    return `key ${entry.targetLabel.slice(ownerPrefix.length)} (${entry.keyId})`;
  }
  return `${entry.targetType} ${entry.targetLabel} (${entry.targetId})`;
}

function toRows(entries: readonly AuditEntry[]): AuditRow[] {
  return entries.map((entry, index) => {
    const time = Date.parse(entry.time);
    return {
      ...entry,
      id: index,
      when: Number.isNaN(time) ? null : new Date(time),
      siteShown: entry.siteName || entry.site,
      owner: entry.ownerName ?? '',
      target: targetText(entry),
    };
  });
}

export interface AuditPageProps {
  /** For tests only: jsdom has no layout, so the grid must render every row. */
  readonly disableVirtualization?: boolean;
}

/**
 * The local log of admin actions (security.md E4): who did what to which key or device, on which site, when, and how
 * it ended; connecting and forgetting a site too. Exports the whole log as CSV or JSON.
 */
export function AuditPage({ disableVirtualization }: AuditPageProps = {}) {
  const log = useAuditLog();
  const [search, setSearch] = useState('');
  const rows = useMemo(() => toRows(log.data ?? []), [log.data]);
  const [columnFilters, setColumnFilters] = useState<GridFilterModel>({ items: [] });
  const filterModel = useMemo<GridFilterModel>(() => withSearch(columnFilters, search), [columnFilters, search]);
  const columnVisibility = useColumnVisibility('audit', AUDIT_HIDDEN_COLUMNS);

  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          Audit log
        </Typography>
        <FileExportButtons build={exportAuditLog} what="the audit log" />
        <Button
          onClick={() => void log.refetch()}
          disabled={log.isFetching}
          startIcon={log.isFetching ? <CircularProgress size={16} color="inherit" aria-hidden /> : <RefreshIcon aria-hidden />}
        >
          Refresh
        </Button>
      </Box>
      <Typography color="text.secondary">
        What was done from this computer, newest first. The log never holds a secret.
      </Typography>
      {log.isError && <Alert severity="error">{log.error.message}</Alert>}
      <TextField
        label="Search the audit log"
        type="search"
        size="small"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        sx={{ maxWidth: 420 }}
      />
      <Box sx={{ height: 'calc(100vh - 300px)', minHeight: 400, width: '100%' }}>
        <DataGrid
          aria-label="Audit log"
          rows={rows}
          columns={COLUMNS}
          {...columnVisibility}
          showToolbar
          slots={{ toolbar: ColumnsToolbar }}
          loading={log.isPending}
          filterModel={filterModel}
          onFilterModelChange={(model) => setColumnFilters({ ...model, quickFilterValues: [] })}
          initialState={{
            sorting: { sortModel: [{ field: 'when', sort: 'desc' }] },
            pagination: { paginationModel: { pageSize: 100 } },
            columns: { columnVisibilityModel: AUDIT_HIDDEN_COLUMNS },
          }}
          pageSizeOptions={[25, 50, 100]}
          disableRowSelectionOnClick
          disableVirtualization={disableVirtualization}
          density="compact"
        />
      </Box>
    </Stack>
  );
}
