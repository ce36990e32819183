import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  IconButton,
  Stack,
  Typography,
} from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import type { CreatedKey } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { copySecret, discardSecret } from '../../api/inventory.js';
import { toKeyAdminError, type KeyAdminError } from '../../api/key-admin.js';

export interface SecretDialogProps {
  readonly title: string;
  /** The create answer; its secret lives only in the caller's state and must be dropped on `onClose`. */
  readonly created: CreatedKey;
  readonly onClose: () => void;
  /** Offered when the key was adopted (its secret was lost): rotate it to get a secret. */
  readonly onRotateInstead?: (key: KeyRecord) => void;
}

const MASK = '•'.repeat(32);

/**
 * Shows a new key's secret once (security.md B). The secret is masked until revealed and is never written into
 * the DOM while masked; main copies it (and clears the clipboard). Closing loses it for good, so the admin confirms.
 */
export function SecretDialog({ title, created, onClose, onRotateInstead }: SecretDialogProps) {
  const [shown, setShown] = useState(false);
  const [closing, setClosing] = useState(false);
  // After "Back to the secret", focus returns to Close (the pressed button is gone), so Escape still works.
  const [askedToClose, setAskedToClose] = useState(false);
  const [stored, setStored] = useState(false);
  const [clearsAfter, setClearsAfter] = useState<number | null>(null);
  const [error, setError] = useState<KeyAdminError | null>(null);
  const { secret, secretHandle } = created;

  const close = () => {
    // Main forgets the secret too; a failure here changes nothing for the admin (main drops it on quit anyway).
    if (secretHandle) discardSecret(secretHandle).catch(() => undefined);
    onClose();
  };
  const askToClose = () => {
    if (!secret) return close();
    setClosing(true);
    setAskedToClose(true);
  };

  const copy = async () => {
    if (!secretHandle) return;
    setError(null);
    try {
      const answer = await copySecret(secretHandle);
      setClearsAfter(answer.clearsAfterSeconds);
    } catch (e) {
      setError(toKeyAdminError(e));
    }
  };

  return (
    <Dialog open onClose={askToClose} maxWidth="sm" fullWidth>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Typography>
            Key <strong>{created.key.label}</strong> (id {created.key.id}) is created.
          </Typography>
          {created.adopted || !secret ? (
            <Alert severity="warning">
              The site created this key, but its answer was lost on the way, so its secret cannot be shown. Rotate the key to get
              a new secret; the rotation replaces this key.
            </Alert>
          ) : (
            <>
              <Alert severity="info">
                This is the only time the secret is shown. Store it now (for example in the device&apos;s configuration); closing
                this dialog loses it for good.
              </Alert>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                <Box
                  component="code"
                  aria-label={shown ? 'Secret' : 'Secret (hidden)'}
                  sx={{
                    flexGrow: 1,
                    p: 1,
                    borderRadius: 1,
                    bgcolor: 'action.hover',
                    fontFamily: 'monospace',
                    wordBreak: 'break-all',
                  }}
                >
                  {shown ? secret : MASK}
                </Box>
                <IconButton aria-label={shown ? 'Hide secret' : 'Show secret'} onClick={() => setShown((s) => !s)}>
                  {shown ? <VisibilityOffIcon /> : <VisibilityIcon />}
                </IconButton>
                <Button variant="outlined" startIcon={<ContentCopyIcon aria-hidden />} onClick={copy} disabled={!secretHandle}>
                  Copy
                </Button>
              </Box>
              {clearsAfter !== null && (
                <Alert severity="success" role="status">
                  Copied; the clipboard is cleared in {clearsAfter} s.
                </Alert>
              )}
            </>
          )}
          {error && <Alert severity="error">{error.message}</Alert>}
          {closing && (
            <Alert severity="warning">
              <Typography sx={{ mb: 1 }}>
                Keywarden cannot show this secret again. Close only once you have stored the key.
              </Typography>
              <FormControlLabel
                control={<Checkbox autoFocus checked={stored} onChange={(e) => setStored(e.target.checked)} />}
                label="I have stored the key"
              />
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {created.adopted && onRotateInstead && <Button onClick={() => onRotateInstead(created.key)}>Rotate instead</Button>}
        {closing ? (
          <>
            <Button onClick={() => setClosing(false)}>Back to the secret</Button>
            <Button color="error" variant="contained" disabled={!stored} onClick={close}>
              Close and lose the secret
            </Button>
          </>
        ) : (
          <Button variant="contained" onClick={askToClose} autoFocus={askedToClose}>
            Close
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
