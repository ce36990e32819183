import { Box, Drawer, List, ListItemButton, ListItemText, Toolbar } from '@mui/material';
import { PAGES, useNavigation } from '../navigation/navigation.js';

export const DRAWER_WIDTH = 240;

/** The left navigation; areas not built yet are disabled with the caption "coming". */
export function NavDrawer() {
  const { page, navigate } = useNavigation();
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
          {PAGES.map((p) => (
            <ListItemButton
              key={p.id}
              selected={p.id === page}
              disabled={!p.available}
              aria-current={p.id === page ? 'page' : undefined}
              onClick={() => navigate(p.id)}
            >
              <ListItemText primary={p.label} secondary={p.available ? undefined : 'coming'} />
            </ListItemButton>
          ))}
        </List>
      </Box>
    </Drawer>
  );
}
