/**
 * The state of a data grid whose rows main pages, sorts and filters (server mode): its page, sort and filter models,
 * and the grid props that hold them. On a new sort or filter the grid itself goes back to the first page (its
 * pagination model changes); a search from outside the grid asks for it (firstPage).
 */
import { useState } from 'react';
import type { z } from 'zod';
import type { DataGridProps, GridFilterItem, GridFilterModel, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { FILTER_TEXT_MAX, MAX_GRID_PAGE_SIZE, type ColumnKind } from '../../shared/grid-rows-query.js';

export interface ServerGridState {
  readonly pagination: GridPaginationModel;
  readonly sortModel: GridSortModel;
  readonly filterModel: GridFilterModel;
  /** Back to the first page (a new search from outside the grid). */
  readonly firstPage: () => void;
  /** The grid's props for server mode and its models, spread onto the DataGrid. */
  readonly gridProps: Pick<
    DataGridProps,
    | 'paginationMode'
    | 'sortingMode'
    | 'filterMode'
    | 'paginationModel'
    | 'onPaginationModelChange'
    | 'sortModel'
    | 'onSortModelChange'
    | 'filterModel'
    | 'onFilterModelChange'
  >;
}

export function useServerGrid(
  initial: {
    readonly sortModel?: GridSortModel;
    readonly filterModel?: GridFilterModel;
    readonly pageSize?: number;
  } = {},
): ServerGridState {
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: initial.pageSize ?? 100 });
  const [sortModel, setSortModel] = useState<GridSortModel>(initial.sortModel ?? []);
  const [filterModel, setFilterModel] = useState<GridFilterModel>(initial.filterModel ?? { items: [] });
  const firstPage = (): void => setPagination((current) => (current.page === 0 ? current : { ...current, page: 0 }));
  return {
    pagination,
    sortModel,
    filterModel,
    firstPage,
    gridProps: {
      paginationMode: 'server',
      sortingMode: 'server',
      filterMode: 'server',
      paginationModel: pagination,
      onPaginationModelChange: setPagination,
      sortModel,
      onSortModelChange: setSortModel,
      filterModel,
      onFilterModelChange: setFilterModel,
    },
  };
}

/** A date filter's value as main takes it: the day typed (the grid gives it as UTC midnight of that day). */
function dayOf(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/**
 * A date-and-time filter's value as main takes it: the instant of the local date and time typed (the grid gives it
 * as a Date), at its minute, as the grid cut it.
 */
function minuteOf(value: unknown): string | undefined {
  const date = value instanceof Date ? new Date(value) : typeof value === 'string' && value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return undefined;
  date.setSeconds(0, 0);
  return date.toISOString();
}

/** Each kind's filter value as main takes it from the grid's input (undefined: none yet). */
const FILTER_VALUE: Record<ColumnKind, (value: unknown) => unknown> = {
  text: (value) => (typeof value === 'string' ? value.slice(0, FILTER_TEXT_MAX) : undefined),
  boolean: (value) => {
    const text = String(value).toLowerCase();
    return text === 'true' ? true : text === 'false' ? false : undefined;
  },
  number: (value) => {
    const number = value === '' || value === null || value === undefined ? Number.NaN : Number(value);
    return Number.isFinite(number) ? number : undefined;
  },
  date: dayOf,
  dateTime: minuteOf,
  select: (value) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? value : undefined),
};

/**
 * The grid's column filter as main takes it (checked with main's own schema); undefined where it names a column or
 * an operator main does not filter by.
 */
export function columnFilterOf<F>(
  item: GridFilterItem | undefined,
  kinds: Readonly<Record<string, ColumnKind>>,
  schema: z.ZodType<F>,
): F | undefined {
  const kind = item ? kinds[item.field] : undefined;
  if (!item || !kind) return undefined;
  const value = FILTER_VALUE[kind](item.value);
  const parsed = schema.safeParse({
    kind,
    field: item.field,
    operator: item.operator,
    ...(value === undefined ? {} : { value }),
  });
  return parsed.success ? parsed.data : undefined;
}

/** What main is asked for: the grid's page, sort and column filter, and the search (the grid's or the page's). */
export function gridQueryOf<S extends string, F>(
  grid: Pick<ServerGridState, 'pagination' | 'sortModel' | 'filterModel'>,
  sortFields: readonly S[],
  filterOf: (item: GridFilterItem | undefined) => F | undefined,
  search = grid.filterModel.quickFilterValues?.map(String).join(' ').trim(),
): { page: number; pageSize: number; sort?: { field: S; direction: 'asc' | 'desc' }; filter?: F; search?: string } {
  const sorted = grid.sortModel[0];
  const filter = filterOf(grid.filterModel.items[0]);
  const isSortField = (field: string): field is S => (sortFields as readonly string[]).includes(field);
  return {
    page: grid.pagination.page,
    pageSize: Math.min(grid.pagination.pageSize, MAX_GRID_PAGE_SIZE),
    ...(sorted?.sort && isSortField(sorted.field) ? { sort: { field: sorted.field, direction: sorted.sort } } : {}),
    ...(filter ? { filter } : {}),
    ...(search ? { search } : {}),
  };
}
