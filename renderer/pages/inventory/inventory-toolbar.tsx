/**
 * The inventory grid's toolbar: how many keys match (main's count over every page), a search field that is always
 * open (a top request on credential inventories), and the grid's column panel (kept per table). Main filters, so
 * the grid's own column filter panel is not offered. It lives inside the grid to read its state.
 */
import { Stack, Typography } from '@mui/material';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import {
  ColumnsPanelTrigger,
  QuickFilter,
  QuickFilterControl,
  Toolbar,
  ToolbarButton,
  gridPaginationRowCountSelector,
  useGridApiContext,
  useGridSelector,
} from '@mui/x-data-grid';
import { phraseText, phraseValues } from '../../components/grid-search.js';

export function InventoryToolbar() {
  const apiRef = useGridApiContext();
  const shown = useGridSelector(apiRef, gridPaginationRowCountSelector);
  return (
    <Toolbar>
      <Typography variant="body2" role="status" sx={{ flexGrow: 1, px: 1 }}>
        {shown === 1 ? '1 key' : `${shown} keys`}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
        <ColumnsPanelTrigger render={<ToolbarButton aria-label="Columns" />}>
          <ViewColumnIcon fontSize="small" />
        </ColumnsPanelTrigger>
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
