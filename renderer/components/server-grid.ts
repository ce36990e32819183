/**
 * The state of a data grid whose rows main pages, sorts and filters (server mode): its page, sort and filter models,
 * and the grid props that hold them. On a new sort or filter the grid itself goes back to the first page (its
 * pagination model changes); a search from outside the grid asks for it (firstPage).
 */
import { useState } from 'react';
import type { DataGridProps, GridFilterModel, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';

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

export function useServerGrid(initial: {
  readonly sortModel?: GridSortModel;
  readonly filterModel?: GridFilterModel;
  readonly pageSize?: number;
} = {}): ServerGridState {
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
