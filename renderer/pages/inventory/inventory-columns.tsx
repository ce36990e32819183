/**
 * The inventory grid's columns. Rows are plain precomputed objects (shared/inventory-stats.ts, KeyRow): no
 * valueGetter, so sorting and filtering 25,000 rows reads fields directly. Formatters only run for shown cells.
 */
import type { GridColDef } from '@mui/x-data-grid';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import { KEY_STATUSES, KEY_STATUS_TEXT, KEY_USAGES, KEY_USAGE_TEXT, type KeyStatus } from '../../../shared/key-status.js';
import { formatDay } from '../../components/format.js';
import { KeyStatusChip } from '../../components/key-status-chip.js';

const formatDate = (value: Date | null) => (value ? formatDay(value.toISOString()) : '—');

export const OWNER_TYPE_TEXT = { device: 'Device', user: 'User' } as const;
export const KEY_KIND_TEXT = { enhanced: 'Enhanced', legacy: 'Legacy' } as const;

export const INVENTORY_COLUMNS: GridColDef<KeyRow>[] = [
  { field: 'ownerLabel', headerName: 'Owner', flex: 1, minWidth: 160 },
  {
    field: 'ownerType',
    headerName: 'Owner type',
    type: 'singleSelect',
    width: 120,
    valueOptions: [
      { value: 'device', label: OWNER_TYPE_TEXT.device },
      { value: 'user', label: OWNER_TYPE_TEXT.user },
    ],
  },
  { field: 'ownerDisabled', headerName: 'Owner disabled', type: 'boolean', width: 130 },
  { field: 'label', headerName: 'Label', flex: 1, minWidth: 160 },
  {
    field: 'kind',
    headerName: 'Type',
    type: 'singleSelect',
    width: 110,
    valueOptions: [
      { value: 'enhanced', label: KEY_KIND_TEXT.enhanced },
      { value: 'legacy', label: KEY_KIND_TEXT.legacy },
    ],
  },
  { field: 'created', headerName: 'Created', type: 'date', width: 115, valueFormatter: formatDate },
  { field: 'expires', headerName: 'Expires', type: 'date', width: 115, valueFormatter: formatDate },
  { field: 'lastUsed', headerName: 'Last used', type: 'date', width: 115, valueFormatter: formatDate },
  {
    field: 'status',
    headerName: 'Status',
    type: 'singleSelect',
    width: 200,
    valueOptions: KEY_STATUSES.map((value) => ({ value, label: KEY_STATUS_TEXT[value] })),
    renderCell: ({ value }) => <KeyStatusChip status={value as KeyStatus} />,
  },
  {
    field: 'usage',
    headerName: 'Usage',
    type: 'singleSelect',
    width: 130,
    valueOptions: KEY_USAGES.map((value) => ({ value, label: KEY_USAGE_TEXT[value] })),
  },
];
