/**
 * The pages' searches as whole phrases (issue 10: "Bay 1" does not find "Bay 2" nor "Bay 10"), on top of the
 * data grid's quick filter: the typed text is one quick-filter value (not one per word), and each text column
 * tests its shown value with shared/inventory-stats.ts `phraseMatcher`. A phrase is found within one column.
 */
import type { GridColDef, GridFilterModel, GridValidRowModel } from '@mui/x-data-grid';
import { phraseMatcher, searchPhrase } from '../../shared/inventory-stats.js';

/** The quick-filter values of a search: the whole phrase, or none. For a grid's `filterModel` or a QuickFilter's `parser`. */
export function phraseValues(input: string): string[] {
  const phrase = searchPhrase(input);
  return phrase ? [phrase] : [];
}

/** Shows the quick-filter values back in the search field (a QuickFilter's `formatter`). */
export function phraseText(values: readonly unknown[]): string {
  return values.map(String).join(' ');
}

/** The quick-filter test of a text column: the phrase in the cell's shown (formatted) value. */
export function phraseQuickFilter<R extends GridValidRowModel>(): NonNullable<GridColDef<R>['getApplyQuickFilterFn']> {
  return (value: unknown) => {
    const matches = phraseMatcher(typeof value === 'string' ? value : String(value ?? ''));
    if (!matches) return null;
    return (_value, row, column, apiRef) => {
      const shown: unknown = apiRef.current.getRowFormattedValue(row, column);
      return shown != null && matches(String(shown));
    };
  };
}

/** Column types whose default quick filter is the grid's substring search of the shown value. */
const TEXT_TYPES = new Set([undefined, 'string', 'date', 'dateTime', 'singleSelect']);

/**
 * The columns with phrase search wherever the grid would search the text: text, date and single-select columns
 * that bring no quick filter of their own. Numbers, booleans and actions keep the grid's (a number matches equal).
 */
export function withPhraseSearch<R extends GridValidRowModel>(columns: GridColDef<R>[]): GridColDef<R>[] {
  return columns.map((column) =>
    column.getApplyQuickFilterFn || !TEXT_TYPES.has(column.type)
      ? column
      : { ...column, getApplyQuickFilterFn: phraseQuickFilter<R>() },
  );
}

/**
 * A grid's filter model with the page's search box as its phrase, the grid's own column filters kept. The search
 * also looks into hidden columns: hiding a column chooses what is shown, not what the search can find.
 */
export function withSearch(columnFilters: GridFilterModel, search: string): GridFilterModel {
  return { ...columnFilters, quickFilterValues: phraseValues(search), quickFilterExcludeHiddenColumns: false };
}
