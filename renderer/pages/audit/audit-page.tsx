import { useMemo, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { DataGrid, type GridColDef, type GridFilterModel } from '@mui/x-data-grid';
import type { AuditEntry } from '../../../shared/ipc-contract.js';
import { useAuditLog } from '../../api/inventory.js';
import { formatDateTime } from '../../components/format.js';

interface AuditRow extends AuditEntry {
  readonly id: number;
  readonly when: Date | null;
  readonly target: string;
}

const OUTCOME_COLOR: Readonly<Record<AuditEntry['outcome'], 'success' | 'error' | 'warning' | 'info'>> = {
  ok: 'success',
  failed: 'error',
  adopted: 'warning',
  reconciled: 'info',
};

const COLUMNS: GridColDef<AuditRow>[] = [
  {
    field: 'when',
    headerName: 'Time',
    type: 'dateTime',
    width: 170,
    valueFormatter: (value: Date | null) => formatDateTime(value?.toISOString() ?? null),
  },
  { field: 'actor', headerName: 'Actor', width: 170 },
  { field: 'action', headerName: 'Action', width: 150 },
  { field: 'target', headerName: 'Target', flex: 1, minWidth: 180 },
  { field: 'keyId', headerName: 'Key id', width: 150 },
  {
    field: 'outcome',
    headerName: 'Outcome',
    type: 'singleSelect',
    valueOptions: Object.keys(OUTCOME_COLOR),
    width: 120,
    renderCell: ({ row }) => <Chip size="small" label={row.outcome} color={OUTCOME_COLOR[row.outcome]} variant="outlined" />,
  },
  { field: 'detail', headerName: 'Detail', flex: 1.5, minWidth: 200 },
];

function toRows(entries: readonly AuditEntry[]): AuditRow[] {
  return entries.map((entry, index) => {
    const time = Date.parse(entry.time);
    return {
      ...entry,
      id: index,
      when: Number.isNaN(time) ? null : new Date(time),
      target: `${entry.targetType} ${entry.targetLabel} (${entry.targetId})`,
    };
  });
}

export interface AuditPageProps {
  /** For tests only: jsdom has no layout, so the grid must render every row. */
  readonly disableVirtualization?: boolean;
}

/** The local log of admin actions (security.md E4): who did what to which key or device, when, and how it ended. */
export function AuditPage({ disableVirtualization }: AuditPageProps = {}) {
  const log = useAuditLog();
  const [search, setSearch] = useState('');
  const rows = useMemo(() => toRows(log.data ?? []), [log.data]);
  const [columnFilters, setColumnFilters] = useState<GridFilterModel>({ items: [] });
  const filterModel = useMemo<GridFilterModel>(
    () => ({ ...columnFilters, quickFilterValues: search.split(/\s+/).filter(Boolean) }),
    [columnFilters, search],
  );

  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          Audit log
        </Typography>
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
          loading={log.isPending}
          filterModel={filterModel}
          onFilterModelChange={(model) => setColumnFilters({ ...model, quickFilterValues: [] })}
          initialState={{
            sorting: { sortModel: [{ field: 'when', sort: 'desc' }] },
            pagination: { paginationModel: { pageSize: 100 } },
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
