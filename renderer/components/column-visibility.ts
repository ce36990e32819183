/**
 * The columns an admin chose to see, kept per table in the window's localStorage (issue 10: "let the admin choose
 * columns, kept per table"). Only which columns show is kept: no data, nothing about a site. Columns the admin
 * never chose about keep the table's default; a stored value that is not a map of booleans is ignored.
 */
import { useCallback, useState } from 'react';
import type { GridColumnVisibilityModel } from '@mui/x-data-grid';

/** The tables whose columns can be chosen; each keeps its own choice. */
export type ColumnTable = 'inventory' | 'devices' | 'users' | 'audit';

export function columnStorageKey(table: ColumnTable): string {
  return `keywarden.columns.${table}`;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage can be refused (a locked-down profile): the table then keeps its defaults for this session.
    return null;
  }
}

/** The stored choice merged over the defaults. */
export function readColumnVisibility(table: ColumnTable, defaults: GridColumnVisibilityModel): GridColumnVisibilityModel {
  try {
    const stored: unknown = JSON.parse(storage()?.getItem(columnStorageKey(table)) ?? 'null');
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return { ...defaults };
    const chosen = Object.entries(stored).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean');
    return { ...defaults, ...Object.fromEntries(chosen) };
  } catch {
    return { ...defaults };
  }
}

/**
 * Keeps the grid's model. The grid drops a column from its model to show it ("Show all" deletes the keys): a column
 * hidden by default is written as shown then, or the next start would hide it again.
 */
export function writeColumnVisibility(
  table: ColumnTable,
  model: GridColumnVisibilityModel,
  defaults: GridColumnVisibilityModel = {},
): void {
  const shown = Object.fromEntries(Object.keys(defaults).map((field) => [field, true]));
  try {
    storage()?.setItem(columnStorageKey(table), JSON.stringify({ ...shown, ...model }));
  } catch {
    // A full or refused storage only loses the choice for the next start.
  }
}

/**
 * The grid props that show the admin's columns and keep each change: spread them onto the DataGrid. `defaults`
 * (the columns hidden until the admin shows them) should be a constant; the grid's "Reset" goes back to them when
 * they are also given as `initialState.columns.columnVisibilityModel`.
 */
export function useColumnVisibility(table: ColumnTable, defaults: GridColumnVisibilityModel) {
  const [columnVisibilityModel, setModel] = useState(() => readColumnVisibility(table, defaults));
  const onColumnVisibilityModelChange = useCallback(
    (model: GridColumnVisibilityModel) => {
      setModel(model);
      writeColumnVisibility(table, model, defaults);
    },
    [table, defaults],
  );
  return { columnVisibilityModel, onColumnVisibilityModelChange };
}
