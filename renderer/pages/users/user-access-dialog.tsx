/**
 * Disabling or enabling a user, confirmed: main's confirmation (issued for exactly this user) says what happens, in
 * main's own words: for a disable, which keys are rejected and that their scripts and web login stop; for an enable,
 * which keys work again. The admin reads it before the action is carried out.
 */
import { Alert, Button, DialogActions, DialogContent, DialogContentText, DialogTitle, List, ListItem } from '@mui/material';
import type { Confirmation } from '../../../shared/ipc-contract.js';
import { FormDialog } from '../../components/form-dialog.js';

export interface UserAccessDialogProps {
  /** Main's confirmation for 'disable-user' or 'enable-user'; the dialog is open while there is one. */
  readonly confirmation: Confirmation | null;
  readonly pending: boolean;
  readonly error: string | null;
  readonly onConfirm: (confirmation: Confirmation) => void;
  readonly onCancel: () => void;
}

export function UserAccessDialog({ confirmation, pending, error, onConfirm, onCancel }: UserAccessDialogProps) {
  const disabling = confirmation?.action === 'disable-user';
  const verb = disabling ? 'Disable user' : 'Enable user';
  return (
    <FormDialog
      open={confirmation !== null}
      onSubmit={() => confirmation && onConfirm(confirmation)}
      canSubmit={!pending && confirmation !== null}
      onClose={onCancel}
      aria-labelledby="user-access-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="user-access-title">{confirmation?.title ?? verb}</DialogTitle>
      <DialogContent>
        {confirmation && confirmation.lines.length > 0 ? (
          <>
            <DialogContentText>{disabling ? 'What stops working:' : 'After enabling:'}</DialogContentText>
            <List dense aria-label={disabling ? 'What disabling does' : 'What enabling does'}>
              {confirmation.lines.map((line, index) => (
                <ListItem key={index}>{line}</ListItem>
              ))}
            </List>
          </>
        ) : (
          <DialogContentText>
            {disabling
              ? 'Every key of this user is rejected from then on, and their scripts and web login stop.'
              : 'No key comes back to life: this user has no keys the site shows.'}
          </DialogContentText>
        )}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          variant="contained"
          color={disabling ? 'error' : 'warning'}
          disabled={pending || confirmation === null}
        >
          {verb}
        </Button>
      </DialogActions>
    </FormDialog>
  );
}
