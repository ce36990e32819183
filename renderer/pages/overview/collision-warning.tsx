/**
 * Days on which several keys expire together: one forgotten renewal breaks them all at once (GitLab 16.0 and
 * Flywheel 17.4 stamped many keys with the same expiry). Renewing some earlier spreads the risk.
 */
import { Alert, AlertTitle, List, ListItem } from '@mui/material';
import type { ExpiryDay } from '../../../shared/inventory-stats.js';

export function CollisionWarning({ collisions }: { collisions: readonly ExpiryDay[] }) {
  if (collisions.length === 0) return null;
  return (
    // A note, not an alert: it describes the data and should not interrupt a screen reader on every render.
    <Alert severity="warning" role="note">
      <AlertTitle>Expiry collision</AlertTitle>
      Renew some of these keys on other days, so that one missed renewal does not stop them all at once.
      <List dense disablePadding aria-label="Days on which many keys expire">
        {collisions.map((c) => (
          <ListItem key={c.day} disableGutters>
            {c.count} keys expire on {c.day}
          </ListItem>
        ))}
      </List>
    </Alert>
  );
}
