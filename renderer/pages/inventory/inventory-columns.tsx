/**
 * The inventory grid's columns. Rows are plain precomputed objects (shared/inventory-stats.ts, KeyRow): no
 * valueGetter, so sorting and filtering 25,000 rows reads fields directly. Formatters only run for shown cells.
 */
import ChecklistIcon from '@mui/icons-material/Checklist';
import {
  GridActionsCell,
  GridActionsCellItem,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridInitialState,
} from '@mui/x-data-grid';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import { KEY_STATUSES, KEY_STATUS_TEXT, KEY_USAGES, KEY_USAGE_TEXT, type KeyStatus } from '../../../shared/key-status.js';
import { CellText, YesCell } from '../../components/cell-text.js';
import { useColumnVisibility } from '../../components/column-visibility.js';
import { LEGACY_EXPIRY_TEXT, formatDay } from '../../components/format.js';
import { withPhraseSearch } from '../../components/grid-search.js';
import { KeyStatusBadge } from '../../components/key-status-chip.js';

const formatDate = (value: Date | null) => (value ? formatDay(value.toISOString()) : '—');
/** A legacy key has no expiry, but it is not "never": the 19.0 upgrade rejects it. */
const formatExpires = (value: Date | null, row: KeyRow) =>
  value ? formatDay(value.toISOString()) : row.kind === 'legacy' ? LEGACY_EXPIRY_TEXT : '—';

export const OWNER_TYPE_TEXT = { device: 'Device', user: 'User' } as const;
export const KEY_KIND_TEXT = { enhanced: 'Enhanced', legacy: 'Legacy' } as const;
/** Names the row action of a legacy key for assistive technology (and as its tooltip). */
export const OPEN_MIGRATION_ENTRY = 'Open the migration entry of this key';

/**
 * The columns hidden until the admin shows them (the grid's Columns panel; the choice is kept per table). At
 * 1440 px the others fit without sideways scrolling, a selection checkbox column included. A legacy key still
 * shows as one without the Type column: its status says Legacy and its expiry "Rejected from 19.0". The search
 * looks into hidden columns too.
 */
export const INVENTORY_HIDDEN_COLUMNS: GridColumnVisibilityModel = Object.freeze({
  deviceType: false,
  kind: false,
  created: false,
  usage: false,
});

/**
 * The columns, with a legacy key's row leading to its entry on the migration page. Build them once per
 * `onOpenMigration` (the grid recomputes its column state whenever the array changes). The search finds a whole
 * phrase in one column (grid-search.ts).
 */
export function inventoryColumns(onOpenMigration: (keyId: string) => void): GridColDef<KeyRow>[] {
  return withPhraseSearch<KeyRow>([
    {
      field: 'ownerLabel',
      headerName: 'Owner',
      flex: 1.3,
      minWidth: 130,
      // A long name is cut short with "…"; the whole name shows on hover.
      renderCell: ({ row }) => <CellText text={row.ownerLabel} />,
    },
    {
      field: 'ownerType',
      headerName: 'Owner type',
      type: 'singleSelect',
      width: 100,
      valueOptions: [
        { value: 'device', label: OWNER_TYPE_TEXT.device },
        { value: 'user', label: OWNER_TYPE_TEXT.user },
      ],
    },
    // A free string (the site's device types are open ended); empty for users' keys.
    { field: 'deviceType', headerName: 'Device type', width: 110 },
    {
      field: 'ownerDisabled',
      headerName: 'Owner disabled',
      description: 'Yes where the owner is disabled: the site rejects every use of its keys.',
      type: 'boolean',
      width: 135,
      renderCell: ({ value }) => <YesCell value={value} />,
    },
    {
      field: 'label',
      headerName: 'Label',
      flex: 1,
      minWidth: 120,
      renderCell: ({ row }) => <CellText text={row.label} />,
    },
    {
      field: 'kind',
      headerName: 'Type',
      type: 'singleSelect',
      width: 100,
      valueOptions: [
        { value: 'enhanced', label: KEY_KIND_TEXT.enhanced },
        { value: 'legacy', label: KEY_KIND_TEXT.legacy },
      ],
    },
    { field: 'created', headerName: 'Created', type: 'date', width: 105, valueFormatter: formatDate },
    // Wide enough for "Rejected from 19.0".
    { field: 'expires', headerName: 'Expires', type: 'date', width: 155, valueFormatter: formatExpires },
    { field: 'lastUsed', headerName: 'Last used', type: 'date', width: 105, valueFormatter: formatDate },
    {
      field: 'status',
      headerName: 'Status',
      type: 'singleSelect',
      // Wide enough for the chip "Rejected: owner disabled".
      width: 205,
      valueOptions: KEY_STATUSES.map((value) => ({ value, label: KEY_STATUS_TEXT[value] })),
      renderCell: ({ value }) => <KeyStatusBadge status={value as KeyStatus} />,
    },
    {
      field: 'usage',
      headerName: 'Usage',
      type: 'singleSelect',
      width: 125,
      valueOptions: KEY_USAGES.map((value) => ({ value, label: KEY_USAGE_TEXT[value] })),
    },
    {
      field: 'migration',
      headerName: 'Migration',
      type: 'actions',
      width: 95,
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
  ]);
}

/**
 * The grid's starting state for the columns and the search: the default hidden columns (the Columns panel's
 * "Reset" goes back to them), and a search that also looks into hidden columns.
 */
export const INVENTORY_GRID_INITIAL: Pick<GridInitialState, 'columns' | 'filter'> = {
  columns: { columnVisibilityModel: INVENTORY_HIDDEN_COLUMNS },
  filter: { filterModel: { items: [], quickFilterExcludeHiddenColumns: false } },
};

/** The inventory's columns as the admin chose them (kept in this window's storage): spread onto the DataGrid. */
export function useInventoryColumnVisibility() {
  return useColumnVisibility('inventory', INVENTORY_HIDDEN_COLUMNS);
}
