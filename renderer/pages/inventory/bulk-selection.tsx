/**
 * Selecting keys in the inventory grid for a bulk action (issue 10): the grid's checkboxes (the header box selects
 * the page's keys), and when the filter matches more keys than the page shows, the choice between this page and all
 * that match the filter, and the bar with the count, the notes and the actions. Only keys the admin may revoke or
 * rotate can be selected: devices' keys and the admin's own, not the key Keywarden is connected with
 * (shared/bulk-keys.ts, `bulkEligibility`). The grid shows one page that main answers (issue 12), so the selection
 * keeps each selected key's names itself, and main answers which keys match the filter. A new filter or search
 * keeps only the selected keys it still matches (main says which), so an action never reaches keys the admin no
 * longer sees.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { GridRowParams, GridRowSelectionModel } from '@mui/x-data-grid';
import { bulkEligibility, MAX_BULK_KEYS } from '../../../shared/bulk-keys.js';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import type { BulkCandidate, InventoryFilter, InventorySort } from '../../../shared/inventory-query.js';
import { fetchMatchingKeys, inventoryQueryKey, useSiteSummary } from '../../api/inventory.js';
import { useSitesState } from '../../api/key-admin.js';
import { BulkActions, countOf, type BulkKey } from '../../components/keys/bulk-actions.js';

export interface InventorySelectionOptions {
  /** The rows of the page the grid shows. */
  readonly rows: readonly KeyRow[];
  /** The filter and order of the grid: "all that match" means these. */
  readonly filter: InventoryFilter;
  readonly sort: InventorySort | undefined;
}

/** The signed-in admin of the active site: their own keys are the only users' keys they can revoke or rotate. */
function useSelfUserId(): string | null {
  const sites = useSitesState().data;
  return sites?.sites.find((site) => site.id === sites.activeId)?.userId ?? null;
}

function bulkKeyOf(row: Pick<BulkCandidate, 'id' | 'label' | 'ownerType' | 'ownerId' | 'ownerLabel'>): BulkKey {
  return {
    owner: row.ownerType === 'device' ? { type: 'device', id: row.ownerId } : { type: 'self' },
    id: row.id,
    label: row.label,
    ownerLabel: row.ownerLabel,
  };
}

interface Selected {
  readonly keys: ReadonlyMap<string, BulkKey>;
  /** "All that match" took more keys than one action may: how many more than `keys` holds. */
  readonly beyond: number;
}

const NONE: Selected = { keys: new Map(), beyond: 0 };

export function useInventorySelection({ rows, filter, sort }: InventorySelectionOptions) {
  const selfUserId = useSelfUserId();
  // Offline, the data is the last snapshot: nothing can be changed on the site.
  const readOnly = useSiteSummary().readOnly;
  const [selected, setSelected] = useState<Selected>(NONE);
  const matching = useQuery({
    queryKey: [...inventoryQueryKey, 'matching', filter, sort ?? null],
    queryFn: () => fetchMatchingKeys(filter, sort),
    placeholderData: keepPreviousData,
  }).data;

  // A new filter keeps only the selected keys it still matches (main answers which).
  const filterKey = JSON.stringify(filter);
  const seenFilter = useRef(filterKey);
  const selectedNow = useRef(selected);
  selectedNow.current = selected;
  useEffect(() => {
    if (seenFilter.current === filterKey) return undefined;
    seenFilter.current = filterKey;
    const ids = [...selectedNow.current.keys.keys()];
    if (ids.length === 0) {
      setSelected(NONE);
      return undefined;
    }
    let current = true;
    void fetchMatchingKeys({ ...filter, keyIds: ids }).then(
      (answer) => {
        if (!current) return;
        const still = new Set(answer.keys.map((key) => key.id));
        setSelected((now) => ({ keys: new Map([...now.keys].filter(([id]) => still.has(id))), beyond: 0 }));
      },
      () => current && setSelected(NONE),
    );
    return () => {
      current = false;
    };
  }, [filterKey, filter]);

  const eligible = useCallback((row: KeyRow) => bulkEligibility(row, selfUserId) === 'eligible', [selfUserId]);
  const pageKeys = useMemo(() => rows.filter(eligible).map(bulkKeyOf), [rows, eligible]);
  const selectedKeys = useMemo(() => [...selected.keys.values()], [selected]);
  const count = selected.keys.size + selected.beyond;

  const model = useMemo<GridRowSelectionModel>(() => ({ type: 'include', ids: new Set(selected.keys.keys()) }), [selected]);
  const onRowSelectionModelChange = useCallback(
    (next: GridRowSelectionModel) => {
      // The exclude model is turned off; the page's rows give the names of newly selected keys.
      if (next.type !== 'include') return;
      const onPage = new Map(pageKeys.map((key) => [key.id, key]));
      setSelected((now) => {
        const keys = new Map<string, BulkKey>();
        for (const id of next.ids) {
          const key = now.keys.get(String(id)) ?? onPage.get(String(id));
          if (key) keys.set(key.id, key);
        }
        return { keys, beyond: keys.size < now.keys.size ? 0 : now.beyond };
      });
    },
    [pageKeys],
  );
  const isRowSelectable = useCallback((params: GridRowParams<KeyRow>) => eligible(params.row), [eligible]);

  /** When the filter matches more keys than the page shows: how many, and whether the page or all are selected. */
  let offer: {
    readonly page: number;
    readonly matching: number;
    readonly pageSelected: boolean;
    readonly allSelected: boolean;
  } | null = null;
  if (count > 0 && matching && matching.total > pageKeys.length && pageKeys.length > 0) {
    const has = (id: string) => selected.keys.has(id);
    offer = {
      page: pageKeys.length,
      matching: matching.total,
      pageSelected: pageKeys.every((key) => has(key.id)),
      allSelected: count >= matching.total && matching.keys.every((key) => has(key.id)),
    };
  }

  return {
    readOnly,
    selectedKeys,
    count,
    leftOut: { otherUsers: matching?.otherUsers ?? 0, appKey: matching?.appKey ?? 0 },
    offer,
    selectAllMatching: () => {
      if (!matching) return;
      setSelected({
        keys: new Map(matching.keys.map((key) => [key.id, bulkKeyOf(key)])),
        beyond: matching.total - matching.keys.length,
      });
    },
    selectPage: () => setSelected({ keys: new Map(pageKeys.map((key) => [key.id, key])), beyond: 0 }),
    setSelection: (ids: readonly string[]) =>
      setSelected((now) => ({ keys: new Map([...now.keys].filter(([id]) => ids.includes(id))), beyond: 0 })),
    clear: () => setSelected(NONE),
    gridProps: {
      checkboxSelection: !readOnly,
      checkboxSelectionVisibleOnly: true,
      disableRowSelectionExcludeModel: true,
      // The selection spans pages: keys on other pages stay selected.
      keepNonExistentRowsSelected: true,
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
  const { selectedKeys, offer, leftOut, readOnly, count } = selection;
  if (readOnly) return null;
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
        <BulkActions
          selected={selectedKeys}
          disabled={count > MAX_BULK_KEYS}
          onFinished={(failed) => selection.setSelection(failed)}
        />
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
