/**
 * Selecting keys in the inventory grid for a bulk action (issue 10): the grid's checkboxes, and when the filter
 * matches more keys than the page shows, the choice between this page and all that match the filter (the grid's
 * header box selects all that match: the MIT grid has no page-only header box), and the bar with the count, the
 * notes and the actions. Only keys the admin may revoke or rotate can be selected: devices' keys and
 * the admin's own, not the key Keywarden is connected with (shared/bulk-keys.ts, `bulkEligibility`). A filter or a
 * search keeps only the selected keys it still shows (the grid drops the others from its selection, and so do we),
 * so an action never reaches keys the admin no longer sees.
 */
import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import {
  gridExpandedSortedRowIdsSelector,
  gridPaginatedVisibleSortedGridRowIdsSelector,
  type GridApi,
  type GridRowParams,
  type GridRowSelectionModel,
} from '@mui/x-data-grid';
import { bulkEligibility, MAX_BULK_KEYS } from '../../../shared/bulk-keys.js';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import { useInventory } from '../../api/inventory.js';
import { useSitesState } from '../../api/key-admin.js';
import { BulkActions, countOf, type BulkKey } from '../../components/keys/bulk-actions.js';

export interface InventorySelectionOptions {
  /** The rows given to the grid (before its own filters and search). */
  readonly rows: readonly KeyRow[];
  readonly apiRef: RefObject<GridApi | null>;
}

/** The signed-in admin of the active site: their own keys are the only users' keys they can revoke or rotate. */
function useSelfUserId(): string | null {
  const sites = useSitesState().data;
  return sites?.sites.find((site) => site.id === sites.activeId)?.userId ?? null;
}

function bulkKeyOf(row: KeyRow): BulkKey {
  return {
    owner: row.ownerType === 'device' ? { type: 'device', id: row.ownerId } : { type: 'self' },
    id: row.id,
    label: row.label,
    ownerLabel: row.ownerLabel,
  };
}

