/** What the inventory cannot show on this site, so that a missing key is not mistaken for no key. */
import { Alert, Stack } from '@mui/material';
import type { InventoryCoverage } from '../../../shared/inventory.js';

export const OTHER_USER_KEYS_HIDDEN =
  "This site does not let an admin list other users' keys: only your own user keys are part of the inventory.";
export const DEVICE_KEYS_NEED_ADMIN = 'Device keys are not shown: listing them needs site admin rights.';
export const USERS_HIDDEN = 'Users are not shown: this site did not let Keywarden list them.';

export function CoverageNotes({ coverage }: { coverage: InventoryCoverage }) {
  const notes = [
    coverage.userKeys === 'self' ? OTHER_USER_KEYS_HIDDEN : null,
    coverage.deviceKeys ? null : DEVICE_KEYS_NEED_ADMIN,
    coverage.users ? null : USERS_HIDDEN,
  ].filter((note): note is string => note !== null);
  if (notes.length === 0) return null;
  return (
    <Stack spacing={1}>
      {notes.map((note) => (
        <Alert key={note} severity="info" role="note">
          {note}
        </Alert>
      ))}
    </Stack>
  );
}
