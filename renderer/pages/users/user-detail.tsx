/** One user: who they are, their keys with statuses, and disabling or enabling them. */
import { useId, useMemo, useRef } from 'react';
import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Detail, Details } from '../../components/details.js';
import { useFocusWhenLost } from '../../components/focus-when-lost.js';
import type { KeyRecord, UserRecord } from '../../../shared/inventory.js';
import type { StatusThresholds } from '../../../shared/key-status.js';
import { formatDateTime } from '../../components/format.js';
import { UserAccessDialog } from './user-access-dialog.js';
import { UserKeysTable } from './user-keys-table.js';
import { OwnerKeyRequest } from './owner-key-request.js';
import { useUserActions } from './use-user-actions.js';

export interface UserDetailProps {
  readonly user: UserRecord;
  readonly keys: readonly KeyRecord[];
  readonly thresholds: StatusThresholds;
  /** Offline: the snapshot is read only. */
  readonly readOnly: boolean;
  /** The signed-in admin: disabling them would lock Keywarden out of the site. */
  readonly isSelf: boolean;
  readonly onBack: () => void;
  /** The key a notification opened, highlighted in the user's keys. */
  readonly highlightKeyId?: string;
}

export function UserDetail({ user, keys, thresholds, readOnly, isSelf, onBack, highlightKeyId }: UserDetailProps) {
  const actions = useUserActions(user.id);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement | null>(null);
  useFocusWhenLost(heading);
  const now = useMemo(() => new Date(), [keys]);

  return (
    <Stack spacing={3} component="section" aria-labelledby={headingId}>
      <Box>
        <Button startIcon={<ArrowBackIcon aria-hidden />} onClick={onBack}>
          Back
        </Button>
      </Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography id={headingId} variant="h5" component="h2" ref={heading} tabIndex={-1}>
          {user.name}
        </Typography>
        {user.disabled && <Chip size="small" color="error" label="Disabled" />}
        {user.isSiteAdmin && <Chip size="small" variant="outlined" label="Site admin" />}
      </Stack>
      <Details>
        <Detail term="User id">{user.id}</Detail>
        <Detail term="Email">{user.email ?? '—'}</Detail>
        <Detail term="Last login">{formatDateTime(user.lastLogin)}</Detail>
      </Details>

      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        {user.disabled ? (
          <Button
            variant="outlined"
            color="warning"
            disabled={readOnly || actions.pending}
            onClick={() => void actions.askToEnable()}
          >
            Enable user
          </Button>
        ) : (
          <Button
            variant="outlined"
            color="error"
            disabled={readOnly || isSelf || actions.pending}
            onClick={() => void actions.askToDisable()}
          >
            Disable user
          </Button>
        )}
        <Typography variant="body2" color="text.secondary">
          {readOnly
            ? 'Offline: actions are available again after a successful refresh.'
            : isSelf
              ? 'This is your own account: disabling it would lock Keywarden out of the site.'
              : user.disabled
                ? "Enabling makes this user's keys work again."
                : 'Disabling rejects every key of this user at once and stops their scripts and web login; the keys are kept and work again after enabling.'}
        </Typography>
      </Stack>
      {actions.error && !actions.confirmation && <Alert severity="error">{actions.error}</Alert>}

      <Box>
        <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
          Keys
        </Typography>
        {user.keysVisible ? (
          <UserKeysTable
            keys={keys}
            thresholds={thresholds}
            now={now}
            caption={`Keys of ${user.name}`}
            highlightKeyId={highlightKeyId}
          />
        ) : (
          <Typography color="text.secondary">This site does not show this user's keys.</Typography>
        )}
      </Box>

      {user.keysVisible && !isSelf && !user.disabled && (
        <OwnerKeyRequest user={user} keys={keys} thresholds={thresholds} now={now} />
      )}

      <UserAccessDialog
        confirmation={actions.confirmation}
        pending={actions.pending}
        error={actions.confirmation ? actions.error : null}
        onConfirm={(c) => void actions.confirm(c)}
        onCancel={actions.cancel}
      />
    </Stack>
  );
}
