/**
 * The inventory grid's toolbar: how many keys the filters leave, a search field that is always open (a top request on
 * credential inventories), and the grid's own column (kept per table) and filter panels. It lives inside the grid
 * to read its state.
 */
import { Stack, Typography } from '@mui/material';
import FilterListIcon from '@mui/icons-material/FilterList';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import {
  ColumnsPanelTrigger,
  FilterPanelTrigger,
  QuickFilter,
  QuickFilterControl,
  Toolbar,
  ToolbarButton,
  gridExpandedRowCountSelector,
  useGridApiContext,
  useGridSelector,
} from '@mui/x-data-grid';
import { phraseText, phraseValues } from '../../components/grid-search.js';

export function InventoryToolbar() {
  const apiRef = useGridApiContext();
  const shown = useGridSelector(apiRef, gridExpandedRowCountSelector);
  return (
    <Toolbar>
      <Typography variant="body2" role="status" sx={{ flexGrow: 1, px: 1 }}>
        {shown === 1 ? '1 key' : `${shown} keys`}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
        <ColumnsPanelTrigger render={<ToolbarButton aria-label="Columns" />}>
          <ViewColumnIcon fontSize="small" />
        </ColumnsPanelTrigger>
        <FilterPanelTrigger render={<ToolbarButton aria-label="Filters" />}>
          <FilterListIcon fontSize="small" />
        </FilterPanelTrigger>
        {/* The typed text is searched as one phrase of whole words ("Bay 1" finds neither "Bay 2" nor "Bay 10"). */}
        <QuickFilter defaultExpanded parser={phraseValues} formatter={phraseText}>
          {/* Our htmlInput replaces the control's own (role, collapse on blur): this field never collapses. */}
          <QuickFilterControl
            placeholder="Search keys…"
            size="small"
            slotProps={{ htmlInput: { role: 'searchbox', 'aria-label': 'Search keys' } }}
          />
        </QuickFilter>
      </Stack>
    </Toolbar>
  );
}
