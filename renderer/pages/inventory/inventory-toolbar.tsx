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
import { countText } from '../../../shared/count-text.js';
import { phraseText, phraseValues } from '../../components/grid-search.js';

/**
 * No typing pause before main is asked: main answers a search from its index within a few milliseconds even at
 * 250,000 keys, so each keystroke asks at once, and the grid follows only the latest question: answers to earlier
 * keystrokes are dropped, and the rows shown stay until the latest answer replaces them (inventory-page.tsx). A
 * fixed pause (the grid's default, 150 ms) would make every search wait that long after the last keystroke.
 */
export const SEARCH_DEBOUNCE_MS = 0;

export function InventoryToolbar() {
  const apiRef = useGridApiContext();
  const shown = useGridSelector(apiRef, gridPaginationRowCountSelector);
  return (
    <Toolbar>
      <Typography variant="body2" role="status" sx={{ flexGrow: 1, px: 1 }}>
        {countText(shown, 'key')}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
        <ColumnsPanelTrigger render={<ToolbarButton aria-label="Columns" />}>
          <ViewColumnIcon fontSize="small" />
        </ColumnsPanelTrigger>
        {/* The typed text is searched as one phrase of whole words ("Bay 1" finds neither "Bay 2" nor "Bay 10"). */}
        <QuickFilter defaultExpanded parser={phraseValues} formatter={phraseText} debounceMs={SEARCH_DEBOUNCE_MS}>
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
