/**
 * The guided swap of one legacy key, as AWS teaches a rotation: create the replacement (the usual new-key flow:
 * an expiry preset, the secret shown once and copied by main), then follow the site's evidence (the new key's
 * first use, the legacy key going quiet) until it is safe to delete, and delete it with main's confirmation.
 * The delete stays possible before that, with a plain warning of what may break.
 */
import { useState } from 'react';
import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { KeyOwner } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { deleteRisk, swapStatus } from '../../../shared/migration-messages.js';
import type { LegacyEntry } from '../../../shared/migration.js';
import { revokeKey, useReloadInventory } from '../../api/inventory.js';
import { formatDateTime } from '../../components/format.js';
import { ConfirmationDialog } from '../../components/keys/confirmation-dialog.js';
import { NewKeyDialog } from '../../components/keys/new-key-dialog.js';
import { MAX_KEYS_PER_OWNER } from '../../components/keys/owner-keys.js';

export const REPLACEMENT_LABEL = 'Replaces legacy key';

export interface GuidedSwapProps {
  readonly entry: LegacyEntry;
  /** Whose key it is for the site's key calls: the device, or `self` for the admin's own key. */
  readonly owner: KeyOwner;
  readonly ownerLabel: string;
  /** The legacy key in the inventory (for the delete); undefined once it is gone. */
  readonly keyRecord: KeyRecord | undefined;
  /** How many keys the owner holds now: Flywheel allows five. */
  readonly ownerKeyCount: number;
  /** Whether the admin creates the replacement here (not for a Reaper: Flywheel support does that). */
  readonly canCreate: boolean;
  readonly readOnly: boolean;
  /** Fetches the site's data again, to see a first use or a quiet day. */
  readonly onCheckAgain: () => void;
  readonly checking: boolean;
  readonly onDeleted: (outcome: { alreadyGone: boolean }) => void;
}

function StatusDetail({ entry, ownerLabel, byAdmin }: { entry: LegacyEntry; ownerLabel: string; byAdmin: boolean }) {
  const replacement = entry.replacement;
  switch (entry.phase) {
    case 'replace':
      if (!byAdmin) {
        return (
          <Typography variant="body2">
            {ownerLabel} has no enhanced key made after this legacy key. Flywheel support creates it and puts it on the Reaper:
            send them the request below.
          </Typography>
        );
      }
      return (
        <Typography variant="body2">
          {ownerLabel} has no enhanced key made after this legacy key. Create one, put it where the legacy key is used, and come
          back: this page follows the site&apos;s evidence from there.
        </Typography>
      );
    case 'waiting-first-use':
      if (!byAdmin) {
        return (
          <Typography variant="body2">
            The new key &quot;{replacement?.label}&quot; (id {replacement?.keyId}) exists, but the site has not seen it used.
            Flywheel support switches the Reaper to it; check again once they say it is done.
          </Typography>
        );
      }
      return (
        <Typography variant="body2">
          The new key &quot;{replacement?.label}&quot; (id {replacement?.keyId}) exists, but the site has not seen it used. Put it
          on {ownerLabel} (or the client that used the legacy key) and let it run once, then check again.
        </Typography>
      );
    case 'quiet': {
      const quiet = entry.quiet ?? { days: 0, of: 1 };
      return (
        <Stack spacing={0.5}>
          <LinearProgress
            variant="determinate"
            value={Math.min(100, Math.round((quiet.days / Math.max(1, quiet.of)) * 100))}
            aria-label={`Quiet days: ${quiet.days} of ${quiet.of}`}
          />
          <Typography variant="body2">
            The new key &quot;{replacement?.label}&quot; is in use (last used {formatDateTime(replacement?.lastUsed ?? null)}
            ). The legacy key was last used {formatDateTime(entry.lastUsed)}; it counts as safe to delete once nothing has used it
            for {quiet.of} days.
          </Typography>
        </Stack>
      );
    }
    case 'safe-to-delete':
      return (
        <Typography variant="body2">
          {entry.steps[2]?.source === 'manual'
            ? 'You ticked step 3 by hand: every client uses the new key. Delete the legacy key.'
            : `The new key "${replacement?.label ?? ''}" is in use and the legacy key has gone unused for ${entry.quiet?.days ?? 0} days (${entry.quiet?.of ?? 0} needed). Delete it.`}
        </Typography>
      );
    case 'owner-disabled':
      return (
        <Typography variant="body2">
          {ownerLabel} is disabled, so the site rejects every use of this key: no replacement is needed. Delete it.
        </Typography>
      );
    case 'rejected':
      return (
        <Typography variant="body2">
          Whatever still uses this key has stopped working. Give it a new key if it still needs one, then delete the legacy key.
        </Typography>
      );
    case 'deleted':
      return <Typography variant="body2">The legacy key is gone from the site.</Typography>;
  }
}

