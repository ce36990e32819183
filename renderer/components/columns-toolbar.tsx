/**
 * A grid toolbar with the grid's column chooser and filter panel only, for grids whose page has its own search
 * box (devices, audit log): the admin picks the columns shown, and the grid keeps the choice per table.
 */
import FilterListIcon from '@mui/icons-material/FilterList';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import { Box } from '@mui/material';
import { ColumnsPanelTrigger, FilterPanelTrigger, Toolbar, ToolbarButton } from '@mui/x-data-grid';

export function ColumnsToolbar() {
  return (
    <Toolbar>
      <Box sx={{ flexGrow: 1 }} />
      <ColumnsPanelTrigger render={<ToolbarButton aria-label="Columns" />}>
        <ViewColumnIcon fontSize="small" />
      </ColumnsPanelTrigger>
      <FilterPanelTrigger render={<ToolbarButton aria-label="Filters" />}>
        <FilterListIcon fontSize="small" />
      </FilterPanelTrigger>
    </Toolbar>
  );
}
