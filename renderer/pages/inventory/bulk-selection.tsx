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
import { countText, groupedNumber } from '../../../shared/count-text.js';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import type { BulkCandidate, InventoryFilter, InventorySort } from '../../../shared/inventory-query.js';
import { fetchMatchingKeys, inventoryQueryKey, useSiteSummary } from '../../api/inventory.js';
import { useSitesState } from '../../api/key-admin.js';
import { BulkActions, type BulkKey } from '../../components/keys/bulk-actions.js';

export interface InventorySelectionOptions {
  /** The rows of the page the grid shows. */
  readonly rows: readonly KeyRow[];
  /** The filter of the rows the grid shows: a new one keeps only the selected keys it still matches. */
  readonly filter: InventoryFilter;
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

/**
 * How long a search must stay the same before it narrows the selection: the pause the grid used to wait before it
 * searched at all.
 */
export const SEARCH_SETTLE_MS = 150;

/** Whether two filters differ in their search only (the admin typing), not in status, keys or owner. */
function onlySearchDiffers(before: InventoryFilter, after: InventoryFilter): boolean {
  const { search: _before, ...restBefore } = before;
  const { search: _after, ...restAfter } = after;
  return JSON.stringify(restBefore) === JSON.stringify(restAfter);
}

export function useInventorySelection({ rows, filter }: InventorySelectionOptions) {
  const selfUserId = useSelfUserId();
  // Offline, the data is the last snapshot: nothing can be changed on the site.
  const readOnly = useSiteSummary().readOnly;
  const [selected, setSelected] = useState<Selected>(NONE);

  // A new filter keeps only the selected keys it still matches (main answers which). The grid shows each
  // keystroke's answer (inventory-toolbar.tsx): a search narrows the selection only once the admin has paused on it
  // (a word being typed, "B" on the way to "Bulk", matches nothing yet), and until then the actions wait, so that
  // none reaches a key the grid no longer shows.
  const filterKey = JSON.stringify(filter);
  const seenFilter = useRef(filterKey);
  const lastFilter = useRef(filter);
  const selectedNow = useRef(selected);
  selectedNow.current = selected;
  const [narrowing, setNarrowing] = useState(false);
  const narrowingNow = useRef(narrowing);
  narrowingNow.current = narrowing;
  useEffect(() => {
    if (seenFilter.current === filterKey) return undefined;
    seenFilter.current = filterKey;
    const typed = onlySearchDiffers(lastFilter.current, filter);
    lastFilter.current = filter;
    if (selectedNow.current.keys.size === 0) {
      // Nothing selected: nothing to narrow, and nothing to set (the grid's page would render again for nothing).
      if (selectedNow.current !== NONE) setSelected(NONE);
      if (narrowingNow.current) setNarrowing(false);
      return undefined;
    }
    setNarrowing(true);
    let current = true;
    const narrow = () => {
      const ids = [...selectedNow.current.keys.keys()];
      void fetchMatchingKeys({ ...filter, keyIds: ids }).then(
        (answer) => {
          if (!current) return;
          const still = new Set(answer.keys.map((key) => key.id));
          setSelected((now) => ({ keys: new Map([...now.keys].filter(([id]) => still.has(id))), beyond: 0 }));
          setNarrowing(false);
        },
        () => {
          if (!current) return;
          setSelected(NONE);
          setNarrowing(false);
        },
      );
    };
    const timer = typed ? setTimeout(narrow, SEARCH_SETTLE_MS) : null;
    if (!timer) narrow();
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [filterKey, filter]);

  const eligible = useCallback((row: KeyRow) => bulkEligibility(row, selfUserId) === 'eligible', [selfUserId]);
  const pageKeys = useMemo(() => rows.filter(eligible).map(bulkKeyOf), [rows, eligible]);
  const selectedKeys = useMemo(() => [...selected.keys.values()], [selected]);
  const count = selected.keys.size + selected.beyond;

  const model = useMemo<GridRowSelectionModel>(() => ({ type: 'include', ids: new Set(selected.keys.keys()) }), [selected]);
  // Read at the change, so that the grid's handler keeps its identity when a new page comes.
  const pageKeysNow = useRef(pageKeys);
  pageKeysNow.current = pageKeys;
  const onRowSelectionModelChange = useCallback((next: GridRowSelectionModel) => {
    // The exclude model is turned off; the page's rows give the names of newly selected keys.
    if (next.type !== 'include') return;
    const onPage = new Map(pageKeysNow.current.map((key) => [key.id, key]));
    setSelected((now) => {
      const keys = new Map<string, BulkKey>();
      for (const id of next.ids) {
        const key = now.keys.get(String(id)) ?? onPage.get(String(id));
        if (key) keys.set(key.id, key);
      }
      return { keys, beyond: keys.size < now.keys.size ? 0 : now.beyond };
    });
  }, []);
  const isRowSelectable = useCallback((params: GridRowParams<KeyRow>) => eligible(params.row), [eligible]);
  const checkboxSelection = !readOnly;
  // The grid's props keep their identity while nothing in them changes: the grid then skips a render of its rows.
  const gridProps = useMemo(
    () => ({
      checkboxSelection,
      checkboxSelectionVisibleOnly: true,
      disableRowSelectionExcludeModel: true,
      // The selection spans pages: keys on other pages stay selected.
      keepNonExistentRowsSelected: true,
      hideFooterSelectedRowCount: true,
      isRowSelectable,
      rowSelectionModel: model,
      onRowSelectionModelChange,
    }),
    [checkboxSelection, isRowSelectable, model, onRowSelectionModelChange],
  );

  return {
    readOnly,
    selectedKeys,
    selected,
    count,
    /** The selection is not yet narrowed to the filter the grid shows: actions wait. */
    narrowing,
    pageKeys,
    select: setSelected,
    selectPage: () => setSelected({ keys: new Map(pageKeys.map((key) => [key.id, key])), beyond: 0 }),
    setSelection: (ids: readonly string[]) =>
      setSelected((now) => ({ keys: new Map([...now.keys].filter(([id]) => ids.includes(id))), beyond: 0 })),
    clear: () => setSelected(NONE),
    gridProps,
  };
}

export type InventorySelection = ReturnType<typeof useInventorySelection>;

export interface InventoryBulkBarProps {
  readonly selection: InventorySelection;
  /** The filter and order of the rows the grid shows: "all that match" means these. */
  readonly filter: InventoryFilter;
  readonly sort: InventorySort | undefined;
}

/**
 * Above the grid: how many keys are selected, "all that match the filter", what cannot be selected, the actions.
 * Main's answer about the keys that match is asked here, for the rows the grid already shows: it neither delays
 * those rows nor renders the grid again.
 */
export function InventoryBulkBar({ selection, filter, sort }: InventoryBulkBarProps) {
  const { selectedKeys, selected, pageKeys, readOnly, count, narrowing } = selection;
  const matching = useQuery({
    queryKey: [...inventoryQueryKey, 'matching', filter, sort ?? null],
    queryFn: () => fetchMatchingKeys(filter, sort),
    placeholderData: keepPreviousData,
    enabled: !readOnly,
  }).data;
  if (readOnly) return null;
  const leftOut = { otherUsers: matching?.otherUsers ?? 0, appKey: matching?.appKey ?? 0 };

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
  const selectAllMatching = () => {
    if (!matching) return;
    selection.select({
      keys: new Map(matching.keys.map((key) => [key.id, bulkKeyOf(key)])),
      beyond: matching.total - matching.keys.length,
    });
  };
  const notes = [
    ...(leftOut.otherUsers
      ? [
          `${leftOut.otherUsers === 1 ? '1 key of another user' : `${groupedNumber(leftOut.otherUsers)} keys of other users`} (only their owners can revoke or rotate them)`,
        ]
      : []),
    ...(leftOut.appKey ? ['the key Keywarden is connected with (replace it on My keys)'] : []),
  ];
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', minHeight: 36 }}>
        <Typography role="status" sx={{ fontWeight: count ? 500 : 400 }} color={count ? 'text.primary' : 'text.secondary'}>
          {count ? `${countText(count, 'key')} selected` : 'Select keys to revoke or rotate them together.'}
        </Typography>
        {offer && (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            {offer.allSelected ? (
              <>
                <Typography variant="body2">
                  All {groupedNumber(offer.matching)} keys that match the filter are selected.
                </Typography>
                <Button size="small" onClick={selection.selectPage}>
                  Select only the {groupedNumber(offer.page)} on this page
                </Button>
              </>
            ) : (
              <>
                {offer.pageSelected && (
                  <Typography variant="body2">All {groupedNumber(offer.page)} keys on this page are selected.</Typography>
                )}
                <Button size="small" onClick={selectAllMatching}>
                  Select all {groupedNumber(offer.matching)} keys that match the filter
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
          disabled={count > MAX_BULK_KEYS || narrowing}
          onFinished={(failed) => selection.setSelection(failed)}
        />
      </Stack>
      {count > MAX_BULK_KEYS && (
        <Alert severity="warning">
          At most {groupedNumber(MAX_BULK_KEYS)} keys can be revoked or rotated at once: narrow the filter, or select fewer keys.
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
