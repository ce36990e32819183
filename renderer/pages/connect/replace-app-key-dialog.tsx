import { useMemo, useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import type { ReplacedAppKey, SiteSummary } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { DEFAULT_EXPIRY_DAYS, expiryAfterDays, expiryProblem } from '../../../shared/key-expiry.js';
import { useReplaceAppKey } from '../../api/key-admin.js';
import { Detail, Details } from '../../components/details.js';
import { DialogButtons } from '../../components/dialog-buttons.js';
import { FormDialog } from '../../components/form-dialog.js';
import { formatDateTime, formatDay } from '../../components/format.js';
import { ConfirmationDialog } from '../../components/keys/confirmation-dialog.js';
import { ExpiryPicker } from '../../components/keys/expiry-picker.js';

export interface ReplaceAppKeyDialogProps {
  readonly site: SiteSummary;
  /** The key Keywarden is connected with, as the inventory marks it. */
  readonly appKey: KeyRecord;
  readonly onClose: () => void;
}

/**
 * Replaces the key Keywarden itself uses, in the safe order main follows: a new key, Keywarden switched to it, then
 * the old key revoked, so Keywarden is never locked out. Revoking needs main's confirmation (security.md C6); the
 * new secret never leaves main. Ends with the evidence: the new key's id, and the old key gone from the site.
 */
export function ReplaceAppKeyDialog({ site, appKey, onClose }: ReplaceAppKeyDialogProps) {
  const now = useMemo(() => new Date(), []);
  const [step, setStep] = useState<'choose' | 'confirm'>('choose');
  const [expiresAt, setExpiresAt] = useState(() => expiryAfterDays(now, DEFAULT_EXPIRY_DAYS));
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<ReplacedAppKey | null>(null);
  const replace = useReplaceAppKey();
  const dateProblem = expiryProblem(expiresAt, new Date());

  if (result) return <ReplacedEvidence result={result} onClose={onClose} />;

  if (step === 'confirm') {
    return (
      <ConfirmationDialog
        action="rotate-compromised"
        targets={[appKey.id]}
        fallbackTitle={`Replace ${appKey.label}, the key of this app`}
        confirmLabel="Replace and revoke the old key"
        onConfirm={async (confirmation) => {
          setResult(await replace.mutateAsync({ id: site.id, expiresAt, confirmationId: confirmation.id }));
        }}
        onClose={() => setStep('choose')}
      >
        <Alert severity="info">
          Keywarden switches to the new key before it revokes &quot;{appKey.label}&quot;, so it stays connected to {site.name}.
          Anything else using &quot;{appKey.label}&quot; stops working.
        </Alert>
      </ConfirmationDialog>
    );
  }

  return (
    <FormDialog
      onSubmit={() => {
        setTouched(true);
        if (!dateProblem) setStep('confirm');
      }}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle>Replace this app&apos;s key</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography>
            Keywarden is connected to {site.name} with your key &quot;{appKey.label}&quot;. Replacing it, Keywarden:
          </Typography>
          <Box component="ol" sx={{ my: 0, pl: 3 }}>
            <li>creates a new key of yours, with the expiry below; its secret stays inside Keywarden,</li>
            <li>checks the new key with the site and switches to it (it is kept the way the old key was kept),</li>
            <li>revokes &quot;{appKey.label}&quot;, and shows that it is gone.</li>
          </Box>
          <Typography variant="body2" color="text.secondary">
            If Keywarden cannot switch, it keeps the old key and does not revoke it.
          </Typography>
          <ExpiryPicker value={expiresAt} onChange={setExpiresAt} now={now} error={touched ? dateProblem : null} />
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} confirmLabel="Continue" pending={false} color="error" />
    </FormDialog>
  );
}

function ReplacedEvidence({ result, onClose }: { result: ReplacedAppKey; onClose: () => void }) {
  const { newKey, oldKeyId, oldKeyLabel, oldKeyGone } = result;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Keywarden uses its new key</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {oldKeyGone === true && (
            <Alert severity="success" role="status">
              <AlertTitle>The key is replaced</AlertTitle>
              Keywarden works with the new key, and the old key is no longer among your keys on {result.site.name}.
            </Alert>
          )}
          {oldKeyGone === null && (
            <Alert severity="warning" role="status">
              The old key was revoked, but your keys could not be listed again to show it is gone. Refresh the inventory to check.
            </Alert>
          )}
          {oldKeyGone === false && (
            <Alert severity="error" role="status">
              The site still lists the old key. Revoke it on My keys.
            </Alert>
          )}
          <Details>
            <Detail term="New key">
              {newKey.label}{' '}
              <Typography component="span" variant="body2" color="text.secondary">
                (id {newKey.id})
              </Typography>
            </Detail>
            <Detail term="Expires">{formatDay(newKey.expiresAt)}</Detail>
            <Detail term="Old key">
              {oldKeyLabel}{' '}
              <Typography component="span" variant="body2" color="text.secondary">
                (id {oldKeyId})
              </Typography>
              {oldKeyGone === true ? ': revoked, gone from the site' : oldKeyGone === false ? ': still on the site' : ': revoked'}
            </Detail>
            <Detail term="Checked">{formatDateTime(result.checkedAt)}</Detail>
          </Details>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
