/**
 * Days on which several keys expire together: one forgotten renewal breaks them all at once (GitLab 16.0 and
 * Flywheel 17.4 stamped many keys with the same expiry). Renewing some earlier spreads the risk. Each day opens
 * the inventory on exactly its keys, where they can be renewed.
 */
import { Alert, AlertTitle, Link, List, ListItem } from '@mui/material';
import { groupedNumber } from '../../../shared/count-text.js';
import type { ExpiryDay } from '../../../shared/inventory-stats.js';

export interface CollisionWarningProps {
  readonly collisions: readonly ExpiryDay[];
  /** Opens the inventory on the keys of one day; without it the days are plain text. */
  readonly onOpenDay?: (day: ExpiryDay) => void;
}

export function CollisionWarning({ collisions, onOpenDay }: CollisionWarningProps) {
  if (collisions.length === 0) return null;
  return (
    // A note, not an alert: it describes the data and should not interrupt a screen reader on every render.
    <Alert severity="warning" role="note">
      <AlertTitle>Expiry collision</AlertTitle>
      Renew some of these keys on other days, so that one missed renewal does not stop them all at once.
      <List dense disablePadding aria-label="Days on which many keys expire">
        {collisions.map((c) => {
          const text = `${groupedNumber(c.count)} keys expire on ${c.day}`;
          return (
            <ListItem key={c.day} disableGutters>
              {onOpenDay ? (
                <Link
                  component="button"
                  type="button"
                  variant="body2"
                  color="inherit"
                  onClick={() => onOpenDay(c)}
                  aria-label={`${text}: show them in the inventory`}
                >
                  {text}
                </Link>
              ) : (
                text
              )}
            </ListItem>
          );
        })}
      </List>
    </Alert>
  );
}
