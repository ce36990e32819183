/**
 * What the admin can do about another user's keys: only the owner creates and deletes user keys, so the admin
 * sends them a prepared message (mailto: for the mail app, and the text to copy). Disabling the user, above, stays
 * the last resort.
 */
import { useMemo } from 'react';
import { Stack, Typography } from '@mui/material';
import type { KeyRecord, UserRecord } from '../../../shared/inventory.js';
import type { StatusThresholds } from '../../../shared/key-status.js';
import { userKeysMessage } from '../../../shared/user-key-message.js';
import { useSitesState } from '../../api/key-admin.js';
import { PreparedMessageView } from '../../components/prepared-message.js';

export interface OwnerKeyRequestProps {
  readonly user: UserRecord;
  readonly keys: readonly KeyRecord[];
  readonly thresholds: StatusThresholds;
  readonly now: Date;
}

export function OwnerKeyRequest({ user, keys, thresholds, now }: OwnerKeyRequestProps) {
  const sites = useSitesState().data;
  const site = sites?.sites.find((s) => s.id === sites.activeId);
  const message = useMemo(
    () =>
      site
        ? userKeysMessage({
            context: { site: { origin: site.origin, release: site.release }, upgradeDate: null, from: site.userName },
            user: { name: user.name, email: user.email },
            keys: keys.map((key) => ({ ...key, legacyFlag: key.kind === 'legacy' })),
            now,
            thresholds,
          })
        : null,
    [site, user.name, user.email, keys, now, thresholds],
  );
  // Without the active site there is no one to write as, and no site to name.
  if (!site) return null;
  return (
    <Stack spacing={1.5} component="section" aria-label={`Ask ${user.name} to replace keys`}>
      <Typography variant="h6" component="h3">
        Ask {user.name} to replace keys
      </Typography>
      {message === null ? (
        <Typography variant="body2" color="text.secondary">
          None of {user.name}&apos;s keys is expired, expiring soon or legacy: there is nothing to ask.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" color="text.secondary">
            Only the owner of a user key can create and delete it. Send {user.name} this message; disabling the user is the last
            resort.
          </Typography>
          <PreparedMessageView message={message} recipient={user.name} />
        </>
      )}
    </Stack>
  );
}
