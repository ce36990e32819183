import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { KeyOwner } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { KeyTable } from './key-table.js';
import { useOwnerKeySelection } from './owner-key-selection.js';
import { NewKeyDialog } from './new-key-dialog.js';
import { RevokeDialog } from './revoke-dialog.js';
import { RotateDialog } from './rotate-dialog.js';

/** Flywheel allows up to five keys per owner (design.md), which is what makes a rotation overlap possible. */
export const MAX_KEYS_PER_OWNER = 5;

export interface OwnerKeysProps {
  readonly owner: KeyOwner;
  readonly ownerLabel: string;
  readonly keys: readonly KeyRecord[];
  readonly readOnly: boolean;
  /** `replacing` is the key Keywarden uses when the new key was created as the first step of replacing it. */
  readonly onKeyCreated?: (key: KeyRecord, replacing: KeyRecord | null) => void;
  /** The key a notification opened, highlighted in the table. */
  readonly highlightKeyId?: string;
}

type OpenDialog =
  { kind: 'new'; replacing?: KeyRecord } | { kind: 'rotate'; key: KeyRecord } | { kind: 'revoke'; key: KeyRecord } | null;

/**
 * What the last action did. A notice about a rotation whose old key still works is the next step of that
 * rotation: it goes once the old key is gone (revoked here or elsewhere). Every notice goes when another action starts.
 */
interface Notice {
  readonly text: string;
  readonly untilGone?: string;
}

/** An owner's keys with New key, Rotate and Revoke: the same for a device and for the admin's own keys. */
export function OwnerKeys({ owner, ownerLabel, keys, readOnly, onKeyCreated, highlightKeyId }: OwnerKeysProps) {
  const [dialog, setDialogState] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const full = keys.length >= MAX_KEYS_PER_OWNER;
  const close = () => setDialogState(null);
  const setDialog = (next: OpenDialog) => {
    setNotice(null);
    setDialogState(next);
  };
  // A revoked key's row goes once the inventory is reloaded, and with it the Revoke button that opened the dialog
  // and had the focus back: the focus would fall to the page's start. It goes to New key (or the Keys heading); so
  // too after a bulk action, whose bar goes with the selection.
  const newKeyButton = useRef<HTMLButtonElement | null>(null);
  const keysHeading = useRef<HTMLHeadingElement | null>(null);
  const keysStart = () => {
    const button = newKeyButton.current;
    return button && !button.disabled ? button : keysHeading.current;
  };
  // Keys selected for a bulk revoke or rotation.
  const bulk = useOwnerKeySelection(owner, ownerLabel, keys, readOnly, keysStart);
  const shownNotice = notice?.untilGone && !keys.some((key) => key.id === notice.untilGone) ? null : notice;
  const revokedId = useRef<string | null>(null);
  useEffect(() => {
    const gone = revokedId.current;
    if (gone === null || keys.some((key) => key.id === gone)) return;
    revokedId.current = null;
    const focused = document.activeElement;
    if (focused !== null && focused !== document.body && focused.isConnected) return;
    keysStart()?.focus();
    // keysStart reads refs only: the keys are what changes.
  }, [keys]);

  return (
    <Stack spacing={1.5}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6" component="h2" ref={keysHeading} tabIndex={-1} sx={{ flexGrow: 1 }}>
          Keys
        </Typography>
        <Button
          ref={newKeyButton}
          variant="contained"
          startIcon={<AddIcon aria-hidden />}
          onClick={() => setDialog({ kind: 'new' })}
          disabled={readOnly || full}
        >
          New key
        </Button>
      </Box>
      {full && !readOnly && (
        <Typography variant="body2" color="text.secondary">
          {ownerLabel} has {MAX_KEYS_PER_OWNER} keys, the most Flywheel allows: revoke one before creating another.
        </Typography>
      )}
      {shownNotice && (
        <Alert severity="info" role="status" onClose={() => setNotice(null)}>
          {shownNotice.text}
        </Alert>
      )}
      {bulk.bar}
      <KeyTable
        ariaLabel={`Keys of ${ownerLabel}`}
        keys={keys}
        readOnly={readOnly}
        selection={bulk.selection}
        onRotate={(key) => setDialog({ kind: 'rotate', key })}
        onRevoke={(key) => setDialog({ kind: 'revoke', key })}
        highlightKeyId={highlightKeyId}
      />

      {dialog?.kind === 'new' && (
        <NewKeyDialog
          owner={owner}
          ownerLabel={ownerLabel}
          onClose={close}
          onCreated={(key) => onKeyCreated?.(key, dialog.replacing ?? null)}
          onRotateInstead={(key) => setDialog({ kind: 'rotate', key })}
        />
      )}
      {dialog?.kind === 'rotate' && (
        <RotateDialog
          owner={owner}
          ownerLabel={ownerLabel}
          keyRecord={dialog.key}
          onClose={({ rotated, oldKeyRevoked }) => {
            if (rotated) {
              setNotice(
                oldKeyRevoked
                  ? { text: `${dialog.key.label} is revoked and replaced by the new key.` }
                  : {
                      text: `${dialog.key.label} still works. Give ${ownerLabel} the new key, then revoke the old key once its last use stops changing.`,
                      untilGone: dialog.key.id,
                    },
              );
            }
            close();
          }}
        />
      )}
      {dialog?.kind === 'revoke' && (
        <RevokeDialog
          owner={owner}
          keyRecord={dialog.key}
          onClose={close}
          onRevoked={({ alreadyGone }) => {
            revokedId.current = dialog.key.id;
            setNotice({
              text: alreadyGone ? `${dialog.key.label} was already gone from the site.` : `${dialog.key.label} is revoked.`,
            });
            close();
          }}
          onCreateNewKey={dialog.key.isAppKey ? () => setDialog({ kind: 'new', replacing: dialog.key }) : undefined}
        />
      )}
    </Stack>
  );
}
