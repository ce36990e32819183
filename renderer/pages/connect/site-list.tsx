import { Box, Button, Chip, List, ListItem, ListItemText, Stack } from '@mui/material';
import type { SitesState, SiteSummary } from '../../../shared/ipc-contract.js';
import { STORAGE_LABEL, siteAdminLabel, siteDisplayName } from '../../components/site-labels.js';

export interface SiteListProps {
  readonly state: SitesState;
  readonly activating: boolean;
  readonly onActivate: (site: SiteSummary) => void;
  readonly onForget: (site: SiteSummary) => void;
  readonly onEnterKey: (site: SiteSummary) => void;
}

/** All connected sites, with a way to switch to each, enter its key again, or forget it. */
export function SiteList({ state, activating, onActivate, onForget, onEnterKey }: SiteListProps) {
  return (
    <List aria-label="Connected sites">
      {state.sites.map((site) => {
        const active = site.id === state.activeId;
        const name = siteDisplayName(site, state.sites);
        return (
          <ListItem key={site.id} divider sx={{ flexWrap: 'wrap', gap: 1 }}>
            <ListItemText
              primary={
                <Box component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                  {name}
                  {active && <Chip label="Active" size="small" color="primary" />}
                  {site.needsKey && <Chip label="Key needed" size="small" color="warning" />}
                </Box>
              }
              secondary={`${site.origin} · ${site.userName} · ${siteAdminLabel(site)} · ${STORAGE_LABEL[site.storage]}`}
            />
            <Stack direction="row" spacing={1}>
              {!active && (
                <Button size="small" onClick={() => onActivate(site)} disabled={activating} aria-label={`Use ${name}`}>
                  Use
                </Button>
              )}
              {site.needsKey && (
                <Button size="small" onClick={() => onEnterKey(site)} aria-label={`Enter key for ${name}`}>
                  Enter key
                </Button>
              )}
              <Button size="small" color="error" onClick={() => onForget(site)} aria-label={`Forget ${name}`}>
                Forget
              </Button>
            </Stack>
          </ListItem>
        );
      })}
    </List>
  );
}
