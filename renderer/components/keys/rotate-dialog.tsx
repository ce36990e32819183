import { DialogButtons } from '../dialog-buttons.js';
import { useMemo, useState } from 'react';
import { Alert, Checkbox, DialogContent, DialogTitle, FormControlLabel, Stack, Typography } from '@mui/material';
import type { CreatedKey, KeyOwner } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { DEFAULT_EXPIRY_DAYS, expiryAfterDays, expiryProblem } from '../../../shared/key-expiry.js';
import { rotateKey, useReloadInventory } from '../../api/inventory.js';
import { useMainAction } from '../../api/use-main-action.js';
import { FormDialog } from '../form-dialog.js';
import { ConfirmationDialog } from './confirmation-dialog.js';
import { ExpiryPicker } from './expiry-picker.js';
import { SecretDialog } from './secret-dialog.js';

export interface RotateDialogProps {
  readonly owner: KeyOwner;
  readonly ownerLabel: string;
  readonly keyRecord: KeyRecord;
  /** `oldKeyRevoked` is false after a normal rotation: the old key stays until the client has switched over. */
  readonly onClose: (outcome: { rotated: boolean; oldKeyRevoked: boolean }) => void;
}

type Step = 'choose' | 'confirm-compromised';

/**
 * Rotation as AWS teaches it: a new key now, the old one kept until the client uses the new one. A compromised
 * key is different: main revokes the old key at once, so it needs main's confirmation first (security.md C6).
 */
export function RotateDialog({ owner, ownerLabel, keyRecord, onClose }: RotateDialogProps) {
  const reload = useReloadInventory();
  const now = useMemo(() => new Date(), []);
  const [step, setStep] = useState<Step>('choose');
  const [expiresAt, setExpiresAt] = useState(() => expiryAfterDays(now, DEFAULT_EXPIRY_DAYS));
  const [compromised, setCompromised] = useState(false);
  const [touched, setTouched] = useState(false);
  const { pending, error, run } = useMainAction();
  // The new secret, held only until the secret dialog closes.
  const [result, setResult] = useState<{ created: CreatedKey; oldKeyRevoked: boolean } | null>(null);

  const dateProblem = expiryProblem(expiresAt, new Date());

  const rotate = async (confirmationId?: string) => {
    const answer = await rotateKey({ owner, keyId: keyRecord.id, expiresAt, compromised, confirmationId });
    setResult(answer);
    void reload();
  };

  const next = async () => {
    setTouched(true);
    if (dateProblem) return;
    if (compromised) {
      setStep('confirm-compromised');
      return;
    }
    await run(() => rotate());
  };

  if (result) {
    return (
      <SecretDialog
        title={`New secret for ${ownerLabel}`}
        created={result.created}
        onClose={() => {
          const { oldKeyRevoked } = result;
          setResult(null);
          onClose({ rotated: true, oldKeyRevoked });
        }}
      />
    );
  }

  if (step === 'confirm-compromised') {
    return (
      <ConfirmationDialog
        action="rotate-compromised"
        targets={[keyRecord.id]}
        fallbackTitle={`Replace the compromised key ${keyRecord.label}`}
        confirmLabel="Rotate and revoke now"
        onConfirm={(confirmation) => rotate(confirmation.id)}
        onClose={() => setStep('choose')}
      />
    );
  }

  return (
    <FormDialog
      onSubmit={() => void next()}
      canSubmit={!pending}
      onClose={pending ? undefined : () => onClose({ rotated: false, oldKeyRevoked: false })}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle>Rotate {keyRecord.label}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {compromised ? (
            <Typography>
              A new key for {ownerLabel} is created and its secret shown once. The old key is revoked at once, without waiting for
              the client to switch: anything still using the old key is rejected until it is switched to the new one.
            </Typography>
          ) : (
            <Typography>
              A new key for {ownerLabel} is created and its secret shown once. The old key keeps working until you revoke it:
              switch the client to the new key, then revoke the old key once its last use stops changing.
            </Typography>
          )}
          <ExpiryPicker
            value={expiresAt}
            onChange={setExpiresAt}
            now={now}
            error={touched ? dateProblem : null}
            disabled={pending}
          />
          <FormControlLabel
            control={<Checkbox checked={compromised} onChange={(e) => setCompromised(e.target.checked)} disabled={pending} />}
            label="The key is compromised: revoke the old key at once"
          />
          {error && <Alert severity="error">{error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons
        onCancel={() => onClose({ rotated: false, oldKeyRevoked: false })}
        confirmLabel={compromised ? 'Continue' : 'Rotate key'}
        pending={pending}
        color={compromised ? 'error' : 'primary'}
      />
    </FormDialog>
  );
}
