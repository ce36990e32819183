/**
 * The inventory grid's columns. Rows are plain precomputed objects (shared/inventory-stats.ts, KeyRow): no
 * valueGetter, so sorting and filtering 25,000 rows reads fields directly. Formatters only run for shown cells.
 */
import ChecklistIcon from '@mui/icons-material/Checklist';
import { GridActionsCell, GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import { KEY_STATUSES, KEY_STATUS_TEXT, KEY_USAGES, KEY_USAGE_TEXT, type KeyStatus } from '../../../shared/key-status.js';
import { LEGACY_EXPIRY_TEXT, formatDay } from '../../components/format.js';
import { KeyStatusChip } from '../../components/key-status-chip.js';

const formatDate = (value: Date | null) => (value ? formatDay(value.toISOString()) : '—');
/** A legacy key has no expiry, but it is not "never": the 19.0 upgrade rejects it. */
const formatExpires = (value: Date | null, row: KeyRow) =>
  value ? formatDay(value.toISOString()) : row.kind === 'legacy' ? LEGACY_EXPIRY_TEXT : '—';

export const OWNER_TYPE_TEXT = { device: 'Device', user: 'User' } as const;
export const KEY_KIND_TEXT = { enhanced: 'Enhanced', legacy: 'Legacy' } as const;
/** Names the row action of a legacy key for assistive technology (and as its tooltip). */
export const OPEN_MIGRATION_ENTRY = 'Open the migration entry of this key';

/**
 * The columns, with a legacy key's row leading to its entry on the migration page. Build them once per
 * `onOpenMigration` (the grid recomputes its column state whenever the array changes).
 */
export function inventoryColumns(onOpenMigration: (keyId: string) => void): GridColDef<KeyRow>[] {
  return [
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
    // A free string (the site's device types are open ended); empty for users' keys.
    { field: 'deviceType', headerName: 'Device type', width: 120 },
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
    { field: 'expires', headerName: 'Expires', type: 'date', width: 140, valueFormatter: formatExpires },
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
    {
      field: 'migration',
      headerName: 'Migration',
      type: 'actions',
      width: 100,
      // The grid's actions cell moves the focus into the button, so the keyboard reaches it like a mouse does.
      renderCell: (params) =>
        params.row.kind === 'legacy' ? (
          <GridActionsCell {...params}>
            <GridActionsCellItem
              icon={<ChecklistIcon />}
              label={OPEN_MIGRATION_ENTRY}
              title={OPEN_MIGRATION_ENTRY}
              onClick={() => onOpenMigration(params.row.id)}
            />
          </GridActionsCell>
        ) : null,
    },
  ];
}
