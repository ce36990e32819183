/**
 * Flywheel's own sign-in rule, at the top of the page the app opens on: keys that have expired or expire within
 * the threshold (7 days by default) need the admin now. Disabled owners' keys are left out: they are rejected
 * anyway and are counted on their own.
 */
import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import { countText } from '../../../shared/count-text.js';
import type { StatusCounts } from '../../../shared/inventory-stats.js';
import type { KeyStatus } from '../../../shared/key-status.js';

export function ExpiryAttention({
  counts,
  withinDays,
  onOpenInventory,
}: {
  counts: StatusCounts;
  withinDays: number;
  onOpenInventory?: (status: KeyStatus) => void;
}) {
  const expired = counts.expired;
  const soon = counts['expiring-soon'];
  if (expired === 0 && soon === 0) return null;
  const parts = [
    expired > 0 ? `${countText(expired, 'key')} expired` : null,
    soon > 0 ? `${countText(soon, 'key')} expiring within ${withinDays} days` : null,
  ];
  return (
    <Alert
      severity={expired > 0 ? 'error' : 'warning'}
      action={
        onOpenInventory && (
          <Stack direction="row" spacing={1}>
            {expired > 0 && (
              <Button color="inherit" size="small" onClick={() => onOpenInventory('expired')}>
                Show expired
              </Button>
            )}
            {soon > 0 && (
              <Button color="inherit" size="small" onClick={() => onOpenInventory('expiring-soon')}>
                Show expiring
              </Button>
            )}
          </Stack>
        )
      }
    >
      <AlertTitle>Keys need attention</AlertTitle>
      {parts.filter(Boolean).join(' and ')}. A device whose key expires stops sending data; renew or rotate them.
    </Alert>
  );
}
