/**
 * Enter on a data-grid row opens it, as a click on the row does (issue 10, "Enter on a grid row opens it"). The grid
 * moves its focus cell by cell with the arrow keys; Enter on any plain cell of a row opens that row. Cells that act
 * themselves keep their own Enter: a selection checkbox, a row's action buttons, a cell being edited, and a control
 * inside a cell that has the focus (a link or button, which Enter already presses).
 */
import type { GridCellParams, GridEventListener, GridValidRowModel } from '@mui/x-data-grid';

/** Whether a cell (or the control in it that has the focus) does its own thing with a click or Enter. */
export function cellActsItself(params: GridCellParams, target: EventTarget | null): boolean {
  // The grid's own columns (selection checkbox, detail toggle) are named "__...__".
  if (params.colDef.type === 'actions' || params.field.startsWith('__') || params.cellMode !== 'view') return true;
  return target instanceof Element && target.closest('button, a, input, textarea, select, [role="checkbox"]') !== null;
}

/** A grid's `onCellKeyDown` that opens the row on Enter (no modifier keys: those belong to the grid). */
export function openRowOnEnter<Row extends GridValidRowModel>(
  open: (params: GridCellParams<Row>) => void,
): GridEventListener<'cellKeyDown'> {
  return (params: GridCellParams<Row>, event) => {
    if (event.key !== 'Enter' || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (cellActsItself(params, event.target)) return;
    // The grid's own Enter (start editing, move down) is not wanted on a row that opens.
    event.defaultMuiPrevented = true;
    event.preventDefault();
    open(params);
  };
}
