import { DialogButtons } from '../dialog-buttons.js';
import { useMemo, useState } from 'react';
import { Alert, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { FormDialog } from '../form-dialog.js';
import type { CreatedKey, KeyOwner } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { DEFAULT_EXPIRY_DAYS, expiryAfterDays, expiryProblem } from '../../../shared/key-expiry.js';
import { createKey, useReloadInventory } from '../../api/inventory.js';
import { useMainAction } from '../../api/use-main-action.js';
import { ExpiryPicker } from './expiry-picker.js';
import { SecretDialog } from './secret-dialog.js';

export interface NewKeyDialogProps {
  readonly owner: KeyOwner;
  /** The device's label or the admin's name, so the dialog says whose key it creates. */
  readonly ownerLabel: string;
  readonly onClose: () => void;
  readonly onCreated?: (key: KeyRecord) => void;
  readonly onRotateInstead?: (key: KeyRecord) => void;
  /** A label to start from, e.g. "Replaces legacy key" in the migration's guided swap. */
  readonly initialLabel?: string;
}

const MAX_LABEL = 200;

/** Creates a key with a label and a required expiry (30 days unless changed), then shows its secret once. */
export function NewKeyDialog({ owner, ownerLabel, onClose, onCreated, onRotateInstead, initialLabel }: NewKeyDialogProps) {
  const reload = useReloadInventory();
  const now = useMemo(() => new Date(), []);
  const [label, setLabel] = useState(initialLabel ?? '');
  const [expiresAt, setExpiresAt] = useState(() => expiryAfterDays(now, DEFAULT_EXPIRY_DAYS));
  const [touched, setTouched] = useState(false);
  const { pending, error, run } = useMainAction();
  // The secret lives here only, until the secret dialog closes (never in react-query: see renderer/api/inventory.ts).
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const labelProblem = label.trim() === '' ? 'Enter a label, e.g. where the key is used.' : null;
  const dateProblem = expiryProblem(expiresAt, new Date());

  const submit = async () => {
    setTouched(true);
    if (labelProblem || dateProblem) return;
    const answer = await run(() => createKey(owner, label.trim(), expiresAt));
    if (!answer) return;
    setCreated(answer);
    onCreated?.(answer.key);
    void reload();
  };

  if (created) {
    return (
      <SecretDialog
        title={`New key for ${ownerLabel}`}
        created={created}
        onClose={() => {
          setCreated(null);
          onClose();
        }}
        onRotateInstead={onRotateInstead}
      />
    );
  }

  return (
    <FormDialog
      onSubmit={() => void submit()}
      canSubmit={!pending}
      onClose={pending ? undefined : onClose}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle>New key for {ownerLabel}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            label="Label"
            required
            autoFocus
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            disabled={pending}
            error={touched && Boolean(labelProblem)}
            helperText={(touched && labelProblem) || 'Names the key in lists and notifications.'}
            slotProps={{ htmlInput: { maxLength: MAX_LABEL } }}
          />
          <ExpiryPicker
            value={expiresAt}
            onChange={setExpiresAt}
            now={now}
            error={touched ? dateProblem : null}
            disabled={pending}
          />
          {error && <Alert severity="error">{error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} confirmLabel="Create key" pending={pending} />
    </FormDialog>
  );
}