export function useInventorySelection({ rows, apiRef }: InventorySelectionOptions) {
  const selfUserId = useSelfUserId();
  // Offline, the data is the last snapshot: nothing can be changed on the site.
  const readOnly = useInventory().data?.offline != null;
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  // The grid's filtered rows, page or order changed: the "all that match" offer is worked out again.
  const [, setViewVersion] = useState(0);

  useEffect(() => {
    const api = apiRef.current;
    if (!api) return undefined;
    const bump = () => setViewVersion((v) => v + 1);
    const unsubscribe = [
      api.subscribeEvent('filteredRowsSet', bump),
      api.subscribeEvent('paginationModelChange', bump),
      api.subscribeEvent('sortedRowsSet', bump),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, [apiRef]);

  const eligible = useCallback((row: KeyRow) => bulkEligibility(row, selfUserId) === 'eligible', [selfUserId]);
  const rowsById = useMemo(() => new Map(rows.map((row) => [row.id, row])), [rows]);
  /** The selected keys still shown (a revoked key leaves the rows, and the selection with it). */
  const selectedKeys = useMemo(
    () =>
      [...selected].flatMap((id) => {
        const row = rowsById.get(id);
        return row && eligible(row) ? [bulkKeyOf(row)] : [];
      }),
    [selected, rowsById, eligible],
  );
  const leftOut = useMemo(() => {
    let otherUsers = 0;
    let appKey = 0;
    for (const row of rows) {
      const reason = bulkEligibility(row, selfUserId);
      if (reason === 'other-user') otherUsers += 1;
      else if (reason === 'app-key') appKey += 1;
    }
    return { otherUsers, appKey };
  }, [rows, selfUserId]);

  const model = useMemo<GridRowSelectionModel>(() => ({ type: 'include', ids: new Set(selected) }), [selected]);
  const onRowSelectionModelChange = useCallback(
    (next: GridRowSelectionModel) => {
      if (next.type === 'include') {
        setSelected(new Set([...next.ids].map(String)));
        return;
      }
      // Not expected (the exclude model is turned off), but read right if it comes: every key but these.
      const all = apiRef.current ? gridExpandedSortedRowIdsSelector(apiRef).map(String) : [];
      setSelected(new Set(all.filter((id) => !next.ids.has(id))));
    },
    [apiRef],
  );
  const isRowSelectable = useCallback((params: GridRowParams<KeyRow>) => eligible(params.row), [eligible]);

  /** The selectable keys the grid's filters and search leave, over all pages, and those on the page shown. */
  const matchingIds = (): string[] =>
    apiRef.current
      ? gridExpandedSortedRowIdsSelector(apiRef)
          .map(String)
          .filter((id) => {
            const row = rowsById.get(id);
            return row !== undefined && eligible(row);
          })
      : [];
  const pageIds = (): string[] =>
    apiRef.current
      ? gridPaginatedVisibleSortedGridRowIdsSelector(apiRef)
          .map(String)
          .filter((id) => {
            const row = rowsById.get(id);
            return row !== undefined && eligible(row);
          })
      : [];

  /** When the filter matches more keys than the page shows: how many, and whether the page or all are selected. */
  let offer: {
    readonly page: number;
    readonly matching: number;
    readonly pageSelected: boolean;
    readonly allSelected: boolean;
  } | null = null;
  if (selectedKeys.length > 0) {
    const page = pageIds();
    const matching = matchingIds();
    const has = (id: string) => selected.has(id);
    if (matching.length > page.length && page.length > 0) {
      offer = {
        page: page.length,
        matching: matching.length,
        pageSelected: page.every(has),
        allSelected: matching.every(has),
      };
    }
  }

  return {
    readOnly,
    selectedKeys,
    leftOut,
    offer,
    selectAllMatching: () => setSelected(new Set(matchingIds())),
    selectPage: () => setSelected(new Set(pageIds())),
    setSelection: (ids: readonly string[]) => setSelected(new Set(ids)),
    clear: () => setSelected(new Set()),
    gridProps: {
      checkboxSelection: !readOnly,
      checkboxSelectionVisibleOnly: true,
      disableRowSelectionExcludeModel: true,
      hideFooterSelectedRowCount: true,
      isRowSelectable,
      rowSelectionModel: model,
      onRowSelectionModelChange,
    },
  };
}

export type InventorySelection = ReturnType<typeof useInventorySelection>;

/** Above the grid: how many keys are selected, "all that match the filter", what cannot be selected, the actions. */
export function InventoryBulkBar({ selection }: { selection: InventorySelection }) {
  const { selectedKeys, offer, leftOut, readOnly } = selection;
  if (readOnly) return null;
  const count = selectedKeys.length;
  const notes = [
    ...(leftOut.otherUsers
      ? [
          `${leftOut.otherUsers === 1 ? '1 key of another user' : `${leftOut.otherUsers} keys of other users`} (only their owners can revoke or rotate them)`,
        ]
      : []),
    ...(leftOut.appKey ? ['the key Keywarden is connected with (replace it on My keys)'] : []),
  ];
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', minHeight: 36 }}>
        <Typography role="status" sx={{ fontWeight: count ? 500 : 400 }} color={count ? 'text.primary' : 'text.secondary'}>
          {count ? `${countOf(count, 'key')} selected` : 'Select keys to revoke or rotate them together.'}
        </Typography>
        {offer && (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            {offer.allSelected ? (
              <>
                <Typography variant="body2">All {offer.matching} keys that match the filter are selected.</Typography>
                <Button size="small" onClick={selection.selectPage}>
                  Select only the {offer.page} on this page
                </Button>
              </>
            ) : (
              <>
                {offer.pageSelected && <Typography variant="body2">All {offer.page} keys on this page are selected.</Typography>}
                <Button size="small" onClick={selection.selectAllMatching}>
                  Select all {offer.matching} keys that match the filter
                </Button>
              </>
            )}
          </Box>
        )}
        {count > 0 && (
          <Button size="small" onClick={selection.clear}>
            Clear selection
          </Button>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <BulkActions selected={selectedKeys} onFinished={(failed) => selection.setSelection(failed)} />
      </Stack>
      {count > MAX_BULK_KEYS && (
        <Alert severity="warning">
          At most {MAX_BULK_KEYS} keys can be revoked or rotated at once: narrow the filter, or select fewer keys.
        </Alert>
      )}
      {notes.length > 0 && (
        <Typography variant="body2" color="text.secondary">
          Not selectable: {notes.join('; ')}.
        </Typography>
      )}
    </Stack>
  );
}
