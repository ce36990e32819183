/**
 * "Export CSV" and "Export JSON": main builds the file (never a secret) and the renderer saves it as a download.
 * In the inventory, the credential report of exactly the keys the grid has (main picks them by the same filter),
 * with how they were chosen (the status, the search) so main can write it in the file name and the JSON's metadata.
 */
import { memo, type RefObject } from 'react';
import { Alert, Button, Stack } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { gridFilterModelSelector, type GridApi, type GridColDef, type GridFilterItem } from '@mui/x-data-grid';
import type { ReportFilter } from '../../../shared/credential-report.js';
import { searchPhrase, type StatusFilter } from '../../../shared/inventory-stats.js';
import type { ExportFormat, InventoryExport } from '../../../shared/ipc-contract.js';
import { exportSelection } from '../../api/inventory.js';
import type { InventorySelection } from '../../../shared/inventory-query.js';
import { useFileDownload } from './use-file-download.js';

export interface FileExportButtonsProps {
  /** Builds the file in main. */
  readonly build: (format: ExportFormat) => Promise<InventoryExport>;
  /**
   * Names the buttons for assistive technology when a page has more than one export ("Export CSV of the audit log"):
   * the name starts with the visible words, so speech input finds the button by what it shows.
   */
  readonly what?: string;
}

/** The two export buttons and the error of a failed export; the file is saved as a download. */
export function FileExportButtons({ build, what }: FileExportButtonsProps) {
  const { pending, error, run, clearError } = useFileDownload(build);

  const button = (format: ExportFormat, text: string) => (
    <Button
      size="small"
      variant="outlined"
      startIcon={<DownloadIcon aria-hidden />}
      disabled={pending !== null}
      aria-label={what ? `Export ${text} of ${what}` : undefined}
      onClick={() => void run(format)}
    >
      Export {text}
    </Button>
  );

  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1}>
        {button('csv', 'CSV')}
        {button('json', 'JSON')}
      </Stack>
      {error && (
        <Alert severity="error" onClose={clearError}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}

export interface ExportButtonsProps {
  /** The grid's filter and order, read when a button is pressed: main exports every key it matches. */
  readonly selection: () => InventorySelection;
  /** How the rows were narrowed, read when a button is pressed (describeInventoryFilter); undefined when they were not. */
  readonly filter?: () => ReportFilter | undefined;
}

/** The inventory's credential report. */
export const ExportButtons = memo(function ExportButtons({ selection, filter }: ExportButtonsProps) {
  return <FileExportButtons build={(format) => exportSelection(format, selection(), filter?.())} />;
});

/** "Owner type is any of Device, User": a grid column filter in words, or null when it filters nothing. */
export function describeFilterItem(column: GridColDef | undefined, item: GridFilterItem): string | null {
  const needsNoValue = /^is(Not)?Empty$/.test(item.operator);
  const value: unknown = item.value;
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty && !needsNoValue) return null;
  const options = column && 'valueOptions' in column && Array.isArray(column.valueOptions) ? column.valueOptions : [];
  const text = (one: unknown): string => {
    if (one instanceof Date) return Number.isNaN(one.getTime()) ? '' : one.toISOString().slice(0, 10);
    const option: unknown = options.find((candidate: unknown) =>
      typeof candidate === 'object' && candidate !== null && 'value' in candidate ? candidate.value === one : candidate === one,
    );
    if (typeof option === 'object' && option !== null && 'label' in option) return String(option.label);
    if (column?.type === 'boolean') return String(one) === 'true' ? 'yes' : 'no';
    return String(one);
  };
  const operator = item.operator.replace(/([A-Z])/g, ' $1').toLowerCase();
  const shown = needsNoValue ? '' : ` ${Array.isArray(value) ? value.map(text).join(', ') : text(value)}`;
  return `${column?.headerName ?? item.field} ${operator}${shown}`.slice(0, 300);
}

/**
 * How the inventory's rows were narrowed: the status filter, the search phrase, the grid's column filters and a
 * chosen set of keys (`keys`, in words). Undefined when nothing narrowed them.
 */
export function describeInventoryFilter(
  apiRef: RefObject<GridApi | null>,
  status: StatusFilter,
  keys?: string,
): ReportFilter | undefined {
  const api = apiRef.current;
  const model = api ? gridFilterModelSelector(apiRef as RefObject<GridApi>) : undefined;
  const search = searchPhrase((model?.quickFilterValues ?? []).map(String).join(' ')).slice(0, 200);
  const columns = (model?.items ?? [])
    .map((item) => describeFilterItem(api?.getColumn(item.field), item))
    .filter((text): text is string => text !== null)
    .slice(0, 20);
  const filter: ReportFilter = {
    ...(status !== 'all' ? { status } : {}),
    ...(search ? { search } : {}),
    ...(columns.length > 0 ? { columns } : {}),
    ...(keys ? { keys: keys.slice(0, 200) } : {}),
  };
  return Object.keys(filter).length > 0 ? filter : undefined;
}
