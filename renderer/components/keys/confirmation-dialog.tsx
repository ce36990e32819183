import { DialogButtons } from '../dialog-buttons.js';
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, CircularProgress, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import type { Confirmation, ConfirmedAction } from '../../../shared/ipc-contract.js';
import { requestConfirmation } from '../../api/inventory.js';
import { toKeyAdminError, type KeyAdminError } from '../../api/key-admin.js';
import { FormDialog } from '../form-dialog.js';

export interface ConfirmationDialogProps {
  readonly action: ConfirmedAction;
  readonly targets: readonly string[];
  /** Shown until main's confirmation (with its own title) arrives. */
  readonly fallbackTitle: string;
  readonly confirmLabel: string;
  /** Red for what cannot be undone; disabling stops things but can be undone; enabling is weighty but not destructive. */
  readonly confirmColor?: 'error' | 'warning' | 'primary';
  /** Introduces main's lines, e.g. "What stops working:" (never a heading that main's own first line repeats). */
  readonly linesIntro?: string;
  /**
   * Does the action with main's confirmation id and, for a device delete, the label the admin typed (main checks it
   * again against the site's label); a thrown error is shown in the dialog.
   */
  readonly onConfirm: (confirmation: Confirmation, typed: string) => Promise<void>;
  readonly onClose: () => void;
  readonly children?: ReactNode;
}

/**
 * A destructive or access-changing action needs a confirmation that main issued for exactly these ids (security.md
 * C6). The dialog asks main for it, shows main's own words (title, one line per consequence), and, for a device
 * delete, makes the admin type the label first. This is the first, richer step: in the desktop app main then asks
 * once more with a native dialog of its own before it acts.
 */
export function ConfirmationDialog(props: ConfirmationDialogProps) {
  const {
    action,
    targets,
    fallbackTitle,
    confirmLabel,
    confirmColor = 'error',
    linesIntro,
    onConfirm,
    onClose,
    children,
  } = props;
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [error, setError] = useState<KeyAdminError | null>(null);
  const [pending, setPending] = useState(false);
  const [typed, setTyped] = useState('');
  // Main spends its confirmation when the action arrives, whatever happens next (the admin's "no" in main's own
  // dialog, a refusal from the site): after a failure a fresh one lets the admin try again.
  const [round, setRound] = useState(0);
  const targetList = targets.join('\n');

  useEffect(() => {
    let current = true;
    requestConfirmation(action, targetList.split('\n')).then(
      (answer) => current && setConfirmation(answer),
      (e: unknown) => current && setError(toKeyAdminError(e)),
    );
    return () => {
      current = false;
    };
  }, [action, targetList, round]);

  const mustType = confirmation?.typeToConfirm ?? null;
  const ready = confirmation !== null && !pending && (mustType === null || typed === mustType);

  const confirm = async () => {
    if (!confirmation) return;
    setPending(true);
    setError(null);
    try {
      await onConfirm(confirmation, typed);
    } catch (e) {
      setError(toKeyAdminError(e));
      setPending(false);
      setRound((value) => value + 1);
    }
  };

  return (
    // Enter in the typed label confirms, once it matches (the button is enabled only then).
    <FormDialog onSubmit={() => void confirm()} canSubmit={ready} onClose={pending ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{confirmation?.title ?? fallbackTitle}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          {children}
          {!confirmation && !error && (
            <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <CircularProgress size={20} aria-hidden />
              <Typography>Checking with Keywarden…</Typography>
            </Box>
          )}
          {confirmation && confirmation.lines.length > 0 && (
            <Box>
              {linesIntro && <Typography>{linesIntro}</Typography>}
              <Box component="ul" aria-label="What will happen" sx={{ my: 0.5, pl: 3 }}>
                {confirmation.lines.map((line, index) => (
                  <Typography component="li" key={index}>
                    {line}
                  </Typography>
                ))}
              </Box>
            </Box>
          )}
          {mustType !== null && (
            <TextField
              label={`Type "${mustType}" to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              disabled={pending}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
          )}
          {error && <Alert severity="error">{error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} confirmLabel={confirmLabel} pending={pending} disabled={!ready} color={confirmColor} />
    </FormDialog>
  );
}
