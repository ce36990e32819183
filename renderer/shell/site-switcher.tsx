import { useId, useState } from 'react';
import { Box, Button, Divider, ListItemIcon, ListItemText, Menu, MenuItem, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import AddIcon from '@mui/icons-material/Add';
import CheckIcon from '@mui/icons-material/Check';
import type { SitesState } from '../../shared/ipc-contract.js';
import { siteDisplayName } from '../components/site-labels.js';
import { visuallyHidden } from '../pages/overview/visually-hidden.js';

export interface SiteSwitcherProps {
  readonly state: SitesState;
  readonly onActivate: (id: string) => void;
  readonly onConnectAnother: () => void;
  readonly disabled?: boolean;
}

/** The AppBar menu of connected sites: shows the active one, switches sites, leads to connecting another. */
export function SiteSwitcher({ state, onActivate, onConnectAnother, disabled = false }: SiteSwitcherProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const buttonId = useId();
  const menuId = useId();
  const active = state.sites.find((s) => s.id === state.activeId) ?? null;
  const open = anchor !== null;
  const nameOf = (site: SitesState['sites'][number]) => siteDisplayName(site, state.sites);

  const choose = (id: string) => {
    setAnchor(null);
    if (id !== state.activeId) onActivate(id);
  };

  return (
    <>
      <Button
        id={buttonId}
        color="inherit"
        disabled={disabled}
        aria-haspopup="menu"
        aria-expanded={open ? 'true' : undefined}
        aria-controls={open ? menuId : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
        endIcon={<ExpandMoreIcon />}
        sx={{ textTransform: 'none', textAlign: 'left' }}
      >
        {/* The name is the visible text with what the button does before it (never an aria-label that would hide
            the site's name from speech input: axe's label-content-name-mismatch). */}
        <Box component="span" sx={visuallyHidden}>
          {active ? 'Switch site, active:' : 'Switch site,'}
        </Box>{' '}
        {active ? (
          <Box component="span">
            <Typography variant="subtitle2" component="span" sx={{ display: 'block', lineHeight: 1.2 }}>
              {nameOf(active)}
            </Typography>{' '}
            {/* Full opacity: the caption at 0.8 fell below 4.5:1 on the app bar's colour. */}
            <Typography variant="caption" component="span" sx={{ display: 'block' }}>
              {active.origin}
            </Typography>
          </Box>
        ) : (
          'No site connected'
        )}
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={open}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-labelledby': buttonId } }}
      >
        {state.sites.map((site) => (
          <MenuItem key={site.id} selected={site.id === state.activeId} onClick={() => choose(site.id)}>
            <ListItemIcon>{site.id === state.activeId ? <CheckIcon fontSize="small" /> : null}</ListItemIcon>
            <ListItemText primary={nameOf(site)} secondary={site.needsKey ? `${site.origin} (key needed)` : site.origin} />
          </MenuItem>
        ))}
        {state.sites.length > 0 && <Divider />}
        <MenuItem
          onClick={() => {
            setAnchor(null);
            onConnectAnother();
          }}
        >
          <ListItemIcon>
            <AddIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary={state.sites.length > 0 ? 'Connect another site' : 'Connect a site'} />
        </MenuItem>
      </Menu>
    </>
  );
}
