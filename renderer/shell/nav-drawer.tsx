import { Box, Chip, Drawer, List, ListItem, ListItemButton, ListItemText, Toolbar } from '@mui/material';
import { countText, groupedNumber } from '../../shared/count-text.js';
import { useSitesState } from '../api/key-admin.js';
import { useAttentionCount } from '../api/notifications.js';
import { visuallyHidden } from '../pages/overview/visually-hidden.js';
import { PAGES, pageInfo, useNavigation, type PageInfo } from '../navigation/navigation.js';

export const DRAWER_WIDTH = 240;

/** The keys needing attention on every site (main's badge count), beside the Notifications item. */
function AttentionBadge({ count }: { count: number }) {
  return (
    <>
      <Box component="span" sx={visuallyHidden}>
        {`, ${countText(count, 'key')} need${count === 1 ? 's' : ''} attention`}
      </Box>
      <Chip
        component="span"
        size="small"
        color="error"
        label={groupedNumber(count)}
        aria-hidden
        sx={{ ml: 1, height: 20, fontWeight: 600, '& .MuiChip-label': { px: 0.75 } }}
      />
    </>
  );
}

function primaryOf(p: PageInfo, attention: number | null) {
  if (p.id !== 'notifications' || !attention) return p.label;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center' }}>
      {p.label}
      <AttentionBadge count={attention} />
    </Box>
  );
}

/** The left navigation; areas not built yet are disabled with the caption "coming". */
export function NavDrawer() {
  const { page, navigate } = useNavigation();
  const sites = useSitesState();
  const attention = useAttentionCount(Boolean(sites.data?.activeId));
  // With no site connected, a page about a site's data shows the Sites page instead: that is the item to mark.
  const shown = sites.data && sites.data.activeId === null && pageInfo(page).needsSite ? 'connect' : page;
  return (
    <Drawer
      variant="permanent"
      sx={{
        width: DRAWER_WIDTH,
        flexShrink: 0,
        '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
      }}
    >
      <Toolbar />
      <Box component="nav" aria-label="Main navigation" sx={{ overflow: 'auto' }}>
        <List>
          {/* Each button in a list item: a list holds only items (axe's "list" rule). */}
          {PAGES.map((p) => (
            <ListItem key={p.id} disablePadding>
              <ListItemButton
                selected={p.id === shown}
                disabled={!p.available}
                aria-current={p.id === shown ? 'page' : undefined}
                onClick={() => navigate(p.id)}
              >
                <ListItemText primary={primaryOf(p, attention)} secondary={p.available ? undefined : 'coming'} />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      </Box>
    </Drawer>
  );
}