export function GuidedSwap(props: GuidedSwapProps) {
  const { entry, owner, ownerLabel, keyRecord, ownerKeyCount, canCreate, readOnly, onCheckAgain, checking, onDeleted } = props;
  const reload = useReloadInventory();
  const [dialog, setDialog] = useState<'create' | 'delete' | null>(null);
  const [created, setCreated] = useState<KeyRecord | null>(null);
  const status = swapStatus(entry);
  const risk = deleteRisk(entry);
  const present = entry.phase !== 'deleted';
  const needsKey = present && !entry.owner.disabled && entry.steps[1]?.state !== 'done';
  const full = ownerKeyCount >= MAX_KEYS_PER_OWNER;
  const waiting = entry.phase === 'waiting-first-use' || entry.phase === 'quiet';

  return (
    <Stack spacing={1.5}>
      <Alert severity={status.tone} role="status">
        <AlertTitle>{status.text}</AlertTitle>
        <StatusDetail entry={entry} ownerLabel={ownerLabel} byAdmin={canCreate} />
      </Alert>
      {created && (
        <Alert severity="success" onClose={() => setCreated(null)}>
          Key &quot;{created.label}&quot; is created for {ownerLabel}. Next: put it where the legacy key is used and let it run;
          then check again to see its first use.
        </Alert>
      )}
      {entry.isAppKey && present && (
        <Alert severity="warning">
          Keywarden itself is connected with this legacy key. The safe order: create the new key, switch Keywarden to it on the
          Sites page (connect the site again with the new key), then delete this one.
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {canCreate && needsKey && (
          <Button
            variant="contained"
            startIcon={<AddIcon aria-hidden />}
            onClick={() => setDialog('create')}
            disabled={readOnly || full}
          >
            Create the replacement key
          </Button>
        )}
        {waiting && (
          <Button variant="outlined" startIcon={<RefreshIcon aria-hidden />} onClick={onCheckAgain} disabled={checking}>
            Check again
          </Button>
        )}
        {present && keyRecord && (
          <Button
            variant={risk ? 'outlined' : 'contained'}
            color="error"
            startIcon={<DeleteIcon aria-hidden />}
            onClick={() => setDialog('delete')}
            disabled={readOnly}
          >
            Delete the legacy key
          </Button>
        )}
      </Box>
      {canCreate && needsKey && full && !readOnly && (
        <Typography variant="body2" color="text.secondary">
          {ownerLabel} has {MAX_KEYS_PER_OWNER} keys, the most Flywheel allows: revoke an unused one before creating the
          replacement.
        </Typography>
      )}
      {present && keyRecord && risk && (
        <Typography variant="body2" color="warning.dark">
          Not proven safe to delete yet. {risk}
        </Typography>
      )}

      {dialog === 'create' && (
        <NewKeyDialog
          owner={owner}
          ownerLabel={ownerLabel}
          initialLabel={REPLACEMENT_LABEL}
          onCreated={(key) => setCreated(key)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'delete' && keyRecord && (
        <ConfirmationDialog
          action="revoke-key"
          targets={[keyRecord.id]}
          fallbackTitle={`Delete the legacy key of ${ownerLabel}`}
          confirmLabel="Delete the legacy key"
          onConfirm={async (confirmation) => {
            const outcome = await revokeKey(owner, keyRecord.id, confirmation.id);
            setDialog(null);
            void reload();
            onDeleted(outcome);
          }}
          onClose={() => setDialog(null)}
        >
          {risk ? (
            <Alert severity="warning">
              <AlertTitle>Not proven safe yet</AlertTitle>
              {risk} Delete it now only if you know nothing needs it any more.
            </Alert>
          ) : (
            <Typography>
              The legacy key {keyRecord.id} of {ownerLabel} is removed from the site. This cannot be undone.
            </Typography>
          )}
          {keyRecord.isAppKey && (
            <Alert severity="error">
              Keywarden is connected to this site with this key: deleting it disconnects Keywarden. Switch Keywarden to the new
              key on the Sites page first.
            </Alert>
          )}
        </ConfirmationDialog>
      )}
    </Stack>
  );
}
