/**
 * An inventory row opens its key's owner with the key highlighted (issue 10, "Every key leads to its action"), by
 * a click or by Enter on a focused cell (the grid moves the focus cell by cell with the arrow keys). Cells that act
 * themselves (a row's action buttons, a selection checkbox) keep their own click and Enter, and a click that ends
 * a text selection (copying an owner's name) opens nothing.
 */
import { useMemo } from 'react';
import type { DataGridProps } from '@mui/x-data-grid';
import type { KeyRow } from '../../../shared/inventory-stats.js';
import { cellActsItself, openRowOnEnter } from '../../components/grid-row-keyboard.js';
import { useOpenKeyOwner } from '../../navigation/key-owner.js';

/** Says, above the grid, what a row does: the grid itself has no way to tell a screen reader. */
export const ROW_OPEN_HINT = 'Click a key, or press Enter on it, to open its owner with the key highlighted.';

/** The grid props that open a row's owner. */
export function useRowOpen(): Pick<DataGridProps<KeyRow>, 'onCellClick' | 'onCellKeyDown'> {
  const openOwner = useOpenKeyOwner();
  return useMemo(
    () => ({
      onCellClick: (params, event) => {
        if (event.button !== 0 || cellActsItself(params, event.target)) return;
        if ((window.getSelection()?.toString() ?? '') !== '') return;
        openOwner(params.row);
      },
      // Enter on a row, as on every grid of the app.
      onCellKeyDown: openRowOnEnter<KeyRow>((params) => openOwner(params.row)),
    }),
    [openOwner],
  );
}

/** The grid's `sx` for rows that open: a pointer, as over a link. */
export const rowOpenSx = { '& .MuiDataGrid-row': { cursor: 'pointer' } } as const;
