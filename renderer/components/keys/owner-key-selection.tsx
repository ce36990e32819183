/**
 * Selecting keys of one owner (a device, or the admin's own keys) for a bulk action (issue 10): checkboxes in the
 * key table, and a bar with the count and "Revoke selected" / "Rotate selected…" once keys are selected. The key
 * Keywarden is connected with cannot be selected: it is replaced on its own, in the safe order.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Button, Stack, Typography } from '@mui/material';
import { countText } from '../../../shared/count-text.js';
import type { KeyOwner } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { useBulkActions, type BulkKey } from './bulk-actions.js';
import type { KeyTableSelection } from './key-table.js';

export const APP_KEY_NOT_SELECTABLE =
  'Keywarden is connected with this key: replace it on its own (its Revoke shows the safe order).';

export function useOwnerKeySelection(
  owner: KeyOwner,
  ownerLabel: string,
  keys: readonly KeyRecord[],
  readOnly: boolean,
  /** Where the focus goes after a bulk action whose bar (and buttons) went with the selection. */
  focusAfter?: () => HTMLElement | null,
): { readonly selection: KeyTableSelection; readonly bar: ReactNode } {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  // A revoked key leaves the list, and the selection with it.
  const chosen = useMemo<BulkKey[]>(
    () =>
      keys
        .filter((key) => selected.has(key.id) && !key.isAppKey)
        .map((key) => ({ owner, id: key.id, label: key.label, ownerLabel })),
    [keys, selected, owner, ownerLabel],
  );
  const bulk = useBulkActions((failed) => setSelected(new Set(failed)), focusAfter);
  const selection: KeyTableSelection = {
    selected,
    onChange: setSelected,
    whyNot: (key) => (key.isAppKey ? APP_KEY_NOT_SELECTABLE : null),
  };
  const shown =
    readOnly || chosen.length === 0 ? null : (
      <Stack
        direction="row"
        spacing={2}
        aria-label="Selected keys"
        role="group"
        sx={{ alignItems: 'center', flexWrap: 'wrap', px: 1, py: 0.5, borderRadius: 1, bgcolor: 'action.selected' }}
      >
        <Typography role="status" sx={{ fontWeight: 500 }}>
          {countText(chosen.length, 'key')} selected
        </Typography>
        <Button size="small" onClick={() => setSelected(new Set())}>
          Clear selection
        </Button>
        {keys.some((key) => key.isAppKey) && (
          <Typography variant="body2" color="text.secondary">
            The key Keywarden is connected with is left out.
          </Typography>
        )}
        <Stack sx={{ flexGrow: 1 }} />
        {bulk.buttons(chosen)}
      </Stack>
    );
  // The dialogs outlive the bar: the results stay open once the revoked keys have left the list.
  const bar = (
    <>
      {shown}
      {bulk.dialogs}
    </>
  );
  return { selection, bar };
}
